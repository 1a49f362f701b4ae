//! Process-wide state the sandbox depends on and the host can disturb:
//! `fork()`, the trap signal handlers, and the address space left.
//! No Wasmtime calls here (they stay in `sandbox/`).
//!
//! - fork: a `pthread_atfork` prepare handler waits until no thread is inside
//!   a [`section`] (creating an extractor, a call, freeing an extractor: all
//!   that takes Wasmtime's process-wide locks, such as its code registry), so
//!   a child never inherits a lock held by a thread that does not exist in
//!   it. The lock prefers the writer: a waiting fork holds back new sections,
//!   so it waits at most for the calls in progress (their `timeout_ms`). The child
//!   handler counts the fork ([`fork_generation`]), which restarts the epoch
//!   ticker on the child's next call and makes its compilations serial
//!   ([`forked`]): the compiler's worker threads do not survive a fork.
//! - signals: Wasmtime turns guest traps into errors with its SIGSEGV / SIGILL
//!   / SIGFPE (/ SIGBUS) handlers. [`record_trap_handlers`] notes them when
//!   the first engine exists; [`check_trap_handlers`] refuses to run guest
//!   code once the host has replaced one of them, since the next trap would
//!   then reach the host's handler (or kill the process).

use crate::error::{Error, Result};
use crate::status::RxStatus;
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Once, OnceLock};

/// A pthread rwlock usable from `pthread_atfork` handlers (std's locks
/// cannot be released or re-initialised in the child).
struct ForkLock(UnsafeCell<libc::pthread_rwlock_t>);

// SAFETY: the lock is only used through the pthread functions, which are
// thread-safe.
unsafe impl Sync for ForkLock {}

static FORK_LOCK: ForkLock = ForkLock(UnsafeCell::new(libc::PTHREAD_RWLOCK_INITIALIZER));
/// `FORK_LOCK` as initialised, unlocked: copied over it in a child.
static PRISTINE: ForkLock = ForkLock(UnsafeCell::new(libc::PTHREAD_RWLOCK_INITIALIZER));
static FORKS: AtomicU64 = AtomicU64::new(0);
static FORKED: AtomicBool = AtomicBool::new(false);
static ATFORK: Once = Once::new();

extern "C" fn before_fork() {
    // SAFETY: a valid, initialised rwlock; released by the handlers below.
    unsafe { libc::pthread_rwlock_wrlock(FORK_LOCK.0.get()) };
}

extern "C" fn after_fork_parent() {
    // SAFETY: write-locked by `before_fork` on this thread.
    unsafe { libc::pthread_rwlock_unlock(FORK_LOCK.0.get()) };
}

extern "C" fn after_fork_child() {
    // Only async-signal-safe work here: plain stores.
    // SAFETY: the child has one thread, which is in this handler; nothing
    // else can use the lock while it is re-initialised.
    unsafe { FORK_LOCK.0.get().write(PRISTINE.0.get().read()) };
    FORKED.store(true, Ordering::SeqCst);
    FORKS.fetch_add(1, Ordering::SeqCst);
}

/// Registers the fork handlers (once per process, before the first engine).
pub fn register_fork_handlers() {
    ATFORK.call_once(|| {
        // SAFETY: the lock is not in use yet (this runs before the first
        // section); the attribute object is initialised and destroyed here.
        unsafe {
            let mut attr: libc::pthread_rwlockattr_t = std::mem::zeroed();
            libc::pthread_rwlockattr_init(&mut attr);
            // glibc's PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP (its
            // default prefers readers, and a fork could wait forever).
            #[cfg(target_env = "gnu")]
            libc::pthread_rwlockattr_setkind_np(&mut attr, 2);
            libc::pthread_rwlock_init(FORK_LOCK.0.get(), &attr);
            libc::pthread_rwlockattr_destroy(&mut attr);
            PRISTINE.0.get().write(FORK_LOCK.0.get().read());
        }
        // SAFETY: the handlers are `extern "C"` functions with no arguments
        // that stay valid for the life of the process.
        let r = unsafe {
            libc::pthread_atfork(Some(before_fork), Some(after_fork_parent), Some(after_fork_child))
        };
        if r != 0 {
            eprintln!("riptide-extractor: pthread_atfork failed ({r}); fork() after creating an extractor is unsafe");
        }
    });
}

