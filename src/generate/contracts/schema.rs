//! JSON Schema for the model's types and messages, per the types table of
//! `docs/generation.md`, shared by the OpenAPI and AsyncAPI documents (and
//! any later `ddgen export jsonschema`).
//!
//! Component names are decided once per model by [`Naming`], so that a type
//! or message has the same name in every document that mentions it: the
//! plain name when no other type or published message of the model has it,
//! `<Context><Name>` otherwise.

use super::yaml::Y;
use crate::model::{Field, IdBase, MessageId, Model, Primitive, TypeDefKind, TypeId, TypeRef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The schema dialect of the document a schema goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.1: JSON Schema 2020-12, `$ref` may have siblings.
    OpenApi,
    /// AsyncAPI 3.0 schema: a superset of JSON Schema draft 07, where
    /// siblings of `$ref` are ignored (so a documented reference is wrapped
    /// in `allOf`).
    AsyncApi,
}

/// Component names of every type and published message of a model.
#[derive(Debug)]
pub struct Naming {
    types: Vec<String>,
    messages: Vec<String>,
    taken: BTreeSet<String>,
}

impl Naming {
    pub fn new(model: &Model) -> Naming {
        let mut count: HashMap<&str, usize> = HashMap::new();
        let published = |id: usize| !model.messages[id].internal;
        for t in &model.types {
            *count.entry(&t.name).or_default() += 1;
        }
        for m in model.messages.iter().filter(|m| published(m.id.index())) {
            *count.entry(&m.name).or_default() += 1;
        }
        let mut taken: BTreeSet<String> = count
            .iter()
            .filter(|(_, n)| **n == 1)
            .map(|(name, _)| name.to_string())
            .collect();
        // Clashing names get their context's name in front, in model order;
        // a qualified name that is taken as well gets a number.
        let mut name_of = |name: &str, context: &str, count: &HashMap<&str, usize>| {
            if count.get(name) == Some(&1) {
                return name.to_string();
            }
            let base = format!("{context}{name}");
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            candidate
        };
        let types = model
            .types
            .iter()
            .map(|t| name_of(&t.name, &model.context(t.context).name, &count))
            .collect();
        let messages = model
            .messages
            .iter()
            .map(|m| {
                if published(m.id.index()) {
                    name_of(&m.name, &model.context(m.context).name, &count)
                } else {
                    // Never in a contract; named for completeness only.
                    format!("{}{}", model.context(m.context).name, m.name)
                }
            })
            .collect();
        Naming {
            types,
            messages,
            taken,
        }
    }

    /// The component name of a type.
    pub fn of_type(&self, id: TypeId) -> &str {
        &self.types[id.index()]
    }

    /// The component name of a (non-internal) message.
    pub fn of_message(&self, id: MessageId) -> &str {
        &self.messages[id.index()]
    }

    /// A name for a schema ddgen adds (`OrderPlacedEnvelope`, `Error`) that
    /// no type or message of the model has.
    pub fn synthetic(&self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        candidate
    }
}

/// `#/components/schemas/<name>`.
pub fn schema_ref(name: &str) -> Y {
    Y::reference(format!("#/components/schemas/{name}"))
}

/// The schema of a primitive type.
pub fn primitive(p: Primitive) -> Y {
    let string = || Y::map().with("type", "string");
    match p {
        Primitive::String => string(),
        Primitive::Int => Y::map().with("type", "integer"),
        Primitive::Float => Y::map().with("type", "number"),
        Primitive::Decimal => string().with("format", "decimal"),
        Primitive::Bool => Y::map().with("type", "boolean"),
        Primitive::Date => string().with("format", "date"),
        Primitive::DateTime => string().with("format", "date-time"),
        Primitive::Uuid => string().with("format", "uuid"),
        Primitive::Bytes => string().with("contentEncoding", "base64"),
        Primitive::Json => Y::map(),
    }
}

/// `schema` that also admits `null`: `type: [T, "null"]` where the schema
/// has one type, `anyOf` with `null` otherwise; "any" stays "any".
pub fn nullable(schema: Y) -> Y {
    match &schema {
        Y::Map(entries) if entries.is_empty() => schema,
        Y::Map(entries) => match schema.get("type") {
            Some(Y::Str(t)) => {
                let both = Y::Seq(vec![Y::str(t.clone()), Y::str("null")]);
                let mut entries = entries.clone();
                for (k, v) in &mut entries {
                    if k == "type" {
                        *v = both.clone();
                    }
                }
                Y::Map(entries)
            }
            _ => Y::map().with(
                "anyOf",
                Y::Seq(vec![schema.clone(), Y::map().with("type", "null")]),
            ),
        },
        _ => schema,
    }
}

/// The component schemas of one document, collected as they are used.
pub struct Schemas<'m> {
    model: &'m Model,
    naming: &'m Naming,
    dialect: Dialect,
    components: BTreeMap<String, Y>,
    pending: Vec<TypeId>,
    seen: BTreeSet<TypeId>,
}

impl<'m> Schemas<'m> {
    pub fn new(model: &'m Model, naming: &'m Naming, dialect: Dialect) -> Self {
        Schemas {
            model,
            naming,
            dialect,
            components: BTreeMap::new(),
            pending: Vec::new(),
            seen: BTreeSet::new(),
        }
    }

