//! D318 `enum-value-added`: a value added to an enum that consumers read
//! (in an event or a response). Readers that switch over its values meet
//! one they do not know.

use crate::diff::{match_variants, Diff, Out};
use crate::model::TypeDefKind;

pub fn run(d: &Diff, out: &mut Out) {
    for p in &d.changes.types.pairs {
        let (b, r) = (d.base.type_def(p.base), d.rev.type_def(p.rev));
        let (TypeDefKind::Enum(bv), TypeDefKind::Enum(rv)) = (&b.kind, &r.kind) else {
            continue;
        };
        let u = &d.uses.types[p.base.index()];
        if !u.output {
            continue;
        }
        for &i in &match_variants(bv, rv).added {
            let diag = out
                .at(
                    r.name_span,
                    format!(
                        "value `{}` added to enum `{}`, which consumers read",
                        rv[i].name,
                        d.rev.type_path(p.rev)
                    ),
                )
                .with_label(format!("new value `{}`", rv[i].name))
                .secondary(b.name_span, "in the base")
                .help("make sure every reader handles an unknown value before this is published");
            out.push(diag, &u.all);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn adding_a_value_warns_only_for_read_enums() {
        let base = "context Up {\n enum Status { open }\n enum Kind { a }\n event Changed { s: Status }\n command Do { k: Kind } via queue\n}\ncontext Down { subscribe Up.Changed\n sends Up.Do }\n";
        let rev = base.replace("{ open }", "{ open, closed }");
        assert_eq!(codes(base, &rev, Code::D318), 1);
        assert_eq!(codes(&rev, base, Code::D318), 0);
        let input = base.replace("{ a }", "{ a, b }");
        assert_eq!(codes(base, &input, Code::D318), 0);
    }
}
