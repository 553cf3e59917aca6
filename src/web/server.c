/*
 * server.c - libmicrohttpd glue: starting and stopping the daemon, reading
 * a request (with size limits), and sending the response with the security
 * headers every answer carries.
 */
#include "app/clock.h"
#include "app/log.h"
#include "web/web.h"
#include "web/auth.h"
#include "web/gzip.h"
#include "web/routes.h"
#include "web/zone.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Direct TLS: 1.2 and 1.3 only, forward-secret elliptic-curve key exchange
 * and AEAD ciphers only (no CBC, no RSA key transport, no finite-field DH). */
static const char web_tls_priorities[] =
    "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+ECDHE-ECDSA:+ECDHE-RSA:+AES-256-GCM:+AES-128-GCM:"
    "+CHACHA20-POLY1305:+AEAD:+SIGN-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:"
    "+COMP-NULL:+CTYPE-X509:%SAFE_RENEGOTIATION";

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
                          "object-src 'none'";

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_param(struct req *r, const char *name)
{
    const char *v = form_get(&r->form, name);
    return v ? v : form_get(&r->query, name);
}

void resp_header(struct req *r, const char *name, const char *value)
{
    if (r->nheaders == WEB_MAX_HEADERS)
        return;
    r->headers[r->nheaders].name = xstrdup(name);
    r->headers[r->nheaders].value = xstrdup(value);
    r->nheaders++;
}

const char *cookie_name(struct req *r, const char *base, char *out, size_t n)
{
    snprintf(out, n, "%s%s", r->https ? "__Host-" : "", base);
    return out;
}

void resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    char full[64], v[512], age[48] = "";
    cookie_name(r, name, full, sizeof full);
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", full, value,
             r->https ? "; Secure" : "", age);
    resp_header(r, "Set-Cookie", v);
}

void resp_redirect(struct req *r, const char *location)
{
    r->status = 303;
    resp_header(r, "Location", location);
    buf_reset(&r->out);
}

void resp_json(struct req *r, int status, json_t *j)
{
    r->status = status;
    r->content_type = "application/json";
    buf_reset(&r->out);
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (s) {
        buf_puts(&r->out, s);
        free(s);
    }
    json_decref(j);
}

void resp_api_error(struct req *r, int status, const char *msg, const char *field)
{
    json_t *j = json_object();
    json_object_set_new(j, "error", json_string(msg));
    json_object_set_new(j, "field", field && *field ? json_string(field) : json_null());
    resp_json(r, status, j);
}

void resp_api_fail(struct req *r, int rc, const struct pace_error *err)
{
    int status = status_for(rc);
    if (rc == PACE_EUNAVAIL)
        resp_header(r, "Retry-After", "5");
    /* A full disk and a database away have sentences written for her. */
    if (status >= 500 && rc != PACE_EFULL && rc != PACE_EUNAVAIL) {
        /* Nothing of the inside leaves the server; the log keeps it. */
        fprintf(stderr, "pace: %s %s failed: %s\n", r->method, r->path,
                err && err->msg[0] ? err->msg : "(no message)");
        resp_api_error(r, status, _("Something went wrong. Please try again."), NULL);
        return;
    }
    resp_api_error(r, status, err && err->msg[0] ? err->msg : _("That did not work."),
                   err ? err->field : NULL);
}

int status_for(int e)
{
    switch (e) {
    case 0:
        return 200;
    case PACE_EINVAL:
        return 422;
    case PACE_ENOTFOUND:
        return 404;
    case PACE_ECONFLICT:
        return 409;
    case PACE_EDENIED:
        return 403;
    case PACE_ETOOLARGE:
        return 413;
    case PACE_EFULL:
        return 507;
    case PACE_ELOCKED:
        return 429;
    case PACE_EUNAVAIL:
        return 503;
    default:
        return 500;
    }
}

/* Reads the query string as it came (libmicrohttpd's own reading forgives
 * bad escapes): a bad percent escape, invalid UTF-8 or any control
 * character makes the address invalid. */
static bool query_read(struct req *r)
{
    const char *q = r->raw_query;
    if (q == NULL || *q == '\0')
        return true;
    if (form_parse(&r->query, q, strlen(q)) != 0)
        return false;
    for (size_t i = 0; i < r->query.n; i++) {
        for (const char *t = r->query.items[i].val; *t; t++)
            if ((unsigned char)*t < 0x20 || *t == 0x7f)
                return false;
        for (const char *t = r->query.items[i].key; *t; t++)
            if ((unsigned char)*t < 0x20 || *t == 0x7f)
                return false;
    }
    return true;
}

