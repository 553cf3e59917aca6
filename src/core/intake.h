/*
 * intake.h - her intake self-assessment, pure: what she tells Pace about
 * how it started, which situations are hard today, what is possible, where
 * and when it hurts, what she has tried, whether a clinician has checked
 * for physical causes, and her goals. In Pace's own words: no items from
 * licensed questionnaires. It is "what you told Pace", never a diagnosis.
 * Stored sealed as one JSON object (intake_to_json / intake_from_json).
 */
#ifndef PACE_INTAKE_H
#define PACE_INTAKE_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INTAKE_TEXT_MAX 500 /* characters of each free text */
#define INTAKE_TEXT_BYTES (INTAKE_TEXT_MAX * 4 + 1)

enum intake_onset { ONSET_UNSET = 0, ONSET_ALWAYS, ONSET_AFTER, ONSET_COUNT };
enum intake_checked { CHECKED_UNSET = 0, CHECKED_YES, CHECKED_NO, CHECKED_NOT_SURE, CHECKED_COUNT };

/* Situations that can be hard (bits of intake.hard). */
enum intake_situation {
    SIT_TAMPON = 0,
    SIT_FINGER,
    SIT_SWAB,
    SIT_EXAM,
    SIT_DILATOR,
    SIT_INTERCOURSE,
    SIT_OTHER,
    SIT_COUNT
};
/* What she has tried (bits of intake.tried). */
enum intake_treatment {
    TRIED_DILATORS = 0,
    TRIED_PHYSIO,
    TRIED_THERAPY,
    TRIED_MEDICATION,
    TRIED_OTHER,
    TRIED_COUNT
};

struct intake {
    enum intake_onset onset;
    char onset_note[INTAKE_TEXT_BYTES]; /* private: what it started after */
    unsigned hard;                      /* enum intake_situation bits */
    char possible[INTAKE_TEXT_BYTES];   /* what is possible today */
    char pain_where[INTAKE_TEXT_BYTES];
    char pain_when[INTAKE_TEXT_BYTES];
    unsigned tried; /* enum intake_treatment bits */
    char tried_note[INTAKE_TEXT_BYTES];
    enum intake_checked checked;
    char goals[INTAKE_TEXT_BYTES];
    int64_t updated_at;
};

extern const char *const intake_situation_names[SIT_COUNT];
extern const char *const intake_treatment_names[TRIED_COUNT];
extern const char *const intake_onset_names[ONSET_COUNT];
extern const char *const intake_checked_names[CHECKED_COUNT];
/* Her words for each (translated). */
const char *intake_situation_label(int i);
const char *intake_treatment_label(int i);
const char *intake_onset_label(int i);
const char *intake_checked_label(int i);
/* The index of name in names, or -1. */
int intake_name_find(const char *const *names, int count, const char *name);

/* Checks every free text (plain text, at most INTAKE_TEXT_MAX characters;
 * field named after the member). Every answer may stay empty. */
int intake_check(const struct intake *in, struct pace_error *err);
/* {"onset", "onset_note", "hard": [...], "possible", "pain_where",
 * "pain_when", "tried": [...], "tried_note", "checked", "goals"}; the
 * caller decrefs. */
json_t *intake_to_json(const struct intake *in);
/* Reads that object strictly (unknown keys and values refused) and checks
 * it; out is zeroed first. */
int intake_from_json(const json_t *j, struct intake *out, struct pace_error *err);
/* True when she said a clinician has not checked for physical causes. */
bool intake_suggest_check(const struct intake *in);
/* True when nothing was answered. */
bool intake_empty(const struct intake *in);

#endif
