"""Her time zone, read once for every page: the pace-zone cookie names a
zone of the tz database (each instant then gets the offset of its own
date, summer time or not), else the pace-tz offset holds, else UTC. History
shows each session at the time her clock showed on both sides of a change
of the clocks in Europe/Berlin, weeks there count her local days, the log
form reads a time back in the zone it names, and the API and the CLI take
a zone by name too."""

import json
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import harness  # noqa: E402
from harness import Client, Server, csrf, register, run_pace

BERLIN = ZoneInfo("Europe/Berlin")


def last_change(month):
    """The instant of the last change of Berlin's clocks in month (3 or 10)
    at least a week before the test clock's now, as a UTC datetime: 01:00
    UTC on the last Sunday of the month."""
    year = harness.now_dt().year
    while True:
        d = datetime(year, month, 31, 1, 0, tzinfo=timezone.utc)
        while d.weekday() != 6:  # Sunday
            d -= timedelta(days=1)
        if d < harness.now_dt() - timedelta(days=7):
            return d
        year -= 1


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def her(srv):
    """A signed-in browser and an API client for the same account, with
    fms-20 in her kit."""
    browser = Client(srv)
    email = register(browser)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
    r = api.request("PUT", "/api/v1/kit", body=json.dumps({"items": ["fms-20"]}),
                    headers={"Content-Type": "application/json"})
    assert r.status == 200, r
    return browser, api, email


def log(api, at, minutes=10):
    r = api.post_json("/api/v1/sessions", {
        "started_at": rfc3339(at), "duration_s": minutes * 60, "dilator_id": "fms-20",
        "before": {"fear": 4, "tension": 4, "pain": 1},
        "after": {"fear": 2, "tension": 2, "pain": 1}, "outcome": "completed"})
    assert r.status == 201, r
    return r.json()["id"]


def shown(html, sid):
    """The time /sessions shows for session sid."""
    m = re.search(r'href="/sessions/%s"><span><strong>([^<]*)</strong>' % sid, html)
    assert m, f"session {sid} is not listed"
    return m.group(1)


def weeks(html):
    """The session ids of each week section, in page order."""
    return [re.findall(r'href="/sessions/([0-9a-f-]{36})"', sec)
            for sec in re.findall(r'<section class="week card">(.*?)</section>', html, re.S)]


def local(t):
    """What her clock showed at t, as the English pages write it."""
    l = t.astimezone(BERLIN)
    return f"{l.day} {l.strftime('%b')} {l.year}, {l.hour % 12 or 12}:{l.minute:02d} " + \
        ("am" if l.hour < 12 else "pm")


def test_history_in_berlin_on_both_sides_of_a_change_of_the_clocks():
    autumn, spring = last_change(10), last_change(3)
    with Server() as srv:
        browser, api, _ = her(srv)
        at = {
            # autumn: summer time (UTC+2) until 01:00 UTC on Sunday, then UTC+1
            "sat": autumn - timedelta(hours=7),                 # Saturday 20:00 summer time
            "before": autumn - timedelta(minutes=30),           # 02:30 summer time
            "after": autumn + timedelta(minutes=30),            # 02:30 again, winter time
            "mon": autumn + timedelta(days=1, hours=17),        # Monday 19:00 winter time
            # spring: 01:00 UTC jumps from 02:00 to 03:00
            "spring_before": spring - timedelta(minutes=30),    # 01:30 winter time
            "spring_after": spring + timedelta(minutes=30),     # 03:30 summer time
        }
        ids = {k: log(api, t) for k, t in at.items()}
        # A browser in Berlin in winter: its offset cookie says +60, its zone
        # cookie Europe/Berlin. The zone wins, so summer sessions keep their
        # summer time.
        browser.cookies["pace-tz"] = "60"
        browser.cookies["pace-zone"] = "Europe/Berlin"
        r = browser.get("/sessions")
        assert r.status == 200, r
        want = {"sat": "8:00 pm", "before": "2:30 am", "after": "2:30 am", "mon": "7:00 pm",
                "spring_before": "1:30 am", "spring_after": "3:30 am"}
        for k, t in at.items():
            got = shown(r.text, ids[k])
            assert got == local(t), (k, got, local(t))
            assert got.endswith(want[k]), (k, got)
        # The Sunday night's sessions, both 2:30 am, are in Saturday's week;
        # Monday's session starts the next.
        sections = weeks(r.text)
        autumn_week = next(s for s in sections if ids["sat"] in s)
        assert ids["before"] in autumn_week and ids["after"] in autumn_week
        assert ids["mon"] not in autumn_week
        spring_week = next(s for s in sections if ids["spring_before"] in s)
        assert ids["spring_after"] in spring_week

        # A session's own page says the same.
        page = browser.get(f"/sessions/{ids['sat']}")
        assert local(at["sat"]) in page.text

        # Without a zone cookie the offset holds for every date (no summer
        # time); a zone cookie that is not a zone changes nothing.
        for zone in (None, "../../etc/passwd", "posix/Europe/Berlin", "Mars/Olympus"):
            c = Client(srv)
            c.cookies = {k: v for k, v in browser.cookies.items() if k != "pace-zone"}
            if zone:
                c.cookies["pace-zone"] = zone
            text = c.get("/sessions").text
            assert shown(text, ids["sat"]).endswith("7:00 pm")
            assert shown(text, ids["mon"]).endswith("7:00 pm")
        # With neither, UTC.
        c = Client(srv)
        c.cookies = {k: v for k, v in browser.cookies.items()
                     if k not in ("pace-zone", "pace-tz")}
        assert shown(c.get("/sessions").text, ids["sat"]).endswith("6:00 pm")


