//! Layout rules, construct by construct, and comment placement.

use super::*;
use crate::source::Span;

fn fmt(s: &str) -> String {
    let out = format_source(s).unwrap_or_else(|d| panic!("does not parse: {d:?}\n{s}"));
    assert_eq!(format_source(&out).unwrap(), out, "not idempotent:\n{out}");
    out
}

/// `input` formats to `expected`, and `expected` is already formatted.
fn case(input: &str, expected: &str) {
    assert_eq!(fmt(input), expected, "input:\n{input}");
    assert_eq!(fmt(expected), expected);
}

#[test]
fn spacing_and_indentation() {
    case("team  T{contact \"x\"}", "team T { contact \"x\" }\n");
    case(
        "domain   D{\n\tvision \"v\"\n        subdomain A:core\n  subdomain B  :  generic{vision \"b\"}\n}\n",
        "domain D {\n  vision \"v\"\n  subdomain A : core\n  subdomain B : generic { vision \"b\" }\n}\n",
    );
    case(
        "system S { broker   eventbridge , python \"3.12\" }\n",
        "system S { broker eventbridge, python \"3.12\" }\n",
    );
    case(
        "system S {architecture   x86_64}\n",
        "system S { architecture x86_64 }\n",
    );
}

#[test]
fn types_and_type_expressions() {
    case(
        "context C {\nid   X\nid Y : string\nid Z :uuid\nvalue V{a :list < map<int> > ?,b:C.V?}\nenum E{A,B\nC}\n}\n",
        "context C {\n  id X\n  id Y: string\n  id Z: uuid\n  value V { a: list<map<int>>?, b: C.V? }\n  enum E {\n    A\n    B\n    C\n  }\n}\n",
    );
}

#[test]
fn one_item_per_line_in_multi_line_blocks() {
    case(
        "context C {\n  value V {\n    a: int, b: int\n    c: int\n  }\n}\n",
        "context C {\n  value V {\n    a: int\n    b: int\n    c: int\n  }\n}\n",
    );
}

#[test]
fn inline_bodies_that_are_too_wide_break() {
    let fields: Vec<String> = (0..12).map(|i| format!("field_{i}: string")).collect();
    let input = format!("context C {{\n  value V {{ {} }}\n}}\n", fields.join(", "));
    let out = fmt(&input);
    assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
    assert!(out.contains("  value V {\n    field_0: string\n"), "{out}");
}

#[test]
fn clauses_take_canonical_order_and_wrap_when_long() {
    case(
        "context C {\n  event E\n  command Do { a: int }\n    emits E\n    via http POST \"/do\"\n    returns int\n}\n",
        "context C {\n  event E\n  command Do { a: int } returns int via http POST \"/do\" emits E\n}\n",
    );
    let long = "context C {\n  event SomethingHappenedToTheOrder\n  command DoSomethingRatherLong { first_argument: string, second_argument: int } via http POST \"/a/long/path\" emits SomethingHappenedToTheOrder\n}\n";
    assert_eq!(
        fmt(long),
        "context C {\n  event SomethingHappenedToTheOrder\n  command DoSomethingRatherLong { first_argument: string, second_argument: int }\n    via http POST \"/a/long/path\"\n    emits SomethingHappenedToTheOrder\n}\n"
    );
}

/// `public` belongs to the route: printed right after `via http`, wherever
/// it was written, and on the `via` line when the clauses wrap.
#[test]
fn public_stays_with_its_route() {
    case(
        "context C {\n  event E\n  command Do { a: int }\n    public emits E\n    via http POST \"/do\"\n}\n",
        "context C {\n  event E\n  command Do { a: int } via http POST \"/do\" public emits E\n}\n",
    );
    let long = "context C {\n  event SomethingHappenedToTheOrder\n  command DoSomethingRatherLong { first_argument: string, second_argument: int } via http POST \"/a/long/path\" public emits SomethingHappenedToTheOrder\n}\n";
    assert_eq!(
        fmt(long),
        "context C {\n  event SomethingHappenedToTheOrder\n  command DoSomethingRatherLong { first_argument: string, second_argument: int }\n    via http POST \"/a/long/path\" public\n    emits SomethingHappenedToTheOrder\n}\n"
    );
    // Without a route (E018 in `check`) it is still printed back, not lost.
    case(
        "context C {\n  command X via queue  public\n}\n",
        "context C {\n  command X via queue public\n}\n",
    );
    case(
        "context C {\n  command X public\n}\n",
        "context C {\n  command X public\n}\n",
    );
}

