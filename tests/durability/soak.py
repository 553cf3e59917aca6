#!/usr/bin/env python3
"""soak.py - `make soak`: mixed load on one server for a bounded time.

    tests/durability/soak.py --pace build-test/pace [--rss-pace build/pace] [--seconds N]

Seeds a few accounts (pace dev seed), then threads read pages and the API,
write, replace and delete sessions, and sign in and out, for SOAK_SECONDS
(default 600) against 127.0.0.1 only. Checks: no 5xx answer and no broken
connection, no sanitizer report when the server stops, and resident memory
(VmRSS) growing less than 5% from the end of the warm-up (a fifth of the
run, at least 30 s) to the end. With --rss-pace (SOAK_RSS_PACE) the time is
split: the sanitizer build for errors and leaks, then the release build for
the memory growth (ASan's allocator grows with the load on its own). Memory: the lowest sample of the first quarter after
the warm-up against the lowest of the last quarter, since every sign-in
briefly holds argon2id's 64 MiB. Ends with "N passed, N failed".
"""

import argparse
import http.client
import json
import os
import random
import re
import sys
import tempfile
import shutil
import threading
import time
import traceback
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "http"))
sys.path.insert(0, HERE)

import harness  # noqa: E402
from harness import Server, run_pace  # noqa: E402

SEED_PASSWORD = "pace seed password"  # src/cli/cmd-dev.c
USERS = 12
# A small ASan quarantine, so its filling up is not read as growth.
SOAK_ASAN = "detect_leaks=1:quarantine_size_mb=8:thread_local_quarantine_size_kb=256"


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = {}
        self.problems = []

    def add(self, what, status):
        with self.lock:
            self.status[status] = self.status.get(status, 0) + 1
            wrong_password = what == "POST /login" and status == 401  # 0.5% of sign-ins
            if status >= 500 or status < 0 or (status in (400, 401, 403, 422)
                                               and not wrong_password):
                if len(self.problems) < 20:
                    self.problems.append((what, status))


