//! Packing, verifying, showing and extracting archives, in words or JSON.

use super::*;

impl Out {
    pub fn packed(&self, packed: &Packed) {
        let parts = packed.archives.len();
        let lang = words::current();
        if !self.json {
            for (path, why) in &packed.skipped {
                tell!(
                    "{}",
                    t!("left-out", path = escaped(path), why = skip_reason(*why))
                );
            }
        }
        for r in &packed.receipts {
            self.receipt_recorded(r);
        }
        if !self.json {
            super::ledger::tell_ledgers(&packed.ledgers);
        }
        let sum = packed.summary;
        for (i, w) in packed.archives.iter().enumerate() {
            let m = &w.manifest;
            if self.json {
                let skipped: Vec<Value> = packed
                    .skipped
                    .iter()
                    .map(|(path, why)| json!({"path": path, "reason": why.to_string()}))
                    .collect();
                self.emit(json!({
                    "type": "packed",
                    "archive": w.path,
                    "archive_id": w.statement.archive_digest.to_string(),
                    "dossier": m.dossier.id,
                    "kind": m.kind.as_str(),
                    "reset": m.reset,
                    "sequence": m.sequence,
                    "part": i + 1,
                    "parts": parts,
                    "files": m.files.len(),
                    "dossier_files": packed.dossier_files,
                    "bytes": m.total_size(),
                    "size": w.size,
                    "state_id": m.state_id.to_string(),
                    "never_acknowledged": packed.never_acknowledged,
                    "added": sum.added, "modified": sum.modified, "deleted": sum.deleted, "moved": sum.moved,
                    "receipts_recorded": packed.receipts.len(),
                    "skipped": skipped,
                    "ledgers": super::ledger::ledgers_json(&packed.ledgers),
                    "deltas": m.deltas.iter().map(|d| json!({
                        "path": d.path,
                        "size": d.size,
                        "base_sha256": d.base_sha256.to_string(),
                        "whole": m.target_of(d).map_or(0, |t| t.size),
                    })).collect::<Vec<Value>>(),
                }));
                continue;
            }
            if m.kind == Kind::Receipt {
                tell!(
                    "{}",
                    t!(
                        "packed-receipt-only",
                        id = escaped(&m.dossier.id),
                        name = escaped(&m.dossier.name)
                    )
                );
                say!("{}", path_text(&w.path));
                continue;
            }
            let part = if parts > 1 {
                t!("packed-part", part = i + 1, parts = parts)
            } else {
                String::new()
            };
            let what = match m.kind {
                Kind::Full if m.reset => t!("packed-full-reset"),
                Kind::Full => t!("packed-full"),
                _ => t!(
                    "packed-changes",
                    counts = counts(sum.added, sum.modified, sum.deleted, sum.moved)
                ),
            };
            tell!(
                "{}",
                t!(
                    "packed",
                    id = escaped(&m.dossier.id),
                    name = escaped(&m.dossier.name),
                    part = part,
                    what = what,
                    files = m.files.len(),
                    bytes = size(m.total_size(), lang),
                    size = size(w.size, lang),
                    sequence = m.sequence
                )
            );
            for d in &m.deltas {
                tell!(
                    "{}",
                    t!(
                        "pack-ledger-delta",
                        path = escaped(&d.path),
                        size = size(d.size, lang),
                        whole = size(m.target_of(d).map_or(0, |t| t.size), lang)
                    )
                );
            }
            say!("{}", path_text(&w.path));
        }
        if !self.json && packed.never_acknowledged && packed.kind == Kind::Full {
            tell!("{}", t!("packed-never-acknowledged"));
        }
        if parts > 1 && !self.json {
            tell!("{}", t!("packed-parts", parts = parts));
        }
    }

