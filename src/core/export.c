/* export.c - the "pace-export" JSON document: writing and strict reading. */
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
    json_t *goals = json_array();
    for (size_t i = 0; i < d->ngoals; i++)
        json_array_append_new(goals, goal_json(&d->goals[i]));
    json_object_set_new(j, "goals", goals);
    json_t *sessions = json_array();
    for (size_t i = 0; i < d->nsessions; i++)
        json_array_append_new(sessions, practice_to_json(&d->sessions[i]));
    json_object_set_new(j, "sessions", sessions);
    json_t *ladder = json_array();
    for (size_t i = 0; i < d->nladder; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "taken_at", time_json(d->ladder[i].taken_at));
        json_object_set_new(o, "items", ladder_items_json(&d->ladder[i]));
        json_array_append_new(ladder, o);
    }
    json_object_set_new(j, "ladder", ladder);
    json_object_set_new(j, "reminders", reminder_json(d));
    return j;
}

/* ---- reading ---- */

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

/* Puts prefix (printf-style) before err->field: "after.pain" becomes
 * "sessions[3].after.pain"; an empty field becomes the prefix alone. */
static int within(struct pace_error *err, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int within(struct pace_error *err, int rc, const char *fmt, ...)
{
    if (err == NULL)
        return rc;
    char pre[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    struct buf b = {0};
    buf_puts(&b, pre);
    if (err->field[0]) {
        buf_putc(&b, '.');
        buf_puts(&b, err->field);
    }
    snprintf(err->field, sizeof err->field, "%.*s", (int)sizeof err->field - 1, b.data);
    buf_free(&b);
    return rc;
}

static int bad(struct pace_error *err, const char *field, const char *msg)
{
    return pace_fail(err, PACE_EINVAL, field, "%s", msg);
}

/* Refuses keys of o not in keys; path names o ("" at the top). */
static int known_keys(const json_t *o, const char *const *keys, size_t nkeys, const char *path,
                      struct pace_error *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        size_t i = 0;
        while (i < nkeys && strcmp(keys[i], key) != 0)
            i++;
        if (i == nkeys) {
            char f[64];
            snprintf(f, sizeof f, "%s%s%.40s", path, path[0] ? "." : "", key);
            return pace_fail(err, PACE_EINVAL, f, _("There is no field called \"%s\"."), f);
        }
    }
    return 0;
}

static int need_object(const json_t *v, const char *field, struct pace_error *err)
{
    if (json_is_object(v))
        return 0;
    char msg[160];
    snprintf(msg, sizeof msg, _("%s must be an object."), field);
    return bad(err, field, msg);
}

static int need_array(const json_t *v, const char *field, size_t max, struct pace_error *err)
{
    char msg[160];
    if (!json_is_array(v)) {
        snprintf(msg, sizeof msg, _("%s must be a list."), field);
        return bad(err, field, msg);
    }
    if (json_array_size(v) > max) {
        snprintf(msg, sizeof msg, _("%s has more entries than Pace can take (at most %zu)."),
                 field, max);
        return bad(err, field, msg);
    }
    return 0;
}

static int read_time(const json_t *v, bool nullable, const char *field, int64_t *out,
                     struct pace_error *err)
{
    *out = 0;
    if (nullable && json_is_null(v))
        return 0;
    if (!json_is_string(v) || rfc3339_parse(json_string_value(v), out) != 0 || *out <= 0) {
        char msg[160];
        snprintf(msg, sizeof msg, _("%s must be a date and time like 2026-11-24T19:05:00Z."),
                 field);
        return bad(err, field, msg);
    }
    return 0;
}

static int read_header(const json_t *j, struct pace_error *err)
{
    if (!json_is_object(j))
        return bad(err, NULL, _("The file must hold one JSON object, as Pace exports it."));
    const char *format = json_string_value(json_object_get(j, "format"));
    if (format == NULL || strcmp(format, EXPORT_FORMAT) != 0)
        return bad(err, "format", _("This is not a Pace export: format must be \"pace-export\"."));
    const json_t *v = json_object_get(j, "format_version");
    if (!json_is_integer(v) || json_integer_value(v) != EXPORT_FORMAT_VERSION)
        return bad(err, "format_version",
                   _("This export's format_version is not one this version of Pace reads "
                     "(it reads 1)."));
    static const char *const keys[] = {"format",   "format_version", "exported_at", "account",
                                       "kit",      "program",        "goals",       "sessions",
                                       "ladder",   "reminders"};
    int rc = known_keys(j, keys, sizeof keys / sizeof keys[0], "", err);
    int64_t t;
    if (rc == 0)
        rc = read_time(json_object_get(j, "exported_at"), false, "exported_at", &t, err);
    return rc;
}

static int read_account(const json_t *a, struct export_doc *d, struct pace_error *err)
{
    static const char *const keys[] = {"email", "language", "created_at", "about"};
    int rc = need_object(a, "account", err);
    if (rc == 0)
        rc = known_keys(a, keys, 4, "account", err);
    if (rc != 0)
        return rc;
    const json_t *email = json_object_get(a, "email");
    if (!json_is_string(email) || json_string_length(email) > ACCOUNT_EMAIL_MAX)
        return bad(err, "account.email", _("account.email must be the account's email address."));
    snprintf(d->email, sizeof d->email, "%s", json_string_value(email));
    const json_t *lang = json_object_get(a, "language");
    if (lang && !json_is_null(lang)) {
        d->lang = json_is_string(lang) ? i18n_parse(json_string_value(lang)) : -1;
        if (d->lang < 0)
            return bad(err, "account.language",
                       _("account.language must be a language Pace speaks (en, de) or null."));
    }
    rc = read_time(json_object_get(a, "created_at"), false, "account.created_at", &d->created_at,
                   err);
    if (rc != 0)
        return rc;
    const json_t *about = json_object_get(a, "about");
    if (about && !json_is_null(about) && !json_is_string(about))
        return bad(err, "account.about", _("account.about must be text."));
    const char *text = json_is_string(about) ? json_string_value(about) : "";
    if ((rc = account_note_check(text, err)) != 0)
        return within(err, rc, "account.about");
    d->about = xstrdup(text);
    return 0;
}

/* The file's own item with the export's id, or NULL. */
static const struct custom_item *file_custom(const struct export_doc *d, const char *id)
{
    int64_t n;
    if (!custom_id_parse(id, &n))
        return NULL;
    for (size_t i = 0; i < d->ncustom; i++)
        if (d->customs[i].id == n)
            return &d->customs[i];
    return NULL;
}

static int read_custom(const json_t *o, size_t i, struct export_doc *d, struct pace_error *err)
{
    char path[48];
    snprintf(path, sizeof path, "kit.custom_items[%zu]", i);
    static const char *const keys[] = {"id",       "label",    "kind",      "diameter_mm",
                                       "length_mm", "material", "created_at"};
    int rc = need_object(o, path, err);
    if (rc == 0)
        rc = known_keys(o, keys, sizeof keys / sizeof keys[0], path, err);
    if (rc != 0)
        return rc;
    const char *id = json_string_value(json_object_get(o, "id"));
    int64_t n = 0;
    if (id == NULL || !custom_id_parse(id, &n) || file_custom(d, id) != NULL) {
        char f[64];
        snprintf(f, sizeof f, "%s.id", path);
        return bad(err, f, _("Each of your own items needs its own id like \"custom-7\"."));
    }
    int64_t created = 0;
    char f[64];
    snprintf(f, sizeof f, "%s.created_at", path);
    if ((rc = read_time(json_object_get(o, "created_at"), false, f, &created, err)) != 0)
        return rc;
    json_t *body = json_deep_copy(o);
    json_object_del(body, "id");
    json_object_del(body, "created_at");
    struct custom_item *c = &d->customs[d->ncustom];
    rc = custom_item_from_json(body, c, err);
    json_decref(body);
    if (rc != 0)
        return within(err, rc, "%s", path);
    c->id = n;
    c->created_at = created;
    d->ncustom++;
    return 0;
}

static int read_kit(const json_t *k, const struct catalog *cat, struct export_doc *d,
                    struct pace_error *err)
{
    static const char *const keys[] = {"items", "custom_items"};
    int rc = need_object(k, "kit", err);
    if (rc == 0)
        rc = known_keys(k, keys, 2, "kit", err);
    const json_t *customs = json_object_get(k, "custom_items");
    const json_t *items = json_object_get(k, "items");
    if (rc == 0)
        rc = need_array(customs, "kit.custom_items", CUSTOM_MAX_ITEMS, err);
    if (rc == 0)
        rc = need_array(items, "kit.items", KIT_MAX_ITEMS, err);
    if (rc != 0)
        return rc;
    d->customs = xcalloc(json_array_size(customs) + 1, sizeof *d->customs);
    for (size_t i = 0; i < json_array_size(customs) && rc == 0; i++)
        rc = read_custom(json_array_get(customs, i), i, d, err);
    if (rc != 0)
        return rc;
    d->kit = xcalloc(json_array_size(items) + 1, sizeof *d->kit);
    for (size_t i = 0; i < json_array_size(items); i++) {
        char f[32];
        snprintf(f, sizeof f, "kit.items[%zu]", i);
        const char *id = json_string_value(json_array_get(items, i));
        if (id == NULL || strlen(id) >= CATALOG_ID_MAX ||
            (catalog_find(cat, id) == NULL && file_custom(d, id) == NULL))
            return bad(err, f,
                       _("This is not an item of Pace's catalogs or one of your own items in "
                         "this file."));
        for (size_t k2 = 0; k2 < d->nkit; k2++)
            if (strcmp(d->kit[k2].s, id) == 0)
                return bad(err, f, _("This item is listed twice."));
        snprintf(d->kit[d->nkit++].s, CATALOG_ID_MAX, "%s", id);
    }
    return 0;
}

static int read_program(const json_t *p, const struct plan_library *l, int64_t now,
                        struct export_doc *d, struct pace_error *err)
{
    if (p == NULL || json_is_null(p))
        return 0;
    int rc = need_object(p, "program", err);
    if (rc == 0 && json_object_get(p, "started_at") == NULL)
        rc = bad(err, "program.started_at",
                 _("started_at must be a date and time like 2026-11-24T00:00:00Z."));
    if (rc == 0 && (rc = plan_choice_from_json(l, p, NULL, now, &d->program, err)) != 0)
        return within(err, rc, "program");
    d->has_program = rc == 0;
    return rc;
}

static int read_goals(const json_t *g, const struct plan_library *l, int64_t now,
                      struct export_doc *d, struct pace_error *err)
{
    int rc = need_array(g, "goals", PLAN_MAX_GOALS, err);
    if (rc != 0)
        return rc;
    /* The goals' own reader takes what the API takes; the export adds the
     * row id (this instance's, not kept) and when she chose each goal. */
    size_t n = json_array_size(g);
    int64_t *chosen = xcalloc(n + 1, sizeof *chosen);
    json_t *list = json_array();
    for (size_t i = 0; i < n && rc == 0; i++) {
        const json_t *o = json_array_get(g, i);
        char path[32], f[48];
        snprintf(path, sizeof path, "goals[%zu]", i);
        if ((rc = need_object(o, path, err)) != 0)
            break;
        const json_t *id = json_object_get(o, "id");
        if (id && !json_is_integer(id) && !json_is_null(id)) {
            snprintf(f, sizeof f, "%s.id", path);
            rc = bad(err, f, _("A goal's id must be a whole number."));
            break;
        }
        snprintf(f, sizeof f, "%s.chosen_at", path);
        if ((rc = read_time(json_object_get(o, "chosen_at"), false, f, &chosen[i], err)) != 0)
            break;
        json_t *copy = json_deep_copy(o);
        json_object_del(copy, "id");
        json_object_del(copy, "chosen_at");
        json_array_append_new(list, copy);
    }
    if (rc == 0) {
        json_t *body = json_object();
        json_object_set_new(body, "goals", list);
        rc = plan_goals_from_json(l, body, now, &d->goals, &d->ngoals, err);
        json_decref(body);
        for (size_t i = 0; rc == 0 && i < d->ngoals; i++)
            d->goals[i].chosen_at = chosen[i];
    } else {
        json_decref(list);
    }
    free(chosen);
    return rc;
}

/* The dilator a session names: one of the catalogs, or her own in the
 * file, with a size that item can have. */
static int session_dilator(const struct export_doc *d, const struct catalog *cat,
                           struct practice *p, struct pace_error *err)
{
    if (p->dilator_id[0] == '\0')
        return p->diameter_mm != 0
                   ? bad(err, "diameter_mm",
                         _("diameter_mm needs a dilator_id: the size of which dilator?"))
                   : 0;
    double lo, hi;
    const struct catalog_item *it = catalog_find(cat, p->dilator_id);
    const struct custom_item *c = it ? NULL : file_custom(d, p->dilator_id);
    if (it) {
        lo = it->diameter_mm;
        hi = it->diameter_max_mm > lo ? it->diameter_max_mm : lo;
    } else if (c) {
        lo = hi = c->diameter_mm;
    } else {
        return bad(err, "dilator_id",
                   _("dilator_id must name an item of Pace's catalogs or one of your own items "
                     "in this file."));
    }
    if (p->diameter_mm == 0)
        return bad(err, "diameter_mm", _("Please give diameter_mm: the size used that day."));
    if (p->diameter_mm < lo - 0.05 || p->diameter_mm > hi + 0.05)
        return bad(err, "diameter_mm", _("diameter_mm does not match the size of that dilator."));
    return 0;
}

static int read_sessions(const json_t *a, const struct catalog *cat, int64_t now,
                         struct export_doc *d, struct pace_error *err)
{
    int rc = need_array(a, "sessions", EXPORT_MAX_SESSIONS, err);
    if (rc != 0)
        return rc;
    size_t n = json_array_size(a);
    d->sessions = xcalloc(n + 1, sizeof *d->sessions);
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(a, i);
        struct practice *p = &d->sessions[i];
        practice_init(p);
        const char *id = json_is_object(o) ? json_string_value(json_object_get(o, "id")) : NULL;
        if (json_is_object(o) && !export_uuid_valid(id)) {
            char f[40];
            snprintf(f, sizeof f, "sessions[%zu].id", i);
            return bad(err, f, _("Each session needs its id, a UUID as Pace exports it."));
        }
        if ((rc = practice_from_json(o, now, p, err)) == 0 &&
            (rc = session_dilator(d, cat, p, err)) != 0)
            practice_clear(p);
        if (rc != 0)
            return within(err, rc, "sessions[%zu]", i);
        snprintf(p->id, sizeof p->id, "%s", id);
        for (size_t k = 0; k < PRACTICE_ID_LEN; k++)
            if (p->id[k] >= 'A' && p->id[k] <= 'F')
                p->id[k] = (char)(p->id[k] - 'A' + 'a');
        d->nsessions++;
        for (size_t k = 0; k < i; k++)
            if (strcmp(d->sessions[k].id, p->id) == 0) {
                char f[40];
                snprintf(f, sizeof f, "sessions[%zu].id", i);
                return bad(err, f, _("Two sessions in this file have the same id."));
            }
    }
    return 0;
}

