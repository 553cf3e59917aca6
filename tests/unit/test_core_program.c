/*
 * test_core_program.c - the therapy programs: every file in data/programs
 * loads and keeps its promises (a source for every value, assumed numbers
 * marked "Pace default" with a note, schedules that thin out), a table of
 * broken files each fails with the message naming file, entry and field,
 * and a program's phase, week, rules and frequency.
 *
 * The files are read here, not in core: the runner sets PACE_TEST_DATA to
 * the repository's data/ directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "core/practice.h"
#include "core/program.h"
#include "core/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define WEEK (7 * DAY)

/* ---- reading the data files ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    struct buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return buf_detach(&b);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .json files of data/programs, sorted; the caller frees each and v. */
static char **program_files(size_t *n)
{
    const char *data = getenv("PACE_TEST_DATA");
    if (data == NULL)
        fail_msg("PACE_TEST_DATA must name the repository's data/ directory");
    char *dir = xasprintf("%s/programs", data);
    DIR *d = opendir(dir);
    if (d == NULL)
        fail_msg("cannot open %s", dir);
    char **v = NULL;
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        v = xrealloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    free(dir);
    qsort(v, *n, sizeof *v, by_name);
    return v;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static struct program *load_data_program(const char *id)
{
    const char *data = getenv("PACE_TEST_DATA");
    if (data == NULL)
        fail_msg("PACE_TEST_DATA must name the repository's data/ directory");
    char *path = xasprintf("%s/programs/%s.json", data, id);
    size_t len;
    char *bytes = read_file(path, &len);
    struct program *p = NULL;
    struct pace_error err = {0};
    if (program_from_json(base_name(path), bytes, len, &p, &err) != 0)
        fail_msg("%s", err.msg);
    free(bytes);
    free(path);
    return p;
}

/* ---- the shipped programs ---- */

static void every_program_file_loads_and_validates(void **state)
{
    (void)state;
    static const char *const want[] = {"maintenance-stents", "pelvic-floor-relaxation",
                                       "radiotherapy", "vaginismus", "vaginoplasty"};
    size_t n;
    char **files = program_files(&n);
    assert_int_equal(n, sizeof want / sizeof want[0]);
    int defaults = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *bytes = read_file(files[i], &len);
        struct program *p = NULL;
        struct pace_error err = {0};
        if (program_from_json(base_name(files[i]), bytes, len, &p, &err) != 0)
            fail_msg("%s", err.msg);
        /* One file per program, named by its id. */
        char *name = xasprintf("%s.json", p->id);
        assert_string_equal(base_name(files[i]), name);
        assert_string_equal(p->id, want[i]);
        assert_string_equal(p->file, name);
        free(name);
        defaults += p->is_default;
        assert_true(p->nsources > 0);
        assert_true(p->nphases > 0);
        assert_int_equal(p->phases[0].from_week, 0);
        for (size_t k = 0; k < p->nphases; k++) {
            const struct program_phase *ph = &p->phases[k];
            assert_non_null(ph->source);
            assert_non_null(ph->note);
            if (ph->assumed) {
                assert_true(str_starts(ph->source, "Pace default"));
                assert_non_null(strstr(ph->note, "come first"));
            }
        }
        /* Every week's rules are within the engine's bounds. */
        for (int week = -1; week < 120; week++) {
            struct engine_rules r;
            program_rules(p, week, &r);
            for (int q = 0; q < P_PARAM_COUNT; q++)
                assert_int_equal(engine_param_check((enum engine_param)q, r.v[q], NULL), 0);
        }
        for (size_t k = 0; k < p->nrules; k++)
            if (p->rules[k].assumed)
                assert_true(str_starts(p->rules[k].source, "Pace default"));
        program_free(p);
        free(bytes);
        free(files[i]);
    }
    free(files);
    assert_int_equal(defaults, 1);
}

static void vaginismus_is_the_default_and_uses_the_pace_defaults(void **state)
{
    (void)state;
    struct program *p = load_data_program("vaginismus");
    assert_true(p->is_default);
    assert_int_equal(p->dilator, PROGRAM_PROGRESS);
    assert_true(p->exercises & EX_FLEXIBILIZATION);
    assert_true(p->exercises & EX_BREATHING);
    struct engine_rules r, def;
    program_rules(p, 0, &r);
    engine_rules_default(&def);
    /* The defaults of CLINICAL.md: pain <= 3, fear <= 4, 3 sessions in 14 days. */
    assert_memory_equal(r.v, def.v, sizeof r.v);
    assert_int_equal(r.v[P_COMFORT_PAIN_MAX], 3);
    assert_int_equal(r.v[P_COMFORT_SESSIONS], 3);
    program_free(p);
}

