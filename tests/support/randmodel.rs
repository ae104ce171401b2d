//! Seeded random *valid* `.ddd` models over the whole language, for tests.
//!
//! `model(seed)` is one model as one text; `files(seed)` is the same model
//! spread over one to three files (`(path, text)` pairs, the declarations
//! dealt out in order) and `join(&files)` puts them back together. The same
//! seed always gives the same model (a splitmix64 generator, no dependency),
//! so a failing seed can be replayed and its model kept as a regression.
//!
//! What the models cover: names of one to six words with acronyms and digits;
//! Python keywords, builtins and names the generated code binds as fields and
//! enum values; contexts of every shape (only events, only http, only queue
//! commands, nothing but an `implements`, `store none`, no aggregate, types
//! only); both brokers, every Python version and architecture; every type shape (`T?`,
//! `list<T>`, `map<T>`, nested lists, ids of each base, enums, values,
//! entities, aggregates, other contexts' types); every HTTP method with path
//! and query parameters; `returns list<T>`; docs, visions and language terms
//! with quotes, backslashes, `"""`, `*/`, unicode and trailing whitespace;
//! `deploy` and `subscribe` settings; `calls` and `sends` chains.
//!
//! Every model is valid by construction (no error; warnings may remain):
//! names are unique even ignoring case and underscores, routes are unique,
//! path parameters are required scalars, GET and DELETE fields fit in a query
//! string, `calls` only go to earlier contexts (no cycle), types only refer
//! to types declared before them (or to themselves through a list, map or
//! optional), settings are within E016's ranges. Tests assert it with
//! `ddgen check`.
//!
//! Include it with `#[path = "support/randmodel.rs"] mod randmodel;`.

#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt::Write as _;

/// One model, as one `.ddd` text.
/// Primitives an index may key on (`validate::indexes`).
const KEY_PRIMITIVES: &[&str] = &["string", "int", "decimal", "uuid", "date", "datetime"];

/// Schedules EventBridge Scheduler takes, in each spelling `every` knows.
const SCHEDULES: &[&str] = &[
    "1m",
    "5m",
    "90m",
    "1h",
    "12h",
    "1d",
    "\"cron(0 3 * * ? *)\"",
    "\"cron(0/15 8-17 ? * MON-FRI *)\"",
    "\"rate(2 hours)\"",
];

pub fn model(seed: u64) -> String {
    join(&files(seed))
}

/// One model spread over one to three files, `(path, text)`, paths sorted.
pub fn files(seed: u64) -> Vec<(String, String)> {
    let mut g = Gen::new(seed);
    let chunks = g.model();
    let n = 1 + g.rng.below(3);
    let mut out: Vec<(String, String)> = (0..n)
        .map(|i| (format!("model-{i}.ddd"), String::new()))
        .collect();
    for (i, chunk) in chunks.iter().enumerate() {
        // The first chunks go to the first file so every file gets some.
        let f = if i < n { i } else { g.rng.below(n) };
        out[f].1.push_str(chunk);
        out[f].1.push('\n');
    }
    out.retain(|(_, text)| !text.is_empty());
    out
}

