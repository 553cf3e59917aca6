/*
 * community_text.c - what a member writes: her handle, a title, a body in
 * CommonMark, a reason; the safe rendering of a body; and the brand names
 * the flag rules look for.
 */
#include "core/catalog.h"
#include "core/community.h"
#include "core/community_priv.h"
#include "core/i18n.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmark's defaults are safe: raw HTML is omitted and javascript:, vbscript:,
 * file: and most data: links are dropped. Never add CMARK_OPT_UNSAFE. */
#define POST_CMARK_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_HARDBREAKS)
_Static_assert((POST_CMARK_OPTS & CMARK_OPT_UNSAFE) == 0, "posts render in safe mode");

/* Handles the community itself speaks with, or that pretend to be it. */
static const char *const reserved[] = {
    "admin",         "administrator", "moderator", "moderation", "mod",   "mods",
    "pace",          "operator",      "support",   "team",       "staff", "system",
    "former-member", "formermember",  "anonymous", "nobody",     "root",  NULL};

int community_handle_check(const char *handle, struct pace_error *err)
{
    size_t n = handle ? strlen(handle) : 0;
    const char *words = _("Please choose a name of 3 to 24 letters (a-z), digits, dots, dashes or "
                          "underscores, starting with a letter.");
    if (n < COMMUNITY_HANDLE_MIN || n > COMMUNITY_HANDLE_MAX)
        return pace_fail(err, PACE_EINVAL, "handle", "%s", words);
    if (strchr(handle, '@'))
        return pace_fail(err, PACE_EINVAL, "handle", "%s",
                         _("Your name here cannot be an email address. Please choose another."));
    if (!((handle[0] >= 'a' && handle[0] <= 'z') || (handle[0] >= 'A' && handle[0] <= 'Z')))
        return pace_fail(err, PACE_EINVAL, "handle", "%s", words);
    for (size_t i = 0; i < n; i++) {
        char c = handle[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_'))
            return pace_fail(err, PACE_EINVAL, "handle", "%s", words);
    }
    char low[COMMUNITY_HANDLE_MAX + 1];
    snprintf(low, sizeof low, "%s", handle);
    str_lower(low);
    for (size_t k = 0; reserved[k]; k++)
        if (strcmp(low, reserved[k]) == 0)
            return pace_fail(err, PACE_EINVAL, "handle", "%s",
                             _("This name is kept for the community itself. Please choose "
                               "another."));
    return 0;
}

static bool one_line(const char *s)
{
    return strpbrk(s, "\r\n\t") == NULL;
}

int community_title_check(const char *title, struct pace_error *err)
{
    size_t n = title ? strlen(title) : 0;
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
        blank = title[i] == ' ';
    if (n == 0 || blank)
        return pace_fail(err, PACE_EINVAL, "title", "%s", _("Please give your post a title."));
    if (!str_valid_text(title, n) || !one_line(title) || str_utf8_len(title) > COMMUNITY_TITLE_MAX)
        return pace_fail(err, PACE_EINVAL, "title", "%s",
                         _("Please keep the title to one line of at most 120 characters."));
    return 0;
}

/* The deepest nesting of lists and quotes. */
static int depth_of(cmark_node *doc)
{
    int depth = 0, deepest = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node_type t = cmark_node_get_type(cmark_iter_get_node(it));
        if (t != CMARK_NODE_LIST && t != CMARK_NODE_BLOCK_QUOTE)
            continue;
        if (ev == CMARK_EVENT_ENTER && ++depth > deepest)
            deepest = depth;
        else if (ev == CMARK_EVENT_EXIT)
            depth--;
    }
    cmark_iter_free(it);
    return deepest;
}

int community_body_check(const char *body, size_t max, struct pace_error *err)
{
    size_t n = body ? strlen(body) : 0;
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
        blank = strchr(" \t\r\n", body[i]) != NULL;
    if (blank)
        return pace_fail(err, PACE_EINVAL, "body", "%s", _("Please write something first."));
    if (n > max)
        return pace_fail(err, PACE_ETOOLARGE, "body",
                         _("This is longer than the %zu characters a post can have. Please "
                           "shorten it or split it in two."),
                         max);
    if (!str_valid_text(body, n))
        return pace_fail(err, PACE_EINVAL, "body", "%s",
                         _("This text holds characters that cannot be shown. Please write it "
                           "again or paste it as plain text."));
    cmark_node *doc = cmark_parse_document(body, n, POST_CMARK_OPTS);
    int depth = depth_of(doc);
    cmark_node_free(doc);
    if (depth > COMMUNITY_DEPTH_MAX)
        return pace_fail(err, PACE_EINVAL, "body",
                         _("Lists and quotes can be at most %d levels deep here. Please use "
                           "fewer levels."),
                         COMMUNITY_DEPTH_MAX);
    return 0;
}

