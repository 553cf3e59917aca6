"""The progress page (/progress): five charts as well-formed, labelled SVG
with their tables, the period picker, a refused period with a clear
message, sign-in required, and nobody else's data on it."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import harness  # noqa: E402
from harness import Client, Server, alert, register, run_pace

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = ["ch-scores", "ch-sizes", "ch-practice", "ch-spasms", "ch-ladder"]


def ago(**kw):
    t = harness.now_dt().replace(microsecond=0) - timedelta(**kw)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def member(srv):
    """Registers someone with a small kit; returns (browser, API client)."""
    c = Client(srv)
    email = register(c)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    api = Client(srv, headers={"Authorization": f"Bearer {p.stdout.strip()}"})
    r = api.request("PUT", "/api/v1/kit", body=json.dumps({"items": ["fms-16", "fms-18", "fms-20"]}),
                    headers={"Content-Type": "application/json"})
    assert r.status == 200, r
    return c, api


def log(api, days, size="fms-16", pain_after=2, spasms=(), outcome="completed"):
    s = {"started_at": ago(days=days, hours=1), "duration_s": 600, "dilator_id": size,
         "temperature": "warm", "lubricant": "water_based", "outcome": outcome,
         "before": {"fear": 5, "tension": 4, "pain": 3},
         "after": {"fear": 2, "tension": 2, "pain": pain_after},
         "spasms": [{"at_s": 60, "duration_s": d} for d in spasms]}
    if outcome == "not_today":
        s = {"started_at": s["started_at"], "duration_s": 0, "outcome": "not_today",
             "safety": ["bleeding"]}
    r = api.post_json("/api/v1/sessions", s)
    assert r.status == 201, r
    return r.json()


def svgs(html):
    """Every chart's SVG parsed as XML, by its id prefix."""
    out = {}
    for m in re.finditer(r"<svg xmlns=.*?</svg>", html, re.S):
        root = ET.fromstring(m.group(0))  # raises when not well-formed
        labelled = root.get("aria-labelledby").split()
        prefix = labelled[0][: -len("-title")]
        out[prefix] = root
    return out


def test_progress_draws_five_labelled_charts_with_tables():
    with Server() as srv:
        c, api = member(srv)
        log(api, 60, "fms-16", 5, spasms=(30,))
        log(api, 59, "fms-16", 4)
        # the weeks between left empty on purpose: a gap
        log(api, 6, "fms-18", 3, spasms=(20, 45))
        log(api, 5, "fms-18", 2)
        log(api, 2, outcome="not_today")
        r = api.request("PUT", "/api/v1/goals", body=json.dumps({"goals": [
            {"goal": "tampon"},
            {"goal": "custom", "label": "Swim <& \"lessons\">", "min_mm": 21, "max_mm": 23}]}),
            headers={"Content-Type": "application/json"})
        assert r.status == 200, r
        r = api.post_json("/api/v1/ladder", {"items": {
            "tampon": {"anxiety": 6, "pain": 4},
            "intercourse": {"not_tried": True, "anxiety": 8}}})
        assert r.status == 201, r

        r = c.get("/progress")
        assert r.status == 200, r
        assert "no-store" in r.header("Cache-Control")
        html = r.text
        charts = svgs(html)
        assert sorted(charts) == sorted(CHARTS), charts.keys()
        for prefix, root in charts.items():
            assert root.get("role") == "img"
            assert root.get("viewBox", "").startswith("0 0 ")
            title = root.find(SVG + "title")
            desc = root.find(SVG + "desc")
            assert title.get("id") == prefix + "-title" and title.text
            assert desc.get("id") == prefix + "-desc" and len(desc.text) > 20
            assert "style=" not in ET.tostring(root, encoding="unicode")
        # Ids are unique on the page.
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
        # The three months hold four sessions with scores, from pain 5 to 2.
        desc = charts["ch-scores"].find(SVG + "desc").text
        assert "4 sessions with scores" in desc and "Pain after practice went from 5 to 2" in desc
        assert "Pain after practice went from 5 to 2." in html  # the summary
        # Her own goal's label is escaped and drawn as a band.
        assert "Swim &lt;&amp; &quot;lessons&quot;&gt;" in html
        assert "Swim <&" not in html
        sizes = charts["ch-sizes"]
        assert sizes.findall(f"{SVG}rect[@fill-opacity]"), "no goal band"
        # Gaps: the sizes line is broken in two, never drawn across weeks
        # without a session.
        assert len(sizes.findall(SVG + "polyline")) == 2
        # Spasms: three, the longest 45 seconds.
        assert "You noted 3 spasms" in charts["ch-spasms"].find(SVG + "desc").text
        assert "45 seconds" in charts["ch-spasms"].find(SVG + "desc").text
        # "Not tried" drawn distinctly (a dashed ring) in the ladder.
        assert charts["ch-ladder"].findall(f"{SVG}circle[@stroke-dasharray]")
        # A table per chart with a caption and header cells with scope.
        assert html.count('<details class="chart-numbers">') == 5
        assert html.count("<caption") == 5
        assert 'scope="col"' in html and 'scope="row"' in html
        # The legend is HTML.
        assert html.count('<ul class="chart-legend">') == 5
        # The picker: 3 months by default, marked as current.
        assert re.search(r'<a href="/progress\?period=3m" aria-current="page">', html)
        picker = html.split('class="period-picker"', 1)[1].split("</nav>", 1)[0]
        assert picker.count('aria-current="page"') == 1
        # From here she can make the PDF for her clinician.
        assert 'href="/report"' in html


