//! `--from-cluster`: the user's own kubectl lists the caches, with their context and kubeconfig.

use std::path::Path;
use std::process::Command;

/// What kubectl is asked; `KUBECTL` names another program (a wrapper, or a test's stand-in).
pub const RESOURCE: &str = "imagecaches.eci.alibabacloud.com";

/// The arguments given to kubectl.
pub fn arguments(context: Option<&str>, kubeconfig: Option<&Path>) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(context) = context {
        args.extend(["--context".to_owned(), context.to_owned()]);
    }
    if let Some(kubeconfig) = kubeconfig {
        args.extend([
            "--kubeconfig".to_owned(),
            kubeconfig.to_string_lossy().into_owned(),
        ]);
    }
    args.extend(["get", RESOURCE, "-o", "json"].map(str::to_owned));
    args
}

/// Runs kubectl and returns what it printed, or a message that says what went wrong.
pub fn get_caches(context: Option<&str>, kubeconfig: Option<&Path>) -> Result<String, String> {
    let program = std::env::var("KUBECTL").unwrap_or_else(|_| "kubectl".to_owned());
    let args = arguments(context, kubeconfig);
    let shown = format!("{program} {}", args.join(" "));
    let output = Command::new(&program).args(&args).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "--from-cluster needs kubectl, and `{program}` was not found on PATH: install \
                 kubectl, or give the caches with --caches FILE (kubectl get imagecache -o yaml)"
            )
        } else {
            format!("could not run `{shown}`: {e}")
        }
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let status = output
            .status
            .code()
            .map_or_else(|| "a signal".to_owned(), |c| format!("status {c}"));
        return Err(format!(
            "`{shown}` failed with {status}: {}",
            stderr.trim().lines().last().unwrap_or("no message")
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("`{shown}` printed something not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_and_kubeconfig_come_before_the_request() {
        let args = arguments(Some("prod"), Some(Path::new("/k/config")));
        assert_eq!(
            args.join(" "),
            "--context prod --kubeconfig /k/config get imagecaches.eci.alibabacloud.com -o json"
        );
        assert_eq!(arguments(None, None).len(), 4);
    }
}
