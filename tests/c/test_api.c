/*
 * C tests of libriptide_extractor's public API: every function, every status
 * code reachable from C, bad inputs, hostile components and concurrency.
 * Built twice by the Makefile: against the shared and the static library.
 *
 *   test_api FIXTURES_DIR HOSTILE_COMPONENT.wasm
 *
 * Prints one line per failed check and ends with "N passed, N failed".
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "riptide_extractor.h"
#include "check.h"

static const char *fixtures, *hostile_path;

#define CHECK_STATUS(got, want, json)                                                   \
    CHECK((got) == (want), "got %s, want %s (%s)", rx_status_name((int)(got)),          \
          rx_status_name((int)(want)), (json) ? (json) : "no JSON")

/* The error JSON of a failure must name the status. */
static int error_names(const char *json, RxStatus st) {
    char want[128];
    snprintf(want, sizeof want, "\"code\":\"%s\"", rx_status_name((int)st));
    return json && strstr(json, want) && strstr(json, "\"message\":\"");
}

static RxStatus extract(const RxExtractor *ex, const char *html, const char *url, const char *opts,
                        char **json) {
    size_t len = 12345;
    RxStatus st = rx_extract(ex, (const unsigned char *)html, html ? strlen(html) : 0, url, opts, NULL,
                             json, &len);
    if (*json && len != strlen(*json)) {
        fprintf(stderr, "FAIL: out_len %zu != strlen %zu\n", len, strlen(*json));
        failed++;
    }
    return st;
}

static void test_static_functions(void) {
    const char *v = rx_version();
    CHECK(v && strcmp(v, RX_EXPECTED_VERSION) == 0, "version %s", v ? v : "NULL");
    const char *names[] = {"ok", "invalid_argument", "invalid_config", "invalid_options", "unsupported_mode",
                           "input_too_large", "component_load", "timeout", "memory_limit", "fuel_exhausted",
                           "guest_trap", "invalid_html", "parse_error", "extraction_failed", "panic", "internal",
                           "output_too_large", "resource_limit", "signal_handlers", "host_resources"};
    for (int i = 0; i < (int)(sizeof names / sizeof *names); i++) CHECK(strcmp(rx_status_name(i), names[i]) == 0, "status %d = %s", i, rx_status_name(i));
    CHECK(RX_STATUS_OK == 0 && RX_STATUS_INTERNAL == 15 && RX_STATUS_RESOURCE_LIMIT == 17 &&
          RX_STATUS_SIGNAL_HANDLERS == 18 && RX_STATUS_HOST_RESOURCES == 19, "enum values");
    CHECK(strcmp(rx_status_name(-1), "unknown") == 0, "-1");
    CHECK(strcmp(rx_status_name(20), "unknown") == 0, "20");
    CHECK(strcmp(rx_status_name(INT32_MAX), "unknown") == 0, "max");
    rx_string_free(NULL);
    rx_extractor_free(NULL);
    passed++;
}

