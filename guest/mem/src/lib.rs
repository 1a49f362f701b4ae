//! `memcpy`, `memmove` and `memset` for the default extractor component.
//!
//! Built with `bulk-memory` on, LLVM turns every copy of unknown size into a
//! `memory.copy` instruction, which Wasmtime 37 executes as a call into the
//! host: about 11% of the component's time on real pages went to the
//! overhead of those calls, most of them for a few bytes (parsers append
//! short runs of text). The component is built with `bulk-memory` off
//! (`guest/.cargo/config.toml`), so copies call these functions: short ones
//! run as a loop inside WebAssembly, long ones still take one `memory.copy` /
//! `memory.fill` (enabled per function below), where the host's memmove is
//! fastest.
//!
//! `no_builtins` keeps LLVM from recognising the loops below as copies and
//! calling `memcpy` from inside `memcpy`.
#![no_std]
#![no_builtins]

/// From this many bytes on, one bulk-memory instruction is cheaper than the
/// loop. Measured on the 990 trafilatura-eval pages through the library:
/// 64 and 512 within 1% of each other (512 ahead), both 5-8% faster than
/// `memory.copy` for every copy.
const BULK: usize = 512;

#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "bulk-memory")]
unsafe fn bulk_move(dst: *mut u8, src: *const u8, n: usize) {
    // SAFETY: as for memmove; with bulk-memory on this is `memory.copy`,
    // which handles overlap.
    unsafe { core::ptr::copy(src, dst, n) }
}

#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "bulk-memory")]
unsafe fn bulk_fill(dst: *mut u8, c: u8, n: usize) {
    // SAFETY: as for memset; with bulk-memory on this is `memory.fill`.
    unsafe { core::ptr::write_bytes(dst, c, n) }
}

/// Copies forward, eight bytes at a time then byte by byte. Also correct
/// for overlapping ranges when `dst <= src`.
#[inline(always)]
unsafe fn forward(dst: *mut u8, src: *const u8, n: usize) {
    let mut i = 0;
    // SAFETY: every access is inside [0, n) of both ranges; unaligned
    // accesses are allowed. Each word is read before it is written, and with
    // dst <= src a write never clobbers bytes not yet read.
    unsafe {
        while i + 8 <= n {
            let w = (src.add(i) as *const u64).read_unaligned();
            (dst.add(i) as *mut u64).write_unaligned(w);
            i += 8;
        }
        while i < n {
            *dst.add(i) = *src.add(i);
            i += 1;
        }
    }
}

/// Copies backward; correct for overlapping ranges when `dst > src`.
#[inline(always)]
unsafe fn backward(dst: *mut u8, src: *const u8, n: usize) {
    let mut i = n;
    // SAFETY: as in `forward`, from the end.
    unsafe {
        while i >= 8 {
            i -= 8;
            let w = (src.add(i) as *const u64).read_unaligned();
            (dst.add(i) as *mut u64).write_unaligned(w);
        }
        while i > 0 {
            i -= 1;
            *dst.add(i) = *src.add(i);
        }
    }
}

/// # Safety
///
/// The C `memcpy` contract: `src` and `dst` valid for `n` bytes, not overlapping.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: the caller's contract.
    unsafe {
        if n >= BULK {
            bulk_move(dst, src, n);
        } else {
            forward(dst, src, n);
        }
    }
    dst
}

/// # Safety
///
/// The C `memmove` contract: `src` and `dst` valid for `n` bytes.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn memmove(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: the caller's contract; the direction handles overlap.
    unsafe {
        if n >= BULK {
            bulk_move(dst, src, n);
        } else if (dst as usize) <= (src as usize) {
            forward(dst, src, n);
        } else {
            backward(dst, src, n);
        }
    }
    dst
}

/// # Safety
///
/// The C `memset` contract: `dst` valid for `n` bytes.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn memset(dst: *mut u8, c: i32, n: usize) -> *mut u8 {
    let b = c as u8;
    // SAFETY: the caller's contract.
    unsafe {
        if n >= BULK {
            bulk_fill(dst, b, n);
        } else {
            let w = u64::from_ne_bytes([b; 8]);
            let mut i = 0;
            while i + 8 <= n {
                (dst.add(i) as *mut u64).write_unaligned(w);
                i += 8;
            }
            while i < n {
                *dst.add(i) = b;
                i += 1;
            }
        }
    }
    dst
}
