/*
 * test_core_goal.c - the goals (core/goal.h): data/goals.json loads with
 * the ranges and sources of CLINICAL.md, broken goal files fail naming
 * file, entry and field, and progress is told as whole-millimetre ranges
 * (below / within / above), never as false precision.
 *
 * The file is read here, not in core: the runner sets PACE_TEST_DATA to
 * the repository's data/ directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/goal.h"
#include "core/i18n.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct goals *load_data_goals(void)
{
    const char *data = getenv("PACE_TEST_DATA");
    if (data == NULL)
        fail_msg("PACE_TEST_DATA must name the repository's data/ directory");
    char *path = xasprintf("%s/goals.json", data);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    struct buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&b, chunk, n);
    fclose(f);
    struct goals *g = NULL;
    struct pace_error err = {0};
    if (goals_from_json("goals.json", b.data, b.len, &g, &err) != 0)
        fail_msg("%s", err.msg);
    buf_free(&b);
    free(path);
    return g;
}

/* ---- the goals file ---- */

static void the_goals_file_has_the_five_goals_with_their_ranges(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        double min, max;
        bool assumed;
    } want[] = {
        {"tampon", 10, 20, false},             /* one maker 10-19 mm; Pacik #3 ~20 mm */
        {"menstrual-cup", 24, 35, true},       /* folded: narrower than the 35-48 mm rim */
        {"vaginal-cream", 10, 20, true},       /* not in CLINICAL.md */
        {"gynaecological-exam", 20, 25, true}, /* ~2 cm speculum blade */
        {"intercourse", 34, 41, false},        /* Veale 2015, +-1 SD */
    };
    struct goals *g = load_data_goals();
    assert_int_equal(g->n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct goal *it = goals_find(g, want[i].id);
        if (it == NULL)
            fail_msg("goal %s missing", want[i].id);
        assert_true(fabs(it->min_mm - want[i].min) < 0.01);
        assert_true(fabs(it->max_mm - want[i].max) < 0.01);
        assert_int_equal(it->assumed, want[i].assumed);
        assert_non_null(it->source);
        assert_non_null(it->name);
        if (it->assumed) {
            assert_true(str_starts(it->source, "Pace default"));
            assert_non_null(it->note);
        }
    }
    /* The cup's source says why its range is below the rim. */
    assert_non_null(strstr(goals_find(g, "menstrual-cup")->source, "folded"));
    assert_non_null(strstr(goals_find(g, "intercourse")->source, "Veale"));
    assert_non_null(strstr(goals_find(g, "tampon")->source, "Pacik"));
    goals_free(g);
}

static void the_intercourse_range_is_one_sd_either_side_of_the_mean(void **state)
{
    (void)state;
    /* Veale et al. 2015: circumference 11.66 cm, SD 1.10; diameter = C / pi. */
    double lo = (11.66 - 1.10) * 10 / M_PI, mean = 11.66 * 10 / M_PI,
           hi = (11.66 + 1.10) * 10 / M_PI;
    struct goals *g = load_data_goals();
    const struct goal *it = goals_find(g, "intercourse");
    assert_int_equal(lround(lo), (long)it->min_mm);
    assert_int_equal(lround(hi), (long)it->max_mm);
    assert_int_equal(lround(mean), 37);
    goals_free(g);
}

/* ---- progress ---- */

static void progress_is_told_in_whole_millimetre_ranges(void **state)
{
    (void)state;
    static const struct goal g = {
        .id = "x", .name = "X", .min_mm = 34, .max_mm = 41, .source = "s"};
    static const struct {
        double d;
        enum goal_position pos;
        int near, far;
    } cases[] = {
        {0, GOAL_UNKNOWN, 0, 0},   {-5, GOAL_UNKNOWN, 0, 0}, {14, GOAL_BELOW, 20, 27},
        {20, GOAL_BELOW, 14, 21},  {33.6, GOAL_BELOW, 1, 7}, /* 0.4 mm short is "about 1 mm", never
                                                                "0 mm" */
        {33.99, GOAL_BELOW, 1, 7}, {34, GOAL_WITHIN, 0, 0},  /* the ends belong to the range */
        {37.5, GOAL_WITHIN, 0, 0}, {41, GOAL_WITHIN, 0, 0},  {41.2, GOAL_ABOVE, 1, 7},
        {45, GOAL_ABOVE, 4, 11},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct goal_progress p = goal_progress(&g, cases[i].d);
        if (p.pos != cases[i].pos || p.near_mm != cases[i].near || p.far_mm != cases[i].far)
            fail_msg("%g mm: %s %d..%d, expected %s %d..%d", cases[i].d, goal_position_name(p.pos),
                     p.near_mm, p.far_mm, goal_position_name(cases[i].pos), cases[i].near,
                     cases[i].far);
    }
    assert_int_equal(goal_progress(&g, NAN).pos, GOAL_UNKNOWN);
}

