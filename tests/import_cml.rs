//! `ddgen import cml` on Context Mapper's public examples (`../shared/cml`).

use ddgen::check::{check_sources, Options};
use ddgen::diagnostic::Severity;
use ddgen::import::cml::{import, Import};
use ddgen::source::SourceMap;
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    // `DDGEN_CML_EXAMPLES` overrides the place (a worktree not beside `shared/`).
    let dir = std::env::var_os("DDGEN_CML_EXAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/cml"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("DDGEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
        "the Context Mapper examples are missing at {}",
        dir.display()
    );
    eprintln!("note: {} missing; CML corpus tests skipped", dir.display());
    None
}

fn corpus() -> Vec<PathBuf> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "cml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn import_file(path: &Path) -> Import {
    let mut sources = SourceMap::default();
    sources.add(path.to_path_buf(), std::fs::read_to_string(path).unwrap());
    import(sources, Vec::new())
}

#[test]
fn every_example_imports_and_checks_without_errors() {
    let files = corpus();
    let mut failures = Vec::new();
    for f in &files {
        let i = import_file(f);
        let errors: Vec<String> = i
            .checked
            .outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let file = i.checked.sources.file(d.span.file);
                let lc = file.line_col(d.span.start as usize);
                format!("{}:{}:{} {} {}", file.display_path(), lc.line, lc.column, d.code, d.message)
            })
            .collect();
        if !errors.is_empty() {
            failures.push(errors.join("\n"));
            continue;
        }
        // The written `.ddd` text checks on its own, as `ddgen check` reads it.
        let text = ddgen::import::cml::print(&i).remove(0);
        if let Some(dir) = std::env::var_os("DDGEN_CML_DUMP") {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            std::fs::write(Path::new(&dir).join(format!("{name}.ddd")), &text).unwrap();
        }
        let mut sources = SourceMap::default();
        sources.add("imported.ddd".into(), text.clone());
        let checked = check_sources(sources, Vec::new(), &Options::default());
        let printed_errors: Vec<String> = checked
            .outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let lc = checked.sources.file(d.span.file).line_col(d.span.start as usize);
                format!("{}: printed {}:{} {} {}", f.display(), lc.line, lc.column, d.code, d.message)
            })
            .collect();
        if !printed_errors.is_empty() {
            failures.push(printed_errors.join("\n"));
        }
    }
    assert!(files.len() >= 50 || files.is_empty(), "only {} files", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
