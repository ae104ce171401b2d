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
    E017, E018, E020, E021, E022, E023, E024, W101, W102, W103, W104, W105, W106, W107, W108, W109,
    W110, W111, W112, W113, D301, D302, D303, D304, D305, D306, D307, D308, D309, D310, D311, D312,
    D313, D314, D315, D316, D317, D318, D319, D320, D321, D322, D323, D324, I201, I202, I203, I204,
    I205, I206, I207, I208, I209, G401, G402, G403, G404
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_complete_explanation() {
        for code in Code::ALL {
            let t = text(*code);
            assert!(t.starts_with(&format!("# {code}: ")), "{code} title line");
            if code.as_str().starts_with('D') {
                for part in ["Base:", "Revision:"] {
                    assert!(t.contains(part), "{code} lacks {part}");
                }
            }
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
        // `D3xx` examples are tested beside the diff rules; `I2xx` (import
        // cml) examples are CML, tested in `import::cml`; `G4xx` (generate)
        // in `tests/regen_model.rs`.
        let model_codes = Code::ALL
            .iter()
            .filter(|c| !matches!(c.as_str().as_bytes()[0], b'D' | b'I' | b'G'));
        for code in model_codes {
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

/// A diff code's example: the base and revision really give the code, and
/// the fixed revision really does not (each side checks without errors).
#[cfg(test)]
mod diff_example_tests {
    use super::*;
    use crate::diff::base::check_sides;

    fn blocks(text: &str) -> Vec<&str> {
        text.split("```ddd\n")
            .skip(1)
            .map(|b| &b[..b.find("```").unwrap_or(b.len())])
            .collect()
    }

    fn codes(base: &str, rev: &str) -> Result<Vec<Code>, String> {
        let sides = check_sides(
            vec![("base.ddd".into(), base.as_bytes().to_vec())],
            vec![("rev.ddd".into(), rev.as_bytes().to_vec())],
        );
        for o in [&sides.base_outcome, &sides.rev_outcome] {
            if o.errors() > 0 {
                return Err(format!("{:?}", o.diagnostics));
            }
        }
        Ok(crate::diff::diff(&sides.base, &sides.rev)
            .iter()
            .map(|f| f.diagnostic.code)
            .collect())
    }

    #[test]
    fn examples_show_their_code_and_fixes_remove_it() {
        let mut failures = Vec::new();
        for code in Code::ALL.iter().filter(|c| c.as_str().starts_with('D')) {
            let b = blocks(text(*code));
            if b.len() != 3 {
                failures.push(format!(
                    "{code}: needs a base, a revision and a fixed revision"
                ));
                continue;
            }
            match codes(b[0], b[1]) {
                Ok(c) if c.contains(code) => {}
                other => failures.push(format!("{code}: example gives {other:?}")),
            }
            match codes(b[0], b[2]) {
                Ok(c) if !c.contains(code) => {}
                other => failures.push(format!("{code}: fixed example gives {other:?}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
