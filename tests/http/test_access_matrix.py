"""test_access_matrix.py - every route of the route table (read from
`pace dev routes`) x every kind of actor, and every CLI command that touches
personal data, with the expected answer. A route without a row here fails
the test, so nothing is added without deciding who may use it.

Actors: nobody signed in, herself (browser), another patient, a clinician
and an admin (browsers of their own, with no grant from her), a bearer token
of hers, and a revoked token of hers. Today only she reaches her data; the
roles change nothing (only grants will)."""

import json
import re

import harness  # noqa: E402
from harness import Client, Server, csrf, register, run_pace

# What a route is about:
#   public  - anyone, signed in or not
#   own     - whoever is signed in, on their own data (no record in the path)
#   own-if-set - the same, and absent for someone who has not set it up
#   hers    - a record of hers named in the path: others get 404
#   feed    - the private calendar address: the token in it is the key
#   no-such-invitation - an invitation link that does not exist: nothing for anyone
#   someone-elses-grant - what she shares with a partner, who is none of the actors
#   no-such-reset-link - a password reset link that does not exist: nothing for anyone,
#                  signed in or not
#   no-such-link - a report link that does not exist: the same calm page for anyone
#   community - the community, which she joined (with a post in {}): the others
#               have not, so pages send them to /community and writing is refused
#   moderation - the moderators' pages: nobody here is a moderator (see the
#               community test below for members and moderators)
MATRIX = {
    ("GET", "/healthz"): "public",
    ("GET", "/static/{}"): "public",
    ("GET", "/"): "public",
    ("GET", "/register"): "public",
    ("POST", "/register"): "public",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("GET", "/recover"): "public",
    ("POST", "/recover"): "public",
    ("GET", "/reset/{}"): "no-such-reset-link",
    ("POST", "/reset/{}"): "no-such-reset-link",
    ("POST", "/logout"): "own",
    ("POST", "/lang"): "public",
    ("GET", "/settings"): "own",
    ("POST", "/settings/about"): "own",
    ("POST", "/settings/password"): "own",
    ("POST", "/settings/logins/end-others"): "own",
    ("POST", "/settings/logins/{}/end"): "hers",
    ("POST", "/settings/tokens"): "own",
    ("POST", "/settings/tokens/{}/revoke"): "hers",
    ("POST", "/settings/cues"): "own",
    ("POST", "/settings/recovery-codes"): "own",
    ("GET", "/settings/data"): "own",
    ("GET", "/settings/data/export"): "own",
    ("POST", "/settings/data/erase"): "own",
    ("POST", "/settings/data/import"): "own",
    ("GET", "/practice"): "own",
    ("POST", "/practice"): "own",
    ("GET", "/practice/discard"): "own",
    ("POST", "/practice/discard"): "own",
    ("GET", "/practice/done/{}"): "hers",
    ("GET", "/sessions"): "own",
    ("GET", "/sessions/new"): "own",
    ("POST", "/sessions/new"): "own",
    ("GET", "/sessions/{}"): "hers",
    ("GET", "/sessions/{}/edit"): "hers",
    ("POST", "/sessions/{}/edit"): "hers",
    ("GET", "/sessions/{}/delete"): "hers",
    ("POST", "/sessions/{}/delete"): "hers",
    ("GET", "/today"): "own",
    ("GET", "/welcome"): "own",
    ("POST", "/welcome"): "own",
    ("GET", "/welcome/kit"): "own",
    ("POST", "/welcome/kit"): "own",
    ("GET", "/welcome/plan"): "own",
    ("POST", "/welcome/plan"): "own",
    ("GET", "/more"): "own",
    ("GET", "/progress"): "own",
    ("GET", "/plan"): "own",
    ("POST", "/plan"): "own",
    ("POST", "/plan/goals/{}/reached"): "hers",
    ("GET", "/plan/rules"): "own",
    ("POST", "/plan/rules"): "own",
    ("GET", "/kit"): "own",
    ("POST", "/kit"): "own",
    ("POST", "/kit/custom"): "own",
    ("POST", "/kit/custom/{}/delete"): "hers",
    ("GET", "/ladder"): "own",
    ("POST", "/ladder"): "own",
    ("GET", "/exam-prep"): "own",
    ("POST", "/exam-prep"): "own",
    ("GET", "/report"): "own",
    ("POST", "/report"): "own",
    ("GET", "/reminders"): "own",
    ("POST", "/reminders"): "own",
    ("POST", "/reminders/link"): "own",
    ("POST", "/reminders/link/revoke"): "own",
    ("GET", "/reminders/calendar.ics"): "own-if-set",
    ("GET", "/cal/{}"): "feed",
    ("GET", "/guide"): "public",
    ("GET", "/guide/{}"): "public",
    ("GET", "/sharing"): "own",
    ("POST", "/sharing/invite"): "own",
    ("GET", "/sharing/audit"): "own",
    ("POST", "/sharing/{}"): "hers",
    ("POST", "/sharing/{}/revoke"): "hers",
    ("GET", "/invite/{}"): "no-such-invitation",
    ("POST", "/invite/{}"): "no-such-invitation",
    ("GET", "/shared"): "own",
    ("GET", "/shared/{}"): "someone-elses-grant",
    ("GET", "/shared/{}/progress"): "someone-elses-grant",
    ("GET", "/shared/{}/data"): "someone-elses-grant",
    ("GET", "/shared/{}/report.pdf"): "someone-elses-grant",
    ("GET", "/community"): "own",
    ("POST", "/community/join"): "own",
    ("GET", "/community/leave"): "own",
    ("POST", "/community/leave"): "community-leave",
    ("GET", "/community/s/{}"): "community",
    ("POST", "/community/s/{}"): "community",
    ("GET", "/community/p/{}"): "community",
    ("POST", "/community/p/{}/comments"): "community",
    ("POST", "/community/p/{}/support"): "community",
    ("POST", "/community/p/{}/report"): "community",
    ("GET", "/community/p/{}/edit"): "community",
    ("POST", "/community/p/{}/edit"): "community",
    ("GET", "/community/moderation"): "moderation",
    ("GET", "/community/moderation/log"): "moderation",
    ("POST", "/community/moderation/suspend"): "moderation",
    ("POST", "/community/moderation/{}"): "moderation",
    ("POST", "/community/moderation/{}/edit"): "moderation",
    ("GET", "/api/v1/community/me"): "own",
    ("POST", "/api/v1/community/join"): "own",
    ("POST", "/api/v1/community/leave"): "community-leave",
    ("GET", "/api/v1/community/spaces"): "own",
    ("GET", "/api/v1/community/spaces/{}/posts"): "community",
    ("POST", "/api/v1/community/spaces/{}/posts"): "community",
    ("GET", "/api/v1/community/posts/{}"): "community",
    ("PUT", "/api/v1/community/posts/{}"): "community",
    ("POST", "/api/v1/community/posts/{}/comments"): "community",
    ("PUT", "/api/v1/community/posts/{}/support"): "community",
    ("DELETE", "/api/v1/community/posts/{}/support"): "community",
    ("POST", "/api/v1/community/posts/{}/reports"): "community",
    ("GET", "/api/v1/community/moderation/queue"): "moderation",
    ("POST", "/api/v1/community/moderation/posts/{}"): "moderation",
    ("GET", "/api/v1/community/moderation/log"): "moderation",
    ("GET", "/api/v1/me"): "own",
    ("GET", "/api/v1/export"): "own",
    ("POST", "/api/v1/import"): "own",
    ("GET", "/api/v1/tokens"): "own",
    ("DELETE", "/api/v1/tokens/{}"): "hers",
    ("GET", "/api/v1/catalogs"): "own",
    ("GET", "/api/v1/catalogs/{}"): "own",
    ("GET", "/api/v1/kit"): "own",
    ("PUT", "/api/v1/kit"): "own",
    ("POST", "/api/v1/kit/custom"): "own",
    ("DELETE", "/api/v1/kit/custom/{}"): "hers",
    ("GET", "/api/v1/ladder"): "own",
    ("POST", "/api/v1/ladder"): "own",
    ("GET", "/api/v1/exam-prep"): "own",
    ("GET", "/api/v1/recommendation"): "own",
    ("GET", "/api/v1/program"): "own",
    ("PUT", "/api/v1/program"): "own",
    ("GET", "/api/v1/goals"): "own",
    ("PUT", "/api/v1/goals"): "own",
    ("POST", "/api/v1/sessions"): "own",
    ("GET", "/api/v1/sessions"): "own",
    ("GET", "/api/v1/sessions/{}"): "hers",
    ("PUT", "/api/v1/sessions/{}"): "hers",
    ("DELETE", "/api/v1/sessions/{}"): "hers",
    ("GET", "/api/v1/grants"): "own",
    ("POST", "/api/v1/grants"): "own",
    ("PUT", "/api/v1/grants/{}"): "hers",
    ("DELETE", "/api/v1/grants/{}"): "hers",
    ("POST", "/api/v1/invitations/{}"): "no-such-invitation",
    ("GET", "/api/v1/shared"): "own",
    ("GET", "/api/v1/audit"): "own",
    ("POST", "/sharing/links/{}/revoke"): "hers",
    ("GET", "/r/{}"): "no-such-link",
    ("POST", "/r/{}"): "no-such-link",
    ("GET", "/api/v1/report-links"): "own",
    ("POST", "/api/v1/report-links"): "own",
    ("DELETE", "/api/v1/report-links/{}"): "hers",
    # the clinician's workspace
    ("GET", "/intake"): "own",
    ("POST", "/intake"): "own",
    ("GET", "/intake/summary"): "own",
    ("POST", "/plan/changes/{}"): "hers",
    ("POST", "/feedback/{}/seen"): "hers",
    ("GET", "/clinic"): "own",
    ("GET", "/clinic/{}"): "someone-elses-grant",
    ("GET", "/clinic/{}/report.pdf"): "someone-elses-grant",
    ("POST", "/clinic/{}/exam"): "someone-elses-grant",
    ("POST", "/clinic/{}/change"): "someone-elses-grant",
    ("POST", "/clinic/{}/feedback"): "someone-elses-grant",
    ("GET", "/admin/clinicians"): "admin-only",
    ("POST", "/admin/clinicians/{}/verify"): "admin-only",
    ("GET", "/api/v1/intake"): "own-if-set",
    ("PUT", "/api/v1/intake"): "own",
    ("GET", "/api/v1/exams"): "own",
    ("GET", "/api/v1/changes"): "own",
    ("POST", "/api/v1/changes/{}"): "hers",
    ("GET", "/api/v1/feedback"): "own",
    ("GET", "/api/v1/caseload"): "own",
    ("GET", "/api/v1/patients/{}/exams"): "someone-elses-grant",
    ("POST", "/api/v1/patients/{}/exams"): "someone-elses-grant",
    ("GET", "/api/v1/patients/{}/changes"): "someone-elses-grant",
    ("POST", "/api/v1/patients/{}/changes"): "someone-elses-grant",
    ("GET", "/api/v1/patients/{}/feedback"): "someone-elses-grant",
    ("POST", "/api/v1/patients/{}/feedback"): "someone-elses-grant",
    ("GET", "/api/v1/patients/{}/intake"): "someone-elses-grant",
    ("GET", "/api/v1/patients/{}/fhir"): "someone-elses-grant",
}

