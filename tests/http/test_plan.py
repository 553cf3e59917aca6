"""Her plan through the JSON API, the pages and the CLI: the recommendation
moves from "stay" to "try_next" after three comfortable sessions, with its
reasons, rules, sources and sessions; the program and goals round trip;
every refusal names its field (422); nobody sees or changes another
person's plan; /today and /plan work without JavaScript; pace recommend."""

import json
import re
from datetime import datetime, timedelta, timezone

import harness  # noqa: E402
from harness import Client, Server, assert_one_sentence, csrf, new_email, register, run_pace


def ago(**kw):
    t = harness.now_dt().replace(microsecond=0) - timedelta(**kw)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def comfy(dilator="fms-18", **kw):
    """A completed session that counts as comfortable under the defaults."""
    return {
        "started_at": ago(**(kw or {"hours": 2})),
        "duration_s": 600,
        "dilator_id": dilator,
        "temperature": "warm",
        "lubricant": "water_based",
        "exercises": ["breathing", "flexibilization"],
        "before": {"fear": 3, "tension": 3, "pain": 0},
        "after": {"fear": 1, "tension": 1, "pain": 1},
        "max_pain": 2,
        "spasms": [],
        "outcome": "completed",
        "safety": [],
    }


class User:
    """An account with an API token (and a signed-in browser when web)."""

    def __init__(self, srv, kit=("fms-18", "fms-20", "fms-22"), web=False):
        self.srv = srv
        if web:
            self.browser = Client(srv)
            self.email = register(self.browser)
        else:
            self.email = new_email()
            p = run_pace("user", "add", "--email", self.email, "--password-stdin", "--data",
                         srv.data, input="a long enough password\n")
            assert p.returncode == 0, p.stderr
        p = run_pace("token", "create", "--email", self.email, "--data", srv.data)
        assert p.returncode == 0, p.stderr
        self.api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        if kit:
            r = self.put("/api/v1/kit", {"items": list(kit)})
            assert r.status == 200, r

    def put(self, path, obj):
        raw = obj if isinstance(obj, str) else json.dumps(obj)
        return self.api.request("PUT", path, body=raw,
                                headers={"Content-Type": "application/json"})

    def get(self, path):
        r = self.api.get(path)
        assert r.status == 200, r
        return r.json()

    def log(self, **kw):
        r = self.api.post_json("/api/v1/sessions", comfy(**kw))
        assert r.status == 201, r
        return r.json()["id"]


def assert_422(r, field):
    assert r.status == 422, r
    body = r.json()
    assert set(body) == {"error", "field"}, body
    assert isinstance(body["error"], str) and len(body["error"]) > 10, body
    assert body["field"] == field, body


def test_recommendation_moves_up_after_three_comfortable_sessions():
    with Server() as srv:
        u = User(srv)
        rec = u.get("/api/v1/recommendation")
        assert rec["action"] == "stay"
        assert rec["dilator_id"] == "fms-18" and rec["diameter_mm"] == 18
        assert rec["minutes"] == 10
        assert rec["exercises"] == ["breathing", "relaxation", "flexibilization"]
        ids = [u.log(hours=h) for h in (50, 26, 2)]
        rec = u.get("/api/v1/recommendation")
        assert rec["action"] == "try_next", rec
        assert rec["dilator_id"] == "fms-20" and rec["diameter_mm"] == 20
        assert len(rec["reasons"]) == 1
        reason = rec["reasons"][0]
        assert set(reason) >= {"rule", "text", "source", "sessions"}
        assert reason["rule"] == "comfort_sessions"
        assert reason["value"] == 3 and reason["adjusted"] is False
        assert reason["source"].startswith("Pace default")
        assert sorted(reason["sessions"]) == sorted(ids)
        assert "18 mm" in reason["text"] and "20 mm" in reason["text"]
        assert rec["comfortable_mm"] == 18
        assert rec["this_week"]["planned"] == 4
        assert "this week" in rec["this_week"]["text"]
        assert "streak" not in json.dumps(rec).lower()

        # Her adjusted rule changes the suggestion, and the reason says so.
        r = u.put("/api/v1/program", {"program": "vaginismus", "params": {"comfort_sessions": 4}})
        assert r.status == 200, r
        rec = u.get("/api/v1/recommendation")
        assert rec["action"] == "stay"
        assert rec["reasons"][0]["adjusted"] is True
        assert rec["reasons"][0]["source"] == "Adjusted in your plan"

        # A program that keeps her size never moves up; one without a dilator has no size.
        assert u.put("/api/v1/program", {"program": "maintenance-stents"}).status == 200
        rec = u.get("/api/v1/recommendation")
        assert rec["action"] == "stay" and rec["dilator_id"] == "fms-18"
        assert u.put("/api/v1/program", {"program": "pelvic-floor-relaxation"}).status == 200
        rec = u.get("/api/v1/recommendation")
        assert rec["dilator_id"] is None and rec["diameter_mm"] is None
        assert rec["exercises"] == ["breathing", "relaxation", "body_awareness"]


