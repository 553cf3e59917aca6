/*
 * ui-community.c - the community for a member: /community (what it is,
 * joining with a name of her own, the spaces), a space with its posts and
 * the form to write one, a post with its comments, support and reports,
 * editing within the window, and leaving.
 */
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-community.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fv(struct req *r, const char *key)
{
    const char *v = form_get(&r->form, key);
    return v ? v : "";
}

/* The spaces Pace starts with, for the catalogue. */
static const char *const space_words[][3] = {
    {"starting-out", N_("Starting out"), N_("First steps, first questions.")},
    {"practice", N_("Dilators and practice"), N_("Sizes, routines, what helps.")},
    {"partners", N_("Partners"), N_("Talking with a partner, intimacy without pressure.")},
    {"exams", N_("Exams and clinicians"),
     N_("Preparing for a visit, finding someone who listens.")},
    {"small-wins", N_("Small wins"), N_("Every step counts.")},
};

const char *ui_cm_space_name(const struct cm_space *sp)
{
    for (size_t i = 0; i < sizeof space_words / sizeof space_words[0]; i++)
        if (strcmp(sp->slug, space_words[i][0]) == 0 && strcmp(sp->name, space_words[i][1]) == 0)
            return _(space_words[i][1]);
    return sp->name;
}

const char *ui_cm_space_desc(const struct cm_space *sp)
{
    for (size_t i = 0; i < sizeof space_words / sizeof space_words[0]; i++)
        if (strcmp(sp->slug, space_words[i][0]) == 0 &&
            strcmp(sp->description, space_words[i][2]) == 0)
            return _(space_words[i][2]);
    return sp->description;
}

void ui_cm_span(int64_t s, char *out, size_t n)
{
    if (s < 0)
        s = 0;
    long v;
    if (s < 60) {
        snprintf(out, n, "%s", _("under a minute"));
        return;
    }
    if (s < 3600) {
        v = (long)(s / 60);
        snprintf(out, n, ngettext_("%ld minute", "%ld minutes", v), v);
    } else if (s < 2 * 86400) {
        v = (long)(s / 3600);
        snprintf(out, n, ngettext_("%ld hour", "%ld hours", v), v);
    } else {
        v = (long)(s / 86400);
        snprintf(out, n, ngettext_("%ld day", "%ld days", v), v);
    }
}

const char *ui_cm_author(const struct cm_post *p)
{
    return p->handle[0] ? p->handle : _("a former member");
}

void ui_cm_body(struct req *r, const char *body)
{
    struct buf b = {0};
    community_render(body, &b);
    html_printf(r, "<div class=\"post-body\">%R</div>", b.data ? b.data : "");
    buf_free(&b);
}

void ui_cm_textarea(struct req *r, const char *name, const char *label, const char *hint,
                    const char *value, int rows, const char *err)
{
    bool bad = err && *err;
    html_printf(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label>", bad ? " bad" : "", name,
                label);
    if (hint)
        html_printf(r, "<p class=\"hint\" id=\"h-%s\">%s</p>", name, hint);
    char desc[64];
    snprintf(desc, sizeof desc, "%s%s%s%s", hint ? "h-" : "", hint ? name : "",
             bad ? (hint ? " e-" : "e-") : "", bad ? name : "");
    html_printf(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\"%R%R%s%R>%s</textarea>", name,
                name, rows, *desc ? " aria-describedby=\"" : "", "", desc, *desc ? "\"" : "",
                value ? value : "");
    if (bad)
        html_printf(r, "<p class=\"field-error\" id=\"e-%s\"><span>%s</span></p>", name, err);
    html_printf(r, "</div>");
}

void ui_cm_flags(struct req *r, const struct cm_post *p)
{
    if (p->nflags == 0)
        return;
    html_printf(r, "<ul class=\"flags\">");
    for (size_t i = 0; i < p->nflags; i++)
        html_printf(r, "<li><strong>%s</strong>: %s <span class=\"meta\">%s %s</span></li>",
                    community_rule_label(p->flags[i].rule),
                    community_rule_explain(p->flags[i].rule), _("Found:"), p->flags[i].words);
    html_printf(r, "</ul>");
}

