//! Native tests of the extraction core on small pages written for the purpose.

use riptide_extractor_guest::{
    extract, extract_with_stats, health_check, info, normalize_date, reset_state, supported_modes,
    validate_html, Error, Mode,
};

const URL: &str = "https://example.com/news/story.html";

fn ok(html: &str, mode: Mode) -> riptide_extractor_guest::Content {
    extract(html, URL, &mode).unwrap_or_else(|e| panic!("extract failed: {e}"))
}

fn paras(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<p>Paragraph number {i} of the story explains in plenty of detail how the river \
                 flooded the valley, why the engineers were surprised, and what the town council \
                 decided to do about the old stone bridge afterwards.</p>"
            )
        })
        .collect()
}

fn article_page() -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><title>Flood story - Valley Times</title></head>
<body>
<nav class="menu"><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<header><div class="site-title">Valley Times</div></header>
<main><article>
<h1>Flood story</h1>
<h2>The night of the storm</h2>
{}
<p>Read the <a href="/reports/flood.pdf">full report</a> for the figures.</p>
</article></main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Other story A</a></li><li><a href="/b">Other story B</a></li></ul></aside>
<footer>Copyright Valley Times. All rights reserved.</footer>
</body></html>"#,
        paras(6)
    )
}

// ---------------------------------------------------------------- modes

#[test]
fn article_mode_extracts_main_content_only() {
    let c = ok(&article_page(), Mode::Article);
    assert!(
        c.text.contains("Paragraph number 0 of the story"),
        "{}",
        c.text
    );
    assert!(c.text.contains("Paragraph number 5 of the story"));
    assert!(
        !c.text.contains("Other story A"),
        "sidebar leaked: {}",
        c.text
    );
    assert!(!c.text.contains("Weather"), "nav leaked");
    assert!(!c.text.contains("All rights reserved"), "footer leaked");
    assert!(c.markdown.contains("Paragraph number 3"));
    assert!(
        c.markdown
            .contains("[full report](https://example.com/reports/flood.pdf)"),
        "{}",
        c.markdown
    );
    assert!(c
        .links
        .contains(&"https://example.com/reports/flood.pdf".to_string()));
    assert!(
        !c.links.contains(&"https://example.com/sport".to_string()),
        "{:?}",
        c.links
    );
    // Readability.js's title rule: a head of 4 words or fewer keeps its suffix.
    assert_eq!(c.title.as_deref(), Some("Flood story - Valley Times"));
    assert_eq!(c.language.as_deref(), Some("en"));
    assert!(c.word_count.unwrap() > 150);
    assert!(
        c.quality_score.unwrap() >= 60,
        "quality {:?}",
        c.quality_score
    );
}

#[test]
fn article_mode_falls_back_to_body_content() {
    let html = r#"<html><body><div><span>Just a short note: the shop opens at nine.</span></div></body></html>"#;
    let c = ok(html, Mode::Article);
    assert_eq!(c.text, "Just a short note: the shop opens at nine.");
    assert_eq!(c.word_count, Some(9));
}

#[test]
fn full_mode_keeps_visible_content_in_order_and_drops_hidden() {
    let html = r#"<html><head><title>T</title><style>p{color:red}</style></head><body>
<nav>Menu entry</nav>
<p>First visible.</p>
<script>var secret = "script text";</script>
<noscript>noscript text</noscript>
<template><p>template text</p></template>
<p hidden>hidden attr text</p>
<div aria-hidden="true">aria hidden text</div>
<div style="color: blue; DISPLAY : none">display none text</div>
<div style="visibility:hidden">invisible text</div>
<p>Second visible.</p>
<footer>Footer text</footer>
</body></html>"#;
    let c = ok(html, Mode::Full);
    assert_eq!(
        c.text,
        "Menu entry\n\nFirst visible.\n\nSecond visible.\n\nFooter text"
    );
    for bad in [
        "script text",
        "noscript",
        "template",
        "hidden attr",
        "aria hidden",
        "display none",
        "invisible",
        "color:red",
    ] {
        assert!(
            !c.markdown.contains(bad),
            "{bad} in markdown: {}",
            c.markdown
        );
    }
    assert!(c.markdown.contains("First visible.") && c.markdown.contains("Second visible."));
}

#[test]
fn metadata_mode_has_no_text_but_metadata_and_links() {
    let c = ok(&article_page(), Mode::Metadata);
    assert_eq!(c.text, "");
    assert_eq!(c.markdown, "");
    assert_eq!(c.word_count, None);
    assert_eq!(c.reading_time, None);
    assert_eq!(c.quality_score, None);
    assert_eq!(c.title.as_deref(), Some("Flood story - Valley Times"));
    assert_eq!(c.language.as_deref(), Some("en"));
    // All page links, in document order.
    assert_eq!(
        c.links,
        vec![
            "https://example.com/",
            "https://example.com/sport",
            "https://example.com/weather",
            "https://example.com/reports/flood.pdf",
            "https://example.com/a",
            "https://example.com/b",
        ]
    );
    // Description falls back to the first substantial paragraph.
    assert!(c
        .description
        .as_deref()
        .unwrap()
        .starts_with("Paragraph number 0"));
}

#[test]
fn custom_mode_document_order_nested_and_duplicates_once() {
    let html = r#"<html><body>
<div class="intro">Intro text</div>
<section id="s1"><p class="note">Note one</p><p>Plain one</p></section>
<p class="note">Note two</p>
<div class="outro">Outro text</div>
</body></html>"#;
    // Selectors given out of document order; `#s1` contains a `.note` match;
    // `.intro` is matched by two selectors.
    let sels = vec![
        ".outro".to_string(),
        ".note".to_string(),
        "#s1".to_string(),
        ".intro".to_string(),
        "div.intro".to_string(),
    ];
    let c = ok(html, Mode::Custom(sels));
    assert_eq!(
        c.text,
        "Intro text\n\nNote one\n\nPlain one\n\nNote two\n\nOutro text"
    );
    assert_eq!(c.markdown.matches("Note one").count(), 1, "{}", c.markdown);
    assert_eq!(c.markdown.matches("Intro text").count(), 1);
}

#[test]
fn custom_mode_rejects_invalid_and_empty_selectors() {
    let html = "<p>x</p>";
    match extract(html, URL, &Mode::Custom(vec!["p".into(), "div[".into()])) {
        Err(Error::UnsupportedMode(m)) => {
            assert!(m.contains("div["), "message should name the selector: {m}");
            assert!(
                m.contains("ends unexpectedly"),
                "message should say why: {m}"
            );
        }
        other => panic!("expected unsupported-mode, got {other:?}"),
    }
    match extract(html, URL, &Mode::Custom(vec![])) {
        Err(Error::UnsupportedMode(m)) => assert!(m.contains("at least one")),
        other => panic!("expected unsupported-mode, got {other:?}"),
    }
    assert!(matches!(
        extract(html, URL, &Mode::Custom(vec!["  ".into()])),
        Err(Error::UnsupportedMode(_))
    ));
    assert!(matches!(
        extract(html, URL, &Mode::Custom(vec![">>>".into()])),
        Err(Error::UnsupportedMode(_))
    ));
    assert!(matches!(
        extract(html, URL, &Mode::Custom(vec!["p:nosuchpseudo".into()])),
        Err(Error::UnsupportedMode(_))
    ));
}

#[test]
fn custom_mode_no_match_gives_empty_text() {
    let c = ok("<p>hello</p>", Mode::Custom(vec![".missing".into()]));
    assert_eq!(c.text, "");
    assert_eq!(c.word_count, Some(0));
    assert_eq!(c.reading_time, None);
}

// ---------------------------------------------------------------- metadata

#[test]
fn json_ld_object() {
    let html = r#"<html><head><title>Ignored - Site</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Headline from JSON-LD","description":"LD description",
 "author":{"@type":"Person","name":"Ada Lovelace"},
 "datePublished":"2023-11-02T08:15:00-05:00",
 "publisher":{"@type":"Organization","name":"LD Publisher"},
 "articleSection":"Science","keywords":["engines","Math"]}
</script></head><body><p>Body.</p></body></html>"#;
    let c = ok(html, Mode::Metadata);
    assert_eq!(c.title.as_deref(), Some("Headline from JSON-LD"));
    assert_eq!(c.byline.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        c.published_iso.as_deref(),
        Some("2023-11-02T08:15:00-05:00")
    );
    assert_eq!(c.site_name.as_deref(), Some("LD Publisher"));
    assert_eq!(c.description.as_deref(), Some("LD description"));
    assert_eq!(c.categories, vec!["Science", "engines", "Math"]);
}

