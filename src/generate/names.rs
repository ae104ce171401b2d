//! Identifiers in their final form for every generated language, decided
//! here once (uniffi's rule: templates never transform names).

/// Python keywords and soft keywords that cannot be identifiers.
const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "match", "case", "type", "_",
];

/// Attributes of pydantic's `BaseModel` that a field must not shadow.
const PYDANTIC_RESERVED: &[&str] = &[
    "copy",
    "dict",
    "json",
    "parse_obj",
    "parse_raw",
    "parse_file",
    "schema",
    "schema_json",
    "construct",
    "validate",
    "update_forward_refs",
    "fields",
    "from_orm",
];

/// `PlaceOrder` → `place_order`, `LegacyERP` → `legacy_erp`, `orderId` → `order_id`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

/// `place_order` or `placeOrder` → `PlaceOrder`.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c == '_' || c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'X');
    }
    out
}

/// `ORDERS_TABLE`-style: `PlaceOrder` → `PLACE_ORDER`.
pub fn upper_snake(name: &str) -> String {
    snake(name).to_ascii_uppercase()
}

/// A Python identifier for a module or function: snake case, keywords and
/// reserved names get a trailing `_`.
pub fn py_ident(name: &str) -> String {
    let s = snake(name);
    if PY_KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// A pydantic field name for a wire name: the wire name itself when Python
/// allows it, else a safe name (the wire name stays as the alias).
pub fn py_field(wire: &str) -> String {
    if PY_KEYWORDS.contains(&wire)
        || PYDANTIC_RESERVED.contains(&wire)
        || wire.starts_with("model_")
        || wire.starts_with('_')
    {
        format!("{}_", wire.trim_start_matches('_'))
    } else {
        wire.to_string()
    }
}

/// A Python class name; names that collide with the contract module's
/// imports or with typing get a suffix.
pub fn py_class(name: &str) -> String {
    const TAKEN: &[&str] = &[
        "BaseModel",
        "Field",
        "ConfigDict",
        "Enum",
        "StrEnum",
        "Decimal",
        "Any",
        "None",
        "True",
        "False",
    ];
    if TAKEN.contains(&name) {
        format!("{name}Model")
    } else {
        name.to_string()
    }
}

/// A CloudFormation logical id: ASCII letters and digits only.
pub fn logical_id(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| pascal(p))
        .collect::<String>()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The folder of a context's files: `LegacyErp` → `contexts/legacy_erp`.
/// Snake case, so that the folder is a valid Python name and the context's
/// test modules get a module name of their own (`contexts.legacy_erp.tests.conftest`)
/// instead of all being `conftest` (mypy's "Duplicate module named").
pub fn context_dir(context: &str) -> String {
    format!("contexts/{}", snake(context))
}

/// `name` cut to at most `max` bytes (ASCII names) so that two long names
/// that share their first `max` bytes stay apart: a cut name ends in `-`
/// and eight hex digits of an FNV-1a hash of the whole name.
pub fn bounded(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let mut hash: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let keep = max.saturating_sub(9);
    let mut cut = keep;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash:08x}", &name[..cut])
}

/// A Python identifier cut to at most `max` bytes the same way: the kept
/// part, `_` and eight hex digits of the whole name's hash (upper case when
/// the name is, for constants).
pub fn bounded_ident(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let cut = bounded(name, max);
    let (head, hash) = cut.split_at(cut.len() - 8);
    let head = head.trim_end_matches('-').trim_end_matches('_');
    let upper = name.chars().any(|c| c.is_ascii_uppercase())
        && !name.chars().any(|c| c.is_ascii_lowercase());
    let hash = if upper {
        hash.to_ascii_uppercase()
    } else {
        hash.to_string()
    };
    format!("{head}_{hash}")
}

/// A resource name part: `LegacyErp` → `legacy-erp`.
pub fn kebab(name: &str) -> String {
    snake(name).replace('_', "-")
}

// Deployment names shared by the SAM templates and the Python code
// (docs/generation.md, "Resources" and "Environment variables").

/// A request body of this many bytes or more answers 413: the handler
/// checks the body, the WAF the `Content-Length` (a power of ten, so that
/// "this many digits or more" is exactly the limit). Lambda's synchronous
/// payload limit is 6 MB, API Gateway's 10 MB (docs/generation.md, "The edge").
pub const MAX_BODY_BYTES: u32 = 1_000_000;

