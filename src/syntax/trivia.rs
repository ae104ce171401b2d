//! Trivia: what the grammar skips but a formatter must keep — comments
//! (`//`, `/* */`) and doc comments (`///`) with their spans and exact text —
//! plus the brace pairs and `language { }` blocks the AST does not record.
//!
//! Kept beside the `ast::File`, never inside it, so code that builds AST
//! values itself (importers, tests) is unaffected. One linear pass over the
//! text, skipping strings exactly as `scan` and the grammar do.

use crate::source::{FileId, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommentKind {
    /// `// ...` (and `//// ...`) up to the end of the line.
    Line,
    /// `/* ... */`, possibly over several lines.
    Block,
    /// `/// ...`: a doc comment; the AST also holds its text in `docs`.
    Doc,
}

/// One comment: its kind, where it is, and its text exactly as written
/// (delimiters included, no trailing `\r`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
    pub text: String,
}

/// The side table of one file.
#[derive(Debug, Default, Clone)]
pub struct Trivia {
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
    /// Every `{ ... }` pair outside strings and comments, from `{` to past
    /// `}`, sorted by their start.
    pub braces: Vec<Span>,
    /// Every `language { ... }` block, from the keyword to past `}`.
    pub language_blocks: Vec<Span>,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Collects the trivia of `text`. Runs on any input (unbalanced braces and
/// unterminated comments included) without failing.
pub fn collect(file: FileId, text: &str) -> Trivia {
    let bytes = text.as_bytes();
    let mut out = Trivia::default();
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    // The last significant byte: b'\n' for a line break, 0 at the start.
    let mut last_sig = 0u8;
    let mut language_kw: Option<usize> = None;
    let mut i = 0usize;
    let line_end = |mut j: usize| {
        while j < bytes.len() && bytes[j] != b'\n' && bytes[j] != b'\r' {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' => i += 1,
            b'\n' | b'\r' => {
                last_sig = b'\n';
                language_kw = None;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                let end = line_end(i);
                out.comments.push(Comment {
                    kind: if doc {
                        CommentKind::Doc
                    } else {
                        CommentKind::Line
                    },
                    span: Span::new(file, i, end),
                    text: text[i..end].to_string(),
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map(|e| i + 2 + e + 2)
                    .unwrap_or(bytes.len());
                out.comments.push(Comment {
                    kind: CommentKind::Block,
                    span: Span::new(file, i, end),
                    text: text[i..end].to_string(),
                });
                i = end;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                last_sig = b'"';
                language_kw = None;
            }
            b'{' => {
                stack.push((i, language_kw.take()));
                last_sig = b'{';
                i += 1;
            }
            b'}' => {
                if let Some((open, lang)) = stack.pop() {
                    out.braces.push(Span::new(file, open, i + 1));
                    if let Some(kw) = lang {
                        out.language_blocks.push(Span::new(file, kw, i + 1));
                    }
                }
                last_sig = b'}';
                language_kw = None;
                i += 1;
            }
            _ if is_ident(b) => {
                let start = i;
                while i < bytes.len() && is_ident(bytes[i]) {
                    i += 1;
                }
                // `language` starts an item only after a separator.
                language_kw = (&text[start..i] == "language"
                    && matches!(last_sig, 0 | b'\n' | b',' | b'{'))
                .then_some(start);
                last_sig = b'a';
            }
            _ => {
                last_sig = b;
                language_kw = None;
                i += 1;
            }
        }
    }
    out.braces.sort_by_key(|s| s.start);
    out.language_blocks.sort_by_key(|s| s.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(CommentKind, String)> {
        collect(FileId(0), text)
            .comments
            .into_iter()
            .map(|c| (c.kind, c.text))
            .collect()
    }

    #[test]
    fn finds_every_kind_and_skips_strings() {
        let k =
            kinds("/// doc\r\nteam T { contact \"a // b /* c\" } // end\n//// four\n/* x\ny */");
        assert_eq!(
            k,
            vec![
                (CommentKind::Doc, "/// doc".to_string()),
                (CommentKind::Line, "// end".to_string()),
                (CommentKind::Line, "//// four".to_string()),
                (CommentKind::Block, "/* x\ny */".to_string()),
            ]
        );
    }

    #[test]
    fn records_braces_and_language_blocks() {
        let text = "context C {\n  language { a = \"{\" }\n  value language { x: int }\n}";
        let t = collect(FileId(0), text);
        assert_eq!(t.braces.len(), 3);
        assert_eq!(t.language_blocks.len(), 1);
        let l = t.language_blocks[0];
        assert_eq!(&text[l.range()], "language { a = \"{\" }");
    }

    #[test]
    fn survives_broken_input() {
        let t = collect(FileId(0), "} { /* open \"x");
        assert_eq!(t.comments.len(), 1);
        assert!(t.braces.is_empty());
    }
}
