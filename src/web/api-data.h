/*
 * api-data.h - her whole data as a download, shared by the API
 * (GET /api/v1/export) and the "Your data" page.
 */
#ifndef PACE_API_DATA_H
#define PACE_API_DATA_H

#include "app/data.h"
#include "web/web.h"

/* Answers r with her data as q asks, as an attachment (no-store). */
void data_send(struct req *r, const struct data_request *q);

#endif
