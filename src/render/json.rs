//! `--format json`: one array, fields as `cli.md` lists them.

use crate::diagnostic::Diagnostic;
use crate::source::{SourceMap, Span};
use serde::Serialize;

#[derive(Serialize)]
struct Label {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    label: &'a str,
    labels: Vec<Label>,
    help: Option<&'a str>,
}

pub(super) fn location(sources: &SourceMap, span: Span) -> (String, usize, usize, usize, usize) {
    let f = sources.file(span.file);
    let a = f.line_col(span.start as usize);
    let b = f.line_col(span.end as usize);
    (f.display_path(), a.line, a.column, b.line, b.column)
}

/// One diagnostic as `cli.md` lists its JSON fields.
pub(super) fn entry(sources: &SourceMap, d: &Diagnostic) -> serde_json::Value {
    let (file, line, column, end_line, end_column) = location(sources, d.span);
    let e = Entry {
        code: d.code.as_str(),
        severity: d.severity.as_str(),
        message: &d.message,
        file,
        line,
        column,
        end_line,
        end_column,
        label: &d.label,
        labels: d
            .labels
            .iter()
            .map(|l| {
                let (file, line, column, end_line, end_column) = location(sources, l.span);
                Label {
                    file,
                    line,
                    column,
                    end_line,
                    end_column,
                    message: l.message.clone(),
                }
            })
            .collect(),
        help: d.help.as_deref(),
    };
    serde_json::to_value(e).unwrap_or_default()
}

pub fn render(sources: &SourceMap, diags: &[Diagnostic]) -> String {
    let entries: Vec<serde_json::Value> = diags.iter().map(|d| entry(sources, d)).collect();
    let mut s = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}
