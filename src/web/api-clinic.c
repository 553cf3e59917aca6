/*
 * api-clinic.c - the clinician's workspace in the JSON API:
 *   her side:  GET/PUT /api/v1/intake, GET /api/v1/exams, GET /api/v1/changes,
 *              POST /api/v1/changes/{id} {"decision": "accept"|"decline"},
 *              GET /api/v1/feedback
 *   a clinician's: GET /api/v1/caseload, and for one patient (by the grant's
 *              id) GET/POST .../exams, GET/POST .../changes, GET/POST
 *              .../feedback, GET .../intake, GET .../fhir (the exam grades as
 *              Observations and the intake as a QuestionnaireResponse)
 * Everything goes through the application layer and its gate.
 */
#include "app/clinic.h"
#include "core/fhir_clinic.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *exams_json(const struct exam_note *items, size_t n, bool hers)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *e = clinic_exam_to_json(&items[i]);
        if (hers) /* her side speaks plainly: no grading terms, no findings */
            json_object_del(e, "grade_name"), json_object_del(e, "definition"),
                json_object_del(e, "findings"), json_object_del(e, "grade_code");
        json_array_append_new(a, e);
    }
    return a;
}

static json_t *changes_json(const struct plan_change *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, clinic_change_to_json(&items[i]));
    return a;
}

static json_t *feedback_json(const struct clinic_feedback *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        char at[32];
        rfc3339_format(items[i].created_at, at, sizeof at);
        json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:s, s:b}", "id", items[i].public_id,
                                           "text", items[i].text, "author",
                                           items[i].author_email[0] ? items[i].author_email : NULL,
                                           "created_at", at, "seen", items[i].seen_at != 0));
    }
    return a;
}

/* ---- her side ---- */

void api_intake_get(struct req *r)
{
    struct intake in;
    struct pace_error err = {0};
    int rc = app_intake_get(&r->app->ctx, &r->who, r->user.id, &in, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, intake_to_json(&in));
    crypto_wipe(&in, sizeof in);
}

void api_intake_put(struct req *r)
{
    struct intake in;
    struct pace_error err = {0};
    int rc = intake_from_json(r->json, &in, &err);
    if (rc == 0)
        rc = app_intake_save(&r->app->ctx, &r->who, r->user.id, &in, r->now, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, intake_to_json(&in));
    crypto_wipe(&in, sizeof in);
}

void api_my_exams(struct req *r)
{
    struct exam_note *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_exam_list(&r->app->ctx, &r->who, r->user.id, &items, &n, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, json_pack("{s:o}", "items", exams_json(items, n, true)));
    app_exams_free(items, n);
}

void api_my_changes(struct req *r)
{
    struct plan_change *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_change_list(&r->app->ctx, &r->who, r->user.id, -1, &items, &n, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, json_pack("{s:o}", "items", changes_json(items, n)));
    free(items);
}

