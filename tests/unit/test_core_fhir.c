/*
 * test_core_fhir.c - her sessions as CSV and her data as FHIR (core/export.h):
 * CSV quoting, a byte order mark for spreadsheet programs, and a formula
 * guard that can always be undone; the FHIR mapping (sessions, scores,
 * spasms, the comfort ladder and its Questionnaire) with ids, fullUrls,
 * identifiers and references a receiver can merge on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "export_sample.h"

#include <stdlib.h>
#include <string.h>

static int setup(void **state)
{
    (void)state;
    struct pace_error err = {0};
    return plan_library_load_builtin(&lib, &err) != 0 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    plan_library_free(lib);
    return 0;
}

static void csv_cells_are_quoted_and_guarded(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"=SUM(A1)", "\"'=SUM(A1)\""},
        {"+1", "\"'+1\""},
        {"-2", "\"'-2\""},
        {"@cmd", "\"'@cmd\""},
        {"\tx", "\"'\tx\""},
        {"a=b", "a=b"},
        /* An apostrophe is guarded too, so the guard can be undone. */
        {"'=1+1", "\"''=1+1\""},
        {"'", "\"''\""},
        {"'plain", "\"''plain\""},
        {"it's", "it's"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b = {0};
        csv_cell(&b, cases[i].in);
        assert_string_equal(b.data ? b.data : "", cases[i].out);
        buf_free(&b);
    }
}

static void csv_has_a_header_and_a_row_per_session(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    struct buf b = {0};
    csv_sessions(d.sessions, d.nsessions, false, &b);
    assert_true(str_starts(b.data, "id,started_at,duration_s,dilator_id,"));
    assert_non_null(strstr(b.data, ",note\r\n0a1b2c3d-0000-4000-8000-00000000000a,"));
    assert_non_null(strstr(b.data, ",\"'=1+1, \"\"quoted\"\"\nline\"\r\n"));
    assert_non_null(strstr(b.data, ",4,5,3,1,2,0,"));
    assert_non_null(strstr(b.data, ",not_today,"));
    assert_true(str_starts(strstr(b.data, "bleeding"), "bleeding,\r\n"));
    buf_free(&b);
    export_doc_free(&d);
}

/* ---- CSV ---- */

/* What a reader does to undo the guard: one leading apostrophe off. */
static const char *unguard(const char *cell)
{
    return cell[0] == '\'' ? cell + 1 : cell;
}

static void the_formula_guard_can_be_undone(void **state)
{
    (void)state;
    static const char *const notes[] = {
        "plain", "",    "'",    "''",   "'=1+1", "=1+1",    "+1",   "-ish",
        "@home", "\tx", "'\tx", "it's", "a'",    "'plain'", "''=x",
    };
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        struct buf b = {0};
        csv_cell(&b, notes[i]);
        /* Unquote the RFC 4180 cell, then undo the guard. */
        struct buf cell = {0};
        const char *c = b.data ? b.data : "";
        if (*c == '"') {
            for (c++; *c; c++) {
                if (*c == '"' && c[1] == '"')
                    c++;
                else if (*c == '"')
                    break;
                buf_putc(&cell, *c);
            }
        } else {
            buf_puts(&cell, c);
        }
        const char *got = cell.data ? cell.data : "";
        assert_string_equal(unguard(got), notes[i]);
        /* And a spreadsheet never sees a formula. */
        assert_true(got[0] == '\0' || strchr("=+-@\t\r", got[0]) == NULL);
        buf_free(&cell);
        buf_free(&b);
    }
}

static void csv_can_start_with_a_byte_order_mark(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    struct buf with = {0}, without = {0};
    csv_sessions(d.sessions, d.nsessions, true, &with);
    csv_sessions(d.sessions, d.nsessions, false, &without);
    assert_int_equal(with.len, without.len + 3);
    assert_memory_equal(with.data, "\xEF\xBB\xBF", 3);
    assert_memory_equal(with.data + 3, without.data, without.len);
    assert_true(str_starts(without.data, "id,"));
    buf_free(&with);
    buf_free(&without);
    export_doc_free(&d);
}

/* ---- FHIR ---- */

static json_t *find_resource(json_t *bundle, const char *type, const char *id)
{
    json_t *e;
    size_t i;
    json_array_foreach(json_object_get(bundle, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "resourceType")), type) == 0 &&
            (id == NULL || strcmp(json_string_value(json_object_get(r, "id")), id) == 0))
            return r;
    }
    return NULL;
}

static const char *code_of(json_t *concept_or_obs, const char *key)
{
    json_t *cc = json_object_get(concept_or_obs, "code");
    if (cc == NULL)
        cc = concept_or_obs;
    return json_string_value(
        json_object_get(json_array_get(json_object_get(cc, "coding"), 0), key));
}

