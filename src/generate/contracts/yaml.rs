//! An ordered document value and its YAML text, for the parts of the
//! contracts that are trees (JSON Schemas): keys keep their insertion order
//! (properties in field order), every string is a JSON-style double-quoted
//! scalar, and keys are plain only when no YAML 1.1 or 1.2 reader can take
//! them for anything but a string. Flow parts are valid JSON, so the whole
//! output is in the YAML subset that JSON tools and YAML 1.1 readers (PyYAML)
//! agree on.

/// A YAML/JSON value whose maps keep their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Y {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

impl Y {
    /// An empty map.
    pub fn map() -> Y {
        Y::Map(Vec::new())
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Y {
        Y::Str(s.into())
    }

    /// `{"$ref": target}`.
    pub fn reference(target: impl Into<String>) -> Y {
        Y::map().with("$ref", Y::Str(target.into()))
    }

    /// This map with `key: value` appended (replaced when present).
    pub fn with(mut self, key: &str, value: impl Into<Y>) -> Y {
        self.set(key, value.into());
        self
    }

    /// Appends or replaces `key` of a map (no-op on other values).
    pub fn set(&mut self, key: &str, value: Y) {
        if let Y::Map(entries) = self {
            if let Some(slot) = entries.iter_mut().find(|(k, _)| k == key) {
                slot.1 = value;
            } else {
                entries.push((key.to_string(), value));
            }
        }
    }

    /// The value of `key` in a map.
    pub fn get(&self, key: &str) -> Option<&Y> {
        match self {
            Y::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn is_scalar(&self) -> bool {
        !matches!(self, Y::Seq(_) | Y::Map(_))
    }

    /// The same value as `serde_json` (map order is then the JSON map's).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(*b),
            Y::Int(i) => Value::from(*i),
            Y::Str(s) => Value::String(s.clone()),
            Y::Seq(items) => Value::Array(items.iter().map(Y::to_json).collect()),
            Y::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

impl From<&str> for Y {
    fn from(s: &str) -> Y {
        Y::Str(s.to_string())
    }
}
impl From<String> for Y {
    fn from(s: String) -> Y {
        Y::Str(s)
    }
}
impl From<bool> for Y {
    fn from(b: bool) -> Y {
        Y::Bool(b)
    }
}
impl From<i64> for Y {
    fn from(i: i64) -> Y {
        Y::Int(i)
    }
}
impl From<u32> for Y {
    fn from(i: u32) -> Y {
        Y::Int(i64::from(i))
    }
}
impl From<Vec<Y>> for Y {
    fn from(items: Vec<Y>) -> Y {
        Y::Seq(items)
    }
}

pub use crate::generate::yaml::{quote, quote_into};

/// Plain scalars that YAML 1.1 readers resolve to booleans or null.
const YAML11_SPECIAL: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/// A mapping key: plain when it is an identifier-like word that every YAML
/// reader takes as that string (`name`, `$ref`, `x-ddgen`), quoted otherwise
/// (`"200"`, `"on"`, `"/orders/{order}"`).
pub fn key(k: &str) -> String {
    let mut chars = k.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$' | '-'))
        && !YAML11_SPECIAL.iter().any(|w| w.eq_ignore_ascii_case(k));
    if plain {
        k.to_string()
    } else {
        quote(k)
    }
}

/// A value in flow style: valid JSON and valid YAML.
pub fn flow(y: &Y) -> String {
    let mut out = String::new();
    flow_within(y, usize::MAX, &mut out);
    out
}

/// Flow style reads best for scalars, empty or short collections.
const FLOW_WIDTH: usize = 72;

fn inline(y: &Y) -> Option<String> {
    if y.is_scalar() {
        return Some(flow(y));
    }
    let leaves = match y {
        Y::Seq(items) => items.iter().all(Y::is_scalar),
        _ => true,
    };
    // Render at most FLOW_WIDTH characters: a large subtree is never flowed,
    // and measuring it must not cost its whole rendering (that made block
    // output quadratic in depth).
    let mut text = String::new();
    if !flow_within(y, FLOW_WIDTH, &mut text) {
        return None;
    }
    let short = !text.contains("\\n");
    ((short && leaves) || text == "{}" || text == "[]").then_some(text)
}

/// Appends `flow(y)` to `out`; false (stopping early) once `out` is longer
/// than `limit`.
fn flow_within(y: &Y, limit: usize, out: &mut String) -> bool {
    match y {
        Y::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if !flow_within(item, limit, out) {
                    return false;
                }
            }
            out.push(']');
        }
        Y::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                quote_into(out, k);
                out.push_str(": ");
                if out.len() > limit || !flow_within(v, limit, out) {
                    return false;
                }
            }
            out.push('}');
        }
        Y::Null => out.push_str("null"),
        Y::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Y::Int(i) => {
            use std::fmt::Write;
            let _ = write!(out, "{i}");
        }
        Y::Str(s) => quote_into(out, s),
    }
    out.len() <= limit
}

