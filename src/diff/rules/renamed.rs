//! D306 `renamed` and D307 `renamed-unused`: a context, message, type,
//! field or enum value paired with its old name by `/// renamed from Old`
//! (or a message or type that moved without being consumed). One finding,
//! not a removal and an addition. Breaking when something consumed it:
//! other contexts name the context, message or directly referenced type,
//! and a consumed field's or value's name is on the wire.

use crate::diff::{match_variants, Diff, Out};
use crate::model::TypeDefKind;
use crate::source::Span;
use std::collections::BTreeSet;

struct Rename {
    what: String,
    rev_span: Span,
    base_span: Span,
    consumers: BTreeSet<crate::model::ContextId>,
}

fn renames(d: &Diff) -> Vec<Rename> {
    let mut out = Vec::new();
    for p in &d.changes.contexts.pairs {
        let (b, r) = (d.base.context(p.base), d.rev.context(p.rev));
        if b.name != r.name {
            out.push(Rename {
                what: format!("context `{}` renamed to `{}`", b.name, r.name),
                rev_span: r.name_span,
                base_span: b.name_span,
                consumers: d.uses.of_context(d.base, p.base),
            });
        }
    }
    for p in &d.changes.messages.pairs {
        let (b, r) = (d.base.message(p.base), d.rev.message(p.rev));
        let moved = d.rev_context(b.context) != Some(r.context);
        if b.name == r.name && !moved {
            continue;
        }
        let consumers = &d.uses.messages[p.base.index()];
        if moved && !consumers.is_empty() && !b.internal {
            continue; // D305
        }
        out.push(Rename {
            what: format!(
                "{} `{}` {} `{}`",
                b.kind.as_str(),
                d.base.message_path(p.base),
                if moved { "moved to" } else { "renamed to" },
                d.rev.message_path(p.rev)
            ),
            rev_span: r.name_span,
            base_span: b.name_span,
            consumers: if b.internal {
                BTreeSet::new()
            } else {
                consumers.clone()
            },
        });
    }
    for p in &d.changes.types.pairs {
        let (b, r) = (d.base.type_def(p.base), d.rev.type_def(p.rev));
        let moved = d.rev_context(b.context) != Some(r.context);
        if b.name != r.name || moved {
            out.push(Rename {
                what: format!(
                    "{} `{}` {} `{}`",
                    b.kind.as_str(),
                    d.base.type_path(p.base),
                    if moved { "moved to" } else { "renamed to" },
                    d.rev.type_path(p.rev)
                ),
                rev_span: r.name_span,
                base_span: b.name_span,
                consumers: d.uses.types[p.base.index()].direct.clone(),
            });
        }
        if let (TypeDefKind::Enum(bv), TypeDefKind::Enum(rv)) = (&b.kind, &r.kind) {
            for v in match_variants(bv, rv).pairs {
                let (old, new) = (&bv[v.base].name, &rv[v.rev].name);
                if old != new {
                    out.push(Rename {
                        what: format!(
                            "value `{old}` of enum `{}` renamed to `{new}`",
                            d.rev.type_path(p.rev)
                        ),
                        rev_span: r.name_span,
                        base_span: b.name_span,
                        consumers: d.uses.types[p.base.index()].all.clone(),
                    });
                }
            }
        }
    }
    for (s, b, r) in super::paired::fields(d, |_| true) {
        if let (Some(b), Some(r)) = (b, r) {
            if b.name != r.name {
                out.push(Rename {
                    what: format!("field `{}` of {} renamed to `{}`", b.name, s.what, r.name),
                    rev_span: r.name_span,
                    base_span: b.name_span,
                    consumers: s.consumers.clone(),
                });
            }
        }
    }
    out
}

fn check(d: &Diff, out: &mut Out, used: bool) {
    for r in renames(d) {
        if r.consumers.is_empty() == used {
            continue;
        }
        let diag = out
            .at(r.rev_span, r.what)
            .with_label("new name")
            .secondary(r.base_span, "old name in the base")
            .help(if used {
                "consumers must move to the new name together; to rename without breaking them, add the new declaration beside the old one and remove the old one once nobody uses it"
            } else {
                "nothing consumed it, so the rename breaks no one"
            });
        out.push(diag, &r.consumers);
    }
}

super::used_and_unused!();

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::{codes, with};

    const BASE: &str = "context Up {\n value Money { cents: int }\n event Paid { total: Money }\n event Other { x: int }\n}\ncontext Down { subscribe Up.Paid }\n";

    #[test]
    fn a_hinted_rename_is_one_finding() {
        let rev = "context Up {\n value Money { cents: int }\n /// renamed from Paid\n event PaymentTaken { total: Money }\n event Other { x: int }\n}\ncontext Down { subscribe Up.PaymentTaken }\n";
        let f = with(BASE, rev);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].diagnostic.code, Code::D306);
        assert_eq!(f[0].affected[0].context, "Down");
        // Back again, with the hint the other way.
        let back = BASE.replace("event Paid", "/// renamed from PaymentTaken\n event Paid");
        assert_eq!(codes(rev, &back, Code::D306), 1);
        // Without the hint: a removal (breaking) and nothing for the addition.
        let unhinted = rev.replace(" /// renamed from Paid\n", "");
        assert_eq!(codes(BASE, &unhinted, Code::D306), 0);
        assert_eq!(codes(BASE, &unhinted, Code::D303), 1);
    }

    #[test]
    fn fields_of_consumed_payloads_break_others_only_note() {
        let rev = BASE.replace(
            "{ total: Money }",
            "{\n /// renamed from total\n amount: Money\n }",
        );
        assert_eq!(codes(BASE, &rev, Code::D306), 1);
        let rev = BASE.replace("{ x: int }", "{\n /// renamed from x\n y: int\n }");
        assert_eq!(
            (codes(BASE, &rev, Code::D306), codes(BASE, &rev, Code::D307)),
            (0, 1)
        );
        assert_eq!(
            codes(BASE, BASE, Code::D306) + codes(BASE, BASE, Code::D307),
            0
        );
    }

    #[test]
    fn a_renamed_context_is_one_finding_and_keeps_its_members_paired() {
        let rev = BASE
            .replace("context Up {", "/// renamed from Up\ncontext Upstream {")
            .replace("subscribe Up.Paid", "subscribe Upstream.Paid");
        let f = with(BASE, &rev);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].diagnostic.code, Code::D306);
        assert!(f[0]
            .diagnostic
            .message
            .starts_with("context `Up` renamed to `Upstream`"));
    }

    #[test]
    fn a_qualified_hint_pairs_a_moved_message() {
        let base = "context A {\n event E { x: int }\n event F { x: int }\n}\ncontext B { }\ncontext C { subscribe A.E }\n";
        let rev = "context A {\n event F { x: int }\n}\ncontext B {\n /// renamed from A.E\n event Happened { x: int }\n}\ncontext C { subscribe B.Happened }\n";
        let f = with(base, rev);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].diagnostic.code, Code::D305);
    }

    #[test]
    fn a_renamed_value_of_a_consumed_enum_is_one_finding() {
        let base = "context Up {\n enum Status { open, shut }\n event Changed { s: Status }\n}\ncontext Down { subscribe Up.Changed }\n";
        let rev = base.replace("open, shut", "open\n /// renamed from shut\n closed\n");
        let f = with(base, &rev);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].diagnostic.code, Code::D306);
        assert!(f[0]
            .diagnostic
            .message
            .starts_with("value `shut` of enum `Up.Status` renamed to `closed`"));
    }
}
