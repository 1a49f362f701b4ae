/*
 * What the process-level options cost, measured side by side (calls
 * alternate between the two configurations; medians):
 * - "address_space": "compact" vs "large" on a real page (article mode);
 * - "signal_check": true vs false on the smallest call (hostile://ok);
 * - the address space each concurrent call reserves, in both modes;
 * - how many of 24 concurrent compact calls run under RLIMIT_AS 2 GiB.
 *
 *   process_costs PAGE.html HOSTILE.wasm [ITERATIONS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "riptide_extractor.h"

static const char *hostile_path;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static RxExtractor *make(const char *config, int from_file) {
    RxExtractor *ex = NULL;
    char *err = NULL;
    RxStatus st = from_file ? rx_extractor_new_from_file(hostile_path, config, &ex, &err)
                            : rx_extractor_new(config, &ex, &err);
    if (st != RX_STATUS_OK) {
        fprintf(stderr, "%s: %s\n", config, err ? err : "");
        exit(1);
    }
    return ex;
}

/* Alternates calls on two extractors; prints both medians and their ratio. */
static void side_by_side(const char *what, const char *cfg[2], int from_file, const unsigned char *html,
                         size_t len, const char *url, int n) {
    RxExtractor *ex[2] = {make(cfg[0], from_file), make(cfg[1], from_file)};
    double *d[2] = {malloc(n * sizeof(double)), malloc(n * sizeof(double))};
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2; j++) {
            int k = (i & 1) ? 1 - j : j;
            char *json = NULL;
            double t = now_ns();
            rx_extract(ex[k], html, len, url, NULL, NULL, &json, NULL);
            d[k][i] = now_ns() - t;
            rx_string_free(json);
        }
    for (int k = 0; k < 2; k++) qsort(d[k], n, sizeof(double), cmp);
    printf("| %s | %s: %.1f us | %s: %.1f us | %.3f |\n", what, cfg[0], d[0][n / 2] / 1e3, cfg[1],
           d[1][n / 2] / 1e3, d[1][n / 2] / d[0][n / 2]);
    for (int k = 0; k < 2; k++) { rx_extractor_free(ex[k]); free(d[k]); }
}

static long vm_size_kib(void) {
    char line[256];
    long v = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmSize:", 7) == 0) v = atol(line + 7);
    if (f) fclose(f);
    return v;
}

static RxExtractor *looping;
static int statuses[64];

static void *loop_call(void *arg) {
    char *json = NULL;
    statuses[(long)arg] = rx_extract(looping, (const unsigned char *)"x", 1, "hostile://loop", NULL, NULL, &json, NULL);
    rx_string_free(json);
    return NULL;
}

/* Runs `n` concurrent looping calls; returns how many reached their timeout. */
static int concurrent(int n, long *added_kib) {
    pthread_t th[64];
    long before = vm_size_kib();
    for (long i = 0; i < n; i++) pthread_create(&th[i], NULL, loop_call, (void *)i);
    usleep(300000);
    if (added_kib) *added_kib = vm_size_kib() - before;
    int ran = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        ran += statuses[i] == RX_STATUS_TIMEOUT;
    }
    return ran;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s PAGE.html HOSTILE.wasm [ITERATIONS]\n", argv[0]);
        return 2;
    }
    hostile_path = argv[2];
    int n = argc > 3 ? atoi(argv[3]) : 300;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END);
    size_t len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *page = malloc(len);
    if (fread(page, 1, len, f) != len) return 2;
    fclose(f);

    printf("| measurement | A | B | B/A |\n|---|---|---|---|\n");
    const char *space[2] = {"{\"address_space\":\"large\"}", "{\"address_space\":\"compact\"}"};
    side_by_side("real page, article", space, 0, page, len, "https://doc.rust-lang.org/book/", n);
    const char *check[2] = {"{\"signal_check\":false}", "{\"signal_check\":true}"};
    side_by_side("hostile://ok", check, 1, (const unsigned char *)"x", 1, "hostile://ok", 10 * n);

    for (int k = 0; k < 2; k++) {
        looping = make(k ? "{\"timeout_ms\":600,\"address_space\":\"compact\"}" : "{\"timeout_ms\":600}", 1);
        long added = 0;
        concurrent(4, &added);
        printf("address space per concurrent call, %s: %.1f MiB\n", k ? "compact" : "large", added / 4096.0);
        if (k) {
            struct rlimit r = {2048UL << 20, RLIM_INFINITY};
            setrlimit(RLIMIT_AS, &r);
            printf("RLIMIT_AS 2 GiB: %d of 24 concurrent compact calls ran\n", concurrent(24, NULL));
        }
        rx_extractor_free(looping);
    }
    free(page);
    return 0;
}
