//! Every Wasmtime call of the library lives in this module, so the Wasmtime
//! version is one place to change.
//!
//! Design:
//! - One `Engine` per process and per (fuel, instance allocator, address
//!   space) setting (all engine options), each with one `Linker` holding WASI
//!   p2. A single ticker thread advances the engines' epochs every `TICK`; at
//!   each tick a running guest checks the wall clock against its call's
//!   deadline. After a `fork()` the child's first call starts its own ticker.
//! - Only successes are kept process-wide (engines, the compiled embedded
//!   component): a failure (e.g. no address space left) is retried by the
//!   next extractor created.
//! - A `Sandbox` is a type-checked, pre-linked component (`ExtractorPre`).
//!   It is `Send + Sync` and shared by every thread using an extractor.
//! - Every call gets a fresh `Store` and instance: no state can leak from one
//!   page to the next, and an instance that hit a limit or trapped is simply
//!   dropped with its store.
//! - The guest is linked only the WASI it needs (`wasi.rs`): no filesystem,
//!   no network, no environment, no arguments, a closed stdin, a discarded
//!   stdout, a small captured stderr (for panic messages), a wall clock
//!   frozen at the Unix epoch, a capped number of resource-table entries and
//!   clock pollables that never wait past the call's deadline.
//! - Results are copied out of guest memory against `max_output_bytes`
//!   (`output.rs`).

mod output;
mod wasi;

use crate::cache;
use crate::config::{ExtractOptions, Favor, Mode};
use crate::content::{ComponentInfo, ExtractedContent, ExtractionStats, HealthStatus};
use crate::error::{Error, Result};
use crate::process;
use crate::status::RxStatus;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use wasmtime::component::{
    Component, ComponentExportIndex, ComponentNamedList, Instance, InstancePre, Lift, Linker,
    Lower, ResourceTable,
};
use wasmtime::{Engine, ResourceLimiter, Store, Trap, UpdateDeadline};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

pub(crate) use output::OutputTooLarge;
use output::{Reader, Take};

// The generated types are used; its `Extractor*` call wrappers are not
// (results are lifted lazily, see `output.rs`).
#[allow(dead_code)]
mod wit_bindings {
    wasmtime::component::bindgen!({
        world: "extractor",
        path: "wit/extractor.wit",
    });
}

/// The optional `configure` export (world `extractor-options`): its options
/// record, and the check that a component's export has its type.
#[allow(dead_code)]
mod options_bindings {
    wasmtime::component::bindgen!({
        world: "extractor-options",
        path: "wit/extractor.wit",
    });
}

use options_bindings::{ExtractOptions as WitOptions, ExtractorOptionsPre, Favor as WitFavor};
use wit_bindings::{ExtractionMode, ExtractorPre};

/// The Wasmtime version this build links.
#[cfg(not(feature = "wasmtime-lts"))]
pub const WASMTIME_VERSION: &str = "37.0.3";
#[cfg(feature = "wasmtime-lts")]
pub const WASMTIME_VERSION: &str = "36.0.20";

/// Epoch tick: the resolution of execution deadlines.
const TICK: Duration = Duration::from_millis(5);
/// Captured guest stderr per call (panic messages), at most.
const STDERR_CAPACITY: usize = 4096;
/// Table elements a guest may grow to.
const MAX_TABLE_ELEMENTS: usize = 100_000;

/// The embedded default extractor component, built from `guest/`.
static DEFAULT_COMPONENT: &[u8] = include_bytes!(env!("RX_DEFAULT_COMPONENT"));

/// The limits applied to every call of a sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_memory_bytes: u64,
    pub timeout: Duration,
    pub fuel: Option<u64>,
    /// The pooling instance allocator instead of on-demand allocation.
    pub pooling: bool,
    /// Most bytes a result may cost the host (see `output.rs`).
    pub max_output_bytes: u64,
    /// Most live WASI resource-table entries of one call.
    pub max_wasi_resources: u32,
    /// Compact address-space reservations (`"address_space": "compact"`).
    pub compact: bool,
    /// Refuse to run guest code when the trap signal handlers were replaced.
    pub signal_check: bool,
}

impl Limits {
    /// The index of the engine these limits need in `RUNTIMES`.
    fn engine_index(&self) -> usize {
        usize::from(self.fuel.is_some())
            | usize::from(self.pooling) << 1
            | usize::from(self.compact) << 2
    }
}

