//! Python source fragments in the exact layout `ruff format` produces:
//! string literals with ruff's quote preference, docstrings, and calls,
//! lists and dicts that are exploded one item per line with a trailing
//! comma (the "magic trailing comma" keeps ruff from joining them).

/// A Python expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Py {
    /// Already one line of code.
    Inline(String),
    /// `func(key=value, ...)`, exploded when it has arguments.
    Call(String, Vec<(String, Py)>),
    /// `[a, b]`, exploded when not empty.
    List(Vec<Py>),
    /// `{"k": v}`, exploded when not empty; keys are Python expressions.
    Dict(Vec<(String, Py)>),
    /// `func(a, k=v)` on one line when it fits, else one argument per line
    /// with a trailing comma; an empty key is a positional argument.
    Fn(String, Vec<(String, Py)>),
}

/// `func(args...)` with positional arguments, laid out to fit.
pub fn call(func: impl Into<String>, args: Vec<Py>) -> Py {
    Py::Fn(
        func.into(),
        args.into_iter().map(|a| (String::new(), a)).collect(),
    )
}

fn arg(k: &str, v: &str) -> String {
    if k.is_empty() {
        v.to_string()
    } else {
        format!("{k}={v}")
    }
}

impl Py {
    pub fn inline(s: impl Into<String>) -> Py {
        Py::Inline(s.into())
    }

    /// The expression on a line indented by `indent`, where it starts at
    /// that column and nothing follows it.
    pub fn render(&self, indent: usize) -> String {
        self.fit(indent, indent, 0)
    }

    /// The expression on a line indented by `indent`, starting at column
    /// `col`, followed by `suffix` more characters on its last line.
    pub fn fit(&self, indent: usize, col: usize, suffix: usize) -> String {
        if let Py::Inline(s) = self {
            return s.clone();
        }
        let pad = " ".repeat(indent + 4);
        let close = " ".repeat(indent);
        match self {
            Py::Inline(s) => s.clone(),
            Py::Fn(f, args) => {
                if let Some(flat) = self.flat() {
                    if col + flat.chars().count() + suffix <= super::imports::LINE_LENGTH {
                        return flat;
                    }
                }
                if args.is_empty() {
                    return format!("{f}()");
                }
                let mut s = format!("{f}(\n");
                for (k, v) in args {
                    let head = if k.is_empty() { 0 } else { k.len() + 1 };
                    s.push_str(&format!(
                        "{pad}{},\n",
                        arg(k, &v.fit(indent + 4, indent + 4 + head, 1))
                    ));
                }
                s.push_str(&format!("{close})"));
                s
            }
            Py::Call(f, args) if args.is_empty() => format!("{f}()"),
            Py::Call(f, args) => {
                let mut s = format!("{f}(\n");
                for (k, v) in args {
                    let head = if k.is_empty() { 0 } else { k.len() + 1 };
                    s.push_str(&format!(
                        "{pad}{},\n",
                        arg(k, &v.fit(indent + 4, indent + 4 + head, 1))
                    ));
                }
                s.push_str(&format!("{close})"));
                s
            }
            Py::List(items) if items.is_empty() => "[]".into(),
            Py::List(items) => {
                let mut s = "[\n".to_string();
                for v in items {
                    s.push_str(&format!("{pad}{},\n", v.fit(indent + 4, indent + 4, 1)));
                }
                s.push_str(&format!("{close}]"));
                s
            }
            Py::Dict(items) if items.is_empty() => "{}".into(),
            Py::Dict(items) => {
                let mut s = "{\n".to_string();
                for (k, v) in items {
                    let col = indent + 4 + k.chars().count() + 2;
                    s.push_str(&format!("{pad}{k}: {},\n", v.fit(indent + 4, col, 1)));
                }
                s.push_str(&format!("{close}}}"));
                s
            }
        }
    }

    /// The one-line form, when it has one (exploded forms do not).
    pub fn flat(&self) -> Option<String> {
        match self {
            Py::Inline(s) => Some(s.clone()),
            Py::Call(f, a) if a.is_empty() => Some(format!("{f}()")),
            Py::List(a) if a.is_empty() => Some("[]".into()),
            Py::Dict(a) if a.is_empty() => Some("{}".into()),
            Py::Fn(f, args) => {
                let mut parts = Vec::new();
                for (k, v) in args {
                    parts.push(arg(k, &v.flat()?));
                }
                Some(format!("{f}({})", parts.join(", ")))
            }
            _ => None,
        }
    }
}

/// A string literal as ruff writes it: double quotes unless the text holds
/// more double than single quotes.
pub fn py_str(s: &str) -> String {
    let doubles = s.matches('"').count();
    let singles = s.matches('\'').count();
    let q = if doubles > singles { '\'' } else { '"' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    super::super::push_escaped(&mut out, s, |c| {
        Some(match c {
            '\\' => "\\\\".into(),
            '\n' => "\\n".into(),
            '\r' => "\\r".into(),
            '\t' => "\\t".into(),
            '"' if q == '"' => "\\\"".into(),
            '\'' if q == '\'' => "\\'".into(),
            c if (c as u32) < 0x20 || c == '\u{7f}' => format!("\\x{:02x}", c as u32).into(),
            _ => return None,
        })
    });
    out.push(q);
    out
}

/// A docstring at `indent` (the column of its opening quotes), in ruff's
/// layout: one line when it fits on one, else the summary on the first line
/// and the closing quotes on their own line.
pub fn docstring(text: &str, indent: usize) -> String {
    // The common case, one plain line, needs none of doc_lines' cleaning.
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with('"')
        && !text.contains("\"\"\"")
        && !text.bytes().any(|b| b < 0x20 || b == b'\\');
    if plain {
        return format!("\"\"\"{}\"\"\"", end_safe(text));
    }
    let pad = " ".repeat(indent);
    let lines = doc_lines(text);
    if lines.len() == 1 {
        let line = &lines[0];
        return format!("\"\"\"{}\"\"\"", end_safe(line));
    }
    let mut s = String::from("\"\"\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            s.push('\n');
            if !line.is_empty() {
                s.push_str(&pad);
            }
        }
        s.push_str(line);
    }
    s.push('\n');
    s.push_str(&pad);
    s.push_str("\"\"\"");
    s
}

