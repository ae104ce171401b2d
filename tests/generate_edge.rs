//! The edge of the generated system (issue #12), over the parsed templates
//! of every example and of seeded random models (`support/randmodel.rs`):
//! `deploy concurrency` is `ScalingConfig.MaximumConcurrency` on every SQS
//! event source and reserved concurrency only on the API function; the root
//! stack has the one entry point (a custom domain with one base-path mapping
//! per context API, under a condition) and a WAF web ACL with managed rule
//! groups and a rate rule attached to every context API's stage; each
//! OpenAPI document's first server is that entry point. Lint (cfn-lint,
//! checkov) runs in `generate_sam.rs` and `generate_random.rs`.

#[path = "support/randmodel.rs"]
mod randmodel;
#[path = "support/template.rs"]
mod template;

use ddgen::check::{check_sources, Options};
use ddgen::generate::OutFile;
use ddgen::model::Model;
use ddgen::source::SourceMap;
use serde_yaml_ng::Value;
use std::collections::BTreeSet;
use std::path::Path;
use template::{at, get, of_type, parse};

/// Random models checked here (in-process, no outside tool: fast).
const SEEDS: u64 = 150;

/// The nested stack a `{"Fn::GetAtt": [stack, "Outputs.ApiId"]}` names.
fn api_id_of(v: &Value) -> String {
    let att = get(v, "Fn::GetAtt")
        .and_then(Value::as_sequence)
        .expect("GetAtt");
    assert_eq!(att[1].as_str(), Some("Outputs.ApiId"), "{v:?}");
    att[0].as_str().unwrap().to_string()
}

