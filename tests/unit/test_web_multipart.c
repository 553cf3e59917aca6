/*
 * test_web_multipart.c - reading multipart/form-data (web/multipart.h): the
 * boundary from Content-Type, then tables of bodies a browser could send and
 * bodies that must be refused, each with the reason it is refused for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "web/multipart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CT "multipart/form-data; boundary=XyZ"
#define CSRF_PART "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"

/* ---- the boundary ---- */

static void the_boundary_comes_from_content_type(void **state)
{
    (void)state;
    static const struct {
        const char *ct;
        const char *boundary; /* NULL: refused with err */
        enum multipart_err err;
    } cases[] = {
        {"multipart/form-data; boundary=abc", "abc", MP_OK},
        {"Multipart/Form-Data;boundary=abc", "abc", MP_OK},
        {"multipart/form-data; BOUNDARY=abc", "abc", MP_OK},
        {"multipart/form-data; boundary=\"a b:c?d\"", "a b:c?d", MP_OK},
        {"multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundaryx7Yq",
         "----WebKitFormBoundaryx7Yq", MP_OK},
        {"multipart/form-data; boundary=abc ; charset=utf-8", "abc", MP_OK},
        {"multipart/form-data; boundary=1", "1", MP_OK},
        {"multipart/form-data; boundary="
         "1234567890123456789012345678901234567890123456789012345678901234567890",
         "1234567890123456789012345678901234567890123456789012345678901234567890", MP_OK},
        {NULL, NULL, MP_NOT_MULTIPART},
        {"", NULL, MP_NOT_MULTIPART},
        {"application/x-www-form-urlencoded", NULL, MP_NOT_MULTIPART},
        {"multipart/mixed; boundary=abc", NULL, MP_NOT_MULTIPART},
        {"multipart/form-data-x; boundary=abc", NULL, MP_NOT_MULTIPART},
        {"multipart/form-data", NULL, MP_NO_BOUNDARY},
        {"multipart/form-data; charset=utf-8", NULL, MP_NO_BOUNDARY},
        {"multipart/form-data; boundary=", NULL, MP_BAD_PARAMS},
        {"multipart/form-data; boundary=\"\"", NULL, MP_BAD_BOUNDARY},
        {"multipart/form-data; boundary="
         "12345678901234567890123456789012345678901234567890123456789012345678901",
         NULL, MP_BAD_BOUNDARY},
        {"multipart/form-data; boundary=\"ends in space \"", NULL, MP_BAD_BOUNDARY},
        {"multipart/form-data; boundary=a*b", NULL, MP_BAD_BOUNDARY},
        {"multipart/form-data; boundary=\"a\\b\"", NULL, MP_BAD_BOUNDARY},
        {"multipart/form-data; boundary=\"abc", NULL, MP_BAD_PARAMS},
        {"multipart/form-data; boundary=a; boundary=b", NULL, MP_BAD_PARAMS},
        {"multipart/form-data; boundary = abc", NULL, MP_BAD_PARAMS},
        {"multipart/form-data boundary=abc", NULL, MP_BAD_PARAMS},
        {"multipart/form-data; boundary=abc;", NULL, MP_BAD_PARAMS},
        {"multipart/form-data; boundary=\"a\x01"
         "b\"",
         NULL, MP_BAD_PARAMS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[MULTIPART_MAX_BOUNDARY + 1];
        enum multipart_err e = multipart_boundary(cases[i].ct, out);
        if (e != cases[i].err)
            fail_msg("case %zu (%s): got %d, want %d", i, cases[i].ct ? cases[i].ct : "NULL",
                     (int)e, (int)cases[i].err);
        if (cases[i].boundary)
            assert_string_equal(out, cases[i].boundary);
        else
            assert_string_equal(out, "");
    }
}

/* ---- good bodies ---- */

static enum multipart_err parse(struct multipart *m, const char *ct, const char *body)
{
    return multipart_parse(m, ct, body, strlen(body));
}

static void a_browser_form_with_a_file_is_read(void **state)
{
    (void)state;
    const char *body =
        CSRF_PART "--XyZ\r\n"
                  "Content-Disposition: form-data; name=\"file\"; filename=\"pace-export.json\"\r\n"
                  "Content-Type: application/json\r\n"
                  "\r\n"
                  "{\"a\":\r\n\"--XyZ is not a delimiter here\"}\r\n"
                  "--XyZ--\r\n";
    struct multipart m;
    assert_int_equal(parse(&m, CT, body), MP_OK);
    assert_int_equal(m.n, 2);
    const struct multipart_part *c = multipart_get(&m, "csrf");
    assert_non_null(c);
    assert_false(c->has_filename);
    assert_string_equal(c->content_type, "");
    assert_int_equal(c->len, 3);
    assert_memory_equal(c->data, "abc", 3);
    const struct multipart_part *f = multipart_get(&m, "file");
    assert_non_null(f);
    assert_true(f->has_filename);
    assert_string_equal(f->filename, "pace-export.json");
    assert_string_equal(f->content_type, "application/json");
    const char *want = "{\"a\":\r\n\"--XyZ is not a delimiter here\"}";
    assert_int_equal(f->len, strlen(want));
    assert_memory_equal(f->data, want, f->len);
    /* The data points into the body: no copies. */
    assert_true(f->data > body && f->data + f->len < body + strlen(body));
    assert_null(multipart_get(&m, "other"));
}

static void binary_data_and_nul_bytes_are_kept(void **state)
{
    (void)state;
    static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
                               "filename=\"b.bin\"\r\n\r\n\x00\xff\r\r\n\n--X\r\r\n--XyZ--";
    struct multipart m;
    assert_int_equal(multipart_parse(&m, CT, body, sizeof body - 1), MP_OK);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.parts[0].len, 10);
    assert_memory_equal(m.parts[0].data, "\x00\xff\r\r\n\n--X\r", 10);
}

