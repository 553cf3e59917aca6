/*
 * test_core_tz.c - time zones and VTIMEZONEs in core (core/tz.h,
 * core/ical.h): calendar arithmetic, POSIX rules (north, south, negative
 * daylight time, changes past midnight), offsets on both sides of a
 * change, local times that are skipped or happen twice, strict TZif
 * reading (every truncation and corruption refused), the yearly RRULEs
 * of every kind of rule in the tz database, and whole VTIMEZONEs: from
 * the rule, or each change listed where the rule does not say the future.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/ical.h"
#include "core/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR 3600
#define DAY 86400
#define BERLIN_SPRING INT64_C(1774746000)  /* 2026-03-29 01:00 UTC */
#define BERLIN_AUTUMN INT64_C(1792890000)  /* 2026-10-25 01:00 UTC */
#define SYDNEY_APRIL INT64_C(1775318400)   /* 2026-04-04 16:00 UTC, 03:00 AEDT */
#define SYDNEY_OCTOBER INT64_C(1791043200) /* 2026-10-03 16:00 UTC, 02:00 AEST */
#define JAN5 INT64_C(1767571200)           /* 2026-01-05 00:00 UTC, a Monday */

static struct tz_zone rule_zone(const char *s)
{
    struct tz_rule r;
    if (tz_parse_rule(s, &r) != 0)
        fail_msg("rule \"%s\" did not parse", s);
    struct tz_zone z;
    tz_zone_from_rule(&z, &r);
    return z;
}

static int64_t local_of(int y, int m, int d, int hh, int mm)
{
    return tz_days_from_civil(y, m, d) * DAY + hh * HOUR + mm * 60;
}

static void calendar_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(tz_days_from_civil(2026, 1, 5), JAN5 / DAY);
    assert_int_equal(tz_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(tz_weekday(0), 4);          /* Thursday */
    assert_int_equal(tz_weekday(JAN5 / DAY), 1); /* Monday */
    assert_int_equal(tz_weekday(-1), 3);         /* Wednesday */
    assert_int_equal(tz_month_days(2024, 2), 29);
    assert_int_equal(tz_month_days(2100, 2), 28);
    assert_int_equal(tz_month_days(2000, 2), 29);
    assert_int_equal(tz_month_days(2026, 4), 30);
    for (int64_t d = -800000; d < 800000; d += 997) {
        int y, m, dd;
        tz_civil_from_days(d, &y, &m, &dd);
        if (tz_days_from_civil(y, m, dd) != d || dd < 1 || dd > tz_month_days(y, m))
            fail_msg("day %lld came back as %d-%d-%d", (long long)d, y, m, dd);
    }
    assert_int_equal(tz_floor_div(-1, DAY), -1);
    assert_int_equal(tz_floor_div(DAY, DAY), 1);
}

