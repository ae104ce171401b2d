//! Rename, completion and code actions; each edit the server proposes is
//! applied and the result checked again by ddgen itself.

use crate::support::*;
use ddgen::check::{check_sources, Options};
use ddgen::source::SourceMap;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const ORDERS: &str = "contexts/orders.ddd";

/// Codes of `ddgen check` over the files of `root` with `texts` laid over.
fn codes_with(root: &std::path::Path, texts: &BTreeMap<String, String>) -> Vec<String> {
    let files = ddgen::load::find_files(&[root.to_path_buf()]).unwrap();
    let mut sources = SourceMap::default();
    for f in files {
        let uri = uri_of(&f);
        let text = texts
            .get(&uri)
            .cloned()
            .unwrap_or_else(|| std::fs::read_to_string(&f).unwrap());
        sources.add(f, text);
    }
    check_sources(sources, Vec::new(), &Options::default())
        .outcome
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

#[test]
fn rename_changes_every_file_and_the_model_still_checks() {
    let mut s = start();
    let text = s.open(ORDERS);
    let uri = s.uri(ORDERS);
    let prepared = s.result(
        "textDocument/prepareRename",
        at(&uri, pos(&text, "id OrderId", 0, 4)),
    );
    assert_eq!(prepared["start"], pos(&text, "id OrderId", 0, 3));
    let mut params = at(&uri, pos(&text, "id OrderId", 0, 4));
    params["newName"] = json!("OrderNumber");
    let edit = s.result("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    assert!(
        changes.contains_key(&s.uri("contexts/shipping.ddd")),
        "{changes:?}"
    );
    assert!(changes.contains_key(&s.uri("contexts/inventory.ddd")));
    let mut texts = BTreeMap::new();
    for (file, edits) in changes {
        let path = url::Url::parse(file).unwrap().to_file_path().unwrap();
        let old = std::fs::read_to_string(&path).unwrap();
        let new = apply(&old, edits.as_array().unwrap());
        assert!(!new.contains("OrderId"), "{file}");
        texts.insert(file.clone(), new);
    }
    assert_eq!(codes_with(&s.root, &texts), Vec::<String>::new());
    s.shutdown();
}

#[test]
fn rename_refuses_collisions_and_bad_names() {
    let mut s = start();
    let text = s.open(ORDERS);
    let uri = s.uri(ORDERS);
    for (new, why) in [
        ("OrderStatus", "already has enum `OrderStatus`"),
        ("PlaceOrder", "already has command"),
        ("2nd", "not a name"),
        ("event", "keyword"),
        ("string", "primitive"),
    ] {
        let mut params = at(&uri, pos(&text, "id OrderId", 0, 4));
        params["newName"] = json!(new);
        let r = s.request("textDocument/rename", params);
        let e = r.error.expect("refused");
        assert!(e.message.contains(why), "{new}: {}", e.message);
    }
    // A context may not take another context's name.
    let mut params = at(&uri, pos(&text, "context Orders", 0, 9));
    params["newName"] = json!("Payments");
    assert!(s.request("textDocument/rename", params).error.is_some());
    s.shutdown();
}

fn labels(v: &Value) -> Vec<String> {
    let items = v.as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_what_fits_the_cursor() {
    let mut s = start();
    let text = s.open(ORDERS);
    let uri = s.uri(ORDERS);
    // A new line in the context: `subscribe Payments.`
    let anchor = text.find("  calls Catalog.GetProduct").unwrap();
    let p = position(&text, anchor);
    s.change(
        ORDERS,
        json!({ "start": p, "end": p }),
        "  subscribe Payments.\n",
    );
    let line = p["line"].as_u64().unwrap();
    let end = json!({ "line": line, "character": 21 });
    let got = labels(&s.result("textDocument/completion", at(&uri, end)));
    assert!(got.contains(&"PaymentCaptured".into()), "{got:?}");
    assert!(
        !got.contains(&"AuthorizePayment".into()),
        "commands are not subscribed to: {got:?}"
    );
    // `calls Payments.` offers its messages via http, not events.
    let start = json!({ "line": line, "character": 2 });
    s.change(
        ORDERS,
        json!({ "start": start, "end": { "line": line, "character": 11 } }),
        "calls",
    );
    let got = labels(&s.result(
        "textDocument/completion",
        at(&uri, json!({ "line": line, "character": 17 })),
    ));
    assert!(
        got.contains(&"AuthorizePayment".into()) && !got.contains(&"PaymentCaptured".into()),
        "{got:?}"
    );
    // At the start of a line in the context: its keywords.
    let got = labels(&s.result("textDocument/completion", at(&uri, start)));
    for k in ["aggregate", "subscribe", "deploy", "owner"] {
        assert!(got.contains(&k.into()), "{k}: {got:?}");
    }
    assert!(!got.contains(&"domain".into()));
    // In a field's type position: primitives, own types, other contexts.
    let p = pos(&text, "title: string", 0, "title: ".len());
    let got = labels(&s.result("textDocument/completion", at(&uri, p)));
    for k in ["decimal", "OrderStatus", "Catalog", "list"] {
        assert!(got.contains(&k.into()), "{k}: {got:?}");
    }
    // In the deploy block (below the inserted line): its settings.
    let text = format!("{}  calls Payments.\n{}", &text[..anchor], &text[anchor..]);
    let p = pos(&text, "deploy { memory", 0, "deploy { ".len());
    let got = labels(&s.result("textDocument/completion", at(&uri, p)));
    assert!(
        got.contains(&"concurrency".into()) && got.contains(&"burst".into()),
        "{got:?}"
    );
    // After `owner `: teams.
    let p = pos(&text, "owner Checkout", 0, "owner ".len());
    let got = labels(&s.result("textDocument/completion", at(&uri, p)));
    assert!(got.contains(&"Checkout".into()), "{got:?}");
    s.shutdown();
}

/// The code actions for the range of the diagnostic with `code` in `rel`,
/// after its diagnostics arrived.
fn actions_for(s: &mut Server, rel: &str, code: &str) -> Vec<Value> {
    let diags = s.diagnostics_until(rel, |d| d.iter().any(|d| d["code"] == code));
    let d = diags.iter().find(|d| d["code"] == code).unwrap().clone();
    let got = s.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": s.uri(rel) },
            "range": d["range"],
            "context": { "diagnostics": [d] }
        }),
    );
    got.as_array().unwrap().clone()
}

