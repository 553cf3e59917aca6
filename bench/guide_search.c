/*
 * guide_search.c - how long the guide takes to load at start-up (parsing,
 * checking, rendering and indexing every article) and to answer a search,
 * in both languages. Run from the release build:
 *
 *   build-bench/bench/guide_search [ROUNDS]
 *
 * Prints one line per measurement, in CPU time of this thread (so other
 * work on the machine does not count); docs/performance.md has the figures.
 */
#include "core/guide.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 2000;
    if (rounds < 1)
        rounds = 1;
    struct pace_error err = {0};
    struct guide *g = NULL;
    double t0 = now_us();
    int loads = 20;
    for (int i = 0; i < loads; i++) {
        guide_free(g);
        if (guide_load_builtin(&g, &err) != 0) {
            fprintf(stderr, "guide_search: %s\n", err.msg);
            return 1;
        }
    }
    double load = (now_us() - t0) / loads;
    size_t words = 0, tokens = 0;
    for (size_t i = 0; i < g->n; i++) {
        words += g->articles[i]->words;
        tokens += g->articles[i]->ntokens;
    }
    printf("load: %zu articles, %zu words, %zu indexed tokens in %.0f us (CPU)\n", g->n, words,
           tokens, load);
    static const struct {
        enum lang lang;
        const char *q;
    } queries[] = {
        {LANG_EN, "spasm"},
        {LANG_EN, "breathing lubricant"},
        {LANG_EN, "borosilicate glass temperature"},
        {LANG_EN, "zzqqxx"},
        {LANG_DE, "Übungen"},
        {LANG_DE, "Verkrampfung Atmung Partner"},
        {LANG_DE, "gleitmittel"},
        /* Short common words match almost everything: the worst case. */
        {LANG_EN, "and the you a to of in is"},
        {LANG_DE, "der die das und du es ist ein"},
    };
    struct guide_hit hits[32];
    for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
        size_t n = 0;
        t0 = now_us();
        for (int i = 0; i < rounds; i++)
            n = guide_search(g, queries[k].lang, queries[k].q, hits, 32);
        printf("search %s \"%s\": %zu hits, %.1f us (CPU)\n",
               queries[k].lang == LANG_DE ? "de" : "en", queries[k].q, n, (now_us() - t0) / rounds);
    }
    guide_free(g);
    return 0;
}
