//! Packaging and stages of the generated system, for every example model and
//! seeded random models (`support/randmodel.rs`), over the parsed templates:
//! - `Globals` holds what every function of a context shares, the functions
//!   repeat none of it, and `Architectures` is the system's `architecture`;
//! - every stack takes `Stage`, every resource with a name of its own carries
//!   it, and `sam deploy --guided` on the root asks only for genuine choices
//!   (the root wires every nested stack's parameters itself);
//! - no function vendors boto3/botocore; the locks agree with the direct
//!   requirements and with ddgen's own test venv, and install with
//!   `pip install --require-hashes` for every Python and architecture the
//!   functions build for (`scripts/check_package.py`, with `.venv-gen`'s
//!   python: without it the checks are skipped with a note, unless
//!   `DDGEN_REQUIRE_TOOLS=1`);
//! - each context's dependencies layer, built by its own Makefile, serves the
//!   handlers with only the runtime's boto3 beside it;
//! - `samconfig.toml` parses (tomllib) with a `dev` and a `prod` environment.

#[path = "support/gate.rs"]
mod gate;
#[path = "support/randmodel.rs"]
mod randmodel;
#[path = "support/template.rs"]
mod template;

use ddgen::check::{check_sources, Options};
use ddgen::generate::{OutFile, Owner};
use ddgen::source::SourceMap;
use gate::root;
use serde_yaml_ng::Value;
use std::path::Path;
use std::process::Command;
use template::{at, get, mapping, parse};

/// Random models checked in-process (milliseconds each).
const SEEDS: u64 = 60;

const EXAMPLES: &[&str] = &[
    "examples/retail",
    "examples/insurance.ddd",
    "examples/clinic.ddd",
];

/// What a function must not repeat once `Globals` says it.
const SHARED: &[&str] = &[
    "CodeUri",
    "Runtime",
    "Architectures",
    "MemorySize",
    "Timeout",
    "ReservedConcurrentExecutions",
    "Tracing",
    "KmsKeyArn",
    "Layers",
];

/// The property that names a resource, by type: each must carry the stage.
const NAME_PROPERTIES: &[(&str, &str)] = &[
    ("AWS::Serverless::Function", "FunctionName"),
    ("AWS::Lambda::Function", "FunctionName"),
    ("AWS::Serverless::Api", "Name"),
    ("AWS::SQS::Queue", "QueueName"),
    ("AWS::SNS::Topic", "TopicName"),
    ("AWS::DynamoDB::Table", "TableName"),
    ("AWS::Events::EventBus", "Name"),
    ("AWS::Events::Rule", "Name"),
    ("AWS::Events::Archive", "ArchiveName"),
    ("AWS::Logs::LogGroup", "LogGroupName"),
    ("AWS::KMS::Alias", "AliasName"),
    ("AWS::IAM::Role", "RoleName"),
    ("AWS::CloudWatch::Alarm", "AlarmName"),
    ("AWS::Scheduler::Schedule", "Name"),
    ("AWS::Scheduler::ScheduleGroup", "Name"),
];

fn checked(files: &[(String, String)]) -> ddgen::check::Checked {
    let mut sources = SourceMap::default();
    for (path, text) in files {
        sources.add(path.into(), text.clone());
    }
    check_sources(sources, Vec::new(), &Options::default())
}

/// Each model's generated files (the examples, then the seeds), with the
/// system's architecture word.
fn trees() -> Vec<(String, String, Vec<OutFile>)> {
    let examples = EXAMPLES.iter().map(|e| {
        let c = ddgen::check::check_paths(&[root().join(e)], &Options::default())
            .unwrap_or_else(|err| panic!("{e} loads: {err:?}"));
        (e.to_string(), c)
    });
    let seeds = (0..SEEDS).map(|s| (format!("seed-{s}"), checked(&randmodel::files(s))));
    examples
        .chain(seeds)
        .map(|(name, c)| {
            let model = c.valid_model().unwrap_or_else(|| panic!("{name} is valid"));
            let arch = model.system.architecture.word().to_string();
            (name, arch, ddgen::generate::files(model))
        })
        .collect()
}

fn templates(files: &[OutFile]) -> impl Iterator<Item = &OutFile> {
    files.iter().filter(|f| f.path.ends_with("template.yaml"))
}

fn functions(t: &Value) -> Vec<(&str, &Value)> {
    mapping(get(t, "Resources"))
        .filter(|(_, r)| {
            get(r, "Type").and_then(Value::as_str) == Some("AWS::Serverless::Function")
        })
        .collect()
}

