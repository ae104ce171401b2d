//! `ddgen map --level domain`: subdomains and capabilities as nodes, with
//! the relationships of their contexts aggregated, and `--focus` on it.

use ddgen::check::{check_paths, Options};
use ddgen::map::{build, Level, MapOptions, MapView};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn retail() -> ddgen::check::Checked {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/retail");
    check_paths(&[path], &Options::default()).unwrap()
}

fn views(focus: &[&str]) -> (MapView, MapView) {
    let checked = retail();
    let model = checked.valid_model().unwrap();
    let focus: Vec<_> = focus
        .iter()
        .map(|n| model.contexts.iter().find(|c| &c.name == n).unwrap().id)
        .collect();
    let options = |level| MapOptions {
        focus: focus.clone(),
        flows: false,
        level,
    };
    (
        build(model, &options(Level::Context)),
        build(model, &options(Level::Domain)),
    )
}

/// The part a context stands for at domain level.
fn part_of(v: &MapView, context: &str) -> String {
    v.nodes
        .iter()
        .find(|n| n.contexts.iter().any(|c| c == context))
        .unwrap_or_else(|| panic!("{context} is in no node"))
        .name
        .clone()
}

#[test]
fn parts_are_nodes_and_relationships_aggregate() {
    let (ctx, dom) = views(&[]);
    // Every context is in exactly one node; nodes are parts of its domain.
    let mut all: Vec<&String> = dom.nodes.iter().flat_map(|n| &n.contexts).collect();
    all.sort();
    let mut names: Vec<&String> = ctx.nodes.iter().map(|n| &n.name).collect();
    names.sort();
    assert_eq!(all, names);
    for n in &dom.nodes {
        for c in &n.contexts {
            let c = ctx.nodes.iter().find(|x| &x.name == c).unwrap();
            assert_eq!(ctx.groups[c.group].name, dom.groups[n.group].name);
        }
    }
    // Exactly the context edges between different parts, once per pair.
    let expected: BTreeSet<(String, String)> = ctx
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (
                part_of(&dom, &ctx.nodes[e.from].name),
                part_of(&dom, &ctx.nodes[e.to].name),
            );
            if e.symmetric() && a > b {
                (b, a)
            } else {
                (a, b)
            }
        })
        .filter(|(a, b)| a != b)
        .collect();
    let drawn: Vec<(String, String)> = dom
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (dom.nodes[e.from].name.clone(), dom.nodes[e.to].name.clone());
            if e.symmetric() && a > b {
                (b, a)
            } else {
                (a, b)
            }
        })
        .collect();
    assert_eq!(drawn.len(), expected.len(), "one edge per pair: {drawn:?}");
    assert_eq!(drawn.into_iter().collect::<BTreeSet<_>>(), expected);
    // Flows are the union of the flows behind each edge.
    for e in &dom.edges {
        let (a, b) = (&dom.nodes[e.from], &dom.nodes[e.to]);
        for ce in &ctx.edges {
            let (ca, cb) = (&ctx.nodes[ce.from].name, &ctx.nodes[ce.to].name);
            let same = (a.contexts.contains(ca) && b.contexts.contains(cb))
                || (e.symmetric() && a.contexts.contains(cb) && b.contexts.contains(ca));
            if same {
                for f in &ce.flows {
                    assert!(
                        e.flows.contains(f),
                        "{f} missing on {} → {}",
                        a.name,
                        b.name
                    );
                }
            }
        }
    }
}

#[test]
fn focus_works_at_domain_level() {
    let (ctx, dom) = views(&["LegacyErp"]);
    let focused: Vec<&str> = dom
        .nodes
        .iter()
        .filter(|n| n.focused)
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(focused, vec![part_of(&dom, "LegacyErp").as_str()]);
    // Only the focused context's neighbours' parts are drawn.
    let parts: BTreeSet<String> = ctx.nodes.iter().map(|n| part_of(&dom, &n.name)).collect();
    assert_eq!(
        parts,
        dom.nodes
            .iter()
            .map(|n| n.name.clone())
            .collect::<BTreeSet<_>>()
    );
    assert!(dom.nodes.len() < views(&[]).1.nodes.len());
}

#[test]
fn the_cli_draws_the_domain_level_in_every_format() {
    let bin = env!("CARGO_BIN_EXE_ddgen");
    let retail = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/retail");
    for format in ["svg", "html", "mermaid", "dot", "plantuml"] {
        let out = Command::new(bin)
            .args([
                "map", "--level", "domain", "--format", format, "--focus", "Orders",
            ])
            .arg(&retail)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Ordering"),
            "{format}: the Orders context's subdomain"
        );
        if format == "dot" {
            if let Ok(mut child) = Command::new("dot")
                .arg("-Tsvg")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .spawn()
            {
                use std::io::Write;
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(text.as_bytes())
                    .unwrap();
                assert!(
                    child.wait().unwrap().success(),
                    "dot accepts the domain-level DOT"
                );
            }
        }
    }
    let out = Command::new(bin)
        .args(["map", "--level", "nope"])
        .arg(&retail)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
