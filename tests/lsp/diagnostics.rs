//! Diagnostics on open and change: codes, related information, the link to
//! the explanation; fixed errors are cleared.

use crate::support::*;
use serde_json::json;

const ORDERS: &str = "contexts/orders.ddd";

#[test]
fn an_error_appears_as_typed_and_clears_when_fixed() {
    let mut s = start();
    let text = s.open(ORDERS);
    // `unit_price: Catalog.Money` → `Catalog.Mony`.
    let money = text.find("unit_price: Catalog.Money").unwrap() + "unit_price: Catalog.Mon".len();
    let r = json!({ "start": position(&text, money), "end": position(&text, money + 1) });
    s.change(ORDERS, r, "");
    let diags = s.diagnostics_until(ORDERS, |d| !d.is_empty());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "E003");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "ddgen");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `Money`?"),
        "{d}"
    );
    let start = position(&text, money - "Mon".len());
    assert_eq!(d["range"]["start"], start);
    // The code links its explanation, a file holding `ddgen explain E003`.
    let href = d["codeDescription"]["href"].as_str().unwrap();
    let path = url::Url::parse(href).unwrap().to_file_path().unwrap();
    assert!(path.ends_with("E003.md"), "{href}");
    let explained = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        explained,
        ddgen::explain::text(ddgen::diagnostic::Code::E003)
    );
    // Fix it: type the `e` back.
    let at = position(&text, money);
    s.change(ORDERS, json!({ "start": at, "end": at }), "e");
    s.diagnostics_until(ORDERS, |d| d.is_empty());
    s.shutdown();
}

#[test]
fn secondary_labels_become_related_information_in_other_files() {
    let mut s = start();
    let text = s.open(ORDERS);
    // A second `context Payments` in orders.ddd, which sorts before
    // payments.ddd: the E002 is in payments.ddd, pointing at orders.ddd.
    let end = position(&text, text.len());
    s.change(
        ORDERS,
        json!({ "start": end, "end": end }),
        "\ncontext Payments {}\n",
    );
    let payments = "contexts/payments.ddd";
    let diags = s.diagnostics_until(payments, |d| d.iter().any(|d| d["code"] == "E002"));
    let d = diags.iter().find(|d| d["code"] == "E002").unwrap();
    let related = d["relatedInformation"]
        .as_array()
        .expect("related information");
    assert_eq!(related[0]["location"]["uri"], s.uri(ORDERS));
    let orders = text.clone() + "\ncontext Payments {}\n";
    assert_eq!(
        related[0]["location"]["range"]["start"],
        pos(&orders, "context Payments", 0, "context ".len())
    );
    s.shutdown();
}

#[test]
fn diagnostics_cover_every_file_of_the_model() {
    let mut s = start();
    let text = s.open(ORDERS);
    // Renaming the event by hand breaks its subscribers in other files.
    let r = range(&text, "event OrderPlaced", 0);
    s.change(ORDERS, r, "event OrderWasPlaced");
    for file in ["contexts/notifications.ddd", "contexts/inventory.ddd"] {
        let d = s.diagnostics_until(file, |d| d.iter().any(|d| d["code"] == "E003"));
        assert!(
            d[0]["message"].as_str().unwrap().contains("OrderPlaced"),
            "{d:?}"
        );
    }
    s.shutdown();
}

#[test]
fn a_file_that_is_not_utf8_gets_an_e001() {
    let mut s = start_with(None, |root| {
        std::fs::write(root.join("bad.ddd"), b"team X\n\xff\xfe\n").unwrap();
    });
    s.open(ORDERS); // any message makes the server publish
    let d = s.diagnostics_until("bad.ddd", |d| !d.is_empty());
    assert_eq!(d[0]["code"], "E001");
    assert!(d[0]["message"].as_str().unwrap().contains("UTF-8"));
    s.shutdown();
}
