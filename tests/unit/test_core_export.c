/*
 * test_core_export.c - her data as a whole in core (core/export.h): the
 * JSON document's shape, written compactly record by record, and its
 * strict reading back piece by piece with the path of the first problem;
 * the size bounds the import limit rests on. CSV and FHIR are in
 * test_core_fhir.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/export.h"
#include "core/i18n.h"
#include "export_sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct catalog *cat;

static int setup(void **state)
{
    (void)state;
    struct pace_error err = {0};
    if (catalog_load_builtin(&cat, &err) != 0 || plan_library_load_builtin(&lib, &err) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    catalog_free(cat);
    plan_library_free(lib);
    return 0;
}

static json_t *sample_json(void)
{
    struct export_doc d;
    sample(&d);
    json_t *j = export_to_json(&d, NOW);
    export_doc_free(&d);
    return j;
}

static void json_has_every_part(void **state)
{
    (void)state;
    json_t *j = sample_json();
    assert_string_equal(json_string_value(json_object_get(j, "format")), "pace-export");
    assert_int_equal(json_integer_value(json_object_get(j, "format_version")), 3);
    assert_string_equal(json_string_value(json_object_get(j, "exported_at")),
                        "2026-11-18T11:06:40Z");
    json_t *acct = json_object_get(j, "account");
    assert_string_equal(json_string_value(json_object_get(acct, "language")), "de");
    assert_string_equal(json_string_value(json_object_get(acct, "about")), "about me");
    assert_string_equal(json_string_value(json_object_get(acct, "pseudonym")),
                        "pace-0123456789abcdef0123456789abcdef");
    json_t *kit = json_object_get(j, "kit");
    assert_int_equal(json_array_size(json_object_get(kit, "items")), 2);
    json_t *c0 = json_array_get(json_object_get(kit, "custom_items"), 0);
    assert_string_equal(json_string_value(json_object_get(c0, "id")), "custom-7");
    assert_true(json_is_null(json_object_get(c0, "length_mm")));
    json_t *s0 = json_array_get(json_object_get(j, "sessions"), 0);
    assert_string_equal(json_string_value(json_object_get(s0, "id")),
                        "0a1b2c3d-0000-4000-8000-00000000000a");
    json_t *l0 = json_array_get(json_object_get(j, "ladder"), 0);
    assert_null(json_object_get(l0, "id")); /* row ids are not exported */
    json_t *rem = json_object_get(j, "reminders");
    assert_string_equal(json_string_value(json_object_get(rem, "time")), "19:05");
    assert_int_equal(json_array_size(json_object_get(rem, "days")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(rem, "days"), 1)), "thu");
    assert_string_equal(json_string_value(json_object_get(rem, "time_zone")), "Europe/Berlin");
    assert_non_null(json_object_get(json_object_get(j, "program"), "started_at"));
    json_t *g0 = json_array_get(json_object_get(j, "sharing"), 0);
    assert_string_equal(json_string_value(json_object_get(g0, "grantee")), "dr@example.org");
    assert_int_equal(json_array_size(json_object_get(g0, "scopes")), 2);
    json_t *audit = json_object_get(j, "audit");
    assert_int_equal(json_array_size(audit), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 0), "actor")),
                        "dr@example.org");
    assert_true(json_is_null(json_object_get(json_array_get(audit, 1), "actor")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(audit, 1), "actor_kind")),
                        "none");
    json_decref(j);
}

static void json_reads_back_the_same(void **state)
{
    (void)state;
    json_t *j = sample_json();
    struct export_doc d;
    struct pace_error err = {0};
    int rc = export_from_json(j, cat, lib, NOW, &d, &err);
    if (rc != 0)
        fail_msg("%s: %s", err.field, err.msg);
    json_t *again = export_to_json(&d, NOW);
    assert_true(json_equal(j, again));
    assert_int_equal(d.nsessions, 2);
    assert_string_equal(d.pseudonym, "pace-0123456789abcdef0123456789abcdef");
    assert_string_equal(d.sessions[0].note, "=1+1, \"quoted\"\nline");
    export_doc_free(&d);
    json_decref(again);
    json_decref(j);
}

