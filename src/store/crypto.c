/* crypto.c - key file, field encryption, password hashing and tokens. */
#include "crypto.h"
#include "sqlite_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int crypto_init(void)
{
    return sodium_init() < 0 ? PACE_ECRYPTO : 0;
}

static int read_key(const char *path, struct crypto_key *key, struct pace_error *err)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return pace_fail(err, PACE_EIO, NULL, "cannot open key file %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return pace_fail(err, PACE_EIO, NULL, "key file %s is not a regular file", path);
    }
    if (st.st_mode & 077) {
        close(fd);
        return pace_fail(err, PACE_EDENIED, NULL,
                         "key file %s may be read by other users (mode %03o); "
                         "run: chmod 600 %s",
                         path, (unsigned)(st.st_mode & 0777), path);
    }
    char hex[2 * CRYPTO_KEY_BYTES + 2];
    ssize_t n = read(fd, hex, sizeof hex - 1);
    close(fd);
    if (n < 2 * CRYPTO_KEY_BYTES) {
        sodium_memzero(hex, sizeof hex);
        return pace_fail(err, PACE_EIO, NULL, "key file %s is too short", path);
    }
    size_t bin_len = 0;
    int rc = sodium_hex2bin(key->k, sizeof key->k, hex, 2 * CRYPTO_KEY_BYTES, NULL, &bin_len, NULL);
    sodium_memzero(hex, sizeof hex);
    if (rc != 0 || bin_len != CRYPTO_KEY_BYTES)
        return pace_fail(err, PACE_EIO, NULL, "key file %s is not a valid key", path);
    return 0;
}

int crypto_key_load_or_create(const char *path, struct crypto_key *key, struct pace_error *err)
{
    if (crypto_init() != 0)
        return pace_fail(err, PACE_ECRYPTO, NULL, "cannot initialise libsodium");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return read_key(path, key, err);
        return pace_fail(err, PACE_EIO, NULL, "cannot create key file %s: %s", path,
                         strerror(errno));
    }
    randombytes_buf(key->k, sizeof key->k);
    char hex[2 * CRYPTO_KEY_BYTES + 2];
    sodium_bin2hex(hex, sizeof hex - 1, key->k, sizeof key->k);
    size_t len = strlen(hex);
    hex[len++] = '\n';
    bool ok = write(fd, hex, len) == (ssize_t)len && fsync(fd) == 0;
    sodium_memzero(hex, sizeof hex);
    if (close(fd) != 0 || !ok) {
        unlink(path);
        return pace_fail(err, PACE_EIO, NULL, "cannot write key file %s", path);
    }
    return 0;
}

void crypto_key_wipe(struct crypto_key *key)
{
    sodium_memzero(key, sizeof *key);
}

void crypto_subkey(const struct crypto_key *key, uint64_t id, const char *ctx,
                   unsigned char out[CRYPTO_KEY_BYTES])
{
    char c[crypto_kdf_CONTEXTBYTES] = {0};
    memcpy(c, ctx, strnlen(ctx, sizeof c));
    crypto_kdf_derive_from_key(out, CRYPTO_KEY_BYTES, id, c, key->k);
}

void crypto_seal(const struct crypto_key *key, const char *ad, const void *plain, size_t len,
                 struct buf *out)
{
    unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
    randombytes_buf(nonce, sizeof nonce);
    size_t total = sizeof nonce + len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    buf_reset(out);
    buf_grow(out, total);
    memcpy(out->data, nonce, sizeof nonce);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt((unsigned char *)out->data + sizeof nonce, &clen,
                                               plain, len, (const unsigned char *)ad, strlen(ad),
                                               NULL, nonce, key->k);
    out->len = sizeof nonce + (size_t)clen;
    out->data[out->len] = '\0';
}

int crypto_open(const struct crypto_key *key, const char *ad, const void *sealed, size_t len,
                struct buf *out, struct pace_error *err)
{
    const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    const size_t ab = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (len < nb + ab)
        return pace_fail(err, PACE_ECRYPTO, NULL, "an encrypted value is damaged");
    buf_reset(out);
    buf_grow(out, len - nb - ab);
    unsigned long long plen = 0;
    const unsigned char *s = sealed;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out->data, &plen, NULL, s + nb,
                                                   len - nb, (const unsigned char *)ad, strlen(ad),
                                                   s, key->k) != 0) {
        buf_reset(out);
        return pace_fail(err, PACE_ECRYPTO, NULL, "an encrypted value failed its integrity check");
    }
    out->len = (size_t)plen;
    out->data[out->len] = '\0';
    return 0;
}

