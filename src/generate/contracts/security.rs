//! Who may call each `via http` operation, in the OpenAPI documents: the
//! security schemes, each operation's requirement, and, for the API's
//! `DefinitionBody` (the same document, deployed), the API Gateway
//! extensions that enforce them (`docs/generation.md`, "Authentication").
//!
//! - `public` operations: `security: []`, no authorizer.
//! - operations another context `calls`: `SigV4` only (API Gateway's IAM
//!   authorization; a REST method takes one authorization type, so a
//!   called route is for signed callers only).
//! - every other operation: the document's top-level requirement,
//!   `BearerToken`, checked by a Cognito user pool authorizer.

use super::yaml::Y;
use crate::model::{Message, MessageId, Model, UseKind};
use std::collections::BTreeSet;

/// The scheme external callers use: a user pool token.
pub const TOKEN_SCHEME: &str = "BearerToken";
/// The scheme of routes other contexts call: AWS Signature Version 4.
pub const SIGV4_SCHEME: &str = "SigV4";
/// The context stack parameter naming the user pool.
pub const USER_POOL_PARAM: &str = "UserPoolArn";

/// Who may call one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (`public`).
    Public,
    /// External callers with a user pool token.
    Token,
    /// Other contexts, signing with SigV4 (IAM).
    SigV4,
}

/// Every message some context `calls`.
pub fn called(model: &Model) -> BTreeSet<MessageId> {
    model
        .uses
        .iter()
        .filter(|u| u.kind == UseKind::Calls)
        .map(|u| u.target)
        .collect()
}

/// Who may call `m` (a `via http` message); `called` from [`called`].
pub fn access(m: &Message, called: &BTreeSet<MessageId>) -> Access {
    if m.public.is_some() {
        Access::Public
    } else if called.contains(&m.id) {
        Access::SigV4
    } else {
        Access::Token
    }
}

/// An operation's own `security`, when it differs from the document's
/// top-level requirement (which is [`TOKEN_SCHEME`]).
pub fn operation_security(access: Access) -> Option<Y> {
    match access {
        Access::Public => Some(Y::Seq(Vec::new())),
        Access::SigV4 => Some(requirement(SIGV4_SCHEME)),
        Access::Token => None,
    }
}

/// `[{scheme: []}]`.
pub fn requirement(scheme: &str) -> Y {
    Y::Seq(vec![Y::map().with(scheme, Y::Seq(Vec::new()))])
}

/// `components.securitySchemes` for the schemes `accesses` use. In the
/// gateway flavour each scheme carries the authorizer API Gateway runs
/// (`user_pool`: the intrinsic naming the pool's ARN); both schemes are then
/// `apiKey` in the `Authorization` header, as API Gateway reads them.
pub fn schemes(accesses: &[Access], gateway: Option<&Y>) -> Option<Y> {
    let mut out = Y::map();
    if accesses.contains(&Access::Token) {
        let description = "A token of the system's Cognito user pool (stack parameter `UserPoolArn`), sent as `Authorization: Bearer <token>`; API Gateway's authorizer checks its signature and expiry and passes its claims to the function.";
        let scheme = match gateway {
            None => Y::map()
                .with("type", "http")
                .with("scheme", "bearer")
                .with("bearerFormat", "JWT")
                .with("description", description),
            Some(pool) => Y::map()
                .with("type", "apiKey")
                .with("name", "Authorization")
                .with("in", "header")
                .with("description", description)
                .with("x-amazon-apigateway-authtype", "cognito_user_pools")
                .with(
                    "x-amazon-apigateway-authorizer",
                    Y::map()
                        .with("type", "cognito_user_pools")
                        .with("providerARNs", Y::Seq(vec![pool.clone()])),
                ),
        };
        out.set(TOKEN_SCHEME, scheme);
    }
    if accesses.contains(&Access::SigV4) {
        let mut scheme = Y::map()
            .with("type", "apiKey")
            .with("name", "Authorization")
            .with("in", "header")
            .with("description", "AWS Signature Version 4 (service `execute-api`) with the calling context's function role; only the routes other contexts `calls` take it, and each caller's role may invoke exactly the routes it calls.");
        if gateway.is_some() {
            scheme.set("x-amazon-apigateway-authtype", Y::str("awsSigv4"));
        }
        out.set(SIGV4_SCHEME, scheme);
    }
    match &out {
        Y::Map(entries) if entries.is_empty() => None,
        _ => Some(out),
    }
}

