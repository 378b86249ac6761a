//! Two versions of a ledger changed apart since a common one, merged in écritures
//! (a three-way merge, as git merges lines; here the unit is the écriture, known as
//! [`super::diff`] knows it).
//!
//! Each écriture of the common version (the base) has a fate on each side: kept as it
//! was, kept with other bytes but the same content (renumbered), modified, or deleted.
//! When one side left it as it was, the other side's fate wins; when both did the same,
//! that is it; deleting an écriture the other side only renumbered deletes it. Two
//! different modifications, or a modification against a deletion, are a conflict: the
//! merge still decides (the modification over the deletion; of two modifications, the
//! one whose content hash is larger) so that both sides, merging in either order, make
//! the same bytes, and it says which écritures it decided.
//!
//! Écritures added on either side are all kept, an écriture added alike on both sides
//! once (same journal and content). Each is placed after the nearest écriture of the
//! base that comes before it on its side, those after the same one sorted by date,
//! journal, number and bytes.
//!
//! A merge is refused (the caller keeps the two versions apart, as any conflict) unless
//! the three versions are valid ledgers with the same header, encoding and line
//! endings, and the result is a valid ledger with as many écritures as it was made of
//! (no two écritures brought together under one journal and number).
//!
//! Bytes in, bytes out: every line is copied from one of the versions as it was, its
//! line ending made the file's.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use super::diff::{Matching, matching};
use super::read::Reader;
use super::scan::{Entry, scan};
use super::{Column, Encoding};

/// One of the two versions merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// One of the three versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Base,
    Mine,
    Theirs,
}

/// Why the versions cannot be merged in écritures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmergeable {
    /// It is not a ledger, or not a valid one.
    NotValid(Version),
    /// Their headers, encodings or line endings differ from the base's.
    NotAlike(Version),
    /// The merged ledger would not be valid (two écritures under one number, say).
    ResultNotValid,
}

/// What the two sides did to one écriture that cannot both be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both modified it, differently.
    BothModified,
    /// One side modified it, the other deleted it.
    ModifiedDeleted { deleted_by: Side },
}

/// An écriture the merge decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcritureConflict {
    pub kind: ConflictKind,
    pub base: Entry,
    /// What each side made of it (`None`: deleted).
    pub mine: Option<Entry>,
    pub theirs: Option<Entry>,
    /// The side whose écriture the merged ledger has (or, when it has none, the side
    /// that deleted it).
    pub kept: Side,
}

/// The merged ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub bytes: Vec<u8>,
    /// In the base's order.
    pub conflicts: Vec<EcritureConflict>,
}

/// A version read: its header's bytes, its écritures and the byte ranges of their lines.
struct Parsed<'a> {
    bytes: &'a [u8],
    header: &'a [u8],
    encoding: Encoding,
    crlf: bool,
    entries: Vec<Entry>,
    lines: Vec<Vec<Range<usize>>>,
}

