/*
 * test_store_data.c - her data as a whole in the store: store_import adds
 * in one transaction (a refusal late in the file leaves nothing behind),
 * remaps her own items' ids, skips what she has and keeps every copy of
 * a ladder entry; how many sessions and ladder entries a person keeps;
 * her pseudonym, made once and brought along by an import;
 * store_user_erase removes every row of hers and nobody else's; a
 * community post that is not there reads as an empty one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/data.h"
#include "store/sqlite_priv.h"
#include "store/store_community.h"
#include "testdb.h"
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
    if (testdb_open(f->dir, &f->s, &err) != 0)
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
    d->customs[0] = (struct custom_item){.id = 40,
                                         .kind = KIND_DILATOR,
                                         .diameter_mm = 23,
                                         .material = MATERIAL_SILICONE,
                                         .created_at = NOW - DAY};
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

/* A short session, stopped a day before NOW, with no dilator. */
static void short_session(struct practice *p)
{
    practice_init(p);
    p->started_at = NOW - DAY;
    p->duration_s = 60;
    p->outcome = OUTCOME_STOPPED;
}

/* sql with its one "?" (or "?1") as id. */
static char *with_id(const char *sql, int64_t id)
{
    struct buf b = {0};
    for (const char *p = sql; *p; p++) {
        if (*p == '?') {
            char num[24];
            snprintf(num, sizeof num, "%lld", (long long)id);
            buf_add(&b, num, strlen(num));
            if (p[1] == '1')
                p++;
        } else {
            buf_add(&b, p, 1);
        }
    }
    buf_add(&b, "", 1);
    return buf_detach(&b);
}

static int64_t count(struct fixture *f, const char *sql, int64_t id)
{
    char *q = with_id(sql, id);
    int64_t n = testdb_int(f->dir, q);
    free(q);
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

/* Runs SQL on the database file directly, ?1 bound to id. */
static void raw(struct fixture *f, const char *sql, int64_t id)
{
    char *q = with_id(sql, id);
    char msg[256];
    if (!testdb_try(f->dir, q, msg, sizeof msg))
        fail_msg("%s: %s", q, msg);
    free(q);
}

static void ladder(struct export_doc *d, size_t n, const int64_t *at, const int *anxiety)
{
    d->ladder = xcalloc(n, sizeof *d->ladder);
    d->nladder = n;
    for (size_t i = 0; i < n; i++) {
        ladder_entry_init(&d->ladder[i]);
        d->ladder[i].taken_at = at[i];
        d->ladder[i].a[LADDER_FINGER].anxiety = anxiety[i];
    }
}

static void every_copy_of_a_ladder_entry_is_kept_once(void **state)
{
    struct fixture *f = *state;
    /* Three equal entries in one second, another answer in that second,
     * and the first answer a day earlier. */
    static const int64_t at[] = {NOW, NOW, NOW, NOW, NOW - DAY};
    static const int anxiety[] = {3, 3, 5, 3, 3};
    struct export_doc d;
    export_doc_init(&d);
    ladder(&d, 5, at, anxiety);
    struct import_counts c;
    struct pace_error err = {0};
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), 0);
    assert_int_equal(c.ladder_added, 5);
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), 0);
    assert_int_equal(c.ladder_added, 0);
    assert_int_equal(c.ladder_skipped, 5);
    assert_int_equal(count(f, "SELECT count(*) FROM ladder_entries WHERE user_id = ?", f->ann), 5);
    /* Bea already has one of the three: the other two are added. */
    struct ladder_entry mine = d.ladder[0];
    assert_int_equal(store_ladder_insert(f->s, f->bea, &mine, NOW, &err), 0);
    assert_int_equal(store_import(f->s, f->bea, &d, NOW, &c, &err), 0);
    assert_int_equal(c.ladder_added, 4);
    assert_int_equal(c.ladder_skipped, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM ladder_entries WHERE user_id = ?", f->bea), 5);
    export_doc_free(&d);
}

