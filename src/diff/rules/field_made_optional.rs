//! D313 `field-made-optional`: a field consumers read became optional; their
//! code assumes a value that may now be missing.

use super::{paired, required};
use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    for (s, b, r) in paired::fields(d, |s| s.output) {
        if let (Some(b), Some(r)) = (b, r) {
            let made_optional = required(&b.ty) && !required(&r.ty);
            if !made_optional {
                continue;
            }
            let diag = out
                .at(
                    r.ty_span,
                    format!("field `{}` of {} became optional", r.name, s.what),
                )
                .with_label("may now be missing")
                .secondary(b.ty_span, "required in the base")
                .help("consumers read it without checking: keep it required, or add a new optional field beside it");
            out.push(diag, &s.consumers);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up {\n event Paid { total: int }\n command Do { x: int } via queue\n}\ncontext Down { subscribe Up.Paid\n sends Up.Do }\n";

    #[test]
    fn outputs_made_optional_break_inputs_do_not() {
        let rev = BASE.replace("total: int", "total: int?");
        assert_eq!(codes(BASE, &rev, Code::D313), 1);
        assert_eq!(codes(&rev, BASE, Code::D313), 0);
        let input = BASE.replace("x: int", "x: int?");
        assert_eq!(codes(BASE, &input, Code::D313), 0);
    }
}
