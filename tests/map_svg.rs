//! The SVG context map: valid XML, every context drawn, and — from the
//! layout's own geometry and again from the SVG as drawn (parsed with
//! roxmltree) — no overlapping boxes or labels, every label inside a domain
//! lane, and no edge through a box or a label, with and without `--flows`,
//! on the examples, on `scripts/synth.py` models and on seeded synthetic
//! models.

use ddgen::check::{check_paths, check_sources, Options};
use ddgen::map::layout::{layout, Layout, Rect};
use ddgen::map::{build, svg, MapOptions, MapView};
use ddgen::source::SourceMap;
use std::collections::HashMap;
use std::path::PathBuf;

/// A valid synthetic model: `n` contexts over `domains` domains, each
/// subscribing to events of up to three earlier contexts.
fn synthetic(n: usize, domains: usize) -> MapView {
    synthetic_with(n, domains, true)
}

fn synthetic_with(n: usize, domains: usize, flows: bool) -> MapView {
    let mut text = String::new();
    for d in 0..domains {
        text.push_str(&format!(
            "domain D{d} {{ subdomain S{d} : core }}\nteam T{d}\n"
        ));
    }
    for i in 0..n {
        let d = i % domains;
        text.push_str(&format!("context Context{i} {{\n implements D{d}.S{d}\n owner T{d}\n event Happened{i} {{ x: int, allow W101 \"synthetic\" }}\n"));
        let earlier: std::collections::BTreeSet<usize> = [i / 2, i.saturating_sub(1), i * 7 / 10]
            .into_iter()
            .filter(|k| *k < i)
            .collect();
        for k in earlier {
            text.push_str(&format!("subscribe Context{k}.Happened{k}\n"));
        }
        text.push_str("}\n");
    }
    let mut sources = SourceMap::default();
    sources.add("synthetic.ddd".into(), text);
    let checked = check_sources(sources, Vec::new(), &Options::default());
    let errors: Vec<_> = checked
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with('E'))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    build(
        &checked.model,
        &MapOptions {
            focus: Vec::new(),
            flows,
            ..MapOptions::default()
        },
    )
}

fn view_of(text: &str, flows: bool) -> MapView {
    let mut sources = SourceMap::default();
    sources.add("model.ddd".into(), text.into());
    let checked = check_sources(sources, Vec::new(), &Options::default());
    build(
        checked.valid_model().expect("model is valid"),
        &MapOptions {
            flows,
            ..MapOptions::default()
        },
    )
}

fn shrink(r: &Rect, by: f64) -> Rect {
    Rect {
        x: r.x + by,
        y: r.y + by,
        w: r.w - 2.0 * by,
        h: r.h - 2.0 * by,
    }
}

fn inside(r: &Rect, (x, y): (f64, f64)) -> bool {
    x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h
}

