//! Regeneration never loses work: the engine of `ddgen generate` over
//! synthetic file sets (the real generator is tested in generate_*.rs).

use ddgen::generate::apply::{apply, plan, Action, Options, MANIFEST};
use ddgen::generate::{OutFile, Owner};
use std::path::Path;

fn owned(path: &str, content: &str) -> OutFile {
    OutFile {
        path: path.into(),
        content: content.into(),
        owner: Owner::Ddgen,
        context: Some("Orders".into()),
    }
}

fn user(path: &str, content: &str) -> OutFile {
    OutFile {
        path: path.into(),
        content: content.into(),
        owner: Owner::User,
        context: Some("Orders".into()),
    }
}

const SERVICE_V1: &str = "# yours\n\n\ndef place_order(x: int) -> int:\n    return x\n";

fn v1() -> Vec<OutFile> {
    vec![
        owned("README.md", "readme v1\n"),
        owned("contexts/orders/src/orders/handlers/api.py", "api v1\n"),
        owned(
            "contexts/orders/src/orders/handlers/on_payments_paid.py",
            "consumer\n",
        ),
        user(
            "contexts/orders/src/orders/application/service.py",
            SERVICE_V1,
        ),
    ]
}

fn generate<'a>(
    dir: &Path,
    files: &'a [OutFile],
    options: Options,
) -> ddgen::generate::apply::Plan<'a> {
    let p = plan(dir, files, "python-sam", options).expect("plan");
    apply(&p, None).expect("apply");
    p
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Every file below `dir` with its content, to compare trees.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn first_generation_creates_everything_and_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let files = v1();
    let p = generate(dir.path(), &files, Options::default());
    assert_eq!(p.count(Action::Create), 4);
    let manifest: serde_json::Value = serde_json::from_str(&read(dir.path(), MANIFEST)).unwrap();
    assert_eq!(manifest["files"]["README.md"]["owner"], "ddgen");
    assert_eq!(
        manifest["files"]["contexts/orders/src/orders/application/service.py"]["owner"],
        "user"
    );
}

#[test]
fn a_second_run_writes_nothing_and_keeps_mtimes() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &v1(), Options::default());
    let before: Vec<_> = ["README.md", MANIFEST]
        .iter()
        .map(|p| {
            std::fs::metadata(dir.path().join(p))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let files = v1();
    let p = plan(dir.path(), &files, "python-sam", Options::default()).unwrap();
    assert!(p.is_noop());
    assert_eq!(apply(&p, None).unwrap(), 0);
    let after: Vec<_> = ["README.md", MANIFEST]
        .iter()
        .map(|p| {
            std::fs::metadata(dir.path().join(p))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    assert_eq!(before, after);
}

#[test]
fn user_files_survive_regeneration() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &v1(), Options::default());
    let mine = "# my business logic\n\n\ndef place_order(x: int) -> int:\n    return 2 * x\n";
    std::fs::write(
        dir.path()
            .join("contexts/orders/src/orders/application/service.py"),
        mine,
    )
    .unwrap();
    let mut files = v1();
    files[0].content = "readme v2\n".into();
    let p = generate(
        dir.path(),
        &files,
        Options {
            force: true,
            prune: true,
            ..Default::default()
        },
    );
    assert_eq!(
        read(
            dir.path(),
            "contexts/orders/src/orders/application/service.py"
        ),
        mine,
        "even --force --prune keep user files"
    );
    assert_eq!(read(dir.path(), "README.md"), "readme v2\n");
    assert!(p.changes.iter().any(|c| c.action == Action::Keep));
}

#[test]
fn an_edited_owned_file_is_a_conflict_until_forced() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &v1(), Options::default());
    std::fs::write(
        dir.path()
            .join("contexts/orders/src/orders/handlers/api.py"),
        "api v1 + my hotfix\n",
    )
    .unwrap();
    let mut files = v1();
    files[1].content = "api v2\n".into();
    files[0].content = "readme v2\n".into();
    let p = plan(dir.path(), &files, "python-sam", Options::default()).unwrap();
    let conflicts: Vec<&str> = p.conflicts().map(|c| c.path.as_str()).collect();
    assert_eq!(conflicts, ["contexts/orders/src/orders/handlers/api.py"]);
    assert!(apply(&p, None).is_err());
    assert_eq!(
        read(dir.path(), "contexts/orders/src/orders/handlers/api.py"),
        "api v1 + my hotfix\n"
    );
    assert_eq!(
        read(dir.path(), "README.md"),
        "readme v1\n",
        "a refused generation writes nothing at all"
    );
    generate(
        dir.path(),
        &files,
        Options {
            force: true,
            prune: false,
            ..Default::default()
        },
    );
    assert_eq!(
        read(dir.path(), "contexts/orders/src/orders/handlers/api.py"),
        "api v2\n"
    );
}

