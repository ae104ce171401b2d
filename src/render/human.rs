//! rustc-style rendering through `annotate-snippets`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Source excerpts larger than this are not quoted (a minified or binary
/// file); the location is still given.
const MAX_EXCERPT: usize = 16 * 1024;

pub fn render(sources: &SourceMap, d: &Diagnostic, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    // Group the primary span and labels by file, primary file first.
    let mut files: Vec<crate::source::FileId> = vec![d.span.file];
    for l in &d.labels {
        if !files.contains(&l.span.file) {
            files.push(l.span.file);
        }
    }
    let mut group = Group::with_title(level.primary_title(d.message.as_str()).id(d.code.as_str()));
    for file in files {
        let src = sources.file(file);
        let mut spans: Vec<(Span, &str, bool)> = Vec::new();
        if d.span.file == file {
            spans.push((d.span, d.label.as_str(), true));
        }
        spans.extend(
            d.labels
                .iter()
                .filter(|l| l.span.file == file)
                .map(|l| (l.span, l.message.as_str(), false)),
        );
        let first_line = spans
            .iter()
            .map(|(s, ..)| src.line_index(s.start as usize))
            .min()
            .unwrap_or(0);
        let last_line = spans
            .iter()
            .map(|(s, ..)| src.line_index(s.end as usize))
            .max()
            .unwrap_or(0);
        let start = src.line_range(first_line).start;
        let end = src.line_range(last_line).end;
        let path = src.display_path();
        if end - start > MAX_EXCERPT {
            let at = src.line_col(spans[0].0.start as usize);
            group = group.element(Origin::path(path).line(at.line).char_column(at.column));
            continue;
        }
        let mut snippet = Snippet::source(&src.text[start..end])
            .line_start(first_line + 1)
            .path(path)
            .fold(true);
        for (span, label, primary) in spans {
            let s = (span.start as usize).clamp(start, end) - start;
            let e = (span.end as usize).clamp(start, end) - start;
            let kind = if primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            let ann = kind.span(s..e.max(s));
            snippet = snippet.annotation(if label.is_empty() {
                ann
            } else {
                ann.label(label)
            });
        }
        group = group.element(snippet);
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}
