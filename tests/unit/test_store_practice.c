/*
 * test_store_practice.c - practice sessions and guided-session drafts in
 * the store (store.h): round trips, isolation between users, keyset
 * pagination, filters, encryption at rest, and writes that are all or
 * nothing even when they fail half way (a full disk, a second "save").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/sqlite_priv.h"
#include "testdb.h"
#include "tmpdir.h"

#include <string.h>

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

struct fixture {
    char *dir;
    struct store *s;
    int64_t alice, bob;
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        return -1;
    }
    if (store_user_insert(f->s, "alice@example.org", "x", ROLE_PATIENT, NOW, &f->alice, &err) ||
        store_user_insert(f->s, "bob@example.org", "x", ROLE_PATIENT, NOW, &f->bob, &err))
        return -1;
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

/* A complete, valid record started at t. */
static void make(struct practice *p, int64_t t, const char *dilator, double mm, const char *note)
{
    practice_init(p);
    p->started_at = t;
    p->duration_s = 600;
    snprintf(p->dilator_id, sizeof p->dilator_id, "%s", dilator);
    p->diameter_mm = mm;
    p->temperature = TEMP_WARM;
    p->lubricant = LUBE_WATER;
    p->with_partner = true;
    p->exercises = EX_BREATHING | EX_EXPLORATION;
    p->before = (struct scores){true, 6, 5, 2};
    p->after = (struct scores){true, 3, 2, 1};
    p->max_pain = 3;
    p->spasms[0] = (struct spasm){120, 20};
    p->spasms[1] = (struct spasm){300, 45};
    p->nspasms = 2;
    p->outcome = OUTCOME_COMPLETED;
    p->felt_safe = 1;
    p->helped = HELPED_BREATHING | HELPED_WARMTH;
    p->note = note ? xstrdup(note) : NULL;
}

static bool same(const struct practice *a, const struct practice *b)
{
    json_t *ja = practice_to_json(a), *jb = practice_to_json(b);
    bool eq = json_equal(ja, jb);
    if (!eq) {
        char *x = json_dumps(ja, JSON_SORT_KEYS), *y = json_dumps(jb, JSON_SORT_KEYS);
        fprintf(stderr, "differ:\n  %s\n  %s\n", x, y);
        free(x);
        free(y);
    }
    json_decref(ja);
    json_decref(jb);
    return eq;
}

static size_t count(struct fixture *f, int64_t user)
{
    struct practice_query q = {.limit = 200};
    struct practice *items;
    size_t n;
    char next[STORE_CURSOR_MAX];
    assert_int_equal(store_practice_list(f->s, user, &q, &items, &n, next, NULL), 0);
    practice_list_free(items, n);
    return n;
}

static void insert_makes_a_uuid_and_get_returns_the_same_record(void **state)
{
    struct fixture *f = *state;
    struct practice p, got;
    make(&p, NOW - 3600, "fms-20", 20, "Felt calmer with the warm water. Grüße ✓");
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    assert_true(crypto_uuid_valid(p.id));
    assert_int_equal(p.id[14], '4'); /* version 4 */
    assert_non_null(strchr("89ab", p.id[19]));
    assert_int_equal(store_practice_get(f->s, f->alice, p.id, &got, NULL), 0);
    assert_true(same(&p, &got));
    practice_clear(&got);

    /* "not given" values survive as such */
    struct practice q;
    practice_init(&q);
    q.started_at = NOW - 60;
    q.outcome = OUTCOME_NOT_TODAY;
    q.safety = SAFETY_INFECTION;
    assert_int_equal(store_practice_insert(f->s, f->alice, &q, NOW, NULL, NULL), 0);
    assert_int_equal(store_practice_get(f->s, f->alice, q.id, &got, NULL), 0);
    assert_true(same(&q, &got));
    assert_false(got.before.set);
    assert_int_equal(got.max_pain, -1);
    assert_int_equal(got.felt_safe, -1);
    assert_null(got.note);
    practice_clear(&got);
    practice_clear(&q);
    practice_clear(&p);
}

