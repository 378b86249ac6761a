# Les messages de sacoche, en français. Chaque id est aussi dans ../en/sacoche.ftl (un test
# le vérifie). Les arguments venus des archives et des noms de fichiers arrivent échappés.

## Erreurs : `error-…` dit ce qui s’est passé, `hint-…` quoi faire.

error-line = erreur : { $message }
hint-line = conseil : { $hint }
list-item = « { $item } »
list-more = { $shown } et { $more } autres

error-io = impossible { $action ->
        [read] de lire
        [create] de créer
        [write] d’écrire
        [open] d’ouvrir
        [create-temp-in] de créer un fichier temporaire dans
        [remove] de supprimer
        [move] de déplacer
        [watch] de surveiller
        [sync] d’enregistrer sur le disque
        [replace] de remplacer
        [move-into-place] de mettre en place
        [lock] de verrouiller
        [clean] de nettoyer
        [update] de mettre à jour
        [restore] de restaurer
        [rename-into-place] de renommer
        [record] de consigner
        [move-to-trash] de mettre à la corbeille
        [keep] de garder
        [create-staging-in] de créer un dossier de préparation dans
        [copy] de copier
        [compress] de compresser
       *[other] de terminer
    } « { $path } » : { $reason }
os-not-found = il n’existe pas
os-permission-denied = accès refusé
os-storage-full = le disque est plein
os-read-only = le disque ou la clé est protégé en écriture
os-already-exists = il existe déjà
os-busy = il est utilisé par un autre programme
os-not-a-folder = ce n’est pas un dossier
os-is-a-folder = c’est un dossier
os-bad-name = ce nom n’est pas permis ici
os-too-large = le fichier est trop gros pour ce disque
os-other = { $detail }
hint-io-permission-denied = vérifiez que le dossier n’est pas protégé en écriture et que vous y avez droit
hint-io-storage-full = libérez de la place et recommencez ; rien n’a été perdu
hint-io-read-only = retirez la protection en écriture, ou choisissez un autre dossier
hint-io-not-found = vérifiez le chemin
hint-io-busy = fermez-le dans l’autre programme, puis relancez la commande

error-no-key = pas encore de clé de signature ({ $path })
hint-no-key = créez la vôtre avec : sacoche key new --name "VOTRE NOM"
error-key-exists = une clé de signature existe déjà dans { $path } ; elle a été gardée (une nouvelle clé devrait être acceptée de nouveau par tous vos correspondants)
error-bad-key-file = le fichier de clé { $path } est abîmé ({ $detail })
hint-bad-key-file = restaurez-le depuis une sauvegarde, ou déplacez-le et lancez : sacoche key new
error-bad-trust-file = le fichier des clés de confiance { $path } est abîmé ({ $detail })
hint-bad-trust-file = corrigez-le à la main, ou déplacez-le et faites de nouveau confiance aux clés
error-bad-public-key = « { $key } » n’est pas une clé publique sacoche
hint-bad-public-key = demandez à l’expéditeur la ligne qu’affiche : sacoche key show
error-weak-public-key = « { $key } » est une clé faible : aucune signature faite avec elle ne prouve rien, elle n’a donc pas reçu votre confiance
hint-weak-public-key = ce n’est pas la clé d’une personne mais une clé fabriquée : demandez à votre correspondant, par téléphone, la ligne qu’affiche son sacoche key show
error-not-trusted = aucune clé de confiance ne correspond à « { $key } »
hint-not-trusted = voyez la liste avec : sacoche trust list
error-invalid-name = « { $name } » n’est pas un nom utilisable
hint-invalid-name = donnez un nom non vide, sur une ligne
error-invalid-dossier-id = « { $id } » n’est pas un numéro de dossier valable
hint-invalid-dossier-id = utilisez de 1 à 40 lettres, chiffres, « _ » ou « - » (par exemple 8502182)
error-invalid-fiscal-period = « { $text } » n’est pas un exercice
hint-invalid-fiscal-period = écrivez-le 2020-01-01..2020-12-31
error-not-a-directory = { $path } n’est pas un dossier
hint-not-a-directory = donnez le dossier du dossier comptable
error-unportable-names = { $path } contient { $count ->
        [one] un nom qui ne peut pas aller
       *[other] { $count } noms qui ne peuvent pas aller
    } sous Windows ou sur une clé FAT32 : { $names }
hint-unportable-names = renommez-les et emballez de nouveau
error-file-changed = { $path } a changé pendant l’emballage ; rien n’a été écrit
hint-file-changed = recommencez une fois le fichier enregistré et fermé
error-output-inside-dossier = le dossier de sortie { $out } est dans le dossier comptable { $dossier }
hint-output-inside-dossier = choisissez-en un autre avec --out
error-would-overwrite = { $path } contient déjà { $count ->
        [one] un fichier
       *[other] { $count } fichiers
    } de l’archive ({ $files }) ; rien n’a été écrit
