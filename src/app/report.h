/*
 * report.h - the report for a clinician as a use case: gathering what it
 * shows (core/report_data.h) for the web page and the CLI alike, which then
 * hand it to src/report to draw. Gated as a read of her report (RES_REPORT);
 * notes also need RES_NOTES, and only the notes she chose leave the store's
 * hands.
 */
#ifndef PACE_APP_REPORT_H
#define PACE_APP_REPORT_H

#include "app/app.h"
#include "core/report_data.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Checks opt (the period with report_period_check, the name) and fills
 * out with subject's program, kit, goals, comfort ladder, sessions of the
 * period (newest first, at most REPORT_MAX_SESSIONS), the charts of the
 * period and the notes opt asks for (any other note is wiped). Release
 * out with report_data_free, also after a failure. PACE_ENOTFOUND or
 * PACE_EDENIED from the gate, PACE_EINVAL with the field for opt. */
int app_report_data(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct report_options *opt, struct report_data *out,
                    struct pace_error *err);

/* Her sessions with a note in [from, to), newest first, for her to choose
 * which to print: at most max (the newest), *more when there are others.
 * Release them with practice_list_free. Gated as app_report_data with
 * notes. */
int app_report_notes(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     int64_t from, int64_t to, size_t max, struct practice **items, size_t *n,
                     bool *more, struct pace_error *err);

#endif
