"""test_community.py - the support community through its web forms: joining
with a handle (never an email), held first posts and "waiting for a
moderator", the moderators' queue with its age, flags and reasons,
approve / reject with a reason the author sees, comments, support, reports,
hiding, pausing a member, the moderation log, the edit window, links from new
members, markup made inert, and leaving with the choice for her posts."""

import re

import harness
from harness import Client, Server, browser_submit, register, run_pace


def member(srv, handle):
    c = Client(srv)
    email = register(c)
    r = browser_submit(c, "/community", "/community/join", {"handle": handle})
    assert r.status == 303 and r.header("Location") == "/community?done=joined", r
    return c, email


def moderator(srv, handle):
    c, email = member(srv, handle)
    p = run_pace("community", "moderator", "add", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    return c


def write(c, space, title, body):
    return browser_submit(c, f"/community/s/{space}", f"/community/s/{space}",
                          {"title": title, "body": body})


def post_id(r):
    m = re.match(r"/community/p/(\d+)", r.header("Location") or "")
    assert m, r
    return m.group(1)


def decide(mod, pid, action, reason=""):
    page = mod.get("/community/moderation")
    assert page.status == 200, page
    form = harness.page_form(page.text, f"/community/moderation/{pid}")
    return mod.post(f"/community/moderation/{pid}",
                    harness.fill_form(form, {"reason": reason}, ("action", action)))


def test_joining_takes_a_handle_never_an_email_and_is_off_by_default():
    with Server() as srv:
        c = Client(srv)
        register(c)
        page = c.get("/community")
        assert page.status == 200
        assert 'action="/community/join"' in page.text and "/community/s/" not in page.text
        # a space is not for someone who has not joined
        r = c.get("/community/s/starting-out")
        assert r.status == 303 and r.header("Location") == "/community"
        r = browser_submit(c, "/community", "/community/join", {"handle": "me@example.org"})
        assert r.status == 422 and "email" in r.text
        r = browser_submit(c, "/community", "/community/join", {"handle": "moderator"})
        assert r.status == 422
        r = browser_submit(c, "/community", "/community/join", {"handle": "quiet-fern"})
        assert r.status == 303
        page = c.get("/community").text
        assert "quiet-fern" in page and "Starting out" in page and "Small wins" in page
        other = Client(srv)
        register(other)
        r = browser_submit(other, "/community", "/community/join", {"handle": "Quiet-Fern"})
        assert r.status == 422 and "already has this name" in r.text
        # nobody signed in is sent to sign in
        assert Client(srv).get("/community").header("Location") == "/login"


def test_a_new_members_post_waits_for_a_moderator_who_approves_it_oldest_first():
    with Server() as srv:
        a, _ = member(srv, "river")
        b, _ = member(srv, "willow")
        mod = moderator(srv, "calm-mod")
        r = write(a, "starting-out", "First time here", "I tried for a *minute* today.")
        assert r.status == 303 and r.header("Location").endswith("?done=held"), r
        first = post_id(r)
        page = a.get(f"/community/p/{first}").text
        assert "Waiting for a moderator" in page and "<em>minute</em>" in page
        assert "Waiting for a moderator" in a.get("/community/s/starting-out").text
        # nobody else sees it yet
        assert b.get(f"/community/p/{first}").status == 404
        assert "First time here" not in b.get("/community/s/starting-out").text
        # a second one from another member, later
        second = post_id(write(b, "small-wins", "A small win", "I slept well before a session."))
        # the queue: oldest first, with its age, only for moderators
        assert b.get("/community/moderation").status == 404
        q = mod.get("/community/moderation").text
        assert q.index("First time here") < q.index("A small win")
        assert "Waiting for" in q and "Median wait" in q
        assert decide(mod, first, "approve").status == 303
        assert "First time here" in b.get("/community/s/starting-out").text
        assert b.get(f"/community/p/{first}").status == 200
        # rejecting needs a reason, which the author sees
        r = decide(mod, second, "reject")
        assert r.status == 422 and "reason" in r.text
        assert decide(mod, second, "reject", "Please leave out the name of your clinic.").status == 303
        page = b.get(f"/community/p/{second}").text
        assert "Not published" in page and "name of your clinic" in page
        assert a.get(f"/community/p/{second}").status == 404


def test_flags_name_their_rule_and_words_and_new_members_cannot_post_links():
    with Server() as srv:
        a, _ = member(srv, "sunny")
        mod = moderator(srv, "mod-two")
        r = write(a, "practice", "Tip", "Best set ever, see www.example-shop.com")
        assert r.status == 422 and "Links and contact details" in r.text
        r = write(a, "practice", "My secret",
                  "This changed my life!! DM me for the code CALM20, only 19 euros today.")
        pid = post_id(r)
        q = mod.get("/community/moderation").text
        assert f'id="q{pid}"' in q
        for label in ("Private messages", "Discount or offer", "Price"):
            assert label in q, label
        assert "CALM20" in q and "DM me" in q


def test_a_moderator_cannot_approve_her_own_post_and_members_cannot_decide():
    with Server() as srv:
        mod = moderator(srv, "mod-three")
        a, _ = member(srv, "fern")
        own = post_id(write(mod, "partners", "Mine", "Something of my own."))
        r = decide(mod, own, "approve")
        assert r.status == 403, r
        theirs = post_id(write(a, "partners", "Hers", "Something of hers."))
        token = harness.csrf(a.get("/community").text)
        r = a.post(f"/community/moderation/{theirs}", [("csrf", token), ("action", "approve")])
        assert r.status == 404
        assert a.get("/community/moderation/log").status == 404
        r = a.post("/community/moderation/suspend", [("csrf", token), ("handle", "mod-three"),
                                                    ("reason", "x")])
        assert r.status == 404


def test_comment_report_hide_and_the_log_shows_both_actions():
    with Server() as srv:
        run_pace("community", "set", "held-first", "1", "--data", srv.data)
        a, _ = member(srv, "aster")
        b, _ = member(srv, "birch")
        mod = moderator(srv, "mod-four")
        pid = post_id(write(a, "small-wins", "Ten minutes", "Ten calm minutes today."))
        decide(mod, pid, "approve")
        r = browser_submit(b, f"/community/p/{pid}", f"/community/p/{pid}/comments",
                           {"body": "Buy my course instead."})
        assert r.status == 303 and "comment-held" in r.header("Location"), r
        cid = re.search(r"#c(\d+)", r.header("Location")).group(1)
        decide(mod, cid, "approve")
        page = a.get(f"/community/p/{pid}").text
        assert "Buy my course instead." in page
        # support, then a report of the comment
        r = browser_submit(a, f"/community/p/{pid}", f"/community/p/{cid}/support")
        assert r.status == 303
        r = browser_submit(a, f"/community/p/{pid}", f"/community/p/{cid}/report",
                           {"reason": "Selling a course."})
        assert r.status == 303 and r.header("Location").endswith("done=reported")
        q = mod.get("/community/moderation").text
        assert "Reported" in q and "Selling a course." in q
        assert decide(mod, cid, "hide", "Advertising.").status == 303
        assert "Buy my course instead." not in a.get(f"/community/p/{pid}").text
        log = mod.get("/community/moderation/log").text
        assert "approved" in log and "hid" in log and "Advertising." in log
        # after one approval, birch's next post goes live at once
        r = write(b, "small-wins", "Thank you", "Thank you all for the kind words.")
        assert r.header("Location").endswith("?done=live"), r


def test_pausing_a_member_hides_her_content_at_once():
    with Server() as srv:
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        a, _ = member(srv, "holly")
        b, _ = member(srv, "ivy")
        mod = moderator(srv, "mod-five")
        pid = post_id(write(b, "practice", "Visible", "Visible for now."))
        assert "Visible" in a.get("/community/s/practice").text
        r = browser_submit(a, f"/community/p/{pid}", f"/community/p/{pid}/report",
                           {"reason": "Spam."})
        page = mod.get("/community/moderation").text
        form = harness.page_form(page, "/community/moderation/suspend")
        r = mod.post("/community/moderation/suspend", harness.fill_form(form, {"reason": "Spam."}))
        assert r.status == 303, r
        assert "Visible" not in a.get("/community/s/practice").text
        page = b.get("/community/s/practice").text
        assert "Write a post" not in page
        r = b.post("/community/s/practice", [("csrf", harness.csrf(page)), ("title", "Again"),
                                             ("body", "Again.")])
        assert r.status == 403 and "paused" in r.text
        assert "paused" in mod.get("/community/moderation/log").text


def test_markup_tricks_are_inert_and_enormous_posts_are_refused():
    with Server() as srv:
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        a, _ = member(srv, "juniper")
        body = ("<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n"
                "![x](http://example.org/a.png)\n\n# Big")
        pid = post_id(write(a, "practice", "Markup", body))
        page = a.get(f"/community/p/{pid}").text
        assert "<script>alert" not in page and "javascript:" not in page
        assert "<img" not in page and "<h1>Big" not in page
        r = write(a, "practice", "Long", "x" * 10001)
        assert r.status == 422
        r = write(a, "practice", "Deep", "".join("  " * i + "- a\n" for i in range(12)))
        assert r.status == 422 and "levels" in r.text


def test_leaving_keeps_posts_as_a_former_member_or_deletes_them():
    with Server() as srv:
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        a, _ = member(srv, "kept-one")
        b, _ = member(srv, "gone-one")
        reader, _ = member(srv, "reader")
        pa = post_id(write(a, "partners", "Stays", "This stays."))
        pb = post_id(write(b, "partners", "Goes", "This goes."))
        r = browser_submit(a, "/community/leave", "/community/leave", {"keep": "1"})
        assert r.status == 303
        page = reader.get(f"/community/p/{pa}").text
        assert "This stays." in page and "a former member" in page and "kept-one" not in page
        assert 'action="/community/join"' in a.get("/community").text
        r = browser_submit(b, "/community/leave", "/community/leave", {"keep": "0"})
        assert reader.get(f"/community/p/{pb}").status == 404


def test_the_edit_window_lets_her_change_her_post():
    with Server() as srv:
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        a, _ = member(srv, "laurel")
        b, _ = member(srv, "maple")
        pid = post_id(write(a, "practice", "Typo", "I ment this."))
        r = browser_submit(a, f"/community/p/{pid}/edit", f"/community/p/{pid}/edit",
                           {"body": "I meant this."})
        assert r.status == 303
        assert "I meant this." in b.get(f"/community/p/{pid}").text
        assert b.get(f"/community/p/{pid}/edit").status == 404
        token = harness.csrf(b.get("/community").text)
        r = b.post(f"/community/p/{pid}/edit", [("csrf", token), ("title", "Mine"),
                                                ("body", "Mine now")])
        assert r.status == 404


def test_pace_community_eval_prints_precision_and_recall_for_both_sets():
    p = run_pace("community", "eval")
    assert p.returncode == 0, p.stderr
    assert "dev: 260 posts" in p.stdout and "heldout: 84 posts" in p.stdout
    assert "any rule" in p.stdout and "precision" in p.stdout
    p = run_pace("community", "rules")
    assert p.returncode == 0 and "link_in" not in p.stdout and "duplicate" in p.stdout


def api_client(srv, email):
    p = run_pace("token", "create", "--email", email, "--data", srv.data)
    assert p.returncode == 0, p.stderr
    return Client(srv, headers={"Authorization": "Bearer " + p.stdout.strip()})


def test_the_api_joins_posts_and_moderates():
    with Server() as srv:
        c = Client(srv)
        api = api_client(srv, register(c))
        assert api.get("/api/v1/community/me").status == 404
        r = api.post_json("/api/v1/community/join", {"handle": "api-member"})
        assert r.status == 201, r
        spaces = api.get("/api/v1/community/spaces").json()["items"]
        assert [s["slug"] for s in spaces][:2] == ["starting-out", "practice"]
        r = api.post_json("/api/v1/community/spaces/practice/posts",
                          {"title": "Hi", "body": "DM me for the code CALM20"})
        assert r.status == 201 and r.json()["status"] == "held", r
        pid = r.json()["id"]
        mod_email = harness.new_email()
        mc = Client(srv)
        register(mc, mod_email)
        mc.post("/community/join", [("csrf", mc.csrf_for("/community")), ("handle", "api-mod2")])
        run_pace("community", "moderator", "add", "--email", mod_email, "--data", srv.data)
        mod = api_client(srv, mod_email)
        q = mod.get("/api/v1/community/moderation/queue").json()
        item = [i for i in q["items"] if i["id"] == pid][0]
        rules = {f["rule"] for f in item["flags"]}
        assert {"private_message", "discount"} <= rules and item["waiting_s"] >= 0
        assert api.get("/api/v1/community/moderation/queue").status == 404
        r = mod.post_json(f"/api/v1/community/moderation/posts/{pid}", {"action": "reject"})
        assert r.status == 422
        r = mod.post_json(f"/api/v1/community/moderation/posts/{pid}",
                          {"action": "reject", "reason": "Advertising."})
        assert r.status == 204, r
        got = api.get(f"/api/v1/community/posts/{pid}").json()
        assert got["status"] == "rejected" and got["reason"] == "Advertising."
        log = mod.get("/api/v1/community/moderation/log").json()["items"]
        assert log[0]["action"] == "reject" and log[0]["member"] == "api-member"
        assert api.post_json("/api/v1/community/leave", {"keep": False}).status == 204
        assert api.get(f"/api/v1/community/posts/{pid}").status == 403  # join first
        assert mod.get(f"/api/v1/community/posts/{pid}").status == 404


def test_limits_per_member_on_posts_and_reports():
    with Server() as srv:
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        a, _ = member(srv, "busy-bee")
        b, _ = member(srv, "other-bee")
        for i in range(5):
            assert write(a, "practice", f"Post {i}", f"Number {i} of today.").status == 303
        r = write(a, "practice", "One more", "One more.")
        assert r.status == 429 and "break" in r.text
        pid = post_id(write(b, "practice", "Hers", "Something."))
        token = harness.csrf(a.get("/community").text)
        for i in range(10):
            r = a.post(f"/community/p/{pid}/report", [("csrf", token), ("reason", f"r{i}")])
            assert r.status == 303, r
        r = a.post(f"/community/p/{pid}/report", [("csrf", token), ("reason", "again")])
        assert r.status == 429


def erase(c, changes):
    form = harness.page_form(c.get("/settings/data").text, "/settings/data/erase#er-h")
    return c.post("/settings/data/erase", harness.fill_form(form, changes))


def test_erasing_her_account_honours_her_choice_for_her_posts():
    with Server() as srv:
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        reader, _ = member(srv, "reader-two")
        kept, _ = member(srv, "keeps-posts")
        gone, _ = member(srv, "erases-all")
        pk = post_id(write(kept, "small-wins", "Kept", "This one stays."))
        pg = post_id(write(gone, "small-wins", "Gone", "This one goes."))
        r = erase(kept, {"community": "keep", "password": harness.PASSWORD})
        assert r.status == 200, r
        assert kept.get("/community").header("Location") == "/login"
        r = erase(gone, {"password": harness.PASSWORD})  # the default: delete
        assert r.status == 200
        page = reader.get(f"/community/p/{pk}").text
        assert "This one stays." in page and "a former member" in page
        assert "keeps-posts" not in page
        assert reader.get(f"/community/p/{pg}").status == 404
        # the handles are free again
        c = Client(srv)
        register(c)
        r = browser_submit(c, "/community", "/community/join", {"handle": "keeps-posts"})
        assert r.status == 303


def test_the_same_text_from_two_accounts_and_an_operator_brand_are_flagged():
    with Server() as srv:
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        p = run_pace("community", "brand", "add", "Calmora", "--data", srv.data)
        assert p.returncode == 0, p.stderr
        assert "Calmora" in run_pace("community", "brand", "list", "--data", srv.data).stdout
        a, _ = member(srv, "first-one")
        b, _ = member(srv, "second-one")
        mod = moderator(srv, "mod-six")
        text = "I finally feel ready for the next size after many quiet weeks of practice."
        assert write(a, "practice", "Ready", text).header("Location").endswith("done=live")
        r = write(b, "practice", "Ready too", text)
        assert r.header("Location").endswith("done=held"), r
        r = write(a, "practice", "Calmora", "Calmora is the best, truly amazing.")
        assert r.header("Location").endswith("done=held"), r
        q = mod.get("/community/moderation").text
        assert "Same text from several accounts" in q
        assert "Brand with praise" in q and "Calmora" in q


def test_a_moderator_changes_the_text_with_a_reason_and_spaces_follow_their_language():
    with Server() as srv:
        p = run_pace("community", "space", "add", "nur-deutsch", "--name", "Auf Deutsch",
                     "--lang", "de", "--approval", "all", "--data", srv.data)
        assert p.returncode == 0, p.stderr
        assert "nur-deutsch" in run_pace("community", "space", "list", "--data", srv.data).stdout
        assert run_pace("community", "space", "add", "Bad Slug", "--name", "x",
                        "--data", srv.data).returncode != 0
        a, _ = member(srv, "writer")
        mod = moderator(srv, "mod-seven")
        assert "Auf Deutsch" not in a.get("/community").text
        run_pace("community", "set", "held-first", "0", "--data", srv.data)
        pid = post_id(write(a, "practice", "Call me", "Call me at 0151 2345 6789 any time."))
        page = mod.get("/community/moderation").text
        form = harness.page_form(page, f"/community/moderation/{pid}/edit")
        r = mod.post(f"/community/moderation/{pid}/edit",
                     harness.fill_form(form, {"body": "Call me any time."}))
        assert r.status == 422 and "reason" in r.text
        r = mod.post(f"/community/moderation/{pid}/edit", harness.fill_form(
            form, {"body": "Any time.", "reason": "Phone number taken out."}))
        assert r.status == 303, r
        assert "Any time." in a.get(f"/community/p/{pid}").text
        log = mod.get("/community/moderation/log").text
        assert "changed" in log and "Phone number taken out." in log
        # a space that asks for approval holds even an approved member's post
        r = write(a, "nur-deutsch", "Hallo", "Hallo zusammen.")
        assert r.header("Location").endswith("done=held"), r


def test_joins_from_one_address_are_limited_and_the_refusal_says_joined():
    with Server() as srv:
        c = Client(srv)
        taker = api_client(srv, register(c))
        assert taker.post_json("/api/v1/community/join", {"handle": "first-here"}).status == 201
        other = api_client(srv, register(Client(srv)))
        # probing for taken handles counts too: 20 joins an hour per address
        for _ in range(19):
            r = other.post_json("/api/v1/community/join", {"handle": "First-Here"})
            assert r.status == 409, r
        r = other.post_json("/api/v1/community/join", {"handle": "free-name"})
        assert r.status == 429, r
        assert "joined from this network" in r.json()["error"], r.json()


def test_a_handle_is_found_by_its_index_whatever_its_case():
    """The lookup of a handle (lower() on both sides) reads an index, not
    every member: on SQLite the query plan names the index on lower(handle),
    on PostgreSQL the index exists and the planner uses it when scans are
    discouraged. Either way the lookup ignores case."""
    with Server() as srv:
        member(srv, "Quiet_Fern")
        other = Client(srv)
        register(other)
        r = browser_submit(other, "/community", "/community/join", {"handle": "quiet_FERN"})
        assert r.status == 422, r
        query = ("SELECT id FROM community_members WHERE lower(handle) = lower('quiet_fern')")
        if harness.PG_URL:
            names = harness.db_query(srv.data, "SELECT indexdef FROM pg_indexes WHERE "
                                     "tablename = 'community_members'")
            assert any("lower(handle)" in n[0] for n in names), names
            plan = harness.db_query(srv.data, "SET enable_seqscan = off; EXPLAIN " + query)
            assert any("community_members_handle" in row[0] for row in plan), plan
        else:
            plan = harness.db_query(srv.data, "EXPLAIN QUERY PLAN " + query)
            detail = " ".join(row[-1] for row in plan)
            assert "USING INDEX community_members_handle_lower" in detail \
                or "USING COVERING INDEX community_members_handle_lower" in detail, plan
