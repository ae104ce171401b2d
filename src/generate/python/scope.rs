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

/// Names every contracts module binds besides its classes, and the builtins
/// its annotations use (a field `list: list[str]` would make later
/// annotations in the class body name the field), and the error class the
/// handlers import beside the contracts.
const CONTRACT_MODULE_NAMES: &[&str] = &[
    "Any",
    "BaseModel",
    "NotFoundError",
    "bool",
    "bytes",
    "dict",
    "float",
    "int",
    "list",
    "str",
    "BridgeEvent",
    "ClassVar",
    "ConfigDict",
    "ContractModel",
    "Decimal",
    "Envelope",
    "Field",
    "JsonValue",
    "NewType",
    "StrEnum",
    "UUID",
    "date",
    "datetime",
];

/// Lower-case names the generated modules use as parameters, variables or
/// modules; a class never takes one of them.
const CODE_NAMES: &[&str] = &[
    "agg",
    "app",
    "aws",
    "body",
    "command",
    "envelope",
    "event",
    "handler",
    "logger",
    "processor",
    "publisher",
    "query",
    "record",
    "repo",
    "repository",
    "result",
    "senders",
    "service",
    "clients",
];

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

    /// A default value of `t` (what a new aggregate holds where the
    /// message says nothing).
    pub fn default(&self, t: &TypeRef, contracts: &str, imp: &mut Imports) -> Py {
        self.default_at(t, contracts, imp, 0, &mut { MAX_VALUE_NODES })
    }

    fn default_at(
        &self,
        t: &TypeRef,
        contracts: &str,
        imp: &mut Imports,
        depth: usize,
        left: &mut usize,
    ) -> Py {
        *left = left.saturating_sub(1);
        match t {
            TypeRef::Optional(_) | TypeRef::Unresolved => Py::inline("None"),
            TypeRef::List(_) => Py::inline("[]"),
            TypeRef::Map(_) => Py::inline("{}"),
            TypeRef::Primitive(p) => Py::inline(primitive_default(*p, imp)),
            TypeRef::Named(id) => {
                let td = self.model.type_def(*id);
                let class = self.type_class(*id).to_string();
                imp.name(contracts, &class);
                match &td.kind {
                    TypeDefKind::Id(IdBase::Int) => Py::inline(format!("{class}(0)")),
                    TypeDefKind::Id(_) => Py::inline(format!("{class}(\"\")")),
                    TypeDefKind::Enum(vs) => Py::inline(format!(
                        "{class}.{}",
                        vs.first().map(|v| py_variant(&v.name)).unwrap_or_default()
                    )),
                    _ if depth > 8 || *left == 0 => Py::inline("None"),
                    _ => {
                        let attrs = self.attrs(&td.fields);
                        let args = td
                            .fields
                            .iter()
                            .zip(attrs)
                            .map(|(f, a)| {
                                (a, self.default_at(&f.ty, contracts, imp, depth + 1, left))
                            })
                            .collect();
                        Py::Call(class, args)
                    }
                }
            }
        }
    }

    /// An expression for a new id of type `id`.
    pub fn new_id(&self, id: TypeId, contracts: &str, imp: &mut Imports) -> String {
        let class = self.type_class(id).to_string();
        imp.name(contracts, &class);
        imp.name("uuid", "uuid4");
        match self.model.type_def(id).kind {
            // 53 random bits: exact in every JSON reader.
            TypeDefKind::Id(IdBase::Int) => format!("{class}(uuid4().int >> 75)"),
            _ => format!("{class}(str(uuid4()))"),
        }
    }

    /// A value of the structured type `target` (or of a message's fields)
    /// taken field by field from `sources` by name, else a default.
    pub fn build(
        &self,
        class: &str,
        fields: &[Field],
        sources: &[Source<'_>],
        overrides: &BTreeMap<usize, Py>,
        contracts: &str,
        imp: &mut Imports,
    ) -> Py {
        let attrs = self.attrs(fields);
        let mut args = Vec::new();
        for (i, (f, a)) in fields.iter().zip(attrs).enumerate() {
            let v = match overrides.get(&i) {
                Some(v) => v.clone(),
                None => self.taken_from(f, sources, contracts, imp),
            };
            args.push((a, v));
        }
        Py::Call(class.to_string(), args)
    }

    fn taken_from(
        &self,
        f: &Field,
        sources: &[Source<'_>],
        contracts: &str,
        imp: &mut Imports,
    ) -> Py {
        for s in sources {
            let attrs = self.attrs(s.fields);
            for (sf, sa) in s.fields.iter().zip(&attrs) {
                if sf.name != f.name {
                    continue;
                }
                let expr = format!("{}.{}", s.var, sa);
                if sf.ty == f.ty || TypeRef::Optional(Box::new(sf.ty.clone())) == f.ty {
                    return Py::Inline(expr);
                }
                if let TypeRef::Optional(inner) = &sf.ty {
                    if **inner == f.ty {
                        let d = self.default(&f.ty, contracts, imp);
                        if let Py::Inline(d) = d {
                            return Py::Inline(format!("{expr} or {d}"));
                        }
                    }
                }
            }
        }
        self.default(&f.ty, contracts, imp)
    }

    /// A sample JSON value of `t` as a Python literal (good input for tests);
    /// `hint` names the field it fills.
    pub fn sample(&self, t: &TypeRef, hint: &str) -> Py {
        self.sample_at(t, hint, 0, &mut { MAX_VALUE_NODES })
    }

    fn sample_at(&self, t: &TypeRef, hint: &str, depth: usize, left: &mut usize) -> Py {
        *left = left.saturating_sub(1);
        match t {
            TypeRef::Optional(_) if depth > 3 => Py::inline("None"),
            TypeRef::Optional(t) => self.sample_at(t, hint, depth, left),
            TypeRef::List(_) | TypeRef::Map(_) if depth > 3 => match t {
                TypeRef::List(_) => Py::List(vec![]),
                _ => Py::Dict(vec![]),
            },
            TypeRef::List(t) => Py::List(vec![self.sample_at(t, hint, depth + 1, left)]),
            TypeRef::Map(t) => Py::Dict(vec![(
                py_str("key"),
                self.sample_at(t, hint, depth + 1, left),
            )]),
            TypeRef::Unresolved => Py::inline("None"),
            TypeRef::Primitive(p) => Py::Inline(sample_primitive(*p, hint)),
            TypeRef::Named(id) => {
                let td = self.model.type_def(*id);
                match &td.kind {
                    TypeDefKind::Id(IdBase::Int) => Py::inline("42"),
                    TypeDefKind::Id(IdBase::Uuid) => {
                        Py::Inline(py_str(&uuid_for(&self.model.type_path(*id))))
                    }
                    TypeDefKind::Id(IdBase::String) => {
                        Py::Inline(py_str(&format!("{}-1", snake(&td.name).replace('_', "-"))))
                    }
                    TypeDefKind::Enum(vs) => {
                        Py::Inline(py_str(vs.first().map(|v| v.name.as_str()).unwrap_or("")))
                    }
                    _ if *left == 0 || depth > MAX_VALUE_DEPTH => Py::inline("None"),
                    _ => Py::Dict(
                        td.fields
                            .iter()
                            .map(|f| {
                                let v = self.sample_at(&f.ty, &f.name, depth + 1, left);
                                (py_str(&f.name), v)
                            })
                            .collect(),
                    ),
                }
            }
        }
    }

    /// A sample of a message as a JSON object literal.
    pub fn sample_fields(&self, fields: &[Field], skip: &[usize]) -> Py {
        Py::Dict(
            fields
                .iter()
                .enumerate()
                .filter(|(i, _)| !skip.contains(i))
                .map(|(_, f)| (py_str(&f.name), self.sample(&f.ty, &f.name)))
                .collect(),
        )
    }

    /// The text form of a sample parameter value: each element of a list
    /// (query parameters repeat).
    pub fn sample_param(&self, t: &TypeRef, hint: &str) -> Vec<String> {
        match t {
            TypeRef::Optional(t) => self.sample_param(t, hint),
            TypeRef::List(t) => self.sample_param(t, hint),
            _ => match self.sample(t, hint) {
                Py::Inline(s) => vec![match s.as_str() {
                    "True" => "true".to_string(),
                    "False" => "false".to_string(),
                    s if s.starts_with('"') || s.starts_with('\'') => s[1..s.len() - 1].to_string(),
                    s => s.to_string(),
                }],
                _ => vec!["x".into()],
            },
        }
    }

    /// A value that does not parse as `t`, when there is one.
    pub fn bad_param(&self, t: &TypeRef) -> Option<&'static str> {
        match t {
            TypeRef::Optional(t) | TypeRef::List(t) => self.bad_param(t),
            TypeRef::Primitive(p) => match p {
                Primitive::Int | Primitive::Float | Primitive::Decimal => Some("not-a-number"),
                Primitive::Bool => Some("not-a-bool"),
                Primitive::Date | Primitive::DateTime => Some("not-a-date"),
                Primitive::Uuid => Some("not-a-uuid"),
                _ => None,
            },
            TypeRef::Named(id) => match &self.model.type_def(*id).kind {
                TypeDefKind::Id(IdBase::Int) => Some("not-a-number"),
                TypeDefKind::Enum(_) => Some("not-a-member"),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a field of this type must be present (not optional).
    pub fn required(t: &TypeRef) -> bool {
        !matches!(t, TypeRef::Optional(_))
    }

    /// A local variable name for `base` that avoids `taken`.
    pub fn local(&self, base: &str, taken: &BTreeSet<String>) -> String {
        py_unique(crate::generate::names::py_ident(base), |n| {
            taken.contains(n) || CODE_NAMES.contains(&n) || self.taken.contains(n)
        })
    }
}

/// A variable and the fields it has, to fill another value from.
pub struct Source<'a> {
    pub var: String,
    pub fields: &'a [Field],
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

/// Most values one sample or default may hold. Types that nest twice per
/// level would otherwise make samples exponential in the nesting depth (a
/// 1 KB model took minutes and gigabytes); past the cap a structured value
/// is `None`, so the generator stays linear and such a test needs a hand-made
/// sample (docs/generation.md).
const MAX_VALUE_NODES: usize = 1_000;

/// Deepest nesting of structured types in one sample (JSON parsers limit depth).
const MAX_VALUE_DEPTH: usize = 32;

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

fn primitive_default(p: Primitive, imp: &mut Imports) -> String {
    match p {
        Primitive::String => "\"\"".into(),
        Primitive::Int => "0".into(),
        Primitive::Float => "0.0".into(),
        Primitive::Decimal => {
            imp.name("decimal", "Decimal");
            "Decimal(\"0\")".into()
        }
        Primitive::Bool => "False".into(),
        Primitive::Date => {
            imp.name("datetime", "UTC").name("datetime", "datetime");
            "datetime.now(UTC).date()".into()
        }
        Primitive::DateTime => {
            imp.name("datetime", "UTC").name("datetime", "datetime");
            "datetime.now(UTC)".into()
        }
        Primitive::Uuid => {
            imp.name("uuid", "uuid4");
            "uuid4()".into()
        }
        Primitive::Bytes => "b\"\"".into(),
        Primitive::Json => "None".into(),
    }
}

fn sample_primitive(p: Primitive, hint: &str) -> String {
    match p {
        Primitive::String => py_str(&format!("{}-1", hint.to_lowercase().replace('_', "-"))),
        Primitive::Int => "1".into(),
        Primitive::Float => "1.5".into(),
        Primitive::Decimal => py_str("12.50"),
        Primitive::Bool => "True".into(),
        Primitive::Date => py_str("2024-05-01"),
        Primitive::DateTime => py_str("2024-05-01T12:00:00Z"),
        Primitive::Uuid => py_str(&uuid_for(hint)),
        Primitive::Bytes => py_str("aGVsbG8="),
        Primitive::Json => "{\"key\": \"value\"}".into(),
    }
}
