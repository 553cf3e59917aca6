/*
 * routes.c - every URL Pace answers, and the one place requests are sent
 * to their handler after authentication, CSRF and body checks.
 */
#include "web/routes.h"
#include "app/log.h"
#include "web/auth.h"

#include <string.h>
#include <strings.h>

#include "core/util.h"

static const struct route routes[] = {
    {"GET", "/healthz", healthz, R_PUBLIC},
    {"GET", "/static/{}", static_serve, R_PUBLIC},
    {"GET", "/", view_home, R_PUBLIC},
    {"GET", "/register", view_register, R_PUBLIC},
    {"POST", "/register", view_register_post, R_FORM},
    {"GET", "/login", view_login, R_PUBLIC},
    {"POST", "/login", view_login_post, R_FORM},
    {"GET", "/recover", view_recover, R_PUBLIC},
    {"POST", "/recover", view_recover_post, R_FORM},
    {"GET", "/reset/{}", view_reset, R_PUBLIC},
    {"POST", "/reset/{}", view_reset_post, R_FORM},
    {"POST", "/logout", view_logout_post, R_AUTH | R_FORM},
    {"POST", "/lang", view_lang_post, R_FORM},
    {"GET", "/settings", view_settings, R_AUTH},
    {"POST", "/settings/about", view_settings_about_post, R_AUTH | R_FORM},
    {"POST", "/settings/password", view_settings_password_post, R_AUTH | R_FORM},
    {"POST", "/settings/logins/end-others", view_settings_end_others_post, R_AUTH | R_FORM},
    {"POST", "/settings/logins/{}/end", view_settings_end_login_post, R_AUTH | R_FORM},
    {"POST", "/settings/tokens", view_settings_token_post, R_AUTH | R_FORM},
    {"POST", "/settings/tokens/{}/revoke", view_settings_token_revoke_post, R_AUTH | R_FORM},
    {"POST", "/settings/cues", view_settings_cues_post, R_AUTH | R_FORM},
    {"POST", "/settings/recovery-codes", view_settings_codes_post, R_AUTH | R_FORM},
    {"GET", "/settings/data", view_data, R_AUTH},
    {"GET", "/settings/data/export", view_data_export, R_AUTH | R_WRITES},
    {"POST", "/settings/data/erase", view_data_erase_post, R_AUTH | R_FORM},
    {"POST", "/settings/data/import", view_data_import_post, R_AUTH | R_MULTIPART | R_LARGE},
    {"GET", "/practice", view_practice, R_AUTH},
    {"POST", "/practice", view_practice_post, R_AUTH | R_FORM},
    {"GET", "/practice/discard", view_practice_discard, R_AUTH},
    {"POST", "/practice/discard", view_practice_discard_post, R_AUTH | R_FORM},
    {"GET", "/practice/done/{}", view_practice_done, R_AUTH},
    {"GET", "/sessions", view_sessions, R_AUTH},
    {"GET", "/sessions/new", view_session_new, R_AUTH},
    {"POST", "/sessions/new", view_session_new_post, R_AUTH | R_FORM},
    {"GET", "/sessions/{}", view_session, R_AUTH},
    {"GET", "/sessions/{}/edit", view_session_edit, R_AUTH},
    {"POST", "/sessions/{}/edit", view_session_edit_post, R_AUTH | R_FORM},
    {"GET", "/sessions/{}/delete", view_session_delete, R_AUTH},
    {"POST", "/sessions/{}/delete", view_session_delete_post, R_AUTH | R_FORM},
    {"GET", "/today", view_today, R_AUTH},
    {"GET", "/welcome", view_welcome, R_AUTH},
    {"POST", "/welcome", view_welcome_post, R_AUTH | R_FORM},
    {"GET", "/welcome/kit", view_welcome_kit, R_AUTH},
    {"POST", "/welcome/kit", view_welcome_kit_post, R_AUTH | R_FORM},
    {"GET", "/welcome/plan", view_welcome_plan, R_AUTH},
    {"POST", "/welcome/plan", view_welcome_plan_post, R_AUTH | R_FORM},
    {"GET", "/more", view_more, R_AUTH},
    {"GET", "/progress", view_progress, R_AUTH},
    {"GET", "/plan", view_plan, R_AUTH},
    {"POST", "/plan", view_plan_post, R_AUTH | R_FORM},
    {"POST", "/plan/goals/{}/reached", view_plan_goal_reached_post, R_AUTH | R_FORM},
    {"GET", "/plan/rules", view_plan_rules, R_AUTH},
    {"POST", "/plan/rules", view_plan_rules_post, R_AUTH | R_FORM},
    {"GET", "/kit", view_kit, R_AUTH},
    {"POST", "/kit", view_kit_post, R_AUTH | R_FORM},
    {"POST", "/kit/custom", view_kit_custom_post, R_AUTH | R_FORM},
    {"POST", "/kit/custom/{}/delete", view_kit_custom_delete_post, R_AUTH | R_FORM},
    {"GET", "/ladder", view_ladder, R_AUTH},
    {"POST", "/ladder", view_ladder_post, R_AUTH | R_FORM},
    {"GET", "/exam-prep", view_exam_prep, R_AUTH},
    {"POST", "/exam-prep", view_exam_prep_post, R_AUTH | R_FORM},
    {"GET", "/report", view_report, R_AUTH},
    {"POST", "/report", view_report_post, R_AUTH | R_FORM},
    {"GET", "/reminders", view_reminders, R_AUTH},
    {"POST", "/reminders", view_reminders_post, R_AUTH | R_FORM},
    {"POST", "/reminders/link", view_reminders_link_post, R_AUTH | R_FORM},
    {"POST", "/reminders/link/revoke", view_reminders_revoke_post, R_AUTH | R_FORM},
    {"GET", "/reminders/calendar.ics", view_reminders_calendar, R_AUTH},
    {"GET", "/cal/{}", cal_feed, R_PUBLIC},
    {"GET", "/sharing", view_sharing, R_AUTH},
    {"POST", "/sharing/invite", view_sharing_invite_post, R_AUTH | R_FORM},
    {"GET", "/sharing/audit", view_sharing_audit, R_AUTH},
    {"POST", "/sharing/{}", view_sharing_change_post, R_AUTH | R_FORM},
    {"POST", "/sharing/{}/revoke", view_sharing_revoke_post, R_AUTH | R_FORM},
    {"POST", "/sharing/links/{}/revoke", view_sharing_link_revoke_post, R_AUTH | R_FORM},
    {"GET", "/r/{}", view_report_link, R_PUBLIC | R_WRITES},
    {"POST", "/r/{}", view_report_link_post, R_FORM},
    {"GET", "/invite/{}", view_invite, R_PUBLIC},
    {"POST", "/invite/{}", view_invite_post, R_AUTH | R_FORM},
    {"GET", "/shared", view_shared, R_AUTH},
    {"GET", "/shared/{}", view_shared_one, R_AUTH | R_WRITES},
    {"GET", "/shared/{}/progress", view_shared_progress, R_AUTH | R_WRITES},
    {"GET", "/shared/{}/data", view_shared_data, R_AUTH | R_WRITES},
    {"GET", "/shared/{}/report.pdf", view_shared_report, R_AUTH | R_WRITES},
    /* the clinician's workspace */
    {"GET", "/intake", view_intake, R_AUTH},
    {"POST", "/intake", view_intake_post, R_AUTH | R_FORM},
    {"GET", "/intake/summary", view_intake_summary, R_AUTH},
    {"POST", "/plan/changes/{}", view_plan_change_post, R_AUTH | R_FORM},
    {"POST", "/feedback/{}/seen", view_feedback_seen_post, R_AUTH | R_FORM},
    {"GET", "/clinic", view_clinic, R_AUTH | R_WRITES},
    {"GET", "/clinic/{}", view_clinic_patient, R_AUTH | R_WRITES},
    {"GET", "/clinic/{}/report.pdf", view_clinic_report, R_AUTH | R_WRITES},
    {"POST", "/clinic/{}/exam", view_clinic_exam_post, R_AUTH | R_FORM},
    {"POST", "/clinic/{}/change", view_clinic_change_post, R_AUTH | R_FORM},
    {"POST", "/clinic/{}/feedback", view_clinic_feedback_post, R_AUTH | R_FORM},
    {"GET", "/admin/clinicians", view_admin_clinicians, R_AUTH},
    {"POST", "/admin/clinicians/{}/verify", view_admin_clinician_verify_post, R_AUTH | R_FORM},
    {"GET", "/community", view_community, R_AUTH},
    {"POST", "/community/join", view_community_join_post, R_AUTH | R_FORM},
    {"GET", "/community/leave", view_community_leave, R_AUTH},
    {"POST", "/community/leave", view_community_leave_post, R_AUTH | R_FORM},
    {"GET", "/community/s/{}", view_community_space, R_AUTH},
    {"POST", "/community/s/{}", view_community_space_post, R_AUTH | R_FORM},
    {"GET", "/community/p/{}", view_community_post, R_AUTH | R_WRITES},
    {"POST", "/community/p/{}/comments", view_community_comment_post, R_AUTH | R_FORM},
    {"POST", "/community/p/{}/support", view_community_support_post, R_AUTH | R_FORM},
    {"POST", "/community/p/{}/report", view_community_report_post, R_AUTH | R_FORM},
    {"GET", "/community/p/{}/edit", view_community_edit, R_AUTH | R_WRITES},
    {"POST", "/community/p/{}/edit", view_community_edit_post, R_AUTH | R_FORM},
    {"GET", "/community/moderation", view_community_moderation, R_AUTH},
    {"GET", "/community/moderation/log", view_community_log, R_AUTH},
    {"POST", "/community/moderation/suspend", view_community_suspend_post, R_AUTH | R_FORM},
    {"POST", "/community/moderation/{}", view_community_decide_post, R_AUTH | R_FORM},
    {"POST", "/community/moderation/{}/edit", view_community_mod_edit_post, R_AUTH | R_FORM},
    {"GET", "/guide", view_guide, R_PUBLIC},
    {"GET", "/guide/{}", view_guide_article, R_PUBLIC},

    {"GET", "/api/v1/me", api_me, R_AUTH},
    {"GET", "/api/v1/export", api_export, R_AUTH | R_WRITES},
    {"POST", "/api/v1/import", api_import, R_AUTH | R_JSON | R_LARGE},
    {"GET", "/api/v1/tokens", api_tokens_list, R_AUTH},
    {"DELETE", "/api/v1/tokens/{}", api_token_delete, R_AUTH},
    {"GET", "/api/v1/catalogs", api_catalogs_list, R_AUTH},
    {"GET", "/api/v1/catalogs/{}", api_catalog_get, R_AUTH},
    {"GET", "/api/v1/kit", api_kit_get, R_AUTH},
    {"PUT", "/api/v1/kit", api_kit_put, R_AUTH | R_JSON},
    {"POST", "/api/v1/kit/custom", api_kit_custom_post, R_AUTH | R_JSON},
    {"DELETE", "/api/v1/kit/custom/{}", api_kit_custom_delete, R_AUTH},
    {"GET", "/api/v1/ladder", api_ladder_list, R_AUTH},
    {"POST", "/api/v1/ladder", api_ladder_create, R_AUTH | R_JSON},
    {"GET", "/api/v1/exam-prep", api_exam_prep, R_AUTH},
    {"GET", "/api/v1/recommendation", api_recommendation, R_AUTH},
    {"GET", "/api/v1/program", api_program_get, R_AUTH},
    {"PUT", "/api/v1/program", api_program_put, R_AUTH | R_JSON},
    {"GET", "/api/v1/goals", api_goals_get, R_AUTH},
    {"PUT", "/api/v1/goals", api_goals_put, R_AUTH | R_JSON},
    {"POST", "/api/v1/sessions", api_sessions_create, R_AUTH | R_JSON},
    {"GET", "/api/v1/sessions", api_sessions_list, R_AUTH},
    {"GET", "/api/v1/sessions/{}", api_session_get, R_AUTH},
    {"PUT", "/api/v1/sessions/{}", api_session_put, R_AUTH | R_JSON},
    {"DELETE", "/api/v1/sessions/{}", api_session_delete, R_AUTH},
    {"GET", "/api/v1/grants", api_grants_list, R_AUTH},
    {"POST", "/api/v1/grants", api_grants_create, R_AUTH | R_JSON},
    {"PUT", "/api/v1/grants/{}", api_grant_put, R_AUTH | R_JSON},
    {"DELETE", "/api/v1/grants/{}", api_grant_delete, R_AUTH},
    {"POST", "/api/v1/invitations/{}", api_invitation_accept, R_AUTH},
    {"GET", "/api/v1/shared", api_shared_list, R_AUTH},
    {"GET", "/api/v1/audit", api_audit_list, R_AUTH},
    {"GET", "/api/v1/report-links", api_report_links_list, R_AUTH},
    {"POST", "/api/v1/report-links", api_report_links_create, R_AUTH | R_JSON},
    {"DELETE", "/api/v1/report-links/{}", api_report_link_delete, R_AUTH},
    /* the clinician's workspace */
    {"GET", "/api/v1/intake", api_intake_get, R_AUTH},
    {"PUT", "/api/v1/intake", api_intake_put, R_AUTH | R_JSON},
    {"GET", "/api/v1/exams", api_my_exams, R_AUTH},
    {"GET", "/api/v1/changes", api_my_changes, R_AUTH},
    {"POST", "/api/v1/changes/{}", api_my_change_decide, R_AUTH | R_JSON},
    {"GET", "/api/v1/feedback", api_my_feedback, R_AUTH},
    {"GET", "/api/v1/caseload", api_caseload, R_AUTH | R_WRITES},
    {"GET", "/api/v1/patients/{}/exams", api_patient_exams, R_AUTH | R_WRITES},
    {"POST", "/api/v1/patients/{}/exams", api_patient_exam_create, R_AUTH | R_JSON},
    {"GET", "/api/v1/patients/{}/changes", api_patient_changes, R_AUTH | R_WRITES},
    {"POST", "/api/v1/patients/{}/changes", api_patient_change_create, R_AUTH | R_JSON},
    {"GET", "/api/v1/patients/{}/feedback", api_patient_feedback, R_AUTH | R_WRITES},
    {"POST", "/api/v1/patients/{}/feedback", api_patient_feedback_create, R_AUTH | R_JSON},
    {"GET", "/api/v1/patients/{}/intake", api_patient_intake, R_AUTH | R_WRITES},
    {"GET", "/api/v1/patients/{}/fhir", api_patient_fhir, R_AUTH | R_WRITES},
    {"GET", "/api/v1/community/me", api_community_me, R_AUTH},
    {"POST", "/api/v1/community/join", api_community_join, R_AUTH | R_JSON},
    {"POST", "/api/v1/community/leave", api_community_leave, R_AUTH | R_JSON},
    {"GET", "/api/v1/community/spaces", api_community_spaces, R_AUTH},
    {"GET", "/api/v1/community/spaces/{}/posts", api_community_space_posts, R_AUTH},
    {"POST", "/api/v1/community/spaces/{}/posts", api_community_space_post, R_AUTH | R_JSON},
    {"GET", "/api/v1/community/posts/{}", api_community_post_get, R_AUTH | R_WRITES},
    {"PUT", "/api/v1/community/posts/{}", api_community_post_put, R_AUTH | R_JSON},
    {"POST", "/api/v1/community/posts/{}/comments", api_community_comment, R_AUTH | R_JSON},
    {"PUT", "/api/v1/community/posts/{}/support", api_community_support_put, R_AUTH},
    {"DELETE", "/api/v1/community/posts/{}/support", api_community_support_delete, R_AUTH},
    {"POST", "/api/v1/community/posts/{}/reports", api_community_report, R_AUTH | R_JSON},
    {"GET", "/api/v1/community/moderation/queue", api_community_queue, R_AUTH},
    {"POST", "/api/v1/community/moderation/posts/{}", api_community_decide, R_AUTH | R_JSON},
    {"GET", "/api/v1/community/moderation/log", api_community_log, R_AUTH},
};

