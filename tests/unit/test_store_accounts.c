/*
 * test_store_accounts.c - the store (store/store.h), each test on a fresh
 * data directory under /tmp: the schema and its pragmas, users, the
 * encrypted "about me" note, logins, API tokens, the throttle's counters
 * and backups. The account use cases on top are in test_app_account.c.
 *
 * Password hashing is slow on purpose, so most users here get a hash made
 * with libsodium's minimum cost; sign-in upgrades it (that is tested too).
 * "now" is always passed in, so nothing sleeps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "store/store.h"
#include "testdb.h"
#include "tmpdir.h"

#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC */
#define PASSWORD "correct horse battery staple"
#define IDLE (30 * 60)

/* A hash of PASSWORD with the cheapest argon2id settings, made once. */
static char weak_hash[CRYPTO_PWHASH_MAX];

struct fixture {
    char *dir;
    struct store *s;
};

static int make_weak_hash(void **state)
{
    (void)state;
    if (crypto_init() != 0)
        return -1;
    return crypto_pwhash_str_alg(weak_hash, PASSWORD, strlen(PASSWORD), crypto_pwhash_OPSLIMIT_MIN,
                                 crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13);
}

static int open_store(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        tmpdir_remove(f->dir);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int close_store(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

/* Closes and reopens the fixture's store, as a restart would. */
static void reopen(struct fixture *f)
{
    store_close(f->s);
    f->s = NULL;
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0)
        fail_msg("reopening failed: %s", err.msg);
}

static int64_t add_user(struct store *s, const char *email, enum role role)
{
    int64_t id = 0;
    struct pace_error err = {0};
    if (store_user_insert(s, email, weak_hash, role, NOW, &id, &err) != 0)
        fail_msg("inserting %s: %s", email, err.msg);
    assert_true(id > 0);
    return id;
}

/* A login or token hash that differs for each seed. */
static void token_hash(int seed, unsigned char out[CRYPTO_HASH_BYTES])
{
    char token[32];
    snprintf(token, sizeof token, "token-%d", seed);
    crypto_hash_token(token, out);
}

/* ---- direct access to the database file, for checks the API hides ---- */

static void raw_exec(const char *dir, const char *sql)
{
    char msg[256];
    if (!testdb_try(dir, sql, msg, sizeof msg))
        fail_msg("%s: %s", sql, msg);
}

/* Runs a one-value query and returns its text in out. */
static void raw_text(const char *dir, const char *sql, char *out, size_t n)
{
    testdb_text(dir, sql, out, n);
}

static long raw_int(const char *dir, const char *sql)
{
    return (long)testdb_int(dir, sql);
}

static mode_t file_mode(const char *dir, const char *name)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct stat st;
    int rc = stat(path, &st);
    free(path);
    assert_int_equal(rc, 0);
    return st.st_mode & 0777;
}

/* ---- opening and the schema ---- */

static void opening_an_empty_directory_creates_the_schema(void **state)
{
    struct fixture *f = *state;
    assert_true(store_schema_version(f->s) >= 1);
    bool pg = testdb_pg() != NULL;
    assert_int_equal(
        raw_int(f->dir, pg ? "SELECT version FROM schema_version" : "PRAGMA user_version"),
        store_schema_version(f->s));

    static const char *const tables[] = {"users", "logins", "api_tokens", "throttle"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char *sql = xasprintf(pg ? "SELECT count(*) FROM pg_tables WHERE tablename = '%s' "
                                   "AND schemaname = current_schema()"
                                 : "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                   "AND name = '%s'",
                              tables[i]);
        long n = raw_int(f->dir, sql);
        free(sql);
        if (n != 1)
            fail_msg("table %s is missing", tables[i]);
    }

    assert_int_equal(file_mode(f->dir, "pace.key"), 0600);
    if (pg)
        return;
    char mode[16];
    raw_text(f->dir, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "wal");
    assert_int_equal(file_mode(f->dir, "pace.db"), 0600);
}

static void a_missing_data_directory_is_created_private(void **state)
{
    struct fixture *f = *state;
    char *sub = xasprintf("%s/data", f->dir);
    struct store *s = NULL;
    struct pace_error err = {0};
    assert_int_equal(testdb_open(sub, &s, &err), 0);
    assert_int_equal(file_mode(f->dir, "data"), 0700);
    assert_true(store_schema_version(s) >= 1);
    store_close(s);
    free(sub);
}

static void reopening_is_idempotent(void **state)
{
    struct fixture *f = *state;
    int version = store_schema_version(f->s);
    struct crypto_key key = *store_key(f->s);
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);

    reopen(f);
    reopen(f);
    assert_int_equal(store_schema_version(f->s), version);
    assert_memory_equal(store_key(f->s)->k, key.k, CRYPTO_KEY_BYTES);
    struct user u;
    assert_int_equal(store_user_get(f->s, id, &u), 0);
    assert_string_equal(u.email, "alice@example.org");
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM users"), 1);
    crypto_key_wipe(&key);
}

