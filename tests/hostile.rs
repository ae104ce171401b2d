//! Hostile models at the sizes of issue #5 (a name repeated 100,000 times, a
//! cycle through 10,000 contexts, a 1 MB string), made by `scripts/hostile.py`.
//! Each must give exactly the diagnostics it deserves. A super-linear step
//! would make this test run for hours instead of seconds; the timing itself is
//! measured by `scripts/hostile.sh`, not here.

use ddgen::check::{check_sources, Options};
use ddgen::diagnostic::{Code, Diagnostic};
use ddgen::render::{render, Format};
use ddgen::source::SourceMap;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Scale 1.0 is the sizes; `DDGEN_HOSTILE_SCALE` can shrink it.
fn scale() -> f64 {
    std::env::var("DDGEN_HOSTILE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0)
}

fn generate(dir: &Path, scale: f64) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/hostile.py");
    let status = Command::new("python3")
        .arg(script)
        .arg(scale.to_string())
        .arg(dir)
        .status()
        .expect("python3 runs scripts/hostile.py");
    assert!(status.success());
}

struct Outcome {
    counts: BTreeMap<Code, usize>,
    diags: Vec<Diagnostic>,
    human: Option<String>,
}

fn check(path: &Path, render_human: bool) -> Outcome {
    let text = std::fs::read_to_string(path).unwrap();
    let mut sources = SourceMap::default();
    sources.add(path.file_name().unwrap().into(), text);
    let checked = check_sources(sources, Vec::new(), &Options::default());
    let mut counts = BTreeMap::new();
    for d in &checked.outcome.diagnostics {
        *counts.entry(d.code).or_insert(0) += 1;
    }
    let human =
        render_human.then(|| render(Format::Human, &checked.sources, &checked.outcome, false));
    Outcome {
        counts,
        diags: checked.outcome.diagnostics,
        human,
    }
}

#[test]
fn hostile_models_give_exact_diagnostics() {
    let scale = scale();
    let n = (100_000.0 * scale) as usize;
    let ring = (10_000.0 * scale) as usize;
    let per = (n / 10).max(1);
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), scale);

    use Code::*;
    // (case, expected counts of each code; every other code must be absent)
    let expected: Vec<(&str, Vec<(Code, usize)>)> = vec![
        ("context_defined_n_times", vec![(E002, n - 1), (W103, 1)]),
        (
            "unknown_context_referenced_n_times",
            vec![(E003, n), (W103, 1)],
        ),
        ("n_distinct_unknown_contexts", vec![(E003, n), (W103, n)]),
        ("n_distinct_unknown_types", vec![(E003, n), (W103, 1)]),
        ("field_repeated_n_times", vec![(E002, n - 1), (W103, 1)]),
        ("n_distinct_fields", vec![(W103, 1)]),
        (
            "enum_value_repeated_n_times",
            vec![(E002, n - 1), (W103, 1)],
        ),
        ("n_events_in_one_context", vec![(W101, n), (W103, 1)]),
        (
            "message_name_in_n_contexts",
            vec![(E003, per), (W103, per + 1)],
        ),
        (
            "n_unknown_messages_of_a_big_context",
            vec![(E003, per), (W103, 2)],
        ),
        ("subdomain_name_in_n_domains", vec![(E005, per)]),
        ("path_of_n_segments", vec![(E003, 1), (W103, 1)]),
        ("bad_line_of_n_names", vec![(E001, 1), (W103, 1)]),
        ("allow_repeated_n_times", vec![]),
        ("n_warnings_each_allowed", vec![(W103, 1)]),
        (
            "relationship_repeated_n_times",
            vec![(E009, n - 1), (W103, 2), (W106, 1)],
        ),
        (
            "call_cycle_through_n_contexts",
            vec![(E010, 1), (W103, ring)],
        ),
        (
            "map_cycle_through_n_contexts",
            vec![(W103, ring), (W106, ring)],
        ),
        ("subscription_cycle_through_n_contexts", vec![(W103, ring)]),
        ("type_cycle_through_n_types", vec![(E012, 1), (W103, 1)]),
        ("one_mb_string", vec![(W103, 1)]),
        ("one_mb_name", vec![(W103, 1)]),
        ("one_mb_unknown_name", vec![(E003, 1), (W103, 1)]),
        ("one_mb_comment", vec![(W103, 1)]),
        ("one_mb_string_on_a_bad_line", vec![(E001, 1), (W103, 1)]),
        ("one_mb_route", vec![(W103, 1)]),
        ("one_mb_line_of_braces", vec![(E001, 1), (W103, 1)]),
    ];
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().replace(".ddd", ""))
        .collect();
    files.sort();
    let mut named: Vec<String> = expected.iter().map(|(c, _)| c.to_string()).collect();
    named.sort();
    assert_eq!(files, named, "every case the script writes is checked here");

    // Two workers: the cases are independent.
    let (left, right) = expected.split_at(expected.len() / 2);
    let run = |cases: &[(&str, Vec<(Code, usize)>)]| {
        let mut failures = Vec::new();
        for (case, want) in cases {
            let small = case.starts_with("one_mb") || *case == "bad_line_of_n_names";
            let out = check(&dir.path().join(format!("{case}.ddd")), small);
            let want: BTreeMap<Code, usize> = want.iter().copied().collect();
            if out.counts != want {
                failures.push(format!("{case}: got {:?}, want {want:?}", out.counts));
            }
            if let Some(human) = out.human {
                // The 1 MB lines are rendered, and the error still says where.
                assert!(human.contains(&format!("{case}.ddd:")), "{case}");
            }
            if *case == "n_distinct_unknown_contexts" {
                suggestions_stop_when_the_budget_is_spent(&out.diags, n);
            }
        }
        failures
    };
    let failures: Vec<String> = std::thread::scope(|s| {
        let a = s.spawn(|| run(left));
        let b = run(right);
        let mut all = a.join().unwrap();
        all.extend(b);
        all
    });
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Each unknown context costs `contexts` comparisons from the run's budget:
/// the first ones get a suggestion, the rest the generic help.
fn suggestions_stop_when_the_budget_is_spent(diags: &[Diagnostic], contexts: usize) {
    let helps: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == Code::E003)
        .map(|d| d.help.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(helps[0], "did you mean `C0`?");
    let suggested = helps
        .iter()
        .filter(|h| h.starts_with("did you mean"))
        .count();
    assert_eq!(suggested, ddgen::suggest::BUDGET / contexts);
    assert!(helps
        .iter()
        .skip(suggested)
        .all(|h| *h == "declare the context, or check the spelling"));
}

