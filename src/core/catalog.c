/*
 * catalog.c - the strict loader for the dilator catalogs and lookups in
 * them. Every accepted key is declared in a table with its type (as in
 * kcgi); anything else is refused with a message naming the file, the
 * entry and the field, so a typo in a data file never passes silently.
 */
#include "catalog.h"
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[KIND_COUNT] = {"dilator", "stent", "adjustable"};
static const char *const material_names[MATERIAL_COUNT] = {
    "borosilicate-glass", "glass", "silicone", "plastic", "unknown"};
static const char *const shape_names[SHAPE_COUNT] = {"straight-streamlined-tip", "tapered",
                                                     "expanding", "unknown"};

static int parse_word(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *catalog_kind_name(enum catalog_kind k)
{
    return k >= 0 && k < KIND_COUNT ? kind_names[k] : kind_names[0];
}

const char *material_name(enum material m)
{
    return m >= 0 && m < MATERIAL_COUNT ? material_names[m] : "unknown";
}

const char *shape_name(enum shape s)
{
    return s >= 0 && s < SHAPE_COUNT ? shape_names[s] : "unknown";
}

int catalog_kind_parse(const char *s)
{
    return parse_word(s, kind_names, KIND_COUNT);
}

int material_parse(const char *s)
{
    return parse_word(s, material_names, MATERIAL_COUNT);
}

int shape_parse(const char *s)
{
    return parse_word(s, shape_names, SHAPE_COUNT);
}

const char *material_label(enum material m)
{
    switch (m) {
    case MATERIAL_BOROSILICATE: return _("borosilicate glass");
    case MATERIAL_GLASS: return _("glass");
    case MATERIAL_SILICONE: return _("silicone");
    case MATERIAL_PLASTIC: return _("plastic");
    default: return _("not known");
    }
}

const char *catalog_kind_label(enum catalog_kind k)
{
    switch (k) {
    case KIND_STENT: return _("stent");
    case KIND_ADJUSTABLE: return _("adjustable");
    default: return _("dilator");
    }
}

bool material_is_glass(enum material m)
{
    return m == MATERIAL_BOROSILICATE || m == MATERIAL_GLASS;
}

/* ---- the loader ------------------------------------------------------ */

enum ftype { F_STRING, F_NUMBER, F_INT, F_BOOL, F_ARRAY };

struct fspec {
    const char *key;
    enum ftype type;
    bool required;
};

static const struct fspec line_fields[] = {
    {"format", F_INT, true},   {"line", F_STRING, true},   {"name", F_STRING, true},
    {"maker", F_STRING, false}, {"source", F_STRING, true}, {"note", F_STRING, false},
    {"items", F_ARRAY, true},  {"sets", F_ARRAY, true},
};

static const struct fspec item_fields[] = {
    {"id", F_STRING, true},           {"label", F_STRING, true},
    {"kind", F_STRING, true},         {"diameter_mm", F_NUMBER, false},
    {"diameter_min_mm", F_NUMBER, false}, {"diameter_max_mm", F_NUMBER, false},
    {"step_mm", F_NUMBER, false},     {"length_mm", F_NUMBER, false},
    {"material", F_STRING, true},     {"shape", F_STRING, true},
    {"use", F_ARRAY, true},           {"warm_cool", F_BOOL, false},
    {"source", F_STRING, true},       {"assumed", F_BOOL, false},
    {"placeholder", F_BOOL, false},   {"note", F_STRING, false},
};

static const struct fspec set_fields[] = {
    {"id", F_STRING, true},     {"label", F_STRING, true},      {"items", F_ARRAY, true},
    {"source", F_STRING, true}, {"illustrative", F_BOOL, false}, {"note", F_STRING, false},
};

/* Where in which file the loader is, for messages. */
struct ctx {
    const struct catalog *c;
    const char *file;
    const char *line_id; /* once known */
    char entry[128];     /* "line", "items[3] (fms-17)", "sets[0]" */
    char path[32];       /* "", "items[3]", "sets[0]": prefix of err->field */
    struct pace_error *err;
};

static int bad(struct ctx *x, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(struct ctx *x, const char *field, const char *fmt, ...)
{
    char problem[256], where[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    snprintf(where, sizeof where, "%s%s%s", x->path, *x->path ? "." : "", field);
    return pace_fail(x->err, PACE_EINVAL, where, "%s: %s: %s: %s", x->file, x->entry, field,
                     problem);
}

static const char *type_word(enum ftype t)
{
    switch (t) {
    case F_STRING: return "a string";
    case F_NUMBER: return "a number";
    case F_INT: return "a whole number";
    case F_BOOL: return "true or false";
    default: return "an array";
    }
}

static bool type_ok(json_t *v, enum ftype t)
{
    switch (t) {
    case F_STRING: return json_is_string(v);
    case F_NUMBER: return json_is_number(v);
    case F_INT: return json_is_integer(v);
    case F_BOOL: return json_is_boolean(v);
    default: return json_is_array(v);
    }
}

/* Refuses unknown keys, wrong types and missing required keys. */
static int check_object(struct ctx *x, json_t *o, const struct fspec *spec, size_t n)
{
    if (!json_is_object(o))
        return bad(x, "(entry)", "must be a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t i = 0;
        while (i < n && strcmp(spec[i].key, key) != 0)
            i++;
        if (i == n)
            return bad(x, key, "unknown key (see docs/catalogs.md for the format)");
        if (!type_ok(v, spec[i].type))
            return bad(x, key, "must be %s", type_word(spec[i].type));
    }
    for (size_t i = 0; i < n; i++)
        if (spec[i].required && json_object_get(o, spec[i].key) == NULL)
            return bad(x, spec[i].key, "missing");
    return 0;
}

/* A present string field: valid one-line text of 1..max characters. */
static int get_text(struct ctx *x, json_t *o, const char *key, size_t max, char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (v == NULL)
        return 0;
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len == 0)
        return bad(x, key, "must not be empty");
    if (!str_valid_text(s, len) || strpbrk(s, "\r\n\t") != NULL)
        return bad(x, key, "must be one line of plain text");
    if (str_utf8_len(s) > max)
        return bad(x, key, "must have at most %zu characters", max);
    *out = xstrdup(s);
    return 0;
}

static bool id_chars_ok(const char *s)
{
    /* lower-case words of a-z and 0-9 joined by single hyphens */
    if (*s == '\0' || *s == '-')
        return false;
    for (const char *p = s; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  (*p == '-' && p[1] != '-' && p[1] != '\0');
        if (!ok)
            return false;
    }
    return true;
}

static bool id_taken(const struct catalog *c, const struct catalog_line *l, const char *id)
{
    if (catalog_find(c, id))
        return true;
    for (size_t i = 0; i < c->nlines; i++)
        if (catalog_set_find(c->lines[i], id))
            return true;
    for (size_t i = 0; l && i < l->nitems; i++)
        if (l->items[i].id && strcmp(l->items[i].id, id) == 0)
            return true;
    for (size_t i = 0; l && i < l->nsets; i++)
        if (l->sets[i].id && strcmp(l->sets[i].id, id) == 0)
            return true;
    return false;
}

/* An entry's id: "<line>-<slug>", unique across every line. */
static int get_id(struct ctx *x, json_t *o, const struct catalog_line *l, char **out)
{
    const char *id = json_string_value(json_object_get(o, "id"));
    size_t pl = strlen(x->line_id);
    if (strlen(id) >= CATALOG_ID_MAX)
        return bad(x, "id", "must have at most %d characters", CATALOG_ID_MAX - 1);
    if (!id_chars_ok(id))
        return bad(x, "id", "must be lower-case letters, digits and single hyphens");
    if (strncmp(id, x->line_id, pl) != 0 || id[pl] != '-')
        return bad(x, "id", "must start with the line's id and a hyphen (\"%s-\")", x->line_id);
    if (id_taken(x->c, l, id))
        return bad(x, "id", "\"%s\" is used twice; ids must be unique across all lines", id);
    *out = xstrdup(id);
    return 0;
}

static void name_entry(struct ctx *x, const char *what, size_t i, json_t *o)
{
    const char *id = json_string_value(json_object_get(o, "id"));
    snprintf(x->path, sizeof x->path, "%s[%zu]", what, i);
    if (id && id_chars_ok(id) && strlen(id) < CATALOG_ID_MAX)
        snprintf(x->entry, sizeof x->entry, "%s (%s)", x->path, id);
    else
        snprintf(x->entry, sizeof x->entry, "%s", x->path);
}

static int get_mm(struct ctx *x, json_t *o, const char *key, double lo, double hi, double *out)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL)
        return 0;
    double d = json_number_value(v);
    if (!(d >= lo && d <= hi))
        return bad(x, key, "must be from %g to %g mm, not %g", lo, hi, d);
    *out = d;
    return 0;
}