static void a_person_keeps_at_most_so_many_sessions(void **state)
{
    struct fixture *f = *state;
    /* One short of the cap, filled in directly. */
    char *sql = xasprintf(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
        "INSERT INTO practice_sessions (id, user_id, started_at, duration_s, temperature, "
        "lubricant, outcome, created_at, updated_at) SELECT "
        "%s, ?1, %lld - i, 60, 'room', 'none', 'stopped', 1, 1 FROM n",
        EXPORT_MAX_SESSIONS - 1,
        testdb_pg() ? "'0b1b2c3d-0000-4000-8000-' || lpad(i::text, 12, '0')"
                    : "printf('0b1b2c3d-0000-4000-8000-%012d', i)",
        (long long)NOW);
    raw(f, sql, f->ann);
    free(sql);
    /* Two more from a file are refused, and nothing of the file is kept. */
    struct export_doc d;
    doc(&d, 2);
    struct import_counts c;
    struct pace_error err = {0};
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), PACE_EINVAL);
    assert_string_equal(err.field, "sessions");
    assert_int_equal(count(f, "SELECT count(*) FROM custom_items WHERE user_id = ?", f->ann), 0);
    /* One more fits; then no more, however it comes. */
    struct practice p;
    short_session(&p);
    assert_int_equal(store_practice_insert(f->s, f->ann, &p, NOW, NULL, &err), 0);
    p.id[0] = '\0';
    assert_int_equal(store_practice_insert(f->s, f->ann, &p, NOW, NULL, &err), PACE_EINVAL);
    assert_non_null(strstr(err.msg, "10,000"));
    p.id[0] = '\0';
    assert_int_equal(store_practice_insert_many(f->s, f->ann, &p, 1, NOW, &err), PACE_EINVAL);
    assert_int_equal(count(f, "SELECT count(*) FROM practice_sessions WHERE user_id = ?", f->ann),
                     EXPORT_MAX_SESSIONS);
    /* Someone else's room is her own. */
    p.id[0] = '\0';
    assert_int_equal(store_practice_insert(f->s, f->bea, &p, NOW, NULL, &err), 0);
    export_doc_free(&d);

    /* The same for ladder entries from a file (hers are read and
     * compared, so these are real ones). */
    int64_t *at = xcalloc(EXPORT_MAX_LADDER, sizeof *at);
    int *anxiety = xcalloc(EXPORT_MAX_LADDER, sizeof *anxiety);
    for (size_t i = 0; i < EXPORT_MAX_LADDER; i++)
        at[i] = NOW - (int64_t)i;
    export_doc_init(&d);
    ladder(&d, EXPORT_MAX_LADDER - 1, at, anxiety);
    assert_int_equal(store_import(f->s, f->bea, &d, NOW, &c, &err), 0);
    export_doc_free(&d);
    at[0] = at[1] = NOW + 1;
    anxiety[1] = 1;
    export_doc_init(&d);
    ladder(&d, 2, at, anxiety);
    free(at);
    free(anxiety);
    assert_int_equal(store_import(f->s, f->bea, &d, NOW, &c, &err), PACE_EINVAL);
    assert_string_equal(err.field, "ladder");
    export_doc_free(&d);
}