thread_local! {
    /// Sections this thread is inside (only the outermost takes the lock:
    /// a writer-preferring lock must not be read-locked twice by a thread).
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Held while a thread uses Wasmtime's process-wide state (creating or
/// freeing an extractor, a call): `fork()` waits for it to be dropped.
pub struct Section(());

impl Drop for Section {
    fn drop(&mut self) {
        let depth = DEPTH.with(|d| {
            d.set(d.get() - 1);
            d.get()
        });
        if depth == 0 {
            // SAFETY: read-locked by the outermost `section` of this thread.
            unsafe { libc::pthread_rwlock_unlock(FORK_LOCK.0.get()) };
        }
    }
}

/// Enters a [`Section`] (re-entrant).
pub fn section() -> Section {
    register_fork_handlers();
    let outermost = DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get() == 1
    });
    if outermost {
        // SAFETY: a valid, initialised rwlock.
        unsafe { libc::pthread_rwlock_rdlock(FORK_LOCK.0.get()) };
    }
    Section(())
}

/// How many forks this process descends from since the library registered
/// its handlers (0 in the original process).
pub fn fork_generation() -> u64 {
    FORKS.load(Ordering::SeqCst)
}

/// Whether this process is a fork of one that used the library: compiling
/// must then not rely on worker threads created before the fork.
pub fn forked() -> bool {
    FORKED.load(Ordering::Relaxed)
}

/// The signals Wasmtime may install a trap handler for.
const TRAP_SIGNALS: [(libc::c_int, &str); 4] = [
    (libc::SIGSEGV, "SIGSEGV"),
    (libc::SIGILL, "SIGILL"),
    (libc::SIGFPE, "SIGFPE"),
    (libc::SIGBUS, "SIGBUS"),
];

/// The trap handlers found after the first engine was created: signal,
/// name, handler address.
static TRAP_HANDLERS: OnceLock<Vec<(libc::c_int, &'static str, usize)>> = OnceLock::new();

fn current_handler(signal: libc::c_int) -> usize {
    // SAFETY: a query only (no new action); `old` is a valid out-parameter.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(signal, std::ptr::null(), &mut old) != 0 {
            return libc::SIG_DFL;
        }
        old.sa_sigaction
    }
}

/// Notes the engine's trap handlers: the handler of SIGSEGV and every other
/// trap signal that has the same one. Called after the first engine is
/// created (Wasmtime installs them then, once per process).
pub fn record_trap_handlers() {
    TRAP_HANDLERS.get_or_init(|| {
        let segv = current_handler(libc::SIGSEGV);
        if segv == libc::SIG_DFL || segv == libc::SIG_IGN {
            return Vec::new();
        }
        TRAP_SIGNALS
            .iter()
            .filter(|(signal, _)| current_handler(*signal) == segv)
            .map(|&(signal, name)| (signal, name, segv))
            .collect()
    });
}

/// `SignalHandlers` when a trap handler noted by [`record_trap_handlers`]
/// is no longer installed (the host replaced it): guest code must not run.
pub fn check_trap_handlers() -> Result<()> {
    let Some(handlers) = TRAP_HANDLERS.get() else {
        return Ok(());
    };
    for &(signal, name, handler) in handlers {
        if current_handler(signal) != handler {
            return Err(Error::new(
                RxStatus::SignalHandlers,
                format!(
                    "the {name} handler the library installed when its first extractor was created \
                     has been replaced, so a trap in guest code would reach the host's handler or \
                     kill the process; the guest was not run. Install your own handlers before \
                     the first extractor is created (the library then passes faults outside guest \
                     code on to them), or make a later handler call the one it replaced with the \
                     same siginfo and context and create the extractor with \
                     \"signal_check\": false"
                ),
            ));
        }
    }
    Ok(())
}

/// Whether `bytes` of address space can be mapped now: reserves them
/// (inaccessible, nothing committed) and releases them at once.
pub fn address_space_available(bytes: usize) -> std::io::Result<()> {
    // SAFETY: a fresh private anonymous mapping, unmapped before returning.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            bytes,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        libc::munmap(p, bytes);
    }
    Ok(())
}

/// The soft `RLIMIT_AS` of this process, in bytes, when there is one.
pub fn address_space_limit() -> Option<u64> {
    // SAFETY: `r` is a valid out-parameter.
    unsafe {
        let mut r: libc::rlimit = std::mem::zeroed();
        (libc::getrlimit(libc::RLIMIT_AS, &mut r) == 0 && r.rlim_cur != libc::RLIM_INFINITY)
            .then_some(r.rlim_cur as u64)
    }
}
