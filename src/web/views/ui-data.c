/*
 * ui-data.c - "Your data" (/settings/data): download everything she keeps
 * (JSON, CSV for spreadsheet programs or plain, FHIR), importing an export file from another Pace
 * (a multipart upload read by the same data_import as the API), and deleting her account with all
 * her data after she re-enters her password.
 */
#include "web/api-data.h"
#include "web/auth.h"
#include "app/community.h"
#include "web/html.h"
#include "web/routes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static void section_download(struct req *r)
{
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"dl-h\"><h2 id=\"dl-h\">%s</h2>"
                "<p>%s</p>",
                _("Take your data with you"),
                _("Download everything you keep in Pace. The files are for you: keep them "
                  "somewhere private."));
    static const struct {
        const char *query;
        const char *label;
        const char *hint;
    } files[] = {
        {"format=json", N_("Download everything (JSON)"),
         N_("Your account, kit, plan, goals, sessions with notes, comfort ladder and "
            "reminders. Another Pace can import this file.")},
        {"format=csv&bom=1", N_("Download sessions for spreadsheet programs (CSV)"),
         N_("One row per session, marked as UTF-8 so that spreadsheet programs such as Excel "
            "show umlauts and every other letter correctly.")},
        {"format=csv", N_("Download sessions as plain CSV"),
         N_("The same table without that mark, for other programs.")},
        {"format=fhir", N_("Download for health records (FHIR)"),
         N_("Your sessions, scores and comfort ladder in the FHIR R4 standard, for clinical "
            "software. Your email is not in it.")},
    };
    html_printf(r, "<ul class=\"rows data-files\">");
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        html_printf(r,
                    "<li><div><a class=\"button secondary\" href=\"/settings/data/export?"
                    "%s\" download>%s</a><span class=\"meta\">%s</span></div></li>",
                    files[i].query, _(files[i].label), _(files[i].hint));
    html_printf(r, "</ul></section>");
}

/* What the page shows beside its forms after a POST. */
struct data_state {
    const char *erase_error;
    const char *import_error;
    const struct import_counts *imported; /* after an import that worked */
};

static void count_list(struct req *r, const char *title, const int n[9])
{
    int total = 0;
    for (size_t i = 0; i < 9; i++)
        total += n[i];
    if (total == 0)
        return;
    html_printf(r, "<p>%s</p><ul>", title);
    char t[5][96];
    snprintf(t[0], sizeof t[0], ngettext_("%d session", "%d sessions", n[0]), n[0]);
    snprintf(t[1], sizeof t[1], ngettext_("%d item of your own", "%d items of your own", n[1]),
             n[1]);
    snprintf(t[2], sizeof t[2], ngettext_("%d item in your kit", "%d items in your kit", n[2]),
             n[2]);
    snprintf(t[3], sizeof t[3], ngettext_("%d goal", "%d goals", n[3]), n[3]);
    snprintf(t[4], sizeof t[4],
             ngettext_("%d comfort-ladder entry", "%d comfort-ladder entries", n[4]), n[4]);
    for (size_t i = 0; i < 5; i++)
        if (n[i] > 0)
            html_printf(r, "<li>%s</li>", t[i]);
    static const char *const singles[] = {N_("your program"), N_("your reminders"), N_("your note"),
                                          N_("your language")};
    for (size_t i = 0; i < 4; i++)
        if (n[5 + i] > 0)
            html_printf(r, "<li>%s</li>", _(singles[i]));
    html_printf(r, "</ul>");
}

static void import_notice(struct req *r, const struct import_counts *c)
{
    const int added[9] = {c->sessions_added,  c->custom_added, c->kit_added,
                          c->goals_added,     c->ladder_added, c->program_added,
                          c->reminders_added, c->about_added,  c->language_added};
    const int kept[9] = {c->sessions_skipped,  c->custom_skipped, c->kit_skipped,
                         c->goals_skipped,     c->ladder_skipped, c->program_skipped,
                         c->reminders_skipped, c->about_skipped,  c->language_skipped};
    int total = 0;
    for (size_t i = 0; i < 9; i++)
        total += added[i];
    html_printf(r, "<div class=\"notice\" role=\"status\" id=\"imported\"><p>%s</p>",
                total > 0 ? _("Your file is imported.")
                          : _("Your file is read. There was nothing in it that is not "
                              "already here, so nothing changed."));
    count_list(r, _("Added:"), added);
    count_list(r, _("Already here, so kept as it was:"), kept);
    html_printf(r, "</div>");
}

