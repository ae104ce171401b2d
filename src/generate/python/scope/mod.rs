//! What one context's Python package sees: the classes of its contracts
//! (its own types and messages, and copies of the other contexts' types and
//! messages it uses) with their Python names, and how to write a model type,
//! a default value or a sample value in Python.

use super::code::{py_str, uuid_for, Py};
use super::imports::Imports;
use crate::generate::names::{
    py_class, py_field_avoiding, py_package, py_unique, py_variant, snake,
};
use crate::model::{
    Context, Field, HttpMethod, IdBase, Message, MessageId, MessageKind, Model, Primitive, Store,
    TypeDef, TypeDefKind, TypeId, TypeRef, Via,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

mod fill;
mod reserved;

use reserved::{CODE_NAMES, CONTRACT_MODULE_NAMES};
mod values;

pub use fill::Fill;

pub use values::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    Type(TypeId),
    Message(MessageId),
    /// The HTTP body model of a message with path parameters.
    Body(MessageId),
}

/// One `via http` operation of the context.
#[derive(Debug, Clone)]
pub struct HttpOp<'m> {
    pub msg: &'m Message,
    pub method: HttpMethod,
    pub path: String,
    /// Indices into `msg.fields`.
    pub path_fields: Vec<usize>,
    pub query_fields: Vec<usize>,
    pub body_fields: Vec<usize>,
}

impl HttpOp<'_> {
    /// Whether the request has a JSON body.
    pub fn has_body(&self) -> bool {
        !self.body_fields.is_empty()
    }
    /// Whether the body is the message itself (no path parameters).
    pub fn body_is_message(&self) -> bool {
        self.has_body() && self.path_fields.is_empty()
    }
    /// The status of a successful answer, as in the OpenAPI document.
    pub fn status(&self) -> u16 {
        crate::generate::success_status(self.msg)
    }
}

/// What the default body of an operation does with an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Returns the aggregate's id: a new aggregate; its key from the message
    /// field at this index, or a new id.
    Create(TypeId, Option<usize>),
    /// Holds an aggregate's id (field index): load it, 404 when missing.
    Load(TypeId, usize),
    /// Neither.
    None,
}

pub struct Scope<'m> {
    pub model: &'m Model,
    pub ctx: &'m Context,
    pub pkg: String,
    /// Every context's package, for the import sections (shared).
    pub packages: Arc<BTreeSet<String>>,
    names: BTreeMap<Item, String>,
    /// Types of `contracts/types.py`, in definition order.
    pub types: Vec<TypeId>,
    /// Messages of `contracts/messages.py`: own, then the copied ones.
    pub messages: Vec<MessageId>,
    /// Module-level names of the contracts modules.
    taken: BTreeSet<String>,
}

/// Every context's Python package: computed once per model, shared by
/// every scope and import section.
pub fn packages(model: &Model) -> Arc<BTreeSet<String>> {
    Arc::new(model.contexts.iter().map(|c| py_package(&c.name)).collect())
}

impl<'m> Scope<'m> {
    pub fn new(model: &'m Model, ctx: &'m Context, packages: &Arc<BTreeSet<String>>) -> Scope<'m> {
        let packages = Arc::clone(packages);
        let mut messages: Vec<MessageId> = ctx.messages.clone();
        let mut foreign: Vec<MessageId> = Vec::new();
        for s in &ctx.subscriptions {
            foreign.push(model.subscription(*s).event);
        }
        for u in ctx.calls.iter().chain(&ctx.sends) {
            foreign.push(model.use_(*u).target);
        }
        foreign.sort();
        foreign.dedup();
        foreign.retain(|m| model.message(*m).context != ctx.id);
        messages.extend(foreign.iter().copied());

