//! In-process protocol tests of `ddgen lsp` over the retail example
//! (several files), edits sent as incremental changes.

mod diagnostics;
mod editing;
mod navigation;
#[path = "../support/randmodel.rs"]
mod randmodel;
mod random;
mod robustness;
mod support;
