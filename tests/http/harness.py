"""harness.py - the real pace binary on a free loopback port, and a small
HTTP client that keeps cookies and checks the security headers on every
response. Python 3 standard library only.

    with Server() as srv:             # pace serve --listen 127.0.0.1:0 --data <tmp>
        c = Client(srv)
        r = c.get("/healthz")
        assert r.status == 200

Server.stop() (called on leaving the with block) sends SIGTERM and fails
the test unless pace exits 0 with no AddressSanitizer/UBSan report.
"""

import hashlib
import http.client
import json as jsonlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from datetime import datetime, timezone
import urllib.parse

PACE = None  # path to the binary, set by run.py

# PACE_TEST_WRAP runs every pace process under a wrapper, e.g. valgrind
# (make valgrind); PACE_TEST_SLOW multiplies the timeouts for such runs.
WRAP = os.environ.get("PACE_TEST_WRAP", "").split()
SLOW = float(os.environ.get("PACE_TEST_SLOW", "1"))

# The test clock: every pace process of a run believes it is NOW_START at
# the real instant the run began, and time runs on from there, so tests
# never depend on today's date. PACE_TEST_INSTANT chooses another instant
# (scripts/run-tests runs the time-sensitive tests at hostile ones).
NOW_START = int(os.environ.get("PACE_TEST_INSTANT", "1796223600"))  # Wed 2026-12-02 15:00 UTC
_ANCHOR = int(time.time())


def now():
    """The run's current time as a pace process sees it (Unix seconds)."""
    return NOW_START + int(time.time()) - _ANCHOR


def now_dt():
    """now() as an aware UTC datetime."""
    return datetime.fromtimestamp(now(), timezone.utc)


def clock_env():
    return {"PACE_TEST_NOW": f"{NOW_START},{_ANCHOR}"}


SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error:")
PASSWORD = "correct horse battery staple"


# PACE_TEST_DATABASE_URL: run every pace process on that PostgreSQL server
# (a throwaway one, see tests/pg.py) instead of SQLite: each data folder
# gets a schema of its own there (the key file stays in the folder).
PG_URL = os.environ.get("PACE_TEST_DATABASE_URL") or None
_pg_schemas = set()


class Skip(Exception):
    """Raised by a test that does not apply to the engine under test."""


def engine():
    return "PostgreSQL" if PG_URL else "SQLite"


def sqlite_only(why="looks at SQLite's database file"):
    """Skips the rest of a test on PostgreSQL."""
    if PG_URL:
        raise Skip(why)


def db_url_for(data_dir):
    """The database URL for a data folder (None on SQLite)."""
    if not PG_URL:
        return None
    schema = "h" + hashlib.sha1(os.path.realpath(data_dir).encode()).hexdigest()[:16]
    if schema not in _pg_schemas:
        subprocess.run(["psql", "-qX", "-v", "ON_ERROR_STOP=1", PG_URL, "-c",
                        f"CREATE SCHEMA IF NOT EXISTS {schema}"],
                       check=True, capture_output=True)
        _pg_schemas.add(schema)
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def db_query(data_dir, sql):
    """Rows of a query on a data folder's database, either engine; values as
    text (None for NULL)."""
    if not PG_URL:
        import sqlite3
        con = sqlite3.connect(os.path.join(data_dir, "pace.db"), timeout=10)
        try:
            return [tuple(None if v is None else str(v) for v in row)
                    for row in con.execute(sql).fetchall()]
        finally:
            con.close()
    p = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", "-F", "\x1f", "-P", "null=\x01",
                        db_url_for(data_dir), "-c", sql],
                       check=True, capture_output=True, text=True)
    return [tuple(None if v == "\x01" else v for v in line.split("\x1f"))
            for line in p.stdout.splitlines()]


def db_exec(data_dir, sql, pg_sql=None):
    """Runs statements on a data folder's database (pg_sql instead on
    PostgreSQL, when the engines need different words)."""
    if not PG_URL:
        import sqlite3
        con = sqlite3.connect(os.path.join(data_dir, "pace.db"), timeout=10)
        try:
            con.executescript(sql)
            con.commit()
        finally:
            con.close()
        return
    subprocess.run(["psql", "-qX", "-v", "ON_ERROR_STOP=1", db_url_for(data_dir), "-c",
                    pg_sql or sql], check=True, capture_output=True)