static void a_database_from_a_newer_version_is_refused(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    f->s = NULL;
    testdb_set_version(f->dir, 9999);
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), PACE_EIO);
    assert_null(f->s);
    assert_non_null(strstr(err.msg, "newer"));
}

static void a_data_directory_with_a_readable_key_is_refused(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    f->s = NULL;
    char *key = xasprintf("%s/pace.key", f->dir);
    assert_int_equal(chmod(key, 0644), 0);
    free(key);
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), PACE_EDENIED);
    assert_null(f->s);
}

static bool file_exists(const char *dir, const char *name)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct stat st;
    bool yes = stat(path, &st) == 0;
    free(path);
    return yes;
}

/* A missing key file once became a new key, and her sealed notes were lost
 * for good: now the database carries a value sealed with its key. */
static void a_missing_key_is_never_replaced_while_the_database_holds_data(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM meta WHERE name = 'key_check'"), 1);
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    assert_int_equal(store_user_set_about(f->s, id, "sealed note", NULL), 0);
    store_close(f->s);
    f->s = NULL;
    char *key = xasprintf("%s/pace.key", f->dir);
    char *moved = xasprintf("%s/pace.key.kept", f->dir);
    assert_int_equal(rename(key, moved), 0);
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), PACE_ECRYPTO);
    assert_null(f->s);
    assert_non_null(strstr(err.msg, "key file"));
    assert_non_null(strstr(err.msg, "missing"));
    assert_false(file_exists(f->dir, "pace.key"));

    /* Another key is refused too, and left as it is. */
    assert_true(file_write_all(key,
                               "00112233445566778899aabbccddeeff"
                               "00112233445566778899aabbccddeeff\n",
                               65, 0600));
    assert_int_equal(testdb_open(f->dir, &f->s, &err), PACE_ECRYPTO);
    assert_null(f->s);
    assert_non_null(strstr(err.msg, "does not open"));

    /* The right key opens everything again. */
    assert_int_equal(rename(moved, key), 0);
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
    char *text = NULL;
    assert_int_equal(store_user_get_about(f->s, id, &text, &err), 0);
    assert_string_equal(text, "sealed note");
    free(text);
    free(key);
    free(moved);
}

/* A database made before the check value gets one at its next start. */
static void an_older_database_gets_its_check_value(void **state)
{
    struct fixture *f = *state;
    add_user(f->s, "alice@example.org", ROLE_PATIENT);
    raw_exec(f->dir, "DELETE FROM meta");
    store_close(f->s);
    f->s = NULL;
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM meta WHERE name = 'key_check'"), 1);
}

/* foreign_keys is a per-connection setting, so it is checked through what
 * the store's own connection does. */
static void the_store_refuses_logins_and_tokens_of_a_missing_user(void **state)
{
    struct fixture *f = *state;
    unsigned char h[CRYPTO_HASH_BYTES];
    token_hash(1, h);
    struct pace_error err = {0};
    assert_int_equal(store_login_insert(f->s, 4242, h, "agent", NOW, &err), PACE_ECONFLICT);
    assert_int_equal(store_token_insert(f->s, 4242, h, "label", NOW, NULL, &err), PACE_ECONFLICT);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM logins"), 0);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM api_tokens"), 0);
}

static void deleting_a_user_ends_her_logins_and_tokens(void **state)
{
    struct fixture *f = *state;
    int64_t alice = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    int64_t bob = add_user(f->s, "bob@example.org", ROLE_PATIENT);
    unsigned char h1[CRYPTO_HASH_BYTES], h2[CRYPTO_HASH_BYTES], h3[CRYPTO_HASH_BYTES];
    token_hash(1, h1);
    token_hash(2, h2);
    token_hash(3, h3);
    assert_int_equal(store_login_insert(f->s, alice, h1, "", NOW, NULL), 0);
    assert_int_equal(store_token_insert(f->s, alice, h2, "phone", NOW, NULL, NULL), 0);
    assert_int_equal(store_login_insert(f->s, bob, h3, "", NOW, NULL), 0);

    char *sql = xasprintf("%sDELETE FROM users WHERE id = %lld",
                          testdb_pg() ? "" : "PRAGMA foreign_keys = ON; ", (long long)alice);
    raw_exec(f->dir, sql);
    free(sql);

    struct login l;
    struct user u;
    assert_int_equal(store_login_touch(f->s, h1, NOW, IDLE, 0, &l), PACE_ENOTFOUND);
    assert_int_equal(store_token_lookup(f->s, h2, NOW, &u), PACE_ENOTFOUND);
    assert_int_equal(store_login_touch(f->s, h3, NOW, IDLE, 0, &l), 0);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM logins"), 1);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM api_tokens"), 0);
}

