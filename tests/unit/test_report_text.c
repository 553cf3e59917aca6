/*
 * test_report_text.c - the report's text with pango (report/pdf-text.h),
 * its sessions table (report/report-table.h) and what is added to cairo's
 * PDF (report/pdf-finish.h): each script gets the font made for it from
 * the private configuration; Japanese breaks between characters without
 * spaces, mixed scripts wrap within their width; a Hebrew or Arabic note
 * is a right-to-left paragraph whose first letter stands rightmost, also
 * inside an English sentence; every cell and heading of the table, in
 * English and German, fits its column without being cut (a month of three
 * two-digit counts wraps); and the PDF gets its language and each
 * figure's text alternative.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "report/pdf-finish.h"
#include "report/pdf-text.h"
#include "report/report-table.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.01

static struct pdf_text text;
static cairo_surface_t *surface;
static cairo_t *cr;

static int setup(void **state)
{
    (void)state;
    cairo_rectangle_t page = {0, 0, 595, 842};
    surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
    cr = cairo_create(surface);
    if (pdf_text_open(&text, "en", NULL) != 0)
        return -1;
    pdf_text_bind(&text, cr);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pdf_text_close(&text);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return 0;
}

/* The family of the font pango chose for the byte at index in s. */
static char *family_at(PangoLayout *l, int index)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    char *family = NULL;
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (run && index >= run->item->offset && index < run->item->offset + run->item->length) {
            PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
            family = strdup(pango_font_description_get_family(d));
            pango_font_description_free(d);
        }
    } while (family == NULL && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return family;
}

static int index_of(const char *s, const char *part)
{
    const char *p = strstr(s, part);
    assert_non_null(p);
    return (int)(p - s);
}

