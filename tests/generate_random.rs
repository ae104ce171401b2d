//! Seeded random valid models (`support/randmodel.rs`) through the whole gate
//! (`support/gate.rs`): every model checks with no error, and the tree
//! generated from it passes ruff, mypy, its own pytest suite, cfn-lint (SAM
//! and translated), checkov, openapi-spec-validator and the AsyncAPI parser.
//! So do the kept regression models in `tests/regressions/models/`.
//!
//! CI runs `CI_SEEDS` seeds; `DDGEN_SEEDS=FROM..TO` or `N,M,FROM..TO` (or `scripts/soak-generate.sh
//! SEEDS`) runs others. A failing seed prints its model, ready to be kept as
//! `tests/regressions/models/<name>.ddd`.

#[path = "support/gate.rs"]
mod gate;
#[path = "support/randmodel.rs"]
mod randmodel;

use ddgen::check::{check_sources, Options};
use ddgen::source::SourceMap;
use std::path::PathBuf;

/// Seeds the gate runs in CI (see docs/generation.md for the time it takes).
const CI_SEEDS: u64 = 10;
/// Seeds checked for validity only (in-process, fast).
const VALID_SEEDS: u64 = 2000;

fn checked(files: &[(String, String)]) -> ddgen::check::Checked {
    let mut sources = SourceMap::default();
    for (path, text) in files {
        sources.add(path.into(), text.clone());
    }
    check_sources(sources, Vec::new(), &Options::default())
}

/// The errors `ddgen check` reports for these files (empty: valid).
fn errors(checked: &ddgen::check::Checked) -> Vec<String> {
    checked
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with('E'))
        .map(|d| {
            let file = checked.sources.file(d.span.file);
            let at = file.line_col(d.span.start as usize);
            format!(
                "{}:{}:{}: {}: {}",
                file.display_path(),
                at.line,
                at.column,
                d.code.as_str(),
                d.message
            )
        })
        .collect()
}

#[test]
fn random_models_are_valid() {
    for seed in 0..VALID_SEEDS {
        let files = randmodel::files(seed);
        let errs = errors(&checked(&files));
        assert!(
            errs.is_empty(),
            "seed {seed}:\n{}\n{}",
            errs.join("\n"),
            randmodel::join(&files)
        );
    }
}

/// The seeds CI puts through the gate declare indexes (sparse ones too)
/// and scheduled commands, so the gate covers what they generate.
#[test]
fn ci_seeds_cover_indexes_and_schedules() {
    let models: Vec<String> = (0..CI_SEEDS).map(randmodel::model).collect();
    let count = |needle: &str| models.iter().filter(|m| m.contains(needle)).count();
    // At least one CI seed each (the other helpers' additions to the
    // generator shift what each seed draws; the soak covers many more).
    assert!(
        count("    index By") >= 1,
        "indexes in {} of {CI_SEEDS} seeds",
        count("    index By")
    );
    assert!(
        count(" via queue every ") >= 1,
        "schedules in {} of {CI_SEEDS} seeds",
        count(" via queue every ")
    );
}

#[test]
fn random_models_are_deterministic_and_vary() {
    assert_eq!(randmodel::files(7), randmodel::files(7));
    assert_ne!(randmodel::model(7), randmodel::model(8));
}

/// Generates each model (name, files) and runs the gate over all of them;
/// panics listing every model that failed, with its text.
fn gate(models: Vec<(String, Vec<(String, String)>)>) {
    let tools = gate::Tools::find();
    let work = tempfile::Builder::new()
        .prefix("ddgen-gate-")
        .tempdir()
        .unwrap();
    let mut dirs = Vec::new();
    for (name, files) in &models {
        let c = checked(files);
        let errs = errors(&c);
        assert!(errs.is_empty(), "{name} is not valid:\n{}", errs.join("\n"));
        let model = c.valid_model().expect("no error, so a model");
        let dir = work.path().join(name);
        gate::write(&ddgen::generate::files(model), &dir);
        dirs.push(dir);
    }
    let started = std::time::Instant::now();
    let failures = gate::check_trees(&tools, &dirs, &work.path().join("scratch"));
    eprintln!(
        "gate: {} models in {:.1}s ({:.1}s a model)",
        models.len(),
        started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64() / models.len().max(1) as f64
    );
    if failures.is_empty() {
        return;
    }
    if std::env::var("DDGEN_KEEP").as_deref() == Ok("1") {
        eprintln!("kept {}", work.keep().display());
    }
    let mut report = String::new();
    for (i, text) in &failures {
        let (name, files) = &models[*i];
        report.push_str(&format!(
            "==== {name} fails the gate. Its model (keep it as tests/regressions/models/{name}.ddd):\n{}\n==== what failed:\n{text}\n",
            randmodel::join(files)
        ));
    }
    panic!(
        "{} of {} models fail the gate:\n{report}",
        failures.len(),
        models.len()
    );
}