/// Where a component comes from.
pub enum ComponentSource<'a> {
    Embedded,
    File(&'a Path),
    Bytes(&'a [u8]),
}

struct Runtime {
    engine: Engine,
    /// The engine's configuration (to build a serial twin after a fork).
    config: wasmtime::Config,
    linker: Linker<HostState>,
    /// The compiled embedded component, without / with pre-initialisation
    /// (set once it loaded, and with pre-initialisation only once that worked).
    embedded: [OnceLock<(Component, Preinit)>; 2],
}

/// The runtimes, indexed by `Limits::engine_index`.
static RUNTIMES: [OnceLock<Runtime>; 8] = [const { OnceLock::new() }; 8];
/// Serialises the creation of runtimes and the first load of the embedded
/// component (so they happen once), without caching a failure.
static INIT: Mutex<()> = Mutex::new(());
/// The fork generation (`process::fork_generation`) whose process runs the
/// ticker; `u64::MAX` before it first starts.
static TICKER_GENERATION: AtomicU64 = AtomicU64::new(u64::MAX);

/// Concurrent instances the pooling allocator reserves room for.
const POOL_INSTANCES: u32 = 1000;

fn init_lock() -> std::sync::MutexGuard<'static, ()> {
    INIT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn runtime(limits: &Limits) -> Result<&'static Runtime> {
    let cell = &RUNTIMES[limits.engine_index()];
    let rt = match cell.get() {
        Some(rt) => rt,
        None => {
            let _init = init_lock();
            match cell.get() {
                Some(rt) => rt,
                None => {
                    let rt = new_runtime(limits)?;
                    process::record_trap_handlers();
                    cell.get_or_init(|| rt)
                }
            }
        }
    };
    ensure_ticker();
    Ok(rt)
}

/// Starts the epoch ticker thread if this process (the original one or a
/// fork of it) does not run one yet.
fn ensure_ticker() {
    let generation = process::fork_generation();
    let running = TICKER_GENERATION.load(Ordering::Acquire);
    if running == generation
        || TICKER_GENERATION
            .compare_exchange(running, generation, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
    {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("rx-epoch-ticker".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            // A ticker inherited from the parent does not exist in a child;
            // one started in the child never sees its generation change.
            while process::fork_generation() == generation {
                std::thread::sleep(TICK);
                for cell in &RUNTIMES {
                    if let Some(rt) = cell.get() {
                        rt.engine.increment_epoch();
                    }
                }
            }
        });
    if let Err(e) = spawned {
        // Without the ticker deadlines cannot fire; calls still work but a
        // runaway guest is then only stopped by fuel or memory limits. The
        // next call tries again.
        TICKER_GENERATION.store(running, Ordering::Release);
        eprintln!("riptide-extractor: cannot start the epoch ticker thread: {e}");
    }
}

fn engine_config(limits: &Limits) -> wasmtime::Config {
    let mut config = wasmtime::Config::new();
    config
        .wasm_component_model(true)
        .epoch_interruption(true)
        .consume_fuel(limits.fuel.is_some())
        .parallel_compilation(true)
        .cranelift_opt_level(wasmtime::OptLevel::Speed);
    if limits.compact {
        // Bounds-checked memories that reserve little and move when they
        // outgrow it.
        config
            .memory_reservation(crate::config::COMPACT_RESERVATION)
            .memory_guard_size(64 << 10)
            .memory_reservation_for_growth(crate::config::COMPACT_RESERVATION)
            .guard_before_linear_memory(false);
    }
    if limits.pooling {
        // Slots are reserved (address space only) up front; memory is reset
        // with madvise between instances (keep-resident 0: measured faster
        // than keeping pages resident and zeroing them, tests/bench/README.md).
        let max_memory = if limits.compact {
            crate::config::COMPACT_RESERVATION as usize
        } else {
            4 << 30
        };
        let mut pool = wasmtime::PoolingAllocationConfig::default();
        pool.total_component_instances(POOL_INSTANCES)
            .total_core_instances(8 * POOL_INSTANCES)
            .total_memories(POOL_INSTANCES)
            .total_tables(4 * POOL_INSTANCES)
            .max_memory_size(max_memory)
            .linear_memory_keep_resident(0)
            .table_keep_resident(0);
        config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));
    }
    config
}

/// Creates a runtime; what it returns lives in `RUNTIMES` until the process
/// exits (not inlined: tests/robustness/valgrind.supp names this frame).
#[inline(never)]
fn new_runtime(limits: &Limits) -> Result<Runtime> {
    let config = engine_config(limits);
    let engine = Engine::new(&config)
        .map_err(|e| host_or(RxStatus::Internal, "cannot create the Wasmtime engine", &e))?;
    let internal =
        |what: &str, e: wasmtime::Error| Error::new(RxStatus::Internal, format!("{what}: {e:#}"));
    let mut linker = Linker::new(&engine);
    wasi::add_to_linker(&mut linker).map_err(|e| internal("cannot link WASI", e))?;
    Ok(Runtime {
        engine,
        config,
        linker,
        embedded: [OnceLock::new(), OnceLock::new()],
    })
}

/// Whether a failure is the host running out of memory or address space
/// (ENOMEM anywhere in its chain) rather than anything the guest did.
fn is_host_enomem(err: &wasmtime::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<rustix::io::Errno>()
            .is_some_and(|e| *e == rustix::io::Errno::NOMEM)
            || cause.downcast_ref::<std::io::Error>().is_some_and(|e| {
                e.raw_os_error() == Some(libc::ENOMEM)
                    || e.kind() == std::io::ErrorKind::OutOfMemory
            })
    })
}

