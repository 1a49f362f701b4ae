//! Small text helpers.

/// Collapses every run of whitespace to one space and trims the ends.
pub(crate) fn norm_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `norm_ws(&node.text())` when that has at most `max_chars` characters,
/// else `None`. Stops reading as soon as the text has more than `max_chars`
/// non-whitespace characters (those are kept by `norm_ws`), so asking a
/// large container for a short label costs little.
pub(crate) fn short_text(node: &dom_query::NodeRef, max_chars: usize) -> Option<String> {
    let mut raw = String::new();
    let mut solid = 0usize;
    for d in node.descendants_it() {
        if !d.is_text() {
            continue;
        }
        let t = d.text();
        solid += t.chars().filter(|c| !c.is_whitespace()).count();
        if solid > max_chars {
            return None;
        }
        raw.push_str(&t);
    }
    let text = norm_ws(&raw);
    (text.chars().count() <= max_chars).then_some(text)
}

/// `norm_ws`, and `None` when the result is empty.
pub(crate) fn clean(s: &str) -> Option<String> {
    let n = norm_ws(s);
    (!n.is_empty()).then_some(n)
}

/// Number of whitespace-separated words.
pub(crate) fn count_plain_words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Truncates `s` to at most `max` bytes at a char boundary.
pub(crate) fn truncate_at_char(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// True for characters of scripts written without spaces between words
/// (Han ideographs, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar), which are
/// counted one word per character.
pub(crate) fn is_cjk_like(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F  // CJK Extensions B-F, compatibility supplement
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0xFF66..=0xFF9F    // Half-width Katakana
        | 0x0E00..=0x0E7F    // Thai
        | 0x0E80..=0x0EFF    // Lao
        | 0x1780..=0x17FF    // Khmer
        | 0x1000..=0x109F    // Myanmar
    )
}

/// Word count: whitespace-separated tokens, except that every character of a
/// script written without spaces (see [`is_cjk_like`]) counts as one word.
/// `"Hello 世界"` counts 3.
pub(crate) fn count_words(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        if c.is_whitespace() {
            in_word = false;
        } else if is_cjk_like(c) {
            n += 1;
            in_word = false;
        } else if !in_word {
            n += 1;
            in_word = true;
        }
    }
    n
}

/// For tests that a module's list of its statics is complete: the names of
/// the statics of type `ty` defined in `source` (a module's text), and the
/// names in its `list` (`static LIST: &[&T] = &[&A, &B, ...];`), each sorted.
#[cfg(test)]
pub(crate) fn statics_and_list<'a>(
    source: &'a str,
    ty: &str,
    list: &str,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let source = &source[..source.find("#[cfg(test)]").unwrap_or(source.len())];
    let mut defined: Vec<&str> = source
        .lines()
        .filter_map(|l| l.split_once("static ").map(|(_, rest)| rest))
        .filter_map(|l| {
            l.split_once(": ")
                .filter(|(_, t)| t.starts_with(&format!("{ty} =")))
        })
        .map(|(name, _)| name)
        .collect();
    let start = source
        .find(&format!("static {list}: "))
        .expect("the list is defined");
    let block = &source[start..];
    let block = &block[block.find("= &[").expect("a slice")..block.find("];").expect("closed")];
    let mut listed: Vec<&str> = block
        .split(['&', ',', '[', '\n', ' '])
        .map(str::trim)
        .filter(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    defined.sort_unstable();
    listed.sort_unstable();
    (defined, listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(count_words("Hello  world\n\nagain"), 3);
        assert_eq!(count_words("Hello 世界"), 3);
        assert_eq!(count_words("日本語のテキスト"), 8);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_plain_words(" a b "), 2);
    }

    #[test]
    fn ws() {
        assert_eq!(norm_ws("  a \n\t b  "), "a b");
        assert_eq!(clean("  \n "), None);
        assert_eq!(truncate_at_char("héllo", 2), "h");
    }
}
