/*
 * test_core_guide.c - the guide (core/guide.h): a broken header or body is
 * refused with its file and line; the table of contents of a sample
 * article; reading time; raw HTML never passes through; the built-in
 * guide is every file of data/guide, each slug in both languages with the
 * same sections, every source key a docs/clinical-sources.md entry; words
 * fold for German; and the search finds, ranks and marks.
 *
 * The data directory is $PACE_TEST_DATA/guide (scripts/run-tests sets it),
 * else ./data/guide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/guide.h"
#include "core/util.h"
#include "tmpdir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char sources_md[] = "# Sources\n\n### Crowley 2009 {#crowley-2009}\ntext\n\n"
                                 "### Steffen 2017 {#steffen-2017}\n";

static struct guide *with_sources(void)
{
    struct guide *g = guide_new();
    struct pace_error err = {0};
    assert_int_equal(guide_add_sources(g, "s.md", sources_md, strlen(sources_md), &err), 0);
    return g;
}

static const char header_ok[] = "---\n"
                                "slug: a\n"
                                "title: A title\n"
                                "summary: One line.\n"
                                "theme: practice\n"
                                "order: 1\n"
                                "reviewed: 2026-12-07\n"
                                "sources: crowley-2009\n"
                                "---\n";

/* Adds file with text to a fresh guide; returns the message ("" if none). */
static char *try_add(const char *file, const char *text)
{
    struct guide *g = with_sources();
    struct pace_error err = {0};
    int rc = guide_add(g, file, text, strlen(text), &err);
    guide_free(g);
    return xstrdup(rc == 0 ? "" : err.msg);
}

static void refused_at(const char *file, const char *text, const char *where, const char *words)
{
    char *msg = try_add(file, text);
    if (!str_starts(msg, where) || strstr(msg, words) == NULL)
        fail_msg("want \"%s ...%s...\", got \"%s\"", where, words, msg);
    free(msg);
}

/* The header with line n (1-based) replaced by with (NULL: removed). */
static char *header_with(int n, const char *with)
{
    struct buf b = {0};
    const char *p = header_ok;
    for (int line = 1; *p; line++) {
        const char *nl = strchr(p, '\n');
        if (line != n)
            buf_add(&b, p, (size_t)(nl - p + 1));
        else if (with)
            buf_printf(&b, "%s\n", with);
        p = nl + 1;
    }
    buf_puts(&b, "Body text.\n");
    return buf_detach(&b);
}

