/* fuzz_tzif.c - libFuzzer harness for the time zone reader (report/zone.h):
 * any bytes are read as a TZif file or refused with a message; a zone that
 * is read gives offsets within a day and a bit at any instant, and its
 * midnights and days come out without harm. */
#include "report/zone.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct zone z;
    struct pace_error err = {0};
    if (zone_parse("fuzz", data, size, &z, &err) != 0) {
        if (err.msg[0] == '\0' || strcmp(err.field, "zone") != 0)
            abort();
        zone_free(&z);
        return 0;
    }
    static const int64_t at[] = {-4000000000LL, -1,           0,           1700000000,
                                 2147483648LL,  4102444800LL, 8000000000LL};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        int32_t off = zone_offset(&z, at[i]);
        if (off < -26 * 3600 || off > 26 * 3600)
            abort();
        (void)zone_day_start(&z, at[i]);
    }
    (void)zone_midnight(&z, 2026, 3, 29);
    (void)zone_midnight(&z, 2099, 10, 25);
    zone_free(&z);
    return 0;
}
