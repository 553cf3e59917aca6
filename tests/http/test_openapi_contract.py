"""docs/openapi.yaml against the real server: every route under /api/v1 is
documented and every documented path is served; every documented operation
is called, with its answers and its documented refusals, and each answer's
status, content type and body are checked against the document by Debian's
python3-jsonschema (openapicheck.py), to the last field."""

import json
import re
import socket
import uuid
from datetime import timedelta

import openapicheck
from harness import Client, Server, now_dt, register, run_pace

JSON = "application/json"
# Documented answers no test here can bring about, each with where it is tested.
NOT_CALLED = {
    "507": "a full disk (tests/durability fills one under POST /api/v1/sessions)",
}


def rfc3339(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def template_of(path):
    """/cal/{token}.ics and /api/v1/sessions/{id} as `pace dev routes` writes them."""
    return re.sub(r"\{[^}]*\}[^/]*", "{}", path)


class Recorder:
    """Calls the server and keeps every answer with the operation it was for."""

    def __init__(self, srv):
        self.srv = srv
        self.answers = []

    def call(self, client, method, template, path=None, body=None, ctype=JSON, headers=None,
             raw=None):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body)
        if data is not None and ctype:
            h["Content-Type"] = ctype
        r = client.request(method, path or template, body=data, headers=h)
        got = (r.header("Content-Type") or "").split(";")[0].strip()
        if not r.body:
            parsed = None
        elif got.endswith("json"):
            parsed = json.loads(r.body)
        else:
            parsed = r.text
        answer = {"method": method, "path": template, "status": r.status,
                  "content_type": got, "body": parsed, "headers": [k for k, _ in r.headers]}
        if body is not None:
            answer["request"] = body
        self.answers.append(answer)
        return r

    def _send_head(self, token, method, path, length):
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=30)
        s.sendall((f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   f"Authorization: Bearer {token}\r\nContent-Type: {JSON}\r\n"
                   f"Content-Length: {length}\r\nConnection: close\r\n\r\n").encode())
        return s

    def oversized(self, token, method, template, path=None, length=4 * 1024 ** 3):
        """A body of length bytes, told by Content-Length and never sent: a
        body larger than the route takes is refused before it is read."""
        s = self._send_head(token, method, path or template, length)
        raw = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                raw += chunk
        finally:
            s.close()
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        ctype = next((ln.split(":", 1)[1].strip() for ln in lines[1:]
                      if ln.lower().startswith("content-type:")), "")
        if re.search(r"(?im)^transfer-encoding:\s*chunked", head.decode("latin-1")):
            body = _unchunk(body)
        self.answers.append({"method": method, "path": template, "status": status,
                             "content_type": ctype.split(";")[0],
                             "body": json.loads(body) if body else None})
        return status

    def waits_for_body(self, token, method, path, length):
        """Whether the server waits for a body of length bytes (no 413 at once)."""
        s = self._send_head(token, method, path, length)
        s.settimeout(1.0)
        try:
            return s.recv(1) == b""  # closed without an answer: not refused either
        except socket.timeout:
            return True
        finally:
            s.close()


def _unchunk(b):
    out = b""
    while b:
        size, _, rest = b.partition(b"\r\n")
        n = int(size.split(b";")[0], 16)
        if n == 0:
            break
        out += rest[:n]
        b = rest[n + 2:]
    return out


def account(srv):
    """A new person: (web client signed in, API client with her token, token)."""
    web = Client(srv)
    email = register(web)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    token = p.stdout.strip()
    return web, Client(srv, headers={"Authorization": f"Bearer {token}"}), token


def operations(doc):
    ops = []
    for path, item in doc["paths"].items():
        for method in ("get", "put", "post", "delete", "patch"):
            if method in item:
                ops.append((method.upper(), path, item[method]))
    return ops


# ---- the routes ---------------------------------------------------------------

