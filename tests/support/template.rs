//! Accessors over generated SAM templates parsed as YAML, for every test that
//! reads them: a file's parse, a key, a path of keys, the resources of a
//! type, a value as a list.
//!
//! Include it with `#[path = "support/template.rs"] mod template;`.

#![allow(dead_code)]

use ddgen::generate::OutFile;
use serde_yaml_ng::{Mapping, Value};

/// A generated YAML file, parsed (panics with its path when it is not YAML).
pub fn parse(f: &OutFile) -> Value {
    serde_yaml_ng::from_str(&f.content).unwrap_or_else(|e| panic!("{} is YAML: {e}", f.path))
}

/// The value at `key` of a mapping.
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping().and_then(|m| m.get(key))
}

/// The value at a path of keys.
pub fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| get(v, k))
}

/// A mapping's entries (none when it is absent or not a mapping).
pub fn mapping(v: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    v.and_then(Value::as_mapping)
        .into_iter()
        .flat_map(Mapping::iter)
        .map(|(k, v)| (k.as_str().unwrap(), v))
}

/// A template's `Resources`.
pub fn resources(t: &Value) -> &Mapping {
    at(t, &["Resources"])
        .and_then(Value::as_mapping)
        .expect("Resources")
}

/// (logical id, resource) of every resource of a type.
pub fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(String, &'a Value)> {
    resources(t)
        .iter()
        .filter(|(_, r)| get(r, "Type").and_then(Value::as_str) == Some(ty))
        .map(|(k, r)| (k.as_str().unwrap().to_string(), r))
        .collect()
}

/// A value or list of values as a list.
pub fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Sequence(items)) => items.iter().collect(),
        Some(v) => vec![v],
        None => vec![],
    }
}
