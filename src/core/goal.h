/*
 * goal.h - what she is working towards (a tampon, a menstrual cup,
 * applying a cream, a gynaecological exam, intercourse) as approximate
 * diameter ranges with their sources (data/goals.json, format in
 * docs/programs.md), and how far her comfortable size is from one.
 *
 * Progress is shown as ranges in whole millimetres, never as a precise
 * number: the diameters are approximate, and a size alone never says she
 * is "ready". Pure: the loader parses bytes it is given.
 */
#ifndef PACE_GOAL_H
#define PACE_GOAL_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>

#define GOAL_FORMAT 1
#define GOAL_MAX 32
#define GOAL_MM_MIN 1.0
#define GOAL_MM_MAX 80.0

struct goal {
    char *id;
    char *name; /* English; the UI translates */
    double min_mm, max_mm;
    char *source;
    bool assumed;
    char *note; /* NULL when none */
};

struct goals {
    struct goal *items; /* in file order */
    size_t n;
    char *file;
};

/* Parses the goals file from len bytes of JSON (file names it in
 * messages). Strict like the program loader: unknown keys, missing or
 * mistyped fields, duplicate ids, ranges outside 1-80 mm or with min above
 * max, and assumed values without "Pace default" and a note fail with
 * PACE_EINVAL and "FILE: ENTRY: FIELD: problem". On success *out is new
 * (free with goals_free); on failure it is NULL. */
int goals_from_json(const char *file, const char *data, size_t len, struct goals **out,
                    struct pace_error *err);
void goals_free(struct goals *g);
/* NULL when absent; the pointer lives as long as g. */
const struct goal *goals_find(const struct goals *g, const char *id);

enum goal_position {
    GOAL_UNKNOWN = 0, /* no comfortable size yet */
    GOAL_BELOW,
    GOAL_WITHIN,
    GOAL_ABOVE,
};

/* Where her comfortable diameter is against a goal's range, in whole
 * millimetres: below, near_mm..far_mm to the range's near and far ends
 * (at least 1); within, both 0; above, near_mm past its top end (at least
 * 1) and far_mm past its bottom end. */
struct goal_progress {
    enum goal_position pos;
    int near_mm;
    int far_mm;
};

/* comfortable_mm <= 0 means she has no comfortable size yet. */
struct goal_progress goal_progress(const struct goal *g, double comfortable_mm);
/* One sentence for people, in the current language ("About 6 to 13 mm to
 * go: intercourse is about 34-41 mm."). */
void goal_progress_text(const struct goal *g, const struct goal_progress *p, char *out, size_t n);
/* "below", "within", "above", "unknown" for the API. */
const char *goal_position_name(enum goal_position pos);

#endif