static int read_ladder(const json_t *a, struct export_doc *d, struct pace_error *err)
{
    int rc = need_array(a, "ladder", EXPORT_MAX_LADDER, err);
    if (rc != 0)
        return rc;
    size_t n = json_array_size(a);
    d->ladder = xcalloc(n + 1, sizeof *d->ladder);
    static const char *const keys[] = {"taken_at", "items"};
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(a, i);
        char path[32], f[48];
        snprintf(path, sizeof path, "ladder[%zu]", i);
        snprintf(f, sizeof f, "%s.taken_at", path);
        struct ladder_entry *e = &d->ladder[i];
        int64_t at = 0;
        if ((rc = need_object(o, path, err)) != 0 ||
            (rc = known_keys(o, keys, 2, path, err)) != 0 ||
            (rc = read_time(json_object_get(o, "taken_at"), false, f, &at, err)) != 0)
            return rc;
        if ((rc = ladder_items_from_json(json_object_get(o, "items"), e, err)) != 0)
            return within(err, rc, "%s", path);
        e->taken_at = at;
        d->nladder++;
    }
    return 0;
}

static int read_reminders(const json_t *o, struct export_doc *d, struct pace_error *err)
{
    if (o == NULL || json_is_null(o))
        return 0;
    static const char *const keys[] = {"days", "time", "title"};
    int rc = need_object(o, "reminders", err);
    if (rc == 0)
        rc = known_keys(o, keys, 3, "reminders", err);
    if (rc != 0)
        return rc;
    struct reminder *r = &d->reminder;
    memset(r, 0, sizeof *r);
    const json_t *days = json_object_get(o, "days");
    if ((rc = need_array(days, "reminders.days", 7, err)) != 0)
        return rc;
    for (size_t i = 0; i < json_array_size(days); i++) {
        const char *name = json_string_value(json_array_get(days, i));
        int day = 0;
        while (day < 7 && !(name && strcmp(reminder_day_name(day), name) == 0))
            day++;
        if (day == 7) {
            char f[40];
            snprintf(f, sizeof f, "reminders.days[%zu]", i);
            return bad(err, f, _("A day is one of mon, tue, wed, thu, fri, sat, sun."));
        }
        r->days |= 1u << day;
    }
    const char *time = json_string_value(json_object_get(o, "time"));
    if (time == NULL || reminder_time_parse(time, &r->minute) != 0 || r->minute < 0)
        return bad(err, "reminders.time", _("reminders.time must be a time like 19:05."));
    const char *title = json_string_value(json_object_get(o, "title"));
    if (title == NULL || strlen(title) >= sizeof r->title)
        return bad(err, "reminders.title", _("reminders.title must be text of 1 to 60 characters."));
    snprintf(r->title, sizeof r->title, "%s", title);
    if ((rc = reminder_check(r, err)) != 0)
        return within(err, rc, "reminders");
    d->has_reminder = true;
    return 0;
}

int export_from_json(const json_t *j, const struct catalog *cat, const struct plan_library *l,
                     int64_t now, struct export_doc *out, struct pace_error *err)
{
    export_doc_init(out);
    int rc = read_header(j, err);
    if (rc == 0)
        rc = read_account(json_object_get(j, "account"), out, err);
    if (rc == 0)
        rc = read_kit(json_object_get(j, "kit"), cat, out, err);
    if (rc == 0)
        rc = read_program(json_object_get(j, "program"), l, now, out, err);
    if (rc == 0)
        rc = read_goals(json_object_get(j, "goals"), l, now, out, err);
    if (rc == 0)
        rc = read_sessions(json_object_get(j, "sessions"), cat, now, out, err);
    if (rc == 0)
        rc = read_ladder(json_object_get(j, "ladder"), out, err);
    if (rc == 0)
        rc = read_reminders(json_object_get(j, "reminders"), out, err);
    if (rc != 0)
        export_doc_free(out);
    return rc;
}
