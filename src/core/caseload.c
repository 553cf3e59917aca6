/*
 * caseload.c - one row of a clinician's caseload from her sessions
 * (clinic.h): when she last practised, her size now and four weeks ago,
 * fear and pain in the first and the last two of the four weeks, and the
 * flags that need a clinician's eye. The windows are Pace defaults; the
 * size of a change that counts follows Farrar et al. (Pain 2001: about two
 * points on a 0-10 scale).
 */
#include "core/clinic.h"

#include <string.h>

#define DAY INT64_C(86400)

const char *const caseload_flag_names[FLAG_COUNT] = {"see_clinician", "safety", "severe_pain",
                                                     "idle", "ending"};

static int session_pain(const struct practice *p)
{
    int v = p->max_pain;
    if (p->before.set && p->before.pain > v)
        v = p->before.pain;
    if (p->after.set && p->after.pain > v)
        v = p->after.pain;
    return v;
}

static int session_fear(const struct practice *p)
{
    return p->before.set ? p->before.fear : p->after.set ? p->after.fear : -1;
}

struct mean {
    double sum;
    int n;
};

static void add(struct mean *m, int v)
{
    if (v >= 0) {
        m->sum += v;
        m->n++;
    }
}

static double value(const struct mean *m)
{
    return m->n ? m->sum / m->n : -1;
}

void caseload_stats_compute(const struct practice *s, size_t n, int64_t now,
                            struct caseload_stats *out)
{
    memset(out, 0, sizeof *out);
    const int64_t recent = now - CASELOAD_RECENT_DAYS * DAY;
    const int64_t span = (int64_t)CASELOAD_TREND_WEEKS * 7 * DAY;
    const int64_t half = now - span / 2, start = now - span;
    struct mean fear_then = {0}, fear_now = {0}, pain_then = {0}, pain_now = {0};
    double oldest_in_window = 0;
    bool then_found = false;
    for (size_t i = 0; i < n; i++) {
        const struct practice *p = &s[i];
        bool practised = p->outcome != OUTCOME_NOT_TODAY;
        if (practised && out->last_practice == 0)
            out->last_practice = p->started_at;
        bool sized = practised && p->diameter_mm > 0;
        if (sized && out->size_now_mm == 0)
            out->size_now_mm = p->diameter_mm;
        if (sized && p->started_at <= start && !then_found) {
            out->size_then_mm = p->diameter_mm;
            then_found = true;
        }
        if (sized && p->started_at > start)
            oldest_in_window = p->diameter_mm;
        if (p->started_at > now || p->started_at <= start)
            continue;
        bool late = p->started_at > half;
        add(late ? &fear_now : &fear_then, session_fear(p));
        add(late ? &pain_now : &pain_then, session_pain(p));
        if (p->started_at > recent) {
            if (p->safety & (SAFETY_BLEEDING | SAFETY_INFECTION))
                out->flags |= FLAG_SAFETY;
            if (session_pain(p) >= ENGINE_SAFETY_PAIN)
                out->flags |= FLAG_SEVERE_PAIN;
        }
    }
    /* Without a session before the four weeks, her first size in them. */
    if (!then_found)
        out->size_then_mm = oldest_in_window;
    out->fear_then = value(&fear_then);
    out->fear_now = value(&fear_now);
    out->pain_then = value(&pain_then);
    out->pain_now = value(&pain_now);
    if (out->last_practice == 0 || now - out->last_practice >= CASELOAD_IDLE_DAYS * DAY)
        out->flags |= FLAG_IDLE;
}

int caseload_trend(double then, double now, double threshold)
{
    if (then < 0 || now < 0)
        return 0;
    if (now - then >= threshold - 1e-9)
        return 1;
    if (then - now >= threshold - 1e-9)
        return -1;
    return 0;
}

int caseload_urgency(unsigned flags)
{
    int u = 0;
    if (flags & FLAG_SAFETY)
        u += 16;
    if (flags & FLAG_SEVERE_PAIN)
        u += 16;
    if (flags & FLAG_SEE_CLINICIAN)
        u += 8;
    if (flags & FLAG_IDLE)
        u += 4;
    if (flags & FLAG_ENDING)
        u += 2;
    return u;
}
