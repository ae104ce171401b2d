//! The inside of one bounded context: domain objects → `id`, `aggregate`,
//! `entity`, `value` and `enum` declarations; their fields and type names
//! (references by id, collections, primitives, other contexts' types).
//! Type names are in `refs`, messages and flows in `messages`.

use super::cst::{BoundedContext, DomainObject, ObjectKind};
use super::plan::{self, Plan, TypeEntry};
pub use super::refs::{ident, named, path, scalar, type_expr};
use super::relations;
use super::report;
use super::types;
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{self, IdBase, TypeDecl, TypeKind};
use std::collections::{HashMap, HashSet};

/// What every context's lowering reads: the plans of all contexts and the map.
pub struct World<'a> {
    pub plans: &'a HashMap<String, Plan>,
    /// CML type name → the contexts declaring it, in source order.
    pub types: &'a HashMap<String, Vec<String>>,
    /// CML event name → the contexts declaring it, in source order.
    pub events: &'a HashMap<String, Vec<String>>,
    pub map: &'a relations::Lowered,
}

impl World<'_> {
    /// Name → contexts declaring it, from every plan, built once (lookups
    /// stay linear however many contexts the inputs hold).
    pub fn index(
        plans: &HashMap<String, Plan>,
        order: &[String],
    ) -> (HashMap<String, Vec<String>>, HashMap<String, Vec<String>>) {
        let mut types: HashMap<String, Vec<String>> = HashMap::new();
        let mut events: HashMap<String, Vec<String>> = HashMap::new();
        for c in order {
            let Some(p) = plans.get(c) else { continue };
            let mut names: Vec<&String> = p.types.keys().collect();
            names.sort();
            for n in names {
                types.entry(n.clone()).or_default().push(c.clone());
            }
            let mut names: Vec<&String> = p.events.iter().collect();
            names.sort();
            for n in names {
                events.entry(n.clone()).or_default().push(c.clone());
            }
        }
        (types, events)
    }
}

/// One context being lowered.
pub struct Here<'a> {
    pub plan: Plan,
    pub bc: &'a BoundedContext,
    /// Undeclared CML type name → the empty value standing in for it.
    placeholders: Vec<(String, String, Span)>,
    placeholder_names: HashMap<String, String>,
}

impl<'a> Here<'a> {
    pub fn new(plan: Plan, bc: &'a BoundedContext) -> Self {
        Here {
            plan,
            bc,
            placeholders: Vec::new(),
            placeholder_names: HashMap::new(),
        }
    }

    /// The name of the empty value standing in for undeclared type `name`,
    /// declared (and reported, I206) the first time it is asked for.
    pub fn placeholder(&mut self, name: &str, span: Span, diags: &mut Vec<Diagnostic>) -> String {
        if let Some(n) = self.placeholder_names.get(name) {
            return n.clone();
        }
        let n = self.plan.claim_quietly(name, "Type");
        diags.push(report::placeholder(span, name, &self.plan.name));
        self.placeholders.push((name.to_string(), n.clone(), span));
        self.placeholder_names.insert(name.to_string(), n.clone());
        n
    }

    /// The empty values that stand in for undeclared types.
    pub fn placeholder_decls(&self) -> Vec<TypeDecl> {
        self.placeholders
            .iter()
            .map(|(cml, name, span)| TypeDecl {
                kind: TypeKind::Value,
                name: ident(name, *span),
                docs: Some(format!(
                    "`{cml}` is named but not declared in the Context Mapper model."
                )),
                fields: Vec::new(),
                indexes: Vec::new(),
                span: *span,
            })
            .collect()
    }
}

