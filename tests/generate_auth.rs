//! Authentication of the generated system, over the parsed templates of
//! every example and of seeded random models (`support/randmodel.rs`):
//! - every route of a context's API (its `DefinitionBody`) has an
//!   authorizer unless the model says `public`; public routes have none;
//!   routes other contexts `calls` take SigV4 (IAM) and only that; token
//!   routes use the Cognito user pool authorizer whose ARN the root stack
//!   passes down from its own `UserPoolArn` parameter;
//! - every route is integrated with the context's API function, and no
//!   function declares `Api` events besides (the definition is the API);
//! - each calling context's functions may `execute-api:Invoke` exactly the
//!   routes it calls (method and path), and no other function may invoke
//!   anything;
//! - the `DefinitionBody` is the context's `openapi.yaml`: the same paths,
//!   operations and schemas, plus API Gateway's extensions.
//!
//! `sam validate --lint` over the same templates is part of the gate
//! (`support/gate.rs`), run by `generate_sam`, `generate_python` and
//! `generate_random`.

#[path = "support/randmodel.rs"]
mod randmodel;
#[path = "support/template.rs"]
mod template;

use ddgen::check::{check_paths, check_sources, Options};
use ddgen::generate::names::{context_dir, snake};
use ddgen::generate::OutFile;
use ddgen::model::{HttpMethod, Model, UseKind, Via};
use ddgen::source::SourceMap;
use serde_yaml_ng::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use template::{at, get, parse};

/// Random models checked here (in-process, no outside tool: a few seconds).
const SEEDS: u64 = 60;

fn file<'a>(files: &'a [OutFile], path: &str) -> Option<&'a OutFile> {
    files.iter().find(|f| f.path == path)
}

/// A value without its `x-amazon-apigateway-*` keys, anywhere in it.
fn without_extensions(v: &Value) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .filter(|(k, _)| {
                    !k.as_str()
                        .is_some_and(|k| k.starts_with("x-amazon-apigateway-"))
                })
                .map(|(k, v)| (k.clone(), without_extensions(v)))
                .collect(),
        ),
        Value::Sequence(s) => Value::Sequence(s.iter().map(without_extensions).collect()),
        other => other.clone(),
    }
}

/// `[{scheme: []}]`.
fn requirement(scheme: &str) -> Value {
    serde_yaml_ng::from_str(&format!("[{{\"{scheme}\": []}}]")).unwrap()
}

/// The ARN text `auth.rs` writes for a route: `METHOD/path` with `*` for
/// each parameter segment.
fn route(method: HttpMethod, path: &str) -> String {
    let segs: Vec<&str> = path
        .trim_end_matches('/')
        .split('/')
        .map(|s| if s.starts_with('{') { "*" } else { s })
        .collect();
    let p = segs.join("/");
    format!("{}{}", method.as_str(), if p.is_empty() { "/" } else { &p })
}

