/*
 * test_app_account.c - the account use cases (app/account.c) on a fresh
 * store under /tmp: registration and the password's quality, sign-in and
 * its throttle (counted before the password is checked, atomically, and
 * failing closed), the address ceiling, password change, ending other
 * logins, API tokens and erasing.
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
#include "app/app.h"
#include "store/store.h"
#include "testdb.h"
#include "tmpdir.h"

#include <pthread.h>

#include <pthread.h>
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
    struct app_ctx c;
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
    f->c = (struct app_ctx){.store = f->s};
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

static long raw_int(const char *dir, const char *sql)
{
    return (long)testdb_int(dir, sql);
}

static struct principal operator_ = {.role = ROLE_ADMIN, .via = VIA_CLI};

static int signin(struct fixture *f, const char *email, const char *password, const char *addr,
                  int64_t now, struct user *u, struct pace_error *err)
{
    struct app_client client = {.addr_key = addr};
    return app_sign_in(&f->c, email, password, &client, now, u, NULL, err);
}

static struct principal her(int64_t id)
{
    return app_person(id, ROLE_PATIENT, VIA_COOKIE, 0);
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

static void expect_alive(struct fixture *f, struct four_logins *fl, const bool alive[4])
{
    for (int i = 0; i < 4; i++) {
        struct login l;
        int rc = store_login_touch(f->s, fl->h[i], NOW + 1, IDLE, 0, &l);
        if (rc != (alive[i] ? 0 : PACE_ENOTFOUND))
            fail_msg("login %d: %s", i, alive[i] ? "ended" : "still alive");
    }
}

/* ---- registration and the password's quality ---- */

static void registration_errors_name_the_field_at_fault(void **state)
{
    struct fixture *f = *state;
    char *long_pw = xmalloc(ACCOUNT_PASSWORD_MAX + 2);
    memset(long_pw, 'p', ACCOUNT_PASSWORD_MAX + 1);
    long_pw[ACCOUNT_PASSWORD_MAX + 1] = '\0';
    const struct {
        const char *email;
        const char *password;
        const char *field;
    } cases[] = {
        {"", PASSWORD, "email"},
        {NULL, PASSWORD, "email"},
        {"not-an-email", PASSWORD, "email"},
        {"two@at@example.org", PASSWORD, "email"},
        {"alice@example.org", "eleven char", "password"},
        {"alice@example.org", "", "password"},
        {"alice@example.org", NULL, "password"},
        {"alice@example.org", long_pw, "password"},
        {"alice@example.org", "bad utf-8 \xff\xff", "password"},
        {"alice@example.org", "password123456", "password"},
        {"alice@example.org", "alice2024alice", "password"},
        {"not-an-email", "short", "email"}, /* the first problem is named */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pace_error err = {0};
        int64_t id = -1;
        int rc = app_register(&f->c, &operator_, cases[i].email, cases[i].password, ROLE_PATIENT,
                              NULL, NOW, &id, &err);
        if (rc != PACE_EINVAL || strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: got %d field \"%s\", want PACE_EINVAL field \"%s\"", i, rc,
                     err.field, cases[i].field);
        assert_true(err.msg[0] != '\0');
        assert_int_equal(id, -1);
    }
    free(long_pw);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM users"), 0);
}

