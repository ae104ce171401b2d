//! `textDocument/didClose`: the file on disk counts again (or, deleted
//! while open, leaves the model).

use crate::lsp::session::Session;
use lsp_types::DidCloseTextDocumentParams;

pub fn handle(session: &mut Session, params: DidCloseTextDocumentParams) {
    if let Some(path) = crate::lsp::convert::path(&params.text_document.uri) {
        session.close(&path);
    }
}
