/* fuzz_import.c - libFuzzer harness for reading an export for an import
 * (export_from_json): whatever it accepts must write out and read back to
 * the same document, and every refusal must name a problem in a sentence.
 * The CSV and FHIR writers run over every accepted document too. */
#include "core/export.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog *cat;
static struct plan_library *lib;

#define NOW 1795000000 /* a fixed "now" keeps runs reproducible */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cat == NULL) {
        struct pace_error err;
        if (catalog_load_builtin(&cat, &err) != 0 || plan_library_load_builtin(&lib, &err) != 0)
            abort();
    }
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (j == NULL)
        return 0;
    struct export_doc d;
    struct pace_error err;
    memset(&err, 0, sizeof err);
    if (export_from_json(j, cat, lib, NOW, &d, &err) == 0) {
        json_t *out = export_to_json(&d, NOW);
        struct export_doc back;
        if (export_from_json(out, cat, lib, NOW, &back, &err) != 0)
            abort();
        json_t *again = export_to_json(&back, NOW);
        if (!json_equal(out, again))
            abort();
        struct buf csv = {0};
        csv_sessions(d.sessions, d.nsessions, &csv);
        json_t *fhir = fhir_bundle(&d, "pace-fuzz", NOW);
        json_decref(fhir);
        buf_free(&csv);
        json_decref(again);
        json_decref(out);
        export_doc_free(&back);
        export_doc_free(&d);
    } else if (err.msg[0] == '\0') {
        abort(); /* every refusal has a sentence */
    }
    json_decref(j);
    return 0;
}