def test_every_api_route_is_documented_and_every_documented_operation_is_served():
    doc = openapicheck.run("doc")
    p = run_pace("dev", "routes")
    assert p.returncode == 0, p.stderr
    served = {(r["method"], r["pattern"]) for r in map(json.loads, p.stdout.splitlines())}
    documented = {(m, template_of(path)) for m, path, _ in operations(doc)}
    api = {(m, t) for m, t in served if t.startswith("/api/v1/") or t == "/api/v1"}
    missing = sorted(api - documented)
    assert not missing, f"served under /api/v1 but not documented: {missing}"
    unserved = sorted(documented - served)
    assert not unserved, f"documented but not served: {unserved}"
    # Every operation has a unique operationId, and every one under /api/v1
    # answers 401 without a token.
    ids = [op.get("operationId") for _, _, op in operations(doc)]
    assert None not in ids and len(ids) == len(set(ids)), ids
    for m, path, op in operations(doc):
        if path.startswith("/api/v1/"):
            assert "401" in op["responses"], f"{m} {path}: no 401"


# ---- the answers ----------------------------------------------------------------

def _fill(path, values):
    return re.sub(r"\{([^}]*)\}", lambda m: values[m.group(1)], path)


def _without_token(rec, srv, doc):
    anon = Client(srv)
    bad = Client(srv, headers={"Authorization": "Bearer pace_" + "A" * 43})
    values = {"id": str(uuid.uuid4()), "line": "fms", "token": "A" * 43}
    for m, path, _ in operations(doc):
        if not path.startswith("/api/v1/"):
            continue
        concrete = _fill(path, values)
        if path in ("/api/v1/tokens/{id}",):
            concrete = "/api/v1/tokens/1"
        body = {} if m in ("PUT", "POST") else None
        r = rec.call(anon, m, path, concrete, body=body)
        assert r.status == 401, f"{m} {path} without a token: {r}"
        r = rec.call(bad, m, path, concrete, body=body)
        assert r.status == 401, f"{m} {path} with an unknown token: {r}"


def _account_and_tokens(rec, srv, api):
    assert rec.call(Client(srv), "GET", "/healthz").status == 200
    assert rec.call(api, "GET", "/api/v1/me").status == 200
    mine = {t["id"] for t in api.get("/api/v1/tokens").json()["items"]}
    # a second token of hers, which she revokes; then it is gone
    p = run_pace("token", "create", "--email", api_email(api), "--data", srv.data)
    assert p.returncode == 0, p.stderr
    assert rec.call(api, "GET", "/api/v1/tokens").status == 200
    new = max({t["id"] for t in api.get("/api/v1/tokens").json()["items"]} - mine)
    path = f"/api/v1/tokens/{new}"
    assert rec.call(api, "DELETE", "/api/v1/tokens/{id}", path).status == 204
    assert rec.call(api, "DELETE", "/api/v1/tokens/{id}", path).status == 404


def api_email(api):
    return api.get("/api/v1/me").json()["email"]


def _refusals(rec, api, token, method, template, path=None, invalid=None):
    """The documented refusals of a JSON body: not JSON (400), too large
    (413), and, when given, an invalid body (422)."""
    path = path or template
    r = rec.call(api, method, template, path, raw='{"items": [')
    assert r.status == 400, f"{method} {path} with broken JSON: {r}"
    r = rec.call(api, method, template, path, raw="items=1",
                 ctype="application/x-www-form-urlencoded")
    assert r.status == 400, f"{method} {path} with a form body: {r}"
    assert rec.oversized(token, method, template, path) == 413
    if invalid is not None:
        r = rec.call(api, method, template, path, body=invalid)
        assert r.status == 422, f"{method} {path} with {invalid}: {r}"


