"""Practice sessions in the JSON API (/api/v1/sessions) and on the command
line (pace session add/list): create, read, replace, delete, pages, the
checks with the field at fault, other people's sessions, and the note's
encryption at rest."""

import json
import os
import re
import tempfile
import uuid
from datetime import datetime, timedelta, timezone

import harness  # noqa: E402
from harness import Client, Server, assert_one_sentence, new_email, run_pace

UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def ago(base=None, **kw):
    """RFC 3339 for a time before base (default: now)."""
    t = (base or harness.now_dt()).replace(microsecond=0) - timedelta(**kw)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def record(**over):
    r = {
        "started_at": ago(hours=2),
        "duration_s": 600,
        "dilator_id": "fms-20",
        "temperature": "warm",
        "lubricant": "water_based",
        "with_partner": False,
        "exercises": ["breathing", "relaxation"],
        "before": {"fear": 5, "tension": 4, "pain": 1},
        "after": {"fear": 2, "tension": 2, "pain": 1},
        "max_pain": 3,
        "spasms": [{"at_s": 120, "duration_s": 20}],
        "outcome": "completed",
        "felt_safe": True,
        "helped": ["breathing", "warmth"],
        "safety": [],
        "note": "Warm water helped.",
    }
    r.update(over)
    return r


class User:
    """An account with an API token and a kit of fms-20, fms-22 and the
    adjustable Milli."""

    def __init__(self, srv, kit=("fms-20", "fms-22", "milli-adjustable")):
        self.srv = srv
        self.email = new_email()
        p = run_pace("user", "add", "--email", self.email, "--password-stdin", "--data",
                     srv.data, input="a long enough password\n")
        assert p.returncode == 0, p.stderr
        p = run_pace("token", "create", "--email", self.email, "--data", srv.data)
        assert p.returncode == 0, p.stderr
        self.c = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        if kit:
            r = self.put("/api/v1/kit", {"items": list(kit)})
            assert r.status == 200, r

    def post(self, path, obj):
        return self.c.post_json(path, obj)

    def put(self, path, obj):
        return self.c.request("PUT", path, body=json.dumps(obj),
                              headers={"Content-Type": "application/json"})

    def get(self, path):
        return self.c.get(path)

    def delete(self, path):
        return self.c.request("DELETE", path)

    def create(self, **over):
        r = self.post("/api/v1/sessions", record(**over))
        assert r.status == 201, r
        return r.json()

    def all_pages(self, query="limit=10"):
        """Follows next_cursor to the end; returns (items, number of pages)."""
        items, pages, cursor = [], 0, None
        while True:
            q = query + (f"&cursor={cursor}" if cursor else "")
            r = self.get(f"/api/v1/sessions?{q}")
            assert r.status == 200, r
            body = r.json()
            assert set(body) == {"items", "next_cursor"}
            items += body["items"]
            pages += 1
            cursor = body["next_cursor"]
            if cursor is None:
                return items, pages
            assert isinstance(cursor, str) and cursor
            assert pages < 100


def assert_error(r, status, field):
    assert r.status == status, r
    assert r.header("Content-Type").startswith("application/json")
    body = r.json()
    assert isinstance(body["error"], str) and len(body["error"]) > 10, body
    assert body["field"] == field, body
    return body


