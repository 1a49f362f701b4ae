//! Extractor configuration and per-call options, parsed from JSON.

use crate::error::{Error, Result};
use crate::status::RxStatus;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const MIB: u64 = 1024 * 1024;
/// Default memory cap per instance: 128 MiB (2048 WebAssembly pages), what
/// the default component needs for a page of `DEFAULT_MAX_INPUT_BYTES` in any
/// mode (README, "Limits": at most 26 MiB per input MiB, plus 3 MiB).
pub const DEFAULT_MAX_MEMORY_BYTES: u64 = 128 * MIB;
/// Default execution deadline per call: 30 s.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Default maximum input size: 4 MiB (the largest real page of the
/// evaluation corpora is 1.6 MiB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 4 * MIB;
/// Default cap on a result, as a multiple of `max_memory_bytes` (4: 512 MiB
/// with the default memory cap; the README's limits table says why).
pub const OUTPUT_BYTES_PER_MEMORY_BYTE: u64 = 4;
/// Default cap on one call's live WASI resources (pollables, streams).
pub const DEFAULT_MAX_WASI_RESOURCES: u32 = 1000;

/// Extractor configuration. JSON form (every field optional):
/// `{"max_memory_bytes": 134217728, "timeout_ms": 30000, "fuel": null,
///   "max_input_bytes": 4194304, "max_output_bytes": null,
///   "max_wasi_resources": 1000, "cache_dir": null, "cache_warnings": false,
///   "instance_allocator": "on-demand", "preinit": true,
///   "address_space": "large", "signal_check": true}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Cap on one instance's linear memory, in bytes (1 MiB ..= 4 GiB).
    pub max_memory_bytes: u64,
    /// Execution deadline of one call, in milliseconds (1 ..= 86 400 000).
    pub timeout_ms: u64,
    /// Optional fuel budget per call (WebAssembly instructions, roughly);
    /// `null` disables fuel metering (it costs ~25% speed).
    pub fuel: Option<u64>,
    /// Largest accepted HTML input, in bytes (1 ..= 1 GiB).
    pub max_input_bytes: u64,
    /// Largest result, in bytes (1 KiB ..= 16 GiB): both what the
    /// component's strings cost the host when copied out of guest memory
    /// (each string's length plus 24 bytes, counted before it is copied) and
    /// the length of the result JSON. `null`: 4 x `max_memory_bytes`.
    pub max_output_bytes: Option<u64>,
    /// Most WASI resource-table entries (streams, pollables; a clock
    /// pollable takes two) one call may hold at once, and most pollables one
    /// `poll` may take (1 ..= 1,000,000).
    pub max_wasi_resources: u32,
    /// Directory of the persistent compiled-code cache: `null` = the default
    /// (`$RX_CACHE_DIR`, else `$XDG_CACHE_HOME/riptide-extractor`, else
    /// `~/.cache/riptide-extractor`), `""` = no cache.
    pub cache_dir: Option<String>,
    /// Print, once per process, to stderr why the compiled-code cache is not
    /// used or not written (`rx_extractor_info`'s `"cache"` always says).
    pub cache_warnings: bool,
    /// How instance memory is allocated; see [`InstanceAllocator`].
    pub instance_allocator: InstanceAllocator,
    /// Pre-initialise components that export `preinit` (the default one
    /// does): every call's fresh instance then starts from a snapshot taken
    /// after the component's warm-up instead of rebuilding its lazy state.
    pub preinit: bool,
    /// How much address space each concurrent call reserves; see
    /// [`AddressSpace`].
    pub address_space: AddressSpace,
    /// Check before running guest code that the library's trap signal
    /// handlers are still installed (`SignalHandlers` when not). `false` only
    /// for hosts whose later handlers call the ones they replaced.
    pub signal_check: bool,
}

/// The address space reserved for an instance's linear memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddressSpace {
    /// `"large"` (default): 4 GiB plus 32 MiB guard regions on each side per
    /// concurrent call, so the compiled code needs no bounds checks.
    #[default]
    Large,
    /// `"compact"`: [`COMPACT_RESERVATION`] per memory plus 64 KiB guards;
    /// memory that grows past it is moved, and loads and stores are bounds
    /// checked (slower, see the README). For processes under `RLIMIT_AS` or
    /// with many concurrent calls.
    Compact,
}

/// Address space a `"compact"` memory reserves to grow into before it moves.
pub const COMPACT_RESERVATION: u64 = 128 * MIB;

