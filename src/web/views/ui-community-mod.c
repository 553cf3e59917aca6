/*
 * ui-community-mod.c - the community's other pages: changing her post within
 * the window, leaving (her posts deleted or kept as a former member's), and
 * for moderators the queue (oldest first, its age, flags with their reasons
 * and reports; approve, reject with a reason, hide, pause a member) and the
 * moderation log.
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

/* ---- changing her post ---- */

static void edit_page(struct req *r, int64_t id, const struct pace_error *e)
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
    cm_posts_free(comments, n);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    if (p.author_user_id != r->user.id) {
        cm_post_clear(&p);
        view_not_found(r);
        return;
    }
    if (e)
        r->status = 422;
    page_begin(r, _("Change your post"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Change your post"),
                _("You can change a post for 30 minutes after writing it."));
    const char *field = e ? e->field : "";
    if (e && strcmp(field, "title") && strcmp(field, "body"))
        html_alert(r, e->msg);
    html_printf(r,
                "<form method=\"post\" action=\"/community/p/%lld/edit\" novalidate "
                "class=\"card\">",
                (long long)id);
    html_csrf(r);
    html_input(r, "title", "text", _("Title"), e ? fv(r, "title") : p.title, "off", NULL,
               strcmp(field, "title") == 0 ? e->msg : NULL, true);
    ui_cm_textarea(r, "body", _("Your post"), NULL, e ? fv(r, "body") : p.body, 8,
                   strcmp(field, "body") == 0 ? e->msg : NULL);
    html_printf(r,
                "<button type=\"submit\" class=\"button\">%s</button> <a class=\"button "
                "secondary\" href=\"/community/p/%lld\">%s</a></form>",
                _("Save the change"), (long long)id, _("Cancel"));
    page_end(r);
    cm_post_clear(&p);
}

void view_community_edit(struct req *r)
{
    int64_t id;
    if (post_id(r, &id))
        edit_page(r, id, NULL);
}

