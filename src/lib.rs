//! sacoche carries accounting dossiers between farms and their accountants when the
//! network can't: on a USB stick, or as an email attachment.
//!
//! A dossier folder is packed into one **signed exchange archive**
//! (`<dossier>-<YYYYMMDDHHMMSS>.sacoche`), a standard zip whose first entry is a JSON
//! manifest and whose end-of-central-directory comment carries an Ed25519 signature
//! over every byte before it. The reader checks that signature before it parses a
//! single zip entry. The format is specified in `docs/FORMAT.md`.
//!
//! Layers, each depending only on the ones after it:
//! - [`inbox`], [`mail`]: the inbox folders, the watcher, messages;
//! - [`exchange`]: the conversation between replicas: versions, what to send, the merge,
//!   receipts, conflicts (`docs/INTEGRATION.md`);
//! - [`dossier`]: folders on disk: scanning into a snapshot, the journal, the lock,
//!   extracting;
//! - [`archive`]: the format: naming, manifest, writing, sealing, safe reading;
//! - [`keys`]: signing keys and the trust store;
//! - [`home`], [`ids`], [`error`]: the ground floor: where sacoche keeps its own files,
//!   the dossier number as a type, I/O errors with what was being done and where, and
//!   the exit codes.
//!
//! Each layer has its own error type (`keys::Error`, `archive::Error`,
//! `dossier::Error`, `inbox::Error`, `mail::Error`), wrapping only the layers below
//! it, with a stable `code()` and its `exit_code()`.
//!
//! The library never prints, never exits and never says a sentence: it returns typed
//! values (outcomes, rejection codes, conflict kinds, errors); the `sacoche` binary
//! prints them, in the user's language.

#![forbid(unsafe_code)]
// Untrusted input must never panic: no unwrap, expect, panic or unchecked indexing.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod archive;
pub mod dossier;
pub mod error;
pub mod exchange;
pub mod failpoint;
pub mod fsx;
pub mod home;
pub mod ids;
pub mod inbox;
pub mod keys;
pub mod ledger;
pub mod mail;
pub mod trash;
