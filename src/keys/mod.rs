//! Signing keys and trust: the user's own Ed25519 key, and the keys they trust, per dossier.
//!
//! A public key travels as one line, `sacochepk` followed by 64 hex digits, so that it
//! survives copy and paste (a double click selects it whole). Its **key id** is the first
//! 8 bytes of SHA-256 of the 32 key bytes, written `3F2A-91C0-77BE-0D14`: short enough to
//! read over the phone to confirm a key before trusting it.

use crate::error::IoAction;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::home::Home;
use crate::ids::DossierId;

mod error;
pub use crate::ids::KeyId;
pub use error::Error;

const PUBLIC_PREFIX: &str = "sacochepk";

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// The key's raw bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// The short id people compare over the phone.
    pub fn key_id(&self) -> KeyId {
        let digest = Sha256::digest(self.0);
        let mut id = [0u8; 8];
        id.iter_mut().zip(digest.iter()).for_each(|(d, s)| *d = *s);
        KeyId::from_bytes(id)
    }

    /// A point of small order (the identity `sacochepk0100…00` among them): no signature
    /// made with it proves anything, so it is never trusted.
    pub fn is_weak(&self) -> bool {
        VerifyingKey::from_bytes(&self.0).map_or(true, |k| k.is_weak())
    }

    /// Strict Ed25519 verification (rejects small-order keys and non-canonical signatures).
    pub fn verify_strict(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.0) else {
            return false;
        };
        key.verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PUBLIC_PREFIX}{}", hex::encode(self.0))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.key_id())
    }
}

impl FromStr for PublicKey {
    type Err = Error;
    fn from_str(text: &str) -> Result<PublicKey, Error> {
        let bad = || Error::BadPublicKey(text.chars().take(80).collect());
        let digits = text.trim().strip_prefix(PUBLIC_PREFIX).ok_or_else(bad)?;
        if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(digits.to_ascii_lowercase(), &mut bytes).map_err(|_| bad())?;
        // Refuse points that are not valid curve points right away.
        VerifyingKey::from_bytes(&bytes).map_err(|_| bad())?;
        Ok(PublicKey(bytes))
    }
}

impl Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The user's own signing key, with the name others will see.
pub struct OwnKey {
    /// Who signs: "GAEC LE GUYON", "Cabinet Dupont".
    pub name: String,
    signing: SigningKey,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretKeyFile {
    name: String,
    secret: String,
    public: PublicKey,
    created: DateTime<Utc>,
}

impl OwnKey {
    /// A fresh key from the operating system's random source.
    pub fn generate(name: &str) -> Result<OwnKey, Error> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| Error::Random(e.to_string()))?;
        Ok(OwnKey {
            name: name.to_string(),
            signing: SigningKey::from_bytes(&secret),
        })
    }

    /// A key from known secret bytes (test vectors and samples).
    pub fn from_secret_bytes(name: &str, secret: [u8; 32]) -> OwnKey {
        OwnKey {
            name: name.to_string(),
            signing: SigningKey::from_bytes(&secret),
        }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key().to_bytes())
    }

    /// Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// Loads the user's key from `home`; a clear error says how to create one.
    pub fn load(home: &Home) -> Result<OwnKey, Error> {
        let path = home.secret_key_file();
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NoKey { path });
            }
            Err(e) => return Err(Error::io(IoAction::Read, &path, e)),
        };
        let file: SecretKeyFile = toml::from_str(&text).map_err(|e| Error::BadKeyFile {
            path: path.clone(),
            detail: e.message().to_string(),
        })?;
        let mut secret = [0u8; 32];
        hex::decode_to_slice(file.secret.trim(), &mut secret).map_err(|_| Error::BadKeyFile {
            path: path.clone(),
            detail: "the secret is not 64 hex digits".into(),
        })?;
        let key = OwnKey::from_secret_bytes(&file.name, secret);
        if key.public_key() != file.public {
            return Err(Error::BadKeyFile {
                path,
                detail: "the public key does not match the secret".into(),
            });
        }
        Ok(key)
    }

    /// Creates the user's key in `home`. Never replaces an existing key: a lost key
    /// means every correspondent has to trust a new one.
    pub fn create(home: &Home, name: &str) -> Result<OwnKey, Error> {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(Error::InvalidName(name.to_string()));
        }
        let path = home.secret_key_file();
        if path.exists() {
            return Err(Error::KeyExists { path });
        }
        let dir = home.keys_dir();
        fs::create_dir_all(&dir).map_err(|e| Error::io(IoAction::Create, &dir, e))?;
        let key = OwnKey::generate(name)?;
        let file = SecretKeyFile {
            name: key.name.clone(),
            secret: hex::encode(key.signing.to_bytes()),
            public: key.public_key(),
            created: Utc::now(),
        };
        let body = toml::to_string(&file).map_err(|e| Error::Internal(e.to_string()))?;
        let text = format!(
            "# sacoche secret signing key. Keep it private: never send this file.\n\
             # Give others the public key instead: sacoche key show\n{body}"
        );
        write_private_new(&path, text.as_bytes())?;
        let public = home.public_key_file();
        crate::fsx::write_atomic(&public, format!("{}\n", key.public_key()).as_bytes())?;
        Ok(key)
    }
}

