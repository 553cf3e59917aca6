/*
 * test_app_share.c - sharing with consent (app/share.c, the gate in
 * app/policy.c, store "Sharing"): an invitation becomes a grant only when
 * accepted, once, by someone else, in time; the grant shows exactly its
 * scopes; a change or a revocation holds at the next request; every access
 * by someone else, allowed or refused, is in her trail, whose chain breaks
 * where a row was edited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/app.h"
#include "core/i18n.h"
#include "store/clinic.h"
#include "testdb.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC */
#define DAY INT64_C(86400)

struct fixture {
    char *dir;
    struct store *s;
    struct app_ctx ctx;
    int64_t ann, bea, cem; /* her, her partner, a stranger */
    struct principal her, partner, stranger;
    char session[CRYPTO_UUID_CHARS + 1];
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
    if (testdb_open(f->dir, &f->s, &err) != 0) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    f->ctx = (struct app_ctx){.store = f->s};
    f->ann = add_user(f->s, "ann@example.org");
    f->bea = add_user(f->s, "bea@example.org");
    f->cem = add_user(f->s, "cem@example.org");
    f->her = app_person(f->ann, ROLE_PATIENT, VIA_COOKIE, 1);
    f->partner = app_person(f->bea, ROLE_PATIENT, VIA_COOKIE, 2);
    f->stranger = app_person(f->cem, ROLE_CLINICIAN, VIA_COOKIE, 3);
    struct practice p;
    practice_init(&p);
    p.started_at = NOW - DAY;
    p.outcome = OUTCOME_STOPPED;
    p.note = xstrdup("only for me");
    if (store_practice_insert(f->s, f->ann, &p, NOW, NULL, &err) != 0)
        return -1;
    snprintf(f->session, sizeof f->session, "%s", p.id);
    practice_clear(&p);
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

static int trail_count(struct fixture *f, bool allowed)
{
    struct audit_event *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct audit_query q = {.limit = 500};
    assert_int_equal(app_audit_list(&f->ctx, &f->her, f->ann, &q, &items, &n, next, NULL), 0);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += items[i].allowed == allowed;
    free(items);
    return k;
}

/* Ann invites Bea as her partner with scopes; returns the grant's id. */
static void invite_and_accept(struct fixture *f, unsigned scopes, struct grant *g)
{
    struct app_invite in = {.relation = GRANT_PARTNER, .scopes = scopes};
    snprintf(in.label, sizeof in.label, "Bea");
    snprintf(in.subject_name, sizeof in.subject_name, "Ann");
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct pace_error err = {0};
    assert_int_equal(app_invite_create(&f->ctx, &f->her, f->ann, &in, NOW, token, g, &err), 0);
    assert_int_equal(g->status, GRANT_INVITED);
    /* Before acceptance nothing is shared. */
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_SUMMARY, ACT_READ, NULL, NULL),
                     PACE_ENOTFOUND);
    struct grant got;
    assert_int_equal(app_invite_accept(&f->ctx, &f->partner, token, NOW + 60, &got, &err), 0);
    assert_int_equal(got.status, GRANT_ACTIVE);
    /* A second acceptance, by anyone, changes nothing. */
    pace_error_clear(&err);
    assert_int_equal(app_invite_accept(&f->ctx, &f->stranger, token, NOW + 61, &got, &err),
                     PACE_ENOTFOUND);
    assert_true(strstr(err.msg, "cannot be used") != NULL);
}

