//! The context map as a Mermaid `flowchart`: one subgraph per domain, one
//! node per context coloured by strategic class, declared relationships as
//! solid links, implied ones dotted, and a legend.
//!
//! Every piece of model text goes through [`text`], which turns the
//! characters Mermaid would parse (quotes, `#`, `|`, `<`, `>`, `&`, backticks)
//! into Mermaid entity codes; ids are ASCII and prefixed, so no name can
//! collide with a keyword such as `end` or with another id.

use super::view::{class_colour, key, Edge, MapView, Node};
use crate::model::{Classification, Pattern};
use std::fmt::Write;

const CLASSES: [(Option<Classification>, &str); 4] = [
    (Some(Classification::Core), "core"),
    (Some(Classification::Supporting), "supporting"),
    (Some(Classification::Generic), "generic"),
    (None, "unclassified"),
];

/// Renders the view as Mermaid flowchart source.
pub fn render(view: &MapView) -> String {
    let mut out = String::new();
    // Front matter: the one place Mermaid takes a diagram title.
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&view.title));
    out.push_str("---\n");
    out.push_str("flowchart TB\n");

    for group in &view.groups {
        let _ = writeln!(
            out,
            "  subgraph g_{}[\"{}\"]",
            key(&group.key),
            text(&group.name)
        );
        for &i in &group.nodes {
            let node = &view.nodes[i];
            let _ = writeln!(out, "    {}[\"{}\"]", node_id(node), node_label(node));
        }
        out.push_str("  end\n");
    }

    // The legend: one swatch per class the map uses, and the dotted arrow
    // when the map has implied edges.
    let used: Vec<_> = CLASSES
        .iter()
        .filter(|(class, _)| view.uses_class(*class))
        .collect();
    let implied = view.has_implied();
    if !used.is_empty() || implied {
        out.push_str("  subgraph legend[\"Legend\"]\n");
        for (class, name) in &used {
            let label = if class.is_some() {
                name
            } else {
                "implements nothing"
            };
            let _ = writeln!(out, "    legend_{name}[\"{label}\"]");
        }
        if implied {
            out.push_str(
                "    legend_implied[\"dotted arrow: implied by the messages, missing from the map\"]\n",
            );
        }
        out.push_str("  end\n");
    }

    for edge in &view.edges {
        out.push_str("  ");
        out.push_str(&edge_line(view, edge));
        out.push('\n');
    }

    for (class, name) in &used {
        let (fill, stroke) = class_colour(*class);
        let _ = writeln!(
            out,
            "  classDef {name} fill:{fill},stroke:{stroke},color:#111827"
        );
        let members: Vec<String> = view
            .nodes
            .iter()
            .filter(|n| n.class == *class)
            .map(node_id)
            .chain(std::iter::once(format!("legend_{name}")))
            .collect();
        let _ = writeln!(out, "  class {} {name}", members.join(","));
    }
    for group in &view.groups {
        let _ = writeln!(
            out,
            "  style g_{} fill:#f9fafb,stroke:#9ca3af,stroke-dasharray:5 3",
            key(&group.key)
        );
    }
    if !used.is_empty() || implied {
        out.push_str("  style legend fill:#ffffff,stroke:#d1d5db\n");
    }
    if implied {
        out.push_str("  style legend_implied fill:#ffffff,stroke:#ffffff,color:#4b5563\n");
        let links: Vec<String> = (view.edges.iter().enumerate())
            .filter(|(_, e)| e.implied(view))
            .map(|(i, _)| i.to_string())
            .collect();
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#6b7280,color:#4b5563",
            links.join(",")
        );
    }
    for node in view.nodes.iter().filter(|n| n.focused) {
        let _ = writeln!(out, "  style {} stroke-width:3px", node_id(node));
    }
    out
}

fn node_id(node: &Node) -> String {
    format!("c_{}", key(&node.name))
}

/// Name in bold, then what it implements, then the owner.
fn node_label(node: &Node) -> String {
    let mut lines = vec![format!("<b>{}</b>", text(&node.name))];
    for part in &node.implements {
        lines.push(format!("<i>{}</i>", text(&part.describe())));
    }
    if let Some(owner) = &node.owner {
        lines.push(text(&format!("owner: {owner}")));
    }
    lines.join("<br/>")
}

fn edge_line(view: &MapView, edge: &Edge) -> String {
    let from = node_id(&view.nodes[edge.from]);
    let to = node_id(&view.nodes[edge.to]);
    let pattern = edge.declared.and_then(|d| d.pattern);
    let arrow = if pattern == Some(Pattern::SeparateWays) {
        "-.-"
    } else if edge.symmetric() {
        "<-->"
    } else if edge.implied(view) {
        "-.->"
    } else {
        "-->"
    };
    let label = edge_label(edge);
    if label.is_empty() {
        format!("{from} {arrow} {to}")
    } else {
        format!("{from} {arrow}|\"{label}\"| {to}")
    }
}

/// The roles line of a declared `->` ("U OHS, PL → D ACL"), then the
/// pattern and the flows. A customer-supplier line without roles would only
/// repeat the pattern, so it is left out.
fn edge_label(edge: &Edge) -> String {
    let mut lines = Vec::new();
    if edge.declared.is_some() && !edge.symmetric() {
        let cs = edge.declared.and_then(|d| d.pattern) == Some(Pattern::CustomerSupplier);
        if !cs || !edge.from_roles.is_empty() || !edge.to_roles.is_empty() {
            lines.push(format!(
                "{} → {}",
                text(&edge.from_badge()),
                text(&edge.to_badge())
            ));
        }
    }
    let label = edge.label();
    if !label.is_empty() {
        lines.push(text(&label));
    }
    lines.join("<br/>")
}

/// Text for a quoted Mermaid label: characters that Mermaid or the HTML
/// label would interpret (quotes, `#`, `&`, tags, `|`, backticks, `\`)
/// become entity codes (`#quot;`, `#35;`...), and line breaks become spaces.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            // Mermaid turns a literal `\n` into a line break.
            '\\' => out.push_str("#92;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A YAML double-quoted string (for the front matter title).
fn yaml_string(s: &str) -> String {
    crate::generate::yaml::quote(&s.replace(['\n', '\r', '\t'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_mermaid_parses() {
        assert_eq!(
            text(r#"a"b#c|d<e>&`\n"#),
            "a#quot;b#35;c#124;d#lt;e#gt;#amp;#96;#92;n"
        );
        assert_eq!(text("two\nlines"), "two lines");
        assert_eq!(yaml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
    }
}
