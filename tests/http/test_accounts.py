"""Creating an account, signing in and out, CSRF and sign-in throttling."""

import re

from harness import PASSWORD, Client, Server, alert, login, new_email, register

NO_MATCH = "That email and password do not match an account."
GENERIC_TAKEN = "We could not create an account with this email address."


def set_cookie(r, name):
    """The Set-Cookie header that sets cookie name, or None."""
    return next((v for v in r.header_all("Set-Cookie") if v.startswith(name + "=")), None)


def test_register_signs_in_with_a_safe_cookie():
    with Server() as srv:
        c = Client(srv)
        r = c.get("/")
        assert "Create your account" in r.text and "Welcome back" not in r.text
        token = c.csrf_for("/register")
        email = new_email()
        r = c.post("/register", {"csrf": token, "email": email, "password": PASSWORD})
        # She is shown her recovery codes once, and continues home from there.
        assert r.status == 200 and "Keep your recovery codes" in r.text
        assert 'href="/">I have kept them</a>' in r.text
        sc = set_cookie(r, "pace")
        assert sc, f"no pace cookie in {r.header_all('Set-Cookie')}"
        attrs = [a.strip().lower() for a in sc.split(";")[1:]]
        assert "httponly" in attrs and "samesite=strict" in attrs and "path=/" in attrs
        assert "secure" not in attrs  # plain HTTP without a trusted proxy
        assert len(c.cookies["pace"]) >= 43  # 256 random bits
        # A new account is greeted as new and walked into its first run.
        r = c.get("/")
        assert r.status == 303 and r.header("Location") == "/welcome"
        r = c.get("/today")
        assert r.status == 200 and "Welcome to Pace" in r.text and "Welcome back" not in r.text
        r = c.get("/settings")
        assert r.status == 200 and email in r.text


def test_register_rejects_short_password_and_creates_nothing():
    with Server() as srv:
        c = Client(srv)
        email = new_email()
        r = c.submit("/register", "/register", {"email": email, "password": "short pw"})
        assert r.status == 422
        assert "at least 12 characters" in r.text
        assert "pace" not in c.cookies
        assert email in r.text  # the form keeps what she typed
        # Nothing was created: the address is still free.
        register(c, email)


def test_register_rejects_long_password():
    with Server() as srv:
        c = Client(srv)
        r = c.submit("/register", "/register", {"email": new_email(), "password": "x" * 129})
        assert r.status == 422 and "at most 128 characters" in r.text
        assert "pace" not in c.cookies


def test_register_rejects_bad_email():
    with Server() as srv:
        c = Client(srv)
        for bad in ["not-an-email", "a@b", "@example.org", "a@@example.org", ""]:
            r = c.submit("/register", "/register", {"email": bad, "password": PASSWORD})
            assert r.status == 422, f"{bad!r}: {r}"
            assert "email address" in r.text
            assert "pace" not in c.cookies


def test_register_duplicate_email_gives_generic_message():
    with Server() as srv:
        email = new_email()
        register(Client(srv), email)
        for again in [email, email.upper(), "  " + email]:
            c = Client(srv)
            r = c.submit("/register", "/register", {"email": again, "password": PASSWORD})
            assert r.status == 422, f"{again!r}: {r}"
            assert GENERIC_TAKEN in r.text
            assert "pace" not in c.cookies
        # The original password still works: the account was not touched.
        assert login(Client(srv), email).status == 303


def test_login_with_right_password():
    with Server() as srv:
        email = new_email()
        register(Client(srv), email)
        c = Client(srv)
        r = login(c, email.upper())  # addresses are case-insensitive
        assert r.status == 303 and r.header("Location") == "/"
        sc = set_cookie(r, "pace")
        assert sc and "HttpOnly" in sc and "SameSite=Strict" in sc
        assert "pace" in c.cookies
        assert c.get("/settings").status == 200


def test_wrong_password_and_unknown_email_look_the_same():
    with Server() as srv:
        email = new_email()
        register(Client(srv), email)
        c1, c2 = Client(srv), Client(srv)
        wrong = login(c1, email, "not the right password")
        unknown = login(c2, new_email(), "not the right password")
        assert wrong.status == unknown.status == 401
        assert alert(wrong.text) == alert(unknown.text)
        assert NO_MATCH in alert(wrong.text)
        assert "pace" not in c1.cookies and "pace" not in c2.cookies


