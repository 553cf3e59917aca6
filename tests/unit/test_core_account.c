/*
 * test_core_account.c - the rules for account fields (core/account.h):
 * which email addresses are accepted and how they are normalised, password
 * length counted in characters, the "about me" note, and role names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/account.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Returns s repeated n times; the caller frees. */
static char *repeat(const char *s, size_t n)
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, s);
    return buf_detach(&b);
}

/* ---- email ---- */

static void an_email_is_trimmed_and_lower_cased(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want;
    } cases[] = {
        {"alice@example.org", "alice@example.org"},
        {"  Alice@Example.ORG  ", "alice@example.org"},
        {"\tBOB@MAIL.EXAMPLE.COM\t", "bob@mail.example.com"},
        {" \t carol.smith+pace@example.co.uk \t ", "carol.smith+pace@example.co.uk"},
        {"J\xc3\xb6rg@example.de", "j\xc3\xb6rg@example.de"}, /* non-ASCII kept as is */
        {"a@b.c", "a@b.c"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[ACCOUNT_EMAIL_MAX + 2];
        struct pace_error err = {0};
        int rc = account_email_normalise(cases[i].in, out, sizeof out, &err);
        if (rc != 0)
            fail_msg("case %zu \"%s\" rejected: %s", i, cases[i].in, err.msg);
        assert_string_equal(out, cases[i].want);
    }
}