/* No numbers for these in CLINICAL.md: every phase and rule is an assumed
 * Pace default whose note puts her clinician's instructions first. */
static void radiotherapy_and_vaginoplasty_numbers_are_all_assumed(void **state)
{
    (void)state;
    static const char *const ids[] = {"radiotherapy", "vaginoplasty", "maintenance-stents"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        struct program *p = load_data_program(ids[i]);
        for (size_t k = 0; k < p->nphases; k++) {
            assert_true(p->phases[k].assumed);
            assert_true(str_starts(p->phases[k].source, "Pace default"));
            assert_non_null(strstr(p->phases[k].note, "instructions come first"));
        }
        for (size_t k = 0; k < p->nrules; k++) {
            assert_true(p->rules[k].assumed);
            assert_non_null(strstr(p->rules[k].note, "instructions come first"));
        }
        program_free(p);
    }
}

static void maintenance_and_vaginoplasty_schedules_thin_out(void **state)
{
    (void)state;
    static const char *const ids[] = {"maintenance-stents", "vaginoplasty", "radiotherapy"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        struct program *p = load_data_program(ids[i]);
        assert_true(p->nphases >= 2);
        for (size_t k = 1; k < p->nphases; k++)
            assert_true(p->phases[k].sessions_per_week < p->phases[k - 1].sessions_per_week);
        program_free(p);
    }
    struct program *p = load_data_program("maintenance-stents");
    assert_int_equal(p->dilator, PROGRAM_KEEP);
    program_free(p);
    /* Three a day at first needs the engine to allow three a day. */
    p = load_data_program("vaginoplasty");
    struct engine_rules r;
    program_rules(p, 0, &r);
    assert_int_equal(r.v[P_MAX_PER_DAY], 3);
    assert_int_equal(program_phase_at(p, 0)->sessions_per_week, 21);
    program_free(p);
}

static void relaxation_only_uses_no_dilator(void **state)
{
    (void)state;
    struct program *p = load_data_program("pelvic-floor-relaxation");
    assert_int_equal(p->dilator, PROGRAM_NONE);
    assert_false(p->exercises & EX_FLEXIBILIZATION);
    assert_true(p->exercises & EX_RELAXATION);
    assert_true(p->exercises & EX_BREATHING);
    program_free(p);
}

/* ---- phases, weeks, rules, frequency ---- */

static const char phased[] =
    "{\"format\":1,\"id\":\"phased\",\"name\":\"Phased\",\"description\":\"Test.\","
    "\"dilator_use\":\"keep\",\"sources\":[\"Pace default\"],"
    "\"rules\":{\"comfort_pain_max\":{\"value\":2,\"source\":\"Clinician\"},"
    "\"max_per_day\":{\"value\":3,\"source\":\"Clinician\"}},"
    "\"exercises\":[\"relaxation\",\"flexibilization\"],"
    "\"phases\":[{\"from_week\":0,\"sessions_per_week\":21,\"minutes\":15,\"note\":\"a\","
    "\"source\":\"s\"},{\"from_week\":12,\"sessions_per_week\":7,\"minutes\":10,\"note\":\"b\","
    "\"source\":\"s\"},{\"from_week\":26,\"sessions_per_week\":2,\"minutes\":5,\"note\":\"c\","
    "\"source\":\"s\"}]}";

static struct program *load_string(const char *json)
{
    struct program *p = NULL;
    struct pace_error err = {0};
    if (program_from_json("inline.json", json, strlen(json), &p, &err) != 0)
        fail_msg("%s", err.msg);
    return p;
}

static void the_phase_of_a_week_is_the_last_one_started(void **state)
{
    (void)state;
    struct program *p = load_string(phased);
    assert_null(program_phase_at(p, -1));
    assert_ptr_equal(program_phase_at(p, 0), &p->phases[0]);
    assert_ptr_equal(program_phase_at(p, 11), &p->phases[0]);
    assert_ptr_equal(program_phase_at(p, 12), &p->phases[1]);
    assert_ptr_equal(program_phase_at(p, 25), &p->phases[1]);
    assert_ptr_equal(program_phase_at(p, 26), &p->phases[2]);
    assert_ptr_equal(program_phase_at(p, 5000), &p->phases[2]);
    program_free(p);
}

