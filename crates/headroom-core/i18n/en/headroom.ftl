# Headroom's words, English (the fallback for every other catalog).
# Activity Monitor's own names for its categories: Memory Pressure, App Memory, Wired Memory,
# Compressed, Cached Files, Swap Used (https://support.apple.com/guide/activity-monitor/actmntr1004/mac).
# Values such as $size arrive formatted ("14.6 GB"); names ($name) are outside text, already made safe.

## The dropdown's figures

menu-headroom = Headroom { $size } — { $percent } % of RAM
menu-headroom-unknown = Headroom: unknown on this system
menu-headroom-reading = Headroom: reading…
menu-pressure = Memory Pressure: { $level } — { $used } % used
menu-pressure-reading = Memory Pressure: reading…
pressure-normal = Normal
pressure-warn = Warning
pressure-critical = Critical
pressure-word-normal = normal
pressure-word-warn = warn
pressure-word-critical = critical
basis-kernel = kernel level { $level }
basis-pages = { $available } available pages; warn below { $warn }, critical below { $critical }
basis-psi = PSI some { $some } %, full { $full } % (10 s)
basis-available = { $percent } % of RAM available
basis-unknown = unknown: { $why }
menu-app = App Memory: { $size }
menu-wired = Wired Memory: { $size }
menu-compressed = Compressed: { $size }
menu-cached = Cached Files: { $size }
menu-free = Free: { $size }
menu-swap = Swap Used: { $size }
menu-paging = { $swap } — paging { $out }/s out, { $back }/s in

## Wired memory: the verdict and who holds it

wired-level-low = low
wired-level-normal = normal
wired-level-elevated = elevated
wired-level-high = high
menu-wired-verdict = Wired { $wired } — { $level } for { $total } ({ $range })
menu-wired-explained = { $line }, explained by { $what }
menu-wired-judging = Wired: judging…
menu-held-by = Held by: { $owner } — { $size }
menu-held-by-more = { "         " }{ $owner } — { $size }
menu-holding-none = Holding it: no VM, GPU work or third-party driver found
menu-holding-looking = Holding it: looking…
menu-holding = Holding it: { $holder }
menu-holding-loaded = Loaded: { $name } ({ $why })
holder-size = { $what } { $size }
holder-unknown-vms = { $holder } (+{ $count ->
        [one] 1 VM
       *[other] { $count } VMs
    } of unknown size)
owner-locked = locked by
owner-pinned = pinned by
owner-cgroup = kernel memory of
owner-cgroup-v1 = kernel memory and caches of
owner-gpu = GPU
owner-huge-pages = huge pages
owner-kernel = kernel:
owner-kext = kext
owner-boot = boot:
owner-vmalloc = vmalloc by
owner-process-wired = wired for
owner-gpu-client = GPU memory of
owner-process = { $kind } `{ $name }` (pid { $pid })
gpu-limit = GPU memory { $used } of { $cap } limit
gpu-default-limit = GPU memory { $used } of { $cap } default limit
gpu-gtt-of = GPU memory (GTT) { $used } of { $cap }
gpu-used = GPU memory { $used }
gpu-gtt = GPU memory (GTT) { $used }
gpu-reading = GPU memory: reading…
gpu-unknown = GPU memory: unknown

## Top memory

top-heading = Top memory
top-heading-looking = Top memory: looking…
top-heading-unreadable = Top memory ({ $count ->
        [one] 1 process of another user not readable
       *[other] { $count } processes of other users not readable
    })
top-keeps-growing = { $heading } — keeps growing: { $name } +{ $growth } in { $hours } h
top-and-more = { $heading } and { $count } more
top-kernel = Kernel (wired)
top-row-app = { $name } — { $size }
top-row-app-processes = { $name } — { $count } processes — { $size }
top-row-process = { $name } (pid { $pid }) — { $size }
top-actions = Quit or Look Into an App
top-quit-empty = Quit…
top-report = Show in Report…
top-report-named = Show { $name } in Report…
top-growth-named = { $name }: { $growth }
top-kernel-growth = Held by the kernel and drivers: no app to quit
top-kernel-quit = A restart is the only reset (see “Held by” below)
top-session-growth = Part of the desktop session
top-session-quit = Not quit from here: the session goes with it
top-last-hour-unknown = Last hour: not recorded yet
top-last-hour = Last hour: { $change } ({ $from } → { $to })
top-quit = Quit { $name }… (gives back about { $size })

## The trend

