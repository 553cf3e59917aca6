/*
 * export_read.c - reading a "pace-export" document strictly, for an
 * import (export.h). The bytes are walked with jsonscan.h: the top-level
 * members are found first, then read in a fixed order (the kit before the
 * sessions that name its items), and the lists ("sessions", "ladder",
 * "sharing", "audit") one entry at a time, each entry parsed by jansson
 * and turned into plain structs before the next. So a file of any size Pace writes never becomes
 * one large JSON tree, and what it holds is checked by the same validators the API uses.
 */
#include "core/export_priv.h"

#include "core/i18n.h"
#include "core/jsonscan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the document, piece by piece ---- */

enum member {
    M_FORMAT,
    M_VERSION,
    M_EXPORTED,
    M_ACCOUNT,
    M_KIT,
    M_PROGRAM,
    M_GOALS,
    M_SESSIONS,
    M_LADDER,
    M_REMINDERS,
    M_SHARING,
    M_AUDIT,
    M_COUNT
};

static const char *const member_names[M_COUNT] = {
    "format", "format_version", "exported_at", "account",   "kit",     "program",
    "goals",  "sessions",       "ladder",      "reminders", "sharing", "audit",
};

/* The version of the format each member came with. */
static const long member_since[M_COUNT] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3};

struct reader {
    const char *p;
    size_t len;
    const struct catalog *cat;
    const struct plan_library *lib;
    int64_t now;
    struct export_doc *d;
    struct pace_error *err;
    size_t at[M_COUNT], n[M_COUNT]; /* where each member's value is; n 0 when absent */
    char unknown[64];               /* the first key Pace does not know, "" when none */
    long version;
    size_t cap_sessions, cap_ladder, cap_grants, cap_audit;
};

/* The file is not JSON: what is wrong, and where (the byte at off). */
static int not_json(struct reader *r, size_t off, const char *what)
{
    int line, column;
    jscan_where(r->p, off, &line, &column);
    return pace_fail(r->err, PACE_EINVAL, NULL,
                     _("The file is not valid JSON: %s (line %d, column %d)."), what, line, column);
}

static int not_json_at(struct reader *r, const json_error_t *je)
{
    return pace_fail(r->err, PACE_EINVAL, NULL,
                     _("The file is not valid JSON: %s (line %d, column %d)."), je->text, je->line,
                     je->column);
}

static int ends_early(struct reader *r)
{
    return not_json(r, r->len, "the file ends too early");
}

/* The length of the value at off, whose structure is checked; 0 with the
 * error set when it is broken. */
static size_t value_at(struct reader *r, size_t off, size_t end, int *rc)
{
    struct jscan_error e;
    size_t n = jscan_value(r->p + off, end - off, &e);
    *rc = n ? 0 : not_json(r, off + e.at, e.what);
    return n;
}

/* Parses the piece at off (n bytes) that path names; NULL with *rc set
 * when it is too large or not JSON. */
static json_t *piece(struct reader *r, size_t off, size_t n, const char *path, int *rc)
{
    if (n > EXPORT_PART_BYTES) {
        char msg[160];
        snprintf(msg, sizeof msg, _("%s is larger than Pace ever writes it."), path);
        *rc = export_bad(r->err, path, msg);
        return NULL;
    }
    json_error_t je;
    json_t *j = jscan_parse(r->p, off, n, &je);
    *rc = j ? 0 : not_json_at(r, &je);
    return j;
}

/* Member m parsed; NULL when it is absent (*rc 0) or cannot be read. */
static json_t *member(struct reader *r, enum member m, int *rc)
{
    *rc = 0;
    return r->n[m] ? piece(r, r->at[m], r->n[m], member_names[m], rc) : NULL;
}

static int note_member(struct reader *r, const char *key, size_t key_at, size_t at, size_t n)
{
    for (int m = 0; m < M_COUNT; m++) {
        if (strcmp(member_names[m], key) != 0)
            continue;
        if (r->n[m] != 0)
            return not_json(r, key_at, "duplicate object key");
        r->at[m] = at;
        r->n[m] = n;
        return 0;
    }
    if (r->unknown[0] == '\0') {
        /* Only as much as fits, cut at a character's start. */
        size_t k = strlen(key) < 40 ? strlen(key) : 40;
        while (k > 0 && ((unsigned char)key[k] & 0xC0) == 0x80)
            k--;
        snprintf(r->unknown, sizeof r->unknown, "%.*s", (int)k, key);
        if (r->unknown[0] == '\0')
            snprintf(r->unknown, sizeof r->unknown, "?");
    }
    return 0;
}