static void a_grant_shows_its_scopes_and_nothing_else(void **state)
{
    struct fixture *f = *state;
    struct grant g;
    invite_and_accept(f, SCOPE_SUMMARY | SCOPE_SESSIONS, &g);
    struct app_access a;
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_SUMMARY, ACT_READ, &a, NULL), 0);
    assert_int_equal(a.relation, REL_PARTNER);
    struct practice p;
    assert_int_equal(app_session_get(&f->ctx, &f->partner, f->ann, f->session, &p, NULL), 0);
    assert_null(p.note); /* sessions without notes */
    practice_clear(&p);
    assert_int_equal(app_session_get(&f->ctx, &f->her, f->ann, f->session, &p, NULL), 0);
    assert_string_equal(p.note, "only for me");
    practice_clear(&p);
    /* Not granted: looks like nothing at all. */
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_LADDER, ACT_READ, NULL, NULL),
                     PACE_ENOTFOUND);
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_KIT, ACT_READ, NULL, NULL),
                     PACE_ENOTFOUND);
    /* Seeing is not changing. */
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_SESSIONS, ACT_DELETE, NULL, NULL),
                     PACE_EDENIED);
    /* The stranger gets nothing, and the attempt is in her trail too. */
    int refused = trail_count(f, false);
    assert_int_equal(app_session_get(&f->ctx, &f->stranger, f->ann, f->session, &p, NULL),
                     PACE_ENOTFOUND);
    practice_clear(&p);
    assert_int_equal(trail_count(f, false), refused + 1);
    assert_true(trail_count(f, true) >= 3); /* acceptance, summary, session */
}

static void a_change_or_revocation_holds_at_the_next_request(void **state)
{
    struct fixture *f = *state;
    struct grant g;
    invite_and_accept(f, SCOPE_SUMMARY, &g);
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_PROGRESS, ACT_READ, NULL, NULL),
                     PACE_ENOTFOUND);
    assert_int_equal(app_grant_change(&f->ctx, &f->her, f->ann, g.public_id,
                                      SCOPE_SUMMARY | SCOPE_PROGRESS, -1, NOW + 100, NULL),
                     0);
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_PROGRESS, ACT_READ, NULL, NULL), 0);
    /* A partner is never given her plan to change. */
    struct pace_error err = {0};
    assert_int_equal(app_grant_change(&f->ctx, &f->her, f->ann, g.public_id, SCOPE_EDIT_PLAN, -1,
                                      NOW + 100, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "scopes");
    /* Only she can change or end it. */
    assert_int_equal(app_grant_revoke(&f->ctx, &f->partner, f->bea, g.public_id, NOW, NULL),
                     PACE_ENOTFOUND);
    assert_int_equal(app_grant_revoke(&f->ctx, &f->her, f->ann, g.public_id, NOW + 200, NULL), 0);
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_SUMMARY, ACT_READ, NULL, NULL),
                     PACE_ENOTFOUND);
    struct grant through;
    assert_int_equal(
        app_shared_subject(&f->ctx, &f->partner, g.public_id, NOW + 300, &through, NULL),
        PACE_ENOTFOUND);
}

static void an_end_date_ends_it(void **state)
{
    struct fixture *f = *state;
    struct grant g;
    invite_and_accept(f, SCOPE_SUMMARY, &g);
    assert_int_equal(app_grant_change(&f->ctx, &f->her, f->ann, g.public_id, SCOPE_SUMMARY,
                                      NOW + 10 * DAY, NOW + 100, NULL),
                     0);
    set_now(NOW + 10 * DAY - 1);
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_SUMMARY, ACT_READ, NULL, NULL), 0);
    set_now(NOW + 10 * DAY);
    assert_int_equal(app_gate(&f->ctx, &f->partner, f->ann, RES_SUMMARY, ACT_READ, NULL, NULL),
                     PACE_ENOTFOUND);
    set_now(NOW);
}