/// Escaped, trimmed docstring lines; no blank first or last line, no
/// runs of blank lines, tabs as spaces.
fn doc_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.replace('\t', "    ").lines() {
        let line = raw.trim_end();
        let escaped = line.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
        let escaped: String = escaped
            .chars()
            .map(|c| if (c as u32) < 0x20 { ' ' } else { c })
            .collect();
        if escaped.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(escaped);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    // Ruff strips the common indentation of continuation lines.
    let common = lines
        .iter()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    for l in lines.iter_mut().skip(1) {
        if !l.is_empty() {
            *l = l[common..].to_string();
        }
    }
    if let Some(first) = lines.first_mut() {
        *first = first.trim_start().to_string();
        // Four quotes in a row would end the docstring early.
        if first.starts_with('"') {
            first.insert(0, ' ');
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A one-line docstring body must not end in a quote (ruff adds a space).
fn end_safe(line: &str) -> String {
    if line.ends_with('"') {
        format!("{line} ")
    } else {
        line.to_string()
    }
}

/// Words of `text` in lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_chars = 0; // characters on the current line
    for word in text.split_whitespace() {
        let chars = word.chars().count();
        if line_chars > 0 && line_chars + 1 + chars > width {
            out.push('\n');
            line_chars = 0;
        }
        if line_chars > 0 {
            out.push(' ');
            line_chars += 1;
        }
        out.push_str(word);
        line_chars += chars;
    }
    out
}

/// A deterministic UUID (version 4 layout) derived from `seed`.
pub fn uuid_for(seed: &str) -> String {
    // FNV-1a, twice with different offsets, for 128 bits.
    let h = |offset: u64| {
        let mut h = offset;
        for b in seed.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h
    };
    let a = h(0xcbf29ce484222325);
    let b = h(0x84222325cbf29ce4);
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_follow_ruff_quotes() {
        assert_eq!(py_str("plain"), "\"plain\"");
        assert_eq!(py_str("e.g. \"DR-X\"."), "'e.g. \"DR-X\".'");
        assert_eq!(py_str("it's \"a\" b"), "'it\\'s \"a\" b'");
        assert_eq!(py_str("a\\b\nc"), "\"a\\\\b\\nc\"");
        assert_eq!(py_str("é\u{1}\u{7f}ü\t"), "\"é\\x01\\x7fü\\t\"");
        assert_eq!(py_str(""), "\"\"");
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("aa bb cc dd", 5), "aa bb\ncc dd");
        assert_eq!(wrap("  ééé ü  ", 5), "ééé ü");
        assert_eq!(wrap("", 5), "");
        assert_eq!(wrap("longerword x", 3), "longerword\nx");
    }

    #[test]
    fn docstrings() {
        assert_eq!(docstring("One line.", 4), "\"\"\"One line.\"\"\"");
        assert_eq!(docstring("Say \"hi\"", 0), "\"\"\"Say \"hi\" \"\"\"");
        assert_eq!(
            docstring("First.\nSecond.\n\n\nThird.", 4),
            "\"\"\"First.\n    Second.\n\n    Third.\n    \"\"\""
        );
        // One plain line takes a shortcut; a trailing newline forces the
        // general path, which must agree.
        for text in ["One line.", "Say \"hi\"", "Grüße, 'x'", "a  b", "x\u{85}y"] {
            assert_eq!(docstring(text, 4), docstring(&format!("{text}\n"), 4));
        }
    }

    #[test]
    fn exploded_calls() {
        let p = Py::Call(
            "Order".into(),
            vec![
                ("id".into(), Py::inline("x")),
                (
                    "total".into(),
                    Py::Call("Money".into(), vec![("a".into(), Py::inline("1"))]),
                ),
            ],
        );
        assert_eq!(
            p.render(4),
            "Order(\n        id=x,\n        total=Money(\n            a=1,\n        ),\n    )"
        );
    }

    #[test]
    fn calls_fit_or_explode() {
        let short = call("f", vec![Py::inline("a"), Py::inline("b")]);
        assert_eq!(short.render(4), "f(a, b)");
        let long = call(
            "f",
            vec![Py::inline("a".repeat(60)), Py::inline("b".repeat(40))],
        );
        assert_eq!(
            long.render(4),
            format!(
                "f(\n        {},\n        {},\n    )",
                "a".repeat(60),
                "b".repeat(40)
            )
        );
    }

    #[test]
    fn uuids_are_stable() {
        let u = uuid_for("OrderId");
        assert_eq!(u, uuid_for("OrderId"));
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
