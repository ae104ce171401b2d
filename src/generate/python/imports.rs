//! Import blocks laid out exactly as ruff's isort (`I001`) and formatter
//! want them, so that generated modules pass `ruff check` and
//! `ruff format --check` as written.
//!
//! Sections: standard library, third party, first party (the context
//! packages, `known-first-party` in the generated `pyproject.toml`), then
//! relative imports. Within a section straight imports come before
//! `from` imports; modules sort case-insensitively in natural order;
//! imported names sort constants, then classes, then the rest
//! (`order-by-type`). A `from` import longer than the line wraps one name
//! per line with a trailing comma.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The line length of the generated `pyproject.toml`.
pub const LINE_LENGTH: usize = 100;

/// Standard-library modules the generated code imports.
const STDLIB: &[&str] = &[
    "base64",
    "collections",
    "contextvars",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "functools",
    "http",
    "io",
    "json",
    "logging",
    "os",
    "random",
    "threading",
    "time",
    "typing",
    "unittest",
    "urllib",
    "uuid",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Future,
    Stdlib,
    ThirdParty,
    FirstParty,
    Local,
}

/// The imports of one module.
#[derive(Debug, Default, Clone)]
pub struct Imports {
    /// `import x.y`
    straight: BTreeSet<String>,
    /// `from m import a, b` (`m` may start with dots).
    from: BTreeMap<String, BTreeSet<String>>,
    /// Packages that are first party.
    first_party: Arc<BTreeSet<String>>,
}

impl Imports {
    /// `first_party` is shared by every file's imports: computed once per model.
    pub fn new(first_party: &Arc<BTreeSet<String>>) -> Self {
        Imports {
            first_party: Arc::clone(first_party),
            ..Default::default()
        }
    }

    /// `import module`.
    pub fn module(&mut self, module: &str) -> &mut Self {
        if !self.straight.contains(module) {
            self.straight.insert(module.to_string());
        }
        self
    }

    /// `from module import name`.
    pub fn name(&mut self, module: &str, name: &str) -> &mut Self {
        match self.from.get_mut(module) {
            Some(names) => {
                if !names.contains(name) {
                    names.insert(name.to_string());
                }
            }
            None => {
                self.from
                    .insert(module.to_string(), BTreeSet::from([name.to_string()]));
            }
        }
        self
    }

    fn section(&self, module: &str) -> Section {
        if module.starts_with('.') {
            return Section::Local;
        }
        let top = module.split('.').next().unwrap_or(module);
        if top == "__future__" {
            Section::Future
        } else if STDLIB.contains(&top) {
            Section::Stdlib
        } else if self.first_party.contains(top) {
            Section::FirstParty
        } else {
            Section::ThirdParty
        }
    }

    /// The import block, without a trailing newline; empty when there is
    /// nothing to import.
    pub fn render(&self) -> String {
        let mut sections: BTreeMap<Section, (Vec<&String>, Vec<&String>)> = BTreeMap::new();
        for m in &self.straight {
            sections.entry(self.section(m)).or_default().0.push(m);
        }
        for m in self.from.keys() {
            sections.entry(self.section(m)).or_default().1.push(m);
        }
        let mut out = String::new();
        for (_, (mut straight, mut from)) in sections {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            straight.sort_by(|a, b| module_cmp(a, b));
            from.sort_by(|a, b| module_cmp(a, b));
            let mut lines = 0;
            let mut line = |out: &mut String| {
                if lines > 0 {
                    out.push('\n');
                }
                lines += 1;
            };
            for m in straight {
                line(&mut out);
                out.push_str("import ");
                out.push_str(m);
            }
            for m in from {
                let mut names: Vec<&String> = self.from[m].iter().collect();
                names.sort_by(|a, b| member_cmp(a, b));
                line(&mut out);
                let head = format!("from {m} import ");
                let one = head.len()
                    + names.iter().map(|n| n.len()).sum::<usize>()
                    + 2 * (names.len() - 1);
                out.push_str(&head);
                if one <= LINE_LENGTH {
                    for (i, n) in names.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        out.push_str(n);
                    }
                } else {
                    out.push_str("(\n");
                    for n in names {
                        out.push_str("    ");
                        out.push_str(n);
                        out.push_str(",\n");
                    }
                    out.push(')');
                }
            }
        }
        out
    }
}

