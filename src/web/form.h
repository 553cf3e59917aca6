/*
 * form.h - parsers for what arrives from the network: URL-encoded forms and
 * query strings, and Cookie headers. Both treat their input as hostile:
 * bounded, no assumptions, a clear failure on malformed input.
 */
#ifndef PACE_FORM_H
#define PACE_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_FIELDS 256

struct form_field {
    char *key;
    char *val;
};

struct form {
    struct form_field *items;
    size_t n;
};

/* Parses application/x-www-form-urlencoded data (len bytes, need not be
 * NUL-terminated) into f, which the caller releases with form_free. Returns
 * 0, or -1 when the data is malformed (bad percent escape, invalid UTF-8,
 * control characters, too many fields); f is then empty. */
int form_parse(struct form *f, const char *data, size_t len);
void form_free(struct form *f);
/* Adds key with the value val (len bytes, copied); -1 when the form is
 * full. */
int form_add(struct form *f, const char *key, const char *val, size_t len);
/* The first value for key, or NULL. */
const char *form_get(const struct form *f, const char *key);
/* Number of values for key. */
size_t form_count(const struct form *f, const char *key);
/* The i-th value for key, or NULL. */
const char *form_get_nth(const struct form *f, const char *key, size_t i);

/* Finds cookie name in a Cookie header value and copies its value into out
 * (size n). Returns true when found and it fit. */
bool cookie_get(const char *header, const char *name, char *out, size_t n);

/* Percent-decodes src (len bytes) into a new string; '+' becomes a space.
 * Returns NULL when malformed. */
char *url_decode(const char *src, size_t len);

#endif
