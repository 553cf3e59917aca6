/* practice.c - validating practice records and converting them to/from JSON. */
#include "practice.h"

#include "i18n.h"
#include "jsonout.h"
#include "tz.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const temperature_names[TEMP_COUNT] = {"room", "warm", "cool"};
static const char *const lubricant_names[LUBE_COUNT] = {"none", "water_based", "silicone_based",
                                                        "oil_based"};
static const char *const outcome_names[OUTCOME_COUNT] = {"completed", "stopped", "not_today"};
const char *const exercise_names[] = {"breathing", "relaxation", "body_awareness", "exploration",
                                      "flexibilization"};
const char *const helped_names[] = {"breathing", "warmth", "movement", "partner", "other"};
const char *const safety_names[] = {"bleeding", "infection", "clinician_rest"};

static int parse_name(const char *s, const char *const *names, int n)
{
    /* A name whose first letter differs is passed over without strcmp (a
     * list of sessions reads three names a row). */
    for (int i = 0; s && i < n; i++)
        if (s[0] == names[i][0] && strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *temperature_name(enum temperature t)
{
    return t >= 0 && t < TEMP_COUNT ? temperature_names[t] : NULL;
}
const char *lubricant_name(enum lubricant l)
{
    return l >= 0 && l < LUBE_COUNT ? lubricant_names[l] : NULL;
}
const char *outcome_name(enum outcome o)
{
    return o >= 0 && o < OUTCOME_COUNT ? outcome_names[o] : NULL;
}
int temperature_parse(const char *s)
{
    return parse_name(s, temperature_names, TEMP_COUNT);
}
int lubricant_parse(const char *s)
{
    return parse_name(s, lubricant_names, LUBE_COUNT);
}
int outcome_parse(const char *s)
{
    return parse_name(s, outcome_names, OUTCOME_COUNT);
}

void practice_init(struct practice *p)
{
    memset(p, 0, sizeof *p);
    p->max_pain = -1;
    p->felt_safe = -1;
    p->outcome = OUTCOME_COMPLETED;
}

void practice_clear(struct practice *p)
{
    free(p->note);
    practice_init(p);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Reads exactly n decimal digits (no sign, no spaces, unlike sscanf). */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

int rfc3339_parse(const char *s, int64_t *out)
{
    int y, mo, d, h, mi, sec;
    if (s == NULL || strnlen(s, 20) < 19 || !digits(s, 4, &y) || s[4] != '-' ||
        !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
        (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) || s[13] != ':' ||
        !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &sec))
        return -1;
    const char *p = s + 19;
    if (*p == '.') { /* fractional seconds are accepted and dropped */
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    int offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 || om > 59)
            return -1;
        offset = (oh * 60 + om) * (*p == '+' ? 1 : -1);
        p += 6;
    } else {
        return -1;
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*p != '\0' || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
        d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 || sec > 60)
        return -1;
    if (sec == 60)
        sec = 59;
    /* Days from the civil date (proleptic Gregorian), without timegm's
     * dependence on the environment. */
    int64_t yy = y - (mo <= 2);
    int64_t era = yy / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    *out = days * 86400 + h * 3600 + mi * 60 + sec - (int64_t)offset * 60;
    return 0;
}

static void two_digits(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

void rfc3339_format(int64_t t, char *out, size_t n)
{
    /* By arithmetic, not gmtime_r and strftime: an API list formats a few
     * hundred of these (and gmtime_r takes the C library's lock). */
    int64_t days = tz_floor_div(t, 86400), secs = t - days * 86400;
    int y, m, d;
    tz_civil_from_days(days, &y, &m, &d);
    int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60), ss = (int)(secs % 60);
    if (y < 0 || y > 9999 || n < 21) {
        snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
        return;
    }
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    two_digits(out + 2, y % 100);
    out[4] = '-';
    two_digits(out + 5, m);
    out[7] = '-';
    two_digits(out + 8, d);
    out[10] = 'T';
    two_digits(out + 11, hh);
    out[13] = ':';
    two_digits(out + 14, mm);
    out[16] = ':';
    two_digits(out + 17, ss);
    out[19] = 'Z';
    out[20] = '\0';
}

static int bad(struct pace_error *err, const char *field, const char *msg)
{
    return pace_fail(err, PACE_EINVAL, field, "%s", msg);
}

static int get_int(const json_t *v, const char *field, int lo, int hi, int *out,
                   struct pace_error *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return pace_fail(err, PACE_EINVAL, field, _("%s must be a whole number from %d to %d."),
                         field, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

static int get_scores(const json_t *v, const char *field, struct scores *s, struct pace_error *err)
{
    s->set = false;
    if (json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return pace_fail(err, PACE_EINVAL, field,
                         _("%s must be an object with fear, tension and pain, or null."), field);
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x)
    {
        if (strcmp(k, "fear") && strcmp(k, "tension") && strcmp(k, "pain")) {
            char f[96];
            snprintf(f, sizeof f, "%s.%s", field, k);
            return pace_fail(err, PACE_EINVAL, f, _("%s is not a known field."), f);
        }
    }
    static const char *const keys[] = {"fear", "tension", "pain"};
    int *dst[] = {&s->fear, &s->tension, &s->pain};
    for (int i = 0; i < 3; i++) {
        char f[96];
        snprintf(f, sizeof f, "%s.%s", field, keys[i]);
        int rc = get_int(json_object_get(v, keys[i]), f, 0, 10, dst[i], err);
        if (rc)
            return rc;
    }
    s->set = true;
    return 0;
}

static int get_set(const json_t *v, const char *field, const char *const *names, int n,
                   unsigned *out, struct pace_error *err)
{
    *out = 0;
    if (!json_is_array(v))
        return pace_fail(err, PACE_EINVAL, field, _("%s must be a list."), field);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        int k = parse_name(json_string_value(x), names, n);
        if (k < 0) {
            char f[96];
            snprintf(f, sizeof f, "%s[%zu]", field, i);
            return pace_fail(err, PACE_EINVAL, f, _("%s is not one of the allowed values."), f);
        }
        *out |= 1u << k;
    }
    return 0;
}

static int get_enum(const json_t *v, const char *field, int (*parse)(const char *), int *out,
                    struct pace_error *err)
{
    int k = parse(json_string_value(v));
    if (k < 0)
        return pace_fail(err, PACE_EINVAL, field, _("%s is not one of the allowed values."), field);
    *out = k;
    return 0;
}

static const char *const known_keys[] = {
    "id",        "started_at",   "duration_s", "dilator_id", "diameter_mm", "temperature",
    "lubricant", "with_partner", "exercises",  "before",     "after",       "max_pain",
    "spasms",    "outcome",      "felt_safe",  "helped",     "safety",      "note",
};

static int from_json(const json_t *j, struct practice *p, struct pace_error *err)
{
    if (!json_is_object(j))
        return bad(err, NULL, _("A session must be a JSON object."));
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
            known = known || strcmp(k, known_keys[i]) == 0;
        if (!known)
            return pace_fail(err, PACE_EINVAL, k, _("%s is not a known field."), k);
    }
    int rc, tmp = 0;
    v = json_object_get(j, "started_at");
    if (!json_is_string(v) || rfc3339_parse(json_string_value(v), &p->started_at) != 0)
        return bad(err, "started_at",
                   _("started_at must be a date and time like 2026-11-24T19:05:00Z."));
    if ((v = json_object_get(j, "outcome")) == NULL)
        return bad(err, "outcome", _("outcome is required: completed, stopped or not_today."));
    if ((rc = get_enum(v, "outcome", outcome_parse, &tmp, err)))
        return rc;
    p->outcome = (enum outcome)tmp;
    if ((v = json_object_get(j, "duration_s")) &&
        (rc = get_int(v, "duration_s", 0, PRACTICE_MAX_DURATION_S, &p->duration_s, err)))
        return rc;
    v = json_object_get(j, "dilator_id");
    if (v && !json_is_null(v)) {
        const char *s = json_string_value(v);
        if (s == NULL || *s == '\0' || strlen(s) > PRACTICE_DILATOR_ID_MAX)
            return bad(err, "dilator_id", _("dilator_id must name an item in your kit."));
        snprintf(p->dilator_id, sizeof p->dilator_id, "%s", s);
    }
    v = json_object_get(j, "diameter_mm");
    if (v && !json_is_null(v)) {
        if (!json_is_number(v) || json_number_value(v) < 1 || json_number_value(v) > 80)
            return bad(err, "diameter_mm", _("diameter_mm must be a number from 1 to 80."));
        p->diameter_mm = json_number_value(v);
    }
    if ((v = json_object_get(j, "temperature")) &&
        (rc = get_enum(v, "temperature", temperature_parse, &tmp, err)))
        return rc;
    p->temperature = v ? (enum temperature)tmp : TEMP_ROOM;
    v = json_object_get(j, "lubricant");
    if (v && !json_is_null(v)) {
        if ((rc = get_enum(v, "lubricant", lubricant_parse, &tmp, err)))
            return rc;
        p->lubricant = (enum lubricant)tmp;
    }
    if ((v = json_object_get(j, "with_partner"))) {
        if (!json_is_boolean(v))
            return bad(err, "with_partner", _("with_partner must be true or false."));
        p->with_partner = json_is_true(v);
    }
    if ((v = json_object_get(j, "exercises")) &&
        (rc = get_set(v, "exercises", exercise_names, EXERCISE_COUNT, &p->exercises, err)))
        return rc;
    if ((v = json_object_get(j, "helped")) &&
        (rc = get_set(v, "helped", helped_names, HELPED_COUNT, &p->helped, err)))
        return rc;
    if ((v = json_object_get(j, "safety")) &&
        (rc = get_set(v, "safety", safety_names, SAFETY_COUNT, &p->safety, err)))
        return rc;
    if ((v = json_object_get(j, "before")) && (rc = get_scores(v, "before", &p->before, err)))
        return rc;
    if ((v = json_object_get(j, "after")) && (rc = get_scores(v, "after", &p->after, err)))
        return rc;
    v = json_object_get(j, "max_pain");
    if (v && !json_is_null(v) && (rc = get_int(v, "max_pain", 0, 10, &p->max_pain, err)))
        return rc;
    v = json_object_get(j, "felt_safe");
    if (v && !json_is_null(v)) {
        if (!json_is_boolean(v))
            return bad(err, "felt_safe", _("felt_safe must be true, false or null."));
        p->felt_safe = json_is_true(v);
    }
    if ((v = json_object_get(j, "spasms"))) {
        if (!json_is_array(v) || json_array_size(v) > PRACTICE_MAX_SPASMS)
            return bad(err, "spasms", _("spasms must be a list of at most 50 entries."));
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            char f[64];
            snprintf(f, sizeof f, "spasms[%zu]", i);
            if (!json_is_object(x))
                return pace_fail(err, PACE_EINVAL, f, _("%s must have at_s and duration_s."), f);
            const char *sk;
            json_t *sv;
            json_object_foreach(x, sk, sv)
            {
                if (strcmp(sk, "at_s") && strcmp(sk, "duration_s")) {
                    char uf[96];
                    snprintf(uf, sizeof uf, "spasms[%zu].%s", i, sk);
                    return pace_fail(err, PACE_EINVAL, uf, _("%s is not a known field."), uf);
                }
            }
            snprintf(f, sizeof f, "spasms[%zu].at_s", i);
            if ((rc = get_int(json_object_get(x, "at_s"), f, 0, PRACTICE_MAX_DURATION_S,
                              &p->spasms[i].at_s, err)))
                return rc;
            snprintf(f, sizeof f, "spasms[%zu].duration_s", i);
            if ((rc = get_int(json_object_get(x, "duration_s"), f, 1, PRACTICE_MAX_SPASM_S,
                              &p->spasms[i].duration_s, err)))
                return rc;
            p->nspasms = i + 1;
        }
    }
    v = json_object_get(j, "note");
    if (v && !json_is_null(v)) {
        if (!json_is_string(v))
            return bad(err, "note", _("note must be text."));
        p->note = xstrdup(json_string_value(v));
    }
    return 0;
}

