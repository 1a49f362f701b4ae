/*
 * Suite 3, faults: the hostile component (tests/components/hostile) made to
 * misbehave over and over through the C ABI. Every call must get the right
 * status, and the process's resources must stay flat once warmed up.
 *
 *   faults HOSTILE_COMPONENT.wasm [COUNT]
 *
 * COUNT consecutive faults (default 10000; RX_FAULTS overrides), cycling over
 * trap, recurse, loop (short timeout), alloc past the cap, bad-utf8 and
 * stderr-spam-then-panic. Before them, a warm-up of RX_FAULTS_WARMUP faults
 * (default 600). Resource probes (RSS, /proc/self/fd, threads, /proc/self/maps
 * lines) are sampled after the warm-up and every COUNT/10 faults.
 *
 * "Flat" (justified in tests/robustness/README.md):
 *   open fds and threads: no change at all;
 *   memory mappings: at most +RX_FLAT_MAPS (default 8) lines;
 *   RSS: at most +RX_FLAT_RSS_KIB (default 4096) KiB over the warmed-up baseline,
 *        at every sample.
 * RX_FLAT=0 reports the probes without judging RSS and mappings (for runs
 * under AddressSanitizer or Valgrind, whose allocators keep freed memory in
 * quarantine and add their own mappings).
 */
#include "rx_robust.h"

#include <pthread.h>

struct fault {
    const char *name;
    const char *url;
    int slow; /* 1: runs on the short-timeout handle */
    RxStatus want;
    const char *needle; /* in the error message */
};

static const struct fault FAULTS[] = {
    {"trap", "hostile://trap", 0, RX_STATUS_GUEST_TRAP, "deliberate panic"},
    {"recurse", "hostile://recurse", 0, RX_STATUS_GUEST_TRAP, "stack"},
    {"loop", "hostile://loop", 1, RX_STATUS_TIMEOUT, "deadline of 10 ms"},
    {"alloc", "hostile://alloc", 0, RX_STATUS_MEMORY_LIMIT, "16777216"},
    {"bad-utf8", "hostile://bad-utf8", 0, RX_STATUS_GUEST_TRAP, NULL},
    {"stderr", "hostile://stderr", 0, RX_STATUS_GUEST_TRAP, "guest stderr"},
};
enum { NKINDS = sizeof FAULTS / sizeof *FAULTS };

struct tally {
    long n, right;
    double worst_ms, total_ms;
};
static struct tally tallies[NKINDS];

struct probe {
    long done, rss, fds, threads, maps;
};

static struct probe take_probe(long done) {
    return (struct probe){done, rb_rss(), rb_open_fds(), rb_threads(), rb_maps()};
}

static RxExtractor *open_hostile(const char *path, const char *config) {
    RxExtractor *ex = NULL;
    char *err = NULL;
    RxStatus st = rx_extractor_new_from_file(path, config, &ex, &err);
    RB_CHECK(st == RX_STATUS_OK && ex, "open %s: %s", path, err ? err : "?");
    rx_string_free(err);
    return ex;
}

/* One fault; returns 1 when its status and error JSON are right. */
static int one_fault(RxExtractor *fast, RxExtractor *slow, int k) {
    const struct fault *f = &FAULTS[k];
    static const unsigned char html[] = "<p>hello</p>";
    char *json = NULL;
    size_t len = 0;
    double t0 = rb_now_ms();
    RxStatus st = rx_extract(f->slow ? slow : fast, html, sizeof html - 1, f->url, NULL, NULL, &json, &len);
    double ms = rb_now_ms() - t0;
    int right = st == f->want && rb_error_json_ok(json, st) && len == strlen(json) &&
                (!f->needle || strstr(json, f->needle));
    if (!right && tallies[k].n - tallies[k].right < 3)
        fprintf(stderr, "FAIL %s: got %s: %s\n", f->name, rx_status_name((int)st), json ? json : "NULL");
    tallies[k].n++;
    tallies[k].right += right;
    tallies[k].total_ms += ms;
    if (ms > tallies[k].worst_ms) tallies[k].worst_ms = ms;
    rx_string_free(json);
    return right;
}

