/*
 * test_store_ladder.c - the comfort ladder and reminders in the store (the
 * "Comfort ladder" and "Reminders" sections of store/store.h), each test
 * on a fresh data directory: round trips in order, pages with a cursor
 * that leave nothing out, every entry of a period, the cap of entries a
 * person keeps, per-user isolation, answers and titles sealed at rest, a
 * sealed value that does not open in another row, the feed address: only
 * its hash, replaced and revoked, and her time zone (none is NULL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/store.h"
#include "testdb.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <string.h>

#define NOW INT64_C(1795547100)

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
    if (testdb_open(f->dir, &f->s, &err) != 0) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
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

static bool file_has(const char *dir, const char *name, const char *needle)
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

static int64_t add_entry(struct fixture *f, int64_t user, int64_t at, int finger_pain)
{
    struct ladder_entry e;
    ladder_entry_init(&e);
    e.a[LADDER_FINGER].anxiety = 4;
    e.a[LADDER_FINGER].pain = finger_pain;
    e.a[LADDER_INTERCOURSE].not_tried = true;
    e.a[LADDER_INTERCOURSE].anxiety = 9;
    struct pace_error err = {0};
    if (store_ladder_insert(f->s, user, &e, at, &err) != 0)
        fail_msg("store_ladder_insert: %s", err.msg);
    assert_true(e.id > 0);
    assert_int_equal(e.taken_at, at);
    return e.id;
}

static void entries_come_back_newest_first(void **state)
{
    struct fixture *f = *state;
    int64_t last = 1;
    assert_int_equal(store_ladder_last_taken(f->s, f->ann, &last), 0);
    assert_int_equal(last, 0);
    int64_t a = add_entry(f, f->ann, NOW - 40 * 86400, 5);
    int64_t b = add_entry(f, f->ann, NOW, 2);
    int64_t c = add_entry(f, f->ann, NOW - 10 * 86400, 3);
    struct ladder_entry *items = NULL;
    size_t n = 0;
    assert_int_equal(store_ladder_list(f->s, f->ann, 10, &items, &n, NULL), 0);
    assert_int_equal(n, 3);
    assert_int_equal(items[0].id, b);
    assert_int_equal(items[1].id, c);
    assert_int_equal(items[2].id, a);
    assert_int_equal(items[0].a[LADDER_FINGER].pain, 2);
    assert_int_equal(items[0].a[LADDER_FINGER].anxiety, 4);
    assert_true(items[0].a[LADDER_INTERCOURSE].not_tried);
    assert_int_equal(items[0].a[LADDER_INTERCOURSE].pain, -1);
    assert_false(ladder_answer_given(&items[0].a[LADDER_TAMPON]));
    free(items);
    assert_int_equal(store_ladder_list(f->s, f->ann, 1, &items, &n, NULL), 0);
    assert_int_equal(n, 1);
    free(items);
    assert_int_equal(store_ladder_last_taken(f->s, f->ann, &last), 0);
    assert_int_equal(last, NOW);
    struct pace_error err = {0};
    assert_int_equal(store_ladder_list(f->s, f->ann, 0, &items, &n, &err), PACE_EINVAL);
    assert_int_equal(store_ladder_list(f->s, f->ann, 501, &items, &n, &err), PACE_EINVAL);
}

static void an_invalid_entry_is_not_stored(void **state)
{
    struct fixture *f = *state;
    struct ladder_entry e;
    ladder_entry_init(&e);
    struct pace_error err = {0};
    assert_int_equal(store_ladder_insert(f->s, f->ann, &e, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items");
    e.a[LADDER_DILATOR].not_tried = true;
    e.a[LADDER_DILATOR].pain = 2;
    assert_int_equal(store_ladder_insert(f->s, f->ann, &e, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items.dilator.pain");
    int64_t last = 0;
    store_ladder_last_taken(f->s, f->ann, &last);
    assert_int_equal(last, 0);
}

static void each_persons_ladder_is_her_own(void **state)
{
    struct fixture *f = *state;
    add_entry(f, f->ann, NOW, 2);
    struct ladder_entry *items = NULL;
    size_t n = 9;
    assert_int_equal(store_ladder_list(f->s, f->bea, 10, &items, &n, NULL), 0);
    assert_int_equal(n, 0);
    free(items);
    int64_t last = 1;
    assert_int_equal(store_ladder_last_taken(f->s, f->bea, &last), 0);
    assert_int_equal(last, 0);
}

static void pages_follow_the_cursor_and_leave_nothing_out(void **state)
{
    struct fixture *f = *state;
    /* 505 entries, many taken in the same second, as a quick series of
     * saves is. */
    for (int i = 0; i < 505; i++)
        add_entry(f, f->ann, NOW - i / 7, i % 11);
    add_entry(f, f->bea, NOW, 1);
    struct ladder_query q = {.limit = LADDER_PAGE_MAX};
    char cursor[STORE_CURSOR_MAX] = "", next[STORE_CURSOR_MAX];
    int64_t prev_at = INT64_MAX, prev_id = INT64_MAX;
    size_t total = 0, pages = 0;
    struct pace_error err = {0};
    do {
        q.cursor = cursor[0] ? cursor : NULL;
        struct ladder_entry *items = NULL;
        size_t n = 0;
        assert_int_equal(store_ladder_page(f->s, f->ann, &q, &items, &n, next, &err), 0);
        for (size_t i = 0; i < n; i++) {
            /* newest first, each once */
            assert_true(items[i].taken_at < prev_at ||
                        (items[i].taken_at == prev_at && items[i].id < prev_id));
            prev_at = items[i].taken_at;
            prev_id = items[i].id;
        }
        total += n;
        pages++;
        free(items);
        memcpy(cursor, next, sizeof cursor);
    } while (cursor[0]);
    assert_int_equal(total, 505);
    assert_int_equal(pages, 3);

    /* A period: [from, to). */
    q = (struct ladder_query){.from = NOW - 10, .to = NOW, .limit = 50};
    struct ladder_entry *items = NULL;
    size_t n = 0;
    assert_int_equal(store_ladder_page(f->s, f->ann, &q, &items, &n, next, &err), 0);
    assert_int_equal(n, 50);
    assert_true(next[0] != '\0');
    for (size_t i = 0; i < n; i++)
        assert_true(items[i].taken_at >= NOW - 10 && items[i].taken_at < NOW);
    free(items);
    assert_int_equal(store_ladder_all(f->s, f->ann, NOW - 10, NOW, &items, &n, &err), 0);
    assert_int_equal(n, 70); /* seconds NOW-10 .. NOW-1, 7 each */
    free(items);
    assert_int_equal(store_ladder_all(f->s, f->ann, 0, 0, &items, &n, &err), 0);
    assert_int_equal(n, 505);
    free(items);

    /* What the store refuses. */
    q = (struct ladder_query){.limit = 0};
    assert_int_equal(store_ladder_page(f->s, f->ann, &q, &items, &n, next, &err), PACE_EINVAL);
    assert_string_equal(err.field, "limit");
    q.limit = LADDER_PAGE_MAX + 1;
    assert_int_equal(store_ladder_page(f->s, f->ann, &q, &items, &n, next, &err), PACE_EINVAL);
    q = (struct ladder_query){.limit = 10, .cursor = "not-a-cursor"};
    assert_int_equal(store_ladder_page(f->s, f->ann, &q, &items, &n, next, &err), PACE_EINVAL);
    assert_string_equal(err.field, "cursor");
    q.cursor = "0000000069b0f5dc00000000000000ZZ";
    assert_int_equal(store_ladder_page(f->s, f->ann, &q, &items, &n, next, &err), PACE_EINVAL);
}