int practice_from_json(const json_t *j, int64_t now, struct practice *p, struct pace_error *err)
{
    practice_init(p);
    int rc = from_json(j, p, err);
    if (rc == 0)
        rc = practice_validate(p, now, err);
    if (rc != 0)
        practice_clear(p);
    return rc;
}

int practice_validate(const struct practice *p, int64_t now, struct pace_error *err)
{
    /* 2000-01-01: nothing older is plausible; a day ahead allows for clocks
     * and time zones. */
    if (p->started_at < 946684800)
        return bad(err, "started_at", _("The date must be in the year 2000 or later."));
    if (p->started_at > now + 86400)
        return bad(err, "started_at", _("The date and time must not be in the future."));
    if (p->duration_s < 0 || p->duration_s > PRACTICE_MAX_DURATION_S)
        return bad(err, "duration_s", _("The duration must be from 0 to 4 hours."));
    if ((unsigned)p->temperature >= TEMP_COUNT)
        return bad(err, "temperature", _("temperature is not one of the allowed values."));
    if ((unsigned)p->lubricant >= LUBE_COUNT)
        return bad(err, "lubricant", _("lubricant is not one of the allowed values."));
    if ((unsigned)p->outcome >= OUTCOME_COUNT)
        return bad(err, "outcome", _("outcome is required: completed, stopped or not_today."));
    if (p->exercises >> EXERCISE_COUNT)
        return bad(err, "exercises", _("exercises is not one of the allowed values."));
    if (p->helped >> HELPED_COUNT)
        return bad(err, "helped", _("helped is not one of the allowed values."));
    if (p->safety >> SAFETY_COUNT)
        return bad(err, "safety", _("safety is not one of the allowed values."));
    if (p->felt_safe < -1 || p->felt_safe > 1)
        return bad(err, "felt_safe", _("felt_safe must be true, false or null."));
    /* No dilator is a valid session too: a stop before one was chosen, or
     * practice of breathing and relaxation alone (the program for pelvic-
     * floor relaxation has no dilator at all). Then there is no size. */
    if (p->dilator_id[0] == '\0' && p->diameter_mm != 0)
        return bad(err, "diameter_mm",
                   _("diameter_mm needs a dilator_id: the size of which dilator?"));
    size_t dl = strnlen(p->dilator_id, sizeof p->dilator_id);
    if (dl > PRACTICE_DILATOR_ID_MAX || !str_valid_text(p->dilator_id, dl) ||
        strpbrk(p->dilator_id, "\t\r\n"))
        return bad(err, "dilator_id", _("dilator_id must name an item in your kit."));
    /* Bleeding can be noticed after practice too; signs of an infection and
     * a clinician's advice to rest are reasons not to practise at all. */
    if (p->outcome != OUTCOME_NOT_TODAY && (p->safety & ~(unsigned)SAFETY_BLEEDING))
        return bad(err, "safety",
                   _("Only bleeding can be noted for a session that was practised: signs of an "
                     "infection or a clinician's advice to rest mean a session marked not "
                     "today."));
    if (p->diameter_mm != 0 && (p->diameter_mm < 1 || p->diameter_mm > 80 || isnan(p->diameter_mm)))
        return bad(err, "diameter_mm", _("diameter_mm must be a number from 1 to 80."));
    const struct scores *sc[] = {&p->before, &p->after};
    static const char *const names[] = {"before", "after"};
    for (int i = 0; i < 2; i++) {
        if (!sc[i]->set)
            continue;
        int v[] = {sc[i]->fear, sc[i]->tension, sc[i]->pain};
        static const char *const parts[] = {"fear", "tension", "pain"};
        for (int k = 0; k < 3; k++)
            if (v[k] < 0 || v[k] > 10) {
                char f[32];
                snprintf(f, sizeof f, "%s.%s", names[i], parts[k]);
                return pace_fail(err, PACE_EINVAL, f, _("%s must be a whole number from %d to %d."),
                                 f, 0, 10);
            }
    }
    if (p->max_pain < -1 || p->max_pain > 10)
        return bad(err, "max_pain", _("max_pain must be a whole number from 0 to 10."));
    if (p->nspasms > PRACTICE_MAX_SPASMS)
        return bad(err, "spasms", _("spasms must be a list of at most 50 entries."));
    for (size_t i = 0; i < p->nspasms; i++) {
        if (p->spasms[i].at_s < 0 || p->spasms[i].at_s > PRACTICE_MAX_DURATION_S ||
            (p->spasms[i].at_s > p->duration_s && p->duration_s > 0)) {
            char f[48];
            snprintf(f, sizeof f, "spasms[%zu].at_s", i);
            return pace_fail(err, PACE_EINVAL, f,
                             _("A spasm cannot start after the end of the session."));
        }
        if (p->spasms[i].duration_s < 1 || p->spasms[i].duration_s > PRACTICE_MAX_SPASM_S) {
            char f[48];
            snprintf(f, sizeof f, "spasms[%zu].duration_s", i);
            return pace_fail(err, PACE_EINVAL, f, _("%s must be a whole number from %d to %d."), f,
                             1, PRACTICE_MAX_SPASM_S);
        }
    }
    if (p->note) {
        size_t len = strlen(p->note);
        if (!str_valid_text(p->note, len))
            return bad(err, "note", _("The note contains characters that cannot be saved."));
        if (str_utf8_len(p->note) > PRACTICE_NOTE_MAX)
            return bad(err, "note", _("The note can have at most 4000 characters."));
    }
    return 0;
}

