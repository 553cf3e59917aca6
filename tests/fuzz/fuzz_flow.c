/* fuzz_flow.c - libFuzzer harness for the saved guided-session state, then
 * a run of events over it: no input may crash the state machine or leave it
 * in an invalid step. */
#include "core/flow.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first bytes choose events; the rest is the saved state. */
    size_t nev = size < 8 ? size : 8;
    json_t *j = json_loadb((const char *)data + nev, size - nev, 0, NULL);
    if (j == NULL)
        return 0;
    struct flow f;
    struct pace_error err;
    if (flow_from_json(j, &f, &err) == 0) {
        int64_t now = f.created_at;
        for (size_t i = 0; i < nev; i++) {
            now += data[i];
            flow_apply(&f, (enum flow_event)(data[i] % FEV_COUNT), now, &err);
            if (f.step < 0 || f.step >= FLOW_STEP_COUNT || f.rec.nspasms > PRACTICE_MAX_SPASMS)
                abort();
        }
        json_t *out = flow_to_json(&f);
        json_decref(out);
        flow_clear(&f);
    }
    json_decref(j);
    return 0;
}
