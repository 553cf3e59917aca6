/*
 * onboarding.c - her first run (where she is in its three steps, or that
 * she finished or skipped it, and whether she has no dilators yet), the
 * cues she chose for the timers, her own words for an exam, and the first
 * time of things for her milestones, as use cases for the pages.
 *
 * Her first run and her cues are her account's settings; her words for an
 * exam are read with her exam plan and changed only by herself (her
 * account), like her other words.
 */
#include "app/app.h"

#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

int app_onboarding_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct onboarding *out, struct pace_error *err)
{
    *out = (struct onboarding){.state = ONBOARD_NEW, .step = 1};
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_READ, NULL, err);
    return rc == 0 ? store_onboarding_get(c->store, subject, out, err) : rc;
}

int app_onboarding_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       const struct onboarding *o, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_UPDATE, NULL, err);
    if (rc != 0)
        return rc;
    if (o->state == ONBOARD_NEW || o->step < 1 || o->step > 3)
        return pace_fail(err, PACE_EINVAL, "step", "%s",
                         _("That step was not recognised. Please reload the page."));
    return store_onboarding_put(c->store, subject, o, now, err);
}

bool app_cue_on(const struct cue_prefs *p, int choice)
{
    return choice >= 0 ? choice != 0 : !p->discreet;
}

int app_cues_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                 struct cue_prefs *out, struct pace_error *err)
{
    *out = (struct cue_prefs){.sound = -1, .vibrate = -1};
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_READ, NULL, err);
    return rc == 0 ? store_cues_get(c->store, subject, out, err) : rc;
}

int app_cues_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                 const struct cue_prefs *p, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_UPDATE, NULL, err);
    if (rc != 0)
        return rc;
    if (p->sound < -1 || p->sound > 1 || p->vibrate < -1 || p->vibrate > 1)
        return pace_fail(err, PACE_EINVAL, "sound", "%s",
                         _("Please choose on or off for each cue."));
    return store_cues_put(c->store, subject, p, now, err);
}

int app_exam_words_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct exam_words *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_gate(c, who, subject, RES_EXAM_PREP, ACT_READ, NULL, err);
    return rc == 0 ? store_exam_words_get(c->store, subject, out, err) : rc;
}

int app_exam_words_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       const struct exam_words *w, int64_t now, struct pace_error *err)
{
    /* Her words: only she changes them, whoever may read her exam plan. */
    int rc = app_gate(c, who, subject, RES_EXAM_PREP, ACT_READ, NULL, err);
    if (rc == 0)
        rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_UPDATE, NULL, err);
    if (rc == 0)
        rc = exam_words_check(w, err);
    return rc == 0 ? store_exam_words_put(c->store, subject, w, now, err) : rc;
}

int app_firsts_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct store_firsts *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_gate(c, who, subject, RES_PROGRESS, ACT_READ, NULL, err);
    return rc == 0 ? store_firsts_get(c->store, subject, out, err) : rc;
}
