//! Element vocabularies shared by the passes (which elements are blocks,
//! which are page furniture by name), defined once.

/// Elements that start and end a paragraph of `text` (HTML's flow blocks,
/// table rows and media), sorted: the text walk asks for every element
/// ([`is_text_block`]).
pub(crate) const TEXT_BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "audio",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "noframes",
    "ol",
    "p",
    "picture",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
    "video",
];

/// Whether `name` (lower-case) is one of [`TEXT_BLOCKS`].
pub(crate) fn is_text_block(name: &str) -> bool {
    TEXT_BLOCKS.binary_search(&name).is_ok()
}

/// Blocks that hold text or other blocks: an element with none of them (nor
/// a list item) as a child is a leaf block; one of them in a table cell
/// makes a table that is not data a layout table.
pub(crate) const CONTAINER_BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "table",
    "blockquote",
    "pre",
    "section",
    "article",
    "figure",
    "header",
    "footer",
];

/// List items (of `ul`/`ol` and `dl`).
pub(crate) const LIST_ITEMS: &[&str] = &["li", "dd", "dt"];

/// Page chrome by element name: what sits beside, around or below the story.
pub(crate) const CHROME_ELEMENTS: &[&str] = &["aside", "nav", "footer"];

/// Page furniture by element name: the chrome, and forms.
pub(crate) const FURNITURE_ELEMENTS: &[&str] = &["aside", "nav", "footer", "form"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_blocks_are_sorted_for_the_binary_search() {
        assert!(TEXT_BLOCKS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_text_block("caption") && is_text_block("ul") && !is_text_block("span"));
    }

    #[test]
    fn the_vocabularies_nest() {
        for name in CONTAINER_BLOCKS.iter().chain(LIST_ITEMS) {
            assert!(
                TEXT_BLOCKS.contains(name),
                "{name} is a container but not a text block"
            );
        }
        for name in CHROME_ELEMENTS {
            assert!(FURNITURE_ELEMENTS.contains(name), "{name}");
        }
    }
}
