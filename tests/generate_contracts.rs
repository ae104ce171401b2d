//! The contracts of `ddgen generate`: per context `openapi.yaml` and
//! `asyncapi.yaml`, and the root `README.md` (`src/generate/contracts`).
//!
//! Every example (and a hostile model) is generated into a temporary folder
//! and checked by the real tools: `openapi-spec-validator` (in `.venv-lint`,
//! from `scripts/setup-tools.sh`) and `@asyncapi/parser` (through
//! `tests/browser/asyncapi-check.mjs`). A missing tool skips its check with a
//! note, unless `DDGEN_REQUIRE_TOOLS=1`, where it fails.
//!
//! The Rust checks read the YAML with a small reader of the subset ddgen
//! writes (block maps and sequences, every scalar in JSON form), so they
//! also prove the output stays in that subset.

#[path = "support/gate.rs"]
mod gate;

use ddgen::check::{check_paths, check_sources, Options};
use ddgen::generate::contracts::files;
use ddgen::generate::names::{context_dir, logical_id, snake};
use ddgen::generate::{OutFile, Owner};
use ddgen::model::{HttpMethod, Model, Via};
use ddgen::source::SourceMap;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const EXAMPLES: [&str; 3] = ["retail", "insurance.ddd", "clinic.ddd"];

use gate::root;

fn with_model<T>(example: &str, f: impl FnOnce(&Model) -> T) -> T {
    let checked = check_paths(
        &[root().join("examples").join(example)],
        &Options::default(),
    )
    .unwrap();
    f(checked.valid_model().expect("the example is valid"))
}

/// A model with every awkward case the contracts must survive: YAML 1.1
/// booleans as field names and enum values, quotes, backslashes, `#`, `: `,
/// tabs and U+2028 in docs, clashing type and message names across
/// contexts, a type called `Error`, an event called like an envelope, a
/// recursive type, `json`/`bytes`/maps/lists, both directions of `sends`.
fn hostile_source() -> String {
    format!(
        r#"
/// Docs with "quotes", a backslash \ and a colon: here # not a comment
/// — unicode ✓, a tab	here and a line separator{ls}inside.
system Weird {{ broker sns }}

/// Alpha's docs: "quoted" # hash: colon
/// 'single' and {{braces}} [brackets] & *star !bang | pipe > gt
context Alpha {{
  id Thing
  /// An error type named like ddgen's own error schema.
  value Error {{ message: string }}
  enum Answer {{ yes, no, on, off, null }}
  value Holder {{
    /// "on" is a YAML 1.1 boolean.
    on: bool
    yes: string?
    from: int
    json: json
    raw: bytes
    price: decimal
    at: datetime
    ratio: float?
  }}
  value Tree {{ children: list<Tree>, label: string? }}
  aggregate Crate {{ id: Thing, tree: Tree, error: Error?, tags: map<Answer>, maybe: map<string>? }}
  /// Make one.{ls}Really.
  command Make {{ on: date, tree: Tree }} returns Thing via http POST "/things" emits Made
  command Touch {{ id: Thing, yes: bool? }} via http PATCH "/things/{{id}}"
  command Drop {{ id: Thing, because: string? }} via http DELETE "/things/{{id}}" emits Dropped
  query Find {{ on: date?, answers: list<Answer> }} returns list<Crate> via http GET "/things"
  query Get {{ id: Thing }} returns Crate? via http GET "/things/{{id}}"
  event Made {{ id: Thing, holder: Holder, no: Answer? }}
  event MadeEnvelope {{ id: Thing }}
  value DroppedEnvelope {{ size: int }}
  event Dropped {{ id: Thing, box: DroppedEnvelope }}
  subscribe Beta.Done
}}

context Beta {{
  id Thing: int
  value Error {{ code: int }}
  command Made {{ thing: Thing }} via queue
  event Done {{ thing: Thing, alpha: Alpha.Thing, err: Alpha.Error }}
  subscribe Alpha.Made {{ batch 5, window 1500ms, retries 7 }}
  subscribe Alpha.MadeEnvelope
  subscribe Alpha.Dropped
  sends Gamma.Go
}}

context Gamma {{
  store none
  command Go {{ x: Beta.Error, y: Alpha.Error }} via queue
  subscribe Beta.Done
  sends Beta.Made
}}
"#,
        ls = '\u{2028}'
    )
}

