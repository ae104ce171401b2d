//! The CloudWatch alarms of the generated SAM templates, over every example
//! and seeded random models (`support/randmodel.rs`): every dead-letter
//! queue (a context's subscription queues' and the messaging stack's command
//! queues') has a depth alarm in the stack of the context that owns it, every
//! function an errors and a throttles alarm, every API a 5xx alarm; each
//! notifies the `AlarmTopicArn` parameter the root stack passes down, only
//! when it is not empty. cfn-lint and checkov over the same templates run in
//! `generate_sam.rs` and `generate_random.rs`.

#[path = "support/randmodel.rs"]
mod randmodel;

use ddgen::check::{check_paths, check_sources, Options};
use ddgen::generate::{sam, OutFile};
use ddgen::source::SourceMap;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Random models checked here; each takes milliseconds (no Python, no linters).
const SEEDS: u64 = 200;

/// A template as JSON (every generated YAML scalar is JSON-compatible).
fn parse(f: &OutFile) -> Value {
    let yaml: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&f.content).unwrap_or_else(|e| panic!("{} is YAML: {e}", f.path));
    serde_json::to_value(yaml).expect("JSON-compatible YAML")
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a str, &'a Value)> {
    t["Resources"]
        .as_object()
        .expect("Resources")
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .map(|(k, r)| (k.as_str(), r))
        .collect()
}

/// The alarms of a context template by (namespace, metric).
fn alarms<'a>(t: &'a Value, metric: &str) -> Vec<&'a Value> {
    of_type(t, "AWS::CloudWatch::Alarm")
        .into_iter()
        .map(|(_, a)| &a["Properties"])
        .filter(|p| p["MetricName"] == metric)
        .collect()
}

fn dimension<'a>(alarm: &'a Value, name: &str) -> &'a Value {
    alarm["Dimensions"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["Name"] == name))
        .map(|d| &d["Value"])
        .unwrap_or(&Value::Null)
}