static void test_create_errors(void) {
    RxExtractor *ex = (RxExtractor *)0x1;
    char *err = (char *)0x1;
    RxStatus st = rx_extractor_new(NULL, NULL, &err);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, err);
    CHECK(error_names(err, RX_STATUS_INVALID_ARGUMENT), "%s", err);
    rx_string_free(err);

    st = rx_extractor_new(NULL, NULL, NULL); /* no error out: still a status */
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, NULL);

    const char *bad_configs[] = {"{", "[]", "{\"timeout_ms\": 0}", "{\"max_memory_bytes\": 12}",
                                 "{\"fuel\": -1}", "{\"timeout_ms\": \"slow\"}", "{\"nope\": true}",
                                 "{\"max_input_bytes\": 0}", "{\"instance_allocator\": \"magic\"}",
                                 "{\"preinit\": \"yes\"}"};
    for (size_t i = 0; i < sizeof bad_configs / sizeof *bad_configs; i++) {
        err = NULL;
        ex = (RxExtractor *)0x1;
        st = rx_extractor_new(bad_configs[i], &ex, &err);
        CHECK_STATUS(st, RX_STATUS_INVALID_CONFIG, err);
        CHECK(ex == NULL, "handle not cleared for %s", bad_configs[i]);
        CHECK(error_names(err, RX_STATUS_INVALID_CONFIG), "%s", err ? err : "NULL");
        rx_string_free(err);
    }
    err = NULL;
    st = rx_extractor_new("{\"timeout_ms\": \"\xff\xfe\"}", &ex, &err);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, err);
    rx_string_free(err);

    /* Component files and bytes that are not extractor components. */
    err = NULL;
    st = rx_extractor_new_from_file("/nonexistent/riptide.wasm", NULL, &ex, &err);
    CHECK_STATUS(st, RX_STATUS_COMPONENT_LOAD, err);
    CHECK(err && strstr(err, "/nonexistent/riptide.wasm"), "message names the path: %s", err);
    rx_string_free(err);
    err = NULL;
    st = rx_extractor_new_from_file(NULL, NULL, &ex, &err);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, err);
    rx_string_free(err);
    err = NULL;
    st = rx_extractor_new_from_file(fixtures, NULL, &ex, &err); /* a directory */
    CHECK_STATUS(st, RX_STATUS_COMPONENT_LOAD, err);
    rx_string_free(err);

    static const unsigned char core_module[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    static const unsigned char empty_component[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    static const unsigned char garbage[] = "this is not WebAssembly";
    const unsigned char *blobs[] = {core_module, empty_component, garbage};
    size_t sizes[] = {sizeof core_module, sizeof empty_component, sizeof garbage};
    for (int i = 0; i < 3; i++) {
        err = NULL;
        st = rx_extractor_new_from_bytes(blobs[i], sizes[i], NULL, &ex, &err);
        CHECK_STATUS(st, RX_STATUS_COMPONENT_LOAD, err);
        CHECK(ex == NULL && error_names(err, RX_STATUS_COMPONENT_LOAD), "blob %d: %s", i, err);
        rx_string_free(err);
    }
    /* The same through a file. */
    char tmp[] = "/tmp/rx-test-XXXXXX";
    int fd = mkstemp(tmp);
    CHECK(fd >= 0, "mkstemp");
    if (write(fd, core_module, sizeof core_module) != (ssize_t)sizeof core_module) failed++;
    close(fd);
    err = NULL;
    st = rx_extractor_new_from_file(tmp, NULL, &ex, &err);
    CHECK_STATUS(st, RX_STATUS_COMPONENT_LOAD, err);
    rx_string_free(err);
    unlink(tmp);

    err = NULL;
    st = rx_extractor_new_from_bytes(NULL, 10, NULL, &ex, &err);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, err);
    rx_string_free(err);
    err = NULL;
    st = rx_extractor_new_from_bytes(garbage, 0, NULL, &ex, &err);
    CHECK_STATUS(st, RX_STATUS_COMPONENT_LOAD, err);
    rx_string_free(err);
}

