//! Syntax errors in words a modeller understands.
//!
//! A line swallowed by `catch_all` is parsed again with the `check_*` rule of
//! its block; pest's "expected rules" are then translated by [`describe`].
//! Rule names never reach the user.

use super::{DddParser, Rule, CONTEXT_KEYWORDS, DOMAIN_KEYWORDS, SUBDOMAIN_KEYWORDS, TOP_KEYWORDS};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{floor_char_boundary, FileId, Span};
use crate::suggest::{did_you_mean, one_of};
use pest::error::{Error, ErrorVariant, InputLocation};
use pest::Parser as _;

/// Which block a bad line was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Top,
    Context,
    Domain,
    Subdomain,
    Settings,
    Language,
    Enum,
    Fields,
    /// An aggregate's body: fields and `index` declarations.
    Aggregate,
    Map,
}

impl Block {
    fn check_rule(self) -> Rule {
        match self {
            Block::Top => Rule::check_top,
            Block::Context => Rule::check_context,
            Block::Domain => Rule::check_domain,
            Block::Subdomain => Rule::check_sub,
            Block::Settings => Rule::check_settings,
            Block::Language => Rule::check_language,
            Block::Enum => Rule::check_enum,
            Block::Fields => Rule::check_field,
            Block::Aggregate => Rule::check_aggregate,
            Block::Map => Rule::check_map,
        }
    }

    /// Keywords an item of this block starts with, where items start with one.
    fn keywords(self) -> Option<&'static [&'static str]> {
        match self {
            Block::Top => Some(TOP_KEYWORDS),
            Block::Context => Some(CONTEXT_KEYWORDS),
            Block::Domain => Some(DOMAIN_KEYWORDS),
            Block::Subdomain => Some(SUBDOMAIN_KEYWORDS),
            _ => None,
        }
    }

    fn place(self) -> &'static str {
        match self {
            Block::Top => "at the top level of a file",
            Block::Context => "in a context",
            Block::Domain => "in a domain",
            Block::Subdomain => "in a subdomain",
            Block::Settings => "in this block",
            Block::Language => "in a `language` block",
            Block::Enum => "in an enum",
            Block::Fields => "in this field list",
            Block::Aggregate => "in an aggregate",
            Block::Map => "in a `map`",
        }
    }
}

/// Explains the bad item `span` (a `catch_all` match) found in `block`.
pub fn explain_catch(file: FileId, text: &str, span: Span, block: Block) -> Diagnostic {
    let caught = &text[span.range()];
    let word: String = caught
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if let Some(keywords) = block.keywords() {
        if !keywords.contains(&word.as_str()) {
            let end = span.start as usize + found_len(caught);
            let at = Span::new(file, span.start as usize, end);
            let found = describe_found(text, span.start as usize, span.end as usize);
            let list = one_of(keywords);
            let help = match did_you_mean(&word, keywords.iter().copied()) {
                Some(s) if !word.is_empty() => format!("did you mean `{s}`?"),
                _ => format!(
                    "{} items start with {list}",
                    block
                        .place()
                        .trim_start_matches("in ")
                        .trim_start_matches("at ")
                ),
            };
            return Diagnostic::new(
                Code::E001,
                at,
                format!("expected a declaration {}, found {found}", block.place()),
            )
            .with_label("not a declaration")
            .help(help);
        }
    }
    super::limit_calls(caught.len());
    match DddParser::parse(block.check_rule(), caught) {
        Err(e) => pest_failure(file, text, span.start as usize, &e),
        // Parses alone but not in its place: it needs its own line.
        Ok(_) => Diagnostic::new(
            Code::E001,
            span,
            format!("unexpected item {}", block.place()),
        )
        .with_label("not expected here")
        .help("put each item on its own line, or separate items with commas"),
    }
}

