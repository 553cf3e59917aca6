/* cmd-user.c - pace user add, pace user reset-link, pace user verify, pace token create. */
#include "app/app.h"
#include "app/clinic.h"
#include "app/clock.h"
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Reads one line from stdin (without its newline) into out. */
static bool read_password(char *out, size_t n)
{
    if (fgets(out, (int)n, stdin) == NULL)
        return false;
    size_t len = strlen(out);
    if (len == n - 1 && out[len - 1] != '\n')
        return false; /* longer than any allowed password */
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return true;
}

static int open_store(const char *data, struct store **s)
{
    struct pace_error err = {0};
    if (cli_store_open(data, NULL, s, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static int user_add(int argc, char **argv)
{
    const char *email = NULL, *role = "patient", *data = NULL;
    bool pw_stdin = false;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--role", &role, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (strcmp(argv[i], "--password-stdin") == 0) {
            pw_stdin = true;
        } else {
            return cli_usage_error("user add does not know '%s'; see 'pace user --help'", argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("user add needs --email");
    if (!pw_stdin)
        return cli_usage_error("user add needs --password-stdin (the password is read from "
                               "standard input, never from the command line)");
    int r = role_parse(role);
    if (r < 0)
        return cli_usage_error("the role must be patient, clinician or admin");
    char pw[ACCOUNT_PASSWORD_MAX * 4 + 4];
    if (!read_password(pw, sizeof pw)) {
        crypto_wipe(pw, sizeof pw);
        return cli_usage_error("could not read a password line from standard input");
    }
    struct store *s;
    if (open_store(data, &s) != 0) {
        crypto_wipe(pw, sizeof pw);
        return 1;
    }
    struct pace_error err = {0};
    int64_t id = 0;
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    int rc = app_register(&ctx, &op, email, pw, (enum role)r, NULL, app_clock_now(), &id, &err);
    crypto_wipe(pw, sizeof pw);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return rc == PACE_EINVAL ? EXIT_USAGE : 1;
    }
    fprintf(stderr, "pace: created %s account %lld\n", role, (long long)id);
    return 0;
}

/* pace user verify --email E [--off]: the operator marks a clinician as
 * verified (or no longer). */
static int user_verify(int argc, char **argv)
{
    const char *email = NULL, *data = NULL;
    bool off = false;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (strcmp(argv[i], "--off") == 0) {
            off = true;
        } else {
            return cli_usage_error("user verify does not know '%s'; see 'pace user --help'",
                                   argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("user verify needs --email");
    struct store *s;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc != 0)
        return rc;
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    struct pace_error err = {0};
    rc = app_clinician_verify(&ctx, &op, u.id, !off, app_clock_now(), &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    fprintf(stderr, "pace: %s\n", off ? "the clinician is no longer marked verified"
                                      : "the clinician is marked verified");
    return 0;
}

/* pace user reset-link: a one-time link, working for a day, where she sets
 * a new password; printed once (with the server's address in front when
 * --url gives it). */
static int user_reset_link(int argc, char **argv)
{
    const char *email = NULL, *url = NULL, *data = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--url", &url, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("user reset-link does not know '%s'; see 'pace user --help'",
                                   argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("user reset-link needs --email");
    size_t ul = url ? strlen(url) : 0;
    if (url && (ul > 200 || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)))
        return cli_usage_error("--url must be this server's address, such as "
                               "https://pace.example.org");
    while (ul > 0 && url[ul - 1] == '/')
        ul--;
    struct store *s;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc != 0)
        return rc;
    struct pace_error err = {0};
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    char tok[CRYPTO_TOKEN_CHARS + 1];
    int64_t until = 0;
    rc = app_reset_link_create(&ctx, &op, u.id, app_clock_now(), tok, &until, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    printf("%.*s/reset/%s\n", (int)ul, url ? url : "", tok);
    crypto_wipe(tok, sizeof tok);
    char when[32];
    time_t t = (time_t)until;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    fprintf(stderr,
            "pace: the link works once, until %s; give it to her privately%s. Using it ends "
            "every login of hers.\n",
            when, url ? "" : ", with this server's address in front");
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("user needs a subcommand: add, delete, reset-link, verify");
    if (strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "verify") == 0)
        return user_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "reset-link") == 0)
        return user_reset_link(argc - 1, argv + 1);
    if (strcmp(argv[1], "delete") == 0)
        return cmd_user_delete(argc - 1, argv + 1);
    return cli_usage_error("user does not know '%s'; see 'pace user --help'", argv[1]);
}

static int token_create(int argc, char **argv)
{
    const char *email = NULL, *label = "command line", *data = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--label", &label, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("token create does not know '%s'; see 'pace token --help'",
                                   argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("token create needs --email");
    size_t ll = str_utf8_len(label);
    if (ll == 0 || ll > 60 || !str_valid_text(label, strlen(label)))
        return cli_usage_error("the label must have 1 to 60 characters");
    struct store *s;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc != 0)
        return rc;
    struct pace_error err = {0};
    struct app_ctx ctx = {.store = s};
    struct principal op = app_operator();
    char tok[APP_TOKEN_CHARS + 1];
    rc = app_token_create(&ctx, &op, u.id, label, app_clock_now(), tok, NULL, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    printf("%s\n", tok);
    crypto_wipe(tok, sizeof tok);
    return 0;
}

int cmd_token(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("token needs a subcommand: create");
    if (strcmp(argv[1], "create") == 0)
        return token_create(argc - 1, argv + 1);
    return cli_usage_error("token does not know '%s'; see 'pace token --help'", argv[1]);
}