/// `HostResources` when `err` is the host out of memory or address space,
/// else `status`; the message says what failed.
fn host_or(status: RxStatus, what: &str, err: &wasmtime::Error) -> Error {
    if is_host_enomem(err) {
        return host_resources(what, err);
    }
    Error::new(status, format!("{what}: {err:#}"))
}

fn host_resources(what: &str, err: &dyn std::fmt::Display) -> Error {
    let limit = match process::address_space_limit() {
        Some(bytes) => format!(" (RLIMIT_AS is {} MiB)", bytes >> 20),
        None => String::new(),
    };
    Error::new(
        RxStatus::HostResources,
        format!(
            "{what}: the host is out of memory or address space{limit}: {err:#}; \
             not a fault of the page or the component (each concurrent call reserves \
             about 4.1 GiB of address space with \"address_space\": \"large\", \
             about 130 MiB with \"compact\")"
        ),
    )
}

/// Where the time of one sandboxed call goes (see `ExtractionStats`).
#[derive(Clone, Copy, Debug, Default)]
struct CallTiming {
    instantiate_ns: u64,
    call_ns: u64,
    teardown_ns: u64,
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Per-store state: the WASI resource table and per-call WASI state, the
/// limiter and the captured stderr.
struct HostState {
    table: ResourceTable,
    wasi: wasi::CallWasi,
    limiter: Limiter,
    stderr: MemoryOutputPipe,
}

/// Enforces the memory cap over all of an instance's memories together and
/// records that it was hit, so the error can be classified without looking at
/// message text.
struct Limiter {
    max_memory: usize,
    /// Bytes of linear memory granted so far (memories only grow).
    total: usize,
    /// The total the guest asked for when it was refused.
    memory_denied: Option<usize>,
}

#[derive(Debug)]
struct MemoryLimitExceeded {
    desired: usize,
    max: usize,
}

impl std::fmt::Display for MemoryLimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "memory limit: growing to {} bytes exceeds the cap of {} bytes",
            self.desired, self.max
        )
    }
}

impl std::error::Error for MemoryLimitExceeded {}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> anyhow::Result<bool> {
        let total = self.total.saturating_add(desired.saturating_sub(current));
        if total > self.max_memory {
            let desired = total;
            self.memory_denied = Some(desired);
            // An error (rather than `Ok(false)`) traps at once, so a guest
            // cannot hide the failure by catching a failed `memory.grow`.
            return Err(MemoryLimitExceeded {
                desired,
                max: self.max_memory,
            }
            .into());
        }
        self.total = total;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> anyhow::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        64
    }

    fn tables(&self) -> usize {
        64
    }

    fn memories(&self) -> usize {
        16
    }
}

/// What pre-initialisation did for a loaded component (see `crate::preinit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preinit {
    /// Instances start from a snapshot taken after `preinit` ran.
    Applied,
    /// The component does not export `preinit`.
    NotExported,
    /// Turned off by the configuration (`"preinit": false`).
    Disabled,
    /// The snapshot could not be made (the message says why); instances start
    /// from the component as given.
    Failed(String),
}

impl Preinit {
    pub fn to_json_value(&self) -> serde_json::Value {
        let (state, detail) = match self {
            Preinit::Applied => ("applied", None),
            Preinit::NotExported => ("not-exported", None),
            Preinit::Disabled => ("disabled", None),
            Preinit::Failed(why) => ("failed", Some(why.as_str())),
        };
        serde_json::json!({ "state": state, "detail": detail })
    }
}

/// A compiled, linked and type-checked component plus the limits of its calls.
pub struct Sandbox {
    /// Dropped inside a `process::section` (unregistering code takes
    /// Wasmtime's code registry lock).
    pre: std::mem::ManuallyDrop<InstancePre<HostState>>,
    exports: Exports,
    engine: Engine,
    limits: Limits,
    preinit: Preinit,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _section = process::section();
        // SAFETY: `pre` is not used after this.
        unsafe { std::mem::ManuallyDrop::drop(&mut self.pre) };
    }
}