/* ---- users ---- */

static void a_user_is_found_by_id_and_by_email(void **state)
{
    struct fixture *f = *state;
    int64_t id = 0;
    struct pace_error err = {0};
    assert_int_equal(
        store_user_insert(f->s, "dana@example.org", "hash-1", ROLE_CLINICIAN, NOW, &id, &err), 0);

    struct user u;
    assert_int_equal(store_user_get(f->s, id, &u), 0);
    assert_int_equal(u.id, id);
    assert_string_equal(u.email, "dana@example.org");
    assert_int_equal(u.role, ROLE_CLINICIAN);
    assert_string_equal(u.pwhash, "hash-1");
    assert_int_equal(u.created_at, NOW);
    assert_int_equal(u.lang, -1);

    struct user by_email;
    assert_int_equal(store_user_get_by_email(f->s, "dana@example.org", &by_email), 0);
    assert_int_equal(by_email.id, id);
    assert_int_equal(by_email.role, ROLE_CLINICIAN);

    assert_int_equal(store_user_get(f->s, id + 1, &u), PACE_ENOTFOUND);
    assert_int_equal(store_user_get_by_email(f->s, "nobody@example.org", &u), PACE_ENOTFOUND);
    assert_int_equal(store_user_get_by_email(f->s, "DANA@example.org", &u), PACE_ENOTFOUND);
}

static void a_second_account_with_the_same_email_conflicts(void **state)
{
    struct fixture *f = *state;
    int64_t first = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    int64_t second = -1;
    struct pace_error err = {0};
    assert_int_equal(
        store_user_insert(f->s, "alice@example.org", "other-hash", ROLE_ADMIN, NOW, &second, &err),
        PACE_ECONFLICT);
    assert_int_equal(err.code, PACE_ECONFLICT);
    assert_string_equal(err.field, "email");
    assert_true(err.msg[0] != '\0');
    assert_int_equal(second, -1);

    struct user u;
    assert_int_equal(store_user_get_by_email(f->s, "alice@example.org", &u), 0);
    assert_int_equal(u.id, first);
    assert_int_equal(u.role, ROLE_PATIENT);
    assert_string_equal(u.pwhash, weak_hash);
}

static void her_language_choice_is_kept(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    struct user u;
    assert_int_equal(store_user_set_lang(f->s, id, LANG_DE, NULL), 0);
    assert_int_equal(store_user_get(f->s, id, &u), 0);
    assert_int_equal(u.lang, LANG_DE);
    assert_int_equal(store_user_set_lang(f->s, id, -1, NULL), 0);
    assert_int_equal(store_user_get(f->s, id, &u), 0);
    assert_int_equal(u.lang, -1);
    assert_int_equal(store_user_set_lang(f->s, id + 1, LANG_EN, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_user_set_pwhash(f->s, id + 1, "x", NULL), PACE_ENOTFOUND);
}

/* ---- the "about me" note ---- */

#define SECRET_NOTE "Distinctive note: my dilator diary says size 3 felt easier today"

static void contains_note(const char *path, bool *seen)
{
    struct buf b = {0};
    if (file_read_all(path, &b)) {
        if (memmem(b.data, b.len, SECRET_NOTE, strlen(SECRET_NOTE)) != NULL ||
            memmem(b.data, b.len, "dilator diary", strlen("dilator diary")) != NULL)
            *seen = true;
    }
    buf_free(&b);
}

static void the_about_note_is_stored_encrypted(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    struct pace_error err = {0};
    assert_int_equal(store_user_set_about(f->s, id, SECRET_NOTE, &err), 0);
    char *text = NULL;
    assert_int_equal(store_user_get_about(f->s, id, &text, &err), 0);
    assert_string_equal(text, SECRET_NOTE);
    free(text);

    if (testdb_pg()) {
        /* What the server holds: sealed bytes, not her words. */
        char *sql = xasprintf("SELECT count(*) FROM users WHERE about_enc IS NOT NULL AND "
                              "position(convert_to('%s', 'UTF8') IN about_enc) = 0",
                              SECRET_NOTE);
        assert_int_equal(raw_int(f->dir, sql), 1);
        free(sql);
        return;
    }
    store_close(f->s);
    f->s = NULL;
    static const char *const files[] = {"pace.db", "pace.db-wal", "pace.db-journal", "pace.db-shm"};
    bool seen = false;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *path = xasprintf("%s/%s", f->dir, files[i]);
        contains_note(path, &seen);
        if (seen)
            fail_msg("the note is readable in %s", files[i]);
        free(path);
    }
    /* The email, which is not encrypted, is there: so the scan does work. */
    struct buf db = {0};
    char *db_path = xasprintf("%s/pace.db", f->dir);
    assert_true(file_read_all(db_path, &db));
    assert_non_null(memmem(db.data, db.len, "alice@example.org", 17));
    buf_free(&db);
    free(db_path);

    reopen(f);
    assert_int_equal(store_user_get_about(f->s, id, &text, &err), 0);
    assert_string_equal(text, SECRET_NOTE);
    free(text);
}

