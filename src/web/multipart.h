/*
 * multipart.h - a strict reader for multipart/form-data bodies (RFC 7578
 * on RFC 2046), the way a browser sends a form with a file. Small on
 * purpose: it knows form-data parts with a name, an optional filename and
 * an optional Content-Type, and refuses everything else it cannot read
 * with certainty. It allocates nothing: the parts point into the body.
 */
#ifndef PACE_MULTIPART_H
#define PACE_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#define MULTIPART_MAX_PARTS 8
#define MULTIPART_MAX_BOUNDARY 70  /* RFC 2046 */
#define MULTIPART_MAX_HEADERS 1024 /* bytes of one part's header lines */
#define MULTIPART_MAX_NAME 64
#define MULTIPART_MAX_FILENAME 255
#define MULTIPART_MAX_TYPE 127

enum multipart_err {
    MP_OK = 0,
    MP_NOT_MULTIPART,    /* Content-Type is missing or not multipart/form-data */
    MP_BAD_PARAMS,       /* the Content-Type's parameters cannot be read */
    MP_NO_BOUNDARY,      /* no boundary parameter */
    MP_BAD_BOUNDARY,     /* empty, longer than 70, or a character RFC 2046 forbids */
    MP_NO_FIRST,         /* the body does not start with the first delimiter */
    MP_BAD_DELIMITER,    /* a delimiter line followed by something else */
    MP_NO_CLOSE,         /* the closing delimiter is missing */
    MP_HEADERS_TOO_LONG, /* a part's header lines are over MULTIPART_MAX_HEADERS */
    MP_BAD_HEADER,       /* a header line without a colon, folded, or not text */
    MP_NO_DISPOSITION,   /* a part without Content-Disposition */
    MP_BAD_DISPOSITION,  /* not form-data, unreadable parameters, or a header twice */
    MP_NO_NAME,          /* form-data without a name (or an empty one) */
    MP_NAME_TOO_LONG,    /* a name or filename over its limit */
    MP_BAD_TYPE,         /* a part's Content-Type twice, too long or not text */
    MP_TOO_MANY_PARTS,   /* more than MULTIPART_MAX_PARTS */
    MP_DUPLICATE_NAME,   /* two parts with the same name */
};

struct multipart_part {
    char name[MULTIPART_MAX_NAME + 1];
    char filename[MULTIPART_MAX_FILENAME + 1]; /* "" when none or empty */
    bool has_filename;                         /* a filename parameter was sent */
    char content_type[MULTIPART_MAX_TYPE + 1]; /* as sent, trimmed; "" when absent */
    const char *data;                          /* points into the parsed body */
    size_t len;
};

struct multipart {
    struct multipart_part parts[MULTIPART_MAX_PARTS];
    size_t n;
};

/* Copies the boundary of a Content-Type header value ("multipart/form-data;
 * boundary=..." with the boundary quoted or not) into out. Returns MP_OK or
 * why not. */
enum multipart_err multipart_boundary(const char *content_type,
                                      char out[MULTIPART_MAX_BOUNDARY + 1]);

/* Parses body (len bytes, need not be NUL-terminated) sent with the
 * Content-Type header value content_type into m. The parts' data point into
 * body, which must outlive m; nothing needs freeing. On failure m is
 * empty. */
enum multipart_err multipart_parse(struct multipart *m, const char *content_type, const char *body,
                                   size_t len);

/* The part called name, or NULL. */
const struct multipart_part *multipart_get(const struct multipart *m, const char *name);

/* One sentence for a person about e (translated). */
const char *multipart_message(enum multipart_err e);

#endif
