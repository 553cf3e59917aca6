"""Password hashes: argon2id at one of OWASP's settings (12 MiB, three passes), an
older hash replaced at her next sign-in, and sign-ins that arrive together
all succeed, one hash at a time (docs/security.md)."""

import ctypes
import ctypes.util
import threading

import harness
from harness import PASSWORD, Client, Server, login, register
from test_signin_security import log_lines

CURRENT = "$argon2id$v=19$m=12288,t=3,p=1$"


def old_hash(password):
    """An argon2id hash with libsodium's interactive limits (64 MiB, two
    passes): what accounts made before held."""
    sodium = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
    assert sodium.sodium_init() >= 0
    out = ctypes.create_string_buffer(128)
    pw = password.encode()
    fn = sodium.crypto_pwhash_str_alg
    fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_ulonglong,
                   ctypes.c_size_t, ctypes.c_int]
    assert fn(out, pw, len(pw), 2, 64 * 1024 * 1024, 2) == 0  # ALG_ARGON2ID13
    return out.value.decode()


def stored_hash(srv, email):
    return harness.db_query(srv.data, f"SELECT pwhash FROM users WHERE email = '{email}'")[0][0]


def test_a_new_account_gets_owasp_parameters():
    with Server() as srv:
        email = register(Client(srv))
        assert stored_hash(srv, email).startswith(CURRENT)


def test_an_older_hash_is_replaced_at_the_next_sign_in():
    with Server() as srv:
        email = register(Client(srv))
        old = old_hash(PASSWORD)
        assert old.startswith("$argon2id$v=19$m=65536,t=2,p=1$")
        harness.db_exec(srv.data, f"UPDATE users SET pwhash = '{old}' WHERE email = '{email}'")
        # A wrong password changes nothing.
        c = Client(srv)
        r = login(c, email, "not the password at all")
        assert r.status == 401, r
        assert stored_hash(srv, email) == old
        r = login(c, email)
        assert r.status == 303, r
        new = stored_hash(srv, email)
        assert new.startswith(CURRENT) and new != old
        assert len(log_lines(srv, "password.rehashed", 1)) == 1
        # The new hash holds her password: she signs in again with it.
        again = Client(srv)
        assert login(again, email).status == 303
        assert again.get("/today").status == 200
        assert stored_hash(srv, email) == new  # no second rehash
        assert len(log_lines(srv, "password.rehashed", 1)) == 1


def test_twenty_parallel_sign_ins_all_succeed():
    # Eight server threads, so the sign-ins really arrive together; the
    # hashes are computed one after the other.
    with Server(["--threads", "8"]) as srv:
        emails = [register(Client(srv)) for _ in range(20)]
        clients = [Client(srv) for _ in range(20)]
        tokens = [c.csrf_for("/login") for c in clients]
        start = threading.Barrier(20)
        statuses = [None] * 20

        def sign_in(i):
            start.wait()
            r = clients[i].post("/login", {"csrf": tokens[i], "email": emails[i],
                                           "password": PASSWORD})
            statuses[i] = r.status

        threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        assert statuses == [303] * 20, statuses
        for c in clients:
            assert c.get("/today").status == 200
        assert not log_lines(srv, "password.busy", 0)
        assert len(log_lines(srv, "signin.ok", 20)) == 20
