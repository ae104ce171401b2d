//! D324 `vision-changed`: the `vision` of a domain, subdomain or capability,
//! or context changed. Information for the teams that rely on it.

use super::paired::described;
use crate::diff::{Diff, Out};
use std::collections::BTreeSet;

pub fn run(d: &Diff, out: &mut Out) {
    for x in described(d) {
        match x.vision {
            Some((b, r)) if b != r => {
                let diag = out
                    .at(x.spans.1, format!("the vision of {} changed", x.what))
                    .with_label("here")
                    .secondary(x.spans.0, "in the base");
                out.push(diag, &BTreeSet::new());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn a_new_vision_is_noted() {
        let base = "domain D { vision \"Sell.\"\n subdomain S }\ncontext A { implements D.S\n vision \"Orders.\" }\n";
        let rev = base.replace("Orders.", "All orders.");
        assert_eq!(codes(base, &rev, Code::D324), 1);
        assert_eq!(codes(&rev, base, Code::D324), 1);
        assert_eq!(codes(base, base, Code::D324), 0);
    }
}
