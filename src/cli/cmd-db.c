/*
 * cmd-db.c - pace db copy: a whole deployment from SQLite into PostgreSQL
 * or back; pace db sums: each table's rows and checksum, to compare two.
 */
#include "cli/cli.h"

#include "app/app.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One side of a copy: "sqlite:DIR" or a postgres:// URL. */
struct side {
    const char *dir;
    const char *url;
};

static bool side_parse(const char *s, struct side *out)
{
    *out = (struct side){0};
    if (strncmp(s, "sqlite:", 7) == 0 && s[7] != '\0') {
        out->dir = s + 7;
        return true;
    }
    if (strncmp(s, "postgres://", 11) == 0 || strncmp(s, "postgresql://", 13) == 0) {
        out->url = s;
        return true;
    }
    return false;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Copies the key file from to to (made private), for a new SQLite
 * deployment that will be opened without the source beside it. */
static int key_copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (in == NULL)
        return -1;
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    bool ok = write(fd, buf, n) == (ssize_t)n;
    ok = close(fd) == 0 && ok;
    return ok ? 0 : -1;
}

static void print_tables(const struct store_copy_table *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, "meta") != 0)
            printf("%-20s %10lld  %016llx\n", t[i].name, (long long)t[i].rows,
                   (unsigned long long)t[i].sum);
}

static int db_copy(int argc, char **argv)
{
    const char *from_s = NULL, *to_s = NULL, *key = getenv("PACE_KEY_FILE");
    for (int i = 2; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--from", &from_s, &missing) ||
            cli_opt(argc, argv, &i, "--to", &to_s, &missing) ||
            cli_opt(argc, argv, &i, "--key-file", &key, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("db copy does not know '%s'; see 'pace db --help'", argv[i]);
        }
    }
    struct side from, to;
    if (from_s == NULL || to_s == NULL)
        return cli_usage_error("db copy needs --from and --to");
    if (!side_parse(from_s, &from) || !side_parse(to_s, &to))
        return cli_usage_error(
            "--from and --to are sqlite:DIR or postgres://USER:PASSWORD@HOST:PORT/DATABASE");
    if ((from.url != NULL) == (to.url != NULL))
        return cli_usage_error("db copy goes from SQLite to PostgreSQL or back");
    /* The key: the SQLite side's file, or the one named for PostgreSQL. */
    char *key_path = NULL;
    if (from.dir)
        key_path = xasprintf("%s/pace.key", from.dir);
    else if (key && *key)
        key_path = xstrdup(key);
    else
        key_path = xasprintf("%s/pace.key", to.dir);
    if (!file_exists(key_path)) {
        fprintf(stderr,
                "pace: there is no key file at %s; name the deployment's key with "
                "--key-file\n",
                key_path);
        free(key_path);
        return 1;
    }
    if (from.dir && !file_exists(from.dir)) {
        fprintf(stderr, "pace: there is no data folder %s to copy from\n", from.dir);
        free(key_path);
        return 1;
    }
    if (to.dir) {
        char *to_key = xasprintf("%s/pace.key", to.dir);
        if (mkdir(to.dir, 0700) != 0 && errno != EEXIST) {
            fprintf(stderr, "pace: cannot create %s: %s\n", to.dir, strerror(errno));
            free(to_key);
            free(key_path);
            return 1;
        }
        if (!file_exists(to_key) && key_copy(key_path, to_key) != 0) {
            fprintf(stderr, "pace: cannot write the key file %s: %s\n", to_key, strerror(errno));
            free(to_key);
            free(key_path);
            return 1;
        }
        free(to_key);
    }
    struct store *a = NULL, *b = NULL;
    struct pace_error err = {0};
    int rc = app_store_open(from.dir, from.url, key_path, &a, &err);
    if (rc == 0)
        rc = app_store_open(to.dir, to.url, key_path, &b, &err);
    struct store_copy_table *tables = NULL;
    size_t n = 0;
    if (rc == 0)
        rc = app_db_copy(a, b, &tables, &n, &err);
    if (b)
        app_store_close(b);
    if (a)
        app_store_close(a);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        free(key_path);
        return 1;
    }
    print_tables(tables, n);
    int64_t rows = 0;
    for (size_t i = 0; i < n; i++)
        rows += tables[i].rows;
    fprintf(stderr,
            "pace: copied %lld rows in %zu tables, each table's count and checksum the same on "
            "both sides (the key file %s is needed to read them)\n",
            (long long)rows, n, key_path);
    free(tables);
    free(key_path);
    return 0;
}

static int db_sums(int argc, char **argv)
{
    const char *data = NULL, *url = NULL;
    for (int i = 2; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--data", &data, &missing) ||
            cli_opt(argc, argv, &i, "--database-url", &url, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("db sums does not know '%s'; see 'pace db --help'", argv[i]);
        }
    }
    struct store *s = NULL;
    struct pace_error err = {0};
    if (cli_store_open(data, url, &s, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    struct store_copy_table *tables = NULL;
    size_t n = 0;
    int rc = app_db_sums(s, &tables, &n, &err);
    app_store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    print_tables(tables, n);
    free(tables);
    return 0;
}

int cmd_db(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "copy") == 0)
        return db_copy(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "sums") == 0)
        return db_sums(argc, argv);
    return cli_usage_error("db takes copy or sums; see 'pace db --help'");
}
