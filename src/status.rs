//! Status codes shared by the safe core and the C ABI.

/// Result of every fallible `rx_` function. The numeric values are part of the
/// ABI and never change; new codes are only ever appended.
/// `rx_status_name()` gives the stable snake_case name that also appears as
/// `"code"` in error JSON.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RxStatus {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL, a length was impossible, or a string
    /// argument was not valid UTF-8.
    InvalidArgument = 1,
    /// The configuration JSON was malformed, had an unknown field, a wrong type
    /// or a value out of range.
    InvalidConfig = 2,
    /// The options JSON was malformed, had an unknown field or a wrong type.
    InvalidOptions = 3,
    /// The mode is unknown, or a custom CSS selector is invalid, or the
    /// component does not support the mode.
    UnsupportedMode = 4,
    /// The HTML is larger than the configured `max_input_bytes`.
    InputTooLarge = 5,
    /// The component could not be loaded: missing or unreadable file, not a
    /// WebAssembly component, or it does not implement the
    /// `riptide:extractor/extractor` world.
    ComponentLoad = 6,
    /// The extraction ran past the configured `timeout_ms` and was stopped.
    Timeout = 7,
    /// The component tried to grow its memory past `max_memory_bytes`.
    MemoryLimit = 8,
    /// The component used up its `fuel` budget.
    FuelExhausted = 9,
    /// The component trapped (panic, abort, stack overflow, invalid output).
    GuestTrap = 10,
    /// The component reported that the input is not usable HTML (for example
    /// an empty document).
    InvalidHtml = 11,
    /// The component reported a parse error.
    ParseError = 12,
    /// The component reported an extraction failure (extractor-error,
    /// network-error, resource-limit or internal-error).
    ExtractionFailed = 13,
    /// A Rust panic was caught at the library boundary (a bug in the library).
    Panic = 14,
    /// An unexpected failure inside the library (for example the engine could
    /// not be created).
    Internal = 15,
}

impl RxStatus {
    /// Every status, in numeric order.
    pub const fn all() -> [RxStatus; 16] {
        [
            RxStatus::Ok,
            RxStatus::InvalidArgument,
            RxStatus::InvalidConfig,
            RxStatus::InvalidOptions,
            RxStatus::UnsupportedMode,
            RxStatus::InputTooLarge,
            RxStatus::ComponentLoad,
            RxStatus::Timeout,
            RxStatus::MemoryLimit,
            RxStatus::FuelExhausted,
            RxStatus::GuestTrap,
            RxStatus::InvalidHtml,
            RxStatus::ParseError,
            RxStatus::ExtractionFailed,
            RxStatus::Panic,
            RxStatus::Internal,
        ]
    }

    /// Stable snake_case name, used as `"code"` in error JSON.
    pub const fn name(self) -> &'static str {
        match self {
            RxStatus::Ok => "ok",
            RxStatus::InvalidArgument => "invalid_argument",
            RxStatus::InvalidConfig => "invalid_config",
            RxStatus::InvalidOptions => "invalid_options",
            RxStatus::UnsupportedMode => "unsupported_mode",
            RxStatus::InputTooLarge => "input_too_large",
            RxStatus::ComponentLoad => "component_load",
            RxStatus::Timeout => "timeout",
            RxStatus::MemoryLimit => "memory_limit",
            RxStatus::FuelExhausted => "fuel_exhausted",
            RxStatus::GuestTrap => "guest_trap",
            RxStatus::InvalidHtml => "invalid_html",
            RxStatus::ParseError => "parse_error",
            RxStatus::ExtractionFailed => "extraction_failed",
            RxStatus::Panic => "panic",
            RxStatus::Internal => "internal",
        }
    }

    /// The status with this numeric value, if any.
    pub fn from_code(code: i64) -> Option<RxStatus> {
        RxStatus::all().iter().copied().find(|s| *s as i64 == code)
    }

    /// True for the statuses that mean a configured limit was hit.
    pub const fn is_limit(self) -> bool {
        matches!(
            self,
            RxStatus::Timeout
                | RxStatus::MemoryLimit
                | RxStatus::FuelExhausted
                | RxStatus::InputTooLarge
        )
    }
}
