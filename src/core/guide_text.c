/*
 * guide_text.c - the words of the guide: counting them for the reading
 * time, folding them for matching (case, accents, ß; German ae/oe/ue), an
 * index of every article's words built once at start-up, and the search
 * over it with a snippet around the first match. See docs/guide.md.
 */
#include "core/guide.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

int guide_wpm(enum lang l)
{
    return l == LANG_DE ? GUIDE_WPM_DE : GUIDE_WPM_EN;
}

int guide_minutes(size_t words, enum lang l)
{
    size_t wpm = (size_t)guide_wpm(l);
    size_t m = (words + wpm / 2) / wpm;
    return m < 1 ? 1 : (int)m;
}

/* Decodes the code point at s[i] (valid UTF-8 assumed; a stray byte is
 * read as itself) and sets *n to its length in bytes. */
static unsigned decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    unsigned c = s[i];
    size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + k > len || (k > 1 && (c & 0xC0) != 0xC0)) {
        *n = 1;
        return c;
    }
    unsigned v = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
    for (size_t j = 1; j < k; j++)
        v = (v << 6) | (s[i + j] & 0x3F);
    *n = k;
    return v;
}

/* Letters and digits of the Latin scripts English and German use. */
static bool is_word(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* Finds the next word at or after *pos; returns false when there is none. */
static bool next_word(const char *s, size_t len, size_t *pos, size_t *start, size_t *end)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos, n;
    while (i < len && !is_word(decode(u, len, i, &n)))
        i += n;
    if (i >= len)
        return false;
    *start = i;
    while (i < len && is_word(decode(u, len, i, &n)))
        i += n;
    *end = *pos = i;
    return true;
}

size_t guide_count_words(const char *s, size_t len)
{
    size_t pos = 0, a, b, n = 0;
    while (next_word(s, len, &pos, &a, &b))
        n++;
    return n;
}

/* The plain letters of a Latin-1 letter (lower case), or NULL. */
static const char *latin1_fold(unsigned c)
{
    static const char *const map[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
    };
    return c >= 0xC0 && c <= 0xFF ? map[c - 0xC0] : NULL;
}

size_t guide_fold(const char *word, size_t len, enum lang l, char *out, size_t n)
{
    const unsigned char *u = (const unsigned char *)word;
    size_t o = 0, k;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < len; i += k) {
        unsigned c = decode(u, len, i, &k);
        char tmp[8];
        const char *rep = latin1_fold(c);
        if (c < 0x80) {
            tmp[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            tmp[1] = '\0';
            rep = tmp;
        } else if (rep == NULL) {
            memcpy(tmp, word + i, k);
            tmp[k] = '\0';
            rep = tmp;
        }
        for (; *rep && o + 1 < n; rep++) {
            /* German: "ae", "oe", "ue" stand for ä, ö, ü, which fold to a, o, u. */
            if (l == LANG_DE && *rep == 'e' && o > 0 &&
                (out[o - 1] == 'a' || out[o - 1] == 'o' || out[o - 1] == 'u'))
                continue;
            out[o++] = *rep;
        }
    }
    out[o] = '\0';
    return o;
}

/* For sorting token indexes by their folded form (qsort has no context). */
static _Thread_local const struct guide_article *sorting;

static int by_fold(const void *x, const void *y)
{
    const struct guide_token *t = sorting->tokens;
    uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
    int c = strcmp(sorting->folds + t[i].fold, sorting->folds + t[j].fold);
    return c ? c : (i > j) - (i < j);
}

