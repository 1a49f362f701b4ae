//! Running guest calls on a stack with room for them: the calling thread's
//! when it has enough left, else a helper thread's. (Not Wasmtime code: the
//! sandbox calls it around every guest call.)

use crate::error::{Error, Result};
use crate::status::RxStatus;

/// Native stack a guest call needs: Wasmtime's `max_wasm_stack` (512 KiB by
/// default) for wasm frames plus room for host frames (WASI calls, lifting
/// results, trap handling).
const STACK_NEEDED: usize = 1 << 20;
/// Stack of the helper thread used when the caller's thread has less.
const HELPER_STACK: usize = 8 << 20;

/// Runs `f` here when the current thread has at least `STACK_NEEDED` bytes of
/// stack left, else on a scoped helper thread with an 8 MiB stack. Callers on
/// small stacks (128 KiB pthreads, some green-thread runtimes) thus get a
/// working extraction instead of a stack overflow in the host.
pub(crate) fn run_with_stack<R: Send>(f: impl FnOnce() -> Result<R> + Send) -> Result<R> {
    match remaining_stack() {
        Some(left) if left < STACK_NEEDED => std::thread::scope(|scope| {
            let spawned = std::thread::Builder::new()
                .name("rx-guest".into())
                .stack_size(HELPER_STACK)
                .spawn_scoped(scope, f);
            match spawned {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(e) => Err(Error::new(
                    RxStatus::Internal,
                    format!("the calling thread's stack is too small and no helper thread could be started: {e}"),
                )),
            }
        }),
        _ => f(),
    }
}

/// Bytes of stack left below the current frame, when the platform tells.
fn remaining_stack() -> Option<usize> {
    thread_local! {
        static STACK_LOW: std::cell::Cell<Option<Option<usize>>> = const { std::cell::Cell::new(None) };
    }
    let low = STACK_LOW.with(|cell| match cell.get() {
        Some(low) => low,
        None => {
            let low = stack_low_address();
            cell.set(Some(low));
            low
        }
    })?;
    let here = 0u8;
    (std::ptr::addr_of!(here) as usize).checked_sub(low)
}

/// The lowest address of the current thread's stack (glibc: cheap for
/// threads, reads /proc/self/maps for the main thread, so it is cached).
#[cfg(target_os = "linux")]
fn stack_low_address() -> Option<usize> {
    // SAFETY: plain libc queries on the current thread with a zeroed,
    // initialised-by-callee attribute object that is destroyed afterwards.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let r = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (r == 0 && !addr.is_null()).then_some(addr as usize)
    }
}

#[cfg(not(target_os = "linux"))]
fn stack_low_address() -> Option<usize> {
    None
}
