//! YAML scalars and flow values in their final form, for the templates.
//!
//! Strings are JSON-style double-quoted scalars, which every YAML reader
//! (1.1 and 1.2) and every JSON reader reads the same way. Characters YAML
//! forbids in a stream (C0/C1 controls, line and paragraph separators, BOM,
//! non-characters) are written as `\uXXXX` escapes, which both accept.
//! Flow values (`{"Ref": "Table"}`) are JSON with a space after `:` and `,`
//! and sorted keys: valid YAML flow collections, readable on one line.

use serde_json::Value;

pub use crate::generate::yaml::quote as q;

/// A value on one line as a YAML flow collection (JSON with spaces).
pub fn flow(v: &Value) -> String {
    let mut out = String::new();
    write_flow(v, &mut out);
    out
}

fn write_flow(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&q(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // Keys sorted here, whatever map serde_json was built with
            // (its `preserve_order` feature may be on in the build).
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&q(k));
                out.push_str(": ");
                write_flow(item, out);
            }
            out.push('}');
        }
    }
}

/// `{"Ref": name}`.
pub fn reference(name: &str) -> Value {
    serde_json::json!({ "Ref": name })
}

/// `{"Fn::GetAtt": [resource, attribute]}`.
pub fn get_att(resource: &str, attribute: &str) -> Value {
    serde_json::json!({ "Fn::GetAtt": [resource, attribute] })
}

/// `{"Fn::Sub": text}`.
pub fn sub(text: &str) -> Value {
    serde_json::json!({ "Fn::Sub": text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_is_json_and_yaml_safe() {
        assert_eq!(q("plain"), "\"plain\"");
        assert_eq!(q("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
        assert_eq!(q("two\nlines"), "\"two\\nlines\"");
        assert_eq!(q("\u{85}\u{2028}\u{1}"), "\"\\u0085\\u2028\\u0001\"");
        assert_eq!(q("naïve: #1"), "\"naïve: #1\"");
    }

    #[test]
    fn flow_values() {
        assert_eq!(flow(&reference("Table")), "{\"Ref\": \"Table\"}");
        assert_eq!(
            flow(&get_att("Queue", "Arn")),
            "{\"Fn::GetAtt\": [\"Queue\", \"Arn\"]}"
        );
        assert_eq!(
            flow(&serde_json::json!({"a": [1, true, null]})),
            "{\"a\": [1, true, null]}"
        );
    }
}
