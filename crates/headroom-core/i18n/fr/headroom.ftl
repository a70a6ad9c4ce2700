# Headroom en français.
# Les noms du Moniteur d'activité pour ses catégories, non confirmés (aucune source citable
# trouvée ; scripts/mac-selftest.sh les compare sur un vrai Mac aux tables du Moniteur d'activité) :
# Pression de la mémoire, Mémoire de l'app, Mémoire résidente, Compressée, Fichiers en cache, Swap utilisé.

## The dropdown's figures

menu-headroom = Marge { $size } — { $percent } % de la RAM
menu-headroom-unknown = Marge : inconnue sur ce système
menu-headroom-reading = Marge : lecture…
menu-pressure = Pression de la mémoire : { $level } — { $used } % utilisés
menu-pressure-reading = Pression de la mémoire : lecture…
pressure-normal = Normale
pressure-warn = Avertissement
pressure-critical = Critique
pressure-word-normal = normale
pressure-word-warn = élevée
pressure-word-critical = critique
basis-kernel = niveau du noyau { $level }
basis-pages = { $available } pages disponibles ; avertissement sous { $warn }, critique sous { $critical }
basis-psi = PSI some { $some } %, full { $full } % (10 s)
basis-available = { $percent } % de la RAM disponibles
basis-unknown = inconnue : { $why }
menu-app = Mémoire de l'app : { $size }
menu-wired = Mémoire résidente : { $size }
menu-compressed = Compressée : { $size }
menu-cached = Fichiers en cache : { $size }
menu-free = Libre : { $size }
menu-swap = Swap utilisé : { $size }
menu-paging = { $swap } — pagination { $out }/s sortants, { $back }/s entrants

## Wired memory: the verdict and who holds it

wired-level-low = basse
wired-level-normal = normale
wired-level-elevated = élevée
wired-level-high = haute
menu-wired-verdict = Résidente { $wired } — { $level } pour { $total } ({ $range })
menu-wired-explained = { $line }, expliquée par { $what }
menu-wired-judging = Résidente : évaluation…
menu-held-by = Tenue par : { $owner } — { $size }
menu-held-by-more = { "         " }{ $owner } — { $size }
menu-holding-none = Qui la tient : aucune VM, aucun travail GPU ni pilote tiers trouvé
menu-holding-looking = Qui la tient : recherche…
menu-holding = Qui la tient : { $holder }
menu-holding-loaded = Chargé : { $name } ({ $why })
holder-size = { $what } { $size }
holder-unknown-vms = { $holder } (+{ $count ->
        [one] 1 VM
       *[other] { $count } VM
    } de taille inconnue)
owner-locked = verrouillée par
owner-pinned = épinglée par
owner-cgroup = mémoire noyau de
owner-cgroup-v1 = mémoire noyau et caches de
owner-gpu = GPU
owner-huge-pages = pages géantes
owner-kernel = noyau :
owner-kext = kext
owner-boot = démarrage :
owner-vmalloc = vmalloc par
owner-process-wired = résidente pour
owner-gpu-client = mémoire GPU de
owner-process = { $kind } `{ $name }` (pid { $pid })
gpu-limit = Mémoire GPU { $used } sur une limite de { $cap }
gpu-default-limit = Mémoire GPU { $used } sur une limite par défaut de { $cap }
gpu-gtt-of = Mémoire GPU (GTT) { $used } sur { $cap }
gpu-used = Mémoire GPU { $used }
gpu-gtt = Mémoire GPU (GTT) { $used }
gpu-reading = Mémoire GPU : lecture…
gpu-unknown = Mémoire GPU : inconnue

## Top memory

top-heading = Plus gros consommateurs
top-heading-looking = Plus gros consommateurs : recherche…
top-heading-unreadable = Plus gros consommateurs ({ $count ->
        [one] 1 processus d'un autre utilisateur illisible
       *[other] { $count } processus d'autres utilisateurs illisibles
    })
