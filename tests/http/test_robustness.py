"""Odd and hostile requests: oversized headers, too many fields, long path
segments, HEAD, escaping of what she typed, open redirects, concurrency,
and static assets."""

import http.client
import re
import threading

from harness import (PASSWORD, Client, Server, login, new_email, register, run_pace,
                     sqlite_only)


def test_static_assets_are_cacheable_and_versioned():
    with Server() as srv:
        c = Client(srv)
        page = c.get("/login").text
        css = re.search(r'href="(/static/app\.css\?v=[^"]+)"', page).group(1)
        r = c.get(css)
        assert r.status == 200 and r.header("Content-Type").startswith("text/css")
        assert "immutable" in r.header("Cache-Control")
        etag = r.header("ETag")
        r = c.get("/static/app.css", headers={"If-None-Match": etag})
        assert r.status == 304 and r.body == b""
        assert c.get("/static/nothing.js").status == 404
        assert c.get("/static/../pace.key").status == 404


def test_inline_scripts_are_absent():
    with Server() as srv:
        c = Client(srv)
        register(c)
        for path in ["/", "/settings", "/login", "/register", "/nothing"]:
            text = c.get(path).text
            for tag in re.findall(r"<script[^>]*>", text):
                assert "src=" in tag, f"{path}: inline script {tag}"
            assert not re.search(r"\son[a-z]+=", text), f"{path}: inline event handler"
            assert "http://" not in text and "https://" not in text, f"{path}: external URL"


def test_what_she_typed_is_escaped():
    with Server() as srv:
        c = Client(srv)
        register(c)
        evil = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>'
        r = c.submit("/settings", "/settings/tokens", {"label": evil})
        assert r.status == 200
        r = c.submit("/settings", "/settings/about", {"about": evil})
        assert r.status == 303
        page = c.get("/settings").text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
        r = Client(srv).submit("/login", "/login", {"email": evil, "password": "x" * 12})
        assert r.status == 401 and "<script>alert" not in r.text


def test_language_switch_never_redirects_off_site():
    with Server() as srv:
        c = Client(srv)
        for back, want in [("/settings", "/settings"), ("//evil.example", "/"),
                           ("/\\evil.example", "/"), ("https://evil.example/", "/"),
                           ("/ok\r\nSet-Cookie: x=y", "/"), ("", "/")]:
            r = c.submit("/login", "/lang", {"lang": "de", "back": back})
            assert r.status == 303, f"{back!r}: {r}"
            assert r.header("Location") == want, f"{back!r} -> {r.header('Location')}"
        assert c.cookies.get("pace-lang") == "de"
        assert 'lang="de"' in c.get("/login").text
        r = c.submit("/login", "/lang", {"lang": "xx"})
        assert r.status == 400


def test_pre_login_cookie_is_dropped_at_sign_in():
    with Server() as srv:
        c = Client(srv)
        c.get("/register")
        pre = c.cookies["pace-pre"]
        register(c)
        assert "pace-pre" not in c.cookies and c.cookies["pace"] != pre


def test_head_request_has_headers_and_no_body():
    with Server() as srv:
        r = Client(srv).request("HEAD", "/login")
        assert r.status == 200 and r.body == b""


def test_too_many_form_fields_is_400():
    with Server() as srv:
        c = Client(srv)
        token = c.csrf_for("/login")
        body = f"csrf={token}&" + "&".join(f"f{i}=1" for i in range(300))
        assert c.post("/login", body).status == 400


def test_long_path_segment_and_odd_ids():
    with Server() as srv:
        c = Client(srv)
        register(c)
        token = c.csrf_for("/settings")
        for seg in ["9" * 200, "0", "-1", "1e3", "abc", "18446744073709551617"]:
            r = c.post(f"/settings/tokens/{seg}/revoke", {"csrf": token})
            assert r.status == 404, f"{seg}: {r}"
            r = c.post(f"/settings/logins/{seg}/end", {"csrf": token})
            assert r.status == 404, f"{seg}: {r}"


def test_oversized_header_is_refused_and_server_lives_on():
    with Server() as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        try:
            conn.request("GET", "/", headers={"Cookie": "pace=" + "a" * 200_000})
            status = conn.getresponse().status
            assert status in (413, 431), status
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            pass  # closing the connection is an acceptable refusal
        finally:
            conn.close()
        assert Client(srv).get("/healthz").status == 200


