/* jsonout.h - writing JSON text straight into a buffer, byte for byte as
 * jansson's json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) would, for
 * answers too frequent to build as a tree first (core/jsonout.c). */
#ifndef PACE_CORE_JSONOUT_H
#define PACE_CORE_JSONOUT_H

#include "core/util.h"

#include <stdint.h>

/* A string, quoted and escaped (non-ASCII as \uXXXX, surrogate pairs
 * beyond the BMP); NULL writes null. s must be valid UTF-8. */
void jsonout_str(struct buf *b, const char *s);
/* A string known to need no escaping (a name of this program's own, a
 * timestamp it formatted): quoted as it is, without looking at each byte. */
void jsonout_name(struct buf *b, const char *s);
void jsonout_int(struct buf *b, int64_t v);
/* A real as jansson writes it: %.17g, with ".0" when that looks whole. */
void jsonout_real(struct buf *b, double v);
/* "key": (a literal key that needs no escaping) */
void jsonout_key(struct buf *b, const char *key);

#endif
