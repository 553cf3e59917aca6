/*
 * test_store_crypto.c - the master key file, field encryption, tokens and
 * password hashes (store/crypto.h). These tests break things on purpose:
 * a readable key file, a flipped bit, a value moved to another row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/crypto.h"
#include "tmpdir.h"

#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

struct fixture {
    char *dir;
    char *key_path;
};

static int make_dir(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    f->key_path = xasprintf("%s/pace.key", f->dir);
    *state = f;
    return 0;
}

static int remove_dir(void **state)
{
    struct fixture *f = *state;
    tmpdir_remove(f->dir);
    free(f->key_path);
    free(f);
    return 0;
}

static int init_sodium(void **state)
{
    (void)state;
    return crypto_init();
}

static struct crypto_key random_key(void)
{
    struct crypto_key k;
    randombytes_buf(k.k, sizeof k.k);
    return k;
}

/* ---- key file ---- */

static void a_new_key_file_is_private_to_its_owner(void **state)
{
    struct fixture *f = *state;
    struct crypto_key key;
    struct pace_error err = {0};
    assert_int_equal(crypto_key_load_or_create(f->key_path, &key, &err), 0);

    struct stat st;
    assert_int_equal(stat(f->key_path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0600);

    /* 64 hex digits and a newline, never the raw key bytes. */
    struct buf b = {0};
    assert_true(file_read_all(f->key_path, &b));
    assert_int_equal(b.len, 2 * CRYPTO_KEY_BYTES + 1);
    assert_int_equal(strspn(b.data, "0123456789abcdef"), 2 * CRYPTO_KEY_BYTES);
    assert_int_equal(b.data[2 * CRYPTO_KEY_BYTES], '\n');
    buf_free(&b);
    crypto_key_wipe(&key);
}

static void the_key_file_is_reused_on_the_next_start(void **state)
{
    struct fixture *f = *state;
    struct crypto_key first, second;
    struct pace_error err = {0};
    assert_int_equal(crypto_key_load_or_create(f->key_path, &first, &err), 0);

    struct buf sealed = {0}, plain = {0};
    const char *secret = "It went better today.";
    crypto_seal(&first, "users.about_enc:1", secret, strlen(secret), &sealed);

    assert_int_equal(crypto_key_load_or_create(f->key_path, &second, &err), 0);
    assert_memory_equal(first.k, second.k, CRYPTO_KEY_BYTES);
    assert_int_equal(
        crypto_open(&second, "users.about_enc:1", sealed.data, sealed.len, &plain, &err), 0);
    assert_string_equal(plain.data, secret);

    buf_free(&sealed);
    buf_free(&plain);
    crypto_key_wipe(&first);
    crypto_key_wipe(&second);
}

static void two_new_key_files_hold_different_keys(void **state)
{
    struct fixture *f = *state;
    char *other = xasprintf("%s/other.key", f->dir);
    struct crypto_key a, b;
    assert_int_equal(crypto_key_load_or_create(f->key_path, &a, NULL), 0);
    assert_int_equal(crypto_key_load_or_create(other, &b, NULL), 0);
    assert_memory_not_equal(a.k, b.k, CRYPTO_KEY_BYTES);
    free(other);
}

static void a_key_file_others_may_read_is_refused(void **state)
{
    struct fixture *f = *state;
    static const mode_t refused[] = {0644, 0640, 0604, 0660, 0606, 0610, 0601, 0666};
    struct crypto_key key;
    assert_int_equal(crypto_key_load_or_create(f->key_path, &key, NULL), 0);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_int_equal(chmod(f->key_path, refused[i]), 0);
        struct pace_error err = {0};
        int rc = crypto_key_load_or_create(f->key_path, &key, &err);
        if (rc != PACE_EDENIED)
            fail_msg("mode %03o gave %d, want PACE_EDENIED", (unsigned)refused[i], rc);
        assert_int_equal(err.code, PACE_EDENIED);
        assert_non_null(strstr(err.msg, "chmod 600"));
    }
    /* Owner-only modes are fine, including read-only. */
    static const mode_t allowed[] = {0600, 0400};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        assert_int_equal(chmod(f->key_path, allowed[i]), 0);
        assert_int_equal(crypto_key_load_or_create(f->key_path, &key, NULL), 0);
    }
    crypto_key_wipe(&key);
}

