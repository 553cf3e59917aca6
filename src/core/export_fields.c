/*
 * export_fields.c - the checks of each part of a "pace-export" document
 * (export_priv.h): the account, her kit and own items, program, goals, one
 * session's dilator, reminders with their time zone. Each reads a parsed part with the
 * validators the API uses and names the path of the first problem.
 */
#include "core/export_priv.h"

#include "core/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Puts prefix (printf-style) before err->field: "after.pain" becomes
 * "sessions[3].after.pain"; an empty field becomes the prefix alone. */
int export_within(struct pace_error *err, int rc, const char *fmt, ...)
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

int export_bad(struct pace_error *err, const char *field, const char *msg)
{
    return pace_fail(err, PACE_EINVAL, field, "%s", msg);
}

/* Refuses keys of o not in keys; path names o ("" at the top). */
int export_known_keys(const json_t *o, const char *const *keys, size_t nkeys, const char *path,
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

int export_need_object(const json_t *v, const char *field, struct pace_error *err)
{
    if (json_is_object(v))
        return 0;
    char msg[160];
    snprintf(msg, sizeof msg, _("%s must be an object."), field);
    return export_bad(err, field, msg);
}

static int need_array(const json_t *v, const char *field, size_t max, struct pace_error *err)
{
    char msg[160];
    if (!json_is_array(v)) {
        snprintf(msg, sizeof msg, _("%s must be a list."), field);
        return export_bad(err, field, msg);
    }
    if (json_array_size(v) > max) {
        snprintf(msg, sizeof msg, _("%s has more entries than Pace can take (at most %zu)."), field,
                 max);
        return export_bad(err, field, msg);
    }
    return 0;
}

int export_read_time(const json_t *v, bool nullable, const char *field, int64_t *out,
                     struct pace_error *err)
{
    *out = 0;
    if (nullable && json_is_null(v))
        return 0;
    if (!json_is_string(v) || rfc3339_parse(json_string_value(v), out) != 0 || *out <= 0) {
        char msg[160];
        snprintf(msg, sizeof msg, _("%s must be a date and time like 2026-11-24T19:05:00Z."),
                 field);
        return export_bad(err, field, msg);
    }
    return 0;
}

int export_read_account(const json_t *a, long version, struct export_doc *d, struct pace_error *err)
{
    static const char *const keys[] = {"email", "language", "created_at", "about", "pseudonym"};
    int rc = export_need_object(a, "account", err);
    if (rc == 0) /* the pseudonym came with version 2 */
        rc = export_known_keys(a, keys, version >= 2 ? 5 : 4, "account", err);
    if (rc != 0)
        return rc;
    const json_t *email = json_object_get(a, "email");
    if (!json_is_string(email) || json_string_length(email) > ACCOUNT_EMAIL_MAX)
        return export_bad(err, "account.email",
                          _("account.email must be the account's email address."));
    snprintf(d->email, sizeof d->email, "%s", json_string_value(email));
    const json_t *lang = json_object_get(a, "language");
    if (lang && !json_is_null(lang)) {
        d->lang = json_is_string(lang) ? i18n_parse(json_string_value(lang)) : -1;
        if (d->lang < 0)
            return export_bad(
                err, "account.language",
                _("account.language must be a language Pace speaks (en, de) or null."));
    }
    rc = export_read_time(json_object_get(a, "created_at"), false, "account.created_at",
                          &d->created_at, err);
    if (rc != 0)
        return rc;
    const json_t *about = json_object_get(a, "about");
    if (about && !json_is_null(about) && !json_is_string(about))
        return export_bad(err, "account.about", _("account.about must be text."));
    const char *text = json_is_string(about) ? json_string_value(about) : "";
    if ((rc = account_note_check(text, err)) != 0)
        return export_within(err, rc, "account.about");
    d->about = xstrdup(text);
    const json_t *pseudonym = json_object_get(a, "pseudonym");
    if (pseudonym && !json_is_null(pseudonym)) {
        if (!export_pseudonym_valid(json_string_value(pseudonym)))
            return export_bad(err, "account.pseudonym",
                              _("account.pseudonym must be \"pace-\" and 32 hex digits, as Pace "
                                "exports it, or null."));
        snprintf(d->pseudonym, sizeof d->pseudonym, "%s", json_string_value(pseudonym));
    }
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
    static const char *const keys[] = {"id",        "label",    "kind",      "diameter_mm",
                                       "length_mm", "material", "created_at"};
    int rc = export_need_object(o, path, err);
    if (rc == 0)
        rc = export_known_keys(o, keys, sizeof keys / sizeof keys[0], path, err);
    if (rc != 0)
        return rc;
    const char *id = json_string_value(json_object_get(o, "id"));
    int64_t n = 0;
    if (id == NULL || !custom_id_parse(id, &n) || file_custom(d, id) != NULL) {
        char f[64];
        snprintf(f, sizeof f, "%s.id", path);
        return export_bad(err, f, _("Each of your own items needs its own id like \"custom-7\"."));
    }
    int64_t created = 0;
    char f[64];
    snprintf(f, sizeof f, "%s.created_at", path);
    if ((rc = export_read_time(json_object_get(o, "created_at"), false, f, &created, err)) != 0)
        return rc;
    json_t *body = json_deep_copy(o);
    json_object_del(body, "id");
    json_object_del(body, "created_at");
    struct custom_item *c = &d->customs[d->ncustom];
    rc = custom_item_from_json(body, c, err);
    json_decref(body);
    if (rc != 0)
        return export_within(err, rc, "%s", path);
    c->id = n;
    c->created_at = created;
    d->ncustom++;
    return 0;
}

int export_read_kit(const json_t *k, const struct catalog *cat, struct export_doc *d,
                    struct pace_error *err)
{
    static const char *const keys[] = {"items", "custom_items"};
    int rc = export_need_object(k, "kit", err);
    if (rc == 0)
        rc = export_known_keys(k, keys, 2, "kit", err);
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
            return export_bad(
                err, f,
                _("This is not an item of Pace's catalogs or one of your own items in "
                  "this file."));
        for (size_t k2 = 0; k2 < d->nkit; k2++)
            if (strcmp(d->kit[k2].s, id) == 0)
                return export_bad(err, f, _("This item is listed twice."));
        snprintf(d->kit[d->nkit++].s, CATALOG_ID_MAX, "%s", id);
    }
    return 0;
}

