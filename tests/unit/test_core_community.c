/*
 * test_core_community.c - the community's pure parts (core/community.h):
 * every flag rule with posts that must and must not trigger it, the words it
 * names; handles, titles, bodies and reasons checked; the renderer leaving
 * raw HTML, javascript: links, images and headings inert; folding; and the
 * labelled sets: their format refused line by line, and the figures on the
 * held-out set at the targets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/community.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static const char *const brands[] = {"Lunera", "FMS", "Soul Source"};
static const struct community_context plain = {.brands = brands, .nbrands = 3};

/* The flag for rule r on text, or NULL. */
static const struct community_flag *flag_of(const char *text, const struct community_context *ctx,
                                            enum community_rule r)
{
    static struct community_flag out[CR_COUNT];
    size_t n = community_flags(text, ctx, out);
    for (size_t i = 0; i < n; i++)
        if (out[i].rule == r)
            return &out[i];
    return NULL;
}

static void fires(const char *text, enum community_rule r, const char *word)
{
    const struct community_flag *f = flag_of(text, &plain, r);
    if (f == NULL)
        fail_msg("rule %s did not fire on: %s", community_rule_name(r), text);
    if (word && strstr(f->words, word) == NULL)
        fail_msg("rule %s named %s, not %s", community_rule_name(r), f->words, word);
}

static void quiet(const char *text)
{
    struct community_flag out[CR_COUNT];
    size_t n = community_flags(text, &plain, out);
    if (n != 0)
        fail_msg("rule %s fired (%s) on: %s", community_rule_name(out[0].rule), out[0].words, text);
}

static void test_link(void **state)
{
    (void)state;
    fires("See https://example.org/x for more", CR_LINK, "https://example.org/x");
    fires("order at lunera-shop.de/set today", CR_LINK, "lunera-shop.de/set");
    fires("it is at calmbody dot com", CR_LINK, "calmbody dot com");
    fires("www.example.net", CR_LINK, "www.example.net");
    quiet("I tried it.Then I stopped and breathed.");
    quiet("Size 3 went in. Then 4 tomorrow maybe.");
}

static void test_contact(void **state)
{
    (void)state;
    fires("write to anna.k@example.org please", CR_CONTACT, "anna.k@example.org");
    fires("Follow @calm_coach for tips", CR_CONTACT, "@calm_coach");
    fires("call 0151 2345 6789", CR_CONTACT, "0151 2345 6789");
    fires("Ask me on WhatsApp", CR_CONTACT, "WhatsApp");
    quiet("My sizes are 14 16 18 and 20 now.");
    quiet("We met on 12/03/2026 at the clinic.");
}

static void test_private_message(void **state)
{
    (void)state;
    fires("DM me and I tell you", CR_PRIVATE_MESSAGE, "DM me");
    fires("Schreib mir eine PN", CR_PRIVATE_MESSAGE, "PN");
    quiet("I talked to my partner about it and we cried.");
}

static void test_call_to_action(void **state)
{
    (void)state;
    fires("everything is linked, link in bio", CR_CALL_TO_ACTION, "link in bio");
    fires("Jetzt bestellen, solange es geht", CR_CALL_TO_ACTION, "Jetzt bestellen");
    quiet("I could not sleep before the appointment.");
}

static void test_discount_and_price(void **state)
{
    (void)state;
    fires("use CALM20 at checkout", CR_DISCOUNT, "CALM20");
    fires("20% off this week", CR_DISCOUNT, "20% off");
    fires("Mit dem Gutschein spart ihr", CR_DISCOUNT, "Gutschein");
    fires("only 29 euros today", CR_PRICE, "29 euros");
    fires("statt 80 € nur 49 €", CR_PRICE, "€");
    quiet("My physio appointment was covered by insurance.");
    quiet("I paid for the set last year and it was fine.");
}

static void test_brand_praise(void **state)
{
    (void)state;
    fires("The Lunera set changed my life, the best thing ever", CR_BRAND_PRAISE, "Lunera");
    fires("I love it, SoftStep is the best", CR_BRAND_PRAISE, "SoftStep");
    /* a product named without praise is a genuine question */
    quiet("Has anyone used the Lunera set? Size 2 feels big to me.");
    quiet("My physio recommended FMS sizes and I started with the smallest.");
}

