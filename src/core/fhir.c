/* fhir.c - her sessions and comfort-ladder entries as a FHIR R4 Bundle. */
#include "core/export.h"

#include <stdio.h>
#include <string.h>

static json_t *time_json(int64_t t)
{
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

static json_t *coding(const char *system, const char *code, const char *display)
{
    json_t *c = json_object();
    json_object_set_new(c, "system", json_string(system));
    json_object_set_new(c, "code", json_string(code));
    json_object_set_new(c, "display", json_string(display));
    return c;
}

static json_t *concept(json_t *one_coding, const char *text)
{
    json_t *cc = json_object();
    json_t *codings = json_array();
    json_array_append_new(codings, one_coding);
    json_object_set_new(cc, "coding", codings);
    json_object_set_new(cc, "text", json_string(text));
    return cc;
}

static json_t *reference(const char *patient_id)
{
    char ref[96];
    snprintf(ref, sizeof ref, "Patient/%s", patient_id);
    json_t *r = json_object();
    json_object_set_new(r, "reference", json_string(ref));
    return r;
}

static void add_entry(json_t *entries, json_t *resource)
{
    json_t *e = json_object();
    json_object_set_new(e, "resource", resource);
    json_array_append_new(entries, e);
}

enum measure { M_PAIN, M_FEAR, M_TENSION };

/* One score of one session: which (pain, fear, tension) and when
 * (before: at the start; after: at the end of the practice). */
static json_t *observation(const struct practice *p, enum measure m, bool after, int value,
                           const char *patient_id)
{
    static const char *const names[] = {"pain", "fear", "tension"};
    static const char *const texts[2][3] = {
        {"Pain before practice", "Fear before practice", "Tension before practice"},
        {"Pain after practice", "Fear after practice", "Tension after practice"},
    };
    static const char *const displays[] = {NULL, "Fear, 0-10 self-rating",
                                           "Tension, 0-10 self-rating"};
    char id[64];
    snprintf(id, sizeof id, "%s-%s-%s", p->id, names[m], after ? "after" : "before");
    json_t *o = json_object();
    json_object_set_new(o, "resourceType", json_string("Observation"));
    json_object_set_new(o, "id", json_string(id));
    json_t *ident = json_object();
    json_object_set_new(ident, "system", json_string(FHIR_SESSION_SYSTEM));
    json_object_set_new(ident, "value", json_string(p->id));
    json_t *idents = json_array();
    json_array_append_new(idents, ident);
    json_object_set_new(o, "identifier", idents);
    json_object_set_new(o, "status", json_string("final"));
    json_t *cat = concept(coding("http://terminology.hl7.org/CodeSystem/observation-category",
                                 "survey", "Survey"),
                          "Survey");
    json_t *cats = json_array();
    json_array_append_new(cats, cat);
    json_object_set_new(o, "category", cats);
    json_t *code = m == M_PAIN
                       ? coding(FHIR_LOINC_SYSTEM, FHIR_LOINC_PAIN,
                                "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
                       : coding(FHIR_SCORES_SYSTEM, names[m], displays[m]);
    json_object_set_new(o, "code", concept(code, texts[after][m]));
    json_object_set_new(o, "subject", reference(patient_id));
    json_object_set_new(o, "effectiveDateTime",
                        time_json(after ? p->started_at + p->duration_s : p->started_at));
    json_object_set_new(o, "valueInteger", json_integer(value));
    return o;
}

static void session_observations(json_t *entries, const struct practice *p,
                                 const char *patient_id)
{
    const struct scores *sc[2] = {&p->before, &p->after};
    for (int k = 0; k < 2; k++) {
        if (!sc[k]->set)
            continue;
        add_entry(entries, observation(p, M_PAIN, k == 1, sc[k]->pain, patient_id));
        add_entry(entries, observation(p, M_FEAR, k == 1, sc[k]->fear, patient_id));
        add_entry(entries, observation(p, M_TENSION, k == 1, sc[k]->tension, patient_id));
    }
}

static json_t *answer_item(const char *link, const char *text, json_t *value_key_value)
{
    json_t *it = json_object();
    json_object_set_new(it, "linkId", json_string(link));
    json_object_set_new(it, "text", json_string(text));
    json_t *answers = json_array();
    json_array_append_new(answers, value_key_value);
    json_object_set_new(it, "answer", answers);
    return it;
}

static json_t *int_answer(int v)
{
    json_t *a = json_object();
    json_object_set_new(a, "valueInteger", json_integer(v));
    return a;
}

static json_t *ladder_response(const struct ladder_entry *e, const char *patient_id)
{
    char id[48];
    snprintf(id, sizeof id, "ladder-%lld", (long long)e->taken_at);
    json_t *q = json_object();
    json_object_set_new(q, "resourceType", json_string("QuestionnaireResponse"));
    json_object_set_new(q, "id", json_string(id));
    json_object_set_new(q, "questionnaire", json_string(FHIR_LADDER_QUESTIONNAIRE));
    json_object_set_new(q, "status", json_string("completed"));
    json_object_set_new(q, "subject", reference(patient_id));
    json_object_set_new(q, "authored", time_json(e->taken_at));
    json_t *items = json_array();
    for (int i = 0; i < LADDER_COUNT; i++) {
        const struct ladder_answer *a = &e->a[i];
        if (!ladder_answer_given(a))
            continue;
        const char *name = ladder_item_name((enum ladder_item)i);
        char link[64];
        json_t *group = json_object();
        json_object_set_new(group, "linkId", json_string(name));
        json_object_set_new(group, "text", json_string(ladder_item_label((enum ladder_item)i)));
        json_t *sub = json_array();
        if (a->anxiety >= 0) {
            snprintf(link, sizeof link, "%s.anxiety", name);
            json_array_append_new(sub, answer_item(link, "Anxiety, 0-10", int_answer(a->anxiety)));
        }
        if (a->pain >= 0) {
            snprintf(link, sizeof link, "%s.pain", name);
            json_array_append_new(sub, answer_item(link, "Pain, 0-10", int_answer(a->pain)));
        }
        if (a->not_tried) {
            snprintf(link, sizeof link, "%s.not_tried", name);
            json_t *b = json_object();
            json_object_set_new(b, "valueBoolean", json_true());
            json_array_append_new(sub, answer_item(link, "Not tried yet", b));
        }
        json_object_set_new(group, "item", sub);
        json_array_append_new(items, group);
    }
    json_object_set_new(q, "item", items);
    return q;
}

json_t *fhir_bundle(const struct export_doc *d, const char *patient_id, int64_t now)
{
    json_t *b = json_object();
    json_object_set_new(b, "resourceType", json_string("Bundle"));
    json_object_set_new(b, "type", json_string("collection"));
    json_object_set_new(b, "timestamp", time_json(now));
    json_t *entries = json_array();
    json_t *patient = json_object();
    json_object_set_new(patient, "resourceType", json_string("Patient"));
    json_object_set_new(patient, "id", json_string(patient_id));
    add_entry(entries, patient);
    for (size_t i = 0; i < d->nsessions; i++)
        session_observations(entries, &d->sessions[i], patient_id);
    for (size_t i = 0; i < d->nladder; i++)
        add_entry(entries, ladder_response(&d->ladder[i], patient_id));
    json_object_set_new(b, "entry", entries);
    return b;
}
