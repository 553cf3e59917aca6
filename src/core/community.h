/*
 * community.h - the support community's pure parts: checking what a member
 * writes (her handle, a title, a post or comment in CommonMark), rendering
 * it safely, the automatic flags for likely disguised advertising, and the
 * evaluation of those flags on a labelled set of posts.
 *
 * Files: community_text.c (checks and rendering), community_rules.c (the
 * flag rules), community_eval.c (precision and recall on a labelled set).
 * Pure: no I/O; what the rules need to know about the author (a new
 * account, the same text from other accounts) is passed in.
 */
#ifndef PACE_COMMUNITY_H
#define PACE_COMMUNITY_H

#include "core/err.h"
#include "core/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COMMUNITY_HANDLE_MIN 3
#define COMMUNITY_HANDLE_MAX 24    /* characters (ASCII) */
#define COMMUNITY_TITLE_MAX 120    /* characters */
#define COMMUNITY_POST_MAX 10000   /* bytes of CommonMark */
#define COMMUNITY_COMMENT_MAX 4000 /* bytes of CommonMark */
#define COMMUNITY_REASON_MAX 500   /* characters: a report's or a moderator's reason */
#define COMMUNITY_DEPTH_MAX 8      /* lists and quotes inside each other */
#define COMMUNITY_BRAND_MAX 60     /* bytes of one brand name */

/* ---- What she writes (community_text.c) ---------------------------------- */

/* A handle: 3-24 ASCII letters, digits, '.', '-' or '_', starting with a
 * letter; never an email address and never one of the words the community
 * itself uses ("moderator", "pace", ...). PACE_EINVAL with field "handle". */
int community_handle_check(const char *handle, struct pace_error *err);
/* A post's title: 1-120 characters on one line. Field "title". */
int community_title_check(const char *title, struct pace_error *err);
/* A post (max COMMUNITY_POST_MAX) or comment body: valid UTF-8 without
 * control characters, not empty, at most max bytes, and lists and quotes
 * at most COMMUNITY_DEPTH_MAX deep. Field "body". */
int community_body_check(const char *body, size_t max, struct pace_error *err);
/* A reason (a report, a moderator's decision): 1-500 characters of text.
 * required false lets it be empty. Field "reason". */
int community_reason_check(const char *reason, bool required, struct pace_error *err);

/* Renders a checked body as HTML appended to out. cmark in its safe mode:
 * raw HTML shows as text, javascript:, vbscript:, file: and data: links
 * lead nowhere, images become plain links (nothing is ever fetched from
 * anyone), headings become bold paragraphs (the page keeps its outline),
 * and every link carries rel="nofollow ugc noopener noreferrer". */
void community_render(const char *body, struct buf *out);

/* The text for comparing posts: letters and digits lowercased (ASCII and
 * the German umlauts), every run of anything else one space, trimmed.
 * Caller frees. */
char *community_fold(const char *text);

/* ---- The flag rules (community_rules.c) ----------------------------------- */

enum community_rule {
    CR_LINK = 0,         /* web addresses, also spelled out ("dot com") */
    CR_CONTACT,          /* email addresses, phone numbers, @handles, messengers */
    CR_PRIVATE_MESSAGE,  /* "DM me", "write me privately": Pace has no private messages */
    CR_CALL_TO_ACTION,   /* "link in bio", "order now", "follow me" */
    CR_DISCOUNT,         /* codes, vouchers, "% off", free offers */
    CR_PRICE,            /* an amount of money beside a selling word */
    CR_BRAND_PRAISE,     /* a brand or product name beside praise or urgency */
    CR_CLAIM,            /* cure and guarantee claims ("cured in 3 days", "100%") */
    CR_SELLING,          /* coaching, courses, affiliate and giveaway words */
    CR_DUPLICATE,        /* the same text from other accounts */
    CR_NEW_ACCOUNT_LINK, /* a link or contact detail from an account under a week old */
    CR_COUNT
};

#define COMMUNITY_WORDS_MAX 160 /* bytes of the words that triggered a rule */

/* One rule that fired, and the words in the post that made it fire
 * (quoted, comma-separated, at most three). */
struct community_flag {
    enum community_rule rule;
    char words[COMMUNITY_WORDS_MAX];
};

/* What the rules know besides the text. */
struct community_context {
    bool new_account;          /* joined less than COMMUNITY_NEW_ACCOUNT_DAYS ago */
    int same_text_accounts;    /* other accounts that posted the same folded text */
    const char *const *brands; /* brand and product names (catalogs, operator list) */
    size_t nbrands;
};
#define COMMUNITY_NEW_ACCOUNT_DAYS 7
#define COMMUNITY_DUPLICATE_MIN 40 /* folded bytes: shorter texts ("Thank you!") repeat */

/* Runs every rule over text; fills out[] with the rules that fired, in rule
 * order, and returns how many (0: nothing to flag). */
size_t community_flags(const char *text, const struct community_context *ctx,
                       struct community_flag out[CR_COUNT]);

/* "link", "contact", ... (stored, in the API); -1 from parse when unknown. */
const char *community_rule_name(enum community_rule r);
int community_rule_parse(const char *s);
/* For people, translated: a short name and one sentence on what it looks for. */
const char *community_rule_label(enum community_rule r);
const char *community_rule_explain(enum community_rule r);

/* The brand and product names of the dilator catalogs (each line's name
 * and maker): an array of n strings the caller frees with
 * community_brands_free. */
struct catalog;
char **community_catalog_brands(const struct catalog *cat, size_t *n);
void community_brands_free(char **names, size_t n);
/* An operator's brand name: 2-60 bytes of text on one line. Field "brand". */
int community_brand_check(const char *name, struct pace_error *err);

/* ---- The evaluation on a labelled set (community_eval.c) ------------------ */

struct community_eval_counts {
    int flagged;     /* posts the rule flagged */
    int flagged_ads; /* of those, labelled "ad" */
};

struct community_eval {
    int posts, ads, genuine;
    int lang_posts[2], lang_ads[2], lang_genuine[2]; /* en, de */
    struct community_eval_counts rule[CR_COUNT];
    struct community_eval_counts any;     /* flagged by at least one rule */
    struct community_eval_counts lang[2]; /* the same, per language */
};

/* Reads a labelled set (JSON Lines: text, lang "en"|"de", label
 * "ad"|"genuine", optional account and new_account; see
 * tests/data/community/README.md) and runs the rules over every post in
 * order, adding to *ev (zero it first). name is used in messages:
 * "NAME:LINE: problem", PACE_EINVAL. */
int community_eval_jsonl(const char *name, const char *data, size_t len,
                         const struct community_context *base, struct community_eval *ev,
                         struct pace_error *err);
/* The labelled set compiled into pace: "dev" (the rules were written on it)
 * and "heldout" (kept aside). Ends with a zeroed entry. */
struct community_set {
    const char *name;
    const char *data;
    size_t len;
};
extern const struct community_set community_builtin_sets[];
/* Writes the figures as a plain table to out. */
void community_eval_format(const char *title, const struct community_eval *ev, struct buf *out);

#endif
