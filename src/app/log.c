/*
 * log.c - the security event log (log.h): one line per event, written
 * with one write() so lines from several threads never mix.
 */
#include "app/log.h"

#include "app/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int log_fd = STDERR_FILENO;
static enum app_log_level log_level = APP_LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

static _Thread_local char bound_request[40];
static _Thread_local char bound_addr[17];

int app_log_level_parse(const char *s)
{
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, level_names[i]) == 0)
            return i;
    return -1;
}

int app_log_setup(const char *path, enum app_log_level level, struct pace_error *err)
{
    log_level = level;
    if (path == NULL || *path == '\0') {
        log_fd = STDERR_FILENO;
        return 0;
    }
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return pace_fail(err, PACE_EIO, "log", "cannot open the log file %s: %s", path,
                         strerror(errno));
    log_fd = fd;
    return 0;
}

void app_log_close(void)
{
    if (log_fd != STDERR_FILENO)
        close(log_fd);
    log_fd = STDERR_FILENO;
}

void app_log_bind(const char *request_id, const char *addr_hash)
{
    snprintf(bound_request, sizeof bound_request, "%s", request_id ? request_id : "");
    snprintf(bound_addr, sizeof bound_addr, "%s", addr_hash ? addr_hash : "");
}

void app_log_unbind(void)
{
    bound_request[0] = bound_addr[0] = '\0';
}

const char *app_log_request_id(void)
{
    return bound_request;
}

void app_log_event(enum app_log_level level, const char *event, int64_t account, const char *fmt,
                   ...)
{
    if (level < log_level)
        return;
    char line[1024];
    time_t t = (time_t)app_clock_now();
    struct tm tm;
    gmtime_r(&t, &tm);
    int n = (int)strftime(line, sizeof line, "time=%Y-%m-%dT%H:%M:%SZ", &tm);
    n += snprintf(line + n, sizeof line - (size_t)n, " level=%s event=%s account=%lld",
                  level_names[level], event, (long long)account);
    if (bound_addr[0])
        n += snprintf(line + n, sizeof line - (size_t)n, " addr=%s", bound_addr);
    if (bound_request[0])
        n += snprintf(line + n, sizeof line - (size_t)n, " request=%s", bound_request);
    if (fmt && n < (int)sizeof line - 2) {
        line[n++] = ' ';
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
        va_end(ap);
        n += m > 0 ? m : 0;
    }
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    /* Nothing a person typed reaches a line, but keep it one line. */
    for (int i = 0; i < n; i++)
        if ((unsigned char)line[i] < 0x20)
            line[i] = ' ';
    line[n++] = '\n';
    ssize_t w = write(log_fd, line, (size_t)n);
    (void)w;
}
