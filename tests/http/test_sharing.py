"""test_sharing.py - sharing with consent through the pages people use: she
invites her partner on /sharing (the link, and a QR code that decodes to
it), the partner registers through the link and accepts, sees exactly what
was shared and nothing else, she changes it and revokes it and the next
click shows nothing; every look, allowed or refused, is on her "Who saw
what" page; `pace audit verify` checks the chain and names an edited entry;
`pace share list` lists her grants."""

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib

import harness  # noqa: E402
from harness import (Client, Server, browser_submit, fill_form, page_form, register, run_pace)


def session(api, note):
    import time
    t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(harness.now() - 3600))
    r = api.post_json("/api/v1/sessions", {
        "started_at": t, "duration_s": 600, "dilator_id": "fms-18", "outcome": "completed",
        "after": {"fear": 1, "tension": 2, "pain": 3}, "note": note})
    assert r.status == 201, r
    return r.json()["id"]


class Her:
    def __init__(self, srv):
        self.web = Client(srv)
        self.email = register(self.web)
        p = run_pace("token", "create", "--email", self.email, "--data", srv.data)
        self.api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})
        self.api.request("PUT", "/api/v1/kit", body=json.dumps({"items": ["fms-16", "fms-18"]}),
                         headers={"Content-Type": "application/json"})
        self.session = session(self.api, "a private thought")

    def invite(self, changes):
        r = browser_submit(self.web, "/sharing", "/sharing/invite", changes)
        assert r.status == 200, (r.status, harness.alert(r.text))
        m = re.search(r"<code>(https?://[^<]+/invite/([A-Za-z0-9_-]+))</code>", r.text)
        assert m, r.text[:3000]
        return m.group(1), m.group(2), r.text


