//! The words and names the boilerplate passes look for, grouped by what
//! they find, and the thresholds the passes use.

use crate::phrases::Phrases;

/// Substrings of a class/id token that mark boilerplate.
pub(super) static BAD_PARTS: Phrases = Phrases::new(&[
    "related",
    "share",
    "sharing",
    "social",
    "comment",
    "newsletter",
    "subscri",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "sidebar",
    "widget",
    "popup",
    "flyout",
    "modal",
    "advert",
    "sponsor",
    "promo",
    "paywall",
    "recommend",
    "popular",
    "mostpopular",
    "mostread",
    "most-read",
    "readmore",
    "read-more",
    "also-read",
    "tagcloud",
    "tag-list",
    "taglist",
    "author-bio",
    "authorbio",
    "author-box",
    "authorbox",
    "about-author",
    "signup",
    "sign-up",
    "login",
    "pagination",
    "pager",
    "navigation",
    "skip-link",
    "skiplink",
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "print-only",
    "outbrain",
    "taboola",
    "disqus",
    "donate",
    "rating",
    "further-reading",
    "more-stories",
    "more-articles",
    "morestories",
    "next-post",
    "prev-post",
    "nextprev",
    "post-nav",
    "postnav",
    "toolbar",
    "banner",
    "teaser",
    "footer",
    "-tags",
    "tags-",
    "meta-tags",
    "trending",
    "inline-ad",
    "ad-slot",
    "adslot",
    "ad-container",
    "adcontainer",
    "ad-wrapper",
    "anzeige",
    "werbung",
    "jp-relatedposts",
    "follow",
    "feedback",
    "copyright",
    // Post metadata lines and author boxes (WordPress and friends).
    "postmeta",
    "entry-meta",
    "post-meta",
    "entry-utility",
    "entryfooter",
    "author-info",
    "authorinfo",
    "author-card",
    "entry-author",
    "saboxplugin",
    // Disclosures and disclaimers, reading-time badges, wish lists.
    "affiliate",
    "disclosure",
    "disclaimer",
    "read-time",
    "readingtime",
    "reading-time",
    "nextstory",
    "next-story",
    "wishlist",
    "akismet",
    "recipe-print",
    // "comment" in German, Spanish/Portuguese and Polish class names.
    "kommentar",
    "comentario",
    "komentarz",
]);

/// Whole class/id tokens that mark boilerplate.
pub(super) const BAD_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "advertisement",
    "nav",
    "menu",
    "tags",
    "tag",
    "share",
    "social",
    "related",
    "comments",
    "byline",
    "author",
    "hidden",
    "hide",
    "meta",
];

/// Prefixes of a page builder's layout classes, after which the rest of the
/// token says what the element is: Elementor wraps every block of a page in
/// `elementor-widget elementor-widget-text-editor` and the like, so
/// `elementor-widget-share-buttons` is a share bar, but
/// `elementor-widget-text-editor` and `elementor-widget-wrap` are the
/// page's text.
pub(super) const LAYOUT_PREFIXES: &[&str] = &["elementor-widget-"];

/// A page builder's layout tokens that name no kind of content (see
/// [`LAYOUT_PREFIXES`]).
pub(super) const LAYOUT_TOKENS: &[&str] = &["elementor-widget"];

/// Whole tokens with a boilerplate part that name the article's own text:
/// its teaser (the standfirst) as an article page marks it up. Readability
/// keeps the standfirst when it sits in the container; removing it lost the
/// story's first sentences on German news and government sites.
pub(super) const OWN_TEXT_TOKENS: &[&str] = &["teaser-text", "teasertext", "article-teaser"];

/// "Read also" markers that introduce a teaser of another article inside
/// a story ("Lea también: …", "Lesen Sie auch: …", "Czytaj też: …").
pub(super) static READ_ALSO: Phrases = Phrases::new(&[
    "read more",
    "read also",
    "also read",
    "read",
    // Not "related": inline "Related: …" lines are kept by Readability.js
    // (readability-pages, cnn), and a trailing "Related" section is cut
    // by `cut_trailing_section` anyway.
    "see also",
    "lesen sie auch",
    "lies auch",
    "weiterlesen",
    "mehr dazu",
    "mehr zum thema",
    "auch interessant",
    "siehe auch",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "voir aussi",
    "lea también",
    "lee también",
    "lea más",
    "lee más",
    "lea",
    "lee",
    "mira también",
    "ver también",
    "te puede interesar",
    "le puede interesar",
    "más información",
    "leia também",
    "leia mais",
    "veja também",
    "leggi anche",
    "lees ook",
    "czytaj też",
    "czytaj także",
    "czytaj więcej",
    "zobacz też",
    "zobacz także",
    "dowiedz się więcej",
    "lesen sie hier",
    "lesenswert",
    "vea también",
    "puedes ver",
    "mira",
]);

