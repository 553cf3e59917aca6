/*
 * pdf-chart.c - a chart's drawing list on a cairo context; see pdf-chart.h.
 */
#include "report/pdf-chart.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#define DEFAULT_TEXT_UNITS 13.0 /* as the SVG charts */
#define MIN_TEXT_PT 6.0

static const double dash_long[] = {4.0, 2.0};
static const double dash_dot[] = {1.2, 1.6};
static const double dash_dotdash[] = {5.0, 1.8, 1.2, 1.8};
static const double dash_plain[] = {3.0, 2.5};

/* Colours chosen to read on white paper (each at least 4.5:1 against
 * white except the grid) and to differ in lightness as well as hue. */
static const struct pdf_ink inks[INK_COUNT] = {
    [INK_AXIS] = {0.25, 0.25, 0.25, NULL, 0, 0.7},
    [INK_GRID] = {0.82, 0.82, 0.80, NULL, 0, 0.4},
    [INK_TEXT] = {0.13, 0.13, 0.15, NULL, 0, 0.7},
    [INK_MUTED] = {0.38, 0.38, 0.40, NULL, 0, 0.6},
    [INK_FEAR] = {0.16, 0.30, 0.52, dash_long, 2, 1.3},
    [INK_TENSION] = {0.11, 0.42, 0.39, dash_dot, 2, 1.4},
    [INK_PAIN] = {0.61, 0.22, 0.16, NULL, 0, 1.4},
    [INK_SIZE] = {0.15, 0.15, 0.17, NULL, 0, 1.8},
    [INK_GOAL] = {0.33, 0.48, 0.27, dash_plain, 2, 1.0},
    [INK_PLAN] = {0.45, 0.45, 0.47, dash_plain, 2, 1.0},
    [INK_DONE] = {0.18, 0.43, 0.45, NULL, 0, 1.0},
    [INK_SPASM] = {0.42, 0.24, 0.48, NULL, 0, 1.2},
    [INK_ANXIETY] = {0.48, 0.35, 0.10, dash_dotdash, 4, 1.3},
};

const struct pdf_ink *pdf_ink_style(enum chart_ink ink)
{
    if ((unsigned)ink >= INK_COUNT)
        return &inks[INK_TEXT];
    return &inks[ink];
}

/* Sets colour and stroke for a primitive; scale converts points to chart
 * units (the context is already scaled). */
static void set_stroke(cairo_t *cr, const struct pdf_ink *s, bool dashed, double stroke_units,
                       double scale)
{
    cairo_set_source_rgb(cr, s->r, s->g, s->b);
    double width = stroke_units > 0 ? stroke_units : s->width / scale;
    cairo_set_line_width(cr, width);
    if (s->dash) {
        double d[4];
        for (int i = 0; i < s->ndash && i < 4; i++)
            d[i] = s->dash[i] / scale;
        cairo_set_dash(cr, d, s->ndash, 0);
    } else if (dashed) {
        double d[2] = {dash_plain[0] / scale, dash_plain[1] / scale};
        cairo_set_dash(cr, d, 2, 0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0);
    }
}

static void set_fill(cairo_t *cr, const struct pdf_ink *s, double opacity)
{
    double a = opacity > 0 && opacity < 1 ? opacity : 1;
    cairo_set_source_rgba(cr, s->r, s->g, s->b, a);
}

static bool finite4(double a, double b, double c, double d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

/* A data marker: a shape per ink so the series differ without colour. */
static void marker_path(cairo_t *cr, enum chart_ink ink, double x, double y, double r)
{
    switch (ink) {
    case INK_FEAR: /* square */
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
        break;
    case INK_TENSION: /* triangle */
        cairo_move_to(cr, x, y - r * 1.15);
        cairo_line_to(cr, x + r * 1.05, y + r * 0.75);
        cairo_line_to(cr, x - r * 1.05, y + r * 0.75);
        cairo_close_path(cr);
        break;
    case INK_ANXIETY: /* diamond */
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 1.2, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r * 1.2, y);
        cairo_close_path(cr);
        break;
    default:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        break;
    }
}

/* Text in the chart's units: pango lays it out at that size and the
 * context's scale makes it points (metrics are unhinted, so they scale
 * exactly). */
static void draw_text(cairo_t *cr, const struct chart_prim *p, double scale, struct pdf_text *text)
{
    if (text == NULL || p->text == NULL || p->text[0] == '\0' || !finite4(p->x1, p->y1, 0, 0))
        return;
    const struct pdf_ink *s = pdf_ink_style(p->ink);
    double size = p->size > 0 ? p->size : DEFAULT_TEXT_UNITS;
    if (size * scale < MIN_TEXT_PT)
        size = MIN_TEXT_PT / scale;
    PangoLayout *l = pdf_text_layout(text, p->text, p->bold, size, FIT_NONE, 0);
    double x = p->x1, w = pdf_text_layout_width(l);
    if (p->anchor == ANCHOR_MIDDLE)
        x -= w / 2;
    else if (p->anchor == ANCHOR_END)
        x -= w;
    cairo_set_source_rgb(cr, s->r, s->g, s->b);
    pdf_text_show(cr, l, x, p->y1);
    g_object_unref(l);
}

