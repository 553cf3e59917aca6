/* err.c - filling struct pace_error. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int pace_fail(struct pace_error *e, int code, const char *field, const char *fmt, ...)
{
    if (e == NULL)
        return code;
    e->code = code;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void pace_error_clear(struct pace_error *e)
{
    if (e != NULL)
        memset(e, 0, sizeof *e);
}
