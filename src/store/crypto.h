/*
 * crypto.h - every use of libsodium in Pace: the master key file, field
 * encryption (XChaCha20-Poly1305 with a fresh random nonce per value),
 * password hashing (argon2id), random tokens and their hashes.
 */
#ifndef PACE_CRYPTO_H
#define PACE_CRYPTO_H

#include "core/err.h"
#include "core/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_KEY_BYTES 32
#define CRYPTO_HASH_BYTES 32
#define CRYPTO_TOKEN_CHARS 43 /* base64url of 32 random bytes, no padding */
#define CRYPTO_PWHASH_MAX 128

struct crypto_key {
    unsigned char k[CRYPTO_KEY_BYTES];
};

/* Initialises libsodium; returns 0 or PACE_ECRYPTO. Safe to call often. */
int crypto_init(void);

/* Reads the hex key at path, or creates it with mode 0600 when absent.
 * Refuses (PACE_EDENIED) a key file that group or others may read. */
int crypto_key_load_or_create(const char *path, struct crypto_key *key, struct pace_error *err);
/* Wipes the key from memory. */
void crypto_key_wipe(struct crypto_key *key);
/* Derives an independent 32-byte subkey for a purpose ("csrf", "throttle"). */
void crypto_subkey(const struct crypto_key *key, uint64_t id, const char *ctx,
                   unsigned char out[CRYPTO_KEY_BYTES]);

/* Encrypts plain into out as nonce || ciphertext || tag. ad binds the value
 * to its place (table, column and row), so a value moved elsewhere fails to
 * decrypt. */
void crypto_seal(const struct crypto_key *key, const char *ad, const void *plain, size_t len,
                 struct buf *out);
/* Decrypts what crypto_seal produced; PACE_ECRYPTO if it was altered. out
 * receives the plaintext, NUL-terminated. */
int crypto_open(const struct crypto_key *key, const char *ad, const void *sealed, size_t len,
                struct buf *out, struct pace_error *err);

/* Writes a new random token of CRYPTO_TOKEN_CHARS characters plus NUL. */
void crypto_random_token(char out[CRYPTO_TOKEN_CHARS + 1]);
/* Fills out with n random bytes. */
void crypto_random_bytes(void *out, size_t n);
/* Writes a new random (version 4) UUID in lower-case text form, 36
 * characters plus NUL. */
#define CRYPTO_UUID_CHARS 36
void crypto_uuid(char out[CRYPTO_UUID_CHARS + 1]);
/* True when s is a UUID in lower-case text form (any version). */
bool crypto_uuid_valid(const char *s);
/* Hashes len bytes of data (a request, for store_once). */
void crypto_digest(const void *data, size_t len, unsigned char out[CRYPTO_HASH_BYTES]);
/* Hashes a token for storage; only hashes of tokens are ever stored. */
void crypto_hash_token(const char *token, unsigned char out[CRYPTO_HASH_BYTES]);
/* Keyed hash of data into hex (2*CRYPTO_HASH_BYTES+1 chars). */
void crypto_keyed_hex(const unsigned char key[CRYPTO_KEY_BYTES], const char *data,
                      char out[2 * CRYPTO_HASH_BYTES + 1]);
/* Keyed hash of len bytes of data. */
void crypto_keyed_hash(const unsigned char key[CRYPTO_KEY_BYTES], const void *data, size_t len,
                       unsigned char out[CRYPTO_HASH_BYTES]);
bool crypto_equal(const void *a, const void *b, size_t n);

/* How long a password hash waits for the one before it, by default. */
#define CRYPTO_PWHASH_WAIT_MS 10000L

/* argon2id (12 MiB, 3 passes), one at a time; out must hold
 * CRYPTO_PWHASH_MAX bytes. 0, PACE_ECRYPTO, or PACE_EUNAVAIL when another
 * hash held the gate for longer than the wait. */
int crypto_password_hash(const char *pw, char out[CRYPTO_PWHASH_MAX]);
/* 0 when pw matches hash, PACE_EDENIED otherwise, PACE_EUNAVAIL as above. */
int crypto_password_verify(const char *hash, const char *pw);
/* True for a hash made with other parameters (rehash it at sign-in). */
bool crypto_password_needs_rehash(const char *hash);
/* The gate every hash passes (tests hold it to check the wait). */
int crypto_password_gate_enter(void);
void crypto_password_gate_leave(void);
void crypto_password_set_wait(long ms);
/* Wipes a secret string in place. */
void crypto_wipe(void *p, size_t n);

#endif