/// Creates `path` (which must not exist) readable by its owner only, and syncs it.
fn write_private_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| Error::io(IoAction::Create, path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(IoAction::Write, path, e))
}

/// How far an archive's signer is trusted for a given dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The user's own key.
    Own { name: String },
    /// A key the user trusts for this dossier.
    Trusted { name: String },
    /// A key the user trusts, but only for other dossiers.
    OtherDossiers {
        name: String,
        dossiers: Vec<DossierId>,
    },
    /// A key the user has never trusted.
    Unknown,
}

impl Trust {
    /// Whether archives signed this way may be opened and integrated.
    pub fn is_trusted(&self) -> bool {
        matches!(self, Trust::Own { .. } | Trust::Trusted { .. })
    }
    /// The signer's name, when known.
    pub fn name(&self) -> Option<&str> {
        match self {
            Trust::Own { name } | Trust::Trusted { name } | Trust::OtherDossiers { name, .. } => {
                Some(name)
            }
            Trust::Unknown => None,
        }
    }
}

/// One trusted correspondent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    /// Who this is: "Cabinet Dupont".
    pub name: String,
    /// Their public key.
    pub public_key: PublicKey,
    /// The dossiers this key may sign for; empty means every dossier.
    #[serde(default)]
    pub dossiers: Vec<DossierId>,
    /// When the user trusted it.
    pub added: DateTime<Utc>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    #[serde(default, rename = "key")]
    keys: Vec<TrustedKey>,
}

/// The keys this user trusts, plus their own.
#[derive(Debug, Default)]
pub struct TrustStore {
    own: Option<(PublicKey, String)>,
    keys: Vec<TrustedKey>,
}

/// What `trust add` changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustChange {
    /// A key trusted for the first time.
    New,
    /// More dossiers for a key already trusted for some.
    Added(Vec<DossierId>),
    /// A key trusted for some dossiers, now for every dossier.
    Widened,
    /// Already trusted for every dossier: asking for some changed nothing.
    AlreadyEverywhere,
    /// Already trusted so.
    Unchanged,
}

fn check_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(Error::InvalidName(name.to_string()));
    }
    Ok(name.to_string())
}

impl TrustStore {
    /// Loads the trust file and the user's own public key (either may be absent).
    pub fn load(home: &Home) -> Result<TrustStore, Error> {
        let path = home.trust_file();
        let keys = match fs::read_to_string(&path) {
            Ok(text) => {
                let file: TrustFile = toml::from_str(&text).map_err(|e| Error::BadTrustFile {
                    path: path.clone(),
                    detail: e.message().to_string(),
                })?;
                file.keys
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(IoAction::Read, &path, e)),
        };
        let own = match OwnKey::load(home) {
            Ok(key) => Some((key.public_key(), key.name)),
            Err(Error::NoKey { .. }) => None,
            Err(e) => return Err(e),
        };
        Ok(TrustStore { own, keys })
    }