static void posix_rules(void **state)
{
    (void)state;
    struct tz_rule r;
    assert_int_equal(tz_parse_rule("CET-1CEST,M3.5.0,M10.5.0/3", &r), 0);
    assert_string_equal(r.std_abbr, "CET");
    assert_string_equal(r.dst_abbr, "CEST");
    assert_int_equal(r.std_off, HOUR);
    assert_int_equal(r.dst_off, 2 * HOUR); /* an hour more when not given */
    assert_true(r.has_dst);
    assert_int_equal(r.start.kind, 'M');
    assert_int_equal(r.start.month, 3);
    assert_int_equal(r.start.week, 5);
    assert_int_equal(r.start.wday, 0);
    assert_int_equal(r.start.time, 2 * HOUR);
    assert_int_equal(r.end.time, 3 * HOUR);

    assert_int_equal(tz_parse_rule("<+0530>-5:30", &r), 0);
    assert_string_equal(r.std_abbr, "+0530");
    assert_int_equal(r.std_off, 5 * HOUR + 30 * 60);
    assert_false(r.has_dst);
    assert_int_equal(tz_parse_rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", &r), 0);
    assert_int_equal(r.std_off, -2 * HOUR);
    assert_int_equal(r.start.time, -HOUR);
    assert_int_equal(tz_parse_rule("EST5EDT,M3.2.0,M11.1.0", &r), 0);
    assert_int_equal(r.dst_off, -4 * HOUR);
    assert_int_equal(tz_parse_rule("IST-1GMT0,M10.5.0,M3.5.0/1", &r), 0);
    assert_int_equal(r.dst_off, 0); /* daylight time behind standard time */
    assert_int_equal(tz_parse_rule("EET-2EEST,M3.4.4/50,M10.4.4/50", &r), 0);
    assert_int_equal(r.end.time, 50 * HOUR);
    assert_int_equal(tz_parse_rule("XXX3EDT4,J60/1:30:15,300/-167", &r), 0);
    assert_int_equal(r.start.kind, 'J');
    assert_int_equal(r.start.time, HOUR + 30 * 60 + 15);
    assert_int_equal(r.end.kind, 'D');
    assert_int_equal(r.end.time, -167 * HOUR);
    assert_int_equal(tz_parse_rule("UTC0", &r), 0);

    static const char *const bad[] = {
        "",
        "CE-1",
        "CET",
        "CET-25",
        "CET-1CEST",
        "CET-1CEST,M3.5.0",
        "CET-1CEST,M13.5.0,M10.5.0",
        "CET-1CEST,M3.6.0,M10.5.0",
        "CET-1CEST,M3.5.7,M10.5.0",
        "CET-1CEST,M3.5.0,M10.5.0/168",
        "CET-1CEST,J0,J365",
        "CET-1CEST,366,1",
        "<CET-1",
        "<C>-1",
        "CET-1:60",
        "CET-1 ",
        "CET-1CEST,M3.5.0,M10.5.0,",
        "CET-1CEST,M3.05.0,M10.5.0",
        "CET-1CEST,M3.5.0/2:3:4:5,M10.5.0",
        "CET-0001",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (tz_parse_rule(bad[i], &r) == 0)
            fail_msg("\"%s\" parsed as a rule", bad[i]);
    assert_int_equal(tz_parse_rule(NULL, &r), -1);
}

static void offsets_either_side_of_a_change(void **state)
{
    (void)state;
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    assert_int_equal(tz_offset(&berlin, BERLIN_SPRING - 1), HOUR);
    assert_int_equal(tz_offset(&berlin, BERLIN_SPRING), 2 * HOUR);
    assert_int_equal(tz_offset(&berlin, BERLIN_AUTUMN - 1), 2 * HOUR);
    assert_int_equal(tz_offset(&berlin, BERLIN_AUTUMN), HOUR);
    bool dst;
    assert_string_equal(tz_abbr(&berlin, BERLIN_SPRING, &dst), "CEST");
    assert_true(dst);
    assert_string_equal(tz_abbr(&berlin, JAN5, &dst), "CET");
    assert_false(dst);
    /* new year's eve, and far from 1970 both ways */
    assert_int_equal(tz_offset(&berlin, local_of(2026, 12, 31, 23, 0)), HOUR);
    assert_int_equal(tz_offset(&berlin, local_of(1900, 7, 1, 12, 0)), 2 * HOUR);
    assert_int_equal(tz_offset(&berlin, local_of(2400, 7, 1, 12, 0)), 2 * HOUR);
    assert_int_equal(tz_offset(&berlin, INT64_MAX), HOUR);
    assert_int_equal(tz_offset(&berlin, INT64_MIN), HOUR);

    /* southern hemisphere: daylight time over the new year */
    struct tz_zone sydney = rule_zone("AEST-10AEDT,M10.1.0,M4.1.0/3");
    assert_int_equal(tz_offset(&sydney, JAN5), 11 * HOUR);
    assert_int_equal(tz_offset(&sydney, SYDNEY_APRIL - 1), 11 * HOUR);
    assert_int_equal(tz_offset(&sydney, SYDNEY_APRIL), 10 * HOUR);
    assert_int_equal(tz_offset(&sydney, SYDNEY_OCTOBER - 1), 10 * HOUR);
    assert_int_equal(tz_offset(&sydney, SYDNEY_OCTOBER), 11 * HOUR);

    /* Dublin: winter is the "daylight" part, an hour behind */
    struct tz_zone dublin = rule_zone("IST-1GMT0,M10.5.0,M3.5.0/1");
    assert_int_equal(tz_offset(&dublin, JAN5), 0);
    assert_int_equal(tz_offset(&dublin, BERLIN_SPRING), HOUR);
    assert_int_equal(tz_offset(&dublin, BERLIN_AUTUMN), 0);

    /* daylight time all year (RFC 8536's example) */
    struct tz_zone always = rule_zone("EST5EDT,0/0,J365/25");
    for (int64_t t = JAN5 - 10 * DAY; t < JAN5 + 400 * DAY; t += DAY / 2)
        assert_int_equal(tz_offset(&always, t), -4 * HOUR);

    /* Julian day 60 is 1 March, leap year or not; day 59 counts 29 February */
    struct tz_when j = {.kind = 'J', .yday = 60}, d = {.kind = 'D', .yday = 59};
    assert_int_equal(tz_when_local(&j, 2024), local_of(2024, 3, 1, 0, 0));
    assert_int_equal(tz_when_local(&j, 2025), local_of(2025, 3, 1, 0, 0));
    assert_int_equal(tz_when_local(&d, 2024), local_of(2024, 2, 29, 0, 0));
    assert_int_equal(tz_when_local(&d, 2025), local_of(2025, 3, 1, 0, 0));
}

static void local_times_skipped_or_twice(void **state)
{
    (void)state;
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    /* an ordinary evening, winter and summer */
    assert_int_equal(tz_to_utc(&berlin, local_of(2026, 1, 5, 20, 0)), JAN5 + 19 * HOUR);
    assert_int_equal(tz_to_utc(&berlin, local_of(2026, 7, 6, 20, 0)), local_of(2026, 7, 6, 18, 0));
    /* 02:30 never happens on 29 March: read with the offset before, so
     * 01:30 UTC (03:30 summer time) */
    assert_int_equal(tz_to_utc(&berlin, local_of(2026, 3, 29, 2, 30)), BERLIN_SPRING + 30 * 60);
    assert_int_equal(tz_to_utc(&berlin, local_of(2026, 3, 29, 3, 0)), BERLIN_SPRING);
    assert_int_equal(tz_to_utc(&berlin, local_of(2026, 3, 29, 1, 59)), BERLIN_SPRING - 60);
    /* 02:30 happens twice on 25 October: the first */
    assert_int_equal(tz_to_utc(&berlin, local_of(2026, 10, 25, 2, 30)), BERLIN_AUTUMN - 30 * 60);
    assert_int_equal(tz_to_utc(&berlin, local_of(2026, 10, 25, 3, 0)), BERLIN_AUTUMN + HOUR);
    /* and a zone with none */
    struct tz_zone tokyo = rule_zone("JST-9");
    assert_int_equal(tz_to_utc(&tokyo, local_of(2026, 1, 5, 20, 0)), JAN5 + 11 * HOUR);
}

static void changes_of_a_zone(void **state)
{
    (void)state;
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    struct tz_change ch[8];
    size_t n = tz_changes(&berlin, JAN5, JAN5 + 365 * DAY, ch, 8);
    assert_int_equal(n, 2);
    assert_int_equal(ch[0].at, BERLIN_SPRING);
    assert_int_equal(ch[0].from, HOUR);
    assert_int_equal(ch[0].to, 2 * HOUR);
    assert_true(ch[0].isdst);
    assert_string_equal(ch[0].abbr, "CEST");
    assert_int_equal(ch[1].at, BERLIN_AUTUMN);
    assert_false(ch[1].isdst);
    assert_int_equal(tz_changes(&berlin, JAN5, JAN5 + 365 * DAY, ch, 1), 1);
    assert_int_equal(tz_changes(&berlin, BERLIN_SPRING, BERLIN_AUTUMN - 1, ch, 8), 0);
    struct tz_zone tokyo = rule_zone("JST-9");
    assert_int_equal(tz_changes(&tokyo, 0, JAN5, ch, 8), 0);
    /* daylight time all year: the end and the next start are one instant */
    struct tz_zone always = rule_zone("EST5EDT,0/0,J365/25");
    assert_int_equal(tz_changes(&always, JAN5, JAN5 + 800 * DAY, ch, 8), 0);
}

/* ---- TZif ----------------------------------------------------------------- */

struct spec {
    char version;
    size_t n;
    const int64_t *at;
    const unsigned char *idx;
    size_t ntypes;
    const int32_t *off;
    const unsigned char *dst;
    const char *const *abbr;
    const char *footer; /* NULL: none written (a version 1 file) */
};

static void put32(struct buf *b, uint32_t v)
{
    unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    buf_add(b, p, 4);
}

static void block(struct buf *b, const struct spec *s, int tsize)
{
    struct buf chars = {0};
    unsigned char where[8];
    for (size_t i = 0; i < s->ntypes; i++) {
        where[i] = (unsigned char)chars.len;
        buf_add(&chars, s->abbr[i], strlen(s->abbr[i]) + 1);
    }
    buf_add(b, "TZif", 4);
    buf_putc(b, s->version);
    for (int i = 0; i < 15; i++)
        buf_putc(b, '\0');
    put32(b, 0);                   /* isutcnt */
    put32(b, 0);                   /* isstdcnt */
    put32(b, 0);                   /* leapcnt */
    put32(b, (uint32_t)s->n);      /* timecnt */
    put32(b, (uint32_t)s->ntypes); /* typecnt */
    put32(b, (uint32_t)chars.len); /* charcnt */
    for (size_t i = 0; i < s->n; i++) {
        if (tsize == 8)
            put32(b, (uint32_t)((uint64_t)s->at[i] >> 32));
        put32(b, (uint32_t)s->at[i]);
    }
    buf_add(b, s->idx, s->n);
    for (size_t i = 0; i < s->ntypes; i++) {
        put32(b, (uint32_t)s->off[i]);
        buf_putc(b, (char)s->dst[i]);
        buf_putc(b, (char)where[i]);
    }
    buf_add(b, chars.data, chars.len);
    buf_free(&chars);
}

static void tzif(struct buf *b, const struct spec *s)
{
    block(b, s, 4);
    if (s->version == '\0')
        return;
    block(b, s, 8);
    buf_printf(b, "\n%s\n", s->footer ? s->footer : "");
}

/* A zone that keeps +01 until 2027, has a month at +00 each spring of
 * 2027 and 2028 as its table says, and then a rule with no changes. */
static const int64_t sp_at[] = {INT64_C(1801965600), INT64_C(1804640400), INT64_C(1832205600),
                                INT64_C(1834621200)};
static const unsigned char sp_idx[] = {1, 0, 1, 0};
static const int32_t sp_off[] = {3600, 0};
static const unsigned char sp_dst[] = {0, 1};
static const char *const sp_abbr[] = {"+01", "+00"};

static struct spec spring_spec(void)
{
    return (struct spec){'2', 4, sp_at, sp_idx, 2, sp_off, sp_dst, sp_abbr, "<+01>-1"};
}

static void tzif_is_read_strictly(void **state)
{
    (void)state;
    struct spec s = spring_spec();
    struct buf b = {0};
    tzif(&b, &s);
    struct tz_zone z;
    struct pace_error err = {0};
    assert_int_equal(tz_parse_tzif((const unsigned char *)b.data, b.len, &z, &err), 0);
    assert_int_equal(z.ntrans, 4);
    assert_int_equal(z.ntypes, 2);
    assert_true(z.has_rule);
    assert_false(z.rule.has_dst);
    assert_string_equal(z.types[1].abbr, "+00");
    assert_true(z.types[1].isdst);
    assert_int_equal(tz_offset(&z, sp_at[0] - 1), 3600);
    assert_int_equal(tz_offset(&z, sp_at[0]), 0);
    assert_int_equal(tz_offset(&z, sp_at[1]), 3600);
    assert_int_equal(tz_offset(&z, sp_at[3] + 100 * DAY), 3600);
    tz_zone_free(&z);

    /* every shorter file is refused, and leaves nothing behind */
    for (size_t len = 0; len < b.len; len++) {
        pace_error_clear(&err);
        if (tz_parse_tzif((const unsigned char *)b.data, len, &z, &err) == 0)
            fail_msg("a file cut at %zu of %zu bytes was read", len, b.len);
        assert_true(err.msg[0] != '\0');
        tz_zone_free(&z);
    }
    /* single bytes changed where they matter */
    static const struct {
        size_t at;
        unsigned char v;
    } bad[] = {{0, 'X'}, {4, '5'}, {4, '1'}, {39, 0}, {43, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct buf c = {0};
        buf_add(&c, b.data, b.len);
        c.data[bad[i].at] = (char)bad[i].v;
        if (tz_parse_tzif((const unsigned char *)c.data, c.len, &z, NULL) == 0)
            fail_msg("byte %zu set to %u was read", bad[i].at, bad[i].v);
        tz_zone_free(&z);
        buf_free(&c);
    }
    buf_free(&b);

    /* a type that does not exist, changes out of order, a flag of 2, a
     * broken rule */
    static const unsigned char idx_bad[] = {1, 0, 2, 0};
    static const int64_t at_bad[] = {INT64_C(1801965600), INT64_C(1801965600), INT64_C(1832205600),
                                     INT64_C(1834621200)};
    static const unsigned char dst_bad[] = {0, 2};
    struct spec cases[4] = {spring_spec(), spring_spec(), spring_spec(), spring_spec()};
    cases[0].idx = idx_bad;
    cases[1].at = at_bad;
    cases[2].dst = dst_bad;
    cases[3].footer = "CET-1CEST";
    for (int i = 0; i < 4; i++) {
        tzif(&b, &cases[i]);
        if (tz_parse_tzif((const unsigned char *)b.data, b.len, &z, NULL) == 0)
            fail_msg("case %d was read", i);
        tz_zone_free(&z);
        buf_free(&b);
    }

    /* a span that ends before the table does: its changes only */
    s.footer = "CET-1CEST,M3.5.0,M10.5.0/3";
    tzif(&b, &s);
    assert_int_equal(tz_parse_tzif((const unsigned char *)b.data, b.len, &z, &err), 0);
    struct tz_change ch[8];
    assert_int_equal(tz_changes(&z, JAN5, JAN5 + DAY, ch, 8), 0);
    assert_int_equal(tz_changes(&z, JAN5, sp_at[1], ch, 8), 2);
    tz_zone_free(&z);
    buf_free(&b);
    s.footer = "<+01>-1";

    /* version 1: no rule, the last type lasts */
    s.version = '\0';
    tzif(&b, &s);
    assert_int_equal(tz_parse_tzif((const unsigned char *)b.data, b.len, &z, &err), 0);
    assert_false(z.has_rule);
    assert_int_equal(tz_offset(&z, sp_at[3] + 1000 * DAY), 3600);
    tz_zone_free(&z);
    buf_free(&b);
}

/* ---- VTIMEZONE ------------------------------------------------------------ */

static char *yearly_text(const char *rule, bool start, int *n)
{
    struct tz_rule r;
    assert_int_equal(tz_parse_rule(rule, &r), 0);
    struct ical_yearly y[2];
    *n = ical_yearly_from_when(start ? &r.start : &r.end, y);
    struct buf b = {0};
    for (int i = 0; i < *n; i++) {
        static const char *const wd[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
        buf_printf(&b, "%s%d:", i ? " " : "", y[i].month);
        if (y[i].nth)
            buf_printf(&b, "%d%s", y[i].nth, wd[y[i].wday]);
        else
            buf_printf(&b, "%s[%d..%d]", wd[y[i].wday], y[i].lo, y[i].hi);
        buf_printf(&b, "@%d", (int)y[i].time);
    }
    return buf_detach(&b);
}

static void yearly_rules_of_every_kind(void **state)
{
    (void)state;
    static const struct {
        const char *rule;
        bool start;
        const char *want;
    } cases[] = {
        {"CET-1CEST,M3.5.0,M10.5.0/3", true, "3:-1SU@7200"},
        {"CET-1CEST,M3.5.0,M10.5.0/3", false, "10:-1SU@10800"},
        {"EST5EDT,M3.2.0,M11.1.0", true, "3:2SU@7200"},
        {"AEST-10AEDT,M10.1.0,M4.1.0/3", false, "4:1SU@10800"},
        /* Israel: the Friday before the last Sunday (Thursday + 26 h) */
        {"IST-2IDT,M3.4.4/26,M10.5.0", true, "3:FR[23..29]@7200"},
        /* Greenland: Saturday 23:00 before the last Sunday */
        {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", true, "3:SA[-8..-2]@82800"},
        /* Chile: Saturday 24:00 is Sunday 00:00, in the second week */
        {"<-04>4<-03>,M9.1.6/24,M4.1.6/24", true, "9:SU[2..8]@0"},
        /* Palestine: Thursday + 50 h */
        {"EET-2EEST,M3.4.4/50,M10.4.4/50", true, "3:SA[24..30]@7200"},
        /* Egypt: the day after the last Thursday may be 1 November */
        {"EET-2EEST,M4.5.5/0,M10.5.4/24", false, "10:FR[-6..-1]@0 11:FR[1..1]@0"},
        {"EET-2EEST,M4.5.5/0,M10.5.4/24", true, "4:-1FR@0"},
        /* the first Sunday minus a day reaches into the month before */
        {"XXX-1YYY,M4.1.0/-24,M10.5.0", true, "3:SA[-1..-1]@0 4:SA[1..6]@0"},
        /* the Sunday after the first Monday (+ 144 h) */
        {"XXX-1YYY,M4.1.1/144,M10.5.0", true, "4:SU[7..13]@0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n;
        char *got = yearly_text(cases[i].rule, cases[i].start, &n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s (%s): got \"%s\", want \"%s\"", cases[i].rule,
                     cases[i].start ? "start" : "end", got, cases[i].want);
        free(got);
    }
    /* no RRULE of this kind says these: a Julian day, February's end */
    int n;
    free(yearly_text("XXX-1YYY,J60,M10.5.0", true, &n));
    assert_int_equal(n, 0);
    free(yearly_text("XXX-1YYY,M2.4.0/48,M10.5.0", true, &n));
    assert_int_equal(n, 0);

    /* the days they pick */
    struct ical_yearly last_sun = {.month = 3, .wday = 0, .nth = -1};
    assert_int_equal(ical_yearly_day(&last_sun, 2026), 29);
    assert_int_equal(ical_yearly_day(&last_sun, 2027), 28);
    struct ical_yearly nov1 = {.month = 11, .wday = 5, .lo = 1, .hi = 1};
    assert_int_equal(ical_yearly_day(&nov1, 2024), 1); /* a Friday */
    assert_int_equal(ical_yearly_day(&nov1, 2026), 0);
}

static void expect_text(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("got:\n%s\nwant:\n%s", got, want);
}

static void vtimezone_from_the_rule(void **state)
{
    (void)state;
    struct buf b = {0};
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    ical_vtimezone(&b, "Europe/Berlin", &berlin, JAN5);
    expect_text(b.data, "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
                        "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\n"
                        "TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                        "TZNAME:CEST\r\nEND:DAYLIGHT\r\n"
                        "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\n"
                        "TZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                        "TZNAME:CET\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n");
    buf_reset(&b);
    struct tz_zone tokyo = rule_zone("JST-9");
    ical_vtimezone(&b, "Asia/Tokyo", &tokyo, JAN5);
    expect_text(b.data, "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n"
                        "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\n"
                        "TZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n");
    buf_reset(&b);
    /* Dublin: the summer part (the larger offset) is DAYLIGHT */
    struct tz_zone dublin = rule_zone("IST-1GMT0,M10.5.0,M3.5.0/1");
    ical_vtimezone(&b, "Europe/Dublin", &dublin, JAN5);
    assert_non_null(strstr(b.data, "BEGIN:STANDARD\r\nDTSTART:19701025T020000\r\n"
                                   "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"));
    assert_non_null(strstr(b.data, "BEGIN:DAYLIGHT\r\nDTSTART:19700329T010000\r\n"
                                   "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n"));
    buf_reset(&b);
    /* Egypt: three sub-components, the November one first in 1974 */
    struct tz_zone cairo = rule_zone("EET-2EEST,M4.5.5/0,M10.5.4/24");
    ical_vtimezone(&b, "Africa/Cairo", &cairo, JAN5);
    assert_non_null(strstr(b.data, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=FR;BYMONTHDAY=-6,-5,-4"
                                   ",-3,-2,-1\r\n"));
    assert_non_null(strstr(b.data,
                           "DTSTART:19741101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:"
                           "+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=FR;BYMONTHDAY=1\r\n"));
    buf_reset(&b);
    /* odd offsets keep their seconds; no negative zero */
    struct tz_zone odd = rule_zone("<-0025>0:25:21");
    ical_vtimezone(&b, "X", &odd, JAN5);
    assert_non_null(strstr(b.data, "TZOFFSETFROM:-002521\r\n"));
    char v[16];
    ical_utc_offset(v, sizeof v, 0);
    assert_string_equal(v, "+0000");
    ical_utc_offset(v, sizeof v, -(3 * HOUR + 30 * 60));
    assert_string_equal(v, "-0330");
    buf_free(&b);
}

static void vtimezone_with_changes_listed(void **state)
{
    (void)state;
    struct spec s = spring_spec();
    struct buf f = {0}, b = {0};
    tzif(&f, &s);
    struct tz_zone z;
    assert_int_equal(tz_parse_tzif((const unsigned char *)f.data, f.len, &z, NULL), 0);
    ical_vtimezone(&b, "Test/Spring", &z, JAN5);
    /* from a week before the start, at +01; then each change, grouped by
     * kind, in the local time before it */
    expect_text(b.data, "BEGIN:VTIMEZONE\r\nTZID:Test/Spring\r\n"
                        "BEGIN:STANDARD\r\nDTSTART:20251229T010000\r\nTZOFFSETFROM:+0100\r\n"
                        "TZOFFSETTO:+0100\r\nTZNAME:+01\r\nEND:STANDARD\r\n"
                        "BEGIN:DAYLIGHT\r\nDTSTART:20270207T030000\r\nTZOFFSETFROM:+0100\r\n"
                        "TZOFFSETTO:+0000\r\nRDATE:20280123T030000\r\nTZNAME:+00\r\n"
                        "END:DAYLIGHT\r\n"
                        "BEGIN:STANDARD\r\nDTSTART:20270310T010000\r\nTZOFFSETFROM:+0000\r\n"
                        "TZOFFSETTO:+0100\r\nRDATE:20280220T010000\r\nTZNAME:+01\r\n"
                        "END:STANDARD\r\nEND:VTIMEZONE\r\n");
    buf_reset(&b);
    /* after the last change of the table the rule alone says it all */
    ical_vtimezone(&b, "Test/Spring", &z, sp_at[3] + DAY);
    assert_null(strstr(b.data, "RDATE"));
    assert_non_null(strstr(b.data, "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"));
    tz_zone_free(&z);
    buf_free(&f);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_arithmetic),
        cmocka_unit_test(posix_rules),
        cmocka_unit_test(offsets_either_side_of_a_change),
        cmocka_unit_test(local_times_skipped_or_twice),
        cmocka_unit_test(changes_of_a_zone),
        cmocka_unit_test(tzif_is_read_strictly),
        cmocka_unit_test(yearly_rules_of_every_kind),
        cmocka_unit_test(vtimezone_from_the_rule),
        cmocka_unit_test(vtimezone_with_changes_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
