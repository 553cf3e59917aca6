/*
 * ui-guide.c - the guide: /guide lists the articles by theme with their
 * summaries and reading times, and searches them with ?q=; /guide/{slug}
 * is one article with its table of contents, sources, reviewed date and
 * the previous and next article. The articles are in app->guide
 * (core/guide.h), loaded at start; the same for anyone, signed in or not.
 * The page title is always "Guide", so a tab shows no article's subject.
 */
#include "core/guide.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-guide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reading_time(char *out, size_t n, int minutes)
{
    snprintf(out, n, ngettext_("%d min read", "%d min read", minutes), minutes);
}

/* Escaped text of s[0..n), line breaks as spaces. */
static void text_range(struct buf *b, const char *s, size_t n)
{
    char *t = xstrndup(s, n);
    for (char *p = t; *p; p++)
        if (*p == '\n')
            *p = ' ';
    html_txt(b, t);
    free(t);
}

static void search_form(struct req *r, const char *q)
{
    html_printf(r,
                "<form class=\"guide-search\" role=\"search\" method=\"get\" action=\"/guide\">"
                "<label for=\"guide-q\">%s</label><div class=\"guide-search-row\">"
                "<input id=\"guide-q\" name=\"q\" type=\"search\" maxlength=\"%d\" "
                "autocomplete=\"off\" value=\"%s\">"
                "<button type=\"submit\" class=\"button small\">%s</button></div></form>",
                _("Search the guide"), GUIDE_QUERY_MAX, q ? q : "", _("Search"));
}

static void card(struct req *r, const struct guide_article *a)
{
    char rt[64];
    reading_time(rt, sizeof rt, a->minutes);
    html_printf(r, "<li><a class=\"guide-card\" href=\"/guide/");
    html_url(&r->out, a->slug);
    html_printf(r,
                "\"><strong>%s</strong><span class=\"guide-sum\">%s</span>"
                "<span class=\"meta\">%s</span></a></li>",
                a->title, a->summary, rt);
}

static void list(struct req *r, const struct guide *g)
{
    size_t first, n = guide_range(g, i18n_lang(), &first);
    for (int t = 0; t < GUIDE_THEME_COUNT; t++) {
        bool any = false;
        for (size_t i = 0; i < n; i++) {
            const struct guide_article *a = g->articles[first + i];
            if ((int)a->theme != t)
                continue;
            if (!any)
                html_printf(r,
                            "<section class=\"guide-theme\" aria-labelledby=\"guide-t-%s\">"
                            "<h2 id=\"guide-t-%s\">%s</h2><ul class=\"guide-list\">",
                            guide_theme_key(a->theme), guide_theme_key(a->theme),
                            _(guide_theme_label(a->theme)));
            any = true;
            card(r, a);
        }
        if (any)
            html_printf(r, "</ul></section>");
    }
}

/* One search result: the title, then the snippet with the matches marked. */
static void result(struct req *r, const struct guide_hit *h)
{
    const struct guide_article *a = h->a;
    html_printf(r, "<li><h3><a href=\"/guide/");
    html_url(&r->out, a->slug);
    html_printf(r, "\">%s</a></h3><p class=\"guide-snippet\">%R", a->title,
                h->cut_before ? "… " : "");
    size_t at = h->snip_off;
    for (size_t i = 0; i < h->nmarks; i++) {
        text_range(&r->out, a->text + at, h->marks[i].off - at);
        html_printf(r, "<mark>");
        text_range(&r->out, a->text + h->marks[i].off, h->marks[i].len);
        html_printf(r, "</mark>");
        at = h->marks[i].off + h->marks[i].len;
    }
    text_range(&r->out, a->text + at, h->snip_off + h->snip_len - at);
    char rt[64];
    reading_time(rt, sizeof rt, a->minutes);
    html_printf(r, "%R</p><p class=\"meta\">%s · %s</p></li>", h->cut_after ? " …" : "",
                _(guide_theme_label(a->theme)), rt);
}

