//! The system's one entry point (issue #12), in the root stack: an API
//! Gateway custom domain with one base-path mapping per context API (when
//! the `DomainName` and `CertificateArn` parameters are given), and one WAF
//! web ACL (AWS managed rule groups, a rate rule per client IP, a body size
//! rule) attached to every context API's stage. Each context stack still
//! deploys on its own; the root only adds what joins them. Decisions in
//! `docs/generation.md` ("The edge").

use super::*;

/// Root parameters of the entry point.
pub(super) const DOMAIN_PARAM: &str = "DomainName";
pub(super) const CERTIFICATE_PARAM: &str = "CertificateArn";
pub(super) const RATE_PARAM: &str = "RateLimitPerClient";
/// Requests per client IP in five minutes before the WAF answers 429.
pub const DEFAULT_RATE_LIMIT: u32 = 2000;
/// Condition: both domain parameters are given.
const CONDITION: &str = "HasEntryDomain";

/// The AWS managed rule groups, in priority order after the own rules, with
/// the rules set to count only: `SizeRestrictions_BODY` would refuse every
/// body over 8 KB, which the API accepts (its own limit is enforced by the
/// `BodyTooLarge` rule and the handler, so a too-large body is 413, not 403).
const MANAGED: &[(&str, &[&str])] = &[
    ("AWSManagedRulesCommonRuleSet", &["SizeRestrictions_BODY"]),
    ("AWSManagedRulesKnownBadInputsRuleSet", &[]),
    ("AWSManagedRulesAmazonIpReputationList", &[]),
];

#[derive(Template)]
#[template(path = "sam/entry.yaml")]
pub(super) struct EntryView {
    pub(super) condition: String,
    pub(super) domain_id: String,
    pub(super) domain_ref: String,
    pub(super) certificate_ref: String,
    pub(super) domain_resource_ref: String,
    pub(super) stage: String,
    pub(super) mappings: Vec<MappingView>,
    pub(super) log_group_id: String,
    pub(super) log_group_name: String,
    pub(super) log_retention: u32,
    pub(super) key: String,
    pub(super) acl_id: String,
    pub(super) acl_name: String,
    pub(super) acl_description: String,
    pub(super) acl_metric: String,
    pub(super) acl_arn: String,
    pub(super) too_large_body: String,
    pub(super) too_many_body: String,
    pub(super) too_large_regex: String,
    pub(super) rate_ref: String,
    pub(super) managed: Vec<ManagedView>,
    pub(super) logging_id: String,
    pub(super) log_group_arn: String,
    pub(super) associations: Vec<AssociationView>,
}

pub(super) struct MappingView {
    pub(super) id: String,
    pub(super) api: String,
    pub(super) base_path: String,
}

pub(super) struct ManagedView {
    pub(super) name: String,
    pub(super) priority: u32,
    pub(super) count: Vec<String>,
}

pub(super) struct AssociationView {
    pub(super) id: String,
    pub(super) stage_arn: String,
}

/// What the root template shows of the entry point besides its resources.
pub(super) struct Entry {
    /// Parameters: (name, type, description, default).
    pub(super) params: Vec<(String, String, String, String)>,
    /// Conditions: (name, flow value).
    pub(super) conditions: Vec<(String, String)>,
    pub(super) resources: String,
    pub(super) url_output: OutputView,
}

/// A regular expression for a `Content-Length` of at least `limit` bytes,
/// for `limit` a power of ten: as many digits or more, no leading zero.
fn at_least(limit: u32) -> String {
    let digits = limit.to_string().len();
    format!("^[1-9][0-9]{{{},}}$", digits - 1)
}

