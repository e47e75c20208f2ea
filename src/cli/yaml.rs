//! Multi-document YAML (and JSON, its subset) into JSON values, with the line and column of
//! every node, so that a diagnostic's JSON Pointer can be printed as `file:LINE:COLUMN`.
//!
//! saphyr-parser gives events with their spans; the tree is built here, with its own stack
//! (no recursion), under three limits: nesting depth, nodes produced by aliases (a
//! "billion laughs" document is refused at the alias that crosses the limit), and unique
//! keys. Scalars are read with the YAML 1.2 core schema, as the playground reads them:
//! `yes` and `on` are strings.
//!
//! The text is cut into documents at `---` lines before parsing (YAML forbids such a line
//! inside a document), so that a syntax error ends only its own document.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, Span};
use serde_json::{Map, Value};

use crate::core::limits::MAX_DEPTH;

/// Nodes that aliases may add to one document. Manifests rarely use aliases at all; a
/// billion-laughs document needs millions.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// One document of a file, numbered from 1 in the order of the file.
#[derive(Debug)]
pub struct Document {
    pub number: usize,
    pub value: Value,
    pub positions: Positions,
}

/// A document that could not be read, with the place of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub number: usize,
    pub pos: Pos,
    pub message: String,
}

/// Which positions a read keeps.
#[derive(Clone, Copy)]
pub enum Keep<'w> {
    All,
    Nothing,
    /// Only these pointers, by document number: a second read that places a few findings
    /// without a table of every node.
    Only(&'w HashMap<usize, HashSet<String>>),
}

/// Every document of `text`, each read on its own, one piece of the text at a time (so a
/// file of many documents never has them all in memory). `positions: false` skips the
/// position table (the benchmark's floor).
pub fn documents(
    text: &str,
    positions: bool,
) -> impl Iterator<Item = Result<Document, YamlError>> + '_ {
    read(
        text,
        if positions { Keep::All } else { Keep::Nothing },
        None,
    )
}

/// What becomes of each item of a list (a root sequence, or the root's `items`) as soon as
/// it is read: the caches keep only what the core reads, so a cluster's list of caches with
/// their long events never stands in memory whole.
pub type ItemHook = fn(Value) -> Value;

/// The documents of `text`, keeping the positions `keep` names, each list item through `item`.
pub fn read<'t>(
    text: &'t str,
    keep: Keep<'t>,
    item: Option<ItemHook>,
) -> impl Iterator<Item = Result<Document, YamlError>> + 't {
    let mut before = 0;
    chunks(text)
        .into_iter()
        .flat_map(move |(first_line, chunk)| {
            let mut out = Vec::new();
            let mut builder = Builder::new(first_line, keep, before);
            builder.item = item;
            let mut parser = Parser::new_from_str(chunk);
            while let Some(event) = parser.next_event() {
                match event {
                    Ok((event, span)) => builder.event(event, span, &mut out),
                    Err(e) => {
                        let m = e.marker();
                        builder.fail(first_line + m.line(), m.col(), e.info().to_owned());
                        builder.finish_document(&mut out);
                        break;
                    }
                }
            }
            before = builder.number;
            out
        })
}

enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        nodes: usize,
        path_len: usize,
    },
    Map {
        map: Map<String, Value>,
        key: Option<String>,
        anchor: usize,
        nodes: usize,
        path_len: usize,
    },
}

struct Builder<'w> {
    first_line: usize,
    keep: Keep<'w>,
    item: Option<ItemHook>,
    number: usize,
    stack: Vec<Frame>,
    path: String,
    positions: Positions,
    anchors: HashMap<usize, (Value, usize)>,
    alias_nodes: usize,
    root: Option<Value>,
    error: Option<YamlError>,
    started: bool,
}

