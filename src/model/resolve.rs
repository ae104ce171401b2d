//! Name resolution: syntax trees of all files → one [`Model`].
//!
//! Declarations are collected first (E002 for duplicates), then every
//! reference is resolved through hash indexes (E003, E004, E005), so the
//! cost is linear in the model. Unresolved references become
//! [`TypeRef::Unresolved`] or are dropped, so later rules never cascade.

use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceMap, Span};
use crate::suggest::did_you_mean;
use crate::syntax::ast;
use std::collections::HashMap;

/// A name in a context's scope: types and messages share it.
#[derive(Debug, Clone, Copy)]
enum Member {
    Type(TypeId),
    Message(MessageId),
}

struct Resolver<'a> {
    diags: &'a mut Vec<Diagnostic>,
    contexts: HashMap<String, ContextId>,
    domains: HashMap<String, DomainId>,
    teams: HashMap<String, TeamId>,
    /// Subdomains by bare name, across domains (for E005).
    subdomain_names: HashMap<String, Vec<SubdomainId>>,
    /// Messages by bare name, across contexts (for suggestions).
    message_names: HashMap<String, Vec<MessageId>>,
    scopes: Vec<HashMap<String, Member>>,
    /// Types by bare name, across contexts (for suggestions).
    type_names: HashMap<String, Vec<TypeId>>,
    suggestions: crate::suggest::Budget,
    model: Model,
}

/// At most this many places are listed in one diagnostic (the rest are counted).
const MAX_LISTED: usize = 8;

/// Resolves the parsed files (in sorted path order) into a model.
pub fn resolve(sources: &SourceMap, files: &[ast::File], diags: &mut Vec<Diagnostic>) -> Model {
    let system = System {
        name: default_system_name(sources.files().next().map(|(_, f)| f.path.as_path())),
        docs: None,
        broker: Broker::Sns,
        python: defaults::PYTHON.to_string(),
        architecture: Architecture::default(),
        span: None,
    };
    let model = Model {
        system,
        domains: Vec::new(),
        subdomains: Vec::new(),
        teams: Vec::new(),
        contexts: Vec::new(),
        types: Vec::new(),
        messages: Vec::new(),
        subscriptions: Vec::new(),
        uses: Vec::new(),
        map: None,
        graph: RelationGraph::default(),
        allows: Vec::new(),
        unresolved: Unresolved::default(),
        references: Vec::new(),
    };
    let mut r = Resolver {
        diags,
        contexts: HashMap::new(),
        domains: HashMap::new(),
        teams: HashMap::new(),
        subdomain_names: HashMap::new(),
        message_names: HashMap::new(),
        scopes: Vec::new(),
        type_names: HashMap::new(),
        suggestions: Default::default(),
        model,
    };
    for f in files {
        r.declare(f);
    }
    for f in files {
        r.resolve_file(f);
    }
    r.model.graph = RelationGraph::derive(&r.model);
    r.model
}

/// The first file's stem in PascalCase, e.g. `acme-retail.ddd` → `AcmeRetail`.
pub fn default_system_name(first_file: Option<&std::path::Path>) -> String {
    let stem = first_file
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "System".into());
    let name: String = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name,
        Some(_) => format!("System{name}"),
        None => "System".into(),
    }
}

fn duplicate(what: &str, name: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E002,
        again,
        format!("{what} `{name}` is defined more than once"),
    )
    .with_label("defined again here")
    .secondary(first, "first defined here")
    .help(format!(
        "rename one of them, or merge the two definitions of `{name}`"
    ))
}

/// E002 for a type or message name used twice in one context (they share a
/// namespace, so the two may be of different kinds).
fn duplicate_member(name: &str, first: (Span, &str), again: (Span, &str)) -> Diagnostic {
    let message = if first.1 == again.1 {
        format!("{} `{name}` is defined more than once", again.1)
    } else {
        format!(
            "`{name}` is declared twice in one context: as {} {} and as {} {}",
            article(first.1),
            first.1,
            article(again.1),
            again.1
        )
    };
    Diagnostic::new(Code::E002, again.0, message)
        .with_label(format!("{} `{name}` declared here", again.1))
        .secondary(first.0, format!("{} `{name}` first declared here", first.1))
        .help("types and messages of a context share one namespace: rename one of them")
}

