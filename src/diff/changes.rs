//! What was kept, added and removed between the base and the revision, by
//! qualified name: contexts by name, their messages and types by
//! `Context.Name`, fields and enum values by name within what holds them.
//! A rename hint (`hint.rs`) pairs a new name with an old one; a message or
//! type that disappears from one context while one of the same name and
//! kind appears in another (exactly one of each) has moved.
//!
//! Nothing here judges: the rules in `rules/` do.

use super::hint::{hint, Hint};
use crate::model::{ContextId, Field, MessageId, Model, TypeId, TypeRef, Variant};
use std::collections::HashMap;

/// One declaration in both versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair<T> {
    pub base: T,
    pub rev: T,
    /// Paired by a rename hint (the names differ).
    pub renamed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matching<T> {
    pub pairs: Vec<Pair<T>>,
    /// In the base only.
    pub removed: Vec<T>,
    /// In the revision only.
    pub added: Vec<T>,
}

#[derive(Debug)]
pub struct Changes {
    pub contexts: Matching<ContextId>,
    pub messages: Matching<MessageId>,
    pub types: Matching<TypeId>,
    /// Base context → its revision, if kept.
    pub context_rev: Vec<Option<ContextId>>,
    /// Base type → its revision, if kept.
    pub type_rev: Vec<Option<TypeId>>,
}

/// A member of a context (message or type) as the matcher sees it.
struct Member<'a> {
    context: ContextId,
    name: &'a str,
    /// Message or type kind: a move pairs only members of one kind.
    kind: &'static str,
    hint: Option<Hint<'a>>,
}

impl Changes {
    pub fn of(base: &Model, rev: &Model) -> Changes {
        let contexts = match_named(
            base.contexts
                .iter()
                .map(|c| (c.id, c.name.as_str()))
                .collect(),
            rev.contexts
                .iter()
                .map(|c| (c.id, c.name.as_str(), hint(c.docs.as_deref())))
                .collect(),
        );
        let mut context_rev = vec![None; base.contexts.len()];
        let mut context_base = vec![None; rev.contexts.len()];
        for p in &contexts.pairs {
            context_rev[p.base.index()] = Some(p.rev);
            context_base[p.rev.index()] = Some(p.base);
        }
        let ctx = |m: &Model, c: ContextId| m.context(c).name.clone();
        let member_match = |b: Vec<Member>, r: Vec<Member>| {
            match_members(&b, &r, |c| ctx(base, c), |c| context_base[c.index()])
        };
        let messages = member_match(
            base.messages
                .iter()
                .map(|m| Member {
                    context: m.context,
                    name: &m.name,
                    kind: m.kind.as_str(),
                    hint: None,
                })
                .collect(),
            rev.messages
                .iter()
                .map(|m| Member {
                    context: m.context,
                    name: &m.name,
                    kind: m.kind.as_str(),
                    hint: hint(m.docs.as_deref()),
                })
                .collect(),
        );
        let types = member_match(
            base.types
                .iter()
                .map(|t| Member {
                    context: t.context,
                    name: &t.name,
                    kind: t.kind.as_str(),
                    hint: None,
                })
                .collect(),
            rev.types
                .iter()
                .map(|t| Member {
                    context: t.context,
                    name: &t.name,
                    kind: t.kind.as_str(),
                    hint: hint(t.docs.as_deref()),
                })
                .collect(),
        );
        let mut type_rev = vec![None; base.types.len()];
        for p in &types.pairs {
            type_rev[p.base] = Some(TypeId(p.rev as u32));
        }
        Changes {
            contexts,
            messages: typed(messages, MessageId),
            types: typed(types, TypeId),
            context_rev,
            type_rev,
        }
    }

