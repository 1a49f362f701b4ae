/*
 * Suite 4, API misuse from C: what tests/c/test_api.c does not already cover.
 * NULLs everywhere, zero and enormous lengths, invalid UTF-8 in every string
 * argument, wrong JSON types, corrupted components, freeing NULL, the very
 * first extractors created by 64 threads at once, and one handle used by 64
 * threads while they extract. Every call must return its documented status
 * (and, where there is an out parameter, a well-formed error JSON).
 *
 *   api_misuse FIXTURES_DIR HOSTILE_COMPONENT.wasm
 *
 * RX_MISUSE_THREADS (default 64), RX_MISUSE_ROUNDS (default 4),
 * RX_MISUSE_CORRUPT (corrupted components, default 24), RX_MISUSE_CHURN
 * (handles created and freed, default 200) and RX_MISUSE_FUEL=0 (no fuel
 * engine: one compile of the embedded component instead of two) scale the
 * workload down for Valgrind.
 */
#include "rx_robust.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fixtures, *hostile_path;
static unsigned char *page;
static size_t page_len;
static long n_threads, n_rounds;
static int use_fuel = 1;

static const char *const RESULT_KEYS[] = {"url", "title", "byline", "published_iso", "markdown", "text",
                                          "links", "media", "language", "reading_time", "quality_score",
                                          "word_count", "categories", "site_name", "description"};

/* A result object: begins with {"url": and has every documented key. */
static int result_json_ok(const char *json) {
    if (!json || strncmp(json, "{\"url\":", 7) != 0 || json[strlen(json) - 1] != '}') return 0;
    for (size_t i = 0; i < sizeof RESULT_KEYS / sizeof *RESULT_KEYS; i++) {
        char key[64];
        snprintf(key, sizeof key, "\"%s\":", RESULT_KEYS[i]);
        if (!strstr(json, key)) return 0;
    }
    return 1;
}

/* Out JSON of any call: a result on OK, an error object naming the status otherwise. */
static int out_ok(RxStatus st, const char *json, size_t len) {
    if (!json || len != strlen(json)) return 0;
    return st == RX_STATUS_OK ? json[0] == '{' || json[0] == '[' : rb_error_json_ok(json, st);
}

static unsigned char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(2);
    }
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

/* rx_extract with the usual out-parameter checks; returns the status. */
static RxStatus ex_call(const RxExtractor *ex, const void *html, size_t len, const char *url, const char *opts,
                        const char *charset, char **json_out) {
    char *json = (char *)0x1; /* must be overwritten */
    size_t out_len = 777;
    RxStatus st = rx_extract(ex, html, len, url, opts, charset, &json, &out_len);
    RB_CHECK(json != (char *)0x1 && out_ok(st, json, out_len), "out JSON for %s: %.200s", rx_status_name((int)st),
             json && json != (char *)0x1 ? json : "NULL");
    if (st == RX_STATUS_OK) RB_CHECK(result_json_ok(json), "result keys: %.200s", json);
    if (json_out) *json_out = json;
    else rx_string_free(json);
    return st;
}

#define EXPECT(ex, html, len, url, opts, cs, want)                                                             \
    do {                                                                                                       \
        char *j_ = NULL;                                                                                       \
        RxStatus s_ = ex_call(ex, html, len, url, opts, cs, &j_);                                              \
        RB_CHECK(s_ == (want), "%s: got %s, want %s (%.200s)", #opts, rx_status_name((int)s_),                 \
                 rx_status_name((int)(want)), j_ ? j_ : "NULL");                                               \
        rx_string_free(j_);                                                                                    \
    } while (0)

/* Invalid UTF-8 shapes: a lone continuation byte, an overlong '/', a UTF-16
 * surrogate, a truncated sequence, a code point past U+10FFFF, 0xFF. */
static const char *const BAD_UTF8[] = {"\x80", "\xc0\xaf", "\xed\xa0\x80", "a\xe2\x82", "\xf4\x90\x80\x80", "\xff"};
enum { NBAD = sizeof BAD_UTF8 / sizeof *BAD_UTF8 };

static char *nested(char open, char close, size_t depth) {
    char *s = malloc(2 * depth + 1);
    memset(s, open, depth);
    memset(s + depth, close, depth);
    s[2 * depth] = 0;
    return s;
}

/* ---- First of all: 64 threads create the process's first extractors at once. */

static atomic_int go;
struct creator {
    int fuel;
    RxStatus st;
    RxExtractor *ex;
};

static void *create_at_once(void *arg) {
    struct creator *c = arg;
    while (!atomic_load(&go)) sched_yield();
    c->st = rx_extractor_new(c->fuel ? "{\"fuel\": 100000000000}" : NULL, &c->ex, NULL);
    return NULL;
}