hint-would-overwrite = extrayez dans un dossier vide, ou ajoutez --force pour les remplacer (les anciens vont à la corbeille)
error-archive-exists = { $path } existe déjà ; rien n’a été écrasé
hint-archive-exists = attendez une seconde et emballez de nouveau
error-no-home-folder = impossible de trouver le dossier personnel de l’utilisateur
hint-no-home-folder = indiquez dans SACOCHE_HOME un dossier que sacoche peut utiliser
error-random = le système n’a pas donné d’octets aléatoires pour une nouvelle clé : { $detail }
error-bad-state-file = le fichier { $path } est abîmé ({ $detail })
hint-bad-state-file = déplacez-le et relancez la commande
error-not-in-trash = rien dans la corbeille ne porte l’identifiant « { $id } »
hint-not-in-trash = voyez les identifiants avec : sacoche trash list
error-restore-would-overwrite = { $path } existe déjà ; rien n’a été écrasé
hint-restore-would-overwrite = déplacez-le, ou restaurez ailleurs avec --to
error-not-a-dossier = { $path } n’est pas un dossier sacoche
hint-not-a-dossier = préparez-le avec : sacoche init { $quoted } --dossier NUMÉRO --name NOM (ou donnez un dossier vide ou nouveau pour une première archive complète)
error-dossier-exists = { $path } est déjà le dossier { $id } ({ $name }) ; rien n’a été changé
error-needs-full-archive = { $archive } ne contient que des modifications, et { $path } n’a pas encore reçu le dossier entier
hint-needs-full-archive = demandez à l’expéditeur une archive complète (sacoche pack --full), ou donnez le dossier qui contient ce dossier comptable
error-wrong-dossier = { $archive } est pour le dossier { $theirs }, mais { $path } est le dossier { $ours } ; rien n’a été changé
error-stale = { $archive } est plus ancienne que { $newer }, déjà intégrée ; une archive ancienne n’est jamais appliquée sur un travail plus récent (rien n’a été changé)
error-fiscal-year-mismatch = { $archive } est pour l’exercice { $theirs }, mais ce dossier est sur { $ours } ; importer le mauvais exercice fait perdre des données
hint-fiscal-year-later = si votre correspondant est passé à l’exercice suivant, intégrez avec --accept-fiscal-year : le dossier passe avec lui à { $theirs }
hint-fiscal-year-earlier = pour intégrer quand même cette archive d’un exercice passé (le dossier reste sur { $ours }), intégrez avec --accept-fiscal-year
error-nothing-changed = rien n’a changé dans { $path } depuis le dernier échange ({ $last }) ; rien à envoyer
hint-nothing-changed = ajoutez --full pour tout envoyer quand même
error-no-base = { $path } n’a encore eu aucun échange auquel comparer les modifications
hint-no-base = envoyez d’abord une archive complète (sacoche pack sans --changes)
error-identity-mismatch = { $path } est le dossier { $recorded }, pas { $given }
hint-identity-mismatch = retirez --dossier, ou emballez le bon dossier
error-no-identity = { $path } n’a pas encore de numéro de dossier
hint-no-identity = lancez : sacoche init { $quoted } --dossier NUMÉRO --name NOM (ou donnez --dossier et --name)
error-bad-config-line = le fichier de configuration { $path } ne se lit pas à la ligne { $line } (le lecteur dit : { $detail })
error-bad-config = le fichier de configuration { $path } est abîmé ({ $detail })
hint-bad-config = corrigez-le (voir le README)
error-config-backslash = dans { $path }, ligne { $line }, un chemin Windows est écrit avec des barres obliques inverses simples entre guillemets doubles ({ $text })
hint-config-backslash = écrivez-le entre apostrophes droites, '{ $fixed }', ou doublez chaque barre oblique inverse
error-no-inbox = pas de boîte de réception
hint-no-inbox = donnez-en une avec --inbox DOSSIER, ou écrivez inboxes = ["…"] dans { $path }
error-no-dossiers-root = pas de dossier des dossiers
hint-no-dossiers-root = donnez-le avec --dossiers DOSSIER, ou écrivez dossiers = "…" dans config.toml
error-not-in-inbox = { $path } n’est pas dans une boîte de réception
hint-not-in-inbox = donnez un fichier que liste : sacoche inbox
error-too-big-for-mail = { $archive } fait { $size }, plus que les { $max } qu’un courriel peut porter
hint-too-big-for-mail = emballez-la de nouveau en plusieurs archives plus petites : sacoche pack DOSSIER --max-size { $max_arg } (ou copiez-la sur une clé USB)
error-smtp = l’envoi par le serveur SMTP { $host } a échoué : { $detail }
hint-smtp = vérifiez [smtp] dans config.toml et le mot de passe dans SACOCHE_SMTP_PASSWORD
error-too-big-to-split = « { $name } » ({ $size }) ne tient pas à lui seul dans une archive de { $limit }
hint-too-big-to-split = envoyez le dossier sur une clé USB, ou augmentez --max-size
error-too-big-for-destination = { $path } ne peut pas contenir de fichier de plus de 4 Gio (une clé FAT32 ?), et cette archive ferait { $size } ; rien n’a été écrit
hint-too-big-for-destination = emballez avec --max-size 4000M pour la découper, ou utilisez une clé exFAT ou NTFS
error-own-archive = { $archive } vient de vous (ce dossier l’a faite) ; vos propres archives ne sont jamais intégrées dans votre propre dossier, elle a été laissée où elle est
error-needs-confirmation = { $archive } demande votre confirmation ({ $reasons }) ; rien n’a été changé
hint-needs-confirmation = vérifiez l’aperçu (--dry-run), puis intégrez de nouveau avec --confirm
confirm-reset = l’expéditeur remet le dossier à l’identique du sien : vos modifications vont à la corbeille
confirm-other-history = elle vient d’un autre historique de ce dossier (le dossier de l’expéditeur a été refait) : rien de vous n’est supprimé, les fichiers différents deviennent des copies en conflit
confirm-mass-deletion = elle supprime { $removed } des { $total } fichiers
error-missing-content = { $archive } ne porte pas le contenu { $count ->
        [one] d’un fichier
       *[other] de { $count } fichiers
    } dont ce dossier a besoin ({ $files }) ; rien n’a été changé
hint-missing-content = demandez à l’expéditeur une archive complète (sacoche pack --full)
error-folder-clash = { $archive } a un dossier « { $folder } » là où ce dossier a un fichier « { $file } » (ou l’inverse) ; rien n’a été changé
hint-folder-clash = renommez l’un des deux, d’un côté ou de l’autre, puis échangez de nouveau
error-waiting-for-parts = { $archive } est la partie { $have } sur { $count } ; { $missing_count ->
        [one] la partie { $missing } n’est
       *[other] les parties { $missing } ne sont
    } pas encore là
hint-waiting-for-parts = intégrez toutes les parties ensemble, une fois toutes là
error-legacy-changes = { $archive } contient des modifications faites par sacoche 0.1, que cette version ne peut pas fusionner sans risque ; rien n’a été changé
hint-legacy-changes = demandez à l’expéditeur d’installer cette version de sacoche et d’envoyer une archive complète
error-held-open = { $path } est ouvert dans un autre programme (Excel, peut-être), ce qui empêche sacoche de le remplacer ; rien n’a été changé
hint-held-open = fermez « { $name } » dans ce programme, puis relancez la commande
error-changed-during-integration = { $path } a changé pendant l’intégration ; rien n’a été changé
hint-changed-during-integration = relancez la commande une fois le fichier enregistré et fermé
error-unknown-correspondent = { $path } n’a pas de correspondant nommé « { $name } »
hint-unknown-correspondent = voyez-les avec : sacoche status { $quoted }
error-no-conflict = { $path } n’est ni une copie en conflit, ni un fichier qui en a une
hint-no-conflict = voyez-les avec : sacoche status DOSSIER
error-interrupted = une intégration dans { $path } a été interrompue
hint-interrupted = la prochaine commande sacoche apply ou inbox process la termine
error-internal = erreur interne : { $detail }
hint-internal = merci de la signaler
error-rejected = { $archive } : refusée : { $reason }

