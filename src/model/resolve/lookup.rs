//! Lookups and their failures: references to teams, subdomains and
//! context members, and the E003/E004/E005 diagnostics with suggestions.

use super::*;

impl Resolver<'_> {
    pub(super) fn teams_sorted(&self) -> Vec<String> {
        self.model.teams.iter().map(|t| t.name.clone()).collect()
    }

    /// What else `name` is, if it is not the expected kind.
    pub(super) fn other_kind(&self, name: &str, expected: &str) -> Option<&'static str> {
        [
            ("context", self.contexts.contains_key(name)),
            ("team", self.teams.contains_key(name)),
            ("domain", self.domains.contains_key(name)),
            ("subdomain", self.subdomain_names.contains_key(name)),
        ]
        .into_iter()
        .find(|(k, found)| *found && *k != expected)
        .map(|(k, _)| k)
    }

    /// E003 for `name`, with "did you mean" among `count` candidates, made by
    /// `candidates` only if the suggestion budget still allows it.
    pub(super) fn unresolved(
        &self,
        span: Span,
        what: &str,
        name: &str,
        count: usize,
        candidates: impl FnOnce() -> Vec<String>,
    ) -> Diagnostic {
        let suggestion = if count > 0 && self.suggestions.spend(count) {
            let candidates = candidates();
            did_you_mean(name, candidates.iter().map(String::as_str)).map(str::to_string)
        } else {
            None
        };
        let d = Diagnostic::new(Code::E003, span, format!("cannot find {what} `{name}`"))
            .with_label(format!("no {what} of this name"));
        match suggestion {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if count == 0 => d.help(format!("declare the {what} first")),
            None => d.help(format!("declare the {what}, or check the spelling")),
        }
    }

    pub(super) fn context_names(&self) -> Vec<String> {
        self.model.contexts.iter().map(|c| c.name.clone()).collect()
    }

    pub(super) fn resolve_subdomain(&mut self, p: &ast::Path) -> Option<SubdomainId> {
        let all = || {
            self.model
                .subdomains
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
        };
        match p.segments.as_slice() {
            [name] => {
                match self.subdomain_names.get(&name.name).map(Vec::as_slice) {
                    Some([one]) => {
                        let one = *one;
                        self.refer(name.span, Symbol::Subdomain(one));
                        Some(one)
                    }
                    Some(many) => {
                        let mut d = Diagnostic::new(
                            Code::E005,
                            name.span,
                            format!("`{}` is ambiguous", name.name),
                        )
                        .with_label("matches more than one subdomain");
                        let mut options = Vec::new();
                        for s in many.iter().take(MAX_LISTED) {
                            let s = self.model.subdomain(*s);
                            let q = format!("{}.{}", self.model.domain(s.domain).name, s.name);
                            d = d.secondary(s.name_span, format!("`{q}` is declared here"));
                            options.push(format!("`{q}`"));
                        }
                        if many.len() > MAX_LISTED {
                            options.push(format!("one of {} others", many.len() - MAX_LISTED));
                        }
                        self.diags
                            .push(d.help(format!("qualify it: {}", options.join(" or "))));
                        None
                    }
                    None => {
                        let d = match self.other_kind(&name.name, "subdomain") {
                        Some(kind) => Diagnostic::new(Code::E004, name.span, format!("`{}` is a {kind}, not a subdomain or capability", name.name))
                            .with_label("expected a subdomain or capability")
                            .help("`implements` names a subdomain or capability declared in a `domain`"),
                        None => self.unresolved(name.span, "subdomain or capability", &name.name, self.model.subdomains.len(), all),
                    };
                        self.diags.push(d);
                        None
                    }
                }
            }
            [domain, name] => {
                let Some(did) = self.domains.get(&domain.name).copied() else {
                    let d = match self.other_kind(&domain.name, "domain") {
                        Some(kind) => Diagnostic::new(
                            Code::E004,
                            domain.span,
                            format!("`{}` is a {kind}, not a domain", domain.name),
                        )
                        .with_label("expected a domain")
                        .help("write `Domain.Subdomain`"),
                        None => self.unresolved(
                            domain.span,
                            "domain",
                            &domain.name,
                            self.model.domains.len(),
                            || self.model.domains.iter().map(|d| d.name.clone()).collect(),
                        ),
                    };
                    self.diags.push(d);
                    return None;
                };
                self.refer(domain.span, Symbol::Domain(did));
                let subs = &self.model.domain(did).subdomains;
                match subs
                    .iter()
                    .find(|s| self.model.subdomain(**s).name == name.name)
                {
                    Some(s) => {
                        let s = *s;
                        self.refer(name.span, Symbol::Subdomain(s));
                        Some(s)
                    }
                    None => {
                        let names = || {
                            subs.iter()
                                .map(|s| self.model.subdomain(*s).name.clone())
                                .collect()
                        };
                        let mut d = self.unresolved(
                            name.span,
                            "subdomain or capability",
                            &name.name,
                            subs.len(),
                            names,
                        );
                        d.message = format!(
                            "cannot find subdomain or capability `{}` in domain `{}`",
                            name.name, domain.name
                        );
                        self.diags.push(d);
                        None
                    }
                }
            }
            _ => {
                self.too_many_parts(p, "`Domain.Subdomain`");
                None
            }
        }
    }

    /// Records that `span` names `symbol` (navigation and rename read these).
    pub(super) fn refer(&mut self, span: Span, symbol: Symbol) {
        self.model.references.push(Reference { span, symbol });
    }

    pub(super) fn too_many_parts(&mut self, p: &ast::Path, expected: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::E003,
                p.span,
                format!("`{}` has too many parts", p.text()),
            )
            .with_label(format!("expected {expected}"))
            .help(format!("write {expected}")),
        );
    }

    pub(super) fn scope_member(&self, ctx: ContextId, name: &str) -> Option<Member> {
        self.scopes[ctx.index()].get(name).copied()
    }

    pub(super) fn member_names(&self, ctx: ContextId, messages: bool) -> Vec<String> {
        let c = self.model.context(ctx);
        if messages {
            c.messages
                .iter()
                .map(|m| self.model.message(*m).name.clone())
                .collect()
        } else {
            c.types
                .iter()
                .map(|t| self.model.type_def(*t).name.clone())
                .collect()
        }
    }
}
