/*
 * clinic.c - exam grades and notes, written feedback and plan changes for
 * the clinician's workspace (clinic.h). The grades' definitions follow
 * CLINICAL.md ("Exam grading"), in Pace's own words.
 */
#include "core/clinic.h"

#include "core/i18n.h"
#include "core/tz.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)

/* ---- grades ---- */

static const struct {
    const char *name, *code, *source, *definition, *plain;
} grades[CLINIC_GRADE_MAX] = {
    {N_("Lamont 1"), "lamont-1", "Lamont (1978)",
     N_("Spasm that eases with reassurance: she can relax for the exam."),
     N_("Your muscles tightened at the exam and could let go again once you felt reassured.")},
    {N_("Lamont 2"), "lamont-2", "Lamont (1978)",
     N_("Spasm throughout the pelvis that stays despite reassurance."),
     N_("Your muscles stayed tight during the exam, even with reassurance. This is common, and "
        "gentle practice can ease it.")},
    {N_("Lamont 3"), "lamont-3", "Lamont (1978)",
     N_("Spasm strong enough that she lifts her buttocks to avoid the exam."),
     N_("The tightness was strong enough that your body moved away from the exam to protect "
        "itself.")},
    {N_("Lamont 4"), "lamont-4", "Lamont (1978)",
     N_("Full retreat: she lifts her buttocks, moves away and closes her thighs tightly."),
     N_("Your whole body pulled back from the exam to protect itself.")},
    {N_("Pacik 5"), "pacik-5", "Pacik (2010)",
     N_("A whole-body reaction: sweating, fast breathing, palpitations, trembling, nausea or "
        "vomiting, fainting, wanting to get off the table."),
     N_("Your body reacted strongly all over, for example with sweating, fast breathing, a "
        "racing heart or feeling faint.")},
};

static bool grade_ok(int g)
{
    return g >= CLINIC_GRADE_MIN && g <= CLINIC_GRADE_MAX;
}

const char *clinic_grade_name(int g)
{
    return grade_ok(g) ? _(grades[g - 1].name) : NULL;
}

const char *clinic_grade_definition(int g)
{
    return grade_ok(g) ? _(grades[g - 1].definition) : NULL;
}

const char *clinic_grade_plain(int g)
{
    return grade_ok(g) ? _(grades[g - 1].plain) : NULL;
}

const char *clinic_grade_source(int g)
{
    return grade_ok(g) ? grades[g - 1].source : NULL;
}

const char *clinic_grade_code(int g)
{
    return grade_ok(g) ? grades[g - 1].code : NULL;
}

/* ---- exam notes ---- */

void clinic_exam_init(struct exam_note *n)
{
    memset(n, 0, sizeof *n);
}

static void wipe_free(char *s)
{
    if (s) {
        volatile char *p = s;
        while (*p)
            *p++ = '\0';
        free(s);
    }
}

void clinic_exam_clear(struct exam_note *n)
{
    wipe_free(n->findings);
    wipe_free(n->patient_note);
    clinic_exam_init(n);
}

/* Days since 1970 of a "YYYY-MM-DD" from 2000 to 2100; -1 otherwise. */
static int64_t date_days(const char *s)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    int64_t days = tz_days_from_civil(y, m, d);
    int y2, m2, d2;
    tz_civil_from_days(days, &y2, &m2, &d2);
    return y2 == y && m2 == m && d2 == d ? days : -1; /* no 31 April */
}

int64_t clinic_date_noon(const char *date)
{
    int64_t d = date_days(date);
    return d < 0 ? 0 : d * DAY + DAY / 2;
}

/* Free text of at most max characters (newlines allowed). */
static int text_ok(const char *s, size_t max, bool required, const char *field,
                   struct pace_error *err)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0)
        return required ? pace_fail(err, PACE_EINVAL, field, "%s", _("Please write a few words."))
                        : 0;
    if (!str_valid_text(s, len) || strchr(s, '\t'))
        return pace_fail(err, PACE_EINVAL, field, "%s",
                         _("Please use plain text without control characters."));
    if (str_utf8_len(s) > max)
        return pace_fail(err, PACE_EINVAL, field, _("Please keep it to %zu characters."), max);
    return 0;
}

