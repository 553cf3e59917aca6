/*
 * test_app_report_link.c - report links (app/report_link.c, the "link
 * holder" in app/policy.c, store "Report links"): a link opens its one
 * snapshot while live, with its passcode when it has one, and nothing else
 * of hers; an expired, revoked or made-up link is refused alike; wrong
 * passcodes lock the link and the address; every open and refusal is in her
 * trail; the PDF is sealed at rest; erasing her account takes the links.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/app.h"
#include "core/i18n.h"
#include "testdb.h"
#include "tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC */
#define DAY INT64_C(86400)
#define PDF "%PDF-1.7 her report, only hers"

struct fixture {
    char *dir;
    struct store *s;
    struct app_ctx ctx;
    int64_t ann, bea;
    struct principal her, other;
};

static void set_now(int64_t t)
{
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)t);
    setenv("PACE_TEST_NOW", v, 1);
}

static int64_t add_user(struct store *s, const char *email)
{
    int64_t id = 0;
    struct pace_error err = {0};
    if (store_user_insert(s, email, "x", ROLE_PATIENT, NOW - 30 * DAY, &id, &err))
        fail_msg("inserting %s: %s", email, err.msg);
    return id;
}

static int setup(void **state)
{
    i18n_set_lang(LANG_EN);
    set_now(NOW);
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0)
        return -1;
    f->ctx = (struct app_ctx){.store = f->s};
    f->ann = add_user(f->s, "ann@example.org");
    f->bea = add_user(f->s, "bea@example.org");
    f->her = app_person(f->ann, ROLE_PATIENT, VIA_COOKIE, 1);
    f->other = app_person(f->bea, ROLE_PATIENT, VIA_COOKIE, 2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    tmpdir_remove(f->dir);
    free(f);
    unsetenv("PACE_TEST_NOW");
    return 0;
}

static void make(struct fixture *f, bool passcode, int days, char token[CRYPTO_TOKEN_CHARS + 1],
                 struct report_link *l)
{
    struct app_link_new in = {.name = "R. K.", .days = days, .passcode = passcode};
    struct pace_error err = {0};
    if (app_report_link_create(&f->ctx, &f->her, f->ann, &in, PDF, strlen(PDF), NOW, token, l,
                               &err) != 0)
        fail_msg("%s", err.msg);
}

static int trail(struct fixture *f, bool allowed)
{
    struct audit_event *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct audit_query q = {.limit = 500};
    assert_int_equal(app_audit_list(&f->ctx, &f->her, f->ann, &q, &items, &n, next, NULL), 0);
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(items[i].resource, "report_links");
        assert_int_equal(items[i].actor_id, 0);
        k += items[i].allowed == allowed;
    }
    free(items);
    return k;
}

static int open_link(struct fixture *f, const char *token, const char *code, const char *addr,
                     int64_t now)
{
    struct report_link l;
    struct buf pdf = {0};
    struct pace_error err = {0};
    int rc = app_report_link_open(&f->ctx, token, code, addr, now, &l, &pdf, &err);
    if (rc == 0)
        assert_memory_equal(pdf.data, PDF, strlen(PDF));
    else
        assert_int_equal(pdf.len, 0);
    buf_free(&pdf);
    return rc;
}

static void a_link_opens_its_snapshot_while_live_and_each_open_is_in_her_trail(void **state)
{
    struct fixture *f = *state;
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct report_link l;
    make(f, false, 0, token, &l);
    assert_int_equal(l.expires_at, NOW + 14 * DAY); /* the default */
    assert_string_equal(l.passcode, "");
    assert_int_equal(open_link(f, token, NULL, "addr-1", NOW), 0);
    assert_int_equal(open_link(f, token, NULL, "addr-1", NOW + DAY), 0);
    assert_int_equal(trail(f, true), 2);
    /* The link holder reads the snapshot and nothing else of hers. */
    struct principal holder = {.via = VIA_LINK, .credential_id = l.id};
    assert_int_equal(app_relation_of(&f->ctx, &holder, f->ann), REL_LINK_HOLDER);
    assert_false(app_may(&f->ctx, &holder, f->ann, RES_SESSIONS, ACT_READ));
    assert_false(app_may(&f->ctx, &holder, f->ann, RES_REPORT, ACT_READ));
    assert_false(app_may(&f->ctx, &holder, f->ann, RES_REPORT_LINKS, ACT_DELETE));
    assert_true(app_may(&f->ctx, &holder, f->ann, RES_REPORT_LINKS, ACT_READ));
    /* ... and for her only: the same link names nobody else's data. */
    assert_int_equal(app_relation_of(&f->ctx, &holder, f->bea), REL_ANYONE);
    /* Expired: refused like a link that never was. */
    set_now(NOW + 14 * DAY);
    assert_int_equal(app_relation_of(&f->ctx, &holder, f->ann), REL_ANYONE);
    assert_int_equal(open_link(f, token, NULL, "addr-1", NOW + 14 * DAY), PACE_ENOTFOUND);
    char made_up[CRYPTO_TOKEN_CHARS + 1];
    memset(made_up, 'a', CRYPTO_TOKEN_CHARS);
    made_up[CRYPTO_TOKEN_CHARS] = '\0';
    struct report_link seen;
    struct pace_error e1 = {0}, e2 = {0};
    assert_int_equal(app_report_link_look(&f->ctx, made_up, "addr-2", NOW, &seen, &e1),
                     PACE_ENOTFOUND);
    assert_int_equal(app_report_link_look(&f->ctx, token, "addr-2", NOW + 15 * DAY, &seen, &e2),
                     PACE_ENOTFOUND);
    assert_string_equal(e1.msg, e2.msg);
}