/// The files of `files(seed)` as one text, in path order.
pub fn join(files: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .iter()
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// splitmix64: small, fast, and good enough to pick shapes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// One of `words`.
    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "customer",
    "order",
    "policy",
    "address",
    "claim",
    "invoice",
    "ledger",
    "payment",
    "shipment",
    "catalog",
    "account",
    "profile",
    "risk",
    "quote",
    "stock",
    "route",
    "parcel",
    "tenant",
    "audit",
    "report",
    "management",
    "self",
    "service",
    "context",
    "event",
    "handler",
    "type",
    "list",
    "class",
    "none",
    "test",
    "api",
    "queue",
    "table",
    "a",
    "x",
];
const ACRONYMS: &[&str] = &[
    "URL", "HTTP", "API", "ID", "KYC", "VAT", "SMS", "IO", "UUID", "JSON", "AWS", "S3", "EU", "B2B",
];
/// Type names that the generated modules import or define themselves.
const BOUND_TYPE_NAMES: &[&str] = &[
    "Field",
    "Decimal",
    "UUID",
    "Any",
    "Envelope",
    "ContractModel",
    "BaseModel",
    "NewType",
    "StrEnum",
    "JsonValue",
    "Optional",
    "List",
    "Dict",
    "Enum",
    "NotFoundError",
    "Body",
    "Literal",
    "Annotated",
    "Query",
    "Path",
    "Response",
    "Event",
    "Router",
    "Logger",
    "Tracer",
];
/// Field names that are Python keywords, builtins, names the generated
/// code uses, or odd shapes of identifier.
const HOSTILE_FIELDS: &[&str] = &[
    "from",
    "class",
    "type",
    "id",
    "list",
    "json",
    "self",
    "match",
    "case",
    "def",
    "lambda",
    "yield",
    "import",
    "global",
    "None",
    "True",
    "False",
    "print",
    "str",
    "int",
    "dict",
    "object",
    "date",
    "datetime",
    "Decimal",
    "UUID",
    "model_config",
    "model_dump",
    "schema",
    "copy",
    "validate",
    "fields",
    "items",
    "keys",
    "values",
    "pk",
    "expiration",
    "event_type",
    "body",
    "context",
    "app",
    "router",
    "cloud",
    "client",
    "table",
    "logger",
    "tracer",
    "Field",
    "BaseModel",
    "annotations",
    "typing",
    "os",
    "sys",
    "boto3",
    "request",
    "response",
    "status",
    "headers",
    "query",
    "path",
    "_note",
    "orderId",
    "URL",
    "HTTPCode",
    "line2",
    "x",
    "async",
    "await",
    "nonlocal",
    "assert",
    "del",
    "is",
    "not",
    "or",
    "and",
    "with",
    "while",
    "try",
    "except",
    "finally",
    "raise",
    "return",
    "pass",
    "break",
    "continue",
    "if",
    "else",
    "elif",
    "for",
    "in",
    "global",
    "bytes",
    "float",
    "bool",
    "set",
    "tuple",
    "len",
    "range",
    "input",
    "hash",
    "format",
    "event",
    "message",
    "detail",
    "source",
    "time",
    "uuid",
    "datetime_",
];
const PLAIN_FIELDS: &[&str] = &[
    "name",
    "amount",
    "reference",
    "note",
    "count",
    "label",
    "when",
    "total",
    "owner_name",
    "starts_at",
    "line_number",
    "customer_reference",
    "very_long_field_name_that_goes_on_and_on",
];
const HOSTILE_VARIANTS: &[&str] = &[
    "class",
    "None",
    "True",
    "False",
    "name",
    "value",
    "title",
    "mro",
    "upper",
    "lower",
    "from",
    "import",
    "_hidden",
    "A1",
    "x",
    "self",
    "list",
    "type",
    "def",
    "match",
    "case",
    "count",
    "index",
    "format",
    "split",
    "strip",
    "join",
    "replace",
    "encode",
    "startswith",
];
const PLAIN_VARIANTS: &[&str] = &[
    "open",
    "closed",
    "pending",
    "active",
    "retired",
    "first_one",
    "ALPHA",
    "Beta",
    "v2",
];
const DOCS: &[&str] = &[
    "Plain words.",
    "\"Quoted\" words and 'single' quotes.",
    "A \\ backslash and \\\\ two, and a \\n that is not a newline.",
    "Triple \"\"\"quotes\"\"\" inside, and ''' too.",
    "Ends a comment */ and opens one /* here.",
    "Unicode: Ünïcødé — ✓ 日本語 🚀 naïve café.",
    "Trailing whitespace   ",
    "Braces {{ }} {x} and %s %(name)s ${var} `code`.",
    "<script>alert(1)</script> & ampersands; # hash: colon - dash",
    "YAML: - item\n", // the \n is literal text in a /// line once rendered
    "Tabs\tinside\tit.",
    "",
];
const STRINGS: &[&str] = &[
    "plain",
    "with \\\"quotes\\\"",
    "a \\\\ backslash",
    "line\\nbreak and\\ttab",
    "Ünïcødé ✓ 日本",
    "ends */ a comment",
    "\\\"\\\"\\\"triple\\\"\\\"\\\"",
];
const PRIMITIVES: &[&str] = &[
    "string", "int", "float", "decimal", "bool", "date", "datetime", "uuid", "bytes", "json",
];
/// Primitives that may be a path parameter.
const PATH_PRIMITIVES: &[&str] = &[
    "string", "int", "float", "decimal", "bool", "date", "datetime", "uuid",
];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Id,
    Enum,
    Value,
    Entity,
    Aggregate,
}

