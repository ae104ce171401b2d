//! `ddgen diff` as users and CI see it: a git repository built here (two
//! commits) for `--base`, `--base-path`, every format (SARIF checked against
//! the 2.1.0 schema with ajv, `tests/diff/sarif-check.mjs`; JSON as
//! `docs/diff.md` shows it) and the exit codes. `tests/diff_models.rs` holds
//! the properties over many models.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/run.rs"]
mod run;
use run::{ddgen, stderr, stdout};
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const BASE: &str = "team Checkout\nteam Billing\n\ncontext Orders {\n  owner Checkout\n  event OrderPlaced { order: string, total: decimal }\n  event OrderNoted { order: string }\n  deploy { memory 512 }\n}\n\ncontext Payments {\n  owner Billing\n  subscribe Orders.OrderPlaced\n}\n";

/// Breaking (a field removed), a warning (an unused event removed, memory
/// lowered) and a note (docs).
const REV: &str = "team Checkout\nteam Billing\n\n/// Orders.\ncontext Orders {\n  owner Checkout\n  event OrderPlaced { order: string }\n  deploy { memory 256 }\n}\n\ncontext Payments {\n  owner Billing\n  subscribe Orders.OrderPlaced\n}\n";

/// Only warnings and notes.
const SOFT: &str = "team Checkout\nteam Billing\n\n/// Orders.\ncontext Orders {\n  owner Checkout\n  event OrderPlaced { order: string, total: decimal }\n  deploy { memory 512 }\n}\n\ncontext Payments {\n  owner Billing\n  subscribe Orders.OrderPlaced\n}\n";

