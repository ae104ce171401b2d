//! `ddgen export jsonschema`: one JSON Schema (2020-12) per message and per
//! type, built by the contracts' own `generate::contracts::schema` (the
//! OpenAPI dialect, which is 2020-12), so a type has the same schema here as
//! in the OpenAPI and AsyncAPI documents.
//!
//! Layout: `<context>/{events,commands,queries,types}/<Name>.schema.json`.
//! Each has an `$id` (`<base>` + its path) and reaches the types it uses by
//! relative `$ref`s, which resolve against the `$id` and on disk alike.
//! [`bundled_message`] is the self-contained form (`$defs`) EventCatalog's
//! `schema.json` uses.

use crate::generate::contracts::schema::{Dialect, Naming, Schemas};
use crate::generate::contracts::yaml::{quote_into, Y};
use crate::generate::OutFile;
use crate::model::{MessageId, Model, TypeId};
use std::collections::HashMap;

pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
const COMPONENTS: &str = "#/components/schemas/";

/// Every message's and type's schema file.
pub fn files(model: &Model, base: &str) -> Vec<OutFile> {
    let naming = Naming::new(model);
    let by_name = names_to_types(model, &naming);
    // A component name → the path of its type's file, relative to `from`.
    let to_file = |from: &str, name: &str| {
        by_name
            .get(name)
            .map(|t| relative(from, &type_path(model, *t)))
    };
    let mut out = Vec::new();
    for m in &model.messages {
        let path = message_path(model, m.id);
        let (schema, _) = message_schema(model, &naming, m.id);
        let schema = rewrite_refs(schema, &|name| to_file(&path, name));
        let doc = head(&format!("{base}{path}"), &m.name).merged(schema);
        out.push(super::file(
            path,
            pretty(&doc),
            Some(model.context(m.context)),
        ));
    }
    for t in &model.types {
        let path = type_path(model, t.id);
        let mut schemas = Schemas::new(model, &naming, Dialect::OpenApi);
        let schema = rewrite_refs(schemas.type_def(t.id), &|name| to_file(&path, name));
        let doc = head(&format!("{base}{path}"), &t.name).merged(schema);
        out.push(super::file(
            path,
            pretty(&doc),
            Some(model.context(t.context)),
        ));
    }
    out
}

/// A message's schema with every type it uses in `$defs`, one document.
pub fn bundled_message(model: &Model, naming: &Naming, id: MessageId) -> Y {
    let m = model.message(id);
    let (schema, defs) = message_schema(model, naming, id);
    let to_defs = |name: &str| Some(format!("#/$defs/{name}"));
    let mut doc = Y::map()
        .with("$schema", DIALECT)
        .with("title", m.name.as_str())
        .merged(rewrite_refs(schema, &to_defs));
    if !defs.is_empty() {
        let defs = defs
            .into_iter()
            .map(|(name, y)| (name, rewrite_refs(y, &to_defs)))
            .collect();
        doc.set("$defs", Y::Map(defs));
    }
    doc
}

/// `<context>/<events|commands|queries>/<Name>.schema.json`.
pub fn message_path(model: &Model, id: MessageId) -> String {
    let m = model.message(id);
    let kind = crate::export::kind_folder(m.kind);
    format!(
        "{}/{kind}/{}.schema.json",
        super::kebab(&model.context(m.context).name),
        m.name
    )
}

/// `<context>/types/<Name>.schema.json`.
pub fn type_path(model: &Model, id: TypeId) -> String {
    let t = model.type_def(id);
    format!(
        "{}/types/{}.schema.json",
        super::kebab(&model.context(t.context).name),
        t.name
    )
}

/// The message's own schema (all its fields) and the components of the
/// types it reaches, by component name.
fn message_schema(model: &Model, naming: &Naming, id: MessageId) -> (Y, Vec<(String, Y)>) {
    let m = model.message(id);
    let mut schemas = Schemas::new(model, naming, Dialect::OpenApi);
    let schema = schemas.object(&m.fields, m.docs.as_deref());
    let defs = schemas.finish().into_iter().collect();
    (schema, defs)
}

fn names_to_types<'n>(model: &Model, naming: &'n Naming) -> HashMap<&'n str, TypeId> {
    model
        .types
        .iter()
        .map(|t| (naming.of_type(t.id), t.id))
        .collect()
}

/// The first keys of every schema document.
fn head(id: &str, title: &str) -> Y {
    Y::map()
        .with("$schema", DIALECT)
        .with("$id", id)
        .with("title", title)
}

