//! String literals and the documentation written before a declaration.

pub(super) fn unquote(s: &str) -> String {
    let inner = s
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The documentation written right before byte `start`: a `/** ... */`
/// comment and/or hint strings (`"role: Customer"` on the line before),
/// with only blank space between them and the declaration.
pub fn doc_before(text: &str, start: usize) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut end = start;
    loop {
        let before = text[..end].trim_end();
        if let Some(body) = before.strip_suffix("*/") {
            let Some(open) = body.rfind("/*") else { break };
            let comment = &body[open + 2..];
            if let Some(doc) = comment.strip_prefix('*') {
                if !doc.starts_with('*') && !doc.starts_with('/') {
                    parts.push(clean_javadoc(doc));
                }
                end = open;
                continue;
            }
            break;
        }
        if before.ends_with('"') {
            // A hint string alone on its line.
            let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line = before[line_start..].trim();
            if line.len() >= 2 && line.starts_with('"') && !line[1..line.len() - 1].contains('"') {
                parts.push(line[1..line.len() - 1].to_string());
                end = line_start;
                continue;
            }
        }
        break;
    }
    parts.retain(|p| !p.trim().is_empty());
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some(parts.join("\n"))
}

/// The text of a `/** ... */` comment without its leading `*`s.
fn clean_javadoc(body: &str) -> String {
    let lines: Vec<&str> = body
        .lines()
        .map(|l| {
            let t = l.trim();
            let t = t.strip_prefix('*').unwrap_or(t);
            t.strip_prefix(' ').unwrap_or(t).trim_end()
        })
        .collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map(|i| i + 1)
        .unwrap_or(0);
    lines.get(first..last).unwrap_or(&[]).join("\n")
}