static void test_default_extractor(void) {
    size_t len;
    unsigned char *page = read_file(fixtures, "article.html", &len);
    RxExtractor *ex = NULL;
    char *err = NULL;
    RxStatus st = rx_extractor_new("{\"timeout_ms\": 20000}", &ex, &err);
    CHECK_STATUS(st, RX_STATUS_OK, err);
    CHECK(err == NULL, "error cleared on success");
    if (!ex) { free(page); return; }

    char *json = NULL;
    size_t json_len = 0;
    st = rx_extract(ex, page, len, "https://coastal.example/articles/lighthouses", NULL, NULL, &json, &json_len);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && json_len == strlen(json), "length");
    CHECK(json && strstr(json, "\"title\":\"How Lighthouses Work\""), "title: %.300s", json);
    CHECK(json && strstr(json, "Augustin Fresnel"), "text");
    CHECK(json && !strstr(json, "All rights reserved"), "footer removed");
    CHECK(json && strstr(json, "https://coastal.example/articles/lists/light-lists.html"), "link resolved via base");
    CHECK(json && strstr(json, "\"language\":\"en\""), "language");
    CHECK(json && strstr(json, "\"published_iso\":\"2024-03-05T10:20:00+01:00\""), "date");
    CHECK(json && strstr(json, "\"site_name\":\"The Coastal Review\""), "site name");
    CHECK(json && strstr(json, "\"byline\":\"Maria Keeper\""), "byline");
    rx_string_free(json);

    /* Every mode. */
    json = NULL;
    st = extract(ex, (const char *)page, "https://coastal.example/a", "{\"mode\":\"full\"}", &json);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "Harbours of the north"), "full keeps the sidebar");
    rx_string_free(json);
    json = NULL;
    st = extract(ex, (const char *)page, "https://coastal.example/a", "{\"mode\":\"metadata\"}", &json);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "\"text\":\"\"") && strstr(json, "\"markdown\":\"\""), "metadata: no text");
    CHECK(json && strstr(json, "\"title\":\"How Lighthouses Work\""), "metadata: title");
    rx_string_free(json);
    json = NULL;
    st = extract(ex, (const char *)page, "https://coastal.example/a", "{\"mode\":{\"custom\":[\"ul li\", \"h2\"]}}", &json);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "Occulting lights") && strstr(json, "Rotating beams") && !strstr(json, "Augustin"),
          "custom selectors: %.400s", json);
    rx_string_free(json);
    json = NULL;
    st = extract(ex, (const char *)page, "https://coastal.example/a", "{\"mode\":\"article\",\"with_stats\":true}", &json);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "\"stats\":{") && strstr(json, "\"input_encoding\":\"UTF-8\""), "stats");
    rx_string_free(json);

    /* Charset: meta declaration, and the caller's hint. */
    size_t l1len;
    unsigned char *latin1 = read_file(fixtures, "latin1.html", &l1len);
    json = NULL;
    st = rx_extract(ex, latin1, l1len, "http://x.example/", NULL, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "Café crème"), "latin1 by meta: %.200s", json);
    rx_string_free(json);
    /* Hint beats meta: decoding as windows-1251 turns é into a Cyrillic letter. */
    json = NULL;
    st = rx_extract(ex, latin1, l1len, "http://x.example/", NULL, "text/html; charset=windows-1251", &json, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && !strstr(json, "Café") && strstr(json, "Caf\xd0\xb9"), "hint wins: %.200s", json);
    rx_string_free(json);
    free(latin1);

    /* Bad arguments to rx_extract. */
    json = (char *)0x1;
    st = rx_extract(NULL, page, len, NULL, NULL, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, json);
    CHECK(error_names(json, RX_STATUS_INVALID_ARGUMENT), "%s", json);
    rx_string_free(json);
    st = rx_extract(ex, page, len, NULL, NULL, NULL, NULL, NULL);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, NULL);
    json = NULL;
    st = rx_extract(ex, NULL, 5, NULL, NULL, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, json);
    rx_string_free(json);
    json = NULL;
    st = rx_extract(ex, NULL, 0, NULL, NULL, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INVALID_HTML, json);
    CHECK(error_names(json, RX_STATUS_INVALID_HTML), "%s", json);
    rx_string_free(json);
    json = NULL;
    st = rx_extract(ex, page, SIZE_MAX, NULL, NULL, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INPUT_TOO_LARGE, json);
    rx_string_free(json);
    json = NULL;
    st = rx_extract(ex, page, (size_t)1 << 40, NULL, NULL, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INPUT_TOO_LARGE, json);
    rx_string_free(json);
    json = NULL;
    st = extract(ex, "<p>x</p>", "http://bad.example/\xc3\x28", NULL, &json);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, json);
    CHECK(json && strstr(json, "url"), "names url: %s", json);
    rx_string_free(json);
    json = NULL;
    st = extract(ex, "<p>x</p>", NULL, "{\"mode\":\"\xff\"}", &json);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, json);
    rx_string_free(json);
    json = NULL;
    st = rx_extract(ex, page, len, NULL, NULL, "\xff\xff", &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, json);
    rx_string_free(json);
    const char *bad_opts[] = {"{", "{\"mode\": 3}", "{\"modes\": \"article\"}", "[\"article\"]",
                              "{\"mode\":{\"custom\":\"p\"}}", "{\"with_stats\": 1}"};
    for (size_t i = 0; i < sizeof bad_opts / sizeof *bad_opts; i++) {
        json = NULL;
        st = extract(ex, "<p>x</p>", NULL, bad_opts[i], &json);
        CHECK_STATUS(st, RX_STATUS_INVALID_OPTIONS, json);
        CHECK(error_names(json, RX_STATUS_INVALID_OPTIONS), "%s", json);
        rx_string_free(json);
    }
    const char *unsupported[] = {"{\"mode\":\"summary\"}", "{\"mode\":\"custom\"}", "{\"mode\":{\"custom\":[]}}",
                                 "{\"mode\":{\"custom\":[\"p[[[\"]}}", "{\"mode\":{\"custom\":[\"\"]}}"};
    for (size_t i = 0; i < sizeof unsupported / sizeof *unsupported; i++) {
        json = NULL;
        st = extract(ex, (const char *)page, NULL, unsupported[i], &json);
        CHECK_STATUS(st, RX_STATUS_UNSUPPORTED_MODE, json);
        rx_string_free(json);
    }
    /* Whitespace-only and binary junk: a clear status, never a crash. */
    json = NULL;
    st = extract(ex, "   \n\t ", NULL, NULL, &json);
    CHECK_STATUS(st, RX_STATUS_INVALID_HTML, json);
    rx_string_free(json);
    unsigned char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(i * 7919u >> 3);
    json = NULL;
    st = rx_extract(ex, junk, sizeof junk, "http://junk.example/", NULL, NULL, &json, NULL);
    CHECK(st == RX_STATUS_OK || st == RX_STATUS_INVALID_HTML, "junk: %s", json);
    rx_string_free(json);

    /* Queries. */
    json = NULL;
    st = rx_extractor_info(ex, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "\"wasmtime_version\":\"" RX_EXPECTED_WASMTIME "\"") && strstr(json, "\"supported_modes\""), "%s", json);
    CHECK(json && strstr(json, "\"preinit\":{\"detail\":null,\"state\":\"applied\"}"), "default component is pre-initialised: %s", json);
    rx_string_free(json);
    json = NULL;
    st = rx_extractor_health(ex, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "\"status\":\"healthy\"") && strstr(json, "\"probe_ok\":true"), "%s", json);
    rx_string_free(json);
    json = NULL;
    st = rx_extractor_modes(ex, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "\"article\"") && strstr(json, "\"full\"") && strstr(json, "\"metadata\"") &&
              strstr(json, "\"custom\""), "%s", json);
    rx_string_free(json);
    json = NULL;
    st = rx_extractor_validate_html(ex, page, len, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strcmp(json, "{\"valid\":true}") == 0, "%s", json);
    rx_string_free(json);
    json = NULL;
    st = rx_extractor_validate_html(ex, NULL, 3, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, json);
    rx_string_free(json);
    json = NULL;
    st = rx_extractor_stats(ex, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    CHECK(json && strstr(json, "\"input_size\":2"), "two oversized inputs counted: %s", json);
    rx_string_free(json);
    RxStatus (*queries[])(const RxExtractor *, char **, size_t *) = {rx_extractor_info, rx_extractor_health,
                                                                    rx_extractor_modes, rx_extractor_stats};
    for (int i = 0; i < 4; i++) {
        json = NULL;
        st = queries[i](NULL, &json, NULL);
        CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, json);
        CHECK(error_names(json, RX_STATUS_INVALID_ARGUMENT), "%s", json);
        rx_string_free(json);
        st = queries[i](ex, NULL, NULL);
        CHECK_STATUS(st, RX_STATUS_INVALID_ARGUMENT, NULL);
    }
    rx_extractor_free(ex);

    /* A small max_input_bytes. */
    ex = NULL;
    st = rx_extractor_new("{\"max_input_bytes\": 100}", &ex, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, NULL);
    json = NULL;
    st = rx_extract(ex, page, len, NULL, NULL, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_INPUT_TOO_LARGE, json);
    CHECK(error_names(json, RX_STATUS_INPUT_TOO_LARGE), "%s", json);
    rx_string_free(json);
    rx_extractor_free(ex);
    free(page);
}

