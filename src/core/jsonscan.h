/*
 * jsonscan.h - finding where JSON values begin and end in a byte buffer
 * without building them, so a large document can be read one piece at a
 * time: the scanner checks the structure (brackets that match, commas,
 * colons, keys in quotes, no value missing), and each piece is then parsed
 * (its strings, numbers and literals checked) by jansson. Also the line
 * and column of a byte, for messages that point into the file. Pure.
 */
#ifndef PACE_JSONSCAN_H
#define PACE_JSONSCAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The first byte at or after pos that is not JSON whitespace (len at the
 * end). */
size_t jscan_ws(const char *p, size_t len, size_t pos);

/* True when c can begin a JSON value. */
bool jscan_starts_value(char c);

/* Objects and arrays nested deeper than this are refused (Pace's own
 * documents nest five deep). */
#define JSCAN_MAX_DEPTH 64

/* Where and why a value's structure is broken. */
struct jscan_error {
    size_t at;        /* the byte (len when the input ended too early) */
    const char *what; /* in English, as jansson's own messages are */
};

/* The length of the value at the start of p (len bytes): a string to its
 * closing quote, an object or array to its matching bracket, a number or
 * literal to the next delimiter. 0 when the structure is broken, with e
 * saying where and why. */
size_t jscan_value(const char *p, size_t len, struct jscan_error *e);

/* Line (from 1) and column (from 1, in characters as jansson counts them)
 * of the byte at off. */
void jscan_where(const char *p, size_t off, int *line, int *column);

/* Parses the n bytes at p + at as exactly one JSON value of any type,
 * duplicate keys refused. On failure returns NULL with je's line and
 * column counted from the start of p and its text made printable ASCII. */
json_t *jscan_parse(const char *p, size_t at, size_t n, json_error_t *je);

#endif
