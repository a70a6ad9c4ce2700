//! The exporter against the real thing (Debian's `prometheus` and `prometheus-node-exporter`): a
//! Prometheus scrapes it and agrees with `headroom status --json`; promtool accepts the exposition and
//! the shipped rules; node_exporter's textfile collector reads `--textfile` output; the dashboard's queries run.
#![cfg(target_os = "linux")]

use crate::export_support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use export_support::{Running, free_port, get, start_exporter, url_encode, wait_for};

const MIB: f64 = 1_048_576.0;

fn tool(name: &str) -> String {
    let found = Command::new("sh").args(["-c", &format!("command -v {name}")]).output().expect("sh");
    assert!(
        found.status.success(),
        "{name} is not installed: `apt-get install prometheus prometheus-node-exporter` (scripts/bootstrap.sh --for-checks does)"
    );
    String::from_utf8_lossy(&found.stdout).trim().to_owned()
}

/// A PromQL instant query: the `data` of the JSON answer.
fn query(prometheus: &str, promql: &str) -> serde_json::Value {
    let (status, body) = get(prometheus, &format!("/api/v1/query?query={}", url_encode(promql))).expect("query");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(status, 200, "{promql}: {body}");
    assert_eq!(answer["status"], "success", "{promql}: {body}");
    answer["data"].clone()
}

fn first_value(data: &serde_json::Value) -> Option<f64> {
    data["result"][0]["value"][1].as_str()?.parse().ok()
}

fn status_wired(data: &Path) -> f64 {
    let out = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["status", "--json"])
        .env("HEADROOM_DATA_DIR", data)
        .output()
        .expect("headroom status");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("status json");
    json["wired"].as_f64().expect("wired")
}

#[test]
fn a_real_prometheus_scrapes_the_exporter_and_agrees_with_status() {
    headroom_testing::require!("prometheus", "promtool", "prometheus-node-exporter");
    let prometheus_bin = tool("prometheus");
    let data = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let _exporter = start_exporter(port, data.path());
    let exporter = format!("127.0.0.1:{port}");

    let (_, exposition) = get(&exporter, "/metrics").expect("scrape");
    let mut check = Command::new(tool("promtool"))
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool");
    std::io::Write::write_all(check.stdin.as_mut().expect("stdin"), exposition.as_bytes()).expect("feed promtool");
    let checked = check.wait_with_output().expect("promtool check metrics");
    assert!(
        checked.status.success(),
        "promtool check metrics: {}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: headroom\n    \
             static_configs:\n      - targets: ['{exporter}']\n"
        ),
    )
    .expect("config");
    let web = format!("127.0.0.1:{}", free_port());
    let _prometheus = Running(
        Command::new(prometheus_bin)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", dir.path().join("data").display()))
            .arg(format!("--web.listen-address={web}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prometheus"),
    );
    wait_for(&web, "/-/ready");

    // Two scrapes, then one query and one `status --json` in the same second.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let scrapes = first_value(&query(&web, "count_over_time(headroom_memory_bytes{category=\"wired\"}[5m])"));
        if scrapes.is_some_and(|n| n >= 2.0) {
            break;
        }
        assert!(Instant::now() < deadline, "Prometheus did not scrape the exporter twice");
        std::thread::sleep(Duration::from_millis(250));
    }
    let scraped = first_value(&query(&web, "headroom_memory_bytes{category=\"wired\"}")).expect("a wired value");
    let direct = status_wired(data.path());
    assert!((scraped - direct).abs() <= 64.0 * MIB, "Prometheus says {scraped}, status says {direct}");
    assert_eq!(first_value(&query(&web, "up{job=\"headroom\"}")), Some(1.0));

    // Every query the dashboard runs is valid PromQL against real data.
    let dashboard: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(headroom_testing::source("packaging/prometheus/headroom-dashboard.json"))
            .expect("dashboard"),
    )
    .expect("dashboard json");
    for panel in dashboard["panels"].as_array().expect("panels") {
        for target in panel["targets"].as_array().expect("targets") {
            let promql = target["expr"].as_str().expect("expr").replace("$instance", &exporter);
            let data = query(&web, &promql);
            // The creep rate exists only after 24 h of history; every other panel has data at once.
            let empty = data["result"].as_array().expect("result").is_empty();
            assert!(!empty || promql.contains("creep"), "no data for {promql}");
        }
    }
}

#[test]
fn promtool_accepts_the_shipped_rules_and_their_tests() {
    headroom_testing::require!("prometheus", "promtool", "prometheus-node-exporter");
    let promtool = tool("promtool");
    for args in [
        ["check", "rules", "packaging/prometheus/headroom.rules.yml"],
        ["test", "rules", "packaging/prometheus/headroom.rules.test.yml"],
    ] {
        // The rules test file names the rules file by a relative path: run from the workspace root.
        let out = Command::new(&promtool)
            .args(args)
            .current_dir(headroom_testing::workspace_root())
            .output()
            .expect("promtool");
        assert!(
            out.status.success(),
            "promtool {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn node_exporter_reads_the_textfile() {
    headroom_testing::require!("prometheus", "promtool", "prometheus-node-exporter");
    let node_exporter = tool("prometheus-node-exporter");
    let data = tempfile::tempdir().expect("tempdir");
    let textfiles = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["export", "--once", "--textfile"])
        .arg(textfiles.path())
        .env("HEADROOM_DATA_DIR", data.path())
        .output()
        .expect("headroom export --textfile");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let web = format!("127.0.0.1:{}", free_port());
    let _node = Running(
        Command::new(node_exporter)
            .args(["--collector.disable-defaults", "--collector.textfile"])
            .arg(format!("--collector.textfile.directory={}", textfiles.path().display()))
            .arg(format!("--web.listen-address={web}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node_exporter"),
    );
    wait_for(&web, "/metrics");
    let (_, body) = get(&web, "/metrics").expect("node_exporter metrics");
    assert!(body.contains("headroom_memory_bytes{category=\"wired\"}"), "{body}");
    assert!(body.contains("node_textfile_scrape_error 0"), "{body}");
}