impl Sandbox {
    /// Compiles (or reuses the compiled embedded default) and links a
    /// component, and checks that it implements `riptide:extractor/extractor`.
    /// With `preinit`, a component exporting `preinit` is pre-initialised.
    pub fn load(
        source: ComponentSource<'_>,
        limits: Limits,
        cache_dir: &cache::CacheDir,
        preinit: bool,
    ) -> Result<Sandbox> {
        // fork() waits while a load creates or compiles process-wide state.
        let _section = process::section();
        let rt = runtime(&limits)?;
        let load_err = |m: String| Error::new(RxStatus::ComponentLoad, m);
        let file_bytes;
        let (bytes, what): (Option<&[u8]>, String) = match source {
            ComponentSource::Embedded => (None, "embedded component".into()),
            ComponentSource::File(path) => {
                file_bytes = std::fs::read(path).map_err(|e| {
                    load_err(format!(
                        "cannot read component file {}: {e}",
                        path.display()
                    ))
                })?;
                (
                    Some(&file_bytes[..]),
                    format!("component file {}", path.display()),
                )
            }
            ComponentSource::Bytes(bytes) => (Some(bytes), "component bytes".into()),
        };
        let load = |preinit: bool| match bytes {
            None => {
                let cell = &rt.embedded[usize::from(preinit)];
                if let Some(loaded) = cell.get() {
                    return Ok(loaded.clone());
                }
                let _init = init_lock();
                if let Some(loaded) = cell.get() {
                    return Ok(loaded.clone());
                }
                // The embedded component is trusted and shared by every
                // extractor of the process: its warm-up runs under the
                // default limits, not those of the first caller.
                let warm_up = Limits {
                    max_memory_bytes: crate::config::DEFAULT_MAX_MEMORY_BYTES,
                    timeout: Duration::from_millis(crate::config::DEFAULT_TIMEOUT_MS),
                    fuel: limits.fuel.map(|_| u64::MAX / 4),
                    max_output_bytes: crate::config::Config::default().output_limit(),
                    max_wasi_resources: crate::config::DEFAULT_MAX_WASI_RESOURCES,
                    ..limits
                };
                let loaded =
                    load_component(rt, DEFAULT_COMPONENT, cache_dir, &what, warm_up, preinit)?;
                // A failed warm-up (say, the host short of memory) is tried
                // again by the next extractor instead of staying failed.
                if matches!(loaded.1, Preinit::Failed(_)) {
                    return Ok(loaded);
                }
                Ok(cell.get_or_init(|| loaded).clone())
            }
            Some(bytes) => load_component(rt, bytes, cache_dir, &what, limits, preinit),
        };
        let (component, state) = load(preinit)?;
        let sandbox = Sandbox::link(rt, &component, limits, state)?;
        if sandbox.preinit != Preinit::Applied {
            return Ok(sandbox);
        }
        // The snapshot starts with the memory the warm-up left (a few MiB):
        // under a smaller max_memory_bytes every call would fail, so the
        // component then runs as given.
        match sandbox.with_instance(|_, _| Ok(())) {
            Err(e) if e.status == RxStatus::MemoryLimit => {
                let (component, _) = load(false)?;
                let why = format!(
                    "the pre-initialised component starts with more memory than max_memory_bytes allows ({}); it runs as given",
                    e.message
                );
                Sandbox::link(rt, &component, limits, Preinit::Failed(why))
            }
            _ => Ok(sandbox),
        }
    }

    fn link(
        rt: &Runtime,
        component: &Component,
        limits: Limits,
        preinit: Preinit,
    ) -> Result<Sandbox> {
        let load_err = |m: String| Error::new(RxStatus::ComponentLoad, m);
        let instance_pre = rt.linker.instantiate_pre(component).map_err(|e| {
            load_err(format!(
                "component cannot be linked (the sandbox provides only wasi:io, wasi:clocks, wasi:cli and wasi:random 0.2): {e:#}"
            ))
        })?;
        let not_world = |e: String| {
            load_err(format!(
                "component does not implement the riptide:extractor/extractor world: {e}"
            ))
        };
        ExtractorPre::new(instance_pre.clone()).map_err(|e| not_world(format!("{e:#}")))?;
        // Used only when its type is the WIT's (else the host applies the
        // options itself).
        let configure = ExtractorOptionsPre::new(instance_pre.clone())
            .ok()
            .and_then(|_| component.get_export_index(None, "configure"));
        let export = |name: &str| {
            component
                .get_export_index(None, name)
                .ok_or_else(|| not_world(format!("no export {name:?}")))
        };
        let exports = Exports {
            extract: export("extract")?,
            extract_with_stats: export("extract-with-stats")?,
            validate_html: export("validate-html")?,
            health_check: export("health-check")?,
            get_info: export("get-info")?,
            get_modes: export("get-modes")?,
            configure,
        };
        Ok(Sandbox {
            pre: std::mem::ManuallyDrop::new(instance_pre),
            exports,
            engine: rt.engine.clone(),
            limits,
            preinit,
        })
    }

    /// What pre-initialisation did for this component.
    pub fn preinit(&self) -> &Preinit {
        &self.preinit
    }

    fn new_store(&self) -> Result<Store<HostState>> {
        new_store(&self.engine, &self.limits)
    }

    /// Runs `f` on a fresh instance in a fresh store; classifies any failure.
    /// Guest code runs on the calling thread's stack when it has room for it,
    /// else on a helper thread with a large stack (see `run_with_stack`).
    fn with_instance<R: Send>(
        &self,
        f: impl FnOnce(&Instance, &mut Store<HostState>) -> wasmtime::Result<R> + Send,
    ) -> Result<R> {
        self.with_instance_timed(f).map(|(r, _)| r)
    }

    /// [`Self::with_instance`], also timing the store + instance creation and
    /// the call.
    fn with_instance_timed<R: Send>(
        &self,
        f: impl FnOnce(&Instance, &mut Store<HostState>) -> wasmtime::Result<R> + Send,
    ) -> Result<(R, CallTiming)> {
        // fork() waits for the call (a trap takes Wasmtime's code registry
        // lock, a store's teardown others). Taken on this thread: a helper
        // thread asking for it while a fork waits would never get it.
        let _section = process::section();
        run_with_stack(|| self.with_instance_here(f))
    }