static RxExtractor *hostile(const char *config) {
    RxExtractor *ex = NULL;
    char *err = NULL;
    RxStatus st = rx_extractor_new_from_file(hostile_path, config, &ex, &err);
    CHECK_STATUS(st, RX_STATUS_OK, err);
    rx_string_free(err);
    return ex;
}

static void expect(RxExtractor *ex, const char *url, RxStatus want, const char *needle) {
    char *json = NULL;
    RxStatus st = extract(ex, "<p>hello</p>", url, NULL, &json);
    CHECK_STATUS(st, want, json);
    if (want != RX_STATUS_OK) CHECK(error_names(json, want), "%s: %s", url, json);
    if (needle) CHECK(json && strstr(json, needle), "%s: want %s in %s", url, needle, json);
    rx_string_free(json);
    /* The handle still works right after. */
    json = NULL;
    st = extract(ex, "<p>hello</p>", "hostile://ok", NULL, &json);
    CHECK_STATUS(st, RX_STATUS_OK, json);
    rx_string_free(json);
}

/* The hostile component's deadline: 300 ms, or RX_TEST_TIMEOUT_MS (the
 * sanitizer suite runs this program under Valgrind, where a trap alone can
 * take longer). */
static long hostile_timeout_ms(void) {
    const char *v = getenv("RX_TEST_TIMEOUT_MS");
    long ms = v ? strtol(v, NULL, 10) : 0;
    return ms > 0 ? ms : 300;
}

