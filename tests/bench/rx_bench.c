/*
 * rx_bench: throughput and latency of libriptide_extractor through its C API.
 * Prints one table. Benchmarks are not tests: nothing here asserts a time.
 *
 *   rx_bench PAGE_URL PAGE.html [CORPUS_DIR_OF_HTML_FILES]
 *
 * Rows: a 1 KB page (fixed cost per call), the given page (warm median and
 * first call), and, with a corpus directory, pages/s on one thread and on two
 * threads sharing one extractor, plus RSS. With $RX_BASELINE_WASM (a
 * component file, e.g. the default component of an earlier commit), a second
 * table compares it with the embedded component (or $RX_CANDIDATE_WASM),
 * call for call.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "riptide_extractor.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long rss_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) kib = atol(line + 6);
    if (f) fclose(f);
    return kib;
}

static unsigned char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Median and p90 of n calls on one page, in microseconds. */
static void latency(RxExtractor *ex, const unsigned char *html, size_t len, const char *url, const char *opts,
                    int n, double *median, double *p90) {
    double *us = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i++) {
        char *json = NULL;
        double t = now_ms();
        RxStatus st = rx_extract(ex, html, len, url, opts, NULL, &json, NULL);
        us[i] = (now_ms() - t) * 1e3;
        if (st != RX_STATUS_OK) { fprintf(stderr, "extract failed: %s\n", json); exit(1); }
        rx_string_free(json);
    }
    qsort(us, (size_t)n, sizeof *us, cmp_double);
    *median = us[n / 2];
    *p90 = us[n * 9 / 10];
    free(us);
}

/* The same extraction code compiled natively (guest crate, feature
 * native-bench), loaded with dlopen from $RX_NATIVE_LIB when set. */
typedef char *(*native_extract_fn)(const unsigned char *, size_t, const char *, const char *);
typedef void (*native_free_fn)(char *);
static native_extract_fn native_extract;
static native_free_fn native_free;

static void native_latency(const unsigned char *html, size_t len, const char *url, const char *mode, int n,
                           double *median, double *p90) {
    double *us = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i++) {
        double t = now_ms();
        char *json = native_extract(html, len, url, mode);
        us[i] = (now_ms() - t) * 1e3;
        if (!json) { fprintf(stderr, "native extract failed\n"); exit(1); }
        native_free(json);
    }
    qsort(us, (size_t)n, sizeof *us, cmp_double);
    *median = us[n / 2];
    *p90 = us[n * 9 / 10];
    free(us);
}

static double json_num(const char *json, const char *key) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(json, pat);
    return p ? atof(p + strlen(pat)) : -1;
}

/* Article-mode medians of two extractors on the 1 KB page (m[0] for a, m[1]
 * for b) and on the given page (m[2], m[3]), in microseconds. The calls
 * alternate between a and b so both see the same machine; of two rounds the
 * second is kept. */
static void side_by_side(RxExtractor *a, RxExtractor *b, const unsigned char *small, size_t small_len,
                         const unsigned char *page, size_t len, const char *url, double m[4]) {
    double p90;
    for (int round = 0; round < 2; round++) {
        latency(a, small, small_len, "https://example.com/s", NULL, 1000, &m[0], &p90);
        latency(b, small, small_len, "https://example.com/s", NULL, 1000, &m[1], &p90);
        latency(a, page, len, url, NULL, 100, &m[2], &p90);
        latency(b, page, len, url, NULL, 100, &m[3], &p90);
    }
}

/* Medians of the library's own per-call timings (options with_stats) for n
 * calls on one page, in microseconds: decode, instantiate, guest call,
 * teardown, convert, and the rest of rx_extract (JSON out, FFI). */
enum { PARTS = 7 };
static const char *part_names[PARTS] = {"decode to UTF-8", "store + instance", "guest call (copy in, extract, copy out)",
                                        "instance teardown", "convert result", "JSON out + FFI", "total (rx_extract)"};