def test_the_log_form_reads_her_time_in_the_zone_it_names():
    autumn = last_change(10)
    summer = (autumn - timedelta(days=20)).astimezone(BERLIN).replace(hour=21, minute=5)
    with Server() as srv:
        browser, api, _ = her(srv)
        browser.cookies["pace-tz"] = "60"
        browser.cookies["pace-zone"] = "Europe/Berlin"
        page = browser.get("/sessions/new")
        assert 'name="tz" value="Europe/Berlin"' in page.text
        # the instant shown, for practice.js to show in the browser's zone
        assert re.search(r'name="when" type="datetime-local" value="[^"]+" data-t="\d+"',
                         page.text)
        form = {"csrf": csrf(page.text), "tz": "Europe/Berlin",
                "when": summer.strftime("%Y-%m-%dT%H:%M"), "dilator_id": "fms-20",
                "minutes": "10", "outcome": "completed"}
        once = re.search(r'name="once" value="([^"]*)"', page.text)
        if once:
            form["once"] = once.group(1)
        r = browser.post("/sessions/new", form)
        assert r.status == 303, (r, r.text[:2000])
        items = json.loads(api.get("/api/v1/sessions").text)["items"]
        assert len(items) == 1
        # 21:05 in Berlin's summer is 19:05 UTC, though it is winter now
        assert items[0]["started_at"] == rfc3339(summer.astimezone(timezone.utc)), items[0]

        # The form names the zone it was drawn in; older pages sent minutes,
        # and those are still read as a fixed offset.
        edit = browser.get(f"/sessions/{items[0]['id']}/edit")
        assert summer.strftime("%Y-%m-%dT%H:%M") in edit.text
        winter = (last_change(3) - timedelta(days=30)).replace(hour=10, minute=0)
        f2 = dict(form, csrf=csrf(edit.text), tz="60", when=winter.strftime("%Y-%m-%dT%H:%M"))
        f2.pop("once", None)
        r = browser.post(f"/sessions/{items[0]['id']}/edit", f2)
        assert r.status == 303, (r, r.text[:2000])
        got = json.loads(api.get(f"/api/v1/sessions/{items[0]['id']}").text)
        assert got["started_at"] == rfc3339(winter - timedelta(hours=1)), got


def test_the_api_and_the_cli_take_a_zone_by_name():
    with Server() as srv:
        _, api, email = her(srv)
        for tz in ("Europe/Berlin", "UTC%2B05:30", "60", "Nowhere/Else"):
            r = api.get(f"/api/v1/recommendation?tz={tz}")
            assert r.status == 200, (tz, r)
        for tz in ("Europe/Berlin", "UTC+01:00", "-05:30", "UTC"):
            p = run_pace("recommend", "--email", email, "--tz", tz, "--data", srv.data)
            assert p.returncode == 0, (tz, p.stderr)
        for tz in ("abc", "60", "+60", "../../etc/passwd", "right/UTC", "UTC+15:00"):
            p = run_pace("recommend", "--email", email, "--tz", tz, "--data", srv.data)
            assert p.returncode == 2, (tz, p.returncode)
            assert "--tz" in p.stderr and "Europe/Berlin" in p.stderr, p.stderr