static void test_hostile_component(void) {
    char config[160], deadline[32];
    snprintf(config, sizeof config, "{\"timeout_ms\": %ld, \"max_memory_bytes\": 16777216}", hostile_timeout_ms());
    snprintf(deadline, sizeof deadline, "%ld ms", hostile_timeout_ms());
    RxExtractor *ex = hostile(config);
    if (!ex) return;
    expect(ex, "hostile://ok", RX_STATUS_OK, "\"text\":\"<p>hello</p>\"");
    expect(ex, "hostile://trap", RX_STATUS_GUEST_TRAP, "deliberate panic");
    expect(ex, "hostile://loop", RX_STATUS_TIMEOUT, deadline);
    expect(ex, "hostile://alloc", RX_STATUS_MEMORY_LIMIT, "16777216");
    expect(ex, "hostile://recurse", RX_STATUS_GUEST_TRAP, "stack overflow");
    expect(ex, "hostile://bad-utf8", RX_STATUS_GUEST_TRAP, NULL);
    expect(ex, "hostile://stderr", RX_STATUS_GUEST_TRAP, "guest stderr");
    expect(ex, "hostile://error/invalid-html", RX_STATUS_INVALID_HTML, "deliberate invalid-html");
    expect(ex, "hostile://error/parse-error", RX_STATUS_PARSE_ERROR, NULL);
    expect(ex, "hostile://error/unsupported-mode", RX_STATUS_UNSUPPORTED_MODE, NULL);
    expect(ex, "hostile://error/extractor-error", RX_STATUS_EXTRACTION_FAILED, "extractor-error");
    expect(ex, "hostile://error/network-error", RX_STATUS_EXTRACTION_FAILED, "network-error");
    expect(ex, "hostile://error/resource-limit", RX_STATUS_EXTRACTION_FAILED, "resource-limit");
    expect(ex, "hostile://error/internal-error", RX_STATUS_EXTRACTION_FAILED, "internal-error");
    char *json = NULL;
    RxStatus st = rx_extractor_health(ex, &json, NULL);
    CHECK(st == RX_STATUS_OK && json && strstr(json, "\"probe_ok\":false"), "%s", json);
    rx_string_free(json);
    json = NULL;
    st = rx_extractor_validate_html(ex, (const unsigned char *)"trap", 4, NULL, &json, NULL);
    CHECK_STATUS(st, RX_STATUS_GUEST_TRAP, json);
    rx_string_free(json);
    json = NULL;
    st = rx_extractor_stats(ex, &json, NULL);
    CHECK(st == RX_STATUS_OK && json && strstr(json, "\"timeout\":1") && strstr(json, "\"memory\":1"), "%s", json);
    rx_string_free(json);
    rx_extractor_free(ex);

    /* The pooling allocator: same statuses, fresh state and zeroed memory on every call.
     * Its slots reserve ~4 TiB of address space up front, which Valgrind cannot
     * provide (tests/robustness/sanitizers.sh sets RX_TEST_NO_POOLING there). */
    if (getenv("RX_TEST_NO_POOLING")) {
        printf("skip: pooling allocator (RX_TEST_NO_POOLING)\n");
        goto fuel;
    }
    snprintf(config, sizeof config, "{\"instance_allocator\": \"pooling\", \"timeout_ms\": %ld, \"max_memory_bytes\": 16777216}",
             hostile_timeout_ms());
    ex = hostile(config);
    if (!ex) return;
    for (int i = 0; i < 5; i++) {
        expect(ex, "hostile://state", RX_STATUS_OK, "\"title\":\"1\"");
        expect(ex, "hostile://scan", RX_STATUS_OK, "\"title\":\"dirty=0\"");
    }
    expect(ex, "hostile://alloc", RX_STATUS_MEMORY_LIMIT, "16777216");
    expect(ex, "hostile://loop", RX_STATUS_TIMEOUT, deadline);
    expect(ex, "hostile://trap", RX_STATUS_GUEST_TRAP, "deliberate panic");
    expect(ex, "hostile://scan", RX_STATUS_OK, "\"title\":\"dirty=0\"");
    rx_extractor_free(ex);

fuel:
    /* Fuel. */
    ex = hostile("{\"fuel\": 5000000, \"timeout_ms\": 20000}");
    if (!ex) return;
    expect(ex, "hostile://loop", RX_STATUS_FUEL_EXHAUSTED, "5000000");
    rx_extractor_free(ex);
    /* A memory cap below what the component needs to start. */
    ex = hostile("{\"max_memory_bytes\": 1048576}");
    if (ex) {
        json = NULL;
        st = extract(ex, "<p>x</p>", "hostile://ok", NULL, &json);
        CHECK(st == RX_STATUS_OK || st == RX_STATUS_MEMORY_LIMIT, "%s", json);
        rx_string_free(json);
        rx_extractor_free(ex);
    }
}

