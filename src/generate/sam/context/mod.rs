//! One stack per bounded context: table, API, functions, subscriptions. The
//! views its template renders (here), its parameters (`params.rs`) and its
//! resources (`stack.rs`).

mod params;
mod stack;

pub(super) use stack::context_view;

use super::*;

/// A parameter of a context stack and the root stack's value for it.
pub(super) struct Param {
    pub(super) name: String,
    pub(super) description: String,
    pub(super) root_value: Value,
}

#[derive(Template)]
#[template(path = "sam/context.yaml")]
pub(super) struct ContextView {
    pub(super) header: String,
    pub(super) description: String,
    pub(super) stage: Option<super::stages::StageParam>,
    pub(super) globals: Option<super::globals::GlobalsView>,
    pub(super) params: Vec<ParamView>,
    pub(super) key: String,
    pub(super) ttl_attribute: String,
    pub(super) api: Option<ApiView>,
    pub(super) functions: Vec<FunctionView>,
    pub(super) subscriptions: Vec<SubscriptionView>,
    pub(super) outputs: Vec<OutputView>,
    /// The indexes' attribute definitions and `GlobalSecondaryIndexes` (`sam::indexes`).
    pub(super) index_attributes: String,
    pub(super) index_block: String,
    /// The schedules' resources (`sam::schedules`).
    pub(super) schedules: String,
    /// Resources of `auth.rs` (YAML, each starting with a blank line).
    pub(super) auth_resources: String,
    /// The user-owned nested stack (`super::extensions`).
    pub(super) extensions: String,
    /// The outbox relay's resources (the table then has a stream).
    pub(super) relay: Option<super::relay::RelayView>,
    pub(super) alarms: Option<super::alarms::AlarmsView>,
}

pub(super) struct ParamView {
    pub(super) name: String,
    pub(super) description: String,
}

pub(super) struct ApiView {
    pub(super) id: String,
    pub(super) log_group_id: String,
    pub(super) log_group_arn: String,
    pub(super) name: String,
    pub(super) stage: String,
    pub(super) log_retention: u32,
    pub(super) access_log_format: String,
    pub(super) throttle: u32,
    pub(super) burst: u32,
    /// The `DefinitionBody` (block YAML at indentation 8): the context's
    /// OpenAPI document with API Gateway's extensions (`auth.rs`).
    pub(super) definition: String,
}

pub(super) struct FunctionView {
    pub(super) id: String,
    pub(super) role_id: String,
    pub(super) role_arn: String,
    pub(super) log_group_id: String,
    pub(super) log_group_ref: String,
    pub(super) description: String,
    pub(super) handler: String,
    /// Reserved concurrency: `deploy concurrency`, on the API function only
    /// (SQS sources are capped by `MaximumConcurrency`).
    pub(super) concurrency: Option<u32>,
    pub(super) log_retention: u32,
    /// The function's own variables (the shared ones are in `Globals`).
    pub(super) env: Vec<(String, String)>,
    pub(super) api_events: Vec<ApiEventView>,
    pub(super) sqs_event: Option<SqsEventView>,
    pub(super) stream_event: Option<super::relay::StreamEventView>,
    pub(super) statements: Vec<StatementView>,
    pub(super) skips: Vec<(String, String)>,
}

pub(super) struct ApiEventView {
    pub(super) name: String,
    pub(super) api_id: String,
    pub(super) path: String,
    pub(super) method: String,
    /// The request model validating the body, when it has required fields.
    pub(super) model: Option<String>,
}

pub(super) struct SqsEventView {
    pub(super) queue: String,
    pub(super) batch: u32,
    pub(super) window: u32,
    /// `ScalingConfig.MaximumConcurrency`: `deploy concurrency` (`entry.rs`).
    pub(super) max_concurrency: Option<u32>,
}

pub(super) struct StatementView {
    pub(super) sid: String,
    pub(super) actions: Vec<String>,
    pub(super) resources: Vec<String>,
    pub(super) condition: Option<String>,
}

pub(super) struct SubscriptionView {
    pub(super) queue_id: String,
    pub(super) dlq_id: String,
    pub(super) policy_id: String,
    pub(super) visibility: u32,
    pub(super) max_receive: u32,
    pub(super) dlq_retention: u32,
    pub(super) queue_arn: String,
    pub(super) dlq_arn: String,
    pub(super) queue_url: String,
    pub(super) dlq_url: String,
    pub(super) principal: String,
    pub(super) source_arn_condition: String,
    pub(super) sns: Option<SnsSubscriptionView>,
    pub(super) rule: Option<RuleView>,
}

pub(super) struct SnsSubscriptionView {
    pub(super) id: String,
    pub(super) topic: String,
    pub(super) filter: String,
}

pub(super) struct RuleView {
    pub(super) id: String,
    pub(super) description: String,
    pub(super) bus: String,
    pub(super) pattern: String,
}

/// One function of a context stack, before rendering.
pub(super) struct FunctionSpec {
    pub(super) base: String,
    pub(super) description: String,
    pub(super) module: String,
    pub(super) api_events: Vec<ApiEventView>,
    pub(super) sqs_event: Option<(Value, u32, u32)>,
    pub(super) role: super::policy::Role,
    pub(super) stream_event: Option<super::relay::StreamEventView>,
}

/// What a context stack holds, in words: `table, HTTP API, 3 functions, 2 subscriptions`.
pub(super) fn stack_contents(api: bool, functions: usize, subscriptions: usize) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec!["table".to_string()];
    if api {
        parts.push("HTTP API".into());
    }
    if functions > 0 {
        parts.push(count(functions, "function", "functions"));
    }
    if subscriptions > 0 {
        parts.push(count(subscriptions, "subscription", "subscriptions"));
    }
    parts.join(", ")
}

pub(super) fn statement(sid: &str, actions: &[&str], resources: Vec<Value>) -> StatementView {
    StatementView {
        sid: sid.to_string(),
        actions: actions.iter().map(|a| q(a)).collect(),
        resources: resources.iter().map(flow).collect(),
        condition: None,
    }
}

// ---------------------------------------------------------------------------
// Root stack
