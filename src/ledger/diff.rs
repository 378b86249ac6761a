//! The difference between two versions of a ledger, in écritures.
//!
//! An écriture is known by its journal and its content (every field of its lines but
//! EcritureNum), not by its number alone: some software renumbers écritures when it
//! validates them, and a renumbered écriture is not a change. The rule, in order
//! (docs/LEDGER.md):
//! 1. same journal and same content: the same écriture (renumbered if its number
//!    differs), matched in file order when several are alike;
//! 2. of those left, same journal and at least two of number, date and piece
//!    reference: one écriture, modified (tried with all three equal first, then
//!    number + piece, number + date, date + piece);
//! 3. what is still left was deleted (old) or added (new).

use std::collections::{HashMap, VecDeque};

use super::scan::Entry;

/// What changed from one version to the other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// In the new ledger's order.
    pub added: Vec<Entry>,
    /// (old, new), in the new ledger's order.
    pub modified: Vec<(Entry, Entry)>,
    /// In the old ledger's order.
    pub deleted: Vec<Entry>,
    /// Écritures in both, with the same content.
    pub unchanged: usize,
    /// Of those, how many have another number.
    pub renumbered: usize,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.modified.is_empty() && self.deleted.is_empty()
    }
}

type Key<'a> = (&'a str, &'a str, &'a str, &'a str);

/// Which écriture of `new` each écriture of `old` became, by the rule above.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// For each old écriture: the new one it is, and whether it was modified (`None`:
    /// deleted).
    pub old_to_new: Vec<Option<(usize, bool)>>,
    /// For each new écriture: whether an old one became it (else it was added).
    pub new_matched: Vec<bool>,
}

/// Compares the écritures of `old` and `new` (each in file order).
pub fn diff(old: &[Entry], new: &[Entry]) -> Diff {
    let m = matching(old, new);
    let mut unchanged = 0;
    let mut renumbered = 0;
    let mut modified_pairs: Vec<(usize, usize)> = Vec::new();
    for (i, to) in m.old_to_new.iter().enumerate() {
        match *to {
            Some((j, false)) => {
                unchanged += 1;
                if new
                    .get(j)
                    .zip(old.get(i))
                    .is_some_and(|(n, o)| n.number() != o.number())
                {
                    renumbered += 1;
                }
            }
            Some((j, true)) => modified_pairs.push((i, j)),
            None => {}
        }
    }
    modified_pairs.sort_by_key(|&(_, j)| j);
    let pick = |list: &[Entry], i: usize| list.get(i).cloned();
    Diff {
        added: new
            .iter()
            .zip(&m.new_matched)
            .filter(|(_, taken)| !**taken)
            .map(|(e, _)| e.clone())
            .collect(),
        modified: modified_pairs
            .into_iter()
            .filter_map(|(i, j)| Some((pick(old, i)?, pick(new, j)?)))
            .collect(),
        deleted: old
            .iter()
            .zip(&m.old_to_new)
            .filter(|(_, to)| to.is_none())
            .map(|(e, _)| e.clone())
            .collect(),
        unchanged,
        renumbered,
    }
}

