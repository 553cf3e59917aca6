/*
 * program.h - therapy programs as data (data/programs/, one JSON file
 * each, format in docs/programs.md): which engine rules a program changes,
 * the exercises it suggests, and its phases - from which week how many
 * sessions a week of how many minutes - every value with its source or
 * marked "Pace default" (and "assumed" where no source gives a number).
 *
 * Pure: the loader parses bytes it is given (core does no file I/O).
 */
#ifndef PACE_PROGRAM_H
#define PACE_PROGRAM_H

#include "core/engine.h"
#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROGRAM_FORMAT 1
#define PROGRAM_MAX_PHASES 12
#define PROGRAM_MAX_SOURCES 12
#define PROGRAM_MAX_WEEK 520    /* ten years */
#define PROGRAM_MAX_PER_WEEK 21 /* three a day */

/* What the program does with dilator sizes. */
enum program_dilator {
    PROGRAM_PROGRESS = 0, /* "progress": move up her sizes (the engine's try_next) */
    PROGRAM_KEEP,         /* "keep": keep the size she reached (stents, maintenance) */
    PROGRAM_NONE,         /* "none": no dilator at all (relaxation only) */
    PROGRAM_DILATOR_COUNT
};

struct program_rule {
    enum engine_param param;
    int value;
    char *source;
    bool assumed;
    char *note; /* NULL when none */
};

struct program_phase {
    int from_week;         /* weeks since she started the program, 0 first */
    int sessions_per_week; /* 1-21 */
    int minutes;           /* within the engine's "minutes" bounds */
    char *note;
    char *source;
    bool assumed;
};

struct program {
    char *id;
    char *name;        /* English; the UI translates */
    char *description; /* English */
    char *file;        /* where it came from, for messages */
    bool is_default;
    enum program_dilator dilator;
    char **sources;
    size_t nsources;
    struct program_rule *rules; /* overrides of the engine's defaults */
    size_t nrules;
    unsigned exercises;           /* enum exercise bits */
    struct program_phase *phases; /* from_week strictly increasing, first 0 */
    size_t nphases;
};

/* Parses one program from len bytes of JSON (file names it in messages).
 * Strict: unknown keys, missing or mistyped fields, unknown rule names,
 * rule values outside engine_params' bounds, phases whose from_week does
 * not increase, or more sessions a week than the rules allow a day fail
 * with PACE_EINVAL and "FILE: ENTRY: FIELD: problem" (err->field is
 * "ENTRY.FIELD"). On success *out is a new program to free with
 * program_free; on failure *out is NULL. */
int program_from_json(const char *file, const char *data, size_t len, struct program **out,
                      struct pace_error *err);
void program_free(struct program *p);

/* Whole weeks from started_at to now (negative before the start). */
int program_week(int64_t started_at, int64_t now);
/* The phase in effect in a week since the start; NULL before week 0. The
 * pointer lives as long as p. */
const struct program_phase *program_phase_at(const struct program *p, int week);
/* Fills r: the engine's defaults, then the program's overrides and
 * exercises, then the minutes of the phase for week (none when week < 0). */
void program_rules(const struct program *p, int week, struct engine_rules *r);
/* The frequency a phase implies, for people ("every day", "3 times a
 * week", "twice a day"), in the current language. */
void program_frequency(const struct program_phase *ph, char *out, size_t n);

/* "progress", "keep", "none"; parse returns -1 when unknown. */
const char *program_dilator_name(enum program_dilator d);
int program_dilator_parse(const char *s);

#endif
