"""test_core_loop.py - the core loop through the front ends a person uses:
sessions logged with the quick log, the edit form and the guided session
move the suggestion from "stay" to "try the next size"; a hard check-in, a
check-out with bleeding, the adjustable device's size, and safety stops
nobody can loosen. Forms are filled as a browser fills them (their defaults,
then what she changes), on a clock the test moves by hand.
"""

import json
import re

import harness  # noqa: E402
from harness import (Client, FileClock, Server, browser_submit, page_form, fill_form, login,
                     register, run_pace)

HOUR = 3600
DAY = 86400


def recommendation(c):
    """The suggestion as /today shows it, from the API of the same account."""
    r = c.get("/api/v1/recommendation")
    assert r.status == 200, r
    return r.json()


class Person:
    """A signed-in browser and a bearer token for the same account."""

    def __init__(self, srv, kit=("fms-16", "fms-18", "fms-20"), env=None):
        self.srv = srv
        self.web = Client(srv)
        self.email = register(self.web)
        p = run_pace("token", "create", "--email", self.email, "--data", srv.data, env=env)
        assert p.returncode == 0, p.stderr
        self.api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        if kit:
            r = browser_submit(self.web, "/kit", "/kit", {"item": list(kit)})
            assert r.status == 303, r

    def next_day(self, clock, days=1):
        """A day later she opens Pace again (signed out after the idle time)."""
        clock.advance(days * DAY)
        self.web = Client(self.srv)
        r = login(self.web, self.email)
        assert r.status == 303, r

    def rec(self):
        return recommendation(self.api)

    def quick_log(self, changes=None):
        r = browser_submit(self.web, "/sessions/new", "/sessions/new", changes)
        assert r.status == 303, (r.status, harness.alert(r.text))
        return r

    def step(self, event, changes=None):
        """Posts the current guided step's form with event pressed."""
        page = self.web.get("/practice")
        assert page.status == 200, page
        form = page_form(page.text, "/practice")
        r = self.web.post("/practice", fill_form(form, changes, ("event", event)))
        assert r.status in (303, 422), r
        return r

    def guided(self, clock, checkout=None, prepare=None, minutes=10):
        """A whole guided session with her defaults; returns the summary's path."""
        r = self.step("checkin", {"fear": 2, "tension": 2, "pain": 0})
        assert r.status == 303 and r.header("Location") == "/practice", r
        assert self.web.get("/practice").text.count('data-step="prepare"') == 1
        assert self.step("prepared", prepare).status == 303
        clock.advance(120)
        assert self.step("relaxed").status == 303
        clock.advance(minutes * 60)
        assert self.step("done").status == 303
        answers = {"fear": 1, "tension": 1, "pain": 1, "max_pain": 2}
        answers.update(checkout or {})
        r = self.step("checkout", answers)
        assert r.status == 303, (r.status, harness.alert(r.text))
        loc = r.header("Location")
        assert loc.startswith("/practice/done/"), loc
        return loc


def test_quick_logs_with_movement_move_the_suggestion_on():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            for day in range(3):
                assert her.rec()["action"] == "stay", her.rec()
                her.quick_log({"dilator_id": "fms-18", "pain": 1, "fear": 1, "tension": 1})
                her.next_day(clock)
            rec = her.rec()
            assert rec["action"] == "try_next" and rec["dilator_id"] == "fms-20", rec
            # /today says it too, and her comfortable size is known.
            today = her.web.get("/today").text
            assert "When you feel ready: 20 mm" in today
            # What she did last time is the default next time.
            form = page_form(her.web.get("/sessions/new").text, "/sessions/new")
            assert ("movement", "moved") in form["fields"], form["fields"]
    finally:
        clock.close()


def test_quick_logs_kept_still_stay_and_the_edit_form_can_say_otherwise():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            for day in range(3):
                her.quick_log({"dilator_id": "fms-18", "pain": 1, "fear": 1, "tension": 1,
                               "movement": "still"})
                her.next_day(clock)
            assert her.rec()["action"] == "stay", her.rec()
            # Next time the form offers what she did last: kept still.
            form = page_form(her.web.get("/sessions/new").text, "/sessions/new")
            assert ("movement", "still") in form["fields"], form["fields"]
            items = her.api.get("/api/v1/sessions").json()["items"]
            assert all("flexibilization" not in s["exercises"] for s in items)
            # She remembers she did move it gently: the edit form says so.
            for s in items:
                r = browser_submit(her.web, f"/sessions/{s['id']}/edit",
                                   f"/sessions/{s['id']}/edit", {"movement": "moved"})
                assert r.status == 303, (r.status, harness.alert(r.text))
            rec = her.rec()
            assert rec["action"] == "try_next" and rec["dilator_id"] == "fms-20", rec
    finally:
        clock.close()


def test_guided_sessions_move_the_suggestion_on():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            for day in range(3):
                assert her.rec()["action"] == "stay", her.rec()
                her.guided(clock, prepare={"dilator_id": "fms-18"})
                her.next_day(clock)
            rec = her.rec()
            assert rec["action"] == "try_next" and rec["dilator_id"] == "fms-20", rec
            items = her.api.get("/api/v1/sessions").json()["items"]
            assert len(items) == 3
            assert all("flexibilization" in s["exercises"] for s in items), items
            # The comfortable size is known to the exam plan too.
            plan = her.api.get("/api/v1/exam-prep").json()
            assert json.dumps(plan).find("18") >= 0, plan
    finally:
        clock.close()


