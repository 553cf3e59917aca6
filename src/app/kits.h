/*
 * kits.h - her kit as the pages, the API and (later) the session flow use
 * it, built on store.h and core/kit.h alone: load it resolved and sorted
 * by diameter, or replace it after checking every id against the catalogs
 * and her own items.
 */
#ifndef PACE_KITS_H
#define PACE_KITS_H

#include "core/kit.h"
#include "store/store.h"

/* Her kit: entries point into customs (and the catalog). */
struct kit_view {
    struct custom_item *customs; /* all her own items, in or out of the kit */
    size_t ncustom;
    struct kit_entry *entries; /* what she owns, smallest diameter first */
    size_t n;
};

/* Fills *out; release it with kits_view_free (also after a failure). Ids
 * that no longer resolve (an item removed from the catalogs) are left
 * out. */
int kits_load(struct store *s, const struct catalog *c, int64_t user_id, struct kit_view *out,
              struct pace_error *err);
void kits_view_free(struct kit_view *v);

/* Replaces her whole kit with ids after checking each one (unknown,
 * repeated, or someone else's item: PACE_EINVAL with err->field
 * "items[i]"). All or nothing. */
int kits_replace(struct store *s, const struct catalog *c, int64_t user_id,
                 const struct kit_id *ids, size_t n, int64_t now, struct pace_error *err);

#endif
