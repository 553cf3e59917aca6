/*
 * clinic.c - the clinician's workspace as use cases (app/clinic.h). The gate
 * decides every access from the access table; a clinician reads back only
 * their own exam notes, changes and feedback; her answers are hers alone.
 */
#include "app/clinic.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)

/* The store's "not found" in the words every other absence uses. */
static int not_found_calmly(int rc, struct pace_error *err)
{
    return rc == PACE_ENOTFOUND ? pace_fail(err, rc, NULL, "%s", _("There is nothing here.")) : rc;
}

/* ---- her intake ---- */

int app_intake_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct intake *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_gate(c, who, subject, RES_INTAKE, ACT_READ, NULL, err);
    if (rc == 0)
        rc = not_found_calmly(store_intake_get(c->store, subject, out, NULL, err), err);
    return rc;
}

int app_intake_save(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct intake *in, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_INTAKE, ACT_UPDATE, NULL, err);
    if (rc == 0)
        rc = intake_check(in, err);
    return rc == 0 ? store_intake_put(c->store, subject, in, now, err) : rc;
}

bool app_intake_suggest_once(const struct app_ctx *c, const struct principal *who, int64_t subject,
                             int64_t now)
{
    if (app_relation_of(c, who, subject) != REL_SELF)
        return false;
    struct intake in;
    int64_t shown = 0;
    bool show = store_intake_get(c->store, subject, &in, &shown, NULL) == 0 &&
                intake_suggest_check(&in) && shown == 0 &&
                store_intake_suggested(c->store, subject, now, NULL) == 0;
    crypto_wipe(&in, sizeof in);
    return show;
}

/* A clinician reads back their own entries; she reads all of them. */
static int64_t author_filter(const struct app_access *a, const struct principal *who)
{
    return a->relation == REL_SELF ? 0 : who->user_id;
}

/* ---- exam notes ---- */

int app_exam_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                 struct exam_note *n, int64_t now, int tz, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_EXAMS, ACT_CREATE, NULL, err);
    if (rc == 0)
        rc = clinic_exam_check(n, now, tz, err);
    if (rc != 0)
        return rc;
    n->subject_id = subject;
    n->author_id = who->user_id;
    return store_exam_insert(c->store, n, now, err);
}

int app_exam_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  struct exam_note **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    struct app_access a;
    int rc = app_gate(c, who, subject, RES_EXAMS, ACT_READ, &a, err);
    return rc == 0 ? store_exam_list(c->store, subject, author_filter(&a, who), items, n, err) : rc;
}

void app_exams_free(struct exam_note *items, size_t n)
{
    store_exams_free(items, n);
}

/* ---- plan changes ---- */

int app_change_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct plan_change *ch, int64_t now, struct pace_error *err)
{
    bool edit = ch->kind == CHANGE_EDIT;
    int rc = edit ? app_gate(c, who, subject, RES_PLAN, ACT_UPDATE, NULL, err)
                  : app_gate(c, who, subject, RES_CHANGES, ACT_CREATE, NULL, err);
    if (rc != 0)
        return rc;
    struct plan_choice current, next;
    bool chosen;
    if ((rc = plans_choice(c->store, c->plans, subject, &current, &chosen, err)) != 0)
        return rc;
    if ((rc = clinic_change_check(c->plans, ch, &current, now, err)) != 0)
        return rc;
    ch->subject_id = subject;
    ch->author_id = who->user_id;
    ch->status = edit ? CHANGE_APPLIED : CHANGE_OPEN;
    ch->decided_at = edit ? now : 0;
    clinic_change_apply(ch, &current, now, &next);
    return store_change_insert(c->store, ch, edit ? &next : NULL, now, err);
}

int app_change_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    int status, struct plan_change **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    struct app_access a;
    int rc = app_gate(c, who, subject, RES_CHANGES, ACT_READ, &a, err);
    return rc == 0
               ? store_change_list(c->store, subject, author_filter(&a, who), status, items, n, err)
               : rc;
}

