//! `ddgen diff` over the space of models: a model diffed against itself, a
//! reformatted copy or a reordered copy reports nothing (the examples,
//! `scripts/synth.py` models, the seeded random models of
//! `tests/support/randmodel.rs`); mutations at a model's own spans give
//! exactly their rule, both ways; findings do not depend on order or files.

#[path = "support/randmodel.rs"]
#[allow(clippy::explicit_auto_deref)]
mod randmodel;
#[path = "support/reshape.rs"]
mod reshape;

use ddgen::diff::base::check_sides;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
/// Diffs two sets of files in-process; both must check.
fn findings(base: Vec<(String, String)>, rev: Vec<(String, String)>) -> Vec<String> {
    let files = |v: Vec<(String, String)>| {
        v.into_iter()
            .map(|(p, t)| (PathBuf::from(p), t.into_bytes()))
            .collect()
    };
    let sides = check_sides(files(base), files(rev));
    for o in [&sides.base_outcome, &sides.rev_outcome] {
        assert_eq!(o.errors(), 0, "{:#?}", o.diagnostics);
    }
    ddgen::diff::diff(&sides.base, &sides.rev)
        .iter()
        .map(|f| format!("{}: {}", f.diagnostic.code, f.diagnostic.message))
        .collect()
}

/// Itself, reformatted, reordered (and split into files): no findings.
fn assert_same_meaning(name: &str, text: &str) {
    let one = vec![("model.ddd".to_string(), text.to_string())];
    assert_eq!(
        findings(one.clone(), one.clone()),
        Vec::<String>::new(),
        "{name}: itself"
    );
    let reformatted = vec![("model.ddd".to_string(), reshape::reformat(text))];
    assert_eq!(
        findings(one.clone(), reformatted),
        Vec::<String>::new(),
        "{name}: reformatted"
    );
    let reordered = reshape::reorder(text);
    assert!(
        reordered.len() > 1,
        "{name}: reordering found the declarations"
    );
    assert_eq!(
        findings(one.clone(), reordered.clone()),
        Vec::<String>::new(),
        "{name}: reordered"
    );
    assert_eq!(
        findings(reordered, one),
        Vec::<String>::new(),
        "{name}: reordered, other way"
    );
}

fn example_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in ["examples/clinic.ddd", "examples/insurance.ddd"] {
        out.push((
            f.to_string(),
            std::fs::read_to_string(root().join(f)).unwrap(),
        ));
    }
    // The retail example's files, joined into one text.
    let files = ddgen::load::find_files(&[root().join("examples/retail")]).unwrap();
    let joined: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
        .collect();
    out.push(("examples/retail".into(), joined));
    out
}

#[test]
fn examples_against_themselves_reformatted_and_reordered_report_nothing() {
    for (name, text) in example_texts() {
        assert_same_meaning(&name, &text);
    }
}

#[test]
fn synthetic_models_against_themselves_reformatted_and_reordered_report_nothing() {
    for n in [3, 40] {
        let o = Command::new("python3")
            .arg(root().join("scripts/synth.py"))
            .arg(n.to_string())
            .output()
            .expect("python3 runs scripts/synth.py");
        assert!(o.status.success());
        assert_same_meaning(&format!("synth {n}"), &String::from_utf8(o.stdout).unwrap());
    }
}

#[test]
fn a_change_in_the_examples_is_found_whatever_the_file_order() {
    // The same breaking change seen from a reordered base: one finding.
    let (_, text) = example_texts().pop().unwrap();
    let changed = text.replace("reason: string, cancelled_at: datetime", "reason: string");
    assert_ne!(changed, text);
    let got = findings(reshape::reorder(&text), vec![("m.ddd".into(), changed)]);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].starts_with("D312: field `cancelled_at` removed from event `Orders.OrderCancelled`"),
        "{got:#?}"
    );
}

