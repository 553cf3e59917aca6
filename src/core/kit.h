/*
 * kit.h - her kit: which catalog items she owns, and items she defined
 * herself ("custom-<n>"). Validation of what arrives from the API and the
 * kit page, and the resolved, diameter-sorted view the pages and the
 * session flow use (with material and is_glass, for the pre-use check of
 * glass for chips and scratches).
 *
 * Pure: the caller fetches her custom items and stored ids from the store.
 */
#ifndef PACE_KIT_H
#define PACE_KIT_H

#include "core/catalog.h"
#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define KIT_MAX_ITEMS 200
#define CUSTOM_MAX_ITEMS 100      /* her own items, per person */
#define CUSTOM_LABEL_MAX 40       /* characters */
#define CUSTOM_LABEL_BYTES (CUSTOM_LABEL_MAX * 4 + 1)
#define CUSTOM_LINE "custom"      /* the pseudo-line of her own items */

/* One item id, "fms-18" or "custom-7". */
struct kit_id {
    char s[CATALOG_ID_MAX];
};

/* An item she defined herself. */
struct custom_item {
    int64_t id;
    char label[CUSTOM_LABEL_BYTES];
    enum catalog_kind kind; /* dilator or stent */
    double diameter_mm;     /* rounded to 0.1 mm */
    double length_mm;       /* 0 when not given */
    enum material material;
    int64_t created_at;
    bool in_kit; /* filled by store_custom_list */
};

/* One thing in her kit, resolved from a catalog item or one of her own.
 * The pointers live as long as the catalog and the custom array. */
struct kit_entry {
    char id[CATALOG_ID_MAX];
    const char *label;
    const char *line_id;   /* CUSTOM_LINE for her own */
    const char *line_name; /* NULL for her own */
    const struct catalog_item *item;  /* NULL for her own */
    const struct custom_item *custom; /* NULL for catalog items */
    enum catalog_kind kind;
    double diameter_mm;     /* smallest, for an adjustable device */
    double diameter_max_mm; /* = diameter_mm unless adjustable */
    double step_mm;
    double length_mm; /* 0 when not known */
    enum material material;
    bool is_glass;
};

/* "custom-<id>" into out. */
void custom_item_id(int64_t id, struct kit_id *out);
/* True, with *id, when s is "custom-<positive integer>" exactly. */
bool custom_id_parse(const char *s, int64_t *id);

/* Checks every field of c, trimming the label in place. Returns 0 or
 * PACE_EINVAL with err->field one of label, kind, diameter_mm, length_mm,
 * material and a translated sentence. */
int custom_item_check(struct custom_item *c, struct pace_error *err);
/* From the API body {"label","diameter_mm","length_mm"?,"material",
 * "kind"?}; unknown keys are refused. Fills out and checks it. */
int custom_item_from_json(json_t *body, struct custom_item *out, struct pace_error *err);
/* From form text; numbers may use a decimal comma; length may be empty.
 * NULL arguments count as empty. */
int custom_item_from_text(const char *label, const char *kind, const char *diameter,
                          const char *length, const char *material, struct custom_item *out,
                          struct pace_error *err);
/* The caller owns the returned reference. */
json_t *custom_item_json(const struct custom_item *c);

/* Reads {"items": ["fms-16", ...]} (no other keys) into a new array *ids
 * (caller frees with free()). Only the shape is checked here; whether each
 * id exists is kit_resolve's job. */
int kit_ids_from_json(json_t *body, struct kit_id **ids, size_t *n, struct pace_error *err);

/* Resolves ids against the catalog and her custom items into a new array
 * *out sorted by diameter (caller frees with free()). strict: an unknown or
 * repeated id fails with PACE_EINVAL and err->field "items[i]"; otherwise
 * such ids are skipped (a stored kit naming an item since removed from the
 * catalogs still shows the rest). */
int kit_resolve(const struct catalog *cat, const struct custom_item *customs, size_t ncustom,
                const struct kit_id *ids, size_t n, bool strict, struct kit_entry **out,
                size_t *nout, struct pace_error *err);
/* The caller owns the returned reference. */
json_t *kit_entry_json(const struct kit_entry *e);
/* "14", "20.5" (one decimal at most; '.' or the locale's ',') into out. */
void kit_format_mm(char *out, size_t n, double mm, bool localised);

#endif