def db_refuse(data_dir, table, op, message, on=True):
    """Makes every op ("INSERT", ...) on table fail with message (a
    trigger named broken), or, with on=False, lets it through again."""
    if on:
        db_exec(data_dir,
                f"CREATE TRIGGER broken BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
                "CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$BEGIN RAISE EXCEPTION '{message}'; END$$;"
                f"CREATE TRIGGER broken BEFORE {op} ON {table} FOR EACH ROW "
                "EXECUTE FUNCTION broken()")
    else:
        db_exec(data_dir, "DROP TRIGGER broken",
                f"DROP TRIGGER broken ON {table}; DROP FUNCTION broken()")


def db_bytes(data_dir):
    """What the database holds at rest, as bytes to search: SQLite's files;
    on PostgreSQL a dump of the folder's schema with every bytea decoded."""
    if not PG_URL:
        out = b""
        for name in sorted(os.listdir(data_dir)):
            if name.startswith("pace.db"):
                with open(os.path.join(data_dir, name), "rb") as f:
                    out += f.read()
        return out
    url = db_url_for(data_dir)
    schema = re.search(r"search_path%3D(\w+)", url).group(1)
    p = subprocess.run(["pg_dump", "--data-only", "--schema", schema, PG_URL],
                       check=True, capture_output=True)
    out = p.stdout
    for m in re.finditer(rb"\\\\x([0-9a-f]+)", p.stdout):
        out += bytes.fromhex(m.group(1).decode())
    return out


def db_tables(data_dir):
    """The names of the store's tables, either engine."""
    sql = ("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
           "AND tablename <> 'schema_version' ORDER BY 1" if PG_URL else
           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
           "ORDER BY 1")
    return [r[0] for r in db_query(data_dir, sql)]


def db_columns(data_dir, table):
    sql = (f"SELECT column_name FROM information_schema.columns WHERE table_schema = "
           f"current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
           if PG_URL else f"SELECT name FROM pragma_table_info('{table}')")
    return [r[0] for r in db_query(data_dir, sql)]


def db_env(data_dir):
    """The environment entry that points a pace process at data_dir's
    database ({} on SQLite)."""
    return {"PACE_DATABASE_URL": db_url_for(data_dir)} if PG_URL else {}


def _data_dir_of(args, env):
    for i, a in enumerate(args):
        if a == "--data" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--data="):
            return a[len("--data="):]
    return (env or {}).get("PACE_DATA") or os.environ.get("PACE_DATA") or "./var"


def clean_env(extra=None):
    """The environment for pace: ours without PACE_* settings, plus extra."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACE_")}
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    env.update(clock_env())
    env.update(extra or {})
    return env


def check_sanitizers(text, what):
    for mark in SANITIZER_MARKS:
        assert mark not in text, f"{what} reported a sanitizer error:\n{text[-6000:]}"


def run_pace(*args, input=None, env=None, timeout=60):
    """Runs a pace command to completion; returns the CompletedProcess (text)."""
    env = dict(env or {})
    if PG_URL and "PACE_DATABASE_URL" not in env:
        env["PACE_DATABASE_URL"] = db_url_for(_data_dir_of(args, env))
    p = subprocess.run([*WRAP, PACE, *args], input=input, capture_output=True, text=True,
                       env=clean_env(env), timeout=timeout * SLOW)
    check_sanitizers(p.stderr, "pace " + " ".join(args))
    return p


def assert_one_sentence(stderr):
    """A CLI error: one line, 'pace: ' then a sentence, nothing else."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {stderr!r}"
    line = lines[0]
    assert line.startswith("pace: ") and len(line) > 12, f"not a sentence: {line!r}"
    assert len(line) < 240, f"too long for one sentence: {line!r}"