        // Types: the context's own, and every type its messages and types
        // reach.
        let mut reach: BTreeSet<TypeId> = ctx.types.iter().copied().collect();
        let mut stack: Vec<TypeId> = ctx.types.clone();
        for m in &messages {
            let m = model.message(*m);
            let mut out = Vec::new();
            for f in &m.fields {
                f.ty.named(&mut out);
            }
            if let Some((t, _)) = &m.returns {
                t.named(&mut out);
            }
            stack.extend(out);
        }
        while let Some(t) = stack.pop() {
            reach.insert(t);
            let mut out = Vec::new();
            for f in &model.type_def(t).fields {
                f.ty.named(&mut out);
            }
            for n in out {
                if !reach.contains(&n) {
                    stack.push(n);
                }
            }
        }
        let types = definition_order(model, ctx, &reach);

        let mut scope = Scope {
            model,
            ctx,
            pkg: py_package(&ctx.name),
            packages,
            names: BTreeMap::new(),
            types,
            messages,
            taken: CONTRACT_MODULE_NAMES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        scope.name_classes();
        scope
    }

    /// Own names first, then copies (prefixed with their context when
    /// taken), then HTTP bodies.
    fn name_classes(&mut self) {
        let model = self.model;
        let mut order: Vec<(bool, Item, String, String)> = Vec::new();
        for t in &self.types {
            let td = model.type_def(*t);
            let ctx = &model.context(td.context).name;
            order.push((
                td.context != self.ctx.id,
                Item::Type(*t),
                td.name.clone(),
                ctx.clone(),
            ));
        }
        for m in &self.messages {
            let md = model.message(*m);
            let ctx = &model.context(md.context).name;
            order.push((
                md.context != self.ctx.id,
                Item::Message(*m),
                md.name.clone(),
                ctx.clone(),
            ));
        }
        order.sort_by_key(|(foreign, item, _, _)| (*foreign, *item));
        for (foreign, item, name, ctx) in order {
            let mut n = py_class(&name);
            if foreign && self.is_taken(&n) {
                n = py_class(&format!("{ctx}{name}"));
            }
            let n = py_unique(n, |s| self.is_taken(s));
            self.taken.insert(n.clone());
            self.names.insert(item, n);
        }
        for op in self.http_ops() {
            if op.has_body() && !op.body_is_message() {
                let base = format!("{}Body", self.class(Item::Message(op.msg.id)));
                let n = py_unique(base, |s| self.is_taken(s));
                self.taken.insert(n.clone());
                self.names.insert(Item::Body(op.msg.id), n);
            }
        }
    }

