/*
 * ui-clinic.h - pieces of the clinician's workspace that other pages show:
 * her intake summary, and on her own pages what her clinicians wrote or
 * suggest (/today, /plan, /progress), in plain words.
 */
#ifndef PACE_UI_CLINIC_H
#define PACE_UI_CLINIC_H

#include "core/intake.h"
#include "web/web.h"

/* Her answers as a list ("What you told Pace"); hers: worded for her. */
void ui_intake_summary(struct req *r, const struct intake *in, bool hers);
/* On /today: a suggestion waiting for her answer, a change made to her
 * plan, her clinicians' notes on her week, and once, gently, the
 * suggestion to have physical causes checked. */
void ui_clinic_today(struct req *r);
/* On /plan: suggestions waiting, and the history of clinicians' changes. */
void ui_clinic_plan(struct req *r);
/* On /progress: her clinicians' exam notes, explained plainly, and the
 * grades over time. */
void ui_clinic_progress(struct req *r);
/* "verified by this Pace's operator" or "not verified", for a clinician's
 * account (nothing for anyone else). */
void ui_clinician_badge(struct req *r, int64_t user_id, bool clinician);

/* A clinician's glance at her latest comfort ladder (ui-clinic-files.c). */
void ui_clinic_ladder(struct req *r, int64_t subject);

#endif
