//! UI tests: one small bad model per diagnostic code, `tests/ui/<CODE>.ddd`,
//! rendered as a human would see it and compared with its insta snapshot.
//! Each file must produce its code; every code must have a file.

use ddgen::check::{check_paths, Options};
use ddgen::diagnostic::Code;
use ddgen::render::{render, Format};
use std::path::{Path, PathBuf};

fn ui_file(code: Code) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui")
        .join(format!("{code}.ddd"))
}

/// Renders the check of one UI file with paths relative to the crate.
fn rendered(code: Code) -> (String, Vec<Code>) {
    let path = PathBuf::from(format!("tests/ui/{code}.ddd"));
    let dir = env!("CARGO_MANIFEST_DIR");
    std::env::set_current_dir(dir).unwrap();
    let checked = check_paths(&[path], &Options::default()).expect("UI file loads");
    let codes = checked.outcome.diagnostics.iter().map(|d| d.code).collect();
    (
        render(Format::Human, &checked.sources, &checked.outcome, false),
        codes,
    )
}

#[test]
fn every_code_has_a_ui_test() {
    // Only `check`'s codes come from one model; the D3xx diff findings have
    // their tests beside their rules and in their explain texts' examples,
    // the I2xx import findings theirs in `import::cml`.
    let missing: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| matches!(c.as_str().as_bytes()[0], b'E' | b'W'))
        .filter(|c| !ui_file(*c).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "codes without tests/ui/<CODE>.ddd: {missing:?}"
    );
}

#[test]
fn ui_files_produce_their_code() {
    for code in Code::ALL {
        if !ui_file(*code).exists() {
            continue;
        }
        let (text, codes) = rendered(*code);
        assert!(
            codes.contains(code),
            "tests/ui/{code}.ddd does not produce {code}:\n{text}"
        );
        insta::assert_snapshot!(code.as_str(), text);
    }
}