int app_change_decide(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const char *public_id, bool accept, int64_t now, struct pace_error *err)
{
    int rc = app_gate_record(c, who, subject, RES_CHANGES, ACT_UPDATE, public_id, NULL, err);
    struct plan_change ch;
    if (rc == 0)
        rc = not_found_calmly(store_change_get(c->store, subject, public_id, &ch, err), err);
    if (rc == 0 && (ch.kind != CHANGE_PROPOSAL || ch.status != CHANGE_OPEN))
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s",
                       _("This suggestion has already been answered."));
    if (rc != 0)
        return rc;
    if (!accept)
        return store_change_decide(c->store, subject, ch.id, CHANGE_DECLINED, NULL, now, err);
    struct plan_choice current, next;
    bool chosen;
    if ((rc = plans_choice(c->store, c->plans, subject, &current, &chosen, err)) != 0)
        return rc;
    clinic_change_apply(&ch, &current, now, &next);
    if ((rc = plan_choice_check(c->plans, &next, err)) != 0)
        return rc;
    return store_change_decide(c->store, subject, ch.id, CHANGE_ACCEPTED, &next, now, err);
}

int app_change_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   const char *public_id, struct plan_change *out, struct pace_error *err)
{
    struct app_access a;
    int rc = app_gate_record(c, who, subject, RES_CHANGES, ACT_READ, public_id, &a, err);
    if (rc == 0)
        rc = not_found_calmly(store_change_get(c->store, subject, public_id, out, err), err);
    if (rc == 0 && a.relation != REL_SELF && out->author_id != who->user_id)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    return rc;
}

int app_change_unseen(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      struct plan_change **items, size_t *n, struct pace_error *err)
{
    int rc = app_change_list(c, who, subject, CHANGE_APPLIED, items, n, err);
    if (rc != 0)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if ((*items)[i].seen_at == 0)
            (*items)[k++] = (*items)[i];
    *n = k;
    return 0;
}

int app_change_seen(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_CHANGES, ACT_UPDATE, NULL, err);
    return rc == 0 ? store_change_seen(c->store, subject, now, err) : rc;
}

/* ---- written feedback ---- */

int app_feedback_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct clinic_feedback *f, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_FEEDBACK, ACT_CREATE, NULL, err);
    if (rc == 0)
        rc = clinic_feedback_check(f->text, err);
    if (rc != 0)
        return rc;
    f->subject_id = subject;
    f->author_id = who->user_id;
    return store_feedback_insert(c->store, f, now, err);
}

int app_feedback_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      bool unseen, struct clinic_feedback **items, size_t *n,
                      struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    struct app_access a;
    int rc = app_gate(c, who, subject, RES_FEEDBACK, ACT_READ, &a, err);
    return rc == 0 ? store_feedback_list(c->store, subject, author_filter(&a, who), unseen, 50,
                                         items, n, err)
                   : rc;
}

int app_feedback_seen(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const char *public_id, int64_t now, struct pace_error *err)
{
    int rc = app_gate_record(c, who, subject, RES_FEEDBACK, ACT_UPDATE, public_id, NULL, err);
    return rc == 0 ? store_feedback_seen(c->store, subject, public_id, now, err) : rc;
}

/* ---- the caseload ---- */