int clinic_exam_check(const struct exam_note *n, int64_t now, int tz, struct pace_error *err)
{
    int64_t d = date_days(n->date);
    if (d < 0)
        return pace_fail(err, PACE_EINVAL, "date", "%s",
                         _("Please give the day of the exam, like 2026-11-24."));
    if (d > tz_floor_div(now + (int64_t)tz * 60, DAY))
        return pace_fail(err, PACE_EINVAL, "date", "%s",
                         _("The day of the exam cannot be in the future."));
    if (!grade_ok(n->grade))
        return pace_fail(err, PACE_EINVAL, "grade", "%s",
                         _("Please choose a grade from 1 to 5: Lamont 1 to 4, or Pacik 5."));
    int rc = text_ok(n->findings, CLINIC_FINDINGS_MAX, false, "findings", err);
    if (rc == 0)
        rc = text_ok(n->patient_note, CLINIC_NOTE_MAX, false, "patient_note", err);
    return rc;
}

static int only_keys(const json_t *j, const char *const *keys, size_t n, struct pace_error *err)
{
    if (!json_is_object(j))
        return pace_fail(err, PACE_EINVAL, NULL, "%s", _("The body must be a JSON object."));
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v)
    {
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(k, keys[i]) == 0;
        if (!known)
            return pace_fail(err, PACE_EINVAL, k, _("\"%.60s\" is not a field here."), k);
    }
    return 0;
}

/* An optional string member into a new string ("" when absent). */
static int opt_string(const json_t *j, const char *key, char **out, struct pace_error *err)
{
    const json_t *v = json_object_get(j, key);
    if (v && !json_is_string(v) && !json_is_null(v))
        return pace_fail(err, PACE_EINVAL, key, _("%s must be text."), key);
    *out = xstrdup(v && json_is_string(v) ? json_string_value(v) : "");
    return 0;
}

int clinic_exam_from_json(const json_t *j, int64_t now, struct exam_note *n, struct pace_error *err)
{
    clinic_exam_clear(n);
    static const char *const keys[] = {"date", "grade", "findings", "patient_note"};
    int rc = only_keys(j, keys, 4, err);
    if (rc != 0)
        return rc;
    const json_t *d = json_object_get(j, "date"), *g = json_object_get(j, "grade");
    if (!json_is_string(d))
        return pace_fail(err, PACE_EINVAL, "date", "%s",
                         _("Please give the day of the exam, like 2026-11-24."));
    snprintf(n->date, sizeof n->date, "%.10s", json_string_value(d));
    if (strlen(json_string_value(d)) != 10)
        n->date[0] = 'x'; /* a longer text is no date */
    if (!json_is_integer(g))
        return pace_fail(err, PACE_EINVAL, "grade", "%s",
                         _("Please choose a grade from 1 to 5: Lamont 1 to 4, or Pacik 5."));
    json_int_t gv = json_integer_value(g);
    n->grade = gv < 0 || gv > 100 ? 0 : (int)gv;
    if ((rc = opt_string(j, "findings", &n->findings, err)) == 0)
        rc = opt_string(j, "patient_note", &n->patient_note, err);
    if (rc == 0)
        rc = clinic_exam_check(n, now, 14 * 60, err);
    if (rc != 0)
        clinic_exam_clear(n);
    return rc;
}

static json_t *time_json(int64_t t)
{
    if (t <= 0)
        return json_null();
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

json_t *clinic_exam_to_json(const struct exam_note *n)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(n->public_id));
    json_object_set_new(j, "date", json_string(n->date));
    json_object_set_new(j, "grade", json_integer(n->grade));
    json_object_set_new(j, "grade_code", json_string(clinic_grade_code(n->grade)));
    json_object_set_new(j, "grade_name", json_string(clinic_grade_name(n->grade)));
    json_object_set_new(j, "definition", json_string(clinic_grade_definition(n->grade)));
    json_object_set_new(j, "plain", json_string(clinic_grade_plain(n->grade)));
    json_object_set_new(j, "findings", json_string(n->findings ? n->findings : ""));
    json_object_set_new(j, "patient_note", json_string(n->patient_note ? n->patient_note : ""));
    json_object_set_new(j, "author",
                        n->author_email[0] ? json_string(n->author_email) : json_null());
    json_object_set_new(j, "created_at", time_json(n->created_at));
    return j;
}

