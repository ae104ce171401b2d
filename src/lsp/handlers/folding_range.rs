//! `textDocument/foldingRange`: every declaration that spans lines (domains,
//! teams, contexts, types, messages, the map) folds, so folding follows the
//! model rather than the indentation.

use super::Outcome;
use crate::lsp::session::Session;
use lsp_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

pub fn handle(
    session: &mut Session,
    params: FoldingRangeParams,
) -> Outcome<Option<Vec<FoldingRange>>> {
    let (analysis, file) = session.analysis_of(&params.text_document.uri)?;
    let model = &analysis.checked.model;
    let source = analysis.file(file);
    let spans = model
        .symbols()
        .map(|s| model.symbol_span(s))
        .chain(model.map.as_ref().map(|m| m.span))
        .filter(|s| s.file == file);
    let mut out: Vec<FoldingRange> = spans
        .filter_map(|s| {
            let start = source.line_index(s.start as usize) as u32;
            let end = source.line_index((s.end as usize).saturating_sub(1)) as u32;
            (end > start).then_some(FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(FoldingRangeKind::Region),
                ..Default::default()
            })
        })
        .collect();
    out.sort_by_key(|r| (r.start_line, r.end_line));
    out.dedup_by_key(|r| (r.start_line, r.end_line));
    Ok(Some(out))
}
