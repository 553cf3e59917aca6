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
import urllib.parse
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
            meta, catalog = pdf_meta(out)
        assert "Seite 1 von" in text and "Zeitraum" in text
        assert "Page 1 of" not in text
        assert meta["Title"] == "Zusammenfassung der Übungen", meta
        assert "/Lang (de)" in catalog



# Notes in four scripts at fixed instants on both sides of the changes of
# the clocks in Europe/Berlin (30 March and 26 October 2025), with the
# local times the report must show.
NOTES = [
    ("2025-03-29T20:30:00Z", "今日はゆっくり呼吸できました。少し楽になりました。 😊🌸",
     "29 Mar 2025, 9:30 pm"),
    ("2025-03-31T19:15:00Z", "היום היה קל יותר עם הגודל הבא", "31 Mar 2025, 9:15 pm"),
    ("2025-11-03T18:45:00Z", "كان التمرين اليوم أسهل بكثير", "3 Nov 2025, 7:45 pm"),
    ("2025-11-04T07:05:00Z", "I said שלום and felt calm 🌿", "4 Nov 2025, 8:05 am"),
]
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def her_notes(srv):
    """Someone whose notes are in Japanese, Hebrew, Arabic and emoji;
    returns (browser, email)."""
    c = Client(srv)
    email = register(c)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    api = Client(srv, headers={"Authorization": f"Bearer {p.stdout.strip()}"})
    assert json_req(api, "PUT", "/api/v1/kit", {"items": ["fms-14", "fms-16"]}).status == 200
    for at, note, _ in NOTES:
        s = {"started_at": at, "duration_s": 600, "dilator_id": "fms-16", "outcome": "completed",
             "before": {"fear": 4, "tension": 5, "pain": 1},
             "after": {"fear": 2, "tension": 2, "pain": 1}, "max_pain": 3, "note": note}
        r = json_req(api, "POST", "/api/v1/sessions", s)
        assert r.status == 201, r
    return c, email


def plain_text(path):
    """The PDF's text in reading order, bidi marks out, spaces folded."""
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(BIDI_MARKS.sub("", text).split())


def nospace(s):
    return "".join(s.split())


def pdf_meta(path):
    """(pdfinfo lines as a dict, the catalog's dictionary as qpdf writes it)."""
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    meta = dict(l.split(":", 1) for l in info.splitlines() if ":" in l)
    meta = {k.strip(): v.strip() for k, v in meta.items()}
    check = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, "-"],
                         capture_output=True, check=True).stdout.decode("latin-1")
    catalog = re.search(r"<<(?:(?!>>\s*endobj).)*?/Type /Catalog.*?>>\s*endobj", qdf, re.S)
    assert catalog, "no catalog"
    return meta, catalog.group(0)


def fonts_of(path):
    out = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    rows = [l.split() for l in out.splitlines()[2:] if l.strip()]
    return [(r[0].split("+", 1)[-1], r[-5]) for r in rows]  # (name, embedded)