    /// The schema of a type reference; named types become `$ref`s and their
    /// components are added.
    pub fn type_ref(&mut self, t: &TypeRef) -> Y {
        match t {
            TypeRef::Primitive(p) => primitive(*p),
            TypeRef::Named(id) => {
                if self.seen.insert(*id) {
                    self.pending.push(*id);
                }
                schema_ref(self.naming.of_type(*id))
            }
            TypeRef::List(t) => Y::map()
                .with("type", "array")
                .with("items", self.type_ref(t)),
            TypeRef::Map(t) => Y::map()
                .with("type", "object")
                .with("additionalProperties", self.type_ref(t)),
            TypeRef::Optional(t) => nullable(self.type_ref(t)),
            TypeRef::Unresolved => Y::map(),
        }
    }

    /// `schema` with a description; a bare `$ref` is wrapped in `allOf` for
    /// AsyncAPI, whose draft-07 schemas ignore siblings of `$ref`.
    pub fn describe(&self, schema: Y, docs: Option<&str>) -> Y {
        let Some(docs) = docs else { return schema };
        let bare_ref = matches!(&schema, Y::Map(e) if e.len() == 1 && e[0].0 == "$ref");
        if bare_ref && self.dialect == Dialect::AsyncApi {
            Y::map()
                .with("allOf", Y::Seq(vec![schema]))
                .with("description", docs)
        } else {
            schema.with("description", docs)
        }
    }

    /// The schema of a field's value, with the field's docs.
    pub fn field(&mut self, f: &Field) -> Y {
        let schema = self.type_ref(&f.ty);
        self.describe(schema, f.docs.as_deref())
    }

    /// An object of `fields`: every field a property, the non-optional ones
    /// required.
    pub fn object<'f>(
        &mut self,
        fields: impl IntoIterator<Item = &'f Field>,
        docs: Option<&str>,
    ) -> Y {
        let mut properties = Y::map();
        let mut required = Vec::new();
        for f in fields {
            let schema = self.field(f);
            properties.set(&f.name, schema);
            if !matches!(f.ty, TypeRef::Optional(_)) {
                required.push(Y::str(f.name.clone()));
            }
        }
        let mut schema = Y::map().with("type", "object");
        if let Some(docs) = docs {
            schema.set("description", Y::str(docs));
        }
        if !required.is_empty() {
            schema.set("required", Y::Seq(required));
        }
        if !matches!(&properties, Y::Map(e) if e.is_empty()) {
            schema.set("properties", properties);
        }
        schema
    }

    /// Adds the component of message `id` made of its fields except those
    /// named in `skip` (path parameters); returns its name.
    pub fn message(&mut self, id: MessageId, skip: &[&str], docs: Option<&str>) -> String {
        let m = self.model.message(id);
        let name = self.naming.of_message(id).to_string();
        let fields = m.fields.iter().filter(|f| !skip.contains(&f.name.as_str()));
        let schema = self.object(fields, docs);
        self.components.insert(name.clone(), schema);
        name
    }

    /// Adds a component made elsewhere.
    pub fn add(&mut self, name: &str, schema: Y) {
        self.components.insert(name.to_string(), schema);
    }

    /// The schema of a named type's own component (types it references
    /// are added as components).
    pub fn type_def(&mut self, id: TypeId) -> Y {
        let t = self.model.type_def(id);
        let docs = type_docs(t.docs.as_deref(), &t.kind);
        let schema = match &t.kind {
            TypeDefKind::Id(IdBase::Uuid) => primitive(Primitive::Uuid),
            TypeDefKind::Id(IdBase::String) => primitive(Primitive::String),
            TypeDefKind::Id(IdBase::Int) => primitive(Primitive::Int),
            TypeDefKind::Enum(variants) => Y::map().with("type", "string").with(
                "enum",
                Y::Seq(variants.iter().map(|v| Y::str(v.name.clone())).collect()),
            ),
            TypeDefKind::Value | TypeDefKind::Entity | TypeDefKind::Aggregate => {
                return self.object(&t.fields, docs.as_deref());
            }
        };
        match docs {
            Some(d) => schema.with("description", d),
            None => schema,
        }
    }

    /// Every component, by name; the types referenced so far are added.
    pub fn finish(mut self) -> BTreeMap<String, Y> {
        while let Some(id) = self.pending.pop() {
            let schema = self.type_def(id);
            let name = self.naming.of_type(id).to_string();
            self.components.insert(name, schema);
        }
        self.components
    }
}

/// A type's docs, with its enum variants' docs listed after them.
fn type_docs(docs: Option<&str>, kind: &TypeDefKind) -> Option<String> {
    let mut text = docs.map(str::to_string);
    if let TypeDefKind::Enum(variants) = kind {
        let lines: Vec<String> = variants
            .iter()
            .filter_map(|v| {
                v.docs
                    .as_ref()
                    .map(|d| format!("- `{}`: {}", v.name, d.replace('\n', " ")))
            })
            .collect();
        if !lines.is_empty() {
            let list = lines.join("\n");
            text = Some(match text {
                Some(t) => format!("{t}\n\n{list}"),
                None => list,
            });
        }
    }
    text
}
