/* i18n.c - translation lookup, language negotiation, and locale formatting. */
#include "i18n.h"
#include "i18n_table.h"
#include "tz.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Thread_local enum lang current = LANG_EN;

static const char *const codes[LANG_COUNT] = {"en", "de"};

void i18n_set_lang(enum lang l)
{
    current = (l >= 0 && l < LANG_COUNT) ? l : LANG_EN;
}

enum lang i18n_lang(void)
{
    return current;
}

const char *i18n_code(enum lang l)
{
    return (l >= 0 && l < LANG_COUNT) ? codes[l] : codes[0];
}

int i18n_parse(const char *code)
{
    for (int i = 0; i < LANG_COUNT; i++)
        if (code && strcmp(code, codes[i]) == 0)
            return i;
    return -1;
}

static const struct i18n_entry *lookup(const char *msgid)
{
    if (current == LANG_EN)
        return NULL;
    const char *code = codes[current];
    for (const struct i18n_table *t = i18n_tables; t->code; t++) {
        if (strcmp(t->code, code) != 0)
            continue;
        int lo = 0, hi = t->count - 1;
        while (lo <= hi) {
            int mid = lo + (hi - lo) / 2;
            int c = strcmp(msgid, t->entries[mid].msgid);
            if (c == 0)
                return &t->entries[mid];
            if (c < 0)
                hi = mid - 1;
            else
                lo = mid + 1;
        }
    }
    return NULL;
}

const char *i18n_tr(const char *msgid)
{
    const struct i18n_entry *e = lookup(msgid);
    return e ? e->one : msgid;
}

const char *i18n_ntr(const char *singular, const char *plural, long n)
{
    const struct i18n_entry *e = lookup(singular);
    if (e)
        return n == 1 ? e->one : e->other;
    return n == 1 ? singular : plural;
}

enum lang i18n_from_accept(const char *accept)
{
    /* Pick the supported language with the highest q; ties go to the
     * earlier entry. Anything malformed is skipped. */
    enum lang best = LANG_EN;
    double best_q = -1;
    const char *p = accept;
    while (p && *p) {
        while (*p == ' ' || *p == ',')
            p++;
        char tag[16];
        size_t n = 0;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && n < sizeof tag - 1)
            tag[n++] = (char)tolower((unsigned char)*p++);
        tag[n] = '\0';
        double q = 1.0;
        while (*p && *p != ',') {
            if (*p == ';') {
                const char *qs = strstr(p, "q=");
                if (qs && (strchr(p, ',') == NULL || qs < strchr(p, ',')))
                    sscanf(qs + 2, "%lf", &q);
            }
            p++;
        }
        char primary[16];
        snprintf(primary, sizeof primary, "%.*s", (int)strcspn(tag, "-_"), tag);
        int l = i18n_parse(primary);
        if (l >= 0 && q > best_q && q > 0) {
            best = (enum lang)l;
            best_q = q;
        }
    }
    return best;
}

/* The calendar fields of t shifted by the offset, by arithmetic (gmtime_r
 * takes the C library's time zone lock on every call, and a history page
 * formats hundreds of dates). */
static void to_tm(int64_t t, int tz_offset_min, struct tm *tm)
{
    int64_t local = t + (int64_t)tz_offset_min * 60;
    int64_t days = tz_floor_div(local, 86400), secs = local - days * 86400;
    int y, m, d;
    tz_civil_from_days(days, &y, &m, &d);
    memset(tm, 0, sizeof *tm);
    tm->tm_year = y - 1900;
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_min = (int)(secs / 60 % 60);
    tm->tm_sec = (int)(secs % 60);
    tm->tm_wday = tz_weekday(days);
}

void i18n_format_date(char *out, size_t n, int64_t t, int tz_offset_min)
{
    struct tm tm;
    to_tm(t, tz_offset_min, &tm);
    static const char *const months[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"),
                                         N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
                                         N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};
    if (current == LANG_DE)
        str_fmt(out, n, "%02d.%02d.%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
    else
        str_fmt(out, n, "%d %s %04d", tm.tm_mday, _(months[tm.tm_mon]), tm.tm_year + 1900);
}

void i18n_format_datetime(char *out, size_t n, int64_t t, int tz_offset_min)
{
    char date[64];
    struct tm tm;
    i18n_format_date(date, sizeof date, t, tz_offset_min);
    to_tm(t, tz_offset_min, &tm);
    if (current == LANG_DE) {
        str_fmt(out, n, "%s, %02d:%02d", date, tm.tm_hour, tm.tm_min);
    } else {
        int h = tm.tm_hour % 12;
        str_fmt(out, n, "%s, %d:%02d %s", date, h ? h : 12, tm.tm_min,
                tm.tm_hour < 12 ? "am" : "pm");
    }
}

void i18n_format_number(char *out, size_t n, double v, int decimals)
{
    snprintf(out, n, "%.*f", decimals, v);
    if (current == LANG_DE) {
        char *dot = strchr(out, '.');
        if (dot)
            *dot = ',';
    }
}