static void test_header_refusals_name_file_and_line(void **state)
{
    (void)state;
    static const struct {
        int line;
        const char *with;
        const char *where, *words;
    } cases[] = {
        {1, "+++", "en/a.md:1:", "between two lines"},
        {2, "slug: b", "en/a.md:2:", "must match the file name"},
        {2, "slug: A_b", "en/a.md:2:", "lower-case words"},
        {3, "title:", "en/a.md:3:", "\"title\" is empty"},
        {3, "titel: A title", "en/a.md:3:", "unknown header key \"titel\""},
        {4, "summary One line.", "en/a.md:4:", "no colon"},
        {5, "theme: moods", "en/a.md:5:", "unknown theme \"moods\""},
        {6, "order: first", "en/a.md:6:", "whole number"},
        {6, "order: 1000", "en/a.md:6:", "whole number"},
        {7, "reviewed: 2026-02-30", "en/a.md:7:", "real date"},
        {7, "reviewed: 7.12.2026", "en/a.md:7:", "real date"},
        {8, "sources: crowley-2009, nobody-2020",
         "en/a.md:8:", "unknown source key \"nobody-2020\""},
        {8, "sources: crowley-2009, crowley-2009", "en/a.md:8:", "listed twice"},
        {8, "sources: ,", "en/a.md:8:", "is not a source key"},
        {8, NULL, "en/a.md:8:", "the header has no \"sources\""},
        {5, "", "en/a.md:5:", "empty line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = header_with(cases[i].line, cases[i].with);
        refused_at("en/a.md", text, cases[i].where, cases[i].words);
        free(text);
    }
    /* A key twice, and a header never closed. */
    char *twice = xasprintf("---\nslug: a\nslug: a\n%s", header_ok + 12);
    refused_at("en/a.md", twice, "en/a.md:3:", "given twice");
    free(twice);
    refused_at("en/a.md", "---\nslug: a\ntitle: x\n", "en/a.md:3:", "not closed");
    /* The language is the folder, the slug the file name. */
    refused_at("a.md", header_ok, "a.md:1:", "folder named en or de");
    refused_at("fr/a.md", header_ok, "fr/a.md:1:", "folder named en or de");
    refused_at("data/guide/de/a.txt", header_ok, "data/guide/de/a.txt:1:", "end in .md");
    refused_at("en/a.md", "---\nslug: a\n\xff\n", "en/a.md:1:", "not UTF-8");
}

static char *article(const char *body)
{
    return xasprintf("%s%s", header_ok, body);
}

static void test_body_refusals_name_file_and_line(void **state)
{
    (void)state;
    static const struct {
        const char *body, *where, *words;
    } cases[] = {
        /* The header has 9 lines; the body starts on line 10. */
        {"Text.\n\n# Big {#big}\n", "en/a.md:12:", "the title comes from the header"},
        {"## No id here\n", "en/a.md:10:", "needs an id"},
        {"Text.\n\n#### Deep {#deep}\n", "en/a.md:12:", "two levels deep"},
        {"## A {#same}\n\n## B {#same}\n", "en/a.md:12:", "used twice"},
        {"## A {#Bad_Id}\n", "en/a.md:10:", "lower-case words"},
        {"## A {#guide-toc-h}\n", "en/a.md:10:", "used by the page itself"},
        {"Text.\n\n<div>hi</div>\n", "en/a.md:12:", "raw HTML"},
        {"Text with <b>bold</b>.\n", "en/a.md:10:", "raw HTML"},
        {"Text.\n\n![a picture](/static/icon.svg)\n", "en/a.md:12:", "images"},
        {"See [this](https://example.org).\n", "en/a.md:10:", "Pace's own pages"},
        {"See [this](//example.org/x).\n", "en/a.md:10:", "Pace's own pages"},
        {"- item\n\n  ## Inside {#inside}\n", "en/a.md:12:", "inside a list"},
        {"", "en/a.md:10:", "no text after its header"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = article(cases[i].body);
        refused_at("en/a.md", text, cases[i].where, cases[i].words);
        free(text);
    }
}

static const char sample_body[] = "Intro with *emphasis*.\n"
                                  "\n"
                                  "## First part {#first}\n"
                                  "\n"
                                  "Words [and a link](#second-b).\n"
                                  "\n"
                                  "### A detail {#first-detail}\n"
                                  "\n"
                                  "More.\n"
                                  "\n"
                                  "## Second *part* {#second-b}\n"
                                  "\n"
                                  "- one\n"
                                  "- two\n";

static void test_toc_of_a_sample_article(void **state)
{
    (void)state;
    struct guide *g = with_sources();
    struct pace_error err = {0};
    char *text = article(sample_body);
    if (guide_add(g, "en/a.md", text, strlen(text), &err) != 0)
        fail_msg("%s", err.msg);
    const struct guide_article *a = guide_find(g, LANG_EN, "a");
    assert_non_null(a);
    assert_int_equal(a->ntoc, 3);
    assert_int_equal(a->toc[0].level, 2);
    assert_string_equal(a->toc[0].id, "first");
    assert_string_equal(a->toc[0].text, "First part");
    assert_int_equal(a->toc[0].line, 12);
    assert_int_equal(a->toc[1].level, 3);
    assert_string_equal(a->toc[1].id, "first-detail");
    assert_string_equal(a->toc[1].text, "A detail");
    assert_string_equal(a->toc[2].id, "second-b");
    assert_string_equal(a->toc[2].text, "Second part");
    /* The ids are on the headings, and the markers are gone from the text. */
    assert_non_null(strstr(a->html, "<h2 id=\"first\">First part</h2>"));
    assert_non_null(strstr(a->html, "<h3 id=\"first-detail\">A detail</h3>"));
    assert_non_null(strstr(a->html, "<h2 id=\"second-b\">Second <em>part</em></h2>"));
    assert_null(strstr(a->html, "{#"));
    assert_string_equal(a->title, "A title");
    assert_string_equal(a->reviewed, "2026-12-07");
    assert_int_equal(a->reviewed_at, 1796644800); /* 2026-12-07 12:00 UTC */
    free(text);
    guide_free(g);
}

static void test_reading_time(void **state)
{
    (void)state;
    assert_int_equal(guide_wpm(LANG_EN), 238);
    assert_int_equal(guide_wpm(LANG_DE), 205);
    assert_int_equal(guide_minutes(0, LANG_EN), 1);
    assert_int_equal(guide_minutes(356, LANG_EN), 1);
    assert_int_equal(guide_minutes(357, LANG_EN), 2);
    assert_int_equal(guide_minutes(2380, LANG_EN), 10);
    assert_int_equal(guide_minutes(307, LANG_DE), 1);
    assert_int_equal(guide_minutes(308, LANG_DE), 2);
    assert_int_equal(guide_count_words("", 0), 0);
    const char *s = "Übung macht’s – fear–tension–pain, 4-7-8 and ß!";
    assert_int_equal(guide_count_words(s, strlen(s)), 11);
    /* An article counts its title and body, and rounds to whole minutes. */
    struct guide *g = with_sources();
    struct buf b = {0};
    buf_puts(&b, header_ok);
    for (int i = 0; i < 400; i++)
        buf_puts(&b, "word ");
    struct pace_error err = {0};
    assert_int_equal(guide_add(g, "en/a.md", b.data, b.len, &err), 0);
    const struct guide_article *a = guide_find(g, LANG_EN, "a");
    assert_int_equal(a->words, 402); /* "A title" and 400 words */
    assert_int_equal(a->minutes, 2);
    buf_free(&b);
    guide_free(g);
}

static void test_raw_html_is_never_passed_through(void **state)
{
    (void)state;
    static const char evil[] =
        "<script>alert(1)</script>\n\n"
        "<div onclick=\"x()\">block</div>\n\n"
        "Some <b>bold</b> <img src=x onerror=y> text.\n\n"
        "[a](javascript:alert(1)) [b](vbscript:msgbox) [c](data:text/html,x)\n\n"
        "## Heading <i>x</i> {#h\"><script>}\n\n"
        "`<code>` & \"quotes\"\n\n"
        "![first picture](javascript:alert(1)) ![second "
        "![inner](x.png)](https://example.org/p.png)\n";
    char *html = guide_render_safe(evil, strlen(evil));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<div"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<i>"));
    assert_null(strstr(html, "javascript:"));
    assert_null(strstr(html, "vbscript:"));
    assert_null(strstr(html, "data:text/html"));
    assert_null(strstr(html, "onclick"));
    assert_null(strstr(html, "onerror"));
    assert_non_null(strstr(html, "raw HTML omitted"));
    /* An image, whatever its address, is its description as text. */
    assert_non_null(strstr(html, "first picture"));
    assert_non_null(strstr(html, "second inner"));
    assert_null(strstr(html, "example.org"));
    assert_null(strstr(html, "x.png"));
    assert_non_null(strstr(html, "<code>&lt;code&gt;</code> &amp; &quot;quotes&quot;"));
    /* An id that is not [a-z0-9-] is not put on the heading. */
    assert_non_null(strstr(html, "<h2>"));
    free(html);
    /* And the loader refuses an article with raw HTML outright. */
    char *text = article("Text <script>alert(1)</script>\n");
    refused_at("en/a.md", text, "en/a.md:10:", "raw HTML");
    free(text);
}

