//! One insta snapshot per example of the whole generated tree: every path,
//! its owner and a digest of its content, so any change in any generated
//! file shows up in review (the full text of the clinic example's files is
//! snapshotted by generate_sam.rs, generate_python.rs, generate_contracts.rs).

use ddgen::check::{check_paths, Options};
use ddgen::generate::apply::sha256;
use ddgen::generate::{files, Owner};
use std::path::PathBuf;

fn listing(example: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let checked = check_paths(&[path], &Options::default()).unwrap();
    let model = checked.valid_model().expect("valid example");
    let mut out = String::new();
    for f in files(model) {
        let owner = match f.owner {
            Owner::Ddgen => "ddgen",
            Owner::User => "user ",
        };
        out.push_str(&format!(
            "{owner} {} {}\n",
            &sha256(f.content.as_bytes())[..16],
            f.path
        ));
    }
    out
}

#[test]
fn generated_trees_do_not_change_unnoticed() {
    for example in ["retail", "insurance.ddd", "clinic.ddd"] {
        insta::assert_snapshot!(example.trim_end_matches(".ddd"), listing(example));
    }
}