#[test]
fn json_ld_graph_with_id_references_and_author_array() {
    let html = r#"<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","@id":"https://ex.org/#site","name":"Graph Site"},
 {"@type":"Person","@id":"https://ex.org/#p1","name":"Grace Hopper"},
 {"@type":"BlogPosting","headline":"Graph headline",
  "author":[{"@id":"https://ex.org/#p1"},{"@type":"Person","name":"Alan Turing"},"Barbara Liskov"],
  "datePublished":"2022-01-05"}
]}</script>
<script type="application/ld+json">this is not json</script>
</head><body><p>x</p></body></html>"#;
    let c = ok(html, Mode::Metadata);
    assert_eq!(c.title.as_deref(), Some("Graph headline"));
    assert_eq!(
        c.byline.as_deref(),
        Some("Grace Hopper, Alan Turing, Barbara Liskov")
    );
    assert_eq!(c.published_iso.as_deref(), Some("2022-01-05"));
    assert_eq!(c.site_name.as_deref(), Some("Graph Site"));
}

#[test]
fn json_ld_top_level_array() {
    let html = r#"<html><head><script type="application/ld+json">[
 {"@type":"Organization","name":"Org"},
 {"@type":"Article","headline":"Array headline","author":"Someone Real"}]</script></head><body></body></html>"#;
    let c = ok(html, Mode::Metadata);
    assert_eq!(c.title.as_deref(), Some("Array headline"));
    assert_eq!(c.byline.as_deref(), Some("Someone Real"));
}

#[test]
fn opengraph_and_twitter() {
    let html = r#"<html><head>
<title>HTML title | OG Site</title>
<meta property="og:title" content="OG title | OG Site">
<meta property="og:site_name" content="OG Site">
<meta property="og:description" content="OG description">
<meta name="twitter:description" content="Twitter description">
<meta property="og:image" content="/img/lead.jpg">
<meta property="og:locale" content="en_US">
<meta property="og:url" content="https://example.com/canonical-story">
</head><body><p>Text.</p></body></html>"#;
    let c = ok(html, Mode::Metadata);
    // og:title is used as given (as Readability.js does).
    assert_eq!(c.title.as_deref(), Some("OG title | OG Site"));
    assert_eq!(c.site_name.as_deref(), Some("OG Site"));
    assert_eq!(c.description.as_deref(), Some("OG description"));
    assert_eq!(c.media, vec!["https://example.com/img/lead.jpg"]);
    assert_eq!(c.language.as_deref(), Some("en-US"));
    // An empty URL from the caller is replaced by the canonical one.
    let c = extract(html, "", &Mode::Metadata).unwrap();
    assert_eq!(c.url, "https://example.com/canonical-story");
    let c = extract(html, URL, &Mode::Metadata).unwrap();
    assert_eq!(c.url, URL);
}

#[test]
fn microdata_itemprop_author_and_date() {
    let html = r#"<html><body><article itemscope itemtype="https://schema.org/Article">
<h1 itemprop="headline">Microdata story</h1>
<span itemprop="author" itemscope itemtype="https://schema.org/Person">by <span itemprop="name">Tim Berners-Lee</span></span>
<time itemprop="datePublished" datetime="2021-06-01T12:00:00+02:00">June 1</time>
<p>Text.</p></article></body></html>"#;
    let c = ok(html, Mode::Metadata);
    assert_eq!(c.title.as_deref(), Some("Microdata story"));
    assert_eq!(c.byline.as_deref(), Some("Tim Berners-Lee"));
    assert_eq!(
        c.published_iso.as_deref(),
        Some("2021-06-01T12:00:00+02:00")
    );
}

#[test]
fn time_datetime_fallback_and_normalisation() {
    let html = r#"<html><body><p>Posted <time datetime="2020-02-29T23:59:59.500+0530">late</time></p></body></html>"#;
    assert_eq!(
        ok(html, Mode::Metadata).published_iso.as_deref(),
        Some("2020-02-29T23:59:59.500+05:30")
    );
    let html = r#"<html><head><meta name="date" content="2019-07-04T10:00:00Z"></head><body></body></html>"#;
    assert_eq!(
        ok(html, Mode::Metadata).published_iso.as_deref(),
        Some("2019-07-04T10:00:00Z")
    );
    let html = r#"<html><head><meta property="article:published_time" content="not a date">
<meta name="sailthru.date" content="2018-03-01 09:30:00"></head><body></body></html>"#;
    assert_eq!(
        ok(html, Mode::Metadata).published_iso.as_deref(),
        Some("2018-03-01T09:30:00")
    );
    let html = r#"<html><head><meta property="article:published_time" content="garbage"></head><body></body></html>"#;
    assert_eq!(ok(html, Mode::Metadata).published_iso, None);
}

#[test]
fn date_normalisation_public_helper() {
    assert_eq!(
        normalize_date("2024-03-05T10:20:00+01:00").as_deref(),
        Some("2024-03-05T10:20:00+01:00")
    );
    assert_eq!(
        normalize_date("2024-03-05T09:20:00.000Z").as_deref(),
        Some("2024-03-05T09:20:00.000Z")
    );
    assert_eq!(normalize_date("2024-03-05").as_deref(), Some("2024-03-05"));
    assert_eq!(
        normalize_date("Thu, 07 Mar 2024 18:00:00 -0800").as_deref(),
        Some("2024-03-07T18:00:00-08:00")
    );
    assert_eq!(normalize_date("sometime"), None);
}

#[test]
fn byline_sources() {
    let meta =
        r#"<html><head><meta name="author" content="Meta Author"></head><body></body></html>"#;
    assert_eq!(
        ok(meta, Mode::Metadata).byline.as_deref(),
        Some("Meta Author")
    );
    let url_author = r#"<html><head><meta property="article:author" content="https://facebook.com/someone"></head>
<body><a rel="author" href="/people/kim">Kim Park</a></body></html>"#;
    assert_eq!(
        ok(url_author, Mode::Metadata).byline.as_deref(),
        Some("Kim Park")
    );
    let class = r#"<html><body><aside><span class="author">Sidebar Person</span></aside>
<div class="post-byline">By   Jo   Smith</div><p>x</p></body></html>"#;
    assert_eq!(
        ok(class, Mode::Metadata).byline.as_deref(),
        Some("Jo Smith")
    );
}

#[test]
fn article_bylines_skip_page_furniture() {
    let para = "<p>Readable article text that is long enough to be the main content of the page, with several sentences of prose. It goes on for a while so that readability accepts it as an article.</p>";
    let body = para.repeat(6);
    // "Posted by" in a post footer and a comment author: not the article's byline.
    let footer = format!(
        r#"<html><body><article><h1>Title</h1>{body}</article><div class="post-footer"><span class="post-author">Posted by Blog Owner</span></div>
<div id="comments"><span class="comment-author">Commenter</span></div></body></html>"#
    );
    assert_eq!(ok(&footer, Mode::Article).byline, None);
    // A byline in the article header is.
    let header = format!(
        r#"<html><body><article><h1>Title</h1><p class="byline">By Dana Writer</p>{body}</article></body></html>"#
    );
    assert_eq!(
        ok(&header, Mode::Article).byline.as_deref(),
        Some("By Dana Writer")
    );
    // Metadata wins over both.
    let meta = format!(
        r#"<html><head><meta name="author" content="Meta Author"></head><body><article><h1>Title</h1><p class="byline">By Dana Writer</p>{body}</article></body></html>"#
    );
    assert_eq!(
        ok(&meta, Mode::Article).byline.as_deref(),
        Some("Meta Author")
    );
}

#[test]
fn title_suffix_removal() {
    // Readability.js's rules: the part before the last separator when it has
    // more than 4 words; shorter heads keep the whole <title>.
    for (title, expected) in [
        (
            "Local elections results announced today - The Daily Planet",
            "Local elections results announced today",
        ),
        (
            "Local elections results announced today | The Daily Planet",
            "Local elections results announced today",
        ),
        (
            "Local elections results announced - The Daily Planet",
            "Local elections results announced - The Daily Planet",
        ),
        ("Quarterly report", "Quarterly report"),
    ] {
        let html = format!("<html><head><title>{title}</title></head><body><p>x</p></body></html>");
        assert_eq!(
            ok(&html, Mode::Metadata).title.as_deref(),
            Some(expected),
            "{title}"
        );
        assert_eq!(
            ok(&html, Mode::Article).title.as_deref(),
            Some(expected),
            "{title}"
        );
    }
    // The suffix is the page's <h1> (a site header): it is the site name.
    let html = r#"<html><head><title>Variables and Mutability - The Rust Programming Language</title></head>
<body><h1 class="menu-title">The Rust Programming Language</h1><h2>Variables and Mutability</h2><p>x</p></body></html>"#;
    assert_eq!(
        ok(html, Mode::Metadata).title.as_deref(),
        Some("Variables and Mutability")
    );
    // No <title>: first h1.
    let html = "<html><body><h1> Only   heading </h1></body></html>";
    assert_eq!(
        ok(html, Mode::Metadata).title.as_deref(),
        Some("Only heading")
    );
}

