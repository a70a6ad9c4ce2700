# Headroom 简体中文。
# “活动监视器”中各类别的名称（未确认：未找到可引用的来源；scripts/mac-selftest.sh 在真机上与
# 活动监视器的字符串表比较）：内存压力、App 内存、联动内存、被压缩、已缓存的文件、已使用的交换。

## The dropdown's figures

menu-headroom = 余量 { $size } — 占内存 { $percent } %
menu-headroom-unknown = 余量：此系统上未知
menu-headroom-reading = 余量：读取中…
menu-pressure = 内存压力：{ $level } — 已使用 { $used } %
menu-pressure-reading = 内存压力：读取中…
pressure-normal = 正常
pressure-warn = 警告
pressure-critical = 严重
pressure-word-normal = 正常
pressure-word-warn = 偏高
pressure-word-critical = 严重
basis-kernel = 内核级别 { $level }
basis-pages = 可用页面 { $available }；低于 { $warn } 为警告，低于 { $critical } 为严重
basis-psi = PSI some { $some } %，full { $full } %（10 秒）
basis-available = 内存可用 { $percent } %
basis-unknown = 未知：{ $why }
menu-app = App 内存：{ $size }
menu-wired = 联动内存：{ $size }
menu-compressed = 被压缩：{ $size }
menu-cached = 已缓存的文件：{ $size }
menu-free = 可用：{ $size }
menu-swap = 已使用的交换：{ $size }
menu-paging = { $swap } — 换出 { $out }/s，换入 { $back }/s

## Wired memory: the verdict and who holds it

wired-level-low = 偏低
wired-level-normal = 正常
wired-level-elevated = 偏高
wired-level-high = 过高
menu-wired-verdict = 联动 { $wired } — 对 { $total } 而言{ $level }（{ $range }）
menu-wired-explained = { $line }，原因：{ $what }
menu-wired-judging = 联动：判断中…
menu-held-by = 占用者：{ $owner } — { $size }
menu-held-by-more = { "         " }{ $owner } — { $size }
menu-holding-none = 占用来源：未发现虚拟机、GPU 任务或第三方驱动
menu-holding-looking = 占用来源：查找中…
menu-holding = 占用来源：{ $holder }
menu-holding-loaded = 已加载：{ $name }（{ $why }）
holder-size = { $what } { $size }
holder-unknown-vms = { $holder }（另有 { $count } 个大小未知的虚拟机）
owner-locked = 锁定者
owner-pinned = 固定者
owner-cgroup = 内核内存：
owner-cgroup-v1 = 内核内存和缓存：
owner-gpu = GPU
owner-huge-pages = 大页
owner-kernel = 内核：
owner-kext = kext
owner-boot = 启动：
owner-vmalloc = vmalloc：
owner-process-wired = 联动于
owner-gpu-client = GPU 内存：
owner-process = { $kind } `{ $name }` (pid { $pid })
gpu-limit = GPU 内存 { $used }，上限 { $cap }
gpu-default-limit = GPU 内存 { $used }，默认上限 { $cap }
gpu-gtt-of = GPU 内存 (GTT) { $used } / { $cap }
gpu-used = GPU 内存 { $used }
gpu-gtt = GPU 内存 (GTT) { $used }
gpu-reading = GPU 内存：读取中…
gpu-unknown = GPU 内存：未知

## Top memory

top-heading = 内存占用最多
top-heading-looking = 内存占用最多：查找中…
top-heading-unreadable = 内存占用最多（其他用户的 { $count } 个进程无法读取）
top-keeps-growing = { $heading } — 持续增长：{ $name } +{ $growth }，{ $hours } 小时
top-and-more = { $heading } 及另外 { $count } 个
top-kernel = 内核（联动）
top-row-app = { $name } — { $size }
top-row-app-processes = { $name } — { $count } 个进程 — { $size }
top-row-process = { $name } (pid { $pid }) — { $size }
top-actions = 退出或查看 App
top-quit-empty = 退出…
top-report = 在报告中显示…
top-report-named = 在报告中显示 { $name }…
top-growth-named = { $name }：{ $growth }
top-kernel-growth = 由内核和驱动占用：没有可退出的 App
top-kernel-quit = 只有重新启动才能恢复（见下方“占用者”）
top-session-growth = 桌面会话的一部分
top-session-quit = 不从这里退出：会话会随之结束
top-last-hour-unknown = 最近一小时：尚未记录
top-last-hour = 最近一小时：{ $change }（{ $from } → { $to }）
top-quit = 退出 { $name }…（约可释放 { $size }）

## The trend

