package riptide

/*
#cgo CFLAGS: -I${SRCDIR}/../include
#include <stdlib.h>
#include <string.h>
#include "riptide_extractor.h"
*/
import "C"

import (
	"encoding/json"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// Version returns the native library's version ("0.1.0").
func Version() string {
	return C.GoString(C.rx_version()) // static string: not freed
}

// Extractor is a compiled extractor component plus its limits. It is safe for
// concurrent use by any number of goroutines; see the package documentation.
type Extractor struct {
	// mu guards ptr: calls hold it for reading during their C call, Close
	// holds it for writing, so the handle is never freed while in use.
	mu  sync.RWMutex
	ptr *C.RxExtractor
}

// New creates an extractor running the extractor component embedded in the
// library. cfg may be nil (all defaults). The first extractor of a process
// compiles the component (about a second); later ones reuse it.
func New(cfg *Config) (*Extractor, error) {
	cfgJSON, err := configCString(cfg)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cfgJSON))
	var ptr *C.RxExtractor
	var cerr *C.char
	st := C.rx_extractor_new(cfgJSON, &ptr, &cerr)
	return newExtractor(Status(st), ptr, cerr)
}

// NewFromFile creates an extractor running the WebAssembly component in the
// file at path (a component implementing the riptide:extractor/extractor
// world of wit/extractor.wit). A missing or unusable file fails with
// StatusComponentLoad. cfg may be nil.
func NewFromFile(path string, cfg *Config) (*Extractor, error) {
	if path == "" || strings.IndexByte(path, 0) >= 0 {
		return nil, argError("component path is empty or contains a NUL byte")
	}
	cfgJSON, err := configCString(cfg)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cfgJSON))
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var ptr *C.RxExtractor
	var cerr *C.char
	st := C.rx_extractor_new_from_file(cpath, cfgJSON, &ptr, &cerr)
	return newExtractor(Status(st), ptr, cerr)
}

// NewFromBytes creates an extractor running the component in component (the
// bytes are copied by the library). cfg may be nil.
func NewFromBytes(component []byte, cfg *Config) (*Extractor, error) {
	cfgJSON, err := configCString(cfg)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cfgJSON))
	bytes, n := bytesArg(component)
	var ptr *C.RxExtractor
	var cerr *C.char
	st := C.rx_extractor_new_from_bytes(bytes, n, cfgJSON, &ptr, &cerr)
	runtime.KeepAlive(component)
	return newExtractor(Status(st), ptr, cerr)
}

// configCString renders cfg as a C string (NULL for nil). The caller frees it
// with C.free (C.free(NULL) is fine).
func configCString(cfg *Config) (*C.char, error) {
	if cfg == nil {
		return nil, nil
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil, &Error{Status: StatusInvalidConfig, Code: StatusInvalidConfig.String(), Message: err.Error()}
	}
	return C.CString(string(data)), nil
}

func newExtractor(st Status, ptr *C.RxExtractor, cerr *C.char) (*Extractor, error) {
	if st != StatusOK {
		defer C.rx_string_free(cerr)
		if ptr != nil { // not expected: the library sets NULL on failure
			C.rx_extractor_free(ptr)
		}
		var msg []byte
		if cerr != nil {
			msg = cBytes(cerr, C.strlen(cerr))
		}
		return nil, newError(st, msg)
	}
	C.rx_string_free(cerr) // NULL on success; freeing NULL is allowed
	if ptr == nil {
		return nil, &Error{Status: StatusInternal, Code: StatusInternal.String(), Message: "library returned no extractor"}
	}
	e := &Extractor{ptr: ptr}
	runtime.SetFinalizer(e, (*Extractor).finalize)
	return e, nil
}

// finalize releases a handle that was never closed. It only runs when e is
// unreachable, hence when no call can be using it.
func (e *Extractor) finalize() {
	if e.ptr != nil {
		C.rx_extractor_free(e.ptr)
		e.ptr = nil
	}
}

// Close releases the extractor. It waits for calls already running on other
// goroutines; calls made afterwards return ErrClosed. Closing again (or a nil
// *Extractor) is a no-op. It always returns nil.
func (e *Extractor) Close() error {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ptr != nil {
		C.rx_extractor_free(e.ptr)
		e.ptr = nil
		runtime.SetFinalizer(e, nil)
	}
	return nil
}

// acquire locks e for a call and returns its handle; release with
// e.mu.RUnlock() when ptr is non-nil.
func (e *Extractor) acquire() (*C.RxExtractor, error) {
	if e == nil {
		return nil, ErrClosed
	}
	e.mu.RLock()
	if e.ptr == nil {
		e.mu.RUnlock()
		return nil, ErrClosed
	}
	return e.ptr, nil
}

// Extract extracts structured content from one page. html is the page as raw
// bytes in any charset (passed to the library without a copy, read only
// during the call); url (may be "") resolves relative links; opts may be nil
// (article mode). Failures are *Error values (see the package documentation)
// or ErrClosed; the extractor stays usable after any failure.
func (e *Extractor) Extract(html []byte, url string, opts *Options) (*ExtractedContent, error) {
	var content ExtractedContent
	err := e.extract(html, url, opts, func(data []byte) error {
		return json.Unmarshal(data, &content)
	})
	if err != nil {
		return nil, err
	}
	return &content, nil
}

