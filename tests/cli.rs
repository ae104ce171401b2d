//! The command line as scripts and CI see it: formats, exit codes, bad input.

use std::path::PathBuf;

#[path = "support/run.rs"]
mod run;
use run::{ddgen, stderr, stdout};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const BAD: &str =
    "domain D { subdomain S }\ncontext A {\n  implements D.S\n  value V { x: Strng }\n}\n";
const WARNS: &str =
    "domain D { subdomain S }\ncontext A {\n  implements D.S\n  event E { x: int }\n}\n";

fn model(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.ddd"), text).unwrap();
    dir
}

#[test]
fn clean_example_exits_zero_with_summary() {
    let o = ddgen(&["check", "examples/retail"], &root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .trim_end()
            .ends_with("0 errors, 0 warnings (3 allowed)"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn human_format_shows_source_help_and_summary_without_colour() {
    let dir = model(BAD);
    let o = ddgen(&["check"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("error[E003]: cannot find type `Strng`"), "{e}");
    assert!(e.contains(" --> model.ddd:4:16"), "{e}");
    assert!(e.contains("4 |   value V { x: Strng }"), "{e}");
    assert!(e.contains("= help: did you mean `string`?"), "{e}");
    assert!(e.trim_end().ends_with("error: 1 error, 0 warnings"), "{e}");
    assert!(
        !e.contains('\x1b'),
        "no colour when NO_COLOR is set or stderr is not a terminal"
    );
}

#[test]
fn short_format_is_one_line_each() {
    let dir = model(BAD);
    let o = ddgen(&["check", "--format", "short"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(
        lines[0],
        "model.ddd:4:16: error[E003]: cannot find type `Strng`"
    );
    assert_eq!(lines.len(), 2, "{e}");
}

#[test]
fn json_format_has_the_documented_fields() {
    let dir = model(BAD);
    let o = ddgen(&["check", "--format", "json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON on stdout");
    let d = &v.as_array().unwrap()[0];
    for key in [
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
        "help",
    ] {
        assert!(d.get(key).is_some(), "missing {key}: {d}");
    }
    assert_eq!(d["code"], "E003");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_column"].as_u64()
        ),
        (Some(4), Some(16), Some(21))
    );
}

#[test]
fn sarif_format_is_sarif_2_1_0() {
    let dir = model(BAD);
    let o = ddgen(&["check", "--format", "sarif"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON on stdout");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "ddgen");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "E003");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "E003");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(4), Some(16))
    );
}

#[test]
fn warnings_pass_unless_denied_and_can_be_allowed() {
    let dir = model(WARNS);
    let o = ddgen(&["check"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("warning[W101]"));
    assert!(stderr(&o)
        .trim_end()
        .ends_with("warning: 0 errors, 1 warning"));

    let o = ddgen(&["check", "--deny", "warnings"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .trim_end()
            .ends_with("error: 1 error, 0 warnings"),
        "{}",
        stderr(&o)
    );

    let o = ddgen(&["check", "--allow", "W101"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o)
            .trim_end()
            .ends_with("ok: 0 errors, 0 warnings (1 allowed)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn allow_of_an_error_or_unknown_code_is_a_usage_error() {
    let dir = model(WARNS);
    for code in ["E003", "W999", "D316"] {
        let o = ddgen(&["check", "--allow", code], dir.path());
        assert_eq!(o.status.code(), Some(2), "{code}");
        assert!(stderr(&o).starts_with("error: `--allow"), "{}", stderr(&o));
    }
}

#[test]
fn explain_knows_every_code_and_refuses_others() {
    for code in ddgen::diagnostic::Code::ALL {
        let o = ddgen(&["explain", code.as_str()], &root());
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).starts_with(&format!("# {code}: ")));
    }
    let o = ddgen(&["explain", "W1O1"], &root());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `W101`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_writes_a_clean_model_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = ddgen(&["init", "starter"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("ddgen check starter"));
    let file = dir.path().join("starter/model.ddd");
    let before = std::fs::read(&file).unwrap();
    let o = ddgen(&["check", "starter"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("ok: 0 errors, 0 warnings"));
    std::fs::write(&file, "// mine\n").unwrap();
    let o = ddgen(&["init", "starter"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "// mine\n",
        "init never overwrites"
    );
    assert!(!before.is_empty());
}

#[test]
fn missing_or_empty_paths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = ddgen(&["check", "nowhere"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "error: cannot read `nowhere`: no such file or folder"
    );
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = ddgen(&["check", "empty"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "error: no `.ddd` files in `empty`");
    std::fs::write(dir.path().join("empty/readme.txt"), "hi").unwrap();
    let o = ddgen(&["check", "empty"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn hostile_files_get_a_diagnostic_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "latin1.ddd",
            b"context Caf\xe9 {}\n".to_vec(),
            "file is not valid UTF-8",
        ),
        (
            "nul.ddd",
            b"context A {\0}\n".to_vec(),
            "file contains a NUL byte",
        ),
        (
            "deep.ddd",
            ("context A ".to_string() + &"{".repeat(10_000) + &"}".repeat(10_000)).into_bytes(),
            "nesting deeper than",
        ),
        (
            "deep_types.ddd",
            ("context A { value V { x: ".to_string()
                + &"list<".repeat(10_000)
                + "int"
                + &">".repeat(10_000)
                + " } }")
                .into_bytes(),
            "nesting deeper than",
        ),
        (
            "unclosed.ddd",
            b"context A {\n  value V { x: int }\n".to_vec(),
            "unclosed delimiter",
        ),
        (
            "string.ddd",
            b"context A { vision \"never closed }\n".to_vec(),
            "unterminated string",
        ),
    ];
    for (name, bytes, expected) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let o = ddgen(&["check", "--format", "short", name], dir.path());
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("error[E001]"), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{name}: {}", stderr(&o));
    }
}

#[test]
fn a_ten_megabyte_file_is_checked_without_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("domain D { subdomain S }\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!(
            "/// Context number {i}.\ncontext C{i} {{\n  implements D.S\n  value V {{ a: string, b: int, c: list<decimal> }}\n  internal event E{i} {{ v: V }}\n}}\n"
        ));
        i += 1;
    }
    std::fs::write(dir.path().join("big.ddd"), &text).unwrap();
    let o = ddgen(&["check", "--format", "short", "big.ddd"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        stderr(&o).lines().take(5).collect::<Vec<_>>().join("\n")
    );
    // Ten megabytes of one garbage line: errors are capped, nothing hangs.
    std::fs::write(dir.path().join("junk.ddd"), "x ".repeat(5 * 1024 * 1024)).unwrap();
    let o = ddgen(&["check", "--format", "short", "junk.ddd"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).lines().count() <= 60,
        "{}",
        stderr(&o).lines().count()
    );
}

#[test]
fn file_order_does_not_change_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "a.ddd",
            "domain D { subdomain S }\ncontext A { implements D.S\n event E { x: int } }\n",
        ),
        (
            "b.ddd",
            "context B { implements D.S\n subscribe A.E\n subscribe C.Missing }\n",
        ),
        (
            "c.ddd",
            "context C { implements S\n event E { x: int }\n event E { y: int } }\n",
        ),
        ("d.ddd", "context A { implements D.S }\nmap M { A -> B }\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let orders = [
        ["a.ddd", "b.ddd", "c.ddd", "d.ddd"],
        ["d.ddd", "c.ddd", "b.ddd", "a.ddd"],
        ["c.ddd", "a.ddd", "d.ddd", "b.ddd"],
    ];
    let outputs: Vec<(Vec<u8>, Vec<u8>)> = orders
        .iter()
        .map(|order| {
            let mut args = vec!["check", "--format", "json"];
            args.extend(order.iter().copied());
            let json = ddgen(&args, dir.path()).stdout;
            args[2] = "human";
            (json, ddgen(&args, dir.path()).stderr)
        })
        .collect();
    assert!(
        outputs.windows(2).all(|w| w[0] == w[1]),
        "output depends on argument order"
    );
    let dir_run = ddgen(&["check", "--format", "json", "."], dir.path()).stdout;
    assert_eq!(
        String::from_utf8_lossy(&dir_run),
        String::from_utf8_lossy(&outputs[0].0)
    );
}

#[test]
fn map_writes_svg_to_stdout_or_a_file() {
    let o = ddgen(&["map", "examples/clinic.ddd"], &root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("<svg "));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.html");
    let o = ddgen(
        &[
            "map",
            "examples/clinic.ddd",
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("<!doctype html>"));
}

#[test]
fn map_refuses_bad_focus_bad_output_and_bad_models() {
    let o = ddgen(&["map", "examples/retail", "--focus", "Ordres"], &root());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "error: `--focus Ordres`: the model has no context `Ordres`; did you mean `Orders`?"
    );
    assert!(stdout(&o).is_empty());

    let o = ddgen(
        &["map", "examples/retail", "-o", "/nonexistent/dir/map.svg"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "error: cannot write `/nonexistent/dir/map.svg`: the folder does not exist"
    );

    let dir = model(BAD);
    let o = ddgen(&["map", "-o", "map.svg"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E003]"));
    assert!(
        !dir.path().join("map.svg").exists(),
        "nothing is written from a model with errors"
    );
}

#[test]
fn map_focus_keeps_direct_neighbours_only() {
    let full = stdout(&ddgen(
        &["map", "examples/retail", "--format", "dot"],
        &root(),
    ));
    let focused = stdout(&ddgen(
        &[
            "map",
            "examples/retail",
            "--format",
            "dot",
            "--focus",
            "Identity",
        ],
        &root(),
    ));
    assert!(focused.len() < full.len());
    assert!(focused.contains("Identity"));
}
