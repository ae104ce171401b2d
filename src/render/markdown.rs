//! `ddgen diff --format markdown`: the findings as a pull-request comment,
//! a heading with the counts and one table row per finding, breaking
//! changes first.

use super::diff::tally;
use super::json::location;
use crate::diagnostic::Severity;
use crate::diff::Finding;
use crate::source::SourceMap;

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('\n', " ")
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "breaking",
        Severity::Warning => "warning",
        Severity::Note => "info",
    }
}

pub fn render(sources: &SourceMap, findings: &[Finding]) -> String {
    let mut out = format!("### ddgen diff: {}\n\n", tally(findings));
    if findings.is_empty() {
        out.push_str("No contract changes between the base and this revision.\n");
        return out;
    }
    out.push_str("| severity | rule | change | affected | where | base |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.diagnostic.severity);
    for f in sorted {
        let d = &f.diagnostic;
        let (file, line, column, ..) = location(sources, d.span);
        let base = d
            .labels
            .first()
            .map(|l| {
                let (file, line, column, ..) = location(sources, l.span);
                format!("`{}:{line}:{column}`", cell(&file))
            })
            .unwrap_or_default();
        let affected: Vec<String> = f
            .affected
            .iter()
            .map(|a| match &a.team {
                Some(t) => format!("{} ({t})", a.context),
                None => a.context.clone(),
            })
            .collect();
        // The message without the "; affects ..." tail, which has its own column.
        let message = match d.message.find("; affects ") {
            Some(i) if !f.affected.is_empty() => &d.message[..i],
            _ => d.message.as_str(),
        };
        out.push_str(&format!(
            "| **{}** | `{}` {} | {} | {} | `{}:{line}:{column}` | {} |\n",
            severity(d.severity),
            d.code,
            f.rule.id,
            cell(message),
            cell(&affected.join(", ")),
            cell(&file),
            base
        ));
    }
    out
}
