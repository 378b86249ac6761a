## Le courriel qui porte une archive : son objet (dans la langue de l’expéditeur) et son
## texte (en français, puis en anglais).

mail-subject = Dossier { $dossier }{ $has-holder ->
        [yes] { " — " }{ $holder }
       *[no] {""}
    } : archive sacoche { $name }
mail-body = Bonjour,

    Veuillez trouver ci-joint l’archive d’échange sacoche { $name } pour le dossier { $dossier }{ $has-holder ->
        [yes] { " — " }{ $holder }
       *[no] {""}
    }{ $has-period ->
        [yes] , exercice { $period }
       *[no] {""}
    }.
    Elle contient { $kind ->
        [full] le dossier complet
        [changes] seulement les modifications depuis le dernier échange
       *[receipt] un accusé de réception (aucun fichier)
    } ({ $files ->
        [0] aucun fichier
        [one] { $files } fichier
       *[other] { $files } fichiers
    }), numéro d’envoi { $sequence }.

    À réception : enregistrez la pièce jointe dans votre dossier de réception sacoche, puis lancez
    « sacoche inbox process --all » (ou « sacoche apply { $name } DOSSIER »).
    L’archive est signée : toute modification en route serait détectée.