#[test]
fn language_from_attr_and_detection() {
    let html = r#"<html lang="pt_br"><body><p>Olá</p></body></html>"#;
    assert_eq!(ok(html, Mode::Full).language.as_deref(), Some("pt-BR"));
    let html = r#"<html><head><meta http-equiv="content-language" content="de-AT"></head><body><p>x</p></body></html>"#;
    assert_eq!(ok(html, Mode::Full).language.as_deref(), Some("de-AT"));
    let german = "<html><body><p>Die Bundesregierung hat am Dienstag ein umfangreiches Paket von Maßnahmen \
        beschlossen, mit dem die Haushalte bei den steigenden Energiepreisen entlastet werden sollen. \
        Die Opposition kritisierte die Pläne als unzureichend und forderte weitere Hilfen.</p></body></html>";
    assert_eq!(ok(german, Mode::Full).language.as_deref(), Some("de"));
    // Too little text to be reliable: no guess.
    assert_eq!(
        ok("<html><body><p>ok</p></body></html>", Mode::Full).language,
        None
    );
}

#[test]
fn categories_dedup_and_order() {
    let html = r#"<html><head>
<meta property="article:section" content="Politics">
<meta property="article:tag" content="Elections">
<meta property="article:tag" content=" Budget ">
<meta name="keywords" content="elections, taxes,  , Budget,health">
<script type="application/ld+json">{"@type":"Article","headline":"h","articleSection":["Politics","Economy"],"keywords":"taxes, local"}</script>
</head><body></body></html>"#;
    assert_eq!(
        ok(html, Mode::Metadata).categories,
        vec![
            "Politics",
            "Elections",
            "Budget",
            "taxes",
            "health",
            "Economy",
            "local"
        ]
    );
}

// ---------------------------------------------------------------- URLs

#[test]
fn relative_urls_with_base_href() {
    let html = r##"<html><head><base href="/assets/v2/"></head><body>
<p><a href="page.html">rel</a> <a href="/root">root</a> <a href="https://other.org/x">abs</a>
<a href="#section">frag</a> <a href="javascript:void(0)">js</a> <a href="mailto:me@example.com">mail</a>
<a href="page.html">dup</a> <a href="//cdn.example.net/y">proto-rel</a></p>
<img src="pic.png" srcset="pic-small.png 320w, pic-large.png 1280w">
<img src="data:image/gif;base64,R0lGOD" data-src="lazy.jpg">
<video src="clip.mp4" poster="poster.jpg"><source src="clip.webm"></video>
<audio src="sound.mp3"></audio>
</body></html>"##;
    let c = ok(html, Mode::Full);
    assert_eq!(
        c.links,
        vec![
            "https://example.com/assets/v2/page.html",
            "https://example.com/root",
            "https://other.org/x",
            "mailto:me@example.com",
            "https://cdn.example.net/y",
        ]
    );
    assert_eq!(
        c.media,
        vec![
            "https://example.com/assets/v2/pic.png",
            "https://example.com/assets/v2/pic-large.png",
            "https://example.com/assets/v2/lazy.jpg",
            "https://example.com/assets/v2/clip.mp4",
            "https://example.com/assets/v2/poster.jpg",
            "https://example.com/assets/v2/clip.webm",
            "https://example.com/assets/v2/sound.mp3",
        ]
    );
    // Markdown uses the absolute URLs too.
    assert!(
        c.markdown
            .contains("(https://example.com/assets/v2/page.html)"),
        "{}",
        c.markdown
    );
    assert!(
        c.markdown
            .contains("https://example.com/assets/v2/lazy.jpg"),
        "{}",
        c.markdown
    );
    assert!(!c.markdown.contains("javascript:"));
}

#[test]
fn relative_or_invalid_page_url_does_not_fail() {
    let html = r#"<html><body><p><a href="rel.html">r</a> <a href="https://abs.example/z">a</a></p><img src="i.png"></body></html>"#;
    for url in ["", "not a url", "/relative/path.html"] {
        let c = extract(html, url, &Mode::Full).unwrap();
        assert_eq!(c.links, vec!["https://abs.example/z"], "url {url:?}");
        assert!(c.media.is_empty());
        assert_eq!(c.text, "r a");
    }
}

// ---------------------------------------------------------------- text and markdown

#[test]
fn text_paragraphs_separated_by_blank_lines() {
    let html = "<html><body><h2>Title   here</h2><p>First\n   paragraph <b>bold</b> and <i>it</i>alic.</p>\
        <div>Second<br>line two</div><ul><li>one</li><li>two</li></ul>\
        <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table></body></html>";
    let c = ok(html, Mode::Full);
    assert_eq!(
        c.text,
        "Title here\n\nFirst paragraph bold and italic.\n\nSecond\nline two\n\none\n\ntwo\n\nA | B\n1 | 2"
    );
}

#[test]
fn markdown_keeps_structure() {
    let html = r#"<html><body>
<h1>Main heading</h1><h2>Sub heading</h2>
<p>Some <strong>strong</strong> and <em>emphasis</em> with a <a href="/link">link</a>.</p>
<ul><li>apple</li><li>pear</li></ul>
<ol><li>first</li><li>second</li></ol>
<pre><code class="language-rust">fn main() {
    println!("hi");
}</code></pre>
<table><thead><tr><th>Name</th><th>Age</th></tr></thead><tbody><tr><td>Ann</td><td>31</td></tr></tbody></table>
<img src="/i.png" alt="An image">
</body></html>"#;
    let md = ok(html, Mode::Full).markdown;
    assert!(md.contains("# Main heading"), "{md}");
    assert!(md.contains("## Sub heading"));
    assert!(md.contains("**strong**"));
    assert!(md.contains("*emphasis*") || md.contains("_emphasis_"));
    assert!(md.contains("[link](https://example.com/link)"));
    assert!(
        md.lines()
            .any(|l| l.starts_with('*') && l.contains("apple")),
        "{md}"
    );
    assert!(
        md.lines()
            .any(|l| l.starts_with("1.") && l.contains("first")),
        "{md}"
    );
    assert!(
        md.contains("```rust\nfn main() {\n    println!(\"hi\");\n}\n```"),
        "{md}"
    );
    let row = |cells: &[&str]| {
        md.lines().any(|l| {
            let got: Vec<&str> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            got == cells
        })
    };
    assert!(row(&["Name", "Age"]), "{md}");
    assert!(row(&["Ann", "31"]), "{md}");
    assert!(
        md.contains("![An image](https://example.com/i.png)"),
        "{md}"
    );
}

#[test]
fn word_count_reading_time_and_cjk() {
    let words: String = (0..401).map(|i| format!("w{i} ")).collect();
    let c = ok(
        &format!("<html><body><p>{words}</p></body></html>"),
        Mode::Full,
    );
    assert_eq!(c.word_count, Some(401));
    assert_eq!(c.reading_time, Some(3));
    let c = ok(
        "<html><body><p>今日は良い天気です</p></body></html>",
        Mode::Full,
    );
    assert_eq!(c.word_count, Some(9));
    assert_eq!(c.reading_time, Some(1));
}

#[test]
fn quality_prefers_articles_over_link_lists() {
    let article = ok(&article_page(), Mode::Article).quality_score.unwrap();
    let links: String = (0..40)
        .map(|i| format!("<li><a href=\"/l{i}\">Link number {i}</a></li>"))
        .collect();
    let nav_page = format!("<html><body><ul>{links}</ul></body></html>");
    let nav = ok(&nav_page, Mode::Full).quality_score.unwrap();
    assert!(article > nav + 30, "article {article} vs link list {nav}");
    assert!(article <= 100);
}

// ---------------------------------------------------------------- errors, robustness, other exports

#[test]
fn empty_input_is_invalid_html() {
    for html in ["", "   \n\t  "] {
        for mode in [
            Mode::Article,
            Mode::Full,
            Mode::Metadata,
            Mode::Custom(vec!["p".into()]),
        ] {
            assert_eq!(
                extract(html, URL, &mode),
                Err(Error::InvalidHtml("empty document".into()))
            );
        }
    }
}