static int diameters(struct ctx *x, json_t *o, struct catalog_item *it)
{
    static const char *const adj[] = {"diameter_min_mm", "diameter_max_mm", "step_mm"};
    const double lo = CATALOG_DIAMETER_MIN, hi = CATALOG_DIAMETER_MAX;
    if (it->kind != KIND_ADJUSTABLE) {
        for (size_t i = 0; i < 3; i++)
            if (json_object_get(o, adj[i]))
                return bad(x, adj[i], "is only for kind \"adjustable\"");
        if (json_object_get(o, "diameter_mm") == NULL)
            return bad(x, "diameter_mm", "missing");
        int rc = get_mm(x, o, "diameter_mm", lo, hi, &it->diameter_mm);
        it->diameter_max_mm = it->diameter_mm;
        return rc;
    }
    if (json_object_get(o, "diameter_mm"))
        return bad(x, "diameter_mm",
                   "an adjustable device has diameter_min_mm and diameter_max_mm instead");
    for (size_t i = 0; i < 3; i++)
        if (json_object_get(o, adj[i]) == NULL)
            return bad(x, adj[i], "missing");
    int rc = get_mm(x, o, "diameter_min_mm", lo, hi, &it->diameter_mm);
    if (rc == 0)
        rc = get_mm(x, o, "diameter_max_mm", lo, hi, &it->diameter_max_mm);
    if (rc == 0 && it->diameter_max_mm <= it->diameter_mm)
        rc = bad(x, "diameter_max_mm", "must be larger than diameter_min_mm");
    if (rc == 0)
        rc = get_mm(x, o, "step_mm", 0.1, hi, &it->step_mm);
    if (rc == 0) {
        double steps = (it->diameter_max_mm - it->diameter_mm) / it->step_mm;
        if (fabs(steps - round(steps)) > 1e-6)
            rc = bad(x, "step_mm", "must divide the range from smallest to largest evenly");
    }
    return rc;
}

