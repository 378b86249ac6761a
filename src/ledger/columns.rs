//! The first line of a FEC ledger: its field names, which say the separator and the
//! variant (article A47 A-1 of the LPF: 18 columns; Montant + Sens in place of Debit
//! and Credit; a cash-basis farm ledger's DateRglt, ModeRglt, NatOp).

use serde::Serialize;

/// Declares the columns once: the enum, its every value in order, each one's name.
macro_rules! columns {
    ($($name:ident),* $(,)?) => {
        /// A FEC field, by its name in the header.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Column {
            $($name),*
        }

        /// Every column, in the enum's order (`Column as usize` indexes it).
        const ALL: [Column; [$(stringify!($name)),*].len()] = [$(Column::$name),*];

        impl Column {
            /// The name the header gives it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Column::$name => stringify!($name)),*
                }
            }
        }
    };
}

columns!(
    JournalCode,
    JournalLib,
    EcritureNum,
    EcritureDate,
    CompteNum,
    CompteLib,
    CompAuxNum,
    CompAuxLib,
    PieceRef,
    PieceDate,
    EcritureLib,
    Debit,
    Credit,
    Montant,
    Sens,
    EcritureLet,
    DateLet,
    ValidDate,
    Montantdevise,
    Idevise,
    DateRglt,
    ModeRglt,
    NatOp,
);

/// Present in every variant.
const COMMON: [Column; 16] = {
    use Column::*;
    [
        JournalCode,
        JournalLib,
        EcritureNum,
        EcritureDate,
        CompteNum,
        CompteLib,
        CompAuxNum,
        CompAuxLib,
        PieceRef,
        PieceDate,
        EcritureLib,
        EcritureLet,
        DateLet,
        ValidDate,
        Montantdevise,
        Idevise,
    ]
};

/// Fields every line must fill (the others may be empty).
pub const REQUIRED: [Column; 9] = {
    use Column::*;
    [
        JournalCode,
        JournalLib,
        EcritureNum,
        EcritureDate,
        CompteNum,
        CompteLib,
        PieceRef,
        PieceDate,
        EcritureLib,
    ]
};

impl Column {
    fn named(name: &str) -> Option<Column> {
        let name = name.trim();
        ALL.into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// How the amounts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Amounts {
    /// A Debit and a Credit column.
    DebitCredit,
    /// A Montant column and a Sens column (`D` or `C`, or `+1` / `-1`).
    MontantSens,
}

/// The field separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Separator {
    Tab,
    Pipe,
}

impl Separator {
    pub fn byte(self) -> u8 {
        match self {
            Separator::Tab => b'\t',
            Separator::Pipe => b'|',
        }
    }
}

/// What the header says: the separator, where each field is, the variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub separator: Separator,
    pub amounts: Amounts,
    /// The cash-basis variant (DateRglt, ModeRglt, NatOp).
    pub cash_basis: bool,
    /// How many fields each line has.
    pub width: usize,
    /// For each column of [`ALL`]'s order, its index in a line.
    at: [Option<usize>; ALL.len()],
}

/// A first line that is not a FEC header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem {
    /// Neither a tab nor a `|` separates its fields.
    NoSeparator,
    /// These FEC fields are not named.
    Missing(Vec<Column>),
    /// A field is named twice.
    Twice(Column),
}

impl Layout {
    /// Reads the header line (already decoded, without its line ending).
    pub fn of(header: &str) -> Result<Layout, HeaderProblem> {
        let separator = if header.contains('\t') {
            Separator::Tab
        } else if header.contains('|') {
            Separator::Pipe
        } else {
            return Err(HeaderProblem::NoSeparator);
        };
        let mut at = [None; ALL.len()];
        let names: Vec<&str> = header.split(char::from(separator.byte())).collect();
        for (i, name) in names.iter().enumerate() {
            if let Some(column) = Column::named(name) {
                let slot = at
                    .get_mut(column as usize)
                    .ok_or(HeaderProblem::NoSeparator)?;
                if slot.is_some() {
                    return Err(HeaderProblem::Twice(column));
                }
                *slot = Some(i);
            }
        }
        let has = |c: Column| at.get(c as usize).copied().flatten().is_some();
        let amounts = if has(Column::Debit) || has(Column::Credit) || !has(Column::Montant) {
            Amounts::DebitCredit
        } else {
            Amounts::MontantSens
        };
        let needed: &[Column] = match amounts {
            Amounts::DebitCredit => &[Column::Debit, Column::Credit],
            Amounts::MontantSens => &[Column::Montant, Column::Sens],
        };
        let missing: Vec<Column> = COMMON
            .iter()
            .chain(needed)
            .copied()
            .filter(|c| !has(*c))
            .collect();
        if !missing.is_empty() {
            return Err(HeaderProblem::Missing(missing));
        }
        let cash_basis = [Column::DateRglt, Column::ModeRglt, Column::NatOp]
            .into_iter()
            .all(has);
        Ok(Layout {
            separator,
            amounts,
            cash_basis,
            width: names.len(),
            at,
        })
    }

    /// Where `column` is in a line, if the header names it.
    pub fn index(&self, column: Column) -> Option<usize> {
        self.at.get(column as usize).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STANDARD: &str = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise";

    #[test]
    fn the_three_variants() {
        let l = Layout::of(STANDARD).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (l.separator, l.amounts, l.cash_basis, l.width),
            (Separator::Tab, Amounts::DebitCredit, false, 18)
        );
        let pipes = STANDARD
            .replace('\t', "|")
            .replace("Debit|Credit", "Montant|Sens");
        let l = Layout::of(&pipes).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (l.separator, l.amounts),
            (Separator::Pipe, Amounts::MontantSens)
        );
        assert_eq!(l.index(Column::Sens), Some(12));
        let cash = format!("{STANDARD}\tDateRglt\tModeRglt\tNatOp");
        let l = Layout::of(&cash).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(l.cash_basis);
        assert_eq!(l.width, 21);
    }

    #[test]
    fn what_is_not_a_fec_header() {
        assert_eq!(Layout::of("Nom;Prénom"), Err(HeaderProblem::NoSeparator));
        let short = STANDARD.replace("\tPieceRef", "");
        assert_eq!(
            Layout::of(&short),
            Err(HeaderProblem::Missing(vec![Column::PieceRef]))
        );
        let twice = format!("{STANDARD}\tDebit");
        assert_eq!(Layout::of(&twice), Err(HeaderProblem::Twice(Column::Debit)));
    }
}
