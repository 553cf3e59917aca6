/*
 * ui-month.c - a month of her practice on /sessions: a calendar with a dot
 * for each session on its day and a ring for a check-in that ended in
 * rest, a line of how many days she practised, and links to the month
 * before and after (?month=YYYY-MM). No streaks, no red: a day without
 * practice is simply an empty day.
 */
#include "core/tz.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONTH_MAX_DOTS 3 /* more sessions on a day show as "+" */

static const char *const month_names[12] = {
    N_("January"), N_("February"), N_("March"),     N_("April"),   N_("May"),      N_("June"),
    N_("July"),    N_("August"),   N_("September"), N_("October"), N_("November"), N_("December"),
};
/* Weekdays from Monday, as column heads: the short form and the whole word. */
static const char *const day_short[7] = {N_("Mo"), N_("Tu"), N_("We"), N_("Th"),
                                         N_("Fr"), N_("Sa"), N_("Su")};
static const char *const day_long[7] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
                                        N_("Thursday"), N_("Friday"),  N_("Saturday"),
                                        N_("Sunday")};

struct day {
    int practised; /* sessions that were practice (any outcome but "not today") */
    int rested;    /* check-ins that ended in rest */
};

/* The month asked for (?month=YYYY-MM), or the current one in her zone;
 * never after the current one. */
static void pick_month(struct req *r, const struct tz_zone *tz, int *y, int *m, int *cy, int *cm)
{
    int d;
    tz_date(tz, r->now, cy, cm, &d);
    *y = *cy;
    *m = *cm;
    const char *q = form_get(&r->query, "month");
    int qy, qm;
    char rest;
    if (q && sscanf(q, "%4d-%2d%c", &qy, &qm, &rest) == 2 && qy >= 2000 && qm >= 1 && qm <= 12 &&
        (qy < *cy || (qy == *cy && qm <= *cm))) {
        *y = qy;
        *m = qm;
    }
}

static int64_t month_start(int y, int m, const struct tz_zone *tz)
{
    return tz_midnight(tz, y, m, 1);
}

/* Counts her sessions of the month per day (days[0] is the 1st). */
static int count_days(struct req *r, int y, int m, const struct tz_zone *tz, struct day *days, int ndays)
{
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    char cursor[STORE_CURSOR_MAX] = "";
    do {
        struct practice_query q = {.from = month_start(y, m, tz),
                                   .to = month_start(ny, nm, tz),
                                   .limit = 200,
                                   .without_notes = true,
                                   .cursor = *cursor ? cursor : NULL};
        struct practice *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX] = "";
        int rc = app_session_list(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, next, NULL);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < n; i++) {
            int64_t day = tz_local_day(tz, items[i].started_at) - tz_days_from_civil(y, m, 1);
            if (day < 0 || day >= ndays)
                continue;
            if (items[i].outcome == OUTCOME_NOT_TODAY)
                days[day].rested++;
            else
                days[day].practised++;
        }
        practice_list_free(items, n);
        memcpy(cursor, next, sizeof cursor);
    } while (*cursor);
    return 0;
}

static void month_link(struct req *r, int y, int m, const char *rel, const char *cls)
{
    char label[96];
    snprintf(label, sizeof label, "%s %d", _(month_names[m - 1]), y);
    html_printf(r, "<a class=\"%s\" href=\"/sessions?month=%d-%s%d\" rel=\"%s\">%s</a>", cls, y,
                m < 10 ? "0" : "", m, rel, label);
}

static void cell(struct req *r, int day, const struct day *d, bool today)
{
    html_printf(r,
                "<td%R><span class=\"month-day\">%d</span><span class=\"month-dots\" "
                "aria-hidden=\"true\">",
                today ? " class=\"today\" aria-current=\"date\"" : "", day);
    for (int i = 0; i < d->practised && i < MONTH_MAX_DOTS; i++)
        html_printf(r, "<i class=\"dot\"></i>");
    if (d->practised > MONTH_MAX_DOTS)
        html_printf(r, "<i class=\"more\">+</i>");
    if (d->practised == 0 && d->rested > 0)
        html_printf(r, "<i class=\"ring\"></i>");
    html_printf(r, "</span>");
    char words[128] = "";
    if (d->practised > 0)
        snprintf(words, sizeof words, ngettext_("%d session", "%d sessions", d->practised),
                 d->practised);
    else if (d->rested > 0)
        snprintf(words, sizeof words, "%s", _("checked in, rested"));
    if (*words)
        html_printf(r, "<span class=\"vh\">%s</span>", words);
    html_printf(r, "</td>");
}

void ui_month_card(struct req *r, const struct tz_zone *tz)
{
    int y, m, cy, cm;
    pick_month(r, tz, &y, &m, &cy, &cm);
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
    int ndays = (int)(tz_days_from_civil(ny, nm, 1) - tz_days_from_civil(y, m, 1));
    struct day days[31] = {{0}};
    if (count_days(r, y, m, tz, days, ndays) != 0)
        return; /* the list below still shows her sessions, or why not */
    char title[96];
    snprintf(title, sizeof title, "%s %d", _(month_names[m - 1]), y);
    html_printf(r,
                "<section class=\"card month\" id=\"month\" aria-labelledby=\"month-h\">"
                "<div class=\"month-head\"><h2 id=\"month-h\">%s</h2><p class=\"month-nav\">",
                title);
    month_link(r, py, pm, "prev", "month-prev");
    if (y < cy || (y == cy && m < cm))
        month_link(r, ny, nm, "next", "month-next");
    html_printf(r, "</p></div><table class=\"month-grid\" aria-labelledby=\"month-h\"><thead><tr>");
    for (int i = 0; i < 7; i++)
        html_printf(r, "<th scope=\"col\"><abbr title=\"%s\">%s</abbr></th>", _(day_long[i]),
                    _(day_short[i]));
    html_printf(r, "</tr></thead><tbody><tr>");
    int64_t first = tz_days_from_civil(y, m, 1);
    int lead = (int)(((first + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
    for (int i = 0; i < lead; i++)
        html_printf(r, "<td></td>");
    int64_t today = tz_local_day(tz, r->now);
    int col = lead, practised_days = 0;
    for (int d = 1; d <= ndays; d++, col++) {
        if (col == 7) {
            html_printf(r, "</tr><tr>");
            col = 0;
        }
        cell(r, d, &days[d - 1], first + d - 1 == today);
        practised_days += days[d - 1].practised > 0;
    }
    for (; col < 7; col++)
        html_printf(r, "<td></td>");
    html_printf(r, "</tr></tbody></table>");
    char s[200];
    if (practised_days > 0)
        snprintf(s, sizeof s,
                 ngettext_("You practised on %d day this month.",
                           "You practised on %d days this month.", practised_days),
                 practised_days);
    else
        snprintf(s, sizeof s, "%s", _("Nothing logged in this month."));
    html_printf(r,
                "<p class=\"month-sum\">%s</p><p class=\"month-key meta\"><i class=\"dot\" "
                "aria-hidden=\"true\"></i> %s <i class=\"ring\" aria-hidden=\"true\"></i> %s"
                "</p></section>",
                s, _("a session"), _("checked in, rested"));
}
