//! Raw bytes into the parser: it must return a tree and diagnostics, never
//! panic, overflow its stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut diags = Vec::new();
    let _ = ddgen::syntax::parse_file(ddgen::source::FileId(0), &text, &mut diags);
});
