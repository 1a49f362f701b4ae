//! Results are lifted lazily (`WasmStr` / `WasmList` point into guest
//! memory) and copied out against a budget of `max_output_bytes`: every
//! string is charged before it is copied, so a result whose strings alias one
//! large buffer (64 list entries pointing at the same 8 MiB) costs the host at
//! most the budget, never the sum of what the guest pretends to return.

use super::wit::wit_bindings::ExtractionStats;
use super::HostState;
use crate::content::{ComponentInfo, ExtractedContent, HealthStatus};
use crate::error::Error;
use crate::status::RxStatus;
use wasmtime::component::{ComponentType, Lift, WasmList, WasmStr};
use wasmtime::Store;

/// What a string costs besides its bytes: the host's `String` for it.
pub(super) const PER_STRING: u64 = std::mem::size_of::<String>() as u64;

/// A result (or its JSON) went past `max_output_bytes`.
#[derive(Debug)]
pub(crate) struct OutputTooLarge {
    pub limit: u64,
}

impl std::fmt::Display for OutputTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the component's result is larger than max_output_bytes ({} bytes)",
            self.limit
        )
    }
}

impl std::error::Error for OutputTooLarge {}

impl OutputTooLarge {
    pub(crate) fn into_error(self) -> Error {
        Error::new(RxStatus::OutputTooLarge, self.to_string())
    }
}

/// Copies lifted values out of guest memory, charging each string.
pub(super) struct Reader<'a> {
    pub store: &'a mut Store<HostState>,
    left: u64,
    limit: u64,
}

