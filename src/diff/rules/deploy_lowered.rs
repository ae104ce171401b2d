//! D321 `deploy-lowered`: a context's `deploy` setting went down (memory,
//! timeout, reserved concurrency, throttle rate or burst). Its consumers see
//! more timeouts, throttling or slower answers.

use crate::diff::{Diff, Out};
use crate::model::Deploy;

/// Each setting as a comparable number (`None` concurrency: unreserved,
/// the most).
fn settings(d: &Deploy) -> [(&'static str, u64, String); 5] {
    [
        ("memory", d.memory_mb.into(), format!("{} MB", d.memory_mb)),
        (
            "timeout",
            d.timeout_ms.into(),
            format!("{} ms", d.timeout_ms),
        ),
        (
            "concurrency",
            d.concurrency.map(u64::from).unwrap_or(u64::MAX),
            d.concurrency
                .map(|c| c.to_string())
                .unwrap_or_else(|| "unreserved".into()),
        ),
        (
            "throttle",
            d.throttle_rps.into(),
            format!("{}/s", d.throttle_rps),
        ),
        ("burst", d.burst.into(), d.burst.to_string()),
    ]
}

pub fn run(d: &Diff, out: &mut Out) {
    for p in &d.changes.contexts.pairs {
        let (b, r) = (d.base.context(p.base), d.rev.context(p.rev));
        let consumers = d.uses.of_context(d.base, p.base);
        for ((name, was, was_text), (_, now, now_text)) in
            settings(&b.deploy).into_iter().zip(settings(&r.deploy))
        {
            if now >= was {
                continue;
            }
            let diag = out
                .at(
                    r.name_span,
                    format!(
                        "deploy {name} of context `{}` lowered from {was_text} to {now_text}",
                        r.name
                    ),
                )
                .with_label(format!("{name} {now_text}"))
                .secondary(b.name_span, format!("{name} {was_text} in the base"))
                .help("make sure the context still meets its consumers' load and latency at the lower setting");
            out.push(diag, &consumers);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn lowering_warns_raising_does_not() {
        let base = "context A { deploy { memory 512, timeout 10s } }\n";
        let rev = "context A { deploy { memory 256, timeout 10s, concurrency 5 } }\n";
        assert_eq!(codes(base, rev, Code::D321), 2, "memory and concurrency");
        assert_eq!(codes(rev, base, Code::D321), 0);
        assert_eq!(codes(base, base, Code::D321), 0);
    }
}
