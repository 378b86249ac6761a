//! What a replica knows of its exchanges (`.sacoche/exchanges.json`): its correspondents
//! (what each one acknowledged, the last archive integrated from each), the archives it
//! integrated, and the archives it sent with what became of each.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::archive::manifest::{Kind, Part, Sha256};
use crate::archive::version::{ReplicaId, Version};
use crate::ids::KeyId;

/// Another replica of the dossier this one exchanges with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correspondent {
    /// The name it signs with ("Cabinet Dupont").
    pub name: String,
    /// The key ids its archives were signed with.
    #[serde(default)]
    pub keys: BTreeSet<String>,
    /// What it has acknowledged integrating, from its own signed word (its archives
    /// and receipts): the base of what is sent to it.
    #[serde(default)]
    pub knowledge: Version,
    /// The last of its archives integrated here (stale ones are refused).
    #[serde(default)]
    pub last_sequence: u64,
    /// The last of our archives it acknowledged (from its acks and receipts).
    #[serde(default)]
    pub acked_sequence: u64,
    /// When we last heard from it (an archive or a receipt).
    #[serde(default)]
    pub last_heard: Option<DateTime<Utc>>,
    /// It refused an archive for content it lacked (a file moved here that it had
    /// changed meanwhile): the next archive carries every content, moves included.
    #[serde(default)]
    pub lacks_content: bool,
}

/// An archive integrated here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrated {
    /// Its id.
    pub archive_id: Sha256,
    /// Its file name.
    pub file_name: String,
    /// The replica that made it.
    pub replica: ReplicaId,
    /// The key that signed it.
    pub key_id: KeyId,
    /// The signer's name.
    pub sender_name: String,
    /// Its sequence number.
    pub sequence: u64,
    /// Full, changes or receipt.
    pub kind: Kind,
    /// The sender's state it carried.
    pub state_id: Sha256,
    /// When.
    pub at: DateTime<Utc>,
    /// Conflict copies it made.
    #[serde(default)]
    pub conflicts: u64,
}

/// What a correspondent said about one of our archives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplyKind {
    /// Its receipt says it was integrated.
    Integrated,
    /// Its receipt says it was refused.
    Refused,
}

/// One correspondent's receipt for one of our archives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Who.
    pub replica: ReplicaId,
    /// Integrated or refused.
    pub kind: ReplyKind,
    /// For a refusal, the reason code.
    #[serde(default)]
    pub reason: Option<String>,
    /// Conflict copies made there.
    #[serde(default)]
    pub conflicts: u64,
    /// When the receipt was made.
    pub at: DateTime<Utc>,
}

/// An archive sent from here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// Its id.
    pub archive_id: Sha256,
    /// Its file name.
    pub file_name: String,
    /// Our sequence number.
    pub sequence: u64,
    /// Full, changes or receipt.
    pub kind: Kind,
    /// The state it carried.
    pub state_id: Sha256,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// Our last event when it was made: it carries every change up to that one.
    #[serde(default)]
    pub counter: u64,
    /// A part of a split content.
    #[serde(default)]
    pub part: Option<Part>,
    /// A reset archive.
    #[serde(default)]
    pub reset: bool,
    /// Receipts received for it.
    #[serde(default)]
    pub replies: Vec<Reply>,
}

/// A receipt recorded here (so that the same one is recorded once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptSeen {
    /// The receipt's own id.
    pub receipt_id: Sha256,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

/// Everything a replica records about its exchanges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchanges {
    /// The other replicas, by id.
    #[serde(default)]
    pub correspondents: BTreeMap<ReplicaId, Correspondent>,
    /// Archives integrated, oldest first.
    #[serde(default)]
    pub integrated: Vec<Integrated>,
    /// Archives sent, oldest first.
    #[serde(default)]
    pub sent: Vec<Sent>,
    /// Receipts recorded.
    #[serde(default)]
    pub receipts: Vec<ReceiptSeen>,
    /// Names of the replicas met in archives (for conflict copies and display).
    #[serde(default)]
    pub names: BTreeMap<ReplicaId, String>,
    /// Other histories of the dossier whose archives the user confirmed.
    #[serde(default)]
    pub accepted_histories: BTreeSet<crate::archive::version::HistoryId>,
}