static void a_malformed_email_is_rejected_for_the_email_field(void **state)
{
    (void)state;
    static const struct {
        const char *why;
        const char *in;
    } cases[] = {
        {"empty", ""},
        {"only spaces", "   \t "},
        {"missing @", "alice.example.org"},
        {"two @", "alice@home@example.org"},
        {"nothing before @", "@example.org"},
        {"nothing after @", "alice@"},
        {"no dot in domain", "alice@localhost"},
        {"dot right after @", "alice@.org"},
        {"trailing dot", "alice@example."},
        {"space inside", "ali ce@example.org"},
        {"tab inside", "alice@exa\tmple.org"},
        {"control character", "ali\001ce@example.org"},
        {"DEL character", "alice\x7f@example.org"},
        {"newline (header injection)", "alice@example.org\nBcc: eve@example.org"},
        {"angle brackets", "<alice@example.org>"},
        {"comma list", "alice@example.org,bob@example.org"},
        {"invalid UTF-8", "al\377ce@example.org"},
        {"overlong UTF-8", "al\300\257ce@example.org"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[ACCOUNT_EMAIL_MAX + 2] = "untouched";
        struct pace_error err = {0};
        int rc = account_email_normalise(cases[i].in, out, sizeof out, &err);
        if (rc != PACE_EINVAL)
            fail_msg("%s: \"%s\" gave %d, want PACE_EINVAL", cases[i].why, cases[i].in, rc);
        assert_int_equal(err.code, PACE_EINVAL);
        assert_string_equal(err.field, "email");
        assert_true(err.msg[0] != '\0');
    }
}

static void a_missing_email_is_rejected(void **state)
{
    (void)state;
    char out[ACCOUNT_EMAIL_MAX + 2];
    struct pace_error err = {0};
    assert_int_equal(account_email_normalise(NULL, out, sizeof out, &err), PACE_EINVAL);
    assert_string_equal(err.field, "email");
}

/* 254 characters is the longest address SMTP allows; 255 is one too many. */
static void an_email_of_254_characters_is_accepted_and_255_rejected(void **state)
{
    (void)state;
    const char *domain = "@example.org"; /* 12 characters */
    char out[ACCOUNT_EMAIL_MAX + 2];
    struct pace_error err = {0};

    char *local = repeat("a", ACCOUNT_EMAIL_MAX - strlen(domain));
    char *ok = xasprintf("%s%s", local, domain);
    assert_int_equal(strlen(ok), 254);
    assert_int_equal(account_email_normalise(ok, out, sizeof out, &err), 0);
    assert_string_equal(out, ok);

    char *too_long = xasprintf("a%s", ok);
    assert_int_equal(strlen(too_long), 255);
    assert_int_equal(account_email_normalise(too_long, out, sizeof out, &err), PACE_EINVAL);
    assert_string_equal(err.field, "email");

    char *far_too_long = xasprintf("%s%s%s", local, local, domain);
    assert_int_equal(account_email_normalise(far_too_long, out, sizeof out, &err), PACE_EINVAL);

    /* Surrounding spaces do not count towards the limit. */
    char *padded = xasprintf("   %s   ", ok);
    assert_int_equal(account_email_normalise(padded, out, sizeof out, &err), 0);
    assert_string_equal(out, ok);

    free(local);
    free(ok);
    free(too_long);
    free(far_too_long);
    free(padded);
}

static void an_email_that_does_not_fit_the_callers_buffer_is_rejected(void **state)
{
    (void)state;
    char out[8];
    struct pace_error err = {0};
    assert_int_equal(account_email_normalise("alice@example.org", out, sizeof out, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "email");
    assert_int_equal(account_email_normalise("a@b.cd", out, sizeof out, &err), 0);
    assert_string_equal(out, "a@b.cd");
}

static void email_validation_without_an_error_struct_still_returns_the_code(void **state)
{
    (void)state;
    char out[ACCOUNT_EMAIL_MAX + 2];
    assert_int_equal(account_email_normalise("nope", out, sizeof out, NULL), PACE_EINVAL);
    assert_int_equal(account_email_normalise("yes@example.org", out, sizeof out, NULL), 0);
}

/* ---- password ---- */

static void password_length_is_counted_in_characters_not_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *why;
        const char *unit; /* one character */
        size_t count;
        int want;
    } cases[] = {
        {"11 ASCII", "a", 11, PACE_EINVAL},
        {"12 ASCII", "a", 12, 0},
        {"128 ASCII", "a", 128, 0},
        {"129 ASCII", "a", 129, PACE_EINVAL},
        {"11 two-byte (22 bytes)", "\xc3\xa4", 11, PACE_EINVAL},
        {"12 two-byte", "\xc3\xa4", 12, 0},
        {"128 two-byte (256 bytes)", "\xc3\xa4", 128, 0},
        {"129 two-byte", "\xc3\xa4", 129, PACE_EINVAL},
        {"11 three-byte (33 bytes)", "\xe2\x82\xac", 11, PACE_EINVAL},
        {"12 three-byte", "\xe2\x82\xac", 12, 0},
        {"11 four-byte (44 bytes)", "\xf0\x9f\x98\x80", 11, PACE_EINVAL},
        {"12 four-byte", "\xf0\x9f\x98\x80", 12, 0},
        {"128 four-byte (512 bytes)", "\xf0\x9f\x98\x80", 128, 0},
        {"129 four-byte", "\xf0\x9f\x98\x80", 129, PACE_EINVAL},
        {"empty", "", 1, PACE_EINVAL},
        {"12 spaces", " ", 12, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *pw = repeat(cases[i].unit, cases[i].count);
        struct pace_error err = {0};
        int rc = account_password_check(pw, &err);
        free(pw);
        if (rc != cases[i].want)
            fail_msg("%s: got %d, want %d (%s)", cases[i].why, rc, cases[i].want, err.msg);
        if (rc != 0) {
            assert_string_equal(err.field, "password");
            assert_true(err.msg[0] != '\0');
        }
    }
}

static void a_password_that_is_not_valid_utf8_is_rejected(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "abcdefghijkl\xff",                                 /* byte never valid in UTF-8 */
        "abcdefghijkl\xc3",                                 /* truncated sequence at the end */
        "abcdefghij\xc3x\xa4kl",                            /* lead byte without continuation */
        "abcdefghijkl\xc0\xaf",                             /* overlong encoding of '/' */
        "abcdefghijkl\xed\xa0\x80",                         /* UTF-16 surrogate */
        "abcdefghijkl\xf4\x90\x80\x80",                     /* beyond U+10FFFF */
        "\xa4\xa4\xa4\xa4\xa4\xa4\xa4\xa4\xa4\xa4\xa4\xa4", /* lone continuations */
        "abcdefghijkl\x01",                                 /* control character */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pace_error err = {0};
        if (account_password_check(cases[i], &err) != PACE_EINVAL)
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.field, "password");
    }
}