/// Stems of the words of a call to action: subscriptions, newsletters,
/// apps and channels, logging in to comment, sharing, rating, writing to the
/// editor (English, German, French, Spanish, Portuguese, Italian, Polish).
pub(super) static CALL_TO_ACTION: Phrases = Phrases::new(&[
    "subscribe",
    "subscriber",
    "subscription",
    "newsletter",
    "abonnier",
    "abonnement",
    "abonnez",
    "abonne",
    "suscríb",
    "suscrib",
    "suscripc",
    "assine",
    "abbonati",
    "subskrypc",
    "prenumer",
    "download the",
    "our app",
    "unsere app",
    "telegram",
    "whatsapp",
    "einloggen",
    "eingeloggt",
    "log in",
    "sign in",
    "kommentieren",
    "in den kommentaren",
    "akismet",
    "artikel teilen",
    "share this",
    "war der artikel",
    "was this article",
    "hilfreich?",
    "helpful?",
    "enjoyed",
    "gefällt dir",
    "gefällt ihnen",
    "unterstützen sie",
    "support our",
    "support us",
    "donate",
    "letter to the editor",
    "letters to the editor",
    "leserbrief",
    "canal de youtube",
    "youtube channel",
    "youtube-kanal",
    "to your phone",
    "kommentare zu schreiben",
    "kommentar zu schreiben",
    "cancel anytime",
    "cancela cuando quieras",
    "jederzeit kündbar",
    "help us continue",
    "hear what you think",
    "what you think about this article",
]);

/// What a paywall's prompt says the reader may do once subscribed or logged
/// in ("To view the full story, please subscribe", "Pour lire la suite …,
/// créez votre compte"): with a phrase of [`GATE_ACTIONS`], late in the
/// story, the prompt and everything after it go (the rest of the gate:
/// offers, perks, "already a subscriber? log in").
pub(super) static GATE_READING: Phrases = Phrases::new(&[
    "to view the full story",
    "to read the full story",
    "to read the full article",
    "to read the rest of",
    "to continue reading",
    "to keep reading",
    "continue reading with",
    "pour lire la suite",
    "pour lire l'intégralité",
    "pour continuer à lire",
    "um weiterzulesen",
    "um den ganzen artikel",
    "um den vollständigen artikel",
    "um diesen artikel",
    "para seguir leyendo",
    "para continuar leyendo",
    "para leer el artículo completo",
    "para continuar lendo",
    "para ler a matéria completa",
    "per continuare a leggere",
    "per leggere l'articolo",
    "aby czytać dalej",
    "aby przeczytać cały",
]);

/// What a paywall asks for (see [`GATE_READING`]).
pub(super) static GATE_ACTIONS: Phrases = Phrases::new(&[
    "subscri",
    "abonn",
    "suscri",
    "assin",
    "abbon",
    "prenumer",
    "subskryp",
    "account",
    "compte",
    "konto",
    "cuenta",
    "registr",
    "log in",
    "sign in",
    "sign up",
    "connectez",
    "anmelden",
    "einloggen",
    "inicia sesión",
    "zaloguj",
    "member",
    "mitglied",
]);

