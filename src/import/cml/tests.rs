//! Unit tests of the CML import, construct by construct, asserted on the
//! lowered trees and the diagnostics (with their CML locations).

use super::*;
use crate::syntax::ast::{
    Context, MessageKind, Relationship, TypeExpr, TypeExprKind, TypeKind, Via,
};

pub(super) fn import_text(text: &str) -> Import {
    let mut sources = SourceMap::default();
    sources.add("model.cml".into(), text.to_string());
    import(sources, Vec::new())
}

/// Every diagnostic as `CODE line:column`.
fn located(i: &Import) -> Vec<String> {
    i.checked
        .outcome
        .diagnostics
        .iter()
        .map(|d| {
            let lc = i
                .checked
                .sources
                .file(d.span.file)
                .line_col(d.span.start as usize);
            format!("{} {}:{}", d.code, lc.line, lc.column)
        })
        .collect()
}

fn has(i: &Import, code: Code) -> bool {
    i.checked.outcome.diagnostics.iter().any(|d| d.code == code)
}

fn errors(i: &Import) -> Vec<String> {
    i.checked
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

fn ctx<'i>(i: &'i Import, name: &str) -> &'i Context {
    i.trees
        .iter()
        .flat_map(|t| t.contexts.iter())
        .find(|c| c.name.name == name)
        .unwrap_or_else(|| panic!("no context {name}"))
}

fn ty(t: &TypeExpr) -> String {
    match &t.kind {
        TypeExprKind::Named(p) => p.text(),
        TypeExprKind::List(x) => format!("list<{}>", ty(x)),
        TypeExprKind::Map(x) => format!("map<{}>", ty(x)),
        TypeExprKind::Optional(x) => format!("{}?", ty(x)),
    }
}

fn rel(r: &Relationship) -> String {
    let roles = |v: &[crate::syntax::ast::Spanned<crate::syntax::ast::Role>]| {
        if v.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = v.iter().map(|x| x.value.as_str()).collect();
            format!(" [{}]", names.join(","))
        }
    };
    let arrow = match r.arrow.value {
        crate::syntax::ast::Arrow::Directed => "->",
        crate::syntax::ast::Arrow::Symmetric => "<->",
    };
    let pattern = r
        .pattern
        .map(|p| format!(" : {}", p.value.as_str()))
        .unwrap_or_default();
    format!(
        "{}{} {arrow}{} {}{pattern}",
        r.left.name,
        roles(&r.left_roles),
        roles(&r.right_roles),
        r.right.name
    )
}

fn rels(i: &Import) -> Vec<String> {
    i.trees
        .iter()
        .flat_map(|t| t.maps.iter())
        .flat_map(|m| m.relationships.iter())
        .map(rel)
        .collect()
}

fn two(relationship: &str) -> String {
    format!("ContextMap M {{\n  contains A, B\n  {relationship}\n}}\nBoundedContext A\nBoundedContext B\n")
}

#[test]
fn every_relationship_notation() {
    let cases = [
        ("A [U,OHS,PL]->[D,ACL] B", "A [OHS,PL] -> [ACL] B"),
        ("B [D,ACL]<-[U,OHS,PL] A", "A [OHS,PL] -> [ACL] B"),
        ("A -> B", "A -> B"),
        ("B <- A", "A -> B"),
        ("A [U,S]->[D,C] B", "A -> B : customer-supplier"),
        ("B [D,C]<-[U,S] A", "A -> B : customer-supplier"),
        ("A Upstream-Downstream B", "A -> B"),
        ("B Downstream-Upstream [OHS,PL]A", "A [OHS,PL] -> B"),
        (
            "A[OHS,PL] Upstream-Downstream [CF]B",
            "A [OHS,PL] -> [CF] B",
        ),
        ("B Customer-Supplier A", "A -> B : customer-supplier"),
        ("A Supplier-Customer B", "A -> B : customer-supplier"),
        ("A [P]<->[P] B", "A <-> B : partnership"),
        ("A Partnership B", "A <-> B : partnership"),
        ("A [SK]<->[SK] B", "A <-> B : shared-kernel"),
        ("A Shared-Kernel B", "A <-> B : shared-kernel"),
        ("A <-> B", "A <-> B : shared-kernel"),
        ("A [OHS, PL]->[CF] B", "A [OHS,PL] -> [CF] B"),
    ];
    for (cml, want) in cases {
        let i = import_text(&two(cml));
        assert_eq!(rels(&i), [want], "{cml}");
        assert!(errors(&i).is_empty(), "{cml}: {:?}", errors(&i));
    }
}

