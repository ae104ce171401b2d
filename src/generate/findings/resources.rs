//! The resources of a CloudFormation/SAM template as ddgen lays it out
//! (`Resources:` at the margin, logical ids indented two spaces, `Type` and
//! `Properties` four, each property six with its value below it): enough
//! to compare two generations' stateful resources without a YAML parser.
//! A template laid out otherwise yields fewer resources, never an error.

use std::collections::BTreeMap;

/// One resource of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    /// Where the logical id is in the template.
    pub at: std::ops::Range<usize>,
    pub ty: String,
    /// `DeletionPolicy: Retain`: deleting it from the stack keeps it.
    pub retained: bool,
    /// Each top-level property's text (its value and the lines below it).
    pub properties: BTreeMap<String, String>,
}

/// The resources of `template`, in order.
pub fn resources(template: &str) -> Vec<Resource> {
    let mut out: Vec<Resource> = Vec::new();
    let mut in_resources = false;
    let mut in_properties = false;
    let mut property: Option<String> = None;
    let mut offset = 0;
    for line in template.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.trim_end();
        if text.trim().is_empty() || text.trim_start().starts_with('#') {
            continue;
        }
        let indent = text.len() - text.trim_start().len();
        if indent == 0 {
            in_resources = text == "Resources:";
            continue;
        }
        if !in_resources {
            continue;
        }
        match indent {
            2 => {
                in_properties = false;
                property = None;
                if let Some(id) = text.trim().strip_suffix(':') {
                    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()) {
                        out.push(Resource {
                            id: id.to_string(),
                            at: start + 2..start + 2 + id.len(),
                            ty: String::new(),
                            retained: false,
                            properties: BTreeMap::new(),
                        });
                    }
                }
            }
            4 => {
                property = None;
                let Some(r) = out.last_mut() else { continue };
                let t = text.trim();
                in_properties = t == "Properties:";
                if let Some(ty) = t.strip_prefix("Type:") {
                    r.ty = ty.trim().to_string();
                }
                r.retained |= t == "DeletionPolicy: Retain";
            }
            6 if in_properties => {
                let Some(r) = out.last_mut() else { continue };
                let t = text.trim();
                if let Some((name, value)) = t.split_once(':') {
                    if !name.starts_with('-') {
                        r.properties
                            .insert(name.to_string(), value.trim().to_string());
                        property = Some(name.to_string());
                        continue;
                    }
                }
                add_line(&mut out, &property, t);
            }
            _ if in_properties => add_line(&mut out, &property, text.trim()),
            _ => {}
        }
    }
    out
}

fn add_line(out: &mut [Resource], property: &Option<String>, line: &str) {
    if let (Some(r), Some(p)) = (out.last_mut(), property) {
        if let Some(v) = r.properties.get_mut(p) {
            v.push('\n');
            v.push_str(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_types_and_properties() {
        let t = "Parameters:\n  Key:\n    Type: String\n\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n    Properties:\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n      BillingMode: PAY_PER_REQUEST\n\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: true\n\nOutputs:\n  Name:\n    Value: x\n";
        let r = resources(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].id, "Table");
        assert_eq!(&t[r[0].at.clone()], "Table");
        assert_eq!(r[0].ty, "AWS::DynamoDB::Table");
        assert!(r[0].retained && !r[1].retained);
        assert_eq!(
            r[0].properties["KeySchema"],
            "\n- AttributeName: pk\nKeyType: HASH"
        );
        assert_eq!(r[0].properties["BillingMode"], "PAY_PER_REQUEST");
        assert_eq!(r[1].properties["FifoQueue"], "true");
    }
}