/// A map or sequence in block style, every line indented by `indent`
/// spaces, without a trailing newline. Short leaves stay in flow style.
pub fn block(y: &Y, indent: usize) -> String {
    let mut out = String::new();
    write_block(y, indent, &mut out);
    out.pop(); // the last line's newline
    out
}

/// Appends the lines of [`block`] to `out`, each ending in a newline.
fn write_block(y: &Y, indent: usize, out: &mut String) {
    let pad = |out: &mut String| out.extend(std::iter::repeat_n(' ', indent));
    match y {
        Y::Map(entries) if !entries.is_empty() => {
            for (k, v) in entries {
                pad(out);
                out.push_str(&key(k));
                out.push(':');
                match inline(v) {
                    Some(text) => {
                        out.push(' ');
                        out.push_str(&text);
                        out.push('\n');
                    }
                    None => {
                        out.push('\n');
                        write_block(v, indent + 2, out);
                    }
                }
            }
        }
        Y::Seq(items) if !items.is_empty() => {
            for item in items {
                match inline(item) {
                    Some(text) => {
                        pad(out);
                        out.push_str("- ");
                        out.push_str(&text);
                        out.push('\n');
                    }
                    None => {
                        let start = out.len();
                        write_block(item, indent + 2, out);
                        // `- ` takes the place of the first line's indentation
                        // (same length: nothing after it moves).
                        out.replace_range(start + indent..start + indent + 2, "- ");
                    }
                }
            }
        }
        other => {
            pad(out);
            flow_within(other, usize::MAX, out);
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_always_quoted_and_escaped() {
        assert_eq!(quote("a \"b\"\n\\"), r#""a \"b\"\n\\""#);
        assert_eq!(quote("x\u{2028}y\u{85}"), r#""x\u2028y\u0085""#);
        assert_eq!(quote("Grüße"), "\"Grüße\"");
    }

    #[test]
    fn risky_keys_are_quoted() {
        assert_eq!(key("name"), "name");
        assert_eq!(key("$ref"), "$ref");
        assert_eq!(key("x-ddgen"), "x-ddgen");
        assert_eq!(key("on"), "\"on\"");
        assert_eq!(key("No"), "\"No\"");
        assert_eq!(key("200"), "\"200\"");
        assert_eq!(key("/orders/{order}"), "\"/orders/{order}\"");
        assert_eq!(key(""), "\"\"");
    }

    #[test]
    fn blocks_nest_and_keep_order() {
        let y = Y::map()
            .with("type", "object")
            .with("required", Y::Seq(vec!["b".into(), "a".into()]))
            .with(
                "properties",
                Y::map().with("b", Y::map().with("type", "string")).with(
                    "a",
                    Y::map().with("type", "string").with(
                        "description",
                        "A long description that does not fit on one line of flow style at all.",
                    ),
                ),
            )
            .with(
                "allOf",
                Y::Seq(vec![Y::map()
                    .with("description", "x".repeat(80))
                    .with("type", "string")]),
            );
        let text = block(&y, 2);
        let want = [
            "  type: \"object\"",
            "  required: [\"b\", \"a\"]",
            "  properties:",
            "    b: {\"type\": \"string\"}",
            "    a:",
            "      type: \"string\"",
            "      description: \"A long description that does not fit on one line of flow style at all.\"",
            "  allOf:",
            &format!("    - description: \"{}\"", "x".repeat(80)),
            "      type: \"string\"",
        ]
        .join("\n");
        assert_eq!(text, want);
    }
}