def test_a_request_with_many_headers_is_still_served():
    """Each connection has 32 KiB for the request line and headers (and the
    answer's headers): a signed-in request with 12 KB of other headers is
    served as usual."""
    with Server() as srv:
        c = Client(srv)
        register(c)
        r = c.get("/today", headers={f"X-Extra-{i}": "v" * 100 for i in range(120)})
        assert r.status == 200, r
        assert b"<h1" in r.body


def test_concurrent_requests_from_several_sessions():
    with Server(["--threads", "4"]) as srv:
        email = new_email()
        register(Client(srv), email)
        clients = [Client(srv) for _ in range(4)]
        for c in clients:
            assert login(c, email, PASSWORD).status == 303
        errors = []

        def work(i, c):
            try:
                token = c.csrf_for("/settings")
                for j in range(15):
                    r = c.post("/settings/about", {"csrf": token, "about": f"note {i}-{j}"})
                    assert r.status == 303, r
                    assert c.get("/settings").status == 200
                    assert c.get("/healthz").status == 200
            except Exception as e:  # reported below, in the test's thread
                errors.append(repr(e))

        threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, errors
        page = clients[0].get("/settings").text
        assert re.search(r"note \d-14", page)


def _page_served_while_write_lock_is_held(srv, send):
    """Holds SQLite's write lock from outside while send() runs on a thread of
    its own; a page must be served while send() still waits. Then lets the
    lock go and returns send()'s answer."""
    import os
    import sqlite3
    import time
    lock = sqlite3.connect(os.path.join(srv.data, "pace.db"), timeout=10, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # the write lock, held
    answer = {}
    waiting = threading.Thread(target=lambda: answer.update(r=send()))
    try:
        waiting.start()
        time.sleep(0.3)  # lets the request reach the server; not a measurement
        r = Client(srv).get("/login")
        still_waiting = waiting.is_alive()
        assert r.status == 200, r
        assert still_waiting, "the page was served only after the waiting request was answered"
    finally:
        lock.execute("ROLLBACK")
        lock.close()
        waiting.join(60)
    return answer["r"]


def test_a_request_waiting_to_write_does_not_hold_up_the_pages():
    """One connection thread: a form sent while the database's write lock is
    held elsewhere waits on a writer thread, and pages are served meanwhile;
    once the lock goes, the form's change is saved."""
    sqlite_only("holds SQLite's write lock from outside")
    with Server(["--threads", "1"]) as srv:
        c = Client(srv)
        register(c)
        token = c.csrf_for("/settings")
        r = _page_served_while_write_lock_is_held(
            srv, lambda: c.post("/settings/about", {"csrf": token, "about": "written later"}))
        assert r.status == 303, r
        assert "written later" in c.get("/settings").text


def test_a_look_at_her_data_waiting_to_be_audited_does_not_hold_up_the_pages():
    """A partner's look at what she shares is written to her audit trail
    before anything is shown. With one connection thread and the write lock
    held elsewhere, that look waits on a writer thread, pages are served
    meanwhile, and once the lock goes the look is answered and in her
    trail."""
    sqlite_only("holds SQLite's write lock from outside")
    with Server(["--threads", "1"]) as srv:
        def api_for(email):
            p = run_pace("token", "create", "--email", email, "--data", srv.data)
            assert p.returncode == 0, p.stderr
            return Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})

        her_web, his_web = Client(srv), Client(srv)
        her = api_for(register(her_web))
        him = api_for(register(his_web))
        g = her.post_json("/api/v1/grants", {"relation": "partner", "scopes": ["summary"],
                                              "label": "Sam", "subject_name": "Alex"})
        assert g.status == 201, g
        assert him.post(f"/api/v1/invitations/{g.json()['invitation_token']}").status == 200
        gid = g.json()["id"]
        trail = len(her.get("/api/v1/audit").json()["items"])
        r = _page_served_while_write_lock_is_held(srv, lambda: his_web.get(f"/shared/{gid}"))
        assert r.status == 200, r
        assert "This week" in r.text
        assert len(her.get("/api/v1/audit").json()["items"]) > trail


def test_one_connection_thread_per_cpu_it_may_run_on():
    """Confined to one CPU (a container's share, taskset), the server starts
    one connection thread, not one per CPU of the machine: two more threads
    are exactly what --threads 3 adds to that."""
    import os

    def threads(srv):
        return len(os.listdir(f"/proc/{srv.proc.pid}/task"))

    def one_cpu():
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    with Server(preexec_fn=one_cpu) as srv:
        assert Client(srv).get("/healthz").status == 200
        confined = threads(srv)
    with Server(["--threads", "3"], preexec_fn=one_cpu) as srv:
        assert Client(srv).get("/healthz").status == 200
        three = threads(srv)
    assert three - confined == 2, (confined, three)
