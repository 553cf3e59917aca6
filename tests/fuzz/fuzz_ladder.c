/* fuzz_ladder.c - libFuzzer harness for the comfort ladder's validators:
 * whatever ladder_from_json accepts must survive a round trip through its
 * stored form unchanged, and the form reader must never accept what the
 * rules refuse. */
#include "core/ladder.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Splits text at NUL bytes into up to 12 strings (anxiety then pain). */
static void form_text(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *parts[2 * LADDER_COUNT] = {0};
    size_t k = 0;
    for (char *p = copy; k < 2 * LADDER_COUNT && p <= copy + size; p += strlen(p) + 1)
        parts[k++] = p;
    struct ladder_entry e;
    struct pace_error err;
    if (ladder_from_text(parts, parts + LADDER_COUNT, &e, &err) == 0 &&
        ladder_validate(&e, &err) != 0)
        abort();
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    form_text(data, size);
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (j == NULL)
        return 0;
    struct ladder_entry e, back;
    struct pace_error err;
    if (ladder_from_json(j, &e, &err) == 0) {
        json_t *items = ladder_items_json(&e);
        if (ladder_items_from_json(items, &back, &err) != 0 ||
            memcmp(back.a, e.a, sizeof e.a) != 0)
            abort();
        json_decref(items);
    } else if (err.msg[0] == '\0') {
        abort(); /* every refusal has a sentence */
    }
    json_decref(j);
    return 0;
}
