//! `ddgen generate` as a team uses it: first run, no-op reruns, edits, drift
//! checks, contexts leaving the model, bad output paths.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ddgen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ddgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // The stamp cache lives outside the output; keep each test's apart.
        .env("DDGEN_CACHE_DIR", dir.join("cache"))
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const DOMAIN: &str = "system Shop\ndomain D { subdomain S : core }\nteam T\n";
const ORDERS: &str = "context Orders {\n implements D.S\n owner T\n id OrderId\n aggregate Order { id: OrderId, total: decimal }\n command PlaceOrder { total: decimal } returns OrderId via http POST \"/orders\" emits OrderPlaced\n event OrderPlaced { order: OrderId, total: decimal }\n}\n";
const AUDIT: &str =
    "context Audit {\n implements D.S\n owner T\n subscribe Orders.OrderPlaced\n}\n";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("model")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("model").join(name), text).unwrap();
    }
    dir
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = std::fs::metadata(&p).unwrap();
                all.push((p.clone(), std::fs::read(&p).unwrap(), m.modified().unwrap()));
            }
        }
    }
    all.sort();
    all
}

#[test]
fn generate_then_regenerate_writes_nothing() {
    let p = project(&[
        ("domain.ddd", DOMAIN),
        ("orders.ddd", ORDERS),
        ("audit.ddd", AUDIT),
    ]);
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("created"), "{}", err(&o));
    let generated = p.path().join("generated");
    assert!(generated.join(".ddgen/manifest.json").exists());
    assert!(generated.join("contexts/orders/template.yaml").exists());
    let before = tree(&generated);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(err(&o).contains(" 0 created, 0 updated"), "{}", err(&o));
    assert_eq!(
        tree(&generated),
        before,
        "same bytes, same modification times"
    );
    let o = ddgen(&["generate", "model", "--check"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn output_is_byte_identical_whatever_the_file_order() {
    let p = project(&[
        ("domain.ddd", DOMAIN),
        ("orders.ddd", ORDERS),
        ("audit.ddd", AUDIT),
    ]);
    ddgen(
        &[
            "generate",
            "model/domain.ddd",
            "model/orders.ddd",
            "model/audit.ddd",
            "-o",
            "a",
        ],
        p.path(),
    );
    ddgen(
        &[
            "generate",
            "model/audit.ddd",
            "model/orders.ddd",
            "model/domain.ddd",
            "-o",
            "b",
        ],
        p.path(),
    );
    let strip = |root: &str| -> Vec<(PathBuf, Vec<u8>)> {
        let base = p.path().join(root);
        tree(&base)
            .into_iter()
            .map(|(path, bytes, _)| (path.strip_prefix(&base).unwrap().to_path_buf(), bytes))
            .collect()
    };
    let (a, b) = (strip("a"), strip("b"));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    // A first generation streams files to disk as they render; into an
    // existing (empty) folder it plans and compares first. Same tree.
    std::fs::create_dir(p.path().join("c")).unwrap();
    let o = ddgen(&["generate", "model", "-o", "c"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        strip("c"),
        a,
        "streamed and planned first generations agree"
    );
    for dir in ["a", "c"] {
        let o = ddgen(&["generate", "model", "-o", dir, "--check"], p.path());
        assert_eq!(o.status.code(), Some(0), "{dir}: {}", err(&o));
    }
}

#[test]
fn edited_generated_files_stop_generation_until_forced() {
    let p = project(&[
        ("domain.ddd", DOMAIN),
        ("orders.ddd", ORDERS),
        ("audit.ddd", AUDIT),
    ]);
    ddgen(&["generate", "model"], p.path());
    let api = p
        .path()
        .join("generated/contexts/orders/src/orders/handlers/api.py");
    let mut text = std::fs::read_to_string(&api).unwrap();
    text.push_str("# my hotfix\n");
    std::fs::write(&api, &text).unwrap();
    // A model change that touches the same file.
    let changed = ORDERS.replace("\"/orders\"", "\"/orders/new\"");
    std::fs::write(p.path().join("model/orders.ddd"), changed).unwrap();
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("conflict  contexts/orders/src/orders/handlers/api.py"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("nothing was written"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&api).unwrap(), text);
    let o = ddgen(&["generate", "model", "--check"], p.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("contexts/orders/src/orders/handlers/api.py"));
    let o = ddgen(&["generate", "model", "--force"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!std::fs::read_to_string(&api).unwrap().contains("my hotfix"));
}

/// A rerun with the same model only `stat`s the tree (the stamp cache, kept
/// outside it), but anything that changed a file, even keeping its size, or a
/// run that had something to say, sends it back to comparing contents.
#[test]
fn reruns_skip_rendering_only_while_the_tree_is_untouched() {
    let p = project(&[
        ("domain.ddd", DOMAIN),
        ("orders.ddd", ORDERS),
        ("audit.ddd", AUDIT),
    ]);
    // A cache left inside the output by earlier builds is removed.
    std::fs::create_dir_all(p.path().join("generated/.ddgen")).unwrap();
    std::fs::write(p.path().join("generated/.ddgen/cache.json"), "{}").unwrap();
    ddgen(&["generate", "model"], p.path());
    let generated = p.path().join("generated");
    assert!(!generated.join(".ddgen/cache.json").exists());
    let caches = tree(&p.path().join("cache"));
    assert_eq!(caches.len(), 1, "one cache file per output folder");
    let before = tree(&generated);
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(tree(&generated), before);
    assert_eq!(
        tree(&p.path().join("cache")),
        caches,
        "not even the cache is rewritten"
    );
    let counts = |o: &Output| {
        let e = err(o);
        e[e.find(": ").unwrap()..].to_string()
    };
    let fast = counts(&o);

    // Same size, different bytes: the stamp's time catches it.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let api = generated.join("contexts/orders/src/orders/handlers/api.py");
    let text = std::fs::read_to_string(&api).unwrap();
    let edited = text.replacen("import", "IMPORT", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&api, &edited).unwrap();
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("conflict"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&api).unwrap(), edited);

    // Put back by hand: contents compared, same counts as the fast path,
    // and the cache refreshed so the next run is fast again.
    std::fs::write(&api, &text).unwrap();
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(counts(&o), fast);
    let settled = tree(&generated);
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(tree(&generated), settled);
    assert_eq!(counts(&o), fast);

    // A user module from before the generation gap is named again on every run.
    let service = generated.join("contexts/orders/src/orders/application/service.py");
    std::fs::write(&service, "# mine\n").unwrap();
    for _ in 0..2 {
        let o = ddgen(&["generate", "model"], p.path());
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert!(err(&o).contains("warning[G402]"), "{}", err(&o));
    }
}

#[test]
fn user_code_is_kept_and_new_operations_land_in_the_base() {
    let p = project(&[
        ("domain.ddd", DOMAIN),
        ("orders.ddd", ORDERS),
        ("audit.ddd", AUDIT),
    ]);
    ddgen(&["generate", "model"], p.path());
    let service = p
        .path()
        .join("generated/contexts/orders/src/orders/application/service.py");
    let mut mine = std::fs::read_to_string(&service).unwrap();
    mine.push_str("\n\n# my business rule\n");
    std::fs::write(&service, &mine).unwrap();
    let more = ORDERS.replace(
        "event OrderPlaced",
        "command CancelOrder { order: OrderId } via http POST \"/orders/{order}/cancel\" emits OrderCancelled\n event OrderCancelled { order: OrderId, allow W101 \"later\" }\n event OrderPlaced",
    );
    std::fs::write(p.path().join("model/orders.ddd"), more).unwrap();
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(&service).unwrap(),
        mine,
        "the user's module is untouched"
    );
    assert!(!err(&o).contains("warning["), "{}", err(&o));
    let base = std::fs::read_to_string(service.with_file_name("base.py")).unwrap();
    assert!(base.contains("    def cancel_order(self, "), "{base}");
}

#[test]
fn a_context_leaving_the_model_is_reported_then_pruned() {
    let p = project(&[
        ("domain.ddd", DOMAIN),
        ("orders.ddd", ORDERS),
        ("audit.ddd", AUDIT),
    ]);
    ddgen(&["generate", "model"], p.path());
    std::fs::remove_file(p.path().join("model/audit.ddd")).unwrap();
    let orders = ORDERS.replace(
        "event OrderPlaced {",
        "event OrderPlaced { allow W101 \"no consumer now\",",
    );
    std::fs::write(p.path().join("model/orders.ddd"), orders).unwrap();
    let o = ddgen(&["generate", "model", "--plan"], p.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(
        out(&o).contains("orphan    contexts/audit/template.yaml"),
        "{}",
        out(&o)
    );
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(p
        .path()
        .join("generated/contexts/audit/template.yaml")
        .exists());
    let o = ddgen(&["generate", "model", "--prune"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!p
        .path()
        .join("generated/contexts/audit/template.yaml")
        .exists());
    assert!(
        p.path()
            .join("generated/contexts/audit/src/audit/application/service.py")
            .exists(),
        "user code of a removed context is kept for the user to delete"
    );
}

#[test]
fn bad_output_paths_and_models_write_nothing() {
    let p = project(&[
        ("domain.ddd", DOMAIN),
        ("orders.ddd", ORDERS),
        ("audit.ddd", AUDIT),
    ]);
    std::fs::write(p.path().join("a-file"), "x").unwrap();
    let o = ddgen(&["generate", "model", "-o", "a-file"], p.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("is a file, not a folder"), "{}", err(&o));
    let o = ddgen(&["generate", "model", "-o", "/proc/ddgen-nope"], p.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("left as it was"), "{}", err(&o));
    std::fs::write(
        p.path().join("model/broken.ddd"),
        "context Broken { subscribe Nowhere.Event }\n",
    )
    .unwrap();
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !p.path().join("generated").exists(),
        "nothing is generated from a model with errors"
    );
}

/// Edits the generated `api.py` of the orders context so that its size and
/// modification time stay what ddgen left: (its path, the edited text).
fn edit_keeping_size_and_time(project: &Path) -> (PathBuf, String) {
    let api = project.join("generated/contexts/orders/src/orders/handlers/api.py");
    let text = std::fs::read_to_string(&api).unwrap();
    let modified = std::fs::metadata(&api).unwrap().modified().unwrap();
    let edited = text.replacen("import", "IMPORT", 1);
    std::fs::write(&api, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&api)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    (api, edited)
}

/// The fast path trusts sizes and times alone (the documented limit): an
/// edit that keeps both is not seen while the cache stands, which shows that
/// the rerun only `stat`ed the tree; without the cache contents are compared.
#[test]
fn the_stamp_cache_outside_the_output_is_what_reruns_trust() {
    let p = project(&[("domain.ddd", DOMAIN), ("orders.ddd", ORDERS)]);
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let (api, edited) = edit_keeping_size_and_time(p.path());
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&api).unwrap(), edited);

    std::fs::remove_dir_all(p.path().join("cache")).unwrap();
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("conflict"), "{}", err(&o));
}

/// Another build of ddgen (the same version: a development build, a
/// reinstall) does not trust an earlier build's cache, since its output may
/// differ: with the edit of the test above, a copy of the binary elsewhere
/// compares contents and finds the conflict the original's rerun did not.
#[test]
fn another_build_of_ddgen_does_not_trust_the_cache() {
    let p = project(&[("domain.ddd", DOMAIN), ("orders.ddd", ORDERS)]);
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    edit_keeping_size_and_time(p.path());
    let o = ddgen(&["generate", "model"], p.path());
    assert_eq!(o.status.code(), Some(0), "the same build trusts its cache");

    let other = p.path().join("other-ddgen");
    std::fs::copy(env!("CARGO_BIN_EXE_ddgen"), &other).unwrap();
    let o = Command::new(&other)
        .args(["generate", "model"])
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .env("DDGEN_CACHE_DIR", p.path().join("cache"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("conflict"), "{}", err(&o));
}
