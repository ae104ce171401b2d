//! Markdown bodies of the catalog's pages, with model text made safe for
//! MDX.

/// A Markdown table cell: pipes escaped, one line.
pub(super) fn cell(s: &str) -> String {
    escape(&s.split_whitespace().collect::<Vec<_>>().join(" ")).replace('|', "\\|")
}

/// Text from the model made safe for MDX: `{`, `}`, `<` and `>` outside
/// code spans are escaped, so that MDX reads them as characters, not as
/// JSX or expressions.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && matches!(c, '{' | '}' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown body built paragraph by paragraph.
#[derive(Default)]
pub(super) struct Body {
    pub(super) text: String,
}

impl Body {
    pub(super) fn raw(&mut self, paragraph: &str) {
        self.text.push_str(paragraph);
        self.text.push_str("\n\n");
    }

    /// The docs, escaped; `fallback` when there are none.
    pub(super) fn docs(&mut self, docs: Option<&str>, fallback: &str) {
        match docs {
            Some(d) if !d.trim().is_empty() => self.raw(&escape(d.trim())),
            _ => self.raw(&escape(fallback)),
        }
    }

    pub(super) fn vision(&mut self, vision: Option<&str>) {
        if let Some(v) = vision {
            self.raw(&format!("**Vision:** {}", escape(v)));
        }
    }

    pub(super) fn list(&mut self, title: &str, items: impl Iterator<Item = String>) {
        let lines: Vec<String> = items.map(|i| format!("- {}", escape(&i))).collect();
        if !lines.is_empty() {
            self.raw(&format!("## {title}"));
            self.raw(&lines.join("\n"));
        }
    }
}
