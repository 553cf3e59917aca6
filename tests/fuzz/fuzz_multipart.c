/* fuzz_multipart.c - libFuzzer harness for the multipart/form-data reader.
 * The input's first line is the Content-Type header, the rest the body.
 * Whatever is accepted must point inside the body, keep to the limits, have
 * unique names, and read back the same when written out again the way a
 * browser would; every refusal leaves nothing behind and has a sentence. */
#include "web/multipart.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *put(char *o, const void *p, size_t n)
{
    memcpy(o, p, n);
    return o + n;
}

static char *puts_(char *o, const char *s)
{
    return put(o, s, strlen(s));
}

/* Writes m out again as a browser would, into a new buffer. */
static char *write_out(const struct multipart *m, const char *boundary, size_t *len)
{
    size_t cap = 16 + strlen(boundary);
    for (size_t i = 0; i < m->n; i++)
        cap += 600 + strlen(boundary) + m->parts[i].len;
    char *buf = malloc(cap), *o = buf;
    if (buf == NULL)
        abort();
    for (size_t i = 0; i < m->n; i++) {
        const struct multipart_part *p = &m->parts[i];
        o = puts_(o, "--");
        o = puts_(o, boundary);
        o = puts_(o, "\r\nContent-Disposition: form-data; name=\"");
        o = puts_(o, p->name);
        o = puts_(o, "\"");
        if (p->has_filename) {
            o = puts_(o, "; filename=\"");
            o = puts_(o, p->filename);
            o = puts_(o, "\"");
        }
        o = puts_(o, "\r\n");
        if (p->content_type[0]) {
            o = puts_(o, "Content-Type: ");
            o = puts_(o, p->content_type);
            o = puts_(o, "\r\n");
        }
        o = puts_(o, "\r\n");
        o = put(o, p->data, p->len);
        o = puts_(o, "\r\n");
    }
    o = puts_(o, "--");
    o = puts_(o, boundary);
    o = puts_(o, "--\r\n");
    *len = (size_t)(o - buf);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (nl == NULL || nl - data > 300)
        return 0;
    char ct[301];
    memcpy(ct, data, (size_t)(nl - data));
    ct[nl - data] = '\0';
    const char *body = (const char *)nl + 1;
    size_t len = size - (size_t)(nl - data) - 1;

    struct multipart m;
    enum multipart_err e = multipart_parse(&m, ct, body, len);
    const char *msg = multipart_message(e);
    if (msg == NULL || msg[0] == '\0')
        abort();
    if (e != MP_OK) {
        if (m.n != 0)
            abort(); /* a refused body leaves nothing behind */
        return 0;
    }
    char boundary[MULTIPART_MAX_BOUNDARY + 1], delim[MULTIPART_MAX_BOUNDARY + 5];
    if (multipart_boundary(ct, boundary) != MP_OK)
        abort();
    int dlen = snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    if (m.n == 0 || m.n > MULTIPART_MAX_PARTS)
        abort();
    for (size_t i = 0; i < m.n; i++) {
        const struct multipart_part *p = &m.parts[i];
        if (p->data < body || p->data + p->len > body + len)
            abort();
        if (p->name[0] == '\0' || strlen(p->name) > MULTIPART_MAX_NAME ||
            strlen(p->filename) > MULTIPART_MAX_FILENAME ||
            strlen(p->content_type) > MULTIPART_MAX_TYPE)
            abort();
        if (!p->has_filename && p->filename[0])
            abort();
        if (multipart_get(&m, p->name) != p)
            abort(); /* names are unique */
        /* The data never holds a delimiter. */
        for (size_t k = 0; k + (size_t)dlen <= p->len; k++)
            if (memcmp(p->data + k, delim, (size_t)dlen) == 0)
                abort();
    }

    size_t len2;
    char *again = write_out(&m, boundary, &len2);
    struct multipart m2;
    if (multipart_parse(&m2, ct, again, len2) != MP_OK || m2.n != m.n)
        abort();
    for (size_t i = 0; i < m.n; i++) {
        const struct multipart_part *a = &m.parts[i], *b = &m2.parts[i];
        if (strcmp(a->name, b->name) != 0 || strcmp(a->filename, b->filename) != 0 ||
            a->has_filename != b->has_filename || strcmp(a->content_type, b->content_type) != 0 ||
            a->len != b->len || (a->len && memcmp(a->data, b->data, a->len) != 0))
            abort();
    }
    free(again);
    return 0;
}
