/*
 * guide.c - reading the guide's articles: the header, the body (checked
 * node by node and rendered with cmark's safe defaults, headings given
 * their ids), the source list, and the checks across both languages.
 * Word counting and search are in guide_text.c.
 */
#include "core/guide.h"
#include "core/guide_priv.h"
#include "core/util.h"

#include <cmark.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmark's defaults are safe: raw HTML is omitted and javascript:, vbscript:,
 * file: and most data: links are dropped. Never add CMARK_OPT_UNSAFE. */
#define GUIDE_CMARK_OPTS CMARK_OPT_DEFAULT
_Static_assert((GUIDE_CMARK_OPTS & CMARK_OPT_UNSAFE) == 0, "the guide renders in safe mode");

static const char *const theme_keys[GUIDE_THEME_COUNT] = {
    "start", "understanding", "care", "practice", "together", "situations",
};
static const char *const theme_labels[GUIDE_THEME_COUNT] = {
    N_("First steps"), N_("Understanding vaginismus"), N_("Getting care"), N_("Practising at home"),
    N_("Together"),    N_("Special situations"),
};

const char *guide_theme_key(enum guide_theme t)
{
    return t < GUIDE_THEME_COUNT ? theme_keys[t] : "";
}

const char *guide_theme_label(enum guide_theme t)
{
    return t < GUIDE_THEME_COUNT ? theme_labels[t] : "";
}

/* The header's keys (enum guide_hkey), each required exactly once. */
static const char *const hkeys[K_COUNT] = {"slug",  "title",    "summary", "theme",
                                           "order", "reviewed", "sources"};

int guide_bad(struct pace_error *err, const char *file, int line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pace_fail(err, PACE_EINVAL, NULL, "%s:%d: %s", file, line, msg);
}