static void breakdown(RxExtractor *ex, const unsigned char *html, size_t len, const char *url, const char *opts, int n,
                      double med[PARTS]) {
    double *v[PARTS];
    for (int k = 0; k < PARTS; k++) v[k] = malloc(sizeof(double) * (size_t)n);
    static const char *keys[5] = {"decode_ns", "instantiate_ns", "guest_call_ns", "teardown_ns", "convert_ns"};
    for (int i = 0; i < n; i++) {
        char *json = NULL;
        double t = now_ms();
        RxStatus st = rx_extract(ex, html, len, url, opts, NULL, &json, NULL);
        double total = (now_ms() - t) * 1e3;
        if (st != RX_STATUS_OK) { fprintf(stderr, "extract failed: %s\n", json); exit(1); }
        double inside = 0;
        for (int k = 0; k < 5; k++) {
            v[k][i] = json_num(json, keys[k]) / 1e3;
            inside += v[k][i];
        }
        v[5][i] = total - inside;
        v[6][i] = total;
        rx_string_free(json);
    }
    for (int k = 0; k < PARTS; k++) {
        qsort(v[k], (size_t)n, sizeof(double), cmp_double);
        med[k] = v[k][n / 2];
        free(v[k]);
    }
}

struct corpus {
    unsigned char **pages;
    size_t *lens;
    int n;
};

struct share {
    RxExtractor *ex;
    struct corpus *c;
    const char *opts;
    int start, step, ok, failed;
};

static void *run_share(void *arg) {
    struct share *s = arg;
    for (int i = s->start; i < s->c->n; i += s->step) {
        char *json = NULL;
        RxStatus st = rx_extract(s->ex, s->c->pages[i], s->c->lens[i], "https://example.com/page", s->opts, NULL, &json, NULL);
        if (st == RX_STATUS_OK) s->ok++; else s->failed++;
        rx_string_free(json);
    }
    return NULL;
}

static double native_pass_with(native_extract_fn ext, native_free_fn fr, struct corpus *c, int *ok) {
    double start = now_ms();
    *ok = 0;
    for (int i = 0; i < c->n; i++) {
        char *json = ext(c->pages[i], c->lens[i], "https://example.com/page", "article");
        if (json && strncmp(json, "{\"error\"", 9)) (*ok)++;
        fr(json);
    }
    return now_ms() - start;
}

static double native_pass(struct corpus *c, int *ok) { return native_pass_with(native_extract, native_free, c, ok); }

static double corpus_pass_opts(RxExtractor *ex, struct corpus *c, const char *opts, int threads, int *ok) {
    pthread_t t[8];
    struct share s[8];
    double start = now_ms();
    for (int i = 0; i < threads; i++) {
        s[i] = (struct share){ex, c, opts, i, threads, 0, 0};
        pthread_create(&t[i], NULL, run_share, &s[i]);
    }
    *ok = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        *ok += s[i].ok;
    }
    return now_ms() - start;
}

static double corpus_pass(RxExtractor *ex, struct corpus *c, int threads, int *ok) {
    return corpus_pass_opts(ex, c, NULL, threads, ok);
}

/* Guest memory (stats memory_used, MiB) of one extraction per corpus page.
 * The peak of one page moves with the allocator's layout (a change of a few
 * allocations elsewhere can move one large page by a MiB or two), so the
 * distribution is given, not the max alone. */
struct memory {
    double *page; /* per corpus page, -1 when the extraction failed */
    double median, p90, max, mean;
};

static void guest_memory(RxExtractor *ex, struct corpus *c, struct memory *out) {
    out->page = malloc(sizeof(double) * (size_t)c->n);
    double *sorted = malloc(sizeof(double) * (size_t)c->n);
    int m = 0;
    double sum = 0;
    for (int i = 0; i < c->n; i++) {
        char *json = NULL;
        out->page[i] = -1;
        if (rx_extract(ex, c->pages[i], c->lens[i], "https://example.com/page", "{\"with_stats\":true}", NULL, &json, NULL) == RX_STATUS_OK) {
            out->page[i] = json_num(json, "memory_used") / 1048576.0;
            sorted[m++] = out->page[i];
            sum += out->page[i];
        }
        rx_string_free(json);
    }
    qsort(sorted, (size_t)m, sizeof *sorted, cmp_double);
    out->median = m ? sorted[m / 2] : 0;
    out->p90 = m ? sorted[(m * 9) / 10] : 0;
    out->max = m ? sorted[m - 1] : 0;
    out->mean = m ? sum / m : 0;
    free(sorted);
}

