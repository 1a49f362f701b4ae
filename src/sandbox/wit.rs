//! The host's side of `wit/extractor.wit`: the generated bindings and the
//! conversions between the library's types and the WIT ones.

use crate::config::{Favor, Mode};
use crate::content::ExtractionStats;

// The generated types are used; its `Extractor*` call wrappers are not
// (results are lifted lazily, see `output.rs`).
#[allow(dead_code)]
pub(super) mod wit_bindings {
    wasmtime::component::bindgen!({
        world: "extractor",
        path: "wit/extractor.wit",
    });
}

/// The optional `configure` export (world `extractor-options`): its options
/// record, and the check that a component's export has its type.
#[allow(dead_code)]
pub(super) mod options_bindings {
    wasmtime::component::bindgen!({
        world: "extractor-options",
        path: "wit/extractor.wit",
    });
}

use options_bindings::Favor as WitFavor;
use wit_bindings::ExtractionMode;

pub(super) fn to_wit_mode(mode: &Mode) -> ExtractionMode {
    match mode {
        Mode::Article => ExtractionMode::Article,
        Mode::Full => ExtractionMode::Full,
        Mode::Metadata => ExtractionMode::Metadata,
        Mode::Custom(s) => ExtractionMode::Custom(s.clone()),
    }
}

pub(super) fn from_wit_stats(s: wit_bindings::ExtractionStats) -> ExtractionStats {
    ExtractionStats {
        processing_time_ms: s.processing_time_ms,
        memory_used: s.memory_used,
        nodes_processed: s.nodes_processed,
        links_found: s.links_found,
        images_found: s.images_found,
        ..Default::default()
    }
}

pub(super) fn to_wit_favor(favor: Favor) -> WitFavor {
    match favor {
        Favor::Balanced => WitFavor::Balanced,
        Favor::Precision => WitFavor::Precision,
        Favor::Recall => WitFavor::Recall,
    }
}
