/*
 * Negative control of the sanitizer suite: leaks on purpose, so the suite can
 * prove that LeakSanitizer and Valgrind (with tests/robustness/valgrind.supp)
 * still report a leak of memory the library allocated.
 *
 *   leak_canary string [COMPONENT]   one result JSON never passed to rx_string_free()
 *   leak_canary handle [COMPONENT]   one extractor never passed to rx_extractor_free()
 *   leak_canary none [COMPONENT]     frees everything (must come out clean)
 *
 * With COMPONENT (the hostile test component, URL hostile://ok) instead of the
 * embedded extractor: much faster to compile under Valgrind.
 *
 * The suite expects "string" and "handle" to FAIL under both tools and "none"
 * to pass.
 */
#include <stdio.h>
#include <string.h>

#include "riptide_extractor.h"

int main(int argc, char **argv) {
    const char *what = argc > 1 ? argv[1] : "string";
    int leak_string = strcmp(what, "string") == 0, leak_handle = strcmp(what, "handle") == 0;
    if (!leak_string && !leak_handle && strcmp(what, "none") != 0) return 2;
    RxExtractor *ex = NULL;
    const char *component = argc > 2 ? argv[2] : NULL;
    RxStatus made = component ? rx_extractor_new_from_file(component, NULL, &ex, NULL) : rx_extractor_new(NULL, &ex, NULL);
    if (made != RX_STATUS_OK) return 2;
    static const unsigned char html[] = "<html><head><title>Canary</title></head><body><p>A small page.</p></body></html>";
    char *json = NULL;
    RxStatus st = rx_extract(ex, html, sizeof html - 1, component ? "hostile://ok" : "https://canary.example/", NULL,
                             NULL, &json, NULL);
    int ok = st == RX_STATUS_OK && json && strstr(json, "Canary") != NULL;
    printf("leak_canary %s: %s\n", what, ok ? "extracted" : "no result");
    if (!leak_string) rx_string_free(json);
    json = NULL; /* with "string", only the library's allocation remains */
    if (!leak_handle) rx_extractor_free(ex);
    ex = NULL;
    return ok ? 0 : 2;
}