/* Time (ms) of one call, or -1 when it fails. */
static double one_call(RxExtractor *ex, const unsigned char *html, size_t len, const char *opts) {
    char *json = NULL;
    double t = now_ms();
    RxStatus st = rx_extract(ex, html, len, "https://example.com/page", opts, NULL, &json, NULL);
    t = now_ms() - t;
    rx_string_free(json);
    return st == RX_STATUS_OK ? t : -1;
}

/* Corpus time of a (with opts_a) and b (with opts_b), page by page: each page
 * runs on both, in alternating order, `passes` times, so that a machine whose
 * speed drifts (shared, noisy) slows both sides alike. */
static void corpus_ab(RxExtractor *a, const char *opts_a, RxExtractor *b, const char *opts_b, struct corpus *c,
                      int passes, double *ta, double *tb, int *oka, int *okb) {
    *ta = *tb = 0;
    *oka = *okb = 0;
    for (int p = 0; p < passes; p++)
        for (int i = 0; i < c->n; i++) {
            double x, y;
            if ((i + p) % 2) {
                x = one_call(a, c->pages[i], c->lens[i], opts_a);
                y = one_call(b, c->pages[i], c->lens[i], opts_b);
            } else {
                y = one_call(b, c->pages[i], c->lens[i], opts_b);
                x = one_call(a, c->pages[i], c->lens[i], opts_a);
            }
            if (x >= 0) { *ta += x; if (p == 0) (*oka)++; }
            if (y >= 0) { *tb += y; if (p == 0) (*okb)++; }
        }
    *ta /= passes;
    *tb /= passes;
}

/* Medians (us) of `n` calls each on the small page, `a` and `b` alternating. */
static void small_ab(RxExtractor *a, RxExtractor *b, const unsigned char *small, size_t small_len, const char *opts, int n,
                     double *ma, double *mb) {
    double *ua = malloc(sizeof(double) * (size_t)n), *ub = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i++) {
        ub[i] = one_call(b, small, small_len, opts) * 1e3;
        ua[i] = one_call(a, small, small_len, opts) * 1e3;
    }
    qsort(ua, (size_t)n, sizeof *ua, cmp_double);
    qsort(ub, (size_t)n, sizeof *ub, cmp_double);
    *ma = ua[n / 2];
    *mb = ub[n / 2];
    free(ua);
    free(ub);
}

/* Baseline component (b) against the current one (a: the embedded component,
 * or the file `apath` when not NULL), call for call (see corpus_ab). Ratios
 * are baseline time / current time (above 1: the current component is
 * faster). */
