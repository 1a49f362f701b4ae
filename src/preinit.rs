//! Pre-initialisation: a component that exports `preinit` (the
//! `extractor-preinit` world of `wit/extractor.wit`) is instantiated once,
//! `preinit` runs, and its memory and globals are written back into a new
//! component as its initial state (`component-init-transform`, the same
//! technique as Wizer). Every later instance then starts warm: the guest's
//! lazily built state (parsed selectors, lookup tables) is there without
//! being rebuilt on each call, and each call still gets a fresh instance.
//!
//! This module knows the component format; running the component is the
//! sandbox's job (`crate::sandbox`), which passes in the instantiation.

use component_init_transform::Invoker;
use wasmparser::{ComponentExternalKind, Parser, Payload};

/// The warm-up export of the `extractor-preinit` world.
pub const EXPORT: &str = "preinit";

/// Bumped whenever the snapshot procedure changes, so that cached snapshots
/// from an older procedure are not reused (it is part of the cache key).
pub const VERSION: &str = "riptide-preinit-1";

/// Whether the component's top level exports a `preinit` function.
pub fn exports_preinit(component: &[u8]) -> bool {
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(component) {
        match payload {
            Ok(Payload::Version { .. }) => depth += 1,
            Ok(Payload::End(_)) => depth = depth.saturating_sub(1),
            Ok(Payload::ComponentExportSection(exports)) if depth == 1 => {
                for export in exports.into_iter().flatten() {
                    if export.name.name == EXPORT && export.kind == ComponentExternalKind::Func {
                        return true;
                    }
                }
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Instruments `component`, lets `run` instantiate the instrumented
/// component and call `preinit` on it, reads its state back through the
/// returned invoker and builds the pre-initialised component.
pub fn snapshot(
    component: &[u8],
    run: impl FnOnce(Vec<u8>) -> anyhow::Result<Box<dyn Invoker>> + Send + 'static,
) -> anyhow::Result<Vec<u8>> {
    futures::executor::block_on(component_init_transform::initialize(
        component,
        move |instrumented| Box::pin(async move { run(instrumented) }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_empty_input_do_not_export_preinit() {
        assert!(!exports_preinit(b""));
        assert!(!exports_preinit(b"not wasm at all"));
        assert!(!exports_preinit(b"\0asm\x01\0\0\0")); // an empty core module
    }
}