menu-sparkline = 已使用和联动，最近 { $span }
trend-nothing = 趋势：尚无记录
trend-starting = 趋势：刚开始（记录不足一分钟）
trend-line = 最近 { $span }：联动 { $wired }{ $peak }，已使用 { $used }
trend-peak = （峰值 { $size }）

## Actions

menu-purge-unavailable = 清除已缓存的文件…（{ $why }）
menu-purging = 正在清除…
menu-purge-last = 清除已缓存的文件… — 上次：{ $result }
menu-purge = 清除已缓存的文件…
menu-purge-estimate = 清除已缓存的文件…（可回收 { $size }）
menu-mark-baseline = 记录基准
menu-compare-baseline = 与基准比较
menu-notifications = 通知
menu-test-notification = 发送测试通知
menu-test-notification-last = 发送测试通知 — 上次：{ $result }
menu-snooze-nothing = 静音一天（尚未发送）
menu-snooze = 静音“{ $kind }”提醒一天
menu-snoozed = “{ $kind }”提醒已静音至 { $until }
menu-show-history = 显示历史…
menu-open-settings = 打开设置
menu-launch-at-login = 登录时启动
menu-launch-at-login-note = 登录时启动 — { $note }
menu-about = 关于 Headroom
menu-quit = 退出 Headroom
menu-settings-problem = 设置文件{ $place }有错误 — 点按以打开
menu-settings-problem-line = 第 { $line } 行
menu-settings-problem-key = 在 `{ $key }`
menu-settings-problem-anywhere = 中

## The baseline

baseline-app = App
baseline-wired = 联动
baseline-compressed = 被压缩
baseline-cached = 缓存
baseline-free = 可用
baseline-swap = 交换
baseline-since = 自 { $since } 起：{ $changes }
baseline-no-change = 变化均不足 0.1 GB
baseline-new = { $line }；新出现：{ $names }
baseline-marked = 已于 { $when } 记录基准
baseline-compared = 已与基准比较
moment-tomorrow = 明天 { $clock }
moment-yesterday = 昨天 { $clock }

## The Settings submenu

settings = 设置
settings-open-file = 打开设置文件…
settings-menu-bar = 菜单栏显示
settings-units = 单位
settings-interval = 采样间隔
settings-notify = 通知内容
settings-title-none = 无
settings-title-used = 已使用的内存 %
settings-title-wired = 联动内存
settings-title-headroom = 余量
settings-title-swap = 已使用的交换
settings-units-gb = GB（与活动监视器相同）
settings-units-gib = GiB
settings-every = 每 { $seconds } 秒
kind-creeping = 联动内存缓慢增长
kind-jump = 联动内存突增
kind-wired-level = 联动内存过高
kind-pressure = 内存压力
kind-swap-growth = 交换增长
kind-thrashing = 频繁换页
kind-app-leak = App 持续增长
kind-runaway = App 失控
kind-purge-result = 清除结果
title-swap = 交换 { $size }

## The menu bar's tooltip and what a screen reader says

glance-reading = 余量：读取中…
glance = 余量{ $headroom } — 已使用 { $used } %，压力{ $pressure }；联动 { $wired }{ $level }

## Notifications

notify-creeping-title = 联动内存在缓慢增长
notify-creeping-body = { $days } 天内 { $from } → { $to }（每天 +{ $rate }）。驱动或内核扩展泄漏就是这样；重新启动可恢复。
notify-jump-title = 联动内存突增了 { $size }
notify-jump-body = { $from } → { $to }，并保持不变。{ $cause }
notify-jump-explained = 当时启动的虚拟机或 GPU 任务可以解释。
notify-jump-around = 同一时间：{ $what }。
notify-jump-unexplained = 请查看当时安装或启动了什么。
notify-level-title = 联动内存{ $level }
notify-level-body = 内存 { $total } 中联动 { $wired }{ $moment }（通常 { $range }）。{ $cause }
notify-level-moment = （最近 { $minutes } 分钟的中位数；现在 { $now }）
notify-level-unexplained = 没有正在运行的程序可以解释：请检查驱动、安全软件和内核扩展。
notify-level-vm = 有虚拟机正在运行，可能占用了它：{ $vm }。
notify-pressure-critical = 内存压力严重
notify-pressure-high = 内存压力偏高
notify-pressure-body = 已持续 { $minutes } 分钟。{ $basis }。
notify-swap-title = 交换快速增长
notify-swap-body = { $minutes } 分钟内 { $from } → { $to }。
notify-digest-title = Headroom：今天 { $count } 条提醒
notify-digest-item = { $title }：{ $body }
notify-purge-title = 清除完成
notify-test-title = Headroom 测试通知
notify-test-body = 通知可以送达。联动内存增长、过高以及内存压力会像这样显示。{ $figures }
notify-test-figures = 当前：联动 { $wired }，压力{ $pressure }。
notify-leak-title = { $name } 持续增长
notify-leak-body = { $hours } 小时内增长了 { $growth }（每小时 +{ $rate }）。退出它约可释放 { $size }。
notify-runaway-title = { $name } 占用 { $size }
notify-runaway-body = 已有一分钟超过 { $ceiling } (apps.ceiling = "{ $setting }")。退出它约可释放 { $size }。
notify-thrashing-title = 频繁换页，尽管压力显示正常
notify-thrashing-body = 最近一分钟换出 { $out }/s，换入 { $back }/s：App 在等待磁盘。退出增长的程序可腾出空间。
notify-grew-app = { $name } +{ $size }
notify-grew-holder = { $kind } { $name } 联动 +{ $size }
notify-grew-recently = 最近 10 分钟：{ $list }。
notify-grew-most = 增长最多：{ $kind } { $name }，{ $pair }。
notify-snoozed-title = 提醒已静音
notify-snoozed-body = { $until } 前不再发送“{ $kind }”提醒。其他提醒照常。

