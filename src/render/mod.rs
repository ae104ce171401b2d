//! The one module that turns diagnostics into text: human (rustc-style),
//! short, JSON and SARIF 2.1.0, plus the summary line; `diff` and
//! `markdown` render `ddgen diff` findings.

pub mod diff;
mod human;
mod json;
mod markdown;
mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;
use crate::validate::Outcome;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
}

/// Renders every diagnostic of `outcome` in `format`. Human and short output
/// end with the summary line; JSON and SARIF are one document.
pub fn render(format: Format, sources: &SourceMap, outcome: &Outcome, color: bool) -> String {
    match format {
        Format::Human => {
            let mut out = String::new();
            for d in &outcome.diagnostics {
                out.push_str(&human::render(sources, d, color));
                out.push_str("\n\n");
            }
            out.push_str(&summary(outcome, color));
            out.push('\n');
            out
        }
        Format::Short => {
            let mut out = String::new();
            for d in &outcome.diagnostics {
                out.push_str(&short(sources, d));
                out.push('\n');
            }
            out.push_str(&summary(outcome, false));
            out.push('\n');
            out
        }
        Format::Json => json::render(sources, &outcome.diagnostics),
        Format::Sarif => sarif::render(sources, &outcome.diagnostics),
    }
}

/// `PATH:LINE:COL: error[E003]: MESSAGE`.
pub fn short(sources: &SourceMap, d: &Diagnostic) -> String {
    let f = sources.file(d.span.file);
    let at = f.line_col(d.span.start as usize);
    format!(
        "{}:{}:{}: {}[{}]: {}",
        f.display_path(),
        at.line,
        at.column,
        d.severity.as_str(),
        d.code,
        d.message
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `error: 2 errors, 1 warning (1 allowed)`; `ok: ...` when there is nothing.
pub fn summary(outcome: &Outcome, color: bool) -> String {
    let (errors, warnings) = (outcome.errors(), outcome.warnings());
    let (head, style) = if errors > 0 {
        ("error", "\x1b[1;31m")
    } else if warnings > 0 {
        ("warning", "\x1b[1;33m")
    } else {
        ("ok", "\x1b[1;32m")
    };
    let mut line = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if outcome.allowed > 0 {
        line.push_str(&format!(" ({} allowed)", outcome.allowed));
    }
    if color {
        format!("{style}{head}\x1b[0m\x1b[1m: {line}\x1b[0m")
    } else {
        format!("{head}: {line}")
    }
}

/// Renders a problem that is not tied to a model file (an I/O or usage error).
pub fn plain_error(message: &str, color: bool) -> String {
    if color {
        format!("\x1b[1;31merror\x1b[0m\x1b[1m: {message}\x1b[0m")
    } else {
        format!("error: {message}")
    }
}
