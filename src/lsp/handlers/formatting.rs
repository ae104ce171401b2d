//! `textDocument/formatting`: the whole document through `ddgen fmt`
//! (`fmt::format_source`), answered as one edit replacing the text, or no
//! edit when it is already formatted. A document with syntax errors is
//! never touched: the request fails, naming the first error. The editor's
//! tab size and spaces are not used: the layout is the one `ddgen fmt`
//! writes.

use super::{Failure, Outcome};
use crate::lsp::convert;
use crate::lsp::session::Session;
use lsp_types::{DocumentFormattingParams, Range, TextEdit};

pub fn handle(
    session: &mut Session,
    params: DocumentFormattingParams,
) -> Outcome<Option<Vec<TextEdit>>> {
    let (analysis, file) = session.analysis_of(&params.text_document.uri)?;
    let source = analysis.file(file);
    let formatted = crate::fmt::format_source(&source.text).map_err(|diags| {
        let first = diags.first().map(|d| {
            let at = source.line_col(d.span.start as usize);
            format!(": {} at {}:{} ({})", d.message, at.line, at.column, d.code)
        });
        Failure::failed(format!(
            "not formatted: the file has syntax errors{}",
            first.unwrap_or_default()
        ))
    })?;
    if formatted == source.text {
        return Ok(Some(Vec::new()));
    }
    let end = convert::position(source, source.text.len(), session.encoding);
    let whole = Range::new(lsp_types::Position::new(0, 0), end);
    Ok(Some(vec![TextEdit::new(whole, formatted)]))
}
