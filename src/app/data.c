/* data.c - gathering her data for an export, and importing one (data.h). */
#include "app/data.h"

#include "app/app.h"
#include "app/tzdb.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* All her sessions, newest first, page by page. */
static int gather_sessions(struct store *s, int64_t user_id, struct export_doc *d,
                           struct pace_error *err)
{
    size_t cap = 0;
    char cursor[STORE_CURSOR_MAX] = "";
    for (;;) {
        struct practice_query q = {.limit = 200, .cursor = cursor[0] ? cursor : NULL};
        struct practice *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX];
        int rc = store_practice_list(s, user_id, &q, &items, &n, next, err);
        if (rc != 0)
            return rc;
        if (d->nsessions + n > cap) {
            cap = (d->nsessions + n) * 2;
            d->sessions = xrealloc(d->sessions, cap * sizeof *d->sessions);
        }
        /* The records move over with their notes; only the array goes. */
        if (n > 0)
            memcpy(d->sessions + d->nsessions, items, n * sizeof *items);
        d->nsessions += n;
        free(items);
        if (next[0] == '\0')
            return 0;
        memcpy(cursor, next, sizeof cursor);
    }
}

static void copy_grant(const struct grant *g, struct export_grant *e)
{
    memset(e, 0, sizeof *e);
    snprintf(e->id, sizeof e->id, "%s", g->public_id);
    snprintf(e->relation, sizeof e->relation, "%s", grant_relation_name(g->relation));
    for (size_t i = 0; i < APP_SCOPE_NAMES && e->nscopes < EXPORT_MAX_SCOPES; i++)
        if (g->scopes & (1u << i))
            snprintf(e->scopes[e->nscopes++], EXPORT_NAME_MAX, "%s", app_scope_names[i]);
    e->start = g->start;
    e->end = g->end;
    snprintf(e->status, sizeof e->status, "%s", grant_status_name(g->status));
    snprintf(e->grantee, sizeof e->grantee, "%s", g->grantee_email);
    e->grantee_key = g->grantee_id;
    e->invited_at = g->created_at;
    e->invitation_expires_at = g->invite_expires_at;
    e->accepted_at = g->accepted_at;
    e->revoked_at = g->revoked_at;
    snprintf(e->label, sizeof e->label, "%s", g->label);
    snprintf(e->shown_as, sizeof e->shown_as, "%s", g->subject_name);
}

/* The public id of her grant with row id id, "" when none of hers. */
static const char *grant_public(const struct grant *gs, size_t n, int64_t id)
{
    for (size_t i = 0; id != 0 && i < n; i++)
        if (gs[i].id == id)
            return gs[i].public_id;
    return "";
}

static void copy_event(const struct audit_event *a, const struct grant *gs, size_t ngs,
                       struct export_audit *e)
{
    memset(e, 0, sizeof *e);
    e->at = a->at;
    e->actor_key = a->actor_id;
    if (a->actor_id == 0 && strcmp(a->resource, app_resource_name(RES_REPORT_LINKS)) == 0)
        e->actor_kind = EXPORT_ACTOR_LINK;
    else if (a->actor_id == 0)
        e->actor_kind = EXPORT_ACTOR_NONE;
    else if (a->actor_email[0] == '\0')
        e->actor_kind = EXPORT_ACTOR_DELETED;
    else {
        e->actor_kind = EXPORT_ACTOR_ACCOUNT;
        e->actor = xstrdup(a->actor_email);
    }
    snprintf(e->grant, sizeof e->grant, "%s", grant_public(gs, ngs, a->grant_id));
    snprintf(e->action, sizeof e->action, "%s", a->action);
    snprintf(e->resource, sizeof e->resource, "%s", a->resource);
    snprintf(e->record, sizeof e->record, "%s", a->record);
    e->allowed = a->allowed;
}

/* Her grants (oldest first) and her whole trail (oldest first). */
static int gather_sharing(struct store *s, int64_t user_id, struct export_doc *d,
                          struct pace_error *err)
{
    struct grant *gs = NULL;
    size_t ngs = 0;
    int rc = store_grants_of_subject(s, user_id, &gs, &ngs, err);
    if (rc != 0)
        return rc;
    d->grants = xcalloc(ngs + 1, sizeof *d->grants);
    for (size_t i = 0; i < ngs; i++)
        copy_grant(&gs[ngs - 1 - i], &d->grants[i]);
    d->ngrants = ngs;
    size_t cap = 0;
    char cursor[STORE_CURSOR_MAX] = "";
    for (;;) {
        struct audit_query q = {.limit = 500, .cursor = cursor[0] ? cursor : NULL};
        struct audit_event *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX];
        rc = store_audit_list(s, user_id, &q, &items, &n, next, err);
        if (rc != 0)
            break;
        if (d->naudit + n > cap) {
            cap = (d->naudit + n) * 2;
            d->audit = xrealloc(d->audit, cap * sizeof *d->audit);
        }
        for (size_t i = 0; i < n; i++)
            copy_event(&items[i], gs, ngs, &d->audit[d->naudit++]);
        free(items);
        if (next[0] == '\0')
            break;
        memcpy(cursor, next, sizeof cursor);
    }
    /* Newest first from the store; the document keeps them oldest first. */
    for (size_t i = 0; rc == 0 && i < d->naudit / 2; i++) {
        struct export_audit t = d->audit[i];
        d->audit[i] = d->audit[d->naudit - 1 - i];
        d->audit[d->naudit - 1 - i] = t;
    }
    store_grants_free(gs, ngs);
    return rc;
}