    fn with_instance_here<R>(
        &self,
        f: impl FnOnce(&Instance, &mut Store<HostState>) -> wasmtime::Result<R>,
    ) -> Result<(R, CallTiming)> {
        if self.limits.signal_check {
            process::check_trap_handlers()?;
        }
        ensure_ticker();
        let start = Instant::now();
        let mut store = self.new_store()?;
        let mut timing = CallTiming::default();
        let outcome = match self.pre.instantiate(&mut store) {
            Ok(instance) => {
                let called = Instant::now();
                timing.instantiate_ns = nanos(called - start);
                let r = f(&instance, &mut store);
                timing.call_ns = nanos(called.elapsed());
                r
            }
            Err(e) if is_host_enomem(&e) => {
                return Err(host_resources("cannot instantiate the component", &e));
            }
            Err(e) => Err(e.context("instantiation failed")),
        };
        let outcome = outcome.map_err(|e| self.classify(e, &store));
        let dropping = Instant::now();
        drop(store);
        timing.teardown_ns = nanos(dropping.elapsed());
        outcome.map(|r| (r, timing))
    }

    /// Calls export `export` of `instance` and copies its result out of
    /// guest memory within `max_output_bytes`.
    fn call<P, R>(
        &self,
        instance: &Instance,
        store: &mut Store<HostState>,
        export: &ComponentExportIndex,
        params: P,
    ) -> wasmtime::Result<R::Owned>
    where
        P: ComponentNamedList + Lower,
        R: ComponentNamedList + Lift + Take,
    {
        let func = instance.get_typed_func::<P, R>(&mut *store, export)?;
        let lazy = func.call(&mut *store, params)?;
        let owned = lazy.take(&mut Reader::new(store, self.limits.max_output_bytes))?;
        func.post_return(&mut *store)?;
        Ok(owned)
    }

    fn classify(&self, err: wasmtime::Error, store: &Store<HostState>) -> Error {
        let state = store.data();
        if let Some(e) = err.downcast_ref::<OutputTooLarge>() {
            return Error::new(RxStatus::OutputTooLarge, e.to_string());
        }
        if let Some(denied) = &state.wasi.resources_denied {
            return Error::new(RxStatus::ResourceLimit, denied.to_string());
        }
        if let Some(desired) = state.limiter.memory_denied {
            return Error::new(
                RxStatus::MemoryLimit,
                format!(
                    "the component tried to grow its memory to {desired} bytes in all, past the limit of {} bytes (max_memory_bytes)",
                    self.limits.max_memory_bytes
                ),
            );
        }
        // Growth within the limit that the host could not map.
        if err.downcast_ref::<Trap>().is_none() && is_host_enomem(&err) {
            return host_resources("the component's memory could not grow", &err);
        }
        let stderr = String::from_utf8_lossy(&state.stderr.contents())
            .trim()
            .to_string();
        let with_stderr = |m: String| {
            if stderr.is_empty() {
                m
            } else {
                format!("{m}; guest stderr: {stderr}")
            }
        };
        match err.downcast_ref::<Trap>() {
            Some(Trap::Interrupt) => Error::new(
                RxStatus::Timeout,
                format!(
                    "the extraction ran past the deadline of {} ms (timeout_ms)",
                    self.limits.timeout.as_millis()
                ),
            ),
            Some(Trap::OutOfFuel) => Error::new(
                RxStatus::FuelExhausted,
                format!(
                    "the component used up its fuel budget of {} units (fuel)",
                    self.limits.fuel.unwrap_or(0)
                ),
            ),
            Some(Trap::StackOverflow) => Error::new(
                RxStatus::GuestTrap,
                with_stderr("the component overflowed its stack".into()),
            ),
            Some(Trap::UnreachableCodeReached) => Error::new(
                RxStatus::GuestTrap,
                with_stderr("the component panicked or aborted (wasm trap: unreachable)".into()),
            ),
            Some(Trap::MemoryOutOfBounds) => Error::new(
                RxStatus::GuestTrap,
                with_stderr(
                    "the component trapped: out of bounds memory access \
                     (also how a guest stack overflow shows)"
                        .into(),
                ),
            ),
            Some(trap) => Error::new(
                RxStatus::GuestTrap,
                with_stderr(format!("the component trapped: {trap}")),
            ),
            None => Error::new(
                RxStatus::GuestTrap,
                with_stderr(format!("the component failed: {}", err.root_cause())),
            ),
        }
    }