static json_t *component_of(json_t *obs, const char *code)
{
    json_t *c;
    size_t i;
    json_array_foreach(json_object_get(obs, "component"), i, c)
    {
        if (strcmp(code_of(c, "code"), code) == 0)
            return c;
    }
    return NULL;
}

/* Every value of a "reference" key anywhere in j, into refs. */
static void collect_refs(json_t *j, json_t *refs)
{
    const char *key;
    json_t *v;
    size_t i;
    if (json_is_object(j)) {
        json_object_foreach(j, key, v)
        {
            if (strcmp(key, "reference") == 0 && json_is_string(v))
                json_array_append(refs, v);
            else
                collect_refs(v, refs);
        }
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) collect_refs(v, refs);
    }
}

/* What every receiver relies on: a fullUrl on each entry that is the base
 * with the resource's type and id, ids unique per type, every
 * Observation's and response's identifier its own, every reference and
 * the questionnaire resolving inside the Bundle. */
static void check_bundle_is_mergeable(json_t *b)
{
    json_t *urls = json_object(), *idents = json_object(), *refs = json_array();
    json_t *e;
    size_t i;
    const char *questionnaire_url = NULL;
    json_array_foreach(json_object_get(b, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        const char *type = json_string_value(json_object_get(r, "resourceType"));
        const char *id = json_string_value(json_object_get(r, "id"));
        char want[200];
        snprintf(want, sizeof want, FHIR_BASE "%s/%s", type, id);
        const char *full = json_string_value(json_object_get(e, "fullUrl"));
        assert_non_null(full);
        assert_string_equal(full, want);
        assert_null(json_object_get(urls, full)); /* unique */
        json_object_set_new(urls, full, json_true());
        assert_true(strlen(id) <= 64);
        assert_true(strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-.") == strlen(id));
        json_t *ident = json_object_get(r, "identifier");
        if (json_is_array(ident)) {
            assert_int_equal(json_array_size(ident), 1);
            ident = json_array_get(ident, 0);
        }
        if (strcmp(type, "Questionnaire") == 0) {
            questionnaire_url = json_string_value(json_object_get(r, "url"));
            continue;
        }
        if (strcmp(type, "AuditEvent") == 0) { /* R4 gives it no identifier */
            collect_refs(r, refs);
            continue;
        }
        assert_non_null(ident);
        char key[300];
        snprintf(key, sizeof key, "%s|%s", json_string_value(json_object_get(ident, "system")),
                 json_string_value(json_object_get(ident, "value")));
        assert_null(json_object_get(idents, key)); /* one record, one identifier */
        json_object_set_new(idents, key, json_true());
        collect_refs(r, refs);
        if (strcmp(type, "QuestionnaireResponse") == 0) {
            assert_non_null(questionnaire_url);
            assert_string_equal(json_string_value(json_object_get(r, "questionnaire")),
                                questionnaire_url);
        }
    }
    json_t *ref;
    json_array_foreach(refs, i, ref)
    {
        char full[200];
        snprintf(full, sizeof full, FHIR_BASE "%s", json_string_value(ref));
        if (json_object_get(urls, full) == NULL)
            fail_msg("%s does not resolve", json_string_value(ref));
    }
    assert_true(json_array_size(refs) > 0);
    json_decref(urls);
    json_decref(idents);
    json_decref(refs);
}

static void fhir_maps_sessions_scores_and_the_ladder(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    json_t *b = fhir_bundle(&d, d.pseudonym, NOW);
    assert_non_null(b);
    assert_string_equal(json_string_value(json_object_get(b, "resourceType")), "Bundle");
    assert_string_equal(json_string_value(json_object_get(b, "type")), "collection");
    /* Patient, Questionnaire; the first session, its 6 scores and 2
     * spasms; the second session (no scores); one response; one Consent
     * and two AuditEvents */
    assert_int_equal(json_array_size(json_object_get(b, "entry")), 16);
    check_bundle_is_mergeable(b);
    json_t *pat = find_resource(b, "Patient", d.pseudonym);
    assert_non_null(pat);
    assert_null(json_object_get(pat, "telecom"));
    assert_null(json_object_get(pat, "name"));
    const char *sid = "0a1b2c3d-0000-4000-8000-00000000000a";
    json_t *o = find_resource(b, "Observation", "0a1b2c3d-0000-4000-8000-00000000000a-pain-before");
    assert_non_null(o);
    assert_string_equal(code_of(o, "system"), "http://loinc.org");
    assert_string_equal(code_of(o, "code"), "72514-3");
    assert_int_equal(json_integer_value(json_object_get(o, "valueInteger")), 3);
    assert_string_equal(json_string_value(json_object_get(o, "effectiveDateTime")),
                        "2026-11-17T11:06:40Z");
    o = find_resource(b, "Observation", "0a1b2c3d-0000-4000-8000-00000000000a-pain-after");
    assert_int_equal(json_integer_value(json_object_get(o, "valueInteger")), 0);
    assert_string_equal(json_string_value(json_object_get(o, "effectiveDateTime")),
                        "2026-11-17T11:16:40Z");
    o = find_resource(b, "Observation", "0a1b2c3d-0000-4000-8000-00000000000a-tension-before");
    assert_string_equal(code_of(o, "system"), FHIR_SCORES_SYSTEM);
    assert_string_equal(code_of(o, "code"), "tension");
    assert_int_equal(json_integer_value(json_object_get(o, "valueInteger")), 5);
    char patient_ref[80];
    snprintf(patient_ref, sizeof patient_ref, "Patient/%s", d.pseudonym);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(o, "subject"), "reference")),
        patient_ref);
    /* The session: its identifier is the session's id; size, duration,
     * outcome, highest pain and spasms; its scores and spasms as members. */
    json_t *sess = find_resource(b, "Observation", "0a1b2c3d-0000-4000-8000-00000000000a-session");
    assert_non_null(sess);
    json_t *ident = json_array_get(json_object_get(sess, "identifier"), 0);
    assert_string_equal(json_string_value(json_object_get(ident, "system")), FHIR_SESSION_SYSTEM);
    assert_string_equal(json_string_value(json_object_get(ident, "value")), sid);
    assert_string_equal(code_of(sess, "system"), FHIR_PRACTICE_SYSTEM);
    json_t *c = component_of(sess, "dilator-diameter");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(c, "valueQuantity"), "value")), 23);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(c, "valueQuantity"), "code")), "mm");
    c = component_of(sess, "duration");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(c, "valueQuantity"), "value")), 600);
    c = component_of(sess, "outcome");
    assert_string_equal(code_of(json_object_get(c, "valueCodeableConcept"), "code"), "completed");
    assert_string_equal(code_of(json_object_get(c, "valueCodeableConcept"), "system"),
                        FHIR_OUTCOME_SYSTEM);
    assert_int_equal(
        json_integer_value(json_object_get(component_of(sess, "pain-max"), "valueInteger")), 4);
    assert_int_equal(
        json_integer_value(json_object_get(component_of(sess, "spasm-count"), "valueInteger")), 2);
    assert_int_equal(json_array_size(json_object_get(sess, "hasMember")), 8);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(sess, "effectivePeriod"), "end")),
        "2026-11-17T11:16:40Z");
    o = find_resource(b, "Observation", "0a1b2c3d-0000-4000-8000-00000000000a-spasm-2");
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "effectiveDateTime")),
                        "2026-11-17T11:11:40Z");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(o, "valueQuantity"), "value")), 45);
    /* A session without a dilator has no size, and "not today". */
    sess = find_resource(b, "Observation", "0a1b2c3d-0000-4000-8000-00000000000b-session");
    assert_null(component_of(sess, "dilator-diameter"));
    assert_null(json_object_get(sess, "hasMember"));
    assert_string_equal(
        code_of(json_object_get(component_of(sess, "outcome"), "valueCodeableConcept"), "code"),
        "not_today");
    /* The Questionnaire and a response to it. */
    json_t *qn = find_resource(b, "Questionnaire", "comfort-ladder");
    assert_non_null(qn);
    assert_int_equal(json_array_size(json_object_get(qn, "item")), LADDER_COUNT);
    json_t *q = find_resource(b, "QuestionnaireResponse", NULL);
    assert_non_null(q);
    assert_string_equal(json_string_value(json_object_get(q, "status")), "completed");
    json_t *items = json_object_get(q, "item");
    assert_int_equal(json_array_size(items), 2); /* only the answered items */
    json_t *finger = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(finger, "linkId")), "finger");
    json_t *pain = json_array_get(json_object_get(finger, "item"), 1);
    assert_string_equal(json_string_value(json_object_get(pain, "linkId")), "finger.pain");
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(pain, "answer"), 0), "valueInteger")),
                     2);
    json_t *nt = json_array_get(json_object_get(json_array_get(items, 1), "item"), 1);
    assert_string_equal(json_string_value(json_object_get(nt, "linkId")), "intercourse.not_tried");
    json_decref(b);
    export_doc_free(&d);
}

