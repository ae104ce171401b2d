//! `ddgen fmt` over real and generated models: for every example, every UI
//! test input that parses and the synthetic models of `scripts/synth.py`,
//! formatting is idempotent, keeps every comment and doc text, and keeps the
//! model: `check` gives the same codes and messages and `generate` the same
//! files, byte for byte.
//!
//! Longer runs: `DDGEN_FMT_SEEDS=N` random models (default 40) and
//! `DDGEN_FMT_DAMAGE=N` damaged copies of each example file (default 40).

use ddgen::fmt::{comment_texts, format_source};
use ddgen::source::FileId;
use ddgen::syntax::trivia;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ddd_files(dir: &Path) -> Vec<PathBuf> {
    ddgen::load::find_files(&[dir.to_path_buf()]).unwrap()
}

#[path = "support/meaning.rs"]
mod meaning;

/// Formats every file of one model and asserts the properties; returns how
/// many files parsed (and so were formatted).
fn assert_preserved(files: &[(PathBuf, String)], generate: bool) -> usize {
    let mut formatted = Vec::new();
    let mut all_parsed = true;
    for (path, text) in files {
        match format_source(text) {
            Ok(out) => {
                let again = format_source(&out).unwrap_or_else(|d| {
                    panic!("{}: output does not parse: {d:?}\n{out}", path.display())
                });
                assert_eq!(again, out, "{}: not idempotent", path.display());
                let before = comment_texts(&trivia::collect(FileId(0), text).comments);
                let after = comment_texts(&trivia::collect(FileId(0), &out).comments);
                assert_eq!(before, after, "{}: comments changed", path.display());
                assert!(out.is_empty() || out.ends_with('\n') && !out.ends_with("\n\n"));
                assert!(
                    !out.contains('\r') || text.contains("\"\r"),
                    "{}: \\r left",
                    path.display()
                );
                formatted.push((path.clone(), out));
            }
            Err(_) => {
                all_parsed = false;
                formatted.push((path.clone(), text.clone()));
            }
        }
    }
    if all_parsed || !generate {
        meaning::assert_same(files, &formatted, generate);
    }
    formatted.len()
}

fn read(paths: &[PathBuf]) -> Vec<(PathBuf, String)> {
    paths
        .iter()
        .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap()))
        .collect()
}

/// Each example model: its files and their texts.
fn example_models() -> Vec<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() || p.extension().is_some_and(|e| e == "ddd") {
            out.push(read(&ddd_files(&p)));
        }
    }
    out.sort();
    out
}

fn random_model(seed: u64) -> Vec<(PathBuf, String)> {
    randmodel::files(seed)
        .into_iter()
        .map(|(p, t)| (PathBuf::from(p), t))
        .collect()
}

/// Formats every file of the model (each must), then [`assert_preserved`].
fn assert_formats(what: &str, files: &[(PathBuf, String)]) {
    for (path, text) in files {
        assert!(
            format_source(text).is_ok(),
            "{what}: {} must format",
            path.display()
        );
    }
    assert_preserved(files, true);
}

#[test]
fn examples_keep_their_meaning() {
    let models = example_models();
    assert!(models.len() >= 3);
    for files in &models {
        assert_formats("example", files);
    }
}

#[test]
fn ui_inputs_that_parse_keep_their_meaning() {
    let files = ddd_files(&root().join("tests/ui"));
    let mut parsed = 0;
    for f in &files {
        let one = read(std::slice::from_ref(f));
        if format_source(&one[0].1).is_ok() {
            parsed += 1;
        }
        assert_preserved(&one, true);
    }
    assert!(
        parsed >= files.len() / 2,
        "only {parsed} of {} parse",
        files.len()
    );
}

#[test]
fn synthetic_models_keep_their_meaning() {
    for n in [3, 40] {
        let out = std::process::Command::new("python3")
            .arg(root().join("scripts/synth.py"))
            .arg(n.to_string())
            .output();
        let Some(out) = out.ok().filter(|o| o.status.success()) else {
            assert!(
                !std::env::var("DDGEN_REQUIRE_TOOLS").is_ok_and(|v| v == "1"),
                "python3 is required"
            );
            eprintln!("note: python3 missing; synthetic models not formatted");
            return;
        };
        let text = String::from_utf8(out.stdout).unwrap();
        let files = vec![(PathBuf::from(format!("synth{n}.ddd")), text)];
        assert!(format_source(&files[0].1).is_ok());
        assert_preserved(&files, true);
    }
}

// Branch `models` owns this file; its lints are its own.
#[allow(clippy::explicit_auto_deref)]
#[path = "support/randmodel.rs"]
mod randmodel;

#[test]
fn random_models_keep_their_meaning() {
    // About 0.1 s a seed in a debug build; more seeds in scripts/fmt-soak.sh.
    let seeds: u64 = std::env::var("DDGEN_FMT_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    for seed in 0..seeds {
        assert_formats(&format!("seed {seed}"), &random_model(seed));
    }
}

/// `print_file` of a parsed tree without its source (how an importer
/// prints): the model is the same, docs included.
#[test]
fn printing_the_ast_alone_keeps_the_model() {
    let mut models = example_models();
    models.extend((0..10).map(random_model));
    for files in models {
        let printed: Vec<(PathBuf, String)> = files
            .iter()
            .map(|(p, t)| {
                let mut diags = Vec::new();
                let tree = ddgen::syntax::parse_file(FileId(0), t, &mut diags);
                assert!(diags.is_empty(), "{}", p.display());
                let out = ddgen::fmt::print_file(&tree, &[]);
                assert_eq!(
                    format_source(&out).as_ref(),
                    Ok(&out),
                    "{}: not formatted",
                    p.display()
                );
                (p.clone(), out)
            })
            .collect();
        meaning::assert_same(&files, &printed, true);
    }
}

/// Damaged examples (a byte deleted, doubled or swapped for a space, a
/// newline or a comma): formatting never panics; what still parses formats
/// idempotently with its meaning kept, and what does not is refused.
#[test]
fn damaged_examples_format_or_are_refused() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let per_file: usize = std::env::var("DDGEN_FMT_DAMAGE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let mut formatted = 0;
    for path in ddd_files(&root().join("examples")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..per_file {
            let mut bytes = text.clone().into_bytes();
            let i = (next() % bytes.len() as u64) as usize;
            match next() % 4 {
                0 => {
                    bytes.remove(i);
                }
                1 => bytes.insert(i, bytes[i]),
                2 => bytes[i] = b' ',
                _ => bytes.insert(i, [b'\n', b',', b'}', b'{'][(next() % 4) as usize]),
            }
            let Ok(damaged) = String::from_utf8(bytes) else {
                continue;
            };
            if format_source(&damaged).is_ok() {
                formatted += 1;
                let one = vec![(path.clone(), damaged)];
                assert_preserved(&one, false);
            }
        }
    }
    assert!(formatted > 20, "only {formatted} damaged files parsed");
}

/// The project eats its own cooking: the examples and the model `ddgen
/// init` writes are in the canonical layout (`ddgen fmt --check` passes).
#[test]
fn examples_and_the_starter_are_formatted() {
    let mut files = ddd_files(&root().join("examples"));
    files.push(root().join("templates/init/model.ddd"));
    for (path, text) in read(&files) {
        assert_eq!(
            format_source(&text).as_ref(),
            Ok(&text),
            "{} is not formatted: run `ddgen fmt {}`",
            path.display(),
            path.display()
        );
    }
}