void view_community_edit_post(struct req *r)
{
    int64_t id;
    if (!post_id(r, &id))
        return;
    struct pace_error err = {0};
    int rc = app_cm_edit(&r->app->ctx, &r->who, id, fv(r, "title"), fv(r, "body"), r->now, &err);
    if (rc == PACE_EINVAL || rc == PACE_ETOOLARGE) {
        edit_page(r, id, &err);
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    char to[48];
    snprintf(to, sizeof to, "/community/p/%lld", (long long)id);
    resp_redirect(r, to);
}

/* ---- leaving ---- */

/* Two radio choices drawn as the chips the other pages use. */
static void keep_choice(struct req *r, const char *legend, const char *id, bool keep,
                        const char *del_words, const char *keep_words)
{
    html_printf(r,
                "<fieldset class=\"choices pair\"><legend>%s</legend><div class=\"chips\">"
                "<span class=\"opt\"><input type=\"radio\" id=\"%s-0\" name=\"keep\" "
                "value=\"0\"%R><label for=\"%s-0\"><strong>%s</strong></label></span>"
                "<span class=\"opt\"><input type=\"radio\" id=\"%s-1\" name=\"keep\" "
                "value=\"1\"%R><label for=\"%s-1\"><strong>%s</strong></label></span>"
                "</div></fieldset>",
                legend, id, keep ? "" : " checked", id, del_words, id, keep ? " checked" : "", id,
                keep_words);
}

void view_community_leave(struct req *r)
{
    struct cm_member m;
    struct pace_error err = {0};
    if (app_cm_me(&r->app->ctx, &r->who, &m, &err) != 0) {
        resp_redirect(r, "/community");
        return;
    }
    page_begin(r, _("Leave the community"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Leave the community"),
                _("Your account and your practice stay as they are. Choose what happens to what "
                  "you wrote."));
    html_printf(r, "<form method=\"post\" action=\"/community/leave\" class=\"card\">");
    html_csrf(r);
    keep_choice(r, _("Your posts and comments"), "keep", false, _("Delete them"),
                _("Keep them, signed \"a former member\""));
    html_printf(r, "<button type=\"submit\" class=\"button\">%s</button> <a class=\"button "
                   "secondary\" href=\"/community\">%s</a></form>",
                _("Leave now"), _("Stay"));
    html_printf(r, "<form method=\"post\" action=\"/community/leave\" class=\"card\">");
    html_csrf(r);
    html_printf(r, "<input type=\"hidden\" name=\"only_choice\" value=\"1\"><p class=\"hint\">"
                   "%s</p>",
                _("The same choice counts if you erase your account: set it here and it is kept."));
    keep_choice(r, _("If you erase your account, your posts are:"), "oe", m.keep_on_erase,
                _("deleted"), _("kept, signed \"a former member\""));
    html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form>",
                _("Save this choice"));
    page_end(r);
}

void view_community_leave_post(struct req *r)
{
    struct pace_error err = {0};
    bool keep = strcmp(fv(r, "keep"), "1") == 0;
    bool only = strcmp(fv(r, "only_choice"), "1") == 0;
    int rc = only ? app_cm_on_erase(&r->app->ctx, &r->who, keep, &err)
                  : app_cm_leave(&r->app->ctx, &r->who, keep, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, only ? "/community" : "/community?done=left");
}

/* ---- moderation ---- */

static void queue_item(struct req *r, const struct cm_post *p)
{
    char age[64], when[64];
    ui_cm_span(r->now - p->created_at, age, sizeof age);
    i18n_format_datetime(when, sizeof when, p->created_at,
                         tz_offset_min(req_zone(r), p->created_at));
    html_printf(r, "<li class=\"card queue-item\" id=\"q%lld\"><p class=\"meta\">",
                (long long)p->id);
    if (p->status == CM_HELD) {
        char waits[96];
        snprintf(waits, sizeof waits, _("Waiting for %s"), age);
        html_printf(r, "<span class=\"tag\">%s</span> ", waits);
    } else {
        html_printf(r, "<span class=\"tag\">%s</span> ", _("Reported"));
    }
    html_printf(r, "%s · %s · %s</p>", ui_cm_author(p), p->parent_id ? _("a comment") : _("a post"),
                when);
    if (p->title && *p->title)
        html_printf(r, "<h2>%s</h2>", p->title);
    ui_cm_body(r, p->body);
    if (p->nflags)
        html_printf(r, "<h3>%s</h3>", _("Flags"));
    ui_cm_flags(r, p);
    if (p->nreasons) {
        html_printf(r, "<h3>%s</h3><ul class=\"flags\">", _("Reports"));
        for (int i = 0; i < p->nreasons; i++)
            html_printf(r, "<li>%s</li>", p->report_reasons[i]);
        html_printf(r, "</ul>");
    }
    char rid[32];
    snprintf(rid, sizeof rid, "why-%lld", (long long)p->id);
    html_printf(r, "<form method=\"post\" action=\"/community/moderation/%lld\">",
                (long long)p->id);
    html_csrf(r);
    html_printf(r,
                "<div class=\"field\"><label for=\"f-%s\">%s</label><p class=\"hint\" "
                "id=\"h-%s\">%s</p><input id=\"f-%s\" name=\"reason\" type=\"text\" "
                "maxlength=\"500\" aria-describedby=\"h-%s\"></div><div class=\"mod-actions\">",
                rid, _("Reason"), rid, _("Needed to reject or hide; the author sees it."), rid,
                rid);
    if (p->status == CM_HELD)
        html_printf(r,
                    "<button type=\"submit\" class=\"button small\" name=\"action\" "
                    "value=\"approve\">%s</button> <button type=\"submit\" class=\"button small "
                    "secondary\" name=\"action\" value=\"reject\">%s</button>",
                    _("Approve"), _("Reject"));
    else
        html_printf(r,
                    "<button type=\"submit\" class=\"button small\" name=\"action\" "
                    "value=\"restore\">%s</button> <button type=\"submit\" class=\"button small "
                    "secondary\" name=\"action\" value=\"hide\">%s</button>",
                    _("Keep it"), _("Hide"));
    html_printf(r, "</div></form>");
    /* a moderator's change of the text (an address taken out, say), logged */
    snprintf(rid, sizeof rid, "ed-%lld", (long long)p->id);
    html_printf(r,
                "<details class=\"report\"><summary>%s</summary><form method=\"post\" "
                "action=\"/community/moderation/%lld/edit\">",
                _("Change the text"), (long long)p->id);
    html_csrf(r);
    if (!p->parent_id)
        html_printf(r,
                    "<div class=\"field\"><label for=\"f-%s-t\">%s</label><input "
                    "id=\"f-%s-t\" name=\"title\" type=\"text\" value=\"%s\"></div>",
                    rid, _("Title"), rid, p->title ? p->title : "");
    html_printf(r,
                "<div class=\"field\"><label for=\"f-%s-b\">%s</label><textarea "
                "id=\"f-%s-b\" name=\"body\" rows=\"5\">%s</textarea></div><div "
                "class=\"field\"><label for=\"f-%s-r\">%s</label><input id=\"f-%s-r\" "
                "name=\"reason\" type=\"text\" maxlength=\"500\"></div><button "
                "type=\"submit\" class=\"button small secondary\">%s</button></form>"
                "</details>",
                rid, _("Text"), rid, p->body ? p->body : "", rid, _("Why change it?"), rid,
                _("Save the change"));
    if (p->handle[0]) {
        html_printf(r,
                    "<details class=\"report\"><summary>%s</summary><form method=\"post\" "
                    "action=\"/community/moderation/suspend\"><input type=\"hidden\" "
                    "name=\"handle\" value=\"%s\">",
                    _("Pause this member"), p->handle);
        html_csrf(r);
        snprintf(rid, sizeof rid, "sus-%lld", (long long)p->id);
        html_printf(r,
                    "<div class=\"field\"><label for=\"f-%s\">%s</label><input id=\"f-%s\" "
                    "name=\"reason\" type=\"text\" maxlength=\"500\"></div><button "
                    "type=\"submit\" class=\"button small secondary\">%s</button></form>"
                    "</details>",
                    rid, _("Why pause them?"), rid, _("Pause and hide everything of theirs"));
    }
    html_printf(r, "</li>");
}

static void queue_page(struct req *r, const char *error)
{
    struct cm_post *items = NULL;
    size_t n = 0;
    int64_t median = 0;
    struct pace_error err = {0};
    int rc = app_cm_queue(&r->app->ctx, &r->who, r->now, &items, &n, &median, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    if (error)
        r->status = 422;
    page_begin(r, _("Moderation"));
    html_printf(r, "<p class=\"crumbs\"><a href=\"/community\">%s</a></p><h1>%s</h1>",
                _("Community"), _("Moderation"));
    html_alert(r, error);
    const char *done = form_get(&r->query, "done");
    if (done && *done)
        html_notice(r, _("Done. It is in the moderation log."));
    size_t held = 0;
    for (size_t i = 0; i < n; i++)
        held += items[i].status == CM_HELD;
    if (held) {
        char span[64], line[160];
        ui_cm_span(median, span, sizeof span);
        snprintf(line, sizeof line, _("Median wait of the posts waiting now: %s."), span);
        html_printf(r, "<p class=\"lead\">%s</p>", line);
    }
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("Nothing is waiting. Thank you."));
    html_printf(r, "<ol class=\"queue\">");
    for (size_t i = 0; i < n; i++)
        queue_item(r, &items[i]);
    html_printf(r, "</ol><p class=\"more-links\"><a href=\"/community/moderation/log\">%s</a></p>",
                _("Moderation log"));
    page_end(r);
    cm_posts_free(items, n);
}

void view_community_moderation(struct req *r)
{
    queue_page(r, NULL);
}

void view_community_decide_post(struct req *r)
{
    int64_t id;
    if (!post_id(r, &id))
        return;
    struct pace_error err = {0};
    int a = cm_action_parse(fv(r, "action"));
    int rc =
        app_cm_decide(&r->app->ctx, &r->who, id, (enum cm_action)a, fv(r, "reason"), r->now, &err);
    if (rc == PACE_EINVAL) {
        queue_page(r, err.msg);
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/community/moderation?done=1");
}

void view_community_mod_edit_post(struct req *r)
{
    int64_t id;
    if (!post_id(r, &id))
        return;
    struct pace_error err = {0};
    int rc = app_cm_mod_edit(&r->app->ctx, &r->who, id, fv(r, "title"), fv(r, "body"),
                             fv(r, "reason"), r->now, &err);
    if (rc == PACE_EINVAL || rc == PACE_ETOOLARGE) {
        queue_page(r, err.msg);
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/community/moderation?done=1");
}

void view_community_suspend_post(struct req *r)
{
    struct pace_error err = {0};
    int rc = app_cm_suspend(&r->app->ctx, &r->who, fv(r, "handle"), strcmp(fv(r, "lift"), "1") != 0,
                            fv(r, "reason"), r->now, &err);
    if (rc == PACE_EINVAL) {
        queue_page(r, err.msg);
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/community/moderation?done=1");
}

static const char *action_words(const char *a)
{
    if (strcmp(a, "approve") == 0)
        return _("approved");
    if (strcmp(a, "reject") == 0)
        return _("rejected");
    if (strcmp(a, "hide") == 0)
        return _("hid");
    if (strcmp(a, "restore") == 0)
        return _("kept");
    if (strcmp(a, "edit") == 0)
        return _("changed");
    if (strcmp(a, "suspend") == 0)
        return _("paused");
    return _("let back in");
}

void view_community_log(struct req *r)
{
    struct cm_log *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_cm_log(&r->app->ctx, &r->who, &items, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Moderation log"));
    html_printf(r,
                "<p class=\"crumbs\"><a href=\"/community/moderation\">%s</a></p><h1>%s</h1>"
                "<p class=\"lead\">%s</p>",
                _("Moderation"), _("Moderation log"),
                _("Every decision of every moderator, newest first."));
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("Nothing yet."));
    html_printf(r, "<ul class=\"log\">");
    for (size_t i = 0; i < n; i++) {
        char when[64], what[64] = "";
        i18n_format_datetime(when, sizeof when, items[i].at,
                             tz_offset_min(req_zone(r), items[i].at));
        if (items[i].post_id)
            snprintf(what, sizeof what, _("post %lld"), (long long)items[i].post_id);
        html_printf(r,
                    "<li class=\"card\"><p><strong>%s</strong> %s %s %s</p><p class=\"meta\">"
                    "%s%s%s</p></li>",
                    items[i].moderator, action_words(items[i].action),
                    items[i].target[0] ? items[i].target : _("a former member"), what, when,
                    items[i].reason[0] ? " · " : "", items[i].reason);
    }
    html_printf(r, "</ul>");
    page_end(r);
    free(items);
}