void guide_index_article(struct guide_article *a)
{
    size_t len = strlen(a->text), pos = 0, s, e, cap = 0;
    struct buf folds = {0};
    free(a->tokens);
    a->tokens = NULL;
    a->ntokens = 0;
    while (next_word(a->text, len, &pos, &s, &e)) {
        char f[128];
        size_t fl = guide_fold(a->text + s, e - s, a->lang, f, sizeof f);
        if (a->ntokens == cap) {
            cap = cap ? cap * 2 : 256;
            a->tokens = xrealloc(a->tokens, cap * sizeof *a->tokens);
        }
        uint32_t block = 0;
        if (a->ntokens > 0) {
            const struct guide_token *p = &a->tokens[a->ntokens - 1];
            size_t end = p->off + p->len;
            block = p->block + (memchr(a->text + end, '\n', s - end) != NULL);
        }
        a->tokens[a->ntokens++] =
            (struct guide_token){(uint32_t)s, (uint32_t)(e - s), (uint32_t)folds.len, 0, block};
        buf_add(&folds, f, fl + 1);
    }
    free(a->folds);
    a->folds = buf_detach(&folds);
    /* Each folded form once, sorted, so that the words a query word begins
     * form one run, found by binary search. */
    uint32_t *order = xmalloc((a->ntokens ? a->ntokens : 1) * sizeof *order);
    for (size_t i = 0; i < a->ntokens; i++)
        order[i] = (uint32_t)i;
    sorting = a;
    qsort(order, a->ntokens, sizeof *order, by_fold);
    sorting = NULL;
    free(a->words_sorted);
    a->words_sorted = xmalloc((a->ntokens ? a->ntokens : 1) * sizeof *a->words_sorted);
    a->nwords_sorted = 0;
    for (size_t i = 0; i < a->ntokens; i++) {
        struct guide_token *t = &a->tokens[order[i]];
        if (a->nwords_sorted == 0 ||
            strcmp(a->folds + a->words_sorted[a->nwords_sorted - 1], a->folds + t->fold) != 0)
            a->words_sorted[a->nwords_sorted++] = t->fold;
        t->word = (uint32_t)(a->nwords_sorted - 1);
    }
    free(order);
}

/* A light stemmer for query words only: one common ending off, keeping at
 * least four letters, so "breathing" finds "breathe" and "Übungen"
 * finds "Übung" by prefix. */
static void stem(char *w, enum lang l)
{
    static const char *const en[] = {"ations", "ation", "ings", "ing", "ies",
                                     "ed",     "es",    "ly",   "s",   NULL};
    static const char *const de[] = {"ungen", "innen", "ern", "en", "er", "es",
                                     "em",    "e",     "n",   "s",  NULL};
    const char *const *sfx = l == LANG_DE ? de : en;
    size_t n = strlen(w);
    for (size_t i = 0; sfx[i]; i++) {
        size_t k = strlen(sfx[i]);
        if (n >= k + 4 && strcmp(w + n - k, sfx[i]) == 0) {
            /* "-ungen" keeps its "ung": "Übungen" becomes "ubung". */
            w[n - k + (strcmp(sfx[i], "ungen") == 0 ? 3 : 0)] = '\0';
            return;
        }
    }
}

struct terms {
    char t[GUIDE_TERMS_MAX][64];
    size_t n;
};

static void parse_query(const char *query, enum lang l, struct terms *q)
{
    q->n = 0;
    size_t len = strlen(query);
    if (len > GUIDE_QUERY_MAX) {
        len = GUIDE_QUERY_MAX;
        while (len > 0 && ((unsigned char)query[len] & 0xC0) == 0x80)
            len--;
    }
    if (!str_valid_text(query, len))
        return;
    size_t pos = 0, s, e;
    while (q->n < GUIDE_TERMS_MAX && next_word(query, len, &pos, &s, &e)) {
        char f[64];
        if (guide_fold(query + s, e - s, l, f, sizeof f) < 2)
            continue;
        stem(f, l);
        bool dup = false;
        for (size_t i = 0; i < q->n && !dup; i++)
            dup = strcmp(q->t[i], f) == 0;
        if (!dup)
            memcpy(q->t[q->n++], f, sizeof f);
    }
}

/* Sets bit t in wmask[w] for every word w of a that query word t matches:
 * the words it begins (query words of three letters or more) or the word
 * it equals (shorter ones), found by binary search in the sorted words. */
static void match_words(const struct guide_article *a, const struct terms *q, unsigned *wmask)
{
    memset(wmask, 0, a->nwords_sorted * sizeof *wmask);
    for (size_t t = 0; t < q->n; t++) {
        const char *term = q->t[t];
        size_t n = strlen(term), lo = 0, hi = a->nwords_sorted;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(a->folds + a->words_sorted[mid], term) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t w = lo; w < a->nwords_sorted; w++) {
            const char *word = a->folds + a->words_sorted[w];
            if (n >= 3 ? strncmp(word, term, n) != 0 : strcmp(word, term) != 0)
                break;
            wmask[w] |= 1u << t;
        }
    }
}

/* True when tokens i and i + 1 are in different paragraphs, headings or
 * list items. */
static bool block_break(const struct guide_article *a, size_t i)
{
    return a->tokens[i].block != a->tokens[i + 1].block;
}

/* The stretch of about 30 words around token hit, kept inside its
 * paragraph (or heading, or list item): [*from, *to). */
