//! D317 `enum-value-removed`: a value removed from a consumed enum. Senders
//! that still send it are rejected; readers lose a state they handle.

use crate::diff::{match_variants, Diff, Out};
use crate::model::TypeDefKind;

pub fn run(d: &Diff, out: &mut Out) {
    for p in &d.changes.types.pairs {
        let (b, r) = (d.base.type_def(p.base), d.rev.type_def(p.rev));
        let (TypeDefKind::Enum(bv), TypeDefKind::Enum(rv)) = (&b.kind, &r.kind) else {
            continue;
        };
        let consumers = &d.uses.types[p.base.index()].all;
        if consumers.is_empty() {
            continue;
        }
        for &i in &match_variants(bv, rv).removed {
            let diag = out
                .at(
                    r.name_span,
                    format!(
                        "value `{}` removed from enum `{}`",
                        bv[i].name,
                        d.rev.type_path(p.rev)
                    ),
                )
                .with_label(format!("no `{}` any more", bv[i].name))
                .secondary(b.name_span, "declared here in the base")
                .help("keep the value (document it as no longer produced) until no consumer sends or expects it");
            out.push(diag, consumers);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn removing_a_value_of_a_consumed_enum_breaks() {
        let base = "context Up {\n enum Status { open, closed }\n enum Own { a, b }\n event Changed { s: Status }\n}\ncontext Down { subscribe Up.Changed }\n";
        let rev = base.replace("open, closed", "open");
        assert_eq!(codes(base, &rev, Code::D317), 1);
        assert_eq!(codes(&rev, base, Code::D317), 0);
        let own = base.replace("a, b", "a");
        assert_eq!(codes(base, &own, Code::D317), 0);
    }
}