/// Starts of the headings/labels that introduce what follows an article:
/// related stories, "read also" teasers, comment sections, source lists,
/// newsletters (English, German, French, Spanish, Italian, Portuguese,
/// Dutch, Polish).
pub(super) static TRAILER_MARKERS: Phrases = Phrases::new(&[
    "related",
    "disclaimer",
    "haftungsausschluss",
    "haftungsbeschränkung für externe links",
    "haftungsbeschränkung",
    "haftungshinweis",
    "read more",
    "read also",
    "read next",
    "also read",
    "more from",
    "more stories",
    "more articles",
    "you may also like",
    "you might also like",
    "you may like",
    "recommended",
    "more on this",
    "trending",
    "most popular",
    "most read",
    "share this",
    "leave a reply",
    "leave a comment",
    "comments",
    "about the author",
    "sign up for",
    "subscribe to",
    "auch interessant",
    "das könnte dich",
    "das könnte sie",
    "lesen sie auch",
    "lies auch",
    "mehr zum thema",
    "mehr themen",
    "weitere artikel",
    "weitere beiträge",
    "ähnliche beiträge",
    "ähnliche artikel",
    "neueste artikel",
    "neueste beiträge",
    "das thema könnte",
    "passend dazu",
    "teilen sie dies",
    "teilen mit",
    "kommentare",
    "kommentar verfassen",
    "quellenangaben",
    "weiterführende links",
    "beliebte artikel",
    "empfohlene artikel",
    "themen:",
    "schlagwörter",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "sur le même sujet",
    "articles similaires",
    "commentaires",
    "lea también",
    "lee también",
    "le puede interesar",
    "te puede interesar",
    "noticias relacionadas",
    "artículos relacionados",
    "comentarios",
    "leggi anche",
    "potrebbe interessarti",
    "articoli correlati",
    "leia também",
    "veja também",
    "lees ook",
    "gerelateerde artikelen",
    "czytaj także",
    "czytaj też",
    "zobacz też",
    "polecamy",
    "continue reading",
    "keep reading",
    "read this next",
    "what to read next",
    "see more",
    "more:",
    "editor's picks",
    "don't miss",
    "top stories",
    "latest news",
    "latest stories",
    "recent posts",
    "follow us",
    "tags",
    "source:",
    "sources",
    "weiterlesen",
    "zum thema",
    "mehr dazu",
    "auch lesenswert",
    "weitere informationen",
    "weitere news",
    "weitere nachrichten",
    "folge uns",
    "folgen sie uns",
    "quelle:",
    "quellen",
    "schlagworte",
    "anzeige",
    "werbung",
    "newsletter",
    "lire la suite",
    "à voir aussi",
    "voir aussi",
    "dans la même rubrique",
    "mira también",
    "ver también",
    "más noticias",
    "leia mais",
    "saiba mais",
    "czytaj więcej",
    "zobacz także",
    "dowiedz się więcej",
    "weitere",
    "empfohlene",
    "empfehlungen",
    "ähnliche",
    "verwandte",
    "lea más",
    "lee más",
    "permalink",
    "permalien",
    "drucken",
    "drukuj",
    "print",
    "keine kommentare",
    "no comments",
    "subscribe now",
    "meistgelesen",
    "meistgelesene",
    "meist gelesen",
    "meistdiskutiert",
    "meistdiskutierte",
    "meist-diskutiert",
    "meistkommentiert",
    "meistkommentierte",
    "schon gelesen",
    "entdecke weitere",
    "entdecken sie weitere",
    "kommentar hinzufügen",
    "valora esta noticia",
    "kommentieren",
    "kommentar schreiben",
    "post a comment",
    "add a comment",
    "write a comment",
    "deja tu comentario",
    "deja un comentario",
    "laisser un commentaire",
    "dodaj komentarz",
    "zostaw komentarz",
    "zum weiterlesen",
    "auch lesen",
    "źródło:",
    "fuente:",
    "fonte:",
    "bron:",
    "von:",
]);

/// Labels of advertisement slots ("Anzeige", "- Advertisement -"), whose
/// ads scripts fill in.
pub(super) const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "anzeige",
    "werbung",
    "gesponsert",
    "externer inhalt",
    "publicité",
    "publicidad",
    "publicidade",
    "pubblicità",
    "reklama",
    "reklame",
    "advertentie",
];

/// Month names and abbreviations (en, de, fr, es).
pub(super) const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    // Polish (genitive, as in dates), Italian, Portuguese, Dutch.
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
    "januari",
    "februari",
    "maart",
    "mei",
    "augustus",
];

/// Other words that may surround a date in a dateline.
pub(super) const DATE_WORDS: &[&str] = &[
    "am",
    "pm",
    "uhr",
    "um",
    "at",
    "on",
    "le",
    "de",
    "del",
    "el",
    "published",
    "updated",
    "posted",
    "publiziert",
    "aktualisiert",
    "veröffentlicht",
    "veröffentlichung",
    "datum",
    "erstellt",
    "stand",
    "publié",
    "mis",
    "à",
    "jour",
    "publicado",
    "actualizado",
    "gmt",
    "utc",
    "cet",
    "cest",
    "est",
    "edt",
    "pst",
    "pdt",
    "bst",
    "min",
    "read",
    "lesezeit",
    "minutes",
    "minuten",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    // Polish, Dutch, Italian, Portuguese labels of publication dates.
    "publikacja",
    "aktualizacja",
    "opublikowano",
    "zaktualizowano",
    "dodano",
    "gepubliceerd",
    "bijgewerkt",
    "op",
    "om",
    "pubblicato",
    "aggiornato",
    "il",
    "alle",
    "atualizado",
    "em",
    "às",
];

/// Time zone abbreviations written after a time in a dateline.
pub(super) const TIME_ZONES: &[&str] = &[
    "cst", "cdt", "mst", "mdt", "akst", "akdt", "hst", "ist", "jst", "kst", "aest", "aedt", "awst",
    "nzst", "nzdt", "msk", "mez", "mesz", "wib", "sgt", "hkt", "et", "pt", "ct", "mt",
];