static void test_sources_file(void **state)
{
    (void)state;
    struct guide *g = guide_new();
    struct pace_error err = {0};
    static const char twice[] = "### A {#a-1}\n\n### B {#a-1}\n";
    assert_int_equal(guide_add_sources(g, "s.md", twice, strlen(twice), &err), -1);
    assert_string_equal(err.msg, "s.md:3: the source key \"a-1\" is used twice");
    assert_int_equal(g->nsources, 0);
    static const char bad[] = "intro\n### A {#A_1}\n";
    assert_int_equal(guide_add_sources(g, "s.md", bad, strlen(bad), &err), -1);
    assert_non_null(strstr(err.msg, "s.md:2:"));
    static const char ok[] = "## Section {#not-a-source}\n### A title {#a-1}\n#### x {#y}\n";
    assert_int_equal(guide_add_sources(g, "s.md", ok, strlen(ok), &err), 0);
    assert_int_equal(g->nsources, 1);
    assert_string_equal(guide_source_find(g, "a-1")->title, "A title");
    assert_null(guide_source_find(g, "not-a-source"));
    guide_free(g);
}

/* Two articles with one slug, English and German, as a guide to finish. */
static int finish_pair(const char *en_body, const char *de_header_line8, const char *de_body,
                       struct pace_error *err)
{
    struct guide *g = with_sources();
    char *en = article(en_body);
    char *hd = header_with(8, de_header_line8);
    /* header_with appends "Body text.\n"; swap it for de_body. */
    hd[strlen(hd) - strlen("Body text.\n")] = '\0';
    char *de = xasprintf("%s%s", hd, de_body);
    int rc = guide_add(g, "en/a.md", en, strlen(en), err);
    if (rc == 0)
        rc = guide_add(g, "de/a.md", de, strlen(de), err);
    if (rc == 0)
        rc = guide_finish(g, err);
    free(en);
    free(hd);
    free(de);
    guide_free(g);
    return rc;
}

