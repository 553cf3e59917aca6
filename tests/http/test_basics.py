"""Health check, unknown routes and methods, malformed and oversized
requests, and the security headers."""

import http.client
import json

from harness import Client, Response, Server, check_security_headers, register


def test_healthz():
    with Server() as srv:
        r = Client(srv).get("/healthz")
        assert r.status == 200
        assert r.body == b'{"status":"ok"}'
        assert r.header("Content-Type").startswith("application/json")


def test_unknown_page_is_html_404():
    with Server() as srv:
        r = Client(srv).get("/no/such/page")
        assert r.status == 404
        assert r.header("Content-Type").startswith("text/html")
        assert "<html" in r.text and "Page not found" in r.text


def test_unknown_api_endpoint_is_json_404():
    with Server() as srv:
        r = Client(srv).get("/api/v1/unknown")
        assert r.status == 404
        assert r.header("Content-Type").startswith("application/json")
        body = r.json()
        assert isinstance(body["error"], str) and body["error"]
        assert body["field"] is None


def test_unknown_method_on_known_path_is_405():
    with Server() as srv:
        c = Client(srv)
        for method, path in [("DELETE", "/login"), ("PUT", "/healthz"), ("GET", "/logout"),
                             ("PATCH", "/settings")]:
            r = c.request(method, path)
            assert r.status == 405, f"{method} {path}: {r}"
            assert r.header("Allow"), f"{method} {path}: no Allow header"
        r = c.request("DELETE", "/api/v1/me")
        assert r.status == 405
        assert r.json()["field"] is None


def test_security_headers_on_pages_api_and_errors():
    with Server() as srv:
        c = Client(srv)
        register(c)
        for path in ["/", "/settings", "/login", "/register", "/nope", "/api/v1/me",
                     "/healthz"]:
            r = c.get(path)
            check_security_headers(path, r)  # also done by Client on every response
        r = c.get("/settings")
        assert r.status == 200
        assert "no-store" in r.header("Cache-Control")
        csp = r.header("Content-Security-Policy")
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
        assert r.header("X-Frame-Options") == "DENY"


def test_malformed_percent_escape_is_400():
    with Server() as srv:
        c = Client(srv)
        c.get("/login")  # gets the pre-login cookie
        for body in ["email=%zz&password=x", "email=abc%", "email=%4", "%zz=1"]:
            r = c.post("/login", body)
            assert r.status == 400, f"{body!r}: {r}"
            assert "pace" not in c.cookies


def test_invalid_utf8_in_form_is_400():
    with Server() as srv:
        c = Client(srv)
        c.get("/login")
        for body in [b"email=%ff%fe%40x.org&password=x", b"email=\xc3\x28@x.org&password=x",
                     b"email=a%00b@x.org"]:
            r = c.post("/login", body)
            assert r.status == 400, f"{body!r}: {r}"


def test_invalid_utf8_in_query_is_400():
    with Server() as srv:
        r = Client(srv).get("/login?expired=%ff")
        assert r.status == 400


def test_form_post_needs_form_content_type():
    with Server() as srv:
        c = Client(srv)
        c.get("/login")
        r = c.post("/login", "email=a@b.org&password=x", headers={"Content-Type": "text/plain"})
        assert r.status == 400


def raw_post(port, path, size, declare_length=True, chunk=64 * 1024):
    """POSTs size bytes; returns (status, headers, body), tolerating the server
    closing the connection before the whole body was sent."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", path)
    conn.putheader("Content-Type", "application/x-www-form-urlencoded")
    if declare_length:
        conn.putheader("Content-Length", str(size))
    else:
        conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    sent = 0
    try:
        while sent < size:
            n = min(chunk, size - sent)
            data = b"a" * n
            conn.send(data if declare_length else b"%x\r\n%s\r\n" % (n, data))
            sent += n
        if not declare_length:
            conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered early and closed; read its answer
    resp = conn.getresponse()
    out = (resp.status, resp.getheaders(), resp.read())
    conn.close()
    return out


def test_huge_body_is_413():
    with Server() as srv:
        for declare in (True, False):
            status, headers, body = raw_post(srv.port, "/login", 2 * 1024 * 1024, declare)
            assert status == 413, f"declared length={declare}: {status} {body[:200]!r}"
            check_security_headers("/login", Response(status, headers, body))
        # The server still answers afterwards.
        assert Client(srv).get("/healthz").status == 200


def test_declared_huge_length_is_413_before_the_body():
    with Server() as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        conn.putrequest("POST", "/login")
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(10 * 1024 ** 3))
        conn.endheaders()
        conn.send(b"email=a")
        resp = conn.getresponse()
        assert resp.status == 413
        resp.read()
        conn.close()


def test_huge_api_body_is_json_413():
    with Server() as srv:
        status, headers, body = raw_post(srv.port, "/api/v1/tokens", 2 * 1024 * 1024)
        assert status == 413
        assert json.loads(body)["field"] is None