static int healthy(RxExtractor *ex) {
    static const unsigned char html[] = "<p>hello</p>";
    char *json = NULL;
    RxStatus st = rx_extract(ex, html, sizeof html - 1, "hostile://ok", NULL, NULL, &json, NULL);
    int ok = st == RX_STATUS_OK && json && strstr(json, "\"text\":\"<p>hello</p>\"");
    rx_string_free(json);
    return ok;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s HOSTILE_COMPONENT.wasm [COUNT]\n", argv[0]);
        return 2;
    }
    long count = argc == 3 ? strtol(argv[2], NULL, 10) : 10000;
    count = rb_env_long("RX_FAULTS", count);
    long warmup = rb_env_long("RX_FAULTS_WARMUP", 600);
    int judge = rb_env_long("RX_FLAT", 1) != 0;
    long tol_maps = rb_env_long("RX_FLAT_MAPS", 8);
    long tol_rss = rb_env_long("RX_FLAT_RSS_KIB", 4096) * 1024;
    double t_start = rb_now_ms();

    RxExtractor *fast = open_hostile(argv[1], "{\"timeout_ms\": 10000, \"max_memory_bytes\": 16777216}");
    RxExtractor *slow = open_hostile(argv[1], "{\"timeout_ms\": 10, \"max_memory_bytes\": 16777216}");
    if (!fast || !slow) {
        rb_summary("faults");
        return 1;
    }

    long wrong = 0;
    for (long i = 0; i < warmup; i++) wrong += !one_fault(fast, slow, (int)(i % NKINDS));
    RB_CHECK(wrong == 0, "%ld warm-up faults got the wrong status", wrong);
    memset(tallies, 0, sizeof tallies);

    enum { NPROBES = 11 };
    struct probe probes[NPROBES];
    int np = 0;
    probes[np++] = take_probe(0);
    long step = count / 10 > 0 ? count / 10 : 1;
    wrong = 0;
    for (long i = 0; i < count; i++) {
        wrong += !one_fault(fast, slow, (int)(i % NKINDS));
        if ((i + 1) % step == 0 && np < NPROBES) probes[np++] = take_probe(i + 1);
    }
    if (probes[np - 1].done != count && np < NPROBES) probes[np++] = take_probe(count);
    double t_total = rb_now_ms() - t_start;

    RB_CHECK(wrong == 0, "%ld of %ld faults got the wrong status", wrong, count);
    RB_CHECK(healthy(fast) && healthy(slow), "the handles still extract after %ld faults", count);

    /* The counters saw every fault. */
    char *stats = NULL;
    rx_extractor_stats(slow, &stats, NULL);
    long loops = 0;
    for (int k = 0; k < NKINDS; k++)
        if (FAULTS[k].slow) loops += tallies[k].n;
    char want[96];
    snprintf(want, sizeof want, "\"timeout\":%ld", loops + (warmup + NKINDS - 1) / NKINDS);
    RB_CHECK(stats && strstr(stats, want), "timeouts counted (%s): %s", want, stats ? stats : "NULL");
    rx_string_free(stats);

    printf("\nfaults: %ld consecutive faults after %ld warm-up faults\n", count, warmup);
    printf("%-10s %8s %8s %10s %10s\n", "fault", "calls", "right", "mean ms", "worst ms");
    for (int k = 0; k < NKINDS; k++) {
        struct tally *t = &tallies[k];
        printf("%-10s %8ld %8ld %10.2f %10.2f\n", FAULTS[k].name, t->n, t->right, t->n ? t->total_ms / t->n : 0.0,
               t->worst_ms);
    }
    printf("\n%-8s %10s %6s %8s %6s\n", "after", "RSS KiB", "fds", "threads", "maps");
    long max_rss = 0, max_maps = 0;
    for (int i = 0; i < np; i++) {
        printf("%-8ld %10ld %6ld %8ld %6ld\n", probes[i].done, probes[i].rss / 1024, probes[i].fds, probes[i].threads,
               probes[i].maps);
        if (probes[i].rss > max_rss) max_rss = probes[i].rss;
        if (probes[i].maps > max_maps) max_maps = probes[i].maps;
    }
    struct probe *b = &probes[0], *e = &probes[np - 1];
    printf("\ndelta over %ld faults: RSS %+ld KiB (max %+ld KiB; tolerance %ld KiB), fds %+ld, threads %+ld, maps %+ld "
           "(max %+ld; tolerance %ld)%s\n",
           count, (e->rss - b->rss) / 1024, (max_rss - b->rss) / 1024, tol_rss / 1024, e->fds - b->fds,
           e->threads - b->threads, e->maps - b->maps, max_maps - b->maps, tol_maps,
           judge ? "" : " [RSS and maps not judged: RX_FLAT=0]");
    printf("run time: %.1f s\n", t_total / 1e3);

    for (int i = 1; i < np; i++) {
        RB_CHECK(probes[i].fds == b->fds, "open fds %ld -> %ld after %ld faults", b->fds, probes[i].fds,
                 probes[i].done);
        RB_CHECK(probes[i].threads == b->threads, "threads %ld -> %ld after %ld faults", b->threads,
                 probes[i].threads, probes[i].done);
        if (judge) {
            RB_CHECK(probes[i].rss - b->rss <= tol_rss, "RSS %ld -> %ld KiB after %ld faults", b->rss / 1024,
                     probes[i].rss / 1024, probes[i].done);
            RB_CHECK(probes[i].maps - b->maps <= tol_maps, "maps %ld -> %ld after %ld faults", b->maps,
                     probes[i].maps, probes[i].done);
        }
    }
    rx_extractor_free(fast);
    rx_extractor_free(slow);
    rb_summary("faults");
    return rb_failed ? 1 : 0;
}
