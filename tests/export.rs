//! `ddgen export` through the binary, checked by the ecosystems' own tools:
//!
//! - `asyncapi`/`openapi`: byte-identical to what `generate` writes (folder
//!   and `--context`), accepted by `@asyncapi/parser` and
//!   `openapi-spec-validator`;
//! - `jsonschema`: valid 2020-12 schemas whose `$ref`s resolve, and the
//!   sample messages of the generated tests validate against them (Python
//!   `jsonschema`, `tests/export/jsonschema_check.py`);
//! - `eventcatalog`: `@eventcatalog/linter` with its README's default rules
//!   configured explicitly (`tests/export/eventcatalogrc.js`), every context,
//!   message and team present, and the re-export rule (`docs/export.md`);
//! - `backstage`: `@backstage/catalog-model`'s validators and every relation
//!   resolving (`tests/export/backstage-check.mjs`).
//!
//! Inputs: the three examples, a model without teams or docs, and seeded
//! synthetic models (`scripts/synth.py`). A missing tool skips its check
//! with a note, unless `DDGEN_REQUIRE_TOOLS=1`, where it fails.

use ddgen::check::{check_paths, Options};
use ddgen::export::kind_folder;
use ddgen::generate::names::{context_dir, kebab, subscription_module, upper_snake};
use ddgen::model::{Model, TypeDefKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLES: [&str; 3] = ["retail", "insurance.ddd", "clinic.ddd"];
const FORMATS: [&str; 5] = [
    "asyncapi",
    "openapi",
    "jsonschema",
    "eventcatalog",
    "backstage",
];

/// No team, no docs, no map, a context outside every subdomain, the bus.
const BARE: &str = r#"
system Bare { broker eventbridge }
domain D { subdomain S }
context A {
  implements S
  id AId
  aggregate Thing { id: AId, n: int }
  command Make { n: int } returns AId via http POST "/things" emits Made
  command Poke { id: AId } via queue
  event Made { id: AId }
}
context B {
  subscribe A.Made
  sends A.Poke
  calls A.Make
}
"#;

/// Text every format must carry safely: MDX and YAML specials in docs and
/// terms, a `---` line in docs, names clashing across domains and
/// contexts, a team named like the system, a contact that is no e-mail
/// address, a context name too long for a Backstage entity name.
const HOSTILE: &str = r##"
/// Docs with {braces}, <b>tags</b>, "quotes", a back\slash and | pipes.
/// ---
/// # not a heading: the line above is not front matter
system Odd { broker sns }
/// Odd domain.
domain Billing { subdomain Billing : core
  subdomain Shared }
domain Other { subdomain Shared : generic }
team Odd { contact "a@b" }
/// A {team} <with> markup.
team Second { contact "second@odd.example" }
/// `code {kept}` and {escaped}.
context Invoices {
  implements Billing.Billing
  owner Odd
  language {
    "Bill | run" = "A {batch} of <bills>: \"quoted\"."
    Dunning = "Reminding twice."
  }
  id InvoiceId
  /// An amount: {value} <unit>.
  value Amount { value: decimal, unit: string }
  command Issue { amount: Amount } returns InvoiceId via http POST "/invoices" emits Issued
  event Issued { invoice: InvoiceId, amount: Amount }
}
context AVeryLongContextNameThatKeepsGoingOnAndOnUntilItIsFarTooLongForBackstageNames {
  implements Billing.Shared
  owner Second
  id InvoiceId
  event Issued { invoice: InvoiceId }
  subscribe Invoices.Issued
  sends Lonely.Poke
}
context Lonely {
  implements Other.Shared
  /// Nobody owns me.
  command Poke { n: int } via queue
}
"##;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ddgen(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ddgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .env(
            "DDGEN_CACHE_DIR",
            std::env::temp_dir().join("ddgen-export-test-cache"),
        )
        .output()
        .unwrap()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// `ddgen export FORMAT MODEL -o OUT`, which must succeed.
