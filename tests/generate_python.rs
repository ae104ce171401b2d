//! The generated Python: for every example model (and a model full of names
//! Python does not allow), the tree passes `ruff check`, `ruff format
//! --check`, `mypy --strict` and `pytest` in `.venv-gen` (see
//! `scripts/setup-tools.sh`; the checks are the shared gate's,
//! `support/gate.rs`). Without the venv these tests skip with a note,
//! unless `DDGEN_REQUIRE_TOOLS=1`, when they fail.
//!
//! Also: snapshots of a few generated files of the clinic, and determinism.

#[path = "support/gate.rs"]
mod gate;

use ddgen::generate::python;
use ddgen::generate::{OutFile, Owner};
use gate::root;
use std::path::{Path, PathBuf};

fn model_files(path: &Path) -> Vec<OutFile> {
    let checked = ddgen::check::check_paths(&[path.to_path_buf()], &Default::default())
        .expect("the model loads");
    let model = checked
        .valid_model()
        .unwrap_or_else(|| panic!("{} is valid", path.display()));
    python::files(model)
}

/// A model whose names Python does not allow as they are: keywords and
/// `str` methods as fields, enum members and path parameters, a field named
/// like its type, a copied type whose name is taken.
const EDGE_MODEL: &str = r#"
/// Names that are not safe in Python, everywhere a name can go.
system Edge { broker sns }

domain D { subdomain S }

/// Keywords as fields, enum values and path parameters.
context Keywords {
  implements S

  id ThingId
  id Serial: int
  /// Variants that are Python keywords or `str` methods.
  enum Kind { class, title, None, mro, _hidden }
  value Money { amount: decimal, Money: string? }
  /// A thing whose fields are all awkward.
  aggregate Thing {
    id: ThingId
    from: string
    class: Kind
    json: json
    model_name: string?
    date: date
    Money: Money?
    datetime: datetime?
    sig: bytes
    import: list<string>
    serial: Serial
  }

  /// "Quoted" docs with a \ backslash and """triple""" quotes.
  command MakeThing { from: string, class: Kind, date: date, sig: bytes, import: list<string> }
    returns ThingId via http POST "/things" emits ThingMade
  query GetThing { id: ThingId } returns Thing via http GET "/things/{id}"
  query FindThings { from: string?, class: Kind?, lambda: int?, def: list<Kind> } returns Money via http GET "/things"
  command Touch { in: ThingId, pass: string } via http PUT "/things/{in}/touch"
  command Drop { from: Serial, class: Kind? } via http DELETE "/serials/{from}"
  command Enqueue { class: Kind, yield: int } via queue

  event ThingMade { id: ThingId, from: string, class: Kind }
}

/// Has its own `Kind`, so the copied one gets another name.
context Other {
  implements S
  store none
  enum Kind { a, b }
  value Wrapper { kind: Kind }

  subscribe Keywords.ThingMade
  calls Keywords.GetThing
  calls Keywords.FindThings
  sends Keywords.Enqueue
}
"#;

/// EventBridge, a context of types only (recursive, named like the names
/// the contracts import) and named like a standard-library module, int ids,
/// results that are lists and primitives, messages without fields.
const STRESS_MODEL: &str = r#"
system Stress { broker eventbridge }

domain D { subdomain S }

/// Only types.
context Types {
  implements S
  /// A tree.
  value Node { label: string, children: list<Node>, parent: Node?, meta: map<Node> }
  enum Envelope { a }
  value Any { x: int }
  value date { when: date }
}

context Ints {
  implements S
  id Num: int
  id Tag: string
  value Money { amount: decimal, tags: map<Money> }
  aggregate Counter { num: Num, value: int, note: string?, self: string?, pk: string, blob: bytes, raw: json, id2: uuid }
  command Create { value: int } returns Num via http POST "/counters" emits Created
  command Bump { num: Num } via http POST "/counters/{num}/bump" emits Bumped
  command Nothing {} via http POST "/nothing"
  query All { tags: list<int>, label: string? } returns list<Counter> via http GET "/counters"
  query Name { num: Num } returns string via http GET "/counters/{num}/name"
  query Free { a: string?, b: string? } returns Money via http GET "/free"
  command Later { num: Num, by: int } via queue emits Bumped
  command Empty {} via queue
  event Created { num: Num, value: int }
  event Bumped { num: Num, value: int }
  subscribe Uses.Used

}

context Uses {
  implements S
  store none
  id UseId
  value Types { n: Types.Node? }
  command Ping { id: UseId, at: datetime, when: date? } returns Types.Node via http PUT "/ping/{id}"
  command Fire { x: Types.Any } via http POST "/fire" emits Used
  event Used { id: UseId, node: Types.Node?, counter: Ints.Num }
  subscribe Ints.Created
  subscribe Ints.Bumped { batch 5, window 2s, retries 2 }
  sends Ints.Later
  sends Ints.Empty
  calls Ints.All
  calls Ints.Name
  calls Ints.Nothing
  calls Ints.Free
}
"#;

fn stress_model_path(dir: &Path) -> PathBuf {
    let path = dir.join("stress.ddd");
    std::fs::write(&path, STRESS_MODEL).unwrap();
    path
}

fn edge_model_path(dir: &Path) -> PathBuf {
    let path = dir.join("edge.ddd");
    std::fs::write(&path, EDGE_MODEL).unwrap();
    path
}

