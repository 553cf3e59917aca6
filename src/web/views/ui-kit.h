/*
 * ui-kit.h - parts of the kit page that other pages may show too: the
 * picture of her sizes (an inline SVG of true-to-scale cross-sections with
 * the goal diameters as dashed rings, plus the same facts as a table) and
 * the words for an item.
 *
 * Files: ui-kit-picture.c implements this header; ui-kit.c is the page.
 */
#ifndef PACE_UI_KIT_H
#define PACE_UI_KIT_H

#include "core/kit.h"
#include "core/plan.h"
#include "web/html.h"

/* Goal diameters from CLINICAL.md ("Goals as diameters"), drawn as dashed
 * reference rings. Approximate. */
#define KIT_GOAL_TAMPON_MM 20.0      /* slim tampon / little finger (Pacik #3) */
#define KIT_GOAL_INTERCOURSE_MM 37.0 /* average erect penis (Veale et al. 2015) */

/* "FMS 14", "vaginismus.com A", "Milli", or her own item's name. */
void ui_kit_name(const struct kit_entry *e, char *out, size_t n);
/* "20 mm", "≈ 14 mm" (an assumed size), "15–40 mm" (adjustable: dmax >
 * d), in her locale's number format. */
void ui_kit_diameter(double d, double dmax, bool assumed, char *out, size_t n);

/* The figure (SVG with title and desc) and the table of her kit, with a
 * dashed ring for each goal she chose (none when she chose none). */
void ui_kit_picture(struct req *r, const struct kit_entry *es, size_t n,
                    const struct plan_goal *goals, size_t ngoals);

/* The picker of what she owns, for a form posting "item" (and "add_set"
 * from a set's button): one card per product line, then her own items.
 * posted: show the boxes as the form r->form ticked them. */
void ui_kit_lines(struct req *r, const struct kit_view *v, bool posted);
/* The ids such a form sends, with a set's items added (a new array to
 * free(); PACE_EINVAL for an unknown set or a malformed id). */
int ui_kit_ids_from_form(struct req *r, struct kit_id **ids, size_t *n, struct pace_error *err);

#endif
