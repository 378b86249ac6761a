# Les textes de « sacoche --help », en français. Chaque id est aussi dans ../en/help.ftl
# (un test le vérifie), où l’anglais reprend mot pour mot les commentaires de src/main.rs.
# Les ids suivent l’arbre des commandes : « help-<commande> » présente une commande
# (« help-inbox-process »), « help-<commande>-<argument> » un argument
# (« help-pack-fiscal-year »), un « -<valeur> » de plus une valeur
# (« help-resolve-keep-mine ») ; la commande elle-même est « help-sacoche ». Comme clap,
# pas de point final. Les noms d’options, de valeurs (mine, theirs, both) et les
# SIZE, SECS… des lignes d’utilisation restent tels que la commande les attend.
# Les espaces avant « : » et « ; » et à l’intérieur des guillemets sont insécables
# (U+00A0) : clap coupe les lignes trop longues aux espaces ordinaires.
# Voir src/words/help.rs.

## Les mots de clap lui-même.

help-usage = Utilisation :
help-commands = Commandes :
help-arguments = Arguments :
help-options = Options :
help-print-help = Afficher l’aide
help-print-help-more = Afficher l’aide (plus de détails avec « --help »)
help-print-help-summary = Afficher l’aide (un résumé avec « -h »)
help-print-version = Afficher la version
help-help = Afficher ce message, ou l’aide de la commande indiquée
# « [par défaut : .] », « [valeurs possibles : fr, en] » : les mots avant les valeurs.
help-default = par défaut :
help-possible-values = valeurs possibles :
# Au-dessus de la liste des valeurs, chacune avec son aide (« resolve --help »).
help-possible-values-list = Valeurs possibles :

## sacoche

help-sacoche = Transporte les dossiers comptables entre une exploitation agricole et son cabinet comptable, sur une clé USB ou par courriel, dans des archives d’échange signées (<dossier>-<AAAAMMJJHHMMSS>.sacoche)
help-sacoche-after-help =
    Codes de sortie :
      0  réussite
      1  erreur d’exécution (un fichier illisible, un disque plein, une clé manquante…)
      2  erreur d’utilisation (arguments incorrects)
      3  archive refusée (mauvaise signature, signataire sans confiance, contenu abîmé ou hostile)

    Environnement :
      SACOCHE_HOME  le dossier de tous les fichiers de sacoche (clés, confiance, corbeille…)
help-sacoche-lang = La langue : fr (français) ou en (English) ; sinon SACOCHE_LANG, sinon celle du système

## sacoche key

help-key = Votre clé de signature : la créer, la montrer à vos correspondants
help-key-new = Créer votre clé de signature (une seule fois)
help-key-new-name = Votre nom tel que vos correspondants le connaissent : « GAEC LE GUYON », « Cabinet Dupont »
help-key-show = Afficher votre clé publique (une ligne à envoyer) et son empreinte (à lire au téléphone)
help-key-show-json = Un objet JSON (voir schemas/)

## sacoche trust

help-trust = Les clés auxquelles vous faites confiance pour vous envoyer des archives
help-trust-add = Faire confiance à la clé publique d’un correspondant (la ligne qu’affiche sa commande « sacoche key show »)
help-trust-add-key = La clé publique, « sacochepk… »
help-trust-add-name = Qui c’est : « Cabinet Dupont »
help-trust-add-dossiers = Ne lui faire confiance que pour ce dossier (répétable). Sans cette option : pour tous les dossiers, s’il s’agit d’une clé qui n’a pas encore votre confiance
help-trust-add-all-dossiers = Faire confiance pour tous les dossiers à une clé qui a déjà votre confiance pour certains
help-trust-list = Lister les clés de confiance
help-trust-list-json = Un objet JSON par ligne (voir schemas/)
help-trust-remove = Ne plus faire confiance à une clé (donnez la clé, son empreinte ou le nom)
help-trust-remove-key = Clé publique, empreinte (XXXX-XXXX-XXXX-XXXX) ou nom

## sacoche init