def _catalogs_and_kit(rec, api, token):
    assert rec.call(api, "GET", "/api/v1/catalogs").status == 200
    every = []
    for line in api.get("/api/v1/catalogs").json()["lines"]:
        r = rec.call(api, "GET", "/api/v1/catalogs/{line}", f"/api/v1/catalogs/{line['line']}")
        assert r.status == 200, r
        every += [i["id"] for i in r.json()["items"]]
    assert rec.call(api, "GET", "/api/v1/catalogs/{line}",
                    "/api/v1/catalogs/no-such-line").status == 404
    assert rec.call(api, "GET", "/api/v1/kit").status == 200
    # every catalog item at once: dilators, stents and the adjustable device
    assert rec.call(api, "PUT", "/api/v1/kit", body={"items": every[:200]}).status == 200
    _refusals(rec, api, token, "PUT", "/api/v1/kit", invalid={"items": ["no-such-item"]})
    mib = 1024 * 1024  # TooLarge: "larger than 1 MiB"
    assert rec.oversized(token, "PUT", "/api/v1/kit", length=mib + 1) == 413
    assert rec.waits_for_body(token, "PUT", "/api/v1/kit", mib)
    r = rec.call(api, "POST", "/api/v1/kit/custom",
                 body={"label": "Mine", "diameter_mm": 21.5, "material": "glass"})
    assert r.status == 201, r
    key = {"Idempotency-Key": str(uuid.uuid4())}
    stent = {"label": "Night stent", "diameter_mm": 30, "length_mm": 120,
             "material": "silicone", "kind": "stent"}
    for _ in range(2):
        r = rec.call(api, "POST", "/api/v1/kit/custom", body=stent, headers=key)
        assert r.status == 201, r
    gone = rec.call(api, "POST", "/api/v1/kit/custom",
                    body={"label": "Old", "diameter_mm": 12, "material": "plastic"}).json()["id"]
    _refusals(rec, api, token, "POST", "/api/v1/kit/custom",
              invalid={"label": "", "diameter_mm": 12, "material": "plastic"})
    path = f"/api/v1/kit/custom/{gone}"
    assert rec.call(api, "DELETE", "/api/v1/kit/custom/{id}", path).status == 204
    assert rec.call(api, "DELETE", "/api/v1/kit/custom/{id}", path).status == 404
    assert rec.call(api, "GET", "/api/v1/kit").status == 200
    return [i for i in api.get("/api/v1/kit").json()["items"]]


def _sessions(rec, api, token, kit):
    t = now_dt() - timedelta(days=20)
    dilator = next(i for i in kit if i["kind"] == "dilator" and not i["custom"])
    adjustable = next(i for i in kit if i["kind"] == "adjustable")
    bodies = [
        {"started_at": rfc3339(t), "outcome": "completed", "dilator_id": dilator["id"],
         "duration_s": 900, "temperature": "warm", "lubricant": "water_based",
         "exercises": ["breathing", "relaxation", "flexibilization"],
         "before": {"fear": 3, "tension": 4, "pain": 0},
         "after": {"fear": 1, "tension": 2, "pain": 1}, "max_pain": 2,
         "spasms": [{"at_s": 60, "duration_s": 10}], "felt_safe": True,
         "helped": ["breathing", "warmth"], "note": "Calm today.", "with_partner": True},
        {"started_at": rfc3339(t + timedelta(days=2)), "outcome": "completed",
         "dilator_id": adjustable["id"], "diameter_mm": adjustable["diameter_mm"] + 2,
         "duration_s": 600, "exercises": ["breathing"], "max_pain": 1},
        {"started_at": rfc3339(t + timedelta(days=4)), "outcome": "not_today",
         "safety": ["infection"]},
        {"started_at": rfc3339(t + timedelta(days=5)), "outcome": "stopped",
         "exercises": ["breathing", "relaxation"], "duration_s": 120},
    ]
    ids = []
    for b in bodies:
        r = rec.call(api, "POST", "/api/v1/sessions", body=b)
        assert r.status == 201, (b, r)
        ids.append(r.json()["id"])
    key = {"Idempotency-Key": str(uuid.uuid4())}
    again = dict(bodies[0], started_at=rfc3339(t + timedelta(days=6)))
    for _ in range(2):
        r = rec.call(api, "POST", "/api/v1/sessions", body=again, headers=key)
        assert r.status == 201, r
    r = rec.call(api, "POST", "/api/v1/sessions", body=dict(again, duration_s=5), headers=key)
    assert r.status == 422, r
    _refusals(rec, api, token, "POST", "/api/v1/sessions",
              invalid={"started_at": rfc3339(t), "outcome": "completed", "max_pain": 11})
    # a page at a time, and the filters
    cursor, pages = None, 0
    while True:
        q = "/api/v1/sessions?limit=2" + (f"&cursor={cursor}" if cursor else "")
        r = rec.call(api, "GET", "/api/v1/sessions", q)
        assert r.status == 200, r
        cursor, pages = r.json()["next_cursor"], pages + 1
        if cursor is None:
            break
    assert pages >= 3
    q = (f"/api/v1/sessions?from={rfc3339(t)}&to={rfc3339(now_dt())}"
         f"&diameter_mm={dilator['diameter_mm']}")
    assert rec.call(api, "GET", "/api/v1/sessions", q).status == 200
    assert rec.call(api, "GET", "/api/v1/sessions", "/api/v1/sessions?limit=0").status == 422
    one = "/api/v1/sessions/{id}"
    for i in ids:
        assert rec.call(api, "GET", one, f"/api/v1/sessions/{i}").status == 200
    nobody = f"/api/v1/sessions/{uuid.uuid4()}"
    assert rec.call(api, "GET", one, nobody).status == 404
    changed = dict(bodies[0], note="Changed.", id=ids[0])
    assert rec.call(api, "PUT", one, f"/api/v1/sessions/{ids[0]}", body=changed).status == 200
    assert rec.call(api, "PUT", one, nobody, body=bodies[3]).status == 404
    _refusals(rec, api, token, "PUT", one, f"/api/v1/sessions/{ids[3]}",
              invalid=dict(bodies[3], outcome="maybe"))
    last = f"/api/v1/sessions/{ids[3]}"
    assert rec.call(api, "DELETE", one, last).status == 204
    assert rec.call(api, "DELETE", one, last).status == 404