def test_safety_comes_first_in_the_recommendation():
    with Server() as srv:
        u = User(srv)
        u.log(hours=30)
        s = comfy(hours=1)
        s.update(outcome="not_today", dilator_id=None, safety=["bleeding"], after=None,
                 max_pain=None)
        r = u.api.post_json("/api/v1/sessions", s)
        assert r.status == 201, r
        rec = u.get("/api/v1/recommendation")
        assert rec["action"] == "see_clinician"
        assert rec["dilator_id"] is None
        assert rec["reasons"][0]["sessions"] == [r.json()["id"]]
        assert rec["reasons"][0]["rule"] == "safety" and rec["reasons"][0]["value"] is None
        assert rec["reasons"][0]["source"].startswith("Safety guidance")


def test_program_round_trip_and_refusals():
    with Server() as srv:
        u = User(srv)
        got = u.get("/api/v1/program")
        assert got["program"] == "vaginismus" and got["chosen"] is False
        assert got["params"] == {}
        assert got["dilator_use"] == "progress"
        assert {p["id"] for p in got["programs"]} == {
            "vaginismus", "maintenance-stents", "radiotherapy", "vaginoplasty",
            "pelvic-floor-relaxation"}
        rules = {x["name"]: x for x in got["rules"]}
        assert rules["comfort_pain_max"]["value"] == 3
        assert rules["comfort_pain_max"]["min"] == 0 and rules["comfort_pain_max"]["max"] == 4
        assert got["phase"]["sessions_per_week"] == 4

        sent = {"program": "radiotherapy", "started_at": "2026-01-05T00:00:00Z",
                "params": {"comfort_pain_max": 2, "minutes": 15}}
        r = u.put("/api/v1/program", sent)
        assert r.status == 200, r
        got = u.get("/api/v1/program")
        assert {k: got[k] for k in sent} == sent
        assert got["chosen"] is True
        rules = {x["name"]: x for x in got["rules"]}
        assert rules["minutes"]["value"] == 15 and rules["minutes"]["adjusted"] is True
        assert rules["comfort_pain_max"]["source"] == "Adjusted in your plan"

        # Without started_at the same program keeps its start.
        assert u.put("/api/v1/program", {"program": "radiotherapy"}).status == 200
        got = u.get("/api/v1/program")
        assert got["started_at"] == "2026-01-05T00:00:00Z" and got["params"] == {}

        assert_422(u.put("/api/v1/program", {"program": "nope"}), "program")
        assert_422(u.put("/api/v1/program", {"program": "vaginismus", "extra": 1}), "extra")
        assert_422(u.put("/api/v1/program", {"program": "vaginismus", "started_at": "soon"}),
                   "started_at")
        assert_422(u.put("/api/v1/program", {"program": "vaginismus",
                                             "params": {"comfort_pain_max": 5}}),
                   "params.comfort_pain_max")
        assert_422(u.put("/api/v1/program", {"program": "vaginismus",
                                             "params": {"comfort_pain_max": "2"}}),
                   "params.comfort_pain_max")
        assert_422(u.put("/api/v1/program", {"program": "vaginismus", "params": {"x": 1}}),
                   "params.x")
        assert_422(u.put("/api/v1/program", {"program": "vaginoplasty",
                                             "params": {"max_per_day": 1}}),
                   "params.max_per_day")
        r = u.put("/api/v1/program", "{not json")
        assert r.status == 400, r
        # Nothing of the refused ones was kept.
        assert u.get("/api/v1/program")["program"] == "radiotherapy"