static void progress_reads_as_a_sentence_with_the_range(void **state)
{
    (void)state;
    static const struct goal g = {
        .id = "x", .name = "X", .min_mm = 34, .max_mm = 41, .source = "s"};
    static const struct goal one = {
        .id = "y", .name = "Y", .min_mm = 20, .max_mm = 20, .source = "s"};
    static const struct goal half = {
        .id = "z", .name = "Z", .min_mm = 17.5, .max_mm = 20, .source = "s"};
    static const struct {
        const struct goal *g;
        double d;
        const char *want;
    } cases[] = {
        {&g, 20, "About 14 to 21 mm to go: this goal is about 34-41 mm."},
        {&g, 36, "Your comfortable size is within this goal's range (about 34-41 mm)."},
        {&g, 45,
         "Your comfortable size is already larger than this goal's range (about 34-41 "
         "mm)."},
        {&g, 0,
         "This goal is about 34-41 mm. Once you have a comfortable size, Pace shows how "
         "far it is."},
        {&one, 16, "About 4 mm to go: this goal is about 20 mm."},
        {&half, 16, "About 2 to 4 mm to go: this goal is about 17.5-20 mm."},
    };
    i18n_set_lang(LANG_EN);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct goal_progress p = goal_progress(cases[i].g, cases[i].d);
        char out[200];
        goal_progress_text(cases[i].g, &p, out, sizeof out);
        assert_string_equal(out, cases[i].want);
    }
    /* German writes the decimal comma. */
    i18n_set_lang(LANG_DE);
    struct goal_progress p = goal_progress(&half, 16);
    char out[200];
    goal_progress_text(&half, &p, out, sizeof out);
    assert_non_null(strstr(out, "17,5"));
    i18n_set_lang(LANG_EN);
}

static void position_names_are_the_api_words(void **state)
{
    (void)state;
    assert_string_equal(goal_position_name(GOAL_BELOW), "below");
    assert_string_equal(goal_position_name(GOAL_WITHIN), "within");
    assert_string_equal(goal_position_name(GOAL_ABOVE), "above");
    assert_string_equal(goal_position_name(GOAL_UNKNOWN), "unknown");
}

/* ---- broken files ---- */

#define GOAL(extra)                                                                                \
    "{\"format\":1,\"goals\":[{\"id\":\"tampon\",\"name\":\"Tampon\","                             \
    "\"min_mm\":10,\"max_mm\":20,\"source\":\"s\"" extra "}]}"