usage-not-a-size = « { $text } » n’est pas une taille
hint-usage-not-a-size = écrivez-la avec son unité, comme 15M, 15 Mo ou 500k
usage-not-a-size-in-config = « { $text } » n’est pas une taille, dans config.toml [mail] max_size
hint-usage-not-a-size-in-config = écrivez-la comme 15M
usage-not-an-address = « { $text } » n’est pas une adresse électronique
usage-bad-tls = tls = "{ $text }" dans config.toml [smtp] n’est pas connu
hint-usage-bad-tls = utilisez "none", "starttls" ou "tls"
usage-no-smtp-password = le serveur SMTP demande un mot de passe
hint-usage-no-smtp-password = mettez-le dans la variable d’environnement SACOCHE_SMTP_PASSWORD
usage-no-smtp-server = pas de serveur SMTP
hint-usage-no-smtp-server = ajoutez [smtp] host = "…" dans { $path }
usage-no-sender = pas d’adresse d’expéditeur
hint-usage-no-sender = donnez-la avec --from (ou [mail] from dans config.toml)
usage-not-parts = ne donnez plusieurs archives que pour les parties d’une archive découpée
usage-not-one-split = ces archives ne sont pas les parties d’une même archive découpée
usage-part-twice = la même partie est donnée deux fois
usage-no-archive = aucune archive donnée
usage-process-which = dites quelles archives intégrer, ou --all
usage-unknown-argument = l’option « { $arg } » n’existe pas ici
usage-unknown-command = la commande « { $command } » n’existe pas
usage-invalid-value = « { $value } » ne convient pas pour { $arg }
usage-value-expected = { $arg } attend une valeur
usage-unexpected-value = « { $value } » est de trop après { $arg }
usage-missing = il manque : { $args }
usage-missing-command = dites quelle commande : la liste est dans --help
usage-conflict = { $arg } ne va pas avec { $other }
usage-other = la ligne de commande n’est pas comprise
usage-did-you-mean = vouliez-vous dire « { $suggestion } » ?
usage-possible-values = valeurs possibles : { $values }
version-line = sacoche { $version } (commit { $commit }, format d’archive { $format })
usage-line = Utilisation : { $usage }
usage-more = Pour en savoir plus : { $command } --help
hint-usage-process-which = sacoche inbox process --all

## Emballer, vérifier, montrer, extraire.

skip-junk = fichier système
skip-link = lien
skip-special = pas un fichier ordinaire
left-out = laissé de côté : { $path } ({ $why })
packed-receipt-only = Rien de nouveau à envoyer pour le dossier { $id } ({ $name }) : un accusé de réception a été écrit pour dire à votre correspondant ce que vous avez intégré.
packed-part = { " " }partie { $part } sur { $parts },
packed-full-reset = complète, remise à zéro (la copie du destinataire devient celle-ci, une fois confirmé chez lui)
packed-full = complète (tout le dossier)
counts = { $added } { $added ->
        [one] ajouté
       *[other] ajoutés
    }, { $modified } { $modified ->
        [one] modifié
       *[other] modifiés
    }, { $deleted } { $deleted ->
        [one] supprimé
       *[other] supprimés
    }, { $moved } { $moved ->
        [one] déplacé
       *[other] déplacés
    }
packed-changes = de modifications ({ $counts }, pas encore confirmées)
packed = Dossier { $id } ({ $name }) emballé en archive{ $part } { $what } : { $files ->
        [one] { $files } fichier transporté
       *[other] { $files } fichiers transportés
    }, { $bytes } → { $size }, numéro { $sequence }.
packed-never-acknowledged = Votre correspondant n’a encore rien confirmé : tout le dossier part ; dès que son accusé de réception revient, seul ce qui lui manque part.
packed-parts = { $parts } archives : le destinataire les intègre ensemble une fois toutes arrivées (sacoche inbox process --all).
receipt-about = l’archive numéro { $sequence }
receipt-integrated = { $from } a intégré { $about }
receipt-integrated-conflicts = { $from } a intégré { $about } ({ $conflicts ->
        [one] { $conflicts } fichier modifié des deux côtés : les deux versions sont gardées
       *[other] { $conflicts } fichiers modifiés des deux côtés : les deux versions sont gardées
    })
receipt-refused = { $from } a REFUSÉ { $about } ({ $reason })
receipt-no-reason = sans raison donnée
receipt-reason-stale = elle était périmée : une plus récente de vous était déjà intégrée
receipt-reason-fiscal-year-mismatch = elle était d’un autre exercice que son dossier
receipt-reason-missing-content = il lui manquait des fichiers dont elle dépend : envoyez une archive complète
receipt-reason-folder-clash = un fichier aurait pris le nom d’un de ses dossiers
receipt-reason-legacy-changes = une ancienne archive de modifications que son sacoche ne peut pas intégrer : envoyez une archive complète
receipt-line = accusé de réception : { $text }
receipt-already = accusé de réception déjà enregistré : { $text }
kind-full = complète
kind-changes = modifications
kind-receipt = accusé de réception
verified = valide : { $archive } : dossier { $id }, { $kind }, { $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    }, signée par { $signer }
verify-summary = { $valid } { $valid ->
        [one] valide
       *[other] valides
    }, { $rejected } { $rejected ->
        [one] refusée
       *[other] refusées
    }, { $failed } { $failed ->
        [one] illisible
       *[other] illisibles
    }
signer-own = { $name } (clé { $key }, votre propre clé)
signer-trusted = { $name } (clé { $key }, de confiance)
signer-other-dossiers = { $name } (clé { $key }) — PAS de confiance pour ce dossier, seulement pour { $dossiers }
signer-unknown = clé inconnue { $key } — PAS de confiance
show-archive = Archive
show-dossier = Dossier
show-generated = Faite le
show-fiscal-year = Exercice
show-kind = Nature
show-contents = Contenu
show-sender = Expéditeur
show-sequence = Numéro
show-purpose = Objet
show-comment = Commentaire
show-archive-id = Identifiant
show-not-stated = non indiqué
show-files = { $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    }, { $bytes }
show-not-opened = pas ouverte : l’expéditeur n’a pas votre confiance pour ce dossier
show-kind-reset = complète, REMISE À ZÉRO (demande de remplacer votre copie par celle-ci)
show-kind-full = complète (tout le dossier)
show-kind-receipt = accusé de réception
show-kind-receipt-integrated = accusé de réception : archive numéro { $sequence } intégrée
show-kind-receipt-refused = accusé de réception : archive numéro { $sequence } refusée ({ $reason })
show-kind-changes-v1 = modifications seules ({ $counts })
show-kind-changes = modifications ({ $carried } des { $files } fichiers transportés)
extracted-replaced = remplacé : { $path } (l’ancien fichier est dans la corbeille : sacoche trash list)
extracted = { $files ->
        [one] { $files } fichier extrait
       *[other] { $files } fichiers extraits
    } ({ $bytes }) du dossier { $id }.

## Intégrer.

kind-reset = { " " }REMISE À ZÉRO
plan-head = { $archive } — dossier { $id } ({ $name }), archive { $kind }{ $reset } numéro { $sequence } de { $sender }
plan-parts = { "  " }en { $parts } parties
plan-counts = { $counts }, { $conflicts ->
        [one] { $conflicts } conflit
       *[other] { $conflicts } conflits
    }
