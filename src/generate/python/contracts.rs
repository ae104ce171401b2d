//! `src/<pkg>/contracts/`: pydantic v2 models of the context's types and
//! messages (and copies of the other contexts' ones it uses), and the
//! event envelope.

use super::code::{docstring, py_str};
use super::imports::dunder_all_cmp;
use super::scope::{Item, Scope};
use crate::generate::names::py_variant;
use crate::generate::OWNED_HEADER;
use crate::model::{Broker, Field, IdBase, MessageKind, TypeDefKind, TypeId, TypeRef, Via};
use askama::Template;
use std::collections::BTreeSet;

pub struct TypeView {
    pub kind: &'static str,
    pub name: String,
    pub comments: Vec<String>,
    pub doc: Option<String>,
    pub base: &'static str,
    pub members: Vec<MemberView>,
    pub fields: Vec<String>,
}

pub struct MemberView {
    pub name: String,
    pub value: String,
    pub comments: Vec<String>,
}

#[derive(Template)]
#[template(path = "python/contracts/types.py")]
pub struct TypesPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub types: Vec<TypeView>,
    pub rebuild: Vec<String>,
}

pub struct MessageView {
    pub name: String,
    pub comments: Vec<String>,
    pub doc: Option<String>,
    pub fields: Vec<String>,
}

#[derive(Template)]
#[template(path = "python/contracts/messages.py")]
pub struct MessagesPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub messages: Vec<MessageView>,
}

#[derive(Template)]
#[template(path = "python/contracts/envelope.py")]
pub struct EnvelopePy {
    pub header: &'static str,
    pub system: String,
    pub eventbridge: bool,
}

#[derive(Template)]
#[template(path = "python/contracts/init.py")]
pub struct ContractsInitPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub names: Vec<String>,
}

/// Comment lines for a doc text.
pub fn doc_comments(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim_end().replace('\t', "    "))
        .map(|l| if l.is_empty() { String::new() } else { l })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|l| l.trim_start().to_string())
        .collect()
}

/// One field statement of a model, at indentation 4.
fn field_line(scope: &Scope, f: &Field, attr: &str, forward: bool) -> String {
    let mut ty = scope.ty(&f.ty);
    if forward {
        ty = format!("\"{ty}\"");
    }
    let optional = matches!(f.ty, TypeRef::Optional(_));
    let alias = attr != f.name;
    if !alias && f.docs.is_none() {
        return if optional {
            format!("{attr}: {ty} = None")
        } else {
            format!("{attr}: {ty}")
        };
    }
    let mut s = format!("{attr}: {ty} = Field(\n");
    if optional {
        s.push_str("        default=None,\n");
    }
    if alias {
        s.push_str(&format!("        alias={},\n", py_str(&f.name)));
    }
    if let Some(d) = &f.docs {
        s.push_str(&format!("        description={},\n", py_str(d)));
    }
    s.push_str("    )");
    s
}

fn fields_need_field(scope: &Scope, fields: &[Field]) -> bool {
    let attrs = scope.attrs(fields);
    fields
        .iter()
        .zip(attrs)
        .any(|(f, a)| a != f.name || f.docs.is_some())
}

fn mentions(t: &TypeRef, out: &mut Vec<TypeId>) {
    t.named(out)
}

fn import_contract_ty(t: &TypeRef, imp: &mut super::imports::Imports) {
    match t {
        TypeRef::Primitive(p) => super::scope::import_primitive(*p, imp),
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Optional(t) => import_contract_ty(t, imp),
        TypeRef::Unresolved => {
            imp.name("typing", "Any");
        }
        TypeRef::Named(_) => {}
    }
}