/* Common passwords and ones made of her email are refused, saying why. */
static void common_and_email_passwords_are_refused_kindly(void **state)
{
    (void)state;
    const struct {
        const char *password;
        const char *email;
        const char *why; /* NULL: accepted */
    } cases[] = {
        {PASSWORD, "alice.smith@example.org", NULL},
        {"a brand new passphrase", "alice.smith@example.org", NULL},
        {"password123456", "alice.smith@example.org", "many people use"},
        {"123456789012", "alice.smith@example.org", "many people use"},
        {"abcdefghijklmn", "alice.smith@example.org", "many people use"},
        {"alice.smith2024", "alice.smith@example.org", "email address"},
        {"Smith-Alice-1990", "alice.smith@example.org", "email address"},
        {"alicesmith@example", "alice.smith@example.org", "email address"},
        {"aaaaaaaaaaaaaa", "bob@example.org", "easy to guess"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pace_error err = {0};
        int rc = app_password_quality(cases[i].password, cases[i].email, "new_password", &err);
        if (cases[i].why == NULL) {
            if (rc != 0)
                fail_msg("\"%s\" refused: %s", cases[i].password, err.msg);
            continue;
        }
        if (rc != PACE_EINVAL || strstr(err.msg, cases[i].why) == NULL)
            fail_msg("\"%s\": got %d \"%s\", want a message with \"%s\"", cases[i].password, rc,
                     err.msg, cases[i].why);
        assert_string_equal(err.field, "new_password");
        assert_non_null(strstr(err.msg, "Please choose another"));
    }
}

/* Sign-ups and password changes are checked on several threads at once:
 * each check gives the verdict it gives alone. */
struct quality_run {
    int mismatches;
};

static void *check_many(void *arg)
{
    struct quality_run *q = arg;
    static const struct {
        const char *password, *email;
        bool ok;
    } cases[] = {
        {"alice.smith2024", "alice.smith@example.org", false},
        {"a brand new passphrase", "bob.jones@example.org", true},
        {"Smith-Alice-1990", "alice.smith@example.org", false},
        {"lantern orbit velvet", "carol.maier@example.net", true},
        {"password123456", "dora.klein@example.org", false},
        {"maier.carol.7777", "carol.maier@example.net", false},
    };
    for (int round = 0; round < 40; round++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            struct pace_error err = {0};
            int rc = app_password_quality(cases[i].password, cases[i].email, "password", &err);
            if ((rc == 0) != cases[i].ok)
                q->mismatches++;
        }
    return NULL;
}

static void password_checks_on_several_threads_agree(void **state)
{
    (void)state;
    struct quality_run runs[6] = {{0}};
    pthread_t t[6];
    for (int i = 0; i < 6; i++)
        assert_int_equal(pthread_create(&t[i], NULL, check_many, &runs[i]), 0);
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(runs[i].mismatches, 0);
    }
}

static void a_visitor_may_only_register_herself_as_a_patient(void **state)
{
    struct fixture *f = *state;
    struct principal visitor = {0};
    struct pace_error err = {0};
    assert_int_equal(app_register(&f->c, &visitor, "eve@example.org", PASSWORD, ROLE_ADMIN, NULL,
                                  NOW, NULL, &err),
                     PACE_EDENIED);
    int64_t id = 0;
    assert_int_equal(app_register(&f->c, &visitor, "eve@example.org", PASSWORD, ROLE_PATIENT, NULL,
                                  NOW, &id, &err),
                     0);
    struct user u;
    assert_int_equal(store_user_get(f->s, id, &u), 0);
    assert_int_equal(u.role, ROLE_PATIENT);
    /* A signed-in person does not create accounts. */
    struct principal eve = her(id);
    assert_int_equal(app_register(&f->c, &eve, "eve2@example.org", PASSWORD, ROLE_PATIENT, NULL,
                                  NOW, NULL, &err),
                     PACE_EDENIED);
}

static void probing_for_taken_addresses_is_limited_per_address(void **state)
{
    struct fixture *f = *state;
    add_user(f->s, "alice@example.org", ROLE_PATIENT);
    struct principal visitor = {0};
    struct app_client client = {.addr_key = "addr:prober"};
    struct pace_error err = {0};
    for (int i = 0; i < APP_REGISTER_ADDRESS_MAX; i++)
        assert_int_equal(app_register(&f->c, &visitor, "alice@example.org", PASSWORD, ROLE_PATIENT,
                                      &client, NOW + i, NULL, &err),
                         PACE_ECONFLICT);
    assert_int_equal(app_register(&f->c, &visitor, "new@example.org", PASSWORD, ROLE_PATIENT,
                                  &client, NOW + 20, NULL, &err),
                     PACE_ELOCKED);
    struct app_client other = {.addr_key = "addr:someone-else"};
    assert_int_equal(app_register(&f->c, &visitor, "new@example.org", PASSWORD, ROLE_PATIENT,
                                  &other, NOW + 20, NULL, &err),
                     0);
}