static void a_note_copied_into_another_users_row_does_not_open(void **state)
{
    struct fixture *f = *state;
    int64_t alice = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    int64_t eve = add_user(f->s, "eve@example.org", ROLE_PATIENT);
    assert_int_equal(store_user_set_about(f->s, alice, "alice's private note", NULL), 0);

    char *sql = xasprintf("UPDATE users SET about_enc = (SELECT about_enc FROM users WHERE "
                          "id = %lld) WHERE id = %lld",
                          (long long)alice, (long long)eve);
    raw_exec(f->dir, sql);
    free(sql);

    char *text = NULL;
    struct pace_error err = {0};
    assert_int_equal(store_user_get_about(f->s, eve, &text, &err), PACE_ECRYPTO);
    assert_null(text);
    assert_int_equal(store_user_get_about(f->s, alice, &text, &err), 0);
    assert_string_equal(text, "alice's private note");
    free(text);
}

static void an_empty_note_clears_it(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    char *text = NULL;
    assert_int_equal(store_user_get_about(f->s, id, &text, NULL), 0);
    assert_string_equal(text, ""); /* none yet */
    free(text);

    assert_int_equal(store_user_set_about(f->s, id, "something", NULL), 0);
    assert_int_equal(store_user_set_about(f->s, id, "", NULL), 0);
    assert_int_equal(store_user_get_about(f->s, id, &text, NULL), 0);
    assert_string_equal(text, "");
    free(text);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM users WHERE about_enc IS NULL"), 1);

    assert_int_equal(store_user_set_about(f->s, id + 1, "x", NULL), PACE_ENOTFOUND);
    assert_int_equal(store_user_get_about(f->s, id + 1, &text, NULL), PACE_ENOTFOUND);
    assert_null(text);
}

/* ---- logins ---- */

static void a_login_lives_while_used_and_ends_after_idle_time(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    unsigned char h[CRYPTO_HASH_BYTES];
    token_hash(1, h);
    assert_int_equal(store_login_insert(f->s, id, h, "Firefox on Linux", NOW, NULL), 0);

    struct login l;
    assert_int_equal(store_login_touch(f->s, h, NOW + 100, IDLE, 0, &l), 0);
    assert_int_equal(l.user_id, id);
    assert_int_equal(l.created_at, NOW);
    assert_int_equal(l.last_seen, NOW + 100);
    assert_string_equal(l.agent, "Firefox on Linux");

    /* Each use moves the idle deadline on. */
    int64_t t = NOW + 100 + IDLE;
    assert_int_equal(store_login_touch(f->s, h, t, IDLE, 0, &l), 0);
    t += IDLE;
    assert_int_equal(store_login_touch(f->s, h, t, IDLE, 0, &l), 0);

    assert_int_equal(store_login_touch(f->s, h, t + IDLE + 1, IDLE, 0, &l), PACE_ENOTFOUND);
    /* ... and it is gone for good, not just reported as expired. */
    assert_int_equal(store_login_touch(f->s, h, t, IDLE, 0, &l), PACE_ENOTFOUND);
    struct login *items = NULL;
    size_t n = 99;
    assert_int_equal(store_login_list(f->s, id, &items, &n), 0);
    assert_int_equal(n, 0);
    free(items);
}

static void an_unknown_login_is_not_found(void **state)
{
    struct fixture *f = *state;
    unsigned char h[CRYPTO_HASH_BYTES];
    token_hash(7, h);
    struct login l;
    assert_int_equal(store_login_touch(f->s, h, NOW, IDLE, 0, &l), PACE_ENOTFOUND);
}

