//! The accountant's side: `inbox` (list, process, delete, import-mail, restore),
//! `watch`, `log` and `trash`.

use std::path::Path;
use std::time::Duration;

use sacoche::dossier::meta::Meta;
use sacoche::error::{EXIT_ERROR, EXIT_OK, EXIT_REJECTED};
use sacoche::home::Home;
use sacoche::inbox::{self, Config, Handling, watch::WatchOptions};
use sacoche::trash::Trash;

use crate::cli::{InboxCommand, Place, TrashCommand};
use crate::failure::Failure;
use crate::output::{self, Out};
use crate::words::{self, t};

pub fn inbox(
    home: &Home,
    command: Option<InboxCommand>,
    place: &Place,
    json: bool,
) -> Result<u8, Failure> {
    let out = Out::new(json);
    if let Some(InboxCommand::Restore { id }) = &command {
        // A deleted archive goes back to the inbox it came from: no config needed.
        let restored = inbox::restore(home, id)?;
        say!("{}", restored.display());
        return Ok(EXIT_OK);
    }
    let config = Config::load(home, &place.inboxes, place.dossiers.as_deref())?;
    match command {
        None => out.inbox_list(&inbox::list(home, &config)?),
        Some(InboxCommand::Process {
            files,
            all,
            dry_run,
            confirm,
        }) => {
            if files.is_empty() && !all {
                return Err(Failure::ProcessWhich);
            }
            let bar = output::ReadBar::install(json);
            let handled = inbox::process(home, &config, &files, dry_run, confirm);
            drop(bar);
            let handled = handled?;
            for h in &handled {
                out.handled(h);
            }
            return Ok(process_exit_code(&handled));
        }
        Some(InboxCommand::Delete { files }) => {
            for item in inbox::delete(home, &config, &files)? {
                out.trash_item(&item);
            }
        }
        Some(InboxCommand::ImportMail { paths }) => {
            let inbox_dir = config
                .inboxes
                .first()
                .ok_or_else(|| inbox::Error::NoInbox(home.config_file()))?;
            let already = inbox::integrated_before(home, &config)?;
            let report = sacoche::mail::import(home, inbox_dir, &paths, &already)?;
            out.imported(&report);
        }
        Some(InboxCommand::Restore { .. }) => {}
    }
    Ok(EXIT_OK)
}

/// 3 if an archive was found invalid, else 1 if one was left unprocessed, else 0.
fn process_exit_code(handled: &[inbox::Handled]) -> u8 {
    let mut code = EXIT_OK;
    for h in handled {
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
    code
}

/// What `watch` was asked for.
pub struct Watching {
    pub poll: Option<f64>,
    pub process: bool,
    pub maildirs: Vec<std::path::PathBuf>,
    pub settle: f64,
}

pub fn watch(home: &Home, place: &Place, asked: Watching, json: bool) -> Result<u8, Failure> {
    let config = Config::load(home, &place.inboxes, place.dossiers.as_deref())?;
    let secs = |s: f64| Duration::from_secs_f64(s.clamp(0.0, 86_400.0));
    let options = WatchOptions {
        poll: asked.poll.map(secs),
        process: asked.process,
        settle: secs(asked.settle),
        maildirs: asked.maildirs,
        ..WatchOptions::default()
    };
    let out = Out::new(json);
    let folders: Vec<String> = config
        .inboxes
        .iter()
        .map(|p| words::escape::path(p))
        .collect();
    tell!("{}", t!("watching", folders = folders.join(", ")));
    let watched = inbox::watch::watch(home, &config, options, &mut |event| {
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

pub fn log(home: &Home, dossier: Option<&str>, json: bool) -> Result<u8, Failure> {
    let out = Out::new(json);
    for entry in inbox::log::read(home, dossier)? {
        out.log_entry(&entry);
    }
    Ok(EXIT_OK)
}

pub fn trash(home: &Home, command: TrashCommand) -> Result<u8, Failure> {
    match command {
        TrashCommand::List { dossier, json } => {
            let out = Out::new(json);
            let items = trash_of(home, dossier.as_deref()).list()?;
            for item in &items {
                out.trash_item(item);
            }
            if items.is_empty() && !json {
                tell!("{}", t!("trash-empty"));
            }
        }
        TrashCommand::Restore { id, dossier, to } => {
            let restored = trash_of(home, dossier.as_deref()).restore(&id, to.as_deref())?;
            say!("{}", restored.display());
        }
    }
    Ok(EXIT_OK)
}

/// A dossier folder's own trash, or sacoche's.
fn trash_of(home: &Home, dossier: Option<&Path>) -> Trash {
    match dossier {
        Some(dir) => Trash::at(Meta::of(dir).trash()),
        None => Trash::new(home),
    }
}
