"""Her report for a clinician: `pace report` and POST /report give a PDF of
one to three A4 pages with her pseudonym, the period, "Page 1 of", her
program (with an adjusted rule), only the notes she ticked, and a first
page that renders; sign-in, CSRF and bad dates are refused with words
beside the field; a long period stays within three pages."""

import json
import os
import re
import subprocess
import tempfile
from datetime import datetime, timedelta, timezone

import harness  # noqa: E402
from harness import Client, Server, assert_one_sentence, csrf, register, run_pace

TICKED = "Breathing out slowly helped with the larger size"
UNTICKED = "Private words that stay out of the report"


def ago(**kw):
    t = harness.now_dt().replace(microsecond=0) - timedelta(**kw)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def day(delta_days=0):
    return (harness.now_dt() + timedelta(days=delta_days)).strftime("%Y-%m-%d")


def json_req(api, method, path, obj):
    return api.request(method, path, body=json.dumps(obj),
                       headers={"Content-Type": "application/json"})


def her(srv):
    """Someone with a kit, an adjusted program, a goal, a ladder entry and
    sessions with two notes; returns (browser, email, ids by note)."""
    c = Client(srv)
    email = register(c)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    api = Client(srv, headers={"Authorization": f"Bearer {p.stdout.strip()}"})
    assert json_req(api, "PUT", "/api/v1/kit", {"items": ["fms-14", "fms-16", "fms-18"]}).status == 200
    r = json_req(api, "PUT", "/api/v1/program",
                 {"program": "radiotherapy", "params": {"comfort_pain_max": 2}})
    assert r.status == 200, r
    r = json_req(api, "PUT", "/api/v1/goals", {"goals": [{"goal": "custom", "label": "Tampon",
                                                          "min_mm": 14, "max_mm": 20}]})
    assert r.status == 200, r
    items = {k: {"anxiety": 5, "pain": None, "not_tried": True} for k in
             ("tampon", "cotton_swab", "finger", "gyn_exam", "dilator", "intercourse")}
    assert json_req(api, "POST", "/api/v1/ladder", {"items": items}).status == 201
    ids = {}
    for i, (note, size) in enumerate([(TICKED, "fms-16"), (UNTICKED, "fms-14"), (None, "fms-18")]):
        s = {"started_at": ago(days=3 + 2 * i, hours=1), "duration_s": 600 + 60 * i,
             "dilator_id": size, "temperature": "warm", "lubricant": "water_based",
             "outcome": "completed", "before": {"fear": 4, "tension": 5, "pain": 1},
             "after": {"fear": 2, "tension": 2, "pain": 1}, "max_pain": 3}
        if note:
            s["note"] = note
        r = json_req(api, "POST", "/api/v1/sessions", s)
        assert r.status == 201, r
        ids[note] = r.json()["id"]
    return c, email, ids


