//! A budget for YAML aliases, checked before serde_yaml reads a front matter.
//!
//! serde_yaml copies the anchored value (`&name`) at every alias (`*name`)
//! that refers to it. Its limits count nesting and the number of aliases
//! followed, not what they copy: one anchor of 1 MB repeated 3,000 times made
//! a 1 MB file allocate 2.9 GB, and anchors made of aliases to anchors (the
//! "billion laughs") grow exponentially. [`check`] reads the text's events
//! with the parser serde_yaml itself uses (libyaml, through `unsafe-libyaml`),
//! so anchors, aliases, quotes, block scalars and comments are read exactly
//! as serde_yaml reads them, and adds up what each alias would copy without
//! copying anything.
//!
//! What a value costs is its length in the text plus [`NODE_WEIGHT`] for
//! each scalar, list, map and alias in it, plus what the aliases inside it
//! cost: a list of many short items takes far more memory once parsed than
//! its few characters suggest. Aliases may together cost at most
//! [`FACTOR`] times the front matter's length, and at least [`FLOOR`] (see
//! [`budget`]); the first alias past that is refused. An alias inside the
//! value it names would copy itself forever, and is refused too.
//!
//! [`too_deep_flow`] is the other check made before parsing: flow
//! collections (`[…]`, `{…}`) nested deeper than [`MAX_FLOW_DEPTH`].
//! Like the budget, it reads only the text: this module imports nothing
//! from the crate.

use std::collections::HashMap;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

/// What each node (scalar, list, map, alias) costs on top of its text: about
/// what serde_yaml needs to hold one parsed value, in bytes.
pub const NODE_WEIGHT: u64 = 16;

/// How many times its own length the aliases of a front matter may cost.
/// Files of real handbooks reuse a few short values; a 1 MiB front matter
/// may still expand by 16 MiB, which serde_yaml holds in a few hundred MB
/// at most.
pub const FACTOR: u64 = 16;

/// What the aliases of any front matter may cost, however short it is, so
/// that small files can reuse values freely: 64 KiB.
pub const FLOOR: u64 = 64 * 1024;

/// What the aliases of a front matter of `len` bytes may cost in all.
pub fn budget(len: usize) -> u64 {
    FLOOR.max(FACTOR.saturating_mul(u64::try_from(len).unwrap_or(u64::MAX)))
}

/// The first alias that takes a front matter past its budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun {
    /// The alias's name, without the `*`.
    pub name: String,
    /// 0-based line of the alias in the YAML.
    pub line: usize,
    /// 0-based column of the alias, in characters.
    pub column: usize,
    /// What copying the alias's value costs; `None` when the alias is
    /// inside the value it names, which would never end.
    pub cost: Option<u64>,
    /// What the aliases cost up to and including this one.
    pub total: u64,
    /// The front matter's budget, [`budget`] of its length.
    pub budget: u64,
}

/// Adds up what the aliases in `yaml` would copy, and returns the first one
/// past the budget. YAML that does not parse is left to serde_yaml to
/// report: it copies nothing from a document it could not read, and what
/// comes before the error has been counted here.
pub fn check(yaml: &str) -> Result<(), Overrun> {
    // No alias without a `*`: most front matter is not read twice.
    if !yaml.contains('*') {
        return Ok(());
    }
    let Some(mut parser) = Parser::new(yaml.as_bytes()) else {
        return Ok(());
    };
    let budget = budget(yaml.len());
    let mut counter = Counter::default();
    while let Some(event) = parser.next() {
        match event.kind {
            Kind::StreamEnd => break,
            // serde_yaml knows anchors within one document only.
            Kind::DocumentStart => counter.anchors.clear(),
            Kind::Scalar => {
                let cost = event
                    .end
                    .index
                    .saturating_sub(event.start.index)
                    .saturating_add(NODE_WEIGHT);
                counter.define(event.anchor, Some(cost));
                counter.top().nodes += 1;
            }
            Kind::CollectionStart => {
                let anchor = event
                    .anchor
                    .map(|anchor| counter.define(Some(anchor), None))
                    .and_then(|id| id);
                counter.open.push(Open {
                    anchor,
                    start: event.start.index,
                    nodes: 1,
                    copies: 0,
                });
            }
            Kind::CollectionEnd => counter.close(event.end.index),
            Kind::Alias => {
                let name = event.anchor.unwrap_or_default();
                // An unknown anchor is serde_yaml's error to report.
                let Some(&id) = counter.anchors.get(&name) else {
                    continue;
                };
                let cost = counter.costs.get(id).copied().flatten();
                let over = |total| Overrun {
                    name: String::from_utf8_lossy(&name).into_owned(),
                    line: event.start.line,
                    column: event.start.column,
                    cost,
                    total,
                    budget,
                };
                let Some(cost) = cost else {
                    return Err(over(counter.total));
                };
                counter.total = counter.total.saturating_add(cost);
                if counter.total > budget {
                    return Err(over(counter.total));
                }
                let top = counter.top();
                top.nodes += 1;
                top.copies = top.copies.saturating_add(cost);
            }
            Kind::Other => {}
        }
    }
    Ok(())
}

