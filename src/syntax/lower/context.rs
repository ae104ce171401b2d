//! A `context` and its members: types, messages, uses (`calls`, `sends`),
//! subscriptions, settings and allows.

use super::*;

impl Lower<'_> {
    pub(super) fn context(&mut self, p: Pair<Rule>, docs_: Option<String>) -> Context {
        let span = self.span(&p);
        let mut c = Context {
            name: Ident {
                name: String::new(),
                span,
            },
            docs: docs_,
            implements: Vec::new(),
            owner: None,
            vision: None,
            store: None,
            language: Vec::new(),
            types: Vec::new(),
            messages: Vec::new(),
            subscriptions: Vec::new(),
            calls: Vec::new(),
            sends: Vec::new(),
            deploy: None,
            span,
        };
        let mut pending = Vec::new();
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => c.name = self.ident(item),
                Rule::context_body => {
                    for member in item.into_inner() {
                        let rule = member.as_rule();
                        if rule == Rule::doc_line {
                            pending.push(doc_text(&member));
                            continue;
                        }
                        let d = take_docs(&mut pending);
                        self.context_member(&mut c, member, d);
                    }
                }
                _ => {}
            }
        }
        c
    }

    pub(super) fn context_member(&mut self, c: &mut Context, m: Pair<Rule>, d: Option<String>) {
        let scope = c.span;
        match m.as_rule() {
            Rule::catch_all => self.catch(m, Block::Context),
            Rule::allow_decl => self.allow(m, scope),
            Rule::implements_decl => {
                for p in m.into_inner().filter(|p| p.as_rule() == Rule::path) {
                    let path = self.path(p);
                    c.implements.push(path);
                }
            }
            Rule::owner_decl => {
                if let Some(id) = m.into_inner().find(|p| p.as_rule() == Rule::ident) {
                    let id = self.ident(id);
                    match &c.owner {
                        Some(first) => {
                            let first = first.span;
                            self.duplicate("owner", first, id.span)
                        }
                        None => c.owner = Some(id),
                    }
                }
            }
            Rule::vision_decl => self.vision(m, &mut c.vision),
            Rule::store_decl => {
                if let Some(w) = m.into_inner().find(|p| p.as_rule() == Rule::ident) {
                    let span = self.span(&w);
                    let options = [("dynamodb", Store::DynamoDb), ("none", Store::None)];
                    match options.iter().find(|(k, _)| *k == w.as_str()) {
                        Some((_, s)) => match &c.store {
                            Some(first) => {
                                let first = first.span;
                                self.duplicate("store", first, span)
                            }
                            None => c.store = Some(Spanned { value: *s, span }),
                        },
                        None => self.unknown_word(
                            span,
                            "store",
                            w.as_str(),
                            options.iter().map(|(k, _)| *k),
                        ),
                    }
                }
            }
            Rule::language_decl => {
                let Some(body) = m.into_inner().find(|p| p.as_rule() == Rule::language_body) else {
                    return;
                };
                let mut pending = Vec::new();
                for t in body.into_inner() {
                    match t.as_rule() {
                        Rule::doc_line => pending.push(doc_text(&t)),
                        Rule::catch_all => self.catch(t, Block::Language),
                        Rule::allow_decl => self.allow(t, scope),
                        Rule::term_def => {
                            let span = self.span(&t);
                            let mut parts = t.into_inner().filter(|p| p.as_rule() != Rule::equals);
                            let (Some(term), Some(def)) = (parts.next(), parts.next()) else {
                                continue;
                            };
                            let term = match term.as_rule() {
                                Rule::string => self.string(term),
                                _ => Str {
                                    value: term.as_str().to_string(),
                                    span: self.span(&term),
                                },
                            };
                            let definition = self.string(def);
                            c.language.push(Term {
                                term,
                                definition,
                                docs: take_docs(&mut pending),
                                span,
                            });
                        }
                        _ => {}
                    }
                }
            }
            Rule::id_decl
            | Rule::enum_decl
            | Rule::value_decl
            | Rule::entity_decl
            | Rule::aggregate_decl => {
                let t = self.type_decl(m, d);
                c.types.push(t);
            }
            Rule::command_decl | Rule::query_decl | Rule::event_decl => {
                let msg = self.message(m, d);
                c.messages.push(msg);
            }
            Rule::subscribe_decl => {
                let span = self.span(&m);
                let mut sub = Subscribe {
                    target: Path {
                        segments: Vec::new(),
                        span,
                    },
                    batch: None,
                    window_ms: None,
                    retries: None,
                    span,
                };
                for p in m.into_inner() {
                    match p.as_rule() {
                        Rule::path => sub.target = self.path(p),
                        Rule::settings => {
                            for s in self.settings(
                                p,
                                span,
                                "a `subscribe`",
                                crate::syntax::SUBSCRIBE_SETTINGS,
                            ) {
                                match s.name.name.as_str() {
                                    "batch" => sub.batch = self.number(&s, "number"),
                                    "window" => sub.window_ms = self.number(&s, "duration"),
                                    _ => sub.retries = self.number(&s, "number"),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                c.subscriptions.push(sub);
            }
            Rule::calls_decl | Rule::sends_decl => {
                let calls = m.as_rule() == Rule::calls_decl;
                if let Some(p) = m.into_inner().find(|p| p.as_rule() == Rule::path) {
                    let path = self.path(p);
                    if calls {
                        c.calls.push(path)
                    } else {
                        c.sends.push(path)
                    }
                }
            }
            Rule::deploy_decl => {
                let span = self.span(&m);
                if let Some(first) = &c.deploy {
                    let first = first.span;
                    self.duplicate("deploy", first, span);
                    return;
                }
                let mut dep = Deploy {
                    span,
                    ..Deploy::default()
                };
                if let Some(p) = m.into_inner().find(|p| p.as_rule() == Rule::settings) {
                    for s in self.settings(p, span, "`deploy`", crate::syntax::DEPLOY_SETTINGS) {
                        match s.name.name.as_str() {
                            "memory" => dep.memory = self.number(&s, "number"),
                            "timeout" => dep.timeout_ms = self.number(&s, "duration"),
                            "concurrency" => dep.concurrency = self.number(&s, "number"),
                            "throttle" => dep.throttle = self.number(&s, "rate"),
                            _ => dep.burst = self.number(&s, "number"),
                        }
                    }
                }
                c.deploy = Some(dep);
            }
            _ => {}
        }
    }
}
