/*
 * pdf-doc.c - pages, text blocks and structure tags for the report; see
 * pdf-doc.h.
 */
#include "report/pdf-doc.h"

#include "core/i18n.h"
#include "core/kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const double C_INK[3] = {0.13, 0.13, 0.15};
const double C_MUTED[3] = {0.36, 0.36, 0.38};
const double C_ACCENT[3] = {0.15, 0.40, 0.42};
const double C_RULE[3] = {0.80, 0.82, 0.81};
const double C_BAND[3] = {0.945, 0.955, 0.95};

void doc_tag_begin(struct doc *doc, const char *tag)
{
    if (doc->ntags >= DOC_TAG_DEPTH)
        return;
    doc->tags[doc->ntags++] = tag;
    if (doc->tagged)
        cairo_tag_begin(doc->cr, tag, NULL);
}

void doc_tag_end(struct doc *doc)
{
    if (doc->ntags == 0)
        return;
    const char *tag = doc->tags[--doc->ntags];
    if (doc->tagged)
        cairo_tag_end(doc->cr, tag);
}

void doc_colour(struct doc *doc, const double c[3])
{
    cairo_set_source_rgb(doc->cr, c[0], c[1], c[2]);
}

double doc_text_width(struct doc *doc, const char *s, bool bold, double size)
{
    return pdf_text_width(&doc->text, s, bold, size);
}

void doc_text(struct doc *doc, double x, double y, const char *s, bool bold, double size)
{
    PangoLayout *l = pdf_text_layout(&doc->text, s, bold, size, FIT_NONE, 0);
    pdf_text_show(doc->cr, l, x, y);
    g_object_unref(l);
}

void doc_text_right(struct doc *doc, double right, double y, const char *s, bool bold, double size)
{
    PangoLayout *l = pdf_text_layout(&doc->text, s, bold, size, FIT_NONE, 0);
    pdf_text_show(doc->cr, l, right - pdf_text_layout_width(l), y);
    g_object_unref(l);
}

void doc_text_fit(struct doc *doc, double x, double y, double width, const char *s, bool bold,
                  double size)
{
    PangoLayout *l = pdf_text_layout(&doc->text, s, bold, size, FIT_CLIP, width);
    pdf_text_show(doc->cr, l, x, y);
    g_object_unref(l);
}

void doc_footer(struct doc *doc)
{
    cairo_t *cr = doc->cr;
    doc_colour(doc, C_RULE);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN_X, PAGE_H - 44);
    cairo_line_to(cr, PAGE_W - MARGIN_X, PAGE_H - 44);
    cairo_stroke(cr);
    doc_colour(doc, C_MUTED);
    char left[160], page[64];
    snprintf(left, sizeof left, _("Generated %s with Pace. Self-reported practice records."),
             doc->generated);
    layout_page_label(doc->page, doc->total > 0 ? doc->total : doc->page, page, sizeof page);
    double pw = doc_text_width(doc, page, false, SZ_SMALL);
    doc_text_fit(doc, MARGIN_X, PAGE_H - 32, CONTENT_W - pw - 12, left, false, SZ_SMALL);
    doc_text(doc, PAGE_W - MARGIN_X - pw, PAGE_H - 32, page, false, SZ_SMALL);
}

void doc_next_page(struct doc *doc)
{
    const char *open[DOC_TAG_DEPTH];
    int n = doc->ntags;
    memcpy(open, doc->tags, sizeof open);
    while (doc->ntags > 0)
        doc_tag_end(doc);
    doc_footer(doc);
    cairo_show_page(doc->cr);
    doc->page++;
    doc->y = TOP;
    for (int i = 0; i < n; i++)
        doc_tag_begin(doc, open[i]);
}

bool doc_need(struct doc *doc, double h)
{
    if (doc->overflow)
        return false;
    if (layout_fits(doc->y, h, BOTTOM))
        return true;
    if (doc->page >= REPORT_MAX_PAGES) {
        doc->overflow = true;
        return false;
    }
    doc_next_page(doc);
    return true;
}

