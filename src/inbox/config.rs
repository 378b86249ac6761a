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

use super::Error;
use crate::exchange::ReceiptTo;
use crate::home::Home;
use crate::ids::DossierId;

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
///
/// or, in one line, `receipts = 'C:\sacoche\sortie'` (the folder) or `receipts = false`.
#[derive(Debug, Clone, Default)]
pub struct Receipts {
    /// A folder for every receipt.
    pub folder: Option<PathBuf>,
    /// Whether receipts are written at all (default: yes).
    pub write: Option<bool>,
}

/// `receipts` as a table, a folder or a yes/no. A hand-written visitor rather than an
/// untagged enum: a mistyped key in the table keeps serde's own precise message
/// ("unknown field `foldr`") instead of "did not match any variant".
impl<'de> Deserialize<'de> for Receipts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Written;
        impl<'de> serde::de::Visitor<'de> for Written {
            type Value = Receipts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a folder, true or false, or a [receipts] table")
            }
            fn visit_str<E: serde::de::Error>(self, folder: &str) -> Result<Receipts, E> {
                Ok(Receipts {
                    folder: Some(PathBuf::from(folder)),
                    write: None,
                })
            }
            fn visit_bool<E: serde::de::Error>(self, write: bool) -> Result<Receipts, E> {
                Ok(Receipts {
                    folder: None,
                    write: Some(write),
                })
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Receipts, M::Error> {
                let table =
                    ReceiptsTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Receipts {
                    folder: table.folder,
                    write: table.write,
                })
            }
        }
        deserializer.deserialize_any(Written)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptsTable {
    #[serde(default)]
    folder: Option<PathBuf>,
    #[serde(default)]
    write: Option<bool>,
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
            Ok(text) => toml::from_str(&text)
                .map_err(|e| crate::error::ConfigError::from_toml(&path, &text, &e))?,
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
    pub fn dossier_folder(&self, id: &DossierId) -> Result<PathBuf, Error> {
        let id = id.as_str();
        if let Some(dir) = self.dossier_folders.get(id) {
            return Ok(dir.clone());
        }
        match &self.dossiers {
            Some(root) => Ok(root.join(id)),
            None => Err(Error::NoDossiersRoot),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::error::ConfigError;

    fn read(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::from_toml(Path::new("config.toml"), text, &e))
    }

    #[test]
    fn receipts_are_a_table_a_folder_or_a_yes_or_no() {
        let folder = |c: Result<Config, ConfigError>| c.ok().and_then(|c| c.receipts.folder);
        let write = |c: Result<Config, ConfigError>| c.ok().and_then(|c| c.receipts.write);
        assert_eq!(
            folder(read("receipts = '/sortie'")),
            Some(PathBuf::from("/sortie"))
        );
        assert_eq!(write(read("receipts = false")), Some(false));
        assert_eq!(
            folder(read("[receipts]\nfolder = '/sortie'\nwrite = true")),
            Some(PathBuf::from("/sortie"))
        );
        assert_eq!(folder(read("")), None);
        // A mistyped key keeps serde's own words, with its line.
        match read("inboxes = []\n\n[receipts]\nfoldr = '/sortie'\n") {
            Err(ConfigError::Bad { line, detail, .. }) => {
                assert_eq!(line, Some(4));
                assert!(detail.contains("unknown field `foldr`"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read("receipts = 3"),
            Err(ConfigError::Bad { line: Some(1), .. })
        ));
    }
}