# Routes that change or end something of hers: herself last, and only once.
DESTRUCTIVE = {
    ("POST", "/logout"), ("POST", "/settings/password"), ("POST", "/settings/logins/end-others"),
    ("POST", "/settings/logins/{}/end"), ("POST", "/settings/tokens/{}/revoke"),
    ("POST", "/settings/data/erase"), ("POST", "/sessions/{}/delete"),
    ("POST", "/kit/custom/{}/delete"), ("DELETE", "/api/v1/tokens/{}"),
    ("DELETE", "/api/v1/kit/custom/{}"), ("DELETE", "/api/v1/sessions/{}"),
    ("DELETE", "/api/v1/grants/{}"), ("POST", "/sharing/links/{}/revoke"),
    ("DELETE", "/api/v1/report-links/{}"),
    ("DELETE", "/api/v1/grants/{}"), ("POST", "/community/leave"),
    ("POST", "/api/v1/community/leave"),
    ("POST", "/reminders/link"), ("POST", "/reminders/link/revoke"), ("POST", "/practice/discard"),
}


def routes(srv):
    p = run_pace("dev", "routes")
    assert p.returncode == 0, p.stderr
    return [json.loads(line) for line in p.stdout.splitlines()]


def new_token(srv, email):
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


class Her:
    """Her account with one of each record, and a second login of hers."""

    def __init__(self, srv):
        self.web = Client(srv)
        self.email = register(self.web)
        self.token = new_token(srv, self.email)
        self.api = Client(srv, headers={"Authorization": "Bearer " + self.token})
        j = {"Content-Type": "application/json"}
        assert self.api.request("PUT", "/api/v1/kit",
                                body=json.dumps({"items": ["fms-16", "fms-18"]}),
                                headers=j).status == 200
        t = time_stamp(harness.now() - 3600)
        r = self.api.post_json("/api/v1/sessions", {
            "started_at": t, "duration_s": 600, "dilator_id": "fms-18", "outcome": "completed",
            "after": {"fear": 1, "tension": 1, "pain": 1}, "note": "mine alone"})
        assert r.status == 201, r
        self.session = r.json()["id"]
        r = self.api.post_json("/api/v1/kit/custom", {"label": "Blue", "diameter_mm": 21,
                                                      "material": "silicone"})
        assert r.status == 201, r
        self.custom = r.json()["id"]  # "custom-N"
        r = self.api.request("PUT", "/api/v1/goals", body=json.dumps({"goals": [
            {"goal": "custom", "label": "My own", "min_mm": 20, "max_mm": 24}]}), headers=j)
        assert r.status == 200, r
        self.goal = str(r.json()["goals"][0]["id"])
        # a second token, to be named in the path (the first one stays usable)
        self.other_token = new_token(srv, self.email)
        tokens = self.api.get("/api/v1/tokens").json()["items"]
        self.token_id = str(max(t["id"] for t in tokens))
        # a second login, to be ended by id
        second = Client(srv)
        harness.login(second, self.email)
        page = self.web.get("/settings").text
        ids = re.findall(r'/settings/logins/(\d+)/end', page)
        assert ids, "no other login listed"
        self.login_id = ids[0]
        # her calendar address
        r = self.web.post("/reminders", [("csrf", self.web.csrf_for("/reminders")), ("day", "mon"),
                                         ("time", "19:30"), ("title", "Me time"),
                                         ("tz", "Europe/Berlin")])
        m = re.search(r"/cal/([A-Za-z0-9_-]+)\.ics", r.text)
        assert m, r.text[:500]
        self.feed = m.group(1) + ".ics"
        # a partner she shares with (none of the actors)
        r = self.web.post("/sharing/invite", [("csrf", self.web.csrf_for("/sharing")),
                                              ("relation", "partner"), ("scope", "summary")])
        token = re.search(r"/invite/([A-Za-z0-9_-]+)</code>", r.text).group(1)
        partner = Client(srv)
        register(partner)
        r = partner.post(f"/invite/{token}", [("csrf", partner.csrf_for(f"/invite/{token}"))])
        assert r.status == 303, r
        self.grant = r.header("Location").split("/")[2]
        # a report link of hers
        day = time_stamp(harness.now())[:10]
        r = self.api.post_json("/api/v1/report-links", {"from": day, "to": day, "zone": "UTC"})
        assert r.status == 201, r
        self.link = r.json()["id"]
        # her intake, and a clinician she shares with (none of the actors)
        # who proposed a change and wrote a note on her week
        r = self.api.request("PUT", "/api/v1/intake", body=json.dumps({"goals": "mine"}),
                             headers=j)
        assert r.status == 200, r
        r = self.web.post("/sharing/invite", [("csrf", self.web.csrf_for("/sharing")),
                                              ("relation", "clinician"), ("scope", "summary"),
                                              ("scope", "propose")])
        token = re.search(r"/invite/([A-Za-z0-9_-]+)</code>", r.text).group(1)
        clin = Client(srv)
        clin_email = harness.new_email()
        register(clin, clin_email)
        r = clin.post(f"/invite/{token}", [("csrf", clin.csrf_for(f"/invite/{token}"))])
        assert r.status == 303, r
        self.clinic_grant = r.header("Location").split("/")[2]
        capi = Client(srv, headers={"Authorization": "Bearer " + new_token(srv, clin_email)})
        r = capi.post_json(f"/api/v1/patients/{self.clinic_grant}/changes",
                           {"params": {"minutes": 12}, "reason": "shorter"})
        assert r.status == 201, r
        self.change = r.json()["id"]
        r = capi.post_json(f"/api/v1/patients/{self.clinic_grant}/feedback", {"text": "Well done"})
        assert r.status == 201, r
        self.feedback = r.json()["id"]
        self.clinician_id = None
        # a member of the community, with a live post
        p = run_pace("community", "set", "held-first", "0", "--data", srv.data)
        assert p.returncode == 0, p.stderr
        r = self.web.post("/community/join", [("csrf", self.web.csrf_for("/community")),
                                              ("handle", "her-own")])
        assert r.status == 303, r
        r = self.web.post("/community/s/starting-out", [
            ("csrf", self.web.csrf_for("/community")), ("title", "Hello"), ("body", "Hello all")])
        assert r.status == 303, r
        self.post = r.header("Location").split("/")[3].split("?")[0]

    def param(self, pattern):
        if pattern.startswith("/sessions/") or pattern.startswith("/api/v1/sessions/") or \
                pattern.startswith("/practice/done/"):
            return self.session
        if pattern == "/kit/custom/{}/delete":
            return self.custom.split("-")[1]
        if pattern == "/api/v1/kit/custom/{}":
            return self.custom
        if pattern.startswith("/plan/goals/"):
            return self.goal
        if pattern.startswith("/settings/logins/"):
            return self.login_id
        if pattern.startswith("/settings/tokens/") or pattern.startswith("/api/v1/tokens/"):
            return self.token_id
        if pattern == "/cal/{}":
            return self.feed
        if pattern.startswith("/invite/") or pattern.startswith("/api/v1/invitations/") or \
                pattern.startswith("/reset/"):
            return "b" * 43
        if pattern.startswith("/sharing/links/") or pattern.startswith("/api/v1/report-links/"):
            return self.link
        if pattern == "/r/{}":
            return "b" * 43
        if pattern.startswith("/shared/") or pattern.startswith("/sharing/") or \
                pattern.startswith("/api/v1/grants/"):
            return self.grant
        if pattern.startswith("/plan/changes/") or pattern.startswith("/api/v1/changes/"):
            return self.change
        if pattern.startswith("/feedback/"):
            return self.feedback
        if pattern.startswith("/clinic/") or pattern.startswith("/api/v1/patients/"):
            return self.clinic_grant
        if pattern.startswith("/admin/clinicians/"):
            return self.clinician_id
        if pattern.startswith("/community/s/") or \
                pattern.startswith("/api/v1/community/spaces/"):
            return "starting-out"
        if pattern.startswith("/community/") or pattern.startswith("/api/v1/community/"):
            return self.post
        if pattern == "/api/v1/catalogs/{}":
            return "fms"
        if pattern == "/guide/{}":
            return "start-here"
        if pattern == "/static/{}":
            return "app.css"
        raise AssertionError(f"no record for {pattern}")