/* Changes j at a path given as JSON Pointer-ish steps, then expects the
 * reader to fail naming field. */
static void expect_field(json_t *j, const char *field)
{
    struct export_doc d;
    struct pace_error err = {0};
    int rc = export_from_json(j, cat, lib, NOW, &d, &err);
    if (rc == 0)
        fail_msg("expected %s to be refused", field);
    assert_int_equal(rc, PACE_EINVAL);
    assert_string_equal(err.field, field);
    assert_true(strlen(err.msg) > 10);
    assert_int_equal(d.nsessions, 0); /* freed on failure */
    json_decref(j);
}

static json_t *session_n(json_t *j, size_t i)
{
    return json_array_get(json_object_get(j, "sessions"), i);
}

static void reading_names_the_first_problem(void **state)
{
    (void)state;
    json_t *j = sample_json();
    json_object_set_new(j, "format_version", json_integer(4));
    expect_field(j, "format_version");

    j = sample_json();
    json_object_set_new(j, "format_version", json_integer(0));
    expect_field(j, "format_version");

    /* The pseudonym came with version 2. */
    j = sample_json();
    json_object_set_new(j, "format_version", json_integer(1));
    json_object_del(j, "sharing");
    json_object_del(j, "audit");
    json_object_del(json_object_get(j, "reminders"), "time_zone");
    expect_field(j, "account.pseudonym");

    /* Her grants and trail came with version 3. */
    j = sample_json();
    json_object_set_new(j, "format_version", json_integer(2));
    expect_field(j, "sharing");

    j = sample_json();
    json_object_set_new(json_object_get(j, "reminders"), "time_zone", json_string("Nowhere/"));
    expect_field(j, "reminders.time_zone");

    j = sample_json();
    json_object_set_new(json_array_get(json_object_get(j, "audit"), 1), "actor",
                        json_string("x@example.org"));
    expect_field(j, "audit[1].actor");

    j = sample_json();
    json_object_set_new(json_array_get(json_object_get(j, "audit"), 0), "allowed",
                        json_string("yes"));
    expect_field(j, "audit[0].allowed");

    j = sample_json();
    json_object_set_new(json_array_get(json_object_get(j, "audit"), 0), "action",
                        json_string("peek"));
    expect_field(j, "audit[0].action");

    j = sample_json();
    json_object_set_new(json_array_get(json_object_get(j, "sharing"), 0), "status",
                        json_string("forever"));
    expect_field(j, "sharing[0].status");

    j = sample_json();
    json_object_set_new(json_array_get(json_object_get(j, "sharing"), 0), "id",
                        json_string("not-a-uuid"));
    expect_field(j, "sharing[0].id");

    j = sample_json();
    json_object_set_new(json_array_get(json_object_get(j, "sharing"), 0), "surprise", json_true());
    expect_field(j, "sharing[0].surprise");

    j = sample_json();
    json_object_set_new(json_object_get(j, "account"), "pseudonym",
                        json_string("pace-0123456789ABCDEF0123456789abcdef"));
    expect_field(j, "account.pseudonym");

    j = sample_json();
    json_object_set_new(j, "format_version", json_string("1"));
    expect_field(j, "format_version");

    j = sample_json();
    json_object_set_new(j, "surprise", json_true());
    expect_field(j, "surprise");

    j = sample_json();
    json_object_set_new(json_object_get(session_n(j, 0), "after"), "pain", json_integer(11));
    expect_field(j, "sessions[0].after.pain");

    j = sample_json();
    json_object_set_new(session_n(j, 0), "dilator_id", json_string("custom-99"));
    expect_field(j, "sessions[0].dilator_id");

    j = sample_json();
    json_object_set_new(session_n(j, 0), "diameter_mm", json_real(40));
    expect_field(j, "sessions[0].diameter_mm");

    j = sample_json();
    json_object_set_new(session_n(j, 1), "id", json_string("0a1b2c3d-0000-4000-8000-00000000000a"));
    expect_field(j, "sessions[1].id");

    j = sample_json();
    json_object_set_new(session_n(j, 1), "extra", json_integer(1));
    expect_field(j, "sessions[1].extra");

    j = sample_json();
    json_array_append_new(json_object_get(json_object_get(j, "kit"), "items"),
                          json_string("fms-999"));
    expect_field(j, "kit.items[2]");

    j = sample_json();
    json_object_set_new(
        json_array_get(json_object_get(json_object_get(j, "kit"), "custom_items"), 0),
        "diameter_mm", json_integer(0));
    expect_field(j, "kit.custom_items[0].diameter_mm");

    j = sample_json();
    json_object_set_new(
        json_object_get(json_object_get(json_array_get(json_object_get(j, "ladder"), 0), "items"),
                        "finger"),
        "anxiety", json_integer(12));
    expect_field(j, "ladder[0].items.finger.anxiety");

    j = sample_json();
    json_object_set_new(json_object_get(j, "program"), "program", json_string("nope"));
    expect_field(j, "program.program");

    j = sample_json();
    json_object_set_new(json_object_get(j, "reminders"), "time", json_string("7pm"));
    expect_field(j, "reminders.time");

    j = sample_json();
    json_object_set_new(json_object_get(j, "account"), "created_at", json_integer(5));
    expect_field(j, "account.created_at");

    j = sample_json();
    json_object_set_new(j, "sessions", json_string("none"));
    expect_field(j, "sessions");

    j = json_array();
    expect_field(j, "");
}

