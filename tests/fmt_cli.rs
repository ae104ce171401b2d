//! `ddgen fmt` as scripts and CI see it: in-place rewrites, `--check`,
//! standard input, files with syntax errors, CRLF files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn ddgen(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ddgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ddgen runs");
    let mut input = child.stdin.take().unwrap();
    // ddgen may exit before reading (a usage error): a closed pipe is fine.
    let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const UGLY: &str = "team  T{contact \"t@x\"}   // owner\ncontext C {\n    id X\n}\n";
const PRETTY: &str = "team T { contact \"t@x\" } // owner\ncontext C {\n  id X\n}\n";

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn check_prints_a_diff_exits_one_and_writes_nothing() {
    let dir = folder(&[("a.ddd", UGLY), ("b.ddd", PRETTY)]);
    let before = std::fs::metadata(dir.path().join("a.ddd"))
        .unwrap()
        .modified()
        .unwrap();
    let o = ddgen(&["fmt", "--check", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let diff = out(&o);
    assert!(diff.contains("--- a.ddd\n+++ a.ddd\n"), "{diff}");
    assert!(
        diff.contains(
            "-team  T{contact \"t@x\"}   // owner\n+team T { contact \"t@x\" } // owner\n"
        ),
        "{diff}"
    );
    assert!(!diff.contains("b.ddd"), "{diff}");
    assert_eq!(read(dir.path(), "a.ddd"), UGLY);
    assert_eq!(
        std::fs::metadata(dir.path().join("a.ddd"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
    assert!(
        err(&o).contains("1 file would be reformatted, 1 file already formatted"),
        "{}",
        err(&o)
    );
}

#[test]
fn check_on_formatted_files_exits_zero_and_prints_nothing() {
    let dir = folder(&[("a.ddd", PRETTY)]);
    let o = ddgen(&["fmt", "--check", "a.ddd"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "");
    assert!(err(&o).contains("0 files would be reformatted, 1 file already formatted"));
}

#[test]
fn rewrites_only_the_files_that_change() {
    let dir = folder(&[("a.ddd", UGLY), ("sub/b.ddd", PRETTY)]);
    let b = dir.path().join("sub/b.ddd");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(&b)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let o = ddgen(&["fmt"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "");
    assert_eq!(read(dir.path(), "a.ddd"), PRETTY);
    assert_eq!(
        std::fs::metadata(&b).unwrap().modified().unwrap(),
        old,
        "unchanged file not written"
    );
    assert!(
        err(&o).contains("1 file formatted, 1 file already formatted"),
        "{}",
        err(&o)
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    // And again: nothing to do.
    let o = ddgen(&["fmt", "--check"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn stdin_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["fmt", "-"][..], &["fmt", "--stdin"][..]] {
        let o = ddgen(args, dir.path(), Some(UGLY));
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert_eq!(out(&o), PRETTY);
    }
    let o = ddgen(&["fmt", "--stdin", "--check"], dir.path(), Some(UGLY));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).starts_with("--- <stdin>\n+++ <stdin>\n"),
        "{}",
        out(&o)
    );
    let o = ddgen(&["fmt", "-", "--check"], dir.path(), Some(PRETTY));
    assert_eq!((o.status.code(), out(&o)), (Some(0), String::new()));
    let o = ddgen(&["fmt", "-", "x.ddd"], dir.path(), Some(PRETTY));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn files_with_syntax_errors_are_left_alone() {
    let broken = "context C {\n  id\n}\n";
    let dir = folder(&[("bad.ddd", broken), ("ok.ddd", UGLY)]);
    let o = ddgen(&["fmt", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(read(dir.path(), "bad.ddd"), broken, "never touched");
    assert_eq!(
        read(dir.path(), "ok.ddd"),
        PRETTY,
        "the others are formatted"
    );
    let e = err(&o);
    assert!(
        e.contains("error[E001]") && e.contains("--> bad.ddd:2:"),
        "{e}"
    );
    assert!(e.contains("1 file not formatted (syntax errors)"), "{e}");
    let o = ddgen(&["fmt", "-"], dir.path(), Some(broken));
    assert_eq!((o.status.code(), out(&o)), (Some(1), String::new()));
    assert!(err(&o).contains("--> <stdin>:2:"), "{}", err(&o));
}

#[test]
fn crlf_files_are_normalised() {
    let crlf = UGLY.replace('\n', "\r\n");
    let dir = folder(&[("a.ddd", &crlf)]);
    let o = ddgen(&["fmt", "a.ddd"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(read(dir.path(), "a.ddd"), PRETTY);
    let only_crlf = PRETTY.replace('\n', "\r\n");
    let dir = folder(&[("a.ddd", &only_crlf)]);
    let o = ddgen(&["fmt", "--check", "a.ddd"], dir.path(), None);
    assert_eq!(o.status.code(), Some(1), "line ends alone are a change");
}

#[test]
fn missing_paths_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = ddgen(&["fmt", "nope.ddd"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    let o = ddgen(&["fmt"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2), "a folder without .ddd files");
}

#[cfg(unix)]
#[test]
fn links_stay_links_and_permissions_stay() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(&[("real/a.ddd", UGLY)]);
    let real = dir.path().join("real/a.ddd");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("models/a.ddd")).unwrap();
    let o = ddgen(&["fmt", "models/a.ddd"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let link = dir.path().join("models/a.ddd");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(read(dir.path(), "real/a.ddd"), PRETTY);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

/// The `--check` output is a real unified diff: `git apply` (outside any
/// repository it works as `patch`) turns the files into the formatted ones.
#[test]
fn check_diffs_apply_with_git_apply() {
    let long = "context C {\n  value V { a: int,\n  b: int }\n  id X\n\n\n\n  id Y\n}\n";
    let dir = folder(&[("a.ddd", UGLY), ("sub/b.ddd", long), ("c.ddd", PRETTY)]);
    let o = ddgen(&["fmt", "--check", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(1));
    let diff = dir.path().join("fmt.diff");
    std::fs::write(&diff, out(&o)).unwrap();
    let applied = Command::new("git")
        .args(["apply", "-p0", "fmt.diff"])
        .current_dir(dir.path())
        .output();
    let Ok(applied) = applied else {
        assert!(
            !std::env::var("DDGEN_REQUIRE_TOOLS").is_ok_and(|v| v == "1"),
            "git is required"
        );
        eprintln!("note: git missing; the diff was not applied");
        return;
    };
    assert!(applied.status.success(), "{}", err(&applied));
    std::fs::remove_file(&diff).unwrap();
    let o = ddgen(&["fmt", "--check", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "after the patch:\n{}", out(&o));
    assert_eq!(read(dir.path(), "a.ddd"), PRETTY);
}
