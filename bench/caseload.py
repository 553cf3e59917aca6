#!/usr/bin/env python3
"""caseload.py - the clinician's caseload at scale, a row of `make bench`:
200 patients, each with a year of daily sessions, share with one clinician;
GET /clinic (the caseload, every row read through the access table and
written to each patient's audit trail in one transaction) is timed on the
release build. Target: under 100 ms. Not a timed test: a measurement.

    bench/caseload.py --build build-bench     # alone
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PATIENTS = int(os.environ.get("BENCH_CASELOAD_PATIENTS", "200"))
DAYS = int(os.environ.get("BENCH_CASELOAD_DAYS", "365"))
RUNS = 20
TARGET_MS = 100.0


def measure(binary, data, Pace, request, sign_in, password, log=print):
    """Seeds into data (which it empties first), serves it and times GET /clinic."""
    name = f"GET /clinic ({PATIENTS} patients, {DAYS} days of sessions each)"
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    log(f"caseload: seeding {PATIENTS} patients x {DAYS} sessions")
    subprocess.run([binary, "dev", "seed", "--users", str(PATIENTS), "--sessions-per-user",
                    str(DAYS), "--days", str(DAYS), "--prefix", "caseload", "--data", data],
                   check=True, capture_output=True)
    clin = "caseload-clinician@example.org"
    subprocess.run([binary, "user", "add", "--email", clin, "--role", "clinician",
                    "--password-stdin", "--data", data], input=password + "\n", text=True,
                   check=True, capture_output=True)

    def token(email):
        return subprocess.run([binary, "token", "create", "--email", email, "--data", data],
                              capture_output=True, text=True, check=True).stdout.strip()

    srv = Pace(binary, data)
    try:
        ctok = token(clin)
        log(f"caseload: {PATIENTS} invitations accepted")
        for i in range(PATIENTS):
            t = token(f"caseload-{i}@example.org")
            st, _, body = request(srv.port, "POST", "/api/v1/grants", json.dumps({
                "relation": "clinician", "scopes": ["summary", "sessions", "progress"],
                "subject_name": f"Patient {i}"}),
                {"Authorization": "Bearer " + t, "Content-Type": "application/json"})
            if st != 201:
                return {"name": name, "status": "failed", "note": f"invite answered {st}"}
            inv = json.loads(body)["invitation_token"]
            st, _, _ = request(srv.port, "POST", f"/api/v1/invitations/{inv}", "{}",
                               {"Authorization": "Bearer " + ctok,
                                "Content-Type": "application/json"})
            if st not in (200, 201):
                return {"name": name, "status": "failed", "note": f"accept answered {st}"}
        cookie = sign_in(srv.port, clin)
        st, _, body = request(srv.port, "GET", "/clinic", headers={"Cookie": cookie})
        rows = body.count(b'class="card patient"')
        if st != 200 or rows != PATIENTS:
            return {"name": name, "status": "failed", "note": f"{st}, {rows} rows"}
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            st, _, _ = request(srv.port, "GET", "/clinic", headers={"Cookie": cookie})
            times.append((time.perf_counter() - t0) * 1000)
        return {"name": name, "status": "ok", "mean_ms": statistics.mean(times),
                "max_ms": max(times), "median_ms": statistics.median(times), "runs": RUNS,
                "target_ms": TARGET_MS}
    finally:
        srv.stop()
        shutil.rmtree(data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-bench")
    args = ap.parse_args()
    sys.path.insert(0, HERE)
    import run
    binary = os.path.abspath(os.path.join(args.build, "pace"))
    data = os.path.abspath(os.path.join(args.build, "bench-caseload"))
    r = measure(binary, data, run.Pace, run.request, run.sign_in, run.PASSWORD, run.log)
    print(json.dumps(r, indent=2))
    return 0 if r["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
