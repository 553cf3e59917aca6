/* cli.c - the command table, dispatch and argument helpers. */
#include "cli/cli.h"
#include "app/log.h"
#include "app/app.h"

#include "core/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_cmd commands[] = {
    {"serve", cmd_serve, "serve the web app and API",
     "pace serve [--listen ADDR:PORT] [--data DIR] [--database-url URL] [--idle-timeout MINUTES]\n"
     "           [--login-lifetime HOURS] [--trust-proxy [--trusted-proxies CIDR,...]]\n"
     "           [--tls-cert FILE --tls-key FILE] [--threads N] [--catalogs DIR] [--guide DIR]\n"
     "           [--log FILE] [--log-level debug|info|warn|error] [QUOTA FLAGS]\n"
     "  Environment: PACE_LISTEN (default 127.0.0.1:8080), PACE_DATA (default ./var),\n"
     "  PACE_IDLE_TIMEOUT (minutes, default 30), PACE_LOGIN_LIFETIME (hours, default 12),\n"
     "  PACE_TRUST_PROXY=1, PACE_TRUSTED_PROXIES (default loopback), PACE_LOG (default\n"
     "  standard error), PACE_LOG_LEVEL (default info),\n"
     "  PACE_CATALOGS (a directory of catalog files instead of the compiled-in ones),\n"
     "  PACE_GUIDE (a directory with en/ and de/ articles instead of the compiled-in guide),\n"
     "  PACE_DATABASE_URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE: PostgreSQL instead of\n"
     "  SQLite under --data), PACE_KEY_FILE (the key file; default DATA/pace.key),\n"
     "  PACE_THREADS (connection threads; default one per CPU the server may use; requests\n"
     "  that write run on 16 threads of their own), PACE_DB_READERS (SQLite's read-only\n"
     "  connections beside the writer, 0 to 64; default 4)."},
    {"user", cmd_user, "manage accounts",
     "pace user add --email EMAIL [--role patient|clinician|admin] --password-stdin [--data DIR]\n"
     "pace user delete --email EMAIL [--data DIR]\n"
     "pace user verify --email EMAIL [--off] [--data DIR]\n"
     "pace user reset-link --email EMAIL [--url https://HOST] [--data DIR]\n"
     "  delete: deletes the account and every record of it, for good (no password asked).\n"
     "  verify: marks a clinician's account as verified by this server's operator (--off: no\n"
     "  longer).\n"
     "  reset-link: prints a link (/reset/TOKEN) where she sets a new password; it works\n"
     "  once, for 24 hours, and ends every login of hers. At most 5 a day per account."},
    {"token", cmd_token, "create API tokens",
     "pace token create --email EMAIL [--label NAME] [--data DIR]\n"
     "  Prints the new token on stdout and nothing else."},
    {"session", cmd_session, "record and list practice sessions",
     "pace session add --email EMAIL --json FILE|- [--data DIR]\n"
     "  Reads one session as JSON (the API's format, docs/openapi.yaml), checks it exactly\n"
     "  as the API does and prints the new session's id on stdout.\n"
     "pace session list --email EMAIL [--limit N] [--data DIR]\n"
     "  Her newest sessions (20 unless --limit says 1-200) as a table."},
    {"export", cmd_export, "write all of one person's data to a file",
     "pace export --email EMAIL [--format json|csv|fhir] [--bom] [-o FILE] [--data DIR]\n"
     "  JSON (default) is everything she keeps, importable into any Pace; CSV is her\n"
     "  sessions (--bom starts it with a UTF-8 byte order mark, for spreadsheet\n"
     "  programs); FHIR is an R4 Bundle of her sessions, scores and comfort ladder\n"
     "  (docs/export-format.md). Without -o it goes to standard output."},
    {"import", cmd_import, "bring a JSON export into an account",
     "pace import --email EMAIL FILE|- [--data DIR]\n"
     "  Checks the whole file first and imports it in one transaction, or nothing;\n"
     "  what she already has is kept and not counted twice. Prints what was added\n"
     "  and what was skipped. Takes any file Pace exports."},
    {"recommend", cmd_recommend, "show the suggestion for her next session, with reasons",
     "pace recommend --email EMAIL [--tz ZONE] [--data DIR]\n"
     "  The pace engine's suggestion from her program, her kit and her sessions: the\n"
     "  action, the dilator and minutes, and each reason with its rule, the rule's\n"
     "  source and the sessions it rests on. --tz is her time zone for \"today\" and\n"
     "  \"this week\", such as Europe/Berlin or UTC+01:00 (the machine's by default)."},
    {"report", cmd_report, "write her summary for a clinician as a PDF (1-3 A4 pages)",
     "pace report --email EMAIL -o FILE.pdf [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
     "            [--name TEXT] [--notes all|none] [--tz ZONE] [--full-title] [--data DIR]\n"
     "  Her program and adjusted rules, kit, goals, comfort ladder, charts and a table of\n"
     "  her sessions from --from to --to (both days included; by default the three\n"
     "  months up to today). --name prints a name or pseudonym (a blank line without it).\n"
     "  Session notes are left out unless --notes all. --tz is her time zone, such as\n"
     "  Europe/Berlin or UTC+01:00 (the machine's by default); the report names it.\n"
     "  The title is \"Practice summary\" unless --full-title names the therapy. It is\n"
     "  written in the language she chose in Pace. -o - writes to standard output."},
    {"share", cmd_share, "list whom one person shares with",
     "pace share list --email EMAIL [--data DIR]\n"
     "  Her grants and invitations: relation, status, period and scopes."},
    {"audit", cmd_audit, "check the audit trails",
     "pace audit verify [--data DIR]\n"
     "  Checks every person's audit trail entry by entry; names the first entry that\n"
     "  does not follow from the one before (it, or the one before, was changed)."},
    {"catalog", cmd_catalog, "check and list the dilator catalogs",
     "pace catalog check FILE...\n"
     "  Loads each catalog file strictly (docs/catalogs.md); the first error names the\n"
     "  file, the entry and the field, and the exit status is 1.\n"
     "pace catalog list [--line LINE] [--catalogs DIR]\n"
     "  The items of every line (or of one) as a table. Without --catalogs (or\n"
     "  PACE_CATALOGS) the catalogs compiled into pace are used."},
    {"guide", cmd_guide, "check and list the guide's articles",
     "pace guide check DIR\n"
     "  Loads DIR/en/*.md and DIR/de/*.md strictly (docs/guide.md); the first error\n"
     "  names the file and the line, and the exit status is 1.\n"
     "pace guide list [--lang en|de] [--guide DIR]\n"
     "  The articles in reading order with their words and reading time."},
    {"community", cmd_community, "the support community: flag rules, spaces, moderators",
     "pace community eval [FILE]\n"
     "  Runs the flag rules over the labelled posts compiled in (dev, heldout) or over\n"
     "  FILE (JSON Lines, tests/data/community/README.md) and prints precision and\n"
     "  recall per rule and overall.\n"
     "pace community rules\n"
     "  What each flag rule looks for.\n"
     "pace community space add SLUG --name NAME [--description TEXT] [--lang en|de|both]\n"
     "                          [--approval all|new] [--open] [--data DIR]\n"
     "pace community space list [--data DIR]\n"
     "pace community moderator add|remove --email EMAIL [--data DIR]\n"
     "  A moderator must have joined the community with a name first.\n"
     "pace community brand add|remove NAME [--data DIR]; pace community brand list\n"
     "pace community set held-first N [--data DIR]\n"
     "  How many first posts and comments of a new member wait for a moderator (0-20)."},
    {"backup", cmd_backup, "copy the database consistently, even while serving",
     "pace backup FILE [--data DIR]"},
    {"db", cmd_db, "move a deployment between SQLite and PostgreSQL",
     "pace db copy --from sqlite:DIR|postgres://... --to postgres://...|sqlite:DIR\n"
     "             [--key-file FILE]\n"
     "  Copies every row into an empty database (made when missing) in one transaction,\n"
     "  kept only when each table's count and checksum match on both sides. The key\n"
     "  file is the SQLite side's DIR/pace.key (or --key-file / PACE_KEY_FILE).\n"
     "pace db sums [--data DIR] [--database-url URL]\n"
     "  Each table's rows and checksum, to compare two databases."},
    {"dev", cmd_dev, "make test data (never on a real server)",
     "pace dev seed --users N --sessions-per-user M [--seed S] [--days D]\n"
     "              [--until 2026-01-31T00:00:00Z] [--prefix NAME] [--note-chars C]\n"
     "              [--data DIR]\n"
     "  Creates N accounts NAME-0@example.org ... (NAME: seed) with the password\n"
     "  \"pace seed password\", each with a kit and M sessions (at most 10000) over D days\n"
     "  (about 3 per session) ending today or at --until. --note-chars gives every\n"
     "  session a note of C characters (1-4000) in several scripts, for large exports.\n"
     "  The same arguments give the same data."},
    {"version", cmd_version, "print the version", "pace version"},
    {"help", cmd_help, "list commands, or explain one", "pace help [COMMAND]"},
};

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("pace: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

bool cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_help(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) {
            printf("%s - %s\n\nusage: %s\n", commands[i].name, commands[i].summary,
                   commands[i].usage);
            return 0;
        }
    return cli_usage_error("there is no command '%s'; 'pace help' lists them", name);
}

