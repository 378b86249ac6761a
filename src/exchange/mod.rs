//! The conversation between the replicas of a dossier (`docs/INTEGRATION.md`): what
//! each one has, what each one has acknowledged, what to send, and how an archive
//! received is merged — so that no update is ever silently lost.
//!
//! - [`index`]: a replica's files with their versions, and its knowledge;
//! - [`merge`]: the file-by-file merge of an incoming archive (no disk access);
//! - [`send`]: `pack`, from what the correspondents acknowledged;
//! - [`receive`]: `apply`, with its checks, preview and journal;
//! - [`receipt`]: acknowledgements, both ways;
//! - [`rehearsal`]: a dry run of a batch, each archive planned after those before it;
//! - [`ledger_merge`], [`ledger_preview`]: ledgers merged, and previewed, in écritures;
//! - [`conflict`], [`resolve`]: visible conflict copies and the user's choice;
//! - [`records`], [`replica`], [`status`]: what each side knows.

mod actions;
pub mod bases;
pub mod checks;
pub mod conflict;
pub mod index;
pub mod intake;
pub mod ledger_deltas;
pub mod ledger_merge;
pub mod ledger_preview;
pub mod ledgers;
pub mod merge;
pub mod parts;
pub mod receipt;
pub mod receive;
pub mod records;
pub mod rehearsal;
pub mod replica;
pub mod resolve;
pub mod send;
pub mod stage;
pub mod status;

pub use receipt::ReceiptTo;
pub use receive::{ApplyOptions, FiscalYearChange, Outcome, Plan, apply};
pub use send::{PackMode, PackOptions, Packed, init, pack, set_fiscal_period};
