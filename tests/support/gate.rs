//! The gate every generated tree must pass, in one place for every test that
//! generates: `ruff check`, `ruff format --check`, `mypy` and the generated
//! `pytest` suite (in `.venv-gen`, whose versions are the ones the generated
//! `requirements-dev.txt` pins); `cfn-lint` on every SAM template and on its
//! translation to plain CloudFormation (`scripts/sam_translate.py`), and
//! `checkov` (in `.venv-lint`); `sam validate --lint` on every template
//! (`.venv-sam`, `scripts/sam_validate.py`); `openapi-spec-validator` (`.venv-lint`) and
//! `@asyncapi/parser` (`tests/browser/asyncapi-check.mjs`).
//!
//! Tools are found once (`Tools::find`); a missing one skips its checks with
//! a note, unless `DDGEN_REQUIRE_TOOLS=1`, where it fails. Checks return
//! `Err(report)` instead of panicking, so a caller can say which model failed.
//! Several trees can be checked together (`check_trees`): the tools that take
//! many files run once over all of them, and only on a failure once per tree,
//! to say which tree it was.
//!
//! Include it with `#[path = "support/gate.rs"] mod gate;`.

#![allow(dead_code)]

use ddgen::generate::OutFile;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn require_tools() -> bool {
    std::env::var("DDGEN_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Notes a missing tool, or fails under `DDGEN_REQUIRE_TOOLS=1`.
pub fn missing(what: &str) {
    assert!(
        !require_tools(),
        "{what} is missing and DDGEN_REQUIRE_TOOLS=1: run scripts/setup-tools.sh"
    );
    eprintln!("note: {what} is missing; skipping its checks (run scripts/setup-tools.sh)");
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Where the outside tools are; `None` for the ones that are missing.
pub struct Tools {
    /// `.venv-gen/bin`: ruff, mypy, pytest.
    pub python: Option<PathBuf>,
    /// `.venv-lint/bin`: cfn-lint, checkov, python with aws-sam-translator.
    pub lint: Option<PathBuf>,
    /// `.venv-sam/bin`: aws-sam-cli (`sam validate --lint`).
    pub sam: Option<PathBuf>,
    /// `openapi-spec-validator`.
    pub openapi: Option<PathBuf>,
    /// `node` and the AsyncAPI check script, with its parser installed.
    pub asyncapi: Option<(PathBuf, PathBuf)>,
}

impl Tools {
    /// Finds the tools; notes (or, under `DDGEN_REQUIRE_TOOLS=1`, fails on)
    /// each one missing.
    pub fn find() -> Tools {
        let gen = root().join(".venv-gen/bin");
        let python = ["ruff", "mypy", "pytest"]
            .iter()
            .all(|t| gen.join(t).exists())
            .then_some(gen);
        if python.is_none() {
            missing("ruff, mypy and pytest in .venv-gen");
        }
        let lint_bin = root().join(".venv-lint/bin");
        let lint = ["cfn-lint", "checkov", "python"]
            .iter()
            .all(|t| lint_bin.join(t).exists())
            .then(|| lint_bin.clone());
        if lint.is_none() {
            missing("cfn-lint and checkov in .venv-lint");
        }
        let sam_bin = root().join(".venv-sam/bin");
        let sam = ["sam", "python"]
            .iter()
            .all(|t| sam_bin.join(t).exists())
            .then_some(sam_bin);
        if sam.is_none() {
            missing("aws-sam-cli in .venv-sam");
        }
        let validator = lint_bin.join("openapi-spec-validator");
        let openapi = if validator.is_file() {
            Some(validator)
        } else {
            on_path("openapi-spec-validator")
        };
        if openapi.is_none() {
            missing("openapi-spec-validator");
        }
        let script = root().join("tests/browser/asyncapi-check.mjs");
        let parser = root().join("tests/browser/node_modules/@asyncapi/parser");
        let asyncapi = match on_path("node") {
            Some(node) if parser.exists() => Some((node, script)),
            _ => None,
        };
        if asyncapi.is_none() {
            missing("node with @asyncapi/parser (npm ci --prefix tests/browser)");
        }
        Tools {
            python,
            lint,
            sam,
            openapi,
            asyncapi,
        }
    }
}

/// Writes generated files below `dir`.
pub fn write(files: &[OutFile], dir: &Path) {
    for f in files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.content).unwrap();
    }
}

/// The longest one tool may run before the gate gives up on it.
const TOOL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);