/// What has been counted so far.
#[derive(Default)]
struct Counter {
    /// Anchor names to ids, as serde_yaml keeps them: a name defined again
    /// refers to its latest value from then on.
    anchors: HashMap<Vec<u8>, usize>,
    /// The cost of each anchored value by id; `None` while it is still open.
    costs: Vec<Option<u64>>,
    /// The lists and maps still open, outermost first.
    open: Vec<Open>,
    /// What the aliases read so far cost.
    total: u64,
}

/// A list or map still open.
struct Open {
    anchor: Option<usize>,
    /// Where it starts in the text, in bytes.
    start: u64,
    /// The nodes read in it so far, itself included.
    nodes: u64,
    /// What the aliases read in it so far cost.
    copies: u64,
}

/// Stands for the document around the outermost value.
const OUTSIDE: Open = Open {
    anchor: None,
    start: 0,
    nodes: 0,
    copies: 0,
};

impl Counter {
    /// Records the anchor `name` (if any) with its `cost`; returns its id.
    fn define(&mut self, name: Option<Vec<u8>>, cost: Option<u64>) -> Option<usize> {
        let name = name?;
        let id = self.costs.len();
        self.costs.push(cost);
        self.anchors.insert(name, id);
        Some(id)
    }

    /// The innermost open list or map.
    fn top(&mut self) -> &mut Open {
        if self.open.is_empty() {
            self.open.push(OUTSIDE);
        }
        let last = self.open.len() - 1;
        &mut self.open[last]
    }

    /// Closes the innermost list or map, which ends at byte `end`.
    fn close(&mut self, end: u64) {
        let Some(mut closed) = self.open.pop() else {
            return;
        };
        closed.nodes += 1;
        if let Some(id) = closed.anchor {
            let cost = end
                .saturating_sub(closed.start)
                .saturating_add(closed.nodes.saturating_mul(NODE_WEIGHT))
                .saturating_add(closed.copies);
            if let Some(slot) = self.costs.get_mut(id) {
                *slot = Some(cost);
            }
        }
        let parent = self.top();
        parent.nodes = parent.nodes.saturating_add(closed.nodes);
        parent.copies = parent.copies.saturating_add(closed.copies);
    }
}

/// The events [`check`] tells apart.
enum Kind {
    DocumentStart,
    StreamEnd,
    Scalar,
    CollectionStart,
    CollectionEnd,
    Alias,
    Other,
}

/// A place in the text, as libyaml gives it.
#[derive(Clone, Copy)]
struct Mark {
    /// In bytes.
    index: u64,
    /// 0-based.
    line: usize,
    /// 0-based, in characters.
    column: usize,
}

/// One parser event: for an alias, `anchor` is the name it refers to.
struct Event {
    kind: Kind,
    anchor: Option<Vec<u8>>,
    start: Mark,
    end: Mark,
}

/// libyaml's parser over a borrowed text.
struct Parser<'input> {
    /// Allocated by a `Box` that is turned into a raw pointer at once: libyaml
    /// keeps pointers into the parser (its read handler's data is the parser
    /// itself), so no Rust reference to it may exist while it is in use.
    raw: NonNull<unsafe_libyaml::yaml_parser_t>,
    input: PhantomData<&'input [u8]>,
}