static void each_script_gets_its_font(void **state)
{
    (void)state;
    const char *families = pdf_text_families();
    assert_string_equal(families, "DejaVu Sans,IPAGothic,WenQuanYi Micro Hei,Symbola");

    const char *s = "Calm שלום سلام 今日は 今天 오늘 😊 Ωμέγα Привет";
    PangoLayout *l = pdf_text_layout(&text, s, false, 9, FIT_NONE, 0);
    const struct {
        const char *part, *family;
    } want[] = {{"Calm", "DejaVu Sans"},    {"שלום", "DejaVu Sans"},  {"سلام", "DejaVu Sans"},
                {"今日は", "IPAGothic"},    {"오늘", "WenQuanYi Micro Hei"}, {"😊", "Symbola"},
                {"Ωμέγα", "DejaVu Sans"}, {"Привет", "DejaVu Sans"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *f = family_at(l, index_of(s, want[i].part));
        assert_non_null(f);
        if (strcmp(f, want[i].family) != 0)
            fprintf(stderr, "%s: %s, not %s\n", want[i].part, f, want[i].family);
        assert_string_equal(f, want[i].family);
        free(f);
    }
    /* no missing glyphs anywhere */
    assert_int_equal(pango_layout_get_unknown_glyphs_count(l), 0);
    g_object_unref(l);
}

/* Every line within width, and the lines together are the whole text. */
static void check_lines(PangoLayout *l, const char *s, double width)
{
    int n = pango_layout_get_line_count(l), next = 0;
    for (int i = 0; i < n; i++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        assert_true((double)logical.width / PANGO_SCALE <= width + EPS);
        assert_int_equal(line->start_index, next);
        next = line->start_index + line->length;
    }
    assert_int_equal(next, (int)strlen(s));
}

static void japanese_breaks_between_characters(void **state)
{
    (void)state;
    const char *s = "今日はゆっくり呼吸できました。少し楽になりました。明日もまた練習します。";
    PangoLayout *l = pdf_text_layout(&text, s, false, 9, FIT_WRAP, 80);
    int n = pango_layout_get_line_count(l);
    assert_true(n >= 3);
    check_lines(l, s, 80);
    /* a line never begins with the full stop "。" */
    for (int i = 1; i < n; i++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
        assert_true(strncmp(s + line->start_index, "。", strlen("。")) != 0);
    }
    g_object_unref(l);
}

static void mixed_scripts_wrap_within_their_width(void **state)
{
    (void)state;
    const char *s = "Breathing helped 😊 今日は少し楽でした。 I said שלום לכולם and "
                    "كان التمرين أسهل then went on with the larger size.";
    for (double w = 40; w <= 400; w += 17) {
        PangoLayout *l = pdf_text_layout(&text, s, false, 9, FIT_WRAP, w);
        check_lines(l, s, w);
        g_object_unref(l);
    }
}

/* The x of the leading edge of the character at index. */
static int x_of(PangoLayout *l, int index)
{
    PangoRectangle pos;
    pango_layout_index_to_pos(l, index, &pos);
    return pos.width >= 0 ? pos.x : pos.x + pos.width;
}

static void rtl_notes_read_from_the_right(void **state)
{
    (void)state;
    const char *notes[] = {"היום היה קל יותר עם הגודל 16", "كان التمرين اليوم أسهل بكثير"};
    for (size_t k = 0; k < 2; k++) {
        const char *s = notes[k];
        PangoLayout *l = pdf_text_layout(&text, s, false, 9, FIT_WRAP, 400);
        /* a right-to-left paragraph, its runs at an odd bidi level */
        PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
        assert_int_equal(line->resolved_dir, PANGO_DIRECTION_RTL);
        int rtl_runs = 0;
        for (GSList *r = line->runs; r; r = r->next) {
            PangoGlyphItem *run = r->data;
            if (run->item->analysis.level % 2 == 1)
                rtl_runs++;
        }
        assert_true(rtl_runs >= 1);
        /* the first letter stands right of the last */
        int first = x_of(l, 0), last = x_of(l, (int)(strrchr(s, ' ') - s) - 2);
        assert_true(first > last);
        /* and the line sits at the right of its box */
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        PangoLayoutIter *it = pango_layout_get_iter(l);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        pango_layout_iter_free(it);
        assert_true(logical.x > 100 * PANGO_SCALE);
        g_object_unref(l);
    }

    /* Hebrew inside an English sentence: an RTL run in an LTR line,
     * its letters in their own order */
    const char *s = "I said שלום then left";
    PangoLayout *l = pdf_text_layout(&text, s, false, 9, FIT_NONE, 0);
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    assert_int_equal(line->resolved_dir, PANGO_DIRECTION_LTR);
    int shin = index_of(s, "ש"), mem = index_of(s, "ם");
    assert_true(x_of(l, shin) > x_of(l, mem));
    assert_true(x_of(l, index_of(s, "I")) < x_of(l, mem));
    assert_true(x_of(l, index_of(s, "then")) > x_of(l, shin));
    g_object_unref(l);
}

static void clipping_ends_in_an_ellipsis(void **state)
{
    (void)state;
    const char *s = "A very long goal label that cannot fit in a narrow column";
    PangoLayout *l = pdf_text_layout(&text, s, false, 9, FIT_CLIP, 60);
    assert_true(pango_layout_is_ellipsized(l));
    assert_int_equal(pango_layout_get_line_count(l), 1);
    assert_true(pdf_text_layout_width(l) <= 60 + EPS);
    g_object_unref(l);
    l = pdf_text_layout(&text, "short", false, 9, FIT_CLIP, 60);
    assert_false(pango_layout_is_ellipsized(l));
    g_object_unref(l);
    assert_true(pdf_text_width(&text, "abc", true, 9) > pdf_text_width(&text, "abc", false, 9));
}

/* The worst a row can hold: every count with two digits or more. */
static struct layout_row full_row(void)
{
    return (struct layout_row){
        .start = 1761951600,
        .count = 33,
        .minutes = 1234,
        .min_mm = 10.5,
        .max_mm = 22.5,
        .before = {10, 9.5, 10},
        .after = {10, 10, 8.5},
        .max_pain = 10,
        .spasms = 99,
        .completed = 12,
        .stopped = 10,
        .not_today = 11,
    };
}

static void table_cells_fit_their_columns(void **state)
{
    (void)state;
    struct tz_zone z;
    tz_zone_fixed(&z, 60);
    struct practice p;
    practice_init(&p);
    p.started_at = 1761951600;
    p.diameter_mm = 22.5;
    p.before = (struct scores){true, 10, 10, 10};
    p.after = (struct scores){true, 10, 10, 10};
    p.max_pain = 10;
    p.outcome = OUTCOME_STOPPED;
    for (enum lang lang = LANG_EN; lang <= LANG_DE; lang++) {
        i18n_set_lang(lang);
        for (enum layout_group g = GROUP_SESSION; g <= GROUP_MONTH; g++) {
            const char *h[TABLE_NCOL];
            table_headings(g, h);
            for (int c = 0; c < TABLE_NCOL; c++) {
                PangoLayout *l = table_heading_layout(&text, c, h[c]);
                if (pango_layout_is_ellipsized(l) ||
                    pdf_text_layout_width(l) > table_col_width(c) + EPS)
                    fprintf(stderr, "heading \"%s\" does not fit\n", h[c]);
                assert_false(pango_layout_is_ellipsized(l));
                assert_true(pdf_text_layout_width(l) <= table_col_width(c) + EPS);
                assert_true(pango_layout_get_line_count(l) <= 3);
                g_object_unref(l);
            }
            struct layout_row row = full_row();
            if (g == GROUP_SESSION) {
                row.p = &p;
                row.count = 1;
            }
            char cell[TABLE_NCOL][TABLE_CELL];
            table_row_cells(g, &z, &row, cell);
            for (int c = 0; c < TABLE_NCOL; c++) {
                PangoLayout *l = table_cell_layout(&text, c, cell[c]);
                double w = pdf_text_layout_width(l);
                if (w > table_col_width(c) + EPS)
                    fprintf(stderr, "cell \"%s\": %.1f in %.1f\n", cell[c], w, table_col_width(c));
                assert_true(w <= table_col_width(c) + EPS);
                assert_false(pango_layout_is_ellipsized(l));
                /* numbers and dates on one line; words on at most three */
                int lines = pango_layout_get_line_count(l);
                if (c == COL_OUTCOME || c == COL_SIZE ? lines > 3 : lines != 1)
                    fprintf(stderr, "cell \"%s\": %d lines\n", cell[c], lines);
                assert_true(c == COL_OUTCOME || c == COL_SIZE ? lines <= 3 : lines == 1);
                g_object_unref(l);
            }
            if (g != GROUP_SESSION) {
                /* three two-digit counts: more than one line holds, so
                 * the cell wraps (one line would have been cut) */
                assert_non_null(strstr(cell[COL_OUTCOME], "12"));
                assert_non_null(strstr(cell[COL_OUTCOME], "10"));
                assert_non_null(strstr(cell[COL_OUTCOME], "11"));
                assert_true(pdf_text_width(&text, cell[COL_OUTCOME], false, SZ_TABLE) >
                            table_col_width(COL_OUTCOME));
            }
        }
    }
    i18n_set_lang(LANG_EN);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static size_t count(const struct buf *b, const char *s)
{
    size_t n = 0;
    for (const char *p = b->data;
         (p = memmem(p, b->len - (size_t)(p - b->data), s, strlen(s))) != NULL; p++)
        n++;
    return n;
}

static void the_pdf_gets_its_language_and_alternatives(void **state)
{
    (void)state;
    struct buf pdf = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, &pdf, 595, 842);
    cairo_t *c = cairo_create(s);
    cairo_tag_begin(c, "H1", NULL);
    cairo_move_to(c, 50, 50);
    cairo_show_text(c, "Practice summary");
    cairo_tag_end(c, "H1");
    for (int i = 0; i < 2; i++) {
        cairo_tag_begin(c, "Figure", NULL);
        cairo_rectangle(c, 50, 100 + 100 * i, 80, 80);
        cairo_fill(c);
        cairo_tag_end(c, "Figure");
    }
    cairo_show_page(c);
    cairo_destroy(c);
    cairo_surface_destroy(s);
    size_t before = pdf.len;
    const char *alts[] = {"Sizes: from 14 mm to 16 mm.", "Größe 😊"};
    struct pace_error err = {0};
    assert_int_equal(pdf_finish(&pdf, "de", alts, 2, &err), 0);
    assert_true(pdf.len > before);
    assert_int_equal(count(&pdf, "/Lang (de)"), 1);
    assert_int_equal(count(&pdf, "/MarkInfo << /Marked true >>"), 1);
    assert_int_equal(count(&pdf, "/Alt <FEFF"), 2);
    /* "Größe 😊" as UTF-16BE: a surrogate pair for the emoji */
    assert_int_equal(count(&pdf, "/Alt <FEFF0047007200F600DF00650020D83DDE0A>"), 1);
    assert_int_equal(count(&pdf, "/Prev "), 1);
    /* cairo's bytes are untouched */
    assert_memory_equal(pdf.data + before - 6, "%%EOF\n", 6);
    buf_free(&pdf);

    /* not a PDF as cairo writes it: refused, unchanged */
    struct buf junk = {0};
    buf_puts(&junk, "%PDF-1.5\nstartxref\n99999\n%%EOF\n");
    assert_int_equal(pdf_finish(&junk, "en", NULL, 0, &err), PACE_EIO);
    assert_int_equal(junk.len, strlen("%PDF-1.5\nstartxref\n99999\n%%EOF\n"));
    assert_int_equal(pdf_finish(&junk, "e n", NULL, 0, &err), PACE_EIO);
    buf_free(&junk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_script_gets_its_font),
        cmocka_unit_test(japanese_breaks_between_characters),
        cmocka_unit_test(mixed_scripts_wrap_within_their_width),
        cmocka_unit_test(rtl_notes_read_from_the_right),
        cmocka_unit_test(clipping_ends_in_an_ellipsis),
        cmocka_unit_test(table_cells_fit_their_columns),
        cmocka_unit_test(the_pdf_gets_its_language_and_alternatives),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
