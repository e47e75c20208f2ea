//! The command line's arguments (clap derive); every command's help ends with an example.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "eci-image-cache",
    version,
    about = "Check which Alibaba Cloud ECI image cache each workload gets, and why",
    long_about = "Check which Alibaba Cloud ECI image cache each workload gets, and why: the same \
                  core as the Kubewarden policy, the playground and the npm package, over whole \
                  trees of manifests. Also a kubectl plugin (kubectl eci-image-cache …).",
    after_help = "Examples:\n  \
        helm template ./chart | eci-image-cache check --caches caches.yaml -\n  \
        eci-image-cache explain deploy/web.yaml --from-cluster\n  \
        kubectl get pods,deployments -A -o json | eci-image-cache audit --from-cluster -"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check files, directories and standard input: one line per diagnostic, one per workload.
    #[command(after_help = "Example:\n  \
        helm template ./chart | eci-image-cache check --caches caches.yaml --format sarif - > eci.sarif\n  \
        eci-image-cache check k8s/ --from-cluster --context prod --fail-on warning")]
    Check(CheckArgs),
    /// One workload in full: the decision, every cache's match, the diagnostics and the patch.
    #[command(after_help = "Example:\n  \
        eci-image-cache explain deploy/web.yaml --document 2 --caches caches.yaml")]
    Explain(ExplainArgs),
    /// Which workload gets which cache, unused caches, caches ECI would create, pins at risk.
    #[command(after_help = "Example:\n  \
        kubectl get pods,deployments,statefulsets,daemonsets,jobs,cronjobs -A -o json \\\n    \
        | eci-image-cache audit --from-cluster --expiring-within 14d -")]
    Audit(AuditArgs),
    /// Print a shell completion script.
    #[command(after_help = "Example:\n  \
        eci-image-cache completions bash > /etc/bash_completion.d/eci-image-cache")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

impl Command {
    /// What a command that reads manifests reads: its sources and its paths.
    pub fn inputs(&self) -> Option<(&Sources, &[PathBuf])> {
        match self {
            Command::Check(a) => Some((&a.sources, &a.paths)),
            Command::Audit(a) => Some((&a.sources, &a.paths)),
            Command::Explain(a) => Some((&a.sources, std::slice::from_ref(&a.file))),
            Command::Completions { .. } => None,
        }
    }
}

/// Where the caches, settings and time come from; shared by every command.
#[derive(Args, Debug, Clone, Default)]
pub struct Sources {
    /// ImageCaches: `kubectl get imagecache -o yaml` (or -o json) as it is; `-` for standard input. Repeatable.
    #[arg(long = "caches", value_name = "FILE")]
    pub caches: Vec<PathBuf>,
    /// Read the caches with `kubectl get imagecaches.eci.alibabacloud.com -o json`.
    #[arg(long)]
    pub from_cluster: bool,
    /// The kubeconfig context kubectl uses (with --from-cluster).
    #[arg(long, requires = "from_cluster")]
    pub context: Option<String>,
    /// The kubeconfig file kubectl uses (with --from-cluster).
    #[arg(long, requires = "from_cluster")]
    pub kubeconfig: Option<PathBuf>,
    /// Settings file (YAML or JSON), the same keys as the policy's settings.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// One setting, over the settings file: e.g. --set autoMatchByDefault=true. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// The time to check expiry against (RFC 3339), for reproducible runs; the clock otherwise.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Colours: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, directories (searched for .yaml, .yml and .json) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub sources: Sources,
    /// text (file:line:column lines), json (every report with its place), sarif (2.1.0, for
    /// code scanning) or github (workflow annotations).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The manifest file, or `-` for standard input.
    pub file: PathBuf,
    /// Which document of the file, numbered from 1 as in the positions.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub document: u64,
    #[command(flatten)]
    pub sources: Sources,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Workloads: files, directories or `-` (e.g. the output of kubectl get … -A -o json).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub sources: Sources,
    /// Pins to caches expiring within this span are listed: e.g. 7d, 36h, 90m.
    #[arg(long, default_value = "7d", value_parser = parse_span)]
    pub expiring_within: i64,
    /// text, or json (the same content, for scripts).
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// A span such as `7d`, `36h`, `90m` or `45s`, in seconds.
pub fn parse_span(text: &str) -> Result<i64, String> {
    let split = text.len().saturating_sub(1);
    let (number, unit) = text.split_at(split);
    let scale = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => return Err(format!("\"{text}\" is not a span such as 7d, 36h or 90m")),
    };
    number
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("\"{text}\" is not a span such as 7d, 36h or 90m"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_arguments_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn spans_read_days_hours_minutes_and_seconds() {
        assert_eq!(parse_span("7d"), Ok(604_800));
        assert_eq!(parse_span("36h"), Ok(129_600));
        assert_eq!(parse_span("0s"), Ok(0));
        for bad in ["", "d", "7", "-1d", "1w", "99999999999999999d"] {
            assert!(parse_span(bad).is_err(), "{bad}");
        }
    }
}
