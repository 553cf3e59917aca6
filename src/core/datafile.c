/* datafile.c - shared helpers of the strict data-file loaders (datafile.h). */
#include "datafile.h"

#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void df_begin(struct df_ctx *x, const char *file, const char *entry, struct pace_error *err)
{
    memset(x, 0, sizeof *x);
    x->file = file ? file : "(data)";
    x->err = err;
    snprintf(x->entry, sizeof x->entry, "%s", entry);
}

void df_enter(struct df_ctx *x, const char *path, const char *id)
{
    snprintf(x->path, sizeof x->path, "%s", path);
    if (id && df_id_ok(id) && strlen(id) <= DATAFILE_ID_MAX)
        snprintf(x->entry, sizeof x->entry, "%s (%s)", path, id);
    else
        snprintf(x->entry, sizeof x->entry, "%s", path);
}

int df_bad(struct df_ctx *x, const char *field, const char *fmt, ...)
{
    char problem[256], where[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    snprintf(where, sizeof where, "%s%s%s", x->path, *x->path ? "." : "", field);
    return pace_fail(x->err, PACE_EINVAL, where, "%s: %s: %s: %s", x->file, x->entry, field,
                     problem);
}

int df_parse(struct df_ctx *x, const char *data, size_t len, json_t **out)
{
    *out = NULL;
    if (data == NULL)
        return df_bad(x, "(file)", "no data");
    if (len > DATAFILE_MAX_BYTES)
        return pace_fail(x->err, PACE_ETOOLARGE, "", "%s: larger than %d bytes", x->file,
                         DATAFILE_MAX_BYTES);
    json_error_t je;
    json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL)
        return df_bad(x, "(file)", "not valid JSON at line %d, column %d: %s", je.line, je.column,
                      je.text);
    if (!json_is_object(j)) {
        json_decref(j);
        return df_bad(x, "(file)", "must be a JSON object");
    }
    *out = j;
    return 0;
}

static const char *type_word(enum df_type t)
{
    switch (t) {
    case DF_STRING:
        return "a string";
    case DF_NUMBER:
        return "a number";
    case DF_INT:
        return "a whole number";
    case DF_BOOL:
        return "true or false";
    case DF_ARRAY:
        return "a list";
    default:
        return "an object";
    }
}

static bool type_ok(const json_t *v, enum df_type t)
{
    switch (t) {
    case DF_STRING:
        return json_is_string(v);
    case DF_NUMBER:
        return json_is_number(v);
    case DF_INT:
        return json_is_integer(v);
    case DF_BOOL:
        return json_is_boolean(v);
    case DF_ARRAY:
        return json_is_array(v);
    default:
        return json_is_object(v);
    }
}

int df_check_object(struct df_ctx *x, const json_t *o, const struct df_field *spec, size_t n)
{
    if (!json_is_object(o))
        return df_bad(x, "(entry)", "must be a JSON object");
    const char *key;
    json_t *v;
    /* json_object_foreach is not const-clean; the object is only read. */
    json_object_foreach((json_t *)o, key, v) {
        size_t i = 0;
        while (i < n && strcmp(spec[i].key, key) != 0)
            i++;
        if (i == n)
            return df_bad(x, key, "unknown key (see docs/programs.md for the format)");
        if (!type_ok(v, spec[i].type))
            return df_bad(x, key, "must be %s", type_word(spec[i].type));
    }
    for (size_t i = 0; i < n; i++)
        if (spec[i].required && json_object_get(o, spec[i].key) == NULL)
            return df_bad(x, spec[i].key, "missing");
    return 0;
}

static int text_ok(struct df_ctx *x, const char *key, const json_t *v, size_t max)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (s == NULL)
        return df_bad(x, key, "must be a string");
    if (len == 0)
        return df_bad(x, key, "must not be empty");
    if (!str_valid_text(s, len) || strpbrk(s, "\r\n\t") != NULL)
        return df_bad(x, key, "must be one line of plain text");
    if (str_utf8_len(s) > max)
        return df_bad(x, key, "must have at most %zu characters", max);
    return 0;
}

int df_text(struct df_ctx *x, const json_t *o, const char *key, size_t max, char **out)
{
    const json_t *v = json_object_get(o, key);
    if (v == NULL)
        return 0;
    int rc = text_ok(x, key, v, max);
    if (rc == 0)
        *out = xstrdup(json_string_value(v));
    return rc;
}

bool df_id_ok(const char *s)
{
    if (s == NULL || *s == '\0' || *s == '-')
        return false;
    for (const char *p = s; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  (*p == '-' && p[1] != '-' && p[1] != '\0');
        if (!ok)
            return false;
    }
    return true;
}

int df_id(struct df_ctx *x, const json_t *o, const char *key, char **out)
{
    const char *id = json_string_value(json_object_get(o, key));
    if (id == NULL)
        return 0;
    if (strlen(id) > DATAFILE_ID_MAX)
        return df_bad(x, key, "must have at most %d characters", DATAFILE_ID_MAX);
    if (!df_id_ok(id))
        return df_bad(x, key, "must be lower-case letters, digits and single hyphens");
    *out = xstrdup(id);
    return 0;
}

int df_int(struct df_ctx *x, const json_t *o, const char *key, int min, int max, int *out)
{
    const json_t *v = json_object_get(o, key);
    if (v == NULL)
        return 0;
    json_int_t i = json_integer_value(v);
    if (i < min || i > max)
        return df_bad(x, key, "must be from %d to %d, not %lld", min, max, (long long)i);
    *out = (int)i;
    return 0;
}

int df_number(struct df_ctx *x, const json_t *o, const char *key, double min, double max,
              double *out)
{
    const json_t *v = json_object_get(o, key);
    if (v == NULL)
        return 0;
    double d = json_number_value(v);
    if (!(d >= min && d <= max))
        return df_bad(x, key, "must be from %g to %g, not %g", min, max, d);
    *out = d;
    return 0;
}

int df_strings(struct df_ctx *x, const json_t *o, const char *key, size_t max, size_t maxlen,
               char ***out, size_t *n)
{
    const json_t *arr = json_object_get(o, key);
    size_t len = json_array_size(arr);
    *out = NULL;
    *n = 0;
    if (len == 0)
        return df_bad(x, key, "must list at least one");
    if (len > max)
        return df_bad(x, key, "must list at most %zu", max);
    char **v = xcalloc(len, sizeof *v);
    for (size_t i = 0; i < len; i++) {
        char field[64];
        snprintf(field, sizeof field, "%s[%zu]", key, i);
        int rc = text_ok(x, field, json_array_get(arr, i), maxlen);
        if (rc != 0) {
            df_strings_free(v, i);
            return rc;
        }
        v[i] = xstrdup(json_string_value(json_array_get(arr, i)));
    }
    *out = v;
    *n = len;
    return 0;
}

void df_strings_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

int df_format(struct df_ctx *x, const json_t *o, int format)
{
    json_int_t f = json_integer_value(json_object_get(o, "format"));
    if (f != format)
        return df_bad(x, "format", "must be %d, not %lld", format, (long long)f);
    return 0;
}

int df_assumed(struct df_ctx *x, bool assumed, const char *source, const char *note)
{
    if (!assumed)
        return 0;
    if (source == NULL || !str_starts(source, "Pace default"))
        return df_bad(x, "source", "an assumed value must be marked \"Pace default\"");
    if (note == NULL)
        return df_bad(x, "note", "an assumed value needs a note (whose instructions come first)");
    return 0;
}
