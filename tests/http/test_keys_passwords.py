"""The key file, direct TLS and passwords: a missing or wrong key is refused
while the database holds data; TLS 1.2/1.3 with ECDHE and AEAD only (checked
with openssl s_client), and a private key file nobody else may read; common
passwords and ones made from her email refused kindly in every front end; a
browser login's absolute lifetime; a password change ends API tokens unless
she keeps them."""

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from datetime import datetime, timezone

from harness import (PASSWORD, Client, FileClock, Server, alert, assert_one_sentence,
                     browser_submit, login, new_email, now, register, run_pace)

COMMON = "password123456"


# ---- the key file -------------------------------------------------------------

def test_a_missing_or_wrong_key_is_refused_by_serve_and_every_command():
    data = tempfile.mkdtemp(prefix="pace-key-")
    try:
        with Server(data_dir=data) as srv:
            c = Client(srv)
            email = register(c)
            c.submit("/settings", "/settings/about", {"about": "sealed with the key"})
        key = os.path.join(data, "pace.key")
        kept = key + ".kept"
        os.rename(key, kept)
        commands = [("serve", "--listen", "127.0.0.1:0", "--data", data),
                    ("backup", os.path.join(data, "copy.db"), "--data", data),
                    ("token", "create", "--email", email, "--data", data),
                    ("export", "--email", email, "--data", data)]
        for args in commands:
            p = run_pace(*args, timeout=30)
            assert p.returncode != 0, args
            assert_one_sentence(p.stderr)
            assert "key file" in p.stderr and "missing" in p.stderr, p.stderr
            assert not os.path.exists(key), f"pace {args[0]} made a new key"
        with open(key, "w") as f:
            f.write("ab" * 32 + "\n")
        os.chmod(key, 0o600)
        p = run_pace(*commands[0], timeout=30)
        assert p.returncode != 0
        assert_one_sentence(p.stderr)
        assert "does not open" in p.stderr
        os.replace(kept, key)
        with Server(data_dir=data) as srv:
            c = Client(srv)
            assert login(c, email).status == 303
            assert "sealed with the key" in c.get("/settings").text
    finally:
        shutil.rmtree(data, ignore_errors=True)


def test_a_key_is_made_only_for_a_new_database():
    data = tempfile.mkdtemp(prefix="pace-key-")
    try:
        with Server(data_dir=data):
            pass
        assert os.stat(os.path.join(data, "pace.key")).st_mode & 0o777 == 0o600
    finally:
        shutil.rmtree(data, ignore_errors=True)


# ---- direct TLS ---------------------------------------------------------------

def make_cert(d):
    key, cert = os.path.join(d, "key.pem"), os.path.join(d, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "30", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    os.chmod(key, 0o600)
    return cert, key


def handshake(port, *args):
    """The protocol and cipher openssl s_client agreed, or None when refused."""
    p = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", *args],
                       input="", capture_output=True, text=True, timeout=20)
    m = re.search(r"New, (TLSv[\d.]+), Cipher is (\S+)", p.stdout)
    return (m.group(1), m.group(2)) if m else None


def test_direct_tls_allows_only_modern_protocols_and_suites():
    d = tempfile.mkdtemp(prefix="pace-tls-")
    try:
        cert, key = make_cert(d)
        with Server(["--tls-cert", cert, "--tls-key", key]) as srv:
            got = handshake(srv.port, "-tls1_3")
            assert got and got[0] == "TLSv1.3", got
            got = handshake(srv.port, "-tls1_2")
            assert got and got[0] == "TLSv1.2" and got[1].startswith("ECDHE-"), got
            for cipher in ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                           "ECDHE-RSA-CHACHA20-POLY1305"]:
                assert handshake(srv.port, "-tls1_2", "-cipher", cipher), cipher
            # The client is told to offer what it would normally refuse.
            old = "DEFAULT@SECLEVEL=0"
            assert handshake(srv.port, "-tls1_1", "-cipher", old) is None
            assert handshake(srv.port, "-tls1", "-cipher", old) is None
            for cipher in ["AES128-SHA", "AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA",
                           "ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES128-GCM-SHA256"]:
                assert handshake(srv.port, "-tls1_2", "-cipher", cipher + ":@SECLEVEL=0") is None, \
                    cipher
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_a_tls_key_others_may_read_is_refused():
    d = tempfile.mkdtemp(prefix="pace-tls-")
    try:
        cert, key = make_cert(d)
        os.chmod(key, 0o644)
        p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", os.path.join(d, "data"),
                     "--tls-cert", cert, "--tls-key", key, timeout=30)
        assert p.returncode != 0
        assert_one_sentence(p.stderr)
        assert "TLS key file" in p.stderr and "chmod 600" in p.stderr
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ---- passwords --------------------------------------------------------------