/* Runs one SQL statement on the database file directly. */
static void raw_sql(struct fixture *f, const char *sql)
{
    char msg[256];
    if (!testdb_try(f->dir, sql, msg, sizeof msg))
        fail_msg("%s: %s", sql, msg);
}

static void a_person_keeps_at_most_so_many_entries(void **state)
{
    struct fixture *f = *state;
    /* Room for one more, filled in directly (the count is all that
     * matters), then the last one and one too many. */
    char *sql = xasprintf("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                          "WHERE i < %d) INSERT INTO ladder_entries (user_id, taken_at, "
                          "answers_enc) SELECT %lld, %lld - i, %s FROM n",
                          EXPORT_MAX_LADDER - 1, (long long)f->ann, (long long)NOW,
                          testdb_pg() ? "decode('00', 'hex')" : "x'00'");
    raw_sql(f, sql);
    free(sql);
    add_entry(f, f->ann, NOW, 1);
    struct ladder_entry e;
    ladder_entry_init(&e);
    e.a[LADDER_FINGER].anxiety = 1;
    struct pace_error err = {0};
    assert_int_equal(store_ladder_insert(f->s, f->ann, &e, NOW, &err), PACE_EINVAL);
    assert_non_null(strstr(err.msg, "10,000"));
    /* Someone else's room is her own. */
    add_entry(f, f->bea, NOW, 1);
}

