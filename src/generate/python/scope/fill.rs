//! Values the default bodies may write without inventing anything: a field
//! is taken from a source of the same name and type, or is given a default
//! only where one means "nothing yet" (`None`, `[]`, `{}`, the current time
//! for a date or timestamp, and for a new aggregate the first variant of an
//! enum as its initial state). Anything else (a string, a number, an id, a
//! value with such fields) is missing, and the body answers 501 instead.

use super::*;

/// Where the service module imports the contracts from.
const CONTRACTS: &str = "..contracts";

/// How strict a fill is: what an enum field may default to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// A new aggregate: an enum starts at its first variant.
    NewAggregate,
    /// An event or a result: nothing but "nothing yet" and the time.
    Message,
}

impl<'m> Scope<'m> {
    /// A value of `class` filled field by field from `sources` (`overrides`
    /// by field index first), or the names of the fields nothing provides.
    pub fn fill(
        &self,
        class: &str,
        fields: &[Field],
        sources: &[Source<'_>],
        overrides: &BTreeMap<usize, Py>,
        how: Fill,
        imp: &mut Imports,
    ) -> Result<Py, Vec<String>> {
        let attrs = self.attrs(fields);
        let mut args = Vec::new();
        let mut missing = Vec::new();
        for (i, (f, a)) in fields.iter().zip(attrs).enumerate() {
            let v = match overrides.get(&i) {
                Some(v) => Some(v.clone()),
                None => self.fill_field(f, sources, how, imp),
            };
            match v {
                Some(v) => args.push((a, v)),
                None => missing.push(f.name.clone()),
            }
        }
        if missing.is_empty() {
            Ok(Py::Call(class.to_string(), args))
        } else {
            Err(missing)
        }
    }

    fn fill_field(
        &self,
        f: &Field,
        sources: &[Source<'_>],
        how: Fill,
        imp: &mut Imports,
    ) -> Option<Py> {
        for s in sources {
            let attrs = self.attrs(s.fields);
            for (sf, sa) in s.fields.iter().zip(&attrs) {
                if sf.name != f.name {
                    continue;
                }
                let expr = format!("{}.{}", s.var, sa);
                if sf.ty == f.ty || TypeRef::Optional(Box::new(sf.ty.clone())) == f.ty {
                    return Some(Py::Inline(expr));
                }
                if let TypeRef::Optional(inner) = &sf.ty {
                    if **inner == f.ty {
                        if let Some(Py::Inline(d)) = self.nothing_yet(&f.ty, how, imp, 0) {
                            return Some(Py::Inline(format!("{expr} or {d}")));
                        }
                    }
                }
            }
        }
        self.nothing_yet(&f.ty, how, imp, 0)
    }

    /// The value of `t` that invents nothing, when there is one.
    fn nothing_yet(&self, t: &TypeRef, how: Fill, imp: &mut Imports, depth: usize) -> Option<Py> {
        match t {
            TypeRef::Optional(_) => Some(Py::inline("None")),
            TypeRef::List(_) => Some(Py::inline("[]")),
            TypeRef::Map(_) => Some(Py::inline("{}")),
            TypeRef::Primitive(Primitive::DateTime) => {
                imp.name("datetime", "UTC").name("datetime", "datetime");
                Some(Py::inline("datetime.now(UTC)"))
            }
            TypeRef::Primitive(Primitive::Date) => {
                imp.name("datetime", "UTC").name("datetime", "datetime");
                Some(Py::inline("datetime.now(UTC).date()"))
            }
            TypeRef::Primitive(_) | TypeRef::Unresolved => None,
            TypeRef::Named(id) => {
                let td = self.model.type_def(*id);
                let class = self.type_class(*id).to_string();
                match &td.kind {
                    TypeDefKind::Enum(vs) if how == Fill::NewAggregate => {
                        let v = vs.first()?;
                        imp.name(CONTRACTS, &class);
                        Some(Py::Inline(format!("{class}.{}", py_variant(&v.name))))
                    }
                    k if k.is_structured() && depth < 8 => {
                        let mut args = Vec::new();
                        let attrs = self.attrs(&td.fields);
                        for (f, a) in td.fields.iter().zip(attrs) {
                            args.push((a, self.nothing_yet(&f.ty, how, imp, depth + 1)?));
                        }
                        imp.name(CONTRACTS, &class);
                        Some(Py::Call(class, args))
                    }
                    _ => None,
                }
            }
        }
    }
}
