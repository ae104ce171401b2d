//! The catalog's files: one function per resource kind, each building the
//! front matter (a [`Y`] map, keys in EventCatalog's usual order) and a
//! Markdown body from the model.

use super::layout::{Channel, Layout};
use super::markdown::{cell, escape, Body};
use super::relations::{flows, patterns};
use super::VERSION;
use crate::export::frontmatter::document;
use crate::export::{contract_documents, file, summary, Contract};
use crate::generate::contracts::yaml::Y;
use crate::generate::OutFile;
use crate::model::{Classification, ContextId, MessageId, Model, Term, Via};

/// Every file of the catalog.
pub fn all(model: &Model, layout: &Layout) -> Vec<OutFile> {
    let mut out = Vec::new();
    for d in &model.domains {
        out.push(domain(model, layout, d.id));
        out.extend(language(
            model,
            &layout.domain_dir(d.id),
            &d.subdomains
                .iter()
                .flat_map(|s| model.subdomain(*s).implemented_by.iter().copied())
                .collect::<Vec<_>>(),
        ));
        for s in &d.subdomains {
            out.push(subdomain(model, layout, *s));
            out.extend(language(
                model,
                &layout.subdomain_dir(model, *s),
                &model.subdomain(*s).implemented_by,
            ));
        }
    }
    let documents = contract_documents(model);
    for ctx in &model.contexts {
        let dir = layout.service_dir(ctx.id).to_string();
        let specs: Vec<(Contract, String)> = documents
            .iter()
            .filter(|(i, _, _)| *i == ctx.id.index())
            .map(|(_, kind, text)| (*kind, text.clone()))
            .collect();
        out.push(service(model, layout, ctx.id, &specs));
        for (kind, text) in specs {
            out.push(file(format!("{dir}/{}", kind.file_name()), text, Some(ctx)));
        }
        for m in &ctx.messages {
            out.extend(message(model, layout, *m));
        }
    }
    for c in &layout.channels {
        out.push(channel(model, layout, c));
    }
    for t in &model.teams {
        out.push(team(
            &t.name,
            &t.name,
            &summary_or(t.docs.as_deref(), &format!("Team {}.", t.name)),
            t.docs.as_deref(),
            t.contact.as_deref(),
            &t.contexts,
            model,
        ));
    }
    let stewards = &layout.stewards.name;
    let unowned: Vec<ContextId> = model
        .contexts
        .iter()
        .filter(|c| c.owner.is_none())
        .map(|c| c.id)
        .collect();
    out.push(team(
        stewards,
        &format!("{} architecture", model.system.name),
        &format!(
            "Owns what no team of {} owns: its domains, subdomains and the contexts without an owner.",
            model.system.name
        ),
        model.system.docs.as_deref(),
        None,
        &unowned,
        model,
    ));
    out
}

/// The docs' first sentence, else `fallback` (a sentence naming the thing).
fn summary_or(docs: Option<&str>, fallback: &str) -> String {
    match docs {
        Some(d) if !d.trim().is_empty() => summary("", Some(d)),
        _ => fallback.to_string(),
    }
}

fn subdomain_fallback(model: &Model, id: crate::model::SubdomainId) -> String {
    let s = model.subdomain(id);
    format!(
        "A {} subdomain of {}.",
        s.class.as_str(),
        model.domain(s.domain).name
    )
}

fn message_fallback(model: &Model, m: MessageId) -> String {
    let msg = model.message(m);
    let ctx = &model.context(msg.context).name;
    format!("The {} {} of {ctx}.", msg.kind.as_str(), msg.name)
}

/// The first keys of every resource.
fn head(id: &str, name: &str, summary: &str, owners: &[&str]) -> Y {
    let mut owned: Vec<Y> = Vec::new();
    for o in owners {
        if !owned.iter().any(|y| y == &Y::str(*o)) {
            owned.push(Y::str(*o));
        }
    }
    Y::map()
        .with("id", id)
        .with("name", name)
        .with("version", VERSION)
        .with("summary", summary)
        .with("owners", Y::Seq(owned))
}

pub(super) fn pointer(id: &str) -> Y {
    Y::map().with("id", id)
}

fn badge(content: &str, color: &str) -> Y {
    Y::map()
        .with("content", content)
        .with("backgroundColor", color)
        .with("textColor", color)
}

