/*
 * fhir_share.c - her grants as FHIR R4 Consent resources and her audit
 * trail as AuditEvents, for fhir_write (fhir_priv.h, docs/export-format.md).
 *
 * Other people appear by their role and a number ("<her digits>-person-2":
 * the second person to appear in her trail), never by their email: the
 * file names her by a pseudonym only, and another person's address (a
 * partner's surname, a practice's domain) could point back to her. A
 * Consent's id is its grant's public id; an AuditEvent's is her digits and
 * the entry's place in her trail, which only ever grows at its end.
 */
#include "core/fhir_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DCM_SYSTEM "http://dicom.nema.org/resources/ontology/DCM"
#define SOURCE_TYPE_SYSTEM "http://terminology.hl7.org/CodeSystem/security-source-type"
#define ENTITY_TYPE_SYSTEM "http://terminology.hl7.org/CodeSystem/audit-entity-type"
#define OBJECT_ROLE_SYSTEM "http://terminology.hl7.org/CodeSystem/object-role"
#define CONSENT_SCOPE_SYSTEM "http://terminology.hl7.org/CodeSystem/consentscope"
#define ACT_CODE_SYSTEM "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define PARTICIPATION_SYSTEM "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"

struct person {
    int64_t key;
    size_t first; /* where the person first appears */
    size_t n;     /* from 1, in that order */
};

struct share {
    const struct export_doc *d;
    const char *patient_id;
    char digits[40];       /* her pseudonym without "pace-" */
    struct person *people; /* by key */
    size_t npeople;
    const struct export_grant **grants; /* by id */
    const char **sessions;              /* her session ids, sorted */
    int64_t now;
};