/// Turns a pest error (positions relative to `base`) into an E001.
pub fn pest_failure(file: FileId, text: &str, base: usize, e: &Error<Rule>) -> Diagnostic {
    let pos = base
        + match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((p, _)) => p,
        };
    let pos = floor_char_boundary(text, pos.min(text.len()));
    let end = (pos + found_len(&text[pos..])).min(text.len());
    let span = Span::new(file, pos, end.max(pos));
    let found = describe_found(text, pos, pos);
    let expected: Vec<&str> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            // A description may offer alternatives separated by `|`.
            let mut words: Vec<&str> = positives
                .iter()
                .filter_map(|r| describe(*r))
                .flat_map(|w| w.split('|'))
                .collect();
            words.dedup();
            let mut seen = std::collections::HashSet::new();
            words.retain(|w| seen.insert(*w));
            // The item could have ended here: say so last, as "`,` or a new line".
            if let Some(i) = words.iter().position(|w| *w == END_OF_ITEM) {
                words.remove(i);
                words.extend(["`,`", END_OF_ITEM]);
            }
            words
        }
        // Only pest's call limit (`limit_calls`) produces these.
        ErrorVariant::CustomError { message } => {
            return Diagnostic::new(Code::E001, span, format!("the parser gave up here ({message})"))
                .with_label("too much backtracking")
                .help("simplify the lines around here; ddgen should parse any file in linear time, so please report this input")
        }
    };
    if expected.is_empty() || expected == ["`,`", END_OF_ITEM] {
        return Diagnostic::new(Code::E001, span, format!("unexpected {found}"))
            .with_label("not expected here")
            .help("remove it, or put it on a line of its own if it starts another item");
    }
    let list = match expected.len() {
        1 => expected[0].to_string(),
        n => format!("{} or {}", expected[..n - 1].join(", "), expected[n - 1]),
    };
    Diagnostic::new(Code::E001, span, format!("expected {list}, found {found}"))
        .with_label(format!("expected {list}"))
}

/// Length in bytes of the token starting `s` (a word, or one character).
fn found_len(s: &str) -> usize {
    let word = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    if word > 0 {
        word
    } else {
        s.chars()
            .next()
            .map(|c| {
                if c == '\n' || c == '\r' {
                    0
                } else {
                    c.len_utf8()
                }
            })
            .unwrap_or(0)
    }
}

/// Describes what stands at `pos`, e.g. "`foo`", "`}`", "the end of the line".
fn describe_found(text: &str, pos: usize, _end: usize) -> String {
    let rest = &text[pos..];
    match rest.chars().next() {
        None => "the end of the file".into(),
        Some('\n') | Some('\r') => "the end of the line".into(),
        Some('"') => "a string".into(),
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
            let len = found_len(rest);
            let word = &rest[..len.min(40)];
            format!("`{word}`")
        }
        Some(c) => format!("`{c}`"),
    }
}

/// What ends an item: the `EOI` of a `check_*` rule.
const END_OF_ITEM: &str = "a new line";