/// Words that make a dateline relative ("1 day ago", "vor 3 Stunden",
/// "il y a 2 jours", "hace 5 horas").
pub(super) const AGO_WORDS: &[&str] = &[
    "ago", "vor", "il", "y", "a", "hace", "há", "temu", "geleden",
];

/// Words of a reading-time line ("4 min read", "Lesezeit: 5 Minuten").
pub(super) const READING_WORDS: &[&str] = &["read", "lesezeit", "lecture", "lectura", "leitura"];

/// Units of a relative dateline.
pub(super) const RELATIVE_TIME_WORDS: &[&str] = &[
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr",
    "hrs", "day", "days", "week", "weeks", "month", "months", "year", "years", "sekunden",
    "minute", "minuten", "stunde", "stunden", "tag", "tagen", "woche", "wochen", "monat",
    "monaten", "jahr", "jahren", "heure", "heures", "jour", "jours", "semaine", "semaines", "mois",
    "an", "ans", "segundos", "minutos", "hora", "horas", "día", "días", "dia", "dias", "semana",
    "semanas", "mes", "meses", "año", "años", "ano", "anos", "minut", "minuty", "godzin",
    "godziny", "godzinę", "dni", "dzień", "uur", "dagen", "weken", "maanden",
];

/// Labels of a gallery counter ("Image 1 of 8").
pub(super) static GALLERY_LABELS: Phrases = Phrases::new(&[
    "image", "images", "photo", "photos", "picture", "slide", "bild", "foto", "fotos", "galerie",
    "gallery", "imagen", "zdjęcie",
]);

/// The "of" of a gallery counter.
pub(super) const GALLERY_OF: &[&str] = &["of", "von", "de", "sur", "di", "z", "van"];

/// What the links of an author box say.
pub(super) static AUTHOR_BOX_LINKS: Phrases = Phrases::new(&[
    "author archive",
    "email the author",
    "e-mail the author",
    "contact the author",
    "follow the author",
    "author rss",
    "author's rss",
    "more by this author",
    "more from this author",
    "more articles by",
    "more stories by",
    "all posts by",
    "all articles by",
    "view all posts",
    "view all articles",
    "alle artikel von",
    "alle beiträge von",
    "mehr vom autor",
    "mehr von diesem autor",
    "tous les articles de",
    "todos los artículos de",
    "más artículos de",
]);

/// Phrases of a publisher's legal notice that prose does not use.
pub(super) static LEGAL_NOTICES: Phrases = Phrases::new(&[
    "this document is subject to copyright",
    "no part may be reproduced without",
    "this material may not be published",
    "may not be published, broadcast, rewritten",
    "alle rechte vorbehalten. nachdruck",
    "alle angaben ohne gewähr",
]);

/// Phrases of an advertising or affiliate disclosure ("*Werbung. Dieser
/// Beitrag enthält Werbung für …", "This post contains affiliate links",
/// "As an Amazon Associate I earn from qualifying purchases"): what the
/// post is, not what it says.
pub(super) static AD_DISCLOSURES: Phrases = Phrases::new(&[
    "beitrag enthält werbung",
    "artikel enthält werbung",
    "post enthält werbung",
    "beitrag enthält unbezahlte werbung",
    "artikel enthält unbezahlte werbung",
    "post enthält unbezahlte werbung",
    "enthält affiliate-links",
    "enthält affiliate links",
    "enthält affiliatelinks",
    "post contains affiliate",
    "article contains affiliate",
    "page contains affiliate",
    "post may contain affiliate",
    "article may contain affiliate",
    "page may contain affiliate",
    "we may earn a commission",
    "we may receive a commission",
    "i may earn a commission",
    "earn from qualifying purchases",
    "products from one or more of our advertisers",
    "contient des liens affiliés",
    "contient des liens d'affiliation",
    "contiene enlaces de afiliado",
    "contiene enlaces de afiliados",
]);

/// How a licence notice says what the text is published under ("This work
/// is licensed under a Creative Commons Attribution 4.0 International
/// License", "Dieser Text wurde veröffentlicht unter der Lizenz
/// CC-BY-NC-ND-4.0-DE"): with a licence of [`LICENCE_NAMES`] in a short text,
/// a notice.
pub(super) static LICENCE_TERMS: Phrases = Phrases::new(&[
    "licensed under",
    "published under",
    "republished under",
    "available under",
    "under a creative commons",
    "under the creative commons",
    "unter der lizenz",
    "unter einer lizenz",
    "unter einer creative",
    "lizenziert unter",
    "sous licence",
    "sous la licence",
    "bajo licencia",
    "bajo una licencia",
    "bajo la licencia",
    "sob licença",
    "sob a licença",
    "sotto licenza",
    "na licencji",
]);

