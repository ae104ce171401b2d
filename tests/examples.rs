//! Every example model checks with no errors and no warnings, and between
//! them they use every construct of the language.

use ddgen::check::{check_paths, Options};
use ddgen::model::*;
use std::path::PathBuf;

fn examples() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "ddd"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_example_checks_clean() {
    let all = examples();
    assert!(all.len() >= 3, "at least three examples");
    assert!(
        all.iter().any(|p| p.is_dir()),
        "one example is a folder of several files"
    );
    for path in all {
        let checked = check_paths(std::slice::from_ref(&path), &Options::default()).unwrap();
        let text = ddgen::render::render(
            ddgen::render::Format::Short,
            &checked.sources,
            &checked.outcome,
            false,
        );
        assert_eq!(
            checked.outcome.diagnostics.len(),
            0,
            "{}:\n{text}",
            path.display()
        );
    }
}

#[test]
fn examples_cover_every_construct() {
    let mut seen = std::collections::BTreeSet::new();
    for path in examples() {
        let c = check_paths(&[path], &Options::default()).unwrap();
        let m = &c.model;
        let mut see = |what: &str, yes: bool| {
            if yes {
                seen.insert(what.to_string());
            }
        };
        see("system", m.system.span.is_some());
        see(
            "broker sns",
            m.system.span.is_some() && m.system.broker == Broker::Sns,
        );
        see("broker eventbridge", m.system.broker == Broker::EventBridge);
        see("map", m.map.is_some());
        see(
            "capability",
            m.subdomains.iter().any(|s| s.kind == PartKind::Capability),
        );
        for class in [
            Classification::Core,
            Classification::Supporting,
            Classification::Generic,
        ] {
            see(
                class.as_str(),
                m.subdomains.iter().any(|s| s.class == class),
            );
        }
        see("team contact", m.teams.iter().any(|t| t.contact.is_some()));
        see(
            "store none",
            m.contexts.iter().any(|c| c.store == Store::None),
        );
        see(
            "store dynamodb",
            m.contexts.iter().any(|c| c.store == Store::DynamoDb),
        );
        see(
            "language",
            m.contexts.iter().any(|c| !c.language.is_empty()),
        );
        see(
            "deploy",
            m.contexts.iter().any(|c| c.deploy.concurrency.is_some()),
        );
        see("owner", m.contexts.iter().any(|c| c.owner.is_some()));
        see(
            "docs",
            m.contexts.iter().any(|c| c.docs.is_some())
                && m.types
                    .iter()
                    .any(|t| t.fields.iter().any(|f| f.docs.is_some())),
        );
        for kind in ["id", "enum", "value", "entity", "aggregate"] {
            see(kind, m.types.iter().any(|t| t.kind.as_str() == kind));
        }
        let all_refs = m
            .types
            .iter()
            .flat_map(|t| &t.fields)
            .chain(m.messages.iter().flat_map(|x| &x.fields))
            .map(|f| &f.ty);
        for r in all_refs {
            let mut stack = vec![r];
            while let Some(t) = stack.pop() {
                match t {
                    TypeRef::Primitive(p) => see(p.as_str(), true),
                    TypeRef::List(i) => {
                        see("list", true);
                        stack.push(i)
                    }
                    TypeRef::Map(i) => {
                        see("map<T>", true);
                        stack.push(i)
                    }
                    TypeRef::Optional(i) => {
                        see("optional", true);
                        stack.push(i)
                    }
                    TypeRef::Named(id)
                        if m.type_def(*id).context
                            != m.types
                                .iter()
                                .find(|t| t.fields.iter().any(|f| &f.ty == r))
                                .map(|t| t.context)
                                .unwrap_or(m.type_def(*id).context) =>
                    {
                        see("cross-context type", true)
                    }
                    _ => {}
                }
            }
        }
        for msg in &m.messages {
            see(msg.kind.as_str(), true);
            see(
                "internal event",
                msg.kind == MessageKind::Event && msg.internal,
            );
            see(
                "internal command",
                msg.kind == MessageKind::Command && msg.via.is_none(),
            );
            see("via queue", msg.is_queue());
            see("returns", msg.returns.is_some());
            see("emits several", msg.emits.len() > 1);
            if let Some(Via::Http { method, .. }) = &msg.via {
                see(method.as_str(), true);
            }
        }
        see(
            "subscribe settings",
            m.subscriptions
                .iter()
                .any(|s| s.batch != defaults::BATCH || s.window_ms != 0),
        );
        see("calls", m.uses.iter().any(|u| u.kind == UseKind::Calls));
        see("sends", m.uses.iter().any(|u| u.kind == UseKind::Sends));
        see("allow", !m.allows.is_empty());
        if let Some(map) = &m.map {
            for r in &map.relationships {
                for role in r.roles() {
                    see(role.value.as_str(), true);
                }
                if let Some(p) = r.pattern {
                    see(p.value.as_str(), true);
                }
            }
        }
    }
    let expected = [
        "system",
        "broker sns",
        "broker eventbridge",
        "map",
        "capability",
        "core",
        "supporting",
        "generic",
        "team contact",
        "store none",
        "store dynamodb",
        "language",
        "deploy",
        "owner",
        "docs",
        "id",
        "enum",
        "value",
        "entity",
        "aggregate",
        "string",
        "int",
        "float",
        "decimal",
        "bool",
        "date",
        "datetime",
        "uuid",
        "bytes",
        "json",
        "list",
        "map<T>",
        "optional",
        "command",
        "query",
        "event",
        "internal event",
        "internal command",
        "via queue",
        "returns",
        "emits several",
        "GET",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "subscribe settings",
        "calls",
        "sends",
        "allow",
        "OHS",
        "PL",
        "ACL",
        "CF",
        "customer-supplier",
        "partnership",
        "shared-kernel",
        "separate-ways",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|e| !seen.contains(*e))
        .collect();
    assert!(missing.is_empty(), "no example shows: {missing:?}");
}

#[test]
fn readme_model_checks_clean() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let start = readme.find("```ddd\n").expect("README shows a model") + 7;
    let end = start + readme[start..].find("```").unwrap();
    let mut sources = ddgen::source::SourceMap::default();
    sources.add("readme.ddd".into(), readme[start..end].to_string());
    let checked = ddgen::check::check_sources(sources, Vec::new(), &Options::default());
    assert!(
        checked.outcome.diagnostics.is_empty(),
        "{:#?}",
        checked.outcome.diagnostics
    );
}
