/*
 * csv.c - her sessions as RFC 4180 CSV, safe to open in a spreadsheet:
 * the formula guard (export.h, csv_cell) can always be undone exactly.
 */
#include "core/export.h"

#include <stdio.h>
#include <string.h>

void csv_cell(struct buf *out, const char *s)
{
    if (s == NULL)
        s = "";
    /* A spreadsheet runs a cell that starts like a formula; an apostrophe
     * in front makes it plain text there. A cell that already starts with
     * an apostrophe gets one too, so that dropping one leading apostrophe
     * gives every cell back exactly, whatever it held. */
    bool guard = s[0] != '\0' && strchr("=+-@'\t\r", s[0]) != NULL;
    bool quote = guard || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        buf_puts(out, s);
        return;
    }
    buf_putc(out, '"');
    if (guard)
        buf_putc(out, '\'');
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            buf_putc(out, '"');
        buf_putc(out, *c);
    }
    buf_putc(out, '"');
}

static const char *const columns[] = {
    "id",         "started_at",    "duration_s", "dilator_id",  "diameter_mm",    "temperature",
    "lubricant",  "with_partner",  "exercises",  "before_fear", "before_tension", "before_pain",
    "after_fear", "after_tension", "after_pain", "max_pain",    "spasms",         "outcome",
    "felt_safe",  "helped",        "safety",     "note",
};

static void cell_int(struct buf *out, bool set, int v)
{
    if (set)
        buf_printf(out, "%d", v);
}

static void cell_set(struct buf *out, unsigned bits, const char *const *names, int n)
{
    struct buf t = {0};
    for (int i = 0; i < n; i++)
        if (bits & (1u << i)) {
            if (t.len)
                buf_putc(&t, ';');
            buf_puts(&t, names[i]);
        }
    csv_cell(out, t.data ? t.data : "");
    buf_free(&t);
}

static void row(struct buf *out, const struct practice *p)
{
    char when[32];
    rfc3339_format(p->started_at, when, sizeof when);
    csv_cell(out, p->id);
    buf_putc(out, ',');
    csv_cell(out, when);
    buf_printf(out, ",%d,", p->duration_s);
    csv_cell(out, p->dilator_id);
    buf_putc(out, ',');
    if (p->diameter_mm > 0)
        buf_printf(out, "%.1f", p->diameter_mm);
    buf_putc(out, ',');
    csv_cell(out, temperature_name(p->temperature));
    buf_putc(out, ',');
    csv_cell(out, lubricant_name(p->lubricant));
    buf_printf(out, ",%s,", p->with_partner ? "true" : "false");
    cell_set(out, p->exercises, exercise_names, EXERCISE_COUNT);
    const struct scores *sc[2] = {&p->before, &p->after};
    for (int k = 0; k < 2; k++) {
        buf_putc(out, ',');
        cell_int(out, sc[k]->set, sc[k]->fear);
        buf_putc(out, ',');
        cell_int(out, sc[k]->set, sc[k]->tension);
        buf_putc(out, ',');
        cell_int(out, sc[k]->set, sc[k]->pain);
    }
    buf_putc(out, ',');
    cell_int(out, p->max_pain >= 0, p->max_pain);
    buf_putc(out, ',');
    /* "at:duration" in seconds, separated by ';' */
    struct buf sp = {0};
    for (size_t i = 0; i < p->nspasms; i++)
        buf_printf(&sp, "%s%d:%d", i ? ";" : "", p->spasms[i].at_s, p->spasms[i].duration_s);
    csv_cell(out, sp.data ? sp.data : "");
    buf_free(&sp);
    buf_putc(out, ',');
    csv_cell(out, outcome_name(p->outcome));
    buf_putc(out, ',');
    if (p->felt_safe >= 0)
        buf_puts(out, p->felt_safe ? "true" : "false");
    buf_putc(out, ',');
    cell_set(out, p->helped, helped_names, HELPED_COUNT);
    buf_putc(out, ',');
    cell_set(out, p->safety, safety_names, SAFETY_COUNT);
    buf_putc(out, ',');
    csv_cell(out, p->note ? p->note : "");
    buf_puts(out, "\r\n");
}

void csv_sessions(const struct practice *items, size_t n, bool bom, struct buf *out)
{
    if (bom)
        buf_puts(out, CSV_BOM);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        if (i)
            buf_putc(out, ',');
        buf_puts(out, columns[i]);
    }
    buf_puts(out, "\r\n");
    for (size_t i = 0; i < n; i++)
        row(out, &items[i]);
}
