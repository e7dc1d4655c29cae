//! Reading the typed fields of one record, reporting every problem with
//! the field's position and keeping as much of the record as could be read.

use super::dispatch::{plain_page, title_from_stem};
use super::origin::Origin;
use super::yaml_errors::{misfit, remove_field, yaml_diagnostic, Segment, MAX_MISFITS};
use super::*;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::load::{FrontMatter, SourceFile};
use crate::locate::{self, Step};
use crate::raw::{
    RawCheckin, RawConfidence, RawGrade, RawInitiative, RawKeyResult, RawObjective, RawPage,
    RawScore, RawTeam, RawValue, Text,
};
use crate::suggest::closest;

/// Reads typed records from one file, collecting findings.
pub(super) struct Reader<'a> {
    pub(super) origin: Origin,
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
    /// Fields left out because they did not fit, as `key_results.0.target`;
    /// their absence is not reported again.
    pub(super) left_out: Vec<String>,
    /// Suggestions for key result ids that name nothing, within a budget.
    pub(super) suggester: crate::suggest::Suggester,
    /// Where data files named by `source:` are read from; `None` when there
    /// is no handbook folder to read them from.
    pub(super) data: Option<&'a crate::load::DataFiles>,
    /// The data files read, with a fingerprint of what was read, so that the
    /// parse cache knows when to read the file again.
    pub(super) data_read: Vec<(String, u64)>,
}

