package riptide

import "encoding/json"

// Config holds an extractor's limits. Zero values (and a nil Fuel) mean the
// library's defaults, which are given on each field. A nil *Config means all
// defaults.
type Config struct {
	// MaxMemoryBytes caps one sandbox instance's memory (1 MiB ..= 4 GiB;
	// default 128 MiB). Hitting it fails the call with ErrMemoryLimit.
	MaxMemoryBytes uint64 `json:"max_memory_bytes,omitempty"`
	// TimeoutMs is the deadline of one call in milliseconds (1 ..= 86400000;
	// default 30000). Hitting it fails the call with ErrTimeout.
	TimeoutMs uint64 `json:"timeout_ms,omitempty"`
	// Fuel is an optional budget of WebAssembly instructions (roughly) per
	// call; nil (the default) disables fuel metering, which costs ~25% speed.
	// Hitting it fails the call with ErrFuelExhausted.
	Fuel *uint64 `json:"fuel,omitempty"`
	// MaxInputBytes is the largest accepted HTML input (1 ..= 1 GiB; default
	// 4 MiB). Larger input fails with ErrInputTooLarge before it is read.
	MaxInputBytes uint64 `json:"max_input_bytes,omitempty"`
	// MaxOutputBytes caps a result (1 KiB ..= 16 GiB; default 4 x
	// MaxMemoryBytes): what its strings cost when copied out of the sandbox
	// (each string's length + 24 bytes, counted before copying) and the
	// length of the result JSON. Past it the call fails with ErrOutputTooLarge.
	MaxOutputBytes uint64 `json:"max_output_bytes,omitempty"`
	// MaxWasiResources caps the WASI resources (streams, pollables; a clock
	// pollable takes two) one call may hold at once, and the pollables one
	// poll may take (1 ..= 1000000; default 1000). Past it the call fails
	// with ErrResourceLimit.
	MaxWasiResources uint32 `json:"max_wasi_resources,omitempty"`
	// InstanceAllocator is "on-demand" (the default, also for "") or
	// "pooling": 1.04x (34 KB page) to 1.09x (1 KB page) faster per call
	// (the allocator rows of tests/bench/README.md), but exposed to
	// RUSTSEC-2026-0088 (data leakage between pooling-allocator instances in
	// Wasmtime 37); see the README before choosing it.
	InstanceAllocator string `json:"instance_allocator,omitempty"`
	// Preinit (default true when nil) starts every call from a snapshot of
	// the component taken after its warm-up, when the component exports one
	// (the default component does); false runs the component as given.
	Preinit *bool `json:"preinit,omitempty"`
	// AddressSpace is "large" (the default, also for ""): each concurrent
	// call reserves ~4.1 GiB of address space so compiled code needs no
	// bounds checks; or "compact": ~130 MiB per call, bounds-checked and
	// slower, for processes under RLIMIT_AS (`ulimit -v`).
	AddressSpace string `json:"address_space,omitempty"`
	// SignalCheck (default true when nil) refuses to run guest code, with
	// ErrSignalHandlers, once a SIGSEGV/SIGILL/SIGFPE handler of the library
	// was replaced; false only when every later handler chains to the one it
	// replaced (see the README, "Signals").
	SignalCheck *bool `json:"signal_check,omitempty"`
	// CacheWarnings prints, once per process, to stderr why the compiled-code
	// cache is not used (a directory others can write, say) or not written;
	// Info's "cache" object always says. Default false.
	CacheWarnings bool `json:"cache_warnings,omitempty"`
	// CacheDir is where compiled code is kept: nil for the default
	// ($RX_CACHE_DIR, else $XDG_CACHE_HOME/riptide-extractor, else
	// ~/.cache/riptide-extractor), a pointer to "" to disable the cache.
	CacheDir *string `json:"cache_dir,omitempty"`
}

// Mode selects what Extract returns.
type Mode string

// The extraction modes.
const (
	// ModeArticle: the main article (readability-style) plus metadata. The
	// default (also for the zero value "").
	ModeArticle Mode = "article"
	// ModeFull: all visible content of the page in document order, plus
	// metadata.
	ModeFull Mode = "full"
	// ModeMetadata: metadata only; Text and Markdown are empty.
	ModeMetadata Mode = "metadata"
	// ModeCustom: the content of the elements matching Options.Selectors (CSS
	// selectors), in document order, plus metadata.
	ModeCustom Mode = "custom"
)

