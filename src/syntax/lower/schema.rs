//! Lowering of the storage and scheduling additions: an aggregate's body
//! with its `index` declarations, and a command's `every` clause.

use super::{doc_text, take_docs, Lower};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Field, Index, Schedule, ScheduleSpec};
use crate::syntax::errors::Block;
use crate::syntax::Rule;
use pest::iterators::Pair;

impl Lower<'_> {
    /// A field block (`Block::Fields`) or an aggregate's body
    /// (`Block::Aggregate`): its fields and its indexes, in source order.
    pub(super) fn field_items(
        &mut self,
        p: Pair<Rule>,
        scope: Span,
        block: Block,
    ) -> (Vec<Field>, Vec<Index>) {
        let mut fields = Vec::new();
        let mut indexes = Vec::new();
        let mut pending = Vec::new();
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::doc_line => pending.push(doc_text(&item)),
                Rule::catch_all => {
                    pending.clear();
                    self.catch(item, block)
                }
                Rule::allow_decl => self.allow(item, scope),
                Rule::field => {
                    if let Some(f) = self.field(item, take_docs(&mut pending)) {
                        fields.push(f);
                    }
                }
                Rule::index_decl => {
                    if let Some(i) = self.index(item, take_docs(&mut pending)) {
                        indexes.push(i);
                    }
                }
                _ => {}
            }
        }
        (fields, indexes)
    }

    fn index(&mut self, p: Pair<Rule>, docs: Option<String>) -> Option<Index> {
        let span = self.span(&p);
        let mut idents = p.into_inner().filter(|i| i.as_rule() == Rule::ident);
        let name = self.ident(idents.next()?);
        let fields: Vec<_> = idents.map(|i| self.ident(i)).collect();
        if fields.len() > 2 {
            let extra = fields[2].span;
            let last = fields[fields.len() - 1].span;
            self.diags.push(
                Diagnostic::new(
                    Code::E001,
                    Span::new(extra.file, extra.start as usize, last.end as usize),
                    "an index has a partition field and at most one sort field",
                )
                .with_label("a third key field")
                .help(format!(
                    "write `index {}({}, {})`; DynamoDB keys have two parts",
                    name.name, fields[0].name, fields[1].name
                )),
            );
            return None;
        }
        Some(Index {
            name,
            fields,
            docs,
            span,
        })
    }

    /// `every 5m` or `every "cron(...)"`; a second one is E002.
    pub(super) fn every(&mut self, p: Pair<Rule>, slot: &mut Option<Schedule>) {
        let span = self.span(&p);
        if let Some(first) = slot {
            let first = first.span;
            self.duplicate("every", first, span);
            return;
        }
        let Some(value) = p.into_inner().find(|i| i.as_rule() != Rule::kw_every) else {
            return;
        };
        let value_span = self.span(&value);
        let spec = match value.as_rule() {
            Rule::string => ScheduleSpec::Expression(self.string(value)),
            _ => ScheduleSpec::Rate(value.as_str().to_string()),
        };
        *slot = Some(Schedule {
            spec,
            span,
            value_span,
        });
    }
}
