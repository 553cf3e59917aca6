/*
 * fhir_clinic.c - exam grades as FHIR Observations and her intake as a
 * QuestionnaireResponse (fhir_clinic.h). The questions are Pace's own.
 */
#include "core/fhir_clinic.h"

#include "core/practice.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

static json_t *item(const char *link, const char *text, const char *type)
{
    return json_pack("{s:s, s:s, s:s}", "linkId", link, "text", text, "type", type);
}

static json_t *coding_options(const char *const *names, int count, int start)
{
    json_t *a = json_array();
    for (int i = start; i < count; i++)
        json_array_append_new(a, json_pack("{s:{s:s, s:s}}", "valueCoding", "system",
                                           FHIR_INTAKE_QUESTIONNAIRE, "code", names[i]));
    return a;
}

json_t *fhir_intake_questionnaire(void)
{
    json_t *items = json_array();
    json_t *q =
        item("onset", "Has it always been like this, or did it start after something?", "choice");
    json_object_set_new(q, "answerOption", coding_options(intake_onset_names, ONSET_COUNT, 1));
    json_array_append_new(items, q);
    json_array_append_new(items, item("onset_note", "What it started after", "text"));
    q = item("hard", "Situations that feel hard today", "choice");
    json_object_set_new(q, "repeats", json_true());
    json_object_set_new(q, "answerOption", coding_options(intake_situation_names, SIT_COUNT, 0));
    json_array_append_new(items, q);
    json_array_append_new(items, item("possible", "What is possible today", "text"));
    json_array_append_new(items, item("pain_where", "Where it hurts", "text"));
    json_array_append_new(items, item("pain_when", "When it hurts", "text"));
    q = item("tried", "Treatments tried", "choice");
    json_object_set_new(q, "repeats", json_true());
    json_object_set_new(q, "answerOption", coding_options(intake_treatment_names, TRIED_COUNT, 0));
    json_array_append_new(items, q);
    json_array_append_new(items, item("tried_note", "About the treatments tried", "text"));
    q = item("checked", "Has a clinician checked for physical causes?", "choice");
    json_object_set_new(q, "answerOption", coding_options(intake_checked_names, CHECKED_COUNT, 1));
    json_array_append_new(items, q);
    json_array_append_new(items, item("goals", "Goals", "text"));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s], s:o}", "resourceType", "Questionnaire",
                     "id", "pace-intake", "url", FHIR_INTAKE_QUESTIONNAIRE, "version", "1", "name",
                     "PaceIntake", "status", "active", "subjectType", "Patient", "item", items);
}

static void answer(json_t *items, const char *link, json_t *value_obj)
{
    json_array_append_new(items, json_pack("{s:s, s:[o]}", "linkId", link, "answer", value_obj));
}

static void coded(json_t *items, const char *link, const char *code)
{
    answer(items, link,
           json_pack("{s:{s:s, s:s}}", "valueCoding", "system", FHIR_INTAKE_QUESTIONNAIRE, "code",
                     code));
}

static void text(json_t *items, const char *link, const char *s)
{
    if (s[0])
        answer(items, link, json_pack("{s:s}", "valueString", s));
}

static void repeated(json_t *items, const char *link, unsigned bits, const char *const *names,
                     int count)
{
    if (!bits)
        return;
    json_t *answers = json_array();
    for (int i = 0; i < count; i++)
        if (bits & (1u << i))
            json_array_append_new(answers, json_pack("{s:{s:s, s:s}}", "valueCoding", "system",
                                                     FHIR_INTAKE_QUESTIONNAIRE, "code", names[i]));
    json_array_append_new(items, json_pack("{s:s, s:o}", "linkId", link, "answer", answers));
}

static json_t *intake_response(const char *subject, const struct intake *in)
{
    json_t *items = json_array();
    if (in->onset)
        coded(items, "onset", intake_onset_names[in->onset]);
    text(items, "onset_note", in->onset_note);
    repeated(items, "hard", in->hard, intake_situation_names, SIT_COUNT);
    text(items, "possible", in->possible);
    text(items, "pain_where", in->pain_where);
    text(items, "pain_when", in->pain_when);
    repeated(items, "tried", in->tried, intake_treatment_names, TRIED_COUNT);
    text(items, "tried_note", in->tried_note);
    if (in->checked)
        coded(items, "checked", intake_checked_names[in->checked]);
    text(items, "goals", in->goals);
    char at[32];
    rfc3339_format(in->updated_at, at, sizeof at);
    return json_pack("{s:s, s:s, s:s, s:s, s:{s:s}, s:s, s:o}", "resourceType",
                     "QuestionnaireResponse", "id", "intake", "questionnaire",
                     FHIR_INTAKE_QUESTIONNAIRE, "status", "completed", "subject", "reference",
                     subject, "authored", at, "item", items);
}

static json_t *observation(const char *subject, const struct exam_note *n)
{
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:[{s:[{s:s, s:s, s:s}]}], s:{s:s}, s:{s:s}, s:s, s:i, s:[{s:[{s:s, "
        "s:s, s:s}]}]}",
        "resourceType", "Observation", "id", n->public_id, "status", "final", "category", "coding",
        "system", "http://terminology.hl7.org/CodeSystem/observation-category", "code", "exam",
        "display", "Exam", "code", "text", "Vaginismus grade (Lamont 1-4, Pacik 5)", "subject",
        "reference", subject, "effectiveDateTime", n->date, "valueInteger", n->grade,
        "interpretation", "coding", "system", FHIR_EXAM_SYSTEM, "code", clinic_grade_code(n->grade),
        "display", clinic_grade_source(n->grade));
    if (n->findings && n->findings[0])
        json_object_set_new(o, "note", json_pack("[{s:s}]", "text", n->findings));
    if (n->author_email[0])
        json_object_set_new(o, "performer", json_pack("[{s:s}]", "display", n->author_email));
    return o;
}

json_t *fhir_clinic_bundle(const char *subject, const struct exam_note *notes, size_t n,
                           const struct intake *in, int64_t now)
{
    json_t *entries = json_array();
    json_array_append_new(entries, json_pack("{s:o}", "resource", fhir_intake_questionnaire()));
    if (in)
        json_array_append_new(entries,
                              json_pack("{s:o}", "resource", intake_response(subject, in)));
    for (size_t i = 0; i < n; i++)
        json_array_append_new(entries,
                              json_pack("{s:o}", "resource", observation(subject, &notes[i])));
    char at[32];
    rfc3339_format(now, at, sizeof at);
    return json_pack("{s:s, s:s, s:s, s:o}", "resourceType", "Bundle", "type", "collection",
                     "timestamp", at, "entry", entries);
}