    pub fn receipt_recorded(&self, r: &Recorded) {
        let about = r
            .about
            .as_deref()
            .map_or_else(|| t!("receipt-about", sequence = r.sequence), escaped);
        let from = escaped(&r.from);
        let text = match r.outcome {
            ReceiptOutcome::Integrated if r.conflicts > 0 => t!(
                "receipt-integrated-conflicts",
                from = from,
                about = about,
                conflicts = r.conflicts
            ),
            ReceiptOutcome::Integrated => t!("receipt-integrated", from = from, about = about),
            ReceiptOutcome::Refused => t!(
                "receipt-refused",
                from = from,
                about = about,
                reason = receipt_reason(r.reason.as_deref())
            ),
        };
        if self.json {
            self.emit(json!({
                "type": "receipt",
                "file": r.file,
                "from": r.from,
                "about": r.about,
                "sequence": r.sequence,
                "outcome": match r.outcome { ReceiptOutcome::Integrated => "integrated", ReceiptOutcome::Refused => "refused" },
                "reason": r.reason,
                "conflicts": r.conflicts,
                "already": r.already,
            }));
        } else if r.already {
            tell!("{}", t!("receipt-already", text = text));
        } else {
            tell!("{}", t!("receipt-line", text = text));
        }
    }

    pub fn verified(&self, path: &Path, v: &Verified) {
        let m = &v.manifest;
        if self.json {
            self.emit(json!({
                "type": "verified",
                "archive": path,
                "status": "valid",
                "archive_id": v.statement.archive_digest.to_string(),
                "dossier": m.dossier.id,
                "kind": m.kind.as_str(),
                "sequence": m.sequence,
                "files": m.files.len(),
                "bytes": m.total_size(),
                "signer": signer_json(&v.trust, &v.statement.public_key),
            }));
        } else {
            say!(
                "{}",
                t!(
                    "verified",
                    archive = path_text(path),
                    id = escaped(&m.dossier.id),
                    kind = kind_word(m.kind),
                    files = m.files.len(),
                    signer = signer_text(&v.trust, &v.statement.public_key)
                )
            );
        }
    }

    pub fn rejected(&self, path: &Path, reason: &Rejection) {
        if self.json {
            self.emit(json!({
                "type": "verified",
                "archive": path,
                "status": "rejected",
                "reason_code": reason.code(),
                "reason": words::rejections::rejection(reason),
            }));
        } else {
            words::errors::report(&sacoche::archive::Error::Rejected {
                archive: path.to_path_buf(),
                reason: reason.clone(),
            });
        }
    }

    pub fn failed(&self, path: &Path, error: &sacoche::archive::Error) {
        if self.json {
            self.emit(json!({
                "type": "verified",
                "archive": path,
                "status": "error",
                "reason": words::errors::one_line(error),
            }));
        } else {
            words::errors::report(error);
        }
    }

    pub fn summary(&self, valid: usize, rejected: usize, failed: usize) {
        if self.json {
            self.emit(
                json!({"type": "summary", "valid": valid, "rejected": rejected, "errors": failed}),
            );
        } else if valid + rejected + failed > 1 {
            tell!(
                "{}",
                t!(
                    "verify-summary",
                    valid = valid,
                    rejected = rejected,
                    failed = failed
                )
            );
        }
    }

    pub fn shown(&self, path: &Path, contents: &Contents) {
        let m = contents.manifest();
        let s = contents.statement();
        let lang = words::current();
        if self.json {
            self.emit(json!({
                "type": "archive",
                "archive": path,
                "archive_id": s.archive_digest.to_string(),
                "trusted": true,
                "signer": signer_json(contents.trust(), &s.public_key),
                "manifest": m,
            }));
            return;
        }
        let row = |label: String, value: &str| say!("{label:<13}{value}");
        row(t!("show-archive"), &file_name(path));
        row(
            t!("show-dossier"),
            &format!("{} — {}", escaped(&m.dossier.id), escaped(&m.dossier.name)),
        );
        row(
            t!("show-generated"),
            &format::second(m.created.with_timezone(&chrono::Utc), lang),
        );
        row(
            t!("show-fiscal-year"),
            &m.fiscal_period
                .map_or_else(|| t!("show-not-stated"), |p| p.to_string()),
        );
        row(t!("show-kind"), &kind_text(m));
        row(
            t!("show-contents"),
            &t!(
                "show-files",
                files = m.files.len(),
                bytes = size(m.total_size(), lang)
            ),
        );
        row(
            t!("show-sender"),
            &signer_text(contents.trust(), &s.public_key),
        );
        row(t!("show-sequence"), &m.sequence.to_string());
        if let Some(p) = &m.purpose {
            row(t!("show-purpose"), &escaped(p));
        }
        if let Some(c) = &m.comment {
            row(t!("show-comment"), &escaped(c));
        }
        row(t!("show-archive-id"), &s.archive_digest.to_string());
        for f in &m.files {
            say!("  {:>10}  {}", size(f.size, lang), escaped(&f.path));
        }
    }