pub fn types_py(scope: &Scope) -> String {
    let model = scope.model;
    let mut imp = scope.imports();
    imp.name("pydantic", "BaseModel")
        .name("pydantic", "ConfigDict");
    let mut defined: BTreeSet<TypeId> = BTreeSet::new();
    let mut views = Vec::new();
    let mut rebuild = Vec::new();
    for t in &scope.types {
        let td = model.type_def(*t);
        let name = scope.type_class(*t).to_string();
        let mut comments = Vec::new();
        if !scope.is_own(*t) {
            comments.push(format!(
                "{}, copied from the {} context.",
                model.type_path(*t),
                model.context(td.context).name
            ));
        }
        let view = match &td.kind {
            TypeDefKind::Id(base) => {
                imp.name("typing", "NewType");
                if let Some(d) = &td.docs {
                    comments.extend(doc_comments(d));
                }
                TypeView {
                    kind: "id",
                    name: name.clone(),
                    comments,
                    doc: None,
                    base: if *base == IdBase::Int { "int" } else { "str" },
                    members: vec![],
                    fields: vec![],
                }
            }
            TypeDefKind::Enum(variants) => {
                imp.name("enum", "StrEnum");
                let mut used = BTreeSet::new();
                let members = variants
                    .iter()
                    .map(|v| {
                        let n = crate::generate::names::py_unique(py_variant(&v.name), |s| {
                            used.contains(s)
                        });
                        used.insert(n.clone());
                        MemberView {
                            name: n,
                            value: py_str(&v.name),
                            comments: v.docs.as_deref().map(doc_comments).unwrap_or_default(),
                        }
                    })
                    .collect();
                TypeView {
                    kind: "enum",
                    name: name.clone(),
                    comments,
                    doc: td.docs.as_deref().map(|d| docstring(d, 4)),
                    base: "str",
                    members,
                    fields: vec![],
                }
            }
            _ => {
                if fields_need_field(scope, &td.fields) {
                    imp.name("pydantic", "Field");
                }
                let attrs = scope.attrs(&td.fields);
                let mut fields = Vec::new();
                let mut has_forward = false;
                for (f, a) in td.fields.iter().zip(&attrs) {
                    import_contract_ty(&f.ty, &mut imp);
                    let mut refs = Vec::new();
                    mentions(&f.ty, &mut refs);
                    let forward =
                        refs.iter().any(|r| !defined.contains(r) && *r != *t) || refs.contains(t);
                    has_forward |= forward;
                    fields.push(field_line(scope, f, a, forward));
                }
                if has_forward {
                    rebuild.push(name.clone());
                }
                TypeView {
                    kind: "model",
                    name: name.clone(),
                    comments,
                    doc: td.docs.as_deref().map(|d| docstring(d, 4)),
                    base: "",
                    members: vec![],
                    fields,
                }
            }
        };
        defined.insert(*t);
        views.push(view);
    }
    TypesPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        types: views,
        rebuild,
    }
    .render()
    .expect("types.py renders")
}

/// How a message travels, for the comment above its class.
fn transport(scope: &Scope, id: crate::model::MessageId) -> String {
    let model = scope.model;
    let m = model.message(id);
    let kind = match m.kind {
        MessageKind::Command => "command",
        MessageKind::Query => "query",
        MessageKind::Event => "event",
    };
    let mut s = if m.context == scope.ctx.id {
        kind.to_string()
    } else {
        format!(
            "{kind} {}, copied from the {} context",
            model.message_path(id),
            model.context(m.context).name
        )
    };
    match &m.via {
        Some(Via::Http { method, path, .. }) => {
            s.push_str(&format!(", via http {} {}", method.as_str(), path))
        }
        Some(Via::Queue) => s.push_str(", via queue"),
        None if m.kind == MessageKind::Event && m.internal => s.push_str(", internal"),
        None if m.kind == MessageKind::Event && m.context == scope.ctx.id => {
            s.push_str(", published")
        }
        None if m.kind == MessageKind::Event => s.push_str(", subscribed to"),
        None => s.push_str(", internal"),
    }
    if let Some((t, _)) = &m.returns {
        s.push_str(&format!(", returns {}", model.type_ref_text(t, m.context)));
    }
    if !m.emits.is_empty() {
        let e: Vec<&str> = m
            .emits
            .iter()
            .map(|(e, _)| model.message(*e).name.as_str())
            .collect();
        s.push_str(&format!(", emits {}", e.join(", ")));
    }
    s
}

