//! D316 `field-removed-from-input`: a field removed from something only
//! consumers write. Their requests still carry it and the owner ignores it:
//! not broken, but what the sender meant by it is lost.

use super::paired;
use crate::diff::{Diff, Out};

pub fn run(d: &Diff, out: &mut Out) {
    paired::removed_fields(
        d,
        out,
        |s| s.input && !s.output,
        "tell the senders: what they send in this field is now ignored",
    );
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    #[test]
    fn removing_a_command_field_warns_only_when_it_is_sent() {
        let base = "context Up { command Do { x: int, y: int } via queue }\ncontext Down { sends Up.Do }\n";
        let rev = base.replace("x: int, y: int", "x: int");
        assert_eq!(codes(base, &rev, Code::D316), 1);
        assert_eq!(codes(&rev, base, Code::D316), 0);
        let unsent = "context Up { command Do { x: int, y: int } via queue }\n";
        assert_eq!(
            codes(
                unsent,
                &unsent.replace("x: int, y: int", "x: int"),
                Code::D316
            ),
            0
        );
    }
}
