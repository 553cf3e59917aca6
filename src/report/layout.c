/*
 * layout.c - clipping and grouping for the report; see layout.h.
 */
#include "report/layout.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t utf8_next(const char *s, size_t i, size_t end)
{
    i++;
    while (i < end && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

bool layout_clip(const char *s, size_t max_chars, char *out, size_t n)
{
    size_t o = 0, chars = 0;
    bool space = false, cut = false;
    out[0] = '\0';
    if (s == NULL)
        return false;
    while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
        s++;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = true;
            i++;
            continue;
        }
        size_t next = utf8_next(s, i, len);
        size_t need = (space ? 1 : 0) + (next - i);
        if (chars + (space ? 1 : 0) + 1 > max_chars || o + need + 3 + 1 > n) {
            cut = true;
            break;
        }
        if (space) {
            out[o++] = ' ';
            chars++;
            space = false;
        }
        memcpy(out + o, s + i, next - i);
        o += next - i;
        chars++;
        i = next;
    }
    if (cut) {
        /* Room for the ellipsis: it replaces the last character kept when
         * the text would otherwise run one over. */
        if (chars >= max_chars && o > 0) {
            do
                o--;
            while (o > 0 && ((unsigned char)out[o] & 0xC0) == 0x80);
        }
        while (o > 0 && out[o - 1] == ' ')
            o--;
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    out[o] = '\0';
    return cut;
}

int64_t layout_day_start(int64_t t, const struct tz_zone *z)
{
    return tz_day_start(z, t);
}

int64_t layout_period_start(int64_t t, const struct tz_zone *z, enum layout_group g)
{
    if (g == GROUP_SESSION)
        return t;
    int y, m, d;
    tz_date(z, t, &y, &m, &d);
    if (g == GROUP_MONTH)
        return tz_midnight(z, y, m, 1);
    int64_t day = tz_days_from_civil(y, m, d);
    if (g == GROUP_WEEK)
        day -= ((day + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
    tz_civil_from_days(day, &y, &m, &d);
    return tz_midnight(z, y, m, d);
}

static int by_start(const void *a, const void *b)
{
    const struct practice *x = *(const struct practice *const *)a;
    const struct practice *y = *(const struct practice *const *)b;
    if (x->started_at != y->started_at)
        return x->started_at < y->started_at ? -1 : 1;
    return strcmp(x->id, y->id);
}

struct acc {
    double sb[3], sa[3];
    int nb, na;
    int seconds;
};

static void row_finish(struct layout_row *row, const struct acc *a)
{
    for (int k = 0; k < 3; k++) {
        row->before[k] = a->nb ? a->sb[k] / a->nb : -1;
        row->after[k] = a->na ? a->sa[k] / a->na : -1;
    }
    row->minutes = (a->seconds + 30) / 60;
}

size_t layout_rows(const struct practice *sessions, size_t n, const struct tz_zone *z,
                   enum layout_group g, struct layout_row **rows)
{
    *rows = NULL;
    if (n == 0)
        return 0;
    const struct practice **order = xcalloc(n, sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = &sessions[i];
    qsort(order, n, sizeof *order, by_start);
    struct layout_row *out = xcalloc(n, sizeof *out);
    size_t nrows = 0;
    struct acc a = {0};
    int64_t key = 0;
    for (size_t i = 0; i < n; i++) {
        const struct practice *p = order[i];
        int64_t k = layout_period_start(p->started_at, z, g);
        if (nrows == 0 || g == GROUP_SESSION || k != key) {
            if (nrows > 0)
                row_finish(&out[nrows - 1], &a);
            a = (struct acc){0};
            key = k;
            out[nrows] = (struct layout_row){.start = k, .max_pain = -1};
            if (g == GROUP_SESSION)
                out[nrows].p = p;
            nrows++;
        }
        struct layout_row *row = &out[nrows - 1];
        row->count++;
        a.seconds += p->duration_s;
        if (p->diameter_mm > 0) {
            if (row->min_mm == 0 || p->diameter_mm < row->min_mm)
                row->min_mm = p->diameter_mm;
            if (p->diameter_mm > row->max_mm)
                row->max_mm = p->diameter_mm;
        }
        if (p->before.set) {
            a.sb[0] += p->before.fear;
            a.sb[1] += p->before.tension;
            a.sb[2] += p->before.pain;
            a.nb++;
        }
        if (p->after.set) {
            a.sa[0] += p->after.fear;
            a.sa[1] += p->after.tension;
            a.sa[2] += p->after.pain;
            a.na++;
        }
        if (p->max_pain > row->max_pain)
            row->max_pain = p->max_pain;
        row->spasms += (int)p->nspasms;
        if (p->outcome == OUTCOME_COMPLETED)
            row->completed++;
        else if (p->outcome == OUTCOME_STOPPED)
            row->stopped++;
        else
            row->not_today++;
    }
    row_finish(&out[nrows - 1], &a);
    free(order);
    *rows = out;
    return nrows;
}

enum layout_group layout_pick_group(const struct practice *sessions, size_t n,
                                    const struct tz_zone *z, size_t max_rows)
{
    for (int g = GROUP_SESSION; g < GROUP_MONTH; g++) {
        struct layout_row *rows;
        size_t nrows = layout_rows(sessions, n, z, (enum layout_group)g, &rows);
        free(rows);
        if (nrows <= max_rows)
            return (enum layout_group)g;
    }
    return GROUP_MONTH;
}

bool layout_fits(double y, double h, double bottom)
{
    return y + h <= bottom + 1e-9;
}

void layout_page_label(int page, int total, char *out, size_t n)
{
    snprintf(out, n, _("Page %d of %d"), page, total);
}