struct worker {
    const RxExtractor *ex;
    const unsigned char *page;
    size_t len;
    int ok, bad;
};

static void *work(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < 12; i++) {
        char *json = NULL;
        const char *opts = (i % 3 == 0) ? "{\"mode\":\"metadata\"}" : (i % 3 == 1) ? "{\"mode\":\"full\"}" : NULL;
        RxStatus st = rx_extract(w->ex, w->page, w->len, "https://coastal.example/articles/x", opts, NULL, &json, NULL);
        if (st == RX_STATUS_OK && json && strstr(json, "How Lighthouses Work")) w->ok++;
        else w->bad++;
        rx_string_free(json);
    }
    return NULL;
}

static void test_concurrency(void) {
    size_t len;
    unsigned char *page = read_file(fixtures, "article.html", &len);
    RxExtractor *ex = NULL;
    RxStatus st = rx_extractor_new(NULL, &ex, NULL);
    CHECK_STATUS(st, RX_STATUS_OK, NULL);
    if (!ex) { free(page); return; }
    enum { N = 8 };
    pthread_t threads[N];
    struct worker workers[N];
    for (int i = 0; i < N; i++) {
        workers[i] = (struct worker){ex, page, len, 0, 0};
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0, "pthread_create");
    }
    int ok = 0, bad = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(threads[i], NULL);
        ok += workers[i].ok;
        bad += workers[i].bad;
    }
    CHECK(ok == N * 12 && bad == 0, "concurrent: %d ok, %d bad", ok, bad);
    char *json = NULL;
    rx_extractor_stats(ex, &json, NULL);
    char want[64];
    snprintf(want, sizeof want, "\"extractions\":%d,", N * 12);
    CHECK(json && strstr(json, want), "stats count: %s", json);
    rx_string_free(json);
    rx_extractor_free(ex);
    free(page);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR HOSTILE_COMPONENT\n", argv[0]);
        return 2;
    }
    fixtures = argv[1];
    hostile_path = argv[2];
    test_static_functions();
    test_create_errors();
    test_default_extractor();
    test_hostile_component();
    test_concurrency();
    printf("c-api: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