struct TypeInfo {
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Via {
    None,
    Queue,
    Http,
}

struct MsgInfo {
    name: String,
    event: bool,
    internal: bool,
    via: Via,
}

struct Ctx {
    name: String,
    types: Vec<TypeInfo>,
    messages: Vec<MsgInfo>,
}

struct Gen {
    rng: Rng,
    /// A second stream for choices added later (`public`), so that adding
    /// them leaves every seed's model otherwise as it was.
    side: Rng,
    used: HashSet<String>,
    contexts: Vec<Ctx>,
}

/// Lower case with underscores removed: two names equal under this are never
/// both generated, whatever the generator's own name conversions do.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn cap(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn slug(name: &str) -> String {
    key(name)
}

impl Gen {
    fn new(seed: u64) -> Self {
        Gen {
            rng: Rng::new(seed),
            side: Rng::new(!seed),
            used: HashSet::new(),
            contexts: Vec::new(),
        }
    }

    /// A PascalCase name of one to `max` words, unique in `scope`.
    fn pascal(&mut self, scope: &str, max: usize) -> String {
        loop {
            let words = self.rng.range(1, max);
            let mut name = String::new();
            for i in 0..words {
                match self.rng.below(6) {
                    0 => name.push_str(self.rng.word(ACRONYMS)),
                    1 if i > 0 => {
                        let w = cap(self.rng.word(WORDS));
                        let _ = write!(name, "{w}{}", self.rng.below(100));
                    }
                    _ => name.push_str(&cap(self.rng.word(WORDS))),
                }
            }
            if self.claim(scope, &name) {
                return name;
            }
        }
    }

    fn claim(&mut self, scope: &str, name: &str) -> bool {
        self.used.insert(format!("{scope}/{}", key(name)))
    }

    fn doc(&mut self, out: &mut String, indent: &str) {
        if self.rng.chance(40) {
            for _ in 0..self.rng.range(1, 2) {
                let d = *self.rng.pick(DOCS);
                let d = d.replace('\n', "");
                let _ = writeln!(out, "{indent}/// {d}");
            }
        }
    }

    fn string(&mut self) -> String {
        format!("\"{}\"", self.rng.pick(STRINGS))
    }

    /// The whole model, one chunk per top-level declaration.
    fn model(&mut self) -> Vec<String> {
        let mut chunks = Vec::new();
        let broker = if self.rng.chance(50) {
            "sns"
        } else {
            "eventbridge"
        };
        if self.rng.chance(85) {
            let name = self.pascal("system", 4);
            let python = self.rng.pick(&["3.11", "3.12", "3.13", "3.14"]);
            // No `architecture` (arm64 by default), or either word.
            let architecture =
                self.rng
                    .pick(&["", ", architecture arm64", ", architecture x86_64"]);
            let mut s = String::new();
            self.doc(&mut s, "");
            let _ = writeln!(
                s,
                "system {name} {{ broker {broker}, python \"{python}\"{architecture} }}"
            );
            chunks.push(s);
        }

        // Domains with their subdomains and capabilities.
        let mut subs: Vec<String> = Vec::new();
        for _ in 0..self.rng.range(1, 3) {
            let domain = self.pascal("domain", 3);
            let mut s = String::new();
            self.doc(&mut s, "");
            let _ = writeln!(s, "domain {domain} {{");
            if self.rng.chance(50) {
                let v = self.string();
                let _ = writeln!(s, "  vision {v}");
            }
            for _ in 0..self.rng.range(0, 3) {
                let sub = self.pascal("sub", 3);
                let kw = if self.rng.chance(70) {
                    "subdomain"
                } else {
                    "capability"
                };
                let ty = self
                    .rng
                    .pick(&["", " : core", " : supporting", " : generic"]);
                self.doc(&mut s, "  ");
                let _ = writeln!(s, "  {kw} {sub}{ty}");
                subs.push(if self.rng.chance(50) {
                    format!("{domain}.{sub}")
                } else {
                    sub
                });
            }
            s.push_str("}\n");
            chunks.push(s);
        }
        let mut teams = Vec::new();
        for _ in 0..self.rng.range(0, 2) {
            let team = self.pascal("team", 2);
            let c = self.string();
            chunks.push(format!("team {team} {{ contact {c} }}\n"));
            teams.push(team);
        }

        let n = self.rng.range(1, 5);
        for _ in 0..n {
            let name = self.pascal("context", 6);
            self.contexts.push(Ctx {
                name,
                types: Vec::new(),
                messages: Vec::new(),
            });
        }
        // Declarations first (types and messages of every context), then the
        // uses, which need to know every context's messages.
        let mut bodies = Vec::new();
        for ci in 0..n {
            bodies.push(self.context_body(ci, &subs, &teams));
        }
        for (ci, body) in bodies.iter_mut().enumerate() {
            self.uses(ci, body);
        }
        for (ci, body) in bodies.into_iter().enumerate() {
            let mut s = String::new();
            self.doc(&mut s, "");
            let _ = write!(s, "context {} {{\n{body}}}\n", self.contexts[ci].name);
            chunks.push(s);
        }
        chunks
    }

