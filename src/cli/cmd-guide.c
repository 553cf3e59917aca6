/*
 * cmd-guide.c - the guide for every command: compiled in by default, or
 * read from a directory with en/ and de/ (--guide DIR or PACE_GUIDE), so a
 * writer can see an article without rebuilding; and pace guide check DIR,
 * pace guide list. Source keys always resolve against the compiled-in
 * docs/clinical-sources.md.
 */
#include "cli/cli.h"

#include "core/guide.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_md(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 3 && strcmp(d->d_name + n - 3, ".md") == 0;
}

/* Adds every .md file in DIR/LANG to g; prints one sentence and returns 1 on failure. */
static int add_dir(struct guide *g, const char *dir, const char *lang)
{
    char *sub = xasprintf("%s/%s", dir, lang);
    struct dirent **names = NULL;
    int n = scandir(sub, &names, is_md, alphasort);
    int rc = 0;
    if (n < 0) {
        fprintf(stderr, "pace: cannot read the guide folder %s: %s\n", sub, strerror(errno));
        rc = 1;
    }
    for (int i = 0; i < n; i++) {
        if (rc == 0) {
            char *path = xasprintf("%s/%s", sub, names[i]->d_name);
            struct buf b = {0};
            struct pace_error err = {0};
            rc = cli_read_input(path, GUIDE_FILE_MAX, "64 KiB", &b) != 0 ? 1 : 0;
            if (rc == 0 && guide_add(g, path, b.data ? b.data : "", b.len, &err) != 0) {
                fprintf(stderr, "pace: %s\n", err.msg);
                rc = 1;
            }
            buf_free(&b);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    free(sub);
    return rc;
}

int cli_guide_load(const char *dir, struct guide **out)
{
    *out = NULL;
    if (dir == NULL || *dir == '\0') {
        const char *env = getenv("PACE_GUIDE");
        dir = env && *env ? env : NULL;
    }
    struct pace_error err = {0};
    if (dir == NULL) {
        if (guide_load_builtin(out, &err) != 0) {
            fprintf(stderr, "pace: the built-in guide is broken: %s\n", err.msg);
            return 1;
        }
        return 0;
    }
    struct guide *g = guide_new();
    int rc = guide_add_sources(g, guide_sources_builtin.name, guide_sources_builtin.data,
                               guide_sources_builtin.len, &err) != 0;
    if (rc)
        fprintf(stderr, "pace: %s\n", err.msg);
    if (rc == 0)
        rc = add_dir(g, dir, "en");
    if (rc == 0)
        rc = add_dir(g, dir, "de");
    if (rc == 0 && guide_finish(g, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        rc = 1;
    }
    if (rc != 0) {
        guide_free(g);
        return 1;
    }
    *out = g;
    return 0;
}

static int list(const char *dir, const char *lang)
{
    int l = lang ? i18n_parse(lang) : LANG_EN;
    if (l < 0)
        return cli_usage_error("--lang is en or de");
    struct guide *g = NULL;
    if (cli_guide_load(dir, &g) != 0)
        return 1;
    size_t first, n = guide_range(g, (enum lang)l, &first);
    printf("%-22s %-14s %5s %4s  %s\n", "SLUG", "THEME", "WORDS", "MIN", "TITLE");
    for (size_t i = 0; i < n; i++) {
        const struct guide_article *a = g->articles[first + i];
        printf("%-22s %-14s %5zu %4d  %s\n", a->slug, guide_theme_key(a->theme), a->words,
               a->minutes, a->title);
    }
    guide_free(g);
    return 0;
}

int cmd_guide(int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1]))
        return cli_help("guide");
    const char *dir = NULL, *lang = NULL;
    if (strcmp(argv[1], "check") == 0) {
        if (argc != 3)
            return cli_usage_error("guide check needs one DIR (with en/ and de/ in it)");
        struct guide *g = NULL;
        if (cli_guide_load(argv[2], &g) != 0)
            return 1;
        size_t n = guide_range(g, LANG_EN, NULL);
        printf("%s: ok (%zu articles in English and German)\n", argv[2], n);
        guide_free(g);
        return 0;
    }
    if (strcmp(argv[1], "list") == 0) {
        for (int i = 2; i < argc; i++) {
            bool missing = false;
            if (cli_opt(argc, argv, &i, "--guide", &dir, &missing) ||
                cli_opt(argc, argv, &i, "--lang", &lang, &missing)) {
                if (missing)
                    return cli_usage_error("%s needs a value", argv[i]);
            } else {
                return cli_usage_error("guide list does not know '%s'; see 'pace guide --help'",
                                       argv[i]);
            }
        }
        return list(dir, lang);
    }
    return cli_usage_error("guide does not know '%s'; see 'pace guide --help'", argv[1]);
}
