/* fuzz_cookie.c - libFuzzer harness for Cookie header parsing. */
#include "web/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *header = malloc(size + 1);
    memcpy(header, data, size);
    header[size] = '\0';
    static const char *const names[] = {"pace", "__Host-pace", "pace-pre", "pace-lang", ""};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char out[64];
        if (cookie_get(header, names[i], out, sizeof out) && strlen(out) >= sizeof out)
            abort();
    }
    free(header);
    return 0;
}
