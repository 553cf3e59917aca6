/*
 * test_report_chart.c - drawing a chart's list with cairo
 * (report/pdf-chart.h): charts built by hand (every primitive, an empty
 * one, a one-point line, nonsense numbers) drawn on an image surface and
 * into a PDF in memory; the chart's space is scaled evenly into the
 * rectangle; inks print dark enough and the data lines differ by dash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "report/pdf-chart.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A chart built without the builders: only the struct. */
static struct chart make(double w, double h, size_t cap)
{
    struct chart c;
    memset(&c, 0, sizeof c);
    c.width = w;
    c.height = h;
    c.prims = calloc(cap ? cap : 1, sizeof *c.prims);
    c.cap = cap;
    return c;
}

static struct chart_prim *add(struct chart *c, enum chart_prim_kind kind, enum chart_ink ink)
{
    struct chart_prim *p = &c->prims[c->nprims++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->ink = ink;
    p->opacity = 1;
    return p;
}

static void drop(struct chart *c)
{
    for (size_t i = 0; i < c->nprims; i++) {
        free(c->prims[i].pts);
        free(c->prims[i].text);
    }
    free(c->prims);
}

/* The colour of pixel (x, y) of an ARGB32 surface as 0-255 components. */
static void pixel(cairo_surface_t *s, int x, int y, int rgb[3])
{
    cairo_surface_flush(s);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t v;
    memcpy(&v, data + y * stride + x * 4, 4);
    rgb[0] = (int)((v >> 16) & 0xff);
    rgb[1] = (int)((v >> 8) & 0xff);
    rgb[2] = (int)(v & 0xff);
}

static cairo_surface_t *white(int w, int h, cairo_t **cr)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    *cr = cairo_create(s);
    cairo_set_source_rgb(*cr, 1, 1, 1);
    cairo_paint(*cr);
    return s;
}

static void scales_evenly_into_the_rectangle(void **state)
{
    (void)state;
    /* a 100x50 chart filled completely by one rectangle */
    struct chart c = make(100, 50, 4);
    struct chart_prim *r = add(&c, PRIM_RECT, INK_SIZE);
    r->w = 100;
    r->h = 50;
    r->filled = true;
    cairo_t *cr;
    cairo_surface_t *s = white(400, 400, &cr);
    /* into a 200x200 box at (100, 100): scale 2, centred vertically, so
     * the chart covers y 150..250 */
    pdf_chart_draw(cr, &c, 100, 100, 200, 200, NULL);
    int rgb[3];
    pixel(s, 200, 200, rgb); /* inside */
    const struct pdf_ink *ink = pdf_ink_style(INK_SIZE);
    assert_true(abs(rgb[0] - (int)lround(ink->r * 255)) <= 1);
    pixel(s, 200, 140, rgb); /* above: the box's empty band */
    assert_int_equal(rgb[0], 255);
    pixel(s, 200, 260, rgb);
    assert_int_equal(rgb[0], 255);
    pixel(s, 105, 155, rgb); /* the left edge is reached */
    assert_true(rgb[0] < 128);
    pixel(s, 50, 200, rgb); /* nothing outside */
    assert_int_equal(rgb[0], 255);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    drop(&c);
}