fn with_hostile<T>(f: impl FnOnce(&Model) -> T) -> T {
    let mut sources = SourceMap::default();
    sources.add("weird.ddd".into(), hostile_source());
    let checked = check_sources(sources, Vec::new(), &Options::default());
    let errors: Vec<_> = checked
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with('E'))
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "the hostile model must be valid: {errors:#?}"
    );
    f(checked.valid_model().unwrap())
}

/// Every model the tests run on: `(name, files)`.
fn all_outputs() -> Vec<(String, Vec<OutFile>)> {
    let mut out: Vec<_> = EXAMPLES
        .iter()
        .map(|e| (e.to_string(), with_model(e, files)))
        .collect();
    out.push(("hostile".into(), with_hostile(files)));
    out
}

/// Writes the files below `dir/<name>/`; returns the paths of those ending
/// in `suffix`.
fn write_all(dir: &Path, outputs: &[(String, Vec<OutFile>)], suffix: &str) -> Vec<PathBuf> {
    let mut written = Vec::new();
    for (name, files) in outputs {
        for f in files {
            let path = dir.join(name).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &f.content).unwrap();
            if f.path.ends_with(suffix) {
                written.push(path);
            }
        }
    }
    written
}

fn docs(files: &[OutFile]) -> BTreeMap<String, Value> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".yaml"))
        .map(|f| (f.path.clone(), parse_yaml(&f.content, &f.path)))
        .collect()
}

// ------------------------------------------------------------ the YAML subset

/// Reads the YAML subset ddgen writes: comments, block maps, block
/// sequences, and scalars or flow collections in JSON form. Panics on
/// anything else, duplicate keys included.
fn parse_yaml(text: &str, what: &str) -> Value {
    let mut lines: Vec<(usize, String)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            assert!(!l.contains('\t'), "{what}: a tab in `{l}`");
            let trimmed = l.trim_start();
            (l.len() - trimmed.len(), trimmed.to_string())
        })
        .collect();
    let mut i = 0;
    let value = node(&mut lines, &mut i, 0, what);
    assert_eq!(
        i,
        lines.len(),
        "{what}: stray line `{}`",
        lines.get(i).map_or("", |l| &l.1)
    );
    value
}

fn node(lines: &mut [(usize, String)], i: &mut usize, indent: usize, what: &str) -> Value {
    assert_eq!(
        lines[*i].0, indent,
        "{what}: bad indentation at `{}`",
        lines[*i].1
    );
    if lines[*i].1.starts_with("- ") {
        let mut items = Vec::new();
        while *i < lines.len() && lines[*i].0 == indent && lines[*i].1.starts_with("- ") {
            let rest = lines[*i].1[2..].to_string();
            lines[*i] = (indent + 2, rest);
            if split_key(&lines[*i].1).is_some() {
                items.push(node(lines, i, indent + 2, what));
            } else {
                items.push(json(&lines[*i].1, what));
                *i += 1;
            }
        }
        Value::Array(items)
    } else {
        let mut map = Map::new();
        while *i < lines.len() && lines[*i].0 == indent && !lines[*i].1.starts_with("- ") {
            let line = lines[*i].1.clone();
            let (k, rest) =
                split_key(&line).unwrap_or_else(|| panic!("{what}: not `key: value`: `{line}`"));
            *i += 1;
            let v = if rest.is_empty() {
                assert!(
                    *i < lines.len() && lines[*i].0 > indent,
                    "{what}: `{k}:` has no value"
                );
                let child = lines[*i].0;
                node(lines, i, child, what)
            } else {
                json(rest, what)
            };
            assert!(
                map.insert(k.clone(), v).is_none(),
                "{what}: duplicate key `{k}`"
            );
        }
        Value::Object(map)
    }
}

fn split_key(line: &str) -> Option<(String, &str)> {
    if line.starts_with('"') {
        let mut stream = serde_json::Deserializer::from_str(line).into_iter::<String>();
        let k = stream.next()?.ok()?;
        let rest = line[stream.byte_offset()..].strip_prefix(':')?;
        return Some((k, rest.trim_start()));
    }
    let (k, rest) = match line.find(": ") {
        Some(p) => (&line[..p], &line[p + 2..]),
        None => (line.strip_suffix(':')?, ""),
    };
    let plain = k
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_$./-".contains(c));
    let risky = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        .contains(&k.to_ascii_lowercase().as_str());
    (plain && !k.is_empty() && !risky).then(|| (k.to_string(), rest))
}

fn json(text: &str, what: &str) -> Value {
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{what}: not a JSON scalar or flow value ({e}): `{text}`"))
}

// --------------------------------------------------------------- references