def load_mod():
    import importlib.util
    spec = importlib.util.spec_from_file_location("durability", os.path.join(HERE, "run.py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


DUR = None  # tests/durability/run.py, for make_record


class Person:
    """One seeded account: a browser (cookie) and an API client (token)."""

    def __init__(self, port, email, token, tally, rng):
        self.port = port
        self.email = email
        self.token = token
        self.tally = tally
        self.rng = rng
        self.cookies = {}
        self.ids = []

    def req(self, method, path, body=None, headers=None, api=False):
        h = dict(headers or {})
        if api:
            h["Authorization"] = "Bearer " + self.token
        elif self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            status = r.status
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    name, _, rest = v.partition("=")
                    val = rest.split(";", 1)[0]
                    if val and "Max-Age=0" not in v:
                        self.cookies[name] = val
                    else:
                        self.cookies.pop(name, None)
        except (OSError, http.client.HTTPException):
            status, data = -1, b""
        finally:
            conn.close()
        self.tally.add(f"{method} {path.split('?')[0]}", status)
        return status, data

    def sign_in(self, right=True):
        st, page = self.req("GET", "/login")
        m = re.search(rb'name="csrf" value="([^"]*)"', page)
        if not m:
            return
        form = urllib.parse.urlencode({"csrf": m.group(1).decode(), "email": self.email,
                                       "password": SEED_PASSWORD if right else "wrong password!"})
        self.req("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})

    def sign_out(self):
        st, page = self.req("GET", "/settings")
        m = re.search(rb'name="csrf" value="([^"]*)"', page)
        if m:
            self.req("POST", "/logout", urllib.parse.urlencode({"csrf": m.group(1).decode()}),
                     {"Content-Type": "application/x-www-form-urlencoded"})

    def step(self):
        r = self.rng.random()
        if r < 0.12:
            self.req("GET", "/")
        elif r < 0.24:
            self.req("GET", "/sessions")
        elif r < 0.40:
            st, data = self.req("GET", "/api/v1/sessions?limit=50", api=True)
            if st == 200:
                self.ids = [s["id"] for s in json.loads(data)["items"]]
        elif r < 0.50 and self.ids:
            self.req("GET", "/api/v1/sessions/" + self.rng.choice(self.ids), api=True)
        elif r < 0.70:
            rec = DUR.make_record(self.rng, 0)
            rec["dilator_id"] = None
            rec["outcome"] = "stopped"
            self.req("POST", "/api/v1/sessions", json.dumps(rec),
                     {"Content-Type": "application/json"}, api=True)
        elif r < 0.78 and self.ids:
            rec = DUR.make_record(self.rng, 0)
            rec["dilator_id"] = None
            rec["outcome"] = "not_today"
            rec["duration_s"] = 0
            rec["spasms"] = []
            self.req("PUT", "/api/v1/sessions/" + self.rng.choice(self.ids), json.dumps(rec),
                     {"Content-Type": "application/json"}, api=True)
        elif r < 0.84 and self.ids:
            self.req("DELETE", "/api/v1/sessions/" + self.ids.pop(), api=True)
        elif r < 0.87:
            self.sign_out()
            self.sign_in(right=self.rng.random() < 0.995)
            if "pace" not in self.cookies:
                self.sign_in()
        elif r < 0.95:
            self.req("GET", "/settings")
        else:
            self.req("GET", "/healthz")


def soak_once(binary, seconds, threads, check_rss, sanitized, results):
    """One server under mixed load for seconds; appends (name, ok, why) to
    results. check_rss: judge the resident-memory growth (else print it)."""
    global DUR
    harness.PACE = os.path.abspath(binary)
    DUR = load_mod()
    kind = "sanitizer build" if sanitized else "release build"
    data = tempfile.mkdtemp(prefix="pace-soak-")
    tally = Tally()
    try:
        p = run_pace("dev", "seed", "--users", str(USERS), "--sessions-per-user", "60",
                     "--data", data, timeout=600)
        assert p.returncode == 0, p.stderr
        tokens = []
        for i in range(USERS):
            p = run_pace("token", "create", "--email", f"seed-{i}@example.org", "--data", data)
            assert p.returncode == 0, p.stderr
            tokens.append(p.stdout.strip())
        srv = Server(data_dir=data, env={"ASAN_OPTIONS": SOAK_ASAN}).start()
        pid = srv.proc.pid
        stop = threading.Event()
        people = [Person(srv.port, f"seed-{i}@example.org", tokens[i], tally,
                         random.Random(i)) for i in range(USERS)]

        def worker(k):
            mine = people[k::threads]
            for person in mine:
                person.sign_in()
            rng = random.Random(1000 + k)
            while not stop.is_set():
                rng.choice(mine).step()

        workers = [threading.Thread(target=worker, args=(k,), daemon=True)
                   for k in range(threads)]
        t0 = time.monotonic()
        for t in workers:
            t.start()
        warm = max(30.0, seconds / 5.0)
        samples = []  # (t, MiB)
        while time.monotonic() - t0 < seconds:
            time.sleep(0.5)
            samples.append((time.monotonic() - t0, rss_mb(pid)))
        stop.set()
        for t in workers:
            t.join(120)
        after = [m for t, m in samples if t >= warm]
        total = sum(tally.status.values())
        print(f"# {kind}: {total} requests in {seconds} s; answers "
              f"{dict(sorted(tally.status.items()))}")
        if tally.problems:
            print(f"# unexpected answers: {tally.problems}")
        if len(after) >= 8:
            # Each sign-in holds argon2id's 64 MiB for a moment, so compare
            # the floor of the first and the last quarter, not single samples.
            q = len(after) // 4
            base = min(after[:q])
            end = min(after[-q:])
            growth = (end - base) / base
            print(f"# {kind}: VmRSS {base:.1f} MiB after the {warm:.0f} s warm-up, {end:.1f} MiB "
                  f"at the end ({growth:+.1%}); peak {max(m for _, m in samples):.1f} MiB")
            if check_rss:
                results.append(("soak_rss_growth_under_5_percent", growth < 0.05,
                                f"grew {growth:+.1%}"))
        elif check_rss:
            results.append(("soak_rss_growth_under_5_percent", False, "run too short to tell"))
        bad = sum(n for s, n in tally.status.items() if s >= 500 or s < 0)
        results.append((f"soak_no_5xx_or_broken_connections ({kind})", bad == 0 and total > 0,
                        f"{bad} bad: {tally.problems[:10]}"))
        name = "soak_clean_exit_no_sanitizer_reports" if sanitized else "soak_clean_exit"
        try:
            srv.stop()
            results.append((f"{name} ({kind})", True, ""))
        except AssertionError as e:
            results.append((f"{name} ({kind})", False, str(e)[-3000:]))
    except Exception:
        traceback.print_exc()
        results.append((f"soak_setup ({kind})", False, "see the traceback"))
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description="Pace soak test")
    ap.add_argument("--pace", required=True, help="the sanitizer build's pace")
    ap.add_argument("--rss-pace", default=os.environ.get("SOAK_RSS_PACE"),
                    help="a release build's pace, for the memory-growth check")
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "600")))
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    results = []
    if args.rss_pace:
        # The sanitizer build finds memory errors and leaks; its own
        # allocator's footprint grows with the load, so resident memory is
        # judged on the release build, as it runs in use. Half the time each.
        half = max(60, args.seconds // 2)
        soak_once(args.pace, half, args.threads, False, True, results)
        soak_once(args.rss_pace, half, args.threads, True, False, results)
    else:
        soak_once(args.pace, args.seconds, args.threads, True, True, results)
    passed = failed = 0
    for name, ok, why in results:
        if ok:
            passed += 1
            print(f"ok - {name}")
        else:
            failed += 1
            print(f"FAIL - {name}: {why}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
