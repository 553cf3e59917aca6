/*
 * ladder.c - the comfort ladder's items, its strict validation from JSON
 * and from form text, its JSON form, and when a new entry is offered.
 */
#include "core/ladder.h"

#include "core/i18n.h"
#include "core/practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[LADDER_COUNT] = {
    [LADDER_TAMPON] = "tampon",     [LADDER_COTTON_SWAB] = "cotton_swab",
    [LADDER_FINGER] = "finger",     [LADDER_GYN_EXAM] = "gyn_exam",
    [LADDER_DILATOR] = "dilator",   [LADDER_INTERCOURSE] = "intercourse",
};

static const char *const labels[LADDER_COUNT] = {
    [LADDER_TAMPON] = N_("A tampon"),
    [LADDER_COTTON_SWAB] = N_("A cotton swab"),
    [LADDER_FINGER] = N_("A finger"),
    [LADDER_GYN_EXAM] = N_("A gynaecological exam"),
    [LADDER_DILATOR] = N_("A dilator"),
    [LADDER_INTERCOURSE] = N_("Intercourse"),
};

void ladder_entry_init(struct ladder_entry *e)
{
    memset(e, 0, sizeof *e);
    for (int i = 0; i < LADDER_COUNT; i++) {
        e->a[i].anxiety = -1;
        e->a[i].pain = -1;
    }
}

const char *ladder_item_name(enum ladder_item i)
{
    return (unsigned)i < LADDER_COUNT ? names[i] : NULL;
}

const char *ladder_item_label(enum ladder_item i)
{
    return (unsigned)i < LADDER_COUNT ? labels[i] : NULL;
}

int ladder_item_parse(const char *name)
{
    for (int i = 0; name && i < LADDER_COUNT; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

bool ladder_answer_given(const struct ladder_answer *a)
{
    return a->anxiety >= 0 || a->pain >= 0 || a->not_tried;
}

int ladder_answered(const struct ladder_entry *e)
{
    int n = 0;
    for (int i = 0; i < LADDER_COUNT; i++)
        n += ladder_answer_given(&e->a[i]);
    return n;
}

/* "items.finger.pain" into out. */
static void path(char *out, size_t n, int item, const char *key)
{
    snprintf(out, n, "items.%s%s%s", names[item], key ? "." : "", key ? key : "");
}

int ladder_validate(const struct ladder_entry *e, struct pace_error *err)
{
    char f[64];
    for (int i = 0; i < LADDER_COUNT; i++) {
        const struct ladder_answer *a = &e->a[i];
        if (a->anxiety < -1 || a->anxiety > 10) {
            path(f, sizeof f, i, "anxiety");
            return pace_fail(err, PACE_EINVAL, f, _("%s must be a whole number from 0 to 10."), f);
        }
        if (a->pain < -1 || a->pain > 10) {
            path(f, sizeof f, i, "pain");
            return pace_fail(err, PACE_EINVAL, f, _("%s must be a whole number from 0 to 10."), f);
        }
        if (a->not_tried && a->pain >= 0) {
            path(f, sizeof f, i, "pain");
            return pace_fail(err, PACE_EINVAL, f,
                             _("%s: pain can only be given for something you have tried. "
                               "Leave it empty, or set not_tried to false."),
                             f);
        }
    }
    if (ladder_answered(e) == 0)
        return pace_fail(err, PACE_EINVAL, "items", "%s",
                         _("Please answer at least one line of the ladder. You can skip the "
                           "others."));
    return 0;
}

/* Reads an optional 0-10 score: absent or null leaves -1. */
static int get_score(const json_t *v, const char *field, int *out, struct pace_error *err)
{
    *out = -1;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 10)
        return pace_fail(err, PACE_EINVAL, field,
                         _("%s must be a whole number from 0 to 10, or null."), field);
    *out = (int)json_integer_value(v);
    return 0;
}

static int item_from_json(int item, const json_t *v, struct ladder_answer *a,
                          struct pace_error *err)
{
    char f[64];
    path(f, sizeof f, item, NULL);
    if (json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return pace_fail(err, PACE_EINVAL, f,
                         _("%s must be an object with anxiety, pain and not_tried."), f);
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x)
    {
        if (strcmp(k, "anxiety") && strcmp(k, "pain") && strcmp(k, "not_tried")) {
            char uf[128];
            snprintf(uf, sizeof uf, "%s.%.40s", f, k);
            return pace_fail(err, PACE_EINVAL, uf, _("%s is not a known field."), uf);
        }
    }
    path(f, sizeof f, item, "anxiety");
    int rc = get_score(json_object_get(v, "anxiety"), f, &a->anxiety, err);
    path(f, sizeof f, item, "pain");
    if (rc == 0)
        rc = get_score(json_object_get(v, "pain"), f, &a->pain, err);
    if (rc != 0)
        return rc;
    const json_t *nt = json_object_get(v, "not_tried");
    if (nt && !json_is_null(nt)) {
        if (!json_is_boolean(nt)) {
            path(f, sizeof f, item, "not_tried");
            return pace_fail(err, PACE_EINVAL, f, _("%s must be true or false."), f);
        }
        a->not_tried = json_is_true(nt);
    }
    return 0;
}

int ladder_items_from_json(const json_t *items, struct ladder_entry *out, struct pace_error *err)
{
    ladder_entry_init(out);
    if (!json_is_object(items))
        return pace_fail(err, PACE_EINVAL, "items",
                         "%s", _("items must be an object with one entry per ladder item."));
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)items, k, v)
    {
        int i = ladder_item_parse(k);
        if (i < 0) {
            char f[96];
            snprintf(f, sizeof f, "items.%.40s", k);
            return pace_fail(err, PACE_EINVAL, f,
                             _("%s is not a ladder item. The items are tampon, cotton_swab, "
                               "finger, gyn_exam, dilator and intercourse."),
                             f);
        }
        int rc = item_from_json(i, v, &out->a[i], err);
        if (rc != 0)
            return rc;
    }
    return ladder_validate(out, err);
}

