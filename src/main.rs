//! The `okrbook` command line: a thin layer over the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use okrbook::diagnostic::{self, Diagnostic};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// A build allocates and frees many small strings on every core; glibc's
/// allocator spent a quarter of a build's instructions on them (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Build the handbook in memory, serve it, and rebuild on every change
    Serve {
        /// The handbook's folder (the one with book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (0 picks a free one)
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on; keep 127.0.0.1 unless others must reach it
        /// (beyond loopback it warns, and refuses --include-private)
        #[arg(short = 'n', long, default_value = "127.0.0.1")]
        hostname: String,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Score as of this date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Show private objectives too (only on a loopback address)
        #[arg(long)]
        include_private: bool,
    },
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
        #[command(flatten)]
        target: Target,
        /// Score as of this date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Validate the handbook and coach on its OKRs without writing anything:
    /// everything `build` with the same flags would report
    Check {
        /// The handbook's folder (the one with book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[command(flatten)]
        target: Target,
        /// Check as of this date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Fail (exit status 1) on warnings too, not only on errors
        #[arg(long)]
        strict: bool,
        /// How to print findings: human (stderr), github (workflow commands on stdout) or json (stdout)
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Compare two handbooks and print what changed to the goals, in Markdown
    ///
    /// BASE and HEAD are each a handbook folder or a git revision of the
    /// repository that holds the handbook in --dir (a name that is both is an
    /// error: write ./NAME for the folder).
    Diff {
        /// The handbook before: a folder or a git revision (main, origin/main, HEAD~1…)
        base: String,
        /// The handbook after: a folder or a git revision; default the handbook in --dir as it is on disk
        head: Option<String>,
        /// The current handbook's folder: revisions are read from its repository, at its place in it
        #[arg(short = 'C', long = "dir", value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Score both as of this date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Append a check-in to a key result, changing only the lines it adds
    ///
    /// The file is checked before and after in memory: nothing is written
    /// when it already has errors or the check-in would add one.
    Checkin {
        /// The objective's id: its file's path under the source folder without .md
        objective: String,
        /// The key result's id (kr1, kr2… for those without one); may be left
        /// out when the objective has one key result
        #[arg(value_name = "KEY_RESULT")]
        key_result_or_value: String,
        /// The value measured: a number, or done/true/false for a milestone
        value: Option<String>,
        /// Confidence: a number from 0 to 1 or a word (low, medium, high…)
        #[arg(long)]
        confidence: Option<String>,
        /// What happened
        #[arg(long)]
        note: Option<String>,
        /// What is in the way
        #[arg(long)]
        blockers: Option<String>,
        /// The check-in's day (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Print what would change and write nothing
        #[arg(long)]
        dry_run: bool,
        /// The handbook's folder (the one with book.toml)
        #[arg(short = 'C', long = "dir", value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Grade every objective of an ended period that has no grade yet
    ///
    /// Each gets a `grade:` with its computed score, the day, and empty
    /// `learned:` and `next:` for the retrospective; only those lines are
    /// added, and nothing is written when the handbook has errors.
    Grade {
        /// The period: YYYY-Qn, YYYY-Hn or YYYY
        period: String,
        /// Only this team's objectives
        #[arg(long, value_name = "TEAM")]
        team: Option<String>,
        /// The grading day, the grades' date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Print what would change and write nothing
        #[arg(long)]
        dry_run: bool,
        /// The handbook's folder (the one with book.toml)
        #[arg(short = 'C', long = "dir", value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Start a new objective or team: a file where the format expects it,
    /// written only when the handbook still checks without new errors
    New {
        #[command(subcommand)]
        what: New,
        /// The handbook's folder (the one with book.toml)
        #[arg(
            short = 'C',
            long = "dir",
            value_name = "DIR",
            default_value = ".",
            global = true
        )]
        dir: PathBuf,
        /// Print the file instead of writing it
        #[arg(long, global = true)]
        dry_run: bool,
    },
    /// Draft the next period: carry each objective of the period before
    /// that is neither done nor dropped, with its last values as baselines
    ///
    /// Files that exist are never replaced; nothing is written when the
    /// handbook has errors or the drafts would add one.
    Plan {
        /// The period to draft: YYYY-Qn, YYYY-Hn or YYYY
        period: String,
        /// The period to carry from; default the one of the same length before PERIOD
        #[arg(long, value_name = "PERIOD")]
        from: Option<String>,
        /// Only this team's objectives (its id or a former one); default every team's and every individual goal
        #[arg(long, value_name = "TEAM")]
        team: Option<String>,
        /// Print the summary and the files instead of writing them
        #[arg(long)]
        dry_run: bool,
        /// The handbook's folder (the one with book.toml)
        #[arg(short = 'C', long = "dir", value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
}

/// What `okrbook new` starts.
#[derive(Subcommand)]
enum New {
    /// An objective at <src>/<TEAM>/<PERIOD>/<title as a file name>.md
    Objective {
        /// The team's id
        team: String,
        /// The period: YYYY-Qn, YYYY-Hn or YYYY
        period: String,
        /// The objective's title
        title: String,
        /// The id of the objective it supports
        #[arg(long, value_name = "ID")]
        parent: Option<String>,
        /// Who answers for it
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
    },
    /// A team at <src>/teams/<ID>.md
    Team {
        /// The team's id: lower-case letters, digits and -
        id: String,
        /// The name shown on the site
        name: String,
        /// The parent team's id; none for a team at the organization level
        #[arg(long, value_name = "TEAM")]
        parent: Option<String>,
    },
}

/// What is built, for `build`, and checked as `build` would build it, for `check`.
#[derive(Args, Debug, Clone)]
struct Target {
    /// Write the site here instead of the `build-dir` of book.toml
    #[arg(short = 'd', long, value_name = "DIR")]
    dest_dir: Option<PathBuf>,
    /// Publish private objectives too
    #[arg(long)]
    include_private: bool,
    /// Publish under this URL instead of the `site-url` of book.toml
    /// (an http(s) URL or a path, such as https://acme.github.io/okrs/)
    #[arg(long, value_name = "URL")]
    site_url: Option<String>,
}

impl Target {
    fn options(self, root: PathBuf, as_of: okrbook::date::Date) -> okrbook::BuildOptions {
        okrbook::BuildOptions {
            root,
            dest_dir: self.dest_dir,
            as_of,
            include_private: self.include_private,
            site_url: self.site_url,
        }
    }
}

/// How `okrbook check` prints its findings.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `file:line:col: error[code]: message` with the line and a hint, on stderr
    Human,
    /// GitHub Actions workflow commands (`::error file=…`), on stdout
    Github,
    /// One JSON document, on stdout
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            dir,
            port,
            hostname,
            open,
            as_of,
            include_private,
        } => serve(dir, port, hostname, open, as_of, include_private),
        Command::Init { dir } => init(dir),
        Command::Build { dir, target, as_of } => build(dir, target, as_of),
        Command::Check {
            dir,
            target,
            as_of,
            strict,
            format,
        } => check(dir, target, as_of, strict, format),
        Command::Diff {
            base,
            head,
            dir,
            as_of,
        } => diff(base, head, dir, as_of),
        Command::Checkin {
            objective,
            key_result_or_value,
            value,
            confidence,
            note,
            blockers,
            date,
            dry_run,
            dir,
        } => {
            let (key_result, value) = match value {
                Some(value) => (Some(key_result_or_value), value),
                None => (None, key_result_or_value),
            };
            checkin(
                &dir,
                CheckinArgs {
                    objective,
                    key_result,
                    value,
                    confidence,
                    note,
                    blockers,
                    date,
                },
                dry_run,
            )
        }
        Command::New { what, dir, dry_run } => new(what, dir, dry_run),
        Command::Grade {
            period,
            team,
            as_of,
            dry_run,
            dir,
        } => grade(&dir, period, team, as_of, dry_run),
        Command::Plan {
            period,
            from,
            team,
            dry_run,
            dir,
        } => plan(&dir, &period, from.as_deref(), team.as_deref(), dry_run),
    }
}