void api_my_change_decide(struct req *r)
{
    const json_t *d = json_object_get(r->json, "decision");
    const char *s = json_is_string(d) ? json_string_value(d) : "";
    if (json_object_size(r->json) != 1 || (strcmp(s, "accept") && strcmp(s, "decline"))) {
        resp_api_error(r, 422, _("Please answer with \"accept\" or \"decline\"."), "decision");
        return;
    }
    struct pace_error err = {0};
    int rc = app_change_decide(&r->app->ctx, &r->who, r->user.id, r->params[0],
                               strcmp(s, "accept") == 0, r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    struct plan_change ch;
    if (app_change_get(&r->app->ctx, &r->who, r->user.id, r->params[0], &ch, &err) != 0) {
        resp_api_fail(r, PACE_EIO, &err);
        return;
    }
    resp_json(r, 200, clinic_change_to_json(&ch));
}

void api_my_feedback(struct req *r)
{
    struct clinic_feedback *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_feedback_list(&r->app->ctx, &r->who, r->user.id, false, &items, &n, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, json_pack("{s:o}", "items", feedback_json(items, n)));
    clinic_feedback_list_free(items, n);
}

/* ---- a clinician's ---- */

void api_caseload(struct req *r)
{
    struct caseload_row *rows = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_caseload(&r->app->ctx, &r->who, r->now, req_zone(r), &rows, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct caseload_row *w = &rows[i];
        json_t *flags = json_array();
        for (int k = 0; k < FLAG_COUNT; k++)
            if (w->flags & (1u << k))
                json_array_append_new(flags, json_string(caseload_flag_names[k]));
        json_t *o = json_pack("{s:s, s:s, s:o, s:i}", "patient", w->grant_id, "name", w->name,
                              "flags", flags, "urgency", w->urgency);
        if (w->summary)
            json_object_set_new(o, "week",
                                json_pack("{s:i, s:i, s:s}", "practised", w->practised_this_week,
                                          "planned", w->planned_this_week, "suggestion",
                                          engine_action_name(w->action)));
        if (w->sessions) {
            char at[32] = "";
            if (w->st.last_practice)
                rfc3339_format(w->st.last_practice, at, sizeof at);
            json_object_set_new(
                o, "sessions",
                json_pack("{s:s?, s:f, s:f, s:i, s:i}", "last_practice", at[0] ? at : NULL,
                          "size_mm", w->st.size_now_mm, "size_4_weeks_ago_mm", w->st.size_then_mm,
                          "fear_trend",
                          caseload_trend(w->st.fear_then, w->st.fear_now, CASELOAD_TREND_POINTS),
                          "pain_trend",
                          caseload_trend(w->st.pain_then, w->st.pain_now, CASELOAD_TREND_POINTS)));
        }
        json_array_append_new(a, o);
    }
    free(rows);
    resp_json(r, 200, json_pack("{s:o}", "items", a));
}

/* The patient behind the grant in the path, for a clinician; false after
 * answering 404 (the same as for a grant that never existed). */
static bool patient(struct req *r, struct grant *g)
{
    struct pace_error err = {0};
    if (app_shared_subject(&r->app->ctx, &r->who, r->params[0], r->now, g, &err) == 0 &&
        g->relation == GRANT_CLINICIAN)
        return true;
    crypto_wipe(g, sizeof *g);
    resp_api_error(r, 404, _("There is nothing here."), NULL);
    return false;
}

void api_patient_exams(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    struct exam_note *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_exam_list(&r->app->ctx, &r->who, g.subject_id, &items, &n, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, json_pack("{s:o}", "items", exams_json(items, n, false)));
    app_exams_free(items, n);
}

void api_patient_exam_create(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    struct exam_note n;
    clinic_exam_init(&n);
    struct pace_error err = {0};
    int rc = clinic_exam_from_json(r->json, r->now, &n, &err);
    if (rc == 0)
        rc = app_exam_add(&r->app->ctx, &r->who, g.subject_id, &n, r->now, 14 * 60, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 201, clinic_exam_to_json(&n));
    clinic_exam_clear(&n);
}

void api_patient_changes(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    struct plan_change *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_change_list(&r->app->ctx, &r->who, g.subject_id, -1, &items, &n, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, json_pack("{s:o}", "items", changes_json(items, n)));
    free(items);
}

void api_patient_change_create(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    json_t *body = json_deep_copy(r->json);
    const json_t *k = json_object_get(body, "kind");
    struct plan_change ch;
    struct pace_error err = {0};
    int rc = 0;
    enum change_kind kind = CHANGE_PROPOSAL;
    if (k) {
        int v = json_is_string(k) ? clinic_change_kind_parse(json_string_value(k)) : -1;
        if (v < 0)
            rc = pace_fail(&err, PACE_EINVAL, "kind", "%s",
                           _("Please say \"proposal\" or \"edit\"."));
        kind = v < 0 ? CHANGE_PROPOSAL : (enum change_kind)v;
        json_object_del(body, "kind");
    }
    if (rc == 0)
        rc = clinic_change_from_json(body, &ch, &err);
    json_decref(body);
    if (rc == 0) {
        ch.kind = kind;
        rc = app_change_add(&r->app->ctx, &r->who, g.subject_id, &ch, r->now, &err);
    }
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 201, clinic_change_to_json(&ch));
}

void api_patient_feedback(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    struct clinic_feedback *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_feedback_list(&r->app->ctx, &r->who, g.subject_id, false, &items, &n, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, json_pack("{s:o}", "items", feedback_json(items, n)));
    clinic_feedback_list_free(items, n);
}

void api_patient_feedback_create(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    const json_t *t = json_object_get(r->json, "text");
    if (json_object_size(r->json) != 1 || !json_is_string(t)) {
        resp_api_error(r, 422, _("Please write a few words."), "text");
        return;
    }
    struct clinic_feedback f;
    memset(&f, 0, sizeof f);
    f.text = xstrdup(json_string_value(t));
    struct pace_error err = {0};
    int rc = app_feedback_add(&r->app->ctx, &r->who, g.subject_id, &f, r->now, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else {
        json_t *a = feedback_json(&f, 1), *one = json_incref(json_array_get(a, 0));
        json_decref(a);
        resp_json(r, 201, one);
    }
    free(f.text);
}

void api_patient_intake(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    struct intake in;
    struct pace_error err = {0};
    int rc = app_intake_get(&r->app->ctx, &r->who, g.subject_id, &in, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, intake_to_json(&in));
    crypto_wipe(&in, sizeof in);
}

void api_patient_fhir(struct req *r)
{
    struct grant g;
    if (!patient(r, &g))
        return;
    struct exam_note *items = NULL;
    size_t n = 0;
    struct intake in;
    struct pace_error err = {0};
    int rc = app_exam_list(&r->app->ctx, &r->who, g.subject_id, &items, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    bool have_intake = (g.scopes & SCOPE_INTAKE) &&
                       app_intake_get(&r->app->ctx, &r->who, g.subject_id, &in, NULL) == 0;
    char subject[64];
    snprintf(subject, sizeof subject, "Patient/%s", g.public_id);
    json_t *b = fhir_clinic_bundle(subject, items, n, have_intake ? &in : NULL, r->now);
    app_exams_free(items, n);
    if (have_intake)
        crypto_wipe(&in, sizeof in);
    resp_json(r, 200, b);
}
