//! Rules on the problem-space structure: W102, W103, W104.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    for s in &model.subdomains {
        if s.implemented_by.is_empty() && !model.unresolved.may_mean(&s.name) {
            let what = match s.kind {
                PartKind::Subdomain => "subdomain",
                PartKind::Capability => "capability",
            };
            diags.push(
                Diagnostic::new(
                    Code::W102,
                    s.name_span,
                    format!(
                        "{what} `{}.{}` is implemented by no context",
                        model.domain(s.domain).name,
                        s.name
                    ),
                )
                .with_label("no context implements this")
                .help(format!(
                    "add `implements {}.{}` to the context that serves it, or remove it",
                    model.domain(s.domain).name,
                    s.name
                )),
            );
        }
    }
    for c in &model.contexts {
        if c.implements.is_empty() && !model.unresolved.implements.contains(&c.id) {
            let hint = model
                .subdomains
                .first()
                .map(|s| {
                    format!(
                        "e.g. `implements {}.{}`",
                        model.domain(s.domain).name,
                        s.name
                    )
                })
                .unwrap_or_else(|| "declare a `domain` with its subdomains first".into());
            diags.push(
                Diagnostic::new(
                    Code::W103,
                    c.name_span,
                    format!("context `{}` implements nothing", c.name),
                )
                .with_label("no `implements`")
                .help(format!(
                    "say which subdomain or capability it serves, {hint}"
                )),
            );
        }
        if c.owner.is_none() && !model.unresolved.owners.contains(&c.id) {
            if let Some(core) = c
                .implements
                .iter()
                .map(|s| model.subdomain(*s))
                .find(|s| s.class == Classification::Core)
            {
                let hint = model
                    .teams
                    .first()
                    .map(|t| format!("e.g. `owner {}`", t.name))
                    .unwrap_or_else(|| "declare a `team` and name it with `owner`".into());
                diags.push(
                    Diagnostic::new(
                        Code::W104,
                        c.name_span,
                        format!(
                            "context `{}` implements core `{}` but has no owner team",
                            c.name, core.name
                        ),
                    )
                    .with_label("no `owner`")
                    .secondary(core.name_span, "core subdomain declared here")
                    .help(format!(
                        "core domains need a team accountable for them: {hint}"
                    )),
                );
            }
        }
    }
}
