//! D322 `docs-changed`: the `///` documentation of a domain, subdomain,
//! team, context, message, type or field changed (rename hints aside).
//! Information: docs flow into every generated description.

use super::paired::described;
use crate::diff::{docs_text, Diff, Out};
use std::collections::BTreeSet;

pub fn run(d: &Diff, out: &mut Out) {
    for x in described(d) {
        if docs_text(x.docs.0) == docs_text(x.docs.1) {
            continue;
        }
        let diag = out
            .at(
                x.spans.1,
                format!("the documentation of {} changed", x.what),
            )
            .with_label("documented here")
            .secondary(x.spans.0, "in the base");
        out.push(diag, &BTreeSet::new());
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn changed_docs_are_noted_rename_hints_are_not_docs() {
        let base = "/// Sells.\ncontext A {\n /// Paid.\n event E {\n /// Cents.\n x: int\n }\n}\n";
        let rev = base.replace("Cents.", "Euro cents.");
        assert_eq!(codes(base, &rev, Code::D322), 1);
        assert_eq!(codes(&rev, base, Code::D322), 1);
        let hinted = base.replace(
            "/// Paid.\n event E",
            "/// Paid.\n /// renamed from Old\n event E",
        );
        assert_eq!(codes(base, &hinted, Code::D322), 0);
        assert_eq!(codes(base, base, Code::D322), 0);
    }
}