/// The fields of `o` with those it inherits (`extends`), base first; later
/// duplicates of a name are left out.
pub fn fields(
    world: &World,
    here: &mut Here,
    o: &DomainObject,
    by_name: &HashMap<String, &DomainObject>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ast::Field> {
    let mut chain = vec![o];
    let mut cur = o;
    while let Some(base) = cur.extends.as_ref().and_then(|e| by_name.get(&e.text)) {
        if chain.iter().any(|c| std::ptr::eq(*c, *base)) || chain.len() > 16 {
            break;
        }
        chain.push(base);
        cur = base;
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for obj in chain.iter().rev() {
        for f in &obj.fields {
            if !seen.insert(f.name.text.clone()) {
                // An inherited field redeclared is the same field; a field
                // written twice in one object is reported.
                let twice = obj
                    .fields
                    .iter()
                    .filter(|x| x.name.text == f.name.text)
                    .count()
                    > 1;
                if twice {
                    diags.push(report::not_carried_because(
                        f.span,
                        &format!("a second field `{}`", f.name.text),
                        "the first field of the name is imported",
                    ));
                }
                continue;
            }
            out.push(ast::Field {
                name: ident(&f.name.text, f.name.span),
                ty: type_expr(world, here, &f.ty, diags),
                docs: f.docs.clone(),
                span: f.span,
            });
        }
    }
    out
}

fn docs_lines(o: &DomainObject, extra: &[String]) -> Option<String> {
    let mut lines: Vec<String> = o.docs.iter().cloned().collect();
    lines.extend(extra.iter().cloned());
    for s in &o.settings {
        lines.push(format!("{}: {}.", s.key.text, s.joined()));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The type declarations of the context, in source order.
pub fn type_decls(world: &World, here: &mut Here, diags: &mut Vec<Diagnostic>) -> Vec<TypeDecl> {
    let bc = here.bc;
    let objs = plan::objects(bc);
    let by_name: HashMap<String, &DomainObject> = objs
        .iter()
        .map(|(o, _)| (o.name.text.clone(), *o))
        .collect();
    let mut out = Vec::new();
    for (i, (o, agg)) in objs.iter().enumerate() {
        if o.is_abstract || matches!(o.kind, ObjectKind::DomainEvent | ObjectKind::CommandEvent) {
            continue;
        }
        let name = here.plan.names[i].clone();
        let span = o.span;
        if here.plan.id_values.contains(&o.name.text) {
            let base = match here.plan.types.get(&o.name.text) {
                Some(TypeEntry::Id { base, .. }) => *base,
                _ => IdBase::Uuid,
            };
            out.push(TypeDecl {
                kind: TypeKind::Id(base),
                name: ident(&name, o.name.span),
                docs: docs_lines(o, &[]),
                fields: Vec::new(),
                indexes: Vec::new(),
                span,
            });
            continue;
        }
        if o.kind == ObjectKind::Enum {
            out.push(TypeDecl {
                kind: TypeKind::Enum(variants(o, diags)),
                name: ident(&name, o.name.span),
                docs: docs_lines(o, &[]),
                fields: Vec::new(),
                indexes: Vec::new(),
                span,
            });
            continue;
        }
        let root = here.plan.roots.get(&o.name.text).cloned().filter(|_| {
            matches!(here.plan.types.get(&o.name.text), Some(TypeEntry::Root { name: n, .. }) if *n == name)
        });
        let mut fields = fields(world, here, o, &by_name, diags);
        let mut extra = Vec::new();
        let kind = match (&root, o.kind) {
            (Some(r), _) => {
                if let Some(agg) = agg {
                    extra.extend(aggregate_docs(agg, &o.name.text));
                }
                let id_ty = named(&[&r.id], o.name.span);
                match r.key_field.and_then(|k| {
                    let wanted = &o.fields.get(k)?.name.text;
                    fields.iter().position(|f| &f.name.name == wanted)
                }) {
                    Some(k) => {
                        let mut key = fields.remove(k);
                        key.ty = id_ty;
                        fields.insert(0, key);
                    }
                    None => {
                        let taken = |n: &str| fields.iter().any(|f| f.name.name == n);
                        let id_name = if taken("id") {
                            let mut n = format!("{}Id", types::camel(&o.name.text));
                            while taken(&n) {
                                n.push('_');
                            }
                            n
                        } else {
                            "id".to_string()
                        };
                        fields.insert(
                            0,
                            ast::Field {
                                name: ident(&id_name, o.name.span),
                                ty: id_ty,
                                docs: None,
                                span: o.name.span,
                            },
                        );
                    }
                }
                if !r.from_value {
                    out.push(TypeDecl {
                        kind: TypeKind::Id(r.base),
                        name: ident(&r.id, o.name.span),
                        docs: Some(format!("Identity of `{name}`.")),
                        fields: Vec::new(),
                        indexes: Vec::new(),
                        span,
                    });
                }
                TypeKind::Aggregate
            }
            (None, ObjectKind::Entity) => TypeKind::Entity,
            _ => TypeKind::Value,
        };
        out.push(TypeDecl {
            kind,
            name: ident(&name, o.name.span),
            docs: docs_lines(o, &extra),
            fields,
            indexes: Vec::new(),
            span,
        });
    }
    out
}

/// An enum's values; a value written twice is imported once and reported.
fn variants(o: &DomainObject, diags: &mut Vec<Diagnostic>) -> Vec<ast::Variant> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for v in &o.values {
        if !seen.insert(v.text.as_str()) {
            diags.push(report::not_carried_because(
                v.span,
                &format!("a second enum value `{}`", v.text),
                "the first value of the name is imported",
            ));
            continue;
        }
        out.push(ast::Variant {
            name: ident(&v.text, v.span),
            docs: None,
        });
    }
    out
}

/// What a CML aggregate says beyond its objects, as documentation of its root.
fn aggregate_docs(agg: &super::cst::Aggregate, root: &str) -> Vec<String> {
    let mut lines: Vec<String> = agg.docs.iter().cloned().collect();
    if let Some(n) = agg.name.as_ref().filter(|n| n.text != root) {
        lines.push(format!("Context Mapper aggregate `{}`.", n.text));
    }
    for s in agg.settings.iter().filter(|s| s.key.text != "owner") {
        lines.push(format!("{}: {}.", s.key.text, s.joined()));
    }
    lines
}
