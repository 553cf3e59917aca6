/* html.c - escaping helpers, html_printf, the page shell and form parts. */
#include "web/html.h"
#include "web/assets.h"
#include "web/auth.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_txt(struct buf *b, const char *s)
{
    if (s == NULL)
        return;
    for (;;) {
        size_t run = strcspn(s, "&<>\"'"); /* the plain part, found a word at a time */
        buf_add(b, s, run);
        s += run;
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            return; /* the end */
        }
        buf_puts(b, rep);
        s++;
    }
}

void html_url(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            buf_putc(b, (char)*p);
        } else {
            buf_putc(b, '%');
            buf_putc(b, hex[*p >> 4]);
            buf_putc(b, hex[*p & 15]);
        }
    }
}

void html_printf(struct req *r, const char *fmt, ...)
{
    struct buf *b = &r->out;
    va_list ap;
    va_start(ap, fmt);
    const char *start = fmt;
    for (const char *p = strchrnul(fmt, '%'); *p; p = strchrnul(p + 1, '%')) {
        buf_add(b, start, (size_t)(p - start));
        p++;
        if (*p == 's') {
            html_txt(b, va_arg(ap, const char *));
        } else if (*p == 'R') {
            const char *raw = va_arg(ap, const char *);
            buf_puts(b, raw ? raw : "");
        } else if (*p == 'd') {
            buf_put_int64(b, va_arg(ap, int));
        } else if (p[0] == 'l' && p[1] == 'd') {
            buf_put_int64(b, va_arg(ap, long));
            p++;
        } else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
            buf_put_int64(b, va_arg(ap, long long));
            p += 2;
        } else if (p[0] == 'z' && p[1] == 'u') {
            size_t z = va_arg(ap, size_t);
            if (z > (size_t)INT64_MAX)
                buf_printf(b, "%zu", z);
            else
                buf_put_int64(b, (int64_t)z);
            p++;
        } else if (*p == '%') {
            buf_putc(b, '%');
        } else {
            /* An unknown conversion is a programming error: its argument's
             * type is unknown, so carrying on would read the wrong ones. */
            fprintf(stderr, "pace: html_printf: unsupported conversion in \"%s\"\n", fmt);
            abort();
        }
        start = p + 1;
    }
    buf_puts(b, start);
    va_end(ap);
}

struct nav_item {
    const char *href;
    const char *label;
    const char *icon; /* name of an inline SVG path set below */
    bool wide_only;   /* a tab from 720 px; on phones it is in the header */
};

/* The house: her day, her practice, her progress, the guide, and the rest
 * one tap away under More (views/ui-more.c). On a phone this is the bar at
 * the bottom of the screen. */
static const struct nav_item nav_user[] = {
    {"/today", N_("Today"), "home", false},
    {"/practice", N_("Practice"), "practice", false},
    {"/progress", N_("Progress"), "progress", false},
    {"/guide", N_("Guide"), "guide", false},
    {"/more", N_("More"), "more", false},
};

static const char *icon_path(const char *name)
{
    if (strcmp(name, "home") == 0)
        return "<path d=\"M4 11l8-7 8 7v9h-5v-6H9v6H4z\"/>";
    if (strcmp(name, "practice") == 0) /* a calm circle with a breath wave */
        return "<circle cx=\"12\" cy=\"12\" r=\"9\"/><path d=\"M6.5 12.5c1.8-2 3.7-2 "
               "5.5 0s3.7 2 5.5 0\"/>";
    if (strcmp(name, "progress") == 0) /* a gentle line rising over a baseline */
        return "<path d=\"M4 19h16\"/><path d=\"M5 15.5l4-4 3.5 2.5L19 7\"/>"
               "<circle cx=\"19\" cy=\"7\" r=\"1.2\"/>";
    if (strcmp(name, "guide") == 0) /* an open book */
        return "<path d=\"M12 6.5C10 5 7 4.5 4 5v13c3-.5 6 0 8 1.5 2-1.5 5-2 8-1.5V5c-3-.5-6 "
               "0-8 1.5zM12 6.5v13\"/>";
    /* more: three soft dots */
    return "<circle cx=\"6\" cy=\"12\" r=\"1.6\"/><circle cx=\"12\" cy=\"12\" "
           "r=\"1.6\"/><circle cx=\"18\" cy=\"12\" r=\"1.6\"/>";
}