impl<'a> Reader<'a> {
    pub fn new(store: &'a mut Store<HostState>, limit: u64) -> Reader<'a> {
        Reader {
            store,
            left: limit,
            limit,
        }
    }
}

/// A lifted value that still points into guest memory.
pub(super) trait Take {
    type Owned;
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<Self::Owned>;
}

impl Take for WasmStr {
    type Owned = String;
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<String> {
        // UTF-8 components: a view of guest memory, nothing copied yet.
        let s = self.to_str(&*r.store)?;
        let cost = (s.len() as u64).saturating_add(PER_STRING);
        if cost > r.left {
            return Err(OutputTooLarge { limit: r.limit }.into());
        }
        r.left -= cost;
        Ok(s.into_owned())
    }
}

impl<T: Take> Take for Option<T> {
    type Owned = Option<T::Owned>;
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<Self::Owned> {
        self.map(|v| v.take(r)).transpose()
    }
}

impl<T: Take + Lift> Take for WasmList<T> {
    type Owned = Vec<T::Owned>;
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<Self::Owned> {
        let mut out = Vec::new();
        for i in 0..self.len() {
            let item = self.get(&mut *r.store, i).expect("index below len")?;
            out.push(item.take(r)?);
        }
        Ok(out)
    }
}

macro_rules! take_plain {
    ($($t:ty),*) => {$(
        impl Take for $t {
            type Owned = $t;
            fn take(self, _: &mut Reader<'_>) -> wasmtime::Result<$t> {
                Ok(self)
            }
        }
    )*};
}
take_plain!(bool, u8, u32, u64, ExtractionStats);

impl<T: Take> Take for (T,) {
    type Owned = T::Owned;
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<T::Owned> {
        self.0.take(r)
    }
}

impl<T: Take, U: Take> Take for (T, U) {
    type Owned = (T::Owned, U::Owned);
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<Self::Owned> {
        Ok((self.0.take(r)?, self.1.take(r)?))
    }
}

impl<T: Take, E: Take> Take for Result<T, E> {
    type Owned = Result<T::Owned, E::Owned>;
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<Self::Owned> {
        Ok(match self {
            Ok(v) => Ok(v.take(r)?),
            Err(e) => Err(e.take(r)?),
        })
    }
}

/// Defines a lazily lifted record mirroring a WIT record and its `Take`
/// into the library's own type, field by field.
macro_rules! lazy_record {
    ($name:ident => $owned:ident { $($field:ident : $ty:ty = $wit:literal),* $(,)? }) => {
        #[derive(ComponentType, Lift)]
        #[component(record)]
        pub(super) struct $name {
            $(#[component(name = $wit)] $field: $ty,)*
        }
        impl Take for $name {
            type Owned = $owned;
            fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<$owned> {
                Ok($owned { $($field: self.$field.take(r)?,)* })
            }
        }
    };
}

lazy_record!(LazyContent => ExtractedContent {
    url: WasmStr = "url",
    title: Option<WasmStr> = "title",
    byline: Option<WasmStr> = "byline",
    published_iso: Option<WasmStr> = "published-iso",
    markdown: WasmStr = "markdown",
    text: WasmStr = "text",
    links: WasmList<WasmStr> = "links",
    media: WasmList<WasmStr> = "media",
    language: Option<WasmStr> = "language",
    reading_time: Option<u32> = "reading-time",
    quality_score: Option<u8> = "quality-score",
    word_count: Option<u32> = "word-count",
    categories: WasmList<WasmStr> = "categories",
    site_name: Option<WasmStr> = "site-name",
    description: Option<WasmStr> = "description",
});

lazy_record!(LazyHealth => HealthStatus {
    status: WasmStr = "status",
    version: WasmStr = "version",
    extractor_version: WasmStr = "extractor-version",
    probe_ok: bool = "probe-ok",
    memory_usage: Option<u64> = "memory-usage",
});

lazy_record!(LazyInfo => ComponentInfo {
    name: WasmStr = "name",
    version: WasmStr = "version",
    component_model_version: WasmStr = "component-model-version",
    features: WasmList<WasmStr> = "features",
    supported_modes: WasmList<WasmStr> = "supported-modes",
    build_profile: WasmStr = "build-profile",
});

/// `variant extraction-error`, lifted lazily.
#[derive(ComponentType, Lift)]
#[component(variant)]
pub(super) enum LazyError {
    #[component(name = "invalid-html")]
    InvalidHtml(WasmStr),
    #[component(name = "network-error")]
    NetworkError(WasmStr),
    #[component(name = "parse-error")]
    ParseError(WasmStr),
    #[component(name = "resource-limit")]
    ResourceLimit(WasmStr),
    #[component(name = "extractor-error")]
    ExtractorError(WasmStr),
    #[component(name = "internal-error")]
    InternalError(WasmStr),
    #[component(name = "unsupported-mode")]
    UnsupportedMode(WasmStr),
}

impl Take for LazyError {
    type Owned = Error;
    fn take(self, r: &mut Reader<'_>) -> wasmtime::Result<Error> {
        let (status, prefix, m) = match self {
            LazyError::InvalidHtml(m) => (RxStatus::InvalidHtml, "", m),
            LazyError::ParseError(m) => (RxStatus::ParseError, "", m),
            LazyError::UnsupportedMode(m) => (RxStatus::UnsupportedMode, "", m),
            LazyError::NetworkError(m) => (RxStatus::ExtractionFailed, "network-error: ", m),
            LazyError::ResourceLimit(m) => (RxStatus::ExtractionFailed, "resource-limit: ", m),
            LazyError::ExtractorError(m) => (RxStatus::ExtractionFailed, "extractor-error: ", m),
            LazyError::InternalError(m) => (RxStatus::ExtractionFailed, "internal-error: ", m),
        };
        Ok(Error::new(status, format!("{prefix}{}", m.take(r)?)))
    }
}

/// The exports' parameter and result types, as called.
pub(super) type ExtractResult = (Result<LazyContent, LazyError>,);
pub(super) type ExtractStatsResult = (Result<(LazyContent, ExtractionStats), LazyError>,);
pub(super) type ValidateResult = (Result<bool, LazyError>,);
pub(super) type HealthResult = (LazyHealth,);
pub(super) type InfoResult = (LazyInfo,);
pub(super) type ModesResult = (WasmList<WasmStr>,);
