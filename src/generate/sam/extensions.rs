//! The user-owned stack fragment of each context (`docs/generation.md`,
//! "Extension stack"): `contexts/<ctx>/extensions.yaml`, written once and
//! never overwritten, nested from the context stack as
//! `AWS::Serverless::Application` `Extensions`. It holds what the model does
//! not describe (a schedule, a secret, an alarm, a GSI-backed query's extra
//! resources) and is given the context's outputs as parameters — always the
//! same set, so that a fragment written today still fits the stack after
//! the model changes.

use super::yaml::{flow, get_att, q, reference};
use crate::generate::USER_HEADER;
use serde_json::{json, Value};

/// The fragment's file name, beside the context's `template.yaml`.
pub(super) const FILE: &str = "extensions.yaml";
/// The nested stack's logical id in the context stack.
pub(super) const ID: &str = "Extensions";

/// The parameters every fragment is given: (name, description).
const PARAMS: &[(&str, &str)] = &[
    ("ContextName", "Name of the bounded context"),
    ("TableName", "Name of the context's DynamoDB table"),
    ("TableArn", "ARN of the context's DynamoDB table"),
    (
        "ApiId",
        "Id of the context's REST API (empty when it has none)",
    ),
    (
        "FunctionRoleNames",
        "Names of the IAM roles of the context's functions, comma separated (empty when none)",
    ),
    (
        "EventsKeyArn",
        "ARN of the KMS key of the system's messages and tables",
    ),
];

/// The `Extensions` resource of the context stack: the fragment, with the
/// context's outputs as parameters. `api` is the REST API's logical id,
/// `roles` the functions' role ids, `key` the KMS key parameter.
pub(super) fn nested_stack(
    context: &str,
    api: Option<&str>,
    roles: &[String],
    key: &str,
) -> String {
    let roles: Vec<Value> = roles.iter().map(|r| reference(r)).collect();
    let values: [(&str, String); 6] = [
        ("ContextName", q(context)),
        ("TableName", flow(&reference("Table"))),
        ("TableArn", flow(&get_att("Table", "Arn"))),
        ("ApiId", api.map_or_else(|| q(""), |a| flow(&reference(a)))),
        (
            "FunctionRoleNames",
            if roles.is_empty() {
                q("")
            } else {
                flow(&json!({ "Fn::Join": [",", roles] }))
            },
        ),
        ("EventsKeyArn", flow(&reference(key))),
    ];
    debug_assert!(values.iter().map(|v| v.0).eq(PARAMS.iter().map(|p| p.0)));
    let mut s = format!(
        "\n\n  {ID}:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: {}\n      Parameters:",
        q(FILE)
    );
    for (name, value) in values {
        s.push_str(&format!("\n        {name}: {value}"));
    }
    s
}

/// `contexts/<ctx>/extensions.yaml` as ddgen writes it once.
pub(super) fn fragment(system: &str, context: &str) -> String {
    let mut params = String::new();
    for (name, description) in PARAMS {
        params.push_str(&format!(
            "  {name}:\n    Type: String\n    Description: {}\n",
            q(description)
        ));
    }
    format!(
        r#"# {USER_HEADER}
#
# Extra resources of the {context} context: what the model does not describe, e.g.
# the resources behind a GSI-backed query, a schedule, a secret, an alarm. It is
# a nested stack of `template.yaml` (resource `{ID}`), deployed with it, and is
# given the context's outputs below; use those you need. ddgen never overwrites
# this file; `cfn-lint` and `checkov` check it like the generated templates.
AWSTemplateFormatVersion: "2010-09-09"
Description: {description}
Metadata:
  cfn-lint:
    config:
      ignore_checks:
        - W2001 # every parameter is given; a fragment uses those it needs

Parameters:
{params}
Resources:
  # A stack needs one resource: replace this placeholder with yours, e.g.
  #
  # TableThrottleAlarm:
  #   Type: AWS::CloudWatch::Alarm
  #   Properties:
  #     AlarmDescription: !Sub "${{ContextName}} table throttled"
  #     Namespace: AWS/DynamoDB
  #     MetricName: ThrottledRequests
  #     Dimensions:
  #       - Name: TableName
  #         Value: !Ref TableName
  #     Statistic: Sum
  #     Period: 300
  #     EvaluationPeriods: 1
  #     Threshold: 1
  #     ComparisonOperator: GreaterThanOrEqualToThreshold
  Placeholder:
    Type: AWS::CloudFormation::WaitConditionHandle
"#,
        description = q(&format!(
            "{system} {context} context: extra resources (yours)"
        )),
    )
}