/* Matches path against pattern, capturing {} segments into r->params
 * (when r is not NULL). */
static bool match(struct req *r, const char *pattern, const char *path)
{
    size_t np = 0;
    const char *params[WEB_MAX_PARAMS];
    static _Thread_local char segs[WEB_MAX_PARAMS][128];
    while (*pattern && *path) {
        if (pattern[0] == '{' && pattern[1] == '}') {
            size_t n = strcspn(path, "/");
            if (n == 0 || n >= sizeof segs[0] || np == WEB_MAX_PARAMS)
                return false;
            memcpy(segs[np], path, n);
            segs[np][n] = '\0';
            params[np] = segs[np];
            np++;
            path += n;
            pattern += 2;
        } else if (*pattern == *path) {
            pattern++;
            path++;
        } else {
            return false;
        }
    }
    if (*pattern || *path)
        return false;
    for (size_t i = 0; r && i < np; i++)
        r->params[i] = params[i];
    return true;
}

const struct route *web_route_for(const char *method, const char *path)
{
    if (strcmp(method, "HEAD") == 0)
        method = "GET";
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(routes[i].method, method) == 0 && match(NULL, routes[i].pattern, path))
            return &routes[i];
    return NULL;
}

static bool content_type_is(struct req *r, const char *want)
{
    const char *ct = req_header(r, "Content-Type");
    return ct && strncasecmp(ct, want, strlen(want)) == 0;
}

