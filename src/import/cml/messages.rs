//! A context's messages: `DomainEvent` → `event`, `CommandEvent`/`Command`
//! and service or entity operations → `command` (read-only operations →
//! `query`), carried by the transport the context's technology hints at;
//! `Flow`s → `emits` and, across contexts, `subscribe`.

use super::context::{self, ident, path, Here, World};
use super::cst::{FlowStep, ObjectKind, Operation, StepKind};
use super::plan;
use super::report;
use super::types::{self, Transport};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{self, HttpMethod, Message, MessageKind, Spanned, Via};
use std::collections::HashMap;

pub struct Messages {
    pub list: Vec<Message>,
    /// ddgen name → index in `list`.
    index: HashMap<String, usize>,
    pub subscriptions: Vec<ast::Subscribe>,
    transport: Transport,
    /// kebab-case context name, the first segment of HTTP paths.
    prefix: String,
    /// Paths given out so far (`GetX` and `Get_X` spell the same one).
    paths: std::collections::HashSet<String>,
}

impl Messages {
    fn via(&mut self, kind: MessageKind, name: &str, span: Span) -> Option<Spanned<Via>> {
        let value = match (kind, self.transport) {
            (MessageKind::Event, _) => return None,
            (MessageKind::Query, _) | (MessageKind::Command, Transport::Http) => Via::Http {
                method: Spanned {
                    value: if kind == MessageKind::Query {
                        HttpMethod::Get
                    } else {
                        HttpMethod::Post
                    },
                    span,
                },
                path: ast::Str {
                    value: self.unique_path(name),
                    span,
                },
            },
            (MessageKind::Command, Transport::Messaging) => Via::Queue,
        };
        Some(Spanned { value, span })
    }

    fn unique_path(&mut self, name: &str) -> String {
        let base = format!("/{}/{}", self.prefix, types::kebab(name));
        let mut path = base.clone();
        let mut n = 2;
        while !self.paths.insert(path.clone()) {
            path = format!("{base}-{n}");
            n += 1;
        }
        path
    }

    fn push(&mut self, m: Message) -> usize {
        self.index.insert(m.name.name.clone(), self.list.len());
        self.list.push(m);
        self.list.len() - 1
    }

    fn new_message(&mut self, kind: MessageKind, name: &str, span: Span) -> Message {
        Message {
            kind,
            internal: false,
            name: ident(name, span),
            docs: None,
            fields: Vec::new(),
            returns: None,
            via: self.via(kind, name, span),
            emits: Vec::new(),
            schedule: None,
            public: None,
            span,
        }
    }

    fn add_emit(&mut self, at: usize, event: &str, span: Span) {
        let m = &mut self.list[at];
        if m.kind == MessageKind::Command && !m.emits.iter().any(|e| e.text() == event) {
            m.emits.push(path(&[event], span));
        }
    }

    fn add_doc(&mut self, at: usize, line: String) {
        let m = &mut self.list[at];
        match &mut m.docs {
            Some(d) if !d.contains(&line) => {
                d.push('\n');
                d.push_str(&line);
            }
            Some(_) => {}
            None => m.docs = Some(line),
        }
    }
}

/// `prefix` is the context's first HTTP path segment, unique in the system.
pub fn lower(
    world: &World,
    here: &mut Here,
    transport: Transport,
    prefix: String,
    diags: &mut Vec<Diagnostic>,
) -> Messages {
    let bc = here.bc;
    let mut out = Messages {
        list: Vec::new(),
        index: HashMap::new(),
        subscriptions: Vec::new(),
        transport,
        prefix,
        paths: Default::default(),
    };
    let objs = plan::objects(bc);
    let by_name: HashMap<String, &super::cst::DomainObject> = objs
        .iter()
        .map(|(o, _)| (o.name.text.clone(), *o))
        .collect();
    // Declared events and commands.
    for (i, (o, _)) in objs.iter().enumerate() {
        let kind = match o.kind {
            ObjectKind::DomainEvent => MessageKind::Event,
            ObjectKind::CommandEvent => MessageKind::Command,
            _ => continue,
        };
        if o.is_abstract {
            continue;
        }
        let name = here.plan.names[i].clone();
        let mut m = out.new_message(kind, &name, o.span);
        m.name.span = o.name.span;
        m.docs = o.docs.clone();
        m.fields = context::fields(world, here, o, &by_name, diags);
        out.push(m);
    }
    // Operations of services and entities.
    let mut ops: Vec<(&Operation, String)> = Vec::new();
    for agg in bc.aggregates.iter().chain(std::iter::once(&bc.loose)) {
        for s in &agg.services {
            ops.extend(
                s.operations
                    .iter()
                    .map(|o| (o, format!("service `{}`", s.name.text))),
            );
        }
        for o in &agg.objects {
            ops.extend(
                o.operations
                    .iter()
                    .map(|op| (op, format!("`{}`", o.name.text))),
            );
        }
    }
    let mut op_index: HashMap<String, usize> = HashMap::new();
    for (op, owner) in ops {
        let at = operation(world, here, &mut out, op, &owner, diags);
        op_index.entry(op.name.text.clone()).or_insert(at);
    }
    flows(world, here, &mut out, &op_index, diags);
    out
}