const char *cli_data_dir(const char *flag)
{
    if (flag && *flag)
        return flag;
    const char *env = getenv("PACE_DATA");
    return env && *env ? env : "./var";
}

int cli_store_open(const char *data_flag, const char *url_flag, struct store **out,
                   struct pace_error *err)
{
    const char *url = url_flag && *url_flag ? url_flag : getenv("PACE_DATABASE_URL");
    return app_store_open(cli_data_dir(data_flag), url && *url ? url : NULL,
                          getenv("PACE_KEY_FILE"), out, err);
}

bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        *missing = **value == '\0';
        return true;
    }
    if (a[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        *missing = true;
        return true;
    }
    *value = argv[++*i];
    return true;
}

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("pace %s\n", PACE_VERSION);
    return 0;
}

int cmd_help(int argc, char **argv)
{
    if (argc > 1)
        return cli_help(argv[1]);
    printf("pace - a private companion for dilator therapy\n\nusage: pace COMMAND [OPTIONS]\n\n"
           "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("\n'pace COMMAND --help' explains one command. Every command takes --data DIR\n"
           "(or PACE_DATA) to choose the data directory, ./var by default. The database\n"
           "is SQLite in that directory, or PostgreSQL when PACE_DATABASE_URL is set\n"
           "(postgres://...; 'pace serve' also takes --database-url); the key file stays\n"
           "in the directory (or PACE_KEY_FILE).\n");
    return 0;
}

int cli_main(int argc, char **argv)
{
    i18n_set_lang(LANG_EN);
    /* Security events (app/log.h) of the other commands go to PACE_LOG
     * when it is set (pace serve has its own flags, and writes to standard
     * error by default); the terminal gets only its one sentence. */
    const char *lv = getenv("PACE_LOG_LEVEL"), *path = getenv("PACE_LOG");
    int level = lv && *lv ? app_log_level_parse(lv) : APP_LOG_INFO;
    if (level < 0)
        return cli_usage_error("PACE_LOG_LEVEL must be debug, info, warn or error");
    if (path == NULL || *path == '\0')
        level = APP_LOG_OFF;
    struct pace_error err = {0};
    if (app_log_setup(path, (enum app_log_level)level, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    if (argc < 2)
        return cmd_help(1, argv);
    const char *name = argv[1];
    if (cli_is_help(name))
        return cmd_help(1, argv);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) != 0)
            continue;
        for (int a = 2; a < argc; a++)
            if (cli_is_help(argv[a]))
                return cli_help(name);
        return commands[i].fn(argc - 1, argv + 1);
    }
    return cli_usage_error("there is no command '%s'; 'pace help' lists them", name);
}
