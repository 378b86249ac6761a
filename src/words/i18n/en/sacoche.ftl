# sacoche's messages, in English. Every id here is also in ../fr/sacoche.ftl (a test
# checks it). Arguments from archives and file names arrive escaped.

## Errors: `error-…` says what happened, `hint-…` what to do.

error-line = error: { $message }
hint-line = hint: { $hint }
list-item = '{ $item }'
list-more = { $shown } and { $more } more

error-io = cannot { $action ->
        [read] read
        [create] create
        [write] write
        [open] open
        [create-temp-in] create a temporary file in
        [remove] remove
        [move] move
        [watch] watch
        [sync] sync
        [replace] replace
        [move-into-place] move into place
        [lock] lock
        [clean] clean
        [update] update
        [restore] restore
        [rename-into-place] rename into place
        [record] record
        [move-to-trash] move to the trash
        [keep] keep
        [create-staging-in] create a staging folder in
        [copy] copy
        [compress] compress
       *[other] complete
    } { $path }: { $reason }
os-not-found = it does not exist
os-permission-denied = access denied
os-storage-full = the disk is full
os-read-only = the disk or stick is write-protected
os-already-exists = it already exists
os-busy = it is in use by another program
os-not-a-folder = it is not a folder
os-is-a-folder = it is a folder
os-bad-name = the name is not valid here
os-too-large = the file is too large for this disk
os-other = { $detail }
hint-io-permission-denied = check the folder is not write-protected and that you may use it
hint-io-storage-full = free some space and try again; nothing was lost
hint-io-read-only = remove the write protection, or choose another folder
hint-io-not-found = check the path
hint-io-busy = close it in the other program, then run the command again

error-no-key = no signing key yet ({ $path })
hint-no-key = create yours with: sacoche key new --name "YOUR NAME"
error-key-exists = a signing key already exists at { $path }; it was kept (a new key would have to be trusted again by everyone you exchange with)
error-bad-key-file = the key file { $path } is damaged ({ $detail })
hint-bad-key-file = restore it from a backup, or move it away and run: sacoche key new
error-bad-trust-file = the trust file { $path } is damaged ({ $detail })
hint-bad-trust-file = fix it by hand or move it away and trust the keys again
error-bad-public-key = '{ $key }' is not a sacoche public key
hint-bad-public-key = ask the sender for the line printed by: sacoche key show
error-weak-public-key = '{ $key }' is a weak key: no signature made with it proves anything, so it was not trusted
hint-weak-public-key = this is not the key of a person but a made-up one: ask your correspondent, by phone, for the line their sacoche key show prints
error-not-trusted = no trusted key matches '{ $key }'
hint-not-trusted = see the list with: sacoche trust list
error-invalid-name = '{ $name }' is not a usable name
hint-invalid-name = give a non-empty name on one line
error-invalid-dossier-id = '{ $id }' is not a valid dossier number
hint-invalid-dossier-id = use 1 to 40 letters, digits, '_' or '-' (e.g. 8502182)
error-invalid-fiscal-period = '{ $text }' is not a fiscal period
hint-invalid-fiscal-period = write it as 2020-01-01..2020-12-31
error-not-a-directory = { $path } is not a folder
hint-not-a-directory = give the dossier's folder
error-unportable-names = { $path } holds { $count ->
        [one] a name
       *[other] { $count } names
    } that cannot travel to Windows or a FAT32 stick: { $names }
hint-unportable-names = rename them and pack again
error-file-changed = { $path } changed while it was being packed; nothing was written
hint-file-changed = pack again once it is saved and closed
error-output-inside-dossier = the output folder { $out } is inside the dossier { $dossier }
hint-output-inside-dossier = choose another with --out
error-would-overwrite = { $path } already holds { $count ->
        [one] a file
       *[other] { $count } files
    } of the archive ({ $files }); nothing was written
