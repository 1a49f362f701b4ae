//! Error messages a server printed into the page: PHP's warnings and
//! notices (`<b>Warning</b>:  … in <b>/path/file.php</b> on line
//! <b>12</b><br />`, or the same as plain text).

use dom_query::{NodeData, NodeRef};

use super::vocab::{SERVER_ERROR_LEVELS, SERVER_ERROR_MAX_NODES};

/// Removes the runs of sibling nodes below `root` that make one server
/// error message ([`is_server_error`]).
pub(super) fn drop_server_errors(root: &NodeRef) {
    // Only the parents of a text that says "on line" can hold one.
    let mut parents: Vec<NodeRef> = root
        .descendants_it()
        .filter(|n| {
            n.query(
                |t| matches!(&t.data, NodeData::Text { contents } if contents.contains(" on line")),
            )
            .unwrap_or(false)
        })
        .filter_map(|n| n.parent())
        .collect();
    // A parent's texts need not be adjacent in document order.
    parents.sort_by_key(|p| p.id);
    parents.dedup_by_key(|p| p.id);
    let mut remove = Vec::new();
    for p in parents {
        let kids: Vec<NodeRef> = p.children_it(false).collect();
        let mut i = 0;
        while i < kids.len() {
            match error_run(&kids[i..]) {
                Some(len) => {
                    remove.extend_from_slice(&kids[i..i + len]);
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    for n in remove {
        n.remove_from_parent();
    }
}

/// How many of the first `nodes` (siblings) make one error message, if
/// they start one.
fn error_run(nodes: &[NodeRef]) -> Option<usize> {
    let first = nodes.first()?.text();
    let first = first.trim_start();
    if !SERVER_ERROR_LEVELS.iter().any(|l| first.starts_with(l)) {
        return None;
    }
    let mut text = String::new();
    for (k, n) in nodes.iter().take(SERVER_ERROR_MAX_NODES).enumerate() {
        if n.has_name("br") {
            return None;
        }
        text.push_str(&n.text());
        if is_server_error(&text) {
            return Some(k + 1);
        }
    }
    None
}

/// Whether `text` is one error message: a level ("Warning", "Notice",
/// "Deprecated", ...), a colon, the message, " in " a `.php` file and
/// " on line " a number, and nothing after it.
pub(super) fn is_server_error(text: &str) -> bool {
    let t = text.trim();
    let Some(rest) = SERVER_ERROR_LEVELS.iter().find_map(|l| t.strip_prefix(l)) else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    let Some((message, line)) = rest.rsplit_once(" on line ") else {
        return false;
    };
    let line = line.trim();
    !line.is_empty()
        && line.bytes().all(|b| b.is_ascii_digit())
        && message
            .rsplit_once(" in ")
            .is_some_and(|(_, path)| path.trim_end().contains(".php"))
}

#[cfg(test)]
mod tests {
    use super::is_server_error;

    #[test]
    fn server_errors() {
        let cases: &[(&str, bool)] = &[
            ("Warning:  Creating default object from empty value in /www/htdocs/wp-includes/classes.php on line 407", true),
            ("Deprecated: preg_replace(): The /e modifier is deprecated, use preg_replace_callback instead in /www/wp-includes/formatting.php on line 82", true),
            ("Notice: Undefined index: page in /var/www/html/index.php on line 12", true),
            ("Fatal error: Uncaught Error: Call to undefined function mysql_connect() in /srv/site/db.php:3 on line 3", true),
            ("PHP Warning:  include(): Failed opening 'x' in /a/b.php on line 5", true),
            // Prose that only looks like it.
            ("Warning: the bridge on line 4 of the railway is closed", false),
            ("Notice: the meeting in room 4 is moved on line 2", false),
            ("Warning: Creating default object in /a/b.php on line 407 and then the story goes on", false),
            ("The warning in /a/b.php on line 3", false),
            ("Warning", false),
        ];
        for &(text, expected) in cases {
            assert_eq!(is_server_error(text), expected, "{text}");
        }
    }
}
