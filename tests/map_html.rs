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

/// Where the screenshots go: kept after the run, never committed.
fn artefacts() -> PathBuf {
    let dir = root().join("target").join("map-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check_in_chromium(file: &Path, context: &str, query: &str, name: &str) {
    let shot = artefacts().join(format!("{name}-fit.png"));
    let zoomed = artefacts().join(format!("{name}-zoomed.png"));
    let out = Command::new("node")
        .arg(root().join("tests/browser/html-check.mjs"))
        .args([
            file.as_os_str(),
            context.as_ref(),
            query.as_ref(),
            shot.as_os_str(),
            zoomed.as_os_str(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for s in [&shot, &zoomed] {
        assert!(
            std::fs::metadata(s).unwrap().len() > 10_000,
            "{name}: a screenshot was taken"
        );
    }
}

/// Fit, zoom (wheel and keys), pan (drag and keys), minimap, focus, filter,
/// hover, panel and search, asserted from the DOM (tests/browser/html-check.mjs).
#[test]
fn the_map_fits_zooms_pans_focuses_and_filters_in_chromium() {
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
        check_in_chromium(&file, context, query, example);
    }
}

/// A 100-context landscape (scripts/synth.py 100): screenshots at fit and
/// zoomed in are kept in target/map-artefacts/.
#[test]
fn a_hundred_context_map_works_in_chromium() {
    if !browser_available() {
        return;
    }
    let out = Command::new("python3")
        .arg(root().join("scripts/synth.py"))
        .arg("100")
        .output()
        .expect("python3 runs scripts/synth.py");
    assert!(out.status.success());
    let mut sources = ddgen::source::SourceMap::default();
    sources.add(
        "synth100.ddd".into(),
        String::from_utf8(out.stdout).unwrap(),
    );
    let checked = ddgen::check::check_sources(sources, Vec::new(), &Options::default());
    let text = html::render(&build(
        checked.valid_model().unwrap(),
        &MapOptions::default(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synth100.html");
    std::fs::write(&file, text).unwrap();
    check_in_chromium(&file, "C50", "C5", "synth100");
}