fn folder(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.ddd"), text).unwrap();
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

/// A repository with the model at `models/shop/model.ddd`: BASE committed,
/// then REV committed.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["config", "user.name", "ddgen tests"]);
    git(p, &["config", "user.email", "tests@ddgen.example"]);
    std::fs::create_dir_all(p.join("models/shop")).unwrap();
    std::fs::write(p.join("models/shop/model.ddd"), BASE).unwrap();
    std::fs::write(p.join("README"), "not a model\n").unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-q", "-m", "base"]);
    std::fs::write(p.join("models/shop/model.ddd"), REV).unwrap();
    git(p, &["commit", "-q", "-a", "-m", "revision"]);
    dir
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn git_base_is_read_at_the_revision_for_paths_relative_to_the_cwd() {
    let r = repo();
    let sub = r.path().join("models");
    let o = ddgen(
        &["diff", "shop", "--base", "HEAD~1", "--format", "json"],
        &sub,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    // By revision location (the context's name first), then code.
    assert_eq!(codes(&v), ["D304", "D321", "D322", "D312"], "{v:#}");
    let removed = &v["findings"][3];
    assert_eq!(removed["rule"], "field-removed");
    assert_eq!(removed["severity"], "error");
    assert_eq!(removed["file"], "shop/model.ddd");
    assert_eq!(removed["labels"][0]["file"], "HEAD~1:models/shop/model.ddd");
    assert_eq!(
        removed["affected"],
        serde_json::json!([{ "context": "Payments", "team": "Billing" }])
    );
    assert_eq!(
        v["summary"],
        serde_json::json!({ "breaking": 1, "warning": 2, "info": 1 })
    );
    // The same from the repository root, with the default threshold, in human form.
    let o = ddgen(&["diff", "models/shop", "--base", "main~1"], r.path());
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("error[D312]: field `total` removed from event `Orders.OrderPlaced`; affects Payments (team Billing)"), "{e}");
    assert!(e.contains("::: main~1:models/shop/model.ddd:6"), "{e}");
    assert!(
        e.trim_end()
            .ends_with("breaking: 1 breaking change, 2 warnings, 1 note"),
        "{e}"
    );
    // SARIF with base locations at `REF:path` is still valid SARIF.
    let o = ddgen(
        &["diff", "models", "--base", "HEAD~1", "--format", "sarif"],
        r.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let related = &v["runs"][0]["results"][3]["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        related["artifactLocation"]["uri"],
        "HEAD~1%3Amodels/shop/model.ddd"
    );
    sarif_valid(&o.stdout, r.path());
    // A file, named from a subfolder.
    let o = ddgen(
        &[
            "diff",
            "shop/model.ddd",
            "--base",
            "HEAD~1",
            "--format",
            "json",
        ],
        &sub,
    );
    assert_eq!(codes(&json(&o)), ["D304", "D321", "D322", "D312"]);
    // Against itself: nothing, exit 0.
    let o = ddgen(&["diff", "models", "--base", "HEAD"], r.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o)
        .trim_end()
        .ends_with("ok: 0 breaking changes, 0 warnings, 0 notes"));
}

#[test]
fn git_errors_are_usage_errors() {
    let r = repo();
    let cases: &[(&[&str], &str)] = &[
        (
            &["diff", "models", "--base", "nosuchbranch"],
            "no such git revision",
        ),
        (
            &["diff", "models", "--base=--upload-pack=x"],
            "not a git revision",
        ),
        (&["diff", "README", "--base", "HEAD~1"], "no `.ddd` files"),
        (&["diff", "models"], "--base"),
        (
            &["diff", "models", "--base", "HEAD", "--base-path", "models"],
            "cannot be used with",
        ),
    ];
    for (args, expected) in cases {
        let o = ddgen(args, r.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
    }
    // Outside any repository, and paths outside the repository.
    let plain = folder(BASE);
    let o = ddgen(&["diff", "--base", "HEAD"], plain.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // The repository is the first path's, wherever the current folder is.
    let models = r.path().join("models").to_string_lossy().into_owned();
    let o = ddgen(
        &["diff", &models, "--base", "HEAD~1", "--format", "json"],
        plain.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(codes(&json(&o)), ["D304", "D321", "D322", "D312"]);
    let outside = plain.path().to_string_lossy().into_owned();
    let o = ddgen(&["diff", "models", &outside, "--base", "HEAD"], r.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("outside the git repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn base_path_and_fail_on_thresholds() {
    let base = folder(BASE);
    let base_arg = base.path().to_string_lossy().into_owned();
    let exit = |rev: &str, extra: &[&str]| {
        let dir = folder(rev);
        let mut args = vec!["diff", "--base-path", base_arg.as_str()];
        args.extend_from_slice(extra);
        ddgen(&args, dir.path()).status.code()
    };
    assert_eq!(exit(REV, &[]), Some(1));
    assert_eq!(exit(REV, &["--fail-on", "never"]), Some(0));
    assert_eq!(
        exit(SOFT, &[]),
        Some(0),
        "warnings and notes do not fail by default"
    );
    assert_eq!(exit(SOFT, &["--fail-on", "warning"]), Some(1));
    assert_eq!(exit(BASE, &["--fail-on", "warning"]), Some(0));
    let notes_only = BASE.replace("context Orders", "/// Orders.\ncontext Orders");
    assert_eq!(exit(&notes_only, &["--fail-on", "warning"]), Some(0));
    // A base folder inside the revision's folder is not part of the revision.
    let dir = folder(REV);
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::write(dir.path().join("old/model.ddd"), BASE).unwrap();
    let o = ddgen(&["diff", "--base-path", "old"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // The same folder on both sides: the model against itself.
    let o = ddgen(&["diff", "old", "--base-path", "old"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A base path that is not a folder.
    let dir = folder(REV);
    let o = ddgen(&["diff", "--base-path", "nowhere"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_side_with_errors_shows_them_and_exits_2() {
    let base = folder(BASE);
    let base_arg = base.path().to_string_lossy().into_owned();
    let broken = folder(&REV.replace("order: string }", "order: strin }"));
    let o = ddgen(&["diff", "--base-path", &base_arg], broken.path());
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("error[E003]: cannot find type `strin`"), "{e}");
    assert!(e.contains("error: the revision has errors"), "{e}");
    assert!(stdout(&o).is_empty());
    // The base broken instead.
    let o = ddgen(
        &["diff", "--base-path", &broken.path().to_string_lossy()],
        base.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: the base has errors"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn markdown_is_a_table_for_a_pull_request() {
    let base = folder(BASE);
    let rev = folder(REV);
    let o = ddgen(
        &[
            "diff",
            "--base-path",
            &base.path().to_string_lossy(),
            "--format",
            "markdown",
        ],
        rev.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let md = stdout(&o);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "### ddgen diff: 1 breaking change, 2 warnings, 1 note"
    );
    assert_eq!(
        lines[2],
        "| severity | rule | change | affected | where | base |"
    );
    assert!(lines[4].starts_with("| **breaking** | `D312` field-removed | field `total` removed from event `Orders.OrderPlaced` | Payments (Billing) | `model.ddd:"), "{md}");
    assert_eq!(lines.len(), 8, "{md}");
    for row in &lines[2..] {
        assert_eq!(row.matches(" | ").count(), 5, "six cells: {row}");
    }
    let o = ddgen(
        &[
            "diff",
            "--base-path",
            &base.path().to_string_lossy(),
            "--format",
            "markdown",
        ],
        base.path(),
    );
    assert!(stdout(&o).contains("No contract changes"));
}

/// `tests/diff/node_modules` (scripts/setup-tools.sh) holds ajv and the SARIF
/// 2.1.0 schema; without it the check is skipped unless tools are required.
fn sarif_checker() -> Option<PathBuf> {
    let dir = root().join("tests/diff");
    if dir.join("node_modules/ajv").exists() && which("node") {
        return Some(dir.join("sarif-check.mjs"));
    }
    if std::env::var_os("DDGEN_REQUIRE_TOOLS").is_some() {
        panic!("tests/diff/node_modules or node is missing: run scripts/setup-tools.sh");
    }
    eprintln!("note: node or tests/diff/node_modules missing; SARIF schema check skipped");
    None
}

fn which(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let base = folder(BASE);
    let rev = folder(REV);
    let o = ddgen(
        &[
            "diff",
            "--base-path",
            &base.path().to_string_lossy(),
            "--format",
            "sarif",
        ],
        rev.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run = &v["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let r = &results[3];
    assert_eq!(r["ruleId"], "D312");
    assert_eq!(r["level"], "error");
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "D312"
    );
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[2]["level"], "note");
    assert!(
        r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("model.ddd")
    );
    sarif_valid(&o.stdout, rev.path());
    // check's SARIF too: both come from one renderer.
    let c = ddgen(&["check", "--format", "sarif"], rev.path());
    sarif_valid(&c.stdout, rev.path());
}

/// Validates a SARIF document against the 2.1.0 schema (when the checker is installed).
fn sarif_valid(doc: &[u8], scratch: &Path) {
    let Some(checker) = sarif_checker() else {
        return;
    };
    let file = scratch.join("out.sarif");
    std::fs::write(&file, doc).unwrap();
    let out = Command::new("node")
        .arg(&checker)
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn json_is_as_docs_diff_md_shows() {
    let docs = std::fs::read_to_string(root().join("docs/diff.md")).unwrap();
    let section = &docs[docs.find("`--format json` (stdout)").unwrap()..];
    let block = |fence: &str, nth: usize| -> String {
        let start = section.match_indices(fence).nth(nth).unwrap().0 + fence.len();
        let len = section[start..].find("```").unwrap();
        section[start..start + len].to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    for (folder, text) in [
        ("base", block("```ddd\n", 0)),
        ("models", block("```ddd\n", 1)),
    ] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join("orders.ddd"), text).unwrap();
    }
    let o = ddgen(
        &["diff", "models", "--base-path", "base", "--format", "json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), block("```json\n", 0));
}