#[test]
fn relationship_name_and_attributes_become_docs() {
    let i = import_text(&two(
        "A [U,OHS]->[D,ACL] B : Billing {\n    implementationTechnology = \"RESTful HTTP\"\n    exposedAggregates = Orders, Lines\n    downstreamRights = INFLUENCER\n  }",
    ));
    let r = &i.trees[0].maps[0].relationships[0];
    let docs = r.docs.as_deref().unwrap();
    assert!(docs.contains("relationship `Billing`"), "{docs}");
    assert!(docs.contains("Implementation technology: RESTful HTTP."));
    assert!(docs.contains("Exposed aggregates: Orders, Lines."));
    assert!(docs.contains("Downstream rights: INFLUENCER."));
}

#[test]
fn duplicates_merge_and_conflicts_keep_the_first() {
    let same = import_text(&two("A [U]->[D] B\n  B Downstream-Upstream A"));
    assert_eq!(rels(&same), ["A -> B"]);
    assert!(
        located(&same).contains(&"I204 4:3".to_string()),
        "{:?}",
        located(&same)
    );
    let sym = import_text(&two("A [P]<->[P] B\n  B Partnership A"));
    assert_eq!(rels(&sym), ["A <-> B : partnership"]);
    assert!(has(&sym, Code::I204));
    let conflict = import_text(&two("A [U,OHS]->[D,ACL] B\n  B [U]->[D] A"));
    assert_eq!(rels(&conflict), ["A [OHS] -> [ACL] B"]);
    let d = conflict
        .checked
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code == Code::I203)
        .expect("I203");
    assert_eq!(d.labels.len(), 1, "points at the kept one too");
    assert!(errors(&conflict).is_empty());
}

#[test]
fn roles_ddgen_rejects_are_dropped_with_a_warning() {
    let i = import_text(&two("A [U,S,OHS]->[D,C,CF] B"));
    assert_eq!(rels(&i), ["A -> B : customer-supplier"]);
    assert_eq!(
        i.checked
            .outcome
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::I208)
            .count(),
        2
    );
    let i = import_text(&two("A [U]->[D,ACL,CF] B"));
    assert_eq!(rels(&i), ["A -> [ACL] B"]);
    let i = import_text(&two("A [SK,OHS]<->[SK] B"));
    assert_eq!(rels(&i), ["A <-> B : shared-kernel"]);
    assert!(has(&i, Code::I208));
    assert!(errors(&i).is_empty());
}

#[test]
fn relationships_without_messages_are_allowed_in_the_map() {
    let i = import_text(&two("A [U]->[D] B"));
    let allows = &i.trees[0].allows;
    assert_eq!(allows.len(), 1);
    assert_eq!(allows[0].code.name, "W106");
    assert!(!has(&i, Code::W106) && !has(&i, Code::W112));
    assert_eq!(i.checked.outcome.allowed, 1);
    // With a flow behind the relationship there is nothing to allow.
    let i = import_text(
        "ContextMap M {\n contains A, B\n A [U]->[D] B\n}\nBoundedContext A {\n Aggregate X { Entity X { aggregateRoot String n } }\n}\nBoundedContext B {\n Aggregate Y { Entity Y { aggregateRoot - X x } }\n}\n",
    );
    assert!(i.trees.iter().all(|t| t.allows.is_empty()));
    assert_eq!(ty(&ctx(&i, "B").types[1].fields[1].ty), "A.XId");
}