/// Where a sent archive stands with one correspondent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Its receipt says integrated.
    Integrated { at: DateTime<Utc>, conflicts: u64 },
    /// Its receipt says refused.
    Refused {
        at: DateTime<Utc>,
        reason: Option<String>,
    },
    /// A later archive of ours was acknowledged (this one was integrated, or its
    /// changes came with the later one).
    Acknowledged,
    /// Nothing heard of it yet.
    Unacknowledged,
}

impl Exchanges {
    /// The integration of this archive id, if it happened.
    pub fn integrated(&self, archive_id: &Sha256) -> Option<&Integrated> {
        self.integrated.iter().find(|i| &i.archive_id == archive_id)
    }

    /// What every correspondent has acknowledged (entry-wise minimum); `None` when
    /// none has acknowledged anything yet.
    pub fn acknowledged_by_all(&self) -> Option<Version> {
        self.acknowledged_by(None)
    }

    /// Whether some correspondent (named `to`, or any) asked for every content.
    pub fn lacks_content(&self, to: Option<&str>) -> bool {
        self.correspondents
            .values()
            .filter(|c| to.is_none_or(|n| c.name.eq_ignore_ascii_case(n)))
            .any(|c| c.lacks_content)
    }

    /// What the correspondents named `to` (all when `None`) have acknowledged.
    pub fn acknowledged_by(&self, to: Option<&str>) -> Option<Version> {
        let named = |c: &&Correspondent| to.is_none_or(|n| c.name.eq_ignore_ascii_case(n));
        let mut all = self
            .correspondents
            .values()
            .filter(|c| c.last_heard.is_some())
            .filter(named)
            .map(|c| &c.knowledge);
        let first = all.next()?.clone();
        Some(all.fold(first, |acc, k| acc.meet(k)))
    }

    /// Records what a correspondent said of itself in an archive or a receipt: its
    /// knowledge, and the last of our archives it integrated.
    pub fn heard_from(
        &mut self,
        replica: ReplicaId,
        name: &str,
        key_id: &KeyId,
        knowledge: &Version,
        acked_sequence: Option<u64>,
        at: DateTime<Utc>,
    ) {
        let c = self.correspondents.entry(replica).or_default();
        c.name = name.to_string();
        c.keys.insert(key_id.to_string());
        c.knowledge = c.knowledge.join(knowledge);
        if let Some(n) = acked_sequence {
            c.acked_sequence = c.acked_sequence.max(n);
        }
        c.last_heard = Some(c.last_heard.map_or(at, |t| t.max(at)));
    }

    /// Where a sent archive of ours (we are `me`) stands with `replica`.
    pub fn delivery(&self, me: ReplicaId, sent: &Sent, replica: ReplicaId) -> Delivery {
        if let Some(r) = sent.replies.iter().rev().find(|r| r.replica == replica) {
            return match r.kind {
                ReplyKind::Integrated => Delivery::Integrated {
                    at: r.at,
                    conflicts: r.conflicts,
                },
                ReplyKind::Refused => Delivery::Refused {
                    at: r.at,
                    reason: r.reason.clone(),
                },
            };
        }
        // Acknowledged: it names this archive or a later one as integrated, or it has
        // integrated every change this archive carried.
        let acked = self.correspondents.get(&replica).is_some_and(|c| {
            c.acked_sequence >= sent.sequence
                || (sent.counter > 0 && sent.counter <= c.knowledge.get(me))
        });
        if acked {
            Delivery::Acknowledged
        } else {
            Delivery::Unacknowledged
        }
    }
}
