//! Declarations as one kind of value ([`Symbol`]) and the places in the text
//! that name them ([`Reference`], recorded by the resolver): what go to
//! definition, find references, rename and hover read.

use super::*;

/// A named declaration of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Symbol {
    Domain(DomainId),
    Subdomain(SubdomainId),
    Team(TeamId),
    Context(ContextId),
    Type(TypeId),
    Message(MessageId),
}

/// A name written in the model that resolved to `symbol`; `span` covers the
/// name alone (one segment of a `Context.Name` path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub span: Span,
    pub symbol: Symbol,
}

impl Model {
    /// Every declaration, in model order (domains, subdomains, teams,
    /// contexts, types, messages).
    pub fn symbols(&self) -> impl Iterator<Item = Symbol> + '_ {
        let domains = self.domains.iter().map(|d| Symbol::Domain(d.id));
        let subdomains = self.subdomains.iter().map(|s| Symbol::Subdomain(s.id));
        let teams = self.teams.iter().map(|t| Symbol::Team(t.id));
        let contexts = self.contexts.iter().map(|c| Symbol::Context(c.id));
        let types = self.types.iter().map(|t| Symbol::Type(t.id));
        let messages = self.messages.iter().map(|m| Symbol::Message(m.id));
        domains
            .chain(subdomains)
            .chain(teams)
            .chain(contexts)
            .chain(types)
            .chain(messages)
    }

    pub fn symbol_name(&self, s: Symbol) -> &str {
        match s {
            Symbol::Domain(id) => &self.domain(id).name,
            Symbol::Subdomain(id) => &self.subdomain(id).name,
            Symbol::Team(id) => &self.team(id).name,
            Symbol::Context(id) => &self.context(id).name,
            Symbol::Type(id) => &self.type_def(id).name,
            Symbol::Message(id) => &self.message(id).name,
        }
    }

    /// The span of the declaration's name.
    pub fn symbol_name_span(&self, s: Symbol) -> Span {
        match s {
            Symbol::Domain(id) => self.domain(id).name_span,
            Symbol::Subdomain(id) => self.subdomain(id).name_span,
            Symbol::Team(id) => self.team(id).name_span,
            Symbol::Context(id) => self.context(id).name_span,
            Symbol::Type(id) => self.type_def(id).name_span,
            Symbol::Message(id) => self.message(id).name_span,
        }
    }

    /// The span of the whole declaration.
    pub fn symbol_span(&self, s: Symbol) -> Span {
        match s {
            Symbol::Domain(id) => self.domain(id).span,
            Symbol::Subdomain(id) => self.subdomain(id).span,
            Symbol::Team(id) => self.team(id).span,
            Symbol::Context(id) => self.context(id).span,
            Symbol::Type(id) => self.type_def(id).span,
            Symbol::Message(id) => self.message(id).span,
        }
    }

    pub fn symbol_docs(&self, s: Symbol) -> Option<&str> {
        match s {
            Symbol::Domain(id) => self.domain(id).docs.as_deref(),
            Symbol::Subdomain(id) => self.subdomain(id).docs.as_deref(),
            Symbol::Team(id) => self.team(id).docs.as_deref(),
            Symbol::Context(id) => self.context(id).docs.as_deref(),
            Symbol::Type(id) => self.type_def(id).docs.as_deref(),
            Symbol::Message(id) => self.message(id).docs.as_deref(),
        }
    }

    /// The keyword the declaration is written with (`internal event` for
    /// an internal event).
    pub fn symbol_kind(&self, s: Symbol) -> &'static str {
        match s {
            Symbol::Domain(_) => "domain",
            Symbol::Subdomain(id) => match self.subdomain(id).kind {
                PartKind::Subdomain => "subdomain",
                PartKind::Capability => "capability",
            },
            Symbol::Team(_) => "team",
            Symbol::Context(_) => "context",
            Symbol::Type(id) => self.type_def(id).kind.as_str(),
            Symbol::Message(id) => {
                let m = self.message(id);
                match (m.kind, m.internal) {
                    (MessageKind::Event, true) => "internal event",
                    (k, _) => k.as_str(),
                }
            }
        }
    }

    /// The name a declaration is written with from outside its scope:
    /// `Context.Name` for types and messages, `Domain.Name` for subdomains.
    pub fn symbol_path(&self, s: Symbol) -> String {
        match s {
            Symbol::Subdomain(id) => {
                let sd = self.subdomain(id);
                format!("{}.{}", self.domain(sd.domain).name, sd.name)
            }
            Symbol::Type(id) => self.type_path(id),
            Symbol::Message(id) => self.message_path(id),
            _ => self.symbol_name(s).to_string(),
        }
    }

    /// The declaration whose name, or a reference to which, covers byte
    /// `offset` of `file`; with the span of that name.
    pub fn symbol_at(&self, file: crate::source::FileId, offset: usize) -> Option<(Symbol, Span)> {
        let hit = |span: Span| {
            span.file == file && span.start as usize <= offset && offset <= span.end as usize
        };
        self.references
            .iter()
            .find(|r| hit(r.span))
            .map(|r| (r.symbol, r.span))
            .or_else(|| {
                self.symbols()
                    .map(|s| (s, self.symbol_name_span(s)))
                    .find(|(_, span)| hit(*span))
            })
    }

    /// The spans that name `symbol`: its declaration's name first (when
    /// `declaration`), then every reference in resolver order, each once.
    pub fn occurrences(&self, symbol: Symbol, declaration: bool) -> Vec<Span> {
        let mut out = Vec::new();
        if declaration {
            out.push(self.symbol_name_span(symbol));
        }
        let mut seen: std::collections::HashSet<Span> = out.iter().copied().collect();
        out.extend(
            self.references
                .iter()
                .filter(|r| r.symbol == symbol && seen.insert(r.span))
                .map(|r| r.span),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{check_sources, Options};
    use crate::model::Symbol;
    use crate::source::SourceMap;

    #[test]
    fn references_record_every_resolved_name() {
        let text = "domain D { subdomain S }\nteam T\ncontext A { implements D.S\n owner T\n id AId\n event Ev { a: AId } }\ncontext B { implements S\n subscribe A.Ev\n value V { a: A.AId } }\nmap M { A -> B }\n";
        let mut sources = SourceMap::default();
        sources.add("t.ddd".into(), text.into());
        let checked = check_sources(sources, Vec::new(), &Options::default());
        let m = &checked.model;
        let named = |s: Symbol| {
            m.occurrences(s, false)
                .iter()
                .map(|sp| &text[sp.range()])
                .collect::<Vec<_>>()
        };
        let a = m.contexts.iter().find(|c| c.name == "A").unwrap().id;
        assert_eq!(named(Symbol::Context(a)), ["A", "A", "A"]);
        let aid = m.types.iter().find(|t| t.name == "AId").unwrap().id;
        assert_eq!(named(Symbol::Type(aid)).len(), 2);
        assert_eq!(named(Symbol::Subdomain(m.subdomains[0].id)).len(), 2);
        assert_eq!(named(Symbol::Domain(m.domains[0].id)), ["D"]);
        assert_eq!(named(Symbol::Team(m.teams[0].id)), ["T"]);
        assert_eq!(named(Symbol::Message(m.messages[0].id)), ["Ev"]);
        // On a reference and on the declaration's name alike.
        let at = text.find("A.AId").unwrap() + 3;
        assert_eq!(
            m.symbol_at(crate::source::FileId(0), at).unwrap().0,
            Symbol::Type(aid)
        );
        let decl = text.find("AId").unwrap();
        assert_eq!(
            m.symbol_at(crate::source::FileId(0), decl).unwrap().0,
            Symbol::Type(aid)
        );
    }
}
