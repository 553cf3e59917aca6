/*
 * shared_data.c - what a grantee may take away of what she shares, as
 * files (app.h, "Sharing"): her sessions as JSON, CSV or a FHIR Bundle, with
 * her comfort ladder when that is shared too. Every part goes through the
 * gate as the grantee, so only the granted scopes come out, notes only with
 * the notes scope, and each look is in her trail.
 */
#include "app/app.h"

#include "core/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* All her sessions the grantee may see, newest first (notes as allowed). */
static int gather(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  struct export_doc *d, struct pace_error *err)
{
    size_t cap = 0;
    char cursor[STORE_CURSOR_MAX] = "";
    for (;;) {
        struct practice_query q = {.limit = 200, .cursor = cursor[0] ? cursor : NULL};
        struct practice *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX];
        int rc = app_session_list(c, who, subject, &q, &items, &n, next, err);
        if (rc != 0)
            return rc;
        if (d->nsessions + n > cap) {
            cap = (d->nsessions + n) * 2;
            d->sessions = xrealloc(d->sessions, cap * sizeof *d->sessions);
        }
        if (n > 0)
            memcpy(d->sessions + d->nsessions, items, n * sizeof *items);
        d->nsessions += n;
        free(items);
        if (next[0] == '\0')
            return 0;
        memcpy(cursor, next, sizeof cursor);
    }
}

/* Her whole comfort ladder, newest first, page by page. */
static int gather_ladder(const struct app_ctx *c, const struct principal *who, int64_t subject,
                         struct export_doc *d, struct pace_error *err)
{
    size_t cap = 0;
    char cursor[STORE_CURSOR_MAX] = "";
    for (;;) {
        struct ladder_query q = {.limit = LADDER_PAGE_MAX, .cursor = cursor[0] ? cursor : NULL};
        struct ladder_entry *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX];
        int64_t last = 0;
        int rc = app_ladder_page(c, who, subject, &q, &items, &n, next, &last, err);
        if (rc != 0)
            return rc;
        if (d->nladder + n > cap) {
            cap = (d->nladder + n) * 2;
            d->ladder = xrealloc(d->ladder, cap * sizeof *d->ladder);
        }
        if (n > 0)
            memcpy(d->ladder + d->nladder, items, n * sizeof *items);
        d->nladder += n;
        free(items);
        if (next[0] == '\0')
            return 0;
        memcpy(cursor, next, sizeof cursor);
    }
}

int app_shared_data(const struct app_ctx *c, const struct principal *who, const char *public_id,
                    enum app_shared_format fmt, int64_t now, struct buf *out,
                    struct pace_error *err)
{
    struct grant g;
    int rc = app_shared_subject(c, who, public_id, now, &g, err);
    if (rc != 0)
        return rc;
    struct export_doc d;
    export_doc_init(&d);
    rc = gather(c, who, g.subject_id, &d, err);
    if (rc == 0 && fmt != APP_SHARED_CSV && app_may(c, who, g.subject_id, RES_LADDER, ACT_READ))
        rc = gather_ladder(c, who, g.subject_id, &d, err);
    if (rc == 0 && fmt == APP_SHARED_CSV) {
        csv_sessions(d.sessions, d.nsessions, false, out);
    } else if (rc == 0 && fmt == APP_SHARED_FHIR) {
        /* Named by the grant, not by her pseudonym: the file says nothing
         * that would join it to her other exports. */
        char patient[EXPORT_PSEUDONYM_LEN + 1] = "pace-";
        size_t k = 5;
        for (const char *p = g.public_id; *p && k < EXPORT_PSEUDONYM_LEN; p++)
            if (*p != '-')
                patient[k++] = *p;
        patient[k] = '\0';
        fhir_write(&d, patient, now, out);
    } else if (rc == 0) {
        json_t *all = export_to_json(&d, now), *j = json_object();
        json_object_set_new(j, "name", json_string(g.subject_name));
        json_object_set(j, "sessions", json_object_get(all, "sessions"));
        if (app_may(c, who, g.subject_id, RES_LADDER, ACT_READ))
            json_object_set(j, "ladder", json_object_get(all, "ladder"));
        char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        buf_puts(out, text);
        buf_putc(out, '\n');
        free(text);
        json_decref(j);
        json_decref(all);
    }
    export_doc_free(&d);
    crypto_wipe(&g, sizeof g);
    return rc;
}