static void weeks_since_the_start_are_whole_weeks(void **state)
{
    (void)state;
    const int64_t t = INT64_C(1795547100);
    assert_int_equal(program_week(t, t), 0);
    assert_int_equal(program_week(t, t + WEEK - 1), 0);
    assert_int_equal(program_week(t, t + WEEK), 1);
    assert_int_equal(program_week(t, t + 12 * WEEK + DAY), 12);
    assert_int_equal(program_week(t, t - 1), -1);
    assert_int_equal(program_week(t, t - WEEK), -1);
    assert_int_equal(program_week(t, t - WEEK - 1), -2);
    /* Absurd spans stay within int. */
    assert_true(program_week(0, INT64_MAX / 2) > 0);
    assert_true(program_week(INT64_MAX / 2, 0) < 0);
}

static void rules_are_the_defaults_then_the_overrides_then_the_phase(void **state)
{
    (void)state;
    struct program *p = load_string(phased);
    struct engine_rules r, def;
    engine_rules_default(&def);
    program_rules(p, -1, &r);
    assert_int_equal(r.v[P_COMFORT_PAIN_MAX], 2);
    assert_int_equal(r.v[P_MAX_PER_DAY], 3);
    assert_int_equal(r.v[P_COMFORT_FEAR_MAX], def.v[P_COMFORT_FEAR_MAX]);
    assert_int_equal(r.v[P_MINUTES], def.v[P_MINUTES]);
    assert_int_equal(r.exercises, EX_RELAXATION | EX_FLEXIBILIZATION);
    program_rules(p, 0, &r);
    assert_int_equal(r.v[P_MINUTES], 15);
    program_rules(p, 13, &r);
    assert_int_equal(r.v[P_MINUTES], 10);
    program_rules(p, 400, &r);
    assert_int_equal(r.v[P_MINUTES], 5);
    assert_int_equal(r.v[P_COMFORT_PAIN_MAX], 2);
    program_free(p);
}

static void a_phase_says_how_often_in_words(void **state)
{
    (void)state;
    static const struct {
        int per_week;
        const char *want;
    } cases[] = {
        {1, "once a week"},      {2, "2 times a week"}, {4, "4 times a week"}, {7, "every day"},
        {10, "10 times a week"}, {14, "twice a day"},   {21, "3 times a day"},
    };
    i18n_set_lang(LANG_EN);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct program_phase ph = {.sessions_per_week = cases[i].per_week};
        char out[64];
        program_frequency(&ph, out, sizeof out);
        assert_string_equal(out, cases[i].want);
    }
}

static void dilator_use_words_round_trip(void **state)
{
    (void)state;
    for (int d = 0; d < PROGRAM_DILATOR_COUNT; d++)
        assert_int_equal(program_dilator_parse(program_dilator_name((enum program_dilator)d)), d);
    assert_int_equal(program_dilator_parse("Progress"), -1);
    assert_int_equal(program_dilator_parse(NULL), -1);
    assert_null(program_dilator_name(PROGRAM_DILATOR_COUNT));
}

/* ---- broken files ---- */

/* A valid program; each broken case changes it. */
static const char base[] =
    "{\"format\":1,\"id\":\"t\",\"name\":\"Test\",\"description\":\"A test program.\","
    "\"dilator_use\":\"progress\",\"sources\":[\"Pace default\"],\"rules\":{},"
    "\"exercises\":[\"breathing\",\"flexibilization\"],"
    "\"phases\":[{\"from_week\":0,\"sessions_per_week\":3,\"minutes\":10,\"note\":\"n\","
    "\"source\":\"s\"}]}";

#define PH(w, n, m)                                                                                \
    "{\"from_week\":" #w ",\"sessions_per_week\":" #n ",\"minutes\":" #m                           \
    ",\"note\":\"n\",\"source\":\"s\"}"

struct broken {
    const char *patch; /* merged into the base's top level; raw text when raw */
    const char *drop;  /* a top-level key to remove, or NULL */
    bool raw;
    const char *msg;   /* the message contains this */
    const char *field; /* err->field */
};