class Server:
    """One pace serve process with its own fresh data directory."""

    def __init__(self, args=(), env=None, data_dir=None, preexec_fn=None, listen="127.0.0.1:0"):
        self.args = list(args)
        self.listen = listen  # a fixed port when something in front expects it
        self.preexec_fn = preexec_fn  # run in the child before exec (limits)
        self.env = env or {}
        self.own_dir = data_dir is None
        self.data = data_dir or tempfile.mkdtemp(prefix="pace-http-")
        self.proc = None
        self.port = None
        self.stderr_lines = []
        self._reader = None

    @property
    def stderr(self):
        return "".join(self.stderr_lines)

    def start(self, timeout=30):
        env = dict(self.env)
        if PG_URL and "PACE_DATABASE_URL" not in env:
            env["PACE_DATABASE_URL"] = db_url_for(self.data)
        self.proc = subprocess.Popen(
            [*WRAP, PACE, "serve", "--listen", self.listen, "--data", self.data, *self.args],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=clean_env(env), text=True, preexec_fn=self.preexec_fn)
        ready = threading.Event()

        def read():
            for line in self.proc.stderr:
                self.stderr_lines.append(line)
                m = re.match(r"pace: serving https?://127\.0\.0\.1:(\d+) \(data in (.*)\)$", line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        self._reader = threading.Thread(target=read, daemon=True)
        self._reader.start()
        ready.wait(timeout * SLOW)
        if self.port is None:
            self.proc.kill()
            self.proc.wait()
            self._reader.join(5)
            raise AssertionError(f"pace serve did not start:\n{self.stderr}")
        return self

    def stop(self):
        """SIGTERM, then the process must exit 0 without sanitizer reports."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=30 * SLOW)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"pace did not stop within 30 s of SIGTERM:\n{self.stderr}")
        finally:
            self._reader.join(5)
            if self.own_dir:
                shutil.rmtree(self.data, ignore_errors=True)
        check_sanitizers(self.stderr, "pace serve")
        # A GET answered on a connection thread that wrote all the same: its
        # route belongs on the writer threads (R_WRITES in src/web/routes.c).
        wrote = [line for line in self.stderr_lines
                 if "took the write lock on a connection thread" in line]
        assert not wrote, "".join(sorted(set(wrote)))
        assert code == 0, f"pace serve exited {code} after SIGTERM:\n{self.stderr[-6000:]}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def path(self, name):
        return os.path.join(self.data, name)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value), in order
        self.body = body

    def header(self, name):
        """The first value of header name, or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return jsonlib.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.body[:300]!r}>"


