//! The generated system's edge (issue #12: idempotency, limits, deadlines):
//! `adapters/idempotency.py` (HTTP `Idempotency-Key` and queue command ids,
//! Powertools idempotency on the context's table), `adapters/limits.py` (the
//! request body and DynamoDB item limits) and `adapters/deadline.py` (the
//! invocation's remaining time, which the HTTP clients' retries fit into).
//! Windows and limits are documented in `docs/generation.md` ("The edge").

use super::imports::Imports;
use super::scope::Scope;
use crate::generate::OWNED_HEADER;
use askama::Template;

/// How long an `Idempotency-Key`'s first answer is replayed (24 hours).
pub const HTTP_WINDOW_SECONDS: u32 = 86_400;
/// How long a queue command's `command_id` is remembered (24 hours).
pub const COMMAND_WINDOW_SECONDS: u32 = 86_400;
use crate::generate::names::MAX_BODY_BYTES;

#[derive(Template)]
#[template(path = "python/adapters/idempotency.py")]
struct IdempotencyPy {
    header: &'static str,
    context: String,
    imports: String,
    http: bool,
    commands: bool,
    http_window: u32,
    command_window: u32,
    http_window_text: String,
    command_window_text: String,
}

#[derive(Template)]
#[template(path = "python/adapters/limits.py")]
struct LimitsPy {
    header: &'static str,
    context: String,
    imports: String,
    max_body: u32,
}

#[derive(Template)]
#[template(path = "python/adapters/deadline.py")]
struct DeadlinePy {
    header: &'static str,
    imports: String,
}

/// Attempts of every boto3 call (botocore's `standard` retry mode).
pub const BOTO_ATTEMPTS: u32 = 3;

/// The botocore `Config` of a context's clients, sized to its functions'
/// timeout `T`: connect `T/10`, read `T/5` (each at least 1 s, at most 5 s
/// and 30 s), so that `BOTO_ATTEMPTS` attempts take at most `0.9 T` for
/// `T >= 10 s`. Values in seconds, as Python literals.
pub struct BotoConfig {
    pub function_timeout: String,
    pub connect: String,
    pub read: String,
    pub attempts: u32,
}

impl BotoConfig {
    pub fn new(timeout_ms: u32) -> Self {
        // Tenths of a second.
        let tenths = |ms: u32| ms.div_ceil(100);
        let t = tenths(timeout_ms.max(1000));
        let text = |v: u32| format!("{}.{}", v / 10, v % 10);
        BotoConfig {
            function_timeout: text(t),
            connect: text((t / 10).clamp(10, 50)),
            read: text((t / 5).clamp(10, 300)),
            attempts: BOTO_ATTEMPTS,
        }
    }
}

/// A window in words: `24 hours`.
pub fn window_text(seconds: u32) -> String {
    match seconds {
        s if s % 3600 == 0 => format!("{} hours", s / 3600),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    }
}

/// What every user of Powertools' idempotency imports (the consumers too).
pub fn idempotency_names(imp: &mut Imports) {
    for name in [
        "DynamoDBPersistenceLayer",
        "IdempotencyConfig",
        "idempotent_function",
    ] {
        imp.name("aws_lambda_powertools.utilities.idempotency", name);
    }
}

/// The edge modules of a context, as (module under `adapters/`, text).
pub fn adapters(scope: &Scope) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let http = !scope.http_ops().is_empty();
    let commands = !scope.queue_commands().is_empty();
    if http || commands {
        let mut imp = scope.imports();
        idempotency_names(&mut imp);
        imp.module("json")
            .module("os")
            .name("collections.abc", "Callable")
            .name("typing", "Any")
            .name(
                "aws_lambda_powertools.event_handler",
                "APIGatewayRestResolver",
            )
            .name("aws_lambda_powertools.event_handler", "Response")
            .name(
                "aws_lambda_powertools.event_handler.middlewares",
                "NextMiddleware",
            )
            .name(
                "aws_lambda_powertools.utilities.idempotency.exceptions",
                "IdempotencyAlreadyInProgressError",
            )
            .name(
                "aws_lambda_powertools.utilities.idempotency.exceptions",
                "IdempotencyValidationError",
            )
            .name("..contracts", "CommandEnvelope")
            .name(".", "aws");
        let text = IdempotencyPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            http,
            commands,
            http_window: HTTP_WINDOW_SECONDS,
            command_window: COMMAND_WINDOW_SECONDS,
            http_window_text: window_text(HTTP_WINDOW_SECONDS),
            command_window_text: window_text(COMMAND_WINDOW_SECONDS),
        }
        .render()
        .expect("idempotency.py renders");
        out.push(("idempotency", text));
    }
    let mut imp = scope.imports();
    imp.module("json")
        .name("collections.abc", "Mapping")
        .name("pydantic", "BaseModel");
    let text = LimitsPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        max_body: MAX_BODY_BYTES,
    }
    .render()
    .expect("limits.py renders");
    out.push(("limits", text));
    let mut imp = scope.imports();
    imp.name("collections.abc", "Callable")
        .name("contextvars", "ContextVar")
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext");
    let text = DeadlinePy {
        header: OWNED_HEADER,
        imports: imp.render(),
    }
    .render()
    .expect("deadline.py renders");
    out.push(("deadline", text));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_as_words() {
        assert_eq!(window_text(86_400), "24 hours");
        assert_eq!(window_text(600), "10 minutes");
        assert_eq!(window_text(61), "61 seconds");
    }

    #[test]
    fn boto_timeouts_fit_the_function_timeout() {
        for ms in [10_000, 15_000, 29_000, 60_000, 900_000] {
            let c = BotoConfig::new(ms);
            let secs = |s: &str| s.parse::<f64>().unwrap();
            let worst = f64::from(c.attempts) * (secs(&c.connect) + secs(&c.read));
            assert!(
                worst <= 0.9 * f64::from(ms) / 1000.0 + 1e-9,
                "{ms}: {worst}"
            );
        }
        let c = BotoConfig::new(3_000);
        assert_eq!((c.connect.as_str(), c.read.as_str()), ("1.0", "1.0"));
    }
}
