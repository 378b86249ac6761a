# Pourquoi une archive a été refusée, en français : un message par raison,
# `rejection-<code>` (les codes stables de `sacoche::archive::Rejection`). Chaque id est
# aussi dans ../en/rejection.ftl (un test le vérifie). Chacun dit ce qui ne va pas, puis
# quoi faire quand on peut faire quelque chose. Les noms et les détails viennent de
# l’archive et arrivent échappés. Le sujet sous-entendu est l’archive (« signée par… »).

rejection-not-an-archive = ce n’est pas une archive sacoche (ce n’est même pas un fichier zip)
rejection-truncated = le fichier est incomplet (coupé pendant une copie ou un téléchargement) : copiez-le à nouveau ou demandez à l’expéditeur de le renvoyer
rejection-trailing-bytes = { $count ->
        [one] { $count } octet inattendu
       *[other] { $count } octets inattendus
    } après la fin de l’archive signée : demandez à l’expéditeur de renvoyer l’archive
rejection-unsigned = un fichier zip sans signature sacoche : demandez à l’expéditeur de renvoyer l’archive
rejection-malformed-signature = le bloc de signature est abîmé ({ $why }) : demandez à l’expéditeur de renvoyer l’archive
rejection-bad-signature = la signature ne correspond pas : le fichier a été modifié ou falsifié ; demandez à l’expéditeur de renvoyer l’archive
rejection-content-altered = le contenu ne correspond pas à sa signature : le fichier a été modifié ou abîmé après avoir été signé ; demandez à l’expéditeur de renvoyer l’archive
rejection-unknown-signer = signée par une clé inconnue, d’empreinte { $key_id } ; si vous attendiez cette archive, appelez l’expéditeur et comparez l’empreinte { $key_id } avec celle que donne sa commande « sacoche key show » ; si elles sont identiques, et seulement alors, ajoutez sa clé avec « sacoche trust add CLÉ --name NOM --dossier { $dossier } », CLÉ étant la ligne que l’expéditeur vous donne
rejection-signer-not-trusted-for-dossier = signée par « { $name } » (clé { $key_id }), à qui vous ne faites pas confiance pour le dossier { $dossier } ; si c’est normal, ajoutez ce dossier à sa clé avec « sacoche trust add CLÉ --name "{ $name }" --dossier { $dossier } »
rejection-bad-zip = la structure du fichier zip est abîmée ({ $why }) : demandez à l’expéditeur de renvoyer l’archive
rejection-header-mismatch = les en-têtes du fichier zip se contredisent ({ $why })
rejection-overlapping-entries = des éléments du fichier zip se chevauchent (une construction de « bombe zip »)
rejection-duplicate-name = le nom « { $name } » apparaît deux fois
rejection-name-collision = « { $name } » et « { $other } » seraient le même fichier sous Windows ou sur une clé USB
rejection-unsafe-path = nom de fichier dangereux « { $name } » : { $why }
rejection-not-a-regular-file = « { $name } » n’est pas un simple fichier (c’est un lien, un dossier ou un périphérique)
rejection-encrypted-entry = « { $name } » est chiffré, ce que les archives sacoche ne sont jamais
rejection-unsupported-compression = « { $name } » utilise la compression { $method } ; les archives sacoche n’utilisent que « stored » (sans compression) ou « deflate »
rejection-manifest-not-first = le premier élément n’est pas le manifeste, la liste des fichiers de l’archive ({ $manifest })
rejection-manifest-too-large = le manifeste est trop gros ({ $count ->
        [one] { $count } octet
       *[other] { $count } octets
    })
rejection-manifest-invalid = le manifeste est invalide : { $why }
rejection-unsupported-version = faite avec la version { $version } du format, que ce sacoche ne connaît pas : installez une version plus récente de sacoche
rejection-statement-mismatch = { $field ->
        [dossier] le numéro de dossier signé diffère de celui du manifeste
        [creation-time] la date de création signée diffère de celle du manifeste
        [kind] le type d’archive signé diffère de celui du manifeste
        [sequence-number] le numéro d’ordre signé diffère de celui du manifeste
        [key-id] l’empreinte de clé signée diffère de celle du manifeste
        [manifest-hash] l’empreinte signée du manifeste ne correspond pas au manifeste
       *[other] la signature et le manifeste ne disent pas la même chose ({ $field })
    }
rejection-state-id-mismatch = l’identifiant d’état du manifeste ne correspond pas à sa liste de fichiers
rejection-ops-contradict-files = les modifications contredisent la liste des fichiers : { $why }
rejection-files-contradict-state = les fichiers transportés contredisent la liste d’état : { $why }
rejection-entry-not-in-manifest = « { $name } » est dans le fichier zip mais pas dans le manifeste
rejection-file-missing = « { $name } » figure dans le manifeste mais manque dans le fichier zip : demandez à l’expéditeur de renvoyer l’archive
rejection-size-mismatch = « { $name } » fait { $found ->
        [one] { $found } octet
       *[other] { $found } octets
    } alors que le manifeste annonce { $expected } : demandez à l’expéditeur de renvoyer l’archive
rejection-size-exceeds-declared = « { $name } », une fois décompressé, dépasse la taille annoncée de { $declared ->
        [one] { $declared } octet
       *[other] { $declared } octets
    } : demandez à l’expéditeur de renvoyer l’archive
rejection-hash-mismatch = « { $name } » ne correspond pas à son empreinte SHA-256 dans le manifeste : demandez à l’expéditeur de renvoyer l’archive
rejection-delta-invalid = les écritures de « { $name } » (un delta par rapport à la version que vous avez) sont mal formées : demandez à l’expéditeur de renvoyer l’archive
rejection-delta-mismatch = les écritures de « { $name } », appliquées à la version que vous avez, ne redonnent pas le grand livre de l’expéditeur ; rien n’a été changé : demandez-lui une archive complète (sacoche pack --full)
rejection-corrupt-entry = « { $name } » est abîmé ({ $detail }) : demandez à l’expéditeur de renvoyer l’archive