// Options are per-call extraction options. A nil *Options means article mode
// without stats.
type Options struct {
	// Mode is the extraction mode; "" means ModeArticle. Other strings are
	// passed to the library as mode names (an unknown one fails with
	// StatusUnsupportedMode).
	Mode Mode
	// Selectors are the CSS selectors of ModeCustom (at least one). They are
	// only allowed with ModeCustom.
	Selectors []string
	// Charset is the transport-layer charset hint: a label ("iso-8859-1") or
	// a whole Content-Type value ("text/html; charset=Shift_JIS"); "" for
	// none. Input is decoded from its byte order mark, then this hint, then
	// <meta charset>, then UTF-8 or detection.
	Charset string
	// WithStats adds ExtractedContent.Stats.
	WithStats bool
	// SkipMarkdown skips the Markdown conversion: Markdown is "" (for
	// indexing Text only).
	SkipMarkdown bool
	// Favor sets what article mode's pruning favours: "" or "balanced"
	// (the default), "precision" (captions, link-dense lines and short
	// closing sentences go too) or "recall" (photo credits stay, shorter
	// lead blocks are taken; a readability result that misses much of the
	// main region gives way to it).
	Favor string
}

// optionsJSON renders the options JSON for rx_extract, or nil for defaults.
func (o *Options) optionsJSON() ([]byte, error) {
	if o == nil {
		return nil, nil
	}
	var wire struct {
		Mode      interface{} `json:"mode,omitempty"`
		WithStats bool        `json:"with_stats,omitempty"`
		Markdown  *bool       `json:"markdown,omitempty"`
		Favor     string      `json:"favor,omitempty"`
	}
	wire.WithStats = o.WithStats
	wire.Favor = o.Favor
	if o.SkipMarkdown {
		no := false
		wire.Markdown = &no
	}
	switch o.Mode {
	case "":
		if len(o.Selectors) > 0 {
			return nil, &Error{Status: StatusInvalidOptions, Code: StatusInvalidOptions.String(),
				Message: "Selectors need Mode: ModeCustom"}
		}
	case ModeCustom:
		selectors := o.Selectors
		if selectors == nil {
			selectors = []string{} // "at least one selector" from the library, not a type error
		}
		wire.Mode = map[string][]string{"custom": selectors}
	default:
		if len(o.Selectors) > 0 {
			return nil, &Error{Status: StatusInvalidOptions, Code: StatusInvalidOptions.String(),
				Message: "Selectors need Mode: ModeCustom, got mode " + string(o.Mode)}
		}
		wire.Mode = string(o.Mode)
	}
	return json.Marshal(&wire)
}

// ExtractedContent is the result of Extract: the JSON object documented in
// riptide_extractor.h, field for field. Optional values are pointers, nil
// when the page does not have them (JSON null); lists are never nil after a
// successful Extract.
type ExtractedContent struct {
	// URL is the page URL as given (or as the component reported it).
	URL string `json:"url"`
	// Title of the page or article.
	Title *string `json:"title"`
	// Byline is the author.
	Byline *string `json:"byline"`
	// PublishedISO is the publication date, ISO 8601 with the page's offset
	// when it gives one.
	PublishedISO *string `json:"published_iso"`
	// Markdown is the content as Markdown ("" in ModeMetadata).
	Markdown string `json:"markdown"`
	// Text is the content as plain text ("" in ModeMetadata).
	Text string `json:"text"`
	// Links are absolute, de-duplicated link URLs.
	Links []string `json:"links"`
	// Media are absolute, de-duplicated image and media URLs.
	Media []string `json:"media"`
	// Language is the detected or declared language code ("en").
	Language *string `json:"language"`
	// ReadingTime is the estimated reading time in minutes.
	ReadingTime *uint32 `json:"reading_time"`
	// QualityScore is 0..100.
	QualityScore *uint8 `json:"quality_score"`
	// WordCount is the number of words of Text.
	WordCount *uint32 `json:"word_count"`
	// Categories are the page's sections, keywords or tags.
	Categories []string `json:"categories"`
	// SiteName is the publication's name.
	SiteName *string `json:"site_name"`
	// Description is the page's summary.
	Description *string `json:"description"`
	// Stats is set only when Options.WithStats was true.
	Stats *ExtractionStats `json:"stats,omitempty"`
}

