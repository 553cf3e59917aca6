/*
 * test_app_clinic.c - the clinician's workspace as use cases (app/clinic.c
 * through the gate in app/policy.c): a clinician writes exam notes and
 * feedback through a grant in force and reads back only their own; a
 * proposal needs "propose" and waits for her, an edit needs "edit_plan"
 * and is her plan at once; her answer is hers alone and only once; her
 * intake is read with its scope and sealed at rest; the caseload lists
 * what needs attention first; every look by a clinician is in her trail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/clinic.h"
#include "core/i18n.h"
#include "testdb.h"
#include "tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW INT64_C(1796223600) /* Wed 2026-12-02 15:00 UTC */
#define DAY INT64_C(86400)

struct fixture {
    char *dir;
    struct store *s;
    struct catalog *cat;
    struct plan_library *lib;
    struct app_ctx ctx;
    int64_t ann, bea, dee; /* two patients, a clinician */
    struct principal her, other, clin;
};

static void set_now(int64_t t)
{
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)t);
    setenv("PACE_TEST_NOW", v, 1);
}

static int setup(void **state)
{
    i18n_set_lang(LANG_EN);
    set_now(NOW);
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0 || catalog_load_builtin(&f->cat, &err) != 0 ||
        plan_library_load_builtin(&f->lib, &err) != 0 ||
        store_user_insert(f->s, "ann@example.org", "x", ROLE_PATIENT, NOW - 60 * DAY, &f->ann,
                          &err) ||
        store_user_insert(f->s, "bea@example.org", "x", ROLE_PATIENT, NOW - 60 * DAY, &f->bea,
                          &err) ||
        store_user_insert(f->s, "dee@example.org", "x", ROLE_CLINICIAN, NOW - 60 * DAY, &f->dee,
                          &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    f->ctx = (struct app_ctx){.store = f->s, .catalog = f->cat, .plans = f->lib};
    f->her = app_person(f->ann, ROLE_PATIENT, VIA_COOKIE, 1);
    f->other = app_person(f->bea, ROLE_PATIENT, VIA_COOKIE, 2);
    f->clin = app_person(f->dee, ROLE_CLINICIAN, VIA_COOKIE, 3);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    catalog_free(f->cat);
    plan_library_free(f->lib);
    tmpdir_remove(f->dir);
    free(f);
    unsetenv("PACE_TEST_NOW");
    return 0;
}

/* subject shares scopes with the clinician (end 0: the default 90 days). */
static void share(struct fixture *f, int64_t subject, const char *name, unsigned scopes,
                  int64_t end, struct grant *g)
{
    struct principal p = app_person(subject, ROLE_PATIENT, VIA_COOKIE, 9);
    struct app_invite in = {.relation = GRANT_CLINICIAN, .scopes = scopes, .end = end};
    snprintf(in.subject_name, sizeof in.subject_name, "%s", name);
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct pace_error err = {0};
    assert_int_equal(app_invite_create(&f->ctx, &p, subject, &in, NOW, token, g, &err), 0);
    assert_int_equal(app_invite_accept(&f->ctx, &f->clin, token, NOW, g, &err), 0);
}

static int trail(struct fixture *f, int64_t subject, bool allowed)
{
    struct principal p = app_person(subject, ROLE_PATIENT, VIA_COOKIE, 9);
    struct audit_event *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct audit_query q = {.limit = 500};
    assert_int_equal(app_audit_list(&f->ctx, &p, subject, &q, &items, &n, next, NULL), 0);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += items[i].allowed == allowed && items[i].actor_id == f->dee;
    free(items);
    return k;
}

static void exam_notes_need_a_grant_and_are_read_back_by_their_author(void **state)
{
    struct fixture *f = *state;
    struct exam_note n;
    clinic_exam_init(&n);
    snprintf(n.date, sizeof n.date, "2026-12-01");
    n.grade = 2;
    n.findings = xstrdup("high tone");
    n.patient_note = xstrdup("You did well.");
    struct pace_error err = {0};
    /* without a grant: as if she did not exist, and in her trail */
    assert_int_equal(app_exam_add(&f->ctx, &f->clin, f->ann, &n, NOW, 0, &err), PACE_ENOTFOUND);
    assert_int_equal(trail(f, f->ann, false), 1);
    struct grant g;
    share(f, f->ann, "Ann", SCOPE_SUMMARY, 0, &g);
    assert_int_equal(app_exam_add(&f->ctx, &f->clin, f->ann, &n, NOW, 0, &err), 0);
    clinic_exam_clear(&n);
    struct exam_note *items = NULL;
    size_t k = 0;
    assert_int_equal(app_exam_list(&f->ctx, &f->her, f->ann, &items, &k, &err), 0);
    assert_int_equal(k, 1);
    assert_string_equal(items[0].findings, "high tone");
    assert_string_equal(items[0].author_email, "dee@example.org");
    app_exams_free(items, k);
    /* another patient reads nothing of hers */
    assert_int_equal(app_exam_list(&f->ctx, &f->other, f->ann, &items, &k, &err), PACE_ENOTFOUND);
    assert_true(trail(f, f->ann, true) >= 1);
    /* revoked: nothing */
    assert_int_equal(app_grant_revoke(&f->ctx, &f->her, f->ann, g.public_id, NOW, &err), 0);
    assert_int_equal(app_exam_list(&f->ctx, &f->clin, f->ann, &items, &k, &err), PACE_ENOTFOUND);
}

static void a_proposal_waits_for_her_and_an_edit_needs_its_scope(void **state)
{
    struct fixture *f = *state;
    struct grant g;
    share(f, f->ann, "Ann", SCOPE_SUMMARY | SCOPE_PROPOSE, 0, &g);
    struct plan_change ch;
    memset(&ch, 0, sizeof ch);
    ch.set[P_MINUTES] = true;
    ch.v[P_MINUTES] = 25;
    snprintf(ch.reason, sizeof ch.reason, "longer");
    struct pace_error err = {0};
    assert_int_equal(app_change_add(&f->ctx, &f->clin, f->ann, &ch, NOW, &err), 0);
    assert_int_equal(ch.status, CHANGE_OPEN);
    struct plan_choice c;
    bool chosen;
    assert_int_equal(app_program_get(&f->ctx, &f->her, f->ann, &c, &chosen, &err), 0);
    assert_false(chosen); /* nothing changed before her answer */
    /* an edit without "edit_plan": refused, nothing changed */
    struct plan_change ed = ch;
    ed.kind = CHANGE_EDIT;
    int rc = app_change_add(&f->ctx, &f->clin, f->ann, &ed, NOW, &err);
    if (rc != PACE_ENOTFOUND)
        fail_msg("an edit without its scope: %d %s", rc, err.msg);
    /* only she answers, once (the clinician may read it, so: not allowed) */
    assert_int_equal(app_change_decide(&f->ctx, &f->clin, f->ann, ch.public_id, true, NOW, &err),
                     PACE_EDENIED);
    assert_int_equal(app_change_decide(&f->ctx, &f->her, f->ann, ch.public_id, true, NOW, &err), 0);
    assert_int_equal(app_program_get(&f->ctx, &f->her, f->ann, &c, &chosen, &err), 0);
    assert_true(chosen && c.set[P_MINUTES] && c.v[P_MINUTES] == 25);
    assert_int_equal(app_change_decide(&f->ctx, &f->her, f->ann, ch.public_id, false, NOW, &err),
                     PACE_ENOTFOUND);
    /* with "edit_plan" the change is hers at once, and she is told once */
    assert_int_equal(app_grant_change(&f->ctx, &f->her, f->ann, g.public_id,
                                      SCOPE_SUMMARY | SCOPE_EDIT_PLAN, g.end, NOW, &err),
                     0);
    ed.v[P_MINUTES] = 20;
    assert_int_equal(app_change_add(&f->ctx, &f->clin, f->ann, &ed, NOW, &err), 0);
    assert_int_equal(app_program_get(&f->ctx, &f->her, f->ann, &c, &chosen, &err), 0);
    assert_int_equal(c.v[P_MINUTES], 20);
    assert_int_equal(c.updated_by, f->dee);
    struct plan_change *items = NULL;
    size_t n = 0;
    assert_int_equal(app_change_unseen(&f->ctx, &f->her, f->ann, &items, &n, &err), 0);
    assert_int_equal(n, 1);
    free(items);
    assert_int_equal(app_change_seen(&f->ctx, &f->her, f->ann, NOW, &err), 0);
    assert_int_equal(app_change_unseen(&f->ctx, &f->her, f->ann, &items, &n, &err), 0);
    assert_int_equal(n, 0);
    free(items);
}

static void her_intake_is_read_with_its_scope_and_sealed(void **state)
{
    struct fixture *f = *state;
    struct intake in;
    memset(&in, 0, sizeof in);
    in.checked = CHECKED_NO;
    snprintf(in.goals, sizeof in.goals, "quiet-goal-words");
    struct pace_error err = {0};
    assert_int_equal(app_intake_save(&f->ctx, &f->her, f->ann, &in, NOW, &err), 0);
    /* the suggestion, once */
    assert_true(app_intake_suggest_once(&f->ctx, &f->her, f->ann, NOW));
    assert_false(app_intake_suggest_once(&f->ctx, &f->her, f->ann, NOW));
    struct grant g;
    share(f, f->ann, "Ann", SCOPE_SUMMARY, 0, &g);
    struct intake got;
    assert_int_equal(app_intake_get(&f->ctx, &f->clin, f->ann, &got, &err), PACE_ENOTFOUND);
    assert_int_equal(app_grant_change(&f->ctx, &f->her, f->ann, g.public_id,
                                      SCOPE_SUMMARY | SCOPE_INTAKE, g.end, NOW, &err),
                     0);
    assert_int_equal(app_intake_get(&f->ctx, &f->clin, f->ann, &got, &err), 0);
    assert_string_equal(got.goals, "quiet-goal-words");
    /* a clinician cannot change it */
    assert_int_equal(app_intake_save(&f->ctx, &f->clin, f->ann, &in, NOW, &err), PACE_EDENIED);
    /* sealed at rest */
    assert_int_equal(testdb_int(f->dir, "SELECT count(*) FROM intake"), 1);
    assert_int_equal(testdb_rows_holding(f->dir, "intake", "answers_enc", "quiet-goal-words"), 0);
    if (!testdb_pg()) { /* and not in SQLite's file either */
        char path[512];
        snprintf(path, sizeof path, "%s/pace.db", f->dir);
        store_close(f->s);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        static char buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, fp);
        fclose(fp);
        assert_null(memmem(buf, len, "quiet-goal-words", 16));
        struct pace_error e2 = {0};
        assert_int_equal(testdb_open(f->dir, &f->s, &e2), 0);
    }
}

