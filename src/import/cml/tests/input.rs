//! What the input can do wrong or oddly: constructs without counterpart,
//! syntax errors, encodings, keywords, imports, determinism, explain texts.

use super::*;

#[test]
fn constructs_without_counterpart_are_noted_where_they_are() {
    let i = import_text(
        "BoundedContext A {\n Module m {\n  Aggregate X {\n   Entity X { aggregateRoot }\n   Repository XRepository { @X find(); }\n  }\n }\n}\nUseCase U { actor \"clerk\" }\nUserStory S\nStakeholders of A { Stakeholder B }\nValueRegister V for A { Value W }\n",
    );
    let l = located(&i);
    for at in [
        "I202 2:9",
        "I202 5:4",
        "I202 9:1",
        "I202 10:1",
        "I202 11:1",
        "I202 12:1",
    ] {
        assert!(l.contains(&at.to_string()), "{at} in {l:?}");
    }
    assert!(!i.syntax_errors);
    assert!(
        ctx(&i, "A").types.iter().any(|t| t.name.name == "X"),
        "the module's aggregate is imported"
    );
}

#[test]
fn syntax_errors_have_locations_and_stop_the_import() {
    let cases = [
        ("BoundedContext A {\n", "I201 1:18"),
        ("BoundedContext A }\n", "I201 1:18"),
        ("ContextMap M {\n  A => B\n}\n", "I201 2:3"),
        ("BoundedContext A\n%%% what\n", "I201 2:1"),
        ("BoundedContext A { type \"x }\n", "I201 1:25"),
        ("/* open\nBoundedContext A\n", "I201 1:1"),
    ];
    for (text, want) in cases {
        let i = import_text(text);
        assert!(i.syntax_errors, "{text}");
        assert!(
            located(&i).contains(&want.to_string()),
            "{text}: {:?}",
            located(&i)
        );
        assert!(
            i.trees.iter().all(|t| t.contexts.is_empty()),
            "nothing lowered"
        );
    }
}

#[test]
fn not_utf8_is_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.cml");
    std::fs::write(&p, b"BoundedContext A \xff\n").unwrap();
    let mut diags = Vec::new();
    let sources = crate::load::read_files(&[p], &mut diags).unwrap();
    let i = import(sources, diags);
    assert!(i.syntax_errors);
    assert!(has(&i, Code::I201));
}

/// The explanation of each I2xx code: its CML example shows the code, and
/// the fixed example does not (nor any error).
#[test]
fn explain_examples_show_their_code() {
    let mut failures = Vec::new();
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with('I')) {
        let text = crate::explain::text(*code);
        let blocks: Vec<&str> = text
            .split("```cml\n")
            .skip(1)
            .map(|b| &b[..b.find("```").unwrap_or(b.len())])
            .collect();
        let [bad, .., good] = blocks.as_slice() else {
            failures.push(format!("{code}: needs a bad and a fixed example"));
            continue;
        };
        let bad = import_text(bad);
        let good = import_text(good);
        if !has(&bad, *code) {
            failures.push(format!("{code}: example gives {:?}", located(&bad)));
        }
        if has(&good, *code) || !errors(&good).is_empty() {
            failures.push(format!("{code}: fixed example gives {:?}", located(&good)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn import_twice_is_byte_identical() {
    let text = "ContextMap M {\n contains A, B\n A [U,OHS]->[D,ACL] B\n}\n// note\nBoundedContext A { Aggregate X { Entity X { aggregateRoot String n } } }\nBoundedContext B\n";
    let a = print(&import_text(text));
    let b = print(&import_text(text));
    assert_eq!(a, b);
    assert!(a[0].contains("// note"), "comments carried: {}", a[0]);
}

#[test]
fn keywords_of_ddgen_and_duplicates_inside_a_declaration() {
    let d = import_text("BoundedContext A {\n Aggregate X {\n  Entity X { aggregateRoot }\n  DomainEvent returns\n }\n}\n");
    assert!(ctx(&d, "A")
        .messages
        .iter()
        .any(|m| m.name.name == "returnsEvent"));
    assert!(
        located(&d).contains(&"I207 4:15".to_string()),
        "{:?}",
        located(&d)
    );
    let i = import_text("BoundedContext A {\n Aggregate X {\n  Entity X { aggregateRoot\n   emits e\n   String n\n   int n }\n  enum S { ON, OFF, ON }\n  Service V { void go(String a, int a); }\n }\n}\n");
    let c = ctx(&i, "A");
    assert!(
        c.types.iter().any(|t| t.name.name == "emitsType"),
        "a type named like a keyword is renamed"
    );
    for at in ["I206 4:4", "I202 6:4", "I202 7:21", "I202 8:37"] {
        assert!(
            located(&i).contains(&at.to_string()),
            "{at}: {:?}",
            located(&i)
        );
    }
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
    let printed = print(&i).remove(0);
    assert!(crate::fmt::format_source(&printed).is_ok(), "{printed}");
}

#[test]
fn imports_are_followed_only_by_naming_the_file() {
    let alone = import_text("import \"./other.cml\"\nBoundedContext A\n");
    assert!(
        located(&alone).contains(&"I202 1:8".to_string()),
        "{:?}",
        located(&alone)
    );
    let mut sources = SourceMap::default();
    sources.add("dir/main.cml".into(), "import \"./other.cml\"\nBoundedContext A {\n Aggregate X { Entity X { aggregateRoot\n - Y y } }\n}\n".into());
    sources.add(
        "dir/other.cml".into(),
        "BoundedContext B {\n Aggregate Y { Entity Y { aggregateRoot } }\n}\n".into(),
    );
    let both = import(sources, Vec::new());
    assert!(!has(&both, Code::I202), "{:?}", located(&both));
    // A type of the other file is a reference across contexts and files.
    assert_eq!(ty(&ctx(&both, "A").types[1].fields[1].ty), "B.YId");
    assert_eq!(
        both.trees[1].contexts[0].name.name, "B",
        "each file's declarations stay in its tree"
    );
}

#[test]
fn http_paths_stay_unique_when_names_spell_alike() {
    let i = import_text("BoundedContext A {\n Aggregate X {\n  CommandEvent Get_X\n  Service S { void getX(String q); }\n }\n}\n");
    let paths: Vec<String> = ctx(&i, "A")
        .messages
        .iter()
        .filter_map(|m| match &m.via.as_ref()?.value {
            Via::Http { path, .. } => Some(path.value.clone()),
            Via::Queue => None,
        })
        .collect();
    // `getX` would be `GetX`, one generated name with `Get_X` (E017), so it
    // is claimed as `GetXCommand` instead.
    assert_eq!(paths, ["/a/get-x", "/a/get-x-command"]);
    assert!(errors(&i).is_empty(), "{:?}", errors(&i));
}