help-fec = Le grand livre (FEC), en écritures : le vérifier, comparer deux versions
help-fec-check = Vérifier des fichiers FEC : chaque écriture équilibrée, un débit ou un crédit par ligne, les numéros de compte, les dates dans l’exercice, les champs obligatoires. Code de sortie 1 si l’un d’eux a une anomalie
help-fec-check-files = Les fichiers FEC
help-fec-check-fiscal-year = L’exercice, par exemple 2020-01-01..2020-12-31 (par défaut : d’après le nom du fichier, <SIREN>FEC<date de clôture>)
help-fec-check-json = Un objet JSON par ligne (voir schemas/)
help-fec-diff = Les écritures ajoutées, modifiées et supprimées d’une version d’un grand livre à une autre (une écriture renumérotée n’est pas un changement)
help-fec-diff-old = L’ancienne version
help-fec-diff-new = La nouvelle version
help-fec-diff-verbose = Lister aussi chaque écriture (journal, numéro, date, libellé, montant)
help-fec-diff-json = Un objet JSON (voir schemas/)
help-init = Donner une fois pour toutes à un dossier l’identité de son dossier comptable (numéro, nom, exercice)
help-init-dir = Le dossier du dossier comptable
help-init-create = Créer le dossier s’il n’existe pas (sinon un chemin mal tapé est refusé)
help-init-dossier = Le numéro du dossier, par exemple 8502182
help-init-name = Le nom du titulaire du dossier, par exemple « GAEC LE GUYON »
help-init-fiscal-year = L’exercice, par exemple 2020-01-01..2020-12-31

## sacoche pack

help-pack = Emballer un dossier dans une archive signée (ce qui a changé depuis le dernier échange, ou le dossier entier) ; affiche le chemin de l’archive
help-pack-dir = Le dossier du dossier comptable
help-pack-dossier = Le numéro du dossier, par exemple 8502182 (par défaut : celui enregistré par « sacoche init »)
help-pack-name = Le nom du titulaire du dossier, par exemple « GAEC LE GUYON »
help-pack-strict = Refuser d’emballer quand un grand livre (FEC) qui partirait a des anomalies (voir « fec check »)
help-pack-full = Emballer tout le dossier, même quand les seules modifications pourraient partir
help-pack-reset = Avec --full : demander au destinataire de rendre sa copie identique à celle-ci (ses modifications locales vont dans sa corbeille ; il confirme d’abord)
help-pack-changes = N’emballer que ce que les correspondants n’ont pas encore confirmé ; refuser s’ils n’ont jamais rien confirmé
help-pack-to = Pour ce correspondant seulement (par son nom) : ce qu’il a confirmé décide de ce qui part (par défaut : tous les correspondants du dossier)
help-pack-out = Où écrire l’archive (par défaut : le dossier courant)
help-pack-fiscal-year = L’exercice, par exemple 2020-01-01..2020-12-31
help-pack-purpose = Pourquoi vous l’envoyez, par exemple « Envoi pour révision »
help-pack-comment = Un commentaire pour le destinataire
help-pack-max-size = Découper en plusieurs archives d’au plus SIZE (par exemple 15M), chacune valable seule et intégrée dans l’ordre par le destinataire (pour le courriel). Avec --mail-to : la limite du courriel
help-pack-mail-to = Mettre aussi l’archive dans un courriel prêt à partir pour cette adresse (voir « sacoche mail »)
help-pack-from = Avec --mail-to : l’adresse de l’expéditeur
help-pack-smtp = Avec --mail-to : l’envoyer tout de suite par SMTP
help-pack-json = Un objet JSON (voir schemas/)

## sacoche apply

help-apply = Intégrer une archive dans un dossier : un aperçu, puis une intégration sans risque. Pour une archive découpée en parties, donnez toutes les parties, puis le dossier
help-apply-archives = L’archive (ou toutes les parties d’une archive découpée)
help-apply-dir = Le dossier du dossier comptable (un dossier nouveau ou vide pour une première archive complète)
help-apply-dry-run = Montrer ce qui changerait, sans rien changer
help-apply-confirm = Accepter ce que l’aperçu demande de confirmer (une réinitialisation, une archive d’un autre historique du dossier, la suppression de la plus grande partie du dossier)
help-apply-accept-fiscal-year = Accepter une archive d’un autre exercice que celui du dossier
help-apply-receipt-to = Écrire l’accusé de réception dans ce dossier (par défaut : à côté de l’archive)
help-apply-no-receipt = N’écrire aucun accusé de réception
help-apply-json = Des lignes JSON (voir schemas/)

## sacoche resolve

