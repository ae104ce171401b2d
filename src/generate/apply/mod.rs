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

mod paths;
mod plan;
mod write;

use paths::PathChecker;
pub(super) use paths::{is_plain_relative, temp_beside};
pub use plan::plan;
pub use write::apply;
pub(super) use write::{manifest_json, write_new};

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