/* ---- /community ---- */

static void join_form(struct req *r, const char *error)
{
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"join-h\"><h2 id=\"join-h\">%s</h2>"
                "<p>%s</p><form method=\"post\" action=\"/community/join\" novalidate>",
                _("Join with a name of your own"),
                _("Joining is your choice. Other members see only the name you pick here and "
                  "what you write: nothing about your practice, your plan or your account."));
    html_csrf(r);
    html_input(r, "handle", "text", _("Your name in the community"),
               error ? form_get(&r->form, "handle") : "", "off",
               _("3 to 24 letters, digits, dots or dashes. Better not your real name, and never "
                 "your email address."),
               error, true);
    html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Join the community"));
}

static void community_page(struct req *r, const char *error)
{
    struct cm_member m;
    struct pace_error err = {0};
    int rc = app_cm_me(&r->app->ctx, &r->who, &m, &err);
    if (rc != 0 && rc != PACE_ENOTFOUND) {
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Community"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Community"),
                _("A quiet place to share experiences with other women. Moderators read "
                  "every new member's first posts before they appear, and nothing here is "
                  "sent anywhere else."));
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "left") == 0)
        html_notice(r, _("You have left the community."));
    if (rc == PACE_ENOTFOUND) {
        if (error && !*fv(r, "handle"))
            html_alert(r, error);
        join_form(r, error);
        page_end(r);
        return;
    }
    if (done && strcmp(done, "joined") == 0)
        html_notice(r, _("Welcome. Your first posts wait for a moderator before others see "
                         "them."));
    html_printf(r, "<p>%s <strong>%s</strong></p>", _("You are here as"), m.handle);
    if (m.suspended)
        html_alert(r, _("A moderator has paused your membership. You can read, but not write, "
                        "for now."));
    struct cm_space *spaces = NULL;
    size_t n = 0;
    if (app_cm_spaces(&r->app->ctx, &r->who, &spaces, &n, &err) == 0) {
        html_printf(r,
                    "<section aria-labelledby=\"sp-h\"><h2 id=\"sp-h\">%s</h2>"
                    "<ul class=\"rows more-list spaces\">",
                    _("Spaces"));
        const char *lang = i18n_code(i18n_lang());
        for (size_t i = 0; i < n; i++) {
            /* a space in one language is listed for those who read Pace in it */
            if (strcmp(spaces[i].lang, "both") != 0 && strcmp(spaces[i].lang, lang) != 0)
                continue;
            html_printf(r,
                        "<li><a href=\"/community/s/%s\"><strong>%s</strong><span "
                        "class=\"meta\">%s</span></a></li>",
                        spaces[i].slug, ui_cm_space_name(&spaces[i]), ui_cm_space_desc(&spaces[i]));
        }
        html_printf(r, "</ul></section>");
    }
    free(spaces);
    html_printf(r, "<p class=\"more-links\">");
    if (m.moderator)
        html_printf(r, "<a href=\"/community/moderation\">%s</a> ", _("Moderation"));
    html_printf(r, "<a href=\"/community/leave\">%s</a></p>", _("Leave the community"));
    page_end(r);
}

void view_community(struct req *r)
{
    community_page(r, NULL);
}

void view_community_join_post(struct req *r)
{
    struct cm_member m;
    struct pace_error err = {0};
    int rc = app_cm_join(&r->app->ctx, &r->who, fv(r, "handle"), r->addr_key, r->now, &m, &err);
    if (rc == 0) {
        resp_redirect(r, "/community?done=joined");
        return;
    }
    if (rc != PACE_EINVAL && rc != PACE_ECONFLICT) {
        view_fail(r, rc, &err);
        return;
    }
    r->status = 422;
    community_page(r, err.msg);
}

/* ---- a space ---- */

static void post_status(struct req *r, const struct cm_post *p, bool own)
{
    if (p->status == CM_HELD && own)
        html_printf(r, "<p class=\"status waiting\"><span class=\"tag\">%s</span> %s</p>",
                    _("Waiting for a moderator"),
                    _("Only you can see it until a moderator has read it."));
    else if (p->status == CM_REJECTED && own)
        html_printf(r, "<p class=\"status rejected\"><span class=\"tag\">%s</span> %s %s</p>",
                    _("Not published"), _("The moderator's reason:"), p->reason);
}

