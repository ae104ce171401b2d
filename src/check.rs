//! The pipeline every command runs first: load → parse → resolve → validate.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{find_files, read_files, LoadError};
use crate::model::{resolve, Model};
use crate::source::SourceMap;
use crate::syntax::parse_file;
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
    let mut trees = Vec::with_capacity(sources.len());
    for (id, file) in sources.files() {
        // A file already reported as not UTF-8 is not parsed further.
        if diags.iter().any(|d| d.span.file == id) {
            trees.push(Default::default());
            continue;
        }
        trees.push(parse_file(id, &file.text, &mut diags));
    }
    check_trees(sources, &trees, diags, options)
}

/// Checks syntax trees already built (one per file of `sources`, in order),
/// by the `.ddd` parser or another front end (`import cml`).
pub fn check_trees(
    sources: SourceMap,
    trees: &[crate::syntax::ast::File],
    mut diags: Vec<Diagnostic>,
    options: &Options,
) -> Checked {
    let model = resolve(&sources, trees, &mut diags);
    validate(&model, &mut diags);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
    let outcome = apply_allows(&model.allows, diags, &options.allow, options.deny_warnings);
    Checked {
        sources,
        model,
        outcome,
    }
}
