//! D314 `field-made-required`: a field consumers write became required;
//! senders that leave it out are now rejected.

use super::{paired, required};
use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    for (s, b, r) in paired::fields(d, |s| s.input) {
        if let (Some(b), Some(r)) = (b, r) {
            let made_required = !required(&b.ty) && required(&r.ty);
            if !made_required {
                continue;
            }
            let diag = out
                .at(
                    r.ty_span,
                    format!("field `{}` of {} became required", r.name, s.what),
                )
                .with_label("senders may leave it out")
                .secondary(b.ty_span, "optional in the base")
                .help("keep it optional and give it a default in the handler, or make every sender send it first");
            out.push(diag, &s.consumers);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up {\n event Paid { total: int? }\n command Do { x: int? } via queue\n}\ncontext Down { subscribe Up.Paid\n sends Up.Do }\n";

    #[test]
    fn inputs_made_required_break_outputs_do_not() {
        let rev = BASE.replace("x: int?", "x: int");
        assert_eq!(codes(BASE, &rev, Code::D314), 1);
        assert_eq!(codes(&rev, BASE, Code::D314), 0);
        let output = BASE.replace("total: int?", "total: int");
        assert_eq!(codes(BASE, &output, Code::D314), 0);
    }
}
