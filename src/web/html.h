/*
 * html.h - writing HTML safely. Every piece of data reaches the page through
 * an escaping helper chosen by context (text, attribute, URL); html_printf's
 * %s escapes too, and only %R inserts trusted markup as it is.
 */
#ifndef PACE_HTML_H
#define PACE_HTML_H

#include "web/web.h"

/* Escapes & < > " ' for element text and quoted attribute values. */
void html_txt(struct buf *b, const char *s);
/* Percent-encodes s for use inside a URL path or query value. */
void html_url(struct buf *b, const char *s);

/* printf into r->out where %s is escaped text, %R is raw trusted HTML,
 * %d int, %ld long, %lld long long, %zu size_t, %% a percent sign. */
void html_printf(struct req *r, const char *fmt, ...);

/* The page shell: head, skip link, header with navigation, main. */
void page_begin(struct req *r, const char *title);
void page_end(struct req *r);

/* A hidden input with the CSRF token; every state-changing form has one. */
void html_csrf(struct req *r);
/* An error box (role=alert) for msg when msg is non-empty. */
void html_alert(struct req *r, const char *msg);
/* The same box for an error that belongs to a field further down the page:
 * the message links to the input with id "f-<field>". */
void html_alert_field(struct req *r, const char *msg, const char *field);
/* A calm confirmation box (role=status). */
void html_notice(struct req *r, const char *msg);
/* A labelled input. type "email", "password", "text"; err (may be NULL or
 * "") is shown under it and linked with aria-describedby. */
void html_input(struct req *r, const char *name, const char *type, const char *label,
                const char *value, const char *autocomplete, const char *hint,
                const char *err, bool required);
/* A labelled file input (accept: "type,.ext" as HTML has it), with hint and
 * err as html_input. */
void html_file_input(struct req *r, const char *name, const char *label, const char *accept,
                     const char *hint, const char *err);

#endif
