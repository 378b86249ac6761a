//! Where the inbox folders and the dossiers are: `$SACOCHE_HOME/config.toml`, overridable
//! per command (`--inbox DIR`, repeatable, and `--dossiers DIR`).
//!
//! ```toml
//! inboxes = ["/srv/sacoche/inbox", "/media/usb"]
//! dossiers = "/srv/dossiers"          # one sub-folder per dossier number
//!
//! [dossier_folders]                  # exceptions: a dossier in a folder of its own
//! "8502182" = "/srv/clients/GAEC LE GUYON"
//! ```

use crate::error::IoAction;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::exchange::ReceiptTo;
use crate::home::Home;

/// The inbox configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folders where received archives are dropped.
    #[serde(default)]
    pub inboxes: Vec<PathBuf>,
    /// The folder holding one sub-folder per dossier number.
    #[serde(default)]
    pub dossiers: Option<PathBuf>,
    /// Dossiers kept elsewhere than `dossiers/<number>`.
    #[serde(default)]
    pub dossier_folders: BTreeMap<String, PathBuf>,
    /// `[smtp]` and `[mail]` belong to the mail commands (see `crate::mail`).
    #[serde(default)]
    pub smtp: Option<toml::Table>,
    /// See `smtp`.
    #[serde(default)]
    pub mail: Option<toml::Table>,
    /// Where receipts of integrated archives go.
    #[serde(default)]
    pub receipts: Receipts,
}

/// `[receipts]`: where the receipt of each archive integrated goes.
///
/// ```toml
/// [receipts]
/// folder = "C:\\sacoche\\sortie"   # default: next to the archive (a USB stick goes back with it)
/// write = true                      # false: no receipts
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipts {
    /// A folder for every receipt.
    #[serde(default)]
    pub folder: Option<PathBuf>,
    /// Whether receipts are written at all (default: yes).
    #[serde(default)]
    pub write: Option<bool>,
}

impl Config {
    /// Reads `config.toml` (absent: empty), then applies the command's overrides.
    pub fn load(
        home: &Home,
        inboxes: &[PathBuf],
        dossiers: Option<&Path>,
    ) -> Result<Config, Error> {
        let path = home.config_file();
        let mut config: Config = match fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| Error::bad_config(&path, &text, &e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => return Err(Error::io(IoAction::Read, &path, e)),
        };
        if !inboxes.is_empty() {
            config.inboxes = inboxes.to_vec();
        }
        if let Some(d) = dossiers {
            config.dossiers = Some(d.to_path_buf());
        }
        if config.inboxes.is_empty() {
            return Err(Error::NoInbox(path));
        }
        Ok(config)
    }

    /// Where receipts go, by this configuration.
    pub fn receipt_to(&self) -> ReceiptTo {
        match (&self.receipts.write, &self.receipts.folder) {
            (Some(false), _) => ReceiptTo::Off,
            (_, Some(dir)) => ReceiptTo::Folder(dir.clone()),
            _ => ReceiptTo::Beside,
        }
    }

    /// The folder of dossier `id`.
    pub fn dossier_folder(&self, id: &str) -> Result<PathBuf, Error> {
        if let Some(dir) = self.dossier_folders.get(id) {
            return Ok(dir.clone());
        }
        match &self.dossiers {
            Some(root) => Ok(root.join(id)),
            None => Err(Error::NoDossiersRoot),
        }
    }
}
