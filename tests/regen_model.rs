//! Regeneration scenarios with the real generator, as a team lives them
//! (`docs/generation.md`, "Generation gap" and "Safe evolution"): the user
//! overrides an operation, then the model gains an operation and a field
//! (the tree still passes ruff, mypy --strict and pytest, the user's tests
//! included, without touching user code); an overridden operation leaves the
//! model (G401, at the method's line); a context is renamed (G403 for its
//! stateful resources, nothing of the user's deleted); a deployed table whose
//! key the next generation changes is named (G404); logical ids stay
//! stable across unrelated edits; the user's `extensions.yaml` survives and
//! the templates still pass cfn-lint and checkov.

#[path = "support/gate.rs"]
mod gate;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

fn ddgen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ddgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("DDGEN_CACHE_DIR", dir.join("cache"))
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const DOMAIN: &str = "system Shop\ndomain D { subdomain S : core }\nteam T\n";
const ORDERS: &str = "context Orders {\n implements D.S\n owner T\n id OrderId\n aggregate Order { id: OrderId, total: decimal }\n command PlaceOrder { total: decimal } returns OrderId via http POST \"/orders\" emits OrderPlaced\n event OrderPlaced { order: OrderId, total: decimal }\n}\n";
const AUDIT: &str =
    "context Audit {\n implements D.S\n owner T\n subscribe Orders.OrderPlaced\n}\n";
const CANCEL: &str =
    " command CancelOrder { order: OrderId } via http POST \"/orders/{order}/cancel\"\n";

const SERVICE: &str = "contexts/orders/src/orders/application/service.py";
const USER_TESTS: &str = "contexts/orders/tests/test_application.py";
const EXTENSIONS: &str = "contexts/orders/extensions.yaml";

/// A project folder with the model in `model/`.
fn project(orders: &str, audit: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("model")).unwrap();
    write_model(dir.path(), orders, audit);
    dir
}

fn write_model(dir: &Path, orders: &str, audit: &str) {
    for (name, text) in [
        ("domain.ddd", DOMAIN),
        ("orders.ddd", orders),
        ("audit.ddd", audit),
    ] {
        std::fs::write(dir.join("model").join(name), text).unwrap();
    }
}

fn generate(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["generate", "model", "-o", "out"];
    args.extend_from_slice(extra);
    let o = ddgen(&args, dir);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    o
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join("out").join(rel)).unwrap()
}

/// The user's override of `place_order`: a domain rule, then the default.
const OVERRIDE: &str = r#"

    @override
    def place_order(self, command: PlaceOrder) -> OrderId:
        """Orders above 1000 are refused."""
        if command.total > 1000:
            raise DomainError(422, "too-large", "Orders above 1000 are refused.")
        return super().place_order(command)
"#;

/// The user's own test of the override.
const OWN_TEST: &str = r#"

def test_large_orders_are_refused(cloud: dict[str, str]) -> None:
    """My rule: above 1000 is refused with a DomainError."""
    command = examples.place_order().model_copy(update={"total": Decimal(5000)})
    with pytest.raises(DomainError) as raised:
        Service().place_order(command)
    assert raised.value.status == 422
"#;

/// `service.py` with the override (and its imports) added.
fn with_override(service: &str) -> String {
    let service = service.replace(
        "from .base import BaseService\n",
        "from typing_extensions import override\n\nfrom ..contracts import OrderId, PlaceOrder\nfrom ..errors import DomainError\nfrom .base import BaseService\n",
    );
    format!("{}{OVERRIDE}", service.trim_end())
}

