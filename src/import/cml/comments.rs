//! The CML file's ordinary comments, carried into the `.ddd` output: CML
//! and ddgen share `//` and `/* */`, so each comment is handed to the
//! formatter (`fmt::print_file`) with its span in the CML file, and placed
//! beside the declaration lowered from the CML it sat next to. `/** */`
//! comments before a declaration became its docs (`parse::doc_before`) and
//! are not repeated.

use crate::source::{FileId, Span};
use crate::syntax::trivia::{Comment, CommentKind};

pub fn collect(file: FileId, text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                let raw = text[start..i].trim_end_matches('\r');
                // `///` is a doc comment in ddgen, an ordinary one in CML.
                let text = match raw.strip_prefix("///") {
                    Some(rest) if !rest.starts_with('/') => format!("// /{rest}"),
                    _ => raw.to_string(),
                };
                out.push(Comment {
                    kind: CommentKind::Line,
                    span: Span::new(file, start, start + raw.len()),
                    text,
                });
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                let end = text[i + 2..]
                    .find("*/")
                    .map(|n| i + 2 + n + 2)
                    .unwrap_or(text.len());
                i = end;
                let raw = &text[start..end];
                if raw.starts_with("/**")
                    && !raw.starts_with("/**/")
                    && documents_next(&text[end..])
                {
                    continue;
                }
                out.push(Comment {
                    kind: CommentKind::Block,
                    span: Span::new(file, start, end),
                    text: raw.replace("\r\n", "\n"),
                });
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether a `/** */` comment ending here is directly followed by a
/// declaration (then it is its documentation).
fn documents_next(rest: &str) -> bool {
    rest.trim_start()
        .starts_with(|c: char| c.is_ascii_alphabetic() || c == '"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_but_not_docs_or_strings() {
        let text = "// one\n/** doc */\nBoundedContext A { type \"// no\" } /* two */\n/// three\n";
        let c = collect(FileId(0), text);
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["// one", "/* two */", "// / three"]);
        assert_eq!(&text[c[1].span.range()], "/* two */");
    }
}
