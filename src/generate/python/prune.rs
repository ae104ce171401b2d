//! Imports emitted only when used: after a module is rendered, every name
//! of its import block that the code never mentions is dropped, and the
//! block is laid out again by [`Imports::render`].
//!
//! This is the one place that decides it, whatever shape of model made a
//! view import a class it did not end up writing (a type whose value came
//! from a source field, a result built elsewhere): the rendered text is the
//! truth. "Mentions" is token-aware: comments and string literals (except
//! f-strings, whose fields are code) do not count, so a docstring naming a
//! class does not keep its import alive. Modules with `__all__` (re-exports)
//! are left as they are.

use super::imports::Imports;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// One parsed import statement.
enum Stmt {
    Straight(String),
    From(String, Vec<String>),
}

/// `text` with unused imports removed (unchanged when every import is used,
/// or when nothing would be left).
pub fn prune(text: &str, first_party: &Arc<BTreeSet<String>>) -> String {
    if text.contains("__all__") {
        return text.to_string();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.starts_with("import ") || l.starts_with("from "))
    else {
        return text.to_string();
    };
    let mut stmts = Vec::new();
    let mut i = start;
    let mut end = start;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if let Some(m) = line.strip_prefix("import ") {
            stmts.push(Stmt::Straight(m.trim().to_string()));
            i += 1;
            end = i;
        } else if let Some(rest) = line.strip_prefix("from ") {
            let Some((module, names)) = rest.split_once(" import ") else {
                return text.to_string();
            };
            let mut list = String::new();
            if names.trim() == "(" {
                i += 1;
                while i < lines.len() && lines[i].trim_end() != ")" {
                    list.push_str(lines[i]);
                    i += 1;
                }
            } else {
                list.push_str(names);
            }
            i += 1;
            end = i;
            let names = list
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect();
            stmts.push(Stmt::From(module.trim().to_string(), names));
        } else if line.is_empty() {
            i += 1;
        } else {
            break;
        }
    }
    let code: String = lines[end..].concat();
    let used = identifiers(&code);
    let mut imports = Imports::new(first_party);
    let mut kept = 0;
    let mut dropped = 0;
    for s in &stmts {
        match s {
            Stmt::Straight(m) => {
                let top = m.split('.').next().unwrap_or(m);
                if used.contains(top) {
                    imports.module(m);
                    kept += 1;
                } else {
                    dropped += 1;
                }
            }
            Stmt::From(m, names) => {
                for n in names {
                    // `from __future__ import ...` changes the module; it is never unused.
                    if m == "__future__" || used.contains(n.as_str()) {
                        imports.name(m, n);
                        kept += 1;
                    } else {
                        dropped += 1;
                    }
                }
            }
        }
    }
    if dropped == 0 || kept == 0 {
        return text.to_string();
    }
    let mut out: String = lines[..start].concat();
    out.push_str(&imports.render());
    out.push('\n');
    // What followed the block (its blank lines included) stays as it was.
    let after = lines[end..].concat();
    out.push_str(&after);
    out
}

/// Every identifier of Python source outside comments and plain strings.
fn identifiers(code: &str) -> HashSet<&str> {
    let b = code.as_bytes();
    let mut out = HashSet::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'"' || c == b'\'' {
            // A string; its prefix (if any) was read as an identifier, so
            // look back for an `f`.
            let fstring = i > 0
                && matches!(b[i - 1], b'f' | b'F' | b'r' | b'R')
                && b[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .any(|c| *c == b'f' || *c == b'F');
            let triple = b.len() >= i + 3 && b[i + 1] == c && b[i + 2] == c;
            let quote_len = if triple { 3 } else { 1 };
            let body_start = i + quote_len;
            let mut j = body_start;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'\\' {
                    j += 2;
                    continue;
                }
                let closes = if triple {
                    b[j] == c && b.get(j + 1) == Some(&c) && b.get(j + 2) == Some(&c)
                } else {
                    b[j] == c
                };
                if closes {
                    break;
                }
                if !triple && b[j] == b'\n' {
                    break;
                }
                j += 1;
            }
            if fstring {
                let inner = &code[body_start..j.min(b.len())];
                out.extend(identifiers(inner));
            }
            i = (j + quote_len).min(b.len());
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.insert(&code[s..i]);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp() -> Arc<BTreeSet<String>> {
        Arc::new(BTreeSet::from(["orders".to_string()]))
    }

    #[test]
    fn drops_only_what_the_code_never_mentions() {
        let text = "# header\n\"\"\"Doc naming Unused.\"\"\"\n\nimport json\nimport os\n\nfrom ..contracts import Unused, Used\n\n\ndef f(x: Used) -> str:\n    # Unused in a comment\n    return json.dumps(\"os\") + f\"{x}\"\n";
        let out = prune(text, &fp());
        assert_eq!(
            out,
            "# header\n\"\"\"Doc naming Unused.\"\"\"\n\nimport json\n\nfrom ..contracts import Used\n\n\ndef f(x: Used) -> str:\n    # Unused in a comment\n    return json.dumps(\"os\") + f\"{x}\"\n"
        );
    }

    #[test]
    fn f_string_fields_count_and_wrapped_blocks_parse() {
        let text = "from ..contracts import (\n    Alpha,\n    Beta,\n)\n\n\nx = f\"{Alpha}\"\n";
        assert_eq!(
            prune(text, &fp()),
            "from ..contracts import Alpha\n\n\nx = f\"{Alpha}\"\n"
        );
    }

    #[test]
    fn future_imports_stay_first() {
        let text = "from __future__ import annotations\n\nimport functools\nimport os\n\nimport boto3\n\n\nx = functools, boto3\n";
        assert_eq!(
            prune(text, &fp()),
            "from __future__ import annotations\n\nimport functools\n\nimport boto3\n\n\nx = functools, boto3\n"
        );
    }

    #[test]
    fn future_imports_stay() {
        let text =
            "from __future__ import annotations\n\nimport os\n\nif TYPE_CHECKING:\n    pass\n";
        assert_eq!(
            prune(text, &fp()),
            "from __future__ import annotations\n\nif TYPE_CHECKING:\n    pass\n"
        );
    }

    #[test]
    fn re_exports_and_fully_used_modules_stay() {
        let text = "from .types import A\n\n__all__ = [\"A\"]\n";
        assert_eq!(prune(text, &fp()), text);
        let text = "import json\n\n\nx = json\n";
        assert_eq!(prune(text, &fp()), text);
    }
}