def test_cli_report_in_every_script_with_times_in_her_zone():
    with Server() as srv:
        _, email = her_notes(srv)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "r.pdf")
            p = run_pace("report", "--email", email, "--data", srv.data, "--from", "2025-03-01",
                         "--to", "2025-11-30", "--tz", "Europe/Berlin", "--notes", "all",
                         "-o", out)
            assert p.returncode == 0, p.stderr
            text = plain_text(out)
            for _, note, when in NOTES:
                # (pdftotext may drop the space where a right-to-left word
                # meets a left-to-right one; the letters keep their order)
                assert nospace(note) in nospace(text), note
                # the local time of each session's own date: +1 in winter,
                # +2 in summer
                assert when in text, when
            assert "Times in Europe/Berlin" in text
            fonts = fonts_of(out)
            names = {n for n, _ in fonts}
            assert all(emb == "yes" for _, emb in fonts), fonts
            for want in ("DejaVuSans", "DejaVuSans-Bold", "IPAGothic", "Symbola"):
                assert want in names, (want, names)

            # a tagged PDF in her language, titled without the therapy
            meta, catalog = pdf_meta(out)
            assert meta["Title"] == "Practice summary", meta
            assert meta["Tagged"] == "yes", meta
            assert "/Lang (en)" in catalog, catalog
            assert "/StructTreeRoot" in catalog and "/DisplayDocTitle true" in catalog
            st = subprocess.run(["pdfinfo", "-struct", out], capture_output=True, text=True,
                                check=True)
            struct = st.stdout
            assert "Warning" not in st.stderr, st.stderr[:2000]
            assert struct.startswith("Document\n"), struct[:200]
            for tag in ("H1", "H2", "P", "Table", "TR", "TD", "Figure"):
                assert re.search(rf"^\s*{tag}\b", struct, re.M), (tag, struct[:2000])
            assert "Dilator" not in text.split("Overview")[0]

            # she may choose the fuller title
            p = run_pace("report", "--email", email, "--data", srv.data, "--from", "2025-03-01",
                         "--to", "2025-11-30", "--tz", "Europe/Berlin", "--full-title", "-o", out)
            assert p.returncode == 0, p.stderr
            meta, _ = pdf_meta(out)
            assert meta["Title"] == "Dilator therapy: practice summary", meta
            assert plain_text(out).startswith("Dilator therapy: practice summary")

            # the same sessions in UTC: other clock times, named so
            p = run_pace("report", "--email", email, "--data", srv.data, "--from", "2025-03-01",
                         "--to", "2025-11-30", "--tz", "UTC", "--notes", "all", "-o", out)
            assert p.returncode == 0, p.stderr
            text = plain_text(out)
            assert "29 Mar 2025, 8:30 pm" in text and "31 Mar 2025, 7:15 pm" in text
            assert "Times in UTC" in text


def test_cli_report_fonts_do_not_depend_on_the_machine():
    """The machine's own font set-up (here one that maps every family to
    another font) changes nothing in the report."""
    with Server() as srv:
        _, email = her_notes(srv)
        with tempfile.TemporaryDirectory() as d:
            conf = os.path.join(d, "fonts.conf")
            with open(conf, "w") as f:
                f.write('<?xml version="1.0"?><fontconfig><match target="pattern">'
                        '<edit name="family" mode="prepend" binding="strong">'
                        '<string>DejaVu Serif</string></edit></match>'
                        '<dir>/usr/share/fonts</dir></fontconfig>')
            runs = []
            for env in ({}, {"FONTCONFIG_FILE": conf, "LANG": "ja_JP.UTF-8"}):
                out = os.path.join(d, f"r{len(runs)}.pdf")
                p = run_pace("report", "--email", email, "--data", srv.data, "--from",
                             "2025-03-01", "--to", "2025-11-30", "--tz", "Europe/Berlin",
                             "--notes", "all", "-o", out, env=env)
                assert p.returncode == 0, p.stderr
                runs.append((fonts_of(out), plain_text(out)))
            assert runs[0] == runs[1]
            assert "DejaVuSerif" not in {n for n, _ in runs[1][0]}


def test_cli_report_zone_refusals():
    with Server() as srv:
        _, email = her_notes(srv)
        for bad in ("Europe/Berln", "+60", "../../etc/passwd", "UTC+15:00"):
            p = run_pace("report", "--email", email, "--data", srv.data, "--tz", bad,
                         "-o", "/dev/null")
            assert p.returncode == 2, (bad, p.returncode, p.stderr)
            assert_one_sentence(p.stderr)
            assert "--tz" in p.stderr and "Europe/Berlin" in p.stderr
        p = run_pace("report", "--email", email, "--data", srv.data, "--tz", "UTC-05:30",
                     "-o", "/dev/null")
        assert p.returncode == 0, p.stderr


