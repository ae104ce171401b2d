//! Domains, aggregates and identities, types across contexts, messages,
//! flows, renames, cycles and docs.

use super::*;

#[test]
fn domains_and_subdomains() {
    let i = import_text(
        "Domain D {\n domainVisionStatement = \"All of it.\"\n Subdomain Core { type = CORE_DOMAIN\n domainVisionStatement \"The heart.\" }\n Subdomain Sup { type SUPPORTING_DOMAIN }\n Subdomain Gen { type = GENERIC_SUBDOMAIN }\n}\nBoundedContext A implements Core, D, Nowhere\n",
    );
    let d = &i.trees[0].domains[0];
    assert_eq!(d.vision.as_ref().unwrap().value, "All of it.");
    let parts: Vec<(&str, &str)> = d
        .parts
        .iter()
        .map(|p| (p.name.name.as_str(), p.class.unwrap().value.as_str()))
        .collect();
    assert_eq!(
        parts,
        [("Core", "core"), ("Sup", "supporting"), ("Gen", "generic")]
    );
    let a = ctx(&i, "A");
    assert_eq!(
        a.implements.iter().map(|p| p.text()).collect::<Vec<_>>(),
        ["D.Core"]
    );
    // A whole domain and an unknown name are noted where they are written.
    assert!(
        located(&i).contains(&"I202 8:35".to_string()),
        "{:?}",
        located(&i)
    );
    assert!(
        located(&i).contains(&"I202 8:38".to_string()),
        "{:?}",
        located(&i)
    );
}

