/* i18n_table.h - shape of the generated message tables (see scripts/po2c.py). */
#ifndef PACE_I18N_TABLE_H
#define PACE_I18N_TABLE_H

#include <stddef.h>

struct i18n_entry {
    const char *msgid;
    const char *one;   /* translation, or singular form */
    const char *other; /* plural form (same as one when there is none) */
};

struct i18n_table {
    const char *code;
    const struct i18n_entry *entries; /* sorted by msgid, strcmp order */
    int count;
};

extern const struct i18n_table i18n_tables[];

#endif
