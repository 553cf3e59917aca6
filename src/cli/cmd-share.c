/*
 * cmd-share.c - pace audit verify (every audit trail's hash chain, as the
 * operator) and pace share list (whom one person shares with, and how).
 */
#include "app/app.h"
#include "app/clock.h"
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int audit_verify(int argc, char **argv)
{
    const char *data = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("audit verify does not know '%s'; see 'pace help audit'",
                                   argv[i]);
        }
    }
    struct store *s = NULL;
    struct pace_error err = {0};
    if (cli_store_open(data, NULL, &s, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    int64_t bad = 0, checked = 0;
    int rc = app_audit_verify(&ctx, &op, &bad, &checked, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    if (bad) {
        fprintf(stderr,
                "pace: the audit trail is broken at entry %lld: it or the entry before "
                "it was changed or removed\n",
                (long long)bad);
        return 1;
    }
    printf("%lld audit entries checked: every trail is intact\n", (long long)checked);
    return 0;
}

static void day(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%d", &tm);
}

static int share_list(int argc, char **argv)
{
    const char *email = NULL, *data = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("share list does not know '%s'; see 'pace help share'", argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("share list needs --email");
    struct store *s = NULL;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc != 0)
        return rc;
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    struct grant *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    rc = app_grants_list(&ctx, &op, u.id, &items, &n, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    int64_t now = app_clock_now();
    if (n == 0)
        printf("She shares nothing with anyone.\n");
    else
        printf("%-10s  %-8s  %-10s  %-10s  %s\n", "relation", "status", "since", "until", "scopes");
    for (size_t i = 0; i < n; i++) {
        const struct grant *g = &items[i];
        char since[16] = "-", until[16] = "open";
        if (g->accepted_at)
            day(g->accepted_at, since, sizeof since);
        if (g->end)
            day(g->end - 1, until, sizeof until);
        const char *status = grant_status_name(g->status);
        if (g->status == GRANT_ACTIVE && g->end && g->end <= now)
            status = "expired";
        if (g->status == GRANT_INVITED && g->invite_expires_at <= now)
            status = "expired";
        printf("%-10s  %-8s  %-10s  %-10s  ", grant_relation_name(g->relation), status, since,
               until);
        bool first = true;
        for (int k = 0; k < APP_SCOPE_NAMES; k++)
            if (g->scopes & (1u << k)) {
                printf("%s%s", first ? "" : ",", app_scope_names[k]);
                first = false;
            }
        printf("\n");
    }
    app_grants_free(items, n);
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        return audit_verify(argc - 1, argv + 1);
    return cli_usage_error("audit needs a subcommand: verify");
}

int cmd_share(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return share_list(argc - 1, argv + 1);
    return cli_usage_error("share needs a subcommand: list");
}
