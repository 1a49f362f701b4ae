//! Engine-version comparison for `tests/bench/engine-versions/run.sh`: runs
//! one component over a corpus directory the way the library does (one
//! engine, `InstancePre`, a fresh `Store` and instance per page, WASI with
//! nothing granted, Cranelift at `Speed`, epoch checks on unless the third
//! argument is `0`), four passes, and prints pages/s per pass. The same
//! source is built against each Wasmtime version given to run.sh, so that
//! only the engine differs. Not part of the library (which keeps every
//! Wasmtime call in src/sandbox.rs); a measuring tool only.
//!
//!     wt COMPONENT.wasm CORPUS_DIR [1|0]

use std::time::Instant;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, OptLevel, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

mod b {
    wasmtime::component::bindgen!({ path: "../../../../wit", world: "extractor" });
}

struct S {
    ctx: WasiCtx,
    table: ResourceTable,
}
impl WasiView for S {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
}

fn main() -> wasmtime::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let epoch = args.get(3).map_or(true, |s| s == "1");
    let mut cfg = Config::new();
    cfg.wasm_component_model(true)
        .epoch_interruption(epoch)
        .parallel_compilation(true)
        .cranelift_opt_level(OptLevel::Speed);
    let engine = Engine::new(&cfg)?;
    let comp = Component::from_file(&engine, &args[1])?;
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    let pre = b::ExtractorPre::new(linker.instantiate_pre(&comp)?)?;
    let mut pages = vec![];
    let mut names: Vec<_> = std::fs::read_dir(&args[2])?.map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names {
        pages.push(String::from_utf8_lossy(&std::fs::read(p)?).into_owned());
    }
    let mut rates = vec![];
    for _ in 0..4 {
        let t = Instant::now();
        let mut nodes = 0u64;
        for p in &pages {
            let mut store = Store::new(&engine, S { ctx: WasiCtxBuilder::new().build(), table: ResourceTable::new() });
            if epoch {
                store.set_epoch_deadline(u64::MAX / 2);
            }
            let inst = pre.instantiate(&mut store)?;
            let r = inst.call_extract(&mut store, p, "https://example.com/page", &b::ExtractionMode::Article)?;
            nodes += r.ok().and_then(|c| c.word_count).unwrap_or(0) as u64;
        }
        rates.push(pages.len() as f64 / t.elapsed().as_secs_f64());
        eprintln!("nodes {nodes}");
    }
    println!("{} epoch={} {:?}", env!("RX_WASMTIME_VERSION"), epoch, rates.iter().map(|r| format!("{r:.1}")).collect::<Vec<_>>());
    Ok(())
}