/* Which section of the house path belongs to. */
static bool nav_current(const char *path, const char *href)
{
    static const char *const more[] = {"/more",      "/plan",      "/kit",    "/ladder",
                                       "/exam-prep", "/reminders", "/report", "/settings"};
    if (strcmp(href, "/today") == 0) /* her home is / too, and her first run */
        return strcmp(path, "/") == 0 || str_starts(path, "/today") || str_starts(path, "/welcome");
    if (strcmp(href, "/practice") == 0)
        return str_starts(path, "/practice") || str_starts(path, "/sessions");
    if (strcmp(href, "/more") == 0) {
        for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
            if (str_starts(path, more[i]))
                return true;
        return false;
    }
    return str_starts(path, href);
}

void page_begin(struct req *r, const char *title)
{
    auth_ensure_csrf(r);
    const struct asset *css = asset_find("app.css");
    const struct asset *js = asset_find("app.js");
    html_printf(r,
                "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<meta name=\"color-scheme\" content=\"light dark\">"
                "<meta name=\"referrer\" content=\"no-referrer\">"
                "<title>%s · Pace</title>"
                "<link rel=\"stylesheet\" href=\"/static/app.css?v=%s\">"
                "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">"
                "<script src=\"/static/app.js?v=%s\" defer></script>"
                "</head><body>",
                i18n_code(i18n_lang()), title, css ? css->etag_plain : "",
                js ? js->etag_plain : "");
    html_printf(r, "<a class=\"skip\" href=\"#main\">%s</a>", _("Skip to content"));
    html_printf(r, "<header class=\"top\"><a class=\"brand\" href=\"/\">"
                   "<svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"28\" height=\"28\">"
                   "<circle cx=\"12\" cy=\"12\" r=\"10\" class=\"brand-ring\"/>"
                   "<circle cx=\"12\" cy=\"12\" r=\"5\" class=\"brand-dot\"/></svg>"
                   "<span>Pace</span></a>");
    if (r->authed) {
        html_printf(r, "<nav class=\"tabs\" aria-label=\"%s\"><ul>", _("Main"));
        for (size_t i = 0; i < sizeof nav_user / sizeof nav_user[0]; i++) {
            const struct nav_item *n = &nav_user[i];
            /* A clinician's home is the caseload. */
            static const struct nav_item caseload = {"/clinic", N_("List"), "history", false};
            if (i == 0 && r->user.role == ROLE_CLINICIAN)
                n = &caseload;
            html_printf(r,
                        "<li%R><a href=\"%s\"%R><svg aria-hidden=\"true\" viewBox=\"0 0 24 24\">"
                        "%R</svg><span>%s</span></a></li>",
                        n->wide_only ? " class=\"tab-wide\"" : "", n->href,
                        nav_current(r->path, n->href) ? " aria-current=\"page\"" : "",
                        icon_path(n->icon), _(n->label));
        }
        html_printf(r, "</ul></nav>");
        html_printf(r,
                    "<form method=\"post\" action=\"/logout\" class=\"signout\">"
                    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                    "<button type=\"submit\" class=\"link\">%s</button></form>",
                    r->csrf, _("Sign out"));
    } else {
        html_printf(r,
                    "<div class=\"guest-navs\"><nav class=\"guest\" aria-label=\"%s\">"
                    "<a href=\"/guide\" class=\"guest-guide\"%R><svg aria-hidden=\"true\" "
                    "viewBox=\"0 0 24 24\">%R</svg><span>%s</span></a></nav>"
                    "<nav class=\"guest\" aria-label=\"%s\">"
                    "<a href=\"/login\"%R>%s</a><a href=\"/register\"%R>%s</a></nav></div>",
                    _("Main"), nav_current(r->path, "/guide") ? " aria-current=\"page\"" : "",
                    icon_path("guide"), _("Guide"), _("Account"),
                    nav_current(r->path, "/login") ? " aria-current=\"page\"" : "", _("Sign in"),
                    nav_current(r->path, "/register") ? " aria-current=\"page\"" : "",
                    _("Create account"));
    }
    html_printf(r, "</header><main id=\"main\" tabindex=\"-1\">");
}