// ExtractionStats are figures about one extraction (Options.WithStats).
type ExtractionStats struct {
	// ProcessingTimeMs is the time inside the sandbox, as the component
	// measured it.
	ProcessingTimeMs uint64 `json:"processing_time_ms"`
	// MemoryUsed is the sandbox's linear memory after the extraction, bytes.
	MemoryUsed uint64 `json:"memory_used"`
	// NodesProcessed is the number of DOM nodes visited, when reported.
	NodesProcessed *uint32 `json:"nodes_processed"`
	LinksFound     uint32  `json:"links_found"`
	ImagesFound    uint32  `json:"images_found"`
	// HostTotalUs is the host-measured wall time of the whole call, in
	// microseconds.
	HostTotalUs uint64 `json:"host_total_us"`
	// Host-measured breakdown of the call, in nanoseconds: decoding the input
	// to UTF-8, creating the sandbox store and instance, the guest call
	// (copy in, extract, copy out), dropping the instance, and converting
	// the result.
	DecodeNs      uint64 `json:"decode_ns"`
	InstantiateNs uint64 `json:"instantiate_ns"`
	GuestCallNs   uint64 `json:"guest_call_ns"`
	TeardownNs    uint64 `json:"teardown_ns"`
	ConvertNs     uint64 `json:"convert_ns"`
	// InputEncoding is the encoding the input was decoded from ("UTF-8",
	// "windows-1252", ...).
	InputEncoding string `json:"input_encoding"`
}

// Stats are an extractor's counters since it was created (Extractor.Stats).
type Stats struct {
	Extractions uint64    `json:"extractions"`
	Successes   uint64    `json:"successes"`
	Failures    uint64    `json:"failures"`
	TotalTimeMs float64   `json:"total_time_ms"`
	MeanTimeMs  float64   `json:"mean_time_ms"`
	MaxTimeMs   float64   `json:"max_time_ms"`
	BytesIn     uint64    `json:"bytes_in"`
	LimitHits   LimitHits `json:"limit_hits"`
	Traps       uint64    `json:"traps"`
	// HostFailures counts calls that failed with StatusHostResources (the
	// host, not the guest: they are not Traps).
	HostFailures uint64 `json:"host_failures"`
}

// LimitHits counts the calls that failed on each limit.
type LimitHits struct {
	Timeout   uint64 `json:"timeout"`
	Memory    uint64 `json:"memory"`
	Fuel      uint64 `json:"fuel"`
	InputSize uint64 `json:"input_size"`
	// OutputSize: results past Config.MaxOutputBytes.
	OutputSize uint64 `json:"output_size"`
	// WasiResources: calls past Config.MaxWasiResources.
	WasiResources uint64 `json:"wasi_resources"`
}

// Info describes an extractor (Extractor.Info).
type Info struct {
	Component       ComponentInfo `json:"component"`
	LibraryVersion  string        `json:"library_version"`
	WasmtimeVersion string        `json:"wasmtime_version"`
	// Config holds the effective limits (defaults filled in).
	Config Config `json:"config"`
}

// ComponentInfo is the extractor component's self-description.
type ComponentInfo struct {
	Name                  string   `json:"name"`
	Version               string   `json:"version"`
	ComponentModelVersion string   `json:"component_model_version"`
	Features              []string `json:"features"`
	SupportedModes        []string `json:"supported_modes"`
	BuildProfile          string   `json:"build_profile"`
}

// Health is the result of the component's health check (Extractor.Health).
type Health struct {
	// Status is "healthy", "degraded" or "unhealthy".
	Status           string  `json:"status"`
	Version          string  `json:"version"`
	ExtractorVersion string  `json:"extractor_version"`
	ProbeOK          bool    `json:"probe_ok"`
	MemoryUsage      *uint64 `json:"memory_usage"`
}
