//! `contexts/<ctx>/openapi.yaml`: the context's HTTP API as OpenAPI 3.1.

use super::schema::{schema_ref, Dialect, Naming, Schemas};
use super::security::{self, Access};
use super::yaml::{block, flow, key, quote, Y};
use super::{contact, has_openapi, summary};
use crate::generate::names::snake;
use crate::generate::OWNED_HEADER;
use crate::model::{Context, HttpMethod, Message, Model, TypeRef, Via};
use askama::Template;

/// The whole document; every string is already a quoted YAML scalar and
/// every schema already YAML (flow, or block at the indentation it goes to).
#[derive(Template)]
#[template(path = "openapi/openapi.yaml")]
struct OpenApiFile {
    header: &'static str,
    /// `"3.1.0"`; `"3.0.1"` in the gateway flavour (the versions API Gateway imports).
    version: &'static str,
    title: String,
    description: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    tag: String,
    tag_description: Option<String>,
    paths: Vec<PathItem>,
    /// `components.schemas`, block style at indentation 4.
    schemas: String,
    error_schema: String,
    validation_schema: String,
    throttled: String,
    /// The top-level `security` (flow), when some route takes a token.
    security: Option<String>,
    /// `components.securitySchemes`, block style at indentation 4.
    security_schemes: Option<String>,
    /// Whether some route requires credentials (401 and 403 answers).
    protected: bool,
    /// The API Gateway extensions, in the `DefinitionBody` flavour only.
    gateway: Option<GatewayParts>,
    /// The context's base path under the system's one entry point.
    entry_base_path: String,
}

/// What only the deployed flavour of the document holds.
struct GatewayParts {
    /// `x-amazon-apigateway-request-validators`, block at indentation 2.
    validators: String,
    /// `x-amazon-apigateway-gateway-responses`, block at indentation 2.
    responses: String,
}

/// What the API's `DefinitionBody` needs from its stack: intrinsics, as
/// `Fn::Sub` variable text and a value.
pub struct Gateway {
    /// The function every route integrates, as `${...}` text: `ApiFunction.Arn`.
    pub function_arn: String,
    /// The user pool's ARN (`{"Ref": "UserPoolArn"}`).
    pub user_pool: Y,
}

struct PathItem {
    key: String,
    operations: Vec<Operation>,
}

struct Operation {
    method: &'static str,
    operation_id: String,
    summary: String,
    description: Option<String>,
    parameters: Vec<Parameter>,
    /// Flow schema of the JSON request body.
    body: Option<String>,
    /// `"200"`, `"202"` or `"204"`.
    status: String,
    status_description: String,
    /// Flow schema of the `200` body.
    result: Option<String>,
    /// The operation's own `security` (flow), when not the top-level one.
    security: Option<String>,
    /// Whether it requires credentials (401 and 403 answers).
    protected: bool,
    /// `x-amazon-apigateway-integration` (flow), in the gateway flavour.
    integration: Option<String>,
}

struct Parameter {
    name: String,
    location: &'static str,
    required: bool,
    description: Option<String>,
    schema: String,
}

/// The path parameter names of a route, in order: `/a/{x}/b/{y}` → `x, y`.
pub fn path_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

pub use crate::generate::success_status;

/// The document, or `None` when the context has no `via http` message.
pub fn render(model: &Model, naming: &Naming, ctx: &Context) -> Option<String> {
    document(model, naming, ctx, None)
}

