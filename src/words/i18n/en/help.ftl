# The texts of `sacoche --help`, in English: the doc comments of src/main.rs word for word
# (as clap shows them: without their final full stop), and clap's own words. Every id is
# also in ../fr/help.ftl (a test checks it). The ids come from the command tree:
# `help-<command path>` is a command's about (`help-inbox-process`), `help-<command
# path>-<argument id>` an argument's help (`help-pack-fiscal-year`), one more `-<value>`
# the help of a value (`help-resolve-keep-mine`); the top command is `help-sacoche`.
# See src/words/help.rs.

## clap's own words.

help-usage = Usage:
help-commands = Commands:
help-arguments = Arguments:
help-options = Options:
help-print-help = Print help
help-print-help-more = Print help (see more with '--help')
help-print-help-summary = Print help (see a summary with '-h')
help-print-version = Print version
help-help = Print this message or the help of the given subcommand(s)
# `[default: .]`, `[possible values: fr, en]`: the words before the values.
help-default = default:
help-possible-values = possible values:
# Above the list of values, each with its help (`resolve --help`).
help-possible-values-list = Possible values:

## sacoche

help-sacoche = Carries accounting dossiers between a farm and its accountant, on a USB stick or by email, as signed exchange archives (<dossier>-<YYYYMMDDHHMMSS>.sacoche)
help-sacoche-after-help =
    Exit codes:
      0  success
      1  operational error (a file that can't be read, a full disk, a missing key…)
      2  usage error (bad arguments)
      3  an archive was rejected (bad signature, untrusted signer, corrupt or hostile content)

    Environment:
      SACOCHE_HOME  folder for all of sacoche's own files (keys, trust, trash…)
help-sacoche-lang = The language: fr (français) or en (English); else SACOCHE_LANG, else the system's

## sacoche key

help-key = Your signing key: create it, show it to your correspondents
help-key-new = Create your signing key (once)
help-key-new-name = Your name as your correspondents know it: "GAEC LE GUYON", "Cabinet Dupont"
help-key-show = Print your public key (one line to send) and its fingerprint (to read over the phone)
help-key-show-json = One JSON object (see schemas/)

## sacoche trust

help-trust = The keys you trust to send you archives
help-trust-add = Trust a correspondent's public key (the line printed by their `sacoche key show`)
help-trust-add-key = The public key, `sacochepk…`
help-trust-add-name = Who it is: "Cabinet Dupont"
help-trust-add-dossiers = Trust it only for this dossier (repeatable). Without it: every dossier, for a key not trusted yet
help-trust-add-all-dossiers = Trust a key already trusted for some dossiers for every dossier
help-trust-list = List trusted keys
help-trust-list-json = One JSON object per line (see schemas/)
help-trust-remove = Stop trusting a key (give the key, its fingerprint, or the name)
help-trust-remove-key = Public key, fingerprint (XXXX-XXXX-XXXX-XXXX) or name

## sacoche init

help-fec = The FEC ledger, in écritures: check it, compare two versions
help-fec-check = Check FEC ledgers: each écriture balanced, one of debit or credit per line, account numbers, dates in the fiscal year, required fields. Exit 1 if any is wrong
help-fec-check-files = The ledgers
help-fec-check-fiscal-year = The fiscal period, e.g. 2020-01-01..2020-12-31 (default: from the file's name, <SIREN>FEC<closing date>)
help-fec-check-json = One JSON object per line (see schemas/)
help-fec-diff = The écritures added, modified and deleted from one version of a ledger to another (a renumbered écriture is not a change)
help-fec-diff-old = The older version
help-fec-diff-new = The newer version
help-fec-diff-verbose = Also list each écriture (journal, number, date, label, amount)
help-fec-diff-json = One JSON object (see schemas/)
help-init = Record a folder's dossier identity (number, name, fiscal year), once
help-init-dir = The dossier folder
help-init-create = Create the folder if it does not exist (else a mistyped path is refused)
help-init-dossier = The dossier number, e.g. 8502182
help-init-name = The dossier holder's name, e.g. "GAEC LE GUYON"
help-init-fiscal-year = The fiscal period, e.g. 2020-01-01..2020-12-31

## sacoche pack

help-pack = Pack a dossier folder into a signed archive (changes since the last exchange, or the whole dossier); prints the archive's path
help-pack-dir = The dossier folder
help-pack-dossier = The dossier number, e.g. 8502182 (default: recorded by `sacoche init`)
help-pack-name = The dossier holder's name, e.g. "GAEC LE GUYON"
help-pack-strict = Refuse to pack when a FEC ledger it would carry has defects (see `fec check`)
help-pack-full = Pack the whole dossier, even when only changes could be sent
help-pack-reset = With --full: ask the receiver to make its copy exactly this one (its local changes go to its trash; it confirms first)
help-pack-changes = Pack only what the correspondents have not acknowledged; refuse if they never acknowledged anything
help-pack-to = For this correspondent only (by name): what they acknowledged decides what travels (default: every correspondent of the dossier)
help-pack-out = Where to write the archive (default: the current folder)
help-pack-fiscal-year = The fiscal period, e.g. 2020-01-01..2020-12-31
help-pack-purpose = Why you send it, e.g. "Envoi pour révision"
help-pack-comment = A comment for the receiver
help-pack-max-size = Split into several archives of at most SIZE (e.g. 15M), each valid on its own and integrated in order by the receiver (for mail). With --mail-to: the mail limit
help-pack-mail-to = Also put the archive in a ready-to-send email to this address (see `sacoche mail`)
help-pack-from = With --mail-to: the sender's address
help-pack-smtp = With --mail-to: send it now over SMTP
help-pack-json = One JSON object (see schemas/)

## sacoche apply

help-apply = Integrate an archive into a dossier folder: preview, then apply safely. For an archive split in parts, give every part, then the folder
help-apply-archives = The archive (or all the parts of a split archive)
help-apply-dir = The dossier folder (a new or empty folder for a first full archive)
help-apply-dry-run = Show what would change, change nothing
help-apply-confirm = Go ahead with what the preview asks to confirm (a reset, an archive of another history of the dossier, deleting most of the dossier)
help-apply-accept-fiscal-year = Accept an archive for another fiscal period than the dossier's
help-apply-receipt-to = Write the receipt into this folder (default: next to the archive)
help-apply-no-receipt = Write no receipt
help-apply-json = JSON lines (see schemas/)

## sacoche resolve

help-resolve = Choose between the two versions of a file changed on both sides (the file, or its conflict copy): the other version goes to the trash
help-resolve-dir = The dossier folder
help-resolve-file = The file or its conflict copy, relative to the folder
help-resolve-keep = Which version to keep: mine, theirs, or both (as two ordinary files)
help-resolve-keep-mine = The version made in this dossier
help-resolve-keep-theirs = The other side's version
help-resolve-keep-both = Both, as two ordinary files

## sacoche status

help-status = A dossier's identity, state, exchange history and local changes
help-status-dir = The dossier folder
help-status-verbose = Also the ids (state, replica), the whole history and every local change
help-status-json = One JSON object (see schemas/)

## sacoche verify

help-verify = Check archives completely: signature, signer, every file. Exit 3 if any is rejected
help-verify-archives = The archives to check
help-verify-json = One JSON object per line (see schemas/)

## sacoche user-path (hidden: for the Windows installer)

help-user-path = Windows installer: add (or remove) sacoche's folder in the user's PATH
help-user-path-dir = The folder
help-user-path-remove = Remove it (uninstall) instead of adding it

## sacoche show

help-show = Show what an archive holds, to decide whether to integrate it
help-show-archive = The archive
help-show-json = One JSON object (see schemas/)
# Hidden: what a double-click on an archive runs.
help-show-wait = Then say how to integrate it, and wait for Enter (a double-click on an archive in Windows' Explorer runs this, in a window of its own)

## sacoche extract

help-extract = Verify an archive, then write its files into a folder
help-extract-archive = The archive
help-extract-to = The destination folder (created if needed)
help-extract-force = Replace existing files (the old ones go to the trash)
help-extract-json = One JSON object (see schemas/)

## sacoche trash

help-trash = Files sacoche replaced or removed: list them, put them back
help-trash-list = List what is in the trash
help-trash-list-dossier = The trash of this dossier folder (files replaced or removed by `apply`)
help-trash-list-json = One JSON object per line (see schemas/)
help-trash-restore = Put an item back where it was (never over an existing file)
help-trash-restore-id = The item's id, from `sacoche trash list`
help-trash-restore-dossier = The trash of this dossier folder
help-trash-restore-to = Restore to this path instead

## sacoche inbox

help-inbox = The archives waiting in the inbox folders, with their status; process or delete them
help-inbox-inboxes = An inbox folder (repeatable); default: `inboxes` in config.toml
help-inbox-dossiers = The folder of the dossiers (one sub-folder per number); default: config.toml
help-inbox-json = One JSON object per line (see schemas/)
help-inbox-import-mail = Copy the .sacoche attachments of received mail (.eml files, mbox files, Maildirs) into the inbox, each archive once
help-inbox-import-mail-paths = .eml files, mbox files or Maildir folders
help-inbox-process = Integrate archives into their dossiers, in order (by dossier, then number)
help-inbox-process-files = The archives to process
help-inbox-process-all = Every archive in the inbox
help-inbox-process-dry-run = Show what would happen; change nothing
help-inbox-process-confirm = Also integrate the archives waiting for a confirmation (a reset, another history, deleting most of a dossier): check them first with --dry-run
help-inbox-delete = Move archives from the inbox to the trash (restore them with `inbox restore`)
help-inbox-delete-files = The archives to delete
help-inbox-restore = Put a deleted archive back into its inbox
help-inbox-restore-id = The id printed by `inbox delete` (or `sacoche trash list`)

## sacoche watch

help-watch = Watch the inbox folders and report every change of status as it happens
help-watch-inboxes = An inbox folder (repeatable); default: `inboxes` in config.toml
help-watch-dossiers = The folder of the dossiers (one sub-folder per number); default: config.toml
help-watch-poll = Poll every SECS seconds instead of relying on file-system events (network shares, USB sticks)
help-watch-process = Integrate ready archives from trusted senders automatically
help-watch-maildir = Also watch this Maildir (repeatable): archives attached to new mail are copied into the (first) inbox
help-watch-settle = Seconds a file's size and time must stay unchanged before it is judged
help-watch-json = One JSON object per line (see schemas/)

## sacoche mail

help-mail = Put an archive in a ready-to-send email (.eml, opens as a draft in Outlook), or send it over SMTP ([smtp] in config.toml)
help-mail-archive = The archive
help-mail-to = The recipient's address
help-mail-from = The sender's address (default: [mail] from in config.toml)
help-mail-smtp = Send it now through the SMTP server in config.toml (password in SACOCHE_SMTP_PASSWORD)
help-mail-out = Where to write the message (default: next to the archive, NAME.eml)

## sacoche log

help-ui = The page: send, receive, history, trash and correspondents in the web browser
help-ui-inboxes = An inbox folder (repeatable); default: `inboxes` in config.toml
help-ui-dossiers = The folder of the dossiers (one sub-folder per number); default: config.toml
help-ui-no-open = Do not open the browser: print the page's address (with its one-time key) on the first line, and serve until stopped
help-ui-port = The port to listen on (on this computer only); default: any free port
help-log = The audit log of inbox actions (seen, integrated, deleted, restored, refused, conflict)
help-log-dossier = Only this dossier
help-log-json = One JSON object per line (see schemas/)

## sacoche completions, sacoche man

help-completions = Shell completions, to install: sacoche completions bash > /etc/bash_completion.d/sacoche
help-completions-shell = The shell
help-man = The manual page (roff), in the chosen language: sacoche man > sacoche.1

## sacoche dossier

help-dossier = Change what a dossier folder records about itself
help-dossier-set = Move the dossier to another fiscal year (the yearly rollover)
help-dossier-set-dir = The dossier folder
help-dossier-set-fiscal-year = The new fiscal period, e.g. 2021-01-01..2021-12-31

## The placeholders of values in usage lines and options (`<DIR>`): clap's, word for word.
help-value-address = ADDRESS
help-value-archive = ARCHIVE
help-value-archives = ARCHIVES
help-value-command = COMMAND
help-value-comment = COMMENT
help-value-dir = DIR
help-value-dossier = DOSSIER
help-value-file = FILE
help-value-file-eml = FILE.eml
help-value-files = FILES
help-value-id = ID
help-value-keep = KEEP
help-value-key = KEY
help-value-lang = LANG
help-value-name = NAME
help-value-paths = PATHS
help-value-port = PORT
help-value-purpose = PURPOSE
help-value-secs = SECS
help-value-shell = SHELL
help-value-size = SIZE
help-value-old = OLD
help-value-new = NEW
help-value-start-end = START..END
help-value-to = TO
