//! D311 `required-field-added`: a required field added to something
//! consumers write (a command's or query's fields, or a type inside them).
//! Every existing sender omits it, so the owner rejects their requests.

use super::{paired, required};
use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    for (s, b, r) in paired::fields(d, |s| s.input) {
        if let (None, Some(f)) = (b, r) {
            if !required(&f.ty) {
                continue;
            }
            let diag = out
                .at(
                    f.span,
                    format!("required field `{}` added to {}", f.name, s.what),
                )
                .with_label("consumers do not send this field")
                .secondary(s.base_span, "in the base")
                .help(format!(
                    "make it optional (`{}: {}?`) or give senders time to send it first",
                    f.name,
                    d.rev.type_ref_text(&f.ty, s.rev_context)
                ));
            out.push(diag, &s.consumers);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up { command Do { x: int } via queue\n event Done { x: int } }\ncontext Down { sends Up.Do\n subscribe Up.Done }\n";

    #[test]
    fn required_input_fields_break_optional_and_output_do_not() {
        let req = BASE.replace("Do { x: int }", "Do { x: int, y: int }");
        assert_eq!(codes(BASE, &req, Code::D311), 1);
        assert_eq!(codes(&req, BASE, Code::D311), 0);
        let opt = BASE.replace("Do { x: int }", "Do { x: int, y: int? }");
        assert_eq!(codes(BASE, &opt, Code::D311), 0);
        let out = BASE.replace("Done { x: int }", "Done { x: int, y: int }");
        assert_eq!(codes(BASE, &out, Code::D311), 0);
    }
}
