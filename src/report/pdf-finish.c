/*
 * pdf-finish.c - the language, the tagged flag and the figures' text
 * alternatives, appended to cairo's PDF as an incremental update; see
 * pdf-finish.h.
 *
 * Objects are found through cairo's cross-reference table (never by
 * searching the bytes, which holds compressed streams), and a dictionary
 * is copied up to its matching ">>", minding strings and nested
 * dictionaries.
 */
#include "report/pdf-finish.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJECTS 1000000

struct pdf {
    const char *s;
    size_t len;
    size_t xref;         /* where cairo's "xref" begins */
    size_t nobj;         /* objects in its table (the trailer's /Size) */
    const char *entries; /* the first entry of the table, 20 bytes each */
    long root, info;     /* object numbers; info 0 when none */
};

static const char *find(const char *s, size_t len, const char *needle)
{
    return memmem(s, len, needle, strlen(needle));
}

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* The number after key inside [p, end): "/Size 87" or "/Root 86 0 R". */
static long dict_number(const char *p, const char *end, const char *key)
{
    const char *k = find(p, (size_t)(end - p), key);
    if (k == NULL)
        return -1;
    k += strlen(key);
    while (k < end && is_space(*k))
        k++;
    long v = 0;
    bool any = false;
    while (k < end && *k >= '0' && *k <= '9' && v < MAX_OBJECTS) {
        v = v * 10 + (*k++ - '0');
        any = true;
    }
    return any ? v : -1;
}

/* Past the dictionary that starts at p ("<<"), or NULL. */
static const char *dict_end(const char *p, const char *end)
{
    int depth = 0;
    while (p + 1 < end) {
        if (p[0] == '<' && p[1] == '<') {
            depth++;
            p += 2;
        } else if (p[0] == '>' && p[1] == '>') {
            p += 2;
            if (--depth == 0)
                return p;
        } else if (*p == '(') { /* a string: nested parentheses, escapes */
            int parens = 1;
            for (p++; p < end && parens > 0; p++) {
                if (*p == '\\')
                    p++;
                else if (*p == '(')
                    parens++;
                else if (*p == ')')
                    parens--;
            }
        } else if (*p == '<') { /* a hex string */
            const char *q = memchr(p, '>', (size_t)(end - p));
            if (q == NULL)
                return NULL;
            p = q + 1;
        } else {
            p++;
        }
    }
    return NULL;
}

/* The dictionary of object num: [*a, *b) from "<<" to past ">>". */
static bool object_dict(const struct pdf *f, long num, const char **a, const char **b)
{
    if (num <= 0 || (size_t)num >= f->nobj)
        return false;
    const char *e = f->entries + (size_t)num * 20;
    if (e + 20 > f->s + f->len || e[17] != 'n')
        return false;
    size_t off = strtoul(e, NULL, 10);
    if (off >= f->xref)
        return false;
    char head[32];
    int hl = snprintf(head, sizeof head, "%ld 0 obj", num);
    if (off + (size_t)hl > f->len || memcmp(f->s + off, head, (size_t)hl) != 0)
        return false;
    const char *p = f->s + off + hl, *end = f->s + f->xref;
    while (p < end && is_space(*p))
        p++;
    if (p + 1 >= end || p[0] != '<' || p[1] != '<')
        return false;
    *a = p;
    *b = dict_end(p, end);
    return *b != NULL;
}

static bool read_pdf(struct pdf *f, const char *s, size_t len)
{
    memset(f, 0, sizeof *f);
    f->s = s;
    f->len = len;
    /* the last "startxref" */
    const char *sx = NULL;
    for (const char *p = s; (p = find(p, len - (size_t)(p - s), "startxref")) != NULL; p++)
        sx = p;
    if (sx == NULL)
        return false;
    f->xref = strtoul(sx + 9, NULL, 10);
    if (f->xref + 5 > len || memcmp(s + f->xref, "xref", 4) != 0)
        return false;
    const char *tr = find(s + f->xref, (size_t)(sx - s) - f->xref, "trailer");
    if (tr == NULL)
        return false;
    long size = dict_number(tr, sx, "/Size");
    f->root = dict_number(tr, sx, "/Root");
    f->info = dict_number(tr, sx, "/Info");
    /* cairo writes one subsection, "0 N", from object 0 */
    const char *p = s + f->xref + 4;
    while (p < tr && is_space(*p))
        p++;
    if (size <= 0 || f->root <= 0 || p + 1 >= tr || p[0] != '0' || p[1] != ' ' ||
        strtol(p + 2, NULL, 10) != size)
        return false;
    p = memchr(p, '\n', (size_t)(tr - p));
    if (p == NULL || p + 1 + (size_t)size * 20 > tr)
        return false;
    f->entries = p + 1;
    f->nobj = (size_t)size;
    if (f->info < 0)
        f->info = 0;
    return true;
}

