//go:build !riptide_dynamic

package riptide

// Static linking (the default): the Rust static library and what it needs
// from the system (rustc --print native-static-libs).

/*
#cgo LDFLAGS: ${SRCDIR}/../target/release/libriptide_extractor.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
*/
import "C"