def test_goals_round_trip_progress_and_refusals():
    with Server() as srv:
        u = User(srv)
        got = u.get("/api/v1/goals")
        assert got["goals"] == [] and got["comfortable_mm"] is None
        assert [g["goal"] for g in got["available"]] == [
            "tampon", "menstrual-cup", "vaginal-cream", "gynaecological-exam", "intercourse"]

        r = u.put("/api/v1/goals", {"goals": [
            {"goal": "tampon"},
            {"goal": "intercourse"},
            {"goal": "custom", "label": "Swimming lessons", "min_mm": 21, "max_mm": 23},
        ]})
        assert r.status == 200, r
        goals = r.json()["goals"]
        assert [g["goal"] for g in goals] == ["tampon", "intercourse", "custom"]
        assert goals[2]["label"] == "Swimming lessons" and goals[2]["max_mm"] == 23
        assert all(g["progress"]["position"] == "unknown" for g in goals)

        u.log(hours=3)
        goals = u.get("/api/v1/goals")["goals"]
        tampon, sex, own = goals
        assert tampon["progress"]["position"] == "within"
        assert tampon["progress"]["offer_reached"] is True
        assert sex["progress"] == {"position": "below", "near_mm": 16, "far_mm": 23,
                                   "text": sex["progress"]["text"], "offer_reached": False}
        assert "16 to 23 mm" in sex["progress"]["text"]
        assert own["progress"]["position"] == "below" and own["progress"]["near_mm"] == 3

        # Mark the tampon reached and rename her own goal, keeping its row.
        when = ago(hours=1)
        r = u.put("/api/v1/goals", {"goals": [
            {"goal": "tampon", "achieved_at": when},
            {"goal": "custom", "id": own["id"], "label": "Swimming", "min_mm": 21,
             "max_mm": 24},
        ]})
        assert r.status == 200, r
        goals = r.json()["goals"]
        assert [g["id"] for g in goals] == [tampon["id"], own["id"]]
        assert goals[0]["achieved_at"] == when
        assert goals[0]["chosen_at"] == tampon["chosen_at"]
        assert goals[0]["progress"]["offer_reached"] is False
        assert goals[1]["label"] == "Swimming"

        before = u.get("/api/v1/goals")["goals"]
        for body, field in [
            ({"goals": [{"goal": "unicorn"}]}, "goals[0].goal"),
            ({"goals": [{"goal": "tampon"}, {"goal": "tampon"}]}, "goals[1].goal"),
            ({"goals": [{"goal": "custom", "label": "", "min_mm": 1, "max_mm": 2}]},
             "goals[0].label"),
            ({"goals": [{"goal": "custom", "label": "x", "min_mm": 30, "max_mm": 20}]},
             "goals[0].max_mm"),
            ({"goals": [{"goal": "custom", "label": "x", "min_mm": 0.5, "max_mm": 2}]},
             "goals[0].min_mm"),
            ({"goals": [{"goal": "tampon", "achieved_at": "2999-01-01T00:00:00Z"}]},
             "goals[0].achieved_at"),
            ({"goals": [{"goal": "tampon", "note": "x"}]}, "goals[0].note"),
            ({"goals": [], "more": True}, "goals"),
            ({"goals": [{"goal": "custom", "id": 999999, "label": "x", "min_mm": 1,
                         "max_mm": 2}]}, "goals[0].id"),
        ]:
            assert_422(u.put("/api/v1/goals", body), field)
        assert u.get("/api/v1/goals")["goals"] == before


