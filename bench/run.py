#!/usr/bin/env python3
"""run.py - `make bench`: every Pace benchmark side by side in one run.

    bench/run.py --build build-bench

Seeds BENCH_USERS accounts with BENCH_SESSIONS sessions in all (pace dev
seed), serves them with the release build on a loopback port, and measures
with wrk at 1, 16 and 64 connections: /healthz, a dynamic personal page
(signed in), the history page, GET /api/v1/sessions?limit=50 and POST
/api/v1/sessions. nginx serves the exact bytes of the personal pages as
static files on another loopback port in the same run (the reference);
bench/raw_insert measures SQLite's own durable insert rate just before each
POST run (the storage limit). Resident memory comes from /proc/PID/status.

The same data seeded into a throwaway, durable PostgreSQL (tests/pg.py) gives
the PostgreSQL rows of the personal page, the history page, the API list and
POST: one pace instance on it (postgres), and two behind nginx as a load
balancer (postgres2); pgbench (bench/pg_insert.sql) measures PostgreSQL's
own durable insert rate just before each POST run there. Each route runs on
every engine back to back at each connection count.

Prints a table and writes bench/results/latest.json; docs/performance.md
explains the numbers.

Environment (defaults in brackets):
  BENCH_USERS [10000]  BENCH_SESSIONS [1000000]  BENCH_DURATION [10] s per wrk run
  BENCH_CONNECTIONS [1,16,64]  BENCH_SEED [1]
  BENCH_ENGINES [sqlite,postgres,postgres2]  any of them; the PostgreSQL rows
                  are left out, with a message, when PostgreSQL's server
                  programs are missing
  BENCH_POST_ACCOUNTS [64]  POST runs take turns over this many accounts
                  (one person keeps at most 10,000 sessions)
  BENCH_PERF [0]  1: record the server with `perf record` during each route's
                  16-connection run (or its largest) on SQLite and write the
                  top symbols to bench/results/perf-<route>.txt
Everything stays on 127.0.0.1; every run is bounded by BENCH_DURATION.
"""

import argparse
import atexit
import gzip
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "bench")
PASSWORD = "pace seed password"  # pace dev seed's (src/cli/cmd-dev.c)
sys.path.insert(0, os.path.join(ROOT, "tests"))
import pg as pgserver  # noqa: E402  (tests/pg.py: a throwaway PostgreSQL)

# sqlite: pace on SQLite; postgres: one pace on PostgreSQL; postgres2: two
# pace instances on the same PostgreSQL behind nginx as a load balancer.
ENGINES = ("sqlite", "postgres", "postgres2")

# The table pgbench inserts into (bench/pg_insert.sql): practice_sessions as
# pace makes it on PostgreSQL (migration 3, src/store/migrate.c, in
# PostgreSQL's types), with its index and a foreign key to a users table.
PG_RAW_SCHEMA = """
DROP TABLE IF EXISTS raw_practice_sessions;
DROP TABLE IF EXISTS raw_users;
CREATE TABLE raw_users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE);
INSERT INTO raw_users (id, email) VALUES (1, 'bench@example.org');
CREATE TABLE raw_practice_sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES raw_users(id) ON DELETE CASCADE,
  started_at BIGINT NOT NULL,
  duration_s BIGINT NOT NULL CHECK (duration_s BETWEEN 0 AND 14400),
  dilator_id TEXT,
  diameter_mm DOUBLE PRECISION,
  temperature TEXT NOT NULL,
  lubricant TEXT NOT NULL,
  with_partner BIGINT NOT NULL DEFAULT 0,
  exercises BIGINT NOT NULL DEFAULT 0,
  before_fear BIGINT CHECK (before_fear BETWEEN 0 AND 10),
  before_tension BIGINT CHECK (before_tension BETWEEN 0 AND 10),
  before_pain BIGINT CHECK (before_pain BETWEEN 0 AND 10),
  after_fear BIGINT CHECK (after_fear BETWEEN 0 AND 10),
  after_tension BIGINT CHECK (after_tension BETWEEN 0 AND 10),
  after_pain BIGINT CHECK (after_pain BETWEEN 0 AND 10),
  max_pain BIGINT CHECK (max_pain BETWEEN 0 AND 10),
  spasms TEXT NOT NULL DEFAULT '[{"at_s":120,"duration_s":30}]',
  outcome TEXT NOT NULL,
  felt_safe BIGINT,
  helped BIGINT NOT NULL DEFAULT 0,
  safety BIGINT NOT NULL DEFAULT 0,
  note_enc BYTEA,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX raw_practice_sessions_user_time
  ON raw_practice_sessions(user_id, started_at DESC, id DESC);
"""

TARGETS = {
    "page_ratio": 0.50,       # dynamic page >= 50% of nginx's requests/s
    "page_p99_ms": 10.0,      # p99 under 10 ms at 64 connections
    "post_ratio": 0.80,       # POST >= 80% of the raw durable insert rate
    "rss_mb": 32.0,
    "first_load_kb": 30.0,    # a page with its stylesheet and scripts, compressed
    "report_ms": 200.0,
}


