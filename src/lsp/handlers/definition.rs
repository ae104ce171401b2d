//! `textDocument/definition`: from a name (or a declaration's own name) to
//! where it is declared, in whichever file.

use super::{locate, Outcome};
use crate::lsp::session::Session;
use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse};

pub fn handle(
    session: &mut Session,
    params: GotoDefinitionParams,
) -> Outcome<Option<GotoDefinitionResponse>> {
    let (analysis, file, offset) = locate(session, &params.text_document_position_params)?;
    let model = &analysis.checked.model;
    Ok(model.symbol_at(file, offset).map(|(symbol, _)| {
        GotoDefinitionResponse::Scalar(
            analysis.location(model.symbol_name_span(symbol), session.encoding),
        )
    }))
}