fn resolve_deploy(d: Option<&ast::Deploy>, diags: &mut Vec<Diagnostic>) -> Deploy {
    let mut out = Deploy {
        memory_mb: defaults::MEMORY_MB,
        timeout_ms: defaults::TIMEOUT_MS,
        concurrency: None,
        throttle_rps: defaults::THROTTLE_RPS,
        burst: defaults::BURST,
    };
    let Some(d) = d else { return out };
    let plain = |v: u32| v.to_string();
    let memory = |v: u32| format!("{v} MB");
    let seconds = |v: u32| format!("{}s", v / 1000);
    let rate = |v: u32| format!("{v}/s");
    if let Some(m) = in_range(diags, d.memory, 128, 10_240, "Lambda memory", &memory) {
        out.memory_mb = m;
    }
    if let Some(t) = in_range(
        diags,
        d.timeout_ms,
        1_000,
        900_000,
        "Lambda timeout",
        &seconds,
    ) {
        out.timeout_ms = t;
    }
    out.concurrency = in_range(
        diags,
        d.concurrency,
        1,
        10_000,
        "reserved concurrency",
        &plain,
    );
    if let Some(t) = in_range(diags, d.throttle, 1, 10_000, "throttle rate", &rate) {
        out.throttle_rps = t;
    }
    if let Some(b) = in_range(diags, d.burst, 1, 5_000, "burst", &plain) {
        out.burst = b;
    }
    out
}

/// The value if it lies in `min..=max`, else an E016 (limits shown by `show`).
fn in_range(
    diags: &mut Vec<Diagnostic>,
    v: Option<Spanned<u32>>,
    min: u32,
    max: u32,
    what: &str,
    show: &dyn Fn(u32) -> String,
) -> Option<u32> {
    let v = v?;
    if v.value < min || v.value > max {
        let (lo, hi) = (show(min), show(max));
        diags.push(
            Diagnostic::new(
                Code::E016,
                v.span,
                format!("{what} must be between {lo} and {hi}"),
            )
            .with_label("out of range")
            .help(format!("choose a {what} from {lo} to {hi}")),
        );
        return None;
    }
    Some(v.value)
}