static void her_pseudonym_is_made_once_and_travels(void **state)
{
    struct fixture *f = *state;
    char a[EXPORT_PSEUDONYM_LEN + 1], again[EXPORT_PSEUDONYM_LEN + 1], b[EXPORT_PSEUDONYM_LEN + 1];
    struct pace_error err = {0};
    assert_int_equal(store_user_pseudonym(f->s, f->ann, a, &err), 0);
    assert_true(export_pseudonym_valid(a));
    assert_int_equal(store_user_pseudonym(f->s, f->ann, again, &err), 0);
    assert_string_equal(a, again);
    assert_int_equal(store_user_pseudonym(f->s, f->bea, b, &err), 0);
    assert_string_not_equal(a, b);
    /* Nothing of her email in it. */
    assert_null(strstr(a, "ann"));
    /* A file brings its pseudonym to an account that has none yet. */
    int64_t cleo = add_user(f->s, "cleo@example.org");
    struct export_doc d;
    export_doc_init(&d);
    snprintf(d.pseudonym, sizeof d.pseudonym, "pace-00112233445566778899aabbccddeeff");
    struct import_counts c;
    assert_int_equal(store_import(f->s, cleo, &d, NOW, &c, &err), 0);
    char got[EXPORT_PSEUDONYM_LEN + 1];
    assert_int_equal(store_user_pseudonym(f->s, cleo, got, &err), 0);
    assert_string_equal(got, "pace-00112233445566778899aabbccddeeff");
    /* Nor to one whose records may have gone out under her own. */
    struct ladder_entry e;
    ladder_entry_init(&e);
    e.a[LADDER_FINGER].anxiety = 2;
    assert_int_equal(store_ladder_insert(f->s, f->ann, &e, NOW, &err), 0);
    snprintf(d.pseudonym, sizeof d.pseudonym, "pace-99112233445566778899aabbccddeeff");
    assert_int_equal(store_import(f->s, f->ann, &d, NOW, &c, &err), 0);
    assert_int_equal(store_user_pseudonym(f->s, f->ann, got, &err), 0);
    assert_string_equal(got, a);
    /* A new account here that made one (she looked at her empty export)
     * still takes the file's: nothing of hers went out under it. */
    assert_int_equal(store_import(f->s, f->bea, &d, NOW, &c, &err), 0);
    assert_int_equal(store_user_pseudonym(f->s, f->bea, got, &err), 0);
    assert_string_equal(got, "pace-99112233445566778899aabbccddeeff");
    /* And never twice on one server. */
    snprintf(d.pseudonym, sizeof d.pseudonym, "pace-00112233445566778899aabbccddeeff");
    int64_t dora = add_user(f->s, "dora@example.org");
    assert_int_equal(store_import(f->s, dora, &d, NOW, &c, &err), 0);
    assert_int_equal(store_user_pseudonym(f->s, dora, got, &err), 0);
    assert_string_not_equal(got, "pace-00112233445566778899aabbccddeeff");
    assert_true(export_pseudonym_valid(got));
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
    short_session(&other);
    assert_int_equal(store_practice_insert(f->s, f->bea, &other, NOW, NULL, &err), 0);
    unsigned char h[CRYPTO_HASH_BYTES] = {1};
    assert_int_equal(store_login_insert(f->s, f->ann, h, "x", NOW, &err), 0);
    assert_int_equal(store_draft_put(f->s, f->ann, "{}", NOW, &err), 0);
    char key[80];
    store_throttle_account_key(f->s, "ann@example.org", key);
    assert_int_equal(store_throttle_add(f->s, key, NOW), 0);
    assert_int_equal(store_throttle_add(f->s, "addr:other", NOW), 0);

    assert_int_equal(store_user_erase(f->s, f->ann, &err), 0);
    static const char *const tables[] = {
        "practice_sessions", "practice_drafts", "kit_items", "custom_items", "user_goals",
        "ladder_entries",    "reminders",       "logins",    "api_tokens",   "user_programs"};
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

/* n sessions of doc() into user's data, by an import. */
static void import_n(struct fixture *f, int64_t user, size_t n)
{
    struct export_doc d;
    doc(&d, n);
    struct import_counts c;
    struct pace_error err = {0};
    assert_int_equal(store_import(f->s, user, &d, NOW, &c, &err), 0);
    assert_int_equal(c.sessions_added, n);
    export_doc_free(&d);
}

/* The count the cap reads (practice_counts) against count(*) itself. */
static void counts_agree(struct fixture *f, int64_t user, int64_t want)
{
    assert_int_equal(count(f, "SELECT count(*) FROM practice_sessions WHERE user_id = ?", user),
                     want);
    int64_t n = -1;
    struct pace_error err = {0};
    db_lock(f->s);
    int rc = db_practice_count(f->s, user, &n, &err);
    db_unlock(f->s);
    assert_int_equal(rc, 0);
    assert_int_equal(n, want);
    assert_int_equal(
        count(f, "SELECT coalesce((SELECT n FROM practice_counts WHERE user_id = ?), 0)", user),
        want);
}

static void the_count_of_her_sessions_follows_every_change(void **state)
{
    struct fixture *f = *state;
    struct pace_error err = {0};
    counts_agree(f, f->ann, 0);
    struct practice p;
    short_session(&p);
    assert_int_equal(store_practice_insert(f->s, f->ann, &p, NOW, NULL, &err), 0);
    char first[PRACTICE_ID_LEN + 1];
    snprintf(first, sizeof first, "%s", p.id);
    counts_agree(f, f->ann, 1);
    struct practice many[3];
    for (int i = 0; i < 3; i++) {
        many[i] = p;
        many[i].id[0] = '\0';
        many[i].started_at = NOW - (i + 2) * DAY;
    }
    assert_int_equal(store_practice_insert_many(f->s, f->ann, many, 3, NOW, &err), 0);
    counts_agree(f, f->ann, 4);
    import_n(f, f->ann, 2);
    counts_agree(f, f->ann, 6);
    assert_int_equal(store_practice_delete(f->s, f->ann, first, &err), 0);
    assert_int_equal(store_practice_delete(f->s, f->ann, first, &err), PACE_ENOTFOUND);
    counts_agree(f, f->ann, 5);
    /* An edit keeps her count. */
    struct practice q;
    assert_int_equal(store_practice_get(f->s, f->ann, many[0].id, &q, &err), 0);
    q.duration_s = 120;
    assert_int_equal(store_practice_update(f->s, f->ann, &q, NOW, &err), 0);
    practice_clear(&q);
    counts_agree(f, f->ann, 5);
    /* Bea's are her own; erasing Ann takes her count with her. */
    p.id[0] = '\0';
    assert_int_equal(store_practice_insert(f->s, f->bea, &p, NOW, NULL, &err), 0);
    counts_agree(f, f->bea, 1);
    assert_int_equal(store_user_erase(f->s, f->ann, &err), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM practice_counts WHERE user_id = ?", f->ann), 0);
    counts_agree(f, f->bea, 1);
    practice_clear(&p);
}

/* A database from before the counts (schema 17) gets them from the
 * sessions already there when it is opened. */
static void an_older_database_counts_the_sessions_it_has(void **state)
{
    struct fixture *f = *state;
    import_n(f, f->ann, 3);
    store_close(f->s);
    struct pace_error err = {0};
    testdb_drop_practice_counts(f->dir);
    testdb_set_version(f->dir, 17);
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
    counts_agree(f, f->ann, 3);
    counts_agree(f, f->bea, 0);
}

/* A text column copied into a buffer: whole when it fits, cut (and
 * ended) when it does not, empty for NULL, as snprintf("%s") would. */
static void a_copied_column_is_cut_to_its_buffer(void **state)
{
    struct fixture *f = *state;
    db_lock(f->s);
    struct sql_stmt *st = sql_prepare(f->s, "SELECT 'abcdef', NULL, '', 'x'");
    assert_int_equal(sql_step(st), SQL_ROW);
    char big[16], small[4], one[1] = {'z'};
    memset(big, '#', sizeof big);
    sql_col_copy(big, sizeof big, st, 0);
    assert_string_equal(big, "abcdef");
    sql_col_copy(small, sizeof small, st, 0);
    assert_string_equal(small, "abc");
    sql_col_copy(big, sizeof big, st, 1);
    assert_string_equal(big, "");
    sql_col_copy(small, sizeof small, st, 2);
    assert_string_equal(small, "");
    sql_col_copy(one, sizeof one, st, 3);
    assert_int_equal(one[0], '\0');
    sql_col_copy(one, 0, st, 3); /* nothing to write into */
    sql_done(st);
    db_unlock(f->s);
}

/* A post that is not there is read as an empty one: whatever the caller's
 * struct held before, clearing it afterwards frees nothing it does not own. */
static void a_missing_post_reads_as_empty(void **state)
{
    struct fixture *f = *state;
    struct cm_post p;
    memset(&p, 0xa5, sizeof p); /* what a fresh stack may hold */
    assert_int_equal(store_cm_post_get(f->s, 999999, 0, &p, NULL), PACE_ENOTFOUND);
    assert_null(p.title);
    assert_null(p.body);
    cm_post_clear(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(import_remaps_and_skips, setup, teardown),
        cmocka_unit_test_setup_teardown(a_late_refusal_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(every_copy_of_a_ladder_entry_is_kept_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_person_keeps_at_most_so_many_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(her_pseudonym_is_made_once_and_travels, setup, teardown),
        cmocka_unit_test_setup_teardown(erase_removes_every_row_of_hers, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_post_reads_as_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(the_count_of_her_sessions_follows_every_change, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_older_database_counts_the_sessions_it_has, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_copied_column_is_cut_to_its_buffer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