impl<'a> Parsed<'a> {
    fn read(bytes: &'a [u8], which: Version) -> Result<Parsed<'a>, Unmergeable> {
        let not_valid = || Unmergeable::NotValid(which);
        let scanned = scan(bytes, None).map_err(|_| not_valid())?;
        if !scanned.valid() {
            return Err(not_valid());
        }
        let mut reader = Reader::new(bytes).map_err(|_| not_valid())?;
        let layout = reader.layout().clone();
        let mut header_end = bytes.len();
        let entries = &scanned.entries;
        let mut lines: Vec<Vec<Range<usize>>> = Vec::with_capacity(entries.len());
        // The scan found the écritures in the order of their first lines: a line is of
        // the previous line's écriture, or begins the next one, or (lines of an écriture
        // apart) of one found earlier, looked up in a map made only then. A key built
        // and hashed per line was a third of the time of a merge.
        let mut earlier: Option<HashMap<(&str, &str), usize>> = None;
        let mut previous: Option<usize> = None;
        while let Some(line) = reader.next_line().map_err(|_| not_valid())? {
            let start = usize::try_from(line.offset).map_err(|_| not_valid())?;
            header_end = header_end.min(start);
            let range = start..start + line.raw.len();
            let journal = line.get(&layout, Column::JournalCode);
            let number = line.get(&layout, Column::EcritureNum);
            let is = |i: usize| {
                entries
                    .get(i)
                    .is_some_and(|e| e.journal() == journal && e.number() == number)
            };
            let next = lines.len();
            let at = match previous.filter(|&p| is(p)) {
                Some(p) => p,
                None if is(next) => next,
                None => {
                    let map = earlier.get_or_insert_with(|| {
                        entries
                            .iter()
                            .enumerate()
                            .map(|(i, e)| ((e.journal(), e.number()), i))
                            .collect()
                    });
                    match map.get(&(journal, number)) {
                        Some(&i) if i < next => i,
                        _ => return Err(not_valid()),
                    }
                }
            };
            match lines.get_mut(at) {
                Some(group) => group.push(range),
                None => lines.push(vec![range]),
            }
            previous = Some(at);
        }
        drop(earlier);
        // The scan groups lines as this loop does; anything else is not this reading.
        if lines.len() != scanned.entries.len() {
            return Err(not_valid());
        }
        Ok(Parsed {
            bytes,
            header: bytes.get(..header_end).ok_or_else(not_valid)?,
            encoding: scanned.encoding,
            crlf: scanned.crlf,
            entries: scanned.entries,
            lines,
        })
    }

    /// Same header bytes and line endings, and encodings that mix: ASCII goes with any,
    /// Latin-9 not with UTF-8 beyond ASCII.
    fn alike(&self, base: &Parsed<'_>) -> bool {
        let utf8 = |e: Encoding| matches!(e, Encoding::Utf8 | Encoding::Utf8Bom);
        let mixed = |a: Encoding, b: Encoding| a == Encoding::Latin9 && utf8(b);
        self.header == base.header
            && self.crlf == base.crlf
            && !mixed(self.encoding, base.encoding)
            && !mixed(base.encoding, self.encoding)
    }

    /// The bytes of écriture `i`'s lines, line endings left out.
    fn text(&self, i: usize) -> Vec<&'a [u8]> {
        let bytes = self.bytes;
        self.lines.get(i).map_or_else(Vec::new, |group| {
            group
                .iter()
                .filter_map(|r| bytes.get(r.clone()))
                .map(|line| {
                    let line = line.strip_suffix(b"\n").unwrap_or(line);
                    line.strip_suffix(b"\r").unwrap_or(line)
                })
                .collect()
        })
    }
}

/// What one side did to a base écriture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Kept(usize),
    /// Same content, other bytes (another number, most often).
    Renumbered(usize),
    Modified(usize),
    Deleted,
}

/// Where an écriture of the merge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum From {
    Mine(usize),
    Theirs(usize),
}

struct Sides<'m, 'a> {
    base: &'m Parsed<'a>,
    mine: &'m Parsed<'a>,
    theirs: &'m Parsed<'a>,
}

impl<'a> Sides<'_, 'a> {
    fn side(&self, side: Side) -> &Parsed<'a> {
        match side {
            Side::Mine => self.mine,
            Side::Theirs => self.theirs,
        }
    }

    fn text(&self, from: From) -> Vec<&'a [u8]> {
        match from {
            From::Mine(i) => self.mine.text(i),
            From::Theirs(i) => self.theirs.text(i),
        }
    }

    fn entry(&self, from: From) -> Option<&Entry> {
        match from {
            From::Mine(i) => self.mine.entries.get(i),
            From::Theirs(i) => self.theirs.entries.get(i),
        }
    }

    fn fates(&self, side: Side, m: &Matching) -> Vec<Fate> {
        let other = self.side(side);
        m.old_to_new
            .iter()
            .enumerate()
            .map(|(i, to)| match *to {
                None => Fate::Deleted,
                Some((j, true)) => Fate::Modified(j),
                Some((j, false)) if other.text(j) == self.base.text(i) => Fate::Kept(j),
                Some((j, false)) => Fate::Renumbered(j),
            })
            .collect()
    }

    /// Of two écritures, the one with the larger (content, bytes): the same choice
    /// whichever side is mine.
    fn larger(&self, a: From, b: From) -> From {
        let key = |f: From| (self.entry(f).map(|e| e.content), self.text(f));
        match key(a).cmp(&key(b)) {
            Ordering::Less => b,
            _ => a,
        }
    }
}

