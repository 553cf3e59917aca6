/* fuzz_practice.c - libFuzzer harness for the practice-session JSON validator:
 * whatever it accepts must survive a round trip unchanged. */
#include "core/practice.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (j == NULL)
        return 0;
    struct practice p;
    struct pace_error err;
    if (practice_from_json(j, 1800000000, &p, &err) == 0) {
        json_t *out = practice_to_json(&p);
        struct practice q;
        if (practice_from_json(out, 1800000000, &q, &err) != 0)
            abort();
        json_t *again = practice_to_json(&q);
        if (!json_equal(out, again))
            abort();
        json_decref(again);
        json_decref(out);
        practice_clear(&q);
        practice_clear(&p);
    }
    json_decref(j);
    return 0;
}
