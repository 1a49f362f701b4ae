/*
 * The host process: fork, signal handlers installed after the library, and
 * address-space limits. Every case runs in a child process of its own under a
 * watchdog, so a hang or a crash is a reported failure, not a stuck run:
 * - fork: a child uses extractors created before the fork (a result, and a
 *   looping guest stopped by timeout_ms within 2x the deadline), compiles a
 *   new component, and forks taken while other threads extract and compile
 *   never deadlock;
 * - signals: a non-chaining SIGSEGV/SIGILL handler installed after the
 *   library gives RX_STATUS_SIGNAL_HANDLERS without running the guest (never
 *   a crash or the host handler); restoring the handlers restores traps; a
 *   chaining handler with "signal_check": false gets ordinary guest traps;
 * - RLIMIT_AS: calls that cannot get address space fail with
 *   RX_STATUS_HOST_RESOURCES (not counted as traps), "address_space":
 *   "compact" works where "large" cannot, rx_extractor_new compiles at 256 MiB
 *   and returns host_resources at 160 MiB (never an abort), and a
 *   pre-initialisation that failed for lack of address space
 *   is retried by the next rx_extractor_new.
 *
 *   test_process FIXTURES_DIR HOSTILE_COMPONENT.wasm
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "riptide_extractor.h"
#include "check.h"

static const char *hostile_path;
static unsigned char *page;
static size_t page_len;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static RxExtractor *hostile(const char *config) {
    RxExtractor *ex = NULL;
    char *err = NULL;
    RxStatus st = rx_extractor_new_from_file(hostile_path, config, &ex, &err);
    CHECK(st == RX_STATUS_OK, "hostile %s: %s", config, err ? err : "");
    rx_string_free(err);
    return ex;
}

/* One hostile call; returns its status, the JSON into *json when asked. */
static RxStatus call(RxExtractor *ex, const char *url, char **json) {
    char *out = NULL;
    RxStatus st = rx_extract(ex, (const unsigned char *)"x", 1, url, NULL, NULL, &out, NULL);
    if (json) *json = out;
    else rx_string_free(out);
    return st;
}

static long stat_field(RxExtractor *ex, const char *key) {
    char *json = NULL;
    rx_extractor_stats(ex, &json, NULL);
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = json ? strstr(json, pat) : NULL;
    long v = p ? strtol(p + strlen(pat), NULL, 10) : -1;
    rx_string_free(json);
    return v;
}

/* Waits for `pid` at most `seconds`; kills it after. 0 = exited 0. */
static int wait_for(pid_t pid, int seconds, const char *what) {
    double deadline = now_ms() + seconds * 1e3;
    int ws = 0;
    for (;;) {
        pid_t r = waitpid(pid, &ws, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) { perror("waitpid"); return -1; }
        if (now_ms() > deadline) {
            if (getenv("RX_PROCESS_GDB")) { /* where it hangs, when gdb is there */
                char cmd[128];
                snprintf(cmd, sizeof cmd, "gdb -p %d -batch -ex 'thread apply all bt' 2>/dev/null", (int)pid);
                if (system(cmd) != 0) fprintf(stderr, "gdb failed\n");
            }
            kill(pid, SIGKILL);
            waitpid(pid, &ws, 0);
            fprintf(stderr, "%s: hung for %d s, killed\n", what, seconds);
            return -1;
        }
        usleep(10000);
    }
    if (WIFSIGNALED(ws)) {
        fprintf(stderr, "%s: killed by signal %d\n", what, WTERMSIG(ws));
        return -1;
    }
    if (WEXITSTATUS(ws) != 0) fprintf(stderr, "%s: exit status %d\n", what, WEXITSTATUS(ws));
    return WEXITSTATUS(ws);
}

/* Ends a forked child: flushes its output, exits 1 if any check failed. */
static void child_exit(void) {
    fflush(NULL);
    _exit(failed ? 1 : 0);
}

/* The checks a forked child makes with extractors created before the fork. */
static void child_uses(RxExtractor *def, RxExtractor *hx, int timeout_ms) {
    char *json = NULL;
    RxStatus st = rx_extract(def, page, page_len, "https://coastal.example/a", NULL, NULL, &json, NULL);
    CHECK(st == RX_STATUS_OK && json && strstr(json, "How Lighthouses Work"), "child extract: %s", json ? json : "");
    rx_string_free(json);
    CHECK(call(hx, "hostile://ok", NULL) == RX_STATUS_OK, "child ok");
    double t = now_ms();
    st = call(hx, "hostile://loop", &json);
    double took = now_ms() - t;
    CHECK(st == RX_STATUS_TIMEOUT && took < 2.0 * timeout_ms, "child loop: %s after %.0f ms", json ? json : "", took);
    printf("  fork child: looping guest stopped after %.0f ms (timeout_ms %d)\n", took, timeout_ms);
    rx_string_free(json);
    child_exit();
}