menu-sparkline = Used and wired, last { $span }
trend-nothing = Trend: nothing recorded yet
trend-starting = Trend: starting (under a minute recorded)
trend-line = Last { $span }: wired { $wired }{ $peak }, used { $used }
trend-peak = { " " }(peak { $size })

## Actions

menu-purge-unavailable = Purge Cached Files… ({ $why })
menu-purging = Purging…
menu-purge-last = Purge Cached Files… — last: { $result }
menu-purge = Purge Cached Files…
menu-purge-estimate = Purge Cached Files… ({ $size } reclaimable)
menu-mark-baseline = Mark Baseline
menu-compare-baseline = Compare with Baseline
menu-notifications = Notifications
menu-test-notification = Send Test Notification
menu-test-notification-last = Send Test Notification — last: { $result }
menu-snooze-nothing = Snooze for a Day (nothing sent yet)
menu-snooze = Snooze { $kind } alerts for a day
menu-snoozed = { $kind } alerts snoozed until { $until }
menu-show-history = Show History…
menu-open-settings = Open Settings
menu-launch-at-login = Launch at Login
menu-launch-at-login-note = Launch at Login — { $note }
menu-about = About Headroom
menu-quit = Quit Headroom
menu-settings-problem = Settings file has an error { $place } — click to open
menu-settings-problem-line = on line { $line }
menu-settings-problem-key = at `{ $key }`
menu-settings-problem-anywhere = in it

## The baseline

baseline-app = App
baseline-wired = Wired
baseline-compressed = Compressed
baseline-cached = Cached
baseline-free = Free
baseline-swap = Swap
baseline-since = Since { $since }: { $changes }
baseline-no-change = no change of 0.1 GB or more
baseline-new = { $line }; new: { $names }
baseline-marked = Baseline marked at { $when }
baseline-compared = Compared with the baseline
moment-tomorrow = tomorrow { $clock }
moment-yesterday = yesterday { $clock }

## The Settings submenu

settings = Settings
settings-open-file = Open Settings File…
settings-menu-bar = Menu Bar Shows
settings-units = Units
settings-interval = Sample Interval
settings-notify = Notify About
settings-title-none = Nothing
settings-title-used = Memory Used %
settings-title-wired = Wired Memory
settings-title-headroom = Headroom
settings-title-swap = Swap Used
settings-units-gb = GB (as Activity Monitor)
settings-units-gib = GiB
settings-every = Every { $seconds } s
kind-creeping = Wired Memory Creeping
kind-jump = Wired Memory Jumps
kind-wired-level = Wired Memory High
kind-pressure = Memory Pressure
kind-swap-growth = Swap Growing
kind-thrashing = Thrashing
kind-app-leak = An App Keeps Growing
kind-runaway = A Runaway App
kind-purge-result = Purge Results
title-swap = swap { $size }

## The menu bar's tooltip and what a screen reader says

glance-reading = Headroom: reading…
glance = Headroom{ $headroom } — { $used } % used, pressure { $pressure }; wired { $wired }{ $level }

## Notifications

notify-creeping-title = Wired memory is creeping up
notify-creeping-body = { $from } → { $to } over { $days } days (+{ $rate }/day). A driver or kernel-extension leak looks like this; a restart resets it.
notify-jump-title = Wired memory jumped by { $size }
notify-jump-body = { $from } → { $to } and it stayed.{ $cause }
notify-jump-explained = { " " }A VM or GPU work that started then explains it.
notify-jump-around = { " " }Around it: { $what }.
notify-jump-unexplained = { " " }Look at what was installed or started then.
notify-level-title = Wired memory is { $level }
notify-level-body = { $wired }{ $moment } on { $total } of RAM (typical { $range }). { $cause }
notify-level-moment = { " " }(the median of the last { $minutes } minutes; { $now } now)
notify-level-unexplained = Nothing running explains it: check drivers, security software and kernel extensions.
notify-level-vm = A VM is running that may hold it: { $vm }.
notify-pressure-critical = Memory pressure is critical
notify-pressure-high = Memory pressure is high
notify-pressure-body = For { $minutes } minutes now. { $basis }.
notify-swap-title = Swap is growing fast
notify-swap-body = { $from } → { $to } in { $minutes } minutes.
notify-digest-title = Headroom: { $count ->
        [one] 1 thing today
       *[other] { $count } things today
    }
