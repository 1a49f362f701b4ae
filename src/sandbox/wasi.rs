//! The WASI a component is given: exactly the interfaces an extractor
//! component built for `wasm32-wasip2` imports (wasi:io, wasi:clocks,
//! wasi:cli, wasi:random 0.2), nothing else: no filesystem, sockets or http
//! are linked, so a component importing them does not load.
//!
//! wasi:io (streams, poll, error) is Wasmtime's implementation over the
//! call's resource table, re-linked function by function; the rest is
//! implemented here, because the stock versions allocate on the host by guest
//! request or block past the call's deadline:
//! - every call that adds an entry to the resource table (a pollable, a
//!   stream) is refused once the table holds `max_wasi_resources` entries, so
//!   the table, and with it the host memory a guest can pin, is bounded;
//! - monotonic-clock pollables never outlive the call's deadline: a
//!   `subscribe-duration` / `subscribe-instant` of any length becomes ready
//!   at the deadline at the latest, and a `poll` / `pollable.block` that
//!   returns at or after it ends the call as a timeout;
//! - `poll` takes at most `max_wasi_resources` pollables (the stock one
//!   copies a list of any length into host vectors first);
//! - stdout discards, stderr is a small capture, stdin is closed; none of
//!   them allocates more than it is allowed to write (`write-zeroes` of the
//!   stock streams allocates whatever length is asked for);
//! - `wasi:random` byte requests are capped;
//! - the wall clock is frozen at the Unix epoch, environment and arguments
//!   are empty, no terminal is attached.

use super::HostState;
use std::time::{Duration, Instant};
use wasmtime::component::{HasData, Linker, Resource, ResourceTable, ResourceType, WasmList};
use wasmtime::{StoreContextMut, Trap};
use wasmtime_wasi::p2::bindings;
use wasmtime_wasi::p2::{
    DynInputStream, DynOutputStream, DynPollable, OutputStream, Pollable, StreamError, StreamResult,
};

/// Most bytes one `wasi:random` call may ask for.
pub(super) const MAX_RANDOM_BYTES: u64 = 1 << 20;
/// What an output stream accepts per write (`check-write`).
const WRITE_PERMIT: usize = 64 * 1024;

/// A guest went past `max_wasi_resources` live resource-table entries.
#[derive(Debug)]
pub(super) struct ResourceLimitExceeded {
    pub max: u32,
    pub what: &'static str,
}

impl std::fmt::Display for ResourceLimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "WASI resource limit: {} would hold more than {} resource-table entries (max_wasi_resources)",
            self.what, self.max
        )
    }
}

impl std::error::Error for ResourceLimitExceeded {}

/// Per-call WASI state kept in `HostState`.
pub(super) struct CallWasi {
    /// When the call started: the origin of the guest's monotonic clock.
    pub start: Instant,
    /// The call's deadline: no pollable waits past it.
    pub deadline: Instant,
    /// Most live entries of the resource table.
    pub max_resources: u32,
    /// Set when a guest was refused an entry (for classification).
    pub resources_denied: Option<ResourceLimitExceeded>,
}

/// Refuses `resource` (deleting it again) when its table slot is at or past
/// the cap. Slots are handed out lowest-free-first, so a slot index of `max`
/// or more means the table would hold more than `max` entries.
fn admit<T: 'static>(
    state: &mut HostState,
    resource: Resource<T>,
    what: &'static str,
) -> wasmtime::Result<Resource<T>> {
    if resource.rep() < state.wasi.max_resources {
        return Ok(resource);
    }
    let _ = state.table.delete(resource);
    Err(deny(state, what))
}

/// Records and returns the resource-limit error.
fn deny(state: &mut HostState, what: &'static str) -> wasmtime::Error {
    let max = state.wasi.max_resources;
    state.wasi.resources_denied = Some(ResourceLimitExceeded { max, what });
    ResourceLimitExceeded { max, what }.into()
}

