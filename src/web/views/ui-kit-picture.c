/*
 * ui-kit-picture.c - the picture of her kit: each item's cross-section as
 * a circle, all at one scale, in rows from smallest to largest, with the
 * goals she chose as dashed rings among them (the outer ring the upper end
 * of the goal's approximate range, the inner one its lower end; none when
 * she chose none); then the same facts as a plain table. Long names wrap
 * to a second line instead of being cut. Colours come from CSS classes in
 * app.css (the CSP forbids inline styles), so light and dark both work.
 */
#include "web/views/ui-kit.h"

#include "web/auth.h"

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
#define FONT 12.5     /* label size; matches .kit-lab in app.css */
#define LINE_H 15.0
#define LABEL_CHARS 12 /* a longer name wraps to a second line */
#define WORD_CHARS 16  /* a longer single word is clipped (the table has it whole) */

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
        snprintf(out, n, "%.*s", (int)(n - 1), s);
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
    char top[2][64]; /* the name, on one or two lines */
    int ntop;
    char under[32]; /* the line under it: the diameter */
    double d, dmax; /* mm */
    bool goal;
    size_t order;   /* position before sorting, to break ties */
    double x, w;    /* slot, in units */
    int row;
};

/* The name on one line, or on two split at the space nearest the middle;
 * a single word that is too long is clipped. */
static void name_lines(struct disc *d, const char *s)
{
    d->ntop = 1;
    if (str_utf8_len(s) <= LABEL_CHARS || strchr(s, ' ') == NULL) {
        clip(s, WORD_CHARS, d->top[0], sizeof d->top[0]);
        return;
    }
    size_t len = strlen(s), best = 0;
    for (size_t i = 1; i < len; i++)
        if (s[i] == ' ' &&
            (best == 0 || labs((long)(2 * i) - (long)len) < labs((long)(2 * best) - (long)len)))
            best = i;
    char a[256], b[256];
    snprintf(a, sizeof a, "%.*s", (int)best, s);
    snprintf(b, sizeof b, "%s", s + best + 1);
    clip(a, WORD_CHARS, d->top[0], sizeof d->top[0]);
    clip(b, WORD_CHARS, d->top[1], sizeof d->top[1]);
    d->ntop = 2;
}

static double text_w(const char *s)
{
    return (double)str_utf8_len(s) * FONT * 0.56;
}

static int by_size(const void *a, const void *b)
{
    const struct disc *x = a, *y = b;
    /* A goal sits where its outer ring fits among her sizes. */
    double kx = x->goal ? x->dmax : x->d, ky = y->goal ? y->dmax : y->d;
    if (kx != ky)
        return kx < ky ? -1 : 1;
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
            double w = fmax(ds[i].dmax * MM, fmax(fmax(text_w(ds[i].top[0]), text_w(ds[i].top[1])),
                                                  text_w(ds[i].under)));
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

/* The height of a row's labels under its circles. */
static double label_h(const struct disc *ds, size_t n, int row)
{
    int lines = 1;
    for (size_t i = 0; i < n; i++)
        if (ds[i].row == row && ds[i].ntop > lines)
            lines = ds[i].ntop;
    return (lines + 1) * LINE_H;
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
                     d->dmax * MM / 2);
                if (d->dmax > d->d)
                    svgf(r, "<circle class=\"kit-goal lo\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\"/>",
                         cx, cy, d->d * MM / 2);
            } else {
                if (d->dmax > d->d) /* adjustable: its range around its smallest */
                    svgf(r, "<circle class=\"kit-range\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\"/>",
                         cx, cy, d->dmax * MM / 2);
                svgf(r, "<circle class=\"kit-disc\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\"/>", cx,
                     cy, d->d * MM / 2);
            }
            double ty = top + band + LINE_H;
            for (int k = 0; k < d->ntop; k++) {
                svgf(r,
                     "<text class=\"kit-lab%s\" x=\"%.1f\" y=\"%.1f\" "
                     "text-anchor=\"middle\">",
                     d->goal ? " goal" : "", cx, ty + k * LINE_H);
                html_printf(r, "%s</text>", d->top[k]);
            }
            svgf(r, "<text class=\"kit-dia\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx,
                 ty + d->ntop * LINE_H);
            html_printf(r, "%s</text>", d->under);
        }
        top += band + label_h(ds, n, row) + 14;
    }
    svgf(r, "</svg>");
}

