/*
 * api-page.c - the one reader of a list's query in the JSON API: from and
 * to (RFC 3339), limit and cursor, the same words for every list (sessions,
 * the comfort ladder, later the audit trail).
 */
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Query parameter name as an RFC 3339 time into *out (unchanged when
 * absent); answers 422 and returns false when it is not one. */
static bool query_time(struct req *r, const char *name, int64_t *out)
{
    const char *v = form_get(&r->query, name);
    if (v == NULL)
        return true;
    if (rfc3339_parse(v, out) == 0) {
        if (*out == 0) /* the store reads 0 as "no bound"; nothing is that old */
            *out = 1;
        return true;
    }
    char msg[160];
    snprintf(msg, sizeof msg, _("%s must be a date and time like 2026-11-24T19:05:00Z."), name);
    resp_api_error(r, 422, msg, name);
    return false;
}

bool api_page_query(struct req *r, int def, int max, struct api_page *p)
{
    memset(p, 0, sizeof *p);
    p->limit = def;
    if (!query_time(r, "from", &p->from) || !query_time(r, "to", &p->to))
        return false;
    const char *v = form_get(&r->query, "limit");
    if (v) {
        char *end;
        long n = strtol(v, &end, 10);
        if (v[0] < '0' || v[0] > '9' || *end != '\0' || n < 1 || n > max) {
            char msg[160];
            snprintf(msg, sizeof msg, _("limit must be a whole number from 1 to %d."), max);
            resp_api_error(r, 422, msg, "limit");
            return false;
        }
        p->limit = (int)n;
    }
    p->cursor = form_get(&r->query, "cursor");
    return true;
}
