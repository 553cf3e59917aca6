/*
 * kit.c - validation of her own items and of a whole kit, and the sorted,
 * resolved kit view. See kit.h.
 */
#include "kit.h"
#include "i18n.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void custom_item_id(int64_t id, struct kit_id *out)
{
    snprintf(out->s, sizeof out->s, CUSTOM_LINE "-%lld", (long long)id);
}

bool custom_id_parse(const char *s, int64_t *id)
{
    const char *p = CUSTOM_LINE "-";
    if (s == NULL || strncmp(s, p, strlen(p)) != 0)
        return false;
    s += strlen(p);
    if (*s < '1' || *s > '9' || strlen(s) > 18)
        return false;
    for (const char *q = s; *q; q++)
        if (*q < '0' || *q > '9')
            return false;
    *id = (int64_t)strtoll(s, NULL, 10);
    return true;
}

static void trim(char *s)
{
    size_t len = strlen(s), start = 0;
    while (start < len && (s[start] == ' ' || s[start] == '\t'))
        start++;
    while (len > start && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    memmove(s, s + start, len - start);
    s[len - start] = '\0';
}

int custom_item_check(struct custom_item *c, struct pace_error *err)
{
    trim(c->label);
    size_t n = str_utf8_len(c->label);
    if (!str_valid_text(c->label, strlen(c->label)) || strpbrk(c->label, "\r\n\t") || n == 0 ||
        n > CUSTOM_LABEL_MAX)
        return pace_fail(err, PACE_EINVAL, "label", "%s",
                         _("Please give it a name of 1 to 40 characters."));
    if (c->kind != KIND_DILATOR && c->kind != KIND_STENT)
        return pace_fail(err, PACE_EINVAL, "kind", "%s",
                         _("The kind can be a dilator or a stent."));
    if (!(c->diameter_mm >= CATALOG_DIAMETER_MIN && c->diameter_mm <= CATALOG_DIAMETER_MAX))
        return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                         _("Please enter the diameter in millimetres, from 1 to 80."));
    if (c->length_mm != 0 && !(c->length_mm >= 1 && c->length_mm <= CATALOG_LENGTH_MAX))
        return pace_fail(err, PACE_EINVAL, "length_mm", "%s",
                         _("If you know the length, enter it in millimetres, from 1 to 400. "
                           "Otherwise leave it empty."));
    if (c->material < 0 || c->material >= MATERIAL_COUNT)
        return pace_fail(err, PACE_EINVAL, "material", "%s",
                         _("Please choose a material from the list."));
    c->diameter_mm = round(c->diameter_mm * 10) / 10;
    c->length_mm = round(c->length_mm * 10) / 10;
    return 0;
}

static int set_label(struct custom_item *out, const char *s, struct pace_error *err)
{
    if (s == NULL || strlen(s) >= sizeof out->label)
        return pace_fail(err, PACE_EINVAL, "label", "%s",
                         _("Please give it a name of 1 to 40 characters."));
    snprintf(out->label, sizeof out->label, "%s", s);
    return 0;
}

static int set_words(struct custom_item *out, const char *kind, const char *material,
                     struct pace_error *err)
{
    int k = kind == NULL || *kind == '\0' ? KIND_DILATOR : catalog_kind_parse(kind);
    if (k != KIND_DILATOR && k != KIND_STENT)
        return pace_fail(err, PACE_EINVAL, "kind", "%s",
                         _("The kind can be a dilator or a stent."));
    int m = material_parse(material);
    if (m < 0)
        return pace_fail(err, PACE_EINVAL, "material", "%s",
                         _("Please choose a material from the list."));
    out->kind = (enum catalog_kind)k;
    out->material = (enum material)m;
    return 0;
}

