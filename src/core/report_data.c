/*
 * report_data.c - the report's data (report_data.h): checks of the period
 * and the name, keeping only the notes she chose, releasing it all.
 */
#include "core/report_data.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

int report_date_parse(const char *s, const struct tz_zone *z, int64_t *out)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > tz_month_days(y, m))
        return -1;
    *out = tz_midnight(z, y, m, d);
    return 0;
}

int report_period_check(int64_t from, int64_t last_day, int64_t now, const struct tz_zone *z,
                        struct pace_error *err)
{
    if (from > last_day)
        return pace_fail(err, PACE_EINVAL, "to", "%s",
                         _("The end date is before the start date. Please choose an end on or "
                           "after the start."));
    if ((last_day - from + DAY / 2) / DAY + 1 > REPORT_MAX_DAYS) /* days of 23 or 25 hours */
        return pace_fail(err, PACE_EINVAL, "from", "%s",
                         _("The period is longer than three years. Please choose a shorter "
                           "one."));
    if (from > tz_day_start(z, now))
        return pace_fail(err, PACE_EINVAL, "from", "%s",
                         _("The start date is in the future. Please choose today or an earlier "
                           "day."));
    return 0;
}

int report_name_check(const char *name, struct pace_error *err)
{
    if (name == NULL || name[0] == '\0')
        return 0;
    size_t len = strlen(name);
    if (!str_valid_text(name, len) || strchr(name, '\n') || strchr(name, '\r') ||
        strchr(name, '\t'))
        return pace_fail(err, PACE_EINVAL, "name", "%s",
                         _("The name can only hold ordinary text on one line."));
    if (str_utf8_len(name) > REPORT_NAME_MAX)
        return pace_fail(err, PACE_EINVAL, "name", _("The name can be at most %d characters."),
                         REPORT_NAME_MAX);
    return 0;
}

static bool note_chosen(const struct report_options *o, const char *id)
{
    if (o->notes == REPORT_NOTES_ALL)
        return true;
    if (o->notes != REPORT_NOTES_CHOSEN)
        return false;
    for (size_t i = 0; i < o->nnote_ids; i++)
        if (o->note_ids[i] && strcmp(o->note_ids[i], id) == 0)
            return true;
    return false;
}

static void drop_note(struct practice *p)
{
    if (p->note) {
        explicit_bzero(p->note, strlen(p->note));
        free(p->note);
        p->note = NULL;
    }
}

void report_keep_notes(struct report_data *d, const struct report_options *opt)
{
    free(d->notes);
    d->nnotes = 0;
    d->notes = xcalloc(d->nsessions + 1, sizeof *d->notes);
    /* sessions are newest first; notes read oldest first */
    for (size_t i = d->nsessions; i-- > 0;) {
        struct practice *p = &d->sessions[i];
        if (p->note && p->note[0] && note_chosen(opt, p->id))
            d->notes[d->nnotes++].p = p;
        else
            drop_note(p);
    }
}

void report_data_free(struct report_data *d)
{
    free(d->kit.customs);
    free(d->kit.entries);
    for (size_t i = 0; i < d->nsessions; i++) {
        drop_note(&d->sessions[i]);
        practice_clear(&d->sessions[i]);
    }
    free(d->sessions);
    free(d->goals);
    free(d->notes);
    for (size_t i = 0; i < d->ncharts; i++)
        chart_free(&d->charts[i]);
    free(d->charts);
    memset(d, 0, sizeof *d);
}

void report_filename(int64_t now, const struct tz_zone *z, char *out, size_t n)
{
    int y, m, d;
    tz_date(z, now, &y, &m, &d);
    snprintf(out, n, "pace-report-%04d-%02d-%02d.pdf", y, m, d);
}
