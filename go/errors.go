package riptide

/*
#include "riptide_extractor.h"
*/
import "C"

import (
	"encoding/json"
	"errors"
)

// Status is the library's numeric status code (the C enum RxStatus). The
// values are part of the library's ABI and never change.
type Status int

// The status codes, mirroring RX_STATUS_* of riptide_extractor.h.
const (
	StatusOK               Status = C.RX_STATUS_OK                // success
	StatusInvalidArgument  Status = C.RX_STATUS_INVALID_ARGUMENT  // NULL pointer, impossible length, invalid UTF-8 argument
	StatusInvalidConfig    Status = C.RX_STATUS_INVALID_CONFIG    // malformed config, unknown field, value out of range
	StatusInvalidOptions   Status = C.RX_STATUS_INVALID_OPTIONS   // malformed options, unknown field, wrong type
	StatusUnsupportedMode  Status = C.RX_STATUS_UNSUPPORTED_MODE  // unknown mode, empty or invalid CSS selector
	StatusInputTooLarge    Status = C.RX_STATUS_INPUT_TOO_LARGE   // HTML larger than Config.MaxInputBytes
	StatusComponentLoad    Status = C.RX_STATUS_COMPONENT_LOAD    // component missing, not a component, wrong world
	StatusTimeout          Status = C.RX_STATUS_TIMEOUT           // ran past Config.TimeoutMs
	StatusMemoryLimit      Status = C.RX_STATUS_MEMORY_LIMIT      // tried to grow memory past Config.MaxMemoryBytes
	StatusFuelExhausted    Status = C.RX_STATUS_FUEL_EXHAUSTED    // used up its Config.Fuel budget
	StatusGuestTrap        Status = C.RX_STATUS_GUEST_TRAP        // the component panicked, aborted, overflowed its stack, returned invalid data
	StatusInvalidHTML      Status = C.RX_STATUS_INVALID_HTML      // the component found no usable document
	StatusParseError       Status = C.RX_STATUS_PARSE_ERROR       // the component reported a parse error
	StatusExtractionFailed Status = C.RX_STATUS_EXTRACTION_FAILED // the component reported another failure
	StatusPanic            Status = C.RX_STATUS_PANIC             // a Rust panic caught at the library boundary (a library bug)
	StatusInternal         Status = C.RX_STATUS_INTERNAL          // unexpected internal failure
	StatusOutputTooLarge   Status = C.RX_STATUS_OUTPUT_TOO_LARGE  // result larger than Config.MaxOutputBytes
	StatusResourceLimit    Status = C.RX_STATUS_RESOURCE_LIMIT    // held more WASI resources than Config.MaxWasiResources
	StatusSignalHandlers   Status = C.RX_STATUS_SIGNAL_HANDLERS   // the library's SIGSEGV/SIGILL/SIGFPE handler was replaced; the guest was not run
	StatusHostResources    Status = C.RX_STATUS_HOST_RESOURCES    // the host had no memory or address space for the call (RLIMIT_AS, ENOMEM)
)

// String returns the stable snake_case name of the status ("ok", "timeout",
// ...), the same text as Error.Code; "unknown" for a value that is not a
// status.
func (s Status) String() string {
	if int64(s) < -1<<31 || int64(s) > 1<<31-1 {
		return "unknown"
	}
	return C.GoString(C.rx_status_name(C.int(s))) // static string: not freed
}