/* ---- writing compactly, and the size bounds ---- */

static void written_compactly_as_the_tree_is(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    struct buf b = {0};
    export_write(&d, NOW, &b);
    json_t *j = export_to_json(&d, NOW);
    char *tree = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    /* One line: the tree's compact form and a newline, nothing indented. */
    assert_int_equal(b.len, strlen(tree) + 1);
    assert_memory_equal(b.data, tree, strlen(tree));
    assert_int_equal(b.data[b.len - 1], '\n');
    assert_null(memchr(b.data, '\n', b.len - 1));
    free(tree);
    json_decref(j);
    buf_free(&b);
    export_doc_free(&d);
}

/* A string of n copies of a four-byte character (the most bytes one
 * character takes). */
static char *widest(size_t n)
{
    char *s = xmalloc(4 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 4 * i, "\xF0\x9F\x8C\xBF", 4);
    s[4 * n] = '\0';
    return s;
}

/* How many bytes adding one more record of a kind adds to the written
 * document, compact and indented as earlier versions wrote it. */
static void grown(struct export_doc *d, size_t *compact, size_t *indented)
{
    json_t *j = export_to_json(d, NOW);
    char *c = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *i = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    *compact = strlen(c);
    *indented = strlen(i);
    free(c);
    free(i);
    json_decref(j);
}

