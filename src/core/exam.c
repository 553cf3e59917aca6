/*
 * exam.c - what the plan for a gynaecological visit asks for, and which
 * dilator it suggests bringing. See exam.h.
 */
#include "core/exam.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

static const char *const keys[EXAM_REQUEST_COUNT] = {
    [EXAM_SLOW] = "slow",
    [EXAM_EXPLAIN] = "explain",
    [EXAM_MIRROR] = "mirror",
    [EXAM_GUIDE] = "guide",
    [EXAM_STOP_WORD] = "stop_word",
    [EXAM_SMALL_SPECULUM] = "small_speculum",
};

static const char *const texts[EXAM_REQUEST_COUNT] = {
    [EXAM_SLOW] = N_("Please go slowly and give me time to breathe between steps."),
    [EXAM_EXPLAIN] = N_("Please tell me what you are going to do before each step, and wait "
                        "until I say I am ready."),
    [EXAM_MIRROR] = N_("I would like to sit up a little and watch in a mirror."),
    [EXAM_GUIDE] = N_("I would like to guide the gloved finger or the speculum in myself."),
    [EXAM_STOP_WORD] = N_("We agree on a stop word. When I say it, you stop straight away, and "
                          "we only go on if I want to."),
    [EXAM_SMALL_SPECULUM] = N_("Please use the smallest speculum you have, with plenty of "
                               "lubricant."),
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

/* One line of text of 1 to max characters (0 allowed when may_be_empty). */
static bool line_ok(const char *s, size_t max, bool may_be_empty)
{
    size_t len = strlen(s);
    if (!str_valid_text(s, len) || strpbrk(s, "\r\n\t"))
        return false;
    size_t chars = str_utf8_len(s);
    return (may_be_empty || chars > 0) && chars <= max;
}

int exam_words_check(const struct exam_words *w, struct pace_error *err)
{
    if (w->removed >> EXAM_REQUEST_COUNT)
        return pace_fail(err, PACE_EINVAL, "removed", "%s",
                         _("Something in this form is not a request Pace knows. Please reload "
                           "the page and try again."));
    if (w->nown > EXAM_OWN_MAX)
        return pace_fail(err, PACE_EINVAL, "own", _("You can add up to %d requests of your own."),
                         EXAM_OWN_MAX);
    for (size_t i = 0; i < w->nown; i++) {
        if (!line_ok(w->own[i], EXAM_OWN_CHARS, false)) {
            char f[32];
            snprintf(f, sizeof f, "own[%zu]", i);
            return pace_fail(err, PACE_EINVAL, f,
                             _("Please write each request on one line, with up to %d "
                               "characters."),
                             EXAM_OWN_CHARS);
        }
    }
    if (!line_ok(w->stop_word, EXAM_STOP_WORD_CHARS, true))
        return pace_fail(err, PACE_EINVAL, "stop_word",
                         _("Please choose a stop word of up to %d characters, on one line."),
                         EXAM_STOP_WORD_CHARS);
    return 0;
}

json_t *exam_words_json(const struct exam_words *w)
{
    json_t *own = json_array();
    for (size_t i = 0; i < w->nown; i++)
        json_array_append_new(own, json_string(w->own[i]));
    return json_pack("{s:o, s:s}", "own", own, "stop_word", w->stop_word);
}

int exam_words_from_json(const json_t *j, struct exam_words *w, struct pace_error *err)
{
    const char *bad = _("Your plan for the exam could not be read.");
    const json_t *own = json_object_get(j, "own");
    const json_t *stop = json_object_get(j, "stop_word");
    if (!json_is_object(j) || json_object_size(j) != 2 || !json_is_array(own) ||
        !json_is_string(stop) || json_array_size(own) > EXAM_OWN_MAX)
        return pace_fail(err, PACE_EINVAL, NULL, "%s", bad);
    w->nown = 0;
    for (size_t i = 0; i < json_array_size(own); i++) {
        const char *t = json_string_value(json_array_get(own, i));
        if (t == NULL || strlen(t) >= sizeof w->own[0])
            return pace_fail(err, PACE_EINVAL, NULL, "%s", bad);
        snprintf(w->own[w->nown++], sizeof w->own[0], "%s", t);
    }
    const char *t = json_string_value(stop);
    if (strlen(t) >= sizeof w->stop_word)
        return pace_fail(err, PACE_EINVAL, NULL, "%s", bad);
    snprintf(w->stop_word, sizeof w->stop_word, "%s", t);
    return exam_words_check(w, err);
}
