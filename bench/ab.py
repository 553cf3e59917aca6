#!/usr/bin/env python3
"""ab.py - two pace binaries on the same data, measured in turns.

    bench/ab.py OLD_PACE NEW_PACE

On a shared machine the figures of two separate `make bench` runs differ
more than most changes do. This seeds one data directory (pace dev seed with
OLD_PACE), copies it for each binary, serves both at once (each pinned to
CPU 0 when there are two or more CPUs, wrk on the others), and runs wrk on
each route for the old and the new binary in turns, AB_ROUNDS times (3),
AB_SECONDS each (3), so both see the same neighbours. Prints the median
requests/s of each and the ratio new/old. AB_USERS (200) x AB_PER (100)
sessions; AB_CONNECTIONS (16); AB_PERF=1 records each binary's first
round with perf. POST /api/v1/sessions takes turns over 16 seeded
accounts (bench/wrk/post.lua). Everything stays on 127.0.0.1.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the helpers of make bench)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old, new = (os.path.abspath(p) for p in sys.argv[1:])
    users = run.env_int("AB_USERS", 200)
    per = run.env_int("AB_PER", 100)
    rounds = run.env_int("AB_ROUNDS", 3)
    seconds = run.env_int("AB_SECONDS", 3)
    conns = run.env_int("AB_CONNECTIONS", 16)
    perf = os.environ.get("AB_PERF", "0") == "1"
    top = tempfile.mkdtemp(prefix="pace-ab-")
    try:
        seed = os.path.join(top, "seed")
        os.makedirs(seed)
        subprocess.run([old, "dev", "seed", "--users", str(users), "--sessions-per-user",
                        str(per), "--data", seed], check=True, capture_output=True)
        servers = {}
        for name, binary in (("old", old), ("new", new)):
            data = os.path.join(top, name)
            shutil.copytree(seed, data)
            tok = subprocess.run([binary, "token", "create", "--email", "seed-0@example.org",
                                  "--label", "ab", "--data", data], capture_output=True,
                                 text=True, check=True).stdout.strip()
            srv = run.Pace(binary, data)
            # POST takes turns over 16 accounts, each with a session of her kit.
            posters = run.create_tokens(binary, data,
                                        [f"seed-{i}@example.org" for i in range(min(16, users))])
            posts = run.post_file(srv.port, posters, "2026-11-30T08:00:00Z",
                                  os.path.join(top, f"post-{name}.txt"))
            servers[name] = (srv, run.sign_in(srv.port, "seed-0@example.org"), tok, posts)
        routes = [("GET /today", "/today", "cookie"), ("GET /sessions", "/sessions", "cookie"),
                  ("GET /api/v1/sessions?limit=50", "/api/v1/sessions?limit=50", "token"),
                  ("POST /api/v1/sessions", "/api/v1/sessions", "post")]
        print(f"{'route':34} {'old req/s':>10} {'new req/s':>10} {'new/old':>8}   "
              f"(median of {rounds} x {seconds} s at {conns} connections)")
        for label, path, auth in routes:
            got = {"old": [], "new": []}
            for i in range(rounds):
                for name in ("old", "new"):
                    srv, cookie, tok, posts = servers[name]
                    h = [f"Cookie: {cookie}"] if auth == "cookie" else [
                        f"Authorization: Bearer {tok}"] if auth == "token" else []
                    # The first round is recorded with perf (AB_PERF=1):
                    # bench/results/perf-ab-<old|new>-<route>.txt
                    rec = run.perf_start(srv.proc.pid, f"ab {name} {label}") \
                        if perf and i == 0 else None
                    if auth == "post":
                        r = run.wrk(f"http://127.0.0.1:{srv.port}{path}", conns, seconds, h,
                                    script="post.lua", env={"BENCH_POST_FILE": posts})
                    else:
                        r = run.wrk(f"http://127.0.0.1:{srv.port}{path}", conns, seconds, h)
                    run.perf_stop(rec)
                    got[name].append(r["rps"])
            a, b = statistics.median(got["old"]), statistics.median(got["new"])
            print(f"{label:34} {a:10.0f} {b:10.0f} {b / a:8.2f}   old {got['old']} "
                  f"new {got['new']}", flush=True)
        for srv, _, _, _ in servers.values():
            srv.stop()
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