def test_logout_invalidates_the_session_on_the_server():
    with Server() as srv:
        c = Client(srv)
        register(c)
        old = c.cookies["pace"]
        r = c.post("/logout", {"csrf": c.csrf_for("/settings")})
        assert r.status == 303 and r.header("Location") == "/login"
        assert "pace" not in c.cookies  # told to forget it
        thief = Client(srv)
        thief.cookies["pace"] = old
        r = thief.get("/settings")
        assert r.status == 303 and r.header("Location").startswith("/login")
        assert "Welcome back" not in thief.get("/").text


def test_post_without_or_with_wrong_csrf_is_403_and_changes_nothing():
    with Server() as srv:
        c = Client(srv)
        register(c)
        good = c.csrf_for("/settings")
        other = Client(srv)
        register(other)
        theirs = other.csrf_for("/settings")
        for fields in [{"about": "written by a forged form"},
                       {"about": "written by a forged form", "csrf": ""},
                       {"about": "written by a forged form", "csrf": "0" * len(good)},
                       {"about": "written by a forged form", "csrf": good[:-1]},
                       {"about": "written by a forged form", "csrf": theirs}]:
            r = c.post("/settings/about", fields)
            assert r.status == 403, f"{fields}: {r}"
        assert "written by a forged form" not in c.get("/settings").text
        # Sign-out needs it too.
        assert c.post("/logout", {}).status == 403
        assert c.get("/settings").status == 200
        # And the right token works.
        r = c.post("/settings/about", {"csrf": good, "about": "mine"})
        assert r.status == 303


def test_login_form_without_csrf_is_403():
    with Server() as srv:
        email = new_email()
        register(Client(srv), email)
        c = Client(srv)
        c.get("/login")
        r = c.post("/login", {"email": email, "password": PASSWORD})
        assert r.status == 403
        r = c.post("/login", {"email": email, "password": PASSWORD, "csrf": "x" * 64})
        assert r.status == 403
        assert "pace" not in c.cookies
        # A token from someone else's pre-login cookie does not work either.
        stranger = Client(srv)
        token = stranger.csrf_for("/login")
        r = c.post("/login", {"email": email, "password": PASSWORD, "csrf": token})
        assert r.status == 403 and "pace" not in c.cookies


def locked_minutes(r):
    m = re.search(r"try again in (\d+) minutes?", r.text)
    assert m, f"no 'try again in N minutes' in {r}"
    return int(m.group(1))


def test_throttle_locks_an_account_after_ten_failures():
    # Each attempt comes from a different address (through a trusted proxy),
    # so it is the per-account limit that acts.
    with Server(["--trust-proxy"]) as srv:
        email = new_email()
        register(Client(srv), email)
        for i in range(10):
            c = Client(srv, headers={"X-Forwarded-For": f"203.0.113.{i + 1}"})
            r = login(c, email, f"wrong password number {i}")
            assert r.status == 401, f"attempt {i + 1}: {r}"
        c = Client(srv, headers={"X-Forwarded-For": "203.0.113.50"})
        r = login(c, email, "wrong password number 11")
        assert r.status == 429
        assert 1 <= locked_minutes(r) <= 15
        # Even the right password is refused while locked.
        c = Client(srv, headers={"X-Forwarded-For": "198.51.100.7"})
        r = login(c, email, PASSWORD)
        assert r.status == 429 and "pace" not in c.cookies
        # Another account is not affected.
        other = new_email()
        register(Client(srv, headers={"X-Forwarded-For": "198.51.100.8"}), other)
        assert login(Client(srv, headers={"X-Forwarded-For": "198.51.100.9"}), other).status == 303


def test_failures_from_one_address_never_lock_other_accounts():
    # Ten wrong passwords for other accounts from one address used to lock
    # every account from there: the address limit is now a high ceiling.
    with Server() as srv:
        email = new_email()
        register(Client(srv), email)
        for i in range(12):
            r = login(Client(srv), new_email(), "some wrong password")
            assert r.status == 401, f"attempt {i + 1}: {r}"
        c = Client(srv)
        r = login(c, email, PASSWORD)
        assert r.status == 303 and "pace" in c.cookies


def test_probing_for_taken_addresses_is_throttled():
    with Server() as srv:
        email = new_email()
        register(Client(srv), email)
        for i in range(10):
            r = Client(srv).submit("/register", "/register", {"email": email, "password": PASSWORD})
            assert r.status == 422, f"probe {i + 1}: {r}"
        c = Client(srv)
        r = c.submit("/register", "/register", {"email": new_email(), "password": PASSWORD})
        assert r.status == 429 and "pace" not in c.cookies
        assert locked_minutes(r) >= 1