/// The `x-amazon-apigateway-integration` of every route: a Lambda proxy
/// integration of the API function (`function_arn`: an intrinsic).
pub fn integration(function_arn: &str) -> Y {
    let uri = format!(
        "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function_arn}}}/invocations"
    );
    Y::map()
        .with("type", "aws_proxy")
        .with("httpMethod", "POST")
        .with("uri", Y::map().with("Fn::Sub", Y::str(uri)))
        .with("passthroughBehavior", "when_no_match")
}

/// The request validator of the whole API: bodies against their schemas,
/// parameters by the function (422 with details).
pub fn validators() -> Y {
    Y::map().with(
        "body",
        Y::map()
            .with("validateRequestBody", true)
            .with("validateRequestParameters", false),
    )
}

/// The answers API Gateway gives itself, all in the JSON error shape
/// `{"message": str}` (`BAD_REQUEST_BODY`: 422 with `details`, as the
/// function's validation failures; a body over its 10 MB limit 413; no
/// such route 404: `docs/generation.md`, "The edge").
pub fn gateway_responses() -> Y {
    let json = |template: &str| {
        Y::map().with(
            "responseTemplates",
            Y::map().with("application/json", Y::str(template)),
        )
    };
    let with_status = |status: &str, template: &str| json(template).with("statusCode", status);
    let from_gateway = r#"{"message": $context.error.messageString}"#;
    Y::map()
        .with(
            "BAD_REQUEST_BODY",
            with_status(
                "422",
                r#"{"message": "Invalid request body: send a JSON object that matches the operation's schema", "details": []}"#,
            ),
        )
        .with(
            "UNAUTHORIZED",
            with_status(
                "401",
                r#"{"message": "Unauthorized: send a valid token as `Authorization: Bearer <token>`"}"#,
            ),
        )
        .with(
            "ACCESS_DENIED",
            with_status("403", r#"{"message": "Forbidden: these credentials may not call this route"}"#),
        )
        .with(
            "REQUEST_TOO_LARGE",
            with_status(
                "413",
                &format!(
                    r#"{{"message": "The request body must be under {} bytes."}}"#,
                    crate::generate::names::MAX_BODY_BYTES
                ),
            ),
        )
        // API Gateway answers a method and path that no route has with
        // `MISSING_AUTHENTICATION_TOKEN`, and an unsigned request to a SigV4
        // route too: one response for both, so it says both.
        .with(
            "MISSING_AUTHENTICATION_TOKEN",
            with_status(
                "404",
                r#"{"message": "No route matches this method and path (or the route takes only SigV4-signed requests)."}"#,
            ),
        )
        .with("DEFAULT_4XX", json(from_gateway))
        .with("DEFAULT_5XX", json(from_gateway))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::contracts::yaml::flow;

    #[test]
    fn each_access_has_its_own_requirement() {
        assert_eq!(operation_security(Access::Token), None);
        assert_eq!(flow(&operation_security(Access::Public).unwrap()), "[]");
        assert_eq!(
            flow(&operation_security(Access::SigV4).unwrap()),
            r#"[{"SigV4": []}]"#
        );
    }

    #[test]
    fn schemes_only_for_what_is_used() {
        assert!(schemes(&[Access::Public], None).is_none());
        let both = schemes(&[Access::Token, Access::SigV4], None).unwrap();
        assert!(both.get(TOKEN_SCHEME).is_some() && both.get(SIGV4_SCHEME).is_some());
        let pool = Y::map().with("Ref", USER_POOL_PARAM);
        let gw = schemes(&[Access::Token], Some(&pool)).unwrap();
        let token = gw.get(TOKEN_SCHEME).unwrap();
        assert_eq!(token.get("type"), Some(&Y::str("apiKey")));
        assert!(token.get("x-amazon-apigateway-authorizer").is_some());
    }
}