/* Reads a form's body into r->form (and files into r->upload); returns
 * NULL, or why it cannot be read. */
static const char *read_form(struct req *r, unsigned flags)
{
    const char *unreadable = N_("The form could not be read. Please go back and try again.");
    const char *body = r->body.data ? r->body.data : "";
    if (!(flags & R_MULTIPART)) {
        if (!content_type_is(r, "application/x-www-form-urlencoded") ||
            form_parse(&r->form, body, r->body.len) != 0)
            return _(unreadable);
        return NULL;
    }
    enum multipart_err e =
        multipart_parse(&r->upload, req_header(r, "Content-Type"), body, r->body.len);
    if (e != MP_OK)
        return multipart_message(e);
    for (size_t i = 0; i < r->upload.n; i++) {
        const struct multipart_part *p = &r->upload.parts[i];
        if (p->has_filename)
            continue;
        if (!str_valid_text(p->data, p->len) || form_add(&r->form, p->name, p->data, p->len) != 0) {
            form_free(&r->form);
            return _(unreadable);
        }
    }
    return NULL;
}

/* The one JSON body reader: r->json, or a 400 with where the text broke. */
static bool read_json(struct req *r)
{
    json_error_t je;
    r->json =
        json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (r->json)
        return true;
    /* jansson quotes the input near the error: keep it ASCII so the answer
     * itself stays valid JSON text. */
    for (char *c = je.text; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
            *c = '?';
    char msg[320];
    snprintf(msg, sizeof msg, _("The body is not valid JSON: %s (line %d, column %d)."), je.text,
             je.line, je.column);
    resp_api_error(r, 400, msg, NULL);
    return false;
}

/* "GET, HEAD, POST": the methods the table has for this path, in table
 * order, for 405 and OPTIONS. */
static void allowed_methods(const char *path, char *out, size_t n)
{
    out[0] = '\0';
    bool get = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(NULL, routes[i].pattern, path) || strstr(out, routes[i].method))
            continue;
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%s", len ? ", " : "", routes[i].method);
        get |= strcmp(routes[i].method, "GET") == 0;
    }
    if (get) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, ", HEAD");
    }
    size_t len = strlen(out);
    snprintf(out + len, n - len, "%sOPTIONS", len ? ", " : "");
}