/// A valid model whose types nest `depth` levels, each level holding the next
/// `fan` times, reached from a command.
fn nested_types(depth: usize, fan: usize) -> String {
    let mut t = String::from(
        "domain D { subdomain S : core }\nteam T\ncontext A {\n implements D.S\n owner T\n id AggId\n",
    );
    for i in 0..depth {
        let fields: Vec<String> = (0..fan).map(|f| format!("f{f}: T{}", i + 1)).collect();
        t.push_str(&format!(" value T{i} {{ {} }}\n", fields.join(", ")));
    }
    t.push_str(&format!(" value T{depth} {{ x: int }}\n"));
    t.push_str(
        " aggregate Agg { id: AggId, t: T0 }\n command Do { t: T0 } via http POST \"/do\"\n}\n",
    );
    t
}

fn generated(text: String) -> Vec<(String, usize)> {
    let mut sources = SourceMap::default();
    sources.add("m.ddd".into(), text);
    let checked = check_sources(sources, Vec::new(), &Options::default());
    let model = checked.valid_model().expect("the model is valid");
    ddgen::generate::files(model)
        .into_iter()
        .map(|f| (f.path, f.content.len()))
        .collect()
}

/// Types that hold the next type twice per level made samples exponential
/// (a 1 KB model took minutes and gigabytes); a chain of 10,000 types made
/// the definition order recurse 10,000 deep. Both now generate in linear
/// time and bounded size.
#[test]
fn deeply_and_widely_nested_types_generate() {
    let wide = generated(nested_types(40, 2));
    let total: usize = wide.iter().map(|(_, n)| n).sum();
    assert!(
        total < 2_000_000,
        "{total} bytes generated from a 1 KB model"
    );
    let deep = generated(nested_types(10_000, 1));
    let total: usize = deep.iter().map(|(_, n)| n).sum();
    assert!(
        total > 10_000 * 20,
        "every one of the 10,000 types is generated"
    );
}
