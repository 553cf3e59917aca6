/*
 * exam.h - the plan for a gynaecological visit: what she can ask for, which
 * dilator to bring (the size of her most recent completed session with low
 * pain, else the smallest in her kit), and the small-speculum comparison.
 * Pure: the caller passes her sessions and kit.
 */
#ifndef PACE_EXAM_H
#define PACE_EXAM_H

#include "core/kit.h"
#include "core/practice.h"

#include <jansson.h>

#include <stddef.h>
#include <stdint.h>

/* A small (Pederson) speculum's blade is about 2 cm wide (CLINICAL.md,
 * "Goals as diameters": consumer sources only, approximate). */
#define EXAM_SPECULUM_SMALL_MM 20

/* What she can ask for, in her words to the clinician. */
enum exam_request {
    EXAM_SLOW = 0,
    EXAM_EXPLAIN,
    EXAM_MIRROR,
    EXAM_GUIDE,
    EXAM_STOP_WORD,
    EXAM_SMALL_SPECULUM,
    EXAM_REQUEST_COUNT
};
/* The API key ("stop_word") and the sentence (marked with N_ for _()). */
const char *exam_request_key(enum exam_request q);
const char *exam_request_text(enum exam_request q);

enum exam_bring_source {
    EXAM_BRING_NONE = 0, /* no sessions to go by and an empty kit */
    EXAM_BRING_SESSION,  /* her most recent completed session with low pain */
    EXAM_BRING_SMALLEST, /* the smallest dilator in her kit */
};

struct exam_bring {
    enum exam_bring_source source;
    double diameter_mm;
    const char *dilator_id;          /* points into the session or the kit */
    const struct kit_entry *entry;   /* her kit's entry for it, when there is one */
    const struct practice *session;  /* EXAM_BRING_SESSION: the session it rests on */
    int pain;                        /* that session's pain, 0-10 */
};

/* The highest pain she gave for a session (during or after), or -1. */
int exam_session_pain(const struct practice *p);
/* Picks what to bring. sessions newest first; kit sorted by diameter
 * (kit_resolve); pain_max is the highest pain that counts as low. Only
 * completed sessions with a dilator and a pain score count. */
void exam_pick_bring(const struct practice *sessions, size_t n, const struct kit_entry *kit,
                     size_t nkit, int pain_max, struct exam_bring *out);
/* The source's API word: "recent_session", "smallest_in_kit", "none". */
const char *exam_bring_source_name(enum exam_bring_source s);

/* Her own words for the exam: the standard requests she took out, up to
 * EXAM_OWN_MAX requests of her own, and the stop word she will use. */
#define EXAM_OWN_MAX 5
#define EXAM_OWN_CHARS 200
#define EXAM_STOP_WORD_CHARS 40
struct exam_words {
    unsigned removed; /* bits 1 << enum exam_request */
    char own[EXAM_OWN_MAX][EXAM_OWN_CHARS * 4 + 1];
    size_t nown;
    char stop_word[EXAM_STOP_WORD_CHARS * 4 + 1];
    int64_t prepared_at; /* when she first saved them; 0: never */
};
/* Checks w: 0, or PACE_EINVAL naming the field ("own", "own[2]",
 * "stop_word", "removed"). */
int exam_words_check(const struct exam_words *w, struct pace_error *err);
/* Her requests and stop word as one JSON object {"own": [...],
 * "stop_word": "..."} (a new reference), and back (strictly; 0 or
 * PACE_EINVAL). */
json_t *exam_words_json(const struct exam_words *w);
int exam_words_from_json(const json_t *j, struct exam_words *w, struct pace_error *err);

#endif
