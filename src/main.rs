//! The `sacoche` command: parses arguments, calls the library, prints, and maps errors
//! to exit codes. stdout carries results; stderr carries progress, hints and errors.

#![forbid(unsafe_code)]

/// Prints a line of results on stdout. A closed pipe (`sacoche … | head`) is a normal
/// end for output, never a panic, and never stops what the command is doing.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Prints a line for people (progress, hints, errors) on stderr; same rule as `say!`.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod double_click;
mod failure;
mod output;
#[cfg_attr(not(windows), allow(dead_code))]
mod user_path;
mod winargs;
mod words;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use sacoche::archive::manifest::{DossierRef, FiscalPeriod};
use sacoche::archive::{self, Opened};
use sacoche::dossier::{
    self,
    meta::{Identity, Meta},
};
use sacoche::error::{EXIT_ERROR, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, IoAction, IoError};
use sacoche::exchange::resolve::Choice;
use sacoche::exchange::{self, ApplyOptions, PackMode, PackOptions, ReceiptTo};
use sacoche::home::Home;
use sacoche::inbox::{self, Config, Handling, watch::WatchOptions};
use sacoche::keys::{OwnKey, PublicKey, TrustChange, TrustStore};
use sacoche::trash::Trash;

use failure::Failure;
use output::Out;
use words::escape::escaped;
use words::t;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  operational error (a file that can't be read, a full disk, a missing key…)
  2  usage error (bad arguments)
  3  an archive was rejected (bad signature, untrusted signer, corrupt or hostile content)

Environment:
  SACOCHE_HOME  folder for all of sacoche's own files (keys, trust, trash…)";

/// `sacoche --version`: the version, the commit, the archive format written.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SACOCHE_COMMIT"),
    ", archive format 2)"
);

