/*
 * once.c - requests carried out once: the API's Idempotency-Key header and
 * the one-time key every creating form carries, turned into a store_once
 * (store.h) that the creating store call checks and records in its own
 * transaction.
 */
#include "web/once.h"

#include "web/html.h"

#include <stdio.h>
#include <string.h>

#define ONCE_KEY_MAX 255

/* A key is 1-255 visible ASCII characters (RFC 9110 token or quoted text). */
static bool key_valid(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > ONCE_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)k[i] < 0x21 || (unsigned char)k[i] > 0x7e)
            return false;
    return true;
}

int once_from_header(struct req *r, struct store_once *o, bool *has, struct pace_error *err)
{
    memset(o, 0, sizeof *o);
    *has = false;
    const char *k = req_header(r, "Idempotency-Key");
    if (k == NULL)
        return 0;
    /* The draft's form is a quoted string; a bare token is accepted too. */
    char key[ONCE_KEY_MAX + 3];
    size_t n = strlen(k);
    if (n >= 2 && k[0] == '"' && k[n - 1] == '"' && n - 2 <= ONCE_KEY_MAX) {
        memcpy(key, k + 1, n - 2);
        key[n - 2] = '\0';
    } else {
        snprintf(key, sizeof key, "%s", n <= ONCE_KEY_MAX ? k : "");
    }
    if (!key_valid(key))
        return pace_fail(err, PACE_EINVAL, "Idempotency-Key", "%s",
                         _("The Idempotency-Key header must be 1 to 255 visible characters."));
    char prefix[] = "api:";
    struct buf b = {0};
    buf_add(&b, prefix, strlen(prefix));
    buf_add(&b, key, strlen(key));
    crypto_digest(b.data, b.len, o->key);
    b.len = 0;
    buf_add(&b, r->method, strlen(r->method));
    buf_add(&b, "\n", 1);
    buf_add(&b, r->path, strlen(r->path));
    buf_add(&b, "\n", 1);
    if (r->body.len)
        buf_add(&b, r->body.data, r->body.len);
    crypto_digest(b.data, b.len, o->request);
    buf_free(&b);
    *has = true;
    return 0;
}

bool once_from_form(struct req *r, struct store_once *o)
{
    memset(o, 0, sizeof *o);
    const char *k = form_get(&r->form, "once");
    if (k == NULL || strlen(k) != CRYPTO_TOKEN_CHARS || !key_valid(k))
        return false;
    /* Whatever she changed before sending it again, one form makes one
     * record: the request is the key itself. */
    char text[CRYPTO_TOKEN_CHARS + 16];
    snprintf(text, sizeof text, "form:%s", k);
    crypto_hash_token(text, o->key);
    crypto_hash_token(text, o->request);
    return true;
}

void html_once(struct req *r)
{
    char k[CRYPTO_TOKEN_CHARS + 1];
    crypto_random_token(k);
    html_printf(r, "<input type=\"hidden\" name=\"once\" value=\"%s\">", k);
}
