//! Stage 3: the rules of `language.md` §4 over the resolved model.
//!
//! Each file holds one family of rules; each rule appends diagnostics and
//! never stops the others. `allow` then silences what the model or the
//! command line allows, and reports allows that silenced nothing (W112).

mod allow;
mod calls;
mod map;
mod messages;
mod structure;
mod types;

pub use allow::{apply_allows, Outcome};

use crate::diagnostic::Diagnostic;
use crate::model::Model;

/// Runs every rule over `model`.
pub fn validate(model: &Model, diags: &mut Vec<Diagnostic>) {
    messages::check(model, diags);
    types::check(model, diags);
    structure::check(model, diags);
    calls::check(model, diags);
    map::check(model, diags);
}
