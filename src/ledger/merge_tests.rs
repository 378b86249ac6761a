use super::*;
use crate::ledger::diff::diff;

const HEADER: &str = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise";

/// A two-line écriture: `amount` from 601000 to 401000.
fn e(journal: &str, num: &str, date: &str, piece: &str, label: &str, amount: &str) -> String {
    let line = |account: &str, debit: &str, credit: &str| {
        format!(
            "{journal}\tJ\t{num}\t{date}\t{account}\tCompte\t\t\t{piece}\t{date}\t{label}\t{debit}\t{credit}\t\t\t\t\t\n"
        )
    };
    line("601000", amount, "0,00") + &line("401000", "0,00", amount)
}

fn ledger(entries: &[&str]) -> Vec<u8> {
    format!("{HEADER}\n{}", entries.concat()).into_bytes()
}

fn merged(base: &[u8], mine: &[u8], theirs: &[u8]) -> Merged {
    merge(base, mine, theirs).unwrap_or_else(|e| panic!("{e:?}"))
}

fn a() -> String {
    e("ACH", "1", "20200105", "F1", "Agrial", "10,00")
}
fn b() -> String {
    e("ACH", "2", "20200106", "F2", "Terrena", "20,00")
}
fn c() -> String {
    e("ACH", "3", "20200107", "F3", "Lactalis", "30,00")
}

#[test]
fn additions_on_one_side_and_corrections_on_the_other_both_land() {
    let base = ledger(&[&a(), &b(), &c()]);
    // The farmer adds two écritures; the accountant corrects b's amount and c's label.
    let d = e("ACH", "4", "20200108", "F4", "Coop", "40,00");
    let f = e("BQ", "1", "20200109", "R1", "Banque", "5,00");
    let farmer = ledger(&[&a(), &b(), &c(), &d, &f]);
    let b2 = e("ACH", "2", "20200106", "F2", "Terrena", "21,00");
    let c2 = e("ACH", "3", "20200107", "F3", "Lactalis lait", "30,00");
    let accountant = ledger(&[&a(), &b2, &c2]);
    let want = ledger(&[&a(), &b2, &c2, &d, &f]);
    let one = merged(&base, &farmer, &accountant);
    assert_eq!(
        String::from_utf8_lossy(&one.bytes),
        String::from_utf8_lossy(&want)
    );
    assert!(one.conflicts.is_empty());
    // Either side merging makes the same bytes.
    assert_eq!(merged(&base, &accountant, &farmer), one);
}

/// The lines of an écriture apart (a, b, then a's second line): the reading groups
/// them as the scan does, and the merge keeps each écriture whole.
#[test]
fn the_lines_of_an_ecriture_apart_are_read_as_one_ecriture() {
    let (a, b) = (a(), b());
    let (a1, a2) = a.split_at(a.find('\n').map_or(0, |i| i + 1));
    let base = ledger(&[a1, &b, a2]);
    let b2 = e("ACH", "2", "20200106", "F2", "Terrena", "21,00");
    let theirs = ledger(&[a1, &b2, a2]);
    let d = e("ACH", "4", "20200108", "F4", "Coop", "40,00");
    let mine = ledger(&[a1, &b, a2, &d]);
    let one = merged(&base, &mine, &theirs);
    assert!(one.conflicts.is_empty(), "{:?}", one.conflicts);
    assert_eq!(
        String::from_utf8_lossy(&one.bytes),
        String::from_utf8_lossy(&ledger(&[&a, &b2, &d]))
    );
}

#[test]
fn an_addition_goes_after_the_ecriture_it_followed() {
    let base = ledger(&[&a(), &c()]);
    let x = e("ACH", "9", "20200106", "F9", "Inséré", "1,00");
    let mine = ledger(&[&a(), &x, &c()]);
    let theirs = ledger(&[&a()]);
    let got = merged(&base, &mine, &theirs);
    assert_eq!(got.bytes, ledger(&[&a(), &x]), "c deleted, x kept after a");
}

#[test]
fn the_same_ecriture_added_on_both_sides_is_kept_once() {
    let base = ledger(&[&a()]);
    let x = e("ACH", "5", "20200110", "F5", "Même facture", "7,00");
    let x_other_number = e("ACH", "6", "20200110", "F5", "Même facture", "7,00");
    let got = merged(
        &base,
        &ledger(&[&a(), &x]),
        &ledger(&[&a(), &x_other_number]),
    );
    assert!(diff(&scan_of(&got.bytes), &scan_of(&ledger(&[&a(), &x]))).is_empty());
    assert_eq!(scan_of(&got.bytes).len(), 2);
}

fn scan_of(bytes: &[u8]) -> Vec<Entry> {
    scan(bytes, None)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .entries
}

