/*
 * test_core_i18n.c - translation lookup, choosing a language from the
 * browser's Accept-Language header, and dates, times and numbers written the
 * way an English or a German reader expects.
 *
 * Most tests rely on no particular translation, only on what happens to text
 * the catalogue does not contain; a few check real German entries from
 * po/de.po and that the compiled table can be searched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "core/i18n_table.h"
#include "core/util.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* 2026-11-24 19:05:00 UTC, a Tuesday evening. */
#define TUE_EVENING INT64_C(1795547100)
/* 2026-11-24 12:00:00 UTC. */
#define TUE_NOON INT64_C(1795521600)
/* 2026-01-03 00:00:00 UTC. */
#define JAN_3_MIDNIGHT INT64_C(1767398400)
/* 2026-12-31 23:30:00 UTC. */
#define NEW_YEARS_EVE_LATE INT64_C(1798759800)

static int reset_to_english(void **state)
{
    (void)state;
    i18n_set_lang(LANG_EN);
    return 0;
}

/* ---- translation lookup ---- */

static void english_text_passes_through_unchanged(void **state)
{
    (void)state;
    const char *msg = "Please enter your email address.";
    i18n_set_lang(LANG_EN);
    assert_ptr_equal(i18n_tr(msg), msg);
    assert_string_equal(_("Save"), "Save");
}

static void an_unknown_message_passes_through_in_german_too(void **state)
{
    (void)state;
    const char *msg = "This sentence is in no catalogue (pace unit test).";
    i18n_set_lang(LANG_DE);
    assert_int_equal(i18n_lang(), LANG_DE);
    assert_ptr_equal(i18n_tr(msg), msg);
    assert_string_equal(i18n_tr(""), "");
}

static void plural_forms_follow_the_count_when_untranslated(void **state)
{
    (void)state;
    const char *one = "%d unit test apple (untranslated)";
    const char *many = "%d unit test apples (untranslated)";
    for (int l = 0; l < LANG_COUNT; l++) {
        i18n_set_lang((enum lang)l);
        assert_ptr_equal(i18n_ntr(one, many, 1), one);
        assert_ptr_equal(i18n_ntr(one, many, 0), many);
        assert_ptr_equal(i18n_ntr(one, many, 2), many);
        assert_ptr_equal(i18n_ntr(one, many, -1), many);
    }
}

/* A few entries of po/de.po, as a person sees them. */
static void real_german_translations_are_found(void **state)
{
    (void)state;
    i18n_set_lang(LANG_DE);
    assert_string_equal(_("Sign in"), "Anmelden");
    assert_string_equal(_("Save"), "Speichern");
    assert_string_equal(_("Not today"), "Heute nicht");
    assert_string_equal(_("You stopped when you needed to. That is part of the practice."),
                        "Du hast aufgehört, als du es gebraucht hast. Auch das gehört zur Übung.");
    /* Words from the data files (a goal's name) are in the catalogue too. */
    assert_string_equal(_("Menstrual cup"), "Menstruationstasse");
    i18n_set_lang(LANG_EN);
    assert_string_equal(_("Sign in"), "Sign in");
}

static void german_plural_forms_follow_the_count(void **state)
{
    (void)state;
    i18n_set_lang(LANG_DE);
    static const char *const one = "%d minute", *const many = "%d minutes";
    assert_string_equal(i18n_ntr(one, many, 1), "%d Minute");
    assert_string_equal(i18n_ntr(one, many, 0), "%d Minuten");
    assert_string_equal(i18n_ntr(one, many, 2), "%d Minuten");
    assert_string_equal(i18n_ntr(one, many, -1), "%d Minuten");
    char s[96];
    snprintf(s, sizeof s,
             ngettext_("%d answer needs another look.", "%d answers need another look.", 1), 1);
    assert_string_equal(s, "1 Antwort braucht noch einen Blick.");
    snprintf(s, sizeof s,
             ngettext_("%d answer needs another look.", "%d answers need another look.", 3), 3);
    assert_string_equal(s, "3 Antworten brauchen noch einen Blick.");
    i18n_set_lang(LANG_EN);
    assert_string_equal(i18n_ntr(one, many, 1), "%d minute");
    assert_string_equal(i18n_ntr(one, many, 2), "%d minutes");
}

/* The lookup is a binary search: the generated table must be in strcmp order,
 * with no empty or doubled msgid, and every entry must be found again. */