static json_t *set_json(unsigned bits, const char *const *names, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        if (bits & (1u << i))
            json_array_append_new(a, json_string(names[i]));
    return a;
}

static json_t *scores_json(const struct scores *s)
{
    if (!s->set)
        return json_null();
    return json_pack("{s:i, s:i, s:i}", "fear", s->fear, "tension", s->tension, "pain", s->pain);
}

json_t *practice_to_json(const struct practice *p)
{
    char when[32];
    rfc3339_format(p->started_at, when, sizeof when);
    json_t *j = json_object();
    json_object_set_new(j, "id", p->id[0] ? json_string(p->id) : json_null());
    json_object_set_new(j, "started_at", json_string(when));
    json_object_set_new(j, "duration_s", json_integer(p->duration_s));
    json_object_set_new(j, "dilator_id",
                        p->dilator_id[0] ? json_string(p->dilator_id) : json_null());
    json_object_set_new(j, "diameter_mm",
                        p->diameter_mm > 0 ? json_real(p->diameter_mm) : json_null());
    json_object_set_new(j, "temperature", json_string(temperature_name(p->temperature)));
    json_object_set_new(j, "lubricant", json_string(lubricant_name(p->lubricant)));
    json_object_set_new(j, "with_partner", json_boolean(p->with_partner));
    json_object_set_new(j, "exercises", set_json(p->exercises, exercise_names, EXERCISE_COUNT));
    json_object_set_new(j, "before", scores_json(&p->before));
    json_object_set_new(j, "after", scores_json(&p->after));
    json_object_set_new(j, "max_pain", p->max_pain >= 0 ? json_integer(p->max_pain) : json_null());
    json_t *sp = json_array();
    for (size_t i = 0; i < p->nspasms; i++)
        json_array_append_new(sp, json_pack("{s:i, s:i}", "at_s", p->spasms[i].at_s, "duration_s",
                                            p->spasms[i].duration_s));
    json_object_set_new(j, "spasms", sp);
    json_object_set_new(j, "outcome", json_string(outcome_name(p->outcome)));
    json_object_set_new(j, "felt_safe",
                        p->felt_safe < 0 ? json_null() : json_boolean(p->felt_safe));
    json_object_set_new(j, "helped", set_json(p->helped, helped_names, HELPED_COUNT));
    json_object_set_new(j, "safety", set_json(p->safety, safety_names, SAFETY_COUNT));
    json_object_set_new(j, "note", json_string(p->note ? p->note : ""));
    return j;
}