static int row_compare(const void *a, const void *b)
{
    const struct caseload_row *x = a, *y = b;
    if (x->urgency != y->urgency)
        return x->urgency > y->urgency ? -1 : 1;
    if (x->st.last_practice != y->st.last_practice)
        return x->st.last_practice < y->st.last_practice ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Her trail's entry for one look at a kind of her data from the caseload. */
static void look(struct audit_event *e, const struct principal *who, const struct grant *g,
                 const char *resource, bool allowed, int64_t now)
{
    memset(e, 0, sizeof *e);
    e->subject_id = g->subject_id;
    e->at = now;
    e->actor_id = who->user_id;
    e->grant_id = g->id;
    e->allowed = allowed;
    snprintf(e->action, sizeof e->action, "read");
    snprintf(e->resource, sizeof e->resource, "%s", resource);
    snprintf(e->record, sizeof e->record, "caseload");
}

/* One row: the access table decides each kind of her data; the
 * looks go to the trails afterwards, all in one transaction, before any of
 * it leaves (app_caseload). Only what her grant covers is filled in. */
static void caseload_row(const struct app_ctx *c, const struct principal *who,
                         const struct grant *g, int64_t now, const struct tz_zone *zone,
                         struct caseload_row *row, struct audit_event looks[2])
{
    memset(row, 0, sizeof *row);
    snprintf(row->grant_id, sizeof row->grant_id, "%s", g->public_id);
    snprintf(row->name, sizeof row->name, "%s", g->subject_name);
    row->scopes = g->scopes;
    row->grant_end = g->end;
    /* The grant is in force now (app_shared_with_me): the table decides
     * with its scopes, without looking it up again. */
    row->summary = app_policy_allows(REL_CLINICIAN, RES_SUMMARY, ACT_READ, g->scopes);
    row->sessions = app_policy_allows(REL_CLINICIAN, RES_SESSIONS, ACT_READ, g->scopes);
    look(&looks[0], who, g, app_resource_name(RES_SUMMARY), row->summary, now);
    look(&looks[1], who, g, app_resource_name(RES_SESSIONS), row->sessions, now);
    if (g->end > 0 && g->end - now <= CASELOAD_ENDING_DAYS * DAY)
        row->flags |= FLAG_ENDING;
    if (row->summary || row->sessions) {
        struct plan_view v;
        if (plans_load(c->store, c->catalog, c->plans, g->subject_id, now, zone, &v, NULL) == 0) {
            if (row->summary) {
                row->practised_this_week = v.practised_this_week;
                row->planned_this_week = v.phase ? v.phase->sessions_per_week : 0;
                row->action = v.rec.action;
                if (v.rec.action == ACTION_SEE_CLINICIAN)
                    row->flags |= FLAG_SEE_CLINICIAN;
            }
            if (row->sessions) {
                caseload_stats_compute(v.sessions, v.nsessions, now, &row->st);
                row->flags |= row->st.flags;
            }
        }
        plans_view_free(&v);
    }
    row->urgency = caseload_urgency(row->flags);
}

int app_caseload(const struct app_ctx *c, const struct principal *who, int64_t now,
                 const struct tz_zone *zone, struct caseload_row **rows, size_t *n,
                 struct pace_error *err)
{
    *rows = NULL;
    *n = 0;
    struct grant *g = NULL;
    size_t ng = 0;
    int rc = app_shared_with_me(c, who, now, &g, &ng, err);
    if (rc != 0)
        return rc;
    *rows = xcalloc(ng ? ng : 1, sizeof **rows);
    struct audit_event *looks = xcalloc(2 * ng + 1, sizeof *looks);
    for (size_t i = 0; i < ng; i++)
        if (g[i].relation == GRANT_CLINICIAN) {
            caseload_row(c, who, &g[i], now, zone, &(*rows)[*n], &looks[2 * *n]);
            (*n)++;
        }
    app_grants_free(g, ng);
    /* Every look in her trail first; when that fails, nothing is shown. */
    rc = store_audit_append_many(c->store, looks, 2 * *n, err);
    free(looks);
    if (rc != 0) {
        crypto_wipe(*rows, *n * sizeof **rows);
        free(*rows);
        *rows = NULL;
        *n = 0;
        return rc;
    }
    qsort(*rows, *n, sizeof **rows, row_compare);
    return 0;
}

/* ---- verification ---- */

/* Verifying a clinician is about an account, not her health data: the
 * operator at the command line, or an admin account, may do it. */
static bool may_verify(const struct principal *who)
{
    return who->via == VIA_CLI || (who->via != VIA_NONE && who->role == ROLE_ADMIN);
}

int app_clinician_verify(const struct app_ctx *c, const struct principal *who, int64_t user_id,
                         bool on, int64_t now, struct pace_error *err)
{
    if (!may_verify(who))
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    int rc = store_user_set_verified(c->store, user_id, on ? now : 0, err);
    if (rc == PACE_ENOTFOUND)
        return pace_fail(err, rc, NULL, "%s",
                         _("There is no clinician account with this address."));
    return rc;
}

int app_clinicians_list(const struct app_ctx *c, const struct principal *who,
                        struct clinician_row **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    if (!may_verify(who))
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    return store_clinicians_list(c->store, items, n, err);
}

int64_t app_clinician_verified_at(const struct app_ctx *c, int64_t user_id)
{
    int64_t at = 0;
    if (user_id <= 0 || store_user_verified(c->store, user_id, &at, NULL) != 0)
        return 0;
    return at;
}
