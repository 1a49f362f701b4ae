//! The persistent compiled-code cache: files, formats and trust checks (the
//! Wasmtime calls that produce and consume the bytes live in `sandbox/load.rs`).
//!
//! A compiled component is stored as `<dir>/<component sha256>-<engine key>.rxcc`:
//! the magic `RXCC0001`, the SHA-256 of the payload, then the payload (Wasmtime's
//! serialized component). The engine key covers the Wasmtime version, the
//! engine configuration (`Engine::precompile_compatibility_hash`) and this
//! library's version, so a file from another build or configuration is never
//! even opened. A file that fails its checksum (truncated, corrupted) is
//! ignored and rewritten.
//!
//! Loading compiled code means trusting whoever can write it, so trust is
//! checked on descriptors, never on paths that could change between a check
//! and a use: the directory is reached one component at a time from `/` with
//! `O_NOFOLLOW`, every ancestor must belong to root or this user and be
//! writable by nobody else unless sticky, and the directory itself must
//! belong to this user and be writable by nobody else. Entries are opened
//! relative to that descriptor with `O_NOFOLLOW`, checked with `fstat`
//! (regular file, this user's, writable by nobody else) and read through the
//! same descriptor. Writes go to a temporary file created in the directory
//! (`O_CREAT|O_EXCL`, 0600) and renamed into place there, so readers never see
//! a partial file; temporary files an interrupted writer left behind are
//! removed after an hour. What happened (used, refused and why, hits, misses)
//! is kept for `rx_extractor_info`.

use rustix::fs::{self, AtFlags, FileType, Mode, OFlags, Stat};
use rustix::io::Errno;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const MAGIC: &[u8; 8] = b"RXCC0001";
const HEADER_LEN: usize = MAGIC.len() + 32;
const TMP_PREFIX: &str = ".tmp-";
/// Temporary files older than this were left by a writer that died.
pub const STALE_TMP_AGE: Duration = Duration::from_secs(3600);
/// Mode of the directories and files the cache creates.
const DIR_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;
const S_ISVTX: u32 = 0o1000;

/// How ancestors are opened: `O_PATH` needs only search permission (a home
/// directory may be 0711), elsewhere a read-only descriptor.
#[cfg(any(target_os = "linux", target_os = "android"))]
const WALK: OFlags = OFlags::PATH;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const WALK: OFlags = OFlags::RDONLY;

/// Where the cache lives, from the configuration value: `Some("")` disables
/// it, `Some(path)` names it, `None` means the default: `$RX_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/riptide-extractor`, else `$HOME/.cache/riptide-extractor`.
pub fn resolve_dir(configured: Option<&str>) -> Option<PathBuf> {
    match configured {
        Some("") => None,
        Some(p) => Some(PathBuf::from(p)),
        None => {
            let from_env = |k: &str| {
                std::env::var_os(k)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            };
            if let Some(dir) = from_env("RX_CACHE_DIR") {
                return Some(dir);
            }
            from_env("XDG_CACHE_HOME")
                .or_else(|| from_env("HOME").map(|h| h.join(".cache")))
                .map(|base| base.join("riptide-extractor"))
        }
    }
}

/// SHA-256 of `bytes`.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file name for a component digest and an engine key.
pub fn entry_name(component: &[u8; 32], engine_key: u64) -> String {
    format!("{}-{engine_key:016x}.rxcc", hex(component))
}

/// Whether the cache is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The directory is open and trusted.
    Used,
    /// `cache_dir` is `""`.
    Disabled,
    /// The directory (or one of its ancestors) could be written by someone
    /// else, is a symbolic link, or belongs to another user.
    Refused,
    /// The directory cannot be opened or created (or none is configured and
    /// the environment names none).
    Unavailable,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Used => "used",
            State::Disabled => "disabled",
            State::Refused => "refused",
            State::Unavailable => "unavailable",
        }
    }
}

