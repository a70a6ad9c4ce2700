# Headroom en español.
# Los nombres del Monitor de Actividad para sus categorías, sin confirmar (no se halló una fuente
# citable; scripts/mac-selftest.sh los compara en un Mac real con las tablas del Monitor de
# Actividad): Presión de memoria, Memoria de la app, Memoria no paginable, Comprimida,
# Archivos en caché, Swap usado.

## The dropdown's figures

menu-headroom = Margen { $size } — { $percent } % de la RAM
menu-headroom-unknown = Margen: desconocido en este sistema
menu-headroom-reading = Margen: leyendo…
menu-pressure = Presión de memoria: { $level } — { $used } % en uso
menu-pressure-reading = Presión de memoria: leyendo…
pressure-normal = Normal
pressure-warn = Advertencia
pressure-critical = Crítica
pressure-word-normal = normal
pressure-word-warn = alta
pressure-word-critical = crítica
basis-kernel = nivel del kernel { $level }
basis-pages = { $available } páginas disponibles; advertencia por debajo de { $warn }, crítica por debajo de { $critical }
basis-psi = PSI some { $some } %, full { $full } % (10 s)
basis-available = { $percent } % de la RAM disponible
basis-unknown = desconocida: { $why }
menu-app = Memoria de la app: { $size }
menu-wired = Memoria no paginable: { $size }
menu-compressed = Comprimida: { $size }
menu-cached = Archivos en caché: { $size }
menu-free = Libre: { $size }
menu-swap = Swap usado: { $size }
menu-paging = { $swap } — paginando { $out }/s fuera, { $back }/s dentro

## Wired memory: the verdict and who holds it

wired-level-low = baja
wired-level-normal = normal
wired-level-elevated = elevada
wired-level-high = alta
menu-wired-verdict = No paginable { $wired } — { $level } para { $total } ({ $range })
menu-wired-explained = { $line }, explicada por { $what }
menu-wired-judging = No paginable: evaluando…
menu-held-by = Retenida por: { $owner } — { $size }
menu-held-by-more = { "         " }{ $owner } — { $size }
menu-holding-none = Quién la retiene: ninguna VM, trabajo de GPU ni controlador de terceros
menu-holding-looking = Quién la retiene: buscando…
menu-holding = Quién la retiene: { $holder }
menu-holding-loaded = Cargado: { $name } ({ $why })
holder-size = { $what } { $size }
holder-unknown-vms = { $holder } (+{ $count ->
        [one] 1 VM
       *[other] { $count } VM
    } de tamaño desconocido)
owner-locked = bloqueada por
owner-pinned = fijada por
owner-cgroup = memoria del kernel de
owner-cgroup-v1 = memoria del kernel y cachés de
owner-gpu = GPU
owner-huge-pages = páginas enormes
owner-kernel = kernel:
owner-kext = kext
owner-boot = arranque:
owner-vmalloc = vmalloc de
owner-process-wired = no paginable de
owner-gpu-client = memoria de GPU de
owner-process = { $kind } `{ $name }` (pid { $pid })
gpu-limit = Memoria de GPU { $used } de un límite de { $cap }
gpu-default-limit = Memoria de GPU { $used } de un límite predeterminado de { $cap }
gpu-gtt-of = Memoria de GPU (GTT) { $used } de { $cap }
gpu-used = Memoria de GPU { $used }
gpu-gtt = Memoria de GPU (GTT) { $used }
gpu-reading = Memoria de GPU: leyendo…
gpu-unknown = Memoria de GPU: desconocida

## Top memory

top-heading = Mayor uso de memoria
top-heading-looking = Mayor uso de memoria: buscando…
top-heading-unreadable = Mayor uso de memoria ({ $count ->
        [one] 1 proceso de otro usuario no legible
       *[other] { $count } procesos de otros usuarios no legibles
    })
top-keeps-growing = { $heading } — no para de crecer: { $name } +{ $growth } en { $hours } h
top-and-more = { $heading } y { $count } más
top-kernel = Kernel (no paginable)
top-row-app = { $name } — { $size }
top-row-app-processes = { $name } — { $count } procesos — { $size }
top-row-process = { $name } (pid { $pid }) — { $size }
top-actions = Salir de una app o examinarla
top-quit-empty = Salir…
top-report = Mostrar en el informe…
top-report-named = Mostrar { $name } en el informe…
top-growth-named = { $name }: { $growth }
top-kernel-growth = Retenida por el kernel y los controladores: no hay app de la que salir
top-kernel-quit = Solo un reinicio la restablece (ver «Retenida por» abajo)
top-session-growth = Parte de la sesión de escritorio
top-session-quit = No se cierra desde aquí: la sesión se iría con ella
top-last-hour-unknown = Última hora: aún sin registrar
top-last-hour = Última hora: { $change } ({ $from } → { $to })
top-quit = Salir de { $name }… (devuelve unos { $size })

## The trend

menu-sparkline = En uso y no paginable, últimos { $span }
trend-nothing = Tendencia: nada registrado aún
trend-starting = Tendencia: empezando (menos de un minuto registrado)
trend-line = Últimos { $span }: no paginable { $wired }{ $peak }, en uso { $used }
trend-peak = { " " }(pico { $size })