def _plan(rec, api, token):
    for tz in ("", "?tz=Europe/Berlin", "?tz=UTC%2B05:30", "?tz=60"):
        assert rec.call(api, "GET", "/api/v1/recommendation",
                        "/api/v1/recommendation" + tz).status == 200
    assert rec.call(api, "GET", "/api/v1/program").status == 200
    programs = [p["id"] for p in api.get("/api/v1/program").json()["programs"]]
    for p in programs:
        r = rec.call(api, "PUT", "/api/v1/program", body={"program": p})
        assert r.status == 200, r
        assert rec.call(api, "GET", "/api/v1/recommendation").status == 200
    start = rfc3339(now_dt() - timedelta(days=30))
    r = rec.call(api, "PUT", "/api/v1/program",
                 body={"program": "vaginismus", "started_at": start,
                       "params": {"comfort_sessions": 4}})
    assert r.status == 200, r
    _refusals(rec, api, token, "PUT", "/api/v1/program", invalid={"program": "no-such"})
    assert rec.call(api, "GET", "/api/v1/goals", "/api/v1/goals?tz=Europe/Berlin").status == 200
    available = [g["goal"] for g in api.get("/api/v1/goals").json()["available"]]
    goals = [{"goal": g} for g in available[:3]]
    goals.append({"goal": "custom", "label": "Yoga", "min_mm": 20, "max_mm": 25})
    goals[0]["achieved_at"] = rfc3339(now_dt() - timedelta(days=1))
    assert rec.call(api, "PUT", "/api/v1/goals", body={"goals": goals}).status == 200
    assert rec.call(api, "GET", "/api/v1/goals").status == 200
    _refusals(rec, api, token, "PUT", "/api/v1/goals",
              invalid={"goals": [{"goal": "custom", "label": "x", "min_mm": 30, "max_mm": 20}]})


def _ladder_and_exam(rec, api, token):
    assert rec.call(api, "GET", "/api/v1/exam-prep").status == 200
    assert rec.call(api, "GET", "/api/v1/ladder").status == 200
    entries = [{"items": {"tampon": {"anxiety": 3, "pain": 1},
                          "gyn_exam": {"anxiety": 8, "not_tried": True}}},
               {"items": {"finger": {"anxiety": 2, "pain": 0}, "dilator": None}}]
    for e in entries:
        r = rec.call(api, "POST", "/api/v1/ladder", body=e)
        assert r.status == 201, r
    _refusals(rec, api, token, "POST", "/api/v1/ladder", invalid={"items": {}})
    cursor = None
    while True:
        q = "/api/v1/ladder?limit=1" + (f"&cursor={cursor}" if cursor else "")
        r = rec.call(api, "GET", "/api/v1/ladder", q)
        assert r.status == 200, r
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert rec.call(api, "GET", "/api/v1/ladder", "/api/v1/ladder?limit=x").status == 422
    assert rec.call(api, "GET", "/api/v1/exam-prep").status == 200


