//! The rename hint: a doc-comment line `/// renamed from OldName` (or
//! `/// renamed from Context.OldName` for a message or type that moved) on
//! the renamed declaration, field or enum value. `docs/language.md` says so;
//! the line is not part of the documentation `docs-changed` compares.

/// What a `renamed from` line names: an old name, with the old context when
/// the declaration moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint<'a> {
    pub context: Option<&'a str>,
    pub name: &'a str,
}

const PREFIX: &str = "renamed from ";

fn is_ident(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse(line: &str) -> Option<Hint<'_>> {
    let rest = line.trim().strip_prefix(PREFIX)?.trim();
    let rest = rest.strip_suffix('.').unwrap_or(rest);
    match rest.split_once('.') {
        Some((c, n)) if is_ident(c) && is_ident(n) => Some(Hint {
            context: Some(c),
            name: n,
        }),
        None if is_ident(rest) => Some(Hint {
            context: None,
            name: rest,
        }),
        _ => None,
    }
}

/// The rename hint in `docs`, if one of its lines is one.
pub fn hint(docs: Option<&str>) -> Option<Hint<'_>> {
    docs?.lines().find_map(parse)
}

/// The documentation without rename hints, for comparison.
pub fn docs_text(docs: Option<&str>) -> String {
    docs.unwrap_or("")
        .lines()
        .filter(|l| parse(l).is_none())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_whole_lines_naming_an_identifier() {
        fn h(d: &str) -> Option<Hint<'_>> {
            hint(Some(d))
        }
        assert_eq!(
            h("Paid orders.\nrenamed from OrderPaid"),
            Some(Hint {
                context: None,
                name: "OrderPaid"
            })
        );
        assert_eq!(
            h("renamed from Billing.Paid."),
            Some(Hint {
                context: Some("Billing"),
                name: "Paid"
            })
        );
        assert_eq!(h("It was renamed from the old one"), None);
        assert_eq!(h("renamed from two words"), None);
        assert_eq!(hint(None), None);
    }

    #[test]
    fn docs_text_drops_only_hint_lines() {
        assert_eq!(
            docs_text(Some("Paid orders.\nrenamed from OrderPaid")),
            "Paid orders."
        );
        assert_eq!(docs_text(Some("renamed from X")), "");
        assert_eq!(docs_text(None), "");
    }
}
