/*
 * ui-ladder.c - the /ladder page: the comfort ladder as one plain form
 * (per item, anxiety 0-10 and pain 0-10 or "not tried", as rows of big
 * radio buttons that work without JavaScript and with one thumb), whether
 * a new entry is due, and her earlier entries as a small table.
 */
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Entries shown in the history table (all are kept). */
#define HISTORY_MAX 6

struct ladder_state {
    const struct ladder_entry *echo; /* what she sent, after a failed save */
    const char *error;
    const char *field; /* "items.finger.pain" or "items" */
    const char *notice;
};

/* "pain_finger" for "items.finger.pain" (the form's field name). */
static void form_name(const char *field, char *out, size_t n)
{
    char item[32], key[16];
    if (field && sscanf(field, "items.%31[a-z_].%15[a-z_]", item, key) == 2)
        snprintf(out, n, "%s_%s", strcmp(key, "pain") == 0 ? "pain" : "anxiety", item);
    else
        snprintf(out, n, "items");
}

/* Eleven big choices, and for pain a twelfth: "not tried yet". */
static void scale(struct req *r, const char *name, const char *legend, int value, bool not_tried,
                  bool with_not_tried, const char *low, const char *high, const char *err)
{
    bool bad = err && *err;
    html_printf(r, "<fieldset class=\"scale%R\" id=\"f-%s\"", bad ? " bad" : "", name);
    if (bad)
        html_printf(r, " aria-describedby=\"e-%s\"", name);
    html_printf(r, "><legend>%s</legend>", legend);
    ui_score_buttons(r, name, value, low, high);
    if (with_not_tried)
        html_printf(r,
                    "<span class=\"opt ladder-nt\"><input type=\"radio\" id=\"f-%s-nt\" "
                    "name=\"%s\" value=\"not_tried\"%R><label for=\"f-%s-nt\">%s</label></span>",
                    name, name, not_tried ? " checked" : "", name, _("Not tried yet"));
    ui_field_error(r, name, err);
    html_printf(r, "</fieldset>");
}

static void item_card(struct req *r, const struct ladder_state *st, int i)
{
    const char *key = ladder_item_name((enum ladder_item)i);
    const struct ladder_answer *a = st->echo ? &st->echo->a[i] : NULL;
    char an[48], pn[48], bad[48] = "";
    snprintf(an, sizeof an, "anxiety_%s", key);
    snprintf(pn, sizeof pn, "pain_%s", key);
    if (st->field)
        form_name(st->field, bad, sizeof bad);
    html_printf(r, "<section class=\"card ladder-item\" aria-labelledby=\"li-%s\">"
                   "<h2 id=\"li-%s\">%s</h2>",
                key, key, _(ladder_item_label((enum ladder_item)i)));
    scale(r, an, _("How anxious does it make you?"), a ? a->anxiety : -1, false, false,
          _("not at all"), _("extremely"),
          strcmp(bad, an) == 0 ? st->error : NULL);
    scale(r, pn, _("How painful is it?"), a ? a->pain : -1, a && a->not_tried, true, _("none"),
          _("worst imaginable"), strcmp(bad, pn) == 0 ? st->error : NULL);
    html_printf(r, "</section>");
}

static void due_note(struct req *r, int64_t last)
{
    char date[64], s[320];
    if (last == 0) {
        html_printf(r, "<p class=\"lead\">%s</p>",
                    _("Your first answers become the bottom rung of your ladder. Pace offers it "
                      "again about once a month (every 30 days, a Pace default), so you can see "
                      "what changes."));
        return;
    }
    if (ladder_due(last, r->now)) {
        i18n_format_date(date, sizeof date, last, req_tz_at(r, last));
        snprintf(s, sizeof s,
                 _("The last time was %s. When you're ready, you can fill it in again."), date);
    } else {
        i18n_format_date(date, sizeof date, ladder_next_due(last),
                         req_tz_at(r, ladder_next_due(last)));
        snprintf(s, sizeof s,
                 _("Pace offers it again from %s. You can fill it in any time before that "
                   "too."),
                 date);
    }
    html_printf(r, "<p class=\"lead\">%s</p>", s);
}

static void cell(struct req *r, const struct ladder_answer *a)
{
    char anx[16] = "–", pain[16] = "–", words[200];
    if (!ladder_answer_given(a)) {
        html_printf(r, "<td><span aria-hidden=\"true\">–</span><span class=\"vh\">%s</span></td>",
                    _("skipped"));
        return;
    }
    if (a->anxiety >= 0)
        snprintf(anx, sizeof anx, "%d", a->anxiety);
    if (a->pain >= 0)
        snprintf(pain, sizeof pain, "%d", a->pain);
    snprintf(words, sizeof words, "%s %s, %s %s", _("anxiety"), anx, _("pain"),
             a->not_tried ? _("not tried yet") : pain);
    html_printf(r, "<td><span aria-hidden=\"true\">%s / %s</span><span class=\"vh\">%s</span></td>",
                anx, a->not_tried ? _("not tried") : pain, words);
}