static void a_registered_person_can_sign_in_with_her_password(void **state)
{
    struct fixture *f = *state;
    int64_t id = 0;
    struct pace_error err = {0};
    assert_int_equal(app_register(&f->c, &operator_, "  Alice@Example.ORG ", PASSWORD, ROLE_PATIENT,
                                  NULL, NOW, &id, &err),
                     0);
    struct user u;
    assert_int_equal(store_user_get(f->s, id, &u), 0);
    assert_string_equal(u.email, "alice@example.org");
    assert_true(str_starts(u.pwhash, "$argon2id$"));
    assert_null(strstr(u.pwhash, PASSWORD));

    memset(&u, 0, sizeof u);
    struct app_client client = {.addr_key = "addr:1", .agent = "Firefox"};
    struct app_login_token tok;
    assert_int_equal(
        app_sign_in(&f->c, "ALICE@example.org ", PASSWORD, &client, NOW, &u, &tok, &err), 0);
    assert_int_equal(u.id, id);
    assert_int_equal(u.role, ROLE_PATIENT);
    /* The login is live, and only its hash is kept. */
    struct login l;
    struct user again;
    assert_int_equal(app_login_resolve(&f->c, tok.hash, NOW + 5, IDLE, 0, &l, &again), 0);
    assert_int_equal(again.id, id);
    assert_string_equal(l.agent, "Firefox");
    /* A successful sign-in leaves nothing in the throttle. */
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM throttle"), 0);

    assert_int_equal(app_register(&f->c, &operator_, "alice@EXAMPLE.org", "another password",
                                  ROLE_ADMIN, NULL, NOW, NULL, &err),
                     PACE_ECONFLICT);
    assert_string_equal(err.field, "email");
}

/* Telling "no such account" from "wrong password" would let anyone find out
 * who uses Pace. */
static void a_wrong_password_and_an_unknown_email_get_the_same_answer(void **state)
{
    struct fixture *f = *state;
    add_user(f->s, "alice@example.org", ROLE_PATIENT);
    static const struct {
        const char *email;
        const char *password;
    } cases[] = {
        {"alice@example.org", "wrong password here"},
        {"nobody@example.org", PASSWORD},
        {"not an email", PASSWORD},
        {"alice@example.org", ""},
        {"alice@example.org", NULL},
    };
    struct pace_error first = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pace_error err = {0};
        struct user u;
        int rc = signin(f, cases[i].email, cases[i].password, NULL, NOW, &u, &err);
        if (rc != PACE_EDENIED)
            fail_msg("case %zu gave %d, want PACE_EDENIED", i, rc);
        if (i == 0)
            first = err;
        assert_int_equal(err.code, first.code);
        assert_string_equal(err.field, first.field);
        assert_string_equal(err.msg, first.msg);
    }
    assert_true(first.msg[0] != '\0');
}

static void a_weak_password_hash_is_upgraded_at_sign_in(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    assert_true(crypto_password_needs_rehash(weak_hash));
    struct user u;
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, NULL, NOW, &u, NULL), 0);
    assert_string_not_equal(u.pwhash, weak_hash);
    assert_false(crypto_password_needs_rehash(u.pwhash));

    struct user stored;
    assert_int_equal(store_user_get(f->s, id, &stored), 0);
    assert_string_equal(stored.pwhash, u.pwhash);
    assert_int_equal(crypto_password_verify(stored.pwhash, PASSWORD), 0);
}

static void login_fails(struct fixture *f, const char *email, const char *password,
                        const char *addr, int64_t now, int want)
{
    struct user u;
    struct pace_error err = {0};
    int rc = signin(f, email, password, addr, now, &u, &err);
    if (rc != want)
        fail_msg("%s at +%lld: got %d, want %d (%s)", email, (long long)(now - NOW), rc, want,
                 err.msg);
}

