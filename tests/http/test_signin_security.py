"""Sign-in under pressure: the throttle counts before the password is checked
(twenty guesses at once never get more than the limit checked) and refuses
calmly when it cannot be read or written; the address behind a trusted proxy;
security events in the log with the request id each answer carries; calm
5xx answers; /lang's way back and malformed query strings."""

import os
import re
import resource
import shutil
import signal
import stat
import tempfile
import threading
import time
from datetime import datetime, timezone

import harness
from harness import (PASSWORD, Client, Server, alert, browser_submit, login, new_email, now,
                     register, run_pace)

NO_MATCH = "That email and password do not match an account."
LATER = "Please try again later."


def log_lines(srv, event=None, at_least=1):
    """The log lines (of event), once at least that many have been read
    from the server's standard error (or after 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        lines = [l for l in srv.stderr.splitlines() if l.startswith("time=")]
        if event:
            lines = [l for l in lines if f" event={event} " in l + " "]
        if len(lines) >= at_least or time.monotonic() > deadline:
            return lines
        time.sleep(0.02)


def line_for(srv, r, event):
    """The log line of event written while answering r (by its request id)."""
    rid = r.header("X-Request-Id")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for l in log_lines(srv, event, at_least=0):
            if f" request={rid}" in l:
                return l
        time.sleep(0.02)
    raise AssertionError(f"no {event} line for request {rid}:\n{srv.stderr[-3000:]}")


def field(line, name):
    m = re.search(rf"(?:^| ){name}=(\S+)", line)
    return m.group(1) if m else None


def test_twenty_parallel_wrong_passwords_check_at_most_the_limit():
    # Eight server threads, so the guesses really arrive together.
    with Server(["--threads", "8"]) as srv:
        email = new_email()
        register(Client(srv), email)
        clients = [Client(srv) for _ in range(20)]
        tokens = [c.csrf_for("/login") for c in clients]
        start = threading.Barrier(20)
        statuses = [None] * 20

        def guess(i):
            start.wait()
            r = clients[i].post("/login", {"csrf": tokens[i], "email": email,
                                           "password": f"wrong guess {i}"})
            statuses[i] = r.status

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert sorted(set(statuses)) == [401, 429], statuses
        # Exactly the limit were checked: one failure logged for each, and
        # the throttle holds one row per check for her account.
        assert statuses.count(401) == 10, statuses
        assert len(log_lines(srv, "signin.failed", 10)) == 10
        rows = harness.db_query(srv.data, "SELECT key, count(*) FROM throttle GROUP BY key")
        account_rows = [int(n) for k, n in rows if not k.startswith("addr:")]
        assert account_rows == [10], rows


def test_a_throttle_that_cannot_be_written_refuses_sign_in_whatever_the_password():
    with Server() as srv:
        email = new_email()
        register(Client(srv), email)
        # A database error in the throttle's own table.
        harness.db_refuse(srv.data, "throttle", "INSERT", "disk trouble")
        right, wrong = Client(srv), Client(srv)
        r1 = login(right, email, PASSWORD)
        r2 = login(wrong, email, "not the right password")
        assert r1.status == r2.status == 503, (r1, r2)
        assert alert(r1.text) == alert(r2.text)
        assert LATER in alert(r1.text) and "disk trouble" not in r1.text
        assert r1.header("Retry-After")
        assert "pace" not in right.cookies
        lines = log_lines(srv, "throttle.failed", 2)
        assert len(lines) == 2 and all(field(l, "level") == "error" for l in lines)
        assert all(field(l, "request") for l in lines)
        harness.db_refuse(srv.data, "throttle", "INSERT", "", on=False)
        assert login(Client(srv), email).status == 303


def test_a_full_disk_refuses_sign_in_whatever_the_password():
    # Before: with a full disk the right password answered 507 and a wrong
    # one 401, telling them apart. Now the throttle's write fails first,
    # and nothing is checked.
    harness.sqlite_only("a full disk under the pace process, which writes SQLite's file")

    def no_death():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death

    with Server(preexec_fn=no_death) as srv:
        email = new_email()
        register(Client(srv), email)
        hard = resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE)[1]
        resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE, (1, hard))  # no write fits
        right, wrong = Client(srv), Client(srv)
        right.get("/login")
        wrong.get("/login")
        r1 = login(right, email, PASSWORD)
        r2 = login(wrong, email, "not the right password")
        assert r1.status == r2.status == 503, (r1, r2)
        assert alert(r1.text) == alert(r2.text) and LATER in alert(r1.text)
        assert "pace" not in right.cookies
        resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE, (hard, hard))
        assert login(Client(srv), email).status == 303


def test_the_address_is_the_one_the_trusted_proxy_saw():
    with Server(["--trust-proxy"]) as srv:
        def addr_of(xff):
            c = Client(srv, headers={"X-Forwarded-For": xff})
            r = login(c, new_email(), "some wrong password")
            return field(line_for(srv, r, "signin.failed"), "addr")

        # The client can write what it likes at the left; the proxy (on
        # loopback, trusted by default) appends what it saw.
        a = addr_of("203.0.113.9, 198.51.100.4")
        b = addr_of("10.9.9.9, 198.51.100.4")
        c = addr_of("198.51.100.4")
        assert a == b == c
        assert addr_of("198.51.100.4, 198.51.100.5") != a


def test_trusted_proxies_are_skipped_from_the_right():
    args = ["--trust-proxy", "--trusted-proxies", "127.0.0.1, 10.0.0.0/8"]
    with Server(args) as srv:
        def addr_of(xff):
            r = login(Client(srv, headers={"X-Forwarded-For": xff}), new_email(), "wrong pw 1")
            return field(line_for(srv, r, "signin.failed"), "addr")

        a = addr_of("198.51.100.4")
        assert addr_of("6.6.6.6, 198.51.100.4, 10.1.2.3") == a
        assert addr_of("198.51.100.4, 10.200.0.1, 10.1.2.3") == a
    # A proxy not in the list is not believed: its header changes nothing.
    with Server(["--trust-proxy", "--trusted-proxies", "10.0.0.0/8"]) as srv:
        def addr_of(xff):
            r = login(Client(srv, headers={"X-Forwarded-For": xff}), new_email(), "wrong pw 2")
            return field(line_for(srv, r, "signin.failed"), "addr")

        assert addr_of("198.51.100.4") == addr_of("203.0.113.7")
        r = Client(srv, headers={"X-Forwarded-Proto": "https"}).get("/login")
        assert r.header("Strict-Transport-Security") is None


def test_bad_trusted_proxy_settings_are_refused_with_one_sentence():
    for args in (["--trusted-proxies", "10.0.0.0/8"],
                 ["--trust-proxy", "--trusted-proxies", "10.0.0.0/33"],
                 ["--trust-proxy", "--trusted-proxies", "not-an-address"]):
        p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", "/nonexistent/x", *args)
        assert p.returncode != 0, args
        lines = [l for l in p.stderr.splitlines() if l.strip()]
        assert len(lines) == 1 and lines[0].startswith("pace: "), p.stderr


def test_every_answer_carries_a_request_id_and_events_are_logged_with_it():
    with Server() as srv:
        c = Client(srv)
        ids = {c.get(p).header("X-Request-Id") for p in ("/", "/login", "/healthz", "/nowhere")}
        assert len(ids) == 4 and all(re.fullmatch(r"[0-9a-f]{32}", i or "") for i in ids)
        email = new_email()
        r = c.submit("/register", "/register", {"email": email, "password": PASSWORD})
        assert r.status == 200
        line = line_for(srv, r, "register.ok")
        uid = field(line, "account")
        assert uid and uid != "0"
        r = login(Client(srv), email, "not my password at all")
        line = line_for(srv, r, "signin.failed")
        assert field(line, "account") == uid and field(line, "level") == "warn"
        assert re.fullmatch(r"[0-9a-f]{16}", field(line, "addr"))
        # A token made and revoked, a failed form: each one line.
        r = browser_submit(c, "/settings", "/settings/tokens#tk-h", {"label": "script"})
        token = re.search(r"pace_[A-Za-z0-9_-]{43}", r.text).group(0)
        assert log_lines(srv, "token.created")
        tid = re.search(r'/settings/tokens/(\d+)/revoke', c.get("/settings").text).group(1)
        line_for(srv, c.submit("/settings", f"/settings/tokens/{tid}/revoke", {}), "token.revoked")
        r = c.post("/settings/about", {"about": "x", "csrf": "forged"})
        assert r.status == 403
        assert field(line_for(srv, r, "csrf.failed"), "account") == uid
        r = c.get("/settings/data/export?format=json")
        assert r.status == 200 and line_for(srv, r, "data.exported")
        # Nothing she typed or was given reaches the log.
        text = srv.stderr
        for secret in (email, PASSWORD, "not my password at all", token, token[5:]):
            assert secret not in text, secret
        for l in log_lines(srv):
            assert re.match(r"time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ level=(debug|info|warn|error) "
                            r"event=[a-z_.]+ account=\d+", l), l


def test_log_to_a_file_with_a_level():
    tmp = tempfile.mkdtemp(prefix="pace-log-")
    logfile = os.path.join(tmp, "events.log")
    try:
        with Server(["--log", logfile, "--log-level", "warn"]) as srv:
            email = new_email()
            register(Client(srv), email)
            assert login(Client(srv), email).status == 303
            assert login(Client(srv), email, "wrong password here").status == 401
            assert not log_lines(srv, at_least=0)  # nothing on standard error
            with open(logfile) as f:
                text = f.read()
            assert "event=signin.failed" in text
            assert "event=signin.ok" not in text and "event=register.ok" not in text
            assert stat.S_IMODE(os.stat(logfile).st_mode) == 0o600
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    p = run_pace("serve", "--log-level", "chatty", "--data", "/nonexistent/x")
    assert p.returncode == 2 and "log level" in p.stderr


def test_an_unexpected_failure_answers_calmly_with_the_request_id():
    with Server() as srv:
        c = Client(srv)
        register(c)
        r = browser_submit(c, "/settings", "/settings/tokens#tk-h", {"label": "api"})
        token = re.search(r"pace_[A-Za-z0-9_-]{43}", r.text).group(0)
        api = Client(srv, headers={"Authorization": f"Bearer {token}"})
        started = datetime.fromtimestamp(now() - 120, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {"started_at": started, "duration_s": 0, "outcome": "not_today", "note": ""}
        assert api.post_json("/api/v1/sessions", body).status == 201
        # A fault inside the database (a trigger naming a table that is not
        # there) under a statement the server has already prepared.
        harness.db_exec(srv.data, "CREATE TRIGGER broken BEFORE INSERT ON practice_sessions "
                        "BEGIN INSERT INTO no_such_table VALUES (1); END",
                        "CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$BEGIN INSERT INTO no_such_table VALUES (1); RETURN NEW; END$$;"
                        "CREATE TRIGGER broken BEFORE INSERT ON practice_sessions "
                        "FOR EACH ROW EXECUTE FUNCTION broken()")
        r = api.post_json("/api/v1/sessions", body)
        assert r.status == 500, r
        j = r.json()
        rid = r.header("X-Request-Id")
        assert j["request_id"] == rid and rid in j["error"]
        assert "no_such_table" not in r.text and "SQL" not in r.text
        assert "database" not in r.text.lower()
        line = line_for(srv, r, "http.failed")
        assert field(line, "status") == "500"
        assert field(line, "level") == "error"


def test_lang_goes_back_only_to_a_plain_local_path():
    with Server() as srv:
        c = Client(srv)
        token = c.csrf_for("/login")
        bad = ["//evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
               "https://evil.example/", "javascript:alert(1)", "evil", "",
               "/caf\u00e9", "/ok\r\nSet-Cookie: x=1", "\\\\evil.example", "/" + "a" * 300]
        for back in bad:
            r = c.post("/lang", {"csrf": token, "lang": "de", "back": back})
            assert r.status == 303 and r.header("Location") == "/", (back, r)
        for back in ["/settings", "/sessions?page=2", "/progress#weeks"]:
            r = c.post("/lang", {"csrf": token, "lang": "en", "back": back})
            assert r.status == 303 and r.header("Location") == back, (back, r)


def test_malformed_query_strings_get_a_400():
    with Server() as srv:
        c = Client(srv)
        for q in ["x=%zz", "x=%e", "x=%ff%fe", "x=%00", "x=a%09b", "x=%0d%0a", "%zz=1"]:
            r = c.get("/login?" + q)
            assert r.status == 400, (q, r)
            assert "not valid" in r.text
        for q in ["x=%20y", "expired=1", "x=caf%C3%A9", "a=1&b=2"]:
            assert c.get("/login?" + q).status == 200, q
        r = Client(srv).get("/api/v1/sessions?limit=%zz")
        assert r.status == 400 and r.json()["error"]
