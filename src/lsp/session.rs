//! What the server knows between messages: the workspace folders, the
//! model's files as last read from disk, the open buffers (which override
//! the disk), and the last analysis, recomputed on demand after a change.
//!
//! The model is every `.ddd` below the workspace folders plus any open
//! `.ddd` buffer below them; with no workspace folder it is the open
//! buffers alone. A buffer outside the folders is not part of the model:
//! requests about it are refused with an error.

use super::convert::{self, Encoding};
use crate::check::{check_parsed, Checked, Options};
use crate::diagnostic::Code;
use crate::source::{FileId, SourceFile, SourceMap};
use lsp_server::Notification;
use lsp_types::{InitializeParams, PublishDiagnosticsParams, Uri};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// An open buffer, with the line index its positions are read through.
pub struct Document {
    pub file: SourceFile,
    pub version: i32,
}

/// A model file as read from disk.
struct DiskFile {
    text: String,
    /// First byte that is not UTF-8, for a file that is not.
    bad_utf8: Option<usize>,
}

/// A file as last parsed, kept so that an edit re-parses only its file.
struct Parsed {
    path: PathBuf,
    text: String,
    bad_utf8: Option<usize>,
    tree: crate::syntax::ast::File,
    /// The syntax diagnostics (spans in this file's `FileId`).
    diags: Vec<crate::diagnostic::Diagnostic>,
}

/// One run of the pipeline over the current texts.
pub struct Analysis {
    pub checked: Checked,
    /// The path of each file (by `FileId`).
    pub paths: Vec<PathBuf>,
    ids: HashMap<PathBuf, FileId>,
}

impl Analysis {
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.ids.get(path).copied()
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        self.checked.sources.file(id)
    }

    pub fn uri(&self, id: FileId) -> Uri {
        convert::uri(&self.paths[id.0 as usize])
    }

    pub fn range(&self, span: crate::source::Span, enc: Encoding) -> lsp_types::Range {
        convert::range(self.file(span.file), span, enc)
    }

    pub fn location(&self, span: crate::source::Span, enc: Encoding) -> lsp_types::Location {
        lsp_types::Location::new(self.uri(span.file), self.range(span, enc))
    }
}

pub struct Session {
    pub encoding: Encoding,
    /// Whether the client shows `DocumentSymbol` trees (else flat lists).
    pub hierarchical_symbols: bool,
    /// Whether the client can be asked to watch files for us.
    pub watch_files: bool,
    roots: Vec<PathBuf>,
    disk: BTreeMap<PathBuf, DiskFile>,
    open: HashMap<PathBuf, Document>,
    analysis: Option<Rc<Analysis>>,
    /// The parse of each file of the last analysis, by `FileId`.
    parsed: Vec<Parsed>,
    /// Files that last got a non-empty list of diagnostics.
    published: BTreeSet<PathBuf>,
    /// Whether diagnostics must be sent again.
    stale: bool,
    explain_dir: Option<PathBuf>,
}

