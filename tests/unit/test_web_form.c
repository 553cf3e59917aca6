/*
 * test_web_form.c - parsing what arrives from the network (web/form.h):
 * URL-encoded forms, percent-decoding and Cookie headers. Everything here is
 * hostile input, so most cases are malformed on purpose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "web/form.h"

#include <stdlib.h>
#include <string.h>

static int parse(struct form *f, const char *data)
{
    return form_parse(f, data, strlen(data));
}

/* ---- forms ---- */

static void a_form_is_split_into_decoded_fields(void **state)
{
    (void)state;
    struct form f;
    assert_int_equal(parse(&f, "a=1&b=two+words&c=%C3%A4"), 0);
    assert_int_equal(f.n, 3);
    assert_string_equal(form_get(&f, "a"), "1");
    assert_string_equal(form_get(&f, "b"), "two words");
    assert_string_equal(form_get(&f, "c"), "\xc3\xa4");
    assert_null(form_get(&f, "d"));
    assert_null(form_get(&f, "A")); /* keys are case-sensitive */
    form_free(&f);
    assert_int_equal(f.n, 0);
    assert_null(f.items);
}

static void keys_are_decoded_too(void **state)
{
    (void)state;
    struct form f;
    assert_int_equal(parse(&f, "first+name=Ada&%C3%A4=%2B%26%3D"), 0);
    assert_string_equal(form_get(&f, "first name"), "Ada");
    assert_string_equal(form_get(&f, "\xc3\xa4"), "+&=");
    form_free(&f);
}

static void empty_values_and_empty_pairs(void **state)
{
    (void)state;
    struct form f;
    assert_int_equal(parse(&f, "a=&b&c=3"), 0);
    assert_int_equal(f.n, 3);
    assert_string_equal(form_get(&f, "a"), "");
    assert_string_equal(form_get(&f, "b"), "");
    assert_string_equal(form_get(&f, "c"), "3");
    form_free(&f);

    /* Stray ampersands are ignored rather than making empty fields. */
    assert_int_equal(parse(&f, "&&x=1&&&y=2&"), 0);
    assert_int_equal(f.n, 2);
    assert_string_equal(form_get(&f, "x"), "1");
    assert_string_equal(form_get(&f, "y"), "2");
    form_free(&f);

    /* An equals sign in a value is part of the value. */
    assert_int_equal(parse(&f, "t=a=b=c"), 0);
    assert_string_equal(form_get(&f, "t"), "a=b=c");
    form_free(&f);
}

static void an_empty_body_is_an_empty_form(void **state)
{
    (void)state;
    struct form f;
    assert_int_equal(form_parse(&f, "", 0), 0);
    assert_int_equal(f.n, 0);
    assert_int_equal(form_count(&f, "a"), 0);
    assert_null(form_get(&f, "a"));
    form_free(&f);
    assert_int_equal(parse(&f, "&&&"), 0);
    assert_int_equal(f.n, 0);
    form_free(&f);
}

static void a_repeated_key_keeps_every_value_in_order(void **state)
{
    (void)state;
    struct form f;
    assert_int_equal(parse(&f, "tag=a&x=1&tag=b&tag=&tag=d"), 0);
    assert_int_equal(form_count(&f, "tag"), 4);
    assert_int_equal(form_count(&f, "x"), 1);
    assert_int_equal(form_count(&f, "nope"), 0);
    assert_string_equal(form_get(&f, "tag"), "a");
    assert_string_equal(form_get_nth(&f, "tag", 0), "a");
    assert_string_equal(form_get_nth(&f, "tag", 1), "b");
    assert_string_equal(form_get_nth(&f, "tag", 2), "");
    assert_string_equal(form_get_nth(&f, "tag", 3), "d");
    assert_null(form_get_nth(&f, "tag", 4));
    assert_null(form_get_nth(&f, "x", 1));
    assert_null(form_get_nth(&f, "nope", 0));
    form_free(&f);
}

static void line_breaks_and_tabs_from_a_textarea_are_kept(void **state)
{
    (void)state;
    struct form f;
    assert_int_equal(parse(&f, "note=line+one%0D%0Aline%09two%0A"), 0);
    assert_string_equal(form_get(&f, "note"), "line one\r\nline\ttwo\n");
    form_free(&f);
}

static void only_the_given_length_is_read(void **state)
{
    (void)state;
    /* No terminating NUL: reading past len would be caught by ASan. */
    char *data = xmalloc(3);
    memcpy(data, "a=1", 3);
    struct form f;
    assert_int_equal(form_parse(&f, data, 3), 0);
    assert_int_equal(f.n, 1);
    assert_string_equal(form_get(&f, "a"), "1");
    form_free(&f);
    free(data);

    assert_int_equal(form_parse(&f, "a=1&b=2", 5), 0);
    assert_int_equal(f.n, 2);
    assert_string_equal(form_get(&f, "b"), "");
    form_free(&f);

    /* A percent escape cut off by len is malformed, not read beyond. */
    data = xmalloc(4);
    memcpy(data, "a=%4", 4);
    assert_int_equal(form_parse(&f, data, 4), -1);
    free(data);
}

