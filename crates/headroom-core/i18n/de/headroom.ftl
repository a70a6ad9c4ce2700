# Headroom auf Deutsch.
# Die Namen der Aktivitätsanzeige für ihre Kategorien. Belegt: „Reserviert“ für wired memory
# (https://support.apple.com/de-de/HT201538, OS X 10.8). Unbestätigt (keine zitierbare Quelle
# gefunden; scripts/mac-selftest.sh vergleicht sie auf einem echten Mac mit den Tabellen der
# Aktivitätsanzeige): Speicherdruck, App-Speicher, Reservierter Speicher, Komprimiert,
# Dateien im Cache, Benutzter Swap-Speicher.

## The dropdown's figures

menu-headroom = Headroom { $size } — { $percent } % des RAM
menu-headroom-unknown = Headroom: auf diesem System unbekannt
menu-headroom-reading = Headroom: wird gelesen…
menu-pressure = Speicherdruck: { $level } — { $used } % belegt
menu-pressure-reading = Speicherdruck: wird gelesen…
pressure-normal = Normal
pressure-warn = Warnung
pressure-critical = Kritisch
pressure-word-normal = normal
pressure-word-warn = erhöht
pressure-word-critical = kritisch
basis-kernel = Kernelstufe { $level }
basis-pages = { $available } verfügbare Seiten; Warnung unter { $warn }, kritisch unter { $critical }
basis-psi = PSI some { $some } %, full { $full } % (10 s)
basis-available = { $percent } % des RAM verfügbar
basis-unknown = unbekannt: { $why }
menu-app = App-Speicher: { $size }
menu-wired = Reservierter Speicher: { $size }
menu-compressed = Komprimiert: { $size }
menu-cached = Dateien im Cache: { $size }
menu-free = Frei: { $size }
menu-swap = Benutzter Swap-Speicher: { $size }
menu-paging = { $swap } — Auslagerung { $out }/s hinaus, { $back }/s zurück

## Wired memory: the verdict and who holds it

wired-level-low = niedrig
wired-level-normal = normal
wired-level-elevated = erhöht
wired-level-high = hoch
menu-wired-verdict = Reserviert { $wired } — { $level } für { $total } ({ $range })
menu-wired-explained = { $line }, erklärt durch { $what }
menu-wired-judging = Reserviert: wird beurteilt…
menu-held-by = Gehalten von: { $owner } — { $size }
menu-held-by-more = { "         " }{ $owner } — { $size }
menu-holding-none = Hält ihn: keine VM, keine GPU-Arbeit, kein Treiber eines Drittanbieters gefunden
menu-holding-looking = Hält ihn: wird gesucht…
menu-holding = Hält ihn: { $holder }
menu-holding-loaded = Geladen: { $name } ({ $why })
holder-size = { $what } { $size }
holder-unknown-vms = { $holder } (+{ $count ->
        [one] 1 VM
       *[other] { $count } VMs
    } unbekannter Größe)
owner-locked = gesperrt von
owner-pinned = festgehalten von
owner-cgroup = Kernelspeicher von
owner-cgroup-v1 = Kernelspeicher und Caches von
owner-gpu = GPU
owner-huge-pages = Huge Pages
owner-kernel = Kernel:
owner-kext = Kext
owner-boot = Start:
owner-vmalloc = vmalloc von
owner-process-wired = reserviert für
owner-gpu-client = GPU-Speicher von
owner-process = { $kind } `{ $name }` (PID { $pid })
gpu-limit = GPU-Speicher { $used } von { $cap } Grenze
gpu-default-limit = GPU-Speicher { $used } von { $cap } Standardgrenze
gpu-gtt-of = GPU-Speicher (GTT) { $used } von { $cap }
gpu-used = GPU-Speicher { $used }
gpu-gtt = GPU-Speicher (GTT) { $used }
gpu-reading = GPU-Speicher: wird gelesen…
gpu-unknown = GPU-Speicher: unbekannt

## Top memory

top-heading = Größter Speicherbedarf
top-heading-looking = Größter Speicherbedarf: wird gesucht…
top-heading-unreadable = Größter Speicherbedarf ({ $count ->
        [one] 1 Prozess eines anderen Benutzers nicht lesbar
       *[other] { $count } Prozesse anderer Benutzer nicht lesbar
    })
