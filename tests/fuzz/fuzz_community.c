/* fuzz_community.c - libFuzzer harness for what a member writes: any bytes
 * are either refused by the body check or render without raw HTML, images,
 * headings or script links; the flag rules run over any bytes (checked or
 * not) and name at most CR_COUNT rules with bounded words; folding never
 * grows the text. Never a crash or a leak. */
#include "core/community.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool unsafe(const char *html)
{
    char *low = xstrdup(html);
    str_lower(low);
    bool bad = strstr(low, "<script") || strstr(low, "<iframe") || strstr(low, "<img") ||
               strstr(low, "<h1") || strstr(low, "href=\"javascript:") ||
               strstr(low, "href=\"vbscript:");
    free(low);
    return bad;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    static const char *const brands[] = {"Lunera", "FMS"};
    struct community_context ctx = {.new_account = size % 2,
                                    .same_text_accounts = (int)(size % 3),
                                    .brands = brands,
                                    .nbrands = 2};
    struct community_flag out[CR_COUNT];
    size_t n = community_flags(text, &ctx, out);
    if (n > CR_COUNT)
        abort();
    for (size_t i = 0; i < n; i++)
        if (strlen(out[i].words) >= COMMUNITY_WORDS_MAX)
            abort();
    char *folded = community_fold(text);
    if (strlen(folded) > strlen(text))
        abort();
    free(folded);
    if (community_body_check(text, COMMUNITY_POST_MAX, NULL) == 0) {
        struct buf b = {0};
        community_render(text, &b);
        if (b.data && unsafe(b.data))
            abort();
        buf_free(&b);
    }
    free(text);
    return 0;
}
