//! Values in Python for a context: new ids (the strict fills of the default
//! bodies are in `fill.rs`) and the sample values of the generated tests, all bounded in size and depth.

use super::*;

/// A variable and the fields it has, to fill another value from.
pub struct Source<'a> {
    pub var: String,
    pub fields: &'a [Field],
}

/// Most values one sample or default may hold. Types that nest twice per
/// level would otherwise make samples exponential in the nesting depth (a
/// 1 KB model took minutes and gigabytes); past the cap a structured value
/// is `None`, so the generator stays linear and such a test needs a hand-made
/// sample (docs/generation.md).
const MAX_VALUE_NODES: usize = 1_000;

/// Deepest nesting of structured types in one sample (JSON parsers limit depth).
const MAX_VALUE_DEPTH: usize = 32;

impl<'m> Scope<'m> {
    /// An expression for a new id of type `id`.
    pub fn new_id(&self, id: TypeId, contracts: &str, imp: &mut Imports) -> String {
        let class = self.type_class(id).to_string();
        imp.name(contracts, &class);
        imp.name("uuid", "uuid4");
        match self.model.type_def(id).kind {
            // 53 random bits: exact in every JSON reader.
            TypeDefKind::Id(IdBase::Int) => format!("{class}(uuid4().int >> 75)"),
            _ => format!("{class}(str(uuid4()))"),
        }
    }

    /// A sample JSON value of `t` as a Python literal (good input for tests);
    /// `hint` names the field it fills.
    pub fn sample(&self, t: &TypeRef, hint: &str) -> Py {
        self.sample_at(t, hint, 0, &mut { MAX_VALUE_NODES })
    }

    fn sample_at(&self, t: &TypeRef, hint: &str, depth: usize, left: &mut usize) -> Py {
        *left = left.saturating_sub(1);
        match t {
            TypeRef::Optional(_) if depth > 3 => Py::inline("None"),
            TypeRef::Optional(t) => self.sample_at(t, hint, depth, left),
            TypeRef::List(_) | TypeRef::Map(_) if depth > 3 => match t {
                TypeRef::List(_) => Py::List(vec![]),
                _ => Py::Dict(vec![]),
            },
            TypeRef::List(t) => Py::List(vec![self.sample_at(t, hint, depth + 1, left)]),
            TypeRef::Map(t) => Py::Dict(vec![(
                py_str("key"),
                self.sample_at(t, hint, depth + 1, left),
            )]),
            TypeRef::Unresolved => Py::inline("None"),
            TypeRef::Primitive(p) => Py::Inline(sample_primitive(*p, hint)),
            TypeRef::Named(id) => {
                let td = self.model.type_def(*id);
                match &td.kind {
                    TypeDefKind::Id(IdBase::Int) => Py::inline("42"),
                    TypeDefKind::Id(IdBase::Uuid) => {
                        Py::Inline(py_str(&uuid_for(&self.model.type_path(*id))))
                    }
                    TypeDefKind::Id(IdBase::String) => {
                        Py::Inline(py_str(&format!("{}-1", snake(&td.name).replace('_', "-"))))
                    }
                    TypeDefKind::Enum(vs) => {
                        Py::Inline(py_str(vs.first().map(|v| v.name.as_str()).unwrap_or("")))
                    }
                    _ if *left == 0 || depth > MAX_VALUE_DEPTH => Py::inline("None"),
                    _ => Py::Dict(
                        td.fields
                            .iter()
                            .map(|f| {
                                let v = self.sample_at(&f.ty, &f.name, depth + 1, left);
                                (py_str(&f.name), v)
                            })
                            .collect(),
                    ),
                }
            }
        }
    }

    /// A sample of a message as a JSON object literal.
    pub fn sample_fields(&self, fields: &[Field], skip: &[usize]) -> Py {
        Py::Dict(
            fields
                .iter()
                .enumerate()
                .filter(|(i, _)| !skip.contains(i))
                .map(|(_, f)| (py_str(&f.name), self.sample(&f.ty, &f.name)))
                .collect(),
        )
    }

    /// The text form of a sample parameter value: each element of a list
    /// (query parameters repeat).
    pub fn sample_param(&self, t: &TypeRef, hint: &str) -> Vec<String> {
        match t {
            TypeRef::Optional(t) => self.sample_param(t, hint),
            TypeRef::List(t) => self.sample_param(t, hint),
            _ => match self.sample(t, hint) {
                Py::Inline(s) => vec![match s.as_str() {
                    "True" => "true".to_string(),
                    "False" => "false".to_string(),
                    s if s.starts_with('"') || s.starts_with('\'') => s[1..s.len() - 1].to_string(),
                    s => s.to_string(),
                }],
                _ => vec!["x".into()],
            },
        }
    }

    /// A value that does not parse as `t`, when there is one.
    pub fn bad_param(&self, t: &TypeRef) -> Option<&'static str> {
        match t {
            TypeRef::Optional(t) | TypeRef::List(t) => self.bad_param(t),
            TypeRef::Primitive(p) => match p {
                Primitive::Int | Primitive::Float | Primitive::Decimal => Some("not-a-number"),
                Primitive::Bool => Some("not-a-bool"),
                Primitive::Date | Primitive::DateTime => Some("not-a-date"),
                Primitive::Uuid => Some("not-a-uuid"),
                _ => None,
            },
            TypeRef::Named(id) => match &self.model.type_def(*id).kind {
                TypeDefKind::Id(IdBase::Int) => Some("not-a-number"),
                TypeDefKind::Enum(_) => Some("not-a-member"),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a field of this type must be present (not optional).
    pub fn required(t: &TypeRef) -> bool {
        !matches!(t, TypeRef::Optional(_))
    }
}

fn sample_primitive(p: Primitive, hint: &str) -> String {
    match p {
        Primitive::String => py_str(&format!("{}-1", hint.to_lowercase().replace('_', "-"))),
        Primitive::Int => "1".into(),
        Primitive::Float => "1.5".into(),
        Primitive::Decimal => py_str("12.50"),
        Primitive::Bool => "True".into(),
        Primitive::Date => py_str("2024-05-01"),
        Primitive::DateTime => py_str("2024-05-01T12:00:00Z"),
        Primitive::Uuid => py_str(&uuid_for(hint)),
        Primitive::Bytes => py_str("aGVsbG8="),
        Primitive::Json => "{\"key\": \"value\"}".into(),
    }
}