/* Finds the top-level members (one object, keys in quotes, values of any
 * kind) without parsing their values, and nothing after the object. */
static int scan_members(struct reader *r)
{
    const char *p = r->p;
    size_t pos = jscan_ws(p, r->len, 0);
    if (pos == r->len)
        return not_json(r, pos, "there is nothing in it");
    if (p[pos] != '{')
        return jscan_starts_value(p[pos])
                   ? export_bad(r->err, NULL,
                                _("The file must hold one JSON object, as Pace exports it."))
                   : not_json(r, pos, "'{' expected");
    pos = jscan_ws(p, r->len, pos + 1);
    bool first = true;
    for (;;) {
        if (pos == r->len)
            return ends_early(r);
        if (first && p[pos] == '}')
            break;
        if (p[pos] != '"')
            return not_json(r, pos, "a key in quotes expected");
        int rc;
        size_t kn = value_at(r, pos, r->len, &rc);
        if (kn == 0)
            return rc;
        json_error_t je;
        json_t *key = jscan_parse(p, pos, kn, &je);
        if (key == NULL)
            return not_json_at(r, &je);
        size_t key_at = pos;
        pos = jscan_ws(p, r->len, pos + kn);
        size_t vn = 0;
        if (pos == r->len)
            rc = ends_early(r);
        else if (p[pos] != ':')
            rc = not_json(r, pos, "':' expected");
        else if ((vn = value_at(r, (pos = jscan_ws(p, r->len, pos + 1)), r->len, &rc)) != 0)
            rc = note_member(r, json_string_value(key), key_at, pos, vn);
        json_decref(key);
        if (rc != 0)
            return rc;
        pos = jscan_ws(p, r->len, pos + vn);
        if (pos == r->len)
            return ends_early(r);
        if (p[pos] == '}')
            break;
        if (p[pos] != ',')
            return not_json(r, pos, "',' or '}' expected");
        pos = jscan_ws(p, r->len, pos + 1);
        first = false;
    }
    pos = jscan_ws(p, r->len, pos + 1);
    return pos == r->len ? 0 : not_json(r, pos, "end of file expected");
}

static int read_header(struct reader *r)
{
    int rc;
    json_t *v = member(r, M_FORMAT, &rc);
    if (rc != 0)
        return rc;
    const char *format = json_string_value(v);
    bool ok = format != NULL && strcmp(format, EXPORT_FORMAT) == 0;
    json_decref(v);
    if (!ok)
        return export_bad(r->err, "format",
                          _("This is not a Pace export: format must be \"pace-export\"."));
    if ((v = member(r, M_VERSION, &rc)) == NULL && rc != 0)
        return rc;
    r->version = json_is_integer(v) ? (long)json_integer_value(v) : 0;
    json_decref(v);
    if (r->version < 1 || r->version > EXPORT_FORMAT_VERSION)
        return export_bad(r->err, "format_version",
                          _("This export's format_version is not one this version of Pace reads "
                            "(it reads 1, 2 and 3)."));
    /* A member newer than the file's version is one that version did not
     * have. */
    for (int m = 0; m < M_COUNT && r->unknown[0] == '\0'; m++)
        if (r->n[m] != 0 && member_since[m] > r->version)
            snprintf(r->unknown, sizeof r->unknown, "%s", member_names[m]);
    if (r->unknown[0])
        return pace_fail(r->err, PACE_EINVAL, r->unknown, _("There is no field called \"%s\"."),
                         r->unknown);
    if ((v = member(r, M_EXPORTED, &rc)) == NULL && rc != 0)
        return rc;
    int64_t t;
    rc = export_read_time(v, false, "exported_at", &t, r->err);
    json_decref(v);
    return rc;
}

/* Reads the small member m with fn. */
static int read_part(struct reader *r, enum member m, int (*fn)(struct reader *r, const json_t *v))
{
    int rc;
    json_t *v = member(r, m, &rc);
    if (rc == 0)
        rc = fn(r, v);
    json_decref(v);
    return rc;
}

