"""Her data as a whole: GET /api/v1/export (JSON, CSV, FHIR), the "Your
data" page's downloads, POST /api/v1/import (round trip into a fresh
instance, twice without duplicates, malformed files refused whole, another
account's session id refused), pace export/import, every ladder entry in
every format, a large seeded account that imports back through the CLI,
the API and the upload form, FHIR a receiver can merge (identifiers,
fullUrls, references, the same ids on another server), CSV read back with
Python's csv module, and deleting her account: no row of hers left in any
table, other people's untouched."""

import copy
import csv
import http.client
import io
import json
import os
import re
import sqlite3
import subprocess
import tempfile
from datetime import datetime, timedelta, timezone

import harness
from harness import PASSWORD, Client, Server, alert, register, run_pace

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(HERE, "..", "e2e")
NOTE = 'Felt calm, then "tight" at 10, okay.\nSecond line, with commas'
FORMULA = "=HYPERLINK(\"http://example.org\")"


def ago(**kw):
    t = harness.now_dt().replace(microsecond=0) - timedelta(**kw)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def member(srv, email=None):
    c = Client(srv)
    email = register(c, email)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    return c, Client(srv, headers={"Authorization": f"Bearer {p.stdout.strip()}"}), email


def put_json(api, path, obj):
    return api.request("PUT", path, body=json.dumps(obj),
                       headers={"Content-Type": "application/json"})


def session(dilator, mm, days, note="", before=(3, 4, 2), after=(2, 2, 1), **extra):
    s = {"started_at": ago(days=days), "duration_s": 600, "dilator_id": dilator,
         "diameter_mm": mm, "temperature": "warm", "lubricant": "water_based",
         "before": dict(zip(("fear", "tension", "pain"), before)),
         "after": dict(zip(("fear", "tension", "pain"), after)),
         "outcome": "completed", "note": note}
    s.update(extra)
    return s


def fill(c, api):
    """Gives her something of everything Pace keeps."""
    r = api.post_json("/api/v1/kit/custom", {"label": "Blue, middle", "diameter_mm": 23,
                                             "material": "silicone"})
    assert r.status == 201, r
    custom = r.json()["id"]
    r = api.post_json("/api/v1/kit/custom", {"label": "Old glass one", "diameter_mm": 30,
                                             "material": "glass", "length_mm": 120})
    assert r.status == 201, r
    old = r.json()["id"]
    assert put_json(api, "/api/v1/kit", {"items": ["fms-14", "fms-16", custom, old]}).status == 200
    programs = api.get("/api/v1/program").json()["programs"]
    prog = next(p for p in programs if p["dilator_use"] != "none")["id"]
    r = put_json(api, "/api/v1/program", {"program": prog, "started_at": ago(days=40)})
    assert r.status == 200, r
    avail = api.get("/api/v1/goals").json()["available"]
    goals = [{"goal": avail[0]["goal"], "achieved_at": ago(days=3)},
             {"goal": "custom", "label": "Comfortable at my size", "min_mm": 20, "max_mm": 26}]
    assert put_json(api, "/api/v1/goals", {"goals": goals}).status == 200
    for s in [session("fms-14", 14, 20, NOTE), session(custom, 23, 10, FORMULA),
              session("fms-16", 16, 5, "+1 better", after=(1, 1, 0)),
              session(old, 30, 2, "@home, -ish"),
              {"started_at": ago(days=1), "duration_s": 0, "outcome": "not_today",
               "safety": ["bleeding"], "note": ""}]:
        r = api.post_json("/api/v1/sessions", s)
        assert r.status == 201, r
    # Her old item has left the kit since; its session stays.
    assert put_json(api, "/api/v1/kit", {"items": ["fms-14", "fms-16", custom]}).status == 200
    for days, items in [(60, {"tampon": {"anxiety": 5, "pain": 3},
                              "intercourse": {"not_tried": True, "anxiety": 8}}),
                        (1, {"finger": {"anxiety": 2, "pain": 1}})]:
        r = api.post_json("/api/v1/ladder", {"items": items})
        assert r.status == 201, r
    r = c.post("/reminders", [("csrf", c.csrf_for("/reminders")), ("day", "mon"),
                              ("day", "thu"), ("time", "19:05"), ("title", "Yoga")])
    assert r.status == 200 and "/cal/" in r.text, r  # saved, with its feed address
    r = c.submit("/settings", "/settings/about", {"about": "Private: about me"})
    assert r.status == 303, r
    return custom, old


def export(api, fmt="json"):
    r = api.get(f"/api/v1/export?format={fmt}")
    assert r.status == 200, r
    assert r.header("Cache-Control") == "no-store", r.headers
    assert r.header("Content-Disposition").startswith("attachment; filename=\"pace-"), r.headers
    return r


