/*
 * svg-chart.c - drawing a chart as SVG (see svg-chart.h). Each primitive
 * becomes one element with the class of its ink and "s" (stroked), "f"
 * (filled) or "r" (an open ring over the background); widths, dashes and
 * the opacity of bands are SVG presentation attributes.
 */
#include "web/svg-chart.h"

#include "web/html.h"

#include <stdio.h>
#include <string.h>

static const char *const ink_classes[INK_COUNT] = {
    [INK_AXIS] = "ink-axis",       [INK_GRID] = "ink-grid",   [INK_TEXT] = "ink-text",
    [INK_MUTED] = "ink-muted",     [INK_FEAR] = "ink-fear",   [INK_TENSION] = "ink-tension",
    [INK_PAIN] = "ink-pain",       [INK_SIZE] = "ink-size",   [INK_GOAL] = "ink-goal",
    [INK_PLAN] = "ink-plan",       [INK_DONE] = "ink-done",   [INK_SPASM] = "ink-spasm",
    [INK_ANXIETY] = "ink-anxiety",
};

const char *svg_ink_class(enum chart_ink ink)
{
    return (unsigned)ink < INK_COUNT && ink_classes[ink] ? ink_classes[ink] : "ink-text";
}

/* Numbers with at most two decimals, trailing zeros dropped. */
static void num(struct buf *b, double v)
{
    char s[48];
    snprintf(s, sizeof s, "%.2f", v);
    char *e = s + strlen(s) - 1;
    while (*e == '0')
        *e-- = '\0';
    if (*e == '.')
        *e = '\0';
    buf_puts(b, strcmp(s, "-0") == 0 ? "0" : s);
}

static void attr(struct buf *b, const char *name, double v)
{
    buf_printf(b, " %s=\"", name);
    num(b, v);
    buf_putc(b, '"');
}

static void stroke_attrs(struct buf *b, const struct chart_prim *p)
{
    if (p->stroke > 0)
        attr(b, "stroke-width", p->stroke);
    if (p->dashed) /* finer on small rings so they read as dotted */
        buf_puts(b, p->kind == PRIM_CIRCLE ? " stroke-dasharray=\"2 1.5\"" : " stroke-dasharray=\"5 4\"");
}

static void prim(struct buf *b, const struct chart_prim *p)
{
    const char *ink = svg_ink_class(p->ink);
    switch (p->kind) {
    case PRIM_LINE:
        buf_printf(b, "<line class=\"%s s\"", ink);
        attr(b, "x1", p->x1);
        attr(b, "y1", p->y1);
        attr(b, "x2", p->x2);
        attr(b, "y2", p->y2);
        stroke_attrs(b, p);
        buf_puts(b, "/>");
        break;
    case PRIM_POLYLINE:
        buf_printf(b, "<polyline class=\"%s s\" points=\"", ink);
        for (size_t i = 0; i < p->npts; i++) {
            if (i)
                buf_putc(b, ' ');
            num(b, p->pts[i].x);
            buf_putc(b, ',');
            num(b, p->pts[i].y);
        }
        buf_putc(b, '"');
        stroke_attrs(b, p);
        buf_puts(b, "/>");
        break;
    case PRIM_RECT:
        buf_printf(b, "<rect class=\"%s %s\"", ink, p->filled ? "f" : "s");
        attr(b, "x", p->x1);
        attr(b, "y", p->y1);
        attr(b, "width", p->w < 0 ? 0 : p->w);
        attr(b, "height", p->h < 0 ? 0 : p->h);
        if (p->filled && p->opacity < 1)
            attr(b, "fill-opacity", p->opacity);
        if (!p->filled)
            stroke_attrs(b, p);
        buf_puts(b, "/>");
        break;
    case PRIM_CIRCLE:
        buf_printf(b, "<circle class=\"%s %s\"", ink, p->filled ? "f" : "r");
        attr(b, "cx", p->x1);
        attr(b, "cy", p->y1);
        attr(b, "r", p->r);
        if (p->filled && p->opacity < 1)
            attr(b, "fill-opacity", p->opacity);
        if (!p->filled)
            stroke_attrs(b, p);
        buf_puts(b, "/>");
        break;
    case PRIM_TEXT:
        buf_printf(b, "<text class=\"%s\"", ink);
        attr(b, "x", p->x1);
        attr(b, "y", p->y1);
        if (p->anchor == ANCHOR_MIDDLE)
            buf_puts(b, " text-anchor=\"middle\"");
        else if (p->anchor == ANCHOR_END)
            buf_puts(b, " text-anchor=\"end\"");
        if (p->size > 0)
            attr(b, "font-size", p->size);
        if (p->bold)
            buf_puts(b, " font-weight=\"600\"");
        buf_putc(b, '>');
        html_txt(b, p->text ? p->text : "");
        buf_puts(b, "</text>");
        break;
    }
}

void svg_chart(struct buf *b, const struct chart *c, const char *id)
{
    buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart");
    if (c->empty)
        buf_puts(b, " chart-empty");
    buf_puts(b, "\" role=\"img\" viewBox=\"0 0 ");
    num(b, c->width);
    buf_putc(b, ' ');
    num(b, c->height);
    buf_puts(b, "\" aria-labelledby=\"");
    html_txt(b, id);
    buf_puts(b, "-title ");
    html_txt(b, id);
    buf_puts(b, "-desc\" font-size=\"13\"><title id=\"");
    html_txt(b, id);
    buf_puts(b, "-title\">");
    html_txt(b, c->title);
    buf_puts(b, "</title><desc id=\"");
    html_txt(b, id);
    buf_puts(b, "-desc\">");
    html_txt(b, c->desc);
    buf_puts(b, "</desc>");
    for (size_t i = 0; i < c->nprims; i++)
        prim(b, &c->prims[i]);
    buf_puts(b, "</svg>");
}

void svg_chart_legend(struct buf *b, const struct chart *c)
{
    if (c->nlegend == 0)
        return;
    buf_puts(b, "<ul class=\"chart-legend\">");
    for (size_t i = 0; i < c->nlegend; i++) {
        const struct chart_legend *l = &c->legend[i];
        const char *ink = svg_ink_class(l->ink);
        buf_puts(b, "<li><svg class=\"swatch\" aria-hidden=\"true\" viewBox=\"0 0 24 12\">");
        switch (l->mark) {
        case MARK_BAR:
            buf_printf(b, "<rect class=\"%s f\" x=\"4\" y=\"1\" width=\"16\" height=\"10\"/>", ink);
            break;
        case MARK_DOT:
            buf_printf(b, "<circle class=\"%s f\" cx=\"12\" cy=\"6\" r=\"4\"/>", ink);
            break;
        case MARK_RING:
            buf_printf(b, "<circle class=\"%s r\" cx=\"12\" cy=\"6\" r=\"4\" stroke-width=\"1.5\"%s/>",
                       ink, l->dashed ? " stroke-dasharray=\"2 2\"" : "");
            break;
        default:
            buf_printf(b, "<line class=\"%s s\" x1=\"1\" y1=\"6\" x2=\"23\" y2=\"6\" "
                          "stroke-width=\"2.5\"%s/>",
                       ink, l->dashed ? " stroke-dasharray=\"5 3\"" : "");
            break;
        }
        buf_puts(b, "</svg>");
        html_txt(b, l->label);
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul>");
}