    fn context_body(&mut self, ci: usize, subs: &[String], teams: &[String]) -> String {
        let mut s = String::new();
        // shape: 0 full, 1 only events, 2 only http, 3 only queue commands,
        // 4 nothing but implements, 5 types only, 6 store none, 7 no aggregate
        let shape = self.rng.below(8);
        if !subs.is_empty() && (shape == 4 || self.rng.chance(80)) {
            let n = self.rng.range(1, subs.len().min(2));
            let mut list: Vec<String> = Vec::new();
            for _ in 0..n {
                let sub = self.rng.pick(subs).clone();
                if !list.contains(&sub) && !list.iter().any(|l| key(l) == key(&sub)) {
                    list.push(sub);
                }
            }
            let _ = writeln!(s, "  implements {}", list.join(", "));
        }
        if shape == 4 {
            return s;
        }
        if !teams.is_empty() && self.rng.chance(50) {
            let _ = writeln!(s, "  owner {}", self.rng.pick(teams));
        }
        if self.rng.chance(30) {
            let v = self.string();
            let _ = writeln!(s, "  vision {v}");
        }
        if shape == 6 {
            s.push_str("  store none\n");
        } else if self.rng.chance(10) {
            s.push_str("  store dynamodb\n");
        }
        if self.rng.chance(30) {
            s.push_str("  language {\n");
            for i in 0..self.rng.range(1, 3) {
                let v = self.string();
                if self.rng.chance(50) {
                    let _ = writeln!(s, "    Term{i} = {v}");
                } else {
                    let _ = writeln!(s, "    \"Term {i} {}\" = {v}", self.rng.pick(STRINGS));
                }
            }
            s.push_str("  }\n");
        }
        self.types(ci, shape, &mut s);
        if shape != 5 {
            self.messages(ci, shape, &mut s);
        }
        if self.rng.chance(30) {
            let mut settings = Vec::new();
            if self.rng.chance(60) {
                settings.push(format!(
                    "memory {}",
                    self.rng.pick(&[128, 256, 1024, 10240])
                ));
            }
            if self.rng.chance(60) {
                settings.push(format!(
                    "timeout {}",
                    self.rng.pick(&["1s", "10s", "900s", "1500ms", "2m"])
                ));
            }
            if self.rng.chance(40) {
                settings.push(format!("concurrency {}", self.rng.range(1, 10000)));
            }
            if self.rng.chance(40) {
                settings.push(format!("throttle {}/s", self.rng.range(1, 10000)));
            }
            if self.rng.chance(40) {
                settings.push(format!("burst {}", self.rng.range(1, 5000)));
            }
            let _ = writeln!(s, "  deploy {{ {} }}", settings.join(", "));
        }
        s
    }

