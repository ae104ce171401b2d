//! D315 `type-changed`: what a consumer exchanges changed type: a field of
//! a consumed payload or type (optionality aside: D313/D314 judge that), the
//! response of a consumed command or query, or the kind of a consumed type
//! (an enum that became a value, an id with another base). A renamed or
//! moved type counts as the same type.

use super::{paired, strip_optional};
use crate::diff::{Diff, Out};
use crate::model::TypeDefKind;

pub fn run(d: &Diff, out: &mut Out) {
    for (s, b, r) in paired::fields(d, |s| !s.consumers.is_empty()) {
        if let (Some(b), Some(r)) = (b, r) {
            if d.changes
                .same_type(strip_optional(&b.ty), strip_optional(&r.ty))
            {
                continue;
            }
            let (was, now) = (
                d.base.type_ref_text(&b.ty, s.base_context),
                d.rev.type_ref_text(&r.ty, s.rev_context),
            );
            let diag = out
                .at(
                    r.ty_span,
                    format!(
                        "field `{}` of {} changed type from `{was}` to `{now}`",
                        r.name, s.what
                    ),
                )
                .with_label(format!("now `{now}`"))
                .secondary(b.ty_span, format!("`{was}` in the base"))
                .help("add a field of the new type beside the old one and remove the old one once no consumer uses it");
            out.push(diag, &s.consumers);
        }
    }
    for p in &d.changes.messages.pairs {
        let (b, r) = (d.base.message(p.base), d.rev.message(p.rev));
        let consumers = &d.uses.messages[p.base.index()];
        let Some((bt, bspan)) = &b.returns else {
            continue; // a response added breaks no caller
        };
        if b.internal || consumers.is_empty() {
            continue;
        }
        if r.returns
            .as_ref()
            .is_some_and(|(rt, _)| d.changes.same_type(bt, rt))
        {
            continue;
        }
        let was = d.base.type_ref_text(bt, b.context);
        let (message, span, label) = match &r.returns {
            Some((rt, rspan)) => {
                let now = d.rev.type_ref_text(rt, r.context);
                (
                    format!(
                        "the response of `{}` changed type from `{was}` to `{now}`",
                        d.rev.message_path(p.rev)
                    ),
                    *rspan,
                    format!("now `{now}`"),
                )
            }
            None => (
                format!("`{}` no longer returns `{was}`", d.rev.message_path(p.rev)),
                r.name_span,
                "no `returns`".to_string(),
            ),
        };
        let diag = out
            .at(span, message)
            .with_label(label)
            .secondary(*bspan, format!("`{was}` in the base"))
            .help("callers read the old response: keep it, or add a new query for the new one");
        out.push(diag, consumers);
    }
    for p in &d.changes.types.pairs {
        let (b, r) = (d.base.type_def(p.base), d.rev.type_def(p.rev));
        let consumers = &d.uses.types[p.base.index()].all;
        let same_kind = match (&b.kind, &r.kind) {
            (TypeDefKind::Enum(_), TypeDefKind::Enum(_)) => true,
            (x, y) => x == y || (x.is_structured() && y.is_structured()),
        };
        if same_kind || consumers.is_empty() {
            continue;
        }
        let kind = |k: &TypeDefKind| match k {
            TypeDefKind::Id(base) => format!("id ({})", format!("{base:?}").to_lowercase()),
            k => k.as_str().to_string(),
        };
        let diag = out
            .at(
                r.name_span,
                format!(
                    "`{}` changed from {} to {}",
                    d.rev.type_path(p.rev),
                    kind(&b.kind),
                    kind(&r.kind)
                ),
            )
            .with_label(format!("now {}", kind(&r.kind)))
            .secondary(b.name_span, format!("{} in the base", kind(&b.kind)))
            .help("its values look different on the wire: introduce a new type beside the old one");
        out.push(diag, consumers);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up {\n value Money { cents: int }\n event Paid { total: Money, n: int }\n query Get { id: string } returns Money via http GET \"/m/{id}\"\n event Free { n: int }\n}\ncontext Down { subscribe Up.Paid\n calls Up.Get }\n";

    #[test]
    fn field_response_and_kind_changes_break_consumers() {
        let field = BASE.replace("total: Money, n: int", "total: Money, n: string");
        assert_eq!(codes(BASE, &field, Code::D315), 1);
        assert_eq!(codes(&field, BASE, Code::D315), 1);
        let nested = BASE.replace("cents: int", "cents: decimal");
        assert_eq!(codes(BASE, &nested, Code::D315), 1);
        let response = BASE.replace("returns Money", "returns string");
        assert_eq!(codes(BASE, &response, Code::D315), 1);
        // Optionality alone is another rule's; an unconsumed event may change.
        let optional = BASE.replace("n: int }\n query", "n: int? }\n query");
        assert_eq!(codes(BASE, &optional, Code::D315), 0);
        let free = BASE.replace("Free { n: int }", "Free { n: string }");
        assert_eq!(codes(BASE, &free, Code::D315), 0);
        // A renamed type is the same type.
        let renamed = BASE
            .replace("value Money", "/// renamed from Money\n value Amount")
            .replace(": Money", ": Amount")
            .replace("returns Money", "returns Amount");
        assert_eq!(codes(BASE, &renamed, Code::D315), 0);
    }
}