plan-fiscal-moves = exercice : le dossier passe à l’exercice { $to } (il était sur { $from })
plan-fiscal-stays = exercice : une archive de l’exercice { $theirs } ; le dossier reste sur { $ours }
plan-added = { "  " }ajouté     { $path }
plan-modified = { "  " }modifié    { $path }
plan-deleted = { "  " }supprimé   { $path }
plan-moved = { "  " }déplacé    { $from } -> { $path }
conflict-both-modified = modifié des deux côtés
conflict-both-added = créé des deux côtés
conflict-case-twins = deux noms qui sont un seul fichier sous Windows
conflict-kept-local = le vôtre reste
conflict-kept-incoming = le sien prend le nom
plan-conflict = { "  " }CONFLIT  { $path } : { $what } (ici : { $here }, par { $here_by } ; reçu : { $incoming }, par { $incoming_by }) ; les deux sont gardés : { $kept }, l’autre devient { $copy }
plan-kept = { "  " }gardé      { $path } (modifié ici, supprimé par l’expéditeur : une modification l’emporte)
plan-restored = { "  " }rétabli    { $path } (supprimé ici, modifié par l’expéditeur : une modification l’emporte)
plan-ledger-more = … et { $count } { $count ->
        [one] autre écriture
       *[other] autres écritures
    }
plan-ledger-merged = { "  " }fusionné   { $path } (grand livre modifié des deux côtés : les écritures des deux côtés sont réunies)
conflict-ecritures = des écritures modifiées des deux côtés
plan-conflict-ecritures = { "  " }CONFLIT  { $path } : grand livre modifié des deux côtés, réuni écriture par écriture ; { $count ->
        [one] une écriture a été changée des deux côtés : le grand livre garde le choix ci-dessous
       *[other] { $count } écritures ont été changées des deux côtés : le grand livre garde les choix ci-dessous
    }, l’autre choix est dans { $copy }
plan-ecriture-both-modified = { "    " }{ $entry } : modifiée ici ({ $here }) et par l’expéditeur ({ $incoming }) ; gardée : { $kept }
plan-ecriture-deleted-here = { "    " }{ $entry } : supprimée ici, modifiée par l’expéditeur ; gardée : { $kept }
plan-ecriture-deleted-there = { "    " }{ $entry } : modifiée ici, supprimée par l’expéditeur ; gardée : { $kept }
ecriture-side = « { $label } », { $amount } €
ecriture-kept-local = la vôtre
ecriture-kept-incoming = celle de l’expéditeur
plan-ledger-not-merged = { "  " }note : { $path } n’a pas pu être réuni écriture par écriture ({ $why }) : les deux versions sont gardées entières
ledger-why-no-common = aucune copie de la version que vous aviez tous deux n’est gardée ici
ledger-why-not-valid = { $version } n’est pas un grand livre valide
ledger-why-not-alike = { $version } n’a pas la même première ligne, le même encodage ou les mêmes fins de ligne
ledger-why-result = le résultat ne serait pas un grand livre valide (deux écritures sous un même numéro, par exemple)
ledger-version-common = la version commune
ledger-version-local = votre version
ledger-version-incoming = la version reçue
plan-never-arrived = { "  " }note : { $count ->
        [one] l’archive numéro { $numbers } de { $sender } n’est jamais arrivée ; ses modifications viennent avec celle-ci
       *[other] les archives numéros { $numbers } de { $sender } ne sont jamais arrivées ; leurs modifications viennent avec celle-ci
    }
plan-confirm = { "  " }À CONFIRMER  { $reason }
plan-signed-by-you = { "  " }note : signée avec votre propre clé par une autre copie de ce dossier (un poste qui partage votre clé) ; donnez à chaque poste sa propre clé (sacoche key new) et faites-lui confiance sur les autres
applied-already = déjà intégrée le { $when } : rien n’a changé
applied-dry-run = essai : rien n’a changé
applied = intégrée ; les fichiers remplacés et supprimés sont dans la corbeille du dossier (sacoche trash list --dossier DOSSIER)
applied-conflicts = intégrée ; { $count ->
        [one] { $count } fichier a été modifié des deux côtés : les deux versions sont gardées
       *[other] { $count } fichiers ont été modifiés des deux côtés : les deux versions sont gardées
    }, voyez-les avec sacoche status et choisissez avec sacoche resolve
applied-receipt = accusé de réception pour l’expéditeur : { $path }
applied-no-receipt = aucun accusé de réception n’a pu être écrit : { $error }
resolved-both = les deux gardés : { $original } et { $renamed }
resolved-trashed = { $original } gardé ; l’autre version est dans la corbeille ({ $id })
resolved = { $original } gardé

## État.

status-dossier = Dossier
status-fiscal-year = Exercice
status-content = Contenu
status-recovered = Reprise
status-recovered-text = une intégration interrompue a été terminée
status-exchanges = Échanges avec
status-never-heard = { $name } (jamais de nouvelles)
status-last-heard = { $name } (dernières nouvelles le { $when })
status-to-send = À envoyer
status-to-send-everything = aucun correspondant n’a encore rien confirmé : le prochain envoi emporte tout le dossier
status-local-changes = Vos modifications
status-no-local-changes = rien en attente : vos correspondants ont tout
status-local-changes-waiting = { $count ->
        [one] { $count } pas encore confirmée (le prochain envoi l’emporte)
       *[other] { $count } pas encore confirmées (le prochain envoi les emporte)
    }
change-added = ajouté
change-modified = modifié
change-deleted = supprimé
status-change = { "  " }{ $change } { $path }
status-conflict-line = { "  " }CONFLIT  { $copy } est une version de { $original } : choisissez avec sacoche resolve DOSSIER "{ $copy }" --keep mine|theirs|both
status-received = { $when }  reçue     { $archive } de { $sender } (numéro { $sequence }, { $kind })
status-sent = { $when }  envoyée   { $archive } (numéro { $sequence }, { $kind }){ $fate }
status-fate = { " " }: { $fates }
fate-integrated = intégrée par { $name } le { $when }
fate-integrated-conflicts = intégrée par { $name } le { $when } ({ $conflicts ->
        [one] { $conflicts } copie en conflit
       *[other] { $conflicts } copies en conflit
    })
fate-refused = REFUSÉE par { $name } ({ $reason })
fate-acknowledged = confirmée par { $name }
fate-unacknowledged = pas encore confirmée par { $name } { $days ->
        [0] (envoyée aujourd’hui)
        [one] (envoyée il y a { $days } jour)
       *[other] (envoyée il y a { $days } jours)
    }
