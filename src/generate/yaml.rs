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
    // Runs of characters that need no escape are copied whole; only
    // non-ASCII bytes are decoded to characters.
    let bytes = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("i is a character boundary");
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            c if needs_escape(c) => "",
            c => {
                i += c.len_utf8();
                continue;
            }
        };
        out.push_str(&s[run..i]);
        i += c.len_utf8();
        run = i;
        if escape.is_empty() {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                use std::fmt::Write;
                let _ = write!(out, "\\u{unit:04X}");
            }
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[run..]);
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