bool guide_id_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n >= max || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && s[i + 1] == '-'))
            return false;
    }
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool date_ok(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

/* The language from the folder the file is in, and the slug from its name. */
static int file_parts(const char *file, enum lang *lang, char *slug, size_t n,
                      struct pace_error *err)
{
    const char *base = strrchr(file, '/');
    if (base == NULL)
        return guide_bad(err, file, 1, "an article must be in a folder named en or de");
    const char *dir = base;
    while (dir > file && dir[-1] != '/')
        dir--;
    size_t dlen = (size_t)(base - dir);
    if (dlen == 2 && strncmp(dir, "en", 2) == 0)
        *lang = LANG_EN;
    else if (dlen == 2 && strncmp(dir, "de", 2) == 0)
        *lang = LANG_DE;
    else
        return guide_bad(err, file, 1, "an article must be in a folder named en or de");
    base++;
    size_t blen = strlen(base);
    if (blen < 4 || strcmp(base + blen - 3, ".md") != 0 || blen - 3 >= n)
        return guide_bad(err, file, 1, "an article's file name must be its slug and end in .md");
    memcpy(slug, base, blen - 3);
    slug[blen - 3] = '\0';
    return 0;
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return xstrndup(s, n);
}

static int parse_sources(const struct guide *g, const char *file, int line, const char *v,
                         struct guide_article *a, struct pace_error *err)
{
    const char *p = v;
    while (*p) {
        size_t n = strcspn(p, ",");
        char *key = trim_dup(p, n);
        int rc = 0;
        if (!guide_id_ok(key, 64))
            rc = guide_bad(err, file, line,
                           "\"%s\" is not a source key (lower-case words and hyphens)", key);
        for (size_t i = 0; rc == 0 && i < a->nsources; i++)
            if (strcmp(a->sources[i], key) == 0)
                rc = guide_bad(err, file, line, "source \"%s\" is listed twice", key);
        if (rc == 0 && g && guide_source_find(g, key) == NULL)
            rc = guide_bad(err, file, line,
                           "unknown source key \"%s\": add an entry \"### ... {#%s}\" to "
                           "docs/clinical-sources.md",
                           key, key);
        if (rc != 0) {
            free(key);
            return rc;
        }
        a->sources = xrealloc(a->sources, (a->nsources + 1) * sizeof *a->sources);
        a->sources[a->nsources++] = key;
        p += n;
        if (*p == ',')
            p++;
    }
    if (a->nsources == 0)
        return guide_bad(err, file, line, "an article needs at least one source");
    return 0;
}

/* One "key: value" line of the header. */
static int header_line(const struct guide *g, const char *file, int line, const char *s, size_t n,
                       struct guide_article *a, bool *seen, struct pace_error *err)
{
    const char *colon = memchr(s, ':', n);
    if (colon == NULL)
        return guide_bad(err, file, line, "a header line is \"key: value\"; this one has no colon");
    char *key = trim_dup(s, (size_t)(colon - s));
    char *val = trim_dup(colon + 1, n - (size_t)(colon + 1 - s));
    int k = -1;
    for (int i = 0; i < K_COUNT; i++)
        if (strcmp(key, hkeys[i]) == 0)
            k = i;
    int rc = 0;
    if (k < 0)
        rc = guide_bad(err, file, line,
                       "unknown header key \"%s\" (known: slug, title, summary, theme, order, "
                       "reviewed, sources)",
                       key);
    else if (seen[k])
        rc = guide_bad(err, file, line, "\"%s\" is given twice", key);
    else if (*val == '\0')
        rc = guide_bad(err, file, line, "\"%s\" is empty", key);
    if (rc != 0) {
        free(key);
        free(val);
        return rc;
    }
    seen[k] = true;
    a->lines[k] = line;
    size_t chars = str_utf8_len(val);
    switch ((enum guide_hkey)k) {
    case K_SLUG:
        if (!guide_id_ok(val, GUIDE_SLUG_MAX))
            rc = guide_bad(err, file, line,
                           "the slug \"%s\" must be lower-case words joined by hyphens", val);
        else if (strcmp(val, a->slug) != 0)
            rc = guide_bad(err, file, line, "the slug \"%s\" must match the file name (%s.md)", val,
                           a->slug);
        break;
    case K_TITLE:
        if (chars > 90)
            rc = guide_bad(err, file, line, "the title is longer than 90 characters");
        else
            a->title = xstrdup(val);
        break;
    case K_SUMMARY:
        if (chars > 200)
            rc = guide_bad(err, file, line, "the summary is longer than 200 characters");
        else
            a->summary = xstrdup(val);
        break;
    case K_THEME:
        rc = guide_bad(
            err, file, line,
            "unknown theme \"%s\" (known: start, understanding, care, practice, together, "
            "situations)",
            val);
        for (int t = 0; t < GUIDE_THEME_COUNT; t++)
            if (strcmp(val, theme_keys[t]) == 0) {
                a->theme = (enum guide_theme)t;
                pace_error_clear(err);
                rc = 0;
            }
        break;
    case K_ORDER: {
        char *end;
        long v = strtol(val, &end, 10);
        if (!isdigit((unsigned char)val[0]) || *end || v < 1 || v > 999)
            rc = guide_bad(err, file, line, "the order must be a whole number from 1 to 999");
        a->order = (int)v;
        break;
    }
    case K_REVIEWED:
        if (!date_ok(val)) {
            rc = guide_bad(err, file, line, "the reviewed date must be a real date as YYYY-MM-DD");
        } else {
            snprintf(a->reviewed, sizeof a->reviewed, "%s", val);
            a->reviewed_at =
                days_from_civil(atoi(val), atoi(val + 5), atoi(val + 8)) * 86400 + 12 * 3600;
        }
        break;
    case K_SOURCES:
        rc = parse_sources(g, file, line, val, a, err);
        break;
    case K_COUNT:
        break;
    }
    free(key);
    free(val);
    return rc;
}

int guide_parse_header(const struct guide *g, const char *file, const char *data, size_t len,
                       struct guide_article *a, size_t *body_off, int *body_line,
                       struct pace_error *err)
{
    memset(a, 0, sizeof *a);
    a->file = xstrdup(file);
    int rc = file_parts(file, &a->lang, a->slug, sizeof a->slug, err);
    if (rc != 0)
        return rc;
    if (len > GUIDE_FILE_MAX)
        return guide_bad(err, file, 1, "an article may be at most 64 KiB");
    if (!str_valid_text(data, len))
        return guide_bad(err, file, 1, "the file is not UTF-8 text");
    bool seen[K_COUNT] = {false};
    size_t pos = 0;
    int line = 0;
    bool open = false;
    while (pos < len) {
        size_t n = 0;
        while (pos + n < len && data[pos + n] != '\n')
            n++;
        const char *s = data + pos;
        size_t ln = n && s[n - 1] == '\r' ? n - 1 : n;
        line++;
        pos += n + (pos + n < len);
        bool fence = ln == 3 && memcmp(s, "---", 3) == 0;
        if (line == 1) {
            if (!fence)
                return guide_bad(err, file, 1,
                                 "an article starts with a header between two lines "
                                 "of \"---\"");
            open = true;
            continue;
        }
        if (fence) {
            open = false;
            break;
        }
        if (ln == 0)
            return guide_bad(err, file, line,
                             "the header has an empty line; close it with \"---\"");
        if ((rc = header_line(g, file, line, s, ln, a, seen, err)) != 0)
            return rc;
    }
    if (open)
        return guide_bad(err, file, line ? line : 1,
                         "the header is not closed with a line \"---\"");
    for (int k = 0; k < K_COUNT; k++)
        if (!seen[k])
            return guide_bad(err, file, line, "the header has no \"%s\"", hkeys[k]);
    *body_off = pos;
    *body_line = line + 1;
    return 0;
}

void guide_article_clear(struct guide_article *a)
{
    free(a->file);
    free(a->title);
    free(a->summary);
    for (size_t i = 0; i < a->nsources; i++)
        free(a->sources[i]);
    free(a->sources);
    free(a->html);
    for (size_t i = 0; i < a->ntoc; i++) {
        free(a->toc[i].id);
        free(a->toc[i].text);
    }
    free(a->toc);
    free(a->text);
    free(a->tokens);
    free(a->folds);
    free(a->words_sorted);
    for (size_t i = 0; i < a->nlinks; i++)
        free(a->links[i]);
    free(a->links);
    free(a->link_lines);
    memset(a, 0, sizeof *a);
}

/* Takes "{#id}" off the end of a heading's last text node; returns the id
 * (caller frees) or NULL when there is none. */
static char *take_heading_id(cmark_node *heading)
{
    cmark_node *last = cmark_node_last_child(heading);
    if (last == NULL || cmark_node_get_type(last) != CMARK_NODE_TEXT)
        return NULL;
    const char *lit = cmark_node_get_literal(last);
    size_t n = strlen(lit);
    while (n && lit[n - 1] == ' ')
        n--;
    if (n < 4 || lit[n - 1] != '}')
        return NULL;
    const char *open = NULL;
    for (size_t i = n; i-- > 1;)
        if (lit[i - 1] == '{' && lit[i] == '#') {
            open = lit + i - 1;
            break;
        }
    if (open == NULL)
        return NULL;
    char *id = xstrndup(open + 2, (size_t)(lit + n - 1 - (open + 2)));
    size_t keep = (size_t)(open - lit);
    while (keep && lit[keep - 1] == ' ')
        keep--;
    char *rest = xstrndup(lit, keep);
    cmark_node_set_literal(last, rest);
    free(rest);
    return id;
}

/* The plain text of a node and its children: text and code, soft breaks
 * as spaces, a newline after each block. */
static void plain_text(cmark_node *root, struct buf *b)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER &&
            (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK))
            buf_puts(b, cmark_node_get_literal(n));
        else if (ev == CMARK_EVENT_ENTER &&
                 (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK))
            buf_putc(b, ' ');
        else if ((ev == CMARK_EVENT_EXIT &&
                  (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING)) ||
                 (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_CODE_BLOCK))
            buf_putc(b, '\n');
    }
    cmark_iter_free(it);
}

