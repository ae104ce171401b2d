//! `ddgen export backstage`: the model as Backstage catalog entities, in one
//! `catalog-info.yaml` (a YAML stream), with each context's AsyncAPI and
//! OpenAPI documents beside it under `apis/<context>/` for the `API`
//! entities' `definition: {$text: ...}`.
//!
//! - `Group` per team, and one for the stewards (`super::Stewards`), which
//!   own what no team owns — so every `owner` names a group that exists;
//! - `Domain` per domain, and per subdomain with `subdomainOf` its domain;
//! - `System` per context (in the `Domain` of the subdomain it implements
//!   first), holding a `Component` of type `service`, its `API`s and the
//!   `Resource`s it owns (its table, its topic, its command queues; the
//!   EventBridge bus belongs to no context);
//! - the component's `providesApis` are its own documents, `consumesApis`
//!   the documents of what it calls (OpenAPI), sends to or subscribes to
//!   (AsyncAPI), and `dependsOn` the components it calls, sends to or
//!   subscribes to, and the resources it reads or writes.
//!
//! Entity names (`names.rs`) are kebab case, unique per kind, at most 63
//! characters.

mod names;

use super::{contract_documents, file, Contract};
use crate::generate::contracts::yaml::{block, Y};
use crate::generate::OutFile;
use crate::model::{ContextId, Model};
use names::{publishes, Names};

pub const CATALOG: &str = "catalog-info.yaml";
const API_VERSION: &str = "backstage.io/v1alpha1";
const LIFECYCLE: &str = "production";

/// `catalog-info.yaml` and the API definitions it points at.
pub fn files(model: &Model) -> Vec<OutFile> {
    let names = Names::new(model);
    let documents = contract_documents(model);
    let mut entities = Vec::new();
    let mut out = Vec::new();
    entities.extend(groups(model, &names));
    entities.extend(domains(model, &names));
    for ctx in &model.contexts {
        let apis: Vec<Contract> = documents
            .iter()
            .filter(|(i, _, _)| *i == ctx.id.index())
            .map(|(_, k, _)| *k)
            .collect();
        entities.push(system(model, &names, ctx.id));
        entities.push(component(model, &names, ctx.id, &documents));
        for kind in &apis {
            entities.push(api(model, &names, ctx.id, *kind));
        }
        entities.extend(resources(model, &names, ctx.id));
    }
    if let Some(bus) = &names.bus {
        entities.push(entity(
            "Resource",
            bus,
            &format!("{} event bus", model.system.name),
            Some("The EventBridge bus every context publishes its events on."),
            Y::map()
                .with("type", "event-bus")
                .with("owner", names.stewards_ref()),
        ));
    }
    for (i, kind, text) in documents {
        let ctx = &model.contexts[i];
        out.push(file(api_path(&names, ctx.id, kind), text, Some(ctx)));
    }
    let text: Vec<String> = entities
        .iter()
        .map(|e| format!("---\n{}\n", block(e, 0)))
        .collect();
    out.push(file(CATALOG.into(), text.concat(), None));
    out
}

fn entity(kind: &str, name: &str, title: &str, docs: Option<&str>, spec: Y) -> Y {
    let mut metadata = Y::map().with("name", name).with("title", title);
    if let Some(d) = docs.filter(|d| !d.trim().is_empty()) {
        metadata.set("description", Y::str(d.trim()));
    }
    Y::map()
        .with("apiVersion", API_VERSION)
        .with("kind", kind)
        .with("metadata", metadata)
        .with("spec", spec)
}

fn groups(model: &Model, names: &Names) -> Vec<Y> {
    let mut out: Vec<Y> = model
        .teams
        .iter()
        .map(|t| {
            let mut profile = Y::map().with("displayName", t.name.as_str());
            if let Some(e) = t.contact.as_deref().and_then(super::email) {
                profile.set("email", Y::str(e));
            }
            entity(
                "Group",
                &names.groups[t.id.index()],
                &t.name,
                t.docs.as_deref(),
                Y::map()
                    .with("type", "team")
                    .with("profile", profile)
                    .with("children", Y::Seq(Vec::new())),
            )
        })
        .collect();
    out.push(entity(
        "Group",
        &names.stewards,
        &format!("{} architecture", model.system.name),
        Some(&format!(
            "Owns what no team of {} owns: its domains, subdomains and the contexts without an owner.",
            model.system.name
        )),
        Y::map()
            .with("type", "team")
            .with("children", Y::Seq(Vec::new())),
    ));
    out
}

