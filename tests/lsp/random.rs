//! The space of inputs: seeded random models (tests/support/randmodel.rs)
//! for navigation and rename, and seeded random edits and requests for
//! robustness. A failing seed is printed; keep it as a regression.

use crate::randmodel;
use crate::support::*;
use ddgen::check::{check_sources, Options};
use ddgen::source::SourceMap;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Sorted codes `ddgen check` gives for these texts.
fn codes(texts: &BTreeMap<String, String>) -> Vec<String> {
    let mut sources = SourceMap::default();
    for (path, text) in texts {
        sources.add(path.into(), text.clone());
    }
    let mut c: Vec<String> = check_sources(sources, Vec::new(), &Options::default())
        .outcome
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    c.sort();
    c
}

fn text_at(texts: &BTreeMap<String, String>, s: &Server, loc: &Value) -> String {
    let rel = rel_of(s, loc["uri"].as_str().unwrap());
    let text = &texts[&rel];
    let r = &loc["range"];
    let edit = json!([{ "range": r, "newText": "\u{0}" }]);
    // The covered text: what a one-edit replacement removes.
    let marked = apply(text, edit.as_array().unwrap());
    let start = marked.find('\u{0}').unwrap();
    text[start..start + (text.len() + 1 - marked.len())].to_string()
}

fn rel_of(s: &Server, uri: &str) -> String {
    let path = url::Url::parse(uri).unwrap().to_file_path().unwrap();
    path.strip_prefix(&s.root)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn random_models_navigate_and_rename_consistently() {
    for seed in 0..4u64 {
        let files = randmodel::files(seed);
        let mut texts: BTreeMap<String, String> = files.iter().cloned().collect();
        let mut s = start_in(None, |root| {
            for (path, text) in &files {
                std::fs::write(root.join(path), text).unwrap();
            }
        });
        for (path, text) in &files {
            s.open_text(path, text);
        }
        let baseline = codes(&texts);
        assert!(
            !baseline.iter().any(|c| c.starts_with('E')),
            "seed {seed}: {baseline:?}"
        );
        let symbols = s.result("workspace/symbol", json!({ "query": "" }));
        let symbols = symbols.as_array().unwrap().clone();
        assert!(symbols.len() > 5, "seed {seed}");
        let step = (symbols.len() / 10).max(1);
        for (i, sym) in symbols.iter().step_by(step).enumerate() {
            let name = sym["name"].as_str().unwrap();
            let loc = &sym["location"];
            assert_eq!(text_at(&texts, &s, loc), name, "seed {seed}");
            let uri = loc["uri"].as_str().unwrap().to_string();
            let p = loc["range"]["start"].clone();
            // Every reference names the symbol, and leads back to it.
            let mut params = at(&uri, p.clone());
            params["context"] = json!({ "includeDeclaration": false });
            let refs = s.result("textDocument/references", params);
            for r in refs.as_array().into_iter().flatten() {
                assert_eq!(text_at(&texts, &s, r), name, "seed {seed}: {r}");
                let back = s.result(
                    "textDocument/definition",
                    at(r["uri"].as_str().unwrap(), r["range"]["start"].clone()),
                );
                assert_eq!(&back, loc, "seed {seed}: definition of {name} from {r}");
            }
            // Rename it; the model checks the same afterwards.
            let new = format!("Renamed{i}Zq");
            let mut params = at(&uri, p);
            params["newName"] = json!(new);
            let edit = s.result("textDocument/rename", params);
            let changes = edit["changes"].as_object().unwrap();
            let count: usize = changes.values().map(|e| e.as_array().unwrap().len()).sum();
            assert_eq!(
                count,
                refs.as_array().map_or(0, Vec::len) + 1,
                "seed {seed}: {name}"
            );
            for (file, edits) in changes {
                let rel = rel_of(&s, file);
                let new_text = apply(&texts[&rel], edits.as_array().unwrap());
                let old = texts.insert(rel.clone(), new_text.clone()).unwrap();
                let all = json!({ "start": position(&old, 0), "end": position(&old, old.len()) });
                s.change(&rel, all, &new_text);
            }
            assert_eq!(
                codes(&texts),
                baseline,
                "seed {seed}: after renaming {name} to {new}"
            );
        }
        s.shutdown();
    }
}

/// splitmix64, as the random models use.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "\"",
    "\n",
    ".",
    ":",
    ",",
    "é",
    "𝄞",
    "/*",
    "*/",
    "//",
    "///",
    "\\",
    "x",
    "Orders.",
    "Catalog.Money",
    "event E { a: int }",
    "subscribe Payments.",
    "allow W101 \"r\"",
    "list<",
    "\r\n",
    "context",
    "\u{0}",
    "    ",
];

