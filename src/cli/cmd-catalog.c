/*
 * cmd-catalog.c - pace catalog check FILE..., pace catalog list, and the
 * loading of the catalogs for every command: compiled into the binary by
 * default, or read from a directory (--catalogs DIR or PACE_CATALOGS) so
 * an operator can try a new product line without rebuilding.
 */
#include "cli/cli.h"
#include "core/plan.h"

#include "core/catalog.h"
#include "core/kit.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CATALOG_FILE_MAX (1024 * 1024)

/* Reads path into b; returns 0 or prints one sentence and returns 1. */
static int read_file(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "pace: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b->len <= CATALOG_FILE_MAX)
        buf_add(b, chunk, n);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed || b->len > CATALOG_FILE_MAX) {
        fprintf(stderr, "pace: cannot read %s: %s\n", path,
                failed ? "read error" : "larger than 1 MiB");
        return 1;
    }
    return 0;
}

/* Adds the file at path to c; prints the loader's message on failure. */
static int add_file(struct catalog *c, const char *path)
{
    struct buf b = {0};
    int rc = read_file(path, &b);
    if (rc == 0) {
        struct pace_error err = {0};
        if (catalog_add_json(c, path, b.data ? b.data : "", b.len, &err) != 0) {
            fprintf(stderr, "pace: %s\n", err.msg);
            rc = 1;
        }
    }
    buf_free(&b);
    return rc;
}

static int is_json(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

int cli_catalog_load(const char *dir, struct catalog **out)
{
    *out = NULL;
    if (dir == NULL || *dir == '\0') {
        const char *env = getenv("PACE_CATALOGS");
        dir = env && *env ? env : NULL;
    }
    if (dir == NULL) {
        struct pace_error err = {0};
        if (catalog_load_builtin(out, &err) != 0) {
            fprintf(stderr, "pace: the built-in catalogs are broken: %s\n", err.msg);
            return 1;
        }
        return 0;
    }
    struct dirent **names = NULL;
    int n = scandir(dir, &names, is_json, alphasort);
    if (n < 0) {
        fprintf(stderr, "pace: cannot read the catalog directory %s: %s\n", dir,
                strerror(errno));
        return 1;
    }
    struct catalog *c = catalog_new();
    int rc = n == 0 ? 1 : 0;
    if (n == 0)
        fprintf(stderr, "pace: the catalog directory %s has no .json files\n", dir);
    for (int i = 0; i < n; i++) {
        if (rc == 0) {
            char *path = xasprintf("%s/%s", dir, names[i]->d_name);
            rc = add_file(c, path);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    if (rc != 0) {
        catalog_free(c);
        return 1;
    }
    *out = c;
    return 0;
}

static int check(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("catalog check needs at least one FILE");
    /* Checked together, so an id used in two of the files is found too. */
    struct catalog *c = catalog_new();
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        if (argv[i][0] == '-')
            rc = cli_usage_error("catalog check does not know '%s'; see 'pace catalog --help'",
                                 argv[i]);
        else if ((rc = add_file(c, argv[i])) == 0) {
            const struct catalog_line *l = c->lines[c->nlines - 1];
            printf("%s: ok (line %s: %zu items, %zu sets)\n", argv[i], l->id, l->nitems,
                   l->nsets);
        }
    }
    catalog_free(c);
    return rc;
}

static void print_item(const struct catalog_item *it)
{
    char dia[32], len[16];
    char a[16], b[16];
    kit_format_mm(a, sizeof a, it->diameter_mm, false);
    if (it->kind == KIND_ADJUSTABLE) {
        kit_format_mm(b, sizeof b, it->diameter_max_mm, false);
        snprintf(dia, sizeof dia, "%s-%s", a, b);
    } else {
        snprintf(dia, sizeof dia, "%s%s", a, it->assumed ? "*" : "");
    }
    if (it->length_mm > 0)
        kit_format_mm(len, sizeof len, it->length_mm, false);
    else
        snprintf(len, sizeof len, "-");
    printf("%-20s %-16s %-10s %-10s %-9s %-7s %s\n", it->id, it->line->id, it->label,
           catalog_kind_name(it->kind), dia, len, material_name(it->material));
}

static int list(int argc, char **argv)
{
    const char *line = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--line", &line, &missing) ||
            cli_opt(argc, argv, &i, "--catalogs", &dir, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("catalog list does not know '%s'; see 'pace catalog --help'",
                                   argv[i]);
        }
    }
    struct catalog *c;
    if (cli_catalog_load(dir, &c) != 0)
        return 1;
    if (line && catalog_line_find(c, line) == NULL) {
        struct buf known = {0};
        for (size_t i = 0; i < c->nlines; i++)
            buf_printf(&known, "%s%s", i ? ", " : "", c->lines[i]->id);
        fprintf(stderr, "pace: there is no product line '%s'; the lines are %s\n", line,
                known.data ? known.data : "(none)");
        buf_free(&known);
        catalog_free(c);
        return 1;
    }
    printf("%-20s %-16s %-10s %-10s %-9s %-7s %s\n", "ID", "LINE", "LABEL", "KIND",
           "DIAM_MM", "LEN_MM", "MATERIAL");
    bool assumed = false;
    for (size_t i = 0; i < c->nlines; i++) {
        const struct catalog_line *l = c->lines[i];
        if (line && strcmp(l->id, line) != 0)
            continue;
        for (size_t k = 0; k < l->nitems; k++) {
            print_item(&l->items[k]);
            assumed = assumed || l->items[k].assumed;
        }
        for (size_t k = 0; k < l->nsets; k++)
            printf("  set %s (%s): %zu items%s\n", l->sets[k].id, l->sets[k].label,
                   l->sets[k].nitems, l->sets[k].illustrative ? ", illustrative" : "");
    }
    if (assumed)
        printf("* assumed: the maker does not publish this size (see docs/catalogs.md)\n");
    catalog_free(c);
    return 0;
}

int cmd_catalog(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("catalog needs a subcommand: check or list");
    if (strcmp(argv[1], "check") == 0)
        return check(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return list(argc - 1, argv + 1);
    return cli_usage_error("catalog does not know '%s'; see 'pace catalog --help'", argv[1]);
}

int cli_plans_load(struct plan_library **lib, struct catalog **cat)
{
    struct pace_error err = {0};
    *lib = NULL;
    *cat = NULL;
    if (plan_library_load_builtin(lib, &err) != 0) {
        fprintf(stderr, "pace: the built-in programs are broken: %s\n", err.msg);
        return 1;
    }
    if (cli_catalog_load(NULL, cat) != 0) {
        plan_library_free(*lib);
        *lib = NULL;
        return 1;
    }
    return 0;
}
