//! The errors of the dossier layer (packing, integrating, the trash), in words.

use sacoche::dossier::{Blocker, Error};
use sacoche::ids::InvalidDossierId;

use super::super::escape::{escaped, path as p};
use super::super::format::size;
use super::super::{current, t};
use super::{Said, Told, confirm, file_name, io::io_error, list, numbers, quoted, said_list};

impl Told for Error {
    fn said(&self) -> Said {
        let lang = current();
        match self {
            Error::Io(e) => io_error(e),
            Error::Archive(e) => e.said(),
            Error::Keys(e) => e.said(),
            Error::NotADirectory(path) => Said::new(t!("error-not-a-directory", path = p(path)))
                .hint(t!("hint-not-a-directory")),
            Error::UnportableNames { dir, problems } => {
                let names = said_list(problems, |(name, why)| {
                    format!(
                        "{} ({})",
                        t!("list-item", item = escaped(name)),
                        crate::words::names::problem(why)
                    )
                });
                Said::new(t!(
                    "error-unportable-names",
                    path = p(dir),
                    count = problems.len(),
                    names = names
                ))
                .hint(t!("hint-unportable-names"))
            }
            Error::FileChanged(path) => {
                Said::new(t!("error-file-changed", path = p(path))).hint(t!("hint-file-changed"))
            }
            Error::OutputInsideDossier { out, dossier } => Said::new(t!(
                "error-output-inside-dossier",
                out = p(out),
                dossier = p(dossier)
            ))
            .hint(t!("hint-output-inside-dossier")),
            Error::WouldOverwrite { dir, files } => Said::new(t!(
                "error-would-overwrite",
                path = p(dir),
                count = files.len(),
                files = list(files)
            ))
            .hint(t!("hint-would-overwrite")),
            Error::Random(detail) => Said::new(t!("error-random", detail = escaped(detail))),
            Error::BadStateFile { path, detail } => Said::new(t!(
                "error-bad-state-file",
                path = p(path),
                detail = escaped(detail)
            ))
            .hint(t!("hint-bad-state-file")),
            Error::NotInTrash(id) => {
                Said::new(t!("error-not-in-trash", id = escaped(id))).hint(t!("hint-not-in-trash"))
            }
            Error::RestoreWouldOverwrite(path) => {
                Said::new(t!("error-restore-would-overwrite", path = p(path)))
                    .hint(t!("hint-restore-would-overwrite"))
            }
            Error::NotADossier(path) => Said::new(t!("error-not-a-dossier", path = p(path)))
                .hint(t!("hint-not-a-dossier", quoted = quoted(path))),
            Error::DossierExists { dir, id, name } => Said::new(t!(
                "error-dossier-exists",
                path = p(dir),
                id = escaped(id),
                name = escaped(name)
            )),
            Error::NeedsFullArchive { archive, dir } => Said::new(t!(
                "error-needs-full-archive",
                archive = p(archive),
                path = p(dir)
            ))
            .hint(t!("hint-needs-full-archive")),
            Error::WrongDossier {
                archive,
                archive_dossier,
                dir,
                dossier,
            } => Said::new(t!(
                "error-wrong-dossier",
                archive = p(archive),
                theirs = escaped(archive_dossier),
                path = p(dir),
                ours = escaped(dossier)
            )),
            Error::Stale { archive, newer } => Said::new(t!(
                "error-stale",
                archive = p(archive),
                newer = escaped(newer)
            )),
            Error::FiscalYearMismatch {
                archive,
                theirs,
                ours,
            } => Said::new(t!(
                "error-fiscal-year-mismatch",
                archive = p(archive),
                theirs = theirs.to_string(),
                ours = ours.to_string()
            ))
            .hint(if theirs.start > ours.start {
                t!("hint-fiscal-year-later", theirs = theirs.to_string())
            } else {
                t!("hint-fiscal-year-earlier", ours = ours.to_string())
            }),
            Error::NothingChanged { dir, last } => Said::new(t!(
                "error-nothing-changed",
                path = p(dir),
                last = escaped(last)
            ))
            .hint(t!("hint-nothing-changed")),
            Error::NoBase(path) => {
                Said::new(t!("error-no-base", path = p(path))).hint(t!("hint-no-base"))
            }
            Error::IdentityMismatch {
                dir,
                recorded,
                given,
            } => Said::new(t!(
                "error-identity-mismatch",
                path = p(dir),
                recorded = escaped(recorded),
                given = escaped(given)
            ))
            .hint(t!("hint-identity-mismatch")),
            Error::NoIdentity(path) => Said::new(t!("error-no-identity", path = p(path)))
                .hint(t!("hint-no-identity", quoted = quoted(path))),
            Error::InvalidName(name) => Said::new(t!("error-invalid-name", name = escaped(name)))
                .hint(t!("hint-invalid-name")),
            Error::TooBigToSplit {
                path,
                size: s,
                limit,
            } => Said::new(t!(
                "error-too-big-to-split",
                name = escaped(path),
                size = size(*s, lang),
                limit = size(*limit, lang)
            ))
            .hint(t!("hint-too-big-to-split")),
            Error::InvalidLedger { dir, path } => Said::new(t!(
                "error-invalid-ledger",
                path = p(&sacoche::archive::path::native(dir, path))
            ))
            .hint(t!(
                "hint-invalid-ledger",
                path = p(&sacoche::archive::path::native(dir, path))
            )),
            Error::TooBigForDestination { dir, size: s } => Said::new(t!(
                "error-too-big-for-destination",
                path = p(dir),
                size = size(*s, lang)
            ))
            .hint(t!("hint-too-big-for-destination")),
            Error::OwnArchive { archive } => {
                Said::new(t!("error-own-archive", archive = p(archive)))
            }
            Error::NeedsConfirmation { archive, reasons } => Said::new(t!(
                "error-needs-confirmation",
                archive = p(archive),
                reasons = reasons.iter().map(confirm).collect::<Vec<_>>().join(" ; ")
            ))
            .hint(t!("hint-needs-confirmation")),
            Error::MissingContent { archive, files } => Said::new(t!(
                "error-missing-content",
                archive = p(archive),
                count = files.len(),
                files = list(files)
            ))
            .hint(t!("hint-missing-content")),
            Error::FolderClash {
                archive,
                file,
                folder,
            } => Said::new(t!(
                "error-folder-clash",
                archive = p(archive),
                folder = escaped(folder),
                file = escaped(file)
            ))
            .hint(t!("hint-folder-clash")),
            Error::WaitingForParts {
                archive,
                have,
                missing,
                count,
            } => Said::new(t!(
                "error-waiting-for-parts",
                archive = p(archive),
                have = numbers(have),
                count = *count,
                missing_count = missing.len(),
                missing = numbers(missing)
            ))
            .hint(t!("hint-waiting-for-parts")),
            Error::LegacyChanges { archive } => {
                Said::new(t!("error-legacy-changes", archive = p(archive)))
                    .hint(t!("hint-legacy-changes"))
            }
            Error::HeldOpen(path) => Said::new(t!("error-held-open", path = p(path)))
                .hint(t!("hint-held-open", name = file_name(path))),
            Error::ChangedDuringIntegration(path) => {
                Said::new(t!("error-changed-during-integration", path = p(path)))
                    .hint(t!("hint-changed-during-integration"))
            }
            Error::UnknownCorrespondent { dir, name } => Said::new(t!(
                "error-unknown-correspondent",
                path = p(dir),
                name = escaped(name)
            ))
            .hint(t!("hint-unknown-correspondent", quoted = quoted(dir))),
            Error::NoConflict(path) => {
                Said::new(t!("error-no-conflict", path = p(path))).hint(t!("hint-no-conflict"))
            }
            Error::Interrupted(path) => {
                Said::new(t!("error-interrupted", path = p(path))).hint(t!("hint-interrupted"))
            }
            Error::DestinationBlocked { path, what } => Said::new(t!(
                "error-destination-blocked",
                path = p(path),
                what = match what {
                    Blocker::Link => t!("blocker-link"),
                    Blocker::Folder => t!("blocker-folder"),
                    Blocker::NotPlainFile => t!("blocker-not-plain-file"),
                    Blocker::FileForFolder => t!("blocker-file-for-folder"),
                }
            ))
            .hint(t!("hint-destination-blocked")),
            Error::InvalidDossierId(InvalidDossierId(id)) => {
                Said::new(t!("error-invalid-dossier-id", id = escaped(id)))
                    .hint(t!("hint-invalid-dossier-id"))
            }
            Error::NotParts => Said::new(t!("usage-not-parts")),
            Error::NotOneSplit => Said::new(t!("usage-not-one-split")),
            Error::PartTwice => Said::new(t!("usage-part-twice")),
            Error::NoArchive => Said::new(t!("usage-no-archive")),
            Error::Internal(detail) => {
                Said::new(t!("error-internal", detail = escaped(detail))).hint(t!("hint-internal"))
            }
        }
    }
    told_codes!(rejection);
}
