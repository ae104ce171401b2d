//! Regeneration that never loses work: planned files → changes on disk.
//!
//! [`plan`] compares the files the model asks for with the output folder and
//! its manifest (`.ddgen/manifest.json`, what ddgen wrote and its SHA-256):
//! new files are created; ddgen-owned files are rewritten only when they
//! change and only if the user has not edited them (else a conflict, unless
//! `--force`); user-owned files are never touched once they exist; files
//! ddgen wrote earlier that the model no longer asks for are orphans, removed
//! only with `--prune`. [`apply`] carries a plan out atomically: every new
//! content is first written beside its target, then all are renamed into
//! place; any failure rolls everything back. Nothing is ever written through
//! a symbolic link.
//!
//! What each run left is recorded in the stamp cache (`super::cache`), so
//! that a rerun over an untouched folder can stop before rendering.

use super::cache::{record_cache, Stamp};
use super::{OutFile, Owner};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = ".ddgen/manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub owner: Owner,
    /// SHA-256 of the content ddgen wrote (hex).
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub target: String,
    pub files: BTreeMap<String, ManifestEntry>,
}

pub(super) fn generator() -> String {
    format!("ddgen {}", env!("CARGO_PKG_VERSION"))
}

pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hexadecimal.
pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    hex
}

/// What happens to one path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Create,
    Update,
    /// Same content already on disk.
    Unchanged,
    /// A user-owned file that exists: left alone.
    Keep,
    /// Owned by ddgen but edited by the user (or not written by ddgen):
    /// refused without `--force`.
    Conflict,
    /// Written by ddgen earlier, no longer asked for by the model.
    Orphan,
    /// An orphan removed by `--prune`.
    Remove,
}

impl Action {
    pub fn word(&self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Unchanged => "unchanged",
            Action::Keep => "keep",
            Action::Conflict => "conflict",
            Action::Orphan => "orphan",
            Action::Remove => "remove",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub action: Action,
    pub owner: Owner,
    /// Why, for conflicts and orphans.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub force: bool,
    pub prune: bool,
    /// [`inputs_digest`] of this run, recorded for [`untouched_since`].
    pub inputs: Option<String>,
}

/// Problems that stop generation before anything is written (exit 2).
#[derive(Debug)]
pub struct ApplyError(pub String);

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub struct Plan<'a> {
    pub out_dir: PathBuf,
    pub changes: Vec<Change>,
    /// Contents to write, by path (creates and updates).
    writes: BTreeMap<&'a str, &'a str>,
    /// Paths to delete (`--prune`).
    removals: Vec<String>,
    manifest: Manifest,
    manifest_changed: bool,
    /// Generate-time findings (`G4xx`) about the folder, shown before
    /// anything is written (`super::findings`).
    pub findings: super::findings::Findings,
    /// Stamps of the files left as they are (`None`: written by `apply`).
    stamps: BTreeMap<String, (Owner, Option<Stamp>)>,
    /// Inputs digest to record in the cache, when this run may be cached.
    inputs: Option<String>,
}

impl Plan<'_> {
    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }

    pub fn conflicts(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.action == Action::Conflict)
    }

    /// Whether applying would change anything on disk.
    pub fn is_noop(&self) -> bool {
        self.writes.is_empty() && self.removals.is_empty() && !self.manifest_changed
    }

    /// Changes that make the tree differ from the model (for `--check`).
    pub fn drift(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| {
            matches!(
                c.action,
                Action::Create
                    | Action::Update
                    | Action::Conflict
                    | Action::Orphan
                    | Action::Remove
            )
        })
    }
}

/// Path checks against the output folder with one `lstat` per folder: a
/// folder that does not exist holds nothing, so nothing under it needs a
/// lookup (a first generation of 30,000 files makes no lookups at all).
struct PathChecker<'a> {
    out_dir: &'a Path,
    /// Whether the output folder itself exists.
    out_exists: bool,
    /// Folders (relative, `/`-separated) already looked at: does it exist?
    folders: std::collections::HashMap<String, bool>,
}

impl<'a> PathChecker<'a> {
    fn new(out_dir: &'a Path) -> Self {
        PathChecker {
            out_dir,
            out_exists: out_dir.is_dir(),
            folders: std::collections::HashMap::new(),
        }
    }

    /// Whether something is at `at`; refuses a symbolic link.
    fn look(at: &Path) -> Result<bool, ApplyError> {
        match std::fs::symlink_metadata(at) {
            Ok(meta) if meta.file_type().is_symlink() => Err(ApplyError(format!(
                "`{}` is a symbolic link; ddgen never writes through links (remove it or choose another output folder)",
                at.display()
            ))),
            Ok(_) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            // Not a folder, unreadable…: let the read that follows say so.
            Err(_) => Ok(true),
        }
    }

