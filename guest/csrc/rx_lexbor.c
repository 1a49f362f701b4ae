/*
 * The guest's bridge to lexbor's HTML parser: parse a page into a lexbor
 * document and read its nodes one at a time, so that Rust can copy the tree
 * into its own DOM (guest/src/parse.rs). Nothing here keeps state between
 * calls; every pointer handed out stays valid until rx_lxb_destroy.
 */
#include <stddef.h>
#include <stdint.h>

#include "lexbor/html/html.h"
#include "lexbor/html/interfaces/template_element.h"
#include "lexbor/dom/interfaces/processing_instruction.h"
#include "lexbor/dom/interfaces/document_type.h"

/* One node as Rust reads it. */
typedef struct {
    uint32_t type;          /* lexbor's node type (1 element, 3 text, 8 comment, 10 doctype, ...) */
    uint32_t ns;            /* rx_ns: 0 none, 1 HTML, 2 MathML, 3 SVG, 4 XLink, 5 XML, 6 XMLNS */
    uintptr_t name_id;      /* lexbor's tag id: equal ids, equal names */
    const lxb_char_t *name; /* element: local name; doctype: name; PI: target */
    size_t name_len;
    const lxb_char_t *data; /* text, comment, PI: the data; doctype: public id */
    size_t data_len;
    const lxb_char_t *data2; /* doctype: system id */
    size_t data2_len;
    void *first_child;
    void *next;
    void *first_attr;
    void *template_content; /* <template>: the fragment that holds its contents */
} rx_lxb_node_t;

/* One attribute as Rust reads it. */
typedef struct {
    uint32_t ns;
    uintptr_t name_id;
    const lxb_char_t *name; /* local name, lower case */
    size_t name_len;
    const lxb_char_t *prefix;
    size_t prefix_len;
    const lxb_char_t *value;
    size_t value_len;
    void *next;
} rx_lxb_attr_t;

static const lxb_char_t empty[1] = {0};

/* Namespaces as Rust numbers them (parse.rs), whatever lexbor's ids. */
static uint32_t rx_ns(uintptr_t ns)
{
    switch (ns) {
    case LXB_NS_HTML: return 1;
    case LXB_NS_MATH: return 2;
    case LXB_NS_SVG: return 3;
    case LXB_NS_XLINK: return 4;
    case LXB_NS_XML: return 5;
    case LXB_NS_XMLNS: return 6;
    default: return 0;
    }
}

/* Parses `len` bytes of UTF-8. Returns the document, or NULL when lexbor
 * fails (out of memory). Free it with rx_lxb_destroy. */
void *rx_lxb_parse(const lxb_char_t *html, size_t len, int scripting)
{
    lxb_html_document_t *doc = lxb_html_document_create();
    if (doc == NULL) {
        return NULL;
    }
    /* No mutation callbacks: nothing listens to them. */
    lxb_dom_document_opt_set(lxb_dom_interface_document(doc),
                             LXB_DOM_DOCUMENT_OPT_WO_EVENTS);
    /* With scripting on, <noscript> holds raw text, as in a browser. */
    lxb_html_document_scripting_set(doc, scripting != 0);
    if (lxb_html_document_parse(doc, html, len) != LXB_STATUS_OK) {
        lxb_html_document_destroy(doc);
        return NULL;
    }
    return doc;
}

void rx_lxb_destroy(void *doc)
{
    if (doc != NULL) {
        lxb_html_document_destroy((lxb_html_document_t *) doc);
    }
}

/* The document node's first child. */
void *rx_lxb_document_first_child(void *doc)
{
    return lxb_dom_interface_node((lxb_html_document_t *) doc)->first_child;
}

static void set_str(const lexbor_str_t *s, const lxb_char_t **p, size_t *len)
{
    if (s != NULL && s->data != NULL) {
        *p = s->data;
        *len = s->length;
    } else {
        *p = empty;
        *len = 0;
    }
}

