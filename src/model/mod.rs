//! Stage 2: the resolved model — the API the map and the generators read.
//!
//! Every declaration lives in one flat vector of the [`Model`] and is referred
//! to by a typed id; names are resolved, defaults applied, and the derived
//! relationship graph ([`RelationGraph`]) is built. Nothing here refers back
//! to the syntax tree.

mod cron;
mod graph;
mod resolve;
pub mod schema;
mod symbol;

pub use schema::{Index, Schedule, ScheduleSpec};

pub use crate::syntax::ast::{
    Architecture, Arrow, Broker, Classification, HttpMethod, IdBase, MessageKind, PartKind,
    Pattern, Role, Spanned, Store,
};
pub use graph::{Dependency, Flow, FlowKind, RelationGraph};
pub use resolve::{default_system_name, resolve};
pub use symbol::{Reference, Symbol};

use crate::source::Span;

macro_rules! ids {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}
ids!(
    DomainId,
    SubdomainId,
    TeamId,
    ContextId,
    TypeId,
    MessageId,
    SubscriptionId,
    UseId
);

/// Deploy defaults, used where a context has no `deploy` setting.
pub mod defaults {
    pub const MEMORY_MB: u32 = 256;
    pub const TIMEOUT_MS: u32 = 10_000;
    pub const THROTTLE_RPS: u32 = 50;
    pub const BURST: u32 = 100;
    pub const BATCH: u32 = 10;
    pub const WINDOW_MS: u32 = 0;
    pub const RETRIES: u32 = 3;
    pub const PYTHON: &str = "3.12";
}

#[derive(Debug)]
pub struct Model {
    pub system: System,
    pub domains: Vec<Domain>,
    pub subdomains: Vec<Subdomain>,
    pub teams: Vec<Team>,
    pub contexts: Vec<Context>,
    pub types: Vec<TypeDef>,
    pub messages: Vec<Message>,
    pub subscriptions: Vec<Subscription>,
    pub uses: Vec<Use>,
    pub map: Option<ContextMap>,
    pub graph: RelationGraph,
    /// Every `allow` written in the model, for the validator.
    pub allows: Vec<Allow>,
    /// References that failed to resolve (each already an error).
    pub unresolved: Unresolved,
    /// Every resolved name in the model's text and what it names, in the
    /// order the resolver met them (navigation, rename).
    pub references: Vec<Reference>,
}

/// What failed to resolve, so that rules about something missing (W101–W104)
/// do not pile warnings on top of an error that is the real cause.
#[derive(Debug, Default)]
pub struct Unresolved {
    /// Contexts with an `implements` that did not resolve.
    pub implements: Vec<ContextId>,
    /// Contexts whose `owner` did not resolve.
    pub owners: Vec<ContextId>,
    /// Last segments of `implements` and `subscribe` targets that did not resolve.
    pub names: Vec<String>,
}

impl Unresolved {
    /// Past this many failed references every name counts as possibly meant,
    /// so absence warnings stay quiet in a model that broken, and the check
    /// below stays linear (absence rules ask once per message or subdomain).
    pub const MAY_MEAN_LIMIT: usize = 64;

    /// Whether a failed reference may have meant `name` (equal or a likely typo).
    pub fn may_mean(&self, name: &str) -> bool {
        self.names.len() > Self::MAY_MEAN_LIMIT
            || self
                .names
                .iter()
                .any(|n| n == name || crate::suggest::did_you_mean(n, [name]).is_some())
    }
}

