"""Pace on PostgreSQL: start-up errors in one sentence, two instances on one
database, 503 while the database is away and recovery when it is back, and
pace db copy from SQLite into PostgreSQL and back giving identical exports
(with rows in every table: recovery codes and a reset link, a report link,
the clinician's workspace, the community).
Each test starts its own throwaway PostgreSQL (tests/pg.py), so they run in
the SQLite pass too."""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

import harness
from harness import (Client, Server, assert_one_sentence, browser_submit, fill_form, login,
                     page_form, register, run_pace)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pg  # noqa: E402

from test_clinic import clinician_accepts, today  # noqa: E402
from test_community import decide, post_id, write  # noqa: E402
from test_export import fill  # noqa: E402
from test_report_link import make_link  # noqa: E402


def pg_env(server, data):
    """A pace process on server's database with data's key file."""
    return {"PACE_DATABASE_URL": server.url, "PACE_KEY_FILE": os.path.join(data, "pace.key")}


def member_on(srv, env):
    """A new account on srv, signed in, and an API client with her token."""
    c = Client(srv)
    email = register(c)
    p = run_pace("token", "create", "--email", email, "--data", srv.data, env=env)
    assert p.returncode == 0, p.stderr
    return c, Client(srv, headers={"Authorization": f"Bearer {p.stdout.strip()}"}), email


def fill_the_rest(srv, c, email, env):
    """Rows of hers in the tables the way back in, report links, the
    clinician's workspace and the community keep, through their pages."""
    def cli(*args):
        p = run_pace(*args, "--data", srv.data, env=env)
        assert p.returncode == 0, (args, p.stderr)
        return p
    cli("user", "reset-link", "--email", email)
    make_link(c, {"name": "R. K.", "link_passcode": "1"})
    r = browser_submit(c, "/intake", "/intake", {
        "onset": "after", "onset_note": "after a hard exam", "hard": ["tampon", "exam"],
        "possible": "a finger, slowly", "checked": "no", "goals": "a calm exam"})
    assert r.status == 303, r
    r = browser_submit(c, "/sharing", "/sharing/invite", {
        "relation": "clinician", "label": "Dr Lee", "subject_name": "Robin",
        "scope": ["summary", "sessions", "plan", "intake", "propose"]})
    assert r.status == 200, r
    token = re.search(r"/invite/([A-Za-z0-9_-]+)</code>", r.text).group(1)
    clin, clin_email, gid = clinician_accepts(srv, token)
    cli("user", "verify", "--email", clin_email)
    page = clin.get(f"/clinic/{gid}").text
    r = clin.post(f"/clinic/{gid}/exam", fill_form(page_form(page, f"/clinic/{gid}/exam"), {
        "grade": "2", "date": today(), "findings": "tone high", "patient_note": "Well done."}))
    assert r.status == 303, r
    r = clin.post(f"/clinic/{gid}/change", fill_form(page_form(page, f"/clinic/{gid}/change"), {
        "p_minutes": "25", "reason": "A little longer helps."}))
    assert r.status == 303, r
    r = clin.post(f"/clinic/{gid}/feedback", fill_form(page_form(page, f"/clinic/{gid}/feedback"),
                                                       {"text": "Three slow breaths first."}))
    assert r.status == 303, r
    # The community: her post, held and approved, a comment on it, support,
    # a report; a brand name and a setting of the operator's.
    cli("community", "set", "held-first", "1")
    cli("community", "brand", "add", "Calmora")
    r = browser_submit(c, "/community", "/community/join", {"handle": "Quiet-Fern"})
    assert r.status == 303, r
    mod = Client(srv)
    mod_email = register(mod)
    r = browser_submit(mod, "/community", "/community/join", {"handle": "mod-one"})
    assert r.status == 303, r
    cli("community", "moderator", "add", "--email", mod_email)
    pid = post_id(write(c, "small-wins", "Ten minutes", "Ten calm minutes today."))
    assert decide(mod, pid, "approve").status == 303
    cli("community", "set", "held-first", "0")
    r = browser_submit(mod, f"/community/p/{pid}", f"/community/p/{pid}/comments",
                       {"body": "Well done, truly."})
    assert r.status == 303, r
    cid = re.search(r"#c(\d+)", r.header("Location")).group(1)
    assert browser_submit(c, f"/community/p/{pid}", f"/community/p/{cid}/support").status == 303
    r = browser_submit(c, f"/community/p/{pid}", f"/community/p/{cid}/report",
                       {"reason": "Just checking."})
    assert r.status == 303, r
    r = write(c, "practice", "A tip", "Calmora is the one that helped me, buy it.")
    assert r.status == 303, r