top-keeps-growing = { $heading } — wächst weiter: { $name } +{ $growth } in { $hours } h
top-and-more = { $heading } und { $count } weitere
top-kernel = Kernel (reserviert)
top-row-app = { $name } — { $size }
top-row-app-processes = { $name } — { $count } Prozesse — { $size }
top-row-process = { $name } (PID { $pid }) — { $size }
top-actions = App beenden oder ansehen
top-quit-empty = Beenden…
top-report = Im Bericht zeigen…
top-report-named = { $name } im Bericht zeigen…
top-growth-named = { $name }: { $growth }
top-kernel-growth = Vom Kernel und von Treibern gehalten: keine App zum Beenden
top-kernel-quit = Nur ein Neustart setzt ihn zurück (siehe „Gehalten von“ unten)
top-session-growth = Teil der Desktop-Sitzung
top-session-quit = Nicht von hier beendet: die Sitzung ginge mit
top-last-hour-unknown = Letzte Stunde: noch nicht aufgezeichnet
top-last-hour = Letzte Stunde: { $change } ({ $from } → { $to })
top-quit = { $name } beenden… (gibt etwa { $size } frei)

## The trend

menu-sparkline = Belegt und reserviert, letzte { $span }
trend-nothing = Verlauf: noch nichts aufgezeichnet
trend-starting = Verlauf: beginnt (weniger als eine Minute aufgezeichnet)
trend-line = Letzte { $span }: reserviert { $wired }{ $peak }, belegt { $used }
trend-peak = { " " }(Spitze { $size })

## Actions

menu-purge-unavailable = Dateien im Cache freigeben… ({ $why })
menu-purging = Wird freigegeben…
menu-purge-last = Dateien im Cache freigeben… — zuletzt: { $result }
menu-purge = Dateien im Cache freigeben…
menu-purge-estimate = Dateien im Cache freigeben… ({ $size } freigebbar)
menu-mark-baseline = Ausgangswert festhalten
menu-compare-baseline = Mit Ausgangswert vergleichen
menu-notifications = Mitteilungen
menu-test-notification = Testmitteilung senden
menu-test-notification-last = Testmitteilung senden — zuletzt: { $result }
menu-snooze-nothing = Einen Tag stumm (noch nichts gesendet)
menu-snooze = Meldungen „{ $kind }“ einen Tag stumm
menu-snoozed = Meldungen „{ $kind }“ stumm bis { $until }
menu-show-history = Verlauf zeigen…
menu-open-settings = Einstellungen öffnen
menu-launch-at-login = Bei der Anmeldung starten
menu-launch-at-login-note = Bei der Anmeldung starten — { $note }
menu-about = Über Headroom
menu-quit = Headroom beenden
menu-settings-problem = Die Einstellungsdatei hat einen Fehler { $place } — zum Öffnen klicken
menu-settings-problem-line = in Zeile { $line }
menu-settings-problem-key = bei `{ $key }`
menu-settings-problem-anywhere = in sich

## The baseline

baseline-app = App
baseline-wired = Reserviert
baseline-compressed = Komprimiert
baseline-cached = Cache
baseline-free = Frei
baseline-swap = Swap
baseline-since = Seit { $since }: { $changes }
baseline-no-change = keine Änderung von 0,1 GB oder mehr
baseline-new = { $line }; neu: { $names }
baseline-marked = Ausgangswert festgehalten um { $when }
baseline-compared = Mit dem Ausgangswert verglichen
moment-tomorrow = morgen { $clock }
moment-yesterday = gestern { $clock }

## The Settings submenu

settings = Einstellungen
settings-open-file = Einstellungsdatei öffnen…
settings-menu-bar = Menüleiste zeigt
settings-units = Einheiten
settings-interval = Messintervall
settings-notify = Mitteilen bei
settings-title-none = Nichts
settings-title-used = Belegter Speicher %
settings-title-wired = Reservierter Speicher
settings-title-headroom = Headroom
settings-title-swap = Benutzter Swap-Speicher
settings-units-gb = GB (wie die Aktivitätsanzeige)
settings-units-gib = GiB
settings-every = Alle { $seconds } s
kind-creeping = Reservierter Speicher wächst schleichend
kind-jump = Reservierter Speicher springt
kind-wired-level = Reservierter Speicher hoch
kind-pressure = Speicherdruck
kind-swap-growth = Swap wächst
kind-thrashing = Dauerauslagerung
kind-app-leak = Eine App wächst weiter
kind-runaway = Eine App ufert aus
kind-purge-result = Ergebnisse der Freigabe
title-swap = Swap { $size }