static void a_missing_password_is_rejected(void **state)
{
    (void)state;
    struct pace_error err = {0};
    assert_int_equal(account_password_check(NULL, &err), PACE_EINVAL);
    assert_string_equal(err.field, "password");
}

/* ---- about note ---- */

static void a_note_may_have_2000_characters_but_not_2001(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        size_t count;
        int want;
    } cases[] = {
        {"a", 0, 0},
        {"a", 2000, 0},
        {"a", 2001, PACE_EINVAL},
        {"\xc3\xa4", 2000, 0}, /* 4000 bytes, still 2000 characters */
        {"\xc3\xa4", 2001, PACE_EINVAL},
        {"\xf0\x9f\x8c\xb7", 2000, 0},
        {"\xf0\x9f\x8c\xb7", 2001, PACE_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *note = repeat(cases[i].unit, cases[i].count);
        struct pace_error err = {0};
        int rc = account_note_check(note, &err);
        free(note);
        if (rc != cases[i].want)
            fail_msg("case %zu: got %d, want %d", i, rc, cases[i].want);
        if (rc != 0)
            assert_string_equal(err.field, "about");
    }
}

static void a_note_keeps_line_breaks_but_refuses_other_control_characters(void **state)
{
    (void)state;
    struct pace_error err = {0};
    assert_int_equal(account_note_check("First line\r\nSecond\tline\n", &err), 0);
    assert_int_equal(account_note_check("bell\x07", &err), PACE_EINVAL);
    assert_string_equal(err.field, "about");
    assert_int_equal(account_note_check("escape\x1b[31m", &err), PACE_EINVAL);
    assert_int_equal(account_note_check("broken \xe2\x82", &err), PACE_EINVAL);
}

/* ---- roles ---- */

static void every_role_survives_a_round_trip_through_its_name(void **state)
{
    (void)state;
    static const char *const names[ROLE_COUNT] = {"patient", "clinician", "admin"};
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_string_equal(role_name((enum role)r), names[r]);
        assert_int_equal(role_parse(names[r]), r);
        assert_int_equal(role_parse(role_name((enum role)r)), r);
    }
}

static void an_unknown_role_name_is_not_parsed(void **state)
{
    (void)state;
    static const char *const cases[] = {"",       "root",     "Admin",  "ADMIN",
                                        "admin ", " patient", "admins", "clin"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (role_parse(cases[i]) != -1)
            fail_msg("\"%s\" parsed as a role", cases[i]);
    assert_int_equal(role_parse(NULL), -1);
}

/* A corrupt role value must never be shown as a more powerful one. */
static void an_out_of_range_role_is_named_as_the_least_privileged(void **state)
{
    (void)state;
    assert_string_equal(role_name(ROLE_COUNT), "patient");
    assert_string_equal(role_name((enum role)(-1)), "patient");
    assert_string_equal(role_name((enum role)42), "patient");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_email_is_trimmed_and_lower_cased),
        cmocka_unit_test(a_malformed_email_is_rejected_for_the_email_field),
        cmocka_unit_test(a_missing_email_is_rejected),
        cmocka_unit_test(an_email_of_254_characters_is_accepted_and_255_rejected),
        cmocka_unit_test(an_email_that_does_not_fit_the_callers_buffer_is_rejected),
        cmocka_unit_test(email_validation_without_an_error_struct_still_returns_the_code),
        cmocka_unit_test(password_length_is_counted_in_characters_not_bytes),
        cmocka_unit_test(a_password_that_is_not_valid_utf8_is_rejected),
        cmocka_unit_test(a_missing_password_is_rejected),
        cmocka_unit_test(a_note_may_have_2000_characters_but_not_2001),
        cmocka_unit_test(a_note_keeps_line_breaks_but_refuses_other_control_characters),
        cmocka_unit_test(every_role_survives_a_round_trip_through_its_name),
        cmocka_unit_test(an_unknown_role_name_is_not_parsed),
        cmocka_unit_test(an_out_of_range_role_is_named_as_the_least_privileged),
    };
    return cmocka_run_group_tests_name("core account", tests, NULL, NULL);
}
