/*
 * practice.h - one practice session as Pace records it, and its strict
 * validation from and conversion to JSON (the API's field names).
 *
 * Pure: no I/O. "now" is passed in for the plausibility of timestamps.
 * Whether dilator_id is in her kit is checked by the caller, which knows
 * the kit; everything else about a record is checked here.
 */
#ifndef PACE_PRACTICE_H
#define PACE_PRACTICE_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PRACTICE_ID_LEN 36       /* UUID text form */
#define PRACTICE_NOTE_MAX 4000   /* characters */
#define PRACTICE_MAX_DURATION_S (4 * 3600)
#define PRACTICE_MAX_SPASMS 50
#define PRACTICE_MAX_SPASM_S 3600
#define PRACTICE_DILATOR_ID_MAX 64

enum temperature { TEMP_ROOM = 0, TEMP_WARM, TEMP_COOL, TEMP_COUNT };
enum lubricant { LUBE_NONE = 0, LUBE_WATER, LUBE_SILICONE, LUBE_OIL, LUBE_COUNT };
enum outcome { OUTCOME_COMPLETED = 0, OUTCOME_STOPPED, OUTCOME_NOT_TODAY, OUTCOME_COUNT };

/* Bit sets; the names in practice.c are the API's words. */
enum exercise {
    EX_BREATHING = 1 << 0,
    EX_RELAXATION = 1 << 1,
    EX_BODY_AWARENESS = 1 << 2,
    EX_EXPLORATION = 1 << 3,
    EX_FLEXIBILIZATION = 1 << 4,
};
enum helped {
    HELPED_BREATHING = 1 << 0,
    HELPED_WARMTH = 1 << 1,
    HELPED_MOVEMENT = 1 << 2,
    HELPED_PARTNER = 1 << 3,
    HELPED_OTHER = 1 << 4,
};
/* Why a check-in ended in "not today". */
enum safety {
    SAFETY_BLEEDING = 1 << 0,      /* bleeding other than light spotting */
    SAFETY_INFECTION = 1 << 1,     /* signs of infection */
    SAFETY_CLINICIAN_REST = 1 << 2, /* a clinician advised rest */
};

/* Fear, tension and pain, each 0-10; set is false when not given. */
struct scores {
    bool set;
    int fear;
    int tension;
    int pain;
};

struct spasm {
    int at_s;       /* seconds into the practice */
    int duration_s; /* how long until it eased */
};

struct practice {
    char id[PRACTICE_ID_LEN + 1]; /* "" until stored */
    int64_t started_at;           /* Unix seconds, UTC */
    int duration_s;
    char dilator_id[PRACTICE_DILATOR_ID_MAX + 1]; /* "" when none (not today) */
    double diameter_mm;                           /* 0 when none */
    enum temperature temperature;
    enum lubricant lubricant;
    bool with_partner;
    unsigned exercises; /* enum exercise bits */
    struct scores before;
    struct scores after;
    int max_pain; /* -1 when not given */
    struct spasm spasms[PRACTICE_MAX_SPASMS];
    size_t nspasms;
    enum outcome outcome;
    int felt_safe; /* 1 yes, 0 no, -1 not given */
    unsigned helped; /* enum helped bits */
    unsigned safety; /* enum safety bits */
    char *note;      /* owned; NULL or "" when none; free with practice_clear */
};

/* Sets every field to its "not given" value. */
void practice_init(struct practice *p);
/* Frees what p owns (the note) and re-initialises it. */
void practice_clear(struct practice *p);

/* Fills p from a JSON object, rejecting unknown keys, wrong types and
 * out-of-range values with a message and the field's path ("after.pain",
 * "spasms[2].duration_s"). "id" is ignored when present (the URL or the
 * store decides it). On error p is cleared. */
int practice_from_json(const json_t *j, int64_t now, struct practice *p, struct pace_error *err);
/* Checks a record built in code (e.g. from a form) with the same rules. */
int practice_validate(const struct practice *p, int64_t now, struct pace_error *err);
/* Returns a new JSON object with every field (the caller decrefs). */
json_t *practice_to_json(const struct practice *p);
struct buf;
/* The same JSON text json_dumps(practice_to_json(p), JSON_COMPACT |
 * JSON_ENSURE_ASCII) gives, written straight into b (lists of sessions). */
void practice_json_write(struct buf *b, const struct practice *p);

/* Names used in JSON and forms; NULL when out of range. */
const char *temperature_name(enum temperature t);
const char *lubricant_name(enum lubricant l);
const char *outcome_name(enum outcome o);
int temperature_parse(const char *s);
int lubricant_parse(const char *s);
int outcome_parse(const char *s);
/* Bit sets <-> lists of names: the i-th name of each set. */
extern const char *const exercise_names[];
extern const char *const helped_names[];
extern const char *const safety_names[];
#define EXERCISE_COUNT 5
#define HELPED_COUNT 5
#define SAFETY_COUNT 3

/* RFC 3339 timestamps ("2026-11-24T19:05:00Z", offsets allowed on input). */
int rfc3339_parse(const char *s, int64_t *out);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void rfc3339_format(int64_t t, char *out, size_t n);

#endif