/* Fills the current path (a rect or a marker) or strokes its outline. */
static void paint_shape(cairo_t *cr, const struct pdf_ink *s, const struct chart_prim *p,
                        double scale)
{
    if (p->filled) {
        set_fill(cr, s, p->opacity);
        cairo_fill(cr);
    } else {
        set_stroke(cr, s, p->dashed, p->stroke, scale);
        cairo_stroke(cr);
    }
}

static void draw_prim(cairo_t *cr, const struct chart_prim *p, double scale, struct pdf_text *text)
{
    const struct pdf_ink *s = pdf_ink_style(p->ink);
    switch (p->kind) {
    case PRIM_LINE:
        if (!finite4(p->x1, p->y1, p->x2, p->y2))
            return;
        set_stroke(cr, s, p->dashed, p->stroke, scale);
        cairo_move_to(cr, p->x1, p->y1);
        cairo_line_to(cr, p->x2, p->y2);
        cairo_stroke(cr);
        break;
    case PRIM_POLYLINE: {
        if (p->pts == NULL || p->npts < 2)
            return;
        bool started = false;
        for (size_t i = 0; i < p->npts; i++) {
            if (!finite4(p->pts[i].x, p->pts[i].y, 0, 0))
                continue;
            if (!started)
                cairo_move_to(cr, p->pts[i].x, p->pts[i].y);
            else
                cairo_line_to(cr, p->pts[i].x, p->pts[i].y);
            started = true;
        }
        set_stroke(cr, s, p->dashed, p->stroke, scale);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        break;
    }
    case PRIM_RECT:
        if (!finite4(p->x1, p->y1, p->w, p->h) || p->w < 0 || p->h < 0)
            return;
        cairo_rectangle(cr, p->x1, p->y1, p->w, p->h);
        paint_shape(cr, s, p, scale);
        break;
    case PRIM_CIRCLE:
        if (!finite4(p->x1, p->y1, p->r, 0) || p->r <= 0)
            return;
        marker_path(cr, p->ink, p->x1, p->y1, p->r);
        paint_shape(cr, s, p, scale);
        break;
    case PRIM_TEXT:
        draw_text(cr, p, scale, text);
        break;
    }
}

void pdf_chart_draw(cairo_t *cr, const struct chart *c, double x, double y, double w, double h,
                    struct pdf_text *text)
{
    if (c == NULL || !(c->width > 0) || !(c->height > 0) || !(w > 0) || !(h > 0) ||
        !finite4(c->width, c->height, w, h))
        return;
    double scale = fmin(w / c->width, h / c->height);
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_translate(cr, x + (w - c->width * scale) / 2, y + (h - c->height * scale) / 2);
    cairo_scale(cr, scale, scale);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    for (size_t i = 0; i < c->nprims && c->prims; i++)
        draw_prim(cr, &c->prims[i], scale, text);
    cairo_restore(cr);
}

void pdf_chart_legend_mark(cairo_t *cr, enum chart_ink ink, enum chart_mark mark, bool dashed,
                           double x, double y, double len)
{
    const struct pdf_ink *s = pdf_ink_style(ink);
    cairo_save(cr);
    if (mark == MARK_BAR || ink == INK_GOAL) {
        set_fill(cr, s, ink == INK_GOAL ? 0.35 : 1);
        cairo_rectangle(cr, x, y - 3.5, len, 7);
        cairo_fill(cr);
        if (ink == INK_GOAL) {
            set_stroke(cr, s, true, 0, 1);
            cairo_rectangle(cr, x, y - 3.5, len, 7);
            cairo_stroke(cr);
        }
    } else if (mark == MARK_DOT || mark == MARK_RING) {
        cairo_new_path(cr);
        cairo_arc(cr, x + len / 2, y, 2.6, 0, 2 * M_PI);
        if (mark == MARK_DOT) {
            set_fill(cr, s, 1);
            cairo_fill(cr);
        } else {
            set_stroke(cr, s, dashed, 0, 1);
            cairo_stroke(cr);
        }
    } else {
        set_stroke(cr, s, dashed, 0, 1);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x + len, y);
        cairo_stroke(cr);
        if (ink == INK_FEAR || ink == INK_TENSION || ink == INK_PAIN || ink == INK_ANXIETY) {
            cairo_set_dash(cr, NULL, 0, 0);
            marker_path(cr, ink, x + len / 2, y, 1.9);
            cairo_fill(cr);
        }
    }
    cairo_restore(cr);
}
