//! `textDocument/completion`: what may be written at the cursor — the
//! keywords of the block it is in, settings in `system`, `team`,
//! `subscribe` and `deploy` blocks, names in scope after `implements`,
//! `owner`, `emits` and in the map, types in type positions, and after
//! `subscribe`/`calls`/`sends Context.` that context's messages usable
//! that way (published events, messages via http, messages via queue).

use super::Outcome;
use crate::diagnostic::Code;
use crate::lsp::cursor::{self, Cursor};
use crate::lsp::session::Session;
use crate::model::{Context, MessageKind, Model, Primitive, Symbol, TypeDefKind};
use lsp_types::{CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse};

pub fn handle(
    session: &mut Session,
    params: CompletionParams,
) -> Outcome<Option<CompletionResponse>> {
    let at = &params.text_document_position;
    let (analysis, file) = session.analysis_of(&at.text_document.uri)?;
    let source = analysis.file(file);
    let offset = crate::lsp::convert::offset(source, at.position, session.encoding);
    let cursor = cursor::at(&source.text, offset);
    let items = complete(&analysis.checked.model, &cursor);
    Ok(Some(CompletionResponse::Array(items)))
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: (!detail.is_empty()).then(|| detail.to_string()),
        ..Default::default()
    }
}

fn words(list: &[&str], kind: CompletionItemKind, detail: &str) -> Vec<CompletionItem> {
    list.iter().map(|w| item(w, kind, detail)).collect()
}

const KEYWORD: CompletionItemKind = CompletionItemKind::KEYWORD;
const SETTING: CompletionItemKind = CompletionItemKind::PROPERTY;

/// The completions for `cursor` in `model`.
pub fn complete(model: &Model, cursor: &Cursor) -> Vec<CompletionItem> {
    if cursor.quiet {
        return Vec::new();
    }
    let before = cursor.words_before();
    let here = cursor
        .context()
        .and_then(|name| model.contexts.iter().find(|c| c.name == name));
    let (qualifier, _) = cursor.word.rsplit_once('.').unwrap_or(("", ""));
    let block = cursor.block();
    let Some(first) = before.first().copied() else {
        return statement_start(model, block);
    };
    let last = before.last().copied().unwrap_or("");
    match first {
        "implements" => return implements(model, qualifier),
        "owner" => return symbols(model, model.teams.iter().map(|t| Symbol::Team(t.id))),
        "store" => return words(&["dynamodb", "none"], KEYWORD, "store"),
        "broker" if block == "system" => return words(&["sns", "eventbridge"], KEYWORD, "broker"),
        "allow" => {
            return Code::ALL
                .iter()
                .map(|c| item(c.as_str(), CompletionItemKind::CONSTANT, c.title()))
                .collect()
        }
        "subscribe" | "calls" | "sends" => return uses(model, here, first, qualifier),
        "subdomain" | "capability" if cursor.statement.contains(':') => {
            return words(
                &["core", "supporting", "generic"],
                KEYWORD,
                "classification",
            )
        }
        _ => {}
    }
    match last {
        "emits" => here
            .map(|c| {
                let events = c
                    .messages
                    .iter()
                    .filter(|m| model.message(**m).kind == MessageKind::Event);
                symbols(model, events.map(|m| Symbol::Message(*m)))
            })
            .unwrap_or_default(),
        "via" => words(&["http", "queue"], KEYWORD, "transport"),
        "http" => {
            let methods: Vec<&str> = crate::model::HttpMethod::ALL
                .iter()
                .map(|(m, _)| *m)
                .collect();
            words(&methods, KEYWORD, "HTTP method")
        }
        _ if block == "map" => map_entry(model, cursor),
        _ if type_position(cursor, &before) => types(model, here, qualifier),
        _ => Vec::new(),
    }
}

/// Keywords (and settings) that may begin a statement in `block`.
fn statement_start(model: &Model, block: &str) -> Vec<CompletionItem> {
    use crate::syntax as s;
    let settings = |list: &[&str], detail| {
        let mut out = words(list, SETTING, detail);
        out.push(item("allow", KEYWORD, ""));
        out
    };
    match block {
        "" => words(s::TOP_KEYWORDS, KEYWORD, "declaration"),
        "context" => {
            let mut out = words(s::CONTEXT_KEYWORDS, KEYWORD, "in a context");
            // The clauses that may follow a command's or query's fields.
            out.extend(words(
                &["returns", "via", "emits", "public"],
                KEYWORD,
                "message clause",
            ));
            out
        }
        "domain" => words(s::DOMAIN_KEYWORDS, KEYWORD, "in a domain"),
        "subdomain" | "capability" => words(s::SUBDOMAIN_KEYWORDS, KEYWORD, ""),
        "deploy" => settings(s::DEPLOY_SETTINGS, "deploy setting"),
        "subscribe" => settings(s::SUBSCRIBE_SETTINGS, "subscription setting"),
        "system" => settings(s::SYSTEM_SETTINGS, "system setting"),
        "team" => settings(s::TEAM_SETTINGS, "team setting"),
        "map" => symbols(model, model.contexts.iter().map(|c| Symbol::Context(c.id))),
        "language" => Vec::new(),
        _ => words(&["allow"], KEYWORD, ""),
    }
}