/// Every dead-letter queue of a template: the `deadLetterTargetArn` of a queue.
fn dead_letter_queues(t: &Value) -> Vec<String> {
    let mut out: Vec<String> = of_type(t, "AWS::SQS::Queue")
        .into_iter()
        .filter_map(|(_, q)| {
            q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0].as_str()
        })
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Checks the alarms of one generated system; `what` names it in failures.
fn check_alarms(what: &str, files: &[OutFile]) {
    let templates: BTreeMap<&str, Value> = files
        .iter()
        .filter(|f| f.path.ends_with("template.yaml"))
        .map(|f| (f.path.as_str(), parse(f)))
        .collect();
    let root = &templates["template.yaml"];
    let messaging = &templates["messaging/template.yaml"];
    let topic = json!({ "Ref": "AlarmTopicArn" });
    let actions = json!({ "Fn::If": ["HasAlarmTopic", [topic], { "Ref": "AWS::NoValue" }] });
    // The messaging stack's outputs naming a DLQ: output → DLQ id.
    let dlq_outputs: BTreeMap<String, String> = messaging["Outputs"]
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| v["Value"]["Fn::GetAtt"][1] == "QueueName")
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["Value"]["Fn::GetAtt"][0].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut watched_messaging_dlqs: Vec<String> = Vec::new();
    let mut any_alarm = false;
    for (stack_id, stack) in of_type(root, "AWS::Serverless::Application") {
        let location = stack["Properties"]["Location"].as_str().unwrap();
        if location == "messaging/template.yaml" {
            continue;
        }
        let t = &templates[location];
        let passed = &stack["Properties"]["Parameters"];
        let functions = of_type(t, "AWS::Serverless::Function");
        let all = of_type(t, "AWS::CloudWatch::Alarm");
        if functions.is_empty() {
            assert!(
                all.is_empty(),
                "{what}: {location} has alarms and no function"
            );
            assert!(
                t["Parameters"].get("AlarmTopicArn").is_none(),
                "{what}: {location}"
            );
            continue;
        }
        any_alarm = true;
        // The topic: a parameter the root passes from its own, and the condition.
        assert_eq!(
            passed["AlarmTopicArn"], topic,
            "{what}: {stack_id} is passed the topic"
        );
        assert!(
            t["Parameters"]["AlarmTopicArn"].is_object(),
            "{what}: {location}"
        );
        assert_eq!(
            t["Conditions"]["HasAlarmTopic"],
            json!({ "Fn::Not": [{ "Fn::Equals": [topic, ""] }] }),
            "{what}: {location}"
        );
        for (id, a) in &all {
            let p = &a["Properties"];
            assert_eq!(p["AlarmActions"], actions, "{what}: {location} {id}");
            assert_eq!(p["OKActions"], actions, "{what}: {location} {id}");
            assert_eq!(
                p["ComparisonOperator"], "GreaterThanThreshold",
                "{what}: {id}"
            );
            assert_eq!(p["Threshold"], 0, "{what}: {location} {id}");
        }
        // Every function: errors and throttles.
        for (f, _) in &functions {
            for metric in ["Errors", "Throttles"] {
                let n = alarms(t, metric)
                    .into_iter()
                    .filter(|a| a["Namespace"] == "AWS/Lambda")
                    .filter(|a| dimension(a, "FunctionName") == &json!({ "Ref": f }))
                    .count();
                assert_eq!(n, 1, "{what}: {location}: {metric} alarm of {f}");
            }
        }
        // Every API: 5xx, by its name and stage.
        for (api, r) in of_type(t, "AWS::Serverless::Api") {
            let n = alarms(t, "5XXError")
                .into_iter()
                .filter(|a| a["Namespace"] == "AWS/ApiGateway")
                .filter(|a| dimension(a, "ApiName") == &r["Properties"]["Name"])
                .filter(|a| dimension(a, "Stage") == &r["Properties"]["StageName"])
                .count();
            assert_eq!(n, 1, "{what}: {location}: 5xx alarm of {api}");
        }
        // Every DLQ of the stack, and of the messaging stack through a parameter.
        let depth = alarms(t, "ApproximateNumberOfMessagesVisible");
        for dlq in dead_letter_queues(t) {
            let name = json!({ "Fn::GetAtt": [dlq, "QueueName"] });
            let n = depth
                .iter()
                .filter(|a| dimension(a, "QueueName") == &name)
                .count();
            assert_eq!(n, 1, "{what}: {location}: depth alarm of {dlq}");
        }
        for a in &depth {
            assert_eq!(a["Namespace"], "AWS/SQS", "{what}: {location}");
            assert_eq!(a["Statistic"], "Maximum", "{what}: {location}");
            if let Some(param) = dimension(a, "QueueName")["Ref"].as_str() {
                let output = passed[param]["Fn::GetAtt"][1]
                    .as_str()
                    .and_then(|o| o.strip_prefix("Outputs."))
                    .unwrap_or_else(|| panic!("{what}: {location}: {param} from messaging"));
                watched_messaging_dlqs.push(dlq_outputs[output].clone());
            }
        }
    }
    watched_messaging_dlqs.sort();
    assert_eq!(
        watched_messaging_dlqs,
        dead_letter_queues(messaging),
        "{what}: each command DLQ is watched once, by its owner"
    );
    let param = &root["Parameters"]["AlarmTopicArn"];
    if any_alarm {
        assert_eq!(param["Default"], "", "{what}: the topic is optional");
    } else {
        assert!(param.is_null(), "{what}: no alarm, no parameter");
    }
}

fn generate_example(path: &str) -> Vec<OutFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = check_paths(&[root.join(path)], &Options::default())
        .unwrap_or_else(|e| panic!("{path} loads: {e:?}"));
    sam::files(checked.valid_model().expect("valid example"))
}

#[test]
fn every_example_alarms_on_dlqs_errors_throttles_and_5xx() {
    for example in [
        "examples/retail",
        "examples/insurance.ddd",
        "examples/clinic.ddd",
    ] {
        check_alarms(example, &generate_example(example));
    }
}

#[test]
fn random_models_alarm_on_dlqs_errors_throttles_and_5xx() {
    for seed in 0..SEEDS {
        let mut sources = SourceMap::default();
        for (path, text) in randmodel::files(seed) {
            sources.add(path.into(), text);
        }
        let checked = check_sources(sources, Vec::new(), &Options::default());
        let model = checked
            .valid_model()
            .unwrap_or_else(|| panic!("seed {seed} is valid"));
        check_alarms(&format!("seed {seed}"), &sam::files(model));
    }
}
