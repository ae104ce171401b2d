//! Unit tests of the CML import, construct by construct.

use super::*;

pub(super) fn import_text(text: &str) -> Import {
    let mut sources = SourceMap::default();
    sources.add("model.cml".into(), text.to_string());
    import(sources, Vec::new())
}

#[test]
fn smoke() {
    let i = import_text("BoundedContext A {}\n");
    assert!(!i.syntax_errors);
    assert_eq!(i.trees[0].contexts.len(), 1);
}
