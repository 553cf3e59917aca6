#!/usr/bin/env python3
"""run.py - crash durability: no acknowledged write is ever lost.

    tests/durability/run.py --pace build-test/pace [--kills N] [-k NAME]

kill9: writers POST practice sessions while the server is killed with
SIGKILL at random moments (--kills times, PACE_DURABILITY_KILLS) and
restarted. At the end every session the server acknowledged (201) is there
and equal to what was sent, every stored session is one that was sent (no
half-written record), and PRAGMA integrity_check says ok.

kill9_two_instances_on_postgresql_behind_nginx: the same on a throwaway
PostgreSQL (tests/pg.py) with two Pace instances behind Debian's nginx, one
or the other killed at random under write load and started again; a 502
from nginx (the instance died mid-request) counts as unanswered.

disk_full_*: the data directory runs out of room (a small tmpfs when mount
works here, and a file size limit, RLIMIT_FSIZE, always). Writes must be
refused with 507 (or 503) and a clear message, never 500 or a crash; reads
go on; nothing acknowledged is lost; writes work again once there is room.

Prints "ok - name" / "FAIL - name" and ends with "N passed, N failed".
"""

import argparse
import http.client
import json
import os
import random
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "http"))

import harness  # noqa: E402
from harness import Server, run_pace  # noqa: E402

sys.path.insert(0, os.path.dirname(HERE))
import pg  # noqa: E402  (tests/pg.py: a throwaway PostgreSQL)

KIT = ["fms-16", "fms-18", "fms-20"]
NETWORK_ERRORS = (ConnectionError, http.client.HTTPException, OSError, TimeoutError)


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_record(rng, n, note_len=60):
    """A valid session whose note makes it unique (and findable)."""
    now = harness.now_dt().replace(microsecond=0)
    dur = rng.randint(60, 1800)
    marker = f"dur-{n}-{uuid.uuid4().hex}"
    return {
        "started_at": stamp(now - timedelta(minutes=rng.randint(5, 60 * 24 * 30))),
        "duration_s": dur,
        "dilator_id": rng.choice(KIT),
        "temperature": rng.choice(["room", "warm", "cool"]),
        "lubricant": rng.choice(["water_based", "silicone_based"]),
        "with_partner": rng.random() < 0.1,
        "exercises": ["breathing", "relaxation"][: rng.randint(0, 2)],
        "before": {"fear": rng.randint(0, 10), "tension": rng.randint(0, 10),
                   "pain": rng.randint(0, 10)},
        "after": {"fear": rng.randint(0, 10), "tension": rng.randint(0, 10),
                  "pain": rng.randint(0, 10)},
        "max_pain": rng.randint(0, 10),
        "spasms": [{"at_s": rng.randint(0, dur), "duration_s": rng.randint(1, 60)}
                   for _ in range(rng.randint(0, 3))],
        "outcome": rng.choice(["completed", "stopped"]),
        "felt_safe": rng.choice([True, False, None]),
        "helped": ["breathing"] if rng.random() < 0.5 else [],
        "note": (marker + " " + "x" * note_len)[: max(note_len, len(marker))],
    }


def differences(sent, got):
    """Fields of sent that got does not have as sent."""
    return [k for k, v in sent.items() if got.get(k) != v]


