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

/* The figure (SVG with title and desc) and the table of her kit. */
void ui_kit_picture(struct req *r, const struct kit_entry *es, size_t n);

#endif