/// The licences of a licence notice (see [`LICENCE_TERMS`]); a licence that
/// prose names for software ("its source code is licensed under the
/// Mozilla Public License") is not among them.
pub(super) static LICENCE_NAMES: Phrases =
    Phrases::new(&["creative commons", "cc by", "cc-by", "cc0", "cc-0"]);

/// Starts of a citation notice, the publisher's suggestion of how to cite
/// the text ("SUGGESTED CITATION Sauer, Heiko: Expert*innen in der Krise,
/// VerfBlog, 2020/3/31, https://…", "Zitiervorschlag: …", "Pour citer cet
/// article : …").
pub(super) static CITATION_STARTS: Phrases = Phrases::new(&[
    "suggested citation",
    "recommended citation",
    "cite this article",
    "cite as:",
    "how to cite this",
    "zitiervorschlag",
    "zitiervorlage",
    "pour citer cet article",
    "pour citer ce document",
    "citer cet article",
    "cómo citar",
    "como citar",
    "para citar este artículo",
    "jak cytować",
]);

/// "All rights reserved" in the languages of the corpora, counted after a
/// copyright sign or word.
pub(super) static RIGHTS_RESERVED: Phrases = Phrases::new(&[
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "wszelkie prawa zastrzeżone",
]);

/// "Protected by copyright", which makes a text that also says "all rights
/// reserved" a notice wherever it stands ("Materiał chroniony prawem
/// autorskim - wszelkie prawa zastrzeżone. Dalsze rozpowszechnianie …").
/// Prose about copyright names it otherwise ("… dem traditionellen
/// Urheberrecht bzw. Copyright (all rights reserved) …").
pub(super) static PROTECTED_BY_COPYRIGHT: Phrases = Phrases::new(&[
    "protected by copyright",
    "copyright protected",
    "urheberrechtlich geschützt",
    "protégé par le droit d'auteur",
    "protégés par le droit d'auteur",
    "protegido por derechos de autor",
    "protegidos por derechos de autor",
    "protetto dal diritto d'autore",
    "protetti dal diritto d'autore",
    "protegido por direitos autorais",
    "chroniony prawem autorskim",
    "chronione prawem autorskim",
]);

/// Starts of a blog post's meta line, the sentence a theme writes under the
/// post ("This entry was posted in News and tagged … on 3 May 2021 by
/// Anna.", "Dieser Eintrag wurde veröffentlicht in Podcast und
/// verschlagwortet mit …", "Abgelegt unter Aktuelles"): a notice. (Bare
/// "Posted in" or "Filed under" can start prose, "Filed under seal, the
/// documents …": only with a colon.)
pub(super) static POST_META_STARTS: Phrases = Phrases::new(&[
    "this entry was posted",
    "this entry was filed",
    "posted in:",
    "filed under:",
    "tagged:",
    "dieser eintrag wurde veröffentlicht",
    "dieser beitrag wurde veröffentlicht in",
    "abgelegt unter",
    "veröffentlicht in:",
    "cette entrée a été publiée",
    "esta entrada fue publicada",
    "wpis został opublikowany",
]);

/// A publisher's disclaimer of its contributors' opinions ("NOW Grenada is
/// not responsible for the opinions … presented by contributors", "Dieser
/// Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der
/// Redaktion") names an opinion, denies that it is the publisher's, and
/// names who holds it: a short text with a phrase of each of these three
/// lists is a notice. (Prose that weighs an opinion rarely names the
/// author or the editors in the same sentence.)
pub(super) static DISCLAIMER_OPINIONS: Phrases = Phrases::new(&[
    "opinion",
    "views",
    "meinung",
    "ansicht",
    "avis",
    "opinión",
    "opiniones",
    "opinião",
    "opiniões",
    "opinione",
    "opinie",
    "poglądy",
]);

/// The denial of a disclaimer (see [`DISCLAIMER_OPINIONS`]).
pub(super) static DISCLAIMER_DENIALS: Phrases = Phrases::new(&[
    "not necessarily",
    "not responsible for",
    "are those of the",
    "are solely those of",
    "nicht notwendigerweise",
    "nicht unbedingt",
    "nicht verantwortlich",
    "pas nécessairement",
    "n'engagent que",
    "n’engagent que",
    "no necesariamente",
    "no se hace responsable",
    "não necessariamente",
    "não se responsabiliza",
    "non necessariamente",
    "niekoniecznie",
    "nie ponosi odpowiedzialności",
]);

/// Who holds the opinion or denies it, in a disclaimer (see
/// [`DISCLAIMER_OPINIONS`]).
pub(super) static DISCLAIMER_PARTIES: Phrases = Phrases::new(&[
    "author",
    "contributor",
    "editor",
    "publisher",
    "autor",
    "redaktion",
    "herausgeber",
    "verlag",
    "auteur",
    "rédaction",
    "redacción",
    "editorial",
    "redação",
    "redazione",
    "redakcj",
]);

