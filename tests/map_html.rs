//! The HTML map: self-contained, and it works in a real browser (headless
//! Chromium driven by `tests/browser/html-check.mjs`).

use ddgen::check::{check_paths, Options};
use ddgen::map::{build, html, MapOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn page(example: &str) -> String {
    let checked = check_paths(
        &[root().join("examples").join(example)],
        &Options::default(),
    )
    .unwrap();
    html::render(&build(
        checked.valid_model().unwrap(),
        &MapOptions::default(),
    ))
}

/// Whether the browser tools are here; under `DDGEN_REQUIRE_TOOLS=1` (CI) their
/// absence fails the test instead of skipping it.
fn browser_available() -> bool {
    let have = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        && root()
            .join("tests/browser/node_modules/playwright-core")
            .exists()
        && Path::new("/usr/bin/chromium").exists();
    if !have {
        assert!(
            std::env::var("DDGEN_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "node, tests/browser/node_modules or chromium missing"
        );
        eprintln!("note: skipping the browser check (run `npm ci --prefix tests/browser` and install chromium)");
    }
    have
}

#[test]
fn page_is_self_contained() {
    for example in ["retail", "insurance.ddd", "clinic.ddd"] {
        let text = page(example);
        for needle in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] {
            assert!(
                !text.contains(needle),
                "{example}: the page must not load `{needle}`"
            );
        }
        assert!(text.contains("Content-Security-Policy"));
        let data_start = text
            .find(r#"<script type="application/json" id="ddgen-data">"#)
            .unwrap();
        let data = &text[data_start..];
        let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
        let v: serde_json::Value = serde_json::from_str(data).expect("embedded data is JSON");
        assert!(!v["contexts"].as_array().unwrap().is_empty());
    }
}

#[test]
fn clicking_a_context_fills_the_panel_in_chromium() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (example, context, query) in [
        ("retail", "Orders", "Pay"),
        ("insurance.ddd", "Claims", "claim"),
        ("clinic.ddd", "Appointments", "Slot"),
    ] {
        let file = dir.path().join(format!("{example}.html"));
        std::fs::write(&file, page(example)).unwrap();
        let shot = std::env::temp_dir().join(format!("ddgen-map-{example}.png"));
        let out = Command::new("node")
            .arg(root().join("tests/browser/html-check.mjs"))
            .args([
                file.as_os_str(),
                context.as_ref(),
                query.as_ref(),
                shot.as_os_str(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{example}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 10_000,
            "a screenshot was taken"
        );
    }
}
