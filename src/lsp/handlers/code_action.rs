//! `textDocument/codeAction`: quick fixes for the diagnostics in the range
//! asked about —
//! - the "did you mean `X`?" of an unresolved name: replace it with `X`;
//! - any warning: `allow CODE "reason"` in the nearest declaration around
//!   it that has braces (the scope an `allow` silences);
//! - W104 (core context without an owner): `owner T` for each team;
//! - W101 (published event without subscribers): mark it `internal`.
//!
//! The diagnostics are the server's own for the current text, not the
//! client's copies, so a fix always matches the text it edits.

use super::Outcome;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::lsp::session::Session;
use crate::model::Model;
use crate::source::{SourceMap, Span};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};
use std::collections::HashMap;

/// At most this many `owner` fixes are offered for one context.
const MAX_OWNERS: usize = 8;

// `lsp_types::Uri` keeps parsed parts in cells; as a key it is never changed.
#[allow(clippy::mutable_key_type)]
pub fn handle(
    session: &mut Session,
    params: CodeActionParams,
) -> Outcome<Option<CodeActionResponse>> {
    let (analysis, file) = session.analysis_of(&params.text_document.uri)?;
    let source = analysis.file(file);
    let enc = session.encoding;
    let start = crate::lsp::convert::offset(source, params.range.start, enc);
    let end = crate::lsp::convert::offset(source, params.range.end, enc);
    let explain = |code: Code| session.explain_link(code);
    let uri_of = |id| analysis.uri(id);
    let mut actions = Vec::new();
    for d in &analysis.checked.outcome.diagnostics {
        let (ds, de) = (d.span.start as usize, d.span.end as usize);
        if d.span.file != file || de < start || ds > end {
            continue;
        }
        let lsp =
            crate::lsp::convert::diagnostic(&analysis.checked.sources, d, enc, &uri_of, &explain);
        let sources = &analysis.checked.sources;
        for (title, (span, text), preferred) in fixes(&analysis.checked.model, sources, d) {
            let range = crate::lsp::convert::range(sources.file(span.file), span, enc);
            let edit = TextEdit::new(range, text);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(analysis.uri(span.file), vec![edit])])),
                    ..Default::default()
                }),
                is_preferred: preferred.then_some(true),
                ..Default::default()
            }));
        }
    }
    Ok(Some(actions))
}

/// A fix: its title, the span it replaces with the text, and whether it is
/// the likely one.
type Fix = (String, (Span, String), bool);

/// The fixes of one diagnostic (each edit may be in another file than the
/// diagnostic: an `allow` goes where it silences).
pub fn fixes(model: &Model, sources: &SourceMap, d: &Diagnostic) -> Vec<Fix> {
    let source = sources.file(d.span.file);
    let mut out = Vec::new();
    if let Some(name) = d.help.as_deref().and_then(did_you_mean) {
        out.push((
            format!("Replace with `{name}`"),
            (d.span, name.to_string()),
            true,
        ));
    }
    if d.code == Code::W104 {
        if let Some(c) = model.contexts.iter().find(|c| c.span.contains(d.span)) {
            if let Some(open) = opening_brace(&source.text, c.span) {
                let indent = format!("{}  ", indent_at(&source.text, c.span.start as usize));
                for t in model.teams.iter().take(MAX_OWNERS) {
                    let at = Span::new(d.span.file, open + 1, open + 1);
                    let text = format!("\n{indent}owner {}", t.name);
                    out.push((format!("Add `owner {}`", t.name), (at, text), false));
                }
            }
        }
    }
    if d.code == Code::W101 {
        if let Some(m) = model.messages.iter().find(|m| m.span.contains(d.span)) {
            let head = &source.text[m.span.start as usize..m.name_span.start as usize];
            if let Some(i) = head.rfind("event") {
                let at = m.span.start as usize + i;
                let span = Span::new(d.span.file, at, at);
                out.push((
                    format!("Mark `{}` internal", m.name),
                    (span, "internal ".into()),
                    false,
                ));
            }
        }
    }
    if d.severity == Severity::Warning {
        if let Some(edit) = allow(model, sources, d) {
            out.push((format!("Allow {} here", d.code), edit, false));
        }
    }
    out
}