    fn types(&mut self, ci: usize, shape: usize, s: &mut String) {
        let scope = format!("ctx{ci}");
        let full = matches!(shape, 0 | 5 | 6);
        let n_ids = if full || self.rng.chance(50) {
            self.rng.range(1, 3)
        } else {
            0
        };
        for _ in 0..n_ids {
            let name = self.type_name(&scope);
            let base = self.rng.pick(&["", ": string", ": int", ": uuid"]);
            self.doc(s, "  ");
            let _ = writeln!(s, "  id {name}{base}");
            self.contexts[ci].types.push(TypeInfo {
                name,
                kind: Kind::Id,
            });
        }
        for _ in 0..self.rng.range(0, 2) {
            let name = self.type_name(&scope);
            let mut seen = HashSet::new();
            let mut variants = Vec::new();
            for _ in 0..self.rng.range(1, 5) {
                let v = if self.rng.chance(50) {
                    self.rng.pick(HOSTILE_VARIANTS)
                } else {
                    self.rng.pick(PLAIN_VARIANTS)
                };
                if seen.insert(key(v)) {
                    variants.push(*v);
                }
            }
            self.doc(s, "  ");
            let _ = writeln!(s, "  enum {name} {{ {} }}", variants.join(", "));
            self.contexts[ci].types.push(TypeInfo {
                name,
                kind: Kind::Enum,
            });
        }
        let n_values = if full {
            self.rng.range(1, 3)
        } else {
            self.rng.range(0, 2)
        };
        for _ in 0..n_values {
            let kind = if self.rng.chance(70) {
                Kind::Value
            } else {
                Kind::Entity
            };
            let name = self.type_name(&scope);
            let fields = self.fields(ci, Some(&name), 0, 5, false);
            self.doc(s, "  ");
            let kw = if kind == Kind::Value {
                "value"
            } else {
                "entity"
            };
            let _ = writeln!(s, "  {kw} {name} {{{fields}}}");
            self.contexts[ci].types.push(TypeInfo { name, kind });
        }
        let ids: Vec<String> = self.contexts[ci]
            .types
            .iter()
            .filter(|t| t.kind == Kind::Id)
            .map(|t| t.name.clone())
            .collect();
        let aggregates = if ids.is_empty() || shape == 7 {
            0
        } else if full {
            self.rng.range(1, 2)
        } else {
            self.rng.range(0, 1)
        };
        for _ in 0..aggregates {
            let name = self.type_name(&scope);
            let key_field = self.field_name(&mut HashSet::new());
            let mut taken = HashSet::from([key(&key_field)]);
            let id = self.rng.pick(&ids).clone();
            let mut rest = self.fields_taken(ci, Some(&name), 0, 6, false, &mut taken);
            if rest.starts_with(' ') && !rest.trim().is_empty() {
                rest.insert(0, ',');
            }
            let indexes = self.indexes(ci, &name, &mut taken);
            self.doc(s, "  ");
            let _ = writeln!(
                s,
                "  aggregate {name} {{\n    {key_field}: {id}{rest}{indexes}}}"
            );
            self.contexts[ci].types.push(TypeInfo {
                name,
                kind: Kind::Aggregate,
            });
        }
    }

    /// Up to two indexes of aggregate `agg`, each on key fields of their
    /// own (a keyable type, optional at times: a sparse index), as the
    /// lines to add to its body (fields first, then `index`).
    fn indexes(&mut self, ci: usize, agg: &str, taken: &mut HashSet<String>) -> String {
        let mut out = String::new();
        if !self.rng.chance(40) {
            return out;
        }
        let keyable: Vec<String> = self.contexts[ci]
            .types
            .iter()
            .filter(|t| matches!(t.kind, Kind::Id | Kind::Enum))
            .map(|t| t.name.clone())
            .chain(KEY_PRIMITIVES.iter().map(|p| p.to_string()))
            .collect();
        let scope = format!("ctx{ci}.{agg}.index");
        for _ in 0..self.rng.range(1, 2) {
            let mut keys = Vec::new();
            for _ in 0..self.rng.range(1, 2) {
                let field = self.field_name(taken);
                let ty = self.rng.pick(&keyable).clone();
                let opt = if self.rng.chance(20) { "?" } else { "" };
                let _ = write!(out, "\n    {field}: {ty}{opt}");
                keys.push(field);
            }
            let name = format!("By{}", self.pascal(&scope, 3));
            let _ = write!(out, "\n    index {name}({})", keys.join(", "));
        }
        out.push_str("\n  ");
        out
    }

    fn type_name(&mut self, scope: &str) -> String {
        if self.rng.chance(15) {
            let n = *self.rng.pick(BOUND_TYPE_NAMES);
            if self.claim(scope, n) {
                return n.to_string();
            }
        }
        self.pascal(scope, 4)
    }

