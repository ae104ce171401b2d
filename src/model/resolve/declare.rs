//! The first pass: every declaration of every file (system, teams,
//! domains, subdomains, contexts and their members) into the model's
//! tables and the name indexes, with E002 for a name declared twice.

use super::*;

impl Resolver<'_> {
    pub(super) fn declare(&mut self, f: &ast::File) {
        for a in &f.allows {
            self.model.allows.push(Allow {
                code: a.code.name.clone(),
                code_span: a.code.span,
                reason: a.reason.value.clone(),
                span: a.span,
                scope: a.scope,
            });
        }
        for s in &f.systems {
            if let Some(first) = self.model.system.span {
                self.diags.push(
                    Diagnostic::new(Code::E002, s.span, "a model has at most one `system` block")
                        .with_label("second `system` block")
                        .secondary(first, "first `system` block")
                        .help("merge the settings into one `system` block"),
                );
                continue;
            }
            let sys = &mut self.model.system;
            sys.name = s.name.name.clone();
            sys.docs = s.docs.clone();
            sys.span = Some(s.span);
            if let Some(b) = s.broker {
                sys.broker = b.value;
            }
            if let Some(a) = s.architecture {
                sys.architecture = a.value;
            }
            if let Some(p) = &s.python {
                const SUPPORTED: [&str; 4] = ["3.11", "3.12", "3.13", "3.14"];
                if SUPPORTED.contains(&p.value.as_str()) {
                    sys.python = p.value.clone();
                } else {
                    self.diags.push(
                        Diagnostic::new(
                            Code::E016,
                            p.span,
                            format!("unsupported Python version `{}`", p.value),
                        )
                        .with_label("not a supported Lambda Python runtime")
                        .help("use \"3.11\", \"3.12\", \"3.13\" or \"3.14\""),
                    );
                }
            }
        }
        for d in &f.domains {
            if let Some(first) = self.domains.get(&d.name.name) {
                let first = self.model.domain(*first).name_span;
                self.diags
                    .push(duplicate("domain", &d.name.name, d.name.span, first));
                continue;
            }
            let id = DomainId(self.model.domains.len() as u32);
            self.domains.insert(d.name.name.clone(), id);
            let mut subs: Vec<SubdomainId> = Vec::new();
            for s in &d.parts {
                if let Some(first) = subs
                    .iter()
                    .find(|x| self.model.subdomain(**x).name == s.name.name)
                {
                    let first = self.model.subdomain(*first).name_span;
                    self.diags
                        .push(duplicate("subdomain", &s.name.name, s.name.span, first));
                    continue;
                }
                let sid = SubdomainId(self.model.subdomains.len() as u32);
                subs.push(sid);
                self.subdomain_names
                    .entry(s.name.name.clone())
                    .or_default()
                    .push(sid);
                self.model.subdomains.push(Subdomain {
                    id: sid,
                    domain: id,
                    kind: s.kind,
                    name: s.name.name.clone(),
                    class: s
                        .class
                        .map(|c| c.value)
                        .unwrap_or(Classification::Supporting),
                    docs: s.docs.clone(),
                    vision: s.vision.as_ref().map(|v| v.value.clone()),
                    implemented_by: Vec::new(),
                    span: s.span,
                    name_span: s.name.span,
                });
            }
            self.model.domains.push(Domain {
                id,
                name: d.name.name.clone(),
                docs: d.docs.clone(),
                vision: d.vision.as_ref().map(|v| v.value.clone()),
                subdomains: subs,
                span: d.span,
                name_span: d.name.span,
            });
        }
        for t in &f.teams {
            if let Some(first) = self.teams.get(&t.name.name) {
                let first = self.model.team(*first).name_span;
                self.diags
                    .push(duplicate("team", &t.name.name, t.name.span, first));
                continue;
            }
            let id = TeamId(self.model.teams.len() as u32);
            self.teams.insert(t.name.name.clone(), id);
            self.model.teams.push(Team {
                id,
                name: t.name.name.clone(),
                docs: t.docs.clone(),
                contact: t.contact.as_ref().map(|c| c.value.clone()),
                contexts: Vec::new(),
                span: t.span,
                name_span: t.name.span,
            });
        }
        for c in &f.contexts {
            self.declare_context(c);
        }
        for m in &f.maps {
            if let Some(first) = &self.model.map {
                let first = first.name_span;
                self.diags.push(
                    Diagnostic::new(Code::E002, m.name.span, "a model has at most one `map`")
                        .with_label("second map")
                        .secondary(first, "first map")
                        .help("put every relationship into one `map` block"),
                );
                continue;
            }
            self.model.map = Some(ContextMap {
                name: m.name.name.clone(),
                docs: m.docs.clone(),
                relationships: Vec::new(),
                span: m.span,
                name_span: m.name.span,
            });
        }
    }

    pub(super) fn declare_context(&mut self, c: &ast::Context) {
        if let Some(first) = self.contexts.get(&c.name.name) {
            let first = self.model.context(*first).name_span;
            self.diags
                .push(duplicate("context", &c.name.name, c.name.span, first));
            return;
        }
        let id = ContextId(self.model.contexts.len() as u32);
        self.contexts.insert(c.name.name.clone(), id);
        let mut scope: HashMap<String, Member> = HashMap::new();
        let mut spans: HashMap<String, (Span, &str)> = HashMap::new();
        let mut types = Vec::new();
        let mut messages = Vec::new();
        let mut terms: HashMap<&str, Span> = HashMap::new();
        let mut language = Vec::new();
        for t in &c.language {
            if let Some(first) = terms.get(t.term.value.as_str()) {
                self.diags
                    .push(duplicate("term", &t.term.value, t.term.span, *first));
                continue;
            }
            terms.insert(&t.term.value, t.term.span);
            language.push(Term {
                term: t.term.value.clone(),
                definition: t.definition.value.clone(),
                docs: t.docs.clone(),
                span: t.span,
            });
        }
        for t in &c.types {
            if let Some(first) = spans.get(&t.name.name) {
                let again = (t.name.span, kind_word_type(&t.kind));
                self.diags
                    .push(duplicate_member(&t.name.name, *first, again));
                continue;
            }
            let tid = TypeId(self.model.types.len() as u32);
            spans.insert(t.name.name.clone(), (t.name.span, kind_word_type(&t.kind)));
            scope.insert(t.name.name.clone(), Member::Type(tid));
            types.push(tid);
            let kind = match &t.kind {
                ast::TypeKind::Id(b) => TypeDefKind::Id(*b),
                ast::TypeKind::Enum(vs) => {
                    let mut seen: HashMap<&str, Span> = HashMap::new();
                    let mut out = Vec::new();
                    for v in vs {
                        if let Some(first) = seen.get(v.name.name.as_str()) {
                            self.diags.push(duplicate(
                                "enum value",
                                &v.name.name,
                                v.name.span,
                                *first,
                            ));
                            continue;
                        }
                        seen.insert(&v.name.name, v.name.span);
                        out.push(Variant {
                            name: v.name.name.clone(),
                            docs: v.docs.clone(),
                        });
                    }
                    TypeDefKind::Enum(out)
                }
                ast::TypeKind::Value => TypeDefKind::Value,
                ast::TypeKind::Entity => TypeDefKind::Entity,
                ast::TypeKind::Aggregate => TypeDefKind::Aggregate,
            };
            self.type_names
                .entry(t.name.name.clone())
                .or_default()
                .push(tid);
            self.model.types.push(TypeDef {
                id: tid,
                context: id,
                name: t.name.name.clone(),
                kind,
                fields: Vec::new(),
                indexes: schema::indexes(t),
                docs: t.docs.clone(),
                span: t.span,
                name_span: t.name.span,
            });
        }
        for m in &c.messages {
            if let Some(first) = spans.get(&m.name.name) {
                let again = (m.name.span, m.kind.as_str());
                self.diags
                    .push(duplicate_member(&m.name.name, *first, again));
                continue;
            }
            let mid = MessageId(self.model.messages.len() as u32);
            spans.insert(m.name.name.clone(), (m.name.span, m.kind.as_str()));
            scope.insert(m.name.name.clone(), Member::Message(mid));
            self.message_names
                .entry(m.name.name.clone())
                .or_default()
                .push(mid);
            messages.push(mid);
            let via = m.via.as_ref().map(|v| match &v.value {
                ast::Via::Http { method, path } => Via::Http {
                    method: method.value,
                    path: path.value.clone(),
                    method_span: method.span,
                    path_span: path.span,
                },
                ast::Via::Queue => Via::Queue,
            });
            self.model.messages.push(Message {
                id: mid,
                context: id,
                kind: m.kind,
                internal: m.internal,
                name: m.name.name.clone(),
                docs: m.docs.clone(),
                fields: Vec::new(),
                returns: None,
                via,
                via_span: m.via.as_ref().map(|v| v.span),
                emits: Vec::new(),
                schedule: schema::schedule(m),
                public: m.public,
                span: m.span,
                name_span: m.name.span,
            });
        }
        let deploy = resolve_deploy(c.deploy.as_ref(), self.diags);
        let has_aggregate = c
            .types
            .iter()
            .any(|t| matches!(t.kind, ast::TypeKind::Aggregate));
        let store = match c.store {
            Some(s) => s.value,
            None if has_aggregate => Store::DynamoDb,
            None => Store::None,
        };
        self.scopes.push(scope);
        self.model.contexts.push(Context {
            id,
            name: c.name.name.clone(),
            docs: c.docs.clone(),
            vision: c.vision.as_ref().map(|v| v.value.clone()),
            implements: Vec::new(),
            owner: None,
            store,
            language,
            types,
            messages,
            subscriptions: Vec::new(),
            calls: Vec::new(),
            sends: Vec::new(),
            deploy,
            span: c.span,
            name_span: c.name.span,
        });
    }
}