/// `X` of a help text "did you mean `X`?…".
fn did_you_mean(help: &str) -> Option<&str> {
    let rest = help.strip_prefix("did you mean `")?;
    let name = &rest[..rest.find('`')?];
    (!name.is_empty()).then_some(name)
}

/// An `allow CODE "reason"` written into the innermost declaration with a
/// brace block (or the map) that holds the diagnostic, else one of its
/// further allow places (`Diagnostic::allow_anchors`).
fn allow(model: &Model, sources: &SourceMap, d: &Diagnostic) -> Option<(Span, String)> {
    let scopes: Vec<Span> = model
        .symbols()
        .map(|s| model.symbol_span(s))
        .chain(model.map.as_ref().map(|m| m.span))
        .collect();
    let (scope, open) = std::iter::once(&d.span)
        .chain(&d.allow_anchors)
        .find_map(|target| {
            let text = &sources.file(target.file).text;
            scopes
                .iter()
                .filter(|s| s.contains(*target))
                .filter_map(|s| opening_brace(text, *s).map(|open| (*s, open)))
                .min_by_key(|(s, _)| s.end - s.start)
        })?;
    let text = &sources.file(scope.file).text;
    let close = closing_brace(text, open)?;
    let allow = format!("allow {} \"reason\"", d.code);
    let line_start = text[..close].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let at = |i| Span::new(scope.file, i, i);
    if text[line_start..close].trim().is_empty() {
        // `}` on a line of its own: a new line above it.
        let indent = indent_at(text, line_start);
        Some((at(line_start), format!("{indent}  {allow}\n")))
    } else if text[open + 1..close].trim().is_empty() {
        Some((at(open + 1), format!(" {allow} ")))
    } else {
        let before = text[..close].trim_end().len();
        Some((at(before), format!(", {allow}")))
    }
}

/// The braces of `text[range]` outside strings and `//` comments, in order,
/// with their offsets.
fn braces(text: &str, range: std::ops::Range<usize>) -> impl Iterator<Item = (usize, u8)> + '_ {
    let bytes = text.as_bytes();
    let mut i = range.start;
    let mut in_string = false;
    std::iter::from_fn(move || {
        while i < range.end.min(bytes.len()) {
            let at = i;
            i += 1;
            match bytes[at] {
                b'"' => in_string = !in_string,
                b'\\' if in_string => i += 1,
                b'/' if !in_string && bytes.get(at + 1) == Some(&b'/') => {
                    i = text[at..].find('\n').map_or(bytes.len(), |n| at + n);
                }
                b @ (b'{' | b'}') if !in_string => return Some((at, b)),
                _ => {}
            }
        }
        None
    })
}

/// The first `{` of a declaration.
fn opening_brace(text: &str, decl: Span) -> Option<usize> {
    braces(text, decl.range())
        .find(|(_, b)| *b == b'{')
        .map(|(i, _)| i)
}

/// The `}` matching the `{` at `open`.
fn closing_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in braces(text, open..text.len()) {
        if b == b'{' {
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The spaces and tabs that begin the line holding `offset`.
fn indent_at(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_skip_strings_and_comments() {
        let text = "a { \"}\\\"{\" // }\n { } }";
        let open = opening_brace(text, Span::new(crate::source::FileId(0), 0, text.len()));
        assert_eq!(open, Some(2));
        assert_eq!(closing_brace(text, 2), Some(text.len() - 1));
    }

    #[test]
    fn help_texts_give_their_suggestion() {
        assert_eq!(did_you_mean("did you mean `Money`?"), Some("Money"));
        assert_eq!(
            did_you_mean("did you mean `A.B`? messages of other contexts are named"),
            Some("A.B")
        );
        assert_eq!(did_you_mean("declare the type first"), None);
    }
}