static void history(struct req *r, const struct ladder_entry *items, size_t n)
{
    if (n == 0)
        return;
    html_printf(r, "<section class=\"card ladder-history\" aria-labelledby=\"lh-h\">"
                   "<h2 id=\"lh-h\">%s</h2>",
                _("Your ladder over time"));
    /* One row per item and one column per time, newest first, so each
     * line reads across as it changes. */
    html_printf(r, "<p class=\"hint\" id=\"lh-key\">%s</p>",
                _("Each cell shows anxiety / pain, from 0 to 10, newest first. A dash means "
                  "you skipped it."));
    html_printf(r, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
                   "aria-labelledby=\"lh-h\"><table class=\"ladder-table\" "
                   "aria-describedby=\"lh-key\"><thead><tr><td></td>");
    for (size_t k = 0; k < n; k++) {
        char date[64];
        i18n_format_date(date, sizeof date, items[k].taken_at, req_tz_at(r, items[k].taken_at));
        html_printf(r, "<th scope=\"col\">%s</th>", date);
    }
    html_printf(r, "</tr></thead><tbody>");
    for (int i = 0; i < LADDER_COUNT; i++) {
        html_printf(r, "<tr><th scope=\"row\">%s</th>", _(ladder_item_label((enum ladder_item)i)));
        for (size_t k = 0; k < n; k++)
            cell(r, &items[k].a[i]);
        html_printf(r, "</tr>");
    }
    html_printf(r, "</tbody></table></div>");
    if (n == HISTORY_MAX)
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("These are your most recent answers. Every earlier one is kept too."));
    html_printf(r, "</section>");
}

static void render(struct req *r, const struct ladder_state *st)
{
    struct ladder_entry *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_ladder_latest(&r->app->ctx, &r->who, r->user.id, HISTORY_MAX, &items, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Comfort ladder"));
    html_printf(r, "<h1>%s</h1>", _("Comfort ladder"));
    html_notice(r, st->notice);
    if (st->error) {
        char name[48];
        form_name(st->field, name, sizeof name);
        html_alert_field(r, st->error, name);
    }
    due_note(r, n > 0 ? items[0].taken_at : 0);
    history(r, items, n);
    html_printf(r, "<p>%s</p>",
                _("For each line, choose how anxious it makes you and how painful it is. "
                  "There are no right answers, and you can skip any line."));
    html_printf(r, "<form method=\"post\" action=\"/ladder\" class=\"ladder-form\" id=\"f-items\" "
                   "novalidate>");
    html_csrf(r);
    for (int i = 0; i < LADDER_COUNT; i++)
        item_card(r, st, i);
    html_printf(r,
                "<p class=\"ladder-clear\"><button type=\"reset\" class=\"button secondary "
                "small\">%s</button></p><div class=\"ladder-save\"><button type=\"submit\" "
                "class=\"button wide\">%s</button></div></form>",
                _("Clear my choices"), _("Save my answers"));
    html_printf(r, "<p class=\"more-links\"><a href=\"/exam-prep\">%s</a></p>",
                _("Plan for a gynaecological visit"));
    page_end(r);
    free(items);
}

void view_ladder(struct req *r)
{
    struct ladder_state st = {0};
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "saved") == 0)
        st.notice = _("Your answers are saved. Thank you for taking the time.");
    render(r, &st);
}

void view_ladder_post(struct req *r)
{
    const char *anxiety[LADDER_COUNT], *pain[LADDER_COUNT];
    for (int i = 0; i < LADDER_COUNT; i++) {
        char an[48], pn[48];
        snprintf(an, sizeof an, "anxiety_%s", ladder_item_name((enum ladder_item)i));
        snprintf(pn, sizeof pn, "pain_%s", ladder_item_name((enum ladder_item)i));
        anxiety[i] = form_get(&r->form, an);
        pain[i] = form_get(&r->form, pn);
    }
    struct ladder_entry e;
    struct pace_error err = {0};
    int rc = ladder_from_text(anxiety, pain, &e, &err);
    if (rc == 0)
        rc = app_ladder_add(&r->app->ctx, &r->who, r->user.id, &e, r->now, &err);
    if (rc != 0) {
        r->status = rc == PACE_EINVAL ? 422 : status_for(rc);
        /* Show back what she chose; a malformed value simply is not shown. */
        struct ladder_entry echo;
        ladder_entry_init(&echo);
        for (int i = 0; i < LADDER_COUNT; i++) {
            echo.a[i].anxiety = ui_score_parse(anxiety[i]);
            echo.a[i].not_tried = pain[i] && strcmp(pain[i], "not_tried") == 0;
            echo.a[i].pain = ui_score_parse(pain[i]);
        }
        struct ladder_state st = {.echo = &echo, .error = err.msg,
                                  .field = err.field[0] ? err.field : "items"};
        render(r, &st);
        return;
    }
    resp_redirect(r, "/ladder?done=saved");
}