def _data(rec, srv, api, token, other_api):
    for q in ("", "?format=json", "?format=csv", "?format=csv&bom=1", "?format=fhir"):
        r = rec.call(api, "GET", "/api/v1/export", "/api/v1/export" + q)
        assert r.status == 200, r
    for q in ("?format=xml", "?format=json&bom=1", "?format=csv&bom=2"):
        r = rec.call(api, "GET", "/api/v1/export", "/api/v1/export" + q)
        assert r.status == 400, r
    export = json.loads(api.get("/api/v1/export").body)
    # into her own account: everything is there already
    assert rec.call(api, "POST", "/api/v1/import", body=export).status == 200
    # without the sessions into another account; with them, no: her session
    # ids are hers on this server
    r = rec.call(other_api, "POST", "/api/v1/import", body=dict(export, sessions=[]))
    assert r.status == 200, r
    r = rec.call(other_api, "POST", "/api/v1/import", body=export)
    assert r.status == 409, r
    bad = dict(export, format_version=9)
    r = rec.call(api, "POST", "/api/v1/import", raw="{")
    assert r.status == 422, r  # the import names line and column
    r = rec.call(api, "POST", "/api/v1/import", raw="x=1",
                 ctype="application/x-www-form-urlencoded")
    assert r.status == 400, r
    assert rec.call(api, "POST", "/api/v1/import", body=bad).status == 422
    # the limit as documented: the largest export and 64 KiB
    desc = openapicheck.run("doc")["paths"]["/api/v1/import"]["post"]["description"]
    limit = int(re.search(r"up to ([0-9,]+) bytes", desc).group(1).replace(",", ""))
    assert rec.oversized(token, "POST", "/api/v1/import", length=limit + 1) == 413
    assert rec.waits_for_body(token, "POST", "/api/v1/import", limit)


def _sharing(rec, srv, her_api, her_token, his_api):
    assert rec.call(her_api, "GET", "/api/v1/grants").status == 200
    partner = rec.call(her_api, "POST", "/api/v1/grants",
                       body={"relation": "partner", "scopes": ["summary", "progress"],
                             "label": "Sam", "subject_name": "Alex"})
    assert partner.status == 201, partner
    clinician = rec.call(her_api, "POST", "/api/v1/grants",
                         body={"relation": "clinician", "scopes": ["summary", "sessions"],
                               "end": rfc3339(now_dt() + timedelta(days=30))})
    assert clinician.status == 201, clinician
    _refusals(rec, her_api, her_token, "POST", "/api/v1/grants",
              invalid={"relation": "partner", "scopes": ["edit_plan"]})
    accept = "/api/v1/invitations/{token}"
    tok = partner.json()["invitation_token"]
    assert rec.call(his_api, "POST", accept, f"/api/v1/invitations/{tok}").status == 200
    assert rec.call(his_api, "POST", accept, f"/api/v1/invitations/{tok}").status == 404
    own = clinician.json()["invitation_token"]
    assert rec.call(her_api, "POST", accept, f"/api/v1/invitations/{own}").status == 422
    assert rec.call(his_api, "GET", "/api/v1/shared").status == 200
    assert his_api.get("/api/v1/shared").json()["items"], "the accepted grant is not listed"
    assert rec.call(her_api, "GET", "/api/v1/shared").status == 200
    one = "/api/v1/grants/{id}"
    gid = partner.json()["id"]
    r = rec.call(her_api, "PUT", one, f"/api/v1/grants/{gid}",
                 body={"scopes": ["summary", "sessions"], "end": None})
    assert r.status == 200, r
    nobody = f"/api/v1/grants/{uuid.uuid4()}"
    assert rec.call(her_api, "PUT", one, nobody, body={"scopes": ["summary"]}).status == 404
    _refusals(rec, her_api, her_token, "PUT", one, f"/api/v1/grants/{gid}",
              invalid={"scopes": []})
    assert rec.call(her_api, "GET", "/api/v1/grants").status == 200
    cid = clinician.json()["id"]
    assert rec.call(her_api, "DELETE", one, f"/api/v1/grants/{cid}").status == 204
    assert rec.call(her_api, "DELETE", one, nobody).status == 404
    assert rec.call(her_api, "GET", "/api/v1/grants").status == 200
    cursor = None
    while True:
        q = "/api/v1/audit?limit=1" + (f"&cursor={cursor}" if cursor else "")
        r = rec.call(her_api, "GET", "/api/v1/audit", q)
        assert r.status == 200, r
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert rec.call(her_api, "GET", "/api/v1/audit", "/api/v1/audit?limit=501").status == 422


