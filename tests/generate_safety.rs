//! Safe by default (issue #12, outbox slice), over the examples and seeded
//! random models (`support/randmodel.rs`):
//! - only the outbox relay may publish, and each function's statements name
//!   only resources that function uses (its log group, the table, the key,
//!   its event sources and what its environment points at);
//! - the table has a stream exactly when the context has a relay;
//! - no default body publishes itself, emits two events or passes a made-up
//!   value (`tests/safety/bodies.py`, Python's own `ast`).

#[path = "support/gate.rs"]
mod gate;
#[path = "support/randmodel.rs"]
mod randmodel;

use ddgen::check::{check_sources, Options};
use ddgen::generate::{python, sam, OutFile};
use ddgen::source::SourceMap;
use serde_yaml_ng::Value;
use std::collections::BTreeSet;

/// Random models checked besides the examples (in-process: generation and
/// YAML parsing only, plus one Python run over every `service.py`).
const SEEDS: u64 = 40;

/// A model to check: an example path, or the files of a random model.
enum Input {
    Example(&'static str),
    Random(Vec<(String, String)>),
}

fn models() -> Vec<(String, Input)> {
    let mut out: Vec<(String, Input)> = [
        "examples/clinic.ddd",
        "examples/insurance.ddd",
        "examples/retail",
    ]
    .into_iter()
    .map(|e| (e.to_string(), Input::Example(e)))
    .collect();
    for seed in 0..SEEDS {
        out.push((
            format!("seed {seed}"),
            Input::Random(randmodel::files(seed)),
        ));
    }
    out
}

fn generated(input: &Input, which: fn(&ddgen::model::Model) -> Vec<OutFile>) -> Vec<OutFile> {
    let checked = match input {
        Input::Example(e) => {
            ddgen::check::check_paths(&[gate::root().join(e)], &Default::default())
                .unwrap_or_else(|e| panic!("loads: {e:?}"))
        }
        Input::Random(files) => {
            let mut sources = SourceMap::default();
            for (path, text) in files {
                sources.add(path.into(), text.clone());
            }
            check_sources(sources, Vec::new(), &Options::default())
        }
    };
    which(checked.valid_model().expect("the model is valid"))
}

fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Sequence(s)) => s.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

