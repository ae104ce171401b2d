//! One file per rule (or per pair of rules that differ only in whether
//! anything consumed the change): each reads the `Diff` and pushes findings.

/// `pub fn used` and `pub fn unused` for a pair of rules that differ only
/// in whether anything consumed the change: both call the file's
/// `check(d, out, used)`.
macro_rules! used_and_unused {
    () => {
        pub fn used(d: &Diff, out: &mut Out) {
            check(d, out, true)
        }

        pub fn unused(d: &Diff, out: &mut Out) {
            check(d, out, false)
        }
    };
}
pub(crate) use used_and_unused;

pub mod context_removed;
pub mod deploy_lowered;
pub mod docs_changed;
pub mod enum_value_added;
pub mod enum_value_removed;
pub mod field_made_optional;
pub mod field_made_required;
pub mod field_removed;
pub mod field_removed_from_input;
pub mod message_moved;
pub mod message_removed;
pub mod owner_changed;
pub mod paired;
pub mod relationship;
pub mod renamed;
pub mod required_field_added;
pub mod route_changed;
pub mod transport_changed;
pub mod type_changed;
pub mod type_removed;
pub mod vision_changed;

#[cfg(test)]
pub mod testing;

use crate::model::{PartKind, TypeRef};

/// A field is required unless its type is optional (`T?`).
pub fn required(t: &TypeRef) -> bool {
    !matches!(t, TypeRef::Optional(_))
}

/// The type without its outer `?`.
pub fn strip_optional(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Optional(inner) => inner,
        t => t,
    }
}

/// `subdomain` or `capability`.
pub fn part_kind(k: PartKind) -> &'static str {
    match k {
        PartKind::Subdomain => "subdomain",
        PartKind::Capability => "capability",
    }
}
