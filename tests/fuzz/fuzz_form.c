/* fuzz_form.c - libFuzzer harness for the URL-encoded form parser. */
#include "web/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct form f;
    if (form_parse(&f, (const char *)data, size) == 0) {
        /* Every parsed field must be a proper C string we can look up. */
        for (size_t i = 0; i < f.n; i++) {
            if (form_get(&f, f.items[i].key) == NULL)
                abort();
            (void)strlen(f.items[i].val);
        }
        if (f.n > FORM_MAX_FIELDS)
            abort();
    } else if (f.n != 0 || f.items != NULL) {
        abort(); /* a failed parse leaves the form empty */
    }
    form_free(&f);
    return 0;
}
