/*
 * ui-practice.h - parts shared by the guided session (ui-practice.c,
 * ui-practice-steps.c) and the session log (ui-sessions.c): her kit as
 * choices, the 0-10 score rows, per-field form errors, her time zone,
 * and the kind sentences that describe a session.
 *
 * Files: ui-practice-parts.c implements this header.
 */
#ifndef PACE_UI_PRACTICE_H
#define PACE_UI_PRACTICE_H

#include "core/flow.h"
#include "core/kit.h"
#include "web/html.h"
#include "web/zone.h"

/* Her kit without stents (diameter order); release with ui_kit_free. */
struct ui_kit {
    struct kit_entry *items; /* = view.entries */
    size_t n;
    struct kit_view view;
};
/* Loads it through the application layer; 0 or its error (release k even
 * then). */
int ui_kit_load(struct req *r, struct ui_kit *k, struct pace_error *err);
/* The same for a page: false after answering with the failure page. */
bool ui_kit_page(struct req *r, struct ui_kit *k);
void ui_kit_free(struct ui_kit *k);
const struct kit_entry *ui_kit_find(const struct ui_kit *k, const char *id);

/* Errors of one form, by field name; messages are copied. */
#define UI_MAX_ERRS 12
struct ui_errs {
    size_t n;
    struct {
        char field[32];
        char msg[256];
    } e[UI_MAX_ERRS];
};
void ui_err(struct ui_errs *e, const char *field, const char *msg);
/* The message for field, or NULL. */
const char *ui_err_for(const struct ui_errs *e, const char *field);

/* Her time zone is req_zone(r) (web/zone.h). */
/* "2026-11-24T21:05" in the zone z, for <input type=datetime-local>. */
void ui_datetime_local(char *out, size_t n, int64_t t, const struct tz_zone *z);
/* Parses that form (seconds optional) back into UTC, read in the zone z (a
 * time the clocks skipped is read with the offset before the change, one
 * they passed twice is the first); -1 when malformed. */
int ui_datetime_parse(const char *s, const struct tz_zone *z, int64_t *out);

/* A 0-10 score (integer text); -1 when absent or out of range. */
int ui_score_parse(const char *s);
/* Eleven large radio buttons named name (0-10, value checked; -1: none)
 * and the ends in words, low and high: the inside of ui_score_row, for
 * fieldsets with more in them (the comfort ladder's "not tried yet"). */
void ui_score_buttons(struct req *r, const char *name, int value, const char *low,
                      const char *high);
/* A fieldset of eleven large radio buttons named name. value -1: none
 * chosen. low and high label the ends in words. */
void ui_score_row(struct req *r, const char *name, const char *legend, int value,
                  const char *low, const char *high, const char *err);
/* The dilators of her kit as large radio choices named dilator_id, with
 * data-material and data-glass for the preparation notes; then, when
 * offer_none, "No dilator" (value UI_NO_DILATOR): breathing and relaxation
 * alone. For an adjustable device, a field size_<id> asks the size it was
 * set to (size_mm when it is the selected one, else its smallest). */
#define UI_NO_DILATOR "none"
void ui_dilator_choices(struct req *r, const struct ui_kit *k, const char *selected,
                        double size_mm, const char *legend, const char *err, bool offer_none);
/* The size used with e: its diameter, or for an adjustable device the
 * size_<id> field, checked against its range and step (else an error on
 * dilator_id and -1). */
int ui_dilator_size(struct req *r, const struct kit_entry *e, double *out, struct ui_errs *errs);
/* Her pain stop (her rule for seeing a clinician, at most 8). */
int ui_pain_stop(struct req *r);
/* A field error paragraph (id e-<name>) when msg is set. */
void ui_field_error(struct req *r, const char *name, const char *msg);

/* "18 mm" (localised decimal). */
void ui_mm(char *out, size_t n, double mm);
/* The dilator in words: her kit's label when known, else its size. */
void ui_dilator_words(const struct ui_kit *k, const struct practice *p, char *out, size_t n);
/* "10 minutes", "less than a minute". */
void ui_minutes(char *out, size_t n, int seconds);
/* One or two kind sentences about p: what she did, and how her scores
 * moved. Writes escaped HTML paragraphs. */
void ui_session_story(struct req *r, const struct ui_kit *k, const struct practice *p);

/* "9:05 pm" / "21:05" in the zone z. */
void ui_clock(char *out, size_t n, int64_t t, const struct tz_zone *z);

/* What a step of the guided session is drawn from (ui-practice-steps.c). */
struct flow_view {
    const struct flow *f;
    const struct ui_kit *kit;
    const struct ui_errs *errs;
    bool has_draft;
    bool echo; /* show the values of the form just sent (it had errors) */
};
/* The whole page for the step f is in. */
void practice_step_page(struct req *r, const struct flow_view *v);

/* The script for the guided session and the log (timers, pacer). */
void ui_practice_script(struct req *r);

#endif