static void a_given_id_is_kept_and_a_used_one_conflicts(void **state)
{
    struct fixture *f = *state;
    struct practice p;
    make(&p, NOW - 10, "fms-20", 20, NULL);
    strcpy(p.id, "0b7a4c1e-2f3d-4a5b-8c6d-7e8f9a0b1c2d");
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    assert_string_equal(p.id, "0b7a4c1e-2f3d-4a5b-8c6d-7e8f9a0b1c2d");
    struct pace_error err = {0};
    assert_int_equal(store_practice_insert(f->s, f->bob, &p, NOW, NULL, &err), PACE_ECONFLICT);
    assert_string_equal(err.field, "id");
    strcpy(p.id, "not-a-uuid");
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, &err), PACE_EINVAL);
    assert_string_equal(err.field, "id");
    assert_int_equal(count(f, f->alice), 1);
    assert_int_equal(count(f, f->bob), 0);
    practice_clear(&p);
}

static void an_invalid_record_is_refused_and_nothing_is_stored(void **state)
{
    struct fixture *f = *state;
    struct practice p;
    make(&p, NOW - 10, "fms-20", 20, NULL);
    p.after.pain = 11;
    struct pace_error err = {0};
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, &err), PACE_EINVAL);
    assert_string_equal(err.field, "after.pain");
    assert_string_equal(p.id, ""); /* no id handed out for a record not saved */
    p.after.pain = 1;
    p.started_at = NOW + 2 * 86400;
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, &err), PACE_EINVAL);
    assert_string_equal(err.field, "started_at");
    assert_int_equal(count(f, f->alice), 0);
    practice_clear(&p);
}