    fn field_name(&mut self, taken: &mut HashSet<String>) -> String {
        loop {
            let n = if self.rng.chance(55) {
                self.rng.pick(HOSTILE_FIELDS).to_string()
            } else if self.rng.chance(80) {
                self.rng.pick(PLAIN_FIELDS).to_string()
            } else {
                let words = self.rng.range(2, 6);
                (0..words)
                    .map(|_| *self.rng.pick(WORDS))
                    .collect::<Vec<_>>()
                    .join("_")
            };
            if taken.insert(key(&n)) {
                return n;
            }
        }
    }

    fn fields(
        &mut self,
        ci: usize,
        this: Option<&str>,
        lo: usize,
        hi: usize,
        query: bool,
    ) -> String {
        self.fields_taken(ci, this, lo, hi, query, &mut HashSet::new())
    }

    /// `lo..=hi` fields, each on its own line (or comma separated), as the
    /// inside of a field block; `query`: only types that fit a query string.
    fn fields_taken(
        &mut self,
        ci: usize,
        this: Option<&str>,
        lo: usize,
        hi: usize,
        query: bool,
        taken: &mut HashSet<String>,
    ) -> String {
        let n = self.rng.range(lo, hi);
        if n == 0 {
            return if self.rng.chance(50) {
                String::new()
            } else {
                " ".into()
            };
        }
        let commas = self.rng.chance(40);
        let mut s = String::new();
        for i in 0..n {
            let name = self.field_name(taken);
            let ty = if query {
                self.query_type(ci)
            } else {
                self.type_expr(ci, this, 0)
            };
            if commas {
                let _ = write!(s, "{}{name}: {ty}", if i == 0 { " " } else { ", " });
            } else {
                s.push('\n');
                self.doc(&mut s, "    ");
                let _ = write!(s, "    {name}: {ty}");
            }
        }
        s.push_str(if commas { " " } else { "\n  " });
        s
    }

    /// A type for a field of a type or message of context `ci`; `this` is
    /// the type being declared (reachable only through a list, map or `?`).
    fn type_expr(&mut self, ci: usize, this: Option<&str>, depth: usize) -> String {
        let roll = self.rng.below(100);
        if depth < 2 && roll < 12 {
            return format!("list<{}>", self.type_expr(ci, this, depth + 1));
        }
        if depth < 2 && roll < 18 {
            return format!("map<{}>", self.type_expr(ci, this, depth + 1));
        }
        if roll < 30 {
            // Optional (never `T??`): an optional of a non-optional.
            let inner = self.type_expr_required(ci, this, depth);
            return format!("{inner}?");
        }
        self.type_expr_required(ci, None, depth)
    }

    fn type_expr_required(&mut self, ci: usize, this: Option<&str>, depth: usize) -> String {
        let roll = self.rng.below(100);
        if let Some(this) = this {
            if roll < 5 {
                // self reference: only where the caller wraps it (`?`); at
                // depth > 0 a list or map already does.
                return this.to_string();
            }
        }
        if roll < 55 {
            return self.rng.pick(PRIMITIVES).to_string();
        }
        if roll < 80 && !self.contexts[ci].types.is_empty() {
            let t = self.rng.pick(&self.contexts[ci].types);
            return t.name.clone();
        }
        if ci > 0 {
            let other = self.rng.below(ci);
            if !self.contexts[other].types.is_empty() {
                let t = self.rng.pick(&self.contexts[other].types);
                return format!("{}.{}", self.contexts[other].name, t.name);
            }
        }
        let _ = depth;
        self.rng.pick(PRIMITIVES).to_string()
    }

    /// A type that fits a query string: scalars, their optionals, lists of them.
    fn query_type(&mut self, ci: usize) -> String {
        let scalars: Vec<String> = self.contexts[ci]
            .types
            .iter()
            .filter(|t| matches!(t.kind, Kind::Id | Kind::Enum))
            .map(|t| t.name.clone())
            .collect();
        let base = if !scalars.is_empty() && self.rng.chance(40) {
            self.rng.pick(&scalars).clone()
        } else {
            self.rng.pick(PRIMITIVES).to_string()
        };
        match self.rng.below(4) {
            0 => format!("{base}?"),
            1 => format!("list<{base}>"),
            2 => format!("list<{base}>?"),
            _ => base,
        }
    }