impl<'w> Builder<'w> {
    fn new(first_line: usize, keep: Keep<'w>, before: usize) -> Self {
        Builder {
            first_line,
            keep,
            item: None,
            number: before,
            stack: Vec::new(),
            path: String::new(),
            positions: Positions::default(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            root: None,
            error: None,
            started: false,
        }
    }

    fn pos(&self, span: &Span) -> Pos {
        Pos {
            line: self.first_line + span.start.line(),
            column: span.start.col() + 1,
        }
    }

    fn fail(&mut self, line: usize, col: usize, message: String) {
        if !self.started {
            self.number += 1;
            self.started = true;
        }
        self.error.get_or_insert(YamlError {
            number: self.number,
            pos: Pos {
                line,
                column: col + 1,
            },
            message,
        });
    }

    fn event(&mut self, event: Event, span: Span, out: &mut Vec<Result<Document, YamlError>>) {
        match event {
            Event::DocumentStart(_) => {
                self.number += 1;
                self.started = true;
            }
            Event::DocumentEnd => self.finish_document(out),
            _ if self.error.is_some() => {}
            Event::Scalar(text, style, anchor, tag) => {
                let pos = self.pos(&span);
                let value = scalar(&text, style, tag.as_deref());
                self.node(value, 1, anchor, pos);
            }
            Event::Alias(id) => {
                let pos = self.pos(&span);
                match self.anchors.get(&id) {
                    Some((_, nodes)) if self.alias_nodes + nodes > MAX_ALIAS_NODES => {
                        self.fail_at(pos, format!("aliases expand to more than {MAX_ALIAS_NODES} nodes; the document is refused"));
                    }
                    Some((value, nodes)) => {
                        let (value, nodes) = (value.clone(), *nodes);
                        self.alias_nodes += nodes;
                        self.node(value, nodes, 0, pos);
                    }
                    None => self.fail_at(pos, "alias to an unknown anchor".into()),
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let pos = self.pos(&span);
                if self.stack.len() >= MAX_DEPTH {
                    return self.fail_at(pos, format!("nested deeper than {MAX_DEPTH} levels"));
                }
                let path_len = self.path.len();
                if !self.enter(pos) {
                    return;
                }
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq {
                            items: Vec::new(),
                            anchor,
                            nodes: 1,
                            path_len,
                        }
                    } else {
                        Frame::Map {
                            map: Map::new(),
                            key: None,
                            anchor,
                            nodes: 1,
                            path_len,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, nodes, path_len) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        anchor,
                        nodes,
                        path_len,
                    }) => (Value::Array(items), anchor, nodes, path_len),
                    Some(Frame::Map {
                        map,
                        anchor,
                        nodes,
                        path_len,
                        ..
                    }) => (Value::Object(map), anchor, nodes, path_len),
                    None => return,
                };
                self.path.truncate(path_len);
                self.attach(value, nodes, anchor);
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }

    fn fail_at(&mut self, pos: Pos, message: String) {
        self.fail(pos.line, pos.column - 1, message);
    }

    /// Places a new node: pushes its segment onto the path and records its position.
    /// Returns false when the node is a mapping key that is not a scalar.
    fn enter(&mut self, pos: Pos) -> bool {
        match self.stack.last() {
            Some(Frame::Map { key: None, .. }) => {
                self.fail_at(pos, "a mapping key must be a scalar".into());
                return false;
            }
            Some(Frame::Map { key: Some(key), .. }) => {
                self.path.push('/');
                self.path.push_str(&token(key));
            }
            Some(Frame::Seq { items, .. }) => {
                use std::fmt::Write;
                let _ = write!(self.path, "/{}", items.len());
            }
            None => {}
        }
        if !matches!(self.stack.last(), Some(Frame::Map { .. }))
            && keeps(self.keep, self.number, || self.path.clone())
        {
            self.positions.record(&self.path, None, pos);
        }
        true
    }

    /// A scalar or an alias: a key when a mapping waits for one, a value otherwise.
    fn node(&mut self, value: Value, nodes: usize, anchor: usize, pos: Pos) {
        if let Some(Frame::Map {
            key: key @ None,
            map,
            ..
        }) = self.stack.last_mut()
        {
            let text = match value {
                Value::String(s) => s,
                Value::Null => String::new(),
                Value::Bool(_) | Value::Number(_) => value.to_string(),
                _ => return self.fail_at(pos, "a mapping key must be a scalar".into()),
            };
            if map.contains_key(&text) {
                return self.fail_at(pos, format!("the key \"{text}\" appears twice"));
            }
            if keeps(self.keep, self.number, || {
                format!("{}/{}", self.path, token(&text))
            }) {
                self.positions.record(&self.path, Some(&text), pos);
            }
            *key = Some(text);
            return;
        }
        let path_len = self.path.len();
        if !self.enter(pos) {
            return;
        }
        self.path.truncate(path_len);
        self.attach(value, nodes, anchor);
    }

    /// Adds a finished node to its parent (or makes it the document's root).
    fn attach(&mut self, value: Value, nodes: usize, anchor: usize) {
        let is_item = matches!(self.stack.last(), Some(Frame::Seq { .. }))
            && matches!(self.path.as_str(), "" | "/items");
        let value = match self.item {
            Some(hook) if is_item => hook(value),
            _ => value,
        };
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        match self.stack.last_mut() {
            Some(Frame::Seq {
                items, nodes: n, ..
            }) => {
                items.push(value);
                *n += nodes;
            }
            Some(Frame::Map {
                map, key, nodes: n, ..
            }) => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
                *n += nodes;
            }
            None => self.root = Some(value),
        }
    }

    fn finish_document(&mut self, out: &mut Vec<Result<Document, YamlError>>) {
        if !self.started {
            return;
        }
        let result = match self.error.take() {
            Some(error) => Err(error),
            None => Ok(Document {
                number: self.number,
                value: self.root.take().unwrap_or(Value::Null),
                positions: std::mem::take(&mut self.positions),
            }),
        };
        out.push(result);
        self.stack.clear();
        self.path.clear();
        self.anchors.clear();
        self.alias_nodes = 0;
        self.root = None;
        self.started = false;
    }
}

/// Whether `keep` keeps the position of the node at `path` (built only when asked).
fn keeps(keep: Keep, number: usize, path: impl FnOnce() -> String) -> bool {
    match keep {
        Keep::All => true,
        Keep::Nothing => false,
        Keep::Only(wanted) => wanted.get(&number).is_some_and(|w| w.contains(&path())),
    }
}

mod chunks;
mod positions;
mod scalar;
#[cfg(test)]
mod tests;

use chunks::chunks;
use positions::token;
pub use positions::{Pos, Positions};
pub use scalar::plain_scalar;
use scalar::scalar;
