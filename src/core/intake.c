/*
 * intake.c - her intake self-assessment (intake.h): names, labels, checks
 * and the sealed JSON form. The questions are Pace's own.
 */
#include "core/intake.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

const char *const intake_situation_names[SIT_COUNT] = {"tampon",  "finger",      "swab", "exam",
                                                       "dilator", "intercourse", "other"};
const char *const intake_treatment_names[TRIED_COUNT] = {"dilators", "physio", "therapy",
                                                         "medication", "other"};
const char *const intake_onset_names[ONSET_COUNT] = {"", "always", "after"};
const char *const intake_checked_names[CHECKED_COUNT] = {"", "yes", "no", "not_sure"};

const char *intake_situation_label(int i)
{
    static const char *const l[SIT_COUNT] = {
        N_("Using a tampon"), N_("A finger"),    N_("A cotton swab"), N_("A gynaecological exam"),
        N_("A dilator"),      N_("Intercourse"), N_("Something else")};
    return i >= 0 && i < SIT_COUNT ? _(l[i]) : "";
}

const char *intake_treatment_label(int i)
{
    static const char *const l[TRIED_COUNT] = {N_("Dilators"), N_("Pelvic-floor physiotherapy"),
                                               N_("Talking therapy or counselling"),
                                               N_("Medication or creams"), N_("Something else")};
    return i >= 0 && i < TRIED_COUNT ? _(l[i]) : "";
}

const char *intake_onset_label(int i)
{
    static const char *const l[ONSET_COUNT] = {N_("Not answered"),
                                               N_("It has always been like this"),
                                               N_("It started after something happened")};
    return i >= 0 && i < ONSET_COUNT ? _(l[i]) : "";
}

const char *intake_checked_label(int i)
{
    static const char *const l[CHECKED_COUNT] = {N_("Not answered"), N_("Yes"), N_("No"),
                                                 N_("I'm not sure")};
    return i >= 0 && i < CHECKED_COUNT ? _(l[i]) : "";
}

int intake_name_find(const char *const *names, int count, const char *name)
{
    for (int i = 0; name && i < count; i++)
        if (names[i][0] && strcmp(names[i], name) == 0)
            return i;
    return -1;
}

struct text_field {
    const char *name;
    size_t off;
};
static const struct text_field texts[] = {
    {"onset_note", offsetof(struct intake, onset_note)},
    {"possible", offsetof(struct intake, possible)},
    {"pain_where", offsetof(struct intake, pain_where)},
    {"pain_when", offsetof(struct intake, pain_when)},
    {"tried_note", offsetof(struct intake, tried_note)},
    {"goals", offsetof(struct intake, goals)},
};
#define NTEXTS (sizeof texts / sizeof texts[0])

static const char *text_of(const struct intake *in, size_t i)
{
    return (const char *)in + texts[i].off;
}

int intake_check(const struct intake *in, struct pace_error *err)
{
    if ((unsigned)in->onset >= ONSET_COUNT)
        return pace_fail(err, PACE_EINVAL, "onset", "%s", _("Please choose one of the answers."));
    if ((unsigned)in->checked >= CHECKED_COUNT)
        return pace_fail(err, PACE_EINVAL, "checked", "%s", _("Please choose one of the answers."));
    if (in->hard >= 1u << SIT_COUNT || in->tried >= 1u << TRIED_COUNT)
        return pace_fail(err, PACE_EINVAL, "hard", "%s", _("Please choose from the list."));
    for (size_t i = 0; i < NTEXTS; i++) {
        const char *s = text_of(in, i);
        size_t len = strlen(s);
        if (len && (!str_valid_text(s, len) || strchr(s, '\t')))
            return pace_fail(err, PACE_EINVAL, texts[i].name, "%s",
                             _("Please use plain text without control characters."));
        if (str_utf8_len(s) > INTAKE_TEXT_MAX)
            return pace_fail(err, PACE_EINVAL, texts[i].name, _("Please keep it to %d characters."),
                             INTAKE_TEXT_MAX);
    }
    return 0;
}

static json_t *bits_json(unsigned bits, const char *const *names, int count)
{
    json_t *a = json_array();
    for (int i = 0; i < count; i++)
        if (bits & (1u << i))
            json_array_append_new(a, json_string(names[i]));
    return a;
}