static void test_twins_across_languages(void **state)
{
    (void)state;
    struct pace_error err = {0};
    assert_int_equal(
        finish_pair("## One {#one}\n", "sources: crowley-2009", "## Eins {#one}\n", &err), 0);
    assert_int_equal(
        finish_pair("## One {#one}\n", "sources: steffen-2017", "## Eins {#one}\n", &err), -1);
    assert_string_equal(err.msg, "de/a.md:8: the sources differ from en/a.md's");
    assert_int_equal(
        finish_pair("## One {#one}\n", "sources: crowley-2009", "## Eins {#eins}\n", &err), -1);
    assert_string_equal(err.msg, "de/a.md:10: heading 1 has the id \"eins\" but in en/a.md it "
                                 "is \"one\"");
    assert_int_equal(finish_pair("## One {#one}\n\n## Two {#two}\n", "sources: crowley-2009",
                                 "## Eins {#one}\n", &err),
                     -1);
    assert_string_equal(err.msg, "en/a.md:12: the heading \"two\" has no twin in the other "
                                 "language");
    /* No twin at all: the file and the line of its slug. */
    struct guide *g = with_sources();
    char *en = article("Text.\n");
    assert_int_equal(guide_add(g, "data/guide/en/a.md", en, strlen(en), &err), 0);
    assert_int_equal(guide_finish(g, &err), -1);
    assert_string_equal(err.msg, "data/guide/en/a.md:2: \"a\" has no German twin (de/a.md with "
                                 "the same slug)");
    free(en);
    guide_free(g);
    /* A link to an article, or a heading, that does not exist. */
    static const struct {
        const char *en, *de, *msg;
    } links[] = {
        {"See [b](/guide/b).\n", "Siehe.\n",
         "en/a.md:10: the link \"/guide/b\" goes to no English article"},
        {"See.\n", "Siehe [b](/guide/a#nowhere).\n",
         "de/a.md:10: the link \"/guide/a#nowhere\" goes to a heading that does not exist"},
        {"Text.\n\nSee [b](#nowhere).\n", "Siehe.\n",
         "en/a.md:12: the link \"#nowhere\" goes to a heading that does not exist"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        g = with_sources();
        en = article(links[i].en);
        char *de = article(links[i].de);
        assert_int_equal(guide_add(g, "en/a.md", en, strlen(en), &err), 0);
        assert_int_equal(guide_add(g, "de/a.md", de, strlen(de), &err), 0);
        assert_int_equal(guide_finish(g, &err), -1);
        assert_string_equal(err.msg, links[i].msg);
        free(en);
        free(de);
        guide_free(g);
    }
}

static char *guide_dir(void)
{
    const char *env = getenv("PACE_TEST_DATA");
    return xasprintf("%s/guide", env && *env ? env : "data");
}

static int is_md(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 3 && strcmp(d->d_name + n - 3, ".md") == 0;
}

static void test_builtin_guide_is_every_file_in_both_languages(void **state)
{
    (void)state;
    struct guide *g = NULL;
    struct pace_error err = {0};
    if (guide_load_builtin(&g, &err) != 0)
        fail_msg("the built-in guide does not load: %s", err.msg);
    size_t en_first, de_first;
    size_t n = guide_range(g, LANG_EN, &en_first);
    assert_true(n >= 16);
    assert_int_equal(guide_range(g, LANG_DE, &de_first), n);
    /* Every file of data/guide/en and de is compiled in, and is the same. */
    char *root = guide_dir();
    static const char *const langs[] = {"en", "de"};
    for (int l = 0; l < 2; l++) {
        char *dir = xasprintf("%s/%s", root, langs[l]);
        struct dirent **names = NULL;
        int k = scandir(dir, &names, is_md, alphasort);
        assert_int_equal((size_t)k, n);
        for (int i = 0; i < k; i++) {
            char name[300];
            snprintf(name, sizeof name, "%s/%s", langs[l], names[i]->d_name);
            const struct guide_file *f = guide_builtin;
            while (f->name && strcmp(f->name, name) != 0)
                f++;
            if (f->name == NULL)
                fail_msg("%s is not listed in data/guide/meson.build", name);
            char *path = xasprintf("%s/%s", dir, names[i]->d_name);
            struct buf b = {0};
            assert_true(file_read_all(path, &b));
            assert_int_equal(b.len, f->len);
            assert_memory_equal(b.data, f->data, b.len);
            buf_free(&b);
            free(path);
            free(names[i]);
        }
        free(names);
        free(dir);
    }
    free(root);
    for (size_t i = 0; i < n; i++) {
        const struct guide_article *en = g->articles[en_first + i];
        const struct guide_article *de = guide_find(g, LANG_DE, en->slug);
        assert_non_null(de);
        /* The same place and the same sections, so a change of language
         * lands on the same article and the same anchor. */
        assert_int_equal(de->theme, en->theme);
        assert_int_equal(de->order, en->order);
        assert_int_equal(de->ntoc, en->ntoc);
        for (size_t h = 0; h < en->ntoc; h++)
            assert_string_equal(de->toc[h].id, en->toc[h].id);
        assert_true(en->ntoc >= 3);
        /* Every source key is an entry of docs/clinical-sources.md. */
        for (size_t s = 0; s < en->nsources; s++)
            if (guide_source_find(g, en->sources[s]) == NULL)
                fail_msg("%s: source %s is not in docs/clinical-sources.md", en->file,
                         en->sources[s]);
        assert_true(en->minutes >= 1 && en->minutes <= 10);
    }
    /* The first article is the newcomer's "start here". */
    assert_string_equal(g->articles[en_first]->slug, "start-here");
    guide_free(g);
}

static void test_folding(void **state)
{
    (void)state;
    char out[64];
    guide_fold("Übungen", strlen("Übungen"), LANG_DE, out, sizeof out);
    assert_string_equal(out, "ubungen");
    guide_fold("UEBUNGEN", 8, LANG_DE, out, sizeof out);
    assert_string_equal(out, "ubungen");
    guide_fold("Straße", strlen("Straße"), LANG_DE, out, sizeof out);
    assert_string_equal(out, "strasse");
    guide_fold("Größe", strlen("Größe"), LANG_DE, out, sizeof out);
    assert_string_equal(out, "grosse");
    guide_fold("Café", strlen("Café"), LANG_EN, out, sizeof out);
    assert_string_equal(out, "cafe");
    /* English keeps "ue": "queue" stays itself. */
    guide_fold("Queue", 5, LANG_EN, out, sizeof out);
    assert_string_equal(out, "queue");
    /* Never more than fits. */
    assert_int_equal(guide_fold("abcdef", 6, LANG_EN, out, 4), 3);
    assert_string_equal(out, "abc");
}

static void test_search_finds_ranks_and_marks(void **state)
{
    (void)state;
    struct guide *g = NULL;
    struct pace_error err = {0};
    assert_int_equal(guide_load_builtin(&g, &err), 0);
    struct guide_hit hits[32];
    /* German: umlauts, "ae/oe/ue" and word endings all meet. */
    static const char *const de[] = {"Übungen", "uebung", "UBUNG", "Verkrampfungen"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = guide_search(g, LANG_DE, de[i], hits, 32);
        if (n == 0)
            fail_msg("nothing found for %s", de[i]);
        assert_int_equal(hits[0].a->lang, LANG_DE);
    }
    size_t n = guide_search(g, LANG_DE, "Verkrampfung", hits, 32);
    assert_string_equal(hits[0].a->slug, "when-a-spasm-comes"); /* in its title */
    assert_true(n >= 2);
    /* English: "breathing" finds "breathe" too; every word must match. */
    n = guide_search(g, LANG_EN, "breathing", hits, 32);
    assert_string_equal(hits[0].a->slug, "breathing-relaxation");
    size_t both = guide_search(g, LANG_EN, "breathing lubricant", hits, 32);
    assert_true(both < n && both >= 1);
    assert_int_equal(guide_search(g, LANG_EN, "zzqqxx", hits, 32), 0);
    assert_int_equal(guide_search(g, LANG_EN, "", hits, 32), 0);
    assert_int_equal(guide_search(g, LANG_EN, "  ,;  ", hits, 32), 0);
    assert_int_equal(guide_search(g, LANG_EN, "\xff\xfe", hits, 32), 0);
    /* The snippet lies in the body and marks the matching words. */
    n = guide_search(g, LANG_EN, "borosilicate", hits, 32);
    assert_true(n >= 1);
    const struct guide_hit *h = &hits[0];
    assert_string_equal(h->a->slug, "dilators");
    assert_true(h->snip_off >= h->a->title_len);
    assert_true(h->nmarks >= 1);
    for (size_t i = 0; i < h->nmarks; i++) {
        assert_true(h->marks[i].off >= h->snip_off);
        assert_true(h->marks[i].off + h->marks[i].len <= h->snip_off + h->snip_len);
        assert_true(strncasecmp(h->a->text + h->marks[i].off, "borosilicate", 12) == 0);
    }
    /* A long query is read up to its limit, between characters. */
    struct buf q = {0};
    buf_puts(&q, "a");
    for (int i = 0; i < 150; i++)
        buf_puts(&q, "ü");
    assert_int_equal(guide_search(g, LANG_DE, q.data, hits, 32), 0);
    buf_free(&q);
    guide_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_refusals_name_file_and_line),
        cmocka_unit_test(test_body_refusals_name_file_and_line),
        cmocka_unit_test(test_toc_of_a_sample_article),
        cmocka_unit_test(test_reading_time),
        cmocka_unit_test(test_raw_html_is_never_passed_through),
        cmocka_unit_test(test_sources_file),
        cmocka_unit_test(test_twins_across_languages),
        cmocka_unit_test(test_builtin_guide_is_every_file_in_both_languages),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_search_finds_ranks_and_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
