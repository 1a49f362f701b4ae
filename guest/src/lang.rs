//! Language tags: normalisation of declared tags and detection via whatlang.

/// Normalises a declared language tag to BCP 47 casing (`en_US` -> `en-US`,
/// `ZH-hant-tw` -> `zh-Hant-TW`). Returns `None` when it does not look like a
/// language tag (the primary subtag must be 2-3 letters; other subtags 1-8
/// alphanumerics). Only the first tag of a comma-separated list is used.
pub(crate) fn normalize_tag(raw: &str) -> Option<String> {
    let first = raw.split(',').next()?.trim();
    // Drop a quality value (`en;q=0.8`).
    let first = first.split(';').next()?.trim();
    if first.is_empty() || first.len() > 35 {
        return None;
    }
    let mut out = String::with_capacity(first.len());
    for (i, sub) in first.split(['-', '_']).enumerate() {
        if sub.is_empty() || sub.len() > 8 || !sub.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        if i == 0 {
            if !(2..=3).contains(&sub.len()) || !sub.bytes().all(|b| b.is_ascii_alphabetic()) {
                return None;
            }
            out.push_str(&sub.to_ascii_lowercase());
            continue;
        }
        out.push('-');
        if sub.len() == 2 && sub.bytes().all(|b| b.is_ascii_alphabetic()) {
            out.push_str(&sub.to_ascii_uppercase());
        } else if sub.len() == 4 && sub.bytes().all(|b| b.is_ascii_alphabetic()) {
            let lower = sub.to_ascii_lowercase();
            let mut cs = lower.chars();
            if let Some(c) = cs.next() {
                out.push(c.to_ascii_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(&sub.to_ascii_lowercase());
        }
    }
    Some(out)
}

/// ISO 639-1 code for a whatlang (ISO 639-3) language, where one exists.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

/// Bytes of text given to the detector at most (detection cost is linear;
/// the first ~16 KiB are plenty to identify a language).
const DETECT_LIMIT: usize = 16 * 1024;

/// Detects the language of `text` with whatlang. Returns the ISO 639-1 code
/// (ISO 639-3 when there is none) only when whatlang reports the detection
/// as reliable.
pub(crate) fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(DETECT_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.trim().is_empty() {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(normalize_tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(normalize_tag("EN").as_deref(), Some("en"));
        assert_eq!(normalize_tag("pt-br").as_deref(), Some("pt-BR"));
        assert_eq!(normalize_tag("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(normalize_tag("de, en").as_deref(), Some("de"));
        assert_eq!(normalize_tag("english"), None);
        assert_eq!(normalize_tag(""), None);
        assert_eq!(normalize_tag("e"), None);
    }

    #[test]
    fn detection() {
        let fr = "Le gouvernement a annoncé mardi une série de mesures destinées à soutenir \
                  les ménages face à la hausse des prix de l'énergie pendant l'hiver prochain.";
        assert_eq!(detect(fr).as_deref(), Some("fr"));
        assert_eq!(detect("ok"), None);
    }
}
