//! E020–E023 and W113: an aggregate's secondary indexes.
//!
//! Each index becomes a DynamoDB global secondary index on the context's
//! table and a query method of the aggregate's repository, so its key fields
//! must exist (E020) and be values DynamoDB can key on (E021: strings,
//! numbers, uuids, dates, ids, enums, or an optional one of those, which makes
//! the index sparse), its name must give a method of its own (E022), and one
//! table takes at most 20 of them (E023). An index partitioned by the
//! aggregate's own identity finds what `get` already finds (W113).

use crate::diagnostic::{Code, Diagnostic};
use crate::generate::names::snake;
use crate::model::{Field, Index, Model, Primitive, TypeDef, TypeDefKind, TypeRef};
use crate::suggest::did_you_mean;
use std::collections::HashMap;

/// DynamoDB's quota of global secondary indexes per table.
pub const MAX_INDEXES_PER_TABLE: usize = 20;

/// Repository methods an index method must not shadow.
const REPOSITORY_METHODS: [&str; 3] = ["get", "save", "delete"];

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    for c in &model.contexts {
        let mut count = 0;
        for &tid in &c.types {
            let t = model.type_def(tid);
            check_aggregate(model, t, diags);
            for index in &t.indexes {
                count += 1;
                if count == MAX_INDEXES_PER_TABLE + 1 {
                    diags.push(
                        Diagnostic::new(
                            Code::E023,
                            index.name_span,
                            format!(
                                "context `{}` declares more than {MAX_INDEXES_PER_TABLE} indexes",
                                c.name
                            ),
                        )
                        .with_label(format!("index number {count}"))
                        .secondary(c.name_span, "all its aggregates share this context's one table")
                        .help(format!(
                            "DynamoDB allows {MAX_INDEXES_PER_TABLE} global secondary indexes per table: \
                             drop an index, or serve the query from a projection"
                        )),
                    );
                }
            }
        }
    }
}

fn check_aggregate(model: &Model, t: &TypeDef, diags: &mut Vec<Diagnostic>) {
    let mut names: HashMap<String, &Index> = HashMap::new();
    let mut keys: HashMap<Vec<&str>, &Index> = HashMap::new();
    let key_field = model.key_field(t).map(|f| f.name.as_str());
    for index in &t.indexes {
        let method = snake(&index.name);
        if let Some(first) = names.get(&method) {
            diags.push(
                Diagnostic::new(
                    Code::E022,
                    index.name_span,
                    format!(
                        "index `{}` of `{}` has the name of index `{}`",
                        index.name, t.name, first.name
                    ),
                )
                .with_label(format!("repository method `{method}` again"))
                .secondary(first.name_span, "first declared here")
                .help("give each index of an aggregate a name of its own"),
            );
        } else if REPOSITORY_METHODS.contains(&method.as_str()) {
            diags.push(
                Diagnostic::new(
                    Code::E022,
                    index.name_span,
                    format!(
                        "index `{}` would replace the repository's `{method}`",
                        index.name
                    ),
                )
                .with_label("a repository method already")
                .help(format!(
                    "name it after its key, e.g. `By{}`",
                    pascal_of(index)
                )),
            );
        } else {
            names.insert(method, index);
        }
        let written: Vec<&str> = index.keys.iter().map(|(k, _)| k.as_str()).collect();
        if written.len() == 2 && written[0] == written[1] {
            diags.push(
                Diagnostic::new(
                    Code::E022,
                    index.keys[1].1,
                    format!("index `{}` names `{}` twice", index.name, written[0]),
                )
                .with_label("already the partition field")
                .secondary(index.keys[0].1, "partition field")
                .help("the sort field is a second, different field; or leave it out"),
            );
        } else if let Some(first) = keys.get(&written) {
            diags.push(
                Diagnostic::new(
                    Code::E022,
                    index.span,
                    format!(
                        "indexes `{}` and `{}` of `{}` have the same key",
                        first.name, index.name, t.name
                    ),
                )
                .with_label("same fields as the first")
                .secondary(first.span, "first declared here")
                .help("one index serves both queries: remove this one"),
            );
        } else {
            keys.insert(written, index);
        }
        for (i, (name, span)) in index.keys.iter().enumerate() {
            let role = if i == 0 { "partition" } else { "sort" };
            let Some(field) = t.fields.iter().find(|f| &f.name == name) else {
                let mut d = Diagnostic::new(
                    Code::E020,
                    *span,
                    format!(
                        "index `{}` names `{name}`, which is not a field of `{}`",
                        index.name, t.name
                    ),
                )
                .with_label("no such field");
                d = match did_you_mean(name, t.fields.iter().map(|f| f.name.as_str())) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "an index's keys are fields of its aggregate: {}",
                        field_list(&t.fields)
                    )),
                };
                diags.push(d);
                continue;
            };
            if let Err(why) = key_type(model, &field.ty) {
                diags.push(
                    Diagnostic::new(
                        Code::E021,
                        *span,
                        format!(
                            "`{name}` cannot be the {role} key of index `{}`: {why}",
                            index.name
                        ),
                    )
                    .with_label(format!("the {role} field"))
                    .secondary(field.ty_span, "declared with this type")
                    .help(
                        "index on a string, int, decimal, uuid, date, datetime, id or enum field \
                         (optional ones too: aggregates without a value are left out of the index)",
                    ),
                );
            }
            if i == 0 && key_field == Some(name.as_str()) {
                diags.push(
                    Diagnostic::new(
                        Code::W113,
                        *span,
                        format!(
                            "index `{}` is partitioned by `{name}`, the identity of `{}`",
                            index.name, t.name
                        ),
                    )
                    .with_label("the table's own key")
                    .help(format!(
                        "`{}Repository().get({name})` already finds it: remove the index",
                        t.name
                    )),
                );
            }
        }
    }
    debug_assert!(t.indexes.is_empty() || t.kind == TypeDefKind::Aggregate);
}

fn pascal_of(index: &Index) -> String {
    index
        .keys
        .first()
        .map(|(k, _)| crate::generate::names::pascal(k))
        .unwrap_or_default()
}

fn field_list(fields: &[Field]) -> String {
    let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
    names.join(", ")
}

/// Whether values of `ty` can be a DynamoDB key (a string or a number).
pub fn key_type(model: &Model, ty: &TypeRef) -> Result<(), String> {
    match ty {
        TypeRef::Optional(inner) if !matches!(**inner, TypeRef::Optional(_)) => {
            key_type(model, inner)
        }
        TypeRef::Primitive(p) => match p {
            Primitive::String
            | Primitive::Int
            | Primitive::Decimal
            | Primitive::Uuid
            | Primitive::Date
            | Primitive::DateTime => Ok(()),
            other => Err(format!(
                "a `{}` is not a string or number DynamoDB can key on",
                other.as_str()
            )),
        },
        TypeRef::Named(id) => match &model.type_def(*id).kind {
            TypeDefKind::Id(_) | TypeDefKind::Enum(_) => Ok(()),
            k => Err(format!("a {} is a document, not a key", k.as_str())),
        },
        TypeRef::List(_) => Err("a list is not a key".to_string()),
        TypeRef::Map(_) => Err("a map is not a key".to_string()),
        TypeRef::Optional(_) => Err("an optional of an optional is not a key".to_string()),
        // Already reported (E003/E004).
        TypeRef::Unresolved => Ok(()),
    }
}
