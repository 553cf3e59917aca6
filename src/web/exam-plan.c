/*
 * exam-plan.c - gathers her plan for a gynaecological visit from her kit,
 * her sessions and her comfort ladder, and words it. See exam-plan.h.
 */
#include "web/exam-plan.h"

#include "core/engine.h"
#include "web/auth.h"
#include "web/views/ui-kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enough of her history to find a recent comfortable session. */
#define PLAN_SESSIONS 200

void exam_plan_answer_words(const struct ladder_answer *a, char *out, size_t n)
{
    char anx[96], pain[96];
    if (a->anxiety >= 0)
        snprintf(anx, sizeof anx, _("anxiety %d of 10"), a->anxiety);
    else
        snprintf(anx, sizeof anx, "%s", _("anxiety not given"));
    if (a->not_tried)
        snprintf(pain, sizeof pain, "%s", _("pain: not tried yet"));
    else if (a->pain >= 0)
        snprintf(pain, sizeof pain, _("pain %d of 10"), a->pain);
    else
        snprintf(pain, sizeof pain, "%s", _("pain not given"));
    snprintf(out, n, "%s, %s", anx, pain);
}

static void word_bring(struct exam_plan *p)
{
    const struct exam_bring *b = &p->bring;
    char size[32], name[128];
    if (b->source == EXAM_BRING_NONE) {
        p->bring_what[0] = '\0';
        snprintf(p->bring_why, sizeof p->bring_why, "%s",
                 _("When you add your dilators to your kit, Pace can suggest one to bring."));
        return;
    }
    ui_mm(size, sizeof size, b->diameter_mm);
    if (b->entry) {
        ui_kit_name(b->entry, name, sizeof name);
        snprintf(p->bring_what, sizeof p->bring_what, "%s (%s)", name, size);
    } else {
        snprintf(p->bring_what, sizeof p->bring_what, _("Your %s dilator"), size);
    }
    if (b->source == EXAM_BRING_SESSION) {
        char date[64];
        i18n_format_date(date, sizeof date, b->session->started_at,
                         tz_offset_min(p->zone, b->session->started_at));
        snprintf(p->bring_why, sizeof p->bring_why,
                 _("This is the size of your most recent completed session with low pain "
                   "(pain %d of 10, on %s). It is a size your body already knows."),
                 b->pain, date);
    } else {
        snprintf(p->bring_why, sizeof p->bring_why, _("This is the smallest dilator in your kit. "
                                                      "Pace suggests it because there is no "
                                                      "completed session with pain of %d or "
                                                      "less yet."),
                 p->pain_max);
    }
}

static void word_ladder(struct exam_plan *p)
{
    const struct ladder_answer *a = &p->ladder.a[LADDER_GYN_EXAM];
    if (!p->has_ladder) {
        snprintf(p->ladder_text, sizeof p->ladder_text, "%s",
                 _("You have not filled in the comfort ladder yet."));
        return;
    }
    char date[64], words[200];
    i18n_format_date(date, sizeof date, p->ladder.taken_at,
                     tz_offset_min(p->zone, p->ladder.taken_at));
    if (!ladder_answer_given(a)) {
        snprintf(p->ladder_text, sizeof p->ladder_text,
                 _("In your latest comfort ladder (%s) you left the exam line open."), date);
        return;
    }
    exam_plan_answer_words(a, words, sizeof words);
    snprintf(p->ladder_text, sizeof p->ladder_text, _("On %s: %s."), date, words);
}

static void word_speculum(struct exam_plan *p)
{
    char spec[32], size[32];
    ui_mm(spec, sizeof spec, EXAM_SPECULUM_SMALL_MM);
    int len = snprintf(p->speculum_text, sizeof p->speculum_text,
                       _("A small speculum (for example a small Pederson) has blades about 2 cm "
                         "(%s) wide."),
                       spec);
    if (p->bring.source != EXAM_BRING_NONE && len > 0 && (size_t)len < sizeof p->speculum_text) {
        ui_mm(size, sizeof size, p->bring.diameter_mm);
        snprintf(p->speculum_text + len, sizeof p->speculum_text - (size_t)len,
                 _(" The dilator you could bring is %s across."), size);
    }
}

