/*
 * routes.h - the route table's shape and the handlers it names. Read
 * routes.c top to bottom to see every URL Pace answers.
 */
#ifndef PACE_ROUTES_H
#define PACE_ROUTES_H

#include "web/web.h"

enum route_flags {
    R_PUBLIC = 0,         /* anyone may call it */
    R_AUTH = 1 << 0,      /* signed-in users only (pages redirect, API answers 401) */
    R_FORM = 1 << 1,      /* URL-encoded body with a valid CSRF token */
    R_JSON = 1 << 2,      /* JSON body (API), read into r->json before the handler runs
                             (with R_LARGE, an import: the handler reads it itself) */
    R_MULTIPART = 1 << 3, /* multipart/form-data body (a file) with a valid CSRF token:
                             files in r->upload, text fields in r->form */
    R_LARGE = 1 << 4,     /* body up to WEB_MAX_IMPORT_BODY instead of WEB_MAX_BODY */
    R_WRITES = 1 << 5,    /* a GET that writes: someone else's look at her data goes to her
                             audit trail first. Runs on a writer thread, as a form does, so
                             its wait for the write lock holds up no page. */
};

typedef void (*handler_fn)(struct req *r);

struct route {
    const char *method;
    const char *pattern; /* "{}" matches one path segment, captured in r->params */
    handler_fn fn;
    unsigned flags;
};

void web_dispatch(struct req *r);
/* The table, for the access-matrix test and `pace routes`. */
size_t web_route_count(void);
const struct route *web_route(size_t i);
/* The route for method and path (HEAD as GET; NULL when none matches),
 * before routing: the largest body it takes (R_LARGE), so an oversized
 * upload is refused as soon as its Content-Length is known, and whether it
 * writes (R_WRITES). */
const struct route *web_route_for(const char *method, const char *path);

/* A list's query in the API (api-page.c): from, to, limit (def, at most
 * max) and cursor; false after answering 422 naming the parameter. */
struct api_page {
    int64_t from, to;
    int limit;
    const char *cursor;
};
bool api_page_query(struct req *r, int def, int max, struct api_page *p);

/* Handlers, by file. */
/* static.c */
void static_serve(struct req *r);
void healthz(struct req *r);
/* api-share.c */
void api_grants_list(struct req *r);
void api_grants_create(struct req *r);
void api_grant_put(struct req *r);
void api_grant_delete(struct req *r);
void api_invitation_accept(struct req *r);
void api_shared_list(struct req *r);
void api_audit_list(struct req *r);
/* views/ui-sharing.c */
void view_sharing(struct req *r);
void view_sharing_invite_post(struct req *r);
void view_sharing_change_post(struct req *r);
void view_sharing_revoke_post(struct req *r);
void view_invite(struct req *r);
void view_invite_post(struct req *r);
/* views/ui-shared-data.c */
void view_shared_data(struct req *r);
void view_shared_report(struct req *r);
/* views/ui-report-link.c */
void view_sharing_link_revoke_post(struct req *r);
void view_report_link(struct req *r);
void view_report_link_post(struct req *r);
/* api-report-link.c */
void api_report_links_list(struct req *r);
void api_report_links_create(struct req *r);
void api_report_link_delete(struct req *r);
/* views/ui-shared.c */
void view_shared(struct req *r);
void view_shared_one(struct req *r);
void view_shared_progress(struct req *r);
void view_sharing_audit(struct req *r);
/* the clinician's workspace: views/ui-intake.c, ui-clinic-her.c,
 * ui-clinic.c, ui-clinic-admin.c, api-clinic.c */
void view_intake(struct req *r);
void view_intake_post(struct req *r);
void view_intake_summary(struct req *r);
void view_plan_change_post(struct req *r);
void view_feedback_seen_post(struct req *r);
void view_clinic(struct req *r);
void view_clinic_patient(struct req *r);
void view_clinic_report(struct req *r);
void view_clinic_exam_post(struct req *r);
void view_clinic_change_post(struct req *r);
void view_clinic_feedback_post(struct req *r);
void view_admin_clinicians(struct req *r);
void view_admin_clinician_verify_post(struct req *r);
void api_intake_get(struct req *r);
void api_intake_put(struct req *r);
void api_my_exams(struct req *r);
void api_my_changes(struct req *r);
void api_my_change_decide(struct req *r);
void api_my_feedback(struct req *r);
void api_caseload(struct req *r);
void api_patient_exams(struct req *r);
void api_patient_exam_create(struct req *r);
void api_patient_changes(struct req *r);
void api_patient_change_create(struct req *r);
void api_patient_feedback(struct req *r);
void api_patient_feedback_create(struct req *r);
void api_patient_intake(struct req *r);
void api_patient_fhir(struct req *r);
/* views/ui-error.c */
void view_error(struct req *r, int status, const char *msg);
/* The community in the API (api-community.c). */
void api_community_me(struct req *r);
void api_community_join(struct req *r);
void api_community_leave(struct req *r);
void api_community_spaces(struct req *r);
void api_community_space_posts(struct req *r);
void api_community_space_post(struct req *r);
void api_community_post_get(struct req *r);
void api_community_post_put(struct req *r);
void api_community_comment(struct req *r);
void api_community_support_put(struct req *r);
void api_community_support_delete(struct req *r);
void api_community_report(struct req *r);
void api_community_queue(struct req *r);
void api_community_decide(struct req *r);
void api_community_log(struct req *r);
/* The community (views/ui-community.c, ui-community-mod.c). */
void view_community(struct req *r);
void view_community_join_post(struct req *r);
void view_community_space(struct req *r);
void view_community_space_post(struct req *r);
void view_community_post(struct req *r);
void view_community_comment_post(struct req *r);
void view_community_support_post(struct req *r);
void view_community_report_post(struct req *r);
void view_community_edit(struct req *r);
void view_community_edit_post(struct req *r);
void view_community_leave(struct req *r);
void view_community_leave_post(struct req *r);
void view_community_moderation(struct req *r);
void view_community_decide_post(struct req *r);
void view_community_mod_edit_post(struct req *r);
void view_community_suspend_post(struct req *r);
void view_community_log(struct req *r);
void view_not_found(struct req *r);
/* The page for a failed use case: not found, the error page with err's
 * sentence, or for a 5xx a calm sentence (the detail goes to the log). */