static void fhir_has_her_grants_and_trail_without_emails(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    json_t *b = fhir_bundle(&d, d.pseudonym, NOW);
    json_t *c = find_resource(b, "Consent", "5e1f0000-0000-4000-8000-000000000001");
    assert_non_null(c);
    assert_string_equal(json_string_value(json_object_get(c, "status")), "active");
    json_t *permit =
        json_array_get(json_object_get(json_object_get(c, "provision"), "provision"), 0);
    assert_string_equal(json_string_value(json_object_get(permit, "type")), "permit");
    assert_int_equal(json_array_size(json_object_get(permit, "action")), 2);
    json_t *who = json_object_get(json_array_get(json_object_get(permit, "actor"), 0), "reference");
    assert_string_equal(json_string_value(json_object_get(who, "type")), "Practitioner");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(who, "identifier"), "value")),
        "0123456789abcdef0123456789abcdef-person-1");
    json_t *a1 = find_resource(b, "AuditEvent", "0123456789abcdef0123456789abcdef-audit-1");
    json_t *a2 = find_resource(b, "AuditEvent", "0123456789abcdef0123456789abcdef-audit-2");
    assert_non_null(a1);
    assert_non_null(a2);
    assert_string_equal(json_string_value(json_object_get(a1, "outcome")), "0");
    assert_string_equal(json_string_value(json_object_get(a2, "outcome")), "4");
    assert_string_equal(json_string_value(json_object_get(a1, "action")), "R");
    json_t *ag = json_array_get(json_object_get(a1, "agent"), 0);
    assert_string_equal(code_of(json_object_get(ag, "type"), "code"), "clinician");
    /* The refused read of a note points at the session it was about. */
    json_t *what = json_object_get(json_array_get(json_object_get(a2, "entity"), 1), "what");
    assert_string_equal(json_string_value(json_object_get(what, "reference")),
                        "Observation/0a1b2c3d-0000-4000-8000-00000000000a-session");
    /* No one's email anywhere in the Bundle. */
    char *text = json_dumps(b, 0);
    assert_null(strstr(text, "@example.org"));
    free(text);
    check_bundle_is_mergeable(b);
    json_decref(b);
    export_doc_free(&d);
}