impl Model {
    pub fn domain(&self, id: DomainId) -> &Domain {
        &self.domains[id.index()]
    }
    pub fn subdomain(&self, id: SubdomainId) -> &Subdomain {
        &self.subdomains[id.index()]
    }
    pub fn team(&self, id: TeamId) -> &Team {
        &self.teams[id.index()]
    }
    pub fn context(&self, id: ContextId) -> &Context {
        &self.contexts[id.index()]
    }
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }
    pub fn message(&self, id: MessageId) -> &Message {
        &self.messages[id.index()]
    }
    pub fn subscription(&self, id: SubscriptionId) -> &Subscription {
        &self.subscriptions[id.index()]
    }
    pub fn use_(&self, id: UseId) -> &Use {
        &self.uses[id.index()]
    }

    /// `Context.Name` of a message.
    pub fn message_path(&self, id: MessageId) -> String {
        let m = self.message(id);
        format!("{}.{}", self.context(m.context).name, m.name)
    }

    /// `Context.Name` of a type.
    pub fn type_path(&self, id: TypeId) -> String {
        let t = self.type_def(id);
        format!("{}.{}", self.context(t.context).name, t.name)
    }

    /// The subscriptions that consume event `id`.
    pub fn subscribers(&self, id: MessageId) -> impl Iterator<Item = &Subscription> {
        self.subscriptions.iter().filter(move |s| s.event == id)
    }

    /// Writes a type reference as the model would (`list<Money>?`).
    pub fn type_ref_text(&self, t: &TypeRef, from: ContextId) -> String {
        match t {
            TypeRef::Primitive(p) => p.as_str().to_string(),
            TypeRef::Named(id) if self.type_def(*id).context == from => {
                self.type_def(*id).name.clone()
            }
            TypeRef::Named(id) => self.type_path(*id),
            TypeRef::List(t) => format!("list<{}>", self.type_ref_text(t, from)),
            TypeRef::Map(t) => format!("map<{}>", self.type_ref_text(t, from)),
            TypeRef::Optional(t) => format!("{}?", self.type_ref_text(t, from)),
            TypeRef::Unresolved => "?".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Allow {
    pub code: String,
    pub code_span: Span,
    pub reason: String,
    pub span: Span,
    /// The declaration whose diagnostics it silences.
    pub scope: Span,
}

#[derive(Debug)]
pub struct System {
    pub name: String,
    pub docs: Option<String>,
    pub broker: Broker,
    /// Python version for the Lambda runtime, e.g. `3.12`.
    pub python: String,
    /// Processor architecture of every Lambda function (`arm64` by default).
    pub architecture: Architecture,
    pub span: Option<Span>,
}

#[derive(Debug)]
pub struct Domain {
    pub id: DomainId,
    pub name: String,
    pub docs: Option<String>,
    pub vision: Option<String>,
    pub subdomains: Vec<SubdomainId>,
    pub span: Span,
    pub name_span: Span,
}

#[derive(Debug)]
pub struct Subdomain {
    pub id: SubdomainId,
    pub domain: DomainId,
    pub kind: PartKind,
    pub name: String,
    pub class: Classification,
    pub docs: Option<String>,
    pub vision: Option<String>,
    /// Contexts that implement it, in context order.
    pub implemented_by: Vec<ContextId>,
    pub span: Span,
    pub name_span: Span,
}

#[derive(Debug)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub docs: Option<String>,
    pub contact: Option<String>,
    /// Contexts it owns, in context order.
    pub contexts: Vec<ContextId>,
    pub span: Span,
    pub name_span: Span,
}

#[derive(Debug)]
pub struct Term {
    pub term: String,
    pub definition: String,
    pub docs: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deploy {
    pub memory_mb: u32,
    pub timeout_ms: u32,
    pub concurrency: Option<u32>,
    pub throttle_rps: u32,
    pub burst: u32,
}

#[derive(Debug)]
pub struct Context {
    pub id: ContextId,
    pub name: String,
    pub docs: Option<String>,
    pub vision: Option<String>,
    pub implements: Vec<SubdomainId>,
    pub owner: Option<TeamId>,
    pub store: Store,
    pub language: Vec<Term>,
    pub types: Vec<TypeId>,
    pub messages: Vec<MessageId>,
    pub subscriptions: Vec<SubscriptionId>,
    pub calls: Vec<UseId>,
    pub sends: Vec<UseId>,
    pub deploy: Deploy,
    pub span: Span,
    pub name_span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    String,
    Int,
    Float,
    Decimal,
    Bool,
    Date,
    DateTime,
    Uuid,
    Bytes,
    Json,
}

impl Primitive {
    pub const ALL: [(&'static str, Primitive); 10] = [
        ("string", Primitive::String),
        ("int", Primitive::Int),
        ("float", Primitive::Float),
        ("decimal", Primitive::Decimal),
        ("bool", Primitive::Bool),
        ("date", Primitive::Date),
        ("datetime", Primitive::DateTime),
        ("uuid", Primitive::Uuid),
        ("bytes", Primitive::Bytes),
        ("json", Primitive::Json),
    ];

    pub fn from_name(name: &str) -> Option<Primitive> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(n, _)| *n)
            .unwrap_or("string")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    Primitive(Primitive),
    Named(TypeId),
    List(Box<TypeRef>),
    Map(Box<TypeRef>),
    Optional(Box<TypeRef>),
    /// A name that did not resolve (an E003/E004 was reported).
    Unresolved,
}

impl TypeRef {
    /// Named types this reference mentions, at any depth.
    pub fn named(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Optional(t) => t.named(out),
            _ => {}
        }
    }

    /// The named type held directly (no list, map or optional in between).
    pub fn direct(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct Field {
    pub name: String,
    pub ty: TypeRef,
    pub docs: Option<String>,
    pub span: Span,
    pub name_span: Span,
    pub ty_span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDefKind {
    Id(IdBase),
    Enum(Vec<Variant>),
    Value,
    Entity,
    Aggregate,
}

impl TypeDefKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            TypeDefKind::Id(_) => "id",
            TypeDefKind::Enum(_) => "enum",
            TypeDefKind::Value => "value",
            TypeDefKind::Entity => "entity",
            TypeDefKind::Aggregate => "aggregate",
        }
    }

    /// Value, entity or aggregate: a type made of fields.
    pub fn is_structured(&self) -> bool {
        matches!(
            self,
            TypeDefKind::Value | TypeDefKind::Entity | TypeDefKind::Aggregate
        )
    }
}

#[derive(Debug)]
pub struct TypeDef {
    pub id: TypeId,
    pub context: ContextId,
    pub name: String,
    pub kind: TypeDefKind,
    pub fields: Vec<Field>,
    /// An aggregate's secondary indexes (`validate::indexes` checks them).
    pub indexes: Vec<Index>,
    pub docs: Option<String>,
    pub span: Span,
    pub name_span: Span,
}

impl TypeDef {
    pub fn is_aggregate(&self) -> bool {
        self.kind == TypeDefKind::Aggregate
    }
}

impl Model {
    /// The identity field of an aggregate: its first field whose type is an
    /// `id` declared in the same context.
    pub fn key_field<'m>(&'m self, t: &'m TypeDef) -> Option<&'m Field> {
        t.fields.iter().find(|f| {
            f.ty.direct().is_some_and(|id| {
                let target = self.type_def(id);
                target.context == t.context && matches!(target.kind, TypeDefKind::Id(_))
            })
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Http {
        method: HttpMethod,
        path: String,
        method_span: Span,
        path_span: Span,
    },
    Queue,
}

#[derive(Debug)]
pub struct Message {
    pub id: MessageId,
    pub context: ContextId,
    pub kind: MessageKind,
    /// Not usable outside its context: an `internal event`, or a command or
    /// query without `via`.
    pub internal: bool,
    pub name: String,
    pub docs: Option<String>,
    pub fields: Vec<Field>,
    pub returns: Option<(TypeRef, Span)>,
    pub via: Option<Via>,
    pub via_span: Option<Span>,
    /// Events that handling it may publish (resolved; checked by E004/E014).
    pub emits: Vec<(MessageId, Span)>,
    /// `every ...` (`validate::schedules` checks it).
    pub schedule: Option<Schedule>,
    /// The `public` clause: anonymous callers may use this `via http` route
    /// (checked by E018; `docs/language.md`).
    pub public: Option<Span>,
    pub span: Span,
    pub name_span: Span,
}

impl Message {
    pub fn is_http(&self) -> bool {
        matches!(self.via, Some(Via::Http { .. }))
    }
    /// A `via http` route open to anonymous callers (`public`).
    pub fn is_public_http(&self) -> bool {
        self.is_http() && self.public.is_some()
    }
    pub fn is_queue(&self) -> bool {
        matches!(self.via, Some(Via::Queue))
    }
    /// A non-internal event: published on the broker.
    pub fn is_published_event(&self) -> bool {
        self.kind == MessageKind::Event && !self.internal
    }
}

#[derive(Debug)]
pub struct Subscription {
    pub id: SubscriptionId,
    /// The subscriber.
    pub context: ContextId,
    /// The message subscribed to (an event unless E004 was reported).
    pub event: MessageId,
    pub batch: u32,
    pub window_ms: u32,
    pub retries: u32,
    pub span: Span,
    pub target_span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UseKind {
    Calls,
    Sends,
}

impl UseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UseKind::Calls => "calls",
            UseKind::Sends => "sends",
        }
    }
}

/// A `calls` or `sends` from `context` to another context's message.
#[derive(Debug)]
pub struct Use {
    pub id: UseId,
    pub context: ContextId,
    pub kind: UseKind,
    pub target: MessageId,
    pub span: Span,
    pub target_span: Span,
}

#[derive(Debug)]
pub struct ContextMap {
    pub name: String,
    pub docs: Option<String>,
    pub relationships: Vec<DeclaredRelationship>,
    pub span: Span,
    pub name_span: Span,
}

/// A relationship written in the `map`. For `->`, `left` is upstream.
#[derive(Debug)]
pub struct DeclaredRelationship {
    pub left: ContextId,
    pub right: ContextId,
    pub left_roles: Vec<Spanned<Role>>,
    pub right_roles: Vec<Spanned<Role>>,
    pub arrow: Arrow,
    pub pattern: Option<Spanned<Pattern>>,
    pub docs: Option<String>,
    pub span: Span,
    pub left_span: Span,
    pub right_span: Span,
    pub arrow_span: Span,
}

impl DeclaredRelationship {
    pub fn roles(&self) -> impl Iterator<Item = &Spanned<Role>> {
        self.left_roles.iter().chain(&self.right_roles)
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles().any(|r| r.value == role)
    }

    /// The unordered pair, smallest id first.
    pub fn pair(&self) -> (ContextId, ContextId) {
        (self.left.min(self.right), self.left.max(self.right))
    }
}
