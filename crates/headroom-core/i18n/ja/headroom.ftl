# Headroom 日本語。
# アクティビティモニタでのカテゴリ名（未確認：引用できる出典が見つからず、scripts/mac-selftest.sh が
# 実機のアクティビティモニタの表と比較する）: メモリプレッシャー、アプリケーションメモリ、
# 確保されているメモリ、圧縮、キャッシュされたファイル、使用済みスワップ。

## The dropdown's figures

menu-headroom = 余裕 { $size } — RAM の { $percent } %
menu-headroom-unknown = 余裕: このシステムでは不明
menu-headroom-reading = 余裕: 読み取り中…
menu-pressure = メモリプレッシャー: { $level } — { $used } % 使用中
menu-pressure-reading = メモリプレッシャー: 読み取り中…
pressure-normal = 正常
pressure-warn = 警告
pressure-critical = 危険
pressure-word-normal = 正常
pressure-word-warn = 高め
pressure-word-critical = 危険
basis-kernel = カーネルレベル { $level }
basis-pages = 利用可能ページ { $available }（警告 { $warn } 未満、危険 { $critical } 未満）
basis-psi = PSI some { $some } %、full { $full } %（10 秒）
basis-available = RAM の { $percent } % が利用可能
basis-unknown = 不明: { $why }
menu-app = アプリケーションメモリ: { $size }
menu-wired = 確保されているメモリ: { $size }
menu-compressed = 圧縮: { $size }
menu-cached = キャッシュされたファイル: { $size }
menu-free = 空き: { $size }
menu-swap = 使用済みスワップ: { $size }
menu-paging = { $swap } — ページング 出 { $out }/s、入 { $back }/s

## Wired memory: the verdict and who holds it

wired-level-low = 低い
wired-level-normal = 正常
wired-level-elevated = やや高い
wired-level-high = 高い
menu-wired-verdict = 確保 { $wired } — { $total } に対して{ $level }（{ $range }）
menu-wired-explained = { $line }、{ $what } によるもの
menu-wired-judging = 確保: 判定中…
menu-held-by = 保持: { $owner } — { $size }
menu-held-by-more = { "         " }{ $owner } — { $size }
menu-holding-none = 保持元: VM、GPU 処理、他社製ドライバは見つかりません
menu-holding-looking = 保持元: 調査中…
menu-holding = 保持元: { $holder }
menu-holding-loaded = 読み込み済み: { $name }（{ $why }）
holder-size = { $what } { $size }
holder-unknown-vms = { $holder }（サイズ不明の VM +{ $count }）
owner-locked = ロック:
owner-pinned = ピン留め:
owner-cgroup = カーネルメモリ:
owner-cgroup-v1 = カーネルメモリとキャッシュ:
owner-gpu = GPU
owner-huge-pages = ヒュージページ
owner-kernel = カーネル:
owner-kext = kext
owner-boot = 起動時:
owner-vmalloc = vmalloc:
owner-process-wired = 確保:
owner-gpu-client = GPU メモリ:
owner-process = { $kind } `{ $name }` (pid { $pid })
gpu-limit = GPU メモリ { $used }（上限 { $cap }）
gpu-default-limit = GPU メモリ { $used }（既定の上限 { $cap }）
gpu-gtt-of = GPU メモリ (GTT) { $used }（{ $cap } 中）
gpu-used = GPU メモリ { $used }
gpu-gtt = GPU メモリ (GTT) { $used }
gpu-reading = GPU メモリ: 読み取り中…
gpu-unknown = GPU メモリ: 不明

## Top memory

top-heading = メモリ使用量上位
top-heading-looking = メモリ使用量上位: 調査中…
top-heading-unreadable = メモリ使用量上位（他のユーザのプロセス { $count } 個を読めません）
top-keeps-growing = { $heading } — 増え続けています: { $name } +{ $growth }（{ $hours } 時間）
top-and-more = { $heading } ほか { $count } 件
top-kernel = カーネル（確保）
top-row-app = { $name } — { $size }
top-row-app-processes = { $name } — { $count } プロセス — { $size }
top-row-process = { $name } (pid { $pid }) — { $size }
top-actions = アプリを終了または調べる
top-quit-empty = 終了…
top-report = レポートで表示…
top-report-named = { $name } をレポートで表示…
top-growth-named = { $name }: { $growth }
top-kernel-growth = カーネルとドライバが保持: 終了できるアプリはありません
top-kernel-quit = 戻すには再起動のみ（下の「保持」を参照）
top-session-growth = デスクトップセッションの一部
top-session-quit = ここからは終了しません: セッションも終わります
top-last-hour-unknown = 直近 1 時間: まだ記録なし
top-last-hour = 直近 1 時間: { $change }（{ $from } → { $to }）
top-quit = { $name } を終了…（約 { $size } 戻ります）

## The trend

