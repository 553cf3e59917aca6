"""Importing an export file from the "Your data" page, the way a browser
without JavaScript sends it: multipart/form-data to /settings/data/import.
A file from another instance comes in whole; a bad file, a missing or
wrong CSRF token, an oversized body and malformed multipart are refused
with a sentence, and nothing is imported."""

import copy
import html
import json
import re
import secrets

from harness import Client, Server, alert, csrf, register
from test_export import (IMPORT_LIMIT, declared_too_large, export, fill, member, normalised,
                         too_large)

PAGE = "/settings/data"
ACTION = "/settings/data/import"


def multipart(parts, boundary=None):
    """Encodes parts [(name, value)] or [(name, filename, type, bytes)] as a
    browser does; returns (content_type, body)."""
    boundary = boundary or "----PaceTest" + secrets.token_hex(8)
    out = b""
    for p in parts:
        out += f"--{boundary}\r\n".encode()
        if len(p) == 2:
            out += f'Content-Disposition: form-data; name="{p[0]}"\r\n\r\n'.encode()
            out += p[1].encode() if isinstance(p[1], str) else p[1]
        else:
            name, filename, ctype, data = p
            out += (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {ctype}\r\n\r\n").encode()
            out += data
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", out


def upload(c, data, filename="pace-export.json", ctype="application/json", token=None,
           extra=()):
    """Loads the page for its token, then sends the file as the form would."""
    token = c.csrf_for(PAGE) if token is None else token
    parts = ([("csrf", token)] if token is not False else []) + list(extra)
    parts.append(("file", filename, ctype, data))
    ct, body = multipart(parts)
    # A large file takes a while to import under the sanitizers.
    return c.request("POST", ACTION, body=body, headers={"Content-Type": ct},
                     timeout=300 if len(data) > 1 << 20 else 30)


def file_error(page):
    """The message beside the file field, checking it is tied to the input."""
    m = re.search(r'<input id="f-file" name="file" type="file"[^>]*>', page)
    assert m, "no file input on the page"
    tag = m.group(0)
    assert 'aria-invalid="true"' in tag, tag
    assert re.search(r'aria-describedby="e-file( h-file)?"', tag), tag
    e = re.search(r'<p class="field-error" id="e-file">.*?<span>(.*?)</span>', page, re.S)
    assert e, "no error beside the file field"
    return html.unescape(e.group(1))


def notice(page):
    m = re.search(r'<div class="notice" role="status" id="imported">(.*?)</div>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))) if m else None


def top_alert(page):
    """The alert at the top of the page, without its link."""
    text = alert(page)
    return html.unescape(re.sub(r"<[^>]+>", "", text)) if text else None


def error_page(r):
    text = alert(r.text)
    assert text, f"no error sentence: {r}"
    return html.unescape(text)


def test_the_page_has_the_form():
    with Server() as srv:
        c = Client(srv)
        register(c)
        page = c.get(PAGE).text
        form = re.search(r'<form method="post" action="/settings/data/import#im-h" '
                         r'enctype="multipart/form-data"[^>]*>(.*?)</form>', page, re.S)
        assert form, page
        assert 'name="csrf"' in form.group(1)
        assert re.search(r'<label for="f-file">', form.group(1))
        assert 'accept=".json,application/json"' in form.group(1)
        assert "<script" not in form.group(1) and " style=" not in form.group(1)


def test_an_export_uploaded_on_the_page_of_another_instance_comes_in_whole():
    with Server() as a, Server() as b:
        ca, apia, _ = member(a)
        fill(ca, apia)
        # The file she downloads from the page, byte for byte.
        r = ca.get("/settings/data/export?format=json")
        assert r.status == 200, r
        data = r.body
        first = json.loads(data)
        cb, apib, _ = member(b)
        assert export(apib).json()["sessions"] == []
        r = upload(cb, data)
        # Done: the page by its own address, so a reload sends nothing again.
        assert r.status == 303, r
        loc = r.header("Location")
        assert loc.startswith("/settings/data?added=") and loc.endswith("#imported"), loc
        r = cb.get(loc.split("#")[0])
        assert r.status == 200, r
        told = notice(r.text)
        assert told and "Your file is imported." in told, r.text
        for part in ("Added:", "5 sessions", "2 items of your own", "2 goals",
                     "2 comfort-ladder entries", "your program", "your reminders", "your note"):
            assert part in told, (part, told)
        assert "Already here" not in told, told
        assert alert(r.text) is None
        # Her sessions are there, on the page and in a new export.
        assert normalised(export(apib).json()) == normalised(first)
        listed = cb.get("/sessions")
        assert listed.status == 200, listed
        links = set(re.findall(r'class="session-link" href="/sessions/([^"]+)"', listed.text))
        assert links == {s["id"] for s in first["sessions"]}, links
        # The same file again adds nothing and says so.
        r = upload(cb, data)
        assert r.status == 303, r
        r = cb.get(r.header("Location").split("#")[0])
        told = notice(r.text)
        assert "nothing changed" in told and "Added:" not in told, told
        assert "Already here" in told and "5 sessions" in told, told
        assert normalised(export(apib).json()) == normalised(first)


def test_a_bad_file_is_named_beside_the_field_and_nothing_is_imported():
    with Server() as srv:
        c, api, _ = member(srv)
        fill(c, api)
        good = export(api).json()
        other, api_other, _ = member(srv)
        before = normalised(export(api_other).json())

        bad = copy.deepcopy(good)
        bad["sessions"].insert(0, dict(bad["sessions"][0],
                                       id="0a1b2c3d-0000-4000-8000-000000000001"))
        bad["sessions"][3]["after"]["pain"] = 11
        r = upload(other, json.dumps(bad).encode())
        assert r.status == 422, r
        msg = file_error(r.text)
        assert "sessions[3].after.pain" in msg and "0 to 10" in msg, msg
        assert "Nothing was imported." in msg, msg
        assert top_alert(r.text) == msg  # and at the top, linking to the field
        assert 'href="#f-file"' in r.text
        assert notice(r.text) is None

        text = json.dumps(good)
        r = upload(other, text[: len(text) // 2].encode())
        assert r.status == 422, r
        assert "line" in file_error(r.text)

        r = upload(other, b"\x89PNG\r\n\x1a\n", filename="photo.png", ctype="image/png")
        assert r.status == 422, r
        assert "image/png" in file_error(r.text) and "JSON" in file_error(r.text)

        r = upload(other, b"", filename="", ctype="application/octet-stream")
        assert r.status == 422, r
        assert file_error(r.text) == "Please choose the file to import."

        r = upload(other, b"", filename="empty.json")
        assert r.status == 422, r
        assert "empty" in file_error(r.text)

        ct, body = multipart([("csrf", other.csrf_for(PAGE))])  # no file field at all
        r = other.request("POST", ACTION, body=body, headers={"Content-Type": ct})
        assert r.status == 422, r
        assert file_error(r.text) == "Please choose the file to import."

        # Her sessions belong to another account here: 409, nothing taken.
        r = upload(other, json.dumps(good).encode())
        assert r.status == 409, r
        assert file_error(r.text).startswith("sessions[")

        assert normalised(export(api_other).json()) == before


def test_the_csrf_token_is_required():
    with Server() as srv:
        c, api, _ = member(srv)
        fill(c, api)
        data = export(api).body
        other, api_other, _ = member(srv)
        r = upload(other, data, token=False)
        assert r.status == 403, r
        assert "nothing was changed" in error_page(r)
        r = upload(other, data, token="0" * 64)
        assert r.status == 403, r
        r = upload(other, data, token=c.csrf_for(PAGE))  # someone else's
        assert r.status == 403, r
        # A token as the file part's name does not count either.
        ct, body = multipart([("csrf", "csrf", "text/plain", other.csrf_for(PAGE).encode()),
                              ("file", "a.json", "application/json", data)])
        r = other.request("POST", ACTION, body=body, headers={"Content-Type": ct})
        assert r.status == 403, r
        assert export(api_other).json()["sessions"] == []
        # Signed out, the page sends her to sign in.
        anon = Client(srv)
        ct, body = multipart([("file", "a.json", "application/json", data)])
        r = anon.request("POST", ACTION, body=body, headers={"Content-Type": ct})
        assert r.status == 303 and r.header("Location") == "/login", r


def test_a_multipart_body_is_not_a_form_elsewhere():
    """The CSRF token in a multipart part only counts on routes that take a
    file; the other forms still want URL-encoded bodies."""
    with Server() as srv:
        c = Client(srv)
        register(c)
        ct, body = multipart([("csrf", c.csrf_for("/settings")), ("about", "hello")])
        r = c.request("POST", "/settings/about", body=body, headers={"Content-Type": ct})
        assert r.status == 400, r
        r = c.post(ACTION, {"csrf": c.csrf_for(PAGE), "file": "{}"})
        assert r.status == 400, r
        assert "multipart/form-data" in error_page(r)


def test_sizes_the_large_limit_and_413():
    with Server() as srv:
        c, api, _ = member(srv)
        doc = export(api).json()
        # Over the usual 1 MiB: whitespace is still JSON.
        data = b"{" + b" " * (1536 * 1024) + json.dumps(doc).encode()[1:]
        r = upload(c, data)
        assert r.status == 303, r
        r = c.get(r.header("Location").split("#")[0])
        assert "Your file is" in (notice(r.text) or ""), r
        # Beyond the largest export Pace writes, with room for the form:
        # refused before the body is sent.
        assert declared_too_large(c, "POST", ACTION, IMPORT_LIMIT + 1,
                                  "multipart/form-data; boundary=x") == 413
        # The larger limit is this route's (and the API import's) alone.
        assert too_large(c, "POST", "/settings/about", b"x" * (1024 * 1024 + 10))


def test_malformed_multipart_is_400_with_a_sentence():
    with Server() as srv:
        c = Client(srv)
        register(c)
        token = c.csrf_for(PAGE)
        good_ct, good = multipart([("csrf", token),
                                   ("file", "a.json", "application/json", b"{}")],
                                  boundary="B0undary")
        cases = [
            ("multipart/form-data", good, "no boundary"),
            ("multipart/form-data; boundary=" + "x" * 71, good, "1 to 70"),
            (good_ct, good[:-len(b"--B0undary--\r\n") - 2], "closing boundary"),
            (good_ct, b"preamble\r\n" + good, "start with its boundary"),
            (good_ct, good.replace(b"Content-Disposition: form-data; name=\"csrf\"",
                                   b"Content-Disposition: form-data;\r\n name=\"csrf\""),
             "header line"),
            (good_ct, good.replace(b'name="file"', b'name="csrf"'), "same name"),
            (good_ct, good.replace(b"--B0undary\r\nContent-Disposition: form-data; "
                                   b"name=\"file\"",
                                   b"--B0undary\r\nX-Long: " + b"y" * 2000 +
                                   b"\r\nContent-Disposition: form-data; name=\"file\""),
             "too long"),
        ]
        for ct, body, words in cases:
            r = c.request("POST", ACTION, body=body, headers={"Content-Type": ct})
            assert r.status == 400, (words, r)
            sentence = error_page(r)
            assert words in sentence and sentence.endswith("."), (words, sentence)
        # And the same body, well formed, goes through to the import.
        r = c.request("POST", ACTION, body=good, headers={"Content-Type": good_ct})
        assert r.status == 422, r
        assert csrf(r.text)


def test_counts_in_the_address_are_read_strictly():
    with Server() as srv:
        c = Client(srv)
        register(c)
        ok = c.get(PAGE + "?added=5,0,0,0,0,0,0,0,0&kept=0,0,0,0,0,0,0,0,0")
        assert "5 sessions" in (notice(ok.text) or ""), ok.text
        for q in ("added=5&kept=0", "added=a,0,0,0,0,0,0,0,0&kept=0,0,0,0,0,0,0,0,0",
                  "added=-1,0,0,0,0,0,0,0,0&kept=0,0,0,0,0,0,0,0,0",
                  "added=999999999,0,0,0,0,0,0,0,0&kept=0,0,0,0,0,0,0,0,0",
                  "added=1,0,0,0,0,0,0,0,0,0&kept=0,0,0,0,0,0,0,0,0"):
            r = c.get(PAGE + "?" + q)
            assert r.status == 200, (q, r)
            assert notice(r.text) is None, q



def test_the_larger_limit_is_only_for_someone_signed_in():
    with Server() as srv:
        c, api, _ = member(srv)
        doc = export(api).json()
        big = b"{" + b" " * (1536 * 1024) + json.dumps(doc).encode()[1:]
        # Signed in, 1.5 MiB goes through on both routes (see above for the
        # page); a visitor or a wrong token is refused before the body is read.
        r = api.request("POST", "/api/v1/import", body=big,
                        headers={"Content-Type": "application/json"})
        assert r.status == 200, r
        stranger = Client(srv, headers={"Authorization": "Bearer pace_" + "x" * 43})
        assert too_large(stranger, "POST", "/api/v1/import", big)
        visitor = Client(srv)
        ct, body = multipart([("csrf", "x"), ("file", "big.json", "application/json", big)])
        try:
            r = visitor.request("POST", ACTION, body=body, headers={"Content-Type": ct})
            assert r.status == 413, r
        except (BrokenPipeError, ConnectionResetError):
            pass
        # A small body from a visitor is simply asked to sign in.
        r = visitor.request("POST", ACTION, body=b"x=1",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status in (303, 400, 403), r