def test_common_and_email_passwords_are_refused_when_registering():
    with Server() as srv:
        c = Client(srv)
        email = "maria.lopez@example.org"
        for pw, why in [(COMMON, "many people use"), ("maria.lopez1990", "email address"),
                        ("LopezMaria2024!", "email address")]:
            r = c.submit("/register", "/register", {"email": email, "password": pw})
            assert r.status == 422, (pw, r)
            assert why in r.text and "Please choose another" in r.text
            assert "pace" not in c.cookies
        r = c.submit("/register", "/register", {"email": email, "password": PASSWORD})
        assert r.status == 200 and "Keep your recovery codes" in r.text


def test_a_common_new_password_is_refused_in_settings():
    with Server() as srv:
        c = Client(srv)
        register(c)
        r = browser_submit(c, "/settings", "/settings/password",
                           {"current_password": PASSWORD, "new_password": COMMON})
        assert r.status == 422 and "many people use" in r.text
        assert 'aria-invalid="true"' in r.text


def test_pace_user_add_refuses_a_common_password():
    data = tempfile.mkdtemp(prefix="pace-cli-")
    try:
        p = run_pace("user", "add", "--email", "ann@example.org", "--password-stdin", "--data",
                     data, input=COMMON + "\n")
        assert p.returncode == 2
        assert_one_sentence(p.stderr)
        assert "many people use" in p.stderr
        p = run_pace("user", "add", "--email", "ann@example.org", "--password-stdin", "--data",
                     data, input="ann@example.org\n")
        assert p.returncode == 2 and "email address" in p.stderr
        p = run_pace("user", "add", "--email", "ann@example.org", "--password-stdin", "--data",
                     data, input=PASSWORD + "\n")
        assert p.returncode == 0, p.stderr
    finally:
        shutil.rmtree(data, ignore_errors=True)


# ---- sessions and tokens -----------------------------------------------------

def test_a_browser_login_ends_after_its_lifetime_however_active():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:  # the default: 12 hours
            c = Client(srv)
            register(c)
            for _ in range(12 * 3):  # active every 20 minutes
                clock.advance(20 * 60)
                assert c.get("/settings").status == 200
            clock.advance(60)
            r = c.get("/settings")
            assert r.status == 303 and r.header("Location").startswith("/login")
        with Server(["--login-lifetime", "1"], env=clock.env) as srv:
            c = Client(srv)
            register(c)
            for _ in range(2):
                clock.advance(25 * 60)
                assert c.get("/settings").status == 200
            clock.advance(11 * 60)
            assert c.get("/settings").status == 303
    finally:
        clock.close()
    for bad in ["0", "-3", "twelve", "2161"]:
        p = run_pace("serve", "--login-lifetime", bad, "--data", "/nonexistent/x")
        assert p.returncode == 2 and "login lifetime" in p.stderr, bad


def new_token(c, label="script"):
    r = browser_submit(c, "/settings", "/settings/tokens#tk-h", {"label": label})
    return re.search(r"pace_[A-Za-z0-9_-]{43}", r.text).group(0)


def test_a_password_change_ends_api_tokens_unless_she_keeps_them():
    with Server() as srv:
        c = Client(srv)
        register(c)
        token = new_token(c)
        api = Client(srv, headers={"Authorization": f"Bearer {token}"})
        assert api.get("/api/v1/me").status == 200
        r = browser_submit(c, "/settings", "/settings/password",
                           {"current_password": PASSWORD, "new_password": "a brand new passphrase"})
        assert r.status == 303 and r.header("Location") == "/settings?done=password"
        assert "API tokens no longer work" in c.get("/settings?done=password").text
        assert api.get("/api/v1/me").status == 401
        # With the box ticked, they stay.
        token = new_token(c, "kept")
        api = Client(srv, headers={"Authorization": f"Bearer {token}"})
        r = browser_submit(c, "/settings", "/settings/password",
                           {"current_password": "a brand new passphrase",
                            "new_password": "another calm passphrase", "keep_tokens": "1"})
        assert r.status == 303 and r.header("Location") == "/settings?done=password-kept"
        assert api.get("/api/v1/me").status == 200
        assert c.get("/settings").status == 200  # this browser stays signed in


