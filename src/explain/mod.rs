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
    E017, W101, W102, W103, W104, W105, W106, W107, W108, W109, W110, W111, W112
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

#[cfg(test)]
mod example_tests {
    use super::*;
    use crate::check::{check_sources, Options};
    use crate::source::SourceMap;

    fn blocks(text: &str) -> Vec<&str> {
        text.split("```ddd\n")
            .skip(1)
            .map(|b| &b[..b.find("```").unwrap_or(b.len())])
            .collect()
    }

    fn codes(model: &str) -> Vec<Code> {
        let mut sources = SourceMap::default();
        sources.add("example.ddd".into(), model.to_string());
        check_sources(sources, Vec::new(), &Options::default())
            .outcome
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    /// The example of each explanation really shows its code, and the fixed
    /// version really fixes it.
    #[test]
    fn examples_show_their_code_and_fixes_remove_it() {
        let mut failures = Vec::new();
        for code in Code::ALL {
            let b = blocks(text(*code));
            if b.len() < 2 {
                failures.push(format!("{code}: needs a bad and a fixed example"));
                continue;
            }
            let bad = codes(b[0]);
            let fixed = codes(b[b.len() - 1]);
            if !bad.contains(code) {
                failures.push(format!("{code}: example gives {bad:?}"));
            }
            if fixed.contains(code)
                || fixed
                    .iter()
                    .any(|c| c.severity() == crate::diagnostic::Severity::Error)
            {
                failures.push(format!("{code}: fixed example gives {fixed:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
