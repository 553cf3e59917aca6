/*
 * test_web_gzip.c - Content-Encoding: gzip (web/gzip.h): which
 * Accept-Encoding headers allow it, which answers get it, and that what is
 * sent inflates to the same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "web/gzip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void accept_encoding_allows_gzip_only_with_a_positive_weight(void **state)
{
    (void)state;
    assert_false(web_gzip_accepted(NULL));
    assert_false(web_gzip_accepted(""));
    assert_true(web_gzip_accepted("gzip"));
    assert_true(web_gzip_accepted("GZIP"));
    assert_true(web_gzip_accepted("x-gzip"));
    assert_true(web_gzip_accepted("gzip, deflate, br"));
    assert_true(web_gzip_accepted("br;q=1.0, gzip;q=0.8, *;q=0.1"));
    assert_true(web_gzip_accepted("deflate , gzip ; q=0.5"));
    assert_true(web_gzip_accepted("*"));
    assert_true(web_gzip_accepted("gzip;q=0.001"));
    assert_false(web_gzip_accepted("gzip;q=0"));
    assert_false(web_gzip_accepted("gzip; q=0.0"));
    assert_false(web_gzip_accepted("gzip;Q=0.000"));
    assert_false(web_gzip_accepted("identity"));
    assert_false(web_gzip_accepted("deflate, br"));
    assert_false(web_gzip_accepted("gzipped"));
    assert_false(web_gzip_accepted("*;q=0"));
    assert_false(web_gzip_accepted("gzip;q=0, *")); /* named and refused beats * */
    assert_false(web_gzip_accepted("*, gzip;q=0"));
    assert_false(web_gzip_accepted("identity;q=1, *;q=0"));
}

static void html_json_and_text_assets_are_compressed_but_not_the_feed(void **state)
{
    (void)state;
    assert_true(web_gzip_type("text/html; charset=utf-8"));
    assert_true(web_gzip_type("application/json"));
    assert_true(web_gzip_type("application/problem+json"));
    assert_true(web_gzip_type("text/css; charset=utf-8"));
    assert_false(web_gzip_type("text/calendar; charset=utf-8"));
    assert_false(web_gzip_type("application/pdf"));
    assert_false(web_gzip_type("image/png"));
    assert_false(web_gzip_type("text/csv; charset=utf-8"));
    assert_false(web_gzip_type(NULL));
}

static void a_compressed_answer_inflates_to_the_same_bytes(void **state)
{
    (void)state;
    size_t n = 50000;
    char *in = malloc(n);
    for (size_t i = 0; i < n; i++)
        in[i] = "<li>session</li>\n"[i % 17] + (char)(i % 251 == 0);
    for (int round = 0; round < 3; round++) { /* the thread's state is reused */
        size_t zn = 0;
        unsigned char *z = web_gzip(in, n, &zn);
        assert_non_null(z);
        assert_true(zn < n / 4);
        assert_int_equal(z[0], 0x1f); /* gzip magic */
        assert_int_equal(z[1], 0x8b);
        char *back = malloc(n + 1);
        z_stream s = {0};
        assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
        s.next_in = z;
        s.avail_in = (uInt)zn;
        s.next_out = (Bytef *)back;
        s.avail_out = (uInt)n + 1;
        assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
        assert_int_equal(s.total_out, n);
        assert_memory_equal(back, in, n);
        inflateEnd(&s);
        free(back);
        free(z);
    }
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accept_encoding_allows_gzip_only_with_a_positive_weight),
        cmocka_unit_test(html_json_and_text_assets_are_compressed_but_not_the_feed),
        cmocka_unit_test(a_compressed_answer_inflates_to_the_same_bytes),
    };
    return cmocka_run_group_tests_name("web gzip", tests, NULL, NULL);
}