static int case_fork_uses_parent_extractors(void) {
    RxExtractor *def = NULL;
    CHECK(rx_extractor_new(NULL, &def, NULL) == RX_STATUS_OK, "default");
    RxExtractor *hx = hostile("{\"timeout_ms\": 500}");
    if (!def || !hx) return 1;
    CHECK(call(hx, "hostile://ok", NULL) == RX_STATUS_OK, "parent ok");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) child_uses(def, hx, 500);
    CHECK(wait_for(pid, 30, "fork child") == 0, "child");
    /* The parent's own ticker still runs. */
    double t = now_ms();
    CHECK(call(hx, "hostile://loop", NULL) == RX_STATUS_TIMEOUT && now_ms() - t < 1000, "parent loop");
    /* A grandchild: fork of a fork. */
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        fflush(NULL);
        pid_t inner = fork();
        if (inner == 0) child_uses(def, hx, 500);
        _exit(wait_for(inner, 30, "grandchild") == 0 ? 0 : 1);
    }
    CHECK(wait_for(pid, 40, "fork child of a fork") == 0, "grandchild");
    rx_extractor_free(def);
    rx_extractor_free(hx);
    return 0;
}

static int case_fork_child_compiles(void) {
    /* The parent compiles (no cache), so the compiler's worker threads exist
       in it and not in the child. */
    RxExtractor *hx = hostile("{\"cache_dir\": \"\"}");
    if (!hx) return 1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        double t = now_ms();
        RxExtractor *c = hostile("{\"cache_dir\": \"\", \"timeout_ms\": 500}");
        printf("  fork child: compiled a component in %.0f ms\n", now_ms() - t);
        if (!c) _exit(1);
        CHECK(call(c, "hostile://ok", NULL) == RX_STATUS_OK, "compiled in child");
        t = now_ms();
        CHECK(call(c, "hostile://loop", NULL) == RX_STATUS_TIMEOUT && now_ms() - t < 1000, "loop");
        rx_extractor_free(c);
        child_exit();
    }
    CHECK(wait_for(pid, 60, "compiling fork child") == 0, "child compiles");
    rx_extractor_free(hx);
    return 0;
}

static volatile int stop_workers;
static RxExtractor *shared_hx;

static void *extract_worker(void *arg) {
    (void)arg;
    while (!stop_workers) {
        call(shared_hx, "hostile://ok", NULL);
        call(shared_hx, "hostile://trap", NULL);
    }
    return NULL;
}

static void *create_worker(void *arg) {
    (void)arg;
    while (!stop_workers) {
        RxExtractor *ex = NULL;
        /* No cache: every creation compiles. */
        if (rx_extractor_new_from_file(hostile_path, "{\"cache_dir\": \"\"}", &ex, NULL) == RX_STATUS_OK)
            rx_extractor_free(ex);
    }
    return NULL;
}

static int case_fork_while_threads_work(void) {
    shared_hx = hostile("{\"timeout_ms\": 500}");
    if (!shared_hx) return 1;
    pthread_t t1, t2;
    pthread_create(&t1, NULL, extract_worker, NULL);
    pthread_create(&t2, NULL, create_worker, NULL);
    int ok = 0;
    for (int i = 0; i < 8; i++) {
        usleep(150000);
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            CHECK(call(shared_hx, "hostile://ok", NULL) == RX_STATUS_OK, "ok in child %d", i);
            CHECK(call(shared_hx, "hostile://trap", NULL) == RX_STATUS_GUEST_TRAP, "trap in child %d", i);
            RxExtractor *c = hostile("{\"timeout_ms\": 500}");
            if (c) CHECK(call(c, "hostile://loop", NULL) == RX_STATUS_TIMEOUT, "loop in child %d", i);
            child_exit();
        }
        if (wait_for(pid, 30, "fork child during work") == 0) ok++;
    }
    stop_workers = 1;
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    CHECK(ok == 8, "%d of 8 children completed", ok);
    rx_extractor_free(shared_hx);
    return 0;
}

static volatile sig_atomic_t host_handler_runs;

static void plain_handler(int sig) {
    (void)sig;
    host_handler_runs++;
    _exit(3); /* what a crash reporter does after printing */
}

