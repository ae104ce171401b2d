//! `ddgen lsp` as a process: a real LSP client (Microsoft's
//! `vscode-languageserver-protocol` in Node, `tests/lsp-client/client.mjs`)
//! drives the built binary; the VS Code extension's TextMate grammar
//! tokenises every example with VS Code's engine (`grammar.mjs`); raw
//! frames check that malformed JSON-RPC gets errors and never ends the
//! session.

#[path = "support/copy_dir.rs"]
mod copy_dir;

use copy_dir::copy_dir;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether node and `tests/lsp-client/node_modules` are here; under
/// `DDGEN_REQUIRE_TOOLS=1` (CI) their absence fails instead of skipping.
fn node_available() -> bool {
    let have = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        && root()
            .join("tests/lsp-client/node_modules/vscode-textmate")
            .exists();
    if !have {
        assert!(
            std::env::var("DDGEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "node or tests/lsp-client/node_modules missing"
        );
        eprintln!("note: skipping (run `npm ci --prefix tests/lsp-client`)");
    }
    have
}

fn node(script: &str, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let out = Command::new("node")
        .arg(root().join("tests/lsp-client").join(script))
        .args(args)
        .env(
            "DDGEN_CACHE_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lsp-cache"),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap()
}

#[test]
fn a_real_client_edits_navigates_renames_and_formats() {
    if !node_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("retail");
    copy_dir(&root().join("examples/retail"), &workspace);
    let summary = node(
        "client.mjs",
        &[env!("CARGO_BIN_EXE_ddgen").as_ref(), workspace.as_os_str()],
    );
    assert_eq!(summary["server"], "ddgen");
    assert!(summary["error"].as_str().unwrap().starts_with("E003"));
    assert_eq!(summary["cleared"], true);
    assert_eq!(summary["definition"], "contexts/catalog.ddd:15");
    assert!(
        summary["rename"]["edits"].as_u64().unwrap() >= 10,
        "{summary}"
    );
    assert_eq!(summary["format"]["edits"], 1);
    assert_eq!(summary["exit"], 0);
}

#[test]
fn the_textmate_grammar_scopes_every_example() {
    if !node_available() {
        return;
    }
    let mut files: Vec<PathBuf> = ddgen::load::find_files(&[root().join("examples")]).unwrap();
    files.push(root().join("templates/init/model.ddd"));
    let grammar = root().join("editors/vscode/syntaxes/ddd.tmLanguage.json");
    let mut args: Vec<&std::ffi::OsStr> = vec![grammar.as_os_str()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let summary = node("grammar.mjs", &args);
    assert_eq!(summary["failures"], 0);
    assert_eq!(summary["files"].as_u64().unwrap(), files.len() as u64);
    for what in ["keywords", "names", "strings", "comments", "docs"] {
        assert!(summary[what].as_u64().unwrap() > 20, "{what}: {summary}");
    }
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_message(out: &mut impl BufRead) -> serde_json::Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the server closed stdout"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    out.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn malformed_json_rpc_gets_errors_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ddgen"))
        .arg("lsp")
        .env("DDGEN_CACHE_DIR", dir.path().join("cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |bytes: &[u8]| {
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    };
    let init = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"capabilities":{{}},"rootUri":"file://{}"}}}}"#,
        dir.path().display()
    );
    send(&frame(&init));
    assert!(read_message(&mut stdout)["result"]["capabilities"].is_object());
    send(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    send(&frame("{not json"));
    assert_eq!(read_message(&mut stdout)["error"]["code"], -32700);
    send(&frame(r#"{"jsonrpc":"2.0","id":2,"method":7}"#));
    let r = read_message(&mut stdout);
    assert_eq!(
        (r["id"].clone(), r["error"]["code"].clone()),
        (2.into(), (-32600).into())
    );
    send(b"X-No-Length: 1\r\n\r\n");
    send(&frame(
        r#"{"jsonrpc":"2.0","id":3,"method":"ddgen/unknown","params":{}}"#,
    ));
    let r = read_message(&mut stdout);
    assert_eq!(
        (r["id"].clone(), r["error"]["code"].clone()),
        (3.into(), (-32601).into())
    );
    send(&frame(r#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#));
    assert_eq!(read_message(&mut stdout)["id"], 4);
    send(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn the_vscode_extension_packages_its_grammar_configuration_and_client() {
    let ext = root().join("editors/vscode");
    if !node_available() {
        return;
    }
    if !ext.join("node_modules/@vscode/vsce").exists() {
        assert!(
            std::env::var("DDGEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "editors/vscode/node_modules missing"
        );
        return;
    }
    // What `vsce package` would put in the .vsix.
    let out = Command::new("npx")
        .args(["--no-install", "vsce", "ls"])
        .current_dir(&ext)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = String::from_utf8(out.stdout).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ext.join("package.json")).unwrap()).unwrap();
    let contributes = &manifest["contributes"];
    let grammar = contributes["grammars"][0]["path"].as_str().unwrap();
    let config = contributes["languages"][0]["configuration"]
        .as_str()
        .unwrap();
    for f in [grammar, config, manifest["main"].as_str().unwrap()] {
        let f = f.trim_start_matches("./");
        assert!(files.lines().any(|l| l == f), "{f} not packaged:\n{files}");
    }
    assert!(files.contains("node_modules/vscode-languageclient/lib/node/main.js"));
    assert_eq!(contributes["languages"][0]["extensions"][0], ".ddd");
    // The configuration is JSON with the comment and bracket pairs.
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ext.join(config)).unwrap()).unwrap();
    assert_eq!(config["comments"]["lineComment"], "//");
    assert_eq!(config["brackets"][0], serde_json::json!(["{", "}"]));
    // The client module resolves from the extension folder.
    let resolve = Command::new("node")
        .args(["-e", "require.resolve('vscode-languageclient/node')"])
        .current_dir(&ext)
        .status()
        .unwrap();
    assert!(resolve.success());
}
