//! D301 `context-removed` and D302 `context-removed-unused`: a bounded
//! context is gone. Breaking when another context used any of its messages
//! or named any of its types in the base. Nothing in the revision stands
//! where it was, so these findings point at the base.

use crate::diff::{Diff, Out};

fn check(d: &Diff, out: &mut Out, used: bool) {
    for &c in &d.changes.contexts.removed {
        let consumers = d.uses.of_context(d.base, c);
        if consumers.is_empty() == used {
            continue;
        }
        let ctx = d.base.context(c);
        let diag = out
            .at(ctx.name_span, format!("context `{}` was removed", ctx.name))
            .with_label("this context is not in the revision")
            .help(if used {
                "keep the context (and what its consumers use) until they have moved off it; if it was renamed, say so with `/// renamed from OldName`"
            } else {
                "nothing used it; make sure no system outside the model did"
            });
        out.push(diag, &consumers);
    }
}

super::used_and_unused!();

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::{codes, with};

    const BASE: &str = "context Up { event E { x: int } }\ncontext Down { subscribe Up.E }\ncontext Lone { event F { y: int } }\n";

    #[test]
    fn removing_a_used_context_breaks_and_an_unused_one_warns() {
        let rev = "context Down { }\n";
        assert_eq!(codes(BASE, rev, Code::D301), 1);
        assert_eq!(codes(BASE, rev, Code::D302), 1);
        assert_eq!(
            codes(BASE, BASE, Code::D301) + codes(BASE, BASE, Code::D302),
            0
        );
        // Added contexts are no finding.
        assert_eq!(with(rev, BASE).len(), 0);
    }
}
