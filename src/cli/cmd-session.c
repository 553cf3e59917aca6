/*
 * cmd-session.c - pace session add, pace session list: her practice
 * sessions from the command line, as the operator, through the same use
 * cases as POST /api/v1/sessions (app/app.h), so both accept and refuse the
 * same things.
 */
#include "app/clock.h"
#include "cli/cli.h"

#include "app/app.h"
#include "core/catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SESSION_JSON_MAX (1024 * 1024) /* as the server's body limit */

int cli_open_user(const char *data, const char *email, struct store **s, struct user *u)
{
    char norm[ACCOUNT_EMAIL_MAX + 2];
    struct pace_error err = {0};
    if (account_email_normalise(email, norm, sizeof norm, &err) != 0)
        return cli_usage_error("%s", err.msg);
    if (cli_store_open(data, NULL, s, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    if (store_user_get_by_email(*s, norm, u) != 0) {
        store_close(*s);
        *s = NULL;
        fprintf(stderr, "pace: there is no account with that email address\n");
        return 1;
    }
    return 0;
}

int cli_read_input(const char *path, size_t max, const char *limit_words, struct buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL)
        return cli_usage_error("cannot open %s: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b->len <= max)
        buf_add(b, chunk, n);
    bool failed = ferror(f) != 0;
    if (f != stdin)
        fclose(f);
    if (failed)
        return cli_usage_error("cannot read %s", path);
    if (b->len > max)
        return cli_usage_error("%s is larger than %s", path, limit_words);
    return 0;
}

static int session_add(int argc, char **argv)
{
    const char *email = NULL, *file = NULL, *data = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--json", &file, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("session add does not know '%s'; see 'pace session --help'",
                                   argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("session add needs --email");
    if (file == NULL)
        return cli_usage_error("session add needs --json FILE (or --json - for standard input)");
    struct buf in = {0};
    int rc = cli_read_input(file, SESSION_JSON_MAX, "1 MiB", &in);
    if (rc != 0) {
        buf_free(&in);
        return rc;
    }
    json_error_t je;
    json_t *body = json_loadb(in.data ? in.data : "", in.len, JSON_REJECT_DUPLICATES, &je);
    buf_free(&in);
    for (char *c = je.text; body == NULL && *c; c++) /* it quotes the input */
        if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f)
            *c = '?';
    if (body == NULL)
        return cli_usage_error("%s is not valid JSON: %s (line %d, column %d)",
                               strcmp(file, "-") ? file : "standard input", je.text, je.line,
                               je.column);
    struct store *s = NULL;
    struct user u;
    if ((rc = cli_open_user(data, email, &s, &u)) != 0) {
        json_decref(body);
        return rc;
    }
    struct pace_error err = {0};
    struct catalog *cat = NULL;
    if (cli_catalog_load(NULL, &cat) != 0) {
        json_decref(body);
        store_close(s);
        return 1;
    }
    int64_t now = app_clock_now();
    struct practice p;
    struct app_ctx ctx = {.store = s, .catalog = cat};
    struct principal op = app_operator();
    rc = practice_from_json(body, now, &p, &err);
    json_decref(body);
    if (rc == 0)
        rc = app_session_create(&ctx, &op, u.id, &p, NULL, now, &err);
    catalog_free(cat);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        practice_clear(&p);
        return rc == PACE_EINVAL ? EXIT_USAGE : 1;
    }
    printf("%s\n", p.id);
    practice_clear(&p);
    return 0;
}

static void scores_text(const struct scores *sc, char *out, size_t n)
{
    if (sc->set)
        snprintf(out, n, "%d/%d/%d", sc->fear, sc->tension, sc->pain);
    else
        snprintf(out, n, "-/-/-");
}

static void print_row(const struct practice *p)
{
    char when[32], size[16], before[16], after[16];
    time_t t = (time_t)p->started_at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    if (p->diameter_mm > 0)
        snprintf(size, sizeof size, "%.4g mm", p->diameter_mm);
    else
        snprintf(size, sizeof size, "-");
    scores_text(&p->before, before, sizeof before);
    scores_text(&p->after, after, sizeof after);
    printf("%-16s  %-7s  %7d  %8s → %-8s  %s\n", when, size, (p->duration_s + 30) / 60, before,
           after, outcome_name(p->outcome));
}

static int session_list(int argc, char **argv)
{
    const char *email = NULL, *data = NULL, *limit = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--limit", &limit, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("session list does not know '%s'; see 'pace session --help'",
                                   argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("session list needs --email");
    struct practice_query q = {.limit = 20};
    if (limit) {
        char *end;
        long n = strtol(limit, &end, 10);
        if (limit[0] < '0' || limit[0] > '9' || *end != '\0' || n < 1 || n > 200)
            return cli_usage_error("--limit must be a whole number from 1 to 200");
        q.limit = (int)n;
    }
    struct store *s = NULL;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc != 0)
        return rc;
    struct practice *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct pace_error err = {0};
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    rc = app_session_list(&ctx, &op, u.id, &q, &items, &n, next, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    if (n == 0) {
        printf("No sessions yet.\n");
    } else {
        printf("%-16s  %-7s  %7s  %-19s  %s\n", "date (UTC)", "size", "minutes",
               "fear/tension/pain", "outcome");
        printf("%-16s  %-7s  %7s  %8s → %-8s\n", "", "", "", "before", "after");
        for (size_t i = 0; i < n; i++)
            print_row(&items[i]);
        if (next[0])
            printf("(older sessions not shown; use --limit to see more)\n");
    }
    practice_list_free(items, n);
    return 0;
}

int cmd_session(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("session needs a subcommand: add or list");
    if (strcmp(argv[1], "add") == 0)
        return session_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return session_list(argc - 1, argv + 1);
    return cli_usage_error("session does not know '%s'; see 'pace session --help'", argv[1]);
}