/// Points along an SVG path made of M, C and L commands.
fn sample(path: &str) -> Vec<(f64, f64)> {
    let tokens: Vec<&str> = path
        .split(|c: char| c == ' ' || c.is_ascii_alphabetic())
        .filter(|t| !t.is_empty())
        .collect();
    let cmds: Vec<char> = path.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let nums: Vec<f64> = tokens.iter().map(|t| t.parse().unwrap()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut at = (0.0, 0.0);
    for c in cmds {
        match c {
            'M' => {
                at = (nums[i], nums[i + 1]);
                i += 2;
            }
            'L' => {
                let to = (nums[i], nums[i + 1]);
                for k in 0..=20 {
                    let t = k as f64 / 20.0;
                    out.push((at.0 + (to.0 - at.0) * t, at.1 + (to.1 - at.1) * t));
                }
                at = to;
                i += 2;
            }
            'C' => {
                let (p1, p2, p3) = (
                    (nums[i], nums[i + 1]),
                    (nums[i + 2], nums[i + 3]),
                    (nums[i + 4], nums[i + 5]),
                );
                for k in 0..=40 {
                    let t = k as f64 / 40.0;
                    let u = 1.0 - t;
                    let b = |a: f64, b: f64, c: f64, d: f64| {
                        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
                    };
                    out.push((b(at.0, p1.0, p2.0, p3.0), b(at.1, p1.1, p2.1, p3.1)));
                }
                at = p3;
                i += 6;
            }
            other => panic!("unexpected path command {other}"),
        }
    }
    out
}

/// Rectangles bucketed by 64-px cells, so checks stay linear at scale.
struct Grid {
    rects: Vec<Rect>,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

const CELL: f64 = 64.0;

impl Grid {
    fn new(rects: Vec<Rect>) -> Grid {
        let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, r) in rects.iter().enumerate() {
            for cx in (r.x / CELL).floor() as i64..=((r.x + r.w) / CELL).floor() as i64 {
                for cy in (r.y / CELL).floor() as i64..=((r.y + r.h) / CELL).floor() as i64 {
                    cells.entry((cx, cy)).or_default().push(i);
                }
            }
        }
        Grid { rects, cells }
    }

    /// Indexes of rectangles that may contain `p`.
    fn near(&self, (x, y): (f64, f64)) -> &[usize] {
        self.cells
            .get(&((x / CELL).floor() as i64, (y / CELL).floor() as i64))
            .map_or(&[], |v| v.as_slice())
    }

    /// Pairs (i < j) of overlapping rectangles.
    fn overlapping_pairs(&self) -> Vec<(usize, usize)> {
        let mut out = std::collections::BTreeSet::new();
        for members in self.cells.values() {
            for (k, i) in members.iter().enumerate() {
                for j in &members[k + 1..] {
                    if self.rects[*i].overlaps(&self.rects[*j]) {
                        out.insert((*i.min(j), *i.max(j)));
                    }
                }
            }
        }
        out.into_iter().collect()
    }
}

fn assert_clean_geometry(view: &MapView, l: &Layout) {
    let labels: Vec<Rect> = l
        .edges
        .iter()
        .flat_map(|e| e.labels.iter().map(|x| x.rect))
        .collect();
    let n = l.nodes.len();
    for (i, a) in l.nodes.iter().enumerate() {
        let lane = &l.lanes[view.nodes[i].group];
        assert!(
            a.x >= lane.x && a.x + a.w <= lane.x + lane.w,
            "box outside its domain"
        );
    }
    // Boxes and labels together: no two overlap.
    let all = Grid::new(l.nodes.iter().chain(&labels).copied().collect());
    if let Some((i, j)) = all.overlapping_pairs().first() {
        let what = |k: usize| if k < n { "box" } else { "label" };
        panic!(
            "{} and {} overlap: {:?} {:?}",
            what(*i),
            what(*j),
            all.rects[*i],
            all.rects[*j]
        );
    }
    for a in &labels {
        assert!(
            l.lanes
                .iter()
                .any(|lane| a.x >= lane.x && a.x + a.w <= lane.x + lane.w),
            "label outside every domain lane: {a:?}"
        );
        assert!(
            a.x >= 0.0 && a.x + a.w <= l.width,
            "label outside the canvas"
        );
    }
    for (i, a) in l.lanes.iter().enumerate() {
        for b in &l.lanes[i + 1..] {
            assert!(!a.overlaps(b), "domains overlap");
        }
    }
    for eg in &l.edges {
        let e = &view.edges[eg.edge];
        for p in sample(&eg.path) {
            for k in all.near(p) {
                let r = &all.rects[*k];
                if *k == e.from || *k == e.to || !inside(&shrink(r, 1.0), p) {
                    continue;
                }
                panic!(
                    "edge {} → {} crosses {} at {r:?}",
                    view.nodes[e.from].name,
                    view.nodes[e.to].name,
                    if *k < n {
                        format!("box {}", view.nodes[*k].name)
                    } else {
                        "a label".to_string()
                    }
                );
            }
        }
    }
}

fn assert_valid_svg(view: &MapView, text: &str) {
    let doc = roxmltree::Document::parse(text).expect("SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let drawn: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("data-context"))
        .collect();
    for n in &view.nodes {
        assert!(
            drawn.contains(&n.name.as_str()),
            "context {} not drawn",
            n.name
        );
    }
    assert_eq!(drawn.len(), view.nodes.len());
    let rels = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rel"))
        .count();
    assert_eq!(rels, view.edges.len());
}

fn rect_of(n: roxmltree::Node) -> Rect {
    let f = |k: &str| n.attribute(k).unwrap().parse::<f64>().unwrap();
    Rect {
        x: f("x"),
        y: f("y"),
        w: f("width"),
        h: f("height"),
    }
}

/// The same guarantees, read back from the SVG as drawn: boxes, labels and
/// lanes from their `rect`s, edges from their paths.
fn assert_clean_svg(text: &str) {
    let doc = roxmltree::Document::parse(text).expect("SVG is well-formed XML");
    let class = |n: &roxmltree::Node| n.attribute("class").unwrap_or("").to_string();
    let lanes: Vec<Rect> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && class(n) == "lane")
        .map(rect_of)
        .collect();
    let boxes: Vec<(String, Rect)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class(n).split(' ').any(|c| c == "ctx"))
        .map(|g| {
            let r = g.children().find(|c| c.has_tag_name("rect")).unwrap();
            (g.attribute("data-context").unwrap().to_string(), rect_of(r))
        })
        .collect();
    let mut labels = Vec::new();
    let mut paths = Vec::new();
    for rel in doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class(n) == "rel")
    {
        let ends = (
            rel.attribute("data-from").unwrap().to_string(),
            rel.attribute("data-to").unwrap().to_string(),
        );
        for n in rel.descendants() {
            if n.has_tag_name("path") {
                paths.push((ends.clone(), sample(n.attribute("d").unwrap())));
            }
            if n.has_tag_name("g") && (class(&n) == "badge" || class(&n).starts_with("elabel")) {
                let r = n.children().find(|c| c.has_tag_name("rect")).unwrap();
                labels.push(rect_of(r));
            }
        }
    }
    for lab in &labels {
        assert!(
            lanes
                .iter()
                .any(|l| lab.x >= l.x && lab.x + lab.w <= l.x + l.w && lab.y >= l.y),
            "drawn label outside every lane: {lab:?}"
        );
    }
    let names: Vec<&str> = boxes.iter().map(|(n, _)| n.as_str()).collect();
    let nb = boxes.len();
    let grid = Grid::new(
        boxes
            .iter()
            .map(|(_, r)| *r)
            .chain(labels.iter().copied())
            .collect(),
    );
    if let Some((i, j)) = grid.overlapping_pairs().first() {
        panic!("drawn rectangles {i} and {j} overlap ({nb} boxes first)");
    }
    for ((from, to), points) in &paths {
        for p in points {
            for k in grid.near(*p) {
                let own = *k < nb && (names[*k] == from || names[*k] == to);
                if !own && inside(&shrink(&grid.rects[*k], 1.0), *p) {
                    panic!(
                        "drawn edge {from} → {to} through {}",
                        if *k < nb { names[*k] } else { "a label" }
                    );
                }
            }
        }
    }
}