static void logins_are_listed_newest_first_and_end_one_by_one(void **state)
{
    struct fixture *f = *state;
    int64_t alice = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    int64_t bob = add_user(f->s, "bob@example.org", ROLE_PATIENT);
    unsigned char h1[CRYPTO_HASH_BYTES], h2[CRYPTO_HASH_BYTES];
    token_hash(1, h1);
    token_hash(2, h2);
    assert_int_equal(store_login_insert(f->s, alice, h1, "laptop", NOW, NULL), 0);
    assert_int_equal(store_login_insert(f->s, alice, h2, "phone", NOW + 60, NULL), 0);

    struct login *items = NULL;
    size_t n = 0;
    assert_int_equal(store_login_list(f->s, alice, &items, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].agent, "phone");
    assert_string_equal(items[1].agent, "laptop");
    int64_t laptop = items[1].id;
    free(items);

    /* Bob cannot end Alice's login by guessing its id. */
    assert_int_equal(store_login_delete_id(f->s, bob, laptop), PACE_ENOTFOUND);
    assert_int_equal(store_login_delete_id(f->s, alice, laptop), 0);
    struct login l;
    assert_int_equal(store_login_touch(f->s, h1, NOW + 60, IDLE, 0, &l), PACE_ENOTFOUND);

    assert_int_equal(store_login_delete(f->s, h2), 0);
    assert_int_equal(store_login_touch(f->s, h2, NOW + 60, IDLE, 0, &l), PACE_ENOTFOUND);
}

static void the_same_login_token_cannot_be_stored_twice(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    unsigned char h[CRYPTO_HASH_BYTES];
    token_hash(1, h);
    assert_int_equal(store_login_insert(f->s, id, h, "", NOW, NULL), 0);
    assert_int_equal(store_login_insert(f->s, id, h, "", NOW, NULL), PACE_ECONFLICT);
}

struct four_logins {
    int64_t alice, bob;
    unsigned char h[4][CRYPTO_HASH_BYTES]; /* 0-2 Alice's, 3 Bob's */
};

static void make_four_logins(struct fixture *f, struct four_logins *fl)
{
    fl->alice = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    fl->bob = add_user(f->s, "bob@example.org", ROLE_PATIENT);
    for (int i = 0; i < 4; i++) {
        token_hash(i, fl->h[i]);
        assert_int_equal(
            store_login_insert(f->s, i < 3 ? fl->alice : fl->bob, fl->h[i], "", NOW, NULL), 0);
    }
}

/* Asserts which of the four logins are still alive. */
static void expect_alive(struct fixture *f, struct four_logins *fl, const bool alive[4])
{
    for (int i = 0; i < 4; i++) {
        struct login l;
        int rc = store_login_touch(f->s, fl->h[i], NOW + 1, IDLE, 0, &l);
        if (rc != (alive[i] ? 0 : PACE_ENOTFOUND))
            fail_msg("login %d: %s", i, alive[i] ? "ended" : "still alive");
    }
}

static void ending_other_logins_keeps_the_current_one(void **state)
{
    struct fixture *f = *state;
    struct four_logins fl;
    make_four_logins(f, &fl);
    assert_int_equal(store_login_delete_others(f->s, fl.alice, fl.h[1]), 0);
    expect_alive(f, &fl, (const bool[4]){false, true, false, true});

    assert_int_equal(store_login_delete_others(f->s, fl.alice, NULL), 0);
    expect_alive(f, &fl, (const bool[4]){false, false, false, true});
}

static void changing_the_password_ends_her_other_logins(void **state)
{
    struct fixture *f = *state;
    struct four_logins fl;
    make_four_logins(f, &fl);
    struct pace_error err = {0};
    assert_int_equal(store_user_change_password(f->s, fl.alice, "new-hash", fl.h[2], false, &err),
                     0);
    struct user u;
    assert_int_equal(store_user_get(f->s, fl.alice, &u), 0);
    assert_string_equal(u.pwhash, "new-hash");
    expect_alive(f, &fl, (const bool[4]){false, false, true, true});

    assert_int_equal(store_user_change_password(f->s, fl.bob + 100, "x", NULL, false, &err),
                     PACE_ENOTFOUND);
}

/* Password and logins change together or not at all: when ending the logins
 * fails, the new password must not be left behind. */
static void a_password_change_that_fails_halfway_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct four_logins fl;
    make_four_logins(f, &fl);
    testdb_refuse(f->dir, "logins", "DELETE", true);

    struct pace_error err = {0};
    assert_true(store_user_change_password(f->s, fl.alice, "new-hash", fl.h[0], false, &err) < 0);
    struct user u;
    assert_int_equal(store_user_get(f->s, fl.alice, &u), 0);
    assert_string_equal(u.pwhash, weak_hash);

    testdb_refuse(f->dir, "logins", "DELETE", false);
    expect_alive(f, &fl, (const bool[4]){true, true, true, true});
    /* And the store is not left inside a transaction. */
    assert_int_equal(store_user_change_password(f->s, fl.alice, "new-hash", fl.h[0], false, &err),
                     0);
    expect_alive(f, &fl, (const bool[4]){true, false, false, true});
}

/* ---- API tokens ---- */