/// Merges `mine` and `theirs`, both made from `base`.
pub fn merge(base: &[u8], mine: &[u8], theirs: &[u8]) -> Result<Merged, Unmergeable> {
    merge_deciding(base, mine, theirs, Decision::Decided)
}

/// [`merge`], every conflicting écriture taken the other way: the other version of an
/// écriture modified on both sides, the deletion against a modification. Everything
/// else is as [`merge`] makes it — the alternative a conflict copy shows.
pub fn merge_other_way(base: &[u8], mine: &[u8], theirs: &[u8]) -> Result<Merged, Unmergeable> {
    merge_deciding(base, mine, theirs, Decision::OtherWay)
}

/// How conflicting écritures are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// As the merge decides them (`EcritureConflict::kept`).
    Decided,
    /// The other way.
    OtherWay,
}

/// [`merge`] and, when écritures conflict, [`merge_other_way`], the versions read once.
pub fn merge_both(
    base: &[u8],
    mine: &[u8],
    theirs: &[u8],
) -> Result<(Merged, Option<Merged>), Unmergeable> {
    let (b, m, t) = read_three(base, mine, theirs)?;
    let plan = Plan::new(&b, &m, &t);
    let merged = plan.build(Decision::Decided)?;
    let other = if merged.conflicts.is_empty() {
        None
    } else {
        Some(plan.build(Decision::OtherWay)?)
    };
    Ok((merged, other))
}

fn merge_deciding(
    base: &[u8],
    mine: &[u8],
    theirs: &[u8],
    decision: Decision,
) -> Result<Merged, Unmergeable> {
    let (b, m, t) = read_three(base, mine, theirs)?;
    Plan::new(&b, &m, &t).build(decision)
}

/// The three versions read, and alike.
fn read_three<'a>(
    base: &'a [u8],
    mine: &'a [u8],
    theirs: &'a [u8],
) -> Result<(Parsed<'a>, Parsed<'a>, Parsed<'a>), Unmergeable> {
    // Read at once, two versions on threads of their own (the machines it runs on have
    // two cores or more): the reading is most of a merge's time.
    let (b, m, t) = std::thread::scope(|s| {
        let b = s.spawn(|| Parsed::read(base, Version::Base));
        let m = s.spawn(|| Parsed::read(mine, Version::Mine));
        let t = Parsed::read(theirs, Version::Theirs);
        let b = b
            .join()
            .unwrap_or(Err(Unmergeable::NotValid(Version::Base)));
        let m = m
            .join()
            .unwrap_or(Err(Unmergeable::NotValid(Version::Mine)));
        (b, m, t)
    });
    let (b, m, t) = (b?, m?, t?);
    for (p, which) in [(&m, Version::Mine), (&t, Version::Theirs)] {
        if !p.alike(&b) {
            return Err(Unmergeable::NotAlike(which));
        }
    }
    if !t.alike(&m) {
        return Err(Unmergeable::NotAlike(Version::Theirs));
    }
    Ok((b, m, t))
}

/// What each side did to each écriture of the base: all a merge is made from.
struct Plan<'s, 'a> {
    sides: Sides<'s, 'a>,
    to_mine: Matching,
    to_theirs: Matching,
    mine_fates: Vec<Fate>,
    theirs_fates: Vec<Fate>,
}

impl<'s, 'a> Plan<'s, 'a> {
    fn new(b: &'s Parsed<'a>, m: &'s Parsed<'a>, t: &'s Parsed<'a>) -> Self {
        let sides = Sides {
            base: b,
            mine: m,
            theirs: t,
        };
        // The two matchings on two threads: each takes a sixth of a merge.
        let (to_mine, to_theirs) = std::thread::scope(|s| {
            let mine = s.spawn(|| matching(&b.entries, &m.entries));
            let theirs = matching(&b.entries, &t.entries);
            (
                mine.join()
                    .unwrap_or_else(|_| matching(&b.entries, &m.entries)),
                theirs,
            )
        });
        let mine_fates = sides.fates(Side::Mine, &to_mine);
        let theirs_fates = sides.fates(Side::Theirs, &to_theirs);
        Plan {
            sides,
            to_mine,
            to_theirs,
            mine_fates,
            theirs_fates,
        }
    }