/// Words for a grammar rule, or `None` for rules that never explain an error.
pub fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        ident | variant => "a name",
        path => "a name such as `Name` or `Context.Name`",
        string | string_inner => "a string in double quotes",
        int => "a whole number",
        duration => "a duration such as `30s`",
        rate => "a rate such as `100/s`",
        code => "a warning code such as `W101`",
        lbrace | settings | domain_body | sub_body | context_body | language_body | enum_body
        | field_block | map_body => "`{`",
        rbrace => "`}`",
        colon => "`:`",
        equals => "`=`",
        langle => "`<`",
        rangle => "`>`",
        lbracket | roles => "`[`",
        rbracket => "`]`",
        question => "`?`",
        lparen => "`(`",
        rparen => "`)`",
        type_expr | list_type | map_type => "a type such as `string`, `list<T>` or `Context.Type`",
        field => "a field such as `name: Type`",
        setting => "a setting such as `batch 10`",
        term_def => "a term such as `Order = \"what it means\"`",
        relationship => "a relationship such as `A -> B`",
        arrow => "`->`|`<->`",
        pattern => {
            "a pattern (`customer-supplier`, `partnership`, `shared-kernel`, `separate-ways`)"
        }
        EOI => END_OF_ITEM,
        kw_system | system_decl => "`system`",
        kw_domain | domain_decl => "`domain`",
        kw_subdomain | subdomain_decl => "`subdomain`|`capability`",
        kw_capability => "`capability`",
        kw_team | team_decl => "`team`",
        kw_context | context_decl => "`context`",
        kw_map | map_decl => "`map`",
        kw_map_type => "`map<T>`",
        kw_vision | vision_decl => "`vision`",
        kw_implements | implements_decl => "`implements`",
        kw_owner | owner_decl => "`owner`",
        kw_store | store_decl => "`store`",
        kw_language | language_decl => "`language`",
        kw_id | id_decl => "`id`",
        kw_enum | enum_decl => "`enum`",
        kw_value | value_decl => "`value`",
        kw_entity | entity_decl => "`entity`",
        kw_aggregate | aggregate_decl => "`aggregate`",
        kw_command | command_decl => "`command`",
        kw_query | query_decl => "`query`",
        kw_event | event_decl => "`event`",
        kw_internal => "`internal`",
        kw_returns | returns_clause => "`returns`",
        kw_via | via_clause => "`via`",
        kw_http | via_http => "`http`",
        kw_queue => "`queue`",
        kw_emits | emits_clause => "`emits`",
        kw_every | every_clause => "`every`",
        every_rate => "a rate such as `5m`, `1h` or `1d`",
        kw_index | index_decl => "`index`",
        kw_subscribe | subscribe_decl => "`subscribe`",
        kw_calls | calls_decl => "`calls`",
        kw_sends | sends_decl => "`sends`",
        kw_deploy | deploy_decl => "`deploy`",
        kw_allow | allow_decl => "`allow`",
        kw_list => "`list<T>`",
        doc_line | catch_all | file | check_top | check_context | check_domain | check_sub
        | check_settings | check_language | check_enum | check_field | check_aggregate
        | check_map => return None,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::source::FileId;

    fn errors(text: &str) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        crate::syntax::parse_file(FileId(0), text, &mut diags);
        diags
    }

    fn messages(text: &str) -> Vec<String> {
        errors(text).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn missing_colon_in_a_field() {
        let d = errors("context A {\n  value V { amount decimal }\n}\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "expected `:`, found `decimal`");
        assert_eq!(d[0].span.start, 31);
    }

    #[test]
    fn one_bad_line_gives_one_error_and_the_rest_still_parses() {
        let mut diags = Vec::new();
        let file = crate::syntax::parse_file(
            FileId(0),
            "context A {\n  ownr Team\n  command C { x: int } via queue\n}\ncontext B {}\n",
            &mut diags,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "expected a declaration in a context, found `ownr`"
        );
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `owner`?"));
        assert_eq!(file.contexts.len(), 2);
        assert_eq!(file.contexts[0].messages.len(), 1);
    }

    #[test]
    fn bad_via_names_the_choices() {
        assert_eq!(
            messages("context A {\n command C { x: int } via htp POST \"/c\"\n}"),
            ["expected `http` or `queue`, found `htp`"]
        );
    }

    #[test]
    fn trailing_words_are_unexpected() {
        assert_eq!(
            messages("context A {\n owner T extra\n}"),
            ["unexpected `extra`"]
        );
    }

    #[test]
    fn missing_name_after_keyword() {
        assert_eq!(messages("context {\n}"), ["expected a name, found `{`"]);
    }

    #[test]
    fn unknown_setting_suggests() {
        let d = errors("context A {\n subscribe B.E { windw 5s }\n}");
        assert_eq!(d[0].message, "unknown setting `windw` in a `subscribe`");
        assert!(d[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `window`?"));
    }
}