int custom_item_from_json(json_t *body, struct custom_item *out, struct pace_error *err)
{
    static const char *const keys[] = {"label", "diameter_mm", "length_mm", "material", "kind"};
    memset(out, 0, sizeof *out);
    if (!json_is_object(body))
        return pace_fail(err, PACE_EINVAL, NULL, "%s", _("Please send a JSON object."));
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        size_t i = 0;
        while (i < sizeof keys / sizeof keys[0] && strcmp(keys[i], key) != 0)
            i++;
        if (i == sizeof keys / sizeof keys[0])
            return pace_fail(err, PACE_EINVAL, key, _("There is no field called \"%s\"."), key);
    }
    json_t *label = json_object_get(body, "label"), *kind = json_object_get(body, "kind");
    json_t *dia = json_object_get(body, "diameter_mm"), *len = json_object_get(body, "length_mm");
    json_t *mat = json_object_get(body, "material");
    int rc = set_label(out, json_is_string(label) ? json_string_value(label) : NULL, err);
    if (rc != 0)
        return rc;
    if (kind && !json_is_string(kind))
        return pace_fail(err, PACE_EINVAL, "kind", "%s",
                         _("The kind can be a dilator or a stent."));
    if (!json_is_number(dia))
        return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                         _("Please enter the diameter in millimetres, from 1 to 80."));
    out->diameter_mm = json_number_value(dia);
    if (len && !json_is_null(len) && !json_is_number(len))
        return pace_fail(err, PACE_EINVAL, "length_mm", "%s",
                         _("If you know the length, enter it in millimetres, from 1 to 400. "
                           "Otherwise leave it empty."));
    out->length_mm = json_is_number(len) ? json_number_value(len) : 0;
    if (json_is_number(len) && out->length_mm == 0)
        out->length_mm = -1; /* an explicit 0 is out of range, not "unknown" */
    rc = set_words(out, kind ? json_string_value(kind) : NULL,
                   json_is_string(mat) ? json_string_value(mat) : NULL, err);
    return rc != 0 ? rc : custom_item_check(out, err);
}

/* Parses a decimal number with '.' or ','; false when s is not one. */
static bool parse_decimal(const char *s, double *out)
{
    char tmp[32];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof tmp)
        return false;
    for (size_t i = 0; i <= n; i++)
        tmp[i] = s[i] == ',' ? '.' : s[i];
    trim(tmp);
    if (tmp[0] == '\0' || strspn(tmp, "0123456789.") != strlen(tmp))
        return false;
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (*end != '\0' || errno != 0)
        return false;
    *out = v;
    return true;
}

int custom_item_from_text(const char *label, const char *kind, const char *diameter,
                          const char *length, const char *material, struct custom_item *out,
                          struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = set_label(out, label ? label : "", err);
    if (rc != 0)
        return rc;
    if (!parse_decimal(diameter ? diameter : "", &out->diameter_mm))
        return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                         _("Please enter the diameter in millimetres, from 1 to 80."));
    char lt[32];
    snprintf(lt, sizeof lt, "%s", length ? length : "");
    trim(lt);
    if (*lt && (!parse_decimal(lt, &out->length_mm) || out->length_mm == 0))
        return pace_fail(err, PACE_EINVAL, "length_mm", "%s",
                         _("If you know the length, enter it in millimetres, from 1 to 400. "
                           "Otherwise leave it empty."));
    rc = set_words(out, kind, material, err);
    return rc != 0 ? rc : custom_item_check(out, err);
}

void kit_format_mm(char *out, size_t n, double mm, bool localised)
{
    double r = round(mm * 10) / 10;
    if (r >= 0 && r < 1e12) { /* every real size: in tenths, without stdio */
        long long tenths = llround(r * 10);
        if (tenths % 10 == 0)
            str_fmt(out, n, "%lld", tenths / 10);
        else
            str_fmt(out, n, "%lld%s%lld", tenths / 10,
                    localised && i18n_lang() == LANG_DE ? "," : ".", tenths % 10);
    } else if (r == floor(r))
        snprintf(out, n, "%.0f", r);
    else if (localised)
        i18n_format_number(out, n, r, 1);
    else
        snprintf(out, n, "%.1f", r);
}

static json_t *mm_json(double v)
{
    if (v == floor(v))
        return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *custom_item_json(const struct custom_item *c)
{
    struct kit_id id;
    custom_item_id(c->id, &id);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id.s));
    json_object_set_new(o, "line", json_string(CUSTOM_LINE));
    json_object_set_new(o, "label", json_string(c->label));
    json_object_set_new(o, "kind", json_string(catalog_kind_name(c->kind)));
    json_object_set_new(o, "diameter_mm", mm_json(c->diameter_mm));
    json_object_set_new(o, "length_mm", c->length_mm > 0 ? mm_json(c->length_mm) : json_null());
    json_object_set_new(o, "material", json_string(material_name(c->material)));
    json_object_set_new(o, "is_glass", json_boolean(material_is_glass(c->material)));
    json_object_set_new(o, "in_kit", json_boolean(c->in_kit));
    return o;
}