def normalised(doc):
    """The export without what belongs to one instance: when it was made,
    the account's email and creation, row ids, her sharing and trail, and her own items' ids
    (replaced by their label and size in the kit and sessions)."""
    d = copy.deepcopy(doc)
    # Her grants and trail record what happened on one server; an import
    # never brings them in.
    for k in ("exported_at", "sharing", "audit"):
        d.pop(k)
    d["account"].pop("email")
    d["account"].pop("created_at")
    names = {}
    for c in d["kit"]["custom_items"]:
        names[c["id"]] = f'{c["label"]}/{c["diameter_mm"]}'
        c.pop("id")
    d["kit"]["items"] = sorted(names.get(i, i) for i in d["kit"]["items"])
    for s in d["sessions"]:
        s["dilator_id"] = names.get(s["dilator_id"], s["dilator_id"])
    for g in d["goals"]:
        g.pop("id")
    return d


def test_export_json_is_complete():
    with Server() as srv:
        c, api, email = member(srv)
        custom, old = fill(c, api)
        r = export(api)
        assert r.header("Content-Type").startswith("application/json"), r.headers
        doc = r.json()
        assert doc["format"] == "pace-export" and doc["format_version"] == 3, doc
        assert re.fullmatch(r"pace-[0-9a-f]{32}", doc["account"]["pseudonym"]), doc["account"]
        # Compact: one line, no indentation.
        assert r.body.count(b"\n") == 1 and r.body.endswith(b"}\n"), r.body[:200]
        assert b'": ' not in r.body and b"\n " not in r.body
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["exported_at"])
        assert doc["account"]["email"] == email
        assert doc["account"]["about"] == "Private: about me"
        assert sorted(doc["kit"]["items"]) == sorted(["fms-14", "fms-16", custom])
        labels = {i["id"]: i for i in doc["kit"]["custom_items"]}
        assert labels[old]["length_mm"] == 120 and labels[old]["material"] == "glass"
        assert labels[custom]["label"] == "Blue, middle"
        assert doc["program"]["program"] and doc["program"]["started_at"]
        assert len(doc["goals"]) == 2 and doc["goals"][0]["achieved_at"], doc["goals"]
        assert doc["goals"][1]["label"] == "Comfortable at my size"
        # Every session exactly as the session API shows it.
        listed = api.get("/api/v1/sessions?limit=200").json()["items"]
        assert doc["sessions"] == listed
        assert any(s["note"] == NOTE for s in doc["sessions"])
        assert len(doc["ladder"]) == 2 and doc["ladder"][0]["items"]["finger"]["pain"] == 1
        tz = doc["reminders"].pop("time_zone")
        assert tz is None or "/" in tz or tz == "UTC", tz
        assert doc["reminders"] == {"days": ["mon", "thu"], "time": "19:05", "title": "Yoga"}
        # Nobody else looked; the operator's `pace token create` for her is all
        # her trail holds.
        assert doc["sharing"] == []
        assert [(e["actor_kind"], e["action"], e["resource"]) for e in doc["audit"]] == \
            [("none", "create", "tokens")], doc["audit"]
        assert "token" not in json.dumps(doc["reminders"]) and "/cal/" not in r.text


def test_round_trip_into_a_fresh_instance_and_twice_without_duplicates():
    with Server() as a, Server() as b:
        ca, apia, _ = member(a)
        fill(ca, apia)
        first = export(apia).json()
        _, apib, email_b = member(b)
        r = apib.post_json("/api/v1/import", first)
        assert r.status == 200, r
        counts = r.json()
        assert counts["added"]["sessions"] == 5 and counts["added"]["ladder"] == 2, counts
        assert counts["added"]["custom_items"] == 2 and counts["added"]["goals"] == 2, counts
        assert counts["added"]["program"] == 1 and counts["added"]["reminders"] == 1, counts
        second = export(apib).json()
        assert second["account"]["email"] == email_b
        n1, n2 = normalised(first), normalised(second)
        for k in n1:
            assert n1[k] == n2[k], (k, n1[k], n2[k])
        assert n1 == n2
        # The same file again adds nothing and changes nothing.
        r = apib.post_json("/api/v1/import", first)
        assert r.status == 200, r
        again = r.json()
        assert all(v == 0 for v in again["added"].values()), again
        assert again["skipped"]["sessions"] == 5 and again["skipped"]["custom_items"] == 2
        assert normalised(export(apib).json()) == normalised(first)
        # Sessions keep their ids across instances; her own items get new ones.
        assert {s["id"] for s in second["sessions"]} == {s["id"] for s in first["sessions"]}


def test_importing_into_the_same_account_adds_nothing():
    with Server() as srv:
        c, api, _ = member(srv)
        fill(c, api)
        doc = export(api).json()
        r = api.post_json("/api/v1/import", doc)
        assert r.status == 200, r
        assert all(v == 0 for v in r.json()["added"].values()), r.json()
        assert normalised(export(api).json()) == normalised(doc)


