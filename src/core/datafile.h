/*
 * datafile.h - the shared pieces of the strict loaders for Pace's own data
 * files (programs, goals): every accepted key is declared with its type,
 * anything else is refused, and each message names the file, the entry and
 * the field ("vaginismus.json: phases[1]: from_week: ..."), so a typo in a
 * data file never passes silently. Pure: parses bytes it is given.
 *
 * Messages are for the people who edit the data files, so they are in
 * English and not translated.
 */
#ifndef PACE_DATAFILE_H
#define PACE_DATAFILE_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define DATAFILE_MAX_BYTES (256 * 1024)
#define DATAFILE_ID_MAX 48 /* characters of an id */

enum df_type { DF_STRING, DF_NUMBER, DF_INT, DF_BOOL, DF_ARRAY, DF_OBJECT };

struct df_field {
    const char *key;
    enum df_type type;
    bool required;
};

/* Where the loader is, for messages. */
struct df_ctx {
    const char *file;
    char entry[96]; /* "program", "phases[1]", "goals[2] (tampon)" */
    char path[64];  /* prefix of err->field: "", "phases[1]", "rules.minutes" */
    struct pace_error *err;
};

/* Starts a context for file at its top-level entry (named entry). */
void df_begin(struct df_ctx *x, const char *file, const char *entry, struct pace_error *err);
/* Moves to an entry: path is "what[i]" or "what.key"; id, when a valid id,
 * is added to the entry's name for people. */
void df_enter(struct df_ctx *x, const char *path, const char *id);

/* Fills err with "FILE: ENTRY: FIELD: problem" (field "PATH.FIELD") and
 * returns PACE_EINVAL. */
int df_bad(struct df_ctx *x, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses len bytes of JSON into *out (the caller decrefs): refuses
 * duplicate keys, non-objects and files over DATAFILE_MAX_BYTES. */
int df_parse(struct df_ctx *x, const char *data, size_t len, json_t **out);
/* Refuses a non-object, unknown keys, wrong types and missing required keys. */
int df_check_object(struct df_ctx *x, const json_t *o, const struct df_field *spec, size_t n);

/* Optional fields: absent leaves *out unchanged (NULL / 0 / false). Present
 * text must be one line of 1..max characters; *out is a copy to free. */
int df_text(struct df_ctx *x, const json_t *o, const char *key, size_t max, char **out);
/* An id: lower-case words of a-z and 0-9 joined by single hyphens. */
int df_id(struct df_ctx *x, const json_t *o, const char *key, char **out);
bool df_id_ok(const char *s);
int df_int(struct df_ctx *x, const json_t *o, const char *key, int min, int max, int *out);
int df_number(struct df_ctx *x, const json_t *o, const char *key, double min, double max,
              double *out);
/* A list of 1..max texts; *out (an array of n copies) is freed with
 * df_strings_free. */
int df_strings(struct df_ctx *x, const json_t *o, const char *key, size_t max, size_t maxlen,
               char ***out, size_t *n);
void df_strings_free(char **v, size_t n);

/* The file's "format" must be the one the loader knows. */
int df_format(struct df_ctx *x, const json_t *o, int format);

/* Sources: a value with "assumed": true must have a source starting with
 * "Pace default" and a note (telling her whose instructions come first). */
int df_assumed(struct df_ctx *x, bool assumed, const char *source, const char *note);

#endif
