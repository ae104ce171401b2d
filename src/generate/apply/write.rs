//! [`apply`]: a plan carried out atomically (written beside, then renamed
//! into place, rolled back on any failure), the manifest and the stamp
//! cache recorded.

use super::*;

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
pub(in crate::generate) fn write_new(
    path: &Path,
    bytes: &[u8],
    open: &std::fs::OpenOptions,
) -> std::io::Result<Option<Stamp>> {
    use std::io::Write;
    let mut f = open.open(path)?;
    f.write_all(bytes)?;
    Ok(f.metadata().ok().and_then(|m| Stamp::from_metadata(&m)))
}

pub(in crate::generate) fn manifest_json(m: &Manifest) -> Result<Vec<u8>, String> {
    let mut json = serde_json::to_vec_pretty(m).map_err(|e| e.to_string())?;
    json.push(b'\n');
    Ok(json)
}

/// First generation into a folder that does not exist: the whole tree is
/// written into a hidden sibling folder, which one rename then puts in place
/// (atomic like the general path, without a rename per file).
fn apply_fresh(plan: &Plan, fail_after: Option<usize>) -> Result<usize, ApplyError> {
    let Some(tree) = crate::generate::fresh::FreshTree::start(&plan.out_dir)? else {
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
    let written = crate::generate::on_all_cores(&all, |(rel, content)| {
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

/// Records what this run left in the stamp cache (`crate::generate::cache`), when the
/// run may be cached.
fn write_cache(plan: &Plan, stamps: &BTreeMap<String, (Owner, Option<Stamp>)>) {
    record_cache(
        &plan.out_dir,
        &plan.manifest.target,
        plan.inputs.as_ref(),
        stamps,
    );
}