def test_malformed_files_are_refused_whole():
    with Server() as srv:
        c, api, _ = member(srv)
        fill(c, api)
        good = export(api).json()
        _, other, _ = member(srv)
        before = normalised(export(other).json())

        def bad(mutate):
            d = copy.deepcopy(good)
            # A new session too, so a partial import would show.
            d["sessions"].insert(0, dict(d["sessions"][0],
                                         id="0a1b2c3d-0000-4000-8000-000000000001"))
            mutate(d)
            return d

        def set_path(path, value):
            def m(d):
                node = d
                for k in path[:-1]:
                    node = node[k]
                node[path[-1]] = value
            return m

        cases = [
            (set_path(["format_version"], 4), "format_version"),
            (set_path(["audit"], [{"at": "2026-01-01T00:00:00Z"}]), "audit[0].actor_kind"),
            (set_path(["sharing"], {}), "sharing"),
            (set_path(["format"], "something-else"), "format"),
            (set_path(["sessions", 3, "after", "pain"], 11), "sessions[3].after.pain"),
            (set_path(["sessions", 2, "dilator_id"], "no-such-dilator"), "sessions[2].dilator_id"),
            (set_path(["sessions", 1, "surprise"], 1), "sessions[1].surprise"),
            (set_path(["sessions", 1, "duration_s"], "600"), "sessions[1].duration_s"),
            (set_path(["sessions", 1, "id"], "not-a-uuid"), "sessions[1].id"),
            (set_path(["unknown"], True), "unknown"),
            (set_path(["kit", "items"], ["fms-14", "no-such-item"]), "kit.items[1]"),
            (set_path(["ladder", 0, "items", "finger", "pain"], -1), "ladder[0].items.finger.pain"),
            (set_path(["goals", 0, "goal"], "no-such-goal"), "goals[0].goal"),
            (set_path(["program", "program"], "no-such-program"), "program.program"),
            (set_path(["reminders", "time"], "25:00"), "reminders.time"),
            (set_path(["account", "language"], "xx"), "account.language"),
            (set_path(["sessions"], {}), "sessions"),
        ]
        for mutate, field in cases:
            r = other.post_json("/api/v1/import", bad(mutate))
            assert r.status == 422, (field, r)
            body = r.json()
            assert body["field"] == field, (field, body)
            assert len(body["error"]) > 10, body
        # Not JSON at all: cut off in the middle.
        text = json.dumps(good)
        r = other.request("POST", "/api/v1/import", body=text[: len(text) // 2],
                          headers={"Content-Type": "application/json"})
        assert r.status == 422, r
        assert "line" in r.json()["error"], r.json()
        r = other.request("POST", "/api/v1/import", body="[]",
                          headers={"Content-Type": "application/json"})
        assert r.status == 422, r
        assert normalised(export(other).json()) == before


def test_a_session_id_of_another_account_is_refused():
    with Server() as srv:
        c, api, _ = member(srv)
        fill(c, api)
        doc = export(api).json()
        _, other, _ = member(srv)
        r = other.post_json("/api/v1/import", doc)
        assert r.status == 409, r
        assert r.json()["field"].startswith("sessions["), r.json()
        assert export(other).json()["sessions"] == []
        assert export(other).json()["kit"]["custom_items"] == []


def test_export_format_is_checked_and_needs_a_token():
    with Server() as srv:
        c, api, _ = member(srv)
        r = api.get("/api/v1/export?format=xml")
        assert r.status == 400 and r.json()["field"] == "format", r
        r = Client(srv).get("/api/v1/export")
        assert r.status == 401, r
        r = Client(srv).request("POST", "/api/v1/import", body="{}",
                                headers={"Content-Type": "application/json"})
        assert r.status == 401, r


def test_csv_has_one_row_per_session_and_guards_formulas():
    with Server() as srv:
        c, api, _ = member(srv)
        fill(c, api)
        r = export(api, "csv")
        assert r.header("Content-Type").startswith("text/csv"), r.headers
        assert r.body.endswith(b"\r\n") and b"\r\n" in r.body.split(b"\n", 1)[0] + b"\n"
        rows = list(csv.DictReader(io.StringIO(r.text, newline="")))
        listed = api.get("/api/v1/sessions?limit=200").json()["items"]
        assert [row["id"] for row in rows] == [s["id"] for s in listed]
        by_id = {row["id"]: row for row in rows}
        for s in listed:
            row = by_id[s["id"]]
            note = s["note"]
            if note[:1] in ("=", "+", "-", "@"):
                assert row["note"] == "'" + note, row
            else:
                assert row["note"] == note, row
            assert row["outcome"] == s["outcome"]
            assert row["after_pain"] == ("" if s["after"] is None else str(s["after"]["pain"]))
        assert any(row["note"] == NOTE for row in rows)
        assert any(row["note"] == "'" + FORMULA for row in rows)
        assert any(row["note"] == "'+1 better" for row in rows)
        assert any(row["note"] == "'@home, -ish" for row in rows)


TRICKY_NOTES = ["'=already guarded", "'", "''", "=1+1", "-ish", "plain 'quoted'",
                "Grüße: ä ö ü ß, 😀", "two\nlines, \"quoted\"", "\ttab first", "@home", ""]


def unguard(cell):
    """The documented way back from the formula guard: drop one leading
    apostrophe from a cell that starts with one."""
    return cell[1:] if cell.startswith("'") else cell


def test_csv_reads_back_exactly_with_pythons_csv_module():
    with Server() as srv:
        c, api, email = member(srv)
        assert put_json(api, "/api/v1/kit", {"items": ["fms-14"]}).status == 200
        for i, note in enumerate(TRICKY_NOTES):
            r = api.post_json("/api/v1/sessions", session("fms-14", 14, i + 1, note))
            assert r.status == 201, r
        listed = {x["id"]: x for x in api.get("/api/v1/sessions?limit=200").json()["items"]}
        plain = export(api, "csv")
        assert plain.header("Content-Type").startswith("text/csv; charset=utf-8"), plain.headers
        assert not plain.body.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(plain.body.decode("utf-8"), newline="")))
        assert len(rows) == len(TRICKY_NOTES)
        for row in rows:
            want = listed[row["id"]]["note"]
            assert unguard(row["note"]) == want, (row["note"], want)
            # What a spreadsheet sees never starts like a formula.
            assert row["note"][:1] not in ("=", "+", "-", "@", "\t", "\r"), row["note"]
        # For spreadsheet programs: the same bytes after a UTF-8 byte order mark.
        bom = api.get("/api/v1/export?format=csv&bom=1")
        assert bom.status == 200, bom
        assert bom.header("Content-Type") == plain.header("Content-Type")
        assert bom.header("Content-Disposition").endswith('.csv"'), bom.headers
        assert bom.body == b"\xef\xbb\xbf" + plain.body
        again = list(csv.DictReader(io.StringIO(bom.body.decode("utf-8-sig"), newline="")))
        assert again == rows
        assert api.get("/api/v1/export?format=csv&bom=0").body == plain.body
        for q, field in (("format=json&bom=1", "bom"), ("format=fhir&bom=1", "bom"),
                         ("format=csv&bom=yes", "bom")):
            r = api.get(f"/api/v1/export?{q}")
            assert r.status == 400 and r.json()["field"] == field, (q, r)
        # The page offers both, the one for spreadsheet programs first.
        page = c.get("/settings/data").text
        links = re.findall(r'href="/settings/data/export\?([^"]+)" download>([^<]+)<', page)
        assert [q for q, _ in links[:4]] == ["format=json", "format=csv&amp;bom=1", "format=csv",
                                             "format=fhir"], links
        assert "spreadsheet programs" in links[1][1], links
        d = c.get("/settings/data/export?format=csv&bom=1")
        assert d.status == 200 and d.body == bom.body
        assert c.get("/settings/data/export?format=json&bom=1").status == 400
        # And on the server.
        p = run_pace("export", "--email", email, "--format", "csv", "--bom", "--data", srv.data)
        assert p.returncode == 0, p.stderr
        out = subprocess.run([harness.PACE, "export", "--email", email, "--format", "csv",
                              "--bom", "--data", srv.data], capture_output=True,
                             env=harness.clean_env(harness.db_env(srv.data)))
        assert out.returncode == 0 and out.stdout == bom.body, out.stderr
        p = run_pace("export", "--email", email, "--bom", "--data", srv.data)
        assert p.returncode == 2 and "--bom" in p.stderr, p