def env_int(name, default):
    v = os.environ.get(name, "")
    return int(v) if v.strip() else default


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid):
    """VmHWM and VmRSS of pid in MiB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                out[k] = int(v.split()[0]) / 1024.0
    return out


def pinning():
    """taskset prefixes: the servers share CPU 0 and wrk has the others, so
    the client never takes the servers' time (BENCH_PIN=0: no pinning)."""
    n = os.cpu_count() or 1
    if os.environ.get("BENCH_PIN", "1") == "0" or n < 2 or shutil.which("taskset") is None:
        return [], [], n
    client = "1" if n == 2 else f"1-{n - 1}"
    return ["taskset", "-c", "0"], ["taskset", "-c", client], n - 1


PIN_SERVER, PIN_CLIENT, CLIENT_CPUS = pinning()


class Pace:
    """pace serve on a free loopback port (on PostgreSQL at url when given;
    the key file stays under data)."""

    def __init__(self, binary, data, url=None):
        self.proc = subprocess.Popen(
            # wrk posts far more sessions for one account than a day's quota
            [*PIN_SERVER, binary, "serve", "--listen", "127.0.0.1:0", "--data", data,
             "--quota-records-per-day", "0", "--quota-bytes-per-day", "0",
             *(["--database-url", url] if url else [])],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True)
        self.port = None
        self.lines = []
        ready = threading.Event()

        def read():
            for line in self.proc.stderr:
                self.lines.append(line)
                m = re.match(r"pace: serving http://127\.0\.0\.1:(\d+)", line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        ready.wait(60)
        if self.port is None:
            self.proc.kill()
            sys.exit("bench: pace serve did not start:\n" + "".join(self.lines))

    def stop(self):
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        conn.close()


def cookies_of(headers):
    out = {}
    for k, v in headers:
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            out[name] = rest.split(";", 1)[0]
    return out


def sign_in(port, email):
    """Signs in through the real form; returns the Cookie header value."""
    st, hd, body = request(port, "GET", "/login")
    jar = cookies_of(hd)
    m = re.search(rb'name="csrf" value="([^"]*)"', body)
    if st != 200 or not m:
        sys.exit(f"bench: GET /login answered {st}")
    form = urllib.parse.urlencode({"csrf": m.group(1).decode(), "email": email,
                                   "password": PASSWORD})
    st, hd, _ = request(port, "POST", "/login", form, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    jar.update(cookies_of(hd))
    if st != 303 or not jar.get("pace"):
        sys.exit(f"bench: signing in as {email} answered {st}")
    return f"pace={jar['pace']}"


def wrk(url, conns, seconds, headers=(), script="report.lua", env=None):
    """One wrk run; returns its BENCH numbers plus requests/s."""
    threads = max(1, min(conns, CLIENT_CPUS))
    cmd = [*PIN_CLIENT, "wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds}s", "--timeout", "10s",
           "-s", os.path.join(HERE, "wrk", script)]
    for h in headers:
        cmd += ["-H", h]
    cmd.append(url)
    e = dict(os.environ, BENCH_LUA_DIR=os.path.join(HERE, "wrk"))
    e.update(env or {})
    p = subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=seconds + 60)
    m = re.search(r"^BENCH (\{.*\})$", p.stdout, re.M)
    if p.returncode != 0 or not m:
        sys.exit(f"bench: wrk failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = sum(r[k] for k in r if k.startswith("errors_"))
    return r


class Nginx:
    """nginx on a free loopback port: serving a directory of files, or (with
    upstreams, a list of loopback ports) balancing requests over those pace
    instances, with keep-alive connections to them."""

    def __init__(self, www=None, upstreams=None):
        self.dir = tempfile.mkdtemp(prefix="pace-bench-nginx-")
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        user = "user root;\n" if os.geteuid() == 0 else ""
        with open(conf, "w") as f:
            f.write(f"""{user}worker_processes auto;
daemon off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    client_body_temp_path {self.dir}/body;
    proxy_temp_path {self.dir}/proxy;
    fastcgi_temp_path {self.dir}/fastcgi;
    uwsgi_temp_path {self.dir}/uwsgi;
    scgi_temp_path {self.dir}/scgi;
{self._server(www, upstreams)}
}}
""")
        # Its own process group, so its workers can be ended with it.
        self.proc = subprocess.Popen([*PIN_SERVER, "nginx", "-c", conf, "-p", self.dir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        probe = "/healthz" if upstreams else "/page.html"
        for _ in range(100):
            try:
                if request(self.port, "GET", probe)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        sys.exit("bench: nginx did not start: " + self.proc.stderr.read().decode())

    def _server(self, www, upstreams):
        if not upstreams:
            return f"""    types {{ text/html html; }}
    default_type text/html;
    server {{
        listen 127.0.0.1:{self.port};
        root {www};
        location / {{ }}
    }}"""
        servers = "".join(f"        server 127.0.0.1:{p};\n" for p in upstreams)
        return f"""    upstream pace {{
{servers}        keepalive 64;
        keepalive_requests 100000000;
        keepalive_timeout 60s;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        client_max_body_size 1m;
        location / {{
            proxy_pass http://pace;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
        }}
    }}"""

    @staticmethod
    def version():
        p = subprocess.run(["nginx", "-v"], capture_output=True, text=True)
        return (p.stderr or p.stdout).strip().replace("nginx version: ", "")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # the master waits for its workers
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                # The master (not yet reaped, so the group is still ours) and
                # its workers.
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    versions = {}
    for name, cmd in (("wrk", ["wrk", "--version"]), ("sqlite", ["sqlite3", "--version"]),
                      ("hyperfine", ["hyperfine", "--version"])):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            versions[name] = (p.stdout or p.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            versions[name] = "not installed"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": mem,
            "loadavg_at_start": os.getloadavg()[0],
            "kernel": platform.release(), "versions": versions}


def raw_insert(raw, db, seconds):
    """bench/raw_insert on the servers' CPU: SQLite's own durable rate, on a
    fresh database each time."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    p = subprocess.run([*PIN_SERVER, raw, db, str(seconds)], capture_output=True, text=True,
                       check=True, timeout=seconds + 120)
    return json.loads(p.stdout)


def sign_in_many(port, emails):
    """Signs in as every email at once (a thread each, released together
    once all have their login form); returns the statuses and the seconds
    the slowest took."""
    forms = []
    for email in emails:
        st, hd, body = request(port, "GET", "/login")
        m = re.search(rb'name="csrf" value="([^"]*)"', body)
        if st != 200 or not m:
            sys.exit(f"bench: GET /login answered {st}")
        forms.append((cookies_of(hd), urllib.parse.urlencode(
            {"csrf": m.group(1).decode(), "email": email, "password": PASSWORD})))
    statuses = [None] * len(emails)
    gate = threading.Barrier(len(emails))

    def one(i):
        jar, form = forms[i]
        gate.wait()
        statuses[i] = request(port, "POST", "/login", form, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})[0]

    t0 = time.monotonic()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(emails))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return statuses, time.monotonic() - t0


def first_load(port, path, cookie):
    """Bytes over the wire, gzip accepted, for path and the stylesheets and
    scripts it names (a first visit, nothing cached)."""
    gz = {"Accept-Encoding": "gzip", "Cookie": cookie}
    st, hd, body = request(port, "GET", path, headers=gz)
    enc = dict((k.lower(), v) for k, v in hd).get("content-encoding")
    html = gzip.decompress(body) if enc == "gzip" else body
    out = {"html_bytes": len(html), "html_sent": len(body), "assets_sent": 0}
    for a in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))):
        if re.search(rb"\.(css|js)(\?|$)", a):
            out["assets_sent"] += len(request(port, "GET", a.decode().replace("&amp;", "&"),
                                              headers=gz)[2])
    out["total_sent"] = out["html_sent"] + out["assets_sent"]
    return out


def perf_start(pid, name):
    """perf record of pid for one wrk run; None when perf is missing."""
    if shutil.which("perf") is None:
        return None
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
    out = os.path.join(tempfile.gettempdir(), f"pace-bench-{os.getpid()}-{slug}.data")
    p = subprocess.Popen(["perf", "record", "-q", "-F", "999", "-p", str(pid), "-o", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (p, out, slug)


def perf_stop(rec):
    """Stops the recording and writes the top symbols (self time) beside latest.json."""
    if rec is None:
        return
    p, out, slug = rec
    p.send_signal(signal.SIGINT)
    p.wait(timeout=60)
    rep = subprocess.run(["perf", "report", "-i", out, "--stdio", "--no-children",
                          "--sort", "dso,symbol", "--percent-limit", "0.7"],
                         capture_output=True, text=True)
    lines = [ln for ln in rep.stdout.splitlines() if ln.strip() and not ln.startswith("#")]
    with open(os.path.join(HERE, "results", f"perf-{slug}.txt"), "w") as f:
        f.write("\n".join(lines[:40]) + "\n")
    os.unlink(out)


def help_lists(binary, command):
    p = subprocess.run([binary, "help"], capture_output=True, text=True)
    return re.search(rf"^\s+{re.escape(command)}\s", p.stdout, re.M) is not None


def hyperfine_row(binary, data, command, email):
    """Times pace COMMAND for a person with 5 years of daily sessions."""
    if not help_lists(binary, command):
        return {"name": f"pace {command} (5 years daily)", "status": "not available yet",
                "note": f"'pace help' does not list '{command}'"}
    out = os.path.join(data, f"hyperfine-{command}.json")
    # The report's longest period (three years of the five, summarised per
    # month on its 1-3 pages); the export writes all five years.
    since = (datetime.now(timezone.utc) - timedelta(days=3 * 365 - 2)).strftime("%Y-%m-%d")
    extra = f"--from {since} -o -" if command == "report" else "--format json -o -"
    cmd = f"{binary} {command} --email {email} {extra} --data {data} > /dev/null"
    p = subprocess.run(["hyperfine", "--warmup", "1", "--runs", "10", "--export-json", out, cmd],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        return {"name": f"pace {command} (5 years daily)", "status": "failed",
                "note": (p.stderr or p.stdout).strip().splitlines()[-1:]}
    res = json.load(open(out))["results"][0]
    return {"name": f"pace {command} (5 years daily)", "status": "ok",
            "mean_ms": res["mean"] * 1000, "max_ms": res["max"] * 1000}


def engines_wanted():
    """BENCH_ENGINES, in the table's order."""
    names = [e.strip() for e in os.environ.get("BENCH_ENGINES", ",".join(ENGINES)).split(",")
             if e.strip()]
    for e in names:
        if e not in ENGINES:
            sys.exit(f"bench: BENCH_ENGINES: there is no engine '{e}' "
                     f"(there are {', '.join(ENGINES)})")
    return [e for e in ENGINES if e in names]


def psql(pg, sql):
    """Runs sql on the throwaway PostgreSQL; returns psql's unaligned output."""
    p = subprocess.run([os.path.join(pg.bin, "psql"), "-X", "-q", "-t", "-A", "-v",
                        "ON_ERROR_STOP=1", "-d", pg.url, "-c", sql],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"bench: psql failed: {p.stderr.strip()}")
    return p.stdout.strip()


def pgbench(pg, conns, seconds):
    """pgbench on the client's CPUs (like wrk) against PostgreSQL on the
    servers' CPU: PostgreSQL's own durable insert rate at conns clients, one
    row per transaction (bench/pg_insert.sql), into a fresh table each time."""
    psql(pg, PG_RAW_SCHEMA)
    exe = os.path.join(pg.bin, "pgbench")
    cmd = [*PIN_CLIENT, exe, "-n", "-M", "prepared", "-f", os.path.join(HERE, "pg_insert.sql"),
           "-c", str(conns), "-j", str(max(1, min(conns, CLIENT_CPUS))), "-T", str(seconds),
           "-h", "127.0.0.1", "-p", str(pg.port), "-U", "pace", "postgres"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120,
                       env=dict(os.environ, PGPASSWORD=pg.password))
    tps = re.search(r"^tps = ([\d.]+)", p.stdout, re.M)
    n = re.search(r"number of transactions actually processed: (\d+)", p.stdout)
    lat = re.search(r"latency average = ([\d.]+) ms", p.stdout)
    if p.returncode != 0 or not tps or not n:
        sys.exit(f"bench: pgbench failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return {"connections": conns, "rows": int(n.group(1)), "seconds": seconds,
            "rate": float(tps.group(1)), "latency_ms": float(lat.group(1)) if lat else None}


def postgres_start(binary, data, users, per, seed, emails):
    """A throwaway PostgreSQL (tests/pg.py) with its durability on, on the
    servers' CPU, seeded with pace dev seed like the SQLite data (the key
    file under data). Returns (server, info, a token for each of emails), or
    None with a message when PostgreSQL's server programs are missing."""
    if not pgserver.available():
        log("PostgreSQL's server programs (initdb, pg_ctl) are missing, so there are no "
            "PostgreSQL rows; scripts/bootstrap bench installs them")
        return None
    pg = pgserver.PgServer(durable=True, wrap=PIN_SERVER)
    atexit.register(pg.stop)
    try:
        pg.start()
    except RuntimeError as e:
        sys.exit(f"bench: {e}")
    settings = {k: psql(pg, f"SHOW {k}") for k in
                ("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method",
                 "shared_buffers", "max_connections")}
    if [settings[k] for k in ("fsync", "synchronous_commit", "full_page_writes")] != ["on"] * 3:
        sys.exit(f"bench: PostgreSQL is not durable: {settings}")
    env = dict(os.environ, PACE_DATABASE_URL=pg.url)
    log(f"seeding PostgreSQL (port {pg.port}): {users} accounts x {per} sessions")
    t0 = time.monotonic()
    p = subprocess.run([binary, "dev", "seed", "--users", str(users), "--sessions-per-user",
                        str(per), "--seed", str(seed), "--data", data],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("bench: seeding PostgreSQL failed: " + p.stderr)
    seeded = time.monotonic() - t0
    # What autovacuum would do after a load, done now so it does not start
    # during a run, and the planner has its statistics.
    t0 = time.monotonic()
    psql(pg, "VACUUM ANALYZE")
    info = {"version": psql(pg, "SHOW server_version"), "seed_seconds": seeded,
            "vacuum_analyze_seconds": time.monotonic() - t0,
            "db_mb": int(psql(pg, "SELECT pg_database_size(current_database())")) / 2**20,
            "settings": settings, "pool": os.environ.get("PACE_DATABASE_POOL", "8")}
    return pg, info, create_tokens(binary, data, emails, env)


def pick_page(port, cookie):
    """The personal page: /today when it exists, else the signed-in home page."""
    if request(port, "GET", "/today", headers={"Cookie": cookie})[0] == 200:
        return "/today"
    return "/"


def post_body_for(port, token, started):
    """A valid session for POST /api/v1/sessions, with a dilator of her kit;
    checks that it is accepted."""
    st, _, body = request(port, "GET", "/api/v1/kit",
                          headers={"Authorization": "Bearer " + token})
    kit = [e["id"] for e in json.loads(body)["items"] if e.get("kind") == "dilator"]
    post_body = json.dumps({
        "started_at": started, "duration_s": 900, "dilator_id": kit[0], "temperature": "warm",
        "lubricant": "water_based", "exercises": ["breathing"],
        "before": {"fear": 5, "tension": 4, "pain": 3}, "after": {"fear": 3, "tension": 2,
                                                                   "pain": 2},
        "max_pain": 4, "spasms": [{"at_s": 120, "duration_s": 30}], "outcome": "completed",
        "felt_safe": True, "helped": ["breathing"], "note": "Benchmark: a short note, sealed."})
    st, _, _ = request(port, "POST", "/api/v1/sessions", post_body,
                       {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    if st != 201:
        sys.exit(f"bench: the POST body is refused ({st})")
    return post_body


def post_file(port, tokens, started, path):
    """bench/wrk/post.lua's accounts: a line per token with a session of her
    kit (each accepted once here)."""
    with open(path, "w") as f:
        for t in tokens:
            f.write(f"{t}\t{post_body_for(port, t, started)}\n")
    return path


def create_tokens(binary, data, emails, env=None):
    """An API token for each email (pace token create)."""
    return [subprocess.run([binary, "token", "create", "--email", e, "--label", "bench",
                            "--data", data], capture_output=True, text=True, check=True,
                           env=env).stdout.strip() for e in emails]


def route_items(engine, port, page, cookie, token, posts, ref=None):
    """The wrk runs of one engine's routes (/today, /sessions, the API list,
    POST), keyed by route; ref measures the storage reference before a POST."""
    base = f"http://127.0.0.1:{port}"
    return {
        "page": [(engine, f"GET {page} (signed in)", base + page, [f"Cookie: {cookie}"],
                  "report.lua", None, None)],
        "history": [(engine, "GET /sessions (signed in)", base + "/sessions",
                     [f"Cookie: {cookie}"], "report.lua", None, None)],
        "api": [(engine, "GET /api/v1/sessions?limit=50", base + "/api/v1/sessions?limit=50",
                 [f"Authorization: Bearer {token}"], "report.lua", None, None)],
        "post": [(engine, "POST /api/v1/sessions", base + "/api/v1/sessions", [], "post.lua",
                  {"BENCH_POST_FILE": posts}, ref)],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-bench")
    args = ap.parse_args()
    # A stop (SIGTERM) runs the atexit clean-up too: servers, PostgreSQL, nginx.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench: stopped"))
    binary = os.path.abspath(os.path.join(args.build, "pace"))
    raw = os.path.abspath(os.path.join(args.build, "bench", "raw_insert"))
    users = env_int("BENCH_USERS", 10000)
    sessions = env_int("BENCH_SESSIONS", 1000000)
    seconds = env_int("BENCH_DURATION", 10)
    seed = env_int("BENCH_SEED", 1)
    conns = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,16,64").split(",")]
    per = max(0, sessions // max(1, users))
    engines = engines_wanted()
    lite = "sqlite" in engines
    for tool in ("wrk", "nginx", "hyperfine") if lite else ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} is missing; run scripts/bootstrap bench")

    data = os.path.abspath(os.path.join(args.build, "bench-data"))
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    result = {"when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "machine": machine(), "users": users, "sessions": per * users,
              "duration_s": seconds, "connections": conns, "engines": engines, "rows": []}
    rows = result["rows"]
    email = "seed-0@example.org"
    # POST runs take turns over these accounts: one person keeps at most
    # 10,000 sessions, fewer than a long run posts.
    posters = [f"seed-{i}@example.org" for i in range(min(users, env_int("BENCH_POST_ACCOUNTS",
                                                                          64)))]
    result["post_accounts"] = len(posters)
    started = (datetime.now(timezone.utc) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    history = None
    if lite:
        log(f"seeding {users} accounts x {per} sessions")
        t0 = time.monotonic()
        p = subprocess.run([binary, "dev", "seed", "--users", str(users), "--sessions-per-user",
                            str(per), "--seed", str(seed), "--data", data],
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("bench: seeding failed: " + p.stderr)
        result["seed_seconds"] = time.monotonic() - t0
        result["db_mb"] = os.path.getsize(os.path.join(data, "pace.db")) / 2**20
        if help_lists(binary, "report") or help_lists(binary, "export"):
            subprocess.run([binary, "dev", "seed", "--users", "1", "--sessions-per-user", "1826",
                            "--days", "1826", "--prefix", "history", "--data", data],
                           check=True, capture_output=True)
            history = "history-0@example.org"
        tokens = create_tokens(binary, data, posters)
        token = tokens[0]

    # PostgreSQL: seeded with the same arguments, before any server runs.
    pg = datapg = None
    pg_engines = [e for e in engines if e != "sqlite"]
    if pg_engines:
        datapg = data + "-pg"  # only the key file
        shutil.rmtree(datapg, ignore_errors=True)
        os.makedirs(datapg)
        started_pg = postgres_start(binary, datapg, users, per, seed, posters)
        if started_pg is None:
            result["postgres"] = {"status": "skipped: PostgreSQL's server programs are missing"}
            engines = [e for e in engines if e == "sqlite"]
            pg_engines = []
            result["engines"] = engines
        else:
            pg, pginfo, pgtokens = started_pg
            result["postgres"] = dict(pginfo, status="ok")
    if not engines:
        sys.exit("bench: nothing left to measure")

    # Each route runs on every engine back to back (and each page right
    # before its nginx twin) at each connection count, so all see the same
    # machine.
    routes = {"healthz": [], "page": [], "history": [], "api": [], "post": []}

    def add(items):
        for k, v in items.items():
            routes[k] += v

    page = None
    raw_runs, pg_runs = [], []
    if lite:
        srv = Pace(binary, data)
        atexit.register(srv.stop)  # also when something fails half way
        pid = srv.proc.pid
        request(srv.port, "GET", "/healthz")
        mem_start = proc_status(pid)
        log(f"pace serving on port {srv.port}, RSS {mem_start['VmRSS']:.1f} MiB")
        cookie = sign_in(srv.port, email)
        mem_login = proc_status(pid)
        # Twenty people signing in at the same moment (the peak of memory).
        many = [f"seed-{i}@example.org" for i in range(min(20, users))]
        statuses, took = sign_in_many(srv.port, many)
        mem_signins = proc_status(pid)
        result["sign_ins"] = {"n": len(many), "ok": statuses.count(303), "seconds": took,
                              "statuses": sorted(set(s for s in statuses if s is not None))}
        log(f"{len(many)} parallel sign-ins: {statuses.count(303)} ok in {took:.1f} s, "
            f"peak RSS {mem_signins['VmHWM']:.1f} MiB")

        page = pick_page(srv.port, cookie)
        www = tempfile.mkdtemp(prefix="pace-bench-www-")
        os.chmod(www, 0o755)
        atexit.register(shutil.rmtree, www, True)
        pages = {"page": page, "history": "/sessions"}
        for name, path in pages.items():
            st, _, body = request(srv.port, "GET", path, headers={"Cookie": cookie})
            if st != 200:
                sys.exit(f"bench: GET {path} answered {st}")
            with open(os.path.join(www, name + ".html"), "wb") as f:
                f.write(body)
            os.chmod(os.path.join(www, name + ".html"), 0o644)
            result[f"{name}_bytes"] = len(body)
            result[f"{name}_first_load"] = first_load(srv.port, path, cookie)
        ngx = Nginx(www)
        atexit.register(ngx.stop)
        result["machine"]["versions"]["nginx"] = ngx.version()
        posts = post_file(srv.port, tokens, started, os.path.join(data, "posts.txt"))

        def raw_ref(c):
            # fsync's speed drifts with whatever else uses the disk:
            # measure the raw rate right before each POST run.
            log(f"raw SQLite durable inserts, {seconds} s")
            raw_runs.append(raw_insert(raw, os.path.join(data, "raw.db"), seconds))
            return {"raw_rate": raw_runs[-1]["rate"]}

        base = f"http://127.0.0.1:{srv.port}"
        nbase = f"http://127.0.0.1:{ngx.port}"
        routes["healthz"].append(("sqlite", "GET /healthz", base + "/healthz", [], "report.lua",
                                  None, None))
        items = route_items("sqlite", srv.port, page, cookie, token, posts, raw_ref)
        items["page"].append((None, f"nginx: same bytes as {page}", nbase + "/page.html", [],
                              "report.lua", None, None))
        items["history"] += [
            (None, "nginx: same bytes as /sessions", nbase + "/history.html", [], "report.lua",
             None, None),
            ("sqlite", "GET /sessions (signed in, gzip)", base + "/sessions",
             [f"Cookie: {cookie}", "Accept-Encoding: gzip"], "report.lua", None, None)]
        add(items)

    pg_servers = {}
    if pg_engines:
        def pg_ref(c):
            log(f"pgbench: PostgreSQL's durable inserts at {c} client(s), {seconds} s")
            pg_runs.append(pgbench(pg, c, seconds))
            return {"pgbench_rate": pg_runs[-1]["rate"]}

        instances = [Pace(binary, datapg, pg.url) for _ in range(2 if "postgres2" in engines
                                                                  else 1)]
        for one in instances:
            atexit.register(one.stop)
        log("pace on PostgreSQL serving on port(s) "
            + ", ".join(str(one.port) for one in instances))
        for engine in pg_engines:
            if engine == "postgres":
                port = instances[0].port
            else:
                lb = Nginx(upstreams=[one.port for one in instances])
                atexit.register(lb.stop)
                pg_servers["nginx"] = lb
                port = lb.port
                log(f"nginx balancing both on port {port}")
            pcookie = sign_in(port, email)
            if page is None:
                page = pick_page(port, pcookie)
            for path in (page, "/sessions"):
                st = request(port, "GET", path, headers={"Cookie": pcookie})[0]
                if st != 200:
                    sys.exit(f"bench: GET {path} on {engine} answered {st}")
            add(route_items(engine, port, page, pcookie, pgtokens[0],
                            post_file(port, pgtokens, started,
                                      os.path.join(datapg, f"posts-{engine}.txt")), pg_ref))
        result["machine"]["versions"]["nginx"] = Nginx.version()

    result["pinned"] = bool(PIN_SERVER)
    perf = os.environ.get("BENCH_PERF", "0") == "1"
    perf_conns = 16 if 16 in conns else max(conns)
    for group in routes.values():
        for c in conns:
            for engine, name, url, headers, script, env, ref in group:
                extra = ref(c) if ref else {}
                log(f"{name}{f' [{engine}]' if engine else ''} at {c} connection(s), "
                    f"{seconds} s")
                rec = None
                if perf and c == perf_conns and engine == "sqlite":
                    rec = perf_start(pid, name)
                r = wrk(url, c, seconds, headers, script, env)
                perf_stop(rec)
                r.update(name=name, connections=c, kind="wrk", engine=engine, **extra)
                rows.append(r)

    if pg_engines:
        result["postgres"]["memory_mb_after_load"] = [proc_status(one.proc.pid)
                                                      for one in instances]
        for one in pg_servers.values():
            one.stop()
        for one in instances:
            one.stop()
        pg.stop()
        result["pgbench"] = {"script": "bench/pg_insert.sql", "runs": pg_runs}
    if lite:
        mem_end = proc_status(pid)
        ngx.stop()
        srv.stop()
        shutil.rmtree(www, ignore_errors=True)

        result["raw_insert"] = {"runs": raw_runs,
                                "rate": sum(r["rate"] for r in raw_runs) / max(1, len(raw_runs))}

        result["memory_mb"] = {"after_seed_start": mem_start, "after_sign_in": mem_login,
                               "after_parallel_sign_ins": mem_signins, "after_load": mem_end}
        result["hyperfine"] = [hyperfine_row(binary, data, c, history)
                               for c in ("report", "export")]
        shutil.rmtree(data, ignore_errors=True)
        # The clinician's caseload (bench/caseload.py), on data of its own.
        import caseload
        result["caseload"] = caseload.measure(binary, data + "-caseload", Pace, request,
                                              sign_in, PASSWORD, log)
    shutil.rmtree(data, ignore_errors=True)
    if datapg:
        shutil.rmtree(datapg, ignore_errors=True)
    result["machine"]["loadavg_at_end"] = os.getloadavg()[0]

    summarise(result, page)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "latest.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print("\nwrote bench/results/latest.json")


def order(name):
    """Table order: endpoints as planned, each page just above its twin."""
    keys = ["GET /healthz", "GET /", "nginx: same bytes as /", "GET /today",
            "nginx: same bytes as /today", "GET /sessions", "nginx: same bytes as /sessions",
            "GET /api", "POST"]
    best, length = 0, -1
    for i, k in enumerate(keys):
        if name.startswith(k) and len(k) > length:
            best, length = i, len(k)
    return best


def find(rows, name, c, engine="sqlite"):
    """The row of name at c connections on engine (None: nginx's own)."""
    for r in rows:
        if r["name"] == name and r["connections"] == c and r.get("engine") == engine:
            return r
    return None


def engine_rank(engine):
    return ENGINES.index(engine) if engine in ENGINES else len(ENGINES)


def summarise(result, page):
    rows = result["rows"]
    m = result["machine"]
    seeded = (f"seeded in {result['seed_seconds']:.0f} s, {result['db_mb']:.0f} MiB"
              if "seed_seconds" in result else "")
    pgi = result.get("postgres") or {}
    if pgi.get("status") == "ok":
        seeded += (f"{'; ' if seeded else ''}PostgreSQL {pgi['version']}: seeded in "
                   f"{pgi['seed_seconds']:.0f} s, {pgi['db_mb']:.0f} MiB")
    print(f"\nPace benchmarks, {result['when']}: {m['cpu']}, {m['cores']} cores, "
          f"{m['memory_mb']} MiB; {result['users']} accounts, {result['sessions']} sessions "
          f"({seeded}); "
          f"{result['duration_s']} s per run; load average {m['loadavg_at_start']:.1f} at the "
          f"start, {m['loadavg_at_end']:.1f} at the end (other work on the machine skews "
          f"every figure)\n")
    if pgi.get("status", "ok") != "ok":
        print(f"no PostgreSQL rows ({pgi['status']})\n")
    if result.get("pinned"):
        if pgi.get("status") == "ok":
            print("pace, nginx and PostgreSQL on CPU 0, wrk and pgbench on the other CPUs "
                  "(BENCH_PIN=0 turns this off)\n")
        else:
            print("pace and nginx on CPU 0, wrk on the other CPUs (BENCH_PIN=0 turns this off)\n")
    print("engine: sqlite = pace on SQLite; postgres = one pace on PostgreSQL; postgres2 = "
          "two pace on PostgreSQL behind nginx; - = nginx serving the page's bytes\n")
    print(f"{'what':40} {'engine':9} {'conns':>5} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6}")
    for r in sorted(rows, key=lambda r: (order(r["name"]), r["connections"], r["name"],
                                         engine_rank(r.get("engine")))):
        print(f"{r['name']:40} {r.get('engine') or '-':9} {r['connections']:5d} {r['rps']:9.0f} "
              f"{r['p50_us'] / 1000:7.2f} {r['p99_us'] / 1000:7.2f} {r['errors']:6d}")
    pgb = (result.get("pgbench") or {}).get("runs")
    if pgb:
        print("\npgbench, PostgreSQL's own durable inserts (bench/pg_insert.sql), right before "
              "each POST run on PostgreSQL:")
        for one in pgb:
            print(f"  {one['connections']:3d} client(s): {one['rate']:8.0f} rows/s")
    checks = []
    for label, mine, ref in ((page, f"GET {page} (signed in)", f"nginx: same bytes as {page}"),
                             ("/sessions", "GET /sessions (signed in)",
                              "nginx: same bytes as /sessions")):
        for c in result["connections"]:
            a, b = find(rows, mine, c), find(rows, ref, c, None)
            if a and b:
                ratio = a["rps"] / b["rps"]
                p99 = a["p99_us"] / b["p99_us"] if b["p99_us"] else 0
                checks.append({"what": f"{label} / nginx throughput, {c} conns", "value": ratio,
                               "target": f">= {TARGETS['page_ratio']:.0%}",
                               "met": ratio >= TARGETS["page_ratio"],
                               "text": f"{ratio:.0%} (p99 {p99:.1f}x nginx's)"})
        a = find(rows, mine, 64)
        if a:
            v = a["p99_us"] / 1000
            checks.append({"what": f"{label} p99 at 64 conns", "value": v,
                           "target": f"< {TARGETS['page_p99_ms']:.0f} ms",
                           "met": v < TARGETS["page_p99_ms"], "text": f"{v:.1f} ms"})
    for c in result["connections"]:
        a = find(rows, "POST /api/v1/sessions", c)
        if a:
            raw = a["raw_rate"]
            ratio = a["rps"] / raw
            checks.append({"what": f"POST / raw insert ({raw:.0f}/s), {c} conns", "value": ratio,
                           "target": f">= {TARGETS['post_ratio']:.0%}",
                           "met": ratio >= TARGETS["post_ratio"], "text": f"{ratio:.0%}"})
    for engine in ("postgres", "postgres2"):
        for c in result["connections"]:
            a = find(rows, "POST /api/v1/sessions", c, engine)
            if a:
                ref = a["pgbench_rate"]
                ratio = a["rps"] / ref
                checks.append({"what": f"{engine}: POST / pgbench ({ref:.0f}/s), {c} conns",
                               "value": ratio, "target": f">= {TARGETS['post_ratio']:.0%}",
                               "met": ratio >= TARGETS["post_ratio"], "text": f"{ratio:.0%}"})
    mem = result.get("memory_mb")
    for label, key, field in (("RSS peak after seeding, at start", "after_seed_start", "VmHWM"),
                              ("RSS peak after 20 parallel sign-ins", "after_parallel_sign_ins",
                               "VmHWM"),
                              ("RSS peak after sign-in and load", "after_load", "VmHWM"),
                              ("RSS now after load", "after_load", "VmRSS")) if mem else ():
        v = mem[key][field]
        checks.append({"what": f"{label} ({field})", "value": v,
                       "target": f"< {TARGETS['rss_mb']:.0f} MiB",
                       "met": v < TARGETS["rss_mb"], "text": f"{v:.1f} MiB"})
    s = result.get("sign_ins")
    if s:
        checks.append({"what": f"{s['n']} parallel sign-ins all succeed", "value": s["ok"],
                       "target": f"{s['n']} of {s['n']}", "met": s["ok"] == s["n"],
                       "text": f"{s['ok']} in {s['seconds']:.1f} s"})
    for name in ("page", "history"):
        fl = result.get(f"{name}_first_load")
        if fl:
            v = fl["total_sent"] / 1024
            checks.append({"what": f"{name} first load, gzip (html {fl['html_sent']} B "
                                   f"of {fl['html_bytes']} + css/js)", "value": v,
                           "target": f"< {TARGETS['first_load_kb']:.0f} KB",
                           "met": v < TARGETS["first_load_kb"], "text": f"{v:.1f} KB"})
    for h in result.get("hyperfine", []):
        if h["status"] == "ok":
            checks.append({"what": h["name"], "value": h["mean_ms"],
                           "target": f"< {TARGETS['report_ms']:.0f} ms",
                           "met": h["mean_ms"] < TARGETS["report_ms"],
                           "text": f"{h['mean_ms']:.0f} ms (max {h['max_ms']:.0f})"})
        else:
            checks.append({"what": h["name"], "value": None, "target": "< 200 ms",
                           "met": None, "text": h["status"]})
    cl = result.get("caseload")
    if cl:
        ok = cl["status"] == "ok"
        checks.append({"what": cl["name"], "value": cl.get("mean_ms"),
                       "target": f"< {cl.get('target_ms', 100):.0f} ms",
                       "met": cl["mean_ms"] < cl["target_ms"] if ok else None,
                       "text": f"{cl['mean_ms']:.0f} ms (max {cl['max_ms']:.0f})" if ok
                       else cl["status"]})
    result["checks"] = checks
    print(f"\n{'against the targets':52} {'measured':>26} {'target':>10}  ")
    for c in checks:
        mark = {True: "met", False: "SHORT", None: "-"}[c["met"]]
        print(f"{c['what']:52} {c['text']:>26} {c['target']:>10}  {mark}")


if __name__ == "__main__":
    main()
