//! D312 `field-removed`: a field removed from something consumers read (an
//! event's payload, a response, or a type inside them, or a type another
//! context names). Their code reads a field that no longer arrives.

use super::paired;
use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    paired::removed_fields(
        d,
        out,
        |s| s.output,
        "keep the field (make it optional if it can be missing) until no consumer reads it",
    );
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up {\n value Money { cents: int, cur: string }\n event Paid { total: Money, note: string }\n command Do { x: int, y: int } via queue\n}\ncontext Down { subscribe Up.Paid\n sends Up.Do }\n";

    #[test]
    fn removing_from_outputs_and_nested_types_breaks() {
        let rev = BASE.replace("total: Money, note: string", "total: Money");
        assert_eq!(codes(BASE, &rev, Code::D312), 1);
        let nested = BASE.replace("cents: int, cur: string", "cents: int");
        assert_eq!(codes(BASE, &nested, Code::D312), 1);
        // Added back: no D312; removed from a command: D316 instead.
        assert_eq!(codes(&rev, BASE, Code::D312), 0);
        let input = BASE.replace("x: int, y: int", "x: int");
        assert_eq!(
            (
                codes(BASE, &input, Code::D312),
                codes(BASE, &input, Code::D316)
            ),
            (0, 1)
        );
    }
}
