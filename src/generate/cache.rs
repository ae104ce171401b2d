//! The stamp cache: what the last run left in an output folder, so that a
//! rerun with the same inputs over an untouched folder stops after `stat`s.
//!
//! It records a digest of the inputs (model sources, ddgen version and build,
//! target)
//! and each file's size and modification time as ddgen left it.
//! [`untouched_since`] uses it to see, from `stat` calls alone, that a run
//! with the same inputs would change nothing, so a no-op regeneration renders
//! and reads no file.
//!
//! The cache is machine-local, so it is kept outside the output (which stays
//! byte-identical for the same model and has nothing to leave out of version
//! control): one file per output folder in `$DDGEN_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/ddgen`, else `~/.cache/ddgen`, named after the SHA-256
//! of the folder's absolute path. Deleting it only makes the next run compare
//! contents; without any of those variables there is no cache.

use super::apply::{generator, hex, is_plain_relative, sha256, temp_beside, MANIFEST};
use super::Owner;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where earlier development builds kept the cache, inside the output
/// folder; removed when a cache is recorded.
const LEGACY: &str = ".ddgen/cache.json";

/// What [`untouched_since`] compares: the inputs of the last run that left
/// no orphan and no warning, and every file it left (the manifest too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Cache {
    /// The output folder (absolute), for whoever looks into the cache folder.
    folder: PathBuf,
    generator: String,
    target: String,
    inputs: String,
    files: BTreeMap<String, (Owner, Stamp)>,
}

/// Size and modification time of a file: while both match what ddgen
/// recorded, the file is taken as untouched since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: u64,
}

impl Stamp {
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        Stamp::from_metadata(&std::fs::symlink_metadata(path).ok()?)
    }

    pub(super) fn from_metadata(meta: &std::fs::Metadata) -> Option<Stamp> {
        if !meta.file_type().is_file() {
            return None;
        }
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Stamp {
            size: meta.len(),
            mtime_ns: u64::try_from(mtime.as_nanos()).ok()?,
        })
    }
}

/// The folder caches live in (see the module's documentation).
pub fn cache_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("DDGEN_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(xdg) = var("XDG_CACHE_HOME").map(PathBuf::from) {
        if xdg.is_absolute() {
            return Some(xdg.join("ddgen"));
        }
    }
    var("HOME").map(|home| PathBuf::from(home).join(".cache/ddgen"))
}

/// The cache file of an existing output folder, and the folder's absolute
/// path.
pub fn cache_file(out_dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let folder = std::fs::canonicalize(out_dir).ok()?;
    let key = sha256(folder.as_os_str().as_encoded_bytes());
    Some((cache_dir()?.join(format!("{}.json", &key[..32])), folder))
}

/// Digest of what decides the generated tree: ddgen's version and build
/// ([`executable`]), the target and every source file (path and text, in
/// load order).
pub fn inputs_digest(sources: &crate::source::SourceMap, target: &str) -> String {
    let mut h = Sha256::new();
    h.update(format!("ddgen {}\0{target}\0", env!("CARGO_PKG_VERSION")));
    h.update(executable());
    for (_, f) in sources.files() {
        h.update(f.path.to_string_lossy().as_bytes());
        h.update([0]);
        h.update((f.text.len() as u64).to_le_bytes());
        h.update(f.text.as_bytes());
    }
    hex(&h.finalize())
}

/// The running binary as a stamp (path, size, modification time), so that
/// another build of the same version (a development build, a reinstall from
/// source) renders the tree anew instead of trusting an earlier build's
/// cache: its output may differ. The cache is machine-local, so a local
/// stamp is enough; empty when the binary cannot be found.
fn executable() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| {
            let s = Stamp::of(&p)?;
            Some(format!("{}\0{}\0{}\0", p.display(), s.size, s.mtime_ns))
        })
        .unwrap_or_default()
}

/// What a run would do to an untouched tree: (unchanged, kept) file counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Untouched {
    pub unchanged: usize,
    pub kept: usize,
}

/// Whether `out_dir` is exactly what the last run with these inputs left:
/// the cache names the same folder, ddgen, target and inputs, and every file
/// it lists still has the recorded size and modification time. Then running
/// again would write nothing. Only `stat`s files; any doubt returns `None`
/// and the caller takes the full path, which compares contents.
pub fn untouched_since(out_dir: &Path, target: &str, inputs: &str) -> Option<Untouched> {
    let (path, folder) = cache_file(out_dir)?;
    let bytes = std::fs::read(path).ok()?;
    let m: Cache = serde_json::from_slice(&bytes).ok()?;
    if m.folder != folder || m.generator != generator() || m.target != target || m.inputs != inputs
    {
        return None;
    }
    let mut counts = Untouched {
        unchanged: 0,
        kept: 0,
    };
    for (rel, (owner, stamp)) in &m.files {
        // Nothing is written here, so one `lstat` per file is enough (no
        // per-component link check as before writing).
        if !is_plain_relative(rel) {
            return None;
        }
        if Stamp::of(&out_dir.join(rel)) != Some(*stamp) {
            return None;
        }
        if rel == MANIFEST {
            continue;
        }
        match owner {
            Owner::Ddgen => counts.unchanged += 1,
            Owner::User => counts.kept += 1,
        }
    }
    Some(counts)
}

/// Records what a run left in `out_dir` for [`untouched_since`]. `inputs` is
/// `None` when the run may not be cached, and a file without a stamp makes
/// it uncacheable too: the cache is then removed. Best effort: without a
/// cache the next run only takes longer.
pub(super) fn record_cache(
    out_dir: &Path,
    target: &str,
    inputs: Option<&String>,
    stamps: &BTreeMap<String, (Owner, Option<Stamp>)>,
) {
    let _ = std::fs::remove_file(out_dir.join(LEGACY));
    let Some((cache_path, folder)) = cache_file(out_dir) else {
        return;
    };
    let forget = || {
        let _ = std::fs::remove_file(&cache_path);
    };
    let Some(inputs) = inputs else {
        return forget();
    };
    let mut files = BTreeMap::new();
    for (rel, (owner, stamp)) in stamps {
        let Some(stamp) = stamp else {
            return forget();
        };
        files.insert(rel.clone(), (*owner, *stamp));
    }
    let Some(manifest) = Stamp::of(&out_dir.join(MANIFEST)) else {
        return forget();
    };
    files.insert(MANIFEST.to_string(), (Owner::Ddgen, manifest));
    let cache = Cache {
        folder,
        generator: generator(),
        target: target.to_string(),
        inputs: inputs.clone(),
        files,
    };
    let Ok(mut json) = serde_json::to_vec(&cache) else {
        return;
    };
    json.push(b'\n');
    if std::fs::read(&cache_path).is_ok_and(|old| old == json) {
        return; // a no-op run leaves even the cache alone
    }
    if let Some(dir) = cache_path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let tmp = temp_beside(&cache_path, "new");
    if std::fs::write(&tmp, &json).is_err() || std::fs::rename(&tmp, &cache_path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