def pdf_facts(data):
    """(pages, page size line, text) of a PDF given as bytes."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "r.pdf")
        with open(path, "wb") as f:
            f.write(data)
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
        pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
        size = re.search(r"^Page size:\s+(.*)$", info.stdout, re.M).group(1)
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                              text=True, check=True).stdout
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path,
                        os.path.join(d, "page")], check=True)
        png = [n for n in os.listdir(d) if n.startswith("page") and n.endswith(".png")]
        assert len(png) == 1, png
        with open(os.path.join(d, png[0]), "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    return pages, size, text


def check_report(data, pseudonym):
    assert data[:5] == b"%PDF-", data[:20]
    pages, size, text = pdf_facts(data)
    assert 1 <= pages <= 3, pages
    assert "(A4)" in size, size
    assert pseudonym in text
    assert "Page 1 of" in text
    assert "After pelvic radiotherapy" in text  # her program
    assert "Highest pain that still counts as comfortable: 2" in " ".join(text.split())
    assert "FMS 16" in text and "16 mm" in text
    assert "Tampon" in text
    assert "Period:" in text
    return text


def test_cli_report_with_and_without_notes():
    with Server() as srv:
        _, email, _ = her(srv)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "r.pdf")
            p = run_pace("report", "--email", email, "--data", srv.data, "--name", "J. Doe",
                         "--from", day(-30), "--to", day(0), "--notes", "all", "-o", out)
            assert p.returncode == 0, p.stderr
            with open(out, "rb") as f:
                text = check_report(f.read(), "J. Doe")
            flat = " ".join(text.split())
            assert TICKED in flat and UNTICKED in flat
            # the period, both ends
            first = harness.now_dt() - timedelta(days=30)
            assert first.strftime("%-d %b %Y") in text

            # by default: no notes at all, and a blank name line
            p = run_pace("report", "--email", email, "--data", srv.data, "-o", out)
            assert p.returncode == 0, p.stderr
            with open(out, "rb") as f:
                _, _, text = pdf_facts(f.read())
            assert TICKED not in text and UNTICKED not in text
            assert "J. Doe" not in text
            assert "No session notes are included." in text


def test_cli_report_refusals():
    with Server() as srv:
        _, email, _ = her(srv)
        cases = [
            ("--from", day(0), "--to", day(-5)),   # end before start
            ("--from", "2026-02-30"),              # no such day
            ("--to", "yesterday"),
            ("--from", day(5)),                    # starts in the future
            ("--notes", "some"),
            ("--name", "x" * 81),
        ]
        for extra in cases:
            p = run_pace("report", "--email", email, "--data", srv.data, "-o", "/dev/null",
                         *extra)
            assert p.returncode == 2, (extra, p.returncode, p.stderr)
            assert_one_sentence(p.stderr)
        p = run_pace("report", "--email", email, "--data", srv.data)
        assert p.returncode == 2 and "-o" in p.stderr
        assert_one_sentence(p.stderr)
        p = run_pace("report", "--email", "nobody@example.org", "--data", srv.data, "-o",
                     "/dev/null")
        assert p.returncode == 1
        assert_one_sentence(p.stderr)
        p = run_pace("report", "--help")
        assert p.returncode == 0 and "pace report --email" in p.stdout


def test_ui_report_prints_only_ticked_notes():
    with Server() as srv:
        c, _, ids = her(srv)
        r = c.get("/report")
        assert r.status == 200, r
        page = r.text
        # both notes offered, neither ticked; the start of each shown
        for note in (TICKED, UNTICKED):
            assert f'value="{ids[note]}"' in page
            assert note[:30] in page
        assert " checked" not in page
        assert day(0) in page  # the last day defaults to today
        token = csrf(page)
        r = c.post("/report", [("csrf", token), ("from", day(-20)), ("to", day(0)),
                               ("name", "Pseudo Nym"), ("note", ids[TICKED]),
                               ("action", "pdf")])
        assert r.status == 200, r
        assert r.header("Content-Type") == "application/pdf"
        assert r.header("Cache-Control") == "no-store"
        assert r.header("Content-Disposition") == \
            f'attachment; filename="pace-report-{day(0)}.pdf"'
        text = check_report(r.body, "Pseudo Nym")
        flat = " ".join(text.split())
        assert TICKED in flat
        assert UNTICKED not in flat  # not ticked: absent

        # "show the notes of these dates" redraws the list, keeping ticks
        r = c.post("/report", [("csrf", token), ("from", day(-4)), ("to", day(0)),
                               ("note", ids[TICKED]), ("action", "update")])
        assert r.status == 200 and r.header("Content-Type").startswith("text/html")
        assert f'value="{ids[TICKED]}" checked' in r.text
        assert ids[UNTICKED] not in r.text  # outside the new period


def test_ui_report_bad_dates_are_shown_beside_the_field():
    with Server() as srv:
        c, _, _ = her(srv)
        token = c.csrf_for("/report")
        r = c.post("/report", {"csrf": token, "from": day(0), "to": day(-3), "action": "pdf"})
        assert r.status == 422, r
        assert r.header("Content-Type").startswith("text/html")
        assert 'id="e-to"' in r.text and "before the start" in r.text
        assert 'href="#f-to"' in r.text
        r = c.post("/report", {"csrf": token, "from": "31.01.2026", "to": day(0)})
        assert r.status == 422
        assert 'id="e-from"' in r.text and "as a date" in r.text
        r = c.post("/report", {"csrf": token, "from": day(-3), "to": day(0),
                               "name": "a\nb"})
        assert r.status == 422 and 'id="e-name"' in r.text
        # without the CSRF token nothing is made
        r = c.post("/report", {"from": day(-3), "to": day(0)})
        assert r.status == 403


def test_report_needs_sign_in():
    with Server() as srv:
        c = Client(srv)
        r = c.get("/report")
        assert r.status == 303 and r.header("Location") == "/login"
        anon = Client(srv)
        token = csrf(anon.get("/login").text)
        r = anon.post("/report", {"csrf": token, "from": day(-3), "to": day(0)})
        assert r.status in (303, 403), r
        assert r.header("Content-Type") != "application/pdf"


def test_long_period_stays_within_three_pages():
    with Server() as srv:
        p = run_pace("dev", "seed", "--users", "1", "--sessions-per-user", "400", "--days",
                     "365", "--prefix", "long", "--data", srv.data)
        assert p.returncode == 0, p.stderr
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "r.pdf")
            p = run_pace("report", "--email", "long-0@example.org", "--data", srv.data,
                         "--from", day(-364), "--notes", "all", "-o", out)
            assert p.returncode == 0, p.stderr
            with open(out, "rb") as f:
                pages, size, text = pdf_facts(f.read())
        assert 1 <= pages <= 3 and "(A4)" in size
        assert "Summarised per" in text
        assert f"Page {pages} of {pages}" in text


def test_cli_report_is_in_her_language():
    with Server() as srv:
        c, email, _ = her(srv)
        r = c.submit("/settings", "/lang", {"lang": "de", "back": "/settings"})
        assert r.status in (303, 302), r
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "r.pdf")
            p = run_pace("report", "--email", email, "--data", srv.data, "-o", out)
            assert p.returncode == 0, p.stderr
            with open(out, "rb") as f:
                _, _, text = pdf_facts(f.read())
        assert "Seite 1 von" in text and "Zeitraum" in text
        assert "Page 1 of" not in text