impl Session {
    pub fn new(params: &InitializeParams) -> Session {
        let caps = &params.capabilities;
        let encoding = Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| convert::path(&f.uri))
            .collect();
        #[allow(deprecated)] // rootUri and rootPath: older clients send only these
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(convert::path));
            if roots.is_empty() {
                roots.extend(params.root_path.as_ref().map(PathBuf::from));
            }
        }
        let hierarchical_symbols = caps
            .text_document
            .as_ref()
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|d| d.hierarchical_document_symbol_support)
            .unwrap_or(false);
        let watch_files = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let mut session = Session {
            encoding,
            hierarchical_symbols,
            watch_files,
            roots,
            disk: BTreeMap::new(),
            open: HashMap::new(),
            analysis: None,
            parsed: Vec::new(),
            published: BTreeSet::new(),
            stale: true,
            explain_dir: None,
        };
        session.explain_dir = explanations().clone();
        session.rescan();
        session
    }

    /// Whether `path` belongs to the model.
    pub fn in_workspace(&self, path: &Path) -> bool {
        path.extension().is_some_and(|e| e == "ddd")
            && (self.roots.is_empty() || self.roots.iter().any(|r| path.starts_with(r)))
    }

    /// Reads the model's files from disk again.
    pub fn rescan(&mut self) {
        let mut disk = BTreeMap::new();
        for root in &self.roots {
            // A folder without `.ddd` files (or gone) contributes nothing.
            let Ok(files) = crate::load::find_files(std::slice::from_ref(root)) else {
                continue;
            };
            for path in files {
                match crate::load::read_text(&path) {
                    Ok((text, bad_utf8)) => {
                        disk.insert(path, DiskFile { text, bad_utf8 });
                    }
                    Err(e) => eprintln!("ddgen lsp: {e}"),
                }
            }
        }
        self.disk = disk;
        self.changed();
    }

    /// Forgets the analysis after a change of any text.
    pub fn changed(&mut self) {
        self.analysis = None;
        self.stale = true;
    }

    /// After a handler panicked: nothing computed is trusted any more.
    pub fn recover(&mut self) {
        self.parsed.clear();
        self.changed();
    }

    pub fn document(&self, path: &Path) -> Option<&Document> {
        self.open.get(path)
    }

    pub fn open(&mut self, path: PathBuf, text: String, version: i32) {
        let file = SourceFile::new(path.clone(), text);
        self.open.insert(path, Document { file, version });
        self.changed();
    }

    /// Replaces an open buffer's text (after edits were applied to it).
    pub fn update(&mut self, path: &Path, text: String, version: i32) {
        if let Some(doc) = self.open.get_mut(path) {
            doc.file = SourceFile::new(path.to_path_buf(), text);
            doc.version = version;
        }
        self.changed();
    }

    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
        self.rescan();
    }

    /// The current analysis, computed if a text changed since the last.
    pub fn analysis(&mut self) -> Rc<Analysis> {
        if let Some(a) = &self.analysis {
            return a.clone();
        }
        let mut paths: BTreeSet<&PathBuf> = self.disk.keys().collect();
        paths.extend(self.open.keys().filter(|p| self.in_workspace(p)));
        let mut sources = SourceMap::default();
        let mut diags = Vec::new();
        let mut ordered = Vec::with_capacity(paths.len());
        let mut trees = Vec::with_capacity(paths.len());
        let mut parsed = Vec::with_capacity(paths.len());
        let mut previous = std::mem::take(&mut self.parsed);
        for path in paths {
            let (text, bad_utf8) = match (self.open.get(path), self.disk.get(path)) {
                (Some(doc), _) => (&doc.file.text, None),
                (None, Some(f)) => (&f.text, f.bad_utf8),
                (None, None) => continue,
            };
            let id = sources.add(path.clone(), text.clone());
            // The same file at the same id with the same text: its tree and
            // syntax diagnostics still hold (spans carry the id).
            let same = previous
                .get_mut(id.0 as usize)
                .filter(|p| p.path == *path && p.bad_utf8 == bad_utf8 && p.text == *text);
            let (tree, file_diags) = match same {
                Some(p) => (std::mem::take(&mut p.tree), std::mem::take(&mut p.diags)),
                None => match bad_utf8 {
                    Some(bad) => (Default::default(), vec![crate::load::not_utf8(id, bad)]),
                    None => {
                        let mut d = Vec::new();
                        (crate::syntax::parse_file(id, text, &mut d), d)
                    }
                },
            };
            diags.extend(file_diags.iter().cloned());
            trees.push(tree);
            parsed.push((path.clone(), text.clone(), bad_utf8, file_diags));
            ordered.push(path.clone());
        }
        let checked = check_parsed(sources, &trees, diags, &Options::default());
        self.parsed = parsed
            .into_iter()
            .zip(trees)
            .map(|((path, text, bad_utf8, diags), tree)| Parsed {
                path,
                text,
                bad_utf8,
                tree,
                diags,
            })
            .collect();
        let ids = ordered
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), FileId(i as u32)))
            .collect();
        let analysis = Rc::new(Analysis {
            checked,
            paths: ordered,
            ids,
        });
        self.analysis = Some(analysis.clone());
        analysis
    }

    /// The analysis and the id of `uri`'s file, or why there is none.
    pub fn analysis_of(&mut self, uri: &Uri) -> Result<(Rc<Analysis>, FileId), String> {
        let path = convert::path(uri).ok_or_else(|| format!("`{}` is not a file", uri.as_str()))?;
        if !self.in_workspace(&path) {
            return Err(format!(
                "`{}` is not a `.ddd` file of the workspace folders",
                path.display()
            ));
        }
        let analysis = self.analysis();
        match analysis.file_id(&path) {
            Some(id) => Ok((analysis, id)),
            None => Err(format!("`{}` is not open and not on disk", path.display())),
        }
    }

    /// The link to `code`'s explanation (see `docs/editors.md`).
    pub fn explain_link(&self, code: Code) -> Option<Uri> {
        let dir = self.explain_dir.as_ref()?;
        Some(convert::uri(&dir.join(format!("{}.md", code.as_str()))))
    }

    /// `publishDiagnostics` for every file whose diagnostics may have
    /// changed since the last call: each file of the model with
    /// diagnostics, and each file that had some and has none now.
    pub fn diagnostics_to_publish(&mut self) -> Vec<Notification> {
        if !self.stale {
            return Vec::new();
        }
        self.stale = false;
        let analysis = self.analysis();
        let mut per_file: BTreeMap<FileId, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        let uri_of = |id: FileId| analysis.uri(id);
        let explain = |code: Code| self.explain_link(code);
        for d in &analysis.checked.outcome.diagnostics {
            per_file
                .entry(d.span.file)
                .or_default()
                .push(convert::diagnostic(
                    &analysis.checked.sources,
                    d,
                    self.encoding,
                    &uri_of,
                    &explain,
                ));
        }
        let mut out = Vec::new();
        let mut now = BTreeSet::new();
        for (id, diagnostics) in per_file {
            let path = &analysis.paths[id.0 as usize];
            now.insert(path.clone());
            out.push(publish(path, diagnostics, self.open.get(path)));
        }
        for path in self.published.difference(&now) {
            out.push(publish(path, Vec::new(), self.open.get(path)));
        }
        self.published = now;
        out
    }
}

fn publish(
    path: &Path,
    diagnostics: Vec<lsp_types::Diagnostic>,
    doc: Option<&Document>,
) -> Notification {
    Notification::new(
        "textDocument/publishDiagnostics".into(),
        PublishDiagnosticsParams {
            uri: convert::uri(path),
            diagnostics,
            version: doc.map(|d| d.version),
        },
    )
}

/// The folder of [`write_explanations`], written once per process.
fn explanations() -> &'static Option<PathBuf> {
    static DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    DIR.get_or_init(write_explanations)
}

/// Writes the text `ddgen explain CODE` prints for every code into
/// `<cache>/explain/<version>/CODE.md` (once per version), so that each
/// diagnostic's `codeDescription` can link a file the editor opens.
fn write_explanations() -> Option<PathBuf> {
    let dir = crate::generate::cache::cache_dir()?
        .join("explain")
        .join(env!("CARGO_PKG_VERSION"));
    for code in Code::ALL {
        let path = dir.join(format!("{}.md", code.as_str()));
        let text = crate::explain::text(*code);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::create_dir_all(&dir).ok()?;
            crate::write::write_atomic(&path, text.as_bytes()).ok()?;
        }
    }
    Some(dir)
}
