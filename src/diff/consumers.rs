//! Who consumes what in one model: the other contexts that subscribe to,
//! call or send each message, and the contexts that depend on each type,
//! with the direction it travels in for them (`language.md` §3: what a
//! context uses makes it downstream).
//!
//! A type is consumed *directly* when another context names it (a field or
//! `returns` of one of its own types or messages), and *through messages*
//! when it is reachable from the payload of a consumed message. Direction:
//! command and query fields are input (the consumer writes them), event
//! fields and responses are output (the consumer reads them); a type named
//! directly by another context counts as both.

use crate::model::{ContextId, MessageKind, Model, TypeId, TypeRef};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeUse {
    /// Other contexts that name the type.
    pub direct: BTreeSet<ContextId>,
    /// Every other context that depends on its shape (direct or through messages).
    pub all: BTreeSet<ContextId>,
    pub input: bool,
    pub output: bool,
}

impl TypeUse {
    /// Merges `other` in; whether anything changed.
    fn absorb(&mut self, other: &TypeUse) -> bool {
        let before = (self.all.len(), self.input, self.output);
        self.all.extend(other.all.iter().copied());
        self.input |= other.input;
        self.output |= other.output;
        before != (self.all.len(), self.input, self.output)
    }
}

#[derive(Debug)]
pub struct Consumers {
    /// Per message: the other contexts that subscribe to, call or send it.
    pub messages: Vec<BTreeSet<ContextId>>,
    /// Per type.
    pub types: Vec<TypeUse>,
}

fn named(t: &TypeRef) -> Vec<TypeId> {
    let mut out = Vec::new();
    t.named(&mut out);
    out
}

impl Consumers {
    pub fn of(model: &Model) -> Consumers {
        let mut messages = vec![BTreeSet::new(); model.messages.len()];
        for s in &model.subscriptions {
            messages[s.event.index()].insert(s.context);
        }
        for u in &model.uses {
            messages[u.target.index()].insert(u.context);
        }
        for (i, set) in messages.iter_mut().enumerate() {
            set.remove(&model.messages[i].context);
        }
        let mut types = vec![TypeUse::default(); model.types.len()];
        let seed = |types: &mut Vec<TypeUse>, t: &TypeRef, from: ContextId, u: &TypeUse| {
            for id in named(t) {
                let mut u = u.clone();
                if model.type_def(id).context != from {
                    u.direct.insert(from);
                    u.all.insert(from);
                    u.input = true;
                    u.output = true;
                }
                types[id.index()].direct.extend(u.direct.iter().copied());
                types[id.index()].absorb(&u);
            }
        };
        for m in &model.messages {
            let consumers = &messages[m.id.index()];
            let by_message = |input: bool| TypeUse {
                direct: BTreeSet::new(),
                all: if m.internal {
                    BTreeSet::new()
                } else {
                    consumers.clone()
                },
                input: input && !consumers.is_empty() && !m.internal,
                output: !input && !consumers.is_empty() && !m.internal,
            };
            let fields = by_message(m.kind != MessageKind::Event);
            for f in &m.fields {
                seed(&mut types, &f.ty, m.context, &fields);
            }
            if let Some((t, _)) = &m.returns {
                seed(&mut types, t, m.context, &by_message(false));
            }
        }
        for t in &model.types {
            for f in &t.fields {
                seed(&mut types, &f.ty, t.context, &TypeUse::default());
            }
        }
        // Propagate along fields until nothing grows (monotone, so it ends).
        let mut work: Vec<TypeId> = model.types.iter().map(|t| t.id).collect();
        while let Some(id) = work.pop() {
            let from = types[id.index()].clone();
            if from.all.is_empty() {
                continue;
            }
            let carried = TypeUse {
                direct: BTreeSet::new(),
                ..from
            };
            for f in &model.type_def(id).fields {
                for inner in named(&f.ty) {
                    if types[inner.index()].absorb(&carried) {
                        work.push(inner);
                    }
                }
            }
        }
        // A context does not consume its own type (it may reach it back
        // through another context's message).
        for t in &model.types {
            let u = &mut types[t.id.index()];
            u.all.remove(&t.context);
            u.direct.remove(&t.context);
            if u.all.is_empty() {
                *u = TypeUse::default();
            }
        }
        Consumers { messages, types }
    }

    /// Every other context that consumes something of context `c`.
    pub fn of_context(&self, model: &Model, c: ContextId) -> BTreeSet<ContextId> {
        let ctx = model.context(c);
        let mut out: BTreeSet<ContextId> = BTreeSet::new();
        for m in &ctx.messages {
            out.extend(self.messages[m.index()].iter().copied());
        }
        for t in &ctx.types {
            out.extend(self.types[t.index()].direct.iter().copied());
        }
        out.remove(&c);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_sources, Options};
    use crate::source::SourceMap;

    fn model(text: &str) -> Model {
        let mut sources = SourceMap::default();
        sources.add("t.ddd".into(), text.to_string());
        let c = check_sources(sources, Vec::new(), &Options::default());
        assert_eq!(c.outcome.errors(), 0, "{:?}", c.outcome.diagnostics);
        c.model
    }

    fn ty(m: &Model, name: &str) -> TypeUse {
        let id = m.types.iter().find(|t| t.name == name).unwrap().id;
        Consumers::of(m).types[id.index()].clone()
    }

    const MODEL: &str = "domain D { subdomain S }
context Up { implements D.S
  value Money { amount: decimal, cur: Currency }
  enum Currency { eur, usd }
  value Note { text: string }
  value Unused { x: int }
  event Paid { total: Money }
  command Pay { note: Note } via queue
}
context Down { implements D.S
  subscribe Up.Paid
  sends Up.Pay
}
context Side { implements D.S
  value Copy { c: Up.Currency }
}
";

    #[test]
    fn directions_follow_the_messages_and_reach_nested_types() {
        let m = model(MODEL);
        let down = m.contexts.iter().find(|c| c.name == "Down").unwrap().id;
        let side = m.contexts.iter().find(|c| c.name == "Side").unwrap().id;
        let money = ty(&m, "Money");
        assert!(money.output && !money.input && money.direct.is_empty());
        assert_eq!(money.all, [down].into());
        let note = ty(&m, "Note");
        assert!(note.input && !note.output);
        let currency = ty(&m, "Currency");
        assert!(currency.input && currency.output, "named by Side");
        assert_eq!(currency.direct, [side].into());
        assert_eq!(currency.all, [down, side].into());
        assert_eq!(ty(&m, "Unused"), TypeUse::default());
        let up = m.contexts.iter().find(|c| c.name == "Up").unwrap().id;
        assert_eq!(Consumers::of(&m).of_context(&m, up), [down, side].into());
    }

    #[test]
    fn a_context_does_not_consume_its_own_type_through_another() {
        let m = model("context Up { value Money { c: int } }\ncontext Mid { event Paid { m: Up.Money } }\ncontext Up2 { subscribe Mid.Paid }\ncontext Back { value V { x: int } }\n");
        let mid = m.contexts.iter().find(|c| c.name == "Mid").unwrap().id;
        let up2 = m.contexts.iter().find(|c| c.name == "Up2").unwrap().id;
        assert_eq!(ty(&m, "Money").all, [mid, up2].into());
        let m = model("context Up { value Money { c: int }\n subscribe Mid.Paid }\ncontext Mid { event Paid { m: Up.Money } }\n");
        let mid = m.contexts.iter().find(|c| c.name == "Mid").unwrap().id;
        assert_eq!(
            ty(&m, "Money").all,
            [mid].into(),
            "Up reads its own type back: not a consumer"
        );
    }
}