static const struct broken broken[] = {
    /* the file itself */
    {"{", NULL, true, "broken.json: program: (file): not valid JSON at line 1", "(file)"},
    {"[]", NULL, true, "broken.json: program: (file): must be a JSON object", "(file)"},
    {"{\"id\":\"a\",\"id\":\"b\"}", NULL, true, "(file): not valid JSON", "(file)"},
    /* top-level fields */
    {"{\"colour\":\"blue\"}", NULL, false, "broken.json: program: colour: unknown key", "colour"},
    {"{}", "phases", false, "broken.json: program: phases: missing", "phases"},
    {"{}", "sources", false, "broken.json: program: sources: missing", "sources"},
    {"{\"name\":5}", NULL, false, "broken.json: program: name: must be a string", "name"},
    {"{\"rules\":[]}", NULL, false, "program: rules: must be an object", "rules"},
    {"{\"default\":\"yes\"}", NULL, false, "program: default: must be true or false", "default"},
    {"{\"format\":2}", NULL, false, "program: format: must be 1, not 2", "format"},
    {"{\"id\":\"Vaginismus\"}", NULL, false, "program: id: must be lower-case", "id"},
    {"{\"name\":\"\"}", NULL, false, "program (t): name: must not be empty", "name"},
    {"{\"name\":\"two\\nlines\"}", NULL, false, "program (t): name: must be one line", "name"},
    {"{\"dilator_use\":\"sometimes\"}", NULL, false,
     "program (t): dilator_use: must be \"progress\", \"keep\" or \"none\"", "dilator_use"},
    {"{\"sources\":[]}", NULL, false, "program (t): sources: must list at least one", "sources"},
    {"{\"sources\":[3]}", NULL, false, "program (t): sources[0]: must be a string", "sources[0]"},
    {"{\"exercises\":[\"yoga\"]}", NULL, false,
     "program (t): exercises: exercises[0] must be one of", "exercises"},
    {"{\"exercises\":[\"breathing\",\"breathing\"]}", NULL, false,
     "exercises: \"breathing\" is listed twice", "exercises"},
    {"{\"exercises\":[\"breathing\"]}", NULL, false,
     "program (t): exercises: must include flexibilization while require_movement is 1",
     "exercises"},
    /* rules */
    {"{\"rules\":{\"comfort_pain\":{\"value\":3,\"source\":\"s\"}}}", NULL, false,
     "broken.json: rules: comfort_pain: not a rule parameter", "rules.comfort_pain"},
    {"{\"rules\":{\"minutes\":{\"value\":10,\"source\":\"s\"}}}", NULL, false,
     "rules: minutes: minutes are set by each phase", "rules.minutes"},
    {"{\"rules\":{\"comfort_pain_max\":3}}", NULL, false,
     "broken.json: rules.comfort_pain_max: (entry): must be a JSON object",
     "rules.comfort_pain_max.(entry)"},
    {"{\"rules\":{\"comfort_pain_max\":{\"value\":5,\"source\":\"s\"}}}", NULL, false,
     "broken.json: rules.comfort_pain_max: value: must be from 0 to 4, not 5",
     "rules.comfort_pain_max.value"},
    {"{\"rules\":{\"clinician_pain\":{\"value\":9,\"source\":\"s\"}}}", NULL, false,
     "rules.clinician_pain: value: must be from 4 to 8, not 9", "rules.clinician_pain.value"},
    {"{\"rules\":{\"clinician_pain\":{\"value\":3,\"source\":\"s\"}}}", NULL, false,
     "rules.clinician_pain: value: must be from 4 to 8, not 3", "rules.clinician_pain.value"},
    {"{\"rules\":{\"comfort_pain_max\":{\"value\":\"3\",\"source\":\"s\"}}}", NULL, false,
     "rules.comfort_pain_max: value: must be a whole number", "rules.comfort_pain_max.value"},
    {"{\"rules\":{\"comfort_pain_max\":{\"value\":3}}}", NULL, false,
     "rules.comfort_pain_max: source: missing", "rules.comfort_pain_max.source"},
    {"{\"rules\":{\"comfort_pain_max\":{\"value\":3,\"source\":\"s\",\"why\":\"x\"}}}", NULL, false,
     "rules.comfort_pain_max: why: unknown key", "rules.comfort_pain_max.why"},
    {"{\"rules\":{\"pause_days\":{\"value\":10,\"source\":\"My guess\",\"assumed\":true,"
     "\"note\":\"n\"}}}",
     NULL, false, "rules.pause_days: source: an assumed value must be marked \"Pace default\"",
     "rules.pause_days.source"},
    {"{\"rules\":{\"pause_days\":{\"value\":10,\"source\":\"Pace default\",\"assumed\":true}}}",
     NULL, false, "rules.pause_days: note: an assumed value needs a note", "rules.pause_days.note"},
    /* phases */
    {"{\"phases\":[]}", NULL, false, "program (t): phases: must list at least one phase", "phases"},
    {"{\"phases\":[" PH(1, 3, 10) "]}", NULL, false,
     "broken.json: phases[0]: from_week: the first phase must start in week 0, not 1",
     "phases[0].from_week"},
    {"{\"phases\":[" PH(0, 3, 10) "," PH(4, 3, 10) "," PH(4, 2, 10) "]}", NULL, false,
     "broken.json: phases[2]: from_week: must be larger than the previous phase's (4), not 4",
     "phases[2].from_week"},
    {"{\"phases\":[" PH(0, 3, 10) "," PH(8, 3, 10) "," PH(4, 2, 10) "]}", NULL, false,
     "phases[2]: from_week: must be larger than the previous phase's (8), not 4",
     "phases[2].from_week"},
    {"{\"phases\":[" PH(0, 3, 10) "," PH(521, 3, 10) "]}", NULL, false,
     "phases[1]: from_week: must be from 0 to 520, not 521", "phases[1].from_week"},
    {"{\"phases\":[" PH(0.5, 3, 10) "]}", NULL, false,
     "phases[0]: from_week: must be a whole number", "phases[0].from_week"},
    {"{\"phases\":[" PH(0, 0, 10) "]}", NULL, false,
     "phases[0]: sessions_per_week: must be from 1 to 21, not 0", "phases[0].sessions_per_week"},
    {"{\"phases\":[" PH(0, 15, 10) "]}", NULL, false,
     "phases[0]: sessions_per_week: 15 is more than max_per_day (2) allows in a week",
     "phases[0].sessions_per_week"},
    {"{\"phases\":[" PH(0, 3, 0) "]}", NULL, false, "phases[0]: minutes: must be from 1 to 60",
     "phases[0].minutes"},
    {"{\"phases\":[" PH(0, 3, 61) "]}", NULL, false,
     "phases[0]: minutes: must be from 1 to 60, not 61", "phases[0].minutes"},
    {"{\"phases\":[{\"from_week\":0,\"sessions_per_week\":3,\"minutes\":10,\"source\":\"s\"}]}",
     NULL, false, "broken.json: phases[0]: note: missing", "phases[0].note"},
    {"{\"phases\":[{\"from_week\":0,\"sessions_per_week\":3,\"minutes\":10,\"note\":\"n\","
     "\"source\":\"s\",\"frequency\":\"daily\"}]}",
     NULL, false, "phases[0]: frequency: unknown key", "phases[0].frequency"},
    {"{\"phases\":[{\"from_week\":0,\"sessions_per_week\":3,\"minutes\":10,\"note\":\"n\","
     "\"source\":\"Surgeon X\",\"assumed\":true}]}",
     NULL, false, "phases[0]: source: an assumed value must be marked \"Pace default\"",
     "phases[0].source"},
    {"{\"phases\":[" PH(0, 3, 10) "," PH(1, 3, 10) "," PH(2, 3, 10) "," PH(3, 3, 10) "," PH(
         4, 3,
         10) "," PH(5, 3,
                    10) "," PH(6, 3,
                               10) "," PH(7, 3,
                                          10) "," PH(8, 3,
                                                     10) "," PH(9, 3,
                                                                10) "," PH(10, 3,
                                                                           10) "," PH(11, 3,
                                                                                      10) "," PH(12,
                                                                                                 3,
                                                                                                 10) "]}",
     NULL, false, "program (t): phases: must list at most 12 phases", "phases"},
    {"{\"phases\":[" PH(0, 3, 10) ",5]}", NULL, false, "phases[1]: (entry): must be a JSON object",
     "phases[1].(entry)"},
};

