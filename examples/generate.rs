//! Writes a large, realistic handbook for benchmarks:
//! `cargo run --release --example generate -- <objectives> <folder> [seed]`.
//!
//! N objectives over a tree of about N/20 teams and 8 quarters, 3-4 key
//! results each with 3-6 check-ins, parents forming a cascade from company to
//! team to individual goals, about 300 words of Markdown per objective with
//! headings, a list, a table and links, and some private objectives. The same
//! seed writes the same files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*), so that no crate is needed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "latency",
    "customers",
    "reliability",
    "deploys",
    "review",
    "incidents",
    "onboarding",
    "checkout",
    "search",
    "payments",
    "on-call",
    "queue",
    "cache",
    "migration",
    "throughput",
    "errors",
    "support",
    "tickets",
    "platform",
    "mobile",
    "drivers",
    "shippers",
    "invoices",
    "tracking",
    "alerts",
    "budget",
    "capacity",
    "runbooks",
    "tests",
    "pipeline",
    "quality",
    "experiments",
    "retention",
    "signups",
];
const OUTCOMES: &[&str] = &[
    "Customers trust our",
    "Engineers ship",
    "Nobody waits for",
    "We understand our",
    "Every team owns",
    "Shippers rely on",
    "Drivers never lose",
    "Support rarely hears about",
];
const PEOPLE: &[&str] = &[
    "Ada", "Bola", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kofi",
    "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tara",
];
const SURNAMES: &[&str] = &[
    "Abara",
    "Berg",
    "Costa",
    "Diallo",
    "Eriksen",
    "Fujita",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mensah",
    "Novak",
    "Okafor",
    "Petrov",
];
const PERIODS: &[&str] = &[
    "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4",
];
const MONTH_OF_QUARTER: [u32; 4] = [1, 4, 7, 10];

fn person(random: &mut Random) -> String {
    format!("{} {}", random.pick(PEOPLE), random.pick(SURNAMES))
}

fn sentence(random: &mut Random, words: usize) -> String {
    let mut text = String::new();
    for index in 0..words {
        if index > 0 {
            text.push(' ');
        }
        text.push_str(random.pick(WORDS));
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    }
}

fn body(random: &mut Random, links: &[String]) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "## Why this matters\n");
    for _ in 0..3 {
        let _ = write!(text, "{} ", sentence(random, 12));
    }
    let _ = writeln!(text, "\n\n## What we will do\n");
    for _ in 0..4 {
        let _ = writeln!(text, "- {}", sentence(random, 8));
    }
    let _ = writeln!(text, "\n| Signal | Today | Goal |\n| --- | --- | --- |");
    for _ in 0..3 {
        let _ = writeln!(
            text,
            "| {} | {} | {} |",
            random.pick(WORDS),
            random.below(100),
            random.below(100)
        );
    }
    let _ = writeln!(text, "\n## Notes\n");
    for _ in 0..5 {
        let _ = write!(text, "{} ", sentence(random, 14));
    }
    for link in links {
        let _ = write!(text, "See [the related objective]({link}). ");
    }
    text.push('\n');
    text
}