def test_create_read_replace_delete():
    with Server() as srv:
        u = User(srv)
        sent = record()
        r = u.post("/api/v1/sessions", sent)
        assert r.status == 201, r
        s = r.json()
        assert re.fullmatch(UUID_RE, s["id"])
        assert r.header("Location") == f"/api/v1/sessions/{s['id']}"
        for k, v in sent.items():
            assert s[k] == v, (k, s[k], v)
        assert s["diameter_mm"] == 20  # copied from the kit item

        r = u.get(f"/api/v1/sessions/{s['id']}")
        assert r.status == 200 and r.json() == s

        # PUT replaces the whole record: what is left out is gone.
        new = record(started_at=ago(hours=5), outcome="stopped", dilator_id="fms-22",
                     after=None, spasms=[], helped=[], max_pain=None)
        del new["note"]
        r = u.put(f"/api/v1/sessions/{s['id']}", new)
        assert r.status == 200, r
        got = u.get(f"/api/v1/sessions/{s['id']}").json()
        assert got == r.json()
        assert got["id"] == s["id"] and got["diameter_mm"] == 22
        assert got["after"] is None and got["note"] == "" and got["max_pain"] is None
        assert got["outcome"] == "stopped" and got["started_at"] == new["started_at"]

        # An invalid replacement changes nothing.
        r = u.put(f"/api/v1/sessions/{s['id']}", record(before={"fear": 11, "tension": 0,
                                                                 "pain": 0}))
        assert_error(r, 422, "before.fear")
        assert u.get(f"/api/v1/sessions/{s['id']}").json() == got
        # The id in a body must be the one in the address.
        r = u.put(f"/api/v1/sessions/{s['id']}", record(id=str(uuid.uuid4())))
        assert_error(r, 422, "id")
        r = u.put(f"/api/v1/sessions/{s['id']}", record(id=s["id"]))
        assert r.status == 200, r

        r = u.delete(f"/api/v1/sessions/{s['id']}")
        assert r.status == 204 and r.body == b""
        assert_error(u.get(f"/api/v1/sessions/{s['id']}"), 404, None)
        assert_error(u.delete(f"/api/v1/sessions/{s['id']}"), 404, None)
        assert_error(u.put(f"/api/v1/sessions/{s['id']}", record()), 404, None)
        assert_error(u.get("/api/v1/sessions/not-a-uuid"), 404, None)


def test_not_today_stopped_and_relaxation_alone_need_no_dilator():
    with Server() as srv:
        u = User(srv)
        s = u.create(outcome="not_today", dilator_id=None, duration_s=0, safety=["infection"],
                     after=None, spasms=[], max_pain=None)
        assert s["dilator_id"] is None and s["diameter_mm"] is None
        s = u.create(outcome="stopped", dilator_id=None, duration_s=0, spasms=[])
        assert s["outcome"] == "stopped"
        # Breathing and relaxation alone: a completed session without a size.
        s = u.create(dilator_id=None)
        assert s["outcome"] == "completed" and s["dilator_id"] is None
        assert s["diameter_mm"] is None
        # A size needs a dilator to belong to.
        r = u.post("/api/v1/sessions", record(dilator_id=None, diameter_mm=20))
        assert_error(r, 422, "diameter_mm")
        # Bleeding can be noted after practice; the other reasons only mean
        # "not today".
        r = u.post("/api/v1/sessions", record(safety=["infection"]))
        assert_error(r, 422, "safety")
        r = u.post("/api/v1/sessions", record(safety=["bleeding"]))
        assert r.status == 201 and r.json()["safety"] == ["bleeding"], r


def test_the_dilator_must_be_in_her_kit():
    with Server() as srv:
        u = User(srv)
        other = User(srv, kit=())
        r = other.post("/api/v1/kit/custom", {"label": "Mine", "diameter_mm": 19.5,
                                              "material": "silicone"})
        assert r.status == 201, r
        others_item = r.json()["id"]

        assert_error(u.post("/api/v1/sessions", record(dilator_id="fms-30")), 422, "dilator_id")
        assert_error(u.post("/api/v1/sessions", record(dilator_id="nope")), 422, "dilator_id")
        assert_error(u.post("/api/v1/sessions", record(dilator_id=others_item)), 422,
                     "dilator_id")

        # Her own item counts, its diameter is copied.
        r = u.post("/api/v1/kit/custom", {"label": "Old one", "diameter_mm": 17.5,
                                          "material": "silicone"})
        assert r.status == 201, r
        mine = r.json()["id"]
        s = u.create(dilator_id=mine)
        assert s["diameter_mm"] == 17.5

        # A size the item cannot have; the adjustable one needs its setting.
        assert_error(u.post("/api/v1/sessions", record(diameter_mm=30)), 422, "diameter_mm")
        assert u.create(diameter_mm=20)["diameter_mm"] == 20
        assert_error(u.post("/api/v1/sessions", record(dilator_id="milli-adjustable")), 422,
                     "diameter_mm")
        assert_error(u.post("/api/v1/sessions", record(dilator_id="milli-adjustable",
                                                       diameter_mm=41)), 422, "diameter_mm")
        assert u.create(dilator_id="milli-adjustable", diameter_mm=25)["diameter_mm"] == 25

        # Kits change; the record keeps the size of the day and can still be edited.
        s = u.create(dilator_id="fms-22")
        assert u.put("/api/v1/kit", {"items": ["fms-20"]}).status == 200
        got = u.get(f"/api/v1/sessions/{s['id']}").json()
        assert got["diameter_mm"] == 22
        edit = record(dilator_id="fms-22", note="edited later")
        r = u.put(f"/api/v1/sessions/{s['id']}", edit)
        assert r.status == 200, r
        assert r.json()["diameter_mm"] == 22 and r.json()["note"] == "edited later"
        # ...but a new session with it is refused.
        assert_error(u.post("/api/v1/sessions", record(dilator_id="fms-22")), 422, "dilator_id")


