/*
 * test_app_recovery.c - a way back in without email (app/recovery.c) on a
 * fresh store under /tmp: how a code is read however she types it, new
 * codes behind her password replacing the old, a code used once (her
 * password set, her logins ended, the count of codes left), the same
 * answer for an unknown email and a wrong code, a weak new password that
 * spends nothing, the throttle per account and per address that fails
 * closed, and the operator's reset link: once, for a day, replaced by a
 * newer one, five a day, only from the command line, gone with her
 * account. "now" is always passed in, so nothing sleeps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/app.h"
#include "core/i18n.h"
#include "store/store.h"
#include "testdb.h"
#include "tmpdir.h"

#include <sodium.h>
#include <string.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC */
#define PASSWORD "correct horse battery staple"
#define NEW_PW "quiet river lantern morning"
#define IDLE (30 * 60)

static char weak_hash[CRYPTO_PWHASH_MAX];

struct fixture {
    char *dir;
    struct store *s;
    struct app_ctx c;
    int64_t id;
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
        tmpdir_remove(f->dir);
        free(f);
        return -1;
    }
    f->c = (struct app_ctx){.store = f->s};
    if (store_user_insert(f->s, "alice@example.org", weak_hash, ROLE_PATIENT, NOW, &f->id, &err))
        return -1;
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

static struct principal her(int64_t id)
{
    return app_person(id, ROLE_PATIENT, VIA_COOKIE, 0);
}

static void make_codes(struct fixture *f, struct app_recovery_codes *codes)
{
    struct principal a = her(f->id);
    struct pace_error err = {0};
    assert_int_equal(app_recovery_codes_new(&f->c, &a, f->id, PASSWORD, NOW, codes, &err), 0);
}

static int recover(struct fixture *f, const char *email, const char *code, const char *pw,
                   const char *addr, int64_t now, int *left, struct pace_error *err)
{
    struct app_client client = {.addr_key = addr};
    struct user u;
    return app_recover_with_code(&f->c, email, code, pw, &client, now, &u, NULL, left, err);
}

static void a_code_is_read_however_she_types_it(void **state)
{
    (void)state;
    char out[APP_RECOVERY_CODE_CHARS + 1];
    assert_true(app_recovery_code_normalise("7kq2m-x9f4a", out));
    assert_string_equal(out, "7kq2m-x9f4a");
    assert_true(app_recovery_code_normalise(" 7KQ2M X9F4A ", out));
    assert_string_equal(out, "7kq2m-x9f4a");
    assert_true(app_recovery_code_normalise("oOiIl-LLLLL", out)); /* O is 0, I and L are 1 */
    assert_string_equal(out, "00111-11111");
    assert_false(app_recovery_code_normalise("7kq2m-x9f4", out));   /* too short */
    assert_false(app_recovery_code_normalise("7kq2m-x9f4aa", out)); /* too long */
    assert_false(app_recovery_code_normalise("7kq2m-x9f4u", out));  /* no U */
    assert_false(app_recovery_code_normalise("7kq2m-x9f4\xc3\xa4", out));
    assert_false(app_recovery_code_normalise("", out));
    assert_false(app_recovery_code_normalise(NULL, out));
}

static void new_codes_need_her_password_and_replace_the_old(void **state)
{
    struct fixture *f = *state;
    struct principal a = her(f->id);
    struct pace_error err = {0};
    struct app_recovery_codes codes, again;
    int left = -1;
    int64_t made = -1;
    assert_int_equal(app_recovery_codes_left(&f->c, &a, f->id, &left, &made, &err), 0);
    assert_int_equal(left, 0);
    assert_int_equal(made, 0);
    assert_int_equal(app_recovery_codes_new(&f->c, &a, f->id, "not my password", NOW, &codes, &err),
                     PACE_EDENIED);
    assert_string_equal(err.field, "password");
    make_codes(f, &codes);
    for (int i = 0; i < APP_RECOVERY_CODES; i++) {
        char canon[APP_RECOVERY_CODE_CHARS + 1];
        assert_true(app_recovery_code_normalise(codes.code[i], canon));
        assert_string_equal(canon, codes.code[i]);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(codes.code[i], codes.code[j]);
    }
    assert_int_equal(app_recovery_codes_left(&f->c, &a, f->id, &left, &made, &err), 0);
    assert_int_equal(left, 10);
    assert_int_equal(made, NOW);
    /* nobody else reads or makes hers */
    int64_t bob = 0;
    assert_int_equal(
        store_user_insert(f->s, "bob@example.org", weak_hash, ROLE_PATIENT, NOW, &bob, &err), 0);
    struct principal b = her(bob);
    assert_int_equal(app_recovery_codes_left(&f->c, &b, f->id, &left, NULL, &err), PACE_ENOTFOUND);
    assert_int_equal(app_recovery_codes_new(&f->c, &b, f->id, PASSWORD, NOW, &again, &err),
                     PACE_ENOTFOUND);
    /* a new set: the old codes stop working */
    make_codes(f, &again);
    assert_int_equal(recover(f, "alice@example.org", codes.code[0], NEW_PW, "a1", NOW, &left, &err),
                     PACE_EDENIED);
    assert_int_equal(recover(f, "alice@example.org", again.code[0], NEW_PW, "a1", NOW, &left, &err),
                     0);
    assert_int_equal(left, 9);
}

