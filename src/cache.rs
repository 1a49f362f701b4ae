//! The persistent compiled-code cache: files, formats and trust checks (the
//! Wasmtime calls that produce and consume the bytes live in `sandbox.rs`).
//!
//! A compiled component is stored as `<dir>/<component sha256>-<engine key>.rxcc`:
//! the magic `RXCC0001`, the SHA-256 of the payload, then the payload (Wasmtime's
//! serialized component). The engine key covers the Wasmtime version, the
//! engine configuration (`Engine::precompile_compatibility_hash`) and this
//! library's version, so a file from another build or configuration is never
//! even opened. A file that fails its checksum (truncated, corrupted) is
//! ignored and rewritten; writes go to a temporary file renamed into place, so
//! readers never see a partial file. The directory must belong to the current
//! user and not be writable by others, else the cache is not used: loading
//! compiled code means trusting whoever can write it.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"RXCC0001";

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

/// The file for a component digest and an engine key.
pub fn entry_path(dir: &Path, component: &[u8; 32], engine_key: u64) -> PathBuf {
    dir.join(format!("{}-{engine_key:016x}.rxcc", hex(component)))
}

/// The directory is ours and not writable by anyone else.
fn trusted_dir(dir: &Path) -> bool {
    match std::fs::metadata(dir) {
        // SAFETY: geteuid has no preconditions.
        Ok(m) => m.is_dir() && m.uid() == unsafe { libc::geteuid() } && m.mode() & 0o022 == 0,
        Err(_) => false,
    }
}

/// The payload of a valid entry, or `None` (missing, foreign, corrupt, or an
/// untrusted directory).
pub fn read(path: &Path) -> Option<Vec<u8>> {
    if !trusted_dir(path.parent()?) {
        return None;
    }
    let mut data = std::fs::read(path).ok()?;
    if data.len() < 40 || &data[..8] != MAGIC {
        return None;
    }
    if Sha256::digest(&data[40..]).as_slice() != &data[8..40] {
        return None;
    }
    data.drain(..40);
    Some(data)
}

/// Stores `payload` at `path` atomically (temporary file + rename), creating
/// the directory (mode 0700) if needed. Errors are returned for the caller to
/// ignore: a cache that cannot be written only costs a recompile.
pub fn write(path: &Path, payload: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no parent directory"))?;
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    if !trusted_dir(dir) {
        return Err(std::io::Error::other(
            "cache directory is not private to this user",
        ));
    }
    let tmp = dir.join(format!(
        ".tmp-{}-{:x}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode_0600()
            .open(&tmp)?;
        f.write_all(MAGIC)?;
        f.write_all(&Sha256::digest(payload))?;
        f.write_all(payload)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

trait Mode0600 {
    fn mode_0600(&mut self) -> &mut Self;
}

impl Mode0600 for std::fs::OpenOptions {
    fn mode_0600(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.mode(0o600)
    }
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

    #[test]
    fn round_trip_and_corruption_is_rejected() {
        let dir = temp_dir("rt");
        let path = entry_path(&dir, &digest(b"component"), 42);
        assert!(read(&path).is_none());
        write(&path, b"compiled code").unwrap();
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(read(&path).unwrap(), b"compiled code");
        // Flip one payload byte: the checksum catches it.
        let mut data = std::fs::read(&path).unwrap();
        *data.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &data).unwrap();
        assert!(read(&path).is_none());
        // Truncated and foreign files.
        std::fs::write(&path, &data[..20]).unwrap();
        assert!(read(&path).is_none());
        std::fs::write(&path, b"\x7fELF not ours at all, not ours at all, not ours").unwrap();
        assert!(read(&path).is_none());
        // Rewriting replaces it atomically.
        write(&path, b"again").unwrap();
        assert_eq!(read(&path).unwrap(), b"again");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn untrusted_directories_are_not_used() {
        let dir = temp_dir("perm");
        let path = entry_path(&dir, &digest(b"c"), 1);
        write(&path, b"x").unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(read(&path).is_none(), "world-writable directory");
        assert!(write(&path, b"y").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn directory_resolution() {
        assert_eq!(resolve_dir(Some("")), None);
        assert_eq!(resolve_dir(Some("/x/y")), Some(PathBuf::from("/x/y")));
        assert_eq!(
            entry_path(Path::new("/c"), &[0xab; 32], 0x1f)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .len(),
            64 + 1 + 16 + 5
        );
    }
}
