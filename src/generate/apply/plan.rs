//! [`plan`]: the planned files against the output folder and its manifest,
//! as changes (create, update, keep, conflict, orphan, remove).

use super::*;

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
    crate::generate::on_all_cores(files, |f| sha256(f.content.as_bytes()))
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
    let findings = crate::generate::findings::collect(out_dir, files, &old);
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