static int case_handler_installed_after(void) {
    RxExtractor *hx = hostile(NULL);
    if (!hx) return 1;
    CHECK(call(hx, "hostile://trap", NULL) == RX_STATUS_GUEST_TRAP, "trap before");
    struct sigaction sa, old_segv, old_ill;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = plain_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGILL, &sa, &old_ill);
    char *json = NULL;
    RxStatus st = call(hx, "hostile://trap", &json);
    CHECK(st == RX_STATUS_SIGNAL_HANDLERS && json && strstr(json, "SIGSEGV") && strstr(json, "signal_handlers"),
          "trap with a replaced handler: %s %s", rx_status_name((int)st), json ? json : "");
    rx_string_free(json);
    CHECK(call(hx, "hostile://ok", NULL) == RX_STATUS_SIGNAL_HANDLERS, "no guest code runs");
    CHECK(stat_field(hx, "traps") == 1, "not counted as traps");
    /* Only SIGILL replaced: named in the message. */
    sigaction(SIGSEGV, &old_segv, NULL);
    st = call(hx, "hostile://trap", &json);
    CHECK(st == RX_STATUS_SIGNAL_HANDLERS && json && strstr(json, "SIGILL"), "%s", json ? json : "");
    rx_string_free(json);
    /* Handlers restored: traps are traps again. */
    sigaction(SIGILL, &old_ill, NULL);
    CHECK(call(hx, "hostile://trap", NULL) == RX_STATUS_GUEST_TRAP, "trap after restoring");
    CHECK(call(hx, "hostile://ok", NULL) == RX_STATUS_OK, "ok after restoring");
    CHECK(host_handler_runs == 0, "the host handler ran %d times", (int)host_handler_runs);
    rx_extractor_free(hx);
    return 0;
}

static struct sigaction chained[32];
static volatile sig_atomic_t chained_runs;

static void chaining_handler(int sig, siginfo_t *info, void *ctx) {
    chained_runs++;
    struct sigaction *prev = &chained[sig];
    if (prev->sa_flags & SA_SIGINFO) prev->sa_sigaction(sig, info, ctx);
    else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) prev->sa_handler(sig);
    else { signal(sig, SIG_DFL); raise(sig); }
}

static int case_chaining_handler(void) {
    RxExtractor *checked = hostile(NULL);
    RxExtractor *trusting = hostile("{\"signal_check\": false}");
    if (!checked || !trusting) return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = chaining_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGILL, SIGFPE};
    for (int i = 0; i < 3; i++) sigaction(sigs[i], &sa, &chained[sigs[i]]);
    CHECK(call(checked, "hostile://trap", NULL) == RX_STATUS_SIGNAL_HANDLERS, "checked extractor refuses");
    for (int i = 0; i < 3; i++) {
        char *json = NULL;
        RxStatus st = call(trusting, i == 1 ? "hostile://oob" : "hostile://trap", &json);
        CHECK(st == RX_STATUS_GUEST_TRAP, "chained trap %d: %s", i, json ? json : "");
        rx_string_free(json);
    }
    CHECK(chained_runs >= 2, "the chaining handler saw the traps (%d)", (int)chained_runs);
    CHECK(call(trusting, "hostile://ok", NULL) == RX_STATUS_OK, "ok after chained traps");
    rx_extractor_free(checked);
    rx_extractor_free(trusting);
    return 0;
}

static void limit_address_space(long mib) {
    struct rlimit r;
    getrlimit(RLIMIT_AS, &r);
    r.rlim_cur = mib < 0 ? r.rlim_max : (rlim_t)mib << 20;
    CHECK(setrlimit(RLIMIT_AS, &r) == 0, "setrlimit %ld", mib);
}

static int case_rlimit_calls(void) {
    RxExtractor *large = hostile(NULL);
    RxExtractor *compact = hostile("{\"address_space\": \"compact\"}");
    if (!large || !compact) return 1;
    limit_address_space(2048);
    char *json = NULL;
    RxStatus st = call(large, "hostile://ok", &json);
    CHECK(st == RX_STATUS_HOST_RESOURCES && json && strstr(json, "address space"), "2 GiB, large: %s", json ? json : "");
    rx_string_free(json);
    CHECK(stat_field(large, "traps") == 0 && stat_field(large, "host_failures") == 1, "counted as a host failure");
    CHECK(call(compact, "hostile://ok", NULL) == RX_STATUS_OK, "2 GiB, compact");
    CHECK(call(compact, "hostile://trap", NULL) == RX_STATUS_GUEST_TRAP, "2 GiB, compact trap");
    st = call(compact, "hostile://alloc", &json);
    CHECK(st == RX_STATUS_MEMORY_LIMIT || st == RX_STATUS_HOST_RESOURCES, "compact alloc: %s", json ? json : "");
    rx_string_free(json);
    limit_address_space(-1);
    CHECK(call(large, "hostile://ok", NULL) == RX_STATUS_OK, "limit lifted");
    rx_extractor_free(large);
    rx_extractor_free(compact);
    return 0;
}