/// The cache directory one extractor's load uses: a descriptor of the
/// trusted directory (or why there is none) and what the load did with it.
pub struct CacheDir {
    path: Option<PathBuf>,
    dir: Result<OwnedFd, (State, String)>,
    hits: AtomicU64,
    misses: AtomicU64,
    rejected: AtomicU64,
    stores: AtomicU64,
    store_errors: AtomicU64,
    stale_removed: u64,
    last_rejection: Mutex<Option<String>>,
    last_store_error: Mutex<Option<String>>,
}

impl CacheDir {
    /// Opens (creating it, mode 0700, if missing) and checks the cache
    /// directory named by the `cache_dir` configuration value, and removes
    /// stale temporary files from it. Never fails: an unusable cache is
    /// recorded with its reason.
    pub fn open(configured: Option<&str>) -> CacheDir {
        let path = resolve_dir(configured);
        let dir = match (&path, configured) {
            (None, Some(_)) => Err((State::Disabled, "cache_dir is \"\"".to_string())),
            (None, None) => Err((
                State::Unavailable,
                "no cache directory: RX_CACHE_DIR, XDG_CACHE_HOME and HOME are unset or empty"
                    .to_string(),
            )),
            (Some(p), _) => open_trusted(p),
        };
        let stale_removed = dir.as_ref().map_or(0, remove_stale_temporaries);
        CacheDir {
            path,
            dir,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            stores: AtomicU64::new(0),
            store_errors: AtomicU64::new(0),
            stale_removed,
            last_rejection: Mutex::new(None),
            last_store_error: Mutex::new(None),
        }
    }

    pub fn state(&self) -> State {
        self.dir.as_ref().map_or_else(|(s, _)| *s, |_| State::Used)
    }

    /// The entry `name` decoded by `decode` (which sees the payload read
    /// through the entry's checked descriptor), or `None`: no entry, an
    /// untrusted or corrupt one, one `decode` rejects, or no usable cache.
    pub fn load<T>(
        &self,
        name: &str,
        decode: impl FnOnce(&[u8]) -> Result<T, String>,
    ) -> Option<T> {
        let dir = self.dir.as_ref().ok()?;
        match read_entry(dir, name).and_then(|p| decode(&p).map_err(Lookup::Rejected)) {
            Ok(value) => {
                self.hits.fetch_add(1, Relaxed);
                Some(value)
            }
            Err(Lookup::Missing) => {
                self.misses.fetch_add(1, Relaxed);
                None
            }
            Err(Lookup::Rejected(why)) => {
                self.rejected.fetch_add(1, Relaxed);
                *lock(&self.last_rejection) = Some(format!("{name}: {why}"));
                None
            }
        }
    }

    /// Stores `payload` as entry `name` (atomically replacing any previous
    /// one). A failure is recorded, not returned: it only costs the next
    /// process a compile.
    pub fn store(&self, name: &str, payload: &[u8]) {
        let Ok(dir) = &self.dir else { return };
        match write_entry(dir, name, payload) {
            Ok(()) => {
                self.stores.fetch_add(1, Relaxed);
            }
            Err(e) => self.store_failed(format!("cannot write {name}: {e}")),
        }
    }

    /// Records that compiled code could not be stored, and why.
    pub fn store_failed(&self, why: String) {
        *lock(&self.last_store_error) = Some(why);
        self.store_errors.fetch_add(1, Relaxed);
    }

    /// The `"cache"` object of `rx_extractor_info`.
    pub fn to_json_value(&self) -> Value {
        serde_json::json!({
            "dir": self.path,
            "state": self.state().name(),
            "reason": self.dir.as_ref().err().map(|(_, why)| why),
            "hits": self.hits.load(Relaxed),
            "misses": self.misses.load(Relaxed),
            "rejected": self.rejected.load(Relaxed),
            "last_rejection": *lock(&self.last_rejection),
            "stores": self.stores.load(Relaxed),
            "store_errors": self.store_errors.load(Relaxed),
            "last_store_error": *lock(&self.last_store_error),
            "stale_temporary_files_removed": self.stale_removed,
        })
    }