impl<'input> Parser<'input> {
    /// A parser of `input`, or `None` if libyaml could not allocate one.
    fn new(input: &'input [u8]) -> Option<Parser<'input>> {
        let memory = Box::into_raw(Box::new(
            MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit(),
        ));
        let parser = memory.cast::<unsafe_libyaml::yaml_parser_t>();
        // SAFETY: `parser` points at memory we own for the parser's
        // lifetime (freed in `Drop`, or here if libyaml cannot initialize
        // it); libyaml initializes it. The input outlives the parser
        // (`'input`) and is only read.
        unsafe {
            if unsafe_libyaml::yaml_parser_initialize(parser).fail {
                drop(Box::from_raw(memory));
                return None;
            }
            unsafe_libyaml::yaml_parser_set_encoding(parser, unsafe_libyaml::YAML_UTF8_ENCODING);
            unsafe_libyaml::yaml_parser_set_input_string(
                parser,
                input.as_ptr(),
                input.len() as u64,
            );
        }
        Some(Parser {
            raw: NonNull::new(parser)?,
            input: PhantomData,
        })
    }

    /// The next event, or `None` at a syntax error.
    fn next(&mut self) -> Option<Event> {
        let parser = self.raw.as_ptr();
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized by `new`; `check` stops at the
        // first error and at the stream's end. After a successful
        // `yaml_parser_parse` the event is initialized; its fields are read
        // as its type says, strings copied out, and then it is freed once.
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                return None;
            }
            let raw = event.as_mut_ptr();
            let (kind, anchor) = match (*raw).type_ {
                // libyaml gives no event after the stream's end.
                unsafe_libyaml::YAML_STREAM_END_EVENT | unsafe_libyaml::YAML_NO_EVENT => {
                    (Kind::StreamEnd, std::ptr::null())
                }
                unsafe_libyaml::YAML_DOCUMENT_START_EVENT => {
                    (Kind::DocumentStart, std::ptr::null())
                }
                unsafe_libyaml::YAML_ALIAS_EVENT => {
                    (Kind::Alias, (*raw).data.alias.anchor.cast_const())
                }
                unsafe_libyaml::YAML_SCALAR_EVENT => {
                    (Kind::Scalar, (*raw).data.scalar.anchor.cast_const())
                }
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT => (
                    Kind::CollectionStart,
                    (*raw).data.sequence_start.anchor.cast_const(),
                ),
                unsafe_libyaml::YAML_MAPPING_START_EVENT => (
                    Kind::CollectionStart,
                    (*raw).data.mapping_start.anchor.cast_const(),
                ),
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT
                | unsafe_libyaml::YAML_MAPPING_END_EVENT => (Kind::CollectionEnd, std::ptr::null()),
                _ => (Kind::Other, std::ptr::null()),
            };
            let anchor =
                (!anchor.is_null()).then(|| CStr::from_ptr(anchor.cast()).to_bytes().to_vec());
            let result = Event {
                kind,
                anchor,
                start: mark((*raw).start_mark),
                end: mark((*raw).end_mark),
            };
            unsafe_libyaml::yaml_event_delete(raw);
            Some(result)
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        let parser = self.raw.as_ptr();
        // SAFETY: the parser was initialized by `new` and is freed once,
        // then its memory, which `new` allocated as a `Box`.
        unsafe {
            unsafe_libyaml::yaml_parser_delete(parser);
            drop(Box::from_raw(
                parser.cast::<MaybeUninit<unsafe_libyaml::yaml_parser_t>>(),
            ));
        }
    }
}

fn mark(raw: unsafe_libyaml::yaml_mark_t) -> Mark {
    Mark {
        index: raw.index,
        line: usize::try_from(raw.line).unwrap_or(usize::MAX),
        column: usize::try_from(raw.column).unwrap_or(usize::MAX),
    }
}

