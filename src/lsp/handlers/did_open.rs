//! `textDocument/didOpen`: the buffer overrides the file on disk.

use crate::lsp::session::Session;
use lsp_types::DidOpenTextDocumentParams;

pub fn handle(session: &mut Session, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let Some(path) = crate::lsp::convert::path(&doc.uri) else {
        eprintln!("ddgen lsp: `{}` is not a file; ignored", doc.uri.as_str());
        return;
    };
    if !session.in_workspace(&path) {
        eprintln!(
            "ddgen lsp: `{}` is outside the workspace folders; it is not part of the model",
            path.display()
        );
    }
    session.open(path, doc.text, doc.version);
}