/// One operation: merged into the command it takes as its only parameter,
/// else a command (or a query, when read-only with a scalar interface) of its own.
fn operation(
    world: &World,
    here: &mut Here,
    out: &mut Messages,
    op: &Operation,
    owner: &str,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    if op.state_transition() {
        diags.push(report::not_carried_because(
            op.tail_span,
            "the state transition",
            "ddgen models no states; the operation itself is imported",
        ));
    }
    let returns_event = op
        .returns
        .as_ref()
        .filter(|r| here.plan.events.contains(&r.name.text))
        .map(|r| here.plan.messages[&r.name.text].clone());
    let returns_void = op
        .returns
        .as_ref()
        .is_none_or(|r| r.name.text == "void" || returns_event.is_some());
    // `@Event handle(@Command cmd)`: the command's handler.
    if let [only] = op.params.as_slice() {
        let t = &only.ty.name.text;
        if !here.plan.events.contains(t) {
            if let Some(at) = here
                .plan
                .messages
                .get(t)
                .and_then(|n| out.index.get(n))
                .copied()
            {
                if let Some(e) = &returns_event {
                    out.add_emit(at, e, op.span);
                } else if !returns_void && out.list[at].returns.is_none() {
                    let r = context::type_expr(
                        world,
                        here,
                        op.returns.as_ref().expect("returns"),
                        diags,
                    );
                    out.list[at].returns = Some(r);
                }
                out.add_doc(
                    at,
                    format!("Handled by operation `{}` of {owner}.", op.name.text),
                );
                return at;
            }
        }
    }
    let mut fields = Vec::new();
    for p in &op.params {
        let name = p
            .name
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_else(|| types::camel(&p.ty.name.text));
        let span = p.name.as_ref().map(|n| n.span).unwrap_or(p.ty.span);
        if fields.iter().any(|f: &ast::Field| f.name.name == name) {
            diags.push(report::not_carried_because(
                span,
                &format!("a second parameter `{name}`"),
                "the first parameter of the name is imported",
            ));
            continue;
        }
        fields.push(ast::Field {
            name: ident(&name, span),
            ty: context::type_expr(world, here, &p.ty, diags),
            docs: None,
            span,
        });
    }
    let returns = match (&op.returns, returns_void) {
        (Some(r), false) => Some(context::type_expr(world, here, r, diags)),
        _ => None,
    };
    let query =
        op.read_only() && returns.is_some() && fields.iter().all(|f| context::scalar(here, &f.ty));
    let kind = if query {
        MessageKind::Query
    } else {
        MessageKind::Command
    };
    let name = here.plan.claim(
        &types::pascal(&op.name.text),
        kind_suffix(kind),
        op.name.span,
        diags,
    );
    let mut m = out.new_message(kind, &name, op.span);
    m.name.span = op.name.span;
    let mut docs: Vec<String> = op.docs.iter().cloned().collect();
    docs.push(format!("Operation `{}` of {owner}.", op.name.text));
    m.docs = Some(docs.join("\n"));
    m.fields = fields;
    m.returns = returns;
    if let Some(e) = returns_event {
        m.emits.push(path(&[&e], op.span));
    }
    out.push(m)
}

