//! `key new|show` and `trust add|list|remove`: your key, and the keys you trust.

use sacoche::error::EXIT_OK;
use sacoche::home::Home;
use sacoche::ids::DossierId;
use sacoche::keys::{self, OwnKey, PublicKey, TrustChange, TrustStore};

use crate::cli::{KeyCommand, TrustCommand};
use crate::failure::Failure;
use crate::output::Out;
use crate::words::escape::{escaped, escaped_ids};
use crate::words::t;

pub fn key(home: &Home, command: KeyCommand) -> Result<u8, Failure> {
    match command {
        KeyCommand::New { name } => {
            let key = OwnKey::create(home, &name)?;
            Out::new(false).key(&key.name, &key.public_key());
            tell!("{}", t!("key-created"));
        }
        KeyCommand::Show { json } => {
            let key = OwnKey::load(home)?;
            Out::new(json).key(&key.name, &key.public_key());
        }
    }
    Ok(EXIT_OK)
}

pub fn trust(home: &Home, command: TrustCommand) -> Result<u8, Failure> {
    match command {
        TrustCommand::Add {
            key,
            name,
            dossiers,
            all_dossiers,
        } => trust_add(home, &key, &name, &dossiers, all_dossiers)?,
        TrustCommand::List { json } => {
            let store = TrustStore::load(home)?;
            let out = Out::new(json);
            for key in store.keys() {
                out.trusted_key(key);
            }
            if store.keys().is_empty() && !json {
                tell!("{}", t!("trust-none"));
            }
        }
        TrustCommand::Remove { key } => {
            let mut store = TrustStore::load(home)?;
            let removed = store.remove(&key)?;
            store.save(home)?;
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
        }
    }
    Ok(EXIT_OK)
}

/// Trusts the key (for these dossiers, or all), then says what the trust now covers.
fn trust_add(
    home: &Home,
    key: &str,
    name: &str,
    dossiers: &[String],
    all_dossiers: bool,
) -> Result<(), Failure> {
    let public: PublicKey = key.parse()?;
    let mut store = TrustStore::load(home)?;
    let change = if all_dossiers {
        store.add_everywhere(public, name)?
    } else {
        let dossiers = dossiers
            .iter()
            .map(|d| DossierId::parse(d).map_err(keys::Error::from))
            .collect::<Result<Vec<_>, _>>()?;
        store.add(public, name, &dossiers)?
    };
    store.save(home)?;
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
            dossiers = escaped_ids(&scope)
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
    Ok(())
}
