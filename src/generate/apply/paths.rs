//! Paths inside the output folder: every one relative and plain, nothing
//! written through a symbolic link, and temporary files beside their target.

use super::*;

/// Path checks against the output folder with one `lstat` per folder: a
/// folder that does not exist holds nothing, so nothing under it needs a
/// lookup (a first generation of 30,000 files makes no lookups at all).
pub(super) struct PathChecker<'a> {
    out_dir: &'a Path,
    /// Whether the output folder itself exists.
    out_exists: bool,
    /// Folders (relative, `/`-separated) already looked at: does it exist?
    folders: std::collections::HashMap<String, bool>,
}

impl<'a> PathChecker<'a> {
    pub(super) fn new(out_dir: &'a Path) -> Self {
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
    pub(super) fn check(&mut self, rel: &str) -> Result<(PathBuf, bool), ApplyError> {
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
pub(in crate::generate) fn is_plain_relative(rel: &str) -> bool {
    !rel.split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
}

pub(in crate::generate) fn temp_beside(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.ddgen-{kind}-{}", std::process::id()))
}