## Actions

menu-purge-unavailable = Purgar archivos en caché… ({ $why })
menu-purging = Purgando…
menu-purge-last = Purgar archivos en caché… — última: { $result }
menu-purge = Purgar archivos en caché…
menu-purge-estimate = Purgar archivos en caché… ({ $size } recuperables)
menu-mark-baseline = Marcar referencia
menu-compare-baseline = Comparar con la referencia
menu-notifications = Notificaciones
menu-test-notification = Enviar notificación de prueba
menu-test-notification-last = Enviar notificación de prueba — última: { $result }
menu-snooze-nothing = Silenciar un día (nada enviado aún)
menu-snooze = Silenciar las alertas «{ $kind }» un día
menu-snoozed = Alertas «{ $kind }» silenciadas hasta { $until }
menu-show-history = Mostrar historial…
menu-open-settings = Abrir ajustes
menu-launch-at-login = Abrir al iniciar sesión
menu-launch-at-login-note = Abrir al iniciar sesión — { $note }
menu-about = Acerca de Headroom
menu-quit = Salir de Headroom
menu-settings-problem = El archivo de ajustes tiene un error { $place }: haz clic para abrirlo
menu-settings-problem-line = en la línea { $line }
menu-settings-problem-key = en `{ $key }`
menu-settings-problem-anywhere = en alguna parte

## The baseline

baseline-app = App
baseline-wired = No paginable
baseline-compressed = Comprimida
baseline-cached = Caché
baseline-free = Libre
baseline-swap = Swap
baseline-since = Desde las { $since }: { $changes }
baseline-no-change = ningún cambio de 0,1 GB o más
baseline-new = { $line }; nuevo: { $names }
baseline-marked = Referencia marcada a las { $when }
baseline-compared = Comparado con la referencia
moment-tomorrow = mañana { $clock }
moment-yesterday = ayer { $clock }

## The Settings submenu

settings = Ajustes
settings-open-file = Abrir el archivo de ajustes…
settings-menu-bar = La barra de menús muestra
settings-units = Unidades
settings-interval = Intervalo de muestreo
settings-notify = Notificar
settings-title-none = Nada
settings-title-used = Memoria usada %
settings-title-wired = Memoria no paginable
settings-title-headroom = Margen
settings-title-swap = Swap usado
settings-units-gb = GB (como el Monitor de Actividad)
settings-units-gib = GiB
settings-every = Cada { $seconds } s
kind-creeping = Memoria no paginable en lento aumento
kind-jump = Saltos de memoria no paginable
kind-wired-level = Memoria no paginable alta
kind-pressure = Presión de memoria
kind-swap-growth = Swap en aumento
kind-thrashing = Paginación constante
kind-app-leak = Una app no para de crecer
kind-runaway = Una app desbocada
kind-purge-result = Resultados de purgas
title-swap = swap { $size }

## The menu bar's tooltip and what a screen reader says

glance-reading = Margen: leyendo…
glance = Margen{ $headroom } — { $used } % en uso, presión { $pressure }; no paginable { $wired }{ $level }

## Notifications

notify-creeping-title = La memoria no paginable sube poco a poco
notify-creeping-body = { $from } → { $to } en { $days } días (+{ $rate }/día). Así se ve una fuga de un controlador o de una extensión del kernel; un reinicio la restablece.
notify-jump-title = La memoria no paginable saltó { $size }
notify-jump-body = { $from } → { $to } y se quedó así.{ $cause }
notify-jump-explained = { " " }Una VM o un trabajo de GPU que empezó entonces lo explica.
notify-jump-around = { " " }En ese momento: { $what }.
notify-jump-unexplained = { " " }Mira qué se instaló o se abrió entonces.
notify-level-title = La memoria no paginable está { $level }
notify-level-body = { $wired }{ $moment } con { $total } de RAM (lo habitual: { $range }). { $cause }
notify-level-moment = { " " }(la mediana de los últimos { $minutes } minutos; { $now } ahora)
notify-level-unexplained = Nada en marcha lo explica: revisa controladores, software de seguridad y extensiones del kernel.
notify-level-vm = Hay una VM en marcha que podría retenerla: { $vm }.
notify-pressure-critical = La presión de memoria es crítica
notify-pressure-high = La presión de memoria es alta
notify-pressure-body = Desde hace { $minutes } minutos. { $basis }.
notify-swap-title = El swap crece deprisa
notify-swap-body = { $from } → { $to } en { $minutes } minutos.
notify-digest-title = Headroom: { $count ->
        [one] 1 aviso hoy
       *[other] { $count } avisos hoy
    }