## The menu bar's tooltip and what a screen reader says

glance-reading = Headroom: wird gelesen…
glance = Headroom{ $headroom } — { $used } % belegt, Speicherdruck { $pressure }; reserviert { $wired }{ $level }

## Notifications

notify-creeping-title = Reservierter Speicher wächst schleichend
notify-creeping-body = { $from } → { $to } in { $days } Tagen (+{ $rate }/Tag). So sieht ein Leck in einem Treiber oder einer Kernelerweiterung aus; ein Neustart setzt es zurück.
notify-jump-title = Reservierter Speicher ist um { $size } gesprungen
notify-jump-body = { $from } → { $to }, und so blieb es.{ $cause }
notify-jump-explained = { " " }Eine VM oder GPU-Arbeit, die damals begann, erklärt es.
notify-jump-around = { " " }Zur selben Zeit: { $what }.
notify-jump-unexplained = { " " }Sieh nach, was damals installiert oder gestartet wurde.
notify-level-title = Reservierter Speicher ist { $level }
notify-level-body = { $wired }{ $moment } bei { $total } RAM (üblich { $range }). { $cause }
notify-level-moment = { " " }(der Median der letzten { $minutes } Minuten; jetzt { $now })
notify-level-unexplained = Nichts Laufendes erklärt es: prüfe Treiber, Sicherheitssoftware und Kernelerweiterungen.
notify-level-vm = Eine VM läuft, die ihn halten könnte: { $vm }.
notify-pressure-critical = Der Speicherdruck ist kritisch
notify-pressure-high = Der Speicherdruck ist hoch
notify-pressure-body = Seit { $minutes } Minuten. { $basis }.
notify-swap-title = Swap wächst schnell
notify-swap-body = { $from } → { $to } in { $minutes } Minuten.
notify-digest-title = Headroom: { $count ->
        [one] 1 Meldung heute
       *[other] { $count } Meldungen heute
    }
notify-digest-item = { $title }: { $body }
notify-purge-title = Freigabe beendet
notify-test-title = Testmitteilung von Headroom
notify-test-body = Mitteilungen erreichen dich. Wachstum und hoher reservierter Speicher sowie Speicherdruck erscheinen so.{ $figures }
notify-test-figures = { " " }Gerade: reserviert { $wired }, Speicherdruck { $pressure }.
notify-leak-title = { $name } wächst weiter
notify-leak-body = Um { $growth } gewachsen in { $hours } h (+{ $rate }/h). Beenden gibt etwa { $size } frei.
notify-runaway-title = { $name } belegt { $size }
notify-runaway-body = Eine Minute lang über { $ceiling } (apps.ceiling = "{ $setting }"). Beenden gibt etwa { $size } frei.
notify-thrashing-title = Dauerauslagerung, obwohl der Speicherdruck normal ist
notify-thrashing-body = In der letzten Minute wurden { $out }/s ausgelagert und { $back }/s zurückgeholt: Apps warten auf das Laufwerk. Beenden, was gewachsen ist, schafft Platz.
notify-grew-app = { $name } +{ $size }
notify-grew-holder = { $kind } { $name } +{ $size } reserviert
notify-grew-recently = { " " }In den letzten 10 Minuten: { $list }.
notify-grew-most = { " " }Am stärksten gewachsen: { $kind } { $name }, { $pair }.
notify-snoozed-title = Meldungen stumm
notify-snoozed-body = Keine Meldungen „{ $kind }“ bis { $until }. Andere Meldungen kommen weiter.

## Quitting an app from the menu

quit-confirm-title = { $name } beenden?
quit-confirm-quit = Beenden
quit-confirm-cancel = Abbrechen
quit-confirm-body = Belegt etwa { $size }; Beenden gibt das frei. Headroom bittet { $count ->
        [one] seinen Prozess
       *[other] seine { $count } Prozesse
    } zu beenden, wie du es selbst tun würdest: ungesicherte Arbeit kann zuerst fragen. Nie erzwungen.