    fn path_type(&mut self, ci: usize) -> String {
        let scalars: Vec<String> = self.contexts[ci]
            .types
            .iter()
            .filter(|t| matches!(t.kind, Kind::Id | Kind::Enum))
            .map(|t| t.name.clone())
            .collect();
        if !scalars.is_empty() && self.rng.chance(60) {
            self.rng.pick(&scalars).clone()
        } else {
            self.rng.pick(PATH_PRIMITIVES).to_string()
        }
    }

    fn messages(&mut self, ci: usize, shape: usize, s: &mut String) {
        let scope = format!("ctx{ci}");
        // Events first, so commands can emit them.
        let n_events = match shape {
            1 => self.rng.range(1, 3),
            2 | 3 => 0,
            _ => self.rng.range(0, 3),
        };
        let mut events = Vec::new();
        for _ in 0..n_events {
            let name = self.pascal(&scope, 5);
            let internal = self.rng.chance(15);
            let fields = self.fields(ci, None, 0, 4, false);
            self.doc(s, "  ");
            let kw = if internal { "internal event" } else { "event" };
            if fields.is_empty() && self.rng.chance(50) {
                let _ = writeln!(s, "  {kw} {name}");
            } else {
                let _ = writeln!(s, "  {kw} {name} {{{fields}}}");
            }
            events.push(name.clone());
            self.contexts[ci].messages.push(MsgInfo {
                name,
                event: true,
                internal,
                via: Via::None,
            });
        }
        let (n_http, n_queue) = match shape {
            1 => (0, 0),
            2 => (self.rng.range(1, 4), 0),
            3 => (0, self.rng.range(1, 3)),
            _ => (self.rng.range(0, 3), self.rng.range(0, 2)),
        };
        for _ in 0..n_http {
            self.http_message(ci, &scope, &events, s);
        }
        for _ in 0..n_queue {
            let name = self.pascal(&scope, 5);
            let fields = self.fields(ci, None, 0, 4, false);
            self.doc(s, "  ");
            let _ = write!(s, "  command {name} {{{fields}}} via queue");
            self.emits(&events, s);
            s.push('\n');
            self.contexts[ci].messages.push(MsgInfo {
                name,
                event: false,
                internal: false,
                via: Via::Queue,
            });
        }
        if matches!(shape, 0 | 3) && self.rng.chance(30) {
            // A scheduled command: via queue, every field optional.
            let name = self.pascal(&scope, 5);
            let mut taken = HashSet::new();
            let mut fields = Vec::new();
            for _ in 0..self.rng.range(0, 2) {
                let field = self.field_name(&mut taken);
                let ty = self.type_expr_required(ci, None, 0);
                fields.push(format!("{field}: {ty}?"));
            }
            let every = *self.rng.pick(SCHEDULES);
            self.doc(s, "  ");
            let _ = write!(
                s,
                "  command {name} {{ {} }} via queue every {every}",
                fields.join(", ")
            );
            self.emits(&events, s);
            s.push('\n');
            self.contexts[ci].messages.push(MsgInfo {
                name,
                event: false,
                internal: false,
                via: Via::Queue,
            });
        }
        if shape == 0 && self.rng.chance(30) {
            let name = self.pascal(&scope, 3);
            let fields = self.fields(ci, None, 0, 2, false);
            let _ = writeln!(s, "  command {name} {{{fields}}}");
            self.contexts[ci].messages.push(MsgInfo {
                name,
                event: false,
                internal: true,
                via: Via::None,
            });
        }
    }

    fn emits(&mut self, events: &[String], s: &mut String) {
        if events.is_empty() || self.rng.chance(30) {
            return;
        }
        let mut list: Vec<&String> = Vec::new();
        for _ in 0..self.rng.range(1, events.len()) {
            let e = self.rng.pick(events);
            if !list.contains(&e) {
                list.push(e);
            }
        }
        let sep = if self.rng.chance(30) {
            ",\n      "
        } else {
            ", "
        };
        let list: Vec<&str> = list.iter().map(|e| e.as_str()).collect();
        let _ = write!(s, "\n    emits {}", list.join(sep));
    }