/// Follows a local `$ref` (`#/a/b`).
fn pointer<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let path = reference.strip_prefix('#').expect("a local reference");
    doc.pointer(path)
        .unwrap_or_else(|| panic!("dangling reference {reference}"))
}

/// The schema with every `$ref` replaced by its target (a recursive type
/// is cut at its second occurrence).
fn inline(doc: &Value, schema: &Value, stack: &mut Vec<String>) -> Value {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if stack.contains(r) {
                    return Value::String(format!("<recursive {r}>"));
                }
                stack.push(r.clone());
                let mut target = inline(doc, pointer(doc, r), stack);
                stack.pop();
                // Siblings of `$ref` (OpenAPI 3.1 descriptions) go with it.
                if let Value::Object(t) = &mut target {
                    for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                        t.insert(k.clone(), inline(doc, v, stack));
                    }
                }
                return target;
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), inline(doc, v, stack)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| inline(doc, v, stack)).collect()),
        other => other.clone(),
    }
}

/// Every `$ref` in a document resolves.
fn assert_refs_resolve(doc: &Value, node: &Value, what: &str) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let path = r
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("{what}: non-local $ref {r}"));
                assert!(doc.pointer(path).is_some(), "{what}: dangling $ref {r}");
            }
            map.values().for_each(|v| assert_refs_resolve(doc, v, what));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_refs_resolve(doc, v, what)),
        _ => {}
    }
}

// ------------------------------------------------------------------ the files

#[test]
fn each_context_gets_the_contracts_it_needs() {
    for (name, out) in all_outputs() {
        let (expected, readme) = if name == "hostile" {
            with_hostile(|m| (expected_paths(m), m.system.name.clone()))
        } else {
            with_model(&name, |m| (expected_paths(m), m.system.name.clone()))
        };
        let paths: Vec<&str> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            expected.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            "{name}"
        );
        for (f, (_, context)) in out.iter().zip(&expected) {
            assert_eq!(f.owner, Owner::Ddgen, "{name}: {}", f.path);
            assert_eq!(&f.context, context, "{name}: {}", f.path);
            assert!(
                f.content.ends_with('\n') && !f.content.ends_with("\n\n"),
                "{name}: {} must end in one newline",
                f.path
            );
            assert!(
                f.content
                    .lines()
                    .next()
                    .unwrap()
                    .contains(ddgen::generate::OWNED_HEADER),
                "{name}: {} lacks the ownership header",
                f.path
            );
        }
        let readme_text = &out[0].content;
        assert!(
            readme_text.contains(&format!("# {readme}")),
            "{name}: README title"
        );
    }
}

/// `README.md`, then per context (model order) its `openapi.yaml` when it
/// has http messages and its `asyncapi.yaml` when it has messaging.
fn expected_paths(model: &Model) -> Vec<(String, Option<String>)> {
    let mut out = vec![("README.md".to_string(), None)];
    for ctx in &model.contexts {
        let msgs: Vec<_> = ctx.messages.iter().map(|m| model.message(*m)).collect();
        let dir = context_dir(&ctx.name);
        if msgs.iter().any(|m| m.is_http()) {
            out.push((format!("{dir}/openapi.yaml"), Some(ctx.name.clone())));
        }
        let messaging = msgs.iter().any(|m| m.is_published_event() || m.is_queue())
            || !ctx.subscriptions.is_empty()
            || !ctx.sends.is_empty();
        if messaging {
            out.push((format!("{dir}/asyncapi.yaml"), Some(ctx.name.clone())));
        }
    }
    out
}

#[test]
fn documents_are_in_the_safe_yaml_subset_and_refs_resolve() {
    for (name, out) in all_outputs() {
        for (path, doc) in docs(&out) {
            assert_refs_resolve(&doc, &doc, &format!("{name}/{path}"));
            if path.ends_with("openapi.yaml") {
                assert_eq!(doc["openapi"], "3.1.0");
            } else {
                assert_eq!(doc["asyncapi"], "3.0.0");
            }
        }
    }
}

