//! The aggregates' secondary indexes on the context's table: one global
//! secondary index per `index`, keyed on top-level attributes the repository
//! writes beside `data` (`<Aggregate>-<Index>-pk`, `...-sk`), projecting
//! everything; and the `dynamodb:Query` statement on exactly those indexes.

use super::context::{statement, StatementView};
use super::yaml::{q, sub};
use crate::model::schema::TableIndex as Gsi;
use crate::model::{Context, Model};

pub(super) fn gsis(model: &Model, ctx: &Context) -> Vec<Gsi> {
    model.table_indexes(ctx)
}

/// Lines appended to the table's `AttributeDefinitions` (after `pk`).
pub(super) fn attribute_lines(gsis: &[Gsi]) -> String {
    let mut out = String::new();
    for (name, ty) in gsis.iter().flat_map(|g| &g.keys) {
        out.push_str(&format!(
            "\n        - AttributeName: {}\n          AttributeType: {ty}",
            q(name)
        ));
    }
    out
}

/// The table's `GlobalSecondaryIndexes` property, or nothing.
pub(super) fn index_block(gsis: &[Gsi]) -> String {
    if gsis.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n      GlobalSecondaryIndexes:");
    for g in gsis {
        out.push_str(&format!(
            "\n        - IndexName: {}\n          KeySchema:",
            q(&g.name)
        ));
        for (i, (name, _)) in g.keys.iter().enumerate() {
            let kind = if i == 0 { "HASH" } else { "RANGE" };
            out.push_str(&format!(
                "\n            - AttributeName: {}\n              KeyType: {kind}",
                q(name)
            ));
        }
        out.push_str("\n          Projection:\n            ProjectionType: ALL");
    }
    out
}

/// `dynamodb:Query` on the context's indexes, for its functions (the
/// table's own statement covers only the table's ARN, not its indexes').
pub(super) fn query_statement(gsis: &[Gsi]) -> Option<StatementView> {
    if gsis.is_empty() {
        return None;
    }
    let arns = gsis
        .iter()
        .map(|g| sub(&format!("${{Table.Arn}}/index/{}", g.name)))
        .collect();
    Some(statement("QueryOwnIndexes", &["dynamodb:Query"], arns))
}
