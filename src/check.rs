//! The pipeline every command runs first: load → parse → resolve → validate.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{find_files, read_files, LoadError};
use crate::model::{default_system_name, resolve, Model};
use crate::source::{FileId, SourceMap};
use crate::syntax::{ast, parse_file};
use crate::validate::{apply_allows, validate, Outcome};
use std::path::PathBuf;

/// How to treat warnings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub allow: Vec<Code>,
    pub deny_warnings: bool,
}

/// A checked model: its sources, the model (always built, even with errors),
/// and the diagnostics to show.
pub struct Checked {
    pub sources: SourceMap,
    pub model: Model,
    pub outcome: Outcome,
}

impl Checked {
    /// The model, if it may be used to produce output (no errors).
    pub fn valid_model(&self) -> Option<&Model> {
        (self.outcome.errors() == 0).then_some(&self.model)
    }
}

/// Loads and checks the model at `paths`.
pub fn check_paths(paths: &[PathBuf], options: &Options) -> Result<Checked, LoadError> {
    let files = find_files(paths)?;
    let mut diags = Vec::new();
    let sources = read_files(&files, &mut diags)?;
    Ok(check_sources(sources, diags, options))
}

/// Checks sources already in memory (tests, `init`).
pub fn check_sources(sources: SourceMap, mut diags: Vec<Diagnostic>, options: &Options) -> Checked {
    let files: Vec<FileId> = sources.files().map(|(id, _)| id).collect();
    let trees = parse_files(&sources, &files, &mut diags);
    check_parsed(sources, &trees, diags, options)
}

/// Checks sources whose files are already parsed: `trees[i]` is the tree
/// of file `i`, and `diags` holds the syntax diagnostics. The language
/// server uses it to parse again only the files that changed, `import cml`
/// for the trees it builds from CML.
pub fn check_parsed(
    sources: SourceMap,
    trees: &[ast::File],
    diags: Vec<Diagnostic>,
    options: &Options,
) -> Checked {
    let files: Vec<FileId> = sources.files().map(|(id, _)| id).collect();
    let (model, outcome) = resolve_and_validate(&sources, &files, trees, diags, options);
    Checked {
        sources,
        model,
        outcome,
    }
}

/// Checks the model made of `files` of `sources` alone (in the order given,
/// which must be sorted by path): `diff` holds two models in one source map.
/// `diags` are the loading diagnostics of those files.
pub fn check_files(
    sources: &SourceMap,
    files: &[FileId],
    mut diags: Vec<Diagnostic>,
    options: &Options,
) -> (Model, Outcome) {
    let trees = parse_files(sources, files, &mut diags);
    resolve_and_validate(sources, files, &trees, diags, options)
}

/// Parses `files`; a file already reported as not UTF-8 is not parsed
/// further (an empty tree stands for it).
fn parse_files(
    sources: &SourceMap,
    files: &[FileId],
    diags: &mut Vec<Diagnostic>,
) -> Vec<ast::File> {
    let mut trees = Vec::with_capacity(files.len());
    for &id in files {
        if diags.iter().any(|d| d.span.file == id) {
            trees.push(Default::default());
            continue;
        }
        trees.push(parse_file(id, &sources.file(id).text, diags));
    }
    trees
}

/// Resolves and validates `trees` (the trees of `files`, in order).
fn resolve_and_validate(
    sources: &SourceMap,
    files: &[FileId],
    trees: &[ast::File],
    mut diags: Vec<Diagnostic>,
    options: &Options,
) -> (Model, Outcome) {
    let mut model = resolve(sources, trees, &mut diags);
    if model.system.span.is_none() {
        let first = files.first().map(|id| sources.file(*id).path.as_path());
        model.system.name = default_system_name(first);
    }
    validate(&model, &mut diags);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
    let outcome = apply_allows(&model.allows, diags, &options.allow, options.deny_warnings);
    (model, outcome)
}
