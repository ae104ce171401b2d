//! The SAM/CloudFormation templates of `ddgen generate --target python-sam`,
//! for every example model:
//! - ddgen's own structural checks over the parsed YAML, for what the linters
//!   do not catch (open queue policies, wildcard IAM, a publisher that cannot
//!   use the key, a consumer without `ReportBatchItemFailures`, a queue
//!   without a dead-letter queue or with too short a visibility timeout);
//! - `cfn-lint` on each template and on its translation to plain
//!   CloudFormation (`scripts/sam_translate.py`, aws-sam-translator), and
//!   `checkov --framework cloudformation` with no failed check. These need
//!   `.venv-lint` (`scripts/setup-tools.sh`): without it they are skipped
//!   with a note, unless `DDGEN_REQUIRE_TOOLS=1`, where they fail;
//! - byte-identical output across runs, and snapshots of the clinic example.

#[path = "support/gate.rs"]
mod gate;
#[path = "support/template.rs"]
mod template;

use gate::{root, write};
use std::collections::BTreeMap;
use std::path::Path;
use template::{at, get, list, of_type, parse, resources};

use ddgen::generate::{sam, OutFile, Owner, OWNED_HEADER};
use serde_yaml_ng::{Mapping, Value};

const EXAMPLES: &[&str] = &[
    "examples/retail",
    "examples/insurance.ddd",
    "examples/clinic.ddd",
    "edge:sns",
    "edge:eventbridge",
];

/// Corner cases the examples do not have: a context subscribing to its own
/// event, one with no messages at all, two `calls` to one context, a batch
/// above 10 with a window in milliseconds, the longest retry count, the
/// shortest and longest timeouts, and the smallest reserved concurrency.
const EDGE: &str = r#"
system Edge { broker BROKER }
domain D { subdomain S }
context Solo {
  implements D.S
  id ThingId
  aggregate Thing { thing: ThingId, name: string }
  command Make { name: string } returns ThingId via http POST "/things" emits Made
  command Poke { thing: ThingId } via queue emits Made
  query Get { thing: ThingId } returns Thing via http GET "/things/{thing}"
  event Made { thing: ThingId }
  subscribe Solo.Made { batch 20, window 1500ms, retries 1000 }
  deploy { memory 128, timeout 1500ms, concurrency 1 }
}
context Empty {
  implements D.S
  store none
}
context Caller {
  implements D.S
  calls Solo.Get
  calls Solo.Make
  sends Solo.Poke
  deploy { timeout 15m }
}
"#;

/// The checked model of an example, or of `edge:<broker>`.
fn check(example: &str) -> ddgen::check::Checked {
    let dir = tempfile::tempdir().unwrap();
    let path = match example.strip_prefix("edge:") {
        Some(broker) => {
            let path = dir.path().join("edge.ddd");
            std::fs::write(&path, EDGE.replace("BROKER", broker)).unwrap();
            path
        }
        None => root().join(example),
    };
    ddgen::check::check_paths(&[path], &Default::default())
        .unwrap_or_else(|e| panic!("{example} loads: {e:?}"))
}

/// The SAM side's templates (its other files, each context's `layer/Makefile`
/// and lock, are `tests/generate_package.rs`'s).
fn generate(example: &str) -> Vec<OutFile> {
    let checked = check(example);
    let model = checked
        .valid_model()
        .unwrap_or_else(|| panic!("{example} is valid"));
    sam::files(model)
        .into_iter()
        .filter(|f| f.path.ends_with(".yaml"))
        .collect()
}

// ---------------------------------------------------------------------------
// Small accessors over the parsed templates.

/// A function's properties as SAM deploys them: `Globals.Function` merged
/// under its own (environment variables merged by name).
fn props(t: &Value, func: &Value) -> Value {
    let mut merged = at(t, &["Globals", "Function"])
        .cloned()
        .unwrap_or(Value::Mapping(Mapping::new()));
    let own = get(func, "Properties").and_then(Value::as_mapping).unwrap();
    let m = merged.as_mapping_mut().unwrap();
    for (k, v) in own {
        if k.as_str() == Some("Environment") {
            if let Some(Value::Mapping(vars)) = m
                .get_mut("Environment")
                .and_then(|e| e.get_mut("Variables"))
            {
                for (name, value) in at(v, &["Variables"]).and_then(Value::as_mapping).unwrap() {
                    vars.insert(name.clone(), value.clone());
                }
                continue;
            }
        }
        m.insert(k.clone(), v.clone());
    }
    merged
}