static int part_account(struct reader *r, const json_t *v)
{
    return export_read_account(v, r->version, r->d, r->err);
}

static int part_kit(struct reader *r, const json_t *v)
{
    return export_read_kit(v, r->cat, r->d, r->err);
}

static int part_program(struct reader *r, const json_t *v)
{
    return export_read_program(v, r->lib, r->now, r->d, r->err);
}

static int part_goals(struct reader *r, const json_t *v)
{
    return export_read_goals(v, r->lib, r->now, r->d, r->err);
}

static int part_reminders(struct reader *r, const json_t *v)
{
    return export_read_reminders(v, r->version, r->d, r->err);
}

/* Calls each for every entry of the list member m, one parsed entry at a
 * time; more than max entries are refused. */
static int each_entry(struct reader *r, enum member m, size_t max,
                      int (*each)(struct reader *r, const json_t *o, size_t i))
{
    const char *name = member_names[m];
    char msg[160];
    if (r->n[m] == 0 && member_since[m] > 1)
        return 0; /* a list that came later may be absent */
    if (r->n[m] == 0 || r->p[r->at[m]] != '[') {
        snprintf(msg, sizeof msg, _("%s must be a list."), name);
        return export_bad(r->err, name, msg);
    }
    size_t end = r->at[m] + r->n[m] - 1; /* the closing bracket */
    if (r->p[end] != ']')
        return not_json(r, end, "']' expected");
    size_t pos = jscan_ws(r->p, end, r->at[m] + 1);
    for (size_t i = 0; pos < end; i++) {
        int rc;
        size_t n = value_at(r, pos, end, &rc);
        if (n == 0)
            return rc;
        if (i >= max) {
            snprintf(msg, sizeof msg, _("%s has more entries than Pace can take (at most %zu)."),
                     name, max);
            return export_bad(r->err, name, msg);
        }
        char path[40];
        snprintf(path, sizeof path, "%s[%zu]", name, i);
        json_t *o = piece(r, pos, n, path, &rc);
        if (o == NULL)
            return rc;
        rc = each(r, o, i);
        json_decref(o);
        if (rc != 0)
            return rc;
        pos = jscan_ws(r->p, end, pos + n);
        if (pos < end && r->p[pos] != ',')
            return not_json(r, pos, "',' or ']' expected");
        if (pos < end && (pos = jscan_ws(r->p, end, pos + 1)) == end)
            return not_json(r, pos, "a value expected");
    }
    return 0;
}

static int read_session(struct reader *r, const json_t *o, size_t i)
{
    struct export_doc *d = r->d;
    if (d->nsessions == r->cap_sessions) {
        r->cap_sessions = r->cap_sessions ? 2 * r->cap_sessions : 64;
        d->sessions = xrealloc(d->sessions, r->cap_sessions * sizeof *d->sessions);
    }
    struct practice *p = &d->sessions[d->nsessions];
    practice_init(p);
    const char *id = json_is_object(o) ? json_string_value(json_object_get(o, "id")) : NULL;
    if (json_is_object(o) && !export_uuid_valid(id)) {
        char f[40];
        snprintf(f, sizeof f, "sessions[%zu].id", i);
        return export_bad(r->err, f, _("Each session needs its id, a UUID as Pace exports it."));
    }
    int rc = practice_from_json(o, r->now, p, r->err);
    if (rc == 0 && (rc = export_session_dilator(d, r->cat, p, r->err)) != 0)
        practice_clear(p);
    if (rc != 0)
        return export_within(r->err, rc, "sessions[%zu]", i);
    snprintf(p->id, sizeof p->id, "%s", id);
    for (size_t k = 0; k < PRACTICE_ID_LEN; k++)
        if (p->id[k] >= 'A' && p->id[k] <= 'F')
            p->id[k] = (char)(p->id[k] - 'A' + 'a');
    d->nsessions++;
    return 0;
}

struct id_ref {
    const char *id;
    size_t i;
};