struct Team {
    id: String,
    parent: Option<usize>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(folder)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: generate <objectives> <folder> [seed]");
        std::process::exit(2);
    };
    let seed = args
        .get(3)
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(42);
    if let Err(error) = generate(count, Path::new(folder), seed) {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn generate(count: usize, root: &Path, seed: u64) -> std::io::Result<()> {
    let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let content = root.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    std::fs::create_dir_all(content.join("teams"))?;
    std::fs::write(
        root.join("book.toml"),
        format!("[book]\ntitle = \"Generated handbook ({count} objectives)\"\n\n[okr]\ncurrent-period = \"2026-Q4\"\n"),
    )?;
    std::fs::write(
        content.join("index.md"),
        "---\ntitle: Welcome\n---\nA generated handbook.\n",
    )?;
    let team_count = (count / 20).max(2);
    let mut teams: Vec<Team> = Vec::with_capacity(team_count);
    for index in 0..team_count {
        let parent = if index == 0 {
            None
        } else {
            Some(random.below(index.min(8 + index / 4)))
        };
        let id = format!("team-{index:04}");
        let members: Vec<String> = (0..4).map(|_| person(&mut random)).collect();
        let mut text = format!(
            "---\ntype: team\nname: Team {index}\nlead: {}\nmembers: [{}]\n",
            members[0],
            members.join(", ")
        );
        if let Some(parent) = parent {
            let _ = writeln!(text, "parent: {}", teams[parent].id);
        }
        let _ = write!(text, "---\n{}\n", sentence(&mut random, 20));
        std::fs::write(content.join("teams").join(format!("{id}.md")), text)?;
        teams.push(Team { id, parent });
    }
    let per_period = count.div_ceil(PERIODS.len());
    let mut written = 0;
    for (period_index, period) in PERIODS.iter().enumerate() {
        let year: i32 = period[..4].parse().unwrap_or(2026);
        let quarter = (period.as_bytes()[6] - b'1') as usize;
        let ended = period_index + 1 < PERIODS.len();
        let mut ids_by_team: Vec<Vec<String>> = vec![Vec::new(); teams.len()];
        let mut this_period: Vec<(String, Option<usize>)> = Vec::new();
        for slot in 0..per_period {
            if written == count {
                break;
            }
            written += 1;
            // Teams in tree order first so parents exist; the last tenth are individual goals.
            let individual = slot * 10 >= per_period * 9;
            let team = if individual {
                None
            } else {
                Some(slot % teams.len())
            };
            let parent_id = match team {
                Some(t) => teams[t].parent.and_then(|p| {
                    let list = &ids_by_team[p];
                    (!list.is_empty()).then(|| list[random.below(list.len())].clone())
                }),
                None => {
                    let candidates: Vec<&String> = this_period
                        .iter()
                        .filter(|(_, t)| t.is_some())
                        .map(|(id, _)| id)
                        .collect();
                    (!candidates.is_empty())
                        .then(|| candidates[random.below(candidates.len())].clone())
                }
            };
            let folder = match team {
                Some(t) => format!("{}/{period}", teams[t].id),
                None => format!("people/p{slot:04}/{period}"),
            };
            let id = format!("{folder}/o{slot:05}");
            let mut text = format!(
                "---\ntitle: {} {} {}\nperiod: {period}\nowner: {}\n",
                random.pick(OUTCOMES),
                random.pick(WORDS),
                random.pick(WORDS),
                person(&mut random)
            );
            if let Some(t) = team {
                let _ = writeln!(text, "team: {}", teams[t].id);
            }
            if let Some(parent) = &parent_id {
                let _ = writeln!(text, "parent: {parent}");
            }
            if random.below(25) == 0 {
                text.push_str("visibility: private\n");
            }
            if random.below(5) == 0 {
                text.push_str("commitment: aspirational\n");
            }
            let _ = writeln!(
                text,
                "tags: [{}]",
                random.pick(&["delivery", "technical-health", "team-health"])
            );
            text.push_str("key_results:\n");
            for kr in 0..3 + random.below(2) {
                let baseline = 10 + random.below(90);
                let target = baseline + 10 + random.below(50);
                let _ = write!(
                    text,
                    "  - title: {} {} per week\n    owner: {}\n    unit: count\n    baseline: {baseline}\n    target: {target}\n    checkins:\n",
                    random.pick(WORDS),
                    random.pick(WORDS),
                    person(&mut random)
                );
                let checkins = 3 + random.below(4);
                for c in 0..checkins {
                    let month = MONTH_OF_QUARTER[quarter] + (c as u32 * 3 / checkins as u32);
                    let day = 1 + random.below(27);
                    let value = baseline + random.below(target - baseline + 5);
                    let _ = write!(
                        text,
                        "      - date: {year}-{month:02}-{day:02}\n        value: {value}\n        confidence: {}\n        note: {}\n",
                        random.pick(&["low", "medium", "high"]),
                        sentence(&mut random, 6)
                    );
                }
                let _ = kr;
            }
            if ended {
                let _ = write!(
                    text,
                    "grade:\n  learned: {}\n  next: continue\n",
                    sentence(&mut random, 10)
                );
            }
            let links: Vec<String> = parent_id
                .iter()
                .map(|p| {
                    let depth = id.matches('/').count();
                    format!("{}{p}.md", "../".repeat(depth))
                })
                .collect();
            let _ = write!(text, "---\n{}", body(&mut random, &links));
            let path: PathBuf = content.join(format!("{id}.md"));
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)?;
            if let Some(t) = team {
                ids_by_team[t].push(id.clone());
            }
            this_period.push((id, team));
        }
    }
    eprintln!(
        "wrote {written} objectives and {team_count} teams into {}",
        root.display()
    );
    Ok(())
}
