/*
 * progress.h - her data for the progress charts (core/chart.h), built on
 * store.h and core alone: the sessions and comfort-ladder entries of a
 * period, her goals as diameter ranges, and her program's plan per week.
 * Used by /progress and the PDF report.
 */
#ifndef PACE_PROGRESS_H
#define PACE_PROGRESS_H

#include "core/chart.h"
#include "core/plan.h"
#include "store/store.h"

/* Fills *out for the user and period p. When p->from is 0 ("everything")
 * the period starts at the Monday of the week of her oldest session or
 * ladder entry (or of the week of p->now when there is none). Every array
 * in *out is new; release them with progress_free, also after a failure.
 * Goal labels are in the current language. */
int progress_load(struct store *s, const struct plan_library *lib, int64_t user_id,
                  const struct chart_period *p, struct progress_data *out,
                  struct pace_error *err);
void progress_free(struct progress_data *d);

#endif
