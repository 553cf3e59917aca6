/*
 * cmd-community-admin.c - the operator's part of pace community: spaces,
 * moderators, brand names and how many first posts wait for a moderator.
 * Everything goes through the application layer as the operator.
 */
#include "app/community.h"
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct app_ctx *c, const struct pace_error *err)
{
    fprintf(stderr, "pace: %s\n", err->msg);
    if (c)
        app_cm_close(c);
    return 1;
}

static int open_store(const char *data, struct app_ctx *c)
{
    struct pace_error err = {0};
    memset(c, 0, sizeof *c);
    if (cli_store_open(data, NULL, &c->store, &err) != 0) /* SQLite or PostgreSQL */
        return fail(NULL, &err);
    return 0;
}

static int space(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("community space needs add or list; see pace help community");
    bool add = strcmp(argv[1], "add") == 0;
    if (!add && strcmp(argv[1], "list") != 0)
        return cli_usage_error("community space needs add or list; see pace help community");
    const char *data = NULL, *name = NULL, *desc = "", *lang = "both", *approval = "new";
    const char *slug = NULL;
    bool open = false;
    for (int i = 2; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--data", &data, &missing) ||
            cli_opt(argc, argv, &i, "--name", &name, &missing) ||
            cli_opt(argc, argv, &i, "--description", &desc, &missing) ||
            cli_opt(argc, argv, &i, "--lang", &lang, &missing) ||
            cli_opt(argc, argv, &i, "--approval", &approval, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (strcmp(argv[i], "--open") == 0) {
            open = true;
        } else if (add && !slug && argv[i][0] != '-') {
            slug = argv[i];
        } else {
            return cli_usage_error("community space does not know '%s'", argv[i]);
        }
    }
    if (add && (!slug || !name))
        return cli_usage_error("community space add needs SLUG and --name");
    if (add && strcmp(approval, "all") && strcmp(approval, "new"))
        return cli_usage_error("--approval is all or new");
    struct app_ctx ctx;
    if (open_store(data, &ctx) != 0)
        return 1;
    struct principal op = app_operator();
    struct pace_error err = {0};
    if (add) {
        struct cm_space sp = {.approval_all = strcmp(approval, "all") == 0, .open = open};
        snprintf(sp.slug, sizeof sp.slug, "%s", slug);
        snprintf(sp.name, sizeof sp.name, "%s", name);
        snprintf(sp.description, sizeof sp.description, "%s", desc);
        snprintf(sp.lang, sizeof sp.lang, "%s", lang);
        if (strlen(slug) > CM_SLUG_MAX || strlen(name) > CM_NAME_MAX ||
            strlen(desc) > CM_DESC_MAX || strlen(lang) >= sizeof sp.lang)
            return fail(&ctx, &(struct pace_error){.msg = "a value is too long"});
        if (app_cm_space_put(&ctx, &op, &sp, &err) != 0)
            return fail(&ctx, &err);
        printf("space %s saved\n", slug);
    } else {
        struct cm_space *items = NULL;
        size_t n = 0;
        if (app_cm_spaces(&ctx, &op, &items, &n, &err) != 0)
            return fail(&ctx, &err);
        printf("%-20s %-30s %-5s %-9s %s\n", "SLUG", "NAME", "LANG", "APPROVAL", "READERS");
        for (size_t i = 0; i < n; i++)
            printf("%-20s %-30s %-5s %-9s %s\n", items[i].slug, items[i].name, items[i].lang,
                   items[i].approval_all ? "all" : "new", items[i].open ? "open" : "members");
        free(items);
    }
    app_cm_close(&ctx);
    return 0;
}

static int moderator_cmd(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "remove")))
        return cli_usage_error("community moderator needs add or remove");
    const char *data = NULL, *email = NULL;
    for (int i = 2; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--data", &data, &missing) ||
            cli_opt(argc, argv, &i, "--email", &email, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("community moderator does not know '%s'", argv[i]);
        }
    }
    if (!email)
        return cli_usage_error("community moderator needs --email");
    struct app_ctx ctx;
    if (open_store(data, &ctx) != 0)
        return 1;
    struct principal op = app_operator();
    struct pace_error err = {0};
    bool on = strcmp(argv[1], "add") == 0;
    if (app_cm_moderator(&ctx, &op, email, on, &err) != 0)
        return fail(&ctx, &err);
    printf(on ? "%s is now a moderator\n" : "%s is no longer a moderator\n", email);
    app_cm_close(&ctx);
    return 0;
}

static int brand(int argc, char **argv)
{
    if (argc < 2 ||
        (strcmp(argv[1], "add") && strcmp(argv[1], "remove") && strcmp(argv[1], "list")))
        return cli_usage_error("community brand needs add, remove or list");
    const char *data = NULL, *name = NULL;
    for (int i = 2; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (!name) {
            name = argv[i];
        } else {
            return cli_usage_error("community brand takes one NAME");
        }
    }
    bool list = strcmp(argv[1], "list") == 0;
    if (!list && !name)
        return cli_usage_error("community brand %s needs NAME", argv[1]);
    struct app_ctx ctx;
    if (open_store(data, &ctx) != 0)
        return 1;
    struct principal op = app_operator();
    struct pace_error err = {0};
    if (list) {
        char **names = NULL;
        size_t n = 0;
        if (app_cm_brands(&ctx, &op, &names, &n, &err) != 0)
            return fail(&ctx, &err);
        for (size_t i = 0; i < n; i++)
            printf("%s\n", names[i]);
        community_brands_free(names, n);
    } else if (app_cm_brand(&ctx, &op, name, strcmp(argv[1], "add") == 0, &err) != 0) {
        return fail(&ctx, &err);
    }
    app_cm_close(&ctx);
    return 0;
}

static int set(int argc, char **argv)
{
    const char *data = NULL, *key = NULL, *value = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else if (!key) {
            key = argv[i];
        } else if (!value) {
            value = argv[i];
        } else {
            return cli_usage_error("community set takes a setting and a value");
        }
    }
    if (!key || !value || strcmp(key, "held-first") != 0)
        return cli_usage_error("community set knows held-first N");
    char *end;
    long v = strtol(value, &end, 10);
    if (*end || end == value)
        return cli_usage_error("held-first needs a number");
    struct app_ctx ctx;
    if (open_store(data, &ctx) != 0)
        return 1;
    struct principal op = app_operator();
    struct pace_error err = {0};
    if (app_cm_setting(&ctx, &op, "held_first", (int)(v > 100 ? 100 : v < -1 ? -1 : v), &err) != 0)
        return fail(&ctx, &err);
    app_cm_close(&ctx);
    printf("held-first is now %ld\n", v);
    return 0;
}

int cmd_community_admin(int argc, char **argv)
{
    if (strcmp(argv[0], "space") == 0)
        return space(argc, argv);
    if (strcmp(argv[0], "moderator") == 0)
        return moderator_cmd(argc, argv);
    if (strcmp(argv[0], "brand") == 0)
        return brand(argc, argv);
    if (strcmp(argv[0], "set") == 0)
        return set(argc, argv);
    return cli_usage_error("unknown community command %s; see pace help community", argv[0]);
}