def test_a_guided_session_kept_still_does_not_count():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            for day in range(3):
                her.guided(clock, prepare={"dilator_id": "fms-18"},
                           checkout={"movement": "still"})
                her.next_day(clock)
            assert her.rec()["action"] == "stay"
    finally:
        clock.close()


def test_a_hard_check_in_offers_breathing_or_rest():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            r = her.step("checkin", {"fear": 9, "tension": 9, "pain": 5})
            assert r.status == 303
            page = her.web.get("/practice").text
            assert 'data-step="hard"' in page
            for ev in ("gentle", "rest", "anyway"):
                assert f'value="{ev}"' in page, ev
            # Breathing alone: straight to the pacer, without a dilator.
            her.step("gentle")
            page = her.web.get("/practice").text
            assert 'data-step="relax"' in page
            clock.advance(60)
            her.step("relaxed")
            clock.advance(300)
            her.step("done")
            r = her.step("checkout", {"fear": 5, "tension": 5, "pain": 2})
            assert r.status == 303
            s = her.api.get("/api/v1/sessions").json()["items"][0]
            assert s["dilator_id"] is None and s["outcome"] == "completed", s
            assert "flexibilization" not in s["exercises"]

            # Pain at the stop: no dilator today, and a clinician message.
            her.next_day(clock)
            her.step("checkin", {"fear": 3, "tension": 4, "pain": 9})
            page = her.web.get("/practice").text
            assert 'data-step="hard"' in page
            assert 'value="anyway"' not in page
            assert "talk to a clinician" in page
            r = her.web.post("/practice", fill_form(page_form(page, "/practice"), None,
                                                   ("event", "gentle")))
            assert r.status == 303
            her.web.get("/practice/discard")
            browser_submit(her.web, "/practice/discard", "/practice/discard")
            her.step("checkin", {"fear": 3, "tension": 4, "pain": 9})
            r = her.step("rest")
            loc = r.header("Location")
            assert loc.startswith("/practice/done/")
            done = her.web.get(loc).text
            assert "clinician" in done
            s = her.api.get("/api/v1/sessions").json()["items"][0]
            assert s["outcome"] == "not_today" and s["safety"] == [], s
            rec = her.rec()
            assert rec["action"] == "see_clinician", rec
    finally:
        clock.close()


def test_a_rest_after_a_hard_check_in_is_kind_and_not_a_safety_stop():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            her.step("checkin", {"fear": 9, "tension": 8, "pain": 1})
            r = her.step("rest")
            page = her.web.get(r.header("Location")).text
            assert "Rest today" in page
            assert "urgent care" not in page
            assert her.rec()["action"] != "see_clinician"
    finally:
        clock.close()


def test_bleeding_at_the_check_out_shows_the_clinician_message_at_once():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            loc = her.guided(clock, prepare={"dilator_id": "fms-18"},
                             checkout={"safety": "bleeding"})
            page = her.web.get(loc).text
            assert "Please talk to a clinician" in page and "bleeding" in page
            rec = her.rec()
            assert rec["action"] == "see_clinician", rec
            s = her.api.get("/api/v1/sessions").json()["items"][0]
            assert s["safety"] == ["bleeding"] and s["outcome"] == "completed", s
            today = her.web.get("/today").text
            assert "If you would still like to practise" not in today
    finally:
        clock.close()


def test_severe_pain_in_the_quick_log_shows_the_clinician_message():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            her.quick_log({"dilator_id": "fms-18", "pain": 3, "fear": 2, "tension": 2,
                           "max_pain": 9})
            s = her.api.get("/api/v1/sessions").json()["items"][0]
            assert s["max_pain"] == 9, s
            assert her.rec()["action"] == "see_clinician"
            her.next_day(clock)
            her.quick_log({"dilator_id": "fms-18", "pain": 1, "fear": 1, "tension": 1,
                           "bleeding": "1"})
            s = her.api.get("/api/v1/sessions").json()["items"][0]
            assert s["safety"] == ["bleeding"], s
            assert her.rec()["action"] == "see_clinician"
    finally:
        clock.close()


def test_an_infection_leads_to_a_clinician_without_an_invitation_to_practise():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            r = her.step("checkin", {"fear": 1, "tension": 1, "pain": 0, "safety": "infection"})
            assert r.header("Location").startswith("/practice/done/")
            rec = her.rec()
            assert rec["action"] == "see_clinician", rec
            today = her.web.get("/today").text
            assert "Please talk to a clinician first" in today
            assert "If you would still like to practise" not in today
    finally:
        clock.close()