/// Relative imports: the furthest first (`..` before `.`), then by name.
fn module_cmp(a: &str, b: &str) -> Ordering {
    let dots = |s: &str| s.bytes().take_while(|c| *c == b'.').count();
    dots(b)
        .cmp(&dots(a))
        .then_with(|| natord_caseless(a, b))
        .then_with(|| natord(a, b))
}

/// `order-by-type`: CONSTANTS, then Classes, then variables; each
/// case-insensitively in natural order.
pub fn member_cmp(a: &str, b: &str) -> Ordering {
    member_type(a)
        .cmp(&member_type(b))
        .then_with(|| natord_caseless(a, b))
        .then_with(|| natord(a, b))
}

/// [`natord`] of the lower-case forms (without allocating for ASCII names).
fn natord_caseless(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        natord_bytes(a.as_bytes(), b.as_bytes(), u8::to_ascii_lowercase)
    } else {
        natord(&a.to_lowercase(), &b.to_lowercase())
    }
}

fn member_type(name: &str) -> u8 {
    let cased = name.chars().any(|c| c.is_alphabetic());
    let all_upper = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    if name.chars().count() > 1 && cased && all_upper {
        0
    } else if name.chars().next().is_some_and(|c| c.is_uppercase()) {
        1
    } else {
        2
    }
}

/// Sorts `__all__` the way ruff's RUF022 does: SCREAMING_CASE, then
/// CamelCase, then the rest, each in natural order.
pub fn dunder_all_cmp(a: &str, b: &str) -> Ordering {
    member_type(a)
        .cmp(&member_type(b))
        .then_with(|| natord(a, b))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|c| **c == b'0').count();
    &digits[zeros..]
}

/// Natural order: runs of digits compare by value. (Comparing UTF-8 bytes
/// orders characters as their code points do.)
pub fn natord(a: &str, b: &str) -> Ordering {
    natord_bytes(a.as_bytes(), b.as_bytes(), |c| *c)
}

fn natord_bytes(a: &[u8], b: &[u8], map: impl Fn(&u8) -> u8) -> Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let digits = |s: &[u8], mut k: usize| {
                let start = k;
                while k < s.len() && s[k].is_ascii_digit() {
                    k += 1;
                }
                (start, k)
            };
            let ((si, ei), (sj, ej)) = (digits(a, i), digits(b, j));
            let (ta, tb) = (trim_zeros(&a[si..ei]), trim_zeros(&b[sj..ej]));
            let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
            if ord != Ordering::Equal {
                return ord;
            }
            (i, j) = (ei, ej);
        } else {
            let ord = map(&a[i]).cmp(&map(&b[j]));
            if ord != Ordering::Equal {
                return ord;
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_order() {
        let mut i = Imports::new(&std::sync::Arc::new(
            ["orders".to_string()].into_iter().collect(),
        ));
        i.name("typing", "Any")
            .name("typing", "Annotated")
            .module("json")
            .name("pydantic", "Field")
            .name("pydantic", "BaseModel")
            .name("..contracts", "Order")
            .name(".", "aws")
            .module("orders.contracts")
            .name(
                "aws_lambda_powertools.utilities.batch",
                "process_partial_response",
            )
            .name("aws_lambda_powertools.utilities.batch", "EventType")
            .name("aws_lambda_powertools.utilities.batch", "BatchProcessor");
        assert_eq!(
            i.render(),
            "import json\nfrom typing import Annotated, Any\n\n\
             from aws_lambda_powertools.utilities.batch import (\n    BatchProcessor,\n    EventType,\n    process_partial_response,\n)\n\
             from pydantic import BaseModel, Field\n\n\
             import orders.contracts\n\n\
             from ..contracts import Order\nfrom . import aws"
        );
    }

    #[test]
    fn member_types() {
        let mut v = vec!["Order", "ORDER", "order", "Abc", "X"];
        v.sort_by(|a, b| member_cmp(a, b));
        assert_eq!(v, vec!["ORDER", "Abc", "Order", "X", "order"]);
        assert_eq!(natord("a2", "a10"), Ordering::Less);
        assert_eq!(natord("a010", "a9"), Ordering::Greater);
        assert_eq!(natord("a01", "a1"), Ordering::Equal);
        assert_eq!(natord("é2", "é10"), Ordering::Less);
        assert_eq!(natord("e", "é"), Ordering::Less);
        assert_eq!(member_cmp("order_10", "Order_9"), Ordering::Greater);
        assert_eq!(member_cmp("ab2", "aB10"), Ordering::Less);
    }
}
