/*
 * guide_load.c - the guide as a whole: its source list (the headings of
 * docs/clinical-sources.md), the checks across articles and languages,
 * the reading order, lookups, and loading the compiled-in files.
 */
#include "core/guide.h"
#include "core/guide_priv.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct guide *guide_new(void)
{
    return xcalloc(1, sizeof(struct guide));
}

void guide_free(struct guide *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n; i++) {
        guide_article_clear(g->articles[i]);
        free(g->articles[i]);
    }
    free(g->articles);
    for (size_t i = 0; i < g->nsources; i++) {
        free(g->sources[i].key);
        free(g->sources[i].title);
    }
    free(g->sources);
    free(g);
}

const struct guide_source *guide_source_find(const struct guide *g, const char *key)
{
    for (size_t i = 0; g && i < g->nsources; i++)
        if (strcmp(g->sources[i].key, key) == 0)
            return &g->sources[i];
    return NULL;
}

int guide_add_sources(struct guide *g, const char *file, const char *data, size_t len,
                      struct pace_error *err)
{
    if (!str_valid_text(data, len))
        return guide_bad(err, file, 1, "the file is not UTF-8 text");
    size_t pos = 0, first = g->nsources;
    int line = 0, rc = 0;
    while (rc == 0 && pos < len) {
        size_t n = 0;
        while (pos + n < len && data[pos + n] != '\n')
            n++;
        const char *s = data + pos;
        line++;
        pos += n + (pos + n < len);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
            n--;
        if (n < 8 || strncmp(s, "### ", 4) != 0 || s[n - 1] != '}')
            continue;
        const char *open = NULL;
        for (size_t i = n - 1; i-- > 4;)
            if (s[i] == '{' && s[i + 1] == '#') {
                open = s + i;
                break;
            }
        if (open == NULL)
            continue;
        char *key = xstrndup(open + 2, (size_t)(s + n - 1 - (open + 2)));
        size_t tl = (size_t)(open - (s + 4));
        while (tl && s[4 + tl - 1] == ' ')
            tl--;
        if (!guide_id_ok(key, 64))
            rc = guide_bad(err, file, line,
                           "the source key \"%s\" must be lower-case words and "
                           "hyphens",
                           key);
        else if (guide_source_find(g, key))
            rc = guide_bad(err, file, line, "the source key \"%s\" is used twice", key);
        else if (tl == 0)
            rc = guide_bad(err, file, line, "the source \"%s\" has no title", key);
        if (rc != 0) {
            free(key);
            break;
        }
        g->sources = xrealloc(g->sources, (g->nsources + 1) * sizeof *g->sources);
        g->sources[g->nsources++] = (struct guide_source){key, xstrndup(s + 4, tl)};
    }
    if (rc != 0) {
        while (g->nsources > first) {
            g->nsources--;
            free(g->sources[g->nsources].key);
            free(g->sources[g->nsources].title);
        }
    }
    return rc;
}

static const struct guide_article *find_any(const struct guide *g, enum lang l, const char *slug)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->articles[i]->lang == l && strcmp(g->articles[i]->slug, slug) == 0)
            return g->articles[i];
    return NULL;
}

const struct guide_article *guide_find(const struct guide *g, enum lang l, const char *slug)
{
    return g && slug ? find_any(g, l, slug) : NULL;
}

static const char *lang_name(enum lang l)
{
    return l == LANG_DE ? "German" : "English";
}