#[test]
fn globals_hold_what_every_function_shares() {
    let mut with_functions = 0;
    for (name, arch, files) in trees() {
        for f in templates(&files).filter(|f| f.path.starts_with("contexts/")) {
            let t = parse(f);
            let funcs = functions(&t);
            let globals = at(&t, &["Globals", "Function"]);
            if funcs.is_empty() {
                continue;
            }
            with_functions += 1;
            let g = globals.unwrap_or_else(|| panic!("{name} {}: functions, no Globals", f.path));
            for key in SHARED
                .iter()
                .filter(|k| **k != "ReservedConcurrentExecutions")
            {
                assert!(
                    get(g, key).is_some(),
                    "{name} {}: Globals lacks {key}",
                    f.path
                );
            }
            assert_eq!(
                get(g, "Architectures"),
                Some(&Value::Sequence(vec![Value::String(arch.clone())])),
                "{name} {}",
                f.path
            );
            assert_eq!(get(g, "Tracing").and_then(Value::as_str), Some("Active"));
            // Every function takes the context's dependencies layer, built by its
            // Makefile for the functions' runtime and architecture (sam/layer.rs).
            let layers: Vec<&str> = get(g, "Layers")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(|l| get(l, "Ref").and_then(Value::as_str))
                .collect();
            assert_eq!(layers.len(), 1, "{name} {}: Layers {layers:?}", f.path);
            let layer = at(&t, &["Resources", layers[0]]).unwrap();
            assert_eq!(
                get(layer, "Type").and_then(Value::as_str),
                Some("AWS::Serverless::LayerVersion")
            );
            assert_eq!(
                at(layer, &["Metadata", "BuildMethod"]).and_then(Value::as_str),
                Some("makefile")
            );
            let lp = get(layer, "Properties").unwrap();
            assert_eq!(get(lp, "CompatibleArchitectures"), get(g, "Architectures"));
            assert_eq!(
                get(lp, "CompatibleRuntimes"),
                Some(&Value::Sequence(vec![get(g, "Runtime").unwrap().clone()]))
            );
            let dir = f.path.trim_end_matches("template.yaml");
            let uri = get(lp, "ContentUri").and_then(Value::as_str).unwrap();
            let makefile = files
                .iter()
                .find(|m| m.path == format!("{dir}{uri}Makefile"))
                .unwrap_or_else(|| panic!("{name} {dir}: no {uri}Makefile"));
            let machine = if arch == "arm64" { "aarch64" } else { "x86_64" };
            for want in [
                format!("build-{}:", layers[0]),
                "--no-deps --require-hashes".into(),
                format!("--platform manylinux2014_{machine}"),
                "-r requirements.txt".into(),
            ] {
                assert!(makefile.content.contains(&want), "{name} {dir}: {want}");
            }
            assert!(files
                .iter()
                .any(|r| r.path == format!("{dir}{uri}requirements.txt")));
            let shared_env: Vec<(&str, &Value)> =
                mapping(at(g, &["Environment", "Variables"])).collect();
            for var in [
                "STAGE",
                "POWERTOOLS_SERVICE_NAME",
                "TABLE_NAME",
                "EVENT_SOURCE",
            ] {
                assert!(
                    shared_env.iter().any(|(k, _)| *k == var),
                    "{name} {}: {var}",
                    f.path
                );
            }
            for (id, func) in funcs {
                let p = get(func, "Properties").unwrap();
                for key in SHARED {
                    // A function may differ from Globals (its own timeout),
                    // never say the same thing again; code, runtime and
                    // architecture are the context's, never a function's.
                    let own = get(p, key);
                    let fixed = ["CodeUri", "Runtime", "Architectures", "Layers"].contains(key);
                    assert!(
                        own.is_none() || (!fixed && own != get(g, key)),
                        "{name} {}: {id} repeats {key}",
                        f.path
                    );
                }
                for (var, value) in mapping(at(p, &["Environment", "Variables"])) {
                    assert!(
                        !shared_env.contains(&(var, value)),
                        "{name} {}: {id} repeats the variable {var}",
                        f.path
                    );
                }
            }
        }
    }
    assert!(with_functions > 20, "{with_functions}");
}

