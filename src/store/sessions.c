/* sessions.c - reading a practice session as the API does, with the kit check. */
#include "store/sessions.h"

#include "core/i18n.h"
#include "store/kits.h"

#include <stdlib.h>
#include <string.h>

/* Finds id among her kit's entries; fills *e (whose pointers die with
 * the view, so only its numbers are used). */
static int find_in_kit(struct store *s, const struct catalog *cat, int64_t user_id, const char *id,
                       struct kit_entry *e, struct pace_error *err)
{
    struct kit_view v;
    int rc = kits_load(s, cat, user_id, &v, err);
    bool found = false;
    for (size_t i = 0; rc == 0 && i < v.n && !found; i++)
        if (strcmp(v.entries[i].id, id) == 0) {
            *e = v.entries[i];
            found = true;
        }
    kits_view_free(&v);
    if (rc == 0 && !found)
        rc = pace_fail(err, PACE_EINVAL, "dilator_id", "%s",
                       _("dilator_id must name an item in your kit."));
    return rc;
}

int sessions_check_dilator(struct store *s, const struct catalog *cat, int64_t user_id,
                           struct practice *p, const struct practice *old, struct pace_error *err)
{
    if (p->dilator_id[0] == '\0') {
        if (p->diameter_mm != 0)
            return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                             _("diameter_mm needs a dilator_id: the size of which dilator?"));
        return 0;
    }
    if (old && strcmp(old->dilator_id, p->dilator_id) == 0) {
        if (p->diameter_mm == 0)
            p->diameter_mm = old->diameter_mm;
        return 0;
    }
    struct kit_entry e = {0};
    int rc = find_in_kit(s, cat, user_id, p->dilator_id, &e, err);
    if (rc != 0)
        return rc;
    bool adjustable = e.diameter_max_mm > e.diameter_mm + 0.05;
    if (p->diameter_mm == 0) {
        if (adjustable)
            return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                             _("Please give diameter_mm: the size the adjustable dilator "
                               "was set to."));
        p->diameter_mm = e.diameter_mm;
        return 0;
    }
    if (p->diameter_mm < e.diameter_mm - 0.05 || p->diameter_mm > e.diameter_max_mm + 0.05)
        return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                         _("diameter_mm does not match the size of that dilator."));
    return 0;
}

int sessions_from_json(struct store *s, const struct catalog *cat, int64_t user_id,
                       const json_t *body, const struct practice *old, int64_t now,
                       struct practice *p, struct pace_error *err)
{
    int rc = practice_from_json(body, now, p, err);
    if (rc == 0 && (rc = sessions_check_dilator(s, cat, user_id, p, old, err)) != 0)
        practice_clear(p);
    return rc;
}