    /// The full path of `rel`, and whether something may be there. Refuses
    /// paths that leave the output folder or pass through a symbolic link.
    fn check(&mut self, rel: &str) -> Result<(PathBuf, bool), ApplyError> {
        if !is_plain_relative(rel) {
            return Err(ApplyError(format!("refusing the path `{rel}`")));
        }
        let parts: Vec<&str> = rel.split('/').collect();
        let mut exists = self.out_exists;
        let mut at = self.out_dir.to_path_buf();
        let mut end = 0;
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            end += part.len() + usize::from(i > 0);
            if !exists {
                continue; // nothing under a missing folder
            }
            if i + 1 == parts.len() {
                exists = Self::look(&at)?;
            } else if let Some(e) = self.folders.get(&rel[..end]) {
                exists = *e;
            } else {
                exists = Self::look(&at)?;
                self.folders.insert(rel[..end].to_string(), exists);
            }
        }
        Ok((at, exists))
    }
}

/// Whether `rel` is a `/`-separated path that stays below its folder: no
/// empty, `.` or `..` part.
pub(super) fn is_plain_relative(rel: &str) -> bool {
    !rel.split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
}

fn read_manifest(out_dir: &Path) -> Result<Option<Manifest>, ApplyError> {
    let path = out_dir.join(MANIFEST);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            ApplyError(format!(
                "cannot read `{}`: {e}; restore it from version control",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ApplyError(format!("cannot read `{}`: {e}", path.display()))),
    }
}

/// SHA-256 of every file's content, on all cores (over 100 MB at 1,000
/// contexts), in the files' order.
fn sha256_all(files: &[OutFile]) -> Vec<String> {
    super::on_all_cores(files, |f| sha256(f.content.as_bytes()))
}