#[test]
fn aggregates_roots_identities_and_references_by_id() {
    let i = import_text(
        "BoundedContext Sales {\n Aggregate Orders {\n  Entity Order {\n   aggregateRoot\n   - OrderId orderId\n   - Customer buyer\n   - List<OrderLine> lines\n   Set<String> tags\n   BigDecimal total\n   Date placed\n   - Status status\n  }\n  ValueObject OrderId { long value key }\n  Entity OrderLine { String sku  int quantity }\n  enum Status { OPEN, CLOSED }\n }\n Aggregate Customers {\n  Entity Customer { aggregateRoot\n String name key }\n }\n}\n",
    );
    let c = ctx(&i, "Sales");
    let decl = |n: &str| {
        c.types
            .iter()
            .find(|t| t.name.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert!(matches!(
        decl("OrderId").kind,
        TypeKind::Id(crate::syntax::ast::IdBase::Int)
    ));
    let order = decl("Order");
    assert!(matches!(order.kind, TypeKind::Aggregate));
    let fields: Vec<String> = order
        .fields
        .iter()
        .map(|f| format!("{}: {}", f.name.name, ty(&f.ty)))
        .collect();
    assert_eq!(
        fields,
        [
            "orderId: OrderId",
            "buyer: CustomerId",
            "lines: list<OrderLine>",
            "tags: list<string>",
            "total: decimal",
            "placed: date",
            "status: Status",
        ]
    );
    assert!(matches!(decl("OrderLine").kind, TypeKind::Entity));
    assert!(matches!(decl("Status").kind, TypeKind::Enum(_)));
    // A string key becomes a string identity, first field.
    assert!(matches!(
        decl("CustomerId").kind,
        TypeKind::Id(crate::syntax::ast::IdBase::String)
    ));
    assert_eq!(ty(&decl("Customer").fields[0].ty), "CustomerId");
    assert_eq!(decl("Customer").fields[0].name.name, "name");
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
}

#[test]
fn undeclared_types_become_empty_values() {
    let i = import_text("BoundedContext A {\n Aggregate X {\n  Entity X { aggregateRoot\n   PaymentStatus status\n   - PaymentStatus again }\n }\n}\n");
    let c = ctx(&i, "A");
    assert!(c
        .types
        .iter()
        .any(|t| t.name.name == "PaymentStatus" && t.fields.is_empty()));
    assert_eq!(
        located(&i).iter().filter(|l| l.starts_with("I206")).count(),
        1
    );
    assert!(
        located(&i).contains(&"I206 4:4".to_string()),
        "{:?}",
        located(&i)
    );
}

#[test]
fn cross_context_types_follow_the_map() {
    let text = "ContextMap M {\n contains Sales, Billing\n Sales [U]->[D] Billing\n}\nBoundedContext Sales {\n Aggregate O { Entity Order { aggregateRoot - Invoice invoice } }\n}\nBoundedContext Billing {\n Aggregate I { Entity Invoice { aggregateRoot String number } }\n}\n";
    let i = import_text(text);
    // Sales is upstream, so it may not use Billing's type: replaced, reported.
    assert_eq!(ty(&ctx(&i, "Sales").types[1].fields[1].ty), "uuid");
    assert!(
        located(&i).contains(&"I205 6:47".to_string()),
        "{:?}",
        located(&i)
    );
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
    let turned = text.replace("Sales [U]->[D] Billing", "Billing [U]->[D] Sales");
    let i = import_text(&turned);
    assert_eq!(
        ty(&ctx(&i, "Sales").types[1].fields[1].ty),
        "Billing.InvoiceId"
    );
    assert!(!has(&i, Code::I205));
}

#[test]
fn events_commands_operations_and_transports() {
    let i = import_text(
        "ContextMap M {\n contains Claims, Web\n Claims [U,OHS]->[D] Web { implementationTechnology = \"RabbitMQ\" }\n}\nBoundedContext Claims {\n Aggregate Claims {\n  Entity Claim { aggregateRoot String text }\n  abstract DomainEvent ClaimEvent { Date at }\n  DomainEvent ClaimFiled extends @ClaimEvent { String text }\n  CommandEvent FileClaim { String text }\n  Service ClaimService {\n   @ClaimFiled file(@FileClaim cmd);\n   void close(@Claim claim, String reason) : write [OPEN -> CLOSED];\n   @Claim find(String id) : read-only;\n  }\n }\n}\nBoundedContext Web\n",
    );
    let c = ctx(&i, "Claims");
    let m = |n: &str| {
        c.messages
            .iter()
            .find(|m| m.name.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    let filed = m("ClaimFiled");
    assert_eq!(filed.kind, MessageKind::Event);
    let names: Vec<&str> = filed.fields.iter().map(|f| f.name.name.as_str()).collect();
    assert_eq!(names, ["at", "text"], "inherited fields first");
    let file = m("FileClaim");
    assert_eq!(
        file.emits.iter().map(|e| e.text()).collect::<Vec<_>>(),
        ["ClaimFiled"]
    );
    assert!(
        matches!(file.via.as_ref().unwrap().value, Via::Queue),
        "RabbitMQ → queue"
    );
    let close = m("Close");
    assert_eq!(close.kind, MessageKind::Command);
    assert_eq!(ty(&close.fields[0].ty), "ClaimId");
    let find = m("Find");
    assert_eq!(find.kind, MessageKind::Query);
    assert!(
        matches!(&find.via.as_ref().unwrap().value, Via::Http { path, .. } if path.value == "/claims/find")
    );
    assert!(
        !c.messages.iter().any(|m| m.name.name == "ClaimEvent"),
        "abstract events are flattened"
    );
    assert!(has(&i, Code::I202), "state transition noted");
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
}

#[test]
fn flows_emit_and_trigger_across_contexts() {
    let i = import_text(
        "ContextMap M {\n contains Claims, Payments\n Claims [U]->[D] Payments\n}\nBoundedContext Claims {\n Application {\n  Command Accept\n  Flow F {\n   command Accept emits event Accepted\n   event Accepted triggers command Notify X Archive\n  }\n }\n Aggregate C { DomainEvent Accepted }\n}\nBoundedContext Payments {\n Application {\n  Flow P {\n   event Accepted triggers command Pay\n   command Pay delegates to Payment [OPEN -> PAID] emits event Paid\n  }\n }\n}\n",
    );
    let claims = ctx(&i, "Claims");
    let m = |c: &'_ Context, n: &str| -> Vec<String> {
        let m = c
            .messages
            .iter()
            .find(|m| m.name.name == n)
            .unwrap_or_else(|| panic!("{n}"));
        m.emits.iter().map(|e| e.text()).collect()
    };
    assert_eq!(m(claims, "Accept"), ["Accepted"]);
    for n in ["Notify", "Archive"] {
        let docs = claims
            .messages
            .iter()
            .find(|m| m.name.name == n)
            .unwrap()
            .docs
            .clone();
        assert!(
            docs.unwrap().contains("Triggered by event `Accepted`"),
            "{n}"
        );
    }
    let payments = ctx(&i, "Payments");
    assert_eq!(
        payments
            .subscriptions
            .iter()
            .map(|s| s.target.text())
            .collect::<Vec<_>>(),
        ["Claims.Accepted"]
    );
    assert_eq!(m(payments, "Pay"), ["Paid"]);
    assert!(has(&i, Code::I202), "delegation noted");
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
    assert!(
        !has(&i, Code::W106),
        "the subscription is the flow behind the relationship"
    );
}

#[test]
fn clashing_names_are_renamed() {
    let i = import_text("BoundedContext A {\n Aggregate X {\n  Entity Claim { aggregateRoot }\n  DomainEvent Claim\n }\n}\n");
    let c = ctx(&i, "A");
    assert!(c.messages.iter().any(|m| m.name.name == "ClaimEvent"));
    assert!(
        located(&i).contains(&"I207 4:15".to_string()),
        "{:?}",
        located(&i)
    );
    assert!(errors(&i).is_empty());
}

#[test]
fn containment_cycles_are_broken() {
    let i = import_text(
        "BoundedContext A {\n Entity Order { - Line line }\n Entity Line { - Order order }\n}\n",
    );
    assert!(
        located(&i).contains(&"I209 3:16".to_string()),
        "{:?}",
        located(&i)
    );
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
    let line = ctx(&i, "A")
        .types
        .iter()
        .find(|t| t.name.name == "Line")
        .unwrap();
    assert_eq!(ty(&line.fields[0].ty), "Order?");
}

#[test]
fn doc_comments_and_hints_become_docs() {
    let i = import_text("/**\n * Sells things.\n */\nBoundedContext A {\n Aggregate X {\n  \"role: Customer\"\n  CommandEvent Buy\n }\n}\n");
    assert!(ctx(&i, "A")
        .docs
        .as_deref()
        .unwrap()
        .starts_with("Sells things.\n"));
    assert_eq!(
        ctx(&i, "A").messages[0].docs.as_deref(),
        Some("role: Customer")
    );
}
