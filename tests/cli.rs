//! End-to-end tests of the `eci-image-cache` binary (feature `cli`) on the fixture trees
//! under tests/cli/: whole outputs, exit status included, compared with reviewed snapshots
//! in tests/snapshots/ (new ones: `INSTA_UPDATE=always cargo test --features cli --test cli`,
//! then review the diff).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_eci-image-cache");
const NOW: &str = "2026-11-27T00:00:00Z";
const CACHES: &str = "tests/cli/caches.yaml";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    /// The whole result, as the snapshots hold it.
    fn whole(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

fn eci(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Out {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("KUBECTL")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    // The binary may end without reading its input (kubectl failing first): no error here.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let output = child.wait_with_output().expect("the binary ends");
    Out {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn check(extra: &[&str]) -> Out {
    let mut args = vec!["check", "--now", NOW, "--caches", CACHES];
    args.extend(extra);
    eci(&args, "", &[])
}

fn explain(extra: &[&str]) -> Out {
    let mut args = vec!["explain", "--now", NOW, "--caches", CACHES];
    args.extend(extra);
    eci(&args, "", &[])
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("fixture")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eci-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn check_a_helm_chart_in_text() {
    insta::assert_snapshot!(check(&["tests/cli/chart/rendered.yaml"]).whole());
}

#[test]
fn check_a_helm_chart_in_json() {
    let out = check(&["--format", "json", "tests/cli/chart/rendered.yaml"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(serde_json::to_string_pretty(&out.json()).unwrap());
}

#[test]
fn check_a_helm_chart_in_github_annotations() {
    insta::assert_snapshot!(
        check(&["--format", "github", "tests/cli/chart/rendered.yaml"]).whole()
    );
}

#[test]
fn check_a_helm_chart_in_sarif() {
    let out = check(&["--format", "sarif", "tests/cli/chart/rendered.yaml"]);
    let log = out.json();
    assert_sarif_2_1_0(&log);
    // The rules are the whole catalogue: the snapshot keeps the results, the rules' ids.
    let run = &log["runs"][0];
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"pin-not-ready") && ids.contains(&"input-error"),
        "{ids:?}"
    );
    insta::assert_snapshot!(format!(
        "exit: {}\n{}",
        out.code,
        serde_json::to_string_pretty(&run["results"]).unwrap()
    ));
}

/// The fields SARIF 2.1.0's schema requires, and what code scanning needs to place a result.
fn assert_sarif_2_1_0(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("sarif-2.1.0")));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert!(!runs.is_empty());
    for run in runs {
        let driver = &run["tool"]["driver"];
        assert!(driver["name"].is_string(), "tool.driver.name is required");
        let rules = driver["rules"].as_array().expect("rules");
        for rule in rules {
            assert!(rule["id"].is_string(), "reportingDescriptor.id is required");
            assert!(rule["shortDescription"]["text"].is_string());
            assert!(
                rule["help"]["text"].is_string(),
                "each rule has its documentation"
            );
        }
        for result in run["results"].as_array().expect("results") {
            assert!(
                result["message"]["text"].is_string(),
                "result.message.text is required"
            );
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert!(matches!(
                result["level"].as_str(),
                Some("error" | "warning" | "note")
            ));
            for location in result["locations"].as_array().expect("locations") {
                let physical = &location["physicalLocation"];
                let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
                assert!(!uri.starts_with('/') && !uri.contains(' '), "{uri}");
                if let Some(region) = physical.get("region") {
                    assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
                    assert!(region["startColumn"].as_u64().is_some_and(|c| c >= 1));
                }
            }
        }
    }
}

#[test]
fn check_a_directory_of_json_and_yaml() {
    insta::assert_snapshot!(check(&["tests/cli/tree"]).whole());
}

#[test]
fn check_standard_input_with_settings() {
    let out = eci(
        &[
            "check",
            "--now",
            NOW,
            "--caches",
            CACHES,
            "--settings",
            "tests/cli/settings.yaml",
            "-",
        ],
        &fixture("tests/cli/tree/nested/c.yml"),
        &[],
    );
    // autoMatchByDefault from the settings file: worker-b is matched too.
    insta::assert_snapshot!(out.whole());
}

#[test]
fn the_exit_status_follows_fail_on() {
    let web: String = fixture("tests/cli/chart/rendered.yaml")
        .split("---\n")
        .nth(2)
        .unwrap()
        .to_owned();
    let status = |fail_on: &str| {
        eci(
            &[
                "check",
                "--now",
                NOW,
                "--caches",
                "tests/cli/cluster/imagecaches.json",
                "--fail-on",
                fail_on,
                "-",
            ],
            &web,
            &[],
        )
        .code
    };
    // The Deployment has a warning (pull policy Always) and no error.
    assert_eq!(
        (status("error"), status("warning"), status("never")),
        (0, 1, 0)
    );
    let pinned = fixture("tests/cli/chart/rendered.yaml")
        .split("---\n")
        .nth(3)
        .unwrap()
        .to_owned();
    let out = eci(
        &["check", "--now", NOW, "--caches", CACHES, "-"],
        &pinned,
        &[],
    );
    assert_eq!(
        out.code, 1,
        "a pin to a cache still building is an error: {}",
        out.stdout
    );
    let out = eci(&["check", "--caches", "-", "-"], "", &[]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: standard input (-) can be read only once: give the other inputs as files\n"
        )
    );
    let out = eci(&["check", "--fail-on", "sometimes", "-"], "", &[]);
    assert_eq!(out.code, 2, "a usage error");
    assert!(
        out.stderr.contains("invalid value 'sometimes'"),
        "{}",
        out.stderr
    );
}

#[test]
fn explain_one_workload_in_full() {
    let out = explain(&[
        "tests/cli/chart/rendered.yaml",
        "--document",
        "2",
        "--set",
        "mutateWorkloads=true",
    ]);
    insta::assert_snapshot!(out.whole());
}

#[test]
fn explain_shows_the_image_cache_to_create() {
    insta::assert_snapshot!(explain(&["tests/cli/tree/b.yaml"]).whole());
}

#[test]
fn explain_names_a_document_that_is_not_there() {
    let out = explain(&["tests/cli/tree/b.yaml", "--document", "3"]);
    let expected = "error: tests/cli/tree/b.yaml: has no document 3 (it has 1)\n";
    assert_eq!((out.code, out.stderr.as_str()), (2, expected));
    let out = explain(&["tests/cli/chart/rendered.yaml", "--document", "1"]);
    assert_eq!(out.code, 2);
    let expected = "document 1 holds no workload or ImageCache";
    assert!(out.stderr.contains(expected), "{}", out.stderr);
}

/// `--from-cluster` with a stand-in kubectl first on PATH that records its arguments.
fn with_stand_in_kubectl(args: &[&str], fail: bool) -> (Out, String) {
    let log = temp_dir("kubectl").join("args");
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/bin");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let log_text = log.to_string_lossy().into_owned();
    let mut env = vec![
        ("PATH", path.as_str()),
        ("ECI_TEST_KUBECTL_LOG", log_text.as_str()),
    ];
    if fail {
        env.push(("ECI_TEST_KUBECTL_FAIL", "1"));
    }
    let stdin = fixture("tests/cli/cluster/workloads.json");
    let out = eci(args, &stdin, &env);
    (out, std::fs::read_to_string(&log).unwrap_or_default())
}

#[test]
fn audit_a_cluster_dump_against_the_clusters_caches() {
    let args = [
        "audit",
        "--now",
        NOW,
        "--from-cluster",
        "--context",
        "prod",
        "--kubeconfig",
        "/k/config",
        "-",
    ];
    let (out, recorded) = with_stand_in_kubectl(&args, false);
    assert_eq!(recorded, "--context\nprod\n--kubeconfig\n/k/config\nget\nimagecaches.eci.alibabacloud.com\n-o\njson\n");
    insta::assert_snapshot!(out.whole());
}

#[test]
fn audit_in_json() {
    let out = eci(
        &[
            "audit",
            "--now",
            NOW,
            "--caches",
            CACHES,
            "--format",
            "json",
            "--expiring-within",
            "2d",
            "tests/cli/cluster/workloads.json",
        ],
        "",
        &[],
    );
    assert_eq!(out.code, 0);
    let audit = out.json();
    // web-stack expires in 3 days: not within 2.
    assert!(audit["pinsAtRisk"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["risk"] != "expiring"));
    insta::assert_snapshot!(serde_json::to_string_pretty(&audit).unwrap());
}

#[test]
fn kubectl_failing_or_missing_is_said_clearly() {
    let (out, _) = with_stand_in_kubectl(&["check", "--from-cluster", "-"], true);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("get imagecaches.eci.alibabacloud.com -o json` failed with status 1: error: You must be logged in to the server (Unauthorized)"),
        "{}",
        out.stderr
    );
    let empty = temp_dir("no-kubectl");
    let out = eci(
        &["check", "--from-cluster", "-"],
        "",
        &[("PATH", &empty.to_string_lossy())],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`kubectl` was not found on PATH"),
        "{}",
        out.stderr
    );
}

#[test]
fn hostile_input_is_an_error_with_its_place_and_the_rest_is_still_checked() {
    let dir = temp_dir("hostile");
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: survivor\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n";
    std::fs::write(dir.join("1-bomb.yaml"), format!("{bomb}---\n{pod}")).unwrap();
    std::fs::write(
        dir.join("2-deep.json"),
        format!("{}1{}", "[".repeat(5000), "]".repeat(5000)),
    )
    .unwrap();
    std::fs::File::create(dir.join("3-huge.yaml"))
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    std::fs::write(dir.join("4-latin1.yaml"), b"kind: Pod\nname: caf\xe9\n").unwrap();
    std::fs::write(dir.join("5-scalar.yaml"), "42\n---\n[1, 2]\n").unwrap();
    let started = std::time::Instant::now();
    let out = eci(&["check", "--now", NOW, dir.to_str().unwrap()], "", &[]);
    assert!(
        started.elapsed().as_secs() < 20,
        "hostile input took {:?}",
        started.elapsed()
    );
    let text = out.whole().replace(dir.to_str().unwrap(), "DIR");
    insta::assert_snapshot!(text);
}

#[test]
fn version_help_and_completions() {
    let out = eci(&["--version"], "", &[]);
    assert_eq!(
        out.stdout,
        format!("eci-image-cache {}\n", env!("CARGO_PKG_VERSION"))
    );
    for command in ["check", "explain", "audit", "completions"] {
        let out = eci(&[command, "--help"], "", &[]);
        assert_eq!(out.code, 0);
        assert!(
            out.stdout.contains("Example:\n  ") && out.stdout.contains("eci-image-cache"),
            "{command}: {}",
            out.stdout
        );
    }
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef eci-image-cache"),
        ("fish", "complete -c eci-image-cache"),
    ] {
        let out = eci(&["completions", shell], "", &[]);
        assert!(
            out.code == 0 && out.stdout.contains(mark) && out.stdout.contains("from-cluster"),
            "{shell}"
        );
    }
}