/* The base with b's change, as JSON text; the caller frees. */
static char *broken_text(const struct broken *b)
{
    if (b->raw)
        return xstrdup(b->patch);
    json_error_t je;
    json_t *j = json_loads(base, 0, &je);
    json_t *patch = json_loads(b->patch, 0, &je);
    if (j == NULL || patch == NULL)
        fail_msg("bad test JSON: %s", b->patch);
    json_object_update(j, patch);
    if (b->drop)
        json_object_del(j, b->drop);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(patch);
    json_decref(j);
    return s;
}

static void broken_files_fail_naming_file_entry_and_field(void **state)
{
    (void)state;
    /* The base itself is fine. */
    program_free(load_string(base));
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        const struct broken *b = &broken[i];
        char *text = broken_text(b);
        struct program *p = (struct program *)1;
        struct pace_error err = {0};
        int rc = program_from_json("broken.json", text, strlen(text), &p, &err);
        if (rc != PACE_EINVAL)
            fail_msg("case %zu (%s) loaded", i, text);
        assert_null(p);
        assert_int_equal(err.code, PACE_EINVAL);
        if (strstr(err.msg, b->msg) == NULL)
            fail_msg("case %zu: \"%s\" does not contain \"%s\"", i, err.msg, b->msg);
        if (strcmp(err.field, b->field) != 0)
            fail_msg("case %zu: field \"%s\", expected \"%s\"", i, err.field, b->field);
        free(text);
    }
    /* No data at all, and too much of it. */
    struct program *p = NULL;
    struct pace_error err = {0};
    assert_int_equal(program_from_json("none.json", NULL, 0, &p, &err), PACE_EINVAL);
    char *big = xcalloc(300 * 1024, 1);
    memset(big, ' ', 300 * 1024 - 1);
    assert_int_equal(program_from_json("big.json", big, 300 * 1024 - 1, &p, &err), PACE_ETOOLARGE);
    assert_null(p);
    free(big);
}

