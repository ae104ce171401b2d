//! Markdown files with YAML front matter, and the rule for exporting over
//! files a user has edited (`docs/export.md`, "Re-exporting"):
//!
//! - the front matter's keys that ddgen writes are ddgen's: every export
//!   sets them (or removes them when the model no longer has them); keys a
//!   user added are kept, after ddgen's;
//! - the body is ddgen's while it is what ddgen last wrote there (its
//!   SHA-256 is recorded in [`BODIES`]); once a user changes it, it is the
//!   user's and every later export keeps it as it is;
//! - files a user added are never touched (`generate::apply` only writes the
//!   paths it is given).

use crate::generate::apply::sha256;
use crate::generate::contracts::yaml::{block, Y};
use crate::generate::{OutFile, Owner};
use std::collections::BTreeMap;
use std::path::Path;

/// Where the SHA-256 of each body ddgen wrote is kept, inside the export.
pub const BODIES: &str = ".ddgen/bodies.json";

/// `---`, the front matter in block style, `---`, then the body.
pub fn document(front: &Y, body: &str) -> String {
    let mut out = String::from("---\n");
    out.push_str(&block(front, 0));
    out.push_str("\n---\n");
    out.push_str(body);
    out
}

/// The front matter (without its `---` lines) and the body of a file; no
/// front matter when the file does not start with one.
pub fn split(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    if let Some(body) = rest.strip_prefix("---\n") {
        return (Some(""), body);
    }
    match rest.find("\n---\n") {
        Some(end) => (Some(&rest[..end + 1]), &rest[end + 5..]),
        None => match rest.strip_suffix("\n---") {
            Some(front) => (Some(front), ""),
            None => (None, text),
        },
    }
}

/// The top-level entries of a front matter: each key with its lines (the
/// key's line, the indented or list lines under it, and comment lines just
/// before it).
fn entries(front: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut pending = String::new();
    for line in front.split_inclusive('\n') {
        let top = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '-' && c != '#');
        if top {
            let key = line
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_string();
            let mut text = std::mem::take(&mut pending);
            text.push_str(line);
            out.push((key, text));
        } else if line.starts_with('#') || line.trim().is_empty() {
            pending.push_str(line);
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(&pending);
            pending.clear();
            last.1.push_str(line);
        }
    }
    out
}