## Quitting an app from the menu

quit-confirm-title = 退出 { $name }？
quit-confirm-quit = 退出
quit-confirm-cancel = 取消
quit-confirm-body = 它占用约 { $size }；退出即可释放。Headroom 会像你自己退出一样，请求它的 { $count } 个进程退出：未保存的工作可能会先询问。从不强制。
quit-done-title = { $name } 已退出
quit-done-body = 释放了 { $gain }：余量 { $before } → { $after }。
quit-done-shared = 余量几乎没变（{ $before } → { $after }）：它的内存是共享、被压缩或已换出的。
quit-running-title = { $name } 尚未退出
quit-running-body = { $seconds } 秒后仍有 { $left } 个进程在运行：它可能在询问是否保存。Headroom 从不强制。
quit-gone-title = { $name } 未在运行
quit-gone-body = 它已经退出了。
quit-refused-title = 无法退出 { $name }

## Answers to a click

answer-baseline-body = { $figures }。稍后选择“与基准比较”即可看到变化。
answer-not-saved = 设置未保存
answer-no-settings-dir = 没有设置文件夹；此设置在 Headroom 退出前有效。
answer-lasts = { $error }。此设置在 Headroom 退出前有效。
answer-settings-not-opened = 无法打开设置
answer-history-not-shown = 无法显示历史
answer-about = 一眼看清内存余量：内存去了哪里（按活动监视器的类别），以及谁占用了联动内存。设置：{ $settings }。历史：{ $history }。

## The report's page (the app's Show History…; `headroom report` stays English)

report-title = 内存历史
report-note = { $from } – { $to }（当地时间，UTC{ $offset }）。图表的每一列显示该时间段的最低值和最高值。由 Headroom { $version } 于 { $written } 写出。
report-nothing = 此时间段内没有记录。`headroom record` 或菜单栏 App 会记录历史。
report-memory = 按类别划分的内存（活动监视器的类别），GB
report-wired = 联动内存：任何 App 都无法归还的部分
report-holders = 谁占用了联动内存（记录中最大的）
report-apps = App 随时间的变化（记录中最大的）
report-swap = 每天写入的交换（交换对 SSD 的消耗），GB
report-pressure = 内存压力（绿色正常，琥珀色警告，红色严重）
report-events = 事件
report-boots = 启动
report-boots-columns = 启动 | 启动时间 | 记录起始 | 时长 | 开始时联动 | 结束时联动 | 趋势 | 突增

## headroom advise: do I need more RAM?

advise-enough = { $ram } 已足够：{ $normal } % 的时间内存压力正常，需求最高 { $peak }（95 % 的时间低于 { $p95 }）。
advise-more = { $ram } 有 { $share } % 的时间处于警告或严重{ $working }{ $swap }，需求最高 { $peak }；约 { $suggested } 即可保持内存压力正常。
advise-working = （工作时间的 { $share } %）
advise-swap = ，每天写入交换 { $size }
advise-basis-one = 仅根据当前的一次采样：尚无任何记录（菜单栏 App 或 `headroom record` 会保存所需的历史），因此可信度低。
advise-basis = 根据 { $boots } 次启动中 { $recorded } 的历史（{ $how }）。
advise-days = { $n } 天
advise-hours = { $n } 小时
advise-minutes = { $n } 分钟
advise-seconds = { $n } 秒
advise-low = 可信度低：不足 3 天，可能没有包含繁忙或空闲的日子
advise-medium = 可信度中：不足两周
advise-high = 可信度高
