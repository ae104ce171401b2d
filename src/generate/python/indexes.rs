//! The repository side of an aggregate's indexes: which top-level
//! attributes `save` writes beside `data`, and one query method per index
//! (`OrderRepository().by_customer(customer)`), for
//! `templates/python/adapters/repository_indexes.py`.

use super::code::{py_str, Py};
use super::imports::Imports;
use super::scope::Scope;
use crate::generate::names::{py_ident, snake};
use crate::model::schema::{attribute_type, key_attribute};
use crate::model::{TypeDef, TypeRef};
use std::collections::BTreeSet;

/// One key attribute `save` writes.
pub struct KeyView {
    pub attribute: String,
    /// `S` or `N`.
    pub kind: &'static str,
    /// The aggregate's Python attribute holding the value.
    pub attr: String,
    pub optional: bool,
}

pub struct IndexView {
    pub gsi: String,
    pub method: String,
    pub param: String,
    pub param_type: String,
    pub partition_wire: String,
    pub partition_attribute: String,
    pub partition_kind: &'static str,
    /// `, by `placed_at`` when the index has a sort field.
    pub order_doc: String,
    pub keys: Vec<KeyView>,
}

/// The method name of an index: `ByCustomer` → `by_customer`.
pub fn method_name(index: &str) -> String {
    py_ident(&snake(index))
}

pub fn views(scope: &Scope, a: &TypeDef, _var: &str, imp: &mut Imports) -> Vec<IndexView> {
    if a.indexes.is_empty() {
        return Vec::new();
    }
    imp.name("typing", "Any")
        .name("pydantic_core", "to_jsonable_python");
    let attrs = scope.attrs(&a.fields);
    let attr_of = |name: &str| {
        let i = a
            .fields
            .iter()
            .position(|f| f.name == name)
            .expect("validated");
        (attrs[i].clone(), &a.fields[i])
    };
    let taken: BTreeSet<String> = [
        "self",
        "descending",
        "limit",
        "found",
        "key",
        "request",
        "response",
        "item",
        "last",
        "aws",
        "os",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut out = Vec::new();
    for index in &a.indexes {
        let Some((p, s)) = scope.model.index_fields(a, index) else {
            continue;
        };
        let mut keys = Vec::new();
        for (field, sort) in std::iter::once((p, false)).chain(s.map(|s| (s, true))) {
            let (attr, f) = attr_of(&field.name);
            keys.push(KeyView {
                attribute: key_attribute(&a.name, &index.name, sort),
                kind: attribute_type(&f.ty),
                attr,
                optional: matches!(f.ty, TypeRef::Optional(_)),
            });
        }
        let bare = match &p.ty {
            TypeRef::Optional(t) => (**t).clone(),
            t => t.clone(),
        };
        scope.import_ty(&bare, "..contracts", imp);
        out.push(IndexView {
            gsi: index.gsi_name(&a.name),
            method: method_name(&index.name),
            param: scope.local(&snake(&p.name), &taken),
            param_type: scope.ty(&bare),
            partition_wire: p.name.clone(),
            partition_attribute: keys[0].attribute.clone(),
            partition_kind: keys[0].kind,
            order_doc: s.map(|s| format!(", by `{}`", s.name)).unwrap_or_default(),
            keys,
        });
    }
    out
}

/// For the moto conftest: one `update_table` per GSI of the context's table,
/// as the stack's template declares them (the same `Model::table_indexes`).
pub fn table_updates(scope: &Scope) -> Vec<String> {
    if scope.stored_aggregates().is_empty() {
        return Vec::new();
    }
    let dict =
        |pairs: Vec<(&str, Py)>| Py::Dict(pairs.into_iter().map(|(k, v)| (py_str(k), v)).collect());
    scope
        .model
        .table_indexes(scope.ctx)
        .into_iter()
        .map(|g| {
            let definitions = g
                .keys
                .iter()
                .map(|(name, kind)| {
                    dict(vec![
                        ("AttributeName", Py::inline(py_str(name))),
                        ("AttributeType", Py::inline(py_str(kind))),
                    ])
                })
                .collect();
            let schema = g
                .keys
                .iter()
                .enumerate()
                .map(|(i, (name, _))| {
                    let kind = if i == 0 { "HASH" } else { "RANGE" };
                    dict(vec![
                        ("AttributeName", Py::inline(py_str(name))),
                        ("KeyType", Py::inline(py_str(kind))),
                    ])
                })
                .collect();
            let create = dict(vec![(
                "Create",
                dict(vec![
                    ("IndexName", Py::inline(py_str(&g.name))),
                    ("KeySchema", Py::List(schema)),
                    ("Projection", Py::inline("{\"ProjectionType\": \"ALL\"}")),
                ]),
            )]);
            Py::Call(
                "boto3.client(\"dynamodb\").update_table".into(),
                vec![
                    ("TableName".into(), Py::inline("TABLE")),
                    ("AttributeDefinitions".into(), Py::List(definitions)),
                    ("GlobalSecondaryIndexUpdates".into(), Py::List(vec![create])),
                ],
            )
            .render(8)
        })
        .collect()
}
