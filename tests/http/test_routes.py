"""test_routes.py - what the route table answers by itself: the methods a
path allows (405 with the right Allow, OPTIONS), and one JSON reader for every
JSON endpoint (the same 400 for a broken body everywhere)."""

import harness  # noqa: E402
from harness import Client, Server, register, run_pace


def test_405_names_the_methods_the_path_allows_and_options_answers_them():
    with Server() as srv:
        c = Client(srv)
        cases = {
            "/healthz": "GET, HEAD, OPTIONS",
            "/login": "GET, POST, HEAD, OPTIONS",
            "/logout": "POST, OPTIONS",
            "/api/v1/sessions": "POST, GET, HEAD, OPTIONS",
            "/api/v1/kit": "GET, PUT, HEAD, OPTIONS",
        }
        for path, allow in cases.items():
            r = c.request("DELETE", path)
            assert r.status == 405, (path, r)
            assert r.header("Allow") == allow, (path, r.header("Allow"))
            r = c.request("OPTIONS", path)
            assert r.status == 204 and r.header("Allow") == allow, (path, r)
        assert c.request("OPTIONS", "/no/such/place").status == 404


def test_every_json_endpoint_reads_a_broken_body_the_same_way():
    with Server() as srv:
        web = Client(srv)
        email = register(web)
        p = run_pace("token", "create", "--email", email, "--data", srv.data)
        api = Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip(),
                                   "Content-Type": "application/json"})
        for method, path in [("POST", "/api/v1/sessions"), ("PUT", "/api/v1/kit"),
                             ("POST", "/api/v1/kit/custom"), ("PUT", "/api/v1/program"),
                             ("PUT", "/api/v1/goals"), ("POST", "/api/v1/ladder")]:
            r = api.request(method, path, body="{ nope")
            assert r.status == 400, (path, r)
            body = r.json()
            assert body["field"] is None and "line 1" in body["error"], (path, body)
