/*
 * once.h - requests carried out once (web/once.c): a retry of a creating
 * request after a lost answer, a double tap or a reload never makes a
 * second record.
 */
#ifndef PACE_WEB_ONCE_H
#define PACE_WEB_ONCE_H

#include "web/web.h"

/* From the Idempotency-Key header: *has is false when there is none;
 * PACE_EINVAL (field "Idempotency-Key") for a malformed one. The request
 * hash covers the method, the path and the body. */
int once_from_header(struct req *r, struct store_once *o, bool *has, struct pace_error *err);
/* From the form's hidden "once" field; false when it has none. */
bool once_from_form(struct req *r, struct store_once *o);
/* Writes a fresh hidden "once" field into the form being drawn. */
void html_once(struct req *r);

#endif