/// A size in bytes in plain words: `900 bytes`, `64.0 KiB`, `3.2 MiB`.
pub fn plain_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes < KIB {
        format!("{bytes} bytes")
    } else if bytes < MIB {
        format!("{:.1} KiB", bytes as f64 / KIB as f64)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

/// How deep flow collections (`[…]`, `{…}`) may nest. The YAML parser
/// refuses more than 128 levels, but only after scanning the whole text in
/// time that grows with the depth times the length: 100,000 `[` took minutes.
pub const MAX_FLOW_DEPTH: usize = 100;

/// Where flow collections in `yaml` first nest deeper than
/// [`MAX_FLOW_DEPTH`], as a 1-based line and column (in characters), read
/// the way YAML reads them: brackets in quoted scalars, comments and block
/// scalars do not count, nor do brackets inside a plain scalar outside
/// brackets (`title: a [b`).
pub fn too_deep_flow(yaml: &str) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum Quote {
        None,
        Single,
        Double,
    }
    let mut depth = 0usize;
    let mut quote = Quote::None;
    let mut block_scalar_indent: Option<usize> = None;
    for (index, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar_indent {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar_indent = None;
        }
        // The last character that was not a space, outside quotes, on this
        // line; and whether the character just before was a space.
        let mut previous: Option<char> = None;
        let mut after_space = true;
        let mut escaped = false;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            match quote {
                Quote::Double => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        quote = Quote::None;
                        previous = Some(c);
                    }
                    continue;
                }
                Quote::Single => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                            chars.next();
                        } else {
                            quote = Quote::None;
                            previous = Some(c);
                        }
                    }
                    continue;
                }
                Quote::None => {}
            }
            if c == ' ' || c == '\t' {
                after_space = true;
                continue;
            }
            let space_before = std::mem::replace(&mut after_space, false);
            // Where a new value may start: brackets and quotes there open
            // collections and quoted scalars; elsewhere they are text.
            let at_start = match previous {
                None => true,
                Some(p) => {
                    matches!(p, '-' | ':' | '?') || (depth > 0 && matches!(p, '[' | '{' | ','))
                }
            };
            match c {
                '#' if space_before => break,
                '"' if at_start => quote = Quote::Double,
                '\'' if at_start => quote = Quote::Single,
                '[' | '{' if at_start || depth > 0 => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((index + 1, column + 1));
                    }
                }
                ']' | '}' if depth > 0 => depth -= 1,
                '|' | '>' if depth == 0 && at_start && previous.is_some() => {
                    block_scalar_indent = Some(indent);
                    break;
                }
                _ => {}
            }
            previous = Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrun(yaml: &str) -> Option<Overrun> {
        check(yaml).err()
    }

    #[test]
    fn text_without_aliases_is_not_parsed() {
        assert_eq!(check("a: &x [1, 2]\nb: {c: d}\n"), Ok(()));
        assert_eq!(check("a: [unclosed\n"), Ok(()));
    }

    #[test]
    fn small_reuse_is_within_the_floor() {
        let yaml = "a: &a {x: 1, y: [2, 3]}\nb: *a\nc: [*a, *a, {d: *a}]\n";
        assert_eq!(check(yaml), Ok(()));
    }

    #[test]
    fn flat_reuse_past_the_budget_is_found_at_the_alias() {
        let big = "x".repeat(10_000);
        let aliases = vec!["*big"; 30].join(", ");
        let yaml = format!("a: &big \"{big}\"\nb: [{aliases}]\n");
        let found = overrun(&yaml).expect("an overrun");
        assert_eq!(found.name, "big");
        assert_eq!(found.line, 1);
        // `&big "x…x"` and its weight.
        let cost = 5 + 10_002 + NODE_WEIGHT;
        assert_eq!(found.cost, Some(cost));
        assert_eq!(found.budget, 16 * yaml.len() as u64);
        // The first alias whose copy takes the total past the budget.
        let nth = found.budget / cost;
        assert_eq!(found.column as u64, 4 + nth * 6);
        assert_eq!(found.total, (nth + 1) * cost);
    }

    #[test]
    fn the_budget_grows_with_the_text() {
        // A 64 KiB anchor repeated 15 times stays within 16 times the file.
        let big = "y".repeat(64 * 1024);
        let yaml = format!("a: &b '{big}'\nb: [{}]\n", vec!["*b"; 15].join(", "));
        assert_eq!(check(&yaml), Ok(()));
        let yaml = format!("a: &b '{big}'\nb: [{}]\n", vec!["*b"; 17].join(", "));
        assert_eq!(overrun(&yaml).map(|o| o.column), Some(4 + 16 * 4));
    }

    #[test]
    fn billion_laughs_are_found_while_the_anchors_are_read() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 10].join(", ");
            yaml.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
        }
        let found = overrun(&yaml).expect("an overrun");
        // Each level costs about ten times the one before: a 225, b 2,485,
        // c 25,085; the aliases of b and c add up to 27,100, and the second
        // `*c` in d takes them past 64 KiB.
        assert_eq!((found.line, found.column), (3, 11), "{found:?}");
        assert_eq!(found.name, "c");
    }

    #[test]
    fn event_dense_values_cost_their_nodes() {
        // 3,000 one-letter items: 9 KB of text, 3,000 values once parsed.
        let items = vec!["x"; 3_000].join(",");
        let yaml = format!("a: &a [{items}]\nb: [{}]\n", ["*a"; 3].join(", "));
        let found = overrun(&yaml).expect("an overrun");
        // The first copy costs 54,036 of the 96 KiB budget; the second is refused.
        assert_eq!(found.column, 4 + 4, "{found:?}");
    }

    #[test]
    fn an_alias_inside_its_own_value_is_refused() {
        let found = overrun("a: &a [x, {b: *a}]\n").expect("an overrun");
        assert_eq!((found.line, found.column, found.cost), (0, 14, None));
        let found = overrun("a: &a\n  b: *a\n").expect("an overrun");
        assert_eq!((found.line, found.column), (1, 5));
    }

    #[test]
    fn stars_in_quotes_block_scalars_and_comments_are_not_aliases() {
        let big = "z".repeat(20_000);
        let stars = vec!["*big"; 50].join(" ");
        let yaml = format!(
            "a: &big '{big}'\nb: \"{stars}\"\nc: '{stars}'\nd: x {stars}\n\
             e: |\n  {stars}\nf: >-\n  {stars}\n# {stars}\ng: [\"{stars}\", {{h: '{stars}'}}]\ni: *big\n"
        );
        assert_eq!(check(&yaml), Ok(()));
    }

    #[test]
    fn an_anchor_defined_again_refers_to_its_latest_value() {
        let big = "w".repeat(70_000);
        // `*a` refers to the short value that replaced the long one.
        let yaml = format!("x: &a '{big}'\ny: &a short\nz: [*a, *a, *a]\n");
        assert_eq!(check(&yaml), Ok(()));
        // An inner anchor of the same name replaces the outer one at once.
        let yaml = "x: &a [&a short, *a]\ny: *a\n";
        assert_eq!(check(yaml), Ok(()));
    }

    #[test]
    fn anchors_belong_to_their_document() {
        let big = "v".repeat(70_000);
        let yaml = format!("a: &a '{big}'\n---\nb: *a\n");
        assert_eq!(check(&yaml), Ok(()));
    }

    #[test]
    fn positions_count_characters() {
        let found = overrun("é: &a [é, {b: *a}]\n").expect("an overrun");
        assert_eq!((found.line, found.column), (0, 14));
    }

    #[test]
    fn sizes_read_plainly() {
        assert_eq!(plain_size(900), "900 bytes");
        assert_eq!(plain_size(64 * 1024), "64.0 KiB");
        assert_eq!(plain_size(3_020), "2.9 KiB");
        assert_eq!(plain_size(16 * 1024 * 1024 + 1024 * 200), "16.2 MiB");
    }

    #[test]
    fn deep_flow_collections_are_found_before_parsing() {
        let nested = |depth: usize| format!("a: {}\n", "[".repeat(depth));
        assert_eq!(too_deep_flow(&nested(MAX_FLOW_DEPTH)), None);
        assert_eq!(
            too_deep_flow(&nested(MAX_FLOW_DEPTH + 1)),
            Some((1, 4 + MAX_FLOW_DEPTH))
        );
        assert_eq!(
            too_deep_flow(&format!("x: 1\n- {}", "{a: ".repeat(MAX_FLOW_DEPTH + 1))),
            Some((2, 3 + 4 * MAX_FLOW_DEPTH))
        );
        // Brackets that are text: in quotes, comments, block scalars and plain scalars.
        let many = "[".repeat(MAX_FLOW_DEPTH + 1);
        for text in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many}'\n"),
            format!("title: 'it''s {many}'\n"),
            format!("title: \"a\\\" {many}\"\n"),
            format!("title: \"multi\n  line {many}\"\n"),
            format!("# {many}\ntitle: a # {many}\n"),
            format!("note: |\n  {many}\n  more\nperiod: 2026-Q4\n"),
            format!("title: a {many}\n"),
            format!("tags: [a, 'b{many}', \"c{many}\"] # {many}\n"),
        ] {
            assert_eq!(too_deep_flow(&text), None, "{text}");
        }
        // Sibling collections do not add up.
        assert_eq!(too_deep_flow(&"a: [[1], [2]]\n".repeat(1000)), None);
    }
}