    /// Whether a contracts module binds `name` (a class or an import).
    pub fn is_contract_name(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name) || CODE_NAMES.contains(&name)
    }

    pub fn class(&self, item: Item) -> &str {
        &self.names[&item]
    }
    pub fn type_class(&self, t: TypeId) -> &str {
        self.class(Item::Type(t))
    }
    pub fn message_class(&self, m: MessageId) -> &str {
        self.class(Item::Message(m))
    }

    pub fn imports(&self) -> Imports {
        Imports::new(&self.packages)
    }

    pub fn is_own(&self, t: TypeId) -> bool {
        self.model.type_def(t).context == self.ctx.id
    }

    /// The Python attribute names of a list of fields (a class's fields).
    pub fn attrs(&self, fields: &[Field]) -> Vec<String> {
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut out = Vec::new();
        for f in fields {
            let a = py_field_avoiding(&f.name, |n| self.taken.contains(n) || used.contains(n));
            used.insert(a.clone());
            out.push(a);
        }
        out
    }

    /// The model's `T` as a Python type.
    pub fn ty(&self, t: &TypeRef) -> String {
        match t {
            TypeRef::Primitive(p) => primitive(*p).to_string(),
            TypeRef::Named(id) => self.type_class(*id).to_string(),
            TypeRef::List(t) => format!("list[{}]", self.ty(t)),
            TypeRef::Map(t) => format!("dict[str, {}]", self.ty(t)),
            TypeRef::Optional(t) => format!("{} | None", self.ty(t)),
            TypeRef::Unresolved => "Any".into(),
        }
    }

    /// Adds the imports `ty(t)` needs in a module outside `contracts`
    /// (classes from `contracts_module`).
    pub fn import_ty(&self, t: &TypeRef, contracts_module: &str, imp: &mut Imports) {
        match t {
            TypeRef::Primitive(p) => import_primitive(*p, imp),
            TypeRef::Named(id) => {
                imp.name(contracts_module, self.type_class(*id));
            }
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Optional(t) => {
                self.import_ty(t, contracts_module, imp)
            }
            TypeRef::Unresolved => {
                imp.name("typing", "Any");
            }
        }
    }

    /// The context's `via http` operations, in declaration order.
    pub fn http_ops(&self) -> Vec<HttpOp<'m>> {
        let mut out = Vec::new();
        for id in &self.ctx.messages {
            let msg = self.model.message(*id);
            if let Some(op) = http_op(msg) {
                out.push(op);
            }
        }
        out
    }

    /// The context's own `via queue` commands.
    pub fn queue_commands(&self) -> Vec<&'m Message> {
        self.ctx
            .messages
            .iter()
            .map(|m| self.model.message(*m))
            .filter(|m| m.is_queue())
            .collect()
    }

    /// Own commands and queries (every one gets a service function).
    pub fn operations(&self) -> Vec<&'m Message> {
        self.ctx
            .messages
            .iter()
            .map(|m| self.model.message(*m))
            .filter(|m| m.kind != MessageKind::Event)
            .collect()
    }

    /// Own published events.
    pub fn published_events(&self) -> Vec<&'m Message> {
        self.ctx
            .messages
            .iter()
            .map(|m| self.model.message(*m))
            .filter(|m| m.is_published_event())
            .collect()
    }

    /// Aggregates stored in the context's table.
    pub fn stored_aggregates(&self) -> Vec<&'m TypeDef> {
        if self.ctx.store != Store::DynamoDb {
            return Vec::new();
        }
        self.ctx
            .types
            .iter()
            .map(|t| self.model.type_def(*t))
            .filter(|t| t.is_aggregate() && self.model.key_field(t).is_some())
            .collect()
    }

    /// The index of an aggregate's key field.
    pub fn key_index(&self, agg: &TypeDef) -> usize {
        let key = self
            .model
            .key_field(agg)
            .expect("stored aggregates have a key");
        agg.fields
            .iter()
            .position(|f| std::ptr::eq(f, key))
            .unwrap_or(0)
    }

    /// The stored aggregate whose key has type `id`.
    fn aggregate_keyed_by(&self, id: TypeId) -> Option<&'m TypeDef> {
        self.stored_aggregates().into_iter().find(|a| {
            let k = &a.fields[self.key_index(a)];
            k.ty.direct() == Some(id)
        })
    }

    /// What the default body of an operation does.
    pub fn target(&self, msg: &Message) -> Target {
        if let Some((TypeRef::Named(r), _)) = &msg.returns {
            if msg.kind == MessageKind::Command {
                if let Some(agg) = self.aggregate_keyed_by(*r) {
                    let key = &agg.fields[self.key_index(agg)];
                    let from = msg
                        .fields
                        .iter()
                        .position(|f| f.name == key.name && f.ty == key.ty)
                        .or_else(|| msg.fields.iter().position(|f| f.ty == key.ty));
                    return Target::Create(agg.id, from);
                }
            }
        }
        for (i, f) in msg.fields.iter().enumerate() {
            if let Some(id) = f.ty.direct() {
                if let Some(agg) = self.aggregate_keyed_by(id) {
                    return Target::Load(agg.id, i);
                }
            }
        }
        Target::None
    }

    /// A local variable (or parameter) name for `base` that avoids `taken`,
    /// the module's names and the builtins a body may call (`len`: soak seed
    /// 102, an index field `len`).
    pub fn local(&self, base: &str, taken: &BTreeSet<String>) -> String {
        crate::generate::names::py_free(base, |n| {
            taken.contains(n) || CODE_NAMES.contains(&n) || self.taken.contains(n)
        })
    }
}