/// A value that carries the stage: `${Stage}` in a `Fn::Sub`, or `Ref Stage`.
fn carries_stage(v: &Value) -> bool {
    let text = serde_json::to_string(v).unwrap();
    text.contains("${Stage}") || text.contains(r#"{"Ref":"Stage"}"#)
}

#[test]
fn stages_coexist_every_named_resource_carries_the_stage() {
    let mut named = 0;
    for (name, _, files) in trees() {
        for f in templates(&files) {
            let t = parse(f);
            let takes_stage = at(&t, &["Parameters", "Stage"]).is_some();
            for (id, r) in mapping(get(&t, "Resources")) {
                let ty = get(r, "Type").and_then(Value::as_str).unwrap();
                for (_, prop) in NAME_PROPERTIES.iter().filter(|(t, _)| *t == ty) {
                    if let Some(v) = at(r, &["Properties", prop]) {
                        named += 1;
                        assert!(
                            takes_stage && carries_stage(v),
                            "{name} {}: {id}'s {prop} {v:?} does not carry the stage",
                            f.path
                        );
                    }
                }
            }
            if let Some(stage) = at(&t, &["Parameters", "Stage"]) {
                assert_eq!(get(stage, "Default").and_then(Value::as_str), Some("dev"));
            }
        }
    }
    assert!(named > 50, "{named}");
}

#[test]
fn guided_deploy_asks_only_genuine_choices() {
    for (name, _, files) in trees() {
        let find = |path: &str| parse(files.iter().find(|f| f.path == path).unwrap());
        let root_t = find("template.yaml");
        // The root asks for genuine choices only: the stage, the opt-in account
        // setting, the entry point's domain and rate, the alarm topic, each with a
        // default; and, without one, the user pool whose tokens the APIs accept
        // (which identity provider is the deployer's choice alone).
        for (p, decl) in mapping(get(&root_t, "Parameters")) {
            let with_default = [
                "Stage",
                "ManageApiGatewayAccount",
                "DomainName",
                "CertificateArn",
                "RateLimitPerClient",
                "AlarmTopicArn",
            ];
            assert!(
                with_default.contains(&p) || p == "UserPoolArn",
                "{name}: the root asks for {p}"
            );
            if p != "UserPoolArn" {
                assert!(get(decl, "Default").is_some(), "{name}: {p} has no default");
            }
        }
        // Every nested stack's parameter without a default is passed by the root.
        for (id, app) in mapping(get(&root_t, "Resources")) {
            // The nested stacks; the root's own resources (the entry point) pass nothing.
            let Some(location) = at(app, &["Properties", "Location"]).and_then(Value::as_str)
            else {
                continue;
            };
            let nested = find(location);
            for (p, decl) in mapping(get(&nested, "Parameters")) {
                assert!(
                    get(decl, "Default").is_some()
                        || at(app, &["Properties", "Parameters", p]).is_some(),
                    "{name}: {id} leaves {p} to be typed in"
                );
            }
            if at(&nested, &["Parameters", "Stage"]).is_some() {
                assert_eq!(
                    at(app, &["Properties", "Parameters", "Stage"]),
                    Some(&serde_yaml_ng::from_str::<Value>(r#"{"Ref": "Stage"}"#).unwrap()),
                    "{name}: {id} gets another stage"
                );
            }
        }
        // The account-wide API Gateway setting is opt-in, off by default.
        let messaging = find("messaging/template.yaml");
        for id in ["ApiGatewayAccount", "ApiGatewayLoggingRole"] {
            if let Some(r) = at(&messaging, &["Resources", id]) {
                assert_eq!(
                    get(r, "Condition").and_then(Value::as_str),
                    Some("ManagesApiGatewayAccount"),
                    "{name}: {id} is unconditional"
                );
                let p = at(
                    &messaging,
                    &["Parameters", "ManageApiGatewayAccount", "Default"],
                );
                assert_eq!(p.and_then(Value::as_str), Some("false"), "{name}");
            }
        }
    }
}

#[test]
fn no_function_vendors_the_sdk_and_the_tree_ignores_build_output() {
    for (name, _, files) in trees() {
        let mut function_reqs = 0;
        for f in &files {
            if f.path.starts_with("contexts/") && f.path.ends_with("/layer/requirements.txt") {
                function_reqs += 1;
                // What the Lambda runtime has (boto3's closure) is never in the lock,
                // and the layer installs it with --no-deps (sam/layer.rs).
                for line in f.content.lines().filter(|l| !l.starts_with(['#', ' '])) {
                    let pkg = line.split(['=', '<', '>', ' ', ';', '[']).next().unwrap();
                    let pkg = pkg.to_ascii_lowercase();
                    assert!(
                        !["boto3", "botocore", "s3transfer", "jmespath", "urllib3"]
                            .contains(&pkg.as_str()),
                        "{name} {}: {line}",
                        f.path
                    );
                }
                assert!(
                    f.content.contains("--hash=sha256:"),
                    "{name} {}: not hashed",
                    f.path
                );
            }
            assert!(
                !f.path.ends_with("/src/requirements.txt"),
                "{name} {}: SAM's Python builder would resolve it again",
                f.path
            );
        }
        // One lock per context stack with functions (its layer's), none elsewhere.
        let with_functions = templates(&files)
            .filter(|f| f.path.starts_with("contexts/"))
            .filter(|f| get(&parse(f), "Globals").is_some())
            .count();
        assert_eq!(function_reqs, with_functions, "{name}");
        let dev = files
            .iter()
            .find(|f| f.path == "requirements-dev.txt")
            .unwrap();
        assert!(
            dev.content.lines().any(|l| l.starts_with("boto3==")),
            "{name}: boto3 unpinned"
        );
        let gitignore = files.iter().find(|f| f.path == ".gitignore").unwrap();
        assert_eq!(gitignore.owner, Owner::User);
        for entry in [".aws-sam/", ".venv/", "__pycache__/", ".mypy_cache/"] {
            assert!(
                gitignore.content.lines().any(|l| l == entry),
                "{name}: {entry}"
            );
        }
        let samconfig = files.iter().find(|f| f.path == "samconfig.toml").unwrap();
        assert_eq!(
            samconfig.owner,
            Owner::User,
            "`sam deploy --guided` writes into it"
        );
    }
}

#[test]
fn the_architecture_setting_is_checked_and_formatted() {
    let model = |arch: &str| {
        format!("system S {{ broker sns, architecture {arch} }}\ndomain D {{ subdomain A }}\n")
    };
    let c = checked(&[("m.ddd".into(), model("x86_64"))]);
    let m = c.valid_model().expect("x86_64 is valid");
    assert_eq!(m.system.architecture.word(), "x86_64");
    let c = checked(&[(
        "m.ddd".into(),
        "system S {}\ndomain D { subdomain A }\n".into(),
    )]);
    assert_eq!(c.valid_model().unwrap().system.architecture.word(), "arm64");
    let c = checked(&[("m.ddd".into(), model("sparc"))]);
    let text = ddgen::render::render(ddgen::render::Format::Human, &c.sources, &c.outcome, false);
    assert!(c.valid_model().is_none(), "{text}");
    assert!(
        text.contains("error[E001]") && text.contains("m.ddd:1:"),
        "{text}"
    );
    assert!(
        text.contains("`arm64`") && text.contains("`x86_64`"),
        "{text}"
    );
    assert_eq!(
        ddgen::fmt::format_source("system   S{architecture   x86_64,broker sns}\n").unwrap(),
        "system S { architecture x86_64, broker sns }\n"
    );
}

// ---------------------------------------------------------------------------
// With Python's own tools (`scripts/check_package.py`).

fn python() -> Option<std::path::PathBuf> {
    let p = root().join(".venv-gen/bin/python");
    if p.is_file() {
        Some(p)
    } else {
        gate::missing("python in .venv-gen");
        None
    }
}

fn check_package(python: &Path, args: &[&Path]) -> Result<(), String> {
    let out = Command::new(python)
        .arg(root().join("scripts/check_package.py"))
        .args(args)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn locks_agree_with_the_requirements_and_samconfig_parses() {
    let Some(py) = python() else { return };
    let work = tempfile::tempdir().unwrap();
    let gen = root().join("scripts/requirements-gen.txt");
    let mut samconfigs = Vec::new();
    let mut dirs = Vec::new();
    for (name, _, files) in trees().into_iter().step_by(7) {
        let dir = work.path().join(&name);
        gate::write(&files, &dir);
        check_package(&py, &[Path::new("agree"), &dir, &gen])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        samconfigs.push(dir.join("samconfig.toml"));
        dirs.push(dir);
    }
    let mut args: Vec<&Path> = vec![Path::new("samconfig")];
    args.extend(samconfigs.iter().map(|p| p.as_path()));
    check_package(&py, &args).unwrap();

    // The checks fail where they should: a vendored SDK, a pin outside its
    // range, a samconfig without prod.
    let dir = dirs.last().unwrap();
    let lock = std::fs::read_dir(dir.join("contexts"))
        .unwrap()
        .map(|d| d.unwrap().path().join("layer/requirements.txt"))
        .next()
        .unwrap();
    let good = std::fs::read_to_string(&lock).unwrap();
    std::fs::write(
        &lock,
        format!("{good}boto3==1.0.0 \\\n    --hash=sha256:00\n"),
    )
    .unwrap();
    let e = check_package(&py, &[Path::new("agree"), dir, &gen]).unwrap_err();
    assert!(e.contains("vendors ['boto3']"), "{e}");
    std::fs::write(&lock, good.replace("\npydantic==2.", "\npydantic==1.")).unwrap();
    let e = check_package(&py, &[Path::new("agree"), dir, &gen]).unwrap_err();
    assert!(e.contains("outside"), "{e}");
    let config = dir.join("samconfig.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("[prod.", "[staging.")).unwrap();
    let e = check_package(&py, &[Path::new("samconfig"), &config]).unwrap_err();
    assert!(e.contains("[prod.deploy.parameters]"), "{e}");
}

/// About a minute with a warm pip cache: the function lock for 3 Pythons × 2
/// architectures, the dev lock for this machine.
#[test]
fn locks_install_with_require_hashes() {
    let Some(py) = python() else { return };
    let locks = root().join("templates/python/project/locks");
    let started = std::time::Instant::now();
    let r = check_package(
        &py,
        &[
            Path::new("install"),
            &locks.join("function.txt"),
            &locks.join("dev.txt"),
        ],
    );
    eprintln!(
        "locks: dry-run installs in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = r {
        // No network to PyPI is an outside tool missing; anything else fails.
        if e.contains("NewConnectionError") || e.contains("Temporary failure in name resolution") {
            gate::missing("a connection to PyPI");
            return;
        }
        panic!("{e}");
    }
}

/// The dependencies layer as `sam build` makes it (its own Makefile) serves
/// the handlers with nothing but the runtime's SDK beside it
/// (`scripts/check_package.py layer`): the retail example, for this machine's
/// Python and architecture so that its wheels load here. The check fails
/// where it should: a lock without one of pydantic's dependencies.
#[test]
fn the_layer_its_makefile_builds_runs_the_handlers_on_the_runtimes_sdk() {
    let Some(py) = python() else { return };
    if Command::new("make").arg("--version").output().is_err() {
        gate::missing("make");
        return;
    }
    let out = Command::new(&py)
        .args(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        .output()
        .unwrap();
    let version = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let arch = if std::env::consts::ARCH == "aarch64" {
        "arm64"
    } else {
        "x86_64"
    };
    let work = tempfile::tempdir().unwrap();
    let model = work.path().join("retail");
    let status = Command::new("cp")
        .arg("-r")
        .arg(root().join("examples/retail"))
        .arg(&model)
        .status()
        .unwrap();
    assert!(status.success());
    let system = model.join("system.ddd");
    let text = std::fs::read_to_string(&system).unwrap();
    assert!(text.contains("python \"3.12\""), "{text}");
    let here = format!("python \"{version}\"\n  architecture {arch}");
    std::fs::write(&system, text.replace("python \"3.12\"", &here)).unwrap();
    let c = ddgen::check::check_paths(&[model], &Options::default()).unwrap();
    let files = ddgen::generate::files(c.valid_model().expect("valid for this Python"));
    let tree = work.path().join("tree");
    gate::write(&files, &tree);
    let started = std::time::Instant::now();
    let r = check_package(&py, &[Path::new("layer"), &tree]);
    eprintln!(
        "layer: built and probed in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = &r {
        if e.contains("NewConnectionError") || e.contains("Temporary failure in name resolution") {
            gate::missing("a connection to PyPI");
            return;
        }
    }
    r.unwrap();

    let mut locks: Vec<_> = std::fs::read_dir(tree.join("contexts"))
        .unwrap()
        .map(|d| d.unwrap().path().join("layer/requirements.txt"))
        .filter(|p| p.is_file())
        .collect();
    locks.sort();
    let lock = std::fs::read_to_string(&locks[0]).unwrap();
    let start = lock.find("\ntyping-inspection==").expect("pinned") + 1;
    // The pin's line and its `    --hash=` continuation lines.
    let mut end = start;
    loop {
        end += lock[end..].find('\n').unwrap() + 1;
        if !lock[end..].starts_with(' ') {
            break;
        }
    }
    let without = format!("{}{}", &lock[..start], &lock[end..]);
    assert!(without.len() < lock.len() && without.contains("\npydantic=="));
    std::fs::write(&locks[0], without).unwrap();
    let e = check_package(&py, &[Path::new("layer"), &tree]).unwrap_err();
    assert!(e.contains("requires typing-inspection"), "{e}");
}
