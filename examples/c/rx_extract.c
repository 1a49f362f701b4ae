/*
 * rx_extract: extract structured content from an HTML page with
 * libriptide_extractor and print the JSON result.
 *
 *   rx_extract [-u URL] [-m article|full|metadata] [-s SELECTOR]... [-c CHARSET]
 *              [-w COMPONENT.wasm] [-j CONFIG_JSON] [--stats] [--time N] [FILE|-]
 *
 * Reads FILE (or standard input when FILE is "-" or absent). Prints the result
 * JSON on standard output and exits 0; on failure prints the error JSON on
 * standard error and exits 1 (2 for usage errors). Uses only the public header.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "riptide_extractor.h"

static void usage(FILE *to) {
    fprintf(to,
            "usage: rx_extract [-u URL] [-m article|full|metadata] [-s SELECTOR]... [-c CHARSET]\n"
            "                  [-w COMPONENT.wasm] [-j CONFIG_JSON] [--stats] [FILE|-]\n"
            "  -s SELECTOR  custom mode: content of the elements matching the CSS selector (repeatable)\n"
            "  -c CHARSET   charset hint, e.g. iso-8859-1 or \"text/html; charset=utf-8\"\n"
            "  -w FILE      use this extractor component instead of the embedded default\n"
            "  -j JSON      extractor configuration, e.g. '{\"timeout_ms\": 5000}'\n"
            "  --stats      add extraction statistics to the result\n"
            "  --time N     also time extractor creation, the first call and N warm calls (to stderr)\n");
}

/* Appends s to buf as a JSON string literal. Returns 0, or -1 on overflow. */
static int json_string(char *buf, size_t cap, size_t *len, const char *s) {
    const char *hex = "0123456789abcdef";
#define PUT(c)                          \
    do {                                \
        if (*len + 1 >= cap) return -1; \
        buf[(*len)++] = (c);            \
    } while (0)
    PUT('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            PUT('\\');
            PUT((char)*p);
        } else if (*p < 0x20) {
            PUT('\\'); PUT('u'); PUT('0'); PUT('0');
            PUT(hex[*p >> 4]);
            PUT(hex[*p & 15]);
        } else {
            PUT((char)*p);
        }
    }
    PUT('"');
    buf[*len] = '\0';
    return 0;
#undef PUT
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static unsigned char *read_all(FILE *f, size_t *out_len) {
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (len == cap) {
            unsigned char *bigger = realloc(buf, cap *= 2);
            if (!bigger) { free(buf); return NULL; }
            buf = bigger;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
    }
    if (ferror(f)) { free(buf); return NULL; }
    *out_len = len;
    return buf;
}

int main(int argc, char **argv) {
    const char *url = NULL, *mode = "article", *charset = NULL, *component = NULL;
    const char *config = NULL, *file = NULL;
    const char *selectors[64];
    int nsel = 0, stats = 0, repeat = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "-u") && has_value) url = argv[++i];
        else if (!strcmp(a, "-m") && has_value) mode = argv[++i];
        else if (!strcmp(a, "-c") && has_value) charset = argv[++i];
        else if (!strcmp(a, "-w") && has_value) component = argv[++i];
        else if (!strcmp(a, "-j") && has_value) config = argv[++i];
        else if (!strcmp(a, "-s") && has_value) {
            if (nsel == 64) { fprintf(stderr, "rx_extract: too many selectors\n"); return 2; }
            selectors[nsel++] = argv[++i];
        } else if (!strcmp(a, "--stats")) stats = 1;
        else if (!strcmp(a, "--time") && has_value) {
            repeat = atoi(argv[++i]);
            if (repeat < 1 || repeat > 1000000) { usage(stderr); return 2; }
        }
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (a[0] == '-' && a[1] != '\0') { usage(stderr); return 2; }
        else if (!file) file = a;
        else { usage(stderr); return 2; }
    }

    /* Options JSON: {"mode": ...} or {"mode": {"custom": [...]}}. */
    char options[16384];
    size_t len = 0;
    len += (size_t)snprintf(options, sizeof options, "{\"mode\":");
    if (nsel > 0) {
        len += (size_t)snprintf(options + len, sizeof options - len, "{\"custom\":[");
        for (int i = 0; i < nsel; i++) {
            if (i) options[len++] = ',';
            if (json_string(options, sizeof options - 64, &len, selectors[i])) {
                fprintf(stderr, "rx_extract: selectors too long\n");
                return 2;
            }
        }
        len += (size_t)snprintf(options + len, sizeof options - len, "]}");
    } else if (json_string(options, sizeof options - 64, &len, mode)) {
        return 2;
    }
    snprintf(options + len, sizeof options - len, ",\"with_stats\":%s}", stats ? "true" : "false");

    FILE *in = stdin;
    if (file && strcmp(file, "-") != 0) {
        in = fopen(file, "rb");
        if (!in) { fprintf(stderr, "rx_extract: %s: %s\n", file, strerror(errno)); return 1; }
    }
    size_t html_len = 0;
    unsigned char *html = read_all(in, &html_len);
    if (in != stdin) fclose(in);
    if (!html) { fprintf(stderr, "rx_extract: cannot read input\n"); return 1; }

    RxExtractor *ex = NULL;
    char *err = NULL;
    double t0 = now_ms();
    RxStatus st = component ? rx_extractor_new_from_file(component, config, &ex, &err)
                            : rx_extractor_new(config, &ex, &err);
    if (st != RX_STATUS_OK) {
        fprintf(stderr, "%s\n", err ? err : rx_status_name((int)st));
        rx_string_free(err);
        free(html);
        return 1;
    }

    double t1 = now_ms();
    char *json = NULL;
    size_t json_len = 0;
    st = rx_extract(ex, html, html_len, url, options, charset, &json, &json_len);
    double t2 = now_ms();
    if (repeat > 0 && st == RX_STATUS_OK) {
        double *ms = malloc(sizeof(double) * (size_t)repeat);
        for (int i = 0; ms && i < repeat; i++) {
            char *again = NULL;
            double a = now_ms();
            rx_extract(ex, html, html_len, url, options, charset, &again, NULL);
            ms[i] = now_ms() - a;
            rx_string_free(again);
        }
        if (ms) {
            qsort(ms, (size_t)repeat, sizeof *ms, cmp_double);
            fprintf(stderr, "create %.1f ms, first extract %.2f ms, warm (n=%d) median %.2f ms, p90 %.2f ms, min %.2f ms\n",
                    t1 - t0, t2 - t1, repeat, ms[repeat / 2], ms[repeat * 9 / 10], ms[0]);
            free(ms);
        }
    }
    if (st == RX_STATUS_OK) {
        fwrite(json, 1, json_len, stdout);
        fputc('\n', stdout);
    } else {
        fprintf(stderr, "%s\n", json ? json : rx_status_name((int)st));
    }
    rx_string_free(json);
    rx_extractor_free(ex);
    free(html);
    return st == RX_STATUS_OK ? 0 : 1;
}
