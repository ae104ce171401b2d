//! CML syntax errors (I201): the pre-scan that guards the recursive parser,
//! pest's own failures in words, and lines that cannot be CML.

use super::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Deepest `{` nesting accepted; real models need about 5.
pub const MAX_DEPTH: usize = 64;

/// Unbalanced braces, unterminated strings or block comments, NUL bytes and
/// absurd nesting, found in one linear pass before pest runs.
pub fn scan(file: FileId, text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let span = |a: usize, b: usize| Span::new(file, a, b);
    let err = |a: usize, b: usize, msg: &str, label: &str, help: &str| {
        Some(
            Diagnostic::new(Code::I201, span(a, b), msg)
                .with_label(label)
                .help(help),
        )
    };
    if let Some(i) = bytes.iter().position(|b| *b == 0) {
        return err(
            i,
            i + 1,
            "file contains a NUL byte",
            "NUL byte here",
            "a CML model is plain text; is this a binary file?",
        );
    }
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return err(
                        start,
                        start + 1,
                        "unterminated string",
                        "this string never ends",
                        "close the string with `\"`",
                    );
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match find(&bytes[i + 2..], b"*/") {
                Some(n) => i += n + 3,
                None => {
                    return err(
                        i,
                        i + 2,
                        "unterminated block comment",
                        "this comment never ends",
                        "close the comment with `*/`",
                    )
                }
            },
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'{' => {
                open.push(i);
                if open.len() > MAX_DEPTH {
                    return err(
                        i,
                        i + 1,
                        &format!("blocks nested deeper than {MAX_DEPTH}"),
                        "too deep",
                        "CML models nest a few levels (context, aggregate, entity); is a `}` missing?",
                    );
                }
            }
            b'}' if open.pop().is_none() => {
                return err(
                    i,
                    i + 1,
                    "`}` without a matching `{`",
                    "nothing to close here",
                    "remove this `}` or add the `{` it closes",
                );
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(&start) = open.last() {
        return err(
            start,
            start + 1,
            "`{` is never closed",
            "this block has no `}`",
            "add the `}` that ends this block",
        );
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// pest's failure (only reachable on input the catch-all cannot take, or
/// when the call limit trips) as an I201 at its position.
pub fn from_pest(file: FileId, text: &str, e: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((a, _)) => a,
    };
    let pos = crate::source::floor_char_boundary(text, pos.min(text.len()));
    let end = text[pos..]
        .char_indices()
        .nth(1)
        .map(|(i, _)| pos + i)
        .unwrap_or(text.len());
    Diagnostic::new(
        Code::I201,
        Span::new(file, pos, end),
        "cannot read this as CML",
    )
    .with_label("unexpected here")
    .help("expected a `ContextMap`, `BoundedContext`, `Domain` or another CML declaration")
}

/// A caught line that cannot be CML, in words.
pub fn syntax_error(span: Span, line: &str, in_map: bool) -> Diagnostic {
    let shown: String = line.chars().take(40).collect();
    let (message, help) = if in_map {
        (
            format!("expected a relationship, found `{shown}`"),
            "a relationship names two contexts around an arrow or a keyword: `A [U,OHS]->[D,ACL] B`, `A [P]<->[P] B`, `A Customer-Supplier B`",
        )
    } else {
        (
            format!("expected a CML declaration, found `{shown}`"),
            "declarations start with a keyword: `ContextMap`, `BoundedContext`, `Domain`, `Aggregate`, `Entity`...",
        )
    };
    Diagnostic::new(Code::I201, span, message)
        .with_label("not CML")
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<(String, usize)> {
        scan(FileId(0), text).map(|d| (d.message, d.span.start as usize))
    }

    #[test]
    fn scan_finds_what_would_derail_the_parser() {
        assert_eq!(
            first("BoundedContext A {"),
            Some(("`{` is never closed".into(), 17))
        );
        assert_eq!(
            first("BoundedContext A }"),
            Some(("`}` without a matching `{`".into(), 17))
        );
        assert_eq!(first("x \"abc"), Some(("unterminated string".into(), 2)));
        assert_eq!(
            first("/* never"),
            Some(("unterminated block comment".into(), 0))
        );
        assert_eq!(first("a\0"), Some(("file contains a NUL byte".into(), 1)));
        assert_eq!(
            first("\"a\0\""),
            Some(("file contains a NUL byte".into(), 2))
        );
        assert!(first(&"{".repeat(65)).unwrap().0.contains("deeper"));
        // Braces in strings and comments do not count.
        assert_eq!(first("X { \"}\" // }\n /* { */ }"), None);
    }
}
