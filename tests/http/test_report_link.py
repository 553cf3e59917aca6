"""test_report_link.py - a report link for a clinician without an account,
through the pages people use: she makes it on /report (14 days unless she
changes it, a passcode if she asks), the clinician opens /r/{token} and gets
the PDF, every open is in her trail, a wrong passcode is refused and counted
(per link and per address) and logged without secrets, she stops it on
/sharing and the link page is the same calm page as for an expired or
made-up link; the API lists, makes and stops links."""

import re
import time

import harness  # noqa: E402
from harness import Client, FileClock, Server, browser_submit, fill_form, page_form, register
from test_signin_security import log_lines

DAY = 86400


def day(offset, t=None):
    return time.strftime("%Y-%m-%d", time.gmtime((t or harness.now()) + offset * DAY))


def make_link(c, changes, t=None):
    form = {"from": day(-20, t), "to": day(0, t), "zone": "UTC"}
    form.update(changes)
    r = browser_submit(c, "/report", "/report", form, button=("action", "link"))
    assert r.status == 200, (r.status, harness.alert(r.text))
    m = re.search(r"<code>(https?://[^<]+/r/([A-Za-z0-9_-]{43}))</code>", r.text)
    assert m, r.text[:3000]
    p = re.search(r'<p class="passcode"><strong>(\d{6})</strong>', r.text)
    return m.group(2), (p.group(1) if p else None), r.text


def calm(page):
    """The page without what differs per visitor (the CSRF token)."""
    return re.sub(r'name="csrf" value="[^"]*"', "", page.split("<main")[1])


def open_link(client, token, passcode=None):
    page = client.get(f"/r/{token}")
    if page.status != 200:
        return page
    form = page_form(page.text, f"/r/{token}")
    return client.post(f"/r/{token}", fill_form(form, {"passcode": passcode}
                                                if passcode is not None else {}))


def test_a_link_opens_her_report_for_someone_without_an_account():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Client(srv)
            register(her)
            page = her.get("/report").text
            assert 'name="link_days"' in page and 'value="14"' in page
            token, passcode, made = make_link(her, {"name": "R. K."})
            assert passcode is None
            assert "works until" in made.lower()
            doc = Client(srv)
            r = doc.get(f"/r/{token}")
            assert r.status == 200, r
            assert "R. K. shared a summary" in r.text
            assert her.get("/settings").status == 200
            # The page names her only by what she typed.
            assert "@" not in r.text.split("<main")[1]
            r = open_link(doc, token)
            assert r.status == 200 and r.body.startswith(b"%PDF-"), r
            assert r.header("Content-Type") == "application/pdf"
            assert r.header("Cache-Control") == "no-store"
            # Listed on /sharing with its count; in her trail.
            sharing = her.get("/sharing").text
            assert "R. K." in sharing and "Opened 1 time." in sharing, sharing
            trail = her.get("/sharing/audit").text
            assert "Someone with your report link" in trail and "allowed" in trail
            # A second open is another entry.
            assert open_link(doc, token).status == 200
            assert "Opened 2 times." in her.get("/sharing").text
            # After 14 days: the calm page.
            clock.advance(14 * DAY + 1)
            r = doc.get(f"/r/{token}")
            assert r.status == 404 and "This link cannot be used" in r.text
            gone_expired = calm(r.text)
            # A made-up link reads the same.
            r = Client(srv).get("/r/" + "b" * 43)
            assert r.status == 404 and calm(r.text) == gone_expired
    finally:
        clock.close()


def test_a_passcode_is_asked_for_throttled_and_the_link_can_be_stopped():
    with Server() as srv:
        her = Client(srv)
        register(her)
        token, passcode, made = make_link(her, {"name": "Pseudo", "link_days": "3",
                                                "link_passcode": "1"})
        assert passcode and re.fullmatch(r"\d{6}", passcode)
        doc = Client(srv)
        page = doc.get(f"/r/{token}")
        assert 'id="f-passcode"' in page.text and 'inputmode="numeric"' in page.text
        wrong = "000000" if passcode != "000000" else "111111"
        r = open_link(doc, token, wrong)
        assert r.status == 422 and "not the one for this link" in r.text, r
        assert r.header("Content-Type").startswith("text/html")
        r = open_link(doc, token, passcode)
        assert r.status == 200 and r.body.startswith(b"%PDF-"), r
        # Logged as a security event, without the token or any passcode (once
        # the server's standard error has been read that far).
        assert log_lines(srv, "report_link.passcode_wrong")
        assert token not in srv.stderr and passcode not in srv.stderr and wrong not in srv.stderr
        # Both in her trail: one refused, one allowed.
        trail = her.get("/sharing/audit").text
        assert "refused" in trail and "allowed" in trail
        # Five wrong passcodes lock the link, even for the right one.
        for _ in range(5):
            open_link(doc, token, wrong)
        r = open_link(doc, token, passcode)
        assert r.status == 429 and "Too many attempts" in r.text, r
        # She stops it on /sharing: the same calm page.
        r = her.get("/sharing")
        m = re.search(r'action="(/sharing/links/[0-9a-f-]{36}/revoke)"', r.text)
        assert m, r.text[:4000]
        r = her.post(m.group(1), fill_form(page_form(r.text, m.group(1))))
        assert r.status == 303 and r.header("Location") == "/sharing?done=link", r
        assert "no longer opens" in her.get("/sharing?done=link").text
        r = Client(srv).get(f"/r/{token}")
        assert r.status == 404 and "This link cannot be used" in r.text
        assert calm(r.text) == calm(Client(srv).get("/r/" + "c" * 43).text)


def test_guessing_links_is_throttled_per_address():
    with Server() as srv:
        her = Client(srv)
        register(her)
        token, _, _ = make_link(her, {})
        guesser = Client(srv)
        for i in range(20):
            r = guesser.get("/r/" + ("g%042d" % i))
            assert r.status == 404, r
        # Now even a real link is refused to this address, calmly.
        r = guesser.get(f"/r/{token}")
        assert r.status == 429 and "Too many attempts" in r.text, r


def test_the_api_makes_lists_and_stops_links():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        p = harness.run_pace("token", "create", "--email", email, "--data", srv.data)
        api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        r = api.post_json("/api/v1/report-links", {"from": day(-10), "to": day(0),
                                                   "zone": "UTC", "name": "Anna",
                                                   "passcode": True})
        assert r.status == 201, r
        link = r.json()
        assert re.fullmatch(r"\d{6}", link["passcode"]) and "/r/" in link["url"]
        assert link["status"] == "active" and link["has_passcode"] is True
        exp = time.mktime(time.strptime(link["expires_at"], "%Y-%m-%dT%H:%M:%SZ"))
        made = time.mktime(time.strptime(link["created_at"], "%Y-%m-%dT%H:%M:%SZ"))
        assert exp - made == 14 * DAY
        r = api.post_json("/api/v1/report-links", {"from": day(-10), "to": day(0), "days": 91})
        assert r.status == 422 and r.json()["field"] == "days", r
        items = api.get("/api/v1/report-links").json()["items"]
        assert len(items) == 1 and "passcode" not in items[0]
        assert api.request("DELETE", f"/api/v1/report-links/{link['id']}").status == 204
        assert api.get("/api/v1/report-links").json()["items"][0]["status"] == "revoked"
        token = link["url"].rsplit("/", 1)[1]
        assert Client(srv).get(f"/r/{token}").status == 404
        # Someone else's link id is nothing to another account.
        other = Client(srv)
        register(other)
        assert Client(srv).get("/api/v1/report-links").status == 401