fn strs(v: Option<&Value>) -> Vec<String> {
    list(v)
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The resource or parameter a `Ref` / `Fn::GetAtt` names.
fn target(v: &Value) -> Option<String> {
    if let Some(r) = v.get("Ref") {
        return r.as_str().map(str::to_string);
    }
    list(v.get("Fn::GetAtt"))
        .first()
        .and_then(|s| s.as_str())
        .map(str::to_string)
}

/// What a function uses, from its own properties: its log group, key,
/// event sources and destinations, and what its environment names (a queue
/// URL parameter stands for its ARN, the bus name for the bus ARN).
fn used(props: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    out.extend(get(props, &["LoggingConfig", "LogGroup"]).and_then(target));
    out.extend(get(props, &["KmsKeyArn"]).and_then(target));
    if let Some(Value::Mapping(vars)) = get(props, &["Environment", "Variables"]) {
        for v in vars.values() {
            if let Some(t) = target(v) {
                out.insert(t.replace("QueueUrl", "QueueArn"));
                if t.ends_with("BusName") {
                    out.insert(t.replace("BusName", "BusArn"));
                }
                out.insert(t);
            }
        }
    }
    if let Some(Value::Mapping(events)) = get(props, &["Events"]) {
        for e in events.values() {
            for key in [
                &["Properties", "Queue"][..],
                &["Properties", "Stream"],
                &[
                    "Properties",
                    "DestinationConfig",
                    "OnFailure",
                    "Destination",
                ],
            ] {
                out.extend(get(e, key).and_then(target));
            }
        }
    }
    out
}

#[test]
fn only_the_relay_publishes_and_statements_name_only_what_their_function_uses() {
    let mut relays = 0;
    for (name, input) in models() {
        for f in generated(&input, sam::files) {
            // The context stacks (not the user's `extensions.yaml`).
            if !f.path.starts_with("contexts/") || !f.path.ends_with("/template.yaml") {
                continue;
            }
            let t: Value = serde_yaml_ng::from_str(&f.content).unwrap();
            let Some(Value::Mapping(res)) = t.get("Resources") else {
                continue;
            };
            let mut has_relay = false;
            for (id, r) in res {
                if r.get("Type").and_then(Value::as_str) != Some("AWS::Serverless::Function") {
                    continue;
                }
                let id = id.as_str().unwrap();
                let props = r.get("Properties").unwrap();
                let handler = props.get("Handler").and_then(Value::as_str).unwrap();
                let is_relay = handler.ends_with(".handlers.relay.handler");
                has_relay |= is_relay;
                let role = props.get("Role").and_then(target).unwrap();
                // SAM merges `Globals.Function` into every function (the key,
                // the shared environment): what those name is used too.
                let mut uses = used(props);
                if let Some(g) = t.get("Globals").and_then(|g| g.get("Function")) {
                    uses.extend(used(g));
                }
                let stmts = list(get(&res[role.as_str()], &["Properties", "Policies"]))
                    .into_iter()
                    .flat_map(|p| list(get(p, &["PolicyDocument", "Statement"])));
                let mut publishes = false;
                for s in stmts {
                    let actions = strs(s.get("Action"));
                    let publish = actions
                        .iter()
                        .any(|a| a == "sns:Publish" || a == "events:PutEvents");
                    assert!(
                        !publish || is_relay,
                        "{name}: {}: {id} ({handler}) may publish",
                        f.path
                    );
                    publishes |= publish;
                    for a in &actions {
                        assert!(
                            !a.contains("Scan") && !a.contains("Batch"),
                            "{name}: {}: {id} may {a}",
                            f.path
                        );
                    }
                    for r in list(s.get("Resource")) {
                        if r.as_str() == Some("*") {
                            assert!(
                                actions.iter().all(|a| a.starts_with("xray:")),
                                "{name}: {id} {actions:?} on *"
                            );
                            continue;
                        }
                        // `execute-api:Invoke` on a called context's routes: the
                        // caller reaches that API through its `<Target>ApiUrl`.
                        let sub = r.get("Fn::Sub").and_then(Value::as_str).unwrap_or("");
                        if let Some(api) = sub
                            .contains(":execute-api:")
                            .then(|| sub.split("${").find_map(|p| p.split_once("ApiId}")))
                            .flatten()
                        {
                            assert!(
                                uses.iter().any(|u| u.starts_with(api.0)),
                                "{name}: {id} may invoke {} without calling it ({uses:?})",
                                api.0
                            );
                            continue;
                        }
                        // The table's own indexes (`${Table.Arn}/index/<name>`).
                        if sub.starts_with("${Table.Arn}/index/") {
                            continue;
                        }
                        let r = target(r).unwrap_or_else(|| panic!("{name}: {id} names {r:?}"));
                        assert!(
                            r == "Table" || uses.contains(&r),
                            "{name}: {}: {id} names {r}, which it does not use ({uses:?})",
                            f.path
                        );
                    }
                }
                assert!(
                    !is_relay || publishes,
                    "{name}: {}: the relay cannot publish",
                    f.path
                );
            }
            relays += usize::from(has_relay);
            let stream = get(
                &res["Table"],
                &["Properties", "StreamSpecification", "StreamViewType"],
            );
            assert_eq!(
                stream.and_then(Value::as_str).is_some(),
                has_relay,
                "{name}: {}: a stream without a relay, or a relay without a stream",
                f.path
            );
        }
    }
    assert!(relays > 10, "only {relays} relays checked");
}

#[test]
fn no_default_body_publishes_itself_emits_two_events_or_invents_a_value() {
    let tools = gate::Tools::find();
    let Some(bin) = tools.python else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (n, (_, input)) in models().into_iter().enumerate() {
        for f in generated(&input, python::files) {
            if f.path.ends_with("application/service.py") {
                let path = dir
                    .path()
                    .join(format!("{n}-{}", f.path.replace('/', "__")));
                std::fs::write(&path, &f.content).unwrap();
                paths.push(path);
            }
        }
    }
    assert!(paths.len() > 50, "only {} service modules", paths.len());
    let out = std::process::Command::new(bin.join("python"))
        .arg(gate::root().join("tests/safety/bodies.py"))
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