def test_progress_periods_and_a_refused_one():
    with Server() as srv:
        c, api = member(srv)
        log(api, 70, "fms-16", 5)
        log(api, 3, "fms-18", 2)
        r = c.get("/progress?period=4w")
        assert r.status == 200, r
        assert re.search(r'<a href="/progress\?period=4w" aria-current="page">', r.text)
        assert "1 session with scores" in r.text
        r = c.get("/progress?period=3m")
        assert "2 sessions with scores" in r.text
        r = c.get("/progress?period=all")
        assert re.search(r'<a href="/progress\?period=all" aria-current="page">', r.text)
        assert "2 sessions with scores" in r.text
        r = c.get("/progress?period=10y")
        assert r.status == 400, r
        msg = alert(r.text)
        assert msg and "period" in msg.lower(), msg
        # It still shows the default period underneath.
        assert re.search(r'<a href="/progress\?period=3m" aria-current="page">', r.text)
        svgs(r.text)


def test_progress_empty_states_are_calm():
    with Server() as srv:
        c = Client(srv)
        register(c)
        r = c.get("/progress")
        assert r.status == 200, r
        charts = svgs(r.text)
        assert sorted(charts) == sorted(CHARTS)
        for root in charts.values():
            assert "chart-empty" in root.get("class")
        assert "Nothing is logged in this period yet" in r.text
        assert "<details" not in r.text  # no empty tables
        assert 'href="/ladder"' in r.text


def test_progress_needs_sign_in():
    with Server() as srv:
        r = Client(srv).get("/progress")
        assert r.status == 303, r
        assert r.header("Location").startswith("/login")


def test_progress_shows_only_her_own_data():
    with Server() as srv:
        _, other_api = member(srv)
        log(other_api, 3, "fms-20", 7, spasms=(59,))
        other_api.post_json("/api/v1/ladder", {"items": {"finger": {"anxiety": 9, "pain": 9}}})
        c, _ = member(srv)
        r = c.get("/progress?period=all")
        assert r.status == 200, r
        assert "Nothing is logged in this period yet" in r.text
        for root in svgs(r.text).values():
            assert "chart-empty" in root.get("class")
        assert "20 mm" not in r.text and "59 seconds" not in r.text


def test_links_to_progress_from_today_and_history():
    with Server() as srv:
        c = Client(srv)
        register(c)
        for page in ("/today", "/sessions"):
            r = c.get(page)
            assert r.status == 200, r
            assert 'href="/progress"' in r.text, page