static void test_first_creation_race(void) {
    long n = n_threads;
    pthread_t *t = calloc((size_t)n, sizeof *t);
    struct creator *c = calloc((size_t)n, sizeof *c);
    for (long i = 0; i < n; i++) {
        c[i].fuel = use_fuel && i % 2;
        RB_CHECK(pthread_create(&t[i], NULL, create_at_once, &c[i]) == 0, "pthread_create");
    }
    atomic_store(&go, 1);
    int ok = 0;
    for (long i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        ok += c[i].st == RX_STATUS_OK && c[i].ex;
    }
    RB_CHECK(ok == n, "%d of %ld first extractors created at once", ok, n);
    /* Each works, then all are freed. */
    for (long i = 0; i < n; i += n / 4 > 0 ? n / 4 : 1) {
        char *j = NULL;
        RxStatus st = ex_call(c[i].ex, page, page_len, "https://coastal.example/a", NULL, NULL, &j);
        RB_CHECK(st == RX_STATUS_OK && strstr(j, "How Lighthouses Work"), "extractor %ld: %.200s", i, j);
        rx_string_free(j);
    }
    for (long i = 0; i < n; i++) rx_extractor_free(c[i].ex);
    free(t);
    free(c);
}

/* ---- Constructors. */

static void expect_config(const char *config, RxStatus want) {
    RxExtractor *ex = (RxExtractor *)0x1;
    char *err = (char *)0x1;
    RxStatus st = rx_extractor_new(config, &ex, &err);
    RB_CHECK(st == want, "config %.80s: got %s, want %s (%s)", config, rx_status_name((int)st),
             rx_status_name((int)want), err && err != (char *)0x1 ? err : "NULL");
    if (st == RX_STATUS_OK) {
        RB_CHECK(ex && ex != (RxExtractor *)0x1 && err == NULL, "handle set, error cleared");
        rx_extractor_free(ex);
    } else {
        RB_CHECK(ex == NULL && rb_error_json_ok(err, st), "handle cleared and error JSON: %s", err ? err : "NULL");
        rx_string_free(err);
    }
}