/// Words of a caption that make it a photo credit ("Foto:", "Getty", "dpa").
pub(super) static CREDIT_MARKERS: Phrases = Phrases::new(&[
    "©",
    "(c)",
    "foto:",
    "fotos:",
    "photo:",
    "photos:",
    "bild:",
    "bild via",
    "quelle:",
    "source:",
    "credit",
    "getty",
    "shutterstock",
    "istock",
    "dpa",
    "reuters",
    "afp",
    "imago",
    "unsplash",
    "pixabay",
    "wenn.com",
    "image:",
    "images:",
    "/ap",
    "ap photo",
    "picture alliance",
    "keystone",
    "epa",
]);

/// Labels of a credit at the end of a caption ("… Foto: Jane Doe/dpa").
pub(super) const CREDIT_LABELS: &[&str] = &[
    "foto", "fotos", "photo", "photos", "bild", "imagen", "image", "quelle", "fuente", "crédit",
    "crédits", "credit", "kuva", "zdjęcie",
];

/// Labels of a numbered figure caption ("Abbildung 4:", "Fig. 1.").
pub(super) static FIGURE_LABELS: Phrases = Phrases::new(&[
    "abbildung",
    "abb.",
    "figure",
    "fig.",
    "grafik",
    "grafika",
    "schaubild",
    "tabelle",
    "table",
    "illustration",
    "image",
    "imagen",
    "foto",
    "bild",
    "photo",
]);

/// What an image caption says about zooming.
pub(super) static ZOOM_HINTS: Phrases = Phrases::new(&[
    "zum vergrößern",
    "click to enlarge",
    "cliquez pour agrandir",
]);

/// Starts of a line that only credits a picture or names a source.
pub(super) static CREDIT_LINE_STARTS: Phrases = Phrases::new(&[
    "foto:",
    "fotos:",
    "foto ©",
    "fotos ©",
    "bild:",
    "bilder:",
    "titelbild:",
    "beitragsbild:",
    "artikelbild:",
    "vorschaubild:",
    "aufmacherbild:",
    "photo :",
    "photos :",
    "image :",
    "illustration :",
    "photo d'illustration",
    "image d'illustration",
    "image illustrative",
    "fot.",
    "fot:",
    "photo:",
    "photos:",
    "photo credit",
    "photograph by",
    "photographs by",
    "photo by",
    "photos by",
    "image:",
    "images:",
    "image credit",
    "credit:",
    "credits:",
    "©",
    "(c) ",
    "quelle:",
    "bildquelle",
    "source:",
    "crédit",
    "crédits photo",
    "fuente:",
    "foto di",
    "zdjęcie:",
]);

// Element names the passes look for.

/// Leaf blocks that may be a read-also teaser.
pub(super) const TEASER_HOSTS: &[&str] =
    &["p", "li", "div", "blockquote", "h2", "h3", "h4", "h5", "h6"];

/// Elements not walked for trailing snippets (code and tables are content).
pub(super) const NOT_SNIPPETS: &[&str] =
    &["script", "style", "noscript", "template", "pre", "table"];

/// Elements that may be a numbered list of links to other stories (a
/// "most read" box inside the story).
pub(super) const LINK_LIST_HOSTS: &[&str] = &["ul", "ol", "div", "section"];

/// Elements that may be an all-caps promotion line: whole lines only (an
/// all-caps link inside a sentence is a name).
pub(super) const CAPS_PROMO_HOSTS: &[&str] = &["p", "div", "h2", "h3", "h4", "h5", "h6"];

/// Words that make an all-caps line a call to action even when little of
/// it is link text ("GET THE APP BY CLICKING HERE").
pub(super) static CAPS_PROMO_WORDS: Phrases = Phrases::new(&[
    "click",
    "klick",
    "cliquez",
    "clic",
    "haga",
    "tap here",
    "subscribe",
    "abonnier",
    "sign up",
    "download",
    "suscr",
    "inscr",
]);

/// Elements that may be a dateline.
pub(super) const DATE_LINE_HOSTS: &[&str] = &["p", "div", "span", "time", "small"];

/// Elements that may be a gallery counter, an author-box link or a legal
/// notice.
pub(super) const NOTICE_HOSTS: &[&str] = &[
    "p",
    "div",
    "span",
    "small",
    "li",
    "figcaption",
    "a",
    "strong",
    "em",
    "b",
];

/// Elements that may be an advertisement label.
pub(super) const AD_LABEL_HOSTS: &[&str] = &[
    "p", "div", "span", "li", "small", "strong", "b", "em", "h2", "h3", "h4", "h5", "h6",
];

