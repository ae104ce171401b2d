//! The generated root `README.md`: what was generated from which model, how
//! to test and deploy it, where user code goes, and what each context
//! exposes.

use super::openapi::success_status;
use super::{event_source, has_asyncapi, has_openapi, summary};
use crate::generate::names::{
    command_module, context_dir, kebab, logical_id, py_package, snake, subscription_module,
};
use crate::generate::OWNED_HEADER;
use crate::model::{Broker, ContextId, Model, UseKind, Via};
use askama::Template;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Template)]
#[template(path = "project/README.md")]
struct Readme {
    header: &'static str,
    system: String,
    docs: Option<String>,
    python: String,
    /// The functions' processor architecture (`arm64`, `x86_64`).
    architecture: &'static str,
    context_count: usize,
    eventbridge: bool,
    stack: String,
    contexts: Vec<ContextRow>,
    subscriptions: Vec<SubscriptionRow>,
    /// Contexts in an order in which each one's `calls` targets come first.
    deploy_order: Vec<DeployStep>,
    first: Option<DeployStep>,
    /// The edge section (`edge.rs`).
    edge: String,
}

struct ContextRow {
    name: String,
    dir: String,
    package: String,
    summary: String,
    /// Table cells, Markdown, `<br>`-separated.
    routes: String,
    queues: String,
    publishes: String,
    contracts: String,
}

struct SubscriptionRow {
    event: String,
    subscriber: String,
    queue: String,
    handler: String,
    batch: u32,
    window: String,
    retries: u32,
}

#[derive(Clone)]
struct DeployStep {
    name: String,
    dir: String,
    stack: String,
    after: String,
}

pub fn render(model: &Model) -> String {
    let eventbridge = model.system.broker == Broker::EventBridge;
    let stack = kebab(&model.system.name);
    let contexts = model
        .contexts
        .iter()
        .map(|ctx| {
            let dir = context_dir(&ctx.name);
            let package = py_package(&ctx.name);
            let routes: Vec<String> = ctx
                .messages
                .iter()
                .map(|m| model.message(*m))
                .filter_map(|m| match &m.via {
                    Some(Via::Http { method, path, .. }) => Some(format!(
                        "{} → `{}` ({})",
                        code(&format!("{} {}", method.as_str(), path)),
                        snake(&m.name),
                        success_status(m)
                    )),
                    _ => None,
                })
                .collect();
            let mut queues: Vec<String> = ctx
                .messages
                .iter()
                .map(|m| model.message(*m))
                .filter(|m| m.is_queue())
                .map(|m| {
                    format!(
                        "`{}` (messaging stack) → `{}`",
                        logical_id(&[&ctx.name, &m.name, "Queue"]),
                        command_module(&m.name)
                    )
                })
                .collect();
            queues.extend(ctx.subscriptions.iter().map(|s| {
                let e = model.message(model.subscription(*s).event);
                let src = &model.context(e.context).name;
                format!(
                    "`{}` → `{}`",
                    logical_id(&[src, &e.name, "Queue"]),
                    subscription_module(src, &e.name)
                )
            }));
            let events: Vec<String> = ctx
                .messages
                .iter()
                .map(|m| model.message(*m))
                .filter(|m| m.is_published_event())
                .map(|m| format!("`{}`", m.name))
                .collect();
            let publishes = if events.is_empty() {
                String::new()
            } else if eventbridge {
                format!(
                    "`EventBus` (source `{}`): {}",
                    event_source(model, ctx),
                    events.join(", ")
                )
            } else {
                format!(
                    "`{}`: {}",
                    logical_id(&[&ctx.name, "EventsTopic"]),
                    events.join(", ")
                )
            };
            let mut contracts = Vec::new();
            if has_openapi(model, ctx) {
                contracts.push(format!("[openapi.yaml]({dir}/openapi.yaml)"));
            }
            if has_asyncapi(model, ctx) {
                contracts.push(format!("[asyncapi.yaml]({dir}/asyncapi.yaml)"));
            }
            ContextRow {
                name: ctx.name.clone(),
                summary: ctx
                    .docs
                    .as_deref()
                    .map(|d| cell(&summary(&ctx.name, Some(d))))
                    .unwrap_or_default(),
                routes: cells(&routes),
                queues: cells(&queues),
                publishes: cell(&publishes),
                contracts: cells(&contracts),
                package,
                dir,
            }
        })
        .collect();

    let subscriptions = model
        .contexts
        .iter()
        .flat_map(|ctx| ctx.subscriptions.iter().map(|s| model.subscription(*s)))
        .map(|s| {
            let e = model.message(s.event);
            let src = &model.context(e.context).name;
            SubscriptionRow {
                event: format!("{src}.{}", e.name),
                subscriber: model.context(s.context).name.clone(),
                queue: logical_id(&[src, &e.name, "Queue"]),
                handler: subscription_module(src, &e.name),
                batch: s.batch,
                window: if s.window_ms % 1000 == 0 {
                    format!("{} s", s.window_ms / 1000)
                } else {
                    format!("{} ms", s.window_ms)
                },
                retries: s.retries,
            }
        })
        .collect();

    let deploy_order: Vec<DeployStep> = call_order(model)
        .into_iter()
        .map(|id| {
            let ctx = model.context(id);
            let mut targets: Vec<String> = ctx
                .calls
                .iter()
                .map(|u| model.use_(*u))
                .filter(|u| u.kind == UseKind::Calls)
                .map(|u| model.context(model.message(u.target).context).name.clone())
                .filter(|n| *n != ctx.name)
                .collect();
            targets.sort();
            targets.dedup();
            DeployStep {
                name: ctx.name.clone(),
                dir: context_dir(&ctx.name),
                stack: format!("{stack}-{}", kebab(&ctx.name)),
                after: if targets.is_empty() {
                    "—".to_string()
                } else {
                    targets.join(", ")
                },
            }
        })
        .collect();

    let readme = Readme {
        header: OWNED_HEADER,
        system: model.system.name.clone(),
        docs: model.system.docs.clone(),
        python: model.system.python.clone(),
        architecture: model.system.architecture.word(),
        context_count: model.contexts.len(),
        eventbridge,
        first: deploy_order.first().cloned(),
        deploy_order,
        stack,
        contexts,
        subscriptions,
        edge: super::edge::section(model),
    };
    super::with_newline(readme.render().expect("the README template renders"))
}