/// The base path of a context's routes under the system's one entry point.
pub fn base_path(context: &str) -> String {
    kebab(context)
}

/// Python's builtin functions and types (3.11 to 3.13, `dir(builtins)`
/// without the exceptions and dunders): a package, or a function defined in
/// a module or class body whose annotations and calls use them, never takes
/// one (`def list(...)` beside `-> list[Order]`, soak seeds 69 and 191).
#[rustfmt::skip]
pub const PY_BUILTINS: &[&str] = &[
    "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray",
    "bytes", "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits",
    "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter", "float",
    "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
    "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals",
    "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
    "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice",
    "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
];

/// Top-level names a context's package must not shadow: the standard
/// library (3.11, a superset of later versions' public modules), what the
/// generated code and its tests import, with their dependencies; and the
/// builtins ([`PY_BUILTINS`]: `import list.contracts` would make `list` the
/// package).
#[rustfmt::skip]
const PY_TAKEN_MODULES: &[&str] = &[
    "abc", "aifc", "annotated_types", "antigravity", "argparse", "array", "ast", "asynchat",
    "asyncio", "asyncore", "atexit", "audioop", "aws_lambda_powertools", "base64", "bdb",
    "binascii", "bisect", "boto3", "botocore", "builtins", "bz2", "cProfile", "calendar",
    "certifi", "cffi", "cgi", "cgitb", "charset_normalizer", "chunk", "cmath", "cmd", "code",
    "codecs", "codeop", "collections", "colorsys", "compileall", "concurrent", "configparser",
    "conftest", "contexts", "contextlib", "contextvars", "copy", "copyreg", "crypt",
    "cryptography", "csv", "ctypes", "curses", "dataclasses", "datetime", "dateutil", "dbm",
    "decimal", "difflib", "dis", "distutils", "docker", "doctest", "email", "encodings",
    "ensurepip", "enum", "errno", "faulthandler", "fcntl", "filecmp", "fileinput", "fnmatch",
    "fractions", "ftplib", "functools", "gc", "genericpath", "getopt", "getpass", "gettext",
    "glob", "graphlib", "grp", "gzip", "hashlib", "heapq", "hmac", "html", "http", "idlelib",
    "idna", "imaplib", "imghdr", "imp", "importlib", "iniconfig", "inspect", "io", "ipaddress",
    "itertools", "jinja2", "jmespath", "json", "jsonpath_ng", "keyword", "lib2to3", "linecache",
    "locale", "logging", "lzma", "mailbox", "mailcap", "markupsafe", "marshal", "math",
    "mimetypes", "mmap", "modulefinder", "moto", "msilib", "msvcrt", "multiprocessing", "mypy",
    "mypy_extensions", "netrc", "nis", "nntplib", "nt", "ntpath", "nturl2path", "numbers",
    "opcode", "operator", "optparse", "os", "ossaudiodev", "packaging", "pathlib", "pathspec",
    "pdb", "pickle", "pickletools", "pip", "pipes", "pkg_resources", "pkgutil", "platform",
    "plistlib", "pluggy", "poplib", "posix", "posixpath", "pprint", "profile", "pstats", "pty",
    "pwd", "py", "py_compile", "pyclbr", "pycparser", "pydantic", "pydantic_core", "pydoc",
    "pydoc_data", "pyexpat", "pygments", "pytest", "queue", "quopri", "random", "re",
    "readline", "reprlib", "requests", "resource", "responses", "rlcompleter", "ruff", "runpy",
    "s3transfer", "sched", "secrets", "select", "selectors", "setuptools", "shelve", "shlex",
    "shutil", "signal", "site", "six", "smtpd", "smtplib", "sndhdr", "socket", "socketserver",
    "spwd", "sqlite3", "sre_compile", "sre_constants", "sre_parse", "ssl", "stat", "statistics",
    "string", "stringprep", "struct", "subprocess", "sunau", "symtable", "sys", "sysconfig",
    "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile", "termios", "tests", "textwrap",
    "this", "threading", "time", "timeit", "tkinter", "token", "tokenize", "tomllib", "trace",
    "traceback", "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing",
    "typing_extensions", "typing_inspection", "unicodedata", "unittest", "urllib", "urllib3",
    "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser", "werkzeug", "winreg",
    "winsound", "wsgiref", "xdrlib", "xml", "xmlrpc", "xmltodict", "yaml", "zipapp", "zipfile",
    "zipimport", "zlib", "zoneinfo",
];

