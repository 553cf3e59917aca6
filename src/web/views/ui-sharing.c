/*
 * ui-sharing.c - her side of sharing: /sharing (whom she shares with, what,
 * until when; an invitation with a one-time link and its QR code; change,
 * extend or revoke), /sharing/audit ("Who saw what", with filters), and the
 * invitee's side of an invitation: /invite/{token} shows exactly what is
 * offered and takes the acceptance.
 */
#include "web/auth.h"
#include "web/html.h"
#include "web/qr.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-clinic.h"
#include "web/views/ui-sharing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DAY INT64_C(86400)

const char *ui_scope_words(int i)
{
    static const char *const words[APP_SCOPE_NAMES] = {
        N_("This week's practice and the next suggestion"),
        N_("Your sessions, without notes"),
        N_("The notes you wrote about your sessions"),
        N_("Your progress charts"),
        N_("Your comfort ladder"),
        N_("Your goals and program"),
        N_("The summary for a clinician (PDF)"),
        N_("What you told Pace about your history"),
        N_("Suggest changes to your plan, for you to accept or not"),
        N_("Change your plan directly"),
    };
    return i >= 0 && i < APP_SCOPE_NAMES ? _(words[i]) : "";
}

const char *ui_relation_words(enum grant_relation r)
{
    return r == GRANT_CLINICIAN ? _("Clinician") : _("Partner");
}

struct share_state {
    const char *error, *field, *notice;
    const char *new_link; /* an invitation just made: its link, shown once */
    bool echo;
};

static void scope_list(struct req *r, unsigned scopes)
{
    html_printf(r, "<ul class=\"scope-list\">");
    for (int i = 0; i < APP_SCOPE_NAMES; i++)
        if (scopes & (1u << i))
            html_printf(r, "<li>%s</li>", ui_scope_words(i));
    html_printf(r, "</ul>");
}

/* Checkboxes for the scopes; checked as bits; partner-only marks. */
static void scope_fields(struct req *r, const char *id, unsigned checked, unsigned allowed)
{
    html_printf(r,
                "<fieldset class=\"choices checks wide\" id=\"f-%s\"><legend>%s</legend>"
                "<div class=\"chips\">",
                id, _("What they may see"));
    for (int i = 0; i < APP_SCOPE_NAMES; i++) {
        if (!(allowed & (1u << i)))
            continue;
        html_printf(r,
                    "<span class=\"opt\"><input type=\"checkbox\" id=\"%s-%s\" name=\"scope\" "
                    "value=\"%s\"%R><label for=\"%s-%s\"><strong>%s</strong></label></span>",
                    id, app_scope_names[i], app_scope_names[i],
                    (checked >> i) & 1 ? " checked" : "", id, app_scope_names[i],
                    ui_scope_words(i));
    }
    if (allowed & SCOPE_EDIT_PLAN)
        html_printf(r, "</div><p class=\"hint\">%s</p></fieldset>",
                    _("Suggesting and changing your plan are for clinicians only."));
    else
        html_printf(r, "</div></fieldset>");
}

static unsigned read_scopes(struct req *r)
{
    unsigned bits = 0;
    for (size_t i = 0; i < form_count(&r->form, "scope"); i++)
        for (int k = 0; k < APP_SCOPE_NAMES; k++)
            if (strcmp(form_get_nth(&r->form, "scope", i), app_scope_names[k]) == 0)
                bits |= 1u << k;
    return bits;
}

/* "YYYY-MM-DD" in her zone to the start of the next day (the grant runs
 * through that day); "" is 0; -2 when malformed. */
static int64_t read_end(struct req *r, const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    char t[32];
    snprintf(t, sizeof t, "%.10sT00:00", s);
    int64_t at;
    if (strlen(s) != 10 || ui_datetime_parse(t, req_zone(r), &at) != 0)
        return -2;
    return at + DAY;
}