#[test]
fn empty_optional_blocks_go_and_required_ones_stay() {
    case(
        "team T {}\ncontext C {\n  event E {}\n  command X {} via queue\n  deploy {}\n  enum S {}\n}\n",
        "team T\ncontext C {\n  event E\n  command X via queue\n  deploy {}\n  enum S {}\n}\n",
    );
    case("context C {}\n", "context C {}\n");
}

#[test]
fn literals_keep_their_spelling() {
    case(
        "context C {\n  subscribe D.E { window 60s, batch 10 }\n  deploy { timeout 1m, throttle 100/s }\n  language { \"Order\" = \"a \\\"quoted\\\" word\", Line = \"x\" }\n}\n",
        "context C {\n  subscribe D.E { window 60s, batch 10 }\n  deploy { timeout 1m, throttle 100/s }\n  language {\n    \"Order\" = \"a \\\"quoted\\\" word\"\n    Line = \"x\"\n  }\n}\n",
    );
}

#[test]
fn map_relationships() {
    case(
        "map M {\n  A[OHS,PL]->[ACL]B:customer-supplier\n  B <-> C:partnership\n  D->[CF]E\n}\n",
        "map M {\n  A [OHS, PL] -> [ACL] B : customer-supplier\n  B <-> C : partnership\n  D -> [CF] E\n}\n",
    );
}

#[test]
fn implements_and_allows() {
    case(
        "context C {\n  implements D.A,D.B\n  implements D.C\n  allow W104 \"fine\"\n  value V { allow W109 \"x\", a: int }\n}\n",
        "context C {\n  implements D.A, D.B\n  implements D.C\n  allow W104 \"fine\"\n  value V { allow W109 \"x\", a: int }\n}\n",
    );
    case(
        "context C {\n  language {\n    allow W101 \"r\"\n  }\n}\n",
        "context C {\n  language {\n    allow W101 \"r\"\n  }\n}\n",
    );
}

#[test]
fn blank_lines_are_kept_but_collapsed() {
    case(
        "\n\n// head\n\n\n\nteam A\n\n\n\nteam B\nteam C\n\n\n",
        "// head\n\nteam A\n\nteam B\nteam C\n",
    );
    case(
        "context C {\n\n  id X\n\n\n  id Y\n\n}\n",
        "context C {\n  id X\n\n  id Y\n}\n",
    );
}

#[test]
fn crlf_and_bom_are_normalised() {
    case(
        "\u{FEFF}/// doc\r\nteam T { contact \"x\" } // c\r\n/* a\r\nb */\r\n",
        "/// doc\nteam T { contact \"x\" } // c\n/* a\nb */\n",
    );
}

#[test]
fn comments_keep_their_place() {
    // End of line stays on the line; own line stays above what follows;
    // inside a block stays inside it.
    case(
        "team T // t\n// above C\ncontext C { // open\n  id X // x\n  // last\n}\n",
        "team T // t\n// above C\ncontext C { // open\n  id X // x\n  // last\n}\n",
    );
    // A comment between an item's own tokens goes just above the item.
    case(
        "context C {\n  value V { a: list</* t */int> }\n}\n",
        "context C {\n  value V {\n    /* t */\n    a: list<int>\n  }\n}\n",
    );
    // A comment written in an inline body keeps the body open.
    case(
        "team T { contact \"x\" /* c */ }\n",
        "team T {\n  contact \"x\" /* c */\n}\n",
    );
    // A doc comment after a separator documents what follows.
    case(
        "context C {\n  value V {\n    a: int, /// of b\n    b: int\n  }\n}\n",
        "context C {\n  value V {\n    a: int\n    /// of b\n    b: int\n  }\n}\n",
    );
    // Block comments keep their text byte for byte.
    case(
        "/*  odd\n      spacing  */\nteam T\n",
        "/*  odd\n      spacing  */\nteam T\n",
    );
}

