/*
 * export.c - the "pace-export" JSON document: the document's memory, and
 * writing it, as a tree or record by record (export_read.c reads it); the
 * names her grants and trail use.
 */
#include "core/export.h"

#include "core/i18n.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void export_doc_init(struct export_doc *d)
{
    memset(d, 0, sizeof *d);
    d->lang = -1;
}

static void wipe_str(char *s)
{
    if (s) {
        volatile char *p = s;
        while (*p)
            *p++ = '\0';
    }
}

void export_doc_free(struct export_doc *d)
{
    wipe_str(d->about);
    free(d->about);
    free(d->kit);
    if (d->customs)
        memset(d->customs, 0, d->ncustom * sizeof *d->customs);
    free(d->customs);
    if (d->goals)
        memset(d->goals, 0, d->ngoals * sizeof *d->goals);
    free(d->goals);
    for (size_t i = 0; i < d->nsessions; i++) {
        wipe_str(d->sessions[i].note);
        practice_clear(&d->sessions[i]);
    }
    free(d->sessions);
    free(d->ladder);
    memset(&d->reminder, 0, sizeof d->reminder);
    if (d->grants)
        memset(d->grants, 0, d->ngrants * sizeof *d->grants);
    free(d->grants);
    for (size_t i = 0; i < d->naudit; i++)
        free(d->audit[i].actor);
    free(d->audit);
    export_doc_init(d);
}

/* ---- writing ---- */

static json_t *time_json(int64_t t)
{
    if (t <= 0)
        return json_null();
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

/* Millimetres as they are kept (one decimal). */
static json_t *mm_json(double mm)
{
    return json_real(round(mm * 10.0) / 10.0);
}

static json_t *account_json(const struct export_doc *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "email", json_string(d->email));
    json_object_set_new(o, "language",
                        d->lang >= 0 ? json_string(i18n_code((enum lang)d->lang)) : json_null());
    json_object_set_new(o, "created_at", time_json(d->created_at));
    json_object_set_new(o, "about", json_string(d->about ? d->about : ""));
    json_object_set_new(o, "pseudonym", d->pseudonym[0] ? json_string(d->pseudonym) : json_null());
    return o;
}

static json_t *custom_json(const struct custom_item *c)
{
    struct kit_id id;
    custom_item_id(c->id, &id);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id.s));
    json_object_set_new(o, "label", json_string(c->label));
    json_object_set_new(o, "kind", json_string(catalog_kind_name(c->kind)));
    json_object_set_new(o, "diameter_mm", mm_json(c->diameter_mm));
    json_object_set_new(o, "length_mm", c->length_mm > 0 ? mm_json(c->length_mm) : json_null());
    json_object_set_new(o, "material", json_string(material_name(c->material)));
    json_object_set_new(o, "created_at", time_json(c->created_at));
    return o;
}

static int kit_cmp(const void *a, const void *b)
{
    return strcmp(((const struct kit_id *)a)->s, ((const struct kit_id *)b)->s);
}

static json_t *kit_json(const struct export_doc *d)
{
    struct kit_id *sorted = xcalloc(d->nkit ? d->nkit : 1, sizeof *sorted);
    if (d->nkit)
        memcpy(sorted, d->kit, d->nkit * sizeof *sorted);
    qsort(sorted, d->nkit, sizeof *sorted, kit_cmp);
    json_t *items = json_array();
    for (size_t i = 0; i < d->nkit; i++)
        json_array_append_new(items, json_string(sorted[i].s));
    free(sorted);
    json_t *customs = json_array();
    for (size_t i = 0; i < d->ncustom; i++)
        json_array_append_new(customs, custom_json(&d->customs[i]));
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "custom_items", customs);
    return o;
}

static json_t *program_json(const struct export_doc *d)
{
    if (!d->has_program)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "program", json_string(d->program.program_id));
    json_object_set_new(o, "started_at", time_json(d->program.started_at));
    json_object_set_new(o, "params", plan_params_json(&d->program));
    return o;
}

static json_t *goal_json(const struct plan_goal *g)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(g->id));
    json_object_set_new(o, "goal", json_string(g->goal_id));
    if (plan_goal_is_custom(g)) {
        json_object_set_new(o, "label", json_string(g->label));
        json_object_set_new(o, "min_mm", mm_json(g->min_mm));
        json_object_set_new(o, "max_mm", mm_json(g->max_mm));
    }
    json_object_set_new(o, "chosen_at", time_json(g->chosen_at));
    json_object_set_new(o, "achieved_at", time_json(g->achieved_at));
    return o;
}

