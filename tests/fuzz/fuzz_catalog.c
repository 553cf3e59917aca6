/* fuzz_catalog.c - libFuzzer harness for the strict catalog loader: any
 * bytes either load as a product line or are refused with a sentence,
 * leaving the catalog exactly as it was; never a crash or a leak. The
 * input is tried against an empty catalog and against the built-in lines
 * (so duplicate ids across lines are exercised too). */
#include "core/catalog.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog *builtin;

static void try_add(struct catalog *c, const uint8_t *data, size_t size)
{
    size_t before = c->nlines;
    struct pace_error err = {0};
    if (catalog_add_json(c, "fuzz.json", (const char *)data, size, &err) == 0) {
        if (c->nlines != before + 1)
            abort();
        const struct catalog_line *l = c->lines[c->nlines - 1];
        for (size_t i = 0; i < l->nitems; i++) {
            const struct catalog_item *it = &l->items[i];
            if (it->diameter_mm < 1 || it->diameter_mm > 80)
                abort(); /* the loader's own bound */
        }
    } else if (err.msg[0] == '\0' || c->nlines != before) {
        abort(); /* every refusal has a sentence and changes nothing */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pace_error err;
    if (builtin == NULL && catalog_load_builtin(&builtin, &err) != 0)
        abort();

    struct catalog *c = catalog_new();
    try_add(c, data, size);
    catalog_free(c);

    /* Against the real lines: a copy would be costly, so only a refused
     * input may touch the shared catalog (an accepted one would stay). */
    size_t before = builtin->nlines;
    try_add(builtin, data, size);
    if (builtin->nlines != before) {
        catalog_free(builtin);
        builtin = NULL;
    }
    return 0;
}