def time_stamp(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def send(client, method, path, form_csrf=None):
    if method in ("POST",) and not path.startswith("/api/"):
        fields = [("csrf", form_csrf)] if form_csrf else []
        return client.post(path, fields)
    if method in ("POST", "PUT"):
        return client.request(method, path, body="{}", headers={"Content-Type": "application/json"})
    return client.request(method, path)


def outcome(r, api):
    """ok, login (sent to sign in / 401), absent (404), forbidden (403), broken (5xx)."""
    if r.status >= 500:
        return "broken"
    if r.status == 404:
        return "absent"
    if r.status == 403:
        return "forbidden"
    if r.status == 401 or (r.status in (302, 303) and r.header("Location") == "/login"):
        return "login"
    return "ok"


def expected(kind, actor, api, pattern, method):
    if kind in ("public", "feed"):
        return "ok"  # the feed: the address is the key, whoever holds it
    if kind == "no-such-reset-link":
        return "absent"
    if kind == "no-such-link":
        return "absent"  # no account needed, and there is nothing behind it
    if kind == "no-such-invitation" and method == "GET":
        return "absent"
    signed_in = actor in ("her", "other", "clinician", "admin") and not api or \
        actor == "token" and api
    if not signed_in:
        return "login"
    if kind == "admin-only":
        return "ok" if actor == "admin" else "absent"
    if kind in ("no-such-invitation", "someone-elses-grant"):
        return "absent"
    if kind == "moderation":
        return "absent"  # nobody here moderates
    if kind == "community-leave" and actor not in ("her", "token"):
        return "absent"  # not members: nothing to leave
    if kind == "community" and actor not in ("her", "token"):
        return "ok" if method == "GET" else "forbidden"  # sent to join; refused
    if kind == "own" or actor in ("her", "token"):
        return "ok"
    if kind == "own-if-set":
        return "absent"  # the others have no reminders of their own
    return "absent"  # hers: nobody else sees that it exists


def test_every_route_has_a_row_and_every_actor_gets_the_answer_the_table_says():
    with Server() as srv:
        table = routes(srv)
        keys = {(r["method"], r["pattern"]) for r in table}
        missing = sorted(keys - set(MATRIX))
        assert not missing, f"routes without a row in the access matrix: {missing}"
        stale = sorted(set(MATRIX) - keys)
        assert not stale, f"rows for routes that no longer exist: {stale}"

        her = Her(srv)
        other = Client(srv)
        register(other)
        clin = Client(srv)
        clin_email = harness.new_email()
        p = run_pace("user", "add", "--email", clin_email, "--role", "clinician",
                     "--password-stdin", "--data", srv.data, input=harness.PASSWORD + "\n")
        assert p.returncode == 0, p.stderr
        assert harness.login(clin, clin_email).status == 303
        admin = Client(srv)
        admin_email = harness.new_email()
        p = run_pace("user", "add", "--email", admin_email, "--role", "admin",
                     "--password-stdin", "--data", srv.data, input=harness.PASSWORD + "\n")
        assert p.returncode == 0, p.stderr
        assert harness.login(admin, admin_email).status == 303
        her.clinician_id = re.search(r"/admin/clinicians/(\d+)/verify",
                                     admin.get("/admin/clinicians").text).group(1)
        revoked = new_token(srv, her.email)
        rid = str(max(t["id"] for t in her.api.get("/api/v1/tokens").json()["items"]))
        assert her.api.request("DELETE", f"/api/v1/tokens/{rid}").status == 204

        actors = {
            "anonymous": Client(srv),
            "other": other,
            "clinician": clin,
            "admin": admin,
            "token": her.api,
            "revoked": Client(srv, headers={"Authorization": "Bearer " + revoked}),
        }
        wrong = []
        for name, client in actors.items():
            for r in table:
                key = (r["method"], r["pattern"])
                kind = MATRIX[key]
                api = r["pattern"].startswith("/api/")
                path = r["pattern"].replace("{}", her.param(r["pattern"])) \
                    if "{}" in r["pattern"] else r["pattern"]
                if name in ("token",) and key in DESTRUCTIVE:
                    continue  # she acts on her own records below, once
                if key == ("POST", "/logout") and name != "anonymous":
                    continue  # would end the actor's own login
                token = None
                if not api and r["method"] == "POST" and name in ("other", "clinician", "admin"):
                    token = csrf(client.get("/settings").text)
                elif not api and r["method"] == "POST":
                    token = client.csrf_for("/login")
                got = outcome(send(client, r["method"], path, token), api)
                want = expected(kind, name, api, r["pattern"], r["method"])
                if got != want and not (want == "ok" and got == "login" and kind == "public"):
                    wrong.append(f"{name} {r['method']} {path}: {got}, want {want}")
        # Her records are all still there, unchanged by anyone else.
        assert her.api.get(f"/api/v1/sessions/{her.session}").json()["note"] == "mine alone"
        kit = her.api.get("/api/v1/kit").json()
        assert any(c["id"] == her.custom for c in kit["custom_items"]), kit
        assert not wrong, "\n".join(wrong)

        # Herself, in her browser: every page and form answers, none with 5xx;
        # the destructive ones last, in an order that keeps her signed in.
        token = her.web.csrf_for("/settings")
        last = [("POST", "/settings/logins/{}/end"), ("POST", "/settings/logins/end-others")]
        order = [r for r in table if (r["method"], r["pattern"]) not in DESTRUCTIVE] + \
            [r for r in table if (r["method"], r["pattern"]) in DESTRUCTIVE and
             (r["method"], r["pattern"]) not in {("POST", "/logout"),
                                                  ("POST", "/settings/password"),
                                                  ("POST", "/settings/data/erase")} | set(last)] + \
            [r for k in last for r in table if (r["method"], r["pattern"]) == k]
        for r in order:
            api = r["pattern"].startswith("/api/")
            client = her.api if api else her.web
            path = r["pattern"].replace("{}", her.param(r["pattern"])) \
                if "{}" in r["pattern"] else r["pattern"]
            got = outcome(send(client, r["method"], path, token if not api else None), api)
            if MATRIX[(r["method"], r["pattern"])] == "public" and got == "login":
                continue  # an empty sign-in form sends her back to it
            want = expected(MATRIX[(r["method"], r["pattern"])], "token" if api else "her", api,
                            r["pattern"], r["method"])
            if want == "absent" and got == "absent":
                continue
            if got not in ("ok",) and not (r["pattern"] in ("/api/v1/sessions/{}",
                                                            "/api/v1/kit/custom/{}",
                                                            "/api/v1/tokens/{}",
                                                            "/api/v1/grants/{}",
                                                            "/r/{}",
                                                            "/api/v1/community/leave") and
                                           got == "absent"):
                wrong.append(f"her {r['method']} {path}: {got}")
        assert not wrong, "\n".join(wrong)


def test_every_cli_command_that_touches_her_data_acts_for_a_named_person_only():
    with Server() as srv:
        her = Her(srv)
        d = ["--data", srv.data]
        nobody = "nobody-" + harness.new_email()
        cmds = [
            ["session", "list", "--email", "{}"],
            ["recommend", "--email", "{}"],
            ["export", "--email", "{}", "-o", "/dev/null"],
            ["report", "--email", "{}", "-o", "/dev/null"],
            ["token", "create", "--email", "{}"],
            ["user", "reset-link", "--email", "{}"],
        ]
        for c in cmds:
            p = run_pace(*[a.replace("{}", her.email) for a in c], *d)
            assert p.returncode == 0, (c, p.stderr)
            p = run_pace(*[a.replace("{}", nobody) for a in c], *d)
            assert p.returncode != 0, (c, p.stdout)
            harness.assert_one_sentence(p.stderr)
            assert "no account" in p.stderr, p.stderr


# ---- per scope: a grantee reads exactly what the scope covers ----

NOTE = "a thought for nobody else"


def _pdf_text(body):
    import os
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "r.pdf")
        with open(path, "wb") as f:
            f.write(body)
        return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True,
                              timeout=60).stdout