notify-digest-item = { $title }: { $body }
notify-purge-title = Purge finished
notify-test-title = Headroom test notification
notify-test-body = Notifications reach you. Wired growth, high wired memory and pressure will show like this.{ $figures }
notify-test-figures = { " " }Right now: wired { $wired }, pressure { $pressure }.
notify-leak-title = { $name } keeps growing
notify-leak-body = It has grown { $growth } in { $hours } h (+{ $rate }/h). Quitting it gives back about { $size }.
notify-runaway-title = { $name } uses { $size }
notify-runaway-body = Above { $ceiling } (apps.ceiling = "{ $setting }") for a minute. Quitting it gives back about { $size }.
notify-thrashing-title = Thrashing, though pressure reads normal
notify-thrashing-body = Over the last minute { $out }/s was swapped out and { $back }/s back in: apps wait on the disk. Quitting what grew frees room.
notify-grew-app = { $name } +{ $size }
notify-grew-holder = { $kind } { $name } +{ $size } wired
notify-grew-recently = { " " }In the last 10 minutes: { $list }.
notify-grew-most = { " " }Grew most: { $kind } { $name }, { $pair }.
notify-snoozed-title = Alerts snoozed
notify-snoozed-body = No { $kind } alerts until { $until }. Other alerts still come.

## Quitting an app from the menu

quit-confirm-title = Quit { $name }?
quit-confirm-quit = Quit
quit-confirm-cancel = Cancel
quit-confirm-body = It uses about { $size }; quitting it gives that back. Headroom asks { $count ->
        [one] its process
       *[other] its { $count } processes
    } to quit, as quitting it yourself would: unsaved work may ask first. It is never forced.
quit-done-title = { $name } quit
quit-done-body = It gave back { $gain }: headroom { $before } → { $after }.
quit-done-shared = Headroom barely moved ({ $before } → { $after }): its memory was shared, compressed or swapped out.
quit-running-title = { $name } has not quit
quit-running-body = { $left } of its processes still run after { $seconds } s: it may be asking to save. Headroom never forces it.
quit-gone-title = { $name } is not running
quit-gone-body = It had quit already.
quit-refused-title = Could not quit { $name }

## Answers to a click

answer-baseline-body = { $figures }. Pick Compare with Baseline later to see what moved.
answer-not-saved = Setting not saved
answer-no-settings-dir = There is no settings directory; it lasts until Headroom quits.
answer-lasts = { $error }. It lasts until Headroom quits.
answer-settings-not-opened = Could not open the settings
answer-history-not-shown = Could not show the history
answer-about = Memory headroom at a glance: where memory went, in Activity Monitor's categories, and who holds wired memory. Settings: { $settings }. History: { $history }.

## The report's page (the app's Show History…; `headroom report` stays English)

report-title = Memory history
report-note = { $from } – { $to } (local time, UTC{ $offset }). Each chart column is the lowest and highest of its stretch of time. Written by Headroom { $version } at { $written }.
report-nothing = Nothing recorded in this span. `headroom record` or the menu-bar app records the history.
report-memory = Memory by category (Activity Monitor's), GB
report-wired = Wired memory: the part no app can give back
report-holders = Who held wired memory (the largest, as recorded)
report-apps = Apps over time (the largest, as recorded)
report-swap = Swap written per day (what swapping costs an SSD), GB
report-pressure = Memory pressure (green normal, amber warning, red critical)
report-events = Events
report-boots = Boots
report-boots-columns = boot | booted | recorded from | length | wired at start | wired at end | trend | jumps

## headroom advise: do I need more RAM?

advise-enough = { $ram } is enough: pressure normal { $normal } % of the time, demand at most { $peak } (95 % of the time under { $p95 }).
advise-more = { $ram } was at warn or critical { $share } % of the time{ $working }{ $swap }, with demand up to { $peak }; about { $suggested } would have kept pressure normal.
advise-working = { " " }({ $share } % of working hours)
advise-swap = { " " }and swapped { $size } a day
advise-basis-one = From one sample, now: nothing is recorded yet (the menu-bar app or `headroom record` keeps the history this needs), so low confidence.
advise-basis = From { $recorded } of history over { $boots ->
        [one] 1 boot
       *[other] { $boots } boots
    } ({ $how }).
advise-days = { $n } days
advise-hours = { $n } hours
advise-minutes = { $n } minutes
advise-seconds = { $n } seconds
advise-low = low confidence: under 3 days, so a busy day or a quiet one may not be in it
advise-medium = medium confidence: under two weeks
advise-high = high confidence