void page_end(struct req *r)
{
    html_printf(r, "</main><footer class=\"foot\">");
    html_printf(r, "<p>%s</p>",
                _("Pace helps you keep track of your practice. It does not diagnose. If you "
                  "have bleeding, severe pain or signs of infection, please contact a clinician."));
    html_printf(r,
                "<form method=\"post\" action=\"/lang\" class=\"lang\">"
                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                "<input type=\"hidden\" name=\"back\" value=\"%s\">"
                "<label for=\"lang-select\">%s</label> "
                "<select id=\"lang-select\" name=\"lang\">",
                r->csrf, r->status == 200 && strcmp(r->method, "GET") == 0 ? r->path : "/",
                _("Language"));
    static const char *const names[LANG_COUNT] = {"English", "Deutsch"};
    for (int l = 0; l < LANG_COUNT; l++)
        html_printf(r, "<option value=\"%s\"%R>%s</option>", i18n_code((enum lang)l),
                    l == (int)i18n_lang() ? " selected" : "", names[l]);
    html_printf(r, "</select> <button type=\"submit\" class=\"small\">%s</button></form>",
                _("Change"));
    html_printf(r, "</footer></body></html>\n");
}

void html_csrf(struct req *r)
{
    html_printf(r, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf);
}

static const char alert_icon[] =
    "<svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"22\" height=\"22\">"
    "<circle cx=\"12\" cy=\"12\" r=\"10\" fill=\"none\" stroke=\"currentColor\" "
    "stroke-width=\"2\"/><path d=\"M12 7v6M12 16.5v.5\" stroke=\"currentColor\" "
    "stroke-width=\"2.4\" stroke-linecap=\"round\"/></svg>";

void html_alert(struct req *r, const char *msg)
{
    if (msg && *msg)
        html_printf(r, "<div class=\"alert\" role=\"alert\">%R<p>%s</p></div>", alert_icon, msg);
}

void html_alert_field(struct req *r, const char *msg, const char *field)
{
    if (msg && *msg)
        html_printf(r,
                    "<div class=\"alert\" role=\"alert\">%R<p><a href=\"#f-%s\">%s</a></p></div>",
                    alert_icon, field, msg);
}

void html_notice(struct req *r, const char *msg)
{
    if (msg && *msg)
        html_printf(r, "<div class=\"notice\" role=\"status\"><p>%s</p></div>", msg);
}

/* A labelled input with its hint and error; accept only for files. */
static void field(struct req *r, const char *name, const char *type, const char *label,
                  const char *value, const char *autocomplete, const char *accept, const char *hint,
                  const char *err, bool required)
{
    bool bad = err && *err;
    html_printf(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label>", bad ? " bad" : "", name,
                label);
    if (hint && *hint)
        html_printf(r, "<p class=\"hint\" id=\"h-%s\">%s</p>", name, hint);
    html_printf(r, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"", name, name, type);
    if (value && *value)
        html_printf(r, " value=\"%s\"", value);
    if (autocomplete)
        html_printf(r, " autocomplete=\"%s\"", autocomplete);
    if (accept)
        html_printf(r, " accept=\"%s\"", accept);
    if (required)
        html_printf(r, " required");
    if (bad)
        html_printf(r, " aria-invalid=\"true\"");
    bool has_hint = hint && *hint;
    if (bad || has_hint) {
        char ids[160];
        snprintf(ids, sizeof ids, "%s%s%s%s%s", bad ? "e-" : "", bad ? name : "",
                 bad && has_hint ? " " : "", has_hint ? "h-" : "", has_hint ? name : "");
        html_printf(r, " aria-describedby=\"%s\"", ids);
    }
    html_printf(r, ">");
    if (bad)
        html_printf(r, "<p class=\"field-error\" id=\"e-%s\">%R<span>%s</span></p>", name,
                    alert_icon, err);
    html_printf(r, "</div>");
}

void html_input(struct req *r, const char *name, const char *type, const char *label,
                const char *value, const char *autocomplete, const char *hint, const char *err,
                bool required)
{
    field(r, name, type, label, value, autocomplete, NULL, hint, err, required);
}

void html_file_input(struct req *r, const char *name, const char *label, const char *accept,
                     const char *hint, const char *err)
{
    field(r, name, "file", label, NULL, NULL, accept, hint, err, false);
}