impl Resolver<'_> {
    fn declare(&mut self, f: &ast::File) {
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

    fn declare_context(&mut self, c: &ast::Context) {
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

    fn resolve_file(&mut self, f: &ast::File) {
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

    fn resolve_context(&mut self, id: ContextId, c: &ast::Context) {
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

    fn check_subscription_settings(&mut self, s: &ast::Subscribe) {
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

    fn teams_sorted(&self) -> Vec<String> {
        self.model.teams.iter().map(|t| t.name.clone()).collect()
    }

    /// What else `name` is, if it is not the expected kind.
    fn other_kind(&self, name: &str, expected: &str) -> Option<&'static str> {
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
    fn unresolved(
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

    fn context_names(&self) -> Vec<String> {
        self.model.contexts.iter().map(|c| c.name.clone()).collect()
    }

    fn resolve_subdomain(&mut self, p: &ast::Path) -> Option<SubdomainId> {
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
    fn refer(&mut self, span: Span, symbol: Symbol) {
        self.model.references.push(Reference { span, symbol });
    }

    fn too_many_parts(&mut self, p: &ast::Path, expected: &str) {
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

    fn scope_member(&self, ctx: ContextId, name: &str) -> Option<Member> {
        self.scopes[ctx.index()].get(name).copied()
    }

    fn member_names(&self, ctx: ContextId, messages: bool) -> Vec<String> {
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

    /// Resolves the target of `subscribe`, `calls`, `sends` or `emits`.
    fn resolve_message(
        &mut self,
        from: ContextId,
        p: &ast::Path,
        keyword: &str,
    ) -> Option<MessageId> {
        let (ctx, name) = match p.segments.as_slice() {
            [name] => (from, name),
            [ctx_name, name] => {
                let Some(ctx) = self.contexts.get(&ctx_name.name).copied() else {
                    let n = self.model.contexts.len();
                    let d = self.unresolved(ctx_name.span, "context", &ctx_name.name, n, || {
                        self.context_names()
                    });
                    self.diags.push(d);
                    return None;
                };
                self.refer(ctx_name.span, Symbol::Context(ctx));
                (ctx, name)
            }
            _ => {
                self.too_many_parts(p, "`Context.Message`");
                return None;
            }
        };
        match self.scope_member(ctx, &name.name) {
            Some(Member::Message(m)) => {
                self.refer(name.span, Symbol::Message(m));
                Some(m)
            }
            Some(Member::Type(t)) => {
                let t = self.model.type_def(t);
                self.diags.push(
                    Diagnostic::new(
                        Code::E004,
                        name.span,
                        format!(
                            "`{}` is {} {}, not a message",
                            name.name,
                            article(t.kind.as_str()),
                            t.kind.as_str()
                        ),
                    )
                    .with_label(format!("`{keyword}` needs a message"))
                    .secondary(t.name_span, "declared here"),
                );
                None
            }
            None => {
                let ctx_name = &self.model.context(ctx).name;
                // The first same-named message of another context: a hash
                // lookup and a scan that stops at the first hit.
                let elsewhere = if p.segments.len() == 1 {
                    self.message_names.get(&name.name).and_then(|ms| {
                        ms.iter()
                            .find(|m| self.model.message(**m).context != from)
                            .map(|m| self.model.message_path(*m))
                    })
                } else {
                    None
                };
                let what = format!("message `{}` in context `{ctx_name}`", name.name);
                let mut d = Diagnostic::new(Code::E003, p.span, format!("cannot find {what}"))
                    .with_label("no message of this name");
                if let Some(q) = elsewhere {
                    d = d.help(format!("did you mean `{q}`? messages of other contexts are named `Context.Message`"));
                } else {
                    let count = self.model.context(ctx).messages.len();
                    let names = if self.suggestions.spend(count) {
                        self.member_names(ctx, true)
                    } else {
                        Vec::new()
                    };
                    if let Some(s) = did_you_mean(&name.name, names.iter().map(String::as_str)) {
                        let shown = if p.segments.len() == 2 {
                            format!("{ctx_name}.{s}")
                        } else {
                            s.to_string()
                        };
                        d = d.help(format!("did you mean `{shown}`?"));
                    } else if p.segments.len() == 1 && keyword != "emits" {
                        d = d.help(format!("`{keyword}` takes another context's message, written `Context.Message`"));
                    }
                }
                self.diags.push(d);
                None
            }
        }
    }

    fn fields(&mut self, ctx: ContextId, fields: &[ast::Field]) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::with_capacity(fields.len());
        let mut seen: HashMap<&str, Span> = HashMap::with_capacity(fields.len());
        for f in fields {
            if let Some(first) = seen.get(f.name.name.as_str()) {
                self.diags
                    .push(duplicate("field", &f.name.name, f.name.span, *first));
                continue;
            }
            seen.insert(&f.name.name, f.name.span);
            let ty = self.type_expr(ctx, &f.ty);
            out.push(Field {
                name: f.name.name.clone(),
                ty,
                docs: f.docs.clone(),
                span: f.span,
                name_span: f.name.span,
                ty_span: f.ty.span,
            });
        }
        out
    }

    fn type_expr(&mut self, ctx: ContextId, t: &ast::TypeExpr) -> TypeRef {
        match &t.kind {
            ast::TypeExprKind::List(inner) => TypeRef::List(Box::new(self.type_expr(ctx, inner))),
            ast::TypeExprKind::Map(inner) => TypeRef::Map(Box::new(self.type_expr(ctx, inner))),
            ast::TypeExprKind::Optional(inner) => {
                TypeRef::Optional(Box::new(self.type_expr(ctx, inner)))
            }
            ast::TypeExprKind::Named(p) => self.named_type(ctx, p),
        }
    }

    fn named_type(&mut self, from: ContextId, p: &ast::Path) -> TypeRef {
        let (ctx, name) = match p.segments.as_slice() {
            [] => return TypeRef::Unresolved,
            [name] => {
                if let Some(prim) = Primitive::from_name(&name.name) {
                    return TypeRef::Primitive(prim);
                }
                (from, name)
            }
            [ctx_name, name] => match self.contexts.get(&ctx_name.name) {
                Some(c) => {
                    let c = *c;
                    self.refer(ctx_name.span, Symbol::Context(c));
                    (c, name)
                }
                None => {
                    let n = self.model.contexts.len();
                    let d = self.unresolved(ctx_name.span, "context", &ctx_name.name, n, || {
                        self.context_names()
                    });
                    self.diags.push(d);
                    return TypeRef::Unresolved;
                }
            },
            _ => {
                self.too_many_parts(p, "`Type` or `Context.Type`");
                return TypeRef::Unresolved;
            }
        };
        match self.scope_member(ctx, &name.name) {
            Some(Member::Type(t)) => {
                self.refer(name.span, Symbol::Type(t));
                TypeRef::Named(t)
            }
            Some(Member::Message(m)) => {
                let m = self.model.message(m);
                self.diags.push(
                    Diagnostic::new(Code::E004, name.span, format!("`{}` is {} {}, not a type", name.name, article(m.kind.as_str()), m.kind.as_str()))
                        .with_label("expected a type")
                        .secondary(m.name_span, "declared here")
                        .help("fields hold types (`id`, `enum`, `value`, `entity`, `aggregate` or a primitive); messages travel, they are not stored in fields"),
                );
                TypeRef::Unresolved
            }
            None => {
                let d = if p.segments.len() == 1 && self.contexts.contains_key(&name.name) {
                    Diagnostic::new(
                        Code::E004,
                        name.span,
                        format!("`{}` is a context, not a type", name.name),
                    )
                    .with_label("expected a type")
                    .help(format!(
                        "name a type of that context: `{}.TypeName`",
                        name.name
                    ))
                } else {
                    let primitives = if ctx == from { Primitive::ALL.len() } else { 0 };
                    let count = self.model.context(ctx).types.len() + primitives;
                    let names = || {
                        let mut names = self.member_names(ctx, false);
                        if ctx == from {
                            names.extend(Primitive::ALL.iter().map(|(n, _)| n.to_string()));
                        }
                        names
                    };
                    let where_ = if ctx == from {
                        String::new()
                    } else {
                        format!(" in context `{}`", self.model.context(ctx).name)
                    };
                    let mut d = self.unresolved(name.span, "type", &name.name, count, names);
                    d.message = format!("cannot find type `{}`{where_}", name.name);
                    if p.segments.len() == 1
                        && d.help
                            .as_deref()
                            .is_none_or(|h| !h.starts_with("did you mean"))
                    {
                        if let Some(other) = self.type_names.get(&name.name).and_then(|ts| {
                            ts.iter().find(|t| self.model.type_def(**t).context != from)
                        }) {
                            d = d.help(format!("did you mean `{}`? types of other contexts are named `Context.Type`", self.model.type_path(*other)));
                        }
                    }
                    d
                };
                self.diags.push(d);
                TypeRef::Unresolved
            }
        }
    }

    fn resolve_map(&mut self, m: &ast::Map) {
        let mut rels = Vec::new();
        for r in &m.relationships {
            let left = self.map_context(&r.left);
            let right = self.map_context(&r.right);
            let (Some(left), Some(right)) = (left, right) else {
                continue;
            };
            rels.push(DeclaredRelationship {
                left,
                right,
                left_roles: r.left_roles.clone(),
                right_roles: r.right_roles.clone(),
                arrow: r.arrow.value,
                pattern: r.pattern,
                docs: r.docs.clone(),
                span: r.span,
                left_span: r.left.span,
                right_span: r.right.span,
                arrow_span: r.arrow.span,
            });
        }
        if let Some(map) = &mut self.model.map {
            map.relationships = rels;
        }
    }

    fn map_context(&mut self, name: &ast::Ident) -> Option<ContextId> {
        if let Some(c) = self.contexts.get(&name.name).copied() {
            self.refer(name.span, Symbol::Context(c));
            return Some(c);
        }
        let d = match self.other_kind(&name.name, "context") {
            Some(kind) => Diagnostic::new(
                Code::E004,
                name.span,
                format!("`{}` is a {kind}, not a context", name.name),
            )
            .with_label("expected a context")
            .help("a context map relates bounded contexts"),
            None => self.unresolved(
                name.span,
                "context",
                &name.name,
                self.model.contexts.len(),
                || self.context_names(),
            ),
        };
        self.diags.push(d);
        None
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn kind_word_type(k: &ast::TypeKind) -> &'static str {
    match k {
        ast::TypeKind::Id(_) => "id",
        ast::TypeKind::Enum(_) => "enum",
        ast::TypeKind::Value => "value",
        ast::TypeKind::Entity => "entity",
        ast::TypeKind::Aggregate => "aggregate",
    }
}