fn plan(
    dir: &std::path::Path,
    period: &str,
    from: Option<&str>,
    team: Option<&str>,
    dry_run: bool,
) -> ExitCode {
    let request = okrbook::plan::PlanRequest { period, from, team };
    match okrbook::plan::plan(dir, &request, dry_run) {
        Ok(report) => {
            let _ = std::io::stdout()
                .lock()
                .write_all(report.summary(dry_run).as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}\nNothing was written.");
            ExitCode::FAILURE
        }
    }
}

fn new(what: New, dir: PathBuf, dry_run: bool) -> ExitCode {
    use okrbook::scaffold;
    let result = match &what {
        New::Objective {
            team,
            period,
            title,
            parent,
            owner,
        } => scaffold::new_objective(
            &dir,
            &scaffold::NewObjective {
                team,
                period,
                title,
                parent: parent.as_deref(),
                owner: owner.as_deref(),
            },
            dry_run,
        ),
        New::Team { id, name, parent } => scaffold::new_team(
            &dir,
            &scaffold::NewTeam {
                id,
                name,
                parent: parent.as_deref(),
            },
            dry_run,
        ),
    };
    match result {
        Ok(written) if dry_run => {
            println!(
                "would create {} (--dry-run: nothing written):\n",
                written.display_path
            );
            print!("{}", written.text);
            ExitCode::SUCCESS
        }
        Ok(written) => {
            println!("created {}", written.display_path);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}\nNothing was written.");
            ExitCode::FAILURE
        }
    }
}

