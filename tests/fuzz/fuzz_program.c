/* fuzz_program.c - libFuzzer harness for the strict loaders of program
 * and goal files: any bytes either load or are refused with a sentence and
 * no result; a loaded program has phases that start at week 0 and
 * increase, and goal ranges within 1-80 mm with min not above max. */
#include "core/goal.h"
#include "core/program.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pace_error err = {0};
    struct program *p = (struct program *)1;
    if (program_from_json("fuzz.json", (const char *)data, size, &p, &err) == 0) {
        if (p == NULL || p->nphases == 0 || p->phases[0].from_week != 0)
            abort();
        for (size_t i = 1; i < p->nphases; i++)
            if (p->phases[i].from_week <= p->phases[i - 1].from_week)
                abort();
        program_free(p);
    } else if (p != NULL || err.msg[0] == '\0') {
        abort();
    }

    struct pace_error gerr = {0};
    struct goals *g = (struct goals *)1;
    if (goals_from_json("fuzz.json", (const char *)data, size, &g, &gerr) == 0) {
        if (g == NULL)
            abort();
        for (size_t i = 0; i < g->n; i++)
            if (g->items[i].min_mm < 1 || g->items[i].max_mm > 80 ||
                g->items[i].min_mm > g->items[i].max_mm)
                abort();
        goals_free(g);
    } else if (g != NULL || gerr.msg[0] == '\0') {
        abort();
    }
    return 0;
}
