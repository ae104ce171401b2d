//! Before any field is lowered: which ddgen declaration each CML domain
//! object of a context becomes, under which name. Types and messages share
//! one namespace per context in ddgen, so clashes are renamed here (I207),
//! once, and every reference afterwards goes through the plan.

use super::cst::{Aggregate, BoundedContext, DomainObject, ObjectKind};
use super::report;
use super::types;
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::IdBase;
use std::collections::{HashMap, HashSet};

/// What a CML type name refers to in ddgen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeEntry {
    /// An aggregate root: references to it go through its id (by id).
    Root {
        name: String,
        id: String,
    },
    /// An `id` type (a CML value object that only wraps a key).
    Id {
        name: String,
        base: IdBase,
    },
    Enum {
        name: String,
    },
    /// An entity or value.
    Plain {
        name: String,
    },
}

impl TypeEntry {
    /// The name a field of another declaration uses for this type.
    pub fn referenced(&self) -> &str {
        match self {
            TypeEntry::Root { id, .. } => id,
            TypeEntry::Id { name, .. } | TypeEntry::Enum { name } | TypeEntry::Plain { name } => {
                name
            }
        }
    }

    /// Whether a field of this type may be an HTTP query parameter.
    pub fn scalar(&self) -> bool {
        !matches!(self, TypeEntry::Plain { .. })
    }
}

/// One aggregate root and how it gets its identity.
#[derive(Debug, Clone)]
pub struct RootPlan {
    pub id: String,
    pub base: IdBase,
    /// Index of the root's field that becomes the identity, if one does.
    pub key_field: Option<usize>,
    /// Whether the id is a CML value object's (declared with it), not made up.
    pub from_value: bool,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub name: String,
    pub types: HashMap<String, TypeEntry>,
    /// CML message name → ddgen name (events and commands).
    pub messages: HashMap<String, String>,
    /// Root entity name → its identity.
    pub roots: HashMap<String, RootPlan>,
    /// CML names of the context's domain events.
    pub events: HashSet<String>,
    /// CML value objects that became `id` types.
    pub id_values: HashSet<String>,
    /// The ddgen name of each object of [`objects`], by position.
    pub names: Vec<String>,
    /// The names claimed, in the form the generated code spells them
    /// (`GetX` and `Get_X` are both `get_x`, so one name: E017).
    taken: HashSet<String>,
}

impl Plan {
    /// Claims `wanted` in the context's namespace; on a clash takes
    /// `wanted + suffix`, then numbered names, and reports the change.
    pub fn claim(
        &mut self,
        wanted: &str,
        suffix: &str,
        span: crate::source::Span,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        let name = self.claim_quietly(wanted, suffix);
        if name != wanted {
            let why = if reserved(wanted) {
                "the name is a keyword or primitive of ddgen's language"
            } else {
                "the name is already used in this context"
            };
            diags.push(report::renamed(span, wanted, &name, why));
        }
        name
    }

    /// Claims a name without reporting a change (for names ddgen makes up).
    pub fn claim_quietly(&mut self, wanted: &str, suffix: &str) -> String {
        if !reserved(wanted) && self.taken.insert(generated_key(wanted)) {
            return wanted.to_string();
        }
        let mut n = 1;
        loop {
            let candidate = match n {
                1 if !suffix.is_empty() => format!("{wanted}{suffix}"),
                _ => format!("{wanted}{suffix}{}", n.max(2)),
            };
            if self.taken.insert(generated_key(&candidate)) {
                return candidate;
            }
            n += 1;
        }
    }

    pub fn taken(&self, name: &str) -> bool {
        reserved(name) || self.taken.contains(&generated_key(name))
    }
}

/// What two names of one context must not share: their spelling in the
/// generated code (the key E017 compares).
fn generated_key(name: &str) -> String {
    crate::generate::names::snake(name)
}

/// Every domain object of a context with the aggregate it belongs to
/// (`None` for objects written outside an aggregate), in source order.
pub fn objects(bc: &BoundedContext) -> Vec<(&DomainObject, Option<&Aggregate>)> {
    let mut out = Vec::new();
    for agg in &bc.aggregates {
        out.extend(agg.objects.iter().map(|o| (o, Some(agg))));
    }
    out.extend(bc.loose.objects.iter().map(|o| (o, None)));
    out
}

/// The root entity of an aggregate: the one marked `aggregateRoot`, else
/// its first entity.
pub fn root_of(agg: &Aggregate) -> Option<&DomainObject> {
    let entities = || {
        agg.objects
            .iter()
            .filter(|o| o.kind == ObjectKind::Entity && !o.is_abstract)
    };
    entities().find(|o| o.root).or_else(|| entities().next())
}

/// A value object that only wraps a key (`ValueObject ContractId { int contractId key }`).
fn id_value(o: &DomainObject) -> Option<IdBase> {
    if o.kind != ObjectKind::ValueObject || o.fields.len() != 1 || o.is_abstract {
        return None;
    }
    let f = &o.fields[0];
    if f.ty.args.is_empty() && !f.ty.array {
        types::id_base(&f.ty.name.text)
    } else {
        None
    }
}

