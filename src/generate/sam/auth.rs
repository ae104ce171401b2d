//! Authentication in the context stacks (`docs/generation.md`,
//! "Authentication"): the API's `DefinitionBody` (the context's OpenAPI
//! document with API Gateway's extensions, rendered by
//! `contracts::openapi`), the permission for the API to invoke its
//! function, the `execute-api:Invoke` statement of a context that `calls`
//! others (exactly the routes it calls), and the root stack's parameters.

use super::*;
use crate::generate::contracts::openapi::{self, Gateway};
use crate::generate::contracts::schema::Naming;
use crate::generate::contracts::security::{self, Access};
use crate::generate::contracts::yaml::Y;

pub(super) use security::USER_POOL_PARAM;

/// Whether the context has a route for token holders, so that its stack
/// takes the user pool's ARN.
pub(super) fn needs_user_pool(model: &Model, ctx: &Context) -> bool {
    let called = security::called(model);
    ctx.messages.iter().any(|m| {
        let m = model.message(*m);
        m.is_http() && security::access(m, &called) == Access::Token
    })
}

/// The `DefinitionBody` of the context's API, indented to stand below
/// `DefinitionBody:` (8 spaces); `user_pool` names the stack parameter.
pub(super) fn definition_body(
    model: &Model,
    naming: &Naming,
    ctx: &Context,
    function_id: &str,
    user_pool: &str,
) -> String {
    let gateway = Gateway {
        function_arn: format!("{function_id}.Arn"),
        user_pool: Y::map().with("Ref", Y::str(user_pool)),
    };
    let text = openapi::definition(model, naming, ctx, &gateway)
        .expect("a context with an API has an OpenAPI document");
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("        {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The resource letting this API (any stage, method and path of it) invoke
/// the API function: a `Resources` entry, starting with a blank line.
pub(super) fn invoke_permission(ids: &mut Namer, function_id: &str, api_id: &str) -> String {
    let id = ids.take(&format!("{function_id}InvokePermission"));
    let source = sub(&format!(
        "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_id}}}/*"
    ));
    format!(
        "\n\n  {id}:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: \"lambda:InvokeFunction\"\n      FunctionName: {}\n      Principal: \"apigateway.amazonaws.com\"\n      SourceAccount: {}\n      SourceArn: {}",
        flow(&reference(function_id)),
        flow(&reference("AWS::AccountId")),
        flow(&source),
    )
}

/// The ARN of one route of another context's API, for `execute-api:Invoke`:
/// path parameters become `*` (one segment each, as API Gateway matches
/// them); `api_id` is the stack parameter holding that API's id.
pub(super) fn route_arn(api_id: &str, method: HttpMethod, path: &str) -> Value {
    let resource: Vec<&str> = path
        .trim_end_matches('/')
        .split('/')
        .map(|seg| if seg.starts_with('{') { "*" } else { seg })
        .collect();
    let mut resource = resource.join("/");
    if resource.is_empty() {
        resource.push('/');
    }
    sub(&format!(
        "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_id}}}/{STAGE}/{}{resource}",
        method.as_str()
    ))
}

/// The routes a context `calls`, as ARNs (`api_ids`: the stack parameter
/// holding each called context's API id), sorted and without repeats.
pub(super) fn called_routes(
    model: &Model,
    ctx: &Context,
    api_ids: &BTreeMap<ContextId, String>,
) -> Vec<Value> {
    let mut arns: Vec<(String, Value)> = Vec::new();
    for uid in &ctx.calls {
        let m = model.message(model.use_(*uid).target);
        let (Some(Via::Http { method, path, .. }), Some(api)) = (&m.via, api_ids.get(&m.context))
        else {
            continue;
        };
        let arn = route_arn(api, *method, path);
        let key = flow(&arn);
        if !arns.iter().any(|(k, _)| *k == key) {
            arns.push((key, arn));
        }
    }
    arns.sort_by(|a, b| a.0.cmp(&b.0));
    arns.into_iter().map(|(_, v)| v).collect()
}

/// The statement letting a function call exactly `routes` (none: no
/// statement).
pub(super) fn invoke_statement(routes: &[Value]) -> Option<StatementView> {
    (!routes.is_empty()).then(|| {
        statement(
            "CallOtherContexts",
            &["execute-api:Invoke"],
            routes.to_vec(),
        )
    })
}

/// The root stack's own parameters: the values it passes to a context
/// stack as a `Ref` (its nested stacks are passed by `Fn::GetAtt`).
pub(super) fn root_params(stacks: &[(&Context, Vec<Param>, bool)]) -> Vec<ParamView> {
    let mut out: Vec<ParamView> = Vec::new();
    for (_, params, _) in stacks {
        for p in params {
            // Only the parameters authentication adds (the user pool); the
            // stage and the alarm topic are declared by their own modules.
            let Some(name) = p
                .root_value
                .get("Ref")
                .and_then(Value::as_str)
                .filter(|n| *n == USER_POOL_PARAM)
            else {
                continue;
            };
            if !out.iter().any(|v| v.name == name) {
                out.push(ParamView {
                    name: name.to_string(),
                    description: q(&p.description),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_arns_match_one_segment_per_parameter() {
        let arn = route_arn(
            "PaymentsApiId",
            HttpMethod::Post,
            "/payments/{payment}/refunds/",
        );
        assert_eq!(
            arn["Fn::Sub"],
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${PaymentsApiId}/v1/POST/payments/*/refunds"
        );
        let root = route_arn("A", HttpMethod::Get, "/");
        assert!(root["Fn::Sub"].as_str().unwrap().ends_with("/v1/GET/"));
    }
}