/// Contexts ordered so that every context comes after the contexts it
/// `calls` (E010 keeps that graph acyclic); ties keep model order.
fn call_order(model: &Model) -> Vec<ContextId> {
    // Kahn's algorithm, always taking the first ready context in model
    // order (a scan per step made this cubic at thousands of contexts).
    let n = model.contexts.len();
    let mut waiting = vec![0usize; n];
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for c in &model.contexts {
        let me = c.id.index();
        let mut deps: Vec<usize> = c
            .calls
            .iter()
            .map(|u| model.message(model.use_(*u).target).context.index())
            .filter(|d| *d != me)
            .collect();
        deps.sort_unstable();
        deps.dedup();
        waiting[me] = deps.len();
        for d in deps {
            callers[d].push(me);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|i| waiting[*i] == 0).map(Reverse).collect();
    let mut placed = vec![false; n];
    let mut first_unplaced = 0;
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let id = match ready.pop() {
            Some(Reverse(i)) if placed[i] => continue,
            Some(Reverse(i)) => i,
            // A cycle cannot pass validation; keep going in model order.
            None => {
                while placed[first_unplaced] {
                    first_unplaced += 1;
                }
                first_unplaced
            }
        };
        placed[id] = true;
        order.push(model.contexts[id].id);
        for &c in &callers[id] {
            waiting[c] -= 1;
            if waiting[c] == 0 && !placed[c] {
                ready.push(Reverse(c));
            }
        }
    }
    order
}

/// Inline code that survives any content: a fence longer than any run of
/// backticks inside.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        format!("`{text}`")
    } else {
        let fence = "`".repeat(longest + 1);
        format!("{fence} {text} {fence}")
    }
}

/// Text safe inside a Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Several entries in one table cell.
fn cells(items: &[String]) -> String {
    items
        .iter()
        .map(|i| cell(i))
        .collect::<Vec<_>>()
        .join("<br>")
}