def test_ui_report_zone_title_and_language():
    with Server() as srv:
        c, _ = her_notes(srv)
        # the zone comes from the pace-zone cookie, else the offset, else UTC
        r = c.get("/report")
        assert 'name="zone"' in r.text and 'value="UTC"' in r.text
        r = c.get("/report", headers={"Cookie": "; ".join(
            [f"{k}={v}" for k, v in c.cookies.items()] + ["pace-tz=60"])})
        assert 'value="UTC+01:00"' in r.text
        r = c.get("/report", headers={"Cookie": "; ".join(
            [f"{k}={v}" for k, v in c.cookies.items()] + ["pace-zone=Asia/Tokyo"])})
        assert 'value="Asia/Tokyo"' in r.text
        assert 'name="full_title"' in r.text and " checked" not in r.text

        token = csrf(r.text)
        form = [("csrf", token), ("from", "2025-03-01"), ("to", "2025-11-30"),
                ("zone", "Europe/Berlin")]
        # the notes to choose from are listed in her zone
        r = c.post("/report", form + [("action", "update")])
        assert r.status == 200
        for _, _, when in NOTES:
            assert when in r.text, when
        # a zone nobody knows is named beside its field
        r = c.post("/report", [("csrf", token), ("from", "2025-03-01"), ("to", "2025-11-30"),
                               ("zone", "Mars/Olympus"), ("action", "pdf")])
        assert r.status == 422 and 'id="e-zone"' in r.text and 'href="#f-zone"' in r.text
        assert 'value="Mars/Olympus"' in r.text

        ids = re.findall(r'name="note" value="([0-9a-f-]+)"', c.post(
            "/report", form + [("action", "update")]).text)
        assert len(ids) == len(NOTES)
        r = c.post("/report", form + [("note", i) for i in ids] +
                   [("full_title", "1"), ("action", "pdf")])
        assert r.status == 200 and r.header("Content-Type") == "application/pdf"
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.pdf")
            with open(path, "wb") as f:
                f.write(r.body)
            text = plain_text(path)
            for _, note, when in NOTES:
                assert nospace(note) in nospace(text) and when in text, (note, when)
            meta, catalog = pdf_meta(path)
            assert meta["Title"] == "Dilator therapy: practice summary"
            assert "/Lang (en)" in catalog

            # in German: the language she chose, the German title
            r = c.submit("/settings", "/lang", {"lang": "de", "back": "/settings"})
            assert r.status in (302, 303)
            r = c.post("/report", form + [("action", "pdf")])
            assert r.status == 200
            with open(path, "wb") as f:
                f.write(r.body)
            meta, catalog = pdf_meta(path)
            assert meta["Title"] == "Zusammenfassung der Übungen", meta
            assert "/Lang (de)" in catalog
            text = plain_text(path)
            assert "Zeiten in Europe/Berlin" in text and "Seite 1 von" in text


def test_reports_drawn_at_once():
    """Four reports drawn at the same moment on the server's threads (each
    with its own pango font map over the one font configuration) are each
    whole."""
    import threading
    with Server() as srv:
        c, _ = her_notes(srv)
        token = c.csrf_for("/report")
        form = urllib.parse.urlencode([("csrf", token), ("from", "2025-03-01"),
                                       ("to", "2025-11-30"), ("zone", "Asia/Tokyo"),
                                       ("action", "pdf")])
        results = []

        def one():
            r = c.request("POST", "/report", body=form,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
            results.append(r)

        threads = [threading.Thread(target=one) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 4
        assert all(r.status == 200 and r.body[:5] == b"%PDF-" for r in results)
        # the same report, byte for byte but for the second it was made in
        bodies = {re.sub(rb"/CreationDate \([^)]*\)", b"", r.body) for r in results}
        assert len(bodies) == 1
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.pdf")
            with open(path, "wb") as f:
                f.write(results[0].body)
            assert "Times in Asia/Tokyo" in plain_text(path)
            pdf_meta(path)