static void a_passcode_is_needed_and_guessing_it_locks_the_link(void **state)
{
    struct fixture *f = *state;
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct report_link l;
    make(f, true, 3, token, &l);
    assert_int_equal(strlen(l.passcode), 6);
    assert_int_equal(strspn(l.passcode, "0123456789"), 6);
    assert_int_equal(l.expires_at, NOW + 3 * DAY);
    char right[8], wrong[8];
    snprintf(right, sizeof right, "%s", l.passcode);
    snprintf(wrong, sizeof wrong, "%s", strcmp(right, "000000") ? "000000" : "111111");
    assert_int_equal(open_link(f, token, NULL, "a", NOW), PACE_EDENIED);
    assert_int_equal(open_link(f, token, wrong, "b", NOW), PACE_EDENIED);
    assert_int_equal(open_link(f, token, right, "c", NOW), 0);
    for (int i = 0; i < APP_LINK_TRIES; i++)
        open_link(f, token, wrong, "d", NOW + 60);
    /* Locked for everyone, even with the right passcode, for a while. */
    assert_int_equal(open_link(f, token, right, "e", NOW + 120), PACE_ELOCKED);
    assert_int_equal(open_link(f, token, right, "e", NOW + 61 + APP_LINK_WINDOW), 0);
    assert_int_equal(trail(f, true), 2);
    assert_int_equal(trail(f, false), 2 + APP_LINK_TRIES);
    /* Her list never shows the passcode again. */
    struct report_link *items = NULL;
    size_t n = 0;
    assert_int_equal(app_report_links_list(&f->ctx, &f->her, f->ann, &items, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].passcode, "");
    assert_int_equal(items[0].opens, 2);
    free(items);
}

static void guessing_links_locks_the_address(void **state)
{
    struct fixture *f = *state;
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct report_link l;
    make(f, false, 0, token, &l);
    char guess[CRYPTO_TOKEN_CHARS + 1];
    for (int i = 0; i < APP_LINK_ADDR_TRIES; i++) {
        snprintf(guess, sizeof guess, "%043d", i);
        assert_int_equal(open_link(f, guess, NULL, "guesser", NOW), PACE_ENOTFOUND);
    }
    assert_int_equal(open_link(f, token, NULL, "guesser", NOW), PACE_ELOCKED);
    assert_int_equal(open_link(f, token, NULL, "someone-else", NOW), 0);
}

static void only_she_makes_lists_and_stops_her_links(void **state)
{
    struct fixture *f = *state;
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct report_link l;
    struct pace_error err = {0};
    struct app_link_new in = {.name = "x", .days = 91};
    assert_int_equal(app_report_link_create(&f->ctx, &f->her, f->ann, &in, PDF, strlen(PDF), NOW,
                                            token, &l, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "days");
    in.days = 1;
    assert_int_equal(app_report_link_create(&f->ctx, &f->other, f->ann, &in, PDF, strlen(PDF), NOW,
                                            token, &l, &err),
                     PACE_ENOTFOUND);
    make(f, false, 0, token, &l);
    assert_int_equal(app_report_link_revoke(&f->ctx, &f->other, f->ann, l.public_id, NOW, &err),
                     PACE_ENOTFOUND);
    assert_int_equal(app_report_link_revoke(&f->ctx, &f->other, f->bea, l.public_id, NOW, &err),
                     PACE_ENOTFOUND);
    assert_int_equal(open_link(f, token, NULL, "a", NOW), 0);
    assert_int_equal(app_report_link_revoke(&f->ctx, &f->her, f->ann, l.public_id, NOW, &err), 0);
    assert_int_equal(open_link(f, token, NULL, "a", NOW), PACE_ENOTFOUND);
}

static void the_pdf_is_sealed_at_rest_and_goes_with_her_account(void **state)
{
    struct fixture *f = *state;
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct report_link l;
    make(f, true, 0, token, &l);
    static const char *const cols[] = {"pdf_enc", "passcode_enc", "name_enc", "token_hash"};
    char token_start[11];
    memcpy(token_start, token, 10);
    token_start[10] = '\0';
    const char *needles[] = {"her report", l.passcode, "R. K.", token_start};
    for (int c = 0; c < 4; c++) {
        char *sql = xasprintf("SELECT count(*) FROM report_links WHERE length(%s) > 0", cols[c]);
        assert_int_equal(testdb_int(f->dir, sql), 1);
        free(sql);
        for (int i = 0; i < 4; i++)
            assert_int_equal(testdb_rows_holding(f->dir, "report_links", cols[c], needles[i]), 0);
    }
    struct pace_error err = {0};
    assert_int_equal(store_user_erase(f->s, f->ann, &err), 0);
    struct report_link *items = NULL;
    size_t n = 0;
    assert_int_equal(store_report_links_of(f->s, f->ann, &items, &n, &err), 0);
    assert_int_equal(n, 0);
    free(items);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_link_opens_its_snapshot_while_live_and_each_open_is_in_her_trail),
        T(a_passcode_is_needed_and_guessing_it_locks_the_link),
        T(guessing_links_locks_the_address),
        T(only_she_makes_lists_and_stops_her_links),
        T(the_pdf_is_sealed_at_rest_and_goes_with_her_account),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
