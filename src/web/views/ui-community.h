/*
 * ui-community.h - what the community's pages share (ui-community.c for
 * members, ui-community-mod.c for moderators): a post drawn as a card, how
 * long ago, the space's name in her language, and the form field for a body.
 */
#ifndef PACE_UI_COMMUNITY_H
#define PACE_UI_COMMUNITY_H

#include "app/community.h"
#include "web/web.h"

/* "3 hours", "2 days": a span of seconds in words. */
void ui_cm_span(int64_t seconds, char *out, size_t n);
/* The name and description of a space, translated when it is one of the
 * spaces Pace starts with. */
const char *ui_cm_space_name(const struct cm_space *sp);
const char *ui_cm_space_desc(const struct cm_space *sp);
/* The author as the page names her. */
const char *ui_cm_author(const struct cm_post *p);
/* The rendered body (cmark, safe mode) in a div. */
void ui_cm_body(struct req *r, const char *body);
/* A labelled textarea with hint and error. */
void ui_cm_textarea(struct req *r, const char *name, const char *label, const char *hint,
                    const char *value, int rows, const char *err);
/* The flags of a post, each with its rule, explanation and words. */
void ui_cm_flags(struct req *r, const struct cm_post *p);

#endif