/// Compares the planned files with the output folder.
pub fn plan<'a>(
    out_dir: &Path,
    files: &'a [OutFile],
    target: &str,
    options: Options,
) -> Result<Plan<'a>, ApplyError> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(ApplyError(format!(
            "the output path `{}` is a file, not a folder",
            out_dir.display()
        )));
    }
    if std::fs::symlink_metadata(out_dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ApplyError(format!(
            "the output folder `{}` is a symbolic link; name the real folder",
            out_dir.display()
        )));
    }
    let old = read_manifest(out_dir)?.unwrap_or_default();
    let mut manifest = Manifest {
        generator: generator(),
        target: target.to_string(),
        files: BTreeMap::new(),
    };
    let mut changes = Vec::new();
    let mut writes = BTreeMap::new();
    let mut removals = Vec::new();
    let findings = super::findings::collect(out_dir, files, &old);
    let mut stamps = BTreeMap::new();
    let hashes = sha256_all(files);
    let mut paths = PathChecker::new(out_dir);
    for (f, hash) in files.iter().zip(hashes) {
        let (path, may_exist) = paths.check(&f.path)?;
        let previous = old.files.get(&f.path);
        let on_disk = match may_exist.then(|| std::fs::read(&path)) {
            None => None,
            Some(Ok(b)) => Some(b),
            Some(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => None,
            Some(Err(e)) => {
                return Err(ApplyError(format!("cannot read `{}`: {e}", path.display())))
            }
        };
        let (action, note, recorded) = match (&on_disk, f.owner) {
            (None, _) => (Action::Create, None, hash.clone()),
            (Some(_), Owner::User) => (
                Action::Keep,
                None,
                previous.map(|p| p.sha256.clone()).unwrap_or(hash.clone()),
            ),
            // Same bytes: nothing to do (no need to hash what is on disk).
            (Some(bytes), Owner::Ddgen) if bytes.as_slice() == f.content.as_bytes() => {
                (Action::Unchanged, None, hash.clone())
            }
            (Some(bytes), Owner::Ddgen) => {
                let disk_hash = sha256(bytes);
                if previous.is_some_and(|p| p.sha256 == disk_hash) || options.force {
                    (Action::Update, None, hash.clone())
                } else if previous.is_some() {
                    (
                        Action::Conflict,
                        Some("edited since ddgen wrote it; --force overwrites it".to_string()),
                        hash.clone(),
                    )
                } else {
                    (
                        Action::Conflict,
                        Some(
                            "exists and was not written by ddgen; --force overwrites it"
                                .to_string(),
                        ),
                        hash.clone(),
                    )
                }
            }
        };
        let stamp = if matches!(action, Action::Create | Action::Update) {
            writes.insert(f.path.as_str(), f.content.as_str());
            None // known once `apply` has written it
        } else {
            Stamp::of(&path)
        };
        stamps.insert(f.path.clone(), (f.owner, stamp));
        manifest.files.insert(
            f.path.clone(),
            ManifestEntry {
                owner: f.owner,
                sha256: recorded,
                context: f.context.clone(),
            },
        );
        changes.push(Change {
            path: f.path.clone(),
            action,
            owner: f.owner,
            note,
        });
    }
    for (path, entry) in &old.files {
        if manifest.files.contains_key(path) {
            continue;
        }
        let (full, _) = paths.check(path)?;
        let Ok(bytes) = std::fs::read(&full) else {
            continue;
        }; // already gone
        let edited = sha256(&bytes) != entry.sha256;
        let removable = entry.owner == Owner::Ddgen && (!edited || options.force);
        let (action, note) = if options.prune && removable {
            removals.push(path.clone());
            (Action::Remove, None)
        } else {
            let why = match (entry.owner, edited) {
                (Owner::User, _) => {
                    "yours: ddgen never removes it; delete it by hand if it is no longer needed"
                }
                (Owner::Ddgen, true) => "edited since ddgen wrote it; --prune --force removes it",
                (Owner::Ddgen, false) => {
                    "ddgen no longer writes it (the model or ddgen changed); --prune removes it"
                }
            };
            manifest.files.insert(path.clone(), entry.clone());
            (Action::Orphan, Some(why.to_string()))
        };
        changes.push(Change {
            path: path.clone(),
            action,
            owner: entry.owner,
            note,
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    // A run that leaves orphans or findings must show them again next time.
    let inputs = options
        .inputs
        .filter(|_| findings.is_empty() && !changes.iter().any(|c| c.action == Action::Orphan));
    let manifest_changed = old != manifest;
    Ok(Plan {
        out_dir: out_dir.to_path_buf(),
        changes,
        writes,
        removals,
        manifest,
        manifest_changed,
        findings,
        stamps,
        inputs,
    })
}

pub(super) fn temp_beside(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.ddgen-{kind}-{}", std::process::id()))
}

/// Carries out a plan without conflicts, atomically. `fail_after` injects a
/// failure after that many renames (tests only).
pub fn apply(plan: &Plan, fail_after: Option<usize>) -> Result<usize, ApplyError> {
    if plan.conflicts().next().is_some() {
        return Err(ApplyError("refusing to overwrite edited files".into()));
    }
    if plan.is_noop() {
        write_cache(plan, &plan.stamps);
        return Ok(0);
    }
    if std::fs::symlink_metadata(&plan.out_dir).is_err() {
        return apply_fresh(plan, fail_after);
    }
    let writes: Vec<(PathBuf, &[u8])> = plan
        .writes
        .iter()
        .map(|(p, c)| (plan.out_dir.join(p), c.as_bytes()))
        .collect();
    let mut stamps = plan.stamps.clone();
    let manifest_path = plan.out_dir.join(MANIFEST);
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut known_dirs: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut stage = |target: &Path, bytes: &[u8]| -> Result<(PathBuf, Option<Stamp>), String> {
        if let Some(dir) = target.parent().filter(|d| !known_dirs.contains(*d)) {
            known_dirs.insert(dir.to_path_buf());
            let mut missing = Vec::new();
            let mut d = dir.to_path_buf();
            while !d.exists() {
                missing.push(d.clone());
                if !d.pop() {
                    break;
                }
            }
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            created_dirs.extend(missing.into_iter().rev());
        }
        let tmp = temp_beside(target, "new");
        let stamp = write_new(
            &tmp,
            bytes,
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true),
        )
        .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
        Ok((tmp, stamp))
    };
    // Phase 1: every new content beside its target (its stamp taken there: a
    // rename keeps it), and the manifest. Nothing visible changes.
    let staged: Result<(), String> = (|| {
        for ((rel, _), (target, bytes)) in plan.writes.iter().zip(&writes) {
            let (tmp, stamp) = stage(target, bytes)?;
            if let Some((_, s)) = stamps.get_mut(*rel) {
                *s = stamp;
            }
            temps.push((tmp, target.clone()));
        }
        if plan.manifest_changed {
            let json = manifest_json(&plan.manifest)?;
            temps.push((stage(&manifest_path, &json)?.0, manifest_path.clone()));
        }
        Ok(())
    })();
    let cleanup = |temps: &[(PathBuf, PathBuf)], dirs: &[PathBuf]| {
        for (tmp, _) in temps {
            let _ = std::fs::remove_file(tmp);
        }
        for d in dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    };
    if let Err(e) = staged {
        cleanup(&temps, &created_dirs);
        return Err(ApplyError(e));
    }
    // Phase 2: move old files aside, new files in. Roll back on any failure.
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new(); // (target, backup)
    let mut removed: Vec<(PathBuf, PathBuf)> = Vec::new(); // (original, backup)
    let mut step = 0usize;
    let result: Result<(), String> = (|| {
        for (tmp, target) in &temps {
            if fail_after.is_some_and(|n| step >= n) {
                return Err("injected failure".into());
            }
            step += 1;
            let backup = if target.exists() {
                let b = temp_beside(target, "old");
                std::fs::rename(target, &b)
                    .map_err(|e| format!("cannot replace `{}`: {e}", target.display()))?;
                Some(b)
            } else {
                None
            };
            if let Err(e) = std::fs::rename(tmp, target) {
                if let Some(b) = &backup {
                    let _ = std::fs::rename(b, target);
                }
                return Err(format!("cannot write `{}`: {e}", target.display()));
            }
            done.push((target.clone(), backup));
        }
        for rel in &plan.removals {
            let original = plan.out_dir.join(rel);
            let b = temp_beside(&original, "old");
            std::fs::rename(&original, &b)
                .map_err(|e| format!("cannot remove `{}`: {e}", original.display()))?;
            removed.push((original, b));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (original, b) in removed.iter().rev() {
            let _ = std::fs::rename(b, original);
        }
        for (target, backup) in done.iter().rev() {
            match backup {
                Some(b) => {
                    let _ = std::fs::rename(b, target);
                }
                None => {
                    let _ = std::fs::remove_file(target);
                }
            }
        }
        cleanup(&temps, &created_dirs);
        return Err(ApplyError(e));
    }
    // Phase 3: drop the backups; remove folders that pruning emptied.
    for (_, backup) in &done {
        if let Some(b) = backup {
            let _ = std::fs::remove_file(b);
        }
    }
    for (original, b) in &removed {
        let _ = std::fs::remove_file(b);
        let mut dir = original.parent().map(Path::to_path_buf);
        while let Some(d) = dir {
            if d == plan.out_dir || std::fs::remove_dir(&d).is_err() {
                break;
            }
            dir = d.parent().map(Path::to_path_buf);
        }
    }
    write_cache(plan, &stamps);
    Ok(plan.writes.len() + plan.removals.len())
}

/// Writes `bytes` to `path` opened with `open`; its stamp from the open file
/// (no path lookup).
pub(super) fn write_new(
    path: &Path,
    bytes: &[u8],
    open: &std::fs::OpenOptions,
) -> std::io::Result<Option<Stamp>> {
    use std::io::Write;
    let mut f = open.open(path)?;
    f.write_all(bytes)?;
    Ok(f.metadata().ok().and_then(|m| Stamp::from_metadata(&m)))
}

pub(super) fn manifest_json(m: &Manifest) -> Result<Vec<u8>, String> {
    let mut json = serde_json::to_vec_pretty(m).map_err(|e| e.to_string())?;
    json.push(b'\n');
    Ok(json)
}

/// First generation into a folder that does not exist: the whole tree is
/// written into a hidden sibling folder, which one rename then puts in place
/// (atomic like the general path, without a rename per file).
fn apply_fresh(plan: &Plan, fail_after: Option<usize>) -> Result<usize, ApplyError> {
    let Some(tree) = super::fresh::FreshTree::start(&plan.out_dir)? else {
        return Err(ApplyError(format!(
            "`{}` appeared while ddgen was writing it",
            plan.out_dir.display()
        )));
    };
    let mut all: Vec<(&str, &str)> = plan.writes.iter().map(|(r, c)| (*r, *c)).collect();
    // The manifest is written last: failing "after n" of n files fails there.
    let injected = fail_after.is_some_and(|n| n <= all.len());
    all.truncate(fail_after.unwrap_or(usize::MAX));
    // Creating files is mostly kernel work: spread it over the cores.
    let written = super::on_all_cores(&all, |(rel, content)| {
        tree.write_one(rel, content.as_bytes()).map(|s| (*rel, s))
    });
    let mut stamps = plan.stamps.clone();
    for result in written {
        let (rel, stamp) = result?;
        if let Some((_, s)) = stamps.get_mut(rel) {
            *s = stamp;
        }
    }
    if injected {
        return Err(ApplyError("injected failure".into()));
    }
    tree.finish_with(&plan.manifest, &stamps, plan.inputs.as_ref())?;
    Ok(plan.writes.len())
}

/// Records what this run left in the stamp cache (`super::cache`), when the
/// run may be cached.
fn write_cache(plan: &Plan, stamps: &BTreeMap<String, (Owner, Option<Stamp>)>) {
    record_cache(
        &plan.out_dir,
        &plan.manifest.target,
        plan.inputs.as_ref(),
        stamps,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lower_case_hex() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
