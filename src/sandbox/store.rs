//! One call's store: its host state (WASI context, memory limiter,
//! captured stderr), deadline and fuel.

use super::{wasi, Limits};
use crate::error::{Error, Result};
use crate::status::RxStatus;
use std::time::{Duration, Instant};
use wasmtime::component::ResourceTable;
use wasmtime::{Engine, ResourceLimiter, Store, Trap, UpdateDeadline};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

/// Captured guest stderr per call (panic messages), at most.
const STDERR_CAPACITY: usize = 4096;
/// Table elements a guest may grow to.
const MAX_TABLE_ELEMENTS: usize = 100_000;

/// Where the time of one sandboxed call goes (see `ExtractionStats`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct CallTiming {
    pub(super) instantiate_ns: u64,
    pub(super) call_ns: u64,
    pub(super) teardown_ns: u64,
}

pub(super) fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Per-store state: the WASI resource table and per-call WASI state, the
/// limiter and the captured stderr.
pub(super) struct HostState {
    pub(super) table: ResourceTable,
    pub(super) wasi: wasi::CallWasi,
    pub(super) limiter: Limiter,
    pub(super) stderr: MemoryOutputPipe,
}

/// Enforces the memory cap over all of an instance's memories together and
/// records that it was hit, so the error can be classified without looking at
/// message text.
pub(super) struct Limiter {
    pub(super) max_memory: usize,
    /// Bytes of linear memory granted so far (memories only grow).
    pub(super) total: usize,
    /// The total the guest asked for when it was refused.
    pub(super) memory_denied: Option<usize>,
}

#[derive(Debug)]
struct MemoryLimitExceeded {
    desired: usize,
    max: usize,
}

impl std::fmt::Display for MemoryLimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "memory limit: growing to {} bytes exceeds the cap of {} bytes",
            self.desired, self.max
        )
    }
}

impl std::error::Error for MemoryLimitExceeded {}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> anyhow::Result<bool> {
        let total = self.total.saturating_add(desired.saturating_sub(current));
        if total > self.max_memory {
            let desired = total;
            self.memory_denied = Some(desired);
            // An error (rather than `Ok(false)`) traps at once, so a guest
            // cannot hide the failure by catching a failed `memory.grow`.
            return Err(MemoryLimitExceeded {
                desired,
                max: self.max_memory,
            }
            .into());
        }
        self.total = total;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> anyhow::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        64
    }

    fn tables(&self) -> usize {
        64
    }

    fn memories(&self) -> usize {
        16
    }
}

/// A fresh store for one instance: WASI context (no files, network or
/// environment, frozen wall clock, captured stderr), memory limiter, wall-
/// clock deadline and optional fuel.
pub(super) fn new_store(engine: &Engine, limits: &Limits) -> Result<Store<HostState>> {
    let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
    let start = Instant::now();
    let deadline = start + limits.timeout;
    let state = HostState {
        table: ResourceTable::new(),
        wasi: wasi::CallWasi {
            start,
            deadline,
            max_resources: limits.max_wasi_resources,
            resources_denied: None,
        },
        limiter: Limiter {
            max_memory: usize::try_from(limits.max_memory_bytes).unwrap_or(usize::MAX),
            total: 0,
            memory_denied: None,
        },
        stderr,
    };
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limiter);
    // The deadline is wall-clock time: every epoch tick the guest reaches
    // checks the clock. (Counting ticks alone would stretch the deadline
    // whenever the ticker thread is scheduled late on a busy machine.)
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        if Instant::now() >= deadline {
            Err(Trap::Interrupt.into())
        } else {
            Ok(UpdateDeadline::Continue(1))
        }
    });
    if let Some(fuel) = limits.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Error::new(RxStatus::Internal, format!("cannot set fuel: {e:#}")))?;
    }
    Ok(store)
}
