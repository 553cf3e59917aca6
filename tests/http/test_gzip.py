"""Content-Encoding: gzip: HTML and JSON answers over 1 KB (and the text
assets) go compressed when Accept-Encoding allows it, inflate to exactly
the plain answer, say Vary: Accept-Encoding, and never go compressed
without the header, with gzip;q=0, or for the calendar feed; every main
page with its stylesheet and scripts stays under 30 KB on first load."""

import gzip
import re

from harness import Client, Server, login, run_pace
from test_reminder_tz import member_with_feed

GZ = {"Accept-Encoding": "gzip, deflate, br"}
BUDGET = 30 * 1024
# The pages she opens: the five tabs, what is under More, and the pages a
# visitor sees.
PAGES = ["/today", "/practice", "/progress", "/guide", "/more", "/sessions", "/sessions/new",
         "/plan", "/kit", "/ladder", "/exam-prep", "/report", "/reminders", "/sharing",
         "/settings", "/settings/data"]
PUBLIC = ["/", "/login", "/register", "/guide"]


def seeded_server():
    srv = Server()
    p = run_pace("dev", "seed", "--users", "1", "--sessions-per-user", "120", "--until",
                 "2026-01-31T00:00:00Z", "--data", srv.data)
    assert p.returncode == 0, p.stderr
    srv.start()
    c = Client(srv)
    r = login(c, "seed-0@example.org", "pace seed password")
    assert r.status == 303, r
    return srv, c


def test_a_compressed_page_and_list_inflate_to_the_plain_ones():
    srv, c = seeded_server()
    try:
        tok = run_pace("token", "create", "--email", "seed-0@example.org", "--label", "t",
                       "--data", srv.data).stdout.strip()
        api = {"Authorization": "Bearer " + tok}
        for path, extra in (("/sessions", {}), ("/today", {}), ("/progress", {}),
                            ("/api/v1/sessions?limit=50", api)):
            plain = c.get(path, headers=extra)
            packed = c.get(path, headers={**extra, **GZ})
            assert plain.status == packed.status == 200, (path, plain, packed)
            assert len(plain.body) > 1024, path
            assert plain.header("Content-Encoding") is None, path
            assert packed.header("Content-Encoding") == "gzip", path
            assert plain.header("Vary") == packed.header("Vary") == "Accept-Encoding", path
            assert len(packed.body) < len(plain.body) / 2, (path, len(packed.body))
            assert gzip.decompress(packed.body) == plain.body, path
            assert packed.header("Content-Type") == plain.header("Content-Type"), path
    finally:
        srv.stop()


def test_no_gzip_without_the_header_with_q0_or_for_small_answers():
    srv, c = seeded_server()
    try:
        for ae in (None, "identity", "gzip;q=0", "gzip; q=0.0, deflate", "*;q=0", "br",
                   "gzip;q=0, *"):
            r = c.get("/sessions", headers={"Accept-Encoding": ae} if ae else {})
            assert r.status == 200
            assert r.header("Content-Encoding") is None, (ae, r.headers)
            assert r.body.lstrip()[:9].lower() == b"<!doctype", (ae, r.body[:20])
        for ae in ("gzip;q=0.5", "*", "x-gzip", "GZIP"):
            r = c.get("/sessions", headers={"Accept-Encoding": ae})
            assert r.header("Content-Encoding") == "gzip", (ae, r.headers)
        small = c.get("/healthz", headers=GZ)  # 15 bytes: not worth it
        assert small.header("Content-Encoding") is None and small.json() == {"status": "ok"}
    finally:
        srv.stop()


def test_the_calendar_feed_is_never_compressed():
    # Calendar apps fetch the feed with their own HTTP clients, and not all
    # of them inflate gzip correctly: the feed always goes plain.
    with Server() as srv:
        _, path = member_with_feed(srv, "Europe/Berlin")
        r = Client(srv).get(path, headers=GZ)
        assert r.status == 200, r
        assert r.header("Content-Type").startswith("text/calendar")
        # (A feed is often under 1 KB; test_web_gzip checks that text/calendar
        # is never compressed whatever its size.)
        assert r.header("Content-Encoding") is None
        assert "Accept-Encoding" not in (r.header("Vary") or "")
        assert r.body.startswith(b"BEGIN:VCALENDAR")


def test_assets_are_compressed_once_with_their_own_etag():
    with Server() as srv:
        c = Client(srv)
        home = c.get("/")
        css = re.search(r'href="(/static/app\.css\?v=[^"]+)"', home.text).group(1)
        plain = c.get(css)
        packed = c.get(css, headers=GZ)
        assert packed.header("Content-Encoding") == "gzip"
        assert gzip.decompress(packed.body) == plain.body
        assert packed.header("Vary") == "Accept-Encoding"
        assert packed.header("ETag") != plain.header("ETag")
        again = c.get(css, headers={**GZ, "If-None-Match": packed.header("ETag")})
        assert again.status == 304
        assert c.get(css, headers={"If-None-Match": plain.header("ETag")}).status == 304


def first_load(c, path, public=False):
    """Bytes over the wire for path and every stylesheet and script it names."""
    r = c.get(path, headers=GZ)
    assert r.status == 200, (path, r)
    html = gzip.decompress(r.body) if r.header("Content-Encoding") == "gzip" else r.body
    total = len(r.body)
    for asset in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))):
        if not re.search(rb"\.(css|js)(\?|$)", asset):
            continue
        a = c.get(asset.decode().replace("&amp;", "&"), headers=GZ)
        assert a.status == 200, asset
        total += len(a.body)
    return total


def test_every_main_page_is_under_30_kb_compressed_on_first_load():
    srv, c = seeded_server()
    try:
        sizes = {p: first_load(c, p) for p in PAGES}
        visitor = Client(srv)
        sizes.update({"(visitor) " + p: first_load(visitor, p) for p in PUBLIC})
        over = {p: n for p, n in sizes.items() if n >= BUDGET}
        assert not over, f"over {BUDGET} bytes on first load: {over}"
    finally:
        srv.stop()