/// Every edge property of one model's output; `what` names the model.
fn check_edge(what: &str, model: &Model, files: &[OutFile]) {
    let file = |path: &str| files.iter().find(|f| f.path == path);
    let root = parse(file("template.yaml").expect("root template"));
    let mut api_stacks = BTreeSet::new();
    for ctx in &model.contexts {
        let dir = ddgen::generate::names::context_dir(&ctx.name);
        let t = parse(file(&format!("{dir}/template.yaml")).expect("context template"));
        let concurrency = ctx.deploy.concurrency;
        let mut has_api = false;
        for (id, f) in of_type(&t, "AWS::Serverless::Function") {
            let events = at(f, &["Properties", "Events"]).and_then(Value::as_mapping);
            let sqs: Vec<&Value> = events
                .into_iter()
                .flatten()
                .filter(|(_, e)| get(e, "Type").and_then(Value::as_str) == Some("SQS"))
                .map(|(_, e)| e)
                .collect();
            let reserved = at(f, &["Properties", "ReservedConcurrentExecutions"]);
            let stream = events
                .into_iter()
                .flatten()
                .any(|(_, e)| get(e, "Type").and_then(Value::as_str) == Some("DynamoDB"));
            if stream {
                // The outbox relay: its stream's shards bound it, nothing reserved.
                assert_eq!(reserved, None, "{what}: {dir} {id} reserved concurrency");
            } else if sqs.is_empty() {
                has_api = true;
                let want = concurrency.map(|c| Value::from(u64::from(c)));
                assert_eq!(
                    reserved,
                    want.as_ref(),
                    "{what}: {dir} {id} reserved concurrency"
                );
            } else {
                assert!(
                    reserved.is_none(),
                    "{what}: consumer {dir} {id} has reserved concurrency"
                );
                for e in sqs {
                    let max = at(e, &["Properties", "ScalingConfig", "MaximumConcurrency"]);
                    match concurrency {
                        Some(c) => {
                            let max = max.and_then(Value::as_u64).unwrap_or_else(|| {
                                panic!("{what}: {dir} {id} has no MaximumConcurrency")
                            });
                            assert_eq!(max, u64::from(c.clamp(2, 1000)), "{what}: {dir} {id}");
                        }
                        None => assert!(max.is_none(), "{what}: {dir} {id} capped without a cap"),
                    }
                }
            }
        }
        if has_api {
            assert!(
                at(&t, &["Outputs", "ApiId"]).is_some(),
                "{what}: {dir} outputs ApiId"
            );
            let stack = of_type(&root, "AWS::Serverless::Application")
                .into_iter()
                .find(|(_, s)| {
                    at(s, &["Properties", "Location"]).and_then(Value::as_str)
                        == Some(&format!("{dir}/template.yaml"))
                })
                .map(|(id, _)| id)
                .expect("the root nests the context");
            api_stacks.insert(stack);
            let openapi: Value =
                serde_yaml_ng::from_str(&file(&format!("{dir}/openapi.yaml")).unwrap().content)
                    .unwrap();
            let first = at(&openapi, &["servers"])
                .and_then(Value::as_sequence)
                .and_then(|s| s.first())
                .and_then(|s| get(s, "url"))
                .and_then(Value::as_str)
                .unwrap();
            let base = ddgen::generate::names::base_path(&ctx.name);
            assert_eq!(
                first,
                format!("https://{{domain}}/{base}"),
                "{what}: {dir} servers"
            );
        }
    }

    let acls = of_type(&root, "AWS::WAFv2::WebACL");
    if api_stacks.is_empty() {
        assert!(acls.is_empty(), "{what}: a WAF without an API");
        return;
    }
    // The WAF: managed rule groups, a rate rule, attached to every API stage.
    assert_eq!(acls.len(), 1, "{what}: one web ACL");
    let (acl_id, acl) = &acls[0];
    let rules = at(acl, &["Properties", "Rules"])
        .and_then(Value::as_sequence)
        .unwrap();
    let managed: BTreeSet<&str> = rules
        .iter()
        .filter_map(|r| at(r, &["Statement", "ManagedRuleGroupStatement", "Name"]))
        .filter_map(Value::as_str)
        .collect();
    for group in [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
    ] {
        assert!(managed.contains(group), "{what}: {group} in the web ACL");
    }
    assert!(
        rules
            .iter()
            .any(|r| at(r, &["Statement", "RateBasedStatement"]).is_some()),
        "{what}: a rate rule"
    );
    let priorities: BTreeSet<u64> = rules
        .iter()
        .filter_map(|r| get(r, "Priority").and_then(Value::as_u64))
        .collect();
    assert_eq!(
        priorities.len(),
        rules.len(),
        "{what}: rule priorities are distinct"
    );
    let attached: BTreeSet<String> = of_type(&root, "AWS::WAFv2::WebACLAssociation")
        .into_iter()
        .map(|(_, a)| {
            let acl_ref = at(a, &["Properties", "WebACLArn", "Fn::GetAtt"]).unwrap();
            assert_eq!(acl_ref[0].as_str(), Some(acl_id.as_str()));
            let sub = at(a, &["Properties", "ResourceArn", "Fn::Sub"]).unwrap();
            let arn = sub[0].as_str().unwrap();
            assert!(
                arn.ends_with(&format!("/stages/{}", ddgen::generate::sam::STAGE)),
                "{arn}"
            );
            api_id_of(get(&sub[1], "Api").unwrap())
        })
        .collect();
    assert_eq!(
        attached, api_stacks,
        "{what}: the WAF guards every context API"
    );
    // The entry point: one base-path mapping per context API, distinct paths.
    let domains = of_type(&root, "AWS::ApiGateway::DomainName");
    assert_eq!(domains.len(), 1, "{what}: one custom domain");
    let condition = get(domains[0].1, "Condition")
        .and_then(Value::as_str)
        .unwrap();
    assert!(
        at(&root, &["Conditions", condition]).is_some(),
        "{what}: {condition}"
    );
    let mut paths = BTreeSet::new();
    let mapped: BTreeSet<String> = of_type(&root, "AWS::ApiGateway::BasePathMapping")
        .into_iter()
        .map(|(id, m)| {
            assert_eq!(
                get(m, "Condition").and_then(Value::as_str),
                Some(condition),
                "{id}"
            );
            let path = at(m, &["Properties", "BasePath"])
                .and_then(Value::as_str)
                .unwrap();
            assert!(
                paths.insert(path.to_string()),
                "{what}: base path {path} twice"
            );
            api_id_of(at(m, &["Properties", "RestApiId"]).unwrap())
        })
        .collect();
    assert_eq!(mapped, api_stacks, "{what}: every context API is mapped");
    assert!(
        at(&root, &["Outputs", "EntryUrl"]).is_some(),
        "{what}: EntryUrl"
    );
}

fn model_of(files: &[(String, String)]) -> ddgen::check::Checked {
    let mut sources = SourceMap::default();
    for (path, text) in files {
        sources.add(path.into(), text.clone());
    }
    check_sources(sources, Vec::new(), &Options::default())
}

#[test]
fn every_example_has_the_edge() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for example in ["retail", "clinic.ddd", "insurance.ddd"] {
        let checked = ddgen::check::check_paths(&[root.join(example)], &Default::default())
            .unwrap_or_else(|e| panic!("{example} loads: {e:?}"));
        let model = checked.valid_model().expect("valid example");
        check_edge(example, model, &ddgen::generate::files(model));
    }
}

#[test]
fn random_models_have_the_edge() {
    let mut capped = 0;
    for seed in 0..SEEDS {
        let checked = model_of(&randmodel::files(seed));
        let Some(model) = checked.valid_model() else {
            panic!("seed {seed} is valid");
        };
        capped += model
            .contexts
            .iter()
            .filter(|c| c.deploy.concurrency.is_some())
            .count();
        check_edge(
            &format!("seed {seed}"),
            model,
            &ddgen::generate::files(model),
        );
    }
    assert!(capped > 0, "some random context has `deploy concurrency`");
}
