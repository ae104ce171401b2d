//! `--format html`: one self-contained page for landscapes of any size — the
//! SVG map inline, fitted to the window on load, with zoom and pan (wheel,
//! drag, `+`/`-`/`0`/arrow keys, pinch), a minimap while the window shows
//! only part of the drawing, focus (a clicked context keeps its
//! relationships and neighbours, the rest fades), filters by domain, team,
//! pattern and subdomain type, the messages behind an edge on hover, a side
//! panel with the clicked context's vision, owner, language, messages and
//! relationships, and a search box. No network access: no external script,
//! style or font.

use super::svg::esc;
use super::view::{pattern_title, MapView};
use serde_json::{json, Value};

const STYLE: &str = include_str!("html.css");

const SCRIPT: &str = include_str!("html.js");

/// The data the panel shows, one entry per context.
fn data(view: &MapView) -> Value {
    let contexts: Vec<Value> = view
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let relationships: Vec<String> = view
                .edges
                .iter()
                .filter(|e| e.from == i || e.to == i)
                .map(|e| {
                    let (other, upstream) = if e.from == i {
                        (e.to, true)
                    } else {
                        (e.from, false)
                    };
                    let other = &view.nodes[other].name;
                    let what = match e.declared {
                        Some(d) if e.symmetric() => d
                            .pattern
                            .map(pattern_title)
                            .unwrap_or("symmetric")
                            .to_string(),
                        Some(_) if upstream => format!(
                            "upstream of {other} ({} → {})",
                            e.from_badge(),
                            e.to_badge()
                        ),
                        Some(_) => format!(
                            "downstream of {other} ({} → {})",
                            e.from_badge(),
                            e.to_badge()
                        ),
                        None if upstream => format!("upstream of {other}, implied by the messages"),
                        None => format!("downstream of {other}, implied by the messages"),
                    };
                    let what = if e.symmetric() {
                        format!("{what} with {other}")
                    } else {
                        what
                    };
                    if e.flows.is_empty() {
                        what
                    } else {
                        format!("{what}: {}", e.flows.join(", "))
                    }
                })
                .collect();
            let mut classes: Vec<&str> = n.implements.iter().map(|p| p.class.as_str()).collect();
            classes.dedup();
            json!({
                "name": n.name,
                "domain": view.groups[n.group].name,
                "classes": classes,
                "implements": n.implements.iter().map(|p| p.describe()).collect::<Vec<_>>(),
                "owner": n.owner,
                "vision": n.vision,
                "docs": n.docs,
                "terms": n.terms,
                "publishes": n.publishes,
                "consumes": n.consumes,
                "exposes": n.exposes,
                "calls": n.calls,
                "sends": n.sends,
                "relationships": relationships,
            })
        })
        .collect();
    let edges: Vec<Value> = view
        .edges
        .iter()
        .map(|e| {
            let pattern = e.declared.and_then(|d| d.pattern);
            json!({
                "from": view.nodes[e.from].name,
                "to": view.nodes[e.to].name,
                "pattern": pattern.map(pattern_title),
                "pattern_key": pattern_key(e, view),
                "flows": e.flows,
            })
        })
        .collect();
    json!({ "title": view.title, "contexts": contexts, "edges": edges })
}

/// The pattern filter's value for an edge.
fn pattern_key(e: &super::view::Edge, view: &MapView) -> &'static str {
    match e.declared.and_then(|d| d.pattern) {
        Some(p) => pattern_title(p),
        None if e.implied(view) => "implied",
        None if e.declared.is_some() => "upstream/downstream",
        None => "derived",
    }
}

/// `<option>`s for one filter: "all", then the values in first-seen order.
fn options(all: &str, values: impl IntoIterator<Item = String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    let mut out = format!(r#"<option value="">{}</option>"#, esc(all));
    for v in seen {
        out.push_str(&format!(r#"<option value="{0}">{0}</option>"#, esc(&v)));
    }
    out
}

/// JSON that is safe inside a `<script>` element: `<` only occurs inside
/// JSON strings, where `\u003c` means the same.
fn script_json(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

pub fn render(view: &MapView) -> String {
    let svg = super::svg::render(view);
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>{title}</h1>
<select id="f-domain" aria-label="Filter by domain">{domains}</select>
<select id="f-team" aria-label="Filter by team">{teams}</select>
<select id="f-pattern" aria-label="Filter by pattern">{patterns}</select>
<select id="f-class" aria-label="Filter by subdomain type">{classes}</select>
<button id="fit" type="button" title="Fit to the window (0)">Fit</button><span id="zoom">100%</span>
<input id="search" type="search" placeholder="Search contexts, messages, terms…" aria-label="Search the map"></header>
<main>
<div id="map" aria-label="Context map: wheel or +/- to zoom, drag or arrow keys to pan, 0 to fit">
{svg}<div id="tip" role="tooltip"></div><div id="minimap" aria-label="Overview"></div></div>
<aside id="panel" aria-live="polite"><p class="muted">Click a context to see its vision, owner, language, messages and relationships.</p></aside>
</main>
<script type="application/json" id="ddgen-data">{data}</script>
<script>{SCRIPT}</script>
</body>
</html>
"#,
        title = esc(&view.title),
        data = script_json(&data(view)),
        domains = options("all domains", view.groups.iter().map(|g| g.name.clone())),
        teams = options(
            "all teams",
            view.nodes.iter().filter_map(|n| n.owner.clone())
        ),
        patterns = options(
            "all relationships",
            view.edges.iter().map(|e| pattern_key(e, view).to_string())
        ),
        classes = options(
            "all subdomain types",
            ["core", "supporting", "generic"]
                .into_iter()
                .filter(|c| view
                    .nodes
                    .iter()
                    .any(|n| n.implements.iter().any(|p| p.class.as_str() == *c)))
                .map(String::from)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = json!({ "vision": "</script><script>alert(1)</script> <!--" });
        let s = script_json(&v);
        assert!(!s.contains("</script>") && !s.contains("<!--"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