static void post_form(struct req *r, const struct cm_space *sp, const struct pace_error *e)
{
    const char *field = e ? e->field : "";
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"new-h\"><h2 id=\"new-h\">%s</h2>"
                "<form method=\"post\" action=\"/community/s/%s\" novalidate>",
                _("Write a post"), sp->slug);
    if (e && !*field)
        html_alert(r, e->msg);
    html_csrf(r);
    html_input(r, "title", "text", _("Title"), e ? form_get(&r->form, "title") : "", "off", NULL,
               strcmp(field, "title") == 0 ? e->msg : NULL, true);
    ui_cm_textarea(r, "body", _("Your post"),
                   _("Plain text, or Markdown for lists, *emphasis* and links. New members' "
                     "posts wait for a moderator."),
                   e ? form_get(&r->form, "body") : "", 6,
                   strcmp(field, "body") == 0 ? e->msg : NULL);
    html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Send"));
}

static void space_page(struct req *r, const struct pace_error *e)
{
    struct cm_space sp;
    struct cm_post *posts = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    struct cm_member m;
    if (app_cm_me(&r->app->ctx, &r->who, &m, &err) != 0) {
        resp_redirect(r, "/community");
        return;
    }
    int rc = app_cm_space(&r->app->ctx, &r->who, r->params[0], &sp, &posts, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    if (e)
        r->status = e->code == PACE_ELOCKED ? 429 : 422;
    page_begin(r, ui_cm_space_name(&sp));
    html_printf(r,
                "<p class=\"crumbs\"><a href=\"/community\">%s</a></p><h1>%s</h1>"
                "<p class=\"lead\">%s</p>",
                _("Community"), ui_cm_space_name(&sp), ui_cm_space_desc(&sp));
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("Nothing here yet. You could write the first post."));
    html_printf(r, "<ul class=\"posts\">");
    for (size_t i = 0; i < n; i++) {
        const struct cm_post *p = &posts[i];
        char when[64];
        i18n_format_date(when, sizeof when, p->created_at,
                         tz_offset_min(req_zone(r), p->created_at));
        html_printf(r,
                    "<li class=\"card post\"><h2><a href=\"/community/p/%lld\">%s</a></h2>"
                    "<p class=\"meta\">%s · %s",
                    (long long)p->id, p->title, ui_cm_author(p), when);
        if (p->comments) {
            char cm[64];
            snprintf(cm, sizeof cm, ngettext_("%d comment", "%d comments", p->comments),
                     p->comments);
            html_printf(r, " · %s", cm);
        }
        html_printf(r, "</p>");
        post_status(r, p, p->member_id == m.id);
        html_printf(r, "</li>");
    }
    html_printf(r, "</ul>");
    if (!m.suspended)
        post_form(r, &sp, e);
    page_end(r);
    cm_posts_free(posts, n);
}

void view_community_space(struct req *r)
{
    space_page(r, NULL);
}

static bool post_id(struct req *r, int64_t *id)
{
    char *end;
    long long v = strtoll(r->params[0], &end, 10);
    if (*end || v <= 0) {
        view_not_found(r);
        return false;
    }
    *id = v;
    return true;
}

void view_community_space_post(struct req *r)
{
    struct cm_post p;
    struct pace_error err = {0};
    int rc = app_cm_write(&r->app->ctx, &r->who, r->params[0], 0, fv(r, "title"), fv(r, "body"),
                          r->addr_key, r->now, &p, &err);
    if (rc == 0) {
        char to[64];
        snprintf(to, sizeof to, "/community/p/%lld?done=%s", (long long)p.id,
                 p.status == CM_HELD ? "held" : "live");
        cm_post_clear(&p);
        resp_redirect(r, to);
        return;
    }
    if (rc == PACE_EINVAL || rc == PACE_ETOOLARGE || rc == PACE_ELOCKED) {
        err.code = rc;
        space_page(r, &err);
        return;
    }
    view_fail(r, rc, &err);
}

/* ---- a post ---- */