/* s from byte start on, with runs of whitespace folded into one space. */
static char *folded(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n + 1), *o = out;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
            space = o > out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

size_t doc_paragraph(struct doc *doc, double x, double w, const char *s, bool bold, double size,
                     size_t max_lines, bool *cut)
{
    if (cut)
        *cut = false;
    if (s == NULL)
        return 0;
    size_t len = strlen(s);
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return 0;
    char *text = xstrndup(s, len);
    PangoLayout *l = pdf_text_layout(&doc->text, text, bold, size, FIT_WRAP, w);
    size_t n = (size_t)pango_layout_get_line_count(l);
    size_t show = max_lines && n > max_lines ? max_lines : n, drawn = 0;
    double lh = size * LEAD;
    for (size_t i = 0; i < show; i++) {
        if (!doc_need(doc, lh))
            break;
        if (i + 1 == show && show < n) {
            /* the last line shown: the rest of the note on one line, cut
             * with "…" */
            PangoLayoutLine *line = pango_layout_get_line_readonly(l, (int)i);
            char *rest = folded(text + line->start_index);
            PangoLayout *c = pdf_text_layout(&doc->text, rest, bold, size, FIT_CLIP, w);
            pdf_text_show(doc->cr, c, x, doc->y + size);
            if (cut)
                *cut = pango_layout_is_ellipsized(c);
            g_object_unref(c);
            free(rest);
        } else {
            pdf_text_show_line(doc->cr, l, (int)i, x, doc->y + size);
        }
        doc->y += lh;
        drawn++;
    }
    g_object_unref(l);
    free(text);
    return drawn;
}

bool doc_heading(struct doc *doc, const char *title)
{
    /* a heading never sits alone at the bottom of a page */
    if (!doc_need(doc, SZ_HEAD * 1.6 + 34))
        return false;
    doc->y += 8;
    doc_colour(doc, C_ACCENT);
    doc_tag_begin(doc, "H2");
    doc_text_fit(doc, MARGIN_X, doc->y + SZ_HEAD, CONTENT_W, title, true, SZ_HEAD);
    doc_tag_end(doc);
    doc->y += SZ_HEAD + 4;
    doc_colour(doc, C_RULE);
    cairo_set_line_width(doc->cr, 0.6);
    cairo_move_to(doc->cr, MARGIN_X, doc->y);
    cairo_line_to(doc->cr, PAGE_W - MARGIN_X, doc->y);
    cairo_stroke(doc->cr);
    doc->y += 6;
    return true;
}

void doc_fact(struct doc *doc, const char *label, const char *value)
{
    const double lw = 128;
    if (!doc_need(doc, SZ_BODY * LEAD))
        return;
    doc_tag_begin(doc, "P");
    doc_colour(doc, C_MUTED);
    doc_text_fit(doc, MARGIN_X, doc->y + SZ_BODY, lw - 6, label, false, SZ_BODY);
    doc_colour(doc, C_INK);
    doc_paragraph(doc, MARGIN_X + lw, CONTENT_W - lw, value, false, SZ_BODY, 0, NULL);
    doc_tag_end(doc);
}

void doc_body(struct doc *doc, const char *s, bool muted)
{
    doc_colour(doc, muted ? C_MUTED : C_INK);
    doc_tag_begin(doc, "P");
    doc_paragraph(doc, MARGIN_X, CONTENT_W, s, false, SZ_BODY, 0, NULL);
    doc_tag_end(doc);
}

void doc_date(const struct doc *doc, int64_t t, char *out, size_t n)
{
    i18n_format_date(out, n, t, tz_offset_min(doc->zone, t));
}

void doc_datetime(const struct doc *doc, int64_t t, char *out, size_t n)
{
    i18n_format_datetime(out, n, t, tz_offset_min(doc->zone, t));
}

void doc_mm(double mm, char *out, size_t n)
{
    char num[16];
    kit_format_mm(num, sizeof num, mm, true);
    snprintf(out, n, "%s mm", num);
}