status-last-sent = Dernier envoi
status-last-received = Dernière réception
status-nothing-yet = rien encore
status-ids = Identifiants
status-ids-text = état { $state }, réplique { $replica }
status-history = Historique
status-earlier = { "  " }… { $count ->
        [one] { $count } échange plus ancien
       *[other] { $count } échanges plus anciens
    } (sacoche status --verbose les montre tous)
status-more-changes = { "  " }… et { $count ->
        [one] { $count } autre
       *[other] { $count } autres
    } (sacoche status --verbose les liste toutes)
status-received-short = numéro { $sequence } de { $sender } ({ $kind }), le { $when }
status-sent-short = numéro { $sequence } ({ $kind }), le { $when }{ $fate }
status-kept-aside = { "  " }mis de côté par sacoche 0.1 (conflit)  .sacoche/conflicts/{ $name }

## La boîte de réception, la surveillance, le journal, le courriel, la corbeille.

status-ready = prêt
status-conflict = conflit
status-confirm = à confirmer
status-waiting = en attente
status-blocked = bloqué
status-own = de vous
status-stale = périmé
status-already-integrated = déjà intégré
status-invalid = invalide
status-incomplete = en cours d’arrivée
reason-still-arriving = la copie n’est pas finie (ou a été interrompue)
reason-cannot-read-yet = pas encore lisible
reason-already-integrated = déjà intégrée (reconnue par son identifiant)
reason-own-archive = c’est votre propre envoi : sacoche ne l’intègre jamais dans votre dossier
reason-conflicts = { $count ->
        [one] { $count } fichier modifié des deux côtés, les deux versions seront gardées : { $paths }
       *[other] { $count } fichiers modifiés des deux côtés, les deux versions seront gardées : { $paths }
    }
inbox-empty = La boîte de réception est vide.
inbox-heading = { $status } { $dossier } { $name } { $kind } { $number }  { $created }  { $sender } FICHIER
inbox-status = ÉTAT
inbox-dossier = DOSSIER
inbox-name = NOM
inbox-kind = NATURE
inbox-number = N°
inbox-created = FAITE LE
inbox-sender = EXPÉDITEUR
sender-untrusted = { $name } (pas de confiance)
sender-unknown = { $key } (inconnu)
handled-integrated = intégrée  { $file } → dossier { $dossier } ({ $counts }{ $conflicts })
handled-conflicts = , { $count ->
        [one] { $count } conflit : les deux versions gardées
       *[other] { $count } conflits : les deux versions gardées
    }
handled-would-integrate = serait intégrée  { $file } ({ $counts }, { $conflicts ->
        [one] { $conflicts } conflit
       *[other] { $conflicts } conflits
    })
handled-recorded = enregistré  { $file }
handled-already = déjà intégrée  { $file } (gardée avec les archives reçues)
handled-left = laissée dans la boîte  { $file } : { $status }
handled-left-why = laissée dans la boîte  { $file } : { $status } — { $reason }
watch-failed = { $error } (la surveillance continue)
watch-polling = { $why } : sacoche regarde maintenant les dossiers toutes les { $seconds } s
watch-polling-unavailable = les notifications de fichiers du système ne marchent pas pour ces dossiers
watch-polling-failed = les notifications de fichiers du système ont perdu le fil
watch-polling-stopped = les notifications de fichiers du système se sont arrêtées
hint-watch-limit = le système surveille déjà trop de dossiers ; sous Linux, augmentez fs.inotify.max_user_watches (sysctl)
hint-watch-folder-gone = le dossier { $folder } n’est plus là : rebranchez la clé ou recréez-le
watch-gone = partie              { $file }
watch-from-mail = du courriel        { $file }
watch-bad-attachment = pièce jointe refusée  { $name } : { $why }
imported-duplicate = déjà dans la boîte : { $name }
imported-invalid = pas copiée : { $name } : { $why }
imported = { $messages ->
        [one] { $messages } message lu
       *[other] { $messages } messages lus
    } : { $added ->
        [one] { $added } archive ajoutée à la boîte
       *[other] { $added } archives ajoutées à la boîte
    }, { $duplicates } déjà là, { $invalid } { $invalid ->
        [one] invalide
       *[other] invalides
    }.
log-seen = vue
log-integrated = intégrée
log-recorded = enregistrée
log-deleted = supprimée
log-restored = restaurée
log-refused = refusée
log-blocked = bloquée
log-other = autre
trash-item = { $id }  { $path }  ({ $reason }, le { $when })
trash-reason-integration = remplacé ou supprimé par { $archive }
trash-reason-extraction = remplacé par une extraction dans { $into }
trash-reason-resolved = la version écartée par sacoche resolve
trash-reason-inbox-delete = supprimée de la boîte de réception
trust-all-dossiers = tous les dossiers
trusted-key = { $fingerprint }  { $name }  ({ $scope })
key-name = Nom :        { $name }
key-fingerprint = Empreinte : { $fingerprint }
progress-checking = vérification
progress-packing = emballage
progress-signature = vérification de la signature
progress-files = vérification des fichiers
progress-left = { $minutes ->
    [0] encore { $seconds } s
   *[other] encore { $minutes } min { $seconds } s
}
error-destination-blocked = impossible d’écrire { $path } : { $what }
blocker-link = c’est un lien
blocker-folder = c’est un dossier
blocker-not-plain-file = ce n’est pas un fichier ordinaire
blocker-file-for-folder = c’est un fichier là où il faut un dossier
hint-destination-blocked = déplacez-le et extrayez de nouveau

## Clés, confiance, init, surveillance, courriel.

key-created = Clé créée. Envoyez la ligne ci-dessus à vos correspondants ; ils la vérifient avec l’empreinte.
trusted-all = { $name } (clé { $fingerprint }) a votre confiance pour tous les dossiers.
trusted-for = { $name } (clé { $fingerprint }) a votre confiance pour { $count ->
        [one] le dossier { $dossiers }
       *[other] les dossiers { $dossiers }
    }.
trust-none = Aucune clé de confiance pour l’instant. Ajoutez-en une avec : sacoche trust add CLÉ --name NOM
trust-removed = Plus de confiance : { $name } (clé { $fingerprint })
init-done = { $path } est maintenant le dossier { $id } ({ $name }). Emballez-le avec : sacoche pack { $quoted }
watching = Surveillance de { $folders } (Ctrl-C pour arrêter)…
trash-empty = La corbeille est vide.
mail-sent = { $archive } envoyée à { $to } par { $host }.
mail-ready = Message prêt pour { $to } : ouvrez-le et cliquez sur Envoyer (Outlook l’ouvre comme un brouillon).
user-path-windows-only = erreur : user-path ne sert qu’à l’installateur Windows
error-message-exists = { $path } existe déjà ; rien n’a été écrasé
hint-message-exists = envoyez celui-là, déplacez-le, ou choisissez un autre nom avec --out

