//! The `Globals` section of a context stack: what every function of the
//! context has in common (code, runtime, architecture, memory, timeout,
//! tracing, the key of its environment, the environment
//! itself, the dependencies layer), said once instead of once per function. A function's own
//! properties (handler, role, log group, events, variables of its own) stay
//! on the function; SAM merges the two.

use crate::model::{Context, Model};

use super::names;
use super::yaml::q;

pub(super) struct GlobalsView {
    pub(super) runtime: String,
    pub(super) architecture: String,
    pub(super) memory: u32,
    pub(super) timeout: u32,
    /// Variables every function of the context reads: (name, final value).
    pub(super) env: Vec<(String, String)>,
    /// The dependencies layer every function takes (`layer.rs`).
    pub(super) layer: super::layer::LayerView,
}

pub(super) fn globals(
    model: &Model,
    ctx: &Context,
    env: Vec<(String, String)>,
    layer: super::layer::LayerView,
) -> GlobalsView {
    GlobalsView {
        runtime: q(&names::lambda_runtime(&model.system.python)),
        architecture: q(model.system.architecture.word()),
        memory: ctx.deploy.memory_mb,
        timeout: super::timeout_s(ctx),
        env,
        layer,
    }
}