fn http_op(msg: &Message) -> Option<HttpOp<'_>> {
    let Some(Via::Http { method, path, .. }) = &msg.via else {
        return None;
    };
    let names = path_params(path);
    let mut path_fields = Vec::new();
    for n in &names {
        if let Some(i) = msg.fields.iter().position(|f| f.name == *n) {
            path_fields.push(i);
        }
    }
    let rest: Vec<usize> = (0..msg.fields.len())
        .filter(|i| !path_fields.contains(i))
        .collect();
    let (query_fields, body_fields) = match method {
        HttpMethod::Get | HttpMethod::Delete => (rest, Vec::new()),
        _ => (Vec::new(), rest),
    };
    Some(HttpOp {
        msg,
        method: *method,
        path: path.clone(),
        path_fields,
        query_fields,
        body_fields,
    })
}

/// `/a/{x}/b/{y}` → `x, y`.
pub fn path_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Ids and enums first (own, then copied), then the structured types with
/// every type before the types that hold it (a cycle, only possible through
/// a list, map or optional, is closed with a forward reference).
fn definition_order(model: &Model, ctx: &Context, reach: &BTreeSet<TypeId>) -> Vec<TypeId> {
    let mut all: Vec<TypeId> = reach.iter().copied().collect();
    all.sort_by_key(|t| (model.type_def(*t).context != ctx.id, *t));
    let mut out: Vec<TypeId> = all
        .iter()
        .copied()
        .filter(|t| matches!(model.type_def(*t).kind, TypeDefKind::Id(_)))
        .collect();
    out.extend(
        all.iter()
            .copied()
            .filter(|t| matches!(model.type_def(*t).kind, TypeDefKind::Enum(_))),
    );
    let mut done: BTreeSet<TypeId> = out.iter().copied().collect();
    let mut visiting: BTreeSet<TypeId> = BTreeSet::new();
    let deps = |t: TypeId| {
        let mut deps = Vec::new();
        for f in &model.type_def(t).fields {
            f.ty.named(&mut deps);
        }
        deps
    };
    // Depth-first, dependencies before dependants, with an explicit stack: a
    // chain of thousands of types must not overflow the call stack.
    let mut stack: Vec<(TypeId, Vec<TypeId>, usize)> = Vec::new();
    for root in all {
        if done.contains(&root) {
            continue;
        }
        visiting.insert(root);
        stack.push((root, deps(root), 0));
        while let Some((t, ds, next)) = stack.last_mut() {
            if let Some(d) = ds.get(*next).copied() {
                *next += 1;
                if !done.contains(&d) && visiting.insert(d) {
                    stack.push((d, deps(d), 0));
                }
            } else {
                let t = *t;
                stack.pop();
                visiting.remove(&t);
                done.insert(t);
                out.push(t);
            }
        }
    }
    out
}

pub fn primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "str",
        Primitive::Int => "int",
        Primitive::Float => "float",
        Primitive::Decimal => "Decimal",
        Primitive::Bool => "bool",
        Primitive::Date => "date",
        Primitive::DateTime => "datetime",
        Primitive::Uuid => "UUID",
        Primitive::Bytes => "bytes",
        Primitive::Json => "JsonValue",
    }
}

pub fn import_primitive(p: Primitive, imp: &mut Imports) {
    match p {
        Primitive::Decimal => {
            imp.name("decimal", "Decimal");
        }
        Primitive::Date => {
            imp.name("datetime", "date");
        }
        Primitive::DateTime => {
            imp.name("datetime", "datetime");
        }
        Primitive::Uuid => {
            imp.name("uuid", "UUID");
        }
        Primitive::Json => {
            imp.name("pydantic", "JsonValue");
        }
        _ => {}
    }
}