static void a_code_sets_her_password_once_and_ends_her_logins(void **state)
{
    struct fixture *f = *state;
    struct app_recovery_codes codes;
    make_codes(f, &codes);
    unsigned char h[CRYPTO_HASH_BYTES];
    crypto_hash_token("a login", h);
    assert_int_equal(store_login_insert(f->s, f->id, h, "", NOW, NULL), 0);
    struct pace_error err = {0}, unknown = {0};
    int left = -1;
    /* a weak new password spends nothing */
    assert_int_equal(
        recover(f, "alice@example.org", codes.code[3], "password123456", "a1", NOW, &left, &err),
        PACE_EINVAL);
    assert_string_equal(err.field, "new_password");
    /* typed loosely, it works */
    char loose[32];
    snprintf(loose, sizeof loose, " %c%c%c%c%c %c%c%c%c%c", codes.code[3][0], codes.code[3][1],
             codes.code[3][2], codes.code[3][3], codes.code[3][4], codes.code[3][6],
             codes.code[3][7], codes.code[3][8], codes.code[3][9], codes.code[3][10]);
    for (char *p = loose; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    assert_int_equal(recover(f, "ALICE@example.org", loose, NEW_PW, "a1", NOW, &left, &err), 0);
    assert_int_equal(left, 9);
    struct user u;
    assert_int_equal(store_user_get(f->s, f->id, &u), 0);
    assert_int_equal(crypto_password_verify(u.pwhash, NEW_PW), 0);
    struct login l;
    assert_int_equal(store_login_touch(f->s, h, NOW + 1, IDLE, 0, &l), PACE_ENOTFOUND);
    /* once only; an unknown email gets the same answer */
    assert_int_equal(
        recover(f, "alice@example.org", codes.code[3], PASSWORD, "a1", NOW, &left, &err),
        PACE_EDENIED);
    assert_int_equal(
        recover(f, "nobody@example.org", codes.code[4], PASSWORD, "a1", NOW, &left, &unknown),
        PACE_EDENIED);
    assert_string_equal(err.msg, unknown.msg);
    assert_int_equal(store_user_get(f->s, f->id, &u), 0);
    assert_int_equal(crypto_password_verify(u.pwhash, NEW_PW), 0);
    /* someone else's code is not hers */
    int64_t bob = 0;
    assert_int_equal(
        store_user_insert(f->s, "bob@example.org", weak_hash, ROLE_PATIENT, NOW, &bob, &err), 0);
    assert_int_equal(recover(f, "bob@example.org", codes.code[5], NEW_PW, "a1", NOW, &left, &err),
                     PACE_EDENIED);
}

static void codes_are_throttled_per_account_and_address_and_fail_closed(void **state)
{
    struct fixture *f = *state;
    struct app_recovery_codes codes;
    make_codes(f, &codes);
    struct pace_error err = {0};
    int left;
    for (int i = 0; i < APP_RECOVERY_ACCOUNT_MAX; i++)
        assert_int_equal(
            recover(f, "alice@example.org", "zzzzz-zzzzz", NEW_PW, "a1", NOW + i, &left, &err),
            PACE_EDENIED);
    /* the right code, from another address: the account is locked */
    assert_int_equal(
        recover(f, "alice@example.org", codes.code[0], NEW_PW, "a2", NOW + 10, &left, &err),
        PACE_ELOCKED);
    assert_non_null(strstr(err.msg, "15 minutes"));
    /* after the window it works, and the code was not spent meanwhile */
    assert_int_equal(recover(f, "alice@example.org", codes.code[0], NEW_PW, "a2",
                             NOW + APP_SIGNIN_WINDOW + 10, &left, &err),
                     0);
    assert_int_equal(left, 9);
    /* the address: a ceiling over every account */
    for (int i = 0; i < APP_RECOVERY_ADDRESS_MAX; i++) {
        char email[64];
        snprintf(email, sizeof email, "someone%d@example.org", i);
        recover(f, email, "zzzzz-zzzzz", NEW_PW, "a3", NOW + 2000, &left, &err);
    }
    assert_int_equal(
        recover(f, "alice@example.org", codes.code[1], PASSWORD, "a3", NOW + 2001, &left, &err),
        PACE_ELOCKED);
    /* a throttle that cannot be written: nothing is checked or changed */
    testdb_refuse(f->dir, "throttle", "INSERT", true);
    assert_int_equal(
        recover(f, "alice@example.org", codes.code[1], PASSWORD, "a4", NOW + 3000, &left, &err),
        PACE_EUNAVAIL);
    assert_null(strstr(err.msg, "refused by test"));
    struct principal a = her(f->id);
    struct app_recovery_codes none;
    assert_int_equal(app_recovery_codes_new(&f->c, &a, f->id, NEW_PW, NOW, &none, &err),
                     PACE_EUNAVAIL);
    testdb_refuse(f->dir, "throttle", "INSERT", false);
    assert_int_equal(
        recover(f, "alice@example.org", codes.code[1], PASSWORD, "a4", NOW + 3000, &left, &err), 0);
    assert_int_equal(left, 8);
}

static void the_operators_link_works_once_for_a_day(void **state)
{
    struct fixture *f = *state;
    struct principal op = app_operator(), a = her(f->id);
    struct pace_error err = {0};
    char tok[CRYPTO_TOKEN_CHARS + 1], old[CRYPTO_TOKEN_CHARS + 1];
    int64_t until = 0;
    /* only the operator */
    assert_int_equal(app_reset_link_create(&f->c, &a, f->id, NOW, tok, &until, &err), PACE_EDENIED);
    assert_int_equal(app_reset_link_create(&f->c, &op, f->id, NOW, old, &until, &err), 0);
    assert_int_equal(until, NOW + 24 * 3600);
    assert_int_equal(app_reset_link_create(&f->c, &op, f->id, NOW, tok, &until, &err), 0);
    char email[ACCOUNT_EMAIL_MAX + 2];
    assert_int_equal(app_reset_link_open(&f->c, old, NOW, email, &err), PACE_ENOTFOUND);
    assert_int_equal(app_reset_link_open(&f->c, tok, NOW, email, &err), 0);
    assert_string_equal(email, "alice@example.org");
    assert_int_equal(app_reset_link_open(&f->c, tok, NOW + 24 * 3600, email, &err), PACE_ENOTFOUND);
    unsigned char h[CRYPTO_HASH_BYTES];
    crypto_hash_token("a login", h);
    assert_int_equal(store_login_insert(f->s, f->id, h, "", NOW, NULL), 0);
    struct app_client client = {.addr_key = "a1"};
    struct user u;
    int left = -1;
    assert_int_equal(
        app_reset_with_link(&f->c, tok, "password123456", &client, NOW, &u, NULL, &left, &err),
        PACE_EINVAL);
    assert_int_equal(
        app_reset_with_link(&f->c, tok, NEW_PW, &client, NOW + 60, &u, NULL, &left, &err), 0);
    assert_int_equal(left, 0);
    assert_int_equal(crypto_password_verify(u.pwhash, NEW_PW), 0);
    struct login l;
    assert_int_equal(store_login_touch(f->s, h, NOW + 61, IDLE, 0, &l), PACE_ENOTFOUND);
    assert_int_equal(
        app_reset_with_link(&f->c, tok, PASSWORD, &client, NOW + 120, &u, NULL, &left, &err),
        PACE_ENOTFOUND);
    /* five a day */
    for (int i = 0; i < 3; i++)
        assert_int_equal(app_reset_link_create(&f->c, &op, f->id, NOW + 200, tok, &until, &err), 0);
    assert_int_equal(app_reset_link_create(&f->c, &op, f->id, NOW + 300, tok, &until, &err),
                     PACE_ELOCKED);
    assert_int_equal(
        app_reset_link_create(&f->c, &op, f->id, NOW + 24 * 3600 + 1, tok, &until, &err), 0);
    /* gone with her account */
    assert_int_equal(app_account_erase(&f->c, &op, f->id, NULL, NOW, &err), 0);
    assert_int_equal(app_reset_link_open(&f->c, tok, NOW + 24 * 3600 + 2, NULL, &err),
                     PACE_ENOTFOUND);
}

#define T(name) cmocka_unit_test_setup_teardown(name, open_store, close_store)

int main(void)
{
    i18n_set_lang(LANG_EN);
    const struct CMUnitTest tests[] = {
        T(a_code_is_read_however_she_types_it),
        T(new_codes_need_her_password_and_replace_the_old),
        T(a_code_sets_her_password_once_and_ends_her_logins),
        T(codes_are_throttled_per_account_and_address_and_fail_closed),
        T(the_operators_link_works_once_for_a_day),
    };
    return cmocka_run_group_tests_name("app recovery", tests, make_weak_hash, NULL);
}
