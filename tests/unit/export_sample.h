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
}

#endif
