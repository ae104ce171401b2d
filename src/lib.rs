//! ddgen: domain-driven design models in; diagnostics, context maps and
//! generated systems out. See `ARCHITECTURE.md` for the pipeline.

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod explain;
pub mod export;
pub mod generate;
pub mod init;
pub mod load;
pub mod map;
pub mod model;
pub mod render;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod validate;
pub mod write;
