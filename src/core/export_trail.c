/*
 * export_trail.c - reading her grants ("sharing") and her audit trail
 * ("audit") from a "pace-export" document (export_priv.h), one entry at a
 * time, each value checked and the first problem named by its path
 * ("audit[3].allowed"). The import reads them to count them; it never
 * brings them in (they record what happened on the server that wrote the
 * file).
 */
#include "core/export_priv.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "<path>.<key>" into f. */
static const char *at(char *f, size_t n, const char *path, const char *key)
{
    snprintf(f, n, "%s.%s", path, key);
    return f;
}

/* Refuses path.key: the field's name, then what it must be ("must be
 * true or false."). */
static int bad_at(struct pace_error *err, const char *path, const char *key, const char *tail)
{
    char f[96], msg[300];
    at(f, sizeof f, path, key);
    snprintf(msg, sizeof msg, "%s %s", f, tail);
    return export_bad(err, f, msg);
}

/* One of names (export_*_name) into out. */
static int read_choice(const json_t *o, const char *path, const char *key,
                       const char *(*names)(int), char out[EXPORT_NAME_MAX], struct pace_error *err)
{
    const char *v = json_string_value(json_object_get(o, key));
    for (int i = 0; v && names(i); i++) {
        if (strcmp(names(i), v) == 0) {
            snprintf(out, EXPORT_NAME_MAX, "%s", v);
            return 0;
        }
    }
    char list[160] = "";
    for (int i = 0; names(i); i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names(i));
    char tail[240];
    snprintf(tail, sizeof tail, _("must be one of %s."), list);
    return bad_at(err, path, key, tail);
}

static int read_name(const json_t *v, const char *field, char out[EXPORT_NAME_MAX],
                     struct pace_error *err)
{
    const char *s = json_string_value(v);
    if (!export_name_valid(s)) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 _("%s must be a name of lower-case letters, digits and _, as Pace writes it."),
                 field);
        return export_bad(err, field, msg);
    }
    snprintf(out, EXPORT_NAME_MAX, "%s", s);
    return 0;
}

static int read_time_at(const json_t *o, const char *path, const char *key, bool nullable,
                        int64_t *out, struct pace_error *err)
{
    char f[96];
    return export_read_time(json_object_get(o, key), nullable, at(f, sizeof f, path, key), out,
                            err);
}

/* An email or null (a string of at most ACCOUNT_EMAIL_MAX bytes with an
 * @); "" into out for null. */
static int read_email(const json_t *o, const char *path, const char *key, char *out, size_t n,
                      struct pace_error *err)
{
    const json_t *v = json_object_get(o, key);
    out[0] = '\0';
    if (json_is_null(v))
        return 0;
    const char *s = json_string_value(v);
    if (s == NULL || strlen(s) > ACCOUNT_EMAIL_MAX || strchr(s, '@') == NULL ||
        !str_valid_text(s, strlen(s)) || strpbrk(s, "\t\r\n"))
        return bad_at(err, path, key, _("must be an email address or null."));
    snprintf(out, n, "%s", s);
    return 0;
}

/* A grant's id, or null when nullable; "" into out for null. */
static int read_uuid(const json_t *o, const char *path, const char *key, bool nullable,
                     char out[EXPORT_UUID_LEN + 1], struct pace_error *err)
{
    const json_t *v = json_object_get(o, key);
    out[0] = '\0';
    if (nullable && json_is_null(v))
        return 0;
    const char *s = json_string_value(v);
    if (!export_uuid_valid(s))
        return bad_at(err, path, key,
                      nullable ? _("must be a grant's id, a UUID as Pace exports it, or null.")
                               : _("must be a UUID as Pace exports it."));
    for (size_t k = 0; k < EXPORT_UUID_LEN; k++)
        out[k] = (char)(s[k] >= 'A' && s[k] <= 'F' ? s[k] - 'A' + 'a' : s[k]);
    out[EXPORT_UUID_LEN] = '\0';
    return 0;
}

/* Her name for someone, or theirs for her: one line of text. */
static int read_label(const json_t *o, const char *path, const char *key,
                      char out[EXPORT_LABEL_MAX + 1], struct pace_error *err)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s == NULL || strlen(s) > EXPORT_LABEL_MAX || !str_valid_text(s, strlen(s)) ||
        strpbrk(s, "\t\r\n"))
        return bad_at(err, path, key, _("must be text of at most 60 bytes on one line."));
    snprintf(out, EXPORT_LABEL_MAX + 1, "%s", s);
    return 0;
}

static int read_scopes(const json_t *o, const char *path, struct export_grant *g,
                       struct pace_error *err)
{
    const json_t *a = json_object_get(o, "scopes");
    if (!json_is_array(a) || json_array_size(a) > EXPORT_MAX_SCOPES)
        return bad_at(err, path, "scopes", _("must be a list of at most 16 names."));
    for (size_t i = 0; i < json_array_size(a); i++) {
        char f[96];
        snprintf(f, sizeof f, "%s.scopes[%zu]", path, i);
        int rc = read_name(json_array_get(a, i), f, g->scopes[i], err);
        if (rc != 0)
            return rc;
        for (size_t k = 0; k < i; k++)
            if (strcmp(g->scopes[k], g->scopes[i]) == 0)
                return export_bad(err, f, _("This scope is listed twice."));
    }
    g->nscopes = json_array_size(a);
    return 0;
}