/// `Data` for the stock wasi:io/error bindings: the call's resource table.
struct HasTable;

impl HasData for HasTable {
    type Data<'a> = &'a mut ResourceTable;
}

/// Links the sandbox's WASI into `linker`.
pub(super) fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    bindings::io::error::add_to_linker::<HostState, HasTable>(linker, |s| &mut s.table)?;
    add_poll(linker)?;
    add_streams(linker)?;
    add_clocks(linker)?;
    add_cli(linker)?;
    add_random(linker)?;
    Ok(())
}

/// wasi:io/poll: Wasmtime's, with a bounded `poll` list and the deadline
/// check after waiting.
fn add_poll(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    use bindings::sync::io::poll::{Host, HostPollable};
    let mut poll = linker.instance("wasi:io/poll@0.2.6")?;
    poll.resource(
        "pollable",
        ResourceType::host::<DynPollable>(),
        |mut store, rep| HostPollable::drop(&mut store.data_mut().table, Resource::new_own(rep)),
    )?;
    poll.func_wrap(
        "[method]pollable.ready",
        |mut store: StoreContextMut<'_, HostState>, (p,): (Resource<DynPollable>,)| {
            Ok((HostPollable::ready(&mut store.data_mut().table, p)?,))
        },
    )?;
    poll.func_wrap(
        "[method]pollable.block",
        |mut store: StoreContextMut<'_, HostState>, (p,): (Resource<DynPollable>,)| {
            let state = store.data_mut();
            HostPollable::block(&mut state.table, p)?;
            past_deadline(state)
        },
    )?;
    poll.func_wrap(
        "poll",
        |mut store: StoreContextMut<'_, HostState>, (list,): (WasmList<Resource<DynPollable>>,)| {
            if list.len() > store.data().wasi.max_resources as usize {
                return Err(deny(store.data_mut(), "a poll list"));
            }
            let mut pollables = Vec::with_capacity(list.len());
            for i in 0..list.len() {
                pollables.push(list.get(&mut store, i).expect("index below len")?);
            }
            let state = store.data_mut();
            let ready = Host::poll(&mut state.table, pollables)?;
            past_deadline(state)?;
            Ok((ready,))
        },
    )?;
    Ok(())
}

/// A stream operation's result as WIT sees it; an `error` resource it
/// creates is under the resource cap.
fn stream_result<T>(
    state: &mut HostState,
    r: StreamResult<T>,
) -> wasmtime::Result<Result<T, bindings::sync::io::streams::StreamError>> {
    use bindings::sync::io::streams::{Host, StreamError as WitError};
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(e) => {
            match Host::convert_stream_error(&mut state.table, e)? {
                WitError::LastOperationFailed(err) => Ok(Err(WitError::LastOperationFailed(
                    admit(state, err, "a stream error")?,
                ))),
                closed => Ok(Err(closed)),
            }
        }
    }
}