menu-sparkline = 使用済みと確保、直近 { $span }
trend-nothing = 推移: まだ記録なし
trend-starting = 推移: 開始直後（記録は 1 分未満）
trend-line = 直近 { $span }: 確保 { $wired }{ $peak }、使用済み { $used }
trend-peak = （最大 { $size }）

## Actions

menu-purge-unavailable = キャッシュされたファイルを解放…（{ $why }）
menu-purging = 解放中…
menu-purge-last = キャッシュされたファイルを解放… — 前回: { $result }
menu-purge = キャッシュされたファイルを解放…
menu-purge-estimate = キャッシュされたファイルを解放…（{ $size } 解放可能）
menu-mark-baseline = 基準を記録
menu-compare-baseline = 基準と比較
menu-notifications = 通知
menu-test-notification = テスト通知を送信
menu-test-notification-last = テスト通知を送信 — 前回: { $result }
menu-snooze-nothing = 1 日スヌーズ（まだ送信なし）
menu-snooze = 「{ $kind }」の通知を 1 日スヌーズ
menu-snoozed = 「{ $kind }」の通知は { $until } までスヌーズ中
menu-show-history = 履歴を表示…
menu-open-settings = 設定を開く
menu-launch-at-login = ログイン時に起動
menu-launch-at-login-note = ログイン時に起動 — { $note }
menu-about = Headroom について
menu-quit = Headroom を終了
menu-settings-problem = 設定ファイルの{ $place }にエラーがあります — クリックして開く
menu-settings-problem-line = { $line } 行目
menu-settings-problem-key = `{ $key }`
menu-settings-problem-anywhere = どこか

## The baseline

baseline-app = アプリ
baseline-wired = 確保
baseline-compressed = 圧縮
baseline-cached = キャッシュ
baseline-free = 空き
baseline-swap = スワップ
baseline-since = { $since } から: { $changes }
baseline-no-change = 0.1 GB 以上の変化なし
baseline-new = { $line }、新規: { $names }
baseline-marked = { $when } に基準を記録
baseline-compared = 基準と比較しました
moment-tomorrow = 明日 { $clock }
moment-yesterday = 昨日 { $clock }

## The Settings submenu

settings = 設定
settings-open-file = 設定ファイルを開く…
settings-menu-bar = メニューバーの表示
settings-units = 単位
settings-interval = 計測間隔
settings-notify = 通知する項目
settings-title-none = なし
settings-title-used = 使用済みメモリ %
settings-title-wired = 確保されているメモリ
settings-title-headroom = 余裕
settings-title-swap = 使用済みスワップ
settings-units-gb = GB（アクティビティモニタと同じ）
settings-units-gib = GiB
settings-every = { $seconds } 秒ごと
kind-creeping = 確保されているメモリの緩やかな増加
kind-jump = 確保されているメモリの急増
kind-wired-level = 確保されているメモリが多い
kind-pressure = メモリプレッシャー
kind-swap-growth = スワップの増加
kind-thrashing = スラッシング
kind-app-leak = 増え続けるアプリ
kind-runaway = 暴走するアプリ
kind-purge-result = 解放の結果
title-swap = スワップ { $size }

## The menu bar's tooltip and what a screen reader says

glance-reading = 余裕: 読み取り中…
glance = 余裕{ $headroom } — { $used } % 使用中、プレッシャー { $pressure }、確保 { $wired }{ $level }

## Notifications

notify-creeping-title = 確保されているメモリが徐々に増えています
notify-creeping-body = { $days } 日で { $from } → { $to }（1 日 +{ $rate }）。ドライバやカーネル拡張のリークはこう見えます。再起動で戻ります。
notify-jump-title = 確保されているメモリが { $size } 急増しました
notify-jump-body = { $from } → { $to } のままです。{ $cause }
notify-jump-explained = そのとき始まった VM か GPU 処理で説明できます。
notify-jump-around = その頃: { $what }。
notify-jump-unexplained = そのときにインストールまたは起動したものを確認してください。
notify-level-title = 確保されているメモリが{ $level }です
notify-level-body = RAM { $total } に対して { $wired }{ $moment }（通常 { $range }）。{ $cause }
notify-level-moment = （直近 { $minutes } 分の中央値。現在 { $now }）
notify-level-unexplained = 実行中のものでは説明できません: ドライバ、セキュリティソフト、カーネル拡張を確認してください。
notify-level-vm = 保持している可能性のある VM が動作中です: { $vm }。
notify-pressure-critical = メモリプレッシャーが危険な状態です
notify-pressure-high = メモリプレッシャーが高くなっています
notify-pressure-body = { $minutes } 分続いています。{ $basis }。
notify-swap-title = スワップが急増しています
notify-swap-body = { $minutes } 分で { $from } → { $to }。
notify-digest-title = Headroom: 今日の通知 { $count } 件
notify-digest-item = { $title }: { $body }
notify-purge-title = 解放が完了しました
notify-test-title = Headroom のテスト通知
notify-test-body = 通知は届いています。確保されているメモリの増加や多さ、メモリプレッシャーはこのように表示されます。{ $figures }
notify-test-figures = 現在: 確保 { $wired }、プレッシャー { $pressure }。
notify-leak-title = { $name } が増え続けています
notify-leak-body = { $hours } 時間で { $growth } 増加（1 時間 +{ $rate }）。終了すると約 { $size } 戻ります。
notify-runaway-title = { $name } が { $size } 使用中
notify-runaway-body = 1 分間 { $ceiling } を超えています (apps.ceiling = "{ $setting }")。終了すると約 { $size } 戻ります。
notify-thrashing-title = プレッシャーは正常ですがスラッシングしています
notify-thrashing-body = 直近 1 分で { $out }/s がスワップアウトされ { $back }/s が戻されました: アプリはディスクを待っています。増えたものを終了すると空きができます。
notify-grew-app = { $name } +{ $size }
notify-grew-holder = { $kind } { $name } 確保 +{ $size }
notify-grew-recently = 直近 10 分: { $list }。
notify-grew-most = 最も増えたもの: { $kind } { $name }、{ $pair }。
notify-snoozed-title = 通知をスヌーズしました
notify-snoozed-body = { $until } まで「{ $kind }」の通知はありません。他の通知は届きます。