static void baseline_table(RxExtractor *a, RxExtractor *b, const char *apath, const char *bpath, const unsigned char *small,
                           size_t small_len, struct corpus *c) {
    printf("\n| against the baseline component %s | baseline | current | speed-up |\n|---|---|---|---|\n", bpath);
    const char *modes[2] = {NULL, "{\"mode\":\"metadata\"}"};
    const char *names[2] = {"article", "metadata"};
    for (int k = 0; k < 2; k++) {
        double ma, mb;
        small_ab(a, b, small, small_len, modes[k], 2000, &ma, &mb);
        printf("| 1 KB page, %s, warm median | %.0f us | %.0f us | %.2fx |\n", names[k], mb, ma, mb / ma);
    }
    /* Without pre-initialisation every call rebuilds the guest's lazy state
     * (compiled selectors, phrase automata): that cost, side by side. */
    char *err = NULL;
    RxExtractor *ca = NULL, *cb = NULL;
    const char *cold = "{\"preinit\":false}";
    int ok_a = apath ? rx_extractor_new_from_file(apath, cold, &ca, &err) == RX_STATUS_OK
                     : rx_extractor_new(cold, &ca, &err) == RX_STATUS_OK;
    if (ok_a && rx_extractor_new_from_file(bpath, cold, &cb, &err) == RX_STATUS_OK) {
        double ma, mb;
        small_ab(ca, cb, small, small_len, NULL, 300, &ma, &mb);
        printf("| 1 KB page, article, `\"preinit\": false`, median | %.0f us | %.0f us | %.2fx |\n", mb, ma, mb / ma);
    } else {
        printf("| 1 KB page, article, `\"preinit\": false` | (%s) | | |\n", err ? err : "create failed");
        rx_string_free(err);
    }
    rx_extractor_free(ca);
    rx_extractor_free(cb);
    if (!c) return;
    const char *opts[3] = {NULL, "{\"mode\":\"metadata\"}", "{\"markdown\":false}"};
    const char *rows[3] = {"article", "metadata", "article, \"markdown\": false (current) vs article (baseline)"};
    for (int k = 0; k < 3; k++) {
        double ta, tb;
        int oka, okb;
        corpus_ab(a, opts[k], b, k == 2 ? NULL : opts[k], c, 2, &ta, &tb, &oka, &okb);
        printf("| corpus, 1 thread, %s: pages/s (ok) | %.1f (%d) | %.1f (%d) | %.2fx |\n", rows[k], c->n / (tb / 1e3), okb,
               c->n / (ta / 1e3), oka, tb / ta);
    }
    struct memory ma, mb;
    guest_memory(b, c, &mb);
    guest_memory(a, c, &ma);
    printf("| guest memory per extraction (corpus): median / p90 / max | %.1f / %.1f / %.1f MiB | %.1f / %.1f / %.1f MiB | |\n",
           mb.median, mb.p90, mb.max, ma.median, ma.p90, ma.max);
    int higher = 0, lower = 0;
    for (int i = 0; i < c->n; i++) {
        if (ma.page[i] < 0 || mb.page[i] < 0) continue;
        if (ma.page[i] > mb.page[i] + 0.01) higher++;
        else if (ma.page[i] < mb.page[i] - 0.01) lower++;
    }
    printf("| guest memory per extraction (corpus): mean; pages with more / less than the baseline | %.2f MiB | %.2f MiB; %d / %d | |\n",
           mb.mean, ma.mean, higher, lower);
    free(ma.page);
    free(mb.page);
}

static int cmp_pass(const void *a, const void *b) { return cmp_double(a, b); }

/* Reads every file of `dir` (up to 4096) into `c`; 1 on error. */
static int load_corpus(const char *dir, struct corpus *c, size_t *bytes) {
    *c = (struct corpus){malloc(sizeof(char *) * 4096), malloc(sizeof(size_t) * 4096), 0};
    *bytes = 0;
    DIR *d = opendir(dir);
    if (!d) { perror(dir); return 1; }
    struct dirent *e;
    while ((e = readdir(d)) && c->n < 4096) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if ((c->pages[c->n] = slurp(path, &c->lens[c->n]))) *bytes += c->lens[c->n++];
    }
    closedir(d);
    return 0;
}

