//! The front matter exactly as written: serde structs with no meaning checked
//! yet. The model stage turns them into validated, linked types.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A scalar read as text: YAML turns `2026` or `2026-10-01` into numbers or
/// strings depending on their shape, and ids, periods and dates are text either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A check-in value: a number, or `true`/`false` for milestones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawValue {
    Number(f64),
    Bool(bool),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl Visitor<'_> for ValueVisitor {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or true/false for a milestone")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
                Ok(RawValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// A confidence: a number 0..1 or a word (`low`, `medium`, `high`).
#[derive(Debug, Clone, PartialEq)]
pub enum RawConfidence {
    Number(f64),
    Word(String),
}

impl<'de> Deserialize<'de> for RawConfidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ConfidenceVisitor;
        impl Visitor<'_> for ConfidenceVisitor {
            type Value = RawConfidence;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number from 0 to 1, or low, medium or high")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawConfidence, E> {
                Ok(RawConfidence::Word(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawConfidence, E> {
                Ok(RawConfidence::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawConfidence, E> {
                Ok(RawConfidence::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawConfidence, E> {
                Ok(RawConfidence::Number(v))
            }
        }
        deserializer.deserialize_any(ConfidenceVisitor)
    }
}

/// A key result's `score`: a number from 0 to 1, or a word (`n/a`).
#[derive(Debug, Clone, PartialEq)]
pub enum RawScore {
    Number(f64),
    Word(String),
}

impl<'de> Deserialize<'de> for RawScore {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScoreVisitor;
        impl Visitor<'_> for ScoreVisitor {
            type Value = RawScore;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number from 0 to 1, or n/a")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawScore, E> {
                Ok(RawScore::Word(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawScore, E> {
                Ok(RawScore::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawScore, E> {
                Ok(RawScore::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawScore, E> {
                Ok(RawScore::Number(v))
            }
        }
        deserializer.deserialize_any(ScoreVisitor)
    }
}

/// One name or a list of names: `owner: Ana` or `owner: [Ana, Platform]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamesVisitor;
        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name, or a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Names, E> {
                Ok(Names(vec![v.to_string()]))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Names, E> {
                Ok(Names(vec![v]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
        }
        deserializer.deserialize_any(NamesVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    /// Read by `model::dispatch` before the record is; here so that the key is known.
    #[serde(rename = "type")]
    #[allow(dead_code)]
    pub kind: Option<Text>,
    pub id: Option<Text>,
    pub name: Option<String>,
    pub parent: Option<Text>,
    pub lead: Option<String>,
    #[serde(default)]
    pub members: Vec<String>,
    /// Names or ids the team had before, so older files still find it.
    #[serde(default)]
    pub formerly: Names,
    /// Lint codes not to report for this file.
    #[serde(default)]
    pub allow: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    /// Read by `model::dispatch` before the record is; here so that the key is known.
    #[serde(rename = "type")]
    #[allow(dead_code)]
    pub kind: Option<Text>,
    pub id: Option<Text>,
    pub title: Option<String>,
    pub period: Option<Text>,
    pub team: Option<Text>,
    pub owner: Option<Names>,
    pub parent: Option<Text>,
    pub order: Option<f64>,
    pub commitment: Option<String>,
    #[serde(default)]
    pub tags: Vec<Text>,
    pub visibility: Option<String>,
    pub carried_from: Option<Text>,
    #[serde(default)]
    pub key_results: Vec<RawKeyResult>,
    #[serde(default)]
    pub initiatives: Vec<RawInitiative>,
    pub grade: Option<RawGrade>,
    /// Lint codes not to report for this file.
    #[serde(default)]
    pub allow: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyResult {
    pub id: Option<Text>,
    pub title: Option<String>,
    pub owner: Option<Names>,
    pub priority: Option<Text>,
    pub carried_from: Option<Text>,
    pub kind: Option<String>,
    pub unit: Option<Text>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub direction: Option<String>,
    pub weight: Option<f64>,
    pub measured_by: Option<String>,
    /// A data file whose rows are check-ins, relative to the handbook's root.
    pub source: Option<String>,
    #[serde(default)]
    pub checkins: Vec<RawCheckin>,
    pub score: Option<RawScore>,
    pub scored_on: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheckin {
    pub date: Option<Text>,
    pub value: Option<RawValue>,
    pub confidence: Option<RawConfidence>,
    pub note: Option<String>,
    pub blockers: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInitiative {
    pub title: Option<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
    pub link: Option<String>,
    #[serde(default)]
    pub key_results: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub score: Option<f64>,
    pub date: Option<Text>,
    pub learned: Option<String>,
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    /// Read by `model::dispatch` before the record is; here so that the key is known.
    #[serde(rename = "type")]
    #[allow(dead_code)]
    pub kind: Option<Text>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub order: Option<f64>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
    /// Lint codes not to report for this file.
    #[serde(default)]
    pub allow: Vec<Text>,
}