static void link_of(struct req *r, const char *token, char *out, size_t n)
{
    const char *host = req_header(r, "Host");
    bool ok = host && *host && strlen(host) < 200;
    for (const char *c = host; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
             strchr(".-:[]", *c) != NULL;
    snprintf(out, n, "%s://%s/invite/%s", r->https ? "https" : "http", ok ? host : "localhost",
             token);
}

static void status_line(struct req *r, const struct grant *g, const struct tz_zone *tz)
{
    char a[64], b[64], s[256];
    if (g->status == GRANT_REVOKED) {
        i18n_format_date(a, sizeof a, g->revoked_at, tz_offset_min(tz, g->revoked_at));
        snprintf(s, sizeof s, _("Ended on %s."), a);
    } else if (g->status == GRANT_INVITED && g->invite_expires_at <= r->now) {
        snprintf(s, sizeof s, "%s", _("The invitation expired before anyone accepted it."));
    } else if (g->status == GRANT_INVITED) {
        i18n_format_date(a, sizeof a, g->invite_expires_at,
                         tz_offset_min(tz, g->invite_expires_at));
        snprintf(s, sizeof s, _("Invited. The link works until %s."), a);
    } else if (g->end && g->end <= r->now) {
        i18n_format_date(a, sizeof a, g->end - 1, tz_offset_min(tz, g->end - 1));
        snprintf(s, sizeof s, _("Ended on %s."), a);
    } else if (g->end) {
        i18n_format_date(a, sizeof a, g->accepted_at, tz_offset_min(tz, g->accepted_at));
        i18n_format_date(b, sizeof b, g->end - 1, tz_offset_min(tz, g->end - 1));
        snprintf(s, sizeof s, _("Sharing since %s, until %s."), a, b);
    } else {
        i18n_format_date(a, sizeof a, g->accepted_at, tz_offset_min(tz, g->accepted_at));
        snprintf(s, sizeof s, _("Sharing since %s, until you stop it."), a);
    }
    html_printf(r, "<p class=\"meta\">%s</p>", s);
}

static bool in_force(const struct grant *g, int64_t now)
{
    return g->status != GRANT_REVOKED && !(g->end && g->end <= now) &&
           !(g->status == GRANT_INVITED && g->invite_expires_at <= now);
}

static void grant_card(struct req *r, const struct grant *g, const struct tz_zone *tz)
{
    const char *who = g->label[0] ? g->label : g->grantee_email;
    html_printf(r, "<li class=\"card share\"><h3>%s <span class=\"tag\">%s</span></h3>",
                who[0] ? who : _("Someone you invited"), ui_relation_words(g->relation));
    ui_clinician_badge(r, g->grantee_id, g->relation == GRANT_CLINICIAN);
    if (g->grantee_email[0] && g->label[0])
        html_printf(r, "<p class=\"meta\">%s</p>", g->grantee_email);
    status_line(r, g, tz);
    scope_list(r, g->scopes);
    if (!in_force(g, r->now)) {
        html_printf(r, "</li>");
        return;
    }
    if (g->status == GRANT_ACTIVE && g->end && g->end - r->now < 14 * DAY) {
        /* Nearing its end: one tap to extend; nothing renews by itself. */
        char end[16];
        int64_t to = g->end + 90 * DAY;
        rfc3339_format(to - 1 + tz_offset(tz, to - 1), end, sizeof end);
        end[10] = '\0';
        html_printf(r, "<form method=\"post\" action=\"/sharing/%s\">", g->public_id);
        html_csrf(r);
        for (int i = 0; i < APP_SCOPE_NAMES; i++)
            if (g->scopes & (1u << i))
                html_printf(r, "<input type=\"hidden\" name=\"scope\" value=\"%s\">",
                            app_scope_names[i]);
        html_printf(r,
                    "<input type=\"hidden\" name=\"end\" value=\"%s\"><button type=\"submit\" "
                    "class=\"button\">%s</button></form>",
                    end, _("Extend by 90 days"));
    }
    html_printf(r,
                "<details class=\"share-change\"><summary>%s</summary>"
                "<form method=\"post\" action=\"/sharing/%s\">",
                _("Change what they see"), g->public_id);
    html_csrf(r);
    char id[48];
    snprintf(id, sizeof id, "s-%.8s", g->public_id);
    scope_fields(r, id, g->scopes, app_scopes_allowed(g->relation));
    char end[16] = "";
    if (g->end) {
        rfc3339_format(g->end - 1 + tz_offset(tz, g->end - 1), end, sizeof end);
        end[10] = '\0';
    }
    html_printf(r,
                "<div class=\"field\"><label for=\"%s-end\">%s</label><p class=\"hint\">%s</p>"
                "<input id=\"%s-end\" name=\"end\" type=\"date\" value=\"%s\"></div>"
                "<button type=\"submit\" class=\"button secondary\">%s</button></form></details>",
                id, _("Until"), _("Leave it empty to share until you stop it."), id, end,
                _("Save the change"));
    html_printf(r, "<form method=\"post\" action=\"/sharing/%s/revoke\">", g->public_id);
    html_csrf(r);
    html_printf(r,
                "<button type=\"submit\" class=\"button secondary stop\">%s</button></form></li>",
                g->status == GRANT_INVITED ? _("Withdraw the invitation") : _("Stop sharing"));
}

static void invite_form(struct req *r, const struct share_state *st)
{
    const char *rel = st->echo ? form_get(&r->form, "relation") : "partner";
    bool clin = rel && strcmp(rel, "clinician") == 0;
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"inv-h\"><h2 id=\"inv-h\">%s</h2>"
                "<form method=\"post\" action=\"/sharing/invite\" novalidate>",
                _("Invite someone"));
    html_csrf(r);
    html_printf(r,
                "<fieldset class=\"choices pair\" id=\"f-relation\"><legend>%s</legend>"
                "<div class=\"chips\"><span class=\"opt\"><input type=\"radio\" id=\"rel-p\" "
                "name=\"relation\" value=\"partner\"%R><label for=\"rel-p\"><strong>%s</strong>"
                "</label></span><span class=\"opt\"><input type=\"radio\" id=\"rel-c\" "
                "name=\"relation\" value=\"clinician\"%R><label for=\"rel-c\"><strong>%s</strong>"
                "</label></span></div></fieldset>",
                _("Whom are you inviting?"), clin ? "" : " checked", _("Your partner"),
                clin ? " checked" : "", _("A clinician"));
    html_input(r, "label", "text", _("Their name, for your list (optional)"),
               st->echo ? form_get(&r->form, "label") : "", "off", NULL,
               st->field && strcmp(st->field, "label") == 0 ? st->error : NULL, false);
    html_input(r, "subject_name", "text", _("How they will see you (optional)"),
               st->echo ? form_get(&r->form, "subject_name") : "", "off",
               _("Your first name or a pseudonym. Without it they see \"someone who shares with "
                 "you\"."),
               st->field && strcmp(st->field, "subject_name") == 0 ? st->error : NULL, false);
    scope_fields(r, "scopes", st->echo ? read_scopes(r) : app_scopes_default(GRANT_PARTNER),
                 app_scopes_allowed(GRANT_CLINICIAN));
    html_printf(r,
                "<div class=\"field\"><label for=\"f-end\">%s</label><p class=\"hint\">%s</p>"
                "<input id=\"f-end\" name=\"end\" type=\"date\" value=\"%s\"></div>",
                _("Until (optional)"),
                _("Empty: a partner until you stop it, a clinician for 90 days. You can change "
                  "it or stop sharing at any time."),
                st->echo && form_get(&r->form, "end") ? form_get(&r->form, "end") : "");
    html_printf(r,
                "<p class=\"hint\">%s</p><button type=\"submit\" class=\"button\">%s</button>"
                "</form></section>",
                _("Pace makes a link that works once, for 7 days. Nothing is sent: you give it to "
                  "them yourself."),
                _("Make the invitation link"));
}

