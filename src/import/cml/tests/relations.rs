//! The context map: every relationship notation, names and attributes,
//! duplicates and conflicts, roles, teams.

use super::*;

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