/// wasi:io/streams: Wasmtime's operations over the call's table, with
/// `subscribe` (which adds a table entry) under the resource cap.
fn add_streams(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    use bindings::sync::io::streams::{HostInputStream as In, HostOutputStream as Out};
    let mut s = linker.instance("wasi:io/streams@0.2.6")?;
    s.resource(
        "input-stream",
        ResourceType::host::<DynInputStream>(),
        |mut store, rep| In::drop(&mut store.data_mut().table, Resource::new_own(rep)),
    )?;
    s.resource(
        "output-stream",
        ResourceType::host::<DynOutputStream>(),
        |mut store, rep| Out::drop(&mut store.data_mut().table, Resource::new_own(rep)),
    )?;
    // `stream_op!(name, Trait::method, StreamType, (arg: Type, ...))`
    macro_rules! stream_op {
        ($name:literal, $tr:ident :: $method:ident, $stream:ty, ($($arg:ident : $ty:ty),*)) => {
            s.func_wrap(
                $name,
                |mut store: StoreContextMut<'_, HostState>,
                 (this, $($arg,)*): (Resource<$stream>, $($ty,)*)| {
                    let state = store.data_mut();
                    let r = $tr::$method(&mut state.table, this, $($arg),*);
                    Ok((stream_result(state, r)?,))
                },
            )?;
        };
    }
    stream_op!("[method]input-stream.read", In::read, DynInputStream, (len: u64));
    stream_op!("[method]input-stream.blocking-read", In::blocking_read, DynInputStream, (len: u64));
    stream_op!("[method]input-stream.skip", In::skip, DynInputStream, (len: u64));
    stream_op!("[method]input-stream.blocking-skip", In::blocking_skip, DynInputStream, (len: u64));
    stream_op!(
        "[method]output-stream.check-write",
        Out::check_write,
        DynOutputStream,
        ()
    );
    stream_op!("[method]output-stream.write", Out::write, DynOutputStream, (bytes: Vec<u8>));
    stream_op!(
        "[method]output-stream.blocking-write-and-flush",
        Out::blocking_write_and_flush,
        DynOutputStream,
        (bytes: Vec<u8>)
    );
    stream_op!(
        "[method]output-stream.flush",
        Out::flush,
        DynOutputStream,
        ()
    );
    stream_op!(
        "[method]output-stream.blocking-flush",
        Out::blocking_flush,
        DynOutputStream,
        ()
    );
    stream_op!("[method]output-stream.write-zeroes", Out::write_zeroes, DynOutputStream, (len: u64));
    stream_op!(
        "[method]output-stream.blocking-write-zeroes-and-flush",
        Out::blocking_write_zeroes_and_flush,
        DynOutputStream,
        (len: u64)
    );
    stream_op!(
        "[method]output-stream.splice",
        Out::splice,
        DynOutputStream,
        (src: Resource<DynInputStream>, len: u64)
    );
    stream_op!(
        "[method]output-stream.blocking-splice",
        Out::blocking_splice,
        DynOutputStream,
        (src: Resource<DynInputStream>, len: u64)
    );
    s.func_wrap(
        "[method]input-stream.subscribe",
        |mut store: StoreContextMut<'_, HostState>, (this,): (Resource<DynInputStream>,)| {
            let state = store.data_mut();
            let p = wasmtime_wasi::p2::subscribe(&mut state.table, this)?;
            Ok((admit(state, p, "input-stream.subscribe")?,))
        },
    )?;
    s.func_wrap(
        "[method]output-stream.subscribe",
        |mut store: StoreContextMut<'_, HostState>, (this,): (Resource<DynOutputStream>,)| {
            let state = store.data_mut();
            let p = wasmtime_wasi::p2::subscribe(&mut state.table, this)?;
            Ok((admit(state, p, "output-stream.subscribe")?,))
        },
    )?;
    Ok(())
}

/// A blocking WASI call that came back at or after the deadline ends the
/// call as a timeout (the guest would only be interrupted at its next epoch
/// check otherwise).
fn past_deadline(state: &HostState) -> wasmtime::Result<()> {
    if Instant::now() >= state.wasi.deadline {
        return Err(Trap::Interrupt.into());
    }
    Ok(())
}

/// A monotonic-clock pollable: ready at `until`, which is never later than
/// the call's deadline.
struct Sleep {
    until: Instant,
}

#[wasmtime_wasi::async_trait]
impl Pollable for Sleep {
    async fn ready(&mut self) {
        tokio::time::sleep_until(self.until.into()).await;
    }
}

fn subscribe_until(
    state: &mut HostState,
    until: Option<Instant>,
    what: &'static str,
) -> wasmtime::Result<Resource<DynPollable>> {
    let until = until.map_or(state.wasi.deadline, |u| u.min(state.wasi.deadline));
    let sleep = state.table.push(Sleep { until })?;
    let sleep = admit(state, sleep, what)?;
    let sleep_rep = sleep.rep();
    let pollable = wasmtime_wasi::p2::subscribe(&mut state.table, sleep)?;
    if pollable.rep() < state.wasi.max_resources {
        return Ok(pollable);
    }
    let _ = state.table.delete(pollable);
    let _ = state.table.delete(Resource::<Sleep>::new_own(sleep_rep));
    Err(deny(state, what))
}