static void odd_but_valid_files_load(void **state)
{
    (void)state;
    static const char *const patches[] = {
        /* without movement required, no flexibilization is needed */
        "{\"rules\":{\"require_movement\":{\"value\":0,\"source\":\"Clinician\"}},"
        "\"exercises\":[\"breathing\"]}",
        /* no dilator, no movement */
        "{\"dilator_use\":\"none\",\"exercises\":[\"breathing\"]}",
        /* three a day when the rules allow three a day */
        "{\"rules\":{\"max_per_day\":{\"value\":3,\"source\":\"Clinician\"}},"
        "\"phases\":[" PH(0, 21, 10) "]}",
        /* 14 a week fits the default of two a day */
        "{\"phases\":[" PH(0, 14, 60) "," PH(520, 1, 1) "]}",
        /* an assumed value marked as the files must mark it */
        "{\"default\":true,\"phases\":[{\"from_week\":0,\"sessions_per_week\":3,\"minutes\":10,"
        "\"note\":\"Your clinician's instructions come first.\",\"source\":\"Pace default\","
        "\"assumed\":true}]}",
        /* every bound of every rule */
        "{\"rules\":{\"comfort_pain_max\":{\"value\":0,\"source\":\"s\"},"
        "\"comfort_fear_max\":{\"value\":6,\"source\":\"s\"},"
        "\"comfort_sessions\":{\"value\":10,\"source\":\"s\"},"
        "\"comfort_window_days\":{\"value\":7,\"source\":\"s\"},"
        "\"step_back_pain\":{\"value\":4,\"source\":\"s\"},"
        "\"step_back_spasm_s\":{\"value\":600,\"source\":\"s\"},"
        "\"clinician_pain\":{\"value\":4,\"source\":\"s\"},"
        "\"pause_days\":{\"value\":3,\"source\":\"s\"}}}",
    };
    for (size_t i = 0; i < sizeof patches / sizeof patches[0]; i++) {
        struct broken b = {patches[i], NULL, false, NULL, NULL};
        char *text = broken_text(&b);
        struct program *p = load_string(text);
        assert_non_null(p);
        program_free(p);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_program_file_loads_and_validates),
        cmocka_unit_test(vaginismus_is_the_default_and_uses_the_pace_defaults),
        cmocka_unit_test(radiotherapy_and_vaginoplasty_numbers_are_all_assumed),
        cmocka_unit_test(maintenance_and_vaginoplasty_schedules_thin_out),
        cmocka_unit_test(relaxation_only_uses_no_dilator),
        cmocka_unit_test(the_phase_of_a_week_is_the_last_one_started),
        cmocka_unit_test(weeks_since_the_start_are_whole_weeks),
        cmocka_unit_test(rules_are_the_defaults_then_the_overrides_then_the_phase),
        cmocka_unit_test(a_phase_says_how_often_in_words),
        cmocka_unit_test(dilator_use_words_round_trip),
        cmocka_unit_test(broken_files_fail_naming_file_entry_and_field),
        cmocka_unit_test(odd_but_valid_files_load),
    };
    return cmocka_run_group_tests_name("programs", tests, NULL, NULL);
}
