//! D322 `docs-changed`: the `///` documentation of a domain, subdomain,
//! team, context, message, type or field changed (rename hints aside).
//! Information: docs flow into every generated description.

use crate::diff::{docs_text, match_fields, Diff, Out};
use crate::source::Span;
use std::collections::{BTreeSet, HashMap};

fn report(out: &mut Out, what: String, b: Option<&str>, r: Option<&str>, spans: (Span, Span)) {
    if docs_text(b) == docs_text(r) {
        return;
    }
    let diag = out
        .at(spans.1, format!("the documentation of {what} changed"))
        .with_label("documented here")
        .secondary(spans.0, "in the base");
    out.push(diag, &BTreeSet::new());
}

pub fn run(d: &Diff, out: &mut Out) {
    let (base, rev) = (d.base, d.rev);
    let domains: HashMap<&str, _> = base.domains.iter().map(|x| (x.name.as_str(), x)).collect();
    for r in &rev.domains {
        if let Some(b) = domains.get(r.name.as_str()) {
            let what = format!("domain `{}`", r.name);
            report(
                out,
                what,
                b.docs.as_deref(),
                r.docs.as_deref(),
                (b.name_span, r.name_span),
            );
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
            let what = format!("{} `{dom}.{}`", super::part_kind(r.kind), r.name);
            report(
                out,
                what,
                b.docs.as_deref(),
                r.docs.as_deref(),
                (b.name_span, r.name_span),
            );
        }
    }
    let teams: HashMap<&str, _> = base.teams.iter().map(|x| (x.name.as_str(), x)).collect();
    for r in &rev.teams {
        if let Some(b) = teams.get(r.name.as_str()) {
            let what = format!("team `{}`", r.name);
            report(
                out,
                what,
                b.docs.as_deref(),
                r.docs.as_deref(),
                (b.name_span, r.name_span),
            );
        }
    }
    for p in &d.changes.contexts.pairs {
        let (b, r) = (base.context(p.base), rev.context(p.rev));
        let what = format!("context `{}`", r.name);
        report(
            out,
            what,
            b.docs.as_deref(),
            r.docs.as_deref(),
            (b.name_span, r.name_span),
        );
    }
    for p in &d.changes.messages.pairs {
        let (b, r) = (base.message(p.base), rev.message(p.rev));
        let what = format!("{} `{}`", r.kind.as_str(), rev.message_path(p.rev));
        report(
            out,
            what,
            b.docs.as_deref(),
            r.docs.as_deref(),
            (b.name_span, r.name_span),
        );
    }
    for p in &d.changes.types.pairs {
        let (b, r) = (base.type_def(p.base), rev.type_def(p.rev));
        let what = format!("{} `{}`", r.kind.as_str(), rev.type_path(p.rev));
        report(
            out,
            what,
            b.docs.as_deref(),
            r.docs.as_deref(),
            (b.name_span, r.name_span),
        );
    }
    for s in &d.structures {
        for p in match_fields(s.base_fields, s.rev_fields).pairs {
            let (b, r) = (&s.base_fields[p.base], &s.rev_fields[p.rev]);
            let what = format!("field `{}` of {}", r.name, s.what);
            report(
                out,
                what,
                b.docs.as_deref(),
                r.docs.as_deref(),
                (b.name_span, r.name_span),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn changed_docs_are_noted_rename_hints_are_not_docs() {
        let base = "/// Sells.\ncontext A {\n /// Paid.\n event E {\n /// Cents.\n x: int\n }\n}\n";
        let rev = base.replace("Cents.", "Euro cents.");
        assert_eq!(codes(base, &rev, Code::D322), 1);
        assert_eq!(codes(&rev, base, Code::D322), 1);
        let hinted = base.replace(
            "/// Paid.\n event E",
            "/// Paid.\n /// renamed from Old\n event E",
        );
        assert_eq!(codes(base, &hinted, Code::D322), 0);
        assert_eq!(codes(base, base, Code::D322), 0);
    }
}