quit-done-title = { $name } beendet
quit-done-body = { $gain } freigegeben: Headroom { $before } → { $after }.
quit-done-shared = Headroom hat sich kaum bewegt ({ $before } → { $after }): sein Speicher war geteilt, komprimiert oder ausgelagert.
quit-running-title = { $name } ist nicht beendet
quit-running-body = { $left } seiner Prozesse laufen nach { $seconds } s noch: vielleicht fragt es nach dem Sichern. Headroom erzwingt nie.
quit-gone-title = { $name } läuft nicht
quit-gone-body = Es war schon beendet.
quit-refused-title = { $name } konnte nicht beendet werden

## Answers to a click

answer-baseline-body = { $figures }. Wähle später „Mit Ausgangswert vergleichen“, um zu sehen, was sich bewegt hat.
answer-not-saved = Einstellung nicht gesichert
answer-no-settings-dir = Es gibt keinen Einstellungsordner; sie gilt, bis Headroom beendet wird.
answer-lasts = { $error }. Sie gilt, bis Headroom beendet wird.
answer-settings-not-opened = Die Einstellungen konnten nicht geöffnet werden
answer-history-not-shown = Der Verlauf konnte nicht gezeigt werden
answer-about = Speicher-Spielraum auf einen Blick: wohin der Speicher ging, in den Kategorien der Aktivitätsanzeige, und wer reservierten Speicher hält. Einstellungen: { $settings }. Verlauf: { $history }.

## The report's page (the app's Show History…; `headroom report` stays English)

report-title = Speicherverlauf
report-note = { $from } – { $to } (Ortszeit, UTC{ $offset }). Jede Spalte eines Diagramms zeigt den niedrigsten und höchsten Wert ihres Zeitabschnitts. Geschrieben von Headroom { $version } um { $written }.
report-nothing = In diesem Zeitraum wurde nichts aufgezeichnet. `headroom record` oder die Menüleisten-App zeichnet den Verlauf auf.
report-memory = Speicher nach Kategorie (wie die Aktivitätsanzeige), GB
report-wired = Reservierter Speicher: der Teil, den keine App zurückgeben kann
report-holders = Wer reservierten Speicher hielt (die größten, wie aufgezeichnet)
report-apps = Apps im Zeitverlauf (die größten, wie aufgezeichnet)
report-swap = Pro Tag geschriebener Swap (was Auslagern eine SSD kostet), GB
report-pressure = Speicherdruck (grün normal, gelb Warnung, rot kritisch)
report-events = Ereignisse
report-boots = Starts
report-boots-columns = Start | gestartet | aufgezeichnet ab | Dauer | reserviert zu Beginn | reserviert am Ende | Trend | Sprünge

## headroom advise: do I need more RAM?

advise-enough = { $ram } reichen: Speicherdruck { $normal } % der Zeit normal, Bedarf höchstens { $peak } (95 % der Zeit unter { $p95 }).
advise-more = { $ram } standen { $share } % der Zeit auf Warnung oder kritisch{ $working }{ $swap }, bei einem Bedarf bis { $peak }; etwa { $suggested } hätten den Speicherdruck normal gehalten.
advise-working = { " " }({ $share } % der Arbeitszeit)
advise-swap = { " " }und lagerten { $size } am Tag aus
advise-basis-one = Aus einer einzigen Messung, jetzt: noch nichts aufgezeichnet (die Menüleisten-App oder `headroom record` führt den nötigen Verlauf), daher geringe Sicherheit.
advise-basis = Aus { $recorded } Verlauf über { $boots ->
        [one] 1 Start
       *[other] { $boots } Starts
    } ({ $how }).
advise-days = { $n } Tagen
advise-hours = { $n } Stunden
advise-minutes = { $n } Minuten
advise-seconds = { $n } Sekunden
advise-low = geringe Sicherheit: unter 3 Tagen, ein voller oder ruhiger Tag fehlt vielleicht
advise-medium = mittlere Sicherheit: unter zwei Wochen
advise-high = hohe Sicherheit
