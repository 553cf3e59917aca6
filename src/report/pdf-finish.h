/*
 * pdf-finish.h - what cairo 1.16 cannot say in a PDF, added afterwards:
 * the document's language (/Lang in the catalog), that it is tagged
 * (/MarkInfo, as cairo writes a structure tree and marked content but not
 * this flag), that viewers show its title rather than its file name, and
 * a text alternative (/Alt) for each figure of the structure tree.
 *
 * cairo's output is left byte for byte as it is: an incremental update
 * (ISO 32000-1, 7.5.6) is appended with new versions of the catalog and
 * of the figures' structure elements, a cross-reference section for them
 * and a trailer pointing back to cairo's. Every PDF reader applies it.
 */
#ifndef PACE_PDF_FINISH_H
#define PACE_PDF_FINISH_H

#include "core/err.h"
#include "core/util.h"

#include <stddef.h>

/* Appends the update to the PDF in pdf. lang is a BCP 47 tag ("en",
 * "de"); alts are the texts of the figures in the order they were drawn
 * (nalts may be 0). PACE_EIO when the PDF is not laid out as cairo 1.16
 * writes it (then pdf is unchanged). */
int pdf_finish(struct buf *pdf, const char *lang, const char *const *alts, size_t nalts,
               struct pace_error *err);

#endif
