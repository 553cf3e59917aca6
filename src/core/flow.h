/*
 * flow.h - the guided practice session as a state machine.
 *
 *   check-in -> prepare -> relax -> practice <-> spasm relief -> check-out -> summary
 *        |\-> not today (safety answers)
 *         \-> a hard moment (very high check-in scores) -> breathing alone (relax),
 *                                                       -> rest today (not today),
 *                                                       -> prepare anyway (unless pain
 *                                                          is at the safety stop)
 *
 * "Stop" is allowed from every step before check-out and leads to check-out
 * with the outcome "stopped": a valid result, never a failure. The state
 * (including the record being built) is kept by the caller between requests
 * (server-side), so a reload in any step continues where she was. Pure:
 * times are passed in.
 */
#ifndef PACE_FLOW_H
#define PACE_FLOW_H

#include "core/practice.h"

enum flow_step {
    FLOW_CHECKIN = 0,
    FLOW_NOT_TODAY,
    FLOW_PREPARE,
    FLOW_RELAX,
    FLOW_PRACTICE,
    FLOW_SPASM,
    FLOW_CHECKOUT,
    FLOW_SUMMARY,
    FLOW_HARD, /* very high check-in scores: gentler choices first */
    FLOW_STEP_COUNT
};

enum flow_event {
    FEV_CHECKIN = 0, /* check-in answered, safe to go on */
    FEV_UNSAFE,      /* a safety answer said "not today" */
    FEV_PREPARED,    /* dilator, lubricant and temperature chosen */
    FEV_RELAXED,     /* breathing done or skipped: practice starts */
    FEV_SPASM,       /* "tensing / spasm" pressed */
    FEV_EASED,       /* "it's easing" */
    FEV_DONE,        /* practice time over, or she finished */
    FEV_STOP,        /* stop, from any step before check-out */
    FEV_CHECKOUT,    /* check-out answered: the record is complete */
    FEV_BACK,        /* one step back (prepare -> check-in, relax -> prepare) */
    FEV_GENTLE,      /* a hard moment: breathing and relaxation alone */
    FEV_REST,        /* a hard moment: rest today (saved as "not today") */
    FEV_ANYWAY,      /* a hard moment: go on to prepare a dilator after all */
    FEV_COUNT
};

enum breathing_pattern { BREATH_RESONANCE = 0, BREATH_BOX, BREATH_478, BREATH_COUNT };

#define FLOW_DEFAULT_PRACTICE_S (10 * 60) /* Pace default, adjustable 1-60 min */
#define FLOW_DEFAULT_RELAX_S (2 * 60)     /* Pace default: the breathing pacer's length */
/* Breathing this long before the practice records breathing and relaxation
 * as done (Pace default: BIEN suggests five slow breaths, about 30 s at six
 * breaths a minute, before inserting; CLINICAL.md). */
#define FLOW_RELAX_COUNTS_S 30
/* A check-in this hard offers gentler choices before a dilator (Pace
 * defaults): fear or tension at least 8 of 10, or pain at least 6 (the
 * engine's default pain for stepping back). Pain at the safety stop (8, or
 * her stricter rule) rules out a dilator today. */
#define FLOW_HARD_FEAR 8
#define FLOW_HARD_TENSION 8
#define FLOW_HARD_PAIN 6

struct flow {
    enum flow_step step;
    struct practice rec;    /* the session being built; owned */
    int64_t created_at;     /* when the check-in began */
    int64_t relax_started_at;
    int64_t practice_started_at;
    int64_t spasm_started_at; /* 0 when no spasm is running */
    int planned_s;            /* the practice timer, 60-3600 */
    int relax_s;              /* the breathing pacer, 0-1200 */
    enum breathing_pattern pattern;
    bool without_dilator; /* she chose breathing and relaxation alone */
    int pain_stop;        /* her pain stop (engine's P_CLINICIAN_PAIN, at most 8); not
                           * stored: the caller sets it from her rules before flow_apply */
};

/* True when check-in scores are hard enough for gentler choices first. */
bool flow_checkin_hard(const struct scores *before);
/* True when the check-in pain is at her stop (f->pain_stop, or 8). */
bool flow_checkin_at_stop(const struct flow *f);

void flow_init(struct flow *f, int64_t now);
void flow_clear(struct flow *f);

/* True when ev is allowed in step (the transition table). */
bool flow_allows(enum flow_step step, enum flow_event ev);
/* Applies ev at now: checks the step's requirements on f->rec (check-in
 * scores, safety answers, a dilator...), updates times, durations, spasms
 * and the outcome, and moves to the next step. PACE_EINVAL with a message
 * (and f unchanged) when ev is not allowed or a requirement is missing. */
int flow_apply(struct flow *f, enum flow_event ev, int64_t now, struct pace_error *err);

/* Seconds of practice so far (0 before it starts), capped at the maximum. */
int flow_practice_elapsed(const struct flow *f, int64_t now);

/* Persisting the state between requests. */
json_t *flow_to_json(const struct flow *f);
int flow_from_json(const json_t *j, struct flow *f, struct pace_error *err);

const char *flow_step_name(enum flow_step s);
int flow_step_parse(const char *s);
const char *flow_event_name(enum flow_event e);
int flow_event_parse(const char *s);
const char *breathing_name(enum breathing_pattern b);
int breathing_parse(const char *s);

#endif
