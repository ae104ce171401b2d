//! CML text → the importer's [`cst`] view (`objects.rs`: domain objects,
//! fields, operations, services; `flows.rs`: application flows; `text.rs`:
//! strings and doc comments). Never fails outright: what the
//! grammar catches is kept as [`Skipped`], a syntax error or a construct not
//! carried over, for `errors` to report.

mod flows;
mod objects;
mod text;

use super::cst::*;
use super::errors;
use super::{CmlParser, Rule};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use pest::iterators::Pair;
use pest::Parser;
pub use text::doc_before;
use text::unquote;

/// Parses one CML file. Syntax errors go to `diags`; the tree holds what parsed.
pub fn parse(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> CmlFile {
    if let Some(d) = errors::scan(file, text) {
        diags.push(d);
        return CmlFile::default();
    }
    crate::syntax::limit_calls(text.len());
    let pairs = match CmlParser::parse(Rule::file, text) {
        Ok(p) => p,
        Err(e) => {
            diags.push(errors::from_pest(file, text, &e));
            return CmlFile::default();
        }
    };
    let cx = Cx { file, text };
    let mut out = CmlFile::default();
    for pair in pairs.flatten().take(1).flat_map(|p| p.into_inner()) {
        match pair.as_rule() {
            Rule::import_decl => {
                if let Some(s) = pair.into_inner().find(|p| p.as_rule() == Rule::string) {
                    out.imports.push(cx.name(s));
                }
            }
            Rule::context_map => out.maps.push(cx.context_map(pair)),
            Rule::bounded_context => out.contexts.push(cx.context(pair)),
            Rule::domain => out.domains.push(cx.domain(pair)),
            Rule::other_block => out.skipped.push(cx.other(pair)),
            Rule::catch_item => {
                // A CML declaration without a body (`UseCase X`) is CML
                // ddgen does not carry; anything else at the top is not CML.
                let known = pair
                    .as_str()
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| OTHER_TOP_KEYWORDS.contains(&w));
                out.skipped.push(cx.caught(pair, !known));
            }
            _ => {}
        }
    }
    out
}

/// CML's top-level declarations ddgen has no counterpart for.
const OTHER_TOP_KEYWORDS: &[&str] = &[
    "UseCase",
    "UserStory",
    "Stakeholders",
    "ValueRegister",
    "Subdomain",
    "Domain",
];

struct Cx<'t> {
    file: FileId,
    text: &'t str,
}

impl<'t> Cx<'t> {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn name(&self, pair: Pair<Rule>) -> Name {
        let span = self.span(&pair);
        let raw = pair.as_str();
        let text = match pair.as_rule() {
            Rule::string => unquote(raw),
            _ => raw.trim_start_matches('^').to_string(),
        };
        Name { text, span }
    }

    fn docs(&self, pair: &Pair<Rule>) -> Option<String> {
        doc_before(self.text, pair.as_span().start())
    }

    fn other(&self, pair: Pair<Rule>) -> Skipped {
        let span = self.span(&pair);
        let what = pair
            .as_str()
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        Skipped {
            what,
            span,
            syntax_error: false,
        }
    }

    /// A caught line; it is a syntax error when `strict`, or when it does
    /// not even start like a CML declaration (a word).
    fn caught(&self, pair: Pair<Rule>, strict: bool) -> Skipped {
        let text = pair.as_str();
        let starts_with_word = text.chars().next().is_some_and(|c| {
            c.is_ascii_alphabetic() || c == '_' || c == '^' || c == '@' || c == '"'
        });
        let line = text.lines().next().unwrap_or("").trim().to_string();
        Skipped {
            what: line,
            span: self.span(&pair),
            syntax_error: strict || !starts_with_word,
        }
    }

    fn setting(&self, pair: Pair<Rule>) -> Setting {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let key = self.name(inner.next().expect("setting key"));
        let values = inner
            .map(|p| match p.as_rule() {
                Rule::string => unquote(p.as_str()),
                _ => p.as_str().to_string(),
            })
            .collect();
        Setting { key, values, span }
    }

