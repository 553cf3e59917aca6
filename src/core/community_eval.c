/*
 * community_eval.c - how well the flag rules do on a labelled set of posts:
 * per rule and overall, how many posts were flagged and how many of those
 * were labelled advertising (precision), and how many of the advertising
 * posts were flagged at all (recall). The set is JSON Lines
 * (tests/data/community/README.md); posts are read in order, so the
 * duplicate rule sees the same text from other accounts earlier in the file,
 * as a moderator would.
 */
#include "core/community.h"
#include "core/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seen {
    char *folded;
    char *account;
};

static int bad(struct pace_error *err, const char *name, size_t line, const char *what)
{
    return pace_fail(err, PACE_EINVAL, NULL, "%s:%zu: %s", name, line, what);
}

/* Other accounts that posted folded before. */
static int others(const struct seen *s, size_t n, const char *folded, const char *account)
{
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s[i].folded, folded) != 0 || strcmp(s[i].account, account) == 0)
            continue;
        bool counted = false;
        for (size_t k = 0; k < i && !counted; k++)
            counted = strcmp(s[k].folded, folded) == 0 && strcmp(s[k].account, s[i].account) == 0;
        count += !counted;
    }
    return count;
}

static int one_line(const char *name, size_t lineno, json_t *o,
                    const struct community_context *base, struct seen **seen, size_t *nseen,
                    struct community_eval *ev, struct pace_error *err)
{
    if (!json_is_object(o))
        return bad(err, name, lineno, "not a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        if (strcmp(key, "text") && strcmp(key, "lang") && strcmp(key, "label") &&
            strcmp(key, "account") && strcmp(key, "new_account"))
            return bad(err, name, lineno, "unknown key (text, lang, label, account, new_account)");
    }
    const char *text = json_string_value(json_object_get(o, "text"));
    const char *lang = json_string_value(json_object_get(o, "lang"));
    const char *label = json_string_value(json_object_get(o, "label"));
    json_t *acc = json_object_get(o, "account"), *na = json_object_get(o, "new_account");
    if (!text || !*text)
        return bad(err, name, lineno, "\"text\" must be a non-empty string");
    int li = lang && strcmp(lang, "en") == 0 ? 0 : lang && strcmp(lang, "de") == 0 ? 1 : -1;
    if (li < 0)
        return bad(err, name, lineno, "\"lang\" must be \"en\" or \"de\"");
    bool ad = label && strcmp(label, "ad") == 0;
    if (!ad && !(label && strcmp(label, "genuine") == 0))
        return bad(err, name, lineno, "\"label\" must be \"ad\" or \"genuine\"");
    if (acc && !json_is_string(acc))
        return bad(err, name, lineno, "\"account\" must be a string");
    if (na && !json_is_boolean(na))
        return bad(err, name, lineno, "\"new_account\" must be true or false");
    char own[32];
    snprintf(own, sizeof own, "line-%zu", lineno);
    const char *account = acc ? json_string_value(acc) : own;

    struct community_context ctx = base ? *base : (struct community_context){0};
    ctx.new_account = na && json_is_true(na);
    char *folded = community_fold(text);
    ctx.same_text_accounts = others(*seen, *nseen, folded, account);
    *seen = xrealloc(*seen, (*nseen + 1) * sizeof **seen);
    (*seen)[(*nseen)++] = (struct seen){folded, xstrdup(account)};

    struct community_flag flags[CR_COUNT];
    size_t nf = community_flags(text, &ctx, flags);
    ev->posts++;
    ev->ads += ad;
    ev->genuine += !ad;
    ev->lang_posts[li]++;
    ev->lang_ads[li] += ad;
    ev->lang_genuine[li] += !ad;
    for (size_t i = 0; i < nf; i++) {
        ev->rule[flags[i].rule].flagged++;
        ev->rule[flags[i].rule].flagged_ads += ad;
    }
    if (nf > 0) {
        ev->any.flagged++;
        ev->any.flagged_ads += ad;
        ev->lang[li].flagged++;
        ev->lang[li].flagged_ads += ad;
    }
    return 0;
}

int community_eval_jsonl(const char *name, const char *data, size_t len,
                         const struct community_context *base, struct community_eval *ev,
                         struct pace_error *err)
{
    struct seen *seen = NULL;
    size_t nseen = 0, lineno = 0;
    int rc = 0;
    const char *p = data, *end = data + len;
    while (rc == 0 && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        bool blank = true;
        for (size_t i = 0; i < n && blank; i++)
            blank = p[i] == ' ' || p[i] == '\r' || p[i] == '\t';
        if (!blank) {
            if (!str_valid_text(p, n)) {
                rc = bad(err, name, lineno, "not valid UTF-8 text");
                break;
            }
            json_error_t je;
            json_t *o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
            if (!o) {
                char what[200];
                snprintf(what, sizeof what, "not valid JSON (%s)", je.text);
                rc = bad(err, name, lineno, what);
                break;
            }
            rc = one_line(name, lineno, o, base, &seen, &nseen, ev, err);
            json_decref(o);
        }
        p += n + (nl != NULL);
    }
    for (size_t i = 0; i < nseen; i++) {
        free(seen[i].folded);
        free(seen[i].account);
    }
    free(seen);
    return rc;
}

static void pct(struct buf *out, int num, int den)
{
    if (den == 0)
        buf_printf(out, "%8s", "-");
    else
        buf_printf(out, "%7.1f%%", 100.0 * num / den);
}

void community_eval_format(const char *title, const struct community_eval *ev, struct buf *out)
{
    buf_printf(out, "%s: %d posts (%d ad, %d genuine)\n", title, ev->posts, ev->ads, ev->genuine);
    buf_printf(out, "%-18s %7s %7s %9s %8s\n", "rule", "flagged", "of ads", "precision", "recall");
    for (int r = 0; r <= CR_COUNT; r++) {
        const struct community_eval_counts *c = r < CR_COUNT ? &ev->rule[r] : &ev->any;
        buf_printf(out, "%-18s %7d %7d  ", r < CR_COUNT ? community_rule_name(r) : "any rule",
                   c->flagged, c->flagged_ads);
        pct(out, c->flagged_ads, c->flagged);
        buf_puts(out, " ");
        pct(out, c->flagged_ads, ev->ads);
        buf_puts(out, "\n");
    }
    int fp = ev->any.flagged - ev->any.flagged_ads;
    buf_printf(out, "recall of ads %d/%d (%.1f%%), genuine posts flagged %d/%d (%.1f%%)\n",
               ev->any.flagged_ads, ev->ads, ev->ads ? 100.0 * ev->any.flagged_ads / ev->ads : 0.0,
               fp, ev->genuine, ev->genuine ? 100.0 * fp / ev->genuine : 0.0);
    static const char *const langs[2] = {"en", "de"};
    for (int l = 0; l < 2; l++) {
        int lfp = ev->lang[l].flagged - ev->lang[l].flagged_ads;
        buf_printf(out, "  %s: recall %d/%d, genuine flagged %d/%d\n", langs[l],
                   ev->lang[l].flagged_ads, ev->lang_ads[l], lfp, ev->lang_genuine[l]);
    }
}