/// Carries accounting dossiers between a farm and its accountant, on a USB stick or
/// by email, as signed exchange archives (<dossier>-<YYYYMMDDHHMMSS>.sacoche).
#[derive(Parser)]
#[command(name = "sacoche", version, long_version = LONG_VERSION, after_help = EXIT_CODES)]
struct Cli {
    /// The language: fr (français) or en (English); else SACOCHE_LANG, else the system's.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["fr", "en"])]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
enum KeepChoice {
    /// The version made in this dossier.
    Mine,
    /// The other side's version.
    Theirs,
    /// Both, as two ordinary files.
    Both,
}

/// Where the inbox folders and the dossiers are (default: config.toml).
#[derive(Args, Clone)]
struct Place {
    /// An inbox folder (repeatable); default: `inboxes` in config.toml.
    #[arg(long = "inbox", value_name = "DIR", global = true)]
    inboxes: Vec<PathBuf>,
    /// The folder of the dossiers (one sub-folder per number); default: config.toml.
    #[arg(long, value_name = "DIR", global = true)]
    dossiers: Option<PathBuf>,
}

/// Who the message goes to, and how.
#[derive(Args, Clone)]
struct MailArgs {
    /// The recipient's address.
    #[arg(long, value_name = "ADDRESS")]
    to: String,
    /// The sender's address (default: [mail] from in config.toml).
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// Send it now through the SMTP server in config.toml (password in SACOCHE_SMTP_PASSWORD).
    #[arg(long)]
    smtp: bool,
}

#[derive(Subcommand)]
enum DossierCommand {
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
enum InboxCommand {
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
enum KeyCommand {
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
enum TrustCommand {
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
enum TrashCommand {
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
struct PackArgs {
    /// The dossier folder.
    dir: PathBuf,
    /// The dossier number, e.g. 8502182 (default: recorded by `sacoche init`).
    #[arg(long, requires = "name")]
    dossier: Option<String>,
    /// The dossier holder's name, e.g. "GAEC LE GUYON".
    #[arg(long, requires = "dossier")]
    name: Option<String>,
    /// Pack the whole dossier, even when only changes could be sent.
    #[arg(long, conflicts_with = "changes")]
    full: bool,
    /// With --full: ask the receiver to make its copy exactly this one (its local
    /// changes go to its trash; it confirms first).
    #[arg(long, requires = "full")]
    reset: bool,
    /// Pack only what the correspondents have not acknowledged; refuse if they never
    /// acknowledged anything.
    #[arg(long)]
    changes: bool,
    /// For this correspondent only (by name): what they acknowledged decides what
    /// travels (default: every correspondent of the dossier).
    #[arg(long, value_name = "NAME")]
    to: Option<String>,
    /// Where to write the archive (default: the current folder).
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    out: PathBuf,
    /// The fiscal period, e.g. 2020-01-01..2020-12-31.
    #[arg(long, value_name = "START..END")]
    fiscal_year: Option<String>,
    /// Why you send it, e.g. "Envoi pour révision".
    #[arg(long)]
    purpose: Option<String>,
    /// A comment for the receiver.
    #[arg(long)]
    comment: Option<String>,
    /// Split into several archives of at most SIZE (e.g. 15M), each valid on its own and
    /// integrated in order by the receiver (for mail). With --mail-to: the mail limit.
    #[arg(long, value_name = "SIZE")]
    max_size: Option<String>,
    /// Also put the archive in a ready-to-send email to this address (see `sacoche mail`).
    #[arg(long, value_name = "ADDRESS")]
    mail_to: Option<String>,
    /// With --mail-to: the sender's address.
    #[arg(long, value_name = "ADDRESS", requires = "mail_to")]
    from: Option<String>,
    /// With --mail-to: send it now over SMTP.
    #[arg(long, requires = "mail_to")]
    smtp: bool,
    /// One JSON object (see schemas/).
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let args = arguments();
    words::set(words::choose(lang_flag(&args).as_deref()));
    if args.len() == 1 && double_click::started_from_explorer() {
        // Double-clicked: a window of its own that must not flash and vanish.
        double_click::explain();
        return ExitCode::SUCCESS;
    }
    // Under --json, a failure is a JSON line too (scripts read one format).
    let json = args.iter().any(|a| a == "--json");
    // The help in the chosen language: clap's tree with the catalog's words.
    let mut command = words::help::localized(Cli::command());
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(matches) => matches,
        Err(e) => return usage_error(&e, json),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e.format(&mut command), json),
    };
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) if json => {
            say!("{}", words::escape::json_line(&words::errors::json(&e)));
            e.exit_code()
        }
        Err(e) => {
            words::errors::report(&e);
            e.exit_code()
        }
    };
    ExitCode::from(code)
}

/// A command line clap could not read, in words (or a JSON line); what was asked for
/// instead of a command (`--help`, `--version`) printed as clap makes it.
fn usage_error(e: &clap::Error, json: bool) -> ExitCode {
    if e.kind() == clap::error::ErrorKind::DisplayVersion {
        // `-V` and `--version` alike: the version, the commit, the format, in words.
        say!(
            "{}",
            t!(
                "version-line",
                version = env!("CARGO_PKG_VERSION"),
                commit = env!("SACOCHE_COMMIT"),
                format = sacoche::archive::manifest::VERSION
            )
        );
        return ExitCode::from(EXIT_OK);
    }
    let Some(said) = words::usage::said(e) else {
        let _ = e.print();
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE));
    };
    let usage = words::usage::usage(e);
    if json {
        say!(
            "{}",
            words::escape::json_line(&serde_json::json!({
                "type": "error",
                "code": "usage",
                "reason_code": null,
                "exit_code": EXIT_USAGE,
                "message": said.message,
                "hint": said.hint,
            }))
        );
    } else {
        for line in said.lines() {
            tell!("{line}");
        }
        if let Some(usage) = usage {
            tell!();
            tell!("{}", t!("usage-line", usage = usage.clone()));
            tell!(
                "{}",
                t!("usage-more", command = words::usage::command_of(&usage))
            );
        }
    }
    ExitCode::from(EXIT_USAGE)
}

/// `--lang fr|en` (or `--lang=…`), read before the command line is parsed: the help
/// itself is in that language.
fn lang_flag(args: &[std::ffi::OsString]) -> Option<String> {
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
        if arg == "--lang" {
            return args.next().map(str::to_string);
        }
    }
    None
}

