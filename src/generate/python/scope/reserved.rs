//! The names a generated class never takes: what the modules that import
//! the contracts also bind (their other imports, the builtins annotations
//! use) and the lower-case names they use as parameters and variables.

/// Names every contracts module binds besides its classes, and the builtins
/// its annotations use (a field `list: list[str]` would make later
/// annotations in the class body name the field), and the error class the
/// handlers import beside the contracts.
pub(super) const CONTRACT_MODULE_NAMES: &[&str] = &[
    "Any",
    "BaseModel",
    "NotFoundError",
    "bool",
    "bytes",
    "dict",
    "float",
    "int",
    "list",
    "str",
    "BridgeEvent",
    "ClassVar",
    "CommandEnvelope",
    "ConfigDict",
    "ContractModel",
    "Decimal",
    "Envelope",
    "BaseService",
    "DomainError",
    "Service",
    "Field",
    "ItemTooLargeError",
    "JsonValue",
    "NewType",
    "StrEnum",
    "UUID",
    "date",
    "datetime",
    // What the outbox, the repositories and their tests import beside the contracts.
    "AttributeValueTypeDef",
    "Callable",
    "ClientError",
    "PartialItemFailureResponse",
    "Sequence",
    "TYPE_CHECKING",
    "TransactWriteItemTypeDef",
    "LoggedBatchProcessor",
    "Mock",
    // Everything else a generated module imports beside the contracts (the
    // handlers, adapters, tests, the dev server): a class named like one
    // would shadow it or be shadowed (`Annotated` beside `typing.Annotated`,
    // soak seed 47). `every_imported_name_is_reserved` keeps this complete.
    "APIGatewayRestResolver",
    "AWSRequest",
    "Annotated",
    "BaseHTTPRequestHandler",
    "BatchProcessor",
    "Config",
    "ContextVar",
    "DynamoDBRecord",
    "DynamoDBRecordEventName",
    "Enum",
    "EventType",
    "ExceptionInfo",
    "FailureResponse",
    "IdempotencyAlreadyInProgressError",
    "IdempotencyValidationError",
    "Iterator",
    "LambdaContext",
    "Logger",
    "Mapping",
    "MetricUnit",
    "Metrics",
    "MutableMapping",
    "NextMiddleware",
    "ParamSpec",
    "Path",
    "PublishedEvent",
    "Query",
    "RequestUnsupportedContentType",
    "RequestValidationError",
    "Response",
    "SQSClient",
    "SQSRecord",
    "SigV4Auth",
    "ThreadedMotoServer",
    "ThreadingHTTPServer",
    "Tracer",
    "TypeAdapter",
    "TypeVar",
    "UTC",
];

/// Lower-case names the generated modules use as parameters, variables or
/// modules; a class never takes one of them.
pub(super) const CODE_NAMES: &[&str] = &[
    "agg",
    "app",
    "aws",
    "body",
    "command",
    "envelope",
    "event",
    "handler",
    "logger",
    "outbox",
    "processor",
    "publisher",
    "query",
    "record",
    "repo",
    "repository",
    "result",
    "senders",
    "service",
    "clients",
    "deadline",
    "idempotency",
    "limits",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every capitalized name a generated module imports from elsewhere than
    /// the contracts, as the generator writes it (`.name("module", "Name")`
    /// in `src/generate/python`, `from module import Name` in
    /// `templates/python`), is reserved: a new import cannot make a model's
    /// type shadow it.
    #[test]
    fn every_imported_name_is_reserved() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![
            root.join("src/generate/python"),
            root.join("templates/python"),
        ];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs" || x == "py")
                    && !p.ends_with("scope/reserved.rs")
                {
                    files.push(p);
                }
            }
        }
        let mut missing = std::collections::BTreeSet::new();
        let mut seen = 0;
        let capitalized = |n: &str| n.starts_with(|c: char| c.is_ascii_uppercase());
        let ident =
            |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            if f.extension().is_some_and(|x| x == "rs") {
                // `.name("module", "Name")`, the module not the contracts.
                for part in text.split(".name(").skip(1) {
                    let args: Vec<&str> = part.splitn(5, '"').collect();
                    if args.len() < 5 || args[2].trim() != "," {
                        continue;
                    }
                    let (module, name) = (args[1], args[3]);
                    if module.ends_with("contracts") || !capitalized(name) || !ident(name) {
                        continue;
                    }
                    seen += 1;
                    if !CONTRACT_MODULE_NAMES.contains(&name) {
                        missing.insert(format!("{name} (from {module}, {})", f.display()));
                    }
                }
            } else {
                // `from module import A, B` and `from module import (` ... `)`.
                let mut lines = text.lines();
                while let Some(line) = lines.next() {
                    let Some(rest) = line.trim_start().strip_prefix("from ") else {
                        continue;
                    };
                    let Some((module, names)) = rest.split_once(" import ") else {
                        continue;
                    };
                    let mut names = names.trim().to_string();
                    if names == "(" {
                        names.clear();
                        for l in lines.by_ref() {
                            if l.trim() == ")" {
                                break;
                            }
                            names.push_str(l);
                        }
                    }
                    for name in names.split([',', ' ', '(', ')']).map(str::trim) {
                        if module.ends_with("contracts") || !capitalized(name) || !ident(name) {
                            continue;
                        }
                        seen += 1;
                        if !CONTRACT_MODULE_NAMES.contains(&name) {
                            missing.insert(format!("{name} (from {module}, {})", f.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 50, "{seen} imports read");
        assert!(missing.is_empty(), "not reserved: {missing:#?}");
    }
}
