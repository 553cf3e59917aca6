/*
 * multipart.c - multipart/form-data, read strictly. The body is
 *
 *   --B [padding] CRLF headers CRLF CRLF data
 *   CRLF --B [padding] CRLF headers CRLF CRLF data ...
 *   CRLF --B-- [padding] [CRLF epilogue]
 *
 * where B is the boundary and padding is spaces or tabs. Anything else is
 * refused, so a body is either read exactly or not at all. Quoted strings
 * follow the HTML standard's encoding (a browser writes a quote in a file
 * name as %22 and never escapes with a backslash), so a backslash is an
 * ordinary character.
 */
#include "web/multipart.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A range of bytes, end exclusive. */
struct span {
    const char *p;
    const char *end;
};

static bool is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046 bchars (space included; it may not end a boundary). */
static bool is_bchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

static void skip_ows(struct span *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
        s->p++;
}

/* Reads one or more tchars into tok. */
static bool read_token(struct span *s, struct span *tok)
{
    tok->p = s->p;
    while (s->p < s->end && is_tchar(*s->p))
        s->p++;
    tok->end = s->p;
    return tok->end > tok->p;
}

static bool span_is(struct span t, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(t.end - t.p) == n && strncasecmp(t.p, word, n) == 0;
}

/* Reads the next "; name=value" (value a token or a quoted string without
 * control characters) into name and val. Returns 1 for a parameter, 0 at
 * the end, -1 when malformed. */
static int next_param(struct span *s, struct span *name, struct span *val)
{
    skip_ows(s);
    if (s->p == s->end)
        return 0;
    if (*s->p != ';')
        return -1;
    s->p++;
    skip_ows(s);
    if (!read_token(s, name) || s->p == s->end || *s->p != '=')
        return -1;
    s->p++;
    if (s->p < s->end && *s->p == '"') {
        s->p++;
        val->p = s->p;
        while (s->p < s->end && *s->p != '"') {
            unsigned char c = (unsigned char)*s->p;
            if ((c < 0x20 && c != '\t') || c == 0x7F)
                return -1;
            s->p++;
        }
        if (s->p == s->end)
            return -1;
        val->end = s->p;
        s->p++;
        return 1;
    }
    return read_token(s, val) ? 1 : -1;
}

enum multipart_err multipart_boundary(const char *content_type,
                                      char out[MULTIPART_MAX_BOUNDARY + 1])
{
    out[0] = '\0';
    if (content_type == NULL)
        return MP_NOT_MULTIPART;
    struct span s = {content_type, content_type + strlen(content_type)};
    struct span type, sub, name, val, found = {NULL, NULL};
    skip_ows(&s);
    if (!read_token(&s, &type) || s.p == s.end || *s.p != '/')
        return MP_NOT_MULTIPART;
    s.p++;
    if (!read_token(&s, &sub) || !span_is(type, "multipart") || !span_is(sub, "form-data"))
        return MP_NOT_MULTIPART;
    int rc;
    while ((rc = next_param(&s, &name, &val)) == 1) {
        if (!span_is(name, "boundary"))
            continue;
        if (found.p != NULL)
            return MP_BAD_PARAMS;
        found = val;
    }
    if (rc < 0)
        return MP_BAD_PARAMS;
    if (found.p == NULL)
        return MP_NO_BOUNDARY;
    size_t n = (size_t)(found.end - found.p);
    if (n == 0 || n > MULTIPART_MAX_BOUNDARY || found.end[-1] == ' ')
        return MP_BAD_BOUNDARY;
    for (const char *c = found.p; c < found.end; c++)
        if (!is_bchar(*c))
            return MP_BAD_BOUNDARY;
    memcpy(out, found.p, n);
    out[n] = '\0';
    return MP_OK;
}

/* Copies v into out (size cap + 1); false when it is longer than cap. */
static bool copy_span(struct span v, char *out, size_t cap)
{
    size_t n = (size_t)(v.end - v.p);
    if (n > cap)
        return false;
    memcpy(out, v.p, n);
    out[n] = '\0';
    return true;
}