/* A goal's name and approximate range (into her library's words). */
static void goal_words(struct req *r, const struct plan_goal *g, struct goal *v, const char **name)
{
    plan_goal_view(r->app->plans, g, v);
    *name = plan_goal_is_custom(g) ? g->label : _(v->name);
}

static void picture(struct req *r, const struct kit_entry *es, size_t n,
                    const struct plan_goal *goals, size_t ngoals, const char *desc)
{
    size_t nd = n + ngoals;
    struct disc *ds = xcalloc(nd + 1, sizeof *ds);
    for (size_t i = 0; i < n; i++) {
        const struct kit_entry *e = &es[i];
        name_lines(&ds[i], e->label);
        ui_kit_diameter(e->diameter_mm, e->diameter_max_mm, e->item && e->item->assumed,
                        ds[i].under, sizeof ds[i].under);
        ds[i].d = e->diameter_mm;
        ds[i].dmax = e->diameter_max_mm;
    }
    for (size_t g = 0; g < ngoals; g++) {
        struct disc *d = &ds[n + g];
        struct goal v;
        const char *name;
        goal_words(r, &goals[g], &v, &name);
        name_lines(d, name);
        ui_kit_diameter(v.min_mm, v.max_mm, false, d->under, sizeof d->under);
        d->d = v.min_mm;
        d->dmax = v.max_mm;
        d->goal = true;
    }
    for (size_t i = 0; i < nd; i++)
        ds[i].order = i;
    qsort(ds, nd, sizeof *ds, by_size);
    double *rowmax = xcalloc(nd + 1, sizeof *rowmax); /* at most one row per disc */
    int rows = layout(ds, nd, rowmax, nd);
    double height = PAD;
    for (int i = 0; i < rows; i++)
        height += rowmax[i] * MM + label_h(ds, nd, i) + 14;
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

void ui_kit_picture(struct req *r, const struct kit_entry *es, size_t n,
                    const struct plan_goal *goals, size_t ngoals)
{
    char lo[48], hi[48], desc[1400];
    ui_kit_diameter(es[0].diameter_mm, es[0].diameter_mm, false, lo, sizeof lo);
    double top = 0; /* an adjustable device may reach past the last item */
    for (size_t i = 0; i < n; i++)
        top = es[i].diameter_max_mm > top ? es[i].diameter_max_mm : top;
    ui_kit_diameter(top, top, false, hi, sizeof hi);
    /* Her goals, in words: "Tampon (10–20 mm), Intercourse (34–41 mm)". */
    struct buf list = {0};
    for (size_t g = 0; g < ngoals; g++) {
        struct goal v;
        const char *name;
        char range[48];
        goal_words(r, &goals[g], &v, &name);
        ui_kit_diameter(v.min_mm, v.max_mm, false, range, sizeof range);
        buf_printf(&list, "%s%s (%s)", g ? ", " : "", name, range);
    }
    char goals_text[1000] = "";
    if (ngoals > 0)
        snprintf(goals_text, sizeof goals_text,
                 ngettext_("The dashed rings show the goal you chose, as an approximate range "
                           "from its inner to its outer ring: %s.",
                           "The dashed rings show the goals you chose, each as an approximate "
                           "range from its inner to its outer ring: %s.",
                           (long)ngoals),
                 list.data);
    buf_free(&list);
    int len = n == 1 ? snprintf(desc, sizeof desc,
                                _("A circle shows the cross-section of your item, %s."), lo)
                     : snprintf(desc, sizeof desc,
                                _("Circles show the cross-sections of your %zu items side by "
                                  "side, at one scale, from %s to %s."),
                                n, lo, hi);
    if (ngoals > 0 && len > 0 && (size_t)len < sizeof desc)
        snprintf(desc + len, sizeof desc - (size_t)len, " %s", goals_text);
    html_printf(r, "<figure class=\"kit-figure\">");
    picture(r, es, n, goals, ngoals, desc);
    html_printf(r, "<figcaption>%s ", _("Drawn to one scale."));
    if (ngoals > 0)
        html_printf(r, "%s", goals_text);
    else
        html_printf(r, "%s <a href=\"/plan#goals\">%s</a>",
                    _("Goals you choose appear here as dashed rings, for comparison."),
                    _("Choose your goals"));
    html_printf(r, "</figcaption></figure>");
    table(r, es, n);
}
