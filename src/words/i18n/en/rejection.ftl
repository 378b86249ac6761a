# Why an archive was rejected, in English: one message per reason, `rejection-<code>`
# (the stable codes of `sacoche::archive::Rejection`). Every id here is also in
# ../fr/rejection.ftl (a test checks it). Each says what is wrong, then what to do when
# something can be done. Names and details come from the archive and arrive escaped.

rejection-not-an-archive = not a sacoche archive (not a zip file)
rejection-truncated = the file is incomplete (cut short during a copy or download); copy it again or ask the sender to send it again
rejection-trailing-bytes = { $count ->
        [one] { $count } unexpected byte
       *[other] { $count } unexpected bytes
    } after the end of the signed archive; ask the sender to send it again
rejection-unsigned = a zip file without a sacoche signature; ask the sender to send it again
rejection-malformed-signature = damaged signature block ({ $why }); ask the sender to send it again
rejection-bad-signature = the signature does not match: the file was altered or forged; ask the sender to send it again
rejection-content-altered = the content does not match its signature: the file was altered or damaged after it was signed; ask the sender to send it again
rejection-unknown-signer = signed by an unknown key, fingerprint { $key_id }; if you expected this archive, phone the sender and compare this fingerprint with the one their "sacoche key show" prints; only if they are the same, trust their key with "sacoche trust add KEY --name NAME --dossier { $dossier }", KEY being the line the sender gives you
rejection-signer-not-trusted-for-dossier = signed by { $name } (key { $key_id }), who is not trusted for dossier { $dossier }; if that is expected, run: sacoche trust add KEY --name "{ $name }" --dossier { $dossier }
rejection-bad-zip = damaged zip structure ({ $why }); ask the sender to send it again
rejection-header-mismatch = inconsistent zip headers ({ $why })
rejection-overlapping-entries = zip entries overlap (a zip-bomb construction)
rejection-duplicate-name = the name '{ $name }' appears twice
rejection-name-collision = '{ $name }' and '{ $other }' would be the same file on Windows or a USB stick
rejection-unsafe-path = unsafe file name '{ $name }': { $why }
rejection-not-a-regular-file = '{ $name }' is not a plain file (a link, folder or device entry)
rejection-encrypted-entry = '{ $name }' is encrypted, which sacoche archives never are
rejection-unsupported-compression = '{ $name }' uses compression { $method }; sacoche archives use only stored or deflate
rejection-manifest-not-first = the first entry is not the manifest ({ $manifest })
rejection-manifest-too-large = the manifest is too large ({ $count ->
        [one] { $count } byte
       *[other] { $count } bytes
    })
rejection-manifest-invalid = invalid manifest: { $why }
rejection-unsupported-version = made with format version { $version }, which this sacoche does not know; install a newer sacoche
rejection-statement-mismatch = the signed { $field ->
        [dossier] dossier
        [creation-time] creation time
        [kind] kind
        [sequence-number] sequence number
        [key-id] key id
        [manifest-hash] manifest hash
       *[other] { $field }
    } differs from the manifest's
rejection-state-id-mismatch = the manifest's state id does not match its file list
rejection-ops-contradict-files = the changes contradict the file list: { $why }
rejection-files-contradict-state = the files carried contradict the state list: { $why }
rejection-entry-not-in-manifest = '{ $name }' is in the zip but not in the manifest
rejection-file-missing = '{ $name }' is listed in the manifest but missing from the zip; ask the sender to send it again
rejection-size-mismatch = '{ $name }' has { $found ->
        [one] { $found } byte
       *[other] { $found } bytes
    } where the manifest says { $expected }; ask the sender to send it again
rejection-size-exceeds-declared = '{ $name }' decompresses to more than the { $declared ->
        [one] { $declared } byte
       *[other] { $declared } bytes
    } declared; ask the sender to send it again
rejection-hash-mismatch = '{ $name }' does not match its SHA-256 in the manifest; ask the sender to send it again
rejection-delta-invalid = the écritures of '{ $name }' (a delta against the version you have) are malformed; ask the sender to send the archive again
rejection-delta-mismatch = the écritures of '{ $name }', applied to the version you have, do not give the sender's ledger; nothing was changed: ask the sender for a full archive (sacoche pack --full)
rejection-corrupt-entry = '{ $name }' is damaged ({ $detail }); ask the sender to send it again
