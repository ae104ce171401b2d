//! Generate-time findings (`G4xx`, warnings): what `ddgen generate` (and
//! `--plan`) notices about the output folder before anything is written,
//! as [`Diagnostic`]s with a file and line, rendered by `render` like every
//! diagnostic.
//!
//! - `gap`: the user-owned application service against the ddgen-owned base
//!   (an override of an operation that left the model, G401; a service
//!   module from before the generation gap, G402);
//! - `evolve`: the stateful resources (tables, queues, topics, the bus) that
//!   deploying the new templates would delete (G403) or replace (G404),
//!   compared with the templates already in the folder.
//!
//! The files they point into (the user's `service.py`, the templates on
//! disk) are read into a [`SourceMap`] of their own.

mod evolve;
mod gap;
mod resources;

use super::apply::Manifest;
use super::OutFile;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use std::path::Path;

/// The findings of one run and the files they point into.
#[derive(Debug, Default)]
pub struct Findings {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

impl Findings {
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// The file at `rel` below `out_dir`, read once and added to the sources
    /// (`None` when it cannot be read as text).
    fn file(&mut self, out_dir: &Path, rel: &str) -> Option<FileId> {
        let path = out_dir.join(rel);
        if let Some((id, _)) = self.sources.files().find(|(_, f)| f.path == path) {
            return Some(id);
        }
        let text = std::fs::read_to_string(&path).ok()?;
        Some(self.sources.add(path, text))
    }

    fn text(&self, id: FileId) -> &str {
        &self.sources.file(id).text
    }

    fn push(
        &mut self,
        code: Code,
        file: FileId,
        at: std::ops::Range<usize>,
        message: String,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(
            code,
            Span::new(file, at.start, at.end),
            message,
        ));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Everything as text (the human format, with its summary line).
    pub fn render(&self, color: bool) -> String {
        let outcome = crate::validate::Outcome {
            diagnostics: self.diagnostics.clone(),
            allowed: 0,
        };
        crate::render::render(crate::render::Format::Human, &self.sources, &outcome, color)
    }
}

/// The findings for writing `files` into `out_dir`, whose manifest was `old`.
pub fn collect(out_dir: &Path, files: &[OutFile], old: &Manifest) -> Findings {
    let mut findings = Findings::default();
    if !out_dir.is_dir() {
        return findings;
    }
    gap::check(&mut findings, out_dir, files);
    evolve::check(&mut findings, out_dir, files, old);
    findings
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}
