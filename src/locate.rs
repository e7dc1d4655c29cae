//! Finds where a field sits in block-style YAML, so that findings made after
//! parsing (an unknown parent, a bad date) can name a line and column.
//!
//! serde_yaml keeps no positions once a value is parsed; this index is built
//! from the text by indentation. It understands block mappings, block
//! sequences (also the compact `key:\n- item` form), comments and block
//! scalars; inside flow collections it points at the collection's key.

use std::collections::HashMap;

/// One step of a path into the YAML: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Position of a key (or sequence item) and of its value, 1-based, relative to the YAML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub value_column: usize,
}

/// A map from paths (`key_results.1.target`) to places.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    places: HashMap<String, Place>,
}

#[derive(Debug)]
struct Frame {
    indent: usize,
    segment: String,
    is_item: bool,
}

impl Locator {
    pub fn new(yaml: &str) -> Locator {
        let mut places = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut item_counts: HashMap<String, usize> = HashMap::new();
        let mut block_scalar_indent: Option<usize> = None;
        for (index, raw_line) in yaml.lines().enumerate() {
            let line_number = index + 1;
            let indent = raw_line.len() - raw_line.trim_start_matches(' ').len();
            let content = raw_line[indent..].trim_end();
            if let Some(parent_indent) = block_scalar_indent {
                if content.is_empty() || indent > parent_indent {
                    continue;
                }
                block_scalar_indent = None;
            }
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let mut column = indent;
            let mut rest = content;
            while rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|f| f.indent > column || (f.indent == column && f.is_item))
                {
                    stack.pop();
                }
                let parent = path_of(&stack);
                let count = item_counts.entry(parent.clone()).or_insert(0);
                let segment = count.to_string();
                *count += 1;
                stack.push(Frame {
                    indent: column,
                    segment,
                    is_item: true,
                });
                let after_dash = &rest[1..];
                let spaces = after_dash.len() - after_dash.trim_start_matches(' ').len();
                let value_column = column + 1 + spaces;
                places.insert(
                    path_of(&stack),
                    Place {
                        line: line_number,
                        column: column + 1,
                        value_column: value_column + 1,
                    },
                );
                column = value_column;
                rest = after_dash.trim_start_matches(' ');
            }
            if let Some((key, value_offset)) = split_key(rest) {
                // A key closes everything at its column or deeper: a sibling
                // key, and a compact sequence (`key:\n- item`) whose dashes
                // sit at this column, with the key that holds it.
                while stack.last().is_some_and(|f| f.indent >= column) {
                    stack.pop();
                }
                stack.push(Frame {
                    indent: column,
                    segment: key.to_string(),
                    is_item: false,
                });
                let value = rest[value_offset..].trim_start_matches(' ');
                let value_column = column + rest.len() - value.len();
                let path = path_of(&stack);
                item_counts.remove(&path);
                places.insert(
                    path,
                    Place {
                        line: line_number,
                        column: column + 1,
                        value_column: value_column + 1,
                    },
                );
                if value.starts_with('|') || value.starts_with('>') {
                    block_scalar_indent = Some(indent);
                }
            }
        }
        Locator { places }
    }

    /// The place of `path`, or of its nearest ancestor that is known.
    pub fn find(&self, path: &[Step<'_>]) -> Option<Place> {
        (0..=path.len())
            .rev()
            .find_map(|len| self.places.get(&dotted(&path[..len])).copied())
    }

    /// Like `find`, but 1:1 when nothing is known.
    pub fn place(&self, path: &[Step<'_>]) -> Place {
        self.find(path).unwrap_or(Place {
            line: 1,
            column: 1,
            value_column: 1,
        })
    }
}

fn path_of(stack: &[Frame]) -> String {
    stack
        .iter()
        .map(|f| f.segment.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// A path written as `key_results.0.target`.
pub fn dotted(path: &[Step<'_>]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => (*key).to_string(),
            Step::Index(index) => index.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `key: value` → the key and the byte offset just after the colon.
fn split_key(text: &str) -> Option<(&str, usize)> {
    if text.starts_with('{') || text.starts_with('[') || text.starts_with('#') {
        return None;
    }
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = text[1..].find(quote)? + 1;
        let after = &text[close + 1..];
        let after_trimmed = after.trim_start_matches(' ');
        if after_trimmed.starts_with(':') {
            let colon = close + 1 + (after.len() - after_trimmed.len());
            return Some((&text[1..close], colon + 1));
        }
        return None;
    }
    let bytes = text.as_bytes();
    for (i, byte) in bytes.iter().enumerate() {
        if *byte == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t')
        {
            return Some((text[..i].trim_end(), i + 1));
        }
        if *byte == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
    }
    None
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::{Index, Key};

    const YAML: &str = "\
title: Reliable checkout
period: 2026-Q4
tags: [a, b]
key_results:
  - title: Availability
    target: 99.9
    checkins:
      - date: 2026-10-01
        value: 99.5
      - date: not-a-date
        note: |
          target: this is prose, not a key
  # a comment
  - title: Latency
    kind: guardrail
grade:
  score: 0.7
";

    #[test]
    fn finds_nested_keys_and_items() {
        let locator = Locator::new(YAML);
        let place = |path: &[Step]| {
            let p = locator.find(path).unwrap();
            (p.line, p.column, p.value_column)
        };
        assert_eq!(place(&[Key("period")]), (2, 1, 9));
        assert_eq!(
            place(&[Key("key_results"), Index(0), Key("target")]),
            (6, 5, 13)
        );
        assert_eq!(
            place(&[
                Key("key_results"),
                Index(0),
                Key("checkins"),
                Index(1),
                Key("date")
            ]),
            (10, 9, 15)
        );
        assert_eq!(
            place(&[Key("key_results"), Index(1), Key("kind")]),
            (15, 5, 11)
        );
        assert_eq!(place(&[Key("key_results"), Index(1)]), (14, 3, 5));
        assert_eq!(place(&[Key("grade"), Key("score")]), (17, 3, 10));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let locator = Locator::new(YAML);
        let p = locator.find(&[Key("tags"), Index(1)]).unwrap();
        assert_eq!(p.line, 3);
        let p = locator
            .find(&[Key("key_results"), Index(0), Key("baseline")])
            .unwrap();
        assert_eq!(p.line, 5);
    }

    #[test]
    fn compact_sequences_under_a_key() {
        let locator = Locator::new("key_results:\n- title: A\n  target: 1\n- title: B\nowner: x\n");
        assert_eq!(
            locator
                .find(&[Key("key_results"), Index(1), Key("title")])
                .unwrap()
                .line,
            4
        );
        assert_eq!(
            locator
                .find(&[Key("key_results"), Index(0), Key("target")])
                .unwrap()
                .line,
            3
        );
        assert_eq!(locator.find(&[Key("owner")]).unwrap().line, 5);
    }

    #[test]
    fn quoted_keys_and_colons_in_values() {
        let locator = Locator::new("\"title\": \"a: b\"\nlink: https://x.org/a:b\n");
        assert_eq!(locator.find(&[Key("title")]).unwrap().line, 1);
        assert_eq!(locator.find(&[Key("link")]).unwrap().value_column, 7);
    }
}