def same_export(doc, before):
    """Her export equals the one before, but for the operator's exports
    since, which her trail records."""
    doc, before = dict(doc), dict(before)
    trail, then = doc.pop("audit"), before.pop("audit")
    assert doc == before
    assert trail[:len(then)] == then
    assert all(e["resource"] == "export" and e["action"] == "read" for e in trail[len(then):])
    return True


def without_tokens(html):
    """A page without its one-time values (form tokens), to compare two."""
    return re.sub(r'value="[A-Za-z0-9_-]{16,}"', "", html)


def psql(server, sql):
    p = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", server.url, "-c", sql],
                       check=True, capture_output=True, text=True)
    return p.stdout.strip()


def test_wrong_database_settings_are_one_sentence_and_write_nothing():
    with pg.PgServer() as server, tempfile.TemporaryDirectory() as data:
        base = f"127.0.0.1:{server.port}"
        cases = [
            ("postgres://pace@[nowhere", "not valid"),
            (f"postgres://pace:not-the-password@{base}/postgres", "password"),
            (f"postgres://pace:{server.password}@127.0.0.1:{pg.free_port()}/postgres",
             "cannot reach"),
            (f"postgres://pace:{server.password}@{base}/no_such_database", "no database"),
        ]
        for url, words in cases:
            p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", data,
                         "--database-url", url, env={"PACE_DATABASE_URL": ""}, timeout=30)
            assert p.returncode != 0, url
            assert_one_sentence(p.stderr)
            assert words in p.stderr, (url, p.stderr)
            assert server.password not in p.stderr
            assert not os.path.exists(os.path.join(data, "pace.key")), url
        assert psql(server, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0"
        # A database a newer Pace has migrated further is left alone.
        with Server(env=pg_env(server, data), data_dir=data):
            pass
        psql(server, "UPDATE schema_version SET version = 9999")
        p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", data,
                     env=pg_env(server, data), timeout=30)
        assert p.returncode != 0
        assert_one_sentence(p.stderr)
        assert "newer version of Pace" in p.stderr, p.stderr
        assert psql(server, "SELECT version FROM schema_version") == "9999"


def test_two_instances_share_everything_a_person_does():
    with pg.PgServer() as server, tempfile.TemporaryDirectory() as data:
        env = pg_env(server, data)
        with Server(env=env, data_dir=data) as a, Server(env=env, data_dir=data) as b:
            ca = Client(a)
            email = register(ca)
            # Signed in through one, she carries on through the other.
            cb = Client(b)
            cb.cookies = dict(ca.cookies)
            r = cb.get("/settings")
            assert r.status == 200, r
            assert cb.submit("/settings", "/settings/about", {"about": "from b"}).status == 303
            r = ca.get("/settings")
            assert "from b" in r.text
            # A guided session checked in on one goes on at the next step on
            # the other.
            form = page_form(ca.get("/practice").text, "/practice")
            r = ca.post("/practice", fill_form(form, {"fear": 2, "tension": 2, "pain": 0},
                                               ("event", "checkin")))
            assert r.status == 303, r
            assert psql(server, "SELECT count(*) FROM practice_drafts") == "1"
            assert cb.get("/practice").text.count('data-step="prepare"') == 1
            # The throttle counts across instances: ten wrong guesses in all,
            # five through each, and even the right password waits.
            for i in range(10):
                r = login(Client(a if i % 2 == 0 else b), email, "not the password")
                assert r.status in (401, 429), r
            assert login(Client(a), email).status == 429
            assert login(Client(b), email).status == 429


