"""test_once.py - a retry never makes a second record: the API's
Idempotency-Key on the creating endpoints, a request whose answer was lost,
and the one-time key in the quick log, the guided session and the kit form
(a double tap, or a form sent again)."""

import json
import socket
import time

import harness  # noqa: E402
from harness import Client, Server, browser_submit, fill_form, page_form, register, run_pace


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def record(**kw):
    r = {"started_at": stamp(harness.now() - 3600), "duration_s": 600, "dilator_id": "fms-18",
         "outcome": "completed", "exercises": ["flexibilization"],
         "after": {"fear": 1, "tension": 1, "pain": 1}}
    r.update(kw)
    return r


class Her:
    def __init__(self, srv):
        self.web = Client(srv)
        self.email = register(self.web)
        p = run_pace("token", "create", "--email", self.email, "--data", srv.data)
        assert p.returncode == 0, p.stderr
        self.token = p.stdout.strip()
        self.api = Client(srv, headers={"Authorization": "Bearer " + self.token})
        r = self.api.request("PUT", "/api/v1/kit", body=json.dumps({"items": ["fms-18", "fms-20"]}),
                             headers={"Content-Type": "application/json"})
        assert r.status == 200, r

    def sessions(self):
        return self.api.get("/api/v1/sessions").json()["items"]


def test_the_same_key_and_body_returns_the_first_answer_and_stores_nothing_new():
    with Server() as srv:
        her = Her(srv)
        body = record(note="once only")
        a = her.api.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": "abc-123"})
        assert a.status == 201, a
        assert a.header("Idempotent-Replayed") is None
        b = her.api.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": "abc-123"})
        assert b.status == 201, b
        assert b.header("Idempotent-Replayed") == "true"
        assert b.json() == a.json()
        assert b.header("Location") == a.header("Location")
        assert len(her.sessions()) == 1
        # The quoted form of the header is the same key.
        c = her.api.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": '"abc-123"'})
        assert c.status == 201 and c.json()["id"] == a.json()["id"], c
        # Another body under the same key is refused and changes nothing.
        d = her.api.post_json("/api/v1/sessions", record(note="something else"),
                              headers={"Idempotency-Key": "abc-123"})
        assert d.status == 422 and d.json()["field"] == "Idempotency-Key", d
        assert len(her.sessions()) == 1
        # A malformed key is a clear 400; without a key each POST is new.
        for bad in ("", "x" * 256, "tab\there"):
            e = her.api.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": bad})
            assert e.status == 400 and e.json()["field"] == "Idempotency-Key", (bad, e)
        her.api.post_json("/api/v1/sessions", body)
        her.api.post_json("/api/v1/sessions", body)
        assert len(her.sessions()) == 3


def test_keys_are_per_person_and_forgotten_after_a_day():
    clock = harness.FileClock()
    try:
        with Server(env=clock.env) as srv:
            ann, bea = Her(srv), Her(srv)
            body = record(started_at=stamp(clock.t - 600))
            a = ann.api.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": "k"})
            b = bea.api.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": "k"})
            assert a.status == b.status == 201 and a.json()["id"] != b.json()["id"]
            clock.advance(86400 + 1)
            r = Client(srv, headers={"Authorization": "Bearer " + ann.token})
            c = r.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": "k"})
            assert c.status == 201 and c.json()["id"] != a.json()["id"], c
    finally:
        clock.close()


def lost_answer(port, token, body, key):
    """Sends a POST and hangs up without reading the answer."""
    data = json.dumps(body).encode()
    head = (f"POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Idempotency-Key: {key}\r\nContent-Length: {len(data)}\r\n\r\n").encode()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head + data)
    s.close()


def test_a_retry_after_a_lost_answer_stores_one_record():
    with Server() as srv:
        her = Her(srv)
        for i in range(20):
            body = record(note=f"lost {i}")
            lost_answer(srv.port, her.token, body, f"lost-{i}")
            # The client retries: whether or not the first went in, one record.
            r = her.api.post_json("/api/v1/sessions", body, headers={"Idempotency-Key": f"lost-{i}"})
            assert r.status == 201, r
        time.sleep(0.5)
        notes = sorted(s["note"] for s in her.sessions())
        assert notes == sorted(f"lost {i}" for i in range(20)), notes


def test_a_custom_item_is_added_once():
    with Server() as srv:
        her = Her(srv)
        body = {"label": "Blue one", "diameter_mm": 21, "material": "silicone"}
        a = her.api.post_json("/api/v1/kit/custom", body, headers={"Idempotency-Key": "item-1"})
        b = her.api.post_json("/api/v1/kit/custom", body, headers={"Idempotency-Key": "item-1"})
        assert a.status == b.status == 201, (a, b)
        assert a.json()["id"] == b.json()["id"]
        kit = her.api.get("/api/v1/kit").json()
        assert sum(1 for i in kit["items"] if i.get("label") == "Blue one") == 1, kit
        # The form on /kit too: sent twice, one item.
        page = her.web.get("/kit").text
        form = fill_form(page_form(page, "/kit/custom"),
                         {"label": "Green one", "diameter_mm": "19", "material": "glass",
                          "kind": "dilator"})
        assert her.web.post("/kit/custom", form).status == 303
        assert her.web.post("/kit/custom", form).status == 303
        kit = her.api.get("/api/v1/kit").json()
        assert sum(1 for i in kit["items"] if i.get("label") == "Green one") == 1, kit


def test_the_quick_log_sent_twice_saves_once():
    with Server() as srv:
        her = Her(srv)
        page = her.web.get("/sessions/new").text
        form = fill_form(page_form(page, "/sessions/new"),
                         {"fear": 1, "tension": 1, "pain": 1})
        assert any(k == "once" for k, _ in form)
        a = her.web.post("/sessions/new", form)
        b = her.web.post("/sessions/new", form)
        assert a.status == b.status == 303, (a, b)
        assert len(her.sessions()) == 1
        # A new visit to the form is a new session.
        r = browser_submit(her.web, "/sessions/new", "/sessions/new")
        assert r.status == 303
        assert len(her.sessions()) == 2


def step_form(her, event, changes=None):
    page = her.web.get("/practice").text
    return fill_form(page_form(page, "/practice"), changes, ("event", event))


def test_the_guided_session_saves_once_on_a_double_tap():
    with Server() as srv:
        her = Her(srv)
        # "Not today" straight from the check-in (no draft yet).
        form = step_form(her, "checkin", {"fear": 1, "tension": 1, "pain": 0,
                                          "safety": "infection"})
        a = her.web.post("/practice", form)
        b = her.web.post("/practice", form)
        assert a.status == b.status == 303
        assert a.header("Location") == b.header("Location")
        assert a.header("Location").startswith("/practice/done/")
        assert len(her.sessions()) == 1
        # The check-out of a whole session.
        her.web.post("/practice", step_form(her, "checkin", {"fear": 1, "tension": 1, "pain": 0}))
        her.web.post("/practice", step_form(her, "prepared"))
        her.web.post("/practice", step_form(her, "relaxed"))
        her.web.post("/practice", step_form(her, "done"))
        form = step_form(her, "checkout", {"fear": 1, "tension": 1, "pain": 0})
        a = her.web.post("/practice", form)
        b = her.web.post("/practice", form)
        assert a.status == b.status == 303
        assert a.header("Location") == b.header("Location"), (a.header("Location"),
                                                               b.header("Location"))
        assert len(her.sessions()) == 2