def _query_bounds(rec, api, doc):
    """Each whole-number query parameter at its documented bounds is taken,
    and one past them refused, as documented (422)."""
    for m, path, op in operations(doc):
        if not path.startswith("/api/v1/") or "{" in path:
            continue
        for prm in op.get("parameters", []):
            sch = prm.get("schema", {})
            if prm.get("in") != "query" or sch.get("type") != "integer":
                continue
            name = prm["name"]
            for value, want in ((sch.get("minimum"), 200), (sch.get("maximum"), 200),
                                ((sch.get("minimum") or 0) - 1, 422),
                                ((sch.get("maximum") or 0) + 1, 422)):
                if value is None:
                    continue
                r = rec.call(api, m, path, f"{path}?{name}={value}")
                assert r.status == want, f"{m} {path}?{name}={value}: {r}"


def _calendar(rec, srv, web):
    r = web.post("/reminders", [("csrf", web.csrf_for("/reminders")), ("day", "mon"),
                                ("day", "thu"), ("time", "19:30"), ("title", "Me time"),
                                ("tz", "Europe/Berlin")])
    m = re.search(r"/cal/([A-Za-z0-9_-]{43})\.ics", r.text)
    assert m, r.text[:500]
    feed = "/cal/{token}.ics"
    stranger = Client(srv)
    assert rec.call(stranger, "GET", feed, f"/cal/{m.group(1)}.ics").status == 200
    assert rec.call(stranger, "GET", feed, "/cal/" + "A" * 43 + ".ics").status == 404


def test_every_documented_operation_answers_as_the_document_says():
    doc = openapicheck.run("doc")
    with Server() as srv:
        rec = Recorder(srv)
        her_web, her, her_token = account(srv)
        _, him, _ = account(srv)
        _without_token(rec, srv, doc)
        _account_and_tokens(rec, srv, her)
        kit = _catalogs_and_kit(rec, her, her_token)
        _sessions(rec, her, her_token, kit)
        _plan(rec, her, her_token)
        _ladder_and_exam(rec, her, her_token)
        _calendar(rec, srv, her_web)
        _data(rec, srv, her, her_token, him)
        _sharing(rec, srv, her, her_token, him)
        _query_bounds(rec, her, doc)
        # a person with nothing yet
        _, new, _ = account(srv)
        for path in ("/api/v1/kit", "/api/v1/recommendation", "/api/v1/program",
                     "/api/v1/goals", "/api/v1/ladder", "/api/v1/exam-prep",
                     "/api/v1/sessions", "/api/v1/grants", "/api/v1/audit", "/api/v1/export"):
            assert rec.call(new, "GET", path).status == 200, path
        answers = rec.answers

    problems = openapicheck.run("answers", json.dumps(answers))
    assert not problems, f"{len(problems)} answers differ from docs/openapi.yaml:\n" + \
        "\n".join(problems[:60])

    # Every documented operation was called, and every answer it documents
    # was seen, save those NOT_CALLED names.
    seen = {(a["method"], a["path"], str(a["status"])) for a in answers}
    unseen = []
    for m, path, op in operations(doc):
        for status in op["responses"]:
            if (m, path, status) not in seen and status not in NOT_CALLED:
                unseen.append(f"{m} {path} -> {status}")
    assert not unseen, "documented but never answered here:\n" + "\n".join(unseen)
    print(f"# {len(answers)} answers of {len(operations(doc))} operations checked")
