//! ddgen: domain-driven design models in; diagnostics, context maps and
//! generated systems out. See `ARCHITECTURE.md` for the pipeline.

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod generate;
pub mod import;
pub mod init;
pub mod load;
pub mod lsp;
pub mod map;
pub mod model;
pub mod render;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod validate;
pub mod write;