    /// Extracts `html` (already UTF-8) found at `url` under `options`.
    /// Without `markdown`, the result's `markdown` is empty (the component
    /// skips the conversion when it exports `configure`). A `favor` other
    /// than balanced needs a component that exports `configure`
    /// (`UnsupportedMode` otherwise).
    pub fn extract(
        &self,
        html: &str,
        url: &str,
        options: &ExtractOptions,
    ) -> Result<(ExtractedContent, Option<ExtractionStats>)> {
        let &ExtractOptions {
            ref mode,
            with_stats,
            markdown,
            favor,
        } = options;
        if favor != Favor::Balanced && self.exports.configure.is_none() {
            return Err(Error::new(
                RxStatus::UnsupportedMode,
                format!(
                    "option \"favor\": {:?} needs a component that exports `configure` (world extractor-options); this one does not",
                    favor.name()
                ),
            ));
        }
        let mode = to_wit_mode(mode);
        let params = (html, url, &mode);
        let (outcome, timing) = self.with_instance_timed(|instance, store| {
            let e = &self.exports;
            if let (true, Some(configure)) = (!markdown || favor != Favor::Balanced, &e.configure) {
                let func = instance.get_typed_func::<(WitOptions,), ()>(&mut *store, configure)?;
                let favor = match favor {
                    Favor::Balanced => WitFavor::Balanced,
                    Favor::Precision => WitFavor::Precision,
                    Favor::Recall => WitFavor::Recall,
                };
                func.call(&mut *store, (WitOptions { markdown, favor },))?;
                func.post_return(&mut *store)?;
            }
            if with_stats {
                Ok(self
                    .call::<_, output::ExtractStatsResult>(
                        instance,
                        store,
                        &e.extract_with_stats,
                        params,
                    )?
                    .map(|(c, s)| (c, Some(s))))
            } else {
                Ok(self
                    .call::<_, output::ExtractResult>(instance, store, &e.extract, params)?
                    .map(|c| (c, None)))
            }
        })?;
        let (mut content, stats) = outcome?;
        if !markdown {
            content.markdown = String::new();
        }
        let converting = Instant::now();
        let stats = stats.map(|s| {
            let mut s = from_wit_stats(s);
            s.instantiate_ns = timing.instantiate_ns;
            s.guest_call_ns = timing.call_ns;
            s.teardown_ns = timing.teardown_ns;
            s.convert_ns = nanos(converting.elapsed());
            s
        });
        Ok((content, stats))
    }

    pub fn validate_html(&self, html: &str) -> Result<bool> {
        self.with_instance(|instance, store| {
            self.call::<_, output::ValidateResult>(
                instance,
                store,
                &self.exports.validate_html,
                (html,),
            )
        })?
    }

    pub fn info(&self) -> Result<ComponentInfo> {
        self.with_instance(|instance, store| {
            self.call::<_, output::InfoResult>(instance, store, &self.exports.get_info, ())
        })
    }

    pub fn health(&self) -> Result<HealthStatus> {
        self.with_instance(|instance, store| {
            self.call::<_, output::HealthResult>(instance, store, &self.exports.health_check, ())
        })
    }

    pub fn modes(&self) -> Result<Vec<String>> {
        self.with_instance(|instance, store| {
            self.call::<_, output::ModesResult>(instance, store, &self.exports.get_modes, ())
        })
    }
}

/// The exports the library calls, looked up once per component.
struct Exports {
    extract: ComponentExportIndex,
    extract_with_stats: ComponentExportIndex,
    validate_html: ComponentExportIndex,
    health_check: ComponentExportIndex,
    get_info: ComponentExportIndex,
    get_modes: ComponentExportIndex,
    /// `configure`, when the component exports it.
    configure: Option<ComponentExportIndex>,
}

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
fn run_with_stack<R: Send>(f: impl FnOnce() -> Result<R> + Send) -> Result<R> {
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

/// What identifies an engine's compiled code: the Wasmtime version, this
/// library's version and the engine's configuration.
fn engine_key(engine: &Engine) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    WASMTIME_VERSION.hash(&mut h);
    crate::VERSION.hash(&mut h);
    engine.precompile_compatibility_hash().hash(&mut h);
    h.finish()
}

/// A fresh store for one instance: WASI context (no files, network or
/// environment, frozen wall clock, captured stderr), memory limiter, wall-
/// clock deadline and optional fuel.
fn new_store(engine: &Engine, limits: &Limits) -> Result<Store<HostState>> {
    let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
    let start = Instant::now();
    let deadline = start + limits.timeout;
    let state = HostState {
        table: ResourceTable::new(),
        wasi: wasi::CallWasi {
            start,
            deadline,
            max_resources: limits.max_wasi_resources,
            resources_denied: None,
        },
        limiter: Limiter {
            max_memory: usize::try_from(limits.max_memory_bytes).unwrap_or(usize::MAX),
            total: 0,
            memory_denied: None,
        },
        stderr,
    };
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limiter);
    // The deadline is wall-clock time: every epoch tick the guest reaches
    // checks the clock. (Counting ticks alone would stretch the deadline
    // whenever the ticker thread is scheduled late on a busy machine.)
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        if Instant::now() >= deadline {
            Err(Trap::Interrupt.into())
        } else {
            Ok(UpdateDeadline::Continue(1))
        }
    });
    if let Some(fuel) = limits.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Error::new(RxStatus::Internal, format!("cannot set fuel: {e:#}")))?;
    }
    Ok(store)
}

