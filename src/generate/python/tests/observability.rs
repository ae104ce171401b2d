//! The observability tests appended to a context's `tests/test_api.py`: a
//! failing request logs under the caller's `X-Correlation-Id` (with the
//! Lambda context injected), and a completed operation publishes its metric
//! under API Gateway's request id as the correlation id. The consumer and
//! command tests have theirs in their templates.

use super::*;
use crate::generate::python::observability::{metrics_namespace, operation_metric};

/// The `HEADERS` constant and the tests, for the first route whose good
/// request completes: `seed` stores what it loads, `calls` are its call
/// without and with `headers=HEADERS`.
pub fn api_tests(
    scope: &Scope,
    op: &HttpOp,
    seed: &[String],
    calls: &[String; 2],
    expected: u16,
) -> (String, Vec<TestFn>) {
    let fname = service_fn(op.msg);
    let constant = "HEADERS = {\"X-Correlation-Id\": \"correlation-1\"}".to_string();
    let logged = test_fn(
        &format!("test_{fname}_logs_under_the_correlation_id"),
        &[
            FIXTURES[0],
            FIXTURES[1],
            ("monkeypatch", "pytest.MonkeyPatch"),
            ("logged", "Callable[[], list[dict[str, Any]]]"),
        ],
        "A request that fails logs the error under the caller's X-Correlation-Id, with the \
         Lambda context.",
        vec![
            "broken = Mock(side_effect=RuntimeError(\"broken\"))".to_string(),
            format!(
                "monkeypatch.setattr(api.service, {}, broken)",
                py_str(&fname)
            ),
            calls[1].clone(),
            "assert response[\"statusCode\"] == 500, response[\"body\"]".to_string(),
            "lines = logged()".to_string(),
            "assert lines".to_string(),
            "assert all(line[\"correlation_id\"] == \"correlation-1\" for line in lines)"
                .to_string(),
            "assert all(\"function_request_id\" in line for line in lines)".to_string(),
        ],
    );
    let metric = (
        metrics_namespace(scope.model),
        scope.ctx.name.clone(),
        operation_metric(op.msg),
    );
    let mut body = seed.to_vec();
    body.push(calls[0].clone());
    body.push(format!(
        "assert response[\"statusCode\"] == {expected}, response[\"body\"]"
    ));
    body.push(format!(
        "assert counted() == [({}, {}, {}, 1.0)]",
        py_str(&metric.0),
        py_str(&metric.1),
        py_str(&metric.2)
    ));
    body.push("assert observability.correlation_id() == \"test\"".to_string());
    let counted = test_fn(
        &format!("test_{fname}_is_counted"),
        &[
            FIXTURES[0],
            FIXTURES[1],
            ("counted", "Callable[[], list[tuple[str, str, str, float]]]"),
        ],
        &format!(
            "A completed {} publishes its metric; API Gateway's request id is the correlation \
             id.",
            op.msg.name
        ),
        body,
    );
    (constant, vec![logged, counted])
}
