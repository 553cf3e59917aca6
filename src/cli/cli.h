/*
 * cli.h - the pace command line: a table of commands (cli.c) and one
 * function per command. Each prints errors to stderr in one sentence and
 * returns the process exit code: 0 ok, 1 failure, 2 bad arguments.
 */
#ifndef PACE_CLI_H
#define PACE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#define EXIT_USAGE 2

struct cli_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
    const char *usage;
};

int cli_main(int argc, char **argv);

/* Prints "pace: <msg>" to stderr and returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True for --help or -h. */
bool cli_is_help(const char *arg);
/* Prints the usage line of a command. Returns 0. */
int cli_help(const char *name);
/* The data directory: --data, else PACE_DATA, else ./var. */
const char *cli_data_dir(const char *flag);
struct store;
struct pace_error;
/* Opens the store: PostgreSQL at url_flag (else PACE_DATABASE_URL) when
 * set, else SQLite in the data folder (data_flag, else PACE_DATA, else
 * ./var); the key file is PACE_KEY_FILE when set, else DATA/pace.key. */
int cli_store_open(const char *data_flag, const char *url_flag, struct store **out,
                   struct pace_error *err);
/* Matches "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. Sets
 * *missing when the value is absent. */
bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *missing);
struct tz_zone;
/* Her time zone from --tz (cli-tz.c): a tz database name ("Europe/Berlin")
 * or a fixed offset ("UTC+01:00", "-05:30"); without --tz (s NULL) the
 * machine's (TZ, else /etc/localtime), else UTC. Fills out (release it
 * with tz_zone_free); one sentence naming --tz and EXIT_USAGE when s names
 * no zone. */
int cli_zone(const char *s, struct tz_zone *out);

struct catalog;
/* The catalogs: read from dir (or PACE_CATALOGS) when given, else the ones
 * compiled in. Prints one sentence and returns 1 on failure; *out is
 * released with catalog_free. */
int cli_catalog_load(const char *dir, struct catalog **out);
struct guide;
/* The guide: read from dir (or PACE_GUIDE; en/ and de/ in it) when given,
 * else the one compiled in. Prints one sentence and returns 1 on failure;
 * *out is released with guide_free. */
int cli_guide_load(const char *dir, struct guide **out);
struct plan_library;
/* The built-in programs and goals and the compiled-in catalogs, for the
 * commands that read her plan; one sentence and 1 on failure (nothing to
 * free then). */
int cli_plans_load(struct plan_library **lib, struct catalog **cat);

struct store;
struct pace_error;
struct user;
/* Opens the store in data (or PACE_DATA, ./var) and finds the account for
 * email; prints one sentence and returns the exit code on failure. On
 * success the caller closes *s with store_close. */
int cli_open_user(const char *data, const char *email, struct store **s, struct user *u);

struct buf;
/* Reads all of path ("-": standard input) into b, refusing more than max
 * bytes (said as limit_words, "1 MiB"); one sentence and EXIT_USAGE when it
 * cannot. */
int cli_read_input(const char *path, size_t max, const char *limit_words, struct buf *b);

int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_guide(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* pace community (cmd-community.c; the operator's part in cmd-community-admin.c,
 * argv[0] the subcommand). */
int cmd_community(int argc, char **argv);
int cmd_community_admin(int argc, char **argv);
/* pace user delete (cmd-data.c); argv[0] is "delete". */
int cmd_user_delete(int argc, char **argv);
int cmd_recommend(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_dev(int argc, char **argv);
int cmd_share(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
