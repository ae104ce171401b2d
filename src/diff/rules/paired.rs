//! What several rules walk: the field changes of the consumed structures,
//! and every declaration present in both versions with its docs and vision.

use crate::diff::{match_fields, Diff, Out, Structure};
use crate::model::Field;
use crate::source::Span;
use std::collections::HashMap;

/// The fields of the structures that pass `keep`, as `match_fields` pairs
/// them: `(structure, base field, revision field)`; `None` on one side for
/// a field removed or added.
pub fn fields<'d, 'm>(
    d: &'d Diff<'m>,
    keep: impl Fn(&Structure) -> bool,
) -> Vec<(&'d Structure<'m>, Option<&'m Field>, Option<&'m Field>)> {
    let mut out = Vec::new();
    for s in d.structures.iter().filter(|s| keep(s)) {
        let m = match_fields(s.base_fields, s.rev_fields);
        for p in m.pairs {
            out.push((s, Some(&s.base_fields[p.base]), Some(&s.rev_fields[p.rev])));
        }
        out.extend(
            m.removed
                .iter()
                .map(|&i| (s, Some(&s.base_fields[i]), None)),
        );
        out.extend(m.added.iter().map(|&i| (s, None, Some(&s.rev_fields[i]))));
    }
    out
}

/// One finding per field removed from a structure that passes `keep`
/// (D312 for outputs, D316 for inputs).
pub fn removed_fields(d: &Diff, out: &mut Out, keep: impl Fn(&Structure) -> bool, help: &str) {
    for (s, b, r) in fields(d, keep) {
        if let (Some(f), None) = (b, r) {
            let diag = out
                .at(
                    s.rev_span,
                    format!("field `{}` removed from {}", f.name, s.what),
                )
                .with_label(format!("no field `{}` any more", f.name))
                .secondary(f.span, "declared here in the base")
                .help(help);
            out.push(diag, &s.consumers);
        }
    }
}

/// A declaration in both versions, for the docs and vision rules.
pub struct Described<'m> {
    pub what: String,
    pub docs: (Option<&'m str>, Option<&'m str>),
    /// `None` for declarations that have no vision.
    pub vision: Option<(Option<&'m str>, Option<&'m str>)>,
    /// Name spans in the base and the revision.
    pub spans: (Span, Span),
}

/// Domains, subdomains and teams by name; contexts, messages, types and
/// fields as `changes` paired them.
pub fn described<'m>(d: &Diff<'m>) -> Vec<Described<'m>> {
    let (base, rev) = (d.base, d.rev);
    let mut out = Vec::new();
    let domains: HashMap<&str, _> = base.domains.iter().map(|x| (x.name.as_str(), x)).collect();
    for r in &rev.domains {
        if let Some(b) = domains.get(r.name.as_str()) {
            out.push(Described {
                what: format!("domain `{}`", r.name),
                docs: (b.docs.as_deref(), r.docs.as_deref()),
                vision: Some((b.vision.as_deref(), r.vision.as_deref())),
                spans: (b.name_span, r.name_span),
            });
        }
    }
    let subs: HashMap<(&str, &str), _> = base
        .subdomains
        .iter()
        .map(|s| ((base.domain(s.domain).name.as_str(), s.name.as_str()), s))
        .collect();
    for r in &rev.subdomains {
        let dom = rev.domain(r.domain).name.as_str();
        if let Some(b) = subs.get(&(dom, r.name.as_str())) {
            out.push(Described {
                what: format!("{} `{dom}.{}`", super::part_kind(r.kind), r.name),
                docs: (b.docs.as_deref(), r.docs.as_deref()),
                vision: Some((b.vision.as_deref(), r.vision.as_deref())),
                spans: (b.name_span, r.name_span),
            });
        }
    }
    let teams: HashMap<&str, _> = base.teams.iter().map(|x| (x.name.as_str(), x)).collect();
    for r in &rev.teams {
        if let Some(b) = teams.get(r.name.as_str()) {
            out.push(Described {
                what: format!("team `{}`", r.name),
                docs: (b.docs.as_deref(), r.docs.as_deref()),
                vision: None,
                spans: (b.name_span, r.name_span),
            });
        }
    }
    for p in &d.changes.contexts.pairs {
        let (b, r) = (base.context(p.base), rev.context(p.rev));
        out.push(Described {
            what: format!("context `{}`", r.name),
            docs: (b.docs.as_deref(), r.docs.as_deref()),
            vision: Some((b.vision.as_deref(), r.vision.as_deref())),
            spans: (b.name_span, r.name_span),
        });
    }
    for p in &d.changes.messages.pairs {
        let (b, r) = (base.message(p.base), rev.message(p.rev));
        out.push(Described {
            what: format!("{} `{}`", r.kind.as_str(), rev.message_path(p.rev)),
            docs: (b.docs.as_deref(), r.docs.as_deref()),
            vision: None,
            spans: (b.name_span, r.name_span),
        });
    }
    for p in &d.changes.types.pairs {
        let (b, r) = (base.type_def(p.base), rev.type_def(p.rev));
        out.push(Described {
            what: format!("{} `{}`", r.kind.as_str(), rev.type_path(p.rev)),
            docs: (b.docs.as_deref(), r.docs.as_deref()),
            vision: None,
            spans: (b.name_span, r.name_span),
        });
    }
    for (s, b, r) in fields(d, |_| true) {
        if let (Some(b), Some(r)) = (b, r) {
            out.push(Described {
                what: format!("field `{}` of {}", r.name, s.what),
                docs: (b.docs.as_deref(), r.docs.as_deref()),
                vision: None,
                spans: (b.name_span, r.name_span),
            });
        }
    }
    out
}