static void a_token_finds_its_owner_and_only_she_can_revoke_it(void **state)
{
    struct fixture *f = *state;
    int64_t alice = add_user(f->s, "alice@example.org", ROLE_CLINICIAN);
    int64_t bob = add_user(f->s, "bob@example.org", ROLE_PATIENT);
    unsigned char h[CRYPTO_HASH_BYTES], unknown[CRYPTO_HASH_BYTES];
    token_hash(1, h);
    token_hash(2, unknown);
    int64_t tid = 0;
    struct pace_error err = {0};
    assert_int_equal(store_token_insert(f->s, alice, h, "export script", NOW, &tid, &err), 0);
    assert_true(tid > 0);

    struct user u;
    assert_int_equal(store_token_lookup(f->s, h, NOW + 300, &u), 0);
    assert_int_equal(u.id, alice);
    assert_string_equal(u.email, "alice@example.org");
    assert_int_equal(u.role, ROLE_CLINICIAN);
    assert_int_equal(store_token_lookup(f->s, unknown, NOW, &u), PACE_ENOTFOUND);

    struct api_token *items = NULL;
    size_t n = 0;
    assert_int_equal(store_token_list(f->s, alice, &items, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, tid);
    assert_string_equal(items[0].label, "export script");
    assert_int_equal(items[0].created_at, NOW);
    assert_int_equal(items[0].last_used_at, NOW + 300);
    free(items);
    assert_int_equal(store_token_list(f->s, bob, &items, &n), 0);
    assert_int_equal(n, 0);
    free(items);

    assert_int_equal(store_token_revoke(f->s, bob, tid), PACE_ENOTFOUND);
    assert_int_equal(store_token_lookup(f->s, h, NOW + 400, &u), 0);
    assert_int_equal(store_token_revoke(f->s, alice, tid), 0);
    assert_int_equal(store_token_lookup(f->s, h, NOW + 500, &u), PACE_ENOTFOUND);
    assert_int_equal(store_token_revoke(f->s, alice, tid), PACE_ENOTFOUND);

    /* A token hash is unique. */
    assert_int_equal(store_token_insert(f->s, bob, unknown, "a", NOW, NULL, &err), 0);
    assert_int_equal(store_token_insert(f->s, alice, unknown, "b", NOW, NULL, &err),
                     PACE_ECONFLICT);
}

/* ---- throttle counters ---- */

static void throttle_counters_count_within_a_window(void **state)
{
    struct fixture *f = *state;
    for (int64_t t = 100; t <= 300; t += 100)
        assert_int_equal(store_throttle_add(f->s, "k1", t), 0);
    assert_int_equal(store_throttle_add(f->s, "k2", 250), 0);

    int count = -1;
    int64_t oldest = -1;
    assert_int_equal(store_throttle_count(f->s, "k1", 0, &count, &oldest), 0);
    assert_int_equal(count, 3);
    assert_int_equal(oldest, 100);
    assert_int_equal(store_throttle_count(f->s, "k1", 200, &count, &oldest), 0);
    assert_int_equal(count, 2);
    assert_int_equal(oldest, 200);
    assert_int_equal(store_throttle_count(f->s, "k1", 301, &count, &oldest), 0);
    assert_int_equal(count, 0);
    assert_int_equal(store_throttle_count(f->s, "nobody", 0, &count, &oldest), 0);
    assert_int_equal(count, 0);

    assert_int_equal(store_throttle_prune(f->s, 250), 0);
    assert_int_equal(store_throttle_count(f->s, "k1", 0, &count, &oldest), 0);
    assert_int_equal(count, 1);
    assert_int_equal(store_throttle_clear(f->s, "k1"), 0);
    assert_int_equal(store_throttle_count(f->s, "k1", 0, &count, &oldest), 0);
    assert_int_equal(count, 0);
    assert_int_equal(store_throttle_count(f->s, "k2", 0, &count, &oldest), 0);
    assert_int_equal(count, 1);
}

static void taking_an_attempt_counts_and_records_in_one_step(void **state)
{
    struct fixture *f = *state;
    struct store_throttle k[2] = {{.key = "acct", .limit = 3}, {.key = "addr", .limit = 5}};
    for (int i = 0; i < 3; i++)
        assert_int_equal(store_throttle_take(f->s, k, 2, NOW - 900, NOW + i, NULL), 0);
    assert_int_equal(k[0].count, 2);
    assert_int_equal(k[0].oldest, NOW);
    /* The account is full: nothing more is recorded for either key. */
    assert_int_equal(store_throttle_take(f->s, k, 2, NOW - 900, NOW + 5, NULL), PACE_ELOCKED);
    assert_int_equal(k[0].count, 3);
    assert_int_equal(k[1].count, 3);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM throttle WHERE key = 'addr'"), 3);
    /* Giving one back removes a single row. */
    assert_int_equal(store_throttle_give_back(f->s, "addr", NOW + 1), 0);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM throttle WHERE key = 'addr'"), 2);
    /* Outside the window the attempts no longer count. */
    assert_int_equal(store_throttle_take(f->s, k, 1, NOW + 3, NOW + 901, NULL), 0);
}

/* A throttle that cannot be written says so, and records nothing. */
static void a_throttle_that_cannot_be_written_fails(void **state)
{
    struct fixture *f = *state;
    testdb_refuse(f->dir, "throttle", "INSERT", true);
    struct store_throttle k = {.key = "acct", .limit = 3};
    struct pace_error err = {0};
    int rc = store_throttle_take(f->s, &k, 1, NOW - 900, NOW, &err);
    assert_true(rc < 0 && rc != PACE_ELOCKED);
    testdb_refuse(f->dir, "throttle", "INSERT", false);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM throttle"), 0);
}

static void a_login_ends_after_its_lifetime_however_busy(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    unsigned char h[CRYPTO_HASH_BYTES];
    token_hash(7, h);
    assert_int_equal(store_login_insert(f->s, id, h, "", NOW, NULL), 0);
    struct login l;
    const int64_t life = 12 * 3600;
    for (int64_t t = NOW; t <= NOW + life; t += 20 * 60)
        assert_int_equal(store_login_touch(f->s, h, t, IDLE, life, &l), 0);
    assert_int_equal(store_login_touch(f->s, h, NOW + life + 1, IDLE, life, &l), PACE_ENOTFOUND);
    /* And it is gone, not merely refused. */
    assert_int_equal(store_login_touch(f->s, h, NOW + 10, IDLE, 0, &l), PACE_ENOTFOUND);
}

static void a_password_change_can_end_her_tokens_too(void **state)
{
    struct fixture *f = *state;
    struct four_logins fl;
    make_four_logins(f, &fl);
    unsigned char t1[CRYPTO_HASH_BYTES], t2[CRYPTO_HASH_BYTES];
    token_hash(11, t1);
    token_hash(12, t2);
    assert_int_equal(store_token_insert(f->s, fl.alice, t1, "a", NOW, NULL, NULL), 0);
    assert_int_equal(store_token_insert(f->s, fl.bob, t2, "b", NOW, NULL, NULL), 0);
    struct pace_error err = {0};
    struct user u;
    assert_int_equal(store_user_change_password(f->s, fl.alice, "h2", fl.h[0], false, &err), 0);
    assert_int_equal(store_token_lookup(f->s, t1, NOW, &u), 0);
    assert_int_equal(store_user_change_password(f->s, fl.alice, "h3", fl.h[0], true, &err), 0);
    assert_int_equal(store_token_lookup(f->s, t1, NOW, &u), PACE_ENOTFOUND);
    assert_int_equal(store_token_lookup(f->s, t2, NOW, &u), 0); /* Bob's stays */
}

/* ---- backup ---- */

static void copy_file(const char *from, const char *to)
{
    struct buf b = {0};
    assert_true(file_read_all(from, &b));
    assert_true(file_write_all(to, b.data, b.len, 0600));
    buf_free(&b);
}

static void a_backup_opens_as_a_store_with_everything_in_it(void **state)
{
    if (testdb_pg())
        skip(); /* SQLite's own backup; PostgreSQL is backed up with pg_dump */
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_CLINICIAN);
    assert_int_equal(store_user_set_about(f->s, id, "backed-up note", NULL), 0);

    char *backup = xasprintf("%s/backup.db", f->dir);
    struct pace_error err = {0};
    assert_int_equal(store_backup(f->s, backup, &err), 0);
    assert_int_equal(file_mode(f->dir, "backup.db"), 0600);

    /* Restore: the backup as pace.db next to the same key. */
    char *restore = tmpdir_make();
    char *db_to = xasprintf("%s/pace.db", restore);
    char *key_from = xasprintf("%s/pace.key", f->dir);
    char *key_to = xasprintf("%s/pace.key", restore);
    copy_file(backup, db_to);
    copy_file(key_from, key_to);

    struct store *r = NULL;
    assert_int_equal(testdb_open(restore, &r, &err), 0);
    assert_int_equal(store_schema_version(r), store_schema_version(f->s));
    struct user u;
    assert_int_equal(store_user_get_by_email(r, "alice@example.org", &u), 0);
    assert_int_equal(u.id, id);
    assert_int_equal(u.role, ROLE_CLINICIAN);
    char *text = NULL;
    assert_int_equal(store_user_get_about(r, id, &text, &err), 0);
    assert_string_equal(text, "backed-up note");
    free(text);
    store_close(r);

    free(backup);
    free(db_to);
    free(key_from);
    free(key_to);
    tmpdir_remove(restore);
}