/* Called with the request line before anything else: keeps the raw query
 * string, and the request starts here. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    struct req *r = xcalloc(1, sizeof *r);
    const char *q = uri ? strchr(uri, '?') : NULL;
    if (q)
        r->raw_query = xstrdup(q + 1);
    return r;
}

static void req_init(struct req *r, struct app *app, struct MHD_Connection *conn, const char *url,
                     const char *method)
{
    r->started = true;
    r->app = app;
    r->conn = conn;
    r->method = method;
    r->path = url;
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    r->personal = true;
    r->now = app_clock_now();
    r->is_api = str_starts(url, "/api/");
    r->matched = web_route_for(method, url);
    unsigned route = r->matched ? r->matched->flags : 0;
    r->max_body = route & R_LARGE ? WEB_MAX_IMPORT_BODY : WEB_MAX_BODY;
    r->writes = (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) || (route & R_WRITES);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_PROTOCOL);
    r->https = ci != NULL && ci->tls_session != NULL;
    unsigned char rid[16];
    randombytes_buf(rid, sizeof rid);
    sodium_bin2hex(r->request_id, sizeof r->request_id, rid, sizeof rid);
    if (!r->https && web_from_trusted_proxy(r)) {
        const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
        r->https = proto && strcmp(proto, "https") == 0;
    }
}

static void req_free(struct req *r)
{
    free(r->raw_query);
    buf_free(&r->body);
    buf_free(&r->out);
    form_free(&r->query);
    form_free(&r->form);
    json_decref(r->json);
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    crypto_wipe(r->login_hash, sizeof r->login_hash);
    req_zone_free(r);
    free(r);
}

/* The answer's body as libmicrohttpd takes it: gzip-compressed (HTML,
 * JSON and the text assets over WEB_GZIP_MIN, when Accept-Encoding allows
 * it), else the bytes built, handed over without a copy. */
