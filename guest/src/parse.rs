//! The page's one parse. lexbor (C, vendored in `vendor/lexbor`, bridged by
//! `csrc/rx_lexbor.c`) parses the HTML as the WHATWG spec says, with
//! scripting off, as html5ever did; its tree is then copied, in document
//! order and without recursion, into the `dom_query` document that every
//! later step reads. lexbor's own document is freed before this returns.
//! The article's Markdown parses its HTML here too, into htmd's tree
//! ([`parse_for_markdown`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::c_void;

use crate::Error;
use dom_query::Document;
use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, TreeSink};
use html5ever::{ns, Attribute, LocalName, Namespace, Prefix, QualName};

/// One node as `rx_lxb_node` fills it (`csrc/rx_lexbor.c`).
#[repr(C)]
struct LxbNode {
    kind: u32,
    ns: u32,
    name_id: usize,
    name: *const u8,
    name_len: usize,
    data: *const u8,
    data_len: usize,
    data2: *const u8,
    data2_len: usize,
    first_child: *mut c_void,
    next: *mut c_void,
    first_attr: *mut c_void,
    template_content: *mut c_void,
}

/// One attribute as `rx_lxb_attr` fills it.
#[repr(C)]
struct LxbAttr {
    ns: u32,
    name_id: usize,
    name: *const u8,
    name_len: usize,
    prefix: *const u8,
    prefix_len: usize,
    value: *const u8,
    value_len: usize,
    next: *mut c_void,
}

/// What a bridge reader (`rx_lxb_node`, `rx_lxb_attr`) fills in.
///
/// # Safety
/// `reader` writes every field of its second argument; `ptr` is what it
/// reads (a node or attribute of a live lexbor document).
unsafe fn fill<T>(reader: unsafe extern "C" fn(*mut c_void, *mut T), ptr: *mut c_void) -> T {
    let mut out = std::mem::MaybeUninit::<T>::uninit();
    // SAFETY: as the caller promises.
    unsafe {
        reader(ptr, out.as_mut_ptr());
        out.assume_init()
    }
}

extern "C" {
    fn rx_lxb_parse(html: *const u8, len: usize, scripting: i32) -> *mut c_void;
    fn rx_lxb_destroy(doc: *mut c_void);
    fn rx_lxb_document_first_child(doc: *mut c_void) -> *mut c_void;
    fn rx_lxb_node(node: *mut c_void, out: *mut LxbNode);
    fn rx_lxb_attr(attr: *mut c_void, out: *mut LxbAttr);
}

// DOM node types, and namespaces as `rx_ns` in csrc/rx_lexbor.c numbers them.
const ELEMENT: u32 = 1;
const TEXT: u32 = 3;
const CDATA: u32 = 4;
const PI: u32 = 7;
const COMMENT: u32 = 8;
const DOCTYPE: u32 = 10;
const NS_HTML: u32 = 1;
const NS_MATH: u32 = 2;
const NS_SVG: u32 = 3;
const NS_XLINK: u32 = 4;
const NS_XML: u32 = 5;
const NS_XMLNS: u32 = 6;

fn namespace(id: u32) -> Namespace {
    match id {
        NS_HTML => ns!(html),
        NS_MATH => ns!(mathml),
        NS_SVG => ns!(svg),
        NS_XLINK => ns!(xlink),
        NS_XML => ns!(xml),
        NS_XMLNS => ns!(xmlns),
        _ => ns!(),
    }
}