/// `None` when the system has no HTTP API (nothing to enter).
pub(super) fn entry(
    model: &Model,
    ids: &RootIds,
    key_output: &str,
    stacks: &[(&Context, Vec<Param>, bool)],
) -> Option<Entry> {
    let apis: Vec<&Context> = stacks
        .iter()
        .filter(|(_, _, api)| *api)
        .map(|(c, _, _)| *c)
        .collect();
    if apis.is_empty() {
        return None;
    }
    let max_body = names::MAX_BODY_BYTES;
    let system = names::kebab(&model.system.name);
    let key = flow(&get_att(&ids.messaging, &format!("Outputs.{key_output}")));
    let mut mappings = Vec::new();
    let mut associations = Vec::new();
    for ctx in &apis {
        let stack = &ids.contexts[&ctx.id];
        let api = get_att(stack, "Outputs.ApiId");
        mappings.push(MappingView {
            id: format!("{stack}BasePathMapping"),
            api: flow(&api),
            base_path: q(&names::base_path(&ctx.name)),
        });
        associations.push(AssociationView {
            id: format!("{stack}WebAclAssociation"),
            stage_arn: flow(&json!({ "Fn::Sub": [
                format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{Api}}/stages/{STAGE}"),
                { "Api": api },
            ]})),
        });
    }
    let view = EntryView {
        condition: CONDITION.into(),
        domain_id: "EntryDomain".into(),
        domain_ref: flow(&reference(DOMAIN_PARAM)),
        certificate_ref: flow(&reference(CERTIFICATE_PARAM)),
        domain_resource_ref: flow(&reference("EntryDomain")),
        stage: q(STAGE),
        mappings,
        log_group_id: "EntryWebAclLogGroup".into(),
        // WAF logs only to log groups named `aws-waf-logs-...`.
        log_group_name: flow(&sub("aws-waf-logs-${AWS::StackName}-${Stage}")),
        log_retention: LOG_RETENTION_DAYS,
        key,
        acl_id: "EntryWebAcl".into(),
        acl_name: flow(&sub("${AWS::StackName}-entry")),
        acl_description: q(&limit(
            &format!("{}: managed rule groups, a rate limit per client and the body size limit in front of every context API", model.system.name),
            256,
        )),
        acl_metric: q(&format!("{}-entry", bounded_metric(&system))),
        acl_arn: flow(&get_att("EntryWebAcl", "Arn")),
        too_large_body: q(&format!(
            r#"{{"message": "The request body must be under {max_body} bytes."}}"#
        )),
        too_many_body: q(r#"{"message": "Too many requests: slow down and retry later."}"#),
        too_large_regex: q(&at_least(max_body)),
        rate_ref: flow(&reference(RATE_PARAM)),
        managed: MANAGED
            .iter()
            .enumerate()
            .map(|(i, (name, count))| ManagedView {
                name: name.to_string(),
                priority: 2 + i as u32,
                count: count.iter().map(|c| c.to_string()).collect(),
            })
            .collect(),
        logging_id: "EntryWebAclLogging".into(),
        log_group_arn: flow(&sub(
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${EntryWebAclLogGroup}",
        )),
        associations,
    };
    let resources = view.render().expect("entry resources render");
    let has_domain = json!({ "Fn::And": [
        { "Fn::Not": [{ "Fn::Equals": [reference(DOMAIN_PARAM), ""] }] },
        { "Fn::Not": [{ "Fn::Equals": [reference(CERTIFICATE_PARAM), ""] }] },
    ]});
    Some(Entry {
        params: vec![
            (
                DOMAIN_PARAM.into(),
                "String".into(),
                q("Custom domain of the system's one entry point (e.g. api.example.com); empty: no domain"),
                q(""),
            ),
            (
                CERTIFICATE_PARAM.into(),
                "String".into(),
                q("ARN of the ACM certificate of DomainName, in the stack's region; empty: no domain"),
                q(""),
            ),
            (
                RATE_PARAM.into(),
                "Number".into(),
                q("Requests one client IP may send in five minutes before the WAF answers 429"),
                q(&DEFAULT_RATE_LIMIT.to_string()),
            ),
        ],
        conditions: vec![(CONDITION.into(), flow(&has_domain))],
        resources,
        url_output: OutputView {
            id: "EntryUrl".into(),
            description: q("The one base URL of every context's routes (https://DomainName/<context>); empty without a domain"),
            value: flow(&json!({ "Fn::If": [
                CONDITION,
                sub(&format!("https://${{{DOMAIN_PARAM}}}")),
                "",
            ]})),
        },
    })
}

/// `ScalingConfig.MaximumConcurrency` of an SQS event source for `deploy
/// concurrency`: Lambda accepts 2 to 1000.
pub(super) fn max_concurrency(concurrency: u32) -> u32 {
    concurrency.clamp(2, 1000)
}

/// A CloudWatch metric name part: at most 200 characters.
fn bounded_metric(name: &str) -> String {
    name.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_rule_matches_the_limit_exactly() {
        let re = at_least(1_000_000);
        assert_eq!(re, "^[1-9][0-9]{6,}$");
        assert_eq!(at_least(10), "^[1-9][0-9]{1,}$");
        let limit = names::MAX_BODY_BYTES;
        assert_eq!(limit, 10u32.pow(limit.ilog10()), "a power of ten");
    }
}
