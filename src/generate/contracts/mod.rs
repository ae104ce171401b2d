//! The contracts of the generated system: per context an OpenAPI 3.1
//! document of its HTTP API and an AsyncAPI 3.0 document of its messages,
//! plus the generated root `README.md`.
//!
//! Templates (`templates/openapi`, `templates/asyncapi`, `templates/project`)
//! lay the documents out; every value reaches them in its final form (YAML
//! strings already quoted, schemas already rendered). Conventions:
//! `docs/generation.md`.

pub mod asyncapi;
mod edge;
pub mod openapi;
mod readme;
pub mod schema;
pub mod security;
pub mod yaml;

use super::names::context_dir;
use super::{OutFile, Owner};
use crate::model::{Context, Model};
use schema::Naming;

/// The contracts in parts: the README, and each context's documents.
pub struct Contracts<'m> {
    model: &'m Model,
    naming: Naming,
}

impl<'m> Contracts<'m> {
    pub fn new(model: &'m Model) -> Self {
        Contracts {
            model,
            naming: Naming::new(model),
        }
    }
}

impl super::Side for Contracts<'_> {
    /// The system's README.
    fn root(&self) -> Vec<OutFile> {
        vec![OutFile {
            path: "README.md".into(),
            content: readme::render(self.model),
            owner: Owner::Ddgen,
            context: None,
        }]
    }

    /// The OpenAPI and AsyncAPI documents of the `i`-th context (either may
    /// be absent).
    fn context(&self, i: usize) -> Vec<OutFile> {
        let ctx = &self.model.contexts[i];
        let dir = context_dir(&ctx.name);
        let per_context = |name: &str, content: String| OutFile {
            path: format!("{dir}/{name}"),
            content,
            owner: Owner::Ddgen,
            context: Some(ctx.name.clone()),
        };
        let mut out = Vec::new();
        if let Some(text) = openapi::render(self.model, &self.naming, ctx) {
            out.push(per_context("openapi.yaml", text));
        }
        if let Some(text) = asyncapi::render(self.model, &self.naming, ctx) {
            out.push(per_context("asyncapi.yaml", text));
        }
        out
    }
}

/// Every contract file and the README, in a stable order.
pub fn files(model: &Model) -> Vec<OutFile> {
    super::side_files(&Contracts::new(model), model.contexts.len())
}

/// Whether a context has an OpenAPI document: it has `via http` messages.
pub fn has_openapi(model: &Model, ctx: &Context) -> bool {
    ctx.messages.iter().any(|m| model.message(*m).is_http())
}

/// Whether a context has an AsyncAPI document: it publishes or subscribes
/// to events, owns queue commands or `sends` them.
pub fn has_asyncapi(model: &Model, ctx: &Context) -> bool {
    ctx.messages.iter().any(|m| {
        let m = model.message(*m);
        m.is_published_event() || m.is_queue()
    }) || !ctx.subscriptions.is_empty()
        || !ctx.sends.is_empty()
}

/// The envelope's `source` of a context's events: `<system>.<Context>`.
pub fn event_source(model: &Model, ctx: &Context) -> String {
    super::names::event_source(&model.system.name, &ctx.name)
}

/// A one-line summary: the docs' first sentence, else the name in words
/// (`PlaceOrder` → `Place order`).
pub(crate) fn summary(name: &str, docs: Option<&str>) -> String {
    if let Some(docs) = docs {
        let flat = docs.split_whitespace().collect::<Vec<_>>().join(" ");
        let end = flat
            .match_indices(". ")
            .map(|(i, _)| i + 1)
            .next()
            .unwrap_or(flat.len());
        let first = flat[..end].trim();
        if !first.is_empty() {
            return first.to_string();
        }
    }
    words(name)
}

/// `PlaceOrder` → `Place order`.
pub(crate) fn words(name: &str) -> String {
    let snake = super::names::snake(name).replace('_', " ");
    let mut chars = snake.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The team contact of a context as an info `contact` object's fields:
/// `(name, email)`; the e-mail only when the contact is one ([`email`]).
pub(crate) fn contact(model: &Model, ctx: &Context) -> Option<(String, Option<String>)> {
    let team = model.team(ctx.owner?);
    let email = team.contact.as_deref().and_then(email);
    Some((format!("Team {}", team.name), email))
}

/// A contact as an e-mail address every consumer of ddgen's output accepts
/// (JSON Schema's `format: email` in the AsyncAPI and OpenAPI validators,
/// EventCatalog's zod pattern, Backstage): `local@label.label`, ASCII,
/// labels of letters, digits and inner hyphens, a top-level label of two
/// or more letters. Anything else (`a@b`, `#ops (Slack)`) is no address.
pub fn email(contact: &str) -> Option<String> {
    let c = contact.trim();
    let (local, host) = c.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "_'+-.".contains(ch));
    let labels: Vec<&str> = host.split('.').collect();
    let host_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
        })
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|ch| ch.is_ascii_alphabetic()));
    (local_ok && host_ok).then(|| c.to_string())
}

/// A rendered template with exactly one final newline (askama drops the
/// template file's own).
pub(crate) fn with_newline(mut text: String) -> String {
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    text
}

/// Appends `_2`, `_3`... to keys already used (`names` keeps every key).
pub(crate) fn unique(names: &mut std::collections::BTreeSet<String>, base: String) -> String {
    let mut candidate = base.clone();
    let mut n = 2;
    while !names.insert(candidate.clone()) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        assert_eq!(summary("PlaceOrder", None), "Place order");
        assert_eq!(
            summary("X", Some("Checkout. Prices every line\nwith Catalog.")),
            "Checkout."
        );
        assert_eq!(summary("X", Some("Read one\norder")), "Read one order");
        assert_eq!(words("GetHTTPStatus"), "Get http status");
    }

    /// `a@b` once reached `info.contact.email`, which `@asyncapi/parser`
    /// rejects (`format: email`).
    #[test]
    fn only_real_addresses_are_emails() {
        for good in [
            "checkout@shop.example",
            " x.y+z@mail.example.org ",
            "o'neil@ex-ample.io",
        ] {
            assert_eq!(email(good).as_deref(), Some(good.trim()), "{good}");
        }
        for bad in [
            "a@b",
            "#ops (Slack)",
            "a..b@x.org",
            ".a@x.org",
            "a@-x.org",
            "a@x-.org",
            "a@x.o1",
            "a b@x.org",
            "a@x..org",
            "@x.org",
        ] {
            assert_eq!(email(bad), None, "{bad}");
        }
    }
}
