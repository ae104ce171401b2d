//! The default body of a `via http` query that an index answers: a query
//! with a field of the name and type of an index's partition field, which
//! returns the aggregates (`list<Order>`), values made from them
//! (`list<OrderSummary>`), or a value holding one such list
//! (`OrderHistory { orders: list<OrderSummary>, next_page: string? }`),
//! reads them through the index's repository method.

use super::adapters::repository_class;
use super::code::Py;
use super::imports::Imports;
use super::indexes::method_name;
use super::scope::{Fill, Scope, Source};
use crate::model::{Index, Message, MessageKind, TypeDef, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

const C: &str = "..contracts";

/// What the query returns, relative to the aggregates found.
enum Shape<'m> {
    /// `list<E>`: one element per aggregate.
    List(&'m TypeRef),
    /// A value whose field at this index is `list<E>`; the rest from the query.
    Holder(&'m TypeDef, usize, &'m TypeRef),
}

struct Plan<'m> {
    agg: &'m TypeDef,
    index: &'m Index,
    /// The query's field holding the partition value.
    by: usize,
    shape: Shape<'m>,
}

fn bare(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Optional(t) => t,
        t => t,
    }
}

/// Whether aggregates of `agg` make elements of type `elem`: the aggregate
/// itself, or a value or entity built from its fields.
fn element_ok(scope: &Scope, agg: &TypeDef, elem: &TypeRef) -> bool {
    match elem {
        TypeRef::Named(id) if *id == agg.id => true,
        TypeRef::Named(id) => {
            let td = scope.model.type_def(*id);
            !td.is_aggregate() && td.kind.is_structured()
        }
        _ => false,
    }
}

fn plan<'m>(scope: &Scope<'m>, m: &'m Message) -> Option<Plan<'m>> {
    if m.kind != MessageKind::Query || !m.is_http() {
        return None;
    }
    let (ret, _) = m.returns.as_ref()?;
    for agg in scope.stored_aggregates() {
        for index in &agg.indexes {
            let Some((p, _)) = scope.model.index_fields(agg, index) else {
                continue;
            };
            let Some(by) = m
                .fields
                .iter()
                .position(|f| f.name == p.name && f.ty == *bare(&p.ty))
            else {
                continue;
            };
            let shape = match ret {
                TypeRef::List(e) if element_ok(scope, agg, e) => Shape::List(e),
                TypeRef::Named(id) => {
                    let holder = scope.model.type_def(*id);
                    if !holder.kind.is_structured() || holder.is_aggregate() {
                        continue;
                    }
                    let lists: Vec<(usize, &TypeRef)> = holder
                        .fields
                        .iter()
                        .enumerate()
                        .filter_map(|(i, f)| match &f.ty {
                            TypeRef::List(e) if element_ok(scope, agg, e) => Some((i, &**e)),
                            _ => None,
                        })
                        .collect();
                    let [(i, e)] = lists[..] else { continue };
                    Shape::Holder(holder, i, e)
                }
                _ => continue,
            };
            return Some(Plan {
                agg,
                index,
                by,
                shape,
            });
        }
    }
    None
}

/// Whether an index answers `m` (then [`body`] writes its default body).
pub fn applies(scope: &Scope, m: &Message) -> bool {
    plan(scope, m).is_some()
}

/// For the generated tests: the aggregate, the query field holding the
/// partition value, the index's name, and the field of the answer holding
/// the list (`None`: the answer is the list).
pub fn answered<'m>(
    scope: &Scope<'m>,
    m: &'m Message,
) -> Option<(&'m TypeDef, usize, String, Option<usize>)> {
    let p = plan(scope, m)?;
    let field = match p.shape {
        Shape::List(_) => None,
        Shape::Holder(_, i, _) => Some(i),
    };
    Some((p.agg, p.by, p.index.name.clone(), field))
}

/// The default body's lines and what it does, for `service::operation`; an
/// error (what nothing provides) when the answer cannot be filled without
/// inventing, and then nothing is written.
pub fn body(
    scope: &Scope,
    m: &Message,
    param: &str,
    taken: &BTreeSet<String>,
    imp: &mut Imports,
    body: &mut Vec<String>,
    does: &mut Vec<String>,
) -> Result<(), String> {
    let Some(plan) = plan(scope, m) else {
        return Ok(());
    };
    let missing = |class: &str, names: Vec<String>| {
        format!("nothing provides {} of {class}", names.join(", "))
    };
    let agg = plan.agg;
    let agg_class = scope.type_class(agg.id).to_string();
    imp.name(C, &agg_class).name("..adapters", "repository");
    let attrs = scope.attrs(&m.fields);
    let mut taken = taken.clone();
    let found = scope.local("found", &taken);
    taken.insert(found.clone());
    body.push(format!(
        "{found} = repository.{}().{}({param}.{})",
        repository_class(scope, agg.id),
        method_name(&plan.index.name),
        attrs[plan.by]
    ));
    does.push(format!(
        "reads the {} aggregates by `{}` through the index `{}`",
        agg.name, m.fields[plan.by].name, plan.index.name
    ));
    let query = Source {
        var: param.to_string(),
        fields: &m.fields,
    };
    let elem = match &plan.shape {
        Shape::List(e) | Shape::Holder(_, _, e) => *e,
    };
    let list = if *elem == TypeRef::Named(agg.id) {
        found.clone()
    } else {
        let TypeRef::Named(eid) = elem else {
            return Ok(());
        };
        let etd = scope.model.type_def(*eid);
        let eclass = scope.type_class(*eid).to_string();
        imp.name(C, &eclass);
        let one = scope.local("one", &taken);
        taken.insert(one.clone());
        let items = scope.local("items", &taken);
        taken.insert(items.clone());
        let item = scope.local("item", &taken);
        taken.insert(item.clone());
        let from: [Source<'_>; 2] = [
            Source {
                var: one.clone(),
                fields: &agg.fields,
            },
            Source {
                var: param.to_string(),
                fields: &m.fields,
            },
        ];
        let value = scope
            .fill(
                &eclass,
                &etd.fields,
                &from,
                &BTreeMap::new(),
                Fill::Message,
                imp,
            )
            .map_err(|names| missing(&eclass, names))?;
        body.push(format!("{items}: list[{eclass}] = []"));
        body.push(format!("for {one} in {found}:"));
        body.push(format!("    {item} = {}", value.fit(8, 11 + item.len(), 0)));
        body.push(format!("    {items}.append({item})"));
        items
    };
    match plan.shape {
        Shape::List(_) => body.push(format!("return {list}")),
        Shape::Holder(holder, i, _) => {
            let class = scope.type_class(holder.id).to_string();
            imp.name(C, &class);
            let overrides = BTreeMap::from([(i, Py::Inline(list))]);
            let value = scope
                .fill(
                    &class,
                    &holder.fields,
                    &[query],
                    &overrides,
                    Fill::Message,
                    imp,
                )
                .map_err(|names| missing(&class, names))?;
            body.push(format!("return {}", value.render(4)));
        }
    }
    Ok(())
}
