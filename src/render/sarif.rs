//! `--format sarif`: SARIF 2.1.0 for code-scanning tools.

use super::json::location;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use serde_json::{json, Value};

/// A path as a URI reference: every byte but unreserved characters and `/`
/// percent-encoded (a space, or the `:` of a diff's `REF:path`, would make
/// it none).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn physical(sources: &SourceMap, span: Span) -> Value {
    let (file, line, column, end_line, end_column) = location(sources, span);
    json!({
        "artifactLocation": { "uri": uri(&file) },
        "region": { "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column }
    })
}

pub fn render(sources: &SourceMap, diags: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.title(),
                "shortDescription": { "text": c.title() },
                // Not a `helpUri`: `ddgen explain CODE` is no URI (the 2.1.0
                // schema requires one); the explanation itself goes along.
                "help": {
                    "text": format!("ddgen explain {} says what the rule checks, why, and how to fix it.", c.as_str()),
                    "markdown": crate::explain::text(*c)
                },
                "defaultConfiguration": { "level": match c.severity() { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "note" } }
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "note" },
                "message": { "text": text },
                "locations": [ { "physicalLocation": physical(sources, d.span) } ],
                "relatedLocations": d.labels.iter().enumerate().map(|(i, l)| json!({
                    "id": i,
                    "physicalLocation": physical(sources, l.span),
                    "message": { "text": l.message }
                })).collect::<Vec<_>>()
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ddgen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_encode_what_a_uri_reference_cannot_hold() {
        assert_eq!(super::uri("contexts/orders.ddd"), "contexts/orders.ddd");
        assert_eq!(super::uri("HEAD~1:a b/é.ddd"), "HEAD~1%3Aa%20b/%C3%A9.ddd");
    }
}
