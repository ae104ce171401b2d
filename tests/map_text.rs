//! The text formats of `ddgen map` (Mermaid, DOT, PlantUML): insta snapshots
//! of every example, and validity checks with the real tools.
//!
//! The tool checks run when the tool is installed; when it is not, they print
//! a note and pass, unless `DDGEN_REQUIRE_TOOLS=1` (set in CI), where a
//! missing tool fails the test. Tools: Graphviz `dot`; `node` with
//! `npm ci --prefix tests/browser` and Chromium at `/usr/bin/chromium` (or
//! `DDGEN_CHROMIUM`) for Mermaid; `plantuml` (optional, never required).

use ddgen::check::{check_paths, Options};
use ddgen::map::view::{Declared, Edge, Group, Node, Part};
use ddgen::map::{build, dot, mermaid, plantuml, MapOptions, MapView};
use ddgen::model::{Arrow, Classification, PartKind, Pattern, Role};
use std::path::{Path, PathBuf};
use std::process::Command;

const EXAMPLES: [(&str, &str); 3] = [
    ("retail", "examples/retail"),
    ("insurance", "examples/insurance.ddd"),
    ("clinic", "examples/clinic.ddd"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A declared map that misses one relationship the messages imply (W105).
const IMPLIED: &str = r#"
domain Shop {
  subdomain Selling : core
  subdomain Telling
}
team Sales {}
context Up {
  implements Selling
  owner Sales
  event Happened { n: int }
}
context Side {
  implements Telling
  event Noted { n: int }
}
context Down {
  implements Telling
  subscribe Up.Happened
  subscribe Side.Noted
}
map Partial {
  Side [OHS] -> [CF] Down
}
"#;

/// The map view of the IMPLIED model.
fn implied_view() -> MapView {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("implied.ddd");
    std::fs::write(&file, IMPLIED).unwrap();
    let checked = check_paths(&[file], &Options::default()).unwrap();
    let model = checked.valid_model().expect("no errors");
    build(model, &MapOptions::default())
}

/// The map view of an example; `focus` names contexts.
fn view_of(path: &str, focus: &[&str], flows: bool) -> MapView {
    let checked = check_paths(&[root().join(path)], &Options::default()).unwrap();
    let model = checked.valid_model().expect("example has no errors");
    let focus = focus
        .iter()
        .map(|name| {
            model
                .contexts
                .iter()
                .find(|c| c.name == *name)
                .unwrap_or_else(|| panic!("no context {name}"))
                .id
        })
        .collect();
    build(
        model,
        &MapOptions {
            focus,
            flows,
            ..MapOptions::default()
        },
    )
}

fn examples() -> Vec<(&'static str, MapView)> {
    EXAMPLES
        .iter()
        .map(|(name, path)| (*name, view_of(path, &[], false)))
        .collect()
}

/// Every view the tool checks run on: the examples, the `--flows` and
/// `--focus` variants, a view with hostile names and an empty one.
fn all_views() -> Vec<(String, MapView)> {
    let mut out: Vec<(String, MapView)> = examples()
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect();
    out.push(("retail_flows".into(), view_of("examples/retail", &[], true)));
    out.push((
        "retail_focus".into(),
        view_of("examples/retail", &["LegacyErp"], true),
    ));
    out.push((
        "clinic_flows".into(),
        view_of("examples/clinic.ddd", &[], true),
    ));
    out.push(("implied".into(), implied_view()));
    out.push(("hostile".into(), hostile()));
    out.push(("empty".into(), empty()));
    out
}

// ---------------------------------------------------------------- snapshots

#[test]
fn mermaid_snapshots() {
    for (name, view) in examples() {
        insta::assert_snapshot!(format!("{name}_mermaid"), mermaid::render(&view));
    }
}

#[test]
fn dot_snapshots() {
    for (name, view) in examples() {
        insta::assert_snapshot!(format!("{name}_dot"), dot::render(&view));
    }
}

#[test]
fn plantuml_snapshots() {
    for (name, view) in examples() {
        insta::assert_snapshot!(format!("{name}_plantuml"), plantuml::render(&view));
    }
}

/// `--flows`: with a declared map (retail) and without one (clinic).
#[test]
fn flows_snapshots() {
    for (name, path) in [
        ("retail", "examples/retail"),
        ("clinic", "examples/clinic.ddd"),
    ] {
        let view = view_of(path, &[], true);
        insta::assert_snapshot!(format!("{name}_flows_mermaid"), mermaid::render(&view));
        insta::assert_snapshot!(format!("{name}_flows_dot"), dot::render(&view));
        insta::assert_snapshot!(format!("{name}_flows_plantuml"), plantuml::render(&view));
    }
}

/// `--focus LegacyErp --flows`.
#[test]
fn focus_snapshots() {
    let view = view_of("examples/retail", &["LegacyErp"], true);
    assert!(view.nodes.iter().any(|n| n.focused));
    insta::assert_snapshot!("retail_focus_legacyerp_mermaid", mermaid::render(&view));
    insta::assert_snapshot!("retail_focus_legacyerp_dot", dot::render(&view));
    insta::assert_snapshot!("retail_focus_legacyerp_plantuml", plantuml::render(&view));
}

/// A declared map that misses a relationship: the implied edge is dashed.
#[test]
fn implied_snapshots() {
    let view = implied_view();
    assert_eq!(view.edges.iter().filter(|e| e.implied(&view)).count(), 1);
    insta::assert_snapshot!("implied_mermaid", mermaid::render(&view));
    insta::assert_snapshot!("implied_dot", dot::render(&view));
    insta::assert_snapshot!("implied_plantuml", plantuml::render(&view));
}

#[test]
fn rendering_is_deterministic() {
    for (name, path) in EXAMPLES {
        let (a, b) = (view_of(path, &[], true), view_of(path, &[], true));
        assert_eq!(mermaid::render(&a), mermaid::render(&b), "{name}");
        assert_eq!(dot::render(&a), dot::render(&b), "{name}");
        assert_eq!(plantuml::render(&a), plantuml::render(&b), "{name}");
    }
}

#[test]
fn every_context_and_edge_is_drawn() {
    for (name, view) in all_views() {
        let (m, d, p) = (
            mermaid::render(&view),
            dot::render(&view),
            plantuml::render(&view),
        );
        let links = |text: &str, arrows: &[&str]| {
            text.lines()
                .filter(|l| arrows.iter().any(|a| l.contains(a)))
                .count()
        };
        assert_eq!(
            links(
                &m,
                &[" --> ", " -.-> ", " <--> ", " -.- ", "-->|", "-.->|", "<-->|", "-.-|"]
            ),
            view.edges.len(),
            "{name}: mermaid links"
        );
        assert_eq!(links(&d, &[" -> "]), view.edges.len(), "{name}: dot edges");
        assert_eq!(
            links(&p, &[" --> ", " <--> ", " .. ", " ..> "]) - usize::from(p.contains("legend")),
            view.edges.len(),
            "{name}: plantuml relationships"
        );
        assert_eq!(
            m.lines()
                .filter(|l| l.trim_start().starts_with("c_") && l.contains("[\""))
                .count(),
            view.nodes.len(),
            "{name}: mermaid nodes"
        );
        assert_eq!(
            p.lines()
                .filter(|l| l.trim_start().starts_with("component "))
                .count(),
            view.nodes.len(),
            "{name}: plantuml components"
        );
    }
}

#[test]
fn implied_edges_are_dashed_and_labelled_with_flows() {
    // Two contexts that exchange messages without a declared relationship.
    let view = hostile();
    let implied: Vec<&Edge> = view.edges.iter().filter(|e| e.implied(&view)).collect();
    assert_eq!(implied.len(), 1);
    let m = mermaid::render(&view);
    assert!(m.contains("c_graph -.->|\"Ping, Pong\"| c__1st"), "{m}");
    let d = dot::render(&view);
    assert!(
        d.contains("\"graph\" -> \"_1st\" [label=\"Ping, Pong\", style=dashed"),
        "{d}"
    );
    let p = plantuml::render(&view);
    assert!(p.contains("graph ..> _1st : Ping, Pong"), "{p}");
}

// ------------------------------------------------------- the tools themselves

fn require_tools() -> bool {
    std::env::var("DDGEN_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Notes a missing tool, or fails under `DDGEN_REQUIRE_TOOLS=1`.
fn missing(what: &str) {
    if require_tools() {
        panic!("{what} is missing and DDGEN_REQUIRE_TOOLS=1");
    }
    eprintln!("note: {what} is missing; skipping this check (set DDGEN_REQUIRE_TOOLS=1 to fail)");
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

#[test]
fn dot_output_renders_with_graphviz() {
    let Some(dot_bin) = on_path("dot") else {
        missing("Graphviz `dot` (apt-get install graphviz)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, view) in all_views() {
        let file = dir.path().join(format!("{name}.dot"));
        std::fs::write(&file, dot::render(&view)).unwrap();
        let out = Command::new(&dot_bin)
            .arg("-Tsvg")
            .arg(&file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: dot failed:\n{stderr}");
        assert!(
            !stderr.contains("Error") && !stderr.contains("Warning"),
            "{name}: dot complained:\n{stderr}"
        );
        let svg = String::from_utf8(out.stdout).unwrap();
        for node in &view.nodes {
            let shown = dot::html(&node.name);
            assert!(
                svg.contains(&format!(">{shown}<")),
                "{name}: SVG lacks context {}",
                node.name
            );
        }
    }
}

#[test]
fn mermaid_output_renders_in_a_browser() {
    let script = root().join("tests/browser/mermaid-check.mjs");
    let modules = root().join("tests/browser/node_modules");
    let chromium = std::env::var_os("DDGEN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let Some(node) = on_path("node") else {
        missing("`node` (Node.js 20 or later)");
        return;
    };
    if !modules.join("mermaid/dist/mermaid.min.js").is_file()
        || !modules.join("playwright-core").is_dir()
    {
        missing("tests/browser/node_modules (npm ci --prefix tests/browser)");
        return;
    }
    if !chromium.is_file() {
        missing("Chromium at /usr/bin/chromium (apt-get install chromium)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, view) in all_views() {
        let file = dir.path().join(format!("{name}.mmd"));
        std::fs::write(&file, mermaid::render(&view)).unwrap();
        files.push(file);
    }
    let out = Command::new(node)
        .arg(&script)
        .args(&files)
        .env("DDGEN_CHROMIUM", &chromium)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "mermaid-check failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// PlantUML is optional (it needs Java): checked when present, never required.
#[test]
fn plantuml_output_renders_when_plantuml_is_installed() {
    let Some(bin) = on_path("plantuml") else {
        eprintln!("note: `plantuml` is missing; PlantUML output is covered by snapshots only");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let views = all_views();
    let mut files = Vec::new();
    for (name, view) in &views {
        let file = dir.path().join(format!("{name}.puml"));
        std::fs::write(&file, plantuml::render(view)).unwrap();
        files.push(file);
    }
    // One JVM for all files.
    let out = Command::new(&bin)
        .args(["-tsvg", "-charset", "UTF-8"])
        .args(&files)
        .output()
        .unwrap();
    for ((name, view), file) in views.iter().zip(&files) {
        let svg = std::fs::read_to_string(file.with_extension("svg")).unwrap_or_default();
        assert!(
            out.status.success() && !svg.contains("Syntax Error"),
            "{name}: plantuml failed:\n{}\n{svg}",
            String::from_utf8_lossy(&out.stderr)
        );
        for node in &view.nodes {
            assert!(
                svg.contains(&dot::html(&node.name)),
                "{name}: SVG lacks context {}",
                node.name
            );
        }
    }
}

// ------------------------------------------------------------ crafted views

fn part(name: &str, class: Classification) -> Part {
    Part {
        name: name.into(),
        kind: PartKind::Subdomain,
        class,
    }
}

fn node(name: &str, group: usize, implements: Vec<Part>, owner: Option<&str>) -> Node {
    Node {
        name: name.into(),
        group,
        class: implements.first().map(|p| p.class),
        implements,
        owner: owner.map(Into::into),
        vision: None,
        docs: None,
        terms: Vec::new(),
        publishes: Vec::new(),
        consumes: Vec::new(),
        exposes: Vec::new(),
        calls: Vec::new(),
        sends: Vec::new(),
        focused: false,
        contexts: Vec::new(),
    }
}

fn edge(from: usize, to: usize, declared: Option<(Arrow, Option<Pattern>)>) -> Edge {
    Edge {
        from,
        to,
        declared: declared.map(|(arrow, pattern)| Declared { arrow, pattern }),
        from_roles: Vec::new(),
        to_roles: Vec::new(),
        flows: Vec::new(),
        show_flows: true,
    }
}

/// Names that are keywords or markup in one of the formats. The language
/// only allows identifiers, but the renderers must not rely on it.
fn hostile() -> MapView {
    let nasty = r#"Team "A" \n <b>x</b> & #1 | `t` [[l]] __u__ //i// **b** {c} end"#;
    let mut nodes = vec![
        node(
            "end",
            0,
            vec![part(nasty, Classification::Core)],
            Some(nasty),
        ),
        node(
            "subgraph",
            0,
            vec![part("Legacy__Erp", Classification::Generic)],
            None,
        ),
        node("graph", 1, Vec::new(), Some("node")),
        node("_1st", 1, vec![part("x", Classification::Supporting)], None),
        node("Legacy__Erp", 0, Vec::new(), None),
        node("domain_Main", 1, Vec::new(), None),
    ];
    nodes[0].focused = true;
    let mut e0 = edge(0, 1, Some((Arrow::Directed, None)));
    e0.from_roles = vec![Role::Ohs, Role::Pl];
    e0.to_roles = vec![Role::Acl];
    e0.flows = vec![nasty.into()];
    let mut e1 = edge(
        1,
        2,
        Some((Arrow::Directed, Some(Pattern::CustomerSupplier))),
    );
    e1.flows = (0..7).map(|i| format!("Flow{i}")).collect();
    let e2 = edge(2, 4, Some((Arrow::Symmetric, Some(Pattern::SharedKernel))));
    let e3 = edge(4, 0, Some((Arrow::Symmetric, Some(Pattern::SeparateWays))));
    let mut e4 = edge(2, 3, None);
    e4.flows = vec!["Ping".into(), "Pong".into()];
    let e5 = edge(5, 1, Some((Arrow::Symmetric, Some(Pattern::Partnership))));
    MapView {
        title: format!("{nasty} — map"),
        declared_map: true,
        groups: vec![
            Group {
                key: "domain_Main".into(),
                name: nasty.into(),
                vision: None,
                nodes: vec![0, 1, 4],
            },
            Group {
                key: "unassigned".into(),
                name: "(no domain)".into(),
                vision: None,
                nodes: vec![2, 3, 5],
            },
        ],
        nodes,
        edges: vec![e0, e1, e2, e3, e4, e5],
    }
}

fn empty() -> MapView {
    MapView {
        title: "Empty".into(),
        declared_map: false,
        groups: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
    }
}

#[test]
fn hostile_text_is_escaped() {
    let view = hostile();
    let m = mermaid::render(&view);
    for line in m.lines().filter(|l| l.contains('[') || l.contains('|')) {
        // Inside a label, the only quotes are the delimiters.
        if let Some(start) = line.find("[\"").or_else(|| line.find("|\"")) {
            let end = line.rfind("\"]").or_else(|| line.rfind("\"|")).unwrap();
            assert!(!line[start + 2..end].contains('"'), "{line}");
            assert!(!line[start + 2..end].contains('`'), "{line}");
            assert!(!line[start + 2..end].contains('\\'), "{line}");
        }
    }
    assert!(!m.contains(" end[") && m.contains("c_end["), "{m}");
    let d = dot::render(&view);
    assert!(d.contains(r#"Team \"A\" \\n"#), "{d}");
    assert!(d.contains("&lt;b&gt;x&lt;/b&gt; &amp;"), "{d}");
    let p = plantuml::render(&view);
    assert!(p.is_ascii());
    assert!(!p.contains("__u__") && !p.contains("<b>x"), "{p}");
    assert!(p.contains("package \"(no domain)\" as unassigned {"), "{p}");
    // A context called like a package alias keeps its name; the package moves.
    assert!(p.contains("as domain_Main_ {"), "{p}");
}
