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
//!
//! Modules: `engine` (engines, linkers, ticker), `store` (one call's store
//! and limiter), `load` (compile, cache, pre-initialise), `classify` (what a
//! failure was), `wit` (bindings and conversions), `wasi`, `output`.

mod classify;
mod engine;
mod load;
mod output;
mod store;
mod wasi;
mod wit;

use crate::cache;
use crate::config::{AddressSpace, Config, ExtractOptions, Favor, InstanceAllocator};
use crate::content::{ComponentInfo, ExtractedContent, ExtractionStats, HealthStatus};
use crate::error::{Error, Result};
use crate::process;
use crate::stack::run_with_stack;
use crate::status::RxStatus;
use std::path::Path;
use std::time::{Duration, Instant};
use wasmtime::component::{
    Component, ComponentExportIndex, ComponentNamedList, Instance, InstancePre, Lift, Lower,
};
use wasmtime::{Engine, Store};

use classify::{classify, host_resources, is_host_enomem};
use engine::{ensure_ticker, init_lock, runtime, Runtime};
use load::load_component;
pub(crate) use output::OutputTooLarge;
use output::{Reader, Take};
use store::{nanos, new_store, CallTiming, HostState};
use wit::options_bindings::{ExtractOptions as WitOptions, ExtractorOptionsPre};
use wit::wit_bindings::ExtractorPre;
use wit::{from_wit_stats, to_wit_favor, to_wit_mode};

/// The Wasmtime version this build links.
#[cfg(not(feature = "wasmtime-lts"))]
pub const WASMTIME_VERSION: &str = "37.0.3";
#[cfg(feature = "wasmtime-lts")]
pub const WASMTIME_VERSION: &str = "36.0.20";

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
    /// The limits `config` sets.
    pub fn from_config(config: &Config) -> Limits {
        Limits {
            max_memory_bytes: config.max_memory_bytes,
            timeout: Duration::from_millis(config.timeout_ms),
            fuel: config.fuel,
            pooling: config.instance_allocator == InstanceAllocator::Pooling,
            max_output_bytes: config.output_limit(),
            max_wasi_resources: config.max_wasi_resources,
            compact: config.address_space == AddressSpace::Compact,
            signal_check: config.signal_check,
        }
    }

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
                    fuel: limits.fuel.map(|_| u64::MAX / 4),
                    pooling: limits.pooling,
                    compact: limits.compact,
                    signal_check: limits.signal_check,
                    ..Limits::from_config(&Config::default())
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
        let outcome = outcome.map_err(|e| classify(e, &store, &self.limits));
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
                let favor = to_wit_favor(favor);
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
