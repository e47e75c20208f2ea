//! The command line (feature `cli`): `check`, `explain` and `audit` over files, directories
//! and standard input, a fourth thin face over the same core. Installed as
//! `kubectl-eci_image_cache` it is also a kubectl plugin.

pub mod args;
pub mod audit;
pub mod caches;
pub mod check;
pub mod emit;
pub mod engine;
pub mod explain;
pub mod kubectl;
pub mod load;
pub mod output;
pub mod run;
pub mod yaml;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::CommandFactory;

use args::{Cli, ColorChoice, Command};

/// The binary's entry: arguments from the process, output to standard output and error.
pub fn main() -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = run(
        std::env::args_os(),
        &mut out,
        &mut io::stderr(),
        io::stdout().is_terminal(),
    );
    // A closed pipe (`| head`) is not an error of the run.
    let _ = out.flush();
    ExitCode::from(code)
}

/// Runs the command line; returns the exit status (0 clean, 1 findings, 2 usage or input).
pub fn run(
    argv: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: bool,
) -> u8 {
    let argv: Vec<OsString> = argv.into_iter().collect();
    let mut command = Cli::command();
    // As a kubectl plugin, usage reads `kubectl eci-image-cache …`.
    if argv
        .first()
        .and_then(|a| std::path::Path::new(a).file_name())
        .is_some_and(|n| n.to_string_lossy().starts_with("kubectl-"))
    {
        command = command.bin_name("kubectl eci-image-cache");
    }
    let cli = match command.try_get_matches_from(argv).and_then(|m| {
        use clap::FromArgMatches;
        Cli::from_arg_matches(&m)
    }) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = if terminal {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return code;
        }
    };
    let Some((sources, paths)) = cli.command.inputs() else {
        if let Command::Completions { shell } = cli.command {
            clap_complete::generate(shell, &mut Cli::command(), "eci-image-cache", out);
        }
        return 0;
    };
    let color = color(sources.color, terminal, std::env::var_os("NO_COLOR"));
    let stdin_readers = paths
        .iter()
        .chain(&sources.caches)
        .chain(&sources.settings)
        .filter(|p| p.as_os_str() == "-")
        .count();
    if stdin_readers > 1 {
        let _ = writeln!(
            err,
            "error: standard input (-) can be read only once: give the other inputs as files"
        );
        return 2;
    }
    // Caches, settings and time first: without them no command can go on.
    let run = match run::prepare(sources) {
        Ok(run) => run,
        Err(problems) => return output::fatal(err, &problems, color).unwrap_or(2),
    };
    let result = match &cli.command {
        Command::Check(a) => check::check(a, &run, out, color),
        Command::Explain(a) => explain::explain(a, &run, out, err, color),
        Command::Audit(a) => audit::audit(a, &run, out, color),
        Command::Completions { .. } => Ok(0),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

/// Colours on a terminal unless NO_COLOR is set (https://no-color.org), or as asked.
fn color(choice: ColorChoice, terminal: bool, no_color: Option<OsString>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_only_on_a_terminal_without_no_color() {
        assert!(color(ColorChoice::Auto, true, None));
        assert!(color(ColorChoice::Auto, true, Some("".into())));
        assert!(!color(ColorChoice::Auto, true, Some("1".into())));
        assert!(!color(ColorChoice::Auto, false, None));
        assert!(color(ColorChoice::Always, false, Some("1".into())));
        assert!(!color(ColorChoice::Never, true, None));
    }
}
