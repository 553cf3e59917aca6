/*
 * ui-kit-picture.c - the picture of her kit: each item's cross-section as
 * a circle, all at one scale, in rows from smallest to largest, with the
 * goal diameters (slim tampon, intercourse) as dashed rings among them;
 * then the same facts as a plain table. Colours come from CSS classes in
 * app.css (the CSP forbids inline styles), so light and dark both work.
 */
#include "web/views/ui-kit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Layout in SVG user units. The viewBox is VIEW_W wide and scales to the
 * width available (a phone's ~330 px is about one unit per pixel). */
#define VIEW_W 320.0
#define MM 1.8        /* units per millimetre */
#define GAP 10.0      /* between slots */
#define PAD 8.0       /* around the picture */
#define FONT 11.5     /* label size; matches .kit-lab in app.css */
#define LINE_H 14.0
#define LABEL_CHARS 10 /* longer names are clipped (the table has them whole) */

void ui_kit_diameter(double d, double dmax, bool assumed, char *out, size_t n)
{
    char a[16], b[16];
    kit_format_mm(a, sizeof a, d, true);
    if (dmax > d) {
        kit_format_mm(b, sizeof b, dmax, true);
        snprintf(out, n, _("%s–%s mm"), a, b);
    } else {
        snprintf(out, n, _("%s%s mm"), assumed ? "≈ " : "", a);
    }
}

void ui_kit_name(const struct kit_entry *e, char *out, size_t n)
{
    if (e->line_name == NULL || strcmp(e->line_name, e->label) == 0)
        snprintf(out, n, "%s", e->label);
    else
        snprintf(out, n, "%s %s", e->line_name, e->label);
}

/* s clipped to max characters (UTF-8), the last being "…" when cut. */
static void clip(const char *s, size_t max, char *out, size_t n)
{
    if (str_utf8_len(s) <= max) {
        snprintf(out, n, "%s", s);
        return;
    }
    size_t i = 0;
    for (size_t chars = 0; s[i] && chars + 1 < max; chars++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    snprintf(out, n, "%.*s…", (int)i, s);
}

/* Numbers only: nothing here comes from a person. */
static void svgf(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void svgf(struct req *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&r->out, fmt, ap);
    va_end(ap);
}

struct disc {
    char top[48];   /* first label line */
    char under[32]; /* second label line: the diameter */
    double d, dmax; /* mm */
    bool goal;
    size_t order;   /* position before sorting, to break ties */
    double x, w;    /* slot, in units */
    int row;
};

static double text_w(const char *s)
{
    return (double)str_utf8_len(s) * FONT * 0.56;
}

static int by_size(const void *a, const void *b)
{
    const struct disc *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    if (x->goal != y->goal)
        return x->goal ? 1 : -1; /* a goal after items of its size */
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Puts discs in rows that fit VIEW_W, each row centred; returns the row
 * count and fills each row's largest diameter into rowmax. */
static int layout(struct disc *ds, size_t n, double *rowmax, size_t maxrows)
{
    int row = 0;
    double x = 0;
    size_t first = 0;
    rowmax[0] = 0;
    for (size_t i = 0; i <= n; i++) {
        bool wrap = i == n;
        if (i < n) {
            double w = fmax(ds[i].dmax * MM, fmax(text_w(ds[i].top), text_w(ds[i].under)));
            ds[i].w = w;
            wrap = x > 0 && x + w > VIEW_W - 2 * PAD && (size_t)row + 1 < maxrows;
        }
        if (wrap) {
            double shift = (VIEW_W - (x - GAP)) / 2; /* centre the finished row */
            for (size_t k = first; k < i; k++)
                ds[k].x += shift;
            if (i == n)
                break;
            row++;
            rowmax[row] = 0;
            x = 0;
            first = i;
        }
        ds[i].x = x;
        ds[i].row = row;
        x += ds[i].w + GAP;
        rowmax[row] = fmax(rowmax[row], ds[i].dmax);
    }
    return row + 1;
}

static void draw(struct req *r, const struct disc *ds, size_t n, const double *rowmax,
                 int rows, double height, const char *desc)
{
    svgf(r, "<svg class=\"kit-art\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "aria-labelledby=\"kit-art-t\" aria-describedby=\"kit-art-d\">",
         VIEW_W, height);
    html_printf(r, "<title id=\"kit-art-t\">%s</title><desc id=\"kit-art-d\">%s</desc>",
                _("Your kit, drawn to scale"), desc);
    double top = PAD;
    for (int row = 0; row < rows; row++) {
        double band = rowmax[row] * MM;
        for (size_t i = 0; i < n; i++) {
            const struct disc *d = &ds[i];
            if (d->row != row)
                continue;
            double cx = d->x + d->w / 2, cy = top + band / 2;
            if (d->goal) {
                svgf(r, "<circle class=\"kit-goal\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\"/>", cx, cy,
                     d->d * MM / 2);
            } else {
                if (d->dmax > d->d) /* adjustable: its range around its smallest */
                    svgf(r, "<circle class=\"kit-range\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\"/>",
                         cx, cy, d->dmax * MM / 2);
                svgf(r, "<circle class=\"kit-disc\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\"/>", cx,
                     cy, d->d * MM / 2);
            }
            double ty = top + band + LINE_H;
            svgf(r, "<text class=\"kit-lab%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                 d->goal ? " goal" : "", cx, ty);
            html_printf(r, "%s</text>", d->top);
            svgf(r, "<text class=\"kit-dia\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx,
                 ty + LINE_H);
            html_printf(r, "%s</text>", d->under);
        }
        top += band + 2 * LINE_H + 14;
    }
    svgf(r, "</svg>");
}

static void picture(struct req *r, const struct kit_entry *es, size_t n, const char *desc)
{
    size_t nd = n + 2;
    struct disc *ds = xcalloc(nd, sizeof *ds);
    for (size_t i = 0; i < n; i++) {
        const struct kit_entry *e = &es[i];
        clip(e->label, LABEL_CHARS, ds[i].top, sizeof ds[i].top);
        ui_kit_diameter(e->diameter_mm, e->diameter_max_mm, e->item && e->item->assumed,
                        ds[i].under, sizeof ds[i].under);
        ds[i].d = e->diameter_mm;
        ds[i].dmax = e->diameter_max_mm;
    }
    static const struct {
        const char *word;
        double mm;
    } goals[2] = {{N_("Tampon"), KIT_GOAL_TAMPON_MM}, {N_("Intercourse"), KIT_GOAL_INTERCOURSE_MM}};
    for (size_t g = 0; g < 2; g++) {
        struct disc *d = &ds[n + g];
        snprintf(d->top, sizeof d->top, "%s", _(goals[g].word));
        ui_kit_diameter(goals[g].mm, goals[g].mm, true, d->under, sizeof d->under);
        d->d = d->dmax = goals[g].mm;
        d->goal = true;
    }
    for (size_t i = 0; i < nd; i++)
        ds[i].order = i;
    qsort(ds, nd, sizeof *ds, by_size);
    double *rowmax = xcalloc(nd, sizeof *rowmax); /* at most one row per disc */
    int rows = layout(ds, nd, rowmax, nd);
    double height = PAD;
    for (int i = 0; i < rows; i++)
        height += rowmax[i] * MM + 2 * LINE_H + 14;
    draw(r, ds, nd, rowmax, rows, ceil(height), desc);
    free(rowmax);
    free(ds);
}

/* Three columns, so it stays readable on a phone: the length (when
 * known) goes under the diameter. */
static void table(struct req *r, const struct kit_entry *es, size_t n)
{
    html_printf(r,
                "<div class=\"kit-table-wrap\"><table class=\"kit-table\"><caption>%s</caption>"
                "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>",
                _("Your kit, smallest first"), _("Item"), _("Size"), _("Material"));
    for (size_t i = 0; i < n; i++) {
        const struct kit_entry *e = &es[i];
        char name[128], dia[48];
        ui_kit_name(e, name, sizeof name);
        ui_kit_diameter(e->diameter_mm, e->diameter_max_mm, e->item && e->item->assumed, dia,
                        sizeof dia);
        html_printf(r, "<tr><th scope=\"row\">%s", name);
        if (e->custom)
            html_printf(r, " <span class=\"meta-inline\">(%s)</span>", _("your own"));
        html_printf(r, "</th><td><span class=\"kit-nowrap\">%s</span>", dia);
        if (e->length_mm > 0) {
            char num[16], len[48];
            kit_format_mm(num, sizeof num, e->length_mm, true);
            snprintf(len, sizeof len, _("%s mm long"), num);
            html_printf(r, "<span class=\"meta\">%s</span>", len);
        }
        html_printf(r, "</td><td>%s</td></tr>", material_label(e->material));
    }
    html_printf(r, "</tbody></table></div>");
}

void ui_kit_picture(struct req *r, const struct kit_entry *es, size_t n)
{
    char lo[48], hi[48], tampon[48], inter[48], goals[400], desc[800];
    ui_kit_diameter(es[0].diameter_mm, es[0].diameter_mm, false, lo, sizeof lo);
    double top = 0; /* an adjustable device may reach past the last item */
    for (size_t i = 0; i < n; i++)
        top = es[i].diameter_max_mm > top ? es[i].diameter_max_mm : top;
    ui_kit_diameter(top, top, false, hi, sizeof hi);
    ui_kit_diameter(KIT_GOAL_TAMPON_MM, KIT_GOAL_TAMPON_MM, false, tampon, sizeof tampon);
    ui_kit_diameter(KIT_GOAL_INTERCOURSE_MM, KIT_GOAL_INTERCOURSE_MM, false, inter, sizeof inter);
    snprintf(goals, sizeof goals,
             _("The dashed rings are goals for comparison, both approximate: a slim tampon "
               "(about %s) and intercourse (about %s, the average erect penis)."),
             tampon, inter);
    int len = n == 1 ? snprintf(desc, sizeof desc,
                                _("A circle shows the cross-section of your item, %s."), lo)
                     : snprintf(desc, sizeof desc,
                                _("Circles show the cross-sections of your %zu items side by "
                                  "side, at one scale, from %s to %s."),
                                n, lo, hi);
    if (len > 0 && (size_t)len < sizeof desc)
        snprintf(desc + len, sizeof desc - (size_t)len, " %s", goals);
    html_printf(r, "<figure class=\"kit-figure\">");
    picture(r, es, n, desc);
    html_printf(r, "<figcaption>%s %s</figcaption></figure>", _("Drawn to one scale."), goals);
    table(r, es, n);
}