static void test_constructors(void) {
    const char *wrong_types[] = {"null", "true", "1", "\"config\"", "{\"fuel\": 1.5}", "{\"fuel\": true}",
                                 "{\"timeout_ms\": null}", "{\"timeout_ms\": 1e3}", "{\"timeout_ms\": [100]}",
                                 "{\"max_memory_bytes\": 18446744073709551616}",
                                 "{\"max_memory_bytes\": 4294967297}", "{\"max_input_bytes\": 1073741825}",
                                 "{\"timeout_ms\": 86400001}", "{\"timeout_ms\": 5} trailing", "{\"fuel\": {}}",
                                 "{\"Timeout_ms\": 5}", "{\"timeout_ms\": 5,}"};
    for (size_t i = 0; i < sizeof wrong_types / sizeof *wrong_types; i++) expect_config(wrong_types[i], RX_STATUS_INVALID_CONFIG);
    char *deep = nested('[', ']', 100000);
    expect_config(deep, RX_STATUS_INVALID_CONFIG); /* no stack overflow in the JSON parser */
    free(deep);
    for (int i = 0; i < NBAD; i++) {
        char cfg[64];
        snprintf(cfg, sizeof cfg, "{\"timeout_ms\": 5, \"%s\": 1}", BAD_UTF8[i]);
        expect_config(cfg, RX_STATUS_INVALID_ARGUMENT);
    }
    /* The limits at their edges are accepted. */
    expect_config("{\"max_memory_bytes\": 1048576, \"timeout_ms\": 1, \"fuel\": 1, \"max_input_bytes\": 1}", RX_STATUS_OK);
    expect_config("{\"max_memory_bytes\": 4294967296, \"timeout_ms\": 86400000, \"fuel\": 18446744073709551615, "
                  "\"max_input_bytes\": 1073741824}", RX_STATUS_OK);
    /* 1 MiB of whitespace around an empty object. */
    char *spaces = malloc((1 << 20) + 3);
    memset(spaces, ' ', 1 << 20);
    memcpy(spaces + (1 << 20), "{}", 3);
    expect_config(spaces, RX_STATUS_OK);
    free(spaces);

    /* No out_error: the status alone. */
    RxExtractor *ex = (RxExtractor *)0x1;
    RB_CHECK(rx_extractor_new("{", &ex, NULL) == RX_STATUS_INVALID_CONFIG && ex == NULL, "no out_error");
    RB_CHECK(rx_extractor_new_from_file(NULL, NULL, NULL, NULL) == RX_STATUS_INVALID_ARGUMENT, "all NULL (file)");
    RB_CHECK(rx_extractor_new_from_bytes(NULL, 0, NULL, NULL, NULL) == RX_STATUS_INVALID_ARGUMENT, "all NULL (bytes)");
    RB_CHECK(rx_extractor_new_from_file(hostile_path, "{", &ex, NULL) == RX_STATUS_INVALID_CONFIG, "config first");

    /* Paths: invalid UTF-8 bytes (allowed: the OS's bytes), empty, too long, an empty file. */
    const char *paths[] = {"/tmp/\xff\xfe-rx-no-such.wasm", "", "/dev/null"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        char *err = NULL;
        ex = (RxExtractor *)0x1;
        RxStatus st = rx_extractor_new_from_file(paths[i], NULL, &ex, &err);
        RB_CHECK(st == RX_STATUS_COMPONENT_LOAD && ex == NULL && rb_error_json_ok(err, st), "path %zu: %s", i,
                 err ? err : "NULL");
        rx_string_free(err);
    }
    char *long_path = malloc(70000);
    memset(long_path, 'a', 69999);
    long_path[0] = '/';
    long_path[69999] = 0;
    char *err = NULL;
    RxStatus st = rx_extractor_new_from_file(long_path, NULL, &ex, &err);
    RB_CHECK(st == RX_STATUS_COMPONENT_LOAD && rb_error_json_ok(err, st), "long path: %.100s", err ? err : "NULL");
    rx_string_free(err);
    free(long_path);

    /* Bytes: impossible lengths are refused before anything is read. */
    static const unsigned char one = 0;
    size_t lens[] = {SIZE_MAX, (size_t)PTRDIFF_MAX + 1};
    for (int i = 0; i < 2; i++) {
        err = NULL;
        st = rx_extractor_new_from_bytes(&one, lens[i], NULL, &ex, &err);
        RB_CHECK(st == RX_STATUS_INVALID_ARGUMENT && rb_error_json_ok(err, st), "bytes len %zu: %s", lens[i],
                 err ? err : "NULL");
        rx_string_free(err);
    }

    /* Truncated and corrupted copies of a real component: a load error or a
     * working handle, never a crash. */
    size_t clen;
    unsigned char *comp = read_all(hostile_path, &clen);
    size_t cuts[] = {8, 9, 64, clen / 3, clen / 2, clen - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        err = NULL;
        ex = NULL;
        st = rx_extractor_new_from_bytes(comp, cuts[i], NULL, &ex, &err);
        RB_CHECK(st == RX_STATUS_COMPONENT_LOAD && ex == NULL && rb_error_json_ok(err, st), "cut at %zu: %s", cuts[i],
                 err ? err : "NULL");
        rx_string_free(err);
    }
    unsigned seed = 12345;
    int loaded = 0, refused = 0;
    long n_corrupt = rb_env_long("RX_MISUSE_CORRUPT", 24);
    for (long i = 0; i < n_corrupt; i++) {
        unsigned char *copy = malloc(clen);
        memcpy(copy, comp, clen);
        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 4) % clen] ^= (unsigned char)(1u << ((seed >> 1) % 8));
        }
        err = NULL;
        ex = NULL;
        st = rx_extractor_new_from_bytes(copy, clen, NULL, &ex, &err);
        free(copy);
        if (st == RX_STATUS_OK) {
            loaded++;
            char *j = NULL;
            RxStatus s2 = ex_call(ex, "<p>x</p>", 8, "hostile://ok", NULL, NULL, &j);
            RB_CHECK(s2 != RX_STATUS_PANIC && s2 != RX_STATUS_INTERNAL, "corrupted component ran: %s", j);
            rx_string_free(j);
            rx_extractor_free(ex);
        } else {
            refused++;
            RB_CHECK(st == RX_STATUS_COMPONENT_LOAD && rb_error_json_ok(err, st), "corruption %ld: %s", i,
                     err ? err : "NULL");
            rx_string_free(err);
        }
    }
    printf("  corrupted components: %d refused (component_load), %d still loaded and ran\n", refused, loaded);
    free(comp);
}

/* ---- rx_extract and the query functions. */

