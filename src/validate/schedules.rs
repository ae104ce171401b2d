//! E024: a schedule the generated system cannot run.
//!
//! `every ...` becomes an EventBridge Scheduler schedule that sends the
//! command to its queue with no values: so only a `via queue` command can be
//! scheduled, every field of it must be optional, and the rate or cron
//! expression must be one the Scheduler takes (`model::Schedule::expression`).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{MessageKind, Model, TypeRef};

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    for m in &model.messages {
        let Some(s) = &m.schedule else { continue };
        if m.kind != MessageKind::Command {
            diags.push(
                Diagnostic::new(
                    Code::E024,
                    s.span,
                    format!(
                        "{} `{}` has a schedule; only commands can be scheduled",
                        m.kind.as_str(),
                        m.name
                    ),
                )
                .with_label("a schedule on a query")
                .help("a schedule sends a command that changes state; a query only reads"),
            );
            continue;
        }
        if let Err(why) = s.expression() {
            diags.push(
                Diagnostic::new(Code::E024, s.value_span, format!("`{}` cannot run on schedule: {why}", m.name))
                    .with_label("not a schedule EventBridge Scheduler takes")
                    .help("write `every 5m`, `every 1h`, `every 1d` or `every \"cron(0 3 * * ? *)\"` (UTC)"),
            );
        }
        if !m.is_queue() {
            let mut d = Diagnostic::new(
                Code::E024,
                s.span,
                format!("scheduled command `{}` is not `via queue`", m.name),
            )
            .with_label("the schedule sends to the command's queue");
            if let Some(v) = m.via_span {
                d = d.secondary(v, "sent this way instead");
            }
            diags.push(d.help(
                "write `via queue` before `every`: the queue gives retries and a dead-letter queue",
            ));
        }
        for f in &m.fields {
            if !matches!(f.ty, TypeRef::Optional(_)) {
                diags.push(
                    Diagnostic::new(
                        Code::E024,
                        f.name_span,
                        format!("scheduled command `{}` has a required field `{}`", m.name, f.name),
                    )
                    .with_label("the scheduler has no value for it")
                    .secondary(s.span, "scheduled here")
                    .help(format!(
                        "the schedule sends the command with no values: make it optional (`{}: ...?`) and \
                         let the handler choose the default",
                        f.name
                    )),
                );
            }
        }
    }
}