static void invitations_refuse_what_they_should(void **state)
{
    struct fixture *f = *state;
    struct app_invite in = {.relation = GRANT_CLINICIAN, .scopes = SCOPE_SUMMARY};
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct grant g, got;
    struct pace_error err = {0};
    assert_int_equal(app_invite_create(&f->ctx, &f->her, f->ann, &in, NOW, token, &g, &err), 0);
    assert_int_equal(g.end, NOW + APP_CLINICIAN_DAYS * DAY); /* a clinician's default */
    /* her own */
    assert_int_equal(app_invite_accept(&f->ctx, &f->her, token, NOW, &got, &err), PACE_EINVAL);
    /* nobody signed in */
    struct principal anon = {0};
    assert_int_equal(app_invite_accept(&f->ctx, &anon, token, NOW, &got, &err), PACE_EDENIED);
    /* after seven days */
    assert_int_equal(
        app_invite_accept(&f->ctx, &f->partner, token, NOW + APP_INVITE_DAYS * DAY, &got, &err),
        PACE_ENOTFOUND);
    /* a token that never existed reads the same */
    assert_int_equal(
        app_invite_open(&f->ctx, "0123456789abcdef0123456789abcdef0123456789a", NOW, &got, &err),
        PACE_ENOTFOUND);
    /* nothing to share, or a scope that is not a partner's */
    struct app_invite bad = {.relation = GRANT_PARTNER, .scopes = 0};
    assert_int_equal(app_invite_create(&f->ctx, &f->her, f->ann, &bad, NOW, token, &g, &err),
                     PACE_EINVAL);
    bad.scopes = SCOPE_PROPOSE;
    assert_int_equal(app_invite_create(&f->ctx, &f->her, f->ann, &bad, NOW, token, &g, &err),
                     PACE_EINVAL);
    /* only she invites for herself */
    assert_int_equal(app_invite_create(&f->ctx, &f->partner, f->ann, &in, NOW, token, &g, &err),
                     PACE_ENOTFOUND);
}

static void the_trail_is_a_chain_that_breaks_where_it_was_edited(void **state)
{
    struct fixture *f = *state;
    struct grant g;
    invite_and_accept(f, SCOPE_SUMMARY, &g);
    for (int i = 0; i < 5; i++)
        app_gate(&f->ctx, &f->partner, f->ann, RES_SUMMARY, ACT_READ, NULL, NULL);
    struct principal op = app_operator();
    int64_t bad = -1, checked = 0;
    assert_int_equal(app_audit_verify(&f->ctx, &op, &bad, &checked, NULL), 0);
    assert_int_equal(bad, 0);
    assert_true(checked >= 6);
    /* Only the operator checks every trail. */
    assert_int_equal(app_audit_verify(&f->ctx, &f->her, &bad, &checked, NULL), PACE_ENOTFOUND);
    /* Someone with the database file edits an entry. */
    assert_false(testdb_try(f->dir, "UPDATE audit_events SET allowed = 0 WHERE id = 3", NULL, 0));
    /* append-only */
    assert_true(testdb_try(f->dir,
                           testdb_pg() ? "DROP TRIGGER audit_events_append_only ON audit_events;"
                                         "UPDATE audit_events SET resource = 'kit' WHERE id = 3"
                                       : "DROP TRIGGER audit_events_append_only;"
                                         "UPDATE audit_events SET resource = 'kit' WHERE id = 3",
                           NULL, 0));
    assert_int_equal(app_audit_verify(&f->ctx, &op, &bad, &checked, NULL), 0);
    assert_int_equal(bad, 3);
}

/* Her trail read between two instants past 2038 (beyond a 32-bit integer),
 * on both engines. */
static void the_trail_is_read_by_period_after_2038(void **state)
{
    struct fixture *f = *state;
    const int64_t t = INT64_C(2200000000); /* 2039-09-18 */
    struct audit_event e[2] = {0};
    for (int i = 0; i < 2; i++) {
        e[i].subject_id = f->ann;
        e[i].at = t + i * 10 * 86400;
        e[i].allowed = true;
        snprintf(e[i].action, sizeof e[i].action, "read");
        snprintf(e[i].resource, sizeof e[i].resource, "sessions");
    }
    struct pace_error err = {0};
    assert_int_equal(store_audit_append_many(f->s, e, 2, &err), 0);
    struct audit_query q = {.from = t - 86400, .to = t + 86400, .limit = 10};
    struct audit_event *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    assert_int_equal(store_audit_list(f->s, f->ann, &q, &items, &n, next, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].at, t);
    free(items);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_grant_shows_its_scopes_and_nothing_else),
        T(a_change_or_revocation_holds_at_the_next_request),
        T(an_end_date_ends_it),
        T(invitations_refuse_what_they_should),
        T(the_trail_is_a_chain_that_breaks_where_it_was_edited),
        T(the_trail_is_read_by_period_after_2038),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
