//go:build riptide_dynamic

package riptide

// Dynamic linking (go build -tags riptide_dynamic): links
// libriptide_extractor.so and records its directory as the binary's rpath.

/*
#cgo LDFLAGS: -L${SRCDIR}/../target/release -lriptide_extractor -Wl,-rpath,${SRCDIR}/../target/release
*/
import "C"
