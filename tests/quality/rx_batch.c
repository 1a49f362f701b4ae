/*
 * rx_batch: run one riptide extractor over many pages through the public C API.
 *
 *   rx_batch [-m article|full|metadata] [-c CHARSET] [-w COMPONENT.wasm] LIST
 *
 * LIST (or "-" for stdin) holds one page per line, tab-separated:
 *   INPUT_PATH <TAB> URL <TAB> OUTPUT_JSON_PATH
 * INPUT_PATH ending in ".gz" is decompressed with zlib. The page bytes are
 * passed as they are (the library decodes the charset). Each result (or the
 * error object) is written to OUTPUT_JSON_PATH. A summary line goes to
 * stderr: pages, failures, empty texts and the time spent inside rx_extract.
 * Exit status: 0 when every line was processed (extraction errors are
 * counted, not fatal), 1 on unreadable inputs/outputs or a bad LIST.
 * -w runs a component file (rx_extractor_new_from_file) instead of the
 * embedded default extractor, e.g. a freshly built guest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "riptide_extractor.h"

static unsigned char *read_plain(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (n == cap) { cap *= 2; buf = realloc(buf, cap); }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0) break;
        n += r;
    }
    fclose(f);
    *len = n;
    return buf;
}

static unsigned char *read_gz(const char *path, size_t *len) {
    gzFile g = gzopen(path, "rb");
    if (!g) return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (n == cap) { cap *= 2; buf = realloc(buf, cap); }
        int r = gzread(g, buf + n, (unsigned)(cap - n));
        if (r < 0) { gzclose(g); free(buf); return NULL; }
        if (r == 0) break;
        n += (size_t)r;
    }
    gzclose(g);
    *len = n;
    return buf;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const char *mode = "article", *favor = "balanced", *charset = NULL, *list = NULL, *wasm = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-m") && i + 1 < argc) mode = argv[++i];
        else if (!strcmp(argv[i], "-f") && i + 1 < argc) favor = argv[++i];
        else if (!strcmp(argv[i], "-c") && i + 1 < argc) charset = argv[++i];
        else if (!strcmp(argv[i], "-w") && i + 1 < argc) wasm = argv[++i];
        else if (!list) list = argv[i];
        else { fprintf(stderr, "usage: rx_batch [-m MODE] [-f FAVOR] [-c CHARSET] [-w COMPONENT.wasm] LIST\n"); return 2; }
    }
    if (!list) { fprintf(stderr, "usage: rx_batch [-m MODE] [-f FAVOR] [-c CHARSET] [-w COMPONENT.wasm] LIST\n"); return 2; }
    FILE *lf = strcmp(list, "-") ? fopen(list, "r") : stdin;
    if (!lf) { fprintf(stderr, "rx_batch: cannot open %s: %s\n", list, strerror(errno)); return 1; }

    char options[256];
    snprintf(options, sizeof options, "{\"mode\": \"%s\", \"favor\": \"%s\"}", mode, favor);

    RxExtractor *ex = NULL;
    char *err = NULL;
    RxStatus st = wasm ? rx_extractor_new_from_file(wasm, NULL, &ex, &err) : rx_extractor_new(NULL, &ex, &err);
    if (st != RX_STATUS_OK) {
        fprintf(stderr, "rx_batch: rx_extractor_new: %s\n", err ? err : rx_status_name(st));
        rx_string_free(err);
        return 1;
    }

    char line[8192];
    int pages = 0, failed = 0, empty = 0, bad = 0;
    double spent = 0;
    while (fgets(line, sizeof line, lf)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char *in = line, *url = strchr(in, '\t'), *out = NULL;
        if (url) { *url++ = 0; out = strchr(url, '\t'); }
        if (!url || !out) { fprintf(stderr, "rx_batch: bad line (need 3 tab-separated fields): %s\n", line); bad++; continue; }
        *out++ = 0;
        size_t len = 0;
        size_t n = strlen(in);
        unsigned char *html = (n > 3 && !strcmp(in + n - 3, ".gz")) ? read_gz(in, &len) : read_plain(in, &len);
        if (!html) { fprintf(stderr, "rx_batch: cannot read %s\n", in); bad++; continue; }
        char *json = NULL;
        size_t json_len = 0;
        double t0 = now();
        st = rx_extract(ex, html, len, url[0] ? url : NULL, options, charset, &json, &json_len);
        spent += now() - t0;
        free(html);
        pages++;
        if (st != RX_STATUS_OK) {
            failed++;
            fprintf(stderr, "rx_batch: %s: %s %s\n", in, rx_status_name(st), json ? json : "");
        } else if (strcmp(mode, "metadata") && strstr(json, "\"text\":\"\"")) {
            empty++;
            fprintf(stderr, "rx_batch: %s: empty text\n", in);
        }
        FILE *of = fopen(out, "wb");
        if (!of || fwrite(json, 1, json_len, of) != json_len) {
            fprintf(stderr, "rx_batch: cannot write %s\n", out);
            bad++;
        }
        if (of) fclose(of);
        rx_string_free(json);
    }
    if (lf != stdin) fclose(lf);
    rx_extractor_free(ex);
    fprintf(stderr, "rx_batch: mode=%s pages=%d failed=%d empty_text=%d extract_time=%.2fs (%.1f ms/page)\n",
            mode, pages, failed, empty, spent, pages ? spent * 1000 / pages : 0.0);
    return bad ? 1 : 0;
}
