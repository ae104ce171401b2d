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

/// A file or folder name: `LegacyErp` → `legacy-erp`.
pub fn kebab(name: &str) -> String {
    snake(name).replace('_', "-")
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
}
