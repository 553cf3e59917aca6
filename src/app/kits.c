/* kits.c - loading and replacing her kit (see kits.h). */
#include "app/kits.h"

#include <stdlib.h>
#include <string.h>

void kits_view_free(struct kit_view *v)
{
    free(v->customs);
    free(v->entries);
    memset(v, 0, sizeof *v);
}

int kits_load(struct store *s, const struct catalog *c, int64_t user_id, struct kit_view *out,
              struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    struct kit_id *ids = NULL;
    size_t n = 0;
    int rc = store_custom_list(s, user_id, &out->customs, &out->ncustom, err);
    if (rc == 0)
        rc = store_kit_get(s, user_id, &ids, &n, err);
    if (rc == 0)
        rc = kit_resolve(c, out->customs, out->ncustom, ids, n, false, &out->entries, &out->n,
                         err);
    free(ids);
    return rc;
}

int kits_replace(struct store *s, const struct catalog *c, int64_t user_id,
                 const struct kit_id *ids, size_t n, int64_t now, struct pace_error *err)
{
    struct custom_item *customs = NULL;
    struct kit_entry *entries = NULL;
    size_t ncustom = 0, nentries = 0;
    int rc = store_custom_list(s, user_id, &customs, &ncustom, err);
    if (rc == 0)
        rc = kit_resolve(c, customs, ncustom, ids, n, true, &entries, &nentries, err);
    /* The store checks her own items again inside its transaction, in case
     * one was deleted in between. */
    if (rc == 0)
        rc = store_kit_set(s, user_id, ids, n, now, err);
    free(entries);
    free(customs);
    return rc;
}
