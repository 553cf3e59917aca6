"""The command line next to a running server: user add, help, usage errors,
configuration errors and online backup."""

import os
import sqlite3
import tempfile

import harness
from harness import Client, Server, assert_one_sentence, login, new_email, register, run_pace


def test_user_add_with_password_on_stdin_can_sign_in():
    with Server() as srv:
        email = new_email()
        p = run_pace("user", "add", "--email", email, "--password-stdin", "--data", srv.data,
                     input="a long enough password\n")
        assert p.returncode == 0, p.stderr
        assert p.stdout == ""
        assert "a long enough password" not in p.stderr
        c = Client(srv)
        assert login(c, email, "a long enough password").status == 303
        assert email in c.get("/settings").text
        # The same address again is refused.
        p = run_pace("user", "add", "--email", email, "--password-stdin", "--data", srv.data,
                     input="another long password\n")
        assert p.returncode != 0
        assert_one_sentence(p.stderr)


def test_user_add_with_a_role():
    with Server() as srv:
        email = new_email()
        p = run_pace("user", "add", "--email", email, "--role", "clinician", "--password-stdin",
                     "--data", srv.data, input="a long enough password\n")
        assert p.returncode == 0, p.stderr
        p = run_pace("token", "create", "--email", email, "--data", srv.data)
        me = Client(srv).get("/api/v1/me",
                             headers={"Authorization": "Bearer " + p.stdout.strip()}).json()
        assert me["role"] == "clinician"


def test_bad_arguments_exit_2_with_one_sentence():
    with tempfile.TemporaryDirectory() as data:
        cases = [
            (["frobnicate"], None),
            (["user"], None),
            (["user", "remove"], None),
            (["user", "add", "--password-stdin", "--data", data], "a long enough password\n"),
            (["user", "add", "--email"], None),
            (["user", "add", "--email", "a@example.org", "--data", data], None),
            (["user", "add", "--email", "a@example.org", "--bogus"], None),
            (["user", "add", "--email", "a@example.org", "--role", "king", "--password-stdin",
              "--data", data], "a long enough password\n"),
            (["user", "add", "--email", "a@example.org", "--password-stdin", "--data", data],
             "too short\n"),
            (["user", "add", "--email", "not an email", "--password-stdin", "--data", data],
             "a long enough password\n"),
            (["token", "create"], None),
            (["token", "create", "--email", "a@example.org", "--label", ""], None),
            (["backup"], None),
            (["backup", "a", "b"], None),
            (["serve", "--listen"], None),
            (["serve", "--nope"], None),
            (["serve", "--threads", "0"], None),
            (["serve", "--tls-cert", "x.pem"], None),
            (["help", "nothing"], None),
        ]
        for args, stdin in cases:
            p = run_pace(*args, input=stdin)
            assert p.returncode == 2, f"pace {' '.join(args)}: exit {p.returncode} {p.stderr!r}"
            assert_one_sentence(p.stderr)
            assert p.stdout == "", f"pace {' '.join(args)} printed {p.stdout!r}"


def test_help_lists_commands():
    for args in (["help"], ["--help"], []):
        p = run_pace(*args)
        assert p.returncode == 0
        for cmd in ["serve", "user", "token", "backup", "version", "help"]:
            assert f"  {cmd} " in p.stdout, f"{cmd} missing from 'pace {' '.join(args)}'"
        # where the data lives, on either engine
        for words in ("--data DIR", "PACE_DATABASE_URL", "PACE_KEY_FILE"):
            assert words in p.stdout, f"{words} missing from 'pace {' '.join(args)}'"
    for cmd in ["serve", "user", "token", "backup"]:
        p = run_pace(cmd, "--help")
        assert p.returncode == 0 and "usage: pace " + cmd in p.stdout
    p = run_pace("version")
    assert p.returncode == 0 and p.stdout.startswith("pace ")


def test_bad_idle_timeout_is_refused():
    with tempfile.TemporaryDirectory() as data:
        for args, env in [(["--idle-timeout", "0"], None), (["--idle-timeout", "-5"], None),
                          (["--idle-timeout", "1441"], None), (["--idle-timeout", "ten"], None),
                          ([], {"PACE_IDLE_TIMEOUT": "0"}),
                          ([], {"PACE_IDLE_TIMEOUT": "30m"})]:
            p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", data, *args, env=env,
                         timeout=10)
            assert p.returncode == 2, f"{args} {env}: exit {p.returncode} {p.stderr!r}"
            assert_one_sentence(p.stderr)
            assert "idle timeout" in p.stderr
        assert os.listdir(data) == [], "a refused configuration still touched the data"


def test_bad_thread_and_reader_counts_are_refused():
    with tempfile.TemporaryDirectory() as data:
        for env, words in [({"PACE_THREADS": "0"}, "PACE_THREADS"),
                           ({"PACE_THREADS": "many"}, "PACE_THREADS"),
                           ({"PACE_DB_READERS": "-1"}, "PACE_DB_READERS"),
                           ({"PACE_DB_READERS": "65"}, "PACE_DB_READERS"),
                           ({"PACE_DB_READERS": "four"}, "PACE_DB_READERS")]:
            p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", data, env=env, timeout=10)
            assert p.returncode != 0, f"{env}: exit 0"
            assert_one_sentence(p.stderr)
            assert words in p.stderr, p.stderr
    # good values serve
    with Server(env={"PACE_THREADS": "3", "PACE_DB_READERS": "0"}) as srv:
        assert Client(srv).get("/healthz").status == 200


def test_good_idle_timeout_is_accepted():
    with Server(["--idle-timeout", "5"]) as srv:
        c = Client(srv)
        register(c)
        assert c.get("/settings").status == 200
    with Server(env={"PACE_IDLE_TIMEOUT": "1440"}) as srv:
        assert Client(srv).get("/healthz").status == 200


def test_bad_listen_address_is_refused():
    with tempfile.TemporaryDirectory() as data:
        for listen in ["nonsense", "127.0.0.1:99999", "999.1.1.1:80", "[::1:80"]:
            p = run_pace("serve", "--listen", listen, "--data", data, timeout=10)
            assert p.returncode != 0, listen
            assert_one_sentence(p.stderr)


def test_backup_while_serving_is_a_valid_database():
    with Server() as srv, tempfile.TemporaryDirectory() as out:
        c = Client(srv)
        email = register(c)
        assert c.submit("/settings", "/settings/about", {"about": "in the backup"}).status == 303
        dest = os.path.join(out, "backup.db")
        p = run_pace("backup", dest, "--data", srv.data)
        if harness.PG_URL:  # PostgreSQL is backed up with its own tools
            assert p.returncode != 0 and "pg_dump" in p.stderr, p
            assert_one_sentence(p.stderr)
            raise harness.Skip("SQLite's online backup")
        assert p.returncode == 0, p.stderr
        assert "pace.key" in p.stderr  # reminds her the key is needed too
        with open(dest, "rb") as f:
            assert f.read(16) == b"SQLite format 3\x00"
        db = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            assert "users" in tables, tables
            assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 1
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()
        assert b"in the backup" not in open(dest, "rb").read()
        # Never overwrites.
        p = run_pace("backup", dest, "--data", srv.data)
        assert p.returncode == 2
        assert_one_sentence(p.stderr)
        # The server is still fine.
        assert login(Client(srv), email).status == 303
