//! The generated README's section on the edge (issue #12): the one entry
//! point and each context's base path, the WAF, the limits, the
//! idempotency windows and the timeouts, all from the constants the
//! generator uses (`generate::python::edge`, `generate::sam::entry`).

use crate::generate::names::{base_path, MAX_BODY_BYTES};
use crate::model::{Model, Via};
use askama::Template;

#[derive(Template)]
#[template(path = "project/edge.md")]
struct EdgeSection {
    /// (context, base path, a route of it).
    apis: Vec<(String, String, String)>,
    stage: &'static str,
    rate: u32,
    max_body: u32,
    http_window: String,
    command_window: String,
}

/// The section, in Markdown.
pub fn section(model: &Model) -> String {
    let apis = model
        .contexts
        .iter()
        .filter_map(|c| {
            let route = c
                .messages
                .iter()
                .find_map(|m| match &model.message(*m).via {
                    Some(Via::Http { path, .. }) => Some(path.clone()),
                    _ => None,
                })?;
            Some((c.name.clone(), base_path(&c.name), route))
        })
        .collect();
    use crate::generate::python::edge as py;
    EdgeSection {
        apis,
        stage: crate::generate::sam::STAGE,
        rate: crate::generate::sam::DEFAULT_RATE_LIMIT,
        max_body: MAX_BODY_BYTES,
        http_window: py::window_text(py::HTTP_WINDOW_SECONDS),
        command_window: py::window_text(py::COMMAND_WINDOW_SECONDS),
    }
    .render()
    .expect("the edge section renders")
}
