//! `workspace/didChangeWatchedFiles`: a `.ddd` file was created, changed or
//! deleted on disk; the server reads the workspace again. The watcher is
//! registered with the client after `initialize` when it supports that.

use crate::lsp::session::Session;
use lsp_server::{Request, RequestId};
use lsp_types::{DidChangeWatchedFilesParams, Registration, RegistrationParams};

pub fn handle(session: &mut Session, _params: DidChangeWatchedFilesParams) {
    session.rescan();
}

/// `client/registerCapability` for `**/*.ddd`, if the client can watch.
pub fn registration(session: &Session) -> Option<Request> {
    if !session.watch_files {
        return None;
    }
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "ddgen-ddd-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: Some(serde_json::json!({
                "watchers": [{ "globPattern": "**/*.ddd" }]
            })),
        }],
    };
    Some(Request::new(
        RequestId::from("ddgen-register-watchers".to_string()),
        "client/registerCapability".into(),
        params,
    ))
}
