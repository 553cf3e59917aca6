"""Dilator catalogs and her kit: the catalog endpoints, the kit round trip
through the API and the /kit page (without JavaScript), strict validation
(unknown ids and keys), per-user isolation, and the catalog commands."""

import json
import os
import re
import tempfile

from harness import Client, Server, assert_one_sentence, csrf, register, run_pace

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATALOGS = os.path.join(ROOT, "data", "catalogs")


def api_user(srv):
    """Registers someone; returns (browser client, API client with her token)."""
    c = Client(srv)
    email = register(c)
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    return c, Client(srv, headers={"Authorization": f"Bearer {p.stdout.strip()}"})


def put_kit(api, body):
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return api.request("PUT", "/api/v1/kit", body=raw,
                       headers={"Content-Type": "application/json"})


def kit_ids(api):
    r = api.get("/api/v1/kit")
    assert r.status == 200, r
    return [i["id"] for i in r.json()["items"]]


def assert_422(r, field):
    assert r.status == 422, r
    body = r.json()
    assert isinstance(body["error"], str) and body["error"], body
    assert body["field"] == field, body
    return body


def test_catalogs_list_the_lines():
    with Server() as srv:
        _, api = api_user(srv)
        r = api.get("/api/v1/catalogs")
        assert r.status == 200, r
        lines = {l["line"]: l for l in r.json()["lines"]}
        assert {"fms", "vaginismus-com", "milli", "pacik"} <= set(lines)
        assert lines["fms"]["item_count"] == 30 and lines["fms"]["set_count"] == 2
        assert all(l["source"] for l in lines.values())
        # the catalogs are for signed-in clients, like the rest of the API
        assert Client(srv).get("/api/v1/catalogs").status == 401


def test_one_line_has_items_and_sets():
    with Server() as srv:
        _, api = api_user(srv)
        r = api.get("/api/v1/catalogs/fms")
        assert r.status == 200, r
        body = r.json()
        assert body["line"] == "fms"
        dilators = [i for i in body["items"] if i["kind"] == "dilator"]
        assert len(dilators) == 27
        assert [i["diameter_mm"] for i in dilators] == list(range(14, 41))
        for i in body["items"]:
            assert {"id", "label", "kind", "diameter_mm", "length_mm", "material", "is_glass",
                    "shape", "use", "source", "assumed"} <= set(i), i
            assert i["is_glass"] and i["assumed"]
        assert any(i["kind"] == "stent" for i in body["items"])
        sets = {s["id"]: s for s in body["sets"]}
        assert sets["fms-set-starter"]["items"][0] == "fms-14"
        assert sets["fms-set-starter"]["illustrative"] is True

        milli = api.get("/api/v1/catalogs/milli").json()["items"][0]
        assert (milli["kind"], milli["diameter_min_mm"], milli["diameter_max_mm"],
                milli["step_mm"]) == ("adjustable", 15, 40, 1)
        vc = api.get("/api/v1/catalogs/vaginismus-com").json()
        assert [(i["label"], i["diameter_mm"], i["length_mm"]) for i in vc["items"]] == [
            ("A", 15, 88), ("B", 22, 101), ("C", 26, 113), ("D", 30, 126), ("E", 34, 138),
            ("F", 38, 151)]

        r = api.get("/api/v1/catalogs/nope")
        assert r.status == 404 and r.json()["field"] is None


def test_kit_round_trip_sorted_by_diameter():
    with Server() as srv:
        _, api = api_user(srv)
        assert kit_ids(api) == []
        r = put_kit(api, {"items": ["pacik-5", "fms-18", "fms-16", "milli-adjustable"]})
        assert r.status == 200, r
        items = r.json()["items"]
        assert [i["id"] for i in items] == ["milli-adjustable", "fms-16", "fms-18", "pacik-5"]
        fms16 = items[1]
        assert fms16["material"] == "borosilicate-glass" and fms16["is_glass"] is True
        assert fms16["line_name"] == "FMS" and fms16["custom"] is False
        assert items[0]["is_glass"] is False and items[0]["diameter_max_mm"] == 40
        assert kit_ids(api) == ["milli-adjustable", "fms-16", "fms-18", "pacik-5"]
        # the whole kit is replaced, not merged
        assert put_kit(api, {"items": ["fms-20"]}).status == 200
        assert kit_ids(api) == ["fms-20"]
        assert put_kit(api, {"items": []}).status == 200
        assert kit_ids(api) == []


