//! The context map as a PlantUML component diagram, in the spirit of
//! Context Mapper's: a package per domain, a component per context with its
//! strategic class as stereotype, upstream/downstream relationships with the
//! role text at each end (`Payments "U OHS, PL" --> "D ACL" Orders`),
//! symmetric ones as `<-->`, separate ways as a plain `..` line and
//! relationships implied by the messages as `..>`.
//!
//! Model text goes through [`text`]: characters PlantUML would read as markup
//! (creole such as `__`, `//`, `**`, tags, `\n`, quotes) and every non-ASCII
//! character become `<U+XXXX>` escapes, so the output is plain ASCII and
//! means the same whatever charset PlantUML assumes.

use super::view::{class_colour, key, Edge, MapView, Node};
use crate::model::{Classification, Pattern};
use std::collections::BTreeSet;
use std::fmt::Write;

const CLASSES: [(Classification, &str); 3] = [
    (Classification::Core, "core"),
    (Classification::Supporting, "supporting"),
    (Classification::Generic, "generic"),
];

/// Renders the view as PlantUML source.
pub fn render(view: &MapView) -> String {
    let mut out = String::new();
    out.push_str("@startuml\n");
    out.push_str("skinparam componentStyle uml2\n");
    out.push_str("skinparam shadowing false\n");
    let _ = writeln!(out, "title {}", text(&view.title));
    out.push_str("skinparam component {\n");
    for (class, name) in CLASSES {
        let (fill, stroke) = class_colour(Some(class));
        let _ = writeln!(out, "  BackgroundColor<<{name}>> {fill}");
        let _ = writeln!(out, "  BorderColor<<{name}>> {stroke}");
    }
    let (fill, stroke) = class_colour(None);
    let _ = writeln!(out, "  BackgroundColor {fill}");
    let _ = writeln!(out, "  BorderColor {stroke}");
    out.push_str("}\n");

    // Package aliases must not clash with any component alias.
    let mut taken: BTreeSet<String> = view.nodes.iter().map(node_id).collect();
    for group in &view.groups {
        let mut alias = key(&group.key);
        while taken.contains(&alias) {
            alias.push('_');
        }
        taken.insert(alias.clone());
        out.push('\n');
        let _ = writeln!(out, "package \"{}\" as {alias} {{", text(&group.name));
        for &i in &group.nodes {
            let _ = writeln!(out, "  {}", component(&view.nodes[i]));
        }
        out.push_str("}\n");
    }

    if !view.edges.is_empty() {
        out.push('\n');
    }
    for edge in &view.edges {
        out.push_str(&edge_line(view, edge));
        out.push('\n');
    }

    if view.has_implied() {
        out.push_str("\nlegend right\n");
        out.push_str("  ..> implied by the messages, missing from the map\n");
        out.push_str("endlegend\n");
    }
    out.push_str("@enduml\n");
    out
}

fn node_id(node: &Node) -> String {
    key(&node.name)
}

/// `component [Orders\n//Ordering (core subdomain)//\nowner: Checkout] as Orders <<core>>`
fn component(node: &Node) -> String {
    let mut label = text(&node.name);
    for part in &node.implements {
        let _ = write!(label, "\\n//{}//", text(&part.describe()));
    }
    if let Some(owner) = &node.owner {
        let _ = write!(label, "\\nowner: {}", text(owner));
    }
    let mut line = format!("component [{label}] as {}", node_id(node));
    if let Some(class) = node.class {
        let _ = write!(line, " <<{}>>", class.as_str());
    }
    if node.focused {
        line.push_str(" #line.bold");
    }
    line
}

fn edge_line(view: &MapView, edge: &Edge) -> String {
    let from = node_id(&view.nodes[edge.from]);
    let to = node_id(&view.nodes[edge.to]);
    let pattern = edge.declared.and_then(|d| d.pattern);
    let mut line = if pattern == Some(Pattern::SeparateWays) {
        format!("{from} .. {to}")
    } else if edge.symmetric() {
        format!("{from} <--> {to}")
    } else if edge.declared.is_some() {
        format!(
            "{from} \"{}\" --> \"{}\" {to}",
            text(&edge.from_badge()),
            text(&edge.to_badge())
        )
    } else if edge.implied(view) {
        format!("{from} ..> {to}")
    } else {
        format!("{from} --> {to}")
    };
    let label = edge.label();
    if !label.is_empty() {
        let _ = write!(line, " : {}", text(&label));
    }
    line
}

/// Characters that are markup on their own.
const ALWAYS: &[char] = &[
    '"', '\\', '<', '>', '[', ']', '|', '~', '{', '}', '#', '$', '@',
];
/// Characters that are markup when doubled (`**bold**`, `//italic//`,
/// `__underline__`, `--strike--`, `==`, `^^`, `''`).
const DOUBLED: &[char] = &['*', '/', '_', '-', '=', '^', '\''];

/// Text safe anywhere in PlantUML: in a title, in `[...]`, in `"..."` and
/// after ` : `.
pub fn text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let doubled =
            DOUBLED.contains(&c) && (chars.get(i + 1) == Some(&c) || (i > 0 && chars[i - 1] == c));
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c if ALWAYS.contains(&c) || doubled || !c.is_ascii() => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_non_ascii() {
        assert_eq!(text("Customer/Supplier: A, B"), "Customer/Supplier: A, B");
        assert_eq!(text("a__b"), "a<U+005F><U+005F>b");
        assert_eq!(text("a_b"), "a_b");
        assert_eq!(text(r#"x "y" \n"#), "x <U+0022>y<U+0022> <U+005C>n");
        assert_eq!(text("A — B"), "A <U+2014> B");
        assert_eq!(
            text("[[l]] <b>"),
            "<U+005B><U+005B>l<U+005D><U+005D> <U+003C>b<U+003E>"
        );
    }
}