static void render(struct req *r, const struct share_state *st)
{
    struct grant *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_grants_list(&r->app->ctx, &r->who, r->user.id, &items, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    const struct tz_zone *tz = req_zone(r);
    page_begin(r, _("Sharing"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Sharing"),
                _("Your partner or a clinician sees only what you choose, for as long as you "
                  "choose. You can see every time they look."));
    html_notice(r, st->notice);
    if (st->error && st->field && *st->field)
        html_alert_field(r, st->error, st->field);
    else
        html_alert(r, st->error);
    if (st->new_link) {
        html_printf(r,
                    "<section class=\"card invite-link\" aria-labelledby=\"link-h\">"
                    "<h2 id=\"link-h\">%s</h2><p>%s</p><p class=\"link-text\"><code>%s</code>"
                    "</p>",
                    _("Your invitation link"),
                    _("Give this link to them, or let them scan the code. It works once, for 7 "
                      "days, and is shown only now."),
                    st->new_link);
        html_qr(r, st->new_link, _("QR code of the invitation link"));
        html_printf(r, "</section>");
    }
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = in_force(&items[i], r->now);
    html_printf(r, "<section aria-labelledby=\"now-h\"><h2 id=\"now-h\">%s</h2>",
                _("Whom you share with"));
    if (!any)
        html_printf(r, "<p>%s</p>", _("You do not share anything with anyone."));
    html_printf(r, "<ul class=\"share-list\">");
    for (size_t i = 0; i < n; i++)
        if (in_force(&items[i], r->now))
            grant_card(r, &items[i], tz);
    html_printf(r, "</ul></section>");
    invite_form(r, st);
    ui_report_links_section(r);
    html_printf(r, "<p class=\"more-links\"><a href=\"/sharing/audit\">%s</a></p>",
                _("Who saw what"));
    bool ended = false;
    for (size_t i = 0; i < n && !ended; i++)
        ended = !in_force(&items[i], r->now);
    if (ended) {
        html_printf(r,
                    "<details class=\"share-ended\"><summary>%s</summary><ul class=\"share-list\">",
                    _("Ended sharing and old invitations"));
        for (size_t i = 0; i < n; i++)
            if (!in_force(&items[i], r->now))
                grant_card(r, &items[i], tz);
        html_printf(r, "</ul></details>");
    }
    page_end(r);
    app_grants_free(items, n);
}

void view_sharing(struct req *r)
{
    struct share_state st = {0};
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "changed") == 0)
        st.notice = _("Saved. It counts from their next visit.");
    else if (done && strcmp(done, "ended") == 0)
        st.notice = _("Stopped. They can no longer see anything of yours.");
    else if (done && strcmp(done, "link") == 0)
        st.notice = _("Stopped. The link no longer opens the report.");
    render(r, &st);
}