static int parse_use(struct ctx *x, json_t *o, unsigned *out)
{
    json_t *arr = json_object_get(o, "use"), *v;
    size_t i;
    *out = 0;
    if (json_array_size(arr) == 0)
        return bad(x, "use", "must name at least one of \"vaginal\", \"rectal\"");
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(v);
        unsigned bit = s && strcmp(s, "vaginal") == 0 ? USE_VAGINAL
                       : s && strcmp(s, "rectal") == 0 ? USE_RECTAL
                                                       : 0;
        if (bit == 0)
            return bad(x, "use", "use[%zu] must be \"vaginal\" or \"rectal\"", i);
        if (*out & bit)
            return bad(x, "use", "\"%s\" is listed twice", s);
        *out |= bit;
    }
    return 0;
}

static int parse_item(struct ctx *x, json_t *o, struct catalog_line *l, struct catalog_item *it)
{
    int rc = check_object(x, o, item_fields, sizeof item_fields / sizeof item_fields[0]);
    if (rc == 0)
        rc = get_id(x, o, l, &it->id);
    if (rc == 0)
        rc = get_text(x, o, "label", CATALOG_LABEL_MAX, &it->label);
    int k = catalog_kind_parse(json_string_value(json_object_get(o, "kind")));
    int m = material_parse(json_string_value(json_object_get(o, "material")));
    int sh = shape_parse(json_string_value(json_object_get(o, "shape")));
    if (rc == 0 && k < 0)
        rc = bad(x, "kind", "must be \"dilator\", \"stent\" or \"adjustable\"");
    it->kind = k < 0 ? KIND_DILATOR : (enum catalog_kind)k;
    it->material = m < 0 ? MATERIAL_UNKNOWN : (enum material)m;
    it->shape = sh < 0 ? SHAPE_UNKNOWN : (enum shape)sh;
    if (rc == 0)
        rc = diameters(x, o, it);
    if (rc == 0)
        rc = get_mm(x, o, "length_mm", 1, CATALOG_LENGTH_MAX, &it->length_mm);
    if (rc == 0 && m < 0)
        rc = bad(x, "material", "must be one of borosilicate-glass, glass, silicone, plastic, "
                                "unknown");
    if (rc == 0 && sh < 0)
        rc = bad(x, "shape", "must be one of straight-streamlined-tip, tapered, expanding, "
                             "unknown");
    if (rc == 0)
        rc = parse_use(x, o, &it->use);
    if (rc == 0)
        rc = get_text(x, o, "source", 500, &it->source);
    if (rc == 0)
        rc = get_text(x, o, "note", 1000, &it->note);
    it->warm_cool = json_is_true(json_object_get(o, "warm_cool"));
    it->assumed = json_is_true(json_object_get(o, "assumed"));
    it->placeholder = json_is_true(json_object_get(o, "placeholder"));
    if (rc == 0 && it->assumed && it->note == NULL)
        rc = bad(x, "note", "an assumed value needs a note saying what is assumed");
    if (rc == 0 && it->placeholder && !it->assumed)
        rc = bad(x, "placeholder", "a placeholder diameter is also assumed: add \"assumed\": true");
    it->line = l;
    return rc;
}