/// Matches the écritures of `old` and `new` (each in file order) by the rule above.
pub fn matching(old: &[Entry], new: &[Entry]) -> Matching {
    let mut old_match: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_taken = vec![false; new.len()];

    let mut by_content: HashMap<(&str, &[u8; 32]), VecDeque<usize>> = HashMap::new();
    for (i, e) in new.iter().enumerate() {
        by_content
            .entry((e.journal(), &e.content))
            .or_default()
            .push_back(i);
    }
    for (i, e) in old.iter().enumerate() {
        if let Some(j) = by_content
            .get_mut(&(e.journal(), &e.content))
            .and_then(VecDeque::pop_front)
        {
            if let Some(t) = new_taken.get_mut(j) {
                *t = true;
            }
            if let Some(m) = old_match.get_mut(i) {
                *m = Some(j);
            }
        }
    }
    let matched: Vec<bool> = old_match.iter().map(Option::is_some).collect();

    let levels: [fn(&Entry) -> Key<'_>; 4] = [
        |e| (e.journal(), e.number(), e.date(), e.piece()),
        |e| (e.journal(), e.number(), "", e.piece()),
        |e| (e.journal(), e.number(), e.date(), ""),
        |e| (e.journal(), "", e.date(), e.piece()),
    ];
    let mut modified_pairs: Vec<(usize, usize)> = Vec::new();
    let mut old_paired = matched;
    for key in levels {
        let mut left: HashMap<Key<'_>, VecDeque<usize>> = HashMap::new();
        for (j, e) in new.iter().enumerate() {
            if !new_taken.get(j).copied().unwrap_or(true) {
                left.entry(key(e)).or_default().push_back(j);
            }
        }
        for (i, e) in old.iter().enumerate() {
            if old_paired.get(i).copied().unwrap_or(true) {
                continue;
            }
            if let Some(j) = left.get_mut(&key(e)).and_then(VecDeque::pop_front) {
                modified_pairs.push((i, j));
                if let Some(t) = new_taken.get_mut(j) {
                    *t = true;
                }
                if let Some(p) = old_paired.get_mut(i) {
                    *p = true;
                }
            }
        }
    }
    let mut old_to_new: Vec<Option<(usize, bool)>> = old_match
        .into_iter()
        .map(|m| m.map(|j| (j, false)))
        .collect();
    for (i, j) in modified_pairs {
        if let Some(slot) = old_to_new.get_mut(i) {
            *slot = Some((j, true));
        }
    }
    Matching {
        old_to_new,
        new_matched: new_taken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::scan::{DefectKind, scan};

    const HEADER: &str = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise";

    /// A two-line écriture: `amount` from 601000 to 401000.
    fn entry(
        journal: &str,
        num: &str,
        date: &str,
        piece: &str,
        label: &str,
        amount: &str,
    ) -> String {
        let line = |account: &str, debit: &str, credit: &str| {
            format!(
                "{journal}\tJ\t{num}\t{date}\t{account}\tCompte\t\t\t{piece}\t{date}\t{label}\t{debit}\t{credit}\t\t\t{date}\t\t\n"
            )
        };
        line("601000", amount, "0,00") + &line("401000", "0,00", amount)
    }

    fn entries(body: &str) -> Vec<Entry> {
        let text = format!("{HEADER}\n{body}");
        scan(text.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .entries
    }

    #[test]
    fn added_modified_deleted_and_renumbering_is_no_change() {
        let a = entry("ACH", "1", "20200105", "F1", "Agrial", "10,00");
        let b = entry("ACH", "2", "20200106", "F2", "Terrena", "20,00");
        let c = entry("ACH", "3", "20200107", "F3", "Lactalis", "30,00");
        let old = entries(&format!("{a}{b}{c}"));
        // b deleted, c's amount corrected, d added, and everything renumbered.
        let c2 = entry("ACH", "12", "20200107", "F3", "Lactalis", "31,00");
        let a2 = entry("ACH", "11", "20200105", "F1", "Agrial", "10,00");
        let d = entry("ACH", "13", "20200108", "F4", "Coopérative", "5,5");
        let new = entries(&format!("{a2}{c2}{d}"));
        let diff = diff(&old, &new);
        assert_eq!(diff.unchanged, 1);
        assert_eq!(diff.renumbered, 1);
        let pieces = |list: &[Entry]| {
            list.iter()
                .map(|e| e.piece().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(pieces(&diff.added), ["F4"]);
        assert_eq!(pieces(&diff.deleted), ["F2"]);
        assert_eq!(diff.modified.len(), 1);
        assert_eq!(
            diff.modified.first().map(|(o, n)| (o.debit.0, n.debit.0)),
            Some((3000, 3100))
        );
    }

    #[test]
    fn ten_comma_five_is_ten_comma_fifty() {
        let old = entries(&entry("OD", "1", "20200105", "P", "x", "10,50"));
        let new = entries(&entry("OD", "1", "20200105", "P", "x", "10.5"));
        assert!(diff(&old, &new).is_empty());
    }

    #[test]
    fn the_same_entry_twice_is_matched_once_each() {
        let a = entry("BQ", "1", "20200105", "P", "frais", "1,00");
        let a_again = entry("BQ", "2", "20200105", "P", "frais", "1,00");
        let old = entries(&a);
        let new = entries(&format!("{a}{a_again}"));
        let d = diff(&old, &new);
        assert_eq!((d.unchanged, d.added.len(), d.modified.len()), (1, 1, 0));
    }

    #[test]
    fn defects_found_where_they_are() {
        let good = entry("ACH", "1", "20200105", "F1", "Agrial", "10,00");
        let unbalanced = entry("ACH", "2", "20200106", "F2", "x", "20,00").replacen(
            "\t20,00\t0,00",
            "\t21,00\t0,00",
            1,
        );
        let bad_account =
            entry("ACH", "3", "20200107", "F3", "x", "1,00").replacen("601000", "AB1000", 1);
        let outside = entry("ACH", "4", "20210107", "F4", "x", "1,00");
        let text = format!("{HEADER}\n{good}{unbalanced}{bad_account}{outside}");
        let year = crate::ledger::year_closing_on(
            chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap_or_default(),
        );
        let s = scan(text.as_bytes(), Some(year)).unwrap_or_else(|e| panic!("{e:?}"));
        let found: Vec<(u64, &str)> = s
            .defects
            .iter()
            .map(|d| {
                let code = match &d.kind {
                    DefectKind::Unbalanced { .. } => "unbalanced",
                    DefectKind::BadAccount { .. } => "bad-account",
                    DefectKind::OutsideYear { .. } => "outside-year",
                    other => panic!("{other:?}"),
                };
                (d.line, code)
            })
            .collect();
        assert_eq!(
            found,
            [
                (4, "unbalanced"),
                (6, "bad-account"),
                (8, "outside-year"),
                (9, "outside-year")
            ]
        );
        assert_eq!(s.entries.len(), 4);
    }
}