static void a_record_at_every_limit_fits_its_bound(void **state)
{
    (void)state;
    struct export_doc d;
    export_doc_init(&d);
    size_t c0, i0, c1, i1;
    grown(&d, &c0, &i0);
    /* The largest session there can be. */
    d.sessions = xcalloc(1, sizeof *d.sessions);
    d.nsessions = 1;
    struct practice *p = &d.sessions[0];
    practice_init(p);
    snprintf(p->id, sizeof p->id, "0a1b2c3d-0000-4000-8000-00000000000a");
    p->started_at = NOW;
    p->duration_s = PRACTICE_MAX_DURATION_S;
    memset(p->dilator_id, 'x', PRACTICE_DILATOR_ID_MAX);
    p->diameter_mm = 33.300000000000004;
    p->with_partner = true;
    p->exercises = (1u << EXERCISE_COUNT) - 1;
    p->helped = (1u << HELPED_COUNT) - 1;
    p->safety = (1u << SAFETY_COUNT) - 1;
    p->before = p->after = (struct scores){.set = true, .fear = 10, .tension = 10, .pain = 10};
    p->max_pain = 10;
    p->felt_safe = 0;
    p->outcome = OUTCOME_NOT_TODAY;
    p->temperature = TEMP_COUNT - 1;
    p->lubricant = LUBE_COUNT - 1;
    p->nspasms = PRACTICE_MAX_SPASMS;
    for (size_t i = 0; i < PRACTICE_MAX_SPASMS; i++)
        p->spasms[i] = (struct spasm){PRACTICE_MAX_DURATION_S, PRACTICE_MAX_SPASM_S};
    p->note = widest(PRACTICE_NOTE_MAX);
    grown(&d, &c1, &i1);
    assert_true(c1 - c0 <= EXPORT_SESSION_BYTES);
    assert_true(c1 - c0 > EXPORT_SESSION_BYTES * 9 / 10); /* the bound is close, not vague */
    assert_true(i1 - i0 <= EXPORT_PART_BYTES);
    /* The largest ladder entry. */
    d.ladder = xcalloc(1, sizeof *d.ladder);
    d.nladder = 1;
    ladder_entry_init(&d.ladder[0]);
    d.ladder[0].taken_at = NOW;
    for (int i = 0; i < LADDER_COUNT; i++)
        d.ladder[0].a[i] = (struct ladder_answer){.anxiety = 10, .pain = 10, .not_tried = false};
    grown(&d, &c0, &i0);
    assert_true(c0 - c1 <= EXPORT_LADDER_BYTES);
    assert_true(i0 - i1 <= EXPORT_PART_BYTES);
    export_doc_free(&d);

    /* Everything else at its cap: every own item, kit entry and goal,
     * the longest note, email and titles. */
    export_doc_init(&d);
    memset(d.email, 'e', ACCOUNT_EMAIL_MAX);
    d.lang = LANG_DE;
    d.created_at = NOW;
    d.about = widest(ACCOUNT_NOTE_MAX);
    snprintf(d.pseudonym, sizeof d.pseudonym, "pace-0123456789abcdef0123456789abcdef");
    d.customs = xcalloc(CUSTOM_MAX_ITEMS, sizeof *d.customs);
    d.ncustom = CUSTOM_MAX_ITEMS;
    for (size_t i = 0; i < CUSTOM_MAX_ITEMS; i++) {
        d.customs[i] = (struct custom_item){.id = INT64_MAX - (int64_t)i,
                                            .kind = KIND_DILATOR,
                                            .diameter_mm = 33.300000000000004,
                                            .length_mm = 133.30000000000001,
                                            .material = MATERIAL_SILICONE,
                                            .created_at = NOW};
        char *label = widest(CUSTOM_LABEL_MAX);
        snprintf(d.customs[i].label, sizeof d.customs[i].label, "%s", label);
        free(label);
    }
    d.kit = xcalloc(KIT_MAX_ITEMS, sizeof *d.kit);
    d.nkit = KIT_MAX_ITEMS;
    for (size_t i = 0; i < KIT_MAX_ITEMS; i++)
        memset(d.kit[i].s, 'k', CATALOG_ID_MAX - 1);
    d.has_program = true;
    plan_choice_default(lib, NOW, &d.program);
    d.goals = xcalloc(PLAN_MAX_GOALS, sizeof *d.goals);
    d.ngoals = PLAN_MAX_GOALS;
    for (size_t i = 0; i < PLAN_MAX_GOALS; i++) {
        struct plan_goal *g = &d.goals[i];
        g->id = INT64_MAX;
        snprintf(g->goal_id, sizeof g->goal_id, PLAN_CUSTOM_GOAL);
        char *label = widest(PLAN_GOAL_LABEL_MAX);
        snprintf(g->label, sizeof g->label, "%s", label);
        free(label);
        g->min_mm = g->max_mm = 33.300000000000004;
        g->chosen_at = g->achieved_at = NOW;
    }
    d.has_reminder = true;
    d.reminder.days = REMINDER_ALL_DAYS;
    char *title = widest(REMINDER_TITLE_MAX);
    snprintf(d.reminder.title, sizeof d.reminder.title, "%s", title);
    free(title);
    grown(&d, &c0, &i0);
    assert_true(c0 <= EXPORT_REST_BYTES);
    export_doc_free(&d);
    /* The import limits follow from these. */
    assert_true(EXPORT_MAX_BYTES >= (size_t)EXPORT_MAX_SESSIONS * EXPORT_SESSION_BYTES);
}

