//! `ddgen diff` findings in its four formats (`docs/diff.md`): human (the
//! diagnostics as `check` shows them, then a summary line), JSON (one
//! object: the findings with their rule id and affected contexts, and the
//! counts), Markdown (a table for a pull-request comment, `markdown.rs`)
//! and SARIF (as `check`'s, with the base locations as related locations).

use super::{human, json, markdown, plural, sarif};
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::Finding;
use crate::source::SourceMap;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
    Sarif,
}

/// Breaking changes, warnings and notes.
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s: Severity| {
        findings
            .iter()
            .filter(|f| f.diagnostic.severity == s)
            .count()
    };
    (n(Severity::Error), n(Severity::Warning), n(Severity::Note))
}

/// `2 breaking changes, 1 warning, 3 notes`.
pub fn tally(findings: &[Finding]) -> String {
    let (b, w, n) = counts(findings);
    format!(
        "{}, {}, {}",
        plural(b, "breaking change"),
        plural(w, "warning"),
        plural(n, "note")
    )
}

pub fn render(
    format: DiffFormat,
    sources: &SourceMap,
    findings: &[Finding],
    color: bool,
) -> String {
    match format {
        DiffFormat::Human => {
            let mut out = String::new();
            for f in findings {
                out.push_str(&human::render(sources, &f.diagnostic, color));
                out.push_str("\n\n");
            }
            let (b, w, _) = counts(findings);
            let (head, style) = if b > 0 {
                ("breaking", "\x1b[1;31m")
            } else if w > 0 {
                ("warning", "\x1b[1;33m")
            } else {
                ("ok", "\x1b[1;32m")
            };
            let line = tally(findings);
            if color {
                out.push_str(&format!("{style}{head}\x1b[0m\x1b[1m: {line}\x1b[0m\n"));
            } else {
                out.push_str(&format!("{head}: {line}\n"));
            }
            out
        }
        DiffFormat::Json => {
            let entries: Vec<serde_json::Value> = findings
                .iter()
                .map(|f| {
                    let mut e = json::entry(sources, &f.diagnostic);
                    e["rule"] = json!(f.rule.id);
                    e["affected"] = json!(f
                        .affected
                        .iter()
                        .map(|a| json!({ "context": a.context, "team": a.team }))
                        .collect::<Vec<_>>());
                    e
                })
                .collect();
            let (b, w, n) = counts(findings);
            let doc = json!({
                "findings": entries,
                "summary": { "breaking": b, "warning": w, "info": n }
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        DiffFormat::Markdown => markdown::render(sources, findings),
        DiffFormat::Sarif => {
            let diags: Vec<Diagnostic> = findings.iter().map(|f| f.diagnostic.clone()).collect();
            sarif::render(sources, &diags)
        }
    }
}
