//! A matcher for the simple selectors the passes use (type, `#id`,
//! `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr*=v]` with an optional `i`,
//! and a leading `body ` ancestor), read straight off each node with the
//! same rules as the `selectors` crate: a whole-page scan with the general
//! matcher costs more than the page's parse for a list of a dozen
//! alternatives. A selector outside this subset is not compiled here, and
//! keeps the general matcher.

use dom_query::{Element, NodeData, NodeRef};
use html5ever::{ns, LocalName};

/// One selector list: an element matches when any alternative does.
pub(super) struct SimpleList(Vec<Compound>);

/// One alternative: the element's name, its attribute tests, and whether
/// it must sit inside a `<body>`.
struct Compound {
    name: Option<LocalName>,
    attrs: Vec<AttrTest>,
    in_body: bool,
}

struct AttrTest {
    name: LocalName,
    /// `#id` reads an `id` attribute in any namespace; `[id=...]` only
    /// one without a namespace.
    any_ns: bool,
    op: Op,
    case: Case,
}

enum Op {
    Exists,
    Equals(String),
    /// One of the whitespace-separated words equals the value.
    Includes(String),
    Contains(String),
}

#[derive(Clone, Copy)]
enum Case {
    Sensitive,
    /// The `i` flag.
    Insensitive,
    /// Attributes whose values HTML compares without case (`rel`, `type`,
    /// ...): without case on HTML elements only.
    InsensitiveOnHtml,
}

/// Attributes whose values HTML compares without case (the list of the
/// `selectors` crate, after the HTML standard's).
#[rustfmt::skip]
const HTML_CASE_INSENSITIVE: &[&str] = &[
    "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked",
    "clear", "codetype", "color", "compact", "declare", "defer", "dir", "direction", "disabled",
    "enctype", "face", "frame", "hreflang", "http-equiv", "lang", "language", "link", "media",
    "method", "multiple", "nohref", "noresize", "noshade", "nowrap", "readonly", "rel", "rev",
    "rules", "scope", "scrolling", "selected", "shape", "target", "text", "type", "valign",
    "valuetype", "vlink",
];

/// CSS whitespace, which separates the words of `~=`.
const CSS_WHITESPACE: &[char] = &[' ', '\t', '\n', '\r', '\x0C'];

impl SimpleList {
    /// The list's compiled form, or `None` when a part of it is outside the
    /// subset.
    pub(super) fn parse(selector: &str) -> Option<Self> {
        selector
            .split(',')
            .map(|s| Compound::parse(s.trim()))
            .collect::<Option<Vec<_>>>()
            .map(SimpleList)
    }

    /// Whether element `n` matches.
    pub(super) fn matches(&self, n: &NodeRef) -> bool {
        match n.query_or(Hit::No, |tn| match &tn.data {
            NodeData::Element(el) => self.hit(el),
            _ => Hit::No,
        }) {
            Hit::No => false,
            Hit::Yes => true,
            Hit::InBody => in_body(n),
        }
    }

    /// How element `el` matches, before its ancestors are looked at.
    pub(super) fn hit(&self, el: &Element) -> Hit {
        let html = el.name.ns == ns!(html);
        let attr = |a: &LocalName, any_ns: bool| {
            el.attrs
                .iter()
                .find(|x| x.name.local == *a && (any_ns || x.name.ns == ns!()))
                .map(|x| &*x.value)
        };
        let mut hit = Hit::No;
        for c in self.0.iter() {
            if c.matches_element(&el.name.local, html, attr) {
                if !c.in_body {
                    return Hit::Yes;
                }
                hit = Hit::InBody;
            }
        }
        hit
    }
}

/// How an element matches a list, before its ancestors are looked at.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Hit {
    No,
    Yes,
    /// Matches if it is inside a `<body>`.
    InBody,
}

/// Whether `n` is inside a `<body>`.
pub(super) fn in_body(n: &NodeRef) -> bool {
    n.ancestors_it(None).any(|a| a.has_name("body"))
}

impl Compound {
    fn parse(s: &str) -> Option<Self> {
        let (in_body, s) = match s.strip_prefix("body ") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, s),
        };
        let name_end = s
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .unwrap_or(s.len());
        let name = (name_end > 0).then(|| LocalName::from(&s[..name_end]));
        let mut attrs = Vec::new();
        let mut rest = &s[name_end..];
        while !rest.is_empty() {
            if let Some(id) = rest.strip_prefix('#') {
                let end = id
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .unwrap_or(id.len());
                if end == 0 {
                    return None;
                }
                attrs.push(AttrTest {
                    name: LocalName::from("id"),
                    any_ns: true,
                    op: Op::Equals(id[..end].to_string()),
                    case: Case::Sensitive,
                });
                rest = &id[end..];
            } else {
                let body = rest.strip_prefix('[')?;
                let close = body.find(']')?;
                attrs.push(AttrTest::parse(&body[..close])?);
                rest = &body[close + 1..];
            }
        }
        (name.is_some() || !attrs.is_empty()).then_some(Compound {
            name,
            attrs,
            in_body,
        })
    }

    fn matches_element<'v>(
        &self,
        name: &LocalName,
        html: bool,
        attr: impl Fn(&LocalName, bool) -> Option<&'v str>,
    ) -> bool {
        self.name.as_ref().is_none_or(|n| n == name)
            && self
                .attrs
                .iter()
                .all(|t| t.matches(attr(&t.name, t.any_ns), html))
    }
}

impl AttrTest {
    /// `name`, `name=value`, `name~=value` or `name*=value`, then ` i`.
    fn parse(s: &str) -> Option<Self> {
        let word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let (s, flag) = match s.strip_suffix(" i") {
            Some(rest) => (rest, true),
            None => (s, false),
        };
        let (name, op) = match s.split_once('=') {
            None => (s, Op::Exists),
            Some((lhs, value)) => {
                if !word(value) {
                    return None;
                }
                let value = value.to_string();
                match lhs.as_bytes().last() {
                    Some(b'~') => (&lhs[..lhs.len() - 1], Op::Includes(value)),
                    Some(b'*') => (&lhs[..lhs.len() - 1], Op::Contains(value)),
                    _ => (lhs, Op::Equals(value)),
                }
            }
        };
        if !word(name) || name.bytes().any(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let case = if flag {
            Case::Insensitive
        } else if HTML_CASE_INSENSITIVE.contains(&name) {
            Case::InsensitiveOnHtml
        } else {
            Case::Sensitive
        };
        Some(AttrTest {
            name: LocalName::from(name),
            any_ns: false,
            op,
            case,
        })
    }

    fn matches(&self, value: Option<&str>, html: bool) -> bool {
        let Some(value) = value else {
            return false;
        };
        let fold = match self.case {
            Case::Sensitive => false,
            Case::Insensitive => true,
            Case::InsensitiveOnHtml => html,
        };
        let eq = |a: &str, b: &str| {
            if fold {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        match &self.op {
            Op::Exists => true,
            Op::Equals(v) => eq(value, v),
            Op::Includes(v) => value.split(CSS_WHITESPACE).any(|w| eq(w, v)),
            Op::Contains(v) => {
                if fold {
                    contains_ignore_ascii_case(value, v)
                } else {
                    value.contains(v.as_str())
                }
            }
        }
    }
}

fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((first, rest)) = needle.split_first() else {
        return true;
    };
    let first = first.to_ascii_lowercase();
    hay.len() >= needle.len()
        && (0..=hay.len() - needle.len()).any(|i| {
            hay[i].to_ascii_lowercase() == first
                && hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest)
        })
}