static void update_replaces_the_whole_record(void **state)
{
    struct fixture *f = *state;
    struct practice p, got;
    make(&p, NOW - 3600, "fms-20", 20, "first note");
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    struct practice u;
    make(&u, NOW - 7200, "fms-22", 22, "second note");
    strcpy(u.id, p.id);
    u.nspasms = 0;
    u.after.set = false;
    u.max_pain = -1;
    u.outcome = OUTCOME_STOPPED;
    assert_int_equal(store_practice_update(f->s, f->alice, &u, NOW, NULL), 0);
    assert_int_equal(store_practice_get(f->s, f->alice, p.id, &got, NULL), 0);
    assert_true(same(&u, &got));
    practice_clear(&got);

    /* An invalid replacement changes nothing. */
    struct practice bad;
    make(&bad, NOW - 60, "fms-24", 24, "third");
    strcpy(bad.id, p.id);
    bad.duration_s = PRACTICE_MAX_DURATION_S + 1;
    struct pace_error err = {0};
    assert_int_equal(store_practice_update(f->s, f->alice, &bad, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "duration_s");
    assert_int_equal(store_practice_get(f->s, f->alice, p.id, &got, NULL), 0);
    assert_true(same(&u, &got));
    practice_clear(&got);

    /* Unknown id. */
    strcpy(bad.id, "0b7a4c1e-2f3d-4a5b-8c6d-7e8f9a0b1c2d");
    bad.duration_s = 600;
    assert_int_equal(store_practice_update(f->s, f->alice, &bad, NOW, NULL), PACE_ENOTFOUND);
    practice_clear(&bad);
    practice_clear(&u);
    practice_clear(&p);
}

static void delete_removes_once(void **state)
{
    struct fixture *f = *state;
    struct practice p, got;
    make(&p, NOW - 3600, "fms-20", 20, "bye");
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    assert_int_equal(store_practice_delete(f->s, f->alice, p.id, NULL), 0);
    assert_int_equal(store_practice_get(f->s, f->alice, p.id, &got, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_practice_delete(f->s, f->alice, p.id, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_practice_delete(f->s, f->alice, "../etc", NULL), PACE_ENOTFOUND);
    practice_clear(&p);
}

static void another_users_session_is_simply_not_found(void **state)
{
    struct fixture *f = *state;
    struct practice p, got;
    make(&p, NOW - 3600, "fms-20", 20, "mine alone");
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    assert_int_equal(store_practice_get(f->s, f->bob, p.id, &got, NULL), PACE_ENOTFOUND);
    struct practice u;
    make(&u, NOW - 60, "x", 30, "taken over");
    strcpy(u.id, p.id);
    assert_int_equal(store_practice_update(f->s, f->bob, &u, NOW, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_practice_delete(f->s, f->bob, p.id, NULL), PACE_ENOTFOUND);
    assert_int_equal(count(f, f->bob), 0);
    assert_int_equal(store_practice_last(f->s, f->bob, &got), PACE_ENOTFOUND);
    /* Hers is untouched. */
    assert_int_equal(store_practice_get(f->s, f->alice, p.id, &got, NULL), 0);
    assert_true(same(&p, &got));
    practice_clear(&got);
    practice_clear(&u);
    practice_clear(&p);
}

/* Reads every page of q; ids (in order) go to ids, returns the count. */
static size_t read_pages(struct fixture *f, int64_t user, struct practice_query q,
                         char ids[][PRACTICE_ID_LEN + 1], int64_t *times, size_t max, size_t *pages)
{
    size_t total = 0;
    char cursor[STORE_CURSOR_MAX] = "";
    *pages = 0;
    do {
        q.cursor = cursor[0] ? cursor : NULL;
        struct practice *items;
        size_t n;
        char next[STORE_CURSOR_MAX];
        assert_int_equal(store_practice_list(f->s, user, &q, &items, &n, next, NULL), 0);
        assert_true(n <= (size_t)q.limit);
        for (size_t i = 0; i < n; i++) {
            assert_true(total < max);
            strcpy(ids[total], items[i].id);
            times[total] = items[i].started_at;
            total++;
        }
        practice_list_free(items, n);
        (*pages)++;
        assert_true(next[0] == '\0' || n == (size_t)q.limit);
        strcpy(cursor, next);
    } while (cursor[0]);
    return total;
}

static void pages_cover_every_record_once_newest_first_with_ties(void **state)
{
    struct fixture *f = *state;
    char made[25][PRACTICE_ID_LEN + 1];
    for (int i = 0; i < 25; i++) {
        struct practice p;
        /* groups of three share a start time */
        make(&p, NOW - 86400 * (int64_t)(i / 3), "fms-20", 20, NULL);
        assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
        strcpy(made[i], p.id);
        practice_clear(&p);
    }
    struct practice other;
    make(&other, NOW, "fms-20", 20, NULL);
    assert_int_equal(store_practice_insert(f->s, f->bob, &other, NOW, NULL, NULL), 0);

    char ids[40][PRACTICE_ID_LEN + 1];
    int64_t times[40];
    size_t pages;
    struct practice_query q = {.limit = 10};
    size_t n = read_pages(f, f->alice, q, ids, times, 40, &pages);
    assert_int_equal(n, 25);
    assert_int_equal(pages, 3);
    for (size_t i = 1; i < n; i++) /* strictly descending by (started_at, id) */
        assert_true(times[i - 1] > times[i] ||
                    (times[i - 1] == times[i] && strcmp(ids[i - 1], ids[i]) > 0));
    for (int i = 0; i < 25; i++) { /* no gaps, no strangers */
        int seen = 0;
        for (size_t k = 0; k < n; k++)
            seen += strcmp(made[i], ids[k]) == 0;
        assert_int_equal(seen, 1);
    }
    /* Exactly one page's worth: no empty page after it. */
    q.limit = 25;
    assert_int_equal(read_pages(f, f->alice, q, ids, times, 40, &pages), 25);
    assert_int_equal(pages, 1);
    q.limit = 1;
    assert_int_equal(read_pages(f, f->alice, q, ids, times, 40, &pages), 25);
    assert_int_equal(pages, 25);
    practice_clear(&other);
}

static void a_record_added_between_pages_causes_no_duplicate(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 6; i++) {
        struct practice p;
        make(&p, NOW - 1000 * i, "fms-20", 20, NULL);
        assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
        practice_clear(&p);
    }
    struct practice_query q = {.limit = 3};
    struct practice *a, *b;
    size_t na, nb;
    char next[STORE_CURSOR_MAX], next2[STORE_CURSOR_MAX];
    assert_int_equal(store_practice_list(f->s, f->alice, &q, &a, &na, next, NULL), 0);
    struct practice p;
    make(&p, NOW - 10, "fms-20", 20, NULL); /* newer than everything on page 2 */
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    q.cursor = next;
    assert_int_equal(store_practice_list(f->s, f->alice, &q, &b, &nb, next2, NULL), 0);
    assert_int_equal(nb, 3);
    assert_string_equal(next2, "");
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k < na; k++)
            assert_string_not_equal(a[k].id, b[i].id);
    assert_true(b[0].started_at < a[na - 1].started_at);
    practice_list_free(a, na);
    practice_list_free(b, nb);
    practice_clear(&p);
}

static void from_to_and_size_filters(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 10; i++) {
        struct practice p;
        make(&p, NOW - 86400 * (int64_t)i, i % 2 ? "fms-22" : "fms-20", i % 2 ? 22 : 20, NULL);
        assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
        practice_clear(&p);
    }
    char ids[20][PRACTICE_ID_LEN + 1];
    int64_t times[20];
    size_t pages;
    /* from inclusive, to exclusive: days 2..5 ago */
    struct practice_query q = {.from = NOW - 5 * 86400, .to = NOW - 86400, .limit = 2};
    size_t n = read_pages(f, f->alice, q, ids, times, 20, &pages);
    assert_int_equal(n, 4);
    assert_int_equal(times[0], NOW - 2 * 86400);
    assert_int_equal(times[3], NOW - 5 * 86400);
    q = (struct practice_query){.diameter_mm = 22, .limit = 200};
    n = read_pages(f, f->alice, q, ids, times, 20, &pages);
    assert_int_equal(n, 5);
    q = (struct practice_query){.diameter_mm = 22, .from = NOW - 3 * 86400, .limit = 200};
    assert_int_equal(read_pages(f, f->alice, q, ids, times, 20, &pages), 2);
    q = (struct practice_query){.diameter_mm = 40, .limit = 200};
    assert_int_equal(read_pages(f, f->alice, q, ids, times, 20, &pages), 0);
}

static void a_malformed_cursor_or_limit_is_refused(void **state)
{
    struct fixture *f = *state;
    static const char *const bad[] = {
        "x",
        "00000000695b0d00",
        "00000000695b0d000b7a4c1e2f3d4a5b8c6d7e8f9a0b1c2",   /* 47 */
        "00000000695b0d000b7a4c1e2f3d4a5b8c6d7e8f9a0b1c2dd", /* 49 */
        "00000000695B0D000B7A4C1E2F3D4A5B8C6D7E8F9A0B1C2D",  /* upper case */
        "00000000695b0d00-b7a4c1e2f3d4a5b8c6d7e8f9a0b1c2d",
        "' OR 1=1 --",
    };
    struct practice *items;
    size_t n;
    char next[STORE_CURSOR_MAX];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct practice_query q = {.limit = 10, .cursor = bad[i]};
        struct pace_error err = {0};
        assert_int_equal(store_practice_list(f->s, f->alice, &q, &items, &n, next, &err),
                         PACE_EINVAL);
        assert_string_equal(err.field, "cursor");
        assert_null(items);
    }
    /* A well-formed cursor past everything is just an empty page. */
    struct practice_query q = {.limit = 10,
                               .cursor = "00000000000000010b7a4c1e2f3d4a5b8c6d7e8f9a0b1c2d"};
    assert_int_equal(store_practice_list(f->s, f->alice, &q, &items, &n, next, NULL), 0);
    assert_int_equal(n, 0);
    practice_list_free(items, n);
    int limits[] = {0, -1, 201};
    for (size_t i = 0; i < 3; i++) {
        struct pace_error err = {0};
        q = (struct practice_query){.limit = limits[i]};
        assert_int_equal(store_practice_list(f->s, f->alice, &q, &items, &n, next, &err),
                         PACE_EINVAL);
        assert_string_equal(err.field, "limit");
    }
}