static void malformed_input_is_rejected_and_leaves_the_form_empty(void **state)
{
    (void)state;
    static const struct {
        const char *why;
        const char *data;
    } cases[] = {
        {"bad hex", "a=%zz"},
        {"half a hex pair", "a=%4"},
        {"half a hex pair mid-form", "a=%4&b=1"},
        {"lone percent", "a=%"},
        {"lone percent mid-form", "a=%&b=2"},
        {"percent before hex letter", "a=%g1"},
        {"bad escape in the key", "%zz=1"},
        {"invalid UTF-8 byte", "a=%FF"},
        {"truncated UTF-8", "a=%C3"},
        {"overlong UTF-8", "a=%C0%AF"},
        {"UTF-16 surrogate", "a=%ED%A0%80"},
        {"raw invalid UTF-8", "a=\xff"},
        {"control character", "a=%01"},
        {"escape character", "a=%1B"},
        {"DEL", "a=%7F"},
        {"NUL", "a=%00"},
        {"control character in the key", "%01=a"},
        {"raw control character", "a=b\x01"},
        {"bad field after good ones", "a=1&b=2&c=%zz"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct form f = {(struct form_field *)&f, 99}; /* garbage on purpose */
        if (parse(&f, cases[i].data) != -1)
            fail_msg("%s: \"%s\" was accepted", cases[i].why, cases[i].data);
        assert_int_equal(f.n, 0);
        assert_null(f.items);
        form_free(&f); /* harmless on an empty form */
    }
}

static void a_raw_nul_byte_is_rejected(void **state)
{
    (void)state;
    static const char data[] = "a=1\0&b=2";
    struct form f;
    assert_int_equal(form_parse(&f, data, sizeof data - 1), -1);
    assert_int_equal(f.n, 0);
}

/* Builds "f0=x&f1=x&...", n fields; the caller frees. */
static char *many_fields(size_t n)
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%sf%zu=x", i ? "&" : "", i);
    return buf_detach(&b);
}

static void more_than_256_fields_are_refused(void **state)
{
    (void)state;
    struct form f;
    char *ok = many_fields(FORM_MAX_FIELDS);
    assert_int_equal(parse(&f, ok), 0);
    assert_int_equal(f.n, FORM_MAX_FIELDS);
    assert_string_equal(form_get(&f, "f255"), "x");
    form_free(&f);

    char *too_many = many_fields(FORM_MAX_FIELDS + 1);
    assert_int_equal(parse(&f, too_many), -1);
    assert_int_equal(f.n, 0);
    assert_null(f.items);

    char *far_too_many = many_fields(5000);
    assert_int_equal(parse(&f, far_too_many), -1);
    assert_int_equal(f.n, 0);

    free(ok);
    free(too_many);
    free(far_too_many);
}

/* ---- url_decode ---- */

static void fields_can_be_added_from_other_encodings(void **state)
{
    (void)state;
    struct form f = {0};
    /* A value is copied for exactly its length, with no terminator needed. */
    assert_int_equal(form_add(&f, "csrf", "abcXYZ", 3), 0);
    assert_int_equal(form_add(&f, "empty", "", 0), 0);
    assert_string_equal(form_get(&f, "csrf"), "abc");
    assert_string_equal(form_get(&f, "empty"), "");
    while (f.n < FORM_MAX_FIELDS)
        assert_int_equal(form_add(&f, "k", "v", 1), 0);
    assert_int_equal(form_add(&f, "one-more", "v", 1), -1);
    assert_null(form_get(&f, "one-more"));
    form_free(&f);
    assert_int_equal(f.n, 0);
}

static void percent_escapes_and_plus_signs_are_decoded(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want;
    } cases[] = {
        {"", ""},
        {"plain", "plain"},
        {"hello+world%21", "hello world!"},
        {"%2B", "+"},
        {"%2b%2F", "+/"},
        {"100%25", "100%"},
        {"%C3%A4%C3%B6%C3%BC", "\xc3\xa4\xc3\xb6\xc3\xbc"},
        {"%F0%9F%8C%B7", "\xf0\x9f\x8c\xb7"},
        {"a%20b+c", "a b c"},
        {"%41%42%43", "ABC"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = url_decode(cases[i].in, strlen(cases[i].in));
        if (got == NULL)
            fail_msg("\"%s\" was rejected", cases[i].in);
        bool ok = strcmp(got, cases[i].want) == 0;
        free(got);
        if (!ok)
            fail_msg("\"%s\" decoded wrongly", cases[i].in);
    }
}

static void url_decode_rejects_what_form_parse_rejects(void **state)
{
    (void)state;
    static const char *const cases[] = {"%",   "%%",  "%4",  "%zz", "%4g", "abc%",
                                        "%FF", "%01", "%00", "%C3", "%7f"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = url_decode(cases[i], strlen(cases[i]));
        if (got != NULL) {
            free(got);
            fail_msg("\"%s\" was accepted", cases[i]);
        }
    }
}