    /// Whether a base type reference and a revision one mean the same type
    /// (a renamed or moved type counts as the same).
    pub fn same_type(&self, base: &TypeRef, rev: &TypeRef) -> bool {
        match (base, rev) {
            (TypeRef::Primitive(a), TypeRef::Primitive(b)) => a == b,
            (TypeRef::Named(a), TypeRef::Named(b)) => self.type_rev[a.index()] == Some(*b),
            (TypeRef::List(a), TypeRef::List(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::Optional(a), TypeRef::Optional(b)) => self.same_type(a, b),
            _ => false,
        }
    }
}

fn typed<T>(m: Matching<usize>, f: impl Fn(u32) -> T) -> Matching<T> {
    let g = |i: usize| f(i as u32);
    Matching {
        pairs: m
            .pairs
            .into_iter()
            .map(|p| Pair {
                base: g(p.base),
                rev: g(p.rev),
                renamed: p.renamed,
            })
            .collect(),
        removed: m.removed.into_iter().map(g).collect(),
        added: m.added.into_iter().map(g).collect(),
    }
}

/// Pairs names of one scope: a hint first, then equal names.
fn match_named<T: Copy>(base: Vec<(T, &str)>, rev: Vec<(T, &str, Option<Hint>)>) -> Matching<T> {
    let index: HashMap<&str, usize> = base.iter().enumerate().map(|(i, b)| (b.1, i)).collect();
    let mut taken = vec![false; base.len()];
    let mut paired = vec![None; rev.len()];
    for pass in [true, false] {
        for (j, (_, name, h)) in rev.iter().enumerate() {
            if paired[j].is_some() {
                continue;
            }
            let wanted = match (pass, h) {
                (true, Some(h)) if h.context.is_none() => h.name,
                (true, _) => continue,
                (false, _) => name,
            };
            if let Some(&i) = index.get(wanted) {
                if !taken[i] {
                    taken[i] = true;
                    paired[j] = Some((i, pass && wanted != *name));
                }
            }
        }
    }
    finish(&taken, &paired, |i| base[i].0, |j| rev[j].0)
}

fn finish<T>(
    taken: &[bool],
    paired: &[Option<(usize, bool)>],
    b: impl Fn(usize) -> T,
    r: impl Fn(usize) -> T,
) -> Matching<T> {
    Matching {
        pairs: paired
            .iter()
            .enumerate()
            .filter_map(|(j, p)| {
                p.map(|(i, renamed)| Pair {
                    base: b(i),
                    rev: r(j),
                    renamed,
                })
            })
            .collect(),
        removed: (0..taken.len()).filter(|i| !taken[*i]).map(&b).collect(),
        added: (0..paired.len())
            .filter(|j| paired[*j].is_none())
            .map(&r)
            .collect(),
    }
}

/// Pairs the messages (or types) of the two models by index.
fn match_members(
    base: &[Member],
    rev: &[Member],
    base_context_name: impl Fn(ContextId) -> String,
    rev_context_base: impl Fn(ContextId) -> Option<ContextId>,
) -> Matching<usize> {
    let index: HashMap<(String, &str), usize> = base
        .iter()
        .enumerate()
        .map(|(i, m)| ((base_context_name(m.context), m.name), i))
        .collect();
    let mut taken = vec![false; base.len()];
    let mut paired: Vec<Option<(usize, bool)>> = vec![None; rev.len()];
    for pass in [true, false] {
        for (j, m) in rev.iter().enumerate() {
            if paired[j].is_some() {
                continue;
            }
            let home = rev_context_base(m.context).map(&base_context_name);
            let key = match (pass, m.hint) {
                (true, Some(h)) => match h.context {
                    Some(c) => Some((c.to_string(), h.name)),
                    None => home.map(|c| (c, h.name)),
                },
                (true, None) => continue,
                (false, _) => home.map(|c| (c, m.name)),
            };
            if let Some(&i) = key.as_ref().and_then(|k| index.get(k)) {
                if !taken[i] {
                    taken[i] = true;
                    // Renamed or moved: a hint, and any change of name or context.
                    paired[j] = Some((i, pass));
                }
            }
        }
    }
    // Moves without a hint: one of a name and kind left on each side.
    // (name, kind) → (unpaired base indexes, unpaired revision indexes).
    type Left = (Vec<usize>, Vec<usize>);
    let mut left: HashMap<(&str, &str), Left> = HashMap::new();
    for (i, m) in base.iter().enumerate().filter(|(i, _)| !taken[*i]) {
        left.entry((m.name, m.kind)).or_default().0.push(i);
    }
    for (j, m) in rev.iter().enumerate().filter(|(j, _)| paired[*j].is_none()) {
        left.entry((m.name, m.kind)).or_default().1.push(j);
    }
    for (b, r) in left.values() {
        if let ([i], [j]) = (b.as_slice(), r.as_slice()) {
            taken[*i] = true;
            paired[*j] = Some((*i, false));
        }
    }
    finish(&taken, &paired, |i| i, |j| j)
}

/// Pairs the fields of two versions of one structure.
pub fn match_fields(base: &[Field], rev: &[Field]) -> Matching<usize> {
    match_named(
        base.iter()
            .enumerate()
            .map(|(i, f)| (i, f.name.as_str()))
            .collect(),
        rev.iter()
            .enumerate()
            .map(|(i, f)| (i, f.name.as_str(), hint(f.docs.as_deref())))
            .collect(),
    )
}

/// Pairs the values of two versions of one enum.
pub fn match_variants(base: &[Variant], rev: &[Variant]) -> Matching<usize> {
    match_named(
        base.iter()
            .enumerate()
            .map(|(i, v)| (i, v.name.as_str()))
            .collect(),
        rev.iter()
            .enumerate()
            .map(|(i, v)| (i, v.name.as_str(), hint(v.docs.as_deref())))
            .collect(),
    )
}
