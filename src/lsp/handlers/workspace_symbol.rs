//! `workspace/symbol`: declarations of the whole model whose name or
//! `Context.Name` path contains the query (case-insensitive), in model
//! order.

use super::document_symbol::kind_of;
use super::Outcome;
use crate::lsp::session::Session;
use crate::model::Symbol;
use lsp_types::{OneOf, WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse};

/// At most this many symbols are returned for one query.
const LIMIT: usize = 500;

pub fn handle(
    session: &mut Session,
    params: WorkspaceSymbolParams,
) -> Outcome<Option<WorkspaceSymbolResponse>> {
    let analysis = session.analysis();
    let model = &analysis.checked.model;
    let query = params.query.to_lowercase();
    let symbols = model
        .symbols()
        .filter(|s| model.symbol_path(*s).to_lowercase().contains(&query))
        .take(LIMIT)
        .map(|s| WorkspaceSymbol {
            name: model.symbol_name(s).to_string(),
            kind: kind_of(model, s),
            tags: None,
            container_name: container(model, s),
            location: OneOf::Left(analysis.location(model.symbol_name_span(s), session.encoding)),
            data: None,
        })
        .collect();
    Ok(Some(WorkspaceSymbolResponse::Nested(symbols)))
}

fn container(model: &crate::model::Model, s: Symbol) -> Option<String> {
    match s {
        Symbol::Subdomain(id) => Some(model.domain(model.subdomain(id).domain).name.clone()),
        Symbol::Type(id) => Some(model.context(model.type_def(id).context).name.clone()),
        Symbol::Message(id) => Some(model.context(model.message(id).context).name.clone()),
        _ => None,
    }
}
