//! The typed data each template receives. Every link is already relative to
//! the page being rendered, and every number is already formatted.

use super::charts::Chart;
use serde::Serialize;

/// What every page has: the book, the navigation, where the root is.
#[derive(Serialize)]
pub struct Layout {
    pub book_title: String,
    pub book_description: Option<String>,
    pub page_title: String,
    /// Prefix from this page to the site's root: `../../`, empty at the root (the 404 page too).
    pub root: String,
    pub as_of: String,
    pub nav: Nav,
    pub edit_url: Option<String>,
    /// Breadcrumbs above the title, outermost first.
    pub breadcrumbs: Vec<Link>,
    /// This page's own summary, plain text: `<meta name="description">` and `og:description`.
    pub description: String,
    /// `og:type`: `article` for an objective or a guide, else `website`.
    pub og_type: &'static str,
    /// The page's absolute address, for `og:url`; `None` unless `site-url` is an absolute URL.
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct Nav {
    pub home: String,
    pub periods: Vec<Link>,
    pub teams: String,
    pub people: String,
    pub cascade: String,
    pub grading: String,
    /// The health page; `None` when the site has none (`coaching = "off"`).
    pub health: Option<String>,
    /// The team tree, top-level teams first, siblings by name: every level
    /// when the handbook has at most 40 teams, else the top level and the
    /// branch down to the current team; see `teams` for all.
    pub team_tree: Vec<NavTeam>,
    pub guides: Vec<Link>,
    /// Which of home, period, teams, people, cascade, guide is open; `none` on the 404 page.
    pub section: &'static str,
}

/// A team of the sidebar's tree.
#[derive(Serialize)]
pub struct NavTeam {
    pub team: Link,
    /// Its sub-teams' links (for themes that show two levels): the teams of `sub_teams`.
    pub children: Vec<Link>,
    /// Its sub-teams, each with theirs.
    pub sub_teams: Vec<NavTeam>,
    /// Whether its branch starts unfolded: it is the current team or holds
    /// it, or, on a page of no team, it is a top-level team.
    pub open: bool,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// An objective in a list.
#[derive(Serialize, Clone)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub href: String,
    pub period: String,
    pub period_href: String,
    pub team: Option<Link>,
    /// The first of `owners`, for themes written before there could be several.
    pub owner: Option<Link>,
    /// People's pages, or a team's page for a team that owns it, in the order written.
    pub owners: Vec<Link>,
    pub level: &'static str,
    pub commitment: &'static str,
    /// `None` when not scored: the theme shows a neutral "not scored".
    pub score: Option<Score>,
    pub status: &'static str,
    pub status_label: &'static str,
    /// The status model's colour for the objective (see [`Score::tone`]),
    /// `neutral` when not scored; its badge, pill and bar all take it.
    pub tone: &'static str,
    pub private: bool,
}

#[derive(Serialize, Clone)]
pub struct Score {
    /// Two decimals, e.g. `0.42`.
    pub text: String,
    /// 0..100, for bar widths.
    pub percent: u32,
    /// The score itself, clamped to 0..1.
    pub value: f64,
    /// The grade band of the score alone: `red`, `yellow` or `green`.
    pub band: &'static str,
    /// The colour the status model gives it: `good`, `warn`, `bad` or
    /// `neutral` (see [`crate::score::Tone`]); themes colour by this.
    pub tone: &'static str,
    /// The tone in words ("on track", "green band"), "" when neutral.
    pub tone_label: &'static str,
    /// The tone's shape, shown beside the colour: ● ▲ ■ ○.
    pub icon: &'static str,
}

#[derive(Serialize)]
pub struct HomeView {
    pub layout: Layout,
    pub period: String,
    pub period_href: String,
    pub cascade_href: String,
    pub progress: PeriodProgress,
    /// What the top level is called: the root team's name when there is
    /// one root team (`IPLD`), else `Organization`.
    pub organization_label: String,
    /// More than one root team: organization-level cards name their team.
    pub several_root_teams: bool,
    pub organization: Vec<Card>,
    pub teams: Vec<TeamGroup>,
    pub individuals: Vec<Card>,
    pub prose_html: Option<String>,
    pub guides: Vec<Link>,
    /// What needs a person now in the current period, most urgent first.
    pub attention: Vec<AttentionItem>,
    pub overview: Option<Chart>,
}

/// One entry of the home page's "needs attention" list.
#[derive(Serialize)]
pub struct AttentionItem {
    /// Why it is listed: `off-track`, `at-risk`, `stale` or `unowned`.
    pub kind: &'static str,
    /// The objective, by its title (inline Markdown).
    pub objective: Link,
    /// The key result, by its title, linked to it on its objective's page;
    /// `None` when the objective itself needs attention.
    pub key_result: Option<Link>,
    /// The key result's status, when it is off track or at risk.
    pub status: Option<&'static str>,
    pub status_label: Option<&'static str>,
    /// What is wrong, in words, for people to read.
    pub reasons: Vec<String>,
}

/// How far a period has run and how it scores so far.
#[derive(Serialize)]
pub struct PeriodProgress {
    pub state: &'static str,
    pub start: String,
    pub last_day: String,
    /// Elapsed share of the period, 0..100.
    pub elapsed_percent: u32,
    pub objective_count: usize,
    pub average: Option<Score>,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    /// Running objectives with no result yet (status `no-data`).
    pub no_data: usize,
}

#[derive(Serialize)]
pub struct TeamGroup {
    pub team: Link,
    pub level: &'static str,
    pub average: Option<Score>,
    pub objectives: Vec<Card>,
}

#[derive(Serialize)]
pub struct ObjectiveView {
    pub layout: Layout,
    pub card: Card,
    /// The days its period runs, as [`PeriodView::period_dates`].
    pub period_dates: Option<String>,
    pub cascade_href: String,
    /// How many supporting objectives the score is the mean of; 0 when
    /// the objective's own key results (or grade) give it.
    pub rolled_up_from: usize,
    /// How many published objectives support it, scored or not.
    pub supporters: usize,
    /// Whether the objective's period is `upcoming`, `running` or `ended`
    /// as of the build's date: an ended period gets no "yet".
    pub period_state: &'static str,
    pub expected_percent: u32,
    pub tags: Vec<String>,
    pub key_results: Vec<KeyResultView>,
    pub initiatives: Vec<InitiativeView>,
    pub grade: Option<GradeView>,
    pub body_html: String,
    /// From the top of the cascade down to the direct parent.
    pub ancestors: Vec<Card>,
    pub supports_private: bool,
    pub children: Vec<Card>,
    pub carried_from: Option<Card>,
    pub carried_to: Vec<Card>,
    /// The objectives linked by `carried_from` across periods, oldest first; empty when alone.
    pub chain: Vec<ChainLink>,
    /// The same team's objectives in the neighbouring periods it has any.
    pub team_periods: Option<TeamPeriods>,
    pub progress_chart: Option<Chart>,
    /// Coaching findings about this objective.
    pub notices: Vec<LintNotice>,
    /// The date of the newest check-in on or before the as-of date.
    pub last_updated: Option<String>,
}

/// Links to the team's page at its previous and next periods with objectives.
#[derive(Serialize)]
pub struct TeamPeriods {
    /// The team's name.
    pub team: String,
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

#[derive(Serialize)]
pub struct ChainLink {
    pub period: String,
    pub title: String,
    pub href: String,
    pub score: Option<Score>,
    pub status_label: &'static str,
    /// The objective whose page this is.
    pub current: bool,
}

#[derive(Serialize)]
pub struct KeyResultView {
    pub id: String,
    pub title: String,
    /// The first of `owners`, for themes written before there could be several.
    pub owner: Option<Link>,
    pub owners: Vec<Link>,
    /// The priority label, as `[okr] priorities` spells it; `None` when not given.
    pub priority: Option<String>,
    /// 0 for the highest priority; sorts key results by priority.
    pub priority_rank: Option<usize>,
    /// The key result of an earlier period this one continues, linked to its objective.
    pub carried_from: Option<Link>,
    pub kind: &'static str,
    pub unit: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub current: Option<String>,
    pub direction: &'static str,
    pub weight: String,
    pub measured_by: Option<String>,
    /// `None` when not scored.
    pub score: Option<Score>,
    pub overridden: bool,
    /// The latest check-in's confidence as a number, `0.7`.
    pub confidence: Option<String>,
    /// Its word on the documented scale: `low`, `medium` or `high`.
    pub confidence_band: Option<&'static str>,
    /// Both, as pages show them: `medium (0.7)`.
    pub confidence_text: Option<String>,
    pub latest_note: Option<String>,
    /// The latest check-in on or before the as-of date (a status update
    /// included), shown without expanding the table of all of them.
    pub latest: Option<CheckinView>,
    pub checkins: Vec<CheckinView>,
    pub chart: Option<Chart>,
    /// The date of its newest check-in on or before the as-of date.
    pub last_updated: Option<String>,
    /// Where to propose a change to it: its objective's file (at its line for a `/blob/` URL).
    pub edit_url: Option<String>,
    /// Its target and baseline as changed after the period started, from git history, oldest first.
    pub changes: Vec<ChangeView>,
}

/// A change of a key result's target or baseline after its period started.
#[derive(Serialize, Clone)]
pub struct ChangeView {
    /// `target` or `baseline`.
    pub field: &'static str,
    /// As the page names it: `Target`, `Limit` (a guardrail's target) or `Baseline`.
    pub label: &'static str,
    /// The value before, with its unit; `—` when it was not set.
    pub from: String,
    /// The value after, with its unit; `—` when it was removed.
    pub to: String,
    /// The commit's date, `2026-11-12`.
    pub date: String,
    /// The commit's id, 7 hex digits.
    pub commit: String,
}

#[derive(Serialize, Clone)]
pub struct CheckinView {
    pub date: String,
    /// Empty for a status update.
    pub value: String,
    /// A status update: a note and no value, which does not move the score.
    pub status_update: bool,
    /// The confidence as a number, `0.7`.
    pub confidence: Option<String>,
    /// Its word on the documented scale: `low`, `medium` or `high`.
    pub confidence_band: Option<&'static str>,
    /// Both, as pages show them: `medium (0.7)`.
    pub confidence_text: Option<String>,
    pub note: Option<String>,
    pub blockers: Option<String>,
    /// Dated after the as-of date, so not counted.
    pub after_as_of: bool,
}

#[derive(Serialize)]
pub struct InitiativeView {
    pub title: String,
    pub owner: Option<Link>,
    pub status: &'static str,
    pub link: Option<String>,
    /// The ids of the key results it drives, as written.
    pub key_results: Vec<String>,
    /// The same key results by their titles, linked to them on the page.
    pub drives: Vec<Link>,
}

#[derive(Serialize)]
pub struct GradeView {
    pub score: Option<Score>,
    pub date: Option<String>,
    pub learned: Option<String>,
    pub next: Option<&'static str>,
}

#[derive(Serialize)]
pub struct TeamView {
    pub layout: Layout,
    pub id: String,
    pub name: String,
    /// Names or ids the team had before, as written.
    pub formerly: Vec<String>,
    /// Key results of any team's objectives that name this team as an owner.
    pub owned_key_results: Vec<OwnedKeyResult>,
    pub level: &'static str,
    pub parent: Option<Link>,
    pub lead: Option<Link>,
    pub members: Vec<Link>,
    pub sub_teams: Vec<Link>,
    pub mission_html: String,
    pub periods: Vec<PeriodGroup>,
    pub history: Option<Chart>,
    /// The date of the newest check-in among its published objectives, on or before the as-of date.
    pub last_updated: Option<String>,
}

#[derive(Serialize)]
pub struct PeriodGroup {
    pub period: Link,
    pub average: Option<Score>,
    pub objectives: Vec<Card>,
}

#[derive(Serialize)]
pub struct TeamsView {
    pub layout: Layout,
    pub tree: Vec<TeamNode>,
}

#[derive(Serialize)]
pub struct TeamNode {
    pub team: Link,
    pub lead: Option<String>,
    pub member_count: usize,
    pub children: Vec<TeamNode>,
}

#[derive(Serialize)]
pub struct PeriodView {
    pub layout: Layout,
    pub period: String,
    /// The days it runs (`1 Aug – 31 Oct 2026`) when its name does not say
    /// them: `None` when fiscal years are calendar years.
    pub period_dates: Option<String>,
    pub cascade_href: String,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub progress: PeriodProgress,
    pub teams: Vec<TeamGroup>,
    pub individuals: Vec<Card>,
    pub overview: Option<Chart>,
}

#[derive(Serialize)]
pub struct CascadeView {
    pub layout: Layout,
    pub period: String,
    pub period_href: String,
    pub roots: Vec<CascadeNode>,
    pub supporting_private: Vec<CascadeNode>,
}

#[derive(Serialize)]
pub struct CascadeNode {
    pub card: Card,
    /// Set when the parent lies in another period.
    pub parent_elsewhere: Option<Card>,
    pub children: Vec<CascadeNode>,
}

#[derive(Serialize)]
pub struct PersonView {
    pub layout: Layout,
    pub name: String,
    pub leads: Vec<Link>,
    pub member_of: Vec<Link>,
    pub objectives: Vec<Card>,
    pub key_results: Vec<OwnedKeyResult>,
    pub initiatives: Vec<OwnedInitiative>,
    pub history: Option<Chart>,
}

#[derive(Serialize)]
pub struct OwnedKeyResult {
    pub title: String,
    pub objective: Card,
    pub score: Option<Score>,
}

#[derive(Serialize)]
pub struct OwnedInitiative {
    pub title: String,
    pub status: &'static str,
    pub objective: Card,
}

#[derive(Serialize)]
pub struct PeopleView {
    pub layout: Layout,
    /// The current period, whose objectives each row counts.
    pub period: String,
    pub period_href: String,
    /// Everyone, by name.
    pub people: Vec<PersonRow>,
}

/// One person on the list of people: their page (`label` and `href`, as a
/// [`Link`]), their teams and what they own in the current period.
#[derive(Serialize)]
pub struct PersonRow {
    pub label: String,
    pub href: String,
    pub current: bool,
    pub leads: Vec<Link>,
    /// Teams they belong to but do not lead.
    pub member_of: Vec<Link>,
    /// Objectives of the current period they own, or own with others.
    pub objectives: usize,
    /// How many of those objectives have each status, in the order
    /// off track, at risk, on track, then the others.
    pub statuses: Vec<StatusCount>,
    /// Key results of the current period they own.
    pub key_results: usize,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Serialize)]
pub struct PageView {
    pub layout: Layout,
    pub title: String,
    pub description: Option<String>,
    pub extra: serde_json::Value,
    pub body_html: String,
}

#[derive(Serialize)]
pub struct NotFoundView {
    pub layout: Layout,
    /// Where the site is served from (`site-url`): the page's `<base>` on a server.
    pub site_url: String,
}

#[derive(Serialize)]
pub struct GradingView {
    pub layout: Layout,
    /// Graded periods, oldest first: the table's columns.
    pub columns: Vec<String>,
    pub rows: Vec<GradingRow>,
    pub trend: Option<Chart>,
    /// Graded periods, newest first.
    pub periods: Vec<GradedPeriod>,
}

#[derive(Serialize)]
pub struct GradingRow {
    pub team: Link,
    /// One per column: the team's average final score, if it had objectives then.
    pub cells: Vec<Option<Score>>,
}

#[derive(Serialize)]
pub struct GradedPeriod {
    pub period: Link,
    pub average: Option<Score>,
    pub objectives: Vec<GradedObjective>,
}

#[derive(Serialize)]
pub struct GradedObjective {
    pub card: Card,
    pub learned: Option<String>,
    pub next: Option<&'static str>,
}

/// One coaching finding, as shown on a page.
#[derive(Serialize, Clone)]
pub struct LintNotice {
    pub code: String,
    /// The practice the lint comes from (`SMART: measurable`); `None` for a finding that is not coaching.
    pub practice: Option<String>,
    /// That practice's anchor on the health page (`practice-measurable`).
    pub practice_anchor: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// `file:line` in the source.
    pub location: String,
}

#[derive(Serialize)]
pub struct HealthView {
    pub layout: Layout,
    pub total: usize,
    /// Findings per code, by code.
    pub counts: Vec<(String, usize)>,
    /// Findings per practice, the most first: the habit to change first leads.
    pub practices: Vec<PracticeCount>,
    pub groups: Vec<HealthGroup>,
}

/// How many findings come from one practice, and from which teams.
#[derive(Serialize)]
pub struct PracticeCount {
    pub name: String,
    /// The anchor of its row, `practice-measurable`.
    pub anchor: String,
    /// What the practice asks, one sentence.
    pub summary: String,
    pub count: usize,
    /// The groups (teams, individual goals, the whole handbook) its findings
    /// are in, with how many, in the order of the page's groups.
    pub groups: Vec<PracticeGroup>,
}

/// One group's share of a practice's findings.
#[derive(Serialize)]
pub struct PracticeGroup {
    pub title: String,
    /// The group's anchor on the page, `group-2`.
    pub anchor: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct HealthGroup {
    pub title: String,
    pub link: Option<Link>,
    pub items: Vec<HealthItem>,
}

#[derive(Serialize)]
pub struct HealthItem {
    pub notice: LintNotice,
    /// The objective the finding is about, when it is about one.
    pub subject: Option<Link>,
}