help-resolve = Choisir entre les deux versions d’un fichier modifié des deux côtés (le fichier, ou sa copie en conflit) : l’autre version va à la corbeille
help-resolve-dir = Le dossier du dossier comptable
help-resolve-file = Le fichier ou sa copie en conflit, en chemin relatif au dossier
help-resolve-keep = La version à garder : mine (la vôtre), theirs (celle de l’autre côté) ou both (les deux, en deux fichiers ordinaires)
help-resolve-keep-mine = La version faite dans ce dossier
help-resolve-keep-theirs = La version de l’autre côté
help-resolve-keep-both = Les deux, en deux fichiers ordinaires

## sacoche status

help-status = L’identité d’un dossier, son état, l’historique de ses échanges et ses modifications locales
help-status-dir = Le dossier du dossier comptable
help-status-verbose = Montrer aussi les identifiants (état, réplique), tout l’historique et chaque modification locale
help-status-json = Un objet JSON (voir schemas/)

## sacoche verify

help-verify = Vérifier des archives de bout en bout : signature, signataire, chaque fichier. Code de sortie 3 si l’une d’elles est refusée
help-verify-archives = Les archives à vérifier
help-verify-json = Un objet JSON par ligne (voir schemas/)

## sacoche user-path (cachée : pour l’installateur Windows)

help-user-path = Installateur Windows : ajouter (ou retirer) le dossier de sacoche dans le PATH de l’utilisateur
help-user-path-dir = Le dossier
help-user-path-remove = Le retirer (désinstallation) au lieu de l’ajouter

## sacoche show

help-show = Montrer ce que contient une archive, pour décider de l’intégrer ou non
help-show-archive = L’archive
help-show-json = Un objet JSON (voir schemas/)
# Cachée : ce que lance un double-clic sur une archive.
help-show-wait = Puis dire comment l’intégrer, et attendre la touche Entrée (c’est ce que lance un double-clic sur une archive dans l’Explorateur de Windows, dans une fenêtre à part)

## sacoche extract

help-extract = Vérifier une archive, puis écrire ses fichiers dans un dossier
help-extract-archive = L’archive
help-extract-to = Le dossier de destination (créé si besoin)
help-extract-force = Remplacer les fichiers existants (les anciens vont à la corbeille)
help-extract-json = Un objet JSON (voir schemas/)

## sacoche trash

help-trash = Les fichiers que sacoche a remplacés ou supprimés : les lister, les remettre en place
help-trash-list = Lister ce qui est dans la corbeille
help-trash-list-dossier = La corbeille de ce dossier (les fichiers remplacés ou supprimés par « apply »)
help-trash-list-json = Un objet JSON par ligne (voir schemas/)
help-trash-restore = Remettre un élément là où il était (jamais par-dessus un fichier existant)
help-trash-restore-id = L’identifiant de l’élément, donné par « sacoche trash list »
help-trash-restore-dossier = La corbeille de ce dossier
help-trash-restore-to = Le remettre plutôt à cet emplacement

## sacoche inbox

help-inbox = Les archives qui attendent dans les boîtes de réception, avec leur état ; les intégrer ou les supprimer
help-inbox-inboxes = Une boîte de réception (répétable) ; par défaut : « inboxes » dans config.toml
help-inbox-dossiers = Le dossier des dossiers comptables (un sous-dossier par numéro) ; par défaut : config.toml
help-inbox-json = Un objet JSON par ligne (voir schemas/)
help-inbox-import-mail = Copier dans la boîte de réception les pièces jointes .sacoche du courrier reçu (fichiers .eml, fichiers mbox, Maildir), chaque archive une seule fois
help-inbox-import-mail-paths = Des fichiers .eml, des fichiers mbox ou des dossiers Maildir
help-inbox-process = Intégrer des archives dans leurs dossiers, dans l’ordre (par dossier, puis par numéro)
help-inbox-process-files = Les archives à traiter
help-inbox-process-all = Toutes les archives de la boîte de réception
help-inbox-process-dry-run = Montrer ce qui se passerait, sans rien changer
help-inbox-process-confirm = Intégrer aussi les archives qui attendent une confirmation (une réinitialisation, un autre historique, la suppression de la plus grande partie d’un dossier) : vérifiez-les d’abord avec --dry-run
help-inbox-delete = Déplacer des archives de la boîte de réception vers la corbeille (pour les remettre : « inbox restore »)
help-inbox-delete-files = Les archives à supprimer
help-inbox-restore = Remettre une archive supprimée dans sa boîte de réception
help-inbox-restore-id = L’identifiant affiché par « inbox delete » (ou par « sacoche trash list »)