/// The same document as the API's `DefinitionBody`: with the API Gateway
/// extensions (integrations, request validator, gateway responses,
/// authorizers) and without the header comment, ready to be indented into
/// the context's template. `None` without `via http` messages.
pub fn definition(model: &Model, naming: &Naming, ctx: &Context, gw: &Gateway) -> Option<String> {
    let text = document(model, naming, ctx, Some(gw))?;
    Some(
        text.lines()
            .skip_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn document(
    model: &Model,
    naming: &Naming,
    ctx: &Context,
    gateway: Option<&Gateway>,
) -> Option<String> {
    if !has_openapi(model, ctx) {
        return None;
    }
    let called = security::called(model);
    let mut accesses: Vec<Access> = Vec::new();
    let integration = gateway.map(|gw| flow(&security::integration(&gw.function_arn)));
    let mut schemas = Schemas::new(model, naming, Dialect::OpenApi);
    let mut paths: Vec<PathItem> = Vec::new();
    for id in &ctx.messages {
        let m = model.message(*id);
        let Some(Via::Http { method, path, .. }) = &m.via else {
            continue;
        };
        let in_path = path_params(path);
        let mut parameters = Vec::new();
        for name in &in_path {
            if let Some(f) = m.fields.iter().find(|f| f.name == *name) {
                parameters.push(Parameter {
                    name: quote(name),
                    location: "path",
                    required: true,
                    description: f.docs.as_deref().map(quote),
                    schema: flow(&schemas.type_ref(unwrap_optional(&f.ty))),
                });
            }
        }
        let query = matches!(method, HttpMethod::Get | HttpMethod::Delete);
        let rest: Vec<_> = m
            .fields
            .iter()
            .filter(|f| !in_path.contains(&f.name.as_str()))
            .collect();
        let mut body = None;
        if query {
            for f in rest {
                parameters.push(Parameter {
                    name: quote(&f.name),
                    location: "query",
                    required: !matches!(f.ty, TypeRef::Optional(_)),
                    description: f.docs.as_deref().map(quote),
                    schema: flow(&schemas.type_ref(unwrap_optional(&f.ty))),
                });
            }
        } else if !rest.is_empty() {
            let docs = body_docs(m, &in_path);
            let name = schemas.message(*id, &in_path, docs.as_deref());
            body = Some(flow(&schema_ref(&name)));
        }
        let status = success_status(m);
        let (status_description, result) = match &m.returns {
            Some((t, _)) => (
                format!("The result: `{}`.", model.type_ref_text(t, ctx.id)),
                Some(flow(&schemas.type_ref(t))),
            ),
            None if status == 202 => {
                let events: Vec<String> = m
                    .emits
                    .iter()
                    .map(|(e, _)| format!("`{}`", model.message(*e).name))
                    .collect();
                (
                    format!(
                        "Accepted; the outcome is announced by {}.",
                        events.join(", ")
                    ),
                    None,
                )
            }
            None => ("Done; no content.".to_string(), None),
        };
        let access = security::access(m, &called);
        accesses.push(access);
        let summary_text = summary(&m.name, m.docs.as_deref());
        let description = m
            .docs
            .as_deref()
            .filter(|d| d.split_whitespace().collect::<Vec<_>>().join(" ") != summary_text)
            .map(quote);
        let operation = Operation {
            method: method.lowercase(),
            operation_id: quote(&snake(&m.name)),
            summary: quote(&summary_text),
            description,
            parameters,
            body,
            status: quote(&status.to_string()),
            status_description: quote(&status_description),
            result,
            security: security::operation_security(access).map(|s| flow(&s)),
            protected: access != Access::Public,
            integration: integration.clone(),
        };
        let path_key = key(path);
        match paths.iter_mut().find(|p| p.key == path_key) {
            Some(item) => item.operations.push(operation),
            None => paths.push(PathItem {
                key: path_key,
                operations: vec![operation],
            }),
        }
    }

    let error_name = naming.synthetic("Error");
    let validation_name = naming.synthetic("ValidationError");
    schemas.add(&error_name, error_schema());
    schemas.add(&validation_name, validation_schema());
    let components = Y::Map(schemas.finish().into_iter().collect());
    let (contact_name, contact_email) = match contact(model, ctx) {
        Some((name, email)) => (Some(quote(&name)), email.as_deref().map(quote)),
        None => (None, None),
    };
    let schemes = security::schemes(&accesses, gateway.map(|gw| &gw.user_pool));
    let file = OpenApiFile {
        security: accesses
            .contains(&Access::Token)
            .then(|| flow(&security::requirement(security::TOKEN_SCHEME))),
        security_schemes: schemes.map(|s| block(&s, 4)),
        protected: accesses.iter().any(|a| *a != Access::Public),
        gateway: gateway.map(|_| GatewayParts {
            validators: block(&security::validators(), 2),
            responses: block(&security::gateway_responses(), 2),
        }),
        header: OWNED_HEADER,
        version: if gateway.is_some() { "\"3.0.1\"" } else { "\"3.1.0\"" },
        title: quote(&format!("{} {} API", model.system.name, ctx.name)),
        description: context_description(ctx).as_deref().map(quote),
        contact_name,
        contact_email,
        tag: quote(&ctx.name),
        tag_description: ctx.docs.as_deref().map(|d| quote(&summary(&ctx.name, Some(d)))),
        paths,
        schemas: block(&components, 4),
        error_schema: flow(&schema_ref(&error_name)),
        validation_schema: flow(&schema_ref(&validation_name)),
        throttled: quote(&format!(
            "Throttled by API Gateway (rate {}/s, burst {}, from the context's `deploy`); retry later.",
            ctx.deploy.throttle_rps, ctx.deploy.burst
        )),
        entry_base_path: crate::generate::names::base_path(&ctx.name),
    };
    Some(super::with_newline(
        file.render().expect("the OpenAPI template renders"),
    ))
}

fn unwrap_optional(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Optional(inner) => inner,
        other => other,
    }
}

/// The docs of a request body: the message's, and which fields the path
/// supplies.
fn body_docs(m: &Message, in_path: &[&str]) -> Option<String> {
    let from_path = (!in_path.is_empty()).then(|| {
        let names: Vec<String> = in_path.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "Body of `{}`; the path supplies {}.",
            m.name,
            names.join(", ")
        )
    });
    match (m.docs.as_deref(), from_path) {
        (Some(d), Some(p)) => Some(format!("{d}\n\n{p}")),
        (Some(d), None) => Some(d.to_string()),
        (None, p) => p,
    }
}