/// Every check of this file over one model; `Err` says what is wrong.
/// `Ok`: how many routes and invoke grants it checked, by kind
/// (public, SigV4, token, granted route).
fn check_model(model: &Model) -> Result<[usize; 4], String> {
    let mut counts = [0; 4];
    let mut files = ddgen::generate::sam::files(model);
    files.extend(ddgen::generate::contracts::files(model));
    let root = parse(file(&files, "template.yaml").ok_or("no root template")?);
    let root_params: BTreeSet<String> = get(&root, "Parameters")
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    // Root stack id of each context, by its template's location.
    let mut stack_of: BTreeMap<String, String> = BTreeMap::new();
    for (id, r) in get(&root, "Resources").and_then(Value::as_mapping).unwrap() {
        if let Some(loc) = at(r, &["Properties", "Location"]).and_then(Value::as_str) {
            stack_of.insert(loc.to_string(), id.as_str().unwrap().to_string());
        }
    }
    let called: BTreeSet<_> = model
        .uses
        .iter()
        .filter(|u| u.kind == UseKind::Calls)
        .map(|u| u.target)
        .collect();
    for ctx in &model.contexts {
        let dir = context_dir(&ctx.name);
        let location = format!("{dir}/template.yaml");
        let t = parse(file(&files, &location).ok_or("no context template")?);
        let stack_id = &stack_of[&location];
        let passed = at(&root, &["Resources", stack_id, "Properties", "Parameters"]);
        let resources = get(&t, "Resources").and_then(Value::as_mapping).unwrap();
        let functions: Vec<(&str, &Value)> = resources
            .iter()
            .filter(|(_, r)| {
                get(r, "Type").and_then(Value::as_str) == Some("AWS::Serverless::Function")
            })
            .map(|(k, r)| (k.as_str().unwrap(), r))
            .collect();
        for (id, f) in &functions {
            if let Some(events) = at(f, &["Properties", "Events"]).and_then(Value::as_mapping) {
                for (name, e) in events {
                    if get(e, "Type").and_then(Value::as_str) == Some("Api") {
                        return Err(format!("{}: {id} has an Api event {name:?}", ctx.name));
                    }
                }
            }
        }
        let http: Vec<_> = ctx
            .messages
            .iter()
            .map(|m| model.message(*m))
            .filter(|m| m.is_http())
            .collect();
        let api = resources
            .iter()
            .find(|(_, r)| get(r, "Type").and_then(Value::as_str) == Some("AWS::Serverless::Api"));
        if http.is_empty() {
            if api.is_some() {
                return Err(format!("{}: an API without routes", ctx.name));
            }
        } else {
            let (_, api) = api.ok_or(format!("{}: no API", ctx.name))?;
            let body = at(api, &["Properties", "DefinitionBody"])
                .ok_or(format!("{}: API without DefinitionBody", ctx.name))?;
            let api_fn = functions
                .iter()
                .find(|(_, f)| {
                    at(f, &["Properties", "Handler"])
                        .and_then(Value::as_str)
                        .is_some_and(|h| h.ends_with(".handlers.api.handler"))
                })
                .map(|(id, _)| *id)
                .ok_or(format!("{}: no API function", ctx.name))?;
            let schemes = at(body, &["components", "securitySchemes"]);
            for m in &http {
                let Some(Via::Http { method, path, .. }) = &m.via else {
                    unreachable!()
                };
                let op = at(body, &["paths", path, method.lowercase()])
                    .ok_or(format!("{}: no operation {path} {method:?}", ctx.name))?;
                if get(op, "operationId").and_then(Value::as_str) != Some(&snake(&m.name)) {
                    return Err(format!("{}: {path} is not {}", ctx.name, m.name));
                }
                let uri = at(op, &["x-amazon-apigateway-integration", "uri", "Fn::Sub"])
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if !uri.contains(&format!("${{{api_fn}.Arn}}"))
                    || get(op, "x-amazon-apigateway-integration")
                        .and_then(|i| get(i, "type"))
                        .and_then(Value::as_str)
                        != Some("aws_proxy")
                {
                    return Err(format!(
                        "{}: {} is not integrated with {api_fn}",
                        ctx.name, m.name
                    ));
                }
                let security = get(op, "security");
                counts[if m.public.is_some() {
                    0
                } else if called.contains(&m.id) {
                    1
                } else {
                    2
                }] += 1;
                if m.public.is_some() {
                    if security != Some(&Value::Sequence(Vec::new())) {
                        return Err(format!(
                            "{}: public {} has security {security:?}",
                            ctx.name, m.name
                        ));
                    }
                } else if called.contains(&m.id) {
                    if security != Some(&requirement("SigV4")) {
                        return Err(format!(
                            "{}: called {} is not SigV4: {security:?}",
                            ctx.name, m.name
                        ));
                    }
                    let authtype = schemes
                        .and_then(|s| at(s, &["SigV4", "x-amazon-apigateway-authtype"]))
                        .and_then(Value::as_str);
                    if authtype != Some("awsSigv4") {
                        return Err(format!(
                            "{}: SigV4 scheme without IAM authorization",
                            ctx.name
                        ));
                    }
                } else {
                    if security.is_some()
                        || get(body, "security") != Some(&requirement("BearerToken"))
                    {
                        return Err(format!("{}: {} does not require a token", ctx.name, m.name));
                    }
                    let token = schemes
                        .and_then(|s| get(s, "BearerToken"))
                        .ok_or(format!("{}: no BearerToken scheme", ctx.name))?;
                    let authorizer = get(token, "x-amazon-apigateway-authorizer");
                    let pool = authorizer
                        .and_then(|a| get(a, "providerARNs"))
                        .and_then(Value::as_sequence)
                        .and_then(|s| s.first())
                        .and_then(|p| get(p, "Ref"))
                        .and_then(Value::as_str)
                        .ok_or(format!("{}: token scheme without a user pool", ctx.name))?;
                    if authorizer
                        .and_then(|a| get(a, "type"))
                        .and_then(Value::as_str)
                        != Some("cognito_user_pools")
                    {
                        return Err(format!("{}: not a user pool authorizer", ctx.name));
                    }
                    if at(&t, &["Parameters", pool]).is_none()
                        || passed
                            .and_then(|p| get(p, pool))
                            .and_then(|v| get(v, "Ref"))
                            .and_then(Value::as_str)
                            != Some(pool)
                        || !root_params.contains(pool)
                    {
                        return Err(format!(
                            "{}: {pool} is not passed down from the root's parameter",
                            ctx.name
                        ));
                    }
                }
            }
            // The deployed definition is the contract.
            let doc: Value = serde_yaml_ng::from_str(
                &file(&files, &format!("{dir}/openapi.yaml"))
                    .ok_or("no openapi.yaml")?
                    .content,
            )
            .unwrap();
            let deployed = without_extensions(body);
            for key in ["paths", "servers", "tags", "security"] {
                if get(&deployed, key) != get(&doc, key) {
                    return Err(format!(
                        "{}: DefinitionBody's {key} differs from openapi.yaml",
                        ctx.name
                    ));
                }
            }
            for key in ["schemas", "responses"] {
                if at(&deployed, &["components", key]) != at(&doc, &["components", key]) {
                    return Err(format!(
                        "{}: DefinitionBody's components.{key} differ",
                        ctx.name
                    ));
                }
            }
        }

        // Invoke permissions: exactly the routes this context calls.
        let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
        let has_functions = !functions.is_empty();
        for uid in ctx.calls.iter().filter(|_| has_functions) {
            let target = model.message(model.use_(*uid).target);
            if let Some(Via::Http { method, path, .. }) = &target.via {
                let tctx = &model.context(target.context).name;
                expected.insert((tctx.clone(), route(*method, path)));
            }
        }
        for (id, f) in &functions {
            let role = at(f, &["Properties", "Role", "Fn::GetAtt"])
                .and_then(Value::as_sequence)
                .and_then(|s| s.first())
                .and_then(Value::as_str)
                .ok_or(format!("{id} has no own role"))?;
            let statements = at(&t, &["Resources", role, "Properties", "Policies"])
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    at(p, &["PolicyDocument", "Statement"]).and_then(Value::as_sequence)
                })
                .flatten();
            let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
            for s in statements {
                let actions: Vec<&str> = get(s, "Action")
                    .and_then(Value::as_sequence)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                if !actions.iter().any(|a| a.starts_with("execute-api:")) {
                    continue;
                }
                if actions != ["execute-api:Invoke"] {
                    return Err(format!(
                        "{}: {id} has execute-api actions {actions:?}",
                        ctx.name
                    ));
                }
                for r in get(s, "Resource")
                    .and_then(Value::as_sequence)
                    .into_iter()
                    .flatten()
                {
                    let arn = get(r, "Fn::Sub")
                        .and_then(Value::as_str)
                        .ok_or(format!("{id}: invoke ARN {r:?}"))?;
                    let prefix =
                        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${";
                    let rest = arn.strip_prefix(prefix).ok_or(format!("{id}: ARN {arn}"))?;
                    let (param, tail) =
                        rest.split_once("}/v1/").ok_or(format!("{id}: ARN {arn}"))?;
                    // The parameter is the called stack's ApiId output.
                    let from = passed
                        .and_then(|p| get(p, param))
                        .and_then(|v| get(v, "Fn::GetAtt"))
                        .and_then(Value::as_sequence)
                        .ok_or(format!("{}: {param} not passed by the root", ctx.name))?;
                    let (Some(stack), Some("Outputs.ApiId")) = (from[0].as_str(), from[1].as_str())
                    else {
                        return Err(format!("{}: {param} is not an ApiId output", ctx.name));
                    };
                    let tctx = model
                        .contexts
                        .iter()
                        .find(|c| {
                            stack_of
                                .get(&format!("{}/template.yaml", context_dir(&c.name)))
                                .map(String::as_str)
                                == Some(stack)
                        })
                        .ok_or(format!("{stack} is no context stack"))?;
                    counts[3] += 1;
                    if !seen.insert((tctx.name.clone(), tail.to_string())) {
                        return Err(format!("{}: {id} names {tail} twice", ctx.name));
                    }
                }
            }
            if seen != expected {
                return Err(format!(
                    "{}: {id} may invoke {seen:?}, but the context calls {expected:?}",
                    ctx.name
                ));
            }
        }
    }
    Ok(counts)
}