fn kind_suffix(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Event => "Event",
        MessageKind::Command => "Command",
        MessageKind::Query => "Query",
    }
}

/// The command a flow names, declared if the CML never did.
fn command_for(
    here: &mut Here,
    out: &mut Messages,
    op_index: &HashMap<String, usize>,
    kind: StepKind,
    name: &super::cst::Name,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let existing = match kind {
        StepKind::Operation => op_index.get(&name.text).copied(),
        StepKind::Command => here
            .plan
            .messages
            .get(&name.text)
            .filter(|_| !here.plan.events.contains(&name.text))
            .and_then(|n| out.index.get(n).copied())
            .or_else(|| op_index.get(&name.text).copied()),
    };
    if let Some(at) = existing {
        return at;
    }
    let wanted = types::pascal(&name.text);
    let n = here.plan.claim(&wanted, "Command", name.span, diags);
    here.plan.messages.insert(name.text.clone(), n.clone());
    let m = out.new_message(MessageKind::Command, &n, name.span);
    out.push(m)
}

/// The context's own event a flow names, declared if the CML never did.
fn own_event(
    here: &mut Here,
    out: &mut Messages,
    name: &super::cst::Name,
    diags: &mut Vec<Diagnostic>,
) -> String {
    if here.plan.events.contains(&name.text) {
        return here.plan.messages[&name.text].clone();
    }
    let n = here.plan.claim(&name.text, "Event", name.span, diags);
    here.plan.messages.insert(name.text.clone(), n.clone());
    here.plan.events.insert(name.text.clone());
    let m = out.new_message(MessageKind::Event, &n, name.span);
    out.push(m);
    n
}

fn flows(
    world: &World,
    here: &mut Here,
    out: &mut Messages,
    op_index: &HashMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let bc = here.bc;
    let me = here.plan.name.clone();
    for flow in &bc.flows {
        for step in &flow.steps {
            match step {
                FlowStep::Emits {
                    kind,
                    source,
                    events,
                    delegation,
                    ..
                } => {
                    if let Some(d) = delegation {
                        diags.push(report::not_carried_because(
                            *d,
                            "the delegation to an aggregate and its state transition",
                            "ddgen models no states; the command and the events it emits are imported",
                        ));
                    }
                    let at = command_for(here, out, op_index, *kind, source, diags);
                    for e in events {
                        let name = own_event(here, out, e, diags);
                        out.add_emit(at, &name, e.span);
                    }
                }
                FlowStep::Triggers {
                    events,
                    kind,
                    targets,
                    span,
                } => {
                    let targets: Vec<usize> = targets
                        .iter()
                        .map(|t| command_for(here, out, op_index, *kind, t, diags))
                        .collect();
                    for e in events {
                        // Another context's event: a subscription.
                        let foreign = (!here.plan.messages.contains_key(&e.text))
                            .then(|| {
                                world.events.get(&e.text)?.iter().find(|c| {
                                    **c != me
                                        && world
                                            .plans
                                            .get(*c)
                                            .is_some_and(|p| p.events.contains(&e.text))
                                })
                            })
                            .flatten();
                        let line = match foreign {
                            Some(other) => {
                                let ev = &world.plans[other].messages[&e.text];
                                if world.map.may_depend(&me, other) {
                                    let target = format!("{other}.{ev}");
                                    if !out.subscriptions.iter().any(|s| s.target.text() == target)
                                    {
                                        out.subscriptions.push(ast::Subscribe {
                                            target: path(&[other, ev], e.span),
                                            batch: None,
                                            window_ms: None,
                                            retries: None,
                                            span: *span,
                                        });
                                    }
                                } else {
                                    diags.push(report::against_map(
                                        e.span,
                                        &format!("event `{}`", e.text),
                                        other,
                                        &me,
                                        "documentation only",
                                    ));
                                }
                                format!(
                                    "Triggered by event `{other}.{ev}` (flow `{}`).",
                                    flow.name.text
                                )
                            }
                            None => {
                                let ev = own_event(here, out, e, diags);
                                format!("Triggered by event `{ev}` (flow `{}`).", flow.name.text)
                            }
                        };
                        for &at in &targets {
                            out.add_doc(at, line.clone());
                        }
                    }
                }
            }
        }
    }
}