/// Runs `cmd`; `Err` with what it printed when it fails or outlives
/// `TOOL_TIMEOUT` (then it is killed: a hang is a failure, not a stall).
pub fn run(cmd: &mut Command, what: &str) -> Result<String, String> {
    let started = std::time::Instant::now();
    let out_file = tempfile::tempfile().map_err(|e| format!("{what}: {e}"))?;
    let err_file = out_file.try_clone().map_err(|e| format!("{what}: {e}"))?;
    let mut child = cmd
        .env_remove("VIRTUAL_ENV")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdout(out_file.try_clone().map_err(|e| format!("{what}: {e}"))?)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("{what}: cannot run: {e}"))?;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("{what}: {e}"))? {
            break Some(status);
        }
        if started.elapsed() > TOOL_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut text = String::new();
    {
        use std::io::{Read, Seek};
        let mut f = out_file;
        let _ = f.seek(std::io::SeekFrom::Start(0));
        let mut bytes = Vec::new();
        let _ = f.read_to_end(&mut bytes);
        text.push_str(&String::from_utf8_lossy(&bytes));
    }
    match status {
        Some(s) if s.success() => Ok(text),
        Some(s) => Err(format!("{what} failed ({s}):\n{text}")),
        None => Err(format!(
            "{what} ran longer than {}s and was stopped:\n{text}",
            TOOL_TIMEOUT.as_secs()
        )),
    }
}