static void the_caseload_lists_what_needs_attention_first(void **state)
{
    struct fixture *f = *state;
    struct grant g1, g2;
    share(f, f->ann, "Ann", SCOPE_SUMMARY | SCOPE_SESSIONS, 0, &g1);
    share(f, f->bea, "Bea", SCOPE_SUMMARY | SCOPE_SESSIONS, NOW + 3 * DAY, &g2);
    struct practice p;
    practice_init(&p);
    p.started_at = NOW - DAY;
    p.duration_s = 600;
    p.outcome = OUTCOME_STOPPED;
    p.after = (struct scores){true, 3, 3, 9};
    struct pace_error err = {0};
    assert_int_equal(store_practice_insert(f->s, f->ann, &p, NOW, NULL, &err), 0);
    practice_clear(&p);
    struct caseload_row *rows = NULL;
    size_t n = 0;
    int before = trail(f, f->ann, true);
    assert_int_equal(app_caseload(&f->ctx, &f->clin, NOW, NULL, &rows, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "Ann"); /* pain 9 before a grant ending soon */
    assert_true(rows[0].flags & FLAG_SEVERE_PAIN);
    assert_true(rows[1].flags & FLAG_ENDING);
    assert_true(rows[1].flags & FLAG_IDLE);
    free(rows);
    assert_true(trail(f, f->ann, true) > before);
    /* revoked: she is gone from the list */
    assert_int_equal(app_grant_revoke(&f->ctx, &f->her, f->ann, g1.public_id, NOW, &err), 0);
    assert_int_equal(app_caseload(&f->ctx, &f->clin, NOW, NULL, &rows, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "Bea");
    free(rows);
}

static void only_the_operator_or_an_admin_verifies(void **state)
{
    struct fixture *f = *state;
    struct pace_error err = {0};
    assert_int_equal(app_clinician_verify(&f->ctx, &f->clin, f->dee, true, NOW, &err),
                     PACE_ENOTFOUND);
    struct principal op = app_operator();
    assert_int_equal(app_clinician_verify(&f->ctx, &op, f->ann, true, NOW, &err), PACE_ENOTFOUND);
    assert_int_equal(app_clinician_verify(&f->ctx, &op, f->dee, true, NOW, &err), 0);
    assert_int_equal(app_clinician_verified_at(&f->ctx, f->dee), NOW);
    struct principal admin = app_person(f->bea, ROLE_ADMIN, VIA_COOKIE, 7);
    assert_int_equal(app_clinician_verify(&f->ctx, &admin, f->dee, false, NOW, &err), 0);
    assert_int_equal(app_clinician_verified_at(&f->ctx, f->dee), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(exam_notes_need_a_grant_and_are_read_back_by_their_author,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_proposal_waits_for_her_and_an_edit_needs_its_scope, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(her_intake_is_read_with_its_scope_and_sealed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_caseload_lists_what_needs_attention_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(only_the_operator_or_an_admin_verifies, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