fn nanos_since(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

fn add_clocks(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    use bindings::clocks::wall_clock::Datetime;
    let mut wall = linker.instance("wasi:clocks/wall-clock@0.2.6")?;
    wall.func_wrap("now", |_, (): ()| {
        Ok((Datetime {
            seconds: 0,
            nanoseconds: 0,
        },))
    })?;
    wall.func_wrap("resolution", |_, (): ()| {
        Ok((Datetime {
            seconds: 1,
            nanoseconds: 0,
        },))
    })?;
    let mut mono = linker.instance("wasi:clocks/monotonic-clock@0.2.6")?;
    mono.func_wrap("now", |store: StoreContextMut<'_, HostState>, (): ()| {
        Ok((nanos_since(store.data().wasi.start),))
    })?;
    mono.func_wrap("resolution", |_, (): ()| Ok((1u64,)))?;
    mono.func_wrap(
        "subscribe-instant",
        |mut store: StoreContextMut<'_, HostState>, (when,): (u64,)| {
            let state = store.data_mut();
            let until = state.wasi.start.checked_add(Duration::from_nanos(when));
            Ok((subscribe_until(state, until, "subscribe-instant")?,))
        },
    )?;
    mono.func_wrap(
        "subscribe-duration",
        |mut store: StoreContextMut<'_, HostState>, (ns,): (u64,)| {
            let state = store.data_mut();
            let until = Instant::now().checked_add(Duration::from_nanos(ns));
            Ok((subscribe_until(state, until, "subscribe-duration")?,))
        },
    )?;
    Ok(())
}

/// stdout: accepts and discards; stderr: the call's capture pipe.
struct GuestOutput {
    capture: Option<wasmtime_wasi::p2::pipe::MemoryOutputPipe>,
}

#[wasmtime_wasi::async_trait]
impl Pollable for GuestOutput {
    async fn ready(&mut self) {}
}

impl OutputStream for GuestOutput {
    fn write(&mut self, bytes: bytes::Bytes) -> StreamResult<()> {
        if bytes.len() > WRITE_PERMIT {
            return Err(StreamError::trap("write larger than check-write allows"));
        }
        match &mut self.capture {
            Some(pipe) => pipe.write(bytes),
            None => Ok(()),
        }
    }
    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }
    fn check_write(&mut self) -> StreamResult<usize> {
        match &mut self.capture {
            // Closed once the capture is full, like Wasmtime's stderr pipe.
            Some(pipe) => Ok(pipe.check_write()?.min(WRITE_PERMIT)),
            None => Ok(WRITE_PERMIT),
        }
    }
    fn write_zeroes(&mut self, n: usize) -> StreamResult<()> {
        if n > WRITE_PERMIT {
            return Err(StreamError::trap(
                "write-zeroes larger than check-write allows",
            ));
        }
        self.write(bytes::Bytes::from(vec![0; n]))
    }
}

/// `wasi:cli/terminal-input` / `terminal-output`: never handed out.
struct TerminalInput;
struct TerminalOutput;

