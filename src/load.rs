//! Finding and reading model files: paths → a [`SourceMap`] in sorted order.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use std::path::{Path, PathBuf};

/// Files larger than this are refused outright (a model is text).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A problem that stops loading: exit code 2.
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every `.ddd` file the paths name: files as given, directories searched
/// recursively (skipping hidden folders and symlinked folders). Sorted and
/// deduplicated, so the order the user names them in does not matter.
pub fn find_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    find_files_with(paths, "ddd")
}

/// [`find_files`] for files ending in `.{ext}` (`import cml` reads `.cml`).
pub fn find_files_with(paths: &[PathBuf], ext: &str) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| LoadError(format!("cannot read `{}`: {}", p.display(), io_reason(&e))))?;
        if meta.is_file() {
            out.push(p.clone());
            continue;
        }
        let before = out.len();
        let mut stack = vec![p.clone()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| {
                LoadError(format!(
                    "cannot read folder `{}`: {}",
                    dir.display(),
                    io_reason(&e)
                ))
            })?;
            for entry in entries {
                let entry = entry.map_err(|e| {
                    LoadError(format!(
                        "cannot read folder `{}`: {}",
                        dir.display(),
                        io_reason(&e)
                    ))
                })?;
                let path = entry.path();
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                let Ok(ft) = entry.file_type() else { continue };
                if ft.is_dir() && !hidden {
                    stack.push(path);
                } else if !ft.is_dir()
                    && path.extension().is_some_and(|e| e == ext)
                    && (ft.is_file() || path.is_file())
                {
                    out.push(path);
                }
            }
        }
        if out.len() == before {
            return Err(LoadError(format!("no `.{ext}` files in `{}`", p.display())));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads the files into a source map. A file that is not UTF-8 is loaded
/// lossily and gets an E001 at its first bad byte.
pub fn read_files(files: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Result<SourceMap, LoadError> {
    let mut sources = SourceMap::default();
    for path in files {
        let bytes = read_bytes(path)?;
        add_bytes(&mut sources, display(path), bytes, diags);
    }
    Ok(sources)
}

/// One model file's bytes, refused past [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(LoadError(format!(
            "`{}` is {} MB; model files are limited to {} MB",
            path.display(),
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(|e| {
        LoadError(format!(
            "cannot read `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
    })
}

/// Reads one model file: its text (decoded lossily when it is not UTF-8)
/// and, for a file that is not UTF-8, the offset of its first bad byte.
pub fn read_text(path: &Path) -> Result<(String, Option<usize>), LoadError> {
    Ok(decode(read_bytes(path)?))
}

/// A file's bytes as text, lossily, with the offset of the first byte that
/// is not UTF-8 (if any).
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some(bad),
            )
        }
    }
}

/// Adds one file's bytes to `sources`. Text that is not UTF-8 is loaded
/// lossily and gets an E001 at its first bad byte.
pub fn add_bytes(
    sources: &mut SourceMap,
    path: PathBuf,
    bytes: Vec<u8>,
    diags: &mut Vec<Diagnostic>,
) -> FileId {
    let (text, bad) = decode(bytes);
    let id = sources.add(path, text);
    if let Some(bad) = bad {
        diags.push(not_utf8(id, bad));
    }
    id
}

/// The E001 of a file that is not UTF-8, at its first bad byte (`bad`, an
/// offset into the lossily decoded text).
pub fn not_utf8(file: FileId, bad: usize) -> Diagnostic {
    Diagnostic::new(
        Code::E001,
        Span::new(file, bad, bad + '\u{FFFD}'.len_utf8()),
        "file is not valid UTF-8",
    )
    .with_label("invalid byte here")
    .help("save the model as UTF-8 text")
}

/// Paths are shown as given, without a leading `./`.
pub fn display(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