int data_gather(struct store *s, int64_t user_id, struct export_doc *d, struct pace_error *err)
{
    export_doc_init(d);
    struct user u;
    if (store_user_get(s, user_id, &u) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    snprintf(d->email, sizeof d->email, "%s", u.email);
    d->lang = u.lang;
    d->created_at = u.created_at;
    int rc = store_user_get_about(s, user_id, &d->about, err);
    if (rc == 0)
        rc = store_kit_get(s, user_id, &d->kit, &d->nkit, err);
    if (rc == 0)
        rc = store_custom_list(s, user_id, &d->customs, &d->ncustom, err);
    if (rc == 0) {
        rc = store_program_get(s, user_id, &d->program, err);
        d->has_program = rc == 0;
        if (rc == PACE_ENOTFOUND)
            rc = 0;
    }
    if (rc == 0)
        rc = store_goals_list(s, user_id, &d->goals, &d->ngoals, err);
    if (rc == 0)
        rc = gather_sessions(s, user_id, d, err);
    if (rc == 0)
        rc = store_ladder_all(s, user_id, 0, 0, &d->ladder, &d->nladder, err);
    if (rc == 0)
        rc = store_user_pseudonym(s, user_id, d->pseudonym, err);
    if (rc == 0) {
        rc = store_reminder_get(s, user_id, &d->reminder, NULL, err);
        d->has_reminder = rc == 0;
        if (rc == PACE_ENOTFOUND)
            rc = 0;
    }
    if (rc == 0)
        rc = gather_sharing(s, user_id, d, err);
    if (rc != 0)
        export_doc_free(d);
    return rc;
}

int data_import(struct store *s, const struct catalog *cat, const struct plan_library *l,
                int64_t user_id, const char *bytes, size_t len, int64_t now,
                struct import_counts *out, struct pace_error *err)
{
    struct export_doc d;
    int rc = export_read(bytes, len, cat, l, now, &d, err);
    if (rc != 0)
        return rc;
    /* A zone this server does not know (an older time zone database)
     * leaves the reminder on the server's zone rather than refusing the
     * file. Her grants and trail are read but never brought in: they
     * record what happened on the server that wrote the file. */
    struct pace_error tz_err = {0};
    if (d.has_reminder && d.reminder.tz[0] && tzdb_check(d.reminder.tz, &tz_err) != 0)
        d.reminder.tz[0] = '\0';
    rc = store_import(s, user_id, &d, now, out, err);
    export_doc_free(&d);
    return rc;
}

static void pair(json_t *added, json_t *skipped, const char *name, int a, int sk)
{
    json_object_set_new(added, name, json_integer(a));
    json_object_set_new(skipped, name, json_integer(sk));
}

json_t *data_counts_json(const struct import_counts *c)
{
    json_t *a = json_object(), *s = json_object();
    pair(a, s, "sessions", c->sessions_added, c->sessions_skipped);
    pair(a, s, "custom_items", c->custom_added, c->custom_skipped);
    pair(a, s, "kit_items", c->kit_added, c->kit_skipped);
    pair(a, s, "goals", c->goals_added, c->goals_skipped);
    pair(a, s, "ladder", c->ladder_added, c->ladder_skipped);
    pair(a, s, "program", c->program_added, c->program_skipped);
    pair(a, s, "reminders", c->reminders_added, c->reminders_skipped);
    pair(a, s, "about", c->about_added, c->about_skipped);
    pair(a, s, "language", c->language_added, c->language_skipped);
    json_t *j = json_object();
    json_object_set_new(j, "added", a);
    json_object_set_new(j, "skipped", s);
    return j;
}

int data_request_parse(const char *format, const char *bom, struct data_request *out,
                       struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    if (format == NULL || strcmp(format, "json") == 0)
        out->format = DATA_JSON;
    else if (strcmp(format, "csv") == 0)
        out->format = DATA_CSV;
    else if (strcmp(format, "fhir") == 0)
        out->format = DATA_FHIR;
    else
        return pace_fail(err, PACE_EINVAL, "format", "%s", _("format must be json, csv or fhir."));
    if (bom == NULL || strcmp(bom, "0") == 0)
        return 0;
    if (strcmp(bom, "1") != 0)
        return pace_fail(err, PACE_EINVAL, "bom", "%s", _("bom must be 0 or 1."));
    if (out->format != DATA_CSV)
        return pace_fail(err, PACE_EINVAL, "bom", "%s",
                         _("bom is only for format=csv: JSON files never start with one."));
    out->bom = true;
    return 0;
}

int data_render(struct store *s, int64_t user_id, const struct data_request *q, int64_t now,
                struct buf *out, struct pace_error *err)
{
    struct export_doc d;
    int rc = data_gather(s, user_id, &d, err);
    if (rc != 0)
        return rc;
    if (q->format == DATA_CSV)
        csv_sessions(d.sessions, d.nsessions, q->bom, out);
    else if (q->format == DATA_FHIR)
        fhir_write(&d, d.pseudonym, now, out);
    else
        export_write(&d, now, out);
    export_doc_free(&d);
    return 0;
}
