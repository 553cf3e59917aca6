/*
 * catalog_json.c - catalog lines, items and sets as the API shows them
 * (GET /api/v1/catalogs, /api/v1/catalogs/{line}). Field names follow the
 * data files (docs/catalogs.md).
 */
#include "catalog.h"

/* Whole millimetres stay integers in JSON ("14", not "14.0"). */
static json_t *mm(double v)
{
    if (v == (double)(long long)v)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *catalog_item_json(const struct catalog_item *it)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(it->id));
    json_object_set_new(o, "line", json_string(it->line->id));
    json_object_set_new(o, "label", json_string(it->label));
    json_object_set_new(o, "kind", json_string(catalog_kind_name(it->kind)));
    /* diameter_mm is the smallest diameter of an adjustable device, so
     * every item sorts by it. */
    json_object_set_new(o, "diameter_mm", mm(it->diameter_mm));
    if (it->kind == KIND_ADJUSTABLE) {
        json_object_set_new(o, "diameter_min_mm", mm(it->diameter_mm));
        json_object_set_new(o, "diameter_max_mm", mm(it->diameter_max_mm));
        json_object_set_new(o, "step_mm", mm(it->step_mm));
    }
    json_object_set_new(o, "length_mm", it->length_mm > 0 ? mm(it->length_mm) : json_null());
    json_object_set_new(o, "material", json_string(material_name(it->material)));
    json_object_set_new(o, "is_glass", json_boolean(material_is_glass(it->material)));
    json_object_set_new(o, "shape", json_string(shape_name(it->shape)));
    json_t *use = json_array();
    if (it->use & USE_VAGINAL)
        json_array_append_new(use, json_string("vaginal"));
    if (it->use & USE_RECTAL)
        json_array_append_new(use, json_string("rectal"));
    json_object_set_new(o, "use", use);
    json_object_set_new(o, "warm_cool", json_boolean(it->warm_cool));
    json_object_set_new(o, "source", json_string(it->source));
    json_object_set_new(o, "assumed", json_boolean(it->assumed));
    json_object_set_new(o, "placeholder", json_boolean(it->placeholder));
    json_object_set_new(o, "note", str_or_null(it->note));
    return o;
}

json_t *catalog_set_json(const struct catalog_set *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "label", json_string(s->label));
    json_t *items = json_array();
    for (size_t i = 0; i < s->nitems; i++)
        json_array_append_new(items, json_string(s->items[i]->id));
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "illustrative", json_boolean(s->illustrative));
    json_object_set_new(o, "source", json_string(s->source));
    json_object_set_new(o, "note", str_or_null(s->note));
    return o;
}

json_t *catalog_line_json(const struct catalog_line *l, bool full)
{
    json_t *o = json_object();
    json_object_set_new(o, "line", json_string(l->id));
    json_object_set_new(o, "name", json_string(l->name));
    json_object_set_new(o, "maker", str_or_null(l->maker));
    json_object_set_new(o, "source", json_string(l->source));
    json_object_set_new(o, "note", str_or_null(l->note));
    if (!full) {
        json_object_set_new(o, "item_count", json_integer((json_int_t)l->nitems));
        json_object_set_new(o, "set_count", json_integer((json_int_t)l->nsets));
        return o;
    }
    json_t *items = json_array(), *sets = json_array();
    for (size_t i = 0; i < l->nitems; i++)
        json_array_append_new(items, catalog_item_json(&l->items[i]));
    for (size_t i = 0; i < l->nsets; i++)
        json_array_append_new(sets, catalog_set_json(&l->sets[i]));
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "sets", sets);
    return o;
}