/// Generates `model` into a temporary folder and runs ruff, mypy and pytest
/// on it (`support/gate.rs`). `DDGEN_KEEP=1` keeps the folder (its path is
/// printed).
fn check_with_tools(name: &str, model: &Path) {
    let tools = gate::Tools::find();
    let Some(bin) = &tools.python else { return };
    let files = model_files(model);
    let tmp = tempfile::Builder::new()
        .prefix(&format!("ddgen-py-{name}-"))
        .tempdir()
        .unwrap();
    let dir = tmp.path().to_path_buf();
    gate::write(&files, &dir);
    if std::env::var("DDGEN_KEEP").as_deref() == Ok("1") {
        let kept = tmp.keep();
        eprintln!("kept {}", kept.display());
    }
    if let Err(e) = gate::python(bin, &dir, &dir.join(".mypy_cache")) {
        panic!(
            "{name}: the generated tree in {} fails:\n{e}",
            dir.display()
        );
    }
}

#[test]
fn clinic_passes_ruff_mypy_pytest() {
    check_with_tools("clinic", &root().join("examples/clinic.ddd"));
}

#[test]
fn insurance_passes_ruff_mypy_pytest() {
    check_with_tools("insurance", &root().join("examples/insurance.ddd"));
}

#[test]
fn retail_passes_ruff_mypy_pytest() {
    check_with_tools("retail", &root().join("examples/retail"));
}

#[test]
fn python_unsafe_names_pass_ruff_mypy_pytest() {
    let tmp = tempfile::tempdir().unwrap();
    check_with_tools("edge", &edge_model_path(tmp.path()));
}

#[test]
fn eventbridge_recursion_and_odd_results_pass_ruff_mypy_pytest() {
    let tmp = tempfile::tempdir().unwrap();
    check_with_tools("stress", &stress_model_path(tmp.path()));
}

#[test]
fn unsafe_names_become_safe_python() {
    let tmp = tempfile::tempdir().unwrap();
    let files = model_files(&edge_model_path(tmp.path()));
    let get = |p: &str| {
        files
            .iter()
            .find(|f| f.path == p)
            .unwrap_or_else(|| panic!("{p} is generated"))
            .content
            .clone()
    };
    let types = get("contexts/keywords/src/keywords/contracts/types.py");
    assert!(
        types.contains("    from_: str = Field(\n        alias=\"from\",\n    )"),
        "{types}"
    );
    assert!(types.contains("    class_ = \"class\""), "{types}");
    assert!(types.contains("    title_ = \"title\""), "{types}");
    assert!(types.contains("    date_: date = Field("), "{types}");
    let other = get("contexts/other/src/other/contracts/types.py");
    assert!(other.contains("class KeywordsKind(StrEnum):"), "{other}");
    let api = get("contexts/keywords/src/keywords/handlers/api.py");
    assert!(api.contains("@app.delete(\"/serials/<from_>\")"), "{api}");
    assert!(api.contains("Query(alias=\"lambda\")"), "{api}");

    // A context named like a standard-library module gets another package name.
    let files = model_files(&stress_model_path(tmp.path()));
    assert!(files
        .iter()
        .any(|f| f.path == "contexts/types/src/types_/contracts/types.py"));
}

#[test]
fn every_context_has_its_package_and_user_files() {
    let files = model_files(&root().join("examples/retail"));
    for pkg in ["orders", "legacy_erp", "payments"] {
        let service = format!("contexts/{pkg}/src/{pkg}/application/service.py");
        let f = files
            .iter()
            .find(|f| f.path == service)
            .expect("service.py");
        assert_eq!(f.owner, Owner::User);
        assert!(f
            .content
            .starts_with(&format!("# {}", ddgen::generate::USER_HEADER)));
    }
    for f in &files {
        let first = f.content.lines().next().unwrap_or_default();
        let header = match f.owner {
            Owner::Ddgen => ddgen::generate::OWNED_HEADER,
            Owner::User => ddgen::generate::USER_HEADER,
        };
        assert_eq!(first, format!("# {header}"), "{}", f.path);
    }
    assert!(files.iter().any(|f| f.path == "tests/test_flows.py"));
    assert!(files
        .iter()
        .any(|f| f.path == "contexts/orders/src/orders/handlers/on_payments_payment_captured.py"));
    assert!(files
        .iter()
        .any(|f| f.path == "contexts/legacy_erp/src/legacy_erp/handlers/cmd_export_ledger.py"));
}

#[test]
fn generation_is_deterministic() {
    for model in [
        "examples/clinic.ddd",
        "examples/insurance.ddd",
        "examples/retail",
    ] {
        let a = model_files(&root().join(model));
        let b = model_files(&root().join(model));
        assert_eq!(a, b, "{model}");
    }
}

#[test]
fn clinic_snapshots() {
    let files = model_files(&root().join("examples/clinic.ddd"));
    for path in [
        "contexts/billing/src/billing/contracts/types.py",
        "contexts/appointments/src/appointments/handlers/api.py",
        "contexts/appointments/src/appointments/application/service.py",
        "contexts/appointments/src/appointments/application/base.py",
        "contexts/billing/src/billing/handlers/on_appointments_appointment_attended.py",
        "contexts/patients/src/patients/adapters/publisher.py",
        "contexts/appointments/src/appointments/adapters/clients.py",
    ] {
        let f = files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path}"));
        let name = format!(
            "clinic__{}",
            path.trim_start_matches("contexts/").replace('/', "__")
        );
        insta::assert_snapshot!(name, f.content);
    }
}
