//! The storage and scheduling additions of the model: an aggregate's
//! secondary indexes (DynamoDB global secondary indexes on the context's
//! table) and a command's schedule (an EventBridge Scheduler expression).
//!
//! Names are kept as written; `validate::indexes` and `validate::schedules`
//! check them, and the generators read only validated models.

use super::{Field, Model, Primitive, TypeDef, TypeRef};
use crate::source::Span;
use crate::syntax::ast;

/// `index ByCustomer(customer, placed_at)` on an aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub name_span: Span,
    /// The partition field, then the optional sort field, as written.
    pub keys: Vec<(String, Span)>,
    pub docs: Option<String>,
    pub span: Span,
}

impl Index {
    /// The GSI's name on the context's table: `<Aggregate>-<Index>`, unique
    /// per table because aggregate names have no `-`.
    pub fn gsi_name(&self, aggregate: &str) -> String {
        format!("{aggregate}-{}", self.name)
    }
}

/// The top-level item attribute an index key field is copied into:
/// `<Aggregate>-<Index>-pk` (or `-sk` for the sort field).
pub fn key_attribute(aggregate: &str, index: &str, sort: bool) -> String {
    format!("{aggregate}-{index}-{}", if sort { "sk" } else { "pk" })
}

/// The DynamoDB attribute type of a key field: `N` for numbers (so that a
/// sort key sorts numerically), else `S`.
pub fn attribute_type(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Optional(t) => attribute_type(t),
        TypeRef::Primitive(Primitive::Int | Primitive::Decimal) => "N",
        _ => "S",
    }
}

/// One global secondary index of a context's table, as both back ends
/// need it: its name and its key attributes with their types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableIndex {
    pub name: String,
    /// (attribute, `S` or `N`): the partition key, then the sort key.
    pub keys: Vec<(String, &'static str)>,
}

impl Model {
    /// The GSIs of a context's table: every index of its aggregates, in
    /// declaration order.
    pub fn table_indexes(&self, ctx: &super::Context) -> Vec<TableIndex> {
        let mut out = Vec::new();
        for &tid in &ctx.types {
            let t = self.type_def(tid);
            for index in &t.indexes {
                let Some((p, s)) = self.index_fields(t, index) else {
                    continue;
                };
                let mut keys = vec![(
                    key_attribute(&t.name, &index.name, false),
                    attribute_type(&p.ty),
                )];
                if let Some(s) = s {
                    keys.push((
                        key_attribute(&t.name, &index.name, true),
                        attribute_type(&s.ty),
                    ));
                }
                out.push(TableIndex {
                    name: index.gsi_name(&t.name),
                    keys,
                });
            }
        }
        out
    }

    /// An index's key fields of `t` (partition, then sort), when they exist.
    pub fn index_fields<'m>(
        &'m self,
        t: &'m TypeDef,
        index: &Index,
    ) -> Option<(&'m Field, Option<&'m Field>)> {
        let find = |name: &str| t.fields.iter().find(|f| f.name == name);
        let partition = find(&index.keys.first()?.0)?;
        let sort = match index.keys.get(1) {
            Some((name, _)) => Some(find(name)?),
            None => None,
        };
        Some((partition, sort))
    }
}

/// A command's `every ...`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleSpec {
    /// `5m`, `1h`, `1d`: digits and a unit.
    Rate(String),
    /// `"cron(0 3 * * ? *)"` or `"rate(5 minutes)"`.
    Expression(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub spec: ScheduleSpec,
    pub span: Span,
    pub value_span: Span,
}

impl Schedule {
    /// The EventBridge Scheduler `ScheduleExpression`, or what is wrong
    /// with the schedule as written.
    pub fn expression(&self) -> Result<String, String> {
        match &self.spec {
            ScheduleSpec::Rate(text) => rate(text),
            ScheduleSpec::Expression(e) => super::cron::expression(e),
        }
    }
}

/// `5m` → `rate(5 minutes)`; minutes, hours and days only.
fn rate(text: &str) -> Result<String, String> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let unit = &text[digits.len()..];
    let n: u32 = digits
        .parse()
        .map_err(|_| format!("`{digits}` is too large for a rate"))?;
    if n == 0 {
        return Err("a rate of zero never runs".to_string());
    }
    let word = match unit {
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "s" | "ms" => {
            return Err(format!(
                "EventBridge Scheduler runs at most once a minute; `{unit}` is not a unit it takes"
            ))
        }
        _ => {
            return Err(format!(
                "`{unit}` is not a unit of a rate (`m`, `h` or `d`)"
            ))
        }
    };
    let plural = if n == 1 { "" } else { "s" };
    Ok(format!("rate({n} {word}{plural})"))
}

/// The indexes of an AST type declaration (empty unless it is an aggregate).
pub(super) fn indexes(t: &ast::TypeDecl) -> Vec<Index> {
    t.indexes
        .iter()
        .map(|i| Index {
            name: i.name.name.clone(),
            name_span: i.name.span,
            keys: i.fields.iter().map(|f| (f.name.clone(), f.span)).collect(),
            docs: i.docs.clone(),
            span: i.span,
        })
        .collect()
}

/// The schedule of an AST message.
pub(super) fn schedule(m: &ast::Message) -> Option<Schedule> {
    m.schedule.as_ref().map(|s| Schedule {
        spec: match &s.spec {
            ast::ScheduleSpec::Rate(r) => ScheduleSpec::Rate(r.clone()),
            ast::ScheduleSpec::Expression(e) => ScheduleSpec::Expression(e.value.clone()),
        },
        span: s.span,
        value_span: s.value_span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn sched(spec: ScheduleSpec) -> Schedule {
        let span = Span::new(FileId(0), 0, 1);
        Schedule {
            spec,
            span,
            value_span: span,
        }
    }

    #[test]
    fn rates_become_scheduler_expressions() {
        let e = |t: &str| sched(ScheduleSpec::Rate(t.into())).expression();
        assert_eq!(e("5m").unwrap(), "rate(5 minutes)");
        assert_eq!(e("1m").unwrap(), "rate(1 minute)");
        assert_eq!(e("1h").unwrap(), "rate(1 hour)");
        assert_eq!(e("3d").unwrap(), "rate(3 days)");
        assert!(e("0m").unwrap_err().contains("zero"));
        assert!(e("30s").unwrap_err().contains("once a minute"));
        assert!(e("5w").unwrap_err().contains("`w`"));
        assert!(e("99999999999m").unwrap_err().contains("too large"));
    }

    #[test]
    fn expressions_are_checked() {
        let e = |t: &str| sched(ScheduleSpec::Expression(t.into())).expression();
        assert_eq!(e("cron(0 3 * * ? *)").unwrap(), "cron(0 3 * * ? *)");
        assert_eq!(e("rate(5 minutes)").unwrap(), "rate(5 minutes)");
        assert!(e("cron(0 3 * * *)").is_err());
    }
}