    /// Why the next process will compile again although a cache is
    /// configured, if it will: the directory is refused or unavailable, or
    /// compiled code could not be stored.
    pub fn warning(&self) -> Option<String> {
        match &self.dir {
            Err((State::Refused | State::Unavailable, why)) => Some(format!(
                "riptide-extractor: the compiled-code cache is not used, every process compiles components again: {why}"
            )),
            Ok(_) => lock(&self.last_store_error).as_ref().map(|e| {
                format!("riptide-extractor: the compiled-code cache is not written: {e}")
            }),
            Err(_) => None,
        }
    }

    /// Prints [`CacheDir::warning`] to stderr, at most once per process.
    pub fn warn_once(&self) {
        static WARNED: AtomicBool = AtomicBool::new(false);
        if let Some(w) = self.warning() {
            if !WARNED.swap(true, Relaxed) {
                eprintln!("{w}");
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn euid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// `who` can write a directory or file of this mode besides its owner.
fn others_who_write(mode: u32) -> Option<&'static str> {
    match (mode & 0o020 != 0, mode & 0o002 != 0) {
        (true, true) => Some("its group and others"),
        (true, false) => Some("its group"),
        (false, true) => Some("others"),
        (false, false) => None,
    }
}

type Refusal = (State, String);

fn refused(why: String) -> Refusal {
    (State::Refused, why)
}

fn unavailable(what: &str, path: &Path, e: impl std::fmt::Display) -> Refusal {
    (
        State::Unavailable,
        format!("cannot {what} {}: {e}", path.display()),
    )
}

/// A descriptor of the cache directory `path` once every check passed.
fn open_trusted(path: &Path) -> Result<OwnedFd, Refusal> {
    let abs = std::path::absolute(path).map_err(|e| unavailable("resolve", path, e))?;
    let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) else {
        return Err(unavailable("use", &abs, "not a directory name"));
    };
    // The existing part of the parent with symbolic links resolved (say
    // /home -> /usr/home); it is then walked by descriptor with O_NOFOLLOW,
    // so a link swapped in after this resolution is refused, not followed.
    let (real, missing) = existing_prefix(parent)?;
    let root = Path::new("/");
    let mut at = root.to_path_buf();
    let mut fd = fs::open(
        root,
        WALK | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| unavailable("open", root, e))?;
    check_ancestor(&fd, &at)?;
    let existing = real.components().filter_map(|c| match c {
        Component::Normal(c) => Some((c.to_owned(), false)),
        _ => None,
    });
    for (component, create) in existing.chain(missing.into_iter().map(|c| (c, true))) {
        at.push(&component);
        fd = open_dir(&fd, &component, &at, create, WALK)?;
        check_ancestor(&fd, &at)?;
    }
    at.push(name);
    let dir = open_dir(&fd, name, &at, true, OFlags::RDONLY)?;
    let st = fs::fstat(&dir).map_err(|e| unavailable("stat", &at, e))?;
    if st.st_uid != euid() {
        return Err(refused(format!(
            "{} belongs to uid {}, not to this user (uid {})",
            at.display(),
            st.st_uid,
            euid()
        )));
    }
    if let Some(who) = others_who_write(st.st_mode) {
        return Err(refused(format!(
            "{} is writable by {who} (mode {:04o}); `chmod go-w {}` makes it private",
            at.display(),
            st.st_mode & 0o7777,
            at.display()
        )));
    }
    Ok(dir)
}

/// The longest existing ancestor of `dir`, canonical, and the names below
/// it that do not exist yet.
fn existing_prefix(dir: &Path) -> Result<(PathBuf, Vec<OsString>), Refusal> {
    let mut missing = Vec::new();
    let mut p = dir;
    loop {
        match std::fs::canonicalize(p) {
            Ok(real) => {
                missing.reverse();
                return Ok((real, missing));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match (p.file_name(), p.parent()) {
                    (Some(name), Some(up)) => {
                        missing.push(name.to_owned());
                        p = up;
                    }
                    _ => return Err(unavailable("resolve", dir, e)),
                }
            }
            Err(e) => return Err(unavailable("resolve", dir, e)),
        }
    }
}

/// Opens directory `name` in `parent` without following a symbolic link,
/// first creating it (mode 0700 whatever the umask) when `create`.
fn open_dir(
    parent: &OwnedFd,
    name: &OsStr,
    at: &Path,
    create: bool,
    flags: OFlags,
) -> Result<OwnedFd, Refusal> {
    if create {
        match fs::mkdirat(parent, name, Mode::from_raw_mode(DIR_MODE)) {
            // The umask may have removed the owner's own bits. Only this
            // user can replace the new entry in its trusted parent (sticky
            // or private), so naming it again is safe.
            Ok(()) => fs::chmodat(
                parent,
                name,
                Mode::from_raw_mode(DIR_MODE),
                AtFlags::empty(),
            )
            .map_err(|e| unavailable("chmod", at, e))?,
            Err(Errno::EXIST) => {}
            Err(e) => return Err(unavailable("create", at, e)),
        }
    }
    fs::openat(
        parent,
        name,
        flags | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| match e {
        Errno::LOOP | Errno::NOTDIR => match fs::statat(parent, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) if FileType::from_raw_mode(st.st_mode) == FileType::Symlink => {
                refused(format!("{} is a symbolic link", at.display()))
            }
            _ => unavailable("use", at, "not a directory"),
        },
        e => unavailable("open", at, e),
    })
}

/// An ancestor of the cache directory belongs to root or this user and only
/// its owner can rename its entries (it is writable by nobody else, or it
/// is sticky like /tmp).
fn check_ancestor(fd: &OwnedFd, at: &Path) -> Result<(), Refusal> {
    let st = fs::fstat(fd).map_err(|e| unavailable("stat", at, e))?;
    if st.st_uid != 0 && st.st_uid != euid() {
        return Err(refused(format!(
            "{}, on the path to the cache directory, belongs to uid {}: only root or this user (uid {}) may own it",
            at.display(),
            st.st_uid,
            euid()
        )));
    }
    match others_who_write(st.st_mode) {
        Some(who) if st.st_mode & S_ISVTX == 0 => Err(refused(format!(
            "{}, on the path to the cache directory, is writable by {who} (mode {:04o}) without the sticky bit",
            at.display(),
            st.st_mode & 0o7777
        ))),
        _ => Ok(()),
    }
}

enum Lookup {
    Missing,
    Rejected(String),
}

/// The payload of entry `name` in `dir`, read through one checked
/// descriptor.
fn read_entry(dir: &OwnedFd, name: &str) -> Result<Vec<u8>, Lookup> {
    let rejected = |why: String| Lookup::Rejected(why);
    let fd = fs::openat(
        dir,
        name,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY,
        Mode::empty(),
    )
    .map_err(|e| match e {
        Errno::NOENT => Lookup::Missing,
        Errno::LOOP => rejected("a symbolic link".into()),
        e => rejected(format!("cannot open: {e}")),
    })?;
    let st = fs::fstat(&fd).map_err(|e| rejected(format!("cannot stat: {e}")))?;
    check_entry(&st).map_err(rejected)?;
    let mut data = Vec::with_capacity(usize::try_from(st.st_size).unwrap_or(0));
    std::fs::File::from(fd)
        .read_to_end(&mut data)
        .map_err(|e| rejected(format!("cannot read: {e}")))?;
    if data.len() < HEADER_LEN
        || &data[..MAGIC.len()] != MAGIC
        || Sha256::digest(&data[HEADER_LEN..]).as_slice() != &data[MAGIC.len()..HEADER_LEN]
    {
        return Err(rejected(
            "truncated or corrupt (bad header or checksum)".into(),
        ));
    }
    data.drain(..HEADER_LEN);
    Ok(data)
}

fn check_entry(st: &Stat) -> Result<(), String> {
    if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
        return Err("not a regular file".into());
    }
    if st.st_uid != euid() {
        return Err(format!("belongs to uid {}, not to this user", st.st_uid));
    }
    match others_who_write(st.st_mode) {
        Some(who) => Err(format!(
            "writable by {who} (mode {:04o})",
            st.st_mode & 0o7777
        )),
        None => Ok(()),
    }
}