/* Renders the document's top-level blocks one by one; a heading whose id
 * is in ids[] (in heading order) opens as <hN id="...">. The ids are
 * checked by the caller to be [a-z0-9-]. */
static char *render(cmark_node *doc, char **ids, size_t nids)
{
    struct buf out = {0};
    size_t h = 0;
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        char *html = cmark_render_html(n, GUIDE_CMARK_OPTS);
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && h < nids && ids[h] &&
            strncmp(html, "<h", 2) == 0 && html[3] == '>') {
            buf_printf(&out, "<h%c id=\"%s\">%s", html[2], ids[h], html + 4);
        } else {
            buf_puts(&out, html);
        }
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
            h++;
        free(html);
    }
    return buf_detach(&out);
}

/* Every image of doc replaced by its description, as text: cmark's safe
 * mode keeps an image whose address it drops (as an empty one), and Pace
 * shows no images from a text. */
static void images_to_text(cmark_node *doc)
{
    cmark_node **found = NULL;
    size_t n = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
        if (ev == CMARK_EVENT_ENTER &&
            cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_IMAGE) {
            found = xrealloc(found, (n + 1) * sizeof *found);
            found[n++] = cmark_iter_get_node(it);
        }
    cmark_iter_free(it);
    /* Inner ones first (an image's description may hold another). */
    for (size_t i = n; i-- > 0;) {
        cmark_node *img = found[i], *c;
        while ((c = cmark_node_first_child(img)) != NULL)
            cmark_node_insert_before(img, c);
        cmark_node_free(img);
    }
    free(found);
}

