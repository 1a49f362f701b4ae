//! The process-wide engines: one `Engine` + WASI `Linker` per engine
//! setting, created once and kept, and the epoch ticker that drives every
//! call's deadline.

use super::store::HostState;
use super::{classify::host_or, wasi, Limits, Preinit, WASMTIME_VERSION};
use crate::error::{Error, Result};
use crate::process;
use crate::status::RxStatus;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use wasmtime::component::{Component, Linker};
use wasmtime::Engine;

/// Epoch tick: the resolution of execution deadlines.
const TICK: Duration = Duration::from_millis(5);

pub(super) struct Runtime {
    pub(super) engine: Engine,
    /// The engine's configuration (to build a serial twin after a fork).
    pub(super) config: wasmtime::Config,
    pub(super) linker: Linker<HostState>,
    /// The compiled embedded component, without / with pre-initialisation
    /// (set once it loaded, and with pre-initialisation only once that worked).
    pub(super) embedded: [OnceLock<(Component, Preinit)>; 2],
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

pub(super) fn init_lock() -> std::sync::MutexGuard<'static, ()> {
    INIT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(super) fn runtime(limits: &Limits) -> Result<&'static Runtime> {
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
pub(super) fn ensure_ticker() {
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

/// What identifies an engine's compiled code: the Wasmtime version, this
/// library's version and the engine's configuration.
pub(super) fn engine_key(engine: &Engine) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    WASMTIME_VERSION.hash(&mut h);
    crate::VERSION.hash(&mut h);
    engine.precompile_compatibility_hash().hash(&mut h);
    h.finish()
}
