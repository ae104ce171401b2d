//! The owned syntax tree of one `.ddd` file, every node with its span.
//!
//! Names are unresolved here; `model` resolves them. Settings and enumerated
//! words (broker, store, roles, patterns, HTTP methods) are already checked.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// `Name` or `Context.Name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub segments: Vec<Ident>,
    pub span: Span,
}

impl Path {
    pub fn text(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// A value with the span it was written at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// `allow W101 "reason"`; `scope` is the declaration it sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub code: Ident,
    pub reason: Str,
    pub span: Span,
    pub scope: Span,
}

#[derive(Debug, Default)]
pub struct File {
    pub systems: Vec<System>,
    pub domains: Vec<Domain>,
    pub teams: Vec<Team>,
    pub contexts: Vec<Context>,
    pub maps: Vec<Map>,
    pub allows: Vec<Allow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Broker {
    Sns,
    EventBridge,
}

/// The processor architecture of the system's Lambda functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Architecture {
    /// AWS Graviton (`arm64`), the default: cheaper per GB-second.
    #[default]
    Arm64,
    X86_64,
}

impl Architecture {
    /// The word in the language and in SAM's `Architectures`.
    pub fn word(self) -> &'static str {
        match self {
            Architecture::Arm64 => "arm64",
            Architecture::X86_64 => "x86_64",
        }
    }
}

#[derive(Debug)]
pub struct System {
    pub name: Ident,
    pub docs: Option<String>,
    pub broker: Option<Spanned<Broker>>,
    pub python: Option<Str>,
    pub architecture: Option<Spanned<Architecture>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Domain {
    pub name: Ident,
    pub docs: Option<String>,
    pub vision: Option<Str>,
    pub parts: Vec<Subdomain>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartKind {
    Subdomain,
    Capability,
}

/// `core | supporting | generic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    Core,
    Supporting,
    Generic,
}

impl Classification {
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Core => "core",
            Classification::Supporting => "supporting",
            Classification::Generic => "generic",
        }
    }
}

