//! EventBridge Scheduler expressions written as strings: `cron(...)` with
//! its six fields (minutes hours day-of-month month day-of-week year) and
//! `rate(N unit)`. The check follows the Scheduler's documented syntax; a
//! string that passes here is what CloudFormation will be given.

/// The expression itself when it is one the Scheduler takes, else why not.
pub fn expression(text: &str) -> Result<String, String> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) {
        cron(inner)?;
        return Ok(t.to_string());
    }
    if let Some(inner) = t.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        let mut parts = inner.split_whitespace();
        let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err("a rate is `rate(N minutes|hours|days)`".to_string());
        };
        let n: u32 = n
            .parse()
            .map_err(|_| format!("`{n}` is not a whole number"))?;
        let ok = match unit {
            "minute" | "hour" | "day" => n == 1,
            "minutes" | "hours" | "days" => n > 1,
            _ => false,
        };
        if !ok {
            return Err(format!(
                "`{n} {unit}` is not a rate: write `1 minute`, `5 minutes`, `1 hour`, `2 days`, ..."
            ));
        }
        return Ok(t.to_string());
    }
    Err("a schedule string is `cron(minutes hours day-of-month month day-of-week year)` or `rate(N unit)`".to_string())
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

struct FieldRule {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const FIELDS: [FieldRule; 6] = [
    FieldRule {
        name: "minutes",
        min: 0,
        max: 59,
        names: &[],
    },
    FieldRule {
        name: "hours",
        min: 0,
        max: 23,
        names: &[],
    },
    FieldRule {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
    },
    FieldRule {
        name: "month",
        min: 1,
        max: 12,
        names: &MONTHS,
    },
    FieldRule {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: &DAYS,
    },
    FieldRule {
        name: "year",
        min: 1970,
        max: 2199,
        names: &[],
    },
];

fn cron(inner: &str) -> Result<(), String> {
    let fields: Vec<&str> = inner.split_whitespace().collect();
    if fields.len() != 6 {
        return Err(format!(
            "a cron expression has six fields (minutes hours day-of-month month day-of-week year), this one has {}",
            fields.len()
        ));
    }
    let (dom, dow) = (fields[2], fields[4]);
    if (dom == "?") == (dow == "?") {
        return Err(
            "exactly one of day-of-month and day-of-week must be `?` (e.g. `cron(0 3 * * ? *)`)"
                .to_string(),
        );
    }
    for (i, (f, rule)) in fields.iter().zip(FIELDS.iter()).enumerate() {
        if *f == "?" {
            if i != 2 && i != 4 {
                return Err(format!(
                    "`?` is only for day-of-month or day-of-week, not {}",
                    rule.name
                ));
            }
            continue;
        }
        for part in f.split(',') {
            field_part(part, i, rule).map_err(|why| format!("{} field `{f}`: {why}", rule.name))?;
        }
    }
    Ok(())
}

fn field_part(part: &str, i: usize, rule: &FieldRule) -> Result<(), String> {
    // Special forms: L, LW, 15W (day-of-month), 5L, 3#2 (day-of-week).
    if i == 2 && (part == "L" || part == "LW") {
        return Ok(());
    }
    if i == 2 {
        if let Some(d) = part.strip_suffix('W') {
            return value(d, rule).map(|_| ());
        }
    }
    if i == 4 {
        if part == "L" {
            return Ok(());
        }
        if let Some(d) = part.strip_suffix('L') {
            return value(d, rule).map(|_| ());
        }
        if let Some((d, n)) = part.split_once('#') {
            value(d, rule)?;
            return match n.parse::<u32>() {
                Ok(1..=5) => Ok(()),
                _ => Err(format!("`#{n}` must be 1 to 5")),
            };
        }
    }
    let (range, step) = match part.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (part, None),
    };
    if let Some(s) = step {
        match s.parse::<u32>() {
            Ok(n) if n > 0 => {}
            _ => return Err(format!("the step `/{s}` must be a positive number")),
        }
    }
    if range == "*" {
        return Ok(());
    }
    match range.split_once('-') {
        Some((a, b)) => {
            value(a, rule)?;
            value(b, rule)?;
            Ok(())
        }
        None => value(range, rule).map(|_| ()),
    }
}

fn value(v: &str, rule: &FieldRule) -> Result<u32, String> {
    if let Some(i) = rule.names.iter().position(|n| n.eq_ignore_ascii_case(v)) {
        return Ok(rule.min + i as u32);
    }
    match v.parse::<u32>() {
        Ok(n) if (rule.min..=rule.max).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{n} is outside {}–{}", rule.min, rule.max)),
        Err(_) => Err(format!("`{v}` is not a value of this field")),
    }
}

#[cfg(test)]
mod tests {
    use super::expression;

    #[test]
    fn accepts_documented_examples() {
        for e in [
            "cron(0 3 * * ? *)",
            "cron(15 10 ? * 6L 2022-2023)",
            "cron(0/15 * * * ? *)",
            "cron(0 8 1 * ? *)",
            "cron(0/10 * ? * MON-FRI *)",
            "cron(0/5 8-17 ? * MON-FRI *)",
            "cron(0 9 ? * 2#1 *)",
            "cron(0 18 ? * MON-FRI *)",
            "cron(0 12 L * ? *)",
            "rate(1 minute)",
            "rate(12 hours)",
        ] {
            assert_eq!(expression(e).as_deref(), Ok(e), "{e}");
        }
    }

    #[test]
    fn rejects_what_the_scheduler_rejects() {
        for e in [
            "cron(0 3 * * *)",
            "cron(0 3 * * * *)",
            "cron(0 3 ? * ? *)",
            "cron(60 3 * * ? *)",
            "cron(0 24 * * ? *)",
            "cron(0 3 * 13 ? *)",
            "cron(0 3 ? * FOO *)",
            "cron(0/0 3 * * ? *)",
            "cron(? 3 * * ? *)",
            "rate(0 minutes)",
            "rate(1 minutes)",
            "rate(5 weeks)",
            "at(2026-01-01T00:00:00)",
            "every day",
        ] {
            assert!(expression(e).is_err(), "{e}");
        }
    }
}
