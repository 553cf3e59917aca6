/*
 * log.h - security events, one structured line each (logfmt):
 *
 *   time=2026-12-02T15:00:00Z level=warn event=signin.failed account=42
 *   addr=3f9a0c1d2e4b5a69 request=8c1f0e2d3b4a59687766 ...
 *
 * account is an account id (0: none or unknown), never an email; addr is
 * a keyed hash of the client address; request is the request id the
 * answer carries as X-Request-Id. No password, token, email or note is
 * ever written. docs/security.md lists every event.
 */
#ifndef PACE_APP_LOG_H
#define PACE_APP_LOG_H

#include "core/err.h"

#include <stdint.h>

enum app_log_level { APP_LOG_DEBUG = 0, APP_LOG_INFO, APP_LOG_WARN, APP_LOG_ERROR, APP_LOG_OFF };

/* "debug", "info", "warn" or "error"; -1 for anything else. */
int app_log_level_parse(const char *s);
/* Where lines go: path (appended, created 0600), or standard error when
 * path is NULL or empty; lines below level are dropped. */
int app_log_setup(const char *path, enum app_log_level level, struct pace_error *err);
void app_log_close(void);

/* The request the calling thread is answering: its id and the keyed hash
 * of its address go into every line it logs until app_log_unbind. */
void app_log_bind(const char *request_id, const char *addr_hash);
void app_log_unbind(void);
/* The calling thread's request id ("" outside a request). */
const char *app_log_request_id(void);

/* Logs event for account. fmt (may be NULL) adds more key=value pairs;
 * it is written by the code, never from what a person typed. */
void app_log_event(enum app_log_level level, const char *event, int64_t account, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));

#endif