def test_plans_are_hers_alone():
    with Server() as srv:
        ann, bea = User(srv), User(srv)
        ann.log(hours=5)
        assert ann.put("/api/v1/program", {"program": "radiotherapy"}).status == 200
        r = ann.put("/api/v1/goals", {"goals": [
            {"goal": "custom", "label": "Ann's secret", "min_mm": 10, "max_mm": 12}]})
        assert r.status == 200
        anns = r.json()["goals"][0]["id"]
        assert bea.get("/api/v1/program")["program"] == "vaginismus"
        assert bea.get("/api/v1/goals")["goals"] == []
        rec = bea.get("/api/v1/recommendation")
        assert rec["reasons"][0]["sessions"] == []
        assert rec["comfortable_mm"] is None
        # Ann's goal id means nothing to Bea.
        assert_422(bea.put("/api/v1/goals", {"goals": [
            {"goal": "custom", "id": anns, "label": "Mine now", "min_mm": 10, "max_mm": 12}]}),
            "goals[0].id")
        assert ann.get("/api/v1/goals")["goals"][0]["label"] == "Ann's secret"
        # Nor may Bea mark it reached through the page.
        b = Client(srv)
        register(b)
        r = b.post(f"/plan/goals/{anns}/reached",
                   {"csrf": b.csrf_for("/plan"), "reached": "1", "back": "/plan"})
        assert r.status == 404, r
        assert ann.get("/api/v1/goals")["goals"][0]["achieved_at"] is None
        # Without a token, nothing.
        for path in ("/api/v1/recommendation", "/api/v1/program", "/api/v1/goals"):
            assert Client(srv).get(path).status == 401
        # Ann's goal name is sealed in the database file.
        assert b"Ann's secret" not in harness.db_bytes(srv.data)


def test_today_is_home_and_changes_with_her_sessions():
    with Server() as srv:
        u = User(srv, web=True)
        c = u.browser
        # A new account goes to its first run from "/"; /today greets her as new.
        home = c.get("/")
        assert home.status == 303 and home.header("Location") == "/welcome"
        home = c.get("/today")
        assert home.status == 200
        assert "Welcome to Pace" in home.text and "Next time: 18 mm" in home.text
        assert "Welcome back" not in home.text
        today = c.get("/today")
        assert today.status == 200 and "Next time: 18 mm" in today.text
        assert 'href="/practice?dilator=fms-18&amp;minutes=10"' in today.text
        assert 'aria-current="page"' in today.text and "style=" not in today.text
        assert "You have not logged practice this week so far." in today.text
        ids = [u.log(hours=h) for h in (50, 26, 2)]
        page = c.get("/today").text
        assert "When you feel ready: 20 mm" in page
        assert 'href="/practice?dilator=fms-20&amp;minutes=10"' in page
        for i in ids:
            assert f'href="/sessions/{i}"' in page
        # Her screen says what and why in plain words; the rules, their
        # numbers and sources are on "How Pace decides", one tap away.
        assert "Welcome back" in page
        assert "Rule:" not in page and "Source:" not in page and "Pace default" not in page
        assert '<details class="today-why"><summary>Why this?</summary>' in page
        assert 'href="/plan/rules"' in page
        rules = c.get("/plan/rules").text
        assert "Comfortable sessions before trying the next size" in rules
        assert "Pace default" in rules and "comfort_sessions" in rules
        assert "streak" not in page.replace("There is no streak to keep", "")

        # The suggestion travels into the guided session's check-in.
        r = c.get("/practice?dilator=fms-20&minutes=12")
        assert r.status == 200
        assert '<input type="hidden" name="dilator" value="fms-20">' in r.text
        fields = {"csrf": csrf(r.text), "event": "checkin", "fear": "2", "tension": "2",
                  "pain": "0", "dilator": "fms-20", "minutes": "12"}
        r = c.post("/practice", fields)
        assert r.status == 303, r
        prep = c.get("/practice").text
        assert re.search(r'value="fms-20"[^>]*checked', prep), "fms-20 is not preselected"
        assert 'name="minutes" type="number"' in prep and 'value="12"' in prep
        # With a session under way, /today offers to continue it.
        assert "Continue your session" in c.get("/today").text