#[test]
fn two_different_corrections_of_one_ecriture_are_a_conflict_decided_alike() {
    let base = ledger(&[&a(), &b()]);
    let b_mine = e("ACH", "2", "20200106", "F2", "Terrena", "22,00");
    let b_theirs = e("ACH", "2", "20200106", "F2", "Terrena", "23,00");
    let one = merged(
        &base,
        &ledger(&[&a(), &b_mine]),
        &ledger(&[&a(), &b_theirs]),
    );
    let two = merged(
        &base,
        &ledger(&[&a(), &b_theirs]),
        &ledger(&[&a(), &b_mine]),
    );
    assert_eq!(one.bytes, two.bytes, "both sides keep the same écriture");
    let [conflict] = one.conflicts.as_slice() else {
        panic!("{:?}", one.conflicts)
    };
    assert_eq!(conflict.kind, ConflictKind::BothModified);
    assert_eq!(conflict.base.number(), "2");
    let amounts = |c: &EcritureConflict| {
        (
            c.mine.as_ref().map(|e| e.debit.0),
            c.theirs.as_ref().map(|e| e.debit.0),
        )
    };
    assert_eq!(amounts(conflict), (Some(2200), Some(2300)));
    let kept = match conflict.kept {
        Side::Mine => &b_mine,
        Side::Theirs => &b_theirs,
    };
    assert_eq!(one.bytes, ledger(&[&a(), kept]));
}

#[test]
fn a_modification_wins_over_a_deletion_and_says_so() {
    let base = ledger(&[&a(), &b()]);
    let b2 = e("ACH", "2", "20200106", "F2", "Terrena", "24,00");
    let got = merged(&base, &ledger(&[&a()]), &ledger(&[&a(), &b2]));
    assert_eq!(got.bytes, ledger(&[&a(), &b2]));
    assert_eq!(
        got.conflicts.first().map(|c| (c.kind, c.kept)),
        Some((
            ConflictKind::ModifiedDeleted {
                deleted_by: Side::Mine
            },
            Side::Theirs
        ))
    );
}

#[test]
fn the_other_way_takes_every_conflicting_ecriture_the_other_way_and_nothing_else() {
    let base = ledger(&[&a(), &b(), &c()]);
    let a_mine = e("ACH", "1", "20200105", "F1", "Agrial", "12,00");
    let a_theirs = e("ACH", "1", "20200105", "F1", "Agrial", "13,00");
    let b_theirs = e("ACH", "2", "20200106", "F2", "Terrena", "24,00");
    let added = e("BQ", "9", "20200301", "R9", "Remise", "5,00");
    // Mine: corrects a, deletes b. Theirs: corrects a otherwise, corrects b, adds one.
    let mine = ledger(&[&a_mine, &c()]);
    let theirs = ledger(&[&a_theirs, &b_theirs, &c(), &added]);
    let decided = merged(&base, &mine, &theirs);
    let other = super::merge_other_way(&base, &mine, &theirs).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(decided.conflicts.len(), 2);
    let a_kept = match decided.conflicts.first().map(|c| c.kept) {
        Some(Side::Mine) => &a_mine,
        _ => &a_theirs,
    };
    let a_other = if a_kept == &a_mine {
        &a_theirs
    } else {
        &a_mine
    };
    // Decided: the larger correction of a, b's correction over its deletion.
    assert_eq!(decided.bytes, ledger(&[a_kept, &b_theirs, &c(), &added]));
    // The other way: the other correction of a, b deleted; the addition stays.
    assert_eq!(other.bytes, ledger(&[a_other, &c(), &added]));
    assert_eq!(
        other.conflicts.get(1).map(|c| c.kept),
        Some(Side::Mine),
        "the deletion is mine"
    );
    // Symmetric too: the other way, merged from the other side, is the same ledger.
    let swapped = super::merge_other_way(&base, &theirs, &mine).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(swapped.bytes, other.bytes);
}

#[test]
fn a_renumbering_is_no_modification() {
    let base = ledger(&[&a(), &b()]);
    // Mine renumbers b (validated), theirs deletes a.
    let b_renumbered = e("ACH", "20", "20200106", "F2", "Terrena", "20,00");
    let got = merged(&base, &ledger(&[&a(), &b_renumbered]), &ledger(&[&b()]));
    assert_eq!(got.bytes, ledger(&[&b_renumbered]));
    assert!(got.conflicts.is_empty());
    // Renumbered on one side, deleted on the other: deleted.
    let got = merged(&base, &ledger(&[&a(), &b_renumbered]), &ledger(&[&a()]));
    assert_eq!(got.bytes, ledger(&[&a()]));
}