static void every_german_entry_is_found_by_its_msgid(void **state)
{
    (void)state;
    const struct i18n_table *de = NULL;
    for (const struct i18n_table *t = i18n_tables; t->code; t++)
        if (strcmp(t->code, "de") == 0)
            de = t;
    assert_non_null(de);
    assert_true(de->count > 100);
    i18n_set_lang(LANG_DE);
    for (int i = 0; i < de->count; i++) {
        const struct i18n_entry *e = &de->entries[i];
        assert_true(e->msgid[0] != '\0' && e->one[0] != '\0' && e->other[0] != '\0');
        if (i > 0 && strcmp(de->entries[i - 1].msgid, e->msgid) >= 0)
            fail_msg("out of order: \"%s\" then \"%s\"", de->entries[i - 1].msgid, e->msgid);
        if (i18n_tr(e->msgid) != e->one)
            fail_msg("not found: \"%s\"", e->msgid);
    }
}

static void an_unsupported_language_falls_back_to_english(void **state)
{
    (void)state;
    i18n_set_lang(LANG_DE);
    i18n_set_lang(LANG_COUNT);
    assert_int_equal(i18n_lang(), LANG_EN);
    i18n_set_lang(LANG_DE);
    i18n_set_lang((enum lang)77);
    assert_int_equal(i18n_lang(), LANG_EN);
}

static void *set_german_in_thread(void *arg)
{
    i18n_set_lang(LANG_DE);
    *(int *)arg = (int)i18n_lang();
    return NULL;
}

/* Each web request sets its own language; one visitor's choice must not
 * leak into another thread's page. */
static void the_language_belongs_to_one_thread(void **state)
{
    (void)state;
    i18n_set_lang(LANG_EN);
    int seen = -1;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, set_german_in_thread, &seen), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(seen, LANG_DE);
    assert_int_equal(i18n_lang(), LANG_EN);
}

static void language_codes_round_trip(void **state)
{
    (void)state;
    assert_string_equal(i18n_code(LANG_EN), "en");
    assert_string_equal(i18n_code(LANG_DE), "de");
    for (int l = 0; l < LANG_COUNT; l++)
        assert_int_equal(i18n_parse(i18n_code((enum lang)l)), l);
    static const char *const unknown[] = {"fr", "", "DE", "de-DE", "english", "d"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        if (i18n_parse(unknown[i]) != -1)
            fail_msg("\"%s\" parsed as a language", unknown[i]);
    assert_int_equal(i18n_parse(NULL), -1);
    assert_string_equal(i18n_code(LANG_COUNT), "en");
}

/* ---- Accept-Language ---- */

static void the_browser_language_is_chosen_by_accept_language(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        enum lang want;
    } cases[] = {
        {"de-DE,de;q=0.9,en;q=0.8", LANG_DE},
        {"de", LANG_DE},
        {"DE-at", LANG_DE},
        {"de_CH", LANG_DE},
        {"en-GB,en;q=0.9,de;q=0.8", LANG_EN},
        {"fr-FR", LANG_EN},
        {"fr-FR,fr;q=0.9", LANG_EN},
        {"fr-FR,fr;q=0.9,de;q=0.3", LANG_DE}, /* the only one we have */
        {"en;q=0.5, de;q=0.9", LANG_DE},      /* q wins over order */
        {"en;q=0.5,de;q=0.9", LANG_DE},
        {"de;q=0.4, en;q=0.6", LANG_EN},
        {"  de ; q=0.7 ,  en;q=0.6 ", LANG_DE}, /* stray spaces */
        {"de;level=1, en;q=0.5", LANG_DE},      /* a later q= is not de's */
        {"en, de", LANG_EN},                    /* equal q: the first */
        {"de, en", LANG_DE},
        {"de;q=0", LANG_EN}, /* q=0 means "not this" */
        {"de;q=0.0, en;q=0.1", LANG_EN},
        {"en;q=0, de;q=0.1", LANG_DE},
        {"de;q=0,fr", LANG_EN},
        {"*", LANG_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum lang got = i18n_from_accept(cases[i].header);
        if (got != cases[i].want)
            fail_msg("\"%s\": got %s, want %s", cases[i].header, i18n_code(got),
                     i18n_code(cases[i].want));
    }
}

static void a_missing_or_garbled_accept_language_means_english(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        " ",
        ",,,;;;",
        ";q=0.9",
        "q=1",
        "==;;==,,",
        "\x01\x02\x7f",
        "\xff\xfe\xc3",
        "deeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", /* longer than any tag */
        "english",
        "d",
        "deu",
    };
    assert_int_equal(i18n_from_accept(NULL), LANG_EN);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (i18n_from_accept(cases[i]) != LANG_EN)
            fail_msg("case %zu gave %s", i, i18n_code(i18n_from_accept(cases[i])));
}

/* ---- dates, times, numbers ---- */

struct when_case {
    enum lang lang;
    int64_t t;
    int tz;
    const char *want;
};

