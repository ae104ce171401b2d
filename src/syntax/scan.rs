//! A linear pre-scan of a file before pest sees it.
//!
//! It finds what would make the recursive parser misbehave or make recovery
//! useless — unbalanced braces, an unterminated string or block comment, NUL
//! bytes, absurd nesting — and reports it as one E001. The parser only runs on
//! files that pass, so its recursion depth is bounded by [`MAX_DEPTH`].

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Deepest nesting of `{`, `[` or `<` accepted; real models need about 4.
pub const MAX_DEPTH: usize = 64;

pub fn scan(file: FileId, text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let span = |a: usize, b: usize| Span::new(file, a, b);
    if let Some(nul) = memchr(0, bytes) {
        return Some(
            Diagnostic::new(Code::E001, span(nul, nul + 1), "file contains a NUL byte")
                .with_label("NUL byte here")
                .help("a model is plain UTF-8 text; is this a binary file?"),
        );
    }
    // (byte offset of the opener, indentation of its line)
    let mut braces: Vec<(usize, usize)> = Vec::new();
    // The first `}` indented unlike its `{`, and that `{`: likely the one
    // left unclosed, with the `}` closing an outer block too early.
    let mut suspicious: Option<(usize, usize)> = None;
    let mut other_depth: Vec<(u8, usize)> = Vec::new();
    let mut line_start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => line_start = i + 1,
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Some(
                            Diagnostic::new(
                                Code::E001,
                                span(start, start + 1),
                                "unterminated string",
                            )
                            .with_label("this string is never closed")
                            .help("add the closing `\"`; write `\\\"` for a quote inside a string"),
                        ),
                        Some(b'\\') => i += 2,
                        Some(b'"') => break,
                        Some(b'\n') => {
                            line_start = i + 1;
                            i += 1
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            // Ends where the grammar's NEWLINE does: `\n`, `\r\n` or a lone `\r`.
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                match find(&bytes[i + 2..], b"*/") {
                    Some(end) => {
                        let stop = i + 2 + end + 2;
                        if let Some(nl) = bytes[i..stop].iter().rposition(|c| *c == b'\n') {
                            line_start = i + nl + 1;
                        }
                        i = stop;
                        continue;
                    }
                    None => {
                        return Some(
                            Diagnostic::new(
                                Code::E001,
                                span(start, start + 2),
                                "unterminated block comment",
                            )
                            .with_label("this comment is never closed")
                            .help("close it with `*/` (block comments do not nest)"),
                        )
                    }
                }
            }
            b'{' => {
                braces.push((i, indent(bytes, line_start)));
                if braces.len() + other_depth.len() > MAX_DEPTH {
                    return Some(too_deep(span(i, i + 1)));
                }
            }
            b'}' => match braces.pop() {
                Some((open, open_indent)) => {
                    let close_indent = indent(bytes, line_start);
                    let first_on_line = bytes[line_start..i]
                        .iter()
                        .all(|c| *c == b' ' || *c == b'\t');
                    if first_on_line && close_indent != open_indent && suspicious.is_none() {
                        suspicious = Some((open, i));
                    }
                }
                None => {
                    return Some(
                        Diagnostic::new(
                            Code::E001,
                            span(i, i + 1),
                            "unexpected closing delimiter `}`",
                        )
                        .with_label("no `{` is open here")
                        .help("remove this `}` or add the `{` it was meant to close"),
                    )
                }
            },
            b'[' | b'<' => {
                let arrow = b == b'<' && bytes.get(i + 1) == Some(&b'-');
                if !arrow {
                    other_depth.push((b, i));
                    if braces.len() + other_depth.len() > MAX_DEPTH {
                        return Some(too_deep(span(i, i + 1)));
                    }
                }
            }
            b']' | b'>' => {
                let arrow = b == b'>' && i > 0 && bytes[i - 1] == b'-';
                if !arrow {
                    other_depth.pop();
                }
            }
            _ => {}
        }
        // Lines end other brackets: a stray `<` never nests across lines.
        if b == b'\n' {
            other_depth.clear();
        }
        i += 1;
    }
    if let Some(&(innermost, _)) = braces.last() {
        let d = match suspicious {
            Some((open, close)) => {
                Diagnostic::new(Code::E001, span(open, open + 1), "unclosed delimiter `{`")
                    .with_label("this `{` is probably never closed")
                    .secondary(
                        span(close, close + 1),
                        "this `}` is indented like an outer block: it seems to close that one",
                    )
                    .help("add the missing `}` before the one marked")
            }
            None => Diagnostic::new(
                Code::E001,
                span(innermost, innermost + 1),
                "unclosed delimiter `{`",
            )
            .with_label("this `{` is never closed")
            .help("add the missing `}`"),
        };
        return Some(d);
    }
    None
}

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E001,
        span,
        format!("nesting deeper than {MAX_DEPTH} levels"),
    )
    .with_label("too deeply nested")
    .help("a model nests a few levels at most; is a closing delimiter missing?")
}

fn indent(bytes: &[u8], line_start: usize) -> usize {
    bytes[line_start..]
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|b| *b == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(text: &str) -> Option<String> {
        scan(FileId(0), text).map(|d| d.message)
    }

    #[test]
    fn balanced_files_pass() {
        assert_eq!(
            msg("context A { x: list<int> }\nmap M { A [OHS] -> B }"),
            None
        );
        assert_eq!(msg("// { unclosed in comment\n/* { */ \"{\""), None);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_comment_as_in_the_grammar() {
        // The grammar's NEWLINE includes `\r`, so the `{` after it is code.
        assert_eq!(msg("// c\r{ {").as_deref(), Some("unclosed delimiter `{`"));
        assert_eq!(msg("// c\r\ncontext A { }"), None);
    }

    #[test]
    fn finds_each_problem() {
        assert_eq!(
            msg("context A {").as_deref(),
            Some("unclosed delimiter `{`")
        );
        assert_eq!(
            msg("}").as_deref(),
            Some("unexpected closing delimiter `}`")
        );
        assert_eq!(msg("vision \"abc").as_deref(), Some("unterminated string"));
        assert_eq!(msg("/* abc").as_deref(), Some("unterminated block comment"));
        assert_eq!(msg("a\0b").as_deref(), Some("file contains a NUL byte"));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = "{".repeat(10_000) + &"}".repeat(10_000);
        assert!(msg(&text).unwrap().starts_with("nesting deeper"));
        let types = "x: ".to_string() + &"list<".repeat(10_000);
        assert!(msg(&types).unwrap().starts_with("nesting deeper"));
    }
}