def test_the_pain_stop_cannot_be_loosened_on_the_plan_page_or_the_api():
    with Server() as srv:
        her = Person(srv)
        r = browser_submit(her.web, "/plan", "/plan", {"rule_clinician_pain": "10"})
        assert r.status == 422, r
        assert "from 4 to 8" in harness.alert(r.text) or "from 4 to 8" in r.text
        r = her.api.request("PUT", "/api/v1/program",
                            body=json.dumps({"program": "vaginismus",
                                             "params": {"clinician_pain": 9}}),
                            headers={"Content-Type": "application/json"})
        assert r.status == 422 and r.json()["field"] == "params.clinician_pain", r
        # Stricter is fine.
        r = browser_submit(her.web, "/plan", "/plan", {"rule_clinician_pain": "6"})
        assert r.status == 303, (r.status, harness.alert(r.text))
        her.quick_log({"dilator_id": "fms-18", "pain": 6, "fear": 2, "tension": 2})
        assert her.rec()["action"] == "see_clinician"


def test_a_stent_is_never_the_next_size():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, kit=("fms-22", "fms-23", "fms-stent-s"), env=clock.env)
            for day in range(3):
                her.quick_log({"dilator_id": "fms-23", "pain": 1, "fear": 1, "tension": 1})
                her.next_day(clock)
            rec = her.rec()
            assert rec["dilator_id"] == "fms-23" and rec["action"] == "stay", rec
    finally:
        clock.close()


MILLI = "milli-adjustable"


def test_the_adjustable_device_keeps_its_size_in_every_front_end():
    """Quick log, guided session, API and CLI store the size she set, and
    the suggestion starts from it."""
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            sizes = {}
            recs = {}
            for way in ("quick", "guided", "api", "cli"):
                her = Person(srv, kit=(MILLI,), env=clock.env)
                if way == "quick":
                    form = page_form(her.web.get("/sessions/new").text, "/sessions/new")
                    assert any(k == "size_milli-adjustable" for k, _ in form["fields"]), form["fields"]
                    her.quick_log({"dilator_id": MILLI, "size_milli-adjustable": "22", "pain": 2,
                                   "fear": 2, "tension": 2})
                elif way == "guided":
                    her.guided(clock, prepare={"dilator_id": MILLI, "size_milli-adjustable": "22"})
                else:
                    body = {"started_at": harness.now_dt().strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "duration_s": 600, "dilator_id": MILLI, "diameter_mm": 22,
                            "outcome": "completed", "exercises": ["flexibilization"],
                            "after": {"fear": 2, "tension": 2, "pain": 2}}
                    body["started_at"] = __import__("datetime").datetime.fromtimestamp(
                        clock.t - 60, __import__("datetime").timezone.utc).strftime(
                        "%Y-%m-%dT%H:%M:%SZ")
                    if way == "api":
                        r = her.api.post_json("/api/v1/sessions", body)
                        assert r.status == 201, r
                    else:
                        p = run_pace("session", "add", "--email", her.email, "--json", "-",
                                     "--data", srv.data, input=json.dumps(body), env=clock.env)
                        assert p.returncode == 0, p.stderr
                s = her.api.get("/api/v1/sessions").json()["items"][0]
                sizes[way] = s["diameter_mm"]
                recs[way] = (her.rec()["dilator_id"], her.rec()["diameter_mm"])
            assert set(sizes.values()) == {22}, sizes
            assert set(recs.values()) == {(MILLI, 22)}, recs
            # A size the device cannot take is refused beside the field.
            her = Person(srv, kit=(MILLI,), env=clock.env)
            r = browser_submit(her.web, "/sessions/new", "/sessions/new",
                               {"dilator_id": MILLI, "size_milli-adjustable": "41"})
            assert r.status == 422 and "from 15 to 40" in r.text, r
            assert her.api.get("/api/v1/sessions").json()["items"] == []
    finally:
        clock.close()


def test_practising_together_shows_the_partner_his_part_and_logs_it():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Person(srv, env=clock.env)
            # At check-in she says her partner is with her.
            r = her.step("checkin", {"fear": 2, "tension": 2, "pain": 0, "company": "partner"})
            assert r.status == 303, r
            assert her.step("prepared").status == 303
            relax = her.web.get("/practice").text
            assert 'class="partner-help" open' in relax and "For your partner" in relax
            assert "The moment she says stop, everything stops." in relax
            clock.advance(120)
            assert her.step("relaxed").status == 303
            practice = her.web.get("/practice").text
            assert 'class="partner-help"' in practice and "She leads." in practice
            clock.advance(600)
            assert her.step("done").status == 303
            # The check-out already says she was with her partner.
            form = page_form(her.web.get("/practice").text, "/practice")
            assert ("company", "partner") in form["fields"], form["fields"]
            r = her.step("checkout", {"fear": 1, "tension": 1, "pain": 1, "max_pain": 1})
            assert r.status == 303, (r.status, harness.alert(r.text))
            [s] = her.api.get("/api/v1/sessions").json()["items"]
            assert s["with_partner"] is True, s
            # Alone, nothing of the partner's part is shown.
            her.guided(clock)
            assert her.step("checkin", {"fear": 1, "tension": 1, "pain": 0,
                                        "company": "alone"}).status == 303
            assert her.step("prepared").status == 303
            assert "partner-help" not in her.web.get("/practice").text
    finally:
        clock.close()
