//! The `okrbook` command line: a thin layer over the library.

use clap::{Parser, Subcommand};
use okrbook::diagnostic::{self, Diagnostic};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "okrbook",
    version,
    about = "Publish your organization's OKRs as a static handbook"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a new handbook: book.toml, a team, an objective and a guide
    Init {
        /// Folder to create the handbook in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Check and build the handbook into its build folder
    Build {
        /// The handbook's folder (the one with book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the site here instead of the `build-dir` of book.toml
        #[arg(short = 'd', long, value_name = "DIR")]
        dest_dir: Option<PathBuf>,
        /// Score as of this date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Publish private objectives too
        #[arg(long)]
        include_private: bool,
    },
    /// Validate the handbook and coach on its OKRs without writing anything
    Check {
        /// The handbook's folder (the one with book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Check as of this date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Fail (exit status 1) on warnings too, not only on errors
        #[arg(long)]
        strict: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dir } => init(dir),
        Command::Build {
            dir,
            dest_dir,
            as_of,
            include_private,
        } => build(dir, dest_dir, as_of, include_private),
        Command::Check { dir, as_of, strict } => check(dir, as_of, strict),
    }
}

fn init(dir: PathBuf) -> ExitCode {
    match okrbook::init::init(&dir, okrbook::date::Date::today_utc()) {
        Ok(written) => {
            for path in written {
                println!("created {}", path.display());
            }
            println!(
                "Next: `okrbook build {}` and open book/index.html",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn build(
    dir: PathBuf,
    dest_dir: Option<PathBuf>,
    as_of: Option<String>,
    include_private: bool,
) -> ExitCode {
    let started = Instant::now();
    let as_of = match okrbook::resolve_as_of(as_of.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let options = okrbook::BuildOptions {
        root: dir,
        dest_dir,
        as_of,
        include_private,
    };
    match okrbook::build(&options) {
        Ok(report) => {
            report_diagnostics(&report.diagnostics);
            eprintln!(
                "Built {} files into {} as of {as_of} in {:.2} s",
                report.files,
                report.dest.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report_diagnostics(&diagnostics);
            eprintln!("Nothing was written.");
            ExitCode::FAILURE
        }
    }
}

fn check(dir: PathBuf, as_of: Option<String>, strict: bool) -> ExitCode {
    let as_of = match okrbook::resolve_as_of(as_of.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let checked = okrbook::check(&dir, as_of);
    print_findings(&checked.diagnostics);
    let (errors, warnings) = diagnostic::count(&checked.diagnostics);
    let objectives = match checked.handbook.as_ref().map_or(0, |h| h.objectives.len()) {
        1 => "1 objective".to_string(),
        n => format!("{n} objectives"),
    };
    let summary = if errors > 0 {
        format!("{errors} error(s), {warnings} warning(s): the handbook is not valid.")
    } else if warnings == 0 {
        format!("The handbook is valid: {objectives} checked as of {as_of}, no warnings.")
    } else if strict {
        format!(
            "{warnings} warning(s), which fail the check under --strict: {objectives} checked as of {as_of}."
        )
    } else {
        format!("The handbook is valid: {objectives} checked as of {as_of}, {warnings} warning(s).")
    };
    eprintln!("{summary}");
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints every finding, each followed by a blank line.
fn print_findings(diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for finding in diagnostics {
        let _ = writeln!(out, "{}", finding.render_human());
    }
}

/// Prints every finding and, when there are any, how many.
fn report_diagnostics(diagnostics: &[Diagnostic]) {
    print_findings(diagnostics);
    let (errors, warnings) = diagnostic::count(diagnostics);
    if errors > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    } else if warnings > 0 {
        eprintln!("{warnings} warning(s)");
    }
}
