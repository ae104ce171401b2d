//! The context map in Graphviz DOT: one cluster per domain, contexts as
//! rounded boxes coloured by strategic class, relationships with their role
//! badges at the ends (`taillabel`/`headlabel`) and the pattern and flows in
//! the middle. Implied relationships are dashed.
//!
//! Node labels are HTML-like labels escaped with [`html`]; every other
//! string is a quoted DOT string escaped with [`quoted`].

use super::view::{class_colour, key, Edge, MapView, Node};
use crate::model::{Classification, Pattern};
use std::fmt::Write;

const CLASSES: [(Option<Classification>, &str); 4] = [
    (Some(Classification::Core), "core"),
    (Some(Classification::Supporting), "supporting"),
    (Some(Classification::Generic), "generic"),
    (None, "implements nothing"),
];

/// Renders the view as a DOT `digraph`.
pub fn render(view: &MapView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quoted(&view.title));
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, label={}, labelloc=t, fontname=\"Helvetica\", fontsize=16, \
         nodesep=0.5, ranksep=0.9, newrank=true];",
        quoted(&view.title)
    );
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, \
         margin=\"0.2,0.1\"];\n",
    );
    out.push_str(
        "  edge [fontname=\"Helvetica\", fontsize=9, labelfontsize=8, labeldistance=1.8, \
         color=\"#374151\", fontcolor=\"#374151\"];\n",
    );

    for group in &view.groups {
        out.push('\n');
        let _ = writeln!(out, "  subgraph cluster_{} {{", key(&group.key));
        let _ = writeln!(out, "    label={};", quoted(&group.name));
        out.push_str(
            "    style=\"rounded,dashed\"; color=\"#9ca3af\"; fontcolor=\"#374151\"; fontsize=13;\n",
        );
        for &i in &group.nodes {
            let _ = writeln!(out, "    {}", node_line(&view.nodes[i]));
        }
        out.push_str("  }\n");
    }

    // The legend: one swatch per class the map uses, and the dashed edge
    // when the map has implied ones. One HTML-table node: no edges, fixed order.
    let used: Vec<_> = CLASSES
        .iter()
        .filter(|(class, _)| view.uses_class(*class))
        .collect();
    let implied = view.has_implied();
    if !used.is_empty() || implied {
        let mut cells = String::new();
        for (class, name) in &used {
            let (fill, stroke) = class_colour(*class);
            let _ = write!(
                cells,
                "<td bgcolor=\"{fill}\" color=\"{stroke}\" border=\"1\">{name}</td>"
            );
        }
        if implied {
            cells.push_str("<td>- - -&gt; implied by the messages, missing from the map</td>");
        }
        out.push_str("\n  subgraph cluster_legend {\n");
        out.push_str(
            "    label=\"Legend\"; style=\"rounded\"; color=\"#d1d5db\"; fontcolor=\"#374151\"; \
             fontsize=11;\n",
        );
        let _ = writeln!(
            out,
            "    \"ddgen:legend\" [shape=plaintext, style=\"\", fontsize=9, label=<<table border=\"0\" \
             cellspacing=\"6\" cellpadding=\"4\"><tr>{cells}</tr></table>>];"
        );
        out.push_str("  }\n");
    }

    if !view.edges.is_empty() {
        out.push('\n');
    }
    for edge in &view.edges {
        let _ = writeln!(out, "  {}", edge_line(view, edge));
    }
    out.push_str("}\n");
    out
}

fn node_id(node: &Node) -> String {
    quoted(&key(&node.name))
}

fn node_line(node: &Node) -> String {
    let (fill, stroke) = class_colour(node.class);
    let mut label = format!("<b>{}</b>", html(&node.name));
    for part in &node.implements {
        let _ = write!(
            label,
            "<br/><font point-size=\"9\"><i>{}</i></font>",
            html(&part.describe())
        );
    }
    if let Some(owner) = &node.owner {
        let _ = write!(
            label,
            "<br/><font point-size=\"9\">owner: {}</font>",
            html(owner)
        );
    }
    let pen = if node.focused { ", penwidth=3" } else { "" };
    format!(
        "{} [label=<{label}>, fillcolor=\"{fill}\", color=\"{stroke}\"{pen}];",
        node_id(node)
    )
}

fn edge_line(view: &MapView, edge: &Edge) -> String {
    let from = node_id(&view.nodes[edge.from]);
    let to = node_id(&view.nodes[edge.to]);
    let mut attrs: Vec<String> = Vec::new();
    // Role badges on declared `->` only: on derived edges the arrow alone
    // says who is upstream.
    if edge.declared.is_some() && !edge.symmetric() {
        attrs.push(format!("taillabel={}", quoted(&edge.from_badge())));
        attrs.push(format!("headlabel={}", quoted(&edge.to_badge())));
    }
    let label = edge.label();
    if !label.is_empty() {
        attrs.push(format!("label={}", quoted(&label)));
    }
    match edge.declared.and_then(|d| d.pattern) {
        Some(Pattern::SeparateWays) => {
            attrs.push("style=dotted".into());
            attrs.push("arrowhead=none".into());
            attrs.push("constraint=false".into());
        }
        Some(Pattern::Partnership | Pattern::SharedKernel) => attrs.push("dir=both".into()),
        _ => {}
    }
    if edge.implied(view) {
        attrs.push("style=dashed".into());
        attrs.push("color=\"#6b7280\"".into());
        attrs.push("fontcolor=\"#6b7280\"".into());
    }
    if attrs.is_empty() {
        format!("{from} -> {to};")
    } else {
        format!("{from} -> {to} [{}];", attrs.join(", "))
    }
}

/// A DOT double-quoted string: `"` and `\` escaped (so no `\n`, `\N` or
/// `\G` escape of Graphviz can appear), line breaks turned into spaces.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text inside an HTML-like label: XML-escaped, on one line.
pub fn html(s: &str) -> String {
    super::svg::esc(&s.replace(['\n', '\r', '\t'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_backslashes_and_markup() {
        assert_eq!(quoted(r#"a "b" \N"#), r#""a \"b\" \\N""#);
        assert_eq!(html("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    }
}
