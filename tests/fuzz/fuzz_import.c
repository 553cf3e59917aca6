/* fuzz_import.c - libFuzzer harness for reading an export for an import
 * (export_read, the bytes as POST /api/v1/import and pace import get them):
 * whatever it accepts must be JSON jansson accepts too, and must write out
 * (export_write) and read back to the same bytes; every refusal must name a
 * problem in a sentence. The CSV and FHIR writers run over every accepted
 * document too, and the Bundle they write must be JSON. */
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
    struct export_doc d;
    struct pace_error err;
    memset(&err, 0, sizeof err);
    if (export_read((const char *)data, size, cat, lib, NOW, &d, &err) != 0) {
        if (err.msg[0] == '\0')
            abort(); /* every refusal has a sentence */
        return 0;
    }
    /* The piece-by-piece reader accepts only what is JSON as a whole. */
    json_t *whole = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (whole == NULL)
        abort();
    json_decref(whole);
    struct buf out = {0}, again = {0};
    export_write(&d, NOW, &out);
    struct export_doc back;
    if (export_read(out.data, out.len, cat, lib, NOW, &back, &err) != 0)
        abort();
    export_write(&back, NOW, &again);
    if (out.len != again.len || memcmp(out.data, again.data, out.len) != 0)
        abort();
    struct buf csv = {0}, fhir = {0};
    csv_sessions(d.sessions, d.nsessions, true, &csv);
    fhir_write(&d, d.pseudonym[0] ? d.pseudonym : "pace-fuzz", NOW, &fhir);
    json_t *bundle = json_loadb(fhir.data, fhir.len, 0, NULL);
    if (bundle == NULL)
        abort();
    json_decref(bundle);
    buf_free(&fhir);
    buf_free(&csv);
    buf_free(&again);
    buf_free(&out);
    export_doc_free(&back);
    export_doc_free(&d);
    return 0;
}