static void section_import(struct req *r, const struct data_state *st)
{
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"im-h\"><h2 id=\"im-h\">%s</h2>"
                "<p>%s</p>",
                _("Import a file"),
                _("Moving here from another Pace? Import the file from its \"Download "
                  "everything (JSON)\". What you already have here is kept, and importing "
                  "the same file twice counts nothing twice."));
    if (st->imported)
        import_notice(r, st->imported);
    html_printf(r, "<form method=\"post\" action=\"/settings/data/import#im-h\" "
                   "enctype=\"multipart/form-data\" novalidate>");
    html_csrf(r);
    char hint[160];
    snprintf(hint, sizeof hint, _("A JSON file from Pace, up to %d MB."),
             (int)(EXPORT_MAX_BYTES / 1000000));
    html_file_input(r, "file", _("Export file"), ".json,application/json", hint, st->import_error);
    html_printf(r,
                "<button type=\"submit\" class=\"button\">%s</button></form>"
                "<p class=\"meta\">%s <a href=\"/settings#advanced\">%s</a></p></section>",
                _("Import this file"),
                _("Programs you trust can do this for you too, through the API."),
                _("Advanced settings"));
}

static void section_erase(struct req *r, const char *error)
{
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"er-h\"><h2 id=\"er-h\">%s</h2>"
                "<p>%s</p><ul>",
                _("Delete your account"),
                _("This deletes your account and everything in it, for good:"));
    static const char *const gone[] = {
        N_("your practice sessions and their notes, and a guided session in progress"),
        N_("your kit and your own items"),
        N_("your program, your goals and your comfort ladder"),
        N_("your reminders and the calendar address"),
        N_("your note, your sign-ins and your API tokens"),
    };
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        html_printf(r, "<li>%s</li>", _(gone[i]));
    html_printf(r,
                "</ul><p>%s <a href=\"/settings/data/export?format=json\" download>%s</a> "
                "%s</p>",
                _("It cannot be undone. If you may want your data later,"),
                _("download everything first"), _("before you go on."));
    html_printf(r, "<form method=\"post\" action=\"/settings/data/erase#er-h\" novalidate>");
    html_csrf(r);
    struct cm_member m;
    if (app_cm_me(&r->app->ctx, &r->who, &m, NULL) == 0)
        /* the community: her posts go with her, or stay as a former member's */
        html_printf(r,
                    "<fieldset class=\"choices pair\"><legend>%s</legend><div class=\"chips\">"
                    "<span class=\"opt\"><input type=\"radio\" id=\"cm-del\" name=\"community\" "
                    "value=\"delete\"%R><label for=\"cm-del\"><strong>%s</strong></label></span>"
                    "<span class=\"opt\"><input type=\"radio\" id=\"cm-keep\" name=\"community\" "
                    "value=\"keep\"%R><label for=\"cm-keep\"><strong>%s</strong></label></span>"
                    "</div></fieldset>",
                    _("Your posts and comments in the community"),
                    m.keep_on_erase ? "" : " checked", _("Delete them"),
                    m.keep_on_erase ? " checked" : "", _("Keep them, signed \"a former member\""));
    html_input(r, "password", "password", _("Your password, to confirm"), NULL, "current-password",
               NULL, error, true);
    html_printf(r,
                "<button type=\"submit\" class=\"button secondary danger\">%s</button></form>"
                "</section>",
                _("Delete my account and all my data"));
}

static void render(struct req *r, const struct data_state *st)
{
    page_begin(r, _("Your data"));
    html_printf(r, "<p class=\"meta\"><a href=\"/settings\">%s</a></p><h1>%s</h1>", _("Settings"),
                _("Your data"));
    if (st->import_error)
        html_alert_field(r, st->import_error, "file");
    if (st->erase_error)
        html_alert_field(r, st->erase_error, "password");
    section_download(r);
    section_import(r, st);
    section_erase(r, st->erase_error);
    page_end(r);
}

/* The counts of an import that worked travel in the address of the page it
 * leads to (so a reload does not send the file again): added= and kept=,
 * nine whole numbers each, in import_notice's order. */
enum { NCOUNTS = 9 };

static void count_fields(struct import_counts *c, bool added, int *out[NCOUNTS])
{
    int *a[NCOUNTS] = {&c->sessions_added,  &c->custom_added, &c->kit_added,
                       &c->goals_added,     &c->ladder_added, &c->program_added,
                       &c->reminders_added, &c->about_added,  &c->language_added};
    int *k[NCOUNTS] = {&c->sessions_skipped,  &c->custom_skipped, &c->kit_skipped,
                       &c->goals_skipped,     &c->ladder_skipped, &c->program_skipped,
                       &c->reminders_skipped, &c->about_skipped,  &c->language_skipped};
    memcpy(out, added ? a : k, sizeof a);
}

static bool counts_parse(const char *s, int *out[NCOUNTS])
{
    for (int i = 0; i < NCOUNTS; i++) {
        if (s == NULL || *s < '0' || *s > '9')
            return false;
        char *end;
        long v = strtol(s, &end, 10);
        if (v > 10000000 || end - s > 8)
            return false;
        *out[i] = (int)v;
        if (i < NCOUNTS - 1 && *end != ',')
            return false;
        if (i == NCOUNTS - 1 && *end != '\0')
            return false;
        s = end + 1;
    }
    return true;
}