#[test]
fn a_file_ddgen_did_not_write_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "the team's own readme\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "unrelated\n").unwrap();
    let files = v1();
    let p = plan(dir.path(), &files, "python-sam", Options::default()).unwrap();
    assert_eq!(p.conflicts().count(), 1);
    assert!(apply(&p, None).is_err());
    let files: Vec<_> = v1().into_iter().filter(|f| f.path != "README.md").collect();
    generate(dir.path(), &files, Options::default());
    assert_eq!(read(dir.path(), "README.md"), "the team's own readme\n");
    assert_eq!(
        read(dir.path(), "notes.txt"),
        "unrelated\n",
        "unrelated files are left alone"
    );
}

#[test]
fn removed_context_files_are_orphans_until_pruned() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &v1(), Options::default());
    let without: Vec<OutFile> = v1().into_iter().filter(|f| f.path == "README.md").collect();
    let p = generate(dir.path(), &without, Options::default());
    let orphans: Vec<&str> = p
        .changes
        .iter()
        .filter(|c| c.action == Action::Orphan)
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(orphans.len(), 3);
    assert!(
        dir.path()
            .join("contexts/orders/src/orders/handlers/api.py")
            .exists(),
        "orphans stay without --prune"
    );
    let p = generate(
        dir.path(),
        &without,
        Options {
            force: false,
            prune: true,
            ..Default::default()
        },
    );
    assert_eq!(p.count(Action::Remove), 2);
    assert!(
        !dir.path()
            .join("contexts/orders/src/orders/handlers")
            .exists(),
        "pruned, with the emptied folder"
    );
    assert!(
        dir.path()
            .join("contexts/orders/src/orders/application/service.py")
            .exists(),
        "user files are never pruned"
    );
    let p = plan(
        dir.path(),
        &without,
        "python-sam",
        Options {
            force: false,
            prune: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        p.count(Action::Orphan),
        1,
        "the kept user file is still reported"
    );
}

#[test]
fn a_renamed_message_replaces_its_handler() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &v1(), Options::default());
    let mut files = v1();
    files[2] = owned(
        "contexts/orders/src/orders/handlers/on_payments_captured.py",
        "consumer\n",
    );
    let p = generate(
        dir.path(),
        &files,
        Options {
            force: false,
            prune: true,
            ..Default::default()
        },
    );
    assert_eq!(p.count(Action::Create), 1);
    assert_eq!(p.count(Action::Remove), 1);
    assert!(!dir
        .path()
        .join("contexts/orders/src/orders/handlers/on_payments_paid.py")
        .exists());
}

#[test]
fn a_user_module_is_kept_and_an_override_of_a_removed_operation_is_found() {
    const BASE: &str = "contexts/orders/src/orders/application/base.py";
    const SERVICE: &str = "contexts/orders/src/orders/application/service.py";
    let base = |methods: &[&str]| {
        let mut text = String::from("# owned\n\n\nclass BaseService:\n    \"\"\"Defaults.\"\"\"\n");
        for m in methods {
            text.push_str(&format!(
                "\n    def {m}(self) -> None:\n        return None\n"
            ));
        }
        text
    };
    let service = "# yours\nfrom .base import BaseService\n\n\nclass Service(BaseService):\n    def place_order(self) -> None:\n        return None\n\n    def cancel_order(self) -> None:\n        return None\n\n    def _helper(self) -> None:\n        return None\n";
    let dir = tempfile::tempdir().unwrap();
    let v1 = vec![
        owned(BASE, &base(&["place_order", "cancel_order"])),
        user(SERVICE, service),
    ];
    let p = generate(dir.path(), &v1, Options::default());
    assert!(p.findings.is_empty());
    // The model drops CancelOrder: the base loses it, the override is found
    // at its line, the user's module is kept as it is.
    let v2 = vec![
        owned(BASE, &base(&["place_order"])),
        user(SERVICE, "# new\n"),
    ];
    let p = generate(dir.path(), &v2, Options::default());
    assert_eq!(read(dir.path(), SERVICE), service);
    let found: Vec<String> = p
        .findings
        .diagnostics
        .iter()
        .map(|d| ddgen::render::short(&p.findings.sources, d))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].ends_with(&format!(
            "{SERVICE}:9:9: warning[G401]: `cancel_order` overrides an operation that is no longer in the model"
        )),
        "{found:?}"
    );
}

