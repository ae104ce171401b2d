//! Go to definition, find references, hover, document and workspace
//! symbols, across the retail example's files.

use crate::support::*;
use serde_json::{json, Value};

const ORDERS: &str = "contexts/orders.ddd";

#[test]
fn definition_goes_to_another_file() {
    let mut s = start();
    let text = s.open(ORDERS);
    let uri = s.uri(ORDERS);
    let catalog = s.text("contexts/catalog.ddd");
    // On `Sku` of `Catalog.Sku`: the id in catalog.ddd.
    let got = s.result(
        "textDocument/definition",
        at(&uri, pos(&text, "Catalog.Sku", 0, 9)),
    );
    assert_eq!(got["uri"], s.uri("contexts/catalog.ddd"));
    assert_eq!(got["range"], range(&catalog, "Sku", 0));
    // On `Catalog` of the same path: the context.
    let got = s.result(
        "textDocument/definition",
        at(&uri, pos(&text, "Catalog.Sku", 0, 2)),
    );
    assert_eq!(
        got["range"]["start"],
        pos(&catalog, "context Catalog", 0, 8)
    );
    // On the owner: the team in teams.ddd.
    let got = s.result(
        "textDocument/definition",
        at(&uri, pos(&text, "owner Checkout", 0, 7)),
    );
    assert_eq!(got["uri"], s.uri("teams.ddd"));
    // On a keyword: nothing.
    let got = s.result(
        "textDocument/definition",
        at(&uri, pos(&text, "store dynamodb", 0, 1)),
    );
    assert_eq!(got, Value::Null);
    s.shutdown();
}

#[test]
fn references_span_files() {
    let mut s = start();
    let text = s.open(ORDERS);
    let uri = s.uri(ORDERS);
    let mut params = at(&uri, pos(&text, "event OrderPlaced", 0, 7));
    params["context"] = json!({ "includeDeclaration": true });
    let got = s.result("textDocument/references", params);
    let locations = got.as_array().unwrap();
    let files: Vec<&str> = locations
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    // The declaration, `emits OrderPlaced`, three subscribers.
    assert_eq!(locations.len(), 5, "{files:?}");
    for f in [
        "contexts/inventory.ddd",
        "contexts/reporting.ddd",
        "contexts/notifications.ddd",
    ] {
        assert!(files.contains(&s.uri(f).as_str()), "{f}");
    }
    let declaration = json!({
        "start": pos(&text, "event OrderPlaced", 0, 6),
        "end": pos(&text, "event OrderPlaced", 0, 17),
    });
    assert_eq!(locations[0]["range"], declaration);
    s.shutdown();
}

#[test]
fn hover_tells_kind_docs_and_relations() {
    let mut s = start();
    let text = s.open(ORDERS);
    let uri = s.uri(ORDERS);
    let hover = |s: &mut Server, p: Value| {
        let h = s.result("textDocument/hover", at(&uri, p));
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let h = hover(&mut s, pos(&text, "event OrderPlaced", 0, 8));
    assert!(h.contains("event Orders.OrderPlaced"), "{h}");
    assert!(h.contains("A customer placed an order"), "{h}");
    assert!(h.contains("published by: `Orders`"), "{h}");
    assert!(
        h.contains("consumed by: `Inventory`, `Notifications`, `Reporting`"),
        "{h}"
    );
    assert!(h.contains("emitted by: `PlaceOrder`"), "{h}");
    let h = hover(&mut s, pos(&text, "context Orders", 0, 9));
    assert!(
        h.contains("owner: `Checkout`") && h.contains("`Retail.Ordering`"),
        "{h}"
    );
    let h = hover(&mut s, pos(&text, "calls Payments.AuthorizePayment", 0, 16));
    assert!(h.contains("command Payments.AuthorizePayment"), "{h}");
    assert!(h.contains("called by: `Orders`"), "{h}");
    // On the code of an `allow`: the explanation.
    let inventory = s.open("contexts/inventory.ddd");
    let uri = s.uri("contexts/inventory.ddd");
    let h = s.result(
        "textDocument/hover",
        at(&uri, pos(&inventory, "allow W101", 0, 7)),
    );
    let h = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h, ddgen::explain::text(ddgen::diagnostic::Code::W101));
    s.shutdown();
}

#[test]
fn document_symbols_outline_the_file() {
    let mut s = start();
    s.open(ORDERS);
    let uri = s.uri(ORDERS);
    let got = s.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let top = got.as_array().unwrap();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0]["name"], "Orders");
    let children: Vec<&str> = top[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(&children[..3], ["OrderId", "OrderStatus", "OrderLine"]);
    assert!(children.contains(&"PlaceOrder") && children.contains(&"OrderPaid"));
    let domains = s.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": s.uri("domains.ddd") } }),
    );
    assert!(domains[0]["children"].as_array().unwrap().len() >= 2);
    s.shutdown();
}

#[test]
fn workspace_symbols_find_by_name_or_path() {
    let mut s = start();
    let got = s.result("workspace/symbol", json!({ "query": "orders.orderp" }));
    let names: Vec<&str> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["OrderPlaced", "OrderPaid"]);
    let got = s.result("workspace/symbol", json!({ "query": "" }));
    assert!(got.as_array().unwrap().len() > 100);
    s.shutdown();
}

#[test]
fn declarations_spanning_lines_fold() {
    let mut s = start();
    let text = s.open(ORDERS);
    let got = s.result(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": s.uri(ORDERS) } }),
    );
    let ranges: Vec<(u64, u64)> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["startLine"].as_u64().unwrap(),
                r["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    let line = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() as u64;
    // The context (from its keyword to its closing brace) and the aggregate.
    let last = text.trim_end().matches('\n').count() as u64;
    assert!(
        ranges.contains(&(line("context Orders"), last)),
        "{ranges:?}"
    );
    assert!(
        ranges.iter().any(|r| r.0 == line("aggregate Order {")),
        "{ranges:?}"
    );
    // One-line declarations do not fold.
    assert!(!ranges.iter().any(|r| r.0 == line("  id OrderId")));
    s.shutdown();
}
