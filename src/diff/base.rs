//! The two sides of a diff: the revision (the model at `PATHS` on disk) and
//! the base, read either from git at a revision (`git ls-tree` and
//! `git cat-file --batch`, no checkout, nothing written) or from another
//! folder. Both go into one `SourceMap` and are checked separately.

use crate::check::{check_files, Options};
use crate::diagnostic::Diagnostic;
use crate::load::{add_bytes, display, find_files, read_bytes, LoadError, MAX_FILE_BYTES};
use crate::model::Model;
use crate::source::{FileId, SourceMap};
use crate::validate::Outcome;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the base version comes from.
#[derive(Debug, Clone)]
pub enum Base {
    /// A git revision; the same paths are read there.
    Git(String),
    /// Another folder holding the whole base model.
    Path(PathBuf),
}

/// Files of one side: display path and bytes, sorted by path.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Both versions, checked, in one source map.
pub struct Sides {
    pub sources: SourceMap,
    pub base: Model,
    pub base_outcome: Outcome,
    pub rev: Model,
    pub rev_outcome: Outcome,
}

/// Puts the revision's files and then the base's into one source map and
/// checks each side on its own.
pub fn check_sides(base: Files, rev: Files) -> Sides {
    let mut sources = SourceMap::default();
    let mut add = |files: Files| {
        let mut diags: Vec<Diagnostic> = Vec::new();
        let ids: Vec<FileId> = files
            .into_iter()
            .map(|(path, bytes)| add_bytes(&mut sources, path, bytes, &mut diags))
            .collect();
        (ids, diags)
    };
    let (rev_ids, rev_diags) = add(rev);
    let (base_ids, base_diags) = add(base);
    let options = Options::default();
    let (rev, rev_outcome) = check_files(&sources, &rev_ids, rev_diags, &options);
    let (base, base_outcome) = check_files(&sources, &base_ids, base_diags, &options);
    Sides {
        sources,
        base,
        base_outcome,
        rev,
        rev_outcome,
    }
}

/// The model files at `paths`, as `check` finds them.
pub fn read_paths(paths: &[PathBuf]) -> Result<Files, LoadError> {
    read(find_files(paths)?)
}

fn read(files: Vec<PathBuf>) -> Result<Files, LoadError> {
    files
        .into_iter()
        .map(|p| Ok((display(&p), read_bytes(&p)?)))
        .collect()
}

/// The revision: the model files at `paths`, less those inside a base
/// folder that lies among them (`ddgen diff --base-path old` in the model's
/// own folder).
pub fn read_revision(paths: &[PathBuf], base: &Base) -> Result<Files, LoadError> {
    let files = find_files(paths)?;
    // Only a base strictly below a revision path (the same folder on both
    // sides is a diff of the model with itself).
    let inside = match base {
        Base::Path(dir) => dir.canonicalize().ok().filter(|dir| {
            paths.iter().any(|p| {
                p.canonicalize()
                    .is_ok_and(|p| dir.starts_with(&p) && *dir != p)
            })
        }),
        Base::Git(_) => None,
    };
    let kept: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| match (&inside, p.canonicalize()) {
            (Some(dir), Ok(real)) => !real.starts_with(dir),
            _ => true,
        })
        .collect();
    if kept.is_empty() {
        return Err(LoadError(
            "no `.ddd` files in the revision outside the base folder".into(),
        ));
    }
    read(kept)
}

/// The base: from the folder, or from git at the revision for the same
/// `paths` (relative to the current folder, inside one repository).
pub fn read_base(base: &Base, paths: &[PathBuf]) -> Result<Files, LoadError> {
    match base {
        Base::Path(dir) => {
            if !dir.is_dir() {
                return Err(LoadError(format!(
                    "`--base-path {}`: not a folder",
                    dir.display()
                )));
            }
            read_paths(std::slice::from_ref(dir))
        }
        Base::Git(reference) => read_git(reference, paths),
    }
}

fn git(args: &[&str], dir: &Path) -> Result<Vec<u8>, LoadError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LoadError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim().trim_start_matches("fatal: ");
        return Err(LoadError(format!("git {}: {err}", args[0])));
    }
    Ok(out.stdout)
}

/// `path` (relative to `cwd`, or absolute) as a path relative to the
/// repository root, with `/` separators; `..` and `.` resolved lexically
/// after making it absolute.
fn repo_relative(path: &Path, cwd: &Path, root: &Path) -> Option<String> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut parts: Vec<String> = Vec::new();
    let mut root_parts: Vec<String> = Vec::new();
    for (p, out) in [(abs.as_path(), &mut parts), (root, &mut root_parts)] {
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
                _ => {}
            }
        }
    }
    let rest = parts.strip_prefix(root_parts.as_slice())?;
    Some(rest.join("/"))
}

