//! Bad requests get error responses and the server goes on; files deleted
//! while open; positions in UTF-16 unless the client offers UTF-8.

use crate::support::*;
use serde_json::{json, Value};

const ORDERS: &str = "contexts/orders.ddd";

#[test]
fn bad_requests_are_answered_with_errors() {
    let mut s = start();
    let text = s.open(ORDERS);
    let uri = s.uri(ORDERS);
    let r = s.request("textDocument/frobnicate", json!({}));
    assert_eq!(r.error.unwrap().code, -32601); // MethodNotFound
    let r = s.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(r.error.unwrap().code, -32602); // InvalidParams
                                               // A file outside the workspace folders.
    let outside = uri_of(&std::env::temp_dir().join("elsewhere.ddd"));
    s.open_text("../../elsewhere-never.ddd", "context X {}\n");
    let r = s.request(
        "textDocument/definition",
        at(&outside, json!({"line": 0, "character": 9})),
    );
    let e = r.error.unwrap();
    assert_eq!(e.code, -32803, "{}", e.message); // RequestFailed
                                                 // Positions past the end of the file are clamped, not a crash.
    let got = s.result(
        "textDocument/hover",
        at(&uri, json!({"line": 99999, "character": 5})),
    );
    assert_eq!(got, Value::Null);
    // Still serving.
    let got = s.result(
        "textDocument/definition",
        at(&uri, pos(&text, "Catalog.Sku", 0, 9)),
    );
    assert_eq!(got["uri"], s.uri("contexts/catalog.ddd"));
    s.shutdown();
}

#[test]
fn a_file_deleted_while_open_stays_until_closed() {
    let mut s = start();
    s.open("contexts/catalog.ddd");
    std::fs::remove_file(s.root.join("contexts/catalog.ddd")).unwrap();
    s.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": s.uri("contexts/orders.ddd") } }),
    );
    // The open buffer still defines Catalog: orders.ddd resolves.
    let text = s.open(ORDERS);
    let got = s.result(
        "textDocument/definition",
        at(&s.uri(ORDERS), pos(&text, "Catalog.Sku", 0, 9)),
    );
    assert_eq!(got["uri"], s.uri("contexts/catalog.ddd"));
    // Closed, it leaves the model: Orders' references to Catalog fail.
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": s.uri("contexts/catalog.ddd") } }),
    );
    let d = s.diagnostics_until(ORDERS, |d| !d.is_empty());
    assert!(d.iter().all(|d| d["code"] == "E003"), "{d:?}");
    s.shutdown();
}

#[test]
fn a_new_unsaved_file_joins_the_model_and_leaves_it_on_close() {
    let mut s = start();
    s.open_text(
        "extra.ddd",
        "context Extra { value V { x: Orders.Nope } }\n",
    );
    s.diagnostics_until("extra.ddd", |d| d.iter().any(|d| d["code"] == "E003"));
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": s.uri("extra.ddd") } }),
    );
    s.diagnostics_until("extra.ddd", |d| d.is_empty());
    s.shutdown();
}

#[test]
fn position_encoding_is_negotiated() {
    // é is one UTF-16 unit and two bytes: the column of `Sku` differs.
    let prepare = |root: &std::path::Path| {
        let p = root.join("contexts/orders.ddd");
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            p,
            text.replace("    sku: Catalog.Sku", "    /*é*/ sku: Catalog.Sku"),
        )
        .unwrap();
    };
    for (offered, expected_column, encoding) in [
        (None, "    /*é*/ sku: Catalog.".chars().count(), "utf-16"),
        (
            Some(&["utf-8", "utf-16"][..]),
            "    /*é*/ sku: Catalog.".len(),
            "utf-8",
        ),
    ] {
        let mut s = start_with(offered, prepare);
        assert_eq!(s.capabilities["positionEncoding"], encoding);
        let text = s.open(ORDERS);
        let line = text[..text.find("/*é*/").unwrap()].matches('\n').count();
        let p = json!({ "line": line, "character": expected_column + 1 });
        let got = s.result("textDocument/definition", at(&s.uri(ORDERS), p));
        assert_eq!(got["uri"], s.uri("contexts/catalog.ddd"), "{encoding}");
        s.shutdown();
    }
}