static void last_is_her_newest_practice(void **state)
{
    struct fixture *f = *state;
    struct practice p, got;
    assert_int_equal(store_practice_last(f->s, f->alice, &got), PACE_ENOTFOUND);
    make(&p, NOW - 7200, "fms-18", 18, NULL);
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    practice_clear(&p);
    make(&p, NOW - 3600, "fms-20", 20, NULL);
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    practice_clear(&p);
    practice_init(&p); /* newest, but "not today": no dilator */
    p.started_at = NOW - 60;
    p.outcome = OUTCOME_NOT_TODAY;
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    practice_clear(&p);
    practice_init(&p); /* stopped before choosing: no dilator, not practice */
    p.started_at = NOW - 50;
    p.outcome = OUTCOME_STOPPED;
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    practice_clear(&p);
    assert_int_equal(store_practice_last(f->s, f->alice, &got), 0);
    assert_string_equal(got.dilator_id, "fms-20");
    practice_clear(&got);

    /* Breathing and relaxation alone, completed: that is her latest
     * practice, and the next one starts from it. */
    practice_init(&p);
    p.started_at = NOW - 30;
    p.duration_s = 600;
    p.outcome = OUTCOME_COMPLETED;
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    practice_clear(&p);
    assert_int_equal(store_practice_last(f->s, f->alice, &got), 0);
    assert_string_equal(got.dilator_id, "");
    assert_int_equal(got.duration_s, 600);
    practice_clear(&got);
}

