"""pace dev seed: synthetic histories for benchmarks and soak tests. The same
arguments make the same data; seeded people can sign in and see their
sessions; wrong arguments get one clear sentence."""

import os
import shutil
import tempfile

import harness
from harness import Client, Server, assert_one_sentence, login, run_pace

UNTIL = "2026-01-31T00:00:00Z"
COLS = ("id, user_id, started_at, duration_s, dilator_id, diameter_mm, temperature, lubricant, "
        "outcome, spasms, before_fear, after_pain, safety, note_enc IS NULL")


def seeded_rows(data):
    return harness.db_query(data, f"SELECT {COLS} FROM practice_sessions ORDER BY id")


def test_the_same_arguments_make_the_same_histories():
    dirs = [tempfile.mkdtemp(prefix="pace-seed-") for _ in range(2)]
    try:
        for d in dirs:
            p = run_pace("dev", "seed", "--users", "4", "--sessions-per-user", "30", "--seed",
                         "7", "--until", UNTIL, "--data", d)
            assert p.returncode == 0, p.stderr
        a, b = seeded_rows(dirs[0]), seeded_rows(dirs[1])
        assert len(a) == 120 and a == b
        outcomes = {r[8] for r in a}
        assert outcomes <= {"completed", "stopped", "not_today"} and "completed" in outcomes
        assert all(int(r[2]) < 1769817600 for r in a), "a session after --until"
        p = run_pace("dev", "seed", "--users", "4", "--sessions-per-user", "30", "--seed", "8",
                     "--until", UNTIL, "--prefix", "other", "--data", dirs[1])
        assert p.returncode == 0, p.stderr
        assert {r[0] for r in seeded_rows(dirs[1])} > {r[0] for r in a}
    finally:
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)


def test_a_seeded_person_signs_in_and_sees_her_history():
    with Server() as srv:
        p = run_pace("dev", "seed", "--users", "2", "--sessions-per-user", "12", "--data",
                     srv.data)
        assert p.returncode == 0, p.stderr
        c = Client(srv)
        r = login(c, "seed-1@example.org", "pace seed password")
        assert r.status == 303, r
        r = c.get("/sessions")
        assert r.status == 200 and "week card" in r.text
        p = run_pace("session", "list", "--email", "seed-1@example.org", "--limit", "50",
                     "--data", srv.data)
        assert p.returncode == 0 and len(p.stdout.splitlines()) == 12 + 2, p.stdout


def test_wrong_arguments_are_one_sentence():
    d = tempfile.mkdtemp(prefix="pace-seed-")
    try:
        for args in (["dev"], ["dev", "grow"], ["dev", "seed", "--sessions-per-user", "3"],
                     ["dev", "seed", "--users", "0", "--sessions-per-user", "3"],
                     ["dev", "seed", "--users", "2", "--sessions-per-user", "3", "--days", "x"],
                     ["dev", "seed", "--users", "2", "--sessions-per-user", "3", "--prefix",
                      "Bad Name"]):
            p = run_pace(*args, "--data", d)
            assert p.returncode == 2, (args, p.returncode, p.stderr)
            assert_one_sentence(p.stderr)
        p = run_pace("dev", "seed", "--users", "1", "--sessions-per-user", "1", "--data", d)
        assert p.returncode == 0, p.stderr
        p = run_pace("dev", "seed", "--users", "1", "--sessions-per-user", "1", "--data", d)
        assert p.returncode == 1, "seeding the same people twice must fail"
        assert_one_sentence(p.stderr)
    finally:
        shutil.rmtree(d, ignore_errors=True)