/// The Python package of a context: `LegacyErp` → `legacy_erp`; a name
/// that would shadow a module the code imports gets a trailing `_`
/// (`Email` → `email_`, `Types` → `types_`).
pub fn py_package(context: &str) -> String {
    let p = py_ident(context);
    let p = if PY_TAKEN_MODULES.contains(&p.as_str()) || PY_BUILTINS.contains(&p.as_str()) {
        format!("{p}_")
    } else {
        p
    };
    // Lambda's handler setting is at most 128 characters:
    // `<package>.handlers.<module>.handler` with a module of at most 46.
    bounded_ident(&p, 64)
}

/// The handler module of a subscription: `on_<src>_<event>`.
pub fn subscription_module(source_context: &str, event: &str) -> String {
    bounded_ident(
        &format!("on_{}_{}", snake(source_context), snake(event)),
        HANDLER_MODULE_MAX,
    )
}

/// The longest handler module name (see [`py_package`]).
const HANDLER_MODULE_MAX: usize = 46;

/// The handler module of a queue command: `cmd_<command>`.
pub fn command_module(command: &str) -> String {
    bounded_ident(&format!("cmd_{}", snake(command)), HANDLER_MODULE_MAX)
}

/// A Lambda handler path: `<pkg>.handlers.<module>.handler`.
pub fn lambda_handler(package: &str, module: &str) -> String {
    format!("{package}.handlers.{module}.handler")
}

/// The Lambda runtime for a `python` version: `3.12` → `python3.12`.
pub fn lambda_runtime(python: &str) -> String {
    format!("python{python}")
}

/// The envelope's `source` (and EventBridge `source`): `<System>.<Context>`.
pub fn event_source(system: &str, context: &str) -> String {
    format!("{system}.{context}")
}

/// The variable holding a `sends` target's queue URL:
/// `Shipping`, `ShipOrder` → `SHIPPING_SHIP_ORDER_QUEUE_URL`.
pub fn queue_url_env(target_context: &str, command: &str) -> String {
    format!(
        "{}_{}_QUEUE_URL",
        upper_snake(target_context),
        upper_snake(command)
    )
}

/// The variable holding a `calls` target's API base URL:
/// `Payments` → `PAYMENTS_API_URL`.
pub fn api_url_env(target_context: &str) -> String {
    format!("{}_API_URL", upper_snake(target_context))
}

// Python names of the generated Lambda code (src/generate/python).

/// Attributes of `str` and `Enum` that a `StrEnum` member cannot take.
#[rustfmt::skip]
const STR_ENUM_RESERVED: &[&str] = &[
    "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
    "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
    "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join",
    "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace",
    "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
    "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill", "mro", "name",
    "value",
];

/// A `StrEnum` member for an enum variant: the variant itself when Python
/// allows it, else with a trailing `_` (`class` → `class_`, `title` →
/// `title_`); the member's value stays the variant.
pub fn py_variant(variant: &str) -> String {
    let base = variant.trim_start_matches('_');
    if base.is_empty() {
        return "x_".into();
    }
    if base != variant
        || PY_KEYWORDS.contains(&base)
        || STR_ENUM_RESERVED.contains(&base)
        || base.starts_with(|c: char| c.is_ascii_digit())
    {
        format!("{base}_")
    } else {
        base.to_string()
    }
}

/// [`py_field`], also steering clear of names the module binds (`taken`):
/// in a class body a field `date: date` would make the annotation name the
/// field itself.
pub fn py_field_avoiding(wire: &str, taken: impl Fn(&str) -> bool) -> String {
    py_unique(py_field(wire), taken)
}

/// `base`, or `base_`, `base__`, ... until `taken` says it is free.
/// The Python name of a function, method, local or parameter for a model
/// name: an identifier (keywords get `_`) that is neither a builtin
/// ([`PY_BUILTINS`]) nor `taken`, with `_`s added until it is free.
pub fn py_free(name: &str, taken: impl Fn(&str) -> bool) -> String {
    py_unique(py_ident(name), |n| taken(n) || PY_BUILTINS.contains(&n))
}