#[test]
fn what_cannot_be_merged_is_refused() {
    let base = ledger(&[&a()]);
    let crlf = ledger(&[&a(), &b()])
        .iter()
        .flat_map(|&byte| {
            if byte == b'\n' {
                vec![b'\r', b'\n']
            } else {
                vec![byte]
            }
        })
        .collect::<Vec<u8>>();
    assert_eq!(
        merge(&base, &crlf, &base).err(),
        Some(Unmergeable::NotAlike(Version::Mine))
    );
    let unbalanced = format!(
        "{HEADER}\n{}",
        a().replacen("10,00\t0,00", "11,00\t0,00", 1)
    );
    assert_eq!(
        merge(&base, &base, unbalanced.as_bytes()).err(),
        Some(Unmergeable::NotValid(Version::Theirs))
    );
    assert_eq!(
        merge(b"Cher client", &base, &base).err(),
        Some(Unmergeable::NotValid(Version::Base))
    );
    // Both add an écriture ACH 4, different ones: one number for two écritures.
    let mine = ledger(&[&a(), &e("ACH", "4", "20200108", "F4", "Coop", "40,00")]);
    let theirs = ledger(&[&a(), &e("ACH", "4", "20200109", "F8", "Gamm vert", "8,00")]);
    assert_eq!(
        merge(&base, &mine, &theirs).err(),
        Some(Unmergeable::ResultNotValid)
    );
}

#[test]
fn a_last_line_without_its_ending_gets_one_when_moved() {
    let base = ledger(&[&a()]);
    let mut mine = ledger(&[&a(), &b()]);
    mine.pop();
    let theirs = ledger(&[&e("ACH", "1", "20200105", "F1", "Agrial corrigé", "10,00")]);
    let got = merged(&base, &mine, &theirs);
    assert_eq!(
        got.bytes,
        ledger(&[
            &e("ACH", "1", "20200105", "F1", "Agrial corrigé", "10,00"),
            &b()
        ])
    );
}

#[test]
fn latin9_and_utf8_are_not_mixed() {
    let base = ledger(&[&a()]);
    let utf8 = ledger(&[&a(), &e("ACH", "2", "20200106", "F2", "Récolte", "2,00")]);
    let mut latin9 = ledger(&[&a(), &e("ACH", "3", "20200107", "F3", "R?colte", "3,00")]);
    if let Some(at) = latin9.iter().position(|&byte| byte == b'?') {
        latin9[at] = 0xE9;
    }
    assert_eq!(
        merge(&base, &utf8, &latin9).err(),
        Some(Unmergeable::NotAlike(Version::Theirs))
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A base of `n` écritures and one side's edits: per base écriture 0 kept, 1 amount
    /// changed, 2 deleted; then additions (numbers from `first_new`, so that the two
    /// sides never share a number).
    fn side(n: usize, fates: &[u8], added: usize, first_new: usize, cents: u32) -> Vec<u8> {
        let mut out: Vec<String> = Vec::new();
        for i in 0..n {
            let number = (i + 1).to_string();
            let piece = format!("F{i}");
            match fates.get(i).copied().unwrap_or(0) % 3 {
                0 => out.push(e("ACH", &number, "20200105", &piece, "Base", "10,00")),
                1 => {
                    let amount = format!("{},{:02}", 11 + i, cents % 100);
                    out.push(e("ACH", &number, "20200105", &piece, "Base", &amount));
                }
                _ => {}
            }
        }
        for k in 0..added {
            let number = (first_new + k).to_string();
            let piece = format!("N{number}");
            out.push(e("ACH", &number, "20200201", &piece, "Ajout", "5,00"));
        }
        let refs: Vec<&str> = out.iter().map(String::as_str).collect();
        ledger(&refs)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn merging_is_symmetric_and_keeps_what_one_side_did(
            n in 0usize..8,
            mine_fates in proptest::collection::vec(0u8..3, 8),
            theirs_fates in proptest::collection::vec(0u8..3, 8),
            mine_added in 0usize..3,
            theirs_added in 0usize..3,
            cents in 0u32..2,
        ) {
            let base = side(n, &[], 0, 0, 0);
            let mine = side(n, &mine_fates, mine_added, 100, cents);
            let theirs = side(n, &theirs_fates, theirs_added, 200, cents + 1);
            let one = merged(&base, &mine, &theirs);
            let two = merged(&base, &theirs, &mine);
            prop_assert_eq!(&one.bytes, &two.bytes);
            prop_assert_eq!(one.conflicts.len(), two.conflicts.len());
            // Merging with an unchanged side gives the other side.
            prop_assert_eq!(merged(&base, &mine, &base).bytes, mine.clone());
            prop_assert_eq!(merged(&base, &base, &theirs).bytes, theirs.clone());
            // Every addition of both sides is there, once.
            let entries = scan_of(&one.bytes);
            let added = entries.iter().filter(|e| e.label() == "Ajout").count();
            prop_assert_eq!(added, mine_added + theirs_added);
            // A conflict exactly where both touched one écriture differently.
            let expected = (0..n)
                .filter(|&i| {
                    let (m, t) = (mine_fates[i] % 3, theirs_fates[i] % 3);
                    matches!((m, t), (1, 1) | (1, 2) | (2, 1))
                })
                .count();
            prop_assert_eq!(one.conflicts.len(), expected);
        }
    }
}