void view_fail(struct req *r, int rc, const struct pace_error *err);
/* views/ui-home.c */
void view_home(struct req *r);
/* views/ui-account.c */
void view_register(struct req *r);
void view_register_post(struct req *r);
void view_login(struct req *r);
void view_login_post(struct req *r);
void view_logout_post(struct req *r);
void view_lang_post(struct req *r);
/* Logs an unexpected failure (5xx) and, unless it is a full disk or a
 * "try again later", answers it calmly with the request id only. */
void web_failed(struct req *r);
/* True for a plain same-site path, safe to redirect to (ui-account.c). */
bool web_local_path(const char *p);
/* views/ui-settings.c */
void view_settings(struct req *r);
void view_settings_about_post(struct req *r);
void view_settings_password_post(struct req *r);
void view_settings_end_others_post(struct req *r);
void view_settings_end_login_post(struct req *r);
void view_settings_token_post(struct req *r);
void view_settings_token_revoke_post(struct req *r);
void view_settings_codes_post(struct req *r);
/* views/ui-recovery.c (her recovery codes, "Forgot your password?", the
 * operator's reset link) */
void view_recover(struct req *r);
void view_recover_post(struct req *r);
void view_reset(struct req *r);
void view_reset_post(struct req *r);
/* views/ui-cues.c (the cues section of settings) */
void view_settings_cues_post(struct req *r);
/* views/ui-data.c */
void view_data(struct req *r);
void view_data_export(struct req *r);
void view_data_erase_post(struct req *r);
void view_data_import_post(struct req *r);
/* views/ui-practice.c (steps drawn in ui-practice-steps.c) */
void view_practice(struct req *r);
void view_practice_post(struct req *r);
void view_practice_discard(struct req *r);
void view_practice_discard_post(struct req *r);
void view_practice_done(struct req *r);
/* views/ui-sessions.c */
void view_sessions(struct req *r);
void view_session(struct req *r);
void view_session_delete(struct req *r);
void view_session_delete_post(struct req *r);
/* views/ui-session-form.c */
void view_session_new(struct req *r);
void view_session_new_post(struct req *r);
void view_session_edit(struct req *r);
void view_session_edit_post(struct req *r);
/* views/ui-today.c */
void view_today(struct req *r);
/* views/ui-welcome.c (her first run); ui-more.c */
void view_welcome(struct req *r);
void view_welcome_post(struct req *r);
void view_welcome_kit(struct req *r);
void view_welcome_kit_post(struct req *r);
void view_welcome_plan(struct req *r);
void view_welcome_plan_post(struct req *r);
/* Where her first run continues: "/welcome", "/welcome/kit" or "/welcome/plan". */
const char *ui_welcome_path(const struct onboarding *o);
void view_more(struct req *r);
void view_progress(struct req *r);
/* views/ui-plan.c (goals drawn in ui-plan-goals.c) */
void view_plan(struct req *r);
void view_plan_post(struct req *r);
void view_plan_goal_reached_post(struct req *r);
/* views/ui-plan-rules.c ("How Pace decides") */
void view_plan_rules(struct req *r);
void view_plan_rules_post(struct req *r);
/* views/ui-kit.c */
void view_kit(struct req *r);
void view_kit_post(struct req *r);
void view_kit_custom_post(struct req *r);
void view_kit_custom_delete_post(struct req *r);
/* views/ui-ladder.c */
void view_ladder(struct req *r);
void view_ladder_post(struct req *r);
/* views/ui-exam-prep.c */
void view_exam_prep(struct req *r);
/* views/ui-guide.c */
void view_guide(struct req *r);
void view_guide_article(struct req *r);
void view_exam_prep_post(struct req *r);
/* views/ui-report.c */
void view_report(struct req *r);
void view_report_post(struct req *r);
/* views/ui-reminders.c; cal-feed.c (the calendar feed and the file) */
void view_reminders(struct req *r);
void view_reminders_post(struct req *r);
void view_reminders_link_post(struct req *r);
void view_reminders_revoke_post(struct req *r);
void view_reminders_calendar(struct req *r);
void cal_feed(struct req *r);
/* api-ladder.c */
void api_ladder_list(struct req *r);
void api_ladder_create(struct req *r);
void api_exam_prep(struct req *r);
/* api-account.c */
void api_me(struct req *r);
void api_tokens_list(struct req *r);
void api_token_delete(struct req *r);
/* api-kit.c */
void api_catalogs_list(struct req *r);
void api_catalog_get(struct req *r);
void api_kit_get(struct req *r);
void api_kit_put(struct req *r);
void api_kit_custom_post(struct req *r);
void api_kit_custom_delete(struct req *r);
/* api-plan.c */
void api_recommendation(struct req *r);
void api_program_get(struct req *r);
void api_program_put(struct req *r);
void api_goals_get(struct req *r);
void api_goals_put(struct req *r);
/* api-data.c */
void api_export(struct req *r);
void api_import(struct req *r);
/* api-sessions.c */
void api_sessions_create(struct req *r);
void api_sessions_list(struct req *r);
void api_session_get(struct req *r);
void api_session_put(struct req *r);
void api_session_delete(struct req *r);

#endif
