//! Settings blocks (`name value` pairs): known names, duplicates, allows,
//! and the checks of their values (numbers in range, durations, words).

use super::*;

impl Lower<'_> {
    /// Lowers a `settings` block into `name value` pairs, handling docs,
    /// allows, unknown names and duplicates. `known` lists the valid names.
    pub(super) fn settings(
        &mut self,
        p: Pair<Rule>,
        scope: Span,
        owner: &str,
        known: &[&str],
    ) -> Vec<Setting> {
        let mut out: Vec<Setting> = Vec::new();
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::allow_decl => self.allow(item, scope),
                Rule::catch_all => self.catch(item, Block::Settings),
                Rule::setting => {
                    let mut it = item.into_inner();
                    let (Some(name), Some(value)) = (it.next(), it.next()) else {
                        continue;
                    };
                    let name = self.ident(name);
                    let value_span = self.span(&value);
                    if !known.contains(&name.name.as_str()) {
                        let list = known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        self.diags.push(
                            Diagnostic::new(
                                Code::E001,
                                name.span,
                                format!("unknown setting `{}` in {owner}", name.name),
                            )
                            .with_label("unknown setting")
                            .help(
                                match did_you_mean(&name.name, known.iter().copied()) {
                                    Some(s) => format!("did you mean `{s}`? {owner} takes {list}"),
                                    None => format!("{owner} takes {list}"),
                                },
                            ),
                        );
                        continue;
                    }
                    if let Some(first) = out.iter().find(|s| s.name.name == name.name) {
                        let first = first.name.span;
                        self.duplicate(&name.name, first, name.span);
                        continue;
                    }
                    let v = match value.as_rule() {
                        Rule::int => match value.as_str().parse::<u64>() {
                            Ok(n) => Value::Int(n),
                            Err(_) => {
                                self.out_of_range(value_span, "this number is too large");
                                continue;
                            }
                        },
                        Rule::duration => match parse_duration_ms(value.as_str()) {
                            Some(ms) => Value::DurationMs(ms),
                            None => {
                                self.out_of_range(value_span, "this duration is too long");
                                continue;
                            }
                        },
                        Rule::rate => match value.as_str().trim_end_matches("/s").parse::<u64>() {
                            Ok(n) => Value::Rate(n),
                            Err(_) => {
                                self.out_of_range(value_span, "this rate is too large");
                                continue;
                            }
                        },
                        Rule::string => Value::Str(self.string(value)),
                        _ => Value::Word(value.as_str().to_string()),
                    };
                    out.push(Setting {
                        name,
                        value: v,
                        value_span,
                    });
                }
                _ => {}
            }
        }
        out
    }

    pub(super) fn out_of_range(&mut self, span: Span, message: &str) {
        self.diags.push(
            Diagnostic::new(Code::E016, span, message.to_string())
                .with_label("out of range")
                .help("use a value within the limits listed by `ddgen explain E016`"),
        );
    }

    pub(super) fn wrong_value(&mut self, s: &Setting, expected: &str) {
        let found = self.text.get(s.value_span.range()).unwrap_or("");
        let found: String = found.chars().take(40).collect();
        self.diags.push(
            Diagnostic::new(
                Code::E001,
                s.value_span,
                format!("`{}` takes {expected}, found `{found}`", s.name.name),
            )
            .with_label(format!("expected {expected}")),
        );
    }

    pub(super) fn number(&mut self, s: &Setting, expected: &str) -> Option<Spanned<u32>> {
        let n = match s.value {
            Value::Int(n) if expected == "number" => n,
            Value::DurationMs(n) if expected == "duration" => n,
            Value::Rate(n) if expected == "rate" => n,
            _ => {
                let words = match expected {
                    "duration" => "a duration such as `30s` or `500ms`",
                    "rate" => "a rate such as `100/s`",
                    _ => "a whole number",
                };
                self.wrong_value(s, words);
                return None;
            }
        };
        match u32::try_from(n) {
            Ok(v) => Some(Spanned {
                value: v,
                span: s.value_span,
            }),
            Err(_) => {
                self.out_of_range(s.value_span, "this value is too large");
                None
            }
        }
    }

    pub(super) fn word<T: Copy>(
        &mut self,
        s: &Setting,
        what: &str,
        options: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        let list = options
            .iter()
            .map(|(k, _)| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        let found = match &s.value {
            Value::Word(w) => w.clone(),
            _ => {
                self.wrong_value(s, &format!("{what} ({list})"));
                return None;
            }
        };
        if let Some((_, v)) = options.iter().find(|(k, _)| *k == found) {
            return Some(Spanned {
                value: *v,
                span: s.value_span,
            });
        }
        self.unknown_word(s.value_span, what, &found, options.iter().map(|(k, _)| *k));
        None
    }

    pub(super) fn unknown_word<'k>(
        &mut self,
        span: Span,
        what: &str,
        found: &str,
        options: impl Iterator<Item = &'k str> + Clone,
    ) {
        let list = options
            .clone()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match did_you_mean(found, options) {
            Some(s) => format!("did you mean `{s}`? expected one of {list}"),
            None => format!("expected one of {list}"),
        };
        self.diags.push(
            Diagnostic::new(Code::E001, span, format!("unknown {what} `{found}`"))
                .with_label(format!(
                    "not {} {what}",
                    if what.starts_with(['a', 'e', 'i', 'o', 'u', 'H']) {
                        "an"
                    } else {
                        "a"
                    }
                ))
                .help(help),
        );
    }
}

pub(super) fn parse_duration_ms(s: &str) -> Option<u64> {
    let (digits, factor) = if let Some(d) = s.strip_suffix("ms") {
        (d, 1)
    } else if let Some(d) = s.strip_suffix('s') {
        (d, 1000)
    } else {
        (s.strip_suffix('m')?, 60_000)
    };
    digits.parse::<u64>().ok()?.checked_mul(factor)
}
