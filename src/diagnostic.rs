//! The one diagnostic type every stage produces, and the table of codes.
//!
//! Finding problems and rendering them are kept apart: stages build
//! [`Diagnostic`] values; only `render` turns them into text.

use crate::source::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information that fails nothing: what `import` could not carry over,
    /// an informational `diff` finding.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

macro_rules! codes {
    ($($code:ident: $sev:ident, $title:literal;)*) => {
        /// A stable diagnostic code (`language.md` §4). Never reuse one.
        /// `E0xx` and `W1xx` are the model's rules (`check`); other commands
        /// add families of their own with a letter of their own.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($code,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code),)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$code => Severity::$sev,)* }
            }

            /// One line saying what the rule is about.
            pub fn title(self) -> &'static str {
                match self { $(Code::$code => $title,)* }
            }
        }
    };
}

codes! {
    E001: Error, "syntax error";
    E002: Error, "duplicate name in one scope";
    E003: Error, "unresolved name";
    E004: Error, "wrong kind of thing referenced";
    E005: Error, "ambiguous bare name";
    E006: Error, "message not exposed for this use";
    E007: Error, "duplicate HTTP route";
    E008: Error, "invalid path or query parameter";
    E009: Error, "invalid relationship in the context map";
    E010: Error, "cycle of synchronous calls";
    E011: Error, "declared relationship contradicts the message flow";
    E012: Error, "type contains itself";
    E013: Error, "aggregate without identity";
    E014: Error, "emits an event that is not the context's own";
    E015: Error, "separate ways, but messages or types flow";
    E016: Error, "setting out of range";
    E017: Error, "names collide in the generated code";
    E018: Error, "`public` on an operation that is not `via http`";
    E020: Error, "index names an unknown field";
    E021: Error, "index key of a type DynamoDB cannot key on";
    E022: Error, "duplicate index";
    E023: Error, "too many indexes in one context";
    E024: Error, "schedule the generated system cannot run";
    W101: Warning, "published event without subscribers";
    W102: Warning, "subdomain or capability implemented by no context";
    W103: Warning, "context implements nothing";
    W104: Warning, "core context without an owner team";
    W105: Warning, "derived relationship missing from the map";
    W106: Warning, "declared relationship without flow";
    W107: Warning, "anticorruption layer bypassed";
    W108: Warning, "deep synchronous call chain";
    W109: Warning, "aggregate held by value";
    W110: Warning, "context subscribes to its own event";
    W111: Warning, "anticorruption layer on a customer-supplier relationship";
    W112: Warning, "allow that silenced nothing";
    W113: Warning, "index partitioned by the aggregate's identity";
    I201: Error, "CML syntax error";
    I202: Note, "CML construct not carried over";
    I203: Warning, "conflicting relationships for one pair of contexts";
    I204: Note, "duplicate relationship merged";
    I205: Warning, "reference against the declared relationship replaced";
    I206: Note, "undeclared type imported as an empty value";
    I207: Warning, "name changed on import";
    I208: Warning, "relationship changed to fit ddgen's rules";
    I209: Note, "reference made optional to break a containment cycle";
    // D3xx: `ddgen diff` findings; the severity is the rule's default
    // (breaking = error, warning, information = note); src/diff/registry.rs.
    D301: Error, "consumed context removed";
    D302: Warning, "unconsumed context removed";
    D303: Error, "consumed message removed";
    D304: Warning, "unconsumed message removed";
    D305: Error, "consumed message moved to another context";
    D306: Error, "consumed declaration or field renamed";
    D307: Note, "unconsumed declaration or field renamed or moved";
    D308: Error, "transport of a consumed message changed";
    D309: Error, "route of a consumed message changed";
    D310: Error, "type named by another context removed";
    D311: Error, "required field added to an input";
    D312: Error, "field removed from an output";
    D313: Error, "output field made optional";
    D314: Error, "input field made required";
    D315: Error, "type of a consumed field or response changed";
    D316: Warning, "field removed from an input";
    D317: Error, "value removed from a consumed enum";
    D318: Warning, "value added to an enum consumers read";
    D319: Warning, "context map relationship changed";
    D320: Warning, "context map relationship removed";
    D321: Warning, "deploy setting lowered";
    D322: Note, "documentation changed";
    D323: Note, "owner team changed";
    D324: Note, "vision changed";
    // G4xx: `ddgen generate` findings about the output folder, before
    // anything is written; src/generate/findings/.
    G401: Warning, "override of an operation that left the model";
    G402: Warning, "application service from before the generation gap";
    G403: Warning, "stateful resource deleted on deploy";
    G404: Warning, "stateful resource replaced on deploy";
}

impl Code {
    /// A warning of `check` (`W1xx`), the only codes `allow` silences.
    pub fn is_check_warning(self) -> bool {
        self.severity() == Severity::Warning && self.as_str().starts_with('W')
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location with a message ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Text under the primary underline; empty for none.
    pub label: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// Further places where an `allow` may silence this diagnostic
    /// (besides the declaration holding the primary span).
    pub allow_anchors: Vec<Span>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            label: String::new(),
            labels: Vec::new(),
            help: None,
            allow_anchors: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn allow_anchor(mut self, span: Span) -> Self {
        self.allow_anchors.push(span);
        self
    }

    /// Sort key that makes output independent of discovery order.
    pub fn sort_key(&self) -> (Span, Code, &str) {
        (self.span, self.code, self.message.as_str())
    }
}

/// The diagnostics a stage found; stages append, the driver sorts.
pub type Diagnostics = Vec<Diagnostic>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_match_severity_letter() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()));
            let letter = code.as_str().as_bytes()[0];
            match letter {
                b'E' => assert_eq!(code.severity(), Severity::Error),
                b'W' => assert_eq!(code.severity(), Severity::Warning),
                _ => {}
            }
        }
        assert_eq!(Code::parse("w101"), Some(Code::W101));
        assert_eq!(Code::parse("W999"), None);
    }
}