// Sentinel errors for errors.Is. *Error values match them by status (see
// Error.Is); ErrClosed is returned as is.
var (
	// ErrClosed: the Extractor was closed.
	ErrClosed = errors.New("riptide: extractor is closed")
	// ErrTimeout matches StatusTimeout.
	ErrTimeout = errors.New("riptide: timeout")
	// ErrMemoryLimit matches StatusMemoryLimit.
	ErrMemoryLimit = errors.New("riptide: memory limit")
	// ErrFuelExhausted matches StatusFuelExhausted.
	ErrFuelExhausted = errors.New("riptide: fuel exhausted")
	// ErrInputTooLarge matches StatusInputTooLarge.
	ErrInputTooLarge = errors.New("riptide: input too large")
	// ErrOutputTooLarge matches StatusOutputTooLarge.
	ErrOutputTooLarge = errors.New("riptide: output too large")
	// ErrResourceLimit matches StatusResourceLimit.
	ErrResourceLimit = errors.New("riptide: WASI resource limit")
	// ErrInvalidInput matches every status that blames the caller's input:
	// StatusInvalidArgument, StatusInvalidOptions, StatusUnsupportedMode,
	// StatusInvalidHTML and StatusInputTooLarge.
	ErrInvalidInput = errors.New("riptide: invalid input")
	// ErrInvalidConfig matches StatusInvalidConfig.
	ErrInvalidConfig = errors.New("riptide: invalid config")
	// ErrComponentLoad matches StatusComponentLoad.
	ErrComponentLoad = errors.New("riptide: component load")
	// ErrGuestTrap matches StatusGuestTrap.
	ErrGuestTrap = errors.New("riptide: guest trap")
	// ErrHostResources matches StatusHostResources: the process is short of
	// memory or address space (not the page's fault; retry later or with
	// fewer concurrent calls, or use Config.AddressSpace "compact").
	ErrHostResources = errors.New("riptide: host resources")
	// ErrSignalHandlers matches StatusSignalHandlers.
	ErrSignalHandlers = errors.New("riptide: signal handlers replaced")
)

// Error is a failure reported by the library.
type Error struct {
	// Status is the C status code.
	Status Status
	// Code is the status name from the error JSON ("timeout", ...), equal to
	// Status.String().
	Code string
	// Message is the library's human-readable explanation.
	Message string
}

// Error implements the error interface: "riptide: <code>: <message>".
func (e *Error) Error() string {
	if e.Message == "" {
		return "riptide: " + e.Code
	}
	return "riptide: " + e.Code + ": " + e.Message
}

// Is reports whether e matches target: one of the sentinel errors (see their
// documentation), or an *Error with the same Status.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrTimeout:
		return e.Status == StatusTimeout
	case ErrMemoryLimit:
		return e.Status == StatusMemoryLimit
	case ErrFuelExhausted:
		return e.Status == StatusFuelExhausted
	case ErrInputTooLarge:
		return e.Status == StatusInputTooLarge
	case ErrOutputTooLarge:
		return e.Status == StatusOutputTooLarge
	case ErrResourceLimit:
		return e.Status == StatusResourceLimit
	case ErrInvalidConfig:
		return e.Status == StatusInvalidConfig
	case ErrComponentLoad:
		return e.Status == StatusComponentLoad
	case ErrGuestTrap:
		return e.Status == StatusGuestTrap
	case ErrHostResources:
		return e.Status == StatusHostResources
	case ErrSignalHandlers:
		return e.Status == StatusSignalHandlers
	case ErrInvalidInput:
		switch e.Status {
		case StatusInvalidArgument, StatusInvalidOptions, StatusUnsupportedMode,
			StatusInvalidHTML, StatusInputTooLarge:
			return true
		}
		return false
	}
	if t, ok := target.(*Error); ok && t != nil {
		return t.Status == e.Status
	}
	return false
}

// newError builds an *Error from a failing status and the error JSON
// {"code", "message"} the library returned (possibly empty).
func newError(status Status, errJSON []byte) *Error {
	e := &Error{Status: status}
	var parsed struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if len(errJSON) > 0 {
		if json.Unmarshal(errJSON, &parsed) == nil {
			e.Code, e.Message = parsed.Code, parsed.Message
		} else {
			e.Message = string(errJSON)
		}
	}
	if e.Code == "" {
		e.Code = status.String()
	}
	return e
}

// argError is an invalid_argument failure detected on the Go side.
func argError(msg string) *Error {
	return &Error{Status: StatusInvalidArgument, Code: StatusInvalidArgument.String(), Message: msg}
}
