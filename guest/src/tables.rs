//! Data tables and layout tables. A data table, decided as Readability.js
//! decides it (`_markDataTables`), becomes a Markdown table; in `text`
//! every table is one line per row with its cells separated by " | ",
//! except a layout table (not data, with paragraphs or other blocks in its
//! cells), which is unwrapped into its cells' paragraphs.

use crate::elements::{CONTAINER_BLOCKS, FURNITURE_ELEMENTS};
use dom_query::NodeRef;

/// A table with at least this many rows is data.
const DATA_MIN_ROWS: usize = 10;
/// A table with more than this many columns is data.
const DATA_MAX_LAYOUT_COLUMNS: usize = 4;
/// Otherwise a table with more than this many cells (rows x columns) is data.
const DATA_MIN_CELLS: usize = 10;
/// Descendants that only data tables have.
const DATA_ONLY_ELEMENTS: &[&str] = &["col", "colgroup", "tfoot", "thead", "th"];

/// Whether `table` (a `<table>` element) holds data rather than layout.
pub(crate) fn is_data_table(table: &NodeRef) -> bool {
    if attr_is(table, "role", "presentation") || attr_is(table, "datatable", "0") {
        return false;
    }
    if table.attr("summary").is_some_and(|s| !s.trim().is_empty()) {
        return true;
    }
    let mut nested = false;
    for d in table.descendants_it().filter(|d| d.is_element()) {
        if d.has_name("caption") && d.first_child().is_some() {
            return true;
        }
        if DATA_ONLY_ELEMENTS.iter().any(|n| d.has_name(n)) {
            return true;
        }
        nested |= d.has_name("table");
    }
    if nested {
        return false;
    }
    let (rows, columns) = rows_and_columns(table);
    if rows <= 1 || columns <= 1 {
        return false;
    }
    rows >= DATA_MIN_ROWS || columns > DATA_MAX_LAYOUT_COLUMNS || rows * columns > DATA_MIN_CELLS
}

/// Whether `table` is a layout table: not data, and a cell of its own
/// holds a block (a paragraph, a heading, a list, another table...).
pub(crate) fn is_layout_table(table: &NodeRef) -> bool {
    !is_data_table(table)
        && own_rows(table).iter().any(|tr| {
            tr.element_children()
                .iter()
                .any(|cell| cell.descendants_it().any(|d| layout_block(&d)))
        })
}

/// An element in a cell that makes a table that is not data a layout
/// table: a container block or page furniture.
fn layout_block(n: &NodeRef) -> bool {
    (CONTAINER_BLOCKS.iter().chain(FURNITURE_ELEMENTS)).any(|b| n.has_name(b))
}

fn attr_is(n: &NodeRef, name: &str, value: &str) -> bool {
    n.attr(name)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(value))
}

/// Rows (`rowspan` counted) and the widest row's columns (`colspan`
/// counted) of `table`, nested tables excluded.
fn rows_and_columns(table: &NodeRef) -> (usize, usize) {
    let (mut rows, mut columns) = (0, 0);
    for tr in own_rows(table) {
        rows += span(&tr, "rowspan");
        let cells = tr
            .element_children()
            .iter()
            .filter(|c| c.has_name("td") || c.has_name("th"))
            .map(|c| span(c, "colspan"))
            .sum();
        columns = usize::max(columns, cells);
    }
    (rows, columns)
}

/// A `rowspan`/`colspan` value: 1 when missing or not a number, at most 1000.
fn span(n: &NodeRef, attr: &str) -> usize {
    n.attr(attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(1, |v| v.clamp(1, 1000))
}

/// The rows of `table` itself: its `tr` children and those of its
/// `thead`/`tbody`/`tfoot`.
fn own_rows<'a>(table: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    for c in table.element_children() {
        if c.has_name("tr") {
            out.push(c);
        } else if c.has_name("thead") || c.has_name("tbody") || c.has_name("tfoot") {
            out.extend(
                c.element_children()
                    .into_iter()
                    .filter(|r| r.has_name("tr")),
            );
        }
    }
    out
}

/// Gives every data table below `roots` without header cells a header
/// row, its first row's cells becoming `th`, so that the Markdown converter
/// writes it as a table (it writes tables without `th`/`thead` as their
/// cells' paragraphs, which suits layout tables).
pub(crate) fn mark_header_rows(roots: &[NodeRef]) {
    for root in roots {
        let tables: Vec<NodeRef> = root
            .descendants_it()
            .filter(|d| d.has_name("table"))
            .collect();
        for t in tables {
            if has_header_cells(&t) || !is_data_table(&t) {
                continue;
            }
            if let Some(first) = own_rows(&t).first() {
                for cell in first.element_children() {
                    if cell.has_name("td") {
                        cell.rename("th");
                    }
                }
            }
        }
    }
}

fn has_header_cells(table: &NodeRef) -> bool {
    table
        .descendants_it()
        .any(|d| d.has_name("th") || d.has_name("thead"))
}

#[cfg(test)]
mod tests {
    use super::{is_data_table, is_layout_table};
    use dom_query::Document;

    fn grid(rows: usize, cols: usize) -> String {
        let row = format!("<tr>{}</tr>", "<td>x</td>".repeat(cols));
        format!("<table>{}</table>", row.repeat(rows))
    }

    #[test]
    fn data_or_layout() {
        let cases: Vec<(String, bool)> = vec![
            (grid(10, 2), true),
            (grid(2, 5), true),
            (grid(4, 3), true),
            (grid(3, 3), false),
            (grid(1, 8), false),
            (grid(20, 1), false),
            ("<table><tr><th>a</th><td>b</td></tr></table>".into(), true),
            (
                "<table><caption>Prices</caption><tr><td>a</td></tr></table>".into(),
                true,
            ),
            (
                "<table summary=\"Prices\"><tr><td>a</td></tr></table>".into(),
                true,
            ),
            (
                grid(10, 2).replace("<table>", "<table role=\"presentation\">"),
                false,
            ),
            (
                grid(10, 2).replace("<table>", "<table datatable=\"0\">"),
                false,
            ),
            (
                format!("<table><tr><td>{}</td><td>b</td></tr></table>", grid(10, 3)),
                false,
            ),
        ];
        for (html, data) in cases {
            let doc = Document::from(html.as_str());
            let table = doc.select("table").nodes()[0];
            assert_eq!(is_data_table(&table), data, "{html}");
        }
    }

    #[test]
    fn layout_tables_have_blocks_in_cells() {
        let cases: &[(&str, bool)] = &[
            ("<table><tr><td>Menu</td><td><p>Story</p></td></tr></table>", true),
            ("<table><tr><td><div><h1>T</h1></div></td></tr></table>", true),
            ("<table><tr><td>25 g</td><td>Butter</td></tr><tr><td>1 EL</td><td>Honig</td></tr></table>", false),
            ("<table><tr><th>Name</th></tr><tr><td><p>Long cell</p></td></tr></table>", false),
        ];
        for &(html, layout) in cases {
            let doc = Document::from(html);
            let table = doc.select("table").nodes()[0];
            assert_eq!(is_layout_table(&table), layout, "{html}");
        }
    }
}