fn assert_all_clean(view: &MapView) {
    let l = layout(view);
    assert_clean_geometry(view, &l);
    let text = svg::render(view);
    assert_valid_svg(view, &text);
    assert_clean_svg(&text);
    assert_eq!(text, svg::render(view), "deterministic");
}

#[test]
fn examples_draw_cleanly() {
    for name in ["retail", "insurance.ddd", "clinic.ddd"] {
        for flows in [false, true] {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name);
            let checked = check_paths(&[path], &Options::default()).unwrap();
            let view = build(
                checked.valid_model().expect("example is valid"),
                &MapOptions {
                    flows,
                    ..MapOptions::default()
                },
            );
            assert_all_clean(&view);
        }
    }
}

#[test]
fn the_same_files_in_another_order_draw_the_same_map() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/retail");
    let mut files = walk(&dir);
    files.sort();
    assert!(files.len() > 1);
    let draw = |files: &[PathBuf]| {
        let checked = check_paths(files, &Options::default()).unwrap();
        svg::render(&build(
            checked.valid_model().unwrap(),
            &MapOptions::default(),
        ))
    };
    let forward = draw(&files);
    files.reverse();
    assert_eq!(forward, draw(&files));
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "ddd") {
            out.push(p);
        }
    }
    out
}

/// Regression: four contexts, one partnership, `--flows`: the flow label of
/// the partnership ran out of its domain lane and an edge was drawn through
/// it (found in issue #16).
const FOUR: &str = r#"system Shop { broker sns }
domain Sales { subdomain Ordering : core, subdomain Delivery : supporting }
domain Money { subdomain Billing : supporting, subdomain Messaging : generic }
team T
context Orders {
  implements Sales.Ordering
  owner T
  id OrderId
  event OrderPlaced { order: OrderId }
  event OrderCancelled { order: OrderId }
  event OrderChangedByCustomerService { order: OrderId }
  subscribe Shipping.ParcelDelivered
}
context Shipping {
  implements Sales.Delivery
  owner T
  id ParcelId
  event ParcelDelivered { parcel: ParcelId }
  subscribe Orders.OrderPlaced
  subscribe Orders.OrderCancelled
  subscribe Orders.OrderChangedByCustomerService
}
context Invoicing {
  implements Money.Billing
  owner T
  event InvoiceIssued { at: datetime }
  subscribe Orders.OrderPlaced
  subscribe Shipping.ParcelDelivered
}
context Notifications {
  implements Money.Messaging
  owner T
  subscribe Invoicing.InvoiceIssued
  subscribe Orders.OrderPlaced
}
map Landscape {
  Orders <-> Shipping : partnership
  Orders -> Invoicing
  Shipping -> Invoicing
  Invoicing -> Notifications
  Orders -> Notifications
}
"#;