static void test_extract_arguments(void) {
    RxExtractor *ex = NULL;
    RB_CHECK(rx_extractor_new("{\"max_input_bytes\": 4096}", &ex, NULL) == RX_STATUS_OK, "create");
    if (!ex) return;
    const char *html = "<html><head><title>T</title></head><body><p>Hello world, a paragraph.</p></body></html>";
    size_t hlen = strlen(html);

    /* NULL handle and out parameters in every combination that matters. */
    RB_CHECK(rx_extract(NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL) == RX_STATUS_INVALID_ARGUMENT, "all NULL");
    size_t out_len = 5;
    RB_CHECK(rx_extract(ex, (const unsigned char *)html, hlen, NULL, NULL, NULL, NULL, &out_len) == RX_STATUS_INVALID_ARGUMENT &&
                 out_len == 0, "NULL out_json clears out_len");
    EXPECT(NULL, html, hlen, "http://x/", "{\"mode\":\"full\"}", NULL, RX_STATUS_INVALID_ARGUMENT);

    /* Lengths: zero with and without a pointer, the limit's edge, enormous. */
    EXPECT(ex, html, 0, NULL, NULL, NULL, RX_STATUS_INVALID_HTML);
    EXPECT(ex, NULL, 0, NULL, "{\"mode\":\"metadata\"}", NULL, RX_STATUS_INVALID_HTML);
    unsigned char *big = malloc(4097);
    memset(big, 'a', 4097);
    memcpy(big, "<p>", 3);
    EXPECT(ex, big, 4096, NULL, NULL, NULL, RX_STATUS_OK);
    EXPECT(ex, big, 4097, NULL, NULL, NULL, RX_STATUS_INPUT_TOO_LARGE);
    free(big);
    size_t huge[] = {SIZE_MAX, SIZE_MAX / 2, (size_t)PTRDIFF_MAX + 1, (size_t)1 << 32, 4097};
    for (size_t i = 0; i < sizeof huge / sizeof *huge; i++) {
        EXPECT(ex, html, huge[i], NULL, NULL, NULL, RX_STATUS_INPUT_TOO_LARGE);
        char *j = NULL;
        RxStatus st = ex_call(ex, NULL, huge[i], NULL, NULL, NULL, &j);
        RB_CHECK(st == RX_STATUS_INPUT_TOO_LARGE || st == RX_STATUS_INVALID_ARGUMENT, "NULL html, len %zu: %s",
                 huge[i], j);
        rx_string_free(j);
        j = NULL;
        st = rx_extractor_validate_html(ex, (const unsigned char *)html, huge[i], NULL, &j, &out_len);
        RB_CHECK(st == RX_STATUS_INPUT_TOO_LARGE && out_ok(st, j, out_len), "validate len %zu: %s", huge[i], j);
        rx_string_free(j);
    }

    /* Invalid UTF-8 in url, options and charset, wherever it sits. */
    for (int i = 0; i < NBAD; i++) {
        char url[64], opts[64], cs[64];
        snprintf(url, sizeof url, "http://x.example/%s", BAD_UTF8[i]);
        snprintf(opts, sizeof opts, "{\"mode\":\"full\",\"%s\":1}", BAD_UTF8[i]);
        snprintf(cs, sizeof cs, "text/html; charset=%s", BAD_UTF8[i]);
        EXPECT(ex, html, hlen, url, NULL, NULL, RX_STATUS_INVALID_ARGUMENT);
        EXPECT(ex, html, hlen, NULL, opts, NULL, RX_STATUS_INVALID_ARGUMENT);
        EXPECT(ex, html, hlen, NULL, NULL, cs, RX_STATUS_INVALID_ARGUMENT);
        EXPECT(ex, html, hlen, NULL, NULL, BAD_UTF8[i], RX_STATUS_INVALID_ARGUMENT);
        char *j = NULL;
        RxStatus st = rx_extractor_validate_html(ex, (const unsigned char *)html, hlen, cs, &j, &out_len);
        RB_CHECK(st == RX_STATUS_INVALID_ARGUMENT && out_ok(st, j, out_len), "validate charset: %s", j);
        rx_string_free(j);
    }
    /* Invalid UTF-8 in the HTML is data, not an error. */
    EXPECT(ex, "<p>\xff\xfe\xed\xa0\x80 text</p>", 16, NULL, NULL, NULL, RX_STATUS_OK);

    /* Options of the wrong JSON types: invalid_options. */
    const char *bad_types[] = {"null", "true", "1", "\"article\"", "[]", "{\"mode\":null}", "{\"mode\":[\"full\"]}",
                               "{\"mode\":{\"custom\":null}}", "{\"mode\":{\"custom\":[null]}}",
                               "{\"mode\":{\"custom\":[[\"p\"]]}}", "{\"mode\":{\"custom\":{\"p\":1}}}",
                               "{\"mode\":{\"custom\":[\"p\"],\"x\":1}}", "{\"mode\":{\"full\":true}}",
                               "{\"with_stats\":null}", "{\"with_stats\":\"true\"}", "{\"with_stats\":0}",
                               "{\"mode\":\"article\"} x", "{\"mode\":\"article\",}", "{'mode':'full'}"};
    for (size_t i = 0; i < sizeof bad_types / sizeof *bad_types; i++)
        EXPECT(ex, html, hlen, NULL, bad_types[i], NULL, RX_STATUS_INVALID_OPTIONS);
    char *deep = nested('{', '}', 100000);
    EXPECT(ex, html, hlen, NULL, deep, NULL, RX_STATUS_INVALID_OPTIONS);
    free(deep);
    deep = nested('[', ']', 100000);
    EXPECT(ex, html, hlen, NULL, deep, NULL, RX_STATUS_INVALID_OPTIONS);
    free(deep);
    /* Modes that do not exist and selectors that do not parse: unsupported_mode. */
    const char *unsupported[] = {"{\"mode\":\"\"}", "{\"mode\":\"ARTICLE\"}", "{\"mode\":\"article \"}",
                                 "{\"mode\":{\"custom\":[\"p\",\"<<<\"]}}", "{\"mode\":{\"custom\":[\":has(\"]}}",
                                 "{\"mode\":{\"custom\":[\"   \"]}}",
                                 "{\"mode\":{\"custom\":[\"div >\"]}}"};
    for (size_t i = 0; i < sizeof unsupported / sizeof *unsupported; i++)
        EXPECT(ex, html, hlen, NULL, unsupported[i], NULL, RX_STATUS_UNSUPPORTED_MODE);
    /* CSS reads U+0000 as U+FFFD: a valid selector that matches nothing. */
    EXPECT(ex, html, hlen, NULL, "{\"mode\":{\"custom\":[\"p\\u0000\"]}}", NULL, RX_STATUS_OK);
    /* Empty options are the defaults. */
    EXPECT(ex, html, hlen, NULL, "", NULL, RX_STATUS_OK);
    EXPECT(ex, html, hlen, NULL, " \n", NULL, RX_STATUS_OK);

    /* Big but legal arguments: 10,000 selectors, a 200 KB selector, a 1 MiB URL,
     * a 64 KiB charset. A documented status, never a panic. */
    size_t cap = 10000 * 6 + 64;
    char *many = malloc(cap);
    strcpy(many, "{\"mode\":{\"custom\":[");
    for (int i = 0; i < 10000; i++) strcat(many, i ? ",\"p\"" : "\"p\"");
    strcat(many, "]}}");
    EXPECT(ex, html, hlen, NULL, many, NULL, RX_STATUS_OK);
    free(many);
    char *longsel = malloc(200064);
    size_t pos = (size_t)sprintf(longsel, "{\"mode\":{\"custom\":[\"");
    for (int i = 0; i < 33000; i++, pos += 6) memcpy(longsel + pos, "div > ", 6);
    strcpy(longsel + pos, "p\"]}}");
    char *j = NULL;
    RxStatus st = ex_call(ex, html, hlen, NULL, longsel, NULL, &j);
    RB_CHECK(st == RX_STATUS_OK || st == RX_STATUS_UNSUPPORTED_MODE, "200 KB selector: %.200s", j);
    rx_string_free(j);
    free(longsel);
    char *longurl = malloc((1 << 20) + 1);
    memset(longurl, 'a', 1 << 20);
    memcpy(longurl, "http://x.example/", 17);
    longurl[1 << 20] = 0;
    EXPECT(ex, html, hlen, longurl, NULL, NULL, RX_STATUS_OK);
    free(longurl);
    const char *odd_urls[] = {"", "not a url", "javascript:alert(1)", "http://[::1", "file:///etc/passwd",
                              "http://\xe4\xbe\x8b\xe5\xad\x90.\xe6\xb5\x8b\xe8\xaf\x95/"};
    for (size_t i = 0; i < sizeof odd_urls / sizeof *odd_urls; i++)
        EXPECT(ex, html, hlen, odd_urls[i], NULL, NULL, RX_STATUS_OK);
    char *longcs = malloc(65537);
    memset(longcs, 'x', 65536);
    longcs[65536] = 0;
    const char *odd_charsets[] = {"", "x-klingon", "text/html; charset=", "text/html; charset=\"utf-16le\"",
                                  "utf-16be", "replacement", "iso-2022-kr", "x-user-defined", longcs};
    for (size_t i = 0; i < sizeof odd_charsets / sizeof *odd_charsets; i++) {
        j = NULL;
        st = ex_call(ex, html, hlen, NULL, NULL, odd_charsets[i], &j);
        RB_CHECK(st == RX_STATUS_OK || st == RX_STATUS_INVALID_HTML, "charset %.40s: %.200s", odd_charsets[i], j);
        rx_string_free(j);
    }
    free(longcs);

    /* The query functions: out_len matches, NULL handles and out pointers. */
    RxStatus (*queries[])(const RxExtractor *, char **, size_t *) = {rx_extractor_info, rx_extractor_health,
                                                                    rx_extractor_modes, rx_extractor_stats};
    for (int q = 0; q < 4; q++) {
        j = NULL;
        out_len = 0;
        st = queries[q](ex, &j, &out_len);
        RB_CHECK(st == RX_STATUS_OK && out_ok(st, j, out_len), "query %d: %s", q, j);
        rx_string_free(j);
        out_len = 3;
        RB_CHECK(queries[q](NULL, NULL, &out_len) == RX_STATUS_INVALID_ARGUMENT && out_len == 0, "query %d NULLs", q);
    }
    out_len = 3;
    RB_CHECK(rx_extractor_validate_html(NULL, NULL, 0, NULL, NULL, &out_len) == RX_STATUS_INVALID_ARGUMENT && out_len == 0,
             "validate all NULL");
    j = NULL;
    st = rx_extractor_validate_html(NULL, (const unsigned char *)html, hlen, NULL, &j, NULL);
    RB_CHECK(st == RX_STATUS_INVALID_ARGUMENT && rb_error_json_ok(j, st), "validate NULL handle: %s", j);
    rx_string_free(j);
    j = NULL;
    st = rx_extractor_validate_html(ex, NULL, 0, NULL, &j, NULL);
    RB_CHECK(st == RX_STATUS_OK && j && strcmp(j, "{\"valid\":false}") == 0, "validate empty: %s", j);
    rx_string_free(j);

    /* Static functions and frees of NULL. */
    int codes[] = {INT_MIN, -1, RX_STATUS_HOST_RESOURCES + 1, 255, 1 << 20, INT_MAX};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        RB_CHECK(strcmp(rx_status_name(codes[i]), "unknown") == 0, "status name %d", codes[i]);
    for (int i = 0; i <= RX_STATUS_HOST_RESOURCES; i++) RB_CHECK(rx_status_name(i) && strcmp(rx_status_name(i), "unknown") != 0, "%d", i);
    for (int i = 0; i < 1000; i++) {
        rx_string_free(NULL);
        rx_extractor_free(NULL);
    }
    rb_passed++;
    rx_extractor_free(ex);
}