#[test]
fn team_contexts_become_teams_and_owners() {
    let i = import_text(
        "ContextMap M {\n contains A, T1, T2\n T1 [U]->[D] T2\n}\nBoundedContext A {\n Aggregate X { owner T2\n Entity X { aggregateRoot } }\n}\nBoundedContext T1 realizes A { type = TEAM\n domainVisionStatement = \"Builds A.\" }\nBoundedContext T2 { type TEAM }\n",
    );
    let teams: Vec<&str> = i.trees[0]
        .teams
        .iter()
        .map(|t| t.name.name.as_str())
        .collect();
    assert_eq!(teams, ["T1", "T2"]);
    assert_eq!(i.trees[0].teams[0].docs.as_deref(), Some("Builds A."));
    assert_eq!(ctx(&i, "A").owner.as_ref().unwrap().name, "T1");
    assert!(
        rels(&i).is_empty(),
        "team relationships are not map entries"
    );
    assert!(
        located(&i).contains(&"I202 3:2".to_string()),
        "{:?}",
        located(&i)
    );
    assert!(
        located(&i).contains(&"I202 6:16".to_string()),
        "second owner noted: {:?}",
        located(&i)
    );
}

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

#[test]
fn constructs_without_counterpart_are_noted_where_they_are() {
    let i = import_text(
        "BoundedContext A {\n Module m {\n  Aggregate X {\n   Entity X { aggregateRoot }\n   Repository XRepository { @X find(); }\n  }\n }\n}\nUseCase U { actor \"clerk\" }\nUserStory S\nStakeholders of A { Stakeholder B }\nValueRegister V for A { Value W }\n",
    );
    let l = located(&i);
    for at in [
        "I202 2:9",
        "I202 5:4",
        "I202 9:1",
        "I202 10:1",
        "I202 11:1",
        "I202 12:1",
    ] {
        assert!(l.contains(&at.to_string()), "{at} in {l:?}");
    }
    assert!(!i.syntax_errors);
    assert!(
        ctx(&i, "A").types.iter().any(|t| t.name.name == "X"),
        "the module's aggregate is imported"
    );
}

#[test]
fn syntax_errors_have_locations_and_stop_the_import() {
    let cases = [
        ("BoundedContext A {\n", "I201 1:18"),
        ("BoundedContext A }\n", "I201 1:18"),
        ("ContextMap M {\n  A => B\n}\n", "I201 2:3"),
        ("BoundedContext A\n%%% what\n", "I201 2:1"),
        ("BoundedContext A { type \"x }\n", "I201 1:25"),
        ("/* open\nBoundedContext A\n", "I201 1:1"),
    ];
    for (text, want) in cases {
        let i = import_text(text);
        assert!(i.syntax_errors, "{text}");
        assert!(
            located(&i).contains(&want.to_string()),
            "{text}: {:?}",
            located(&i)
        );
        assert!(
            i.trees.iter().all(|t| t.contexts.is_empty()),
            "nothing lowered"
        );
    }
}

#[test]
fn not_utf8_is_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.cml");
    std::fs::write(&p, b"BoundedContext A \xff\n").unwrap();
    let mut diags = Vec::new();
    let sources = crate::load::read_files(&[p], &mut diags).unwrap();
    let i = import(sources, diags);
    assert!(i.syntax_errors);
    assert!(has(&i, Code::I201));
}