def test_pages_follow_next_cursor_to_the_end():
    with Server() as srv:
        u = User(srv)
        made = []
        now = harness.now_dt()
        for i in range(25):
            # ties: three sessions share each start time
            s = u.create(started_at=ago(now, days=i // 3, hours=1),
                         dilator_id="fms-20" if i % 2 else "fms-22")
            made.append(s)
        User(srv).create()  # someone else's

        items, pages = u.all_pages("limit=10")
        assert pages == 3
        assert len(items) == 25
        assert sorted(s["id"] for s in items) == sorted(s["id"] for s in made)
        keys = [(s["started_at"], s["id"]) for s in items]
        assert keys == sorted(keys, reverse=True)  # newest first, ties by id

        r = u.get("/api/v1/sessions")  # default limit 50
        assert len(r.json()["items"]) == 25 and r.json()["next_cursor"] is None
        r = u.get("/api/v1/sessions?limit=25")
        assert len(r.json()["items"]) == 25 and r.json()["next_cursor"] is None
        items, pages = u.all_pages("limit=1")
        assert pages == 25 and len({s["id"] for s in items}) == 25

        # from (inclusive) and to (exclusive), RFC 3339 with an offset
        newest = items[0]["started_at"]
        frm = ago(now, days=3, hours=2)
        items, _ = u.all_pages(f"limit=4&from={frm}&to={newest.replace('Z', '%2B00:00')}")
        assert {s["started_at"] for s in items} == {ago(now, days=d, hours=1) for d in (1, 2, 3)}
        assert len(items) == 9
        items, _ = u.all_pages("limit=7&diameter_mm=22")
        assert len(items) == 13 and all(s["diameter_mm"] == 22 for s in items)
        items, _ = u.all_pages("diameter_mm=22.0&limit=200")
        assert len(items) == 13
        items, _ = u.all_pages("diameter_mm=40")
        assert items == []


def test_bad_query_values_name_the_field():
    with Server() as srv:
        u = User(srv)
        u.create()
        for q, field in [("limit=0", "limit"), ("limit=201", "limit"), ("limit=abc", "limit"),
                         ("limit=1.5", "limit"), ("limit=-1", "limit"), ("limit=", "limit"),
                         ("from=yesterday", "from"), ("from=2026-02-30T00:00:00Z", "from"),
                         ("to=2026-11-24", "to"), ("cursor=abc", "cursor"),
                         ("cursor=" + "0" * 47, "cursor"), ("diameter_mm=big", "diameter_mm"),
                         ("diameter_mm=0", "diameter_mm"), ("diameter_mm=81", "diameter_mm")]:
            assert_error(u.get(f"/api/v1/sessions?{q}"), 422, field)
        assert u.get("/api/v1/sessions?limit=200").status == 200
        assert u.get("/api/v1/sessions?limit=1").status == 200
        r = u.get("/api/v1/sessions?from=1970-01-01T00:00:00Z")
        assert r.status == 200 and len(r.json()["items"]) == 1
        r = u.get("/api/v1/sessions?to=1970-01-01T00:00:00Z")
        assert r.status == 200 and r.json()["items"] == []


def test_invalid_sessions_are_422_with_the_field_and_nothing_is_saved():
    with Server() as srv:
        u = User(srv)
        cases = [
            (record(after={"fear": 2, "tension": 2, "pain": 11}), "after.pain"),
            (record(before={"fear": -1, "tension": 2, "pain": 1}), "before.fear"),
            (record(duration_s=14401), "duration_s"),
            (record(duration_s="600"), "duration_s"),
            (record(duration_s=600.5), "duration_s"),
            (record(max_pain=3.0), "max_pain"),
            (record(with_partner=None), "with_partner"),
            (record(outcome="finished"), "outcome"),
            (record(temperature="hot"), "temperature"),
            (record(exercises=["yoga"]), "exercises[0]"),
            (record(spasms=[{"at_s": 1, "duration_s": 3601}]), "spasms[0].duration_s"),
            (record(spasms=[{"at_s": 1, "duration_s": 5}] * 51), "spasms"),
            (record(note="x" * 4001), "note"),
            (record(note="ü" * 4001), "note"),
            (record(started_at="2026-02-30T10:00:00Z"), "started_at"),
            (record(started_at=ago(days=-2)), "started_at"),
            (record(mood="fine"), "mood"),
            (record(before={"fear": 1, "tension": 1, "pain": 1, "mood": 1}), "before.mood"),
        ]
        for body, field in cases:
            assert_error(u.post("/api/v1/sessions", body), 422, field)
        assert_error(u.post("/api/v1/sessions", []), 422, None)
        assert u.create(note="ü" * 4000)["note"] == "ü" * 4000
        assert len(u.get("/api/v1/sessions").json()["items"]) == 1


def test_malformed_json_is_400_with_line_and_column():
    with Server() as srv:
        u = User(srv)
        h = {"Content-Type": "application/json"}
        r = u.c.request("POST", "/api/v1/sessions", body='{\n  "started_at": ,\n}', headers=h)
        body = assert_error(r, 400, None)
        assert re.search(r"line 2, column \d+", body["error"]), body
        for raw in [b"", b"{", b"{\"a\":1}{", b"\xff\xfe{}", b"{\"note\": \"\xc3\x28\"}",
                    b"{\"outcome\":\"completed\",\"outcome\":\"stopped\"}"]:
            r = u.c.request("POST", "/api/v1/sessions", body=raw, headers=h)
            assert_error(r, 400, None)  # and the answer itself is valid JSON
        r = u.c.request("POST", "/api/v1/sessions", body=json.dumps(record()),
                        headers={"Content-Type": "text/plain"})
        assert_error(r, 400, None)
        # (a body over 1 MiB is answered 413 for every endpoint: test_basics)
        assert u.get("/api/v1/sessions").json()["items"] == []


def test_other_peoples_sessions_are_404_never_403():
    with Server() as srv:
        alice, eve = User(srv), User(srv)
        s = alice.create(note="alice's private note")
        path = f"/api/v1/sessions/{s['id']}"
        unknown = f"/api/v1/sessions/{uuid.uuid4()}"
        for r in [eve.get(path), eve.put(path, record()), eve.delete(path)]:
            body = assert_error(r, 404, None)
            assert "alice" not in body["error"]
        # exactly what a session that never existed answers
        assert eve.get(path).body == eve.get(unknown).body
        assert eve.put(path, record()).body == eve.put(unknown, record()).body
        assert eve.delete(path).body == eve.delete(unknown).body
        assert eve.get("/api/v1/sessions").json() == {"items": [], "next_cursor": None}
        assert alice.get(path).json() == s
        # no token at all
        r = Client(srv).get("/api/v1/sessions")
        assert_error(r, 401, None)
        r = Client(srv).post_json("/api/v1/sessions", record())
        assert_error(r, 401, None)


def test_the_note_is_not_in_the_database_in_plaintext():
    with Server() as srv:
        u = User(srv)
        secret = "PLAINTEXT-CANARY-4f1e it hurt less today"
        s = u.create(note=secret)
        assert u.get(f"/api/v1/sessions/{s['id']}").json()["note"] == secret
        data = harness.db_bytes(srv.data)
        assert b"PLAINTEXT-CANARY-4f1e" not in data
        assert s["id"].encode() in data, "the row itself should be in the files"


def write_json(obj):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(obj, f)
    f.close()
    return f.name


def test_cli_session_add_and_list():
    with Server() as srv:
        u = User(srv)
        path = write_json(record(started_at="2026-11-20T18:30:00Z", duration_s=900))
        try:
            p = run_pace("session", "add", "--email", u.email, "--json", path, "--data", srv.data)
            assert p.returncode == 0, p.stderr
            assert re.fullmatch(UUID_RE + r"\n", p.stdout), p.stdout
            sid = p.stdout.strip()
            got = u.get(f"/api/v1/sessions/{sid}").json()
            assert got["diameter_mm"] == 20 and got["note"] == "Warm water helped."

            # standard input, and the same checks as the API
            body = json.dumps(record(started_at="2026-11-21T08:00:00Z", dilator_id="fms-22",
                                     outcome="stopped", after=None))
            p = run_pace("session", "add", "--email", u.email, "--json", "-", "--data",
                         srv.data, input=body)
            assert p.returncode == 0, p.stderr
            for bad, field in [(record(after={"fear": 1, "tension": 1, "pain": 11}),
                                "after.pain"),
                               (record(dilator_id="fms-40"), "dilator_id"),
                               (record(mood=1), "mood")]:
                p = run_pace("session", "add", "--email", u.email, "--json", "-", "--data",
                             srv.data, input=json.dumps(bad))
                assert p.returncode == 2 and p.stdout == "", p
                assert_one_sentence(p.stderr)
                assert field in p.stderr
            p = run_pace("session", "add", "--email", u.email, "--json", "-", "--data",
                         srv.data, input="{ nope")
            assert p.returncode == 2 and "line 1" in p.stderr
            assert_one_sentence(p.stderr)

            p = run_pace("session", "list", "--email", u.email, "--data", srv.data)
            assert p.returncode == 0, p.stderr
            lines = p.stdout.splitlines()
            assert "date" in lines[0] and "outcome" in lines[0]
            rows = [l for l in lines if l.startswith("2026-")]
            assert len(rows) == 2
            assert rows[0].startswith("2026-11-21 08:00") and "22 mm" in rows[0]
            assert "5/4/1 → -/-/-" in rows[0] and rows[0].endswith("stopped")
            assert rows[1].startswith("2026-11-20 18:30") and "20 mm" in rows[1]
            assert re.search(r"\b15\b", rows[1])  # minutes
            assert "5/4/1 → 2/2/1" in rows[1] and rows[1].endswith("completed")
            p = run_pace("session", "list", "--email", u.email, "--limit", "1", "--data",
                         srv.data)
            assert p.returncode == 0
            assert len([l for l in p.stdout.splitlines() if l.startswith("2026-")]) == 1
        finally:
            os.unlink(path)

        for args in [("session",), ("session", "frobnicate"),
                     ("session", "add", "--email", u.email),
                     ("session", "add", "--json", "-"),
                     ("session", "add", "--email", u.email, "--json", "/nonexistent.json"),
                     ("session", "list"),
                     ("session", "list", "--email", u.email, "--limit", "0"),
                     ("session", "list", "--email", u.email, "--limit", "x"),
                     ("session", "list", "--email", u.email, "--bogus")]:
            p = run_pace(*args, "--data", srv.data)
            assert p.returncode == 2, (args, p)
            assert_one_sentence(p.stderr)
        p = run_pace("session", "list", "--email", "nobody@example.org", "--data", srv.data)
        assert p.returncode == 1
        assert_one_sentence(p.stderr)
        p = run_pace("session", "list", "--email", User(srv).email, "--data", srv.data)
        assert p.returncode == 0 and "No sessions yet" in p.stdout
        p = run_pace("session", "--help")
        assert p.returncode == 0 and "session add" in p.stdout