    fn http_message(&mut self, ci: usize, scope: &str, events: &[String], s: &mut String) {
        let query = self.rng.chance(35);
        let method = if query {
            "GET"
        } else {
            *self.rng.pick(&["GET", "POST", "PUT", "PATCH", "DELETE"])
        };
        let name = self.pascal(scope, 5);
        let bodyless = matches!(method, "GET" | "DELETE");
        // Path parameters first: required scalars.
        let mut taken = HashSet::new();
        let mut path = format!("/{}/{}", slug(&self.contexts[ci].name), slug(&name));
        let mut fields = String::new();
        for _ in 0..self.rng.range(0, 2) {
            let f = self.field_name(&mut taken);
            let ty = self.path_type(ci);
            let _ = write!(fields, "\n    {f}: {ty}");
            let _ = write!(path, "/{{{f}}}");
            if self.rng.chance(40) {
                path.push_str("/part");
            }
        }
        let rest = self.fields_taken(ci, None, 0, 4, bodyless, &mut taken);
        if fields.is_empty() {
            fields = rest;
        } else if rest.trim().is_empty() {
            fields.push_str("\n  ");
        } else {
            fields.push_str(&format!("\n   {}", rest.trim_end()));
            fields.push_str("\n  ");
        }
        let kw = if query { "query" } else { "command" };
        self.doc(s, "  ");
        let _ = write!(s, "  {kw} {name} {{{fields}}}");
        if query || self.rng.chance(50) {
            let t = self.returns_type(ci);
            let _ = write!(s, "\n    returns {t}");
        }
        let _ = write!(s, " via http {method} \"{path}\"");
        // Some routes are open to anonymous callers (no authorizer).
        if self.side.chance(25) {
            s.push_str(" public");
        }
        if !query {
            self.emits(events, s);
        }
        s.push('\n');
        self.contexts[ci].messages.push(MsgInfo {
            name,
            event: false,
            internal: false,
            via: Via::Http,
        });
    }

    fn returns_type(&mut self, ci: usize) -> String {
        match self.rng.below(4) {
            0 => format!("list<{}>", self.type_expr_required(ci, None, 1)),
            _ => self.type_expr_required(ci, None, 0),
        }
    }

    /// `subscribe`, `calls` and `sends` of context `ci`, appended to its body.
    fn uses(&mut self, ci: usize, s: &mut String) {
        let mut events = Vec::new();
        let mut http = Vec::new();
        let mut queue = Vec::new();
        for (oi, other) in self.contexts.iter().enumerate() {
            if oi == ci {
                continue;
            }
            for m in &other.messages {
                let path = format!("{}.{}", other.name, m.name);
                match (m.event, m.internal, m.via) {
                    (true, false, _) => events.push(path),
                    // calls only go to earlier contexts: no cycle (E010)
                    (false, false, Via::Http) if oi < ci => http.push(path),
                    (false, false, Via::Queue) => queue.push(path),
                    _ => {}
                }
            }
        }
        let mut done = HashSet::new();
        for _ in 0..self.rng.range(0, 3) {
            if events.is_empty() {
                break;
            }
            let e = self.rng.pick(&events).clone();
            if !done.insert(e.clone()) {
                continue;
            }
            let mut settings = Vec::new();
            let window = self.rng.chance(40);
            if window {
                settings.push(format!(
                    "window {}",
                    self.rng.pick(&["1s", "5s", "300s", "500ms"])
                ));
            }
            if self.rng.chance(40) {
                let batch = if window {
                    self.rng.range(1, 10000)
                } else {
                    self.rng.range(1, 10)
                };
                settings.push(format!("batch {batch}"));
            }
            if self.rng.chance(30) {
                settings.push(format!("retries {}", self.rng.range(1, 1000)));
            }
            if settings.is_empty() {
                let _ = writeln!(s, "  subscribe {e}");
            } else {
                let _ = writeln!(s, "  subscribe {e} {{ {} }}", settings.join(", "));
            }
        }
        for (list, kw) in [(http, "calls"), (queue, "sends")] {
            for _ in 0..self.rng.range(0, 2) {
                if list.is_empty() {
                    break;
                }
                let m = self.rng.pick(&list).clone();
                if done.insert(m.clone()) {
                    let _ = writeln!(s, "  {kw} {m}");
                }
            }
        }
    }
}