const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/completion",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/codeAction",
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/formatting",
];

#[test]
fn random_edits_and_requests_never_break_the_server() {
    let mut rng = Rng(20_261_201);
    let mut s = start();
    let rel = "contexts/orders.ddd";
    let mut text = s.open(rel);
    let uri = s.uri(rel);
    for step in 0..150 {
        // An edit at a random character boundary (the client's own copy
        // follows along).
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let a = bounds[rng.below(bounds.len())];
        let b = bounds[bounds.partition_point(|x| *x < a) + rng.below(6)].min(text.len());
        let b = *bounds.iter().find(|x| **x >= b).unwrap();
        let insert = SNIPPETS[rng.below(SNIPPETS.len())];
        let r = json!({ "start": position(&text, a), "end": position(&text, b) });
        s.change(rel, r, insert);
        text.replace_range(a..b, insert);
        // A request anywhere, even past the ends of lines and the file.
        let p = json!({ "line": rng.below(140), "character": rng.below(90) });
        let method = METHODS[rng.below(METHODS.len())];
        let mut params = at(&uri, p.clone());
        match method {
            "textDocument/references" => params["context"] = json!({ "includeDeclaration": true }),
            "textDocument/rename" => params["newName"] = json!("Fresh"),
            "textDocument/codeAction" => {
                params = json!({
                    "textDocument": { "uri": uri },
                    "range": { "start": { "line": 0, "character": 0 }, "end": p },
                    "context": { "diagnostics": [] }
                })
            }
            "textDocument/documentSymbol" | "textDocument/foldingRange" => {
                params = json!({ "textDocument": { "uri": uri } })
            }
            "textDocument/formatting" => {
                params = json!({
                    "textDocument": { "uri": uri },
                    "options": { "tabSize": 2, "insertSpaces": true }
                })
            }
            _ => {}
        }
        let response = s.request(method, params);
        if let Some(e) = response.error {
            // Refusals are fine (rename collisions, syntax errors for
            // formatting, nothing to rename); a panic would be -32603.
            assert_eq!(e.code, -32803, "step {step}: {method}: {}", e.message);
        }
    }
    // The server's text is the client's: same diagnostics as `check` on it.
    let mut texts = BTreeMap::new();
    for f in ddgen::load::find_files(std::slice::from_ref(&s.root)).unwrap() {
        let r = f
            .strip_prefix(&s.root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let t = if r == rel {
            text.clone()
        } else {
            std::fs::read_to_string(&f).unwrap()
        };
        texts.insert(f.to_string_lossy().into_owned(), t);
    }
    let expected = codes(&texts);
    let hover = s.request(
        "textDocument/hover",
        at(&uri, json!({"line": 0, "character": 0})),
    );
    assert!(hover.error.is_none());
    let mut got: Vec<String> = s
        .diagnostics
        .values()
        .flat_map(|d| d.iter().map(|d| d["code"].as_str().unwrap().to_string()))
        .collect();
    got.sort();
    assert_eq!(got, expected);
    s.shutdown();
}