/// `#/components/schemas/<Name>` references replaced by `target(Name)`.
fn rewrite_refs(y: Y, target: &dyn Fn(&str) -> Option<String>) -> Y {
    match y {
        Y::Map(entries) => Y::Map(
            entries
                .into_iter()
                .map(|(k, v)| match (&*k, v) {
                    ("$ref", Y::Str(r)) => {
                        let new = r.strip_prefix(COMPONENTS).and_then(target).unwrap_or(r);
                        (k, Y::Str(new))
                    }
                    (_, v) => (k, rewrite_refs(v, target)),
                })
                .collect(),
        ),
        Y::Seq(items) => Y::Seq(items.into_iter().map(|v| rewrite_refs(v, target)).collect()),
        other => other,
    }
}

/// The path of `to` relative to the folder of `from` (both `/`-separated,
/// relative to the same root).
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let to: Vec<&str> = to.split('/').collect();
    let dir = &from[..from.len() - 1];
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; dir.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

trait Merged {
    fn merged(self, other: Y) -> Y;
}

impl Merged for Y {
    /// This map with `other`'s entries appended.
    fn merged(mut self, other: Y) -> Y {
        if let Y::Map(entries) = other {
            for (k, v) in entries {
                self.set(&k, v);
            }
        }
        self
    }
}

/// JSON with two-space indentation, keys in the tree's order, and a final
/// newline; short leaves stay on one line.
pub fn pretty(y: &Y) -> String {
    let mut out = String::new();
    write_pretty(y, 0, &mut out);
    out.push('\n');
    out
}

fn write_pretty(y: &Y, indent: usize, out: &mut String) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    match y {
        Y::Map(entries) if !entries.is_empty() => {
            out.push_str("{\n");
            for (i, (k, v)) in entries.iter().enumerate() {
                pad(out, indent + 2);
                quote_into(out, k);
                out.push_str(": ");
                write_pretty(v, indent + 2, out);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
        Y::Seq(items) if !items.is_empty() && !items.iter().all(is_scalar) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                pad(out, indent + 2);
                write_pretty(v, indent + 2, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        other => out.push_str(&crate::generate::contracts::yaml::flow(other)),
    }
}

fn is_scalar(y: &Y) -> bool {
    !matches!(y, Y::Seq(_) | Y::Map(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"
system Shop {}
context Sales {
  id OrderId
  /// Money in a currency.
  value Money { amount: decimal, currency: string }
  /// An order was placed.
  event OrderPlaced { order: OrderId, total: Money, lines: list<Money>? }
}
context Billing {
  value Invoice { total: Sales.Money }
  subscribe Sales.OrderPlaced
}
"#;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative("a/events/X.json", "a/types/Y.json"),
            "../types/Y.json"
        );
        assert_eq!(relative("a/types/X.json", "a/types/Y.json"), "Y.json");
        assert_eq!(
            relative("a/types/X.json", "b/types/Y.json"),
            "../../b/types/Y.json"
        );
    }

    #[test]
    fn one_file_per_message_and_type_with_ids_and_relative_refs() {
        let model = crate::export::test_model(SRC);
        let files = files(&model, "https://s.invalid/shop/");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sales/events/OrderPlaced.schema.json",
                "sales/types/OrderId.schema.json",
                "sales/types/Money.schema.json",
                "billing/types/Invoice.schema.json",
            ]
        );
        let event: serde_json::Value = serde_json::from_str(&files[0].content).unwrap();
        assert_eq!(event["$schema"], DIALECT);
        assert_eq!(
            event["$id"],
            "https://s.invalid/shop/sales/events/OrderPlaced.schema.json"
        );
        assert_eq!(event["description"], "An order was placed.");
        assert_eq!(
            event["properties"]["total"]["$ref"],
            "../types/Money.schema.json"
        );
        assert_eq!(
            event["properties"]["lines"]["items"]["$ref"],
            "../types/Money.schema.json"
        );
        assert_eq!(event["required"], serde_json::json!(["order", "total"]));
        let invoice: serde_json::Value = serde_json::from_str(&files[3].content).unwrap();
        assert_eq!(
            invoice["properties"]["total"]["$ref"],
            "../../sales/types/Money.schema.json"
        );
    }

    #[test]
    fn bundled_messages_carry_their_types() {
        let model = crate::export::test_model(SRC);
        let naming = Naming::new(&model);
        let doc = bundled_message(&model, &naming, model.messages[0].id).to_json();
        assert_eq!(doc["properties"]["total"]["$ref"], "#/$defs/Money");
        assert_eq!(doc["$defs"]["Money"]["description"], "Money in a currency.");
        assert_eq!(doc["$defs"]["OrderId"]["type"], "string");
    }

    #[test]
    fn pretty_is_json() {
        let y = Y::map()
            .with("a", Y::Seq(vec!["x".into(), 1i64.into()]))
            .with("b", Y::map().with("c", Y::map()));
        let text = pretty(&y);
        assert_eq!(
            text,
            "{\n  \"a\": [\"x\", 1],\n  \"b\": {\n    \"c\": {}\n  }\n}\n"
        );
        serde_json::from_str::<serde_json::Value>(&text).unwrap();
    }
}
