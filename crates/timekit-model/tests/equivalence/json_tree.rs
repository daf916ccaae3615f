//! A JSON tree whose objects may repeat a key (which `serde_json::Value` cannot hold), the
//! edits the property tests apply to fixtures, and strategies for random values and keys.

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Number, Value};

/// A JSON value; an object is a list of entries, so a key can appear twice.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl From<&Value> for Node {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Node::Null,
            Value::Bool(flag) => Node::Bool(*flag),
            Value::Number(number) => Node::Number(number.clone()),
            Value::String(text) => Node::String(text.clone()),
            Value::Array(items) => Node::Array(items.iter().map(Node::from).collect()),
            Value::Object(map) => Node::Object(
                map.iter()
                    .map(|(key, value)| (key.clone(), Node::from(value)))
                    .collect(),
            ),
        }
    }
}

impl Node {
    /// The JSON text, every entry written in order (repeated keys included).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
            Node::Number(number) => out.push_str(&number.to_string()),
            Node::String(text) => out.push_str(&serde_json::to_string(text).unwrap()),
            Node::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Node::Object(entries) => {
                out.push('{');
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap());
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// Whether some object in the tree has a key twice (which `serde_json::Value` cannot
    /// hold: parsing the text into a `Value` keeps the last one).
    pub fn has_repeated_keys(&self) -> bool {
        match self {
            Node::Array(items) => items.iter().any(Node::has_repeated_keys),
            Node::Object(entries) => {
                let mut keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
                keys.sort_unstable();
                keys.windows(2).any(|pair| pair[0] == pair[1])
                    || entries.iter().any(|(_, value)| value.has_repeated_keys())
            }
            _ => false,
        }
    }

    /// The `serde_json::Value` of the tree (for a repeated key, the last entry wins, as when
    /// serde_json parses the text).
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(*flag),
            Node::Number(number) => Value::Number(number.clone()),
            Node::String(text) => Value::String(text.clone()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value()))
                    .collect(),
            ),
        }
    }

    /// How many nodes (or only objects) the tree has, itself included.
    fn count(&self, objects_only: bool) -> usize {
        let own = usize::from(!objects_only || matches!(self, Node::Object(_)));
        own + match self {
            Node::Array(items) => items.iter().map(|item| item.count(objects_only)).sum(),
            Node::Object(entries) => entries
                .iter()
                .map(|(_, value)| value.count(objects_only))
                .sum(),
            _ => 0,
        }
    }

    /// The `wanted`-th node (or object) in pre-order; `wanted` counts down on the way.
    fn find(&mut self, wanted: &mut usize, objects_only: bool) -> Option<&mut Node> {
        if !objects_only || matches!(self, Node::Object(_)) {
            if *wanted == 0 {
                return Some(self);
            }
            *wanted -= 1;
        }
        match self {
            Node::Array(items) => items
                .iter_mut()
                .find_map(|item| item.find(wanted, objects_only)),
            Node::Object(entries) => entries
                .iter_mut()
                .find_map(|(_, value)| value.find(wanted, objects_only)),
            _ => None,
        }
    }

    /// Applies `edit` to the node (or object) it selects.
    pub fn apply(&mut self, edit: &Edit) {
        let objects_only = edit.kind != EditKind::Replace;
        let count = self.count(objects_only);
        if count == 0 {
            return;
        }
        let mut wanted = edit.target % count;
        let Some(node) = self.find(&mut wanted, objects_only) else {
            return;
        };
        match (edit.kind, node) {
            (EditKind::Replace, node) => *node = edit.value.clone(),
            (EditKind::Remove, Node::Object(entries)) if !entries.is_empty() => {
                let at = edit.entry % entries.len();
                entries.remove(at);
            }
            (EditKind::Add, Node::Object(entries)) => {
                let at = edit.entry % (entries.len() + 1);
                entries.insert(at, (edit.key.clone(), edit.value.clone()));
            }
            (EditKind::Repeat, Node::Object(entries)) if !entries.is_empty() => {
                let key = entries[edit.entry % entries.len()].0.clone();
                let at = (edit.entry / entries.len()) % (entries.len() + 1);
                entries.insert(at, (key, edit.value.clone()));
            }
            (EditKind::Rename, Node::Object(entries)) if !entries.is_empty() => {
                let at = edit.entry % entries.len();
                entries[at].0 = edit.key.clone();
            }
            _ => {}
        }
    }
}