    fn build(&self, decision: Decision) -> Result<Merged, Unmergeable> {
        let Plan {
            sides,
            to_mine,
            to_theirs,
            mine_fates,
            theirs_fates,
        } = self;
        let b = sides.base;
        let mut conflicts = Vec::new();
        let mut kept: Vec<Option<From>> = Vec::with_capacity(b.entries.len());
        for (i, (&fm, &ft)) in mine_fates.iter().zip(theirs_fates.iter()).enumerate() {
            let (mut chosen, conflict) = decide(sides, fm, ft);
            if conflict.is_some() && decision == Decision::OtherWay {
                chosen = other_way(fm, ft, chosen);
            }
            if let (Some(kind), Some(base)) = (conflict, b.entries.get(i)) {
                let entry = |fate: Fate, from: fn(usize) -> From| match fate {
                    Fate::Kept(j) | Fate::Renumbered(j) | Fate::Modified(j) => {
                        sides.entry(from(j)).cloned()
                    }
                    Fate::Deleted => None,
                };
                conflicts.push(EcritureConflict {
                    kind,
                    base: base.clone(),
                    mine: entry(fm, From::Mine),
                    theirs: entry(ft, From::Theirs),
                    kept: match (chosen, kind) {
                        (Some(From::Theirs(_)), _) => Side::Theirs,
                        (None, ConflictKind::ModifiedDeleted { deleted_by }) => deleted_by,
                        _ => Side::Mine,
                    },
                });
            }
            kept.push(chosen);
        }

        let added = additions(sides, to_mine, to_theirs);
        let ending: &[u8] = if b.crlf { b"\r\n" } else { b"\n" };
        let mut out = Vec::with_capacity(sides.mine.bytes.len().max(sides.theirs.bytes.len()));
        out.extend_from_slice(b.header);
        let mut made = 0usize;
        let mut emit = |from: From, out: &mut Vec<u8>| {
            for line in sides.text(from) {
                out.extend_from_slice(line);
                out.extend_from_slice(ending);
            }
            made += 1;
        };
        let mut added = added.into_iter().peekable();
        // Anchor 0 is the start; anchor i + 1 is after base écriture i.
        for anchor in 0..=kept.len() {
            if let Some(from) = anchor
                .checked_sub(1)
                .and_then(|i| kept.get(i).copied().flatten())
            {
                emit(from, &mut out);
            }
            while let Some((_, from)) = added.next_if(|(a, _)| *a == anchor) {
                emit(from, &mut out);
            }
        }
        // Valid, and as many écritures as it was made of (the scan is all the checking
        // a reading for a merge does; the grouping of lines is not needed here).
        let result = scan(out.as_slice(), None).map_err(|_| Unmergeable::ResultNotValid)?;
        if !result.valid() || result.entries.len() != made {
            return Err(Unmergeable::ResultNotValid);
        }
        Ok(Merged {
            bytes: out,
            conflicts,
        })
    }
}

/// The other choice for a conflicting écriture whose fates were `fm` and `ft` and
/// whose version `chosen` the merge took.
fn other_way(fm: Fate, ft: Fate, chosen: Option<From>) -> Option<From> {
    match (fm, ft, chosen) {
        (Fate::Modified(_), Fate::Deleted, _) | (Fate::Deleted, Fate::Modified(_), _) => None,
        (Fate::Modified(_), Fate::Modified(j), Some(From::Mine(_))) => Some(From::Theirs(j)),
        (Fate::Modified(i), Fate::Modified(_), _) => Some(From::Mine(i)),
        _ => chosen,
    }
}