/// The bytes lexbor handed out, as text. lexbor copies the input's bytes
/// (valid UTF-8) and writes U+FFFD for what the spec replaces, so this is
/// valid UTF-8; it is still checked, and a slip would show as U+FFFD.
fn text<'a>(ptr: *const u8, len: usize) -> Cow<'a, str> {
    if len == 0 {
        return Cow::Borrowed("");
    }
    // SAFETY: lexbor's strings are `len` readable bytes that live until
    // `rx_lxb_destroy`, which runs after the copy.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// lexbor ids below this are its static tag and attribute names.
const STATIC_IDS: usize = 256;
/// Name spaces: tags by namespace (0-6), attributes by namespace (7-13).
const HTML_TAGS: u32 = NS_HTML;
const PLAIN_ATTRS: u32 = 7;

/// Interned names by lexbor's id: each tag or attribute name is turned into
/// an atom once per page. HTML tags and attributes without a namespace (all
/// but a few of a page's names) have a small table each; the rest a map.
struct Names {
    html_tags: Vec<Option<LocalName>>,
    plain_attrs: Vec<Option<LocalName>>,
    other: HashMap<(u32, usize), LocalName>,
}

impl Names {
    fn new() -> Self {
        Names {
            html_tags: vec![None; STATIC_IDS],
            plain_attrs: vec![None; STATIC_IDS],
            other: HashMap::new(),
        }
    }

    fn get(&mut self, space: u32, id: usize, name: *const u8, len: usize) -> LocalName {
        let make = || LocalName::from(&*text(name, len));
        let table = match space {
            HTML_TAGS => &mut self.html_tags,
            PLAIN_ATTRS => &mut self.plain_attrs,
            _ => return self.other.entry((space, id)).or_insert_with(make).clone(),
        };
        match table.get_mut(id) {
            Some(slot) => slot.get_or_insert_with(make).clone(),
            None => self.other.entry((space, id)).or_insert_with(make).clone(),
        }
    }
}

/// Parses `html` into a document. Fails only when lexbor cannot allocate.
pub(crate) fn parse(html: &str) -> Result<Document, Error> {
    read(html, false).map(Page::build)
}

/// Parses `html` into htmd's tree (`markup5ever_rcdom`), with scripting on
/// as htmd's own parse has it (`<noscript>` holds text). Fails only when
/// lexbor cannot allocate.
pub(crate) fn parse_for_markdown(html: &str) -> Result<markup5ever_rcdom::Handle, Error> {
    read(html, true).map(Page::build_rcdom)
}

/// lexbor's tree of `html`, read out.
fn read(html: &str, scripting: bool) -> Result<Page, Error> {
    // A byte order mark is the decoder's to drop (html5ever's tokenizer
    // did; lexbor keeps it as text).
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let page = Page {
        ops: Vec::with_capacity(html.len() / 48),
        attrs: Vec::with_capacity(html.len() / 96),
        text: String::with_capacity(html.len() / 2),
    };
    // SAFETY: `html` is `len` readable bytes; lexbor copies what it keeps.
    let lxb = unsafe { rx_lxb_parse(html.as_ptr(), html.len(), i32::from(scripting)) };
    if lxb.is_null() {
        return Err(Error::InternalError(
            "the HTML parser ran out of memory".to_string(),
        ));
    }
    // SAFETY: `lxb` is a live document until `rx_lxb_destroy` below.
    let page = unsafe { page.read(rx_lxb_document_first_child(lxb)) };
    // SAFETY: nothing of lexbor's is used after this.
    unsafe { rx_lxb_destroy(lxb) };
    Ok(page)
}

/// Where a node goes: under the document, under an element read before
/// it, or into that `<template>` element's contents.
#[derive(Clone, Copy)]
enum Parent {
    Root,
    Node(u32),
    TemplateOf(u32),
}

/// A span of [`Page::text`].
#[derive(Clone, Copy)]
struct Span(u32, u32);

enum Op {
    Element {
        parent: Parent,
        name: QualName,
        attrs: std::ops::Range<u32>,
        template: bool,
    },
    Text(Parent, Span),
    Comment(Parent, Span),
    Doctype(Span, Span, Span),
}

/// The page as lexbor built it, read out in document order: the nodes, and
/// every string in one buffer that the document's strings then share (as
/// html5ever's share its input), so lexbor's memory is freed before the
/// `dom_query` tree is built.
struct Page {
    ops: Vec<Op>,
    attrs: Vec<(QualName, Span)>,
    text: String,
}

impl Page {
    fn span(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        // Pages are bounded by `max_input_bytes`, far below 4 GiB.
        Span(start as u32, s.len() as u32)
    }

    /// Reads the sibling list starting at `first` and everything below it,
    /// with an explicit stack: nesting depth is the page's.
    ///
    /// # Safety
    /// `first` is null or a node of a live lexbor document.
    unsafe fn read(mut self, first: *mut c_void) -> Page {
        let page = &mut self;
        let mut names = Names::new();
        let mut stack: Vec<(*mut c_void, Parent)> = Vec::new();
        if !first.is_null() {
            stack.push((first, Parent::Root));
        }
        while let Some((node, parent)) = stack.pop() {
            // SAFETY: `node` is a node of the live lexbor document.
            let n = unsafe { fill(rx_lxb_node, node) };
            if !n.next.is_null() {
                stack.push((n.next, parent));
            }
            let op = match n.kind {
                ELEMENT => {
                    let index = page.ops.len() as u32;
                    let local = names.get(n.ns, n.name_id, n.name, n.name_len);
                    let from = page.attrs.len() as u32;
                    page.read_attributes(&mut names, n.first_attr);
                    if !n.template_content.is_null() {
                        // SAFETY: the template's fragment is a live node.
                        let inner = unsafe { fill(rx_lxb_node, n.template_content) }.first_child;
                        if !inner.is_null() {
                            stack.push((inner, Parent::TemplateOf(index)));
                        }
                    }
                    if !n.first_child.is_null() {
                        stack.push((n.first_child, Parent::Node(index)));
                    }
                    Op::Element {
                        parent,
                        name: QualName::new(None, namespace(n.ns), local),
                        attrs: from..page.attrs.len() as u32,
                        template: !n.template_content.is_null(),
                    }
                }
                TEXT | CDATA => Op::Text(parent, page.span(&text(n.data, n.data_len))),
                COMMENT => Op::Comment(parent, page.span(&text(n.data, n.data_len))),
                // `<?php ... ?>`: a bogus comment in the HTML spec (html5ever's
                // tree), a processing instruction in lexbor's.
                PI => {
                    let target = text(n.name, n.name_len);
                    let data = text(n.data, n.data_len);
                    Op::Comment(parent, page.span(&format!("?{target} {data}?")))
                }
                DOCTYPE => Op::Doctype(
                    page.span(&text(n.name, n.name_len)),
                    page.span(&text(n.data, n.data_len)),
                    page.span(&text(n.data2, n.data2_len)),
                ),
                _ => continue,
            };
            page.ops.push(op);
        }
        self
    }

    /// Reads an element's attributes, in source order.
    fn read_attributes(&mut self, names: &mut Names, first: *mut c_void) {
        let mut cur = first;
        while !cur.is_null() {
            // SAFETY: `cur` is an attribute of a live element.
            let a = unsafe { fill(rx_lxb_attr, cur) };
            // Attribute ids are a space of their own, apart from tags'.
            let local = names.get(PLAIN_ATTRS + a.ns, a.name_id, a.name, a.name_len);
            let prefix = (a.prefix_len > 0).then(|| Prefix::from(&*text(a.prefix, a.prefix_len)));
            let ns = if prefix.is_some() {
                namespace(a.ns)
            } else {
                ns!()
            };
            let value = self.span(&text(a.value, a.value_len));
            self.attrs.push((QualName::new(prefix, ns, local), value));
            cur = a.next;
        }
    }

    /// The `dom_query` document of the page.
    fn build(self) -> Document {
        let doc = Document::default();
        let text = StrTendril::from(self.text);
        let sub = |Span(start, len): Span| text.subtendril(start, len);
        let mut attrs = self.attrs.into_iter();
        let mut ids: Vec<dom_query::NodeId> = Vec::with_capacity(self.ops.len());
        let root = doc.tree.root_id();
        let place = |parent: Parent, ids: &[dom_query::NodeId]| match parent {
            Parent::Root => root,
            Parent::Node(i) => ids[i as usize],
            Parent::TemplateOf(i) => doc.get_template_contents(&ids[i as usize]),
        };
        for op in self.ops {
            let id = match op {
                Op::Element {
                    parent,
                    name,
                    attrs: range,
                    template,
                } => {
                    let list = attrs
                        .by_ref()
                        .take(range.len())
                        .map(|(name, value)| Attribute {
                            name,
                            value: sub(value),
                        })
                        .collect();
                    let mut flags = ElementFlags::default();
                    flags.template = template;
                    let id = doc.create_element(name, list, flags);
                    doc.append(&place(parent, &ids), NodeOrText::AppendNode(id));
                    id
                }
                Op::Text(parent, span) => {
                    doc.append(&place(parent, &ids), NodeOrText::AppendText(sub(span)));
                    root
                }
                Op::Comment(parent, span) => {
                    let id = doc.create_comment(sub(span));
                    doc.append(&place(parent, &ids), NodeOrText::AppendNode(id));
                    root
                }
                Op::Doctype(name, public, system) => {
                    doc.append_doctype_to_document(sub(name), sub(public), sub(system));
                    root
                }
            };
            // Only elements are parents; the others keep the index aligned.
            ids.push(id);
        }
        doc
    }

    /// htmd's tree of the page (`markup5ever_rcdom`, whose names are
    /// `markup5ever` 0.38's atoms), as html5ever's sink would build it.
    fn build_rcdom(self) -> markup5ever_rcdom::Handle {
        use markup5ever_038 as m5;
        use markup5ever_rcdom::{Handle, Node, NodeData as Md};
        use std::cell::RefCell;
        fn name(q: &QualName) -> m5::QualName {
            m5::QualName::new(
                q.prefix.as_ref().map(|p| m5::Prefix::from(&**p)),
                m5::Namespace::from(&*q.ns),
                m5::LocalName::from(&*q.local),
            )
        }
        fn append(parent: &Handle, child: Handle) {
            child.parent.set(Some(std::rc::Rc::downgrade(parent)));
            parent.children.borrow_mut().push(child);
        }
        let doc = Node::new(Md::Document);
        let text = StrTendril::from(self.text);
        let sub = |Span(start, len): Span| text.subtendril(start, len);
        let mut attrs = self.attrs.into_iter();
        // The element of each op (`None` for the others).
        let mut elements: Vec<Option<Handle>> = Vec::with_capacity(self.ops.len());
        let place = |parent: Parent, elements: &[Option<Handle>]| -> Handle {
            let element = |i: u32| elements[i as usize].as_ref().expect("an element");
            match parent {
                Parent::Root => doc.clone(),
                Parent::Node(i) => element(i).clone(),
                Parent::TemplateOf(i) => match &element(i).data {
                    Md::Element {
                        template_contents, ..
                    } => template_contents.borrow().clone().expect("a template"),
                    _ => unreachable!("elements are elements"),
                },
            }
        };
        for op in self.ops {
            let element = match op {
                Op::Element {
                    parent,
                    name: qual,
                    attrs: range,
                    template,
                } => {
                    let list = attrs
                        .by_ref()
                        .take(range.len())
                        .map(|(n, value)| m5::Attribute {
                            name: name(&n),
                            value: sub(value),
                        })
                        .collect();
                    let node = Node::new(Md::Element {
                        name: name(&qual),
                        attrs: RefCell::new(list),
                        // A template's contents are a fragment of their own.
                        template_contents: RefCell::new(template.then(|| Node::new(Md::Document))),
                        mathml_annotation_xml_integration_point: false,
                    });
                    append(&place(parent, &elements), node.clone());
                    Some(node)
                }
                Op::Text(parent, span) => {
                    let into = place(parent, &elements);
                    // Text after text joins it, as a tree builder's sink does.
                    let last = into.children.borrow().last().cloned();
                    match last.as_ref().map(|l| &l.data) {
                        Some(Md::Text { contents }) => {
                            contents.borrow_mut().push_tendril(&sub(span))
                        }
                        _ => append(
                            &into,
                            Node::new(Md::Text {
                                contents: RefCell::new(sub(span)),
                            }),
                        ),
                    }
                    None
                }
                Op::Comment(parent, span) => {
                    append(
                        &place(parent, &elements),
                        Node::new(Md::Comment {
                            contents: sub(span),
                        }),
                    );
                    None
                }
                Op::Doctype(n, public, system) => {
                    append(
                        &doc,
                        Node::new(Md::Doctype {
                            name: sub(n),
                            public_id: sub(public),
                            system_id: sub(system),
                        }),
                    );
                    None
                }
            };
            elements.push(element);
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_for_markdown};
    use dom_query::Document;

    /// The tree lexbor builds, copied, serialises as html5ever's does.
    fn same_as_html5ever(html: &str) -> Result<(), String> {
        let ours = parse(html).expect("parse").html().to_string();
        let theirs = Document::from(html).html().to_string();
        if ours == theirs {
            Ok(())
        } else {
            Err(format!(
                "{html:?}\n lexbor:    {ours}\n html5ever: {theirs}"
            ))
        }
    }

    /// Inputs where a parser's tree-building rules show.
    const CASES: &[&str] = &[
        "<p>Hello <b>world</b>",
        "<!DOCTYPE html><html lang=en><head><title>T</title></head><body><p>x</p></body></html>",
        "\u{feff}<!DOCTYPE html><p>a byte order mark goes",
        "<table><tr><td>1</td></tr><b>fostered</b></table>",
        "<p><b><i>adoption</b> agency</i></p>",
        "<noscript><p>scripting is off</p></noscript>",
        "<template><p>inside</p></template><p>after</p>",
        "<svg viewBox='0 0 1 1'><foreignObject><p>x</p></foreignObject><clipPath/></svg>",
        "<svg><a xlink:href='#x'>link</a></svg>",
        "<math><mi>x</mi><annotation-xml encoding='text/html'><p>y</p></annotation-xml></math>",
        "<image src=a.png>",
        "<p>&amp; &lt; &copy; &#x1F600; &#0; &#xD800; &notanentity;</p>",
        "<p>nul\u{0}byte</p>",
        "<?php echo 1; ?><p>x</p>",
        "<!-- a comment --><p>x<!--inside--></p>",
        "<form><form><input name=a></form>",
        "<div a=1 b=2 a=3 B=4 data-x=y>duplicates</div>",
        "<custom-element some-attr=1>custom</custom-element>",
        "<select><option>1<option>2</select>",
        "<pre>\nfirst newline</pre><textarea>\nx</textarea>",
        "<script>if (a < b) { document.write('<p>') }</script><style>p{}</style>",
        "<title>a &amp; b</title><plaintext><p>raw",
        "",
        "   ",
        "<frameset><frame></frameset>",
        "<body a=1><body b=2 a=3>merged attributes",
        "<noscript><p>scripting</p><img src=x></noscript><p>after</p>",
        "<head><noscript><style>p{}</style></noscript></head><p>x</p>",
    ];

    #[test]
    fn trees_equal_html5evers() {
        let cases = CASES;
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|c| same_as_html5ever(c).err())
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Deeper than a recursive copy could go on a test thread's 2 MiB
    /// stack (the tree builder itself is quadratic in depth, as html5ever's
    /// is: the deadline bounds that, and `prepare::limit_depth` what follows).
    #[test]
    fn deep_nesting_is_copied_without_recursion() {
        let html = "<div>".repeat(25_000) + "deep";
        let doc = parse(&html).expect("parse");
        assert!(doc.text().contains("deep"));
    }

    /// htmd's Markdown of our tree of a page (scripting on) equals its
    /// Markdown of its own parse.
    #[test]
    fn markdown_trees_equal_htmds() {
        let htmd = htmd::HtmlToMarkdown::new();
        let failures: Vec<String> = CASES
            .iter()
            .filter_map(|case| {
                let ours = htmd.tree_to_markdown(&parse_for_markdown(case).expect("parse"));
                let theirs = htmd.convert(case).expect("htmd");
                (ours != theirs)
                    .then(|| format!("{case:?}\n ours:   {ours:?}\n htmd's: {theirs:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
