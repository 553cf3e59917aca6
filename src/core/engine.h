/*
 * engine.h - the pace engine: from her program's rules, her kit and her
 * sessions, one suggestion for the next session, with the reasons in her
 * own numbers. Pure and deterministic: "now" is passed in, nothing is read
 * or written.
 *
 * Order of the rules: safety first (see a clinician), then rest, a long
 * pause (restart one size down), a hard last session (step back), enough
 * comfortable sessions (try the next size in her kit), else stay. A
 * program that keeps her size never gets try_next; one without a dilator
 * gets the safety rules, rest, and no size.
 */
#ifndef PACE_ENGINE_H
#define PACE_ENGINE_H

#include "core/i18n.h" /* N_ for ENGINE_SAFETY_SOURCE */
#include "core/practice.h"
#include "core/tz.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum engine_action {
    ACTION_STAY = 0,
    ACTION_TRY_NEXT,
    ACTION_STEP_BACK,
    ACTION_REST,
    ACTION_SEE_CLINICIAN,
    ACTION_COUNT
};

/* One rule parameter with its bounds and its source. The defaults are in
 * engine.c; every one is adjustable within [min, max]. */
enum engine_param {
    P_COMFORT_PAIN_MAX = 0, /* pain at most this counts as comfortable */
    P_COMFORT_FEAR_MAX,     /* fear at most this counts as comfortable */
    P_COMFORT_SESSIONS,     /* this many comfortable sessions ... */
    P_COMFORT_WINDOW_DAYS,  /* ... within this many days: try the next size */
    P_REQUIRE_MOVEMENT,     /* 1: flexibilization must be done to count */
    P_STEP_BACK_PAIN,       /* pain at least this: step back */
    P_STEP_BACK_SPASM_S,    /* a spasm longer than this: step back */
    P_CLINICIAN_PAIN,       /* pain at least this: see a clinician */
    P_PAUSE_DAYS,           /* no practice for longer: restart one size down */
    P_MAX_PER_DAY,          /* sessions a day before suggesting rest */
    P_MINUTES,              /* suggested practice minutes */
    P_PARAM_COUNT
};

struct engine_param_info {
    const char *name;    /* API / data-file key */
    const char *label;   /* for people, translatable (N_) */
    int def, min, max;
    const char *source;  /* reference, or "Pace default" */
    bool safety;         /* a safety stop: max is its ceiling, it may only move stricter */
    const char *bounds_source; /* where min and max come from (N_), NULL: Pace default */
};

/* The safety stop for pain (CLINICAL.md, Safety: pain >= 8 means pause and
 * contact a clinician). P_CLINICIAN_PAIN may be set lower, never higher:
 * the engine applies at most this value whatever the rules say. */
#define ENGINE_SAFETY_PAIN 8

extern const struct engine_param_info engine_params[P_PARAM_COUNT];

struct engine_rules {
    int v[P_PARAM_COUNT];
    unsigned exercises; /* enum exercise bits to suggest */
};

/* An item of her kit, sorted by diameter (smallest first). */
struct engine_item {
    const char *id;
    const char *label;
    double diameter_mm;
    bool adjustable;   /* one device covering min_mm..max_mm in step_mm */
    double min_mm, max_mm, step_mm;
    const char *line;  /* its catalog line (or her own items' line); may be NULL */
    bool stent;        /* keeps a size; never a step up or down */
    bool placeholder;  /* its diameter is not known at all: never suggested as a size */
    bool assumed;      /* its diameter is assumed; its order within its line is known */
};

/* What her program does with dilator sizes (program.h's dilator_use). */
enum engine_dilator_use {
    ENGINE_PROGRESS = 0, /* move up her sizes: try_next when she is ready */
    ENGINE_KEEP,         /* keep the size she reached: never try_next */
    ENGINE_NO_DILATOR,   /* breathing and relaxation only: no size at all */
};

struct engine_input {
    struct engine_rules rules;
    enum engine_dilator_use dilator_use; /* 0: progress */
    const struct engine_item *kit;
    size_t nkit;
    const struct practice *sessions; /* newest first */
    size_t nsessions;
    int64_t now;
    const struct tz_zone *zone; /* hers, for "today" (not owned; NULL: UTC) */
};

#define ENGINE_MAX_REASONS 6
#define ENGINE_MAX_CITED 8

/* Where the safety answers come from (they are not adjustable rules). */
#define ENGINE_SAFETY_SOURCE                                                                       \
    N_("Safety guidance: no practice with an infection, unexplained bleeding or when a "          \
       "clinician advised rest; heavy bleeding or severe pain: stop and contact a clinician")

struct engine_reason {
    enum engine_param rule; /* the rule this reason satisfies */
    bool safety;            /* a safety answer she gave, not an adjustable rule */
    char text[320];         /* a plain sentence in her numbers (current language) */
    const char *cited[ENGINE_MAX_CITED]; /* ids of the sessions it rests on */
    size_t ncited;
};

struct recommendation {
    enum engine_action action;
    const char *dilator_id; /* points into the kit; NULL when none */
    double diameter_mm;     /* for adjustable devices, the setting */
    int minutes;
    unsigned exercises;
    struct engine_reason reasons[ENGINE_MAX_REASONS];
    size_t nreasons;
};

void engine_rules_default(struct engine_rules *r);
/* Index of a parameter by name, or -1. */
int engine_param_find(const char *name);
/* Checks value against the parameter's bounds: 0 or PACE_EINVAL. */
int engine_param_check(enum engine_param p, int value, struct pace_error *err);

/* Fills out; never fails (an empty kit or history has an answer too). */
void engine_recommend(const struct engine_input *in, struct recommendation *out);

/* Her comfortable size: the largest diameter of a session among
 * in->sessions that counts as comfortable under in->rules (the same test
 * as for moving up); 0 when there is none. */
double engine_comfortable_mm(const struct engine_input *in);

const char *engine_action_name(enum engine_action a);

#endif
