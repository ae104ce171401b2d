//! YAML scalars both template families share: strings as JSON-style
//! double-quoted scalars, which every YAML reader (1.1 and 1.2) and every
//! JSON reader reads the same way. Characters YAML forbids in a stream (C0/C1
//! controls, line and paragraph separators, BOM, non-characters) are written
//! as `\uXXXX` escapes, which both accept.

/// A double-quoted scalar: `a "b"` → `"a \"b\""`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    out
}

/// [`quote`], appended to `out`.
pub fn quote_into(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    super::push_escaped(out, s, |c| {
        Some(match c {
            '"' => "\\\"".into(),
            '\\' => "\\\\".into(),
            '\n' => "\\n".into(),
            '\t' => "\\t".into(),
            '\r' => "\\r".into(),
            c if needs_escape(c) => {
                let mut buf = [0u16; 2];
                c.encode_utf16(&mut buf)
                    .iter()
                    .map(|unit| format!("\\u{unit:04X}"))
                    .collect::<String>()
                    .into()
            }
            _ => return None,
        })
    });
    out.push('"');
}

fn needs_escape(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7F..=0x9F).contains(&u)
        || matches!(u, 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_and_json_read_alike() {
        assert_eq!(quote(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(quote("line\nnext\u{2028}"), "\"line\\nnext\\u2028\"");
        assert_eq!(quote("yes"), "\"yes\"");
        assert_eq!(quote(""), "\"\"");
        assert_eq!(quote("é\u{85}x\"ü"), "\"é\\u0085x\\\"ü\"");
        assert_eq!(quote("\u{1F600}\r"), "\"\u{1F600}\\r\"");
    }
}