/// Where the sandbox's per-call instances get their memory from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceAllocator {
    /// `"on-demand"` (default): every call maps fresh memory (copy-on-write
    /// from the compiled image) and unmaps it afterwards.
    #[default]
    OnDemand,
    /// `"pooling"`: memory slots reserved once per process and reset between
    /// calls; 4-9% faster per call (see tests/bench/README.md), at most
    /// 1000 concurrent extractions per process, and exposed to
    /// RUSTSEC-2026-0088 (data leakage between pooling-allocator instances,
    /// unfixed in Wasmtime 37): opt in only when the pages of one process may
    /// be visible to each other.
    Pooling,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_memory_bytes: DEFAULT_MAX_MEMORY_BYTES,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            fuel: None,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_output_bytes: None,
            max_wasi_resources: DEFAULT_MAX_WASI_RESOURCES,
            cache_dir: None,
            cache_warnings: false,
            instance_allocator: InstanceAllocator::OnDemand,
            preinit: true,
            address_space: AddressSpace::Large,
            signal_check: true,
        }
    }
}

impl Config {
    /// Parses and validates a JSON configuration. Empty or whitespace-only text
    /// means the defaults.
    pub fn from_json(json: &str) -> Result<Config> {
        if json.trim().is_empty() {
            return Ok(Config::default());
        }
        let bad = |m: String| Error::new(RxStatus::InvalidConfig, m);
        let value: Value =
            serde_json::from_str(json).map_err(|e| bad(format!("config JSON: {e}")))?;
        if !value.is_object() {
            return Err(bad(format!("config JSON must be an object, got {value}")));
        }
        let config: Config =
            serde_json::from_value(value).map_err(|e| bad(format!("config JSON: {e}")))?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::new(RxStatus::InvalidConfig, m));
        if !(MIB..=4096 * MIB).contains(&self.max_memory_bytes) {
            return bad(format!(
                "max_memory_bytes must be between 1 MiB and 4 GiB, got {}",
                self.max_memory_bytes
            ));
        }
        if !(1..=86_400_000).contains(&self.timeout_ms) {
            return bad(format!(
                "timeout_ms must be between 1 and 86400000, got {}",
                self.timeout_ms
            ));
        }
        if self.fuel == Some(0) {
            return bad("fuel must be positive (or null to disable fuel metering)".into());
        }
        if !(1..=1024 * MIB).contains(&self.max_input_bytes) {
            return bad(format!(
                "max_input_bytes must be between 1 and 1 GiB, got {}",
                self.max_input_bytes
            ));
        }
        if let Some(n) = self
            .max_output_bytes
            .filter(|n| !(1024..=16384 * MIB).contains(n))
        {
            return bad(format!(
                "max_output_bytes must be between 1 KiB and 16 GiB (or null), got {n}"
            ));
        }
        if !(1..=1_000_000).contains(&self.max_wasi_resources) {
            return bad(format!(
                "max_wasi_resources must be between 1 and 1000000, got {}",
                self.max_wasi_resources
            ));
        }
        Ok(())
    }

    /// The effective `max_output_bytes`.
    pub fn output_limit(&self) -> u64 {
        self.max_output_bytes
            .unwrap_or(OUTPUT_BYTES_PER_MEMORY_BYTE * self.max_memory_bytes)
    }

    /// The configuration in effect, as JSON: every field, with
    /// `max_output_bytes` and `cache_dir` resolved.
    pub fn to_json_value(&self) -> Value {
        let effective = Config {
            max_output_bytes: Some(self.output_limit()),
            cache_dir: crate::cache::resolve_dir(self.cache_dir.as_deref())
                .map(|dir| dir.to_string_lossy().into_owned()),
            ..self.clone()
        };
        serde_json::to_value(effective).expect("a Config always serialises")
    }
}

/// What to extract (mirrors the WIT `extraction-mode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Article,
    Full,
    Metadata,
    /// CSS selectors; their matches' content in document order.
    Custom(Vec<String>),
}

/// What article mode's pruning favours (mirrors the WIT `favor`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Favor {
    /// The default.
    #[default]
    Balanced,
    /// Less text that is not the article, at the cost of some of it.
    Precision,
    /// More of the article, at the cost of some text that is not.
    Recall,
}

