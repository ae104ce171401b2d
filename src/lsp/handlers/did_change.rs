//! `textDocument/didChange`: applies the client's edits (incremental, or a
//! whole new text) to the open buffer, in the order sent.

use crate::lsp::convert;
use crate::lsp::session::Session;
use crate::source::SourceFile;
use lsp_types::{DidChangeTextDocumentParams, TextDocumentContentChangeEvent};

pub fn handle(session: &mut Session, params: DidChangeTextDocumentParams) {
    let Some(path) = convert::path(&params.text_document.uri) else {
        return;
    };
    let Some(doc) = session.document(&path) else {
        eprintln!(
            "ddgen lsp: a change to `{}`, which is not open; ignored",
            path.display()
        );
        return;
    };
    let text = apply(&doc.file, params.content_changes, session.encoding);
    session.update(&path, text, params.text_document.version);
}

/// The text after `changes`, each read against the text the one before it
/// left.
pub fn apply(
    file: &SourceFile,
    changes: Vec<TextDocumentContentChangeEvent>,
    enc: convert::Encoding,
) -> String {
    let mut current: Option<SourceFile> = None;
    for change in changes {
        let base = current.as_ref().unwrap_or(file);
        let text = match change.range {
            None => change.text,
            Some(range) => {
                let start = convert::offset(base, range.start, enc);
                let end = convert::offset(base, range.end, enc).max(start);
                let mut text = String::with_capacity(base.text.len() + change.text.len());
                text.push_str(&base.text[..start]);
                text.push_str(&change.text);
                text.push_str(&base.text[end..]);
                text
            }
        };
        current = Some(SourceFile::new(file.path.clone(), text));
    }
    match current {
        Some(f) => f.text,
        None => file.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn edits_apply_in_order_against_the_text_before_each() {
        let f = SourceFile::new("a.ddd".into(), "ab\ncé\n".into());
        let change = |l1, c1, l2, c2, t: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: t.into(),
        };
        let out = apply(
            &f,
            vec![
                change(1, 2, 1, 2, "!"),
                change(0, 0, 0, 1, "xy"),
                change(1, 0, 1, 0, "\n"),
            ],
            convert::Encoding::Utf16,
        );
        assert_eq!(out, "xyb\n\ncé!\n");
    }
}