static void answers_and_titles_are_sealed_at_rest(void **state)
{
    struct fixture *f = *state;
    int64_t a = add_entry(f, f->ann, NOW - 86400, 7);
    int64_t b = add_entry(f, f->ann, NOW, 1);
    struct reminder r = {.days = 1, .minute = 600};
    snprintf(r.title, sizeof r.title, "Moonlit-secret-title");
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token("feed-token-one", hash);
    assert_int_equal(store_reminder_put(f->s, f->ann, &r, hash, NOW, NULL), 0);
    store_close(f->s);
    f->s = NULL;
    for (const char *const *name = (const char *const[]){"pace.db", "pace.db-wal", NULL};
         !testdb_pg() && *name; name++) {
        assert_false(file_has(f->dir, *name, "anxiety"));
        assert_false(file_has(f->dir, *name, "not_tried"));
        assert_false(file_has(f->dir, *name, "Moonlit-secret-title"));
        assert_false(file_has(f->dir, *name, "feed-token-one"));
    }
    /* A sealed value moved to another row does not open there. */
    char *sql = xasprintf("UPDATE ladder_entries SET answers_enc = (SELECT answers_enc FROM "
                          "ladder_entries WHERE id = %lld) WHERE id = %lld",
                          (long long)a, (long long)b);
    raw_sql(f, sql);
    free(sql);
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
    struct ladder_entry *items = NULL;
    size_t n = 0;
    assert_true(store_ladder_list(f->s, f->ann, 10, &items, &n, &err) != 0);
    assert_null(items);
    struct reminder back;
    assert_int_equal(store_reminder_get(f->s, f->ann, &back, NULL, NULL), 0);
    assert_string_equal(back.title, "Moonlit-secret-title");
}