#[test]
fn syntax_errors_are_returned_not_formatted() {
    let d = format_source("context C {\n  id\n}\n").unwrap_err();
    assert!(d.iter().all(|d| d.code == Code::E001), "{d:?}");
    assert!(format_source("team T { contact 3 }").is_err());
    assert!(format_source("context C { owner A\n owner B }").is_err());
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n  \n"), "");
    assert_eq!(fmt("// only\n\n\n/* this */"), "// only\n\n/* this */\n");
}

/// Docs come from the AST, literals are canonical (`60s` is `1m`), and a
/// blank line separates top-level declarations and groups of members.
#[test]
fn print_file_without_source_prints_docs_from_the_ast() {
    let text = "/// The team.\n/// Second line.\nteam T { contact \"a \\\"b\\\"\" }\n/// Ctx.\ncontext C {\n  /// Key.\n  id X: int\n  subscribe D.E { window 60s }\n  /// F.\n  value V { a: int }\n}\n";
    let mut diags = Vec::new();
    let tree = crate::syntax::parse_file(FileId(0), text, &mut diags);
    assert!(diags.is_empty());
    let out = print_file(&tree, &[]);
    assert_eq!(
        out,
        "/// The team.\n/// Second line.\nteam T { contact \"a \\\"b\\\"\" }\n\n/// Ctx.\ncontext C {\n  /// Key.\n  id X: int\n\n  subscribe D.E { window 1m }\n\n  /// F.\n  value V { a: int }\n}\n"
    );
    assert_eq!(fmt(&out), out, "print_file's output is formatted");
}

/// An importer's comments (spans into its own files, no text given) land
/// beside the items they were written next to, inside their blocks.
#[test]
fn print_file_places_comments_by_span() {
    let text = "// about C\ncontext C {\n  // about X\n  id X\n  id Y\n  // last in C\n}\n// end\n";
    let mut diags = Vec::new();
    let (tree, trivia) = crate::syntax::parse_file_with_trivia(FileId(0), text, &mut diags);
    assert!(diags.is_empty());
    assert_eq!(
        print_file(&tree, &trivia.comments),
        "// about C\ncontext C {\n  // about X\n  id X\n  id Y\n  // last in C\n}\n// end\n"
    );
    // Comments of a second file do not mix into the first one's items.
    let other = Comment {
        kind: CommentKind::Line,
        span: Span::new(FileId(1), 20, 30),
        text: "// from file 1".into(),
    };
    let out = print_file(&tree, &[other]);
    assert!(out.ends_with("}\n// from file 1\n"), "{out}");
}

#[test]
fn indexes_and_schedules() {
    // Index lines keep their place among the fields; keys get `, `.
    case(
        "context C {\n aggregate A { id: AId,c: string\n  /// by c\n  index  ByC( c ,id )\n  // after\n  d: date? }\n}\n",
        "context C {\n  aggregate A {\n    id: AId\n    c: string\n    /// by c\n    index ByC(c, id)\n    // after\n    d: date?\n  }\n}\n",
    );
    // An inline aggregate with an index stays inline.
    case(
        "context C {\n  aggregate A { id: AId,  index ByC(c) }\n}\n",
        "context C {\n  aggregate A { id: AId, index ByC(c) }\n}\n",
    );
    // `every` goes after `via`, before `emits`; rates and strings keep their spelling.
    case(
        "context C {\n command X { n: int? } emits E  every 90m via queue\n command Y  via queue\n   every \"cron(0 3 * * ? *)\"\n}\n",
        "context C {\n  command X { n: int? } via queue every 90m emits E\n  command Y via queue every \"cron(0 3 * * ? *)\"\n}\n",
    );
    // A field called `index` or `every` is still a field.
    case(
        "context C {\n aggregate A { index: int, every: string }\n}\n",
        "context C {\n  aggregate A { index: int, every: string }\n}\n",
    );
}