/* s as a PDF text string: UTF-16BE in hex with its byte order mark. */
static void text_string(struct buf *out, const char *s)
{
    buf_puts(out, "<FEFF");
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned cp = 0xFFFD, need = 0;
        if (*u < 0x80) {
            cp = *u++;
        } else {
            if ((*u & 0xE0) == 0xC0)
                cp = *u & 0x1F, need = 1;
            else if ((*u & 0xF0) == 0xE0)
                cp = *u & 0x0F, need = 2;
            else if ((*u & 0xF8) == 0xF0)
                cp = *u & 0x07, need = 3;
            u++;
            for (unsigned k = 0; k < need; k++, u++) {
                if ((*u & 0xC0) != 0x80) {
                    cp = 0xFFFD;
                    break;
                }
                cp = cp << 6 | (*u & 0x3F);
            }
            if (need == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
                cp = 0xFFFD;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            buf_printf(out, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
        } else {
            buf_printf(out, "%04X", cp);
        }
    }
    buf_putc(out, '>');
}

/* Writes object num again: its dictionary with extra entries inside. */
static void rewrite(struct buf *out, long num, const char *a, const char *b, const char *extra)
{
    buf_printf(out, "%ld 0 obj\n", num);
    buf_add(out, a, (size_t)(b - a - 2));
    buf_printf(out, "%s\n>>\nendobj\n", extra);
}

struct change {
    long num;
    size_t off;
};

int pdf_finish(struct buf *pdf, const char *lang, const char *const *alts, size_t nalts,
               struct pace_error *err)
{
    struct pdf f;
    const char *ca, *cb;
    if (lang == NULL || lang[0] == '\0' ||
        strspn(lang, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789") != strlen(lang) ||
        !read_pdf(&f, pdf->data, pdf->len) || !object_dict(&f, f.root, &ca, &cb))
        return pace_fail(err, PACE_EIO, NULL, "%s", _("The report could not be drawn."));
    struct buf up = {0};
    struct change *ch = xcalloc(nalts + 1, sizeof *ch);
    size_t nch = 0, base = pdf->len + (pdf->data[pdf->len - 1] == '\n' ? 0 : 1);
    if (base != pdf->len)
        buf_putc(&up, '\n');

    /* the catalog */
    struct buf extra = {0};
    size_t clen = (size_t)(cb - ca);
    buf_printf(&extra, "\n   /Lang (%s)", lang);
    if (find(ca, clen, "/MarkInfo") == NULL)
        buf_puts(&extra, "\n   /MarkInfo << /Marked true >>");
    if (find(ca, clen, "/ViewerPreferences") == NULL)
        buf_puts(&extra, "\n   /ViewerPreferences << /DisplayDocTitle true >>");
    ch[nch++] = (struct change){f.root, base + up.len};
    rewrite(&up, f.root, ca, cb, extra.data);

    /* the figures, in the order of their objects (cairo numbers the
     * structure tree in reading order) */
    size_t fig = 0;
    for (size_t num = 1; num < f.nobj && fig < nalts; num++) {
        const char *a, *b;
        if (!object_dict(&f, (long)num, &a, &b) || !find(a, (size_t)(b - a), "/StructElem") ||
            !find(a, (size_t)(b - a), "/S /Figure") || find(a, (size_t)(b - a), "/Alt"))
            continue;
        buf_reset(&extra);
        buf_puts(&extra, "\n   /Alt ");
        text_string(&extra, alts[fig] ? alts[fig] : "");
        fig++;
        ch[nch++] = (struct change){(long)num, base + up.len};
        rewrite(&up, (long)num, a, b, extra.data);
    }
    buf_free(&extra);

    /* the cross-reference section: object 0, then one line per change
     * (each its own subsection, so they need not be consecutive) */
    size_t xref = base + up.len;
    buf_puts(&up, "xref\n0 1\n0000000000 65535 f\r\n");
    for (size_t i = 0; i < nch; i++)
        buf_printf(&up, "%ld 1\n%010zu 00000 n\r\n", ch[i].num, ch[i].off);
    buf_printf(&up, "trailer\n<< /Size %zu\n   /Root %ld 0 R\n", f.nobj, f.root);
    if (f.info > 0)
        buf_printf(&up, "   /Info %ld 0 R\n", f.info);
    buf_printf(&up, "   /Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", f.xref, xref);
    buf_add(pdf, up.data, up.len);
    buf_free(&up);
    free(ch);
    return 0;
}
