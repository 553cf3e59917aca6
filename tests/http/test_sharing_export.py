"""test_sharing_export.py - her grants and her audit trail in what she
downloads from "Your data": the JSON export lists them, the FHIR export has
a Consent per grant and an AuditEvent per entry (no one's email), importing
the file anywhere creates no grant and brings no trail in, and erasing her
account erases her grants and her trail."""

import json
import os

import harness  # noqa: E402
from harness import Client, Server, browser_submit, register
from test_export import validate_fhir
from test_sharing import Her
from test_upload_import import upload


def shared_with_partner(srv):
    """She shares her summary with a partner, who accepts and looks twice;
    returns (her, partner, grant id, partner's email)."""
    her = Her(srv)
    _, token, _ = her.invite({"relation": "partner", "label": "Alex", "subject_name": "Sam",
                              "scope": ["summary", "sessions"]})
    partner = Client(srv)
    email = register(partner)
    r = browser_submit(partner, f"/invite/{token}", f"/invite/{token}")
    assert r.status == 303, r
    shared = r.header("Location")
    gid = shared.split("/")[2]
    assert partner.get(shared).status == 200
    assert partner.get(f"/shared/{gid}/progress").status == 404  # not shared: refused
    return her, partner, gid, email


def test_her_export_holds_her_grants_and_trail_and_import_brings_none_in():
    with Server() as srv:
        her, partner, gid, partner_email = shared_with_partner(srv)
        r = her.web.get("/settings/data/export?format=json")
        assert r.status == 200, r
        doc = r.json()
        assert doc["format_version"] == 3
        [g] = doc["sharing"]
        assert g["id"] == gid and g["relation"] == "partner" and g["status"] == "active"
        assert g["scopes"] == ["summary", "sessions"], g
        assert g["grantee"] == partner_email and g["label"] == "Alex" and g["shown_as"] == "Sam"
        # her trail: the partner's looks (and the operator's `pace token
        # create` for her, which has no grant)
        trail = [e for e in doc["audit"] if e["actor_kind"] != "none"]
        assert trail, doc
        assert all(e["actor"] == partner_email and e["actor_kind"] == "account" for e in trail)
        assert any(e["allowed"] for e in trail) and any(not e["allowed"] for e in trail)
        assert all(e["grant"] == gid for e in trail), trail
        assert [e["at"] for e in trail] == sorted(e["at"] for e in trail)  # oldest first

        # The FHIR export: a Consent for the grant, an AuditEvent per entry,
        # and no one's email anywhere in it.
        r = her.web.get("/settings/data/export?format=fhir")
        assert r.status == 200, r
        bundle = r.json()
        types = [e["resource"]["resourceType"] for e in bundle["entry"]]
        assert types.count("Consent") == 1 and types.count("AuditEvent") == len(doc["audit"]), types
        consent = next(e["resource"] for e in bundle["entry"]
                       if e["resource"]["resourceType"] == "Consent")
        assert consent["id"] == gid and consent["status"] == "active"
        assert partner_email not in r.text and her.email not in r.text
        p = validate_fhir(r.text)
        assert p.returncode == 0, p.stdout + p.stderr

        # Imported into another account on this server: nothing of the
        # sharing comes in, the counts say nothing of it, and no grant lets
        # anyone see the new account's data.
        other = Client(srv)
        register(other)
        doc["sessions"] = []  # her session ids are hers on this server
        r = upload(other, json.dumps(doc).encode())
        assert r.status == 303, (r.status, harness.alert(r.text))
        mine = other.get("/settings/data/export?format=json").json()
        assert mine["sharing"] == [] and mine["audit"] == [], mine["sharing"]
        assert "Alex" not in other.get("/sharing").text
        assert harness.db_query(srv.data, "SELECT count(*) FROM grants") == [("1",)]
        # A file naming a grantee by hand makes no grant either.
        doc["sharing"][0]["id"] = "5e1f0000-0000-4000-8000-000000000009"
        r = upload(other, json.dumps(doc).encode())
        assert r.status == 303, (r.status, harness.alert(r.text))
        assert harness.db_query(srv.data, "SELECT count(*) FROM grants") == [("1",)]
        # A trail entry that is not one Pace writes is named.
        doc["audit"][0]["allowed"] = "yes"
        r = upload(other, json.dumps(doc).encode())
        assert r.status == 422 and "audit[0].allowed" in r.text, r.status


def test_erasing_her_account_erases_her_grants_and_trail():
    with Server() as srv:
        her, partner, gid, partner_email = shared_with_partner(srv)
        uid = int(harness.db_query(srv.data, f"SELECT id FROM users WHERE email = '{her.email}'")
                  [0][0])
        assert int(harness.db_query(srv.data, "SELECT count(*) FROM audit_events WHERE "
                                              f"subject_id = {uid}")[0][0]) >= 2
        r = her.web.submit("/settings/data", "/settings/data/erase",
                           {"password": harness.PASSWORD})
        assert r.status == 200 and "Your account is deleted" in r.text, r
        for table in ("audit_events", "grants"):
            n = harness.db_query(srv.data, f"SELECT count(*) FROM {table} WHERE subject_id = {uid}")
            assert n == [("0",)], (table, n)
        # The partner's view of her is gone.
        assert partner.get(f"/shared/{gid}").status == 404
        assert "Sam" not in partner.get("/shared").text


def test_sharing_is_found_from_more_and_from_the_grantees_home():
    with Server() as srv:
        her, partner, gid, _ = shared_with_partner(srv)
        page = her.web.get("/more").text
        assert 'href="/sharing"' in page and 'href="/shared"' in page
        assert 'href="/shared"' not in her.web.get("/today").text  # nobody shares with her
        home = partner.get("/today").text
        assert 'href="/shared"' in home and "Shared with you" in home
        # Once she stops, the partner's home no longer points there.
        r = her.web.get("/sharing")
        her.web.post(f"/sharing/{gid}/revoke",
                     harness.fill_form(harness.page_form(r.text, f"/sharing/{gid}/revoke")))
        assert 'href="/shared"' not in partner.get("/today").text