/* ---- the throttle ---- */

static void ten_failures_lock_the_account_for_15_minutes(void **state)
{
    struct fixture *f = *state;
    add_user(f->s, "alice@example.org", ROLE_PATIENT);
    for (int i = 0; i < APP_SIGNIN_ACCOUNT_MAX; i++)
        login_fails(f, "alice@example.org", "not her password", NULL, NOW, PACE_EDENIED);

    /* The eleventh attempt is refused even with the right password. */
    struct user u;
    struct pace_error err = {0};
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, NULL, NOW, &u, &err), PACE_ELOCKED);
    if (strstr(err.msg, "try again in 15 minutes") == NULL)
        fail_msg("unexpected message: %s", err.msg);
    /* However the address is written. */
    assert_int_equal(signin(f, " ALICE@example.org", PASSWORD, NULL, NOW, &u, &err), PACE_ELOCKED);
    static const struct {
        int64_t at;
        int minutes;
    } cases[] = {
        {NOW + 1, 15}, /* 14 min 59 s left: rounded up */
        {NOW + 60, 14},
        {NOW + 841, 1},
        {NOW + 899, 1}, /* never "0 minutes" while still locked */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "try again in %d minute", cases[i].minutes);
        assert_int_equal(signin(f, "alice@example.org", PASSWORD, NULL, cases[i].at, &u, &err),
                         PACE_ELOCKED);
        if (strstr(err.msg, want) == NULL)
            fail_msg("at +%lld: %s", (long long)(cases[i].at - NOW), err.msg);
    }
    /* Refused attempts are not recorded: the lock does not grow. */
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM throttle"), APP_SIGNIN_ACCOUNT_MAX);

    /* Someone else is not locked out by Alice's failures. */
    add_user(f->s, "bob@example.org", ROLE_PATIENT);
    assert_int_equal(signin(f, "bob@example.org", PASSWORD, NULL, NOW, &u, &err), 0);

    assert_int_equal(signin(f, "alice@example.org", PASSWORD, NULL, NOW + 15 * 60 + 1, &u, &err),
                     0);
    assert_string_equal(u.email, "alice@example.org");
}

static void nine_failures_do_not_lock_and_success_starts_the_count_again(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    struct user u;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < APP_SIGNIN_ACCOUNT_MAX - 1; i++)
            login_fails(f, "alice@example.org", "not her password", NULL, NOW, PACE_EDENIED);
        assert_int_equal(signin(f, "alice@example.org", PASSWORD, NULL, NOW, &u, NULL), 0);
        /* Keep verification cheap for the next round. */
        assert_int_equal(store_user_set_pwhash(f->s, id, weak_hash, NULL), 0);
    }
}

/* Wrong passwords for many accounts from one address brake that address
 * (a high ceiling) but never lock someone else's account. */
static void failures_from_one_address_do_not_lock_other_accounts(void **state)
{
    struct fixture *f = *state;
    const char *addr = "addr:192.0.2.7";
    add_user(f->s, "alice@example.org", ROLE_PATIENT);
    for (int i = 0; i < 2 * APP_SIGNIN_ACCOUNT_MAX; i++) {
        char email[64];
        snprintf(email, sizeof email, "person%d@example.org", i);
        login_fails(f, email, "guessing", addr, NOW + i, PACE_EDENIED);
    }
    struct user u;
    struct pace_error err = {0};
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, addr, NOW + 30, &u, &err), 0);

    /* At the ceiling the address waits, whoever it tries. */
    for (int i = 0; i < APP_SIGNIN_ADDRESS_MAX; i++)
        assert_int_equal(store_throttle_add(f->s, addr, NOW + 40), 0);
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, addr, NOW + 41, &u, &err),
                     PACE_ELOCKED);
    assert_non_null(strstr(err.msg, "try again in 15 minutes"));
    /* Alice herself from elsewhere is unaffected. */
    assert_int_equal(
        signin(f, "alice@example.org", PASSWORD, "addr:198.51.100.1", NOW + 41, &u, &err), 0);
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, addr, NOW + 41 + 15 * 60, &u, &err),
                     0);
}

