//! What a model means to the rest of ddgen, for tests that change its text
//! but not its meaning (`ddgen fmt`): its diagnostics (code and message, in
//! order) and, when it is valid and `generate` is set, every generated file
//! (path and content).
//!
//! Include it with `#[path = "support/meaning.rs"] mod meaning;`.

#![allow(dead_code)]

use ddgen::check::{check_sources, Options};
use ddgen::source::SourceMap;
use std::path::PathBuf;

pub type Meaning = (Vec<String>, Vec<(String, String)>);

pub fn meaning(files: &[(PathBuf, String)], generate: bool) -> Meaning {
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
    let generated = match checked.valid_model().filter(|_| generate) {
        Some(m) => ddgen::generate::files(m)
            .into_iter()
            .map(|f| (f.path, f.content))
            .collect(),
        None => Vec::new(),
    };
    (diags, generated)
}

/// Asserts that two versions of a model mean the same: the same
/// diagnostics and (with `generate`) the same generated files, naming the
/// first file that differs.
pub fn assert_same(before: &[(PathBuf, String)], after: &[(PathBuf, String)], generate: bool) {
    let what = before
        .first()
        .map(|f| f.0.display().to_string())
        .unwrap_or_default();
    let (d0, g0) = meaning(before, generate);
    let (d1, g1) = meaning(after, generate);
    assert_eq!(d0, d1, "{what}: diagnostics changed");
    let paths = |g: &[(String, String)]| g.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&g0), paths(&g1), "{what}: generated file set changed");
    for (a, b) in g0.iter().zip(&g1) {
        assert!(a.1 == b.1, "{what}: generated {} changed", a.0);
    }
}
