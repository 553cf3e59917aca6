/*
 * web.h - what every file of the web layer shares: the server's
 * configuration and state (struct app), one request and its response
 * (struct req), and the helpers to answer it.
 *
 * Each request is handled start to finish on one thread; everything it
 * allocates hangs off struct req and is released by req_free.
 */
#ifndef PACE_WEB_H
#define PACE_WEB_H

#include "app/app.h"
#include "core/catalog.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/plan.h"
#include "core/util.h"
#include "store/store.h"
#include "web/form.h"
#include "web/multipart.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define WEB_MAX_BODY (1024 * 1024)
/* Routes flagged R_LARGE (the imports) take the largest export Pace writes
 * (core/export.h), with room for a form's multipart framing around it. */
#define WEB_MAX_IMPORT_BODY (EXPORT_MAX_BYTES + 64 * 1024)
#define WEB_MAX_HEADERS 12
#define WEB_MAX_PARAMS 4

struct web_config {
    const char *listen;          /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
    int idle_timeout_s;          /* sign-out after this much inactivity */
    int login_lifetime_s;        /* and this long after signing in, whatever she does */
    bool trust_proxy;            /* honour X-Forwarded-Proto / X-Forwarded-For */
    const char *trusted_proxies; /* "CIDR,CIDR": the proxies whose X-Forwarded-For
                                  * is believed (NULL: loopback) */
    const char *tls_cert;        /* PEM files to serve HTTPS directly, or NULL */
    const char *tls_key;
    int threads; /* 0: one per core */
    int writers; /* threads for requests that write; 0: WEB_WRITERS, -1: none */
};

/* Requests that may write (anything but GET and HEAD) run on a pool of
 * their own threads, so one waiting for the disk or the database's write
 * lock holds up no page, and writes arriving together can share a commit. */
#define WEB_WRITERS 16
struct web_writers;

struct guide;

struct app {
    struct store *store;
    const struct catalog *catalog;    /* the dilator catalogs, loaded at start */
    const struct plan_library *plans; /* programs and goals, loaded at start */
    struct app_ctx ctx;               /* the same, for the application layer (set by web_start) */
    const struct guide *guide;        /* the guide's articles, loaded at start */
    struct web_config cfg;
    unsigned char csrf_key[CRYPTO_KEY_BYTES];
    unsigned char addr_key[CRYPTO_KEY_BYTES];
    struct MHD_Daemon *daemon;
    unsigned short port; /* the port actually bound */
    char *tls_cert_pem;
    char *tls_key_pem;
    struct web_writers *writers; /* server.c; NULL: every request on its connection's thread */
};

struct resp_header {
    char *name;
    char *value;
};

struct req {
    struct app *app;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    char *raw_query;                    /* the query string as sent (after '?'), or NULL */
    bool started;                       /* req_init has run */
    const char *params[WEB_MAX_PARAMS]; /* captured {} path segments */
    struct buf body;
    const struct route *matched; /* routes.c: the one for method and path, or NULL */
    size_t max_body;             /* WEB_MAX_BODY, or more for an import (R_LARGE) */
    bool writes;                 /* a request that may write (not GET or HEAD, or R_WRITES): on a
                                    writer thread */
    bool body_too_large;
    size_t body_dropped; /* bytes discarded after the body grew too large */
    struct form query;
    struct form form;        /* a URL-encoded POST, or the text fields of a multipart one */
    struct multipart upload; /* a multipart POST (R_MULTIPART); points into body */
    json_t *json;            /* a JSON body (R_JSON), read by the dispatcher; owned */
    int64_t now;
    bool https;
    bool is_api;
    char addr_key[80];                 /* keyed hash of the client address, for throttling */
    char request_id[33];               /* sent as X-Request-Id and written in log lines */
    const char *route;                 /* the matched route's pattern, for log lines */
    char anon[CRYPTO_TOKEN_CHARS + 1]; /* pre-login CSRF cookie value */

    /* who is asking (auth_resolve; resolved once per request) */
    struct principal who; /* for the application layer */
    bool auth_resolved;
    bool auth_unavailable; /* a login or token could not be checked (database away) */
    bool authed;
    bool via_token;
    struct user user;
    unsigned char login_hash[CRYPTO_HASH_BYTES];
    int64_t login_id;
    char csrf[2 * CRYPTO_HASH_BYTES + 1];
    struct tz_zone *zone; /* her time zone (web/zone.h), read on first use; owned */

    /* the answer */
    int status;
    struct buf out;
    const char *content_type;
    struct resp_header headers[WEB_MAX_HEADERS];
    size_t nheaders;
    bool personal;           /* Cache-Control: no-store */
    const void *static_body; /* served instead of out when set */
    size_t static_len;

    /* handed to a writer thread (server.c): the connection waits, suspended */
    enum { HANDED_NO, HANDED_QUEUED, HANDED_DONE } handed;
    struct req *next_handed;
};

/* server.c */
/* Starts serving; returns 0 or a negative pace_err with a message. */
int web_start(struct app *app, struct pace_error *err);
void web_stop(struct app *app);

/* client.c: the trusted proxies ("CIDR,CIDR", NULL: loopback), whether
 * the peer is one of them (and --trust-proxy is on), and r->addr_key. */
int web_trusted_proxies_set(const char *list, struct pace_error *err);
bool web_from_trusted_proxy(struct req *r);
void web_client_addr_key(struct req *r);

/* Request accessors. */
const char *req_header(struct req *r, const char *name);
const char *req_param(struct req *r, const char *name); /* form, then query */

/* Response helpers. */
void resp_header(struct req *r, const char *name, const char *value);
/* Sets a cookie (HttpOnly, SameSite=Strict, Path=/, Secure under HTTPS).
 * max_age < 0: session cookie; 0: delete it. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);
/* The cookie name for base ("pace"): "__Host-pace" under HTTPS. */
const char *cookie_name(struct req *r, const char *base, char *out, size_t n);
void resp_redirect(struct req *r, const char *location);
/* JSON body; takes a reference to j (decrefs it). */
void resp_json(struct req *r, int status, json_t *j);
/* {"error": msg, "field": field|null} */
void resp_api_error(struct req *r, int status, const char *msg, const char *field);
/* The one answer for a failed use case: the status for rc (status_for) and
 * err's sentence and field; a 5xx says only that something went wrong (the
 * detail goes to the log). */
void resp_api_fail(struct req *r, int rc, const struct pace_error *err);
/* An error for a page or the API alike, depending on the route. */
void resp_error(struct req *r, int status, const char *msg);
/* HTTP status for a pace_err. */
int status_for(int pace_err);

#endif