fn domain(model: &Model, layout: &Layout, id: crate::model::DomainId) -> OutFile {
    let d = model.domain(id);
    let mut front = head(
        layout.domain_id(id),
        &d.name,
        &summary_or(d.docs.as_deref(), &format!("The {} domain.", d.name)),
        &[&layout.stewards.name],
    );
    if !d.subdomains.is_empty() {
        let subs = d
            .subdomains
            .iter()
            .map(|s| pointer(layout.subdomain_id(*s)))
            .collect();
        front.set("domains", Y::Seq(subs));
    }
    let mut body = Body::default();
    body.docs(d.docs.as_deref(), &format!("The {} domain.", d.name));
    body.vision(d.vision.as_deref());
    body.list(
        "Subdomains",
        d.subdomains.iter().map(|s| {
            let sub = model.subdomain(*s);
            format!("{} ({})", sub.name, sub.class.as_str())
        }),
    );
    body.raw("<NodeGraph />");
    file(
        format!("{}/index.mdx", layout.domain_dir(id)),
        document(&front, &body.text),
        None,
    )
}

fn subdomain(model: &Model, layout: &Layout, id: crate::model::SubdomainId) -> OutFile {
    let s = model.subdomain(id);
    let mut front = head(
        layout.subdomain_id(id),
        &s.name,
        &summary_or(s.docs.as_deref(), &subdomain_fallback(model, id)),
        &[&layout.stewards.name],
    );
    let (word, color) = match s.class {
        Classification::Core => ("Core subdomain", "red"),
        Classification::Supporting => ("Supporting subdomain", "blue"),
        Classification::Generic => ("Generic subdomain", "gray"),
    };
    front.set("badges", Y::Seq(vec![badge(word, color)]));
    if !s.implemented_by.is_empty() {
        let services = s
            .implemented_by
            .iter()
            .map(|c| pointer(Layout::service_id(model, *c)))
            .collect();
        front.set("services", Y::Seq(services));
    }
    let mut body = Body::default();
    body.docs(s.docs.as_deref(), &subdomain_fallback(model, id));
    body.vision(s.vision.as_deref());
    body.list(
        "Implemented by",
        s.implemented_by
            .iter()
            .map(|c| model.context(*c).name.clone()),
    );
    body.raw("<NodeGraph />");
    file(
        format!("{}/index.mdx", layout.subdomain_dir(model, id)),
        document(&front, &body.text),
        None,
    )
}

/// `ubiquitous-language.mdx` of a domain or subdomain: the `language`
/// terms of `contexts` (each once), none when they have no terms.
fn language(model: &Model, dir: &str, contexts: &[ContextId]) -> Option<OutFile> {
    let mut seen = Vec::new();
    let mut terms: Vec<(&Term, &str)> = Vec::new();
    for c in contexts {
        if seen.contains(c) {
            continue;
        }
        seen.push(*c);
        let ctx = model.context(*c);
        terms.extend(ctx.language.iter().map(|t| (t, ctx.name.as_str())));
    }
    if terms.is_empty() {
        return None;
    }
    let several = seen.len() > 1;
    let mut ids = std::collections::BTreeSet::new();
    let dictionary = terms
        .iter()
        .map(|(t, ctx)| {
            let base = crate::export::kebab(&t.term.replace(char::is_whitespace, "_"));
            let base = if base.is_empty() { "term".into() } else { base };
            let id = crate::generate::contracts::unique(&mut ids, base);
            let mut description = String::new();
            if let Some(d) = &t.docs {
                description.push_str(d);
                description.push_str("\n\n");
            }
            description.push_str(&format!("In the language of {ctx}."));
            let name = if several {
                format!("{} ({ctx})", t.term)
            } else {
                t.term.clone()
            };
            Y::map()
                .with("id", id)
                .with("name", name)
                .with("summary", t.definition.as_str())
                .with("description", description)
        })
        .collect();
    let front = Y::map().with("dictionary", Y::Seq(dictionary));
    Some(file(
        format!("{dir}/ubiquitous-language.mdx"),
        document(&front, ""),
        None,
    ))
}