def test_unknown_id_is_422_naming_it_and_changes_nothing():
    with Server() as srv:
        _, api = api_user(srv)
        assert put_kit(api, {"items": ["fms-16"]}).status == 200
        body = assert_422(put_kit(api, {"items": ["fms-17", "fms-18", "fms-19", "fms-99"]}),
                          "items[3]")
        assert "fms-99" in body["error"]
        assert_422(put_kit(api, {"items": ["fms-17", "fms-17"]}), "items[1]")
        assert_422(put_kit(api, {"items": ["fms-17", 18]}), "items[1]")
        assert kit_ids(api) == ["fms-16"]  # all or nothing


def test_kit_body_is_strict():
    with Server() as srv:
        _, api = api_user(srv)
        assert_422(put_kit(api, {"items": [], "note": "x"}), "note")
        assert_422(put_kit(api, {}), "items")
        assert_422(put_kit(api, {"items": "fms-16"}), "items")
        assert_422(put_kit(api, {"items": [f"fms-{i}" for i in range(201)]}), "items")
        r = put_kit(api, '{"items": [')
        assert r.status == 400 and r.json()["field"] is None
        r = put_kit(api, '{"items": [], "items": ["fms-16"]}')  # duplicate key
        assert r.status == 400
        r = api.request("PUT", "/api/v1/kit", body="items=fms-16",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status == 400
        assert kit_ids(api) == []


def test_custom_item_is_created_checked_and_joins_the_kit():
    with Server() as srv:
        _, api = api_user(srv)
        r = api.post_json("/api/v1/kit/custom", {"label": "Blue, middle", "diameter_mm": 23,
                                                 "length_mm": 120, "material": "silicone"})
        assert r.status == 201, r
        item = r.json()
        assert re.fullmatch(r"custom-\d+", item["id"]), item
        assert (item["label"], item["diameter_mm"], item["length_mm"], item["material"],
                item["kind"], item["is_glass"]) == ("Blue, middle", 23, 120, "silicone",
                                                    "dilator", False)
        kit = api.get("/api/v1/kit").json()
        assert [i["id"] for i in kit["items"]] == [item["id"]]
        assert kit["custom_items"][0]["in_kit"] is True
        # in a kit with catalog items, sorted by diameter
        assert put_kit(api, {"items": ["fms-30", item["id"], "fms-14"]}).status == 200
        assert kit_ids(api) == ["fms-14", item["id"], "fms-30"]

        good = {"label": "x", "diameter_mm": 20, "material": "glass"}
        for bad, field in [({"colour": "red"}, "colour"), ({"label": ""}, "label"),
                           ({"label": "x" * 41}, "label"), ({"diameter_mm": 0}, "diameter_mm"),
                           ({"diameter_mm": 81}, "diameter_mm"),
                           ({"diameter_mm": "20"}, "diameter_mm"),
                           ({"length_mm": 500}, "length_mm"), ({"material": "wood"}, "material"),
                           ({"kind": "adjustable"}, "kind")]:
            assert_422(api.post_json("/api/v1/kit/custom", {**good, **bad}), field)
        r = api.post_json("/api/v1/kit/custom", {k: v for k, v in good.items() if k != "label"})
        assert_422(r, "label")
        assert len(api.get("/api/v1/kit").json()["custom_items"]) == 1


def test_custom_item_delete():
    with Server() as srv:
        _, api = api_user(srv)
        cid = api.post_json("/api/v1/kit/custom", {"label": "Old", "diameter_mm": 19,
                                                   "material": "plastic"}).json()["id"]
        r = api.request("DELETE", f"/api/v1/kit/custom/{cid}")
        assert r.status == 204, r
        assert kit_ids(api) == []
        assert api.request("DELETE", f"/api/v1/kit/custom/{cid}").status == 404
        assert api.request("DELETE", "/api/v1/kit/custom/fms-16").status == 404


def ann_with_her_own_item_and_bea(srv, item):
    """Two people; Ann's kit holds fms-18 and an item of her own (its id)."""
    _, ann = api_user(srv)
    _, bea = api_user(srv)
    cid = ann.post_json("/api/v1/kit/custom", item).json()["id"]
    assert put_kit(ann, {"items": ["fms-18", cid]}).status == 200
    return ann, bea, cid


def test_nobody_reads_or_changes_another_persons_kit():
    with Server() as srv:
        ann, bea, cid = ann_with_her_own_item_and_bea(
            srv, {"label": "Ann's own", "diameter_mm": 21, "material": "glass"})

        # Bea sees nothing of Ann's
        kit = bea.get("/api/v1/kit").json()
        assert kit == {"items": [], "custom_items": []}
        # Ann's item is unknown to Bea, worded exactly like one that never existed
        taken = assert_422(put_kit(bea, {"items": ["fms-30", cid]}), "items[1]")
        missing = assert_422(put_kit(bea, {"items": ["fms-30", "custom-99999"]}), "items[1]")
        assert taken["error"].replace(cid, "ID") == missing["error"].replace("custom-99999", "ID")
        r = bea.request("DELETE", f"/api/v1/kit/custom/{cid}")
        gone = bea.request("DELETE", "/api/v1/kit/custom/custom-99999")
        assert r.status == gone.status == 404 and r.body == gone.body
        assert bea.get("/api/v1/kit").json()["items"] == []

        # Ann's kit is as she left it
        assert kit_ids(ann) == ["fms-18", cid]
        assert len(ann.get("/api/v1/kit").json()["custom_items"]) == 1


def test_a_session_names_a_dilator_of_her_own_kit_only():
    with Server() as srv:
        ann, bea, cid = ann_with_her_own_item_and_bea(
            srv, {"label": "Green", "diameter_mm": 19.5, "material": "silicone"})
        session = {"started_at": "2026-11-30T08:00:00Z", "duration_s": 600,
                   "temperature": "warm", "lubricant": "water_based", "outcome": "completed"}
        # her own item and a catalog item: the size comes from the item
        r = ann.post_json("/api/v1/sessions", {**session, "dilator_id": cid})
        assert r.status == 201, r
        assert (r.json()["dilator_id"], r.json()["diameter_mm"]) == (cid, 19.5)
        r = ann.post_json("/api/v1/sessions", {**session, "dilator_id": "fms-18"})
        assert r.status == 201 and r.json()["diameter_mm"] == 18, r
        # a size that item cannot have
        assert_422(ann.post_json("/api/v1/sessions", {**session, "dilator_id": cid,
                                                      "diameter_mm": 25}), "diameter_mm")
        # not in her kit, or someone else's: the same refusal, nothing saved
        before = len(ann.get("/api/v1/sessions").json()["items"])
        assert_422(ann.post_json("/api/v1/sessions", {**session, "dilator_id": "fms-20"}),
                   "dilator_id")
        taken = assert_422(bea.post_json("/api/v1/sessions", {**session, "dilator_id": cid}),
                           "dilator_id")
        missing = assert_422(bea.post_json("/api/v1/sessions",
                                           {**session, "dilator_id": "custom-99999"}),
                             "dilator_id")
        assert taken == missing
        # out of her kit, then deleted: no longer hers to log with
        assert put_kit(ann, {"items": ["fms-18"]}).status == 200
        assert_422(ann.post_json("/api/v1/sessions", {**session, "dilator_id": cid}),
                   "dilator_id")
        assert ann.request("DELETE", f"/api/v1/kit/custom/{cid}").status == 204
        assert_422(ann.post_json("/api/v1/sessions", {**session, "dilator_id": cid}),
                   "dilator_id")
        assert len(ann.get("/api/v1/sessions").json()["items"]) == before
        assert bea.get("/api/v1/sessions").json()["items"] == []


def test_kit_page_works_without_javascript():
    with Server() as srv:
        c = Client(srv)
        register(c)
        r = c.get("/kit")
        assert r.status == 200, r
        html = r.text
        assert "<fieldset" in html and "<legend>" in html
        forms = re.findall(r"<form[^>]*>.*?</form>", html, re.S)
        assert forms and all('name="csrf"' in f for f in forms), "a form without CSRF token"
        assert 'value="fms-set-starter"' in html
        assert "<svg" not in html.split("<main", 1)[1].split("What you have")[0]  # empty kit
        token = csrf(html)

        r = c.post("/kit", [("csrf", token), ("item", "fms-16"), ("item", "pacik-3")])
        assert r.status == 303 and r.header("Location") == "/kit?done=saved", r
        r = c.post("/kit", [("csrf", token), ("item", "pacik-3"), ("add_set", "fms-set-starter")])
        assert r.status == 303 and r.header("Location") == "/kit?done=set", r
        html = c.get("/kit?done=set").text
        checked = re.findall(r'value="([a-z0-9-]+)" checked', html)
        assert checked == [f"fms-{d}" for d in range(14, 21)] + ["pacik-3"], checked
        assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
        # Goal rings only for goals she chose: none yet (see test_firstrun.py).
        assert 'class="kit-table"' in html and "kit-goal" not in html
        assert "style=" not in html  # the CSP forbids inline styles

        r = c.post("/kit/custom", {"csrf": token, "label": "Travel one", "diameter_mm": "18,5",
                                   "length_mm": "", "material": "glass", "kind": "dilator"})
        assert r.status == 303 and r.header("Location") == "/kit?done=added", r
        html = c.get("/kit").text
        m = re.search(r'formaction="/kit/custom/(\d+)/delete"', html)
        assert m and "Travel one" in html and "18.5 mm" in html

        r = c.post("/kit/custom", {"csrf": token, "label": "x", "diameter_mm": "200",
                                   "material": "glass"})
        assert r.status == 422 and 'id="e-own"' in r.text and 'value="200"' in r.text
        r = c.post("/kit", [("csrf", token), ("item", "fms-99")])
        assert r.status == 422 and 'role="alert"' in r.text
        r = c.post("/kit", [("item", "fms-16")])
        assert r.status == 403
        r = c.post(f"/kit/custom/{m.group(1)}/delete", {"csrf": token})
        assert r.status == 303 and r.header("Location") == "/kit?done=deleted"
        assert "Travel one" not in c.get("/kit").text


def test_kit_page_of_another_person_stays_hers():
    with Server() as srv:
        ann = Client(srv)
        register(ann)
        token = csrf(ann.get("/kit").text)
        ann.post("/kit/custom", {"csrf": token, "label": "Ann-only", "diameter_mm": "20",
                                 "material": "silicone"})
        cid = re.search(r'/kit/custom/(\d+)/delete', ann.get("/kit").text).group(1)
        bea = Client(srv)
        register(bea)
        html = bea.get("/kit").text
        assert "Ann-only" not in html
        btoken = csrf(html)
        assert bea.post(f"/kit/custom/{cid}/delete", {"csrf": btoken}).status == 404
        r = bea.post("/kit", [("csrf", btoken), ("item", f"custom-{cid}")])
        assert r.status == 422
        assert "Ann-only" in ann.get("/kit").text
        assert Client(srv).get("/kit").status == 303  # signed out: to the login page


def test_catalog_check_and_list_commands():
    files = sorted(os.path.join(CATALOGS, f) for f in os.listdir(CATALOGS)
                   if f.endswith(".json"))
    p = run_pace("catalog", "check", *files)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count(": ok (") == len(files)

    with tempfile.TemporaryDirectory() as d:
        bad = os.path.join(d, "bad.json")
        with open(os.path.join(CATALOGS, "fms.json")) as f:
            data = json.load(f)
        data["items"][4]["diameter_mm"] = 90
        with open(bad, "w") as f:
            json.dump(data, f)
        p = run_pace("catalog", "check", bad)
        assert p.returncode == 1
        assert_one_sentence(p.stderr)
        assert "bad.json: items[4] (fms-18): diameter_mm:" in p.stderr, p.stderr

    p = run_pace("catalog", "list", "--line", "fms")
    assert p.returncode == 0, p.stderr
    rows = [l for l in p.stdout.splitlines() if l.startswith("fms-") and " dilator " in l]
    assert len(rows) == 27 and rows[0].startswith("fms-14 ")
    p = run_pace("catalog", "list", "--line", "nope")
    assert p.returncode == 1
    assert_one_sentence(p.stderr)
    assert run_pace("catalog").returncode == 2


def test_serve_can_read_catalogs_from_a_directory():
    with tempfile.TemporaryDirectory() as d:
        line = {"format": 1, "line": "demo", "name": "Demo", "source": "test",
                "items": [{"id": "demo-1", "label": "1", "kind": "dilator", "diameter_mm": 12,
                           "material": "silicone", "shape": "tapered", "use": ["vaginal"],
                           "source": "test"}],
                "sets": []}
        with open(os.path.join(d, "demo.json"), "w") as f:
            json.dump(line, f)
        with Server(env={"PACE_CATALOGS": d}) as srv:
            _, api = api_user(srv)
            lines = [l["line"] for l in api.get("/api/v1/catalogs").json()["lines"]]
            assert lines == ["demo"]
            assert put_kit(api, {"items": ["demo-1"]}).status == 200
        with open(os.path.join(d, "broken.json"), "w") as f:
            f.write("{")
        with tempfile.TemporaryDirectory() as data:
            p = run_pace("serve", "--listen", "127.0.0.1:0", "--data", data, "--catalogs", d,
                         timeout=30)
        assert p.returncode == 1
        assert_one_sentence(p.stderr)
        assert "broken.json" in p.stderr