/// Elements whose class/id does not make them furniture: an article's or main's classes are state flags (`node--promoted`, `paywall-on`, `has-comments`), a paragraph is text (`<p class="teasertext">`).
pub(super) const NOT_FURNITURE_BY_CLASS: &[&str] = &["article", "main", "p"];

/// Elements that may be a trailer label ("Related articles").
pub(super) const LABEL_HOSTS: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "strong", "b", "div", "span", "section", "header",
    "dt", "legend",
];

/// Characters of a paywall's prompt at most (see [`GATE_READING`]).
pub(super) const GATE_MAX_CHARS: usize = 300;
/// A paywall's prompt cuts when this share (percent) of the text comes
/// before it: the gate after a preview is often as long as the preview.
pub(super) const GATE_START_PERCENT: usize = 40;

/// Elements that may be a single "Related: &lt;headline&gt;" teaser line.
pub(super) const TEASER_LINE_HOSTS: &[&str] = &["p", "div", "h2", "h3", "h4", "h5", "h6"];

/// Elements that may be a credit line ("Foto: dpa").
pub(super) const CREDIT_LINE_HOSTS: &[&str] = &["p", "small", "em", "i", "span", "div"];

/// Elements that may be a caption ending with a credit, or a figure caption.
pub(super) const CAPTION_HOSTS: &[&str] = &["p", "figcaption", "small", "span", "div"];

/// Inline elements a dateline may hold.
pub(super) const DATE_LINE_INLINE: &[&str] = &["time", "span", "b", "strong", "em", "abbr"];

/// Ancestors under which a date-only line is content (code, tables, lists).
pub(super) const NOT_DATE_LINE_INSIDE: &[&str] = &["pre", "code", "table", "li"];

/// Class/id parts that do not make an inline-only `div` furniture before
/// readability: "teaser" names the story's own lead paragraph as often as
/// another story's teaser (`<div class="teaser_text">`), and readability
/// keeps that paragraph.
pub(super) const NOT_CARRIED: &[&str] = &["teaser"];

/// Readability's phrasing (inline) elements: a `div` holding only these
/// (and text, and links of them) becomes one paragraph.
pub(super) const PHRASING_ELEMENTS: &[&str] = &[
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em",
    "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object",
    "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span", "strong",
    "sub", "sup", "textarea", "time", "var", "wbr",
];

/// Elements whose content is not text a reader sees.
pub(super) const NON_TEXT_ELEMENTS: &[&str] = &["script", "style", "noscript", "template"];

/// Every phrase list above, built by the warm-up ([`super::build_rules`]).
pub(super) static PHRASE_LISTS: &[&Phrases] = &[
    &BAD_PARTS,
    &READ_ALSO,
    &CALL_TO_ACTION,
    &TRAILER_MARKERS,
    &GATE_READING,
    &GATE_ACTIONS,
    &GALLERY_LABELS,
    &AUTHOR_BOX_LINKS,
    &LEGAL_NOTICES,
    &AD_DISCLOSURES,
    &RIGHTS_RESERVED,
    &PROTECTED_BY_COPYRIGHT,
    &CITATION_STARTS,
    &LICENCE_TERMS,
    &LICENCE_NAMES,
    &POST_META_STARTS,
    &DISCLAIMER_OPINIONS,
    &DISCLAIMER_DENIALS,
    &DISCLAIMER_PARTIES,
    &CREDIT_MARKERS,
    &FIGURE_LABELS,
    &ZOOM_HINTS,
    &CREDIT_LINE_STARTS,
    &CAPS_PROMO_WORDS,
];

// Thresholds (characters are non-whitespace characters unless stated).