def _grant(srv, her, scopes, email=None):
    """She invites a clinician through /sharing with exactly scopes; the
    clinician accepts. Returns (client, email, grant id)."""
    from harness import browser_submit
    r = browser_submit(her.web, "/sharing", "/sharing/invite",
                       {"relation": "clinician", "scope": list(scopes), "label": "Dr",
                        "subject_name": "Sam"})
    assert r.status == 200, (r.status, harness.alert(r.text))
    token = re.search(r"/invite/([A-Za-z0-9_-]{43})</code>", r.text).group(1)
    doc = Client(srv)
    email = register(doc)
    r = browser_submit(doc, f"/invite/{token}", f"/invite/{token}")
    assert r.status == 303, r
    return doc, email, r.header("Location").split("/")[2]


def _probe(doc, gid):
    """What the grantee gets at every address of the grant."""
    page = doc.get(f"/shared/{gid}")
    got = {"page": page.status, "progress": doc.get(f"/shared/{gid}/progress").status,
           "report": doc.get(f"/shared/{gid}/report.pdf")}
    for fmt in ("json", "csv", "fhir"):
        got[fmt] = doc.get(f"/shared/{gid}/data?format={fmt}")
    got["html"] = page.text.split("<main")[1] if page.status == 200 else ""
    return got