static json_t *reminder_json(const struct export_doc *d)
{
    if (!d->has_reminder)
        return json_null();
    json_t *days = json_array();
    for (int i = 0; i < 7; i++)
        if (d->reminder.days & (1u << i))
            json_array_append_new(days, json_string(reminder_day_name(i)));
    char time[8];
    reminder_time_format(d->reminder.minute, time, sizeof time);
    json_t *o = json_object();
    json_object_set_new(o, "days", days);
    json_object_set_new(o, "time", json_string(time));
    json_object_set_new(o, "title", json_string(d->reminder.title));
    json_object_set_new(o, "time_zone",
                        d->reminder.tz[0] ? json_string(d->reminder.tz) : json_null());
    return o;
}

static json_t *text_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

static json_t *grant_json(const struct export_grant *g)
{
    json_t *scopes = json_array();
    for (size_t i = 0; i < g->nscopes; i++)
        json_array_append_new(scopes, json_string(g->scopes[i]));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(g->id));
    json_object_set_new(o, "relation", json_string(g->relation));
    json_object_set_new(o, "scopes", scopes);
    json_object_set_new(o, "start", time_json(g->start));
    json_object_set_new(o, "end", time_json(g->end));
    json_object_set_new(o, "status", json_string(g->status));
    json_object_set_new(o, "grantee", text_or_null(g->grantee));
    json_object_set_new(o, "invited_at", time_json(g->invited_at));
    json_object_set_new(o, "invitation_expires_at", time_json(g->invitation_expires_at));
    json_object_set_new(o, "accepted_at", time_json(g->accepted_at));
    json_object_set_new(o, "revoked_at", time_json(g->revoked_at));
    json_object_set_new(o, "label", json_string(g->label));
    json_object_set_new(o, "shown_as", json_string(g->shown_as));
    return o;
}

static json_t *sharing_json(const struct export_doc *d)
{
    json_t *a = json_array();
    for (size_t i = 0; i < d->ngrants; i++)
        json_array_append_new(a, grant_json(&d->grants[i]));
    return a;
}

static json_t *audit_json(const struct export_audit *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "at", time_json(e->at));
    json_object_set_new(
        o, "actor", e->actor_kind == EXPORT_ACTOR_ACCOUNT ? text_or_null(e->actor) : json_null());
    json_object_set_new(o, "actor_kind", json_string(export_actor_name(e->actor_kind)));
    json_object_set_new(o, "grant", text_or_null(e->grant));
    json_object_set_new(o, "action", json_string(e->action));
    json_object_set_new(o, "resource", json_string(e->resource));
    json_object_set_new(o, "record", json_string(e->record));
    json_object_set_new(o, "allowed", json_boolean(e->allowed));
    return o;
}

static json_t *goals_json(const struct export_doc *d)
{
    json_t *goals = json_array();
    for (size_t i = 0; i < d->ngoals; i++)
        json_array_append_new(goals, goal_json(&d->goals[i]));
    return goals;
}

static json_t *ladder_json(const struct ladder_entry *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "taken_at", time_json(e->taken_at));
    json_object_set_new(o, "items", ladder_items_json(e));
    return o;
}

json_t *export_to_json(const struct export_doc *d, int64_t exported_at)
{
    json_t *j = json_object();
    json_object_set_new(j, "format", json_string(EXPORT_FORMAT));
    json_object_set_new(j, "format_version", json_integer(EXPORT_FORMAT_VERSION));
    json_object_set_new(j, "exported_at", time_json(exported_at));
    json_object_set_new(j, "account", account_json(d));
    json_object_set_new(j, "kit", kit_json(d));
    json_object_set_new(j, "program", program_json(d));
    json_object_set_new(j, "goals", goals_json(d));
    json_t *sessions = json_array();
    for (size_t i = 0; i < d->nsessions; i++)
        json_array_append_new(sessions, practice_to_json(&d->sessions[i]));
    json_object_set_new(j, "sessions", sessions);
    json_t *ladder = json_array();
    for (size_t i = 0; i < d->nladder; i++)
        json_array_append_new(ladder, ladder_json(&d->ladder[i]));
    json_object_set_new(j, "ladder", ladder);
    json_object_set_new(j, "reminders", reminder_json(d));
    json_object_set_new(j, "sharing", sharing_json(d));
    json_t *audit = json_array();
    for (size_t i = 0; i < d->naudit; i++)
        json_array_append_new(audit, audit_json(&d->audit[i]));
    json_object_set_new(j, "audit", audit);
    return j;
}

