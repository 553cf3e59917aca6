/*
 * fhir.c - her sessions and comfort-ladder entries as a FHIR R4 Bundle
 * (export.h, docs/export-format.md), written entry by entry; her grants
 * and trail follow (fhir_share.c).
 *
 * Ids are made from her data alone (the session's UUID, her pseudonym,
 * a ladder entry's time and answers), never from this server's row ids,
 * so the same record has the same id, fullUrl and identifier in every
 * export, from every server her data moves to.
 */
#include "core/fhir_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *fhir_time(int64_t t)
{
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

json_t *fhir_coding(const char *system, const char *code, const char *display)
{
    json_t *c = json_object();
    json_object_set_new(c, "system", json_string(system));
    json_object_set_new(c, "code", json_string(code));
    json_object_set_new(c, "display", json_string(display));
    return c;
}

json_t *fhir_concept(json_t *one_coding, const char *text)
{
    json_t *cc = json_object();
    json_t *codings = json_array();
    json_array_append_new(codings, one_coding);
    json_object_set_new(cc, "coding", codings);
    json_object_set_new(cc, "text", json_string(text));
    return cc;
}

/* Pace's own code, its display also the concept's text. */
static json_t *own(const char *system, const char *code, const char *display)
{
    return fhir_concept(fhir_coding(system, code, display), display);
}

json_t *fhir_reference(const char *type, const char *id)
{
    char ref[128];
    snprintf(ref, sizeof ref, "%s/%s", type, id);
    json_t *r = json_object();
    json_object_set_new(r, "reference", json_string(ref));
    return r;
}

json_t *fhir_identifier(const char *system, const char *value)
{
    json_t *i = json_object();
    json_object_set_new(i, "system", json_string(system));
    json_object_set_new(i, "value", json_string(value));
    return i;
}

json_t *fhir_identifiers(const char *system, const char *value)
{
    json_t *a = json_array();
    json_array_append_new(a, fhir_identifier(system, value));
    return a;
}

static json_t *category(const char *code, const char *display)
{
    json_t *a = json_array();
    json_array_append_new(
        a, fhir_concept(fhir_coding("http://terminology.hl7.org/CodeSystem/observation-category",
                                    code, display),
                        display));
    return a;
}

static json_t *quantity(double value, const char *unit)
{
    json_t *q = json_object();
    json_object_set_new(q, "value",
                        value == (double)(json_int_t)value ? json_integer((json_int_t)value)
                                                           : json_real(value));
    json_object_set_new(q, "unit", json_string(unit));
    json_object_set_new(q, "system", json_string(FHIR_UCUM_SYSTEM));
    json_object_set_new(q, "code", json_string(unit));
    return q;
}

static int to_buf(const char *text, size_t n, void *data)
{
    buf_add(data, text, n);
    return 0;
}

/* Writes one entry (fullUrl from the resource's type and id) and
 * releases the resource. */
void fhir_put_entry(struct buf *out, json_t *resource)
{
    char url[160];
    snprintf(url, sizeof url, FHIR_BASE "%s/%s",
             json_string_value(json_object_get(resource, "resourceType")),
             json_string_value(json_object_get(resource, "id")));
    json_t *e = json_object();
    json_object_set_new(e, "fullUrl", json_string(url));
    json_object_set_new(e, "resource", resource);
    if (out->data[out->len - 1] != '[')
        buf_putc(out, ',');
    /* Sizes have one decimal: 15 digits write 16.1 as "16.1". */
    json_dump_callback(e, to_buf, out,
                       JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(e);
}

/* An Observation with its id as its one identifier. */
static json_t *observation(const char *id, const char *id_system, const char *value_id, json_t *cat,
                           json_t *code, const char *patient_id)
{
    json_t *o = json_object();
    json_object_set_new(o, "resourceType", json_string("Observation"));
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "identifier", fhir_identifiers(id_system, value_id));
    json_object_set_new(o, "status", json_string("final"));
    json_object_set_new(o, "category", cat);
    json_object_set_new(o, "code", code);
    json_object_set_new(o, "subject", fhir_reference("Patient", patient_id));
    return o;
}

enum measure { M_PAIN, M_FEAR, M_TENSION };

/* One score of one session: which (pain, fear, tension) and when
 * (before: at the start; after: at the end of the practice). */
static json_t *score(const struct practice *p, enum measure m, bool after, int value,
                     const char *patient_id, json_t *members)
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
    json_t *code =
        m == M_PAIN ? fhir_coding(FHIR_LOINC_SYSTEM, FHIR_LOINC_PAIN,
                                  "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
                    : fhir_coding(FHIR_SCORES_SYSTEM, names[m], displays[m]);
    json_t *o = observation(id, FHIR_OBSERVATION_SYSTEM, id, category("survey", "Survey"),
                            fhir_concept(code, texts[after][m]), patient_id);
    json_object_set_new(o, "effectiveDateTime",
                        fhir_time(after ? p->started_at + p->duration_s : p->started_at));
    json_object_set_new(o, "valueInteger", json_integer(value));
    json_array_append_new(members, fhir_reference("Observation", id));
    return o;
}

static json_t *spasm(const struct practice *p, size_t i, const char *patient_id, json_t *members)
{
    char id[64];
    snprintf(id, sizeof id, "%s-spasm-%zu", p->id, i + 1);
    json_t *o =
        observation(id, FHIR_OBSERVATION_SYSTEM, id, category("therapy", "Therapy"),
                    own(FHIR_PRACTICE_SYSTEM, "spasm", "Spasm during practice"), patient_id);
    json_object_set_new(o, "effectiveDateTime", fhir_time(p->started_at + p->spasms[i].at_s));
    json_object_set_new(o, "valueQuantity", quantity(p->spasms[i].duration_s, "s"));
    json_array_append_new(members, fhir_reference("Observation", id));
    return o;
}

static json_t *component(json_t *code, const char *value_key, json_t *value)
{
    json_t *c = json_object();
    json_object_set_new(c, "code", code);
    json_object_set_new(c, value_key, value);
    return c;
}

/* The session itself: when, the dilator's size, how long, how it ended,
 * the highest pain and the number of spasms, with its scores and spasms
 * as members. */
static json_t *session(const struct practice *p, const char *patient_id, json_t *members)
{
    static const char *const outcomes[] = {"Completed", "Stopped", "Not today"};
    char id[64];
    snprintf(id, sizeof id, "%s-session", p->id);
    json_t *o = observation(id, FHIR_SESSION_SYSTEM, p->id, category("therapy", "Therapy"),
                            own(FHIR_PRACTICE_SYSTEM, "session", "Practice session"), patient_id);
    json_t *period = json_object();
    json_object_set_new(period, "start", fhir_time(p->started_at));
    json_object_set_new(period, "end", fhir_time(p->started_at + p->duration_s));
    json_object_set_new(o, "effectivePeriod", period);
    if (json_array_size(members) > 0)
        json_object_set(o, "hasMember", members);
    json_t *c = json_array();
    if (p->dilator_id[0] && p->diameter_mm > 0)
        json_array_append_new(
            c, component(own(FHIR_PRACTICE_SYSTEM, "dilator-diameter", "Dilator diameter"),
                         "valueQuantity", quantity(p->diameter_mm, "mm")));
    json_array_append_new(c, component(own(FHIR_PRACTICE_SYSTEM, "duration", "Practice duration"),
                                       "valueQuantity", quantity(p->duration_s, "s")));
    unsigned oc = (unsigned)p->outcome < OUTCOME_COUNT ? (unsigned)p->outcome : 0;
    json_array_append_new(
        c, component(own(FHIR_PRACTICE_SYSTEM, "outcome", "Outcome of the practice"),
                     "valueCodeableConcept",
                     own(FHIR_OUTCOME_SYSTEM, outcome_name((enum outcome)oc), outcomes[oc])));
    if (p->max_pain >= 0)
        json_array_append_new(c, component(own(FHIR_PRACTICE_SYSTEM, "pain-max",
                                               "Highest pain during practice, 0-10 self-rating"),
                                           "valueInteger", json_integer(p->max_pain)));
    json_array_append_new(c, component(own(FHIR_PRACTICE_SYSTEM, "spasm-count", "Number of spasms"),
                                       "valueInteger", json_integer((json_int_t)p->nspasms)));
    json_object_set_new(o, "component", c);
    return o;
}

static void put_session(struct buf *out, const struct practice *p, const char *patient_id)
{
    json_t *members = json_array();
    json_t *parts[6 + PRACTICE_MAX_SPASMS];
    size_t n = 0;
    const struct scores *sc[2] = {&p->before, &p->after};
    for (int k = 0; k < 2; k++) {
        if (!sc[k]->set)
            continue;
        parts[n++] = score(p, M_PAIN, k == 1, sc[k]->pain, patient_id, members);
        parts[n++] = score(p, M_FEAR, k == 1, sc[k]->fear, patient_id, members);
        parts[n++] = score(p, M_TENSION, k == 1, sc[k]->tension, patient_id, members);
    }
    for (size_t i = 0; i < p->nspasms && i < PRACTICE_MAX_SPASMS; i++)
        parts[n++] = spasm(p, i, patient_id, members);
    fhir_put_entry(out, session(p, patient_id, members));
    json_decref(members);
    for (size_t i = 0; i < n; i++)
        fhir_put_entry(out, parts[i]);
}

/* ---- the comfort ladder ---- */

static json_t *question(const char *link, const char *text, const char *type)
{
    json_t *q = json_object();
    json_object_set_new(q, "linkId", json_string(link));
    json_object_set_new(q, "text", json_string(text));
    json_object_set_new(q, "type", json_string(type));
    return q;
}

/* The Questionnaire the responses answer: six groups of three questions. */
static json_t *questionnaire(void)
{
    json_t *q = json_object();
    json_object_set_new(q, "resourceType", json_string("Questionnaire"));
    json_object_set_new(q, "id", json_string("comfort-ladder"));
    json_object_set_new(q, "url", json_string(FHIR_LADDER_QUESTIONNAIRE));
    json_object_set_new(q, "version", json_string("1"));
    json_object_set_new(q, "name", json_string("ComfortLadder"));
    json_object_set_new(q, "title", json_string("Comfort ladder"));
    json_object_set_new(q, "status", json_string("active"));
    json_t *subject = json_array();
    json_array_append_new(subject, json_string("Patient"));
    json_object_set_new(q, "subjectType", subject);
    json_object_set_new(q, "description",
                        json_string("A self-evaluation after Pacik's chart: for six things, from "
                                    "a tampon to intercourse, anxiety and pain from 0 to 10, or "
                                    "not tried yet."));
    json_t *items = json_array();
    for (int i = 0; i < LADDER_COUNT; i++) {
        const char *name = ladder_item_name((enum ladder_item)i);
        char link[64];
        json_t *group = question(name, ladder_item_label((enum ladder_item)i), "group");
        json_t *sub = json_array();
        snprintf(link, sizeof link, "%s.anxiety", name);
        json_array_append_new(sub, question(link, "Anxiety, 0-10", "integer"));
        snprintf(link, sizeof link, "%s.pain", name);
        json_array_append_new(sub, question(link, "Pain, 0-10", "integer"));
        snprintf(link, sizeof link, "%s.not_tried", name);
        json_array_append_new(sub, question(link, "Not tried yet", "boolean"));
        json_object_set_new(group, "item", sub);
        json_array_append_new(items, group);
    }
    json_object_set_new(q, "item", items);
    return q;
}

static json_t *answer_item(const char *link, const char *text, const char *value_key, json_t *value)
{
    json_t *it = json_object();
    json_object_set_new(it, "linkId", json_string(link));
    json_object_set_new(it, "text", json_string(text));
    json_t *a = json_object();
    json_object_set_new(a, value_key, value);
    json_t *answers = json_array();
    json_array_append_new(answers, a);
    json_object_set_new(it, "answer", answers);
    return it;
}

static void base36(uint64_t v, char *out, size_t n)
{
    char tmp[16];
    size_t k = 0;
    do {
        tmp[k++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
        v /= 36;
    } while (v && k < sizeof tmp);
    size_t o = 0;
    while (k > 0 && o + 1 < n)
        out[o++] = tmp[--k];
    out[o] = '\0';
}

/* A response's id: her pseudonym's digits, when she filled it in and
 * her answers (export_ladder_key), and for the rare exact repeat its
 * number; all base 36, at most 57 characters. */
static void response_id(const char *patient_id, const struct ladder_entry *e, unsigned repeat,
                        char out[96])
{
    const char *who = strncmp(patient_id, "pace-", 5) == 0 ? patient_id + 5 : patient_id;
    char t[16], k[16], r[16] = "";
    base36((uint64_t)(e->taken_at > 0 ? e->taken_at : 0), t, sizeof t);
    base36(export_ladder_key(e), k, sizeof k);
    if (repeat > 0)
        base36(repeat, r, sizeof r);
    snprintf(out, 96, "%.32s-%s-%s%s%s", who, t, k, repeat ? "-" : "", r);
}

static json_t *response(const struct ladder_entry *e, const char *id, const char *patient_id)
{
    json_t *q = json_object();
    json_object_set_new(q, "resourceType", json_string("QuestionnaireResponse"));
    json_object_set_new(q, "id", json_string(id));
    json_object_set_new(q, "identifier", fhir_identifier(FHIR_LADDER_SYSTEM, id));
    json_object_set_new(q, "questionnaire", json_string(FHIR_LADDER_QUESTIONNAIRE));
    json_object_set_new(q, "status", json_string("completed"));
    json_object_set_new(q, "subject", fhir_reference("Patient", patient_id));
    json_object_set_new(q, "authored", fhir_time(e->taken_at));
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
            json_array_append_new(
                sub, answer_item(link, "Anxiety, 0-10", "valueInteger", json_integer(a->anxiety)));
        }
        if (a->pain >= 0) {
            snprintf(link, sizeof link, "%s.pain", name);
            json_array_append_new(
                sub, answer_item(link, "Pain, 0-10", "valueInteger", json_integer(a->pain)));
        }
        if (a->not_tried) {
            snprintf(link, sizeof link, "%s.not_tried", name);
            json_array_append_new(sub,
                                  answer_item(link, "Not tried yet", "valueBoolean", json_true()));
        }
        json_object_set_new(group, "item", sub);
        json_array_append_new(items, group);
    }
    json_object_set_new(q, "item", items);
    return q;
}