fn add_cli(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    let mut env = linker.instance("wasi:cli/environment@0.2.6")?;
    env.func_wrap("get-environment", |_, (): ()| {
        Ok((Vec::<(String, String)>::new(),))
    })?;
    env.func_wrap("get-arguments", |_, (): ()| Ok((Vec::<String>::new(),)))?;
    env.func_wrap("initial-cwd", |_, (): ()| Ok((None::<String>,)))?;
    linker.instance("wasi:cli/exit@0.2.6")?.func_wrap(
        "exit",
        |_, (status,): (Result<(), ()>,)| -> wasmtime::Result<()> {
            Err(wasmtime_wasi::I32Exit(if status.is_ok() { 0 } else { 1 }).into())
        },
    )?;
    linker.instance("wasi:cli/stdin@0.2.6")?.func_wrap(
        "get-stdin",
        |mut store: StoreContextMut<'_, HostState>, (): ()| {
            let state = store.data_mut();
            let stream: DynInputStream = Box::new(wasmtime_wasi::p2::pipe::ClosedInputStream);
            let r = state.table.push(stream)?;
            Ok((admit(state, r, "get-stdin")?,))
        },
    )?;
    for (interface, function, capture) in [
        ("wasi:cli/stdout@0.2.6", "get-stdout", false),
        ("wasi:cli/stderr@0.2.6", "get-stderr", true),
    ] {
        linker.instance(interface)?.func_wrap(
            function,
            move |mut store: StoreContextMut<'_, HostState>, (): ()| {
                let state = store.data_mut();
                let capture = capture.then(|| state.stderr.clone());
                let stream: DynOutputStream = Box::new(GuestOutput { capture });
                let r = state.table.push(stream)?;
                Ok((admit(state, r, function)?,))
            },
        )?;
    }
    linker.instance("wasi:cli/terminal-input@0.2.6")?.resource(
        "terminal-input",
        ResourceType::host::<TerminalInput>(),
        |_, _| Ok(()),
    )?;
    linker
        .instance("wasi:cli/terminal-output@0.2.6")?
        .resource(
            "terminal-output",
            ResourceType::host::<TerminalOutput>(),
            |_, _| Ok(()),
        )?;
    linker
        .instance("wasi:cli/terminal-stdin@0.2.6")?
        .func_wrap("get-terminal-stdin", |_, (): ()| {
            Ok((None::<Resource<TerminalInput>>,))
        })?;
    for (interface, function) in [
        ("wasi:cli/terminal-stdout@0.2.6", "get-terminal-stdout"),
        ("wasi:cli/terminal-stderr@0.2.6", "get-terminal-stderr"),
    ] {
        linker
            .instance(interface)?
            .func_wrap(function, |_, (): ()| {
                Ok((None::<Resource<TerminalOutput>>,))
            })?;
    }
    Ok(())
}

fn add_random(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    for (interface, bytes, u64_fn) in [
        (
            "wasi:random/random@0.2.6",
            "get-random-bytes",
            "get-random-u64",
        ),
        (
            "wasi:random/insecure@0.2.6",
            "get-insecure-random-bytes",
            "get-insecure-random-u64",
        ),
    ] {
        let mut i = linker.instance(interface)?;
        i.func_wrap(bytes, |_, (len,): (u64,)| Ok((random_bytes(len)?,)))?;
        i.func_wrap(u64_fn, |_, (): ()| Ok((random_u64()?,)))?;
    }
    linker
        .instance("wasi:random/insecure-seed@0.2.6")?
        .func_wrap("insecure-seed", |_, (): ()| {
            Ok(((random_u64()?, random_u64()?),))
        })?;
    Ok(())
}

fn random_u64() -> wasmtime::Result<u64> {
    let b = random_bytes(8)?;
    Ok(u64::from_le_bytes(b.try_into().expect("8 bytes")))
}

/// `len` random bytes; more than `MAX_RANDOM_BYTES` traps (the stock
/// implementation allocates whatever length the guest asks for, outside the
/// memory cap: RUSTSEC-2026-0020).
fn random_bytes(len: u64) -> wasmtime::Result<Vec<u8>> {
    if len > MAX_RANDOM_BYTES {
        anyhow::bail!("wasi:random: {len} bytes requested, more than the {MAX_RANDOM_BYTES} this sandbox grants");
    }
    let mut buf = vec![0u8; len as usize];
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: writes at most `buf.len() - filled` bytes into `buf`.
        let n =
            unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            anyhow::bail!("getrandom failed: {}", std::io::Error::last_os_error());
        }
        filled += n as usize;
    }
    Ok(buf)
}