static void results(struct req *r, const struct guide *g, const char *q)
{
    struct guide_hit hits[32];
    size_t n = guide_search(g, i18n_lang(), q, hits, sizeof hits / sizeof hits[0]);
    char head[128];
    snprintf(head, sizeof head, ngettext_("%zu article found", "%zu articles found", (long)n), n);
    html_printf(r,
                "<section class=\"guide-results\" aria-labelledby=\"guide-res-h\">"
                "<h2 id=\"guide-res-h\">%s</h2>",
                head);
    if (n == 0)
        html_printf(r, "<p>%s</p>",
                    _("Nothing matches every word you searched for. You could try fewer "
                      "words, or a different one."));
    html_printf(r, "<ol class=\"guide-hits\">");
    for (size_t i = 0; i < n; i++)
        result(r, &hits[i]);
    html_printf(r, "</ol><p><a href=\"/guide\">%s</a></p></section>", _("All articles"));
}

static void reading_note(struct req *r)
{
    char s[512];
    if (i18n_lang() == LANG_DE)
        snprintf(s, sizeof s,
                 _("Reading times assume %d words a minute: the average silent reading speed "
                   "of adults for English non-fiction (Brysbaert, 2019), adjusted for German, "
                   "which says the same in fewer words."),
                 guide_wpm(LANG_DE));
    else
        snprintf(s, sizeof s,
                 _("Reading times assume %d words a minute, the average silent reading speed "
                   "of adults for non-fiction (Brysbaert, 2019)."),
                 guide_wpm(LANG_EN));
    html_printf(r, "<p class=\"meta guide-note\">%s</p>", s);
}

void view_guide(struct req *r)
{
    const struct guide *g = r->app->guide;
    const char *q = form_get(&r->query, "q");
    /* At most GUIDE_QUERY_MAX bytes of it, cut between characters. */
    char qbuf[GUIDE_QUERY_MAX + 1] = "";
    size_t qn = q ? strlen(q) : 0;
    if (qn > GUIDE_QUERY_MAX) {
        qn = GUIDE_QUERY_MAX;
        while (qn > 0 && ((unsigned char)q[qn] & 0xC0) == 0x80)
            qn--;
    }
    if (q && str_valid_text(q, qn)) {
        memcpy(qbuf, q, qn);
        qbuf[qn] = '\0';
    }
    bool searching = strspn(qbuf, " \t") < strlen(qbuf);
    page_begin(r, _("Guide"));
    html_printf(r, "<div class=\"guide\"><h1>%s</h1><p class=\"lead\">%s</p>", _("Guide"),
                _("Short articles to read at your own pace. Each one lists the research it "
                  "rests on. The guide explains; it does not diagnose."));
    search_form(r, qbuf);
    if (g && searching)
        results(r, g, qbuf);
    else if (g)
        list(r, g);
    reading_note(r);
    html_printf(r, "</div>");
    page_end(r);
}

static void toc(struct req *r, const struct guide_article *a)
{
    if (a->ntoc == 0)
        return;
    html_printf(r,
                "<nav class=\"guide-toc\" aria-labelledby=\"guide-toc-h\">"
                "<h2 id=\"guide-toc-h\">%s</h2><ol>",
                _("On this page"));
    bool in_li = false, in_sub = false;
    for (size_t i = 0; i < a->ntoc; i++) {
        const struct guide_heading *h = &a->toc[i];
        if (h->level == 2 || !in_li) {
            if (in_sub)
                html_printf(r, "</ol>");
            if (in_li)
                html_printf(r, "</li>");
            in_sub = false;
            html_printf(r, "<li><a href=\"#%s\">%s</a>", h->id, h->text);
            in_li = true;
        } else {
            if (!in_sub)
                html_printf(r, "<ol>");
            in_sub = true;
            html_printf(r, "<li><a href=\"#%s\">%s</a></li>", h->id, h->text);
        }
    }
    html_printf(r, "%R%R</ol></nav>", in_sub ? "</ol>" : "", in_li ? "</li>" : "");
}

