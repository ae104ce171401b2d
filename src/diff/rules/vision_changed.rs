//! D324 `vision-changed`: the `vision` of a domain, subdomain or capability,
//! or context changed. Information for the teams that rely on it.

use crate::diff::{Diff, Out};
use crate::source::Span;
use std::collections::{BTreeSet, HashMap};

fn report(
    out: &mut Out,
    what: String,
    b: &Option<String>,
    r: &Option<String>,
    spans: (Span, Span),
) {
    if b == r {
        return;
    }
    let diag = out
        .at(spans.1, format!("the vision of {what} changed"))
        .with_label("here")
        .secondary(spans.0, "in the base");
    out.push(diag, &BTreeSet::new());
}

pub fn run(d: &Diff, out: &mut Out) {
    let (base, rev) = (d.base, d.rev);
    let domains: HashMap<&str, _> = base.domains.iter().map(|x| (x.name.as_str(), x)).collect();
    for r in &rev.domains {
        if let Some(b) = domains.get(r.name.as_str()) {
            report(
                out,
                format!("domain `{}`", r.name),
                &b.vision,
                &r.vision,
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
            report(out, what, &b.vision, &r.vision, (b.name_span, r.name_span));
        }
    }
    for p in &d.changes.contexts.pairs {
        let (b, r) = (base.context(p.base), rev.context(p.rev));
        report(
            out,
            format!("context `{}`", r.name),
            &b.vision,
            &r.vision,
            (b.name_span, r.name_span),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn a_new_vision_is_noted() {
        let base = "domain D { vision \"Sell.\"\n subdomain S }\ncontext A { implements D.S\n vision \"Orders.\" }\n";
        let rev = base.replace("Orders.", "All orders.");
        assert_eq!(codes(base, &rev, Code::D324), 1);
        assert_eq!(codes(&rev, base, Code::D324), 1);
        assert_eq!(codes(base, base, Code::D324), 0);
    }
}