static void the_feed_is_found_by_its_hash_until_replaced_or_revoked(void **state)
{
    struct fixture *f = *state;
    struct reminder r = {.days = 0x15, .minute = 19 * 60 + 30};
    snprintf(r.title, sizeof r.title, "  Time for me ");
    unsigned char h1[CRYPTO_HASH_BYTES], h2[CRYPTO_HASH_BYTES];
    crypto_hash_token("first", h1);
    crypto_hash_token("second", h2);
    struct pace_error err = {0};
    struct reminder got;
    struct reminder_feed feed;
    assert_int_equal(store_reminder_get(f->s, f->ann, &got, &feed, &err), PACE_ENOTFOUND);
    assert_int_equal(store_reminder_feed_set(f->s, f->ann, h1, NOW, &err), PACE_ENOTFOUND);

    assert_int_equal(store_reminder_put(f->s, f->ann, &r, h1, NOW, &err), 0);
    assert_string_equal(r.title, "Time for me"); /* checked and trimmed */
    assert_true(crypto_uuid_valid(r.uid));
    char uid[REMINDER_UID_MAX];
    snprintf(uid, sizeof uid, "%s", r.uid);
    assert_int_equal(store_reminder_by_feed(f->s, h1, &got, NULL), 0);
    assert_int_equal(got.days, 0x15);
    assert_int_equal(got.minute, 19 * 60 + 30);
    assert_string_equal(got.title, "Time for me");
    assert_string_equal(got.uid, uid);
    assert_int_equal(got.updated_at, NOW);

    /* a later save keeps the address and the uid */
    r.days = 0x40;
    assert_int_equal(store_reminder_put(f->s, f->ann, &r, NULL, NOW + 60, &err), 0);
    assert_int_equal(store_reminder_by_feed(f->s, h1, &got, NULL), 0);
    assert_int_equal(got.days, 0x40);
    assert_string_equal(got.uid, uid);
    assert_int_equal(store_reminder_get(f->s, f->ann, &got, &feed, NULL), 0);
    assert_true(feed.live);
    assert_int_equal(feed.created_at, NOW);

    /* replaced: the old hash is gone */
    assert_int_equal(store_reminder_feed_set(f->s, f->ann, h2, NOW + 120, &err), 0);
    assert_int_equal(store_reminder_by_feed(f->s, h1, &got, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_reminder_by_feed(f->s, h2, &got, NULL), 0);
    /* revoked: nothing answers; the schedule stays */
    assert_int_equal(store_reminder_feed_revoke(f->s, f->ann, NULL), 0);
    assert_int_equal(store_reminder_by_feed(f->s, h2, &got, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_reminder_get(f->s, f->ann, &got, &feed, NULL), 0);
    assert_false(feed.live);
    assert_int_equal(got.days, 0x40);

    /* bad schedules are refused before the store */
    struct reminder bad = {.days = 0, .minute = 10};
    snprintf(bad.title, sizeof bad.title, "x");
    assert_int_equal(store_reminder_put(f->s, f->bea, &bad, h1, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "days");
    /* Bea has nothing, and Ann's revoke did not touch her */
    assert_int_equal(store_reminder_get(f->s, f->bea, &got, NULL, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_reminder_feed_revoke(f->s, f->bea, NULL), PACE_ENOTFOUND);
}

static void her_time_zone_is_kept(void **state)
{
    struct fixture *f = *state;
    struct reminder r = {.days = 0x40, .minute = 20 * 60};
    snprintf(r.title, sizeof r.title, "Me");
    snprintf(r.tz, sizeof r.tz, "Europe/Berlin");
    unsigned char h[CRYPTO_HASH_BYTES];
    crypto_hash_token("zone", h);
    struct pace_error err = {0};
    assert_int_equal(store_reminder_put(f->s, f->ann, &r, h, NOW, &err), 0);
    struct reminder got;
    assert_int_equal(store_reminder_get(f->s, f->ann, &got, NULL, NULL), 0);
    assert_string_equal(got.tz, "Europe/Berlin");
    assert_int_equal(store_reminder_by_feed(f->s, h, &got, NULL), 0);
    assert_string_equal(got.tz, "Europe/Berlin");
    /* none chosen is stored as none (NULL), as for a schedule from before */
    r.tz[0] = '\0';
    assert_int_equal(store_reminder_put(f->s, f->ann, &r, NULL, NOW + 60, &err), 0);
    assert_int_equal(store_reminder_get(f->s, f->ann, &got, NULL, NULL), 0);
    assert_string_equal(got.tz, "");
    assert_int_equal(
        testdb_int(f->dir, "SELECT CASE WHEN tz IS NULL THEN 1 ELSE 0 END FROM reminders"), 1);
    /* a name of the wrong shape never reaches the store */
    snprintf(r.tz, sizeof r.tz, "../../etc/passwd");
    assert_int_equal(store_reminder_put(f->s, f->ann, &r, NULL, NOW + 120, &err), PACE_EINVAL);
    assert_string_equal(err.field, "tz");
}

/* Instants past 2038 (beyond a 32-bit integer) bound a period as well:
 * PostgreSQL once typed "(?2 = 0 OR taken_at >= ?2)" as a 32-bit integer
 * from its first use and refused them. */
static void a_period_after_2038_is_read_whole(void **state)
{
    struct fixture *f = *state;
    const int64_t t = INT64_C(2200000000); /* 2039-09-18 */
    add_entry(f, f->ann, t, 2);
    add_entry(f, f->ann, t + 10 * 86400, 3);
    struct ladder_entry *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    assert_int_equal(store_ladder_all(f->s, f->ann, t - 86400, t + 86400, &items, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].taken_at, t);
    free(items);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(entries_come_back_newest_first),
        T(an_invalid_entry_is_not_stored),
        T(each_persons_ladder_is_her_own),
        T(pages_follow_the_cursor_and_leave_nothing_out),
        T(a_person_keeps_at_most_so_many_entries),
        T(answers_and_titles_are_sealed_at_rest),
        T(the_feed_is_found_by_its_hash_until_replaced_or_revoked),
        T(her_time_zone_is_kept),
        T(a_period_after_2038_is_read_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