fn with_own_test(tests: &str) -> String {
    let tests = tests.replacen(
        "\nfrom orders.application.base",
        "\nfrom decimal import Decimal\n\nimport pytest\n\nfrom orders.application.base",
        1,
    );
    // The starter imports `examples` only when it has a starter test (a
    // command whose default body runs): add what the own test needs after
    // the last `orders.application` import, in isort's order.
    let tests = if tests.contains("from orders.contracts import examples\n") {
        tests.replace(
            "from orders.contracts import examples\n",
            "from orders.contracts import examples\nfrom orders.errors import DomainError\n",
        )
    } else {
        let mut lines: Vec<String> = tests.lines().map(str::to_string).collect();
        let at = lines
            .iter()
            .rposition(|l| l.starts_with("from orders.application"))
            .expect("the starter imports the service");
        lines.insert(at + 1, "from orders.contracts import examples".into());
        lines.insert(at + 2, "from orders.errors import DomainError".into());
        lines.join("\n") + "\n"
    };
    format!("{}\n{OWN_TEST}", tests.trim_end())
}

/// The `Resources` logical ids of a template as ddgen lays it out.
fn logical_ids(template: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut inside = false;
    for line in template.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            inside = line == "Resources:";
        } else if inside {
            if let Some(id) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
                if !id.starts_with(' ') && !id.starts_with('#') {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    ids
}

#[test]
fn a_new_operation_and_field_work_without_touching_user_code() {
    let p = project(ORDERS, AUDIT);
    generate(p.path(), &[]);
    let out = p.path().join("out");
    // The user overrides an operation and tests the override.
    let service = with_override(&read(p.path(), SERVICE));
    std::fs::write(out.join(SERVICE), &service).unwrap();
    let tests = with_own_test(&read(p.path(), USER_TESTS));
    std::fs::write(out.join(USER_TESTS), &tests).unwrap();

    // The model gains an operation and a required field.
    let orders = ORDERS
        .replace(
            "event OrderPlaced",
            &format!("{}\n event OrderPlaced", CANCEL.trim()),
        )
        .replace(
            "command PlaceOrder { total: decimal }",
            "command PlaceOrder { total: decimal, note: string }",
        );
    write_model(p.path(), &orders, AUDIT);
    let o = generate(p.path(), &[]);
    assert!(!err(&o).contains("warning["), "no findings: {}", err(&o));
    assert_eq!(read(p.path(), SERVICE), service, "user code untouched");
    assert_eq!(read(p.path(), USER_TESTS), tests, "user tests untouched");
    assert!(
        read(p.path(), "contexts/orders/src/orders/application/base.py")
            .contains("    def cancel_order(self, command: CancelOrder) -> None:")
    );
    assert!(read(p.path(), "contexts/orders/src/orders/handlers/api.py")
        .contains("service.cancel_order("));
    assert!(
        read(p.path(), "contexts/orders/src/orders/contracts/examples.py").contains("\"note\"")
    );

    // The tree passes the gate: the route of the new operation runs its
    // default, the user's tests (written before the field) still pass.
    let tools = gate::Tools::find();
    let Some(bin) = &tools.python else { return };
    let cache = p.path().join("mypy-cache");
    if let Err(e) = gate::python(bin, &out, &cache) {
        panic!("the regenerated tree fails its gate:\n{e}");
    }
}

#[test]
fn an_override_of_a_removed_operation_is_reported_at_its_line() {
    let orders = ORDERS.replace(
        "event OrderPlaced",
        &format!("{}\n event OrderPlaced", CANCEL.trim()),
    );
    let p = project(&orders, AUDIT);
    generate(p.path(), &[]);
    let out = p.path().join("out");
    let service = read(p.path(), SERVICE).replace(
        "from .base import BaseService\n",
        "from typing_extensions import override\n\nfrom ..contracts import CancelOrder\nfrom .base import BaseService\n",
    );
    let service = format!(
        "{}\n\n    @override\n    def cancel_order(self, command: CancelOrder) -> None:\n        \"\"\"Mine.\"\"\"\n",
        service.trim_end()
    );
    std::fs::write(out.join(SERVICE), &service).unwrap();
    let line = 1 + service
        .lines()
        .position(|l| l.starts_with("    def cancel_order("))
        .unwrap();

    write_model(p.path(), ORDERS, AUDIT);
    // `--plan` names it and writes nothing; `generate` names it again.
    for extra in [&["--plan"][..], &[]] {
        let o = generate(p.path(), extra);
        let e = err(&o);
        assert!(e.contains("warning[G401]"), "{e}");
        assert!(e.contains("`cancel_order` overrides an operation"), "{e}");
        assert!(
            e.contains(&format!("{SERVICE}:{line}:9")),
            "at line {line}, column 9: {e}"
        );
    }
    assert_eq!(read(p.path(), SERVICE), service, "user code untouched");
    assert!(
        !read(p.path(), "contexts/orders/src/orders/application/base.py").contains("cancel_order")
    );
}

#[test]
fn a_service_module_from_before_the_gap_is_reported() {
    let p = project(ORDERS, AUDIT);
    generate(p.path(), &[]);
    let old = "# mine\n\n\ndef place_order(command: object) -> object:\n    return command\n";
    std::fs::write(p.path().join("out").join(SERVICE), old).unwrap();
    for _ in 0..2 {
        let e = err(&generate(p.path(), &[]));
        assert!(e.contains("warning[G402]"), "{e}");
        assert!(e.contains(&format!("{SERVICE}:4:1")), "{e}");
    }
    assert_eq!(read(p.path(), SERVICE), old);
}

#[test]
fn renaming_a_context_names_its_state_and_keeps_the_users_files() {
    let p = project(ORDERS, AUDIT);
    generate(p.path(), &[]);
    let out = p.path().join("out");
    let kept: Vec<(&str, String)> = [SERVICE, USER_TESTS, EXTENSIONS]
        .iter()
        .map(|rel| (*rel, read(p.path(), rel) + "# edited\n"))
        .collect();
    for (rel, text) in &kept {
        std::fs::write(out.join(rel), text).unwrap();
    }
    write_model(
        p.path(),
        &ORDERS.replace("context Orders", "context Ordering"),
        &AUDIT.replace("Orders.OrderPlaced", "Ordering.OrderPlaced"),
    );
    let plan = generate(p.path(), &["--plan"]);
    for o in [plan, generate(p.path(), &["--prune"])] {
        let e = err(&o);
        for (id, file) in [
            ("Table", "contexts/orders/template.yaml"),
            ("OrdersContext", "template.yaml"),
        ] {
            assert!(
                e.contains(&format!("deploying deletes `{id}`")),
                "{id}: {e}"
            );
            assert!(e.contains(file), "{file}: {e}");
        }
        assert!(
            e.contains("the context `Orders` is no longer in the model"),
            "{e}"
        );
        assert!(e.contains("warning[G403]"), "{e}");
    }
    for (rel, text) in &kept {
        assert_eq!(&read(p.path(), rel), text, "{rel} is kept");
    }
    assert!(out.join("contexts/ordering/extensions.yaml").exists());
}

#[test]
fn logical_ids_stay_stable_across_unrelated_edits() {
    let p = project(ORDERS, AUDIT);
    generate(p.path(), &[]);
    let templates = [
        "template.yaml",
        "messaging/template.yaml",
        "contexts/orders/template.yaml",
        "contexts/audit/template.yaml",
    ];
    let before: Vec<BTreeSet<String>> = templates
        .iter()
        .map(|t| logical_ids(&read(p.path(), t)))
        .collect();
    // Unrelated edits: an operation, a field, a new context with a subscription.
    let orders = ORDERS
        .replace(
            "event OrderPlaced",
            &format!("{}\n event OrderPlaced", CANCEL.trim()),
        )
        .replace(
            "total: decimal }\n command",
            "total: decimal, note: string? }\n command",
        );
    write_model(p.path(), &orders, AUDIT);
    std::fs::write(
        p.path().join("model/billing.ddd"),
        "context Billing {\n implements D.S\n owner T\n subscribe Orders.OrderPlaced\n}\n",
    )
    .unwrap();
    let o = generate(p.path(), &[]);
    assert!(!err(&o).contains("warning["), "{}", err(&o));
    for (t, ids) in templates.iter().zip(&before) {
        let after = logical_ids(&read(p.path(), t));
        let lost: Vec<&String> = ids.difference(&after).collect();
        assert!(lost.is_empty(), "{t} lost {lost:?}");
    }
}

#[test]
fn the_extension_stack_survives_regeneration_and_lints() {
    let p = project(ORDERS, AUDIT);
    generate(p.path(), &[]);
    let out = p.path().join("out");
    let fragment = read(p.path(), EXTENSIONS);
    assert!(
        read(p.path(), "contexts/orders/template.yaml").contains("Location: \"extensions.yaml\"")
    );
    // The user adds an SSM parameter and an alarm, using the parameters.
    let mine = fragment.replace(
        "  Placeholder:\n    Type: AWS::CloudFormation::WaitConditionHandle\n",
        r#"  TableNameParameter:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub "/${ContextName}/table-name"
      Type: String
      Value: !Ref TableName

  TableThrottleAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: !Sub "${ContextName} table throttled"
      Namespace: AWS/DynamoDB
      MetricName: ThrottledRequests
      Dimensions:
        - Name: TableName
          Value: !Ref TableName
      Statistic: Sum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
"#,
    );
    assert_ne!(mine, fragment);
    std::fs::write(out.join(EXTENSIONS), &mine).unwrap();
    let orders = ORDERS.replace(
        "event OrderPlaced",
        &format!("{}\n event OrderPlaced", CANCEL.trim()),
    );
    write_model(p.path(), &orders, AUDIT);
    generate(p.path(), &[]);
    assert_eq!(
        read(p.path(), EXTENSIONS),
        mine,
        "the user's fragment survives"
    );

    let tools = gate::Tools::find();
    let Some(bin) = &tools.lint else { return };
    if let Err(e) = gate::sam(bin, &[out], &p.path().join("work")) {
        panic!("the templates with the user's fragment fail their lint:\n{e}");
    }
}

/// A deployed tree whose table key differs from what `generate` would now
/// write (an earlier ddgen's output: the model cannot change the key) is
/// named at the old template's `Table` before anything is written: G404.
#[test]
fn a_changed_table_key_is_named_as_a_replacement() {
    use sha2::{Digest, Sha256};
    let p = project(ORDERS, AUDIT);
    generate(p.path(), &[]);
    let rel = "contexts/orders/template.yaml";
    let old = read(p.path(), rel);
    let key = "      KeySchema:\n        - AttributeName: pk\n";
    assert!(old.contains(key), "{old}");
    let earlier = old.replace(key, "      KeySchema:\n        - AttributeName: id\n");
    std::fs::write(p.path().join("out").join(rel), &earlier).unwrap();
    // As ddgen left it: the manifest holds the earlier template's digest.
    let manifest = p.path().join("out/.ddgen/manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let digest: String = Sha256::digest(earlier.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    m["files"][rel]["sha256"] = serde_json::Value::String(digest);
    std::fs::write(&manifest, serde_json::to_string_pretty(&m).unwrap()).unwrap();

    let e = err(&generate(p.path(), &["--plan"]));
    assert!(e.contains("warning[G404]"), "{e}");
    assert!(e.contains("deploying replaces `Table`"), "{e}");
    assert!(e.contains("`KeySchema` changes"), "{e}");
    assert!(e.contains(rel), "{e}");
    assert_eq!(read(p.path(), rel), earlier, "--plan writes nothing");
    let e = err(&generate(p.path(), &[]));
    assert!(e.contains("warning[G404]"), "{e}");
    assert_eq!(read(p.path(), rel), old);
}