fn export(format: &str, model: &Path, out: &Path) {
    let o = ddgen(&[
        os("export"),
        os(format),
        model.as_os_str(),
        os("-o"),
        out.as_os_str(),
    ]);
    assert!(
        o.status.success(),
        "export {format} {}: {}",
        model.display(),
        text(&o)
    );
}

/// `ddgen generate MODEL -o OUT`, which must succeed.
fn generate(model: &Path, out: &Path) {
    let o = ddgen(&[os("generate"), model.as_os_str(), os("-o"), out.as_os_str()]);
    assert!(
        o.status.success(),
        "generate {}: {}",
        model.display(),
        text(&o)
    );
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The models every check runs on: the examples, the bare model, and two
/// seeded synthetic ones; as `(name, path)`, written under `dir`.
fn models(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = EXAMPLES
        .iter()
        .map(|e| (e.to_string(), root().join("examples").join(e)))
        .collect();
    for (name, text) in [("bare", BARE), ("hostile", HOSTILE)] {
        let path = dir.join(format!("{name}.ddd"));
        std::fs::write(&path, text).unwrap();
        out.push((name.into(), path));
    }
    for n in [4, 13] {
        let synth = Command::new("python3")
            .arg(root().join("scripts/synth.py"))
            .arg(n.to_string())
            .output();
        match synth {
            Ok(o) if o.status.success() => {
                let path = dir.join(format!("synth{n}.ddd"));
                std::fs::write(&path, &o.stdout).unwrap();
                out.push((format!("synth{n}"), path));
            }
            _ => missing("python3 (for scripts/synth.py)"),
        }
    }
    out
}

fn load(path: &Path) -> Model {
    let checked = check_paths(&[path.to_path_buf()], &Options::default()).unwrap();
    assert!(
        checked.valid_model().is_some(),
        "{} is valid",
        path.display()
    );
    checked.model
}

/// Every file below `dir` (relative path → bytes), hidden `.ddgen/` included.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

// ------------------------------------------------------------------ the tools

fn require_tools() -> bool {
    std::env::var("DDGEN_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

fn missing(what: &str) {
    assert!(
        !require_tools(),
        "{what} is missing and DDGEN_REQUIRE_TOOLS=1"
    );
    eprintln!("note: {what} is missing; skipping this check (set DDGEN_REQUIRE_TOOLS=1 to fail)");
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

fn node_with(package: &str, prefix: &str) -> Option<PathBuf> {
    let Some(node) = on_path("node") else {
        missing("`node` (Node.js 20 or later)");
        return None;
    };
    if !root()
        .join(prefix)
        .join("node_modules")
        .join(package)
        .exists()
    {
        missing(&format!("{package} (run `npm ci --prefix {prefix}`)"));
        return None;
    }
    Some(node)
}

fn lint_python() -> Option<PathBuf> {
    let python = root().join(".venv-lint/bin/python");
    if python.is_file() {
        return Some(python);
    }
    missing(".venv-lint with jsonschema (run scripts/setup-tools.sh)");
    None
}

fn run(mut cmd: Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    (out.status.success(), text(&out))
}

/// Runs EventCatalog's linter on `catalog` with the explicit default rules.
fn lint_catalog(node: &Path, catalog: &Path) -> (bool, String) {
    std::fs::copy(
        root().join("tests/export/eventcatalogrc.js"),
        catalog.join(".eventcatalogrc.js"),
    )
    .unwrap();
    let mut cmd = Command::new(node);
    cmd.arg(root().join("tests/export/node_modules/@eventcatalog/linter/dist/cli/index.js"))
        .arg(catalog);
    run(cmd)
}

fn check_backstage(node: &Path, dirs: &[PathBuf]) -> (bool, String) {
    let mut cmd = Command::new(node);
    cmd.arg(root().join("tests/export/backstage-check.mjs"))
        .args(dirs);
    run(cmd)
}

// ------------------------------------------------------- asyncapi, openapi

#[test]
fn contracts_are_what_generate_writes_and_the_tools_accept_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut asyncapi = Vec::new();
    let mut openapi = Vec::new();
    for (name, path) in models(dir.path()) {
        let generated = dir.path().join(format!("{name}-gen"));
        generate(&path, &generated);
        let model = load(&path);
        for (format, file) in [("asyncapi", "asyncapi.yaml"), ("openapi", "openapi.yaml")] {
            let out = dir.path().join(format!("{name}-{format}"));
            export(format, &path, &out);
            let exported = tree(&out);
            let mut expected = BTreeMap::new();
            for ctx in &model.contexts {
                let gen = generated.join(context_dir(&ctx.name)).join(file);
                let Ok(bytes) = std::fs::read(&gen) else {
                    continue;
                };
                expected.insert(format!("{}.yaml", kebab(&ctx.name)), bytes.clone());
                // One context: stdout, and a file (not for every synthetic one).
                if name.starts_with("synth") && expected.len() > 2 {
                    continue;
                }
                let o = ddgen(&[
                    os("export"),
                    os(format),
                    path.as_os_str(),
                    os("--context"),
                    os(&ctx.name),
                ]);
                assert!(o.status.success(), "{}", text(&o));
                assert_eq!(o.stdout, bytes, "{name}: `--context {}` {format}", ctx.name);
                let one = dir.path().join(format!("{name}-{}-{file}", ctx.name));
                let o = ddgen(&[
                    os("export"),
                    os(format),
                    path.as_os_str(),
                    os("--context"),
                    os(&ctx.name),
                    os("-o"),
                    one.as_os_str(),
                ]);
                assert!(o.status.success(), "{}", text(&o));
                assert_eq!(std::fs::read(&one).unwrap(), bytes);
            }
            let documents: BTreeMap<String, Vec<u8>> = exported
                .into_iter()
                .filter(|(p, _)| !p.starts_with(".ddgen/"))
                .collect();
            assert!(!expected.is_empty(), "{name} has {format} documents");
            assert_eq!(
                documents, expected,
                "{name}: export {format} = generate's documents"
            );
            let list = if format == "asyncapi" {
                &mut asyncapi
            } else {
                &mut openapi
            };
            list.extend(documents.keys().map(|k| out.join(k)));
        }
    }
    if let Some(node) = node_with("@asyncapi/parser", "tests/browser") {
        let mut cmd = Command::new(node);
        cmd.arg(root().join("tests/browser/asyncapi-check.mjs"))
            .args(&asyncapi);
        let (ok, text) = run(cmd);
        assert!(ok, "@asyncapi/parser found errors:\n{text}");
        assert_eq!(
            text.matches(": ok (AsyncAPI 3.0.0").count(),
            asyncapi.len(),
            "{text}"
        );
    }
    let validator = root().join(".venv-lint/bin/openapi-spec-validator");
    if validator.is_file() {
        let mut cmd = Command::new(validator);
        cmd.args(&openapi);
        let (ok, text) = run(cmd);
        assert!(ok, "openapi-spec-validator failed:\n{text}");
        assert_eq!(text.matches(": OK").count(), openapi.len(), "{text}");
    } else {
        missing("openapi-spec-validator (run scripts/setup-tools.sh)");
    }
}

#[test]
fn one_document_needs_a_context_that_has_it() {
    let clinic = root().join("examples/clinic.ddd");
    let o = ddgen(&[
        os("export"),
        os("openapi"),
        clinic.as_os_str(),
        os("--context"),
        os("Apointments"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("did you mean `Appointments`?"),
        "{}",
        text(&o)
    );
    let o = ddgen(&[
        os("export"),
        os("eventcatalog"),
        clinic.as_os_str(),
        os("--context"),
        os("Patients"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = ddgen(&[
        os("export"),
        os("openapi"),
        os("--base-uri"),
        os("https://x/"),
        clinic.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let model = load(&clinic);
    if let Some(ctx) = model
        .contexts
        .iter()
        .find(|c| !c.messages.iter().any(|m| model.message(*m).is_http()))
    {
        let o = ddgen(&[
            os("export"),
            os("openapi"),
            clinic.as_os_str(),
            os("--context"),
            os(&ctx.name),
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).contains("no OpenAPI document"), "{}", text(&o));
    }
}

#[test]
fn a_model_with_errors_exports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ddd");
    std::fs::write(&bad, "context A { event E { x: Mony } }\n").unwrap();
    for format in FORMATS {
        let out = dir.path().join(format);
        let o = ddgen(&[
            os("export"),
            os(format),
            bad.as_os_str(),
            os("-o"),
            out.as_os_str(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", text(&o));
        assert!(text(&o).contains("E003"), "{}", text(&o));
        assert!(
            !out.exists(),
            "{format} wrote output for a model with errors"
        );
    }
    // An output path that is a file: exit 2, the file left as it was.
    let file = dir.path().join("file");
    std::fs::write(&file, "mine").unwrap();
    let o = ddgen(&[
        os("export"),
        os("backstage"),
        root().join("examples/clinic.ddd").as_os_str(),
        os("-o"),
        file.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn exports_are_deterministic_whatever_the_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let retail = root().join("examples/retail");
    let mut files: Vec<PathBuf> = Vec::new();
    fn ddd(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                ddd(&p, out);
            } else if p.extension().is_some_and(|x| x == "ddd") {
                out.push(p);
            }
        }
    }
    ddd(&retail, &mut files);
    files.sort();
    for format in FORMATS {
        let a = dir.path().join(format!("{format}-a"));
        let b = dir.path().join(format!("{format}-b"));
        export(format, &retail, &a);
        let mut args: Vec<&std::ffi::OsStr> = vec![os("export"), os(format)];
        args.extend(files.iter().rev().map(|p| p.as_os_str()));
        args.extend([os("-o"), b.as_os_str()]);
        let o = ddgen(&args);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(tree(&a), tree(&b), "{format} depends on the file order");
        // A second export over the first changes nothing.
        let before = tree(&a);
        export(format, &retail, &a);
        assert_eq!(tree(&a), before, "{format}: re-export changed the folder");
    }
}

// ----------------------------------------------------------------- jsonschema

/// The samples of the generated tests that stand for one message or type:
/// each context's own messages in `contracts/examples.py`, its aggregates in
/// `test_api.py`, and each consumer test's `EVENT`.
fn samples(model: &Model, generated: &Path) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for ctx in &model.contexts {
        let tests = generated.join(context_dir(&ctx.name)).join("tests");
        let src = generated.join(context_dir(&ctx.name)).join("src");
        let Some(app) = std::fs::read_dir(&src).ok().and_then(|d| {
            d.flatten()
                .map(|e| e.path().join("contracts/examples.py"))
                .find(|p| p.is_file())
        }) else {
            continue;
        };
        let Ok(app_text) = std::fs::read_to_string(&app) else {
            continue;
        };
        let has = |text: &str, c: &str| {
            text.contains(&format!("\n{c}: ")) || text.contains(&format!("\n{c} = "))
        };
        for m in &ctx.messages {
            let msg = model.message(*m);
            let c = upper_snake(&msg.name);
            if has(&app_text, &c) {
                let kind = kind_folder(msg.kind);
                out.push(serde_json::json!({
                    "schema": format!("{}/{kind}/{}.schema.json", kebab(&ctx.name), msg.name),
                    "file": app, "constant": c,
                }));
            }
        }
        let api = tests.join("test_api.py");
        let api_text = std::fs::read_to_string(&api).unwrap_or_default();
        for t in &ctx.types {
            let td = model.type_def(*t);
            let c = upper_snake(&td.name);
            if td.kind == TypeDefKind::Aggregate && has(&api_text, &c) {
                out.push(serde_json::json!({
                    "schema": format!("{}/types/{}.schema.json", kebab(&ctx.name), td.name),
                    "file": api, "constant": c,
                }));
            }
        }
        for s in &ctx.subscriptions {
            let event = model.message(model.subscription(*s).event);
            let source = &model.context(event.context).name;
            let file = tests.join(format!(
                "test_{}.py",
                subscription_module(source, &event.name)
            ));
            if file.is_file() {
                out.push(serde_json::json!({
                    "schema": format!("{}/events/{}.schema.json", kebab(source), event.name),
                    "file": file, "constant": "EVENT",
                }));
            }
        }
    }
    out
}

#[test]
fn json_schemas_are_valid_and_the_generated_samples_match_them() {
    let Some(python) = lint_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in models(dir.path()) {
        let out = dir.path().join(format!("{name}-jsonschema"));
        export("jsonschema", &path, &out);
        let generated = dir.path().join(format!("{name}-gen"));
        generate(&path, &generated);
        let model = load(&path);
        let samples = samples(&model, &generated);
        let schemas = tree(&out)
            .keys()
            .filter(|k| k.ends_with(".schema.json"))
            .count();
        assert_eq!(
            schemas,
            model.messages.len() + model.types.len(),
            "{name}: one per message and type"
        );
        assert!(
            samples.len() * 2 >= model.messages.len(),
            "{name}: only {} samples for {} messages",
            samples.len(),
            model.messages.len()
        );
        let list = dir.path().join(format!("{name}-samples.json"));
        std::fs::write(&list, serde_json::to_string(&samples).unwrap()).unwrap();
        let mut cmd = Command::new(&python);
        cmd.arg(root().join("tests/export/jsonschema_check.py"))
            .arg(&out)
            .arg(&list);
        let (ok, text) = run(cmd);
        assert!(ok, "{name}: jsonschema_check failed:\n{text}");
        assert!(text.contains(" passed, 0 failed"), "{text}");
    }
}

// --------------------------------------------------------------- eventcatalog

#[test]
fn every_catalog_passes_the_linter_and_holds_the_whole_model() {
    let node = node_with("@eventcatalog/linter", "tests/export");
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in models(dir.path()) {
        let out = dir.path().join(format!("{name}-eventcatalog"));
        export("eventcatalog", &path, &out);
        let model = load(&path);
        let files = tree(&out);
        for ctx in &model.contexts {
            assert!(
                files
                    .keys()
                    .any(|p| p.ends_with(&format!("services/{}/index.mdx", ctx.name))),
                "{name}: no service for {}",
                ctx.name
            );
        }
        for m in &model.messages {
            let kind = kind_folder(m.kind);
            let owner = &model.context(m.context).name;
            assert!(
                files
                    .keys()
                    .any(|p| p.contains(&format!("services/{owner}/{kind}/"))
                        && p.ends_with("/index.mdx")
                        && String::from_utf8_lossy(&files[p])
                            .contains(&format!("name: \"{}\"", m.name))),
                "{name}: no page for {owner}.{}",
                m.name
            );
        }
        for t in &model.teams {
            assert!(
                files.contains_key(&format!("teams/{}.mdx", t.name)),
                "{name}: no team {}",
                t.name
            );
        }
        if let Some(node) = &node {
            let (ok, text) = lint_catalog(node, &out);
            assert!(
                ok && text.contains("No problems found"),
                "{name}: the linter failed:\n{text}"
            );
        }
    }
}

#[test]
fn the_tools_reject_broken_exports() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.ddd");
    std::fs::write(&bare, BARE).unwrap();
    if let Some(node) = node_with("@eventcatalog/linter", "tests/export") {
        let out = dir.path().join("catalog");
        export("eventcatalog", &bare, &out);
        let page = out.join("domains/D/subdomains/S/services/A/index.mdx");
        let good = std::fs::read_to_string(&page).unwrap();
        for (what, broken) in [
            (
                "a missing owner",
                good.replace("owners: [\"Bare\"]", "owners: [\"Nobody\"]"),
            ),
            (
                "a wrong type",
                good.replace("owners: [\"Bare\"]", "owners: \"Bare\""),
            ),
            (
                "a dangling channel",
                good.replace("\"EventBus\"", "\"NoBus\""),
            ),
        ] {
            assert_ne!(broken, good, "{what}: the mutation applies");
            std::fs::write(&page, &broken).unwrap();
            let (ok, text) = lint_catalog(&node, &out);
            assert!(!ok, "the linter accepted {what}:\n{text}");
        }
    }
    if let Some(node) = node_with("@backstage/catalog-model", "tests/export") {
        let out = dir.path().join("backstage");
        export("backstage", &bare, &out);
        let catalog = out.join("catalog-info.yaml");
        let good = std::fs::read_to_string(&catalog).unwrap();
        for (what, broken) in [
            (
                "a dangling owner",
                good.replacen("\"group:bare\"", "\"group:nobody\"", 1),
            ),
            (
                "a bad name",
                good.replacen("{\"name\": \"a\",", "{\"name\": \"a b\",", 1),
            ),
            (
                "a missing definition",
                good.replacen("./apis/a/openapi.yaml", "./apis/a/none.yaml", 1),
            ),
        ] {
            assert_ne!(broken, good, "{what}: the mutation applies");
            std::fs::write(&catalog, &broken).unwrap();
            let (ok, text) = check_backstage(&node, std::slice::from_ref(&out));
            assert!(!ok, "the Backstage check accepted {what}:\n{text}");
        }
    }
    if let Some(python) = lint_python() {
        let out = dir.path().join("schemas");
        export("jsonschema", &bare, &out);
        let file = out.join("a/events/Made.schema.json");
        let good = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            good.replace("AId.schema.json", "Nowhere.schema.json"),
        )
        .unwrap();
        let list = dir.path().join("none.json");
        std::fs::write(&list, "[]").unwrap();
        let mut cmd = Command::new(&python);
        cmd.arg(root().join("tests/export/jsonschema_check.py"))
            .arg(&out)
            .arg(&list);
        let (ok, text) = run(cmd);
        assert!(!ok, "a dangling $ref passed:\n{text}");
    }
}

#[test]
fn re_export_keeps_what_the_user_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.ddd");
    std::fs::write(&model, BARE).unwrap();
    let out = dir.path().join("catalog");
    export("eventcatalog", &model, &out);
    let service = out.join("domains/D/subdomains/S/services/A/index.mdx");
    let event = out.join("domains/D/subdomains/S/services/A/events/Made/index.mdx");
    let notes = out.join("domains/D/notes.md");
    // The user edits the service's body, adds a front matter key, adds a file.
    let original = std::fs::read_to_string(&service).unwrap();
    let edited = original
        .replacen(
            "---\n",
            "---\nrepository:\n  url: \"https://git.example/a\"\n",
            1,
        )
        .replace("The A bounded context.", "Our own words about A.");
    assert_ne!(edited, original);
    std::fs::write(&service, &edited).unwrap();
    std::fs::write(&notes, "my notes\n").unwrap();
    // The model changes: new docs for A and for the event.
    std::fs::write(
        &model,
        BARE.replace("context A {", "/// Makes things.\ncontext A {")
            .replace("  event Made", "  /// A thing was made.\n  event Made"),
    )
    .unwrap();
    export("eventcatalog", &model, &out);
    let service_now = std::fs::read_to_string(&service).unwrap();
    assert!(
        service_now.contains("summary: \"Makes things.\""),
        "front matter follows the model:\n{service_now}"
    );
    assert!(
        service_now.contains("repository:\n  url: \"https://git.example/a\""),
        "user key kept:\n{service_now}"
    );
    assert!(
        service_now.contains("Our own words about A."),
        "user body kept:\n{service_now}"
    );
    assert!(
        !service_now.contains("Makes things.\n\n"),
        "ddgen's new body not forced in:\n{service_now}"
    );
    let event_now = std::fs::read_to_string(&event).unwrap();
    assert!(
        event_now.contains("\n---\nA thing was made.\n"),
        "untouched body follows the model:\n{event_now}"
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes\n");
    // Exported again unchanged: nothing moves, the body stays the user's.
    let before = tree(&out);
    export("eventcatalog", &model, &out);
    assert_eq!(tree(&out), before);
    // An edited schema stops the export (nothing written) until --force.
    let schema = out.join("domains/D/subdomains/S/services/A/events/Made/schema.json");
    std::fs::write(&schema, "{}\n").unwrap();
    std::fs::write(
        &model,
        BARE.replace("  event Made", "  /// Changed.\n  event Made"),
    )
    .unwrap();
    let before = tree(&out);
    let o = ddgen(&[
        os("export"),
        os("eventcatalog"),
        model.as_os_str(),
        os("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("schema.json"), "{}", text(&o));
    assert_eq!(tree(&out), before, "a refused export wrote nothing");
    let o = ddgen(&[
        os("export"),
        os("eventcatalog"),
        model.as_os_str(),
        os("-o"),
        out.as_os_str(),
        os("--force"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_ne!(std::fs::read_to_string(&schema).unwrap(), "{}\n");
    assert!(std::fs::read_to_string(&service)
        .unwrap()
        .contains("Our own words about A."));
    if let Some(node) = node_with("@eventcatalog/linter", "tests/export") {
        let (ok, text) = lint_catalog(&node, &out);
        assert!(ok, "the re-exported catalog fails the linter:\n{text}");
    }
}

// ------------------------------------------------------------------ backstage

/// The entities of an exported `catalog-info.yaml`, as JSON values.
fn entities(out: &Path) -> Vec<serde_json::Value> {
    use serde::Deserialize;
    let text = std::fs::read_to_string(out.join("catalog-info.yaml")).unwrap();
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|doc| serde_json::Value::deserialize(doc).unwrap())
        .collect()
}

#[test]
fn backstage_entities_validate_and_every_relation_resolves() {
    let node = node_with("@backstage/catalog-model", "tests/export");
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for (name, path) in models(dir.path()) {
        let out = dir.path().join(format!("{name}-backstage"));
        export("backstage", &path, &out);
        let model = load(&path);
        let entities = entities(&out);
        let has = |kind: &str, title: &str| {
            entities
                .iter()
                .any(|e| e["kind"] == kind && e["metadata"]["title"] == title)
        };
        for ctx in &model.contexts {
            for kind in ["System", "Component"] {
                assert!(has(kind, &ctx.name), "{name}: no {kind} for {}", ctx.name);
            }
        }
        for t in &model.teams {
            assert!(has("Group", &t.name), "{name}: no group {}", t.name);
        }
        let domains = entities.iter().filter(|e| e["kind"] == "Domain").count();
        assert_eq!(domains, model.domains.len() + model.subdomains.len());
        for e in &entities {
            assert!(
                e["kind"] == "Group" || e["spec"]["owner"].is_string(),
                "{name}: no owner: {e}"
            );
        }
        outs.push(out);
    }
    if let Some(node) = node {
        let (ok, text) = check_backstage(&node, &outs);
        assert!(ok, "the Backstage check failed:\n{text}");
        assert_eq!(text.matches(": ok (").count(), outs.len(), "{text}");
    }
}

// ------------------------------------------------------------------ snapshots

/// What the bare model exports, to review as text (the checks above prove
/// it valid); `cargo insta review` after an intended change.
#[test]
fn bare_model_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.ddd");
    std::fs::write(&bare, BARE).unwrap();
    let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
    let backstage = dir.path().join("backstage");
    export("backstage", &bare, &backstage);
    insta::assert_snapshot!(
        "export_bare_backstage",
        read(backstage.join("catalog-info.yaml"))
    );
    let catalog = dir.path().join("catalog");
    export("eventcatalog", &bare, &catalog);
    let service = catalog.join("domains/D/subdomains/S/services/A");
    insta::assert_snapshot!(
        "export_bare_eventcatalog_service",
        read(service.join("index.mdx"))
    );
    insta::assert_snapshot!(
        "export_bare_eventcatalog_event",
        read(service.join("events/Made/index.mdx"))
            + &read(service.join("events/Made/schema.json"))
    );
    let schemas = dir.path().join("schemas");
    export("jsonschema", &bare, &schemas);
    insta::assert_snapshot!(
        "export_bare_jsonschema_thing",
        read(schemas.join("a/types/Thing.schema.json"))
    );
}
