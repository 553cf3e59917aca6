/*
 * ui-reminders.h - what other pages may show of her reminders.
 *
 * Files: ui-reminders.c implements this header and the /reminders page.
 */
#ifndef PACE_UI_REMINDERS_H
#define PACE_UI_REMINDERS_H

#include "web/web.h"

/* Her next reminder in words, in her time zone: "Today at 7:30 pm",
 * "Tomorrow at 19:30", "Thursday at 7:30 pm". False (out empty) when she
 * has set no reminders or her calendar link is turned off. */
bool ui_reminder_next(struct req *r, char *out, size_t n);

#endif
