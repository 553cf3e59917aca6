/*
 * community_priv.h - what the community's files in core share: a scan of a
 * post's text (a lowercased copy with the same byte offsets) and the hits
 * a rule collects. Only src/core/community*.c include this.
 */
#ifndef PACE_COMMUNITY_PRIV_H
#define PACE_COMMUNITY_PRIV_H

#include "core/community.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cscan {
    const char *orig; /* the post */
    char *low;        /* lowercased, same length and offsets */
    size_t len;
};

void cscan_init(struct cscan *s, const char *text);
void cscan_free(struct cscan *s);
/* Lowercases ASCII and Latin-1 capitals (two bytes in UTF-8) in place;
 * the length never changes. */
void cscan_lower(char *p, size_t n);
/* Whether the character at byte i is part of a word: ASCII letters and
 * digits, and letters beyond ASCII (punctuation such as typographic quotes,
 * dashes and currency signs is not). */
bool cscan_word_at(const struct cscan *s, size_t i);
/* Matches pattern at byte i (see community_rules.c for the pattern
 * language); the end of the match, or 0. */
size_t cscan_match(const struct cscan *s, size_t i, const char *pattern);
/* The first match at or after from: its start (SIZE_MAX when none), and
 * its end in *end when end is not NULL. */
size_t cscan_find(const struct cscan *s, const char *pattern, size_t from, size_t *end);
/* The end of the whitespace-free token starting at i, without trailing
 * punctuation. */
size_t cscan_token_end(const struct cscan *s, size_t i);
/* Whether n bytes of low (already lowercase) equal name, ignoring case. */
bool cscan_same_lower(const char *low, const char *name, size_t n);

/* What one rule found: how often, and up to three distinct words. */
#define CHITS_SHOWN 3
struct chits {
    int count;
    int shown;
    char w[CHITS_SHOWN][48];
};
/* Records the post's bytes [a, b) as a hit. */
void chits_add(struct chits *h, const struct cscan *s, size_t a, size_t b);
/* Every match of pattern is a hit. */
void cscan_find_all(const struct cscan *s, const char *pattern, struct chits *h);
/* Adds from's words and count to h. */
void chits_merge(struct chits *h, const struct chits *from);
/* The words as "a", "b", "c" into out. */
void chits_join(const struct chits *h, char *out, size_t n);
/* Like cscan_find, for a literal lowercase name (a brand) with word
 * boundaries at both ends. */
size_t cscan_find_plain(const struct cscan *s, const char *name, size_t from, size_t *end);

#endif
