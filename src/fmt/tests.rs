//! Layout rules, construct by construct, and comment placement.

use super::*;

fn fmt(s: &str) -> String {
    format_source(s).unwrap_or_else(|d| panic!("does not parse: {d:?}\n{s}"))
}

#[test]
fn smoke() {
    let s = fmt("team  T{contact \"x\"}\n");
    assert_eq!(s, "team T { contact \"x\" }\n");
}