struct race {
    struct fixture *f;
    pthread_barrier_t *start;
    int rc;
};

static void *guess(void *arg)
{
    struct race *r = arg;
    struct user u;
    pthread_barrier_wait(r->start);
    r->rc = signin(r->f, "alice@example.org", "one of many guesses", NULL, NOW, &u, NULL);
    return NULL;
}

/* Twenty guesses at once: the attempt is recorded before the password is
 * checked, in one transaction with the count, so no more than the limit
 * are ever checked. */
static void parallel_guesses_never_check_more_than_the_limit(void **state)
{
    struct fixture *f = *state;
    int64_t id = 0;
    assert_int_equal(app_register(&f->c, &operator_, "alice@example.org", PASSWORD, ROLE_PATIENT,
                                  NULL, NOW, &id, NULL),
                     0);
    enum { N = 20 };
    pthread_t th[N];
    struct race r[N];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, N);
    for (int i = 0; i < N; i++) {
        r[i] = (struct race){.f = f, .start = &start};
        assert_int_equal(pthread_create(&th[i], NULL, guess, &r[i]), 0);
    }
    int checked = 0, locked = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        if (r[i].rc == PACE_EDENIED)
            checked++;
        else if (r[i].rc == PACE_ELOCKED)
            locked++;
        else
            fail_msg("guess %d: %d", i, r[i].rc);
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(checked, APP_SIGNIN_ACCOUNT_MAX);
    assert_int_equal(locked, N - APP_SIGNIN_ACCOUNT_MAX);
    assert_int_equal(raw_int(f->dir, "SELECT count(*) FROM throttle"), APP_SIGNIN_ACCOUNT_MAX);
}

/* When the throttle cannot be written, nothing is checked: the right and
 * the wrong password get the same calm answer. */
static void a_broken_throttle_refuses_every_sign_in_alike(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    testdb_refuse(f->dir, "throttle", "INSERT", true);
    struct user u;
    struct pace_error right = {0}, wrong = {0};
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, "addr:1", NOW, &u, &right),
                     PACE_EUNAVAIL);
    assert_int_equal(signin(f, "alice@example.org", "not it at all", "addr:1", NOW, &u, &wrong),
                     PACE_EUNAVAIL);
    assert_string_equal(right.msg, wrong.msg);
    assert_non_null(strstr(right.msg, "try again later"));
    assert_null(strstr(right.msg, "refused by test"));
    /* The other password checks refuse too. */
    struct principal alice = her(id);
    struct pace_error err = {0};
    assert_int_equal(app_password_change(&f->c, &alice, id, PASSWORD, "a brand new passphrase",
                                         NULL, false, NOW, &err),
                     PACE_EUNAVAIL);
    assert_int_equal(app_account_erase(&f->c, &alice, id, PASSWORD, NOW, &err), PACE_EUNAVAIL);
    assert_int_equal(store_user_get(f->s, id, &u), 0);
    assert_string_equal(u.pwhash, weak_hash);
    testdb_refuse(f->dir, "throttle", "INSERT", false);
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, "addr:1", NOW, &u, &right), 0);
}

/* ---- password, logins, tokens ---- */