static void set_write(struct buf *b, unsigned bits, const char *const *names, int n)
{
    buf_putc(b, '[');
    bool first = true;
    for (int i = 0; i < n; i++)
        if (bits & (1u << i)) {
            if (!first)
                buf_putc(b, ',');
            jsonout_name(b, names[i]);
            first = false;
        }
    buf_putc(b, ']');
}

static void scores_write(struct buf *b, const struct scores *s)
{
    if (!s->set) {
        buf_add(b, "null", 4);
        return;
    }
    buf_puts(b, "{\"fear\":");
    jsonout_int(b, s->fear);
    buf_puts(b, ",\"tension\":");
    jsonout_int(b, s->tension);
    buf_puts(b, ",\"pain\":");
    jsonout_int(b, s->pain);
    buf_putc(b, '}');
}

/* ,"key": as one literal (a key needs no escaping; a list writes twenty
 * a row). */
#define FIELD(b, key) buf_add((b), ",\"" key "\":", sizeof(",\"" key "\":") - 1)

void practice_json_write(struct buf *b, const struct practice *p)
{
    char when[32];
    rfc3339_format(p->started_at, when, sizeof when);
    buf_putc(b, '{');
    buf_add(b, "\"id\":", 5);
    jsonout_str(b, p->id[0] ? p->id : NULL);
    FIELD(b, "started_at");
    jsonout_name(b, when);
    FIELD(b, "duration_s");
    jsonout_int(b, p->duration_s);
    FIELD(b, "dilator_id");
    jsonout_str(b, p->dilator_id[0] ? p->dilator_id : NULL);
    FIELD(b, "diameter_mm");
    if (p->diameter_mm > 0)
        jsonout_real(b, p->diameter_mm);
    else
        buf_add(b, "null", 4);
    FIELD(b, "temperature");
    jsonout_name(b, temperature_name(p->temperature));
    FIELD(b, "lubricant");
    jsonout_name(b, lubricant_name(p->lubricant));
    FIELD(b, "with_partner");
    buf_puts(b, p->with_partner ? "true" : "false");
    FIELD(b, "exercises");
    set_write(b, p->exercises, exercise_names, EXERCISE_COUNT);
    FIELD(b, "before");
    scores_write(b, &p->before);
    FIELD(b, "after");
    scores_write(b, &p->after);
    FIELD(b, "max_pain");
    if (p->max_pain >= 0)
        jsonout_int(b, p->max_pain);
    else
        buf_add(b, "null", 4);
    FIELD(b, "spasms");
    buf_putc(b, '[');
    for (size_t i = 0; i < p->nspasms; i++) {
        buf_puts(b, i ? ",{\"at_s\":" : "{\"at_s\":");
        jsonout_int(b, p->spasms[i].at_s);
        buf_puts(b, ",\"duration_s\":");
        jsonout_int(b, p->spasms[i].duration_s);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
    FIELD(b, "outcome");
    jsonout_name(b, outcome_name(p->outcome));
    FIELD(b, "felt_safe");
    buf_puts(b, p->felt_safe < 0 ? "null" : p->felt_safe ? "true" : "false");
    FIELD(b, "helped");
    set_write(b, p->helped, helped_names, HELPED_COUNT);
    FIELD(b, "safety");
    set_write(b, p->safety, safety_names, SAFETY_COUNT);
    FIELD(b, "note");
    jsonout_str(b, p->note ? p->note : "");
    buf_putc(b, '}');
}