    /// The trusted keys, in the order they were added.
    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }

    /// How far `key` is trusted to sign for `dossier`.
    pub fn trust_for(&self, key: &PublicKey, dossier: &DossierId) -> Trust {
        if let Some((own, name)) = &self.own
            && own == key
        {
            return Trust::Own { name: name.clone() };
        }
        match self.keys.iter().find(|k| &k.public_key == key) {
            None => Trust::Unknown,
            Some(k) if k.dossiers.is_empty() || k.dossiers.iter().any(|d| d == dossier) => {
                Trust::Trusted {
                    name: k.name.clone(),
                }
            }
            Some(k) => Trust::OtherDossiers {
                name: k.name.clone(),
                dossiers: k.dossiers.clone(),
            },
        }
    }

    /// Trusts `key`, named `name`, for `dossiers` (empty: every dossier, for a key not
    /// trusted yet). Trust is never widened silently: a key trusted for some dossiers
    /// is trusted for every dossier only by [`TrustStore::add_everywhere`].
    pub fn add(
        &mut self,
        key: PublicKey,
        name: &str,
        dossiers: &[DossierId],
    ) -> Result<TrustChange, Error> {
        let name = check_name(name)?;
        if key.is_weak() {
            return Err(Error::WeakPublicKey(key.to_string()));
        }
        let Some(existing) = self.keys.iter_mut().find(|k| k.public_key == key) else {
            self.keys.push(TrustedKey {
                name,
                public_key: key,
                dossiers: dossiers.to_vec(),
                added: Utc::now(),
            });
            return Ok(TrustChange::New);
        };
        existing.name = name;
        if existing.dossiers.is_empty() {
            return Ok(if dossiers.is_empty() {
                TrustChange::Unchanged
            } else {
                TrustChange::AlreadyEverywhere
            });
        }
        if dossiers.is_empty() {
            return Err(Error::WouldWidenTrust {
                name: existing.name.clone(),
                dossiers: existing.dossiers.clone(),
            });
        }
        let added: Vec<DossierId> = dossiers
            .iter()
            .filter(|d| !existing.dossiers.contains(d))
            .cloned()
            .collect();
        existing.dossiers.extend(added.iter().cloned());
        Ok(if added.is_empty() {
            TrustChange::Unchanged
        } else {
            TrustChange::Added(added)
        })
    }

    /// Trusts `key` for every dossier, widening what it was trusted for (asked for in
    /// so many words: `trust add --all-dossiers`).
    pub fn add_everywhere(&mut self, key: PublicKey, name: &str) -> Result<TrustChange, Error> {
        let name = check_name(name)?;
        match self.keys.iter_mut().find(|k| k.public_key == key) {
            Some(existing) => {
                existing.name = name;
                if existing.dossiers.is_empty() {
                    Ok(TrustChange::Unchanged)
                } else {
                    existing.dossiers.clear();
                    Ok(TrustChange::Widened)
                }
            }
            None => self.add(key, &name, &[]),
        }
    }

    /// Removes the keys matching `what` (a public key, a key id, or a name).
    /// Returns the removed entries; none is an error naming what was looked for.
    pub fn remove(&mut self, what: &str) -> Result<Vec<TrustedKey>, Error> {
        let what = what.trim();
        let by_key = what.parse::<PublicKey>().ok();
        let by_id = what.to_ascii_uppercase().parse::<KeyId>().ok();
        let (removed, kept): (Vec<_>, Vec<_>) = self.keys.drain(..).partition(|k| {
            Some(k.public_key) == by_key
                || Some(k.public_key.key_id()) == by_id
                || k.name.eq_ignore_ascii_case(what)
        });
        self.keys = kept;
        if removed.is_empty() {
            return Err(Error::NotTrusted(what.to_string()));
        }
        Ok(removed)
    }

    /// Writes the trust file (atomically).
    pub fn save(&self, home: &Home) -> Result<(), Error> {
        let file = TrustFile {
            keys: self.keys.clone(),
        };
        let body = toml::to_string(&file).map_err(|e| Error::Internal(e.to_string()))?;
        let text = format!(
            "# Keys trusted by sacoche to sign exchange archives.\n\
             # dossiers = [] means every dossier. Edit with: sacoche trust add / remove\n\n{body}"
        );
        let path = home.trust_file();
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(IoAction::Create, dir, e))?;
        }
        Ok(crate::fsx::write_atomic(&path, text.as_bytes())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_key_round_trips_through_its_text_form() {
        let key = OwnKey::from_secret_bytes("t", [7; 32]).public_key();
        let text = key.to_string();
        assert!(text.starts_with("sacochepk") && text.len() == 9 + 64);
        assert_eq!(text.parse::<PublicKey>().ok(), Some(key));
        assert!("sacochepk00".parse::<PublicKey>().is_err());
        assert!(text[1..].parse::<PublicKey>().is_err());
    }

    #[test]
    fn key_id_is_readable_and_parses_back() {
        let id = OwnKey::from_secret_bytes("t", [1; 32])
            .public_key()
            .key_id();
        let text = id.to_string();
        assert_eq!(text.len(), 19);
        assert_eq!(text.matches('-').count(), 3);
        assert_eq!(text.parse::<KeyId>().ok(), Some(id));
    }

    #[test]
    fn signatures_verify_only_for_the_signed_message() {
        let key = OwnKey::from_secret_bytes("t", [3; 32]);
        let sig = key.sign(b"hello");
        assert!(key.public_key().verify_strict(b"hello", &sig));
        assert!(!key.public_key().verify_strict(b"hellO", &sig));
        let other = OwnKey::from_secret_bytes("u", [4; 32]);
        assert!(!other.public_key().verify_strict(b"hello", &sig));
    }

    #[test]
    fn trust_is_per_dossier() {
        let key = OwnKey::from_secret_bytes("t", [5; 32]).public_key();
        let mut store = TrustStore::default();
        store
            .add(key, "Cabinet Dupont", &["8502182".parse().unwrap()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            store
                .trust_for(&key, &"8502182".parse().unwrap())
                .is_trusted()
        );
        assert!(matches!(
            store.trust_for(&key, &"9999999".parse().unwrap()),
            Trust::OtherDossiers { .. }
        ));
        let stranger = OwnKey::from_secret_bytes("s", [6; 32]).public_key();
        assert_eq!(
            store.trust_for(&stranger, &"8502182".parse().unwrap()),
            Trust::Unknown
        );
        // Trust is never widened silently: without dossiers, a restricted key stays
        // restricted and it is an error; only add_everywhere widens it.
        assert!(matches!(
            store.add(key, "Cabinet Dupont", &[]),
            Err(Error::WouldWidenTrust { .. })
        ));
        assert!(
            !store
                .trust_for(&key, &"9999999".parse().unwrap())
                .is_trusted()
        );
        assert_eq!(
            store
                .add(key, "Cabinet Dupont", &["8502183".parse().unwrap()])
                .ok(),
            Some(TrustChange::Added(vec!["8502183".parse().unwrap()]))
        );
        assert_eq!(
            store.add_everywhere(key, "Cabinet Dupont").ok(),
            Some(TrustChange::Widened)
        );
        assert!(
            store
                .trust_for(&key, &"9999999".parse().unwrap())
                .is_trusted()
        );
        // Trusted everywhere, asking for one dossier changes nothing, and says so.
        assert_eq!(
            store
                .add(key, "Cabinet Dupont", &["8502182".parse().unwrap()])
                .ok(),
            Some(TrustChange::AlreadyEverywhere)
        );
        assert!(
            store
                .trust_for(&key, &"9999999".parse().unwrap())
                .is_trusted()
        );
        assert_eq!(
            store.remove("cabinet dupont").map(|r| r.len()).ok(),
            Some(1)
        );
        assert_eq!(
            store.trust_for(&key, &"8502182".parse().unwrap()),
            Trust::Unknown
        );
    }
}
