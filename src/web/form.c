/* form.c - URL-encoded form and Cookie header parsing. */
#include "form.h"

#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *url_decode(const char *src, size_t len)
{
    char *out = xmalloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '+') {
            out[o++] = ' ';
        } else if (c == '%') {
            int hi = i + 1 < len ? hexval(src[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(src[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(out);
                return NULL;
            }
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    if (!str_valid_text(out, o)) {
        free(out);
        return NULL;
    }
    return out;
}

void form_free(struct form *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].key);
        free(f->items[i].val);
    }
    free(f->items);
    f->items = NULL;
    f->n = 0;
}

int form_parse(struct form *f, const char *data, size_t len)
{
    f->items = NULL;
    f->n = 0;
    size_t cap = 0;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && data[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && data[eq] != '=')
                eq++;
            char *k = url_decode(data + i, eq - i);
            char *v = eq < end ? url_decode(data + eq + 1, end - eq - 1) : xstrdup("");
            if (k == NULL || v == NULL || f->n >= FORM_MAX_FIELDS) {
                free(k);
                free(v);
                form_free(f);
                return -1;
            }
            if (f->n == cap) {
                cap = cap ? cap * 2 : 8;
                f->items = xrealloc(f->items, cap * sizeof *f->items);
            }
            f->items[f->n].key = k;
            f->items[f->n].val = v;
            f->n++;
        }
        i = end + 1;
    }
    return 0;
}

int form_add(struct form *f, const char *key, const char *val, size_t len)
{
    if (f->n >= FORM_MAX_FIELDS)
        return -1;
    f->items = xrealloc(f->items, (f->n + 1) * sizeof *f->items);
    f->items[f->n].key = xstrdup(key);
    f->items[f->n].val = xmalloc(len + 1);
    memcpy(f->items[f->n].val, val, len);
    f->items[f->n].val[len] = '\0';
    f->n++;
    return 0;
}

const char *form_get(const struct form *f, const char *key)
{
    return form_get_nth(f, key, 0);
}

size_t form_count(const struct form *f, const char *key)
{
    size_t c = 0;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->items[i].key, key) == 0)
            c++;
    return c;
}

const char *form_get_nth(const struct form *f, const char *key, size_t nth)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->items[i].key, key) == 0 && nth-- == 0)
            return f->items[i].val;
    return NULL;
}

bool cookie_get(const char *header, const char *name, char *out, size_t n)
{
    if (header == NULL || n == 0)
        return false;
    size_t nlen = strlen(name);
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *start = p;
        while (*p && *p != '=' && *p != ';')
            p++;
        size_t klen = (size_t)(p - start);
        while (klen > 0 && (start[klen - 1] == ' ' || start[klen - 1] == '\t'))
            klen--;
        if (*p != '=') {
            continue;
        }
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *v = p;
        while (*p && *p != ';')
            p++;
        size_t vlen = (size_t)(p - v);
        while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
            vlen--;
        if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
            v++;
            vlen -= 2;
        }
        if (klen == nlen && memcmp(start, name, nlen) == 0) {
            if (vlen >= n)
                return false;
            memcpy(out, v, vlen);
            out[vlen] = '\0';
            return true;
        }
    }
    return false;
}
