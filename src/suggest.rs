//! "Did you mean" suggestions from the names in scope.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
/// Ties go to the first candidate in iteration order, so callers pass names in
/// a deterministic order.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count().max(3) / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &c.to_lowercase())
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// How many candidate names one run may compare for suggestions in total.
/// A model with thousands of unknown names would otherwise cost unknown names
/// × declared names; with the cap the work stays linear and, once it is
/// spent, diagnostics keep their generic help. A real model with a few typos
/// never comes near it (a 1,000-context model allows 200 context typos).
pub const BUDGET: usize = 200_000;

/// What is left of [`BUDGET`] in one run. Spending is in processing order,
/// which is deterministic, so the output is too.
#[derive(Debug)]
pub struct Budget(std::cell::Cell<usize>);

impl Default for Budget {
    fn default() -> Self {
        Budget(std::cell::Cell::new(BUDGET))
    }
}

impl Budget {
    /// Spends `n` comparisons if that many are left.
    pub fn spend(&self, n: usize) -> bool {
        let left = self.0.get();
        let ok = n <= left;
        if ok {
            self.0.set(left - n);
        }
        ok
    }
}

/// Joins names as prose: "`a`", "`a` or `b`", "`a`, `b` or `c`".
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["Orders", "Payments", "Shipping"];
        assert_eq!(did_you_mean("Order", names), Some("Orders"));
        assert_eq!(did_you_mean("payments", names), Some("Payments"));
        assert_eq!(did_you_mean("Billing", names), None);
        assert_eq!(did_you_mean("Orders", names), None);
    }

    #[test]
    fn the_budget_runs_out_and_stays_out() {
        let b = Budget::default();
        assert!(b.spend(BUDGET - 10));
        assert!(!b.spend(11));
        assert!(b.spend(10));
        assert!(!b.spend(1));
    }

    #[test]
    fn joins_as_prose() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
