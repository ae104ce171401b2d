//! `src/<pkg>/observability.py`: the Powertools Logger, Tracer and Metrics
//! every handler uses, the correlation and causation ids the envelope is
//! stamped with, and the batch processor that logs failing records. Also the
//! names of the business metrics (one per operation and subscription), which
//! the handlers count and the generated tests look for.

use super::scope::Scope;
use crate::generate::names::logical_id;
use crate::generate::OWNED_HEADER;
use crate::model::{Message, Model, Subscription};
use askama::Template;

#[derive(Template)]
#[template(path = "python/observability.py")]
struct ObservabilityPy {
    header: &'static str,
    context: String,
    service: String,
    namespace: String,
}

pub fn observability_py(scope: &Scope) -> String {
    ObservabilityPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        service: scope.ctx.name.clone(),
        namespace: metrics_namespace(scope.model),
    }
    .render()
    .expect("observability.py renders")
}

/// `POWERTOOLS_METRICS_NAMESPACE`: the system's name.
pub fn metrics_namespace(model: &Model) -> String {
    model.system.name.clone()
}

/// The metric an operation (`via http` or a queue command) counts: its name.
pub fn operation_metric(msg: &Message) -> String {
    logical_id(&[&msg.name])
}

/// The metric a subscription counts: `<Source><Event>Consumed`.
pub fn subscription_metric(model: &Model, s: &Subscription) -> String {
    let e = model.message(s.event);
    logical_id(&[&model.context(e.context).name, &e.name, "Consumed"])
}