static int baseline(RxExtractor *ex, const unsigned char *s1, size_t off, struct corpus *c);

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rx_bench PAGE_URL PAGE.html [CORPUS_DIR]  (env RX_NATIVE_LIB=libriptide_extractor_guest.so)\n");
        return 2;
    }
    const char *native_lib = getenv("RX_NATIVE_LIB");
    if (native_lib && *native_lib) {
        void *h = dlopen(native_lib, RTLD_NOW | RTLD_LOCAL);
        if (!h) { fprintf(stderr, "RX_NATIVE_LIB: %s\n", dlerror()); return 1; }
        native_extract = (native_extract_fn)dlsym(h, "rxg_native_extract");
        native_free = (native_free_fn)dlsym(h, "rxg_native_free");
        if (!native_extract || !native_free) { fprintf(stderr, "RX_NATIVE_LIB: %s lacks rxg_native_extract\n", native_lib); return 1; }
    }
    long rss0 = rss_kib();
    RxExtractor *ex = NULL;
    char *err = NULL;
    double t0 = now_ms();
    if (rx_extractor_new(NULL, &ex, &err) != RX_STATUS_OK) { fprintf(stderr, "%s\n", err); return 1; }
    double create_ms = now_ms() - t0;
    long rss_idle = rss_kib();

    size_t len;
    unsigned char *page = slurp(argv[2], &len);
    if (!page) { perror(argv[2]); return 1; }
    char *json = NULL;
    t0 = now_ms();
    rx_extract(ex, page, len, argv[1], NULL, NULL, &json, NULL);
    double first_ms = now_ms() - t0;
    rx_string_free(json);

    /* A 1 KB page. */
    char small[1100];
    int off = snprintf(small, sizeof small, "<html><head><title>Small page</title></head><body><article><h1>Small</h1>");
    while (off < 1000) off += snprintf(small + off, sizeof small - (size_t)off, "<p>Short paragraph of plain words.</p>");
    off += snprintf(small + off, sizeof small - (size_t)off, "</article></body></html>");
    const unsigned char *s1 = (const unsigned char *)small;
    /* RX_AB_ONLY=1: only the baseline table (for comparing guest builds). */
    const char *ab_only = getenv("RX_AB_ONLY");
    if (ab_only && *ab_only == '1') {
        struct corpus c = {0};
        size_t bytes;
        if (argc > 3 && load_corpus(argv[3], &c, &bytes)) return 1;
        int rc = baseline(ex, s1, (size_t)off, argc > 3 ? &c : NULL);
        rx_extractor_free(ex);
        return rc;
    }
    double m1, p1, m1m, p1m, m2, p2, m3, p3;
    latency(ex, s1, (size_t)off, "https://example.com/s", NULL, 2000, &m1, &p1);
    latency(ex, s1, (size_t)off, "https://example.com/s", "{\"mode\":\"metadata\"}", 2000, &m1m, &p1m);
    latency(ex, page, len, argv[1], NULL, 200, &m2, &p2);
    latency(ex, page, len, argv[1], "{\"mode\":\"metadata\"}", 200, &m3, &p3);

    printf("| measurement | sandbox (C ABI) | native | ratio |\n|---|---|---|---|\n");
    printf("| create extractor (engine + compile or cache load) | %.1f ms | | |\n", create_ms);
    printf("| first extraction of %s (%zu bytes) | %.2f ms | | |\n", argv[2], len, first_ms);
    if (native_extract) {
        double n1, q1, n1m, q1m, n2, q2, n3, q3;
        native_latency(s1, (size_t)off, "https://example.com/s", "article", 2000, &n1, &q1);
        native_latency(s1, (size_t)off, "https://example.com/s", "metadata", 2000, &n1m, &q1m);
        native_latency(page, len, argv[1], "article", 200, &n2, &q2);
        native_latency(page, len, argv[1], "metadata", 200, &n3, &q3);
        printf("| 1 KB page, article, warm: median (p90) | %.0f (%.0f) us | %.0f (%.0f) us | %.2fx |\n", m1, p1, n1, q1, m1 / n1);
        printf("| 1 KB page, metadata, warm: median (p90) | %.0f (%.0f) us | %.0f (%.0f) us | %.2fx |\n", m1m, p1m, n1m, q1m, m1m / n1m);
        printf("| that page, article, warm: median (p90) | %.2f (%.2f) ms | %.2f (%.2f) ms | %.2fx |\n", m2 / 1e3, p2 / 1e3, n2 / 1e3, q2 / 1e3, m2 / n2);
        printf("| that page, metadata, warm: median (p90) | %.2f (%.2f) ms | %.2f (%.2f) ms | %.2fx |\n", m3 / 1e3, p3 / 1e3, n3 / 1e3, q3 / 1e3, m3 / n3);
    } else {
        printf("| 1 KB page, article, warm: median (p90) | %.0f (%.0f) us | | |\n", m1, p1);
        printf("| 1 KB page, metadata, warm: median (p90) | %.0f (%.0f) us | | |\n", m1m, p1m);
        printf("| that page, article, warm: median (p90) | %.2f (%.2f) ms | | |\n", m2 / 1e3, p2 / 1e3);
        printf("| that page, metadata, warm: median (p90) | %.2f (%.2f) ms | | |\n", m3 / 1e3, p3 / 1e3);
    }
    double bd[PARTS], bdm[PARTS];
    breakdown(ex, s1, (size_t)off, "https://example.com/s", "{\"with_stats\":true}", 2000, bd);
    breakdown(ex, s1, (size_t)off, "https://example.com/s", "{\"with_stats\":true,\"mode\":\"metadata\"}", 2000, bdm);
    for (int k = 0; k < PARTS; k++)
        printf("| 1 KB page breakdown (median, article / metadata): %s | %.1f / %.1f us | | |\n", part_names[k], bd[k], bdm[k]);

    /* The same calls with the pooling instance allocator (opt-in). */
    double m[4];
    RxExtractor *pool = NULL;
    if (rx_extractor_new("{\"instance_allocator\":\"pooling\"}", &pool, &err) != RX_STATUS_OK) { fprintf(stderr, "%s\n", err); return 1; }
    side_by_side(ex, pool, s1, (size_t)off, page, len, argv[1], m);
    printf("| allocator, 1 KB page article: on-demand / pooling (median) | %.0f / %.0f us | | %.2fx |\n", m[0], m[1], m[0] / m[1]);
    printf("| allocator, that page article: on-demand / pooling (median) | %.2f / %.2f ms | | %.2fx |\n", m[2] / 1e3, m[3] / 1e3, m[2] / m[3]);
    rx_extractor_free(pool);

    /* The same calls without pre-initialisation (every instance rebuilds the guest's lazy state). */
    RxExtractor *cold = NULL;
    t0 = now_ms();
    if (rx_extractor_new("{\"preinit\":false}", &cold, &err) != RX_STATUS_OK) { fprintf(stderr, "%s\n", err); return 1; }
    double cold_create_ms = now_ms() - t0;
    side_by_side(cold, ex, s1, (size_t)off, page, len, argv[1], m);
    printf("| preinit, 1 KB page article: off / on (median) | %.0f / %.0f us | | %.2fx |\n", m[0], m[1], m[0] / m[1]);
    printf("| preinit, that page article: off / on (median) | %.2f / %.2f ms | | %.2fx |\n", m[2] / 1e3, m[3] / 1e3, m[2] / m[3]);
    printf("| create extractor without preinit (separate cache entry) | %.1f ms | | |\n", cold_create_ms);
    rx_extractor_free(cold);

    printf("| RSS before / idle extractor / after warm calls | %ld / %ld / %ld KiB | | |\n", rss0, rss_idle, rss_kib());

    struct corpus c = {0};
    int corpus_loaded = argc > 3;
    if (corpus_loaded) {
        size_t bytes;
        if (load_corpus(argv[3], &c, &bytes)) return 1;
        int ok1, ok2, okn = 0;
        corpus_pass(ex, &c, 1, &ok1); /* warm-up */
        /* Sandbox and native passes alternate so that both see the same machine. */
        enum { ROUNDS = 3 };
        double one[ROUNDS], nat[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            one[r] = corpus_pass(ex, &c, 1, &ok1);
            nat[r] = native_extract ? native_pass(&c, &okn) : 0;
        }
        double two = corpus_pass(ex, &c, 2, &ok2);
        qsort(one, ROUNDS, sizeof *one, cmp_pass);
        qsort(nat, ROUNDS, sizeof *nat, cmp_pass);
        double o = one[ROUNDS / 2], n = nat[ROUNDS / 2];
        printf("| corpus: %d pages, %.1f MB: ok | %d | %d | |\n", c.n, bytes / 1e6, ok1, okn);
        if (native_extract)
            printf("| corpus, 1 thread, article (median of %d passes) | %.1f pages/s (%.2f ms/page) | %.1f pages/s (%.2f ms/page) | %.2fx |\n",
                   ROUNDS, c.n / (o / 1e3), o / c.n, c.n / (n / 1e3), n / c.n, o / n);
        else
            printf("| corpus, 1 thread, article (median of %d passes) | %.1f pages/s (%.2f ms/page) | | |\n", ROUNDS, c.n / (o / 1e3), o / c.n);
        printf("| corpus, 2 threads, one extractor | %.1f pages/s (%.2fx one thread) | | |\n", c.n / (two / 1e3), o / two);
        printf("| RSS after the corpus | %ld KiB | | |\n", rss_kib());
        /* Memory of one extraction: the instance's linear memory at the end of
         * each call (stats memory_used); each concurrent call holds one. */
        struct memory mem;
        guest_memory(ex, &c, &mem);
        printf("| guest memory per extraction (corpus): median / p90 / max (mean) | %.1f / %.1f / %.1f (%.2f) MiB | | |\n",
               mem.median, mem.p90, mem.max, mem.mean);
        free(mem.page);

        /* The engine floor: the parse kernel (tests/bench/kernel: the same
         * HTML parser, nothing else) as a component through the C API and
         * natively, alternating passes. */
        const char *kwasm = getenv("RX_KERNEL_WASM"), *knative = getenv("RX_KERNEL_NATIVE");
        if (kwasm && *kwasm && knative && *knative) {
            void *h = dlopen(knative, RTLD_NOW | RTLD_LOCAL);
            if (!h) { fprintf(stderr, "RX_KERNEL_NATIVE: %s\n", dlerror()); return 1; }
            native_extract_fn kext = (native_extract_fn)dlsym(h, "rxg_native_extract");
            native_free_fn kfree = (native_free_fn)dlsym(h, "rxg_native_free");
            if (!kext || !kfree) { fprintf(stderr, "RX_KERNEL_NATIVE: %s lacks rxg_native_extract\n", knative); return 1; }
            RxExtractor *kx = NULL;
            if (rx_extractor_new_from_file(kwasm, NULL, &kx, &err) != RX_STATUS_OK) { fprintf(stderr, "%s\n", err); return 1; }
            int kok = 0, knok = 0;
            corpus_pass(kx, &c, 1, &kok); /* warm-up */
            double ks[ROUNDS], kn[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                ks[r] = corpus_pass(kx, &c, 1, &kok);
                kn[r] = native_pass_with(kext, kfree, &c, &knok);
            }
            qsort(ks, ROUNDS, sizeof *ks, cmp_pass);
            qsort(kn, ROUNDS, sizeof *kn, cmp_pass);
            double a = ks[ROUNDS / 2], b = kn[ROUNDS / 2];
            printf("| parse kernel (html5ever only), corpus, 1 thread: ok %d / %d | %.1f pages/s (%.2f ms/page) | %.1f pages/s (%.2f ms/page) | %.2fx |\n",
                   kok, knok, c.n / (a / 1e3), a / c.n, c.n / (b / 1e3), b / c.n, a / b);
            rx_extractor_free(kx);
        }
    }
    if (baseline(ex, s1, (size_t)off, corpus_loaded ? &c : NULL)) return 1;
    rx_extractor_free(ex);
    return 0;
}

/* The baseline table when $RX_BASELINE_WASM is set; 1 on error. */
static int baseline(RxExtractor *ex, const unsigned char *s1, size_t off, struct corpus *c) {
    char *err = NULL;
    const char *bwasm = getenv("RX_BASELINE_WASM");
    if (bwasm && *bwasm) {
        RxExtractor *bx = NULL;
        if (rx_extractor_new_from_file(bwasm, NULL, &bx, &err) != RX_STATUS_OK) { fprintf(stderr, "RX_BASELINE_WASM: %s\n", err); return 1; }
        /* RX_CANDIDATE_WASM: a component file in place of the embedded one
         * (to compare two guest builds without rebuilding the library). */
        const char *cwasm = getenv("RX_CANDIDATE_WASM");
        RxExtractor *cx = ex;
        if (cwasm && *cwasm && rx_extractor_new_from_file(cwasm, NULL, &cx, &err) != RX_STATUS_OK) { fprintf(stderr, "RX_CANDIDATE_WASM: %s\n", err); return 1; }
        baseline_table(cx, bx, cx != ex ? cwasm : NULL, bwasm, s1, off, c);
        if (cx != ex) rx_extractor_free(cx);
        rx_extractor_free(bx);
    }
    return 0;
}
