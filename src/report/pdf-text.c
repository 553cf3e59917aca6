/*
 * pdf-text.c - pango text for the report, with fonts from a private
 * fontconfig configuration; see pdf-text.h.
 */
#include "report/pdf-text.h"

#include "core/i18n.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef REPORT_FONT_ROOT
#define REPORT_FONT_ROOT "/usr/share/fonts"
#endif

/* In fallback order; a missing file is skipped. */
static const char *const files[] = {
    "truetype/dejavu/DejaVuSans.ttf",
    "truetype/dejavu/DejaVuSans-Bold.ttf",
    "opentype/ipafont-gothic/ipag.ttf",
    "truetype/wqy/wqy-microhei.ttc",
    "truetype/ancient-scripts/Symbola_hint.ttf",
};

/* DejaVu Sans draws some emoji too, in its own style; they are taken out
 * of its character set when it is read, so all emoji come from Symbola. */
static const char rules[] =
    "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">"
    "<fontconfig><match target=\"scan\"><test name=\"family\"><string>DejaVu Sans</string>"
    "</test><edit name=\"charset\" mode=\"assign\"><minus><name>charset</name><charset>"
    "<range><int>0x1F000</int><int>0x1FAFF</int></range>"
    "</charset></minus></edit></match></fontconfig>";

/* fontconfig keeps offsets rather than pointers inside its patterns, so a
 * leak checker takes the fonts read once (and kept for the process) for
 * leaks; a sanitizer build is told so. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PDF_TEXT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(PDF_TEXT_ASAN)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static FcConfig *fonts_config; /* kept for the life of the process */
static struct buf fonts_families;

/* Adds a file's faces and appends each new family (the first name of
 * the face, once) to the fallback list. */
static void add_file(const char *path)
{
    FcFontSet *before = FcConfigGetFonts(fonts_config, FcSetApplication);
    int had = before ? before->nfont : 0;
    if (!FcConfigAppFontAddFile(fonts_config, (const FcChar8 *)path))
        return;
    FcFontSet *set = FcConfigGetFonts(fonts_config, FcSetApplication);
    for (int i = had; set && i < set->nfont; i++) {
        FcChar8 *family;
        if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family) != FcResultMatch)
            continue;
        /* not the monospaced face of a collection */
        if (strstr((const char *)family, "Mono"))
            continue;
        char quoted[256];
        snprintf(quoted, sizeof quoted, "%s,", (const char *)family);
        bool seen = false;
        for (const char *p = fonts_families.data; p && !seen;) {
            const char *hit = strstr(p, quoted);
            if (hit == NULL)
                break;
            seen = hit == fonts_families.data || hit[-1] == ',';
            p = hit + 1;
        }
        if (!seen)
            buf_puts(&fonts_families, quoted);
    }
}

static void fonts_init(void)
{
    fonts_config = FcConfigCreate();
    if (fonts_config == NULL)
        return;
    if (!FcConfigParseAndLoadFromMemory(fonts_config, (const FcChar8 *)rules, FcTrue)) {
        FcConfigDestroy(fonts_config);
        fonts_config = NULL;
        return;
    }
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", REPORT_FONT_ROOT, files[i]);
        add_file(path);
    }
    if (fonts_families.len == 0) {
        FcConfigDestroy(fonts_config);
        fonts_config = NULL;
        return;
    }
    fonts_families.data[--fonts_families.len] = '\0'; /* the last comma */
}

const char *pdf_text_families(void)
{
    pthread_once(&fonts_once, fonts_init);
    return fonts_config ? fonts_families.data : "";
}

int pdf_text_open(struct pdf_text *t, const char *lang, struct pace_error *err)
{
    memset(t, 0, sizeof *t);
    pthread_once(&fonts_once, fonts_init);
    if (fonts_config == NULL)
        return pace_fail(err, PACE_EIO, NULL, "%s",
                         _("The report could not be drawn: its fonts are missing."));
    t->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (t->map == NULL)
        return pace_fail(err, PACE_EIO, NULL, "%s",
                         _("The report could not be drawn: its fonts are missing."));
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(t->map), fonts_config);
    /* one point is one unit of the page */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(t->map), 72.0);
    t->ctx = pango_font_map_create_context(t->map);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(t->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(t->ctx, FALSE);
    pango_context_set_language(t->ctx, pango_language_from_string(lang ? lang : "en"));
    return 0;
}

void pdf_text_close(struct pdf_text *t)
{
    if (t->ctx)
        g_object_unref(t->ctx);
    if (t->map)
        g_object_unref(t->map);
    memset(t, 0, sizeof *t);
}

void pdf_text_bind(struct pdf_text *t, cairo_t *cr)
{
    pango_cairo_update_context(cr, t->ctx);
}

PangoLayout *pdf_text_layout(struct pdf_text *t, const char *s, bool bold, double size,
                             enum pdf_fit fit, double width)
{
    PangoLayout *l = pango_layout_new(t->ctx);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family_static(fd, fonts_families.data);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, s ? s : "", -1);
    if (fit != FIT_NONE && width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        if (fit == FIT_WRAP) {
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        } else {
            pango_layout_set_single_paragraph_mode(l, TRUE);
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        }
    }
    return l;
}

double pdf_text_layout_width(PangoLayout *l)
{
    int widest = 0;
    for (GSList *it = pango_layout_get_lines_readonly(l); it; it = it->next) {
        PangoRectangle logical;
        pango_layout_line_get_extents(it->data, NULL, &logical);
        if (logical.width > widest)
            widest = logical.width;
    }
    return (double)widest / PANGO_SCALE;
}

double pdf_text_width(struct pdf_text *t, const char *s, bool bold, double size)
{
    PangoLayout *l = pdf_text_layout(t, s, bold, size, FIT_NONE, 0);
    double w = pdf_text_layout_width(l);
    g_object_unref(l);
    return w;
}

void pdf_text_show(cairo_t *cr, PangoLayout *l, double x, double baseline)
{
    cairo_move_to(cr, x, baseline - (double)pango_layout_get_baseline(l) / PANGO_SCALE);
    pango_cairo_show_layout(cr, l);
    cairo_new_path(cr);
}

void pdf_text_show_line(cairo_t *cr, PangoLayout *l, int i, double x, double baseline)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    for (int k = 0; k < i && pango_layout_iter_next_line(it); k++)
        ;
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    cairo_move_to(cr, x + (double)logical.x / PANGO_SCALE, baseline);
    pango_cairo_show_layout_line(cr, line);
    cairo_new_path(cr);
    pango_layout_iter_free(it);
}