hint-would-overwrite = extract into an empty folder, or add --force to replace them (the old ones go to the trash)
error-archive-exists = { $path } already exists; nothing was overwritten
hint-archive-exists = wait a second and pack again
error-no-home-folder = cannot find the user's home folder
hint-no-home-folder = set SACOCHE_HOME to a folder sacoche may use
error-random = the operating system gave no random bytes for a new key: { $detail }
error-bad-state-file = the file { $path } is damaged ({ $detail })
hint-bad-state-file = move it away and run the command again
error-not-in-trash = nothing in the trash has the id '{ $id }'
hint-not-in-trash = see the ids with: sacoche trash list
error-restore-would-overwrite = { $path } already exists; nothing was overwritten
hint-restore-would-overwrite = move it away or restore elsewhere with --to
error-not-a-dossier = { $path } is not a sacoche dossier
hint-not-a-dossier = set it up with: sacoche init { $quoted } --dossier ID --name NAME (or give an empty or new folder for a first full archive)
error-dossier-exists = { $path } already is dossier { $id } ({ $name }); nothing was changed
error-needs-full-archive = { $archive } holds only changes, and { $path } has not received the whole dossier yet
hint-needs-full-archive = ask the sender for a full archive (sacoche pack --full), or give the folder that holds this dossier
error-wrong-dossier = { $archive } is for dossier { $theirs }, but { $path } is dossier { $ours }; nothing was changed
error-stale = { $archive } is older than { $newer }, already integrated; an old file is never applied over newer work (nothing was changed)
error-fiscal-year-mismatch = { $archive } is for fiscal period { $theirs }, but this dossier is { $ours }; importing the wrong year loses data
hint-fiscal-year-later = if your correspondent has moved on to the next fiscal year, apply with --accept-fiscal-year: the dossier moves to { $theirs } with it
hint-fiscal-year-earlier = to integrate this archive of a past year all the same (the dossier stays on { $ours }), apply with --accept-fiscal-year
error-nothing-changed = nothing changed in { $path } since the last exchange ({ $last }); nothing to send
hint-nothing-changed = use --full to send everything anyway
error-no-base = { $path } has no exchange yet to send changes against
hint-no-base = send a full archive first (sacoche pack without --changes)
error-identity-mismatch = { $path } is dossier { $recorded }, not { $given }
hint-identity-mismatch = leave out --dossier, or pack the right folder
error-no-identity = { $path } has no dossier number yet
hint-no-identity = run: sacoche init { $quoted } --dossier ID --name NAME (or give --dossier and --name)
error-bad-config-line = the configuration file { $path } cannot be read at line { $line } (the reader says: { $detail })
error-bad-config = the configuration file { $path } is damaged ({ $detail })
hint-bad-config = fix it (see the README)
error-config-backslash = in { $path }, line { $line }, a Windows path is written with single backslashes between double quotes ({ $text })
hint-config-backslash = write it between single quotes, '{ $fixed }', or double each backslash
error-no-inbox = no inbox folder
hint-no-inbox = give one with --inbox DIR, or set inboxes = ["…"] in { $path }
error-no-dossiers-root = no dossiers folder
hint-no-dossiers-root = give one with --dossiers DIR, or set dossiers = "…" in config.toml
error-not-in-inbox = { $path } is not in an inbox folder
hint-not-in-inbox = give a file listed by: sacoche inbox
error-too-big-for-mail = { $archive } is { $size }, over the { $max } that mail can carry
hint-too-big-for-mail = pack it again in several smaller archives with: sacoche pack DOSSIER --max-size { $max_arg } (or copy it to a USB stick)
error-smtp = sending through the SMTP server { $host } failed: { $detail }
hint-smtp = check [smtp] in config.toml and the password in SACOCHE_SMTP_PASSWORD
error-too-big-to-split = '{ $name }' ({ $size }) does not fit in an archive of { $limit } by itself
hint-too-big-to-split = send the dossier on a USB stick, or raise --max-size
error-too-big-for-destination = { $path } cannot hold a file over 4 GiB (a FAT32 stick?), and this archive would be { $size }; nothing was written
hint-too-big-for-destination = pack with --max-size 4000M to split it, or use an exFAT or NTFS stick
error-own-archive = { $archive } was sent by you (this dossier made it); your own archives are never integrated into your own dossier, it was left where it is
error-needs-confirmation = { $archive } needs your confirmation ({ $reasons }); nothing was changed
hint-needs-confirmation = check the preview (--dry-run), then apply again with --confirm
confirm-reset = the sender resets the dossier to its own content: local changes go to the trash
confirm-other-history = it comes from another history of this dossier (the sender's folder was set up again): nothing of yours is deleted, differing files become conflict copies
confirm-mass-deletion = it deletes { $removed } of the { $total } files
error-missing-content = { $archive } does not carry the content of { $count ->
        [one] a file
       *[other] { $count } files
    } this dossier needs ({ $files }); nothing was changed
hint-missing-content = ask the sender for a full archive (sacoche pack --full)
error-folder-clash = { $archive } has '{ $folder }' where this dossier has a file '{ $file }' (or the reverse); nothing was changed
hint-folder-clash = rename one of them on either side, then exchange again
error-waiting-for-parts = { $archive } is part { $have } of { $count }; { $missing_count ->
        [one] part { $missing } has
       *[other] parts { $missing } have
    } not arrived yet
hint-waiting-for-parts = integrate all the parts together once they are all here
error-legacy-changes = { $archive } holds changes made by sacoche 0.1, which this version cannot merge safely; nothing was changed
hint-legacy-changes = ask the sender to install this version of sacoche and send a full archive
error-held-open = { $path } is open in another program (Excel, perhaps), which stops sacoche from replacing it; nothing was changed
hint-held-open = close { $name } there, then run the command again
error-changed-during-integration = { $path } changed while it was being integrated; nothing was changed
hint-changed-during-integration = run the command again once the file is saved and closed
error-unknown-correspondent = { $path } has no correspondent named '{ $name }'
hint-unknown-correspondent = see them with: sacoche status { $quoted }
error-no-conflict = { $path } is not a conflict copy, nor a file with one
hint-no-conflict = see them with: sacoche status DIR
error-interrupted = an integration of { $path } was interrupted
hint-interrupted = the next sacoche apply or inbox process finishes it
error-internal = internal error: { $detail }
hint-internal = please report it

usage-not-a-size = '{ $text }' is not a size
hint-usage-not-a-size = write it with its unit, like 15M, 15 MB or 500k
usage-not-a-size-in-config = '{ $text }' is not a size in config.toml [mail] max_size
hint-usage-not-a-size-in-config = write it like 15M
usage-not-an-address = '{ $text }' is not an email address
usage-bad-tls = tls = "{ $text }" in config.toml [smtp] is not known
hint-usage-bad-tls = use "none", "starttls" or "tls"
usage-no-smtp-password = the SMTP server wants a password
hint-usage-no-smtp-password = set it in the environment variable SACOCHE_SMTP_PASSWORD
usage-no-smtp-server = no SMTP server
hint-usage-no-smtp-server = add [smtp] host = "…" to { $path }
usage-no-sender = no sender's address
hint-usage-no-sender = give it with --from (or [mail] from in config.toml)
usage-not-parts = give several archives only for the parts of one split archive
usage-not-one-split = these archives are not parts of one split archive
usage-part-twice = the same part is given twice
usage-no-archive = no archive given
usage-process-which = say which archives to process, or --all
usage-unknown-argument = unexpected argument '{ $arg }' found
usage-unknown-command = unrecognized subcommand '{ $command }'
usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
usage-value-expected = a value is required for '{ $arg }' but none was supplied
usage-unexpected-value = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
usage-missing = the following required arguments were not provided: { $args }
usage-missing-command = say which command: see the list with --help
usage-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
usage-other = the command line is not understood
usage-did-you-mean = a similar one exists: '{ $suggestion }'
usage-possible-values = possible values: { $values }
version-line = sacoche { $version } (commit { $commit }, archive format { $format })
usage-line = Usage: { $usage }
usage-more = For more information, try '{ $command } --help'.
hint-usage-process-which = sacoche inbox process --all
error-rejected = { $archive }: rejected: { $reason }

## Packing, verifying, showing, extracting.

skip-junk = system clutter
skip-link = link
skip-special = not a plain file
left-out = left out: { $path } ({ $why })
packed-receipt-only = Nothing new to send for dossier { $id } ({ $name }): wrote a receipt acknowledging what you integrated, so that your correspondent knows.
packed-part = { " " }part { $part } of { $parts },
packed-full-reset = full reset (the receiver's copy becomes this one, once confirmed there)
packed-full = full (the whole dossier)
counts = { $added } added, { $modified } modified, { $deleted } deleted, { $moved } moved
packed-changes = changes ({ $counts }, not yet acknowledged)
packed = Packed dossier { $id } ({ $name }),{ $part } { $what }: { $files ->
        [one] { $files } file carried
       *[other] { $files } files carried
    }, { $bytes } → { $size } archive, number { $sequence }.
packed-never-acknowledged = Your correspondent has not acknowledged anything yet, so the whole dossier travels; once their receipt comes back, only what they lack does.
packed-parts = { $parts } archives: the receiver integrates them together once all have arrived (sacoche inbox process --all).
receipt-about = archive number { $sequence }
receipt-integrated = { $from } integrated { $about }
receipt-integrated-conflicts = { $from } integrated { $about } ({ $conflicts ->
        [one] { $conflicts } file changed on both sides: both versions kept
       *[other] { $conflicts } files changed on both sides: both versions kept
    })
receipt-refused = { $from } REFUSED { $about } ({ $reason })
receipt-no-reason = no reason given
receipt-reason-stale = it was stale: a later one of yours was already integrated
receipt-reason-fiscal-year-mismatch = it was for another fiscal year than their dossier
receipt-reason-missing-content = files it relies on were missing there: send a full archive
receipt-reason-folder-clash = a file would have taken the name of one of their folders
receipt-reason-legacy-changes = an old changes archive their sacoche cannot integrate: send a full archive
receipt-line = receipt: { $text }
receipt-already = receipt already recorded: { $text }
kind-full = full
kind-changes = changes
kind-receipt = receipt
verified = valid: { $archive }: dossier { $id }, { $kind }, { $files ->
        [one] { $files } file
       *[other] { $files } files
    }, signed by { $signer }
verify-summary = { $valid } valid, { $rejected } rejected, { $failed } unreadable
signer-own = { $name } (key { $key }, your own key)
signer-trusted = { $name } (key { $key }, trusted)
signer-other-dossiers = { $name } (key { $key }) — NOT trusted for this dossier, only for { $dossiers }
signer-unknown = unknown key { $key } — NOT trusted
show-archive = Archive
show-dossier = Dossier
show-generated = Generated
show-fiscal-year = Fiscal year
show-kind = Kind
show-contents = Contents
show-sender = Sender
show-sequence = Sequence
show-purpose = Purpose
show-comment = Comment
show-archive-id = Archive id
show-not-stated = not stated
show-files = { $files ->
        [one] { $files } file
       *[other] { $files } files
    }, { $bytes }
show-not-opened = not opened: the sender is not trusted for this dossier
show-kind-reset = full RESET (asks to replace your copy by this one)
show-kind-full = full (the whole dossier)
show-kind-receipt = receipt
show-kind-receipt-integrated = receipt: archive number { $sequence } integrated
show-kind-receipt-refused = receipt: archive number { $sequence } refused ({ $reason })
show-kind-changes-v1 = changes only ({ $counts })
show-kind-changes = changes ({ $carried } of the { $files } files carried)
extracted-replaced = replaced: { $path } (the old file is in the trash: sacoche trash list)
extracted = Extracted { $files ->
        [one] { $files } file
       *[other] { $files } files
    } ({ $bytes }) of dossier { $id }.

## Integrating.

kind-reset = { " " }RESET
plan-head = { $archive } — dossier { $id } ({ $name }), { $kind }{ $reset } number { $sequence } from { $sender }
plan-parts = { "  " }in { $parts } parts
plan-counts = { $counts }, { $conflicts ->
        [one] { $conflicts } conflict
       *[other] { $conflicts } conflicts
    }
plan-fiscal-moves = fiscal year: the dossier moves to { $to } (it was on { $from })
plan-fiscal-stays = fiscal year: an archive for { $theirs }; the dossier stays on { $ours }
plan-added = { "  " }added     { $path }
plan-modified = { "  " }modified  { $path }
plan-deleted = { "  " }deleted   { $path }
plan-moved = { "  " }moved     { $from } -> { $path }
conflict-both-modified = changed on both sides
conflict-both-added = created on both sides
conflict-case-twins = two names that are one file on Windows
conflict-kept-local = yours stays
conflict-kept-incoming = theirs takes the name
plan-conflict = { "  " }CONFLICT  { $path }: { $what } (here: { $here }, by { $here_by }; incoming: { $incoming }, by { $incoming_by }); both kept: { $kept }, the other becomes { $copy }
plan-kept = { "  " }kept      { $path } (modified here, deleted by the sender: a modification wins)
plan-restored = { "  " }restored  { $path } (deleted here, modified by the sender: a modification wins)
plan-ledger-more = … and { $count } { $count ->
        [one] other entry
       *[other] other entries
    }
plan-ledger-merged = { "  " }merged    { $path } (ledger changed on both sides: the écritures of both sides are brought together)
conflict-ecritures = écritures changed on both sides
plan-conflict-ecritures = { "  " }CONFLICT  { $path }: ledger changed on both sides, merged écriture by écriture; { $count ->
        [one] one écriture was changed on both sides: the ledger keeps the choice below
       *[other] { $count } écritures were changed on both sides: the ledger keeps the choices below
    }, the other choice is in { $copy }
plan-ecriture-both-modified = { "    " }{ $entry }: modified here ({ $here }) and by the sender ({ $incoming }); kept: { $kept }
plan-ecriture-deleted-here = { "    " }{ $entry }: deleted here, modified by the sender; kept: { $kept }
plan-ecriture-deleted-there = { "    " }{ $entry }: modified here, deleted by the sender; kept: { $kept }
ecriture-side = "{ $label }", €{ $amount }
ecriture-kept-local = yours
ecriture-kept-incoming = the sender’s
plan-ledger-not-merged = { "  " }note: { $path } could not be merged écriture by écriture ({ $why }): both versions are kept whole
ledger-why-no-common = no copy of the version you both had is kept here
ledger-why-not-valid = { $version } is not a valid ledger
ledger-why-not-alike = { $version } has another first line, encoding or line endings
ledger-why-result = the result would not be a valid ledger (two écritures under one number, say)
ledger-version-common = the common version
ledger-version-local = your version
ledger-version-incoming = the incoming version
plan-never-arrived = { "  " }note: { $count ->
        [one] archive number { $numbers } from { $sender } never arrived; its changes come with this one
       *[other] archives number { $numbers } from { $sender } never arrived; their changes come with this one
    }
plan-confirm = { "  " }TO CONFIRM  { $reason }
plan-signed-by-you = { "  " }note: signed with your own key by another copy of this dossier (a workstation sharing your key); give each workstation its own key (sacoche key new) and trust it on the others
applied-already = already integrated on { $when }: nothing changed
applied-dry-run = dry run: nothing changed
applied = integrated; replaced and deleted files are in the dossier's trash (sacoche trash list --dossier DIR)
applied-conflicts = integrated; { $count ->
        [one] { $count } file was changed on both sides: both versions are kept
       *[other] { $count } files were changed on both sides: both versions are kept
    }, see them with sacoche status and choose with sacoche resolve
applied-receipt = receipt for the sender: { $path }
applied-no-receipt = no receipt could be written: { $error }
resolved-both = kept both: { $original } and { $renamed }
resolved-trashed = kept { $original }; the other version is in the trash ({ $id })
resolved = kept { $original }

## Status.

status-dossier = Dossier
status-fiscal-year = Fiscal year
status-content = Content
status-recovered = Recovered
status-recovered-text = an interrupted integration was completed
status-exchanges = Exchanges with
status-never-heard = { $name } (never heard from)
status-last-heard = { $name } (last heard from on { $when })
status-to-send = To send
status-to-send-everything = no correspondent has acknowledged anything yet: the next pack sends the whole dossier
status-local-changes = Local changes
status-no-local-changes = none waiting: your correspondents have everything
status-local-changes-waiting = { $count } not yet acknowledged (the next pack sends them)
change-added = added
change-modified = modified
change-deleted = deleted
status-change = { "  " }{ $change } { $path }
status-conflict-line = { "  " }CONFLICT  { $copy } is a version of { $original }: choose with sacoche resolve DIR "{ $copy }" --keep mine|theirs|both
status-received = { $when }  received  { $archive } from { $sender } (number { $sequence }, { $kind })
status-sent = { $when }  sent      { $archive } (number { $sequence }, { $kind }){ $fate }
status-fate = : { $fates }
fate-integrated = integrated by { $name } on { $when }
fate-integrated-conflicts = integrated by { $name } on { $when } ({ $conflicts ->
        [one] { $conflicts } conflict copy
       *[other] { $conflicts } conflict copies
    })
fate-refused = REFUSED by { $name } ({ $reason })
fate-acknowledged = acknowledged by { $name }
fate-unacknowledged = not yet acknowledged by { $name } { $days ->
        [0] (sent today)
        [one] (sent { $days } day ago)
       *[other] (sent { $days } days ago)
    }
status-last-sent = Last sent
status-last-received = Last received
status-nothing-yet = nothing yet
status-ids = Ids
status-ids-text = state { $state }, replica { $replica }
status-history = History
status-earlier = { "  " }… { $count ->
        [one] { $count } earlier exchange
       *[other] { $count } earlier exchanges
    } (sacoche status --verbose shows them all)
status-more-changes = { "  " }… and { $count } more (sacoche status --verbose lists them all)
status-received-short = number { $sequence } from { $sender } ({ $kind }), on { $when }
status-sent-short = number { $sequence } ({ $kind }), on { $when }{ $fate }
status-kept-aside = { "  " }kept aside by sacoche 0.1 (conflict)  .sacoche/conflicts/{ $name }

## The inbox, the watcher, the log, mail, the trash.

status-ready = ready
status-conflict = conflict
status-confirm = confirm
status-waiting = waiting
status-blocked = blocked
status-own = own
status-stale = stale
status-already-integrated = already-integrated
status-invalid = invalid
status-incomplete = incomplete
reason-still-arriving = the copy has not finished (or was cut short)
reason-cannot-read-yet = cannot be read yet
reason-already-integrated = already integrated (remembered by archive id)
reason-own-archive = your own archive: sacoche never integrates it into your dossier
reason-conflicts = { $count ->
        [one] { $count } file changed on both sides, both versions will be kept: { $paths }
       *[other] { $count } files changed on both sides, both versions will be kept: { $paths }
    }
inbox-empty = The inbox is empty.
inbox-heading = { $status } { $dossier } { $name } { $kind } { $number }  { $created }  { $sender } FILE
inbox-status = STATUS
inbox-dossier = DOSSIER
inbox-name = NAME
inbox-kind = KIND
inbox-number = NO
inbox-created = CREATED
inbox-sender = SENDER
sender-untrusted = { $name } (untrusted)
sender-unknown = { $key } (unknown)
handled-integrated = integrated  { $file } → dossier { $dossier } ({ $counts }{ $conflicts })
handled-conflicts = , { $count ->
        [one] { $count } conflict: both versions kept
       *[other] { $count } conflicts: both versions kept
    }
handled-would-integrate = would integrate  { $file } ({ $counts }, { $conflicts ->
        [one] { $conflicts } conflict
       *[other] { $conflicts } conflicts
    })
handled-recorded = recorded  { $file }
handled-already = already integrated  { $file } (kept with the received archives)
handled-left = left in the inbox  { $file }: { $status }
handled-left-why = left in the inbox  { $file }: { $status } — { $reason }
watch-failed = { $error } (the watch goes on)
watch-polling = { $why }: sacoche now looks at the folders every { $seconds } s
watch-polling-unavailable = the system's file notifications do not work for these folders
watch-polling-failed = the system's file notifications lost track
watch-polling-stopped = the system's file notifications stopped
hint-watch-limit = the system already watches too many folders; on Linux, raise fs.inotify.max_user_watches (sysctl)
hint-watch-folder-gone = the folder { $folder } is not there any more: plug the stick back in or create it again
watch-gone = gone                { $file }
watch-from-mail = from mail          { $file }
watch-bad-attachment = bad attachment     { $name }: { $why }
imported-duplicate = already in the inbox: { $name }
imported-invalid = not copied: { $name }: { $why }
imported = { $messages ->
        [one] { $messages } message read
       *[other] { $messages } messages read
    }: { $added ->
        [one] { $added } archive added to the inbox
       *[other] { $added } archives added to the inbox
    }, { $duplicates } already there, { $invalid } invalid.
log-seen = seen
log-integrated = integrated
log-recorded = recorded
log-deleted = deleted
log-restored = restored
log-refused = refused
log-blocked = blocked
log-other = other
trash-item = { $id }  { $path }  ({ $reason }, { $when })
trash-reason-integration = replaced or removed by { $archive }
trash-reason-extraction = replaced by an extraction into { $into }
trash-reason-resolved = the version not kept by sacoche resolve
trash-reason-inbox-delete = deleted from the inbox
trust-all-dossiers = all dossiers
trusted-key = { $fingerprint }  { $name }  ({ $scope })
key-name = Name:        { $name }
key-fingerprint = Fingerprint: { $fingerprint }
progress-checking = checking
progress-packing = packing
progress-signature = checking the signature
progress-files = checking the files
progress-left = { $minutes ->
    [0] { $seconds } s left
   *[other] { $minutes } min { $seconds } s left
}
error-destination-blocked = cannot write { $path }: it { $what }
blocker-link = is a link
blocker-folder = is a folder
blocker-not-plain-file = is not a plain file
blocker-file-for-folder = is a file where a folder is needed
hint-destination-blocked = move it away and extract again

## Keys, trust, init, watch, mail.

key-created = Key created. Send the line above to your correspondents; they confirm it with the fingerprint.
trusted-all = Trusted { $name } (key { $fingerprint }) for every dossier.
trusted-for = Trusted { $name } (key { $fingerprint }) for { $count ->
        [one] dossier { $dossiers }
       *[other] dossiers { $dossiers }
    }.
trust-none = No trusted keys yet. Add one with: sacoche trust add KEY --name NAME
trust-removed = No longer trusted: { $name } (key { $fingerprint })
init-done = { $path } is now dossier { $id } ({ $name }). Pack it with: sacoche pack { $quoted }
watching = Watching { $folders } (Ctrl-C to stop)…
trash-empty = The trash is empty.
mail-sent = Sent { $archive } to { $to } through { $host }.
mail-ready = Message ready for { $to }: open it and press Send (it opens as a draft in Outlook).
user-path-windows-only = error: user-path is for Windows' installer only
error-message-exists = { $path } already exists; nothing was overwritten
hint-message-exists = send that one, or move it away, or choose another name with --out

## Sizes (decimal units: 1 MB = 1,000,000 bytes).

size-bytes = { $n ->
        [one] { $n } byte
       *[other] { $n } bytes
    }
size-kilo = { $n } kB
size-mega = { $n } MB
size-giga = { $n } GB
size-tera = { $n } TB
log-outcome-integrated = integrated
log-outcome-conflicts = integrated, both versions of some files kept
log-outcome-receipt = receipt recorded
log-outcome-already = already integrated; kept with the received archives

## A double-click in Windows' Explorer.

double-click-help =
    sacoche carries your accounting dossier between the farm and the accountant,
    on a USB stick or as an email attachment.

    It is used from the Command Prompt (Windows + R, cmd, Enter):

      sacoche key new --name "GAEC LE GUYON"                your key, once
      sacoche init "D:\GAEC LE GUYON" --dossier 8502182 --name "GAEC LE GUYON"
      sacoche pack "D:\GAEC LE GUYON" --out E:\            send: onto the stick E:
      sacoche apply E:\8502182-20201027171147.sacoche "D:\GAEC LE GUYON"   receive
      sacoche status "D:\GAEC LE GUYON"                     where the exchanges stand

    Double-click a .sacoche archive to see what it holds.
    The instructions: LISEZ-MOI.txt, in sacoche's folder.
double-click-page =
    sacoche carries your accounting dossier between the farm and the accountant,
    on a USB stick or attached to an e-mail.

    The sacoche page opens in your browser. Keep this window open while you use it.
ui-enter-to-stop = Press Enter to stop sacoche and close this window.
double-click-apply =
    To integrate this archive into your dossier, in the Command Prompt:
      sacoche apply { $archive } "D:\DOSSIER"
    (first with --dry-run to see what will change).
double-click-wait = Press Enter to close this window.
error-no-such-folder = the folder { $path } does not exist
hint-no-such-folder = check the path; to create it, add --create: sacoche init { $quoted } --create …
trust-already-everywhere = { $name } (key { $fingerprint }) is already trusted for every dossier; nothing was changed (to trust it for some only: sacoche trust remove { $fingerprint }, then trust add with --dossier)
trust-unchanged = Nothing changed: { $now }
error-would-widen-trust = { $name } is trusted only for { $count ->
        [one] dossier { $dossiers }
       *[other] dossiers { $dossiers }
    }; nothing was changed
hint-would-widen-trust = give the dossier with --dossier, or, to trust this key for every dossier, add --all-dossiers
status-copy = copy
reason-copy-of = the same archive as { $file }: integrated once, with it
handled-refused-before = left in the inbox  { $file }: invalid, refused before (delete it with sacoche inbox delete, or ask for it again) — { $reason }
fiscal-year-moved = { $path } is now on fiscal period { $period } (it was { $old }); archives for { $old } are refused unless applied with --accept-fiscal-year.
fiscal-year-set = { $path } is now on fiscal period { $period }.
fiscal-year-same = { $path } already is on fiscal period { $period }; nothing was changed.
conflict-by-you = you
conflict-by-unknown = another copy of the dossier

## Why a name cannot travel (to Windows, macOS or a FAT32 stick).
name-problem-empty = empty name
name-problem-absolute = absolute path
name-problem-drive-letter = drive letter
name-problem-backslash = backslash (Windows or network path)
name-problem-dot-segment = '.' or '..' component
name-problem-empty-segment = empty component ('//' or trailing '/')
name-problem-control-character = control character
name-problem-forbidden-character = character '{ $character }' is not allowed on Windows
name-problem-look-alike-separator = character that looks like '/', '\' or '..'
name-problem-trailing-dot-or-space = ends with a dot or a space
name-problem-reserved = '{ $name }' is a reserved name on Windows
name-problem-too-long = name too long
name-problem-metadata-folder = inside the .sacoche metadata folder
name-problem-not-unicode = not valid Unicode
name-problem-same-name-as = same name as '{ $other }' on Windows
name-problem-folder-named-like-file = its folder has the same name as the file '{ $other }' on Windows
name-problem-too-long-for-windows = { $count } characters: Windows opens paths of at most 260, with the folder it is in
name-problem-invisible-character = an invisible character ({ $code }) that hides or reorders the name
name-problem-short-name-alias = shaped like a Windows short name (FACTUR~1.PDF), which can be another file's second name

## The page (sacoche ui)

error-cannot-listen = the page cannot listen on port { $port } of this computer
hint-cannot-listen = another program may be using it: start again without --port, sacoche will pick a free one
error-page-stopping = sacoche is stopping: the request was not carried out
error-not-an-archive-file = { $path } is not a sacoche archive
hint-not-an-archive-file = give the full path of a file ending in .sacoche (on the USB stick, in the downloads…)
error-already-in-inbox = an archive of that name is in the inbox already: { $path }
hint-already-in-inbox = it was kept as it is; process or delete it in the list
error-upload-broken = sending the archive to { $path } stopped before its end; nothing was added
hint-upload-broken = choose the file again and start over
error-no-dossier-chosen = no dossier was chosen
hint-no-dossier-chosen = tick a dossier or give its path
error-no-destination = no destination was chosen
hint-no-destination = tick the USB stick or give the folder to write the archive to
ui-serving = The sacoche page is open in your browser; it stays available while this program runs ("Quit" button to stop it).
ui-serving-here = Open the address above in this computer's browser; the page stays available while this program runs.
ui-open-yourself = The browser could not be opened: open the address above yourself.
ui-stopped = The sacoche page is stopped.
ui-tabs = Sections
ui-tab-home = Home
ui-tab-send = Send
ui-tab-receive = Receive
ui-tab-history = History
ui-tab-trash = Trash
ui-tab-contacts = Correspondents
ui-quit = Quit
ui-quit-title = sacoche has stopped
ui-quit-text = You can close this page. To come back, open sacoche from its icon.
ui-back-home = Back to home
ui-back-receive = Back to receiving
ui-back-trash = Back to the trash
ui-back-contacts = Back to correspondents
ui-error-title = That could not be done
ui-busy = Working… please wait, this can take a while.
ui-busy-packing = Making the archive… please wait, this can take a while.
ui-cancel = Cancel
ui-finish = Finish
ui-refused-title = Access refused
ui-refused-host = This page is only served to this computer, under its own name.
ui-refused-no-session = Open sacoche from its icon: this page only opens through the link sacoche gives when it starts.
ui-refused-used-link = This link has been used already. Open sacoche again from its icon.
ui-refused-origin = This request does not come from the sacoche page: nothing was done.
ui-refused-csrf = This request does not come from the sacoche page (token missing or wrong): nothing was done.
ui-refused-too-big = This form is too big: nothing was done.
ui-refused-method = This request is not supported.
ui-col-file = File name
ui-col-dossier = Dossier
ui-col-created = Created
ui-col-kind = Content
ui-col-sender = Sender
ui-col-status = Status
ui-col-process = Process
ui-col-delete = Delete
ui-col-when = Date
ui-col-action = Action
ui-col-outcome = Outcome
ui-col-why = Why
ui-col-restore = Restore
ui-col-name = Name
ui-col-fingerprint = Fingerprint
ui-col-dossiers = Dossiers
ui-col-added = Added
ui-col-remove = Remove
ui-home-title = Home
ui-home-inbox = { $count ->
    [0] No archive in the inbox.
    [one] 1 archive in the inbox, { $ready } of them ready to integrate.
   *[other] { $count } archives in the inbox, { $ready } of them ready to integrate.
}
ui-home-blocked = { $count ->
    [one] 1 archive waits for another archive before it can be integrated.
   *[other] { $count } archives wait for another archive before they can be integrated.
}
ui-home-dossiers = My dossiers
ui-home-no-dossier = No dossier yet: send a dossier a first time, or receive one.
ui-home-fiscal-year = Fiscal year: { $period }
ui-home-last-sent = Last sent: { $file }, on { $when }
ui-home-never-sent = Never sent.
ui-home-last-received = Last received: from { $sender }, on { $when }
ui-home-never-received = Nothing received yet.
ui-home-changes = { $count ->
    [0] No change waiting to be sent.
    [one] 1 file modified or added, waiting to be sent.
   *[other] { $count } files modified or added, waiting to be sent.
}
ui-home-conflicts = { $count ->
    [one] 1 conflict copy to look at:
   *[other] { $count } conflict copies to look at:
}
ui-send-title = Send
ui-send-dossier = The dossier to send
ui-send-other-dossier = Or another dossier (its path)
ui-send-content = What to send
ui-send-changes = The documents modified or added
ui-send-full = All the documents
ui-send-destination = Where to write it
ui-send-drive = On the stick or drive { $drive }
ui-send-folder = Or in this folder (its path)
ui-send-mail-to = And make it a mail ready to send, to this address (optional)
ui-send-about = The exchange
ui-send-purpose = Purpose of the exchange
ui-send-comment = Comment
ui-sent-title = Sent
ui-sent-parts = The archive is in { $count } parts, one per mail.
ui-sent-archive = { $file }, { $size }, written to { $folder }.
ui-sent-mail = Mail ready to send: { $path }
ui-sent-remove-stick = You can remove the stick.
ui-receive-title = Receive
ui-receive-empty = The inbox is empty. Archives that arrive in it show here by themselves.
ui-receive-caption = Archives to integrate: tick Process or Delete, then Next.
ui-receive-next = Next: see the content
ui-process-this = Process { $file }
ui-delete-this = Delete { $file }
ui-drop-title = Add an archive
ui-drop-label = The archive's path (on the USB stick, in the downloads…)
ui-drop-button = Put it in the inbox
ui-dropped = The archive is in the inbox: { $path }
ui-upload-label = The archive received (on the USB stick, in the downloads…)
ui-upload-button = Send this file to the inbox
ui-drop-or = Or give its path on this computer:
ui-preview-title = Before integrating
ui-preview-purpose = Purpose of the exchange: { $purpose }
ui-preview-comment = Comment: { $comment }
ui-preview-nothing = Nothing was ticked.
ui-preview-deleted = { $count ->
    [one] 1 archive will go to the trash:
   *[other] { $count } archives will go to the trash:
}
ui-confirm-legend = To confirm
ui-confirm-label = I have read the above and want to integrate anyway
ui-done-title = Outcome
ui-deleted-to-trash = { $path } is in the trash ({ $id }).
ui-history-title = History
ui-history-empty = Nothing has arrived in the inbox yet.
ui-trash-title = Trash
ui-trash-inbox = Archives deleted from the inbox
ui-trash-dossier = Files replaced or deleted in { $folder }
ui-trash-restore = Restore
ui-trash-restore-this = Restore { $path }
ui-trash-restore-archive = Restore everything the archive { $archive } replaced
ui-restored-title = Restored
ui-restored = { $path } is back in its place.
ui-contacts-title = Correspondents
ui-contacts-mine = My key
ui-contacts-fingerprint = Fingerprint to read over the phone: { $fingerprint }
ui-contacts-no-key = You have no key yet: create it to be able to send.
ui-contacts-own-name = Your name, as your correspondents will see it
ui-contacts-create-key = Create my key
ui-contacts-key-created = Your key is created.
ui-contacts-trusted = The keys I trust
ui-contacts-all-dossiers = every dossier
ui-contacts-remove = Remove
ui-contacts-remove-this = Stop trusting { $name }
ui-contacts-removed = This key is not trusted any more.
ui-contacts-add = Add a correspondent
ui-contacts-name = Their name
ui-contacts-key = Their key (the line starting with sacochepk)
ui-contacts-dossiers = For these dossiers only (numbers separated by commas; empty: all)
ui-contacts-next = Next: check the fingerprint
ui-contacts-check-title = Check the fingerprint
ui-contacts-check = Call { $name } and read this fingerprint to them: it must be the same as theirs.
ui-contacts-checked = We compared the fingerprint over the phone: it is the same
ui-contacts-trust = Trust this key
ui-contacts-added = The correspondent is added.
error-no-choice = no choice was made for this conflict
ui-conflict-title = Conflict settled
ui-conflict-here = Under its name: { $path }, modified on { $when }
ui-conflict-copy = The conflict copy: { $path }, modified on { $when }
ui-conflict-mine = Keep mine
ui-conflict-theirs = Take theirs
ui-conflict-both = Keep both
ui-job-gone-title = Work not found
ui-job-gone = This work does not exist any more: sacoche may have been started again since.
ui-progress = Progress
ui-progress-bytes = { $done } of { $total }
ui-send-smtp = Send it right away through the mail server of config.toml
ui-sent-mailed = Mail sent to { $to }.
ui-working-title = Working
ui-restored-beside = { $path } is back beside the current version, named { $name }.
ui-restored-suffix = restored

## The FEC ledger (fec check, fec diff)

fec-ledger = General ledger
fec-ledger-of = General ledger { $year }
fec-check-valid = { $file }: { $title } valid — { $entries } { $entries ->
        [one] entry
       *[other] entries
    } on { $lines } { $lines ->
        [one] line
       *[other] lines
    }
fec-check-defects = { $file }: { $count } { $count ->
        [one] defect
       *[other] defects
    } in the ledger ({ $entries } { $entries ->
        [one] entry
       *[other] entries
    } on { $lines } { $lines ->
        [one] line
       *[other] lines
    })
fec-check-more = … and { $count } more
hint-fec-no-year = fiscal year unknown: dates were not compared with the fiscal year (give --fiscal-year START..END, or a file named <SIREN>FEC<closing date>)
fec-defect-field-count = line { $line }: { $found } fields instead of { $expected }
fec-defect-missing = line { $line }: the field { $column } is empty
fec-defect-bad-amount = line { $line }: { $column } "{ $value }" is not an amount (for example 1234,50)
fec-defect-debit-and-credit = line { $line }: both a debit and a credit on the same line
fec-defect-no-amount = line { $line }: neither a debit nor a credit
fec-defect-bad-sens = line { $line }: the Sens must be D (debit) or C (credit)
fec-defect-bad-account = line { $line }: the account number "{ $account }" does not start with three digits
fec-defect-bad-date = line { $line }: { $column } "{ $value }" is not a date YYYYMMDD
fec-defect-outside-year = line { $line }: entry dated { $date }, outside the fiscal year
fec-defect-unbalanced = line { $line }: the entry { $entry } does not balance (debit { $debit }, credit { $credit })
fec-header-empty = the file is empty
fec-header-no-separator = its first line has neither tabs nor "|" between the field names
fec-header-missing = fields are missing from its first line: { $columns }
fec-header-twice = the field { $column } is named twice in its first line
error-not-a-ledger = { $path } is not a FEC ledger (fichier des écritures comptables): { $why }
hint-not-a-ledger = give the FEC file the accounting software exported (<SIREN>FEC<closing date>.txt)
fec-entry = { $entry } of { $date }, "{ $label }", €{ $amount }
fec-diff = { $title } ({ $file }): { $what }, { $balance }
fec-diff-counts = { $added } { $added ->
        [one] entry added
       *[other] entries added
    }, { $modified } modified, { $deleted } deleted
fec-diff-nothing = no entry changed
fec-diff-balanced = still balanced
fec-diff-unbalanced = { $count } { $count ->
        [one] entry out of balance
       *[other] entries out of balance
    }
fec-diff-renumbered = { $count } { $count ->
        [one] entry renumbered, nothing else changed (not a modification)
       *[other] entries renumbered, nothing else changed (not modifications)
    }
fec-diff-modified = { $old } → { $new }
hint-fec-diff-verbose = each entry in detail: sacoche fec diff --verbose
error-invalid-ledger = nothing was packed (--strict): the ledger { $path } has defects
hint-invalid-ledger = see them with: sacoche fec check "{ $path }"; correct them in the accounting software and export the FEC again
pack-ledger-valid = { $path }: ledger checked, { $entries } { $entries ->
        [one] entry
       *[other] entries
    }, all balanced
pack-ledger-defects = warning: the ledger { $path } has { $count } { $count ->
        [one] defect
       *[other] defects
    }; it is sent anyway (with --strict it would not be)
pack-ledger-not-a-ledger = warning: { $path } is named as a FEC ledger but is not one: { $why }
hint-pack-ledger = in detail: sacoche fec check "{ $path }"
pack-ledger-delta = { $path }: sent as écritures, { $size } instead of the whole ledger ({ $whole })