/// `fresh` (what ddgen writes now) laid over `existing` (what is on disk):
/// ddgen's front matter, then the entries of the existing front matter
/// whose keys ddgen never writes (`ddgen_keys`), then the existing body
/// unless `body_is_ddgens`.
pub fn merge(existing: &str, fresh: &str, ddgen_keys: &[&str], body_is_ddgens: bool) -> String {
    let (old_front, old_body) = split(existing);
    let (new_front, new_body) = split(fresh);
    let mut out = String::from("---\n");
    out.push_str(new_front.unwrap_or_default());
    for (key, text) in entries(old_front.unwrap_or_default()) {
        if !ddgen_keys.contains(&key.as_str()) {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&text);
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("---\n");
    out.push_str(if body_is_ddgens { new_body } else { old_body });
    out
}

/// The body of a file ddgen writes, for [`BODIES`].
fn body_hash(text: &str) -> String {
    sha256(split(text).1.as_bytes())
}

/// Lays every Markdown file of `files` over its copy in `dir` by [`merge`],
/// and adds the [`BODIES`] record. A file that does not exist yet is
/// written as ddgen made it.
pub fn reconcile(
    dir: &Path,
    mut files: Vec<OutFile>,
    ddgen_keys: &[&str],
) -> Result<Vec<OutFile>, String> {
    let recorded: BTreeMap<String, String> = match std::fs::read(dir.join(BODIES)) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => BTreeMap::new(),
    };
    let mut record = BTreeMap::new();
    for f in files.iter_mut().filter(|f| f.path.ends_with(".mdx")) {
        let path = dir.join(&f.path);
        let existing = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => std::fs::read(&path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?,
            // Missing, or something `apply` will refuse to write through.
            _ => {
                record.insert(f.path.clone(), body_hash(&f.content));
                continue;
            }
        };
        // Never rewrite what cannot be read back whole.
        let existing = String::from_utf8(existing).map_err(|_| {
            format!(
                "`{}` is not UTF-8 text, so ddgen cannot keep its body; fix or move it",
                path.display()
            )
        })?;
        let ddgens = recorded
            .get(&f.path)
            .is_some_and(|h| *h == body_hash(&existing));
        let merged = merge(&existing, &f.content, ddgen_keys, ddgens);
        let hash = if ddgens {
            body_hash(&f.content)
        } else {
            // The user's body: remember the last one ddgen wrote, so that
            // restoring it hands the body back to ddgen.
            recorded.get(&f.path).cloned().unwrap_or_default()
        };
        record.insert(f.path.clone(), hash);
        f.content = merged;
    }
    let mut json = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
    json.push('\n');
    files.push(OutFile {
        path: BODIES.into(),
        content: json,
        owner: Owner::Ddgen,
        context: None,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["id", "name", "summary", "owners"];

    #[test]
    fn splits_front_matter_and_body() {
        assert_eq!(
            split("---\nid: 1\n---\nbody\n"),
            (Some("id: 1\n"), "body\n")
        );
        assert_eq!(split("---\n---\nbody"), (Some(""), "body"));
        assert_eq!(split("---\nid: 1\n---"), (Some("id: 1"), ""));
        assert_eq!(split("no front matter"), (None, "no front matter"));
        assert_eq!(split("---\nunterminated"), (None, "---\nunterminated"));
    }

    #[test]
    fn documents_round_trip() {
        let front = Y::map()
            .with("id", "A")
            .with("owners", Y::Seq(vec!["T".into()]));
        let text = document(&front, "Hello\n");
        assert_eq!(text, "---\nid: \"A\"\nowners: [\"T\"]\n---\nHello\n");
        assert_eq!(split(&text).1, "Hello\n");
    }

    #[test]
    fn user_keys_and_bodies_survive_a_merge() {
        let existing = "---\nid: \"Old\"\n# my repository\nrepository:\n  url: \"https://x\"\nowners:\n  - \"Gone\"\n---\nMy own words.\n";
        let fresh = "---\nid: \"New\"\nowners: [\"T\"]\n---\nddgen's body\n";
        assert_eq!(
            merge(existing, fresh, KEYS, false),
            "---\nid: \"New\"\nowners: [\"T\"]\n# my repository\nrepository:\n  url: \"https://x\"\n---\nMy own words.\n"
        );
        assert_eq!(
            merge(existing, fresh, KEYS, true),
            "---\nid: \"New\"\nowners: [\"T\"]\n# my repository\nrepository:\n  url: \"https://x\"\n---\nddgen's body\n"
        );
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let fresh = "---\nid: \"New\"\n---\nddgen's body\n";
        assert_eq!(
            merge("just notes\n", fresh, KEYS, false),
            "---\nid: \"New\"\n---\njust notes\n"
        );
    }

    /// Whatever is on disk, a merge keeps ddgen's front matter whole, ends
    /// it properly, and carries the old body over unchanged.
    #[test]
    fn merge_survives_arbitrary_files() {
        let pieces = [
            "---",
            "\n",
            "id: x",
            "repository:",
            "  url: y",
            "- a",
            "# c",
            " ",
            ":",
            "é",
            "\"",
            "---\n",
            "body",
        ];
        let fresh = "---\nid: \"New\"\nowners: [\"T\"]\n---\nnew body\n";
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            let mut existing = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                existing.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let merged = merge(&existing, fresh, KEYS, false);
            assert!(
                merged.starts_with("---\nid: \"New\"\nowners: [\"T\"]\n"),
                "{existing:?} → {merged:?}"
            );
            let (front, body) = split(&merged);
            assert!(front.is_some(), "{existing:?} → {merged:?}");
            assert_eq!(body, split(&existing).1, "{existing:?}");
            // Merging again changes nothing.
            assert_eq!(merge(&merged, fresh, KEYS, false), merged, "{existing:?}");
        }
    }

    #[test]
    fn reconcile_keeps_edited_bodies_across_exports() {
        let dir = tempfile::tempdir().unwrap();
        let out = |body: &str| {
            vec![OutFile {
                path: "a/index.mdx".into(),
                content: format!("---\nid: \"A\"\n---\n{body}"),
                owner: Owner::Ddgen,
                context: None,
            }]
        };
        let write = |files: &[OutFile]| {
            for f in files {
                let p = dir.path().join(&f.path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, &f.content).unwrap();
            }
        };
        // First export: ddgen's body, recorded.
        let first = reconcile(dir.path(), out("one\n"), KEYS).unwrap();
        assert_eq!(first[1].content, "---\nid: \"A\"\n---\none\n");
        write(&first);
        // Untouched: the new body replaces it.
        let second = reconcile(dir.path(), out("two\n"), KEYS).unwrap();
        assert_eq!(second[1].content, "---\nid: \"A\"\n---\ntwo\n");
        write(&second);
        // Edited: kept, now and in every later export.
        std::fs::write(
            dir.path().join("a/index.mdx"),
            "---\nid: \"A\"\n---\nmine\n",
        )
        .unwrap();
        for body in ["three\n", "four\n"] {
            let next = reconcile(dir.path(), out(body), KEYS).unwrap();
            assert_eq!(next[1].content, "---\nid: \"A\"\n---\nmine\n");
            write(&next);
        }
        // Not UTF-8: refused, not rewritten with replacement characters.
        std::fs::write(dir.path().join("a/index.mdx"), b"---\n---\n\xff").unwrap();
        assert!(reconcile(dir.path(), out("x\n"), KEYS)
            .unwrap_err()
            .contains("not UTF-8"));
        std::fs::write(
            dir.path().join("a/index.mdx"),
            "---\nid: \"A\"\n---\nmine\n",
        )
        .unwrap();
        // Restored to what ddgen last wrote: ddgen's again.
        std::fs::write(dir.path().join("a/index.mdx"), "---\nid: \"A\"\n---\ntwo\n").unwrap();
        let back = reconcile(dir.path(), out("five\n"), KEYS).unwrap();
        assert_eq!(back[1].content, "---\nid: \"A\"\n---\nfive\n");
    }
}