top-keeps-growing = { $heading } — ne cesse de grossir : { $name } +{ $growth } en { $hours } h
top-and-more = { $heading } et { $count } de plus
top-kernel = Noyau (résidente)
top-row-app = { $name } — { $size }
top-row-app-processes = { $name } — { $count } processus — { $size }
top-row-process = { $name } (pid { $pid }) — { $size }
top-actions = Quitter ou examiner une app
top-quit-empty = Quitter…
top-report = Afficher dans le rapport…
top-report-named = Afficher { $name } dans le rapport…
top-growth-named = { $name } : { $growth }
top-kernel-growth = Tenue par le noyau et les pilotes : aucune app à quitter
top-kernel-quit = Seul un redémarrage la remet à zéro (voir « Tenue par » plus bas)
top-session-growth = Fait partie de la session de bureau
top-session-quit = Pas quitté d'ici : la session partirait avec
top-last-hour-unknown = Dernière heure : pas encore enregistrée
top-last-hour = Dernière heure : { $change } ({ $from } → { $to })
top-quit = Quitter { $name }… (rend environ { $size })

## The trend

menu-sparkline = Utilisée et résidente, dernières { $span }
trend-nothing = Tendance : rien d'enregistré
trend-starting = Tendance : début (moins d'une minute enregistrée)
trend-line = Dernières { $span } : résidente { $wired }{ $peak }, utilisée { $used }
trend-peak = { " " }(pic { $size })

## Actions

menu-purge-unavailable = Purger les fichiers en cache… ({ $why })
menu-purging = Purge en cours…
menu-purge-last = Purger les fichiers en cache… — dernière : { $result }
menu-purge = Purger les fichiers en cache…
menu-purge-estimate = Purger les fichiers en cache… ({ $size } récupérables)
menu-mark-baseline = Marquer une référence
menu-compare-baseline = Comparer à la référence
menu-notifications = Notifications
menu-test-notification = Envoyer une notification de test
menu-test-notification-last = Envoyer une notification de test — dernière : { $result }
menu-snooze-nothing = Suspendre un jour (rien d'envoyé)
menu-snooze = Suspendre les alertes « { $kind } » un jour
menu-snoozed = Alertes « { $kind } » suspendues jusqu'à { $until }
menu-show-history = Afficher l'historique…
menu-open-settings = Ouvrir les réglages
menu-launch-at-login = Ouvrir à la connexion
menu-launch-at-login-note = Ouvrir à la connexion — { $note }
menu-about = À propos de Headroom
menu-quit = Quitter Headroom
menu-settings-problem = Le fichier de réglages a une erreur { $place } — cliquer pour l'ouvrir
menu-settings-problem-line = à la ligne { $line }
menu-settings-problem-key = à `{ $key }`
menu-settings-problem-anywhere = quelque part

## The baseline

baseline-app = App
baseline-wired = Résidente
baseline-compressed = Compressée
baseline-cached = Cache
baseline-free = Libre
baseline-swap = Swap
baseline-since = Depuis { $since } : { $changes }
baseline-no-change = aucun changement de 0,1 GB ou plus
baseline-new = { $line } ; nouveau : { $names }
baseline-marked = Référence marquée à { $when }
baseline-compared = Comparé à la référence
moment-tomorrow = demain { $clock }
moment-yesterday = hier { $clock }

## The Settings submenu

settings = Réglages
settings-open-file = Ouvrir le fichier de réglages…
settings-menu-bar = La barre des menus affiche
settings-units = Unités
settings-interval = Intervalle de mesure
settings-notify = Notifier
settings-title-none = Rien
settings-title-used = Mémoire utilisée %
settings-title-wired = Mémoire résidente
settings-title-headroom = Marge
settings-title-swap = Swap utilisé
settings-units-gb = GB (comme le Moniteur d'activité)
settings-units-gib = GiB
settings-every = Toutes les { $seconds } s
kind-creeping = Mémoire résidente en lente hausse
kind-jump = Sauts de mémoire résidente
kind-wired-level = Mémoire résidente haute
kind-pressure = Pression de la mémoire
kind-swap-growth = Swap en hausse
kind-thrashing = Pagination incessante
kind-app-leak = Une app ne cesse de grossir
kind-runaway = Une app s'emballe
kind-purge-result = Résultats des purges
title-swap = swap { $size }

## The menu bar's tooltip and what a screen reader says

glance-reading = Marge : lecture…
glance = Marge{ $headroom } — { $used } % utilisés, pression { $pressure } ; résidente { $wired }{ $level }

## Notifications

notify-creeping-title = La mémoire résidente monte lentement
notify-creeping-body = { $from } → { $to } en { $days } jours (+{ $rate }/jour). Une fuite d'un pilote ou d'une extension du noyau ressemble à ceci ; un redémarrage la remet à zéro.
notify-jump-title = La mémoire résidente a fait un saut de { $size }
notify-jump-body = { $from } → { $to }, et elle est restée.{ $cause }
notify-jump-explained = { " " }Une VM ou un travail GPU lancé alors l'explique.
notify-jump-around = { " " }À ce moment : { $what }.
notify-jump-unexplained = { " " }Regardez ce qui a été installé ou lancé alors.
notify-level-title = La mémoire résidente est { $level }
notify-level-body = { $wired }{ $moment } sur { $total } de RAM (habituel { $range }). { $cause }
notify-level-moment = { " " }(la médiane des { $minutes } dernières minutes ; { $now } maintenant)
notify-level-unexplained = Rien en cours ne l'explique : vérifiez les pilotes, les logiciels de sécurité et les extensions du noyau.
notify-level-vm = Une VM tourne et pourrait la tenir : { $vm }.
notify-pressure-critical = La pression de la mémoire est critique
notify-pressure-high = La pression de la mémoire est élevée
notify-pressure-body = Depuis { $minutes } minutes. { $basis }.
notify-swap-title = Le swap grossit vite
notify-swap-body = { $from } → { $to } en { $minutes } minutes.
notify-digest-title = Headroom : { $count ->
        [one] 1 alerte aujourd'hui
       *[other] { $count } alertes aujourd'hui
    }
notify-digest-item = { $title } : { $body }
notify-purge-title = Purge terminée
notify-test-title = Notification de test de Headroom
notify-test-body = Les notifications vous parviennent. La hausse et le niveau de la mémoire résidente et la pression s'afficheront ainsi.{ $figures }
notify-test-figures = { " " }En ce moment : résidente { $wired }, pression { $pressure }.
notify-leak-title = { $name } ne cesse de grossir
notify-leak-body = A grossi de { $growth } en { $hours } h (+{ $rate }/h). Le quitter rend environ { $size }.
notify-runaway-title = { $name } utilise { $size }
notify-runaway-body = Au-dessus de { $ceiling } (apps.ceiling = "{ $setting }") depuis une minute. Le quitter rend environ { $size }.
notify-thrashing-title = Pagination incessante, malgré une pression normale
notify-thrashing-body = Dans la dernière minute, { $out }/s sont sortis vers le swap et { $back }/s sont revenus : les apps attendent le disque. Quitter ce qui a grossi libère de la place.
notify-grew-app = { $name } +{ $size }
notify-grew-holder = { $kind } { $name } +{ $size } résidente
notify-grew-recently = { " " }Ces 10 dernières minutes : { $list }.
notify-grew-most = { " " }A le plus grossi : { $kind } { $name }, { $pair }.
notify-snoozed-title = Alertes suspendues
notify-snoozed-body = Aucune alerte « { $kind } » jusqu'à { $until }. Les autres alertes continuent.

## Quitting an app from the menu

quit-confirm-title = Quitter { $name } ?
quit-confirm-quit = Quitter
quit-confirm-cancel = Annuler
quit-confirm-body = Utilise environ { $size } ; le quitter le rend. Headroom demande à { $count ->
        [one] son processus
       *[other] ses { $count } processus
    } de quitter, comme vous le feriez : un travail non enregistré peut d'abord demander. Jamais forcé.
quit-done-title = { $name } a quitté
quit-done-body = { $gain } rendus : marge { $before } → { $after }.
quit-done-shared = La marge a à peine bougé ({ $before } → { $after }) : sa mémoire était partagée, compressée ou dans le swap.
quit-running-title = { $name } n'a pas quitté
quit-running-body = { $left } de ses processus tournent encore après { $seconds } s : il demande peut-être d'enregistrer. Headroom ne force jamais.
quit-gone-title = { $name } ne tourne pas
quit-gone-body = Il avait déjà quitté.
quit-refused-title = Impossible de quitter { $name }

## Answers to a click

answer-baseline-body = { $figures }. Choisissez « Comparer à la référence » plus tard pour voir ce qui a bougé.
answer-not-saved = Réglage non enregistré
answer-no-settings-dir = Il n'y a pas de dossier de réglages ; il vaut jusqu'à ce que Headroom quitte.
answer-lasts = { $error }. Il vaut jusqu'à ce que Headroom quitte.
answer-settings-not-opened = Impossible d'ouvrir les réglages
answer-history-not-shown = Impossible d'afficher l'historique
answer-about = La marge mémoire d'un coup d'œil : où est passée la mémoire, dans les catégories du Moniteur d'activité, et qui tient la mémoire résidente. Réglages : { $settings }. Historique : { $history }.

## The report's page (the app's Show History…; `headroom report` stays English)

report-title = Historique de la mémoire
report-note = { $from } – { $to } (heure locale, UTC{ $offset }). Chaque colonne d'un graphique montre le plus bas et le plus haut de sa tranche de temps. Écrit par Headroom { $version } à { $written }.
report-nothing = Rien d'enregistré sur cette période. `headroom record` ou l'app de la barre des menus enregistre l'historique.
report-memory = Mémoire par catégorie (celles du Moniteur d'activité), GB
report-wired = Mémoire résidente : la part qu'aucune app ne peut rendre
report-holders = Qui tenait la mémoire résidente (les plus gros, tels qu'enregistrés)
report-apps = Les apps au fil du temps (les plus grosses, telles qu'enregistrées)
report-swap = Swap écrit par jour (ce que coûte le swap à un SSD), GB
report-pressure = Pression de la mémoire (vert normale, orange avertissement, rouge critique)
report-events = Événements
report-boots = Démarrages
report-boots-columns = démarrage | démarré | enregistré depuis | durée | résidente au début | résidente à la fin | tendance | sauts

## headroom advise: do I need more RAM?

advise-enough = { $ram } suffisent : pression normale { $normal } % du temps, besoin d'au plus { $peak } (95 % du temps sous { $p95 }).
advise-more = { $ram } étaient en avertissement ou critique { $share } % du temps{ $working }{ $swap }, pour un besoin jusqu'à { $peak } ; environ { $suggested } auraient gardé la pression normale.
advise-working = { " " }({ $share } % des heures de travail)
advise-swap = { " " }et écrivaient { $size } de swap par jour
advise-basis-one = D'une seule mesure, maintenant : rien n'est encore enregistré (l'app de la barre des menus ou `headroom record` tient l'historique nécessaire), donc faible confiance.
advise-basis = Sur { $recorded } d'historique et { $boots ->
        [one] 1 démarrage
       *[other] { $boots } démarrages
    } ({ $how }).
advise-days = { $n } jours
advise-hours = { $n } heures
advise-minutes = { $n } minutes
advise-seconds = { $n } secondes
advise-low = faible confiance : moins de 3 jours, une journée chargée ou calme peut manquer
advise-medium = confiance moyenne : moins de deux semaines
advise-high = confiance élevée
