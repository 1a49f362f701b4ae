/*
 * Small stacks and signals:
 * - extraction (real page, and a guest that recurses without bound) from
 *   pthreads with 128 KiB and 256 KiB stacks: it must work or fail cleanly,
 *   never crash (the library moves guest code to a large-stack helper thread
 *   when the caller's stack is small);
 * - a process that installed its own SIGSEGV handler before creating an
 *   extractor still gets that handler for its own faults, before and after
 *   guest traps.
 *
 *   test_stacks FIXTURES_DIR HOSTILE_COMPONENT.wasm
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "riptide_extractor.h"
#include "check.h"

static unsigned char *page;
static size_t page_len;
static RxExtractor *def, *hostile;

struct job {
    int ok, trap_ok;
};

static void *small_stack_work(void *arg) {
    struct job *j = arg;
    for (int i = 0; i < 3; i++) {
        char *json = NULL;
        RxStatus st = rx_extract(def, page, page_len, "https://coastal.example/a", NULL, NULL, &json, NULL);
        if (st == RX_STATUS_OK && json && strstr(json, "How Lighthouses Work")) j->ok++;
        else fprintf(stderr, "small stack extract: %s %s\n", rx_status_name((int)st), json ? json : "");
        rx_string_free(json);
        json = NULL;
        st = rx_extract(hostile, (const unsigned char *)"x", 1, "hostile://recurse", NULL, NULL, &json, NULL);
        if (st == RX_STATUS_GUEST_TRAP) j->trap_ok++;
        else fprintf(stderr, "small stack recurse: %s %s\n", rx_status_name((int)st), json ? json : "");
        rx_string_free(json);
    }
    return NULL;
}

static void run_with_stack(size_t stack) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    CHECK(pthread_attr_setstacksize(&attr, stack) == 0, "setstacksize %zu", stack);
    pthread_t t;
    struct job j = {0, 0};
    CHECK(pthread_create(&t, &attr, small_stack_work, &j) == 0, "create");
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    CHECK(j.ok == 3 && j.trap_ok == 3, "stack %zu KiB: %d ok, %d traps", stack / 1024, j.ok, j.trap_ok);
}

static sigjmp_buf jump;
static volatile sig_atomic_t own_handler_runs;

static void own_segv(int sig, siginfo_t *info, void *ctx) {
    (void)sig; (void)info; (void)ctx;
    own_handler_runs++;
    siglongjmp(jump, 1);
}

static volatile uintptr_t bad_address = 16;

static int provoke_own_segv(void) {
    if (sigsetjmp(jump, 1) == 0) {
        *(volatile int *)bad_address = 1; /* our own fault, outside any guest code */
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FIXTURES_DIR HOSTILE_COMPONENT\n", argv[0]);
        return 2;
    }
    /* Our own SIGSEGV handler, installed before any extractor exists. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = own_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0, "sigaction");
    CHECK(provoke_own_segv() == 1 && own_handler_runs == 1, "handler works before the library");

    page = read_file(argv[1], "article.html", &page_len);

    CHECK(rx_extractor_new(NULL, &def, NULL) == RX_STATUS_OK, "default");
    CHECK(rx_extractor_new_from_file(argv[2], "{\"max_memory_bytes\": 16777216}", &hostile, NULL) == RX_STATUS_OK,
          "hostile");
    if (!def || !hostile) return 1;

    /* Guest traps (out-of-bounds memory is a SIGSEGV inside wasm code) go to
       the library; our own faults still come to us. */
    char *json = NULL;
    RxStatus st = rx_extract(hostile, (const unsigned char *)"x", 1, "hostile://recurse", NULL, NULL, &json, NULL);
    CHECK(st == RX_STATUS_GUEST_TRAP, "%s", json ? json : "");
    rx_string_free(json);
    CHECK(provoke_own_segv() == 1 && own_handler_runs == 2, "own handler after a guest trap (%d)", (int)own_handler_runs);

    run_with_stack(128 * 1024);
    run_with_stack(256 * 1024);
    run_with_stack(64 * 1024 + 16384);
    CHECK(provoke_own_segv() == 1 && own_handler_runs == 3, "own handler at the end (%d)", (int)own_handler_runs);

    rx_extractor_free(def);
    rx_extractor_free(hostile);
    free(page);
    printf("stacks+signals: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