static void draws_every_kind(void **state)
{
    (void)state;
    struct chart c = make(360, 200, 16);
    struct chart_prim *p = add(&c, PRIM_LINE, INK_AXIS);
    p->x1 = 20, p->y1 = 180, p->x2 = 340, p->y2 = 180;
    p = add(&c, PRIM_LINE, INK_GRID);
    p->x1 = 20, p->y1 = 100, p->x2 = 340, p->y2 = 100, p->dashed = true;
    p = add(&c, PRIM_POLYLINE, INK_PAIN);
    p->npts = 3;
    p->pts = calloc(3, sizeof *p->pts);
    p->pts[0] = (struct chart_point){20, 170};
    p->pts[1] = (struct chart_point){180, 60};
    p->pts[2] = (struct chart_point){340, 120};
    p = add(&c, PRIM_RECT, INK_GOAL);
    p->x1 = 20, p->y1 = 20, p->w = 320, p->h = 30, p->filled = true, p->opacity = 0.3;
    p = add(&c, PRIM_RECT, INK_PLAN);
    p->x1 = 40, p->y1 = 60, p->w = 20, p->h = 40, p->dashed = true;
    for (enum chart_ink ink = INK_FEAR; ink <= INK_ANXIETY; ink++) {
        p = add(&c, PRIM_CIRCLE, ink);
        p->x1 = 60 + 10.0 * ink, p->y1 = 140, p->r = 3, p->filled = ink % 2 == 0;
    }
    p = add(&c, PRIM_TEXT, INK_TEXT);
    p->x1 = 180, p->y1 = 195, p->anchor = ANCHOR_MIDDLE, p->text = strdup("Größe (mm)");
    p = add(&c, PRIM_TEXT, INK_MUTED);
    p->x1 = 340, p->y1 = 15, p->anchor = ANCHOR_END, p->bold = true, p->size = 10,
    p->text = strdup("12 wk");
    assert_true(c.nprims <= c.cap);

    cairo_t *cr;
    cairo_surface_t *s = white(360, 200, &cr);
    struct pdf_text text;
    assert_int_equal(pdf_text_open(&text, "de", NULL), 0);
    pdf_text_bind(&text, cr);
    pdf_chart_draw(cr, &c, 0, 0, 360, 200, &text);
    pdf_text_close(&text);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    int rgb[3];
    pixel(s, 180, 180, rgb); /* the axis is drawn */
    assert_true(rgb[0] < 230);
    /* the context is left as it was */
    double lw = cairo_get_line_width(cr);
    assert_true(fabs(lw - 2.0) < 1e-9);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    drop(&c);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void survives_empty_and_odd_charts(void **state)
{
    (void)state;
    struct buf out = {0};
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(to_buf, &out, 595, 842);
    cairo_t *cr = cairo_create(pdf);
    /* without text given, text is left out */

    /* nothing at all */
    struct chart empty = make(360, 200, 0);
    pdf_chart_draw(cr, &empty, 50, 50, 240, 150, NULL);
    pdf_chart_draw(cr, NULL, 50, 50, 240, 150, NULL);
    /* zero sizes, on either side */
    struct chart zero = make(0, 0, 0);
    pdf_chart_draw(cr, &zero, 50, 50, 240, 150, NULL);
    pdf_chart_draw(cr, &empty, 50, 50, 0, 150, NULL);

    /* an "empty" chart with its note, a one-point line, and nonsense */
    struct chart odd = make(360, 200, 8);
    odd.empty = true;
    struct chart_prim *p = add(&odd, PRIM_TEXT, INK_MUTED);
    p->x1 = 180, p->y1 = 100, p->anchor = ANCHOR_MIDDLE, p->text = strdup("No sessions yet");
    p = add(&odd, PRIM_POLYLINE, INK_FEAR);
    p->npts = 1;
    p->pts = calloc(1, sizeof *p->pts);
    p->pts[0] = (struct chart_point){10, 10};
    p = add(&odd, PRIM_POLYLINE, INK_TENSION); /* no points at all */
    p = add(&odd, PRIM_POLYLINE, INK_PAIN);
    p->npts = 3;
    p->pts = calloc(3, sizeof *p->pts);
    p->pts[0] = (struct chart_point){NAN, 10};
    p->pts[1] = (struct chart_point){20, 20};
    p->pts[2] = (struct chart_point){30, INFINITY};
    p = add(&odd, PRIM_CIRCLE, INK_SPASM);
    p->x1 = 10, p->y1 = 10, p->r = -3, p->filled = true;
    p = add(&odd, PRIM_RECT, INK_DONE);
    p->x1 = 10, p->y1 = 10, p->w = -5, p->h = NAN, p->filled = true;
    p = add(&odd, PRIM_TEXT, (enum chart_ink)99);
    p->x1 = 10, p->y1 = 10; /* NULL text */
    p = add(&odd, PRIM_LINE, INK_AXIS);
    p->x1 = NAN;
    pdf_chart_draw(cr, &odd, 50, 250, 240, 150, NULL);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);

    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(pdf);
    assert_true(out.len > 100);
    assert_memory_equal(out.data, "%PDF", 4);
    buf_free(&out);
    drop(&empty);
    drop(&zero);
    drop(&odd);
}

static void inks_print_well(void **state)
{
    (void)state;
    /* data and text inks dark enough on white paper (relative luminance
     * at most 0.18, about 4.5:1 against white) */
    enum chart_ink dark[] = {INK_AXIS, INK_TEXT, INK_MUTED, INK_FEAR,  INK_TENSION,
                             INK_PAIN, INK_SIZE, INK_DONE,  INK_SPASM, INK_ANXIETY};
    for (size_t i = 0; i < sizeof dark / sizeof dark[0]; i++) {
        const struct pdf_ink *k = pdf_ink_style(dark[i]);
        double lum = 0.2126 * k->r + 0.7152 * k->g + 0.0722 * k->b;
        assert_true(lum < 0.45);
    }
    /* fear, tension, pain and anxiety stay apart in grey: each has its
     * own dash pattern (or none) */
    enum chart_ink lines[] = {INK_FEAR, INK_TENSION, INK_PAIN, INK_ANXIETY};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = a + 1; b < 4; b++) {
            const struct pdf_ink *x = pdf_ink_style(lines[a]), *y = pdf_ink_style(lines[b]);
            bool same =
                x->ndash == y->ndash &&
                (x->ndash == 0 || memcmp(x->dash, y->dash, sizeof(double) * (size_t)x->ndash) == 0);
            assert_false(same);
        }
    /* an unknown ink prints like text rather than crashing */
    assert_ptr_equal(pdf_ink_style((enum chart_ink)1000), pdf_ink_style(INK_TEXT));
}

static void legend_marks(void **state)
{
    (void)state;
    cairo_t *cr;
    cairo_surface_t *s = white(100, 40, &cr);
    for (enum chart_ink ink = INK_AXIS; ink < INK_COUNT; ink++)
        pdf_chart_legend_mark(cr, ink, (enum chart_mark)(ink % 4), ink == INK_PLAN, 10, 20, 30);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    int rgb[3];
    pixel(s, 11, 20, rgb);
    assert_true(rgb[0] < 250);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scales_evenly_into_the_rectangle),
        cmocka_unit_test(draws_every_kind),
        cmocka_unit_test(survives_empty_and_odd_charts),
        cmocka_unit_test(inks_print_well),
        cmocka_unit_test(legend_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
