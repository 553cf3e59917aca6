/*
 * ui-recovery.h - what other pages show of her way back in: her recovery
 * codes, shown once (after registering and in Settings), and the Settings
 * card that makes new ones.
 *
 * Files: ui-recovery.c implements this header and the /recover and
 * /reset/<token> pages.
 */
#ifndef PACE_UI_RECOVERY_H
#define PACE_UI_RECOVERY_H

#include "web/web.h"

/* The page that shows her new codes, once: what they are for, the codes,
 * how to keep them, and "I have kept them" leading to next. first: right
 * after she created her account. */
void ui_recovery_codes_page(struct req *r, const struct app_recovery_codes *codes, const char *next,
                            bool first);
/* The Settings card: how many codes she has left, and a form (her
 * password, field "codes_password", err its error or NULL) for new ones. */
void ui_recovery_section(struct req *r, const char *err);

#endif