/// A furniture element goes only when it holds at most this share
/// (percent) of the article's text (else it is a wrapper such as
/// `<div class="content has-comments">`).
pub(super) const FURNITURE_MAX_PERCENT: usize = 30;
/// Furniture adding up to more than this share (percent) of the article
/// stays: the class names are then the site's own vocabulary.
pub(super) const FURNITURE_ALL_PERCENT: usize = 90;
/// Articles shorter than this are not searched for a trailing section.
pub(super) const TRAILER_MIN_CHARS: usize = 200;
/// Longest trailer label, label and teaser included (characters).
pub(super) const LABEL_MAX_CHARS: usize = 80;
/// A paragraph of real prose has this many characters (and, after a link
/// box, under `PROSE_MAX_LINK_PERCENT` link text).
pub(super) const PROSE_CHARS: usize = 150;
pub(super) const PROSE_MAX_LINK_PERCENT: usize = 30;
/// Longest dateline (characters).
pub(super) const DATE_LINE_MAX_CHARS: usize = 60;
/// Longest gallery counter (characters).
pub(super) const GALLERY_COUNTER_MAX_CHARS: usize = 30;
/// Longest author-box link (characters).
pub(super) const AUTHOR_LINK_MAX_CHARS: usize = 60;
/// Longest citation or copyright notice (characters).
pub(super) const LEGAL_NOTICE_MAX_CHARS: usize = 400;
/// Longest read-also teaser block (characters).
pub(super) const TEASER_MAX_CHARS: usize = 300;
/// Articles shorter than this (leaf-block characters) keep their trailing
/// snippets.
pub(super) const SNIPPETS_MIN_CHARS: usize = 500;
/// A trailing snippet is shorter than this (characters).
pub(super) const SNIPPET_MAX_CHARS: usize = 80;
/// A numbered link list has at least this many items...
pub(super) const LINK_LIST_MIN_ITEMS: usize = 3;
/// ...each at least this share (percent) link text, and each numbered
/// 1, 2, 3... at its start or end.
pub(super) const LINK_LIST_ITEM_LINK_PERCENT: usize = 50;
/// An all-caps promotion line is at most this long (characters) and has
/// at least this many letters, all upper-case.
pub(super) const CAPS_PROMO_MAX_CHARS: usize = 150;
pub(super) const CAPS_PROMO_MIN_LETTERS: usize = 12;
/// Longest trailing call to action (characters).
pub(super) const CALL_TO_ACTION_MAX_CHARS: usize = 400;

/// How a server's error message printed into the page starts (PHP's
/// error levels, longest first where one starts another).
pub(super) const SERVER_ERROR_LEVELS: &[&str] = &[
    "PHP Catchable fatal error",
    "PHP Fatal error",
    "PHP Parse error",
    "PHP Warning",
    "PHP Notice",
    "PHP Deprecated",
    "PHP Strict Standards",
    "Catchable fatal error",
    "Recoverable fatal error",
    "Fatal error",
    "Parse error",
    "Warning",
    "Notice",
    "Deprecated",
    "Strict Standards",
];
/// Most sibling nodes one error message spans (`<b>Warning</b>`, `: …
/// in `, `<b>/path</b>`, ` on line `, `<b>12</b>`).
pub(super) const SERVER_ERROR_MAX_NODES: usize = 8;

// How far the passes go, per `favor` (see `Favor`).

/// What the passes remove under one `favor`.
pub(super) struct Strictness {
    /// Captions (`figcaption`, caption classes) go whatever they say (else
    /// only photo credits and labelled figure captions).
    pub captions: bool,
    /// Photo credits and credit lines go.
    pub credits: bool,
    /// Short leaf blocks that are mostly link text go (trafilatura's link
    /// density test).
    pub link_dense: bool,
    /// After the last prose, the trailing run of blocks shorter than this
    /// (characters) that do not read like sentences goes.
    pub snippet_max_chars: usize,
    /// Those shorter than this (characters) go even when they read like
    /// sentences (0: none).
    pub snippet_sentence_max_chars: usize,
    /// A trailer label cuts only when this share (percent) of the text
    /// comes before it.
    pub trailer_start_percent: usize,
}

/// `balanced` (the default): credits, trailers from the last 35% of the text.
pub(super) const BALANCED: Strictness = Strictness {
    captions: false,
    credits: true,
    link_dense: false,
    snippet_max_chars: SNIPPET_MAX_CHARS,
    snippet_sentence_max_chars: 0,
    trailer_start_percent: 65,
};

/// `precision`: captions and link-dense blocks too, short sentences in the
/// trailing run, trailers from the last half.
pub(super) const PRECISION: Strictness = Strictness {
    captions: true,
    credits: true,
    link_dense: true,
    snippet_max_chars: 150,
    snippet_sentence_max_chars: 80,
    trailer_start_percent: 50,
};

/// `recall`: as `balanced`, but photo credits stay.
pub(super) const RECALL: Strictness = Strictness {
    captions: false,
    credits: false,
    link_dense: false,
    snippet_max_chars: SNIPPET_MAX_CHARS,
    snippet_sentence_max_chars: 0,
    trailer_start_percent: 65,
};

/// Longest link-dense block removed under `link_dense` (characters), and
/// the share (percent) of link text that makes it link-dense.
pub(super) const LINK_DENSE_MAX_CHARS: usize = 300;
pub(super) const LINK_DENSE_PERCENT: usize = 50;

#[cfg(test)]
mod tests {
    use super::PHRASE_LISTS;

    /// Every phrase list of this module is in `PHRASE_LISTS`, so the
    /// warm-up builds it.
    #[test]
    fn every_phrase_list_is_listed() {
        let (defined, listed) =
            crate::util::statics_and_list(include_str!("vocab.rs"), "Phrases", "PHRASE_LISTS");
        assert_eq!(defined, listed);
        assert_eq!(listed.len(), PHRASE_LISTS.len());
    }
}
