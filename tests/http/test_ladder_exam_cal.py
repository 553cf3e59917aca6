"""The comfort ladder (/ladder and /api/v1/ladder, a page at a time with
a cursor), the exam plan (/exam-prep and /api/v1/exam-prep) and reminders
(/reminders and the private calendar feed /cal/<token>.ics): round trips,
the checks with the field at fault, other people's data, encryption at
rest, and the feed's capability address (made once, replaced, revoked)."""

import json
import re
from datetime import datetime, timedelta, timezone

import harness  # noqa: E402
from harness import Client, Server, csrf, register, run_pace

FEED_RE = r'<code class="token"[^>]*>(https?://[^<]*/cal/([A-Za-z0-9_-]{43})\.ics)</code>'


def ago(**kw):
    t = harness.now_dt().replace(microsecond=0) - timedelta(**kw)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def member(srv):
    """Registers someone; returns (browser client, API client, email)."""
    c = Client(srv)
    email = register(c)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    return c, Client(srv, headers={"Authorization": f"Bearer {p.stdout.strip()}"}), email


def post_ladder(api, body):
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return api.request("POST", "/api/v1/ladder", body=raw,
                       headers={"Content-Type": "application/json"})


def assert_422(r, field):
    assert r.status == 422, r
    body = r.json()
    assert isinstance(body["error"], str) and len(body["error"]) > 10, body
    assert body["field"] == field, body
    return body


def session(**over):
    s = {"started_at": ago(hours=3), "duration_s": 600, "dilator_id": "fms-18",
         "temperature": "warm", "lubricant": "water_based", "outcome": "completed",
         "before": {"fear": 3, "tension": 3, "pain": 0},
         "after": {"fear": 1, "tension": 1, "pain": 1}, "max_pain": 2}
    s.update(over)
    return s


def reminders_post(c, fields):
    """Posts the reminders form (a list of pairs: days repeat) with a CSRF token."""
    return c.post("/reminders", [("csrf", c.csrf_for("/reminders"))] + list(fields))


def feed_path(html):
    m = re.search(FEED_RE, html)
    assert m, "no calendar link on the page"
    return f"/cal/{m.group(2)}.ics"


# ---- comfort ladder -----------------------------------------------------------

def test_ladder_round_trip_through_the_api():
    with Server() as srv:
        _, api, _ = member(srv)
        r = api.get("/api/v1/ladder")
        assert r.status == 200, r
        body = r.json()
        assert body["entries"] == [] and body["due"] is True and body["next_due_at"] is None
        assert body["interval_days"] == 30

        first = post_ladder(api, {"items": {
            "tampon": {"anxiety": 4, "pain": 2},
            "gyn_exam": {"anxiety": 9, "not_tried": True},
            "intercourse": {"not_tried": True}}})
        assert first.status == 201, first
        e = first.json()
        assert set(e) == {"id", "taken_at", "items"}
        assert set(e["items"]) == {"tampon", "cotton_swab", "finger", "gyn_exam", "dilator",
                                   "intercourse"}
        assert e["items"]["tampon"] == {"anxiety": 4, "pain": 2, "not_tried": False}
        assert e["items"]["gyn_exam"] == {"anxiety": 9, "pain": None, "not_tried": True}
        assert e["items"]["finger"] == {"anxiety": None, "pain": None, "not_tried": False}

        second = post_ladder(api, {"items": {"finger": {"anxiety": 2, "pain": 0}}})
        assert second.status == 201, second
        body = api.get("/api/v1/ladder").json()
        assert [x["id"] for x in body["entries"]] == [second.json()["id"], e["id"]]  # newest first
        assert body["entries"][1] == e
        assert body["due"] is False and body["next_due_at"] > body["entries"][0]["taken_at"]


