//! `ddgen lsp`: a Language Server Protocol server over stdio.
//!
//! Built on rust-analyzer's `lsp-server` (synchronous, messages handled in
//! the order they arrive) and `lsp-types`; both stay inside this module.
//! The [`session::Session`] lays the open buffers over the workspace's
//! files on disk and runs the same pipeline as `ddgen check`
//! ([`crate::check::check_sources`]); `convert` is the only place that
//! turns ddgen's spans and diagnostics into LSP values; `handlers` has one
//! file per LSP method. A handler that panics answers its request with an
//! error and the server keeps serving. Decisions are in `docs/editors.md`.

pub mod convert;
mod cursor;
mod handlers;
pub mod session;
pub mod transport;

use lsp_server::{Connection, ErrorCode, Message, Response};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, InitializeParams,
    OneOf, RenameOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use session::Session;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Serves one client over `connection` until `shutdown` and `exit` (or the
/// client goes away). Returns whether the client shut down properly.
pub fn serve(connection: &Connection) -> Result<bool, String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    // Parameters the types do not accept are taken as "no capabilities".
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut session = Session::new(&params);
    let result = serde_json::json!({
        "capabilities": capabilities(&session),
        "serverInfo": { "name": "ddgen", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    handlers::registration(&session, connection);
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if request.method == "shutdown" {
                    return connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string());
                }
                let response = guarded(request.id.clone(), &mut session, |session| {
                    handlers::request(session, request)
                });
                send(connection, response.into());
            }
            Message::Notification(n) if n.method == "exit" => return Ok(false),
            Message::Notification(notification) => {
                let method = notification.method.clone();
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    handlers::notification(&mut session, notification)
                }));
                if outcome.is_err() {
                    session.recover();
                    eprintln!("ddgen lsp: the handler of `{method}` panicked; the server goes on");
                }
            }
            Message::Response(_) => {}
        }
        // Diagnostics go out once the client has stopped typing for a
        // moment: when no further message is already waiting.
        if connection.receiver.is_empty() {
            for n in session.diagnostics_to_publish() {
                send(connection, n.into());
            }
        }
    }
    Ok(false)
}

fn send(connection: &Connection, message: Message) {
    // The client has gone when this fails; the loop ends on its own then.
    let _ = connection.sender.send(message);
}

/// Runs a request handler; a panic becomes an `InternalError` answer.
pub(crate) fn guarded(
    id: lsp_server::RequestId,
    session: &mut Session,
    handler: impl FnOnce(&mut Session) -> Response,
) -> Response {
    match catch_unwind(AssertUnwindSafe(|| handler(session))) {
        Ok(response) => response,
        Err(panic) => {
            session.recover();
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("ddgen lsp failed on this request ({what}); please report it"),
            )
        }
    }
}

fn capabilities(session: &Session) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(session.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), ":".into(), "<".into(), " ".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// `ddgen lsp`: serves on stdin/stdout; exit code 0 after a proper
/// shutdown, 1 otherwise.
pub fn run_stdio() -> std::process::ExitCode {
    let (connection, threads) = transport::stdio();
    let outcome = serve(&connection);
    drop(connection);
    threads.join();
    match outcome {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(1),
        Err(e) => {
            eprintln!("ddgen lsp: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_handler_answers_an_error_and_the_session_survives() {
        let mut session = Session::new(&InitializeParams::default());
        let id = lsp_server::RequestId::from(7);
        let response = guarded(id.clone(), &mut session, |_| panic!("boom"));
        let error = response.error.expect("an error response");
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert!(error.message.contains("boom"));
        assert_eq!(response.id, id);
        // And the next request is served normally.
        let ok = guarded(id.clone(), &mut session, |_| {
            Response::new_ok(id.clone(), 1)
        });
        assert!(ok.error.is_none());
    }
}
