//! The generated tree's dev server (`dev.py`, issue #11) on every example and
//! a few seeded random models: it gets ready, a real HTTP client POSTs every
//! command route and reads what it created back, each event reaches every
//! subscriber in `/_dev/deliveries`, a poison message lands in its DLQ after
//! its `maxReceiveCount` attempts, a body that is not JSON is a 415, and
//! Schemathesis (`scripts/api_test.py`) is green on every context. Ctrl-C
//! stops it with exit 0; a port in use is exit 2 with nothing left running.
//!
//! Needs `.venv-gen` with moto[server] and schemathesis (scripts/requirements-gen.txt).
//! `DDGEN_DEV_SEEDS=FROM..TO` runs other random seeds, `DDGEN_DEV_PHASES` other
//! Schemathesis phases (CI: fuzzing and stateful with 5 examples an operation
//! on the examples, fuzzing with 3 on random models).

#[path = "support/gate.rs"]
mod gate;
#[path = "support/randmodel.rs"]
mod randmodel;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Random seeds CI runs (each one a generated tree on the dev server).
const CI_SEEDS: std::ops::Range<u64> = 0..2;
/// How long `dev.py` may take to say `ready`.
const READY_TIMEOUT: Duration = Duration::from_secs(180);

/// `.venv-gen/bin/python` when it has what the dev server needs.
fn python() -> Option<PathBuf> {
    let bin = gate::root().join(".venv-gen/bin");
    let ok = bin.join("schemathesis").exists()
        && Command::new(bin.join("python"))
            .args(["-c", "import moto.server, flask, flask_cors, yaml"])
            .status()
            .is_ok_and(|s| s.success());
    if !ok {
        gate::missing("moto[server] and schemathesis in .venv-gen");
        return None;
    }
    Some(bin.join("python"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `ddgen generate MODEL -o OUT`.
fn generate(model: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_ddgen"))
        .arg("generate")
        .arg(model)
        .arg("-o")
        .arg(out)
        .env("DDGEN_CACHE_DIR", out.with_extension("cache"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "ddgen generate {}", model.display());
}

/// A running `dev.py`; stopped (SIGINT, then killed) when dropped.
struct DevServer {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl DevServer {
    fn start(python: &Path, tree: &Path, port: u16) -> Result<DevServer, String> {
        let mut child = Command::new(python)
            .arg("dev.py")
            .args(["--port", &port.to_string()])
            .current_dir(tree)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let server = DevServer { child, lines };
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            match server.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if line.contains("ready") => return Ok(server),
                Ok(line) => seen.push(line),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        Err(format!("dev.py never said ready:\n{}", seen.join("\n")))
    }

    /// Ctrl-C; the exit code.
    fn stop(mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs the dev server of the tree in `tree` through the driver and
/// Schemathesis; `Err` with what failed.
/// `example`: the model is one of ours, where commands create what the
/// queries read back and events reach subscribers (a random model may have
/// neither).
fn exercise(python: &Path, tree: &Path, example: bool) -> Result<(String, u64), String> {
    let port = free_port();
    let started = Instant::now();
    let server = DevServer::start(python, tree, port)?;
    let ready = started.elapsed();
    let drive = Command::new(python)
        .arg(gate::root().join("tests/dev/drive.py"))
        .arg(tree)
        .arg(port.to_string())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&drive.stdout).to_string();
    let code = server.stop();
    if !drive.status.success() {
        return Err(format!(
            "driver failed:\n{report}\n{}",
            String::from_utf8_lossy(&drive.stderr)
        ));
    }
    if code != Some(0) {
        return Err(format!("Ctrl-C: dev.py exited with {code:?}, not 0"));
    }
    let figures: serde_json::Value = serde_json::from_str(&report).unwrap_or_default();
    let events = figures["events"].as_u64().unwrap_or(0);
    if example {
        // Every example's commands and queries work; events travel in the
        // examples whose default bodies emit them (a body that would have to
        // invent an event's values answers 501 instead: `run_all` wants
        // events in some example, not in each).
        for key in ["commands_ok", "readbacks"] {
            if figures[key].as_u64().unwrap_or(0) == 0 {
                return Err(format!("no {key} on an example:\n{report}"));
            }
        }
    }
    // Sized to CI's share: the examples get stateful runs too; random models
    // fewer examples (the soak widens both with DDGEN_DEV_PHASES).
    let (default, examples) = if example {
        ("fuzzing,stateful", "5")
    } else {
        ("fuzzing", "3")
    };
    let phases = std::env::var("DDGEN_DEV_PHASES").unwrap_or(default.into());
    let api = Command::new(python)
        .arg("scripts/api_test.py")
        .args(["--max-examples", examples, "--phases", &phases])
        .current_dir(tree)
        .output()
        .unwrap();
    if !api.status.success() {
        return Err(format!(
            "Schemathesis failed:\n{}",
            String::from_utf8_lossy(&api.stdout)
        ));
    }
    Ok((
        format!("ready in {:.1}s; {report}", ready.as_secs_f64()),
        events,
    ))
}

fn run_all(models: Vec<(String, PathBuf)>, example: bool) {
    let Some(python) = python() else { return };
    let work = tempfile::Builder::new()
        .prefix("ddgen-dev-")
        .tempdir()
        .unwrap();
    let mut failures = Vec::new();
    let mut events = 0;
    for (name, model) in &models {
        let tree = work.path().join(name);
        generate(model, &tree);
        match exercise(&python, &tree, example) {
            Ok((report, n)) => {
                events += n;
                eprintln!("{name}: {report}");
            }
            Err(e) => failures.push(format!("==== {name}:\n{e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        !example || events > 0,
        "no event reached a subscriber in any example"
    );
}

#[test]
fn examples_run_on_the_dev_server() {
    let examples = gate::root().join("examples");
    run_all(
        ["retail", "clinic.ddd", "insurance.ddd"]
            .iter()
            .map(|e| (e.trim_end_matches(".ddd").to_string(), examples.join(e)))
            .collect(),
        true,
    );
}

#[test]
fn random_models_run_on_the_dev_server() {
    let seeds = match std::env::var("DDGEN_DEV_SEEDS") {
        Ok(r) => {
            let (a, b) = r.split_once("..").expect("DDGEN_DEV_SEEDS=FROM..TO");
            a.parse().unwrap()..b.parse().unwrap()
        }
        Err(_) => CI_SEEDS,
    };
    let work = tempfile::Builder::new()
        .prefix("ddgen-devm-")
        .tempdir()
        .unwrap();
    let models = seeds
        .map(|seed| {
            let dir = work.path().join(format!("model-{seed}"));
            for (path, text) in randmodel::files(seed) {
                let p = dir.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            (format!("seed-{seed}"), dir)
        })
        .collect();
    run_all(models, false);
}

/// The clinic example generated into a new temporary folder.
/// Runs a Python script in the tree; it must succeed.
fn python_in(python: &Path, tree: &Path, script: &str) -> std::process::Output {
    let out = Command::new(python)
        .args(["-c", script])
        .current_dir(tree)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn clinic() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::Builder::new()
        .prefix("ddgen-dev-")
        .tempdir()
        .unwrap();
    let tree = work.path().join("clinic");
    generate(&gate::root().join("examples/clinic.ddd"), &tree);
    (work, tree)
}

#[test]
fn a_port_in_use_is_exit_2() {
    let Some(python) = python() else { return };
    let (_work, tree) = clinic();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(&python)
        .arg("dev.py")
        .args(["--port", &port.to_string()])
        .current_dir(&tree)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("in use"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("ready"));
}

#[test]
fn the_ci_workflow_is_a_valid_github_workflow() {
    let checker = gate::root().join(".venv-gen/bin/check-jsonschema");
    if !checker.exists() {
        gate::missing("check-jsonschema in .venv-gen");
        return;
    }
    let (_work, tree) = clinic();
    let workflow = tree.join(".github/workflows/ci.yaml");
    let out = Command::new(&checker)
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(&workflow)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The runtime's Python: the version of the SAM templates' `Runtime`.
    let text = std::fs::read_to_string(&workflow).unwrap();
    let templates = gate::find(&tree.join("contexts"), "template.yaml");
    let sam = std::fs::read_to_string(&templates[0]).unwrap();
    let python = sam
        .split("Runtime: \"python")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a function with a Runtime")
        .to_string();
    assert!(
        text.contains(&format!("python-version: \"{python}\"")),
        "setup-python with {python}:\n{text}"
    );
    // The dev server's and the API test's packages are pinned as ddgen's
    // own tests install them (scripts/requirements-gen.txt).
    let dev = std::fs::read_to_string(tree.join("requirements-dev.txt")).unwrap();
    let ours = std::fs::read_to_string(gate::root().join("scripts/requirements-gen.txt")).unwrap();
    for package in ["moto[server]==", "schemathesis==", "cfn-lint=="] {
        let pin = dev.lines().find(|l| l.starts_with(package));
        assert!(pin.is_some(), "requirements-dev.txt pins {package}");
        assert!(
            ours.lines().any(|l| Some(l) == pin),
            "{pin:?} in requirements-gen.txt"
        );
    }
    for step in [
        "pytest",
        "mypy",
        "ruff check",
        "scripts/api_test.py",
        "cfn-lint",
        "sam validate --lint",
        "sam build",
    ] {
        assert!(text.contains(step), "the workflow runs {step}");
    }
}

/// The outbox relay (`handlers/relay.py`, once helper outbox generates it)
/// gets the table's new `outbox#` items from the stream, as Lambda's
/// DynamoDB event source with its filter would hand them over.
#[test]
fn the_outbox_stream_reaches_a_relay() {
    let Some(python) = python() else { return };
    let (work, tree) = clinic();
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tree.join("dev.json")).unwrap()).unwrap();
    let first = &plan["contexts"][0];
    let handlers = tree
        .join(first["src"].as_str().unwrap())
        .join(first["package"].as_str().unwrap())
        .join("handlers");
    let got = work.path().join("relay.jsonl");
    std::fs::write(
        handlers.join("relay.py"),
        format!(
            "import json\n\n\ndef handler(event, context):\n    with open({:?}, \"a\") as f:\n        f.write(json.dumps(event[\"Records\"]) + \"\\n\")\n",
            got.display().to_string()
        ),
    )
    .unwrap();
    let port = free_port();
    let server = DevServer::start(&python, &tree, port).unwrap();
    let put = format!(
        r#"
import json, urllib.request, boto3
info = json.load(urllib.request.urlopen("http://127.0.0.1:{port}/_dev/info"))
table = json.load(open("dev.json"))["contexts"][0]["table"]
db = boto3.client("dynamodb", endpoint_url=info["endpoint"], region_name="us-east-1",
                  aws_access_key_id="dev", aws_secret_access_key="dev")
db.put_item(TableName=table, Item={{"pk": {{"S": "outbox#e1"}}, "v": {{"S": "a"}}}})
db.put_item(TableName=table, Item={{"pk": {{"S": "other#1"}}, "v": {{"S": "b"}}}})
"#
    );
    python_in(&python, &tree, &put);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline && !got.exists() {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(server.stop(), Some(0));
    let text = std::fs::read_to_string(&got).expect("the relay was invoked");
    let records: Vec<serde_json::Value> = text
        .lines()
        .flat_map(|l| serde_json::from_str::<Vec<serde_json::Value>>(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1, "{text}");
    assert_eq!(records[0]["eventName"], "INSERT");
    assert_eq!(records[0]["eventSource"], "aws:dynamodb");
    assert_eq!(records[0]["dynamodb"]["Keys"]["pk"]["S"], "outbox#e1");
}

/// Operations that require credentials in their OpenAPI `security` (helper
/// auth's) take `Bearer dev-token`, SigV4 ones any `AWS4-HMAC-SHA256` header;
/// `security: []` is open; anything else is a 401 JSON answer.
#[test]
fn openapi_security_is_enforced_locally() {
    let Some(python) = python() else { return };
    let (_work, tree) = clinic();
    let script = r#"
import json, sys, yaml
plan = json.load(open("dev.json"))
doc_path = next(c["openapi"] for c in plan["contexts"] if c["openapi"])
doc = yaml.safe_load(open(doc_path))
doc["security"] = [{"BearerToken": []}]
doc.setdefault("components", {})["securitySchemes"] = {
    "BearerToken": {"type": "http", "scheme": "bearer"},
    "SigV4": {"type": "apiKey", "name": "Authorization", "in": "header"},
}
gets = [p for p, item in doc["paths"].items() if "get" in item]
doc["paths"][gets[0]]["get"]["security"] = [{"SigV4": []}]
yaml.safe_dump(doc, open(doc_path, "w"))
print(gets[0])
"#;
    let out = python_in(&python, &tree, script);
    let get = String::from_utf8_lossy(&out.stdout)
        .trim()
        .replace(['{', '}'], "");
    let port = free_port();
    let server = DevServer::start(&python, &tree, port).unwrap();
    let status = |auth: &str| -> String {
        let probe = format!(
            r#"
import urllib.request, urllib.error
req = urllib.request.Request("http://127.0.0.1:{port}{get}", headers={{"Authorization": {auth:?}}})
try:
    print(urllib.request.urlopen(req).status)
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
"#
        );
        let out = Command::new(&python).args(["-c", &probe]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let none = status("");
    let token = status("Bearer dev-token");
    let signed = status("AWS4-HMAC-SHA256 Credential=dev/20260101/us-east-1/execute-api");
    assert_eq!(server.stop(), Some(0));
    assert!(
        none.starts_with("401 {\"message\": \"Unauthorized\"}"),
        "{none}"
    );
    assert!(
        token.starts_with("401"),
        "a SigV4 route refuses the token: {token}"
    );
    assert!(
        !signed.starts_with("401"),
        "a SigV4 header is let in: {signed}"
    );
}