static int person_key_cmp(const void *a, const void *b)
{
    const struct person *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

static int person_first_cmp(const void *a, const void *b)
{
    const struct person *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

/* Numbers everyone her trail names, in the order they first appear in
 * it, then grantees who never looked. */
static void number_people(struct share *s)
{
    const struct export_doc *d = s->d;
    struct person *p = xcalloc(d->naudit + d->ngrants + 1, sizeof *p);
    size_t n = 0;
    for (size_t i = 0; i < d->naudit; i++)
        if (d->audit[i].actor_key != 0)
            p[n++] = (struct person){d->audit[i].actor_key, i, 0};
    for (size_t i = 0; i < d->ngrants; i++)
        if (d->grants[i].grantee_key != 0)
            p[n++] = (struct person){d->grants[i].grantee_key, d->naudit + i, 0};
    qsort(p, n, sizeof *p, person_key_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || p[u - 1].key != p[i].key)
            p[u++] = p[i];
    qsort(p, u, sizeof *p, person_first_cmp);
    for (size_t i = 0; i < u; i++)
        p[i].n = i + 1;
    qsort(p, u, sizeof *p, person_key_cmp);
    s->people = p;
    s->npeople = u;
}

/* The person's identifier value into out; false for no one known. */
static bool person_id(const struct share *s, int64_t key, char out[96])
{
    struct person want = {.key = key};
    size_t lo = 0, hi = s->npeople;
    while (key != 0 && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->people[mid].key == want.key) {
            snprintf(out, 96, "%s-person-%zu", s->digits, s->people[mid].n);
            return true;
        }
        if (s->people[mid].key < want.key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static int grant_cmp(const void *a, const void *b)
{
    return strcmp((*(const struct export_grant *const *)a)->id,
                  (*(const struct export_grant *const *)b)->id);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const struct export_grant *find_grant(const struct share *s, const char *id)
{
    if (id[0] == '\0')
        return NULL;
    struct export_grant want;
    snprintf(want.id, sizeof want.id, "%s", id);
    const struct export_grant *key = &want;
    const struct export_grant **g =
        bsearch(&key, s->grants, s->d->ngrants, sizeof *s->grants, grant_cmp);
    return g ? *g : NULL;
}

static bool has_session(const struct share *s, const char *id)
{
    return id[0] && bsearch(&id, s->sessions, s->d->nsessions, sizeof *s->sessions, str_cmp);
}

static json_t *code_only(const char *system, const char *code)
{
    json_t *c = json_object();
    json_object_set_new(c, "system", json_string(system));
    json_object_set_new(c, "code", json_string(code));
    return c;
}

static json_t *one(json_t *v)
{
    json_t *a = json_array();
    json_array_append_new(a, v);
    return a;
}

static bool is_clinician(const struct export_grant *g)
{
    return strcmp(g->relation, "clinician") == 0;
}

/* Someone's reference: by identifier when the person is known, the kind
 * of resource they would be, and what they are to her. */
static json_t *someone(const struct share *s, int64_t key, const struct export_grant *g,
                       const char *display)
{
    json_t *r = json_object();
    char id[96];
    if (g)
        json_object_set_new(r, "type",
                            json_string(is_clinician(g) ? "Practitioner" : "RelatedPerson"));
    if (person_id(s, key, id))
        json_object_set_new(r, "identifier", fhir_identifier(FHIR_PERSON_SYSTEM, id));
    json_object_set_new(r, "display", json_string(display));
    return r;
}

/* ---- Consent ---- */

static const char *consent_status(const struct export_grant *g, int64_t now)
{
    if (strcmp(g->status, "active") == 0)
        return g->start <= now && (g->end == 0 || now < g->end) ? "active" : "inactive";
    if (strcmp(g->status, "revoked") == 0)
        return g->accepted_at ? "inactive" : "rejected"; /* in force once, or never */
    return g->invitation_expires_at > now ? "proposed" : "rejected";
}

static json_t *consent(const struct share *s, const struct export_grant *g)
{
    json_t *c = json_object();
    json_object_set_new(c, "resourceType", json_string("Consent"));
    json_object_set_new(c, "id", json_string(g->id));
    json_object_set_new(c, "identifier", fhir_identifiers(FHIR_GRANT_SYSTEM, g->id));
    json_object_set_new(c, "status", json_string(consent_status(g, s->now)));
    json_object_set_new(
        c, "scope",
        fhir_concept(fhir_coding(CONSENT_SCOPE_SYSTEM, "patient-privacy", "Privacy Consent"),
                     "Privacy Consent"));
    json_object_set_new(
        c, "category",
        one(fhir_concept(fhir_coding("http://loinc.org", "59284-0", "Patient Consent"),
                         "Sharing in Pace")));
    json_object_set_new(c, "patient", fhir_reference("Patient", s->patient_id));
    json_object_set_new(c, "dateTime", fhir_time(g->invited_at));
    json_object_set_new(c, "performer", one(fhir_reference("Patient", s->patient_id)));
    json_object_set_new(c, "policyRule",
                        fhir_concept(fhir_coding(ACT_CODE_SYSTEM, "OPTIN", "opt-in"), "opt-in"));
    /* The period it was in force: a revocation ends it early. */
    int64_t end = g->end;
    if (strcmp(g->status, "revoked") == 0 && g->accepted_at && g->revoked_at &&
        (end == 0 || g->revoked_at < end))
        end = g->revoked_at;
    json_t *period = json_object();
    json_object_set_new(period, "start", fhir_time(g->start));
    if (end > 0)
        json_object_set_new(period, "end", fhir_time(end));
    const char *who = is_clinician(g) ? "Clinician" : "Partner";
    json_t *actor = json_object();
    json_object_set_new(
        actor, "role",
        fhir_concept(fhir_coding(PARTICIPATION_SYSTEM, "IRCP", "information recipient"), who));
    json_object_set_new(actor, "reference", someone(s, g->grantee_key, g, who));
    json_t *actions = json_array();
    for (size_t i = 0; i < g->nscopes; i++) {
        json_t *cc = json_object();
        json_object_set_new(cc, "coding", one(code_only(FHIR_SCOPE_SYSTEM, g->scopes[i])));
        json_object_set_new(cc, "text", json_string(g->scopes[i]));
        json_array_append_new(actions, cc);
    }
    /* The root rule has no type (R4); the permit it holds lists the
     * grantee and the scopes. */
    json_t *permit = json_object();
    json_object_set_new(permit, "type", json_string("permit"));
    json_object_set_new(permit, "actor", one(actor));
    if (g->nscopes > 0)
        json_object_set_new(permit, "action", actions);
    else
        json_decref(actions);
    json_t *provision = json_object();
    json_object_set_new(provision, "period", period);
    json_object_set_new(provision, "provision", one(permit));
    json_object_set_new(c, "provision", provision);
    return c;
}

/* ---- AuditEvent ---- */

/* The agent: who it was to her, as a code of Pace's and a reference. */
static json_t *agent(const struct share *s, const struct export_audit *e,
                     const struct export_grant *g)
{
    /* Through a grant only when the grant is the actor's own: a stranger
     * asking through someone else's grant is named as a stranger. */
    bool through = g && e->actor_kind == EXPORT_ACTOR_ACCOUNT &&
                   (e->actor_key ? e->actor_key == g->grantee_key
                                 : e->actor && strcmp(e->actor, g->grantee) == 0);
    const char *code, *display;
    if (through && is_clinician(g)) {
        code = "clinician";
        display = "Clinician, through sharing";
    } else if (through) {
        code = "partner";
        display = "Partner, through sharing";
    } else if (e->actor_kind == EXPORT_ACTOR_ACCOUNT) {
        code = "account";
        display = "An account of this server, with no grant of hers in force";
    } else if (e->actor_kind == EXPORT_ACTOR_LINK) {
        code = "report-link";
        display = "Someone holding her report link";
    } else if (e->actor_kind == EXPORT_ACTOR_DELETED) {
        code = "former-account";
        display = "An account of this server, deleted since";
    } else if (e->allowed) {
        code = "operator"; /* nobody signed in is never allowed anything of hers */
        display = "The server's operator";
    } else {
        code = "operator-or-anonymous";
        display = "The server's operator, or someone not signed in";
    }
    json_t *a = json_object();
    json_object_set_new(a, "type",
                        fhir_concept(fhir_coding(FHIR_ACTOR_SYSTEM, code, display), display));
    json_object_set_new(a, "who", someone(s, e->actor_key, through ? g : NULL, display));
    json_object_set_new(a, "requestor", json_true());
    if (g) {
        char url[160];
        snprintf(url, sizeof url, FHIR_BASE "Consent/%s", g->id);
        json_object_set_new(a, "policy", one(json_string(url)));
    }
    return a;
}

static json_t *entity(const struct share *s, const struct export_audit *e)
{
    json_t *patient = json_object();
    json_object_set_new(patient, "what", fhir_reference("Patient", s->patient_id));
    json_object_set_new(patient, "type", fhir_coding(ENTITY_TYPE_SYSTEM, "1", "Person"));
    json_object_set_new(patient, "role", fhir_coding(OBJECT_ROLE_SYSTEM, "1", "Patient"));
    json_t *data = json_object();
    /* The record itself when the Bundle holds it, else its id. */
    char id[96];
    if (strcmp(e->resource, "grants") == 0 && find_grant(s, e->record)) {
        json_object_set_new(data, "what", fhir_reference("Consent", e->record));
    } else if ((strcmp(e->resource, "sessions") == 0 || strcmp(e->resource, "notes") == 0) &&
               has_session(s, e->record)) {
        snprintf(id, sizeof id, "%s-session", e->record);
        json_object_set_new(data, "what", fhir_reference("Observation", id));
    } else if (e->record[0]) {
        json_t *what = json_object();
        json_object_set_new(what, "identifier", fhir_identifier(FHIR_RECORD_SYSTEM, e->record));
        json_object_set_new(data, "what", what);
    }
    json_object_set_new(data, "type", code_only(FHIR_DATA_KIND_SYSTEM, e->resource));
    json_object_set_new(data, "role", fhir_coding(OBJECT_ROLE_SYSTEM, "4", "Domain Resource"));
    json_t *a = json_array();
    json_array_append_new(a, patient);
    json_array_append_new(a, data);
    return a;
}

static const char *action_code(const char *action)
{
    static const char *const names[] = {"create", "read", "update", "delete"};
    static const char *const codes[] = {"C", "R", "U", "D"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(action, names[i]) == 0)
            return codes[i];
    return "E";
}

static json_t *audit_event(const struct share *s, const struct export_audit *e, size_t i)
{
    char id[96];
    snprintf(id, sizeof id, "%s-audit-%zu", s->digits, i + 1);
    json_t *a = json_object();
    json_object_set_new(a, "resourceType", json_string("AuditEvent"));
    json_object_set_new(a, "id", json_string(id));
    json_object_set_new(a, "type", fhir_coding(DCM_SYSTEM, "110110", "Patient Record"));
    json_object_set_new(a, "action", json_string(action_code(e->action)));
    json_object_set_new(a, "recorded", fhir_time(e->at));
    json_object_set_new(a, "outcome", json_string(e->allowed ? "0" : "4"));
    if (!e->allowed)
        json_object_set_new(a, "outcomeDesc", json_string("Refused"));
    json_object_set_new(a, "agent", one(agent(s, e, find_grant(s, e->grant))));
    json_t *source = json_object();
    json_object_set_new(source, "site", json_string("Pace"));
    json_t *observer = json_object();
    json_object_set_new(observer, "display", json_string("Pace"));
    json_object_set_new(source, "observer", observer);
    json_object_set_new(source, "type",
                        one(fhir_coding(SOURCE_TYPE_SYSTEM, "4", "Application Server")));
    json_object_set_new(a, "source", source);
    json_object_set_new(a, "entity", entity(s, e));
    return a;
}

void fhir_put_sharing(struct buf *out, const struct export_doc *d, const char *patient_id,
                      int64_t now)
{
    struct share s = {.d = d, .patient_id = patient_id, .now = now};
    const char *digits = strncmp(patient_id, "pace-", 5) == 0 ? patient_id + 5 : patient_id;
    snprintf(s.digits, sizeof s.digits, "%.32s", digits);
    number_people(&s);
    s.grants = xcalloc(d->ngrants + 1, sizeof *s.grants);
    for (size_t i = 0; i < d->ngrants; i++)
        s.grants[i] = &d->grants[i];
    qsort(s.grants, d->ngrants, sizeof *s.grants, grant_cmp);
    s.sessions = xcalloc(d->nsessions + 1, sizeof *s.sessions);
    for (size_t i = 0; i < d->nsessions; i++)
        s.sessions[i] = d->sessions[i].id;
    qsort(s.sessions, d->nsessions, sizeof *s.sessions, str_cmp);
    for (size_t i = 0; i < d->ngrants; i++)
        fhir_put_entry(out, consent(&s, &d->grants[i]));
    for (size_t i = 0; i < d->naudit; i++)
        fhir_put_entry(out, audit_event(&s, &d->audit[i], i));
    free(s.sessions);
    free(s.grants);
    free(s.people);
}