static void test_claim_and_selling(void **state)
{
    (void)state;
    fires("It cured me in 3 days", CR_CLAIM, "cured me");
    fires("100% guaranteed results", CR_CLAIM, "100%");
    fires("Nach nur einer Woche war ich geheilt", CR_CLAIM, "geheilt");
    fires("Book a free discovery call with my coaching program", CR_SELLING, "coaching");
    fires("join my team and earn from home", CR_SELLING, "join my team");
    quiet("It took me a year, and some weeks were hard.");
    quiet("My clinician said progress is rarely a straight line.");
}

static void test_duplicate_and_new_account(void **state)
{
    (void)state;
    const char *text = "This is a longer text that someone else posted word for word before.";
    struct community_context dup = plain;
    dup.same_text_accounts = 2;
    const struct community_flag *f = flag_of(text, &dup, CR_DUPLICATE);
    assert_non_null(f);
    assert_string_equal(f->words, "2");
    assert_null(flag_of("Thank you!", &dup, CR_DUPLICATE)); /* short texts repeat */
    struct community_context fresh = plain;
    fresh.new_account = true;
    assert_non_null(flag_of("see www.example.org", &fresh, CR_NEW_ACCOUNT_LINK));
    assert_null(flag_of("see www.example.org", &plain, CR_NEW_ACCOUNT_LINK));
    assert_null(flag_of("no link at all", &fresh, CR_NEW_ACCOUNT_LINK));
}

static void test_words_are_the_posts_own_and_bounded(void **state)
{
    (void)state;
    struct community_flag out[CR_COUNT];
    char *long_text = xstrdup("DM ME ");
    for (int i = 0; i < 200; i++) {
        char *t = xasprintf("%s https://example.org/%d", long_text, i);
        free(long_text);
        long_text = t;
    }
    size_t n = community_flags(long_text, &plain, out);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++)
        assert_true(strlen(out[i].words) < COMMUNITY_WORDS_MAX);
    assert_non_null(strstr(flag_of(long_text, &plain, CR_PRIVATE_MESSAGE)->words, "DM ME"));
    free(long_text);
    /* invalid UTF-8 and empty texts do not crash the rules */
    assert_int_equal(community_flags("", &plain, out), 0);
    community_flags("\xc3\x28 \xff\xfe @", &plain, out);
    assert_int_equal(community_rule_parse("brand_praise"), CR_BRAND_PRAISE);
    assert_int_equal(community_rule_parse("nope"), -1);
}

static void test_handles(void **state)
{
    (void)state;
    struct pace_error err = {0};
    assert_int_equal(community_handle_check("quiet-fern", &err), 0);
    assert_int_equal(community_handle_check("ab", &err), PACE_EINVAL);
    assert_string_equal(err.field, "handle");
    assert_int_equal(community_handle_check("me@example.org", &err), PACE_EINVAL);
    assert_non_null(strstr(err.msg, "email"));
    assert_int_equal(community_handle_check("Moderator", &err), PACE_EINVAL);
    assert_int_equal(community_handle_check("1abc", &err), PACE_EINVAL);
    assert_int_equal(community_handle_check("abc def", &err), PACE_EINVAL);
    assert_int_equal(community_handle_check("abcdefghijklmnopqrstuvwxy", &err), PACE_EINVAL);
}

static void test_titles_bodies_reasons(void **state)
{
    (void)state;
    struct pace_error err = {0};
    assert_int_equal(community_title_check("A title", &err), 0);
    assert_int_equal(community_title_check("   ", &err), PACE_EINVAL);
    assert_int_equal(community_title_check("two\nlines", &err), PACE_EINVAL);
    assert_int_equal(community_body_check("Hello", COMMUNITY_POST_MAX, &err), 0);
    assert_int_equal(community_body_check(" \n ", COMMUNITY_POST_MAX, &err), PACE_EINVAL);
    assert_int_equal(community_body_check("abcdef", 5, &err), PACE_ETOOLARGE);
    assert_int_equal(community_body_check("bad \xff", 100, &err), PACE_EINVAL);
    struct buf deep = {0};
    for (int i = 0; i < 12; i++)
        buf_puts(&deep, "> ");
    buf_puts(&deep, "deep");
    assert_int_equal(community_body_check(deep.data, COMMUNITY_POST_MAX, &err), PACE_EINVAL);
    buf_free(&deep);
    assert_int_equal(community_reason_check("", false, &err), 0);
    assert_int_equal(community_reason_check("", true, &err), PACE_EINVAL);
    assert_string_equal(err.field, "reason");
}

