/* cmd-serve.c - pace serve: run the web app until SIGTERM or SIGINT. */
#include "cli/cli.h"

#include "core/guide.h"
#include "app/log.h"
#include "web/web.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* A count, or a size with K, M or G (1024s): 0 to 1e12. */
static bool parse_count(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v < 0)
        return false;
    long long mult = 1;
    if (*end == 'K' || *end == 'k')
        mult = 1024;
    else if (*end == 'M' || *end == 'm')
        mult = 1024 * 1024;
    else if (*end == 'G' || *end == 'g')
        mult = 1024LL * 1024 * 1024;
    if (mult != 1)
        end++;
    if (*end != '\0' || v > 1000000000000LL / mult)
        return false;
    *out = v * mult;
    return true;
}

int cmd_serve(int argc, char **argv)
{
    const char *listen = getenv("PACE_LISTEN");
    const char *data = NULL, *idle = getenv("PACE_IDLE_TIMEOUT");
    const char *threads = getenv("PACE_THREADS");
    const char *catalogs = NULL, *guide_dir = NULL, *db_url = NULL;
    const char *cert = NULL, *key = NULL, *tp = getenv("PACE_TRUST_PROXY");
    const char *lifetime = getenv("PACE_LOGIN_LIFETIME"), *proxies = getenv("PACE_TRUSTED_PROXIES");
    const char *log = getenv("PACE_LOG"), *log_level = getenv("PACE_LOG_LEVEL");
    const char *q_records = getenv("PACE_QUOTA_RECORDS_PER_DAY");
    const char *q_bytes = getenv("PACE_QUOTA_BYTES_PER_DAY");
    bool trust = tp && strcmp(tp, "1") == 0;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--listen", &listen, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing) ||
            cli_opt(argc, argv, &i, "--database-url", &db_url, &missing) ||
            cli_opt(argc, argv, &i, "--catalogs", &catalogs, &missing) ||
            cli_opt(argc, argv, &i, "--guide", &guide_dir, &missing) ||
            cli_opt(argc, argv, &i, "--idle-timeout", &idle, &missing) ||
            cli_opt(argc, argv, &i, "--threads", &threads, &missing) ||
            cli_opt(argc, argv, &i, "--tls-cert", &cert, &missing) ||
            cli_opt(argc, argv, &i, "--tls-key", &key, &missing) ||
            cli_opt(argc, argv, &i, "--login-lifetime", &lifetime, &missing) ||
            cli_opt(argc, argv, &i, "--trusted-proxies", &proxies, &missing) ||
            cli_opt(argc, argv, &i, "--log", &log, &missing) ||
            cli_opt(argc, argv, &i, "--log-level", &log_level, &missing) ||
            cli_opt(argc, argv, &i, "--quota-records-per-day", &q_records, &missing) ||
            cli_opt(argc, argv, &i, "--quota-bytes-per-day", &q_bytes, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (strcmp(argv[i], "--trust-proxy") == 0) {
            trust = true;
        } else {
            return cli_usage_error("serve does not know '%s'; see 'pace serve --help'", argv[i]);
        }
    }
    struct app app = {0};
    app.cfg.listen = listen && *listen ? listen : "127.0.0.1:8080";
    app.cfg.trust_proxy = trust;
    app.cfg.tls_cert = cert;
    app.cfg.tls_key = key;
    int minutes = 30;
    if (idle && *idle && !parse_int(idle, 1, 24 * 60, &minutes))
        return cli_usage_error("the idle timeout must be a number of minutes from 1 to 1440");
    app.cfg.idle_timeout_s = minutes * 60;
    int hours = 12;
    if (lifetime && *lifetime && !parse_int(lifetime, 1, 24 * 90, &hours))
        return cli_usage_error("the login lifetime must be a number of hours from 1 to 2160");
    app.cfg.login_lifetime_s = hours * 3600;
    app.cfg.trusted_proxies = proxies && *proxies ? proxies : NULL;
    if (app.cfg.trusted_proxies && !trust)
        return cli_usage_error("--trusted-proxies needs --trust-proxy");
    int64_t quota_records = APP_QUOTA_RECORDS_DEFAULT, quota_bytes = APP_QUOTA_BYTES_DEFAULT;
    if (q_records && *q_records && !parse_count(q_records, &quota_records))
        return cli_usage_error("the records quota must be a number of records a day (0: none)");
    if (q_bytes && *q_bytes && !parse_count(q_bytes, &quota_bytes))
        return cli_usage_error("the bytes quota must be a size a day like 32M, 512K or 0 (none)");
    int level = log_level && *log_level ? app_log_level_parse(log_level) : APP_LOG_INFO;
    if (level < 0)
        return cli_usage_error("the log level must be debug, info, warn or error");
    if (threads && !parse_int(threads, 1, 256, &app.cfg.threads))
        return cli_usage_error("--threads (or PACE_THREADS) must be a number from 1 to 256");
    if ((cert == NULL) != (key == NULL))
        return cli_usage_error("give both --tls-cert and --tls-key, or neither");

    /* Block the stop signals before any thread starts, so they all inherit
     * the mask and only sigwait below sees them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    const char *dir = cli_data_dir(data);
    struct pace_error err = {0};
    if (app_log_setup(log, (enum app_log_level)level, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    struct catalog *cat = NULL;
    if (cli_catalog_load(catalogs, &cat) != 0)
        return 1;
    app.catalog = cat;
    struct plan_library *plans = NULL;
    if (plan_library_load_builtin(&plans, &err) != 0) {
        fprintf(stderr, "pace: the built-in programs are broken: %s\n", err.msg);
        catalog_free(cat);
        return 1;
    }
    app.plans = plans;
    struct guide *guide = NULL;
    if (cli_guide_load(guide_dir, &guide) != 0) {
        plan_library_free(plans);
        catalog_free(cat);
        return 1;
    }
    app.guide = guide;
    if (cli_store_open(data, db_url, &app.store, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        guide_free(guide);
        plan_library_free(plans);
        catalog_free(cat);
        return 1;
    }
    struct app_ctx quota_ctx = {.store = app.store};
    if (app_quotas_set(&quota_ctx, quota_records, quota_bytes, &err) != 0 ||
        web_start(&app, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        store_close(app.store);
        guide_free(guide);
        plan_library_free(plans);
        catalog_free(cat);
        return 1;
    }
    char host[128];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(app.cfg.listen, ':') - app.cfg.listen),
             app.cfg.listen);
    fprintf(stderr, "pace: serving %s://%s:%u (data in %s)\n", cert ? "https" : "http", host,
            app.port, store_is_postgres(app.store) ? "PostgreSQL" : dir);
    fflush(stderr);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "pace: stopping\n");
    web_stop(&app);
    store_close(app.store);
    guide_free(guide);
    plan_library_free(plans);
    catalog_free(cat);
    return 0;
}