#[test]
fn every_http_route_is_in_its_contexts_openapi() {
    for (name, out) in all_outputs() {
        let docs = docs(&out);
        let check = |model: &Model| {
            for ctx in &model.contexts {
                let path = format!("{}/openapi.yaml", context_dir(&ctx.name));
                let mut expected_ops = 0;
                for m in ctx.messages.iter().map(|m| model.message(*m)) {
                    let Some(Via::Http {
                        method,
                        path: route,
                        ..
                    }) = &m.via
                    else {
                        continue;
                    };
                    expected_ops += 1;
                    let doc = docs
                        .get(&path)
                        .unwrap_or_else(|| panic!("{name}: no {path}"));
                    let op = &doc["paths"][route][method.as_str().to_ascii_lowercase()];
                    let what = format!("{name}: {} {} {route}", m.name, method.as_str());
                    assert_eq!(op["operationId"], snake(&m.name), "{what}");
                    let params: Vec<(String, String)> = op["parameters"]
                        .as_array()
                        .map(|ps| {
                            ps.iter()
                                .map(|p| {
                                    (
                                        p["name"].as_str().unwrap().to_string(),
                                        p["in"].as_str().unwrap().to_string(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let in_path: Vec<&str> = route
                        .split('{')
                        .skip(1)
                        .filter_map(|s| s.split_once('}').map(|(n, _)| n))
                        .collect();
                    let query = matches!(method, HttpMethod::Get | HttpMethod::Delete);
                    let mut want: Vec<(String, String)> = in_path
                        .iter()
                        .map(|p| (p.to_string(), "path".to_string()))
                        .collect();
                    let rest: Vec<_> = m
                        .fields
                        .iter()
                        .filter(|f| !in_path.contains(&f.name.as_str()))
                        .collect();
                    if query {
                        want.extend(rest.iter().map(|f| (f.name.clone(), "query".to_string())));
                    }
                    assert_eq!(params, want, "{what}: parameters");
                    let body = &op["requestBody"];
                    if query || rest.is_empty() {
                        assert!(body.is_null(), "{what}: no body expected");
                    } else {
                        let schema = inline(
                            doc,
                            &body["content"]["application/json"]["schema"],
                            &mut Vec::new(),
                        );
                        let props: Vec<&String> =
                            schema["properties"].as_object().unwrap().keys().collect();
                        let fields: Vec<&String> = rest.iter().map(|f| &f.name).collect();
                        let mut sorted = fields.clone();
                        sorted.sort();
                        assert_eq!(props, sorted, "{what}: body properties");
                    }
                    let responses = op["responses"].as_object().unwrap();
                    let success = if m.returns.is_some() {
                        "200"
                    } else if m.emits.is_empty() {
                        "204"
                    } else {
                        "202"
                    };
                    assert!(responses.contains_key(success), "{what}: {success}");
                    assert!(responses.contains_key("422"), "{what}: 422");
                    // Every operation may answer 404 (no such aggregate or
                    // route) and 501 (a default body that would invent data).
                    assert!(responses.contains_key("404"), "{what}: 404");
                    assert!(responses.contains_key("501"), "{what}: 501");
                    assert_eq!(
                        !responses[success]["content"].is_null(),
                        m.returns.is_some(),
                        "{what}: a body only with `returns`"
                    );
                }
                if let Some(doc) = docs.get(&path) {
                    let ops: usize = doc["paths"]
                        .as_object()
                        .unwrap()
                        .values()
                        .map(|p| p.as_object().unwrap().len())
                        .sum();
                    assert_eq!(
                        ops, expected_ops,
                        "{name}: {path} has exactly the model's routes"
                    );
                }
            }
        };
        if name == "hostile" {
            with_hostile(check)
        } else {
            with_model(&name, check)
        }
    }
}

/// The message of the only operation of `action` on `channel`: its key, its
/// object and its payload with every reference inlined.
fn operation_message(
    doc: &Value,
    action: &str,
    channel: &str,
    what: &str,
) -> (String, Value, Value) {
    let ops: Vec<&Value> = doc["operations"]
        .as_object()
        .unwrap()
        .values()
        .filter(|op| {
            op["action"] == action && op["channel"]["$ref"] == format!("#/channels/{channel}")
        })
        .collect();
    assert!(
        !ops.is_empty(),
        "{what}: no `{action}` operation on channel {channel}"
    );
    let mut found = Vec::new();
    for op in ops {
        for m in op["messages"].as_array().unwrap() {
            let r = m["$ref"].as_str().unwrap();
            let key = r.rsplit('/').next().unwrap().to_string();
            let message = inline(doc, pointer(doc, r), &mut Vec::new());
            let payload = message["payload"].clone();
            found.push((key, message, payload));
        }
    }
    assert_eq!(
        found.len(),
        1,
        "{what}: one message per operation on {channel}"
    );
    found.pop().unwrap()
}

#[test]
fn publisher_and_subscriber_agree_on_every_event_and_command() {
    for (name, out) in all_outputs() {
        let docs = docs(&out);
        let check = |model: &Model| {
            let doc_of = |ctx: &str| {
                let path = format!("{}/asyncapi.yaml", context_dir(ctx));
                docs.get(&path)
                    .unwrap_or_else(|| panic!("{name}: no {path}"))
            };
            let bus = model.system.broker == ddgen::model::Broker::EventBridge;
            for s in &model.subscriptions {
                let e = model.message(s.event);
                let src = &model.context(e.context).name;
                let sub = &model.context(s.context).name;
                let what = format!("{name}: {sub} subscribes to {src}.{}", e.name);
                let topic = if bus {
                    "EventBus".to_string()
                } else {
                    logical_id(&[src, "EventsTopic"])
                };
                let pub_doc = doc_of(src);
                let pub_ops: Vec<(String, Value, Value)> = pub_doc["operations"]
                    .as_object()
                    .unwrap()
                    .values()
                    .filter(|op| {
                        op["action"] == "send"
                            && op["channel"]["$ref"] == format!("#/channels/{topic}")
                    })
                    .map(|op| {
                        let r = op["messages"][0]["$ref"].as_str().unwrap();
                        let message = inline(pub_doc, pointer(pub_doc, r), &mut Vec::new());
                        (
                            r.rsplit('/').next().unwrap().to_string(),
                            message.clone(),
                            message["payload"].clone(),
                        )
                    })
                    .filter(|(_, m, _)| m["name"] == e.name.as_str())
                    .collect();
                assert_eq!(
                    pub_ops.len(),
                    1,
                    "{what}: the publisher sends it once on {topic}"
                );
                let (pub_key, pub_msg, pub_payload) = &pub_ops[0];
                let queue = logical_id(&[src, &e.name, "Queue"]);
                let (sub_key, sub_msg, sub_payload) =
                    operation_message(doc_of(sub), "receive", &queue, &what);
                assert_eq!(pub_key, &sub_key, "{what}: message name");
                assert_eq!(pub_msg["name"], sub_msg["name"], "{what}: message name");
                assert_eq!(pub_msg["headers"], sub_msg["headers"], "{what}: attributes");
                assert_eq!(pub_payload, &sub_payload, "{what}: payload schema");
                // The payload is the envelope (or the bus event around it) of the event.
                let envelope = if bus {
                    &sub_payload["properties"]["detail"]
                } else {
                    &sub_payload
                };
                assert_eq!(
                    envelope["properties"]["event_type"]["const"],
                    e.name.as_str(),
                    "{what}"
                );
                assert_eq!(
                    envelope["properties"]["source"]["const"],
                    format!("{}.{src}", model.system.name),
                    "{what}"
                );
                let data: Vec<&String> = envelope["properties"]["data"]["properties"]
                    .as_object()
                    .map(|p| p.keys().collect())
                    .unwrap_or_default();
                let mut fields: Vec<&String> = e.fields.iter().map(|f| &f.name).collect();
                fields.sort();
                assert_eq!(data, fields, "{what}: data is the event");
            }
            for u in model
                .uses
                .iter()
                .filter(|u| u.kind == ddgen::model::UseKind::Sends)
            {
                let c = model.message(u.target);
                let owner = &model.context(c.context).name;
                let sender = &model.context(u.context).name;
                let what = format!("{name}: {sender} sends {owner}.{}", c.name);
                let queue = logical_id(&[owner, &c.name, "Queue"]);
                let (rk, rm, rp) = operation_message(doc_of(owner), "receive", &queue, &what);
                let (sk, sm, sp) = operation_message(doc_of(sender), "send", &queue, &what);
                assert_eq!(rk, sk, "{what}: message name");
                assert_eq!(rm["name"], sm["name"], "{what}");
                assert_eq!(rm["headers"], sm["headers"], "{what}");
                assert_eq!(rp, sp, "{what}: payload schema");
            }
        };
        if name == "hostile" {
            with_hostile(check)
        } else {
            with_model(&name, check)
        }
    }
}

#[test]
fn output_is_deterministic() {
    for example in EXAMPLES {
        let first = with_model(example, files);
        let second = with_model(example, files);
        assert_eq!(first, second, "{example}");
    }
    // The retail model's files given in reverse order.
    let dir = root().join("examples/retail");
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "ddd") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths.reverse();
    let checked = check_paths(&paths, &Options::default()).unwrap();
    let reversed = files(checked.valid_model().unwrap());
    assert_eq!(reversed, with_model("retail", files));
}

#[test]
fn clinic_snapshots() {
    let out = with_model("clinic.ddd", files);
    let listing: Vec<String> = out.iter().map(|f| f.path.clone()).collect();
    insta::assert_snapshot!("clinic_files", listing.join("\n"));
    for f in &out {
        insta::assert_snapshot!(format!("clinic_{}", f.path.replace('/', "_")), f.content);
    }
}

#[test]
fn hostile_text_survives_quoting() {
    let out = with_hostile(files);
    let docs = docs(&out);
    let alpha = &docs["contexts/alpha/openapi.yaml"];
    assert!(alpha["info"]["description"]
        .as_str()
        .unwrap()
        .contains("\"quoted\" # hash: colon"));
    // Clashing names are qualified by context, the same in every document.
    let schemas = alpha["components"]["schemas"].as_object().unwrap();
    for n in [
        "AlphaThing",
        "AlphaError",
        "Error",
        "ValidationError",
        "Tree",
        "Crate",
    ] {
        assert!(
            schemas.contains_key(n),
            "Alpha's OpenAPI lacks {n}: {:?}",
            schemas.keys()
        );
    }
    let made = &alpha["paths"]["/things"]["post"];
    assert!(made["description"].as_str().unwrap().contains('\u{2028}'));
    let holder =
        &docs["contexts/alpha/asyncapi.yaml"]["components"]["schemas"]["Holder"]["properties"];
    assert_eq!(holder["on"]["type"], "boolean");
    assert_eq!(holder["yes"]["type"], serde_json::json!(["string", "null"]));
    let gamma = &docs["contexts/gamma/asyncapi.yaml"]["components"]["schemas"];
    assert!(gamma["BetaError"].is_object() && gamma["AlphaError"].is_object());
    let envelope_clash = &docs["contexts/beta/asyncapi.yaml"]["components"]["schemas"];
    assert!(
        envelope_clash["MadeEnvelope"].is_object(),
        "the model's own MadeEnvelope event"
    );
    assert!(envelope_clash["AlphaMadeEnvelope"].is_object());
    assert!(envelope_clash["MadeEnvelopeEnvelope"].is_object());
    // A synthetic name a model type already has gets a number.
    assert!(envelope_clash["DroppedEnvelope"]["properties"]["size"].is_object());
    assert_eq!(
        envelope_clash["DroppedEnvelope2"]["properties"]["event_type"]["const"],
        "Dropped"
    );
}

// ------------------------------------------------------------------ the tools

#[test]
fn openapi_spec_validator_accepts_every_openapi_document() {
    let Some(validator) = gate::Tools::find().openapi else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let paths = write_all(dir.path(), &all_outputs(), "openapi.yaml");
    assert!(paths.len() >= 10, "{paths:?}");
    if let Err(e) = gate::openapi(&validator, &paths) {
        panic!("{e}");
    }
}

#[test]
fn asyncapi_parser_accepts_every_asyncapi_document() {
    let Some((node, script)) = gate::Tools::find().asyncapi else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let paths = write_all(dir.path(), &all_outputs(), "asyncapi.yaml");
    assert!(paths.len() >= 10, "{paths:?}");
    if let Err(e) = gate::asyncapi(&node, &script, &paths) {
        panic!("{e}");
    }
}

/// The checks above would pass vacuously if the tools accepted anything.
#[test]
fn the_tools_reject_broken_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = with_model("clinic.ddd", files);
    let find = |suffix: &str| {
        out.iter()
            .find(|f| f.path.ends_with(suffix))
            .unwrap()
            .content
            .clone()
    };
    let tools = gate::Tools::find();
    if let Some(validator) = tools.openapi {
        let broken = dir.path().join("openapi.yaml");
        let text = find("appointments/openapi.yaml").replace(
            "#/components/schemas/Slot\"",
            "#/components/schemas/Nowhere\"",
        );
        std::fs::write(&broken, text).unwrap();
        assert!(
            gate::openapi(&validator, &[broken]).is_err(),
            "openapi-spec-validator accepted a dangling $ref"
        );
    }
    if let Some((node, script)) = tools.asyncapi {
        let broken = dir.path().join("asyncapi.yaml");
        let text =
            find("billing/asyncapi.yaml").replace("action: \"receive\"", "action: \"subscribe\"");
        std::fs::write(&broken, text).unwrap();
        assert!(
            gate::asyncapi(&node, &script, &[broken]).is_err(),
            "@asyncapi/parser accepted a bad operation action"
        );
    }
}