def _trail(her):
    return her.api.get("/api/v1/audit?limit=500").json()["items"]


def test_each_scope_shows_exactly_what_it_covers_in_every_format_and_nothing_after():
    clock = harness.FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Her(srv)
            r = her.api.request("PUT", f"/api/v1/sessions/{her.session}", body=json.dumps(dict(
                {k: v for k, v in her.api.get(f"/api/v1/sessions/{her.session}").json().items()
                 if k not in ("id", "created_at", "updated_at")}, note=NOTE)),
                headers={"Content-Type": "application/json"})
            assert r.status == 200, r
            r = her.api.post_json("/api/v1/ladder", {"items": {"finger": {"anxiety": 2,
                                                                          "pain": 1}}})
            assert r.status == 201, r
            cases = [("summary",), ("sessions",), ("sessions", "notes"), ("notes",),
                     ("progress",), ("ladder",), ("sessions", "ladder"), ("plan",), ("report",),
                     ("report", "notes")]
            grants = []
            for scopes in cases:
                before = len(_trail(her))
                doc, email, gid = _grant(srv, her, scopes)
                got = _probe(doc, gid)
                s = set(scopes)
                html = got["html"]
                assert got["page"] == 200
                assert ("This week" in html) == ("summary" in s), scopes
                assert ("Recent sessions" in html) == ("sessions" in s), scopes
                assert (NOTE in html) == ({"sessions", "notes"} <= s), scopes
                assert ("<h2 id=\"goal-h\">" in html) == ("plan" in s), scopes
                assert (f"/shared/{gid}/progress" in html) == ("progress" in s), scopes
                assert got["progress"] == (200 if "progress" in s else 404), scopes
                for fmt in ("json", "csv", "fhir"):
                    want = 200 if "sessions" in s else 404
                    assert got[fmt].status == want, (scopes, fmt, got[fmt])
                    if want == 200:
                        # notes only with their scope; never in FHIR
                        assert (NOTE in got[fmt].text) == ("notes" in s and fmt != "fhir"), \
                            (scopes, fmt)
                        assert "mine alone" not in got[fmt].text
                if "sessions" in s:
                    j = got["json"].json()
                    assert ("ladder" in j) == ("ladder" in s), scopes
                    assert all(bool(x.get("note")) == ("notes" in s)
                               for x in j["sessions"]), (scopes, j["sessions"])
                    types = [e["resource"]["resourceType"] for e in got["fhir"].json()["entry"]]
                    assert ("QuestionnaireResponse" in types) == ("ladder" in s), scopes
                    assert "Consent" not in types and "AuditEvent" not in types
                    assert her.email not in got["fhir"].text
                    from test_export import validate_fhir
                    p = validate_fhir(got["fhir"].text)
                    assert p.returncode == 0, p.stdout + p.stderr
                rep = got["report"]
                assert rep.status == (200 if "report" in s else 404), (scopes, rep)
                if rep.status == 200:
                    assert rep.body.startswith(b"%PDF-")
                    assert (NOTE in _pdf_text(rep.body)) == ("notes" in s), scopes
                # Every look and every refusal is in her trail.
                trail = _trail(her)[: len(_trail(her)) - before]
                mine = [e for e in trail if e["actor"] == email]
                assert any(e["allowed"] for e in mine), scopes
                refused = [e for e in mine if not e["allowed"]]
                assert refused, (scopes, mine)  # something was always asked beyond the scope
                grants.append((scopes, doc, email, gid))

            # She revokes the first ones: nothing at any address.
            for scopes, doc, email, gid in grants[:5]:
                r = her.api.request("DELETE", f"/api/v1/grants/{gid}")
                assert r.status == 204, r
                got = _probe(doc, gid)
                assert got["page"] == 404 and got["progress"] == 404, scopes
                assert all(got[f].status == 404 for f in ("json", "csv", "fhir", "report"))
                assert NOTE not in "".join(got[f].text for f in ("json", "csv", "fhir"))
                trail = _trail(her)
                assert any(e["actor"] == email and not e["allowed"] for e in trail[:6]), scopes
            # The clinicians' grants end after 90 days: nothing after that.
            clock.advance(91 * 86400)
            for scopes, doc, email, gid in grants[5:]:
                assert harness.login(doc, email).status == 303
                got = _probe(doc, gid)
                assert got["page"] == 404 and got["progress"] == 404, scopes
                assert all(got[f].status == 404 for f in ("json", "csv", "fhir", "report"))
    finally:
        clock.close()