static void dates_are_written_the_way_each_language_expects(void **state)
{
    (void)state;
    static const struct when_case cases[] = {
        {LANG_DE, TUE_EVENING, 0, "24.11.2026"},
        {LANG_EN, TUE_EVENING, 0, "24 Nov 2026"},
        {LANG_DE, JAN_3_MIDNIGHT, 0, "03.01.2026"},
        {LANG_EN, JAN_3_MIDNIGHT, 0, "3 Jan 2026"},
        /* Her time zone decides which day it is. */
        {LANG_DE, NEW_YEARS_EVE_LATE, 60, "01.01.2027"},
        {LANG_EN, NEW_YEARS_EVE_LATE, 60, "1 Jan 2027"},
        {LANG_DE, JAN_3_MIDNIGHT, -300, "02.01.2026"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        i18n_set_lang(cases[i].lang);
        i18n_format_date(out, sizeof out, cases[i].t, cases[i].tz);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, out, cases[i].want);
    }
}

static void german_times_use_a_24_hour_clock_and_english_a_12_hour_one(void **state)
{
    (void)state;
    static const struct when_case cases[] = {
        {LANG_DE, TUE_EVENING, 0, "24.11.2026, 19:05"},
        {LANG_EN, TUE_EVENING, 0, "24 Nov 2026, 7:05 pm"},
        {LANG_DE, TUE_NOON, 0, "24.11.2026, 12:00"},
        {LANG_EN, TUE_NOON, 0, "24 Nov 2026, 12:00 pm"},
        {LANG_DE, JAN_3_MIDNIGHT, 0, "03.01.2026, 00:00"},
        {LANG_EN, JAN_3_MIDNIGHT, 0, "3 Jan 2026, 12:00 am"},
        {LANG_DE, TUE_EVENING - 12 * 3600, 0, "24.11.2026, 07:05"},
        {LANG_EN, TUE_EVENING - 12 * 3600, 0, "24 Nov 2026, 7:05 am"},
        {LANG_DE, TUE_EVENING, 90, "24.11.2026, 20:35"},
        {LANG_EN, NEW_YEARS_EVE_LATE, 60, "1 Jan 2027, 12:30 am"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        i18n_set_lang(cases[i].lang);
        i18n_format_datetime(out, sizeof out, cases[i].t, cases[i].tz);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, out, cases[i].want);
    }
}

static void a_date_is_cut_short_rather_than_overflowing_a_small_buffer(void **state)
{
    (void)state;
    char out[6];
    i18n_set_lang(LANG_DE);
    i18n_format_datetime(out, sizeof out, TUE_EVENING, 0);
    assert_string_equal(out, "24.11");
}

static void german_numbers_use_a_decimal_comma(void **state)
{
    (void)state;
    static const struct {
        enum lang lang;
        double v;
        int decimals;
        const char *want;
    } cases[] = {
        {LANG_DE, 3.5, 1, "3,5"},     /* decimal comma */
        {LANG_EN, 3.5, 1, "3.5"},     /* decimal point */
        {LANG_DE, 12.25, 2, "12,25"}, /* two places */
        {LANG_EN, 12.25, 2, "12.25"}, /* two places */
        {LANG_DE, -0.5, 1, "-0,5"},   /* negative */
        {LANG_DE, 2.04, 1, "2,0"},    /* rounded to the places asked for */
        {LANG_DE, 12.0, 0, "12"},     /* no separator without decimals */
        {LANG_EN, 12.0, 0, "12"},     /* no separator without decimals */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[32];
        i18n_set_lang(cases[i].lang);
        i18n_format_number(out, sizeof out, cases[i].v, cases[i].decimals);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, out, cases[i].want);
    }
}

/* Dates and times by arithmetic agree with the C library's calendar, in
 * both languages, at offsets from -12 to +14 hours, before 1970 too. */