/// `DDGEN_SEEDS`: `FROM..TO`, or seeds and ranges separated by commas
/// (`3,10,20..25`, as `scripts/changed-seeds.sh` lists them); CI's seeds
/// without it.
fn seeds() -> Vec<u64> {
    let Ok(spec) = std::env::var("DDGEN_SEEDS") else {
        return (0..CI_SEEDS).collect();
    };
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once("..") {
            Some((a, b)) => out.extend(a.parse::<u64>().unwrap()..b.parse::<u64>().unwrap()),
            None => out.push(part.parse().expect("DDGEN_SEEDS=FROM..TO or N,M,...")),
        }
    }
    out
}

#[test]
fn random_models_pass_the_gate() {
    let models = seeds()
        .into_iter()
        .map(|seed| (format!("seed-{seed}"), randmodel::files(seed)))
        .collect();
    gate(models);
}

#[test]
fn regression_models_pass_the_gate() {
    let dir = gate::root().join("tests/regressions/models");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ddd"))
        .collect();
    paths.sort();
    let models = paths
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(p).unwrap();
            (name, vec![(p.display().to_string(), text)])
        })
        .collect();
    gate(models);
}

/// Seeds whose generated default bodies are read in-process (milliseconds each).
const BODY_SEEDS: u64 = 300;

/// A default body that answers 501 changes nothing: it stores and emits
/// nothing before raising (the generated tests assert it, through the gate;
/// this reads many more models' bodies). Seeds 20 and 23 of the soak emitted
/// and then raised (`tests/regressions/models/answers-501-without-effects.ddd`).
#[test]
fn default_bodies_that_answer_501_have_no_effect() {
    let mut unimplemented = 0;
    for seed in 0..BODY_SEEDS {
        let c = checked(&randmodel::files(seed));
        let model = c.valid_model().unwrap();
        for f in ddgen::generate::python::files(model) {
            if !f.path.ends_with("/application/base.py") {
                continue;
            }
            for def in f.content.split("\n    def ").skip(1) {
                if !def.contains("raise NotImplementedError(") {
                    continue;
                }
                unimplemented += 1;
                for effect in ["outbox.emit(", ".save("] {
                    assert!(
                        !def.contains(effect),
                        "seed {seed} {}: a 501 body with `{effect}`:\n    def {def}",
                        f.path
                    );
                }
            }
        }
    }
    assert!(unimplemented > 100, "{unimplemented} bodies answer 501");
}

/// The generated tree pins ruff and mypy, and ddgen's own gate uses the
/// same versions (`scripts/requirements-gen.txt`, installed in `.venv-gen`).
#[test]
fn linters_are_pinned_to_the_versions_the_gate_uses() {
    let pins = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| l.starts_with("ruff") || l.starts_with("mypy"))
            .map(str::to_string)
            .collect()
    };
    let generated =
        ddgen::generate::python::files(checked(&randmodel::files(0)).valid_model().unwrap())
            .into_iter()
            .find(|f| f.path == "requirements-dev.txt")
            .expect("requirements-dev.txt")
            .content;
    let ours = std::fs::read_to_string(gate::root().join("scripts/requirements-gen.txt")).unwrap();
    let generated = pins(&generated);
    assert_eq!(generated.len(), 2, "{generated:?}");
    assert!(generated.iter().all(|l| l.contains("==")), "{generated:?}");
    assert_eq!(generated, pins(&ours));
}

/// Writes the random models of `DDGEN_SEEDS` into `$DDGEN_DUMP_DIR/seed-N/`,
/// for `scripts/changed-seeds.sh`, which names the seeds whose trees two ddgen
/// builds generate differently (the seeds a change must soak again).
#[test]
#[ignore = "a tool: run by scripts/changed-seeds.sh"]
fn dump_models() {
    let dir = PathBuf::from(std::env::var("DDGEN_DUMP_DIR").expect("DDGEN_DUMP_DIR"));
    for seed in seeds() {
        let at = dir.join(format!("seed-{seed}"));
        std::fs::create_dir_all(&at).unwrap();
        for (path, text) in randmodel::files(seed) {
            std::fs::write(at.join(path), text).unwrap();
        }
    }
}