fn strs(v: Option<&Value>) -> Vec<String> {
    list(v)
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The resource a `{"Fn::GetAtt": [id, ...]}` or `{"Ref": id}` names, or
/// the one non-pseudo variable of a `{"Fn::Sub": "...${id}..."}` (an
/// execute-api route ARN).
fn target(v: &Value) -> Option<String> {
    if let Some(r) = get(v, "Ref") {
        return r.as_str().map(str::to_string);
    }
    if let Some(text) = get(v, "Fn::Sub").and_then(Value::as_str) {
        let vars: Vec<&str> = text
            .split("${")
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .filter(|name| !name.starts_with("AWS::"))
            .collect();
        return match vars.as_slice() {
            [one] => Some(one.to_string()),
            _ => None,
        };
    }
    get(v, "Fn::GetAtt").and_then(|g| {
        list(Some(g))
            .first()
            .and_then(|s| s.as_str())
            .map(str::to_string)
    })
}

/// Every policy statement anywhere in a template: (where, statement).
fn statements(t: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
        match v {
            Value::Mapping(m) => {
                for (k, child) in m {
                    let key = k.as_str().unwrap_or("?");
                    // A WAF rule's `Statement` is a match condition, not a policy's.
                    if key == "Statement" && !path.contains(".Rules[") {
                        for s in list(Some(child)) {
                            out.push((path.clone(), s));
                        }
                    } else {
                        walk(child, format!("{path}.{key}"), out);
                    }
                }
            }
            Value::Sequence(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(t, String::new(), &mut out);
    out
}

fn template<'a>(files: &'a [OutFile], path: &str) -> &'a OutFile {
    files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} generated"))
}

fn context_templates(files: &[OutFile]) -> Vec<&OutFile> {
    files
        .iter()
        .filter(|f| f.path.starts_with("contexts/") && f.path.ends_with("/template.yaml"))
        .collect()
}

// ---------------------------------------------------------------------------
// Structure