#[test]
fn as_a_kubectl_plugin_usage_reads_kubectl_eci_image_cache() {
    let dir = temp_dir("plugin");
    let plugin = dir.join("kubectl-eci_image_cache");
    std::os::unix::fs::symlink(BIN, &plugin).unwrap();
    let out = Command::new(&plugin).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Usage: kubectl eci-image-cache <COMMAND>"),
        "{help}"
    );
}

#[test]
fn colours_only_when_asked_or_on_a_terminal() {
    let plain = check(&["tests/cli/tree/a.json"]);
    assert!(!plain.stdout.contains('\x1b'), "no colour in a pipe");
    let coloured = check(&["--color", "always", "tests/cli/tree/a.json"]);
    assert!(
        coloured.stdout.contains("\x1b[32mpinned\x1b[0m"),
        "{}",
        coloured.stdout
    );
}

#[test]
fn results_read_from_standard_input_name_no_file() {
    let web = fixture("tests/cli/chart/rendered.yaml");
    let args = |format| ["check", "--now", NOW, "--format", format, "-"];
    let github = eci(&args("github"), &web, &[]).stdout;
    assert!(
        github.contains("::error title=pin-not-found::") && !github.contains("file="),
        "{github}"
    );
    let sarif: Value = serde_json::from_str(&eci(&args("sarif"), &web, &[]).stdout).unwrap();
    assert_sarif_2_1_0(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        !results.is_empty()
            && results
                .iter()
                .all(|r| r["locations"] == serde_json::json!([]))
    );
}
