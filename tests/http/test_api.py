"""The JSON API: bearer tokens from the command line and the settings page,
revoking them, and who may revoke what."""

import re

from harness import Client, Server, register, run_pace

TOKEN_RE = r"pace_[A-Za-z0-9_-]{43}"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def cli_token(srv, email, *extra):
    p = run_pace("token", "create", "--email", email, "--data", srv.data, *extra)
    assert p.returncode == 0, p.stderr
    assert re.fullmatch(TOKEN_RE + r"\n", p.stdout), f"stdout is not just a token: {p.stdout!r}"
    return p.stdout.strip()


def page_token(c, label):
    """Creates a token on the settings page; returns (token, id)."""
    r = c.submit("/settings", "/settings/tokens", {"label": label})
    assert r.status == 200, r
    m = re.search(r'<code class="token"[^>]*>(' + TOKEN_RE + ")</code>", r.text)
    assert m, "the new token is not shown"
    ids = [int(i) for i in re.findall(r'action="/settings/tokens/(\d+)/revoke"', r.text)]
    assert ids, "no revoke form"
    return m.group(1), max(ids)


def assert_401(r):
    assert r.status == 401, r
    assert r.header("Content-Type").startswith("application/json")
    body = r.json()
    assert isinstance(body["error"], str) and body["error"]
    assert "field" in body and body["field"] is None
    assert r.header("WWW-Authenticate") == "Bearer"


def test_cli_token_reads_me():
    with Server() as srv:
        email = register(Client(srv))
        token = cli_token(srv, email)
        r = Client(srv).get("/api/v1/me", headers=bearer(token))
        assert r.status == 200
        me = r.json()
        assert me["email"] == email and me["role"] == "patient"
        assert isinstance(me["id"], int)


def test_cli_token_for_unknown_email_fails_cleanly():
    with Server() as srv:
        p = run_pace("token", "create", "--email", "nobody@example.org", "--data", srv.data)
        assert p.returncode != 0 and p.stdout == ""
        assert "no account" in p.stderr


def test_api_without_or_with_bad_token_is_401():
    with Server() as srv:
        email = register(Client(srv))
        good = cli_token(srv, email)
        c = Client(srv)
        assert_401(c.get("/api/v1/me"))
        flipped = good[:-1] + ("A" if good[-1] != "A" else "B")
        for h in ["Bearer", "Bearer ", "Bearer pace_short", "Bearer " + flipped,
                  "Basic dXNlcjpwYXNz", "Bearer pace_" + "x" * 43, good, "Bearer " + good + "x"]:
            assert_401(c.get("/api/v1/me", headers={"Authorization": h}))
        assert_401(c.get("/api/v1/tokens"))


def test_cookie_is_not_accepted_by_the_api():
    with Server() as srv:
        c = Client(srv)
        register(c)
        assert c.get("/settings").status == 200
        assert_401(c.get("/api/v1/me"))
        assert_401(c.get("/api/v1/tokens"))


def test_settings_token_works_and_revoking_it_stops_it():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        token, tid = page_token(c, "nightly export job")
        api = Client(srv)
        r = api.get("/api/v1/me", headers=bearer(token))
        assert r.status == 200 and r.json()["email"] == email
        page = c.get("/settings").text
        assert "nightly export job" in page and token not in page  # shown once only
        r = api.get("/api/v1/tokens", headers=bearer(token))
        assert [t["label"] for t in r.json()["items"]] == ["nightly export job"]
        r = c.submit("/settings", f"/settings/tokens/{tid}/revoke", {})
        assert r.status == 303 and r.header("Location") == "/settings?done=revoked"
        assert_401(api.get("/api/v1/me", headers=bearer(token)))
        assert "nightly export job" not in c.get("/settings").text


def test_settings_token_needs_a_label():
    with Server() as srv:
        c = Client(srv)
        register(c)
        for label in ["", "x" * 61]:
            r = c.submit("/settings", "/settings/tokens", {"label": label})
            assert r.status == 422 and "1 to 60 characters" in r.text
            assert not re.search(TOKEN_RE, r.text)


def test_delete_token_through_the_api():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        keep = cli_token(srv, email, "--label", "keeper")
        _, tid = page_token(c, "to delete")
        doomed, _ = page_token(c, "to delete later")
        api = Client(srv)
        r = api.request("DELETE", f"/api/v1/tokens/{tid}", headers=bearer(keep))
        assert r.status == 204 and r.body == b""
        r = api.request("DELETE", f"/api/v1/tokens/{tid}", headers=bearer(keep))
        assert r.status == 404 and r.json()["field"] is None
        # A token can revoke itself.
        items = api.get("/api/v1/tokens", headers=bearer(doomed)).json()["items"]
        own = next(t["id"] for t in items if t["label"] == "to delete later")
        r = api.request("DELETE", f"/api/v1/tokens/{own}", headers=bearer(doomed))
        assert r.status == 204
        assert_401(api.get("/api/v1/me", headers=bearer(doomed)))
        assert api.get("/api/v1/me", headers=bearer(keep)).status == 200
        for bad in ["0", "-1", "abc", "99999999999999999999"]:
            r = api.request("DELETE", f"/api/v1/tokens/{bad}", headers=bearer(keep))
            assert r.status == 404, f"{bad}: {r}"


def test_user_cannot_revoke_another_users_token():
    with Server() as srv:
        a, b = Client(srv), Client(srv)
        register(a)
        register(b)
        a_token, _ = page_token(a, "token of a")
        b_token, b_id = page_token(b, "token of b")
        r = a.submit("/settings", f"/settings/tokens/{b_id}/revoke", {})
        assert r.status == 404
        r = Client(srv).request("DELETE", f"/api/v1/tokens/{b_id}", headers=bearer(a_token))
        assert r.status == 404
        assert Client(srv).get("/api/v1/me", headers=bearer(b_token)).status == 200
        assert "token of b" in b.get("/settings").text
        items = Client(srv).get("/api/v1/tokens", headers=bearer(a_token)).json()["items"]
        assert [t["label"] for t in items] == ["token of a"]


def test_signing_out_keeps_api_tokens():
    with Server() as srv:
        c = Client(srv)
        register(c)
        token, _ = page_token(c, "script")
        assert c.post("/logout", {"csrf": c.csrf_for("/settings")}).status == 303
        assert Client(srv).get("/api/v1/me", headers=bearer(token)).status == 200
