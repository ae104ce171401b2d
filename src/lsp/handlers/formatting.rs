//! `textDocument/formatting`: the whole document through `ddgen fmt`, as
//! one edit. Not offered until `ddgen::fmt` exists (see `docs/editors.md`).

use super::{Failure, Outcome};
use crate::lsp::session::Session;
use lsp_types::{DocumentFormattingParams, TextEdit};

/// Whether the server offers formatting.
pub const FORMATTING: bool = false;

pub fn handle(
    _session: &mut Session,
    _params: DocumentFormattingParams,
) -> Outcome<Option<Vec<TextEdit>>> {
    Err(Failure::failed("formatting is not available in this build"))
}