def api(port, token, method, path, body=None, timeout=30):
    """One request on a fresh connection; returns (status, parsed JSON or None)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = {"Authorization": "Bearer " + token}
        data = None
        if body is not None:
            h["Content-Type"] = "application/json"
            data = json.dumps(body)
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        raw = r.read()
        try:
            return r.status, json.loads(raw) if raw else None
        except ValueError:
            return r.status, None
    finally:
        conn.close()


def new_account(data):
    """An account with a token in data; returns the token."""
    email = f"dur-{uuid.uuid4().hex[:8]}@example.org"
    p = run_pace("user", "add", "--email", email, "--password-stdin", "--data", data,
                 input="a long enough password\n")
    assert p.returncode == 0, p.stderr
    p = run_pace("token", "create", "--email", email, "--data", data)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


def set_kit(port, token):
    st, body = api(port, token, "PUT", "/api/v1/kit", {"items": KIT})
    assert st == 200, (st, body)


def kill9(srv):
    """SIGKILL, then reap; sanitizer reports printed before it still fail."""
    proc, srv.proc = srv.proc, None
    proc.kill()
    proc.wait()
    srv._reader.join(5)
    harness.check_sanitizers(srv.stderr, "pace serve")


def list_all(port, token):
    items, cursor = [], None
    while True:
        path = "/api/v1/sessions?limit=200" + (f"&cursor={cursor}" if cursor else "")
        st, body = api(port, token, "GET", path)
        assert st == 200, (st, body)
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def integrity(data):
    db = sqlite3.connect(os.path.join(data, "pace.db"))
    try:
        ok = db.execute("PRAGMA integrity_check").fetchall()
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        rows = db.execute("SELECT count(*) FROM practice_sessions").fetchone()[0]
    finally:
        db.close()
    assert ok == [("ok",)], f"integrity_check: {ok}"
    assert fk == [], f"foreign_key_check: {fk}"
    return rows


def verify(port, token, data_dir, acked, pending, srv):
    """Every acknowledged session intact; nothing stored that was not sent
    whole; the database sound. Stops srv for the integrity check."""
    for sid, sent in acked.items():
        st, got = api(port, token, "GET", f"/api/v1/sessions/{sid}")
        assert st == 200, f"acknowledged session {sid} is gone after the crashes ({st})"
        diff = differences(sent, got)
        assert not diff, f"session {sid} changed in {diff}: sent {sent}, got {got}"
    by_note = {r["note"]: r for r in pending}
    by_note.update({r["note"]: r for r in acked.values()})
    items = list_all(port, token)
    for got in items:
        sent = by_note.get(got["note"])
        assert sent is not None, f"a stored session was never sent whole: {got}"
        diff = differences(sent, got)
        assert not diff, f"stored session {got['id']} is half-written in {diff}: {got}"
    assert len({g["id"] for g in items}) == len(items), "a session is listed twice"
    srv.stop()
    rows = integrity(data_dir)
    assert rows == len(items), f"{rows} rows in the table, {len(items)} listed"
    return len(items)


# Pace keeps up to 10,000 sessions for each person and refuses the next one
# (a 422 this test would count as a bad answer). The writers pause a little
# between writes and stop at MAX_WRITES, so a fast machine and many kills stay
# below that limit while every kill still lands among writes in flight.
MAX_WRITES = 9000
PAUSE = 0.005


class Writers:
    """Threads that POST new sessions to whatever port the server has now."""

    def __init__(self, token, count, seed, unknown=()):
        self.token = token
        # Answers that say nothing of whether the write was kept (a load
        # balancer's 502 when the instance behind it died mid-request).
        self.unknown = set(unknown)
        self.port = None
        self.lock = threading.Lock()
        self.acked = {}      # id -> record
        self.pending = []    # sent, no answer (may or may not be stored)
        self.bad = []        # answers that must never happen
        self.stop = threading.Event()
        self.n = 0
        self.threads = [threading.Thread(target=self.run, args=(seed + i,), daemon=True)
                        for i in range(count)]

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join(60)

    def run(self, seed):
        rng = random.Random(seed)
        while not self.stop.is_set():
            port = self.port
            if port is None:
                time.sleep(0.01)
                continue
            with self.lock:
                if self.n >= MAX_WRITES:
                    idle = True
                else:
                    idle = False
                    self.n += 1
                    n = self.n
            if idle:
                time.sleep(0.05)
                continue
            rec = make_record(rng, n)
            try:
                st, body = api(port, self.token, "POST", "/api/v1/sessions", rec, timeout=20)
            except NETWORK_ERRORS:
                with self.lock:
                    self.pending.append(rec)
                time.sleep(0.02)
                continue
            with self.lock:
                if st == 201 and body and not differences(rec, body):
                    self.acked[body["id"]] = rec
                elif st in self.unknown:
                    self.pending.append(rec)
                else:
                    self.bad.append((st, body))
            time.sleep(PAUSE)


def test_kill9_acknowledged_writes_survive(pace, kills, seed):
    data = tempfile.mkdtemp(prefix="pace-dur-")
    rng = random.Random(seed)
    try:
        token = new_account(data)
        srv = Server(data_dir=data).start()
        set_kit(srv.port, token)
        w = Writers(token, 4, seed)
        w.start()
        for k in range(kills):
            w.port = srv.port
            time.sleep(rng.uniform(0.2, 1.2))
            kill9(srv)  # with writes in flight
            w.port = None
            srv = Server(data_dir=data).start()
        w.port = srv.port
        time.sleep(0.5)
        w.join()
        assert not w.bad, f"unexpected answers while writing: {w.bad[:5]}"
        assert len(w.acked) >= kills, f"only {len(w.acked)} writes acknowledged"
        stored = verify(srv.port, token, data, w.acked, w.pending, srv)
        print(f"# {kills} kills: {len(w.acked)} acknowledged, {len(w.pending)} in flight at a "
              f"kill, {stored} stored; integrity ok")
    finally:
        shutil.rmtree(data, ignore_errors=True)


def fill_until_refused(port, token, acked, rng, limit=5000):
    """POSTs big sessions until one is refused; returns that answer."""
    for n in range(limit):
        rec = make_record(rng, n, note_len=3900)
        st, body = api(port, token, "POST", "/api/v1/sessions", rec)
        if st == 201:
            acked[body["id"]] = rec
            continue
        return st, body
    raise AssertionError(f"{limit} large writes and the disk is still not full")


def check_refusal(st, body, srv):
    assert st in (503, 507), \
        f"a full disk answered {st}, want 507 or 503: {body}\n{srv.stderr[-3000:]}"
    msg = (body or {}).get("error", "")
    assert "disk" in msg.lower() and "full" in msg.lower(), f"unclear message: {msg!r}"


def disk_full_scenario(data, make_room, server_args=None):
    """Runs the full-disk checks with the server on data; make_room(srv)
    gives space back."""
    rng = random.Random(7)
    token = new_account(data)
    srv = Server(data_dir=data, **(server_args or {})).start()
    try:
        set_kit(srv.port, token)
        acked = {}
        st, body = fill_until_refused(srv.port, token, acked, rng)
        check_refusal(st, body, srv)
        for n in range(5):  # stays refused, stays alive, reads go on
            st, body = api(srv.port, token, "POST", "/api/v1/sessions",
                           make_record(rng, 10000 + n, note_len=3900))
            check_refusal(st, body, srv)
            assert api(srv.port, token, "GET", "/api/v1/sessions?limit=5")[0] == 200
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        conn.request("GET", "/healthz")
        assert conn.getresponse().status == 200
        conn.close()
        assert len(acked) > 0, "nothing could be written before the disk was full"
        make_room(srv)
        rec = make_record(rng, 20000)
        st, body = api(srv.port, token, "POST", "/api/v1/sessions", rec)
        assert st == 201, f"with room again, a write answered {st}: {body}"
        acked[body["id"]] = rec
        kill9(srv)  # and what was acknowledged survives a crash too
        srv = Server(data_dir=data).start()
        verify(srv.port, token, data, acked, [], srv)
        assert "AddressSanitizer" not in srv.stderr
    finally:
        if srv.proc is not None:
            srv.proc.kill()
            srv.proc.wait()


def try_mount_tmpfs(path, size):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", path],
                       capture_output=True)
    return p.returncode == 0


def test_disk_full_tmpfs(pace, kills, seed):
    mnt = tempfile.mkdtemp(prefix="pace-full-")
    if not try_mount_tmpfs(mnt, "6m"):
        os.rmdir(mnt)
        return "skip: cannot mount a tmpfs here (the RLIMIT_FSIZE case covers a full disk)"
    try:
        data = os.path.join(mnt, "data")
        filler = os.path.join(mnt, "filler")

        def make_room(srv):
            os.remove(filler)

        # Leave ~2 MB for the new database (every migration's tables, and the
        # write-ahead log) and its first sessions: the filler takes the rest.
        os.makedirs(data, mode=0o700)
        st = os.statvfs(mnt)
        free = st.f_bavail * st.f_frsize
        with open(filler, "wb") as f:
            f.write(b"\0" * max(0, free - 2048 * 1024))
        disk_full_scenario(data, make_room)
    finally:
        subprocess.run(["umount", "-l", mnt], capture_output=True)
        shutil.rmtree(mnt, ignore_errors=True)


def test_disk_full_file_size_limit(pace, kills, seed):
    data = tempfile.mkdtemp(prefix="pace-fsize-")
    limit = 1024 * 1024  # no file of the server may grow past 1 MiB

    def limited():  # in the child, before exec
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]  # kept, so it can be lifted
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))

    def make_room(srv):
        hard = resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE)[1]
        resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE, (hard, hard))

    try:
        disk_full_scenario(data, make_room, {"preexec_fn": limited})
    finally:
        shutil.rmtree(data, ignore_errors=True)


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream pace {{
        server 127.0.0.1:{a} max_fails=0;
        server 127.0.0.1:{b} max_fails=0;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://pace;
            proxy_set_header Host $host;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
            # A refused connection goes to the other instance; a request
            # already sent is never sent twice (POST is not idempotent).
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


class Nginx:
    """Debian's nginx in front of two loopback ports, as a load balancer."""

    def __init__(self, a, b):
        self.dir = tempfile.mkdtemp(prefix="pace-nginx-")
        os.chmod(self.dir, 0o755)
        self.port = pg.free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(dir=self.dir, a=a, b=b, port=self.port))
        self.proc = subprocess.Popen(["nginx", "-p", self.dir, "-c", conf, "-e",
                                      os.path.join(self.dir, "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise AssertionError("nginx did not start: " + self.proc.stderr.read().decode())
                time.sleep(0.05)
        raise AssertionError("nginx did not listen within 10 s")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def test_kill9_two_instances_on_postgresql_behind_nginx(pace, kills, seed):
    """Two Pace instances on one PostgreSQL behind nginx; writers POST
    through nginx while one instance or the other is killed with SIGKILL at
    random and started again on its port. Every acknowledged session is
    there, as sent; nothing stored was half-sent; nothing is listed twice;
    the table holds exactly what is listed."""
    if shutil.which("nginx") is None:
        return "skip: nginx is not installed (scripts/bootstrap test installs it)"
    if not pg.available():
        return "skip: PostgreSQL's server programs are not installed"
    kills = max(4, min(kills, 12))
    rng = random.Random(seed)
    data = tempfile.mkdtemp(prefix="pace-dur-pg-")
    server = pg.PgServer().start()
    saved_url, harness.PG_URL = harness.PG_URL, server.url
    ports = [pg.free_port(), pg.free_port()]
    srvs = [None, None]
    lb = None
    w = None
    try:
        token = new_account(data)
        for i in (0, 1):
            srvs[i] = Server(data_dir=data, listen=f"127.0.0.1:{ports[i]}").start()
        lb = Nginx(*ports)
        set_kit(lb.port, token)
        w = Writers(token, 4, seed, unknown=(502, 504))
        w.port = lb.port
        w.start()
        victims = [k % 2 for k in range(kills)]
        rng.shuffle(victims)  # each instance dies about as often, in no order
        for v in victims:
            time.sleep(rng.uniform(0.3, 1.2))
            kill9(srvs[v])  # with writes in flight through it
            time.sleep(rng.uniform(0.0, 0.3))  # the other one serves alone
            srvs[v] = Server(data_dir=data, listen=f"127.0.0.1:{ports[v]}").start()
        time.sleep(0.5)
        w.join()
        assert not w.bad, f"unexpected answers while writing: {w.bad[:5]}"
        assert len(w.acked) >= kills, f"only {len(w.acked)} writes acknowledged"
        for sid, sent in w.acked.items():
            st, got = api(lb.port, token, "GET", f"/api/v1/sessions/{sid}")
            assert st == 200, f"acknowledged session {sid} is gone after the kills ({st})"
            diff = differences(sent, got)
            assert not diff, f"session {sid} changed in {diff}"
        by_note = {r["note"]: r for r in w.pending}
        by_note.update({r["note"]: r for r in w.acked.values()})
        items = list_all(lb.port, token)
        for got in items:
            sent = by_note.get(got["note"])
            assert sent is not None, f"a stored session was never sent whole: {got}"
            assert not differences(sent, got), f"stored session {got['id']} is half-written"
        assert len({g["id"] for g in items}) == len(items), "a session is listed twice"
        rows = int(harness.db_query(data, "SELECT count(*) FROM practice_sessions")[0][0])
        assert rows == len(items), f"{rows} rows in the table, {len(items)} listed"
        print(f"# {kills} kills of 2 instances behind nginx: {len(w.acked)} acknowledged, "
              f"{len(w.pending)} unanswered or 502, {len(items)} stored")
    finally:
        if w is not None:
            w.join()
        if lb is not None:
            lb.stop()
        for s in srvs:
            if s is not None and s.proc is not None:
                s.stop()
        harness.PG_URL = saved_url
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


TESTS = [test_kill9_acknowledged_writes_survive, test_disk_full_tmpfs,
         test_disk_full_file_size_limit, test_kill9_two_instances_on_postgresql_behind_nginx]


def main():
    ap = argparse.ArgumentParser(description="Pace crash-durability tests")
    ap.add_argument("--pace", required=True)
    ap.add_argument("--kills", type=int,
                    default=int(os.environ.get("PACE_DURABILITY_KILLS", "25")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("PACE_DURABILITY_SEED", "0"))
                    or random.randrange(1, 1 << 30))
    ap.add_argument("-k", dest="pattern", default="")
    args = ap.parse_args()
    harness.PACE = os.path.abspath(args.pace)
    print(f"# seed {args.seed} (PACE_DURABILITY_SEED={args.seed} repeats this run)")
    passed = failed = 0
    start = time.monotonic()
    for t in TESTS:
        name = t.__name__
        if args.pattern not in name:
            continue
        try:
            out = t(args.pace, args.kills, args.seed)
        except Exception:
            failed += 1
            print(f"FAIL - {name}")
            print(traceback.format_exc(), end="")
        else:
            if isinstance(out, str) and out.startswith("skip"):
                print(f"skip - {name} ({out[6:]})")
            else:
                passed += 1
                print(f"ok - {name}")
        sys.stdout.flush()
    print(f"# {time.monotonic() - start:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
