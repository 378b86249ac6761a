//! The arguments of the commands that have sub-commands (`key`, `trust`, `dossier`,
//! `fec`, `inbox`, `trash`) and of `pack`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum DossierCommand {
    /// Move the dossier to another fiscal year (the yearly rollover).
    Set {
        /// The dossier folder.
        dir: PathBuf,
        /// The new fiscal period, e.g. 2021-01-01..2021-12-31.
        #[arg(long, value_name = "START..END")]
        fiscal_year: String,
    },
}

#[derive(Subcommand)]
pub enum FecCommand {
    /// Check FEC ledgers: each écriture balanced, one of debit or credit per line,
    /// account numbers, dates in the fiscal year, required fields. Exit 1 if any is wrong.
    Check {
        /// The ledgers.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The fiscal period, e.g. 2020-01-01..2020-12-31 (default: from the file's
        /// name, <SIREN>FEC<closing date>).
        #[arg(long, value_name = "START..END")]
        fiscal_year: Option<String>,
        /// One JSON object per line (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// The écritures added, modified and deleted from one version of a ledger to
    /// another (a renumbered écriture is not a change).
    Diff {
        /// The older version.
        old: PathBuf,
        /// The newer version.
        new: PathBuf,
        /// Also list each écriture (journal, number, date, label, amount).
        #[arg(long, short)]
        verbose: bool,
        /// One JSON object (see schemas/).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum InboxCommand {
    /// Copy the .sacoche attachments of received mail (.eml files, mbox files, Maildirs)
    /// into the inbox, each archive once.
    ImportMail {
        /// .eml files, mbox files or Maildir folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Integrate archives into their dossiers, in order (by dossier, then number).
    Process {
        /// The archives to process.
        files: Vec<PathBuf>,
        /// Every archive in the inbox.
        #[arg(long, conflicts_with = "files")]
        all: bool,
        /// Show what would happen; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also integrate the archives waiting for a confirmation (a reset, another
        /// history, deleting most of a dossier): check them first with --dry-run.
        #[arg(long)]
        confirm: bool,
    },
    /// Move archives from the inbox to the trash (restore them with `inbox restore`).
    Delete {
        /// The archives to delete.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Put a deleted archive back into its inbox.
    Restore {
        /// The id printed by `inbox delete` (or `sacoche trash list`).
        id: String,
    },
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Create your signing key (once).
    New {
        /// Your name as your correspondents know it: "GAEC LE GUYON", "Cabinet Dupont".
        #[arg(long)]
        name: String,
    },
    /// Print your public key (one line to send) and its fingerprint (to read over the phone).
    Show {
        /// One JSON object (see schemas/).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum TrustCommand {
    /// Trust a correspondent's public key (the line printed by their `sacoche key show`).
    Add {
        /// The public key, `sacochepk…`.
        key: String,
        /// Who it is: "Cabinet Dupont".
        #[arg(long)]
        name: String,
        /// Trust it only for this dossier (repeatable). Without it: every dossier, for a
        /// key not trusted yet.
        #[arg(long = "dossier", value_name = "ID")]
        dossiers: Vec<String>,
        /// Trust a key already trusted for some dossiers for every dossier.
        #[arg(long, conflicts_with = "dossiers")]
        all_dossiers: bool,
    },
    /// List trusted keys.
    List {
        /// One JSON object per line (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a key (give the key, its fingerprint, or the name).
    Remove {
        /// Public key, fingerprint (XXXX-XXXX-XXXX-XXXX) or name.
        key: String,
    },
}

#[derive(Subcommand)]
pub enum TrashCommand {
    /// List what is in the trash.
    List {
        /// The trash of this dossier folder (files replaced or removed by `apply`).
        #[arg(long, value_name = "DIR")]
        dossier: Option<PathBuf>,
        /// One JSON object per line (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// Put an item back where it was (never over an existing file).
    Restore {
        /// The item's id, from `sacoche trash list`.
        id: String,
        /// The trash of this dossier folder.
        #[arg(long, value_name = "DIR")]
        dossier: Option<PathBuf>,
        /// Restore to this path instead.
        #[arg(long)]
        to: Option<PathBuf>,
    },
}

#[derive(Args)]
pub struct PackArgs {
    /// The dossier folder.
    pub dir: PathBuf,
    /// The dossier number, e.g. 8502182 (default: recorded by `sacoche init`).
    #[arg(long, requires = "name")]
    pub dossier: Option<String>,
    /// The dossier holder's name, e.g. "GAEC LE GUYON".
    #[arg(long, requires = "dossier")]
    pub name: Option<String>,
    /// Pack the whole dossier, even when only changes could be sent.
    #[arg(long, conflicts_with = "changes")]
    pub full: bool,
    /// With --full: ask the receiver to make its copy exactly this one (its local
    /// changes go to its trash; it confirms first).
    #[arg(long, requires = "full")]
    pub reset: bool,
    /// Pack only what the correspondents have not acknowledged; refuse if they never
    /// acknowledged anything.
    #[arg(long)]
    pub changes: bool,
    /// For this correspondent only (by name): what they acknowledged decides what
    /// travels (default: every correspondent of the dossier).
    #[arg(long, value_name = "NAME")]
    pub to: Option<String>,
    /// Where to write the archive (default: the current folder).
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    pub out: PathBuf,
    /// The fiscal period, e.g. 2020-01-01..2020-12-31.
    #[arg(long, value_name = "START..END")]
    pub fiscal_year: Option<String>,
    /// Why you send it, e.g. "Envoi pour révision".
    #[arg(long)]
    pub purpose: Option<String>,
    /// A comment for the receiver.
    #[arg(long)]
    pub comment: Option<String>,
    /// Split into several archives of at most SIZE (e.g. 15M), each valid on its own and
    /// integrated in order by the receiver (for mail). With --mail-to: the mail limit.
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    /// Also put the archive in a ready-to-send email to this address (see `sacoche mail`).
    #[arg(long, value_name = "ADDRESS")]
    pub mail_to: Option<String>,
    /// With --mail-to: the sender's address.
    #[arg(long, value_name = "ADDRESS", requires = "mail_to")]
    pub from: Option<String>,
    /// With --mail-to: send it now over SMTP.
    #[arg(long, requires = "mail_to")]
    pub smtp: bool,
    /// Refuse to pack when a FEC ledger it would carry has defects (see `fec check`).
    #[arg(long)]
    pub strict: bool,
    /// One JSON object (see schemas/).
    #[arg(long)]
    pub json: bool,
}