fn domains(model: &Model, names: &Names) -> Vec<Y> {
    let mut out = Vec::new();
    for d in &model.domains {
        out.push(entity(
            "Domain",
            &names.domains[d.id.index()],
            &d.name,
            d.docs.as_deref(),
            Y::map()
                .with("owner", names.stewards_ref())
                .with("type", "domain"),
        ));
        for s in &d.subdomains {
            let sub = model.subdomain(*s);
            let mut e = entity(
                "Domain",
                &names.subdomains[s.index()],
                &sub.name,
                sub.docs.as_deref(),
                Y::map()
                    .with("owner", names.stewards_ref())
                    .with(
                        "subdomainOf",
                        format!("domain:{}", names.domains[d.id.index()]),
                    )
                    .with("type", format!("{}-subdomain", sub.class.as_str())),
            );
            if let Y::Map(entries) = &mut e {
                if let Some((_, meta)) = entries.iter_mut().find(|(k, _)| k == "metadata") {
                    meta.set("tags", Y::Seq(vec![Y::str(sub.class.as_str())]));
                }
            }
            out.push(e);
        }
    }
    out
}

fn system(model: &Model, names: &Names, c: ContextId) -> Y {
    let ctx = model.context(c);
    let mut spec = Y::map().with("owner", names.owner(ctx.owner));
    if let Some(s) = ctx.implements.first() {
        spec.set(
            "domain",
            Y::str(format!("domain:{}", names.subdomains[s.index()])),
        );
    }
    entity(
        "System",
        &names.contexts[c.index()],
        &ctx.name,
        ctx.docs.as_deref(),
        spec,
    )
}

fn component(
    model: &Model,
    names: &Names,
    c: ContextId,
    documents: &[(usize, Contract, String)],
) -> Y {
    let ctx = model.context(c);
    let has = |ctx: ContextId, kind: Contract| {
        documents
            .iter()
            .any(|(i, k, _)| *i == ctx.index() && *k == kind)
    };
    let api_ref = |ctx: ContextId, kind: Contract| format!("api:{}", names.api(ctx, kind));
    let mut provides = Vec::new();
    for kind in [Contract::OpenApi, Contract::AsyncApi] {
        if has(c, kind) {
            provides.push(api_ref(c, kind));
        }
    }
    let mut consumes = Vec::new();
    let mut depends = Vec::new();
    let add = |list: &mut Vec<String>, r: String| {
        if !list.contains(&r) {
            list.push(r);
        }
    };
    for u in &ctx.calls {
        let target = model.message(model.use_(*u).target).context;
        if target != c && has(target, Contract::OpenApi) {
            add(&mut consumes, api_ref(target, Contract::OpenApi));
        }
    }
    for u in &ctx.sends {
        let target = model.message(model.use_(*u).target).context;
        if target != c && has(target, Contract::AsyncApi) {
            add(&mut consumes, api_ref(target, Contract::AsyncApi));
        }
    }
    for s in &ctx.subscriptions {
        let publisher = model.message(model.subscription(*s).event).context;
        if publisher != c && has(publisher, Contract::AsyncApi) {
            add(&mut consumes, api_ref(publisher, Contract::AsyncApi));
        }
    }
    // Components it needs, then the resources it reads or writes.
    for u in ctx.calls.iter().chain(&ctx.sends) {
        let target = model.message(model.use_(*u).target).context;
        if target != c {
            add(
                &mut depends,
                format!("component:{}", names.contexts[target.index()]),
            );
        }
    }
    for s in &ctx.subscriptions {
        let publisher = model.message(model.subscription(*s).event).context;
        if publisher != c {
            add(
                &mut depends,
                format!("component:{}", names.contexts[publisher.index()]),
            );
        }
    }
    if let Some(t) = names.tables.get(&c) {
        add(&mut depends, format!("resource:{t}"));
    }
    if publishes(model, c) {
        if let Some(r) = names.events_resource(c) {
            add(&mut depends, r);
        }
    }
    for m in &ctx.messages {
        if let Some(q) = names.queues.get(m) {
            add(&mut depends, format!("resource:{q}"));
        }
    }
    for u in &ctx.sends {
        if let Some(q) = names.queues.get(&model.use_(*u).target) {
            add(&mut depends, format!("resource:{q}"));
        }
    }
    for s in &ctx.subscriptions {
        let publisher = model.message(model.subscription(*s).event).context;
        if let Some(r) = names.events_resource(publisher) {
            add(&mut depends, r);
        }
    }
    let seq = |v: Vec<String>| Y::Seq(v.into_iter().map(Y::Str).collect());
    let mut spec = Y::map()
        .with("type", "service")
        .with("lifecycle", LIFECYCLE)
        .with("owner", names.owner(ctx.owner))
        .with("system", format!("system:{}", names.contexts[c.index()]));
    for (key, list) in [
        ("providesApis", provides),
        ("consumesApis", consumes),
        ("dependsOn", depends),
    ] {
        if !list.is_empty() {
            spec.set(key, seq(list));
        }
    }
    entity(
        "Component",
        &names.contexts[c.index()],
        &ctx.name,
        ctx.docs.as_deref(),
        spec,
    )
}

