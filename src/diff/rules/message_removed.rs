//! D303 `message-removed` and D304 `message-removed-unused`: a published
//! message (an event, or a command or query with `via`) is gone from a
//! context that stays. Breaking when another context subscribed to, called
//! or sent it in the base. Internal messages are the context's own business.

use crate::diff::{Diff, Out};

fn check(d: &Diff, out: &mut Out, used: bool) {
    for &m in &d.changes.messages.removed {
        let msg = d.base.message(m);
        let Some(rev_ctx) = d.rev_context(msg.context) else {
            continue; // the whole context went: D301/D302
        };
        let consumers = &d.uses.messages[m.index()];
        if msg.internal || consumers.is_empty() == used {
            continue;
        }
        let ctx = d.rev.context(rev_ctx);
        let diag = out
            .at(
                ctx.name_span,
                format!(
                    "{} `{}` was removed",
                    msg.kind.as_str(),
                    d.base.message_path(m)
                ),
            )
            .with_label(format!("`{}` is no longer declared here", msg.name))
            .secondary(msg.name_span, "declared here in the base")
            .help(if used {
                "keep the message until its consumers have stopped using it; if it was renamed, say so with `/// renamed from OldName`"
            } else {
                "nothing in the model used it; make sure nothing outside did"
            });
        out.push(diag, consumers);
    }
}

super::used_and_unused!();

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up {\n event E { x: int }\n event F { y: int }\n internal event G {}\n}\ncontext Down { subscribe Up.E }\n";

    #[test]
    fn used_messages_break_unused_warn_internal_are_silent() {
        let no_e = "context Up {\n event F { y: int }\n internal event G {}\n}\ncontext Down { }\n";
        let no_f = "context Up {\n event E { x: int }\n internal event G {}\n}\ncontext Down { subscribe Up.E }\n";
        let no_g = "context Up {\n event E { x: int }\n event F { y: int }\n}\ncontext Down { subscribe Up.E }\n";
        assert_eq!(
            (codes(BASE, no_e, Code::D303), codes(BASE, no_e, Code::D304)),
            (1, 0)
        );
        assert_eq!(
            (codes(BASE, no_f, Code::D303), codes(BASE, no_f, Code::D304)),
            (0, 1)
        );
        assert_eq!(
            (codes(BASE, no_g, Code::D303), codes(BASE, no_g, Code::D304)),
            (0, 0)
        );
        // Adding them back is no finding.
        assert_eq!(
            codes(no_e, BASE, Code::D303) + codes(no_e, BASE, Code::D304),
            0
        );
    }
}