#[test]
fn a_failure_midway_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &v1(), Options::default());
    let before = snapshot(dir.path());
    let mut files = v1();
    for f in &mut files {
        f.content.push_str("changed\n");
    }
    files.push(owned(
        "contexts/orders/src/orders/new/deep/module.py",
        "new\n",
    ));
    // Force, since the user file is unchanged anyway; fail after 2 renames.
    let p = plan(
        dir.path(),
        &files,
        "python-sam",
        Options {
            force: true,
            prune: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(apply(&p, Some(2)).is_err());
    assert_eq!(
        snapshot(dir.path()),
        before,
        "no file changed, none added, no temporary left"
    );
    assert!(!dir.path().join("contexts/orders/src/orders/new").exists());
}

#[test]
fn links_and_files_in_the_way_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("contexts")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("contexts/orders")).unwrap();
    let err = plan(dir.path(), &v1(), "python-sam", Options::default())
        .err()
        .unwrap();
    assert!(err.0.contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "nothing written through the link"
    );

    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = plan(&file, &v1(), "python-sam", Options::default())
        .err()
        .unwrap();
    assert!(err.0.contains("is a file, not a folder"), "{err}");

    let files = v1();
    let p = plan(
        Path::new("/proc/ddgen-cannot-write-here"),
        &files,
        "python-sam",
        Options::default(),
    )
    .unwrap();
    assert!(apply(&p, None).is_err());
}

/// A first generation writes into a hidden sibling folder and renames it into
/// place: a failure part-way leaves neither the folder nor the hidden one.
#[test]
fn a_failed_first_generation_leaves_no_folder() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("nested/generated");
    for fail_after in [0, 2, 4] {
        let files = v1();
        let p = plan(&out, &files, "python-sam", Options::default()).unwrap();
        assert!(apply(&p, Some(fail_after)).is_err());
        assert!(!out.exists());
        assert!(
            !parent.path().join("nested").exists(),
            "created parents removed"
        );
    }
    let files = v1();
    let p = plan(&out, &files, "python-sam", Options::default()).unwrap();
    assert_eq!(apply(&p, None).unwrap(), files.len());
    assert_eq!(read(&out, "README.md"), "readme v1\n");
    let left: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["generated"], "no hidden folder left beside it");
}

/// A streamed first generation (files written as they render) that fails
/// part-way, here on a path written twice, leaves nothing behind; finished,
/// its manifest records every file.
#[test]
fn a_failed_streamed_generation_leaves_no_folder() {
    use ddgen::generate::fresh::FreshTree;
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("nested/generated");
    {
        let tree = FreshTree::start(&out).unwrap().expect("nothing there yet");
        tree.write(v1()).expect("first write");
        assert!(tree.write(vec![owned("README.md", "again\n")]).is_err());
        assert!(tree.write(vec![owned("a/../b", "x\n")]).is_err());
    }
    assert!(!parent.path().join("nested").exists(), "all of it removed");

    let tree = FreshTree::start(&out).unwrap().unwrap();
    let written = tree.write(v1()).unwrap();
    assert_eq!(
        tree.finish(written, "python-sam", None).unwrap(),
        v1().len()
    );
    assert_eq!(read(&out, "README.md"), "readme v1\n");
    assert!(
        FreshTree::start(&out).unwrap().is_none(),
        "the folder exists now"
    );
    // The manifest is the one planning would have written.
    let files = v1();
    let p = plan(&out, &files, "python-sam", Options::default()).unwrap();
    assert!(p.is_noop(), "{:?}", p.changes);
    let left: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["generated"], "no hidden folder left beside it");
}