static void support_form(struct req *r, const struct cm_post *p, int64_t back)
{
    html_printf(r, "<form method=\"post\" action=\"/community/p/%lld/support\" class=\"inline\">",
                (long long)p->id);
    html_csrf(r);
    html_printf(r,
                "<input type=\"hidden\" name=\"on\" value=\"%s\"><input type=\"hidden\" "
                "name=\"back\" value=\"%lld\"><button type=\"submit\" class=\"button small "
                "secondary\" aria-pressed=\"%s\">%s</button></form>",
                p->supported ? "0" : "1", (long long)back, p->supported ? "true" : "false",
                p->supported ? _("You sent support") : _("Send support"));
    if (p->supports > 0)
        html_printf(r, " <span class=\"meta-inline\">%s</span>",
                    p->supports == 1 ? _("Support from one member")
                                     : _("Support from several members"));
}

static void report_form(struct req *r, const struct cm_post *p, int64_t back)
{
    char id[32];
    snprintf(id, sizeof id, "reason-%lld", (long long)p->id);
    html_printf(r,
                "<details class=\"report\"><summary>%s</summary><form method=\"post\" "
                "action=\"/community/p/%lld/report\"><input type=\"hidden\" name=\"back\" "
                "value=\"%lld\">",
                _("Report to a moderator"), (long long)p->id, (long long)back);
    html_csrf(r);
    html_printf(r,
                "<div class=\"field\"><label for=\"f-%s\">%s</label><input id=\"f-%s\" "
                "name=\"reason\" type=\"text\" maxlength=\"500\"></div><button type=\"submit\" "
                "class=\"button small secondary\">%s</button></form></details>",
                id, _("What is wrong with it?"), id, _("Send the report"));
}

static void post_page(struct req *r, int64_t id, const struct pace_error *e)
{
    struct cm_post p;
    struct cm_post *comments = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    struct cm_member m;
    if (app_cm_me(&r->app->ctx, &r->who, &m, &err) != 0) {
        resp_redirect(r, "/community");
        return;
    }
    int rc = app_cm_post(&r->app->ctx, &r->who, id, &p, &comments, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    if (e)
        r->status = e->code == PACE_ELOCKED ? 429 : 422;
    bool own = p.member_id == m.id;
    page_begin(r, p.title);
    html_printf(r,
                "<p class=\"crumbs\"><a href=\"/community\">%s</a> › <a "
                "href=\"/community/s/%s\">%s</a></p>",
                _("Community"), p.space_slug, _("Back to the space"));
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "held") == 0)
        html_notice(r, _("Thank you. Your post is waiting for a moderator, and appears once it "
                         "is approved. You can see it here in the meantime."));
    else if (done && strcmp(done, "reported") == 0)
        html_notice(r, _("Thank you. A moderator will look at it."));
    else if (done && strcmp(done, "comment-held") == 0)
        html_notice(r, _("Thank you. Your comment is waiting for a moderator."));
    if (e && strcmp(e->field, "body") != 0)
        html_alert(r, e->msg);
    html_printf(r, "<article class=\"card post\"><h1>%s</h1>", p.title);
    char when[64];
    i18n_format_datetime(when, sizeof when, p.created_at, tz_offset_min(req_zone(r), p.created_at));
    html_printf(r, "<p class=\"meta\">%s · %s%R</p>", ui_cm_author(&p), when,
                p.edited_at ? " · " : "");
    post_status(r, &p, own);
    ui_cm_body(r, p.body);
    if (p.status == CM_LIVE) {
        html_printf(r, "<div class=\"post-actions\">");
        support_form(r, &p, p.id);
        if (own && r->now - p.created_at <= CM_EDIT_WINDOW)
            html_printf(r,
                        " <a class=\"button small secondary\" href=\"/community/p/%lld/edit\">"
                        "%s</a>",
                        (long long)p.id, _("Change this post"));
        html_printf(r, "</div>");
        if (!own)
            report_form(r, &p, p.id);
    } else if (own && p.status == CM_HELD && r->now - p.created_at <= CM_EDIT_WINDOW) {
        html_printf(r,
                    "<p><a class=\"button small secondary\" href=\"/community/p/%lld/edit\">"
                    "%s</a></p>",
                    (long long)p.id, _("Change this post"));
    }
    html_printf(r, "</article><section aria-labelledby=\"c-h\"><h2 id=\"c-h\">%s</h2>",
                _("Comments"));
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("No comments yet."));
    html_printf(r, "<ul class=\"comments\">");
    for (size_t i = 0; i < n; i++) {
        const struct cm_post *c = &comments[i];
        i18n_format_datetime(when, sizeof when, c->created_at,
                             tz_offset_min(req_zone(r), c->created_at));
        html_printf(r, "<li class=\"card comment\" id=\"c%lld\"><p class=\"meta\">%s · %s</p>",
                    (long long)c->id, ui_cm_author(c), when);
        post_status(r, c, c->member_id == m.id);
        ui_cm_body(r, c->body);
        if (c->status == CM_LIVE) {
            html_printf(r, "<div class=\"post-actions\">");
            support_form(r, c, p.id);
            html_printf(r, "</div>");
            if (c->member_id != m.id)
                report_form(r, c, p.id);
        }
        html_printf(r, "</li>");
    }
    html_printf(r, "</ul>");
    if (p.status == CM_LIVE && !m.suspended) {
        html_printf(r,
                    "<form method=\"post\" action=\"/community/p/%lld/comments\" novalidate "
                    "class=\"card\">",
                    (long long)p.id);
        bool mine = e && strcmp(e->field, "body") == 0;
        html_csrf(r);
        ui_cm_textarea(r, "body", _("Your comment"), NULL, mine ? form_get(&r->form, "body") : "",
                       3, mine ? e->msg : NULL);
        html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form>",
                    _("Send the comment"));
    }
    html_printf(r, "</section>");
    page_end(r);
    cm_post_clear(&p);
    cm_posts_free(comments, n);
}

