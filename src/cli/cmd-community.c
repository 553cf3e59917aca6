/*
 * cmd-community.c - the operator's community commands: pace community eval
 * (the flag rules on the labelled sets compiled in, or on a file in the same
 * format), rules (what each rule looks for), spaces, moderators, settings
 * and brand names (cmd-community-admin.c).
 */
#include "cli/cli.h"

#include "core/catalog.h"
#include "core/community.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_FILE_MAX (16u << 20)

static int eval(int argc, char **argv)
{
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help("community");
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("unknown option %s; see pace help community", argv[i]);
        if (file)
            return cli_usage_error("pace community eval takes at most one FILE");
        file = argv[i];
    }
    struct catalog *cat = NULL;
    if (cli_catalog_load(NULL, &cat) != 0)
        return 1;
    size_t nbrands = 0;
    char **brands = community_catalog_brands(cat, &nbrands);
    struct community_context base = {.brands = (const char *const *)brands, .nbrands = nbrands};
    int rc = 0;
    struct buf out = {0};
    if (file) {
        struct buf in = {0};
        rc = cli_read_input(file, EVAL_FILE_MAX, "16 MiB", &in) != 0 ? EXIT_USAGE : 0;
        struct community_eval ev = {0};
        struct pace_error err = {0};
        if (rc == 0 &&
            community_eval_jsonl(file, in.data ? in.data : "", in.len, &base, &ev, &err) != 0) {
            fprintf(stderr, "pace: %s\n", err.msg);
            rc = 1;
        }
        if (rc == 0)
            community_eval_format(file, &ev, &out);
        buf_free(&in);
    } else {
        for (const struct community_set *s = community_builtin_sets; s->name && rc == 0; s++) {
            struct community_eval ev = {0};
            struct pace_error err = {0};
            if (community_eval_jsonl(s->name, s->data, s->len, &base, &ev, &err) != 0) {
                fprintf(stderr, "pace: the built-in set is broken: %s\n", err.msg);
                rc = 1;
                break;
            }
            if (out.len)
                buf_puts(&out, "");
            community_eval_format(s->name, &ev, &out);
        }
    }
    if (rc == 0 && out.data)
        fputs(out.data, stdout);
    buf_free(&out);
    community_brands_free(brands, nbrands);
    catalog_free(cat);
    return rc;
}

static int rules(void)
{
    for (int r = 0; r < CR_COUNT; r++)
        printf("%-18s %s\n", community_rule_name(r), community_rule_explain(r));
    return 0;
}

int cmd_community(int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1]))
        return cli_help("community");
    if (strcmp(argv[1], "eval") == 0)
        return eval(argc - 1, argv + 1);
    if (strcmp(argv[1], "rules") == 0)
        return rules();
    return cmd_community_admin(argc - 1, argv + 1);
}
