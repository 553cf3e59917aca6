/*
 * qr.h - QR codes as inline SVG (web/qr.c).
 */
#ifndef PACE_WEB_QR_H
#define PACE_WEB_QR_H

#include "web/web.h"

/* Writes text as a QR code (error correction M) with label as its
 * accessible name; false when it cannot be encoded. */
bool html_qr(struct req *r, const char *text, const char *label);

#endif