def validate_fhir(text):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(text)
    try:
        return subprocess.run(["node", os.path.join(E2E, "fhir-validate.js"), f.name],
                              capture_output=True, text=True, cwd=E2E, timeout=120)
    finally:
        os.unlink(f.name)


FHIR_BASE = "https://pace.invalid/fhir/"


def mergeable(bundle):
    """What a receiver that merges bundles relies on, checked for every
    entry; returns the resources by fullUrl."""
    by_url, idents, ids = {}, set(), set()
    canonical = {}
    for e in bundle["entry"]:
        res = e["resource"]
        url = e.get("fullUrl")
        assert url == f'{FHIR_BASE}{res["resourceType"]}/{res["id"]}', (url, res["id"])
        assert url not in by_url, url  # unique
        by_url[url] = res
        assert re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", res["id"]), res["id"]
        assert (res["resourceType"], res["id"]) not in ids
        ids.add((res["resourceType"], res["id"]))
        if res["resourceType"] == "Questionnaire":
            canonical[res["url"]] = res
            continue
        if res["resourceType"] == "AuditEvent":
            # her trail (R4's AuditEvent has no identifier): read by a
            # receiver, never merged, and never imported into another Pace
            del by_url[url]
            continue
        ident = res["identifier"]
        if isinstance(ident, list):  # one identifier each
            assert len(ident) == 1, ident
            ident = ident[0]
        key = (ident["system"], ident["value"])
        assert key not in idents, key  # never shared between two resources
        idents.add(key)

    def refs(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "reference":
                    yield v
                else:
                    yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    for res in by_url.values():
        for ref in refs(res):
            assert FHIR_BASE + ref in by_url, f"{ref} does not resolve inside the Bundle"
        if res["resourceType"] == "QuestionnaireResponse":
            assert res["questionnaire"] in canonical, res["questionnaire"]
    return by_url


def of_type(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def code(x):
    return x["code"]["coding"][0]["code"]


def test_fhir_bundle_is_valid_r4_and_mergeable():
    with Server() as srv:
        c, api, email = member(srv)
        fill(c, api)
        # A session with the highest pain and two spasms.
        s = session("fms-16", 16, 3, "spasms", max_pain=4,
                    spasms=[{"at_s": 60, "duration_s": 20}, {"at_s": 300, "duration_s": 45}])
        assert api.post_json("/api/v1/sessions", s).status == 201
        r = export(api, "fhir")
        assert r.header("Content-Type").startswith("application/fhir+json"), r.headers
        assert email not in r.text
        assert r.body.count(b"\n") == 1, "compact, one line"
        bundle = r.json()
        p = validate_fhir(r.text)
        assert p.returncode == 0, p.stdout + p.stderr
        # The validator does refuse a broken bundle.
        broken = copy.deepcopy(bundle)
        obs = of_type(broken, "Observation")[0]
        obs["status"] = 3
        assert validate_fhir(json.dumps(broken)).returncode == 1
        assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
        mergeable(bundle)
        patients = of_type(bundle, "Patient")
        assert len(patients) == 1 and re.fullmatch(r"pace-[0-9a-f]{32}", patients[0]["id"])
        pid = patients[0]["id"]
        assert patients[0]["identifier"][0]["value"] == pid
        assert set(patients[0]) == {"resourceType", "id", "identifier"}  # nothing about her
        assert export(api).json()["account"]["pseudonym"] == pid

        listed = api.get("/api/v1/sessions?limit=200").json()["items"]
        observations = of_type(bundle, "Observation")
        # Every session, scored or not, is there as a session Observation
        # with the session's id as its identifier.
        sessions = {o["identifier"][0]["value"]: o for o in observations
                    if code(o) == "session"}
        assert set(sessions) == {x["id"] for x in listed}
        first = next(x for x in listed if x["note"] == NOTE)
        mine = [o for o in observations if o["id"].startswith(first["id"] + "-")
                and code(o) != "session"]
        assert len(mine) == 6, mine
        assert len({o["identifier"][0]["value"] for o in mine}) == 6
        pain = [x for x in mine if code(x) == "72514-3"]
        assert {x["code"]["coding"][0]["system"] for x in pain} == {"http://loinc.org"}
        assert sorted(x["valueInteger"] for x in pain) == sorted(
            [first["before"]["pain"], first["after"]["pain"]])
        before = next(x for x in pain if x["effectiveDateTime"] == first["started_at"])
        assert before["valueInteger"] == first["before"]["pain"]
        fear = [x for x in mine if code(x) == "fear"]
        assert fear[0]["code"]["coding"][0]["system"] == FHIR_BASE + "CodeSystem/scores"
        assert all(x["subject"]["reference"] == f"Patient/{pid}" for x in mine)
        # The session's own Observation: size, duration, outcome, highest
        # pain, spasms; its scores and spasms are its members.
        sp = next(x for x in listed if x["note"] == "spasms")
        o = sessions[sp["id"]]
        comp = {code(c): c for c in o["component"]}
        assert comp["dilator-diameter"]["valueQuantity"] == {
            "value": 16, "unit": "mm", "system": "http://unitsofmeasure.org", "code": "mm"}
        assert comp["duration"]["valueQuantity"]["value"] == 600
        assert comp["duration"]["valueQuantity"]["code"] == "s"
        assert comp["outcome"]["valueCodeableConcept"]["coding"][0]["code"] == "completed"
        assert comp["pain-max"]["valueInteger"] == 4
        assert comp["spasm-count"]["valueInteger"] == 2
        assert o["effectivePeriod"]["start"] == sp["started_at"]
        members = {m["reference"] for m in o["hasMember"]}
        assert f'Observation/{sp["id"]}-spasm-2' in members and len(members) == 8
        spasm2 = next(x for x in observations if x["id"] == f'{sp["id"]}-spasm-2')
        assert spasm2["valueQuantity"]["value"] == 45
        not_today = next(x for x in listed if x["outcome"] == "not_today")
        comp = {code(c): c for c in sessions[not_today["id"]]["component"]}
        assert "dilator-diameter" not in comp
        assert comp["outcome"]["valueCodeableConcept"]["coding"][0]["code"] == "not_today"
        # The ladder: the Questionnaire itself and a response per entry.
        q = of_type(bundle, "Questionnaire")
        assert len(q) == 1 and q[0]["url"] == FHIR_BASE + "Questionnaire/comfort-ladder"
        assert [i["linkId"] for i in q[0]["item"]] == [
            "tampon", "cotton_swab", "finger", "gyn_exam", "dilator", "intercourse"]
        qr = of_type(bundle, "QuestionnaireResponse")
        assert len(qr) == 2 and all(x["status"] == "completed" for x in qr)
        assert len({x["id"] for x in qr}) == 2  # taken in the same second, still two
        # The same ids in her next export from this server.
        again = export(api, "fhir").json()
        assert set(mergeable(again)) == set(mergeable(bundle))


def ladder_file(api, n, start="2025-03-01T08:00:00Z"):
    """Her export with n ladder entries at fixed instants, several in each
    second and some exactly alike, newest first as Pace lists them."""
    doc = export(api).json()
    t0 = datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    entries = []
    for i in range(n):
        t = (t0 + timedelta(seconds=i // 250)).strftime("%Y-%m-%dT%H:%M:%SZ")
        items = {k: {"anxiety": None, "pain": None, "not_tried": False}
                 for k in ("tampon", "cotton_swab", "finger", "gyn_exam", "dilator",
                           "intercourse")}
        items["finger"] = {"anxiety": i % 11, "pain": i // 11 % 11, "not_tried": False}
        entries.append({"taken_at": t, "items": items})
    doc["ladder"] = sorted(entries, key=lambda e: e["taken_at"], reverse=True)
    return doc


def test_every_ladder_entry_is_in_every_export():
    """505 entries in a few seconds, some exactly alike: all of them in the
    JSON export, each with its own response in FHIR, and all of them again
    after an import into another server."""
    with Server() as a, Server() as b:
        _, apia, _ = member(a)
        doc = ladder_file(apia, 505)
        r = apia.post_json("/api/v1/import", doc)
        assert r.status == 200, r
        assert r.json()["added"]["ladder"] == 505, r.json()
        mine = export(apia).json()
        assert len(mine["ladder"]) == 505
        assert sorted(json.dumps(e, sort_keys=True) for e in mine["ladder"]) == sorted(
            json.dumps(e, sort_keys=True) for e in doc["ladder"])
        fhir = export(apia, "fhir").json()
        qr = of_type(fhir, "QuestionnaireResponse")
        assert len(qr) == 505 and len({x["id"] for x in qr}) == 505
        mergeable(fhir)
        _, apib, _ = member(b)
        r = apib.post_json("/api/v1/import", mine)
        assert r.status == 200 and r.json()["added"]["ladder"] == 505, r
        assert normalised(export(apib).json()) == normalised(mine)
        # The same responses, by id, from the other server.
        assert {x["id"] for x in of_type(export(apib, "fhir").json(),
                                         "QuestionnaireResponse")} == {x["id"] for x in qr}


def test_fhir_ids_stay_the_same_on_another_server():
    """Export on one server, import into another, export again: the Patient
    is the same, and so is every entry's fullUrl and identifier."""
    with Server() as a, Server() as b:
        ca, apia, _ = member(a)
        fill(ca, apia)
        before = export(apia, "fhir").json()
        doc = export(apia).json()
        cb, apib, _ = member(b)
        # She looks at her new, empty account's export first.
        empty = export(apib, "fhir").json()
        assert of_type(empty, "Patient")[0]["id"] != of_type(before, "Patient")[0]["id"]
        r = apib.post_json("/api/v1/import", doc)
        assert r.status == 200, r
        after = export(apib, "fhir").json()
        p = validate_fhir(json.dumps(after))
        assert p.returncode == 0, p.stdout + p.stderr
        assert of_type(after, "Patient") == of_type(before, "Patient")
        assert set(mergeable(after)) == set(mergeable(before))
        idents = lambda b: {json.dumps(e["resource"].get("identifier"), sort_keys=True)
                            for e in b["entry"]}
        assert idents(after) == idents(before)
        # And it stays hers there, export after export.
        assert export(apib).json()["account"]["pseudonym"] == doc["account"]["pseudonym"]
        assert of_type(export(apia, "fhir").json(), "Patient") == of_type(before, "Patient")


def test_your_data_page_downloads():
    with Server() as srv:
        c, api, _ = member(srv)
        fill(c, api)
        r = c.get("/more")
        assert 'href="/settings/data"' in r.text
        r = c.get("/settings/data")
        assert r.status == 200, r
        for fmt in ("json", "csv", "fhir"):
            assert f'href="/settings/data/export?format={fmt}"' in r.text
            d = c.get(f"/settings/data/export?format={fmt}")
            assert d.status == 200, d
            assert d.header("Content-Disposition").startswith("attachment;"), d.headers
            assert d.header("Cache-Control") == "no-store"
        assert c.get("/settings/data/export?format=json").json()["account"]["about"]
        assert c.get("/settings/data/export?format=pdf").status == 400
        assert Client(srv).get("/settings/data").status == 303


def rows_of(data, user_id, email):
    """Every row in every table that names this user (by id or email)."""
    found = []
    tables = harness.db_tables(data)
    email = email.replace("'", "''")
    for t in tables:
        for col in harness.db_columns(data, t):
            if col in ("user_id", "updated_by", "subject_id", "grantee_id") or (t == "users" and col == "id"):
                n = int(harness.db_query(
                    data, f"SELECT count(*) FROM {t} WHERE {col} = {int(user_id)}")[0][0])
                if n:
                    found.append((t, col, n))
            n = int(harness.db_query(
                data, f"SELECT count(*) FROM {t} WHERE CAST({col} AS TEXT) LIKE '%{email}%'")[0][0])
            if n:
                found.append((t, col, "email", n))
    return found, tables


def user_id_of(data, email):
    rows = harness.db_query(data, "SELECT id FROM users WHERE email = '%s'"
                            % email.replace("'", "''"))
    return int(rows[0][0])


def count_all(data):
    return {t: int(harness.db_query(data, f"SELECT count(*) FROM {t}")[0][0])
            for t in harness.db_tables(data)}


def test_erase_leaves_no_row_of_hers_in_any_table():
    with Server() as srv:
        db = srv.data
        # Someone else, whose data must stay.
        oc, oapi, oemail = member(srv)
        fill(oc, oapi)
        other_before = normalised(export(oapi).json())
        c, api, email = member(srv)
        fill(c, api)
        c.submit("/practice", "/practice", {"event": "start"})  # a draft, if it takes one
        uid = user_id_of(db, email)
        found, tables = rows_of(db, uid, email)
        assert {"practice_sessions", "ladder_entries", "reminders", "custom_items",
                "kit_items", "user_goals", "user_programs", "logins",
                "api_tokens"} <= {f[0] for f in found}, found
        # A wrong password leaves a throttle row keyed by her account.
        r = c.submit("/settings/data", "/settings/data/erase", {"password": "not my password"})
        assert r.status == 422, r
        assert "nothing was deleted" in alert(r.text), alert(r.text)
        assert user_id_of(db, email) == uid
        assert count_all(db)["throttle"] >= 1
        notes = harness.db_query(
            db, f"SELECT count(*) FROM practice_sessions WHERE user_id = {uid} "
            "AND note_enc IS NOT NULL")
        assert int(notes[0][0]) > 0
        if not harness.PG_URL:
            notes = sqlite3.connect(os.path.join(db, "pace.db")).execute(
                "SELECT note_enc FROM practice_sessions WHERE user_id = ? "
                "AND note_enc IS NOT NULL", (uid,)).fetchall()
        r = c.submit("/settings/data", "/settings/data/erase", {"password": PASSWORD})
        assert r.status == 200, r
        assert "Your account is deleted" in r.text
        assert c.get("/settings").status == 303  # signed out
        assert api.get("/api/v1/me").status == 401  # tokens gone
        found, _ = rows_of(db, uid, email)
        assert found == [], found
        assert count_all(db)["throttle"] == 0
        assert normalised(export(oapi).json()) == other_before
        # The sealed notes are gone from the file itself (secure_delete).
        if not harness.PG_URL:
            con = sqlite3.connect(os.path.join(db, "pace.db"))
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.close()
            raw = open(os.path.join(db, "pace.db"), "rb").read()
            for (blob,) in notes:
                assert bytes(blob) not in raw
        # She can sign in no more; the address is free again.
        r = Client(srv).submit("/login", "/login", {"email": email, "password": PASSWORD})
        assert r.status != 303, r


def test_cli_export_import_and_user_delete():
    with Server() as a:
        c, api, email = member(a)
        fill(c, api)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "mine.json")
            p = run_pace("export", "--email", email, "-o", out, "--data", a.data)
            assert p.returncode == 0, p.stderr
            doc = json.load(open(out))
            assert doc["format"] == "pace-export" and len(doc["sessions"]) == 5
            p = run_pace("export", "--email", email, "--format", "csv", "--data", a.data)
            assert p.returncode == 0 and p.stdout.startswith("id,started_at,"), p.stderr
            p = run_pace("export", "--email", email, "--format", "xml", "--data", a.data)
            assert p.returncode == 2, p
            with Server() as b:
                _, apib, email_b = member(b)
                uid_b = user_id_of(b.data, email_b)
                p = run_pace("import", "--email", email_b, out, "--data", b.data)
                assert p.returncode == 0, p.stderr
                assert json.loads(p.stdout)["added"]["sessions"] == 5
                p = run_pace("import", "--email", email_b, out, "--data", b.data)
                assert json.loads(p.stdout)["skipped"]["sessions"] == 5
                doc["sessions"][1]["after"]["pain"] = 12
                json.dump(doc, open(out, "w"))
                p = run_pace("import", "--email", email_b, out, "--data", b.data)
                assert p.returncode == 2 and "sessions[1].after.pain" in p.stderr, p.stderr
                p = run_pace("user", "delete", "--email", email_b, "--data", b.data)
                assert p.returncode == 0, p.stderr
                found, _ = rows_of(b.data, uid_b, email_b)
                assert found == [], found
                assert apib.get("/api/v1/me").status == 401


# The largest export Pace writes (core/export.h: everything but sessions
# and ladder entries, then 10,000 of each at their largest, and room for
# 50,000 entries of her trail and 1,000 grants at their largest), and the
# import routes' limit: that, with 64 KiB for a form's multipart framing.
EXPORT_MAX_BYTES = 256 * 1024 + 10000 * 20000 + 10000 * 512 + 50000 * 1024 + 1000 * 1024
IMPORT_LIMIT = EXPORT_MAX_BYTES + 64 * 1024


def declared_too_large(client, method, path, length, content_type="application/json"):
    """The answer to a request that only announces a body of length bytes:
    the server decides from Content-Length before any of it is sent."""
    h = dict(client.headers)
    if client.cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=30)
    try:
        conn.putrequest(method, path)
        for k, v in {**h, "Content-Type": content_type, "Content-Length": str(length)}.items():
            conn.putheader(k, v)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_a_large_import_fits_and_its_limit_is_its_own():
    """Years of daily sessions (over the usual 1 MiB body limit) import in
    one go; the larger limit, the largest export Pace writes, is only for
    this route."""
    with Server() as srv:
        c, api, _ = member(srv)
        doc = export(api).json()
        start = datetime(2020, 1, 1, 19, 0, tzinfo=timezone.utc)
        for i in range(1900):
            t = (start + timedelta(days=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            doc["sessions"].append({
                "id": f"0a1b2c3d-0000-4000-8000-{i:012d}", "started_at": t, "duration_s": 900,
                "dilator_id": "fms-16", "diameter_mm": 16, "temperature": "room",
                "lubricant": "water_based", "before": {"fear": 3, "tension": 3, "pain": 2},
                "after": {"fear": 1, "tension": 1, "pain": 1}, "outcome": "completed",
                "note": "A quiet evening, breathing slowly, feeling a little more at ease. " * 5})
        body = json.dumps(doc)
        assert len(body) > 1024 * 1024
        r = api.request("POST", "/api/v1/import", body=body,
                        headers={"Content-Type": "application/json"})
        assert r.status == 200, r
        assert r.json()["added"]["sessions"] == 1900
        assert too_large(api, "PUT", "/api/v1/kit", body)
        assert declared_too_large(api, "POST", "/api/v1/import", IMPORT_LIMIT + 1) == 413
        assert declared_too_large(api, "PUT", "/api/v1/kit", 1024 * 1024 + 1) == 413
        # The page's upload form has the same limit.
        assert declared_too_large(c, "POST", "/settings/data/import", IMPORT_LIMIT + 1,
                                  "multipart/form-data; boundary=x") == 413


def test_a_large_seeded_account_imports_back_through_the_cli_the_api_and_the_form():
    """A long history with long notes in several scripts: its export is
    larger than the 32 MiB imports used to take (and than pace import
    read), and it comes back whole through every way in."""
    from test_upload_import import notice, upload
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "a")
        p = run_pace("dev", "seed", "--users", "1", "--sessions-per-user", "3500",
                     "--note-chars", "4000", "--until", "2026-01-01T00:00:00Z",
                     "--data", data, timeout=300)
        assert p.returncode == 0, p.stderr
        out = os.path.join(tmp, "seed.json")
        p = run_pace("export", "--email", "seed-0@example.org", "-o", out, "--data", data,
                     timeout=300)
        assert p.returncode == 0, p.stderr
        raw = open(out, "rb").read()
        assert len(raw) > 32 * 1024 * 1024, len(raw)
        assert raw.count(b"\n") == 1  # compact
        first = json.loads(raw)
        assert len(first["sessions"]) == 3500
        assert all(len(s["note"]) == 4000 for s in first["sessions"])
        want = normalised(first)
        with Server() as b:
            # pace import
            c1, api1, email1 = member(b)
            p = run_pace("import", "--email", email1, out, "--data", b.data, timeout=300)
            assert p.returncode == 0, p.stderr
            assert json.loads(p.stdout)["added"]["sessions"] == 3500
            assert normalised(export(api1).json()) == want
            assert run_pace("user", "delete", "--email", email1, "--data", b.data).returncode == 0
            # POST /api/v1/import
            _, api2, email2 = member(b)
            r = api2.request("POST", "/api/v1/import", body=raw,
                             headers={"Content-Type": "application/json"}, timeout=300)
            assert r.status == 200, r
            assert r.json()["added"]["sessions"] == 3500
            assert normalised(export(api2).json()) == want
            assert run_pace("user", "delete", "--email", email2, "--data", b.data).returncode == 0
            # The "Your data" page's upload form
            c3, api3, _ = member(b)
            r = upload(c3, raw)
            assert r.status == 303, r
            told = notice(c3.get(r.header("Location").split("#")[0]).text)
            assert "3500 sessions" in told, told
            assert normalised(export(api3).json()) == want


def too_large(api, method, path, body):
    """True when the server refuses the body as too large: a 413, or (as it
    answers before the body is in) closing the connection while we send."""
    try:
        r = api.request(method, path, body=body, headers={"Content-Type": "application/json"})
    except (BrokenPipeError, ConnectionResetError):
        return True
    return r.status == 413