/* ---- feedback ---- */

int clinic_feedback_check(const char *text, struct pace_error *err)
{
    return text_ok(text, CLINIC_FEEDBACK_MAX, true, "text", err);
}

void clinic_feedback_list_free(struct clinic_feedback *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        wipe_free(items[i].text);
    free(items);
}

/* ---- plan changes ---- */

static const char *const kind_names[CHANGE_KIND_COUNT] = {"proposal", "edit"};
static const char *const status_names[CHANGE_STATUS_COUNT] = {"open", "accepted", "declined",
                                                              "withdrawn", "applied"};

const char *clinic_change_kind_name(enum change_kind k)
{
    return (unsigned)k < CHANGE_KIND_COUNT ? kind_names[k] : NULL;
}

int clinic_change_kind_parse(const char *s)
{
    for (int i = 0; s && i < CHANGE_KIND_COUNT; i++)
        if (strcmp(s, kind_names[i]) == 0)
            return i;
    return -1;
}

const char *clinic_change_status_name(enum change_status s)
{
    return (unsigned)s < CHANGE_STATUS_COUNT ? status_names[s] : NULL;
}

int clinic_change_status_parse(const char *s)
{
    for (int i = 0; s && i < CHANGE_STATUS_COUNT; i++)
        if (strcmp(s, status_names[i]) == 0)
            return i;
    return -1;
}

int clinic_change_check(const struct plan_library *l, const struct plan_change *ch,
                        const struct plan_choice *current, int64_t now, struct pace_error *err)
{
    if (ch->program_id[0] && plan_program_find(l, ch->program_id) == NULL)
        return pace_fail(err, PACE_EINVAL, "program", "%s", _("There is no such program."));
    /* Her rules now, to compare with and to keep safety stops strict. */
    struct engine_rules now_rules;
    plan_rules(plan_program_find(l, current->program_id), current, now, &now_rules);
    bool changed = ch->program_id[0] && strcmp(ch->program_id, current->program_id) != 0;
    char field[80];
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        if (!ch->set[i])
            continue;
        snprintf(field, sizeof field, "params.%s", engine_params[i].name);
        struct pace_error e = {0};
        if (engine_param_check((enum engine_param)i, ch->v[i], &e) != 0)
            return pace_fail(err, PACE_EINVAL, field, "%s", e.msg);
        /* A safety stop may become stricter, never looser (CLINICAL.md,
         * Safety): for the pain stop, lower. */
        if (engine_params[i].safety && ch->v[i] > now_rules.v[i])
            return pace_fail(err, PACE_EINVAL, field,
                             _("A safety stop can be made stricter, never looser: at most %d "
                               "here, her stop now."),
                             now_rules.v[i]);
        changed |= ch->v[i] != now_rules.v[i] || !current->set[i];
    }
    if (!changed)
        return pace_fail(err, PACE_EINVAL, "program", "%s",
                         _("This is her plan as it is. Please change at least one thing."));
    int rc = text_ok(ch->reason, CLINIC_REASON_MAX, true, "reason", err);
    if (rc != 0)
        return rc;
    struct plan_choice next;
    clinic_change_apply(ch, current, now, &next);
    struct pace_error e = {0};
    if ((rc = plan_choice_check(l, &next, &e)) != 0)
        return pace_fail(err, rc, e.field, "%s", e.msg);
    return 0;
}

