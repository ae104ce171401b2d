//! The SAM/CloudFormation templates of the generated system: the root stack
//! (`template.yaml`), the messaging stack (`messaging/template.yaml`) and one
//! stack per context (`contexts/<ctx>/template.yaml`).
//!
//! Resources, logical ids, parameters and environment variables follow
//! `docs/generation.md` ("Resources and logical ids"). Everything is decided
//! here, in Rust: the templates in `templates/sam/` only lay out values that
//! arrive in their final YAML form (quoted scalars, one-line flow values).
//! Logical ids go through a [`Namer`] per stack, so two model names that
//! would map to the same id (`PlaceOrder` and `Place_Order`) never collide.

mod alarms;
mod auth;
mod context;
pub(crate) mod dev;
mod entry;
mod extensions;
mod globals;
mod indexes;
pub(crate) mod layer;
mod messaging;
mod policy;
mod relay;
mod root;
pub(crate) mod schedules;
mod stages;
mod yaml;

pub use stages::{deploy_files, GITIGNORE};

use context::*;
pub use entry::DEFAULT_RATE_LIMIT;
use messaging::*;
use root::*;

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use serde_json::{json, Value};

use super::{names, OutFile, Owner, OWNED_HEADER};
use crate::model::{Broker, Context, ContextId, HttpMethod, MessageId, MessageKind, Model, Via};
use yaml::{flow, get_att, q, reference, sub};

/// The API's only stage.
pub const STAGE: &str = "v1";
/// Retention of every log group.
pub const LOG_RETENTION_DAYS: u32 = 30;
/// Visibility timeout of a queue = this × the consuming function's timeout.
pub const VISIBILITY_FACTOR: u32 = 6;
/// `maxReceiveCount` of the queue commands' queues.
pub const COMMAND_MAX_RECEIVE: u32 = 5;
/// How long a dead-letter queue keeps a message: 14 days, SQS's maximum.
const DLQ_RETENTION_SECONDS: u32 = 1_209_600;
/// How long the EventBridge archive keeps events for replay.
const ARCHIVE_RETENTION_DAYS: u32 = 30;
/// DynamoDB attribute Powertools idempotency records expire on.
pub const TTL_ATTRIBUTE: &str = "expiration";

/// What the account may do with the key (the key policy's administration
/// statement, which also lets IAM policies in the account grant use of it).
/// Listed one by one: no wildcard actions anywhere in the output.
const KEY_ACCOUNT_ACTIONS: &[&str] = &[
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];

/// What CloudWatch Logs may do with the key, for this account's log groups.
const KEY_LOGS_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
];

/// The API's access log line: one JSON object per request.
const ACCESS_LOG_FORMAT: &str = concat!(
    r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","#,
    r#""requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","#,
    r#""resourcePath":"$context.resourcePath","status":"$context.status","#,
    r#""protocol":"$context.protocol","responseLength":"$context.responseLength","#,
    r#""integrationError":"$context.integration.error","xrayTraceId":"$context.xrayTraceId"}"#
);

/// The templates in parts: the root and messaging stacks, and each
/// context's stack. Every view is worked out up front (the root stack needs
/// every context's parameters); rendering is what the parts do.
pub struct Sam<'m> {
    root: RootView,
    messaging: MessagingView,
    contexts: Vec<(&'m Context, ContextView)>,
    system: String,
    /// `dev.json` and the dev server's files, from the same views: a side
    /// of its own (`generate::Parts`), so that these stay the templates.
    pub(crate) dev: dev::Dev,
}

impl<'m> Sam<'m> {
    pub fn new(model: &'m Model) -> Self {
        let messaging = MessagingPlan::new(model);
        let root_ids = root_ids(model);
        let naming = super::contracts::schema::Naming::new(model);
        let views = super::on_all_cores(&model.contexts, |ctx| {
            context_view(model, &naming, &messaging, &root_ids, ctx)
        });
        let mut contexts = Vec::new();
        let mut stacks = Vec::new();
        let mut dev = dev::DevBuilder::default();
        for (ctx, (view, params)) in model.contexts.iter().zip(views) {
            dev.add(model, &messaging, &root_ids, ctx, &view, &params);
            stacks.push((ctx, params, view.api.is_some()));
            contexts.push((ctx, view));
        }
        let mut root = root_view(model, &root_ids, &stacks);
        root.entry = entry::entry(model, &root_ids, &messaging.key_output, &stacks);
        Sam {
            root,
            messaging: messaging_view(model, &messaging),
            contexts,
            system: model.system.name.clone(),
            dev: dev.finish(model, &messaging),
        }
    }
}

