/*
 * pdf-text.h - the report's text with pango: what she writes (Latin,
 * Greek, Cyrillic, Hebrew and Arabic in their right order, Japanese,
 * Chinese, Korean, emoji) is broken into lines, ordered (fribidi) and
 * shaped (HarfBuzz) by pango and drawn with cairo.
 *
 * The fonts come from one private fontconfig configuration that lists
 * known font files from Debian packages (and nothing of the machine's own
 * font set-up), with one fixed fallback order:
 *   DejaVu Sans (fonts-dejavu-core): Latin, Greek, Cyrillic, Hebrew,
 *   Arabic, Armenian, Georgian and more;
 *   IPAGothic (fonts-ipafont-gothic) for Japanese, then WenQuanYi Micro
 *   Hei (fonts-wqy-microhei) for Chinese and Korean;
 *   Symbola (fonts-symbola): emoji (to Unicode 9) as outlines that print
 *   and copy as text.
 * The same text gives the same PDF on every machine with these packages.
 */
#ifndef PACE_PDF_TEXT_H
#define PACE_PDF_TEXT_H

#include "core/err.h"
#include "core/util.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

/* One document's text: a font map and a context of its own (pango's
 * font maps are not shared between threads). */
struct pdf_text {
    PangoFontMap *map;
    PangoContext *ctx;
};

/* Opens the text of one document in the language lang ("en", "de": line
 * breaking and the choice of CJK glyphs follow it). The fonts are read
 * once per process. PACE_EIO when none of them could be loaded. */
int pdf_text_open(struct pdf_text *t, const char *lang, struct pace_error *err);
void pdf_text_close(struct pdf_text *t);
/* Matches the text to cr's surface; call once after creating cr. Text is
 * measured the same on every surface (unhinted, unrounded), so a trial run
 * on a recording surface measures what the PDF shows. */
void pdf_text_bind(struct pdf_text *t, cairo_t *cr);

/* How a layout treats a text wider than its width. */
enum pdf_fit {
    FIT_NONE = 0, /* one line per paragraph, as wide as it is */
    FIT_WRAP,     /* wrapped at width: between words, inside a word only when it must */
    FIT_CLIP,     /* one line, ending in "…" when cut */
};

/* A layout of s (UTF-8) in the report's font, size in points, bold or
 * not; width in points for FIT_WRAP and FIT_CLIP. Each paragraph takes
 * its direction from its first strong letter: a Hebrew or Arabic note
 * reads from the right. Release with g_object_unref. */
PangoLayout *pdf_text_layout(struct pdf_text *t, const char *s, bool bold, double size,
                             enum pdf_fit fit, double width);
/* The width of s on one line, in points. */
double pdf_text_width(struct pdf_text *t, const char *s, bool bold, double size);
/* The widest line of a layout, in points. */
double pdf_text_layout_width(PangoLayout *l);
/* Draws the layout with its first baseline at (x, baseline). */
void pdf_text_show(cairo_t *cr, PangoLayout *l, double x, double baseline);
/* Draws line i (0-based) of the layout with its baseline at (x, baseline);
 * x is the left edge of the layout's box (RTL lines keep their alignment). */
void pdf_text_show_line(cairo_t *cr, PangoLayout *l, int i, double x, double baseline);

/* The family list of the fallback order above, for tests and docs. */
const char *pdf_text_families(void);

#endif