/* A backup holds every email address and password hash, so its file must be
 * private from the moment it exists: while it is written and when the copy
 * fails. A file size limit stands in for a full disk. */
static void a_failed_backup_is_not_left_readable(void **state)
{
    if (testdb_pg())
        skip(); /* SQLite's own backup; PostgreSQL is backed up with pg_dump */
    struct fixture *f = *state;
    add_user(f->s, "alice@example.org", ROLE_PATIENT);
    raw_exec(f->dir, "CREATE TABLE filler (b BLOB); "
                     "INSERT INTO filler VALUES (randomblob(256 * 1024))");

    char *backup = xasprintf("%s/backup.db", f->dir);
    mode_t old_mask = umask(022); /* what most servers run with */
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit old_lim, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_lim), 0);
    lim = old_lim;
    lim.rlim_cur = 64 * 1024;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);

    struct pace_error err = {0};
    int rc = store_backup(f->s, backup, &err);

    setrlimit(RLIMIT_FSIZE, &old_lim);
    signal(SIGXFSZ, old_handler);
    umask(old_mask);

    assert_int_equal(rc, PACE_EIO);
    struct stat st;
    if (stat(backup, &st) == 0 && (st.st_mode & 077) != 0)
        fail_msg("a failed backup (%lld bytes) is left with mode %03o", (long long)st.st_size,
                 (unsigned)(st.st_mode & 0777));
    free(backup);
}