    fn context_map(&self, pair: Pair<Rule>) -> ContextMap {
        let mut map = ContextMap {
            name: None,
            docs: self.docs(&pair),
            settings: Vec::new(),
            contains: Vec::new(),
            relationships: Vec::new(),
            span: self.span(&pair),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => map.name = Some(self.name(p)),
                Rule::contains => map.contains.extend(
                    p.into_inner()
                        .filter(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.name(x)),
                ),
                Rule::map_setting => {
                    let span = self.span(&p);
                    let mut inner = p.into_inner();
                    let key = self.name(inner.next().expect("key"));
                    let values = inner.map(|v| v.as_str().to_string()).collect();
                    map.settings.push(Setting { key, values, span });
                }
                Rule::relationship => map.relationships.push(self.relationship(p)),
                Rule::catch_item => {
                    // A line in a context map that is no relationship.
                    let s = self.caught(p, true);
                    map.relationships.push(Relationship::broken(s));
                }
                _ => {}
            }
        }
        map
    }

    fn relationship(&self, pair: Pair<Rule>) -> Relationship {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut names = Vec::new();
        let mut roles: [Vec<Name>; 2] = [Vec::new(), Vec::new()];
        let mut connector = None;
        let mut settings = Vec::new();
        let mut skipped = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => names.push(self.name(p)),
                Rule::roles => {
                    let side = usize::from(connector.is_some());
                    roles[side].extend(p.into_inner().map(|r| self.name(r)));
                }
                Rule::connector => {
                    connector = Some((
                        Connector::parse(p.as_str()).unwrap_or(Connector::Both),
                        self.span(&p),
                    ))
                }
                Rule::rel_body => {
                    for item in p.into_inner() {
                        match item.as_rule() {
                            Rule::setting => settings.push(self.setting(item)),
                            Rule::catch_item => skipped.push(self.caught(item, false)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        let left = names.next().expect("left name");
        let right = names.next().expect("right name");
        let [left_roles, right_roles] = roles;
        let (connector, connector_span) = connector.expect("connector");
        Relationship {
            left,
            left_roles,
            connector,
            connector_span,
            right_roles,
            right,
            name: names.next(),
            docs,
            settings,
            skipped,
            span,
        }
    }

    fn context(&self, pair: Pair<Rule>) -> BoundedContext {
        let mut bc = BoundedContext {
            docs: self.docs(&pair),
            span: self.span(&pair),
            ..Default::default()
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => bc.name = Some(self.name(p)),
                Rule::bc_clause => {
                    let mut inner = p.into_inner();
                    let kw = inner.next().expect("clause keyword");
                    let names = inner.map(|x| self.name(x));
                    match kw.as_rule() {
                        Rule::kw_implements => bc.implements.extend(names),
                        Rule::kw_realizes => bc.realizes.extend(names),
                        _ => bc.refines.extend(names),
                    }
                }
                Rule::bc_body => {
                    for item in p.into_inner() {
                        self.context_item(&mut bc, item);
                    }
                }
                _ => {}
            }
        }
        bc
    }

    fn context_item(&self, bc: &mut BoundedContext, item: Pair<Rule>) {
        match item.as_rule() {
            Rule::module => {
                let mut inner = item.into_inner();
                inner.next(); // keyword
                if let Some(name) = inner.next() {
                    bc.modules.push(self.name(name));
                }
                for x in inner {
                    self.context_item(bc, x);
                }
            }
            Rule::aggregate => {
                let agg = self.aggregate(item);
                bc.aggregates.push(agg);
            }
            Rule::application => {
                for x in item.into_inner() {
                    match x.as_rule() {
                        Rule::flow => {
                            let flow = self.flow(x);
                            bc.flows.push(flow);
                        }
                        Rule::ident | Rule::kw_application => {}
                        _ => self.context_item(bc, x),
                    }
                }
            }
            Rule::setting => bc.settings.push(self.setting(item)),
            Rule::other_block => bc.skipped.push(self.other(item)),
            Rule::catch_item => bc.skipped.push(self.caught(item, false)),
            _ => self.aggregate_item(&mut bc.loose, item),
        }
    }

    fn aggregate(&self, pair: Pair<Rule>) -> Aggregate {
        let mut agg = Aggregate {
            docs: self.docs(&pair),
            span: self.span(&pair),
            ..Default::default()
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => agg.name = Some(self.name(p)),
                Rule::agg_body => {
                    for item in p.into_inner() {
                        self.aggregate_item(&mut agg, item);
                    }
                }
                _ => {}
            }
        }
        agg
    }

    fn aggregate_item(&self, agg: &mut Aggregate, item: Pair<Rule>) {
        match item.as_rule() {
            Rule::object => {
                let o = self.object(item);
                agg.objects.push(o);
            }
            Rule::enum_decl => {
                let o = self.enumeration(item);
                agg.objects.push(o);
            }
            Rule::service => {
                let s = self.service(item);
                agg.services.push(s);
            }
            Rule::setting => agg.settings.push(self.setting(item)),
            Rule::other_block => agg.skipped.push(self.other(item)),
            Rule::catch_item => agg.skipped.push(self.caught(item, false)),
            // A hint string documents the next declaration: `doc_before` finds it.
            _ => {}
        }
    }

    fn domain(&self, pair: Pair<Rule>) -> Domain {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.name(inner.next().expect("domain name"));
        let mut d = Domain {
            name,
            docs,
            settings: Vec::new(),
            subdomains: Vec::new(),
            skipped: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::subdomain => d.subdomains.push(self.subdomain(p)),
                Rule::setting => d.settings.push(self.setting(p)),
                Rule::other_block => d.skipped.push(self.other(p)),
                Rule::catch_item => d.skipped.push(self.caught(p, false)),
                _ => {}
            }
        }
        d
    }

    fn subdomain(&self, pair: Pair<Rule>) -> Subdomain {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.name(inner.next().expect("subdomain name"));
        let mut s = Subdomain {
            name,
            docs,
            settings: Vec::new(),
            supports: Vec::new(),
            skipped: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::ident => s.supports.push(self.name(p)),
                Rule::setting => s.settings.push(self.setting(p)),
                Rule::other_block => s.skipped.push(self.other(p)),
                Rule::catch_item => s.skipped.push(self.caught(p, false)),
                _ => {}
            }
        }
        s
    }
}

impl Relationship {
    /// A line of a context map that is not a relationship: kept so that the
    /// map's lowering reports it as a syntax error at its place.
    fn broken(s: Skipped) -> Relationship {
        let name = Name {
            text: String::new(),
            span: s.span,
        };
        Relationship {
            left: name.clone(),
            left_roles: Vec::new(),
            connector: Connector::Both,
            connector_span: s.span,
            right_roles: Vec::new(),
            right: name,
            name: None,
            docs: None,
            settings: Vec::new(),
            span: s.span,
            skipped: vec![s],
        }
    }

    /// Whether this is a caught line rather than a relationship.
    pub fn is_broken(&self) -> bool {
        self.left.text.is_empty()
    }
}
