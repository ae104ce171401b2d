//! Test support: diff two model texts.

use crate::diagnostic::Code;
use crate::diff::base::check_sides;
use crate::diff::{diff, Finding};

/// The findings between `base` and `rev` (each must check without errors).
pub fn with(base: &str, rev: &str) -> Vec<Finding> {
    let sides = check_sides(
        vec![("base.ddd".into(), base.as_bytes().to_vec())],
        vec![("rev.ddd".into(), rev.as_bytes().to_vec())],
    );
    for o in [&sides.base_outcome, &sides.rev_outcome] {
        assert_eq!(o.errors(), 0, "a side has errors: {:#?}", o.diagnostics);
    }
    diff(&sides.base, &sides.rev)
}

/// How many findings of `code` there are.
pub fn codes(base: &str, rev: &str, code: Code) -> usize {
    with(base, rev)
        .iter()
        .filter(|f| f.diagnostic.code == code)
        .count()
}
