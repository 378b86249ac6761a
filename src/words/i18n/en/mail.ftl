## The message carrying an archive: its subject (in the sender's language) and its
## body (in French, then in English).

mail-subject = Dossier { $dossier }{ $has-holder ->
        [yes] { " — " }{ $holder }
       *[no] {""}
    }: sacoche archive { $name }
mail-body = Hello,

    Attached is the sacoche exchange archive { $name } for dossier { $dossier }{ $has-holder ->
        [yes] { " — " }{ $holder }
       *[no] {""}
    }{ $has-period ->
        [yes] , fiscal year { $period }
       *[no] {""}
    }.
    It holds { $kind ->
        [full] the whole dossier
        [changes] only the changes since the last exchange
       *[receipt] a receipt (no files)
    } ({ $files ->
        [0] no file
        [one] { $files } file
       *[other] { $files } files
    }), sending number { $sequence }.

    On receipt: save the attachment into your sacoche inbox folder, then run
    "sacoche inbox process --all" (or "sacoche apply { $name } DOSSIER").
    The archive is signed: any change on the way would be detected.