## Tailles (unités décimales : 1 Mo = 1 000 000 octets).

size-bytes = { $n ->
        [one] { $n } octet
       *[other] { $n } octets
    }
size-kilo = { $n } ko
size-mega = { $n } Mo
size-giga = { $n } Go
size-tera = { $n } To
log-outcome-integrated = intégrée
log-outcome-conflicts = intégrée, les deux versions de certains fichiers gardées
log-outcome-receipt = accusé de réception enregistré
log-outcome-already = déjà intégrée ; gardée avec les archives reçues

## Un double-clic dans l’Explorateur de Windows.

double-click-help =
    sacoche transporte votre dossier comptable entre la ferme et le cabinet,
    sur une clé USB ou en pièce jointe d’un courriel.

    Il s’utilise depuis l’Invite de commandes (Windows + R, cmd, Entrée) :

      sacoche key new --name "GAEC LE GUYON"                votre clé, une fois
      sacoche init "D:\GAEC LE GUYON" --dossier 8502182 --name "GAEC LE GUYON"
      sacoche pack "D:\GAEC LE GUYON" --out E:\            envoyer : sur la clé E:
      sacoche apply E:\8502182-20201027171147.sacoche "D:\GAEC LE GUYON"   recevoir
      sacoche status "D:\GAEC LE GUYON"                     où en sont les échanges

    Double-cliquez sur une archive .sacoche pour voir ce qu’elle contient.
    Le mode d’emploi : LISEZ-MOI.txt, dans le dossier de sacoche.
double-click-page =
    sacoche transporte votre dossier comptable entre la ferme et le cabinet,
    sur une clé USB ou en pièce jointe d’un courriel.

    La page sacoche s’ouvre dans votre navigateur. Gardez cette fenêtre ouverte
    tant que vous vous en servez.
ui-enter-to-stop = Appuyez sur Entrée pour arrêter sacoche et fermer cette fenêtre.
double-click-apply =
    Pour intégrer cette archive dans votre dossier, dans l’Invite de commandes :
      sacoche apply { $archive } "D:\DOSSIER"
    (d’abord avec --dry-run pour voir ce qui changera).
double-click-wait = Appuyez sur Entrée pour fermer cette fenêtre.
error-no-such-folder = le dossier { $path } n’existe pas
hint-no-such-folder = vérifiez le chemin ; pour le créer, ajoutez --create : sacoche init { $quoted } --create …
trust-already-everywhere = { $name } (clé { $fingerprint }) a déjà votre confiance pour tous les dossiers ; rien n’a été changé (pour la limiter à certains : sacoche trust remove { $fingerprint }, puis trust add avec --dossier)
trust-unchanged = Rien n’a changé : { $now }
error-would-widen-trust = { $name } n’a votre confiance que pour { $count ->
        [one] le dossier { $dossiers }
       *[other] les dossiers { $dossiers }
    } ; rien n’a été changé
hint-would-widen-trust = donnez le dossier avec --dossier, ou, pour faire confiance à cette clé pour tous les dossiers, ajoutez --all-dossiers
status-copy = copie
reason-copy-of = la même archive que { $file } : intégrée une fois, avec elle
handled-refused-before = laissée dans la boîte  { $file } : invalide, déjà refusée (supprimez-la avec sacoche inbox delete, ou redemandez-la) — { $reason }
fiscal-year-moved = { $path } est maintenant sur l’exercice { $period } (il était sur { $old }) ; les archives pour { $old } sont refusées, sauf intégrées avec --accept-fiscal-year.
fiscal-year-set = { $path } est maintenant sur l’exercice { $period }.
fiscal-year-same = { $path } est déjà sur l’exercice { $period } ; rien n’a été changé.
conflict-by-you = vous
conflict-by-unknown = une autre copie du dossier