static int to_buf(const char *text, size_t n, void *data)
{
    buf_add(data, text, n);
    return 0;
}

/* Writes v compactly and releases it. */
static void put(struct buf *out, json_t *v)
{
    json_dump_callback(v, to_buf, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(v);
}

/* ,"key": (the first member opens the object); keys are plain ASCII. */
static void put_key(struct buf *out, const char *key)
{
    buf_puts(out, out->len == 0 || out->data[out->len - 1] == '{' ? "\"" : ",\"");
    buf_puts(out, key);
    buf_puts(out, "\":");
}

void export_write(const struct export_doc *d, int64_t exported_at, struct buf *out)
{
    /* The same members in the same order as export_to_json, but the two
     * long lists record by record. */
    buf_putc(out, '{');
    put_key(out, "format");
    put(out, json_string(EXPORT_FORMAT));
    put_key(out, "format_version");
    put(out, json_integer(EXPORT_FORMAT_VERSION));
    put_key(out, "exported_at");
    put(out, time_json(exported_at));
    put_key(out, "account");
    put(out, account_json(d));
    put_key(out, "kit");
    put(out, kit_json(d));
    put_key(out, "program");
    put(out, program_json(d));
    put_key(out, "goals");
    put(out, goals_json(d));
    put_key(out, "sessions");
    buf_putc(out, '[');
    for (size_t i = 0; i < d->nsessions; i++) {
        if (i)
            buf_putc(out, ',');
        put(out, practice_to_json(&d->sessions[i]));
    }
    buf_putc(out, ']');
    put_key(out, "ladder");
    buf_putc(out, '[');
    for (size_t i = 0; i < d->nladder; i++) {
        if (i)
            buf_putc(out, ',');
        put(out, ladder_json(&d->ladder[i]));
    }
    buf_putc(out, ']');
    put_key(out, "reminders");
    put(out, reminder_json(d));
    put_key(out, "sharing");
    put(out, sharing_json(d));
    put_key(out, "audit");
    buf_putc(out, '[');
    for (size_t i = 0; i < d->naudit; i++) {
        if (i)
            buf_putc(out, ',');
        put(out, audit_json(&d->audit[i]));
    }
    buf_putc(out, ']');
    buf_puts(out, "}\n");
}

bool export_uuid_valid(const char *s)
{
    if (s == NULL || strlen(s) != PRACTICE_ID_LEN)
        return false;
    for (int i = 0; i < PRACTICE_ID_LEN; i++) {
        char c = s[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-'
                 : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

bool export_pseudonym_valid(const char *s)
{
    if (s == NULL || strlen(s) != EXPORT_PSEUDONYM_LEN || strncmp(s, "pace-", 5) != 0)
        return false;
    return strspn(s + 5, "0123456789abcdef") == EXPORT_PSEUDONYM_LEN - 5;
}

bool export_name_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 1 && n < EXPORT_NAME_MAX && s[0] >= 'a' && s[0] <= 'z' &&
           strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static const char *nth(const char *const *names, size_t n, int i)
{
    return i >= 0 && (size_t)i < n ? names[i] : NULL;
}

const char *export_relation_name(int i)
{
    static const char *const names[] = {"partner", "clinician"};
    return nth(names, sizeof names / sizeof names[0], i);
}

const char *export_status_name(int i)
{
    static const char *const names[] = {"invited", "active", "revoked"};
    return nth(names, sizeof names / sizeof names[0], i);
}

const char *export_action_name(int i)
{
    static const char *const names[] = {"read", "create", "update", "delete"};
    return nth(names, sizeof names / sizeof names[0], i);
}

const char *export_actor_name(enum export_actor k)
{
    static const char *const names[] = {"none", "account", "deleted_account", "link_holder"};
    return nth(names, EXPORT_ACTOR_COUNT, (int)k);
}

uint64_t export_ladder_key(const struct ladder_entry *e)
{
    /* Per item 12 x 12 x 2 = 288 states (anxiety and pain each "not given"
     * or 0-10, not tried or not); six items fit in 50 bits. */
    uint64_t key = 0;
    for (int i = LADDER_COUNT; i-- > 0;) {
        const struct ladder_answer *a = &e->a[i];
        int an = a->anxiety >= 0 && a->anxiety <= 10 ? a->anxiety + 1 : 0;
        int pa = a->pain >= 0 && a->pain <= 10 ? a->pain + 1 : 0;
        key = key * 288 + (uint64_t)(an * 24 + pa * 2 + (a->not_tried ? 1 : 0));
    }
    return key;
}