/// Compiles `bytes`, or loads their compiled code from the persistent cache
/// (see `cache.rs`); a fresh compile is stored there for the next process.
fn compile_cached(
    rt: &Runtime,
    bytes: &[u8],
    digest: &[u8; 32],
    cache_dir: &cache::CacheDir,
    what: &str,
) -> Result<Component> {
    if let Some(component) = cache_lookup(&rt.engine, digest, cache_dir) {
        return Ok(component);
    }
    let component = compile(rt, bytes, what)?;
    cache_store(&rt.engine, digest, cache_dir, &component);
    Ok(component)
}

/// The compiled component cached under `key` for this engine, if any.
fn cache_lookup(engine: &Engine, key: &[u8; 32], cache_dir: &cache::CacheDir) -> Option<Component> {
    cache_dir.load(&cache::entry_name(key, engine_key(engine)), |payload| {
        // SAFETY: `payload` was read through one descriptor of a regular file
        // owned by this user and writable by no one else, in a directory
        // (opened by descriptor, with trusted ancestors) of which the same
        // holds; the file name's key names this engine configuration and
        // Wasmtime version, and the payload passed its checksum. Wasmtime
        // checks its own header and compatibility again.
        unsafe { Component::deserialize(engine, payload) }.map_err(|e| format!("{e:#}"))
    })
}

fn cache_store(
    engine: &Engine,
    key: &[u8; 32],
    cache_dir: &cache::CacheDir,
    component: &Component,
) {
    if cache_dir.state() != cache::State::Used {
        return;
    }
    match component.serialize() {
        Ok(serialized) => cache_dir.store(&cache::entry_name(key, engine_key(engine)), &serialized),
        Err(e) => cache_dir.store_failed(format!("cannot serialize the compiled component: {e:#}")),
    }
}

/// Compiles `bytes`, pre-initialised when asked for and the component
/// exports `preinit`. The pre-initialised form is cached under a key derived
/// from the original component's digest, so a warm cache skips both the
/// warm-up run and the compilation.
fn load_component(
    rt: &'static Runtime,
    bytes: &[u8],
    cache_dir: &cache::CacheDir,
    what: &str,
    limits: Limits,
    preinit: bool,
) -> std::result::Result<(Component, Preinit), Error> {
    let digest = cache::digest(bytes);
    if !preinit {
        return compile_cached(rt, bytes, &digest, cache_dir, what).map(|c| (c, Preinit::Disabled));
    }
    if !crate::preinit::exports_preinit(bytes) {
        return compile_cached(rt, bytes, &digest, cache_dir, what)
            .map(|c| (c, Preinit::NotExported));
    }
    let key = cache::digest(&[&digest[..], crate::preinit::VERSION.as_bytes()].concat());
    if let Some(component) = cache_lookup(&rt.engine, &key, cache_dir) {
        return Ok((component, Preinit::Applied));
    }
    match run_with_stack(|| snapshot(rt, bytes, limits)) {
        Ok(snapshot) => {
            let component = compile(rt, &snapshot, what)?;
            cache_store(&rt.engine, &key, cache_dir, &component);
            Ok((component, Preinit::Applied))
        }
        Err(e) => compile_cached(rt, bytes, &digest, cache_dir, what)
            .map(|c| (c, Preinit::Failed(e.message))),
    }
}