fn service(model: &Model, layout: &Layout, c: ContextId, specs: &[(Contract, String)]) -> OutFile {
    let ctx = model.context(c);
    let mut front = head(
        &ctx.name,
        &ctx.name,
        &summary_or(
            ctx.docs.as_deref(),
            &format!("The {} bounded context.", ctx.name),
        ),
        &[layout.owner(model, ctx.owner)],
    );
    let badges = patterns(model, c);
    if !badges.is_empty() {
        front.set(
            "badges",
            Y::Seq(badges.iter().map(|b| badge(b, "purple")).collect()),
        );
    }
    let (sends, receives) = flows(model, layout, c);
    if !sends.is_empty() {
        front.set("sends", Y::Seq(sends));
    }
    if !receives.is_empty() {
        front.set("receives", Y::Seq(receives));
    }
    if !specs.is_empty() {
        let list = specs
            .iter()
            .map(|(kind, _)| {
                let (ty, name) = match kind {
                    Contract::AsyncApi => ("asyncapi", "AsyncAPI"),
                    Contract::OpenApi => ("openapi", "OpenAPI"),
                };
                Y::map()
                    .with("type", ty)
                    .with("path", kind.file_name())
                    .with("name", format!("{} {name}", ctx.name))
            })
            .collect();
        front.set("specifications", Y::Seq(list));
    }
    let mut body = Body::default();
    body.docs(
        ctx.docs.as_deref(),
        &format!("The {} bounded context.", ctx.name),
    );
    body.vision(ctx.vision.as_deref());
    body.list("Context map", badges.iter().cloned());
    if !ctx.language.is_empty() {
        body.raw("## Ubiquitous language");
        let mut table = vec![
            "| Term | Meaning |".to_string(),
            "| --- | --- |".to_string(),
        ];
        table.extend(
            ctx.language
                .iter()
                .map(|t| format!("| {} | {} |", cell(&t.term), cell(&t.definition))),
        );
        body.raw(&table.join("\n"));
    }
    body.raw("<NodeGraph />");
    file(
        format!("{}/index.mdx", layout.service_dir(c)),
        document(&front, &body.text),
        Some(ctx),
    )
}

fn message(model: &Model, layout: &Layout, m: MessageId) -> Vec<OutFile> {
    let msg = model.message(m);
    let ctx = model.context(msg.context);
    let id = layout.message_id(m);
    let mut front = head(
        id,
        &msg.name,
        &summary_or(msg.docs.as_deref(), &message_fallback(model, m)),
        &[layout.owner(model, ctx.owner)],
    );
    let mut badges = Vec::new();
    match &msg.via {
        Some(Via::Http { method, path, .. }) => {
            badges.push(badge(&format!("{} {path}", method.as_str()), "green"))
        }
        Some(Via::Queue) => badges.push(badge("SQS queue", "orange")),
        None if msg.internal => badges.push(badge(&format!("Internal to {}", ctx.name), "gray")),
        None => {}
    }
    if !badges.is_empty() {
        front.set("badges", Y::Seq(badges));
    }
    front.set("schemaPath", Y::str("schema.json"));
    let mut body = Body::default();
    body.docs(msg.docs.as_deref(), &message_fallback(model, m));
    if let Some(Via::Http { method, path, .. }) = &msg.via {
        body.raw(&format!(
            "Sent as `{} {path}` to {}.",
            method.as_str(),
            ctx.name
        ));
    }
    if !msg.emits.is_empty() {
        body.list(
            "Emits",
            msg.emits
                .iter()
                .map(|(e, _)| model.message(*e).name.clone()),
        );
    }
    body.raw("<NodeGraph />");
    body.raw("<SchemaViewer file=\"schema.json\" title=\"JSON Schema\" />");
    let dir = layout.message_dir(model, m);
    let schema = crate::export::jsonschema::bundled_message(model, &layout.naming, m);
    vec![
        file(
            format!("{dir}/index.mdx"),
            document(&front, &body.text),
            Some(ctx),
        ),
        file(
            format!("{dir}/schema.json"),
            crate::export::jsonschema::pretty(&schema),
            Some(ctx),
        ),
    ]
}

fn channel(model: &Model, layout: &Layout, c: &Channel) -> OutFile {
    let mut front = head(&c.id, &c.name, &c.summary, &[layout.owner(model, c.owner)]);
    front.set("address", Y::str(c.id.as_str()));
    front.set("protocols", Y::Seq(vec![Y::str(c.protocol)]));
    let mut body = Body::default();
    body.raw(&escape(&c.summary));
    body.raw(&format!(
        "Its CloudFormation resource is `{}` in the generated messaging stack.",
        c.id
    ));
    body.raw("<NodeGraph />");
    file(
        format!("channels/{}/index.mdx", c.id),
        document(&front, &body.text),
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn team(
    id: &str,
    name: &str,
    summary: &str,
    docs: Option<&str>,
    contact: Option<&str>,
    contexts: &[ContextId],
    model: &Model,
) -> OutFile {
    let mut front = Y::map()
        .with("id", id)
        .with("name", name)
        .with("summary", summary);
    if let Some(email) = contact.and_then(crate::export::email) {
        front.set("email", Y::str(email));
    }
    let mut body = Body::default();
    body.docs(docs, summary);
    if let Some(c) = contact {
        body.raw(&format!("Contact: {}", escape(c)));
    }
    body.list(
        "Owns",
        contexts.iter().map(|c| model.context(*c).name.clone()),
    );
    file(
        format!("teams/{id}.mdx"),
        document(&front, &body.text),
        None,
    )
}