/// The command line; on Windows, with a quoted folder's trailing backslash read as the
/// person meant it (`"D:\GAEC\"`: see `winargs`).
fn arguments() -> Vec<std::ffi::OsString> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if !cfg!(windows) {
        return args;
    }
    match args
        .iter()
        .map(|a| a.to_str().map(str::to_string))
        .collect::<Option<Vec<String>>>()
    {
        Some(text) => winargs::repaired(text)
            .into_iter()
            .map(Into::into)
            .collect(),
        None => args,
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    let home = Home::from_env()?;
    match cli.command {
        Command::Key(KeyCommand::New { name }) => {
            let key = OwnKey::create(&home, &name)?;
            let out = Out::new(false);
            out.key(&key.name, &key.public_key());
            tell!("{}", t!("key-created"));
            Ok(EXIT_OK)
        }
        Command::Key(KeyCommand::Show { json }) => {
            let key = OwnKey::load(&home)?;
            Out::new(json).key(&key.name, &key.public_key());
            Ok(EXIT_OK)
        }
        Command::Trust(TrustCommand::Add {
            key,
            name,
            dossiers,
            all_dossiers,
        }) => {
            let public: PublicKey = key.parse()?;
            let mut store = TrustStore::load(&home)?;
            let change = if all_dossiers {
                store.add_everywhere(public, &name)?
            } else {
                store.add(public, &name, &dossiers)?
            };
            store.save(&home)?;
            let fingerprint = public.key_id().to_string();
            let name = escaped(name.trim());
            let scope = store
                .keys()
                .iter()
                .find(|k| k.public_key == public)
                .map(|k| k.dossiers.clone())
                .unwrap_or_default();
            let now = if scope.is_empty() {
                t!(
                    "trusted-all",
                    name = name.clone(),
                    fingerprint = fingerprint.clone()
                )
            } else {
                t!(
                    "trusted-for",
                    name = name.clone(),
                    fingerprint = fingerprint.clone(),
                    count = scope.len(),
                    dossiers = escaped(&scope.join(", "))
                )
            };
            let text = match change {
                TrustChange::AlreadyEverywhere => t!(
                    "trust-already-everywhere",
                    name = name,
                    fingerprint = fingerprint
                ),
                TrustChange::Unchanged => t!("trust-unchanged", now = now),
                TrustChange::New | TrustChange::Added(_) | TrustChange::Widened => now,
            };
            tell!("{text}");
            Ok(EXIT_OK)
        }
        Command::Trust(TrustCommand::List { json }) => {
            let store = TrustStore::load(&home)?;
            let out = Out::new(json);
            for key in store.keys() {
                out.trusted_key(key);
            }
            if store.keys().is_empty() && !json {
                tell!("{}", t!("trust-none"));
            }
            Ok(EXIT_OK)
        }
        Command::Trust(TrustCommand::Remove { key }) => {
            let mut store = TrustStore::load(&home)?;
            let removed = store.remove(&key)?;
            store.save(&home)?;
            for k in removed {
                tell!(
                    "{}",
                    t!(
                        "trust-removed",
                        name = escaped(&k.name),
                        fingerprint = k.public_key.key_id().to_string()
                    )
                );
            }
            Ok(EXIT_OK)
        }
        Command::Init {
            dir,
            create,
            dossier,
            name,
            fiscal_year,
        } => {
            let identity = Identity {
                id: dossier,
                name,
                fiscal_period: fiscal_period(fiscal_year.as_deref())?,
                history: None,
                replica: None,
            };
            if !create && !dir.is_dir() {
                return Err(if dir.exists() {
                    Failure::Dossier(dossier::Error::NotADirectory(dir))
                } else {
                    Failure::NoSuchFolder(dir)
                });
            }
            exchange::init(&dir, &identity)?;
            tell!(
                "{}",
                t!(
                    "init-done",
                    path = words::escape::path(&dir),
                    id = escaped(&identity.id),
                    name = escaped(&identity.name),
                    quoted = escaped(&words::errors::shell_quoted(&dir))
                )
            );
            Ok(EXIT_OK)
        }
        Command::Dossier(DossierCommand::Set { dir, fiscal_year }) => {
            let period = FiscalPeriod::parse(&fiscal_year)
                .ok_or_else(|| Failure::InvalidFiscalPeriod(fiscal_year.clone()))?;
            let old = exchange::set_fiscal_period(&dir, period)?;
            let path = words::escape::path(&dir);
            tell!(
                "{}",
                match old {
                    Some(old) if old == period =>
                        t!("fiscal-year-same", path = path, period = period.to_string()),
                    Some(old) => t!(
                        "fiscal-year-moved",
                        path = path,
                        period = period.to_string(),
                        old = old.to_string()
                    ),
                    None => t!("fiscal-year-set", path = path, period = period.to_string()),
                }
            );
            Ok(EXIT_OK)
        }
        Command::Pack(args) => pack(&home, args),
        Command::Apply {
            archives,
            dir,
            dry_run,
            confirm,
            accept_fiscal_year,
            receipt_to,
            no_receipt,
            json,
        } => {
            let receipt = match (no_receipt, receipt_to) {
                (true, _) => ReceiptTo::Off,
                (_, Some(dir)) => ReceiptTo::Folder(dir),
                _ => ReceiptTo::Beside,
            };
            let options = ApplyOptions {
                dry_run,
                confirm,
                accept_fiscal_year,
                receipt,
            };
            let out = Out::new(json);
            let bar = output::ReadBar::install(json);
            let outcome = exchange::apply(&home, &archives, &dir, &options, &mut |plan| {
                bar.suspend(|| out.plan(plan))
            });
            drop(bar);
            out.applied(&outcome?);
            Ok(EXIT_OK)
        }
        Command::Resolve { dir, file, keep } => {
            let choice = match keep {
                KeepChoice::Mine => Choice::Mine,
                KeepChoice::Theirs => Choice::Theirs,
                KeepChoice::Both => Choice::Both,
            };
            let resolved = exchange::resolve::resolve(&dir, &file, choice)?;
            Out::new(false).resolved(&resolved);
            Ok(EXIT_OK)
        }
        Command::Status { dir, verbose, json } => {
            let status = exchange::status::status(&dir)?;
            Out::new(json).status(&dir, &status, verbose);
            Ok(EXIT_OK)
        }
        Command::Verify { archives, json } => verify(&home, &archives, json),
        Command::UserPath { dir, remove } => user_path(&dir, !remove),
        Command::Show {
            archive,
            json,
            wait,
        } => {
            let shown = show(&home, &archive, json);
            if wait {
                let code = match &shown {
                    Ok(code) => {
                        double_click::how_to_apply(&archive);
                        *code
                    }
                    Err(e) => {
                        words::errors::report(e);
                        e.exit_code()
                    }
                };
                double_click::wait_for_enter();
                return Ok(code);
            }
            shown
        }
        Command::Extract {
            archive,
            to,
            force,
            json,
        } => {
            let bar = output::ReadBar::install(json);
            let extracted = dossier::extract(&home, &archive, &to, force);
            drop(bar);
            Out::new(json).extracted(&archive, &extracted?);
            Ok(EXIT_OK)
        }
        Command::Inbox {
            command,
            place,
            json,
        } => inbox(&home, command, &place, json),
        Command::Watch {
            place,
            poll,
            process,
            maildir,
            settle,
            json,
        } => {
            let config = Config::load(&home, &place.inboxes, place.dossiers.as_deref())?;
            let secs = |s: f64| Duration::from_secs_f64(s.clamp(0.0, 86_400.0));
            let options = WatchOptions {
                poll: poll.map(secs),
                process,
                settle: secs(settle),
                maildirs: maildir,
                ..WatchOptions::default()
            };
            let out = Out::new(json);
            tell!(
                "{}",
                t!(
                    "watching",
                    folders = config
                        .inboxes
                        .iter()
                        .map(|p| words::escape::path(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            );
            let watched = inbox::watch::watch(&home, &config, options, &mut |event| {
                out.watch_event(&event);
                true
            })?;
            // The exit status remembers what failed along the way (ripgrep's way).
            Ok(if watched.failures > 0 {
                EXIT_ERROR
            } else {
                EXIT_OK
            })
        }
        Command::Mail { archive, mail, out } => {
            mail_archive(&home, &archive, &mail, out)?;
            Ok(EXIT_OK)
        }
        Command::Completions { shell } => {
            let mut command = words::help::localized(Cli::command());
            // Into memory first: clap_complete panics on a closed pipe (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "sacoche", &mut script);
            use std::io::Write as _;
            let _ = std::io::stdout().lock().write_all(&script);
            Ok(EXIT_OK)
        }
        Command::Man => {
            let command = words::help::localized(Cli::command());
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(|e| IoError::new(IoAction::Write, "stdout", e))?;
            use std::io::Write as _;
            let _ = std::io::stdout().lock().write_all(&page);
            Ok(EXIT_OK)
        }
        Command::Log { dossier, json } => {
            let out = Out::new(json);
            for entry in inbox::log::read(&home, dossier.as_deref())? {
                out.log_entry(&entry);
            }
            Ok(EXIT_OK)
        }
        Command::Trash(TrashCommand::List { dossier, json }) => {
            let out = Out::new(json);
            let items = trash_of(&home, dossier.as_deref()).list()?;
            for item in &items {
                out.trash_item(item);
            }
            if items.is_empty() && !json {
                tell!("{}", t!("trash-empty"));
            }
            Ok(EXIT_OK)
        }
        Command::Trash(TrashCommand::Restore { id, dossier, to }) => {
            let restored = trash_of(&home, dossier.as_deref()).restore(&id, to.as_deref())?;
            say!("{}", restored.display());
            Ok(EXIT_OK)
        }
    }
}

fn inbox(
    home: &Home,
    command: Option<InboxCommand>,
    place: &Place,
    json: bool,
) -> Result<u8, Failure> {
    let out = Out::new(json);
    match command {
        None => {
            let config = Config::load(home, &place.inboxes, place.dossiers.as_deref())?;
            let entries = inbox::list(home, &config)?;
            out.inbox_list(&entries);
            Ok(EXIT_OK)
        }
        Some(InboxCommand::Process {
            files,
            all,
            dry_run,
            confirm,
        }) => {
            let config = Config::load(home, &place.inboxes, place.dossiers.as_deref())?;
            if files.is_empty() && !all {
                return Err(Failure::ProcessWhich);
            }
            let bar = output::ReadBar::install(json);
            let handled = inbox::process(home, &config, &files, dry_run, confirm);
            drop(bar);
            let handled = handled?;
            let mut code = EXIT_OK;
            for h in &handled {
                out.handled(h);
                code = match &h.outcome {
                    Handling::Left(inbox::Status::Invalid) => EXIT_REJECTED,
                    // Refused by an earlier run: still said, not failed again.
                    Handling::RefusedBefore => code,
                    // Your own archives are left alone, as they should be; a copy waits
                    // for its original.
                    Handling::Left(inbox::Status::Own | inbox::Status::Copy) => code,
                    Handling::Left(_) if code == EXIT_REJECTED => code,
                    Handling::Left(_) => EXIT_ERROR,
                    _ => code,
                };
            }
            Ok(code)
        }
        Some(InboxCommand::Delete { files }) => {
            let config = Config::load(home, &place.inboxes, place.dossiers.as_deref())?;
            for item in inbox::delete(home, &config, &files)? {
                out.trash_item(&item);
            }
            Ok(EXIT_OK)
        }
        Some(InboxCommand::ImportMail { paths }) => {
            let config = Config::load(home, &place.inboxes, place.dossiers.as_deref())?;
            let inbox_dir = config
                .inboxes
                .first()
                .ok_or_else(|| inbox::Error::NoInbox(home.config_file()))?;
            let already = inbox::integrated_before(home, &config)?;
            let report = sacoche::mail::import(home, inbox_dir, &paths, &already)?;
            out.imported(&report);
            Ok(EXIT_OK)
        }
        Some(InboxCommand::Restore { id }) => {
            let restored = inbox::restore(home, &id)?;
            say!("{}", restored.display());
            Ok(EXIT_OK)
        }
    }
}

/// Writes the message next to the archive (or to `out`), or sends it over SMTP.
fn mail_archive(
    home: &Home,
    archive: &Path,
    args: &MailArgs,
    out: Option<PathBuf>,
) -> Result<(), Failure> {
    let (mail_config, smtp) = sacoche::mail::config(home)?;
    let max = sacoche::mail::max_size(&mail_config)?;
    let from = args.from.clone().or(mail_config.from.clone());
    let about = sacoche::mail::about(home, archive, &args.to, from.as_deref(), max)?;
    let text = words::mail::text(&about);
    let message = sacoche::mail::message(archive, &about, &args.to, from.as_deref(), &text)?;
    if args.smtp {
        let smtp = smtp.ok_or_else(|| Failure::NoSmtpServer(home.config_file()))?;
        let from = from.ok_or(Failure::NoSender)?;
        sacoche::mail::send(&smtp, &from, &args.to, &message)?;
        tell!(
            "{}",
            t!(
                "mail-sent",
                archive = words::escape::path(archive),
                to = escaped(&args.to),
                host = escaped(&smtp.host)
            )
        );
        return Ok(());
    }
    let path = out.unwrap_or_else(|| archive.with_extension("eml"));
    // Never over a message already there (one not sent yet, perhaps).
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Failure::MessageExists(path));
    }
    sacoche::fsx::write_atomic(&path, &message)?;
    tell!("{}", t!("mail-ready", to = escaped(&args.to)));
    say!("{}", path.display());
    Ok(())
}

fn fiscal_period(text: Option<&str>) -> Result<Option<FiscalPeriod>, Failure> {
    text.map(|t| FiscalPeriod::parse(t).ok_or_else(|| Failure::InvalidFiscalPeriod(t.to_string())))
        .transpose()
}

fn trash_of(home: &Home, dossier: Option<&Path>) -> Trash {
    match dossier {
        Some(dir) => Trash::at(Meta::of(dir).trash()),
        None => Trash::new(home),
    }
}

fn pack(home: &Home, args: PackArgs) -> Result<u8, Failure> {
    let dossier = match (args.dossier, args.name) {
        (Some(id), Some(name)) => Some(DossierRef { id, name }),
        _ => None,
    };
    let mode = if args.full {
        PackMode::Full
    } else if args.changes {
        PackMode::Changes
    } else {
        PackMode::Auto
    };
    let max_size = match (&args.max_size, &args.mail_to) {
        (Some(text), _) => {
            Some(sacoche::mail::parse_size(text).ok_or_else(|| Failure::NotASize(text.clone()))?)
        }
        (None, Some(_)) => Some(sacoche::mail::max_size(&sacoche::mail::config(home)?.0)?),
        (None, None) => None,
    };
    let options = PackOptions {
        dossier,
        max_size,
        out_dir: args.out,
        fiscal_period: fiscal_period(args.fiscal_year.as_deref())?,
        purpose: args.purpose,
        comment: args.comment,
        created: None,
        mode,
        reset: args.reset,
        to: args.to,
    };
    // Receipts brought back on the stick are recorded first, and said so whatever
    // happens next (nothing left to send, say).
    let out = Out::new(args.json);
    let receipts = exchange::intake::take_receipts(home, &args.dir, &options.out_dir);
    let mut bar = output::PackBar::new(args.json);
    let packed = exchange::pack(home, &args.dir, &options, &mut |p| bar.update(p));
    bar.finish();
    let mut packed = match packed {
        Ok(p) => p,
        Err(e) => {
            for r in &receipts {
                out.receipt_recorded(r);
            }
            return Err(e.into());
        }
    };
    packed.receipts.splice(0..0, receipts);
    out.packed(&packed);
    if let Some(to) = args.mail_to {
        let mail = MailArgs {
            to,
            from: args.from,
            smtp: args.smtp,
        };
        for written in &packed.archives {
            mail_archive(home, &written.path, &mail, None)?;
        }
    }
    Ok(EXIT_OK)
}

/// The installer's PATH step (see `user_path`); prints whether the PATH changed.
fn user_path(dir: &str, add: bool) -> Result<u8, Failure> {
    #[cfg(windows)]
    {
        let changed = user_path::update(dir, add)?;
        say!("{}", if changed { "changed" } else { "unchanged" });
        Ok(EXIT_OK)
    }
    #[cfg(not(windows))]
    {
        let _ = (dir, add);
        tell!("{}", t!("user-path-windows-only"));
        Ok(2)
    }
}

fn verify(home: &Home, archives: &[PathBuf], json: bool) -> Result<u8, Failure> {
    let trust = TrustStore::load(home)?;
    let out = Out::new(json);
    let (mut valid, mut rejected, mut failed) = (0usize, 0usize, 0usize);
    let mut worst_failure = None;
    let bar = output::ReadBar::install(json);
    for path in archives {
        let verified = archive::verify(path, &trust);
        bar.suspend(|| match verified {
            Ok(v) => {
                valid += 1;
                out.verified(path, &v);
            }
            Err(archive::Error::Rejected { archive, reason }) => {
                rejected += 1;
                out.rejected(&archive, &reason);
            }
            // Keep going through the list; remember the worst outcome.
            Err(e) => {
                failed += 1;
                out.failed(path, &e);
                worst_failure.get_or_insert(e.exit_code());
            }
        });
    }
    drop(bar);
    out.summary(valid, rejected, failed);
    Ok(if rejected > 0 {
        EXIT_REJECTED
    } else {
        worst_failure.unwrap_or(EXIT_OK)
    })
}

fn show(home: &Home, path: &Path, json: bool) -> Result<u8, Failure> {
    let trust = TrustStore::load(home)?;
    let opened = Opened::open(path, &trust)?;
    let out = Out::new(json);
    if let Err(e) = opened.require_trusted() {
        // Its contents are not opened: only what the signature vouches for is shown.
        out.shown_untrusted(&opened);
        return Err(e.into());
    }
    let contents = opened.contents()?;
    out.shown(path, &contents);
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_long_version_names_the_format_it_writes() {
        let format = format!("archive format {})", sacoche::archive::manifest::VERSION);
        assert!(
            super::LONG_VERSION.ends_with(&format),
            "{}",
            super::LONG_VERSION
        );
    }
}
