/*
 * mydata.c - her data as a whole, and her charts, as use cases: download
 * it in a format, bring a file into her account, and the data behind her
 * progress charts. The web pages, the API and the CLI share them.
 */
#include "app/app.h"

#include "app/data.h"
#include "app/progress.h"

#include <string.h>

int app_export(const struct app_ctx *c, const struct principal *who, int64_t subject,
               const struct data_request *q, int64_t now, struct buf *out,
               struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_EXPORT, ACT_READ, NULL, err);
    return rc == 0 ? data_render(c->store, subject, q, now, out, err) : rc;
}

int app_import(const struct app_ctx *c, const struct principal *who, int64_t subject,
               const char *bytes, size_t len, int64_t now, struct import_counts *out,
               struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_IMPORT, ACT_CREATE, NULL, err);
    return rc == 0 ? data_import(c->store, c->catalog, c->plans, subject, bytes, len, now, out, err)
                   : rc;
}

int app_progress_load(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const struct chart_period *p, struct progress_data *out,
                      struct pace_error *err)
{
    memset(out, 0, sizeof *out); /* freeable whatever the gate says */
    int rc = app_gate(c, who, subject, RES_PROGRESS, ACT_READ, NULL, err);
    return rc == 0 ? progress_load(c->store, c->plans, subject, p, out, err) : rc;
}