#[test]
fn malformed_input_never_panics() {
    let mut inputs: Vec<String> = vec![
        "<".into(),
        "<<<>>>".into(),
        "<html><body><p>unclosed <b>bold <i>both".into(),
        "</div></div></p>text after closers".into(),
        "<table><tr><td>cell<table><td>nested".into(),
        "\u{0}\u{1}\u{fffd} binary-ish \u{7f}".into(),
        "<a href=\"http://[::1\">bad url</a><img src=\"http://%zz\">".into(),
        "<script type=\"application/ld+json\">{\"@graph\":[[[[[[[[[[{}]]]]]]]]]]}</script>".into(),
        "<meta property=\"article:published_time\" content=\"9999999-99-99\"><time datetime=\"💥\">x</time>".into(),
        "<title>青网校园崔宁宁</title><div class=\"author\">青网校园崔宁宁</div>".into(),
        "<base href=\"javascript:alert(1)\"><a href=\"x\">x</a>".into(),
    ];
    inputs.push(format!(
        "{}deep{}",
        "<div>".repeat(3000),
        "</div>".repeat(3000)
    ));
    inputs.push(format!("{}deep", "<span><b>".repeat(2000)));
    for html in &inputs {
        for mode in [
            Mode::Article,
            Mode::Full,
            Mode::Metadata,
            Mode::Custom(vec!["div, p".into()]),
        ] {
            let r = extract(html, URL, &mode);
            assert!(
                !matches!(r, Err(Error::InternalError(_))),
                "{mode:?} on {:?}: {r:?}",
                &html[..html.len().min(60)]
            );
        }
        assert!(validate_html(html).is_ok());
    }
}

#[test]
fn no_state_between_calls() {
    let a = r#"<html lang="fr"><head><title>Page A title</title><meta name="author" content="Author A">
<meta name="keywords" content="alpha"></head><body><p><a href="/a">A</a></p></body></html>"#;
    let b = "<html><body><p>Page B</p></body></html>";
    let ca = ok(a, Mode::Full);
    assert_eq!(ca.byline.as_deref(), Some("Author A"));
    let cb = ok(b, Mode::Full);
    assert_eq!(cb.title, None);
    assert_eq!(cb.byline, None);
    assert!(cb.categories.is_empty());
    assert!(cb.links.is_empty());
    assert_eq!(cb.language, None);
    // Same input, same output.
    assert_eq!(ok(a, Mode::Full), ca);
}

#[test]
fn stats_are_reported() {
    let (c, s) = extract_with_stats(&article_page(), URL, &Mode::Article).unwrap();
    assert!(s.nodes_processed.unwrap() > 50);
    assert_eq!(s.links_found as usize, c.links.len());
    assert_eq!(s.images_found as usize, c.media.len());
    assert!(matches!(
        extract_with_stats("", URL, &Mode::Article),
        Err(Error::InvalidHtml(_))
    ));
}

#[test]
fn validate_html_checks_for_body_content() {
    assert_eq!(
        validate_html("<html><body><p>Hello</p></body></html>"),
        Ok(true)
    );
    assert_eq!(validate_html("<img src=x>"), Ok(true));
    assert_eq!(
        validate_html(
            "<html><head><title>t</title></head><body>  <script>x()</script> </body></html>"
        ),
        Ok(false)
    );
    assert_eq!(validate_html(""), Ok(false));
}

#[test]
fn health_info_modes_reset() {
    let h = health_check();
    assert!(h.probe_ok, "{h:?}");
    assert_eq!(h.status, "healthy");
    assert_eq!(h.version, env!("CARGO_PKG_VERSION"));
    let i = info();
    assert_eq!(
        i.supported_modes,
        vec!["article", "full", "metadata", "custom"]
    );
    assert_eq!(supported_modes(), i.supported_modes);
    assert!(!i.features.is_empty());
    assert!(reset_state().contains("nothing to reset"));
}

#[test]
fn icon_only_links_are_listed_but_not_in_markdown() {
    let html = r#"<html><body><p>Share: <a href="/share"><i class="icon"></i></a> <a href="/read">read more</a></p></body></html>"#;
    let c = ok(html, Mode::Full);
    assert_eq!(
        c.links,
        vec!["https://example.com/share", "https://example.com/read"]
    );
    assert!(!c.markdown.contains("[]("), "{}", c.markdown);
    assert!(c.markdown.contains("[read more](https://example.com/read)"));
}

#[test]
fn pathological_nesting_is_flattened_not_fatal() {
    let html = format!(
        "<html><body>{}<p>deep <a href=\"/x\">text</a></p>{}</body></html>",
        "<div>".repeat(1500),
        "</div>".repeat(1500)
    );
    for mode in [
        Mode::Article,
        Mode::Full,
        Mode::Custom(vec!["p".into(), "div".into()]),
    ] {
        let c = extract(&html, URL, &mode).unwrap();
        assert_eq!(c.text, "deep text", "{mode:?}");
    }
    let (_, stats) = extract_with_stats(&html, URL, &Mode::Metadata).unwrap();
    assert!(stats.nodes_processed.unwrap() > 1500);
    // Nesting below the limit keeps its structure (and its links).
    let html = format!(
        "<html><body>{}<p>deep <a href=\"/x\">text</a></p>{}</body></html>",
        "<div>".repeat(150),
        "</div>".repeat(150)
    );
    let c = extract(&html, URL, &Mode::Full).unwrap();
    assert_eq!(c.links, vec!["https://example.com/x"]);
    assert!(c.markdown.contains("[text](https://example.com/x)"));
}

#[test]
fn double_encoded_meta_entities_are_decoded() {
    let html = r#"<html><head><meta name="description" content="Say &amp;quot;hi&amp;quot; &amp;amp; wave"></head><body></body></html>"#;
    assert_eq!(
        ok(html, Mode::Metadata).description.as_deref(),
        Some("Say \"hi\" & wave")
    );
}

#[test]
fn dublin_core_and_parsely_metadata() {
    let html = r#"<html><head>
<meta name="DC.title" content="DC Title">
<meta name="DC.creator" content="DC Creator">
<meta name="DC.date" content="2017-05-06">
<meta name="parsely-tags" content="one,two">
</head><body></body></html>"#;
    let c = ok(html, Mode::Metadata);
    assert_eq!(c.title.as_deref(), Some("DC Title"));
    assert_eq!(c.byline.as_deref(), Some("DC Creator"));
    assert_eq!(c.published_iso.as_deref(), Some("2017-05-06"));
    assert_eq!(c.categories, vec!["one", "two"]);
}

// ------------------------------------------------- boilerplate and quality

fn story(extra_inside: &str, extra_after: &str) -> String {
    format!(
        r#"<html lang="en"><head><title>Bridge story</title></head><body>
<article><h1>Bridge story</h1>{}{extra_inside}{}{extra_after}</article></body></html>"#,
        paras(4),
        paras(8).replace("Paragraph number", "Later paragraph number")
    )
}

