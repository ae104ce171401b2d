//! The only place where ddgen's values become LSP values and back: byte
//! offsets ↔ `Position`s in the negotiated encoding, spans → `Range`s and
//! `Location`s, paths ↔ `file://` URIs, and [`Diagnostic`] →
//! `lsp_types::Diagnostic` (like `render`, the one renderer of diagnostics
//! for editors).

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{floor_char_boundary, SourceFile, SourceMap, Span};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, PositionEncodingKind, Range, Uri,
};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How `Position.character` counts: UTF-16 code units (the LSP default)
/// or bytes (when the client offers `utf-8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client lists it, else UTF-16 (which every client
    /// must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The position of byte `offset` of `file`.
pub fn position(file: &SourceFile, offset: usize, enc: Encoding) -> Position {
    let offset = floor_char_boundary(&file.text, offset.min(file.text.len()));
    let line = file.line_index(offset);
    let start = file.line_range(line).start.min(offset);
    let before = &file.text[start..offset];
    let character = match enc {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.encode_utf16().count(),
    };
    Position::new(line as u32, character as u32)
}

/// The byte offset of `pos` in `file`. A line past the end is the end of
/// the text; a character past the end of its line is the line's end; a
/// position inside a character is that character's start.
pub fn offset(file: &SourceFile, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= file.line_count() {
        return file.text.len();
    }
    let range = file.line_range(line);
    let text = &file.text[range.clone()];
    let wanted = pos.character as usize;
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= wanted {
            return range.start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units > wanted {
            return range.start + i;
        }
    }
    range.end
}

pub fn range(file: &SourceFile, span: Span, enc: Encoding) -> Range {
    Range::new(
        position(file, span.start as usize, enc),
        position(file, span.end as usize, enc),
    )
}

/// The `file://` URI of a path (made absolute against the current folder).
pub fn uri(path: &Path) -> Uri {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    url::Url::from_file_path(&absolute)
        .ok()
        .and_then(|u| Uri::from_str(u.as_str()).ok())
        .unwrap_or_else(|| Uri::from_str("file:///").expect("a valid URI"))
}

/// The path of a `file://` URI; `None` for other schemes.
pub fn path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// Where the explanation of each code is: see `docs/editors.md`.
pub type ExplainLink<'a> = &'a dyn Fn(crate::diagnostic::Code) -> Option<Uri>;

/// One diagnostic for the editor: code, severity, the message with its
/// help, secondary labels as related information, `codeDescription`
/// linking the code's explanation.
pub fn diagnostic(
    sources: &SourceMap,
    d: &Diagnostic,
    enc: Encoding,
    uri_of: &dyn Fn(crate::source::FileId) -> Uri,
    explain: ExplainLink<'_>,
) -> lsp_types::Diagnostic {
    let file = sources.file(d.span.file);
    let mut message = d.message.clone();
    if !d.label.is_empty() {
        message.push_str(&format!(" ({})", d.label));
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(
                uri_of(l.span.file),
                range(sources.file(l.span.file), l.span, enc),
            ),
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(file, d.span, enc),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: explain(d.code).map(|href| CodeDescription { href }),
        source: Some("ddgen".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_both_encodings() {
        // é is 2 bytes and 1 UTF-16 unit; 𝄞 is 4 bytes and 2 units.
        let f = SourceFile::new("a.ddd".into(), "aé𝄞b\r\nx\n".into());
        let b = "aé𝄞".len();
        assert_eq!(position(&f, b, Encoding::Utf16), Position::new(0, 4));
        assert_eq!(position(&f, b, Encoding::Utf8), Position::new(0, 7));
        assert_eq!(offset(&f, Position::new(0, 4), Encoding::Utf16), b);
        assert_eq!(offset(&f, Position::new(0, 7), Encoding::Utf8), b);
        // Inside the surrogate pair: the character's start.
        assert_eq!(offset(&f, Position::new(0, 3), Encoding::Utf16), "aé".len());
        // Past the line's end: before the \r\n.
        assert_eq!(offset(&f, Position::new(0, 99), Encoding::Utf16), b + 1);
        assert_eq!(offset(&f, Position::new(1, 0), Encoding::Utf16), b + 3);
        assert_eq!(
            offset(&f, Position::new(9, 0), Encoding::Utf16),
            f.text.len()
        );
    }

    #[test]
    fn uris_and_paths() {
        let p = PathBuf::from("/tmp/a b/é.ddd");
        let u = uri(&p);
        assert_eq!(u.as_str(), "file:///tmp/a%20b/%C3%A9.ddd");
        assert_eq!(path(&u), Some(p));
        assert_eq!(path(&Uri::from_str("untitled:1").unwrap()), None);
    }
}
