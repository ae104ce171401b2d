//! A comment must never be dropped: the torture file (comments after every
//! token, between clauses, inside role lists and type arguments, at the end
//! of the file), and every example with a comment pushed into every gap
//! between tokens and onto every line end. Each must format, keep every
//! comment text, be idempotent, and keep the model.

use ddgen::fmt::{comment_texts, format_source};
use ddgen::source::FileId;
use ddgen::syntax::trivia;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[path = "support/meaning.rs"]
mod meaning;

fn assert_kept(name: &str, text: &str, generate: bool) -> String {
    let out = format_source(text).unwrap_or_else(|d| panic!("{name}: {d:?}\n{text}"));
    assert_eq!(
        comment_texts(&trivia::collect(FileId(0), text).comments),
        comment_texts(&trivia::collect(FileId(0), &out).comments),
        "{name}: comments changed\n{out}"
    );
    let again = format_source(&out).unwrap_or_else(|d| panic!("{name}: output: {d:?}\n{out}"));
    assert_eq!(again, out, "{name}: not idempotent");
    let one = |t: &str| vec![(std::path::PathBuf::from(name), t.to_string())];
    meaning::assert_same(&one(text), &one(&out), generate);
    out
}

#[test]
fn torture_file_keeps_every_comment() {
    let text = std::fs::read_to_string(root().join("tests/fmt/torture.ddd")).unwrap();
    let before = trivia::collect(FileId(0), &text).comments.len();
    assert!(before >= 50, "the torture file has {before} comments");
    let out = assert_kept("torture.ddd", &text, false);
    insta::assert_snapshot!("torture", out);
}

/// Byte offsets of the spaces between tokens (outside strings and
/// comments) and of the line ends of `text`.
fn gaps(text: &str) -> (Vec<usize>, Vec<usize>) {
    let t = trivia::collect(FileId(0), text);
    let b = text.as_bytes();
    let mut comments = t.comments.iter().peekable();
    let mut spaces = Vec::new();
    let mut ends = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        if let Some(c) = comments.peek() {
            if !in_string && c.span.start as usize == i {
                i = c.span.end as usize;
                comments.next();
                continue;
            }
        }
        match b[i] {
            b'"' if !in_string => in_string = true,
            b'\\' if in_string => i += 1,
            b'"' => in_string = false,
            b' ' if !in_string && i > 0 && b[i - 1] != b' ' => spaces.push(i),
            b'\n' if !in_string => ends.push(i),
            _ => {}
        }
        i += 1;
    }
    (spaces, ends)
}

fn insert(text: &str, at: &[(usize, String)]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut last = 0;
    for (i, s) in at {
        out.push_str(&text[last..*i]);
        out.push_str(s);
        last = *i;
    }
    out.push_str(&text[last..]);
    out
}

// Branch `models` owns this file; its lints are its own.
#[allow(clippy::explicit_auto_deref)]
#[path = "support/randmodel.rs"]
mod randmodel;

#[test]
fn models_with_a_comment_in_every_gap() {
    let mut files = ddgen::load::find_files(&[root().join("examples")]).unwrap();
    files.push(root().join("templates/init/model.ddd"));
    let mut models: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    for seed in 0..6 {
        models.push((format!("random model {seed}"), randmodel::model(seed)));
    }
    for (name, text) in models {
        let (spaces, ends) = gaps(&text);
        let mut at: Vec<(usize, String)> = spaces
            .iter()
            .enumerate()
            .map(|(n, i)| (*i, format!(" /* c{n} */")))
            .chain(
                ends.iter()
                    .enumerate()
                    .map(|(n, i)| (*i, format!(" // l{n}"))),
            )
            .collect();
        at.sort();
        // Every gap at once, then each kind alone (the model's meaning is
        // compared on each: comments never change it).
        let all = insert(&text, &at);
        assert_kept(&format!("{name} (all)"), &all, false);
        let blocks: Vec<_> = at
            .iter()
            .filter(|(_, s)| s.contains("/*"))
            .cloned()
            .collect();
        assert_kept(&format!("{name} (blocks)"), &insert(&text, &blocks), false);
        let lines: Vec<_> = at
            .iter()
            .filter(|(_, s)| s.contains("//"))
            .cloned()
            .collect();
        assert_kept(&format!("{name} (lines)"), &insert(&text, &lines), false);
        // An own-line comment before every line.
        let own: Vec<(usize, String)> = std::iter::once(0)
            .chain(ends.iter().map(|i| i + 1))
            .filter(|i| *i < text.len())
            .enumerate()
            .map(|(n, i)| (i, format!("// own{n}\n")))
            .collect();
        assert_kept(&format!("{name} (own lines)"), &insert(&text, &own), false);
    }
}