#[test]
fn article_mode_drops_share_bars_newsletters_and_related_boxes() {
    let html = story(
        r#"<div class="share-buttons"><a href="/s/fb">Share on Facebook</a> <a href="/s/tw">Tweet this story</a></div>
<section class="newsletter-signup"><h4>Newsletter</h4><p>Get our daily newsletter in your inbox every morning</p></section>
<div id="related-articles"><a href="/r1">Another bridge falls down</a></div>
<div class="comments"><p>Great article, thanks for writing it!</p></div>
<div class="kommentarModul"><p>Sie sind aktuell nicht eingeloggt.</p><p>Bitte melden Sie sich an.</p></div>
<div class="caja-comentarios"><p>Deja tu opinión sobre esta nota</p><p>Tu comentario será revisado.</p></div>"#,
        "",
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Later paragraph number 7"), "{}", c.text);
    for bad in [
        "Share on Facebook",
        "daily newsletter",
        "Another bridge falls",
        "Great article",
        "nicht eingeloggt",
        "Deja tu opinión",
    ] {
        assert!(!c.text.contains(bad), "{bad} kept: {}", c.text);
        assert!(!c.markdown.contains(bad), "{bad} kept in markdown");
    }
}

#[test]
fn boilerplate_class_on_the_main_wrapper_does_not_remove_the_article() {
    // `has-comments` names a boilerplate word, but the element holds the text.
    let html = format!(
        r#"<html><body><div class="post-content has-comments share-enabled">{}</div></body></html>"#,
        paras(6)
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("Paragraph number 0") && c.text.contains("Paragraph number 5"),
        "{}",
        c.text
    );
}

#[test]
fn heading_slug_ids_are_not_boilerplate_classes() {
    let html = format!(
        r#"<html><body><article><h1>Guide</h1>{}<div class="section" id="sharing-with-a-single-developer">
<h2>Sharing with a single developer</h2>{}</div></article></body></html>"#,
        paras(3),
        paras(3)
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("Sharing with a single developer"),
        "{}",
        c.text
    );
}

#[test]
fn a_labelled_box_of_links_goes_wherever_it_stands() {
    // Early in the story (before the trailer's share), only the box goes.
    let html = story(
        r#"<p>As the council explained, the repairs will take the whole summer and the <a href="/detour">detour</a> stays open.</p><article class="more"><div class="h3">Mehr zum Thema</div><ul><li><a href="/a">Corona und Kinderbetreuung: Wer zahlt, wenn Eltern ihre Kinder zuhause betreuen?</a></li><li><a href="/b">Krankmeldung: Diese Rechte haben Arbeitgeber, wenn Mitarbeiter krank sind</a></li></ul></article>"#,
        "",
    );
    let c = ok(&html, Mode::Article);
    assert!(
        !c.text.contains("Mehr zum Thema") && !c.text.contains("Wer zahlt"),
        "{}",
        c.text
    );
    assert!(
        c.text.contains("Paragraph number 0") && c.text.contains("Later paragraph number 7"),
        "{}",
        c.text
    );
}

#[test]
fn a_paywall_prompt_goes_with_the_rest_of_the_gate() {
    let html = format!(
        r#"<html lang="en"><head><title>Bridge story</title></head><body>
<article><h1>Bridge story</h1>{}<p>To view the full story, please subscribe to <a href="/s">The Valley Times</a>. You can choose an annual subscription.</p>
<p>When you join the Valley Times family, you get unlimited digital access to our journalism about the valley and the people who live there.</p>
<p>If you are seeing this message but you are already a subscriber, you can log in.</p></article></body></html>"#,
        paras(3)
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Paragraph number 2"), "{}", c.text);
    assert!(
        !c.text.contains("full story") && !c.text.contains("unlimited digital access"),
        "{}",
        c.text
    );
}

#[test]
fn precision_trims_short_trailing_sentences_too() {
    use riptide_extractor_guest::{extract_with_options, Favor, Options};
    let html = story("", "<p>Thanks for reading.</p><p>See you next week.</p>");
    for (favor, kept) in [(Favor::Balanced, true), (Favor::Precision, false)] {
        let options = Options {
            favor,
            ..Options::default()
        };
        let (c, _) = extract_with_options(&html, URL, &Mode::Article, options).unwrap();
        assert!(c.text.contains("Later paragraph number 7"), "{}", c.text);
        assert_eq!(
            c.text.contains("Thanks for reading."),
            kept,
            "{favor:?}: {}",
            c.text
        );
        assert_eq!(
            c.text.contains("See you next week."),
            kept,
            "{favor:?}: {}",
            c.text
        );
    }
}

#[test]
fn trailing_related_section_and_teaser_lines_are_cut() {
    let html = story(
        "",
        r#"<h3>Lesen Sie auch</h3><ul><li><a href="/x">Neue Brücke eröffnet</a></li></ul><p>Noch ein Satz danach.</p>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Later paragraph number 7"));
    assert!(
        !c.text.contains("Lesen Sie auch") && !c.text.contains("Neue Brücke"),
        "{}",
        c.text
    );
    let html = story(
        "",
        r#"<p>Related: <a href="/y">How the old bridge was built</a></p><p>The council meets again in May.</p>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(
        !c.text.contains("How the old bridge was built"),
        "{}",
        c.text
    );
    assert!(
        c.text.contains("The council meets again in May."),
        "{}",
        c.text
    );
    let html = story(
        "",
        r#"<h4>Meistgelesene Artikel</h4><p><a href="/z">Schnee legt Solaranlagen lahm</a></p><p>Ein Satz.</p>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(
        !c.text.contains("Meistgelesene") && !c.text.contains("Solaranlagen"),
        "{}",
        c.text
    );
    let html = story(
        "",
        r#"<h2>Kommentieren</h2><h3>Sie müssen sich <a href="/login">einloggen</a>, um sich an einer Diskussion beteiligen zu können.</h3><p>Die Redaktion moderiert werktags.</p>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(
        !c.text.contains("Kommentieren") && !c.text.contains("Diskussion beteiligen"),
        "{}",
        c.text
    );
    for label in ["Zum Weiterlesen:", "Auch lesen:", "Źródło:"] {
        let html = story(
            "",
            &format!(
                r#"<p><strong>{label}</strong></p><ul><li><a href="/w">Wie Teams besser streiten</a></li></ul><p>Noch ein Satz danach.</p>"#
            ),
        );
        let c = ok(&html, Mode::Article);
        assert!(
            !c.text.contains(label) && !c.text.contains("besser streiten"),
            "{label}: {}",
            c.text
        );
    }
    // Early in the text, such a label is content.
    let html = format!(
        "<html><body><article><h2>Related work</h2>{}</article></body></html>",
        paras(8)
    );
    assert!(ok(&html, Mode::Article).text.contains("Related work"));
}

#[test]
fn photo_credits_are_dropped_but_captions_kept() {
    let html = story(
        r#"<figure><img src="/a.jpg"><figcaption>Foto: dpa/Max Mustermann</figcaption></figure>
<figure><img src="/b.jpg"><figcaption>The old stone bridge seen from the river bank at dawn</figcaption></figure>
<p><span class="image-credit">Jane Doe for The Paper</span></p>"#,
        "",
    );
    let c = ok(&html, Mode::Article);
    assert!(!c.text.contains("dpa/Max"), "{}", c.text);
    assert!(!c.text.contains("Jane Doe for The Paper"), "{}", c.text);
    assert!(
        c.text
            .contains("The old stone bridge seen from the river bank"),
        "{}",
        c.text
    );
}

#[test]
fn soft_hyphens_and_zero_width_spaces_are_not_text() {
    let html = "<html><body><p>Kon\u{ad}struk\u{ad}tion und Brü\u{200b}cke</p></body></html>";
    assert_eq!(ok(html, Mode::Full).text, "Konstruktion und Brücke");
}

#[test]
fn short_article_beats_a_long_page_of_furniture() {
    // Readability finds a short post; the rest of the page is a blog's
    // archive lists. The post wins over the (longer) body baseline.
    let archive: String = (0..60)
        .map(|i| format!("<li><a href=\"/{i}\">Archive month {i}</a></li>"))
        .collect();
    let html = format!(
        r#"<html><body><div id="sidebar"><ul>{archive}</ul></div>
<div class="post"><h2>Monday</h2><div class="entry"><p>Went to the lake today with the dog. The water was cold, the sun was warm and the ducks were loud.</p>
<p>On the way back we stopped at the bakery and the dog got a biscuit too.</p></div></div></body></html>"#
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Went to the lake today"), "{}", c.text);
    assert!(!c.text.contains("Archive month 30"), "{}", c.text);
}

#[test]
fn readability_metadata_rules_decide_between_sources() {
    // JSON-LD headline/author/publisher win over the meta tags; the excerpt
    // is the meta description; invalid character references become U+FFFD.
    let html = format!(
        r#"<html><head><title>Ignored title | Site</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"The JSON-LD headline",
"author":{{"@type":"Person","name":"Lee Writer"}},"publisher":{{"@type":"Organization","name":"LD Publisher"}},
"datePublished":"2021-06-01T08:00:00Z"}}</script>
<meta name="author" content="Meta Author">
<meta name="description" content="Bad &#xFFFFFFFF; ref">
</head><body><article>{}</article></body></html>"#,
        paras(6)
    );
    let c = ok(&html, Mode::Article);
    assert_eq!(c.title.as_deref(), Some("The JSON-LD headline"));
    assert_eq!(c.byline.as_deref(), Some("Lee Writer"));
    assert_eq!(c.site_name.as_deref(), Some("LD Publisher"));
    assert_eq!(c.published_iso.as_deref(), Some("2021-06-01T08:00:00Z"));
    assert_eq!(c.description.as_deref(), Some("Bad \u{fffd} ref"));
    // Metadata mode gives the same metadata.
    let m = ok(&html, Mode::Metadata);
    assert_eq!(
        (m.title, m.byline, m.site_name),
        (c.title, c.byline, c.site_name)
    );
}

#[test]
fn unclosed_markup_in_noscript_does_not_hide_the_page() {
    // `<noscript><div></noscript>` swallows the rest of the body when the
    // parser runs without scripting; the content is still the page's.
    let html = format!(
        r#"<html><body><noscript><div id="nojs"></noscript><div id="main"><h1>Bears</h1>{}</div></body></html>"#,
        paras(4)
    );
    for mode in [Mode::Article, Mode::Full] {
        let c = ok(&html, mode);
        assert!(c.text.contains("Paragraph number 3"), "{}", c.text);
    }
    // An ordinary <noscript> fallback stays out.
    let html = format!(
        r#"<html><body><noscript><p>Please enable JavaScript to view the comments.</p></noscript>{}</body></html>"#,
        paras(4)
    );
    assert!(!ok(&html, Mode::Full).text.contains("enable JavaScript"));
}

#[test]
fn datelines_and_credit_lines_are_not_text() {
    let html = story(
        r#"<p>Publiziert: 03.04.2020, 12:35</p><p><span>Oct 13, 2020 at 3:59 PM</span></p>
<p>Foto: Jane Doe / Agentur</p><p>In 2020 the council met 12 times.</p><div>19:49</div><p>Doors open at 19:30 sharp.</p>
<div>Publikacja: <time>04.05.2021</time></div><p>16 marca 2021</p><p>Pubblicato il 04/05/2021 alle 10:30</p>"#,
        "",
    );
    let c = ok(&html, Mode::Article);
    assert!(
        !c.text.contains("03.04.2020") && !c.text.contains("Oct 13, 2020"),
        "{}",
        c.text
    );
    assert!(
        !c.text.contains("04.05.2021")
            && !c.text.contains("Pubblicato")
            && !c.text.contains("16 marca"),
        "{}",
        c.text
    );
    // A clock time alone is a dateline; a sentence with a time is not.
    assert!(!c.text.contains("19:49"), "{}", c.text);
    assert!(c.text.contains("Doors open at 19:30 sharp."), "{}", c.text);
    assert!(!c.text.contains("Jane Doe"), "{}", c.text);
    assert!(
        c.text.contains("In 2020 the council met 12 times."),
        "{}",
        c.text
    );
    // Section numbers and code are not dates.
    let html = story(
        "<p><span>3.7.1</span> NSS</p><pre><code>SELECT 2020, 12</code></pre>",
        "",
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("3.7.1 NSS") && c.text.contains("SELECT 2020, 12"),
        "{}",
        c.text
    );
}

#[test]
fn mathml_text_is_content_but_tex_annotations_are_not() {
    let html = r#"<html><body><p>When <math><mi>a</mi><mo>≠</mo><mn>0</mn><semantics><annotation encoding="application/x-tex">a \ne 0</annotation></semantics></math>, there are two solutions.</p></body></html>"#;
    let c = ok(html, Mode::Full);
    assert!(
        c.text.contains("a≠0") || c.text.contains("a ≠ 0"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("\\ne"), "{}", c.text);
}

#[test]
fn trailing_run_of_snippets_after_the_prose_is_trimmed() {
    let html = story(
        "",
        r#"<p><a href="/t/bridges">Bridges</a>, <a href="/t/rivers">Rivers</a></p>
<div>Back to overview</div><p><a href="/next">Next: the new ferry timetable</a></p>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Later paragraph number 7"), "{}", c.text);
    for bad in ["Bridges, Rivers", "Back to overview", "ferry timetable"] {
        assert!(!c.text.contains(bad), "{bad} kept: {}", c.text);
    }
    // Short closing sentences and step headings stay.
    let html = story("", "<h3>Step 2</h3><p>Water the moss.</p><p>Done.</p>");
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("Step 2") && c.text.contains("Water the moss.") && c.text.contains("Done."),
        "{}",
        c.text
    );
}

#[test]
fn a_cookie_banner_picked_over_a_link_post_loses_to_the_baseline() {
    // The post is a list of links (readability discards link-dense
    // blocks), so readability's pick is the cookie banner: the baseline,
    // which has the post, wins.
    let links: String = (0..12)
        .map(|i| {
            format!(
                "<p><a href=\"https://news.example/{i}\">Headline number {i} about the bridge</a> via Example News</p>"
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><article class="post"><h1>Links of the day</h1><div class="entry-content">{links}</div></article>
<div class="widget widget_eu_cookie_law_widget"><div id="eu-cookie-law"><form>
Privacy and cookies: this site uses cookies. By continuing to use this website, you agree to their use.
To find out more, including how to control cookies, see here: our cookie policy, which explains everything in detail.
</form></div></div></body></html>"#
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("Headline number 7 about the bridge"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("this site uses cookies"), "{}", c.text);
}

#[test]
fn a_related_box_inside_the_story_goes_but_the_story_after_it_stays() {
    let html = story(
        "",
        r#"<div class="box"><div><h3>Related</h3><ul><li><a href="/r1">Another bridge falls down</a></li>
<li><a href="/r2">The river in numbers</a></li><li><a href="/r3">Town council elections</a></li></ul></div></div>
<p>The last paragraph of the story tells how the town celebrated the reopening of the old stone bridge with a
market on the square, music from the brass band, and a speech by the mayor that nobody could hear.</p>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("The last paragraph of the story"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("Another bridge falls down"), "{}", c.text);
    assert!(!c.text.contains("Related"), "{}", c.text);
    // A trailing "Related" section with nothing after it is still cut whole.
    let html = story(
        "",
        r#"<div class="box"><div><h3>Related</h3><ul><li><a href="/r1">Another bridge falls down</a></li></ul></div></div>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(!c.text.contains("Another bridge falls down"), "{}", c.text);
    assert!(c.text.contains("Later paragraph number 7"), "{}", c.text);
}

#[test]
fn a_pick_outside_the_pages_main_region_loses_to_main() {
    // Readability prefers the login dialog's paragraphs to the video's
    // description (a list, which it does not score) inside <main>.
    let messages: String = (0..14)
        .map(|i| {
            format!(
                "<p>Message {i}: the password must be at least eight characters long, contain a capital letter, and a digit, or the account cannot be created.</p>"
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><main><article><h1>Sport in times of the virus</h1>
<ul><li>New York is the centre of the pandemic. Sport has stopped too, and the leagues show their sympathy with the victims in many ways.</li>
<li>What comes next for the players is open. The video shows the situation in the stadiums, the training grounds and the empty streets of the city.</li>
<li>The clubs have promised to pay their staff until the season can restart, whenever that will be, and whatever it will look like.</li>
<li>Fans meet online instead: watch parties of old games have become popular, and the players join them from their living rooms.</li>
<li>Some stadiums have become test centres; one of them opened its car park to drive-through testing on Monday morning.</li>
</ul>
</article></main>
<div class="x-dialog-login"><div class="panel">{messages}</div></div></body></html>"#
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("New York is the centre of the pandemic"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("Message 3"), "{}", c.text);
}

#[test]
fn a_form_around_the_whole_page_is_a_wrapper_not_furniture() {
    // ASP.NET WebForms: one <form> holds the whole body. Readability takes
    // the forum's topic list (outside <main>); the post inside <main> must
    // win, not an empty baseline left after removing "the form".
    let topics: String = (0..30)
        .map(|i| format!("<p>Another question about the operating system update number {i}, asked by member {i}, with {i} replies, the last one yesterday evening, after a long discussion.</p>"))
        .collect();
    let html = format!(
        r#"<html><body><form id="aspnetForm" method="post" action="./t.aspx">
<nav><a href="/">Home</a></nav>
<main id="content"><h2>No App Store on mobile data since the update?</h2>
<div class="PostText">Hello, does anyone have an idea what I could do differently? Since the update I have no access to the App Store on any device when I am out and about.<br>I have not changed any setting knowingly, and mobile data access for the App Store is allowed; I restarted the phone several times with changed settings.<br>Everything else works over LTE: the browser and other apps run without problems. Any idea?</div>
<div class="PostText">Reply: did you try resetting the network settings? That fixed the same problem for me after the last update, although it took a restart as well.</div>
<div class="PostText">Reply: same here on two phones. The carrier settings update that came a day later fixed it on one of them; the other one still needs the network reset every few days.</div>
</main>
<div id="topics"><h3>Latest topics</h3>{topics}</div>
</form></body></html>"#
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text.contains("no access to the App Store on any device"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("update number 3"), "{}", c.text);
}

#[test]
fn a_pick_from_inside_an_author_box_loses_to_the_baseline() {
    // A short podcast post; the author box below it has the longest
    // paragraph on the page. Readability's top candidate is the box's inner
    // description, whose own classes say nothing: the box's class is on its
    // parent.
    let html = r#"<html><body><div id="page"><div id="main"><div id="content" role="main">
<article class="post">
<header><h1 class="entry-title">Episode 39: live from the knowledge camp</h1></header>
<div class="entry-content"><p>At the knowledge camp in Berlin we recorded a live episode. Our guests were two researchers who talk about their impressions of the camp.</p>
<p>Download: <a href="/ep39.mp3">mp3</a></p></div>
<footer class="entry-meta">
<div id="author-info"><div id="author-avatar"><img src="/a.png" alt=""></div>
<div id="author-description"><h2>About Simon</h2>
<p>Head of the academy. Trained as an electrical engineer, with a focus on digital communications. I am passionate about learning organisations, knowledge management, new work and lifelong learning, and a member of several communities, associations and clubs.</p>
<div id="author-link"><a href="/author/simon/">Show all posts by Simon</a></div></div></div>
</footer></article></div></div></div></body></html>"#;
    let c = ok(html, Mode::Article);
    assert!(c.text.contains("we recorded a live episode"), "{}", c.text);
}

#[test]
fn a_noscript_copy_of_a_script_rendered_post_is_the_post() {
    // Blogger: the post is a <script type="text/template"> that scripts
    // render, followed by a <noscript> copy, which a browser without
    // scripts shows. The archive widget must not win.
    let months: String = (1..=12)
        .map(|m| format!("<li><a href=\"/2020/{m:02}/\">2020-{m:02}</a></li>"))
        .collect();
    let post = "<p>Over the past few years we have seen threats on the web becoming increasingly sophisticated, and phishing sites rotate domains very quickly to avoid being blocked.</p>\
<p>Turning on the enhanced protection will substantially increase protection from dangerous websites and downloads, by sharing real-time data with the blocklist service.</p>";
    let html = format!(
        r#"<html><body><div class="main"><h2 class="title">Enhanced protection now available</h2>
<div class="post-body"><div class="post-content" itemprop="articleBody">
<script type="text/template">{post}</script>
<noscript>{post}</noscript>
</div></div></div>
<div class="sidebar"><h3>Archive</h3><ul>{months}</ul></div></body></html>"#
    );
    let c = ok(&html, Mode::Article);
    assert!(
        c.text
            .contains("threats on the web becoming increasingly sophisticated"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("2020-03"), "{}", c.text);
}

#[test]
fn read_also_teasers_inside_a_story_go_and_the_story_stays() {
    let para = |i: usize| {
        format!("<p>Paragraph {i} of the story: the government announced new measures on Tuesday, and the opposition said they came far too late for the families affected.</p>")
    };
    let html = format!(
        r#"<html><body><article><h1>The story</h1>{}{}
<p>Lea también: <a href="/other">Impiden ingreso a reportero y camarógrafo extranjeros</a></p>
{}<p>Czytaj też: <a href="/x">Wyścig zbrojeń ruszył z kopyta</a></p>{}{}
<p>VEA TAMBIÉN: <a href="/y">Estrella de la educación no brilla para estudiantes</a></p>
<blockquote><b>PUEDES VER: </b><a href="/z">¿Qué es la Sunedu, cómo está conformada y para qué sirve?</a></blockquote>
<blockquote>Lea: the letter said the council would meet again in the spring to decide.</blockquote>
<p>Lea: Ich finde das gut, weil es allen im Dorf hilft und niemandem schadet.</p>
<p>Read more about it: the measures are listed in the official gazette, which the ministry published in full.</p>
</article></body></html>"#,
        para(1),
        para(2),
        para(3),
        para(4),
        para(5)
    );
    let c = ok(&html, Mode::Article);
    assert!(!c.text.contains("Impiden ingreso"), "{}", c.text);
    assert!(!c.text.contains("Wyścig zbrojeń"), "{}", c.text);
    for i in 1..=5 {
        assert!(c.text.contains(&format!("Paragraph {i} of")), "{}", c.text);
    }
    assert!(!c.text.contains("Estrella de la"), "{}", c.text);
    // A teaser set as a quote goes; a quote that ends a sentence stays.
    assert!(!c.text.contains("Sunedu"), "{}", c.text);
    assert!(
        c.text.contains("the council would meet again"),
        "{}",
        c.text
    );
    // An interview answer after a name that is also a marker stays.
    assert!(c.text.contains("Lea: Ich finde das gut"), "{}", c.text);
    // A sentence that starts like a marker but is prose stays.
    assert!(c.text.contains("the measures are listed"), "{}", c.text);
}

#[test]
fn calls_to_action_at_the_end_of_a_story_go() {
    let para = |i: usize| {
        format!("<p>Paragraph {i}: the council voted on Tuesday to join the regional water scheme, which the mayor said would keep prices stable for a decade.</p>")
    };
    let html = format!(
        r#"<html><body><article><h1>The story</h1>{}<p>Residents can subscribe to updates from the water board, which publishes the levels of the reservoir every week during the summer months.</p>{}{}
<p>For the latest stories and breaking news updates, download the Nation News app from your app store today.</p>
<p>Did you enjoy this article? Sign in to share your opinion in the comments below, or <a href="/nl">join our newsletter</a>.</p>
</article></body></html>"#,
        para(1),
        para(2),
        para(3)
    );
    let c = ok(&html, Mode::Article);
    assert!(
        !c.text.contains("download the Nation News app"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("Sign in to share"), "{}", c.text);
    // The same words inside the story are text.
    assert!(c.text.contains("Residents can subscribe"), "{}", c.text);
    for i in 1..=3 {
        assert!(
            c.text
                .contains(&format!("Paragraph {i}: the council voted")),
            "{}",
            c.text
        );
    }
    // A closing line whose only call to action is a link stays (a print note).
    let html = format!(
        r#"<html><body><article><h1>The story</h1>{}{}{}
<p>A version of this article appears in print on page A1 of the New York edition. <a href="/r">Order Reprints</a> | <a href="/s">Subscribe</a></p>
</article></body></html>"#,
        para(1),
        para(2),
        para(3)
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("appears in print"), "{}", c.text);
}

#[test]
fn captions_that_end_with_a_photo_credit_go() {
    let html = story(
        r#"<p>The minister speaks at the daily briefing in the capital. Photo: Jane Doe/AFP</p>
<div>Das Komitee reagiert mit Entsetzen auf die Tat. (Quelle: Fleischmann/Unsplash)</div>
<p>Roman Prymula, photo: Archives du Gouvernement</p>
<div>Photograph by Jane Doe, Harbour Restoration Trust</div>
<div>- Anzeige -</div><p><span>Advertisement:</span></p><p>Reklama</p>
<p>Abbildung 4: klassische Schwachschicht. Der Unterschied in der Kornform ist deutlich zu sehen.</p>
<p>Fig. 2. Changing the font size of the axis text.</p>
<p>Vergrößern Eine kleine runde Aussparung für die Kamera im Display.</p>
<p>Figures show that the river rose by two metres in a single night, the highest level since records began.</p>
<p>The report names its source: the ministry of health.</p>
<p>Photographers call the setting "Foto: natural light", the agency said on Monday, and added that the series would be shown in the museum.</p>"#,
        "",
    );
    let c = ok(&html, Mode::Article);
    assert!(!c.text.contains("daily briefing"), "{}", c.text);
    assert!(!c.text.contains("Entsetzen"), "{}", c.text);
    assert!(!c.text.contains("Prymula"), "{}", c.text);
    assert!(!c.text.contains("Harbour Restoration"), "{}", c.text);
    assert!(!c.text.contains("Schwachschicht"), "{}", c.text);
    assert!(
        !c.text.contains("Anzeige")
            && !c.text.contains("Advertisement")
            && !c.text.contains("Reklama"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("font size"), "{}", c.text);
    assert!(!c.text.contains("runde Aussparung"), "{}", c.text);
    assert!(c.text.contains("Figures show that the river"), "{}", c.text);
    // Prose that mentions a source, or a credit inside a sentence, stays.
    assert!(c.text.contains("its source: the ministry"), "{}", c.text);
    assert!(c.text.contains("shown in the museum"), "{}", c.text);
}

#[test]
fn data_tables_stay_tables_and_layout_tables_are_unwrapped() {
    let rows: String = (1..=10)
        .map(|i| {
            format!(
                "<tr><td>Bridge {i}</td><td>{}</td><td>stone</td></tr>",
                1800 + i
            )
        })
        .collect();
    let html = format!(
        "<html><body><article><h1>Old bridges</h1>{}\
         <table><tr><td>Name</td><td>Built</td><td>Material</td></tr>{rows}</table>{}</article></body></html>",
        paras(3),
        paras(2)
    );
    let c = ok(&html, Mode::Article);
    // Markdown: a header row, its separator, one line per row.
    assert!(c.markdown.contains("| Name"), "{}", c.markdown);
    let table: Vec<&str> = c.markdown.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 12, "{}", c.markdown);
    assert!(table[1].starts_with("| ---"), "{}", table[1]);
    assert!(table[11].contains("Bridge 10") && table[11].contains("1810"));
    // Text: one line per row, cells separated by " | ".
    assert!(
        c.text
            .contains("Name | Built | Material\nBridge 1 | 1801 | stone\n"),
        "{}",
        c.text
    );
    assert!(c.text.contains("Bridge 10 | 1810 | stone"));

    // A layout table (one row: a menu cell and the story cell) is unwrapped.
    let html = format!(
        "<html><body><table><tr><td>Home</td><td><h1>Old bridges</h1>{}</td></tr></table></body></html>",
        paras(4)
    );
    let c = ok(&html, Mode::Full);
    assert!(!c.markdown.contains('|'), "{}", c.markdown);
    assert!(!c.text.contains(" | "), "{}", c.text);
    assert!(
        c.text
            .starts_with("Home\n\nOld bridges\n\nParagraph number 0"),
        "{}",
        c.text
    );
}

#[test]
fn article_furniture_lines_inside_the_story_are_pruned() {
    let html = format!(
        r#"<html><body><article><h1>Flood story</h1>
<p>Updated 5:27 am CST, Wednesday, November 20, 2019</p>
<div class="gallery"><img src="/a.jpg"><span>Image 1 of 8</span></div>
{}
<p>Published 1 day ago</p>
<ul><li><a href="/author/jane">View author archive</a></li><li><a href="mailto:j@x.org">Email the author</a></li></ul>
{}
<p>Citation: Flood story (2019, November 18) retrieved 18 November 2019 from https://example.org/flood.html</p>
<p>This document is subject to copyright. Apart from any fair dealing for the purpose of private study or research, no part may be reproduced without the written permission.</p>
</article></body></html>"#,
        paras(3),
        paras(3)
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Paragraph number 2"), "{}", c.text);
    for gone in [
        "Updated 5:27",
        "Image 1 of 8",
        "1 day ago",
        "author archive",
        "Email the author",
        "Citation:",
        "subject to copyright",
    ] {
        assert!(!c.text.contains(gone), "{gone:?} kept:\n{}", c.text);
    }
}

#[test]
fn numbered_most_read_lists_go_but_contents_and_story_lists_stay() {
    let html = format!(
        r##"<html><body><article><h1>Flood story</h1>
<ul class="toc"><li><a href="#a">1 Causes</a></li><li><a href="#b">2 Damage</a></li><li><a href="#c">3 Recovery</a></li></ul>
{}
<ol><li><span>1</span><a href="/news/bridge">Old bridge reopens after repairs</a></li>
<li><span>2</span><a href="/news/mayor">Mayor resigns over budget row</a></li>
<li><span>3</span><a href="/news/storm">Storm warning for the coast tonight</a></li></ol>
{}
<ol><li>1. Move valuables upstairs before the water arrives at the door.</li>
<li>2. Switch off the power at the mains and do not touch wet sockets.</li>
<li>3. Keep a radio and <a href="/kit">an emergency kit</a> within reach all night.</li></ol>
</article></body></html>"##,
        paras(3),
        paras(3)
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Paragraph number 2"), "{}", c.text);
    for gone in ["Old bridge reopens", "Mayor resigns", "Storm warning"] {
        assert!(!c.text.contains(gone), "{gone:?} kept:\n{}", c.text);
    }
    for kept in ["1 Causes", "3 Recovery", "Move valuables", "emergency kit"] {
        assert!(c.text.contains(kept), "{kept:?} lost:\n{}", c.text);
    }
}

#[test]
fn all_caps_promotion_lines_go_but_caps_names_and_headings_stay() {
    let html = format!(
        r#"<html><body><article><h1>Flood story</h1>
{}
<p><strong>GET THE NEWS ON THE GO BY <a href="/app">CLICKING HERE</a></strong></p>
<p><a href="/news/mayor">MAYOR RESIGNS OVER BUDGET ROW AT CITY HALL</a></p>
<h2>WHAT HAPPENS NEXT</h2>
<p>The agency <a href="/nasa">NASA AND ESA JOINT OFFICE</a> will survey the valley from orbit once the clouds have cleared in the next few days.</p>
{}
</article></body></html>"#,
        paras(3),
        paras(3)
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Paragraph number 2"), "{}", c.text);
    for gone in ["CLICKING HERE", "MAYOR RESIGNS"] {
        assert!(!c.text.contains(gone), "{gone:?} kept:\n{}", c.text);
    }
    for kept in ["WHAT HAPPENS NEXT", "NASA AND ESA JOINT OFFICE will survey"] {
        assert!(c.text.contains(kept), "{kept:?} lost:\n{}", c.text);
    }
}

#[test]
fn inline_furniture_lines_keep_their_class_through_readability() {
    // Readability turns an inline-only div into a new bare paragraph; the
    // div's class still marks it as furniture, and a "teaser" lead stays.
    let html = story(
        r#"<div class="teaser_text">The new bridge opens to traffic on Monday, two years late and well over its budget.</div>"#,
        r#"<div class="postmetadata"> Filed on Tuesday under <a href="/c/news">News</a>, <a href="/c/city">City</a>. Both comments and pings are closed. <!-- end --></div>"#,
    );
    let c = ok(&html, Mode::Article);
    assert!(!c.text.contains("Filed on Tuesday"), "{}", c.text);
    assert!(c.text.contains("two years late"), "{}", c.text);
    assert!(c.text.contains("Later paragraph number 7"), "{}", c.text);
}

/// A page whose standfirst sits in the story's header, outside the body
/// container readability picks, with a short byline line and a link-heavy
/// teaser before it.
fn story_with_lead_in_header() -> String {
    format!(
        r#"<html lang="en"><head><title>Bridge story</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><header class="story-header"><h1>Bridge story</h1>
<div class="story-byline">By Jane Doe, 5 minutes</div>
<p>See also: <a href="/a">Flood warnings for the whole valley remain in place for the rest of the week</a> and <a href="/b">Engineers inspect the other bridges of the county after the spring flood</a>.</p>
<p class="standfirst">The town council decided on Tuesday evening to close the old stone bridge for good, after engineers found deep cracks in two of its arches during the spring flood, and to build a new crossing further upstream by the end of next year.</p>
</header>
<div class="story-body">{}</div></main>
<footer><p>Copyright Valley Times</p></footer></body></html>"#,
        paras(8)
    )
}

#[test]
fn the_lead_outside_readabilitys_container_is_put_before_the_article() {
    use riptide_extractor_guest::{extract_with_options, Favor, Options};
    let html = story_with_lead_in_header();
    for favor in [Favor::Balanced, Favor::Precision, Favor::Recall] {
        let options = Options {
            favor,
            ..Options::default()
        };
        let (c, _) = extract_with_options(&html, URL, &Mode::Article, options).unwrap();
        let lead = c.text.find("The town council decided on Tuesday evening");
        let first = c.text.find("Paragraph number 0");
        assert!(
            lead.is_some() && first.is_some() && lead < first,
            "{favor:?}: {}",
            c.text
        );
        assert!(
            c.markdown
                .contains("The town council decided on Tuesday evening"),
            "{favor:?}: {}",
            c.markdown
        );
        assert!(
            !c.text.contains("Flood warnings for the whole valley"),
            "{favor:?}: {}",
            c.text
        );
        assert!(!c.text.contains("By Jane Doe"), "{favor:?}: {}", c.text);
        assert_eq!(
            c.text.matches("Paragraph number 0").count(),
            1,
            "{}",
            c.text
        );
    }
}

#[test]
fn server_error_messages_in_the_story_go() {
    let html = story(
        "<br />\n<b>Warning</b>:  Creating default object from empty value in <b>/www/htdocs/wp-includes/classes.php</b> on line <b>407</b><br />",
        "<p>Deprecated: preg_replace(): The /e modifier is deprecated in /www/wp-includes/formatting.php on line 82</p><p>Warning: the old bridge stays closed until the end of the month, the council said on Tuesday evening.</p>",
    );
    let c = ok(&html, Mode::Article);
    assert!(c.text.contains("Later paragraph number 7"), "{}", c.text);
    assert!(
        !c.text.contains("Creating default object")
            && !c.text.contains("classes.php")
            && !c.text.contains("preg_replace"),
        "{}",
        c.text
    );
    assert!(
        c.text.contains("Warning: the old bridge stays closed"),
        "{}",
        c.text
    );
}
