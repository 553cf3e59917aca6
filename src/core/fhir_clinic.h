/*
 * fhir_clinic.h - the clinician's workspace in FHIR R4: each exam grade as
 * an Observation, her intake as a QuestionnaireResponse against the
 * Questionnaire Pace publishes here too. Pure; "now" is passed in.
 */
#ifndef PACE_FHIR_CLINIC_H
#define PACE_FHIR_CLINIC_H

#include "core/clinic.h"
#include "core/intake.h"

#include <jansson.h>

#define FHIR_INTAKE_QUESTIONNAIRE "https://pace.invalid/fhir/Questionnaire/intake"
#define FHIR_EXAM_SYSTEM "https://pace.invalid/fhir/exam-grade"

/* The intake Questionnaire (the caller decrefs). */
json_t *fhir_intake_questionnaire(void);
/* A collection Bundle: the Questionnaire, her intake's response (in may be
 * NULL) and one Observation per exam note (findings included: a
 * clinician's export). subject: "Patient/<id>". */
json_t *fhir_clinic_bundle(const char *subject, const struct exam_note *notes, size_t n,
                           const struct intake *in, int64_t now);

#endif