static bool same_sources(const struct guide_article *a, const struct guide_article *b)
{
    if (a->nsources != b->nsources)
        return false;
    for (size_t i = 0; i < a->nsources; i++) {
        bool found = false;
        for (size_t j = 0; j < b->nsources && !found; j++)
            found = strcmp(a->sources[i], b->sources[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* b is a's twin in the other language: the same place in the guide, the
 * same sources and the same sections (ids), so links and a change of
 * language land in the same spot. */
static int check_twin(const struct guide_article *a, const struct guide_article *b,
                      struct pace_error *err)
{
    if (a->theme != b->theme)
        return guide_bad(err, b->file, b->lines[K_THEME], "the theme differs from %s's (%s)",
                         a->file, guide_theme_key(a->theme));
    if (a->order != b->order)
        return guide_bad(err, b->file, b->lines[K_ORDER], "the order differs from %s's (%d)",
                         a->file, a->order);
    if (!same_sources(a, b))
        return guide_bad(err, b->file, b->lines[K_SOURCES], "the sources differ from %s's",
                         a->file);
    size_t n = a->ntoc < b->ntoc ? a->ntoc : b->ntoc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(a->toc[i].id, b->toc[i].id) != 0)
            return guide_bad(err, b->file, b->toc[i].line,
                             "heading %zu has the id \"%s\" but in %s it is \"%s\"", i + 1,
                             b->toc[i].id, a->file, a->toc[i].id);
    if (a->ntoc != b->ntoc) {
        const struct guide_article *more = a->ntoc > b->ntoc ? a : b;
        return guide_bad(err, more->file, more->toc[n].line,
                         "the heading \"%s\" has no twin in the other language", more->toc[n].id);
    }
    return 0;
}

static bool has_id(const struct guide_article *a, const char *id)
{
    for (size_t i = 0; i < a->ntoc; i++)
        if (strcmp(a->toc[i].id, id) == 0)
            return true;
    return false;
}

static int check_links(const struct guide *g, const struct guide_article *a, struct pace_error *err)
{
    for (size_t i = 0; i < a->nlinks; i++) {
        const char *url = a->links[i];
        const struct guide_article *to = a;
        const char *hash = strchr(url, '#');
        if (url[0] == '/') {
            size_t n = (hash ? (size_t)(hash - url) : strlen(url)) - strlen("/guide/");
            char slug[GUIDE_SLUG_MAX];
            if (n == 0 || n >= sizeof slug)
                return guide_bad(err, a->file, a->link_lines[i],
                                 "the link \"%s\" names no "
                                 "article",
                                 url);
            memcpy(slug, url + strlen("/guide/"), n);
            slug[n] = '\0';
            to = find_any(g, a->lang, slug);
            if (to == NULL)
                return guide_bad(err, a->file, a->link_lines[i],
                                 "the link \"%s\" goes to no %s article", url, lang_name(a->lang));
        }
        if (hash && !has_id(to, hash + 1))
            return guide_bad(err, a->file, a->link_lines[i],
                             "the link \"%s\" goes to a heading that does not exist", url);
    }
    return 0;
}

static int by_place(const void *x, const void *y)
{
    const struct guide_article *a = *(const struct guide_article *const *)x;
    const struct guide_article *b = *(const struct guide_article *const *)y;
    if (a->lang != b->lang)
        return (int)a->lang - (int)b->lang;
    if (a->theme != b->theme)
        return (int)a->theme - (int)b->theme;
    return a->order - b->order;
}

int guide_finish(struct guide *g, struct pace_error *err)
{
    /* Twins first: a missing or different twin explains more than a link
     * that goes nowhere because of it. */
    for (size_t i = 0; i < g->n; i++) {
        const struct guide_article *a = g->articles[i];
        enum lang other = a->lang == LANG_EN ? LANG_DE : LANG_EN;
        const struct guide_article *b = find_any(g, other, a->slug);
        if (b == NULL)
            return guide_bad(err, a->file, a->lines[K_SLUG],
                             "\"%s\" has no %s twin (%s/%s.md with the same slug)", a->slug,
                             lang_name(other), other == LANG_DE ? "de" : "en", a->slug);
        int rc = a->lang == LANG_EN ? check_twin(a, b, err) : 0;
        for (size_t j = 0; rc == 0 && j < i; j++) {
            const struct guide_article *c = g->articles[j];
            if (c->lang == a->lang && c->theme == a->theme && c->order == a->order)
                rc = guide_bad(err, a->file, a->lines[K_ORDER],
                               "%s has the same theme and order (%d)", c->file, a->order);
        }
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < g->n; i++)
        if (check_links(g, g->articles[i], err) != 0)
            return PACE_EINVAL;
    qsort(g->articles, g->n, sizeof *g->articles, by_place);
    return 0;
}

size_t guide_range(const struct guide *g, enum lang l, size_t *first)
{
    size_t start = 0, n = 0;
    for (size_t i = 0; g && i < g->n; i++) {
        if (g->articles[i]->lang != l)
            continue;
        if (n == 0)
            start = i;
        n++;
    }
    if (first)
        *first = start;
    return n;
}

int guide_load_builtin(struct guide **out, struct pace_error *err)
{
    struct guide *g = guide_new();
    int rc = guide_add_sources(g, guide_sources_builtin.name, guide_sources_builtin.data,
                               guide_sources_builtin.len, err);
    for (const struct guide_file *f = guide_builtin; rc == 0 && f->name; f++)
        rc = guide_add(g, f->name, f->data, f->len, err);
    if (rc == 0)
        rc = guide_finish(g, err);
    if (rc != 0) {
        guide_free(g);
        *out = NULL;
        return rc;
    }
    *out = g;
    return 0;
}
