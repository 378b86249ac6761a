//! The command line as clap reads it: the commands, their arguments and flags.
//! The words of `--help` are not here: `words::help` gives every command and flag its
//! text from the catalog, in the user's language; the doc comments below are the
//! English reference the catalog's English follows.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod sub;

pub use sub::{
    DossierCommand, FecCommand, InboxCommand, KeyCommand, PackArgs, TrashCommand, TrustCommand,
};

pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  operational error (a file that can't be read, a full disk, a missing key…)
  2  usage error (bad arguments)
  3  an archive was rejected (bad signature, untrusted signer, corrupt or hostile content)

Environment:
  SACOCHE_HOME  folder for all of sacoche's own files (keys, trust, trash…)";

/// `sacoche --version`: the version, the commit, the archive format written.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SACOCHE_COMMIT"),
    ", archive format 3)"
);

/// Carries accounting dossiers between a farm and its accountant, on a USB stick or
/// by email, as signed exchange archives (<dossier>-<YYYYMMDDHHMMSS>.sacoche).
#[derive(Parser)]
#[command(name = "sacoche", version, long_version = LONG_VERSION, after_help = EXIT_CODES)]
pub struct Cli {
    /// The language: fr (français) or en (English); else SACOCHE_LANG, else the system's.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Your signing key: create it, show it to your correspondents.
    #[command(subcommand)]
    Key(KeyCommand),
    /// The keys you trust to send you archives.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Record a folder's dossier identity (number, name, fiscal year), once.
    Init {
        /// The dossier folder.
        dir: PathBuf,
        /// Create the folder if it does not exist (else a mistyped path is refused).
        #[arg(long)]
        create: bool,
        /// The dossier number, e.g. 8502182.
        #[arg(long)]
        dossier: String,
        /// The dossier holder's name, e.g. "GAEC LE GUYON".
        #[arg(long)]
        name: String,
        /// The fiscal period, e.g. 2020-01-01..2020-12-31.
        #[arg(long, value_name = "START..END")]
        fiscal_year: Option<String>,
    },
    /// Change what a dossier folder records about itself.
    #[command(subcommand)]
    Dossier(DossierCommand),
    /// Pack a dossier folder into a signed archive (changes since the last exchange,
    /// or the whole dossier); prints the archive's path.
    Pack(PackArgs),
    /// Integrate an archive into a dossier folder: preview, then apply safely. For an
    /// archive split in parts, give every part, then the folder.
    Apply {
        /// The archive (or all the parts of a split archive).
        #[arg(required = true, num_args = 1.., value_name = "ARCHIVE")]
        archives: Vec<PathBuf>,
        /// The dossier folder (a new or empty folder for a first full archive).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Show what would change, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Go ahead with what the preview asks to confirm (a reset, an archive of another
        /// history of the dossier, deleting most of the dossier).
        #[arg(long)]
        confirm: bool,
        /// Accept an archive for another fiscal period than the dossier's.
        #[arg(long)]
        accept_fiscal_year: bool,
        /// Write the receipt into this folder (default: next to the archive).
        #[arg(long, value_name = "DIR", conflicts_with = "no_receipt")]
        receipt_to: Option<PathBuf>,
        /// Write no receipt.
        #[arg(long)]
        no_receipt: bool,
        /// JSON lines (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// Choose between the two versions of a file changed on both sides (the file, or its
    /// conflict copy): the other version goes to the trash.
    Resolve {
        /// The dossier folder.
        dir: PathBuf,
        /// The file or its conflict copy, relative to the folder.
        file: String,
        /// Which version to keep: mine, theirs, or both (as two ordinary files).
        #[arg(long, value_enum)]
        keep: KeepChoice,
    },
    /// A dossier's identity, state, exchange history and local changes.
    Status {
        /// The dossier folder.
        dir: PathBuf,
        /// Also the ids (state, replica), the whole history and every local change.
        #[arg(long, short)]
        verbose: bool,
        /// One JSON object (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// Check archives completely: signature, signer, every file. Exit 3 if any is rejected.
    Verify {
        /// The archives to check.
        #[arg(required = true)]
        archives: Vec<PathBuf>,
        /// One JSON object per line (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// Windows installer: add (or remove) sacoche's folder in the user's PATH.
    #[command(hide = true)]
    UserPath {
        /// The folder.
        dir: String,
        /// Remove it (uninstall) instead of adding it.
        #[arg(long)]
        remove: bool,
    },
    /// Show what an archive holds, to decide whether to integrate it.
    Show {
        /// The archive.
        archive: PathBuf,
        /// One JSON object (see schemas/).
        #[arg(long)]
        json: bool,
        /// Then say how to integrate it, and wait for Enter (a double-click on an
        /// archive in Windows' Explorer runs this, in a window of its own).
        #[arg(long, hide = true)]
        wait: bool,
    },
    /// Verify an archive, then write its files into a folder.
    Extract {
        /// The archive.
        archive: PathBuf,
        /// The destination folder (created if needed).
        #[arg(long)]
        to: PathBuf,
        /// Replace existing files (the old ones go to the trash).
        #[arg(long)]
        force: bool,
        /// One JSON object (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// The FEC ledger, in écritures: check it, compare two versions.
    #[command(subcommand)]
    Fec(FecCommand),
    /// Files sacoche replaced or removed: list them, put them back.
    #[command(subcommand)]
    Trash(TrashCommand),
    /// The archives waiting in the inbox folders, with their status; process or delete them.
    #[command(args_conflicts_with_subcommands = true)]
    Inbox {
        #[command(subcommand)]
        command: Option<InboxCommand>,
        #[command(flatten)]
        place: Place,
        /// One JSON object per line (see schemas/).
        #[arg(long, global = true)]
        json: bool,
    },
    /// Watch the inbox folders and report every change of status as it happens.
    Watch {
        #[command(flatten)]
        place: Place,
        /// Poll every SECS seconds instead of relying on file-system events (network
        /// shares, USB sticks).
        #[arg(long, value_name = "SECS")]
        poll: Option<f64>,
        /// Integrate ready archives from trusted senders automatically.
        #[arg(long)]
        process: bool,
        /// Also watch this Maildir (repeatable): archives attached to new mail are copied
        /// into the (first) inbox.
        #[arg(long, value_name = "DIR")]
        maildir: Vec<PathBuf>,
        /// Seconds a file's size and time must stay unchanged before it is judged.
        #[arg(long, value_name = "SECS", default_value_t = 2.0)]
        settle: f64,
        /// One JSON object per line (see schemas/).
        #[arg(long)]
        json: bool,
    },
    /// Put an archive in a ready-to-send email (.eml, opens as a draft in Outlook), or
    /// send it over SMTP ([smtp] in config.toml).
    Mail {
        /// The archive.
        archive: PathBuf,
        #[command(flatten)]
        mail: MailArgs,
        /// Where to write the message (default: next to the archive, NAME.eml).
        #[arg(long, value_name = "FILE.eml", conflicts_with = "smtp")]
        out: Option<PathBuf>,
    },
    /// Shell completions, to install: sacoche completions bash > /etc/bash_completion.d/sacoche
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// The manual page (roff), in the chosen language: sacoche man > sacoche.1
    Man,
    /// The page: send, receive, history, trash and correspondents in the web browser.
    Ui {
        #[command(flatten)]
        place: Place,
        /// Do not open the browser: print the page's address (with its one-time key) on
        /// the first line, and serve until stopped.
        #[arg(long)]
        no_open: bool,
        /// The port to listen on (on this computer only); default: any free port.
        #[arg(long, value_name = "PORT")]
        port: Option<u16>,
    },
    /// The audit log of inbox actions (seen, integrated, deleted, restored, refused, conflict).
    Log {
        /// Only this dossier.
        #[arg(long, value_name = "ID")]
        dossier: Option<String>,
        /// One JSON object per line (see schemas/).
        #[arg(long)]
        json: bool,
    },
}

/// Which version `resolve` keeps.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KeepChoice {
    /// The version made in this dossier.
    Mine,
    /// The other side's version.
    Theirs,
    /// Both, as two ordinary files.
    Both,
}

/// Where the inbox folders and the dossiers are (default: config.toml).
#[derive(Args, Clone)]
pub struct Place {
    /// An inbox folder (repeatable); default: `inboxes` in config.toml.
    #[arg(long = "inbox", value_name = "DIR", global = true)]
    pub inboxes: Vec<PathBuf>,
    /// The folder of the dossiers (one sub-folder per number); default: config.toml.
    #[arg(long, value_name = "DIR", global = true)]
    pub dossiers: Option<PathBuf>,
}

/// Who the message goes to, and how.
#[derive(Args, Clone)]
pub struct MailArgs {
    /// The recipient's address.
    #[arg(long, value_name = "ADDRESS")]
    pub to: String,
    /// The sender's address (default: [mail] from in config.toml).
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
    /// Send it now through the SMTP server in config.toml (password in SACOCHE_SMTP_PASSWORD).
    #[arg(long)]
    pub smtp: bool,
}