int ladder_from_json(const json_t *body, struct ladder_entry *out, struct pace_error *err)
{
    ladder_entry_init(out);
    if (!json_is_object(body))
        return pace_fail(err, PACE_EINVAL, NULL, "%s",
                         _("The body must be a JSON object with items."));
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)body, k, v)
    {
        if (strcmp(k, "items") != 0) {
            char f[64];
            snprintf(f, sizeof f, "%.40s", k);
            return pace_fail(err, PACE_EINVAL, f, _("%s is not a known field."), f);
        }
    }
    const json_t *items = json_object_get(body, "items");
    if (items == NULL)
        return pace_fail(err, PACE_EINVAL, "items", "%s",
                         _("Please send items: one entry per ladder item you answer."));
    return ladder_items_from_json(items, out, err);
}

/* A form score: empty or absent is -1 (*ok stays true); "0".."10" exactly. */
static int text_score(const char *s, bool *ok)
{
    *ok = true;
    if (s == NULL || *s == '\0')
        return -1;
    char *end;
    long v = strtol(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end != '\0' || v < 0 || v > 10 ||
        (s[0] == '0' && s[1] != '\0')) {
        *ok = false;
        return -1;
    }
    return (int)v;
}

int ladder_from_text(const char *const anxiety[LADDER_COUNT], const char *const pain[LADDER_COUNT],
                     struct ladder_entry *out, struct pace_error *err)
{
    ladder_entry_init(out);
    char f[64];
    for (int i = 0; i < LADDER_COUNT; i++) {
        struct ladder_answer *a = &out->a[i];
        bool ok;
        a->anxiety = text_score(anxiety[i], &ok);
        if (!ok) {
            path(f, sizeof f, i, "anxiety");
            return pace_fail(err, PACE_EINVAL, f, "%s",
                             _("Please choose a number from 0 to 10, or leave it empty."));
        }
        if (pain[i] && strcmp(pain[i], "not_tried") == 0) {
            a->not_tried = true;
            continue;
        }
        a->pain = text_score(pain[i], &ok);
        if (!ok) {
            path(f, sizeof f, i, "pain");
            return pace_fail(err, PACE_EINVAL, f, "%s",
                             _("Please choose a number from 0 to 10, \"not tried\", or leave "
                               "it empty."));
        }
    }
    return ladder_validate(out, err);
}

static json_t *score_json(int v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

json_t *ladder_items_json(const struct ladder_entry *e)
{
    json_t *o = json_object();
    for (int i = 0; i < LADDER_COUNT; i++) {
        const struct ladder_answer *a = &e->a[i];
        json_object_set_new(o, names[i],
                            json_pack("{s:o, s:o, s:b}", "anxiety", score_json(a->anxiety), "pain",
                                      score_json(a->pain), "not_tried", a->not_tried));
    }
    return o;
}

json_t *ladder_entry_json(const struct ladder_entry *e)
{
    char at[32];
    rfc3339_format(e->taken_at, at, sizeof at);
    return json_pack("{s:I, s:s, s:o}", "id", (json_int_t)e->id, "taken_at", at, "items",
                     ladder_items_json(e));
}

int64_t ladder_next_due(int64_t last_taken_at)
{
    return last_taken_at > 0 ? last_taken_at + (int64_t)LADDER_DUE_DAYS * 86400 : 0;
}

bool ladder_due(int64_t last_taken_at, int64_t now)
{
    return last_taken_at <= 0 || now >= ladder_next_due(last_taken_at);
}