int export_read_program(const json_t *p, const struct plan_library *l, int64_t now,
                        struct export_doc *d, struct pace_error *err)
{
    if (p == NULL || json_is_null(p))
        return 0;
    int rc = export_need_object(p, "program", err);
    if (rc == 0 && json_object_get(p, "started_at") == NULL)
        rc = export_bad(err, "program.started_at",
                        _("started_at must be a date and time like 2026-11-24T00:00:00Z."));
    if (rc == 0 && (rc = plan_choice_from_json(l, p, NULL, now, &d->program, err)) != 0)
        return export_within(err, rc, "program");
    d->has_program = rc == 0;
    return rc;
}

int export_read_goals(const json_t *g, const struct plan_library *l, int64_t now,
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
        if ((rc = export_need_object(o, path, err)) != 0)
            break;
        const json_t *id = json_object_get(o, "id");
        if (id && !json_is_integer(id) && !json_is_null(id)) {
            snprintf(f, sizeof f, "%s.id", path);
            rc = export_bad(err, f, _("A goal's id must be a whole number."));
            break;
        }
        snprintf(f, sizeof f, "%s.chosen_at", path);
        if ((rc = export_read_time(json_object_get(o, "chosen_at"), false, f, &chosen[i], err)) !=
            0)
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
int export_session_dilator(const struct export_doc *d, const struct catalog *cat,
                           struct practice *p, struct pace_error *err)
{
    if (p->dilator_id[0] == '\0')
        return p->diameter_mm != 0
                   ? export_bad(err, "diameter_mm",
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
        return export_bad(
            err, "dilator_id",
            _("dilator_id must name an item of Pace's catalogs or one of your own items "
              "in this file."));
    }
    if (p->diameter_mm == 0)
        return export_bad(err, "diameter_mm",
                          _("Please give diameter_mm: the size used that day."));
    if (p->diameter_mm < lo - 0.05 || p->diameter_mm > hi + 0.05)
        return export_bad(err, "diameter_mm",
                          _("diameter_mm does not match the size of that dilator."));
    return 0;
}

int export_read_reminders(const json_t *o, long version, struct export_doc *d,
                          struct pace_error *err)
{
    if (o == NULL || json_is_null(o))
        return 0;
    static const char *const keys[] = {"days", "time", "title", "time_zone"};
    int rc = export_need_object(o, "reminders", err);
    if (rc == 0) /* the time zone came with version 3 */
        rc = export_known_keys(o, keys, version >= 3 ? 4 : 3, "reminders", err);
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
            return export_bad(err, f, _("A day is one of mon, tue, wed, thu, fri, sat, sun."));
        }
        r->days |= 1u << day;
    }
    const char *time = json_string_value(json_object_get(o, "time"));
    if (time == NULL || reminder_time_parse(time, &r->minute) != 0 || r->minute < 0)
        return export_bad(err, "reminders.time", _("reminders.time must be a time like 19:05."));
    const char *title = json_string_value(json_object_get(o, "title"));
    if (title == NULL || strlen(title) >= sizeof r->title)
        return export_bad(err, "reminders.title",
                          _("reminders.title must be text of 1 to 60 characters."));
    snprintf(r->title, sizeof r->title, "%s", title);
    const json_t *tz = json_object_get(o, "time_zone");
    if (tz && !json_is_null(tz)) {
        const char *name = json_string_value(tz);
        if (!tz_name_valid(name))
            return export_bad(err, "reminders.time_zone",
                              _("reminders.time_zone must be the name of a time zone like "
                                "Europe/Berlin, or null."));
        snprintf(r->tz, sizeof r->tz, "%s", name);
    }
    if ((rc = reminder_check(r, err)) != 0) {
        if (err && strcmp(err->field, "tz") == 0)
            snprintf(err->field, sizeof err->field, "time_zone");
        return export_within(err, rc, "reminders");
    }
    d->has_reminder = true;
    return 0;
}