static void responses_taken_in_one_second_keep_their_own_ids(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    /* 600 entries in two seconds, most with different answers, some the
     * same; as written by the store, newest first. */
    free(d.ladder);
    d.nladder = 600;
    d.ladder = xcalloc(d.nladder, sizeof *d.ladder);
    for (size_t i = 0; i < d.nladder; i++) {
        ladder_entry_init(&d.ladder[i]);
        d.ladder[i].taken_at = NOW - (int64_t)(i / 300);
        d.ladder[i].a[LADDER_FINGER].anxiety = (int)(i % 11);
        d.ladder[i].a[LADDER_TAMPON].pain = (int)(i / 11 % 11);
    }
    json_t *b = fhir_bundle(&d, d.pseudonym, NOW);
    check_bundle_is_mergeable(b);
    json_t *ids = json_object(), *e;
    size_t i;
    json_array_foreach(json_object_get(b, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "resourceType")),
                   "QuestionnaireResponse") == 0)
            json_object_set_new(ids, json_string_value(json_object_get(r, "id")), json_true());
    }
    assert_int_equal(json_object_size(ids), 600);
    /* The same entries in another order (as another server may list
     * same-second entries) get the same ids. */
    for (size_t k = 0; k < d.nladder / 2; k++) {
        struct ladder_entry t = d.ladder[k];
        d.ladder[k] = d.ladder[d.nladder - 1 - k];
        d.ladder[d.nladder - 1 - k] = t;
    }
    json_t *b2 = fhir_bundle(&d, d.pseudonym, NOW);
    json_array_foreach(json_object_get(b2, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "resourceType")),
                   "QuestionnaireResponse") == 0)
            assert_non_null(json_object_get(ids, json_string_value(json_object_get(r, "id"))));
    }
    /* Another person's response with the same answers at the same second
     * has another id. */
    json_t *b3 = fhir_bundle(&d, "pace-ffffffffffffffffffffffffffffffff", NOW);
    json_array_foreach(json_object_get(b3, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "resourceType")),
                   "QuestionnaireResponse") == 0)
            assert_null(json_object_get(ids, json_string_value(json_object_get(r, "id"))));
    }
    json_decref(b3);
    json_decref(b2);
    json_decref(ids);
    json_decref(b);
    export_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_cells_are_quoted_and_guarded),
        cmocka_unit_test(csv_has_a_header_and_a_row_per_session),
        cmocka_unit_test(the_formula_guard_can_be_undone),
        cmocka_unit_test(csv_can_start_with_a_byte_order_mark),
        cmocka_unit_test(fhir_maps_sessions_scores_and_the_ladder),
        cmocka_unit_test(responses_taken_in_one_second_keep_their_own_ids),
        cmocka_unit_test(fhir_has_her_grants_and_trail_without_emails),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
