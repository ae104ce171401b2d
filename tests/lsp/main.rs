//! In-process protocol tests of `ddgen lsp` over the retail example
//! (several files), edits sent as incremental changes.

#[path = "../support/copy_dir.rs"]
mod copy_dir;
mod diagnostics;
mod editing;
mod navigation;
#[path = "../support/randmodel.rs"]
#[allow(clippy::explicit_auto_deref)] // shared with the fmt tests; kept as written there
mod randmodel;
mod random;
mod robustness;
mod support;