static void changing_the_password_needs_the_current_one(void **state)
{
    struct fixture *f = *state;
    struct four_logins fl;
    make_four_logins(f, &fl);
    struct principal alice = her(fl.alice);
    const char *next = "a brand new passphrase";
    struct pace_error err = {0};

    assert_int_equal(app_password_change(&f->c, &alice, fl.alice, "not the password", next, fl.h[0],
                                         false, NOW, &err),
                     PACE_EDENIED);
    assert_string_equal(err.field, "current_password");
    assert_int_equal(
        app_password_change(&f->c, &alice, fl.alice, NULL, next, fl.h[0], false, NOW, &err),
        PACE_EDENIED);
    assert_int_equal(app_password_change(&f->c, &alice, fl.alice, PASSWORD, "too short", fl.h[0],
                                         false, NOW, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "new_password");
    assert_int_equal(app_password_change(&f->c, &alice, fl.alice, PASSWORD, "alice123456789",
                                         fl.h[0], false, NOW, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "new_password");
    expect_alive(f, &fl, (const bool[4]){true, true, true, true});

    /* Bob cannot change Alice's password. */
    struct principal bob = her(fl.bob);
    assert_int_equal(
        app_password_change(&f->c, &bob, fl.alice, PASSWORD, next, NULL, false, NOW, &err),
        PACE_ENOTFOUND);

    char tok[APP_TOKEN_CHARS + 1];
    assert_int_equal(app_token_create(&f->c, &alice, fl.alice, "script", NOW, tok, NULL, &err), 0);
    assert_int_equal(
        app_password_change(&f->c, &alice, fl.alice, PASSWORD, next, fl.h[0], false, NOW, &err), 0);
    expect_alive(f, &fl, (const bool[4]){true, false, false, true});
    struct user u;
    assert_int_equal(app_token_resolve(&f->c, tok, NOW, &u), PACE_ENOTFOUND);

    assert_int_equal(signin(f, "alice@example.org", next, NULL, NOW, &u, &err), 0);
    assert_int_equal(signin(f, "alice@example.org", PASSWORD, NULL, NOW, &u, &err), PACE_EDENIED);
}

static void a_password_change_can_keep_her_tokens(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    struct principal alice = her(id);
    char tok[APP_TOKEN_CHARS + 1];
    struct pace_error err = {0};
    assert_int_equal(app_token_create(&f->c, &alice, id, "script", NOW, tok, NULL, &err), 0);
    assert_int_equal(app_password_change(&f->c, &alice, id, PASSWORD, "a brand new passphrase",
                                         NULL, true, NOW, &err),
                     0);
    struct user u;
    assert_int_equal(app_token_resolve(&f->c, tok, NOW, &u), 0);
    assert_int_equal(u.id, id);
}

static void ending_other_logins_needs_her_password(void **state)
{
    struct fixture *f = *state;
    struct four_logins fl;
    make_four_logins(f, &fl);
    struct principal alice = her(fl.alice);
    struct pace_error err = {0};
    assert_int_equal(
        app_logins_end_others(&f->c, &alice, fl.alice, "not it at all", fl.h[1], NOW, &err),
        PACE_EDENIED);
    assert_string_equal(err.field, "password");
    assert_int_equal(app_logins_end_others(&f->c, &alice, fl.alice, NULL, fl.h[1], NOW, &err),
                     PACE_EDENIED);
    expect_alive(f, &fl, (const bool[4]){true, true, true, true});
    assert_int_equal(app_logins_end_others(&f->c, &alice, fl.alice, PASSWORD, fl.h[1], NOW, &err),
                     0);
    expect_alive(f, &fl, (const bool[4]){false, true, false, true});
    /* Wrong answers count like sign-in failures. */
    for (int i = 0; i < APP_SIGNIN_ACCOUNT_MAX; i++)
        app_logins_end_others(&f->c, &alice, fl.alice, "wrong again", fl.h[1], NOW, &err);
    assert_int_equal(app_logins_end_others(&f->c, &alice, fl.alice, PASSWORD, fl.h[1], NOW, &err),
                     PACE_ELOCKED);
}

static void tokens_are_hers_to_create_list_and_revoke(void **state)
{
    struct fixture *f = *state;
    int64_t alice_id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    int64_t bob_id = add_user(f->s, "bob@example.org", ROLE_PATIENT);
    struct principal alice = her(alice_id), bob = her(bob_id);
    char tok[APP_TOKEN_CHARS + 1];
    struct pace_error err = {0};
    assert_int_equal(app_token_create(&f->c, &alice, alice_id, "", NOW, tok, NULL, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "label");
    assert_int_equal(app_token_create(&f->c, &bob, alice_id, "x", NOW, tok, NULL, &err),
                     PACE_ENOTFOUND);
    int64_t tid = 0;
    assert_int_equal(app_token_create(&f->c, &alice, alice_id, "backup", NOW, tok, &tid, &err), 0);
    assert_true(str_starts(tok, "pace_") && strlen(tok) == APP_TOKEN_CHARS);
    struct api_token *items = NULL;
    size_t n = 0;
    assert_int_equal(app_token_list(&f->c, &bob, alice_id, &items, &n, &err), PACE_ENOTFOUND);
    assert_int_equal(app_token_list(&f->c, &alice, alice_id, &items, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].label, "backup");
    free(items);
    assert_int_equal(app_token_revoke(&f->c, &bob, bob_id, tid, &err), PACE_ENOTFOUND);
    assert_int_equal(app_token_revoke(&f->c, &alice, alice_id, tid, &err), 0);
    struct user u;
    assert_int_equal(app_token_resolve(&f->c, tok, NOW, &u), PACE_ENOTFOUND);
    /* The operator creates one for her at the command line. */
    assert_int_equal(app_token_create(&f->c, &operator_, alice_id, "cli", NOW, tok, NULL, &err), 0);
    assert_int_equal(app_token_resolve(&f->c, tok, NOW, &u), 0);
    assert_int_equal(u.id, alice_id);
}

static void erasing_needs_her_password_from_the_browser(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f->s, "alice@example.org", ROLE_PATIENT);
    int64_t bob_id = add_user(f->s, "bob@example.org", ROLE_PATIENT);
    struct principal alice = her(id);
    struct pace_error err = {0};
    assert_int_equal(app_account_erase(&f->c, &alice, id, "not my password", NOW, &err),
                     PACE_EDENIED);
    assert_string_equal(err.field, "password");
    assert_non_null(strstr(err.msg, "nothing was deleted"));
    assert_int_equal(app_account_erase(&f->c, &alice, bob_id, PASSWORD, NOW, &err), PACE_ENOTFOUND);
    assert_int_equal(app_account_erase(&f->c, &alice, id, PASSWORD, NOW, &err), 0);
    struct user u;
    assert_int_equal(store_user_get(f->s, id, &u), PACE_ENOTFOUND);
    assert_int_equal(app_account_erase(&f->c, &operator_, bob_id, NULL, NOW, &err), 0);
    assert_int_equal(store_user_get(f->s, bob_id, &u), PACE_ENOTFOUND);
}

#define T(name) cmocka_unit_test_setup_teardown(name, open_store, close_store)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(registration_errors_name_the_field_at_fault),
        T(common_and_email_passwords_are_refused_kindly),
        T(password_checks_on_several_threads_agree),
        T(a_visitor_may_only_register_herself_as_a_patient),
        T(probing_for_taken_addresses_is_limited_per_address),
        T(a_registered_person_can_sign_in_with_her_password),
        T(a_wrong_password_and_an_unknown_email_get_the_same_answer),
        T(a_weak_password_hash_is_upgraded_at_sign_in),
        T(ten_failures_lock_the_account_for_15_minutes),
        T(nine_failures_do_not_lock_and_success_starts_the_count_again),
        T(failures_from_one_address_do_not_lock_other_accounts),
        T(parallel_guesses_never_check_more_than_the_limit),
        T(a_broken_throttle_refuses_every_sign_in_alike),
        T(changing_the_password_needs_the_current_one),
        T(a_password_change_can_keep_her_tokens),
        T(ending_other_logins_needs_her_password),
        T(tokens_are_hers_to_create_list_and_revoke),
        T(erasing_needs_her_password_from_the_browser),
    };
    return cmocka_run_group_tests_name("app accounts", tests, make_weak_hash, NULL);
}