void rx_lxb_node(void *ptr, rx_lxb_node_t *out)
{
    lxb_dom_node_t *node = (lxb_dom_node_t *) ptr;
    size_t len = 0;

    out->type = (uint32_t) node->type;
    out->ns = rx_ns(node->ns);
    out->name_id = node->local_name;
    out->name = empty;
    out->name_len = 0;
    out->data = empty;
    out->data_len = 0;
    out->data2 = empty;
    out->data2_len = 0;
    out->first_child = node->first_child;
    out->next = node->next;
    out->first_attr = NULL;
    out->template_content = NULL;

    switch (node->type) {
    case LXB_DOM_NODE_TYPE_ELEMENT: {
        lxb_dom_element_t *el = lxb_dom_interface_element(node);
        const lxb_char_t *name = (node->ns == LXB_NS_HTML)
            ? lxb_dom_element_local_name(el, &len)
            : lxb_dom_element_qualified_name(el, &len);
        if (name != NULL) {
            out->name = name;
            out->name_len = len;
        }
        out->first_attr = el->first_attr;
        if (node->local_name == LXB_TAG_TEMPLATE && node->ns == LXB_NS_HTML) {
            lxb_html_template_element_t *t = lxb_html_interface_template(node);
            if (t->content != NULL) {
                out->template_content = lxb_dom_interface_node(t->content);
            }
        }
        break;
    }
    case LXB_DOM_NODE_TYPE_TEXT:
    case LXB_DOM_NODE_TYPE_COMMENT:
    case LXB_DOM_NODE_TYPE_CDATA_SECTION:
        set_str(&lxb_dom_interface_character_data(node)->data, &out->data, &out->data_len);
        break;
    case LXB_DOM_NODE_TYPE_PROCESSING_INSTRUCTION: {
        lxb_dom_processing_instruction_t *pi = lxb_dom_interface_processing_instruction(node);
        set_str(&pi->char_data.data, &out->data, &out->data_len);
        set_str(&pi->target, &out->name, &out->name_len);
        break;
    }
    case LXB_DOM_NODE_TYPE_DOCUMENT_TYPE: {
        lxb_dom_document_type_t *dt = lxb_dom_interface_document_type(node);
        const lxb_char_t *name = lxb_dom_document_type_name(dt, &len);
        if (name != NULL) {
            out->name = name;
            out->name_len = len;
        }
        set_str(&dt->public_id, &out->data, &out->data_len);
        set_str(&dt->system_id, &out->data2, &out->data2_len);
        break;
    }
    default:
        break;
    }
}

void rx_lxb_attr(void *ptr, rx_lxb_attr_t *out)
{
    lxb_dom_attr_t *attr = (lxb_dom_attr_t *) ptr;
    size_t len = 0;
    const lxb_char_t *name;

    /* On SVG and MathML elements the spec's adjusted case (viewBox) is the
     * qualified name; the local name is lower case. */
    if (attr->owner != NULL && attr->owner->node.ns != LXB_NS_HTML
        && attr->node.prefix == 0) {
        name = lxb_dom_attr_qualified_name(attr, &len);
    } else {
        name = lxb_dom_attr_local_name(attr, &len);
    }

    out->ns = rx_ns(attr->node.ns);
    out->name_id = attr->node.local_name;
    out->name = name != NULL ? name : empty;
    out->name_len = name != NULL ? len : 0;
    out->prefix = empty;
    out->prefix_len = 0;
    if (attr->node.prefix != 0) {
        const lxb_ns_prefix_data_t *p =
            lxb_ns_prefix_data_by_id(attr->node.owner_document->prefix, attr->node.prefix);
        if (p != NULL) {
            out->prefix = lexbor_hash_entry_str(&p->entry);
            out->prefix_len = p->entry.length;
        }
    }
    set_str(attr->value, &out->value, &out->value_len);
    out->next = attr->next;
}
