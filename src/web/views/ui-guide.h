/*
 * ui-guide.h - a small link from another page into the guide (ui-guide.c).
 */
#ifndef PACE_UI_GUIDE_H
#define PACE_UI_GUIDE_H

#include "web/web.h"

/* A sentence that links to the guide in her language: lead (already
 * translated), then the article's title, or the heading's text when target
 * is "slug#id". Draws nothing when there is no such article. */
void ui_guide_link(struct req *r, const char *target, const char *lead);

#endif