/// Runs `preinit` on an instrumented instance of `bytes` (under `limits`)
/// and returns the pre-initialised component.
fn snapshot(rt: &'static Runtime, bytes: &[u8], limits: Limits) -> Result<Vec<u8>> {
    crate::preinit::snapshot(bytes, move |instrumented| {
        let component = compile_wasm(rt, &instrumented).map_err(|e| anyhow::anyhow!("{e}"))?;
        if limits.signal_check {
            process::check_trap_handlers().map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        let mut store = new_store(&rt.engine, &limits).map_err(|e| anyhow::anyhow!("{e}"))?;
        let instance = rt.linker.instantiate(&mut store, &component)?;
        let init = instance.get_typed_func::<(), ()>(&mut store, crate::preinit::EXPORT)?;
        init.call(&mut store, ())?;
        init.post_return(&mut store)?;
        // Handles to host resources (a stderr stream the guest's runtime
        // keeps open, say) would be written into the snapshot and name
        // nothing in the next instance's table: every later use would trap.
        if holds_resources(&mut store.data_mut().table) {
            anyhow::bail!(
                "the warm-up left WASI resources open (e.g. a stdout/stderr \
                 stream); a snapshot would keep handles that are invalid in \
                 every later instance"
            );
        }
        Ok(Box::new(SnapshotReader { store, instance }))
    })
    .map_err(|e| {
        if is_host_enomem(&e) {
            return host_resources("pre-initialisation failed", &e);
        }
        Error::new(
            RxStatus::ComponentLoad,
            format!("pre-initialisation failed: {e:#}"),
        )
    })
}

/// Whether a guest has live entries in its WASI resource table.
#[cfg(not(feature = "wasmtime-lts"))]
fn holds_resources(table: &mut ResourceTable) -> bool {
    !table.is_empty()
}

/// Whether a guest has live entries in its WASI resource table (36.x has
/// no `is_empty`: the slots a warm-up can have used are probed; handles are
/// allocated from 0 and reused).
#[cfg(feature = "wasmtime-lts")]
fn holds_resources(table: &mut ResourceTable) -> bool {
    (0..4096).any(|key| table.get_any_mut(key).is_ok())
}

/// Reads the state of the warmed-up instrumented instance through the
/// getter functions the instrumentation exported.
struct SnapshotReader {
    store: Store<HostState>,
    instance: wasmtime::component::Instance,
}

impl SnapshotReader {
    fn get<R>(&mut self, name: &str) -> wasmtime::Result<R>
    where
        R: wasmtime::component::ComponentNamedList
            + wasmtime::component::Lift
            + Send
            + Sync
            + 'static,
    {
        let f = self
            .instance
            .get_typed_func::<(), R>(&mut self.store, name)?;
        let r = f.call(&mut self.store, ())?;
        f.post_return(&mut self.store)?;
        Ok(r)
    }
}

#[async_trait::async_trait]
impl component_init_transform::Invoker for SnapshotReader {
    async fn call_s32(&mut self, function: &str) -> anyhow::Result<i32> {
        Ok(self.get::<(i32,)>(function)?.0)
    }
    async fn call_s64(&mut self, function: &str) -> anyhow::Result<i64> {
        Ok(self.get::<(i64,)>(function)?.0)
    }
    async fn call_f32(&mut self, function: &str) -> anyhow::Result<f32> {
        Ok(self.get::<(f32,)>(function)?.0)
    }
    async fn call_f64(&mut self, function: &str) -> anyhow::Result<f64> {
        Ok(self.get::<(f64,)>(function)?.0)
    }
    async fn call_list_u8(&mut self, function: &str) -> anyhow::Result<Vec<u8>> {
        Ok(self.get::<(Vec<u8>,)>(function)?.0)
    }
}

fn compile(rt: &Runtime, bytes: &[u8], what: &str) -> Result<Component> {
    if bytes.is_empty() {
        return Err(Error::new(
            RxStatus::ComponentLoad,
            format!("{what}: empty input"),
        ));
    }
    compile_wasm(rt, bytes).map_err(|e| {
        if e.status != RxStatus::ComponentLoad {
            return e;
        }
        Error::new(
            RxStatus::ComponentLoad,
            format!("{what} is not a valid WebAssembly component: {}", e.message),
        )
    })
}

/// Address space to find free before compiling (a failed allocation in the
/// compiler aborts the process, so it must not start short of room): a base
/// plus a share per byte of WebAssembly.
const COMPILE_HEADROOM_BASE: usize = 64 << 20;
const COMPILE_HEADROOM_PER_BYTE: usize = 16;

/// Compiles `bytes` for `rt`'s engine, after checking that the address space
/// the compiler needs is there (`HostResources` when not). In a forked child
/// the compiler's worker threads are gone, and under `RLIMIT_AS` their
/// stacks and malloc arenas (64 MiB of address space each) may not fit: a
/// serial twin of the engine then compiles and its code is loaded into
/// `rt`'s engine.
fn compile_wasm(rt: &Runtime, bytes: &[u8]) -> Result<Component> {
    let headroom =
        COMPILE_HEADROOM_BASE.saturating_add(bytes.len().saturating_mul(COMPILE_HEADROOM_PER_BYTE));
    if let Err(e) = process::address_space_available(headroom) {
        return Err(host_resources(
            &format!(
                "compiling needs about {} MiB of free address space",
                headroom >> 20
            ),
            &e,
        ));
    }
    let bad = |e: wasmtime::Error| host_or(RxStatus::ComponentLoad, "compilation failed", &e);
    if !process::forked() && process::address_space_limit().is_none() {
        return Component::new(&rt.engine, bytes).map_err(bad);
    }
    let mut config = rt.config.clone();
    config.parallel_compilation(false);
    let serial = Engine::new(&config).map_err(|e| {
        host_or(
            RxStatus::Internal,
            "cannot create a serial engine after fork()",
            &e,
        )
    })?;
    let code = Component::new(&serial, bytes)
        .and_then(|c| c.serialize())
        .map_err(bad)?;
    // SAFETY: `code` was compiled just now, in this process, by an engine
    // with `rt.engine`'s configuration (parallel compilation aside, which
    // does not change the code); Wasmtime checks compatibility again.
    unsafe { Component::deserialize(&rt.engine, &code) }
        .map_err(|e| host_or(RxStatus::Internal, "cannot load serially compiled code", &e))
}

fn to_wit_mode(mode: &Mode) -> ExtractionMode {
    match mode {
        Mode::Article => ExtractionMode::Article,
        Mode::Full => ExtractionMode::Full,
        Mode::Metadata => ExtractionMode::Metadata,
        Mode::Custom(s) => ExtractionMode::Custom(s.clone()),
    }
}

fn from_wit_stats(s: wit_bindings::ExtractionStats) -> ExtractionStats {
    ExtractionStats {
        processing_time_ms: s.processing_time_ms,
        memory_used: s.memory_used,
        nodes_processed: s.nodes_processed,
        links_found: s.links_found,
        images_found: s.images_found,
        ..Default::default()
    }
}