/// `apis/<context>/<asyncapi|openapi>.yaml`.
fn api_path(names: &Names, c: ContextId, kind: Contract) -> String {
    format!("apis/{}/{}", names.contexts[c.index()], kind.file_name())
}

fn api(model: &Model, names: &Names, c: ContextId, kind: Contract) -> Y {
    let ctx = model.context(c);
    let (ty, word) = match kind {
        Contract::AsyncApi => ("asyncapi", "messages (AsyncAPI)"),
        Contract::OpenApi => ("openapi", "HTTP API (OpenAPI)"),
    };
    entity(
        "API",
        names.api(c, kind),
        &format!("{} {word}", ctx.name),
        None,
        Y::map()
            .with("type", ty)
            .with("lifecycle", LIFECYCLE)
            .with("owner", names.owner(ctx.owner))
            .with("system", format!("system:{}", names.contexts[c.index()]))
            .with(
                "definition",
                Y::map().with("$text", format!("./{}", api_path(names, c, kind))),
            ),
    )
}

fn resources(model: &Model, names: &Names, c: ContextId) -> Vec<Y> {
    let ctx = model.context(c);
    let system = format!("system:{}", names.contexts[c.index()]);
    let resource = |name: &str, title: String, docs: String, ty: &str| {
        entity(
            "Resource",
            name,
            &title,
            Some(&docs),
            Y::map()
                .with("type", ty)
                .with("owner", names.owner(ctx.owner))
                .with("system", system.as_str()),
        )
    };
    let mut out = Vec::new();
    if let Some(t) = names.tables.get(&c) {
        out.push(resource(
            t,
            format!("{} table", ctx.name),
            format!("The DynamoDB table of {}.", ctx.name),
            "database",
        ));
    }
    if let Some(t) = names.topics.get(&c) {
        out.push(resource(
            t,
            format!("{} events topic", ctx.name),
            format!("The SNS topic {} publishes its events on.", ctx.name),
            "topic",
        ));
    }
    for m in &ctx.messages {
        if let Some(q) = names.queues.get(m) {
            let msg = model.message(*m);
            out.push(resource(
                q,
                format!("{} {} queue", ctx.name, msg.name),
                format!("The SQS queue {} takes {} from.", ctx.name, msg.name),
                "queue",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_without_teams_is_owned_by_its_stewards() {
        let model = crate::export::test_model(
            "system Shop {}\ndomain D { subdomain S }\ncontext A { implements S\n event Done { x: int } }\ncontext B { subscribe A.Done }\n",
        );
        let files = files(&model);
        let catalog = &files.iter().find(|f| f.path == CATALOG).unwrap().content;
        assert!(
            catalog.contains("kind: \"Group\"\nmetadata:\n  name: \"shop\""),
            "{catalog}"
        );
        assert!(
            !catalog.contains("owner: \"group:")
                || catalog.matches("owner: \"group:shop\"").count()
                    == catalog.matches("owner:").count()
        );
        assert!(catalog.contains("subdomainOf: \"domain:d\""));
        assert!(
            catalog.contains("consumesApis: [\"api:a-asyncapi\"]"),
            "{catalog}"
        );
        assert!(files.iter().any(|f| f.path == "apis/a/asyncapi.yaml"));
    }
}