static void broken_goal_files_fail_naming_file_entry_and_field(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *msg;
        const char *field;
    } cases[] = {
        {"{", "goals.json: goals file: (file): not valid JSON", "(file)"},
        {"[1]", "goals.json: goals file: (file): must be a JSON object", "(file)"},
        {"{\"format\":1}", "goals.json: goals file: goals: missing", "goals"},
        {"{\"format\":1,\"goals\":[],\"extra\":1}", "goals file: extra: unknown key", "extra"},
        {"{\"format\":2,\"goals\":[]}", "goals file: format: must be 1, not 2", "format"},
        {"{\"format\":1,\"goals\":[]}", "goals file: goals: must list at least one goal", "goals"},
        {"{\"format\":1,\"goals\":[7]}", "goals[0]: (entry): must be a JSON object",
         "goals[0].(entry)"},
        {GOAL(",\"colour\":\"red\""), "goals.json: goals[0] (tampon): colour: unknown key",
         "goals[0].colour"},
        {"{\"format\":1,\"goals\":[{\"id\":\"tampon\",\"name\":\"Tampon\",\"min_mm\":10,"
         "\"source\":\"s\"}]}",
         "goals[0] (tampon): max_mm: missing", "goals[0].max_mm"},
        {"{\"format\":1,\"goals\":[{\"id\":\"tampon\",\"name\":\"Tampon\",\"min_mm\":\"10\","
         "\"max_mm\":20,\"source\":\"s\"}]}",
         "goals[0] (tampon): min_mm: must be a number", "goals[0].min_mm"},
        {"{\"format\":1,\"goals\":[{\"id\":\"Tampon\",\"name\":\"Tampon\",\"min_mm\":10,"
         "\"max_mm\":20,\"source\":\"s\"}]}",
         "goals[0]: id: must be lower-case", "goals[0].id"},
        {"{\"format\":1,\"goals\":[{\"id\":\"tampon\",\"name\":\"Tampon\",\"min_mm\":30,"
         "\"max_mm\":20,\"source\":\"s\"}]}",
         "goals[0] (tampon): max_mm: must not be smaller than min_mm (30), not 20",
         "goals[0].max_mm"},
        {"{\"format\":1,\"goals\":[{\"id\":\"tampon\",\"name\":\"Tampon\",\"min_mm\":0.5,"
         "\"max_mm\":20,\"source\":\"s\"}]}",
         "goals[0] (tampon): min_mm: must be from 1 to 80, not 0.5", "goals[0].min_mm"},
        {"{\"format\":1,\"goals\":[{\"id\":\"tampon\",\"name\":\"Tampon\",\"min_mm\":10,"
         "\"max_mm\":81,\"source\":\"s\"}]}",
         "goals[0] (tampon): max_mm: must be from 1 to 80, not 81", "goals[0].max_mm"},
        {GOAL(",\"assumed\":true,\"note\":\"n\""),
         "goals[0] (tampon): source: an assumed value must be marked \"Pace default\"",
         "goals[0].source"},
        {"{\"format\":1,\"goals\":[{\"id\":\"cup\",\"name\":\"Cup\",\"min_mm\":24,"
         "\"max_mm\":35,\"source\":\"Pace default\",\"assumed\":true}]}",
         "goals[0] (cup): note: an assumed value needs a note", "goals[0].note"},
        {"{\"format\":1,\"goals\":[{\"id\":\"a\",\"name\":\"A\",\"min_mm\":10,\"max_mm\":20,"
         "\"source\":\"s\"},{\"id\":\"a\",\"name\":\"B\",\"min_mm\":10,\"max_mm\":20,"
         "\"source\":\"s\"}]}",
         "goals.json: goals[1] (a): id: \"a\" is used twice", "goals[1].id"},
        {GOAL(",\"note\":\"\""), "goals[0] (tampon): note: must not be empty", "goals[0].note"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct goals *g = (struct goals *)1;
        struct pace_error err = {0};
        int rc = goals_from_json("goals.json", cases[i].text, strlen(cases[i].text), &g, &err);
        if (rc != PACE_EINVAL)
            fail_msg("case %zu loaded: %s", i, cases[i].text);
        assert_null(g);
        if (strstr(err.msg, cases[i].msg) == NULL)
            fail_msg("case %zu: \"%s\" does not contain \"%s\"", i, err.msg, cases[i].msg);
        if (strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: field \"%s\", expected \"%s\"", i, err.field, cases[i].field);
    }
    /* The smallest valid file loads, and finds nothing it does not have. */
    const char *ok = GOAL("");
    struct goals *g = NULL;
    assert_int_equal(goals_from_json("goals.json", ok, strlen(ok), &g, NULL), 0);
    assert_non_null(goals_find(g, "tampon"));
    assert_null(goals_find(g, "cup"));
    assert_null(goals_find(g, NULL));
    goals_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_goals_file_has_the_five_goals_with_their_ranges),
        cmocka_unit_test(the_intercourse_range_is_one_sd_either_side_of_the_mean),
        cmocka_unit_test(progress_is_told_in_whole_millimetre_ranges),
        cmocka_unit_test(progress_reads_as_a_sentence_with_the_range),
        cmocka_unit_test(position_names_are_the_api_words),
        cmocka_unit_test(broken_goal_files_fail_naming_file_entry_and_field),
    };
    return cmocka_run_group_tests_name("goals", tests, NULL, NULL);
}
