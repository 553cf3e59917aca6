"""Behind a TLS-terminating proxy (--trust-proxy): __Host- cookies with
Secure, HSTS; and forwarded headers ignored when the proxy is not trusted."""

from harness import PASSWORD, Client, Server, csrf, login, new_email

HTTPS = {"X-Forwarded-Proto": "https"}


def cookie_attrs(r, name):
    sc = next((v for v in r.header_all("Set-Cookie") if v.startswith(name + "=")), None)
    assert sc, f"no {name} cookie in {r.header_all('Set-Cookie')}"
    return [a.strip().lower() for a in sc.split(";")[1:]]


def test_host_prefix_and_secure_behind_a_trusted_proxy():
    with Server(["--trust-proxy"]) as srv:
        c = Client(srv, headers=HTTPS)
        r = c.get("/register")
        assert "max-age=" in (r.header("Strict-Transport-Security") or "")
        attrs = cookie_attrs(r, "__Host-pace-pre")
        assert "secure" in attrs and "path=/" in attrs
        assert not any(a.startswith("domain") for a in attrs)
        email = new_email()
        r = c.post("/register", {"csrf": csrf(r.text), "email": email, "password": PASSWORD})
        assert r.status == 200 and "Keep your recovery codes" in r.text
        attrs = cookie_attrs(r, "__Host-pace")
        assert {"secure", "httponly", "samesite=strict", "path=/"} <= set(attrs)
        assert not any(a.startswith("domain") for a in attrs)
        assert "pace" not in c.cookies
        assert c.get("/settings").status == 200
        # The plain-named cookie means nothing over HTTPS.
        other = Client(srv, headers=HTTPS)
        other.cookies["pace"] = c.cookies["__Host-pace"]
        assert other.get("/settings").status == 303
        # Sign in again over HTTPS.
        c2 = Client(srv, headers=HTTPS)
        r = login(c2, email)
        assert r.status == 303 and "secure" in cookie_attrs(r, "__Host-pace")


def test_forwarded_proto_is_ignored_without_trust_proxy():
    with Server() as srv:
        c = Client(srv, headers=HTTPS)
        r = c.get("/register")
        assert r.header("Strict-Transport-Security") is None
        attrs = cookie_attrs(r, "pace-pre")
        assert "secure" not in attrs
        assert not any(k.startswith("__Host-") for k in c.cookies)


def test_trusted_proxy_over_plain_http_uses_plain_cookies():
    with Server(["--trust-proxy"]) as srv:
        c = Client(srv, headers={"X-Forwarded-Proto": "http"})
        r = c.get("/login")
        assert "secure" not in cookie_attrs(r, "pace-pre")
