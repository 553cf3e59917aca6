/*
 * ladder.c - her comfort ladder as use cases: add an entry, read her
 * latest entries, a page of them, and when she last filled it in. The same
 * for the /ladder page, the API, the exam plan and the report.
 */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>

int app_ladder_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct ladder_entry *e, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_LADDER, ACT_CREATE, NULL, err);
    if (rc == 0)
        rc = ladder_validate(e, err);
    return rc == 0 ? store_ladder_insert(c->store, subject, e, now, err) : rc;
}

int app_ladder_latest(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      int limit, struct ladder_entry **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_LADDER, ACT_READ, NULL, err);
    return rc == 0 ? store_ladder_list(c->store, subject, limit, items, n, err) : rc;
}

int app_ladder_page(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct ladder_query *q, struct ladder_entry **items, size_t *n,
                    char next_cursor[STORE_CURSOR_MAX], int64_t *last_taken,
                    struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    *last_taken = 0;
    int rc = app_gate(c, who, subject, RES_LADDER, ACT_READ, NULL, err);
    if (rc == 0)
        rc = store_ladder_page(c->store, subject, q, items, n, next_cursor, err);
    if (rc == 0 && store_ladder_last_taken(c->store, subject, last_taken) != 0)
        rc = pace_fail(err, PACE_EIO, NULL, "%s", "the ladder's latest entry could not be read");
    if (rc != 0) {
        free(*items);
        *items = NULL;
        *n = 0;
    }
    return rc;
}