static int id_ref_cmp(const void *a, const void *b)
{
    const struct id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/* Two sessions with one id: names the first session that repeats an
 * earlier one. */
static int unique_sessions(struct reader *r)
{
    size_t n = r->d->nsessions, worst = n;
    struct id_ref *refs = xcalloc(n ? n : 1, sizeof *refs);
    for (size_t i = 0; i < n; i++)
        refs[i] = (struct id_ref){r->d->sessions[i].id, i};
    qsort(refs, n, sizeof *refs, id_ref_cmp);
    for (size_t k = 1; k < n; k++)
        if (strcmp(refs[k].id, refs[k - 1].id) == 0 && refs[k].i < worst &&
            (k < 2 || strcmp(refs[k - 1].id, refs[k - 2].id) != 0))
            worst = refs[k].i;
    free(refs);
    if (worst == n)
        return 0;
    char f[40];
    snprintf(f, sizeof f, "sessions[%zu].id", worst);
    return export_bad(r->err, f, _("Two sessions in this file have the same id."));
}

static int read_ladder_entry(struct reader *r, const json_t *o, size_t i)
{
    struct export_doc *d = r->d;
    if (d->nladder == r->cap_ladder) {
        r->cap_ladder = r->cap_ladder ? 2 * r->cap_ladder : 16;
        d->ladder = xrealloc(d->ladder, r->cap_ladder * sizeof *d->ladder);
    }
    static const char *const keys[] = {"taken_at", "items"};
    char path[32], f[48];
    snprintf(path, sizeof path, "ladder[%zu]", i);
    snprintf(f, sizeof f, "%s.taken_at", path);
    struct ladder_entry *e = &d->ladder[d->nladder];
    int64_t at = 0;
    int rc;
    if ((rc = export_need_object(o, path, r->err)) != 0 ||
        (rc = export_known_keys(o, keys, 2, path, r->err)) != 0 ||
        (rc = export_read_time(json_object_get(o, "taken_at"), false, f, &at, r->err)) != 0)
        return rc;
    if ((rc = ladder_items_from_json(json_object_get(o, "items"), e, r->err)) != 0)
        return export_within(r->err, rc, "%s", path);
    e->id = 0;
    e->taken_at = at;
    d->nladder++;
    return 0;
}

static int read_grant(struct reader *r, const json_t *o, size_t i)
{
    return export_read_grant(o, i, r->d, &r->cap_grants, r->err);
}

static int read_audit(struct reader *r, const json_t *o, size_t i)
{
    return export_read_audit(o, i, r->d, &r->cap_audit, r->err);
}

int export_read(const char *bytes, size_t len, const struct catalog *cat,
                const struct plan_library *l, int64_t now, struct export_doc *out,
                struct pace_error *err)
{
    export_doc_init(out);
    struct reader r = {.p = bytes ? bytes : "",
                       .len = bytes ? len : 0,
                       .cat = cat,
                       .lib = l,
                       .now = now,
                       .d = out,
                       .err = err};
    int rc = scan_members(&r);
    if (rc == 0)
        rc = read_header(&r);
    if (rc == 0)
        rc = read_part(&r, M_ACCOUNT, part_account);
    if (rc == 0)
        rc = read_part(&r, M_KIT, part_kit);
    if (rc == 0)
        rc = read_part(&r, M_PROGRAM, part_program);
    if (rc == 0)
        rc = read_part(&r, M_GOALS, part_goals);
    if (rc == 0)
        rc = each_entry(&r, M_SESSIONS, EXPORT_MAX_SESSIONS, read_session);
    if (rc == 0)
        rc = unique_sessions(&r);
    if (rc == 0)
        rc = each_entry(&r, M_LADDER, EXPORT_MAX_LADDER, read_ladder_entry);
    if (rc == 0)
        rc = read_part(&r, M_REMINDERS, part_reminders);
    if (rc == 0)
        rc = each_entry(&r, M_SHARING, SIZE_MAX, read_grant);
    if (rc == 0)
        rc = each_entry(&r, M_AUDIT, SIZE_MAX, read_audit);
    if (rc != 0)
        export_doc_free(out);
    return rc;
}

int export_from_json(const json_t *j, const struct catalog *cat, const struct plan_library *l,
                     int64_t now, struct export_doc *out, struct pace_error *err)
{
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    int rc = export_read(text, text ? strlen(text) : 0, cat, l, now, out, err);
    free(text);
    return rc;
}
