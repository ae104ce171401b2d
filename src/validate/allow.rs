//! Silencing warnings: `allow CODE "reason"` in a declaration, `--allow CODE`
//! for a run, W112 for an allow that silenced nothing, `--deny warnings`.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::Allow;
use crate::suggest::did_you_mean;

/// The diagnostics to show, and how many were silenced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub allowed: usize,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Whether the allow's declaration holds the diagnostic.
fn covers(a: &Allow, d: &Diagnostic) -> bool {
    a.scope.contains(d.span) || d.allow_anchors.iter().any(|s| a.scope.contains(*s))
}

/// Applies model and command-line allows to `diags` (already sorted),
/// reports bad and unused allows, and applies `--deny warnings`.
pub fn apply_allows(
    allows: &[Allow],
    diags: Vec<Diagnostic>,
    cli_allow: &[Code],
    deny_warnings: bool,
) -> Outcome {
    let mut out = Outcome::default();
    // Valid allows, with a "used" flag each.
    let mut valid: Vec<(&Allow, Code, bool)> = Vec::new();
    for a in allows {
        match Code::parse(&a.code) {
            Some(code) if code.severity() == Severity::Warning => valid.push((a, code, false)),
            Some(code) => out.diagnostics.push(
                Diagnostic::new(
                    Code::E004,
                    a.code_span,
                    format!("`{code}` is an error; only warnings can be allowed"),
                )
                .with_label("an error code")
                .help("fix the model instead: `ddgen explain` tells how"),
            ),
            None => {
                let warnings = Code::ALL
                    .iter()
                    .filter(|c| c.severity() == Severity::Warning)
                    .map(|c| c.as_str());
                let d = Diagnostic::new(
                    Code::E003,
                    a.code_span,
                    format!("unknown diagnostic code `{}`", a.code),
                )
                .with_label("no such code");
                out.diagnostics.push(match did_you_mean(&a.code, warnings) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(
                        "warning codes run from W101 to W112; `ddgen explain CODE` describes each",
                    ),
                });
            }
        }
    }
    let silence = |d: &Diagnostic, valid: &mut Vec<(&Allow, Code, bool)>| -> bool {
        if d.severity != Severity::Warning {
            return false;
        }
        let mut hit = false;
        for (a, code, used) in valid.iter_mut() {
            if *code == d.code && covers(a, d) {
                *used = true;
                hit = true;
            }
        }
        hit || cli_allow.contains(&d.code)
    };
    for d in diags {
        if silence(&d, &mut valid) {
            out.allowed += 1;
        } else {
            out.diagnostics.push(d);
        }
    }
    let unused: Vec<Diagnostic> = valid
        .iter()
        .filter(|(_, code, used)| !*used && *code != Code::W112)
        .map(|(a, code, _)| {
            Diagnostic::new(
                Code::W112,
                a.span,
                format!("`allow {code}` silenced nothing"),
            )
            .with_label(format!("no {code} is reported inside this declaration"))
            .help("remove the `allow`: the warning it was written for no longer occurs here")
        })
        .collect();
    for d in unused {
        if silence(&d, &mut valid) {
            out.allowed += 1;
        } else {
            out.diagnostics.push(d);
        }
    }
    if deny_warnings {
        for d in &mut out.diagnostics {
            d.severity = Severity::Error;
        }
    }
    out.diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}