/// Writes entry `name` in `dir`: a new temporary file there, then a rename
/// in the same directory.
fn write_entry(dir: &OwnedFd, name: &str, payload: &[u8]) -> std::io::Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let tmp = format!(
        "{TMP_PREFIX}{}-{}-{:x}",
        std::process::id(),
        SEQ.fetch_add(1, Relaxed),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let fd = fs::openat(
        dir,
        &tmp,
        OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::from_raw_mode(FILE_MODE),
    )?;
    let result = (|| {
        let mut f = std::fs::File::from(fd);
        f.write_all(MAGIC)?;
        f.write_all(&Sha256::digest(payload))?;
        f.write_all(payload)?;
        f.sync_all()?;
        fs::renameat(dir, &tmp, dir, name)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::unlinkat(dir, &tmp, AtFlags::empty());
    }
    result
}

/// Removes the temporary files older than [`STALE_TMP_AGE`] from `dir`;
/// returns how many.
fn remove_stale_temporaries(dir: &OwnedFd) -> u64 {
    let Ok(entries) = fs::Dir::read_from(dir) else {
        return 0;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_bytes().starts_with(TMP_PREFIX.as_bytes()) {
            continue;
        }
        let Ok(st) = fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) else {
            continue;
        };
        let age = now.saturating_sub(u64::try_from(st.st_mtime).unwrap_or(u64::MAX));
        if FileType::from_raw_mode(st.st_mode) != FileType::Directory
            && age > STALE_TMP_AGE.as_secs()
            && fs::unlinkat(dir, name, AtFlags::empty()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rx-cache-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    fn open(dir: &Path) -> CacheDir {
        CacheDir::open(Some(dir.to_str().unwrap()))
    }

    fn chmod(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    /// The tests that need a second user (to own a foreign directory) run
    /// as root only; otherwise they say so.
    fn root_or_skip(test: &str) -> bool {
        let root = euid() == 0;
        if !root {
            eprintln!("SKIPPED {test}: needs root to chown files to nobody");
        }
        root
    }

    const NOBODY: u32 = 65534;

    fn raw(cache: &CacheDir, name: &str) -> Option<Vec<u8>> {
        cache.load(name, |p| Ok(p.to_vec()))
    }

    #[test]
    fn round_trip_and_corruption_is_rejected() {
        let dir = temp_dir("rt");
        let name = entry_name(&digest(b"component"), 42);
        let cache = open(&dir);
        assert_eq!(cache.state(), State::Used, "{}", cache.to_json_value());
        assert!(raw(&cache, &name).is_none());
        cache.store(&name, b"compiled code");
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let path = dir.join(&name);
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(raw(&cache, &name).unwrap(), b"compiled code");
        // Flip one payload byte: the checksum catches it.
        let mut data = std::fs::read(&path).unwrap();
        *data.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &data).unwrap();
        assert!(raw(&cache, &name).is_none());
        // Truncated and foreign files.
        std::fs::write(&path, &data[..20]).unwrap();
        assert!(raw(&cache, &name).is_none());
        std::fs::write(&path, b"\x7fELF not ours at all, not ours at all, not ours").unwrap();
        assert!(raw(&cache, &name).is_none());
        // A payload the decoder refuses counts as rejected too.
        cache.store(&name, b"again");
        assert!(cache
            .load(&name, |_| Err::<(), _>("not for this engine".into()))
            .is_none());
        // Rewriting replaced it atomically.
        assert_eq!(raw(&cache, &name).unwrap(), b"again");
        let info = cache.to_json_value();
        assert_eq!(
            (
                &info["hits"],
                &info["misses"],
                &info["rejected"],
                &info["stores"]
            ),
            (&2.into(), &1.into(), &4.into(), &2.into()),
            "{info}"
        );
        assert!(info["last_rejection"]
            .as_str()
            .unwrap()
            .contains("not for this engine"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Directories the cache must refuse (or cannot use), and the reason it
    /// gives; and the ones it accepts.
    #[test]
    fn directory_trust_checks() {
        type Setup = fn(&Path) -> PathBuf;
        let cases: &[(&str, Setup, bool, State, &str)] = &[
            ("created", |b| b.join("new/sub/cache"), false, State::Used, ""),
            ("mode 0700", |b| mkdir(b, "c", 0o700), false, State::Used, ""),
            ("mode 0775", |b| mkdir(b, "c", 0o775), false, State::Refused,
                "is writable by its group (mode 0775); `chmod go-w"),
            ("mode 0703", |b| mkdir(b, "c", 0o703), false, State::Refused,
                "is writable by others (mode 0703)"),
            ("mode 0777", |b| mkdir(b, "c", 0o777), false, State::Refused,
                "writable by its group and others (mode 0777)"),
            ("symlink to a good directory", |b| {
                let target = mkdir(b, "real", 0o700);
                std::os::unix::fs::symlink(target, b.join("link")).unwrap();
                b.join("link")
            }, false, State::Refused, "link is a symbolic link"),
            ("ancestor 0777 without sticky bit", |b| {
                let open = mkdir(b, "open", 0o777);
                mkdir(&open, "c", 0o700)
            }, false, State::Refused, "on the path to the cache directory, is writable by its group and others (mode 0777) without the sticky bit"),
            ("ancestor 0775 without sticky bit, cache missing", |b| {
                mkdir(b, "group", 0o775).join("c")
            }, false, State::Refused, "is writable by its group (mode 0775) without the sticky bit"),
            ("ancestor 1777 (like /tmp)", |b| {
                let sticky = mkdir(b, "sticky", 0o1777);
                mkdir(&sticky, "c", 0o700)
            }, false, State::Used, ""),
            ("a symbolic link among the ancestors is resolved", |b| {
                let real = mkdir(b, "realparent", 0o755);
                std::os::unix::fs::symlink(real, b.join("linkparent")).unwrap();
                b.join("linkparent/c")
            }, false, State::Used, ""),
            ("a file", |b| {
                std::fs::write(b.join("f"), b"").unwrap();
                b.join("f")
            }, false, State::Unavailable, "f: not a directory"),
            ("owned by nobody", |b| {
                let d = mkdir(b, "c", 0o700);
                std::os::unix::fs::chown(&d, Some(NOBODY), None).unwrap();
                d
            }, true, State::Refused, "belongs to uid 65534, not to this user"),
            ("ancestor owned by nobody", |b| {
                let up = mkdir(b, "theirs", 0o755);
                let d = mkdir(&up, "c", 0o700);
                std::os::unix::fs::chown(&up, Some(NOBODY), None).unwrap();
                d
            }, true, State::Refused, "theirs, on the path to the cache directory, belongs to uid 65534"),
        ];
        fn mkdir(parent: &Path, name: &str, mode: u32) -> PathBuf {
            let d = parent.join(name);
            std::fs::create_dir(&d).unwrap();
            chmod(&d, mode);
            d
        }
        let base = temp_dir("trust");
        for (i, (what, setup, needs_root, state, reason)) in cases.iter().enumerate() {
            if *needs_root && !root_or_skip(what) {
                continue;
            }
            let case = base.join(i.to_string());
            std::fs::create_dir_all(&case).unwrap();
            let dir = setup(&case);
            let cache = open(&dir);
            let info = cache.to_json_value();
            assert_eq!(cache.state(), *state, "{what}: {info}");
            assert_eq!(info["dir"], dir.to_str().unwrap(), "{what}");
            if cache.state() == State::Used {
                assert!(info["reason"].is_null(), "{what}: {info}");
                assert!(cache.warning().is_none(), "{what}");
                let name = entry_name(&digest(what.as_bytes()), 1);
                cache.store(&name, b"x");
                assert_eq!(raw(&cache, &name).as_deref(), Some(&b"x"[..]), "{what}");
            } else {
                let why = info["reason"].as_str().unwrap();
                assert!(why.contains(reason), "{what}: {why}");
                assert!(cache.warning().unwrap().contains(why), "{what}");
                // Nothing is read or written.
                cache.store("e.rxcc", b"x");
                assert!(raw(&cache, "e.rxcc").is_none());
                assert_eq!((&info["stores"], &info["misses"]), (&0.into(), &0.into()));
            }
        }
        let off = CacheDir::open(Some(""));
        assert_eq!(off.state(), State::Disabled);
        assert!(off.warning().is_none(), "disabling the cache is no problem");
        std::fs::remove_dir_all(&base).unwrap();
    }

    /// Entries the cache must not read, and why it says it skipped them.
    #[test]
    fn untrusted_entries_are_rejected() {
        type Setup = fn(&Path, &Path);
        let cases: &[(&str, Setup, bool, &str)] = &[
            (
                "symlink to a valid entry",
                |dir, entry| {
                    std::fs::rename(entry, dir.join("elsewhere")).unwrap();
                    std::os::unix::fs::symlink(dir.join("elsewhere"), entry).unwrap();
                },
                false,
                "a symbolic link",
            ),
            (
                "group-writable entry",
                |_, entry| chmod(entry, 0o620),
                false,
                "writable by its group (mode 0620)",
            ),
            (
                "a directory",
                |_, entry| {
                    std::fs::remove_file(entry).unwrap();
                    std::fs::create_dir(entry).unwrap();
                },
                false,
                "not a regular file",
            ),
            (
                "a FIFO (must not block)",
                |_, entry| {
                    std::fs::remove_file(entry).unwrap();
                    rustix::fs::mknodat(
                        rustix::fs::CWD,
                        entry,
                        FileType::Fifo,
                        Mode::from_raw_mode(0o600),
                        0,
                    )
                    .unwrap();
                },
                false,
                "not a regular file",
            ),
            (
                "entry owned by nobody",
                |_, entry| {
                    std::os::unix::fs::chown(entry, Some(NOBODY), None).unwrap();
                },
                true,
                "belongs to uid 65534",
            ),
        ];
        let base = temp_dir("entries");
        for (i, (what, setup, needs_root, reason)) in cases.iter().enumerate() {
            if *needs_root && !root_or_skip(what) {
                continue;
            }
            let dir = base.join(i.to_string());
            let cache = open(&dir);
            let name = entry_name(&digest(b"c"), 7);
            cache.store(&name, b"payload");
            assert!(raw(&cache, &name).is_some(), "{what}");
            setup(&dir, &dir.join(&name));
            assert!(raw(&cache, &name).is_none(), "{what}");
            let info = cache.to_json_value();
            assert_eq!(info["rejected"], 1, "{what}: {info}");
            let why = info["last_rejection"].as_str().unwrap();
            assert!(why.contains(reason), "{what}: {why}");
        }
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn stale_temporary_files_are_removed_fresh_ones_kept() {
        let dir = temp_dir("stale");
        let cache = open(&dir);
        let entry = entry_name(&digest(b"c"), 3);
        cache.store(&entry, b"payload");
        drop(cache);
        let hours_ago = |h: u64| SystemTime::now() - Duration::from_secs(h * 3600);
        let files = [
            (".tmp-1-0-old", hours_ago(2), false),
            (
                ".tmp-2-0-almost",
                hours_ago(1) + Duration::from_secs(120),
                true,
            ),
            (".tmp-3-0-fresh", SystemTime::now(), true),
            ("keep-not-a-temporary", hours_ago(48), true),
        ];
        for (name, mtime, _) in files {
            let f = std::fs::File::create(dir.join(name)).unwrap();
            f.set_modified(mtime).unwrap();
        }
        std::fs::File::options()
            .write(true)
            .open(dir.join(&entry))
            .unwrap()
            .set_modified(hours_ago(48))
            .unwrap();
        let cache = open(&dir);
        assert_eq!(cache.to_json_value()["stale_temporary_files_removed"], 1);
        for (name, _, kept) in files {
            assert_eq!(dir.join(name).exists(), kept, "{name}");
        }
        assert_eq!(
            raw(&cache, &entry).unwrap(),
            b"payload",
            "old entries are not temporaries"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A thread keeps exchanging the cache directory with a directory owned
    /// by `nobody` holding an entry of ours with other contents under the
    /// same name, while 300 loads run: none returns the foreign contents.
    #[test]
    fn a_directory_swapped_during_loads_is_never_read() {
        if !root_or_skip("a_directory_swapped_during_loads_is_never_read") {
            return;
        }
        let base = temp_dir("swap");
        let (ours, theirs) = (base.join("cache"), base.join("foreign"));
        let name = entry_name(&digest(b"component"), 9);
        open(&ours).store(&name, b"ours");
        open(&theirs).store(&name, b"FOREIGN");
        std::os::unix::fs::chown(&theirs, Some(NOBODY), Some(NOBODY)).unwrap();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let swapper = {
            let (stop, base) = (stop.clone(), base.clone());
            std::thread::spawn(move || {
                let mut swaps = 0u64;
                while !stop.load(Relaxed) {
                    fs::renameat_with(
                        fs::CWD,
                        base.join("cache"),
                        fs::CWD,
                        base.join("foreign"),
                        fs::RenameFlags::EXCHANGE,
                    )
                    .unwrap();
                    swaps += 1;
                }
                swaps
            })
        };
        let (mut foreign, mut hits, mut refused) = (0, 0, 0);
        for _ in 0..300 {
            let cache = open(&ours);
            // What a load does between opening the directory and reading an
            // entry (hashing the component, starting the engine) takes time.
            std::thread::sleep(Duration::from_micros(200));
            match raw(&cache, &name).as_deref() {
                Some(b"ours") => hits += 1,
                Some(_) => foreign += 1,
                None => {
                    assert_eq!(cache.state(), State::Refused, "{}", cache.to_json_value());
                    refused += 1;
                }
            }
        }
        stop.store(true, Relaxed);
        let swaps = swapper.join().unwrap();
        eprintln!(
            "swap: {foreign} foreign loads of 300 ({hits} hits, {refused} refused, {swaps} swaps)"
        );
        assert_eq!(foreign, 0);
        assert!(
            hits > 0 && refused > 0,
            "both directories were seen: {hits} hits, {refused} refused"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }

    /// Directories the cache creates are 0700 whatever the umask (here
    /// one that removes the owner's write bit); runs in a child process,
    /// the umask being process-wide.
    #[test]
    fn created_directories_are_0700_whatever_the_umask() {
        const CHILD: &str = "RX_TEST_UMASK_CHILD";
        if let Some(dir) = std::env::var_os(CHILD) {
            rustix::process::umask(Mode::from_raw_mode(0o277));
            let dir = PathBuf::from(dir);
            assert_eq!(open(&dir.join("a/b")).state(), State::Used);
            return;
        }
        let dir = temp_dir("umask");
        std::fs::create_dir(&dir).unwrap();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "cache::tests::created_directories_are_0700_whatever_the_umask",
            ])
            .env(CHILD, &dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        for d in ["a", "a/b"] {
            let mode = std::fs::metadata(dir.join(d)).unwrap().permissions().mode();
            assert_eq!(mode & 0o7777, 0o700, "{d}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A trusted directory that cannot take an entry (here a directory is
    /// in the way; a read-only file system is another) is reported, and
    /// the temporary file is not left behind.
    #[test]
    fn store_failures_are_reported() {
        let dir = temp_dir("store-fail");
        let cache = open(&dir);
        let name = entry_name(&digest(b"c"), 5);
        std::fs::create_dir(dir.join(&name)).unwrap();
        std::fs::write(dir.join(&name).join("x"), b"").unwrap();
        cache.store(&name, b"payload");
        let info = cache.to_json_value();
        assert_eq!(
            (&info["stores"], &info["store_errors"]),
            (&0.into(), &1.into()),
            "{info}"
        );
        let why = info["last_store_error"].as_str().unwrap();
        assert!(why.starts_with(&format!("cannot write {name}: ")), "{why}");
        assert!(cache.warning().unwrap().contains(why));
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn directory_resolution() {
        assert_eq!(resolve_dir(Some("")), None);
        assert_eq!(resolve_dir(Some("/x/y")), Some(PathBuf::from("/x/y")));
        assert_eq!(entry_name(&[0xab; 32], 0x1f).len(), 64 + 1 + 16 + 5);
    }
}
