use super::*;
use crate::export::test_model;

fn page<'f>(files: &'f [OutFile], path: &str) -> &'f str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| {
            panic!(
                "no {path} in {:#?}",
                files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        })
        .content
}

const SHOP: &str = r##"
system Shop { broker sns }
/// Selling.
domain Sales { subdomain Ordering : core
  subdomain Billing : generic }
domain Money { subdomain Billing }
team Checkout { contact "checkout@shop.example" }
team Ops { contact "#ops (Slack)" }
context Orders {
  implements Sales.Ordering
  owner Checkout
  language { Order = "A {binding} <promise> to buy." }
  id OrderId
  command Place { total: decimal } returns OrderId via http POST "/orders" emits Placed
  command Expire { order: OrderId } via queue
  event Placed { order: OrderId }
  subscribe Invoicing.Invoiced
  calls Invoicing.GetInvoice
}
context Invoicing {
  implements Money.Billing
  owner Ops
  id InvoiceId
  query GetInvoice { invoice: InvoiceId } returns InvoiceId via http GET "/invoices/{invoice}"
  event Invoiced { invoice: InvoiceId }
  subscribe Orders.Placed
  sends Orders.Expire
}
map M {
  Orders <-> Invoicing : partnership
}
"##;

#[test]
fn clashing_subdomains_get_their_domain_in_front() {
    let files = files(&test_model(SHOP));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        paths.contains(&"domains/Sales/subdomains/SalesBilling/index.mdx"),
        "{paths:#?}"
    );
    assert!(paths.contains(&"domains/Money/subdomains/MoneyBilling/services/Invoicing/index.mdx"));
    assert!(page(&files, "domains/Sales/index.mdx")
        .contains("domains:\n  - {\"id\": \"Ordering\"}\n  - {\"id\": \"SalesBilling\"}"));
}

#[test]
fn services_send_and_receive_through_their_channels() {
    let files = files(&test_model(SHOP));
    let orders = page(
        &files,
        "domains/Sales/subdomains/Ordering/services/Orders/index.mdx",
    );
    let want_sends = "sends:\n  - {\"id\": \"Placed\", \"to\": [{\"id\": \"OrdersEventsTopic\"}]}\n  - {\"id\": \"GetInvoice\"}\n";
    assert!(orders.contains(want_sends), "{orders}");
    let want_receives = "receives:\n  - {\"id\": \"Place\"}\n  - {\"id\": \"Expire\", \"from\": [{\"id\": \"OrdersExpireQueue\"}]}\n  - {\"id\": \"Invoiced\", \"from\": [{\"id\": \"InvoicingEventsTopic\"}]}\n";
    assert!(orders.contains(want_receives), "{orders}");
    assert!(orders.contains("{\"type\": \"openapi\", \"path\": \"openapi.yaml\""));
    assert!(
        orders.contains("- content: \"Partnership with Invoicing\""),
        "{orders}"
    );
    let invoicing = page(
        &files,
        "domains/Money/subdomains/MoneyBilling/services/Invoicing/index.mdx",
    );
    assert!(
        invoicing.contains("{\"id\": \"Expire\", \"to\": [{\"id\": \"OrdersExpireQueue\"}]}"),
        "{invoicing}"
    );
    let channel = page(&files, "channels/OrdersExpireQueue/index.mdx");
    assert!(channel.contains("protocols: [\"sqs\"]") && channel.contains("owners: [\"Checkout\"]"));
}

#[test]
fn language_and_docs_are_safe_mdx() {
    let files = files(&test_model(SHOP));
    let orders = page(
        &files,
        "domains/Sales/subdomains/Ordering/services/Orders/index.mdx",
    );
    assert!(
        orders.contains("| Order | A \\{binding\\} \\<promise\\> to buy. |"),
        "{orders}"
    );
    let language = page(
        &files,
        "domains/Sales/subdomains/Ordering/ubiquitous-language.mdx",
    );
    assert!(language.contains("  - id: \"order\"\n    name: \"Order\"\n    summary: \"A {binding} <promise> to buy.\""), "{language}");
    assert_eq!(markdown::escape("a `{x}` {y}"), "a `{x}` \\{y\\}");
}

#[test]
fn teams_get_an_email_only_when_it_is_one() {
    let files = files(&test_model(SHOP));
    assert!(page(&files, "teams/Checkout.mdx").contains("email: \"checkout@shop.example\""));
    let ops = page(&files, "teams/Ops.mdx");
    assert!(
        !ops.contains("email:") && ops.contains("Contact: #ops (Slack)"),
        "{ops}"
    );
    assert!(page(&files, "teams/Shop.mdx").contains("name: \"Shop architecture\""));
    assert_eq!(crate::export::email("a@b"), None);
    assert_eq!(
        crate::export::email(" x.y+z@mail.example.org "),
        Some("x.y+z@mail.example.org".into())
    );
    assert_eq!(crate::export::email("a..b@x.org"), None);
}

#[test]
fn messages_carry_a_bundled_schema() {
    let files = files(&test_model(SHOP));
    let dir = "domains/Sales/subdomains/Ordering/services/Orders/commands/Place";
    let index = page(&files, &format!("{dir}/index.mdx"));
    assert!(
        index.contains("schemaPath: \"schema.json\"")
            && index.contains("content: \"POST /orders\""),
        "{index}"
    );
    let schema: serde_json::Value =
        serde_json::from_str(page(&files, &format!("{dir}/schema.json"))).unwrap();
    assert_eq!(schema["properties"]["total"]["format"], "decimal");
    let event: serde_json::Value = serde_json::from_str(page(
        &files,
        "domains/Sales/subdomains/Ordering/services/Orders/events/Placed/schema.json",
    ))
    .unwrap();
    assert_eq!(event["properties"]["order"]["$ref"], "#/$defs/OrderId");
}