static void dates_agree_with_the_c_library_at_every_offset(void **state)
{
    (void)state;
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const int offsets[] = {-720, -330, 0, 60, 345, 840};
    for (int64_t t = -315619200LL; t < 4102444800LL; t += 86400LL * 13 + 3599) {
        for (size_t o = 0; o < sizeof offsets / sizeof offsets[0]; o++) {
            time_t tt = (time_t)(t + offsets[o] * 60);
            struct tm tm;
            gmtime_r(&tt, &tm);
            char want[64], got[64];
            i18n_set_lang(LANG_DE);
            snprintf(want, sizeof want, "%02d.%02d.%04d, %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
            i18n_format_datetime(got, sizeof got, t, offsets[o]);
            if (strcmp(got, want) != 0)
                fail_msg("%lld %+d: %s, want %s", (long long)t, offsets[o], got, want);
            i18n_set_lang(LANG_EN);
            int h = tm.tm_hour % 12;
            snprintf(want, sizeof want, "%d %s %04d, %d:%02d %s", tm.tm_mday, months[tm.tm_mon],
                     tm.tm_year + 1900, h ? h : 12, tm.tm_min, tm.tm_hour < 12 ? "am" : "pm");
            i18n_format_datetime(got, sizeof got, t, offsets[o]);
            if (strcmp(got, want) != 0)
                fail_msg("%lld %+d: %s, want %s", (long long)t, offsets[o], got, want);
        }
    }
}

/* str_fmt writes what snprintf writes: the same text, the same count,
 * cut short the same way, for the conversions it does itself and for the
 * ones it hands on (a translation's "%1$s", a float). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* formats from a table */
#pragma GCC diagnostic ignored "-Wformat"            /* "%2$s": as a translation may */
static void short_texts_are_formatted_as_snprintf_would(void **state)
{
    (void)state;
    static const int ints[] = {0,  1,   -1,   7,    9,      10,        59,
                               99, 100, -100, 2026, 123456, INT32_MAX, INT32_MIN};
    static const char *const fmts[] = {"%d",   "%02d", "%04d",   "%2d",        "%5d",   "%05d",
                                       "[%d]", "%d%%", "%%%d%%", "at %d:%02d", "%012d", "%30d"};
    static const size_t sizes[] = {0, 1, 2, 3, 5, 8, 64};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++)
        for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
            for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
                char want[64], got[64];
                memset(want, 'x', sizeof want);
                memset(got, 'x', sizeof got);
                int a = snprintf(want, sizes[z], fmts[f], ints[i], ints[i]);
                int b = str_fmt(got, sizes[z], fmts[f], ints[i], ints[i]);
                assert_int_equal(a, b);
                assert_memory_equal(want, got, sizeof want);
            }
    char want[64], got[64];
    long long big = INT64_MIN;
    assert_int_equal(str_fmt(got, sizeof got, "%lld|%ld|%s", big, -42L, "ß → ok"),
                     snprintf(want, sizeof want, "%lld|%ld|%s", big, -42L, "ß → ok"));
    assert_string_equal(got, want);
    assert_int_equal(str_fmt(got, sizeof got, "%s, %d:%02d %s", "7 Dec 2026", 12, 5, "pm"),
                     snprintf(want, sizeof want, "%s, %d:%02d %s", "7 Dec 2026", 12, 5, "pm"));
    assert_string_equal(got, "7 Dec 2026, 12:05 pm");
    /* Handed on: positional arguments, precision, floats. */
    assert_int_equal(str_fmt(got, sizeof got, "%2$s %1$d", 3, "x"), 3);
    assert_string_equal(got, "x 3");
    str_fmt(got, sizeof got, "%d and %.2f", 4, 2.5);
    assert_string_equal(got, "4 and 2.50");
    str_fmt(got, sizeof got, "%-4d|%5s|%+d", 4, "ab", 5);
    snprintf(want, sizeof want, "%-4d|%5s|%+d", 4, "ab", 5);
    assert_string_equal(got, want);
    str_fmt(got, sizeof got, "%d%%", 5);
    assert_string_equal(got, "5%");
}
#pragma GCC diagnostic pop

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(english_text_passes_through_unchanged, reset_to_english),
        cmocka_unit_test_setup(an_unknown_message_passes_through_in_german_too, reset_to_english),
        cmocka_unit_test_setup(plural_forms_follow_the_count_when_untranslated, reset_to_english),
        cmocka_unit_test_setup(real_german_translations_are_found, reset_to_english),
        cmocka_unit_test_setup(german_plural_forms_follow_the_count, reset_to_english),
        cmocka_unit_test_setup(every_german_entry_is_found_by_its_msgid, reset_to_english),
        cmocka_unit_test_setup(an_unsupported_language_falls_back_to_english, reset_to_english),
        cmocka_unit_test_setup(the_language_belongs_to_one_thread, reset_to_english),
        cmocka_unit_test_setup(language_codes_round_trip, reset_to_english),
        cmocka_unit_test_setup(the_browser_language_is_chosen_by_accept_language, reset_to_english),
        cmocka_unit_test_setup(a_missing_or_garbled_accept_language_means_english,
                               reset_to_english),
        cmocka_unit_test_setup(dates_are_written_the_way_each_language_expects, reset_to_english),
        cmocka_unit_test_setup(german_times_use_a_24_hour_clock_and_english_a_12_hour_one,
                               reset_to_english),
        cmocka_unit_test_setup(a_date_is_cut_short_rather_than_overflowing_a_small_buffer,
                               reset_to_english),
        cmocka_unit_test_setup(german_numbers_use_a_decimal_comma, reset_to_english),
        cmocka_unit_test_setup(dates_agree_with_the_c_library_at_every_offset, reset_to_english),
        cmocka_unit_test_setup(short_texts_are_formatted_as_snprintf_would, reset_to_english),
    };
    return cmocka_run_group_tests_name("core i18n", tests, NULL, NULL);
}
