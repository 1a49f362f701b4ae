//! Compiling a component (or loading its compiled code from the cache) and
//! pre-initialising it.

use super::classify::{host_or, host_resources, is_host_enomem};
use super::engine::{engine_key, Runtime};
use super::store::{new_store, HostState};
use super::{Limits, Preinit};
use crate::cache;
use crate::error::{Error, Result};
use crate::process;
use crate::stack::run_with_stack;
use crate::status::RxStatus;
use wasmtime::component::{Component, ResourceTable};
use wasmtime::{Engine, Store};

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
pub(super) fn load_component(
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