static void url_decode_stops_at_the_given_length(void **state)
{
    (void)state;
    char *got = url_decode("abc%41", 3);
    assert_string_equal(got, "abc");
    free(got);
    assert_null(url_decode("ab%4142", 4));
}

/* ---- cookies ---- */

static void a_cookie_is_found_by_its_exact_name(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        const char *name;
        const char *want; /* NULL: not found */
    } cases[] = {
        {"pace=abc", "pace", "abc"},
        {"pace=abc; theme=dark", "theme", "dark"},
        {"theme=dark;pace=abc", "pace", "abc"},
        /* spaces around names, values and separators */
        {"  pace = abc  ;  theme=dark ", "pace", "abc"},
        {"theme=dark ;\tpace=abc\t", "pace", "abc"},
        /* quoted values lose their quotes */
        {"pace=\"abc\"", "pace", "abc"},
        {"pace=\"\"", "pace", ""},
        {"pace=\"", "pace", "\""},
        /* names that are prefixes or suffixes of each other */
        {"pace-pre=one; __Host-pace=two; pace=three", "pace", "three"},
        {"pace-pre=one; __Host-pace=two; pace=three", "pace-pre", "one"},
        {"pace-pre=one; __Host-pace=two; pace=three", "__Host-pace", "two"},
        {"pace=three; pace-pre=one", "pace-pre", "one"},
        {"__Host-pace=two; pace-pre=one", "pace", NULL},
        {"pacex=1; xpace=2", "pace", NULL},
        {"pace=1", "pac", NULL},
        {"Pace=1", "pace", NULL}, /* names are case-sensitive */
        /* values may hold '=' (base64 padding) */
        {"pace=a=b==", "pace", "a=b=="},
        /* an empty value is still a value */
        {"pace=; theme=dark", "pace", ""},
        /* a part without '=' is skipped, not confused with a name */
        {"flag; pace=1", "pace", "1"},
        {"pace; other=1", "pace", NULL},
        /* the first of two cookies with one name wins */
        {"pace=first; pace=second", "pace", "first"},
        {"theme=dark", "pace", NULL},
        {"", "pace", NULL},
        {";;; ;", "pace", NULL},
        {"=x; =y", "pace", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64] = "untouched";
        bool found = cookie_get(cases[i].header, cases[i].name, out, sizeof out);
        if (cases[i].want == NULL) {
            if (found)
                fail_msg("case %zu: \"%s\" found in \"%s\" as \"%s\"", i, cases[i].name,
                         cases[i].header, out);
        } else {
            if (!found)
                fail_msg("case %zu: \"%s\" not found in \"%s\"", i, cases[i].name, cases[i].header);
            if (strcmp(out, cases[i].want) != 0)
                fail_msg("case %zu: got \"%s\", want \"%s\"", i, out, cases[i].want);
        }
    }
}

static void a_cookie_too_long_for_the_buffer_is_not_returned(void **state)
{
    (void)state;
    char out[7];
    assert_false(cookie_get("pace=abcdefg", "pace", out, sizeof out)); /* needs 8 */
    assert_true(cookie_get("pace=abcdef", "pace", out, sizeof out));   /* exactly fits */
    assert_string_equal(out, "abcdef");
    assert_false(cookie_get("pace=abcdef", "pace", out, 0));
    /* A long value for another cookie does not matter. */
    assert_true(cookie_get("other=aaaaaaaaaaaaaaaaaaaaaaaa; pace=ok", "pace", out, sizeof out));
    assert_string_equal(out, "ok");
}

static void a_missing_cookie_header_finds_nothing(void **state)
{
    (void)state;
    char out[16];
    assert_false(cookie_get(NULL, "pace", out, sizeof out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_form_is_split_into_decoded_fields),
        cmocka_unit_test(keys_are_decoded_too),
        cmocka_unit_test(empty_values_and_empty_pairs),
        cmocka_unit_test(an_empty_body_is_an_empty_form),
        cmocka_unit_test(a_repeated_key_keeps_every_value_in_order),
        cmocka_unit_test(line_breaks_and_tabs_from_a_textarea_are_kept),
        cmocka_unit_test(only_the_given_length_is_read),
        cmocka_unit_test(malformed_input_is_rejected_and_leaves_the_form_empty),
        cmocka_unit_test(a_raw_nul_byte_is_rejected),
        cmocka_unit_test(more_than_256_fields_are_refused),
        cmocka_unit_test(fields_can_be_added_from_other_encodings),
        cmocka_unit_test(percent_escapes_and_plus_signs_are_decoded),
        cmocka_unit_test(url_decode_rejects_what_form_parse_rejects),
        cmocka_unit_test(url_decode_stops_at_the_given_length),
        cmocka_unit_test(a_cookie_is_found_by_its_exact_name),
        cmocka_unit_test(a_cookie_too_long_for_the_buffer_is_not_returned),
        cmocka_unit_test(a_missing_cookie_header_finds_nothing),
    };
    return cmocka_run_group_tests_name("web form", tests, NULL, NULL);
}
