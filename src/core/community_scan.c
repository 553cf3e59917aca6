/*
 * community_scan.c - reading a post for the flag rules: a lowercased copy
 * with the same byte offsets, what counts as a word, the small pattern
 * language of the word lists (community_rules.c), the hits a rule
 * collects, and the folded text that finds the same post from several
 * accounts.
 */
#include "core/community_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cscan_lower(char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 'A' && c <= 'Z') {
            p[i] = (char)(c + 32);
        } else if (c == 0xC3 && i + 1 < n) {
            /* Latin-1 capitals U+00C0-U+00DE (not the multiplication sign)
             * are their small letters minus 0x20 in the second byte. */
            unsigned char d = (unsigned char)p[i + 1];
            if (d >= 0x80 && d <= 0x9E && d != 0x97)
                p[i + 1] = (char)(d + 0x20);
            i++;
        }
    }
}

void cscan_init(struct cscan *s, const char *text)
{
    s->orig = text;
    s->len = strlen(text);
    s->low = xstrndup(text, s->len);
    cscan_lower(s->low, s->len);
}

void cscan_free(struct cscan *s)
{
    free(s->low);
    s->low = NULL;
}

/* The code point that byte i belongs to; -1 when the bytes are not UTF-8. */
static long code_point(const char *p, size_t len, size_t i)
{
    while (i > 0 && ((unsigned char)p[i] & 0xC0) == 0x80)
        i--;
    unsigned char c = (unsigned char)p[i];
    int n = c < 0x80             ? 0
            : (c & 0xE0) == 0xC0 ? 1
            : (c & 0xF0) == 0xE0 ? 2
            : (c & 0xF8) == 0xF0 ? 3
                                 : -1;
    if (n == 0)
        return c;
    if (n < 0 || i + (size_t)n >= len)
        return -1;
    long cp = c & (0x3F >> n);
    for (int k = 1; k <= n; k++) {
        unsigned char d = (unsigned char)p[i + (size_t)k];
        if ((d & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (d & 0x3F);
    }
    return cp;
}

bool cscan_word_at(const struct cscan *s, size_t i)
{
    if (i >= s->len)
        return false;
    unsigned char c = (unsigned char)s->low[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return true;
    if (c < 0x80)
        return false;
    long cp = code_point(s->low, s->len, i);
    if (cp < 0)
        return false;
    /* punctuation, spaces, currency and symbols, emoji */
    if ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
        (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp >= 0x1F000)
        return false;
    return true;
}

static bool pat_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80 || c == '#';
}

static bool space_at(const struct cscan *s, size_t k, bool comma)
{
    char c = s->low[k];
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-' || (comma && c == ',');
}

/* The rest of a pattern from text byte j; last is the pattern character
 * before (for the boundary at the end). */
static size_t rest(const struct cscan *s, size_t j, const char *q, char last)
{
    for (;;) {
        char c = *q;
        if (c == '\0')
            return pat_word(last) && cscan_word_at(s, j) ? 0 : j;
        if (c == '*' && q[1] == '\0') {
            while (cscan_word_at(s, j))
                j++;
            return j;
        }
        if (c == ' ') {
            size_t k = j;
            while (k < s->len && space_at(s, k, false))
                k++;
            if (k == j)
                return 0;
            j = k;
            q++;
            last = ' ';
            continue;
        }
        if (c == '#') {
            size_t k = j;
            while (k < s->len && s->low[k] >= '0' && s->low[k] <= '9')
                k++;
            if (k == j)
                return 0;
            j = k;
            q++;
            last = '#';
            continue;
        }
        if (c == '_') {
            /* up to four words, then the rest */
            const char *after = q[1] == ' ' ? q + 2 : q + 1;
            size_t k = j;
            for (int w = 0; w <= 4; w++) {
                size_t e = rest(s, k, after, ' ');
                if (e)
                    return e;
                size_t m = k;
                while (cscan_word_at(s, m))
                    m++;
                if (m == k)
                    return 0;
                while (m < s->len && space_at(s, m, true))
                    m++;
                k = m;
            }
            return 0;
        }
        if (j >= s->len || s->low[j] != c)
            return 0;
        j++;
        q++;
        last = c;
    }
}

size_t cscan_match(const struct cscan *s, size_t i, const char *pattern)
{
    bool inside = pattern[0] == '~';
    const char *p = pattern + inside;
    if (i > s->len)
        return 0;
    if (!inside && pat_word(p[0]) && i > 0 && cscan_word_at(s, i - 1))
        return 0;
    size_t e = rest(s, i, p, '\0');
    return e > i ? e : 0;
}

size_t cscan_find(const struct cscan *s, const char *pattern, size_t from, size_t *end)
{
    char first = pattern[0] == '~' ? pattern[1] : pattern[0];
    bool literal = first != '#' && first != '_' && first != ' ' && first != '\0';
    for (size_t i = from; i < s->len; i++) {
        if (literal && s->low[i] != first)
            continue;
        size_t e = cscan_match(s, i, pattern);
        if (e) {
            if (end)
                *end = e;
            return i;
        }
    }
    return SIZE_MAX;
}

size_t cscan_find_plain(const struct cscan *s, const char *name, size_t from, size_t *end)
{
    size_t n = strlen(name);
    if (n == 0)
        return SIZE_MAX;
    bool wl = pat_word(name[0]), wr = pat_word(name[n - 1]);
    for (size_t i = from; i + n <= s->len; i++) {
        if (memcmp(s->low + i, name, n) != 0)
            continue;
        if ((wl && i > 0 && cscan_word_at(s, i - 1)) || (wr && cscan_word_at(s, i + n)))
            continue;
        if (end)
            *end = i + n;
        return i;
    }
    return SIZE_MAX;
}

size_t cscan_token_end(const struct cscan *s, size_t i)
{
    size_t j = i;
    while (j < s->len && !strchr(" \t\r\n", s->low[j]))
        j++;
    while (j > i && strchr(".,;:!?)]\"'", s->low[j - 1]))
        j--;
    return j;
}

bool cscan_same_lower(const char *low, const char *name, size_t n)
{
    char *p = xstrndup(name, n);
    cscan_lower(p, n);
    bool same = memcmp(low, p, n) == 0;
    free(p);
    return same;
}

/* ---- hits ---- */

static void add_word(struct chits *h, const char *w, size_t n)
{
    /* at most 40 bytes, cut at a character boundary */
    if (n > 40) {
        n = 40;
        while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
            n--;
    }
    if (n == 0)
        return;
    for (int k = 0; k < h->shown; k++)
        if (strlen(h->w[k]) == n && strncasecmp(h->w[k], w, n) == 0)
            return;
    if (h->shown < CHITS_SHOWN) {
        memcpy(h->w[h->shown], w, n);
        h->w[h->shown][n] = '\0';
        h->shown++;
    }
}

void chits_add(struct chits *h, const struct cscan *s, size_t a, size_t b)
{
    while (a < b && strchr(" \t\r\n", s->orig[a]))
        a++;
    while (b > a && strchr(" \t\r\n", s->orig[b - 1]))
        b--;
    if (b <= a)
        return;
    h->count++;
    add_word(h, s->orig + a, b - a);
}

void cscan_find_all(const struct cscan *s, const char *pattern, struct chits *h)
{
    size_t e;
    for (size_t i = 0; (i = cscan_find(s, pattern, i, &e)) != SIZE_MAX; i = e)
        chits_add(h, s, i, e);
}

void chits_merge(struct chits *h, const struct chits *from)
{
    h->count += from->count;
    for (int k = 0; k < from->shown; k++)
        add_word(h, from->w[k], strlen(from->w[k]));
}

void chits_join(const struct chits *h, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int k = 0; k < h->shown && len + 1 < n; k++) {
        int w = snprintf(out + len, n - len, "%s\"%s\"", k ? ", " : "", h->w[k]);
        if (w < 0 || (size_t)w >= n - len) {
            out[len] = '\0'; /* a word that does not fit is left out whole */
            break;
        }
        len += (size_t)w;
    }
}

/* ---- folding ---- */

char *community_fold(const char *text)
{
    struct cscan s;
    cscan_init(&s, text);
    struct buf b = {0};
    bool space = false;
    for (size_t i = 0; i < s.len; i++) {
        if (cscan_word_at(&s, i)) {
            if (space && b.len > 0)
                buf_putc(&b, ' ');
            space = false;
            buf_putc(&b, s.low[i]);
        } else {
            space = true;
        }
    }
    cscan_free(&s);
    if (b.data == NULL)
        return xstrdup("");
    return buf_detach(&b);
}