def test_the_ladder_pages_like_the_sessions_and_leaves_nothing_out():
    """More entries than one answer holds (and more than the 500 the list
    used to stop at): following next_cursor gives every one, newest first,
    once; from and to pick a period."""
    with Server() as srv:
        _, api, _ = member(srv)
        doc = api.get("/api/v1/export").json()
        names = ("tampon", "cotton_swab", "finger", "gyn_exam", "dilator", "intercourse")
        t0 = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)
        for i in range(620):  # several in each second, as quick saves are
            items = {k: {"anxiety": None, "pain": None, "not_tried": False} for k in names}
            items["finger"] = {"anxiety": i % 11, "pain": i // 11 % 11, "not_tried": False}
            t = t0 + timedelta(seconds=i // 3)
            doc["ladder"].append({"taken_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "items": items})
        doc["ladder"].reverse()  # newest first, as Pace writes it
        r = api.post_json("/api/v1/import", doc)
        assert r.status == 200 and r.json()["added"]["ladder"] == 620, r

        first = api.get("/api/v1/ladder").json()
        assert len(first["entries"]) == 50 and first["next_cursor"], first.keys()
        assert first["due"] is True  # her latest is long ago
        seen, cursor, pages = [], None, 0
        while True:
            q = "/api/v1/ladder?limit=200" + (f"&cursor={cursor}" if cursor else "")
            body = api.get(q).json()
            seen += body["entries"]
            pages += 1
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert pages == 4 and len(seen) == 620
        assert len({e["id"] for e in seen}) == 620
        keys = [(e["taken_at"], e["id"]) for e in seen]
        assert keys == sorted(keys, reverse=True)
        assert seen[:50] == first["entries"]
        # A period, paged too.
        frm, to = "2025-03-01T08:01:00Z", "2025-03-01T08:02:00Z"
        got, cursor = [], None
        while True:
            q = f"/api/v1/ladder?from={frm}&to={to}&limit=25" + (f"&cursor={cursor}"
                                                                  if cursor else "")
            body = api.get(q).json()
            got += body["entries"]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert len(got) == 180 and all(frm <= e["taken_at"] < to for e in got)
        for q, field in (("limit=0", "limit"), ("limit=201", "limit"), ("limit=x", "limit"),
                         ("cursor=nope", "cursor"), ("from=yesterday", "from"),
                         ("to=2025-13-01T00:00:00Z", "to")):
            assert_422(api.get(f"/api/v1/ladder?{q}"), field)


def test_ladder_refuses_bad_answers_with_the_field():
    with Server() as srv:
        _, api, _ = member(srv)
        cases = [
            ({"items": {"finger": {"pain": 11}}}, "items.finger.pain"),
            ({"items": {"finger": {"anxiety": -1}}}, "items.finger.anxiety"),
            ({"items": {"finger": {"pain": "2"}}}, "items.finger.pain"),
            ({"items": {"dilator": {"not_tried": True, "pain": 3}}}, "items.dilator.pain"),
            ({"items": {"dilator": {"not_tried": "yes"}}}, "items.dilator.not_tried"),
            ({"items": {"dilator": {"fear": 3}}}, "items.dilator.fear"),
            ({"items": {"cup": {"pain": 1}}}, "items.cup"),
            ({"items": {}}, "items"),
            ({"items": {"finger": {}}}, "items"),
            ({}, "items"),
            ({"items": {"finger": {"pain": 1}}, "when": "now"}, "when"),
        ]
        for body, field in cases:
            assert_422(post_ladder(api, body), field)
        r = post_ladder(api, "{not json")
        assert r.status == 400 and r.json()["field"] is None, r
        r = api.request("POST", "/api/v1/ladder", body="{}",
                        headers={"Content-Type": "text/plain"})
        assert r.status == 400, r
        assert api.get("/api/v1/ladder").json()["entries"] == []  # nothing was saved
        assert Client(srv).get("/api/v1/ladder").status == 401
        assert Client(srv).get("/api/v1/exam-prep").status == 401


def test_ladder_page_without_javascript():
    with Server() as srv:
        c, api, _ = member(srv)
        page = c.get("/ladder")
        assert page.status == 200
        html = page.text
        # every item a compact row: eleven anxiety choices, eleven pain choices
        # and "not tried", each as one list (not 132 buttons on one page)
        for item in ("tampon", "cotton_swab", "finger", "gyn_exam", "dilator", "intercourse"):
            for name, extra in ((f"anxiety_{item}", False), (f"pain_{item}", True)):
                m = re.search(rf'<select id="f-{name}" name="{name}"[^>]*>(.*?)</select>', html,
                              re.S)
                assert m, name
                assert len(re.findall(r'<option value="\d+"', m.group(1))) == 11
                assert ('<option value="not_tried"' in m.group(1)) == extra
        assert 'type="radio"' not in html.split("<main", 1)[1]
        assert "<script" not in html.split("</head>")[1]  # the form needs no script
        r = c.post("/ladder", {"csrf": csrf(html), "anxiety_finger": "3", "pain_finger": "2",
                               "anxiety_gyn_exam": "7", "pain_gyn_exam": "not_tried"})
        assert r.status == 303 and r.header("Location") == "/ladder?done=saved", r
        page = c.get("/ladder?done=saved").text
        assert 'role="status"' in page
        assert "3 / 2" in page and "anxiety 7, pain not tried yet" in page
        got = api.get("/api/v1/ladder").json()["entries"][0]["items"]
        assert got["finger"] == {"anxiety": 3, "pain": 2, "not_tried": False}
        assert got["gyn_exam"] == {"anxiety": 7, "pain": None, "not_tried": True}

        # nothing chosen, or a value no button sends: 422, her choices kept
        r = c.post("/ladder", {"csrf": csrf(page)})
        assert r.status == 422 and 'href="#f-items"' in r.text, r
        r = c.post("/ladder", {"csrf": csrf(page), "anxiety_tampon": "5", "pain_tampon": "12"})
        assert r.status == 422 and 'href="#f-pain_tampon"' in r.text
        assert 'id="e-pain_tampon"' in r.text
        assert re.search(r'name="anxiety_tampon"[^>]*>.*?<option value="5" selected>', r.text,
                         re.S)
        assert len(api.get("/api/v1/ladder").json()["entries"]) == 1
        # a form without its CSRF token changes nothing
        r = c.post("/ladder", {"anxiety_finger": "1"})
        assert r.status == 403
        assert Client(srv).get("/ladder").status == 303  # signed out: to the login


def test_ladder_is_hers_alone_and_sealed_at_rest():
    with Server() as srv:
        _, ann, _ = member(srv)
        _, bea, _ = member(srv)
        assert post_ladder(ann, {"items": {"intercourse": {"anxiety": 9, "pain": 7}}}).status \
            == 201
        assert bea.get("/api/v1/ladder").json()["entries"] == []
        assert bea.get("/api/v1/ladder").json()["due"] is True
        prep = bea.get("/api/v1/exam-prep").json()
        assert prep["ladder"]["taken_at"] is None
        # no answer lies in the database file in the clear
        raw = harness.db_bytes(srv.data)
        assert b"anxiety" not in raw and b"not_tried" not in raw


# ---- exam preparation -----------------------------------------------------------

def test_exam_plan_follows_her_data():
    with Server() as srv:
        c, api, _ = member(srv)
        plan = api.get("/api/v1/exam-prep").json()
        assert [q["key"] for q in plan["requests"]] == ["slow", "explain", "mirror", "guide",
                                                        "stop_word", "small_speculum"]
        assert plan["stop_word"] is None
        assert all(len(q["text"]) > 20 for q in plan["requests"])
        assert plan["bring"]["source"] == "none" and plan["bring"]["text"] is None
        assert plan["speculum"]["blade_width_mm"] == 20
        assert plan["ladder"]["taken_at"] is None

        assert api.request("PUT", "/api/v1/kit", body=json.dumps(
            {"items": ["fms-16", "fms-18", "fms-20"]}),
            headers={"Content-Type": "application/json"}).status == 200
        bring = api.get("/api/v1/exam-prep").json()["bring"]
        assert bring["source"] == "smallest_in_kit" and bring["dilator_id"] == "fms-16"
        assert bring["diameter_mm"] == 16 and bring["label"] == "FMS 16"
        assert "smallest" in bring["why"]

        # a comfortable session at 18 mm, then a newer painful one at 20 mm
        ok = api.post_json("/api/v1/sessions", session(started_at=ago(days=2)))
        assert ok.status == 201, ok
        assert api.post_json("/api/v1/sessions", session(
            started_at=ago(hours=5), dilator_id="fms-20", max_pain=6,
            after={"fear": 4, "tension": 4, "pain": 5})).status == 201
        assert api.post_json("/api/v1/sessions", session(
            started_at=ago(hours=1), dilator_id="fms-20", outcome="stopped",
            max_pain=1)).status == 201
        bring = api.get("/api/v1/exam-prep").json()["bring"]
        assert bring["source"] == "recent_session" and bring["dilator_id"] == "fms-18"
        assert bring["session"]["id"] == ok.json()["id"] and bring["session"]["pain"] == 2
        assert bring["text"] == "FMS 18 (18 mm)"

        assert post_ladder(api, {"items": {"gyn_exam": {"anxiety": 6, "pain": 4}}}).status \
            == 201
        plan = api.get("/api/v1/exam-prep").json()
        assert plan["ladder"]["anxiety"] == 6 and plan["ladder"]["pain"] == 4
        assert "anxiety 6 of 10, pain 4 of 10" in plan["ladder"]["text"]
        assert "18 mm" in plan["speculum"]["text"]

        page = c.get("/exam-prep")
        assert page.status == 200
        text = page.text
        for q in plan["requests"]:
            assert q["text"].replace("'", "&#39;") in text
        assert "FMS 18 (18 mm)" in text and "anxiety 6 of 10, pain 4 of 10" in text
        assert "Our stop word:" in text
        # the Print button comes from a script file, never inline script
        assert re.search(r'<script src="/static/print\.js\?v=[0-9a-f]+" defer></script>', text)
        assert "onclick" not in text and "style=" not in text
        js = c.get("/static/print.js")
        assert js.status == 200 and "window.print" in js.text


# ---- reminders and the calendar feed ----------------------------------------------

def test_reminders_make_a_private_feed():
    with Server() as srv:
        c, _, _ = member(srv)
        page = c.get("/reminders").text
        assert 'value="Time for me"' in page  # a neutral default title
        r = reminders_post(c, [("day", "mon"), ("day", "thu"), ("time", "07:45"),
                               ("tz", "Europe/Berlin"), ("title", "Tea, then; me\\")])
        assert r.status == 200, r
        url = re.search(FEED_RE, r.text).group(1)
        assert url.startswith(f"http://127.0.0.1:{srv.port}/cal/")
        assert "webcal://" in r.text
        path = feed_path(r.text)

        stranger = Client(srv)  # no cookie at all: the address is the key
        feed = stranger.get(path)
        assert feed.status == 200, feed
        assert feed.header("Content-Type") == "text/calendar; charset=utf-8"
        assert feed.header("Set-Cookie") is None
        body = feed.body.decode("utf-8")
        assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
        assert re.sub(r"\r\n", "", body).count("\n") == 0  # CRLF only
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
        assert "\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\n" in body
        # her time in her zone (test_reminder_tz.py expands it across clock changes)
        assert re.search(r"\r\nDTSTART;TZID=Europe/Berlin:\d{8}T074500\r\n", body)
        assert "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" in body
        assert "\r\nSUMMARY:Tea\\, then\\; me\\\\\r\n" in body
        for word in ("dilator", "therap", "practi", "pain", "Pace\r"):
            assert word not in body, word
        assert stranger.request("HEAD", path).status == 200

        # the link is shown once: later visits say it exists, not what it is
        later = c.get("/reminders").text
        assert not re.search(FEED_RE, later) and "/cal/" not in later
        assert "Next reminder:" in later

        # changing the schedule keeps the address, and the feed follows
        r = reminders_post(c, [("day", "sun"), ("time", "21:00"), ("title", "Quiet time")])
        assert r.status == 303 and r.header("Location") == "/reminders?done=saved"
        body = stranger.get(path).text
        assert "BYDAY=SU\r\n" in body and "SUMMARY:Quiet time\r\n" in body
        assert re.search(r"\r\nDTSTART;TZID=Europe/Berlin:\d{8}T210000\r\n", body)

        # a new link replaces the old one
        r = c.post("/reminders/link", {"csrf": c.csrf_for("/reminders")})
        assert r.status == 200
        new_path = feed_path(r.text)
        assert new_path != path
        assert stranger.get(path).status == 404
        assert stranger.get(new_path).status == 200

        # turned off: 404, and the schedule stays for a new link later
        r = c.post("/reminders/link/revoke", {"csrf": c.csrf_for("/reminders")})
        assert r.status == 303 and r.header("Location") == "/reminders?done=off"
        assert stranger.get(new_path).status == 404
        page = c.get("/reminders?done=off").text
        assert "Next reminder:" not in page and 'value="Quiet time"' in page
        r = c.post("/reminders/link", {"csrf": c.csrf_for("/reminders")})
        assert stranger.get(feed_path(r.text)).status == 200


def test_feed_addresses_that_are_not_live_are_not_found():
    with Server() as srv:
        c = Client(srv)
        for p in ("/cal/x.ics", "/cal/" + "A" * 43 + ".ics", "/cal/" + "A" * 43,
                  "/cal/" + "A" * 43 + ".ical", "/cal/" + "A" * 44 + ".ics", "/cal/"):
            assert c.get(p).status == 404, p
        assert c.request("POST", "/cal/" + "A" * 43 + ".ics",
                         headers={"Content-Type": "text/plain"}).status == 405


def test_reminder_form_checks_with_the_field():
    with Server() as srv:
        c, _, _ = member(srv)
        cases = [
            ([("time", "19:30"), ("title", "Me")], "days"),
            ([("day", "mon"), ("day", "someday"), ("time", "19:30"), ("title", "Me")], "days"),
            ([("day", "mon"), ("time", "25:00"), ("title", "Me")], "time"),
            ([("day", "mon"), ("time", ""), ("title", "Me")], "time"),
            ([("day", "mon"), ("time", "19:30"), ("title", "   ")], "title"),
            ([("day", "mon"), ("time", "19:30"), ("title", "x" * 61)], "title"),
            ([("day", "mon"), ("time", "19:30"), ("title", "Me"), ("tz", "Nowhere/Else")], "tz"),
            ([("day", "mon"), ("time", "19:30"), ("title", "Me"), ("tz", "")], "tz"),
        ]
        for fields, field in cases:
            r = reminders_post(c, fields)
            assert r.status == 422, (fields, r)
            assert f'href="#f-{field}"' in r.text, (field, r.text[:2000])
            assert "/cal/" not in r.text
        # nothing was set, so there is no link either
        assert "Your calendar link" not in c.get("/reminders").text
        # another person's link controls do nothing to hers
        ok = reminders_post(c, [("day", "tue"), ("time", "08:00"), ("title", "Me time")])
        path = feed_path(ok.text)
        other, _, _ = member(srv)
        r = other.post("/reminders/link/revoke", {"csrf": other.csrf_for("/reminders")})
        assert r.status == 303
        assert Client(srv).get(path).status == 200
        # the title is sealed at rest, and only the token's hash is kept
        raw = harness.db_bytes(srv.data)
        assert b"Me time" not in raw
        assert path[5:-4].encode() not in raw