#[test]
fn four_contexts_with_a_partnership_keep_flow_labels_clear() {
    for flows in [false, true] {
        let view = view_of(FOUR, flows);
        assert_eq!(view.nodes.len(), 4);
        assert_all_clean(&view);
    }
    // The long flow list wraps, and the full list is in the tooltip.
    let text = svg::render(&view_of(FOUR, true));
    assert!(text.contains("<tspan"), "multi-line labels");
    assert!(text.contains("OrderChangedByCustomerService"));
}

/// Long flow lists wrap into at most four lines and say how many more.
#[test]
fn long_flow_lists_abbreviate_with_the_full_list_on_hover() {
    let mut text = String::from(
        "system S { broker sns }\ndomain D { subdomain A : core }\ncontext Up {\n implements D.A\n",
    );
    for i in 0..30 {
        text.push_str(&format!(" event SomethingHappened{i} {{ at: datetime }}\n"));
    }
    text.push_str("}\ncontext Down {\n implements D.A\n");
    for i in 0..30 {
        text.push_str(&format!(" subscribe Up.SomethingHappened{i}\n"));
    }
    text.push_str("}\n");
    let view = view_of(&text, true);
    let l = layout(&view);
    let label = l.edges[0]
        .labels
        .iter()
        .find(|x| !x.badge)
        .expect("a flow label");
    assert!(label.lines.len() <= 4, "{:?}", label.lines);
    assert!(
        label.lines.last().unwrap().contains("more"),
        "{:?}",
        label.lines
    );
    assert!(label.full.contains("SomethingHappened29"));
    let svg_text = svg::render(&view);
    assert!(
        svg_text.contains("SomethingHappened29"),
        "full list in a <title>"
    );
    assert_all_clean(&view);
}

#[test]
fn synth_models_draw_cleanly_with_and_without_flows() {
    // The benchmark's own models (scripts/synth.py), where Python is here.
    for n in [10, 40, 100] {
        let out = std::process::Command::new("python3")
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/synth.py"))
            .arg(n.to_string())
            .output();
        let Some(out) = out.ok().filter(|o| o.status.success()) else {
            assert!(
                std::env::var("DDGEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "python3 missing"
            );
            eprintln!("note: python3 missing, skipping synth.py models");
            return;
        };
        let text = String::from_utf8(out.stdout).unwrap();
        for flows in [false, true] {
            let view = view_of(&text, flows);
            assert_eq!(view.nodes.len(), n);
            assert_all_clean(&view);
        }
    }
}

#[test]
fn thirty_and_two_hundred_contexts_draw_cleanly() {
    for (n, domains) in [(30, 4), (200, 8)] {
        let view = synthetic(n, domains);
        assert_eq!(view.nodes.len(), n);
        assert_all_clean(&view);
    }
    let view = synthetic_with(60, 3, false);
    assert_all_clean(&view);
}

#[test]
fn text_is_escaped() {
    let text = "system S\ndomain D { subdomain S }\n/// <script>alert(1)</script> & more\ncontext A { implements D.S\n vision \"<b>bold</b> & \\\"quoted\\\"\" }\n";
    let mut sources = SourceMap::default();
    sources.add("x.ddd".into(), text.into());
    let checked = check_sources(sources, Vec::new(), &Options::default());
    let view = build(checked.valid_model().unwrap(), &MapOptions::default());
    let out = svg::render(&view);
    assert!(!out.contains("<b>") && !out.contains("<script>"));
    assert!(out.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
    roxmltree::Document::parse(&out).unwrap();
}

#[test]
fn domain_level_draws_cleanly() {
    use ddgen::map::Level;
    for name in ["retail", "insurance.ddd", "clinic.ddd"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        let checked = check_paths(&[path], &Options::default()).unwrap();
        let model = checked.valid_model().unwrap();
        for flows in [false, true] {
            let view = build(
                model,
                &MapOptions {
                    flows,
                    level: Level::Domain,
                    ..MapOptions::default()
                },
            );
            assert_all_clean(&view);
        }
    }
}
