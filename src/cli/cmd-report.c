/*
 * cmd-report.c - pace report: her summary for a clinician as a PDF file,
 * the same document the /report page downloads, gathered by the same use
 * case (app_report_data, as the operator) and drawn by report/report.h, in
 * the language she chose in Pace and in the time zone --tz names.
 */
#include "app/clock.h"
#include "app/report.h"
#include "cli/cli.h"
#include "core/i18n.h"

#include "core/catalog.h"
#include "report/layout.h"
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define DEFAULT_DAYS 91 /* about three months */

static int write_file(const char *path, const struct buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "pace: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    bool ok = fwrite(b->data, 1, b->len, f) == b->len;
    if (f != stdout)
        ok = fclose(f) == 0 && ok;
    else
        ok = fflush(f) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "pace: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

/* The rest of pace report, once the zone is known. */
static int report_cli(const char *email, const char *data, const char *from_s, const char *to_s,
                      const char *name, const char *notes, const char *output, bool full_title,
                      const struct tz_zone *zone)
{
    enum report_notes nm = REPORT_NOTES_NONE;
    if (notes && strcmp(notes, "all") == 0)
        nm = REPORT_NOTES_ALL;
    else if (notes && strcmp(notes, "none") != 0)
        return cli_usage_error("--notes must be all or none");
    int64_t now = app_clock_now();
    int64_t today = layout_day_start(now, zone), from, last;
    if (to_s) {
        if (report_date_parse(to_s, zone, &last) != 0)
            return cli_usage_error("--to must be a date such as 2026-03-31");
    } else {
        last = today;
    }
    if (from_s) {
        if (report_date_parse(from_s, zone, &from) != 0)
            return cli_usage_error("--from must be a date such as 2026-01-01");
    } else {
        from = layout_day_start(last - (int64_t)(DEFAULT_DAYS - 1) * DAY + DAY / 2, zone);
    }
    struct pace_error err = {0};
    if (report_period_check(from, last, now, zone, &err) != 0)
        return cli_usage_error("--%s: %s", err.field, err.msg);
    if (report_name_check(name, &err) != 0)
        return cli_usage_error("--name: %s", err.msg);

    struct plan_library *lib;
    struct catalog *cat;
    if (cli_plans_load(&lib, &cat) != 0)
        return 1;
    struct store *s = NULL;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc == 0) {
        /* The report is in the language she chose in Pace, as from the web. */
        if (u.lang >= 0)
            i18n_set_lang((enum lang)u.lang);
        struct report_options opt = {
            .from = from,
            .to = layout_day_start(last + DAY + DAY / 2, zone),
            .zone = zone,
            .now = now,
            .name = name,
            .full_title = full_title,
            .notes = nm,
        };
        struct app_ctx ctx = {.store = s, .catalog = cat, .plans = lib};
        struct principal op = app_operator();
        struct report_data d;
        struct buf pdf = {0};
        int pages = 0;
        if (app_report_data(&ctx, &op, u.id, &opt, &d, &err) != 0 ||
            report_pdf(&d, &pdf, &pages, &err) != 0) {
            fprintf(stderr, "pace: %s\n", err.msg);
            rc = 1;
        } else {
            rc = write_file(output, &pdf);
        }
        buf_free(&pdf);
        report_data_free(&d);
        store_close(s);
    }
    catalog_free(cat);
    plan_library_free(lib);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    const char *email = NULL, *data = NULL, *from_s = NULL, *to_s = NULL, *name = NULL,
               *notes = NULL, *output = NULL, *tzs = NULL;
    bool full_title = false;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (strcmp(argv[i], "--full-title") == 0) {
            full_title = true;
        } else if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
                   cli_opt(argc, argv, &i, "--from", &from_s, &missing) ||
                   cli_opt(argc, argv, &i, "--to", &to_s, &missing) ||
                   cli_opt(argc, argv, &i, "--name", &name, &missing) ||
                   cli_opt(argc, argv, &i, "--notes", &notes, &missing) ||
                   cli_opt(argc, argv, &i, "--tz", &tzs, &missing) ||
                   cli_opt(argc, argv, &i, "--data", &data, &missing) ||
                   cli_opt(argc, argv, &i, "-o", &output, &missing) ||
                   cli_opt(argc, argv, &i, "--output", &output, &missing)) {
            if (missing && strcmp(argv[i], "--name") != 0)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("report does not know '%s'; see 'pace report --help'", argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("report needs --email");
    if (output == NULL)
        return cli_usage_error("report needs -o FILE.pdf (or -o - for standard output)");
    struct tz_zone zone;
    if (cli_zone(tzs, &zone) != 0)
        return EXIT_USAGE;
    int rc = report_cli(email, data, from_s, to_s, name, notes, output, full_title, &zone);
    tz_zone_free(&zone);
    return rc;
}