static int parse_set(struct ctx *x, json_t *o, struct catalog_line *l, struct catalog_set *s)
{
    int rc = check_object(x, o, set_fields, sizeof set_fields / sizeof set_fields[0]);
    if (rc == 0)
        rc = get_id(x, o, l, &s->id);
    if (rc == 0)
        rc = get_text(x, o, "label", CATALOG_LABEL_MAX, &s->label);
    if (rc == 0)
        rc = get_text(x, o, "source", 500, &s->source);
    if (rc == 0)
        rc = get_text(x, o, "note", 1000, &s->note);
    s->illustrative = json_is_true(json_object_get(o, "illustrative"));
    if (rc != 0)
        return rc;
    json_t *arr = json_object_get(o, "items"), *v;
    size_t i;
    if (json_array_size(arr) == 0)
        return bad(x, "items", "must name at least one item");
    s->items = xcalloc(json_array_size(arr), sizeof *s->items);
    json_array_foreach(arr, i, v) {
        const char *id = json_string_value(v);
        const struct catalog_item *it = NULL;
        for (size_t k = 0; id && k < l->nitems; k++)
            if (strcmp(l->items[k].id, id) == 0)
                it = &l->items[k];
        if (id == NULL)
            return bad(x, "items", "items[%zu] must be a string", i);
        if (it == NULL)
            return bad(x, "items", "items[%zu] names \"%s\", which is not an item of this line",
                       i, id);
        for (size_t k = 0; k < s->nitems; k++)
            if (s->items[k] == it)
                return bad(x, "items", "\"%s\" is listed twice", id);
        s->items[s->nitems++] = it;
    }
    return 0;
}

static void line_free(struct catalog_line *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->nitems; i++) {
        free(l->items[i].id);
        free(l->items[i].label);
        free(l->items[i].source);
        free(l->items[i].note);
    }
    for (size_t i = 0; i < l->nsets; i++) {
        free(l->sets[i].id);
        free(l->sets[i].label);
        free(l->sets[i].items);
        free(l->sets[i].source);
        free(l->sets[i].note);
    }
    free(l->items);
    free(l->sets);
    free(l->id);
    free(l->name);
    free(l->maker);
    free(l->source);
    free(l->note);
    free(l->file);
    free(l);
}