static void counts_print(struct buf *b, struct import_counts *c, bool added)
{
    int *f[NCOUNTS];
    count_fields(c, added, f);
    for (int i = 0; i < NCOUNTS; i++)
        buf_printf(b, "%s%d", i ? "," : "", *f[i]);
}

void view_data(struct req *r)
{
    struct data_state st = {0};
    struct import_counts counts = {0};
    int *a[NCOUNTS], *k[NCOUNTS];
    count_fields(&counts, true, a);
    count_fields(&counts, false, k);
    if (counts_parse(form_get(&r->query, "added"), a) &&
        counts_parse(form_get(&r->query, "kept"), k))
        st.imported = &counts;
    render(r, &st);
}

void view_data_export(struct req *r)
{
    struct data_request q;
    if (data_request_parse(form_get(&r->query, "format"), form_get(&r->query, "bom"), &q, NULL) !=
        0) {
        view_error(r, 400, _("Please choose one of the downloads on the page."));
        return;
    }
    data_send(r, &q);
}

void view_data_erase_post(struct req *r)
{
    struct pace_error err = {0};
    const char *cm = form_get(&r->form, "community");
    if (cm && (strcmp(cm, "keep") == 0 || strcmp(cm, "delete") == 0))
        /* her choice for her community posts, honoured by the erasure itself */
        app_cm_on_erase(&r->app->ctx, &r->who, strcmp(cm, "keep") == 0, NULL);
    int rc = app_account_erase(&r->app->ctx, &r->who, r->user.id, form_get(&r->form, "password"),
                               r->now, &err);
    if (rc != 0) {
        r->status = rc == PACE_EDENIED ? 422 : status_for(rc);
        if (rc == PACE_EUNAVAIL)
            pace_fail(&err, rc, NULL, "%s", _("Nothing was deleted. Please try again later."));
        struct data_state st = {
            .erase_error = err.msg[0] ? err.msg : _("Something went wrong. Please try again.")};
        render(r, &st);
        return;
    }
    auth_sign_out(r);
    memset(&r->user, 0, sizeof r->user);
    page_begin(r, _("Your account is deleted"));
    html_printf(r,
                "<section class=\"card narrow\"><h1>%s</h1><p>%s</p><p>%s</p>"
                "<p><a href=\"/\">%s</a></p></section>",
                _("Your account is deleted"),
                _("Everything you kept in Pace is gone from this server, and you are signed "
                  "out."),
                _("Thank you for the time you spent here. Take good care of yourself."),
                _("Back to the start page"));
    page_end(r);
}

/* A browser names a .json file application/json, or sometimes plain text or
 * just bytes; anything else is not an export. */
static bool export_type_ok(const char *ct)
{
    static const char *const ok[] = {"", "application/json", "text/json", "text/plain",
                                     "application/octet-stream"};
    size_t n = strcspn(ct, "; \t");
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strlen(ok[i]) == n && strncasecmp(ct, ok[i], n) == 0)
            return true;
    return false;
}

void view_data_import_post(struct req *r)
{
    struct data_state st = {0};
    const struct multipart_part *f = multipart_get(&r->upload, "file");
    char msg[sizeof((struct pace_error *)0)->msg + 160];
    struct pace_error err = {0};
    struct import_counts counts;
    int rc = 0;
    if (f == NULL || !f->has_filename || (f->filename[0] == '\0' && f->len == 0)) {
        st.import_error = _("Please choose the file to import.");
    } else if (!export_type_ok(f->content_type)) {
        snprintf(msg, sizeof msg,
                 _("This file is %s, not JSON. Please choose the file from \"Download "
                   "everything (JSON)\"."),
                 f->content_type);
        st.import_error = msg;
    } else if (f->len == 0) {
        st.import_error = _("This file is empty. Please choose the file from \"Download "
                            "everything (JSON)\".");
    } else {
        rc = app_import(&r->app->ctx, &r->who, r->user.id, f->data, f->len, r->now, &counts,
                        &err);
        if (rc == 0) {
            /* Done: the page again by its own address, the counts in it. */
            struct buf to = {0};
            buf_printf(&to, "/settings/data?added=");
            counts_print(&to, &counts, true);
            buf_printf(&to, "&kept=");
            counts_print(&to, &counts, false);
            buf_printf(&to, "#imported");
            resp_redirect(r, to.data);
            buf_free(&to);
            return;
        } else if (rc == PACE_ENOTFOUND || rc == PACE_EDENIED) {
            view_fail(r, rc, &err);
            return;
        } else if (status_for(rc) >= 500 && rc != PACE_EFULL) {
            st.import_error = _("Something went wrong, and nothing was imported. Please try "
                                "again.");
        } else {
            if (err.field[0])
                snprintf(msg, sizeof msg, _("%s: %s Nothing was imported."), err.field, err.msg);
            else
                snprintf(msg, sizeof msg, _("%s Nothing was imported."), err.msg);
            st.import_error = msg;
        }
    }
    if (st.import_error)
        r->status = rc != 0 ? status_for(rc) : 422;
    render(r, &st);
}
