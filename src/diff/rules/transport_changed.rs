//! D308 `transport-changed`: a consumed message changed how it travels:
//! its kind (event, command, query), `via http` ↔ `via queue`, or it became
//! internal. Every consumer's `subscribe`, `calls` or `sends` no longer fits.

use crate::diff::{Diff, Out};
use crate::model::{Message, Via};

/// How a message travels, in words.
pub fn transport(m: &Message) -> String {
    let kind = m.kind.as_str();
    match &m.via {
        _ if m.internal => format!("internal {kind}"),
        Some(Via::Http { .. }) => format!("{kind} via http"),
        Some(Via::Queue) => format!("{kind} via queue"),
        None => kind.to_string(),
    }
}

pub fn run(d: &Diff, out: &mut Out) {
    for p in &d.changes.messages.pairs {
        let (b, r) = (d.base.message(p.base), d.rev.message(p.rev));
        let consumers = &d.uses.messages[p.base.index()];
        let (was, now) = (transport(b), transport(r));
        if b.internal || consumers.is_empty() || was == now {
            continue;
        }
        let diag = out
            .at(
                r.via_span.unwrap_or(r.name_span),
                format!(
                    "`{}` changed from {was} to {now}",
                    d.rev.message_path(p.rev)
                ),
            )
            .with_label(format!("now {now}"))
            .secondary(b.via_span.unwrap_or(b.name_span), format!("{was} in the base"))
            .help("consumers subscribe to events, call http commands and queries, and send queue commands: keep the old message until they have moved to a new one");
        out.push(diag, consumers);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up {\n command Do { x: int } via queue\n command Free { x: int } via queue\n}\ncontext Down { sends Up.Do }\n";

    #[test]
    fn queue_to_http_or_internal_breaks_senders() {
        let http = BASE
            .replace(
                "Do { x: int } via queue",
                "Do { x: int } via http POST \"/do\"",
            )
            .replace("sends Up.Do", "calls Up.Do");
        assert_eq!(codes(BASE, &http, Code::D308), 1);
        assert_eq!(codes(&http, BASE, Code::D308), 1);
        let internal = BASE
            .replace("Do { x: int } via queue", "Do { x: int }")
            .replace("sends Up.Do", "");
        assert_eq!(codes(BASE, &internal, Code::D308), 1);
        // An unconsumed command may change freely.
        let free = BASE.replace(
            "Free { x: int } via queue",
            "Free { x: int } via http POST \"/f\"",
        );
        assert_eq!(codes(BASE, &free, Code::D308), 0);
    }
}
