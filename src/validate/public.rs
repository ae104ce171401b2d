//! E018: `public` opens a route to anonymous callers, so it only means
//! something on an operation exposed `via http`.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Model, Via};

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    for m in &model.messages {
        let Some(at) = m.public else { continue };
        if m.is_http() {
            continue;
        }
        let what = match m.via {
            Some(Via::Queue) => "a queue command is delivered by SQS, never called anonymously",
            _ => "without `via http` it has no route",
        };
        let mut d = Diagnostic::new(
            Code::E018,
            at,
            format!("`{}` is not `via http`, so it cannot be `public`", m.name),
        )
        .with_label(what)
        .help("remove `public`, or expose the operation with `via http METHOD \"/path\" public`");
        if let Some(via) = m.via_span {
            d = d.secondary(via, "its transport");
        }
        diags.push(d);
    }
}