char *guide_render_safe(const char *markdown, size_t len)
{
    cmark_node *doc = cmark_parse_document(markdown, len, GUIDE_CMARK_OPTS);
    images_to_text(doc);
    char **ids = NULL;
    size_t n = 0;
    for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c)) {
        if (cmark_node_get_type(c) != CMARK_NODE_HEADING)
            continue;
        char *id = take_heading_id(c);
        if (id && !guide_id_ok(id, 64)) {
            free(id);
            id = NULL;
        }
        ids = xrealloc(ids, (n + 1) * sizeof *ids);
        ids[n++] = id;
    }
    char *html = render(doc, ids, n);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    cmark_node_free(doc);
    return html;
}

/* Ids the guide pages use themselves. */
static bool id_reserved(const char *id)
{
    return str_starts(id, "guide-") || strcmp(id, "main") == 0 || str_starts(id, "f-");
}

static int check_heading(struct guide_article *a, cmark_node *n, int line, struct pace_error *err)
{
    int level = cmark_node_get_heading_level(n);
    if (level == 1)
        return guide_bad(err, a->file, line,
                         "use \"##\" and \"###\" for sections: the title comes from the header");
    if (level > 3)
        return guide_bad(err, a->file, line, "headings go two levels deep (## and ###)");
    char *id = take_heading_id(n);
    if (id == NULL)
        return guide_bad(err, a->file, line,
                         "a heading needs an id at its end, as in \"## Text {#id}\"");
    int rc = 0;
    if (!guide_id_ok(id, 64))
        rc = guide_bad(err, a->file, line,
                       "the heading id \"%s\" must be lower-case words and hyphens", id);
    else if (id_reserved(id))
        rc = guide_bad(err, a->file, line, "the heading id \"%s\" is used by the page itself", id);
    for (size_t i = 0; rc == 0 && i < a->ntoc; i++)
        if (strcmp(a->toc[i].id, id) == 0)
            rc = guide_bad(err, a->file, line, "the heading id \"%s\" is used twice", id);
    struct buf t = {0};
    plain_text(n, &t);
    while (t.len && (t.data[t.len - 1] == '\n' || t.data[t.len - 1] == ' '))
        t.data[--t.len] = '\0';
    if (rc == 0 && t.len == 0)
        rc = guide_bad(err, a->file, line, "the heading has no text");
    if (rc != 0) {
        free(id);
        buf_free(&t);
        return rc;
    }
    a->toc = xrealloc(a->toc, (a->ntoc + 1) * sizeof *a->toc);
    a->toc[a->ntoc++] = (struct guide_heading){level, id, buf_detach(&t), line};
    return 0;
}