static enum multipart_err read_disposition(struct span s, struct multipart_part *part)
{
    struct span type, name, val;
    bool have_name = false;
    skip_ows(&s);
    if (!read_token(&s, &type) || !span_is(type, "form-data"))
        return MP_BAD_DISPOSITION;
    int rc;
    while ((rc = next_param(&s, &name, &val)) == 1) {
        if (span_is(name, "name")) {
            if (have_name)
                return MP_BAD_DISPOSITION;
            have_name = true;
            if (val.p == val.end)
                return MP_NO_NAME;
            if (!copy_span(val, part->name, MULTIPART_MAX_NAME))
                return MP_NAME_TOO_LONG;
        } else if (span_is(name, "filename")) {
            if (part->has_filename)
                return MP_BAD_DISPOSITION;
            part->has_filename = true;
            if (!copy_span(val, part->filename, MULTIPART_MAX_FILENAME))
                return MP_NAME_TOO_LONG;
        }
    }
    if (rc < 0)
        return MP_BAD_DISPOSITION;
    return have_name ? MP_OK : MP_NO_NAME;
}

static enum multipart_err read_header(struct span line, struct multipart_part *part,
                                      bool *have_disp)
{
    struct span name;
    if (!str_valid_text(line.p, (size_t)(line.end - line.p)) ||
        memchr(line.p, '\r', (size_t)(line.end - line.p)) ||
        memchr(line.p, '\n', (size_t)(line.end - line.p)) || !read_token(&line, &name) ||
        line.p == line.end || *line.p != ':')
        return MP_BAD_HEADER;
    line.p++;
    skip_ows(&line);
    while (line.end > line.p && (line.end[-1] == ' ' || line.end[-1] == '\t'))
        line.end--;
    if (span_is(name, "Content-Disposition")) {
        if (*have_disp)
            return MP_BAD_DISPOSITION;
        *have_disp = true;
        return read_disposition(line, part);
    }
    if (span_is(name, "Content-Type")) {
        if (part->content_type[0] || line.p == line.end ||
            !copy_span(line, part->content_type, MULTIPART_MAX_TYPE))
            return MP_BAD_TYPE;
    }
    return MP_OK; /* other headers say nothing a form needs */
}

/* Reads a part's header lines from *pos up to and including the empty
 * line. */
static enum multipart_err read_headers(const char *body, size_t len, size_t *pos,
                                       struct multipart_part *part)
{
    size_t start = *pos, at = *pos;
    bool have_disp = false;
    for (;;) {
        const char *cr = NULL;
        for (size_t i = at; i + 1 < len; i++) {
            if (i - start > MULTIPART_MAX_HEADERS)
                return MP_HEADERS_TOO_LONG;
            if (body[i] == '\r' && body[i + 1] == '\n') {
                cr = body + i;
                break;
            }
        }
        if (cr == NULL)
            return len - start > MULTIPART_MAX_HEADERS ? MP_HEADERS_TOO_LONG : MP_NO_CLOSE;
        struct span line = {body + at, cr};
        at = (size_t)(cr - body) + 2;
        if (line.p == line.end)
            break;
        /* Obsolete line folding: a line that goes on on the next one. */
        if (*line.p == ' ' || *line.p == '\t' ||
            (at < len && (body[at] == ' ' || body[at] == '\t')))
            return MP_BAD_HEADER;
        enum multipart_err e = read_header(line, part, &have_disp);
        if (e != MP_OK)
            return e;
    }
    *pos = at;
    return have_disp ? MP_OK : MP_NO_DISPOSITION;
}

/* Where CRLF followed by delim (dlen bytes) next starts at or after from,
 * or len. */
static size_t find_delimiter(const char *body, size_t len, size_t from, const char *delim,
                             size_t dlen)
{
    size_t i = from;
    while (i + 2 + dlen <= len) {
        const char *cr = memchr(body + i, '\r', len - i - 1 - dlen);
        if (cr == NULL)
            break;
        i = (size_t)(cr - body);
        if (body[i + 1] == '\n' && memcmp(body + i + 2, delim, dlen) == 0)
            return i;
        i++;
    }
    return len;
}

/* After a delimiter at *pos: "--" closes (true in *closed), padding and
 * CRLF start a part. */
static enum multipart_err after_delimiter(const char *body, size_t len, size_t *pos, bool *closed)
{
    size_t i = *pos;
    *closed = i + 1 < len && body[i] == '-' && body[i + 1] == '-';
    if (*closed)
        i += 2;
    while (i < len && (body[i] == ' ' || body[i] == '\t'))
        i++;
    if (*closed && i == len) {
        *pos = i;
        return MP_OK;
    }
    if (i + 1 < len && body[i] == '\r' && body[i + 1] == '\n') {
        *pos = i + 2;
        return MP_OK;
    }
    return i + 1 >= len && !*closed ? MP_NO_CLOSE : MP_BAD_DELIMITER;
}

