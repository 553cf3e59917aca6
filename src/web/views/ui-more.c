/*
 * ui-more.c - /more: everything that is not in the bar at the bottom, one
 * tap away and in plain words: her plan and kit, her history, preparing
 * for an exam, reminders, the report, how Pace decides, and her settings.
 */
#include "web/html.h"
#include "web/routes.h"

struct more_link {
    const char *href;
    const char *title;
    const char *what;
};

static void group(struct req *r, const char *id, const char *heading, const struct more_link *links,
                  size_t n)
{
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2>"
                "<ul class=\"rows more-list\">",
                id, id, heading);
    for (size_t i = 0; i < n; i++)
        html_printf(r,
                    "<li><a href=\"%s\"><strong>%s</strong><span class=\"meta\">%s</span></a>"
                    "</li>",
                    links[i].href, _(links[i].title), _(links[i].what));
    html_printf(r, "</ul></section>");
}

void view_more(struct req *r)
{
    static const struct more_link practice[] = {
        {"/plan", N_("Your plan"),
         N_("Your goals, your program, and how Pace suggests your "
            "next step.")},
        {"/kit", N_("My kit"), N_("The dilators you have, side by side.")},
        {"/sessions", N_("Your practice"), N_("Every session, month by month.")},
        {"/reminders", N_("Reminders"),
         N_("Your practice days in your own calendar, with a "
            "title you choose.")},
    };
    static const struct more_link visits[] = {
        {"/exam-prep", N_("Exam preparation"),
         N_("A one-page plan to take to a gynaecological "
            "visit.")},
        {"/ladder", N_("Comfort ladder"),
         N_("How a tampon, an exam and more feel to you, over "
            "time.")},
        {"/report", N_("Report for your clinician"),
         N_("A short PDF of your practice, with "
            "only the notes you choose.")},
        {"/sharing", N_("Sharing"),
         N_("Your partner or a clinician sees only what you choose, and you "
            "see each time they look. Report links too.")},
        {"/shared", N_("Shared with you"), N_("What others share with you.")},
        {"/community", N_("Community"),
         N_("Share experiences with other women, under a name you choose.")},
    };
    static const struct more_link about[] = {
        {"/plan/rules", N_("How Pace decides"),
         N_("The rules behind each suggestion, with "
            "their sources.")},
        {"/settings", N_("Settings"),
         N_("Sounds and vibration, your password, where you are "
            "signed in.")},
        {"/settings/data", N_("Your data"),
         N_("Download everything, take it to another Pace, "
            "or delete your account.")},
    };
    page_begin(r, _("More"));
    html_printf(r, "<h1>%s</h1>", _("More"));
    group(r, "more-practice", _("Your practice"), practice, sizeof practice / sizeof practice[0]);
    group(r, "more-visits", _("Visits and sharing"), visits, sizeof visits / sizeof visits[0]);
    group(r, "more-about", _("Pace and you"), about, sizeof about / sizeof about[0]);
    page_end(r);
}
