//! Element vocabularies shared by the passes (which elements are blocks,
//! which are page furniture by name), defined once.

/// Elements that start and end a paragraph of `text` (HTML's flow blocks,
/// table rows and media).
pub(crate) const TEXT_BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
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
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "caption",
    "ul",
    "legend",
    "video",
    "audio",
    "picture",
    "frameset",
    "noframes",
    "search",
    "tr",
];

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
