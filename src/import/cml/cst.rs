//! The importer's own view of a CML file: what `grammar/cml.pest` recognised,
//! owned, with spans into the CML text. Nothing here is ddgen's model yet;
//! `lower` maps it. Tests assert the mapping against this view.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Without CML's `^` keyword escape.
    pub text: String,
    pub span: Span,
}

/// `key = value` or `key value, value`.
#[derive(Debug, Clone)]
pub struct Setting {
    pub key: Name,
    pub values: Vec<String>,
    pub span: Span,
}

impl Setting {
    pub fn joined(&self) -> String {
        self.values.join(", ")
    }
}

/// A construct read but not taken apart (`UseCase`, `Repository`, a line the
/// grammar does not know): reported, never silently dropped.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The first word of the construct (`UseCase`), or the line's text.
    pub what: String,
    pub span: Span,
    /// Whether it cannot be CML at all (a syntax error) rather than CML
    /// ddgen has no counterpart for.
    pub syntax_error: bool,
}

#[derive(Debug, Default)]
pub struct CmlFile {
    pub imports: Vec<Name>,
    pub maps: Vec<ContextMap>,
    pub contexts: Vec<BoundedContext>,
    pub domains: Vec<Domain>,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug)]
pub struct ContextMap {
    pub name: Option<Name>,
    pub docs: Option<String>,
    pub settings: Vec<Setting>,
    pub contains: Vec<Name>,
    pub relationships: Vec<Relationship>,
    pub span: Span,
}

/// How a relationship is written between its two names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Connector {
    /// `->`
    Right,
    /// `<-`
    Left,
    /// `<->`
    Both,
    UpstreamDownstream,
    DownstreamUpstream,
    CustomerSupplier,
    SupplierCustomer,
    Partnership,
    SharedKernel,
}

impl Connector {
    pub fn parse(s: &str) -> Option<Connector> {
        Some(match s {
            "->" => Connector::Right,
            "<-" => Connector::Left,
            "<->" => Connector::Both,
            "Upstream-Downstream" => Connector::UpstreamDownstream,
            "Downstream-Upstream" => Connector::DownstreamUpstream,
            "Customer-Supplier" => Connector::CustomerSupplier,
            "Supplier-Customer" => Connector::SupplierCustomer,
            "Partnership" => Connector::Partnership,
            "Shared-Kernel" => Connector::SharedKernel,
            _ => return None,
        })
    }
}

#[derive(Debug)]
pub struct Relationship {
    pub left: Name,
    pub left_roles: Vec<Name>,
    pub connector: Connector,
    pub connector_span: Span,
    pub right_roles: Vec<Name>,
    pub right: Name,
    pub name: Option<Name>,
    pub docs: Option<String>,
    pub settings: Vec<Setting>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct BoundedContext {
    pub name: Option<Name>,
    pub docs: Option<String>,
    pub implements: Vec<Name>,
    pub realizes: Vec<Name>,
    pub refines: Vec<Name>,
    pub settings: Vec<Setting>,
    pub aggregates: Vec<Aggregate>,
    /// Domain objects and services written outside an aggregate
    /// (directly in the context, a module or an `Application`).
    pub loose: Aggregate,
    pub flows: Vec<Flow>,
    /// `Module`s whose contents were flattened into the context.
    pub modules: Vec<Name>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

impl BoundedContext {
    pub fn name(&self) -> &str {
        self.name.as_ref().map(|n| n.text.as_str()).unwrap_or("")
    }

    pub fn setting(&self, key: &str) -> Option<&Setting> {
        self.settings.iter().find(|s| s.key.text == key)
    }
}

#[derive(Debug, Default)]
pub struct Aggregate {
    pub name: Option<Name>,
    pub docs: Option<String>,
    pub settings: Vec<Setting>,
    pub objects: Vec<DomainObject>,
    pub services: Vec<Service>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Entity,
    ValueObject,
    DomainEvent,
    CommandEvent,
    DataTransferObject,
    Enum,
}

#[derive(Debug)]
pub struct DomainObject {
    pub kind: ObjectKind,
    pub name: Name,
    pub docs: Option<String>,
    pub is_abstract: bool,
    pub extends: Option<Name>,
    pub root: bool,
    pub fields: Vec<Field>,
    pub operations: Vec<Operation>,
    pub values: Vec<Name>,
    pub settings: Vec<Setting>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct TypeRef {
    /// Without the `@` marker.
    pub name: Name,
    pub args: Vec<TypeRef>,
    pub array: bool,
    pub span: Span,
}

#[derive(Debug)]
pub struct Field {
    /// Written with `-` (a reference to a domain object).
    pub reference: bool,
    pub ty: TypeRef,
    pub name: Name,
    pub modifiers: Vec<String>,
    pub docs: Option<String>,
    pub span: Span,
}

impl Field {
    pub fn is_key(&self) -> bool {
        self.modifiers.iter().any(|m| m == "key")
    }
}

#[derive(Debug)]
pub struct Param {
    pub ty: TypeRef,
    pub name: Option<Name>,
}

#[derive(Debug)]
pub struct Operation {
    pub returns: Option<TypeRef>,
    pub name: Name,
    pub params: Vec<Param>,
    /// What follows the parameters (`: read-only`, `: write [A -> B]`), trimmed.
    pub tail: String,
    pub tail_span: Span,
    pub docs: Option<String>,
    pub span: Span,
}

impl Operation {
    pub fn read_only(&self) -> bool {
        self.tail.contains("read-only") || self.tail.trim_start_matches(':').trim() == "read"
    }

    pub fn state_transition(&self) -> bool {
        self.tail.contains('[')
    }
}

#[derive(Debug)]
pub struct Service {
    pub name: Name,
    pub docs: Option<String>,
    pub operations: Vec<Operation>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Command,
    Operation,
}

#[derive(Debug)]
pub enum FlowStep {
    /// `command C [delegates to A [S -> T]] emits event E (+ E2)*`
    Emits {
        kind: StepKind,
        source: Name,
        events: Vec<Name>,
        delegation: Option<Span>,
        span: Span,
    },
    /// `event E (+ E2)* triggers command C (X D)*`
    Triggers {
        events: Vec<Name>,
        kind: StepKind,
        targets: Vec<Name>,
        span: Span,
    },
}

#[derive(Debug)]
pub struct Flow {
    pub name: Name,
    pub steps: Vec<FlowStep>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Domain {
    pub name: Name,
    pub docs: Option<String>,
    pub settings: Vec<Setting>,
    pub subdomains: Vec<Subdomain>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Subdomain {
    pub name: Name,
    pub docs: Option<String>,
    pub settings: Vec<Setting>,
    pub supports: Vec<Name>,
    pub skipped: Vec<Skipped>,
    pub span: Span,
}

/// The value of the first setting called `key`.
pub fn setting<'a>(settings: &'a [Setting], key: &str) -> Option<&'a Setting> {
    settings.iter().find(|s| s.key.text == key)
}
