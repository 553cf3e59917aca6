/* jsonscan.c - the extent of JSON values without parsing them (jsonscan.h). */
#include "core/jsonscan.h"

#include <string.h>

size_t jscan_ws(const char *p, size_t len, size_t pos)
{
    while (pos < len && (p[pos] == ' ' || p[pos] == '\t' || p[pos] == '\n' || p[pos] == '\r'))
        pos++;
    return pos;
}

bool jscan_starts_value(char c)
{
    return c == '"' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9') || c == 't' ||
           c == 'f' || c == 'n';
}

/* A string's length with both quotes; 0 when it does not end. */
static size_t string_len(const char *p, size_t len)
{
    for (size_t i = 1; i < len; i++) {
        if (p[i] == '\\')
            i++;
        else if (p[i] == '"')
            return i + 1;
    }
    return 0;
}

static size_t fail(struct jscan_error *e, size_t at, size_t len, const char *what)
{
    e->at = at;
    e->what = at >= len ? "the file ends too early" : what;
    return 0;
}

/* The end of the scalar (number or literal) starting at pos. */
static size_t scalar_end(const char *p, size_t len, size_t pos)
{
    while (pos < len && p[pos] != '\0' && strchr(",:{}[]\" \t\r\n", p[pos]) == NULL)
        pos++;
    return pos;
}

size_t jscan_value(const char *p, size_t len, struct jscan_error *e)
{
    char stack[JSCAN_MAX_DEPTH];
    size_t depth = 0, pos = 0;
    /* After '{' or ',' in an object a key comes; after ':' or '[' or ','
     * in an array, a value; after a value, a ',' or the container's end. */
    enum { VALUE, KEY, AFTER } want = VALUE;
    for (;;) {
        if (want == AFTER && depth == 0)
            return pos;
        if (depth > 0)
            pos = jscan_ws(p, len, pos);
        if (pos >= len)
            return fail(e, len, len, NULL);
        char c = p[pos];
        if (want == KEY) {
            if (c != '"')
                return fail(e, pos, len, "a key in quotes expected");
            size_t n = string_len(p + pos, len - pos);
            if (n == 0)
                return fail(e, len, len, NULL);
            pos = jscan_ws(p, len, pos + n);
            if (pos >= len)
                return fail(e, len, len, NULL);
            if (p[pos] != ':')
                return fail(e, pos, len, "':' expected");
            pos++;
            want = VALUE;
        } else if (want == AFTER) {
            char close = stack[depth - 1] == '{' ? '}' : ']';
            if (c == close) {
                pos++;
                depth--;
            } else if (c == ',') {
                pos++;
                want = stack[depth - 1] == '{' ? KEY : VALUE;
            } else {
                return fail(e, pos, len,
                            close == '}' ? "',' or '}' expected" : "',' or ']' expected");
            }
        } else if (c == '{' || c == '[') {
            if (depth == JSCAN_MAX_DEPTH)
                return fail(e, pos, len, "nested too deeply");
            stack[depth++] = c;
            pos = jscan_ws(p, len, pos + 1);
            if (pos < len && p[pos] == (c == '{' ? '}' : ']')) {
                pos++;
                depth--;
                want = AFTER;
            } else {
                want = c == '{' ? KEY : VALUE;
            }
        } else if (c == '"') {
            size_t n = string_len(p + pos, len - pos);
            if (n == 0)
                return fail(e, len, len, NULL);
            pos += n;
            want = AFTER;
        } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
            pos = scalar_end(p, len, pos);
            want = AFTER;
        } else {
            return fail(e, pos, len, "a value expected");
        }
    }
}

void jscan_where(const char *p, size_t off, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (p[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)p[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

json_t *jscan_parse(const char *p, size_t at, size_t n, json_error_t *je)
{
    json_t *j = json_loadb(p + at, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, je);
    if (j != NULL)
        return j;
    /* jansson counts from the piece; the file's reader wants the file's
     * line and column. Its column is that of the last character read. */
    int line, column;
    jscan_where(p, at, &line, &column);
    if (je->line <= 1) {
        je->line = line;
        je->column = column + (je->column > 0 ? je->column - 1 : 0);
    } else {
        je->line += line - 1;
    }
    /* jansson quotes the input near the error: keep it printable ASCII. */
    for (char *c = je->text; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
            *c = '?';
    return NULL;
}
