//! Suggestions for names that name nothing ("did you mean …?"): the closest
//! known name by edit distance. A leaf: it imports nothing from the crate.

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|candidate| (edit_distance(&word, candidate), *candidate))
        .filter(|(distance, candidate)| {
            *distance <= (candidate.len().max(word.len()) / 3).clamp(2, 3)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Suggestions for references that name nothing ("did you mean …?"), within
/// a budget: comparing two ids costs the product of their lengths, and a
/// handbook with thousands of broken references to thousands of ids must not
/// take quadratic time to report them. Past the budget, findings go without
/// a suggestion.
pub(crate) struct Suggester {
    /// Cells of edit-distance tables left to compute.
    budget: usize,
}

impl Suggester {
    /// Enough for a dozen broken references among a thousand ids, in a few
    /// milliseconds: beyond that, a list of suggestions helps little anyway.
    const BUDGET: usize = 5_000_000;
    /// References longer than this get no suggestion.
    const LONGEST: usize = 200;

    pub(crate) fn new() -> Suggester {
        Suggester {
            budget: Self::BUDGET,
        }
    }

    /// The id among `known` that `reference` is likely a typo of, like
    /// [`closest`] (at most 3 edits), comparing only ids of about the same length.
    pub(crate) fn suggest<'a>(&mut self, reference: &str, known: &[&'a str]) -> Option<&'a str> {
        let length = reference.chars().count();
        if length > Self::LONGEST || self.budget == 0 {
            return None;
        }
        let near: Vec<&'a str> = known
            .iter()
            .copied()
            .filter(|id| id.len() <= Self::LONGEST * 4 && id.chars().count().abs_diff(length) <= 3)
            .collect();
        let cost: usize = near.iter().map(|id| (id.len() + 1) * (length + 1)).sum();
        if cost > self.budget {
            self.budget = 0;
            return None;
        }
        self.budget -= cost;
        closest(reference, &near)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["title", "team", "owner", "key_results", "carried_from"];
        assert_eq!(closest("titel", &fields), Some("title"));
        assert_eq!(closest("keyresults", &fields), Some("key_results"));
        assert_eq!(closest("carried_form", &fields), Some("carried_from"));
        assert_eq!(closest("budget", &fields), None);
        assert_eq!(closest("eng/2026-Q3/gone", &["eng/2026-Q4/same"]), None);
    }
}