/* ---- The compiled-code cache (config "cache_dir"): damaged entries, a
 * directory others may write, a directory that cannot exist. A damaged or
 * untrusted cache may cost a compile, never a failure or a crash. */

static int hostile_works(const char *config) {
    RxExtractor *ex = NULL;
    char *err = NULL;
    RxStatus st = rx_extractor_new_from_file(hostile_path, config, &ex, &err);
    int ok = st == RX_STATUS_OK;
    if (!ok) fprintf(stderr, "  cache config %s: %s\n", config, err ? err : "?");
    rx_string_free(err);
    if (ok) {
        char *j = NULL;
        ok = ex_call(ex, "<p>cache</p>", 12, "hostile://ok", NULL, NULL, &j) == RX_STATUS_OK && strstr(j, "<p>cache</p>");
        rx_string_free(j);
    }
    rx_extractor_free(ex);
    return ok;
}

/* The single cache entry in `dir` (its path into `out`), or 0. */
static int cache_entry(const char *dir, char *out, size_t cap) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".rxcc")) {
            snprintf(out, cap, "%s/%s", dir, e->d_name);
            found = 1;
        }
    closedir(d);
    return found;
}

static long file_size(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void test_cache(void) {
    char dir[] = "/tmp/rx-cache-XXXXXX";
    RB_CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char config[256], entry[512];
    snprintf(config, sizeof config, "{\"cache_dir\": \"%s\", \"timeout_ms\": 10000}", dir);
    RB_CHECK(hostile_works(config), "fresh cache");
    if (!cache_entry(dir, entry, sizeof entry)) {
        /* A library without a persistent cache: nothing more to damage. */
        printf("  no cache entry written in %s: cache checks skipped\n", dir);
        rmdir(dir);
        return;
    }
    long good = file_size(entry);
    RB_CHECK(hostile_works(config), "warm cache");
    /* Damage the entry in three ways; each time the next load must work and
     * leave a valid entry (rewritten, same size) behind. */
    for (int k = 0; k < 3; k++) {
        FILE *f = fopen(entry, "r+b");
        RB_CHECK(f != NULL, "open %s", entry);
        if (!f) break;
        if (k == 0) { /* one payload byte flipped: checksum mismatch */
            fseek(f, good / 2, SEEK_SET);
            int c = fgetc(f);
            fseek(f, good / 2, SEEK_SET);
            fputc(c ^ 0x5a, f);
        } else if (k == 1) { /* truncated inside the header */
            RB_CHECK(ftruncate(fileno(f), 20) == 0, "truncate");
        } else { /* the magic overwritten */
            fwrite("XXXXXXXX", 1, 8, f);
        }
        fclose(f);
        RB_CHECK(hostile_works(config), "damaged cache entry %d", k);
        RB_CHECK(file_size(entry) == good, "entry %d rewritten: %ld bytes, want %ld", k, file_size(entry), good);
    }
    /* A directory others may write is not trusted (not read), but works. */
    RB_CHECK(chmod(dir, 0777) == 0, "chmod");
    RB_CHECK(hostile_works(config), "world-writable cache directory");
    chmod(dir, 0700);
    unlink(entry);
    rmdir(dir);
    /* A cache directory that cannot be created, and the cache disabled. */
    RB_CHECK(hostile_works("{\"cache_dir\": \"/dev/null/rx-cache\"}"), "uncreatable cache directory");
    RB_CHECK(hostile_works("{\"cache_dir\": \"\"}"), "cache disabled");
    /* Wrong types and bad UTF-8 in the setting. */
    expect_config("{\"cache_dir\": 5}", RX_STATUS_INVALID_CONFIG);
    expect_config("{\"cache_dir\": [\"/tmp\"]}", RX_STATUS_INVALID_CONFIG);
    expect_config("{\"cache_dir\": \"/tmp/\xff\"}", RX_STATUS_INVALID_ARGUMENT);
}

/* ---- Handles created and freed repeatedly: no resource growth. */

static void test_handle_churn(void) {
    long n = rb_env_long("RX_MISUSE_CHURN", 200);
    RxExtractor *ex = NULL;
    /* Warm up once so the lazily created state exists. */
    rx_extractor_new(NULL, &ex, NULL);
    rx_extractor_free(ex);
    long fds = rb_open_fds(), threads = rb_threads(), maps = rb_maps();
    int ok = 0;
    for (long i = 0; i < n; i++) {
        ex = NULL;
        ok += rx_extractor_new(use_fuel && i % 2 ? "{\"fuel\": 1000000000}" : "{\"timeout_ms\": 5000}", &ex, NULL) ==
              RX_STATUS_OK;
        if (i % 20 == 0) {
            char *j = NULL;
            ex_call(ex, page, page_len, NULL, "{\"mode\":\"metadata\"}", NULL, &j);
            rx_string_free(j);
        }
        rx_extractor_free(ex);
    }
    RB_CHECK(ok == n, "%d of %ld extractors created", ok, n);
    RB_CHECK(rb_open_fds() == fds && rb_threads() == threads, "fds %ld -> %ld, threads %ld -> %ld", fds,
             rb_open_fds(), threads, rb_threads());
    RB_CHECK(rb_maps() - maps <= 8, "maps %ld -> %ld after %ld handles", maps, rb_maps(), n);
}

/* ---- One handle, 64 threads, all extracting (and misusing) at once. */

struct user {
    const RxExtractor *ex;
    int id;
    long ok, right_errors, wrong;
};

static void *use_shared(void *arg) {
    struct user *u = arg;
    static const char *const modes[] = {NULL, "{\"mode\":\"full\"}", "{\"mode\":\"metadata\"}",
                                        "{\"mode\":{\"custom\":[\"p\",\"div > span\",\"h1\"]}}"};
    for (long r = 0; r < n_rounds; r++) {
        int m = (int)((u->id + r) % 4);
        char *j = NULL;
        size_t len = 0;
        RxStatus st = rx_extract(u->ex, page, page_len, "https://coastal.example/articles/x", modes[m], NULL, &j, &len);
        if (st == RX_STATUS_OK && out_ok(st, j, len) && result_json_ok(j) && strstr(j, "How Lighthouses Work")) u->ok++;
        else {
            u->wrong++;
            fprintf(stderr, "FAIL thread %d mode %d: %s %.200s\n", u->id, m, rx_status_name((int)st), j);
        }
        rx_string_free(j);
        /* Interleaved misuse on the same handle. */
        struct {
            const void *html;
            size_t len;
            const char *url, *opts;
            RxStatus want;
        } bad[] = {
            {page, SIZE_MAX, NULL, NULL, RX_STATUS_INPUT_TOO_LARGE},
            {NULL, 7, NULL, NULL, RX_STATUS_INVALID_ARGUMENT},
            {page, page_len, "http://x/\xff", NULL, RX_STATUS_INVALID_ARGUMENT},
            {page, page_len, NULL, "{\"mode\":3}", RX_STATUS_INVALID_OPTIONS},
            {page, page_len, NULL, "{\"mode\":{\"custom\":[\"p[[\"]}}", RX_STATUS_UNSUPPORTED_MODE},
            {"", 0, NULL, NULL, RX_STATUS_INVALID_HTML},
        };
        int b = (int)((u->id * 7 + r) % 6);
        j = NULL;
        st = rx_extract(u->ex, bad[b].html, bad[b].len, bad[b].url, bad[b].opts, NULL, &j, &len);
        if (st == bad[b].want && out_ok(st, j, len)) u->right_errors++;
        else {
            u->wrong++;
            fprintf(stderr, "FAIL thread %d misuse %d: %s %.200s\n", u->id, b, rx_status_name((int)st), j);
        }
        rx_string_free(j);
        /* And a query. */
        j = NULL;
        RxStatus (*q)(const RxExtractor *, char **, size_t *) =
            (r % 3 == 0) ? rx_extractor_stats : (r % 3 == 1) ? rx_extractor_modes : rx_extractor_info;
        st = q(u->ex, &j, &len);
        if (st == RX_STATUS_OK && out_ok(st, j, len)) u->right_errors++;
        else u->wrong++;
        rx_string_free(j);
    }
    return NULL;
}

static void test_shared_handle(void) {
    RxExtractor *ex = NULL;
    RB_CHECK(rx_extractor_new(NULL, &ex, NULL) == RX_STATUS_OK, "create");
    if (!ex) return;
    long n = n_threads;
    pthread_t *t = calloc((size_t)n, sizeof *t);
    struct user *u = calloc((size_t)n, sizeof *u);
    double t0 = rb_now_ms();
    for (long i = 0; i < n; i++) {
        u[i] = (struct user){ex, (int)i, 0, 0, 0};
        RB_CHECK(pthread_create(&t[i], NULL, use_shared, &u[i]) == 0, "pthread_create %ld", i);
    }
    long ok = 0, right = 0, wrong = 0;
    for (long i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        ok += u[i].ok;
        right += u[i].right_errors;
        wrong += u[i].wrong;
    }
    double ms = rb_now_ms() - t0;
    RB_CHECK(ok == n * n_rounds && wrong == 0, "%ld threads: %ld extractions ok, %ld wrong", n, ok, wrong);
    char *j = NULL;
    rx_extractor_stats(ex, &j, NULL);
    /* Every extraction attempt that got past argument checks is counted:
     * n*rounds good ones plus the misuse calls that reached the core. */
    RB_CHECK(j && strstr(j, "\"extractions\":"), "%s", j);
    printf("  one handle, %ld threads x %ld rounds: %ld extractions ok, %ld misuse/query calls right, %ld wrong, %.0f ms\n",
           n, n_rounds, ok, right, wrong, ms);
    rx_string_free(j);
    rx_extractor_free(ex);
    free(t);
    free(u);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR HOSTILE_COMPONENT.wasm\n", argv[0]);
        return 2;
    }
    fixtures = argv[1];
    hostile_path = argv[2];
    n_threads = rb_env_long("RX_MISUSE_THREADS", 64);
    n_rounds = rb_env_long("RX_MISUSE_ROUNDS", 4);
    use_fuel = rb_env_long("RX_MISUSE_FUEL", 1) != 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/article.html", fixtures);
    page = read_all(path, &page_len);
    double t0 = rb_now_ms();

    struct {
        const char *name;
        void (*fn)(void);
    } parts[] = {
        {"first extractors created by N threads at once", test_first_creation_race},
        {"constructors: configs, paths, bytes, corrupted components", test_constructors},
        {"rx_extract / queries: NULLs, lengths, UTF-8, JSON types", test_extract_arguments},
        {"compiled-code cache: damaged, untrusted, unusable", test_cache},
        {"handles created and freed repeatedly", test_handle_churn},
        {"one handle used by N threads while extracting", test_shared_handle},
    };
    printf("%-58s %7s %7s %9s\n", "part", "passed", "failed", "ms");
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        int p0 = rb_passed, f0 = rb_failed;
        double t = rb_now_ms();
        parts[i].fn();
        printf("%-58s %7d %7d %9.0f\n", parts[i].name, rb_passed - p0, rb_failed - f0, rb_now_ms() - t);
    }
    printf("run time: %.1f s (threads %ld, rounds %ld)\n", (rb_now_ms() - t0) / 1e3, n_threads, n_rounds);
    free(page);
    rb_summary("api-misuse");
    return rb_failed ? 1 : 0;
}