static void window(const struct guide_article *a, size_t first_body, size_t hit, size_t *from,
                   size_t *to)
{
    enum { BEFORE = 8, WORDS = 30 };
    size_t f = hit, t = hit + 1;
    while (f > first_body && hit - f < BEFORE && !block_break(a, f - 1))
        f--;
    while (t < a->ntokens && t - f < WORDS && !block_break(a, t - 1))
        t++;
    *from = f;
    *to = t;
}

/* The snippet: the window, among those around each match in the body,
 * with the most different query words, then the most words (a paragraph
 * before a heading), then the earliest; the matching words marked.
 * mask[i] has bit t set when token i matches query word t. */
static void snippet(const struct guide_article *a, const unsigned *mask, size_t nterms,
                    size_t first_body, struct guide_hit *h)
{
    size_t from = first_body, to = first_body;
    window(a, first_body, first_body, &from, &to);
    long best = -1, most = (long)nterms * 100 + 30;
    for (size_t i = first_body; i < a->ntokens && best < most; i++) {
        if (mask[i] == 0)
            continue;
        size_t f, t;
        window(a, first_body, i, &f, &t);
        unsigned seen = 0;
        for (size_t k = f; k < t; k++)
            seen |= mask[k];
        long score = (long)__builtin_popcount(seen) * 100 + (long)(t - f);
        if (score > best) {
            best = score;
            from = f;
            to = t;
        }
    }
    h->snip_off = a->tokens[from].off;
    h->snip_len = a->tokens[to - 1].off + a->tokens[to - 1].len - h->snip_off;
    h->cut_before = from > first_body && !block_break(a, from - 1);
    h->cut_after = to < a->ntokens && !block_break(a, to - 1);
    /* A sentence's full stop after the last word belongs to it. */
    const char *end = a->text + h->snip_off + h->snip_len;
    if (!h->cut_after && (*end == '.' || *end == '!' || *end == '?' || *end == ':'))
        h->snip_len++;
    h->nmarks = 0;
    for (size_t i = from; i < to && h->nmarks < GUIDE_MARKS_MAX; i++)
        if (mask[i])
            h->marks[h->nmarks++] = (struct guide_mark){a->tokens[i].off, a->tokens[i].len};
}

static int by_score(const void *x, const void *y)
{
    const struct guide_hit *a = x, *b = y;
    if (a->score != b->score)
        return b->score - a->score;
    /* Equal scores keep the guide's reading order. */
    return a->place < b->place ? -1 : a->place > b->place;
}

size_t guide_search(const struct guide *g, enum lang l, const char *query, struct guide_hit *hits,
                    size_t max)
{
    struct terms q;
    parse_query(query ? query : "", l, &q);
    if (q.n == 0 || g == NULL)
        return 0;
    size_t first, count = guide_range(g, l, &first), nh = 0, cap = 0, wcap = 0;
    struct guide_hit *all = xcalloc(count ? count : 1, sizeof *all);
    unsigned *mask = NULL, *wmask = NULL;
    for (size_t k = 0; k < count; k++) {
        const struct guide_article *a = g->articles[first + k];
        if (a->ntokens > cap) {
            cap = a->ntokens;
            mask = xrealloc(mask, cap * sizeof *mask);
        }
        if (a->nwords_sorted > wcap) {
            wcap = a->nwords_sorted;
            wmask = xrealloc(wmask, wcap * sizeof *wmask);
        }
        match_words(a, &q, wmask);
        int title[GUIDE_TERMS_MAX] = {0}, body[GUIDE_TERMS_MAX] = {0};
        size_t first_body = a->ntokens;
        for (size_t i = 0; i < a->ntokens; i++) {
            bool in_title = a->tokens[i].off < a->title_len;
            if (!in_title && first_body == a->ntokens)
                first_body = i;
            mask[i] = wmask[a->tokens[i].word];
            for (unsigned m = mask[i]; m; m &= m - 1)
                (in_title ? title : body)[__builtin_ctz(m)]++;
        }
        int score = 0;
        bool all_terms = true;
        for (size_t t = 0; t < q.n; t++) {
            all_terms = all_terms && (title[t] + body[t] > 0);
            score += 10 * title[t] + (body[t] < 10 ? body[t] : 10);
        }
        if (!all_terms || first_body == a->ntokens)
            continue;
        struct guide_hit *h = &all[nh++];
        h->a = a;
        h->score = score;
        h->place = k;
        snippet(a, mask, q.n, first_body, h);
    }
    free(mask);
    free(wmask);
    qsort(all, nh, sizeof *all, by_score);
    size_t n = nh < max ? nh : max;
    memcpy(hits, all, n * sizeof *hits);
    free(all);
    return n;
}