static char *render(const char *md)
{
    struct buf b = {0};
    community_render(md, &b);
    return b.data ? buf_detach(&b) : xstrdup("");
}

static void test_render_is_inert(void **state)
{
    (void)state;
    char *h = render("<script>alert(1)</script>\n\nhi <b>bold</b>");
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<b>"));
    assert_non_null(strstr(h, "&lt;b&gt;"));
    free(h);
    h = render("[x](javascript:alert(1)) [y](https://example.org)");
    assert_null(strstr(h, "javascript:"));
    assert_non_null(
        strstr(h, "rel=\"nofollow ugc noopener noreferrer\" href=\"https://example.org\""));
    free(h);
    h = render("![pic](https://example.org/a.png)\n\n# Heading");
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "<h1"));
    assert_non_null(strstr(h, "<strong>Heading</strong>"));
    free(h);
}

static void test_fold(void **state)
{
    (void)state;
    char *f = community_fold("  Hello,   WORLD!! Grüße ÄRGER ");
    assert_string_equal(f, "hello world grüße ärger");
    free(f);
}

static void test_eval_format_errors_name_the_line(void **state)
{
    (void)state;
    struct community_eval ev = {0};
    struct pace_error err = {0};
    const char *ok = "{\"text\":\"DM me\",\"lang\":\"en\",\"label\":\"ad\"}\n\n"
                     "{\"text\":\"Hello\",\"lang\":\"de\",\"label\":\"genuine\"}\n";
    assert_int_equal(community_eval_jsonl("t", ok, strlen(ok), &plain, &ev, &err), 0);
    assert_int_equal(ev.posts, 2);
    assert_int_equal(ev.any.flagged_ads, 1);
    assert_int_equal(ev.any.flagged, 1);
    const char *bad[] = {
        "{\"text\":\"x\",\"lang\":\"fr\",\"label\":\"ad\"}",
        "{\"text\":\"x\",\"lang\":\"en\",\"label\":\"spam\"}",
        "{\"text\":\"x\",\"lang\":\"en\",\"label\":\"ad\",\"extra\":1}",
        "not json",
        "{\"text\":\"\",\"lang\":\"en\",\"label\":\"ad\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *doc = xasprintf("%s%s\n", ok, bad[i]);
        memset(&ev, 0, sizeof ev);
        assert_int_equal(community_eval_jsonl("f.jsonl", doc, strlen(doc), &plain, &ev, &err),
                         PACE_EINVAL);
        assert_non_null(strstr(err.msg, "f.jsonl:4:"));
        free(doc);
    }
}

static void test_heldout_figures_meet_the_targets(void **state)
{
    (void)state;
    for (const struct community_set *s = community_builtin_sets; s->name; s++) {
        struct community_eval ev = {0};
        struct pace_error err = {0};
        assert_int_equal(community_eval_jsonl(s->name, s->data, s->len, &plain, &ev, &err), 0);
        double recall = (double)ev.any.flagged_ads / ev.ads;
        double false_pos = (double)(ev.any.flagged - ev.any.flagged_ads) / ev.genuine;
        if (recall < 0.90 || false_pos > 0.05)
            fail_msg("%s: recall %.3f, genuine flagged %.3f", s->name, recall, false_pos);
        struct buf out = {0};
        community_eval_format(s->name, &ev, &out);
        assert_non_null(strstr(out.data, "any rule"));
        buf_free(&out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link),
        cmocka_unit_test(test_contact),
        cmocka_unit_test(test_private_message),
        cmocka_unit_test(test_call_to_action),
        cmocka_unit_test(test_discount_and_price),
        cmocka_unit_test(test_brand_praise),
        cmocka_unit_test(test_claim_and_selling),
        cmocka_unit_test(test_duplicate_and_new_account),
        cmocka_unit_test(test_words_are_the_posts_own_and_bounded),
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_titles_bodies_reasons),
        cmocka_unit_test(test_render_is_inert),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_eval_format_errors_name_the_line),
        cmocka_unit_test(test_heldout_figures_meet_the_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
