//! D323 `owner-changed`: a context's `owner` team changed (or it gained or
//! lost one). Information: its consumers have someone else to talk to.

use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    for p in &d.changes.contexts.pairs {
        let (b, r) = (d.base.context(p.base), d.rev.context(p.rev));
        let name = |m: &crate::model::Model, t: Option<crate::model::TeamId>| {
            t.map(|t| format!("team `{}`", m.team(t).name))
                .unwrap_or_else(|| "no team".into())
        };
        let (was, now) = (name(d.base, b.owner), name(d.rev, r.owner));
        if was == now {
            continue;
        }
        let diag = out
            .at(
                r.name_span,
                format!(
                    "the owner of context `{}` changed from {was} to {now}",
                    r.name
                ),
            )
            .with_label(format!("owned by {now}"))
            .secondary(b.name_span, format!("owned by {was} in the base"));
        out.push(diag, &d.uses.of_context(d.base, p.base));
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn a_new_owner_is_noted() {
        let base = "team T\nteam U\ncontext A { owner T }\n";
        let rev = base.replace("owner T", "owner U");
        assert_eq!(codes(base, &rev, Code::D323), 1);
        assert_eq!(codes(&rev, base, Code::D323), 1);
        assert_eq!(codes(base, &base.replace("owner T", ""), Code::D323), 1);
        assert_eq!(codes(base, base, Code::D323), 0);
    }
}
