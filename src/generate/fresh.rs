//! A first generation: the output folder does not exist yet, so nothing on
//! disk can be lost or compared, and files can be written as soon as they
//! are rendered.
//!
//! A [`FreshTree`] writes into a hidden sibling folder, from any thread;
//! [`FreshTree::finish`] adds the manifest and renames the folder into place
//! in one step. Dropped unfinished (an error anywhere), it removes everything
//! it created, so the output folder either appears whole or not at all.

use super::apply::{is_plain_relative, sha256, temp_beside, write_new};
use super::apply::{ApplyError, Manifest, ManifestEntry, MANIFEST};
use super::cache::{record_cache, Stamp};
use super::{OutFile, Owner};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One file a [`FreshTree`] wrote (its content already let go).
#[derive(Debug)]
pub struct Written {
    pub path: String,
    pub owner: Owner,
    pub context: Option<String>,
    pub sha256: String,
    pub stamp: Option<Stamp>,
}

/// The hidden folder a first generation is written into.
#[derive(Debug)]
pub struct FreshTree {
    out: PathBuf,
    root: PathBuf,
    /// Missing parents of the output folder that [`FreshTree::start`] created.
    created_parents: Vec<PathBuf>,
    /// Folders (relative) already created inside `root`.
    folders: Mutex<HashSet<String>>,
    finished: bool,
}

impl FreshTree {
    /// A tree for `out_dir`, or `None` when something is already there (a
    /// folder, a file or a link: that takes [`super::apply::plan`]).
    pub fn start(out_dir: &Path) -> Result<Option<FreshTree>, ApplyError> {
        if std::fs::symlink_metadata(out_dir).is_ok() {
            return Ok(None);
        }
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut created_parents = Vec::new();
        let mut d = parent.clone();
        while std::fs::symlink_metadata(&d).is_err() {
            created_parents.push(d.clone());
            if !d.pop() || d.as_os_str().is_empty() {
                break;
            }
        }
        let mut tree = FreshTree {
            out: out_dir.to_path_buf(),
            root: temp_beside(out_dir, "new"),
            created_parents,
            folders: Mutex::new(HashSet::new()),
            finished: false,
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| ApplyError(format!("cannot create `{}`: {e}", parent.display())))?;
        if let Err(e) = std::fs::create_dir(&tree.root) {
            tree.finished = true; // nothing of ours to remove but the parents
            tree.remove_parents();
            return Err(ApplyError(format!(
                "cannot create `{}`: {e}",
                out_dir.display()
            )));
        }
        Ok(Some(tree))
    }

    /// Writes one file at `rel` (never over another: two writes of one path
    /// are an error); its stamp.
    pub fn write_one(&self, rel: &str, bytes: &[u8]) -> Result<Option<Stamp>, ApplyError> {
        if !is_plain_relative(rel) {
            return Err(ApplyError(format!("refusing the path `{rel}`")));
        }
        let fail = |e: std::io::Error| {
            ApplyError(format!(
                "cannot write `{}`: {e}",
                self.out.join(rel).display()
            ))
        };
        if let Some((dir, _)) = rel.rsplit_once('/') {
            let known = self
                .folders
                .lock()
                .expect("no thread panics holding the folder set")
                .contains(dir);
            if !known {
                std::fs::create_dir_all(self.root.join(dir)).map_err(fail)?;
                self.folders
                    .lock()
                    .expect("no thread panics holding the folder set")
                    .insert(dir.to_string());
            }
        }
        let mut exclusive = std::fs::OpenOptions::new();
        exclusive.write(true).create_new(true);
        write_new(&self.root.join(rel), bytes, &exclusive).map_err(fail)
    }

    /// Writes `files` and lets their contents go.
    pub fn write(&self, files: Vec<OutFile>) -> Result<Vec<Written>, ApplyError> {
        files
            .into_iter()
            .map(|f| {
                let stamp = self.write_one(&f.path, f.content.as_bytes())?;
                Ok(Written {
                    sha256: sha256(f.content.as_bytes()),
                    path: f.path,
                    owner: f.owner,
                    context: f.context,
                    stamp,
                })
            })
            .collect()
    }

    /// Adds the manifest of `written`, puts the tree in place and records the
    /// cache (for `inputs`, when given); how many files were written.
    pub fn finish(
        self,
        written: Vec<Written>,
        target: &str,
        inputs: Option<String>,
    ) -> Result<usize, ApplyError> {
        let mut manifest = Manifest {
            generator: super::apply::generator(),
            target: target.to_string(),
            files: BTreeMap::new(),
        };
        let mut stamps = BTreeMap::new();
        for w in written {
            stamps.insert(w.path.clone(), (w.owner, w.stamp));
            manifest.files.insert(
                w.path,
                ManifestEntry {
                    owner: w.owner,
                    sha256: w.sha256,
                    context: w.context,
                },
            );
        }
        self.finish_with(&manifest, &stamps, inputs.as_ref())
    }

    /// [`FreshTree::finish`] with the manifest and stamps already made.
    pub(super) fn finish_with(
        mut self,
        manifest: &Manifest,
        stamps: &BTreeMap<String, (Owner, Option<Stamp>)>,
        inputs: Option<&String>,
    ) -> Result<usize, ApplyError> {
        let json = super::apply::manifest_json(manifest).map_err(ApplyError)?;
        self.write_one(MANIFEST, &json)?;
        std::fs::rename(&self.root, &self.out)
            .map_err(|e| ApplyError(format!("cannot write `{}`: {e}", self.out.display())))?;
        self.finished = true;
        record_cache(&self.out, &manifest.target, inputs, stamps);
        Ok(manifest.files.len())
    }

    fn remove_parents(&self) {
        for d in &self.created_parents {
            let _ = std::fs::remove_dir(d);
        }
    }
}

impl Drop for FreshTree {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.root);
            self.remove_parents();
        }
    }
}
