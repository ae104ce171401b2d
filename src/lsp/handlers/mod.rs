//! One handler per LSP method, and the one `match` that picks it. Every
//! request gets exactly one response: its result, `InvalidParams` when its
//! parameters do not decode, `RequestFailed` when it cannot be served (a
//! file outside the workspace), `MethodNotFound` for an unknown method.
//! Notifications never answer; unknown ones are ignored.

mod code_action;
mod completion;
mod definition;
mod did_change;
mod did_change_watched_files;
mod did_close;
mod did_open;
mod did_save;
mod document_symbol;
mod folding_range;
mod formatting;
mod hover;
mod prepare_rename;
mod references;
mod rename;
mod workspace_symbol;

use super::session::Session;
use lsp_server::{Connection, ErrorCode, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{notification as n, request as r};

/// Why a request failed, as its error response says.
pub struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    /// The request was understood but cannot be served.
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::RequestFailed,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::InvalidParams,
            message: message.into(),
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::failed(message)
    }
}

type Outcome<T> = Result<T, Failure>;

fn on<R: lsp_types::request::Request>(
    session: &mut Session,
    request: Request,
    handler: fn(&mut Session, R::Params) -> Outcome<R::Result>,
) -> Response {
    let id = request.id.clone();
    let params = match serde_json::from_value::<R::Params>(request.params) {
        Ok(p) => p,
        Err(e) => {
            return Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("bad parameters for `{}`: {e}", R::METHOD),
            )
        }
    };
    match handler(session, params) {
        Ok(result) => Response::new_ok(id, result),
        Err(f) => Response::new_err(id, f.code as i32, f.message),
    }
}

pub fn request(session: &mut Session, req: Request) -> Response {
    match req.method.as_str() {
        r::HoverRequest::METHOD => on::<r::HoverRequest>(session, req, hover::handle),
        r::GotoDefinition::METHOD => on::<r::GotoDefinition>(session, req, definition::handle),
        r::References::METHOD => on::<r::References>(session, req, references::handle),
        r::DocumentSymbolRequest::METHOD => {
            on::<r::DocumentSymbolRequest>(session, req, document_symbol::handle)
        }
        r::WorkspaceSymbolRequest::METHOD => {
            on::<r::WorkspaceSymbolRequest>(session, req, workspace_symbol::handle)
        }
        r::PrepareRenameRequest::METHOD => {
            on::<r::PrepareRenameRequest>(session, req, prepare_rename::handle)
        }
        r::Rename::METHOD => on::<r::Rename>(session, req, rename::handle),
        r::Completion::METHOD => on::<r::Completion>(session, req, completion::handle),
        r::CodeActionRequest::METHOD => {
            on::<r::CodeActionRequest>(session, req, code_action::handle)
        }
        r::FoldingRangeRequest::METHOD => {
            on::<r::FoldingRangeRequest>(session, req, folding_range::handle)
        }
        r::Formatting::METHOD => on::<r::Formatting>(session, req, formatting::handle),
        _ => Response::new_err(
            req.id,
            ErrorCode::MethodNotFound as i32,
            format!("ddgen lsp does not serve `{}`", req.method),
        ),
    }
}

fn on_notification<N: lsp_types::notification::Notification>(
    session: &mut Session,
    notification: Notification,
    handler: fn(&mut Session, N::Params),
) {
    match serde_json::from_value::<N::Params>(notification.params) {
        Ok(params) => handler(session, params),
        Err(e) => eprintln!(
            "ddgen lsp: ignored `{}` with bad parameters: {e}",
            N::METHOD
        ),
    }
}

pub fn notification(session: &mut Session, not: Notification) {
    match not.method.as_str() {
        n::DidOpenTextDocument::METHOD => {
            on_notification::<n::DidOpenTextDocument>(session, not, did_open::handle)
        }
        n::DidChangeTextDocument::METHOD => {
            on_notification::<n::DidChangeTextDocument>(session, not, did_change::handle)
        }
        n::DidCloseTextDocument::METHOD => {
            on_notification::<n::DidCloseTextDocument>(session, not, did_close::handle)
        }
        n::DidSaveTextDocument::METHOD => {
            on_notification::<n::DidSaveTextDocument>(session, not, did_save::handle)
        }
        n::DidChangeWatchedFiles::METHOD => on_notification::<n::DidChangeWatchedFiles>(
            session,
            not,
            did_change_watched_files::handle,
        ),
        _ => {}
    }
}

/// Asks the client to report changes of `.ddd` files on disk, when it can.
pub fn registration(session: &Session, connection: &Connection) {
    if let Some(request) = did_change_watched_files::registration(session) {
        let _ = connection.sender.send(request.into());
    }
}

/// The analysis, file and byte offset a `TextDocumentPositionParams` names.
fn locate(
    session: &mut Session,
    at: &lsp_types::TextDocumentPositionParams,
) -> Outcome<(
    std::rc::Rc<super::session::Analysis>,
    crate::source::FileId,
    usize,
)> {
    let (analysis, file) = session.analysis_of(&at.text_document.uri)?;
    let offset = super::convert::offset(analysis.file(file), at.position, session.encoding);
    Ok((analysis, file, offset))
}
