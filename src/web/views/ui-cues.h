/*
 * ui-cues.h - the cues of her timers: the section of Settings where she
 * chooses them once (a soft sound, a vibration, spoken guidance, discreet
 * mode), and what the practice pages tell practice.js about them.
 *
 * Files: ui-cues.c implements this header.
 */
#ifndef PACE_UI_CUES_H
#define PACE_UI_CUES_H

#include "web/html.h"

/* The "Sounds, vibration and voice" card of /settings, a form posting to
 * /settings/cues. */
void ui_cues_section(struct req *r);
/* A hidden element (id "pace-cues") whose data- attributes say which cues
 * are on and her language, for practice.js; nothing when none is on. */
void ui_cues_data(struct req *r);

#endif
