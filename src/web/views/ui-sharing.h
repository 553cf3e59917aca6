/*
 * ui-sharing.h - words for sharing, shared by her pages (ui-sharing.c) and
 * the grantee's (ui-shared.c).
 */
#ifndef PACE_UI_SHARING_H
#define PACE_UI_SHARING_H

#include "app/app.h"

/* The i-th scope (app_scope_names) in her words. */
const char *ui_scope_words(int i);
/* "Partner", "Clinician". */
const char *ui_relation_words(enum grant_relation r);

/* The progress page (ui-progress.c) for subject: base is the page's own
 * address (for the period links), hers whether she is looking at her own. */
struct req;
void ui_progress_page(struct req *r, int64_t subject, const char *base, const char *heading,
                      bool hers);

/* Report links (ui-report-link.c): the link's address for token; the page
 * after she made one (with the passcode, shown once); her links as a
 * section of /sharing. */
void ui_report_link_url(struct req *r, const char *token, char *out, size_t n);
void ui_report_link_made(struct req *r, const char *token, const struct report_link *l);
void ui_report_links_section(struct req *r);
/* Cards of the grantee's page (ui-shared.c), each through the gate: this
 * week and the suggestion, her recent sessions, her goals. */
struct tz_zone;
void ui_shared_summary(struct req *r, const struct grant *g, const struct tz_zone *tz);
void ui_shared_sessions(struct req *r, const struct grant *g, const struct tz_zone *tz);
void ui_shared_goals(struct req *r, const struct grant *g);

#endif
