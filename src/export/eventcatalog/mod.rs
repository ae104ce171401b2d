//! `ddgen export eventcatalog`: an EventCatalog project (the v2–v4 folder
//! layout) made from the model.
//!
//! ```text
//! domains/<Domain>/index.mdx, ubiquitous-language.mdx
//! domains/<Domain>/subdomains/<Subdomain>/index.mdx, ubiquitous-language.mdx
//! domains/<Domain>/subdomains/<Subdomain>/services/<Context>/index.mdx,
//!     asyncapi.yaml, openapi.yaml (the documents `generate` writes)
//!     events|commands|queries/<Message>/index.mdx, schema.json
//! services/<Context>/...          a context that implements no subdomain
//! channels/<Channel>/index.mdx    each SNS topic, the EventBridge bus, each command queue
//! teams/<Team>.mdx                every team, and the stewards (`super::Stewards`)
//! ```
//!
//! `layout` decides ids and folders; `pages` writes each file's front
//! matter and body, with `relations` (badges, `sends`, `receives`) and
//! `markdown` (bodies, MDX escaping). Conventions: `docs/export.md`.

mod layout;
mod markdown;
mod pages;
mod relations;

use crate::generate::OutFile;
use crate::model::Model;

pub use layout::Layout;

/// The front matter keys ddgen writes in any EventCatalog file; all other
/// keys are the user's and survive a re-export (`super::frontmatter`).
pub const DDGEN_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "summary",
    "owners",
    "badges",
    "domains",
    "services",
    "sends",
    "receives",
    "specifications",
    "schemaPath",
    "address",
    "protocols",
    "email",
    "dictionary",
];

/// The version every exported resource has: the model has no versions.
pub const VERSION: &str = "1.0.0";

/// Every file of the catalog (front matter and bodies as ddgen writes
/// them; `cli/export.rs` lays them over an existing catalog).
pub fn files(model: &Model) -> Vec<OutFile> {
    let layout = Layout::new(model);
    pages::all(model, &layout)
}

#[cfg(test)]
mod tests;
