//! D310 `type-removed`: a type that another context named (a field or
//! `returns` of its own) is gone from a context that stays. (A type reached
//! only through a consumed message's payload shows up as that field's
//! type change, D315.)

use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    for &t in &d.changes.types.removed {
        let ty = d.base.type_def(t);
        let Some(rev_ctx) = d.rev_context(ty.context) else {
            continue; // the whole context went: D301/D302
        };
        let consumers = &d.uses.types[t.index()].direct;
        if consumers.is_empty() {
            continue;
        }
        let diag = out
            .at(
                d.rev.context(rev_ctx).name_span,
                format!("{} `{}` was removed", ty.kind.as_str(), d.base.type_path(t)),
            )
            .with_label(format!("`{}` is no longer declared here", ty.name))
            .secondary(ty.name_span, "declared here in the base")
            .help("other contexts named this type: keep it until they have their own, or say where it went with `/// renamed from Context.Name`");
        out.push(diag, consumers);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn only_types_other_contexts_name_count() {
        let base = "context Up {\n value Money { c: int }\n value Own { c: int }\n}\ncontext Down { value Copy { m: Up.Money } }\n";
        let rev =
            "context Up {\n value Own { c: int }\n}\ncontext Down { value Copy { m: int } }\n";
        assert_eq!(codes(base, rev, Code::D310), 1);
        let rev2 = "context Up {\n value Money { c: int }\n}\ncontext Down { value Copy { m: Up.Money } }\n";
        assert_eq!(codes(base, rev2, Code::D310), 0);
        assert_eq!(codes(rev, base, Code::D310), 0);
    }
}