impl Favor {
    /// Every favor, in the order of the WIT enum.
    pub const ALL: [Favor; 3] = [Favor::Balanced, Favor::Precision, Favor::Recall];

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Favor::Balanced => "balanced",
            Favor::Precision => "precision",
            Favor::Recall => "recall",
        }
    }

    fn from_name(name: &str) -> Option<Favor> {
        Favor::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Per-call options. JSON form (every field optional):
/// `{"mode": "article"}`, `{"mode": "full"}`, `{"mode": "metadata"}`,
/// `{"mode": {"custom": ["article .body", "h1"]}}`, plus `"with_stats": true`
/// to add a `"stats"` object to the result, `"markdown": false` to skip
/// the Markdown conversion (`markdown` is then `""`) and `"favor":
/// "balanced" | "precision" | "recall"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractOptions {
    pub mode: Mode,
    pub with_stats: bool,
    pub markdown: bool,
    pub favor: Favor,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            mode: Mode::Article,
            with_stats: false,
            markdown: true,
            favor: Favor::Balanced,
        }
    }
}

impl ExtractOptions {
    /// Parses options JSON. Empty text means the defaults (article mode).
    /// Malformed JSON, unknown fields and wrong types are `InvalidOptions`;
    /// an unknown mode name is `UnsupportedMode`.
    pub fn from_json(json: &str) -> Result<ExtractOptions> {
        if json.trim().is_empty() {
            return Ok(ExtractOptions::default());
        }
        let bad = |m: String| Error::new(RxStatus::InvalidOptions, m);
        let value: Value =
            serde_json::from_str(json).map_err(|e| bad(format!("options JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(bad("options JSON must be an object".into()));
        };
        let mut options = ExtractOptions::default();
        for (key, value) in map {
            match key.as_str() {
                "mode" => options.mode = parse_mode(&value)?,
                "with_stats" => options.with_stats = flag(&key, &value)?,
                "markdown" => options.markdown = flag(&key, &value)?,
                "favor" => {
                    options.favor = value.as_str().and_then(Favor::from_name).ok_or_else(|| {
                        bad(format!(
                            "option \"favor\" must be one of {:?}, got {value}",
                            Favor::ALL.map(Favor::name)
                        ))
                    })?
                }
                other => {
                    return Err(bad(format!(
                        "unknown option {other:?} (known: \"mode\", \"with_stats\", \"markdown\", \"favor\")"
                    )))
                }
            }
        }
        Ok(options)
    }
}

/// A boolean option's value; anything else is `InvalidOptions`.
fn flag(key: &str, value: &Value) -> Result<bool> {
    value.as_bool().ok_or_else(|| {
        Error::new(
            RxStatus::InvalidOptions,
            format!("{key} must be a boolean, got {value}"),
        )
    })
}

fn parse_mode(value: &Value) -> Result<Mode> {
    let unsupported = |m: String| Error::new(RxStatus::UnsupportedMode, m);
    match value {
        Value::String(name) => match name.as_str() {
            "article" => Ok(Mode::Article),
            "full" => Ok(Mode::Full),
            "metadata" => Ok(Mode::Metadata),
            "custom" => Err(unsupported(
                "mode \"custom\" needs selectors: {\"mode\": {\"custom\": [\"css selector\"]}}".into(),
            )),
            other => Err(unsupported(format!(
                "unknown mode {other:?} (known: article, full, metadata, custom)"
            ))),
        },
        Value::Object(map) if map.len() == 1 && map.contains_key("custom") => {
            let list = map["custom"].as_array().ok_or_else(|| {
                Error::new(RxStatus::InvalidOptions, "mode.custom must be an array of strings")
            })?;
            let mut selectors = Vec::with_capacity(list.len());
            for item in list {
                let s = item.as_str().ok_or_else(|| {
                    Error::new(
                        RxStatus::InvalidOptions,
                        format!("mode.custom must be an array of strings, found {item}"),
                    )
                })?;
                selectors.push(s.to_owned());
            }
            if selectors.is_empty() {
                return Err(unsupported("mode.custom needs at least one CSS selector".into()));
            }
            Ok(Mode::Custom(selectors))
        }
        other => Err(Error::new(
            RxStatus::InvalidOptions,
            format!("mode must be \"article\", \"full\", \"metadata\" or {{\"custom\": [...]}}, got {other}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_default() {
        assert_eq!(Config::from_json("").unwrap(), Config::default());
        assert_eq!(Config::from_json(" {} ").unwrap(), Config::default());
        assert_eq!(Config::default().max_memory_bytes, 2048 * 65536);
        assert_eq!(Config::default().max_input_bytes, 4 * MIB);
    }

    #[test]
    fn config_fields_parse_and_validate() {
        let c = Config::from_json(r#"{"max_memory_bytes": 33554432, "timeout_ms": 500, "fuel": 1000000, "max_input_bytes": 1024}"#).unwrap();
        assert_eq!(c.max_memory_bytes, 32 * MIB);
        assert_eq!(c.timeout_ms, 500);
        assert_eq!(c.fuel, Some(1_000_000));
        assert_eq!(c.max_input_bytes, 1024);
        for bad in [
            r#"{"timeout_ms": 0}"#,
            r#"{"max_memory_bytes": 1000}"#,
            r#"{"max_memory_bytes": 9999999999999}"#,
            r#"{"fuel": 0}"#,
            r#"{"max_input_bytes": 0}"#,
            r#"{"max_output_bytes": 1023}"#,
            r#"{"max_output_bytes": 17179869185}"#,
            r#"{"max_output_bytes": "big"}"#,
            r#"{"max_wasi_resources": 0}"#,
            r#"{"max_wasi_resources": 1000001}"#,
            r#"{"timeout_ms": "fast"}"#,
            r#"{"timeout_ms": -5}"#,
            r#"{"unknown": 1}"#,
            r#"{"timeout_ms": 5"#,
            "[]",
            "null",
        ] {
            let e = Config::from_json(bad).unwrap_err();
            assert_eq!(e.status, RxStatus::InvalidConfig, "{bad}: {e}");
        }
    }

    #[test]
    fn address_space_and_signal_check_parse() {
        let c =
            Config::from_json(r#"{"address_space": "compact", "signal_check": false}"#).unwrap();
        assert_eq!(c.address_space, AddressSpace::Compact);
        assert!(!c.signal_check);
        let d = Config::default();
        assert_eq!(d.address_space, AddressSpace::Large);
        assert!(d.signal_check);
        assert_eq!(d.to_json_value()["address_space"], "large");
        for bad in [r#"{"address_space": "small"}"#, r#"{"signal_check": 1}"#] {
            assert_eq!(
                Config::from_json(bad).unwrap_err().status,
                RxStatus::InvalidConfig,
                "{bad}"
            );
        }
    }

    #[test]
    fn options_parse_every_mode() {
        assert_eq!(ExtractOptions::from_json("").unwrap().mode, Mode::Article);
        assert_eq!(
            ExtractOptions::from_json(r#"{"mode":"full"}"#)
                .unwrap()
                .mode,
            Mode::Full
        );
        assert_eq!(
            ExtractOptions::from_json(r#"{"mode":"metadata"}"#)
                .unwrap()
                .mode,
            Mode::Metadata
        );
        let o = ExtractOptions::from_json(r#"{"mode":{"custom":["a .b","h1"]},"with_stats":true}"#)
            .unwrap();
        assert_eq!(o.mode, Mode::Custom(vec!["a .b".into(), "h1".into()]));
        assert!(o.with_stats);
        assert!(o.markdown);
        let o = ExtractOptions::from_json(r#"{"markdown":false}"#).unwrap();
        assert!(!o.markdown && !o.with_stats && o.mode == Mode::Article);
        assert_eq!(o.favor, Favor::Balanced);
        for (name, favor) in [
            ("balanced", Favor::Balanced),
            ("precision", Favor::Precision),
            ("recall", Favor::Recall),
        ] {
            let o = ExtractOptions::from_json(&format!(r#"{{"favor":"{name}"}}"#)).unwrap();
            assert_eq!(o.favor, favor, "{name}");
        }
    }

    #[test]
    fn options_errors_have_the_right_status() {
        let cases = [
            (r#"{"mode":"summary"}"#, RxStatus::UnsupportedMode),
            (r#"{"mode":"custom"}"#, RxStatus::UnsupportedMode),
            (r#"{"mode":{"custom":[]}}"#, RxStatus::UnsupportedMode),
            (r#"{"mode":{"custom":"h1"}}"#, RxStatus::InvalidOptions),
            (r#"{"mode":{"custom":[1]}}"#, RxStatus::InvalidOptions),
            (r#"{"mode":{"other":[]}}"#, RxStatus::InvalidOptions),
            (r#"{"mode":7}"#, RxStatus::InvalidOptions),
            (r#"{"with_stats":"yes"}"#, RxStatus::InvalidOptions),
            (r#"{"markdown":0}"#, RxStatus::InvalidOptions),
            (r#"{"favor":"speed"}"#, RxStatus::InvalidOptions),
            (r#"{"favor":"Precision"}"#, RxStatus::InvalidOptions),
            (r#"{"favor":1}"#, RxStatus::InvalidOptions),
            (r#"{"colour":"blue"}"#, RxStatus::InvalidOptions),
            (r#"{"mode":"#, RxStatus::InvalidOptions),
            (r#""article""#, RxStatus::InvalidOptions),
        ];
        for (json, status) in cases {
            assert_eq!(
                ExtractOptions::from_json(json).unwrap_err().status,
                status,
                "{json}"
            );
        }
    }
}
