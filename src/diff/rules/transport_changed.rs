//! D308 `transport-changed`: a consumed message changed how it travels:
//! its kind (event, command, query), `via http` ↔ `via queue`, or it became
//! internal. Every consumer's `subscribe`, `calls` or `sends` no longer fits.
//! Also the system's `broker` (SNS ↔ EventBridge): every event travels
//! another way, for every subscriber at once.

use crate::diff::{Diff, Out};
use crate::model::{Broker, Message, Via};
use std::collections::BTreeSet;

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

fn broker(b: Broker) -> &'static str {
    match b {
        Broker::Sns => "sns",
        Broker::EventBridge => "eventbridge",
    }
}

pub fn run(d: &Diff, out: &mut Out) {
    let (was, now) = (d.base.system.broker, d.rev.system.broker);
    let subscribers: BTreeSet<_> = d
        .base
        .subscriptions
        .iter()
        .filter(|s| d.base.message(s.event).context != s.context)
        .map(|s| s.context)
        .collect();
    let at = d.rev.system.span.or(d.base.system.span);
    if let (true, false, Some(at)) = (was != now, subscribers.is_empty(), at) {
        let mut diag = out
            .at(
                at,
                format!(
                    "the broker changed from {} to {}: every event travels another way",
                    broker(was),
                    broker(now)
                ),
            )
            .with_label(format!("broker {}", broker(now)))
            .help("every subscriber's wiring changes at once: switch the broker in one release of all contexts");
        if let Some(b) = d.base.system.span.filter(|b| Some(*b) != Some(at)) {
            diag = diag.secondary(b, format!("broker {} in the base", broker(was)));
        }
        out.push(diag, &subscribers);
    }
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

    #[test]
    fn a_new_broker_breaks_every_subscriber() {
        let base = "system S { broker sns }\ncontext Up { event E { x: int } }\ncontext Down { subscribe Up.E }\n";
        let rev = base.replace("broker sns", "broker eventbridge");
        assert_eq!(codes(base, &rev, Code::D308), 1);
        assert_eq!(codes(&rev, base, Code::D308), 1);
        // Dropping the block goes back to the default, SNS.
        assert_eq!(
            codes(
                &rev,
                &rev.replace("system S { broker eventbridge }\n", ""),
                Code::D308
            ),
            1
        );
        assert_eq!(codes(base, base, Code::D308), 0);
    }
}