void view_community_post(struct req *r)
{
    int64_t id;
    if (post_id(r, &id))
        post_page(r, id, NULL);
}

void view_community_comment_post(struct req *r)
{
    int64_t id;
    if (!post_id(r, &id))
        return;
    struct cm_post c;
    struct pace_error err = {0};
    int rc = app_cm_write(&r->app->ctx, &r->who, NULL, id, NULL, fv(r, "body"), r->addr_key, r->now,
                          &c, &err);
    if (rc == 0) {
        char to[96];
        snprintf(to, sizeof to, "/community/p/%lld%s#c%lld", (long long)id,
                 c.status == CM_HELD ? "?done=comment-held" : "", (long long)c.id);
        cm_post_clear(&c);
        resp_redirect(r, to);
        return;
    }
    if (rc == PACE_EINVAL || rc == PACE_ETOOLARGE || rc == PACE_ELOCKED) {
        err.code = rc;
        post_page(r, id, &err);
        return;
    }
    view_fail(r, rc, &err);
}

static int64_t back_of(struct req *r, int64_t id)
{
    long long b = strtoll(fv(r, "back"), NULL, 10);
    return b > 0 ? b : id;
}

void view_community_support_post(struct req *r)
{
    int64_t id;
    if (!post_id(r, &id))
        return;
    struct pace_error err = {0};
    bool on = strcmp((*fv(r, "on") ? fv(r, "on") : "1"), "0") != 0;
    int rc = app_cm_support(&r->app->ctx, &r->who, id, on, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    char to[64];
    snprintf(to, sizeof to, "/community/p/%lld", (long long)back_of(r, id));
    resp_redirect(r, to);
}

void view_community_report_post(struct req *r)
{
    int64_t id;
    if (!post_id(r, &id))
        return;
    struct pace_error err = {0};
    int rc = app_cm_report(&r->app->ctx, &r->who, id, fv(r, "reason"), r->addr_key, r->now, &err);
    int64_t back = back_of(r, id);
    if (rc == PACE_EINVAL || rc == PACE_ELOCKED) {
        err.code = rc;
        if (strcmp(err.field, "body") == 0)
            err.field[0] = '\0';
        post_page(r, back, &err);
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    char to[64];
    snprintf(to, sizeof to, "/community/p/%lld?done=reported", (long long)back);
    resp_redirect(r, to);
}
