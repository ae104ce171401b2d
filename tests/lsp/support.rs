//! An in-process LSP client: drives `ddgen::lsp::serve` over
//! `Connection::memory()` on a copy of the retail example.

use crate::copy_dir::copy_dir;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Server {
    conn: Connection,
    thread: Option<JoinHandle<Result<bool, String>>>,
    next_id: i32,
    versions: HashMap<String, i32>,
    pub root: PathBuf,
    /// The last diagnostics published per URI.
    pub diagnostics: HashMap<String, Vec<Value>>,
    pub capabilities: Value,
    _dir: tempfile::TempDir,
}

pub fn uri_of(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}

/// Starts a server on a fresh copy of `examples/retail`; `encodings` is
/// what the client offers as `positionEncodings` (none: not sent).
pub fn start_with(encodings: Option<&[&str]>, prepare: impl FnOnce(&Path)) -> Server {
    start_in(encodings, |root| {
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/retail"),
            root,
        );
        prepare(root);
    })
}

/// Starts a server on a workspace folder that `fill` writes.
pub fn start_in(encodings: Option<&[&str]>, fill: impl FnOnce(&Path)) -> Server {
    // The explanations behind `codeDescription` go to a folder of the tests.
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lsp-cache");
    std::env::set_var("DDGEN_CACHE_DIR", &cache);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("retail");
    std::fs::create_dir_all(&root).unwrap();
    fill(&root);
    let (server, conn) = Connection::memory();
    let thread = std::thread::spawn(move || ddgen::lsp::serve(&server));
    let mut general = json!({});
    if let Some(e) = encodings {
        general = json!({ "positionEncodings": e });
    }
    let mut s = Server {
        conn,
        thread: Some(thread),
        next_id: 0,
        versions: HashMap::new(),
        root: root.clone(),
        diagnostics: HashMap::new(),
        capabilities: Value::Null,
        _dir: dir,
    };
    let init = s.result(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri_of(&root),
            "workspaceFolders": [{ "uri": uri_of(&root), "name": "retail" }],
            "capabilities": {
                "general": general,
                "textDocument": { "documentSymbol": { "hierarchicalDocumentSymbolSupport": true } }
            }
        }),
    );
    s.capabilities = init["capabilities"].clone();
    s.notify("initialized", json!({}));
    s
}

pub fn start() -> Server {
    start_with(None, |_| {})
}

impl Server {
    pub fn uri(&self, rel: &str) -> String {
        uri_of(&self.root.join(rel))
    }

    pub fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn take(&mut self, message: Message) -> Option<Response> {
        match message {
            Message::Response(r) => Some(r),
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                let uri = n.params["uri"].as_str().unwrap().to_string();
                let list = n.params["diagnostics"].as_array().unwrap().clone();
                self.diagnostics.insert(uri, list);
                None
            }
            _ => None,
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        loop {
            let m = self.conn.receiver.recv_timeout(TIMEOUT).expect("an answer");
            if let Some(r) = self.take(m) {
                if r.id == id {
                    return r;
                }
            }
        }
    }

    /// The result of a request that must succeed.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.error.is_none(), "{method} failed: {:?}", r.error);
        r.result.unwrap_or(Value::Null)
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    }

    /// Opens `rel` with its text on disk; returns the text.
    pub fn open(&mut self, rel: &str) -> String {
        let text = self.text(rel);
        self.open_text(rel, &text);
        text
    }

    pub fn open_text(&mut self, rel: &str, text: &str) {
        let uri = self.uri(rel);
        self.versions.insert(uri.clone(), 1);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "ddd", "version": 1, "text": text } }),
        );
    }

    /// One incremental change replacing `range` (LSP positions) by `text`.
    pub fn change(&mut self, rel: &str, range: Value, text: &str) {
        let uri = self.uri(rel);
        let v = self.versions.entry(uri.clone()).or_insert(1);
        *v += 1;
        let version = *v;
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": text }]
            }),
        );
    }

    /// Waits until the diagnostics of `rel` satisfy `done`; returns them.
    pub fn diagnostics_until(&mut self, rel: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = self.uri(rel);
        loop {
            if let Some(d) = self.diagnostics.get(&uri) {
                if done(d) {
                    return d.clone();
                }
            }
            let m = self
                .conn
                .receiver
                .recv_timeout(TIMEOUT)
                .unwrap_or_else(|_| {
                    panic!("diagnostics of {rel}: {:?}", self.diagnostics.get(&uri))
                });
            self.take(m);
        }
    }

    pub fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.error.is_none());
        self.notify("exit", Value::Null);
        let outcome = self.thread.take().unwrap().join().expect("no panic");
        assert_eq!(outcome, Ok(true));
    }
}

/// The LSP position (UTF-16) of the `nth` occurrence of `needle` in
/// `text`, plus `delta` bytes.
pub fn pos(text: &str, needle: &str, nth: usize, delta: usize) -> Value {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth}"))
        .0
        + delta;
    position(text, at)
}

pub fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    json!({ "line": line, "character": before[start..].encode_utf16().count() })
}

pub fn range(text: &str, needle: &str, nth: usize) -> Value {
    let start = pos(text, needle, nth, 0);
    let end = pos(text, needle, nth, needle.len());
    json!({ "start": start, "end": end })
}

/// `params` for a request at a position of a document.
pub fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

/// Applies `edits` (a list of TextEdits) to `text`.
pub fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, t);
    }
    out
}
