//! `textDocument/documentSymbol`: the outline of one file — domains with
//! their subdomains, teams, contexts with their types and messages, the
//! map and the system — as a tree, or a flat list for clients without
//! hierarchical symbols.

use super::Outcome;
use crate::lsp::session::{Analysis, Session};
use crate::model::{MessageKind, Model, Symbol, TypeDefKind};
use crate::source::FileId;
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolInformation, SymbolKind,
};

pub fn handle(
    session: &mut Session,
    params: DocumentSymbolParams,
) -> Outcome<Option<DocumentSymbolResponse>> {
    let (analysis, file) = session.analysis_of(&params.text_document.uri)?;
    let tree = outline(&analysis, file, session);
    if session.hierarchical_symbols {
        return Ok(Some(DocumentSymbolResponse::Nested(tree)));
    }
    let mut flat = Vec::new();
    flatten(&analysis, file, tree, None, &mut flat);
    Ok(Some(DocumentSymbolResponse::Flat(flat)))
}

/// The LSP kind shown for a declaration.
pub fn kind_of(model: &Model, symbol: Symbol) -> SymbolKind {
    match symbol {
        Symbol::Domain(_) => SymbolKind::NAMESPACE,
        Symbol::Subdomain(_) => SymbolKind::PACKAGE,
        Symbol::Team(_) => SymbolKind::OBJECT,
        Symbol::Context(_) => SymbolKind::MODULE,
        Symbol::Type(id) => match model.type_def(id).kind {
            TypeDefKind::Enum(_) => SymbolKind::ENUM,
            TypeDefKind::Id(_) => SymbolKind::KEY,
            _ => SymbolKind::STRUCT,
        },
        Symbol::Message(id) => match model.message(id).kind {
            MessageKind::Event => SymbolKind::EVENT,
            MessageKind::Command => SymbolKind::METHOD,
            MessageKind::Query => SymbolKind::FUNCTION,
        },
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written
fn node(
    analysis: &Analysis,
    session: &Session,
    symbol: Symbol,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let model = &analysis.checked.model;
    DocumentSymbol {
        name: model.symbol_name(symbol).to_string(),
        detail: Some(model.symbol_kind(symbol).to_string()),
        kind: kind_of(model, symbol),
        tags: None,
        deprecated: None,
        range: analysis.range(model.symbol_span(symbol), session.encoding),
        selection_range: analysis.range(model.symbol_name_span(symbol), session.encoding),
        children: (!children.is_empty()).then_some(children),
    }
}

#[allow(deprecated)]
fn outline(analysis: &Analysis, file: FileId, session: &Session) -> Vec<DocumentSymbol> {
    let model = &analysis.checked.model;
    let here = |s: Symbol| model.symbol_span(s).file == file;
    let mut out = Vec::new();
    if let Some(span) = model.system.span.filter(|s| s.file == file) {
        let range = analysis.range(span, session.encoding);
        out.push(DocumentSymbol {
            name: model.system.name.clone(),
            detail: Some("system".into()),
            kind: SymbolKind::FILE,
            tags: None,
            deprecated: None,
            range,
            selection_range: range,
            children: None,
        });
    }
    for d in &model.domains {
        let children = d
            .subdomains
            .iter()
            .map(|s| node(analysis, session, Symbol::Subdomain(*s), Vec::new()))
            .collect();
        if here(Symbol::Domain(d.id)) {
            out.push(node(analysis, session, Symbol::Domain(d.id), children));
        }
    }
    for t in &model.teams {
        if here(Symbol::Team(t.id)) {
            out.push(node(analysis, session, Symbol::Team(t.id), Vec::new()));
        }
    }
    for c in &model.contexts {
        if !here(Symbol::Context(c.id)) {
            continue;
        }
        let mut members: Vec<(u32, DocumentSymbol)> = Vec::new();
        for t in &c.types {
            let s = Symbol::Type(*t);
            members.push((
                model.symbol_span(s).start,
                node(analysis, session, s, Vec::new()),
            ));
        }
        for m in &c.messages {
            let s = Symbol::Message(*m);
            members.push((
                model.symbol_span(s).start,
                node(analysis, session, s, Vec::new()),
            ));
        }
        members.sort_by_key(|(start, _)| *start);
        let children = members.into_iter().map(|(_, n)| n).collect();
        out.push(node(analysis, session, Symbol::Context(c.id), children));
    }
    if let Some(map) = model.map.as_ref().filter(|m| m.span.file == file) {
        out.push(DocumentSymbol {
            name: map.name.clone(),
            detail: Some("map".into()),
            kind: SymbolKind::PACKAGE,
            tags: None,
            deprecated: None,
            range: analysis.range(map.span, session.encoding),
            selection_range: analysis.range(map.name_span, session.encoding),
            children: None,
        });
    }
    out.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    out
}

#[allow(deprecated)]
fn flatten(
    analysis: &Analysis,
    file: FileId,
    tree: Vec<DocumentSymbol>,
    container: Option<&str>,
    out: &mut Vec<SymbolInformation>,
) {
    for s in tree {
        out.push(SymbolInformation {
            name: s.name.clone(),
            kind: s.kind,
            tags: None,
            deprecated: None,
            location: lsp_types::Location::new(analysis.uri(file), s.range),
            container_name: container.map(str::to_string),
        });
        if let Some(children) = s.children {
            flatten(analysis, file, children, Some(&s.name), out);
        }
    }
}