/* rx_extractor_new compiling (no cache) under `mib`: the expected status. */
static void new_under(long mib, RxStatus want, const char *config) {
    pid_t pid = fork();
    if (pid == 0) {
        limit_address_space(mib);
        RxExtractor *ex = NULL;
        char *err = NULL;
        double t = now_ms();
        RxStatus st = rx_extractor_new(config, &ex, &err);
        CHECK(st == want && (want == RX_STATUS_OK || (err && strstr(err, "address space"))), "new at %ld MiB: %s %s",
              mib, rx_status_name((int)st), err ? err : "");
        printf("  rx_extractor_new at RLIMIT_AS %ld MiB: %s in %.0f ms\n", mib, rx_status_name((int)st), now_ms() - t);
        if (ex && want == RX_STATUS_OK) {
            char *json = NULL;
            st = rx_extract(ex, page, page_len, "https://coastal.example/a", NULL, NULL, &json, NULL);
            CHECK(st == RX_STATUS_HOST_RESOURCES, "large call at %ld MiB: %s", mib, json ? json : "");
            rx_string_free(json);
        }
        rx_string_free(err);
        rx_extractor_free(ex);
        child_exit();
    }
    CHECK(wait_for(pid, 120, "rx_extractor_new under RLIMIT_AS") == 0, "%ld MiB", mib);
}

static int case_rlimit_new_low(void) {
    /* Compiles (serially, under a limit) at 256 MiB; refuses at 160 MiB. */
    new_under(256, RX_STATUS_OK, "{\"cache_dir\": \"\"}");
    new_under(160, RX_STATUS_HOST_RESOURCES, "{\"cache_dir\": \"\"}");
    return 0;
}

static int case_preinit_retry(void) {
    char dir[] = "/tmp/rx-preinit-retry-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char config[256];
    snprintf(config, sizeof config, "{\"cache_dir\": \"%s\"}", dir);
    /* 2 GiB: the component compiles, its warm-up instance cannot reserve. */
    limit_address_space(2048);
    RxExtractor *first = NULL, *second = NULL;
    char *err = NULL, *info = NULL;
    CHECK(rx_extractor_new(config, &first, &err) == RX_STATUS_OK, "first: %s", err ? err : "");
    rx_string_free(err);
    limit_address_space(-1);
    if (first) rx_extractor_info(first, &info, NULL);
    CHECK(info && strstr(info, "\"state\":\"failed\"") && strstr(info, "address space"), "first preinit: %s",
          info ? info : "");
    rx_string_free(info);
    info = NULL;
    CHECK(rx_extractor_new(config, &second, &err) == RX_STATUS_OK, "second: %s", err ? err : "");
    rx_string_free(err);
    if (second) rx_extractor_info(second, &info, NULL);
    CHECK(info && strstr(info, "\"state\":\"applied\""), "second preinit: %s", info ? info : "");
    rx_string_free(info);
    rx_extractor_free(first);
    rx_extractor_free(second);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}

struct test_case {
    const char *name;
    int (*run)(void);
    int seconds;
};

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR HOSTILE_COMPONENT\n", argv[0]);
        return 2;
    }
    hostile_path = argv[2];
    page = read_file(argv[1], "article.html", &page_len);

    const struct test_case cases[] = {
        {"fork: child uses the parent's extractors", case_fork_uses_parent_extractors, 90},
        {"fork: child compiles a component", case_fork_child_compiles, 120},
        {"fork: while other threads extract and compile", case_fork_while_threads_work, 240},
        {"signals: non-chaining handler installed after", case_handler_installed_after, 60},
        {"signals: chaining handler, signal_check false", case_chaining_handler, 60},
        {"RLIMIT_AS 2 GiB: host_resources, compact works", case_rlimit_calls, 60},
        {"RLIMIT_AS 256/160 MiB: rx_extractor_new returns", case_rlimit_new_low, 250},
        {"RLIMIT_AS: a failed pre-initialisation is retried", case_preinit_retry, 300},
    };
    const char *only = getenv("RX_PROCESS_CASE");
    int case_failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (only && !strstr(cases[i].name, only)) continue;
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            passed = failed = 0;
            if (cases[i].run()) failed++;
            child_exit();
        }
        int r = wait_for(pid, cases[i].seconds, cases[i].name);
        printf("%s %s\n", r == 0 ? "ok  " : "FAIL", cases[i].name);
        if (r == 0) passed++;
        else { failed++; case_failures++; }
    }
    free(page);
    printf("process: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
