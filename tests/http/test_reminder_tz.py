"""Reminders in her time zone: the zone chosen on /reminders (checked
against the system's tz database), the feed's DTSTART;TZID with a
VTIMEZONE that another implementation (Debian's python3-icalendar, see
icalcheck.py) expands to her time on both sides of every clock change, the
feed's ETag, Last-Modified and 304s, the file to import once
(/reminders/calendar.ics), and the page's word on servers a calendar app
cannot reach."""

import calendar
import json
import re
import shutil
import tempfile
from datetime import date, datetime, timedelta, timezone
from email.utils import formatdate, parsedate_to_datetime

import icalcheck
import harness
from harness import Client, Server, alert, register

FEED_RE = r'<code class="token"[^>]*>https?://[^<]*/cal/([A-Za-z0-9_-]{43})\.ics</code>'
ALL_DAYS = [("day", d) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
UNTIL_2037 = int(datetime(2037, 12, 31, tzinfo=timezone.utc).timestamp())


def save(c, zone, time="20:00", days=ALL_DAYS, title="Me time"):
    fields = [("csrf", c.csrf_for("/reminders"))] + list(days) + [("time", time),
                                                                   ("title", title)]
    if zone is not None:
        fields.append(("tz", zone))
    return c.post("/reminders", fields)


def member_with_feed(srv, zone, **kw):
    """Registers someone, saves her schedule in zone; returns (client, feed path)."""
    c = Client(srv)
    register(c)
    r = save(c, zone, **kw)
    assert r.status == 200, r
    m = re.search(FEED_RE, r.text)
    assert m, "no calendar link on the page"
    return c, f"/cal/{m.group(1)}.ics"


def assert_rfc5545_lines(body):
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    for line in body.split("\r\n"):
        assert len(line.encode()) <= 75, line


def last_sunday(year, month):
    d = date(year, month, calendar.monthrange(year, month)[1])
    return d - timedelta(days=(d.weekday() + 1) % 7)


def expand_feed(srv, path, days=400):
    r = Client(srv).get(path)
    assert r.status == 200, r
    assert_rfc5545_lines(r.text)
    return r.text, icalcheck.run("expand", days, r.text)


def assert_her_time_everywhere(got, zone, hhmm="20:00"):
    """Every occurrence at hhmm local, and its UTC by the feed's VTIMEZONE
    the same as by the system's tz database."""
    assert got["tzid"] == zone and got["x_wr_timezone"] == zone, got
    assert got["vtimezone_tzid"] == zone
    occ = got["occurrences"]
    assert len(occ) >= 365, len(occ)
    for o in occ:
        assert o["local"].endswith(f"T{hhmm}:00"), o
        assert o["utc"] == o["utc_zoneinfo"], o
    return occ


def utc_hours(occ):
    return {o["utc"][11:16] for o in occ}


def test_berlin_stays_at_20_local_across_both_changes():
    with Server() as srv:
        c, path = member_with_feed(srv, "Europe/Berlin")
        text, got = expand_feed(srv, path)
        assert re.search(r"\r\nDTSTART;TZID=Europe/Berlin:\d{8}T200000\r\n", text)
        assert "\r\nX-WR-TIMEZONE:Europe/Berlin\r\n" in text
        vtz = text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE")]
        assert "\r\nTZID:Europe/Berlin\r\n" in vtz
        assert "BEGIN:STANDARD" in vtz and "BEGIN:DAYLIGHT" in vtz
        assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in vtz
        assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in vtz
        assert text.index("END:VTIMEZONE") < text.index("BEGIN:VEVENT")

        occ = assert_her_time_everywhere(got, "Europe/Berlin")
        assert utc_hours(occ) == {"19:00", "18:00"}
        # every day of a year: the change happens exactly on the last Sunday
        # of March (19:00 UTC until the day before, 18:00 from that evening)
        # and back on the last Sunday of October
        moves = [(a, b) for a, b in zip(occ, occ[1:]) if a["utc"][11:16] != b["utc"][11:16]]
        assert len(moves) == 2, moves
        for before, after in moves:
            day = date.fromisoformat(after["local"][:10])
            if after["utc"][11:16] == "18:00":
                assert before["utc"][11:16] == "19:00"
                assert day == last_sunday(day.year, 3), day
            else:
                assert (before["utc"][11:16], after["utc"][11:16]) == ("18:00", "19:00")
                assert day == last_sunday(day.year, 10), day
            assert date.fromisoformat(before["local"][:10]) == day - timedelta(days=1)

        # the page says what she chose and the next reminder
        page = c.get("/reminders").text
        assert '<option value="Europe/Berlin" selected>Berlin</option>' in page
        assert "Choose your time zone" not in page


def test_north_south_utc_and_a_zone_without_daylight_time():
    # zone: (UTC of 20:00 local in its standard time, in daylight time or None)
    cases = {
        "America/New_York": ("01:00", "00:00"),
        "Australia/Sydney": ("10:00", "09:00"),
        "UTC": ("20:00", None),
        "Asia/Tokyo": ("11:00", None),
    }
    with Server() as srv:
        for zone, (std, dst) in cases.items():
            _, path = member_with_feed(srv, zone)
            text, got = expand_feed(srv, path)
            occ = assert_her_time_everywhere(got, zone)
            assert utc_hours(occ) == ({std, dst} if dst else {std}), (zone, utc_hours(occ))
            assert ("BEGIN:DAYLIGHT" in text) == (dst is not None), zone
            assert "BEGIN:STANDARD" in text
            if zone == "Australia/Sydney":
                # southern hemisphere: daylight time from October to April
                for o in occ:
                    month = int(o["local"][5:7])
                    if month in (11, 12, 1, 2):
                        assert o["utc"][11:16] == dst, o
                    if month in (5, 6, 7, 8, 9):
                        assert o["utc"][11:16] == std, o


def test_every_zone_in_the_list_matches_the_tz_database():
    with Server() as srv:
        c = Client(srv)
        register(c)
        page = c.get("/reminders").text
        zones = re.findall(r'<option value="([^"]+)"', page[page.index('id="f-tz"'):])
        zones = zones[:zones.index("en")] if "en" in zones else zones  # not the language list
        assert len(zones) > 300 and "UTC" in zones and "Europe/Berlin" in zones, len(zones)
        feeds, path = {}, None
        token = c.csrf_for("/reminders")
        for zone in zones:
            r = c.post("/reminders", [("csrf", token), ("day", "mon"), ("time", "20:00"),
                                      ("title", "Me"), ("tz", zone)])
            assert r.status in (200, 303), (zone, r)
            if path is None:
                path = "/cal/%s.ics" % re.search(FEED_RE, r.text).group(1)
            feed = Client(srv).get(path)
            assert feed.status == 200, (zone, feed)
            assert_rfc5545_lines(feed.text)
            assert f"DTSTART;TZID={zone}:" in feed.text, zone
            feeds[zone] = feed.text
        bad = icalcheck.run("zones", UNTIL_2037, json.dumps(feeds))
        assert {z: v for z, v in bad.items() if v} == {}


def test_unknown_zones_are_refused_with_a_clear_message():
    with Server() as srv:
        c = Client(srv)
        register(c)
        page = c.get("/reminders").text
        # no zone yet: the list asks, and without JavaScript nothing is guessed
        assert re.search(r'<select id="f-tz" name="tz" required[^>]*><option value="" '
                         r'selected>Choose your time zone</option>', page)
        assert '<optgroup label="Europe"><option value="Europe/Amsterdam">' in page
        for bad in ("Mars/Olympus_Mons", "../../etc/passwd", "Europe/../Europe/Berlin",
                    "posix/Europe/Berlin", "right/UTC", "localtime", "posixrules", "Factory",
                    "Europe/Berlin ", "europe/berlin", "/etc/passwd", "Europe/Berlin/",
                    "zone.tab", "x" * 300):
            r = save(c, bad)
            assert r.status == 422, (bad, r)
            assert alert(r.text) == ('<a href="#f-tz">Pace does not know this time zone. '
                                     'Please choose yours from the list.</a>'), bad
            assert 'aria-invalid="true"' in r.text and 'id="e-tz"' in r.text
            assert "/cal/" not in r.text
        r = save(c, "")
        assert r.status == 422
        assert alert(r.text) == '<a href="#f-tz">Please choose your time zone.</a>'
        # what else she sent stays in the form
        assert 'value="Me time"' in r.text and 'value="20:00"' in r.text
        # a name the database keeps for an older spelling, as browsers give
        _, path = member_with_feed(srv, "Asia/Calcutta")
        text, got = expand_feed(srv, path)
        assert_her_time_everywhere(got, "Asia/Calcutta")
        assert utc_hours(got["occurrences"]) == {"14:30"}


def test_a_wrong_day_keeps_the_zone_she_chose():
    with Server() as srv:
        c = Client(srv)
        register(c)
        r = save(c, "America/New_York", days=[("day", "someday")])
        assert r.status == 422 and 'href="#f-days"' in r.text
        assert '<option value="America/New_York" selected>New York</option>' in r.text


def test_the_feed_answers_conditional_requests():
    with Server() as srv:
        c, path = member_with_feed(srv, "Europe/Berlin")
        app = Client(srv)  # a calendar app: no cookie
        r = app.get(path)
        etag, modified = r.header("ETag"), r.header("Last-Modified")
        assert re.fullmatch(r'"[0-9a-f]{32}"', etag), etag
        assert parsedate_to_datetime(modified).tzinfo is not None
        assert r.header("Cache-Control") == "private, no-cache"
        again = app.get(path)
        assert again.body == r.body and again.header("ETag") == etag  # the same bytes

        def status(**headers):
            res = app.get(path, headers=headers)
            if res.status == 304:
                assert res.body == b"" and res.header("ETag") == etag
                assert res.header("Last-Modified") == modified
            return res.status

        assert status(**{"If-None-Match": etag}) == 304
        assert status(**{"If-None-Match": "W/" + etag}) == 304
        assert status(**{"If-None-Match": f'"elsewhere", {etag}'}) == 304
        assert status(**{"If-None-Match": "*"}) == 304
        assert status(**{"If-None-Match": '"elsewhere"'}) == 200
        assert status(**{"If-None-Match": etag[:-2] + '"'}) == 200
        when = parsedate_to_datetime(modified)
        assert status(**{"If-Modified-Since": modified}) == 304
        later = when + timedelta(days=1)
        assert status(**{"If-Modified-Since": formatdate(later.timestamp(), usegmt=True)}) == 304
        assert status(**{"If-Modified-Since": later.strftime("%A, %d-%b-%y %H:%M:%S GMT")}) == 304
        assert status(**{"If-Modified-Since": later.strftime("%a %b %e %H:%M:%S %Y")}) == 304
        earlier = formatdate((when - timedelta(seconds=1)).timestamp(), usegmt=True)
        assert status(**{"If-Modified-Since": earlier}) == 200
        assert status(**{"If-Modified-Since": "yesterday"}) == 200
        # If-None-Match decides when both are sent
        assert status(**{"If-None-Match": '"elsewhere"', "If-Modified-Since": modified}) == 200
        head = app.request("HEAD", path, headers={"If-None-Match": etag})
        assert head.status == 304

        # a change of the schedule changes the tag
        r = save(c, "Europe/Berlin", time="20:15")
        assert r.status == 303
        fresh = app.get(path, headers={"If-None-Match": etag})
        assert fresh.status == 200 and fresh.header("ETag") != etag
        assert "T201500\r\n" in fresh.text
        # an unknown address is not found, with or without validators
        gone = "/cal/" + "A" * 43 + ".ics"
        assert app.get(gone, headers={"If-None-Match": "*"}).status == 404


def test_a_schedule_from_before_zones_keeps_a_floating_time():
    with Server() as srv:
        c = Client(srv)
        register(c)
        # a form drawn before the page asked for a zone has no such field
        r = save(c, None, time="07:45")
        assert r.status == 200
        path = "/cal/%s.ics" % re.search(FEED_RE, r.text).group(1)
        text = Client(srv).get(path).text
        assert re.search(r"\r\nDTSTART:\d{8}T074500\r\n", text)
        assert "TZID" not in text and "VTIMEZONE" not in text
        page = c.get("/reminders").text
        assert "Please choose your time zone below and save." in page
        assert save(c, "Europe/Vienna", time="07:45").status == 303
        assert "DTSTART;TZID=Europe/Vienna:" in Client(srv).get(path).text
        # and a later form without the field keeps her zone
        assert save(c, None, time="08:00").status == 303
        assert "DTSTART;TZID=Europe/Vienna:" in Client(srv).get(path).text
        assert "Please choose your time zone below" not in c.get("/reminders").text


def test_the_zone_column_arrives_by_migration():
    data = tempfile.mkdtemp(prefix="pace-http-")
    try:
        migrated(data)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def migrated(data):
    with Server(data_dir=data) as srv:
        _, path = member_with_feed(srv, "Europe/Berlin")
    # a schedule saved before the zone was asked for: no zone
    version_sql = ("SELECT version FROM schema_version" if harness.PG_URL
                   else "PRAGMA user_version")
    version = harness.db_query(data, version_sql)
    harness.db_exec(data, "UPDATE reminders SET tz = NULL")
    with Server(data_dir=data) as srv:
        text = Client(srv).get(path).text
        assert "TZID" not in text and re.search(r"\r\nDTSTART:\d{8}T200000\r\n", text)
    assert harness.db_query(data, version_sql) == version
    assert harness.db_query(data, "SELECT tz FROM reminders") == [(None,)]


def test_a_file_to_import_once():
    with Server() as srv:
        c = Client(srv)
        register(c)
        assert c.get("/reminders/calendar.ics").status == 404  # nothing set yet
        assert "/reminders/calendar.ics" not in c.get("/reminders").text
        assert save(c, "Australia/Sydney").status == 200
        page = c.get("/reminders").text
        assert 'href="/reminders/calendar.ics" download>Download calendar file</a>' in page
        r = c.get("/reminders/calendar.ics")
        assert r.status == 200
        assert r.header("Content-Type") == "text/calendar; charset=utf-8"
        assert r.header("Content-Disposition") == 'attachment; filename="reminders.ics"'
        assert "no-store" in r.header("Cache-Control")
        assert_rfc5545_lines(r.text)
        assert "REFRESH-INTERVAL" not in r.text and "X-PUBLISHED-TTL" not in r.text
        assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU" in r.text
        got = icalcheck.run("expand", 400, r.text)
        assert utc_hours(assert_her_time_everywhere(got, "Australia/Sydney")) == {"09:00", "10:00"}
        # also with the link turned off; never for someone signed out
        c.post("/reminders/link/revoke", {"csrf": c.csrf_for("/reminders")})
        assert c.get("/reminders/calendar.ics").status == 200
        stranger = Client(srv).get("/reminders/calendar.ics")
        assert stranger.status == 303 and stranger.header("Location").startswith("/login")


def test_the_page_says_when_a_calendar_app_may_not_reach_this_server():
    note = "works only on this computer or in your home network"
    with Server() as srv:
        c = Client(srv)
        register(c)
        save(c, "Europe/Berlin")
        for host, local in (("127.0.0.1:8080", True), ("localhost:8080", True),
                            ("[::1]:8080", True), ("192.168.1.20", True),
                            ("10.0.0.5:8080", True), ("172.20.1.1", True),
                            ("raspberrypi:8080", True), ("pace.local", True),
                            ("nas.fritz.box", True), ("pace.home.arpa", True),
                            ("pace.example.org", False), ("203.0.113.9:8443", False),
                            ("[2001:db8::1]:8080", False), ("[fd12::1]", True)):
            page = c.get("/reminders", headers={"Host": host}).text
            assert (note in page) == local, host
            if local:
                assert host in page
            assert "A file instead of a link" in page
