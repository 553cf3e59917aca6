/*
 * jsonkeys.h - the one check that a JSON body a person or a program sent
 * holds only the keys a use case knows: anything else is refused, naming
 * the key, so a typo never passes silently. Pure.
 */
#ifndef PACE_JSONKEYS_H
#define PACE_JSONKEYS_H

#include "core/err.h"

#include <jansson.h>
#include <stddef.h>

/* 0 when j is an object whose every key is one of keys[0..n); else
 * PACE_EINVAL with a sentence, and the unknown key as the field. */
int json_only_keys(const json_t *j, const char *const *keys, size_t n, struct pace_error *err);

#endif
