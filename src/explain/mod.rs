//! `ddgen explain CODE`: what a rule checks, why it matters, how to fix it.

use crate::diagnostic::Code;

macro_rules! texts {
    ($($code:ident),*) => {
        /// The explanation of `code`, as Markdown.
        pub fn text(code: Code) -> &'static str {
            match code {
                $(Code::$code => include_str!(concat!("texts/", stringify!($code), ".md")),)*
            }
        }
    };
}

texts!(
    E001, E002, E003, E004, E005, E006, E007, E008, E009, E010, E011, E012, E013, E014, E015, E016,
    W101, W102, W103, W104, W105, W106, W107, W108, W109, W110, W111, W112
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_complete_explanation() {
        for code in Code::ALL {
            let t = text(*code);
            assert!(t.starts_with(&format!("# {code}: ")), "{code} title line");
            for section in ["## Why it matters", "## How to fix", "## Example", "Fixed:"] {
                assert!(t.contains(section), "{code} lacks {section}");
            }
        }
    }
}