static void sources(struct req *r, const struct guide *g, const struct guide_article *a)
{
    char date[64], reviewed[128];
    i18n_format_date(date, sizeof date, a->reviewed_at, 0);
    snprintf(reviewed, sizeof reviewed, _("Last reviewed on %s."), date);
    html_printf(r,
                "<section class=\"guide-sources\" aria-labelledby=\"guide-src-h\">"
                "<h2 id=\"guide-src-h\">%s</h2><ol>",
                _("Sources"));
    for (size_t i = 0; i < a->nsources; i++) {
        const struct guide_source *s = guide_source_find(g, a->sources[i]);
        html_printf(r, "<li>%s</li>", s ? s->title : a->sources[i]);
    }
    html_printf(r, "</ol><p class=\"meta\">%s %s</p></section>", reviewed,
                _("This article explains; it does not diagnose. If something worries you, "
                  "please talk to a clinician."));
}

static void pager_link(struct req *r, const struct guide_article *a, const char *rel,
                       const char *label)
{
    html_printf(r, "<a class=\"guide-%s\" rel=\"%s\" href=\"/guide/", rel, rel);
    html_url(&r->out, a->slug);
    html_printf(r, "\"><span class=\"meta\">%s</span><strong>%s</strong></a>", label, a->title);
}

static void pager(struct req *r, const struct guide *g, const struct guide_article *a)
{
    size_t first, n = guide_range(g, a->lang, &first), at = 0;
    for (size_t i = 0; i < n; i++)
        if (g->articles[first + i] == a)
            at = i;
    html_printf(r, "<nav class=\"guide-pager\" aria-label=\"%s\">", _("More articles"));
    if (at > 0)
        pager_link(r, g->articles[first + at - 1], "prev", _("Previous"));
    if (at + 1 < n)
        pager_link(r, g->articles[first + at + 1], "next", _("Next"));
    html_printf(r, "</nav><p class=\"guide-back\"><a href=\"/guide\">%s</a></p>",
                _("All articles"));
}

void view_guide_article(struct req *r)
{
    const struct guide *g = r->app->guide;
    const struct guide_article *a = guide_find(g, i18n_lang(), r->params[0]);
    if (a == NULL) {
        view_not_found(r);
        return;
    }
    char rt[64], date[64], meta[160];
    reading_time(rt, sizeof rt, a->minutes);
    i18n_format_date(date, sizeof date, a->reviewed_at, 0);
    snprintf(meta, sizeof meta, _("%s · reviewed %s"), rt, date);
    page_begin(r, _("Guide"));
    html_printf(r,
                "<article class=\"guide guide-article\"><header class=\"guide-head\">"
                "<p class=\"guide-kicker\"><a href=\"/guide\">%s</a> · %s</p>"
                "<h1>%s</h1><p class=\"lead\">%s</p><p class=\"meta\">%s</p></header>",
                _("Guide"), _(guide_theme_label(a->theme)), a->title, a->summary, meta);
    toc(r, a);
    /* The body is cmark's output in safe mode: raw HTML was refused when
     * the article was loaded, and cmark escapes all text itself. */
    html_printf(r, "<div class=\"guide-body\">%R</div>", a->html);
    sources(r, g, a);
    pager(r, g, a);
    html_printf(r, "</article>");
    page_end(r);
}

void ui_guide_link(struct req *r, const char *target, const char *lead)
{
    char slug[GUIDE_SLUG_MAX];
    const char *hash = strchr(target, '#');
    size_t n = hash ? (size_t)(hash - target) : strlen(target);
    if (n >= sizeof slug)
        return;
    memcpy(slug, target, n);
    slug[n] = '\0';
    const struct guide_article *a = guide_find(r->app->guide, i18n_lang(), slug);
    if (a == NULL)
        return;
    const char *text = a->title;
    for (size_t i = 0; hash && i < a->ntoc; i++)
        if (strcmp(a->toc[i].id, hash + 1) == 0)
            text = a->toc[i].text;
    html_printf(r, "<p class=\"guide-link\">%s <a href=\"/guide/", lead);
    html_url(&r->out, a->slug);
    if (hash && text != a->title)
        html_printf(r, "#%s", hash + 1);
    html_printf(r, "\">%s</a></p>", text);
}