#[test]
fn every_example_has_root_messaging_and_one_stack_per_context() {
    for example in EXAMPLES {
        let files = generate(example);
        let checked = check(example);
        let model = checked.valid_model().unwrap();
        assert_eq!(files.len(), 2 + 2 * model.contexts.len(), "{example}");
        // Each context stack nests the user's `extensions.yaml` beside it,
        // passing exactly the parameters the fragment declares.
        for t in context_templates(&files) {
            let dir = t.path.strip_suffix("template.yaml").unwrap();
            let fragment = template(&files, &format!("{dir}extensions.yaml"));
            assert_eq!(fragment.owner, Owner::User, "{}", fragment.path);
            let nested = parse(fragment);
            let ctx = parse(t);
            let app = resources(&ctx).get("Extensions").unwrap();
            assert_eq!(
                at(app, &["Properties", "Location"]).and_then(Value::as_str),
                Some("extensions.yaml")
            );
            let keys = |v: Option<&Value>| -> Vec<String> {
                v.and_then(Value::as_mapping)
                    .map(|m| m.keys().map(|k| k.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default()
            };
            assert_eq!(
                keys(at(&nested, &["Parameters"])),
                keys(at(app, &["Properties", "Parameters"])),
                "{}",
                t.path
            );
        }
        let files: Vec<OutFile> = files
            .into_iter()
            .filter(|f| f.owner == Owner::Ddgen)
            .collect();
        let root_t = parse(template(&files, "template.yaml"));
        let apps = of_type(&root_t, "AWS::Serverless::Application");
        assert_eq!(
            apps.len(),
            1 + model.contexts.len(),
            "{example}: nested stacks"
        );
        for f in &files {
            assert_eq!(f.owner, Owner::Ddgen, "{}", f.path);
            assert!(
                f.content.starts_with(&format!("# {OWNED_HEADER}\n")),
                "{} starts with the header",
                f.path
            );
            assert_eq!(
                f.context.is_some(),
                f.path.starts_with("contexts/"),
                "{}",
                f.path
            );
            let t = parse(f);
            assert_eq!(
                at(&t, &["AWSTemplateFormatVersion"]).and_then(Value::as_str),
                Some("2010-09-09")
            );
        }
        // Every location the root names exists, and every parameter a
        // nested stack declares is passed (and nothing else).
        for (id, app) in apps {
            let location = at(app, &["Properties", "Location"])
                .and_then(Value::as_str)
                .unwrap();
            let nested = parse(template(&files, location));
            let declared: Vec<String> = at(&nested, &["Parameters"])
                .and_then(Value::as_mapping)
                .map(|m| m.keys().map(|k| k.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            let passed: Vec<String> = at(app, &["Properties", "Parameters"])
                .and_then(Value::as_mapping)
                .map(|m| m.keys().map(|k| k.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            assert_eq!(declared, passed, "{example}: parameters of {id}");
            // Each passed value names an output the other stack has.
            for (name, value) in at(app, &["Properties", "Parameters"])
                .and_then(Value::as_mapping)
                .into_iter()
                .flatten()
            {
                // A value the root takes itself is one of its parameters.
                if let Some(own) = get(value, "Ref").and_then(Value::as_str) {
                    assert!(
                        at(&root_t, &["Parameters", own]).is_some(),
                        "{example}: {id}.{name:?} ← root parameter {own}"
                    );
                    continue;
                }
                let g = list(get(value, "Fn::GetAtt"));
                let (stack, output) = (g[0].as_str().unwrap(), g[1].as_str().unwrap());
                let output = output.strip_prefix("Outputs.").expect("an output");
                let other = resources(&root_t).get(stack).expect("stack exists");
                let other_t = parse(template(
                    &files,
                    at(other, &["Properties", "Location"])
                        .and_then(Value::as_str)
                        .unwrap(),
                ));
                assert!(
                    at(&other_t, &["Outputs", output]).is_some(),
                    "{example}: {id}.{:?} ← {stack}.{output}",
                    name
                );
            }
        }
    }
}

#[test]
fn no_open_principal_no_wildcard_action_no_full_access() {
    for example in EXAMPLES {
        for f in generate(example) {
            let t = parse(&f);
            assert!(
                !f.content.contains("FullAccess"),
                "{}: a *FullAccess policy",
                f.path
            );
            for (path, s) in statements(&t) {
                let principal = get(s, "Principal");
                assert!(
                    principal.is_none_or(|p| p.as_str() != Some("*")
                        && p.as_mapping().is_some_and(|m| m
                            .values()
                            .flat_map(|v| list(Some(v)))
                            .all(|v| v.as_str() != Some("*")))),
                    "{}{path}: open principal {principal:?}",
                    f.path
                );
                let actions = strs(get(s, "Action"));
                assert!(
                    !actions.is_empty(),
                    "{}{path}: a statement without actions",
                    f.path
                );
                for a in actions {
                    assert!(!a.contains('*'), "{}{path}: wildcard action {a}", f.path);
                }
                assert!(
                    get(s, "NotAction").is_none() && get(s, "NotPrincipal").is_none(),
                    "{}{path}",
                    f.path
                );
                assert_eq!(
                    get(s, "Effect").and_then(Value::as_str),
                    Some("Allow"),
                    "{}{path}",
                    f.path
                );
            }
            for (id, role) in of_type(&t, "AWS::IAM::Role") {
                for arn in list(at(role, &["Properties", "ManagedPolicyArns"])) {
                    let text = serde_yaml_ng::to_string(arn).unwrap();
                    assert!(
                        text.contains("AmazonAPIGatewayPushToCloudWatchLogs"),
                        "{}: {id} uses managed policy {text}",
                        f.path
                    );
                }
            }
        }
    }
}

/// Every queue that is not itself a dead-letter queue has one, with
/// `maxReceiveCount`, and its visibility timeout is at least 6 × the timeout
/// of the function that consumes it (in this stack or, for queue commands,
/// in the owning context's stack).
#[test]
fn every_queue_has_a_dlq_and_a_long_enough_visibility_timeout() {
    for example in EXAMPLES {
        let files = generate(example);
        let root_t = parse(template(&files, "template.yaml"));
        let messaging = parse(template(&files, "messaging/template.yaml"));
        // Queue ARNs by the parameter names contexts receive them under.
        let mut checked = 0;
        let mut queue_timeouts: BTreeMap<String, u64> = BTreeMap::new(); // messaging queue id → max consumer timeout
        for f in context_templates(&files) {
            let t = parse(f);
            for (id, func) in of_type(&t, "AWS::Serverless::Function") {
                let timeout = get(&props(&t, func), "Timeout")
                    .and_then(Value::as_u64)
                    .unwrap();
                // The API function has no events: its routes are the API's
                // DefinitionBody.
                for (_, event) in at(func, &["Properties", "Events"])
                    .and_then(Value::as_mapping)
                    .into_iter()
                    .flatten()
                {
                    if get(event, "Type").and_then(Value::as_str) != Some("SQS") {
                        continue;
                    }
                    let queue = at(event, &["Properties", "Queue"]).unwrap();
                    let name = target(queue).unwrap();
                    if let Some(q) = resources(&t).get(name.as_str()) {
                        let vis = at(q, &["Properties", "VisibilityTimeout"])
                            .and_then(Value::as_u64)
                            .unwrap();
                        assert!(
                            vis >= 6 * timeout,
                            "{}: {name} visibility {vis} < 6 × {id}'s {timeout}",
                            f.path
                        );
                        checked += 1;
                    } else {
                        // A parameter: the messaging stack's queue, passed by the root.
                        let ctx_app = of_type(&root_t, "AWS::Serverless::Application")
                            .into_iter()
                            .find(|(_, a)| {
                                at(a, &["Properties", "Location"]).and_then(Value::as_str)
                                    == Some(f.path.as_str())
                            })
                            .unwrap();
                        let passed = at(ctx_app.1, &["Properties", "Parameters", &name])
                            .expect("passed by the root");
                        let output = list(get(passed, "Fn::GetAtt"))[1]
                            .as_str()
                            .unwrap()
                            .trim_start_matches("Outputs.")
                            .to_string();
                        let queue_id =
                            target(at(&messaging, &["Outputs", &output, "Value"]).unwrap())
                                .unwrap();
                        let e = queue_timeouts.entry(queue_id).or_default();
                        *e = (*e).max(timeout);
                    }
                }
            }
        }
        for (id, timeout) in &queue_timeouts {
            let q = resources(&messaging).get(id.as_str()).unwrap();
            let vis = at(q, &["Properties", "VisibilityTimeout"])
                .and_then(Value::as_u64)
                .unwrap();
            assert!(
                vis >= 6 * timeout,
                "{example}: {id} visibility {vis} < 6 × {timeout}"
            );
            checked += 1;
        }
        for f in &files {
            let t = parse(f);
            let queues = of_type(&t, "AWS::SQS::Queue");
            let mut dlqs: Vec<String> = queues
                .iter()
                .filter_map(|(_, q)| {
                    at(q, &["Properties", "RedrivePolicy", "deadLetterTargetArn"]).and_then(target)
                })
                .collect();
            // The on-failure destinations of stream event sources (the relay's).
            for (_, func) in of_type(&t, "AWS::Serverless::Function") {
                let events = at(func, &["Properties", "Events"]).and_then(Value::as_mapping);
                for e in events.into_iter().flat_map(|m| m.values()) {
                    let on_failure = at(
                        e,
                        &[
                            "Properties",
                            "DestinationConfig",
                            "OnFailure",
                            "Destination",
                        ],
                    );
                    dlqs.extend(on_failure.and_then(target));
                }
            }
            // The dead-letter queues of schedules (EventBridge Scheduler's).
            for (_, schedule) in of_type(&t, "AWS::Scheduler::Schedule") {
                let dlq = at(
                    schedule,
                    &["Properties", "Target", "DeadLetterConfig", "Arn"],
                );
                dlqs.extend(dlq.and_then(target));
            }
            for (id, q) in &queues {
                assert!(
                    at(q, &["Properties", "KmsMasterKeyId"]).is_some(),
                    "{}: {id} is not encrypted with the key",
                    f.path
                );
                if dlqs.contains(id) {
                    continue;
                }
                let redrive = at(q, &["Properties", "RedrivePolicy"])
                    .unwrap_or_else(|| panic!("{}: {id} has no DLQ", f.path));
                assert!(
                    get(redrive, "maxReceiveCount")
                        .and_then(Value::as_u64)
                        .is_some_and(|n| n >= 1),
                    "{}: {id}",
                    f.path
                );
                let dlq = get(redrive, "deadLetterTargetArn")
                    .and_then(target)
                    .unwrap();
                assert!(
                    resources(&t).contains_key(dlq.as_str()),
                    "{}: {id}'s DLQ {dlq} exists",
                    f.path
                );
                assert!(
                    queue_timeouts.contains_key(id) || f.path.starts_with("contexts/"),
                    "{example}: {id} has no consumer"
                );
            }
        }
        assert!(checked > 0, "{example}: no consumer checked");
    }
}

#[test]
fn every_sqs_event_source_reports_batch_item_failures() {
    for example in EXAMPLES {
        for f in context_templates(&generate(example)) {
            let t = parse(f);
            for (id, func) in of_type(&t, "AWS::Serverless::Function") {
                for (name, event) in at(func, &["Properties", "Events"])
                    .and_then(Value::as_mapping)
                    .into_iter()
                    .flatten()
                {
                    if get(event, "Type").and_then(Value::as_str) == Some("SQS") {
                        let types = strs(at(event, &["Properties", "FunctionResponseTypes"]));
                        assert_eq!(
                            types,
                            ["ReportBatchItemFailures"],
                            "{}: {id}.{name:?}",
                            f.path
                        );
                        assert!(
                            at(event, &["Properties", "BatchSize"]).is_some(),
                            "{}: {id}",
                            f.path
                        );
                    }
                }
            }
        }
    }
}

/// Queue policies let only the broker in, and only from the topic or rule
/// that feeds the queue.
#[test]
fn queue_policies_are_scoped_to_their_topic_or_rule() {
    for example in EXAMPLES {
        for f in context_templates(&generate(example)) {
            let t = parse(f);
            for (id, policy) in of_type(&t, "AWS::SQS::QueuePolicy") {
                for s in list(at(policy, &["Properties", "PolicyDocument", "Statement"])) {
                    let service = at(s, &["Principal", "Service"]).and_then(Value::as_str);
                    assert!(
                        matches!(service, Some("sns.amazonaws.com" | "events.amazonaws.com")),
                        "{}: {id} {service:?}",
                        f.path
                    );
                    assert_eq!(
                        strs(get(s, "Action")),
                        ["sqs:SendMessage"],
                        "{}: {id}",
                        f.path
                    );
                    let source = at(s, &["Condition", "ArnEquals", "aws:SourceArn"])
                        .unwrap_or_else(|| panic!("{}: {id} unscoped", f.path));
                    let source = target(source).unwrap();
                    let feeds =
                        of_type(&t, "AWS::SNS::Subscription")
                            .into_iter()
                            .any(|(_, sub)| {
                                at(sub, &["Properties", "TopicArn"])
                                    .and_then(target)
                                    .as_deref()
                                    == Some(&source)
                            })
                            || of_type(&t, "AWS::Events::Rule")
                                .into_iter()
                                .any(|(rule, _)| rule == source);
                    assert!(
                        feeds,
                        "{}: {id} scoped to {source}, which feeds none of its queues",
                        f.path
                    );
                }
            }
            for (id, sub) in of_type(&t, "AWS::SNS::Subscription") {
                let p = get(sub, "Properties").unwrap();
                assert_eq!(
                    get(p, "RawMessageDelivery").and_then(Value::as_bool),
                    Some(true),
                    "{}: {id}",
                    f.path
                );
                assert_eq!(
                    get(p, "FilterPolicyScope").and_then(Value::as_str),
                    Some("MessageAttributes"),
                    "{}: {id}",
                    f.path
                );
                assert_eq!(
                    strs(at(p, &["FilterPolicy", "event_type"])).len(),
                    1,
                    "{}: {id}",
                    f.path
                );
            }
        }
    }
}

/// A function that publishes may use the key (SNS and SQS encrypt with it)
/// and may publish only to its own context's topic or the bus.
#[test]
fn publishers_can_use_the_key_and_only_their_own_topic() {
    for example in EXAMPLES {
        let files = generate(example);
        for f in context_templates(&files) {
            let t = parse(f);
            let own_topic = of_type(&t, "AWS::Serverless::Function")
                .into_iter()
                .find_map(|(_, r)| {
                    at(
                        &props(&t, r),
                        &["Environment", "Variables", "EVENTS_TOPIC_ARN"],
                    )
                    .and_then(target)
                });
            for (id, role) in of_type(&t, "AWS::IAM::Role") {
                let doc = list(at(role, &["Properties", "Policies"]));
                let stmts: Vec<&Value> = doc
                    .iter()
                    .flat_map(|p| list(at(p, &["PolicyDocument", "Statement"])))
                    .collect();
                let allows = |action: &'static str| {
                    stmts
                        .iter()
                        .filter(move |s| strs(get(s, "Action")).iter().any(|a| a == action))
                        .copied()
                };
                for s in allows("sns:Publish").chain(allows("events:PutEvents")) {
                    for r in list(get(s, "Resource")) {
                        let r = target(r).unwrap();
                        if own_topic.is_some() {
                            assert_eq!(
                                Some(&r),
                                own_topic.as_ref(),
                                "{}: {id} publishes to {r}",
                                f.path
                            );
                        }
                    }
                    let key_actions: Vec<String> = allows("kms:GenerateDataKey")
                        .chain(allows("kms:Decrypt"))
                        .flat_map(|s| strs(get(s, "Action")))
                        .collect();
                    assert!(
                        key_actions.iter().any(|a| a == "kms:GenerateDataKey"),
                        "{}: {id} publishes without kms:GenerateDataKey",
                        f.path
                    );
                    assert!(
                        key_actions.iter().any(|a| a == "kms:Decrypt"),
                        "{}: {id} publishes without kms:Decrypt",
                        f.path
                    );
                }
                // Every resource a role names is this stack's or one of its parameters.
                for s in &stmts {
                    for r in list(get(s, "Resource")) {
                        if r.as_str() == Some("*") {
                            let actions = strs(get(s, "Action"));
                            assert!(
                                actions.iter().all(|a| a.starts_with("xray:")),
                                "{}: {id} {actions:?} on *",
                                f.path
                            );
                            continue;
                        }
                        let name =
                            target(r).unwrap_or_else(|| panic!("{}: {id} names {r:?}", f.path));
                        // `${Table.Arn}/index/...` names the table.
                        let name = name.split('.').next().unwrap_or(&name).to_string();
                        assert!(
                            resources(&t).contains_key(name.as_str())
                                || at(&t, &["Parameters", &name]).is_some(),
                            "{}: {id} names {name}",
                            f.path
                        );
                    }
                }
            }
        }
    }
}

/// Every function has its own log group (encrypted, with retention),
/// active tracing, a role of its own, and the deploy settings of its context.
#[test]
fn functions_have_own_logs_tracing_and_role() {
    for example in EXAMPLES {
        for f in context_templates(&generate(example)) {
            let t = parse(f);
            let mut roles = Vec::new();
            for (id, func) in of_type(&t, "AWS::Serverless::Function") {
                let merged = props(&t, func);
                let p = &merged;
                assert_eq!(
                    get(p, "Tracing").and_then(Value::as_str),
                    Some("Active"),
                    "{}: {id}",
                    f.path
                );
                assert_eq!(
                    get(p, "CodeUri").and_then(Value::as_str),
                    Some("src/"),
                    "{}: {id}",
                    f.path
                );
                assert!(
                    get(p, "Runtime")
                        .and_then(Value::as_str)
                        .is_some_and(|r| r.starts_with("python3.")),
                    "{}: {id}",
                    f.path
                );
                let log = at(p, &["LoggingConfig", "LogGroup"])
                    .and_then(target)
                    .unwrap();
                let log_group = resources(&t).get(log.as_str()).unwrap();
                assert!(
                    at(log_group, &["Properties", "KmsKeyId"]).is_some(),
                    "{}: {log}",
                    f.path
                );
                assert!(
                    at(log_group, &["Properties", "RetentionInDays"]).is_some(),
                    "{}: {log}",
                    f.path
                );
                let role = get(p, "Role").and_then(target).unwrap();
                assert!(!roles.contains(&role), "{}: {role} shared", f.path);
                roles.push(role);
                for var in ["POWERTOOLS_SERVICE_NAME", "TABLE_NAME", "EVENT_SOURCE"] {
                    assert!(
                        at(p, &["Environment", "Variables", var]).is_some(),
                        "{}: {id} lacks {var}",
                        f.path
                    );
                }
            }
            let table = resources(&t).get("Table").unwrap();
            let p = get(table, "Properties").unwrap();
            assert_eq!(
                get(p, "BillingMode").and_then(Value::as_str),
                Some("PAY_PER_REQUEST")
            );
            assert_eq!(
                at(
                    p,
                    &[
                        "PointInTimeRecoverySpecification",
                        "PointInTimeRecoveryEnabled"
                    ]
                )
                .and_then(Value::as_bool),
                Some(true)
            );
            assert_eq!(
                at(p, &["SSESpecification", "SSEType"]).and_then(Value::as_str),
                Some("KMS")
            );
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    for example in EXAMPLES {
        assert_eq!(generate(example), generate(example), "{example}");
    }
}

#[test]
fn clinic_snapshots() {
    for f in generate("examples/clinic.ddd") {
        let name = f.path.replace('/', "__");
        insta::assert_snapshot!(format!("clinic__{name}"), f.content);
    }
}

// ---------------------------------------------------------------------------
// Linters

/// cfn-lint (SAM and translated), checkov and `sam validate --lint` over
/// the example's templates, through the shared gate (`support/gate.rs`).
fn lint(example: &str) {
    let tools = gate::Tools::find();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&generate(example), &out);
    if let Some(bin) = &tools.lint {
        if let Err(e) = gate::sam(bin, std::slice::from_ref(&out), &dir.path().join("work")) {
            panic!("{example}: {e}");
        }
    }
    if let Some(bin) = &tools.sam {
        if let Err(e) = gate::sam_validate(bin, &[out]) {
            panic!("{example}: {e}");
        }
    }
}

#[test]
fn lint_retail() {
    lint("examples/retail");
}

#[test]
fn lint_insurance() {
    lint("examples/insurance.ddd");
}

#[test]
fn lint_clinic() {
    lint("examples/clinic.ddd");
}

#[test]
fn lint_edge_cases() {
    lint("edge:sns");
    lint("edge:eventbridge");
}

/// `DDGEN_SAM_DUMP=DIR cargo test --test generate_sam dump` writes every
/// example's templates under DIR, to run the tools by hand.
#[test]
fn dump() {
    let Ok(dir) = std::env::var("DDGEN_SAM_DUMP") else {
        return;
    };
    for example in EXAMPLES {
        let name = example.replace(':', "-");
        let name = Path::new(&name).file_stem().unwrap().to_str().unwrap();
        write(&generate(example), &Path::new(&dir).join(name));
    }
}

/// A scheduled command's schedule sends exactly to the queue its consumer
/// reads, with a message the command accepts (no values: every field of a
/// scheduled command is optional), through a role that may do only that.
#[test]
fn schedules_target_exactly_their_commands_queue() {
    let checked = check("examples/retail");
    let model = checked.valid_model().unwrap();
    let files = sam::files(model);
    let mut seen = 0;
    for f in context_templates(&files) {
        let t = parse(f);
        for (id, s) in of_type(&t, "AWS::Scheduler::Schedule") {
            seen += 1;
            let p = |k: &[&str]| {
                let mut path = vec!["Properties"];
                path.extend_from_slice(k);
                at(s, &path).unwrap_or_else(|| panic!("{id}: {k:?}"))
            };
            let queue = target(p(&["Target", "Arn"])).unwrap();
            // The function with that queue as its SQS event source.
            let consumers: Vec<String> = of_type(&t, "AWS::Serverless::Function")
                .into_iter()
                .filter(|(_, func)| {
                    at(func, &["Properties", "Events"])
                        .and_then(Value::as_mapping)
                        .is_some_and(|events| {
                            events.values().any(|e| {
                                at(e, &["Properties", "Queue"]).and_then(target).as_deref()
                                    == Some(queue.as_str())
                            })
                        })
                })
                .map(|(fid, _)| fid)
                .collect();
            assert_eq!(consumers.len(), 1, "{id}: one consumer of {queue}");
            let command = consumers[0].trim_end_matches("Function").to_string();
            let m = model
                .messages
                .iter()
                .find(|m| m.name == command)
                .unwrap_or_else(|| panic!("{id}: command {command}"));
            assert!(
                m.schedule.is_some() && m.is_queue(),
                "{id}: {command} is scheduled"
            );
            let input: serde_json::Value =
                serde_json::from_str(p(&["Target", "Input"]).as_str().unwrap()).unwrap();
            // The command with no values, in its envelope, one id per run.
            assert_eq!(
                input["data"],
                serde_json::json!({}),
                "{id}: sends no values"
            );
            assert_eq!(input["command_type"], command.as_str(), "{id}: its command");
            assert_eq!(
                input["command_id"],
                format!("{command}@<aws.scheduler.scheduled-time>").as_str(),
                "{id}: one command id per run"
            );
            assert!(m
                .fields
                .iter()
                .all(|f| matches!(f.ty, ddgen::model::TypeRef::Optional(_))));
            assert_eq!(
                p(&["ScheduleExpression"]).as_str(),
                Some(m.schedule.as_ref().unwrap().expression().unwrap().as_str())
            );
            assert!(at(s, &["Properties", "KmsKeyArn"]).is_some(), "{id}: KMS");
            assert!(
                at(s, &["Properties", "Target", "RetryPolicy"]).is_some(),
                "{id}: retries"
            );
            let dlq = target(p(&["Target", "DeadLetterConfig", "Arn"])).unwrap();
            let dlq_res = &resources(&t)[dlq.as_str()];
            assert_eq!(
                get(dlq_res, "Type").and_then(Value::as_str),
                Some("AWS::SQS::Queue")
            );
            assert!(at(dlq_res, &["Properties", "KmsMasterKeyId"]).is_some());
            // The role: assumed only by the Scheduler; may only send to the
            // queue and the DLQ, and use the key for that.
            let role = target(p(&["Target", "RoleArn"])).unwrap();
            let role_res = &resources(&t)[role.as_str()];
            let trust =
                statements(at(role_res, &["Properties", "AssumeRolePolicyDocument"]).unwrap());
            assert_eq!(trust.len(), 1);
            assert_eq!(
                strs(at(trust[0].1, &["Principal", "Service"])),
                ["scheduler.amazonaws.com"]
            );
            let allowed = statements(at(role_res, &["Properties", "Policies"]).unwrap());
            let mut actions: Vec<(String, Vec<String>)> = Vec::new();
            for (_, st) in &allowed {
                let targets: Vec<String> = list(get(st, "Resource"))
                    .into_iter()
                    .filter_map(target)
                    .collect();
                for a in strs(get(st, "Action")) {
                    actions.push((a, targets.clone()));
                }
            }
            actions.sort();
            let key = actions
                .iter()
                .find(|(a, _)| a == "kms:Decrypt")
                .map(|(_, r)| r.clone())
                .unwrap();
            let mut sends = vec![queue.clone(), dlq.clone()];
            sends.sort();
            let mut want = vec![
                ("kms:Decrypt".to_string(), key.clone()),
                ("kms:GenerateDataKey".to_string(), key.clone()),
                ("sqs:SendMessage".to_string(), sends.clone()),
            ];
            want.sort();
            for (_, r) in actions.iter_mut() {
                r.sort();
            }
            assert_eq!(actions, want, "{id}: the role may only send the command");
        }
    }
    assert_eq!(seen, 1, "retail schedules ExpireUnpaidOrders");
}

/// Every index is a GSI of its context's table whose key attributes are
/// defined, and the functions may query exactly those indexes.
#[test]
fn indexes_are_gsis_the_functions_may_query() {
    let checked = check("examples/retail");
    let model = checked.valid_model().unwrap();
    let files = sam::files(model);
    let orders = parse(template(&files, "contexts/orders/template.yaml"));
    let table = &resources(&orders)["Table"];
    let gsis = list(at(table, &["Properties", "GlobalSecondaryIndexes"]));
    let names: Vec<&str> = gsis
        .iter()
        .filter_map(|g| get(g, "IndexName")?.as_str())
        .collect();
    assert_eq!(names, ["Order-ByCustomer"]);
    let defined: Vec<String> = list(at(table, &["Properties", "AttributeDefinitions"]))
        .iter()
        .filter_map(|d| get(d, "AttributeName")?.as_str().map(str::to_string))
        .collect();
    for k in list(get(gsis[0], "KeySchema")) {
        let name = get(k, "AttributeName").and_then(Value::as_str).unwrap();
        assert!(defined.iter().any(|d| d == name), "{name} defined");
    }
    assert_eq!(
        at(gsis[0], &["Projection", "ProjectionType"]).and_then(Value::as_str),
        Some("ALL")
    );
    let mut roles = 0;
    for (id, func) in of_type(&orders, "AWS::IAM::Role") {
        let sts = statements(at(func, &["Properties", "Policies"]).unwrap_or(&Value::Null));
        let Some((_, q)) = sts
            .iter()
            .find(|(_, s)| get(s, "Sid").and_then(Value::as_str) == Some("QueryOwnIndexes"))
        else {
            continue;
        };
        assert_eq!(strs(get(q, "Action")), ["dynamodb:Query"], "{id}");
        let arns: Vec<String> = list(get(q, "Resource"))
            .iter()
            .filter_map(|r| get(r, "Fn::Sub")?.as_str().map(str::to_string))
            .collect();
        assert_eq!(arns, ["${Table.Arn}/index/Order-ByCustomer"], "{id}");
        roles += 1;
    }
    let functions = of_type(&orders, "AWS::Serverless::Function").len();
    assert_eq!(
        roles, functions,
        "every function of Orders may query its index"
    );
}
