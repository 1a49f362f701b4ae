//! What a failed call was: a limit (memory, deadline, fuel, output, WASI
//! resources), the host out of memory or address space, or a guest fault.

use super::output::OutputTooLarge;
use super::store::HostState;
use super::Limits;
use crate::error::Error;
use crate::process;
use crate::status::RxStatus;
use wasmtime::{Store, Trap};

/// Whether a failure is the host running out of memory or address space
/// (ENOMEM anywhere in its chain) rather than anything the guest did.
pub(super) fn is_host_enomem(err: &wasmtime::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<rustix::io::Errno>()
            .is_some_and(|e| *e == rustix::io::Errno::NOMEM)
            || cause.downcast_ref::<std::io::Error>().is_some_and(|e| {
                e.raw_os_error() == Some(libc::ENOMEM)
                    || e.kind() == std::io::ErrorKind::OutOfMemory
            })
    })
}

/// `HostResources` when `err` is the host out of memory or address space,
/// else `status`; the message says what failed.
pub(super) fn host_or(status: RxStatus, what: &str, err: &wasmtime::Error) -> Error {
    if is_host_enomem(err) {
        return host_resources(what, err);
    }
    Error::new(status, format!("{what}: {err:#}"))
}

pub(super) fn host_resources(what: &str, err: &dyn std::fmt::Display) -> Error {
    let limit = match process::address_space_limit() {
        Some(bytes) => format!(" (RLIMIT_AS is {} MiB)", bytes >> 20),
        None => String::new(),
    };
    Error::new(
        RxStatus::HostResources,
        format!(
            "{what}: the host is out of memory or address space{limit}: {err:#}; \
             not a fault of the page or the component (each concurrent call reserves \
             about 4.1 GiB of address space with \"address_space\": \"large\", \
             about 130 MiB with \"compact\")"
        ),
    )
}

pub(super) fn classify(err: wasmtime::Error, store: &Store<HostState>, limits: &Limits) -> Error {
    let state = store.data();
    if let Some(e) = err.downcast_ref::<OutputTooLarge>() {
        return Error::new(RxStatus::OutputTooLarge, e.to_string());
    }
    if let Some(denied) = &state.wasi.resources_denied {
        return Error::new(RxStatus::ResourceLimit, denied.to_string());
    }
    if let Some(desired) = state.limiter.memory_denied {
        return Error::new(
            RxStatus::MemoryLimit,
            format!(
                "the component tried to grow its memory to {desired} bytes in all, past the limit of {} bytes (max_memory_bytes)",
                limits.max_memory_bytes
            ),
        );
    }
    // Growth within the limit that the host could not map.
    if err.downcast_ref::<Trap>().is_none() && is_host_enomem(&err) {
        return host_resources("the component's memory could not grow", &err);
    }
    let stderr = String::from_utf8_lossy(&state.stderr.contents())
        .trim()
        .to_string();
    let with_stderr = |m: String| {
        if stderr.is_empty() {
            m
        } else {
            format!("{m}; guest stderr: {stderr}")
        }
    };
    match err.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => Error::new(
            RxStatus::Timeout,
            format!(
                "the extraction ran past the deadline of {} ms (timeout_ms)",
                limits.timeout.as_millis()
            ),
        ),
        Some(Trap::OutOfFuel) => Error::new(
            RxStatus::FuelExhausted,
            format!(
                "the component used up its fuel budget of {} units (fuel)",
                limits.fuel.unwrap_or(0)
            ),
        ),
        Some(Trap::StackOverflow) => Error::new(
            RxStatus::GuestTrap,
            with_stderr("the component overflowed its stack".into()),
        ),
        Some(Trap::UnreachableCodeReached) => Error::new(
            RxStatus::GuestTrap,
            with_stderr("the component panicked or aborted (wasm trap: unreachable)".into()),
        ),
        Some(Trap::MemoryOutOfBounds) => Error::new(
            RxStatus::GuestTrap,
            with_stderr(
                "the component trapped: out of bounds memory access \
                 (also how a guest stack overflow shows)"
                    .into(),
            ),
        ),
        Some(trap) => Error::new(
            RxStatus::GuestTrap,
            with_stderr(format!("the component trapped: {trap}")),
        ),
        None => Error::new(
            RxStatus::GuestTrap,
            with_stderr(format!("the component failed: {}", err.root_cause())),
        ),
    }
}
