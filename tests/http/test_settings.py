"""Settings: the encrypted note, the key file, password change and
signing out other sessions."""

import html
import os
import re
import secrets
import stat
import tempfile

import harness
from harness import browser_submit, PASSWORD, Client, Server, alert, login, register, run_pace


def data_bytes(srv):
    """The raw bytes of every database file in the data directory."""
    return harness.db_bytes(srv.data)


def test_about_note_is_saved_and_shown_again():
    with Server() as srv:
        c = Client(srv)
        register(c)
        note = 'Started with size 2 <b>"gently"</b> & breathing — ünïcode ok'
        r = c.submit("/settings", "/settings/about", {"about": note})
        assert r.status == 303 and r.header("Location") == "/settings?done=about"
        page = c.get("/settings").text
        assert "Your note is saved." in c.get("/settings?done=about").text
        assert html.escape(note, quote=False) in page or html.escape(note) in page
        assert "<b>" not in page  # escaped, never raw markup
        # Another account does not see it.
        other = Client(srv)
        register(other)
        assert "gently" not in other.get("/settings").text


def test_about_note_too_long_is_422():
    with Server() as srv:
        c = Client(srv)
        register(c)
        r = c.submit("/settings", "/settings/about", {"about": "x" * 2001})
        assert r.status == 422 and "at most 2000 characters" in r.text


def test_about_note_is_not_in_the_database_files_in_plaintext():
    marker = "PlainNoteMarker" + secrets.token_hex(8)
    with tempfile.TemporaryDirectory() as data:
        with Server(data_dir=data) as srv:
            c = Client(srv)
            register(c)
            r = c.submit("/settings", "/settings/about", {"about": f"my secret {marker} note"})
            assert r.status == 303
            assert marker in c.get("/settings").text
            raw = data_bytes(srv)
            assert len(raw) > 4096
            assert marker.encode() not in raw, "the note is stored in plaintext"
        # Again after the server closed the database (WAL checkpointed).
        assert marker.encode() not in data_bytes(srv)


def test_key_file_is_private():
    with Server() as srv:
        mode = stat.S_IMODE(os.stat(srv.path("pace.key")).st_mode)
        assert mode == 0o600, oct(mode)
        if not harness.PG_URL:
            db_mode = stat.S_IMODE(os.stat(srv.path("pace.db")).st_mode)
            assert db_mode & 0o077 == 0, oct(db_mode)


def test_server_refuses_a_key_file_others_can_read():
    with tempfile.TemporaryDirectory() as data:
        with Server(data_dir=data):
            pass  # creates the key file
        os.chmod(os.path.join(data, "pace.key"), 0o644)
        p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", data, timeout=30)
        assert p.returncode != 0
        assert "key file" in p.stderr and "chmod 600" in p.stderr, p.stderr
        assert "serving" not in p.stderr
        # With the mode fixed it starts again, with the same data.
        os.chmod(os.path.join(data, "pace.key"), 0o600)
        with Server(data_dir=data) as again:
            assert Client(again).get("/healthz").status == 200


def test_note_survives_a_restart():
    with tempfile.TemporaryDirectory() as data:
        with Server(data_dir=data) as srv:
            c = Client(srv)
            email = register(c)
            r = c.submit("/settings", "/settings/about", {"about": "still here"})
            assert r.status == 303
        with Server(data_dir=data) as srv:
            c = Client(srv)
            assert login(c, email).status == 303
            assert "still here" in c.get("/settings").text


def test_password_change_ends_other_sessions_but_keeps_this_one():
    with Server() as srv:
        a = Client(srv)
        email = register(a)
        b = Client(srv)
        assert login(b, email).status == 303
        assert b.get("/settings").status == 200
        new = "a brand new passphrase here"
        r = a.submit("/settings", "/settings/password",
                     {"current_password": PASSWORD, "new_password": new})
        assert r.status == 303 and r.header("Location") == "/settings?done=password"
        assert a.get("/settings").status == 200
        r = b.get("/settings")
        assert r.status == 303 and r.header("Location").startswith("/login")
        assert login(Client(srv), email).status == 401
        assert login(Client(srv), email, new).status == 303


def test_password_change_with_wrong_current_password_is_422():
    with Server() as srv:
        a = Client(srv)
        email = register(a)
        b = Client(srv)
        assert login(b, email).status == 303
        r = a.submit("/settings", "/settings/password",
                     {"current_password": "not my password", "new_password": "whatever new one"})
        assert r.status == 422
        assert "current password is not right" in r.text
        r = a.submit("/settings", "/settings/password",
                     {"current_password": PASSWORD, "new_password": "short"})
        assert r.status == 422 and "at least 12 characters" in r.text
        # Nothing changed: the old password works, the other session too.
        assert b.get("/settings").status == 200
        assert login(Client(srv), email).status == 303


def test_sign_out_everywhere_else():
    with Server() as srv:
        a = Client(srv)
        email = register(a)
        others = [Client(srv, headers={"User-Agent": ua}) for ua in
                  ["Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0",
                   "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"]]
        for o in others:
            assert login(o, email).status == 303
        page = a.get("/settings").text
        assert "Firefox · Linux" in page and "Safari · iOS" in page
        # It asks for her password first (throttled like signing in).
        r = browser_submit(a, "/settings", "/settings/logins/end-others#lg-h",
                           {"password": "not my password"})
        assert r.status == 422 and "not your password" in r.text
        for o in others:
            assert o.get("/settings").status == 200
        r = a.submit("/settings", "/settings/logins/end-others", {})
        assert r.status == 422
        r = browser_submit(a, "/settings", "/settings/logins/end-others#lg-h",
                           {"password": PASSWORD})
        assert r.status == 303 and r.header("Location") == "/settings?done=logins"
        assert a.get("/settings").status == 200
        for o in others:
            assert o.get("/settings").status == 303


def test_end_one_other_session_and_not_someone_elses():
    with Server() as srv:
        a = Client(srv)
        email = register(a)
        b = Client(srv)
        assert login(b, email).status == 303
        page = a.get("/settings").text
        ids = re.findall(r'action="/settings/logins/(\d+)/end"', page)
        assert len(ids) == 1
        # Someone else cannot end it.
        mallory = Client(srv)
        register(mallory)
        r = mallory.submit("/settings", f"/settings/logins/{ids[0]}/end", {})
        assert r.status == 404
        assert b.get("/settings").status == 200
        r = a.submit("/settings", f"/settings/logins/{ids[0]}/end", {})
        assert r.status == 303
        assert b.get("/settings").status == 303
        assert a.get("/settings").status == 200


def test_settings_needs_sign_in():
    with Server() as srv:
        c = Client(srv)
        r = c.get("/settings")
        assert r.status == 303 and r.header("Location").startswith("/login")
        assert alert(c.get("/login").text) is None
        r = c.post("/settings/about", {"about": "x", "csrf": "y"})
        assert r.status == 303 and r.header("Location").startswith("/login")