## sacoche watch

help-watch = Surveiller les boîtes de réception et signaler chaque changement d’état dès qu’il se produit
help-watch-inboxes = Une boîte de réception (répétable) ; par défaut : « inboxes » dans config.toml
help-watch-dossiers = Le dossier des dossiers comptables (un sous-dossier par numéro) ; par défaut : config.toml
help-watch-poll = Regarder toutes les SECS secondes au lieu de compter sur les notifications du système de fichiers (partages réseau, clés USB)
help-watch-process = Intégrer automatiquement les archives prêtes des expéditeurs de confiance
help-watch-maildir = Surveiller aussi ce Maildir (répétable) : les archives jointes aux nouveaux courriels sont copiées dans la (première) boîte de réception
help-watch-settle = Le nombre de secondes pendant lesquelles la taille et la date d’un fichier doivent rester les mêmes avant qu’il soit examiné
help-watch-json = Un objet JSON par ligne (voir schemas/)

## sacoche mail

help-mail = Mettre une archive dans un courriel prêt à partir (.eml, qui s’ouvre en brouillon dans Outlook), ou l’envoyer par SMTP ([smtp] dans config.toml)
help-mail-archive = L’archive
help-mail-to = L’adresse du destinataire
help-mail-from = L’adresse de l’expéditeur (par défaut : from dans la section [mail] de config.toml)
help-mail-smtp = L’envoyer tout de suite par le serveur SMTP de config.toml (mot de passe dans SACOCHE_SMTP_PASSWORD)
help-mail-out = Où écrire le message (par défaut : à côté de l’archive, NOM.eml)

## sacoche log

help-ui = La page : envoyer, recevoir, l’historique, la corbeille et les correspondants dans le navigateur
help-ui-inboxes = Une boîte de réception (répétable) ; par défaut : « inboxes » dans config.toml
help-ui-dossiers = Le dossier des dossiers comptables (un sous-dossier par numéro) ; par défaut : config.toml
help-ui-no-open = Ne pas ouvrir le navigateur : écrire l’adresse de la page (avec sa clé à usage unique) sur la première ligne, et servir jusqu’à l’arrêt
help-ui-port = Le port d’écoute (sur cet ordinateur seulement) ; par défaut : un port libre
help-log = Le journal des actions sur les boîtes de réception (archive vue, intégrée, supprimée, restaurée, refusée, en conflit)
help-log-dossier = Seulement ce dossier
help-log-json = Un objet JSON par ligne (voir schemas/)

## sacoche completions, sacoche man

help-completions = La complétion pour le shell, à installer : sacoche completions bash > /etc/bash_completion.d/sacoche
help-completions-shell = Le shell
help-man = La page de manuel (roff), dans la langue choisie : sacoche man > sacoche.1

## sacoche dossier

help-dossier = Changer ce qu’un dossier enregistre sur lui-même
help-dossier-set = Passer le dossier à un autre exercice (le changement d’exercice annuel)
help-dossier-set-dir = Le dossier du dossier comptable
help-dossier-set-fiscal-year = Le nouvel exercice, par exemple 2021-01-01..2021-12-31

## Les paramètres des options et des usages (`<DOSSIER>`).
help-value-address = ADRESSE
help-value-archive = ARCHIVE
help-value-archives = ARCHIVES
help-value-command = COMMANDE
help-value-comment = COMMENTAIRE
help-value-dir = DOSSIER
help-value-dossier = NUMÉRO
help-value-file = FICHIER
help-value-file-eml = FICHIER.eml
help-value-files = FICHIERS
help-value-id = NUMÉRO
help-value-keep = CHOIX
help-value-key = CLÉ
help-value-lang = LANGUE
help-value-name = NOM
help-value-paths = CHEMINS
help-value-port = PORT
help-value-purpose = OBJET
help-value-secs = SECONDES
help-value-shell = SHELL
help-value-size = TAILLE
help-value-old = ANCIEN
help-value-new = NOUVEAU
help-value-start-end = DÉBUT..FIN
help-value-to = DESTINATION
