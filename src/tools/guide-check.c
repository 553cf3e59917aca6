/*
 * guide-check.c - run by the build over docs/clinical-sources.md and every
 * article in data/guide/{en,de}/: checks them with the same loader pace
 * uses (core/guide.c), prints "FILE:LINE: problem" and fails the build
 * when one is broken, and otherwise writes them as byte arrays into a C
 * file (the guide compiled into pace).
 *
 *   guide-check --out guide_builtin.c clinical-sources.md en/a.md de/a.md ...
 *   guide-check clinical-sources.md en/a.md ...     (check only)
 */
#include "core/guide.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The table this tool writes does not exist yet while it runs; the loader
 * it shares with pace names it, so it is defined here, empty. */
const struct guide_file guide_builtin[] = {{0, 0, 0}};
const struct guide_file guide_sources_builtin = {0, 0, 0};

static int read_all(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s:1: cannot read: %s\n", path, strerror(errno));
        return 1;
    }
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(b, chunk, n);
    int rc = ferror(f) ? 1 : 0;
    fclose(f);
    if (rc)
        fprintf(stderr, "%s:1: read error\n", path);
    return rc;
}

/* "en/x.md" from ".../data/guide/en/x.md". */
static const char *short_name(const char *path)
{
    const char *base = strrchr(path, '/');
    if (base == NULL)
        return path;
    const char *dir = base;
    while (dir > path && dir[-1] != '/')
        dir--;
    return dir;
}

static bool is_sources(const char *path)
{
    const char *base = strrchr(path, '/');
    return strcmp(base ? base + 1 : path, "clinical-sources.md") == 0;
}

static void emit_array(FILE *out, const char *name, const struct buf *b)
{
    fprintf(out, "static const char %s[] = {", name);
    for (size_t i = 0; i < b->len; i++)
        fprintf(out, "%s%d,", i % 20 == 0 ? "\n    " : "", (signed char)b->data[i]);
    fprintf(out, "\n    0};\n");
}

int main(int argc, char **argv)
{
    const char *out_path = NULL;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--out") == 0) {
        out_path = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: guide-check [--out FILE.c] clinical-sources.md ARTICLE.md...\n");
        return 2;
    }
    int nfiles = argc - first;
    struct buf *data = xcalloc((size_t)nfiles, sizeof *data);
    struct guide *g = guide_new();
    struct pace_error err = {0};
    int rc = 0, src = -1;
    /* The sources first, so the articles' keys can be checked. */
    for (int i = 0; rc == 0 && i < nfiles; i++)
        if (is_sources(argv[first + i])) {
            src = i;
            rc = read_all(argv[first + i], &data[i]);
            if (rc == 0 && guide_add_sources(g, argv[first + i], data[i].data ? data[i].data : "",
                                             data[i].len, &err) != 0) {
                fprintf(stderr, "%s\n", err.msg);
                rc = 1;
            }
        }
    if (rc == 0 && src < 0) {
        fprintf(stderr, "guide-check: no clinical-sources.md among the files\n");
        rc = 1;
    }
    for (int i = 0; rc == 0 && i < nfiles; i++) {
        if (i == src)
            continue;
        rc = read_all(argv[first + i], &data[i]);
        if (rc == 0 &&
            guide_add(g, argv[first + i], data[i].data ? data[i].data : "", data[i].len, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            rc = 1;
        }
    }
    if (rc == 0 && guide_finish(g, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        rc = 1;
    }
    if (rc == 0 && out_path) {
        FILE *out = fopen(out_path, "w");
        if (out == NULL) {
            fprintf(stderr, "guide-check: cannot write %s: %s\n", out_path, strerror(errno));
            rc = 1;
        } else {
            fprintf(out, "/* Generated from data/guide/ and docs/clinical-sources.md by "
                         "src/tools/guide-check.c; do not edit. */\n#include \"core/guide.h\"\n\n");
            for (int i = 0; i < nfiles; i++) {
                char name[32];
                snprintf(name, sizeof name, "guide_file_%d", i);
                emit_array(out, name, &data[i]);
            }
            fprintf(out, "\nconst struct guide_file guide_builtin[] = {\n");
            for (int i = 0; i < nfiles; i++)
                if (i != src)
                    fprintf(out, "    {\"%s\", guide_file_%d, %zu},\n", short_name(argv[first + i]),
                            i, data[i].len);
            fprintf(out,
                    "    {0, 0, 0}};\n\nconst struct guide_file guide_sources_builtin = "
                    "{\"clinical-sources.md\", guide_file_%d, %zu};\n",
                    src, data[src].len);
            if (fclose(out) != 0) {
                fprintf(stderr, "guide-check: cannot write %s\n", out_path);
                rc = 1;
            }
        }
    }
    for (int i = 0; i < nfiles; i++)
        buf_free(&data[i]);
    free(data);
    guide_free(g);
    return rc;
}