/* ---- reading piece by piece ---- */

static int read_text(const char *text, struct export_doc *d, struct pace_error *err)
{
    memset(err, 0, sizeof *err);
    return export_read(text, strlen(text), cat, lib, NOW, d, err);
}

static char *sample_text(size_t flags)
{
    json_t *j = sample_json();
    char *text = json_dumps(j, flags | JSON_PRESERVE_ORDER);
    json_decref(j);
    return text;
}

static void members_may_come_in_any_order_and_indented(void **state)
{
    (void)state;
    /* Sessions (which name her own item) before the kit that holds it,
     * and the header last, indented as earlier versions wrote files. */
    json_t *j = sample_json();
    json_t *turned = json_object();
    static const char *const order[] = {"audit",     "sharing",     "sessions",       "ladder",
                                        "reminders", "kit",         "goals",          "program",
                                        "account",   "exported_at", "format_version", "format"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        json_object_set(turned, order[i], json_object_get(j, order[i]));
    char *text = json_dumps(turned, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    struct export_doc d;
    struct pace_error err;
    if (read_text(text, &d, &err) != 0)
        fail_msg("%s: %s", err.field, err.msg);
    json_t *again = export_to_json(&d, NOW);
    assert_true(json_equal(j, again));
    json_decref(again);
    export_doc_free(&d);
    free(text);
    json_decref(turned);
    json_decref(j);
}

/* Reading text fails with a JSON message that names line and column. */
static void expect_not_json(const char *text, const char *where)
{
    struct export_doc d;
    struct pace_error err;
    if (read_text(text, &d, &err) == 0)
        fail_msg("expected to be refused: %s", text);
    assert_string_equal(err.field, "");
    assert_true(str_starts(err.msg, "The file is not valid JSON"));
    if (strstr(err.msg, where) == NULL)
        fail_msg("'%s' does not say %s", err.msg, where);
}

static void json_errors_name_line_and_column(void **state)
{
    (void)state;
    char *text = sample_text(JSON_INDENT(2));
    /* Cut off in the middle. */
    char *cut = xstrndup(text, strlen(text) / 2);
    expect_not_json(cut, "ends too early");
    free(cut);
    /* Something after the object. */
    char *more = xasprintf("%s\n x", text);
    expect_not_json(more, "end of file expected");
    free(more);
    /* A top-level key twice. */
    char *twice = xasprintf("{\"format\":\"pace-export\",\n\"format\":\"pace-export\"}");
    expect_not_json(twice, "duplicate object key (line 2, column 1)");
    free(twice);
    /* A broken entry deep in the sessions: its own line and column. */
    char *sessions = strstr(text, "\"sessions\"");
    char *broken = xstrdup(text);
    char *at = broken + (sessions - text);
    char *pain = strstr(at, "\"pain\": 0");
    assert_non_null(pain);
    pain[8] = '}'; /* "pain": } */
    int line = 1, column = 1;
    for (char *c = broken; c < pain + 8; c++) {
        if (*c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    char where[64];
    snprintf(where, sizeof where, "(line %d, column %d)", line, column);
    expect_not_json(broken, where);
    free(broken);
    /* Brackets that do not match, inside and around a list. */
    expect_not_json("{\"format\":\"pace-export\",\"sessions\":[{\"a\":1]}]}", "line 1");
    expect_not_json("{\"format\":\"pace-export\",\"format_version\":2,\"sessions\":[1,2}}",
                    "expected");
    expect_not_json("{\"format\":\"pace-export\",\"ladder\":[,]}", "a value expected");
    expect_not_json("{\"format\":\"pace-export\",\"ladder\":[{},]}", "a value expected");
    expect_not_json("", "nothing in it");
    expect_not_json("%PDF-1.4", "(line 1, column 1)");
    free(text);
}

static void lists_longer_than_a_person_keeps_are_refused(void **state)
{
    (void)state;
    json_t *j = sample_json();
    json_t *ladder = json_object_get(j, "ladder");
    json_t *one = json_array_get(ladder, 0);
    for (size_t i = 1; i <= EXPORT_MAX_LADDER; i++)
        json_array_append(ladder, one);
    expect_field(j, "ladder");

    /* One part larger than any Pace writes. */
    j = sample_json();
    char *huge = xmalloc(EXPORT_PART_BYTES + 2);
    memset(huge, 'a', EXPORT_PART_BYTES + 1);
    huge[EXPORT_PART_BYTES + 1] = '\0';
    json_object_set_new(json_object_get(j, "account"), "about", json_string(huge));
    free(huge);
    expect_field(j, "account");
}

static void a_version_1_file_still_reads(void **state)
{
    (void)state;
    json_t *j = sample_json();
    json_object_set_new(j, "format_version", json_integer(1));
    json_object_del(json_object_get(j, "account"), "pseudonym");
    json_object_del(j, "sharing");
    json_object_del(j, "audit");
    json_object_del(json_object_get(j, "reminders"), "time_zone");
    struct export_doc d;
    struct pace_error err = {0};
    if (export_from_json(j, cat, lib, NOW, &d, &err) != 0)
        fail_msg("%s: %s", err.field, err.msg);
    assert_string_equal(d.pseudonym, "");
    assert_int_equal(d.nsessions, 2);
    export_doc_free(&d);
    json_decref(j);
}

static void equal_answers_have_equal_keys_and_only_they(void **state)
{
    (void)state;
    /* Every answer one item can have, against every other. */
    struct ladder_entry a, b;
    for (int i = 0; i < 288; i++) {
        for (int k = 0; k < 288; k++) {
            ladder_entry_init(&a);
            ladder_entry_init(&b);
            a.a[LADDER_DILATOR] = (struct ladder_answer){i / 24 - 1, i / 2 % 12 - 1, i % 2};
            b.a[LADDER_DILATOR] = (struct ladder_answer){k / 24 - 1, k / 2 % 12 - 1, k % 2};
            assert_true((export_ladder_key(&a) == export_ladder_key(&b)) == (i == k));
        }
    }
    /* The same answers on another item differ. */
    ladder_entry_init(&a);
    ladder_entry_init(&b);
    a.a[LADDER_TAMPON].anxiety = 3;
    b.a[LADDER_FINGER].anxiety = 3;
    assert_true(export_ladder_key(&a) != export_ladder_key(&b));
}

static void uuids_are_checked(void **state)
{
    (void)state;
    assert_true(export_uuid_valid("0a1b2c3d-0000-4000-8000-00000000000A"));
    assert_false(export_uuid_valid("0a1b2c3d-0000-4000-8000-00000000000"));
    assert_false(export_uuid_valid("0a1b2c3d00000-4000-8000-00000000000a"));
    assert_false(export_uuid_valid("0a1b2c3d-0000-4000-8000-00000000000g"));
    assert_false(export_uuid_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_has_every_part),
        cmocka_unit_test(json_reads_back_the_same),
        cmocka_unit_test(reading_names_the_first_problem),
        cmocka_unit_test(written_compactly_as_the_tree_is),
        cmocka_unit_test(a_record_at_every_limit_fits_its_bound),
        cmocka_unit_test(members_may_come_in_any_order_and_indented),
        cmocka_unit_test(json_errors_name_line_and_column),
        cmocka_unit_test(lists_longer_than_a_person_keeps_are_refused),
        cmocka_unit_test(a_version_1_file_still_reads),
        cmocka_unit_test(equal_answers_have_equal_keys_and_only_they),
        cmocka_unit_test(uuids_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
