//! `textDocument/didSave`: reads the workspace from disk again (other
//! files may have been written along with this one).

use crate::lsp::session::Session;
use lsp_types::DidSaveTextDocumentParams;

pub fn handle(session: &mut Session, _params: DidSaveTextDocumentParams) {
    session.rescan();
}