int export_read_grant(const json_t *o, size_t i, struct export_doc *d, size_t *cap,
                      struct pace_error *err)
{
    static const char *const keys[] = {"id",          "relation",   "scopes",
                                       "start",       "end",        "status",
                                       "grantee",     "invited_at", "invitation_expires_at",
                                       "accepted_at", "revoked_at", "label",
                                       "shown_as"};
    char path[40];
    snprintf(path, sizeof path, "sharing[%zu]", i);
    int rc = export_need_object(o, path, err);
    if (rc == 0)
        rc = export_known_keys(o, keys, sizeof keys / sizeof keys[0], path, err);
    if (rc != 0)
        return rc;
    if (d->ngrants == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        d->grants = xrealloc(d->grants, *cap * sizeof *d->grants);
    }
    struct export_grant *g = &d->grants[d->ngrants];
    memset(g, 0, sizeof *g);
    if ((rc = read_uuid(o, path, "id", false, g->id, err)) != 0 ||
        (rc = read_choice(o, path, "relation", export_relation_name, g->relation, err)) != 0 ||
        (rc = read_scopes(o, path, g, err)) != 0 ||
        (rc = read_time_at(o, path, "start", false, &g->start, err)) != 0 ||
        (rc = read_time_at(o, path, "end", true, &g->end, err)) != 0 ||
        (rc = read_choice(o, path, "status", export_status_name, g->status, err)) != 0 ||
        (rc = read_email(o, path, "grantee", g->grantee, sizeof g->grantee, err)) != 0 ||
        (rc = read_time_at(o, path, "invited_at", false, &g->invited_at, err)) != 0 ||
        (rc = read_time_at(o, path, "invitation_expires_at", true, &g->invitation_expires_at,
                           err)) != 0 ||
        (rc = read_time_at(o, path, "accepted_at", true, &g->accepted_at, err)) != 0 ||
        (rc = read_time_at(o, path, "revoked_at", true, &g->revoked_at, err)) != 0 ||
        (rc = read_label(o, path, "label", g->label, err)) != 0 ||
        (rc = read_label(o, path, "shown_as", g->shown_as, err)) != 0) {
        memset(g, 0, sizeof *g);
        return rc;
    }
    for (size_t k = 0; k < d->ngrants; k++)
        if (strcmp(d->grants[k].id, g->id) == 0) {
            char f[64];
            snprintf(f, sizeof f, "%s.id", path);
            memset(g, 0, sizeof *g);
            return export_bad(err, f, _("Two grants in this file have the same id."));
        }
    d->ngrants++;
    return 0;
}

/* A record's id as the trail keeps it: printable ASCII. */
static int read_record(const json_t *o, const char *path, char out[EXPORT_RECORD_MAX],
                       struct pace_error *err)
{
    const char *s = json_string_value(json_object_get(o, "record"));
    size_t n = s ? strlen(s) : 0;
    bool ok = s != NULL && n < EXPORT_RECORD_MAX;
    for (size_t k = 0; ok && k < n; k++)
        ok = s[k] >= 0x20 && s[k] < 0x7f;
    if (!ok)
        return bad_at(err, path, "record",
                      _("must be the record's id (at most 63 characters) or \"\"."));
    snprintf(out, EXPORT_RECORD_MAX, "%s", s);
    return 0;
}

static int read_actor(const json_t *o, const char *path, struct export_audit *e,
                      struct pace_error *err)
{
    const char *kind = json_string_value(json_object_get(o, "actor_kind"));
    int k = 0;
    while (kind && k < EXPORT_ACTOR_COUNT && strcmp(export_actor_name(k), kind) != 0)
        k++;
    if (kind == NULL || k == EXPORT_ACTOR_COUNT)
        return bad_at(err, path, "actor_kind", _("must be one of account, deleted_account, link_holder, none."));
    e->actor_kind = (enum export_actor)k;
    char email[ACCOUNT_EMAIL_MAX + 2];
    int rc = read_email(o, path, "actor", email, sizeof email, err);
    if (rc != 0)
        return rc;
    if ((email[0] != '\0') != (e->actor_kind == EXPORT_ACTOR_ACCOUNT))
        return bad_at(err, path, "actor",
                      _("must be the account's email when actor_kind is account, and null "
                        "otherwise."));
    e->actor = email[0] ? xstrdup(email) : NULL;
    return 0;
}

int export_read_audit(const json_t *o, size_t i, struct export_doc *d, size_t *cap,
                      struct pace_error *err)
{
    static const char *const keys[] = {"at",     "actor",    "actor_kind", "grant",
                                       "action", "resource", "record",     "allowed"};
    char path[40];
    snprintf(path, sizeof path, "audit[%zu]", i);
    int rc = export_need_object(o, path, err);
    if (rc == 0)
        rc = export_known_keys(o, keys, sizeof keys / sizeof keys[0], path, err);
    if (rc != 0)
        return rc;
    if (d->naudit == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        d->audit = xrealloc(d->audit, *cap * sizeof *d->audit);
    }
    struct export_audit *e = &d->audit[d->naudit];
    memset(e, 0, sizeof *e);
    char f[64];
    if ((rc = read_time_at(o, path, "at", false, &e->at, err)) != 0 ||
        (rc = read_actor(o, path, e, err)) != 0 ||
        (rc = read_uuid(o, path, "grant", true, e->grant, err)) != 0 ||
        (rc = read_choice(o, path, "action", export_action_name, e->action, err)) != 0 ||
        (rc = read_name(json_object_get(o, "resource"), at(f, sizeof f, path, "resource"),
                        e->resource, err)) != 0 ||
        (rc = read_record(o, path, e->record, err)) != 0) {
        free(e->actor);
        return rc;
    }
    const json_t *allowed = json_object_get(o, "allowed");
    if (!json_is_boolean(allowed)) {
        free(e->actor);
        return bad_at(err, path, "allowed", _("must be true or false."));
    }
    e->allowed = json_is_true(allowed);
    d->naudit++;
    return 0;
}