/// Applies the action titled `title` to `text` of `rel`; the codes after.
fn apply_action(s: &Server, rel: &str, text: &str, actions: &[Value], title: &str) -> Vec<String> {
    let action = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no `{title}` in {actions:?}"));
    let edits = action["edit"]["changes"][s.uri(rel)].as_array().unwrap();
    let new = apply(text, edits);
    codes_with(&s.root, &BTreeMap::from([(s.uri(rel), new)]))
}

#[test]
fn code_actions_fix_what_they_say() {
    let mut s = start();
    // A misspelt type: the did-you-mean replacement.
    let text = s.open(ORDERS);
    let broken = text.replacen("unit_price: Catalog.Money", "unit_price: Catalog.Mony", 1);
    let all = json!({ "start": position(&text, 0), "end": position(&text, text.len()) });
    s.change(ORDERS, all, &broken);
    let actions = actions_for(&mut s, ORDERS, "E003");
    assert_eq!(actions[0]["isPreferred"], true);
    assert!(apply_action(&s, ORDERS, &broken, &actions, "Replace with `Money`").is_empty());
    // An event nobody consumes: W101, fixed by `internal` or an `allow`.
    let text = broken.replacen("unit_price: Catalog.Mony", "unit_price: Catalog.Money", 1)
        + "\ncontext Lonely {\n  implements Retail.Ordering\n  owner Checkout\n  event Unheard { a: int }\n}\n";
    let all = json!({ "start": position(&broken, 0), "end": position(&broken, broken.len()) });
    s.change(ORDERS, all, &text);
    let actions = actions_for(&mut s, ORDERS, "W101");
    assert!(apply_action(&s, ORDERS, &text, &actions, "Mark `Unheard` internal").is_empty());
    let after = apply_action(&s, ORDERS, &text, &actions, "Allow W101 here");
    assert!(after.is_empty(), "{after:?}");
    s.shutdown();
}

#[test]
fn code_action_adds_a_missing_owner() {
    let mut s = start();
    let text = s.open(ORDERS);
    let without = text.replacen("  owner Checkout\n", "", 1);
    let all = json!({ "start": position(&text, 0), "end": position(&text, text.len()) });
    s.change(ORDERS, all, &without);
    let actions = actions_for(&mut s, ORDERS, "W104");
    assert!(apply_action(&s, ORDERS, &without, &actions, "Add `owner Checkout`").is_empty());
    let after = apply_action(&s, ORDERS, &without, &actions, "Allow W104 here");
    assert!(after.is_empty(), "{after:?}");
    s.shutdown();
}

#[test]
fn formatting_rewrites_the_document_like_ddgen_fmt() {
    let mut s = start();
    let text = s.open(ORDERS);
    let messy = text.replacen("  store dynamodb", "      store    dynamodb", 1);
    let all = json!({ "start": position(&text, 0), "end": position(&text, text.len()) });
    s.change(ORDERS, all, &messy);
    let params = json!({
        "textDocument": { "uri": s.uri(ORDERS) },
        "options": { "tabSize": 4, "insertSpaces": true }
    });
    let edits = s.result("textDocument/formatting", params.clone());
    let formatted = apply(&messy, edits.as_array().unwrap());
    assert_eq!(formatted, ddgen::fmt::format_source(&messy).unwrap());
    assert!(formatted.contains("\n  store dynamodb\n"));
    // Formatted text needs no edit; a syntax error refuses to format.
    let all = json!({ "start": position(&messy, 0), "end": position(&messy, messy.len()) });
    s.change(ORDERS, all, &formatted);
    assert_eq!(
        s.result("textDocument/formatting", params.clone()),
        json!([])
    );
    let all =
        json!({ "start": position(&formatted, 0), "end": position(&formatted, formatted.len()) });
    s.change(ORDERS, all, &format!("{formatted}\ncontext {{\n"));
    let e = s.request("textDocument/formatting", params).error.unwrap();
    assert!(e.message.contains("syntax errors"), "{}", e.message);
    s.shutdown();
}

#[test]
fn a_missing_map_entry_can_be_allowed_where_the_flow_is() {
    let mut s = start();
    let map = s.open("map.ddd");
    let line = "  Catalog -> Orders : customer-supplier\n";
    let without = map.replacen(line, "", 1);
    let all = json!({ "start": position(&map, 0), "end": position(&map, map.len()) });
    s.change("map.ddd", all, &without);
    // W105 sits where Orders uses Catalog, in orders.ddd (not open).
    let actions = actions_for(&mut s, ORDERS, "W105");
    let action = actions
        .iter()
        .find(|a| a["title"] == "Allow W105 here")
        .expect("an allow");
    let edits = action["edit"]["changes"][s.uri(ORDERS)].as_array().unwrap();
    let orders = apply(&s.text(ORDERS), edits);
    let texts = BTreeMap::from([(s.uri(ORDERS), orders), (s.uri("map.ddd"), without)]);
    let after = codes_with(&s.root, &texts);
    assert!(!after.contains(&"W105".to_string()), "{after:?}");
    s.shutdown();
}