fn serve(
    dir: PathBuf,
    port: u16,
    hostname: String,
    open: bool,
    as_of: Option<String>,
    include_private: bool,
) -> ExitCode {
    let as_of = match okrbook::resolve_as_of(as_of.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let options = okrbook::serve::ServeOptions {
        build: okrbook::BuildOptions {
            root: dir,
            dest_dir: None,
            as_of,
            include_private,
            site_url: None,
        },
        hostname,
        port,
    };
    let server = match okrbook::serve::Server::start(options) {
        Ok(server) => server,
        Err(error @ okrbook::serve::StartError::PrivateBeyondLoopback { .. }) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("Serving on {} (Ctrl-C to stop)", server.url);
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&server.url);
    }
    server.run();
    ExitCode::SUCCESS
}

/// Best effort: the platform's "open this URL" command.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(error) = std::process::Command::new(command.0)
        .args(&command.1)
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({error}); open {url} yourself");
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

fn build(dir: PathBuf, target: Target, as_of: Option<String>) -> ExitCode {
    let started = Instant::now();
    let as_of = match okrbook::resolve_as_of(as_of.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let options = target.options(dir, as_of);
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
        Err(failure) => {
            report_diagnostics(&failure.diagnostics);
            if failure.site_untouched {
                eprintln!("Nothing was written.");
            }
            ExitCode::FAILURE
        }
    }
}