def test_wrong_passwords_in_settings_count_like_sign_in_failures():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        other = Client(srv)
        assert login(other, email).status == 303
        for i in range(10):
            r = browser_submit(c, "/settings", "/settings/logins/end-others#lg-h",
                               {"password": f"not it {i} at all"})
            assert r.status == 422, r
        r = browser_submit(c, "/settings", "/settings/logins/end-others#lg-h",
                           {"password": PASSWORD})
        assert r.status == 429 and "try again in" in r.text
        assert other.get("/settings").status == 200
        # Signing in is locked for the account as well.
        assert login(Client(srv), email).status == 429
        assert alert(login(Client(srv), email, "x" * 12).text)
        assert new_email()


# ---- quotas ---------------------------------------------------------------------

def api_for(srv):
    c = Client(srv)
    register(c)
    return c, Client(srv, headers={"Authorization": f"Bearer {new_token(c)}"})


def a_session(minutes_ago, note=""):
    t = datetime.fromtimestamp(now() - 60 * minutes_ago, timezone.utc)
    return {"started_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "duration_s": 0,
            "outcome": "not_today", "note": note}


def count_sessions(api):
    r = api.get("/api/v1/sessions?limit=200")
    assert r.status == 200, r
    return len(r.json()["items"])


def test_a_day_s_records_quota_is_clear_and_keeps_nothing_partial():
    clock = FileClock()
    try:
        with Server(["--quota-records-per-day", "3"], env=clock.env) as srv:
            c, api = api_for(srv)
            for i in range(3):
                assert api.post_json("/api/v1/sessions", a_session(i + 1)).status == 201
            r = api.post_json("/api/v1/sessions", a_session(9))
            assert r.status == 429, r
            assert "3 a day" in r.json()["error"] and "tomorrow" in r.json()["error"]
            assert count_sessions(api) == 3
            # The quick log form says the same, and keeps what she typed.
            assert browser_submit(c, "/kit", "/kit", {"item": ["fms-16"]}).status == 303
            r = browser_submit(c, "/sessions/new", "/sessions/new")
            assert r.status == 422 and "3 a day" in r.text, r
            assert count_sessions(api) == 3
            # An import of three more is refused whole.
            other_c, other = api_for(srv)
            for i in range(3):
                assert other.post_json("/api/v1/sessions", a_session(30 + i)).status == 201
            doc = other.get("/api/v1/export?format=json").json()
            for sess in doc["sessions"]:
                sess["id"] = str(uuid.uuid4())  # her own copies, not the other account's
            _, fresh = api_for(srv)
            assert fresh.post_json("/api/v1/sessions", a_session(50)).status == 201
            r = fresh.post_json("/api/v1/import", doc)
            assert r.status == 429 and "3 a day" in r.json()["error"], r
            assert count_sessions(fresh) == 1
            # The next day she may save again.
            clock.advance(24 * 3600)
            assert api.post_json("/api/v1/sessions", a_session(5)).status == 201
    finally:
        clock.close()


def test_a_day_s_bytes_quota_answers_507_naming_the_limit():
    with Server(["--quota-bytes-per-day", "4K"]) as srv:
        c, api = api_for(srv)
        note = "a calm long note " * 100  # about 1.7 KB, sealed
        assert api.post_json("/api/v1/sessions", a_session(3, note)).status == 201
        r = api.post_json("/api/v1/sessions", a_session(2, note))
        assert r.status in (201, 507)
        if r.status == 201:
            r = api.post_json("/api/v1/sessions", a_session(1, note))
        assert r.status == 507, r
        assert "4 KB a day" in r.json()["error"]
        before = count_sessions(api)
        assert api.post_json("/api/v1/sessions", a_session(1, note)).status == 507
        assert count_sessions(api) == before
    for bad in ["-1", "lots", "5T"]:
        p = run_pace("serve", "--quota-bytes-per-day", bad, "--data", "/nonexistent/x")
        assert p.returncode == 2 and "quota" in p.stderr, bad
