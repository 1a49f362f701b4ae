//! Status codes shared by the safe core and the C ABI.

use std::ffi::CStr;

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
    /// The component's result (or its JSON) is larger than
    /// `max_output_bytes`; nothing past the limit was copied out.
    OutputTooLarge = 16,
    /// The component tried to hold more WASI resources (pollables, streams)
    /// at once than `max_wasi_resources`, or to poll more of them.
    ResourceLimit = 17,
    /// A signal handler the library installed to catch guest traps (SIGSEGV,
    /// SIGILL, SIGFPE) was replaced by the host after the first extractor
    /// was created; the guest was not run (see the README, "Signals").
    SignalHandlers = 18,
    /// The host could not provide what a call or a compilation needs (address
    /// space, memory or threads: mmap ENOMEM, RLIMIT_AS); not a fault of the
    /// page or the component. Retrying later or with fewer concurrent calls
    /// may succeed.
    HostResources = 19,
}

impl RxStatus {
    /// Every status, in numeric order.
    pub const fn all() -> [RxStatus; 20] {
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
            RxStatus::OutputTooLarge,
            RxStatus::ResourceLimit,
            RxStatus::SignalHandlers,
            RxStatus::HostResources,
        ]
    }

    /// Stable snake_case name, NUL-terminated for the C ABI
    /// (`rx_status_name`). The single table of names.
    pub const fn c_name(self) -> &'static CStr {
        match self {
            RxStatus::Ok => c"ok",
            RxStatus::InvalidArgument => c"invalid_argument",
            RxStatus::InvalidConfig => c"invalid_config",
            RxStatus::InvalidOptions => c"invalid_options",
            RxStatus::UnsupportedMode => c"unsupported_mode",
            RxStatus::InputTooLarge => c"input_too_large",
            RxStatus::ComponentLoad => c"component_load",
            RxStatus::Timeout => c"timeout",
            RxStatus::MemoryLimit => c"memory_limit",
            RxStatus::FuelExhausted => c"fuel_exhausted",
            RxStatus::GuestTrap => c"guest_trap",
            RxStatus::InvalidHtml => c"invalid_html",
            RxStatus::ParseError => c"parse_error",
            RxStatus::ExtractionFailed => c"extraction_failed",
            RxStatus::Panic => c"panic",
            RxStatus::Internal => c"internal",
            RxStatus::OutputTooLarge => c"output_too_large",
            RxStatus::ResourceLimit => c"resource_limit",
            RxStatus::SignalHandlers => c"signal_handlers",
            RxStatus::HostResources => c"host_resources",
        }
    }

    /// Stable snake_case name, used as `"code"` in error JSON.
    pub fn name(self) -> &'static str {
        self.c_name().to_str().expect("status names are ASCII")
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
                | RxStatus::OutputTooLarge
                | RxStatus::ResourceLimit
        )
    }
}
