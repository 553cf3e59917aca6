/*
 * test_store_data.c - her data as a whole in the store: store_import adds
 * in one transaction (a refusal late in the file leaves nothing behind),
 * remaps her own items' ids, and skips what she has; store_user_erase
 * removes every row of hers and nobody else's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/data.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <string.h>

#define NOW INT64_C(1795547100)
#define DAY 86400

struct fixture {
    char *dir;
    struct store *s;
    int64_t ann, bea;
};

static int64_t add_user(struct store *s, const char *email)
{
    int64_t id = 0;
    struct pace_error err = {0};
    if (store_user_insert(s, email, "$argon2id$not-a-real-hash", ROLE_PATIENT, NOW, &id, &err))
        fail_msg("inserting %s: %s", email, err.msg);
    return id;
}

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (store_open(f->dir, &f->s, &err) != 0)
        return -1;
    f->ann = add_user(f->s, "ann@example.org");
    f->bea = add_user(f->s, "bea@example.org");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

/* A document with one own item (file id 40, in the kit) and n sessions
 * using it. */
static void doc(struct export_doc *d, size_t n)
{
    export_doc_init(d);
    d->customs = xcalloc(1, sizeof *d->customs);
    d->ncustom = 1;
    d->customs[0] = (struct custom_item){.id = 40, .kind = KIND_DILATOR, .diameter_mm = 23,
                                         .material = MATERIAL_SILICONE, .created_at = NOW - DAY};
    snprintf(d->customs[0].label, sizeof d->customs[0].label, "Blue");
    d->kit = xcalloc(1, sizeof *d->kit);
    d->nkit = 1;
    snprintf(d->kit[0].s, sizeof d->kit[0].s, "custom-40");
    d->sessions = xcalloc(n, sizeof *d->sessions);
    d->nsessions = n;
    for (size_t i = 0; i < n; i++) {
        struct practice *p = &d->sessions[i];
        practice_init(p);
        snprintf(p->id, sizeof p->id, "0a1b2c3d-0000-4000-8000-%012u", (unsigned)(i % 1000));
        p->started_at = NOW - (int64_t)(i + 1) * DAY;
        p->duration_s = 600;
        snprintf(p->dilator_id, sizeof p->dilator_id, "custom-40");
        p->diameter_mm = 23;
        p->note = xstrdup("kept secret");
    }
}

static int64_t count(struct fixture *f, const char *sql, int64_t id)
{
    char *path = xasprintf("%s/pace.db", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(path);
    return n;
}

static void import_remaps_and_skips(void **state)
{
    struct fixture *f = *state;
    struct export_doc d;
    doc(&d, 3);
    struct import_counts c;
    struct pace_error err = {0};
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), 0);
    assert_int_equal(c.sessions_added, 3);
    assert_int_equal(c.custom_added, 1);
    struct custom_item *items = NULL;
    size_t n = 0;
    assert_int_equal(store_custom_list(f->s, f->ann, &items, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_true(items[0].in_kit);
    assert_string_equal(items[0].label, "Blue");
    struct kit_id want;
    custom_item_id(items[0].id, &want);
    struct practice p;
    assert_int_equal(store_practice_get(f->s, f->ann, d.sessions[0].id, &p, &err), 0);
    assert_string_equal(p.dilator_id, want.s); /* her id here, not the file's */
    assert_string_equal(p.note, "kept secret");
    practice_clear(&p);
    free(items);
    /* Again: nothing new. */
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), 0);
    assert_int_equal(c.sessions_added, 0);
    assert_int_equal(c.sessions_skipped, 3);
    assert_int_equal(c.custom_added, 0);
    assert_int_equal(c.custom_skipped, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM custom_items WHERE user_id = ?", f->ann), 1);
    export_doc_free(&d);
}

static void a_late_refusal_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    /* Bea already has the last session's id. */
    struct export_doc d;
    doc(&d, 4);
    struct practice mine;
    practice_init(&mine);
    memcpy(mine.id, d.sessions[3].id, sizeof mine.id);
    mine.started_at = NOW - DAY;
    mine.duration_s = 60;
    mine.outcome = OUTCOME_STOPPED;
    struct pace_error err = {0};
    assert_int_equal(store_practice_insert(f->s, f->bea, &mine, NOW, NULL, &err), 0);
    struct import_counts c;
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), PACE_ECONFLICT);
    assert_string_equal(err.field, "sessions[3].id");
    assert_int_equal(count(f, "SELECT count(*) FROM practice_sessions WHERE user_id = ?", f->ann),
                     0);
    assert_int_equal(count(f, "SELECT count(*) FROM custom_items WHERE user_id = ?", f->ann), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM kit_items WHERE user_id = ?", f->ann), 0);
    /* Hers is untouched. */
    assert_int_equal(count(f, "SELECT count(*) FROM practice_sessions WHERE user_id = ?", f->bea),
                     1);
    export_doc_free(&d);
}

static void erase_removes_every_row_of_hers(void **state)
{
    struct fixture *f = *state;
    struct export_doc d;
    doc(&d, 2);
    struct import_counts c;
    struct pace_error err = {0};
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), 0);
    assert_int_equal(store_import(f->s, f->bea, &(struct export_doc){.lang = -1}, NOW, &c, &err),
                     0);
    struct practice other;
    practice_init(&other);
    other.started_at = NOW - DAY;
    other.duration_s = 60;
    other.outcome = OUTCOME_STOPPED;
    assert_int_equal(store_practice_insert(f->s, f->bea, &other, NOW, NULL, &err), 0);
    unsigned char h[CRYPTO_HASH_BYTES] = {1};
    assert_int_equal(store_login_insert(f->s, f->ann, h, "x", NOW, &err), 0);
    assert_int_equal(store_draft_put(f->s, f->ann, "{}", NOW, &err), 0);
    char key[80];
    store_throttle_account_key(f->s, "ann@example.org", key);
    assert_int_equal(store_throttle_add(f->s, key, NOW), 0);
    assert_int_equal(store_throttle_add(f->s, "addr:other", NOW), 0);

    assert_int_equal(store_user_erase(f->s, f->ann, &err), 0);
    static const char *const tables[] = {"practice_sessions", "practice_drafts", "kit_items",
                                         "custom_items",      "user_goals",      "ladder_entries",
                                         "reminders",         "logins",          "api_tokens",
                                         "user_programs"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char *sql = xasprintf("SELECT count(*) FROM %s WHERE user_id = ?", tables[i]);
        assert_int_equal(count(f, sql, f->ann), 0);
        free(sql);
    }
    assert_int_equal(count(f, "SELECT count(*) FROM users WHERE id = ?", f->ann), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM throttle WHERE ? = 0", 0), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM practice_sessions WHERE user_id = ?", f->bea),
                     1);
    assert_int_equal(store_user_erase(f->s, f->ann, &err), PACE_ENOTFOUND);
    export_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(import_remaps_and_skips, setup, teardown),
        cmocka_unit_test_setup_teardown(a_late_refusal_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(erase_removes_every_row_of_hers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