static int parse_head(struct ctx *x, json_t *root, struct catalog_line *l)
{
    snprintf(x->entry, sizeof x->entry, "line");
    int rc = check_object(x, root, line_fields, sizeof line_fields / sizeof line_fields[0]);
    if (rc != 0)
        return rc;
    if (json_integer_value(json_object_get(root, "format")) != CATALOG_FORMAT)
        return bad(x, "format", "must be %d (the only format this program reads)",
                   CATALOG_FORMAT);
    const char *id = json_string_value(json_object_get(root, "line"));
    if (!id_chars_ok(id) || strlen(id) > 31)
        return bad(x, "line", "must be 1-31 lower-case letters, digits and single hyphens");
    if (strcmp(id, "custom") == 0)
        return bad(x, "line", "\"custom\" is kept for the items people define themselves");
    if (catalog_line_find(x->c, id))
        return bad(x, "line", "\"%s\" is already loaded from another file", id);
    l->id = xstrdup(id);
    x->line_id = l->id;
    rc = get_text(x, root, "name", CATALOG_LABEL_MAX, &l->name);
    if (rc == 0)
        rc = get_text(x, root, "maker", 200, &l->maker);
    if (rc == 0)
        rc = get_text(x, root, "source", 500, &l->source);
    if (rc == 0)
        rc = get_text(x, root, "note", 1000, &l->note);
    if (rc == 0 && json_array_size(json_object_get(root, "items")) == 0)
        rc = bad(x, "items", "must list at least one item");
    return rc;
}

static int parse_line(struct ctx *x, json_t *root, struct catalog_line *l)
{
    int rc = parse_head(x, root, l);
    json_t *arr = json_object_get(root, "items"), *v;
    size_t i;
    if (rc != 0)
        return rc;
    l->items = xcalloc(json_array_size(arr), sizeof *l->items);
    json_array_foreach(arr, i, v) {
        name_entry(x, "items", i, v);
        /* counted first so line_free releases a half-filled entry */
        rc = parse_item(x, v, l, &l->items[l->nitems++]);
        if (rc != 0)
            return rc;
    }
    arr = json_object_get(root, "sets");
    if (json_array_size(arr) > 0)
        l->sets = xcalloc(json_array_size(arr), sizeof *l->sets);
    json_array_foreach(arr, i, v) {
        name_entry(x, "sets", i, v);
        rc = parse_set(x, v, l, &l->sets[l->nsets++]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

struct catalog *catalog_new(void)
{
    return xcalloc(1, sizeof(struct catalog));
}

void catalog_free(struct catalog *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->nlines; i++)
        line_free(c->lines[i]);
    free(c->lines);
    free(c);
}

int catalog_add_json(struct catalog *c, const char *file, const char *data, size_t len,
                     struct pace_error *err)
{
    struct ctx x = {.c = c, .file = file ? file : "(catalog)", .line_id = "", .err = err};
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return pace_fail(err, PACE_EINVAL, NULL, "%s: line %d, column %d: %s", x.file,
                         jerr.line, jerr.column, jerr.text);
    struct catalog_line *l = xcalloc(1, sizeof *l);
    int rc = parse_line(&x, root, l);
    json_decref(root);
    if (rc != 0) {
        line_free(l);
        return rc;
    }
    l->file = xstrdup(x.file);
    c->lines = xrealloc(c->lines, (c->nlines + 1) * sizeof *c->lines);
    c->lines[c->nlines++] = l;
    return 0;
}

int catalog_load_builtin(struct catalog **out, struct pace_error *err)
{
    struct catalog *c = catalog_new();
    for (const struct catalog_file *f = catalog_builtin; f->name; f++) {
        int rc = catalog_add_json(c, f->name, f->data, f->len, err);
        if (rc != 0) {
            catalog_free(c);
            *out = NULL;
            return rc;
        }
    }
    *out = c;
    return 0;
}

const struct catalog_line *catalog_line_find(const struct catalog *c, const char *id)
{
    for (size_t i = 0; c && id && i < c->nlines; i++)
        if (strcmp(c->lines[i]->id, id) == 0)
            return c->lines[i];
    return NULL;
}

const struct catalog_item *catalog_find(const struct catalog *c, const char *id)
{
    for (size_t i = 0; c && id && i < c->nlines; i++) {
        const struct catalog_line *l = c->lines[i];
        size_t n = strlen(l->id);
        if (strncmp(id, l->id, n) != 0 || id[n] != '-')
            continue;
        for (size_t k = 0; k < l->nitems; k++)
            if (strcmp(l->items[k].id, id) == 0)
                return &l->items[k];
    }
    return NULL;
}

const struct catalog_set *catalog_set_find(const struct catalog_line *l, const char *id)
{
    for (size_t i = 0; l && id && i < l->nsets; i++)
        if (strcmp(l->sets[i].id, id) == 0)
            return &l->sets[i];
    return NULL;
}