#[derive(Debug)]
pub struct Subdomain {
    pub kind: PartKind,
    pub name: Ident,
    pub class: Option<Spanned<Classification>>,
    pub docs: Option<String>,
    pub vision: Option<Str>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Team {
    pub name: Ident,
    pub docs: Option<String>,
    pub contact: Option<Str>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    DynamoDb,
    None,
}

#[derive(Debug)]
pub struct Term {
    pub term: Str,
    pub definition: Str,
    pub docs: Option<String>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Context {
    pub name: Ident,
    pub docs: Option<String>,
    pub implements: Vec<Path>,
    pub owner: Option<Ident>,
    pub vision: Option<Str>,
    pub store: Option<Spanned<Store>>,
    pub language: Vec<Term>,
    pub types: Vec<TypeDecl>,
    pub messages: Vec<Message>,
    pub subscriptions: Vec<Subscribe>,
    pub calls: Vec<Path>,
    pub sends: Vec<Path>,
    pub deploy: Option<Deploy>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdBase {
    Uuid,
    String,
    Int,
}

#[derive(Debug)]
pub enum TypeKind {
    Id(IdBase),
    Enum(Vec<Variant>),
    Value,
    Entity,
    Aggregate,
}

#[derive(Debug)]
pub struct Variant {
    pub name: Ident,
    pub docs: Option<String>,
}

#[derive(Debug)]
pub struct TypeDecl {
    pub kind: TypeKind,
    pub name: Ident,
    pub docs: Option<String>,
    pub fields: Vec<Field>,
    /// An aggregate's secondary indexes (`index ByCustomer(customer)`).
    pub indexes: Vec<Index>,
    pub span: Span,
}

/// `index ByCustomer(customer, placed_at)` in an aggregate: the partition
/// field, then at most one sort field (more is E001 from the lowering).
#[derive(Debug)]
pub struct Index {
    pub name: Ident,
    pub fields: Vec<Ident>,
    pub docs: Option<String>,
    pub span: Span,
}

/// `every 5m` (a rate as written: digits and a unit) or `every "cron(...)"`
/// on a command; `validate::schedules` checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleSpec {
    Rate(String),
    Expression(Str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub spec: ScheduleSpec,
    /// The whole `every ...` clause.
    pub span: Span,
    /// The rate or the string.
    pub value_span: Span,
}

#[derive(Debug)]
pub struct Field {
    pub name: Ident,
    pub ty: TypeExpr,
    pub docs: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExprKind {
    Named(Path),
    List(Box<TypeExpr>),
    Map(Box<TypeExpr>),
    Optional(Box<TypeExpr>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MessageKind {
    Command,
    Query,
    Event,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Command => "command",
            MessageKind::Query => "query",
            MessageKind::Event => "event",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub const ALL: [(&'static str, HttpMethod); 5] = [
        ("GET", HttpMethod::Get),
        ("POST", HttpMethod::Post),
        ("PUT", HttpMethod::Put),
        ("PATCH", HttpMethod::Patch),
        ("DELETE", HttpMethod::Delete),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(s, _)| *s)
            .unwrap_or("GET")
    }

    /// Lower case, as OpenAPI path items, SAM `Api` events and Powertools
    /// route decorators spell it.
    pub fn lowercase(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Post => "post",
            HttpMethod::Put => "put",
            HttpMethod::Patch => "patch",
            HttpMethod::Delete => "delete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Http {
        method: Spanned<HttpMethod>,
        path: Str,
    },
    Queue,
}

#[derive(Debug)]
pub struct Message {
    pub kind: MessageKind,
    /// `internal event`; commands and queries are internal when they have no `via`.
    pub internal: bool,
    pub name: Ident,
    pub docs: Option<String>,
    pub fields: Vec<Field>,
    pub returns: Option<TypeExpr>,
    pub via: Option<Spanned<Via>>,
    pub emits: Vec<Path>,
    /// `every ...`: the command is sent on a schedule.
    pub schedule: Option<Schedule>,
    /// The `public` clause: a `via http` route open to anonymous callers.
    pub public: Option<Span>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Subscribe {
    pub target: Path,
    pub batch: Option<Spanned<u32>>,
    pub window_ms: Option<Spanned<u32>>,
    pub retries: Option<Spanned<u32>>,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Deploy {
    pub memory: Option<Spanned<u32>>,
    pub timeout_ms: Option<Spanned<u32>>,
    pub concurrency: Option<Spanned<u32>>,
    pub throttle: Option<Spanned<u32>>,
    pub burst: Option<Spanned<u32>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Map {
    pub name: Ident,
    pub docs: Option<String>,
    pub relationships: Vec<Relationship>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Ohs,
    Pl,
    Acl,
    Cf,
}

impl Role {
    pub const ALL: [(&'static str, Role); 4] = [
        ("OHS", Role::Ohs),
        ("PL", Role::Pl),
        ("ACL", Role::Acl),
        ("CF", Role::Cf),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, r)| *r == self)
            .map(|(s, _)| *s)
            .unwrap_or("")
    }

    pub fn is_upstream(self) -> bool {
        matches!(self, Role::Ohs | Role::Pl)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arrow {
    /// `->`: left upstream, right downstream.
    Directed,
    /// `<->`: symmetric.
    Symmetric,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pattern {
    CustomerSupplier,
    Partnership,
    SharedKernel,
    SeparateWays,
}

impl Pattern {
    pub const ALL: [(&'static str, Pattern); 4] = [
        ("customer-supplier", Pattern::CustomerSupplier),
        ("partnership", Pattern::Partnership),
        ("shared-kernel", Pattern::SharedKernel),
        ("separate-ways", Pattern::SeparateWays),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(s, _)| *s)
            .unwrap_or("")
    }
}

#[derive(Debug)]
pub struct Relationship {
    pub left: Ident,
    pub left_roles: Vec<Spanned<Role>>,
    pub arrow: Spanned<Arrow>,
    pub right_roles: Vec<Spanned<Role>>,
    pub right: Ident,
    pub pattern: Option<Spanned<Pattern>>,
    pub docs: Option<String>,
    pub span: Span,
}
