//! What each command does: `run` reads the parsed command line and hands each command
//! to its domain's module, which calls the library and prints through `output`.

mod dossier;
mod inbox;
mod keys;
mod ledger;
pub mod send;
mod tools;

use sacoche::dossier::meta::Identity;
use sacoche::error::EXIT_OK;
use sacoche::exchange::{ApplyOptions, ReceiptTo};
use sacoche::home::Home;
use sacoche::ids::DossierId;

use crate::cli::{Cli, Command, DossierCommand, FecCommand};
use crate::failure::Failure;

pub fn run(cli: Cli) -> Result<u8, Failure> {
    let home = Home::from_env()?;
    match cli.command {
        Command::Key(command) => keys::key(&home, command),
        Command::Trust(command) => keys::trust(&home, command),
        Command::Fec(FecCommand::Check {
            files,
            fiscal_year,
            json,
        }) => ledger::check(&files, fiscal_year.as_deref(), json),
        Command::Fec(FecCommand::Diff {
            old,
            new,
            verbose,
            json,
        }) => ledger::diff(&old, &new, verbose, json),
        Command::Init {
            dir,
            create,
            dossier,
            name,
            fiscal_year,
        } => {
            let identity = Identity {
                id: DossierId::parse(&dossier).map_err(sacoche::dossier::Error::from)?,
                name,
                fiscal_period: dossier::fiscal_period(fiscal_year.as_deref())?,
                history: None,
                replica: None,
            };
            dossier::init(&dir, create, &identity)
        }
        Command::Dossier(DossierCommand::Set { dir, fiscal_year }) => {
            dossier::set_fiscal_year(&dir, &fiscal_year)
        }
        Command::Pack(args) => send::pack(&home, args),
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
                preview_ledgers: dry_run,
            };
            dossier::apply(&home, &archives, &dir, &options, json)
        }
        Command::Resolve { dir, file, keep } => dossier::resolve(&dir, &file, keep),
        Command::Status { dir, verbose, json } => dossier::status(&dir, verbose, json),
        Command::Verify { archives, json } => dossier::verify(&home, &archives, json),
        Command::Show {
            archive,
            json,
            wait,
        } => dossier::show(&home, &archive, json, wait),
        Command::Extract {
            archive,
            to,
            force,
            json,
        } => dossier::extract(&home, &archive, &to, force, json),
        Command::Inbox {
            command,
            place,
            json,
        } => inbox::inbox(&home, command, &place, json),
        Command::Watch {
            place,
            poll,
            process,
            maildir,
            settle,
            json,
        } => {
            let asked = inbox::Watching {
                poll,
                process,
                maildirs: maildir,
                settle,
            };
            inbox::watch(&home, &place, asked, json)
        }
        Command::Mail { archive, mail, out } => {
            send::mail_archive(&home, &archive, &mail, out)?;
            Ok(EXIT_OK)
        }
        Command::Ui {
            place,
            no_open,
            port,
        } => crate::ui::serve(
            home,
            crate::ui::UiOptions {
                place,
                open: !no_open,
                port: port.unwrap_or(0),
                stop_on_enter: false,
            },
        ),
        Command::Log { dossier, json } => inbox::log(&home, dossier.as_deref(), json),
        Command::Trash(command) => inbox::trash(&home, command),
        Command::Completions { shell } => tools::completions(shell),
        Command::Man => tools::man(),
        Command::UserPath { dir, remove } => tools::user_path(&dir, !remove),
    }
}