static int check_link(struct guide_article *a, cmark_node *n, int line, struct pace_error *err)
{
    const char *url = cmark_node_get_url(n);
    if (url == NULL || (url[0] != '/' && url[0] != '#') || str_starts(url, "//"))
        return guide_bad(err, a->file, line,
                         "links go to Pace's own pages (\"/guide/slug\", \"/exam-prep\", \"#id\"): "
                         "\"%s\" does not",
                         url ? url : "");
    if (url[0] == '#' || str_starts(url, "/guide/")) {
        a->links = xrealloc(a->links, (a->nlinks + 1) * sizeof *a->links);
        a->link_lines = xrealloc(a->link_lines, (a->nlinks + 1) * sizeof *a->link_lines);
        a->link_lines[a->nlinks] = line;
        a->links[a->nlinks++] = xstrdup(url);
    }
    return 0;
}

/* Walks the body: what is allowed where, headings and links recorded. */
static int check_body(struct guide_article *a, cmark_node *doc, int first_line,
                      struct pace_error *err)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int rc = 0;
    int last_line = first_line;
    while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        int sl = cmark_node_get_start_line(n);
        int line = sl > 0 ? first_line + sl - 1 : last_line;
        last_line = line;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
            rc = guide_bad(err, a->file, line, "raw HTML is not allowed in an article");
            break;
        case CMARK_NODE_IMAGE:
            rc = guide_bad(err, a->file, line, "images are not allowed in an article");
            break;
        case CMARK_NODE_HEADING:
            if (cmark_node_parent(n) != doc)
                rc = guide_bad(err, a->file, line, "a heading must not be inside a list or quote");
            else
                rc = check_heading(a, n, line, err);
            break;
        case CMARK_NODE_LINK:
            rc = check_link(a, n, line, err);
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return rc;
}

int guide_add(struct guide *g, const char *file, const char *data, size_t len,
              struct pace_error *err)
{
    struct guide_article *a = xcalloc(1, sizeof *a);
    size_t off = 0;
    int body_line = 0;
    int rc = guide_parse_header(g, file, data, len, a, &off, &body_line, err);
    for (size_t i = 0; rc == 0 && i < g->n; i++)
        if (g->articles[i]->lang == a->lang && strcmp(g->articles[i]->slug, a->slug) == 0)
            rc = guide_bad(err, file, a->lines[K_SLUG], "the slug \"%s\" is used twice", a->slug);
    cmark_node *doc = NULL;
    if (rc == 0) {
        doc = cmark_parse_document(data + off, len - off, GUIDE_CMARK_OPTS);
        if (cmark_node_first_child(doc) == NULL)
            rc = guide_bad(err, file, body_line, "the article has no text after its header");
    }
    if (rc == 0)
        rc = check_body(a, doc, body_line, err);
    if (rc == 0) {
        char **ids = xcalloc(a->ntoc + 1, sizeof *ids);
        for (size_t i = 0; i < a->ntoc; i++)
            ids[i] = a->toc[i].id;
        a->html = render(doc, ids, a->ntoc);
        free(ids);
        struct buf t = {0};
        buf_puts(&t, a->title);
        a->title_len = t.len;
        buf_puts(&t, "\n\n");
        plain_text(doc, &t);
        a->text = buf_detach(&t);
        a->words = guide_count_words(a->text, strlen(a->text));
        a->minutes = guide_minutes(a->words, a->lang);
        guide_index_article(a);
        g->articles = xrealloc(g->articles, (g->n + 1) * sizeof *g->articles);
        g->articles[g->n++] = a;
    } else {
        guide_article_clear(a);
        free(a);
    }
    if (doc)
        cmark_node_free(doc);
    return rc;
}