impl super::Side for Sam<'_> {
    /// `template.yaml` and `messaging/template.yaml`.
    fn root(&self) -> Vec<OutFile> {
        vec![
            owned("template.yaml", self.root.render(), None),
            owned("messaging/template.yaml", self.messaging.render(), None),
        ]
    }

    /// The stack of the `i`-th context.
    fn context(&self, i: usize) -> Vec<OutFile> {
        let (ctx, view) = &self.contexts[i];
        let dir = names::context_dir(&ctx.name);
        let mut files = vec![
            owned(
                &format!("{dir}/template.yaml"),
                view.render(),
                Some(ctx.name.clone()),
            ),
            OutFile {
                path: format!("{dir}/{}", extensions::FILE),
                content: extensions::fragment(&self.system, &ctx.name),
                owner: Owner::User,
                context: Some(ctx.name.clone()),
            },
        ];
        // The dependencies layer, for a stack with functions: its Makefile
        // and what it installs, the function lock.
        if let Some(g) = &view.globals {
            let layer = format!("{dir}/{}", layer::DIR);
            files.push(owned(
                &format!("{layer}/Makefile"),
                layer::makefile(&g.layer),
                Some(ctx.name.clone()),
            ));
            files.push(owned(
                &format!("{layer}/requirements.txt"),
                Ok(super::python::locks::function()),
                Some(ctx.name.clone()),
            ));
        }
        files
    }
}

/// Every template of the system, root first, then messaging, then one per
/// context in model order.
pub fn files(model: &Model) -> Vec<OutFile> {
    super::side_files(&Sam::new(model), model.contexts.len())
}

fn owned(path: &str, content: Result<String, askama::Error>, context: Option<String>) -> OutFile {
    let mut content = content.expect("SAM templates render (they have no fallible filters)");
    if !content.ends_with('\n') {
        content.push('\n');
    }
    OutFile {
        path: path.to_string(),
        content,
        owner: Owner::Ddgen,
        context,
    }
}

/// Hands out logical ids unique within one template (compared without case,
/// as API Gateway model names are).
#[derive(Default)]
struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    fn take(&mut self, want: &str) -> String {
        // Logical ids may have 255 characters; leave room for the suffixes
        // derived ids add (`...FunctionLogGroup`) and for a counter.
        let want = match want.char_indices().nth(MAX_ID) {
            Some((cut, _)) => &want[..cut],
            None if want.is_empty() => "X",
            None => want,
        };
        let mut candidate = want.to_string();
        let mut n = 2;
        while !self.taken.insert(candidate.to_ascii_lowercase()) {
            candidate = format!("{want}{n}");
            n += 1;
        }
        candidate
    }
}

/// Longest logical id a [`Namer`] hands out before suffixes.
const MAX_ID: usize = 200;

/// A description cut to CloudFormation's limit for it (in characters).
fn limit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Seconds, rounded up, from milliseconds.
fn seconds(ms: u32) -> u32 {
    ms.div_ceil(1000)
}

/// A context's Lambda timeout in seconds.
fn timeout_s(ctx: &Context) -> u32 {
    seconds(ctx.deploy.timeout_ms).clamp(1, 900)
}

/// Whether a context publishes events on the broker.
fn publishes(model: &Model, ctx: &Context) -> bool {
    ctx.messages
        .iter()
        .any(|m| model.message(*m).is_published_event())
}

/// The context's queue commands, in declaration order.
fn queue_commands<'m>(model: &'m Model, ctx: &'m Context) -> impl Iterator<Item = MessageId> + 'm {
    ctx.messages.iter().copied().filter(move |m| {
        let m = model.message(*m);
        m.kind == MessageKind::Command && m.is_queue()
    })
}

fn has_http(model: &Model, ctx: &Context) -> bool {
    ctx.messages.iter().any(|m| model.message(*m).is_http())
}

// ---------------------------------------------------------------------------
// Messaging stack