static enum multipart_err parse_body(struct multipart *m, const char *boundary, const char *body,
                                     size_t len)
{
    char delim[MULTIPART_MAX_BOUNDARY + 3];
    size_t dlen = (size_t)snprintf(delim, sizeof delim, "--%s", boundary);
    if (len < dlen || memcmp(body, delim, dlen) != 0)
        return MP_NO_FIRST;
    size_t pos = dlen;
    bool closed;
    enum multipart_err e = after_delimiter(body, len, &pos, &closed);
    if (e != MP_OK)
        return e;
    if (closed) /* RFC 2046 asks for at least one part */
        return MP_BAD_DELIMITER;
    while (!closed) {
        if (m->n == MULTIPART_MAX_PARTS)
            return MP_TOO_MANY_PARTS;
        struct multipart_part *part = &m->parts[m->n];
        memset(part, 0, sizeof *part);
        if ((e = read_headers(body, len, &pos, part)) != MP_OK)
            return e;
        for (size_t i = 0; i < m->n; i++)
            if (strcmp(m->parts[i].name, part->name) == 0)
                return MP_DUPLICATE_NAME;
        size_t end = find_delimiter(body, len, pos, delim, dlen);
        if (end == len)
            return MP_NO_CLOSE;
        part->data = body + pos;
        part->len = end - pos;
        m->n++;
        pos = end + 2 + dlen;
        if ((e = after_delimiter(body, len, &pos, &closed)) != MP_OK)
            return e;
    }
    return MP_OK; /* whatever follows the closing delimiter is an epilogue */
}

enum multipart_err multipart_parse(struct multipart *m, const char *content_type, const char *body,
                                   size_t len)
{
    char boundary[MULTIPART_MAX_BOUNDARY + 1];
    m->n = 0;
    enum multipart_err e = multipart_boundary(content_type, boundary);
    if (e == MP_OK)
        e = parse_body(m, boundary, body ? body : "", body ? len : 0);
    if (e != MP_OK)
        memset(m, 0, sizeof *m);
    return e;
}

const struct multipart_part *multipart_get(const struct multipart *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->parts[i].name, name) == 0)
            return &m->parts[i];
    return NULL;
}

const char *multipart_message(enum multipart_err e)
{
    static const char *const msgs[] = {
        [MP_OK] = N_("The form was read."),
        [MP_NOT_MULTIPART] = N_("The form was not sent as multipart/form-data, so the file "
                                "could not be read."),
        [MP_BAD_PARAMS] = N_("The form's Content-Type header could not be read."),
        [MP_NO_BOUNDARY] = N_("The form's Content-Type header has no boundary, so its parts "
                              "could not be told apart."),
        [MP_BAD_BOUNDARY] = N_("The form's boundary must be 1 to 70 letters, digits or "
                               "simple punctuation."),
        [MP_NO_FIRST] = N_("The form does not start with its boundary."),
        [MP_BAD_DELIMITER] = N_("A boundary line in the form is followed by something "
                                "else."),
        [MP_NO_CLOSE] = N_("The form ends before its closing boundary, so it may be cut "
                           "off. Please try again."),
        [MP_HEADERS_TOO_LONG] = N_("The headers of a part of the form are too long."),
        [MP_BAD_HEADER] = N_("A header line in the form could not be read."),
        [MP_NO_DISPOSITION] = N_("A part of the form has no Content-Disposition header."),
        [MP_BAD_DISPOSITION] = N_("A part of the form has a Content-Disposition header that "
                                  "is not form-data with a name."),
        [MP_NO_NAME] = N_("A part of the form has no name."),
        [MP_NAME_TOO_LONG] = N_("A field or file name in the form is too long."),
        [MP_BAD_TYPE] = N_("A part of the form has a Content-Type header that could not be "
                           "read."),
        [MP_TOO_MANY_PARTS] = N_("The form has more parts than this page sends."),
        [MP_DUPLICATE_NAME] = N_("The form has two parts with the same name."),
    };
    if ((unsigned)e >= sizeof msgs / sizeof msgs[0])
        e = MP_BAD_HEADER;
    return _(msgs[e]);
}