fn read_git(reference: &str, paths: &[PathBuf]) -> Result<Files, LoadError> {
    if reference.starts_with('-') || reference.is_empty() {
        return Err(LoadError(format!(
            "`--base {reference}`: not a git revision"
        )));
    }
    let cwd = std::env::current_dir().map_err(|e| LoadError(e.to_string()))?;
    // The repository is the one holding the first path (the current folder
    // need not be inside it).
    let first = cwd.join(
        paths
            .first()
            .map(PathBuf::as_path)
            .unwrap_or(Path::new(".")),
    );
    let probe = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or(cwd.clone())
    };
    let root = git(&["rev-parse", "--show-toplevel"], &probe)?;
    let root = PathBuf::from(String::from_utf8_lossy(&root).trim());
    // The real cwd (symbolic links resolved), as git reports the root.
    let cwd_real = cwd.canonicalize().unwrap_or(cwd.clone());
    let tree = format!("{reference}^{{tree}}");
    git(&["rev-parse", "--verify", "--quiet", &tree], &root)
        .map_err(|_| LoadError(format!("`--base {reference}`: no such git revision")))?;
    let mut specs = Vec::new();
    for p in paths {
        // The path exists (the revision was read from it): resolve its links
        // as git resolved the root's.
        let real = cwd.join(p).canonicalize().unwrap_or_else(|_| p.clone());
        let rel = repo_relative(&real, &cwd_real, &root).ok_or_else(|| {
            LoadError(format!(
                "`{}` is outside the git repository at `{}`",
                p.display(),
                root.display()
            ))
        })?;
        specs.push(rel);
    }
    let mut files: Vec<(String, String)> = Vec::new(); // (repo path, blob id)
    for spec in &specs {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", reference, "--"];
        if !spec.is_empty() {
            args.push(spec);
        }
        let listing = git(&args, &root)?;
        let before = files.len();
        for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (mode, kind, oid) = (meta.next(), meta.next(), meta.next());
            let hidden = path
                .strip_prefix(spec.as_str())
                .unwrap_or(path)
                .split('/')
                .rev()
                .skip(1)
                .any(|s| s.starts_with('.'));
            if kind == Some("blob") && mode != Some("120000") && path.ends_with(".ddd") && !hidden {
                files.push((path.to_string(), oid.unwrap_or_default().to_string()));
            }
        }
        if files.len() == before {
            let shown = if spec.is_empty() { "." } else { spec };
            return Err(LoadError(format!(
                "no `.ddd` files in `{shown}` at `{reference}`"
            )));
        }
    }
    files.sort();
    files.dedup();
    let blobs = cat_blobs(&root, files.iter().map(|f| f.1.as_str()))?;
    Ok(files
        .into_iter()
        .zip(blobs)
        .map(|((path, _), bytes)| (PathBuf::from(format!("{reference}:{path}")), bytes))
        .collect())
}

/// The contents of `oids`, in order, through one `git cat-file --batch`.
fn cat_blobs<'a>(
    root: &Path,
    oids: impl Iterator<Item = &'a str>,
) -> Result<Vec<Vec<u8>>, LoadError> {
    let input: String = oids.map(|o| format!("{o}\n")).collect();
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| LoadError(format!("cannot run git: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| LoadError(format!("git cat-file: {e}")))?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(LoadError(format!(
            "git cat-file: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let mut rest = out.stdout.as_slice();
    let mut blobs = Vec::new();
    while !rest.is_empty() {
        let nl = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or_else(|| LoadError("git cat-file: truncated output".into()))?;
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| LoadError(format!("git cat-file: {header}")))?;
        if size as u64 > MAX_FILE_BYTES {
            return Err(LoadError(format!(
                "a base file is {} MB; model files are limited to {} MB",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        let body = rest
            .get(nl + 1..nl + 1 + size)
            .ok_or_else(|| LoadError("git cat-file: truncated output".into()))?;
        blobs.push(body.to_vec());
        rest = rest.get(nl + 2 + size..).unwrap_or(&[]);
    }
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_cwd_become_relative_to_the_root() {
        let root = Path::new("/repo");
        let cwd = Path::new("/repo/examples");
        assert_eq!(
            repo_relative(Path::new("retail"), cwd, root).as_deref(),
            Some("examples/retail")
        );
        assert_eq!(
            repo_relative(Path::new("."), cwd, root).as_deref(),
            Some("examples")
        );
        assert_eq!(
            repo_relative(Path::new("../x.ddd"), cwd, root).as_deref(),
            Some("x.ddd")
        );
        assert_eq!(
            repo_relative(Path::new(".."), cwd, root).as_deref(),
            Some("")
        );
        assert_eq!(repo_relative(Path::new("../.."), cwd, root), None);
        assert_eq!(
            repo_relative(Path::new("/repo/a/b.ddd"), cwd, root).as_deref(),
            Some("a/b.ddd")
        );
    }
}
