//! `textDocument/hover`: on a name, the declaration's kind, path, docs and
//! relations (owner, implementing contexts, and for a message who
//! publishes, consumes, calls or sends it); on the code of an `allow`, the
//! code's explanation (`ddgen explain`).

use super::{locate, Outcome};
use crate::diagnostic::Code;
use crate::lsp::session::Session;
use crate::model::{ContextId, MessageKind, Model, Symbol, UseKind, Via};
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub fn handle(session: &mut Session, params: HoverParams) -> Outcome<Option<Hover>> {
    let (analysis, file, offset) = locate(session, &params.text_document_position_params)?;
    let model = &analysis.checked.model;
    let inside = |s: crate::source::Span| {
        s.file == file && s.start as usize <= offset && offset <= s.end as usize
    };
    let (text, span) = if let Some(allow) = model.allows.iter().find(|a| inside(a.code_span)) {
        match Code::parse(&allow.code) {
            Some(code) => (crate::explain::text(code).to_string(), allow.code_span),
            None => return Ok(None),
        }
    } else if let Some((symbol, span)) = model.symbol_at(file, offset) {
        (describe(model, symbol), span)
    } else {
        return Ok(None);
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(analysis.range(span, session.encoding)),
    }))
}

/// The hover text of a declaration, as Markdown.
pub fn describe(model: &Model, symbol: Symbol) -> String {
    let mut out = format!(
        "```ddd\n{} {}\n```\n",
        model.symbol_kind(symbol),
        model.symbol_path(symbol)
    );
    if let Some(docs) = model.symbol_docs(symbol) {
        out.push('\n');
        out.push_str(docs.trim());
        out.push('\n');
    }
    let mut facts: Vec<String> = Vec::new();
    let names = |ids: &mut dyn Iterator<Item = ContextId>| {
        let mut v: Vec<String> = ids
            .map(|c| format!("`{}`", model.context(c).name))
            .collect();
        v.sort();
        v.dedup();
        v.join(", ")
    };
    match symbol {
        Symbol::Domain(id) => {
            let subs: Vec<String> = model
                .domain(id)
                .subdomains
                .iter()
                .map(|s| format!("`{}`", model.subdomain(*s).name))
                .collect();
            if !subs.is_empty() {
                facts.push(format!("subdomains: {}", subs.join(", ")));
            }
        }
        Symbol::Subdomain(id) => {
            let s = model.subdomain(id);
            facts.push(format!("classification: {}", s.class.as_str()));
            facts.push(format!("domain: `{}`", model.domain(s.domain).name));
            if !s.implemented_by.is_empty() {
                let list = names(&mut s.implemented_by.iter().copied());
                facts.push(format!("implemented by: {list}"));
            }
        }
        Symbol::Team(id) => {
            let t = model.team(id);
            if let Some(c) = &t.contact {
                facts.push(format!("contact: {c}"));
            }
            if !t.contexts.is_empty() {
                facts.push(format!("owns: {}", names(&mut t.contexts.iter().copied())));
            }
        }
        Symbol::Context(id) => {
            let c = model.context(id);
            match c.owner {
                Some(t) => facts.push(format!("owner: `{}`", model.team(t).name)),
                None => facts.push("owner: none".into()),
            }
            let implements: Vec<String> = c
                .implements
                .iter()
                .map(|s| format!("`{}`", model.symbol_path(Symbol::Subdomain(*s))))
                .collect();
            if !implements.is_empty() {
                facts.push(format!("implements: {}", implements.join(", ")));
            }
            facts.push(format!(
                "{} types, {} messages",
                c.types.len(),
                c.messages.len()
            ));
        }
        Symbol::Type(id) => {
            let t = model.type_def(id);
            owner_of(model, t.context, &mut facts);
            for f in &t.fields {
                facts.push(format!(
                    "`{}: {}`",
                    f.name,
                    model.type_ref_text(&f.ty, t.context)
                ));
            }
        }
        Symbol::Message(id) => {
            let m = model.message(id);
            owner_of(model, m.context, &mut facts);
            match &m.via {
                Some(Via::Http { method, path, .. }) => {
                    facts.push(format!("via http {} \"{path}\"", method.as_str()))
                }
                Some(Via::Queue) => facts.push("via queue".into()),
                None => {}
            }
            if m.kind == MessageKind::Event {
                facts.push(format!("published by: `{}`", model.context(m.context).name));
                let consumers = names(&mut model.subscribers(id).map(|s| s.context));
                facts.push(if consumers.is_empty() {
                    "consumed by: nobody".into()
                } else {
                    format!("consumed by: {consumers}")
                });
            } else {
                facts.push(format!("handled by: `{}`", model.context(m.context).name));
            }
            for kind in [UseKind::Calls, UseKind::Sends] {
                let users = names(
                    &mut model
                        .uses
                        .iter()
                        .filter(|u| u.target == id && u.kind == kind)
                        .map(|u| u.context),
                );
                if !users.is_empty() {
                    let verb = match kind {
                        UseKind::Calls => "called by",
                        UseKind::Sends => "sent by",
                    };
                    facts.push(format!("{verb}: {users}"));
                }
            }
            let emitters: Vec<String> = model
                .messages
                .iter()
                .filter(|other| other.emits.iter().any(|(e, _)| *e == id))
                .map(|other| format!("`{}`", other.name))
                .collect();
            if !emitters.is_empty() {
                facts.push(format!("emitted by: {}", emitters.join(", ")));
            }
        }
    }
    if !facts.is_empty() {
        out.push('\n');
        for f in facts {
            out.push_str("- ");
            out.push_str(&f);
            out.push('\n');
        }
    }
    out
}

fn owner_of(model: &Model, context: ContextId, facts: &mut Vec<String>) {
    let c = model.context(context);
    let team = c
        .owner
        .map(|t| format!(", owned by `{}`", model.team(t).name))
        .unwrap_or_default();
    facts.push(format!("in context `{}`{team}", c.name));
}
