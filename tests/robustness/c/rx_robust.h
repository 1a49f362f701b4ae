/*
 * Shared helpers of the C robustness suites (faults.c, api_misuse.c):
 * check counters, a summary table, and process resource probes read from
 * /proc/self (RSS, open files, threads, memory mappings).
 */
#ifndef RX_ROBUST_H
#define RX_ROBUST_H

#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "riptide_extractor.h"

static int rb_passed, rb_failed;

#define RB_CHECK(cond, ...)                                                    \
    do {                                                                       \
        if (cond) {                                                            \
            rb_passed++;                                                       \
        } else {                                                               \
            rb_failed++;                                                       \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);   \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
        }                                                                      \
    } while (0)

/* An integer from the environment, or `def` when unset/invalid. */
static inline long rb_env_long(const char *name, long def) {
    const char *v = getenv(name);
    if (!v || !*v) return def;
    char *end = NULL;
    long n = strtol(v, &end, 10);
    return (end && *end == 0 && n >= 0) ? n : def;
}

static inline double rb_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A "Name:   N kB" field of /proc/self/status, in bytes (or plain N). */
static inline long rb_status_field(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            v = strtol(line + n + 1, NULL, 10);
            if (strstr(line, "kB")) v *= 1024;
            break;
        }
    }
    fclose(f);
    return v;
}

static inline long rb_rss(void) { return rb_status_field("VmRSS"); }
static inline long rb_threads(void) { return rb_status_field("Threads"); }

/* Entries of a /proc directory, without "." and "..". */
static inline long rb_count_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d) return -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') n++;
    closedir(d);
    return n - 1; /* the directory stream itself holds one fd for /proc/self/fd */
}

static inline long rb_open_fds(void) { return rb_count_dir("/proc/self/fd"); }

static inline long rb_maps(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return -1;
    long n = 0;
    int c, last = '\n';
    while ((c = fgetc(f)) != EOF) {
        if (c == '\n') n++;
        last = c;
    }
    if (last != '\n') n++;
    fclose(f);
    return n;
}

/* The error JSON of a failure names its status and has a message. */
static inline int rb_error_json_ok(const char *json, RxStatus st) {
    char want[128];
    snprintf(want, sizeof want, "{\"code\":\"%s\",\"message\":\"", rx_status_name((int)st));
    return json && strncmp(json, want, strlen(want)) == 0 && json[strlen(json) - 1] == '}';
}

static inline void rb_summary(const char *suite) {
    printf("%s: %d passed, %d failed\n", suite, rb_passed, rb_failed);
}

#endif