struct same {
    int64_t at;
    uint64_t key;
    size_t i;
};

static int same_cmp(const void *a, const void *b)
{
    const struct same *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* For each entry, how many exact repeats (same time, same answers) come
 * before it: 0 for nearly all. */
static unsigned *repeats(const struct ladder_entry *l, size_t n)
{
    struct same *s = xcalloc(n ? n : 1, sizeof *s);
    unsigned *r = xcalloc(n ? n : 1, sizeof *r);
    for (size_t i = 0; i < n; i++)
        s[i] = (struct same){l[i].taken_at, export_ladder_key(&l[i]), i};
    qsort(s, n, sizeof *s, same_cmp);
    for (size_t k = 1; k < n; k++)
        if (s[k].at == s[k - 1].at && s[k].key == s[k - 1].key)
            r[s[k].i] = r[s[k - 1].i] + 1;
    free(s);
    return r;
}

void fhir_write(const struct export_doc *d, const char *patient_id, int64_t now, struct buf *out)
{
    buf_puts(out, "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":");
    json_t *t = fhir_time(now);
    json_dump_callback(t, to_buf, out, JSON_ENCODE_ANY);
    json_decref(t);
    buf_puts(out, ",\"entry\":[");
    json_t *patient = json_object();
    json_object_set_new(patient, "resourceType", json_string("Patient"));
    json_object_set_new(patient, "id", json_string(patient_id));
    json_object_set_new(patient, "identifier", fhir_identifiers(FHIR_PATIENT_SYSTEM, patient_id));
    fhir_put_entry(out, patient);
    fhir_put_entry(out, questionnaire());
    for (size_t i = 0; i < d->nsessions; i++)
        put_session(out, &d->sessions[i], patient_id);
    unsigned *rep = repeats(d->ladder, d->nladder);
    for (size_t i = 0; i < d->nladder; i++) {
        char id[96];
        response_id(patient_id, &d->ladder[i], rep[i], id);
        fhir_put_entry(out, response(&d->ladder[i], id, patient_id));
    }
    free(rep);
    fhir_put_sharing(out, d, patient_id, now);
    buf_puts(out, "]}\n");
}

json_t *fhir_bundle(const struct export_doc *d, const char *patient_id, int64_t now)
{
    struct buf b = {0};
    fhir_write(d, patient_id, now, &b);
    json_t *j = json_loadb(b.data, b.len, 0, NULL);
    buf_free(&b);
    return j;
}
