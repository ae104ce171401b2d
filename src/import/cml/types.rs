//! CML (Java-flavoured) type names → ddgen's: primitives, collections, and
//! the words used to classify `implementationTechnology`.

use crate::syntax::ast::IdBase;

/// ddgen's primitive for a CML/Java primitive or library type name.
pub fn primitive(name: &str) -> Option<&'static str> {
    Some(match name {
        "String" | "string" | "char" | "Character" | "Text" => "string",
        "int" | "Integer" | "long" | "Long" | "short" | "Short" | "byte" | "Byte"
        | "BigInteger" => "int",
        "double" | "Double" | "float" | "Float" => "float",
        "BigDecimal" | "Money" | "MonetaryAmount" => "decimal",
        "boolean" | "Boolean" | "bool" => "bool",
        "Date" | "LocalDate" => "date",
        "DateTime" | "LocalDateTime" | "ZonedDateTime" | "OffsetDateTime" | "Instant"
        | "Timestamp" | "Calendar" => "datetime",
        "UUID" | "Uuid" => "uuid",
        "Blob" | "Clob" | "Bytes" => "bytes",
        "Object" | "JSON" | "Json" | "JsonNode" => "json",
        _ => return None,
    })
}

/// The base of an `id` type whose key field has CML type `name`.
pub fn id_base(name: &str) -> Option<IdBase> {
    match primitive(name)? {
        "string" => Some(IdBase::String),
        "int" => Some(IdBase::Int),
        "uuid" => Some(IdBase::Uuid),
        _ => None,
    }
}

/// How a collection type maps: `List<T>` → `list<T>`, `Map<K, V>` → `map<V>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    List,
    Map,
    Optional,
}

pub fn wrapper(name: &str) -> Option<Wrapper> {
    Some(match name {
        "List" | "Set" | "Collection" | "Iterable" | "ArrayList" | "LinkedList" | "HashSet"
        | "TreeSet" | "SortedSet" | "Bag" => Wrapper::List,
        "Map" | "HashMap" | "TreeMap" | "SortedMap" | "LinkedHashMap" => Wrapper::Map,
        "Optional" => Wrapper::Optional,
        _ => return None,
    })
}

/// What an `implementationTechnology` says about how a context is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Transport {
    Http,
    Messaging,
}

/// `"RESTfulHTTP"`, `"gRPC"`, `"SOAP"` → HTTP; `"RabbitMQ"`, `"Kafka"`,
/// `"Messaging"`, `"SQS"` → messaging; anything else says nothing.
pub fn transport(technology: &str) -> Option<Transport> {
    let t = technology.to_ascii_lowercase();
    const MESSAGING: &[&str] = &[
        "messag", "kafka", "rabbit", "amqp", "jms", "sqs", "sns", "queue", "event", "mqtt",
        "pulsar", "activemq", "kinesis", "pub/sub", "pubsub",
    ];
    const HTTP: &[&str] = &[
        "http",
        "rest",
        "grpc",
        "soap",
        "graphql",
        "web service",
        "webservice",
        "rpc",
        "api",
    ];
    if MESSAGING.iter().any(|w| t.contains(w)) {
        Some(Transport::Messaging)
    } else if HTTP.iter().any(|w| t.contains(w)) {
        Some(Transport::Http)
    } else {
        None
    }
}

/// Message names (`checkDocumentation` → `CheckDocumentation`) and HTTP
/// path segments (`CheckDocumentation` → `check-documentation`) are spelled
/// as the generator spells names.
pub use crate::generate::names::{kebab, pascal};

/// `CheckInsurance` → `checkInsurance` (a parameter named after its type).
pub fn camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives_and_collections() {
        assert_eq!(primitive("String"), Some("string"));
        assert_eq!(primitive("BigDecimal"), Some("decimal"));
        assert_eq!(primitive("long"), Some("int"));
        assert_eq!(primitive("Date"), Some("date"));
        assert_eq!(primitive("Customer"), None);
        assert_eq!(wrapper("Set"), Some(Wrapper::List));
        assert_eq!(wrapper("Map"), Some(Wrapper::Map));
        assert_eq!(id_base("int"), Some(IdBase::Int));
        assert_eq!(id_base("BigDecimal"), None);
    }

    #[test]
    fn technologies() {
        assert_eq!(transport("RESTfulHTTP"), Some(Transport::Http));
        assert_eq!(transport("SOAP"), Some(Transport::Http));
        assert_eq!(transport("RabbitMQ"), Some(Transport::Messaging));
        assert_eq!(transport("Kafka"), Some(Transport::Messaging));
        assert_eq!(transport("Java, Spring App"), None);
        assert_eq!(
            transport("Shared Java Library, Communication over RESTful HTTP"),
            Some(Transport::Http)
        );
    }

    #[test]
    fn names() {
        assert_eq!(pascal("checkDocumentation"), "CheckDocumentation");
        assert_eq!(pascal("insurance_quote_requests"), "InsuranceQuoteRequests");
        assert_eq!(camel("CheckInsurance"), "checkInsurance");
        assert_eq!(kebab("CheckDocumentation"), "check-documentation");
        assert_eq!(
            kebab("insurance_quote_requests"),
            "insurance-quote-requests"
        );
        assert_eq!(kebab("CustomerDTO"), "customer-dto");
    }
}
