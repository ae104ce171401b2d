//! D309 `route-changed`: a consumed http command or query kept its
//! transport but changed its method or path; every caller's requests now
//! miss.

use crate::diff::{Diff, Out};
use crate::model::Via;

pub fn run(d: &Diff, out: &mut Out) {
    for p in &d.changes.messages.pairs {
        let (b, r) = (d.base.message(p.base), d.rev.message(p.rev));
        let consumers = &d.uses.messages[p.base.index()];
        let (
            Some(Via::Http {
                method: bm,
                path: bp,
                path_span: bs,
                ..
            }),
            Some(Via::Http {
                method: rm,
                path: rp,
                path_span: rs,
                method_span,
            }),
        ) = (&b.via, &r.via)
        else {
            continue;
        };
        if b.internal || r.internal || consumers.is_empty() || (bm, bp) == (rm, rp) {
            continue;
        }
        let (was, now) = (
            format!("{} \"{bp}\"", bm.as_str()),
            format!("{} \"{rp}\"", rm.as_str()),
        );
        let span = crate::source::Span {
            end: rs.end,
            ..*method_span
        };
        let diag = out
            .at(
                span,
                format!(
                    "the route of `{}` changed from {was} to {now}",
                    d.rev.message_path(p.rev)
                ),
            )
            .with_label("new route")
            .secondary(*bs, format!("{was} in the base"))
            .help("callers still use the old route: serve both until they have moved");
        out.push(diag, consumers);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up {\n query Get { id: string } returns string via http GET \"/things/{id}\"\n}\ncontext Down { calls Up.Get }\n";

    #[test]
    fn method_or_path_changes_break_callers() {
        let path = BASE.replace("/things/{id}", "/items/{id}");
        assert_eq!(codes(BASE, &path, Code::D309), 1);
        assert_eq!(codes(&path, BASE, Code::D309), 1);
        let uncalled = path.replace("calls Up.Get", "");
        assert_eq!(
            codes(&BASE.replace("calls Up.Get", ""), &uncalled, Code::D309),
            0
        );
        assert_eq!(codes(BASE, BASE, Code::D309), 0);
    }
}
