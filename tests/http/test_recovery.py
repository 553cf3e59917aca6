"""test_recovery.py - a way back in without email, through the pages she
uses and the operator's command: recovery codes shown once at registration
(stored only as keyed hashes, each usable once, new ones in Settings behind
her password), "Forgot your password?" on /login, `pace user reset-link`
with its one-time link that expires after a day; both throttled per account
and per address and failing closed; using either ends her other logins,
says how many codes are left, and is recorded without secrets."""

import re
import time

import harness
from harness import (PASSWORD, Client, FileClock, Server, alert, login, new_email,
                     recovery_codes, register, register_with_codes, run_pace)

NEW = "quiet river lantern morning"
NEWER = "paper boats drift slowly home"
NO_MATCH = "That email address and recovery code do not match."


def recover(client, email, code, password=NEW):
    return client.submit("/recover", "/recover",
                         {"email": email, "code": code, "new_password": password})


def reset_link(srv, email, env=None, url="https://pace.example.org"):
    args = ["user", "reset-link", "--email", email, "--data", srv.data]
    if url:
        args += ["--url", url]
    return run_pace(*args, env=env)


def log_lines(srv, event, at_least=1):
    """The log lines of event, once at least that many have been read (a
    line can arrive a moment after the answer on a loaded machine)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [l for l in srv.stderr.splitlines() if f" event={event} " in l + " "]
        if len(lines) >= at_least:
            return lines
        time.sleep(0.05)
    return []


def test_codes_are_shown_once_at_registration_and_each_works_once():
    with Server() as srv:
        her = Client(srv)
        email, codes, r = register_with_codes(her)
        assert len(set(codes)) == 10
        assert r.header("Cache-Control") == "no-store"
        page = r.text
        assert "Pace does not use email" in page and "print them or save them" in page
        assert 'href="/">I have kept them</a>' in page
        assert 'download="pace-recovery-codes.txt"' in page and "data-print" in page
        # only keyed hashes are kept: no code is in the database file
        assert harness.db_query(srv.data, "SELECT count(*), count(used_at) FROM "
                                          "recovery_codes") == [("10", "0")]
        raw = harness.db_bytes(srv.data)
        for code in codes:
            assert code.encode() not in raw and code.replace("-", "").encode() not in raw
        # a second browser of hers, to be signed out by the recovery
        other = Client(srv)
        assert login(other, email).status == 303
        assert other.get("/settings").status == 200
        # /login offers the way back; she types a code loosely
        stranger = Client(srv)
        assert 'href="/recover">Forgot your password?</a>' in stranger.get("/login").text
        assert "Next, Pace shows you ten recovery codes to keep." in stranger.get("/register").text
        loose = codes[0].upper().replace("-", " ").replace("0", "O").replace("1", "l")
        r = recover(stranger, email, loose)
        assert r.status == 200, alert(r.text) or r
        assert "Your new password is set" in r.text
        assert "You have 9 recovery codes left." in r.text
        assert r.header("Cache-Control") == "no-store"
        # she is signed in here, and nowhere else any more
        assert stranger.get("/settings").status == 200
        assert other.get("/settings").status == 303
        assert login(Client(srv), email).status == 401
        assert login(Client(srv), email, NEW).status == 303
        # the same code again, a made-up one, an unknown email: the same answer
        for e, c in ((email, codes[0]), (email, "zzzzz-zzzzz"), (new_email(), codes[1]),
                     (email, "not a code")):
            r = recover(Client(srv), e, c, NEWER)
            assert r.status == 401, (e, c, r)
            assert NO_MATCH in alert(r.text)
        assert login(Client(srv), email, NEW).status == 303
        # the next code still works
        r = recover(Client(srv), email, codes[1], NEWER)
        assert r.status == 200 and "You have 8 recovery codes left." in r.text
        # no code or password reaches the log; the events do
        used = log_lines(srv, "recovery.code_used", at_least=2)
        assert len(used) == 2 and "codes_left=8" in used[-1]
        assert log_lines(srv, "recovery.code_refused")
        for secret in codes + [NEW, NEWER, email]:
            assert secret not in srv.stderr
        # and her trail says so, in her words
        trail = her_trail(srv, email, NEWER)
        assert "your recovery codes and password reset links" in trail


def her_trail(srv, email, password):
    c = Client(srv)
    assert login(c, email, password).status == 303
    return c.get("/sharing/audit").text


def test_a_weak_new_password_costs_no_code_and_the_form_keeps_her_email():
    with Server() as srv:
        email, codes, _ = register_with_codes(Client(srv))
        c = Client(srv)
        r = recover(c, email, codes[0], "password123456")
        assert r.status == 422
        assert "Please choose another" in r.text
        assert f'value="{email}"' in r.text
        assert codes[0] not in r.text  # the code is never written back
        r = recover(c, email, codes[0])
        assert r.status == 200 and "You have 9 recovery codes left." in r.text


def test_new_codes_in_settings_need_her_password_and_the_old_ones_stop():
    with Server() as srv:
        c = Client(srv)
        email, old, _ = register_with_codes(c)
        page = c.get("/settings").text
        assert "You have 10 unused recovery codes, made on" in page
        assert 'action="/settings/recovery-codes#rc-h"' in page
        r = c.submit("/settings", "/settings/recovery-codes",
                     {"codes_password": "not my password at all"})
        assert r.status == 422 and "your codes were not changed" in r.text
        assert 'id="f-codes_password"' in r.text and 'aria-invalid="true"' in r.text
        r = c.submit("/settings", "/settings/recovery-codes",
                     {"codes_password": PASSWORD})
        assert r.status == 200 and "Your old codes no longer work." in r.text
        assert 'href="/settings">I have kept them</a>' in r.text
        new = recovery_codes(r.text)
        assert len(new) == 10 and not set(new) & set(old)
        assert recover(Client(srv), email, old[0]).status == 401
        r = recover(Client(srv), email, new[0])
        assert r.status == 200 and "You have 9 recovery codes left." in r.text


def test_the_last_codes_ask_for_new_ones():
    with Server() as srv:
        email, codes, _ = register_with_codes(Client(srv))
        pw = [NEW, NEWER]
        for i in range(10):
            r = recover(Client(srv), email, codes[i], pw[i % 2])
            assert r.status == 200, (i, alert(r.text))
            # the throttle is per quarter hour; a success clears her account's count
        assert "You have no recovery codes left. Please make new ones in Settings now" in r.text
        c = Client(srv)
        login(c, email, pw[1])
        assert "You have 0 unused recovery codes" in c.get("/settings").text


def test_codes_are_throttled_per_account_and_per_address_and_fail_closed():
    with Server() as srv:
        email, codes, _ = register_with_codes(Client(srv))
        for i in range(5):
            assert recover(Client(srv), email, "zzzzz-zzzz" + str(i)).status == 401
        r = recover(Client(srv), email, codes[0])
        assert r.status == 429 and "Too many attempts" in alert(r.text)
        assert log_lines(srv, "recovery.locked")
        # the right code was not spent, the password not changed
        assert login(Client(srv), email).status == 303
        # the address: twenty tries in a quarter hour, whichever accounts
        for _ in range(3):
            e = register(Client(srv))
            for i in range(5):
                recover(Client(srv), e, "zzzzz-zzzz" + str(i))
        fresh, fresh_codes, _ = register_with_codes(Client(srv))
        r = recover(Client(srv), fresh, fresh_codes[0])
        assert r.status == 429, r
        # a throttle that cannot be written refuses everything, calmly
    with Server() as srv:
        email, codes, _ = register_with_codes(Client(srv))
        harness.db_refuse(srv.data, "throttle", "INSERT", "refused by test")
        r = recover(Client(srv), email, codes[0])
        assert r.status == 503 and "Nothing was checked or changed" in alert(r.text)
        harness.db_refuse(srv.data, "throttle", "INSERT", "refused by test", on=False)
        r = recover(Client(srv), email, codes[0])
        assert r.status == 200 and "You have 9 recovery codes left." in r.text


def test_the_operators_link_works_once_for_a_day():
    clock = FileClock()
    try:
        with Server(env=clock.env) as srv:
            her = Client(srv)
            email = register(her)
            p = reset_link(srv, email, env=clock.env)
            assert p.returncode == 0, p.stderr
            url = p.stdout.strip()
            m = re.fullmatch(r"https://pace\.example\.org/reset/([A-Za-z0-9_-]{43})", url)
            assert m, url
            token = m.group(1)
            assert "works once, until" in p.stderr and "UTC" in p.stderr
            assert token not in srv.stderr
            # without --url: the path alone, and a word on what to put in front
            p2 = reset_link(srv, email, env=clock.env, url=None)
            assert re.fullmatch(r"/reset/[A-Za-z0-9_-]{43}", p2.stdout.strip()), p2.stdout
            assert "server's address in front" in p2.stderr
            # the newer link replaced the first
            assert Client(srv).get(f"/reset/{token}").status == 404
            token = p2.stdout.strip().split("/")[-1]
            c = Client(srv)
            r = c.get(f"/reset/{token}")
            assert r.status == 200 and email in r.text and "works once, for a day" in r.text
            assert r.header("Cache-Control") == "no-store"
            r = c.post(f"/reset/{token}", {"csrf": harness.csrf(r.text),
                                           "new_password": "password123456"})
            assert r.status == 422 and "Please choose another" in r.text
            r = c.submit(f"/reset/{token}", f"/reset/{token}", {"new_password": NEW})
            assert r.status == 200 and "Your new password is set" in r.text
            assert "You have 10 recovery codes left." in r.text
            assert her.get("/settings").status == 303  # her other login ended
            assert c.get("/settings").status == 200
            assert login(Client(srv), email, NEW).status == 303
            # once only
            r = Client(srv).get(f"/reset/{token}")
            assert r.status == 404 and "This link does not work" in r.text
            x = Client(srv)
            r = x.submit("/recover", f"/reset/{token}", {"new_password": NEWER})
            assert r.status == 404
            # a day later a fresh link no longer works
            p = reset_link(srv, email, env=clock.env)
            token = p.stdout.strip().split("/")[-1]
            clock.advance(24 * 3600 - 60)
            assert Client(srv).get(f"/reset/{token}").status == 200
            clock.advance(61)
            assert Client(srv).get(f"/reset/{token}").status == 404
            # at most five a day for one account (the earlier ones are a day old)
            for _ in range(5):
                assert reset_link(srv, email, env=clock.env).returncode == 0
            p = reset_link(srv, email, env=clock.env)
            assert p.returncode != 0 and "no more until a day has passed" in p.stderr
            harness.assert_one_sentence(p.stderr)
            # nobody by that name
            p = reset_link(srv, "nobody-" + new_email(), env=clock.env)
            assert p.returncode != 0 and "no account" in p.stderr
            assert log_lines(srv, "reset_link.used")
            # her trail holds the operator's links and her use of one
            trail = her_trail(srv, email, NEW)
            assert trail.count("your recovery codes and password reset links") >= 3
    finally:
        clock.close()


def test_guessed_links_cost_the_address_its_tries():
    with Server() as srv:
        c = Client(srv)
        tok = c.csrf_for("/recover")
        for i in range(20):
            r = c.post(f"/reset/{'a' * 42}{i % 10}", {"csrf": tok, "new_password": NEW})
            assert r.status == 404, (i, r)
        r = c.post(f"/reset/{'b' * 43}", {"csrf": tok, "new_password": NEW})
        assert r.status == 429


def test_erasing_her_account_takes_her_codes_and_links():
    with Server() as srv:
        c = Client(srv)
        email = register(c)
        assert reset_link(srv, email).returncode == 0
        r = c.submit("/settings/data", "/settings/data/erase", {"password": PASSWORD,
                                                               "confirm": "1"})
        count = lambda t: harness.db_query(srv.data, f"SELECT count(*) FROM {t}")[0][0]
        if count("users") == "0":
            assert count("recovery_codes") == "0"
            assert count("reset_links") == "0"
        else:
            raise AssertionError(f"not erased: {r}")