# ---- clinicians, scope by scope ------------------------------------------
# What a clinician with a grant holding exactly one scope may reach of hers.
# Each probe names the scope it needs (None: any grant in force) and how to
# ask; the answer with the scope is "ok", without it "absent" (403 only
# where the clinician may read that kind but not do this).
def clinician_probes(gid, note):
    def page_has(text):
        return lambda c: "ok" if text in c.get(f"/clinic/{gid}").text else "absent"

    def api(method, path, body=None):
        def ask(c):
            r = c.request(method, path, body=json.dumps(body) if body is not None else None,
                          headers={"Content-Type": "application/json"} if body else None)
            return outcome(r, True)
        return ask

    def web_get(path):
        return lambda c: outcome(c.get(path), False)
    return [
        ("summary", "page: this week", page_has("This week")),
        ("sessions", "page: her sessions", page_has("Recent sessions")),
        ("plan", "page: her goals", page_has("No goals chosen yet")),
        ("progress", "her charts", web_get(f"/shared/{gid}/progress")),
        ("intake", "her intake", api("GET", f"/api/v1/patients/{gid}/intake")),
        ("ladder", "page: her comfort ladder", page_has('id="la-h"')),
        ("report", "her report (PDF)", web_get(f"/clinic/{gid}/report.pdf")),
        ("propose", "a proposal", api("POST", f"/api/v1/patients/{gid}/changes",
                                      {"params": {"minutes": 12}, "reason": "r"})),
        ("edit_plan", "an edit", api("POST", f"/api/v1/patients/{gid}/changes",
                                     {"kind": "edit", "params": {"minutes": 13}, "reason": "r"})),
        (None, "exam notes", api("GET", f"/api/v1/patients/{gid}/exams")),
        (None, "feedback", api("GET", f"/api/v1/patients/{gid}/feedback")),
        (None, "the patient page", web_get(f"/clinic/{gid}")),
        ("notes", "a session's note", page_has(note)),
    ]