#[test]
fn reshaping_really_moves_lines_and_keeps_them_all() {
    let text = std::fs::read_to_string(root().join("examples/clinic.ddd")).unwrap();
    let kept = |t: &str| {
        let mut v: Vec<String> = t
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .filter(|l| l.starts_with("///") || !l.starts_with("//"))
            .collect();
        v.sort();
        v
    };
    let parts = reshape::reorder(&text);
    let mut sorted = parts.clone();
    sorted.sort();
    let joined: String = sorted.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(kept(&joined), kept(&text));
    let order = |t: &str| -> Vec<String> {
        t.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    assert_ne!(order(&joined), order(&text));
    // Members inside a context moved too: `implements` is no longer right after `context Patients {`.
    let patients = parts
        .iter()
        .find(|(_, t)| t.contains("context Patients {"))
        .unwrap();
    let lines: Vec<&str> = patients.1.lines().map(str::trim).collect();
    let at = lines
        .iter()
        .position(|l| *l == "context Patients {")
        .unwrap();
    assert_ne!(lines[at + 1], "implements PatientRecords", "{}", patients.1);
    assert!(reshape::reformat(&text).contains("\r\n\t"));
}

/// Seeds per run: about 7 s in a debug build at this count;
/// `DDGEN_DIFF_SEEDS` asks for more.
fn seeds() -> u64 {
    std::env::var("DDGEN_DIFF_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
}

#[test]
fn random_models_against_themselves_reformatted_and_reordered_report_nothing() {
    for seed in 0..seeds() {
        let files = randmodel::files(seed);
        let joined = randmodel::join(&files);
        // Split over files against joined in one.
        assert_eq!(
            findings(vec![("all.ddd".into(), joined.clone())], files),
            Vec::<String>::new(),
            "seed {seed}: split"
        );
        assert_same_meaning(&format!("seed {seed}"), &joined);
    }
}

/// One mutation of a random model's text at a span of its own.
struct Mutation {
    text: String,
    /// The rule that must fire, once, and be the only finding.
    code: &'static str,
    /// The rule the reverse diff must give instead (`None`: nothing).
    reverse: Option<&'static str>,
}

/// `range` widened to the `///` lines right above it, when it starts its line.
fn with_docs(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let line_start = |i: usize| text[..i].rfind('\n').map_or(0, |n| n + 1);
    let mut start = line_start(range.start);
    if !text[start..range.start].trim().is_empty() {
        return range;
    }
    while start > 0 {
        let prev = line_start(start - 1);
        if !text[prev..start].trim_start().starts_with("///") {
            break;
        }
        start = prev;
    }
    start..range.end
}

/// Mutations of consumed messages found through the model's own spans:
/// a field removed from an event, an event field made optional, a required
/// field added to a command or query.
fn mutations(text: &str) -> Vec<Mutation> {
    let mut sources = ddgen::source::SourceMap::default();
    sources.add("m.ddd".into(), text.to_string());
    let checked =
        ddgen::check::check_sources(sources, Vec::new(), &ddgen::check::Options::default());
    let m = &checked.model;
    let uses = ddgen::diff::Consumers::of(m);
    let mut out = Vec::new();
    let splice = |at: std::ops::Range<usize>, with: &str| {
        let mut t = text.to_string();
        t.replace_range(at, with);
        t
    };
    for msg in &m.messages {
        let consumed = !msg.internal && !uses.messages[msg.id.index()].is_empty();
        let Some(last) = msg.fields.last() else {
            continue;
        };
        if !consumed {
            continue;
        }
        if msg.kind == ddgen::model::MessageKind::Event {
            let f = &msg.fields[msg.fields.len() / 2];
            out.push(Mutation {
                text: splice(with_docs(text, f.span.range()), ""),
                code: "D312",
                reverse: None,
            });
            if !matches!(f.ty, ddgen::model::TypeRef::Optional(_)) {
                out.push(Mutation {
                    text: splice(f.ty_span.end as usize..f.ty_span.end as usize, "?"),
                    code: "D313",
                    reverse: None,
                });
            }
        } else {
            let end = last.span.end as usize;
            out.push(Mutation {
                text: splice(end..end, ", zz_added_by_test: int"),
                code: "D311",
                reverse: Some("D316"),
            });
        }
    }
    out
}

#[test]
fn mutations_of_random_models_give_exactly_their_rule_both_ways() {
    let (mut tried, mut judged) = (0, 0);
    for seed in 0..seeds() / 4 {
        let text = randmodel::model(seed);
        let one = |t: &str| vec![("m.ddd".to_string(), t.to_string())];
        // One mutation of each kind per seed keeps the run short.
        let mut kinds = std::collections::HashSet::new();
        for m in mutations(&text)
            .into_iter()
            .filter(|m| kinds.insert(m.code))
        {
            tried += 1;
            let files = |t: &str| {
                one(t)
                    .into_iter()
                    .map(|(p, t)| (PathBuf::from(p), t.into_bytes()))
                    .collect()
            };
            let sides = check_sides(files(&text), files(&m.text));
            if sides.rev_outcome.errors() > 0 {
                continue; // the splice broke the syntax (a separator left over)
            }
            judged += 1;
            let forward = findings(one(&text), one(&m.text));
            let codes: Vec<&str> = forward.iter().map(|f| &f[..4]).collect();
            assert_eq!(codes, [m.code], "seed {seed}: {forward:#?}\n{}", m.text);
            let back = findings(one(&m.text), one(&text));
            let codes: Vec<&str> = back.iter().map(|f| &f[..4]).collect();
            assert_eq!(
                codes,
                m.reverse.into_iter().collect::<Vec<_>>(),
                "seed {seed} reversed: {back:#?}"
            );
        }
    }
    eprintln!(
        "{judged} of {tried} mutations judged (the rest left a separator the syntax refuses)"
    );
    assert!(
        judged * 10 >= tried * 8 && judged > 20,
        "{judged} of {tried} mutations checked"
    );
}

#[test]
fn findings_between_two_random_models_do_not_depend_on_order_or_files() {
    // Unrelated models exercise most rules at once (everything removed,
    // renamed contexts' namesakes, moved messages); the findings must be
    // the same, as a set, whatever the declaration order and files.
    let mut total = 0;
    for seed in 0..seeds() / 10 {
        let (a, b) = (randmodel::model(seed), randmodel::model(seed + 1000));
        let one = |t: &str| vec![("m.ddd".to_string(), t.to_string())];
        let mut plain = findings(one(&a), one(&b));
        let mut reordered = findings(reshape::reorder(&a), reshape::reorder(&b));
        plain.sort();
        reordered.sort();
        assert_eq!(plain, reordered, "seed {seed}");
        total += plain.len();
    }
    assert!(total > 0);
}
