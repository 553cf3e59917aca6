/*
 * export_sample.h - one document with something of everything (two
 * sessions, her own item, a program, a ladder entry, reminders), shared by
 * test_core_export.c and test_core_fhir.c. Needs a plan library "lib".
 */
#ifndef PACE_TEST_EXPORT_SAMPLE_H
#define PACE_TEST_EXPORT_SAMPLE_H

#include "core/export.h"
#include "core/i18n.h"

#include <stdio.h>

#define NOW 1795000000 /* 2026-11-18 */
#define DAY 86400

static struct plan_library *lib;

/* A document with one of everything. */
static inline void sample(struct export_doc *d)
{
    export_doc_init(d);
    snprintf(d->email, sizeof d->email, "she@example.org");
    d->lang = LANG_DE;
    d->created_at = NOW - 90 * DAY;
    d->about = xstrdup("about me");
    snprintf(d->pseudonym, sizeof d->pseudonym, "pace-0123456789abcdef0123456789abcdef");
    d->customs = xcalloc(1, sizeof *d->customs);
    d->ncustom = 1;
    d->customs[0] = (struct custom_item){.id = 7,
                                         .kind = KIND_DILATOR,
                                         .diameter_mm = 23,
                                         .material = MATERIAL_SILICONE,
                                         .created_at = NOW - 80 * DAY};
    snprintf(d->customs[0].label, sizeof d->customs[0].label, "Blue");
    d->kit = xcalloc(2, sizeof *d->kit);
    d->nkit = 2;
    snprintf(d->kit[0].s, sizeof d->kit[0].s, "fms-16");
    snprintf(d->kit[1].s, sizeof d->kit[1].s, "custom-7");
    d->has_program = true;
    plan_choice_default(lib, NOW - 30 * DAY, &d->program);
    d->sessions = xcalloc(2, sizeof *d->sessions);
    d->nsessions = 2;
    struct practice *p = &d->sessions[0];
    practice_init(p);
    snprintf(p->id, sizeof p->id, "0a1b2c3d-0000-4000-8000-00000000000a");
    p->started_at = NOW - DAY;
    p->duration_s = 600;
    snprintf(p->dilator_id, sizeof p->dilator_id, "custom-7");
    p->diameter_mm = 23;
    p->before = (struct scores){.set = true, .fear = 4, .tension = 5, .pain = 3};
    p->after = (struct scores){.set = true, .fear = 1, .tension = 2, .pain = 0};
    p->max_pain = 4;
    p->nspasms = 2;
    p->spasms[0] = (struct spasm){.at_s = 60, .duration_s = 20};
    p->spasms[1] = (struct spasm){.at_s = 300, .duration_s = 45};
    p->note = xstrdup("=1+1, \"quoted\"\nline");
    p = &d->sessions[1];
    practice_init(p);
    snprintf(p->id, sizeof p->id, "0a1b2c3d-0000-4000-8000-00000000000b");
    p->started_at = NOW - 2 * DAY;
    p->duration_s = 0;
    p->outcome = OUTCOME_NOT_TODAY;
    p->safety = SAFETY_BLEEDING;
    d->ladder = xcalloc(1, sizeof *d->ladder);
    d->nladder = 1;
    ladder_entry_init(&d->ladder[0]);
    d->ladder[0].taken_at = NOW - 3 * DAY;
    d->ladder[0].a[LADDER_FINGER] = (struct ladder_answer){.anxiety = 3, .pain = 2};
    d->ladder[0].a[LADDER_INTERCOURSE] =
        (struct ladder_answer){.anxiety = 8, .pain = -1, .not_tried = true};
    d->has_reminder = true;
    d->reminder = (struct reminder){.days = 0x9, .minute = 19 * 60 + 5};
    snprintf(d->reminder.title, sizeof d->reminder.title, "Yoga");
    snprintf(d->reminder.tz, sizeof d->reminder.tz, "Europe/Berlin");
    d->grants = xcalloc(1, sizeof *d->grants);
    d->ngrants = 1;
    struct export_grant *g = &d->grants[0];
    snprintf(g->id, sizeof g->id, "5e1f0000-0000-4000-8000-000000000001");
    snprintf(g->relation, sizeof g->relation, "clinician");
    snprintf(g->scopes[0], sizeof g->scopes[0], "sessions");
    snprintf(g->scopes[1], sizeof g->scopes[1], "ladder");
    g->nscopes = 2;
    g->start = NOW - 10 * DAY;
    g->end = NOW + 80 * DAY;
    snprintf(g->status, sizeof g->status, "active");
    snprintf(g->grantee, sizeof g->grantee, "dr@example.org");
    g->grantee_key = 42;
    g->invited_at = NOW - 10 * DAY;
    g->invitation_expires_at = NOW - 3 * DAY;
    g->accepted_at = NOW - 9 * DAY;
    snprintf(g->label, sizeof g->label, "Dr. M");
    snprintf(g->shown_as, sizeof g->shown_as, "Anna");
    d->audit = xcalloc(2, sizeof *d->audit);
    d->naudit = 2;
    d->audit[0] = (struct export_audit){.at = NOW - 8 * DAY,
                                        .actor_kind = EXPORT_ACTOR_ACCOUNT,
                                        .actor = xstrdup("dr@example.org"),
                                        .actor_key = 42,
                                        .allowed = true};
    snprintf(d->audit[0].grant, sizeof d->audit[0].grant, "%s", g->id);
    snprintf(d->audit[0].action, sizeof d->audit[0].action, "read");
    snprintf(d->audit[0].resource, sizeof d->audit[0].resource, "sessions");
    d->audit[1] = (struct export_audit){.at = NOW - 7 * DAY, .allowed = false};
    snprintf(d->audit[1].action, sizeof d->audit[1].action, "read");
    snprintf(d->audit[1].resource, sizeof d->audit[1].resource, "notes");
    snprintf(d->audit[1].record, sizeof d->audit[1].record, "0a1b2c3d-0000-4000-8000-00000000000a");
}

#endif