json_t *intake_to_json(const struct intake *in)
{
    json_t *j = json_object();
    json_object_set_new(j, "onset",
                        in->onset ? json_string(intake_onset_names[in->onset]) : json_null());
    json_object_set_new(j, "hard", bits_json(in->hard, intake_situation_names, SIT_COUNT));
    json_object_set_new(j, "tried", bits_json(in->tried, intake_treatment_names, TRIED_COUNT));
    json_object_set_new(j, "checked",
                        in->checked ? json_string(intake_checked_names[in->checked]) : json_null());
    for (size_t i = 0; i < NTEXTS; i++)
        json_object_set_new(j, texts[i].name, json_string(text_of(in, i)));
    return j;
}

static int choice(const json_t *j, const char *key, const char *const *names, int count, int *out,
                  struct pace_error *err)
{
    const json_t *v = json_object_get(j, key);
    *out = 0;
    if (v == NULL || json_is_null(v))
        return 0;
    int k = json_is_string(v) ? intake_name_find(names, count, json_string_value(v)) : -1;
    if (k < 0)
        return pace_fail(err, PACE_EINVAL, key, "%s", _("Please choose one of the answers."));
    *out = k;
    return 0;
}

static int bits(const json_t *j, const char *key, const char *const *names, int count,
                unsigned *out, struct pace_error *err)
{
    const json_t *v = json_object_get(j, key), *e;
    size_t i;
    *out = 0;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return pace_fail(err, PACE_EINVAL, key, "%s", _("Please choose from the list."));
    json_array_foreach(v, i, e)
    {
        int k = json_is_string(e) ? intake_name_find(names, count, json_string_value(e)) : -1;
        if (k < 0)
            return pace_fail(err, PACE_EINVAL, key, "%s", _("Please choose from the list."));
        *out |= 1u << k;
    }
    return 0;
}

int intake_from_json(const json_t *j, struct intake *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(j))
        return pace_fail(err, PACE_EINVAL, NULL, "%s", _("The body must be a JSON object."));
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v)
    {
        bool known = strcmp(k, "onset") == 0 || strcmp(k, "hard") == 0 || strcmp(k, "tried") == 0 ||
                     strcmp(k, "checked") == 0;
        for (size_t i = 0; i < NTEXTS && !known; i++)
            known = strcmp(k, texts[i].name) == 0;
        if (!known)
            return pace_fail(err, PACE_EINVAL, k, _("\"%.60s\" is not a field here."), k);
    }
    int onset, checked, rc;
    if ((rc = choice(j, "onset", intake_onset_names, ONSET_COUNT, &onset, err)) != 0 ||
        (rc = choice(j, "checked", intake_checked_names, CHECKED_COUNT, &checked, err)) != 0 ||
        (rc = bits(j, "hard", intake_situation_names, SIT_COUNT, &out->hard, err)) != 0 ||
        (rc = bits(j, "tried", intake_treatment_names, TRIED_COUNT, &out->tried, err)) != 0)
        return rc;
    out->onset = (enum intake_onset)onset;
    out->checked = (enum intake_checked)checked;
    for (size_t i = 0; i < NTEXTS; i++) {
        const json_t *t = json_object_get(j, texts[i].name);
        if (t == NULL || json_is_null(t))
            continue;
        if (!json_is_string(t))
            return pace_fail(err, PACE_EINVAL, texts[i].name, _("%s must be text."), texts[i].name);
        if (json_string_length(t) >= INTAKE_TEXT_BYTES)
            return pace_fail(err, PACE_EINVAL, texts[i].name, _("Please keep it to %d characters."),
                             INTAKE_TEXT_MAX);
        snprintf((char *)out + texts[i].off, INTAKE_TEXT_BYTES, "%s", json_string_value(t));
    }
    return intake_check(out, err);
}

bool intake_suggest_check(const struct intake *in)
{
    return in->checked == CHECKED_NO;
}

bool intake_empty(const struct intake *in)
{
    if (in->onset || in->hard || in->tried || in->checked)
        return false;
    for (size_t i = 0; i < NTEXTS; i++)
        if (text_of(in, i)[0])
            return false;
    return true;
}
