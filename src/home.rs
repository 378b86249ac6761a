//! Where sacoche keeps its own files: keys, trust, sequence counters, trash, logs.
//!
//! `SACOCHE_HOME` relocates everything under one folder (tests and scripts rely on
//! it); without it the platform's usual user folders are used.

use std::path::{Path, PathBuf};

/// The environment variable that relocates all of sacoche's own files.
pub const HOME_ENV: &str = "SACOCHE_HOME";

/// The platform gives no user folder (and `SACOCHE_HOME` is not set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no-home-folder")]
pub struct NoHomeFolder;

/// The folders sacoche uses for its own configuration and data.
#[derive(Debug, Clone)]
pub struct Home {
    config: PathBuf,
    data: PathBuf,
}

impl Home {
    /// Resolves the folders from `SACOCHE_HOME`, or the platform's user folders.
    pub fn from_env() -> Result<Home, NoHomeFolder> {
        match std::env::var_os(HOME_ENV) {
            Some(dir) if !dir.is_empty() => Ok(Home::at(PathBuf::from(dir))),
            _ => {
                let dirs = directories::ProjectDirs::from("fr", "sacoche", "sacoche")
                    .ok_or(NoHomeFolder)?;
                let (config, data) = (dirs.config_dir(), dirs.data_dir());
                // Windows: folders a person finds, %APPDATA%\sacoche (keys, trust,
                // config.toml) and %LOCALAPPDATA%\sacoche (received archives, trash,
                // log), rather than `…\sacoche\sacoche\config`, still used where an
                // earlier version made it.
                if cfg!(windows)
                    && !config.exists()
                    && let Some(base) = directories::BaseDirs::new()
                {
                    return Ok(Home {
                        config: base.config_dir().join("sacoche"),
                        data: base.data_local_dir().join("sacoche"),
                    });
                }
                Ok(Home {
                    config: config.to_path_buf(),
                    data: data.to_path_buf(),
                })
            }
        }
    }

    /// Everything under one folder (what `SACOCHE_HOME` does).
    pub fn at(dir: impl Into<PathBuf>) -> Home {
        let dir = dir.into();
        Home {
            config: dir.clone(),
            data: dir,
        }
    }

    /// Folder of the user's own signing key.
    pub fn keys_dir(&self) -> PathBuf {
        self.config.join("keys")
    }
    /// The user's secret signing key.
    pub fn secret_key_file(&self) -> PathBuf {
        self.keys_dir().join("secret.key")
    }
    /// The user's public key, in the one-line form others paste into `trust add`.
    pub fn public_key_file(&self) -> PathBuf {
        self.keys_dir().join("public.key")
    }
    /// The keys this user trusts, and for which dossiers.
    pub fn trust_file(&self) -> PathBuf {
        self.config.join("trust.toml")
    }
    /// The last sequence number this user's key used, per dossier.
    pub fn sequences_file(&self) -> PathBuf {
        self.data.join("sequences.toml")
    }
    /// The recoverable trash.
    pub fn trash_dir(&self) -> PathBuf {
        self.data.join("trash")
    }
    /// Lock files that serialise work on one dossier.
    pub fn locks_dir(&self) -> PathBuf {
        self.data.join("locks")
    }
    /// `config.toml`: inbox folders, dossiers root, per-dossier folders, SMTP.
    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }
    /// The audit log (JSON lines).
    pub fn log_file(&self) -> PathBuf {
        self.data.join("log.jsonl")
    }
    /// Archives integrated from an inbox, kept per dossier.
    pub fn received_dir(&self) -> PathBuf {
        self.data.join("received")
    }
    /// Ids of archives processed from an inbox (for read-only inboxes).
    pub fn processed_file(&self) -> PathBuf {
        self.data.join("processed.json")
    }
    /// Invalid inbox files already refused (reported again, not failed again).
    pub fn refused_file(&self) -> PathBuf {
        self.data.join("refused.json")
    }
    /// Archive digests checked by earlier inbox listings (a cache: safe to delete).
    pub fn checked_digests_file(&self) -> PathBuf {
        self.data.join("cache").join("checked-digests.bin")
    }
    /// The configuration folder itself.
    pub fn config_dir(&self) -> &Path {
        &self.config
    }
}