pub fn messages_py(scope: &Scope) -> String {
    let model = scope.model;
    let mut imp = scope.imports();
    let mut views = Vec::new();
    let ops = scope.http_ops();
    for id in &scope.messages {
        let m = model.message(*id);
        if !m.fields.is_empty() && fields_need_field(scope, &m.fields) {
            imp.name("pydantic", "Field");
        }
        let attrs = scope.attrs(&m.fields);
        let mut fields = Vec::new();
        for (f, a) in m.fields.iter().zip(&attrs) {
            import_message_ty(scope, &f.ty, &mut imp);
            fields.push(field_line(scope, f, a, false));
        }
        views.push(MessageView {
            name: scope.message_class(*id).to_string(),
            comments: vec![transport(scope, *id)],
            doc: m.docs.as_deref().map(|d| docstring(d, 4)),
            fields,
        });
        if let Some(op) = ops.iter().find(|o| o.msg.id == *id) {
            if op.has_body() && !op.body_is_message() {
                let path: Vec<String> = op
                    .path_fields
                    .iter()
                    .map(|i| format!("`{}`", m.fields[*i].name))
                    .collect();
                // The body keeps the message's attribute names.
                let lines = op
                    .body_fields
                    .iter()
                    .map(|i| field_line(scope, &m.fields[*i], &attrs[*i], false))
                    .collect();
                views.push(MessageView {
                    name: scope.class(Item::Body(*id)).to_string(),
                    comments: vec![],
                    doc: Some(docstring(
                        &format!(
                            "The HTTP body of {}: every field but the path's {}.",
                            m.name,
                            path.join(", ")
                        ),
                        4,
                    )),
                    fields: lines,
                });
            }
        }
    }
    if !views.is_empty() {
        imp.name(".types", "ContractModel");
    }
    MessagesPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        messages: views,
    }
    .render()
    .expect("messages.py renders")
}

fn import_message_ty(scope: &Scope, t: &TypeRef, imp: &mut super::imports::Imports) {
    match t {
        TypeRef::Named(id) => {
            imp.name(".types", scope.type_class(*id));
        }
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Optional(t) => {
            import_message_ty(scope, t, imp)
        }
        other => import_contract_ty(other, imp),
    }
}

pub fn envelope_py(scope: &Scope) -> String {
    EnvelopePy {
        header: OWNED_HEADER,
        system: scope.model.system.name.clone(),
        eventbridge: scope.model.system.broker == Broker::EventBridge,
    }
    .render()
    .expect("envelope.py renders")
}

pub fn init_py(scope: &Scope) -> String {
    let mut imp = scope.imports();
    let mut names = vec![
        "CommandEnvelope".to_string(),
        "ContractModel".to_string(),
        "Envelope".to_string(),
    ];
    imp.name(".envelope", "CommandEnvelope")
        .name(".envelope", "Envelope")
        .name(".types", "ContractModel");
    if scope.model.system.broker == Broker::EventBridge {
        imp.name(".envelope", "BridgeEvent");
        names.push("BridgeEvent".into());
    }
    for t in &scope.types {
        let n = scope.type_class(*t);
        imp.name(".types", n);
        names.push(n.to_string());
    }
    for m in &scope.messages {
        let n = scope.message_class(*m);
        imp.name(".messages", n);
        names.push(n.to_string());
        if let Some(op) = scope.http_ops().iter().find(|o| o.msg.id == *m) {
            if op.has_body() && !op.body_is_message() {
                let b = scope.class(Item::Body(*m));
                imp.name(".messages", b);
                names.push(b.to_string());
            }
        }
    }
    names.sort_by(|a, b| dunder_all_cmp(a, b));
    ContractsInitPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        names,
    }
    .render()
    .expect("contracts/__init__.py renders")
}