static void good_bodies(void **state)
{
    (void)state;
    static const struct {
        const char *why;
        const char *body;
        size_t nparts;
        const char *first_name;
        const char *first_data;
    } cases[] = {
        {"no epilogue, no final CRLF",
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--", 1, "a", "1"},
        {"an epilogue after the closing delimiter is ignored",
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n"
         "anything at all --XyZ",
         1, "a", "1"},
        {"padding after delimiters",
         "--XyZ \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ-- \r\n", 1, "a",
         "1"},
        {"an empty value",
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ--\r\n", 1, "a", ""},
        {"an unquoted name, header names in any case, extra spaces",
         "--XyZ\r\ncontent-disposition:   FORM-DATA ;name=a  \r\n\r\nv\r\n--XyZ--\r\n", 1, "a",
         "v"},
        {"unknown headers and parameters are ignored",
         "--XyZ\r\nX-Note: hello\r\nContent-Disposition: form-data; name=\"a\"; size=3\r\n"
         "\r\nv\r\n--XyZ--\r\n",
         1, "a", "v"},
        {"a name with UTF-8 and a percent-encoded quote",
         "--XyZ\r\nContent-Disposition: form-data; name=\"\xc3\xa4%22\"\r\n\r\nv\r\n--XyZ--", 1,
         "\xc3\xa4%22", "v"},
        {"a backslash in a quoted string is an ordinary character",
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\\\"\r\n\r\nv\r\n--XyZ--", 1, "a\\",
         "v"},
        {"eight parts",
         "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=c\r\n\r\n3\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=d\r\n\r\n4\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=e\r\n\r\n5\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=f\r\n\r\n6\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=g\r\n\r\n7\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=h\r\n\r\n8\r\n--XyZ--",
         8, "a", "1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct multipart m;
        enum multipart_err e = parse(&m, CT, cases[i].body);
        if (e != MP_OK)
            fail_msg("%s: refused with %d (%s)", cases[i].why, (int)e, multipart_message(e));
        assert_int_equal(m.n, cases[i].nparts);
        assert_string_equal(m.parts[0].name, cases[i].first_name);
        assert_int_equal(m.parts[0].len, strlen(cases[i].first_data));
        assert_memory_equal(m.parts[0].data, cases[i].first_data, m.parts[0].len);
    }
}

static void an_empty_file_field_is_a_part_with_an_empty_filename(void **state)
{
    (void)state;
    /* What a browser sends when no file was chosen. */
    const char *body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
                       "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n";
    struct multipart m;
    assert_int_equal(parse(&m, CT, body), MP_OK);
    assert_true(m.parts[0].has_filename);
    assert_string_equal(m.parts[0].filename, "");
    assert_int_equal(m.parts[0].len, 0);
    assert_string_equal(m.parts[0].content_type, "application/octet-stream");
}

/* ---- bad bodies ---- */

static void bad_bodies_are_refused_for_their_reason(void **state)
{
    (void)state;
    char long_headers[2048];
    int n = snprintf(long_headers, sizeof long_headers,
                     "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ");
    memset(long_headers + n, 'p', 1100);
    snprintf(long_headers + n + 1100, sizeof long_headers - (size_t)n - 1100,
             "\r\n\r\nv\r\n--XyZ--");
    char long_name[512];
    n = snprintf(long_name, sizeof long_name, "--XyZ\r\nContent-Disposition: form-data; name=\"");
    memset(long_name + n, 'n', 65);
    snprintf(long_name + n + 65, sizeof long_name - (size_t)n - 65, "\"\r\n\r\nv\r\n--XyZ--");
    char nine[1024];
    size_t o = 0;
    for (int i = 0; i < 9; i++)
        o += (size_t)snprintf(nine + o, sizeof nine - o,
                              "--XyZ\r\nContent-Disposition: form-data; name=p%d\r\n\r\nv\r\n", i);
    snprintf(nine + o, sizeof nine - o, "--XyZ--");

    const struct {
        const char *why;
        const char *ct;
        const char *body;
        enum multipart_err err;
    } cases[] = {
        {"not multipart", "application/json", "{}", MP_NOT_MULTIPART},
        {"no boundary", "multipart/form-data", CSRF_PART "--XyZ--", MP_NO_BOUNDARY},
        {"an empty body", CT, "", MP_NO_FIRST},
        {"a preamble", CT, "hello\r\n" CSRF_PART "--XyZ--", MP_NO_FIRST},
        {"another boundary", CT,
         "--Abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--Abc--", MP_NO_FIRST},
        {"no closing delimiter", CT, CSRF_PART, MP_NO_CLOSE},
        {"cut off in the data", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nval", MP_NO_CLOSE},
        {"cut off in the headers", CT, "--XyZ\r\nContent-Disposition: form-da", MP_NO_CLOSE},
        {"cut off after the first delimiter", CT, "--XyZ", MP_NO_CLOSE},
        {"closed at once, without a part", CT, "--XyZ--\r\n", MP_BAD_DELIMITER},
        {"a delimiter followed by other text", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZabc\r\n--XyZ--",
         MP_BAD_DELIMITER},
        {"text after the closing delimiter on its line", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--x",
         MP_BAD_DELIMITER},
        {"a bare LF after the delimiter", CT,
         "--XyZ\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--", MP_BAD_DELIMITER},
        {"headers too long", CT, long_headers, MP_HEADERS_TOO_LONG},
        {"a header without a colon", CT,
         "--XyZ\r\nContent-Disposition form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--", MP_BAD_HEADER},
        {"a space before the colon", CT,
         "--XyZ\r\nContent-Disposition : form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--", MP_BAD_HEADER},
        {"a folded header", CT,
         "--XyZ\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n--XyZ--",
         MP_BAD_HEADER},
        {"a bare LF inside a header line", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\nX: y\r\n\r\nv\r\n--XyZ--",
         MP_BAD_HEADER},
        {"invalid UTF-8 in a header", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"\xc3(\"\r\n\r\nv\r\n--XyZ--",
         MP_BAD_HEADER},
        {"no Content-Disposition", CT, "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--",
         MP_NO_DISPOSITION},
        {"no headers at all", CT, "--XyZ\r\n\r\nv\r\n--XyZ--", MP_NO_DISPOSITION},
        {"attachment instead of form-data", CT,
         "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--",
         MP_BAD_DISPOSITION},
        {"Content-Disposition twice", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
         "Content-Disposition: form-data; name=\"b\"\r\n\r\nv\r\n--XyZ--",
         MP_BAD_DISPOSITION},
        {"the name twice", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nv\r\n--XyZ--",
         MP_BAD_DISPOSITION},
        {"the filename twice", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n\r\nv\r\n"
         "--XyZ--",
         MP_BAD_DISPOSITION},
        {"an unclosed quote", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--",
         MP_BAD_DISPOSITION},
        {"a control character in a quoted name", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\tb\x7f\"\r\n\r\nv\r\n--XyZ--",
         MP_BAD_HEADER},
        {"no name", CT,
         "--XyZ\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\nv\r\n--XyZ--", MP_NO_NAME},
        {"an empty name", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--XyZ--", MP_NO_NAME},
        {"a name too long", CT, long_name, MP_NAME_TOO_LONG},
        {"Content-Type twice", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type: text/plain\r\n"
         "Content-Type: text/plain\r\n\r\nv\r\n--XyZ--",
         MP_BAD_TYPE},
        {"an empty Content-Type", CT,
         "--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type: \r\n\r\nv\r\n--XyZ--",
         MP_BAD_TYPE},
        {"nine parts", CT, nine, MP_TOO_MANY_PARTS},
        {"two parts with one name", CT, CSRF_PART CSRF_PART "--XyZ--", MP_DUPLICATE_NAME},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct multipart m;
        memset(&m, 0x5a, sizeof m);
        enum multipart_err e = parse(&m, cases[i].ct, cases[i].body);
        if (e != cases[i].err)
            fail_msg("%s: got %d, want %d", cases[i].why, (int)e, (int)cases[i].err);
        assert_int_equal(m.n, 0); /* a refused body leaves nothing behind */
        const char *msg = multipart_message(e);
        assert_true(strlen(msg) > 10 && msg[strlen(msg) - 1] == '.');
    }
}

static void a_long_file_name_is_refused(void **state)
{
    (void)state;
    char body[1024];
    int n =
        snprintf(body, sizeof body, "--XyZ\r\nContent-Disposition: form-data; name=f; filename=\"");
    memset(body + n, 'f', 256);
    snprintf(body + n + 256, sizeof body - (size_t)n - 256, "\"\r\n\r\nv\r\n--XyZ--");
    struct multipart m;
    assert_int_equal(parse(&m, CT, body), MP_NAME_TOO_LONG);
    body[n + 255] = '"'; /* 255 characters fit */
    memcpy(body + n + 256, "\r\n\r\nv\r\n--XyZ--", 15);
    assert_int_equal(parse(&m, CT, body), MP_OK);
    assert_int_equal(strlen(m.parts[0].filename), 255);
}

static void every_message_is_a_sentence(void **state)
{
    (void)state;
    for (int e = MP_OK; e <= MP_DUPLICATE_NAME; e++) {
        const char *msg = multipart_message((enum multipart_err)e);
        assert_non_null(msg);
        assert_true(msg[0] >= 'A' && msg[0] <= 'Z');
        assert_int_equal(msg[strlen(msg) - 1], '.');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_boundary_comes_from_content_type),
        cmocka_unit_test(a_browser_form_with_a_file_is_read),
        cmocka_unit_test(binary_data_and_nul_bytes_are_kept),
        cmocka_unit_test(good_bodies),
        cmocka_unit_test(an_empty_file_field_is_a_part_with_an_empty_filename),
        cmocka_unit_test(bad_bodies_are_refused_for_their_reason),
        cmocka_unit_test(a_long_file_name_is_refused),
        cmocka_unit_test(every_message_is_a_sentence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
