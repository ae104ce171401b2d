//! Robustness: damaged versions of the examples never panic, and syntax
//! errors never leak grammar rule names.

use ddgen::check::{check_sources, Options};
use ddgen::diagnostic::Code;
use ddgen::source::SourceMap;
use std::path::PathBuf;

fn example_files() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("examples"), root.join("templates/init")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "ddd") {
                out.push(std::fs::read_to_string(p).unwrap());
            }
        }
    }
    out
}

fn check(text: &str) -> Vec<(Code, String)> {
    let mut sources = SourceMap::default();
    sources.add("m.ddd".into(), text.to_string());
    let c = check_sources(sources, Vec::new(), &Options::default());
    c.outcome
        .diagnostics
        .iter()
        .map(|d| (d.code, format!("{} {} {:?}", d.message, d.label, d.help)))
        .collect()
}

const RULE_NAMES: &[&str] = &[
    "kw_",
    "_decl",
    "_body",
    "EOI",
    "catch_all",
    "type_expr",
    "field_block",
    "Rule::",
];

fn assert_words(text: &str, what: &str) {
    for (code, msg) in check(text) {
        if code == Code::E001 {
            assert!(
                !RULE_NAMES.iter().any(|r| msg.contains(r)),
                "{what}: rule name in `{msg}`"
            );
        }
    }
}

#[test]
fn deleting_any_line_or_token_gives_words_not_panics() {
    for file in example_files() {
        let lines: Vec<&str> = file.lines().collect();
        for i in 0..lines.len() {
            let mut damaged = lines.clone();
            damaged.remove(i);
            assert_words(&damaged.join("\n"), &format!("line {i} deleted"));
        }
        // Cut each line after its first word or symbol.
        for i in 0..lines.len() {
            let mut damaged: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            let l = &damaged[i];
            let cut = l
                .trim_start()
                .find([' ', ':', '<', ','])
                .map(|p| p + l.len() - l.trim_start().len());
            if let Some(cut) = cut {
                damaged[i] = l[..cut].to_string();
                assert_words(&damaged.join("\n"), &format!("line {i} cut"));
            }
        }
    }
}

#[test]
fn swapping_punctuation_gives_words_not_panics() {
    for file in example_files() {
        for (i, c) in file.char_indices().filter(|(_, c)| ":,<>?[]=".contains(*c)) {
            for replacement in [";", "", "::", "<"] {
                let damaged = format!("{}{}{}", &file[..i], replacement, &file[i + c.len_utf8()..]);
                assert_words(
                    &damaged,
                    &format!("`{c}` at {i} replaced by `{replacement}`"),
                );
            }
        }
    }
}

/// Inputs the fuzzers found (`fuzz/artifacts`), kept as regression tests:
/// each must give diagnostics, quickly and without a panic.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // `models/` holds valid models for the generator gate (generate_random.rs).
        if path.is_dir() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let diags = check(&text);
        assert!(!diags.is_empty(), "{}", path.display());
        assert!(
            !diags.iter().any(|(_, m)| m.contains("gave up")),
            "{}: {diags:?}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen > 0);
}
