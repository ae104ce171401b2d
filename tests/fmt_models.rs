//! `ddgen fmt` over real and generated models: for every example, every UI
//! test input that parses and the synthetic models of `scripts/synth.py`,
//! formatting is idempotent, keeps every comment and doc text, and keeps the
//! model: `check` gives the same codes and messages and `generate` the same
//! files, byte for byte.

use ddgen::check::{check_sources, Options};
use ddgen::fmt::{comment_texts, format_source};
use ddgen::source::{FileId, SourceMap};
use ddgen::syntax::trivia;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ddd_files(dir: &Path) -> Vec<PathBuf> {
    ddgen::load::find_files(&[dir.to_path_buf()]).unwrap()
}

/// What a model means to the rest of ddgen: its diagnostics (code and
/// message, in order) and, when valid, every generated file.
fn meaning(files: &[(PathBuf, String)]) -> (Vec<String>, Vec<(String, String)>) {
    let mut sources = SourceMap::default();
    for (p, t) in files {
        sources.add(p.clone(), t.clone());
    }
    let checked = check_sources(sources, Vec::new(), &Options::default());
    let diags = checked
        .outcome
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    let generated = match checked.valid_model() {
        Some(m) => ddgen::generate::files(m)
            .into_iter()
            .map(|f| (f.path, f.content))
            .collect(),
        None => Vec::new(),
    };
    (diags, generated)
}

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
        let (d0, g0) = meaning(files);
        let (d1, g1) = meaning(&formatted);
        assert_eq!(d0, d1, "{:?}: diagnostics changed", files[0].0);
        if generate {
            assert_eq!(
                g0.len(),
                g1.len(),
                "{:?}: generated file set changed",
                files[0].0
            );
            for (a, b) in g0.iter().zip(&g1) {
                assert!(a == b, "{:?}: generated {} changed", files[0].0, a.0);
            }
        }
    }
    formatted.len()
}

fn read(paths: &[PathBuf]) -> Vec<(PathBuf, String)> {
    paths
        .iter()
        .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap()))
        .collect()
}

#[test]
fn examples_keep_their_meaning() {
    let dir = root().join("examples");
    let mut models = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() || p.extension().is_some_and(|e| e == "ddd") {
            let files = read(&ddd_files(&p));
            for (path, text) in &files {
                assert!(
                    format_source(text).is_ok(),
                    "{} must format",
                    path.display()
                );
            }
            assert_preserved(&files, true);
            models += 1;
        }
    }
    assert!(models >= 3);
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
                std::env::var_os("DDGEN_REQUIRE_TOOLS").is_none(),
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
        let files: Vec<(PathBuf, String)> = randmodel::files(seed)
            .into_iter()
            .map(|(p, t)| (PathBuf::from(p), t))
            .collect();
        for (p, t) in &files {
            assert!(
                format_source(t).is_ok(),
                "seed {seed}: {} must format",
                p.display()
            );
        }
        assert_preserved(&files, true);
    }
}

/// `print_file` of a parsed tree without its source (how an importer
/// prints): the model is the same, docs included.
#[test]
fn printing_the_ast_alone_keeps_the_model() {
    let mut models: Vec<Vec<(PathBuf, String)>> = Vec::new();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() || p.extension().is_some_and(|e| e == "ddd") {
            models.push(read(&ddd_files(&p)));
        }
    }
    for seed in 0..10 {
        models.push(
            randmodel::files(seed)
                .into_iter()
                .map(|(p, t)| (PathBuf::from(p), t))
                .collect(),
        );
    }
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
        let (d0, g0) = meaning(&files);
        let (d1, g1) = meaning(&printed);
        assert_eq!(d0, d1, "{:?}", files[0].0);
        assert_eq!(
            g0.len(),
            g1.len(),
            "{:?}: generated file set changed",
            files[0].0
        );
        for (a, b) in g0.iter().zip(&g1) {
            assert_eq!(a, b, "{:?}: generated file changed", files[0].0);
        }
    }
}