fn symbols(model: &Model, list: impl Iterator<Item = Symbol>) -> Vec<CompletionItem> {
    list.map(|s| {
        let kind = match s {
            Symbol::Domain(_) | Symbol::Context(_) => CompletionItemKind::MODULE,
            Symbol::Subdomain(_) => CompletionItemKind::FOLDER,
            Symbol::Team(_) => CompletionItemKind::VALUE,
            Symbol::Type(id) => match model.type_def(id).kind {
                TypeDefKind::Enum(_) => CompletionItemKind::ENUM,
                _ => CompletionItemKind::STRUCT,
            },
            Symbol::Message(id) => match model.message(id).kind {
                MessageKind::Event => CompletionItemKind::EVENT,
                _ => CompletionItemKind::METHOD,
            },
        };
        let mut it = item(model.symbol_name(s), kind, model.symbol_kind(s));
        it.documentation = model
            .symbol_docs(s)
            .map(|d| lsp_types::Documentation::String(d.to_string()));
        it
    })
    .collect()
}

/// After `implements`: `Domain.Subdomain` paths, or after `Domain.` that
/// domain's subdomains.
fn implements(model: &Model, qualifier: &str) -> Vec<CompletionItem> {
    if let Some(d) = model.domains.iter().find(|d| d.name == qualifier) {
        return symbols(model, d.subdomains.iter().map(|s| Symbol::Subdomain(*s)));
    }
    model
        .subdomains
        .iter()
        .map(|s| {
            let path = model.symbol_path(Symbol::Subdomain(s.id));
            item(&path, CompletionItemKind::FOLDER, s.class.as_str())
        })
        .collect()
}

/// After `subscribe`, `calls` or `sends`: other contexts, or after
/// `Context.` its messages that the keyword may use.
fn uses(
    model: &Model,
    here: Option<&Context>,
    keyword: &str,
    qualifier: &str,
) -> Vec<CompletionItem> {
    let Some(target) = model.contexts.iter().find(|c| c.name == qualifier) else {
        let others = model
            .contexts
            .iter()
            .filter(|c| here.is_none_or(|h| h.id != c.id));
        return symbols(model, others.map(|c| Symbol::Context(c.id)));
    };
    let usable = target.messages.iter().copied().filter(|m| {
        let m = model.message(*m);
        match keyword {
            "subscribe" => m.is_published_event(),
            "calls" => m.is_http(),
            _ => m.is_queue(),
        }
    });
    symbols(model, usable.map(Symbol::Message))
}

/// Whether the word being typed is a type: after `returns`, after a
/// field's `:`, or inside `list<` / `map<`.
fn type_position(cursor: &Cursor, before: &[&str]) -> bool {
    let head = cursor.statement[..cursor.statement.len() - cursor.word.len()].trim_end();
    before.last() == Some(&"returns")
        || head.ends_with(':')
        || head.ends_with('<')
        || (matches!(
            cursor.block(),
            "value" | "entity" | "aggregate" | "command" | "query" | "event"
        ) && head.contains(':'))
}

/// Types: primitives, `list`/`map`, the context's own types and other
/// contexts (for `Context.Type`); after `Context.`, that context's types.
fn types(model: &Model, here: Option<&Context>, qualifier: &str) -> Vec<CompletionItem> {
    if let Some(c) = model.contexts.iter().find(|c| c.name == qualifier) {
        return symbols(model, c.types.iter().map(|t| Symbol::Type(*t)));
    }
    let mut out: Vec<CompletionItem> = Primitive::ALL
        .iter()
        .map(|(name, _)| item(name, CompletionItemKind::KEYWORD, "primitive type"))
        .collect();
    out.extend(words(&["list", "map"], KEYWORD, "collection type"));
    if let Some(c) = here {
        out.extend(symbols(model, c.types.iter().map(|t| Symbol::Type(*t))));
    }
    let others = model
        .contexts
        .iter()
        .filter(|c| here.is_none_or(|h| h.id != c.id));
    out.extend(symbols(model, others.map(|c| Symbol::Context(c.id))));
    out
}

/// In the map: roles inside `[`, patterns after `:`, else contexts.
fn map_entry(model: &Model, cursor: &Cursor) -> Vec<CompletionItem> {
    let s = &cursor.statement;
    if s.rfind('[') > s.rfind(']') {
        let roles: Vec<&str> = crate::model::Role::ALL.iter().map(|(r, _)| *r).collect();
        return words(&roles, KEYWORD, "role");
    }
    if s.contains(':') {
        let patterns: Vec<&str> = crate::model::Pattern::ALL.iter().map(|(p, _)| *p).collect();
        return words(&patterns, KEYWORD, "pattern");
    }
    symbols(model, model.contexts.iter().map(|c| Symbol::Context(c.id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_sources, Options};
    use crate::source::SourceMap;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        let mut sources = SourceMap::default();
        sources.add("t.ddd".into(), text.clone());
        let checked = check_sources(sources, Vec::new(), &Options::default());
        complete(&checked.model, &cursor::at(&text, offset))
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn messages_of_the_right_kind_after_context_dot() {
        let model = "context P {\n  event Paid {}\n  command Pay {} via http POST \"/p\"\n  command Ship {} via queue\n}\ncontext O {\n";
        assert_eq!(labels(&format!("{model}  subscribe P.|\n}}")), ["Paid"]);
        assert_eq!(labels(&format!("{model}  calls P.|\n}}")), ["Pay"]);
        assert_eq!(labels(&format!("{model}  sends P.|\n}}")), ["Ship"]);
        assert_eq!(labels(&format!("{model}  sends |\n}}")), ["P"]);
    }
}
