/*
 * cmd-data.c - pace export, pace import, pace user delete: her data as a
 * whole from the command line, the same documents and checks as
 * GET /api/v1/export and POST /api/v1/import (store/data.h).
 */
#include "app/app.h"
#include "app/clock.h"
#include "app/log.h"
#include "cli/cli.h"

#include "core/catalog.h"
#include "app/data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cmd_export(int argc, char **argv)
{
    const char *email = NULL, *format = NULL, *out = NULL, *data = NULL;
    bool bom = false;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (strcmp(argv[i], "--bom") == 0) {
            bom = true;
        } else if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
                   cli_opt(argc, argv, &i, "--format", &format, &missing) ||
                   cli_opt(argc, argv, &i, "-o", &out, &missing) ||
                   cli_opt(argc, argv, &i, "--output", &out, &missing) ||
                   cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (cli_is_help(argv[i])) {
            return cli_help("export");
        } else {
            return cli_usage_error("export does not know '%s'; see 'pace help export'", argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("export needs --email");
    struct data_request q;
    if (data_request_parse(format, NULL, &q, NULL) != 0)
        return cli_usage_error("--format must be json, csv or fhir");
    if (bom && q.format != DATA_CSV)
        return cli_usage_error("--bom goes with --format csv only");
    q.bom = bom;
    struct store *s = NULL;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc != 0)
        return rc;
    struct buf b = {0};
    struct pace_error err = {0};
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    rc = app_export(&ctx, &op, u.id, &q, app_clock_now(), &b, &err);
    store_close(s);
    if (rc == 0)
        app_log_event(APP_LOG_INFO, "data.exported", u.id, "via=cli");
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        buf_free(&b);
        return 1;
    }
    FILE *fp = out && strcmp(out, "-") != 0 ? fopen(out, "wb") : stdout;
    if (fp == NULL) {
        fprintf(stderr, "pace: cannot write %s: %s\n", out, strerror(errno));
        buf_free(&b);
        return 1;
    }
    bool ok = fwrite(b.data ? b.data : "", 1, b.len, fp) == b.len;
    ok = (fp == stdout ? fflush(fp) : fclose(fp)) == 0 && ok;
    crypto_wipe(b.data, b.len);
    buf_free(&b);
    if (!ok) {
        fprintf(stderr, "pace: cannot write %s\n", out ? out : "standard output");
        return 1;
    }
    return 0;
}

int cmd_import(int argc, char **argv)
{
    const char *email = NULL, *file = NULL, *data = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (cli_is_help(argv[i])) {
            return cli_help("import");
        } else if (file == NULL && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
            file = argv[i];
        } else {
            return cli_usage_error("import does not know '%s'; see 'pace help import'", argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("import needs --email");
    if (file == NULL)
        return cli_usage_error("import needs the FILE of an export (or - for standard input)");
    /* Any file Pace exports, and no more. */
    struct buf in = {0};
    char limit[64];
    snprintf(limit, sizeof limit, "the largest export Pace writes (%zu MB)",
             (size_t)EXPORT_MAX_BYTES / 1000000);
    int rc = cli_read_input(file, EXPORT_MAX_BYTES, limit, &in);
    if (rc != 0) {
        buf_free(&in);
        return rc;
    }
    struct store *s = NULL;
    struct user u;
    struct catalog *cat = NULL;
    struct plan_library *lib = NULL;
    struct pace_error err = {0};
    if ((rc = cli_open_user(data, email, &s, &u)) != 0) {
        buf_free(&in);
        return rc;
    }
    if (cli_plans_load(&lib, &cat) != 0) {
        store_close(s);
        buf_free(&in);
        return 1;
    }
    struct import_counts c;
    struct app_ctx ctx = {.store = s, .catalog = cat, .plans = lib};
    struct principal op = app_operator();
    rc = app_import(&ctx, &op, u.id, in.data, in.len, app_clock_now(), &c, &err);
    crypto_wipe(in.data, in.len);
    buf_free(&in);
    plan_library_free(lib);
    catalog_free(cat);
    store_close(s);
    if (rc != 0) {
        if (err.field[0])
            fprintf(stderr, "pace: %s: %s\nNothing was imported.\n", err.field, err.msg);
        else
            fprintf(stderr, "pace: %s\nNothing was imported.\n", err.msg);
        return rc == PACE_EINVAL ? EXIT_USAGE : 1;
    }
    json_t *j = data_counts_json(&c);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    printf("%s\n", text);
    free(text);
    json_decref(j);
    return 0;
}

int cmd_user_delete(int argc, char **argv)
{
    const char *email = NULL, *data = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("user delete does not know '%s'; see 'pace help user'", argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("user delete needs --email");
    struct store *s = NULL;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc != 0)
        return rc;
    struct pace_error err = {0};
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    rc = app_account_erase(&ctx, &op, u.id, NULL, app_clock_now(), &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    printf("The account and all its data are deleted.\n");
    return 0;
}