notify-digest-item = { $title }: { $body }
notify-purge-title = Purga terminada
notify-test-title = Notificación de prueba de Headroom
notify-test-body = Las notificaciones te llegan. El aumento y el nivel de la memoria no paginable y la presión se verán así.{ $figures }
notify-test-figures = { " " }Ahora mismo: no paginable { $wired }, presión { $pressure }.
notify-leak-title = { $name } no para de crecer
notify-leak-body = Ha crecido { $growth } en { $hours } h (+{ $rate }/h). Salir de ella devuelve unos { $size }.
notify-runaway-title = { $name } usa { $size }
notify-runaway-body = Por encima de { $ceiling } (apps.ceiling = "{ $setting }") durante un minuto. Salir de ella devuelve unos { $size }.
notify-thrashing-title = Paginación constante, aunque la presión es normal
notify-thrashing-body = En el último minuto salieron { $out }/s al swap y volvieron { $back }/s: las apps esperan al disco. Salir de lo que creció libera espacio.
notify-grew-app = { $name } +{ $size }
notify-grew-holder = { $kind } { $name } +{ $size } no paginable
notify-grew-recently = { " " }En los últimos 10 minutos: { $list }.
notify-grew-most = { " " }Lo que más creció: { $kind } { $name }, { $pair }.
notify-snoozed-title = Alertas silenciadas
notify-snoozed-body = Ninguna alerta «{ $kind }» hasta { $until }. Las demás alertas siguen llegando.

## Quitting an app from the menu

quit-confirm-title = ¿Salir de { $name }?
quit-confirm-quit = Salir
quit-confirm-cancel = Cancelar
quit-confirm-body = Usa unos { $size }; salir de ella los devuelve. Headroom pide a { $count ->
        [one] su proceso
       *[other] sus { $count } procesos
    } que salgan, como lo harías tú: el trabajo sin guardar puede preguntar antes. Nunca se fuerza.
quit-done-title = { $name } ha salido
quit-done-body = Devolvió { $gain }: margen { $before } → { $after }.
quit-done-shared = El margen apenas se movió ({ $before } → { $after }): su memoria estaba compartida, comprimida o en el swap.
quit-running-title = { $name } no ha salido
quit-running-body = { $left } de sus procesos siguen tras { $seconds } s: quizá pide guardar. Headroom nunca lo fuerza.
quit-gone-title = { $name } no está en marcha
quit-gone-body = Ya había salido.
quit-refused-title = No se pudo salir de { $name }

## Answers to a click

answer-baseline-body = { $figures }. Elige «Comparar con la referencia» más tarde para ver qué cambió.
answer-not-saved = Ajuste no guardado
answer-no-settings-dir = No hay carpeta de ajustes; vale hasta que Headroom salga.
answer-lasts = { $error }. Vale hasta que Headroom salga.
answer-settings-not-opened = No se pudieron abrir los ajustes
answer-history-not-shown = No se pudo mostrar el historial
answer-about = El margen de memoria de un vistazo: adónde fue la memoria, en las categorías del Monitor de Actividad, y quién retiene la memoria no paginable. Ajustes: { $settings }. Historial: { $history }.

## The report's page (the app's Show History…; `headroom report` stays English)

report-title = Historial de memoria
report-note = { $from } – { $to } (hora local, UTC{ $offset }). Cada columna de un gráfico muestra el mínimo y el máximo de su tramo de tiempo. Escrito por Headroom { $version } a las { $written }.
report-nothing = No hay nada registrado en este periodo. `headroom record` o la app de la barra de menús registra el historial.
report-memory = Memoria por categoría (las del Monitor de Actividad), GB
report-wired = Memoria no paginable: la parte que ninguna app puede devolver
report-holders = Quién retuvo memoria no paginable (los mayores, según el registro)
report-apps = Las apps a lo largo del tiempo (las mayores, según el registro)
report-swap = Swap escrito por día (lo que el swap cuesta a un SSD), GB
report-pressure = Presión de memoria (verde normal, ámbar advertencia, rojo crítica)
report-events = Eventos
report-boots = Arranques
report-boots-columns = arranque | arrancó | registrado desde | duración | no paginable al inicio | no paginable al final | tendencia | saltos

## headroom advise: do I need more RAM?

advise-enough = { $ram } bastan: presión normal el { $normal } % del tiempo, demanda de como mucho { $peak } (el 95 % del tiempo por debajo de { $p95 }).
advise-more = { $ram } estuvieron en advertencia o crítica el { $share } % del tiempo{ $working }{ $swap }, con una demanda de hasta { $peak }; unos { $suggested } habrían mantenido la presión normal.
advise-working = { " " }(el { $share } % de las horas de trabajo)
advise-swap = { " " }y escribieron { $size } de swap al día
advise-basis-one = A partir de una sola muestra, ahora: aún no hay nada registrado (la app de la barra de menús o `headroom record` guarda el historial necesario), así que poca confianza.
advise-basis = A partir de { $recorded } de historial en { $boots ->
        [one] 1 arranque
       *[other] { $boots } arranques
    } ({ $how }).
advise-days = { $n } días
advise-hours = { $n } horas
advise-minutes = { $n } minutos
advise-seconds = { $n } segundos
advise-low = poca confianza: menos de 3 días, puede faltar un día intenso o tranquilo
advise-medium = confianza media: menos de dos semanas
advise-high = confianza alta