impl Reader<'_> {
    /// The front matter as `T`. A field that does not fit (an unknown field,
    /// or a value of the wrong type) is reported, left out, and the rest is
    /// read again, so that one run reports every problem in the file.
    /// The typed record. The YAML is parsed once; only when the record does
    /// not fit is the text parsed again, for the error's position.
    pub(super) fn typed<T: serde::de::DeserializeOwned>(
        &mut self,
        file: &SourceFile,
        front: &FrontMatter,
        parsed: serde_yaml::Value,
    ) -> Option<T> {
        if let Ok(record) = serde_yaml::from_value(parsed) {
            return Some(record);
        }
        let mut error = match serde_yaml::from_str(&front.yaml) {
            Ok(value) => return Some(value),
            Err(error) => error,
        };
        self.diagnostics
            .push(yaml_diagnostic(file, front, &error, None));
        let mut value: serde_yaml::Value = serde_yaml::from_str(&front.yaml).ok()?;
        for _ in 0..MAX_MISFITS {
            let current = misfit(&error)?;
            let field = current.field_path();
            if !remove_field(&mut value, &field) {
                return None;
            }
            let steps: Vec<Step> = field.iter().map(Segment::step).collect();
            self.left_out.push(locate::dotted(&steps));
            if let Some((_, Some(suggestion))) = &current.unknown {
                // `titel` was meant as `title`: a missing `title` is the same problem.
                let mut meant: Vec<Step> = current.path.iter().map(Segment::step).collect();
                meant.push(Step::Key(suggestion));
                self.left_out.push(locate::dotted(&meant));
            }
            let rewritten = serde_yaml::to_string(&value).ok()?;
            error = match serde_yaml::from_str(&rewritten) {
                Ok(value) => return Some(value),
                Err(error) => error,
            };
            // Positions in the rewritten YAML mean nothing: point at the field in the file.
            let place = match misfit(&error) {
                Some(next) => {
                    let steps: Vec<Segment> = next.field_path();
                    let steps: Vec<Step> = steps.iter().map(Segment::step).collect();
                    self.origin.position(&steps, next.unknown.is_none())
                }
                None => self.origin.position(&[], false),
            };
            self.diagnostics
                .push(yaml_diagnostic(file, front, &error, Some(place)));
        }
        None
    }

    /// Whether the field at `path` was left out by `typed`.
    fn was_left_out(&self, path: &[Step<'_>]) -> bool {
        let path = locate::dotted(path);
        self.left_out.contains(&path)
    }

    fn report(
        &mut self,
        code: Code,
        path: &[Step<'_>],
        at_value: bool,
        message: String,
        help: &str,
    ) {
        let finding = self
            .origin
            .finding(code, path, at_value, message)
            .with_help(help);
        self.diagnostics.push(finding);
    }

    /// A keyword field; an unknown word is reported with the closest known one.
    fn keyword<T: Copy>(
        &mut self,
        path: &[Step<'_>],
        written: Option<&str>,
        choices: &[(&str, T)],
        default: T,
    ) -> T {
        let Some(written) = written else {
            return default;
        };
        let normal = written.trim().to_ascii_lowercase().replace('-', "_");
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == normal) {
            return *value;
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let field = match path.last() {
            Some(Step::Key(key)) => *key,
            _ => "value",
        };
        let help = match closest(&normal, &names) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("write one of: {}", names.join(", ")),
        };
        self.report(
            Code::UnknownValue,
            path,
            true,
            format!("`{field}: {written}` is not one of {}", names.join(", ")),
            &help,
        );
        default
    }

    fn date(&mut self, path: &[Step<'_>], written: &Text) -> Option<Date> {
        let date = Date::parse(written.as_str().trim());
        if date.is_none() {
            self.report(
                Code::BadDate,
                path,
                true,
                format!("\"{}\" is not a date", written.as_str()),
                "write a real day as YYYY-MM-DD, for example 2026-10-15",
            );
        }
        date
    }

    /// A number as written, when it is one okrbook can compute with: finite
    /// and at most [`MAX_MAGNITUDE`] either side of 0. YAML reads `.nan` and
    /// `.inf` as numbers; scores, charts and the export would turn them (and
    /// sums of numbers near the largest a float holds) into nonsense.
    fn number(&mut self, path: &[Step<'_>], value: Option<f64>) -> Option<f64> {
        let value = value?;
        if value.is_finite() && value.abs() <= MAX_MAGNITUDE {
            return Some(value);
        }
        self.report(
            Code::BadNumber,
            path,
            true,
            format!("{value} is not a number okrbook can compute with"),
            "write a finite number between -1e15 and 1e15 (a million billion)",
        );
        None
    }

    fn unit_interval(&mut self, path: &[Step<'_>], value: Option<f64>, what: &str) -> Option<f64> {
        let value = value?;
        if value.is_nan() {
            return self.number(path, Some(value));
        }
        if (0.0..=1.0).contains(&value) {
            return Some(value);
        }
        self.report(
            Code::ScoreOutOfRange,
            path,
            true,
            format!("{what} is {value}, outside 0..1"),
            "write a number from 0 (nothing achieved) to 1 (fully achieved), for example 0.7",
        );
        Some(value.clamp(0.0, 1.0))
    }

    fn text_id(&mut self, path: &[Step<'_>], written: Option<&Text>) -> Option<String> {
        let written = written?;
        let id = written.as_str().trim().to_string();
        if id.is_empty() {
            self.report(
                Code::EmptyId,
                path,
                true,
                "this reference is empty".to_string(),
                "write an id, or remove the field",
            );
            return None;
        }
        Some(id)
    }

    pub(super) fn team(&mut self, raw: RawTeam, file: &SourceFile) -> Team {
        let stem = file.rel_path.rsplit('/').next().unwrap_or(&file.rel_path);
        let stem = stem.strip_suffix(".md").unwrap_or(stem).to_string();
        let id = self
            .text_id(&[Step::Key("id")], raw.id.as_ref())
            .unwrap_or(stem);
        Team {
            name: raw
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| id.clone()),
            parent: self.text_id(&[Step::Key("parent")], raw.parent.as_ref()),
            lead: raw.lead.filter(|l| !l.trim().is_empty()),
            members: raw
                .members
                .into_iter()
                .filter(|m| !m.trim().is_empty())
                .collect(),
            formerly: names(raw.formerly),
            allow: allow_list(raw.allow),
            id,
            body: file.body.clone(),
            origin: self.origin.clone(),
        }
    }

    pub(super) fn page(&mut self, raw: RawPage, file: &SourceFile) -> Page {
        let fallback = plain_page(file, self.origin.clone());
        let extra = serde_json::to_value(&raw.extra).unwrap_or(serde_json::Value::Null);
        Page {
            title: raw
                .title
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(fallback.title),
            description: raw.description,
            order: raw.order,
            extra,
            allow: allow_list(raw.allow),
            ..fallback
        }
    }

    pub(super) fn objective(&mut self, raw: RawObjective, file: &SourceFile) -> Option<Objective> {
        let id = self
            .text_id(&[Step::Key("id")], raw.id.as_ref())
            .unwrap_or_else(|| self.origin.stem_path().to_string());
        let title = match raw.title.filter(|t| !t.trim().is_empty()) {
            Some(title) => title,
            None => {
                if !self.was_left_out(&[Step::Key("title")]) {
                    self.report(
                        Code::MissingField,
                        &[],
                        false,
                        "this objective has no `title`".to_string(),
                        "add `title:` with the outcome the objective aims for, in a few words",
                    );
                }
                title_from_stem(&file.rel_path)
            }
        };
        let period = match &raw.period {
            Some(written) => {
                let period = Period::parse(written.as_str());
                if period.is_none() {
                    self.report(
                        Code::BadPeriod,
                        &[Step::Key("period")],
                        true,
                        format!("\"{}\" is not a period", written.as_str()),
                        "write a quarter (2026-Q4), a half (2026-H2) or a year (2026)",
                    );
                }
                period
            }
            None => {
                if !self.was_left_out(&[Step::Key("period")]) {
                    self.report(
                        Code::MissingField,
                        &[],
                        false,
                        "this objective has no `period`".to_string(),
                        "add `period:` with a quarter (2026-Q4), a half (2026-H2) or a year (2026)",
                    );
                }
                None
            }
        };
        let commitment = self.keyword(
            &[Step::Key("commitment")],
            raw.commitment.as_deref(),
            &[
                ("committed", Commitment::Committed),
                ("aspirational", Commitment::Aspirational),
            ],
            Commitment::Committed,
        );
        let private = self.keyword(
            &[Step::Key("visibility")],
            raw.visibility.as_deref(),
            &[("public", false), ("private", true)],
            false,
        );
        let mut key_results: Vec<KeyResult> = Vec::new();
        let mut seen_ids = std::collections::HashSet::new();
        for (index, raw_kr) in raw.key_results.into_iter().enumerate() {
            let kr = self.key_result(raw_kr, index);
            if !seen_ids.insert(kr.id.clone()) {
                self.report(
                    Code::DuplicateId,
                    &[
                        Step::Key("key_results"),
                        Step::Index(index),
                        Step::Key("id"),
                    ],
                    true,
                    format!("two key results of this objective have the id `{}`", kr.id),
                    "give each key result its own `id`",
                );
            }
            key_results.push(kr);
        }
        let kr_ids: Vec<&str> = key_results.iter().map(|kr| kr.id.as_str()).collect();
        let initiatives = raw
            .initiatives
            .into_iter()
            .enumerate()
            .map(|(index, initiative)| self.initiative(initiative, index, &kr_ids))
            .collect();
        let grade = raw.grade.map(|grade| self.grade(grade));
        Some(Objective {
            id,
            title,
            period: period.unwrap_or(Period {
                year: 0,
                span: crate::period::Span::Year,
            }),
            period_known: period.is_some(),
            team: self.text_id(&[Step::Key("team")], raw.team.as_ref()),
            owners: names(raw.owner.unwrap_or_default()),
            parent: self.text_id(&[Step::Key("parent")], raw.parent.as_ref()),
            order: self.number(&[Step::Key("order")], raw.order),
            commitment,
            tags: raw
                .tags
                .into_iter()
                .map(|t| t.0.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            private,
            carried_from: self.text_id(&[Step::Key("carried_from")], raw.carried_from.as_ref()),
            key_results,
            initiatives,
            grade,
            allow: allow_list(raw.allow),
            body: file.body.clone(),
            origin: self.origin.clone(),
        })
    }

    fn key_result(&mut self, mut raw: RawKeyResult, index: usize) -> KeyResult {
        let at = |key| [Step::Key("key_results"), Step::Index(index), Step::Key(key)];
        raw.baseline = self.number(&at("baseline"), raw.baseline);
        let raw_target_written = raw.target.is_some();
        raw.target = self.number(&at("target"), raw.target);
        raw.weight = self.number(&at("weight"), raw.weight);
        let id = self
            .text_id(&at("id"), raw.id.as_ref())
            .unwrap_or_else(|| format!("kr{}", index + 1));
        let kind = self.keyword(
            &at("kind"),
            raw.kind.as_deref(),
            &[
                ("metric", KrKind::Metric),
                ("guardrail", KrKind::Guardrail),
                ("milestone", KrKind::Milestone),
            ],
            KrKind::Metric,
        );
        let direction = self.direction(&raw, kind, index);
        let title = match raw.title.filter(|t| !t.trim().is_empty()) {
            Some(title) => title,
            None => {
                if !self.was_left_out(&at("title")) {
                    self.report(
                        Code::MissingField,
                        &[Step::Key("key_results"), Step::Index(index)],
                        false,
                        format!("key result {} has no `title`", index + 1),
                        "add `title:` with what will be measured",
                    );
                }
                id.clone()
            }
        };
        let target_unusable = raw_target_written && raw.target.is_none();
        if kind != KrKind::Milestone
            && raw.target.is_none()
            && !target_unusable
            && !self.was_left_out(&at("target"))
        {
            self.report(
                Code::MissingTarget,
                &[Step::Key("key_results"), Step::Index(index)],
                false,
                format!(
                    "the {} key result `{id}` has no numeric `target`",
                    kind.as_str()
                ),
                if kind == KrKind::Guardrail {
                    "add `target:` with the limit to keep, for example `target: 300`"
                } else {
                    "add `target:` with the number to reach, for example `target: 95`"
                },
            );
        }
        let weight = match raw.weight {
            Some(weight) if weight < 0.0 || !weight.is_finite() => {
                self.report(
                    Code::BadWeight,
                    &at("weight"),
                    true,
                    format!("the weight {weight} is negative"),
                    "write a weight of 0 or more; 1 is the default",
                );
                0.0
            }
            Some(weight) => weight,
            None => 1.0,
        };
        let (score, not_scored) = match raw.score {
            None => (None, false),
            Some(RawScore::Number(n)) => (
                self.unit_interval(&at("score"), Some(n), "the key result's `score`"),
                false,
            ),
            Some(RawScore::Word(word)) => {
                let not_scored = self.keyword(&at("score"), Some(&word), &[("n/a", true)], false);
                (None, not_scored)
            }
        };
        let scored_on = raw
            .scored_on
            .as_ref()
            .and_then(|written| self.date(&at("scored_on"), written));
        let mut checkins: Vec<Checkin> = raw
            .checkins
            .into_iter()
            .enumerate()
            .filter_map(|(position, checkin)| self.checkin(checkin, kind, index, position))
            .collect();
        if let Some(written) = &raw.source {
            checkins.extend(self.data_source(written, kind, index));
        }
        let source = raw
            .source
            .as_deref()
            .map(|written| written.trim().trim_start_matches("./").to_string());
        checkins.sort_by_key(|c| c.date);
        KeyResult {
            id,
            title,
            owners: names(raw.owner.unwrap_or_default()),
            priority: raw
                .priority
                .map(|p| p.0.trim().to_string())
                .filter(|p| !p.is_empty()),
            carried_from: self.text_id(&at("carried_from"), raw.carried_from.as_ref()),
            kind,
            unit: raw.unit.map(|u| u.0),
            baseline: raw.baseline,
            target: raw.target,
            direction,
            weight,
            measured_by: raw.measured_by,
            source,
            checkins,
            score,
            scored_on,
            not_scored,
        }
    }

    /// The check-ins of the data file a key result names with `source:`.
    fn data_source(&mut self, written: &str, kind: KrKind, index: usize) -> Vec<Checkin> {
        let at = [
            Step::Key("key_results"),
            Step::Index(index),
            Step::Key("source"),
        ];
        let path = written.trim().trim_start_matches("./").to_string();
        let Some(data) = self.data else {
            return Vec::new();
        };
        let read = data.read(&path);
        self.data_read
            .push((path.clone(), super::data::fingerprint(&read)));
        match read {
            Ok(text) => super::data::checkins(&path, &text, kind, self.diagnostics),
            Err((code, message, help)) => {
                self.report(code, &at, true, message, help);
                Vec::new()
            }
        }
    }

    fn direction(&mut self, raw: &RawKeyResult, kind: KrKind, index: usize) -> Direction {
        let path = [
            Step::Key("key_results"),
            Step::Index(index),
            Step::Key("direction"),
        ];
        match kind {
            KrKind::Milestone => Direction::Done,
            KrKind::Metric => {
                let inferred = match (raw.baseline, raw.target) {
                    (Some(baseline), Some(target)) if target < baseline => Direction::Decrease,
                    _ => Direction::Increase,
                };
                let written = self.keyword(
                    &path,
                    raw.direction.as_deref(),
                    &[
                        ("increase", Direction::Increase),
                        ("decrease", Direction::Decrease),
                    ],
                    inferred,
                );
                if let (Some(baseline), Some(target)) = (raw.baseline, raw.target) {
                    if baseline != target && written != inferred {
                        self.report(
                            Code::DirectionConflict,
                            &path,
                            true,
                            format!(
                                "`direction: {}` contradicts the baseline {baseline} and target {target}",
                                written.as_str()
                            ),
                            "fix the baseline or the target, or remove `direction` to infer it",
                        );
                    }
                }
                written
            }
            KrKind::Guardrail => {
                let inferred = match (raw.baseline, raw.target) {
                    (Some(baseline), Some(target)) if baseline > target => Some(Direction::AtLeast),
                    (Some(_), Some(_)) => Some(Direction::AtMost),
                    _ => None,
                };
                if raw.direction.is_none() && inferred.is_none() {
                    self.report(
                        Code::MissingDirection,
                        &[Step::Key("key_results"), Step::Index(index)],
                        false,
                        "this guardrail does not say which side of its limit to stay on".to_string(),
                        "add `direction: at_most` (stay at or below the target) or `direction: at_least`",
                    );
                }
                self.keyword(
                    &path,
                    raw.direction.as_deref(),
                    &[
                        ("at_most", Direction::AtMost),
                        ("at_least", Direction::AtLeast),
                    ],
                    inferred.unwrap_or(Direction::AtMost),
                )
            }
        }
    }

    fn checkin(
        &mut self,
        raw: RawCheckin,
        kind: KrKind,
        kr: usize,
        index: usize,
    ) -> Option<Checkin> {
        let base = [
            Step::Key("key_results"),
            Step::Index(kr),
            Step::Key("checkins"),
            Step::Index(index),
        ];
        let at = |key| {
            [
                Step::Key("key_results"),
                Step::Index(kr),
                Step::Key("checkins"),
                Step::Index(index),
                Step::Key(key),
            ]
        };
        let date = match &raw.date {
            Some(written) => self.date(&at("date"), written),
            None => {
                if !self.was_left_out(&at("date")) {
                    self.report(
                        Code::MissingField,
                        &base,
                        false,
                        "this check-in has no `date`".to_string(),
                        "add `date: YYYY-MM-DD`",
                    );
                }
                None
            }
        };
        let value = match (raw.value, kind) {
            (Some(RawValue::Number(n)), KrKind::Metric | KrKind::Guardrail) => {
                self.number(&at("value"), Some(n)).map(CheckinValue::Number)
            }
            (Some(RawValue::Bool(done)), KrKind::Milestone) => Some(CheckinValue::Done(done)),
            (Some(RawValue::Number(n)), KrKind::Milestone) => {
                self.report(
                    Code::WrongType,
                    &at("value"),
                    true,
                    format!("a milestone's check-in value is done or not done, but it is {n}"),
                    "write `value: true` when the milestone is reached, else `value: false`",
                );
                None
            }
            (Some(RawValue::Bool(b)), _) => {
                self.report(
                    Code::WrongType,
                    &at("value"),
                    true,
                    format!(
                        "a {} check-in value is a number, but it is {b}",
                        kind.as_str()
                    ),
                    "write the measured number, for example `value: 42`",
                );
                None
            }
            (None, _) => {
                let is_status_update = raw.note.as_deref().is_some_and(|n| !n.trim().is_empty());
                if !is_status_update && !self.was_left_out(&at("value")) {
                    self.report(
                        Code::MissingField,
                        &base,
                        false,
                        "this check-in has no `value` and no `note`".to_string(),
                        "add `value:` with the number measured (true/false for a milestone), \
                         or a `note:` for an update in words",
                    );
                }
                None
            }
        };
        let status_update = value.is_none()
            && raw.value.is_none()
            && raw.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        let confidence = match raw.confidence {
            None => None,
            Some(RawConfidence::Number(n)) => {
                self.unit_interval(&at("confidence"), Some(n), "the confidence")
            }
            Some(RawConfidence::Word(word)) => {
                let normal = word.trim().to_ascii_lowercase();
                let known = CONFIDENCE_WORDS.iter().find(|(w, _)| *w == normal);
                if known.is_none() {
                    let words: Vec<&str> = CONFIDENCE_WORDS.iter().map(|(w, _)| *w).collect();
                    let scale: Vec<String> = CONFIDENCE_WORDS
                        .iter()
                        .map(|(w, n)| format!("`{w}` ({n})"))
                        .collect();
                    let guess = closest(&normal, &words)
                        .map(|known| format!("did you mean `{known}`? "))
                        .unwrap_or_default();
                    self.report(
                        Code::UnknownValue,
                        &at("confidence"),
                        true,
                        format!(
                            "`confidence: {word}` is not a number from 0 to 1 or one of {}",
                            words.join(", ")
                        ),
                        &format!(
                            "{guess}write a number from 0 to 1 (`confidence: 0.7`) or one of {}",
                            scale.join(", ")
                        ),
                    );
                }
                known.map(|(_, n)| *n)
            }
        };
        if value.is_none() && !status_update {
            return None;
        }
        Some(Checkin {
            date: date?,
            value,
            confidence,
            note: raw.note.filter(|n| !n.trim().is_empty()),
            blockers: raw.blockers.filter(|b| !b.trim().is_empty()),
        })
    }

    fn initiative(&mut self, raw: RawInitiative, index: usize, kr_ids: &[&str]) -> Initiative {
        let at = |key| [Step::Key("initiatives"), Step::Index(index), Step::Key(key)];
        let status = self.keyword(
            &at("status"),
            raw.status.as_deref(),
            &[
                ("planned", InitiativeStatus::Planned),
                ("in_progress", InitiativeStatus::InProgress),
                ("done", InitiativeStatus::Done),
                ("dropped", InitiativeStatus::Dropped),
            ],
            InitiativeStatus::Planned,
        );
        let mut driven = Vec::new();
        let known: std::collections::HashSet<&str> = if raw.key_results.is_empty() {
            std::collections::HashSet::new()
        } else {
            kr_ids.iter().copied().collect()
        };
        for (position, id) in raw.key_results.iter().enumerate() {
            let id = id.as_str().trim();
            if !known.contains(id) {
                let help = match self.suggester.suggest(id, kr_ids) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => {
                        const LISTED: usize = 12;
                        let mut list = kr_ids[..kr_ids.len().min(LISTED)].join(", ");
                        if kr_ids.len() > LISTED {
                            list.push_str(&format!(" and {} more", kr_ids.len() - LISTED));
                        }
                        format!("the key results here are: {list}")
                    }
                };
                let path = [
                    Step::Key("initiatives"),
                    Step::Index(index),
                    Step::Key("key_results"),
                    Step::Index(position),
                ];
                self.report(
                    Code::UnknownKeyResult,
                    &path,
                    true,
                    format!("this initiative drives `{id}`, but this objective has no key result with that id"),
                    &help,
                );
            }
            driven.push(id.to_string());
        }
        let title = match raw.title.filter(|t| !t.trim().is_empty()) {
            Some(title) => title,
            None => {
                if !self.was_left_out(&at("title")) {
                    self.report(
                        Code::MissingField,
                        &[Step::Key("initiatives"), Step::Index(index)],
                        false,
                        format!("initiative {} has no `title`", index + 1),
                        "add `title:` with the work to be done",
                    );
                }
                format!("Initiative {}", index + 1)
            }
        };
        let link = match raw.link.filter(|l| !l.trim().is_empty()) {
            Some(link) if !crate::url::is_safe_url(&link) => {
                // Published as an `href`: a `javascript:` URL would run on a click.
                let finding = self
                    .origin
                    .finding(
                        Code::UnsafeLink,
                        &at("link"),
                        true,
                        "this link's scheme is not http, https or mailto, so it is not published",
                    )
                    .with_help("write an https:// URL, or a path relative to this page");
                self.diagnostics.push(Diagnostic {
                    severity: crate::diagnostic::Severity::Warning,
                    ..finding
                });
                None
            }
            link => link,
        };
        Initiative {
            title,
            owner: raw.owner.filter(|o| !o.trim().is_empty()),
            status,
            link,
            key_results: driven,
        }
    }

    fn grade(&mut self, raw: RawGrade) -> Grade {
        let score = self.unit_interval(
            &[Step::Key("grade"), Step::Key("score")],
            raw.score,
            "the grade's `score`",
        );
        let date = match &raw.date {
            Some(written) => self.date(&[Step::Key("grade"), Step::Key("date")], written),
            None => None,
        };
        let next = match raw.next.as_deref() {
            None => None,
            Some(written) => self.keyword(
                &[Step::Key("grade"), Step::Key("next")],
                Some(written),
                &[
                    ("continue", Some(Next::Continue)),
                    ("done", Some(Next::Done)),
                    ("drop", Some(Next::Drop)),
                ],
                None,
            ),
        };
        Grade {
            score,
            date,
            learned: raw.learned.filter(|l| !l.trim().is_empty()),
            next,
        }
    }
}

/// The names of an `owner:` or `formerly:` field, trimmed, blank ones left
/// out, each once, in the order written.
fn names(raw: crate::raw::Names) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in raw.0 {
        let name = name.trim();
        if !name.is_empty() && !kept.iter().any(|k| k == name) {
            kept.push(name.to_string());
        }
    }
    kept
}

/// The codes of an `allow:` list, trimmed, in the order written. Blank
/// entries are kept as empty strings so that positions still match the file.
fn allow_list(raw: Vec<Text>) -> Vec<String> {
    raw.into_iter()
        .map(|code| code.0.trim().to_string())
        .collect()
}