pub fn py_unique(base: String, taken: impl Fn(&str) -> bool) -> String {
    let mut name = base;
    while taken(&name) {
        name.push('_');
    }
    name
}

/// A Powertools route for an OpenAPI-style path, its parameters renamed by
/// `rename` (to the Python parameter names): `/orders/{order}` →
/// `/orders/<order>`.
pub fn powertools_route(path: &str, rename: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                let name = &rest[start + 1..start + end];
                out.push('<');
                out.push_str(&rename(name));
                out.push('>');
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("PlaceOrder"), "place_order");
        assert_eq!(snake("LegacyERP"), "legacy_erp");
        assert_eq!(snake("orderId"), "order_id");
        assert_eq!(snake("HTTPServer2Go"), "http_server2_go");
        assert_eq!(snake("already_snake"), "already_snake");
        assert_eq!(pascal("place_order"), "PlaceOrder");
        assert_eq!(pascal("orders"), "Orders");
        assert_eq!(upper_snake("PlaceOrder"), "PLACE_ORDER");
        assert_eq!(kebab("LegacyErp"), "legacy-erp");
        assert_eq!(
            logical_id(&["Orders", "place_order", "Queue"]),
            "OrdersPlaceOrderQueue"
        );
    }

    #[test]
    fn python_names_are_safe() {
        assert_eq!(py_field("from"), "from_");
        assert_eq!(py_field("class"), "class_");
        assert_eq!(py_field("json"), "json_");
        assert_eq!(py_field("model_name"), "model_name_");
        assert_eq!(py_field("order"), "order");
        assert_eq!(py_ident("Import"), "import_");
        assert_eq!(py_class("Decimal"), "DecimalModel");
    }

    #[test]
    fn deployment_names() {
        assert_eq!(py_package("LegacyErp"), "legacy_erp");
        assert_eq!(py_package("Email"), "email_");
        assert_eq!(py_package("Types"), "types_");
        assert_eq!(py_package("Requests"), "requests_");
        assert_eq!(
            subscription_module("Payments", "PaymentCaptured"),
            "on_payments_payment_captured"
        );
        assert_eq!(command_module("ShipOrder"), "cmd_ship_order");
        assert_eq!(
            lambda_handler("orders", "api"),
            "orders.handlers.api.handler"
        );
        assert_eq!(lambda_runtime("3.12"), "python3.12");
        assert_eq!(event_source("ShopFront", "Orders"), "ShopFront.Orders");
        assert_eq!(
            queue_url_env("Shipping", "ShipOrder"),
            "SHIPPING_SHIP_ORDER_QUEUE_URL"
        );
        assert_eq!(api_url_env("LegacyErp"), "LEGACY_ERP_API_URL");
    }

    #[test]
    fn python_code_names() {
        assert_eq!(py_variant("class"), "class_");
        assert_eq!(py_variant("title"), "title_");
        assert_eq!(py_variant("_hidden"), "hidden_");
        assert_eq!(py_variant("None"), "None_");
        assert_eq!(py_variant("follow_up"), "follow_up");
        assert_eq!(py_field_avoiding("date", |n| n == "date"), "date_");
        assert_eq!(py_field_avoiding("from", |n| n == "from_"), "from__");
        assert_eq!(py_field_avoiding("total", |_| false), "total");
        assert_eq!(bounded("short", 10), "short");
        let m = subscription_module(&"Long".repeat(20), "Event");
        assert!(m.len() <= 46 && m.starts_with("on_long"), "{m}");
        assert!(bounded_ident(&"X".repeat(70), 60)
            .chars()
            .all(|c| c == '_' || c.is_ascii_uppercase() || c.is_ascii_digit()));
        let (a, b) = (
            bounded(&"a".repeat(90), 80),
            bounded(&format!("{}b", "a".repeat(89)), 80),
        );
        assert_eq!((a.len(), b.len()), (80, 80));
        assert_ne!(a, b);
        assert_eq!(
            powertools_route("/a/{from}/b/{x}", py_field),
            "/a/<from_>/b/<x>"
        );
        assert_eq!(powertools_route("/a", |n| n.to_string()), "/a");
    }
}