static bool file_contains(const char *dir, const char *name, const char *needle)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct buf b = {0};
    bool found = false;
    if (file_read_all(path, &b) && b.len > 0)
        found = memmem(b.data, b.len, needle, strlen(needle)) != NULL;
    buf_free(&b);
    free(path);
    return found;
}

static void notes_and_drafts_are_not_in_the_database_files(void **state)
{
    struct fixture *f = *state;
    const char *secret = "SECRET-NOTE-a7f3 about my body";
    const char *draft = "{\"step\":\"relax\",\"record\":{\"note\":\"SECRET-DRAFT-91c2\"}}";
    struct practice p;
    make(&p, NOW - 60, "fms-20", 20, secret);
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    assert_int_equal(store_draft_put(f->s, f->alice, draft, NOW, NULL), 0);
    if (testdb_pg()) {
        assert_int_equal(testdb_int(f->dir, "SELECT count(*) FROM practice_sessions WHERE "
                                            "position(convert_to('SECRET', 'UTF8') IN "
                                            "note_enc) > 0"),
                         0);
        assert_int_equal(testdb_int(f->dir, "SELECT count(*) FROM practice_drafts WHERE "
                                            "position(convert_to('SECRET', 'UTF8') IN "
                                            "state_enc) > 0"),
                         0);
        assert_int_equal(testdb_int(f->dir, "SELECT count(*) FROM practice_sessions"), 1);
        practice_clear(&p);
        return;
    }
    /* Both the WAL (before a checkpoint) and the main file, after one. */
    for (int round = 0; round < 2; round++) {
        assert_false(file_contains(f->dir, "pace.db", "SECRET-NOTE-a7f3"));
        assert_false(file_contains(f->dir, "pace.db-wal", "SECRET-NOTE-a7f3"));
        assert_false(file_contains(f->dir, "pace.db", "SECRET-DRAFT-91c2"));
        assert_false(file_contains(f->dir, "pace.db-wal", "SECRET-DRAFT-91c2"));
        assert_true(file_contains(f->dir, "pace.db-wal", p.id) ||
                    file_contains(f->dir, "pace.db", p.id)); /* the row is there */
        sqlite3_wal_checkpoint_v2(f->s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    }
    practice_clear(&p);
}

static void a_note_moved_to_another_row_does_not_open(void **state)
{
    struct fixture *f = *state;
    struct practice a, b, got;
    make(&a, NOW - 60, "fms-20", 20, "note of a");
    make(&b, NOW - 120, "fms-20", 20, "note of b");
    assert_int_equal(store_practice_insert(f->s, f->alice, &a, NOW, NULL, NULL), 0);
    assert_int_equal(store_practice_insert(f->s, f->alice, &b, NOW, NULL, NULL), 0);
    char *sql = xasprintf("UPDATE practice_sessions SET note_enc = (SELECT note_enc FROM "
                          "practice_sessions WHERE id = '%s') WHERE id = '%s'",
                          a.id, b.id);
    assert_true(testdb_try(f->dir, sql, NULL, 0));
    free(sql);
    struct pace_error err = {0};
    assert_int_equal(store_practice_get(f->s, f->alice, b.id, &got, &err), PACE_ECRYPTO);
    assert_int_equal(store_practice_get(f->s, f->alice, a.id, &got, NULL), 0);
    assert_string_equal(got.note, "note of a");
    practice_clear(&got);
    practice_clear(&a);
    practice_clear(&b);
}

static void a_full_disk_is_reported_and_nothing_is_half_written(void **state)
{
    if (testdb_pg())
        skip(); /* SQLite's file; PostgreSQL's disk is the server's */
    struct fixture *f = *state;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->s->db, "PRAGMA page_count", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int pages = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    char *sql = xasprintf("PRAGMA max_page_count = %d", pages);
    assert_int_equal(sqlite3_exec(f->s->db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    struct practice p;
    char note[3001];
    memset(note, 'n', 3000);
    note[3000] = '\0';
    int stored = 0, rc = 0;
    struct pace_error err = {0};
    for (int i = 0; i < 50 && rc == 0; i++) {
        make(&p, NOW - i, "fms-20", 20, note);
        rc = store_practice_insert(f->s, f->alice, &p, NOW, NULL, &err);
        stored += rc == 0;
        practice_clear(&p);
    }
    assert_int_equal(rc, PACE_EFULL);
    assert_non_null(strstr(err.msg, "disk is full"));
    assert_int_equal(count(f, f->alice), (size_t)stored);
}

static void drafts_round_trip_one_per_user(void **state)
{
    struct fixture *f = *state;
    char *got = NULL;
    struct pace_error err = {0};
    assert_int_equal(store_draft_get(f->s, f->alice, &got, &err), PACE_ENOTFOUND);
    assert_null(got);
    assert_int_equal(store_draft_put(f->s, f->alice, "{\"step\":\"checkin\"}", NOW, NULL), 0);
    assert_int_equal(store_draft_put(f->s, f->alice, "{\"step\":\"relax\"}", NOW + 5, NULL), 0);
    assert_int_equal(store_draft_get(f->s, f->alice, &got, NULL), 0);
    assert_string_equal(got, "{\"step\":\"relax\"}");
    free(got);
    assert_int_equal(store_draft_get(f->s, f->bob, &got, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_draft_delete(f->s, f->bob), 0); /* nothing to delete: fine */
    assert_int_equal(store_draft_delete(f->s, f->alice), 0);
    assert_int_equal(store_draft_get(f->s, f->alice, &got, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_draft_put(f->s, f->alice, "", NOW, NULL), PACE_EINVAL);
}

static void draft_finish_saves_and_ends_the_draft_together(void **state)
{
    struct fixture *f = *state;
    char *got = NULL;
    struct practice p, saved;
    struct pace_error err = {0};
    assert_int_equal(store_draft_put(f->s, f->alice, "{\"step\":\"checkout\"}", NOW, NULL), 0);

    /* An invalid record: nothing saved, the draft is still there. */
    make(&p, NOW - 600, "fms-20", 20, "done");
    p.before.fear = -1;
    assert_int_equal(store_draft_finish(f->s, f->alice, &p, NOW, NULL, &err), PACE_EINVAL);
    assert_string_equal(err.field, "before.fear");
    assert_int_equal(store_draft_get(f->s, f->alice, &got, NULL), 0);
    free(got);
    practice_clear(&p);

    /* A conflicting id fails inside the transaction: the draft survives. */
    make(&p, NOW - 600, "fms-20", 20, "done");
    assert_int_equal(store_practice_insert(f->s, f->bob, &p, NOW, NULL, NULL), 0);
    assert_int_equal(store_draft_finish(f->s, f->alice, &p, NOW, NULL, &err), PACE_ECONFLICT);
    assert_int_equal(store_draft_get(f->s, f->alice, &got, NULL), 0);
    free(got);
    assert_int_equal(count(f, f->alice), 0);
    p.id[0] = '\0';

    assert_int_equal(store_draft_finish(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    assert_true(crypto_uuid_valid(p.id));
    assert_int_equal(store_draft_get(f->s, f->alice, &got, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_practice_get(f->s, f->alice, p.id, &saved, NULL), 0);
    assert_true(same(&p, &saved));
    practice_clear(&saved);

    /* A second "save" finds no draft and records nothing twice. */
    struct practice again;
    make(&again, NOW - 600, "fms-20", 20, "done");
    assert_int_equal(store_draft_finish(f->s, f->alice, &again, NOW, NULL, &err), PACE_ENOTFOUND);
    assert_string_equal(again.id, "");
    assert_int_equal(count(f, f->alice), 1);
    practice_clear(&again);
    practice_clear(&p);
}

static void a_stopped_session_without_a_dilator_can_be_saved(void **state)
{
    struct fixture *f = *state;
    struct practice p;
    practice_init(&p);
    p.started_at = NOW - 60;
    p.outcome = OUTCOME_STOPPED;
    p.before = (struct scores){true, 9, 8, 0};
    p.after = (struct scores){true, 7, 6, 0};
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, NULL), 0);
    practice_clear(&p);
}

static struct store_once once_for(const char *key, const char *request)
{
    struct store_once o;
    memset(&o, 0, sizeof o);
    crypto_hash_token(key, o.key);
    crypto_hash_token(request, o.request);
    return o;
}

/* A request with a key is carried out once: the same request again stores
 * nothing and names the first record; another request under the key is
 * refused; another person's key is hers alone; a day later it is new. */
static void a_request_with_a_key_is_carried_out_once(void **state)
{
    struct fixture *f = *state;
    struct pace_error err = {0};
    struct practice p, q;
    make(&p, NOW - 600, "fms-20", 20, "first");
    struct store_once o = once_for("k-1", "body-1");
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, &o, &err), 0);
    assert_false(o.replayed);
    assert_int_equal(count(f, f->alice), 1);

    make(&q, NOW - 600, "fms-20", 20, "first");
    struct store_once again = once_for("k-1", "body-1");
    assert_int_equal(store_practice_insert(f->s, f->alice, &q, NOW + 5, &again, &err), 0);
    assert_true(again.replayed);
    assert_string_equal(again.record_id, p.id);
    assert_string_equal(q.id, "");
    assert_int_equal(count(f, f->alice), 1);
    struct store_once look = once_for("k-1", "body-1");
    assert_int_equal(store_once_find(f->s, f->alice, &look, NOW + 6, NULL), 0);
    assert_true(look.replayed);
    assert_string_equal(look.record_id, p.id);

    struct store_once other = once_for("k-1", "body-2");
    pace_error_clear(&err);
    assert_int_equal(store_practice_insert(f->s, f->alice, &q, NOW + 10, &other, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "Idempotency-Key");
    assert_int_equal(count(f, f->alice), 1);

    /* Bob's same key is his own. */
    struct store_once bobs = once_for("k-1", "body-1");
    assert_int_equal(store_practice_insert(f->s, f->bob, &q, NOW, &bobs, &err), 0);
    assert_false(bobs.replayed);
    practice_clear(&q);

    /* A day later the key is forgotten. */
    make(&q, NOW - 600, "fms-20", 20, "later");
    struct store_once late = once_for("k-1", "body-1");
    assert_int_equal(
        store_practice_insert(f->s, f->alice, &q, NOW + STORE_ONCE_TTL_S + 1, &late, &err), 0);
    assert_false(late.replayed);
    assert_int_equal(count(f, f->alice), 2);
    practice_clear(&q);
    practice_clear(&p);
}

static void insert_many_stores_all_or_none(void **state)
{
    struct fixture *f = *state;
    struct practice batch[3];
    struct pace_error err = {0};
    for (int i = 0; i < 3; i++)
        make(&batch[i], NOW - 3600 * (i + 1), "fms-20", 20, i == 1 ? "middle" : NULL);
    assert_int_equal(store_practice_insert_many(f->s, f->alice, batch, 3, NOW, &err), 0);
    assert_int_equal(count(f, f->alice), 3);
    for (int i = 0; i < 3; i++) {
        struct practice got;
        assert_true(crypto_uuid_valid(batch[i].id));
        assert_int_equal(store_practice_get(f->s, f->alice, batch[i].id, &got, NULL), 0);
        assert_true(same(&batch[i], &got));
        practice_clear(&got);
    }

    /* A used id half way through: nothing of the batch is stored, and the
     * ids made for it are taken back. */
    struct practice again[2];
    make(&again[0], NOW - 60, "fms-20", 20, NULL);
    make(&again[1], NOW - 60, "fms-20", 20, NULL);
    memcpy(again[1].id, batch[0].id, sizeof again[1].id);
    assert_int_equal(store_practice_insert_many(f->s, f->alice, again, 2, NOW, &err),
                     PACE_ECONFLICT);
    assert_string_equal(again[0].id, "");
    assert_int_equal(count(f, f->alice), 3);

    /* An invalid record refuses the whole batch before anything is written. */
    again[1].id[0] = '\0';
    again[1].duration_s = -1;
    assert_int_equal(store_practice_insert_many(f->s, f->alice, again, 2, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "duration_s");
    assert_int_equal(count(f, f->alice), 3);
    for (int i = 0; i < 3; i++)
        practice_clear(&batch[i]);
    practice_clear(&again[0]);
    practice_clear(&again[1]);
}

int main(void)
{
    if (crypto_init() != 0)
        return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(insert_makes_a_uuid_and_get_returns_the_same_record),
        T(a_given_id_is_kept_and_a_used_one_conflicts),
        T(an_invalid_record_is_refused_and_nothing_is_stored),
        T(update_replaces_the_whole_record),
        T(delete_removes_once),
        T(another_users_session_is_simply_not_found),
        T(pages_cover_every_record_once_newest_first_with_ties),
        T(a_record_added_between_pages_causes_no_duplicate),
        T(from_to_and_size_filters),
        T(a_malformed_cursor_or_limit_is_refused),
        T(last_is_her_newest_practice),
        T(notes_and_drafts_are_not_in_the_database_files),
        T(a_note_moved_to_another_row_does_not_open),
        T(a_full_disk_is_reported_and_nothing_is_half_written),
        T(drafts_round_trip_one_per_user),
        T(draft_finish_saves_and_ends_the_draft_together),
        T(a_stopped_session_without_a_dilator_can_be_saved),
        T(insert_many_stores_all_or_none),
        T(a_request_with_a_key_is_carried_out_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