/// Whether a type or message may not be called `word` in ddgen: its
/// keywords and primitives (`returns emits` would not parse back).
pub fn reserved(word: &str) -> bool {
    const CLAUSES: &[&str] = &["returns", "via", "emits", "list", "map", "http", "queue"];
    crate::syntax::CONTEXT_KEYWORDS.contains(&word)
        || crate::syntax::TOP_KEYWORDS.contains(&word)
        || CLAUSES.contains(&word)
        || ["subdomain", "capability"].contains(&word)
        || crate::model::Primitive::from_name(word).is_some()
}

pub fn plan(bc: &BoundedContext, diags: &mut Vec<Diagnostic>) -> Plan {
    let mut p = Plan {
        name: bc.name().to_string(),
        ..Default::default()
    };
    let objs = objects(bc);
    let roots: Vec<&DomainObject> = bc.aggregates.iter().filter_map(root_of).collect();
    let is_root = |o: &DomainObject| roots.iter().any(|r| std::ptr::eq(*r, o));
    let by_name: HashMap<&str, &DomainObject> = objs
        .iter()
        .map(|(o, _)| (o.name.text.as_str(), *o))
        .collect();
    // Value objects that wrap a root's key become that root's id type.
    for r in &roots {
        let wanted = format!("{}Id", r.name.text);
        if by_name
            .get(wanted.as_str())
            .and_then(|o| id_value(o))
            .is_some()
        {
            p.id_values.insert(wanted);
        }
    }
    p.names = vec![String::new(); objs.len()];
    // Types first, in source order.
    for (i, (o, _)) in objs.iter().enumerate() {
        if o.is_abstract || matches!(o.kind, ObjectKind::DomainEvent | ObjectKind::CommandEvent) {
            continue;
        }
        let name = p.claim(&o.name.text, "Type", o.name.span, diags);
        p.names[i] = name.clone();
        if p.types.contains_key(&o.name.text) {
            continue; // a second declaration of one name: renamed, lowered on its own
        }
        let entry = if p.id_values.contains(&o.name.text) {
            TypeEntry::Id {
                name,
                base: id_value(o).unwrap_or(IdBase::Uuid),
            }
        } else if o.kind == ObjectKind::Enum {
            TypeEntry::Enum { name }
        } else if is_root(o) {
            TypeEntry::Root {
                name,
                id: String::new(),
            }
        } else {
            TypeEntry::Plain { name }
        };
        p.types.insert(o.name.text.clone(), entry);
    }
    // Messages.
    for (i, (o, _)) in objs.iter().enumerate() {
        if o.is_abstract {
            continue;
        }
        let suffix = match o.kind {
            ObjectKind::DomainEvent => "Event",
            ObjectKind::CommandEvent => "Command",
            _ => continue,
        };
        let name = p.claim(&o.name.text, suffix, o.name.span, diags);
        p.names[i] = name.clone();
        if o.kind == ObjectKind::DomainEvent {
            p.events.insert(o.name.text.clone());
        }
        p.messages.entry(o.name.text.clone()).or_insert(name);
    }
    // Identities of the roots.
    for r in &roots {
        let wanted = format!("{}Id", r.name.text);
        let from_value = p.id_values.contains(&wanted);
        let (id, base, key_field) = if from_value {
            let base = by_name
                .get(wanted.as_str())
                .and_then(|o| id_value(o))
                .unwrap_or(IdBase::Uuid);
            let id = p
                .types
                .get(&wanted)
                .map(|e| e.referenced().to_string())
                .unwrap_or(wanted.clone());
            let key = r
                .fields
                .iter()
                .position(|f| f.ty.name.text == wanted && f.ty.args.is_empty());
            (id, base, key)
        } else {
            let key = r
                .fields
                .iter()
                .position(|f| {
                    f.is_key() && types::id_base(&f.ty.name.text).is_some() && f.ty.args.is_empty()
                })
                .or_else(|| {
                    r.fields.iter().position(|f| {
                        f.name.text == "id"
                            && types::id_base(&f.ty.name.text).is_some()
                            && f.ty.args.is_empty()
                    })
                });
            let base = key
                .and_then(|k| types::id_base(&r.fields[k].ty.name.text))
                .unwrap_or(IdBase::Uuid);
            let id = if p.taken(&wanted) {
                p.claim_quietly(&format!("{}Identity", r.name.text), "")
            } else {
                p.claim_quietly(&wanted, "")
            };
            (id, base, key)
        };
        if let Some(TypeEntry::Root { id: slot, .. }) = p.types.get_mut(&r.name.text) {
            *slot = id.clone();
        }
        p.roots.insert(
            r.name.text.clone(),
            RootPlan {
                id,
                base,
                key_field,
                from_value,
            },
        );
    }
    p
}
