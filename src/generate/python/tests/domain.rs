//! The generated tests of `DomainError`: in `test_api.py`, a service method
//! that raises one makes the route answer its 4xx with the JSON error shape
//! (`{"message": ..., "code": ...}`), never a 500; in each consumer's test,
//! it fails the record (retried, then kept in the dead-letter queue).

use super::{test_fn, TestFn};

/// A test that patches `service_fn` of the API's `Service` instance to raise
/// a `DomainError` and calls the route with good input (`call`).
pub fn domain_error_test(service_fn: &str, call: String) -> TestFn {
    test_fn(
        &format!("test_{service_fn}_domain_error"),
        &[
            ("cloud", "dict[str, str]"),
            ("lambda_context", "LambdaContext"),
            ("monkeypatch", "pytest.MonkeyPatch"),
        ],
        "A DomainError raised by the service answers its 4xx with its code and message.",
        vec![
            "message = \"A domain rule is broken.\"\n\n    def broken(*args: object) -> None:\n        raise DomainError(409, \"rule-broken\", message)\n".into(),
            format!("monkeypatch.setattr(api.service, \"{service_fn}\", broken)"),
            call,
            "assert response[\"statusCode\"] == 409, response[\"body\"]".into(),
            "assert json.loads(response[\"body\"]) == {\"message\": message, \"code\": \"rule-broken\"}".into(),
        ],
    )
}

/// The signature of the consumer test (its body is in `test_consumer.py`).
pub fn consumer_signature() -> String {
    super::signature(
        "test_a_domain_error_fails_the_record",
        &[
            ("cloud".into(), "dict[str, str]".into()),
            ("lambda_context".into(), "LambdaContext".into()),
            ("monkeypatch".into(), "pytest.MonkeyPatch".into()),
        ],
        "None",
    )
}
