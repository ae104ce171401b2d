//! The second pass over a file and each context: its uses (`calls`,
//! `sends`), subscriptions and their settings, and its `implements`.

use super::*;

impl Resolver<'_> {
    pub(super) fn resolve_file(&mut self, f: &ast::File) {
        for c in &f.contexts {
            // A context skipped as a duplicate has no entry of its own.
            let Some(&id) = self.contexts.get(&c.name.name) else {
                continue;
            };
            if self.model.context(id).span != c.span {
                continue;
            }
            self.resolve_context(id, c);
        }
        for m in &f.maps {
            if self
                .model
                .map
                .as_ref()
                .is_some_and(|map| map.span == m.span)
            {
                self.resolve_map(m);
            }
        }
    }

    pub(super) fn resolve_context(&mut self, id: ContextId, c: &ast::Context) {
        // implements
        let mut implements = Vec::new();
        for p in &c.implements {
            match self.resolve_subdomain(p) {
                Some(s) if !implements.contains(&s) => {
                    implements.push(s);
                    self.model.subdomains[s.index()].implemented_by.push(id);
                }
                Some(_) => {}
                None => {
                    let u = &mut self.model.unresolved;
                    u.implements.push(id);
                    u.names.extend(p.segments.last().map(|s| s.name.clone()));
                }
            }
        }
        self.model.contexts[id.index()].implements = implements;
        // owner
        if let Some(o) = &c.owner {
            match self.teams.get(&o.name) {
                Some(t) => {
                    let t = *t;
                    self.refer(o.span, Symbol::Team(t));
                    self.model.contexts[id.index()].owner = Some(t);
                    self.model.teams[t.index()].contexts.push(id);
                }
                None => {
                    self.model.unresolved.owners.push(id);
                    let other = self.other_kind(&o.name, "team");
                    let d = match other {
                        Some(kind) => Diagnostic::new(
                            Code::E004,
                            o.span,
                            format!("`{}` is a {kind}, not a team", o.name),
                        )
                        .with_label("expected a team")
                        .help("`owner` names a team declared with `team Name { ... }`"),
                        None => {
                            self.unresolved(o.span, "team", &o.name, self.model.teams.len(), || {
                                self.teams_sorted()
                            })
                        }
                    };
                    self.diags.push(d);
                }
            }
        }
        // types: fields
        // Declarations skipped as duplicates got no id: match by name span.
        let type_ids: HashMap<Span, TypeId> = self
            .model
            .context(id)
            .types
            .iter()
            .map(|t| (self.model.type_def(*t).name_span, *t))
            .collect();
        for t in &c.types {
            let Some(&tid) = type_ids.get(&t.name.span) else {
                continue;
            };
            let fields = self.fields(id, &t.fields);
            self.model.types[tid.index()].fields = fields;
        }
        // messages
        let msg_ids: HashMap<Span, MessageId> = self
            .model
            .context(id)
            .messages
            .iter()
            .map(|m| (self.model.message(*m).name_span, *m))
            .collect();
        for m in &c.messages {
            let Some(&mid) = msg_ids.get(&m.name.span) else {
                continue;
            };
            let fields = self.fields(id, &m.fields);
            let returns = m.returns.as_ref().map(|t| (self.type_expr(id, t), t.span));
            let mut emits = Vec::new();
            for e in &m.emits {
                if let Some(target) = self.resolve_message(id, e, "emits") {
                    emits.push((target, e.span));
                }
            }
            let msg = &mut self.model.messages[mid.index()];
            msg.fields = fields;
            msg.returns = returns;
            msg.emits = emits;
        }
        // subscribe, calls, sends
        for s in &c.subscriptions {
            self.check_subscription_settings(s);
            let Some(event) = self.resolve_message(id, &s.target, "subscribe") else {
                let u = &mut self.model.unresolved;
                u.names
                    .extend(s.target.segments.last().map(|s| s.name.clone()));
                continue;
            };
            let sid = SubscriptionId(self.model.subscriptions.len() as u32);
            self.model.subscriptions.push(Subscription {
                id: sid,
                context: id,
                event,
                batch: s.batch.map(|b| b.value).unwrap_or(defaults::BATCH),
                window_ms: s.window_ms.map(|b| b.value).unwrap_or(defaults::WINDOW_MS),
                retries: s.retries.map(|b| b.value).unwrap_or(defaults::RETRIES),
                span: s.span,
                target_span: s.target.span,
            });
            self.model.contexts[id.index()].subscriptions.push(sid);
        }
        for (paths, kind) in [(&c.calls, UseKind::Calls), (&c.sends, UseKind::Sends)] {
            for p in paths {
                let Some(target) = self.resolve_message(id, p, kind.as_str()) else {
                    continue;
                };
                if self.model.message(target).context == id {
                    let m = self.model.message(target);
                    self.diags.push(
                        Diagnostic::new(
                            Code::E004,
                            p.span,
                            format!(
                                "`{}` uses `{}`, a {} of this same context",
                                kind.as_str(),
                                m.name,
                                m.kind.as_str()
                            ),
                        )
                        .with_label(format!(
                            "`{}` needs another context's message",
                            kind.as_str()
                        ))
                        .secondary(m.name_span, "declared here, in the same context")
                        .help("inside a context, call the application code directly instead"),
                    );
                    continue;
                }
                let uid = UseId(self.model.uses.len() as u32);
                self.model.uses.push(Use {
                    id: uid,
                    context: id,
                    kind,
                    target,
                    span: p.span,
                    target_span: p.span,
                });
                let ctx = &mut self.model.contexts[id.index()];
                match kind {
                    UseKind::Calls => ctx.calls.push(uid),
                    UseKind::Sends => ctx.sends.push(uid),
                }
            }
        }
    }

    pub(super) fn check_subscription_settings(&mut self, s: &ast::Subscribe) {
        let plain = |v: u32| v.to_string();
        let seconds = |v: u32| format!("{}s", v / 1000);
        in_range(self.diags, s.batch, 1, 10_000, "batch size", &plain);
        in_range(
            self.diags,
            s.window_ms,
            0,
            300_000,
            "batching window",
            &seconds,
        );
        in_range(self.diags, s.retries, 1, 1_000, "retry count", &plain);
        if let Some(b) = s.batch {
            let window = s.window_ms.map(|w| w.value).unwrap_or(0);
            if b.value > 10 && window == 0 && b.value <= 10_000 {
                self.diags.push(
                    Diagnostic::new(
                        Code::E016,
                        b.span,
                        "a batch larger than 10 needs a batching window",
                    )
                    .with_label("batch above 10")
                    .help("add `window 1s` (or longer), or use a batch of at most 10"),
                );
            }
        }
    }
}