fn check(
    dir: PathBuf,
    target: Target,
    as_of: Option<String>,
    strict: bool,
    format: Format,
) -> ExitCode {
    let as_of = match okrbook::resolve_as_of(as_of.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    // The same verdict as `build`'s, so that a green check means a build that works.
    let checked = okrbook::verify(&target.options(dir.clone(), as_of));
    let (errors, warnings) = diagnostic::count(&checked.diagnostics);
    let failed = errors > 0 || (strict && warnings > 0);
    match format {
        Format::Human => print_findings(&checked.diagnostics),
        Format::Github => {
            // Paths in the repository, so that GitHub finds the lines.
            let prefix = okrbook::diff::git::show_prefix(&dir).unwrap_or_default();
            let text: String = checked
                .diagnostics
                .iter()
                .map(|finding| finding.render_github(&prefix) + "\n")
                .collect();
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        Format::Json => {
            return match diagnostic::render_json(&checked.diagnostics, as_of) {
                Ok(text) => {
                    let _ = writeln!(std::io::stdout().lock(), "{text}");
                    if failed {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(error) => {
                    eprintln!("error: cannot write the findings as JSON: {error}");
                    ExitCode::from(2)
                }
            };
        }
    }
    let objectives = match checked.objectives {
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
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn diff(base: String, head: Option<String>, dir: PathBuf, as_of: Option<String>) -> ExitCode {
    use okrbook::diff::Side;
    let as_of = match okrbook::resolve_as_of(as_of.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let sides = Side::open(Some(&base), &dir)
        .and_then(|base| Side::open(head.as_deref(), &dir).map(|head| (base, head)));
    let (base, head) = match sides {
        Ok(sides) => sides,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let checked = [
        okrbook::check(base.root(), as_of),
        okrbook::check(head.root(), as_of),
    ];
    let mut valid = true;
    for (side, checked) in [&base, &head].into_iter().zip(&checked) {
        if checked.has_errors() {
            valid = false;
            let errors: Vec<Diagnostic> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            eprintln!(
                "{} has {} error(s):\n",
                side.label(),
                diagnostic::count(&errors).0
            );
            print_findings(&errors);
        }
    }
    if !valid {
        eprintln!("Nothing was compared: fix the errors first (`okrbook check`).");
        return ExitCode::FAILURE;
    }
    let [Some(base_book), Some(head_book)] = checked.map(|c| c.handbook) else {
        return ExitCode::FAILURE;
    };
    let summary = okrbook::diff::compare(&base_book, &head_book, as_of);
    let text = okrbook::diff::to_markdown(&summary, &base.label(), &head.label());
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

/// `okrbook checkin`'s arguments, as written.
struct CheckinArgs {
    objective: String,
    key_result: Option<String>,
    value: String,
    confidence: Option<String>,
    note: Option<String>,
    blockers: Option<String>,
    date: Option<String>,
}

fn checkin(dir: &std::path::Path, args: CheckinArgs, dry_run: bool) -> ExitCode {
    let date = match args.date.as_deref() {
        Some(text) => okrbook::date::Date::parse(text.trim()).ok_or_else(|| {
            format!("--date {text} is not a date; write it as YYYY-MM-DD, for example 2026-11-21")
        }),
        None => okrbook::resolve_as_of(None),
    };
    let date = match date {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let request = okrbook::edit::CheckinRequest {
        objective: args.objective,
        key_result: args.key_result,
        value: args.value,
        confidence: args.confidence,
        note: args.note,
        blockers: args.blockers,
        date,
    };
    match okrbook::edit::checkin(dir, &request, dry_run) {
        Ok(report) => {
            let mut out = String::new();
            let verb = if dry_run { "would add" } else { "added" };
            let (first, last) = match (report.added.first(), report.added.last()) {
                (Some(first), Some(last)) => (first.0, last.0),
                _ => (0, 0),
            };
            let lines = if first == last {
                format!("line {first}")
            } else {
                format!("lines {first}-{last}")
            };
            out.push_str(&format!("{}: {verb} {lines}:\n", report.display_path));
            for (line, text) in &report.added {
                out.push_str(&format!("{line:>5} + {text}\n"));
            }
            let score = |s: Option<f64>| s.map_or("no score".to_string(), |s| format!("{s:.2}"));
            out.push_str(&format!(
                "Key result {}: {} -> {}\nObjective \"{}\": {} -> {} (as of {date})\n",
                report.key_result,
                score(report.key_result_score.0),
                score(report.key_result_score.1),
                report.objective,
                score(report.objective_score.0),
                score(report.objective_score.1),
            ));
            if let Some(source) = &report.data_source {
                out.push_str(&format!(
                    "This key result also reads its check-ins from {source}; the check-in written here counts beside that file's rows.\n"
                ));
            }
            if dry_run {
                out.push_str("Dry run: nothing was written.\n");
            }
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            print_findings(&refusal.diagnostics);
            eprintln!("error: {}", refusal.message);
            eprintln!("Nothing was written.");
            ExitCode::FAILURE
        }
    }
}

fn grade(
    dir: &std::path::Path,
    period: String,
    team: Option<String>,
    as_of: Option<String>,
    dry_run: bool,
) -> ExitCode {
    let date = match okrbook::resolve_as_of(as_of.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let request = okrbook::edit::GradeRequest { period, team, date };
    let report = match okrbook::edit::grade(dir, &request, dry_run) {
        Ok(report) => report,
        Err(refusal) => {
            print_findings(&refusal.diagnostics);
            eprintln!("error: {}", refusal.message);
            eprintln!("Nothing was written.");
            return ExitCode::FAILURE;
        }
    };
    let mut out = String::new();
    let verb = if dry_run { "would add" } else { "added" };
    let score = |s: Option<f64>| s.map_or("no score".to_string(), |s| format!("{s:.2}"));
    for graded in &report.graded {
        let (first, last) = match (graded.added.first(), graded.added.last()) {
            (Some(first), Some(last)) => (first.0, last.0),
            _ => (0, 0),
        };
        out.push_str(&format!(
            "{}: {verb} lines {first}-{last}: \"{}\"\n",
            graded.display_path, graded.objective
        ));
        for (line, text) in &graded.added {
            out.push_str(&format!("{line:>5} + {text}\n"));
        }
        match graded.score {
            Some(_) => out.push_str(&format!(
                "  score {} (was computed {}; now graded, final)\n",
                score(graded.change.1),
                score(graded.change.0),
            )),
            None => out.push_str(
                "  not scored: no key result has a score; write the grade's score by hand\n",
            ),
        }
    }
    for path in &report.already_graded {
        out.push_str(&format!("{path}: has a `grade:` already, left as it is\n"));
    }
    let not_scored = report.graded.iter().filter(|g| g.score.is_none()).count();
    let graded_verb = if dry_run { "Would grade" } else { "Graded" };
    out.push_str(&format!(
        "{graded_verb} {} objective(s) of {} as of {date}; {} already graded",
        report.graded.len(),
        report.period,
        report.already_graded.len()
    ));
    if not_scored > 0 {
        out.push_str(&format!("; {not_scored} without a score to fill in"));
    }
    out.push_str(".\n");
    if !report.graded.is_empty() {
        out.push_str("Fill in each grade's `learned:` and `next:` (continue, done or drop).\n");
    }
    if dry_run {
        out.push_str("Dry run: nothing was written.\n");
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
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