void view_sharing_invite_post(struct req *r)
{
    struct app_invite in = {0};
    const char *rel = form_get(&r->form, "relation");
    int k = grant_relation_parse(rel);
    in.relation = k < 0 ? GRANT_RELATION_COUNT : (enum grant_relation)k;
    in.scopes = read_scopes(r);
    const char *label = form_get(&r->form, "label"), *name = form_get(&r->form, "subject_name");
    snprintf(in.label, sizeof in.label, "%.*s", GRANT_LABEL_MAX, label ? label : "");
    snprintf(in.subject_name, sizeof in.subject_name, "%.*s", GRANT_LABEL_MAX, name ? name : "");
    struct pace_error err = {0};
    int rc = 0;
    if ((label && strlen(label) > GRANT_LABEL_MAX) || (name && strlen(name) > GRANT_LABEL_MAX))
        rc = pace_fail(&err, PACE_EINVAL,
                       label && strlen(label) > GRANT_LABEL_MAX ? "label" : "subject_name", "%s",
                       _("Please use at most 60 characters, on one line."));
    int64_t end = read_end(r, form_get(&r->form, "end"));
    if (rc == 0 && end == -2)
        rc = pace_fail(&err, PACE_EINVAL, "end", "%s", _("Please give a date, or leave it empty."));
    in.end = end;
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct grant g;
    if (rc == 0)
        rc = app_invite_create(&r->app->ctx, &r->who, r->user.id, &in, r->now, token, &g, &err);
    if (rc != 0) {
        if (rc == PACE_ENOTFOUND || rc == PACE_EDENIED || status_for(rc) >= 500) {
            view_fail(r, rc, &err);
            return;
        }
        r->status = 422;
        struct share_state st = {.error = err.msg, .field = err.field, .echo = true};
        render(r, &st);
        return;
    }
    char link[300];
    link_of(r, token, link, sizeof link);
    crypto_wipe(token, sizeof token);
    struct share_state st = {.notice = _("The invitation is ready."), .new_link = link};
    render(r, &st);
    crypto_wipe(link, sizeof link);
    crypto_wipe(&g, sizeof g);
}