    pub fn shown_untrusted(&self, opened: &Opened) {
        let s = opened.statement();
        if self.json {
            self.emit(json!({
                "type": "archive",
                "archive": opened.path(),
                "archive_id": s.archive_digest.to_string(),
                "trusted": false,
                "signer": signer_json(opened.trust(), &s.public_key),
                "statement": {
                    "dossier": s.dossier,
                    "created": s.created,
                    "kind": s.kind.as_str(),
                    "sequence": s.sequence,
                },
            }));
            return;
        }
        let row = |label: String, value: &str| say!("{label:<13}{value}");
        row(t!("show-archive"), &file_name(opened.path()));
        row(t!("show-dossier"), &escaped(&s.dossier));
        row(t!("show-generated"), &escaped(&s.created));
        row(t!("show-kind"), &kind_word(s.kind));
        row(t!("show-sequence"), &s.sequence.to_string());
        row(
            t!("show-sender"),
            &signer_text(opened.trust(), &s.public_key),
        );
        row(t!("show-contents"), &t!("show-not-opened"));
    }

    pub fn extracted(&self, archive: &Path, e: &Extracted) {
        if self.json {
            self.emit(json!({
                "type": "extracted",
                "archive": archive,
                "to": e.dir,
                "files": e.manifest.files.len(),
                "bytes": e.manifest.total_size(),
                "replaced": e.replaced,
            }));
            return;
        }
        for path in &e.replaced {
            tell!("{}", t!("extracted-replaced", path = escaped(path)));
        }
        tell!(
            "{}",
            t!(
                "extracted",
                files = e.manifest.files.len(),
                bytes = size(e.manifest.total_size(), words::current()),
                id = escaped(&e.manifest.dossier.id)
            )
        );
        say!("{}", path_text(&e.dir));
    }
}

fn kind_text(m: &sacoche::archive::Manifest) -> String {
    match m.kind {
        Kind::Full if m.reset => t!("show-kind-reset"),
        Kind::Full => t!("show-kind-full"),
        Kind::Receipt => match &m.receipt {
            Some(r) => match r.outcome {
                ReceiptOutcome::Integrated => {
                    t!("show-kind-receipt-integrated", sequence = r.sequence)
                }
                ReceiptOutcome::Refused => t!(
                    "show-kind-receipt-refused",
                    sequence = r.sequence,
                    reason = receipt_reason(r.reason.as_deref())
                ),
            },
            None => t!("show-kind-receipt"),
        },
        Kind::Changes if m.version == 1 => {
            let count = |f: fn(&Op) -> bool| m.ops.iter().filter(|o| f(o)).count();
            t!(
                "show-kind-changes-v1",
                counts = counts(
                    count(|o| matches!(o, Op::Add { .. })),
                    count(|o| matches!(o, Op::Modify { .. })),
                    count(|o| matches!(o, Op::Delete { .. })),
                    count(|o| matches!(o, Op::Rename { .. }))
                )
            )
        }
        Kind::Changes => t!(
            "show-kind-changes",
            carried = m.files.len(),
            files = m.state.len()
        ),
    }
}

/// Why a correspondent refused an archive, from the code their receipt carries (a code
/// this version does not know is shown as it came, escaped).
fn receipt_reason(code: Option<&str>) -> String {
    match code {
        None => t!("receipt-no-reason"),
        Some("stale") => t!("receipt-reason-stale"),
        Some("fiscal-year-mismatch") => t!("receipt-reason-fiscal-year-mismatch"),
        Some("missing-content") => t!("receipt-reason-missing-content"),
        Some("folder-clash") => t!("receipt-reason-folder-clash"),
        Some("legacy-changes") => t!("receipt-reason-legacy-changes"),
        Some(other) => escaped(other),
    }
}
