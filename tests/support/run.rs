//! Running the built `ddgen` binary from a test: in a folder, without colour,
//! and reading what it printed. Included with
//! `#[path = "support/run.rs"] mod run;` by the CLI test files.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `ddgen ARGS` in `dir` with `NO_COLOR` set.
pub fn ddgen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ddgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("ddgen runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