int exam_plan_load(struct req *r, struct exam_plan *p, struct pace_error *err)
{
    memset(p, 0, sizeof *p);
    p->zone = req_zone(r);
    p->pain_max = engine_params[P_COMFORT_PAIN_MAX].def;
    int rc = ui_kit_load(r, &p->kit, err);
    struct practice_query q = {.limit = PLAN_SESSIONS, .without_notes = true};
    char next[STORE_CURSOR_MAX];
    if (rc == 0)
        rc = app_session_list(&r->app->ctx, &r->who, r->user.id, &q, &p->sessions,
                              &p->nsessions, next, err);
    struct ladder_entry *last = NULL;
    size_t nlast = 0;
    if (rc == 0)
        rc = app_ladder_latest(&r->app->ctx, &r->who, r->user.id, 1, &last, &nlast, err);
    if (rc == 0)
        rc = app_exam_words_get(&r->app->ctx, &r->who, r->user.id, &p->words, err);
    if (rc != 0) {
        free(last);
        return rc;
    }
    if (nlast == 1) {
        p->has_ladder = true;
        p->ladder = last[0];
    }
    free(last);
    exam_pick_bring(p->sessions, p->nsessions, p->kit.items, p->kit.n, p->pain_max, &p->bring);
    word_bring(p);
    word_ladder(p);
    word_speculum(p);
    return 0;
}

void exam_plan_free(struct exam_plan *p)
{
    ui_kit_free(&p->kit);
    practice_list_free(p->sessions, p->nsessions);
    p->sessions = NULL;
    p->nsessions = 0;
}

static json_t *score_or_null(int v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

json_t *exam_plan_json(const struct exam_plan *p)
{
    /* What she asks for: the standard requests she kept, then her own. */
    json_t *reqs = json_array();
    for (int i = 0; i < EXAM_REQUEST_COUNT; i++)
        if (!(p->words.removed & (1u << i)))
            json_array_append_new(reqs, json_pack("{s:s, s:s}", "key",
                                                  exam_request_key((enum exam_request)i), "text",
                                                  _(exam_request_text((enum exam_request)i))));
    for (size_t i = 0; i < p->words.nown; i++)
        json_array_append_new(reqs, json_pack("{s:s, s:s}", "key", "own", "text", p->words.own[i]));
    const struct exam_bring *b = &p->bring;
    json_t *bring = json_pack("{s:s, s:s, s:s?}", "source", exam_bring_source_name(b->source),
                              "why", p->bring_why, "text",
                              p->bring_what[0] ? p->bring_what : NULL);
    if (b->source != EXAM_BRING_NONE) {
        json_object_set_new(bring, "dilator_id", json_string(b->dilator_id));
        json_object_set_new(bring, "diameter_mm", json_real(b->diameter_mm));
        if (b->entry) {
            char name[128];
            ui_kit_name(b->entry, name, sizeof name);
            json_object_set_new(bring, "label", json_string(name));
        }
    }
    if (b->source == EXAM_BRING_SESSION) {
        char at[32];
        rfc3339_format(b->session->started_at, at, sizeof at);
        json_object_set_new(bring, "session",
                            json_pack("{s:s, s:s, s:i}", "id", b->session->id, "started_at", at,
                                      "pain", b->pain));
    }
    json_t *ladder = json_pack("{s:s}", "text", p->ladder_text);
    if (p->has_ladder) {
        const struct ladder_answer *a = &p->ladder.a[LADDER_GYN_EXAM];
        char at[32];
        rfc3339_format(p->ladder.taken_at, at, sizeof at);
        json_object_set_new(ladder, "taken_at", json_string(at));
        json_object_set_new(ladder, "anxiety", score_or_null(a->anxiety));
        json_object_set_new(ladder, "pain", score_or_null(a->pain));
        json_object_set_new(ladder, "not_tried", json_boolean(a->not_tried));
    } else {
        json_object_set_new(ladder, "taken_at", json_null());
    }
    json_t *spec = json_pack("{s:i, s:s, s:s}", "blade_width_mm", EXAM_SPECULUM_SMALL_MM,
                             "source", "consumer sources, approximate (docs/clinical-sources.md)",
                             "text", p->speculum_text);
    return json_pack("{s:o, s:s?, s:o, s:o, s:o, s:i}", "requests", reqs, "stop_word",
                     p->words.stop_word[0] ? p->words.stop_word : NULL, "bring", bring, "ladder",
                     ladder, "speculum", spec, "low_pain_max", p->pain_max);
}