int kit_ids_from_json(json_t *body, struct kit_id **ids, size_t *n, struct pace_error *err)
{
    *ids = NULL;
    *n = 0;
    if (!json_is_object(body))
        return pace_fail(err, PACE_EINVAL, NULL, "%s", _("Please send a JSON object."));
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "items") != 0)
            return pace_fail(err, PACE_EINVAL, key, _("There is no field called \"%s\"."), key);
    }
    json_t *arr = json_object_get(body, "items");
    if (!json_is_array(arr))
        return pace_fail(err, PACE_EINVAL, "items", "%s",
                         _("\"items\" must be a list of item ids, such as \"fms-18\"."));
    if (json_array_size(arr) > KIT_MAX_ITEMS)
        return pace_fail(err, PACE_EINVAL, "items", _("A kit can have at most %d items."),
                         KIT_MAX_ITEMS);
    struct kit_id *out = xcalloc(json_array_size(arr) + 1, sizeof *out);
    size_t i;
    json_array_foreach(arr, i, v)
    {
        const char *s = json_string_value(v);
        if (s == NULL || strlen(s) >= sizeof out[i].s || strlen(s) != json_string_length(v)) {
            char field[32];
            snprintf(field, sizeof field, "items[%zu]", i);
            free(out);
            return pace_fail(err, PACE_EINVAL, field, "%s",
                             _("Each item must be an id from a catalog or one of your own "
                               "items, such as \"fms-18\"."));
        }
        snprintf(out[i].s, sizeof out[i].s, "%s", s);
    }
    *ids = out;
    *n = json_array_size(arr);
    return 0;
}

static void from_catalog(struct kit_entry *e, const struct catalog_item *it)
{
    e->label = it->label;
    e->line_id = it->line->id;
    e->line_name = it->line->name;
    e->item = it;
    e->kind = it->kind;
    e->diameter_mm = it->diameter_mm;
    e->diameter_max_mm = it->diameter_max_mm;
    e->step_mm = it->step_mm;
    e->length_mm = it->length_mm;
    e->material = it->material;
}

static void from_custom(struct kit_entry *e, const struct custom_item *c)
{
    e->label = c->label;
    e->line_id = CUSTOM_LINE;
    e->custom = c;
    e->kind = c->kind;
    e->diameter_mm = c->diameter_mm;
    e->diameter_max_mm = c->diameter_mm;
    e->length_mm = c->length_mm;
    e->material = c->material;
}

static int by_diameter(const void *a, const void *b)
{
    const struct kit_entry *x = a, *y = b;
    if (x->diameter_mm != y->diameter_mm)
        return x->diameter_mm < y->diameter_mm ? -1 : 1;
    if (x->diameter_max_mm != y->diameter_max_mm)
        return x->diameter_max_mm < y->diameter_max_mm ? -1 : 1;
    return strcmp(x->id, y->id);
}

int kit_resolve(const struct catalog *cat, const struct custom_item *customs, size_t ncustom,
                const struct kit_id *ids, size_t n, bool strict, struct kit_entry **out,
                size_t *nout, struct pace_error *err)
{
    struct kit_entry *es = xcalloc(n + 1, sizeof *es);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = ids[i].s;
        char field[32];
        snprintf(field, sizeof field, "items[%zu]", i);
        bool dup = false;
        for (size_t j = 0; j < k; j++)
            dup = dup || strcmp(es[j].id, id) == 0;
        if (dup && strict) {
            free(es);
            return pace_fail(err, PACE_EINVAL, field, _("\"%s\" is listed twice."), id);
        }
        if (dup)
            continue;
        const struct catalog_item *it = catalog_find(cat, id);
        const struct custom_item *c = NULL;
        int64_t cid;
        if (it == NULL && custom_id_parse(id, &cid))
            for (size_t j = 0; j < ncustom && c == NULL; j++)
                if (customs[j].id == cid)
                    c = &customs[j];
        if (it == NULL && c == NULL) {
            if (!strict)
                continue;
            free(es);
            /* The same words whether the id never existed or belongs to
             * someone else: nothing about other people leaks. */
            return pace_fail(err, PACE_EINVAL, field,
                             _("There is no item \"%s\" in the catalogs or among your own "
                               "items."),
                             id);
        }
        struct kit_entry *e = &es[k++];
        snprintf(e->id, sizeof e->id, "%s", id);
        if (it)
            from_catalog(e, it);
        else
            from_custom(e, c);
        e->is_glass = material_is_glass(e->material);
    }
    qsort(es, k, sizeof *es, by_diameter);
    *out = es;
    *nout = k;
    return 0;
}

json_t *kit_entry_json(const struct kit_entry *e)
{
    json_t *o = e->custom ? custom_item_json(e->custom) : catalog_item_json(e->item);
    json_object_set_new(o, "line_name", e->line_name ? json_string(e->line_name) : json_null());
    json_object_set_new(o, "custom", json_boolean(e->custom != NULL));
    return o;
}
