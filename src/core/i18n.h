/*
 * i18n.h - the one translation function every user-facing string goes
 * through. English is the source language; other languages come from the
 * .po catalogues in po/, compiled into the binary at build time.
 *
 * The language is per thread: the web layer sets it for each request before
 * rendering, the CLI once at start.
 */
#ifndef PACE_I18N_H
#define PACE_I18N_H

#include <stdint.h>
#include <stddef.h>

enum lang { LANG_EN = 0, LANG_DE = 1, LANG_COUNT };

#define _(s) i18n_tr(s)
/* Marks a string for extraction without translating it yet. */
#define N_(s) (s)
/* Plural-aware: picks singular or plural by n (English and German rule). */
#define ngettext_(s, p, n) i18n_ntr((s), (p), (n))

void i18n_set_lang(enum lang l);
enum lang i18n_lang(void);
/* Returns the translation of msgid in the current language, or msgid. */
const char *i18n_tr(const char *msgid) __attribute__((format_arg(1)));
const char *i18n_ntr(const char *singular, const char *plural, long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
/* "en" or "de". */
const char *i18n_code(enum lang l);
/* Parses "de" / "en"; returns -1 for anything else. */
int i18n_parse(const char *code);
/* Picks the best supported language from an Accept-Language header value
 * (NULL allowed); English when nothing matches. */
enum lang i18n_from_accept(const char *accept);

/* Formats a UTC timestamp as a local date (e.g. "24 Nov 2026" / "24.11.2026")
 * and time (12-hour in English, 24-hour in German) into out. tz_offset_min
 * shifts UTC into the person's time zone. */
void i18n_format_date(char *out, size_t n, int64_t t, int tz_offset_min);
void i18n_format_datetime(char *out, size_t n, int64_t t, int tz_offset_min);
/* Formats a decimal number with the locale's separator, one decimal place
 * when frac is true. */
void i18n_format_number(char *out, size_t n, double v, int decimals);

#endif