void crypto_random_token(char out[CRYPTO_TOKEN_CHARS + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, CRYPTO_TOKEN_CHARS + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void crypto_random_bytes(void *out, size_t n)
{
    randombytes_buf(out, n);
}

void crypto_uuid(char out[CRYPTO_UUID_CHARS + 1])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < sizeof b; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0f];
    }
    out[o] = '\0';
}

bool crypto_uuid_valid(const char *s)
{
    if (s == NULL || strlen(s) != CRYPTO_UUID_CHARS)
        return false;
    for (size_t i = 0; i < CRYPTO_UUID_CHARS; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        char c = s[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

void crypto_digest(const void *data, size_t len, unsigned char out[CRYPTO_HASH_BYTES])
{
    crypto_generichash(out, CRYPTO_HASH_BYTES, data, len, NULL, 0);
}

void crypto_hash_token(const char *token, unsigned char out[CRYPTO_HASH_BYTES])
{
    crypto_generichash(out, CRYPTO_HASH_BYTES, (const unsigned char *)token, strlen(token), NULL,
                       0);
}

void crypto_keyed_hex(const unsigned char key[CRYPTO_KEY_BYTES], const char *data,
                      char out[2 * CRYPTO_HASH_BYTES + 1])
{
    unsigned char h[CRYPTO_HASH_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)data, strlen(data), key,
                       CRYPTO_KEY_BYTES);
    sodium_bin2hex(out, 2 * CRYPTO_HASH_BYTES + 1, h, sizeof h);
}

void crypto_keyed_hash(const unsigned char key[CRYPTO_KEY_BYTES], const void *data, size_t len,
                       unsigned char out[CRYPTO_HASH_BYTES])
{
    crypto_generichash(out, CRYPTO_HASH_BYTES, data, len, key, CRYPTO_KEY_BYTES);
}

bool crypto_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

/* One of OWASP's equivalent argon2id settings (docs/security.md): 12 MiB,
 * three passes, one lane (libsodium's argon2id always uses one). */
#define PW_OPSLIMIT 3ull
#define PW_MEMLIMIT ((size_t)12 * 1024 * 1024)

/* At most one hash at a time: each holds its memory for as long as it
 * runs, so two at once would double the server's peak. Others wait, up to
 * pw_wait_ms. */
static pthread_mutex_t pw_gate = PTHREAD_MUTEX_INITIALIZER;
static long pw_wait_ms = CRYPTO_PWHASH_WAIT_MS;

void crypto_password_set_wait(long ms)
{
    pw_wait_ms = ms;
}

int crypto_password_gate_enter(void)
{
    /* A hash takes tens of milliseconds and may wait for another first:
     * the request's reader is not kept from other requests meanwhile. */
    lite_snapshot_yield();
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += pw_wait_ms / 1000;
    t.tv_nsec += (pw_wait_ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return pthread_mutex_clocklock(&pw_gate, CLOCK_MONOTONIC, &t) == 0 ? 0 : PACE_EUNAVAIL;
}

void crypto_password_gate_leave(void)
{
    pthread_mutex_unlock(&pw_gate);
}

int crypto_password_hash(const char *pw, char out[CRYPTO_PWHASH_MAX])
{
    _Static_assert(crypto_pwhash_STRBYTES <= CRYPTO_PWHASH_MAX, "pwhash buffer");
    if (crypto_password_gate_enter() != 0)
        return PACE_EUNAVAIL;
    int rc = crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT,
                                   crypto_pwhash_ALG_ARGON2ID13);
    crypto_password_gate_leave();
    return rc == 0 ? 0 : PACE_ECRYPTO;
}

int crypto_password_verify(const char *hash, const char *pw)
{
    if (crypto_password_gate_enter() != 0)
        return PACE_EUNAVAIL;
    int rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
    crypto_password_gate_leave();
    return rc == 0 ? 0 : PACE_EDENIED;
}

bool crypto_password_needs_rehash(const char *hash)
{
    return crypto_pwhash_str_needs_rehash(hash, PW_OPSLIMIT, PW_MEMLIMIT) != 0;
}

void crypto_wipe(void *p, size_t n)
{
    sodium_memzero(p, n);
}