def test_a_lost_database_answers_503_and_recovers_by_itself():
    with pg.PgServer() as server, tempfile.TemporaryDirectory() as data:
        with Server(env=pg_env(server, data), data_dir=data, args=["--threads", "4"]) as srv:
            _, api, _ = member_on(srv, pg_env(server, data))
            acked, answers, stop = [], [], threading.Event()

            def writer():
                i = 0
                while not stop.is_set():
                    i += 1
                    body = {"started_at": "2026-12-01T10:%02d:%02dZ" % (i // 60 % 60, i % 60),
                            "duration_s": 60, "outcome": "not_today", "note": f"n{i}"}
                    try:
                        r = Client(srv, headers=api.headers).post_json("/api/v1/sessions", body)
                    except Exception as e:  # noqa: BLE001
                        answers.append(("error", str(e)))
                        continue
                    answers.append((r.status, r.text))
                    if r.status == 201:
                        acked.append(r.json()["id"])
                    time.sleep(0.02)

            t = threading.Thread(target=writer)
            t.start()
            time.sleep(1.5)
            server.stop_server("immediate")  # the database goes away mid-load
            time.sleep(2)
            during = len(answers)
            server.start_server()
            time.sleep(3)
            stop.set()
            t.join(30)
            statuses = {a[0] for a in answers}
            assert statuses <= {201, 503}, statuses
            unavailable = [text for status, text in answers if status == 503]
            assert unavailable, "no request met the lost database"
            odd = [text for text in unavailable if "cannot be reached just now" not in text]
            assert not odd, odd[:3]
            assert all("SQL" not in text and "PostgreSQL" not in text for text in unavailable)
            # It came back by itself: the last answers are saved sessions.
            assert answers[-1][0] == 201, answers[-5:]
            assert len(answers) > during
            # Every acknowledged session is there.
            listed = set()
            cursor = ""
            while True:
                r = api.get("/api/v1/sessions?limit=100" + cursor)
                assert r.status == 200, r
                j = r.json()
                listed |= {s["id"] for s in j["items"]}
                if not j["next_cursor"]:
                    break
                cursor = "&cursor=" + j["next_cursor"]
            assert set(acked) <= listed
        assert "Sanitizer" not in srv.stderr


def test_a_session_the_database_cannot_take_now_gets_the_calm_503():
    # The database can go away between the token's check and the insert:
    # the API's answer is the same calm sentence with Retry-After (it was
    # "Something went wrong" before). A trigger stands in for the loss.
    with pg.PgServer() as server, tempfile.TemporaryDirectory() as data:
        with Server(env=pg_env(server, data), data_dir=data) as srv:
            _, api, _ = member_on(srv, pg_env(server, data))
            psql(server, "CREATE FUNCTION gone() RETURNS trigger LANGUAGE plpgsql AS "
                         "$$BEGIN RAISE EXCEPTION 'gone' USING ERRCODE = 'connection_failure'; "
                         "END$$; CREATE TRIGGER gone BEFORE INSERT ON practice_sessions "
                         "FOR EACH ROW EXECUTE FUNCTION gone()")
            body = {"started_at": "2026-12-01T10:00:00Z", "duration_s": 60,
                    "outcome": "not_today"}
            r = api.post_json("/api/v1/sessions", body)
            assert r.status == 503, r
            assert "cannot be reached just now" in r.json()["error"], r.text
            assert r.header("Retry-After") == "5"
            psql(server, "DROP TRIGGER gone ON practice_sessions")
            assert api.post_json("/api/v1/sessions", body).status == 201


def test_a_page_whose_data_the_database_cannot_give_now_is_the_calm_503():
    # The database goes away after her sign-in was checked, while the page
    # reads its own data (a view that fails stands in for the loss): the page
    # is the calm 503 every page gives, never "Something went wrong" with 500.
    with pg.PgServer() as server, tempfile.TemporaryDirectory() as data:
        with Server(env=pg_env(server, data), data_dir=data) as srv:
            c, api, _ = member_on(srv, pg_env(server, data))
            assert c.submit("/exam-prep", "/exam-prep", {"stop_word": "pause"}).status == 303
            psql(server, "CREATE FUNCTION gone() RETURNS boolean STABLE LANGUAGE plpgsql AS "
                         "$$BEGIN RAISE EXCEPTION 'gone' USING ERRCODE = 'connection_failure'; "
                         "END$$; ALTER TABLE exam_plans RENAME TO exam_plans_kept; "
                         "CREATE VIEW exam_plans AS SELECT * FROM exam_plans_kept WHERE gone()")
            for path, client in (("/exam-prep", c), ("/api/v1/exam-prep", api)):
                r = client.get(path)
                assert r.status == 503, (path, r)
                assert "cannot be reached just now" in r.text, (path, r.text[:400])
                assert "Something went wrong" not in r.text
            psql(server, "DROP VIEW exam_plans; ALTER TABLE exam_plans_kept RENAME TO exam_plans")
            assert c.get("/exam-prep").status == 200


def test_copy_into_postgresql_and_back_gives_identical_exports():
    sqlite_only = {"PACE_DATABASE_URL": ""}
    with pg.PgServer() as server, tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        with Server(env=sqlite_only, data_dir=a) as srv:
            c, api, email = member_on(srv, sqlite_only)
            fill(c, api)
            assert c.submit("/settings", "/settings/about", {"about": "sealed words"}).status == 303
            fill_the_rest(srv, c, email, sqlite_only)
        p = run_pace("dev", "seed", "--users", "3", "--sessions-per-user", "40", "--data", a,
                     env=sqlite_only)
        assert p.returncode == 0, p.stderr

        def export_of(env, data=None):
            args = ["export", "--email", email] + (["--data", data] if data else [])
            p = run_pace(*args, env=env)
            assert p.returncode == 0, p.stderr
            doc = json.loads(p.stdout)
            doc.pop("exported_at")  # the clock runs on between the exports
            return doc

        before = export_of(sqlite_only, a)
        key = os.path.join(a, "pace.key")
        p = run_pace("db", "copy", "--from", f"sqlite:{a}", "--to", server.url, env=sqlite_only)
        assert p.returncode == 0, p.stderr
        assert "users" in p.stdout and "practice_sessions" in p.stdout
        on_pg = {"PACE_DATABASE_URL": server.url, "PACE_KEY_FILE": os.path.join(a, "pace.key")}
        sums_a = run_pace("db", "sums", "--data", a, env=sqlite_only).stdout
        assert "practice_sessions           125" in sums_a, sums_a
        counts = {line.split()[0]: int(line.split()[1]) for line in sums_a.splitlines()
                  if len(line.split()) == 3}
        for t in ("recovery_codes", "reset_links", "report_links", "intake", "exam_notes",
                  "plan_changes", "clinic_feedback", "community_members", "community_posts",
                  "community_flags", "community_reports", "community_support", "community_log",
                  "community_settings", "community_brands", "grants", "audit_events"):
            assert counts[t] > 0, (t, sums_a)
        assert run_pace("db", "sums", env=on_pg).stdout == sums_a
        # Into a database that holds something: refused, nothing changed.
        p = run_pace("db", "copy", "--from", f"sqlite:{a}", "--to", server.url, env=sqlite_only)
        assert p.returncode == 1
        assert_one_sentence(p.stderr)
        assert "not empty" in p.stderr
        assert same_export(export_of(on_pg), before)
        # She signs in on PostgreSQL with her password; her words open.
        with Server(env=on_pg) as srv:
            c2 = Client(srv)
            assert login(c2, email).status == 303
            assert "sealed words" in c2.get("/settings").text
        # And back into a new SQLite folder.
        sums_pg = run_pace("db", "sums", env=on_pg).stdout
        p = run_pace("db", "copy", "--from", server.url, "--to", f"sqlite:{b}", "--key-file", key,
                     env=sqlite_only)
        assert p.returncode == 0, p.stderr
        assert run_pace("db", "sums", "--data", b, env=sqlite_only).stdout == sums_pg
        assert same_export(export_of(sqlite_only, b), before)
        with open(os.path.join(b, "pace.key"), "rb") as f1, open(key, "rb") as f2:
            assert f1.read() == f2.read()
        # Wrong words get one sentence.
        for args in (["--from", a, "--to", server.url], ["--from", f"sqlite:{a}"],
                     ["--from", f"sqlite:{a}", "--to", f"sqlite:{b}"]):
            p = run_pace("db", "copy", *args, env=sqlite_only)
            assert p.returncode == 2, (args, p)
            assert_one_sentence(p.stderr)
