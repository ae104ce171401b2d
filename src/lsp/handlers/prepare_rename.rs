//! `textDocument/prepareRename`: whether the cursor is on a name that can
//! be renamed, and its range.

use super::{locate, Outcome};
use crate::lsp::session::Session;
use lsp_types::{PrepareRenameResponse, TextDocumentPositionParams};

pub fn handle(
    session: &mut Session,
    params: TextDocumentPositionParams,
) -> Outcome<Option<PrepareRenameResponse>> {
    let (analysis, file, offset) = locate(session, &params)?;
    let model = &analysis.checked.model;
    Ok(model
        .symbol_at(file, offset)
        .map(|(_, span)| PrepareRenameResponse::Range(analysis.range(span, session.encoding))))
}
