//! A service's relations in the catalog: its badges for the declared
//! context map, and its `sends` and `receives`.

use super::layout::{Channel, Layout};
use super::pages::pointer;
use crate::generate::contracts::yaml::Y;
use crate::model::{Arrow, ContextId, MessageId, MessageKind, Model, Pattern, Role};

/// The badge texts of a context's place in the declared context map, one
/// per relationship, in map order.
pub(super) fn patterns(model: &Model, c: ContextId) -> Vec<String> {
    let Some(map) = &model.map else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in &map.relationships {
        let (mine, other, theirs_up) = if r.left == c {
            (&r.left_roles, r.right, false)
        } else if r.right == c {
            (&r.right_roles, r.left, true)
        } else {
            continue;
        };
        let other = &model.context(other).name;
        let roles: Vec<&str> = mine.iter().map(|r| role(r.value)).collect();
        let roles = if roles.is_empty() {
            String::new()
        } else {
            format!(" ({})", roles.join(", "))
        };
        let text = match (r.pattern.as_ref().map(|p| p.value), r.arrow) {
            (Some(Pattern::Partnership), _) => format!("Partnership with {other}"),
            (Some(Pattern::SharedKernel), _) => format!("Shared kernel with {other}"),
            (Some(Pattern::SeparateWays), _) => format!("Separate ways from {other}"),
            (Some(Pattern::CustomerSupplier), _) if theirs_up => {
                format!("Customer of {other}{roles}")
            }
            (Some(Pattern::CustomerSupplier), _) => format!("Supplier of {other}{roles}"),
            (None, Arrow::Symmetric) => format!("Related to {other}{roles}"),
            (None, Arrow::Directed) if theirs_up => format!("Downstream of {other}{roles}"),
            (None, Arrow::Directed) => format!("Upstream of {other}{roles}"),
        };
        out.push(text);
    }
    out
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Ohs => "OHS",
        Role::Pl => "PL",
        Role::Acl => "ACL",
        Role::Cf => "CF",
    }
}

/// A service's `sends` and `receives`: what it publishes, sends and calls;
/// what it handles and subscribes to (each message once).
pub(super) fn flows(model: &Model, layout: &Layout, c: ContextId) -> (Vec<Y>, Vec<Y>) {
    let ctx = model.context(c);
    let mut sends: Vec<(MessageId, Option<&Channel>)> = Vec::new();
    let mut receives: Vec<(MessageId, Option<&Channel>)> = Vec::new();
    fn push<'a>(
        list: &mut Vec<(MessageId, Option<&'a Channel>)>,
        m: MessageId,
        ch: Option<&'a Channel>,
    ) {
        if !list.iter().any(|(x, _)| *x == m) {
            list.push((m, ch));
        }
    }
    for m in &ctx.messages {
        let msg = model.message(*m);
        match msg.kind {
            MessageKind::Event => {
                let ch = msg
                    .is_published_event()
                    .then(|| layout.events_channel(c))
                    .flatten();
                push(&mut sends, *m, ch);
            }
            _ => push(&mut receives, *m, layout.queue(*m)),
        }
    }
    for u in ctx.calls.iter().chain(&ctx.sends) {
        let target = model.use_(*u).target;
        push(&mut sends, target, layout.queue(target));
    }
    for s in &ctx.subscriptions {
        let event = model.subscription(*s).event;
        let publisher = model.message(event).context;
        push(&mut receives, event, layout.events_channel(publisher));
    }
    let render = |list: Vec<(MessageId, Option<&Channel>)>, key: &str| {
        list.into_iter()
            .map(|(m, ch)| {
                let p = pointer(layout.message_id(m));
                match ch {
                    Some(ch) => p.with(key, Y::Seq(vec![pointer(&ch.id)])),
                    None => p,
                }
            })
            .collect()
    };
    (render(sends, "to"), render(receives, "from"))
}