/// A context's docs and vision, for `info.description`.
pub(crate) fn context_description(ctx: &Context) -> Option<String> {
    let vision = ctx.vision.as_ref().map(|v| format!("Vision: {v}"));
    match (ctx.docs.as_deref(), vision) {
        (Some(d), Some(v)) => Some(format!("{d}\n\n{v}")),
        (Some(d), None) => Some(d.to_string()),
        (None, v) => v,
    }
}

fn error_schema() -> Y {
    Y::map()
        .with("type", "object")
        .with("description", "An error answer: what went wrong, in words.")
        .with("required", Y::Seq(vec![Y::str("message")]))
        .with(
            "properties",
            Y::map().with("message", Y::map().with("type", "string")),
        )
}

fn validation_schema() -> Y {
    let detail = Y::map()
        .with("type", "object")
        .with(
            "description",
            "One validation failure, as pydantic reports it: where (`loc`), what (`msg`) and its kind (`type`).",
        )
        .with(
            "properties",
            Y::map()
                .with(
                    "loc",
                    Y::map().with("type", "array").with(
                        "items",
                        Y::map().with("type", Y::Seq(vec![Y::str("string"), Y::str("integer")])),
                    ),
                )
                .with("msg", Y::map().with("type", "string"))
                .with("type", Y::map().with("type", "string")),
        );
    Y::map()
        .with("type", "object")
        .with(
            "description",
            "The request body or a parameter did not validate against the operation's schema.",
        )
        .with(
            "required",
            Y::Seq(vec![Y::str("message"), Y::str("details")]),
        )
        .with(
            "properties",
            Y::map()
                .with("message", Y::map().with("type", "string"))
                .with(
                    "details",
                    Y::map().with("type", "array").with("items", detail),
                ),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_in_order() {
        assert_eq!(path_params("/a/{x}/b/{y}"), vec!["x", "y"]);
        assert!(path_params("/a").is_empty());
    }
}