void clinic_change_apply(const struct plan_change *ch, const struct plan_choice *current,
                         int64_t now, struct plan_choice *out)
{
    *out = *current;
    if (ch->program_id[0] && strcmp(ch->program_id, current->program_id) != 0) {
        snprintf(out->program_id, sizeof out->program_id, "%s", ch->program_id);
        out->started_at = now;
    }
    for (int i = 0; i < P_PARAM_COUNT; i++)
        if (ch->set[i]) {
            out->set[i] = true;
            out->v[i] = ch->v[i];
        }
}

int clinic_change_from_json(const json_t *j, struct plan_change *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    static const char *const keys[] = {"program", "params", "reason"};
    int rc = only_keys(j, keys, 3, err);
    if (rc != 0)
        return rc;
    const json_t *p = json_object_get(j, "program");
    if (p && !json_is_null(p)) {
        if (!json_is_string(p) || strlen(json_string_value(p)) >= PLAN_ID_MAX)
            return pace_fail(err, PACE_EINVAL, "program", "%s", _("There is no such program."));
        snprintf(out->program_id, sizeof out->program_id, "%s", json_string_value(p));
    }
    const json_t *params = json_object_get(j, "params");
    if (params && !json_is_object(params))
        return pace_fail(err, PACE_EINVAL, "params", "%s",
                         _("params must be an object of rule names and whole numbers."));
    const char *name;
    json_t *v;
    char field[80];
    json_object_foreach((json_t *)params, name, v)
    {
        snprintf(field, sizeof field, "params.%.60s", name);
        int k = engine_param_find(name);
        if (k < 0)
            return pace_fail(err, PACE_EINVAL, field, "%s", _("There is no rule with this name."));
        if (!json_is_integer(v) || json_integer_value(v) < -100000 ||
            json_integer_value(v) > 100000)
            return pace_fail(err, PACE_EINVAL, field, "%s", _("Please enter a whole number."));
        out->set[k] = true;
        out->v[k] = (int)json_integer_value(v);
    }
    const json_t *r = json_object_get(j, "reason");
    if (!json_is_string(r))
        return pace_fail(err, PACE_EINVAL, "reason", "%s",
                         _("Please say in a few words why you suggest this."));
    if (strlen(json_string_value(r)) >= sizeof out->reason)
        return pace_fail(err, PACE_EINVAL, "reason", _("Please keep it to %zu characters."),
                         (size_t)CLINIC_REASON_MAX);
    snprintf(out->reason, sizeof out->reason, "%s", json_string_value(r));
    return 0;
}

json_t *clinic_change_to_json(const struct plan_change *ch)
{
    json_t *params = json_object();
    for (int i = 0; i < P_PARAM_COUNT; i++)
        if (ch->set[i])
            json_object_set_new(params, engine_params[i].name, json_integer(ch->v[i]));
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(ch->public_id));
    json_object_set_new(j, "kind", json_string(clinic_change_kind_name(ch->kind)));
    json_object_set_new(j, "status", json_string(clinic_change_status_name(ch->status)));
    json_object_set_new(j, "program",
                        ch->program_id[0] ? json_string(ch->program_id) : json_null());
    json_object_set_new(j, "params", params);
    json_object_set_new(j, "reason", json_string(ch->reason));
    json_object_set_new(j, "author",
                        ch->author_email[0] ? json_string(ch->author_email) : json_null());
    json_object_set_new(j, "created_at", time_json(ch->created_at));
    json_object_set_new(j, "decided_at", time_json(ch->decided_at));
    return j;
}

void clinic_change_text(const struct plan_library *l, const struct plan_change *ch, char *out,
                        size_t n)
{
    struct buf b = {0};
    const struct program *p = ch->program_id[0] ? plan_program_find(l, ch->program_id) : NULL;
    if (p)
        buf_printf(&b, "%s: %s.", _("Program"), _(p->name));
    for (int i = 0; i < P_PARAM_COUNT; i++)
        if (ch->set[i])
            buf_printf(&b, "%s%s: %d.", b.len ? " " : "", _(engine_params[i].label), ch->v[i]);
    snprintf(out, n, "%s", b.data ? b.data : "");
    buf_free(&b);
}
