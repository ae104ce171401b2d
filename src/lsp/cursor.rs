//! Where the cursor is, read from the text before it: the blocks it is in
//! and the statement being typed. Completion needs this while the text is
//! still incomplete, so it reads the text itself (strings and comments
//! skipped, braces counted) rather than the syntax tree of the last parse.

/// Every keyword of the language (`grammar/ddd.pest`).
pub const KEYWORDS: &[&str] = &[
    "aggregate",
    "allow",
    "calls",
    "capability",
    "command",
    "context",
    "deploy",
    "domain",
    "emits",
    "entity",
    "enum",
    "event",
    "every",
    "http",
    "id",
    "implements",
    "index",
    "internal",
    "language",
    "list",
    "map",
    "owner",
    "public",
    "query",
    "queue",
    "returns",
    "sends",
    "store",
    "subdomain",
    "subscribe",
    "system",
    "team",
    "value",
    "via",
    "vision",
];

/// A name as the grammar's `ident` rule accepts it.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A block the cursor is inside: the keyword that opened it and the name
/// after that keyword (`context Orders {` → `("context", "Orders")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub keyword: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Outermost first.
    pub blocks: Vec<Block>,
    /// The statement before the cursor, from the last line break, `{`, `}`
    /// or `,` of the innermost block.
    pub statement: String,
    /// The name being typed (letters, digits, `_` and `.`) just before the
    /// cursor; empty after a space.
    pub word: String,
    /// In a comment or a string: nothing to complete.
    pub quiet: bool,
}

impl Cursor {
    pub fn block(&self) -> &str {
        self.blocks.last().map(|b| b.keyword.as_str()).unwrap_or("")
    }

    /// The name of the context the cursor is in.
    pub fn context(&self) -> Option<&str> {
        self.blocks
            .iter()
            .rev()
            .find(|b| b.keyword == "context")
            .map(|b| b.name.as_str())
    }

    /// The words of the statement before the word being typed.
    pub fn words_before(&self) -> Vec<&str> {
        let before = &self.statement[..self.statement.len() - self.word.len()];
        before.split_whitespace().collect()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Code,
    LineComment,
    BlockComment,
    Str,
}

/// The cursor at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Cursor {
    let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
    let mut blocks = Vec::new();
    // The statement so far, comments blanked out.
    let mut stmt = String::new();
    let mut state = State::Code;
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match state {
            State::Code => match c {
                '/' if next == Some('/') => state = State::LineComment,
                '/' if next == Some('*') => {
                    state = State::BlockComment;
                    chars.next();
                }
                '{' => {
                    blocks.push(opener(&stmt));
                    stmt.clear();
                }
                '}' => {
                    blocks.pop();
                    stmt.clear();
                }
                '\n' | ',' => stmt.clear(),
                _ => {
                    if c == '"' {
                        state = State::Str;
                    }
                    stmt.push(c);
                }
            },
            State::LineComment => {
                if c == '\n' {
                    state = State::Code;
                    stmt.clear();
                }
            }
            State::BlockComment => {
                if c == '*' && next == Some('/') {
                    state = State::Code;
                    chars.next();
                    stmt.push(' ');
                }
            }
            State::Str => {
                stmt.push(c);
                if c == '\\' {
                    stmt.extend(chars.next());
                } else if c == '"' {
                    state = State::Code;
                }
            }
        }
    }
    let word_start = stmt
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map(|i| i + 1)
        .unwrap_or(0);
    Cursor {
        blocks,
        word: stmt[word_start..].to_string(),
        statement: stmt,
        quiet: state != State::Code,
    }
}

/// The block a `{` opens, from the statement before it.
fn opener(statement: &str) -> Block {
    let mut words = statement
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty() && *w != "internal");
    Block {
        keyword: words.next().unwrap_or("").to_string(),
        name: words.next().unwrap_or("").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_statements_and_words() {
        let text = "context Orders {\n  internal event E { a: Catalog.Mo";
        let c = at(text, text.len());
        let kinds: Vec<&str> = c.blocks.iter().map(|b| b.keyword.as_str()).collect();
        assert_eq!(kinds, ["context", "event"]);
        assert_eq!(c.context(), Some("Orders"));
        assert_eq!(c.word, "Catalog.Mo");
        assert_eq!(c.words_before(), ["a:"]);
        let text = "context A { /* { */ subscribe B { batch 2, \"}\" retr";
        let c = at(text, text.len());
        assert_eq!(c.block(), "subscribe");
        assert_eq!(c.statement, " \"}\" retr");
        let text = "context A {\n  /* x */ calls B.";
        let c = at(text, text.len());
        assert_eq!((c.words_before(), c.word.as_str()), (vec!["calls"], "B."));
        let text = "context A {\n  // subscribe ";
        assert!(at(text, text.len()).quiet);
        let text = "context A { command C {} }\n";
        assert_eq!(at(text, text.len()).blocks, []);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("Orders_2"));
        assert!(!is_identifier("2x") && !is_identifier("a.b") && !is_identifier(""));
    }
}
