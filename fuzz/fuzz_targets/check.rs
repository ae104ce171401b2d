//! Raw bytes through the whole check (parse, resolve, validate, allows) and
//! every renderer.
#![no_main]

use ddgen::check::{check_sources, Options};
use ddgen::render::{render, Format};
use ddgen::source::SourceMap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sources = SourceMap::default();
    sources.add("fuzz.ddd".into(), String::from_utf8_lossy(data).into_owned());
    let checked = check_sources(sources, Vec::new(), &Options::default());
    for format in [Format::Human, Format::Short, Format::Json, Format::Sarif] {
        let _ = render(format, &checked.sources, &checked.outcome, false);
    }
});