/// The explanation of each I2xx code: its CML example shows the code, and
/// the fixed example does not (nor any error).
#[test]
fn explain_examples_show_their_code() {
    let mut failures = Vec::new();
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with('I')) {
        let text = crate::explain::text(*code);
        let blocks: Vec<&str> = text
            .split("```cml\n")
            .skip(1)
            .map(|b| &b[..b.find("```").unwrap_or(b.len())])
            .collect();
        let [bad, .., good] = blocks.as_slice() else {
            failures.push(format!("{code}: needs a bad and a fixed example"));
            continue;
        };
        let bad = import_text(bad);
        let good = import_text(good);
        if !has(&bad, *code) {
            failures.push(format!("{code}: example gives {:?}", located(&bad)));
        }
        if has(&good, *code) || !errors(&good).is_empty() {
            failures.push(format!("{code}: fixed example gives {:?}", located(&good)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn import_twice_is_byte_identical() {
    let text = "ContextMap M {\n contains A, B\n A [U,OHS]->[D,ACL] B\n}\n// note\nBoundedContext A { Aggregate X { Entity X { aggregateRoot String n } } }\nBoundedContext B\n";
    let a = print(&import_text(text));
    let b = print(&import_text(text));
    assert_eq!(a, b);
    assert!(a[0].contains("// note"), "comments carried: {}", a[0]);
}

#[test]
fn keywords_of_ddgen_and_duplicates_inside_a_declaration() {
    let d = import_text("BoundedContext A {\n Aggregate X {\n  Entity X { aggregateRoot }\n  DomainEvent returns\n }\n}\n");
    assert!(ctx(&d, "A")
        .messages
        .iter()
        .any(|m| m.name.name == "returnsEvent"));
    assert!(
        located(&d).contains(&"I207 4:15".to_string()),
        "{:?}",
        located(&d)
    );
    let i = import_text("BoundedContext A {\n Aggregate X {\n  Entity X { aggregateRoot\n   emits e\n   String n\n   int n }\n  enum S { ON, OFF, ON }\n  Service V { void go(String a, int a); }\n }\n}\n");
    let c = ctx(&i, "A");
    assert!(
        c.types.iter().any(|t| t.name.name == "emitsType"),
        "a type named like a keyword is renamed"
    );
    for at in ["I206 4:4", "I202 6:4", "I202 7:21", "I202 8:37"] {
        assert!(
            located(&i).contains(&at.to_string()),
            "{at}: {:?}",
            located(&i)
        );
    }
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
    let printed = print(&i).remove(0);
    assert!(crate::fmt::format_source(&printed).is_ok(), "{printed}");
}

#[test]
fn imports_are_followed_only_by_naming_the_file() {
    let alone = import_text("import \"./other.cml\"\nBoundedContext A\n");
    assert!(
        located(&alone).contains(&"I202 1:8".to_string()),
        "{:?}",
        located(&alone)
    );
    let mut sources = SourceMap::default();
    sources.add("dir/main.cml".into(), "import \"./other.cml\"\nBoundedContext A {\n Aggregate X { Entity X { aggregateRoot\n - Y y } }\n}\n".into());
    sources.add(
        "dir/other.cml".into(),
        "BoundedContext B {\n Aggregate Y { Entity Y { aggregateRoot } }\n}\n".into(),
    );
    let both = import(sources, Vec::new());
    assert!(!has(&both, Code::I202), "{:?}", located(&both));
    // A type of the other file is a reference across contexts and files.
    assert_eq!(ty(&ctx(&both, "A").types[1].fields[1].ty), "B.YId");
    assert_eq!(
        both.trees[1].contexts[0].name.name, "B",
        "each file's declarations stay in its tree"
    );
}

#[test]
fn http_paths_stay_unique_when_names_spell_alike() {
    let i = import_text("BoundedContext A {\n Aggregate X {\n  CommandEvent Get_X\n  Service S { void getX(String q); }\n }\n}\n");
    let paths: Vec<String> = ctx(&i, "A")
        .messages
        .iter()
        .filter_map(|m| match &m.via.as_ref()?.value {
            Via::Http { path, .. } => Some(path.value.clone()),
            Via::Queue => None,
        })
        .collect();
    // `getX` would be `GetX`, one generated name with `Get_X` (E017), so it
    // is claimed as `GetXCommand` instead.
    assert_eq!(paths, ["/a/get-x", "/a/get-x-command"]);
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
}