def test_clinicians_reach_exactly_what_each_scope_grants_until_revoked_or_expired():
    clock = harness.FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Client(srv)
            email = register(her)
            tok = new_token(srv, email)
            api = Client(srv, headers={"Authorization": "Bearer " + tok})
            j = {"Content-Type": "application/json"}
            api.request("PUT", "/api/v1/kit", body=json.dumps({"items": ["fms-18"]}), headers=j)
            r = api.post_json("/api/v1/sessions", {
                "started_at": time_stamp(clock.t - 3600), "duration_s": 600,
                "dilator_id": "fms-18", "outcome": "completed",
                "after": {"fear": 1, "tension": 1, "pain": 1}, "note": "only-for-notes"})
            assert r.status == 201, r
            api.request("PUT", "/api/v1/intake", body=json.dumps({"goals": "g"}), headers=j)
            wrong = []
            scopes = ["summary", "sessions", "notes", "progress", "ladder", "plan", "report",
                      "intake", "propose", "edit_plan"]
            for scope in scopes:
                # notes are shown beside sessions: that grant holds both
                held = ["sessions", "notes"] if scope == "notes" else [scope]
                r = api.post_json("/api/v1/grants", {"relation": "clinician", "scopes": held})
                assert r.status == 201, r.text
                token = r.json()["invitation_token"]
                clin = Client(srv)
                clin_email = harness.new_email()
                register(clin, clin_email)
                ctoken = new_token(srv, clin_email)
                r = clin.post(f"/invite/{token}", [("csrf", clin.csrf_for(f"/invite/{token}"))])
                assert r.status == 303, r
                gid = r.header("Location").split("/")[2]
                capi = Client(srv, headers={"Authorization": "Bearer " + ctoken})
                before = len(api.get("/api/v1/audit?limit=500").json()["items"])
                for need, what, ask in clinician_probes(gid, "only-for-notes"):
                    client = capi if what in ("her intake", "a proposal", "an edit",
                                              "exam notes", "feedback") else clin
                    got = ask(client)
                    want = "ok" if need is None or need in held else "absent"
                    if need == "notes" and scope == "sessions":
                        want = "absent"
                    # May read that kind but not do this: 403 (the gate's rule).
                    if want == "absent" and (what == "an edit" and "plan" in held or
                                             what == "a proposal" and "edit_plan" in held):
                        want = "forbidden"
                    if got != want:
                        wrong.append(f"clinician with {held}: {what}: {got}, want {want}")
                after = len(api.get("/api/v1/audit?limit=500").json()["items"])
                if after <= before:
                    wrong.append(f"clinician with {held}: nothing in her trail")
                # Revoked: nothing at all, and each refusal in her trail.
                assert api.request("DELETE", f"/api/v1/grants/{gid}").status == 204
                for need, what, ask in clinician_probes(gid, "only-for-notes"):
                    client = capi if what in ("her intake", "a proposal", "an edit",
                                              "exam notes", "feedback") else clin
                    got = ask(client)
                    if got != "absent":
                        wrong.append(f"revoked clinician with {held}: {what}: {got}")
                trail = api.get("/api/v1/audit?limit=500").json()["items"]
                if not any(not e["allowed"] for e in trail):
                    wrong.append("no refusal in her trail")
            # A grant that ends: in force the day before, nothing the day after.
            end = time_stamp(clock.t + 2 * 86400)
            r = api.post_json("/api/v1/grants", {"relation": "clinician",
                                                 "scopes": ["summary", "intake"], "end": end})
            assert r.status == 201, r.text
            token = r.json()["invitation_token"]
            clin = Client(srv)
            clin_email = harness.new_email()
            register(clin, clin_email)
            capi = Client(srv, headers={"Authorization": "Bearer " + new_token(srv, clin_email)})
            r = clin.post(f"/invite/{token}", [("csrf", clin.csrf_for(f"/invite/{token}"))])
            gid = r.header("Location").split("/")[2]
            assert 'class="flag flag-ending"' in clin.get("/clinic").text
            assert capi.get(f"/api/v1/patients/{gid}/intake").status == 200
            clock.advance(3 * 86400)
            assert capi.get(f"/api/v1/patients/{gid}/intake").status == 404
            harness.login(clin, clin_email)  # the login itself timed out meanwhile
            assert clin.get(f"/clinic/{gid}").status == 404
            assert gid not in clin.get("/clinic").text
            assert not wrong, "\n".join(wrong)
    finally:
        clock.close()


