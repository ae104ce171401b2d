//! D305 `message-moved`: a consumed message now belongs to another context
//! (paired by `/// renamed from Old.Name`, or the only message of its name
//! and kind that left one context and appeared in another). Consumers must
//! subscribe to, call or send it at its new owner, and its topic, queue or
//! route moves with it.

use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    for p in &d.changes.messages.pairs {
        let (b, r) = (d.base.message(p.base), d.rev.message(p.rev));
        let consumers = &d.uses.messages[p.base.index()];
        if d.rev_context(b.context) == Some(r.context) || b.internal || consumers.is_empty() {
            continue;
        }
        let diag = out
            .at(
                r.name_span,
                format!(
                    "{} `{}` moved to context `{}`",
                    b.kind.as_str(),
                    d.base.message_path(p.base),
                    d.rev.context(r.context).name
                ),
            )
            .with_label(format!("now `{}`", d.rev.message_path(p.rev)))
            .secondary(b.name_span, "declared here in the base")
            .help("consumers must now use it at its new context; keep publishing it from the old one until they have moved");
        out.push(diag, consumers);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn a_consumed_event_moving_breaks_its_subscribers() {
        let base = "context A { event E { x: int } }\ncontext B { }\ncontext C { subscribe A.E }\n";
        let rev = "context A { }\ncontext B { event E { x: int } }\ncontext C { subscribe B.E }\n";
        assert_eq!(codes(base, rev, Code::D305), 1);
        assert_eq!(codes(rev, base, Code::D305), 1);
        assert_eq!(codes(base, base, Code::D305), 0);
        // Unconsumed: only a note that it moved.
        let base = "context A { event E { x: int } }\ncontext B { }\n";
        let rev = "context A { }\ncontext B { event E { x: int } }\n";
        assert_eq!(codes(base, rev, Code::D305), 0);
        assert_eq!(codes(base, rev, Code::D307), 1);
    }
}