/// What an [`Edit`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    /// Replaces any node with `value` (wrong types, `null`, odd strings and numbers).
    Replace,
    /// Removes one entry of an object (required fields go missing).
    Remove,
    /// Adds `key: value` to an object (unknown keys, keys of other types, known keys).
    Add,
    /// Writes one of an object's keys a second time, with `value`, before or after it.
    Repeat,
    /// Renames one entry of an object to `key`.
    Rename,
}

/// One change to a JSON tree; `target` and `entry` are taken modulo what exists.
#[derive(Debug, Clone)]
pub struct Edit {
    pub kind: EditKind,
    pub target: usize,
    pub entry: usize,
    pub key: String,
    pub value: Node,
}

/// Every JSON name the booking and page types know, names they do not know, and names close
/// to known ones (`location` is the field, `where` the key).
const KEYS: &[&str] = &[
    "id",
    "graph",
    "state",
    "completed",
    "possible_actions",
    "available_actions",
    "created_at",
    "updated_at",
    "meta",
    "attributes",
    "customers",
    "event_info",
    "group_booking",
    "start",
    "end",
    "what",
    "where",
    "description",
    "calendar_id",
    "name",
    "email",
    "phone",
    "voip",
    "timezone",
    "data",
    "total",
    "per_page",
    "current_page",
    "last_page",
    "next_page_url",
    "prev_page_url",
    "from",
    "to",
    "location",
    "extra",
    "calendar",
    "logs",
    "Id",
    "",
    "x",
    "where ",
    "é",
];

/// Strings that mean something to some field: counts, timestamps, names, or nothing.
const STRINGS: &[&str] = &[
    "3",
    " 42 ",
    "+7",
    "-1",
    "1.5",
    "",
    "many",
    "18446744073709551615",
    "18446744073709551616",
    "2024-05-07T10:00:00+00:00",
    "2016-02-11T11:58:45+0100",
    "2024-05-07T10:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-05-07 10:00",
    "instant",
    "confirm_decline",
    "confirmed",
    "cancel",
    "no_such_action",
    "Europe/Berlin",
    "https://api.timekit.io/v2/bookings?page=2",
];

/// A key for an added or renamed entry.
pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ]
}

fn number(number: impl Into<Number>) -> Node {
    Node::Number(number.into())
}

/// A scalar: `null`, booleans, integers at the edges of `u64`/`i64`, floats, interesting
/// strings and random text.
pub fn leaf() -> impl Strategy<Value = Node> {
    prop_oneof![
        Just(Node::Null),
        any::<bool>().prop_map(Node::Bool),
        prop::sample::select(vec![0u64, 1, 3, 1000, u64::MAX]).prop_map(number),
        any::<u64>().prop_map(number),
        any::<i64>().prop_map(number),
        prop::sample::select(vec![-0.0f64, 0.5, 1.0, 3.0, -2.5, 1e300])
            .prop_map(|float| Number::from_f64(float).map_or(Node::Null, Node::Number)),
        prop::sample::select(STRINGS).prop_map(|text| Node::String(text.to_owned())),
        "\\PC{0,10}".prop_map(Node::String),
    ]
}

/// Any JSON value, nested up to three levels.
pub fn value() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Node::Array),
            vec((key(), inner), 0..4).prop_map(Node::Object),
        ]
    })
}

/// One edit of any kind.
pub fn edit() -> impl Strategy<Value = Edit> {
    (
        prop::sample::select(vec![
            EditKind::Replace,
            EditKind::Remove,
            EditKind::Add,
            EditKind::Repeat,
            EditKind::Rename,
        ]),
        any::<usize>(),
        any::<usize>(),
        key(),
        value(),
    )
        .prop_map(|(kind, target, entry, key, value)| Edit {
            kind,
            target,
            entry,
            key,
            value,
        })
}