void view_sharing_change_post(struct req *r)
{
    struct pace_error err = {0};
    int64_t end = read_end(r, form_get(&r->form, "end"));
    int rc = end == -2 ? pace_fail(&err, PACE_EINVAL, "end", "%s",
                                   _("Please give a date, or leave it empty."))
                       : app_grant_change(&r->app->ctx, &r->who, r->user.id, r->params[0],
                                          read_scopes(r), end == 0 ? -1 : end, r->now, &err);
    if (rc == PACE_EINVAL) {
        r->status = 422;
        struct share_state st = {.error = err.msg};
        render(r, &st);
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/sharing?done=changed");
}

void view_sharing_revoke_post(struct req *r)
{
    struct pace_error err = {0};
    int rc = app_grant_revoke(&r->app->ctx, &r->who, r->user.id, r->params[0], r->now, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/sharing?done=ended");
}

/* ---- the invitee's side ---- */

static void invite_page(struct req *r, const struct grant *g, const char *error)
{
    page_begin(r, _("An invitation"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1>", _("An invitation to share"));
    html_alert(r, error);
    char who[GRANT_LABEL_MAX + 64];
    snprintf(who, sizeof who, "%s", g->subject_name[0] ? g->subject_name : _("Someone"));
    char s[400];
    snprintf(s, sizeof s,
             g->relation == GRANT_CLINICIAN
                 ? _("%s would like to share their practice with you, as their clinician.")
                 : _("%s would like to share their practice with you, as their partner."),
             who);
    html_printf(r, "<p class=\"lead\">%s</p><h2>%s</h2>", s, _("What you would see"));
    scope_list(r, g->scopes);
    char end[64];
    if (g->end) {
        i18n_format_date(end, sizeof end, g->end - 1, tz_offset_min(req_zone(r), g->end - 1));
        snprintf(s, sizeof s, _("Until %s, unless they stop it sooner."), end);
    } else {
        snprintf(s, sizeof s, "%s", _("Until they stop it. They can stop it at any time."));
    }
    html_printf(r, "<p>%s</p><p class=\"hint\">%s</p>", s,
                _("They will see each time you look. Nothing of yours is shared with them."));
    if (r->authed) {
        html_printf(r, "<form method=\"post\" action=\"/invite/%s\">", r->params[0]);
        html_csrf(r);
        html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form>", _("Accept"));
    } else {
        html_printf(r,
                    "<p>%s</p><div class=\"actions\"><a class=\"button\" "
                    "href=\"/register?next=/invite/%s\">%s</a><a class=\"button secondary\" "
                    "href=\"/login?next=/invite/%s\">%s</a></div>",
                    _("To accept, sign in or create an account. You come back here after."),
                    r->params[0], _("Create an account"), r->params[0], _("Sign in"));
    }
    html_printf(r, "</section>");
    page_end(r);
}

static void invite_gone(struct req *r, const char *msg)
{
    r->status = 404;
    page_begin(r, _("An invitation"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p></section>",
                _("This invitation cannot be used"), msg);
    page_end(r);
}

void view_invite(struct req *r)
{
    struct grant g;
    struct pace_error err = {0};
    auth_ensure_csrf(r);
    if (app_invite_open(&r->app->ctx, r->params[0], r->now, &g, &err) != 0) {
        invite_gone(r, err.msg);
        return;
    }
    invite_page(r, &g, NULL);
    crypto_wipe(&g, sizeof g);
}

void view_invite_post(struct req *r)
{
    struct grant g;
    struct pace_error err = {0};
    int rc = app_invite_accept(&r->app->ctx, &r->who, r->params[0], r->now, &g, &err);
    if (rc == PACE_ENOTFOUND) {
        invite_gone(r, err.msg);
        return;
    }
    if (rc != 0) {
        struct grant shown;
        if (app_invite_open(&r->app->ctx, r->params[0], r->now, &shown, NULL) != 0) {
            view_fail(r, rc, &err);
            return;
        }
        r->status = status_for(rc) >= 500 ? 500 : 422;
        invite_page(r, &shown, err.msg);
        crypto_wipe(&shown, sizeof shown);
        return;
    }
    char loc[96];
    snprintf(loc, sizeof loc, "/shared/%s", g.public_id);
    crypto_wipe(&g, sizeof g);
    resp_redirect(r, loc);
}