/// What the merge keeps of a base écriture, and the conflict when the sides disagree.
fn decide(sides: &Sides<'_, '_>, fm: Fate, ft: Fate) -> (Option<From>, Option<ConflictKind>) {
    use Fate::{Deleted, Kept, Modified, Renumbered};
    match (fm, ft) {
        (Kept(_), Kept(j) | Renumbered(j) | Modified(j)) => (Some(From::Theirs(j)), None),
        (Kept(_), Deleted) | (Deleted, Kept(_)) => (None, None),
        (Renumbered(i) | Modified(i), Kept(_)) => (Some(From::Mine(i)), None),
        (Deleted, Deleted | Renumbered(_)) | (Renumbered(_), Deleted) => (None, None),
        (Renumbered(i), Renumbered(j)) => {
            (Some(sides.larger(From::Mine(i), From::Theirs(j))), None)
        }
        // A modification carries what a renumbering would: its content is the change.
        (Renumbered(_), Modified(j)) => (Some(From::Theirs(j)), None),
        (Modified(i), Renumbered(_)) => (Some(From::Mine(i)), None),
        (Modified(i), Modified(j)) => {
            let (a, b) = (From::Mine(i), From::Theirs(j));
            if sides.text(a) == sides.text(b) {
                (Some(a), None)
            } else {
                (Some(sides.larger(a, b)), Some(ConflictKind::BothModified))
            }
        }
        (Modified(i), Deleted) => (
            Some(From::Mine(i)),
            Some(ConflictKind::ModifiedDeleted {
                deleted_by: Side::Theirs,
            }),
        ),
        (Deleted, Modified(j)) => (
            Some(From::Theirs(j)),
            Some(ConflictKind::ModifiedDeleted {
                deleted_by: Side::Mine,
            }),
        ),
    }
}

/// The écritures added on either side, each with its anchor (0: the start; i + 1: after
/// base écriture i), sorted by anchor, date, journal, number and bytes; one of two
/// added alike.
fn additions(
    sides: &Sides<'_, '_>,
    to_mine: &Matching,
    to_theirs: &Matching,
) -> Vec<(usize, From)> {
    let anchored = |m: &Matching, from: fn(usize) -> From| {
        let mut base_of = vec![None; m.new_matched.len()];
        for (i, to) in m.old_to_new.iter().enumerate() {
            if let Some(slot) = to.and_then(|(j, _)| base_of.get_mut(j)) {
                *slot = Some(i);
            }
        }
        let mut anchor = 0;
        let mut added = Vec::new();
        for (j, base) in base_of.into_iter().enumerate() {
            match base {
                Some(i) => anchor = i + 1,
                None => added.push((anchor, from(j))),
            }
        }
        added
    };
    let mine = anchored(to_mine, From::Mine);
    let theirs = anchored(to_theirs, From::Theirs);
    // Added alike on both sides: once, at the earlier anchor, the larger bytes.
    let mut alike: HashMap<(&str, [u8; 32]), Vec<usize>> = HashMap::new();
    for (k, &(_, from)) in theirs.iter().enumerate() {
        if let Some(e) = sides.entry(from) {
            alike.entry((e.journal(), e.content)).or_default().push(k);
        }
    }
    let mut theirs_taken = vec![false; theirs.len()];
    let mut all = Vec::with_capacity(mine.len() + theirs.len());
    for &(anchor, from) in &mine {
        let twin = sides
            .entry(from)
            .and_then(|e| alike.get_mut(&(e.journal(), e.content)))
            .and_then(|ks| (!ks.is_empty()).then(|| ks.remove(0)));
        match twin.and_then(|k| theirs.get(k).map(|t| (k, *t))) {
            Some((k, (their_anchor, their_from))) => {
                if let Some(t) = theirs_taken.get_mut(k) {
                    *t = true;
                }
                all.push((anchor.min(their_anchor), sides.larger(from, their_from)));
            }
            None => all.push((anchor, from)),
        }
    }
    all.extend(
        theirs
            .iter()
            .zip(&theirs_taken)
            .filter(|(_, taken)| !**taken)
            .map(|(a, _)| *a),
    );
    let key = |&(anchor, from): &(usize, From)| {
        let e = sides.entry(from);
        (
            anchor,
            e.map(|e| {
                (
                    e.date().to_string(),
                    e.journal().to_string(),
                    e.number().to_string(),
                )
            }),
            sides.text(from),
        )
    };
    all.sort_by_cached_key(key);
    all
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