def qr_png(svg, path):
    """The inline SVG's squares as a black-and-white PNG, scaled up."""
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    cells = {(int(x), int(y)) for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", svg)}
    scale = 8
    rows = []
    for y in range(size * scale):
        row = bytearray([0])
        for x in range(size * scale):
            row.append(0 if (x // scale, y // scale) in cells else 255)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    png = (b"\x89PNG\r\n\x1a\n" +
           chunk(b"IHDR", struct.pack(">IIBBBBB", size * scale, size * scale, 8, 0, 0, 0, 0)) +
           chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


def test_she_invites_her_partner_who_sees_only_what_is_shared_until_she_stops():
    with Server() as srv:
        her = Her(srv)
        link, token, page = her.invite({"relation": "partner", "label": "Alex",
                                        "subject_name": "Sam", "scope": ["summary", "sessions"]})
        # The QR code on the page decodes to the link itself.
        svg = re.search(r'<svg class="qr".*?</svg>', page, re.S).group(0)
        if shutil.which("zbarimg"):
            with tempfile.TemporaryDirectory() as d:
                png = os.path.join(d, "qr.png")
                qr_png(svg, png)
                out = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True,
                                     text=True)
                assert out.stdout.strip() == link, (out.stdout, link)
        # The partner opens the link, is not signed in, registers through it.
        partner = Client(srv)
        r = partner.get(f"/invite/{token}")
        assert r.status == 200 and "Sam would like to share" in r.text, r.text[:2000]
        assert f'/register?next=/invite/{token}' in r.text
        r = browser_submit(partner, f"/register?next=/invite/{token}", "/register",
                           {"email": harness.new_email(), "password": harness.PASSWORD})
        assert r.status == 200 and f'href="/invite/{token}">I have kept them</a>' in r.text, r
        r = browser_submit(partner, f"/invite/{token}", f"/invite/{token}")
        assert r.status == 303, r
        shared = r.header("Location")
        assert shared.startswith("/shared/")
        gid = shared.split("/")[2]
        # A second acceptance, even by herself: a calm page, nothing changed.
        r = her.web.get(f"/invite/{token}")
        assert r.status == 404 and "cannot be used" in r.text
        # What is shared, and nothing else: the sessions without notes.
        page = partner.get(shared)
        assert page.status == 200, page
        assert "This week" in page.text and "Recent sessions" in page.text
        # How to support her, and the guide's article for partners.
        assert "Practising together" in page.text and 'href="/guide/partners"' in page.text
        assert "a private thought" not in page.text
        assert "progress" not in page.text.split("<main")[1].split("Practising together")[0] \
            .lower().replace("in progress", "")
        assert partner.get(f"/shared/{gid}/progress").status == 404
        # Her own pages are hers: the partner reaches none of them by id.
        assert partner.get(f"/sessions/{her.session}").status == 404
        # She adds the notes and the charts; at the next click they are there.
        r = her.web.get("/sharing")
        form = page_form(r.text, f"/sharing/{gid}")
        r = her.web.post(f"/sharing/{gid}", fill_form(form, {
            "scope": ["summary", "sessions", "notes", "progress"], "end": ""}))
        assert r.status == 303, r
        assert "a private thought" in partner.get(shared).text
        assert partner.get(f"/shared/{gid}/progress").status == 200
        # She stops sharing: the partner's next click shows nothing of hers.
        r = her.web.get("/sharing")
        r = her.web.post(f"/sharing/{gid}/revoke", fill_form(page_form(r.text,
                                                                        f"/sharing/{gid}/revoke")))
        assert r.status == 303, r
        for path in (shared, f"/shared/{gid}/progress"):
            assert partner.get(path).status == 404
        assert "Sam" not in partner.get("/shared").text
        # Her trail: the looks, allowed and refused, with the partner's address.
        trail = her.web.get("/sharing/audit").text
        assert trail.count("allowed") >= 3 and "refused" in trail, trail[:3000]
        # The chain verifies, and an edited row is named.
        p = run_pace("audit", "verify", "--data", srv.data)
        assert p.returncode == 0 and "intact" in p.stdout, (p.stdout, p.stderr)
        p = run_pace("share", "list", "--email", her.email, "--data", srv.data)
        assert p.returncode == 0 and "partner" in p.stdout and "revoked" in p.stdout, p.stdout
    # Edited by someone holding the file: named.
    data = tempfile.mkdtemp(prefix="pace-audit-")
    try:
        with Server(data_dir=data) as srv:
            her = Her(srv)
            _, token, _ = her.invite({"relation": "partner", "scope": ["summary"]})
            partner = Client(srv)
            register(partner)
            r = browser_submit(partner, f"/invite/{token}", f"/invite/{token}")
            for _ in range(3):
                partner.get(r.header("Location"))
        harness.db_exec(data, "DROP TRIGGER audit_events_append_only;"
                        "UPDATE audit_events SET allowed = 0 WHERE id = 2;",
                        "DROP TRIGGER audit_events_append_only ON audit_events;"
                        "UPDATE audit_events SET allowed = 0 WHERE id = 2;")
        p = run_pace("audit", "verify", "--data", data)
        assert p.returncode != 0 and "2" in p.stderr, (p.stdout, p.stderr)
        harness.assert_one_sentence(p.stderr)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def test_invitations_refuse_misuse_calmly():
    with Server() as srv:
        her = Her(srv)
        # a partner cannot be given her plan to change
        r = browser_submit(her.web, "/sharing", "/sharing/invite",
                           {"relation": "partner", "scope": ["edit_plan"]})
        assert r.status == 422 and "never change your plan" in r.text
        r = browser_submit(her.web, "/sharing", "/sharing/invite",
                           {"relation": "partner", "scope": []})
        assert r.status == 422 and "at least one thing" in r.text
        # her own invitation
        _, token, _ = her.invite({"relation": "clinician", "scope": ["summary"]})
        r = browser_submit(her.web, f"/invite/{token}", f"/invite/{token}")
        assert r.status == 422 and "your own invitation" in r.text, r
        # a link that never existed reads like one that expired
        r = Client(srv).get("/invite/" + "a" * 43)
        assert r.status == 404 and "cannot be used" in r.text
        # a withdrawn invitation
        gid = re.findall(r'action="/sharing/([0-9a-f-]{36})/revoke"', her.web.get("/sharing").text)
        assert gid
        r = her.web.get("/sharing")
        her.web.post(f"/sharing/{gid[0]}/revoke",
                     fill_form(page_form(r.text, f"/sharing/{gid[0]}/revoke")))
        other = Client(srv)
        register(other)
        r = other.get(f"/invite/{token}")
        assert r.status == 404
        # another person's grant ids do nothing for anyone else
        r = other.get("/sharing")
        r = other.post(f"/sharing/{gid[0]}/revoke", fill_form(page_form(r.text, "/sharing/invite"),
                                                              {"relation": None}))
        assert r.status == 404