static struct MHD_Response *response_body(struct req *r, bool *gzipped)
{
    *gzipped = false;
    if (r->static_body)
        return MHD_create_response_from_buffer(r->static_len, (void *)r->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    if (r->out.len >= WEB_GZIP_MIN && web_gzip_type(r->content_type) &&
        web_gzip_accepted(req_header(r, "Accept-Encoding"))) {
        size_t zn = 0;
        unsigned char *z = web_gzip(r->out.data, r->out.len, &zn);
        struct MHD_Response *resp =
            z ? MHD_create_response_from_buffer_with_free_callback(zn, z, free) : NULL;
        if (resp) {
            *gzipped = true;
            return resp;
        }
        free(z);
    }
    if (r->out.data == NULL)
        return MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    size_t n = r->out.len;
    char *data = buf_detach(&r->out);
    struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback(n, data, free);
    if (resp == NULL)
        free(data);
    return resp;
}

static enum MHD_Result send_response(struct req *r)
{
    bool gzipped = false;
    struct MHD_Response *resp = response_body(r, &gzipped);
    if (resp == NULL)
        return MHD_NO;
    if (gzipped)
        MHD_add_response_header(resp, "Content-Encoding", "gzip");
    if (web_gzip_type(r->content_type))
        MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    MHD_add_response_header(resp, "Content-Type", r->content_type);
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy",
                            "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (r->https)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (r->personal)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    for (size_t i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result too_large(struct req *r)
{
    r->status = 413;
    if (r->is_api) {
        resp_api_error(r, 413, _("The request is too large."), NULL);
    } else {
        r->content_type = "text/plain; charset=utf-8";
        buf_reset(&r->out);
        buf_puts(&r->out, _("The request is too large."));
    }
    return send_response(r);
}

/* Answers the request into r (send_response sends it), on whichever
 * thread runs it. */
static void run_request(struct req *r)
{
    struct app *app = r->app;
    i18n_set_lang(LANG_EN);
    web_client_addr_key(r);
    app_log_bind(r->request_id, r->addr_key + 5);
    app_request_begin(&app->ctx);
    if (!r->writes && r->matched)
        app_request_reads_only(&app->ctx, r->matched->pattern);
    if (!query_read(r)) {
        form_free(&r->query);
        resp_error(r, 400, _("The address of this page is not valid."));
    } else {
        web_dispatch(r);
    }
    app_request_end(&app->ctx);
    app_log_unbind();
}

/* ---- the writer threads ----
 *
 * A request that may write is handed over with its whole body read: its
 * connection is suspended (libmicrohttpd's thread goes on with the other
 * connections), a writer thread answers it into r and resumes the
 * connection, and libmicrohttpd's thread then sends the answer. Requests
 * wait their turn in arrival order. */
struct web_writers {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct req *head, *tail;
    bool stopping;
    int n;
    pthread_t threads[];
};

/* Hands r over; false when the threads are stopping (the caller answers
 * it itself). */
static bool writers_hand(struct web_writers *w, struct req *r)
{
    pthread_mutex_lock(&w->mu);
    if (w->stopping) {
        pthread_mutex_unlock(&w->mu);
        return false;
    }
    r->handed = HANDED_QUEUED;
    /* Suspended before a writer can see it, so its resume never comes
     * first. */
    MHD_suspend_connection(r->conn);
    r->next_handed = NULL;
    if (w->tail)
        w->tail->next_handed = r;
    else
        w->head = r;
    w->tail = r;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return true;
}

static void *writer_main(void *arg)
{
    struct web_writers *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (w->head == NULL && !w->stopping)
            pthread_cond_wait(&w->cv, &w->mu);
        struct req *r = w->head;
        if (r) {
            w->head = r->next_handed;
            if (w->head == NULL)
                w->tail = NULL;
        }
        pthread_mutex_unlock(&w->mu);
        if (r == NULL) /* stopping, and nothing left to answer */
            return NULL;
        run_request(r);
        r->handed = HANDED_DONE; /* published by the resume's own lock */
        MHD_resume_connection(r->conn);
    }
}

/* The pool of n threads; NULL (every request on its connection's thread)
 * when n < 1 or no thread can be started. */
static struct web_writers *writers_start(int n)
{
    if (n < 1)
        return NULL;
    struct web_writers *w = xcalloc(1, sizeof *w + (size_t)n * sizeof w->threads[0]);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    while (w->n < n && pthread_create(&w->threads[w->n], NULL, writer_main, w) == 0)
        w->n++;
    if (w->n == 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return NULL;
    }
    return w;
}

/* Answers everything handed over and ends the threads; from then on each
 * request is answered on its connection's thread. */
static void writers_quit(struct web_writers *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    for (int i = 0; i < w->n; i++)
        pthread_join(w->threads[i], NULL);
    w->n = 0;
}

static void writers_free(struct web_writers *w)
{
    if (w == NULL)
        return;
    writers_quit(w);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct app *app = cls;
    struct req *r = *con_cls;
    (void)version;
    if (r == NULL)
        *con_cls = r = on_uri(NULL, NULL, conn);
    if (!r->started) {
        req_init(r, app, conn, url, method);
        /* The larger limit (an import) is for someone signed in: a visitor
         * gets the usual one before any of her body is read. */
        if (r->max_body > WEB_MAX_BODY) {
            auth_resolve(r);
            if (!r->authed)
                r->max_body = WEB_MAX_BODY;
        }
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > r->max_body) {
            r->body_too_large = true;
            return too_large(r);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* A body without Content-Length (chunked) can only be found too large
         * while it arrives, and libmicrohttpd cannot answer in the middle of
         * an upload: drop the rest and answer 413 once it is in, closing
         * instead if it goes on far beyond the limit. */
        if (!r->body_too_large && r->body.len + *upload_data_size > r->max_body) {
            r->body_too_large = true;
            buf_free(&r->body);
        }
        if (r->body_too_large) {
            r->body_dropped += *upload_data_size;
            if (r->body_dropped > 8 * r->max_body)
                return MHD_NO;
        } else {
            buf_add(&r->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->body_too_large) /* 413 is already queued when Content-Length told */
        return r->status == 413 ? MHD_YES : too_large(r);
    if (r->handed == HANDED_DONE) /* back from a writer thread */
        return send_response(r);
    if (r->handed == HANDED_QUEUED) /* not answered yet */
        return MHD_YES;
    if (app->writers && r->writes && writers_hand(app->writers, r))
        return MHD_YES;
    run_request(r);
    return send_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    if (*con_cls) {
        req_free(*con_cls);
        *con_cls = NULL;
    }
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len,
                        struct pace_error *err)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return pace_fail(err, PACE_EINVAL, "listen",
                         "listen address '%s' must look like 127.0.0.1:8080 or [::1]:8080", listen);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || port < 0 || port > 65535 || colon[1] == '\0')
        return pace_fail(err, PACE_EINVAL, "listen", "port in '%s' must be 0-65535", listen);
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    memset(ss, 0, sizeof *ss);
    if (host[0] == '[') {
        size_t hl = strlen(host);
        if (hl < 3 || host[hl - 1] != ']')
            return pace_fail(err, PACE_EINVAL, "listen", "bad IPv6 address in '%s'", listen);
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return pace_fail(err, PACE_EINVAL, "listen", "bad IPv6 address in '%s'", listen);
        *len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (strcmp(host, "localhost") == 0)
            snprintf(host, sizeof host, "127.0.0.1");
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return pace_fail(err, PACE_EINVAL, "listen", "bad IPv4 address in '%s'", listen);
        *len = sizeof *a;
    }
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct buf b = {0};
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_add(&b, tmp, n);
    fclose(f);
    return buf_detach(&b);
}

/* The CPUs this process may run on (its affinity: taskset or a cpuset, not
 * the machine's count; a CPU quota is not seen): one connection thread
 * each. */
static unsigned cpus_usable(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

int web_start(struct app *app, struct pace_error *err)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    int rc = parse_listen(app->cfg.listen, &ss, &sl, err);
    if (rc == 0)
        rc = web_trusted_proxies_set(app->cfg.trusted_proxies, err);
    if (rc != 0)
        return rc;
    app->ctx = (struct app_ctx){.store = app->store, .catalog = app->catalog, .plans = app->plans};
    crypto_subkey(store_key(app->store), 1, "csrf", app->csrf_key);
    crypto_subkey(store_key(app->store), 3, "addr", app->addr_key);
    unsigned threads = app->cfg.threads > 0 ? (unsigned)app->cfg.threads : cpus_usable();
    if (threads < 1)
        threads = 1;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    char *cert = NULL, *key = NULL;
    if (app->cfg.tls_key) {
        struct stat st;
        if (stat(app->cfg.tls_key, &st) == 0 && (st.st_mode & 077) != 0)
            return pace_fail(err, PACE_EDENIED, "tls-key",
                             "the TLS key file %s may be read by group or others; make it "
                             "private with chmod 600",
                             app->cfg.tls_key);
    }
    if (app->cfg.tls_cert || app->cfg.tls_key) {
        cert = app->cfg.tls_cert ? slurp(app->cfg.tls_cert) : NULL;
        key = app->cfg.tls_key ? slurp(app->cfg.tls_key) : NULL;
        if (cert == NULL || key == NULL) {
            free(cert);
            free(key);
            return pace_fail(err, PACE_EIO, NULL,
                             "cannot read the TLS certificate and key (give both files)");
        }
        flags |= MHD_USE_TLS;
    }
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)web_tls_priorities},
        {MHD_OPTION_END, 0, NULL},
    };
    app->writers = writers_start(app->cfg.writers == 0 ? WEB_WRITERS : app->cfg.writers);
    app->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(32 * 1024), MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_ARRAY,
        cert ? tls_opts : tls_opts + 3, MHD_OPTION_END);
    /* The daemon reads the PEM memory for its whole life; kept in app. */
    app->tls_cert_pem = cert;
    app->tls_key_pem = key;
    if (app->daemon == NULL) {
        writers_free(app->writers);
        app->writers = NULL;
        return pace_fail(err, PACE_EIO, NULL,
                         "cannot listen on %s (is the port in use, or the address wrong?)",
                         app->cfg.listen);
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(app->daemon, MHD_DAEMON_INFO_BIND_PORT);
    app->port = di ? di->port : 0;
    return 0;
}

void web_stop(struct app *app)
{
    if (app->daemon) {
        /* Every connection handed to a writer is answered and resumed
         * before the daemon stops (it cannot stop with one suspended). */
        writers_quit(app->writers);
        MHD_stop_daemon(app->daemon);
        app->daemon = NULL;
    }
    writers_free(app->writers);
    app->writers = NULL;
    if (app->tls_key_pem)
        crypto_wipe(app->tls_key_pem, strlen(app->tls_key_pem));
    free(app->tls_cert_pem);
    free(app->tls_key_pem);
    app->tls_cert_pem = app->tls_key_pem = NULL;
    crypto_wipe(app->csrf_key, sizeof app->csrf_key);
    crypto_wipe(app->addr_key, sizeof app->addr_key);
}