## Quitting an app from the menu

quit-confirm-title = { $name } を終了しますか?
quit-confirm-quit = 終了
quit-confirm-cancel = キャンセル
quit-confirm-body = 約 { $size } を使用しています。終了するとそれが戻ります。Headroom は { $count } 個のプロセスに、自分で終了するときと同じように終了を求めます: 未保存の作業があれば先に確認されます。強制終了はしません。
quit-done-title = { $name } を終了しました
quit-done-body = { $gain } 戻りました: 余裕 { $before } → { $after }。
quit-done-shared = 余裕はほとんど変わりません（{ $before } → { $after }）: メモリは共有、圧縮、またはスワップされていました。
quit-running-title = { $name } は終了していません
quit-running-body = { $seconds } 秒後もプロセスが { $left } 個動いています: 保存を確認しているのかもしれません。Headroom は強制しません。
quit-gone-title = { $name } は実行されていません
quit-gone-body = すでに終了していました。
quit-refused-title = { $name } を終了できませんでした

## Answers to a click

answer-baseline-body = { $figures }。後で「基準と比較」を選ぶと変化がわかります。
answer-not-saved = 設定は保存されませんでした
answer-no-settings-dir = 設定フォルダがありません。Headroom を終了するまで有効です。
answer-lasts = { $error }。Headroom を終了するまで有効です。
answer-settings-not-opened = 設定を開けませんでした
answer-history-not-shown = 履歴を表示できませんでした
answer-about = メモリの余裕をひと目で: メモリの行き先をアクティビティモニタの分類で、そして確保されているメモリを誰が持っているかを。設定: { $settings }。履歴: { $history }。

## The report's page (the app's Show History…; `headroom report` stays English)

report-title = メモリの履歴
report-note = { $from } – { $to }（現地時刻、UTC{ $offset }）。グラフの各列はその時間区間の最小値と最大値です。Headroom { $version } が { $written } に作成。
report-nothing = この期間には何も記録されていません。`headroom record` またはメニューバーのアプリが履歴を記録します。
report-memory = カテゴリ別のメモリ（アクティビティモニタの分類）、GB
report-wired = 確保されているメモリ: どのアプリも返せない部分
report-holders = 確保されているメモリの保持元（記録された上位）
report-apps = アプリの推移（記録された上位）
report-swap = 1 日に書き込まれたスワップ（スワップが SSD に与える負担）、GB
report-pressure = メモリプレッシャー（緑は正常、黄は警告、赤は危険）
report-events = イベント
report-boots = 起動
report-boots-columns = 起動 | 起動時刻 | 記録開始 | 長さ | 開始時の確保 | 終了時の確保 | 傾向 | 急増

## headroom advise: do I need more RAM?

advise-enough = { $ram } で足りています: メモリプレッシャーは { $normal } % の時間で正常、需要は最大 { $peak }（95 % の時間は { $p95 } 未満）。
advise-more = { $ram } では { $share } % の時間が警告または危険でした{ $working }{ $swap }。需要は最大 { $peak }。約 { $suggested } あればプレッシャーは正常に保てました。
advise-working = （勤務時間の { $share } %）
advise-swap = 、1 日に { $size } スワップしました
advise-basis-one = 現在の 1 回の計測のみ: まだ何も記録されていません（メニューバーのアプリか `headroom record` が必要な履歴を記録します）。確度は低いです。
advise-basis = { $boots } 回の起動にわたる { $recorded } の履歴から（{ $how }）。
advise-days = { $n } 日
advise-hours = { $n } 時間
advise-minutes = { $n } 分
advise-seconds = { $n } 秒
advise-low = 確度 低: 3 日未満のため、忙しい日や静かな日が含まれていない可能性があります
advise-medium = 確度 中: 2 週間未満
advise-high = 確度 高