// ExtractJSON is Extract returning the library's result JSON unchanged.
func (e *Extractor) ExtractJSON(html []byte, url string, opts *Options) ([]byte, error) {
	var out []byte
	err := e.extract(html, url, opts, func(data []byte) error {
		out = append([]byte(nil), data...)
		return nil
	})
	return out, err
}

func (e *Extractor) extract(html []byte, url string, opts *Options, consume func([]byte) error) error {
	optJSON, err := opts.optionsJSON()
	if err != nil {
		return err
	}
	charset := ""
	if opts != nil {
		charset = opts.Charset
	}
	curl, err := optionalCString(url, "url")
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(curl))
	ccharset, err := optionalCString(charset, "charset")
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(ccharset))
	var copts *C.char
	if optJSON != nil {
		copts = C.CString(string(optJSON))
		defer C.free(unsafe.Pointer(copts))
	}

	ptr, err := e.acquire()
	if err != nil {
		return err
	}
	defer e.mu.RUnlock()
	htmlPtr, htmlLen := bytesArg(html)
	var out *C.char
	var outLen C.size_t
	st := C.rx_extract(ptr, htmlPtr, htmlLen, curl, copts, ccharset, &out, &outLen)
	runtime.KeepAlive(html)
	runtime.KeepAlive(e)
	return consumeResult(Status(st), out, outLen, consume)
}

// ValidateHTML asks the component whether html is a usable document. charset
// is an optional hint as in Options.Charset.
func (e *Extractor) ValidateHTML(html []byte, charset string) (bool, error) {
	ccharset, err := optionalCString(charset, "charset")
	if err != nil {
		return false, err
	}
	defer C.free(unsafe.Pointer(ccharset))
	ptr, err := e.acquire()
	if err != nil {
		return false, err
	}
	defer e.mu.RUnlock()
	htmlPtr, htmlLen := bytesArg(html)
	var out *C.char
	var outLen C.size_t
	st := C.rx_extractor_validate_html(ptr, htmlPtr, htmlLen, ccharset, &out, &outLen)
	runtime.KeepAlive(html)
	runtime.KeepAlive(e)
	var v struct {
		Valid bool `json:"valid"`
	}
	err = consumeResult(Status(st), out, outLen, func(data []byte) error { return json.Unmarshal(data, &v) })
	return v.Valid, err
}

type query int

const (
	queryInfo query = iota
	queryHealth
	queryModes
	queryStats
)

// query runs one of the (extractor, &out_json, &out_len) functions and
// decodes its JSON into v.
func (e *Extractor) query(q query, v interface{}) error {
	ptr, err := e.acquire()
	if err != nil {
		return err
	}
	defer e.mu.RUnlock()
	var out *C.char
	var outLen C.size_t
	var st C.enum_RxStatus
	switch q {
	case queryInfo:
		st = C.rx_extractor_info(ptr, &out, &outLen)
	case queryHealth:
		st = C.rx_extractor_health(ptr, &out, &outLen)
	case queryModes:
		st = C.rx_extractor_modes(ptr, &out, &outLen)
	case queryStats:
		st = C.rx_extractor_stats(ptr, &out, &outLen)
	}
	runtime.KeepAlive(e)
	return consumeResult(Status(st), out, outLen, func(data []byte) error { return json.Unmarshal(data, v) })
}

// Info returns the component's self-description plus the library's version
// and the extractor's effective limits.
func (e *Extractor) Info() (*Info, error) {
	var info Info
	if err := e.query(queryInfo, &info); err != nil {
		return nil, err
	}
	return &info, nil
}

// Health runs the component's health check (it extracts a built-in probe
// page).
func (e *Extractor) Health() (*Health, error) {
	var h Health
	if err := e.query(queryHealth, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// Modes returns the mode names the component supports, e.g. ["article",
// "full", "metadata", "custom"].
func (e *Extractor) Modes() ([]string, error) {
	var modes []string
	if err := e.query(queryModes, &modes); err != nil {
		return nil, err
	}
	return modes, nil
}

// Stats returns the extractor's counters since it was created. A snapshot
// taken during concurrent calls may be mid-update.
func (e *Extractor) Stats() (*Stats, error) {
	var s Stats
	if err := e.query(queryStats, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// consumeResult frees out (a library-owned string) after handing its bytes to
// consume on success, or turning them into an *Error on failure. The bytes are
// read in place: consume must not keep them.
func consumeResult(st Status, out *C.char, outLen C.size_t, consume func([]byte) error) error {
	defer C.rx_string_free(out)
	data := cBytes(out, outLen)
	if st != StatusOK {
		return newError(st, data)
	}
	if err := consume(data); err != nil {
		return &Error{Status: StatusInternal, Code: StatusInternal.String(),
			Message: "cannot decode the library's JSON: " + err.Error()}
	}
	return nil
}

// cBytes views n bytes of C memory at p as a slice (no copy); nil for NULL.
func cBytes(p *C.char, n C.size_t) []byte {
	if p == nil || n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), int(n))
}

// bytesArg passes a Go byte slice to C without copying it (NULL, 0 when
// empty). The C side only reads it during the call, as the cgo pointer rules
// allow (the bytes contain no Go pointers).
func bytesArg(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// optionalCString returns NULL for "" and a C copy of s otherwise (free it
// with C.free). NUL bytes cannot cross the C API: they are an
// invalid_argument error.
func optionalCString(s, what string) (*C.char, error) {
	if s == "" {
		return nil, nil
	}
	if strings.IndexByte(s, 0) >= 0 {
		return nil, argError(what + " contains a NUL byte")
	}
	return C.CString(s), nil
}