## Pourquoi un nom ne peut pas voyager (vers Windows, macOS ou une clé FAT32).
name-problem-empty = nom vide
name-problem-absolute = chemin absolu
name-problem-drive-letter = lettre de lecteur
name-problem-backslash = barre oblique inverse (chemin Windows ou réseau)
name-problem-dot-segment = élément « . » ou « .. »
name-problem-empty-segment = élément vide (« // » ou « / » final)
name-problem-control-character = caractère de contrôle
name-problem-forbidden-character = le caractère « { $character } » est interdit sous Windows
name-problem-look-alike-separator = caractère qui ressemble à « / », « \ » ou « .. »
name-problem-trailing-dot-or-space = finit par un point ou une espace
name-problem-reserved = « { $name } » est un nom réservé sous Windows
name-problem-too-long = nom trop long
name-problem-metadata-folder = dans le dossier de sacoche « .sacoche »
name-problem-not-unicode = pas de l’Unicode valide
name-problem-same-name-as = même nom que « { $other } » sous Windows
name-problem-folder-named-like-file = son dossier a le même nom que le fichier « { $other } » sous Windows
name-problem-too-long-for-windows = { $count } caractères : Windows n’ouvre pas les chemins de plus de 260, dossier compris
name-problem-invisible-character = un caractère invisible ({ $code }) qui cache ou inverse le nom
name-problem-short-name-alias = a la forme d’un nom court de Windows (FACTUR~1.PDF), qui peut être le second nom d’un autre fichier

## La page (sacoche ui)

error-cannot-listen = la page ne peut pas écouter sur le port { $port } de cet ordinateur
hint-cannot-listen = un autre programme l’utilise peut-être : relancez sans --port, sacoche en choisira un libre
error-page-stopping = sacoche s’arrête : la demande n’a pas été faite
error-not-an-archive-file = { $path } n’est pas une archive sacoche
hint-not-an-archive-file = indiquez le chemin complet d’un fichier qui finit par .sacoche (sur la clé USB, dans les téléchargements…)
error-already-in-inbox = une archive de ce nom est déjà dans la boîte de réception : { $path }
hint-already-in-inbox = elle y a été gardée telle quelle ; traitez-la ou supprimez-la dans la liste
error-upload-broken = l’envoi de l’archive vers { $path } s’est interrompu avant la fin ; rien n’a été ajouté
hint-upload-broken = choisissez le fichier à nouveau et recommencez
error-no-dossier-chosen = aucun dossier n’a été choisi
hint-no-dossier-chosen = cochez un dossier ou indiquez son chemin
error-no-destination = aucune destination n’a été choisie
hint-no-destination = cochez la clé USB ou indiquez le dossier où écrire l’archive
ui-serving = La page sacoche est ouverte dans votre navigateur ; elle reste disponible tant que ce programme tourne (bouton « Quitter » pour l’arrêter).
ui-serving-here = Ouvrez l’adresse ci-dessus dans le navigateur de cet ordinateur ; la page reste disponible tant que ce programme tourne.
ui-open-yourself = Le navigateur n’a pas pu être ouvert : ouvrez l’adresse ci-dessus vous-même.
ui-stopped = La page sacoche est arrêtée.
ui-tabs = Rubriques
ui-tab-home = Accueil
ui-tab-send = Envoyer
ui-tab-receive = Recevoir
ui-tab-history = Historique
ui-tab-trash = Corbeille
ui-tab-contacts = Correspondants
ui-quit = Quitter
ui-quit-title = sacoche est arrêté
ui-quit-text = Vous pouvez fermer cette page. Pour revenir, ouvrez sacoche depuis son icône.
ui-back-home = Retour à l’accueil
ui-back-receive = Retour à la réception
ui-back-trash = Retour à la corbeille
ui-back-contacts = Retour aux correspondants
ui-error-title = Cela n’a pas pu se faire
ui-busy = En cours… patientez, cela peut prendre un moment.
ui-busy-packing = Préparation de l’archive… patientez, cela peut prendre un moment.
ui-cancel = Annuler
ui-finish = Terminer
ui-refused-title = Accès refusé
ui-refused-host = Cette page n’est servie qu’à cet ordinateur, sous son propre nom.
ui-refused-no-session = Ouvrez sacoche depuis son icône : cette page ne s’ouvre que par le lien que sacoche donne au démarrage.
ui-refused-used-link = Ce lien a déjà servi. Ouvrez sacoche à nouveau depuis son icône.
ui-refused-origin = Cette demande ne vient pas de la page sacoche : rien n’a été fait.
ui-refused-csrf = Cette demande ne vient pas de la page sacoche (jeton absent ou faux) : rien n’a été fait.
ui-refused-too-big = Ce formulaire est trop gros : rien n’a été fait.
ui-refused-method = Cette demande n’est pas prise en charge.
ui-col-file = Nom du fichier
ui-col-dossier = Dossier
ui-col-created = Date de création
ui-col-kind = Contenu
ui-col-sender = Expéditeur
ui-col-status = Statut
ui-col-process = Traiter
ui-col-delete = Supprimer
ui-col-when = Date
ui-col-action = Action
ui-col-outcome = Résultat
ui-col-why = Pourquoi
ui-col-restore = Restaurer
ui-col-name = Nom
ui-col-fingerprint = Empreinte
ui-col-dossiers = Dossiers
ui-col-added = Ajouté le
ui-col-remove = Retirer
ui-home-title = Accueil
ui-home-inbox = { $count ->
    [0] Aucune archive dans la boîte de réception.
    [one] 1 archive dans la boîte de réception, dont { $ready } prête à intégrer.
   *[other] { $count } archives dans la boîte de réception, dont { $ready } prêtes à intégrer.
}
ui-home-blocked = { $count ->
    [one] 1 archive attend une autre archive avant de pouvoir être intégrée.
   *[other] { $count } archives attendent une autre archive avant de pouvoir être intégrées.
}
ui-home-dossiers = Mes dossiers
ui-home-no-dossier = Aucun dossier pour l’instant : envoyez un dossier une première fois, ou recevez-en un.
ui-home-fiscal-year = Exercice : { $period }
ui-home-last-sent = Dernier envoi : { $file }, le { $when }
ui-home-never-sent = Jamais envoyé.
ui-home-last-received = Dernière réception : de { $sender }, le { $when }
ui-home-never-received = Rien reçu encore.
ui-home-changes = { $count ->
    [0] Aucune modification en attente d’envoi.
    [one] 1 fichier modifié ou ajouté en attente d’envoi.
   *[other] { $count } fichiers modifiés ou ajoutés en attente d’envoi.
}
ui-home-conflicts = { $count ->
    [one] 1 copie de conflit à regarder :
   *[other] { $count } copies de conflit à regarder :
}
ui-send-title = Envoyer
ui-send-dossier = Le dossier à envoyer
ui-send-other-dossier = Ou un autre dossier (son chemin)
ui-send-content = Ce qu’il faut envoyer
ui-send-changes = Les documents modifiés ou ajoutés
ui-send-full = Tous les documents
ui-send-destination = Où l’écrire
ui-send-drive = Sur la clé ou le disque { $drive }
ui-send-folder = Ou dans ce dossier (son chemin)
ui-send-mail-to = Et en faire un courriel prêt à envoyer, à cette adresse (facultatif)
ui-send-about = L’échange
ui-send-purpose = Objectif de l’échange
ui-send-comment = Commentaire
ui-sent-title = Envoyé
ui-sent-parts = L’archive est en { $count } parties, une par courriel.
ui-sent-archive = { $file }, { $size }, écrit dans { $folder }.
ui-sent-mail = Courriel prêt à envoyer : { $path }
ui-sent-remove-stick = Vous pouvez retirer la clé.
ui-receive-title = Recevoir
ui-receive-empty = La boîte de réception est vide. Les archives qui y arrivent s’affichent ici toutes seules.
ui-receive-caption = Liste des archives à intégrer : cochez Traiter ou Supprimer, puis Suivant.
ui-receive-next = Suivant : voir le contenu
ui-process-this = Traiter { $file }
ui-delete-this = Supprimer { $file }
ui-drop-title = Ajouter une archive
ui-drop-label = Le chemin de l’archive (sur la clé USB, dans les téléchargements…)
ui-drop-button = La mettre dans la boîte de réception
ui-dropped = L’archive est dans la boîte de réception : { $path }
ui-upload-label = L’archive reçue (sur la clé USB, dans les téléchargements…)
ui-upload-button = Envoyer ce fichier dans la boîte de réception
ui-drop-or = Ou indiquez son chemin sur cet ordinateur :
ui-preview-title = Avant d’intégrer
ui-preview-purpose = Objectif de l’échange : { $purpose }
ui-preview-comment = Commentaire : { $comment }
ui-preview-nothing = Rien n’a été coché.
ui-preview-deleted = { $count ->
    [one] 1 archive ira à la corbeille :
   *[other] { $count } archives iront à la corbeille :
}
ui-confirm-legend = À confirmer
ui-confirm-label = J’ai lu ce qui précède et je veux intégrer quand même
ui-done-title = Résultat
ui-deleted-to-trash = { $path } est à la corbeille ({ $id }).
ui-history-title = Historique
ui-history-empty = Rien n’est encore arrivé dans la boîte de réception.
ui-trash-title = Corbeille
ui-trash-inbox = Archives supprimées de la boîte de réception
ui-trash-dossier = Fichiers remplacés ou supprimés dans { $folder }
ui-trash-restore = Restaurer
ui-trash-restore-this = Restaurer { $path }
ui-trash-restore-archive = Restaurer tout ce que l’archive { $archive } a remplacé
ui-restored-title = Restauré
ui-restored = { $path } est revenu à sa place.
ui-contacts-title = Correspondants
ui-contacts-mine = Ma clé
ui-contacts-fingerprint = Empreinte à lire au téléphone : { $fingerprint }
ui-contacts-no-key = Vous n’avez pas encore de clé : créez-la pour pouvoir envoyer.
ui-contacts-own-name = Votre nom, tel que vos correspondants le verront
ui-contacts-create-key = Créer ma clé
ui-contacts-key-created = Votre clé est créée.
ui-contacts-trusted = Les clés en qui j’ai confiance
ui-contacts-all-dossiers = tous les dossiers
ui-contacts-remove = Retirer
ui-contacts-remove-this = Ne plus faire confiance à { $name }
ui-contacts-removed = Cette clé n’est plus de confiance.
ui-contacts-add = Ajouter un correspondant
ui-contacts-name = Son nom
ui-contacts-key = Sa clé (la ligne qui commence par sacochepk)
ui-contacts-dossiers = Pour ces dossiers seulement (numéros séparés par des virgules ; vide : tous)
ui-contacts-next = Suivant : vérifier l’empreinte
ui-contacts-check-title = Vérifier l’empreinte
ui-contacts-check = Appelez { $name } et lisez-lui cette empreinte : elle doit être la même que la sienne.
ui-contacts-checked = Nous avons comparé l’empreinte au téléphone : c’est la même
ui-contacts-trust = Faire confiance à cette clé
ui-contacts-added = Le correspondant est ajouté.
error-no-choice = aucun choix n’a été fait pour ce conflit
ui-conflict-title = Conflit réglé
ui-conflict-here = Sous son nom : { $path }, modifié le { $when }
ui-conflict-copy = La copie de conflit : { $path }, modifiée le { $when }
ui-conflict-mine = Garder la mienne
ui-conflict-theirs = Prendre la leur
ui-conflict-both = Garder les deux
ui-job-gone-title = Travail introuvable
ui-job-gone = Ce travail n’existe plus : sacoche a peut-être été relancé depuis.
ui-progress = Avancement
ui-progress-bytes = { $done } sur { $total }
ui-send-smtp = L’envoyer tout de suite par le serveur de courriel de config.toml
ui-sent-mailed = Courriel envoyé à { $to }.
ui-working-title = En cours
ui-restored-beside = { $path } est revenu à côté de la version actuelle, sous le nom { $name }.
ui-restored-suffix = restauré

## The FEC ledger (fec check, fec diff)

fec-ledger = Grand livre
fec-ledger-of = Grand livre { $year }
fec-check-valid = { $file } : { $title } valide — { $entries } { $entries ->
        [one] écriture
       *[other] écritures
    } sur { $lines } { $lines ->
        [one] ligne
       *[other] lignes
    }
fec-check-defects = { $file } : { $count } { $count ->
        [one] anomalie
       *[other] anomalies
    } dans le grand livre ({ $entries } { $entries ->
        [one] écriture
       *[other] écritures
    } sur { $lines } { $lines ->
        [one] ligne
       *[other] lignes
    })
fec-check-more = … et { $count } { $count ->
        [one] autre
       *[other] autres
    }
hint-fec-no-year = exercice inconnu : les dates n’ont pas été comparées à l’exercice (donnez --fiscal-year DÉBUT..FIN, ou un fichier nommé <SIREN>FEC<date de clôture>)
fec-defect-field-count = ligne { $line } : { $found } champs au lieu de { $expected }
fec-defect-missing = ligne { $line } : le champ { $column } est vide
fec-defect-bad-amount = ligne { $line } : { $column } « { $value } » n’est pas un montant (par exemple 1234,50)
fec-defect-debit-and-credit = ligne { $line } : un débit et un crédit sur la même ligne
fec-defect-no-amount = ligne { $line } : ni débit ni crédit
fec-defect-bad-sens = ligne { $line } : le sens doit être D (débit) ou C (crédit)
fec-defect-bad-account = ligne { $line } : le numéro de compte « { $account } » ne commence pas par trois chiffres
fec-defect-bad-date = ligne { $line } : { $column } « { $value } » n’est pas une date AAAAMMJJ
fec-defect-outside-year = ligne { $line } : écriture datée du { $date }, hors de l’exercice
fec-defect-unbalanced = ligne { $line } : l’écriture { $entry } n’est pas équilibrée (débit { $debit }, crédit { $credit })
fec-header-empty = le fichier est vide
fec-header-no-separator = sa première ligne n’a ni tabulation ni « | » entre les noms de champs
fec-header-missing = il manque des champs dans sa première ligne : { $columns }
fec-header-twice = le champ { $column } est nommé deux fois dans sa première ligne
error-not-a-ledger = { $path } n’est pas un fichier des écritures comptables (FEC) : { $why }
hint-not-a-ledger = donnez le fichier FEC exporté par le logiciel comptable (<SIREN>FEC<date de clôture>.txt)
fec-entry = { $entry } du { $date }, « { $label } », { $amount } €
fec-diff = { $title } ({ $file }) : { $what }, { $balance }
fec-diff-counts = { $added } { $added ->
        [one] écriture ajoutée
       *[other] écritures ajoutées
    }, { $modified } { $modified ->
        [one] modifiée
       *[other] modifiées
    }, { $deleted } { $deleted ->
        [one] supprimée
       *[other] supprimées
    }
fec-diff-nothing = aucune écriture changée
fec-diff-balanced = toujours équilibré
fec-diff-unbalanced = { $count } { $count ->
        [one] écriture déséquilibrée
       *[other] écritures déséquilibrées
    }
fec-diff-renumbered = { $count } { $count ->
        [one] écriture renumérotée, sans autre changement (ce n’est pas une modification)
       *[other] écritures renumérotées, sans autre changement (ce ne sont pas des modifications)
    }
fec-diff-modified = { $old } → { $new }
hint-fec-diff-verbose = le détail de chaque écriture : sacoche fec diff --verbose
error-invalid-ledger = rien n’a été emballé (--strict) : le grand livre { $path } a des anomalies
hint-invalid-ledger = voyez-les avec : sacoche fec check "{ $path }" ; corrigez-les dans le logiciel comptable et exportez le FEC à nouveau
pack-ledger-valid = { $path } : grand livre vérifié, { $entries } { $entries ->
        [one] écriture
       *[other] écritures
    }, toutes équilibrées
pack-ledger-defects = attention : le grand livre { $path } a { $count } { $count ->
        [one] anomalie
       *[other] anomalies
    } ; il part quand même (avec --strict, il ne partirait pas)
pack-ledger-not-a-ledger = attention : { $path } porte le nom d’un FEC mais n’en est pas un : { $why }
hint-pack-ledger = le détail : sacoche fec check "{ $path }"
pack-ledger-delta = { $path } : envoyé en écritures, { $size } au lieu du grand livre entier ({ $whole })