def check_security_headers(path, r):
    """The headers every answer carries (docs: security model)."""
    csp = r.header("Content-Security-Policy") or ""
    assert "default-src 'self'" in csp, f"{path}: CSP missing default-src 'self': {csp!r}"
    assert "frame-ancestors 'none'" in csp, f"{path}: CSP missing frame-ancestors: {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{path}: weak CSP {csp!r}"
    assert r.header("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff"
    assert r.header("Referrer-Policy") == "no-referrer", f"{path}: no Referrer-Policy"
    if path.startswith("/cal/") and r.status in (200, 304):
        # the calendar feed: kept by her calendar app only, asked again each time
        cc = r.header_all("Cache-Control")
        assert cc == ["private, no-cache"], f"{path}: Cache-Control {cc!r}"
    elif not path.startswith("/static/"):
        cc = r.header_all("Cache-Control")
        assert any("no-store" in v for v in cc), f"{path}: Cache-Control {cc!r}, want no-store"


class Client:
    """An HTTP client with a cookie jar (name -> value) and default headers."""

    def __init__(self, server, headers=None):
        self.port = server.port if isinstance(server, Server) else server
        self.cookies = {}
        self.headers = dict(headers or {})

    def request(self, method, path, body=None, headers=None, check=True, timeout=30):
        h = dict(self.headers)
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout * SLOW)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            r = Response(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()
        self.keep_cookies(r)
        if check:
            check_security_headers(path, r)
        return r

    def keep_cookies(self, r):
        for sc in r.header_all("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if re.search(r";\s*Max-Age=0\b", sc, re.I) or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields=None, headers=None):
        """POSTs a form; fields is a dict or list of pairs, or already-encoded bytes/str."""
        body = fields if isinstance(fields, (bytes, str)) else urllib.parse.urlencode(fields or {})
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h)

    def post_json(self, path, obj, headers=None):
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        return self.request("POST", path, body=jsonlib.dumps(obj), headers=h)

    def csrf_for(self, path):
        """GETs path and returns its form's CSRF token."""
        r = self.get(path)
        assert r.status == 200, f"GET {path}: {r}"
        return csrf(r.text)

    def submit(self, page, action, fields):
        """Loads page, then posts fields with its CSRF token to action."""
        return self.post(action, {"csrf": self.csrf_for(page), **fields})


def csrf(html):
    m = re.search(r'name="csrf" value="([^"]*)"', html)
    assert m, "no csrf field on the page"
    return m.group(1)


def alert(html):
    """The text of the page's error alert, or None."""
    m = re.search(r'role="alert">(?:<svg.*?</svg>)?<p>(.*?)</p>', html, re.S)
    return m.group(1) if m else None


def new_email():
    return f"user-{secrets.token_hex(5)}@example.org"


def register(client, email=None, password=PASSWORD):
    """Creates an account through the form; the client is signed in after,
    on the page that shows her recovery codes once."""
    return register_with_codes(client, email, password)[0]


def register_with_codes(client, email=None, password=PASSWORD):
    """The same, returning (email, her ten recovery codes, the page)."""
    email = email or new_email()
    r = client.submit("/register", "/register", {"email": email, "password": password})
    assert r.status == 200 and "Keep your recovery codes" in r.text, f"register {email}: {r}"
    codes = recovery_codes(r.text)
    assert len(codes) == 10, r.text[:3000]
    return email, codes, r


def recovery_codes(page):
    """The codes listed on a page that shows them."""
    import re
    block = page.split('<ol class="codes"', 1)[1].split("</ol>", 1)[0] if '<ol class="codes"' \
        in page else ""
    return re.findall(r"<code>([0-9a-z]{5}-[0-9a-z]{5})</code>", block)


def login(client, email, password=PASSWORD):
    return client.submit("/login", "/login", {"email": email, "password": password})



class _FormParser(__import__("html.parser").parser.HTMLParser):
    """Collects the forms of a page with their controls, as a browser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get"),
                          "fields": [], "buttons": []}
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            elif kind == "submit":
                self._form["buttons"].append((name, a.get("value", "")))
            elif kind not in ("file", "image", "reset", "button"):
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form["buttons"].append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None]
        elif tag == "option" and self._select is not None:
            if self._select[1] is None or "selected" in a:
                self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._form is not None and self._select[1] is not None:
                self._form["fields"].append(tuple(self._select))
            self._select = None


def page_form(html, action):
    """The form of a page posting to action: {"fields": [(name, value)], "buttons": [...]}."""
    p = _FormParser()
    p.feed(html)
    for f in p.forms:
        if f["action"] == action:
            return f
    raise AssertionError(f"no form posting to {action} on the page")


def fill_form(form, changes=None, button=None):
    """The body a browser sends for form with changes applied: a value replaces
    every field of that name, a list gives several, None removes it; button is
    (name, value) of the submit button pressed."""
    changes = changes or {}
    fields = [(k, v) for k, v in form["fields"] if k not in changes]
    for k, v in changes.items():
        if v is None:
            continue
        for one in (v if isinstance(v, (list, tuple)) else [v]):
            fields.append((k, str(one)))
    if button:
        assert tuple(button) in [tuple(b) for b in form["buttons"]], \
            f"no button {button} in the form: {form['buttons']}"
        fields.append(tuple(button))
    return fields


def browser_submit(client, page, action, changes=None, button=None):
    """Loads page, fills its form for action as a browser would (its defaults,
    then changes) and posts it; follows nothing."""
    r = client.get(page)
    assert r.status == 200, f"GET {page}: {r}"
    return client.post(action.split("#")[0], fill_form(page_form(r.text, action), changes, button))


class FileClock:
    """A clock a test moves by hand: pace reads PACE_TEST_NOW=file:PATH on
    every call. Starts at the run's now()."""

    def __init__(self, start=None):
        fd, self.path = tempfile.mkstemp(prefix="pace-clock-")
        os.close(fd)
        self.t = int(start if start is not None else now())
        self.set(self.t)

    def set(self, t):
        self.t = int(t)
        with open(self.path, "w") as f:
            f.write(f"{self.t}\n")

    def advance(self, seconds):
        self.set(self.t + seconds)

    @property
    def env(self):
        return {"PACE_TEST_NOW": "file:" + self.path}

    def close(self):
        try:
            os.remove(self.path)
        except OSError:
            pass