/// Every file below `dir` whose path ends with `suffix`, sorted.
pub fn find(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The SAM templates of a generated tree.
fn templates(dir: &Path) -> Vec<PathBuf> {
    find(dir, "template.yaml")
}

/// ruff check, ruff format --check, mypy and pytest over one tree, from
/// the tree's own `pyproject.toml`. `mypy_cache` may be shared by trees
/// (it holds the third-party modules; first-party ones are rechecked by path).
pub fn python(bin: &Path, dir: &Path, mypy_cache: &Path) -> Result<(), String> {
    let tool = |name: &str| {
        let mut c = Command::new(bin.join(name));
        c.current_dir(dir);
        c
    };
    let mut errors = Vec::new();
    let mut step = |r: Result<String, String>| {
        if let Err(e) = r {
            errors.push(e);
        }
    };
    step(run(
        tool("ruff").args(["check", "--no-cache", "."]),
        "ruff check",
    ));
    step(run(
        tool("ruff").args(["format", "--check", "--diff", "--no-cache", "."]),
        "ruff format --check",
    ));
    step(run(tool("mypy").arg("--cache-dir").arg(mypy_cache), "mypy"));
    step(run(
        tool("pytest").args(["-q", "-p", "no:cacheprovider", "-x"]),
        "pytest",
    ));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// cfn-lint on the SAM templates of `dirs` (and the user-owned
/// `extensions.yaml` stacks) and on their translation, checkov over `dirs`.
/// `work` is a scratch folder.
pub fn sam(bin: &Path, dirs: &[PathBuf], work: &Path) -> Result<(), String> {
    let templates: Vec<PathBuf> = dirs.iter().flat_map(|d| templates(d)).collect();
    let extensions: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| find(d, "extensions.yaml"))
        .collect();
    let mut errors = Vec::new();
    if let Err(e) = run(
        Command::new(bin.join("cfn-lint"))
            .arg("--")
            .args(&templates)
            .args(&extensions),
        "cfn-lint",
    ) {
        errors.push(e);
    }
    let translated = work.join("translated");
    std::fs::create_dir_all(&translated).unwrap();
    let mut translate = Command::new(bin.join("python"));
    translate.arg(root().join("scripts/sam_translate.py"));
    let mut outputs = Vec::new();
    for (i, t) in templates.iter().enumerate() {
        let dst = translated.join(format!("{i}.json"));
        translate.arg(t).arg(&dst);
        outputs.push(dst);
    }
    match run(&mut translate, "aws-sam-translator") {
        Err(e) => errors.push(e),
        Ok(_) => {
            if let Err(e) = run(
                Command::new(bin.join("cfn-lint")).arg("--").args(&outputs),
                "cfn-lint on the translation",
            ) {
                errors.push(e);
            }
        }
    }
    let mut checkov = Command::new(bin.join("checkov"));
    checkov.args([
        "--framework",
        "cloudformation",
        "--compact",
        "--quiet",
        "--skip-download",
    ]);
    for d in dirs {
        checkov.arg("-d").arg(d);
    }
    if let Err(e) = run(checkov.env("BC_SKIP_MAPPING", "TRUE"), "checkov") {
        errors.push(e);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// `sam validate --lint` on every template below `dirs`, through the SAM
/// CLI's own command in one process (`scripts/sam_validate.py`): each
/// template must be "a valid SAM Template".
pub fn sam_validate(bin: &Path, dirs: &[PathBuf]) -> Result<(), String> {
    let templates: Vec<PathBuf> = dirs.iter().flat_map(|d| templates(d)).collect();
    let text = run(
        Command::new(bin.join("python"))
            .arg(root().join("scripts/sam_validate.py"))
            .arg("eu-west-1")
            .args(&templates),
        "sam validate --lint",
    )?;
    let ok = text.lines().filter(|l| l.ends_with(": OK")).count();
    if ok == templates.len() {
        Ok(())
    } else {
        Err(format!(
            "sam validate --lint: {ok} of {} valid:\n{text}",
            templates.len()
        ))
    }
}

/// openapi-spec-validator over `paths` (each must print `: OK`).
pub fn openapi(validator: &Path, paths: &[PathBuf]) -> Result<(), String> {
    if paths.is_empty() {
        return Ok(());
    }
    let text = run(
        Command::new(validator).args(paths),
        "openapi-spec-validator",
    )?;
    let ok = text.matches(": OK").count();
    if ok == paths.len() {
        Ok(())
    } else {
        Err(format!(
            "openapi-spec-validator: {ok} of {} OK:\n{text}",
            paths.len()
        ))
    }
}

/// The AsyncAPI parser over `paths`: every document parses as AsyncAPI
/// 3.0.0, with no warning.
pub fn asyncapi(node: &Path, script: &Path, paths: &[PathBuf]) -> Result<(), String> {
    if paths.is_empty() {
        return Ok(());
    }
    let text = run(
        Command::new(node).arg(script).args(paths),
        "@asyncapi/parser",
    )?;
    let ok = text.matches(": ok (AsyncAPI 3.0.0").count();
    if ok != paths.len() {
        return Err(format!(
            "@asyncapi/parser: {ok} of {} ok:\n{text}",
            paths.len()
        ));
    }
    if text.contains(" warning ") {
        return Err(format!("@asyncapi/parser warned:\n{text}"));
    }
    Ok(())
}

/// The contract tools over every `openapi.yaml` and `asyncapi.yaml` below `dirs`.
pub fn contracts(tools: &Tools, dirs: &[PathBuf]) -> Result<(), String> {
    let mut errors = Vec::new();
    if let Some(v) = &tools.openapi {
        let paths: Vec<PathBuf> = dirs.iter().flat_map(|d| find(d, "openapi.yaml")).collect();
        if let Err(e) = openapi(v, &paths) {
            errors.push(e);
        }
    }
    if let Some((node, script)) = &tools.asyncapi {
        let paths: Vec<PathBuf> = dirs.iter().flat_map(|d| find(d, "asyncapi.yaml")).collect();
        if let Err(e) = asyncapi(node, script, &paths) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// A check over several trees at once, with a scratch folder.
type Check<'a> = dyn Fn(&[PathBuf], &Path) -> Result<(), String> + 'a;

/// The whole gate over generated trees; `(index, report)` for each tree
/// that fails. The multi-file tools run once over all trees and again per
/// tree only when they fail.
pub fn check_trees(tools: &Tools, dirs: &[PathBuf], work: &Path) -> Vec<(usize, String)> {
    let mut reports: Vec<Vec<String>> = vec![Vec::new(); dirs.len()];
    let cache = work.join("mypy-cache");
    if let Some(bin) = &tools.python {
        for (i, d) in dirs.iter().enumerate() {
            if let Err(e) = python(bin, d, &cache) {
                reports[i].push(e);
            }
        }
    }
    let batched = |check: &Check, reports: &mut Vec<Vec<String>>| {
        if check(dirs, &work.join("all")).is_ok() {
            return;
        }
        for (i, d) in dirs.iter().enumerate() {
            if let Err(e) = check(std::slice::from_ref(d), &work.join(format!("one-{i}"))) {
                reports[i].push(e);
            }
        }
    };
    if let Some(bin) = &tools.lint {
        batched(&|ds, w| sam(bin, ds, w), &mut reports);
    }
    if let Some(bin) = &tools.sam {
        batched(&|ds, _| sam_validate(bin, ds), &mut reports);
    }
    batched(&|ds, _| contracts(tools, ds), &mut reports);
    reports
        .into_iter()
        .enumerate()
        .filter(|(_, r)| !r.is_empty())
        .map(|(i, r)| (i, r.join("\n")))
        .collect()
}
