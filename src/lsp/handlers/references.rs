//! `textDocument/references`: every place that names the declaration under
//! the cursor, across the model's files (and the declaration itself when
//! the client asks for it).

use super::{locate, Outcome};
use crate::lsp::session::Session;
use lsp_types::{Location, ReferenceParams};

pub fn handle(session: &mut Session, params: ReferenceParams) -> Outcome<Option<Vec<Location>>> {
    let (analysis, file, offset) = locate(session, &params.text_document_position)?;
    let model = &analysis.checked.model;
    let Some((symbol, _)) = model.symbol_at(file, offset) else {
        return Ok(None);
    };
    let spans = model.occurrences(symbol, params.context.include_declaration);
    Ok(Some(
        spans
            .into_iter()
            .map(|s| analysis.location(s, session.encoding))
            .collect(),
    ))
}
