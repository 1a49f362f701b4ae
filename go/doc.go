// Package riptide is the Go binding of libriptide_extractor: sandboxed
// extraction of structured content (title, byline, date, text, Markdown,
// links, media, language, ...) from web pages.
//
// Every page is extracted inside a WebAssembly component sandbox (Wasmtime)
// with a memory cap, an execution deadline, an optional fuel budget and a
// maximum input size, so a hostile page costs one failed call with a clear
// error, never the calling process.
//
// # Usage
//
//	ex, err := riptide.New(nil) // nil: default limits, embedded extractor component
//	if err != nil {
//		return err
//	}
//	defer ex.Close()
//
//	page, err := ex.Extract(html, "https://example.com/post", &riptide.Options{Mode: riptide.ModeArticle})
//	if errors.Is(err, riptide.ErrTimeout) {
//		return fmt.Errorf("page ran past Config.TimeoutMs: %w", err)
//	}
//	if err != nil {
//		return err
//	}
//	fmt.Println(page.Text)
//
// Optional result fields (Title, Byline, Language, WordCount, ...) are
// pointers: nil means the page does not have the value (JSON null).
//
// # Errors
//
// Failures reported by the library are *Error values carrying the C status
// (Status), its stable name (Code) and a message; use errors.As to get one.
// errors.Is matches them against the sentinels ErrTimeout, ErrMemoryLimit,
// ErrFuelExhausted, ErrInputTooLarge, ErrInvalidInput, ErrInvalidConfig,
// ErrComponentLoad and ErrGuestTrap. Calls on a closed Extractor return
// ErrClosed.
//
// # Concurrency
//
// An *Extractor is safe for concurrent use by any number of goroutines: every
// call runs in its own sandbox instance and there is no lock around
// extraction. Close may be called at any time from any goroutine: it waits for
// calls already running, later calls return ErrClosed, and closing twice is a
// no-op. A finalizer releases an Extractor that was never closed, but calling
// Close is recommended (the native handle holds a compiled component).
//
// # Building and linking
//
// The package uses cgo and expects the Rust library built in the repository
// (cd .. && make build, i.e. cargo build --release), with this directory at
// go/ beside target/ and include/:
//
//   - default: static linking of ../target/release/libriptide_extractor.a,
//     giving a self-contained binary:
//     go build ./...
//   - with the build tag riptide_dynamic: dynamic linking of
//     ../target/release/libriptide_extractor.so, with that directory
//     recorded as the binary's rpath:
//     go build -tags riptide_dynamic ./...
//
// The Go build cache does not notice when the native library changes: after
// rebuilding it, run tests with -count=1 and rebuild binaries with -a (or
// go clean -cache).
package riptide