/* A symlink planted where the key belongs must neither be followed when
 * reading nor make us write a new key through it. */
static void a_symlinked_key_file_is_refused(void **state)
{
    struct fixture *f = *state;
    char *target = xasprintf("%s/elsewhere.key", f->dir);
    assert_int_equal(symlink(target, f->key_path), 0);

    struct crypto_key key;
    struct pace_error err = {0};
    assert_true(crypto_key_load_or_create(f->key_path, &key, &err) < 0);
    struct stat st;
    assert_int_not_equal(stat(target, &st), 0); /* nothing was created there */

    /* Nor is an existing key file behind the link used. */
    assert_int_equal(crypto_key_load_or_create(target, &key, NULL), 0);
    assert_true(crypto_key_load_or_create(f->key_path, &key, &err) < 0);
    free(target);
}

static void a_damaged_key_file_is_refused(void **state)
{
    struct fixture *f = *state;
    static const char *const contents[] = {
        "",
        "0123456789abcdef\n",
        "zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    };
    for (size_t i = 0; i < sizeof contents / sizeof contents[0]; i++) {
        unlink(f->key_path);
        assert_true(file_write_all(f->key_path, contents[i], strlen(contents[i]), 0600));
        struct crypto_key key;
        struct pace_error err = {0};
        int rc = crypto_key_load_or_create(f->key_path, &key, &err);
        if (rc != PACE_EIO)
            fail_msg("case %zu gave %d, want PACE_EIO", i, rc);
        assert_true(err.msg[0] != '\0');
    }
}

static void a_key_file_in_a_missing_directory_is_an_io_error(void **state)
{
    struct fixture *f = *state;
    char *path = xasprintf("%s/no/such/dir/pace.key", f->dir);
    struct crypto_key key;
    struct pace_error err = {0};
    assert_int_equal(crypto_key_load_or_create(path, &key, &err), PACE_EIO);
    free(path);
}

/* ---- sealing ---- */

static void a_sealed_value_opens_to_the_same_bytes(void **state)
{
    (void)state;
    struct crypto_key key = random_key();
    static const struct {
        const char *data;
        size_t len;
    } cases[] = {
#define BYTES(s) {s, sizeof s - 1}
        BYTES(""),
        BYTES("x"),
        BYTES("Mein Tagebuch: heute war es leichter. \xf0\x9f\x8c\xb7"),
        BYTES("binary\0with\0nul bytes"),
#undef BYTES
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf sealed = {0}, plain = {0};
        crypto_seal(&key, "t.c:1", cases[i].data, cases[i].len, &sealed);
        /* nonce (24) + ciphertext + tag (16): nothing of the plaintext left out */
        assert_int_equal(sealed.len, 24 + cases[i].len + 16);
        assert_int_equal(crypto_open(&key, "t.c:1", sealed.data, sealed.len, &plain, NULL), 0);
        assert_int_equal(plain.len, cases[i].len);
        if (cases[i].len)
            assert_memory_equal(plain.data, cases[i].data, cases[i].len);
        assert_int_equal(plain.data[plain.len], '\0');
        buf_free(&sealed);
        buf_free(&plain);
    }
}

static void a_sealed_value_does_not_contain_its_plaintext(void **state)
{
    (void)state;
    struct crypto_key key = random_key();
    const char *secret = "pelvic-floor-diary-entry-4711";
    struct buf sealed = {0};
    crypto_seal(&key, "ad", secret, strlen(secret), &sealed);
    assert_null(memmem(sealed.data, sealed.len, secret, strlen(secret)));
    assert_null(memmem(sealed.data, sealed.len, "4711", 4));
    buf_free(&sealed);
}

static void a_tampered_ciphertext_is_rejected(void **state)
{
    (void)state;
    struct crypto_key key = random_key();
    const char *secret = "a short note";
    struct buf sealed = {0}, plain = {0};
    crypto_seal(&key, "users.about_enc:1", secret, strlen(secret), &sealed);

    /* Every single bit, in the nonce, the ciphertext and the tag. */
    for (size_t byte = 0; byte < sealed.len; byte++) {
        for (int bit = 0; bit < 8; bit++) {
            sealed.data[byte] = (char)(sealed.data[byte] ^ (1 << bit));
            struct pace_error err = {0};
            int rc = crypto_open(&key, "users.about_enc:1", sealed.data, sealed.len, &plain, &err);
            sealed.data[byte] = (char)(sealed.data[byte] ^ (1 << bit));
            if (rc != PACE_ECRYPTO)
                fail_msg("flipping bit %d of byte %zu gave %d", bit, byte, rc);
            assert_int_equal(err.code, PACE_ECRYPTO);
            assert_int_equal(plain.len, 0); /* no unverified plaintext handed out */
        }
    }
    /* Untouched, it still opens. */
    assert_int_equal(crypto_open(&key, "users.about_enc:1", sealed.data, sealed.len, &plain, NULL),
                     0);
    assert_string_equal(plain.data, secret);
    buf_free(&sealed);
    buf_free(&plain);
}

static void a_truncated_or_extended_value_is_rejected(void **state)
{
    (void)state;
    struct crypto_key key = random_key();
    struct buf sealed = {0}, plain = {0};
    crypto_seal(&key, "ad", "hello", 5, &sealed);
    for (size_t len = 0; len < sealed.len; len++) {
        if (crypto_open(&key, "ad", sealed.data, len, &plain, NULL) != PACE_ECRYPTO)
            fail_msg("opened with only %zu of %zu bytes", len, sealed.len);
    }
    buf_putc(&sealed, 'x');
    assert_int_equal(crypto_open(&key, "ad", sealed.data, sealed.len, &plain, NULL), PACE_ECRYPTO);
    buf_free(&sealed);
    buf_free(&plain);
}

static void a_value_moved_to_another_row_does_not_open(void **state)
{
    (void)state;
    struct crypto_key key = random_key();
    struct buf sealed = {0}, plain = {0};
    const char *secret = "about me";
    crypto_seal(&key, "users.about_enc:1", secret, strlen(secret), &sealed);
    static const char *const wrong_places[] = {
        "users.about_enc:2", "users.about_enc:10", "users.about_enc:", "users.other:1", "",
    };
    for (size_t i = 0; i < sizeof wrong_places / sizeof wrong_places[0]; i++) {
        struct pace_error err = {0};
        if (crypto_open(&key, wrong_places[i], sealed.data, sealed.len, &plain, &err) !=
            PACE_ECRYPTO)
            fail_msg("opened under \"%s\"", wrong_places[i]);
        assert_int_equal(err.code, PACE_ECRYPTO);
    }
    buf_free(&sealed);
    buf_free(&plain);
}

static void a_value_does_not_open_with_another_key(void **state)
{
    (void)state;
    struct crypto_key key = random_key(), other = random_key();
    struct buf sealed = {0}, plain = {0};
    crypto_seal(&key, "ad", "secret", 6, &sealed);
    assert_int_equal(crypto_open(&other, "ad", sealed.data, sealed.len, &plain, NULL),
                     PACE_ECRYPTO);
    buf_free(&sealed);
    buf_free(&plain);
}

static void sealing_the_same_text_twice_gives_different_bytes(void **state)
{
    (void)state;
    struct crypto_key key = random_key();
    struct buf a = {0}, b = {0};
    crypto_seal(&key, "ad", "same text", 9, &a);
    crypto_seal(&key, "ad", "same text", 9, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_not_equal(a.data, b.data, 24); /* fresh nonce */
    assert_memory_not_equal(a.data + 24, b.data + 24, a.len - 24);
    buf_free(&a);
    buf_free(&b);
}

/* ---- tokens and hashes ---- */

static void random_tokens_are_43_url_safe_characters_and_distinct(void **state)
{
    (void)state;
    enum { N = 200 };
    static char tokens[N][CRYPTO_TOKEN_CHARS + 1];
    const char *url_safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < N; i++) {
        memset(tokens[i], '#', sizeof tokens[i]);
        crypto_random_token(tokens[i]);
        assert_int_equal(strlen(tokens[i]), CRYPTO_TOKEN_CHARS);
        assert_int_equal(strspn(tokens[i], url_safe), CRYPTO_TOKEN_CHARS);
        for (int j = 0; j < i; j++)
            if (strcmp(tokens[i], tokens[j]) == 0)
                fail_msg("token %d repeats token %d", i, j);
    }
}

static void a_token_hash_is_stable_and_tells_tokens_apart(void **state)
{
    (void)state;
    unsigned char a1[CRYPTO_HASH_BYTES], a2[CRYPTO_HASH_BYTES], b[CRYPTO_HASH_BYTES];
    crypto_hash_token("token-a", a1);
    crypto_hash_token("token-a", a2);
    crypto_hash_token("token-b", b);
    assert_memory_equal(a1, a2, CRYPTO_HASH_BYTES);
    assert_memory_not_equal(a1, b, CRYPTO_HASH_BYTES);
    assert_true(crypto_equal(a1, a2, CRYPTO_HASH_BYTES));
    assert_false(crypto_equal(a1, b, CRYPTO_HASH_BYTES));
}

static void a_keyed_hash_depends_on_the_key(void **state)
{
    (void)state;
    unsigned char k1[CRYPTO_KEY_BYTES] = {1}, k2[CRYPTO_KEY_BYTES] = {2};
    char h1[2 * CRYPTO_HASH_BYTES + 1], h1b[2 * CRYPTO_HASH_BYTES + 1],
        h2[2 * CRYPTO_HASH_BYTES + 1];
    crypto_keyed_hex(k1, "alice@example.org", h1);
    crypto_keyed_hex(k1, "alice@example.org", h1b);
    crypto_keyed_hex(k2, "alice@example.org", h2);
    assert_int_equal(strlen(h1), 2 * CRYPTO_HASH_BYTES);
    assert_int_equal(strspn(h1, "0123456789abcdef"), 2 * CRYPTO_HASH_BYTES);
    assert_string_equal(h1, h1b);
    assert_string_not_equal(h1, h2);
}

static void subkeys_differ_by_purpose_and_id(void **state)
{
    (void)state;
    struct crypto_key key = random_key();
    unsigned char csrf[CRYPTO_KEY_BYTES], csrf2[CRYPTO_KEY_BYTES], thr[CRYPTO_KEY_BYTES],
        other_id[CRYPTO_KEY_BYTES];
    crypto_subkey(&key, 1, "csrf", csrf);
    crypto_subkey(&key, 1, "csrf", csrf2);
    crypto_subkey(&key, 1, "throttle", thr);
    crypto_subkey(&key, 2, "csrf", other_id);
    assert_memory_equal(csrf, csrf2, CRYPTO_KEY_BYTES);
    assert_memory_not_equal(csrf, thr, CRYPTO_KEY_BYTES);
    assert_memory_not_equal(csrf, other_id, CRYPTO_KEY_BYTES);
    assert_memory_not_equal(csrf, key.k, CRYPTO_KEY_BYTES);
}

/* ---- passwords ---- */

static void a_password_hash_accepts_only_the_right_password(void **state)
{
    (void)state;
    const char *pw = "correct horse battery staple";
    char hash[CRYPTO_PWHASH_MAX];
    assert_int_equal(crypto_password_hash(pw, hash), 0);
    assert_true(str_starts(hash, "$argon2id$"));
    assert_null(strstr(hash, pw));

    assert_int_equal(crypto_password_verify(hash, pw), 0);
    static const char *const wrong[] = {
        "correct horse battery stapl",
        "Correct horse battery staple",
        "correct horse battery staple ",
        "",
        "x",
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        if (crypto_password_verify(hash, wrong[i]) != PACE_EDENIED)
            fail_msg("\"%s\" was accepted", wrong[i]);
    assert_int_equal(crypto_password_verify("not a hash", pw), PACE_EDENIED);
    assert_int_equal(crypto_password_verify("", pw), PACE_EDENIED);
}

static void a_fresh_hash_needs_no_rehash_but_a_weak_one_does(void **state)
{
    (void)state;
    char fresh[CRYPTO_PWHASH_MAX], weak[CRYPTO_PWHASH_MAX];
    assert_int_equal(crypto_password_hash("twelve chars", fresh), 0);
    assert_false(crypto_password_needs_rehash(fresh));

    assert_int_equal(crypto_pwhash_str_alg(weak, "twelve chars", 12, crypto_pwhash_OPSLIMIT_MIN,
                                           crypto_pwhash_MEMLIMIT_MIN,
                                           crypto_pwhash_ALG_ARGON2ID13),
                     0);
    assert_int_equal(crypto_password_verify(weak, "twelve chars"), 0);
    assert_true(crypto_password_needs_rehash(weak));
}

static void a_hash_uses_owasp_parameters_and_the_old_interactive_one_is_rehashed(void **state)
{
    (void)state;
    char fresh[CRYPTO_PWHASH_MAX], old[CRYPTO_PWHASH_MAX];
    assert_int_equal(crypto_password_hash("twelve chars", fresh), 0);
    /* argon2id v=19, m=12288 KiB, t=3, p=1 */
    assert_non_null(strstr(fresh, "$argon2id$v=19$m=12288,t=3,p=1$"));
    assert_int_equal(
        crypto_pwhash_str_alg(old, "twelve chars", 12, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13),
        0);
    assert_int_equal(crypto_password_verify(old, "twelve chars"), 0);
    assert_true(crypto_password_needs_rehash(old));
}

static void a_hash_that_waits_too_long_for_the_one_before_is_unavailable(void **state)
{
    (void)state;
    char hash[CRYPTO_PWHASH_MAX];
    assert_int_equal(crypto_password_hash("twelve chars", hash), 0);
    crypto_password_set_wait(50);
    assert_int_equal(crypto_password_gate_enter(), 0); /* another hash is running */
    char other[CRYPTO_PWHASH_MAX];
    assert_int_equal(crypto_password_hash("twelve chars", other), PACE_EUNAVAIL);
    assert_int_equal(crypto_password_verify(hash, "twelve chars"), PACE_EUNAVAIL);
    crypto_password_gate_leave();
    assert_int_equal(crypto_password_verify(hash, "twelve chars"), 0);
    crypto_password_set_wait(CRYPTO_PWHASH_WAIT_MS);
}

static void two_hashes_of_one_password_differ(void **state)
{
    (void)state;
    char a[CRYPTO_PWHASH_MAX], b[CRYPTO_PWHASH_MAX];
    assert_int_equal(crypto_password_hash("same password here", a), 0);
    assert_int_equal(crypto_password_hash("same password here", b), 0);
    assert_string_not_equal(a, b); /* random salt */
}

static void wiping_clears_a_secret(void **state)
{
    (void)state;
    char secret[] = "hunter2hunter2";
    crypto_wipe(secret, sizeof secret);
    for (size_t i = 0; i < sizeof secret; i++)
        assert_int_equal(secret[i], 0);
    struct crypto_key key = random_key();
    crypto_key_wipe(&key);
    static const unsigned char zero[CRYPTO_KEY_BYTES];
    assert_memory_equal(key.k, zero, CRYPTO_KEY_BYTES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_new_key_file_is_private_to_its_owner, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(the_key_file_is_reused_on_the_next_start, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(two_new_key_files_hold_different_keys, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(a_key_file_others_may_read_is_refused, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(a_symlinked_key_file_is_refused, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(a_damaged_key_file_is_refused, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(a_key_file_in_a_missing_directory_is_an_io_error, make_dir,
                                        remove_dir),
        cmocka_unit_test(a_sealed_value_opens_to_the_same_bytes),
        cmocka_unit_test(a_sealed_value_does_not_contain_its_plaintext),
        cmocka_unit_test(a_tampered_ciphertext_is_rejected),
        cmocka_unit_test(a_truncated_or_extended_value_is_rejected),
        cmocka_unit_test(a_value_moved_to_another_row_does_not_open),
        cmocka_unit_test(a_value_does_not_open_with_another_key),
        cmocka_unit_test(sealing_the_same_text_twice_gives_different_bytes),
        cmocka_unit_test(random_tokens_are_43_url_safe_characters_and_distinct),
        cmocka_unit_test(a_token_hash_is_stable_and_tells_tokens_apart),
        cmocka_unit_test(a_keyed_hash_depends_on_the_key),
        cmocka_unit_test(subkeys_differ_by_purpose_and_id),
        cmocka_unit_test(a_password_hash_accepts_only_the_right_password),
        cmocka_unit_test(a_fresh_hash_needs_no_rehash_but_a_weak_one_does),
        cmocka_unit_test(a_hash_uses_owasp_parameters_and_the_old_interactive_one_is_rehashed),
        cmocka_unit_test(a_hash_that_waits_too_long_for_the_one_before_is_unavailable),
        cmocka_unit_test(two_hashes_of_one_password_differ),
        cmocka_unit_test(wiping_clears_a_secret),
    };
    return cmocka_run_group_tests_name("store crypto", tests, init_sodium, NULL);
}
