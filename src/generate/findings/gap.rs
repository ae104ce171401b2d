//! G401 and G402: the user-owned `application/service.py` of each context
//! against the ddgen-owned `application/base.py` about to be written.
//!
//! An override is a method of `class Service` (indented once, `def` or
//! `async def`). It overrides an operation that left the model (G401) when
//! the base on disk (the previous generation) had that method and the new
//! base does not, or when it is decorated with `@override` and the new base
//! lacks it. A `service.py` with no `class Service` is from a tree generated
//! before the generation gap (plain functions; G402): the handlers now call
//! `Service`, so it needs the migration in `docs/generation.md`.

use super::Findings;
use crate::diagnostic::Code;
use crate::generate::OutFile;
use std::collections::BTreeSet;
use std::path::Path;

const BASE: &str = "/application/base.py";

pub(super) fn check(findings: &mut Findings, out_dir: &Path, files: &[OutFile]) {
    for base in files.iter().filter(|f| f.path.ends_with(BASE)) {
        let dir = &base.path[..base.path.len() - BASE.len()];
        let service_rel = format!("{dir}/application/service.py");
        let Some(service) = findings.file(out_dir, &service_rel) else {
            continue; // not written yet: it will be the new layout
        };
        let new: BTreeSet<String> = methods(&base.content, "BaseService")
            .into_iter()
            .map(|m| m.name)
            .collect();
        let old: BTreeSet<String> = std::fs::read_to_string(out_dir.join(&base.path))
            .map(|t| {
                methods(&t, "BaseService")
                    .into_iter()
                    .map(|m| m.name)
                    .collect()
            })
            .unwrap_or_default();
        let text = findings.text(service).to_string();
        if !has_class(&text, "Service") {
            let at = text.find("\ndef ").map_or(0..0, |i| i + 1..i + 4);
            let d = findings.push(
                Code::G402,
                service,
                at,
                "this service module is from before the generation gap: the handlers now call class `Service`".into(),
            );
            d.label = "plain functions, no `class Service(BaseService)`".into();
            d.help = Some(
                "wrap your functions in `class Service(BaseService):` (`from .base import BaseService`), \
                 each as a method taking `self`, and delete those you never changed (the base has \
                 their defaults); see `ddgen explain G402`"
                    .into(),
            );
            continue;
        }
        for m in methods(&text, "Service") {
            let left = !new.contains(&m.name) && (old.contains(&m.name) || m.override_marked);
            if !left {
                continue;
            }
            let d = findings.push(
                Code::G401,
                service,
                m.at.clone(),
                format!(
                    "`{}` overrides an operation that is no longer in the model",
                    m.name
                ),
            );
            d.label = "nothing calls this any more".into();
            d.help = Some(format!(
                "remove `{}` (or move what it does into the operation that replaced it); \
                 the handlers no longer call it",
                m.name
            ));
        }
    }
}

/// A method of a class in a Python module: its name, where the name is,
/// and whether `@override` decorates it.
#[derive(Debug, PartialEq)]
struct Method {
    name: String,
    at: std::ops::Range<usize>,
    override_marked: bool,
}

/// Whether `text` defines `class <name>` at the top level.
fn has_class(text: &str, name: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix("class ")
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with('(') || r.starts_with(':'))
    })
}

/// The methods of top-level `class <class>` (lines `    def name(` up to
/// the next top-level statement).
fn methods(text: &str, class: &str) -> Vec<Method> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut decorated = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end();
        if !line.starts_with([' ', '\t', '\n', '\r', '#']) && !body.is_empty() {
            inside = has_class(body, class);
            decorated = false;
            continue;
        }
        if !inside {
            continue;
        }
        let Some(rest) = body.strip_prefix("    ") else {
            continue;
        };
        if rest.starts_with(' ') {
            continue; // deeper: a body
        }
        if let Some(d) = rest.strip_prefix('@') {
            decorated |= matches!(
                d.trim(),
                "override" | "typing.override" | "typing_extensions.override"
            );
            continue;
        }
        let def = rest
            .strip_prefix("def ")
            .or_else(|| rest.strip_prefix("async def "));
        if let Some(def) = def {
            let name: String = def
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let name_start = start + 4 + (rest.len() - def.len());
            out.push(Method {
                at: name_start..name_start + name.len(),
                name,
                override_marked: decorated,
            });
        }
        decorated = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: &str = "from .base import BaseService\n\n\nclass Service(BaseService):\n    \"\"\"Doc.\"\"\"\n\n    @override\n    def cancel_order(self, c: C) -> None:\n        def inner() -> None: ...\n        return None\n\n    async def later(self) -> None: ...\n\n\ndef helper() -> None: ...\n";

    #[test]
    fn finds_the_methods_of_one_class() {
        let m = methods(SERVICE, "Service");
        let names: Vec<(&str, bool)> = m
            .iter()
            .map(|m| (m.name.as_str(), m.override_marked))
            .collect();
        assert_eq!(names, [("cancel_order", true), ("later", false)]);
        assert_eq!(&SERVICE[m[0].at.clone()], "cancel_order");
        assert_eq!(&SERVICE[m[1].at.clone()], "later");
        assert!(methods(SERVICE, "BaseService").is_empty());
    }

    #[test]
    fn tells_a_class_from_plain_functions() {
        assert!(has_class(SERVICE, "Service"));
        assert!(!has_class(SERVICE, "Serv"));
        assert!(!has_class("def place_order() -> None: ...\n", "Service"));
    }
}
