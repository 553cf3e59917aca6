/*
 * ladder.h - the comfort ladder (after Pacik's self-evaluation chart): for
 * six things, from a tampon to intercourse, how anxious she feels and how
 * painful it is, each 0-10, or "not tried yet". Taken at the start and
 * offered again every LADDER_DUE_DAYS; every entry is kept, so she can see
 * how the ladder changes.
 *
 * Pure: the items and their names, strict validation from JSON (the API
 * and storage) and from form text (the /ladder page), and whether a new
 * entry is due. "now" is passed in.
 */
#ifndef PACE_LADDER_H
#define PACE_LADDER_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* In the order of the chart: from the least to the most demanding. */
enum ladder_item {
    LADDER_TAMPON = 0,
    LADDER_COTTON_SWAB,
    LADDER_FINGER,
    LADDER_GYN_EXAM,
    LADDER_DILATOR,
    LADDER_INTERCOURSE,
    LADDER_COUNT
};

/* A new entry is offered this many days after the last one (Pace default:
 * no source gives an interval; "monthly" is the product's choice). */
#define LADDER_DUE_DAYS 30

/* One item's answers. An item with nothing given was skipped. */
struct ladder_answer {
    int anxiety;    /* 0-10, -1 when not given */
    int pain;       /* 0-10, -1 when not given (always -1 when not_tried) */
    bool not_tried; /* she has not tried this yet */
};

struct ladder_entry {
    int64_t id;       /* 0 until stored */
    int64_t taken_at; /* Unix seconds, UTC */
    struct ladder_answer a[LADDER_COUNT];
};

/* Every answer "not given", id and taken_at 0. */
void ladder_entry_init(struct ladder_entry *e);
/* The API and form key ("cotton_swab"), or NULL when out of range. */
const char *ladder_item_name(enum ladder_item i);
/* The words for people, to pass through _() (marked with N_). */
const char *ladder_item_label(enum ladder_item i);
/* The item for a key, or -1. */
int ladder_item_parse(const char *name);
/* True when she answered anything for this item. */
bool ladder_answer_given(const struct ladder_answer *a);
/* Number of items she answered. */
int ladder_answered(const struct ladder_entry *e);

/* Checks ranges, "not tried" without a pain score, and that at least one
 * item is answered. 0 or PACE_EINVAL with err->field such as
 * "items.finger.pain" or "items". */
int ladder_validate(const struct ladder_entry *e, struct pace_error *err);

/* Fills out's answers from the API body {"items": {"finger": {"anxiety":
 * 3, "pain": 2}, "intercourse": {"not_tried": true, "anxiety": 8}, ...}}:
 * unknown keys, wrong types and out-of-range values are refused with the
 * field's path; items left out count as skipped. Then ladder_validate. */
int ladder_from_json(const json_t *body, struct ladder_entry *out, struct pace_error *err);
/* The same for the items object alone (as stored). */
int ladder_items_from_json(const json_t *items, struct ladder_entry *out,
                           struct pace_error *err);
/* From the /ladder form: per item, the anxiety text ("" or NULL: not given,
 * "0".."10") and the pain text (the same, or "not_tried"). Errors name the
 * JSON path as ladder_from_json does. */
int ladder_from_text(const char *const anxiety[LADDER_COUNT], const char *const pain[LADDER_COUNT],
                     struct ladder_entry *out, struct pace_error *err);

/* {"tampon": {"anxiety": 3|null, "pain": 2|null, "not_tried": false}, ...}
 * with all six items; a new reference the caller decrefs. */
json_t *ladder_items_json(const struct ladder_entry *e);
/* {"id", "taken_at" (RFC 3339), "items"}; a new reference. */
json_t *ladder_entry_json(const struct ladder_entry *e);

/* Whether a new entry is offered: none yet (last_taken_at 0), or the last
 * one LADDER_DUE_DAYS or more ago. */
bool ladder_due(int64_t last_taken_at, int64_t now);
/* When the next entry is offered: 0 (now) when there is none yet. */
int64_t ladder_next_due(int64_t last_taken_at);

#endif