static void abort_on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "store_backup did not give up on a locked file\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(3);
    _exit(2);
}

/* Someone else holding the target file must make the backup fail after a
 * while, not spin for ever. */
static void a_backup_onto_a_locked_file_gives_up(void **state)
{
    if (testdb_pg())
        skip(); /* SQLite's own backup; PostgreSQL is backed up with pg_dump */
    struct fixture *f = *state;
    char *backup = xasprintf("%s/locked.db", f->dir);
    sqlite3 *holder = NULL;
    assert_int_equal(sqlite3_open(backup, &holder), SQLITE_OK);
    assert_int_equal(sqlite3_exec(holder,
                                  "CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);

    void (*old_handler)(int) = signal(SIGALRM, abort_on_alarm);
    alarm(60); /* a hang would otherwise stall the whole suite */
    struct pace_error err = {0};
    int rc = store_backup(f->s, backup, &err);
    alarm(0);
    signal(SIGALRM, old_handler);

    assert_int_equal(rc, PACE_EIO);
    assert_true(err.msg[0] != '\0');
    sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(holder);
    free(backup);
}

#define T(name) cmocka_unit_test_setup_teardown(name, open_store, close_store)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(opening_an_empty_directory_creates_the_schema),
        T(a_missing_data_directory_is_created_private),
        T(reopening_is_idempotent),
        T(a_database_from_a_newer_version_is_refused),
        T(a_data_directory_with_a_readable_key_is_refused),
        T(a_missing_key_is_never_replaced_while_the_database_holds_data),
        T(an_older_database_gets_its_check_value),
        T(the_store_refuses_logins_and_tokens_of_a_missing_user),
        T(deleting_a_user_ends_her_logins_and_tokens),
        T(a_user_is_found_by_id_and_by_email),
        T(a_second_account_with_the_same_email_conflicts),
        T(her_language_choice_is_kept),
        T(the_about_note_is_stored_encrypted),
        T(a_note_copied_into_another_users_row_does_not_open),
        T(an_empty_note_clears_it),
        T(a_login_lives_while_used_and_ends_after_idle_time),
        T(an_unknown_login_is_not_found),
        T(logins_are_listed_newest_first_and_end_one_by_one),
        T(the_same_login_token_cannot_be_stored_twice),
        T(ending_other_logins_keeps_the_current_one),
        T(changing_the_password_ends_her_other_logins),
        T(a_password_change_that_fails_halfway_changes_nothing),
        T(a_token_finds_its_owner_and_only_she_can_revoke_it),
        T(throttle_counters_count_within_a_window),
        T(taking_an_attempt_counts_and_records_in_one_step),
        T(a_throttle_that_cannot_be_written_fails),
        T(a_login_ends_after_its_lifetime_however_busy),
        T(a_password_change_can_end_her_tokens_too),
        T(a_backup_opens_as_a_store_with_everything_in_it),
        T(a_failed_backup_is_not_left_readable),
        T(a_backup_onto_a_locked_file_gives_up),
    };
    return cmocka_run_group_tests_name("store accounts", tests, make_weak_hash, NULL);
}