fn example(path: &str) -> ddgen::check::Checked {
    check_paths(
        &[Path::new(env!("CARGO_MANIFEST_DIR")).join(path)],
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{path} loads: {e:?}"))
}

#[test]
fn every_example_authenticates_every_route_it_does_not_make_public() {
    let mut total = [0; 4];
    for path in [
        "examples/retail",
        "examples/insurance.ddd",
        "examples/clinic.ddd",
    ] {
        let checked = example(path);
        let model = checked.valid_model().expect("the example is valid");
        match check_model(model) {
            Ok(c) => total.iter_mut().zip(c).for_each(|(t, c)| *t += c),
            Err(e) => panic!("{path}: {e}"),
        }
    }
    assert!(
        total.iter().all(|n| *n > 0),
        "every kind of route and grant checked: {total:?}"
    );
}

/// The retail payment webhook is `public`; the route Orders calls to
/// authorise a payment is SigV4 only; the rest need a token.
#[test]
fn retail_has_each_kind_of_route() {
    let checked = example("examples/retail");
    let model = checked.valid_model().expect("retail is valid");
    let payments = model
        .contexts
        .iter()
        .find(|c| c.name == "Payments")
        .unwrap();
    let kinds: BTreeMap<String, bool> = payments
        .messages
        .iter()
        .map(|m| model.message(*m))
        .filter(|m| m.is_http())
        .map(|m| (m.name.clone(), m.public.is_some()))
        .collect();
    assert_eq!(kinds.get("HandleProviderWebhook"), Some(&true));
    assert_eq!(kinds.get("AuthorizePayment"), Some(&false));
    assert!(model
        .uses
        .iter()
        .any(|u| model.message(u.target).name == "AuthorizePayment"));
}

#[test]
fn random_models_authenticate_every_route_they_do_not_make_public() {
    let mut public = 0;
    let mut total = [0; 4];
    for seed in 0..SEEDS {
        let mut sources = SourceMap::default();
        for (path, text) in randmodel::files(seed) {
            sources.add(path.into(), text);
        }
        let checked = check_sources(sources, Vec::new(), &Options::default());
        let model = checked
            .valid_model()
            .unwrap_or_else(|| panic!("seed {seed} is valid"));
        public += model.messages.iter().filter(|m| m.is_public_http()).count();
        match check_model(model) {
            Ok(c) => total.iter_mut().zip(c).for_each(|(t, c)| *t += c),
            Err(e) => panic!(
                "seed {seed}: {e}\n{}",
                randmodel::join(&randmodel::files(seed))
            ),
        }
    }
    assert!(public > 0, "no random model has a public route");
    assert!(
        total.iter().all(|n| *n > 0),
        "every kind of route and grant checked: {total:?}"
    );
    eprintln!("checked {total:?} (public, SigV4, token routes, granted routes) over {SEEDS} seeds");
}
