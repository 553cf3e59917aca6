/* fuzz_guide.c - libFuzzer harness for the guide's article loader, its
 * renderer and its search: any bytes either load as an article (whose
 * headings carry valid ids, whose HTML holds no raw HTML from the text and
 * whose words lie inside its text) or are refused with "FILE:LINE:
 * problem", leaving the guide as it was; the same bytes as a search query
 * never find marks outside the snippet; rendering them never passes raw
 * HTML through. Never a crash or a leak. */
#include "core/guide.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct guide *builtin;

/* Raw HTML or a script link that got through: "<script", "<iframe", "<img"
 * or an href to javascript:, in any case. Text that merely says these words
 * is escaped by cmark and harmless. */
static bool unsafe(const char *html)
{
    char *low = xstrdup(html);
    str_lower(low);
    bool bad = strstr(low, "<script") || strstr(low, "<iframe") || strstr(low, "<img") ||
               strstr(low, "href=\"javascript:") || strstr(low, "href=\"vbscript:");
    free(low);
    return bad;
}

static bool id_chars(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pace_error err = {0};
    if (builtin == NULL && guide_load_builtin(&builtin, &err) != 0)
        abort();

    struct guide *g = guide_new();
    if (guide_add_sources(g, guide_sources_builtin.name, guide_sources_builtin.data,
                          guide_sources_builtin.len, &err) != 0)
        abort();
    if (guide_add(g, "en/start-here.md", (const char *)data, size, &err) == 0) {
        const struct guide_article *a = g->articles[0];
        if (g->n != 1 || a->minutes < 1 || a->nsources == 0)
            abort();
        for (size_t i = 0; i < a->ntoc; i++)
            if (!id_chars(a->toc[i].id) || (a->toc[i].level != 2 && a->toc[i].level != 3))
                abort();
        size_t len = strlen(a->text);
        for (size_t i = 0; i < a->ntokens; i++)
            if (a->tokens[i].off + a->tokens[i].len > len)
                abort();
        if (unsafe(a->html))
            abort();
    } else if (g->n != 0 || strncmp(err.msg, "en/start-here.md:", 17) != 0) {
        abort(); /* every refusal names the file and a line, and adds nothing */
    }
    guide_free(g);

    /* The bytes as markdown: whatever they say, no raw HTML comes out. */
    char *html = guide_render_safe((const char *)data, size);
    if (unsafe(html))
        abort();
    free(html);

    /* The bytes as a query, in both languages. */
    char *q = xstrndup((const char *)data, size < 512 ? size : 512);
    struct guide_hit hits[8];
    for (int l = 0; l < LANG_COUNT; l++) {
        size_t n = guide_search(builtin, (enum lang)l, q, hits, 8);
        for (size_t i = 0; i < n; i++) {
            const struct guide_hit *h = &hits[i];
            if (h->a->lang != (enum lang)l || h->snip_off + h->snip_len > strlen(h->a->text))
                abort();
            for (size_t m = 0; m < h->nmarks; m++)
                if (h->marks[m].off < h->snip_off ||
                    h->marks[m].off + h->marks[m].len > h->snip_off + h->snip_len)
                    abort();
        }
    }
    free(q);
    return 0;
}
