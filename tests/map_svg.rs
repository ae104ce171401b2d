//! The SVG context map: valid XML, every context drawn, and — from the
//! layout's own geometry — no overlapping boxes or labels and no edge
//! through a box, at example size and at 200 contexts.

use ddgen::check::{check_paths, check_sources, Options};
use ddgen::map::layout::{layout, Layout, Rect};
use ddgen::map::{build, svg, MapOptions, MapView};
use ddgen::source::SourceMap;
use std::path::PathBuf;

fn example(name: &str) -> MapView {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let checked = check_paths(&[path], &Options::default()).unwrap();
    build(
        checked.valid_model().expect("example is valid"),
        &MapOptions::default(),
    )
}

/// A valid synthetic model: `n` contexts over `domains` domains, each
/// subscribing to events of up to three earlier contexts.
fn synthetic(n: usize, domains: usize) -> MapView {
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
            flows: true,
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

fn assert_clean_geometry(view: &MapView, l: &Layout) {
    let labels: Vec<&Rect> = l
        .edges
        .iter()
        .flat_map(|e| e.labels.iter().map(|x| &x.rect))
        .collect();
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            assert!(!a.overlaps(b), "boxes overlap: {a:?} {b:?}");
        }
        for lab in &labels {
            assert!(!a.overlaps(lab), "label over box: {lab:?} {a:?}");
        }
        let lane = &l.lanes[view.nodes[i].group];
        assert!(
            a.x >= lane.x && a.x + a.w <= lane.x + lane.w,
            "box outside its domain"
        );
    }
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(!a.overlaps(b), "labels overlap: {a:?} {b:?}");
        }
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
            for (n, r) in l.nodes.iter().enumerate() {
                if n != e.from && n != e.to {
                    assert!(
                        !inside(&shrink(r, 1.0), p),
                        "edge {} → {} crosses box {}",
                        view.nodes[e.from].name,
                        view.nodes[e.to].name,
                        view.nodes[n].name
                    );
                }
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

#[test]
fn examples_draw_cleanly() {
    for name in ["retail", "insurance.ddd", "clinic.ddd"] {
        let view = example(name);
        let l = layout(&view);
        assert_clean_geometry(&view, &l);
        let text = svg::render(&view);
        assert_valid_svg(&view, &text);
        assert_eq!(text, svg::render(&view), "deterministic");
    }
}

#[test]
fn thirty_and_two_hundred_contexts_draw_cleanly() {
    for (n, domains) in [(30, 4), (200, 8)] {
        let view = synthetic(n, domains);
        assert_eq!(view.nodes.len(), n);
        let l = layout(&view);
        assert_clean_geometry(&view, &l);
        assert_valid_svg(&view, &svg::render(&view));
    }
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
