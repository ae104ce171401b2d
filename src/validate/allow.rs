//! Silencing warnings: `allow CODE "reason"` in a declaration, `--allow CODE`
//! for a run, W112 for an allow that silenced nothing, `--deny warnings`.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::Allow;
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use std::collections::HashMap;

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

/// Valid allows by code and file, each group sorted by scope (outer first)
/// with the nearest enclosing scope of each. Declarations nest, so the allows
/// covering a span are one chain of enclosing scopes: a lookup walks that
/// chain instead of every allow (which was warnings × allows).
struct Index {
    groups: HashMap<(Code, FileId), Vec<Entry>>,
}

struct Entry {
    scope: Span,
    /// Position in the list of valid allows.
    allow: usize,
    /// The entry of the nearest enclosing scope.
    parent: Option<usize>,
}

impl Index {
    fn new<'a>(valid: impl Iterator<Item = (Code, &'a Allow)>) -> Index {
        let mut groups: HashMap<(Code, FileId), Vec<Entry>> = HashMap::new();
        for (i, (code, a)) in valid.enumerate() {
            groups.entry((code, a.scope.file)).or_default().push(Entry {
                scope: a.scope,
                allow: i,
                parent: None,
            });
        }
        for group in groups.values_mut() {
            group.sort_by_key(|e| (e.scope.start, std::cmp::Reverse(e.scope.end), e.allow));
            let mut open: Vec<usize> = Vec::new();
            for i in 0..group.len() {
                while let Some(&top) = open.last() {
                    if group[top].scope.contains(group[i].scope) {
                        break;
                    }
                    open.pop();
                }
                group[i].parent = open.last().copied();
                open.push(i);
            }
        }
        Index { groups }
    }

    /// Calls `hit` with every allow of `code` whose scope holds `span`.
    fn covering(&self, code: Code, span: Span, mut hit: impl FnMut(usize)) {
        let Some(group) = self.groups.get(&(code, span.file)) else {
            return;
        };
        let last = group.partition_point(|e| e.scope.start <= span.start);
        let mut at = last.checked_sub(1);
        while let Some(i) = at {
            if group[i].scope.contains(span) {
                hit(group[i].allow);
            }
            at = group[i].parent;
        }
    }
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
            Some(code) if code.is_check_warning() => valid.push((a, code, false)),
            Some(code) if code.severity() == Severity::Error => out.diagnostics.push(
                Diagnostic::new(
                    Code::E004,
                    a.code_span,
                    format!("`{code}` is an error; only warnings can be allowed"),
                )
                .with_label("an error code")
                .help("fix the model instead: `ddgen explain` tells how"),
            ),
            Some(code) => out.diagnostics.push(
                Diagnostic::new(
                    Code::E004,
                    a.code_span,
                    format!("`{code}` is not a warning of `check`; only those can be allowed"),
                )
                .with_label("not a check warning")
                .help("`allow` silences check's warnings (W101 to W112)"),
            ),
            None => {
                let warnings = Code::ALL
                    .iter()
                    .filter(|c| c.is_check_warning())
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
    let index = Index::new(valid.iter().map(|(a, code, _)| (*code, *a)));
    let silence = |d: &Diagnostic, valid: &mut Vec<(&Allow, Code, bool)>| -> bool {
        if d.severity != Severity::Warning {
            return false;
        }
        let mut hit = false;
        for span in std::iter::once(&d.span).chain(&d.allow_anchors) {
            index.covering(d.code, *span, |i| {
                valid[i].2 = true;
                hit = true;
            });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn allow(start: u32, end: u32) -> Allow {
        let scope = Span {
            file: FileId(0),
            start,
            end,
        };
        Allow {
            code: "W101".into(),
            code_span: scope,
            reason: String::new(),
            span: scope,
            scope,
        }
    }

    fn covering(allows: &[Allow], start: u32, end: u32) -> Vec<usize> {
        let index = Index::new(allows.iter().map(|a| (Code::W101, a)));
        let mut hits = Vec::new();
        let span = Span {
            file: FileId(0),
            start,
            end,
        };
        index.covering(Code::W101, span, |i| hits.push(i));
        hits.sort();
        hits
    }

    #[test]
    fn finds_every_enclosing_allow_past_disjoint_siblings() {
        // A context (0..100) with two allows, three sibling messages, and a
        // nested type inside the last one.
        let allows = [
            allow(0, 100),
            allow(10, 20),
            allow(30, 40),
            allow(50, 90),
            allow(60, 70),
            allow(0, 100),
        ];
        assert_eq!(covering(&allows, 65, 66), [0, 3, 4, 5]);
        assert_eq!(covering(&allows, 45, 46), [0, 5]);
        assert_eq!(covering(&allows, 15, 16), [0, 1, 5]);
        assert_eq!(covering(&allows, 150, 151), Vec::<usize>::new());
        let other_file = Span {
            file: FileId(1),
            start: 65,
            end: 66,
        };
        let index = Index::new(allows.iter().map(|a| (Code::W101, a)));
        index.covering(Code::W101, other_file, |_| panic!("another file"));
        index.covering(
            Code::W102,
            Span {
                file: FileId(0),
                ..other_file
            },
            |_| panic!("another code"),
        );
    }
}