int community_reason_check(const char *reason, bool required, struct pace_error *err)
{
    size_t n = reason ? strlen(reason) : 0;
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
        blank = strchr(" \t\r\n", reason[i]) != NULL;
    if (blank && required)
        return pace_fail(err, PACE_EINVAL, "reason", "%s",
                         _("Please give a short reason. The author sees it."));
    if (n > 0 && (!str_valid_text(reason, n) || str_utf8_len(reason) > COMMUNITY_REASON_MAX))
        return pace_fail(err, PACE_EINVAL, "reason", "%s",
                         _("Please keep the reason to at most 500 characters of text."));
    return 0;
}

/* A node holding text the way a reader should see it: raw HTML as code. */
static cmark_node *as_code(cmark_node *n, bool block)
{
    cmark_node *c = cmark_node_new(block ? CMARK_NODE_CODE_BLOCK : CMARK_NODE_CODE);
    const char *lit = cmark_node_get_literal(n);
    cmark_node_set_literal(c, lit ? lit : "");
    return c;
}

/* Moves every child of from into to. */
static void move_children(cmark_node *from, cmark_node *to)
{
    cmark_node *ch;
    while ((ch = cmark_node_first_child(from)) != NULL) {
        cmark_node_unlink(ch);
        cmark_node_append_child(to, ch);
    }
}

/* Rewrites what the page must not show as it was written. */
static void make_inert(cmark_node *doc)
{
    size_t n = 0, cap = 16;
    cmark_node **todo = xmalloc(cap * sizeof *todo);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        if (ev != CMARK_EVENT_ENTER ||
            !(t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_IMAGE ||
              t == CMARK_NODE_HEADING))
            continue;
        if (n == cap)
            todo = xrealloc(todo, (cap *= 2) * sizeof *todo);
        todo[n++] = node;
    }
    cmark_iter_free(it);
    /* children before parents were collected after them: replace from the
     * end so no node is touched after its parent was freed */
    for (size_t i = n; i-- > 0;) {
        cmark_node *node = todo[i], *repl;
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HTML_BLOCK:
            repl = as_code(node, true);
            break;
        case CMARK_NODE_HTML_INLINE:
            repl = as_code(node, false);
            break;
        case CMARK_NODE_IMAGE: /* a link to it: nothing is fetched */
            repl = cmark_node_new(CMARK_NODE_LINK);
            cmark_node_set_url(repl, cmark_node_get_url(node));
            cmark_node_set_title(repl, cmark_node_get_title(node));
            move_children(node, repl);
            break;
        default: { /* a heading: a paragraph in bold */
            repl = cmark_node_new(CMARK_NODE_PARAGRAPH);
            cmark_node *strong = cmark_node_new(CMARK_NODE_STRONG);
            move_children(node, strong);
            cmark_node_append_child(repl, strong);
            break;
        }
        }
        cmark_node_replace(node, repl);
        cmark_node_free(node);
    }
    free(todo);
}

void community_render(const char *body, struct buf *out)
{
    cmark_node *doc = cmark_parse_document(body, strlen(body), POST_CMARK_OPTS);
    make_inert(doc);
    char *html = cmark_render_html(doc, POST_CMARK_OPTS);
    cmark_node_free(doc);
    /* Raw HTML never reaches the output, so every "<a href" is a link of
     * the post's own. */
    static const char anchor[] = "<a href=\"";
    const char *p = html, *q;
    while ((q = strstr(p, anchor)) != NULL) {
        buf_add(out, p, (size_t)(q - p));
        buf_puts(out, "<a rel=\"nofollow ugc noopener noreferrer\" href=\"");
        p = q + sizeof anchor - 1;
    }
    buf_puts(out, p);
    free(html);
}

/* ---- brands ---- */

static bool has_name(char **names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(names[i], s) == 0)
            return true;
    return false;
}

char **community_catalog_brands(const struct catalog *cat, size_t *n)
{
    *n = 0;
    size_t cap = cat ? 2 * cat->nlines + 1 : 1;
    char **names = xcalloc(cap, sizeof *names);
    for (size_t i = 0; cat && i < cat->nlines; i++) {
        const struct catalog_line *l = cat->lines[i];
        const char *both[] = {l->name, l->maker};
        for (int k = 0; k < 2; k++)
            if (both[k] && strlen(both[k]) >= 2 && strlen(both[k]) <= COMMUNITY_BRAND_MAX &&
                !has_name(names, *n, both[k]))
                names[(*n)++] = xstrdup(both[k]);
    }
    return names;
}

void community_brands_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

int community_brand_check(const char *name, struct pace_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 2 || n > COMMUNITY_BRAND_MAX || !str_valid_text(name, n) || !one_line(name) ||
        name[0] == ' ' || name[n - 1] == ' ')
        return pace_fail(err, PACE_EINVAL, "brand", "%s",
                         _("A brand name is 2 to 60 characters on one line."));
    return 0;
}