def test_plan_page_saves_program_and_goals_without_javascript():
    with Server() as srv:
        u = User(srv, web=True)
        c = u.browser
        page = c.get("/plan")
        assert page.status == 200 and "style=" not in page.text
        token = csrf(page.text)
        fields = [("csrf", token), ("program", "vaginoplasty"), ("started_at", "2026-03-02"),
                  ("rule_minutes", "12"), ("goal", "tampon"), ("goal", "gynaecological-exam"),
                  ("own_label", "Horse riding"), ("own_min", "20"), ("own_max", "25,5")]
        r = c.post("/plan", fields)
        assert r.status == 303 and r.header("Location") == "/plan?done=saved", r
        got = u.get("/api/v1/program")
        assert got["program"] == "vaginoplasty" and got["params"] == {"minutes": 12}
        assert got["started_at"].startswith("2026-03-0")
        goals = u.get("/api/v1/goals")["goals"]
        assert [g["goal"] for g in goals] == ["tampon", "gynaecological-exam", "custom"]
        assert goals[2]["max_mm"] == 25.5
        page = c.get("/plan?done=saved").text
        assert "Your plan is saved." in page and "Horse riding" in page

        # Refusals name the field, keep what she typed, and change nothing.
        bad = [("csrf", token), ("program", "vaginoplasty"), ("started_at", "2026-03-02"),
               ("rule_max_per_day", "1"), ("goal", "tampon")]
        r = c.post("/plan", bad)
        assert r.status == 422 and 'href="#f-rule_max_per_day"' in r.text, r
        assert 'value="1"' in r.text
        r = c.post("/plan", [("csrf", token), ("program", "vaginismus"),
                             ("started_at", "2026-03-02"), ("own_label", "x"),
                             ("own_min", "9"), ("own_max", "")])
        assert r.status == 422 and 'href="#f-own_max"' in r.text, r
        r = c.post("/plan", [("csrf", token), ("program", "vaginismus"), ("started_at", "")])
        assert r.status == 422 and 'href="#f-started_at"' in r.text, r
        assert u.get("/api/v1/program")["program"] == "vaginoplasty"

        # Keeping her own goal by its box, and marking the tampon reached.
        own = goals[2]["id"]
        r = c.post(f"/plan/goals/{goals[0]['id']}/reached",
                   {"csrf": token, "reached": "1", "back": "/today"})
        assert r.status == 303 and r.header("Location").startswith("/today?done=reached"), r
        assert u.get("/api/v1/goals")["goals"][0]["achieved_at"] is not None
        assert "You reached this on" in c.get("/plan").text
        r = c.post("/plan", [("csrf", token), ("program", "vaginismus"),
                             ("started_at", "2026-03-02"), ("goal", "tampon"),
                             ("own", str(own))])
        assert r.status == 303, r
        goals = u.get("/api/v1/goals")["goals"]
        assert [g["goal"] for g in goals] == ["tampon", "custom"]
        assert goals[0]["achieved_at"] is not None and goals[1]["id"] == own


def test_cli_recommend():
    with Server() as srv:
        u = User(srv)
        ids = [u.log(hours=h) for h in (50, 26, 2)]
        p = run_pace("recommend", "--email", u.email, "--data", srv.data)
        assert p.returncode == 0, p.stderr
        assert "action:    try_next" in p.stdout
        assert "dilator:   fms-20 (20 mm)" in p.stdout
        assert "rule: comfort_sessions = 3 (Pace default" in p.stdout
        for i in ids:
            assert i in p.stdout
        p = run_pace("recommend", "--email", "nobody@example.org", "--data", srv.data)
        assert p.returncode == 1
        assert_one_sentence(p.stderr)
        p = run_pace("recommend", "--data", srv.data)
        assert p.returncode == 2
        assert_one_sentence(p.stderr)
        p = run_pace("recommend", "--email", u.email, "--tz", "abc", "--data", srv.data)
        assert p.returncode == 2


def test_relaxation_program_starts_a_session_without_a_dilator():
    with Server() as srv:
        u = User(srv, web=True)
        assert u.put("/api/v1/program", {"program": "pelvic-floor-relaxation"}).status == 200
        page = u.browser.get("/today")
        assert page.status == 200, page
        assert 'href="/practice?dilator=none&amp;minutes=' in page.text
        # Its sessions have no dilator and no size, and count as practice
        # (a minute ago: still this week at every instant the clock suite uses).
        s = comfy(minutes=1)
        s.update(dilator_id=None)
        r = u.api.post_json("/api/v1/sessions", s)
        assert r.status == 201, r
        assert r.json()["dilator_id"] is None and r.json()["diameter_mm"] is None
        rec = u.get("/api/v1/recommendation")
        assert rec["dilator_id"] is None
        assert rec["this_week"]["practised"] >= 1, rec["this_week"]
