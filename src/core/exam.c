/*
 * exam.c - what the plan for a gynaecological visit asks for, and which
 * dilator it suggests bringing. See exam.h.
 */
#include "core/exam.h"

#include "core/i18n.h"

#include <string.h>

static const char *const keys[EXAM_REQUEST_COUNT] = {
    [EXAM_SLOW] = "slow",
    [EXAM_EXPLAIN] = "explain",
    [EXAM_MIRROR] = "mirror",
    [EXAM_GUIDE] = "guide",
    [EXAM_STOP_WORD] = "stop_word",
};

static const char *const texts[EXAM_REQUEST_COUNT] = {
    [EXAM_SLOW] = N_("Please go slowly and give me time to breathe between steps."),
    [EXAM_EXPLAIN] = N_("Please tell me what you are going to do before each step, and wait "
                        "until I say I am ready."),
    [EXAM_MIRROR] = N_("I would like to sit up a little and watch in a mirror."),
    [EXAM_GUIDE] = N_("I would like to guide the gloved finger or the speculum in myself."),
    [EXAM_STOP_WORD] = N_("We agree on a stop word. When I say it, you stop straight away, and "
                          "we only go on if I want to."),
};

const char *exam_request_key(enum exam_request q)
{
    return (unsigned)q < EXAM_REQUEST_COUNT ? keys[q] : NULL;
}

const char *exam_request_text(enum exam_request q)
{
    return (unsigned)q < EXAM_REQUEST_COUNT ? texts[q] : NULL;
}

int exam_session_pain(const struct practice *p)
{
    int pain = p->max_pain;
    if (p->after.set && p->after.pain > pain)
        pain = p->after.pain;
    return pain;
}

static const struct kit_entry *kit_find(const struct kit_entry *kit, size_t nkit, const char *id)
{
    for (size_t i = 0; id && i < nkit; i++)
        if (strcmp(kit[i].id, id) == 0)
            return &kit[i];
    return NULL;
}

void exam_pick_bring(const struct practice *sessions, size_t n, const struct kit_entry *kit,
                     size_t nkit, int pain_max, struct exam_bring *out)
{
    memset(out, 0, sizeof *out);
    out->pain = -1;
    for (size_t i = 0; i < n; i++) {
        const struct practice *p = &sessions[i];
        int pain = exam_session_pain(p);
        if (p->outcome != OUTCOME_COMPLETED || p->dilator_id[0] == '\0' || p->diameter_mm <= 0 ||
            pain < 0 || pain > pain_max)
            continue;
        out->source = EXAM_BRING_SESSION;
        out->diameter_mm = p->diameter_mm;
        out->dilator_id = p->dilator_id;
        out->entry = kit_find(kit, nkit, p->dilator_id);
        out->session = p;
        out->pain = pain;
        return;
    }
    /* The smallest dilator she owns (stents are for keeping results). */
    for (size_t i = 0; i < nkit; i++) {
        if (kit[i].kind == KIND_STENT)
            continue;
        out->source = EXAM_BRING_SMALLEST;
        out->diameter_mm = kit[i].diameter_mm;
        out->dilator_id = kit[i].id;
        out->entry = &kit[i];
        return;
    }
}

const char *exam_bring_source_name(enum exam_bring_source s)
{
    switch (s) {
    case EXAM_BRING_SESSION: return "recent_session";
    case EXAM_BRING_SMALLEST: return "smallest_in_kit";
    case EXAM_BRING_NONE: break;
    }
    return "none";
}
