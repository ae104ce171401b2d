//! `textDocument/rename`: renames a domain, subdomain, team, context, type
//! or message at its declaration and at every reference, across files.
//! Refused (an error, no edit) when the new name is not an identifier, is a
//! keyword or primitive type, or would collide with a name in the same
//! scope (or, for a subdomain, make a bare `implements` ambiguous).

use super::{locate, Failure, Outcome};
use crate::lsp::cursor::{is_identifier, KEYWORDS};
use crate::lsp::session::Session;
use crate::model::{Model, Primitive, Symbol};
use lsp_types::{RenameParams, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

// `lsp_types::Uri` keeps parsed parts in cells; as a key it is never changed.
#[allow(clippy::mutable_key_type)]
pub fn handle(session: &mut Session, params: RenameParams) -> Outcome<Option<WorkspaceEdit>> {
    let (analysis, file, offset) = locate(session, &params.text_document_position)?;
    let model = &analysis.checked.model;
    let Some((symbol, _)) = model.symbol_at(file, offset) else {
        return Err(Failure::failed("there is no declared name here to rename"));
    };
    let new = params.new_name.trim();
    refuse(model, symbol, new).map_err(Failure::invalid)?;
    let mut changes: HashMap<lsp_types::Uri, Vec<TextEdit>> = HashMap::new();
    if new != model.symbol_name(symbol) {
        for span in model.occurrences(symbol, true) {
            changes
                .entry(analysis.uri(span.file))
                .or_default()
                .push(TextEdit::new(
                    analysis.range(span, session.encoding),
                    new.to_string(),
                ));
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

/// Why `symbol` may not be called `new`, if it may not.
pub fn refuse(model: &Model, symbol: Symbol, new: &str) -> Result<(), String> {
    if !is_identifier(new) {
        return Err(format!(
            "`{new}` is not a name: a letter or `_`, then letters, digits or `_`"
        ));
    }
    if KEYWORDS.contains(&new) {
        return Err(format!("`{new}` is a keyword"));
    }
    let current = model.symbol_name(symbol);
    if new == current {
        return Ok(());
    }
    let taken = |what: &str| -> Result<(), String> {
        Err(format!(
            "cannot rename `{current}` to `{new}`: {what} `{new}` already exists"
        ))
    };
    match symbol {
        Symbol::Domain(_) => {
            if model.domains.iter().any(|d| d.name == new) {
                return taken("a domain");
            }
        }
        Symbol::Subdomain(_) => {
            if model.subdomains.iter().any(|s| s.name == new) {
                return taken("a subdomain or capability");
            }
        }
        Symbol::Team(_) => {
            if model.teams.iter().any(|t| t.name == new) {
                return taken("a team");
            }
        }
        Symbol::Context(_) => {
            if model.contexts.iter().any(|c| c.name == new) {
                return taken("a context");
            }
        }
        Symbol::Type(_) | Symbol::Message(_) => {
            if Primitive::from_name(new).is_some() {
                return Err(format!("`{new}` is a primitive type"));
            }
            let context = match symbol {
                Symbol::Type(id) => model.type_def(id).context,
                Symbol::Message(id) => model.message(id).context,
                _ => unreachable!("matched above"),
            };
            let c = model.context(context);
            let clash = c
                .types
                .iter()
                .map(|t| Symbol::Type(*t))
                .chain(c.messages.iter().map(|m| Symbol::Message(*m)))
                .find(|s| model.symbol_name(*s) == new);
            if let Some(s) = clash {
                return Err(format!(
                    "cannot rename `{current}` to `{new}`: context `{}` already has {} `{new}`",
                    c.name,
                    model.symbol_kind(s)
                ));
            }
        }
    }
    Ok(())
}