# The community's rows for its own actors, on a post of the author's that
# still waits for a moderator ({}): someone not signed in, someone signed in
# who never joined, another member, a moderator, and the author herself.
COMMUNITY_ACTORS = ("anonymous", "outsider", "member", "moderator", "author")
COMMUNITY_MATRIX = [
    # method, path, form fields: outcomes in COMMUNITY_ACTORS order
    ("GET", "/community", [], "login ok ok ok ok"),
    ("GET", "/community/s/starting-out", [], "login ok ok ok ok"),
    ("GET", "/community/p/{}", [], "login ok absent ok ok"),
    ("GET", "/community/p/{}/edit", [], "login ok absent absent ok"),
    ("POST", "/community/p/{}/edit", [("title", "Taken"), ("body", "")],
     "login forbidden absent forbidden ok"),
    ("POST", "/community/p/{}/comments", [("body", "Hello")], "login forbidden absent absent ok"),
    ("POST", "/community/p/{}/support", [], "login forbidden absent absent absent"),
    ("POST", "/community/p/{}/report", [("reason", "x")], "login forbidden absent absent absent"),
    ("GET", "/community/moderation", [], "login absent absent ok absent"),
    ("GET", "/community/moderation/log", [], "login absent absent ok absent"),
    ("POST", "/community/moderation/{}", [("action", "approve"), ("reason", "x" * 600)],
     "login absent absent ok absent"),
    ("POST", "/community/moderation/{}/edit", [("title", "Waiting"), ("body", "x" * 5000)],
     "login absent absent ok absent"),
    ("POST", "/community/moderation/suspend", [("handle", "the-author")],
     "login absent absent ok absent"),
]


def test_community_rows_for_members_moderators_and_others():
    with Server() as srv:
        clients = {name: Client(srv) for name in COMMUNITY_ACTORS}
        emails = {}
        for name in COMMUNITY_ACTORS[1:]:
            emails[name] = register(clients[name])
        for name, handle in (("member", "a-member"), ("moderator", "a-moderator"),
                             ("author", "the-author")):
            c = clients[name]
            r = c.post("/community/join", [("csrf", c.csrf_for("/community")), ("handle", handle)])
            assert r.status == 303, r
        p = run_pace("community", "moderator", "add", "--email", emails["moderator"],
                     "--data", srv.data)
        assert p.returncode == 0, p.stderr
        author = clients["author"]
        r = author.post("/community/s/starting-out", [
            ("csrf", author.csrf_for("/community")), ("title", "Waiting"), ("body", "Mine")])
        assert r.status == 303 and r.header("Location").endswith("done=held"), r
        held = r.header("Location").split("/")[3].split("?")[0]
        wrong = []
        for method, pattern, fields, outcomes in COMMUNITY_MATRIX:
            path = pattern.replace("{}", held)
            for name, want in zip(COMMUNITY_ACTORS, outcomes.split()):
                c = clients[name]
                if method == "POST":
                    token = c.csrf_for("/login") if name == "anonymous" else \
                        csrf(c.get("/settings").text)
                    r = c.post(path, [("csrf", token)] + fields)
                else:
                    r = c.get(path)
                got = outcome(r, False)
                if got != want:
                    wrong.append(f"{name} {method} {path}: {got}, want {want}")
        assert not wrong, "\n".join(wrong)
        # nothing changed: the post still waits, unchanged
        page = author.get(f"/community/p/{held}").text
        assert "Waiting for a moderator" in page and "Mine" in page
        assert "Waiting" in clients["moderator"].get("/community/moderation").text
