//! The layout pass on the shapes the generator writes.

use super::*;

fn long(n: usize) -> String {
    "a".repeat(n)
}

#[test]
fn short_lines_and_strings_stay() {
    let text = "x = 1\n\"\"\"\nA docstring line that is long, long, long, long, long, long, long, long, long, long, long.\n\"\"\"\n";
    assert_eq!(wrap_long_lines(text), text);
}

#[test]
fn calls_split_at_their_last_bracket() {
    let n = long(60);
    let text = format!("    monkeypatch.setattr(service, \"{n}\", spy)\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!("    monkeypatch.setattr(\n        service, \"{n}\", spy\n    )\n")
    );
}

#[test]
fn collections_explode_with_a_trailing_comma() {
    let n = long(40);
    let text = format!("    value = {{\"{n}\": 1, \"{n}\": 2}}\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!("    value = {{\n        \"{n}\": 1,\n        \"{n}\": 2,\n    }}\n")
    );
}

#[test]
fn comparisons_get_parentheses_and_atoms_only_when_they_fit() {
    let n = long(30);
    let text = format!("    assert {n}.model_validate_json(text) == {n}\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!("    assert (\n        {n}.model_validate_json(text) == {n}\n    )\n")
    );
    let text = format!("    some_variable = \"{}\"\n", long(85));
    assert_eq!(
        wrap_long_lines(&text),
        format!("    some_variable = (\n        \"{}\"\n    )\n", long(85))
    );
    let text = format!("    x = \"{}\"\n", long(100));
    assert_eq!(wrap_long_lines(&text), text);
}

#[test]
fn long_comparisons_split_at_the_operator() {
    let n = long(45);
    let text = format!("    assert {n}.model_validate_json(text) == {n}\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!("    assert (\n        {n}.model_validate_json(text)\n        == {n}\n    )\n")
    );
}

#[test]
fn a_short_value_after_a_long_target_splits_the_target() {
    let n = long(90);
    let text = format!("        out[\"queues\"][\"{n}\"] = url\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!("        out[\"queues\"][\n            \"{n}\"\n        ] = url\n")
    );
}

/// Ruff's boundary, measured with ruff 0.17.6: at 8 spaces, `out["queues"]["` and
/// a 71-character key end `= (` at column 100 and ruff parenthesizes the value;
/// one more character and it splits the target (seeds 29, 30, 31, 37, 53, 66).
#[test]
fn a_short_value_after_a_target_that_fits_goes_in_parentheses() {
    for (n, flat) in [(69, true), (70, false), (71, false)] {
        let k = long(n);
        let text = format!("        out[\"queues\"][\"{k}\"] = url\n");
        let want = if flat {
            text.clone()
        } else {
            format!("        out[\"queues\"][\"{k}\"] = (\n            url\n        )\n")
        };
        assert_eq!(wrap_long_lines(&text), want, "key of {n}");
    }
    let k = long(72);
    assert_eq!(
        wrap_long_lines(&format!("        out[\"queues\"][\"{k}\"] = url\n")),
        format!("        out[\"queues\"][\n            \"{k}\"\n        ] = url\n")
    );
}

#[test]
fn one_operator_before_a_closing_call_keeps_no_parentheses() {
    let n = long(60);
    let text = format!("        self.http = http or HttpClient(os.environ[\"{n}\"])\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!(
            "        self.http = http or HttpClient(\n            os.environ[\"{n}\"]\n        )\n"
        )
    );
}

#[test]
fn an_empty_value_after_a_long_annotation_splits_the_annotation() {
    let n = long(90);
    let text = format!("    seen: list[pkg.contracts.{n}] = []\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!("    seen: list[\n        pkg.contracts.{n}\n    ] = []\n")
    );
}

#[test]
fn an_exploded_call_with_a_long_head_gets_parentheses() {
    let n = long(76);
    let text = format!(
        "    response = pkg.{n}.handler(\n        event,\n        context,\n    )\n    x = 1\n"
    );
    assert_eq!(
        wrap_long_lines(&text),
        format!("    response = (\n        pkg.{n}.handler(\n            event,\n            context,\n        )\n    )\n    x = 1\n")
    );
    // When the parentheses would not make it fit, ruff leaves it.
    let text = text.replace(&n, &long(90));
    assert_eq!(wrap_long_lines(&text), text);
}

#[test]
fn comprehensions_split_before_for() {
    let n = long(60);
    let text = format!(
        "    seen = [\n        {n}.model_validate_json(m[\"Body\"]) for m in messages\n    ]\n"
    );
    assert_eq!(
        wrap_long_lines(&text),
        format!("    seen = [\n        {n}.model_validate_json(m[\"Body\"])\n        for m in messages\n    ]\n")
    );
}

#[test]
fn defs_split_at_their_parameters() {
    let n = long(50);
    let text = format!("def {n}(envelope: Envelope, event: {n}) -> None:\n");
    assert_eq!(
        wrap_long_lines(&text),
        format!("def {n}(\n    envelope: Envelope,\n    event: {n},\n) -> None:\n")
    );
}

/// Measured with ruff 0.17.6 (the random gate's `long-names` model): a def
/// without parameters and a long return annotation parenthesizes the annotation.
#[test]
fn a_long_return_annotation_of_an_empty_def_goes_in_parentheses() {
    let t = format!("A{}", long(90));
    assert_eq!(
        wrap_long_lines(&format!("def make() -> {t}:\n")),
        format!("def make() -> (\n    {t}\n):\n")
    );
}