size_t web_route_count(void)
{
    return sizeof routes / sizeof routes[0];
}

const struct route *web_route(size_t i)
{
    return i < sizeof routes / sizeof routes[0] ? &routes[i] : NULL;
}

void resp_error(struct req *r, int status, const char *msg)
{
    if (r->is_api)
        resp_api_error(r, status, msg, NULL);
    else
        view_error(r, status, msg);
}

void web_dispatch(struct req *r)
{
    const struct route *found = NULL;
    bool path_known = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(r, routes[i].pattern, r->path))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, r->method) == 0 ||
            (strcmp(r->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            found = &routes[i];
            break;
        }
    }
    auth_resolve(r);
    if (found == NULL && path_known && strcmp(r->method, "OPTIONS") == 0) {
        char allow[96];
        allowed_methods(r->path, allow, sizeof allow);
        resp_header(r, "Allow", allow);
        r->status = 204;
        return;
    }
    if (found == NULL) {
        if (path_known) {
            char allow[96];
            allowed_methods(r->path, allow, sizeof allow);
            resp_header(r, "Allow", allow);
            resp_error(r, 405, _("This address does not accept that kind of request."));
        } else if (r->is_api) {
            resp_api_error(r, 404, _("There is no such API endpoint."), NULL);
        } else {
            view_not_found(r);
        }
        return;
    }
    r->route = found->pattern;
    if (r->auth_unavailable) { /* who she is cannot be told just now */
        const char *msg = _("The database cannot be reached just now. Nothing was changed; "
                            "please try again in a moment.");
        resp_header(r, "Retry-After", "5");
        if (r->is_api)
            resp_api_error(r, 503, msg, NULL);
        else
            resp_error(r, 503, msg);
        return;
    }
    if ((found->flags & R_AUTH) && !r->authed) {
        if (r->is_api) {
            resp_header(r, "WWW-Authenticate", "Bearer");
            resp_api_error(r, 401, _("Please authenticate with a valid API token."), NULL);
        } else {
            resp_redirect(r, "/login");
        }
        return;
    }
    if (found->flags & (R_FORM | R_MULTIPART)) {
        /* Every form, whatever its encoding, passes this one CSRF check. */
        const char *why = read_form(r, found->flags);
        if (why) {
            resp_error(r, 400, why);
            return;
        }
        if (!auth_csrf_ok(r)) {
            app_log_event(APP_LOG_WARN, "csrf.failed", r->authed ? r->user.id : 0, "route=%s",
                          found->pattern);
            resp_error(r, 403,
                       _("This form has expired, so nothing was changed. Please go "
                         "back, reload the page and try again."));
            return;
        }
    }
    if ((found->flags & R_JSON) && !content_type_is(r, "application/json")) {
        resp_api_error(r, 400, _("Please send JSON (Content-Type: application/json)."), NULL);
        return;
    }
    /* A JSON body is read here, once (an import reads its own, piece by piece). */
    if ((found->flags & R_JSON) && !(found->flags & R_LARGE) && !read_json(r))
        return;
    found->fn(r);
    if (r->status >= 500)
        web_failed(r);
}

void web_failed(struct req *r)
{
    app_log_event(r->status == 503 || r->status == 507 ? APP_LOG_WARN : APP_LOG_ERROR,
                  "http.failed", r->authed ? r->user.id : 0, "status=%d method=%s route=%s",
                  r->status, r->method, r->route ? r->route : "-");
    /* A full disk or "try again later" already says so calmly; anything
     * else answers the same calm words, never what broke inside. */
    if (r->status == 503 || r->status == 507)
        return;
    char msg[512];
    snprintf(msg, sizeof msg,
             _("Something went wrong on our side. Please try again in a moment. If it keeps "
               "happening, tell whoever runs this server this reference: %s."),
             r->request_id);
    r->static_body = NULL;
    if (r->is_api) {
        json_t *j = json_object();
        json_object_set_new(j, "error", json_string(msg));
        json_object_set_new(j, "field", json_null());
        json_object_set_new(j, "request_id", json_string(r->request_id));
        resp_json(r, r->status, j);
    } else {
        view_error(r, r->status, msg);
    }
}
