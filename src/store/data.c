/* data.c - gathering her data for an export, and importing one (data.h). */
#include "store/data.h"

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
        rc = store_ladder_list(s, user_id, EXPORT_MAX_LADDER, &d->ladder, &d->nladder, err);
    if (rc == 0) {
        rc = store_reminder_get(s, user_id, &d->reminder, NULL, err);
        d->has_reminder = rc == 0;
        if (rc == PACE_ENOTFOUND)
            rc = 0;
    }
    if (rc != 0)
        export_doc_free(d);
    return rc;
}

int data_import(struct store *s, const struct catalog *cat, const struct plan_library *l,
                int64_t user_id, const char *bytes, size_t len, int64_t now,
                struct import_counts *out, struct pace_error *err)
{
    json_error_t je;
    json_t *j = json_loadb(bytes ? bytes : "", len, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL) {
        /* jansson quotes the input near the error: keep it printable ASCII. */
        for (char *c = je.text; *c; c++)
            if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
                *c = '?';
        return pace_fail(err, PACE_EINVAL, NULL,
                         _("The file is not valid JSON: %s (line %d, column %d)."), je.text,
                         je.line, je.column);
    }
    struct export_doc d;
    int rc = export_from_json(j, cat, l, now, &d, err);
    json_decref(j);
    if (rc != 0)
        return rc;
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

void data_patient_id(struct store *s, int64_t user_id, char out[48])
{
    unsigned char k[CRYPTO_KEY_BYTES];
    crypto_subkey(store_key(s), 4, "fhir-pid", k);
    char idtext[32], hex[2 * CRYPTO_HASH_BYTES + 1];
    snprintf(idtext, sizeof idtext, "%lld", (long long)user_id);
    crypto_keyed_hex(k, idtext, hex);
    crypto_wipe(k, sizeof k);
    snprintf(out, 48, "pace-%.32s", hex);
}

int data_format_parse(const char *s)
{
    if (s == NULL || strcmp(s, "json") == 0)
        return DATA_JSON;
    if (strcmp(s, "csv") == 0)
        return DATA_CSV;
    if (strcmp(s, "fhir") == 0)
        return DATA_FHIR;
    return -1;
}

int data_render(struct store *s, int64_t user_id, enum data_format f, int64_t now,
                struct buf *out, struct pace_error *err)
{
    struct export_doc d;
    int rc = data_gather(s, user_id, &d, err);
    if (rc != 0)
        return rc;
    json_t *j = NULL;
    if (f == DATA_CSV) {
        csv_sessions(d.sessions, d.nsessions, out);
    } else if (f == DATA_FHIR) {
        char pid[48];
        data_patient_id(s, user_id, pid);
        j = fhir_bundle(&d, pid, now);
    } else {
        j = export_to_json(&d, now);
    }
    export_doc_free(&d);
    if (j) {
        char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(j);
        buf_puts(out, text);
        buf_putc(out, '\n');
        crypto_wipe(text, strlen(text));
        free(text);
    }
    return 0;
}
